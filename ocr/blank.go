package ocr

import (
	"image"
	"math"
	"sort"
)

// InkCoverage returns the fraction of a page covered by marks that look
// like writing or print, found without OCR so blank backs from duplex
// scanning are never recognised. Compare it with BlankInk.
//
// The page is cut into cells of about 1/37 inch (8 px at 300 dpi); a cell
// is inked when a fifth of its pixels are darker than inkLevel (faint
// bleed-through from the other side stays lighter). Inked cells are joined
// into marks (8-connected), and the marks a blank back carries without
// anyone having written on it are left out:
//
//   - scanner edge shadows and the page's own edge: marks that reach to
//     within 0.1 inch of an edge and lie (95% of their cells) within 0.75
//     inch of the edges they reach, whatever their outline (uneven strips,
//     two edges and the corner between them, a hole punch cut by the edge);
//   - hole punches: a round mark (solid, or a ring: a light hole with its
//     rim) 0.15-0.45 inch across, no more than 3:2, centred within an inch
//     of an edge;
//   - staple shadows: a thin slanting stroke (at most 0.07 inch thick on
//     average, at 15-75 degrees) 0.15-1 inch long, all within 1.25 inch
//     of a corner;
//   - fold lines: thin marks end to end across at least 70% of the page
//     (and 5 inches);
//   - speckle and dust: marks under 0.085 inch across (3 cells), and faint
//     ones (no pixel darker than 165: bleed-through darkened in places by
//     JPEG compression) under 0.2 inch, with no other mark within 0.2 inch
//     (a full stop or the dot of an i has its words beside it);
//
// and, as before, an inked cell counts only when a neighbouring cell of
// the same mark is inked too. A page with very little on it — a signature
// and a date, one handwritten line, initials, "This page intentionally
// left blank" — keeps its marks: they are not near an edge or a corner, not
// round and hole-sized, and larger than dust or beside each other.
func InkCoverage(g *image.Gray, dpi int) float64 {
	if g == nil || g.Rect.Empty() {
		return 0
	}
	if dpi <= 0 {
		dpi = 300
	}
	cell := max(2, dpi/37)
	w, h := g.Rect.Dx(), g.Rect.Dy()
	m, keep := inkMarks(g, dpi, cell)
	if m == nil {
		return 0
	}
	cw, ch := m.cw, m.ch
	n := 0
	for i, l := range m.label {
		if l < 0 || !keep[l] {
			continue
		}
		cx, cy := i%cw, i/cw
		for _, d := range [8][2]int{{-1, -1}, {0, -1}, {1, -1}, {-1, 0}, {1, 0}, {-1, 1}, {0, 1}, {1, 1}} {
			x, y := cx+d[0], cy+d[1]
			if x >= 0 && y >= 0 && x < cw && y < ch && m.label[y*cw+x] == l {
				n++
				break
			}
		}
	}
	// As a share of the page inside margins of 4% (the measure BlankInk
	// was set on).
	inner := ((w - 2*(w*4/100)) / cell) * ((h - 2*(h*4/100)) / cell)
	return float64(n) / float64(max(1, inner))
}

// inkMarks cuts the page into cells, joins inked cells into marks and
// says which marks are writing or print (keep).
func inkMarks(g *image.Gray, dpi, cell int) (*markSet, []bool) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	cw, ch := w/cell, h/cell
	if cw < 3 || ch < 3 {
		return nil, nil
	}
	need := cell * cell / 5
	inked := make([]bool, cw*ch)
	darkest := make([]uint8, cw*ch)
	dark := make([]int, cw)
	for cy := 0; cy < ch; cy++ {
		for i := range dark {
			dark[i] = 0
		}
		lo := darkest[cy*cw : (cy+1)*cw]
		for i := range lo {
			lo[i] = 255
		}
		for y := cy * cell; y < (cy+1)*cell; y++ {
			off := g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y)
			row := g.Pix[off : off+cw*cell]
			for x, v := range row {
				if v < inkLevel {
					dark[x/cell]++
					lo[x/cell] = min(lo[x/cell], v)
				}
			}
		}
		for cx, d := range dark {
			inked[cy*cw+cx] = d >= need
		}
	}
	m := marks(inked, cw, ch)
	m.darkest = darkest
	in := float64(dpi) / float64(cell) // cells per inch
	keep := make([]bool, len(m.marks))
	fold := m.folds(in)
	var small []int
	for i := range m.marks {
		if fold[i] {
			continue
		}
		switch k := m.classify(i, in); k {
		case markContent:
			keep[i] = true
		case markSmall:
			small = append(small, i)
		}
	}
	// Small marks count beside content only.
	if len(small) > 0 {
		content := make([]int32, (cw+1)*(ch+1)) // summed-area table
		for cy := 0; cy < ch; cy++ {
			var run int32
			for cx := 0; cx < cw; cx++ {
				if l := m.label[cy*cw+cx]; l >= 0 && keep[l] {
					run++
				}
				content[(cy+1)*(cw+1)+cx+1] = content[cy*(cw+1)+cx+1] + run
			}
		}
		r := int(0.2*in + 0.5)
		for _, i := range small {
			b := m.marks[i].box
			x0, y0 := max(0, b.Min.X-r), max(0, b.Min.Y-r)
			x1, y1 := min(cw, b.Max.X+r), min(ch, b.Max.Y+r)
			s := content[y1*(cw+1)+x1] - content[y0*(cw+1)+x1] - content[y1*(cw+1)+x0] + content[y0*(cw+1)+x0]
			keep[i] = s > 0
		}
	}
	return m, keep
}

