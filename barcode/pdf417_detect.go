package barcode

import (
	"math"
	"sort"
)

// Finding a PDF417 symbol in a crop. Every PDF417 row begins with the
// same start pattern (bar and space widths 8 1 1 1 1 1 1 3 modules) and
// ends with the same stop pattern (7 1 1 3 1 1 1 2 1), so scan lines
// across the symbol find them stacked one above the other: two nearly
// vertical chains of hits, the symbol's left and right edges. Upside down
// the patterns read reversed; light on dark they are runs of light. This
// is simpler than ZXing's detector (which follows the patterns from the
// corners and copes with any rotation) and enough for scanned pages,
// where a symbol is at most a few degrees off square, or turned 180°.

// pdfHit is a start or stop pattern found on one scan line.
type pdfHit struct {
	y      int
	edge   float64 // the symbol's outer edge: the left of a start pattern, the right of a stop pattern
	module float64 // pattern width / its modules
}

// pdfScan holds the patterns found in a crop, indexed by polarity (0: dark
// ink, 1: light ink).
type pdfScan struct {
	start, stop, startRev, stopRev [2][]pdfHit
}

var (
	pdfStartPattern   = []int{8, 1, 1, 1, 1, 1, 1, 3}
	pdfStopPattern    = []int{7, 1, 1, 3, 1, 1, 1, 2, 1}
	pdfStartReversed  = []int{3, 1, 1, 1, 1, 1, 1, 8}
	pdfStopReversed   = []int{1, 2, 1, 1, 1, 3, 1, 1, 7}
	pdfScanStep       = 2 // scan every second row
	pdfMinChain       = 4 // hits in an edge
	pdfMaxIndividual  = 0.8
	pdfMaxAvgVariance = 0.42
)

// scanPDF417 runs along every second row of the crop once, thresholded at
// its Otsu level, and records the start and stop patterns of both
// polarities and both orientations.
func (c *crop) scanPDF417() *pdfScan {
	s := &pdfScan{}
	var runs, xs []int
	for y := 0; y < c.h; y += pdfScanStep {
		runs, xs = c.rowRuns(y, runs[:0], xs[:0])
		firstDark := int(c.buf[y*c.w]) < c.thr
		for i := range runs {
			pol := 0
			if (i%2 == 0) != firstDark {
				pol = 1 // run i is light: a bar of light-on-dark ink
			}
			s.matchAt(pol, y, runs, xs, i)
		}
	}
	return s
}

// rowRuns appends the lengths and start positions of the same-colour runs
// of row y.
func (c *crop) rowRuns(y int, runs, xs []int) ([]int, []int) {
	row := c.buf[y*c.w : (y+1)*c.w]
	start := 0
	prev := int(row[0]) < c.thr
	for x := 1; x < len(row); x++ {
		if d := int(row[x]) < c.thr; d != prev {
			runs, xs = append(runs, x-start), append(xs, start)
			start, prev = x, d
		}
	}
	return append(runs, len(row)-start), append(xs, start)
}

// matchAt checks the runs starting at run i, a bar of polarity pol,
// against the four patterns.
func (s *pdfScan) matchAt(pol, y int, runs, xs []int, i int) {
	end := func(j int) float64 { return float64(xs[j] + runs[j]) }
	// Each pattern has a wide bar (7 or 8 modules) next to a narrow run;
	// checking that first skips nearly every run of ordinary print.
	wide := func(j, k int) bool { return runs[j] >= 3*runs[k] }
	if i+8 <= len(runs) {
		if wide(i, i+1) {
			if m, ok := pdfMatch(runs[i:i+8], pdfStartPattern); ok {
				s.start[pol] = append(s.start[pol], pdfHit{y, float64(xs[i]), m})
			}
		}
		// Reversed, the start pattern begins with its last run, a space:
		// it belongs to the other polarity.
		if wide(i+7, i+6) {
			if m, ok := pdfMatch(runs[i:i+8], pdfStartReversed); ok {
				s.startRev[1-pol] = append(s.startRev[1-pol], pdfHit{y, end(i + 7), m})
			}
		}
	}
	if i+9 <= len(runs) {
		if wide(i, i+1) {
			if m, ok := pdfMatch(runs[i:i+9], pdfStopPattern); ok {
				s.stop[pol] = append(s.stop[pol], pdfHit{y, end(i + 8), m})
			}
		}
		if wide(i+8, i+7) {
			if m, ok := pdfMatch(runs[i:i+9], pdfStopReversed); ok {
				s.stopRev[pol] = append(s.stopRev[pol], pdfHit{y, float64(xs[i]), m})
			}
		}
	}
}

// pdfMatch compares runs with a pattern of module widths the way ZXing's
// detector does: no run off by more than 0.8 module, and on average less
// than 0.42. It returns the module width.
func pdfMatch(runs, pat []int) (float64, bool) {
	total, mods := 0, 0
	for i, r := range runs {
		total += r
		mods += pat[i]
	}
	unit := float64(total) / float64(mods)
	if unit < 1 {
		return 0, false
	}
	maxDev := pdfMaxIndividual * unit
	sum := 0.0
	for i, r := range runs {
		d := math.Abs(float64(r) - float64(pat[i])*unit)
		if d > maxDev {
			return 0, false
		}
		sum += d
	}
	return unit, sum/float64(total) < pdfMaxAvgVariance
}

// pdfEdge is a fitted symbol edge: x = a + b*y for y0 <= y <= y1.
type pdfEdge struct {
	a, b, y0, y1 float64
	module       float64 // median module width of its patterns
	n            int     // hits
}

func (e pdfEdge) x(y float64) float64 { return e.a + e.b*y }

