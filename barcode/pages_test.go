package barcode_test

// Synthetic test pages: white letter pages with text-like clutter and
// symbols drawn from barcode.Encode (gozxing's and boombuler's writers),
// then the scan effects the decoder must survive. Everything is generated
// here; no real data.

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/chartroom/chartroom/barcode"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// sym is a symbol to draw. Sizes are in inches so the same case works at
// any resolution.
type sym struct {
	format, text string
	x, y         float64 // top-left of the symbol (not its quiet zone), inches
	module       float64 // module (narrow bar) width, inches
	height       float64 // bar height of 1-D symbols, inches
	inverted     bool    // white on a black box
	vertical     bool    // 1-D bars run across the page (symbol turned 90°)
	// damage, if set, alters the module grid before it is drawn (to
	// print a symbol with spoiled codewords).
	damage func(m *barcode.Matrix)
}

// pageSpec is a whole test page.
type pageSpec struct {
	dpi      int
	syms     []sym
	clutter  bool
	skew     float64 // degrees, counter-clockwise
	upside   bool
	invert   bool // whole page inverted
	bitonal  bool
	noise    int // speckles
	seed     uint64
	textOnly bool // dense text covering the page, no symbols
	blur     bool // 3x3 box blur, as a soft scanner lens
	faded    bool // grey print on grey paper (ink 110, paper 215)
	photo    bool // a halftoned photograph filling most of the page
}

func (s pageSpec) render(t testing.TB) *image.Gray {
	t.Helper()
	dpi := s.dpi
	if dpi == 0 {
		dpi = 300
	}
	w, h := int(8.5*float64(dpi)), 11*dpi
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	rng := rand.New(rand.NewPCG(s.seed, 99))
	if s.clutter || s.textOnly {
		drawClutter(img, dpi, rng, s.textOnly)
	}
	if s.photo {
		drawPhoto(img, dpi, rng)
	}
	for _, y := range s.syms {
		drawSym(t, img, dpi, y)
	}
	if s.faded {
		for i, v := range img.Pix {
			img.Pix[i] = uint8(110 + int(v)*(215-110)/255)
		}
	}
	if s.blur {
		img = boxBlur(img)
	}
	if s.skew != 0 {
		img = rotate(img, s.skew)
	}
	if s.bitonal {
		for i, v := range img.Pix {
			if v < 128 {
				img.Pix[i] = 0
			} else {
				img.Pix[i] = 255
			}
		}
	}
	speckle(img, rng, s.noise)
	if s.upside {
		rotate180(img)
	}
	if s.invert {
		for i, v := range img.Pix {
			img.Pix[i] = 255 - v
		}
	}
	return img
}

// drawSym draws one symbol with area-weighted (anti-aliased) edges.
func drawSym(t testing.TB, img *image.Gray, dpi int, s sym) {
	t.Helper()
	m, err := barcode.Encode(s.format, s.text)
	if err != nil {
		t.Fatalf("encode %s: %v", s.format, err)
	}
	if s.damage != nil {
		s.damage(m)
	}
	mod := s.module * float64(dpi)
	x0, y0 := s.x*float64(dpi), s.y*float64(dpi)
	mw, mh := mod, mod
	rows := m.Height
	if m.Height == 1 {
		mh = s.height * float64(dpi)
	}
	if s.vertical {
		// Draw the 1-D symbol on its side: transpose the module grid so
		// it is one module wide and Width modules tall.
		t := &barcode.Matrix{Width: 1, Height: m.Width, Bits: m.Bits}
		m, rows = t, m.Width
		mw, mh = s.height*float64(dpi), mod
	}
	wPx, hPx := float64(m.Width)*mw, float64(rows)*mh
	// Symbols are printed on blank paper: clear their quiet zone (ten
	// modules beside the bars of a 1-D code, two around a 2-D symbol).
	qx, qy := 2*mod, 2*mod
	if rows == 1 {
		qx = 10 * mod
	} else if s.vertical {
		qy = 10 * mod
	}
	fillRect(img, x0-qx, y0-qy, x0+wPx+qx, y0+hPx+qy, 255)
	ink, paper := 20.0, 255.0
	if s.inverted {
		q := 10 * mod
		if m.Height > 1 {
			q = 3 * mod
		}
		fillRect(img, x0-q, y0-q, x0+wPx+q, y0+hPx+q, 20)
		ink, paper = 250, 20
	}
	for py := int(y0); py <= int(y0+hPx); py++ {
		for px := int(x0); px <= int(x0+wPx); px++ {
			if !(image.Point{px, py}).In(img.Rect) {
				continue
			}
			// Coverage of pixel (px,py) by dark modules.
			cov := 0.0
			mx0 := int(math.Floor((float64(px) - x0) / mw))
			my0 := int(math.Floor((float64(py) - y0) / mh))
			for my := my0; my <= my0+1; my++ {
				for mx := mx0; mx <= mx0+1; mx++ {
					if mx < 0 || my < 0 || mx >= m.Width || my >= rows || !m.Dark(mx, my) {
						continue
					}
					ox := overlap(float64(px), float64(px+1), x0+float64(mx)*mw, x0+float64(mx+1)*mw)
					oy := overlap(float64(py), float64(py+1), y0+float64(my)*mh, y0+float64(my+1)*mh)
					cov += ox * oy
				}
			}
			if cov <= 0 {
				continue
			}
			cov = math.Min(cov, 1)
			v := paper*(1-cov) + ink*cov
			// Keep paper under the symbol's own background.
			img.Pix[py*img.Stride+px] = uint8(math.Round(v))
		}
	}
}

