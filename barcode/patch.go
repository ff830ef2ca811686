package barcode

import (
	"image"

	"github.com/chartroom/chartroom/chart"
)

// Kodak patch codes are the separator marks of document scanners. What is
// read here follows Kodak's "Patch Code Information for Kodak Scanners"
// (A-61599, CAT No. 845 9380, October 2006) as reproduced in public
// scanner manuals and capture-software documentation (Hyland CAPTUREit
// "Patch Code Requirements" and "Patch Code Placement", Kodak A-61092 and
// A-61670 scanner guides, Accusoft Barcode Xpress "Patch Code", BWIPP
// wiki "Kodak Patch Codes"):
//
//   - A patch is four parallel black bars, two wide (0.20 in) and two
//     narrow (0.08 in), separated by three narrow spaces (0.08 in): 0.80 in
//     across in all. Each width is +/-0.01 in; A-61599 gives every edge's
//     position from the patch's leading edge within a 0.02 in zone.
//   - Bars are at least 2 in long (2.5 in recommended; 0.75 in for the
//     scanners without a patch reader). The patch is at least 0.25 in from
//     the page's edges and from other printing, within 3.75 in of the
//     leading edge, and its bars are parallel to the leading edge (the
//     edge fed first: the top of an upright page). Scanners with a document
//     scanning array also read "end-fed" patches, bars perpendicular to the
//     leading edge.
//   - The six codes, bars listed from the patch's leading edge (W wide, N
//     narrow): Patch 1 WWNN, Patch 2 WNNW, Patch 3 WNWN, Patch 4 (toggle)
//     NWWN, Patch 6 NNWW, Patch T (transfer) NWNW. Patch 2 and T are the
//     usual document separators, 3 a batch separator.
//
// Which way up. 2 and 4 read the same both ways; 1 and 6, and 3 and T, are
// each other's mirror images, so on a page fed upside down one reads as the
// other. The decoder sees only a region of the page (not where on the page
// it lies, and no printed caption: that is OCR's), so it reports the
// reading of the page as given, upright: bars that run across the page
// (parallel to the top edge, the Kodak standard) are read from the top
// down; bars that run down the page are read from left to right, as
// barcode writers draw patch codes and as the sheets in samples/synth are
// printed. (Kodak's end-fed convention puts a patch's leading edge toward
// the right instead; a sideways patch printed that way reads as its mirror
// image here.) A 3 or T, 1 or 6, on a page turned 180° therefore reads as
// the other one: the caller, which knows the page's orientation after OCR,
// or which maps both of a pair to the same meaning, decides.
//
// Reading. Scan lines cross the bars (every 1/30 inch, each the average of
// the lines within 1/150 inch, thresholded at the crop's Otsu level; runs
// shorter than 1/60 inch, dust and ragged toner, are merged into their
// surroundings). Seven runs, bar-space-bar-space-bar-space-bar, are a
// patch when:
//
//   - together they are 0.64-1.0 inch (0.8 nominal: skew, scale and ink
//     spread allowed for); a tenth of that is the module u (0.08 inch);
//   - each bar's pitch (its width plus the space after it, and the space
//     before it plus its width; both, and agreeing, for the middle bars)
//     is 1.4-2.6 u (narrow: 2 u nominal) or 2.9-4.3 u (wide: 3.5 u): a
//     pitch runs from an edge to the next edge of the same kind, so ink
//     that spreads or fades (photocopies, bitonal thresholds, blur) moves
//     both ends alike and leaves it as printed; exactly two bars are wide;
//   - wide bars are at least 1.45 times as wide as narrow ones, narrow bars
//     0.5-1.9 u, spaces 0.4-1.8 u and no narrower than a third of a narrow
//     bar (stacked redaction bars leave slivers between them);
//   - the bars are at least 40 gray levels darker than the spaces (shading
//     and faint bleed-through are not bars);
//   - there is at least 0.12 inch of paper on both sides (or the edge of
//     the region), which no symbol of thin bars and no text offers between
//     its bars.
//
// The region a patch is read in may end inside or just past its first or
// last bar (the page's measuring pass sees no change of colour across a
// solid 0.2 inch bar); such a bar is inferred from the other three, see
// patchRow.
//
// Rows that read are grouped into patches (spans overlapping from row to
// row, gaps of up to 0.3 inch where the bars are broken); a patch is
// reported when its rows span at least 0.75 inch, rows covering at least
// half an inch read, and at least three quarters of them agree on one code.
// Content pages do not do this: ruled tables and grids are thin lines,
// bar charts and redaction bars lack the 0.08/0.2 inch rhythm or the quiet
// zones, a 1-D barcode's bars are too thin and too close, text lines are
// too short.

