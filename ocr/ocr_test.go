package ocr

import (
	"context"
	"image"
	"image/color"
	"image/draw"
	"math"
	"os"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

func TestMain(m *testing.M) {
	if err := LimitThreads(); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// renderPage draws lines of text on a white 300 dpi letter page.
func renderPage(t testing.TB, lines []string) *image.Gray {
	t.Helper()
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 12, DPI: 300, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	g := image.NewGray(image.Rect(0, 0, 2550, 3300))
	draw.Draw(g, g.Rect, image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: g, Src: image.NewUniform(color.Black), Face: face}
	for i, l := range lines {
		d.Dot = fixed.P(250, 400+i*90)
		d.DrawString(l)
	}
	return g
}

var pageLines = []string{
	"DISCHARGE SUMMARY",
	"The patient underwent laparoscopic cholecystectomy without complication.",
	"Discharge medications include metoprolol and atorvastatin daily.",
	"Follow up with the gastroenterology clinic in two weeks.",
	"Diet as tolerated. Return precautions were reviewed in detail.",
	"The incision sites are clean, dry and intact on examination.",
}

func TestRotateRoundTrip(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 7, 5))
	for i := range g.Pix {
		g.Pix[i] = uint8(i)
	}
	for _, tc := range []struct {
		name string
		a, b int
	}{{"90 then 270", 90, 270}, {"180 twice", 180, 180}, {"270 then 90", 270, 90}, {"0", 0, 0}} {
		t.Run(tc.name, func(t *testing.T) {
			r := Rotate(Rotate(g, tc.a), tc.b)
			if r.Rect != g.Rect || string(r.Pix) != string(g.Pix) {
				t.Fatalf("round trip changed the image")
			}
		})
	}
	r := Rotate(g, 90)
	// Clockwise: the top-left pixel goes to the top-right.
	if r.Rect.Dx() != 5 || r.Rect.Dy() != 7 || r.GrayAt(4, 0).Y != g.GrayAt(0, 0).Y {
		t.Fatalf("Rotate 90 is not clockwise")
	}
}

func TestEstimateSkew(t *testing.T) {
	page := renderPage(t, append(pageLines, pageLines...))
	for _, tc := range []struct {
		name string
		deg  float64
	}{{"straight", 0}, {"ccw 1.5", 1.5}, {"cw 1.2", -1.2}, {"ccw 2.5", 2.5}} {
		t.Run(tc.name, func(t *testing.T) {
			g := page
			if tc.deg != 0 {
				g = RotateSmall(page, tc.deg)
			}
			got := EstimateSkew(g, 3)
			if math.Abs(got-tc.deg) > 0.15 {
				t.Fatalf("EstimateSkew = %.2f, want %.2f", got, tc.deg)
			}
		})
	}
	blank := image.NewGray(image.Rect(0, 0, 800, 1000))
	draw.Draw(blank, blank.Rect, image.White, image.Point{}, draw.Src)
	if s := EstimateSkew(blank, 3); s != 0 {
		t.Fatalf("blank page skew = %v", s)
	}
}

func TestAssemble(t *testing.T) {
	w := func(text string, block, par, line int) rawWord {
		return rawWord{block: block, par: par, line: line, Word: wordConf(text, 0.8)}
	}
	for _, tc := range []struct {
		name string
		in   []rawWord
		want string
		conf float64
	}{
		{"empty", nil, "", 0},
		{"one line", []rawWord{w("a", 1, 1, 1), w("b", 1, 1, 1)}, "a b", 0.8},
		{"two lines", []rawWord{w("a", 1, 1, 1), w("b", 1, 1, 2)}, "a\nb", 0.8},
		{"two paragraphs", []rawWord{w("a", 1, 1, 1), w("b", 1, 2, 1)}, "a\n\nb", 0.8},
		{"blank words dropped", []rawWord{w(" ", 1, 1, 1), w("b", 1, 1, 1)}, "b", 0.8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := assemble(tc.in)
			if got.Text != tc.want || math.Abs(got.Confidence-tc.conf) > 1e-9 {
				t.Fatalf("assemble = %q (%.2f), want %q (%.2f)", got.Text, got.Confidence, tc.want, tc.conf)
			}
		})
	}
}