func overlap(a0, a1, b0, b1 float64) float64 {
	return math.Max(0, math.Min(a1, b1)-math.Max(a0, b0))
}

func fillRect(img *image.Gray, x0, y0, x1, y1 float64, v uint8) {
	r := image.Rect(int(x0), int(y0), int(x1), int(y1)).Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.Pix[y*img.Stride+x] = v
		}
	}
}

var (
	fontOnce sync.Once
	goFont   *opentype.Font
)

// goFace returns a new Go Regular face (faces are not safe for concurrent
// use, and the tests run in parallel).
func goFace(dpi int, size float64) font.Face {
	fontOnce.Do(func() {
		var err error
		if goFont, err = opentype.Parse(goregular.TTF); err != nil {
			panic(err)
		}
	})
	f, err := opentype.NewFace(goFont, &opentype.FaceOptions{Size: size, DPI: float64(dpi), Hinting: font.HintingNone})
	if err != nil {
		panic(err)
	}
	return f
}

var words = strings.Fields(`patient admitted with chest pain shortness of breath
history hypertension diabetes mellitus type medications metoprolol lisinopril
aspirin daily examination reveals regular rate rhythm lungs clear bilaterally
abdomen soft nontender assessment plan continue monitor telemetry follow up
clinic weeks laboratory results within normal limits except glucose mmol
creatinine discharge condition stable instructions diet activity 2024 10 mg
IIIII lllll mmmm nnnn HHHH ||||| 1111 MMMM WWWW`)

// drawClutter prints lines of words in Go Regular: a letterhead-ish title,
// then body text. textOnly fills the whole page, including bold-ish large
// headings, tables of digits and rules.
func drawClutter(img *image.Gray, dpi int, rng *rand.Rand, textOnly bool) {
	d := &font.Drawer{Dst: img, Src: image.NewUniform(color.Gray{30})}
	line := func(size float64, x, y float64, n int) {
		d.Face = goFace(dpi, size)
		var b strings.Builder
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[rng.IntN(len(words))])
		}
		d.Dot = fixed.P(int(x*float64(dpi)), int(y*float64(dpi)))
		d.DrawString(b.String())
	}
	top := 3.0
	if textOnly {
		top = 0.6
		line(28, 0.8, top, 4)
		line(20, 0.8, top+0.5, 6)
		top += 1
	}
	for y := top; y < 10.3; y += 0.18 {
		line(10, 0.8, y, 11+rng.IntN(4))
	}
	// A rule and a box, as forms have.
	fillRect(img, 0.8*float64(dpi), 2.8*float64(dpi), 7.7*float64(dpi), 2.8*float64(dpi)+4, 30)
	if textOnly {
		// Dense small print: a table of digits.
		for y := 8.0; y < 9.0; y += 0.11 {
			d.Face = goFace(dpi, 7)
			d.Dot = fixed.P(int(4.5*float64(dpi)), int(y*float64(dpi)))
			var b strings.Builder
			for i := 0; i < 30; i++ {
				b.WriteByte(byte('0' + rng.IntN(10)))
			}
			d.DrawString(b.String())
		}
		// Bold black block letters at the foot.
		d.Face = goFace(dpi, 40)
		d.Dot = fixed.P(int(0.8*float64(dpi)), int(10.6*float64(dpi)))
		d.DrawString("IIIIIIII MMMMMM WWWW")
	}
}

