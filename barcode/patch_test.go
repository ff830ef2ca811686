package barcode_test

// Kodak patch sheets drawn here, at the sizes of the Kodak specification
// (bars 0.08 and 0.2 inch, spaces 0.08 inch), with the scan effects of
// real batches, and content pages that must never read as patches.

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/chartroom/chartroom/barcode"
	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/samples/synth"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// patchWide are the bars of each code from the leading edge (the top of
// the page for bars across it, the left for bars down it), true = wide.
var patchWide = map[string][4]bool{
	"1": {true, true, false, false},
	"2": {true, false, false, true},
	"3": {true, false, true, false},
	"4": {false, true, true, false},
	"6": {false, false, true, true},
	"T": {false, true, false, true},
}

// patchMirror is what each code reads as on a page turned 180°.
var patchMirror = map[string]string{"1": "6", "2": "2", "3": "T", "4": "4", "6": "1", "T": "3"}

var patchTexts = []string{"1", "2", "3", "4", "6", "T"}

// patchSheet is a patch sheet to draw.
type patchSheet struct {
	dpi  int
	code string
	// layout: "across" (the Kodak standard: bars parallel to the top
	// edge, 2.5 inches long, near the top), "down" (bars running down the
	// page, 3 inches long, printed three times across it), "twice" (across,
	// at the top and again at the foot of the page).
	layout  string
	caption bool    // "PATCH T" beside the bars and a line of text
	ink     uint8   // bar gray (0 when unset)
	paper   uint8   // paper gray (255 when unset)
	partial bool    // one bar half printed, a band of toner missing, voids
	ragged  bool    // photocopied: ink spread, ragged edges, then bitonal
	blur    int     // 3x3 box blurs
	skew    float64 // degrees
	jpegQ   int     // JPEG round trip at this quality
	upside  bool
	noise   int
	seed    uint64
	shift   float64 // inches added to the patches' positions (both ways)
}

