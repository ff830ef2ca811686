package ocr

import (
	"context"
	"image"
	"image/draw"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/chart"
)

// regionPage is a rendered page with a patient label and the identifiers
// printed on it.
type regionPage struct {
	name   string
	render func(testing.TB) *image.Gray
	kind   string   // the region kind expected to carry the identifiers
	ids    []string // name, MRN, date of birth as printed
	where  image.Rectangle
	// garbled lists identifiers a single-block full-page pass (PSM 6)
	// missed on this page (logged when the page reading has them).
	garbled []string
}

var regionPages = []regionPage{
	{"boxed label beside letterhead", pageBoxedLabel, KindLabel,
		[]string{"JOHNSON, KATHERINE M", "00412345", "03/14/1957"}, image.Rect(1500, 150, 2450, 600), nil},
	{"boxed label between letterhead lines, scanned", pageBoxedLabelOffset, KindLabel,
		[]string{"JOHNSON, KATHERINE M", "00412345", "1957"}, image.Rect(1450, 150, 2450, 650), []string{"JOHNSON, KATHERINE M"}},
	{"crooked sticker", pageSticker, KindLabel,
		[]string{"MARTINEZ, ROBERTO A", "00638288", "02-Jul-1961"}, image.Rect(1400, 30, 2500, 730), []string{"00638288"}},
	{"addressograph imprint", pageImprint, KindImprint,
		[]string{"KOWALSKI, STANLEY J", "00571234", "14-MAR-1957"}, image.Rect(100, 150, 1300, 520), []string{"00571234", "14-MAR-1957"}},
	{"label turned 90 in the left margin", pageMargin, KindMargin,
		[]string{"WILLIAMS, DEBORAH K", "00298811", "11/05/1948"}, image.Rect(0, 1250, 260, 2850), []string{"WILLIAMS, DEBORAH K", "00298811", "11/05/1948"}},
	{"boxed label turned 90 in the left margin", pageMarginBoxed, KindMargin,
		[]string{"WILLIAMS, DEBORAH K", "00298811", "11/05/1948"}, image.Rect(0, 1250, 300, 2850), nil},
	{"label turned 90 in the right margin", pageMarginRight, KindMargin,
		[]string{"NGUYEN, THANH V", "00845120", "02/29/1964"}, image.Rect(2250, 1050, 2550, 2650), []string{"00845120"}},
	{"footer identifier line", pageFooter, KindFooter,
		[]string{"GARCIA, LUIS", "00733920", "1972-09-18"}, image.Rect(700, 3050, 1700, 3200), nil},
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestRegionsReadPatientLabels renders each kind of patient label and
// checks that a region of the right kind, where the label is, reads its
// identifiers, with word boxes in page pixels on the label. It reports how
// many identifiers each reading has.
func TestRegionsReadPatientLabels(t *testing.T) {
	if testing.Short() {
		t.Skip("real Tesseract")
	}
	p := NewProcessor(realTesseract(t))
	var full, withRegions, total int
	for _, tc := range regionPages {
		t.Run(tc.name, func(t *testing.T) {
			res, err := p.Process(context.Background(), tc.render(t), 300)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Regions) > p.MaxRegions {
				t.Errorf("%d regions, at most %d", len(res.Regions), p.MaxRegions)
			}
			var got *chart.RegionRead
			for i, r := range res.Regions {
				t.Logf("region %s %v rot %d conf %.2f: %q", r.Kind, r.Box, r.Rotation, r.Confidence, r.Text)
				// A label box beside the letterhead may be found as the
				// header column it stands in.
				kind := r.Kind == tc.kind || (tc.kind == KindLabel && r.Kind == KindHeader)
				if kind && r.Box.Overlaps(tc.where) && got == nil {
					got = &res.Regions[i]
				}
			}
			page := normSpace(res.Text)
			for _, id := range tc.ids {
				total++
				if strings.Contains(page, id) {
					full++
				}
				found := strings.Contains(page, id)
				for _, r := range res.Regions {
					found = found || strings.Contains(normSpace(r.Text), id)
				}
				if found {
					withRegions++
				}
			}
			for _, id := range tc.garbled {
				// Garbled by the single-block page reading (PSM 6); the
				// automatic layout (PSM 3) now used reads some of them.
				if strings.Contains(page, id) {
					t.Logf("the full-page reading has %q", id)
				}
			}
			if got == nil {
				t.Fatalf("no %s region on %v", tc.kind, tc.where)
			}
			text := normSpace(got.Text)
			for _, id := range tc.ids {
				if !strings.Contains(text, id) {
					t.Errorf("%s region lacks %q: %q", tc.kind, id, got.Text)
				}
			}
			for _, w := range got.Words {
				if w.Box.Empty() || !w.Box.In(res.Image.Rect) || !w.Box.Overlaps(tc.where) {
					t.Errorf("word %q box %v not on the label %v", w.Text, w.Box, tc.where)
				}
				if tc.kind == KindMargin && len(w.Text) >= 4 && w.Box.Dy() <= w.Box.Dx() {
					t.Errorf("margin word %q box %v is not upright on the page", w.Text, w.Box)
				}
			}
		})
	}
	t.Logf("identifiers read: full page %d/%d, with regions %d/%d", full, total, withRegions, total)
	if withRegions != total {
		t.Errorf("regions read %d of %d identifiers", withRegions, total)
	}
}

