package ocr

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

func TestInkCoverageTellsBlankBacks(t *testing.T) {
	white := func() *image.Gray {
		g := image.NewGray(image.Rect(0, 0, 2550, 3300))
		draw.Draw(g, g.Rect, image.White, image.Point{}, draw.Src)
		return g
	}
	rng := rand.New(rand.NewPCG(1, 2))
	speckle := func(g *image.Gray, n int) *image.Gray {
		for i := 0; i < n; i++ {
			x, y := rng.IntN(g.Rect.Dx()-3), rng.IntN(g.Rect.Dy()-3)
			for dy := 0; dy < 2; dy++ {
				for dx := 0; dx < 2; dx++ {
					g.SetGray(x+dx, y+dy, color.Gray{20})
				}
			}
		}
		return g
	}
	bleed := func(g *image.Gray) *image.Gray {
		// Faint mirrored text from the other side: light gray strokes.
		f, _ := opentype.Parse(goregular.TTF)
		face, _ := opentype.NewFace(f, &opentype.FaceOptions{Size: 11, DPI: 300})
		d := font.Drawer{Dst: g, Src: image.NewUniform(color.Gray{205}), Face: face}
		for i := 0; i < 40; i++ {
			d.Dot = fixed.P(200, 300+i*70)
			d.DrawString("Bleed-through of the progress note on the front side of this sheet")
		}
		return g
	}
	oneLine := func(g *image.Gray) *image.Gray {
		f, _ := opentype.Parse(goregular.TTF)
		face, _ := opentype.NewFace(f, &opentype.FaceOptions{Size: 11, DPI: 300})
		d := font.Drawer{Dst: g, Src: image.Black, Face: face, Dot: fixed.P(300, 1600)}
		d.DrawString("Addendum: patient seen again at 16:00.")
		return g
	}
	shadow := func(g *image.Gray) *image.Gray {
		// A dark scanner edge shadow along the left border.
		draw.Draw(g, image.Rect(0, 0, 60, 3300), image.Black, image.Point{}, draw.Src)
		return g
	}
	for _, tc := range []struct {
		name  string
		page  *image.Gray
		blank bool
	}{
		{"white", white(), true},
		{"speckle and dust", speckle(white(), 600), true},
		{"faint bleed-through", bleed(white()), true},
		{"edge shadow", shadow(speckle(white(), 200)), true},
		{"one short line of print", oneLine(white()), false},
		{"a page of text", renderPage(t, pageLines), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ink := InkCoverage(tc.page, 300)
			t.Logf("ink %.5f", ink)
			if got := ink < BlankInk; got != tc.blank {
				t.Fatalf("ink %.5f: blank = %v, want %v", ink, got, tc.blank)
			}
		})
	}
}

func TestInitialsAreNotBlank(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 2550, 3300))
	draw.Draw(g, g.Rect, image.White, image.Point{}, draw.Src)
	f, _ := opentype.Parse(goregular.TTF)
	face, _ := opentype.NewFace(f, &opentype.FaceOptions{Size: 14, DPI: 300})
	d := font.Drawer{Dst: g, Src: image.Black, Face: face, Dot: fixed.P(1800, 3000)}
	d.DrawString("JD 3/4")
	if ink := InkCoverage(g, 300); ink < BlankInk {
		t.Fatalf("a page with initials measured %.5f: taken for blank", ink)
	}
}

func TestFaintPencilIsNotBlank(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 2550, 3300))
	draw.Draw(g, g.Rect, image.White, image.Point{}, draw.Src)
	f, _ := opentype.Parse(goregular.TTF)
	face, _ := opentype.NewFace(f, &opentype.FaceOptions{Size: 12, DPI: 300})
	d := font.Drawer{Dst: g, Src: image.NewUniform(color.Gray{160}), Face: face, Dot: fixed.P(400, 1200)}
	d.DrawString("Pt refused PM dose - RN")
	if ink := InkCoverage(g, 300); ink < BlankInk {
		t.Fatalf("a faint pencil note measured %.5f: taken for blank and left out of the document", ink)
	}
}

