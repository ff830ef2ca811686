package main

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/code128"
	"github.com/boombuler/barcode/code39"
	"github.com/boombuler/barcode/pdf417"
	"github.com/boombuler/barcode/qr"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

const fontDir = "/usr/share/fonts/truetype/"

var fontFiles = map[string]string{
	"serif":    "liberation/LiberationSerif-Regular.ttf",
	"serif-b":  "liberation/LiberationSerif-Bold.ttf",
	"serif-i":  "liberation/LiberationSerif-Italic.ttf",
	"sans":     "liberation/LiberationSans-Regular.ttf",
	"sans-b":   "liberation/LiberationSans-Bold.ttf",
	"sans-i":   "liberation/LiberationSans-Italic.ttf",
	"narrow":   "liberation/LiberationSansNarrow-Regular.ttf",
	"narrow-b": "liberation/LiberationSansNarrow-Bold.ttf",
	"narrow-i": "liberation/LiberationSansNarrow-Italic.ttf",
	"fserif":   "freefont/FreeSerif.ttf",
	"fserif-b": "freefont/FreeSerifBold.ttf",
	"fserif-i": "freefont/FreeSerifItalic.ttf",
	"fsans":    "freefont/FreeSans.ttf",
	"fsans-b":  "freefont/FreeSansBold.ttf",
	"fsans-i":  "freefont/FreeSansOblique.ttf",
	"dsans":    "dejavu/DejaVuSans.ttf",
	"dsans-b":  "dejavu/DejaVuSans-Bold.ttf",
	"dsans-i":  "dejavu/DejaVuSans-Oblique.ttf",
	"dserif":   "dejavu/DejaVuSerif.ttf",
	"dserif-b": "dejavu/DejaVuSerif-Bold.ttf",
	"dserif-i": "dejavu/DejaVuSerif-Italic.ttf",
	"dcond":    "dejavu/DejaVuSansCondensed.ttf",
	"dcond-b":  "dejavu/DejaVuSansCondensed-Bold.ttf",
	"dcond-i":  "dejavu/DejaVuSansCondensed-Oblique.ttf",
	"mono":     "liberation/LiberationMono-Regular.ttf",
	"mono-b":   "liberation/LiberationMono-Bold.ttf",
	"fmono":    "freefont/FreeMono.ttf",
	"fmono-b":  "freefont/FreeMonoBold.ttf",
	"dmono":    "dejavu/DejaVuSansMono.ttf",
	"dmono-b":  "dejavu/DejaVuSansMono-Bold.ttf",
	"hand":     "freefont/FreeSerifItalic.ttf",
	"hand2":    "dejavu/DejaVuSansCondensed-Oblique.ttf",
}

var parsedFonts = map[string]*opentype.Font{}
var faceCache = map[string]font.Face{}

func face(name string, pt, dpi float64) font.Face {
	key := name + "|" + ftoa(pt) + "|" + ftoa(dpi)
	if f, ok := faceCache[key]; ok {
		return f
	}
	of, ok := parsedFonts[name]
	if !ok {
		b, err := os.ReadFile(fontDir + fontFiles[name])
		if err != nil {
			panic(err)
		}
		of, err = opentype.Parse(b)
		if err != nil {
			panic(err)
		}
		parsedFonts[name] = of
	}
	f, err := opentype.NewFace(of, &opentype.FaceOptions{Size: pt, DPI: dpi, Hinting: font.HintingNone})
	if err != nil {
		panic(err)
	}
	faceCache[key] = f
	return f
}

func ftoa(f float64) string { return strings.TrimRight(strings.TrimRight(fmtF(f), "0"), ".") }
func fmtF(f float64) string {
	return string(appendFloat(f))
}
func appendFloat(f float64) []byte {
	i := int64(math.Round(f * 1000))
	s := []byte{}
	neg := i < 0
	if neg {
		i = -i
	}
	ip := i / 1000
	fp := i % 1000
	s = append(s, []byte(itoa64(ip))...)
	s = append(s, '.')
	fs := itoa64(fp)
	for len(fs) < 3 {
		fs = "0" + fs
	}
	s = append(s, fs...)
	if neg {
		s = append([]byte{'-'}, s...)
	}
	return s
}
func itoa64(i int64) string {
	if i == 0 {
		return "0"
	}
	b := []byte{}
	for i > 0 {
		b = append([]byte{byte('0' + i%10)}, b...)
		i /= 10
	}
	return string(b)
}