func (s patchSheet) render(t testing.TB) *image.Gray {
	t.Helper()
	dpi := s.dpi
	if dpi == 0 {
		dpi = 300
	}
	paper, ink := s.paper, s.ink
	if paper == 0 {
		paper = 255
	}
	w, h := int(8.5*float64(dpi)), 11*dpi
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = paper
	}
	rng := rand.New(rand.NewPCG(s.seed, 7))
	in := func(v float64) float64 { return v * float64(dpi) }
	spread := 0.0
	if s.ragged {
		spread = 0.008 // photocopies thicken bars
	}
	// bar draws one bar from a to b across it, c to d along it (inches),
	// across: bars parallel to the top edge.
	bar := func(a, b, c, d float64, across bool) {
		a, b = a-spread, b+spread
		j0, j1 := 0.0, 0.0
		for p := int(in(c)); p < int(in(d)); p++ {
			if s.ragged {
				// Random walks on both edges, up to 0.01 inch out.
				j0 = math.Max(-in(0.01), math.Min(in(0.01), j0+rng.NormFloat64()*0.3))
				j1 = math.Max(-in(0.01), math.Min(in(0.01), j1+rng.NormFloat64()*0.3))
			}
			lo, hi := int(in(a)+j0), int(in(b)+j1)
			for q := lo; q < hi; q++ {
				if across {
					if q >= 0 && q < h && p >= 0 && p < w {
						img.Pix[q*img.Stride+p] = ink
					}
				} else if p >= 0 && p < h && q >= 0 && q < w {
					img.Pix[p*img.Stride+q] = ink
				}
			}
		}
	}
	// patch draws the code with its leading edge at lead (inches from
	// the top for across, from the left for down), bars from c to d.
	patch := func(lead, c, d float64, across bool) {
		pos := lead
		for i, wide := range patchWide[s.code] {
			bw := 0.08
			if wide {
				bw = 0.2
			}
			bc, bd := c, d
			if s.partial && i == 1 {
				bd = c + (d-c)*0.55 // half printed
			}
			bar(pos, pos+bw, bc, bd, across)
			pos += bw + 0.08
		}
		if s.partial {
			// A band where the toner ran out, across all the bars.
			m := (c + d) / 2
			for p := int(in(m)); p < int(in(m+0.2)); p++ {
				for q := int(in(lead)) - 2; q < int(in(lead+0.8))+2; q++ {
					if across {
						img.Pix[q*img.Stride+p] = paper
					} else {
						img.Pix[p*img.Stride+q] = paper
					}
				}
			}
		}
	}
	sh := s.shift
	switch s.layout {
	case "", "across":
		patch(0.6+sh, 3.0+sh, 5.5+sh, true)
	case "twice":
		patch(0.6+sh, 3.0+sh, 5.5+sh, true)
		patch(11-1.6-sh, 3.0+sh, 5.5+sh, true)
	case "down":
		for _, cx := range []float64{1.5, 4.25, 7.0} {
			patch(cx-0.4+sh, 1.0+sh, 4.0+sh, false)
		}
	default:
		t.Fatalf("layout %q", s.layout)
	}
	if s.partial {
		// Toner voids inside the bars.
		for i := 0; i < 400; i++ {
			x, y := rng.IntN(w-4), rng.IntN(h-4)
			if img.Pix[y*img.Stride+x] == ink {
				fillRect(img, float64(x), float64(y), float64(x+1+rng.IntN(3)), float64(y+1+rng.IntN(3)), paper)
			}
		}
	}
	if s.caption {
		d := &font.Drawer{Dst: img, Src: image.NewUniform(color.Gray{ink + 20})}
		text := func(size, x, y float64, str string) {
			d.Face = goFace(dpi, size)
			d.Dot = fixed.P(int(in(x)), int(in(y)))
			d.DrawString(str)
		}
		name := "PATCH " + s.code
		switch s.layout {
		case "down":
			text(40, 3.0, 5.0, name)
			text(14, 1.2, 5.6, "Document separator - insert in front of each document")
		default:
			text(30, 5.8, 1.15, name)
			text(14, 1.2, 2.0, "Document separator - insert in front of each document")
			text(10, 1.2, 10.4, "Health Information Management   form HIM-17 rev 03/2024")
		}
	}
	if s.ragged {
		img = boxBlur(img)
		for i, v := range img.Pix {
			if v < 128 {
				img.Pix[i] = 0
			} else {
				img.Pix[i] = 255
			}
		}
	}
	for i := 0; i < s.blur; i++ {
		img = boxBlur(img)
	}
	if s.skew != 0 {
		img = rotate(img, s.skew)
		if paper != 255 {
			for i, v := range img.Pix {
				img.Pix[i] = min(v, paper)
			}
		}
	}
	speckle(img, rng, s.noise)
	if s.upside {
		rotate180(img)
	}
	if s.jpegQ > 0 {
		img = jpegTrip(t, img, s.jpegQ)
	}
	return img
}

// jpegTrip encodes img as a JPEG of quality q and decodes it again.
func jpegTrip(t testing.TB, img *image.Gray, q int) *image.Gray {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	out, err := jpeg.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	g, ok := out.(*image.Gray)
	if !ok {
		t.Fatalf("JPEG decoded as %T", out)
	}
	return g
}

func patchesOf(bs []chart.Barcode) []chart.Barcode {
	var out []chart.Barcode
	for _, b := range bs {
		if b.Format == barcode.PatchCode {
			out = append(out, b)
		}
	}
	return out
}