// blankPage draws a page at dpi, sizes in inches.
type blankPage struct {
	g   *image.Gray
	dpi float64
	rng *rand.Rand
}

func newBlankPage(dpi int, seed uint64) *blankPage {
	g := image.NewGray(image.Rect(0, 0, int(8.5*float64(dpi)), 11*dpi))
	draw.Draw(g, g.Rect, image.White, image.Point{}, draw.Src)
	return &blankPage{g: g, dpi: float64(dpi), rng: rand.New(rand.NewPCG(seed, 5))}
}

// disc darkens a disc of radius r at (x, y) to v (anti-aliased).
func (p *blankPage) disc(x, y, r float64, v uint8) {
	cx, cy, rr := x*p.dpi, y*p.dpi, r*p.dpi
	for py := int(cy - rr - 1); py <= int(cy+rr+1); py++ {
		for px := int(cx - rr - 1); px <= int(cx+rr+1); px++ {
			if !(image.Point{px, py}).In(p.g.Rect) {
				continue
			}
			a := math.Min(1, rr+0.5-math.Hypot(float64(px)+0.5-cx, float64(py)+0.5-cy))
			if a <= 0 {
				continue
			}
			i := p.g.PixOffset(px, py)
			cur := float64(p.g.Pix[i])
			if nv := cur*(1-a) + float64(v)*a; nv < cur {
				p.g.Pix[i] = uint8(nv)
			}
		}
	}
}

// stroke draws a pen stroke through the points (inches), width wd.
func (p *blankPage) stroke(pts [][2]float64, wd float64, v uint8) {
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		n := int(math.Hypot(b[0]-a[0], b[1]-a[1])*p.dpi) + 1
		for k := 0; k <= n; k++ {
			t := float64(k) / float64(n)
			p.disc(a[0]+(b[0]-a[0])*t, a[1]+(b[1]-a[1])*t, wd/2, v)
		}
	}
}

// text prints a line at (x, baseline y), size in points.
func (p *blankPage) text(x, y, size float64, v uint8, s string) {
	f, _ := opentype.Parse(goregular.TTF)
	face, _ := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: p.dpi})
	d := font.Drawer{Dst: p.g, Src: image.NewUniform(color.Gray{v}), Face: face, Dot: fixed.P(int(x*p.dpi), int(y*p.dpi))}
	d.DrawString(s)
}

// handwriting: a wavy line of cursive-like loops, w inches long.
func (p *blankPage) handwriting(x, y, w float64) {
	var pts [][2]float64
	for t := 0.0; t <= w; t += 0.01 {
		pts = append(pts, [2]float64{x + t + 0.03*math.Sin(t*60), y + 0.06*math.Sin(t*37)*math.Cos(t*5)})
	}
	p.stroke(pts, 0.012, 50)
}

func (p *blankPage) holes(light bool) {
	for _, y := range []float64{1.5, 5.5, 9.5} {
		if light {
			// The hole shows the scanner's backing; its rim casts a
			// thin shadow.
			p.disc(0.5, y, 0.125, 110)
			p.disc(0.5, y, 0.105, 255)
			for py := int((y - 0.105) * p.dpi); py <= int((y+0.105)*p.dpi); py++ {
				for px := int(0.395 * p.dpi); px <= int(0.605*p.dpi); px++ {
					if math.Hypot(float64(px)-0.5*p.dpi, float64(py)-y*p.dpi) < 0.1*p.dpi {
						p.g.Pix[p.g.PixOffset(px, py)] = 250
					}
				}
			}
		} else {
			p.disc(0.5, y, 0.125, 35)
		}
	}
}

func (p *blankPage) staple() {
	p.stroke([][2]float64{{0.3, 0.75}, {0.7, 0.35}}, 0.016, 45)
	p.stroke([][2]float64{{0.38, 0.8}, {0.76, 0.42}}, 0.01, 90)
}

