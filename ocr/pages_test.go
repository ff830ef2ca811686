package ocr

import (
	"image"
	"image/color"
	"image/draw"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Test pages for the identifier regions: 300 dpi letter pages drawn with the
// Go fonts, each carrying a patient label the way real batches do (see
// /work/shared/DOMAIN.md, "What real batches contain").

type canvas struct {
	t testing.TB
	g *image.Gray
}

func newCanvas(t testing.TB, w, h int) *canvas {
	g := image.NewGray(image.Rect(0, 0, w, h))
	draw.Draw(g, g.Rect, image.White, image.Point{}, draw.Src)
	return &canvas{t: t, g: g}
}

func (c *canvas) face(ttf []byte, pt float64) font.Face {
	c.t.Helper()
	f, err := opentype.Parse(ttf)
	if err != nil {
		c.t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: pt, DPI: 300, Hinting: font.HintingFull})
	if err != nil {
		c.t.Fatal(err)
	}
	return face
}

// text draws s with its baseline at (x, y) and returns the advance in pixels.
func (c *canvas) text(ttf []byte, pt float64, x, y int, s string) int {
	d := font.Drawer{Dst: c.g, Src: image.NewUniform(color.Black), Face: c.face(ttf, pt)}
	d.Dot = fixed.P(x, y)
	d.DrawString(s)
	return (d.Dot.X - fixed.I(x)).Round()
}

// box draws a rectangle outline of the given stroke.
func (c *canvas) box(r image.Rectangle, stroke int) {
	for _, e := range []image.Rectangle{
		image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+stroke),
		image.Rect(r.Min.X, r.Max.Y-stroke, r.Max.X, r.Max.Y),
		image.Rect(r.Min.X, r.Min.Y, r.Min.X+stroke, r.Max.Y),
		image.Rect(r.Max.X-stroke, r.Min.Y, r.Max.X, r.Max.Y),
	} {
		draw.Draw(c.g, e, image.Black, image.Point{}, draw.Src)
	}
}

// paste darkens the page with src placed at at (ink on ink: the minimum).
func (c *canvas) paste(src *image.Gray, at image.Point) {
	for y := 0; y < src.Rect.Dy(); y++ {
		for x := 0; x < src.Rect.Dx(); x++ {
			p := at.Add(image.Pt(x, y))
			if !p.In(c.g.Rect) {
				continue
			}
			v := src.Pix[y*src.Stride+x]
			if i := c.g.PixOffset(p.X, p.Y); v < c.g.Pix[i] {
				c.g.Pix[i] = v
			}
		}
	}
}

// body draws the running text of a progress note from y down.
func (c *canvas) body(y int) {
	lines := []string{
		"PROGRESS NOTE",
		"Subjective: The patient reports less abdominal pain since yesterday and",
		"tolerated a regular diet this morning without nausea or vomiting.",
		"Objective: Afebrile, heart rate 78, blood pressure 128/76, oxygen 97%.",
		"The abdomen is soft with mild tenderness in the right upper quadrant.",
		"Assessment: Resolving cholecystitis after laparoscopic cholecystectomy.",
		"Plan: Continue oral antibiotics, advance activity, discharge tomorrow.",
		"Follow up with the general surgery clinic in two weeks for review.",
	}
	for i, l := range lines {
		c.text(goregular.TTF, 11, 250, y+i*80, l)
	}
}

// letterhead draws a facility letterhead in a large font on the left.
func (c *canvas) letterhead(x, y int) {
	c.text(gobold.TTF, 22, x, y, "ST. BARNABAS REGIONAL")
	c.text(gobold.TTF, 22, x, y+105, "MEDICAL CENTER")
	c.text(goregular.TTF, 10, x, y+175, "1200 Harbor Boulevard, Riverton, OH 44102")
	c.text(goregular.TTF, 10, x, y+230, "Telephone (555) 010-2200   Fax (555) 010-2299")
}

// pageBoxedLabel: a ruled label box printed on the right, on the same lines
// as a letterhead on the left.
func pageBoxedLabel(t testing.TB) *image.Gray {
	c := newCanvas(t, 2550, 3300)
	c.letterhead(150, 260)
	r := image.Rect(1560, 170, 2420, 560)
	c.box(r, 4)
	for i, l := range []string{"JOHNSON, KATHERINE M", "MRN: 00412345", "DOB: 03/14/1957", "Sex: F"} {
		c.text(goregular.TTF, 11, r.Min.X+40, r.Min.Y+90+i*80, l)
	}
	c.body(900)
	return c.g
}