// patchCodes are the six patches, bars from the leading edge, true for a
// wide bar.
var patchCodes = [...]struct {
	text string
	wide [4]bool
}{
	{"1", [4]bool{true, true, false, false}},
	{"2", [4]bool{true, false, false, true}},
	{"3", [4]bool{true, false, true, false}},
	{"4", [4]bool{false, true, true, false}},
	{"6", [4]bool{false, false, true, true}},
	{"T", [4]bool{false, true, false, true}},
}

// patchRun is a run of one colour along a scan line.
type patchRun struct {
	x0, x1 int
	dark   bool
}

// patchHit is one scan line that read a patch.
type patchHit struct {
	x0, x1, y int
	code      int // index in patchCodes
}

// readPatch looks for patch codes whose bars cross the crop's rows (bars
// running down the crop), read left to right. inv reads light bars on a
// dark ground.
func (c *crop) readPatch(inv bool) []chart.Barcode {
	in := float64(c.dpi)
	step := max(2, c.dpi/30)
	half := max(1, c.dpi/150)
	minRun := max(2, c.dpi/60)
	acc := make([]int, c.w)
	var runs []patchRun
	var hits []patchHit
	n := 2*half + 1
	lim := c.thr * n
	for y := half; y < c.h-half; y += step {
		c.sumRows(acc, y, half)
		runs = patchRuns(runs[:0], acc, lim, inv, minRun)
		hits = c.patchRow(hits, runs, acc, n, y, inv, in)
	}
	return c.patchGroups(hits, step, in)
}

// patchRuns cuts a summed scan line into runs of ink and paper and merges
// each run shorter than minRun between two others into them (dust in a
// space, a hole in a bar, a ragged edge).
func patchRuns(runs []patchRun, acc []int, lim int, inv bool, minRun int) []patchRun {
	for x := 0; x < len(acc); {
		d := (acc[x] < lim) != inv
		e := x + 1
		for e < len(acc) && ((acc[e] < lim) != inv) == d {
			e++
		}
		switch last := len(runs) - 1; {
		case last >= 0 && runs[last].dark == d:
			runs[last].x1 = e
		case last >= 1 && runs[last].x1-runs[last].x0 < minRun:
			// The run before this one was short: it and this one
			// continue the run before it, which has this one's colour.
			runs = runs[:last]
			runs[last-1].x1 = e
		default:
			runs = append(runs, patchRun{x, e, d})
		}
		x = e
	}
	return runs
}