// TestRegionIdentifierRate measures how many printed identifiers (name,
// MRN, date of birth) are read on the label pages as rendered, as a noisy
// low-contrast grayscale scan and as a bitonal scan: by the full-page
// reading alone, by the regions alone, and by either.
func TestRegionIdentifierRate(t *testing.T) {
	if testing.Short() {
		t.Skip("real Tesseract")
	}
	p := NewProcessor(realTesseract(t))
	variants := []struct {
		name string
		f    func(*image.Gray) *image.Gray
		dpi  int
	}{
		{"clean", func(g *image.Gray) *image.Gray { return g }, 300},
		{"scanned", func(g *image.Gray) *image.Gray { return scanned(g, 5) }, 300},
		{"bitonal", func(g *image.Gray) *image.Gray { g = scanned(g, 6); threshold(g, 150); return g }, 300},
		{"200dpi", func(g *image.Gray) *image.Gray { return scanned(to200(g), 7) }, 200},
	}
	var full, regions, either, total, nregions int
	for _, v := range variants {
		var vf, vr, ve, vt int
		for _, tc := range regionPages {
			res, err := p.Process(context.Background(), v.f(tc.render(t)), v.dpi)
			if err != nil {
				t.Fatal(err)
			}
			nregions += len(res.Regions)
			page := normSpace(res.Text)
			var rtext []string
			for _, r := range res.Regions {
				rtext = append(rtext, normSpace(r.Text))
			}
			all := strings.Join(rtext, " | ")
			for _, id := range tc.ids {
				vt++
				f, r := strings.Contains(page, id), strings.Contains(all, id)
				if f {
					vf++
				}
				if r {
					vr++
				}
				if f || r {
					ve++
				}
				if !f && !r {
					t.Logf("%s / %s: %q not read; regions: %s", v.name, tc.name, id, all)
				}
			}
		}
		t.Logf("%-8s identifiers read: full page %2d/%d, regions %2d/%d, either %2d/%d", v.name, vf, vt, vr, vt, ve, vt)
		full, regions, either, total = full+vf, regions+vr, either+ve, total+vt
	}
	t.Logf("all      identifiers read: full page %2d/%d (%.0f%%), regions %2d/%d (%.0f%%), either %2d/%d (%.0f%%); %.1f regions a page",
		full, total, 100*float64(full)/float64(total), regions, total, 100*float64(regions)/float64(total),
		either, total, 100*float64(either)/float64(total), float64(nregions)/float64(len(variants)*len(regionPages)))
	if either*10 < total*8 || either <= full {
		t.Errorf("regions add too little: %d of %d with regions, %d full page", either, total, full)
	}
}

// to200 resamples a 300 dpi page to 200 dpi.
func to200(g *image.Gray) *image.Gray {
	w, h := g.Rect.Dx()*2/3, g.Rect.Dy()*2/3
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			// The mean of the 1.5×1.5 source area, sampled at four points.
			sum := 0
			for _, d := range [][2]float64{{-0.37, -0.37}, {0.37, -0.37}, {-0.37, 0.37}, {0.37, 0.37}} {
				sum += int(bilinearClamp(g, (float64(x)+0.5)*1.5-0.5+d[0], (float64(y)+0.5)*1.5-0.5+d[1], g.Rect.Dx(), g.Rect.Dy()))
			}
			out.Pix[y*out.Stride+x] = uint8(sum / 4)
		}
	}
	return out
}

