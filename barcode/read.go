package barcode

import (
	"image"
	"math"
	"sort"

	"github.com/chartroom/chartroom/chart"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/datamatrix"
	"github.com/makiuchi-d/gozxing/multi/qrcode"
	"github.com/makiuchi-d/gozxing/oned"
)

// crop is a region of the page copied out at full resolution.
type crop struct {
	buf  []byte // buf[y*w+x]
	w, h int
	thr  int // Otsu level of the crop: below is dark
	dpi  int
}

func (p *page) crop(r image.Rectangle) *crop {
	c := &crop{w: r.Dx(), h: r.Dy(), dpi: p.dpi}
	c.buf = make([]byte, c.w*c.h)
	var hist [256]int
	for y := 0; y < c.h; y++ {
		src := p.pix[(r.Min.Y+y)*p.stride+r.Min.X:]
		row := c.buf[y*c.w : (y+1)*c.w]
		copy(row, src[:c.w])
		for _, v := range row {
			hist[v]++
		}
	}
	c.thr = otsu(&hist)
	return c
}

// transpose returns the crop mirrored about its diagonal, so bars that
// run along rows run across them.
func (c *crop) transpose() *crop {
	t := &crop{w: c.h, h: c.w, thr: c.thr, dpi: c.dpi, buf: make([]byte, len(c.buf))}
	for y := 0; y < c.h; y++ {
		for x := 0; x < c.w; x++ {
			t.buf[x*t.w+y] = c.buf[y*c.w+x]
		}
	}
	return t
}

// despeckle returns the crop thresholded at its Otsu level and put
// through a 3x3 majority filter (a median filter on the bitonal image),
// which removes scanner dust up to about two pixels across and keeps
// edges. The result is pure black and white.
func (c *crop) despeckle() *crop {
	n := c.w * c.h
	bits := make([]uint8, n)
	for i, v := range c.buf {
		if int(v) < c.thr {
			bits[i] = 1
		}
	}
	// Horizontal sums of three, then vertical sums of those.
	hs := make([]uint8, n)
	for y := 0; y < c.h; y++ {
		row, out := bits[y*c.w:(y+1)*c.w], hs[y*c.w:(y+1)*c.w]
		for x := range row {
			s := row[x]
			if x > 0 {
				s += row[x-1]
			}
			if x+1 < c.w {
				s += row[x+1]
			}
			out[x] = s
		}
	}
	d := &crop{w: c.w, h: c.h, thr: 128, dpi: c.dpi, buf: make([]byte, n)}
	for y := 0; y < c.h; y++ {
		for x := 0; x < c.w; x++ {
			i := y*c.w + x
			s, k := int(hs[i]), 3
			if y > 0 {
				s += int(hs[i-c.w])
				k += 3
			}
			if y+1 < c.h {
				s += int(hs[i+c.w])
				k += 3
			}
			if 2*s > k {
				d.buf[i] = 0
			} else {
				d.buf[i] = 255
			}
		}
	}
	return d
}

