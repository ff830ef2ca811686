package synth

import (
	"bytes"
	"encoding/csv"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chartroom/chartroom/chart"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"golang.org/x/image/ccitt"
	"golang.org/x/image/tiff"
)

var testPatient = chart.Patient{MRN: "00048213", Last: "Holloway-Vance", First: "Katherine", Middle: "Joan", DOB: "1958-02-11", Sex: "F"}

// testBatch is a small batch covering every facility, skew, noise and an
// upside-down page.
func testBatch() BatchSpec {
	return BatchSpec{Name: "test-batch", Docs: []DocSpec{
		{Patient: testPatient, Type: DischargeSummary, Pages: 2, Facility: 0, Account: "7730012845", Seed: 11,
			Scan: []Options{{Skew: 1.1, Noise: 250}, {Skew: -0.6, Noise: 150}}},
		{Patient: testPatient, Type: ProgressNote, Pages: 1, Facility: 2, Seed: 12,
			Scan: []Options{{Skew: -1.4, Noise: 300, UpsideDown: true}}},
		{Patient: testPatient, Type: LaboratoryReport, Pages: 1, Facility: 3, Seed: 13,
			Scan: []Options{{Skew: 0.3, Noise: 200}}},
		{Patient: testPatient, Type: ConsentDocument, Pages: 1, Facility: 1, Seed: 14},
	}}
}

var (
	testOnce  sync.Once
	testPages []*PageSpec
	testImgs  []*image.Gray
)

func rendered(t *testing.T) ([]*PageSpec, []*image.Gray) {
	t.Helper()
	testOnce.Do(func() {
		b := testBatch()
		testPages = b.Compose()
		for _, p := range testPages {
			testImgs = append(testImgs, Render(p))
		}
	})
	return testPages, testImgs
}