func TestPatchCodes(t *testing.T) {
	variants := []struct {
		name  string
		sheet patchSheet
	}{
		{"clean", patchSheet{}},
		{"clean down", patchSheet{layout: "down"}},
		{"twice", patchSheet{layout: "twice"}},
		{"caption", patchSheet{caption: true}},
		{"caption down", patchSheet{layout: "down", caption: true}},
		{"skew +3", patchSheet{skew: 3, caption: true}},
		{"skew -3", patchSheet{skew: -3, caption: true}},
		{"skew +3 down", patchSheet{skew: 3, layout: "down"}},
		{"skew -3 down", patchSheet{skew: -3, layout: "down", caption: true}},
		{"jpeg 40", patchSheet{jpegQ: 40, caption: true, noise: 300}},
		{"jpeg 60 down", patchSheet{jpegQ: 60, layout: "down"}},
		{"blurred", patchSheet{blur: 2, caption: true}},
		{"blurred down", patchSheet{blur: 2, layout: "down"}},
		{"low contrast", patchSheet{ink: 120, paper: 230, caption: true}},
		{"low contrast down", patchSheet{ink: 90, paper: 230, layout: "down"}},
		{"bitonal ragged", patchSheet{ragged: true, caption: true, noise: 1500}},
		{"bitonal ragged down", patchSheet{ragged: true, layout: "down", skew: 1.5}},
		{"partly printed", patchSheet{partial: true, caption: true}},
		{"partly printed down", patchSheet{partial: true, layout: "down"}},
		{"grayscale scan", patchSheet{ink: 105, paper: 230, blur: 1, skew: 2, jpegQ: 50, caption: true, noise: 500}},
		{"grayscale scan down", patchSheet{ink: 115, paper: 230, blur: 2, skew: -2.5, jpegQ: 45, layout: "down"}},
		{"photocopy skewed jpeg", patchSheet{ragged: true, skew: -3, jpegQ: 55, caption: true}},
		{"upside down", patchSheet{upside: true, caption: true}},
		{"upside down down", patchSheet{upside: true, layout: "down"}},
		{"upside down twice jpeg", patchSheet{upside: true, layout: "twice", jpegQ: 50, skew: 1}},
	}
	for _, dpi := range []int{200, 300} {
		for _, code := range patchTexts {
			for vi, v := range variants {
				t.Run(fmt.Sprintf("%ddpi/patch%s/%s", dpi, code, v.name), func(t *testing.T) {
					t.Parallel()
					s := v.sheet
					s.dpi, s.code, s.seed = dpi, code, uint64(vi)
					img := s.render(t)
					want := code
					if s.upside {
						want = patchMirror[code]
					}
					expectPatch(t, img, dpi, want)
				})
			}
		}
	}
}

// The sheets samples/synth draws (the committed samples' Patch 2 sheet
// and its sheets of the other codes) read, at both resolutions, skewed,
// speckled and upside down.
func TestPatchSynthSheets(t *testing.T) {
	if dir := os.Getenv("PATCH_PNG_DIR"); dir != "" {
		writePNG(t, dir+"/patchT-across.png", patchSheet{dpi: 200, code: "T", caption: true, skew: 2, jpegQ: 50, ink: 100, paper: 230}.render(t))
		writePNG(t, dir+"/patch6-ragged.png", patchSheet{dpi: 300, code: "6", caption: true, ragged: true, layout: "twice"}.render(t))
		writePNG(t, dir+"/synth-patchT.png", synth.RenderPatchSheet("T", synth.Options{Skew: 1.2, Noise: 300}, 200))
	}
	opts := []synth.Options{{}, {Skew: 1.4, Noise: 300}, {Skew: -1.5, Noise: 200, UpsideDown: true}}
	for _, dpi := range []int{200, 300} {
		for oi, o := range opts {
			for _, code := range append([]string{"patch2 sheet"}, patchTexts...) {
				t.Run(fmt.Sprintf("%ddpi/%s/%d", dpi, code, oi), func(t *testing.T) {
					t.Parallel()
					var img *image.Gray
					want := code
					if code == "patch2 sheet" {
						img, want = synth.RenderPatch2Sheet(o, dpi), "2"
					} else {
						img = synth.RenderPatchSheet(code, o, dpi)
					}
					if o.UpsideDown {
						want = patchMirror[want]
					}
					got, err := barcode.Decode(context.Background(), img, dpi)
					if err != nil {
						t.Fatal(err)
					}
					ps := patchesOf(got)
					if len(ps) != 3 {
						t.Errorf("three patches printed, read %s", describe(got))
					}
					for _, p := range ps {
						if p.Text != want {
							t.Errorf("read %q, want %q: %s", p.Text, want, describe(got))
						}
					}
				})
			}
		}
	}
}