// rotate turns img by deg degrees counter-clockwise about its centre
// (bilinear, white fill).
func rotate(img *image.Gray, deg float64) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	out := image.NewGray(img.Rect)
	th := deg * math.Pi / 180
	sin, cos := math.Sin(th), math.Cos(th)
	cx, cy := float64(w-1)/2, float64(h-1)/2
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := float64(x)-cx, float64(y)-cy
			sx := cx + cos*dx - sin*dy
			sy := cy + sin*dx + cos*dy
			ix, iy := int(math.Floor(sx)), int(math.Floor(sy))
			if ix < 0 || iy < 0 || ix >= w-1 || iy >= h-1 {
				out.Pix[y*out.Stride+x] = 255
				continue
			}
			fx, fy := sx-float64(ix), sy-float64(iy)
			i := iy*img.Stride + ix
			p00, p10 := float64(img.Pix[i]), float64(img.Pix[i+1])
			p01, p11 := float64(img.Pix[i+img.Stride]), float64(img.Pix[i+img.Stride+1])
			v := (p00*(1-fx)+p10*fx)*(1-fy) + (p01*(1-fx)+p11*fx)*fy
			out.Pix[y*out.Stride+x] = uint8(v + 0.5)
		}
	}
	return out
}

// drawPhoto fills the page below its top 2 inches with an ordered-dither
// halftone of a smooth random image: the worst case for the pre-check,
// dense texture everywhere.
func drawPhoto(img *image.Gray, dpi int, rng *rand.Rand) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	bayer := [4][4]int{{0, 8, 2, 10}, {12, 4, 14, 6}, {3, 11, 1, 9}, {15, 7, 13, 5}}
	fx, fy := 1+rng.Float64()*3, 1+rng.Float64()*3
	for y := 2 * dpi; y < h-dpi/2; y++ {
		for x := dpi / 2; x < w-dpi/2; x++ {
			u, v := float64(x)/float64(w), float64(y)/float64(h)
			g := 0.5 + 0.45*math.Sin(fx*6*u+math.Cos(fy*5*v))*math.Cos(fy*4*v)
			cell := 3 // halftone cell: 3 px per dither step
			if g*16 > float64(bayer[(y/cell)%4][(x/cell)%4]) {
				img.Pix[y*img.Stride+x] = 40
			}
		}
	}
}

func boxBlur(img *image.Gray) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	out := image.NewGray(img.Rect)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			sum, n := 0, 0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					xx, yy := x+dx, y+dy
					if xx < 0 || yy < 0 || xx >= w || yy >= h {
						continue
					}
					sum += int(img.Pix[yy*img.Stride+xx])
					n++
				}
			}
			out.Pix[y*out.Stride+x] = uint8(sum / n)
		}
	}
	return out
}

func rotate180(img *image.Gray) {
	p := img.Pix
	for i, j := 0, len(p)-1; i < j; i, j = i+1, j-1 {
		p[i], p[j] = p[j], p[i]
	}
}

// speckle scatters n dark dots of radius 0.7-2.5 px.
func speckle(img *image.Gray, rng *rand.Rand, n int) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for i := 0; i < n; i++ {
		cx, cy := rng.Float64()*float64(w), rng.Float64()*float64(h)
		r := 0.7 + rng.Float64()*1.8
		v := float64(30 + rng.IntN(110))
		for y := int(cy - r - 1); y <= int(cy+r+1); y++ {
			for x := int(cx - r - 1); x <= int(cx+r+1); x++ {
				if x < 0 || y < 0 || x >= w || y >= h {
					continue
				}
				a := r + 0.5 - math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
				if a <= 0 {
					continue
				}
				a = math.Min(a, 1)
				i := y*img.Stride + x
				cur := float64(img.Pix[i])
				if nv := cur*(1-a) + v*a; nv < cur {
					img.Pix[i] = uint8(nv)
				}
			}
		}
	}
}