func TestComposePagesAndTruth(t *testing.T) {
	pages, _ := rendered(t)
	if len(pages) != 5 {
		t.Fatalf("got %d pages, want 5", len(pages))
	}
	texts := make([]string, len(pages))
	for i, p := range pages {
		texts[i] = strings.ToLower(p.Text())
	}
	wantDoc := []int{0, 0, 1, 2, 3}
	for i, p := range pages {
		if p.DocIndex != wantDoc[i] {
			t.Errorf("page %d: document %d, want %d", i, p.DocIndex, wantDoc[i])
		}
		txt := p.Text()
		if !strings.Contains(txt, p.Doc.Type.Title) || p.Truth.Title != p.Doc.Type.Title {
			t.Errorf("page %d: title %q missing", i, p.Doc.Type.Title)
		}
		// The label is "Label: " in bold followed by the value.
		txt = strings.ReplaceAll(txt, ": \n", ": ")
		if !strings.Contains(txt, "MRN: "+testPatient.MRN) || p.Truth.MRN != testPatient.MRN {
			t.Errorf("page %d: MRN label missing", i)
		}
		if !strings.Contains(txt, "Name: HOLLOWAY-VANCE, KATHERINE J") || !strings.Contains(txt, "DOB: 02/11/1958") {
			t.Errorf("page %d: patient label incomplete:\n%s", i, txt)
		}
		if want := "Page " + itoa(p.Number) + " of " + itoa(p.Total); !strings.Contains(txt, want) {
			t.Errorf("page %d: footer %q missing", i, want)
		}
		if n := len(p.Truth.Words); n < 3 || n > 6 {
			t.Errorf("page %d: %d truth words %v, want 3-6", i, n, p.Truth.Words)
		}
		checkInsideMargins(t, p)
		for _, w := range p.Truth.Words {
			if !strings.Contains(texts[i], w) {
				t.Errorf("page %d: truth word %q not on the page", i, w)
			}
			for j := range texts {
				if j != i && strings.Contains(texts[j], w) {
					t.Errorf("page %d: truth word %q also on page %d", i, w, j)
				}
			}
		}
		// Body text should fill a realistic share of the page.
		lines := 0
		for _, op := range p.Ops {
			if op.Kind == OpText && op.Body {
				lines++
			}
		}
		if lines < 8 {
			t.Errorf("page %d: only %d body lines", i, lines)
		}
	}
	if !strings.Contains(pages[0].Text(), "Acct#: \n7730012845") {
		t.Error("account number missing from label")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestEveryDocType composes every document type at every facility with 1-3
// pages: each must come out at the requested length with truth words on
// every page.
func TestEveryDocType(t *testing.T) {
	for i, dt := range DocTypes {
		for f := range Facilities {
			for n := 1; n <= 3; n++ {
				d := DocSpec{Patient: testPatient, Type: dt, Pages: n, Facility: f, Seed: uint64(200 + i*7 + f)}
				pages := ComposeDoc(&d)
				if len(pages) != n {
					t.Errorf("%s (%s) at facility %d: %d pages, want %d", dt.Code, dt.Display, f, len(pages), n)
				}
				for _, p := range pages {
					if len(p.Truth.Words) < 3 {
						t.Errorf("%s at facility %d, page %d/%d: truth words %v", dt.Code, f, p.Number, n, p.Truth.Words)
					}
					checkInsideMargins(t, p)
				}
			}
		}
		if got, ok := DocTypeByCode(dt.Code); !ok || got != dt {
			t.Errorf("DocTypeByCode(%s) = %v, %v", dt.Code, got, ok)
		}
	}
}

// checkInsideMargins fails if text runs off the printable area or body
// text runs into the footer.
func checkInsideMargins(t *testing.T, p *PageSpec) {
	t.Helper()
	fs := faces{}
	for _, op := range p.Ops {
		if op.Kind != OpText {
			continue
		}
		w := fs.width(op.Font, op.Size, op.Text)
		if op.At.X < 150 || op.At.X+w > PageWidth-150 || op.At.Y < 100 || op.At.Y > PageHeight-60 {
			t.Errorf("%s page %d: %q at %v (width %d) outside the margins", p.Doc.Type.Code, p.Number, op.Text, op.At, w)
		}
		if op.Body && op.At.Y > PageHeight-270 {
			t.Errorf("%s page %d: body text %q at %v runs into the footer", p.Doc.Type.Code, p.Number, op.Text, op.At)
		}
	}
}

func TestDeterministic(t *testing.T) {
	pages, imgs := rendered(t)
	b := testBatch()
	again := b.Compose()
	for i := range pages {
		if !slices.Equal(pages[i].Truth.Words, again[i].Truth.Words) || pages[i].Text() != again[i].Text() {
			t.Fatalf("page %d: composed differently on the second run", i)
		}
	}
	// Render two pages again (one upside down) and compare pixels.
	for _, i := range []int{0, 2} {
		if !bytes.Equal(Render(again[i]).Pix, imgs[i].Pix) {
			t.Errorf("page %d: rendered differently on the second run", i)
		}
	}
	encode := func() (pngB, tifB, pdfB []byte) {
		var a, b, c bytes.Buffer
		if err := WritePNG(&a, imgs[0], DPI); err != nil {
			t.Fatal(err)
		}
		if err := WriteTIFFG4(&b, imgs[:3], DPI); err != nil {
			t.Fatal(err)
		}
		if err := WritePDF(&c, imgs[:2], DPI, PDFQuality); err != nil {
			t.Fatal(err)
		}
		return a.Bytes(), b.Bytes(), c.Bytes()
	}
	p1, t1, d1 := encode()
	p2, t2, d2 := encode()
	if !bytes.Equal(p1, p2) || !bytes.Equal(t1, t2) || !bytes.Equal(d1, d2) {
		t.Errorf("writers not deterministic: png %v tiff %v pdf %v", bytes.Equal(p1, p2), bytes.Equal(t1, t2), bytes.Equal(d1, d2))
	}
	// A different seed gives a different document.
	other := testBatch()
	other.Docs[0].Seed = 99
	if other.Compose()[0].Text() == pages[0].Text() {
		t.Error("different seed, same text")
	}
}

func TestRenderLooksLikeAPage(t *testing.T) {
	_, imgs := rendered(t)
	for i, img := range imgs {
		if img.Rect != image.Rect(0, 0, PageWidth, PageHeight) {
			t.Fatalf("page %d: bounds %v", i, img.Rect)
		}
		dark := 0
		for _, v := range img.Pix {
			if v < 128 {
				dark++
			}
		}
		frac := float64(dark) / float64(len(img.Pix))
		if frac < 0.01 || frac > 0.15 {
			t.Errorf("page %d: %.3f of pixels dark, want a text page (0.01-0.15)", i, frac)
		}
	}
	// The upside-down page has its letterhead at the bottom.
	inkRows := func(img *image.Gray, y0, y1 int) int {
		n := 0
		for _, v := range img.Pix[y0*img.Stride : y1*img.Stride] {
			if v < 128 {
				n++
			}
		}
		return n
	}
	up, down := imgs[0], imgs[2]
	if inkRows(up, 100, 300) < inkRows(up, PageHeight-300, PageHeight-100) {
		t.Error("upright page: expected the letterhead at the top")
	}
	if inkRows(down, 100, 300) > inkRows(down, PageHeight-300, PageHeight-100) {
		t.Error("upside-down page: expected the letterhead at the bottom")
	}
}

func TestRotate180Twice(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, sz := range []image.Point{{5, 3}, {4, 4}, {1, 1}, {7, 2}} {
		img := image.NewGray(image.Rectangle{Max: sz})
		for i := range img.Pix {
			img.Pix[i] = uint8(rng.IntN(256))
		}
		orig := slices.Clone(img.Pix)
		Rotate180(img)
		if img.Pix[0] != orig[len(orig)-1] {
			t.Errorf("%v: first pixel not the old last", sz)
		}
		Rotate180(img)
		if !bytes.Equal(img.Pix, orig) {
			t.Errorf("%v: two half turns are not the identity", sz)
		}
	}
}

// TestRotateDirection: a positive skew turns the page counter-clockwise, so
// the right end of a horizontal rule rises.
func TestRotateDirection(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 1000, 1000))
	fill(img, img.Rect, 255)
	fill(img, image.Rect(100, 498, 900, 502), 0)
	r := Rotate(img, 2)
	top := func(x int) int {
		for y := 0; y < 1000; y++ {
			if r.Pix[y*r.Stride+x] < 128 {
				return y
			}
		}
		return -1
	}
	if l, rt := top(150), top(850); !(rt < l-15) {
		t.Errorf("rule at y %d (left) and %d (right): want the right end higher", l, rt)
	}
}