func (p *blankPage) shadows() {
	w, h := p.g.Rect.Dx(), p.g.Rect.Dy()
	for y := 0; y < h; y++ {
		wd := (0.3 + 0.2*math.Sin(float64(y)/p.dpi*1.3)) * p.dpi // 0.1-0.5 inch, uneven
		for x := 0; x < int(wd); x++ {
			p.g.Pix[p.g.PixOffset(x, y)] = uint8(25 + 60*float64(x)/wd)
		}
	}
	for x := 0; x < w; x++ {
		wd := (0.15 + 0.05*math.Sin(float64(x)/p.dpi*3)) * p.dpi
		for y := 0; y < int(wd); y++ {
			i := p.g.PixOffset(x, y)
			p.g.Pix[i] = min(p.g.Pix[i], uint8(40+40*float64(y)/wd))
		}
	}
}

func (p *blankPage) bleed() {
	// The other side's text, mirrored, gray 180-230.
	q := newBlankPage(int(p.dpi), 9)
	for i := 0; i < 30; i++ {
		q.text(0.9, 1.2+float64(i)*0.3, 11, uint8(180+i%6*10), "Progress note: patient ambulating, tolerating diet, pain controlled 3/10.")
	}
	w := p.g.Rect.Dx()
	for y := 0; y < p.g.Rect.Dy(); y++ {
		for x := 0; x < w; x++ {
			i := p.g.PixOffset(x, y)
			p.g.Pix[i] = min(p.g.Pix[i], q.g.Pix[q.g.PixOffset(w-1-x, y)])
		}
	}
}

func (p *blankPage) dust() {
	w, h := float64(p.g.Rect.Dx())/p.dpi, float64(p.g.Rect.Dy())/p.dpi
	for i := 0; i < 800; i++ {
		p.disc(p.rng.Float64()*w, p.rng.Float64()*h, (0.3+p.rng.Float64()*1.2)/p.dpi, uint8(20+p.rng.IntN(120)))
	}
	for i := 0; i < 25; i++ {
		p.disc(p.rng.Float64()*w, p.rng.Float64()*h, 0.008+p.rng.Float64()*0.012, 60)
	}
}

func (p *blankPage) fold() {
	p.stroke([][2]float64{{0, 5.4}, {8.5, 5.45}}, 0.006, 150)
}