// isolate returns a copy of the crop in which everything but the most
// Data Matrix-like blob of ink (the largest connected component, not
// touching the crop's edge, no more than 3:1 and about half ink: the
// symbol's solid L with the modules touching it) and a small margin around
// it is paper, and dust inside the margin is wiped. It returns nil when
// there is no such blob.
func (c *crop) isolate(inv bool) *crop {
	n := c.w * c.h
	ink := make([]bool, n)
	for i, v := range c.buf {
		ink[i] = (int(v) < c.thr) != inv
	}
	seen := make([]bool, n)
	var stack []int
	best, bestArea := image.Rectangle{}, 0
	minSide := c.dpi / 8
	// Specks: blobs no bigger than scanner dust, to be wiped.
	speck := max(4, 24*c.dpi*c.dpi/(300*300))
	var specks []int // start pixels of speck blobs
	for i := 0; i < n; i++ {
		if seen[i] || !ink[i] {
			continue
		}
		seen[i] = true
		stack = append(stack[:0], i)
		x0, y0, x1, y1 := c.w, c.h, 0, 0
		px := 0
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := j%c.w, j/c.w
			px++
			x0, x1 = min(x0, x), max(x1, x+1)
			y0, y1 = min(y0, y), max(y1, y+1)
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					xx, yy := x+dx, y+dy
					if xx < 0 || yy < 0 || xx >= c.w || yy >= c.h {
						continue
					}
					q := yy*c.w + xx
					if !seen[q] && ink[q] {
						seen[q] = true
						stack = append(stack, q)
					}
				}
			}
		}
		if px <= speck {
			specks = append(specks, i)
			continue
		}
		r := image.Rect(x0, y0, x1, y1)
		w, h := r.Dx(), r.Dy()
		if r.Min.X == 0 || r.Min.Y == 0 || r.Max.X == c.w || r.Max.Y == c.h ||
			w < minSide || h < minSide || w > 3*h || h > 3*w {
			continue
		}
		if d := float64(px) / float64(w*h); d < 0.3 || d > 0.8 {
			continue
		}
		if w*h > bestArea {
			best, bestArea = r, w*h
		}
	}
	if bestArea == 0 {
		return nil
	}
	keep := grow(best, 2+max(best.Dx(), best.Dy())/50)
	paper := byte(255)
	if inv {
		paper = 0
	}
	out := &crop{w: c.w, h: c.h, thr: c.thr, dpi: c.dpi, buf: make([]byte, n)}
	for y := 0; y < c.h; y++ {
		for x := 0; x < c.w; x++ {
			if (image.Point{x, y}).In(keep) {
				out.buf[y*c.w+x] = c.buf[y*c.w+x]
			} else {
				out.buf[y*c.w+x] = paper
			}
		}
	}
	// Wipe the specks (flood fill from each recorded start).
	for _, i := range specks {
		stack = append(stack[:0], i)
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if out.buf[j] == paper || !ink[j] {
				continue
			}
			out.buf[j] = paper
			x, y := j%c.w, j/c.w
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					xx, yy := x+dx, y+dy
					if xx >= 0 && yy >= 0 && xx < c.w && yy < c.h {
						stack = append(stack, yy*c.w+xx)
					}
				}
			}
		}
	}
	return out
}

// borderDark reports whether the crop's outer ring is mostly dark: a
// symbol printed white on black, or a page scanned inverted.
func (c *crop) borderDark() bool {
	dark, n := 0, 0
	count := func(v byte) {
		n++
		if int(v) < c.thr {
			dark++
		}
	}
	for x := 0; x < c.w; x++ {
		count(c.buf[x])
		count(c.buf[(c.h-1)*c.w+x])
	}
	for y := 0; y < c.h; y++ {
		count(c.buf[y*c.w])
		count(c.buf[y*c.w+c.w-1])
	}
	return dark*2 > n
}

// decodeRegion decodes what it can in one candidate region and returns it
// in page pixels.
func (p *page) decodeRegion(r region) []chart.Barcode {
	c := p.crop(r.rect)
	inv := c.borderDark()
	pols := [2]bool{inv, !inv}
	var out []chart.Barcode
	if r.try1D {
		for _, pol := range pols {
			got := c.read1D(pol)
			if len(got) == 0 {
				got = c.readPatch(pol)
			}
			for _, b := range got {
				b.Box = b.Box.Add(r.rect.Min)
				out = append(out, b)
			}
			if len(got) > 0 {
				break
			}
		}
	}
	if r.try1DV {
		t := c.transpose()
		for _, pol := range pols {
			got := t.read1D(pol)
			if len(got) == 0 {
				got = t.readPatch(pol)
			}
			for _, b := range got {
				bx := b.Box
				b.Box = image.Rect(bx.Min.Y, bx.Min.X, bx.Max.Y, bx.Max.X).Add(r.rect.Min)
				out = append(out, b)
			}
			if len(got) > 0 {
				break
			}
		}
	}
	if !r.tryPDF {
		return out
	}
	// 2-D symbols with large modules can have an edge too sparse to
	// classify, so their region gets a wider margin. PDF417, whose rows
	// of bars look 1-D or 2-D depending on the row height, is looked for
	// first, in the wider crop if there is one; QR and Data Matrix are
	// skipped when a PDF417 symbol fills most of the region (their
	// readers are the expensive part).
	rect2, c2, inv2 := r.rect, c, inv
	if r.try2D {
		g := max(p.inch(0.04), min(r.rect.Dx(), r.rect.Dy())/10)
		rect2 = grow(r.rect, g).Intersect(image.Rect(0, 0, p.w, p.h))
		c2 = p.crop(rect2)
		inv2 = c2.borderDark()
	}
	// A 1-D symbol that fills the region leaves no room for a PDF417.
	var pdf []chart.Barcode
	if !fills(out, r.rect) {
		pdf = p.readPDF417(c2, rect2, inv2)
		out = append(out, pdf...)
	}
	if r.try2D && !fills(pdf, r.rect.Sub(rect2.Min)) {
		// 2-D symbols are read as scanned, then with speckles filtered
		// out (they break the detectors' finder and border scans).
		var got []chart.Barcode
		var clean *crop
		despeckled := func() *crop {
			if clean == nil {
				clean = c2.despeckle()
			}
			return clean
		}
		attempts := []func(pol bool) []chart.Barcode{
			func(pol bool) []chart.Barcode { return c2.read2D(pol, true) },
			func(pol bool) []chart.Barcode { return despeckled().read2D(pol, true) },
			// Last, the symbol alone: text or rules inside the crop stop
			// the Data Matrix detector, which grows a white-bordered box
			// out from the crop's centre, and dust beside it is taken for
			// its corners.
			func(pol bool) []chart.Barcode {
				if pol != inv2 {
					return nil // only ink of the crop's own polarity
				}
				if iso := despeckled().isolate(pol); iso != nil {
					return iso.read2D(pol, false)
				}
				return nil
			},
		}
	tries:
		for _, try := range attempts {
			for _, pol := range [2]bool{inv2, !inv2} {
				if got = try(pol); len(got) > 0 {
					break tries
				}
			}
		}
		for _, b := range got {
			b.Box = b.Box.Add(rect2.Min)
			out = append(out, b)
		}
	}
	return out
}

