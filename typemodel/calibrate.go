package typemodel

import (
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/chartroom/chartroom/calibration"
)

// calibrate picks the length power, scale and hint weights that give the
// held-out predictions the lowest log loss, by coordinate descent: each
// parameter in turn is set to the best value on its grid with the others
// fixed, three rounds, then the scale once more on a finer grid. The loss is
// smooth in each of them.
func calibrate(classes []string, samples []sample, held []rawScore, withHint bool) (power, scale, weak, strong float64) {
	hints := hintIndexes(classes, samples)
	p := make([]float64, len(classes))
	loss := func(pw, s, hw, shw float64) float64 {
		l := 0.0
		for i, smp := range samples {
			w := hw
			if smp.hint.Strong {
				w = shw
			}
			probs(held[i], hints[i], pw, s, w, p)
			l -= math.Log(math.Max(p[smp.class], 1e-12))
		}
		return l
	}
	logScale := 0.0
	best := func(grid []float64, set func(float64)) {
		bl, bv := math.Inf(1), grid[0]
		for _, v := range grid {
			set(v)
			if l := loss(power, math.Pow(10, logScale), weak, strong); l < bl {
				bl, bv = l, v
			}
		}
		set(bv)
	}
	power = 0.5
	for range 3 {
		best(steps(0, 1, 0.25), func(v float64) { power = v })
		best(steps(-3, 2, 0.1), func(v float64) { logScale = v })
		if withHint {
			best(steps(0, 10, 0.5), func(v float64) { weak = v })
			best(steps(0, 10, 0.5), func(v float64) { strong = v })
		}
	}
	best(steps(logScale-0.1, logScale+0.1, 0.01), func(v float64) { logScale = v })
	return power, math.Pow(10, logScale), weak, strong
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
		if j, ok := idx[s.hint.Code]; ok && s.hint.Code != "" {
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
	// Styles holds the held-out predictions of the grouped examples
	// (each style group predicted by a model that saw no grouped
	// example): how the model does on writing unlike the corpus's main
	// body.
	Styles StyleReport
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
		probs(held[i], hints[i], m.LengthPower, m.Scale, m.hintWeight(s.hint), p)
		floorStrong(p, hints[i], s.hint.Strong, m.StrongHintAccuracy)
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
		if s.grouped {
			st := &r.Styles
			if st.PerGroup == nil {
				st.PerGroup = map[string][2]int{}
				st.tab = calibration.New()
			}
			g := st.PerGroup[s.group]
			g[1]++
			st.N++
			if right {
				g[0]++
				st.Correct++
			}
			st.PerGroup[s.group] = g
			st.tab.Add(p[top], right)
		}
		r.N++
		r.LogLoss -= math.Log(math.Max(p[s.class], 1e-12))
		tab.Add(p[top], right)
	}
	if r.N > 0 {
		r.LogLoss /= float64(r.N)
	}
	r.Bins, r.ECE = tab.Bins, tab.ECE()
	if r.Styles.tab != nil {
		r.Styles.ECE = r.Styles.tab.ECE()
	}
	return r
}

// StyleReport is how the model did on the grouped examples, each held
// out with every other grouped example.
type StyleReport struct {
	N, Correct int
	ECE        float64
	PerGroup   map[string][2]int // group → {right, total}
	tab        *calibration.Table
}

// Accuracy is the share of the grouped examples' held-out predictions
// whose top class was right.
func (r StyleReport) Accuracy() float64 {
	if r.N == 0 {
		return 0
	}
	return float64(r.Correct) / float64(r.N)
}

// Describe writes the model's training summary, calibration and
// cross-validation figures.
func (m *Model) Describe(w io.Writer) {
	i := m.Info
	fmt.Fprintf(w, "type model %s: %d examples, %d types, %d features\n", i.ID, i.Examples, len(i.PerClass), i.Features)
	fmt.Fprintf(w, "calibrated: length power %.2f, scale %.3f, title hint weight %.2f (weak) %.2f (strong); strong titles right %.3f\n",
		m.LengthPower, m.Scale, m.HintWeight, m.StrongHintWeight, m.StrongHintAccuracy)
	r := i.CV
	fmt.Fprintf(w, "cross-validated (each example clean and OCR-garbled, n=%d): accuracy %.3f, log loss %.3f\n", r.N, r.Accuracy(), r.LogLoss)
	fmt.Fprintf(w, "calibration of the top type's probability (stated → observed):\n")
	tab := calibration.Table{Bins: r.Bins}
	tab.Print(w, "  ")
	if st := r.Styles; st.N > 0 {
		var groups []string
		for g := range st.PerGroup {
			groups = append(groups, g)
		}
		sort.Strings(groups)
		fmt.Fprintf(w, "style groups held out whole (n=%d): accuracy %.3f, expected calibration error %.3f;", st.N, st.Accuracy(), st.ECE)
		for _, g := range groups {
			fmt.Fprintf(w, " %s %d/%d", g, st.PerGroup[g][0], st.PerGroup[g][1])
		}
		fmt.Fprintln(w)
	}
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