// TestRegionsOnPlainPage checks that a page without labels costs no region
// reading: its header is clean.
func TestRegionsOnPlainPage(t *testing.T) {
	if testing.Short() {
		t.Skip("real Tesseract")
	}
	res, err := NewProcessor(realTesseract(t)).Process(context.Background(), renderPage(t, pageLines), 300)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Regions) != 0 {
		t.Fatalf("plain page has %d regions: %+v", len(res.Regions), res.Regions)
	}
}

// TestReadRegionRestoresPageMode checks that a region read in single-line
// mode leaves the pooled client reading pages as before.
func TestReadRegionRestoresPageMode(t *testing.T) {
	if testing.Short() {
		t.Skip("real Tesseract")
	}
	e, err := NewTesseract(1, "eng")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	page := renderPage(t, pageLines)
	before, err := e.Recognize(context.Background(), page, 300)
	if err != nil {
		t.Fatal(err)
	}
	line := image.NewGray(image.Rect(0, 0, 2000, 120))
	draw.Draw(line, line.Rect, page, image.Pt(200, 330), draw.Src)
	r, err := e.ReadRegion(context.Background(), line, 300, RegionLine)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text, "DISCHARGE") {
		t.Errorf("line read %q", r.Text)
	}
	after, err := e.Recognize(context.Background(), page, 300)
	if err != nil {
		t.Fatal(err)
	}
	if after.Text != before.Text {
		t.Fatalf("page reading changed after a region read:\n%s\n---\n%s", before.Text, after.Text)
	}
}

// --- unit tests (no Tesseract) ---

func whitePage(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	draw.Draw(g, g.Rect, image.White, image.Point{}, draw.Src)
	return g
}

func fill(g *image.Gray, r image.Rectangle) {
	draw.Draw(g, r, image.Black, image.Point{}, draw.Src)
}

func outline(g *image.Gray, r image.Rectangle, stroke int) {
	fill(g, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+stroke))
	fill(g, image.Rect(r.Min.X, r.Max.Y-stroke, r.Max.X, r.Max.Y))
	fill(g, image.Rect(r.Min.X, r.Min.Y, r.Min.X+stroke, r.Max.Y))
	fill(g, image.Rect(r.Max.X-stroke, r.Min.Y, r.Max.X, r.Max.Y))
}

// textish draws blobs the size of 10 pt words in r.
func textish(g *image.Gray, r image.Rectangle) {
	for y := r.Min.Y; y+40 <= r.Max.Y; y += 70 {
		for x := r.Min.X; x+120 <= r.Max.X; x += 160 {
			fill(g, image.Rect(x, y, x+120, y+40))
		}
	}
}

// A tall, narrow ruled box is a label turned along a margin: its
// candidate is read turned, left-margin boxes bottom-to-top first.
func TestTallFrameReadTurned(t *testing.T) {
	g := whitePage(2550, 3300)
	box := image.Rect(60, 1300, 320, 2300)
	outline(g, box, 4)
	textish(g, box.Inset(50))
	var got *candidate
	cands := findCandidates(g, 300, Recognition{}, nil, newInkMap(g))
	for i, c := range cands {
		if c.kind == KindLabel {
			got = &cands[i]
		}
	}
	if got == nil {
		t.Fatalf("no label candidate in %+v", cands)
	}
	if len(got.rots) != 2 || got.rots[0] != 90 {
		t.Fatalf("tall frame read with turns %v, want [90 270]", got.rots)
	}
}

