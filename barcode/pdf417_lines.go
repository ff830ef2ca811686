package barcode

import (
	"math"
	"sort"
)

// Lines sampled across a located PDF417 symbol, and the codewords read
// along them.

// pdfLine is one line sampled across the symbol.
type pdfLine struct {
	t      float64   // where it lies: 0 at the top of the edges, 1 at the bottom
	edges  []float64 // colour changes, in pixels from the line's start
	rising []bool    // whether ink begins at each edge
	s0, s1 float64   // the symbol's left and right edges on the line
	spread float64   // how much wider bars print (and spaces narrower), pixels
}

// pdfLines samples lines along the rows, about two per module of height,
// from a little above the top of the edges to a little below their
// bottom (where noise may have hidden a row's patterns).
func (c *crop) pdfLines(g *pdfGeom, inv bool, level float64) []pdfLine {
	height := math.Max(g.left.y1-g.left.y0, g.right.y1-g.right.y0)
	spacing := math.Max(1, g.module/2)
	ext := 3 * g.module
	n := int((height+2*ext)/spacing) + 1
	lines := make([]pdfLine, 0, n)
	for i := 0; i < n; i++ {
		t := (float64(i)*spacing - ext) / math.Max(height, 1)
		lines = append(lines, c.pdfSample(g, t, inv, level))
	}
	return lines
}

// pdfSample samples one line at half-pixel steps, with bilinear
// interpolation, from three modules outside the left edge to three
// outside the right, and records where the colour changes, to a fraction
// of a pixel.
func (c *crop) pdfSample(g *pdfGeom, t float64, inv bool, level float64) pdfLine {
	lx, ly, rx, ry := g.at(t)
	dx, dy := rx-lx, ry-ly
	length := math.Hypot(dx, dy)
	if length < 1 {
		return pdfLine{t: t}
	}
	ux, uy := dx/length, dy/length
	margin := 3 * g.module
	ln := pdfLine{t: t, s0: margin, s1: margin + length}
	const ds = 0.5
	n := int((length+2*margin)/ds) + 1
	prev, prevS := 0.0, 0.0
	for i := 0; i < n; i++ {
		s := float64(i) * ds
		v := c.bilinear(lx+(s-margin)*ux, ly+(s-margin)*uy) - level
		if inv {
			v = -v
		}
		// v < 0 is ink.
		if i > 0 && (v < 0) != (prev < 0) {
			f := prev / (prev - v)
			ln.edges = append(ln.edges, prevS+f*ds)
			ln.rising = append(ln.rising, v < 0)
		}
		prev, prevS = v, s
	}
	return ln
}

// inkLevels returns the grey level halfway between the crop's ink and
// paper (the means either side of its Otsu level) and half their
// difference. Edges are placed where interpolated samples cross the
// middle level; the Otsu level itself can sit right next to one side (1
// on a bitonal scan), which would thin every bar.
func (c *crop) inkLevels() (mid, half float64) {
	var sum, n [2]float64
	for _, v := range c.buf {
		k := 0
		if int(v) >= c.thr {
			k = 1
		}
		sum[k] += float64(v)
		n[k]++
	}
	if n[0] == 0 || n[1] == 0 {
		return float64(c.thr), 0
	}
	m0, m1 := sum[0]/n[0], sum[1]/n[1]
	return (m0 + m1) / 2, (m1 - m0) / 2
}

// bilinear is the crop's grey level at (x, y), interpolated between the
// four nearest pixels; points beyond the crop take the nearest edge
// pixel's.
func (c *crop) bilinear(x, y float64) float64 {
	x, y = math.Max(0, math.Min(x, float64(c.w-1))), math.Max(0, math.Min(y, float64(c.h-1)))
	ix, iy := int(x), int(y)
	fx, fy := x-float64(ix), y-float64(iy)
	ix1, iy1 := min(ix+1, c.w-1), min(iy+1, c.h-1)
	p00, p10 := float64(c.buf[iy*c.w+ix]), float64(c.buf[iy*c.w+ix1])
	p01, p11 := float64(c.buf[iy1*c.w+ix]), float64(c.buf[iy1*c.w+ix1])
	return (p00*(1-fx)+p10*fx)*(1-fy) + (p01*(1-fx)+p11*fx)*fy
}

