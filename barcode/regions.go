package barcode

import (
	"image"
	"sort"
)

// Region kinds: what a candidate region looks like.
const (
	kindNone   = 0
	kind1D     = 1 // bars across rows: a 1-D code, upright or upside down
	kind1DVert = 2 // bars along rows: a 1-D code turned 90°
	kind2D     = 3 // changes both ways: QR / Data Matrix (or dense print)
)

// region is a candidate area of the page worth handing to the decoders.
type region struct {
	rect   image.Rectangle // page pixels, quiet zone included
	try1D  bool
	try1DV bool
	try2D  bool
	tryPDF bool // PDF417 (stacked rows of bars)
	area   int  // cells
}

// cellStats accumulates, over the sampled pixels of one cell, how many are
// dark and how many differ from their left neighbour (h) and from the
// pixel one sample row above (v).
type cellStats struct {
	ink, h, v, n int32
}

// Thresholds of the pre-check. Rates are transitions per sampled pixel.
const (
	// A symbol is roughly half ink; body text stays below a quarter. Bars
	// are also told from text by their shape (few changes down a column),
	// so 1-D bounds are looser: a 0.2 inch window of a bar code can hold
	// anything from a fifth to four fifths ink.
	minInk1D    = 0.2
	maxInk1D    = 0.85
	minInk2D    = 0.3
	maxInk2D    = 0.75
	minRate1D   = 0.035
	minRate2D   = 0.02
	bars1DRatio = 0.2 // v/h below this: bars (text is above 0.4)
	// Strips: a PDF417 symbol of a few rows of fine modules is too short
	// for the 0.2 inch neighbourhood. One cell tall and a third of an
	// inch wide, its rows change colour along the row at 8/17 per module
	// (0.14 or more for modules up to 3.3 pixels), and down a column
	// about a third as often (rows are 3 modules tall); print, even bold
	// or full of I, l and |, stays below 0.14 over that width.
	minInkStrip   = 0.35
	maxInkStrip   = 0.75
	minRateStrip  = 0.14
	maxStripRatio = 0.6
	minStripCells = 6 // 0.4 inch; a one-column symbol of 2-pixel modules is 0.57
	maxStrips     = 8
	maxRegions    = 24
	// maxRegionArea (square inches) skips textured areas far larger than
	// any symbol: photographs, halftones, shaded forms. A symbol printed
	// on or against one is not found.
	maxRegionArea = 16.0
)

// regions finds the candidate areas of the page: one pass over every
// second row, counting ink and colour changes per cell of about 0.1 inch,
// then grouping cells whose 3x3 neighbourhood looks like a symbol.
const step = 2

func (p *page) regions() []region {
	cell := p.cellSize()
	stats, gw, gh := p.cellStats()

	return p.groupCells(stats, gw, gh, cell)
}

// cellStats measures the page in cells of about 0.1 inch, on every second
// row.
func (p *page) cellStats() (stats []cellStats, gw, gh int) {
	cell := p.cellSize()
	gw, gh = (p.w+cell-1)/cell, (p.h+cell-1)/cell
	stats = make([]cellStats, gw*gh)
	thr, inverted := p.threshold()
	var lut [256]uint8
	for i := range lut {
		if (i < thr) != inverted {
			lut[i] = 1
		}
	}
	prev := make([]uint8, p.w)
	for y := 0; y < p.h; y += step {
		row := p.pix[y*p.stride : y*p.stride+p.w]
		base := (y / cell) * gw
		last := lut[row[0]]
		for cx := 0; cx < gw; cx++ {
			x0 := cx * cell
			x1 := min(p.w, x0+cell)
			var ink, ht, vt int32
			seg := row[x0:x1]
			pv := prev[x0:x1]
			for i, px := range seg {
				b := lut[px]
				ink += int32(b)
				ht += int32(b ^ last)
				vt += int32(b ^ pv[i])
				pv[i] = b
				last = b
			}
			s := &stats[base+cx]
			s.ink += ink
			s.h += ht
			s.v += vt
			s.n += int32(x1 - x0)
		}
	}
	return stats, gw, gh
}