func TestPNGHasPHYs(t *testing.T) {
	_, imgs := rendered(t)
	var buf bytes.Buffer
	if err := WritePNG(&buf, imgs[0], DPI); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	x, y, unit, ok := PNGDensity(data)
	if !ok || x != 11811 || y != 11811 || unit != 1 {
		t.Fatalf("pHYs = %d x %d unit %d (found %v), want 11811 px/m", x, y, unit, ok)
	}
	// pHYs right after IHDR, with a valid CRC (image/png checks CRCs).
	if string(data[12:16]) != "IHDR" || string(data[8+25+4:8+25+8]) != "pHYs" {
		t.Fatalf("pHYs is not the chunk after IHDR")
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	g, ok := img.(*image.Gray)
	if !ok || !bytes.Equal(g.Pix, imgs[0].Pix) {
		t.Fatalf("PNG did not round-trip as the same 8-bit gray image (%T)", img)
	}
	if _, err := exec.LookPath("identify"); err == nil && isImageMagick() {
		path := filepath.Join(t.TempDir(), "p.png")
		os.WriteFile(path, data, 0o644)
		out, err := exec.Command("/usr/bin/identify", "-units", "PixelsPerInch", "-format", "%x %y %[colorspace] %z", path).CombinedOutput()
		if err != nil {
			t.Fatalf("identify: %v %s", err, out)
		}
		t.Logf("identify: %s", out)
		if s := string(out); !strings.HasPrefix(s, "300 300 Gray 8") {
			t.Errorf("identify reports %q, want 300 dpi 8-bit gray", s)
		}
	}
}

func TestTIFFG4RoundTrip(t *testing.T) {
	_, imgs := rendered(t)
	var buf bytes.Buffer
	if err := WriteTIFFG4(&buf, imgs, DPI); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	t.Logf("%d-page G4 TIFF: %d bytes", len(imgs), len(data))
	pages, err := ReadTIFFPages(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != len(imgs) {
		t.Fatalf("%d IFDs, want %d", len(pages), len(imgs))
	}
	for i, p := range pages {
		if p.Width != PageWidth || p.Height != PageHeight || p.Compression != 4 || p.Photometric != 0 ||
			p.XRes != 300 || p.YRes != 300 || p.ResUnit != 2 || len(p.Strips) != 1 {
			t.Fatalf("page %d: fields %+v", i, p)
		}
		got := image.NewGray(image.Rect(0, 0, p.Width, p.Height))
		if err := ccitt.DecodeIntoGray(got, bytes.NewReader(p.Strips[0]), ccitt.MSB, ccitt.Group4, nil); err != nil {
			t.Fatalf("page %d: ccitt: %v", i, err)
		}
		want := Bitonal(imgs[i], BitonalThreshold)
		if x, y, bad := firstDiff(want, got); bad {
			t.Fatalf("page %d: first difference at (%d,%d)", i, x, y)
		}
	}
	// x/image/tiff reads the first page through the TIFF tags.
	img, err := tiff.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("tiff.Decode: %v", err)
	}
	want := Bitonal(imgs[0], BitonalThreshold)
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, _, _, _ := img.At(x, y).RGBA()
			if uint8(r>>8) != want.Pix[y*want.Stride+x] {
				t.Fatalf("tiff.Decode differs at (%d,%d)", x, y)
			}
		}
	}
}