// pdfSetSpread measures how much wider than drawn the bars of the start
// patterns are (ink spread, or a threshold off centre, as when a faded
// page was scanned bitonal) and sets every line to take it off. The start
// pattern's bars should be 11 of its 17 modules; the median over the
// lines is used.
func pdfSetSpread(lines []pdfLine, module float64) {
	var ds []float64
	for i := range lines {
		ln := &lines[i]
		k := ln.nearestEdge(ln.s0, 2*module, true)
		if k < 0 || k+8 >= len(ln.edges) {
			continue
		}
		total := ln.edges[k+8] - ln.edges[k]
		if total < 0.8*17*module || total > 1.2*17*module {
			continue
		}
		bars := 0.0
		for j := 0; j < 8; j += 2 {
			bars += ln.edges[k+j+1] - ln.edges[k+j]
		}
		ds = append(ds, (bars-11*total/17)/4)
	}
	if len(ds) < 3 {
		return
	}
	d := median(ds)
	for i := range lines {
		lines[i].spread = d
	}
}

// codewordAt decodes the codeword whose first bar begins within tol of
// s, trying the nearest candidate edges first. module is the expected
// module width (a codeword is 17 modules).
func (ln *pdfLine) codewordAt(s, tol, module float64) (pdfCodeword, bool) {
	e := ln.edges
	i := sort.SearchFloat64s(e, s)
	lo, hi := i-1, i
	for tries := 0; tries < 4; tries++ {
		// Next candidate: the nearer of the edges either side.
		var k int
		switch {
		case lo >= 0 && (hi >= len(e) || s-e[lo] <= e[hi]-s):
			k, lo = lo, lo-1
		case hi < len(e):
			k, hi = hi, hi+1
		default:
			return pdfCodeword{}, false
		}
		if math.Abs(e[k]-s) > tol {
			return pdfCodeword{}, false
		}
		if cw, ok := ln.codewordFrom(k, module); ok {
			return cw, true
		}
	}
	return pdfCodeword{}, false
}

// codewordFrom decodes the eight runs from edge k, which must be where a
// bar begins, if their total width is about 17 modules of the given
// width.
func (ln *pdfLine) codewordFrom(k int, module float64) (pdfCodeword, bool) {
	if k < 0 || k+8 >= len(ln.edges) || !ln.rising[k] {
		return pdfCodeword{}, false
	}
	want := 17 * module
	var w [8]float64
	for j := range w {
		w[j] = ln.edges[k+j+1] - ln.edges[k+j]
	}
	total := ln.edges[k+8] - ln.edges[k]
	if total > 1.25*want {
		// The last space runs on into paper (a codeword before a blank
		// or damaged one): it is what the others leave of 17 modules.
		w[7] = want - (ln.edges[k+7] - ln.edges[k])
		if w[7] < 0.5*module || w[7] > 6.5*module {
			return pdfCodeword{}, false
		}
		total = want
	}
	if total < 0.75*want {
		return pdfCodeword{}, false
	}
	for j := range w {
		if j%2 == 0 {
			w[j] -= ln.spread
		} else {
			w[j] += ln.spread
		}
	}
	return pdfDecodeWidths(&w)
}

// nearestEdge returns the index of the edge of the given kind (rising or
// falling) nearest s within tol, or -1.
func (ln *pdfLine) nearestEdge(s, tol float64, rising bool) int {
	best, bestD := -1, tol
	i := sort.SearchFloat64s(ln.edges, s-tol)
	for ; i < len(ln.edges) && ln.edges[i] <= s+tol; i++ {
		if d := math.Abs(ln.edges[i] - s); ln.rising[i] == rising && d <= bestD {
			best, bestD = i, d
		}
	}
	return best
}

// indicators reads the line's left and right row indicators: by counting
// edges in from the start and stop patterns when they are clean, else
// where the module width puts them.
func (ln *pdfLine) indicators(module float64) (left, right pdfCodeword, okL, okR bool) {
	tol := 2 * module
	if k := ln.nearestEdge(ln.s0, tol, true); k >= 0 {
		left, okL = ln.codewordFrom(k+8, module)
	}
	if !okL {
		left, okL = ln.codewordAt(ln.s0+17*module, tol, module)
	}
	if k := ln.nearestEdge(ln.s1, tol, false); k >= 0 {
		right, okR = ln.codewordFrom(k-17, module)
	}
	if !okR {
		right, okR = ln.codewordAt(ln.s1-35*module, tol, module)
	}
	return left, right, okL, okR
}