// inkLevel is the gray level below which a pixel is a mark. Faint pencil
// handwriting scans around 130-170; bleed-through from the other side of
// the sheet stays lighter (180 and above, a few levels less after JPEG
// compression), so the level sits between them.
const inkLevel = 176

// faintLevel: a mark with no pixel darker than this is faint.
const faintLevel = 165

// BlankInk is the ink coverage below which a page is a blank back. A blank
// back with speckle, dust, bleed-through, hole punches, staple and edge
// shadows and a fold measures 0 (what InkCoverage leaves out); a short typed
// line about 0.12%, a signature about 0.08%, a pair of initials 0.02%. The
// threshold sits below all of them so that a page with only initials or a
// short note is never taken for blank and dropped from its document: a
// near-blank page read as content costs a reviewer a look, a content page
// read as blank loses information. (It was 0.0005 while shadows, holes and
// dust still counted.)
const BlankInk = 0.0001

// mark is a connected group of inked cells.
type mark struct {
	box   image.Rectangle // cells
	cells []int32         // indices into the grid
}

type markSet struct {
	label   []int32 // mark of each cell, -1 for none
	marks   []mark
	cw, ch  int
	darkest []uint8 // darkest pixel of each cell
}

// marks labels the 8-connected groups of inked cells.
func marks(inked []bool, cw, ch int) *markSet {
	s := &markSet{label: make([]int32, len(inked)), cw: cw, ch: ch}
	for i := range s.label {
		s.label[i] = -1
	}
	var stack []int32
	for i, on := range inked {
		if !on || s.label[i] >= 0 {
			continue
		}
		id := int32(len(s.marks))
		mk := mark{box: image.Rect(i%cw, i/cw, i%cw+1, i/cw+1)}
		s.label[i] = id
		stack = append(stack[:0], int32(i))
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			mk.cells = append(mk.cells, j)
			x, y := int(j)%cw, int(j)/cw
			mk.box = mk.box.Union(image.Rect(x, y, x+1, y+1))
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					xx, yy := x+dx, y+dy
					if xx < 0 || yy < 0 || xx >= cw || yy >= ch {
						continue
					}
					q := yy*cw + xx
					if inked[q] && s.label[q] < 0 {
						s.label[q] = id
						stack = append(stack, int32(q))
					}
				}
			}
		}
		s.marks = append(s.marks, mk)
	}
	return s
}

// What a mark is taken for.
const (
	markContent  = iota
	markArtifact // edge shadow, hole punch, staple shadow, fold line
	markSmall    // speck: content only beside other content
)

// classify says what mark i is; in is cells per inch.
func (s *markSet) classify(i int, in float64) int {
	mk := &s.marks[i]
	b := mk.box
	bw, bh := float64(b.Dx())/in, float64(b.Dy())/in
	pw, ph := float64(s.cw)/in, float64(s.ch)/in
	// Distances of the box from the edges, inches.
	left, top := float64(b.Min.X)/in, float64(b.Min.Y)/in
	right, bottom := float64(s.cw-b.Max.X)/in, float64(s.ch-b.Max.Y)/in

	// Edge shadows: the mark reaches an edge and stays near the edges it
	// reaches.
	const reach, depth = 0.1, 0.75
	tl, tt, tr, tb := left <= reach, top <= reach, right <= reach, bottom <= reach
	if tl || tt || tr || tb {
		near := 0
		for _, c := range mk.cells {
			x, y := (float64(int(c)%s.cw)+0.5)/in, (float64(int(c)/s.cw)+0.5)/in
			if tl && x <= depth || tr && pw-x <= depth || tt && y <= depth || tb && ph-y <= depth {
				near++
			}
		}
		if near*20 >= len(mk.cells)*19 {
			return markArtifact
		}
	}
	edge := math.Min(math.Min(left, right), math.Min(top, bottom))
	long, short := math.Max(bw, bh), math.Min(bw, bh)
	// Hole punches: round, hole-sized, near an edge.
	if short >= 0.15 && long <= 0.45 && long <= 1.5*short && edge+long/2 <= 1.0 && s.round(mk) {
		return markArtifact
	}
	// Staple shadows: a thin stroke in a corner.
	length := math.Hypot(bw, bh)
	thick := float64(len(mk.cells)) / in / in / length
	corner := math.Min(left, right)+bw <= 1.25 && math.Min(top, bottom)+bh <= 1.25
	diagonal := short >= 0.25*length
	if corner && diagonal && length >= 0.15 && length <= 1.0 && thick <= 0.07 {
		return markArtifact
	}
	if long < 0.085 {
		return markSmall
	}
	// Faint and small: bleed-through that JPEG compression darkened in
	// places (pencil that faint makes words, longer than this).
	faint := true
	for _, c := range mk.cells {
		if s.darkest[c] < faintLevel {
			faint = false
			break
		}
	}
	if faint && long < 0.2 {
		return markSmall
	}
	return markContent
}