func TestFramesFindRuledBoxes(t *testing.T) {
	g := whitePage(2550, 3300)
	label := image.Rect(1500, 150, 2400, 550)
	outline(g, label, 4)
	textish(g, label.Inset(40))
	// A crooked sticker.
	st := whitePage(1000, 600)
	outline(st, image.Rect(50, 100, 950, 500), 3)
	textish(st, image.Rect(100, 150, 900, 450))
	st = RotateSmall(st, 4)
	for y := 0; y < 600; y++ {
		for x := 0; x < 1000; x++ {
			g.Pix[(1000+y)*g.Stride+200+x] = st.Pix[y*st.Stride+x]
		}
	}
	// Not labels: an empty box, a table grid, a long rule.
	outline(g, image.Rect(1500, 1000, 2300, 1300), 4)
	table := image.Rect(200, 2000, 1400, 2600)
	outline(g, table, 4)
	for y := table.Min.Y; y < table.Max.Y; y += 100 {
		fill(g, image.Rect(table.Min.X, y, table.Max.X, y+3))
	}
	for x := table.Min.X; x < table.Max.X; x += 300 {
		fill(g, image.Rect(x, table.Min.Y, x+3, table.Max.Y))
	}
	textish(g, image.Rect(220, 2020, 480, 2090))
	fill(g, image.Rect(200, 2900, 2300, 2904))

	boxes := newInkMap(g).frameBoxes(300)
	if len(boxes) != 2 {
		t.Fatalf("found %d frames %v, want the label and the sticker", len(boxes), boxes)
	}
	if !boxes[0].Overlaps(label) || boxes[0].Intersect(label).Dx() < label.Dx()-10 {
		t.Errorf("label frame %v, want about %v", boxes[0], label)
	}
	if !boxes[1].Overlaps(image.Rect(200, 1000, 1200, 1600)) {
		t.Errorf("sticker frame %v", boxes[1])
	}
}

func TestMarginCandidates(t *testing.T) {
	g := whitePage(2550, 3300)
	// Body text, covered by recognised words.
	var words []chart.Word
	for y := 400; y < 3000; y += 90 {
		fill(g, image.Rect(250, y, 1900, y+40))
		words = append(words, chart.Word{Text: "text", Box: image.Rect(250, y, 1900, y+40), Conf: 0.95})
	}
	// A label along the left margin: two columns of glyph-like blobs.
	for y := 1300; y < 2300; y += 45 {
		fill(g, image.Rect(60, y, 95, y+30))
		fill(g, image.Rect(140, y, 175, y+30))
	}
	// A three-hole punch shadow on the right: short, far apart.
	for _, y := range []int{500, 1650, 2800} {
		fill(g, image.Rect(2420, y, 2490, y+70))
	}
	got := marginCandidates(g, 300, words, nil)
	if len(got) != 1 {
		t.Fatalf("got %d margin regions %+v, want 1", len(got), got)
	}
	c := got[0]
	if c.kind != KindMargin || !c.box.In(image.Rect(50, 1290, 190, 2330)) || c.box.Dy() < 900 || c.rots[0] != 90 {
		t.Fatalf("margin region %+v", c)
	}
}