func (p *page) groupCells(stats []cellStats, gw, gh, cell int) []region {

	// Classify each cell by its 3x3 neighbourhood (0.2 inch) and, failing
	// that, its 7x7 one (0.47 inch), where symbols with large modules
	// average out.
	sat := newSummedArea(stats, gw, gh)
	kinds := make([]uint8, gw*gh)
	for cy := 0; cy < gh; cy++ {
		for cx := 0; cx < gw; cx++ {
			k := classify(sat.sum(cx-1, cy-1, cx+2, cy+2), step, 1)
			if k == kindNone {
				k = classify(sat.sum(cx-3, cy-3, cx+4, cy+4), step, 0.5)
			}
			kinds[cy*gw+cx] = k
		}
	}

	// Group candidate cells (8-connected) into regions.
	var out []region
	seen := make([]bool, gw*gh)
	var stack []int
	for i, k := range kinds {
		if k == kindNone || seen[i] {
			continue
		}
		seen[i] = true
		stack = append(stack[:0], i)
		minX, minY, maxX, maxY := gw, gh, -1, -1
		var sum cellStats
		var byKind [4]int
		n := 0
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			cx, cy := j%gw, j/gw
			minX, maxX = min(minX, cx), max(maxX, cx)
			minY, maxY = min(minY, cy), max(maxY, cy)
			t := &stats[j]
			sum.ink += t.ink
			sum.h += t.h
			sum.v += t.v
			sum.n += t.n
			byKind[kinds[j]]++
			n++
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					x, y := cx+dx, cy+dy
					if x < 0 || y < 0 || x >= gw || y >= gh {
						continue
					}
					q := y*gw + x
					if !seen[q] && kinds[q] != kindNone {
						seen[q] = true
						stack = append(stack, q)
					}
				}
			}
		}
		bw, bh := maxX-minX+1, maxY-minY+1
		// Smallest symbol looked for: about 0.2 x 0.2 inch.
		if bw < 3 || bh < 3 || n < 6 {
			continue
		}
		// Which readers to run: those whose kind of cell the region has
		// a few of, and those its overall shape suggests. PDF417 rows
		// look like bars or like 2-D texture, depending on their height.
		r := region{area: n}
		h := float64(sum.h)
		v := float64(sum.v) / step
		r.try1D = byKind[kind1D] >= 3 || v < 0.7*h
		r.try1DV = byKind[kind1DVert] >= 3 || h < 0.7*v
		r.try2D = byKind[kind2D] >= 3 || (v > 0.35*h && h > 0.35*v)
		r.tryPDF = r.try1D || r.try2D
		margin := p.inch(0.08)
		r.rect = image.Rect(minX*cell-margin, minY*cell-margin,
			(maxX+1)*cell+margin, (maxY+1)*cell+margin).Intersect(image.Rect(0, 0, p.w, p.h))
		out = append(out, r)
	}
	out = mergeRegions(out)
	limit := int(maxRegionArea * float64(p.dpi) * float64(p.dpi))
	keep := out[:0]
	for _, r := range out {
		if r.rect.Dx()*r.rect.Dy() <= limit {
			keep = append(keep, r)
		}
	}
	out = keep
	sort.SliceStable(out, func(i, j int) bool { return out[i].area > out[j].area })
	if len(out) > maxRegions {
		out = out[:maxRegions]
	}
	return append(out, p.strips(sat, gw, gh, cell, out)...)
}

// strips finds runs of at least minStripCells cells along a cell row whose
// strip (5 cells wide, one tall) looks like PDF417 rows, joins runs in
// touching rows, and returns those not already inside a region that
// PDF417 is tried in, as regions for PDF417 alone, longest first.
func (p *page) strips(sat *summedArea, gw, gh, cell int, have []region) []region {
	var rects []image.Rectangle // in cells
	for cy := 0; cy < gh; cy++ {
		for cx := 0; cx < gw; {
			if classifyStrip(sat.sum(cx-2, cy, cx+3, cy+1), step) == kindNone {
				cx++
				continue
			}
			x0 := cx
			for cx < gw && classifyStrip(sat.sum(cx-2, cy, cx+3, cy+1), step) != kindNone {
				cx++
			}
			if cx-x0 >= minStripCells {
				rects = append(rects, image.Rect(x0, cy, cx, cy+1))
			}
		}
	}
	rects = joinTouching(rects)
	sort.SliceStable(rects, func(i, j int) bool { return rects[i].Dx() > rects[j].Dx() })
	margin := p.inch(0.08)
	var out []region
	for _, c := range rects {
		r := region{tryPDF: true, area: c.Dx() * c.Dy()}
		r.rect = image.Rect(c.Min.X*cell-margin, c.Min.Y*cell-margin,
			c.Max.X*cell+margin, c.Max.Y*cell+margin).Intersect(image.Rect(0, 0, p.w, p.h))
		if !coveredForPDF(r.rect, have) && len(out) < maxStrips {
			out = append(out, r)
		}
	}
	return out
}

// joinTouching merges rectangles that overlap or touch.
func joinTouching(rs []image.Rectangle) []image.Rectangle {
	for merged := true; merged; {
		merged = false
		for i := 0; i < len(rs); i++ {
			for j := i + 1; j < len(rs); j++ {
				if grow(rs[i], 1).Overlaps(rs[j]) {
					rs[i] = rs[i].Union(rs[j])
					rs = append(rs[:j], rs[j+1:]...)
					merged = true
					j--
				}
			}
		}
	}
	return rs
}

// coveredForPDF reports whether r lies within a region PDF417 is tried in.
func coveredForPDF(r image.Rectangle, have []region) bool {
	for _, h := range have {
		if h.tryPDF && r.In(h.rect) {
			return true
		}
	}
	return false
}

