package ocr

import (
	"context"
	"image"
	"math"
	"slices"
	"strings"

	"github.com/chartroom/chartroom/chart"
)

// The image side of identifier regions: ruled boxes, margin strips, and
// preparing and reading a crop.

// inkMap is the page's ink at half resolution (a cell is ink when its
// darkest pixel is darker than regionInk), with its connected components
// labelled lazily.
type inkMap struct {
	w, h   int
	ink    []bool
	labels []int32 // component id per cell (0: no ink), after label()
	found  []frame // ruled boxes, after frames()
	done   bool
}

const regionInk = 140

func newInkMap(g *image.Gray) *inkMap {
	w, h := g.Rect.Dx()/2, g.Rect.Dy()/2
	m := &inkMap{w: w, h: h, ink: make([]bool, w*h)}
	for y := 0; y < h; y++ {
		r0 := g.Pix[(2*y)*g.Stride:]
		r1 := g.Pix[(2*y+1)*g.Stride:]
		row := m.ink[y*w : (y+1)*w]
		for x := range row {
			row[x] = min(r0[2*x], r0[2*x+1], r1[2*x], r1[2*x+1]) < regionInk
		}
	}
	return m
}

// label assigns 8-connected component ids (union-find, two passes).
func (m *inkMap) label() {
	if m.labels != nil {
		return
	}
	w, h := m.w, m.h
	lab := make([]int32, w*h)
	parent := []int32{0}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	union := func(a, b int32) int32 {
		a, b = find(a), find(b)
		if a == b {
			return a
		}
		if a < b {
			parent[b] = a
			return a
		}
		parent[a] = b
		return b
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := y*w + x
			if !m.ink[i] {
				continue
			}
			var l int32
			join := func(j int) {
				if lab[j] == 0 {
					return
				}
				if l == 0 {
					l = lab[j]
				} else if lab[j] != l {
					l = union(l, lab[j])
				}
			}
			if x > 0 {
				join(i - 1)
			}
			if y > 0 {
				if x > 0 {
					join(i - w - 1)
				}
				join(i - w)
				if x+1 < w {
					join(i - w + 1)
				}
			}
			if l == 0 {
				l = int32(len(parent))
				parent = append(parent, l)
			}
			lab[i] = l
		}
	}
	for i, l := range lab {
		if l != 0 {
			lab[i] = find(l)
		}
	}
	m.labels = lab
}

// frameBoxes returns the boxes of the page's ruled boxes (cached).
func (m *inkMap) frameBoxes(dpi int) []image.Rectangle {
	var out []image.Rectangle
	for _, f := range m.frames(dpi) {
		out = append(out, f.box)
	}
	return out
}

type frame struct {
	id  int32
	box image.Rectangle // page pixels
}

// frames finds ruled boxes: connected components shaped like the outline
// of a rectangle of label size (at least 0.8 × 0.3 in, at most 70% of the
// page wide and 35% high), nearly all of whose ink lies on its outline
// (at most a little in the middle, so a table's grid is not one), enclosing
// some other ink. Works on crooked stickers too: a turned outline is still
// one hollow component.
func (m *inkMap) frames(dpi int) []frame {
	if m.done {
		return m.found
	}
	m.done = true
	m.label()
	type stat struct {
		minX, minY, maxX, maxY int
		n                      int
	}
	stats := map[int32]*stat{}
	for y := 0; y < m.h; y++ {
		for x := 0; x < m.w; x++ {
			l := m.labels[y*m.w+x]
			if l == 0 {
				continue
			}
			s := stats[l]
			if s == nil {
				s = &stat{minX: x, minY: y, maxX: x, maxY: y}
				stats[l] = s
			}
			s.minX, s.maxX = min(s.minX, x), max(s.maxX, x)
			s.minY, s.maxY = min(s.minY, y), max(s.maxY, y)
			s.n++
		}
	}
	unit := float64(dpi) / 2 // cells per inch
	for id, s := range stats {
		bw, bh := s.maxX-s.minX+1, s.maxY-s.minY+1
		if float64(bw) < 0.8*unit || float64(bh) < 0.3*unit || bw > m.w*7/10 || bh > m.h*35/100 {
			continue
		}
		perim := 2 * (bw + bh)
		thick := int(0.05*unit) + 1
		if s.n < perim*6/10 || s.n > perim*thick+bw*bh/10 {
			continue
		}
		// Hollow: nothing of it in the middle half.
		cx0, cx1 := s.minX+bw/4, s.maxX-bw/4
		cy0, cy1 := s.minY+bh/4, s.maxY-bh/4
		inner, other := 0, 0
		for y := cy0; y <= cy1; y++ {
			for x := cx0; x <= cx1; x++ {
				switch l := m.labels[y*m.w+x]; {
				case l == id:
					inner++
				case l != 0:
					other++
				}
			}
		}
		if inner > (cx1-cx0+1)*(cy1-cy0+1)/100 || other == 0 {
			continue
		}
		m.found = append(m.found, frame{id: id, box: image.Rect(2*s.minX, 2*s.minY, 2*s.maxX+2, 2*s.maxY+2)})
	}
	slices.SortFunc(m.found, func(a, b frame) int { return a.box.Min.Y*100000 + a.box.Min.X - b.box.Min.Y*100000 - b.box.Min.X })
	return m.found
}