// Chart pages of every type, from every facility (tables, MARs,
// flowsheets, sticker labels with barcodes), and the cover and separator
// sheets carry no patch code.
func TestPatchNoneOnChartPages(t *testing.T) {
	patient := chart.Patient{MRN: "00048213", Last: "Holloway-Vance", First: "Katherine", Middle: "Joan", DOB: "1958-02-11", Sex: "F"}
	for i, dt := range synth.DocTypes {
		t.Run(dt.Code, func(t *testing.T) {
			t.Parallel()
			d := synth.DocSpec{Patient: patient, Type: dt, Pages: 2, Facility: i, Seed: uint64(31 + i), LabelBarcode: i%2 == 0}
			for _, p := range synth.ComposeDoc(&d) {
				p.Options = synth.Options{Skew: float64(i%5-2) * 0.6, Noise: 200}
				got, err := barcode.Decode(context.Background(), synth.Render(p), 300)
				if err != nil {
					t.Fatal(err)
				}
				if ps := patchesOf(got); len(ps) > 0 {
					t.Errorf("page %d read as %s", p.Number, describe(got))
				}
			}
		})
	}
	t.Run("sheets", func(t *testing.T) {
		t.Parallel()
		for _, img := range []*image.Gray{
			synth.RenderCoverSheet(synth.CoverSpec{Patient: patient, TypeCode: "18842-5", TypeDisplay: "Discharge summary"}),
			synth.RenderCoverSheet(synth.CoverSpec{Patient: patient, Format: barcode.PDF417, DPI: 200}),
			synth.RenderSeparatorSheet(synth.Options{Skew: 1}, 200),
		} {
			got, err := barcode.Decode(context.Background(), img, img.Rect.Dx()*10/85)
			if err != nil {
				t.Fatal(err)
			}
			if ps := patchesOf(got); len(ps) > 0 {
				t.Errorf("sheet read as %s", describe(got))
			}
		}
	})
}

// Content pages: nothing on them may read as a patch code.
func TestPatchNoFalsePositives(t *testing.T) {
	pages := []struct {
		name string
		draw func(img *image.Gray, dpi int, rng *rand.Rand)
	}{
		{"ruled table", drawRuledTable},
		{"MAR grid", drawMARGrid},
		{"thick rules", drawThickRules},
		{"bar chart", drawBarChart},
		{"redaction bars", drawRedactions},
		{"edge shadows", drawEdgeShadows},
		{"code128", func(img *image.Gray, dpi int, rng *rand.Rand) {
			drawClutter(img, dpi, rng, false)
			drawSym(t, img, dpi, sym{format: barcode.Code128, text: "SEPARATOR", x: 1.5, y: 0.8, module: 0.03, height: 1.2})
			drawSym(t, img, dpi, sym{format: barcode.Code128, text: "00638288", x: 5.0, y: 0.8, module: 0.02, height: 0.8})
		}},
		{"dense text", func(img *image.Gray, dpi int, rng *rand.Rand) { drawClutter(img, dpi, rng, true) }},
	}
	effects := []struct {
		name string
		fx   func(t testing.TB, img *image.Gray) *image.Gray
	}{
		{"clean", func(t testing.TB, img *image.Gray) *image.Gray { return img }},
		{"skew jpeg", func(t testing.TB, img *image.Gray) *image.Gray { return jpegTrip(t, rotate(img, 2), 45) }},
		{"bitonal", func(t testing.TB, img *image.Gray) *image.Gray {
			img = boxBlur(img)
			for i, v := range img.Pix {
				if v < 150 {
					img.Pix[i] = 0
				} else {
					img.Pix[i] = 255
				}
			}
			return img
		}},
		{"upside down blurred", func(t testing.TB, img *image.Gray) *image.Gray {
			img = boxBlur(img)
			rotate180(img)
			return img
		}},
	}
	for _, dpi := range []int{200, 300} {
		for pi, p := range pages {
			for _, e := range effects {
				t.Run(fmt.Sprintf("%ddpi/%s/%s", dpi, p.name, e.name), func(t *testing.T) {
					t.Parallel()
					w, h := int(8.5*float64(dpi)), 11*dpi
					img := image.NewGray(image.Rect(0, 0, w, h))
					for i := range img.Pix {
						img.Pix[i] = 255
					}
					p.draw(img, dpi, rand.New(rand.NewPCG(uint64(pi), uint64(dpi))))
					img = e.fx(t, img)
					got, err := barcode.Decode(context.Background(), img, dpi)
					if err != nil {
						t.Fatal(err)
					}
					if ps := patchesOf(got); len(ps) > 0 {
						t.Errorf("content page read as %s", describe(got))
					}
				})
			}
		}
	}
}