// readPDF417 reads a PDF417 symbol in crop c of rect and returns it in
// page pixels. If only one edge of a symbol was seen, the crop is widened
// that way once (by twice its width, at most 3 inches): blank or damaged
// columns can split a symbol into two regions.
func (p *page) readPDF417(c *crop, rect image.Rectangle, inv bool) []chart.Barcode {
	got, more := c.safeReadPDF417(inv)
	if len(got) == 0 && more != 0 {
		ext := min(2*rect.Dx(), p.inch(3))
		wide := rect
		if more > 0 {
			wide.Max.X += ext
		} else {
			wide.Min.X -= ext
		}
		rect = wide.Intersect(image.Rect(0, 0, p.w, p.h))
		got, _ = p.crop(rect).safeReadPDF417(inv)
	}
	for i := range got {
		got[i].Box = got[i].Box.Add(rect.Min)
	}
	return got
}

// fills reports whether the symbols cover at least half of r.
func fills(bs []chart.Barcode, r image.Rectangle) bool {
	a := 0
	for _, b := range bs {
		i := b.Box.Intersect(r)
		a += i.Dx() * i.Dy()
	}
	return 2*a >= r.Dx()*r.Dy()
}

// hit is one row that decoded.
type hit struct {
	format string
	text   string
	y      int
	x0, x1 int
}

// rowDecoder is what gozxing's 1-D readers offer for a single row.
type rowDecoder interface {
	DecodeRow(rowNumber int, row *gozxing.BitArray, hints map[gozxing.DecodeHintType]interface{}) (*gozxing.Result, error)
}

// read1D reads the crop row by row for Code 128 and Code 39 symbols whose
// bars cross the rows, forwards and reversed. inv reads light bars on a
// dark ground.
func (c *crop) read1D(inv bool) []chart.Barcode {
	decs := []struct {
		format string
		dec    rowDecoder
	}{
		{Code128, oned.NewCode128Reader().(rowDecoder)},
		{Code39, oned.NewCode39Reader().(rowDecoder)},
	}
	step := max(2, c.dpi/75)
	half := max(1, c.dpi/150)
	acc := make([]int, c.w)
	dark := make([]bool, c.w)
	rev := make([]bool, c.w)
	var hits []hit
	for y := half; y < c.h-half; y += step {
		c.sumRows(acc, y, half)
		lim := c.thr * (2*half + 1)
		for x, a := range acc {
			dark[x] = (a < lim) != inv
			rev[c.w-1-x] = dark[x]
		}
		for _, d := range decs {
			hits = scanRow(hits, d.format, d.dec, dark, y, false)
			hits = scanRow(hits, d.format, d.dec, rev, y, true)
		}
	}
	return c.confirm(hits, inv)
}

