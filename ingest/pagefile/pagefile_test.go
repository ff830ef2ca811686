package pagefile

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"image"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
)

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func mustOpen(t *testing.T, path string) *File {
	t.Helper()
	f, err := Open(path, DefaultLimits())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// importPDF makes an image-only PDF from image files with pdfcpu, the way a
// scanning workstation might.
func importPDF(t *testing.T, imgs ...[]byte) []byte {
	t.Helper()
	var rs []io.Reader
	for _, b := range imgs {
		rs = append(rs, bytes.NewReader(b))
	}
	var out bytes.Buffer
	if err := api.ImportImages(nil, &out, rs, nil, testPDFConfig()); err != nil {
		t.Fatalf("pdfcpu ImportImages: %v", err)
	}
	return out.Bytes()
}

func TestOpenAndDecode(t *testing.T) {
	page := func(n int) *image.Gray { return testPage(200, 150, n) }
	threePages := []*image.Gray{page(0), page(1), page(2)}

	type pageCheck func(t *testing.T, i int, p Page)
	squares := func(t *testing.T, i int, p Page) {
		var others []int
		for o := range 3 {
			if o != i {
				others = append(others, o)
			}
		}
		checkSquare(t, p.Image, i, others...)
	}
	// pixels checks fixed points of the ImageMagick fixtures: per page,
	// points that must be black and points that must be white.
	pixels := func(black, white [][]image.Point) pageCheck {
		return func(t *testing.T, i int, p Page) {
			for _, pt := range black[i] {
				if g := grayAt(p.Image, pt); g > 64 {
					t.Errorf("page %d pixel %v = %d, want black", i, pt, g)
				}
			}
			for _, pt := range white[i] {
				if g := grayAt(p.Image, pt); g < 192 {
					t.Errorf("page %d pixel %v = %d, want white", i, pt, g)
				}
			}
		}
	}
	pts := func(p ...image.Point) []image.Point { return p }

	cases := []struct {
		name      string
		file      func(t *testing.T) string
		format    string
		pages     int
		w, h, dpi int
		check     pageCheck
		fileHash  bool // SHA256 is the whole file's
	}{
		{
			name:   "png with pHYs 300 dpi",
			file:   func(t *testing.T) string { return writeTemp(t, "0001.png", pngWithDPI(t, page(0), 300)) },
			format: "png", pages: 1, w: 200, h: 150, dpi: 300, fileHash: true,
			check: func(t *testing.T, _ int, p Page) { checkSquare(t, p.Image, 0, 1) },
		},
		{
			name:   "png without pHYs",
			file:   func(t *testing.T) string { return writeTemp(t, "0002.png", pngWithDPI(t, page(1), 0)) },
			format: "png", pages: 1, w: 200, h: 150, dpi: 0, fileHash: true,
			check: func(t *testing.T, _ int, p Page) { checkSquare(t, p.Image, 1, 0) },
		},
		{
			name: "jpeg with JFIF 200 dpi",
			file: func(t *testing.T) string {
				return writeTemp(t, "0003.jpg", insertAfterSOI(jpegBytes(t, page(0)), 0xE0, jfif(1, 200)))
			},
			format: "jpeg", pages: 1, w: 200, h: 150, dpi: 200, fileHash: true,
			check: func(t *testing.T, _ int, p Page) { checkSquare(t, p.Image, 0, 1) },
		},
		{
			name: "jpeg with JFIF dots per cm",
			file: func(t *testing.T) string {
				return writeTemp(t, "0004.jpg", insertAfterSOI(jpegBytes(t, page(0)), 0xE0, jfif(2, 118)))
			},
			format: "jpeg", pages: 1, w: 200, h: 150, dpi: 300, fileHash: true,
		},
		{
			name: "jpeg with Exif resolution only",
			file: func(t *testing.T) string {
				return writeTemp(t, "0005.jpeg", insertAfterSOI(jpegBytes(t, page(2)), 0xE1, exifResolutionBlock(240)))
			},
			format: "jpeg", pages: 1, w: 200, h: 150, dpi: 240, fileHash: true,
			check: func(t *testing.T, _ int, p Page) { checkSquare(t, p.Image, 2, 0) },
		},
		{
			name: "jpeg named .png is sniffed as jpeg",
			file: func(t *testing.T) string {
				return writeTemp(t, "0006.png", jpegBytes(t, page(0)))
			},
			format: "jpeg", pages: 1, w: 200, h: 150, dpi: 0, fileHash: true,
		},
		{
			name: "single-page tiff, deflate",
			file: func(t *testing.T) string {
				return writeTemp(t, "single.tif", buildTIFF(t, []*image.Gray{page(1)}, tiffOpts{deflate: true, dpi: 300}))
			},
			format: "tiff", pages: 1, w: 200, h: 150, dpi: 300, fileHash: true,
			check: func(t *testing.T, _ int, p Page) { checkSquare(t, p.Image, 1, 0, 2) },
		},
		{
			name: "multi-page tiff, uncompressed, little endian, several strips",
			file: func(t *testing.T) string {
				return writeTemp(t, "multi.tif", buildTIFF(t, threePages, tiffOpts{dpi: 300, rowsPerStrip: 16}))
			},
			format: "tiff", pages: 3, w: 200, h: 150, dpi: 300, check: squares,
		},
		{
			name: "multi-page tiff, deflate, big endian",
			file: func(t *testing.T) string {
				return writeTemp(t, "multi-be.tiff", buildTIFF(t, threePages, tiffOpts{bo: binary.BigEndian, deflate: true, dpi: 200}))
			},
			format: "tiff", pages: 3, w: 200, h: 150, dpi: 200, check: squares,
		},
		{
			name:   "bitonal CCITT G4 multi-page tiff (ImageMagick)",
			file:   func(t *testing.T) string { return "testdata/g4.tif" },
			format: "tiff", pages: 3, w: 600, h: 400, dpi: 300,
			check: pixels(
				[][]image.Point{pts(image.Pt(50, 50)), pts(image.Pt(350, 250)), pts(image.Pt(500, 100))},
				[][]image.Point{pts(image.Pt(350, 250), image.Pt(500, 100)), pts(image.Pt(50, 50), image.Pt(500, 100)), pts(image.Pt(50, 50), image.Pt(350, 250))},
			),
		},
		{
			name:   "bitonal CCITT G3 big-endian tiff (ImageMagick)",
			file:   func(t *testing.T) string { return "testdata/g3_be.tif" },
			format: "tiff", pages: 2, w: 120, h: 80, dpi: 200,
			check: pixels(
				[][]image.Point{pts(image.Pt(20, 20)), pts(image.Pt(90, 55))},
				[][]image.Point{pts(image.Pt(90, 55)), pts(image.Pt(20, 20))},
			),
		},
		{
			name:   "LZW big-endian tiff, resolution in pixels per cm (ImageMagick)",
			file:   func(t *testing.T) string { return "testdata/lzw_be.tif" },
			format: "tiff", pages: 3, w: 120, h: 80, dpi: 381,
			check: pixels(
				[][]image.Point{pts(image.Pt(20, 20)), pts(image.Pt(90, 55)), nil},
				[][]image.Point{pts(image.Pt(90, 55)), pts(image.Pt(20, 20)), nil},
			),
		},
		{
			name:   "PackBits tiff (ImageMagick)",
			file:   func(t *testing.T) string { return "testdata/packbits.tif" },
			format: "tiff", pages: 2, w: 120, h: 80, dpi: 300,
			check: pixels(
				[][]image.Point{pts(image.Pt(20, 20)), pts(image.Pt(90, 55))},
				[][]image.Point{pts(image.Pt(90, 55)), pts(image.Pt(20, 20))},
			),
		},
		{
			name: "pdf made by pdfcpu ImportImages from a JPEG (DCTDecode)",
			file: func(t *testing.T) string {
				return writeTemp(t, "import-jpeg.pdf", importPDF(t, jpegBytes(t, page(0))))
			},
			format: "pdf", pages: 1, w: 200, h: 150, dpi: -1,
			check: func(t *testing.T, _ int, p Page) { checkSquare(t, p.Image, 0, 1) },
		},
		{
			name: "pdf made by pdfcpu ImportImages from PNGs (FlateDecode), two pages",
			file: func(t *testing.T) string {
				return writeTemp(t, "import-png.pdf", importPDF(t, pngWithDPI(t, page(0), 0), pngWithDPI(t, page(1), 0)))
			},
			format: "pdf", pages: 2, w: 200, h: 150, dpi: -1,
			check: func(t *testing.T, i int, p Page) { checkSquare(t, p.Image, i, 1-i) },
		},
		{
			name: "pdf with Flate image and invisible OCR text layer, 300 dpi",
			file: func(t *testing.T) string {
				return writeTemp(t, "ocr.pdf", pdfWith(pdfPageSpec{
					media: "0 0 48 36", font: true,
					xobjs: []pdfXObject{flateImage("Im0", page(2))},
					content: drawImage(48, 36) +
						"\nBT 3 Tr /F1 10 Tf 1 0 0 1 5 5 Tm (Synthetic OCR words) Tj ET",
				}))
			},
			format: "pdf", pages: 1, w: 200, h: 150, dpi: 300,
			check: func(t *testing.T, _ int, p Page) { checkSquare(t, p.Image, 2, 0, 1) },
		},
		{
			name: "pdf with DCT images on three pages, 150 dpi, page rotated image",
			file: func(t *testing.T) string {
				return writeTemp(t, "dct.pdf", pdfWith(
					pdfPageSpec{media: "0 0 96 72", xobjs: []pdfXObject{dctImage(t, "Im0", page(0))}, content: drawImage(96, 72)},
					pdfPageSpec{media: "0 0 96 72", xobjs: []pdfXObject{dctImage(t, "Im0", page(1))}, content: drawImage(96, 72)},
					// Image drawn with a quarter turn on a portrait page: its
					// width runs along the page height.
					pdfPageSpec{media: "0 0 72 96", xobjs: []pdfXObject{dctImage(t, "Im0", page(2))},
						content: "q 0 96 -72 0 72 0 cm /Im0 Do Q"},
				))
			},
			format: "pdf", pages: 3, w: 200, h: 150, dpi: 150, check: squares,
		},
		{
			name: "pdf whose image is wrapped in a Form XObject",
			file: func(t *testing.T) string {
				img := flateImage("Im0", page(0))
				return writeTemp(t, "form.pdf", buildPDF([]pdfObj{
					{dict: "<< /Type /Catalog /Pages 2 0 R >>"},
					{dict: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"},
					{dict: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 48 36] /Resources << /XObject << /Fm0 5 0 R >> >> /Contents 4 0 R >>"},
					{dict: "<< >>", stream: []byte("/Fm0 Do")},
					{dict: "<< /Type /XObject /Subtype /Form /BBox [0 0 48 36] /Resources << /XObject << /Im0 6 0 R >> >> >>",
						stream: []byte(drawImage(48, 36))},
					{dict: img.dict, stream: img.stream},
				}))
			},
			format: "pdf", pages: 1, w: 200, h: 150, dpi: 300,
			check: func(t *testing.T, _ int, p Page) { checkSquare(t, p.Image, 0, 1) },
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.file(t)
			f := mustOpen(t, path)
			if got := f.Format(); got != tc.format {
				t.Errorf("Format() = %q, want %q", got, tc.format)
			}
			if got := f.PageCount(); got != tc.pages {
				t.Fatalf("PageCount() = %d, want %d", got, tc.pages)
			}
			hashes := map[string]int{}
			for i := range f.PageCount() {
				p, err := f.Page(context.Background(), i)
				if err != nil {
					t.Fatalf("Page(%d): %v", i, err)
				}
				if p.Index != i {
					t.Errorf("Index = %d, want %d", p.Index, i)
				}
				if b := p.Image.Bounds(); b.Dx() != tc.w || b.Dy() != tc.h {
					t.Errorf("page %d size = %dx%d, want %dx%d", i, b.Dx(), b.Dy(), tc.w, tc.h)
				}
				if tc.dpi >= 0 && p.DPI != tc.dpi {
					t.Errorf("page %d DPI = %d, want %d", i, p.DPI, tc.dpi)
				}
				if len(p.SHA256) != 64 {
					t.Errorf("page %d SHA256 = %q, want 64 hex digits", i, p.SHA256)
				}
				if tc.fileHash && p.SHA256 != sha(readFile(t, path)) {
					t.Errorf("page %d SHA256 is not the file's hash", i)
				}
				if j, dup := hashes[p.SHA256]; dup {
					t.Errorf("pages %d and %d have the same SHA256", j, i)
				}
				hashes[p.SHA256] = i
				if tc.check != nil {
					tc.check(t, i, p)
				}
			}
		})
	}
}

func TestPDFImportDPIFollowsPageSize(t *testing.T) {
	// pdfcpu's default import places the image on an A4 page; DPI is the
	// image width over the page width in inches.
	f := mustOpen(t, writeTemp(t, "a4.pdf", importPDF(t, pngWithDPI(t, testPage(595, 100, 0), 0))))
	p, err := f.Page(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	// A4 is 595 points wide: 595 pixels across it is 72 dpi.
	if p.DPI != 72 {
		t.Errorf("DPI = %d, want 72", p.DPI)
	}
}

func TestPDFPageHashIsRawImageStream(t *testing.T) {
	img := dctImage(t, "Im0", testPage(200, 150, 1))
	f := mustOpen(t, writeTemp(t, "raw.pdf", pdfWith(pdfPageSpec{xobjs: []pdfXObject{img}, content: drawImage(72, 96)})))
	p, err := f.Page(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := sha(img.stream); p.SHA256 != want {
		t.Errorf("SHA256 = %s, want sha256 of the raw JPEG stream %s", p.SHA256, want)
	}
}

func TestPDFCCITTImages(t *testing.T) {
	// Take the G4 data of the first page of testdata/g4.tif and wrap it in
	// a PDF, once as a DeviceGray image and once as a stencil mask.
	data := readFile(t, "testdata/g4.tif")
	tr, err := newTIFFReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	ifd, err := tr.readIFD(tr.first)
	if err != nil {
		t.Fatal(err)
	}
	offs, counts, err := tr.blocks(ifd)
	if err != nil {
		t.Fatal(err)
	}
	var g4 []byte
	for i := range offs {
		g4 = append(g4, data[offs[i]:offs[i]+counts[i]]...)
	}
	const parms = "/DecodeParms << /K -1 /Columns 600 /Rows 400 >>"
	cases := []struct{ name, dict string }{
		{"gray", "<< /Type /XObject /Subtype /Image /Width 600 /Height 400 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode " + parms + " >>"},
		{"stencil mask", "<< /Type /XObject /Subtype /Image /Width 600 /Height 400 /ImageMask true /Filter /CCITTFaxDecode " + parms + " >>"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pdf := pdfWith(pdfPageSpec{
				media:   "0 0 144 96",
				xobjs:   []pdfXObject{{name: "Im0", dict: tc.dict, stream: g4}},
				content: "0 g " + drawImage(144, 96),
			})
			f := mustOpen(t, writeTemp(t, "fax.pdf", pdf))
			p, err := f.Page(context.Background(), 0)
			if err != nil {
				t.Fatal(err)
			}
			if p.DPI != 300 {
				t.Errorf("DPI = %d, want 300", p.DPI)
			}
			if g := grayAt(p.Image, image.Pt(50, 50)); g > 64 {
				t.Errorf("pixel (50,50) = %d, want black", g)
			}
			if g := grayAt(p.Image, image.Pt(350, 250)); g < 192 {
				t.Errorf("pixel (350,250) = %d, want white", g)
			}
		})
	}
}

// TestTIFFPageHashIsStable: the same page in two different files (at
// different offsets) hashes the same; different pages differ.
func TestTIFFPageHashIsStable(t *testing.T) {
	p0, p1, p2 := testPage(200, 150, 0), testPage(200, 150, 1), testPage(200, 150, 2)
	a := mustOpen(t, writeTemp(t, "a.tif", buildTIFF(t, []*image.Gray{p1, p2}, tiffOpts{dpi: 300})))
	b := mustOpen(t, writeTemp(t, "b.tif", buildTIFF(t, []*image.Gray{p0, p1, p2}, tiffOpts{dpi: 300})))
	pa, err := a.Page(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := b.Page(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if pa.SHA256 != pb.SHA256 {
		t.Errorf("same page, different files: %s != %s", pa.SHA256, pb.SHA256)
	}
	pb0, err := b.Page(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if pb0.SHA256 == pb.SHA256 {
		t.Error("different pages have the same hash")
	}
	// Decoding a page twice gives the same hash.
	again, err := b.Page(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if again.SHA256 != pb.SHA256 {
		t.Error("hash changed between two decodes of the same page")
	}
}

func TestTIFFThumbnailIsNotAPage(t *testing.T) {
	// A reduced-resolution subfile (NewSubfileType bit 0) between two pages.
	pages := []*image.Gray{testPage(200, 150, 0), testPage(50, 40, 0), testPage(200, 150, 1)}
	thumb := map[int][]tiffEntry{1: {{254, 4, []uint32{1}}}}
	f := mustOpen(t, writeTemp(t, "thumb.tif", buildTIFF(t, pages, tiffOpts{dpi: 300, extra: thumb})))
	if f.PageCount() != 2 {
		t.Fatalf("PageCount = %d, want 2", f.PageCount())
	}
	p, err := f.Page(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	checkSquare(t, p.Image, 1, 0)

	onlyThumb := buildTIFF(t, pages[1:2], tiffOpts{extra: map[int][]tiffEntry{0: {{254, 4, []uint32{1}}}}})
	if _, err := Open(writeTemp(t, "only-thumb.tif", onlyThumb), DefaultLimits()); !errors.Is(err, ErrCorrupt) {
		t.Errorf("a TIFF holding only a thumbnail: err = %v, want ErrCorrupt (no pages)", err)
	}
}

func TestCancelledContext(t *testing.T) {
	f := mustOpen(t, writeTemp(t, "c.tif", buildTIFF(t, []*image.Gray{testPage(200, 150, 0), testPage(200, 150, 1)}, tiffOpts{})))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.Page(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("Page with cancelled context: err = %v, want context.Canceled", err)
	}
}

func TestPageOutOfRange(t *testing.T) {
	f := mustOpen(t, writeTemp(t, "r.png", pngWithDPI(t, testPage(40, 30, 0), 0)))
	for _, i := range []int{-1, 1} {
		if _, err := f.Page(context.Background(), i); err == nil {
			t.Errorf("Page(%d): no error", i)
		}
	}
}

func TestConcurrentPages(t *testing.T) {
	pages := []*image.Gray{testPage(200, 150, 0), testPage(200, 150, 1), testPage(200, 150, 2)}
	for _, path := range []string{
		writeTemp(t, "conc.tif", buildTIFF(t, pages, tiffOpts{deflate: true})),
		writeTemp(t, "conc.pdf", pdfWith(
			pdfPageSpec{xobjs: []pdfXObject{flateImage("Im0", pages[0])}, content: drawImage(72, 96)},
			pdfPageSpec{xobjs: []pdfXObject{flateImage("Im0", pages[1])}, content: drawImage(72, 96)},
			pdfPageSpec{xobjs: []pdfXObject{flateImage("Im0", pages[2])}, content: drawImage(72, 96)},
		)),
	} {
		f := mustOpen(t, path)
		var wg sync.WaitGroup
		for round := range 4 {
			for i := range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					p, err := f.Page(context.Background(), i)
					if err != nil {
						t.Errorf("%s round %d page %d: %v", filepath.Base(path), round, i, err)
						return
					}
					checkSquare(t, p.Image, i)
				}()
			}
		}
		wg.Wait()
	}
}

func TestLimitsDefaults(t *testing.T) {
	if got := (Limits{}).withDefaults(); got != DefaultLimits() {
		t.Errorf("zero Limits = %+v, want defaults %+v", got, DefaultLimits())
	}
	small := Limits{MaxPixels: 100, MaxSide: 50}
	_, err := Open(writeTemp(t, "big.png", pngWithDPI(t, testPage(20, 20, 0), 0)), small)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("20×20 with MaxPixels 100: err = %v, want ErrTooLarge", err)
	}
	_, err = Open(writeTemp(t, "size.png", pngWithDPI(t, testPage(20, 20, 0), 0)), Limits{MaxFileSize: 10})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("MaxFileSize 10: err = %v, want ErrTooLarge", err)
	}
}

func TestErrorMessages(t *testing.T) {
	cases := []struct {
		err  *Error
		want string
	}{
		{&Error{File: "0003.png", Page: -1, Err: ErrCorrupt, Detail: "truncated PNG"},
			"0003.png: the file is cut short (truncated PNG); rescan or re-export it"},
		{&Error{File: "report.pdf", Page: 1, Err: ErrNotScanned},
			"report.pdf page 2: the page has typed text or drawings, not a scanned image; Chartroom accepts scanned (image-only) PDFs"},
		{&Error{File: "x.pdf", Page: -1, Err: ErrEncrypted},
			"x.pdf: the PDF is password-protected or encrypted; save an unprotected copy and send that instead"},
	}
	for _, tc := range cases {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q\nwant      %q", got, tc.want)
		}
	}
	_, err := Open(filepath.Join(t.TempDir(), "Doe_Jane", "missing.png"), DefaultLimits())
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v, want os.ErrNotExist", err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "missing.png: ") || strings.Contains(msg, "Doe_Jane") {
		t.Errorf("missing file message %q should name the file but not its directory", msg)
	}
}

// TestG3WithFillBitsMatchesG4 decodes the same random bitonal image stored
// as Group 3 (fill bits, FillOrder 2: the path x/image/tiff cannot take) and
// as Group 4, and compares every pixel.
func TestG3WithFillBitsMatchesG4(t *testing.T) {
	g3 := mustOpen(t, "testdata/noise_g3_lsb.tif")
	g4 := mustOpen(t, "testdata/noise_g4.tif")
	// Make sure the fixture exercises what this test is about.
	tf := g3.pages.(*tiffFile)
	ifd, err := tf.t.readIFD(tf.pages[0].ifd)
	if err != nil {
		t.Fatal(err)
	}
	for tag, want := range map[uint16]uint64{tagCompression: 3, tagFillOrder: 2, tagT4Options: 4} {
		if v, err := tf.t.uint(ifd, tag, 0); err != nil || v&want != want {
			t.Fatalf("fixture tag %d = %d, want %d", tag, v, want)
		}
	}
	a, err := g3.Page(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := g4.Page(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if a.Image.Bounds() != b.Image.Bounds() {
		t.Fatalf("bounds %v != %v", a.Image.Bounds(), b.Image.Bounds())
	}
	diff, black := 0, 0
	r := a.Image.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ga, gb := grayAt(a.Image, image.Pt(x, y)), grayAt(b.Image, image.Pt(x, y))
			if ga != gb {
				diff++
			}
			if ga == 0 {
				black++
			}
		}
	}
	if diff != 0 {
		t.Errorf("%d pixels differ between the G3 and G4 decodes", diff)
	}
	if black < r.Dx()*r.Dy()/4 {
		t.Errorf("only %d black pixels: the fixture should be about half black", black)
	}
}