func TestProcessorTurnsPagesWithFake(t *testing.T) {
	f := NewFake()
	g := image.NewGray(image.Rect(0, 0, 300, 400))
	draw.Draw(g, g.Rect, image.White, image.Point{}, draw.Src)
	f.Turned[image.Pt(300, 400)] = 90
	f.SetText(image.Pt(400, 300), "upright now")
	res, err := NewProcessor(f).Process(context.Background(), g, 300)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rotation != 270 || res.Image.Rect.Dx() != 400 || res.Text != "upright now" {
		t.Fatalf("result: rotation %d size %v text %q", res.Rotation, res.Image.Rect.Size(), res.Text)
	}
}

var (
	tessOnce sync.Once
	tess     *Tesseract
	tessErr  error
)

func realTesseract(t *testing.T) *Tesseract {
	t.Helper()
	tessOnce.Do(func() { tess, tessErr = NewTesseract(2, "eng") })
	if tessErr != nil {
		t.Fatalf("Tesseract is required (make test installs it): %v", tessErr)
	}
	return tess
}

func TestTesseractReadsAndTurnsPages(t *testing.T) {
	e := realTesseract(t)
	p := NewProcessor(e)
	page := renderPage(t, pageLines)
	for _, tc := range []struct {
		name     string
		img      *image.Gray
		rotation int
		skew     float64
	}{
		{"upright", page, 0, 0},
		{"upside down", Rotate(page, 180), 180, 0},
		{"turned clockwise", Rotate(page, 90), 270, 0},
		{"skewed", RotateSmall(page, 1.5), 0, 1.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := p.Process(context.Background(), tc.img, 300)
			if err != nil {
				t.Fatal(err)
			}
			if res.Rotation != tc.rotation {
				t.Errorf("rotation = %d, want %d", res.Rotation, tc.rotation)
			}
			if math.Abs(res.Skew-tc.skew) > 0.2 {
				t.Errorf("skew = %.2f, want %.2f", res.Skew, tc.skew)
			}
			for _, want := range []string{"DISCHARGE", "cholecystectomy", "metoprolol", "gastroenterology"} {
				if !strings.Contains(res.Text, want) {
					t.Errorf("text lacks %q:\n%s", want, res.Text)
				}
			}
			if res.Confidence < 0.8 {
				t.Errorf("mean confidence %.2f on a clean page", res.Confidence)
			}
			if n := len(strings.FieldsFunc(res.Text, func(r rune) bool { return r == '\n' })); n != len(pageLines) {
				t.Errorf("text has %d lines, want %d", n, len(pageLines))
			}
			for _, w := range res.Words {
				if !w.Box.In(res.Image.Rect) || w.Box.Empty() {
					t.Fatalf("word %q box %v outside page", w.Text, w.Box)
				}
			}
		})
	}
}

// TestPoolKeepsStderr guards against the log going silent: gosseract points
// fd 2 at /dev/null while a client initialises, and concurrent
// initialisations used to leave it there.
func TestPoolKeepsStderr(t *testing.T) {
	before, err := os.Readlink("/proc/self/fd/2")
	if err != nil {
		t.Skip("no /proc: cannot inspect fd 2")
	}
	p, err := NewTesseract(3, "eng")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var wg sync.WaitGroup
	g := renderPage(t, pageLines[:2])
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); p.Recognize(context.Background(), g, 300) }()
	}
	wg.Wait()
	if after, _ := os.Readlink("/proc/self/fd/2"); after != before {
		t.Fatalf("stderr now points at %s, was %s", after, before)
	}
}

func TestDeskewKeepsBitonalPagesBitonal(t *testing.T) {
	page := renderPage(t, pageLines)
	threshold(page, 128)
	skewed := RotateSmall(page, 1.5)
	threshold(skewed, 128)
	f := NewFake()
	res, err := NewProcessor(f).Process(context.Background(), skewed, 300)
	if err != nil {
		t.Fatal(err)
	}
	if res.Skew == 0 || !twoLevel(res.Image) {
		t.Fatalf("skew %.2f, two-level %v", res.Skew, twoLevel(res.Image))
	}
}
