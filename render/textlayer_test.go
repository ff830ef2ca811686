package render

import (
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"errors"
	"image"
	"image/draw"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/chartroom/chartroom/chart"
)

// The pages here are typeset in the test with Go Regular at 300 dpi, and
// the words' boxes are the drawer's exact ink bounds, so the text layer is
// checked against known truth without Tesseract.

const testDPI = 300

var goRegular = sync.OnceValues(func() (*opentype.Font, error) { return opentype.Parse(goregular.TTF) })

func face(tb testing.TB, pt float64) font.Face {
	tb.Helper()
	f, err := goRegular()
	if err != nil {
		tb.Fatal(err)
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: pt, DPI: testDPI, Hinting: font.HintingNone})
	if err != nil {
		tb.Fatal(err)
	}
	return fc
}

// typeset draws lines of words on a white letter page (2550×3300 at 300
// dpi) and returns it with each word's ink box. Words are separated by
// space × the font's space advance; "\t" as a word jumps to the next
// 600-pixel tab stop, like a form's label and value columns.
func typeset(tb testing.TB, lines [][]string, pt, space float64) (*image.Gray, []chart.Word) {
	tb.Helper()
	img := image.NewGray(image.Rect(0, 0, 2550, 3300))
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	fc := face(tb, pt)
	defer fc.Close()
	d := &font.Drawer{Dst: img, Src: image.Black, Face: fc}
	spaceAdv, _ := fc.GlyphAdvance(' ')
	gap := fixed.Int26_6(float64(spaceAdv) * space)
	pitch := fixed.I(int(pt * 1.6 * testDPI / 72))
	left := fixed.I(300)
	var words []chart.Word
	y := fixed.I(400)
	for ln, line := range lines {
		d.Dot = fixed.Point26_6{X: left, Y: y}
		for _, w := range line {
			if w == "\t" {
				stop := fixed.I(600)
				d.Dot.X = left + (d.Dot.X-left+stop)/stop*stop
				continue
			}
			b, _ := d.BoundString(w)
			box := image.Rect(b.Min.X.Floor(), b.Min.Y.Floor(), b.Max.X.Ceil(), b.Max.Y.Ceil())
			if !box.In(img.Rect) {
				tb.Fatalf("typeset: %q at %v runs off the page", w, box)
			}
			words = append(words, chart.Word{Text: w, Box: box, Conf: 0.95, Line: ln + 1})
			d.DrawString(w)
			d.Dot.X += gap
		}
		y += pitch
	}
	return img, words
}

// threshold makes a bitonal copy of a gray page, so it is stored as 1-bit PNG.
func threshold(g *image.Gray) *image.Gray {
	out := image.NewGray(g.Rect)
	for i, v := range g.Pix {
		if v >= 128 {
			out.Pix[i] = 255
		}
	}
	return out
}

// prose returns n lines of k words of clinical-sounding filler, the same
// for the same seed.
func prose(seed uint64, n, k int) [][]string {
	vocab := strings.Fields(`patient admitted with chest pain shortness of breath denies fever
		chills nausea vomiting history hypertension diabetes mellitus type two
		medications metoprolol 25 mg twice daily lisinopril 10 mg aspirin 81
		allergies none known vital signs stable blood pressure 132/84 heart
		rate 78 regular examination lungs clear bilaterally abdomen soft
		non-tender plan continue current therapy follow-up in two weeks with
		cardiology labs potassium 4.1 sodium 139 creatinine 0.9 discharged home
		condition improved instructions given questions answered`)
	r := rand.New(rand.NewPCG(seed, 7))
	lines := make([][]string, n)
	for i := range lines {
		for range k {
			lines[i] = append(lines[i], vocab[r.IntN(len(vocab))])
		}
	}
	return lines
}

// ragged returns n lines of 2 to 11 words, like notes and lists.
func ragged(seed uint64, n int) [][]string {
	r := rand.New(rand.NewPCG(seed, 3))
	lines := prose(seed, n, 11)
	for i := range lines {
		lines[i] = lines[i][:2+r.IntN(10)]
	}
	return lines
}