// Page is one sheet being drawn. Coordinates in inches.
type Page struct {
	DPI   float64
	Img   *image.Gray
	Lines []string
	rnd   *rand.Rand
}

func NewPage(dpi float64, r *rand.Rand) *Page {
	w, h := int(8.5*dpi), int(11*dpi)
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	return &Page{DPI: dpi, Img: img, rnd: r}
}

func (p *Page) px(in float64) int { return int(math.Round(in * p.DPI)) }

func (p *Page) Rec(s string) {
	s = strings.TrimSpace(s)
	if s != "" {
		p.Lines = append(p.Lines, s)
	}
}

// TextW measures a string in inches.
func (p *Page) TextW(fn string, pt float64, s string) float64 {
	f := face(fn, pt, p.DPI)
	w := font.MeasureString(f, s)
	return float64(w) / 64 / p.DPI
}

// drawStr draws without recording; returns width in inches. y is baseline.
func drawStr(img *image.Gray, dpi float64, fn string, pt float64, x, y float64, s string, gray uint8) float64 {
	f := face(fn, pt, dpi)
	d := &font.Drawer{Dst: img, Src: image.NewUniform(color.Gray{gray}), Face: f,
		Dot: fixed.Point26_6{X: fixed.Int26_6(x * dpi * 64), Y: fixed.Int26_6(y * dpi * 64)}}
	// darken-only drawing: draw onto a temp? font.Drawer uses draw.Over with mask, fine.
	d.DrawString(s)
	return float64(d.Dot.X)/64/dpi - x
}

func (p *Page) Text(fn string, pt, x, y float64, s string) float64 {
	p.Rec(s)
	return drawStr(p.Img, p.DPI, fn, pt, x, y, s, 0)
}
func (p *Page) TextG(fn string, pt, x, y float64, s string, gray uint8) float64 {
	p.Rec(s)
	return drawStr(p.Img, p.DPI, fn, pt, x, y, s, gray)
}
func (p *Page) TextNR(fn string, pt, x, y float64, s string) float64 {
	return drawStr(p.Img, p.DPI, fn, pt, x, y, s, 0)
}
func (p *Page) TextC(fn string, pt, cx, y float64, s string) {
	w := p.TextW(fn, pt, s)
	p.Text(fn, pt, cx-w/2, y, s)
}
func (p *Page) TextR(fn string, pt, rx, y float64, s string) {
	w := p.TextW(fn, pt, s)
	p.Text(fn, pt, rx-w, y, s)
}

// Hand draws "handwriting": italic font with jitter, slightly gray.
func (p *Page) Hand(x, y float64, s string, pt float64) {
	p.Rec(s)
	fn := "hand"
	if p.rnd.IntN(2) == 0 {
		fn = "hand2"
	}
	cx := x
	for _, w := range strings.Fields(s) {
		dy := (p.rnd.Float64() - 0.5) * 0.03
		ww := drawStr(p.Img, p.DPI, fn, pt*(0.95+p.rnd.Float64()*0.15), cx, y+dy, w, uint8(20+p.rnd.IntN(50)))
		cx += ww + p.TextW(fn, pt, " ")*(0.8+p.rnd.Float64()*0.6)
	}
}

func (p *Page) Fill(x, y, w, h float64, g uint8) {
	x0, y0, x1, y1 := p.px(x), p.px(y), p.px(x+w), p.px(y+h)
	fillRect(p.Img, x0, y0, x1, y1, g)
}
func fillRect(img *image.Gray, x0, y0, x1, y1 int, g uint8) {
	b := img.Bounds()
	if x0 < 0 {
		x0 = 0
	}
	if y0 < 0 {
		y0 = 0
	}
	if x1 > b.Dx() {
		x1 = b.Dx()
	}
	if y1 > b.Dy() {
		y1 = b.Dy()
	}
	for y := y0; y < y1; y++ {
		row := img.Pix[y*img.Stride:]
		for x := x0; x < x1; x++ {
			if row[x] > g {
				row[x] = g
			}
		}
	}
}
func (p *Page) Box(x, y, w, h, t float64) {
	p.Fill(x, y, w, t, 0)
	p.Fill(x, y+h-t, w, t, 0)
	p.Fill(x, y, t, h, 0)
	p.Fill(x+w-t, y, t, h, 0)
}
func (p *Page) HLine(x, y, w, t float64) { p.Fill(x, y, w, t, 0) }
func (p *Page) VLine(x, y, h, t float64) { p.Fill(x, y, t, h, 0) }