// inches fills a rectangle given in inches.
func inches(img *image.Gray, dpi int, x0, y0, x1, y1 float64, v uint8) {
	d := float64(dpi)
	fillRect(img, x0*d, y0*d, x1*d, y1*d, v)
}

// drawRuledTable: a lab table, thin rules every row, a heavier rule under
// the header, text in the cells.
func drawRuledTable(img *image.Gray, dpi int, rng *rand.Rand) {
	drawClutter(img, dpi, rng, false)
	for y := 1.0; y <= 2.6; y += 0.16 {
		inches(img, dpi, 0.8, y, 7.7, y+0.01, 40)
	}
	inches(img, dpi, 0.8, 1.0, 7.7, 1.04, 20)
	for _, x := range []float64{0.8, 2.5, 3.6, 4.7, 5.8, 7.7} {
		inches(img, dpi, x, 1.0, x+0.012, 2.6, 40)
	}
}

// drawMARGrid: a medication administration record: a grid of hour
// columns, every other column shaded, thick day dividers, initials.
func drawMARGrid(img *image.Gray, dpi int, rng *rand.Rand) {
	for c := 0; c < 24; c++ {
		x := 2.0 + float64(c)*0.24
		if c%2 == 1 {
			inches(img, dpi, x, 0.8, x+0.24, 10, 200)
		}
		inches(img, dpi, x, 0.8, x+0.01, 10, 30)
		if c%6 == 0 {
			inches(img, dpi, x, 0.8, x+0.05, 10, 10)
		}
	}
	for y := 0.8; y <= 10; y += 0.2 {
		inches(img, dpi, 0.5, y, 7.8, y+0.01, 30)
	}
	d := &font.Drawer{Dst: img, Src: image.NewUniform(color.Gray{25}), Face: goFace(dpi, 8)}
	for i := 0; i < 150; i++ {
		d.Dot = fixed.P(int((2.03+float64(rng.IntN(24))*0.24)*float64(dpi)), int((0.95+float64(rng.IntN(45))*0.2)*float64(dpi)))
		d.DrawString("JD")
	}
}

// drawThickRules: form sections under black title bands and double rules,
// heavy vertical column rules, bold underlines.
func drawThickRules(img *image.Gray, dpi int, rng *rand.Rand) {
	drawClutter(img, dpi, rng, false)
	inches(img, dpi, 0.8, 0.8, 7.7, 1.1, 0)  // title band
	inches(img, dpi, 0.8, 1.2, 7.7, 1.24, 0) // double rule
	inches(img, dpi, 0.8, 1.3, 7.7, 1.34, 0)
	inches(img, dpi, 0.8, 1.6, 7.7, 1.68, 0) // heavy rule
	inches(img, dpi, 0.8, 1.9, 7.7, 1.98, 0)
	for _, x := range []float64{0.8, 1.0, 4.0, 4.15, 7.5} {
		inches(img, dpi, x, 1.6, x+0.08, 2.7, 0)
	}
	inches(img, dpi, 2.0, 2.4, 4.0, 2.43, 0) // underline
}

// drawBarChart: a vitals trend chart with filled bars on a ruled ground.
func drawBarChart(img *image.Gray, dpi int, rng *rand.Rand) {
	drawClutter(img, dpi, rng, false)
	for y := 0.8; y <= 2.6; y += 0.3 {
		inches(img, dpi, 0.8, y, 7.7, y+0.008, 120)
	}
	x := 1.0
	for i := 0; i < 16; i++ {
		top := 0.9 + rng.Float64()*1.4
		bw := 0.2 + 0.1*float64(i%3)
		inches(img, dpi, x, top, x+bw, 2.6, 20)
		x += bw + 0.1 + 0.08*float64(i%2)
	}
}