// marginCandidates looks along the left and right edges (the outer 12% of
// the page, less the outermost 0.1 in where edge shadows lie) for a tall,
// narrow run of ink that no recognised horizontal word covers: a label
// printed along the margin. It is read turned both ways.
func marginCandidates(g *image.Gray, dpi int, words []chart.Word, frames []image.Rectangle) []candidate {
	W, H := g.Rect.Dx(), g.Rect.Dy()
	edge := dpi / 10
	strip := W * 12 / 100
	var out []candidate
	for _, left := range []bool{true, false} {
		x0, x1 := edge, strip
		if !left {
			x0, x1 = W-strip, W-edge
		}
		// Cover recognised horizontal words (wider than tall, confident,
		// well formed) and ruled boxes.
		sw := x1 - x0
		if sw <= 0 {
			continue
		}
		mask := make([]bool, sw*H)
		paint := func(r image.Rectangle) {
			r = r.Intersect(image.Rect(x0, 0, x1, H))
			for y := r.Min.Y; y < r.Max.Y; y++ {
				row := mask[y*sw:]
				for x := r.Min.X; x < r.Max.X; x++ {
					row[x-x0] = true
				}
			}
		}
		for _, f := range frames {
			paint(f)
		}
		for _, w := range words {
			if w.Conf >= 0.8 && w.Box.Dx() > w.Box.Dy() && len([]rune(w.Text)) >= 3 && wellFormed(w.Text) && w.Box.Dy() < dpi/4 {
				paint(w.Box.Inset(-4))
			}
		}
		covered := func(x, y int) bool { return mask[y*sw+x-x0] }
		rows := make([]int, H)
		cols := make([]int, x1-x0)
		for y := 0; y < H; y++ {
			row := g.Pix[y*g.Stride:]
			for x := x0; x < x1; x++ {
				if row[x] < regionInk && !covered(x, y) {
					rows[y]++
					cols[x-x0]++
				}
			}
		}
		// Longest run of ink rows, allowing gaps of up to 0.3 in.
		gap := dpi * 3 / 10
		bestLo, bestHi, lo, last := -1, -1, -1, -1
		for y := 0; y < H; y++ {
			if rows[y] == 0 {
				continue
			}
			if lo < 0 || y-last > gap {
				lo = y
			}
			last = y
			if last-lo > bestHi-bestLo {
				bestLo, bestHi = lo, last
			}
		}
		if bestLo < 0 || bestHi-bestLo < dpi*8/10 {
			continue
		}
		// Its columns.
		cx0, cx1 := -1, -1
		inkSum := 0
		for x := x0; x < x1; x++ {
			n := 0
			for y := bestLo; y <= bestHi; y++ {
				if g.Pix[y*g.Stride+x] < regionInk && !covered(x, y) {
					n++
				}
			}
			if n > 0 {
				if cx0 < 0 {
					cx0 = x
				}
				cx1 = x + 1
				inkSum += n
			}
		}
		box := image.Rect(cx0, bestLo, cx1, bestHi+1)
		if cx0 < 0 || box.Dy() < 2*box.Dx() {
			continue
		}
		// Ink running on into the page past the strip is the page's own
		// text or a form, not a label standing alone in the margin.
		if left && cx1 >= x1 || !left && cx0 <= x0 {
			continue
		}
		// Text-like density: not a shadow or a solid bar.
		if d := float64(inkSum) / float64(area(box)); d < 0.02 || d > 0.45 {
			continue
		}
		rots := []int{90, 270} // bottom-to-top first on the left
		if !left {
			rots = []int{270, 90}
		}
		out = append(out, candidate{kind: KindMargin, box: box, mode: RegionBlock, prio: 2, rots: rots})
	}
	return out
}