// scanRow decodes every symbol along one thresholded row, left to right.
func scanRow(hits []hit, format string, dec rowDecoder, dark []bool, y int, reversed bool) []hit {
	n := len(dark)
	off := 0
	for tries := 0; tries < 4 && n-off > 20; tries++ {
		ba := gozxing.NewBitArray(n - off)
		for i, d := range dark[off:] {
			if d {
				ba.Set(i)
			}
		}
		res := safeDecodeRow(dec, y, ba)
		if res == nil {
			return hits
		}
		pts := res.GetResultPoints()
		if len(pts) < 2 {
			return hits
		}
		a, b := pts[0].GetX(), pts[1].GetX()
		if a > b {
			a, b = b, a
		}
		x0, x1 := off+int(a), off+int(math.Ceil(b))
		text := res.GetText()
		if format == Code39 {
			text = fullASCII(text)
		}
		h := hit{format: format, text: text, y: y, x0: x0, x1: x1}
		if reversed {
			h.x0, h.x1 = n-1-x1, n-1-x0
		}
		hits = append(hits, h)
		off = x1 + 1
	}
	return hits
}

func safeDecodeRow(dec rowDecoder, y int, ba *gozxing.BitArray) (res *gozxing.Result) {
	defer func() {
		if recover() != nil {
			res = nil
		}
	}()
	r, err := dec.DecodeRow(y, ba, nil)
	if err != nil || r == nil || r.GetText() == "" {
		return nil
	}
	return r
}

// confirm keeps the symbols that read the same on enough rows in the same
// place and works out their boxes.
func (c *crop) confirm(hits []hit, inv bool) []chart.Barcode {
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].format != hits[j].format {
			return hits[i].format < hits[j].format
		}
		if hits[i].text != hits[j].text {
			return hits[i].text < hits[j].text
		}
		return hits[i].y < hits[j].y
	})
	maxGap := c.dpi / 4
	var out []chart.Barcode
	for i := 0; i < len(hits); {
		// One symbol: same text, rows close together, overlapping spans.
		j := i + 1
		box := image.Rect(hits[i].x0, hits[i].y, hits[i].x1, hits[i].y+1)
		rows := map[int]bool{hits[i].y: true}
		for j < len(hits) && hits[j].format == hits[i].format && hits[j].text == hits[i].text &&
			hits[j].y-box.Max.Y <= maxGap && hits[j].x0 < box.Max.X && hits[j].x1 > box.Min.X {
			box = box.Union(image.Rect(hits[j].x0, hits[j].y, hits[j].x1, hits[j].y+1))
			rows[hits[j].y] = true
			j++
		}
		need := 2
		if hits[i].format == Code39 {
			need = 3
		}
		if len(rows) >= need {
			out = append(out, chart.Barcode{
				Format: hits[i].format,
				Text:   hits[i].text,
				Box:    c.extend1D(box, inv),
			})
		}
		i = j
	}
	return out
}

// extend1D grows a box spanning the decoded rows to the bars' full height
// and the start and stop patterns' outer edges.
func (c *crop) extend1D(box image.Rectangle, inv bool) image.Rectangle {
	isDark := func(x, y int) bool { return (int(c.buf[y*c.w+x]) < c.thr) != inv }
	changes := func(y int) int {
		n := 0
		prev := isDark(box.Min.X, y)
		for x := box.Min.X + 1; x < box.Max.X; x++ {
			d := isDark(x, y)
			if d != prev {
				n++
			}
			prev = d
		}
		return n
	}
	box = box.Intersect(image.Rect(0, 0, c.w, c.h))
	if box.Empty() {
		return box
	}
	ref := changes((box.Min.Y + box.Max.Y - 1) / 2)
	for box.Min.Y > 0 && changes(box.Min.Y-1)*10 >= ref*7 {
		box.Min.Y--
	}
	for box.Max.Y < c.h && changes(box.Max.Y)*10 >= ref*7 {
		box.Max.Y++
	}
	// Outer edges: follow ink outwards across gaps narrower than a quiet
	// zone.
	y := (box.Min.Y + box.Max.Y - 1) / 2
	gap := max(3, box.Dx()/20)
	for x, white := box.Min.X-1, 0; x >= 0 && white <= gap; x-- {
		if isDark(x, y) {
			box.Min.X, white = x, 0
		} else {
			white++
		}
	}
	for x, white := box.Max.X, 0; x < c.w && white <= gap; x++ {
		if isDark(x, y) {
			box.Max.X, white = x+1, 0
		} else {
			white++
		}
	}
	return box
}