// patchRow finds the patches along one scan line.
//
// The region a patch is read in can end inside its first or last bar, or
// just past it, in the space beside it: the page's measuring pass sees no
// change of colour across a solid 0.2 inch bar and may leave part or all
// of it out. Such a bar is taken to be whatever the other three leave (two
// of the four are wide), provided what is seen of it fits, the bars' size
// agrees with the resolution and the other side has its quiet zone.
func (c *crop) patchRow(hits []patchHit, runs []patchRun, acc []int, n, y int, inv bool, in float64) []patchHit {
	quiet := int(0.12*in + 0.5)
	width := func(r int) int { return runs[r].x1 - runs[r].x0 }
	last := len(runs) - 1
	for i := 0; i < len(runs); i++ {
		if !runs[i].dark {
			continue
		}
		// Windows of seven slots starting at run i: the run in each
		// slot, -1 for a bar beyond the crop's edge.
		var wins [3][7]int
		nw := 0
		if i+6 <= last {
			for k := range wins[nw] {
				wins[nw][k] = i + k
			}
			nw++
		}
		if i == 1 && width(0) < quiet && i+4 <= last {
			wins[nw] = [7]int{-1, 0, 1, 2, 3, 4, 5}
			nw++
		}
		if i+5 == last && width(last) < quiet {
			wins[nw] = [7]int{i, i + 1, i + 2, i + 3, i + 4, i + 5, -1}
			nw++
		}
		for _, win := range wins[:nw] {
			first, end := win[0], win[6]
			cut := -1 // slot (0 or 6) of a bar cut by the crop's edge
			switch {
			case first <= 0:
				cut, first = 0, max(first, 0)
			case end < 0 || end == last:
				cut = 6
			}
			if end < 0 {
				end = win[5]
			}
			var w [7]float64
			for k, r := range win {
				if r >= 0 {
					w[k] = float64(width(r))
				}
			}
			// A bar wholly beyond the edge leaves the space beside it
			// cut too: it is taken as wide as the other spaces.
			if win[0] < 0 {
				w[1] = max(w[1], (w[3]+w[5])/2)
			}
			if win[6] < 0 {
				w[5] = max(w[5], (w[1]+w[3])/2)
			}
			// Quiet zones: paper on both sides, or the crop's edge.
			if cut != 0 {
				if before := runs[first-1]; before.x1-before.x0 < quiet && before.x0 > 0 {
					continue
				}
			}
			if cut != 6 && end+1 <= last {
				if after := runs[end+1]; after.x1-after.x0 < quiet && after.x1 < c.w {
					continue
				}
			}
			code, ok := patchClassify(w, cut, 0.08*in)
			if !ok || !c.patchContrast(runs, win, acc, n, inv) {
				continue
			}
			hits = append(hits, patchHit{x0: runs[first].x0, x1: runs[end].x1, y: y, code: code})
			break
		}
	}
	return hits
}

// patchContrast reports whether the middle of each bar is at least 40 gray
// levels darker than the middle of each space (lighter, for inv).
func (c *crop) patchContrast(runs []patchRun, win [7]int, acc []int, n int, inv bool) bool {
	var bars, spaces, nb, ns int
	for k, ri := range win {
		if ri < 0 {
			continue
		}
		r := runs[ri]
		m := r.x1 - r.x0
		for x := r.x0 + m/4; x < r.x1-m/4; x++ {
			if k%2 == 0 {
				bars += acc[x]
				nb++
			} else {
				spaces += acc[x]
				ns++
			}
		}
	}
	if nb == 0 || ns == 0 {
		return false
	}
	diff := (spaces*nb - bars*ns) / (nb * ns * n)
	if inv {
		diff = -diff
	}
	return diff >= 40
}

// patchClassify reads bars and spaces w (in pixels, bar first) as a patch
// code. cut is -1, or the index (0 or 6) of an outer bar of which only
// part is seen; module is the nominal narrow width in pixels.
func patchClassify(w [7]float64, cut int, module float64) (int, bool) {
	if cut < 0 {
		total := 0.0
		for _, v := range w {
			total += v
		}
		if total < 8*module || total > 12.5*module {
			return 0, false
		}
		return patchClassifyFull(w, total/10)
	}
	// The cut bar: narrow (the rest is 9 modules) or wide (7.5).
	seen, rest := w[cut], 0.0
	for k, v := range w {
		if k != cut {
			rest += v
		}
	}
	for _, h := range [2]struct{ rest, width float64 }{{9, 1}, {7.5, 2.5}} {
		u := rest / h.rest
		if u < 0.8*module || u > 1.25*module || seen > h.width*u+0.5*u {
			continue
		}
		full := w
		full[cut] = h.width * u
		if code, ok := patchClassifyFull(full, u); ok && patchCodes[code].wide[cut/2] == (h.width > 1) {
			return code, true
		}
	}
	return 0, false
}