func TestCropTransformMapsBoxesBack(t *testing.T) {
	crop := whitePage(300, 700)
	mark := image.Rect(40, 500, 140, 560)
	fill(crop, mark)
	for _, tc := range []struct {
		name  string
		rot   int
		skew  float64
		scale int
	}{
		{"upright", 0, 0, 1}, {"turned 90", 90, 0, 1}, {"turned 270", 270, 0, 1},
		{"upscaled", 0, 0, 2}, {"turned 90 upscaled", 90, 0, 3}, {"skewed", 0, 3, 1}, {"180", 180, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img := crop
			if tc.skew != 0 {
				img = RotateSmall(img, -tc.skew)
			}
			img = Rotate(img, tc.rot)
			if tc.scale > 1 {
				img = upscale(img, tc.scale)
			}
			// Where the mark is in the read image.
			var seen image.Rectangle
			for y := 0; y < img.Rect.Dy(); y++ {
				for x := 0; x < img.Rect.Dx(); x++ {
					if img.Pix[y*img.Stride+x] < 128 {
						seen = seen.Union(image.Rect(x, y, x+1, y+1))
					}
				}
			}
			tr := cropTransform{origin: image.Pt(1000, 2000), w: 300, h: 700, skew: tc.skew, rot: tc.rot, scale: tc.scale}
			got := tr.toPage(seen)
			want := mark.Add(image.Pt(1000, 2000))
			tol := 3
			if tc.skew != 0 {
				tol = 8 // the box of a turned box is larger
			}
			if d := max(abs(got.Min.X-want.Min.X), abs(got.Min.Y-want.Min.Y), abs(got.Max.X-want.Max.X), abs(got.Max.Y-want.Max.Y)); d > tol {
				t.Fatalf("mapped %v, want %v", got, want)
			}
		})
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func TestIsIdentifierLabel(t *testing.T) {
	for _, tc := range []struct {
		word, next string
		want       bool
	}{
		{"MRN:", "00412345", true},
		{"MR#", "", true},
		{"D.O.B.", "", true},
		{"DOB", "", true},
		{"D0B:", "", true},
		{"MRM", "", true},
		{"Acct#:", "", true},
		{"FIN:", "", true},
		{"Name:", "", true},
		{"Patient:", "", true},
		{"Unit", "No.", true},
		{"Chart", "#", true},
		{"Born:", "", true},
		{"Sex:", "", true},
		{"patient", "reports", false},
		{"Mrs.", "", false},
		{"in", "", false},
		{"DO", "", false},
		{"name", "of", false},
		{"Chart", "review", false},
	} {
		t.Run(tc.word+" "+tc.next, func(t *testing.T) {
			if got := isIdentifierLabel(tc.word, tc.next); got != tc.want {
				t.Fatalf("isIdentifierLabel(%q, %q) = %v", tc.word, tc.next, got)
			}
		})
	}
}

func TestCleanReadings(t *testing.T) {
	w := func(s string, c float64) chart.Word { return chart.Word{Text: s, Conf: c} }
	for _, tc := range []struct {
		name  string
		words []chart.Word
		clean bool
	}{
		{"label read well", []chart.Word{w("MRN:", 0.95), w("00412345", 0.93), w("DOB:", 0.94), w("03/14/1957", 0.92)}, true},
		{"letterhead", []chart.Word{w("ST.", 0.95), w("BARNABAS", 0.96), w("Regional", 0.93)}, true},
		{"noise", []chart.Word{w("aba", 0.41), w("eseimctong", 0.38), w("area", 0.55)}, false},
		{"symbols", []chart.Word{w("ee", 0.9), w("Saad", 0.9), w("[ee)", 0.9), w("—", 0.9)}, false},
		{"MRN without digits", []chart.Word{w("MRN:", 0.95), w("Sex", 0.95)}, false},
		{"misread label", []chart.Word{w("MRM", 0.95), w("00412345", 0.95)}, false},
		{"misread digits", []chart.Word{w("Q0571234", 0.95)}, false},
		{"empty", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := isClean(tc.words); got != tc.clean {
				t.Fatalf("isClean = %v", got)
			}
		})
	}
}

func TestDedupeMergesAndLimits(t *testing.T) {
	r := func(x0, y0, x1, y1 int) image.Rectangle { return image.Rect(x0, y0, x1, y1) }
	cands := []candidate{
		{kind: KindNearLabel, box: r(1600, 300, 2000, 340), prio: 5}, // inside the label: dropped
		{kind: KindLabel, box: r(1500, 150, 2400, 550), prio: 1},     // kept first
		{kind: KindHeader, box: r(100, 100, 700, 300), prio: 3},      // kept
		{kind: KindHeader, box: r(500, 100, 1100, 300), prio: 3},     // partly overlapping: merged
		{kind: KindFooter, box: r(100, 3100, 800, 3150), prio: 3},    // kept
		{kind: KindHeader, box: r(1400, 100, 2500, 600), prio: 7},    // covers the label: dropped
		{kind: KindNearLabel, box: r(100, 1000, 500, 1040), prio: 5}, // kept
		{kind: KindNearLabel, box: r(100, 1500, 500, 1540), prio: 5}, // kept
		{kind: KindNearLabel, box: r(100, 2000, 500, 2040), prio: 5}, // kept (sixth)
		{kind: KindNearLabel, box: r(100, 2500, 500, 2540), prio: 6}, // over the limit
		{kind: KindMargin, box: r(50, 1200, 200, 2400), prio: 2, rots: []int{90, 270}},
	}
	got := dedupe(cands, 6)
	if len(got) != 6 {
		t.Fatalf("kept %d: %+v", len(got), got)
	}
	if got[0].kind != KindLabel || got[1].kind != KindMargin {
		t.Errorf("order: %+v", got)
	}
	if got[2].box != r(100, 100, 1100, 300) {
		t.Errorf("header not merged: %v", got[2].box)
	}
	for _, c := range got {
		if c.prio == 7 || c.box == r(1600, 300, 2000, 340) || c.box.Min.Y == 2500 {
			t.Errorf("kept %+v", c)
		}
	}
}