// classify says what a neighbourhood's counts look like.
// rates scales the minimum change rates (large windows look for large
// modules).
func classify(s cellStats, step int, rates float64) uint8 {
	if s.n == 0 {
		return kindNone
	}
	n := float64(s.n)
	ink := float64(s.ink) / n
	if ink < minInk1D || ink > maxInk1D {
		return kindNone
	}
	h := float64(s.h) / n
	v := float64(s.v) / n / float64(step)
	switch {
	case h >= minRate1D*rates && v < bars1DRatio*h:
		return kind1D
	case v >= minRate1D*rates && h < bars1DRatio*v:
		return kind1DVert
	case h >= minRate2D*rates && v >= minRate2D*rates && ink >= minInk2D && ink <= maxInk2D:
		return kind2D
	}
	return kindNone
}

// classifyStrip says whether a strip one cell tall looks like PDF417
// rows: about half ink, changing often along the rows and seldom down
// them. It returns kind1D for yes.
func classifyStrip(s cellStats, step int) uint8 {
	if s.n == 0 {
		return kindNone
	}
	n := float64(s.n)
	ink := float64(s.ink) / n
	h := float64(s.h) / n
	v := float64(s.v) / n / float64(step)
	if ink >= minInkStrip && ink <= maxInkStrip && h >= minRateStrip && v <= maxStripRatio*h {
		return kind1D
	}
	return kindNone
}

// threshold is the page's ink/paper threshold: Otsu's level over a sparse
// sample, kept within sensible bounds for paper scans. inverted reports a
// page that is mostly dark (scanned inverted, light print on dark): its
// "ink" is the light side.
func (p *page) threshold() (thr int, inverted bool) {
	var hist [256]int
	n := 0
	for y := 0; y < p.h; y += 8 {
		row := p.pix[y*p.stride : y*p.stride+p.w]
		for x := 0; x < p.w; x += 4 {
			hist[row[x]]++
			n++
		}
	}
	thr = min(max(otsu(&hist), 80), 180)
	dark := 0
	for _, c := range hist[:thr] {
		dark += c
	}
	return thr, dark*2 > n
}

// cellSize is the side of a measuring cell: 1/15 inch, so a 3x3
// neighbourhood is 0.2 inch, about the smallest symbol looked for.
func (p *page) cellSize() int { return max(6, p.dpi/15) }

// mergeRegions joins regions whose rectangles overlap, so a symbol whose
// cells fell into two groups is decoded whole.
func mergeRegions(rs []region) []region {
	for merged := true; merged; {
		merged = false
		for i := 0; i < len(rs); i++ {
			for j := i + 1; j < len(rs); j++ {
				if !rs[i].rect.Overlaps(rs[j].rect) {
					continue
				}
				a, b := &rs[i], rs[j]
				a.rect = a.rect.Union(b.rect)
				a.area += b.area
				a.try1D = a.try1D || b.try1D
				a.try1DV = a.try1DV || b.try1DV
				a.try2D = a.try2D || b.try2D
				a.tryPDF = a.tryPDF || b.tryPDF
				rs = append(rs[:j], rs[j+1:]...)
				merged = true
				j--
			}
		}
	}
	return rs
}

// summedArea is a summed-area table of cell statistics: any rectangle of
// cells sums in four lookups.
type summedArea struct {
	t      []cellStats // (gw+1) x (gh+1)
	gw, gh int
}

func newSummedArea(stats []cellStats, gw, gh int) *summedArea {
	sa := &summedArea{t: make([]cellStats, (gw+1)*(gh+1)), gw: gw, gh: gh}
	w := gw + 1
	for y := 0; y < gh; y++ {
		var row cellStats
		for x := 0; x < gw; x++ {
			c := stats[y*gw+x]
			row.ink += c.ink
			row.h += c.h
			row.v += c.v
			row.n += c.n
			up := sa.t[y*w+x+1]
			sa.t[(y+1)*w+x+1] = cellStats{row.ink + up.ink, row.h + up.h, row.v + up.v, row.n + up.n}
		}
	}
	return sa
}

// sum adds up cells [x0,x1) x [y0,y1), clipped to the grid.
func (sa *summedArea) sum(x0, y0, x1, y1 int) cellStats {
	x0, y0 = max(x0, 0), max(y0, 0)
	x1, y1 = min(x1, sa.gw), min(y1, sa.gh)
	if x0 >= x1 || y0 >= y1 {
		return cellStats{}
	}
	w := sa.gw + 1
	a, b := sa.t[y0*w+x0], sa.t[y0*w+x1]
	c, d := sa.t[y1*w+x0], sa.t[y1*w+x1]
	return cellStats{
		ink: d.ink - b.ink - c.ink + a.ink,
		h:   d.h - b.h - c.h + a.h,
		v:   d.v - b.v - c.v + a.v,
		n:   d.n - b.n - c.n + a.n,
	}
}