// patchClassifyFull reads seven whole runs, u being a tenth of their total
// (a narrow module, nominally).
func patchClassifyFull(w [7]float64, u float64) (int, bool) {
	// Pitches in modules: narrow 2, wide 3.5.
	kind := func(p float64) int {
		p /= u
		switch {
		case p >= 1.4 && p <= 2.6:
			return 0
		case p >= 2.9 && p <= 4.3:
			return 1
		}
		return -1
	}
	var wide [4]bool
	nw := 0
	for b := 0; b < 4; b++ {
		k := -1
		if b < 3 {
			k = kind(w[2*b] + w[2*b+1])
		}
		if b > 0 {
			k2 := kind(w[2*b-1] + w[2*b])
			if b < 3 && k2 != k {
				return 0, false
			}
			k = k2
		}
		if k < 0 {
			return 0, false
		}
		wide[b] = k == 1
		if wide[b] {
			nw++
		}
	}
	if nw != 2 {
		return 0, false
	}
	// Bars: wide ones clearly wider than narrow ones. Spaces: narrow.
	minW, maxN := 1e9, 0.0
	for b := 0; b < 4; b++ {
		if wide[b] {
			minW = min(minW, w[2*b])
		} else {
			maxN = max(maxN, w[2*b])
		}
	}
	if minW < 1.45*maxN || maxN < 0.5*u || maxN > 1.9*u {
		return 0, false
	}
	// Ink spread makes bars wider and spaces narrower by the same
	// amount, but a space is never a sliver beside a narrow bar (stacked
	// redaction bars over lines of text are).
	minS, maxS := 1e9, 0.0
	for s := 1; s < 7; s += 2 {
		minS, maxS = min(minS, w[s]), max(maxS, w[s])
	}
	if minS < 0.4*u || maxS > 1.8*u || maxS > 2.5*minS || maxN > 3*minS {
		return 0, false
	}
	for i, p := range patchCodes {
		if p.wide == wide {
			return i, true
		}
	}
	return 0, false
}

// patchGroups joins the rows that read into patches and keeps those long
// enough, whose rows agree.
func (c *crop) patchGroups(hits []patchHit, step int, in float64) []chart.Barcode {
	type group struct {
		box   image.Rectangle
		last  patchHit
		votes [len(patchCodes)]int
		rows  int
	}
	var groups []*group
	maxGap := int(0.3 * in)
	for _, h := range hits {
		var g *group
		for _, o := range groups {
			if h.y-o.last.y <= maxGap && h.y != o.last.y && h.x0 < o.last.x1 && h.x1 > o.last.x0 {
				g = o
				break
			}
		}
		if g == nil {
			g = &group{box: image.Rect(h.x0, h.y, h.x1, h.y+1)}
			groups = append(groups, g)
		}
		g.box = g.box.Union(image.Rect(h.x0, h.y, h.x1, h.y+1))
		g.last = h
		g.votes[h.code]++
		g.rows++
	}
	var out []chart.Barcode
	for _, g := range groups {
		best := 0
		for i, v := range g.votes {
			if v > g.votes[best] {
				best = i
			}
		}
		if float64(g.box.Dy()) < 0.75*in || float64(g.rows*step) < 0.5*in || 4*g.votes[best] < 3*g.rows {
			continue
		}
		box := g.box
		box.Min.Y = max(0, box.Min.Y-step/2)
		box.Max.Y = min(c.h, box.Max.Y+step/2)
		out = append(out, chart.Barcode{Format: PatchCode, Text: patchCodes[best].text, Box: box})
	}
	return out
}