// pageSticker: an adhesive sticker with a thin border and a barcode strip,
// stuck on crooked at the top right beside the letterhead.
func pageSticker(t testing.TB) *image.Gray {
	s := newCanvas(t, 900, 440)
	s.box(s.g.Rect, 3)
	for i, l := range []string{"MARTINEZ, ROBERTO A", "MR#: 00638288  FIN: 7730021", "DOB: 02-Jul-1961   M"} {
		s.text(goregular.TTF, 10, 40, 80+i*70, l)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for x := 40; x < 840; {
		bw := 3 + rng.IntN(3)*3
		draw.Draw(s.g, image.Rect(x, 300, x+bw, 390), image.Black, image.Point{}, draw.Src)
		x += bw + 3 + rng.IntN(3)*3
	}
	// Enlarge so turning keeps the corners, then turn 4° counter-clockwise.
	big := newCanvas(t, 1100, 700)
	big.paste(s.g, image.Pt(100, 130))
	turned := RotateSmall(big.g, 4)
	c := newCanvas(t, 2550, 3300)
	c.letterhead(150, 260)
	c.paste(turned, image.Pt(1400, 30))
	c.body(900)
	return c.g
}

// pageImprint: an addressograph imprint in faint, uneven monospace capitals
// at the top left, the letterhead on the right.
func pageImprint(t testing.TB) *image.Gray {
	im := newCanvas(t, 1150, 330)
	for i, l := range []string{"KOWALSKI, STANLEY J", "00571234   M   14-MAR-1957", "DR R PATEL       ADM 11/20/26"} {
		im.text(gomonobold.TTF, 11, 20, 70+i*95, l)
	}
	// Uneven pressure: the ink is gray, lighter towards the right and
	// lighter in random patches; some pixels do not print.
	rng := rand.New(rand.NewPCG(7, 11))
	patch := make([]int, 40)
	for i := range patch {
		patch[i] = rng.IntN(50)
	}
	for y := 0; y < im.g.Rect.Dy(); y++ {
		for x := 0; x < im.g.Rect.Dx(); x++ {
			i := y*im.g.Stride + x
			if im.g.Pix[i] > 128 {
				continue
			}
			v := 70 + x*50/im.g.Rect.Dx() + patch[(x/30)%len(patch)]
			if rng.IntN(100) < 12 {
				v = 255
			}
			im.g.Pix[i] = uint8(min(v, 255))
		}
	}
	c := newCanvas(t, 2550, 3300)
	c.paste(im.g, image.Pt(130, 180))
	c.text(gobold.TTF, 22, 1450, 260, "RIVERTON GENERAL")
	c.text(gobold.TTF, 22, 1450, 365, "HOSPITAL")
	c.text(goregular.TTF, 10, 1450, 435, "400 Lake Street, Riverton, OH 44101")
	c.body(900)
	return c.g
}

// pageMargin: a label turned 90° (reading bottom to top) in the left margin.
func pageMargin(t testing.TB) *image.Gray { return marginPage(t, false) }

// pageMarginBoxed: the margin label printed in a ruled box, turned 90°
// (a tall, narrow box, read turned).
func pageMarginBoxed(t testing.TB) *image.Gray { return marginPage(t, true) }

func marginPage(t testing.TB, boxed bool) *image.Gray {
	pad := 20
	if boxed {
		pad = 40
	}
	l := newCanvas(t, 1500, 190+2*(pad-20))
	l.text(goregular.TTF, 10, pad, 70+(pad-20), "WILLIAMS, DEBORAH K")
	l.text(goregular.TTF, 10, pad, 150+(pad-20), "MRN 00298811   DOB 11/05/1948")
	if boxed {
		l.box(l.g.Rect.Inset(8), 4)
	}
	c := newCanvas(t, 2550, 3300)
	c.text(gobold.TTF, 18, 250, 300, "RIVERTON GENERAL HOSPITAL")
	c.body(600)
	c.body(1400)
	c.paste(Rotate(l.g, 270), image.Pt(30, 1300))
	return c.g
}

// pageFooter: the patient identified only by a small footer line that
// shares its line with a form number and a print stamp.
func pageFooter(t testing.TB) *image.Gray {
	c := newCanvas(t, 2550, 3300)
	c.text(gobold.TTF, 18, 250, 300, "RIVERTON GENERAL HOSPITAL")
	c.body(600)
	c.body(1400)
	y := 3140
	c.text(goregular.TTF, 7, 150, y, "Form 1043-B Rev 03/2024")
	c.text(goregular.TTF, 8, 800, y, "GARCIA, LUIS   MRN: 00733920   DOB: 1972-09-18")
	c.text(goregular.TTF, 7, 2000, y, "Page 1 of 2")
	return c.g
}

// pageBoxedLabelOffset: the boxed label beside the letterhead, its lines
// falling between the letterhead's, on a low-contrast, noisy grayscale scan.
func pageBoxedLabelOffset(t testing.TB) *image.Gray {
	c := newCanvas(t, 2550, 3300)
	c.letterhead(150, 260)
	r := image.Rect(1480, 200, 2420, 600)
	c.box(r, 4)
	for i, l := range []string{"JOHNSON, KATHERINE M", "MRN: 00412345", "DOB: Mar 14, 1957   Sex: F"} {
		c.text(goregular.TTF, 10, r.Min.X+40, r.Min.Y+95+i*70, l)
	}
	c.body(900)
	return scanned(c.g, 3)
}

// scanned makes a clean rendering look scanned: slightly blurred, ink
// lighter and paper darker, with noise.
func scanned(g *image.Gray, seed uint64) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(g.Rect)
	rng := rand.New(rand.NewPCG(seed, 99))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			sum, n := 0, 0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					if xx, yy := x+dx, y+dy; xx >= 0 && yy >= 0 && xx < w && yy < h {
						sum += int(g.Pix[yy*g.Stride+xx])
						n++
					}
				}
			}
			v := 60 + sum/n*170/255 + rng.IntN(41) - 20
			out.Pix[y*out.Stride+x] = uint8(max(0, min(255, v)))
		}
	}
	return out
}

// pageMarginRight: a label turned the other way (reading top to bottom)
// in the right margin.
func pageMarginRight(t testing.TB) *image.Gray {
	l := newCanvas(t, 1500, 190)
	l.text(goregular.TTF, 10, 20, 70, "NGUYEN, THANH V")
	l.text(goregular.TTF, 10, 20, 150, "MR# 00845120   DOB 02/29/1964")
	c := newCanvas(t, 2550, 3300)
	c.text(gobold.TTF, 18, 250, 300, "RIVERTON GENERAL HOSPITAL")
	c.body(600)
	c.body(1400)
	c.paste(Rotate(l.g, 90), image.Pt(2330, 1100))
	return c.g
}
