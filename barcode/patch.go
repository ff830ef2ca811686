package barcode

import (
	"image"

	"github.com/chartroom/chartroom/chart"
)

// Patch codes are the separator marks of document scanners: four bars,
// two 0.2 inch wide and two 0.08 inch wide, 0.08 inch apart, at least 2
// inches long. Patch 2 (wide, narrow, narrow, wide) marks the start of a
// new document. It is the only patch read here: it is symmetric, so it
// reads the same on a page fed upside down, whereas Patch 3 and Patch T
// (and 1 and 6) are each other's mirror images and cannot be told apart
// without knowing which way up the page is.

// readPatch looks for Patch 2 bars crossing the crop's rows.
func (c *crop) readPatch(inv bool) []chart.Barcode {
	in := float64(c.dpi)
	wide, narrow := 0.2*in, 0.08*in
	tolW, tolN := 0.04*in, 0.03*in
	near := func(v int, want, tol float64) bool {
		return float64(v) >= want-tol && float64(v) <= want+tol
	}
	type run struct {
		x0, x1 int
		dark   bool
	}
	var runs []run
	var hits []image.Rectangle // one per row: x span, y row
	step := max(2, c.dpi/30)
	for y := 0; y < c.h; y += step {
		row := c.buf[y*c.w : (y+1)*c.w]
		runs = runs[:0]
		for x := 0; x < c.w; {
			d := (int(row[x]) < c.thr) != inv
			e := x + 1
			for e < c.w && ((int(row[e]) < c.thr) != inv) == d {
				e++
			}
			runs = append(runs, run{x, e, d})
			x = e
		}
		for i := 0; i+6 < len(runs); i++ {
			if !runs[i].dark {
				continue
			}
			w := func(k int) int { return runs[i+k].x1 - runs[i+k].x0 }
			if !near(w(0), wide, tolW) || !near(w(6), wide, tolW) ||
				!near(w(2), narrow, tolN) || !near(w(4), narrow, tolN) ||
				!near(w(1), narrow, tolN) || !near(w(3), narrow, tolN) || !near(w(5), narrow, tolN) {
				continue
			}
			// Quiet zones: light on both sides, at least a narrow bar
			// wide or up to the edge of the crop.
			if i > 0 && float64(runs[i-1].x1-runs[i-1].x0) < narrow && runs[i-1].x0 > 0 {
				continue
			}
			if i+7 < len(runs) && float64(runs[i+7].x1-runs[i+7].x0) < narrow && runs[i+7].x1 < c.w {
				continue
			}
			hits = append(hits, image.Rect(runs[i].x0, y, runs[i+6].x1, y+1))
		}
	}
	// Group rows into bars: overlapping spans, no long vertical gaps.
	var out []chart.Barcode
	used := make([]bool, len(hits))
	for i := range hits {
		if used[i] {
			continue
		}
		used[i] = true
		box, n := hits[i], 1
		for j := i + 1; j < len(hits); j++ {
			if used[j] || hits[j].Min.Y-box.Max.Y > 4*step || !hits[j].Overlaps(image.Rect(box.Min.X, hits[j].Min.Y, box.Max.X, hits[j].Max.Y)) {
				continue
			}
			used[j] = true
			box = box.Union(hits[j])
			n++
		}
		// Bars are at least 2 inches long; accept 0.75 inch of clean
		// rows.
		if float64(box.Dy()) >= 0.75*in && n*step*2 >= box.Dy() {
			out = append(out, chart.Barcode{Format: PatchCode, Text: "2", Box: box})
		}
	}
	return out
}
