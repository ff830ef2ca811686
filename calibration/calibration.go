// Package calibration measures whether stated confidences mean what they
// say: of the predictions stated at 0.9, about 9 in 10 should be right.
// Chartroom's thresholds (file automatically above 0.95, review below) are
// only safe when they are, so the type model's cross-validation and
// chartroom eval both report it with these bins.
package calibration

import (
	"fmt"
	"io"
	"math"
)

// Bin is one reliability bin: of the N predictions whose stated confidence
// fell in [Lo, Hi), Correct were right; a calibrated model has
// Correct/N ≈ MeanConfidence.
type Bin struct {
	Lo, Hi         float64
	N, Correct     int
	MeanConfidence float64
}

// Observed is the fraction of the bin's predictions that were right.
func (b Bin) Observed() float64 {
	if b.N == 0 {
		return 0
	}
	return float64(b.Correct) / float64(b.N)
}

// Edges are the lower bounds of the default bins: finer near 1, where the
// filing thresholds are.
var Edges = []float64{0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99}

// Table collects predictions into bins.
type Table struct{ Bins []Bin }

// New returns an empty table with bins starting at edges (Edges if none).
func New(edges ...float64) *Table {
	if len(edges) == 0 {
		edges = Edges
	}
	t := &Table{}
	for i, lo := range edges {
		hi := 1.0000001 // the last bin includes a stated 1.0
		if i+1 < len(edges) {
			hi = edges[i+1]
		}
		t.Bins = append(t.Bins, Bin{Lo: lo, Hi: hi})
	}
	return t
}

// Add records one prediction stated at conf that was or was not right.
func (t *Table) Add(conf float64, correct bool) {
	for i := range t.Bins {
		b := &t.Bins[i]
		if conf >= b.Lo && conf < b.Hi {
			b.MeanConfidence = (b.MeanConfidence*float64(b.N) + conf) / float64(b.N+1)
			b.N++
			if correct {
				b.Correct++
			}
			return
		}
	}
}

// N is the number of predictions recorded.
func (t *Table) N() int {
	n := 0
	for _, b := range t.Bins {
		n += b.N
	}
	return n
}

// ECE is the expected calibration error: the gap between stated and
// observed in each bin, weighted by the bin's share of predictions.
func (t *Table) ECE() float64 {
	n := t.N()
	if n == 0 {
		return 0
	}
	e := 0.0
	for _, b := range t.Bins {
		if b.N > 0 {
			e += float64(b.N) / float64(n) * math.Abs(b.MeanConfidence-b.Observed())
		}
	}
	return e
}

// Print writes the non-empty bins, one line each, and the ECE.
func (t *Table) Print(w io.Writer, indent string) {
	for _, b := range t.Bins {
		if b.N == 0 {
			continue
		}
		fmt.Fprintf(w, "%s[%.2f, %.2f)  n=%-4d stated %.3f  observed %.3f\n", indent, b.Lo, math.Min(b.Hi, 1), b.N, b.MeanConfidence, b.Observed())
	}
	fmt.Fprintf(w, "%sexpected calibration error %.3f (n=%d)\n", indent, t.ECE(), t.N())
}