// readCandidate crops, prepares and reads one region; ok is false when the
// reading holds nothing.
func readCandidate(ctx context.Context, rr RegionReader, g *image.Gray, dpi int, c candidate, ink *inkMap) (chart.RegionRead, bool, error) {
	pad := max(dpi/25, 4)
	box := c.box.Inset(-pad).Intersect(g.Rect)
	if box.Empty() {
		return chart.RegionRead{}, false, nil
	}
	crop := cropGray(g, box)
	if c.frame != 0 && ink.labels != nil {
		eraseComponent(crop, box.Min, ink, c.frame)
	}
	stretchContrast(crop)
	// Small skew of its own (a crooked sticker).
	skew := 0.0
	if c.kind == KindLabel || c.kind == KindImprint {
		if s := EstimateSkew(crop, 8); math.Abs(s) >= 0.5 {
			skew = s
			crop = RotateSmall(crop, -s)
		}
	}
	rots := c.rots
	if len(rots) == 0 {
		rots = []int{0}
	}
	var best chart.RegionRead
	bestQ := -1.0
	for _, rot := range rots {
		img := Rotate(crop, rot)
		scale := upscaleFactor(img, dpi)
		if scale > 1 {
			img = upscale(img, scale)
		}
		rec, err := rr.ReadRegion(ctx, img, dpi*scale, c.mode)
		if err != nil {
			return chart.RegionRead{}, false, err
		}
		tr := cropTransform{origin: box.Min, w: crop.Rect.Dx(), h: crop.Rect.Dy(), skew: skew, rot: rot, scale: scale}
		r := chart.RegionRead{Kind: c.kind, Box: c.box, Rotation: rot, Confidence: rec.Confidence,
			Text: strings.ReplaceAll(rec.Text, "\n\n", "\n")}
		for _, w := range rec.Words {
			w.Box = tr.toPage(w.Box).Intersect(g.Rect)
			r.Words = append(r.Words, w)
		}
		q := readingQuality(r.Words)
		if q > bestQ {
			best, bestQ = r, q
		}
		if q >= 0.75 {
			break // clearly right: no need to try the other way
		}
	}
	hasText := false
	for _, w := range best.Words {
		if strings.IndexFunc(w.Text, func(r rune) bool { return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }) >= 0 {
			hasText = true
			break
		}
	}
	return best, hasText, nil
}

// eraseComponent whitens the pixels of crop (placed at origin on the page)
// that belong to component id of the half-resolution ink map, or touch it
// (the frame's anti-aliased fringe).
func eraseComponent(crop *image.Gray, origin image.Point, ink *inkMap, id int32) {
	for y := 0; y < crop.Rect.Dy(); y++ {
		cy := (origin.Y + y) / 2
		if cy >= ink.h {
			break
		}
		row := crop.Pix[y*crop.Stride:]
		for x := 0; x < crop.Rect.Dx(); x++ {
			cx := (origin.X + x) / 2
			if cx < ink.w && nearComponent(ink, cx, cy, id) {
				row[x] = 255
			}
		}
	}
}

func nearComponent(ink *inkMap, cx, cy int, id int32) bool {
	for y := max(cy-1, 0); y <= min(cy+1, ink.h-1); y++ {
		for x := max(cx-1, 0); x <= min(cx+1, ink.w-1); x++ {
			if ink.labels[y*ink.w+x] == id {
				return true
			}
		}
	}
	return false
}

// stretchContrast maps the crop's darkest ink to black and its paper to
// white when the ink is faint (an addressograph imprint, a pale sticker).
func stretchContrast(g *image.Gray) {
	var hist [256]int
	n := 0
	for y := 0; y < g.Rect.Dy(); y++ {
		for _, v := range g.Pix[y*g.Stride : y*g.Stride+g.Rect.Dx()] {
			hist[v]++
			n++
		}
	}
	if n == 0 {
		return
	}
	at := func(share float64) int {
		want, acc := int(share*float64(n)), 0
		for v, c := range hist {
			acc += c
			if acc > want {
				return v
			}
		}
		return 255
	}
	lo, hi := at(0.005), at(0.5)
	if lo < 50 || hi-lo < 40 {
		return
	}
	for i, v := range g.Pix {
		switch {
		case int(v) <= lo:
			g.Pix[i] = 0
		case int(v) >= hi:
			g.Pix[i] = 255
		default:
			g.Pix[i] = uint8((int(v) - lo) * 255 / (hi - lo))
		}
	}
}