type testPage struct {
	img     *image.Gray
	words   []chart.Word
	noWords bool              // render the page without its text layer
	want    map[string]string // word text → what extraction should return, where not equal
}

func TestTextLayer(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	pdfinfo := needTool(t, "pdfinfo")
	qpdf := needTool(t, "qpdf")

	page := func(lines [][]string, pt, space float64, bitonal bool) testPage {
		img, words := typeset(t, lines, pt, space)
		if bitonal {
			img = threshold(img)
		}
		return testPage{img: img, words: words}
	}
	special := [][]string{
		{"Allergies", "(see", "note)", "—", "penicillin", "rash"},
		{"Path", `C:\scans\2024`, "and", `a\b(c)d`, "checked", ")(", `\`},
		{"Café", "crème", "brûlée", "naïve", "résumé", "Ångström"},
		{"He", "said", "“stop", "now”", "and", "‘wait’", "–", "ok"},
		{"Dose", "≥5", "mg", "→", "then", "ﬁne", "µg", "½", "€12"},
	}
	marks := [][]string{
		{"•", "Item", "one", ":", "value", "here"},
		{"BP", "132/84", ",", "HR", "78", ".", "RR", "16"},
		{"Signature", "________", "Date", "____", "ok"},
		{"Dose", "......", "25", "mg", "'", "x"},
		{"x", "-", "y", "=", "z", "~", "°", "|", "end"},
		{"-", "-", "-", "—", "—", "-"},
		{"Temp", "37.2", "°", "C", "—", "afebrile", "."},
	}
	form := [][]string{
		{"Name:", "\t", "\t", "Doe", "Jane"},
		{"Allergies:", "\t", "\t", "NKDA"},
		{"Medication", "\t", "Dose", "\t", "Route", "\t", "Frequency"},
		{"metoprolol", "\t", "25", "mg", "\t", "PO", "\t", "BID"},
		{"lisinopril", "\t", "10", "mg", "\t", "PO", "\t", "daily"},
	}
	for _, tc := range []struct {
		name  string
		title string
		pages []testPage
	}{
		{
			name:  "gray jpeg pages",
			title: "Discharge summary 2024-03-01",
			pages: []testPage{page(prose(1, 14, 9), 11, 1, false), page(prose(2, 14, 9), 11, 1, false)},
		},
		{
			name:  "bitonal png pages",
			title: "Progress note 2024-03-02",
			pages: []testPage{page(prose(3, 20, 10), 10, 1, true), page(prose(4, 6, 7), 14, 1, true)},
		},
		{
			name:  "special characters",
			title: "Résumé de sortie — 2024-03-03",
			pages: []testPage{
				func() testPage {
					p := page(special, 12, 1, false)
					p.want = map[string]string{"≥5": "?5", "→": "?", "ﬁne": "fine"}
					return p
				}(),
				page(prose(5, 5, 8), 12, 1, true),
			},
		},
		{
			// Lone marks have tiny boxes off the line's middle.
			name:  "punctuation and outliers",
			title: "Vital signs 2024-03-04",
			pages: []testPage{
				page(marks, 11, 1, true),
				func() testPage {
					p := page(append([][]string{{"DISCHARGE", "SUMMARY"}, {"—", "page", "1", "—"}}, prose(6, 8, 8)...), 11, 1, false)
					// OCR glued a vertical rule to a word: its box
					// runs down over three more lines.
					p.words[10].Box.Max.Y += 200
					return p
				}(),
			},
		},
		{
			name:  "ragged lines",
			title: "Operative note 2024-03-08",
			pages: []testPage{page(ragged(12, 18), 11, 1, false), page(ragged(13, 24), 9, 1, true)},
		},
		{
			name:  "page without words",
			title: "Consent 2024-03-05",
			pages: []testPage{
				page(prose(7, 8, 8), 11, 1, false),
				func() testPage { p := page(prose(8, 8, 8), 11, 1, true); p.noWords = true; return p }(),
			},
		},
		{
			// Boxes that touch or overlap must still come out as
			// separate words, not glued together.
			name:  "touching boxes",
			title: "Lab report 2024-03-06",
			pages: []testPage{page(prose(9, 10, 8), 11, 0, false), page(prose(10, 10, 8), 11, -0.3, true)},
		},
		{
			name:  "form columns",
			title: "Medication list 2024-03-07",
			pages: []testPage{
				page(form, 12, 1, true),
				page(prose(11, 4, 6), 12, 1, false),
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pages := make([]Page, len(tc.pages))
			for i, p := range tc.pages {
				data, _, err := EncodePage(p.img)
				if err != nil {
					t.Fatal(err)
				}
				pages[i] = Page{Image: bytes.NewReader(data), DPI: testDPI, Width: p.img.Rect.Dx(), Height: p.img.Rect.Dy()}
				if !p.noWords {
					// The layer must order words by Line and x, not
					// by the order they come in.
					words := slices.Clone(p.words)
					rand.New(rand.NewPCG(uint64(i), 1)).Shuffle(len(words), func(a, b int) { words[a], words[b] = words[b], words[a] })
					pages[i].Words = words
				}
			}
			var out bytes.Buffer
			if err := PDF(context.Background(), &out, pages, Meta{Title: tc.title}); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "doc.pdf")
			if err := os.WriteFile(file, out.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}

			if err := api.Validate(bytes.NewReader(out.Bytes()), validateConfig()); err != nil {
				t.Errorf("pdfcpu validation: %v", err)
			}
			if msg, err := exec.Command(qpdf, "--check", file).CombinedOutput(); err != nil {
				t.Errorf("qpdf --check: %v\n%s", err, msg)
			}
			info := pdfInfo(t, pdfinfo, file)
			for field, want := range map[string]string{"Title": tc.title, "Creator": "Chartroom", "Pages": "2"} {
				if info[field] != want {
					t.Errorf("pdfinfo %s: %q, want %q", field, info[field], want)
				}
			}
			// Nothing but the title may describe the document.
			for _, field := range []string{"Author", "Subject", "Keywords"} {
				if v, ok := info[field]; ok {
					t.Errorf("pdfinfo shows %s %q", field, v)
				}
			}

			for i, p := range tc.pages {
				pg := strconv.Itoa(i + 1)
				if p.noWords {
					if text := run(t, pdftotext, "-f", pg, "-l", pg, file, "-"); strings.TrimSpace(text) != "" {
						t.Errorf("page %d has no words but pdftotext found %q", i+1, text)
					}
					continue
				}
				want := make([]string, len(p.words))
				for j, w := range p.words {
					want[j] = w.Text
					if s, ok := p.want[w.Text]; ok {
						want[j] = s
					}
				}
				// -layout keeps the page's lines and -raw the layer's
				// own order; both must give the words in reading
				// order. Plain pdftotext regroups lines into blocks by
				// poppler's heuristics (columns, font sizes), which
				// can move a fragment of a ragged page as it would
				// in printed text: it is held to less.
				for _, mode := range []string{"-layout", "-raw", ""} {
					args := []string{"-enc", "UTF-8", "-f", pg, "-l", pg, file, "-"}
					need := 90
					if mode != "" {
						args = append([]string{mode}, args...)
						need = 98
					}
					got := strings.Fields(run(t, pdftotext, args...))
					n := len(lcs(want, got))
					t.Logf("page %d: pdftotext %s recovers %d of %d words in reading order (%.1f%%), returns %d", i+1, cmp.Or(mode, "(plain)"), n, len(want), 100*float64(n)/float64(len(want)), len(got))
					// Glued words fail to match; split ones add words.
					if n*100 < len(want)*need || len(got) > len(want)+len(want)/50 {
						t.Errorf("page %d: pdftotext %s recovers %d of %d words in reading order and returns %d, want ≥ %d%%\nwant %q\ngot  %q", i+1, mode, n, len(want), len(got), need, want, got)
					}
				}
				checkBoxes(t, i+1, p.words, want, bboxWords(t, pdftotext, file, i+1))
			}
		})
	}
}

// checkBoxes checks that pdftotext -bbox finds each word where it is on
// the image. Words are matched to the found words of the same text with the
// nearest centre. An ordinary word's text box must be its image box: the
// centre inside, overlapping by at least half (intersection over union).
// Marks too small or boxes too tall to be set as text on their line (see
// minHeightFrac) are held to what the layer promises instead: a small
// mark's text box covers it, a tall box's text box stays inside it.
func checkBoxes(t *testing.T, page int, words []chart.Word, want []string, found []bboxWord) {
	t.Helper()
	const px = testDPI / 72.0 // pdftotext boxes are in points, from the top left
	heights := func(ws []chart.Word) float64 {
		hs := make([]int, len(ws))
		for i, w := range ws {
			hs[i] = w.Box.Dy()
		}
		slices.Sort(hs)
		return float64(hs[len(hs)/2])
	}
	pageRef := heights(words)
	used := make([]bool, len(found))
	var matched, small, tall int
	minIoU := 1.0
	for i, w := range words {
		best := -1
		var bestD float64
		for j, b := range found {
			if used[j] || b.Text != want[i] {
				continue
			}
			dx := (b.XMin+b.XMax)/2*px - float64(w.Box.Min.X+w.Box.Max.X)/2
			dy := (b.YMin+b.YMax)/2*px - float64(w.Box.Min.Y+w.Box.Max.Y)/2
			if d := dx*dx + dy*dy; best < 0 || d < bestD {
				best, bestD = j, d
			}
		}
		if best < 0 {
			continue
		}
		used[best] = true
		matched++
		b := found[best]
		got := image.Rect(int(b.XMin*px+0.5), int(b.YMin*px+0.5), int(b.XMax*px+0.5), int(b.YMax*px+0.5))
		var line []chart.Word
		for _, v := range words {
			if v.Line == w.Line {
				line = append(line, v)
			}
		}
		ref := max(heights(line), pageRef)
		area := func(r image.Rectangle) float64 { return float64(r.Dx() * r.Dy()) }
		// A pixel's slack either way: at the limits, the layer's
		// arithmetic in points may round the other way.
		switch h := float64(w.Box.Dy()); {
		case h <= minHeightFrac*ref+1:
			small++
			if c := area(got.Intersect(w.Box)) / area(w.Box); c < 0.8 {
				t.Errorf("page %d mark %q: text box %v covers %.0f%% of its image box %v, want ≥ 80%%", page, w.Text, got, 100*c, w.Box)
			}
		case h >= maxHeightFrac*ref-1:
			tall++
			if c := area(got.Intersect(w.Box)) / area(got); c < 0.8 {
				t.Errorf("page %d tall word %q: text box %v lies %.0f%% inside its image box %v, want ≥ 80%%", page, w.Text, got, 100*c, w.Box)
			}
		default:
			cx, cy := (b.XMin+b.XMax)/2*px, (b.YMin+b.YMax)/2*px
			if cx < float64(w.Box.Min.X) || cx > float64(w.Box.Max.X) || cy < float64(w.Box.Min.Y) || cy > float64(w.Box.Max.Y) {
				t.Errorf("page %d word %q: text box %v has its centre outside the image box %v", page, w.Text, got, w.Box)
			} else if iou := overlap(got, w.Box); iou < 0.5 {
				t.Errorf("page %d word %q: text box %v overlaps image box %v by %.0f%%, want ≥ 50%%", page, w.Text, got, w.Box, 100*iou)
			} else {
				minIoU = min(minIoU, iou)
			}
		}
	}
	t.Logf("page %d: -bbox finds %d of %d words (%d small marks, %d tall boxes); ordinary words overlap their image boxes by ≥ %.0f%%", page, matched, len(words), small, tall, 100*minIoU)
	if matched*100 < len(words)*98 {
		t.Errorf("page %d: pdftotext -bbox finds %d of %d words, want ≥ 98%%", page, matched, len(words))
	}
}

// TestTextLayerInvisible renders a page with and without its text layer:
// the pixels must not differ.
func TestTextLayerInvisible(t *testing.T) {
	pdftoppm := needTool(t, "pdftoppm")
	img, words := typeset(t, prose(20, 10, 8), 11, 1)
	data, _, err := EncodePage(img)
	if err != nil {
		t.Fatal(err)
	}
	var pngs [2][]byte
	for i, ws := range [][]chart.Word{nil, words} {
		var out bytes.Buffer
		if err := PDF(context.Background(), &out, []Page{{Image: bytes.NewReader(data), DPI: testDPI, Words: ws}}, Meta{}); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(t.TempDir(), "doc.pdf")
		if err := os.WriteFile(file, out.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		pngs[i] = []byte(run(t, pdftoppm, "-r", "50", "-gray", "-png", file))
	}
	if !bytes.Equal(pngs[0], pngs[1]) {
		t.Error("the text layer changes how the page looks")
	}
}

func TestLayout(t *testing.T) {
	page := image.Rect(0, 0, 2550, 3300)
	word := func(text string, line, x0, y0, x1, y1 int) chart.Word {
		return chart.Word{Text: text, Line: line, Box: image.Rect(x0, y0, x1, y1)}
	}
	// in pixels, from the top left, as the boxes were given
	box := func(p placed) image.Rectangle {
		const px = testDPI / 72.0
		return image.Rect(int(p.x0*px+0.5), int(3300-p.y1*px+0.5), int(p.x1*px+0.5), int(3300-p.y0*px+0.5))
	}
	for _, tc := range []struct {
		name  string
		words []chart.Word
		check func(t *testing.T, got []placed)
	}{
		{
			name: "reading order is line then x",
			words: []chart.Word{
				word("d", 2, 400, 500, 440, 540), word("b", 1, 400, 400, 440, 440),
				word("c", 2, 300, 500, 340, 540), word("a", 1, 300, 400, 340, 440),
			},
			check: func(t *testing.T, got []placed) {
				var s string
				for _, p := range got {
					s += string(p.code)
				}
				if s != "abcd" {
					t.Errorf("order %q, want abcd", s)
				}
			},
		},
		{
			name:  "words with nothing to show are left out",
			words: []chart.Word{word("", 1, 0, 0, 10, 10), word(" \t", 1, 20, 0, 30, 10), word("\x00", 1, 40, 0, 50, 10), word("ok", 1, 60, 0, 90, 10)},
			check: func(t *testing.T, got []placed) {
				if len(got) != 1 || string(got[0].code) != "ok" {
					t.Errorf("got %d words, want only ok", len(got))
				}
			},
		},
		{
			name:  "boxes are kept on the page",
			words: []chart.Word{word("off", 1, 2500, 3250, 2700, 3400), word("empty", 2, 100, 100, 100, 100), word("flipped", 3, 500, 600, 300, 500)},
			check: func(t *testing.T, got []placed) {
				// The empty box is a mark among the others: it may
				// grow in height, as marks do, but not in width.
				for i, want := range []image.Rectangle{image.Rect(2500, 3250, 2550, 3300), image.Rect(100, 100, 101, 101), image.Rect(300, 500, 500, 600)} {
					if b := box(got[i]); b.Min.X != want.Min.X || b.Max.X != want.Max.X || !want.In(b) {
						t.Errorf("%s: box %v, want %v", got[i].code, b, want)
					}
				}
			},
		},
		{
			name:  "touching boxes are pulled apart",
			words: []chart.Word{word("left", 1, 300, 400, 400, 440), word("right", 1, 400, 400, 520, 440), word("over", 1, 510, 400, 600, 440)},
			check: func(t *testing.T, got []placed) {
				for i := 0; i+1 < len(got); i++ {
					if gap, want := got[i+1].x0-got[i].x1, minGapFrac*fontSize(got[i])-0.01; gap < want {
						t.Errorf("%s–%s: gap %.2fpt, want ≥ %.2f", got[i].code, got[i+1].code, gap, want)
					}
				}
			},
		},
		{
			name: "a small mark takes the line's band",
			words: []chart.Word{
				word("Allergies", 1, 300, 400, 500, 445), word("—", 1, 520, 425, 560, 429), word("none", 1, 580, 410, 680, 445),
			},
			check: func(t *testing.T, got []placed) {
				if b := box(got[1]); b.Min.Y > 410 || b.Max.Y < 445 {
					t.Errorf("mark box %v, want it to span the band 410–445", b)
				}
				if b := box(got[0]); b != image.Rect(300, 400, 500, 445) {
					t.Errorf("ordinary word box %v changed", b)
				}
			},
		},
		{
			name: "a tall box is cut down near its line",
			words: []chart.Word{
				word("one", 1, 300, 410, 380, 445), word("tall", 1, 400, 400, 480, 700), word("two", 1, 500, 410, 580, 445),
			},
			check: func(t *testing.T, got []placed) {
				if b := box(got[1]); b.Dy() > 55 || b.Min.Y > 410 || !b.In(image.Rect(400, 400, 480, 700)) {
					t.Errorf("tall box %v, want ≤ 1.5×35 px high, within its box, at its line", b)
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, layout(tc.words, page, testDPI)) })
	}
}

// validateConfig is writeConfig for validation, in strict mode.
func validateConfig() *model.Configuration {
	conf := writeConfig()
	conf.Cmd = model.VALIDATE
	conf.ValidationMode = model.ValidationStrict
	return conf
}

// needTool finds a command-line tool the test needs. Without it the test
// is skipped, loudly, except in CI (CI=true), where it fails: CI must not
// pass by checking nothing.
func needTool(tb testing.TB, name string) string {
	tb.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("%s is not installed (scripts/deps.sh installs poppler-utils and qpdf); CI must run these checks", name)
	}
	tb.Skipf("!!! SKIPPING: %s is not installed, so the PDF is NOT checked; install poppler-utils and qpdf (scripts/deps.sh) !!!", name)
	return ""
}

func run(tb testing.TB, name string, args ...string) string {
	tb.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, stderr.Bytes())
	}
	if stderr.Len() > 0 {
		// poppler reports broken content (bad strings, unknown
		// operators) on stderr and carries on.
		tb.Errorf("%s %s complains:\n%s", filepath.Base(name), strings.Join(args, " "), stderr.Bytes())
	}
	return string(out)
}

// pdfInfo returns pdfinfo's fields for a file.
func pdfInfo(tb testing.TB, pdfinfo, file string) map[string]string {
	tb.Helper()
	fields := map[string]string{}
	for line := range strings.Lines(run(tb, pdfinfo, "-enc", "UTF-8", file)) {
		if k, v, ok := strings.Cut(line, ":"); ok {
			fields[k] = strings.TrimSpace(v)
		}
	}
	return fields
}

type bboxWord struct {
	XMin float64 `xml:"xMin,attr"`
	YMin float64 `xml:"yMin,attr"`
	XMax float64 `xml:"xMax,attr"`
	YMax float64 `xml:"yMax,attr"`
	Text string  `xml:",chardata"`
}

// bboxWords returns the words pdftotext -bbox finds on a page, with their
// boxes in points from the top left.
func bboxWords(tb testing.TB, pdftotext, file string, page int) []bboxWord {
	tb.Helper()
	pg := strconv.Itoa(page)
	out := run(tb, pdftotext, "-bbox", "-enc", "UTF-8", "-f", pg, "-l", pg, file, "-")
	dec := xml.NewDecoder(strings.NewReader(out))
	dec.Strict = false
	var words []bboxWord
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return words
		}
		if err != nil {
			tb.Fatalf("pdftotext -bbox output: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "word" {
			var w bboxWord
			if err := dec.DecodeElement(&w, &se); err != nil {
				tb.Fatal(err)
			}
			words = append(words, w)
		}
	}
}

// lcs returns the index pairs (i in a, j in b) of a longest common
// subsequence of a and b.
func lcs(a, b []string) [][2]int {
	n, m := len(a), len(b)
	dp := make([][]int, n+1)
	for i := range dp {
		dp[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	var pairs [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			pairs = append(pairs, [2]int{i, j})
			i++
			j++
		case dp[i+1][j] >= dp[i][j+1]:
			i++
		default:
			j++
		}
	}
	return pairs
}

// overlap is the intersection over union of two boxes.
func overlap(a, b image.Rectangle) float64 {
	in := a.Intersect(b)
	area := func(r image.Rectangle) float64 { return float64(r.Dx() * r.Dy()) }
	u := area(a) + area(b) - area(in)
	if u <= 0 {
		return 0
	}
	return area(in) / u
}

func TestWinAnsi(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string // want in Windows-1252 bytes
	}{
		{"ascii", "Hello(1)", "Hello(1)"},
		{"latin-1", "café½", "caf\xe9\xbd"},
		{"cp1252 punctuation", "“a”—‘b’–€", "\x93a\x94\x97\x91b\x92\x96\x80"},
		{"outside WinAnsi", "≥5 →", "?5 ?"},
		{"ligatures and hyphens", "ﬁle−2‐3", "file-2-3"},
		{"controls dropped", "a\x00b\x07c", "abc"},
		{"white space", "a\tb", "a b"},
		{"no-break space", "a\u00a0b", "a b"},
		{"empty", "", ""},
		{"blank", " \t ", ""},
		{"invalid utf-8", "a\xffb", "a?b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(winAnsi(tc.in)); got != tc.want {
				t.Errorf("winAnsi(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestEscapeLiteral(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "abc", "abc"},
		{"parentheses", "(a)", `\(a\)`},
		{"backslash", `a\b`, `a\\b`},
		{"high bytes", "\xe9\x93", `\351\223`},
		{"control", "\n", `\012`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(escapeLiteral(nil, []byte(tc.in))); got != tc.want {
				t.Errorf("escapeLiteral(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestAppendNum(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   float64
		want string
	}{
		{"integer", 100, "100"},
		{"decimals", 12.5, "12.5"},
		{"rounded", 0.126, "0.13"},
		{"zero", 0, "0"},
		{"negative", -3.25, "-3.25"},
		{"small", 0.001, "0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(appendNum(nil, tc.in)); got != tc.want {
				t.Errorf("appendNum(%v) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// BenchmarkPDF builds a 10-page document of about 300 words a page, and
// the same pages without their text layer, for comparison.
func BenchmarkPDF(b *testing.B) {
	img, words := typeset(b, prose(42, 30, 10), 10, 1)
	data, _, err := EncodePage(threshold(img))
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name  string
		words []chart.Word
	}{
		{"text layer", words},
		{"image only", nil},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				pages := make([]Page, 10)
				for i := range pages {
					pages[i] = Page{Image: bytes.NewReader(data), DPI: testDPI, Words: bc.words}
				}
				if err := PDF(context.Background(), io.Discard, pages, Meta{Title: "Discharge summary 2024-03-01"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTextLayer is the text layer alone: one page of 300 words.
func BenchmarkTextLayer(b *testing.B) {
	img, words := typeset(b, prose(42, 30, 10), 10, 1)
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		buf = appendTextLayer(buf[:0], words, img.Rect, testDPI)
	}
	b.ReportMetric(float64(len(buf)), "bytes/page")
}