func (p *Page) Circle(cx, cy, r float64, g uint8, ring float64) {
	pcx, pcy, pr := p.px(cx), p.px(cy), float64(p.px(r))
	pri := pr - float64(p.px(ring))
	for y := pcy - int(pr) - 1; y <= pcy+int(pr)+1; y++ {
		for x := pcx - int(pr) - 1; x <= pcx+int(pr)+1; x++ {
			d := math.Hypot(float64(x-pcx), float64(y-pcy))
			if d <= pr && (ring <= 0 || d >= pri) {
				setMin(p.Img, x, y, g)
			}
		}
	}
}
func setMin(img *image.Gray, x, y int, g uint8) {
	if x < 0 || y < 0 || x >= img.Rect.Dx() || y >= img.Rect.Dy() {
		return
	}
	i := y*img.Stride + x
	if img.Pix[i] > g {
		img.Pix[i] = g
	}
}
func (p *Page) Checkbox(x, y float64, checked bool) {
	s := 0.13
	p.Box(x, y-s, s, s, 0.012)
	if checked {
		// hand X
		n := p.px(s)
		x0, y0 := p.px(x), p.px(y-s)
		for i := 0; i < n; i++ {
			for t := -2; t <= 2; t++ {
				setMin(p.Img, x0+i+t, y0+i, 30)
				setMin(p.Img, x0+n-i+t, y0+i, 30)
			}
		}
	}
}

// Wrap splits text into lines fitting width.
func (p *Page) Wrap(fn string, pt, width float64, text string) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		words := strings.Fields(para)
		cur := ""
		for _, w := range words {
			try := w
			if cur != "" {
				try = cur + " " + w
			}
			if p.TextW(fn, pt, try) > width && cur != "" {
				lines = append(lines, cur)
				cur = w
			} else {
				cur = try
			}
		}
		if cur != "" {
			lines = append(lines, cur)
		}
	}
	return lines
}

// Barcode rendering.
func encodeBC(kind, data string) barcode.Barcode {
	var bc barcode.Barcode
	var err error
	switch kind {
	case "code128":
		bc, err = code128.Encode(data)
	case "code39":
		bc, err = code39.Encode(strings.ToUpper(data), false, true)
	case "qr":
		bc, err = qr.Encode(data, qr.M, qr.Auto)
	case "pdf417":
		bc, err = pdf417.Encode(data, 2)
	}
	if err != nil {
		panic(kind + " " + data + ": " + err.Error())
	}
	return bc
}

// DrawBarcode draws a barcode; for 1D, module width mw inches and height h.
// For 2D, module size mw. Returns the drawn size in inches.
func (p *Page) DrawBarcode(kind, data string, x, y, mw, h float64) (float64, float64) {
	bc := encodeBC(kind, data)
	b := bc.Bounds()
	mpx := mw * p.DPI
	W := int(float64(b.Dx()) * mpx)
	var H int
	if kind == "code128" || kind == "code39" {
		H = p.px(h)
	} else if kind == "pdf417" {
		H = int(float64(b.Dy()) * mpx * 1.5)
	} else {
		H = int(float64(b.Dy()) * mpx)
	}
	x0, y0 := p.px(x), p.px(y)
	for yy := 0; yy < H; yy++ {
		sy := b.Min.Y
		if kind != "code128" && kind != "code39" {
			sy = b.Min.Y + int(float64(yy)/float64(H)*float64(b.Dy()))
		}
		for xx := 0; xx < W; xx++ {
			sx := b.Min.X + int(float64(xx)/mpx)
			if sx >= b.Max.X {
				sx = b.Max.X - 1
			}
			c := color.GrayModel.Convert(bc.At(sx, sy)).(color.Gray)
			if c.Y < 128 {
				setMin(p.Img, x0+xx, y0+yy, 0)
			}
		}
	}
	return float64(W) / p.DPI, float64(H) / p.DPI
}

// Composite places src (white background) onto p at (x,y) inches rotated by deg, darken-only.
func (p *Page) Composite(src *image.Gray, x, y float64, deg float64) {
	r := rotate(src, deg, 255)
	x0, y0 := p.px(x), p.px(y)
	b := r.Bounds()
	for yy := 0; yy < b.Dy(); yy++ {
		for xx := 0; xx < b.Dx(); xx++ {
			setMin(p.Img, x0+xx, y0+yy, r.Pix[yy*r.Stride+xx])
		}
	}
}