// TestProcessReadsLabelWithFake runs the whole region step on the fake
// engine: a ruled box is cropped (padded, frame erased), read in block
// mode, and the reading's word boxes come back in page pixels inside it.
func TestProcessReadsLabelWithFake(t *testing.T) {
	f := NewFake()
	g := whitePage(2550, 3300)
	label := image.Rect(1500, 150, 2400, 550)
	outline(g, label, 4)
	textish(g, label.Inset(40))
	pad := 300 / 25
	f.SetRegionText(label.Inset(-pad).Size(), "JOHNSON, KATHERINE M\nMRN: 00412345")
	res, err := NewProcessor(f).Process(context.Background(), g, 300)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Regions) != 1 || f.Regions[0].Mode != RegionBlock {
		t.Fatalf("region calls %+v", f.Regions)
	}
	if len(res.Regions) != 1 {
		t.Fatalf("regions %+v", res.Regions)
	}
	r := res.Regions[0]
	if r.Kind != KindLabel || r.Text != "JOHNSON, KATHERINE M\nMRN: 00412345" || r.Box != label {
		t.Fatalf("region %+v", r)
	}
	for _, w := range r.Words {
		if !w.Box.In(label.Inset(-pad)) {
			t.Errorf("word %q at %v, outside the label %v", w.Text, w.Box, label)
		}
	}
	if r.Words[3].Line != 1 {
		t.Errorf("line numbers within the region: %+v", r.Words)
	}

	// With MaxRegions 0 nothing is read again.
	f2 := NewFake()
	p := NewProcessor(f2)
	p.MaxRegions = 0
	if res, _ := p.Process(context.Background(), g, 300); len(res.Regions) != 0 || len(f2.Regions) != 0 {
		t.Fatalf("MaxRegions 0 read %d regions", len(f2.Regions))
	}
}

// TestProcessSkipsCleanPagesWithFake: a page whose header reads cleanly and
// that has no box or margin ink costs no region reading.
func TestProcessSkipsCleanPagesWithFake(t *testing.T) {
	f := NewFake()
	g := whitePage(2550, 3300)
	textish(g, image.Rect(250, 400, 2000, 1200))
	f.SetText(g.Rect.Size(), "DISCHARGE SUMMARY\nPatient: Johnson Katherine\nMRN: 00412345 DOB: 03/14/1957")
	res, err := NewProcessor(f).Process(context.Background(), g, 300)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Regions) != 0 || len(res.Regions) != 0 {
		t.Fatalf("clean page read %d regions: %+v", len(f.Regions), f.Regions)
	}
}

func TestNearLabelCandidates(t *testing.T) {
	word := func(text string, x, h int, conf float64) chart.Word {
		return chart.Word{Text: text, Box: image.Rect(x, 1000, x+len(text)*20, 1000+h), Conf: conf}
	}
	for _, tc := range []struct {
		name  string
		words []chart.Word
		want  int
	}{
		{"clean label line", []chart.Word{word("MRN:", 200, 35, 0.95), word("00412345", 300, 35, 0.94)}, 0},
		{"clean labels in two columns of one size", []chart.Word{word("Patient:", 200, 35, 0.95), word("Johnson", 380, 35, 0.94),
			word("DOB:", 1400, 35, 0.95), word("03/14/1957", 1500, 35, 0.93)}, 0},
		{"misread label", []chart.Word{word("MRM:", 200, 35, 0.95), word("00412345", 300, 35, 0.94)}, 1},
		{"label without its value", []chart.Word{word("DOB:", 200, 35, 0.91), word("ee", 300, 35, 0.4)}, 1},
		{"clean label beside a large letterhead", []chart.Word{word("ST.", 200, 80, 0.95), word("BARNABAS", 300, 80, 0.95),
			word("MRN:", 1600, 35, 0.95), word("00412345", 1700, 35, 0.94)}, 1},
		{"ordinary words", []chart.Word{word("The", 200, 35, 0.5), word("patient", 300, 35, 0.5), word("name", 500, 35, 0.5)}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := nearLabelCandidates(tc.words, 300); len(got) != tc.want {
				t.Fatalf("%d candidates %+v, want %d", len(got), got, tc.want)
			}
		})
	}
}