func TestInkCoverageScannedBacks(t *testing.T) {
	all := func(p *blankPage) {
		p.shadows()
		p.holes(false)
		p.staple()
		p.bleed()
		p.dust()
		p.fold()
	}
	cases := []struct {
		name  string
		draw  func(p *blankPage)
		blank bool
	}{
		{"hole punches", func(p *blankPage) { p.holes(false) }, true},
		{"light hole punches", func(p *blankPage) { p.holes(true) }, true},
		{"staple shadow", func(p *blankPage) { p.staple() }, true},
		{"edge shadows", func(p *blankPage) { p.shadows() }, true},
		{"bleed-through", func(p *blankPage) { p.bleed() }, true},
		{"speckle and dust", func(p *blankPage) { p.dust() }, true},
		{"fold line", func(p *blankPage) { p.fold() }, true},
		{"all of them", all, true},
		{"one handwritten line", func(p *blankPage) { p.handwriting(1.2, 3.0, 3.5) }, false},
		{"signature and date", func(p *blankPage) {
			p.stroke([][2]float64{{4.6, 9.0}, {4.8, 8.7}, {4.9, 9.05}, {5.1, 8.8}, {5.3, 9.0}, {5.9, 8.95}}, 0.014, 40)
			p.text(6.2, 9.0, 11, 40, "3/14/24")
		}, false},
		{"single short typed line", func(p *blankPage) { p.text(1.0, 1.5, 11, 0, "Addendum: see note.") }, false},
		{"intentionally left blank", func(p *blankPage) { p.text(2.9, 5.5, 12, 0, "This page intentionally left blank") }, false},
		{"initials near a corner", func(p *blankPage) { p.text(7.1, 10.2, 12, 30, "JD") }, false},
		{"footer only", func(p *blankPage) { p.text(3.6, 10.5, 9, 30, "Page 2 of 2") }, false},
		{"signature among artifacts", func(p *blankPage) {
			all(p)
			p.stroke([][2]float64{{4.6, 9.0}, {4.8, 8.7}, {4.9, 9.05}, {5.1, 8.8}, {5.3, 9.0}, {5.9, 8.95}}, 0.014, 40)
		}, false},
		{"handwritten line among artifacts", func(p *blankPage) { all(p); p.handwriting(1.2, 3.0, 3.5) }, false},
	}
	modes := []struct {
		name string
		fx   func(t *testing.T, g *image.Gray) *image.Gray
	}{
		{"gray", func(t *testing.T, g *image.Gray) *image.Gray { return g }},
		{"bitonal", func(t *testing.T, g *image.Gray) *image.Gray {
			for i, v := range g.Pix {
				if v < 128 {
					g.Pix[i] = 0
				} else {
					g.Pix[i] = 255
				}
			}
			return g
		}},
		{"jpeg", func(t *testing.T, g *image.Gray) *image.Gray {
			var buf bytes.Buffer
			if err := jpeg.Encode(&buf, g, &jpeg.Options{Quality: 50}); err != nil {
				t.Fatal(err)
			}
			im, err := jpeg.Decode(&buf)
			if err != nil {
				t.Fatal(err)
			}
			return im.(*image.Gray)
		}},
	}
	for _, dpi := range []int{200, 300} {
		for ci, c := range cases {
			for _, m := range modes {
				t.Run(fmt.Sprintf("%ddpi/%s/%s", dpi, c.name, m.name), func(t *testing.T) {
					t.Parallel()
					p := newBlankPage(dpi, uint64(ci))
					c.draw(p)
					g := m.fx(t, p.g)
					ink := InkCoverage(g, dpi)
					t.Logf("ink %.5f", ink)
					if got := ink < BlankInk; got != c.blank {
						t.Errorf("ink %.5f: blank = %v, want %v", ink, got, c.blank)
					}
				})
			}
		}
	}
}

// A page that is a sub-image (a crop of a larger scan) is measured in its
// own bounds.
func TestInkCoverageSubImage(t *testing.T) {
	p := newBlankPage(300, 1)
	p.text(1.0, 1.5, 11, 0, "Addendum: see note.")
	big := image.NewGray(image.Rect(-100, -50, 2650, 3350))
	draw.Draw(big, big.Rect, image.White, image.Point{}, draw.Src)
	draw.Draw(big, p.g.Rect, p.g, image.Point{}, draw.Src)
	sub := big.SubImage(p.g.Rect).(*image.Gray)
	if a, b := InkCoverage(p.g, 300), InkCoverage(sub, 300); a != b {
		t.Errorf("sub-image measured %.5f, page %.5f", b, a)
	}
}

// Small test pages as the pipeline's tests write them (400x500 pixels,
// read at 300 dpi): a few dashed lines of "print" are content, a single
// speck is a blank back. Everything on such a page is near an edge and a
// corner, which must not make print an artefact.
func TestInkCoverageSmallPages(t *testing.T) {
	content := image.NewGray(image.Rect(0, 0, 400, 500))
	draw.Draw(content, content.Rect, image.White, image.Point{}, draw.Src)
	w, h := 400, 500
	for line := 0; line < 5; line++ {
		for y := h/4 + line*h/10; y < h/4+line*h/10+h/60+2; y++ {
			for x := w / 8; x < w*7/8; x++ {
				if (x/4)%3 != 0 {
					content.SetGray(x, y, color.Gray{0})
				}
			}
		}
	}
	if ink := InkCoverage(content, 0); ink < BlankInk {
		t.Errorf("small page with print measured %.5f: blank", ink)
	}
	blank := image.NewGray(image.Rect(0, 0, 400, 502))
	draw.Draw(blank, blank.Rect, image.White, image.Point{}, draw.Src)
	blank.Pix[len(blank.Pix)/2] = 0
	if ink := InkCoverage(blank, 0); ink >= BlankInk {
		t.Errorf("small blank page with a speck measured %.5f: content", ink)
	}
}