// drawRedactions: black bars over lines of text, some lines in a row.
func drawRedactions(img *image.Gray, dpi int, rng *rand.Rand) {
	drawClutter(img, dpi, rng, false)
	y := 3.0
	for i := 0; i < 20; i++ {
		n := 1 + rng.IntN(3)
		inches(img, dpi, 0.8+rng.Float64()*2, y-0.14, 4.5+rng.Float64()*3, y-0.14+float64(n)*0.18-0.03, 0)
		y += float64(n) * 0.18
		if rng.IntN(2) == 0 {
			y += 0.18
		}
	}
}

// drawEdgeShadows: dark uneven strips along the left and top edges.
func drawEdgeShadows(img *image.Gray, dpi int, rng *rand.Rand) {
	drawClutter(img, dpi, rng, false)
	d := float64(dpi)
	for y := 0; y < img.Rect.Dy(); y++ {
		wd := int((0.15 + 0.1*math.Sin(float64(y)/d*2)) * d)
		for x := 0; x < wd; x++ {
			img.Pix[y*img.Stride+x] = uint8(20 + 40*x/wd)
		}
	}
	for x := 0; x < img.Rect.Dx(); x++ {
		for y := 0; y < int(0.3*d); y++ {
			img.Pix[y*img.Stride+x] = min(img.Pix[y*img.Stride+x], uint8(30+100*y/int(0.3*d)))
		}
	}
	// A second shadow strip separated from the first by a light line.
	inches(img, dpi, 8.5-0.35, 0, 8.5-0.27, 11, 30)
	inches(img, dpi, 8.5-0.2, 0, 8.5, 11, 10)
}

// BenchmarkPatchSheet decodes a Patch T sheet and a page of rules and
// bars that the patch reader has to look at.
func BenchmarkPatchSheet(b *testing.B) {
	pages := map[string]*image.Gray{
		"patchT-across": patchSheet{dpi: 300, code: "T", caption: true}.render(b),
		"patch2-down":   patchSheet{dpi: 300, code: "2", layout: "down", caption: true}.render(b),
	}
	rules := image.NewGray(image.Rect(0, 0, 2550, 3300))
	for i := range rules.Pix {
		rules.Pix[i] = 255
	}
	drawBarChart(rules, 300, rand.New(rand.NewPCG(1, 2)))
	drawThickRules(rules, 300, rand.New(rand.NewPCG(1, 2)))
	pages["bar-chart-rules"] = rules
	for _, name := range []string{"patchT-across", "patch2-down", "bar-chart-rules"} {
		img := pages[name]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := barcode.Decode(context.Background(), img, 300); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// writePNG saves a page for a look (PATCH_PNG_DIR=/tmp go test -run
// TestPatchSynthSheet).
func writePNG(t testing.TB, path string, img *image.Gray) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// Wherever a patch lies, the page's measuring pass may end the region it
// is read in inside or just past an outer wide bar (it sees no change of
// colour across one): every code at every position on a 0.007 inch step
// still reads.
func TestPatchPositions(t *testing.T) {
	for _, dpi := range []int{200, 300} {
		for _, layout := range []string{"across", "down"} {
			for _, code := range patchTexts {
				for k := 0; k < 14; k++ {
					t.Run(fmt.Sprintf("%ddpi/%s/patch%s/shift%d", dpi, layout, code, k), func(t *testing.T) {
						t.Parallel()
						img := patchSheet{dpi: dpi, code: code, layout: layout, shift: float64(k) * 0.007}.render(t)
						expectPatch(t, img, dpi, code)
					})
				}
			}
		}
	}
}

// expectPatch decodes a page and wants a patch code, every one read as want.
func expectPatch(t *testing.T, img *image.Gray, dpi int, want string) {
	t.Helper()
	got, err := barcode.Decode(context.Background(), img, dpi)
	if err != nil {
		t.Fatal(err)
	}
	ps := patchesOf(got)
	if len(ps) == 0 {
		t.Fatalf("no patch code found (decoded %s)", describe(got))
	}
	for _, p := range ps {
		if p.Text != want {
			t.Errorf("read patch %q at %v, want %q (all: %s)", p.Text, p.Box, want, describe(got))
		}
	}
}