// read2D looks for Data Matrix and (with qr) QR symbols in the crop.
func (c *crop) read2D(inv, qr bool) []chart.Barcode {
	src, err := gozxing.NewPlanarYUVLuminanceSource(c.buf, c.w, c.h, 0, 0, c.w, c.h, false)
	if err != nil {
		return nil
	}
	if inv {
		src = gozxing.NewInvertedLuminanceSource(src)
	}
	bmp, err := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(src))
	if err != nil {
		return nil
	}
	var out []chart.Barcode
	if qr {
		for _, r := range safeDecodeQR(bmp) {
			out = append(out, chart.Barcode{Format: QRCode, Text: r.GetText(), Box: pointsBox(r.GetResultPoints(), true)})
		}
	}
	if r := safeDecodeDM(bmp); r != nil {
		out = append(out, chart.Barcode{Format: DataMatrix, Text: r.GetText(), Box: pointsBox(r.GetResultPoints(), false)})
	}
	for i := range out {
		out[i].Box = out[i].Box.Intersect(image.Rect(0, 0, c.w, c.h))
	}
	return out
}

func safeDecodeQR(bmp *gozxing.BinaryBitmap) (out []*gozxing.Result) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	tryHarder := map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true}
	rs, err := qrcode.NewQRCodeMultiReader().DecodeMultiple(bmp, tryHarder)
	if err == nil {
		for _, r := range rs {
			if r != nil && r.GetText() != "" {
				out = append(out, r)
			}
		}
	}
	return out
}

func safeDecodeDM(bmp *gozxing.BinaryBitmap) (res *gozxing.Result) {
	defer func() {
		if recover() != nil {
			res = nil
		}
	}()
	r, err := datamatrix.NewDataMatrixReader().Decode(bmp, nil)
	if err != nil || r == nil || r.GetText() == "" {
		return nil
	}
	return r
}

// pointsBox is the box around a 2-D symbol's result points. QR points are
// finder pattern centres, 3.5 modules in from the symbol's edges; Data
// Matrix points are the centres of its corner modules.
func pointsBox(pts []gozxing.ResultPoint, finders bool) image.Rectangle {
	if len(pts) == 0 {
		return image.Rectangle{}
	}
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	module := 0.0
	for _, pt := range pts {
		if pt == nil {
			continue
		}
		minX, maxX = math.Min(minX, pt.GetX()), math.Max(maxX, pt.GetX())
		minY, maxY = math.Min(minY, pt.GetY()), math.Max(maxY, pt.GetY())
		if fp, ok := pt.(interface{ GetEstimatedModuleSize() float64 }); ok {
			module = math.Max(module, fp.GetEstimatedModuleSize())
		}
	}
	var pad float64
	if finders {
		pad = 3.5 * module
	} else {
		// Half a module; a Data Matrix has at least 10 modules a side.
		pad = math.Max(maxX-minX, maxY-minY) / 20
	}
	return image.Rect(int(math.Floor(minX-pad)), int(math.Floor(minY-pad)),
		int(math.Ceil(maxX+pad))+1, int(math.Ceil(maxY+pad))+1)
}

// fullASCII returns Code 39 text read as Full ASCII when it is a valid Full
// ASCII encoding with at least one shifted pair; otherwise it returns s.
func fullASCII(s string) string {
	out := make([]byte, 0, len(s))
	shifted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '+' && c != '$' && c != '%' && c != '/' {
			out = append(out, c)
			continue
		}
		if i+1 >= len(s) {
			return s
		}
		n := s[i+1]
		var d byte
		switch {
		case c == '+' && n >= 'A' && n <= 'Z':
			d = n + 32
		case c == '$' && n >= 'A' && n <= 'Z':
			d = n - 64
		case c == '%' && n >= 'A' && n <= 'E':
			d = n - 38
		case c == '%' && n >= 'F' && n <= 'J':
			d = n - 11
		case c == '%' && n >= 'K' && n <= 'O':
			d = n + 16
		case c == '%' && n >= 'P' && n <= 'T':
			d = n + 43
		case c == '%' && n == 'U':
			d = 0
		case c == '%' && n == 'V':
			d = '@'
		case c == '%' && n == 'W':
			d = '`'
		case c == '%' && n >= 'X' && n <= 'Z':
			d = 127
		case c == '/' && n >= 'A' && n <= 'O':
			d = n - 32
		case c == '/' && n == 'Z':
			d = ':'
		default:
			return s
		}
		out = append(out, d)
		shifted = true
		i++
	}
	if !shifted {
		return s
	}
	return string(out)
}

// sumRows adds up, column by column, the 2*half+1 rows around y into acc:
// a row read through a little vertical smoothing, so a speck or a pinhole
// in one row does not break a bar.
func (c *crop) sumRows(acc []int, y, half int) {
	for x := range acc {
		acc[x] = 0
	}
	for dy := -half; dy <= half; dy++ {
		row := c.buf[(y+dy)*c.w : (y+dy+1)*c.w]
		for x, v := range row {
			acc[x] += int(v)
		}
	}
}