// upscaleFactor returns 2 or 3 when the crop's text is small (x-height
// under 20 px at 300 dpi, judged from its ink line heights), else 1.
func upscaleFactor(g *image.Gray, dpi int) int {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	var runs []int
	run := 0
	for y := 0; y <= h; y++ {
		inked := false
		if y < h {
			for _, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
				if v < regionInk {
					inked = true
					break
				}
			}
		}
		if inked {
			run++
		} else if run > 0 {
			runs = append(runs, run)
			run = 0
		}
	}
	if len(runs) == 0 {
		return 1
	}
	// Line height ≈ 2 × x-height for text with ascenders and descenders.
	best := 0
	for _, r := range runs {
		best = max(best, r)
	}
	var sum, cnt int
	for _, r := range runs {
		if r*3 >= best {
			sum += r
			cnt++
		}
	}
	xh := float64(sum) / float64(cnt) / 2 * 300 / float64(max(dpi, 1))
	switch {
	case xh >= 20 || xh < 4:
		return 1
	case xh < 10:
		return 3
	}
	return 2
}

// upscale enlarges g by an integer factor with bilinear interpolation.
func upscale(g *image.Gray, f int) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w*f, h*f))
	for y := 0; y < h*f; y++ {
		sy := (float64(y)+0.5)/float64(f) - 0.5
		row := out.Pix[y*out.Stride : y*out.Stride+w*f]
		for x := range row {
			sx := (float64(x)+0.5)/float64(f) - 0.5
			row[x] = bilinearClamp(g, sx, sy, w, h)
		}
	}
	return out
}

func bilinearClamp(g *image.Gray, x, y float64, w, h int) uint8 {
	x = math.Max(0, math.Min(x, float64(w-1)))
	y = math.Max(0, math.Min(y, float64(h-1)))
	x0, y0 := int(x), int(y)
	x1, y1 := min(x0+1, w-1), min(y0+1, h-1)
	fx, fy := x-float64(x0), y-float64(y0)
	a, b := float64(g.Pix[y0*g.Stride+x0]), float64(g.Pix[y0*g.Stride+x1])
	c, d := float64(g.Pix[y1*g.Stride+x0]), float64(g.Pix[y1*g.Stride+x1])
	return uint8(a*(1-fx)*(1-fy) + b*fx*(1-fy) + c*(1-fx)*fy + d*fx*fy + 0.5)
}

// cropTransform maps boxes in a prepared crop back to page pixels: the crop
// (w×h, at origin on the page) was turned by -skew degrees (RotateSmall),
// then clockwise by rot, then enlarged by scale.
type cropTransform struct {
	origin image.Point
	w, h   int
	skew   float64
	rot    int
	scale  int
}

func (t cropTransform) toPage(r image.Rectangle) image.Rectangle {
	corners := [4][2]float64{
		{float64(r.Min.X), float64(r.Min.Y)}, {float64(r.Max.X), float64(r.Min.Y)},
		{float64(r.Min.X), float64(r.Max.Y)}, {float64(r.Max.X), float64(r.Max.Y)},
	}
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, c := range corners {
		x, y := t.point(c[0], c[1])
		minX, maxX = math.Min(minX, x), math.Max(maxX, x)
		minY, maxY = math.Min(minY, y), math.Max(maxY, y)
	}
	return image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX)), int(math.Ceil(maxY)))
}

// point maps one point (pixel-edge coordinates) of the read image to the page.
func (t cropTransform) point(x, y float64) (float64, float64) {
	s := float64(max(t.scale, 1))
	x, y = x/s, y/s
	w, h := float64(t.w), float64(t.h)
	switch ((t.rot % 360) + 360) % 360 {
	case 90: // Rotate 90: (x, y) -> (h - y, x)
		x, y = y, h-x
	case 180:
		x, y = w-x, h-y
	case 270: // Rotate 270: (x, y) -> (y, w - x)
		x, y = w-y, x
	}
	if t.skew != 0 {
		// RotateSmall(crop, -skew): an output point samples the source at
		// the centre plus the offset turned by -skew.
		rad := -t.skew * math.Pi / 180
		sin, cos := math.Sin(rad), math.Cos(rad)
		cx, cy := w/2, h/2
		dx, dy := x-cx, y-cy
		x, y = cx+dx*cos-dy*sin, cy+dx*sin+dy*cos
	}
	return x + float64(t.origin.X), y + float64(t.origin.Y)
}