// round reports whether a mark is a disc (a dark hole) or a ring (a light
// hole and the shadow of its rim), as a hole punch is and a word is not.
func (s *markSet) round(mk *mark) bool {
	b := mk.box
	cx, cy := float64(b.Min.X+b.Max.X)/2, float64(b.Min.Y+b.Max.Y)/2
	r := float64(b.Dx()+b.Dy()) / 4
	in, ring := 0, 0
	var sectors [12]bool
	for _, c := range mk.cells {
		dx, dy := float64(int(c)%s.cw)+0.5-cx, float64(int(c)/s.cw)+0.5-cy
		d := math.Hypot(dx, dy) / r
		if d <= 1.15 {
			in++
		}
		if d >= 0.55 && d <= 1.2 {
			ring++
			a := int((math.Atan2(dy, dx) + math.Pi) / (2 * math.Pi) * 12)
			sectors[min(a, 11)] = true
		}
	}
	n := len(mk.cells)
	if in*20 >= n*19 && float64(n) >= 0.7*math.Pi*r*r {
		return true // a disc
	}
	hit := 0
	for _, on := range sectors {
		if on {
			hit++
		}
	}
	return ring*20 >= n*19 && hit >= 11 // a ring
}

// folds finds the marks that make up fold lines: thin marks (at most 2.5
// cells thick on average) lying end to end (within 0.15 inch of each other
// across the line, gaps of up to an inch along it) over at least 70% of
// the page's width or height, at least 30% of that inked. A faint fold
// breaks into many such pieces where it fades.
func (s *markSet) folds(in float64) []bool {
	out := make([]bool, len(s.marks))
	for _, across := range [2]bool{true, false} {
		type piece struct {
			i      int
			at     float64 // centre across the line, cells
			a0, a1 int     // extent along it
		}
		var ps []piece
		for i := range s.marks {
			mk := &s.marks[i]
			b := mk.box
			along, cross := b.Dx(), b.Dy()
			a0, a1, at := b.Min.X, b.Max.X, float64(b.Min.Y+b.Max.Y)/2
			if !across {
				along, cross = cross, along
				a0, a1, at = b.Min.Y, b.Max.Y, float64(b.Min.X+b.Max.X)/2
			}
			length := math.Hypot(float64(along), float64(cross))
			if along < 2 || along < 3*cross || float64(len(mk.cells)) > 2.5*length {
				continue
			}
			ps = append(ps, piece{i, at, a0, a1})
		}
		sort.Slice(ps, func(a, b int) bool { return ps[a].at < ps[b].at })
		span := s.ch
		if across {
			span = s.cw
		}
		gap := 0.15 * in
		for i := 0; i < len(ps); {
			j := i + 1
			for j < len(ps) && ps[j].at-ps[j-1].at <= gap {
				j++
			}
			// Pieces end to end along the line, gaps up to an inch: the
			// run must cover 70% of the page and be at least 30% ink.
			line := append([]piece(nil), ps[i:j]...)
			sort.Slice(line, func(a, b int) bool { return line[a].a0 < line[b].a0 })
			for k := 0; k < len(line); {
				e, end, inked := k+1, line[k].a1, line[k].a1-line[k].a0
				for e < len(line) && float64(line[e].a0-end) <= in {
					inked += max(0, line[e].a1-max(line[e].a0, end))
					end = max(end, line[e].a1)
					e++
				}
				if ext := float64(end - line[k].a0); ext >= max(0.7*float64(span), 5*in) && 10*inked >= 3*int(ext) {
					for _, p := range line[k:e] {
						out[p.i] = true
					}
				}
				k = e
			}
			i = j
		}
	}
	return out
}
