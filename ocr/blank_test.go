package ocr

import (
	"image"
	"image/color"
	"image/draw"
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