// isImageMagick reports whether /usr/bin/convert is the real ImageMagick.
func isImageMagick() bool {
	out, err := exec.Command("/usr/bin/convert", "-version").Output()
	return err == nil && bytes.Contains(out, []byte("ImageMagick"))
}

// TestTIFFWithLibtiff checks the TIFF with libtiff-based tools when they
// are installed: ImageMagick must decode every page to the same pixels, and
// its own Group 4 encoding of those pixels must be byte-identical to ours.
func TestTIFFWithLibtiff(t *testing.T) {
	if !isImageMagick() {
		t.Skip("ImageMagick (/usr/bin/convert) not installed")
	}
	_, imgs := rendered(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "b.tif")
	var buf bytes.Buffer
	if err := WriteTIFFG4(&buf, imgs[:3], DPI); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, buf.Bytes(), 0o644)
	out, err := exec.Command("/usr/bin/identify", "-format", "%p %w %h %C %x %U\n", path).CombinedOutput()
	if err != nil {
		t.Fatalf("identify: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 3 {
		t.Fatalf("identify sees %d pages:\n%s", len(lines), out)
	}
	for _, l := range lines {
		if !strings.Contains(l, "2550 3300 Group4 300") {
			t.Errorf("identify: %q", l)
		}
	}
	if tiffinfo, err := exec.LookPath("tiffinfo"); err == nil {
		out, err := exec.Command(tiffinfo, path).CombinedOutput()
		if err != nil || strings.Count(string(out), "CCITT Group 4") != 3 {
			t.Errorf("tiffinfo: %v\n%s", err, out)
		}
	}
	for i := range 3 {
		raw, err := exec.Command("/usr/bin/convert", path+"["+string(rune('0'+i))+"]", "-depth", "8", "gray:-").Output()
		if err != nil {
			t.Fatalf("convert page %d: %v", i, err)
		}
		want := Bitonal(imgs[i], BitonalThreshold)
		if !bytes.Equal(raw, want.Pix) {
			t.Errorf("page %d: libtiff decodes different pixels", i)
		}
	}
	re := filepath.Join(dir, "re.tif")
	if out, err := exec.Command("/usr/bin/convert", path, "-compress", "Group4", re).CombinedOutput(); err != nil {
		t.Fatalf("convert: %v %s", err, out)
	}
	reData, _ := os.ReadFile(re)
	ours, _ := ReadTIFFPages(buf.Bytes())
	theirs, err := ReadTIFFPages(reData)
	if err != nil || len(theirs) != 3 {
		t.Fatalf("re-encoded TIFF: %v, %d pages", err, len(theirs))
	}
	// T.6 fixes the choice of coding mode at every step, so libtiff's
	// encoding of the same pixels as one strip must be the same bytes.
	for i := range ours {
		if len(theirs[i].Strips) != 1 {
			t.Logf("page %d: libtiff wrote %d strips; not comparing bytes", i, len(theirs[i].Strips))
			continue
		}
		if !bytes.Equal(ours[i].Strips[0], theirs[i].Strips[0]) {
			t.Errorf("page %d: libtiff's G4 data differs from ours (%d vs %d bytes)", i, len(ours[i].Strips[0]), len(theirs[i].Strips[0]))
		}
	}
}