// CompositeOpaque places src replacing pixels (a sticker covering text).
func (p *Page) CompositeOpaque(src *image.Gray, x, y float64, deg float64, mask *image.Gray) {
	r := rotate(src, deg, 0)
	m := rotate(mask, deg, 0)
	x0, y0 := p.px(x), p.px(y)
	b := r.Bounds()
	W, H := p.Img.Rect.Dx(), p.Img.Rect.Dy()
	for yy := 0; yy < b.Dy(); yy++ {
		for xx := 0; xx < b.Dx(); xx++ {
			X, Y := x0+xx, y0+yy
			if X < 0 || Y < 0 || X >= W || Y >= H {
				continue
			}
			a := float64(m.Pix[yy*m.Stride+xx]) / 255
			if a <= 0 {
				continue
			}
			i := Y*p.Img.Stride + X
			p.Img.Pix[i] = uint8(float64(p.Img.Pix[i])*(1-a) + float64(r.Pix[yy*r.Stride+xx])*a)
		}
	}
}

// rotate by deg (counterclockwise positive) around center, expanding canvas; bilinear.
func rotate(src *image.Gray, deg float64, bg uint8) *image.Gray {
	if deg == 0 {
		return src
	}
	if deg == 90 || deg == -90 || deg == 270 || deg == 180 {
		return rotRight(src, deg)
	}
	th := deg * math.Pi / 180
	c, s := math.Cos(th), math.Sin(th)
	w, h := float64(src.Rect.Dx()), float64(src.Rect.Dy())
	nw := int(math.Ceil(math.Abs(w*c) + math.Abs(h*s)))
	nh := int(math.Ceil(math.Abs(w*s) + math.Abs(h*c)))
	dst := image.NewGray(image.Rect(0, 0, nw, nh))
	rotInto(src, dst, th, bg)
	return dst
}

// rotInto rotates src into dst (same center mapping).
func rotInto(src, dst *image.Gray, th float64, bg uint8) {
	c, s := math.Cos(th), math.Sin(th)
	w, h := src.Rect.Dx(), src.Rect.Dy()
	cx, cy := float64(w)/2, float64(h)/2
	ncx, ncy := float64(dst.Rect.Dx())/2, float64(dst.Rect.Dy())/2
	for y := 0; y < dst.Rect.Dy(); y++ {
		dy := float64(y) - ncy
		for x := 0; x < dst.Rect.Dx(); x++ {
			dx := float64(x) - ncx
			sx := c*dx - s*dy + cx
			sy := s*dx + c*dy + cy
			x0, y0 := int(math.Floor(sx)), int(math.Floor(sy))
			fx, fy := sx-float64(x0), sy-float64(y0)
			get := func(xx, yy int) float64 {
				if xx < 0 || yy < 0 || xx >= w || yy >= h {
					return float64(bg)
				}
				return float64(src.Pix[yy*src.Stride+xx])
			}
			v := get(x0, y0)*(1-fx)*(1-fy) + get(x0+1, y0)*fx*(1-fy) + get(x0, y0+1)*(1-fx)*fy + get(x0+1, y0+1)*fx*fy
			dst.Pix[y*dst.Stride+x] = uint8(v + 0.5)
		}
	}
}

func rotRight(src *image.Gray, deg float64) *image.Gray {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	switch deg {
	case 180:
		d := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				d.Pix[(h-1-y)*d.Stride+(w-1-x)] = src.Pix[y*src.Stride+x]
			}
		}
		return d
	case 90: // counterclockwise
		d := image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				d.Pix[(w-1-x)*d.Stride+y] = src.Pix[y*src.Stride+x]
			}
		}
		return d
	default: // -90 / 270 clockwise
		d := image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				d.Pix[x*d.Stride+(h-1-y)] = src.Pix[y*src.Stride+x]
			}
		}
		return d
	}
}

// SubCanvas creates a small white canvas in inches for labels.
func SubCanvas(w, h, dpi float64, r *rand.Rand) *Page {
	img := image.NewGray(image.Rect(0, 0, int(w*dpi), int(h*dpi)))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	return &Page{DPI: dpi, Img: img, rnd: r}
}