// pdfChains groups hits into chains that lie on one nearly vertical line
// (a skew of up to about 6°), allowing gaps of a few rows where noise
// spoiled the pattern, and returns them longest first.
func pdfChains(hits []pdfHit) [][]pdfHit {
	var chains [][]pdfHit
	for _, h := range hits {
		best, bestD := -1, math.Inf(1)
		for i, ch := range chains {
			last := ch[len(ch)-1]
			dy := float64(h.y - last.y)
			if dy <= 0 || dy > math.Max(16, 10*last.module) {
				continue
			}
			if r := h.module / last.module; r < 0.7 || r > 1.4 {
				continue
			}
			d := math.Abs(h.edge - last.edge)
			if d <= 0.1*dy+1.5*last.module+1 && d < bestD {
				best, bestD = i, d
			}
		}
		if best < 0 {
			chains = append(chains, []pdfHit{h})
		} else {
			chains[best] = append(chains[best], h)
		}
	}
	sort.SliceStable(chains, func(i, j int) bool { return len(chains[i]) > len(chains[j]) })
	return chains
}

// pdfFitEdge fits a line through a chain by least squares, drops hits
// more than a module off it and fits again.
func pdfFitEdge(ch []pdfHit) (pdfEdge, bool) {
	if len(ch) < pdfMinChain {
		return pdfEdge{}, false
	}
	mods := make([]float64, len(ch))
	for i, h := range ch {
		mods[i] = h.module
	}
	sort.Float64s(mods)
	e := pdfEdge{module: mods[len(mods)/2]}
	keep := ch
	for pass := 0; pass < 2; pass++ {
		var sy, sx, syy, sxy float64
		for _, h := range keep {
			y := float64(h.y)
			sy, sx, syy, sxy = sy+y, sx+h.edge, syy+y*y, sxy+y*h.edge
		}
		n := float64(len(keep))
		den := n*syy - sy*sy
		if den == 0 {
			return pdfEdge{}, false
		}
		e.b = (n*sxy - sy*sx) / den
		e.a = (sx - e.b*sy) / n
		if pass == 1 {
			break
		}
		var in []pdfHit
		for _, h := range keep {
			if math.Abs(h.edge-e.x(float64(h.y))) <= math.Max(1.5, e.module) {
				in = append(in, h)
			}
		}
		if len(in) < pdfMinChain {
			return pdfEdge{}, false
		}
		keep = in
	}
	e.n = len(keep)
	e.y0, e.y1 = float64(keep[0].y), float64(keep[len(keep)-1].y)
	// Skews beyond about 10° are not looked for.
	return e, math.Abs(e.b) < 0.18
}

// pdfGeom is a symbol located in a crop: its left edge (outside of the
// start patterns) and right edge (outside of the stop patterns), and the
// module width.
type pdfGeom struct {
	left, right pdfEdge
	module      float64
}

// pdfPair picks the left and right edges of a symbol from start and stop
// hits: the longest chains that face each other at a plausible distance,
// roughly parallel and at heights that agree with their slope.
func pdfPair(starts, stops []pdfHit) (pdfGeom, bool) {
	lcs, rcs := pdfChains(starts), pdfChains(stops)
	for i := 0; i < len(lcs) && i < 3; i++ {
		l, ok := pdfFitEdge(lcs[i])
		if !ok {
			continue
		}
		for j := 0; j < len(rcs) && j < 3; j++ {
			r, ok := pdfFitEdge(rcs[j])
			if ok && pdfFacing(l, r) {
				g := pdfGeom{left: l, right: r, module: (l.module + r.module) / 2}
				g.alignEnds()
				return g, true
			}
		}
	}
	return pdfGeom{}, false
}

// pdfFacing reports whether a left and a right edge can bound one symbol:
// similar modules, nearly parallel, at least one data column apart, and
// the right edge's middle about where the rows, perpendicular to the
// edges, lead from the left edge's middle (a symbol skewed by θ has its
// right edge higher or lower by its width times tan θ).
func pdfFacing(l, r pdfEdge) bool {
	if ratio := r.module / l.module; ratio < 0.7 || ratio > 1.4 {
		return false
	}
	if math.Abs(l.b-r.b) > 0.06 {
		return false
	}
	lm, rm := (l.y0+l.y1)/2, (r.y0+r.y1)/2
	width := r.x(rm) - l.x(lm)
	if width < 0.8*86*l.module {
		return false
	}
	b := (l.b + r.b) / 2
	height := math.Max(l.y1-l.y0, r.y1-r.y0)
	return math.Abs(rm-(lm-b*width)) <= 0.5*height+2*l.module
}

// alignEnds extends each edge's ends to match the other's, following the
// rows: noise can hide a row's start or stop pattern, and both edges must
// cover the same rows for a line between them to follow one.
func (g *pdfGeom) alignEnds() {
	b := (g.left.b + g.right.b) / 2
	width := g.right.x((g.right.y0+g.right.y1)/2) - g.left.x((g.left.y0+g.left.y1)/2)
	shift := -b * width // right edge y = left edge y + shift
	y0 := math.Min(g.left.y0, g.right.y0-shift)
	y1 := math.Max(g.left.y1, g.right.y1-shift)
	g.left.y0, g.left.y1 = y0, y1
	g.right.y0, g.right.y1 = y0+shift, y1+shift
}

// at returns the points of the left and right edges at fraction t of
// their heights (0 top, 1 bottom): the ends of a line along a row.
func (g *pdfGeom) at(t float64) (lx, ly, rx, ry float64) {
	ly = g.left.y0 + t*(g.left.y1-g.left.y0)
	ry = g.right.y0 + t*(g.right.y1-g.right.y0)
	return g.left.x(ly), ly, g.right.x(ry), ry
}