func TestPDFPagesAreSingleImages(t *testing.T) {
	_, imgs := rendered(t)
	var buf bytes.Buffer
	if err := WritePDF(&buf, imgs[:3], DPI, PDFQuality); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	t.Logf("3-page PDF: %d bytes", len(data))
	api.DisableConfigDir()
	conf := model.NewDefaultConfiguration()
	n, err := api.PageCount(bytes.NewReader(data), conf)
	if err != nil || n != 3 {
		t.Fatalf("PageCount = %d, %v", n, err)
	}
	dims, err := api.PageDims(bytes.NewReader(data), conf)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range dims {
		if d.Width != 612 || d.Height != 792 {
			t.Errorf("page %d: %vx%v pt, want 612x792", i+1, d.Width, d.Height)
		}
	}
	per, err := api.Images(bytes.NewReader(data), nil, conf)
	if err != nil {
		t.Fatal(err)
	}
	if len(per) != 3 {
		t.Fatalf("images listed for %d pages", len(per))
	}
	for i, m := range per {
		if len(m) != 1 {
			t.Errorf("page %d: %d images, want 1", i+1, len(m))
		}
		for _, img := range m {
			if img.Width != PageWidth || img.Height != PageHeight || img.Cs != "DeviceGray" || img.Filter != "DCTDecode" || img.PageNr != i+1 {
				t.Errorf("page %d: image %dx%d %s %s on page %d", i+1, img.Width, img.Height, img.Cs, img.Filter, img.PageNr)
			}
		}
	}
	if err := api.Validate(bytes.NewReader(data), conf); err != nil {
		t.Errorf("pdfcpu validate: %v", err)
	}
	dates := pdfDate.FindAll(data, -1)
	if len(dates) == 0 {
		t.Error("no dates found")
	}
	for _, d := range dates {
		if string(d) != fixedPDFDate {
			t.Errorf("date %s not normalised", d)
		}
	}
}

func TestMPICSV(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ps := MPI(rng, 40)
	mrns := map[string]bool{}
	for _, p := range ps {
		if !regexp.MustCompile(`^\d{8}$`).MatchString(p.MRN) || mrns[p.MRN] {
			t.Errorf("bad or duplicate MRN %q", p.MRN)
		}
		mrns[p.MRN] = true
		if !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(p.DOB) || !strings.Contains("MFU", p.Sex) || p.Sex == "" {
			t.Errorf("bad patient %+v", p)
		}
	}
	dup := NearDuplicate(rng, ps[0], func(m string) bool { return mrns[m] })
	if dup.Last != ps[0].Last || dup.First == ps[0].First || dup.DOB == ps[0].DOB || mrns[dup.MRN] {
		t.Errorf("near duplicate %+v of %+v", dup, ps[0])
	}
	var buf bytes.Buffer
	if err := WriteMPICSV(&buf, append(ps, dup)); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "mrn,last_name,first_name,middle_name,dob,sex" {
		t.Errorf("header %v", rows[0])
	}
	if len(rows) != 42 {
		t.Errorf("%d rows, want 42 (header + 41)", len(rows))
	}
	for _, names := range [][]string{femaleFirst, maleFirst} {
		for _, n := range names {
			if _, ok := similarFirst[n]; !ok {
				t.Errorf("no look-alike for first name %q", n)
			}
		}
	}
}

// TestTesseractReadsPage OCRs a rendered, skewed and speckled page with the
// tesseract CLI: the title, the MRN and most truth words must come through.
func TestTesseractReadsPage(t *testing.T) {
	bin, err := exec.LookPath("tesseract")
	if err != nil {
		t.Skip("tesseract not installed")
	}
	pages, imgs := rendered(t)
	for _, i := range []int{0, 3} { // discharge summary p1, lab report
		p := pages[i]
		path := filepath.Join(t.TempDir(), "page.png")
		var buf bytes.Buffer
		if err := WritePNG(&buf, imgs[i], DPI); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(path, buf.Bytes(), 0o644)
		cmd := exec.Command(bin, path, "-")
		// One thread: OpenMP contention makes tesseract several times
		// slower on small machines.
		cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("tesseract: %v", err)
		}
		text := strings.ToLower(string(out))
		if !strings.Contains(text, strings.ToLower(p.Truth.Title)) {
			t.Errorf("page %d: title %q not read", i, p.Truth.Title)
		}
		if !strings.Contains(text, p.Truth.MRN) {
			t.Errorf("page %d: MRN %s not read", i, p.Truth.MRN)
		}
		found := 0
		for _, w := range p.Truth.Words {
			if strings.Contains(text, w) {
				found++
			} else {
				t.Logf("page %d: %q not read", i, w)
			}
		}
		if found*5 < len(p.Truth.Words)*4 {
			t.Errorf("page %d: read %d of %d truth words\n%s", i, found, len(p.Truth.Words), out)
		}
	}
}
