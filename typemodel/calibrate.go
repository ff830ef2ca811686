package typemodel

import (
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/chartroom/chartroom/calibration"
)

// calibrate picks the length power, scale and hint weight that give the
// held-out predictions the lowest log loss: a coarse grid, then a finer
// one around its best point. The loss is smooth in each of the three.
func calibrate(classes []string, samples []sample, held []rawScore, withHint bool) (power, scale, hintWeight float64) {
	hints := hintIndexes(classes, samples)
	p := make([]float64, len(classes))
	loss := func(pw, s, hw float64) float64 {
		l := 0.0
		for i, smp := range samples {
			probs(held[i], hints[i], pw, s, hw, p)
			l -= math.Log(math.Max(p[smp.class], 1e-12))
		}
		return l
	}
	search := func(pws, logScales, hws []float64) {
		best := math.Inf(1)
		for _, pw := range pws {
			for _, ls := range logScales {
				for _, hw := range hws {
					if l := loss(pw, math.Pow(10, ls), hw); l < best {
						best, power, scale, hintWeight = l, pw, math.Pow(10, ls), hw
					}
				}
			}
		}
	}
	hws := []float64{0}
	if withHint {
		hws = steps(0, 8, 1)
	}
	search([]float64{0, 0.25, 0.5, 0.75, 1}, steps(-3, 2, 0.25), hws)
	ls := math.Log10(scale)
	if withHint {
		hws = steps(math.Max(0, hintWeight-1), hintWeight+1, 0.25)
	}
	search([]float64{power}, steps(ls-0.25, ls+0.25, 0.025), hws)
	return power, scale, hintWeight
}

// steps returns lo, lo+step, ... up to hi.
func steps(lo, hi, step float64) []float64 {
	var out []float64
	for i := 0; lo+float64(i)*step <= hi+1e-9; i++ {
		out = append(out, lo+float64(i)*step)
	}
	return out
}

func hintIndexes(classes []string, samples []sample) []int {
	idx := map[string]int{}
	for i, c := range classes {
		idx[c] = i
	}
	out := make([]int, len(samples))
	for i, s := range samples {
		out[i] = -1
		if j, ok := idx[s.hint]; ok && s.hint != "" {
			out[i] = j
		}
	}
	return out
}

// Report is how a model did on examples it was not trained on.
type Report struct {
	N        int     // held-out predictions (each example, clean and noisy)
	Correct  int     // top class right
	LogLoss  float64 // mean negative log probability of the true class
	Bins     []calibration.Bin
	ECE      float64
	PerClass map[string][2]int // class → {right, total}
	// Confusion counts truth → predicted for the wrong predictions.
	Confusion map[string]map[string]int
}

// Accuracy is the share of held-out predictions whose top class was right.
func (r Report) Accuracy() float64 {
	if r.N == 0 {
		return 0
	}
	return float64(r.Correct) / float64(r.N)
}

func (m *Model) report(samples []sample, held []rawScore) Report {
	hints := hintIndexes(m.Classes, samples)
	r := Report{PerClass: map[string][2]int{}, Confusion: map[string]map[string]int{}}
	tab := calibration.New()
	p := make([]float64, len(m.Classes))
	for i, s := range samples {
		probs(held[i], hints[i], m.LengthPower, m.Scale, m.HintWeight, p)
		top := 0
		for c := range p {
			if p[c] > p[top] {
				top = c
			}
		}
		right := top == s.class
		truth := m.Classes[s.class]
		pc := r.PerClass[truth]
		pc[1]++
		if right {
			pc[0]++
			r.Correct++
		} else {
			if r.Confusion[truth] == nil {
				r.Confusion[truth] = map[string]int{}
			}
			r.Confusion[truth][m.Classes[top]]++
		}
		r.PerClass[truth] = pc
		r.N++
		r.LogLoss -= math.Log(math.Max(p[s.class], 1e-12))
		tab.Add(p[top], right)
	}
	if r.N > 0 {
		r.LogLoss /= float64(r.N)
	}
	r.Bins, r.ECE = tab.Bins, tab.ECE()
	return r
}

// Print writes the model's training summary and cross-validation figures.
func (i Info) Print(w io.Writer) {
	fmt.Fprintf(w, "type model %s: %d examples, %d types, %d features\n", i.ID, i.Examples, len(i.PerClass), i.Features)
	r := i.CV
	fmt.Fprintf(w, "cross-validated (each example clean and OCR-garbled, n=%d): accuracy %.3f, log loss %.3f\n", r.N, r.Accuracy(), r.LogLoss)
	fmt.Fprintf(w, "calibration of the top type's probability (stated → observed):\n")
	tab := calibration.Table{Bins: r.Bins}
	tab.Print(w, "  ")
	var classes []string
	for c := range r.PerClass {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	fmt.Fprintf(w, "per type (examples, held-out right/total, mistaken for):\n")
	for _, c := range classes {
		pc := r.PerClass[c]
		var wrong []string
		for p, n := range r.Confusion[c] {
			wrong = append(wrong, fmt.Sprintf("%s×%d", p, n))
		}
		sort.Strings(wrong)
		fmt.Fprintf(w, "  %-10s %3d  %3d/%-3d %v\n", c, i.PerClass[c], pc[0], pc[1], wrong)
	}
}
