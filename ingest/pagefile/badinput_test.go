package pagefile

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// setTIFFTag overwrites the inline value of tag in the IFD at ifdOff.
func setTIFFTag(t *testing.T, data []byte, ifdOff int64, tag uint16, value uint32) []byte {
	t.Helper()
	out := append([]byte(nil), data...)
	tr, err := newTIFFReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	n := int(tr.bo.Uint16(out[ifdOff:]))
	for i := range n {
		e := out[int(ifdOff)+2+12*i:]
		if tr.bo.Uint16(e) != tag {
			continue
		}
		switch tr.bo.Uint16(e[2:]) {
		case 3:
			tr.bo.PutUint16(e[8:], uint16(value))
		case 4:
			tr.bo.PutUint32(e[8:], value)
		default:
			t.Fatalf("tag %d is not SHORT or LONG", tag)
		}
		return out
	}
	t.Fatalf("tag %d not found", tag)
	return nil
}

// setNextIFD overwrites the next-IFD pointer of the IFD at ifdOff.
func setNextIFD(t *testing.T, data []byte, ifdOff int64, next uint32) []byte {
	t.Helper()
	out := append([]byte(nil), data...)
	bo := binary.ByteOrder(binary.LittleEndian)
	if out[0] == 'M' {
		bo = binary.BigEndian
	}
	n := int64(bo.Uint16(out[ifdOff:]))
	bo.PutUint32(out[ifdOff+2+12*n:], next)
	return out
}

func encryptPDF(t *testing.T, pdf []byte, userPW, ownerPW string) []byte {
	t.Helper()
	conf := testPDFConfig()
	conf.UserPW, conf.OwnerPW = userPW, ownerPW
	conf.Cmd = model.ENCRYPT
	var out bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(pdf), &out, conf); err != nil {
		t.Fatalf("pdfcpu Encrypt: %v", err)
	}
	return out.Bytes()
}

// scannedPage is a valid scanned page for PDFs that add something to it.
func scannedPage(n int) pdfPageSpec {
	return pdfPageSpec{xobjs: []pdfXObject{flateImage("Im0", testPage(120, 160, n))}, content: drawImage(72, 96)}
}

func TestBadInput(t *testing.T) {
	ctx := context.Background()
	goodPNG := func(t *testing.T) []byte { return pngWithDPI(t, testPage(200, 150, 0), 300) }
	goodJPEG := func(t *testing.T) []byte { return jpegBytes(t, testPage(200, 150, 0)) }
	goodTIFF := func(t *testing.T) []byte {
		return buildTIFF(t, []*image.Gray{testPage(200, 150, 0), testPage(200, 150, 1)}, tiffOpts{dpi: 300})
	}
	const typed = "Synthetic typed words"

	cases := []struct {
		name string
		file string // base name to write the data under
		data func(t *testing.T) []byte
		want error
		page int // -1: Open must fail; otherwise Open succeeds and Page(page) fails
		// words that must appear in the message (besides the file name)
		says []string
	}{
		{name: "zero-byte file", file: "0001.png", data: func(*testing.T) []byte { return nil },
			want: ErrEmpty, page: -1, says: []string{"empty"}},
		{name: "truncated PNG", file: "0002.png",
			data: func(t *testing.T) []byte { p := goodPNG(t); return p[:len(p)/2] },
			want: ErrCorrupt, page: -1, says: []string{"cut short", "PNG"}},
		{name: "PNG missing only its IEND chunk", file: "0003.png",
			data: func(t *testing.T) []byte { p := goodPNG(t); return p[:len(p)-12] },
			want: ErrCorrupt, page: -1, says: []string{"cut short"}},
		{name: "PNG with damaged pixel data (bad IDAT checksum)", file: "0004.png",
			data: func(t *testing.T) []byte {
				p := goodPNG(t)
				i := bytes.Index(p, []byte("IDAT"))
				p[i+10] ^= 0xFF
				return p
			},
			want: ErrCorrupt, page: 0, says: []string{"damaged"}},
		{name: "text file named .png", file: "0005.png",
			data: func(*testing.T) []byte { return []byte("Name: " + typed + "\nThis is not an image.\n") },
			want: ErrUnsupported, page: -1, says: []string{"text file", "format"}},
		{name: "GIF named .tif", file: "0006.tif",
			data: func(*testing.T) []byte { return []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;") },
			want: ErrUnsupported, page: -1, says: []string{"GIF"}},
		{name: "PNG header claiming 60000x60000", file: "bomb.png",
			data: func(*testing.T) []byte { return pngHeaderOnly(60000, 60000) },
			want: ErrTooLarge, page: -1, says: []string{"60000×60000"}},
		{name: "JPEG header claiming 60000x60000", file: "bomb.jpg",
			data: func(t *testing.T) []byte {
				j := goodJPEG(t)
				i := bytes.Index(j, []byte{0xFF, 0xC0})
				binary.BigEndian.PutUint16(j[i+5:], 60000) // height
				binary.BigEndian.PutUint16(j[i+7:], 60000) // width
				return j
			},
			want: ErrTooLarge, page: -1},
		{name: "truncated JPEG", file: "0007.jpg",
			data: func(t *testing.T) []byte { j := goodJPEG(t); return j[:len(j)*2/3] },
			want: ErrCorrupt, page: -1, says: []string{"cut short"}},
		{name: "TIFF whose IFD chain loops", file: "loop.tif",
			data: func(t *testing.T) []byte {
				d := goodTIFF(t)
				offs := tiffIFDOffsets(t, d)
				return setNextIFD(t, d, offs[1], uint32(offs[0]))
			},
			want: ErrCorrupt, page: 1, says: []string{"loops"}},
		{name: "TIFF whose IFD points to itself", file: "self.tif",
			data: func(t *testing.T) []byte {
				d := goodTIFF(t)
				offs := tiffIFDOffsets(t, d)
				return setNextIFD(t, d, offs[0], uint32(offs[0]))
			},
			want: ErrCorrupt, page: 0},
		{name: "TIFF whose first IFD lies beyond the end", file: "far.tif",
			data: func(t *testing.T) []byte {
				d := goodTIFF(t)
				binary.LittleEndian.PutUint32(d[4:], uint32(len(d)+100))
				return d
			},
			want: ErrCorrupt, page: 0},
		{name: "TIFF with strip data past the end of the file", file: "strip.tif",
			data: func(t *testing.T) []byte {
				d := goodTIFF(t)
				offs := tiffIFDOffsets(t, d)
				return setTIFFTag(t, d, offs[1], tagStripByteCounts, uint32(len(d)))
			},
			want: ErrCorrupt, page: 1, says: []string{"cut short"}},
		{name: "multi-page G4 TIFF cut in half", file: "half.tif",
			data: func(t *testing.T) []byte { d := readFile(t, "testdata/g4.tif"); return d[:len(d)/2] },
			want: ErrCorrupt, page: -1},
		{name: "TIFF page claiming 60000x60000", file: "bomb.tif",
			data: func(t *testing.T) []byte {
				d := goodTIFF(t)
				offs := tiffIFDOffsets(t, d)
				d = setTIFFTag(t, d, offs[1], tagImageWidth, 60000)
				return setTIFFTag(t, d, offs[1], tagImageLength, 60000)
			},
			want: ErrTooLarge, page: 1},
		{name: "JPEG-compressed TIFF", file: "ojpeg.tif",
			data: func(t *testing.T) []byte {
				d := goodTIFF(t)
				return setTIFFTag(t, d, tiffIFDOffsets(t, d)[0], tagCompression, 7)
			},
			want: ErrUnsupported, page: 0, says: []string{"JPEG"}},
		{name: "BigTIFF", file: "big.tif",
			data: func(*testing.T) []byte { return []byte("II+\x00\x08\x00\x00\x00\x10\x00\x00\x00\x00\x00\x00\x00") },
			want: ErrUnsupported, page: -1, says: []string{"BigTIFF"}},
		{name: "PDF with garbage after the header", file: "garbage.pdf",
			data: func(*testing.T) []byte {
				r := rand.New(rand.NewPCG(1, 2))
				g := make([]byte, 4000)
				for i := range g {
					g[i] = byte(r.UintN(256))
				}
				return append(append([]byte("%PDF-1.4\n"), g...), "\n%%EOF\n"...)
			},
			want: ErrCorrupt, page: -1},
		{name: "truncated PDF", file: "cut.pdf",
			data: func(*testing.T) []byte { p := pdfWith(scannedPage(0), scannedPage(1)); return p[:len(p)*6/10] },
			want: ErrCorrupt, page: -1, says: []string{"cut short"}},
		{name: "PDF whose image object is damaged", file: "noimage.pdf",
			data: func(*testing.T) []byte {
				return bytes.Replace(pdfWith(scannedPage(0)), []byte("6 0 obj"), []byte("6 0 jbo"), 1)
			},
			want: ErrCorrupt, page: 0, says: []string{"missing"}},
		{name: "PDF without a document catalog", file: "nocatalog.pdf",
			data: func(*testing.T) []byte {
				return bytes.Replace(pdfWith(scannedPage(0)), []byte("/Type /Catalog"), []byte("/Type /Katalog"), 1)
			},
			want: ErrCorrupt, page: -1},
		{name: "PDF with malformed page content", file: "content.pdf",
			data: func(*testing.T) []byte {
				return bytes.Replace(pdfWith(scannedPage(0)), []byte("/Im0 Do"), []byte("(unterminated"), 1)
			},
			want: ErrCorrupt, page: 0},
		{name: "PDF encrypted with a user password", file: "locked.pdf",
			data: func(t *testing.T) []byte {
				return encryptPDF(t, pdfWith(scannedPage(0)), "synthetic-user", "synthetic-owner")
			},
			want: ErrEncrypted, page: -1, says: []string{"password"}},
		{name: "PDF encrypted with an owner password only", file: "restricted.pdf",
			data: func(t *testing.T) []byte { return encryptPDF(t, pdfWith(scannedPage(0)), "", "synthetic-owner") },
			want: ErrEncrypted, page: -1},
		{name: "PDF page with typed text", file: "typed.pdf",
			data: func(*testing.T) []byte {
				return pdfWith(pdfPageSpec{font: true, content: "BT /F1 12 Tf 10 50 Td (" + typed + ") Tj ET"})
			},
			want: ErrNotScanned, page: 0, says: []string{"typed text"}},
		{name: "PDF: scanned page 1, typed text over the image on page 2", file: "report.pdf",
			data: func(*testing.T) []byte {
				p2 := scannedPage(1)
				p2.font = true
				p2.content += "\nBT /F1 12 Tf 10 50 Td (" + typed + ") Tj ET"
				return pdfWith(scannedPage(0), p2)
			},
			want: ErrNotScanned, page: 1, says: []string{"page 2"}},
		{name: "PDF OCR layer whose invisible mode is undone by Q", file: "q.pdf",
			data: func(*testing.T) []byte {
				p := scannedPage(0)
				p.font = true
				p.content += "\nq 3 Tr Q BT /F1 12 Tf (" + typed + ") Tj ET"
				return pdfWith(p)
			},
			want: ErrNotScanned, page: 0},
		{name: "PDF page with vector drawing", file: "lines.pdf",
			data: func(*testing.T) []byte {
				p := scannedPage(0)
				p.content += "\n0 0 m 72 96 l S"
				return pdfWith(p)
			},
			want: ErrNotScanned, page: 0, says: []string{"drawings"}},
		{name: "PDF page with a filled background rectangle", file: "fill.pdf",
			data: func(*testing.T) []byte {
				p := scannedPage(0)
				p.content = "1 g 0 0 72 96 re f\n" + p.content
				return pdfWith(p)
			},
			want: ErrNotScanned, page: 0},
		{name: "PDF page clipped but not painted is fine, two images are not", file: "two.pdf",
			data: func(*testing.T) []byte {
				p := scannedPage(0)
				p.xobjs = append(p.xobjs, flateImage("Im1", testPage(20, 20, 0)))
				p.content = "0 0 72 96 re W n " + p.content + " q 20 0 0 20 0 0 cm /Im1 Do Q"
				return pdfWith(p)
			},
			want: ErrNotScanned, page: 0, says: []string{"2 images"}},
		{name: "PDF page with no image", file: "blank.pdf",
			data: func(*testing.T) []byte { return pdfWith(pdfPageSpec{content: "q Q"}) },
			want: ErrNotScanned, page: 0, says: []string{"no scanned image"}},
		{name: "PDF page with an inline image", file: "inline.pdf",
			data: func(*testing.T) []byte {
				return pdfWith(pdfPageSpec{content: "q 72 0 0 96 0 0 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q"})
			},
			want: ErrNotScanned, page: 0},
		{name: "PDF with text inside a Form XObject", file: "form.pdf",
			data: func(*testing.T) []byte {
				img := flateImage("Im0", testPage(120, 160, 0))
				return buildPDF([]pdfObj{
					{dict: "<< /Type /Catalog /Pages 2 0 R >>"},
					{dict: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"},
					{dict: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 96] /Resources << /XObject << /Im0 5 0 R /Fm0 6 0 R >> >> /Contents 4 0 R >>"},
					{dict: "<< >>", stream: []byte(drawImage(72, 96) + " /Fm0 Do")},
					{dict: img.dict, stream: img.stream},
					{dict: "<< /Type /XObject /Subtype /Form /BBox [0 0 72 96] /Resources << /Font << /F1 7 0 R >> >> >>",
						stream: []byte("BT /F1 12 Tf (" + typed + ") Tj ET")},
					{dict: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"},
				})
			},
			want: ErrNotScanned, page: 0},
		{name: "PDF with a typed note annotation", file: "note.pdf",
			data: func(*testing.T) []byte {
				p := scannedPage(0)
				p.annots = "<< /Type /Annot /Subtype /FreeText /Rect [0 0 50 20] /Contents (" + typed + ") /DA (/Helv 10 Tf 0 g) >>"
				return pdfWith(p)
			},
			want: ErrNotScanned, page: 0, says: []string{"notes"}},
		{name: "PDF image claiming 60000x60000", file: "bomb.pdf",
			data: func(*testing.T) []byte {
				p := scannedPage(0)
				p.xobjs[0].dict = strings.Replace(strings.Replace(p.xobjs[0].dict, "/Width 120", "/Width 60000", 1), "/Height 160", "/Height 60000", 1)
				return pdfWith(p)
			},
			want: ErrTooLarge, page: -1},
		{name: "PDF whose JPEG claims more pixels than its image dictionary", file: "jbomb.pdf",
			data: func(t *testing.T) []byte {
				x := dctImage(t, "Im0", testPage(120, 160, 0))
				i := bytes.Index(x.stream, []byte{0xFF, 0xC0})
				binary.BigEndian.PutUint16(x.stream[i+5:], 60000)
				binary.BigEndian.PutUint16(x.stream[i+7:], 60000)
				return pdfWith(pdfPageSpec{xobjs: []pdfXObject{x}, content: drawImage(72, 96)})
			},
			want: ErrTooLarge, page: 0},
		{name: "PDF with truncated Flate image data", file: "short.pdf",
			data: func(*testing.T) []byte {
				p := scannedPage(0)
				s := p.xobjs[0].stream
				p.xobjs[0].stream = s[:len(s)/2]
				return pdfWith(p)
			},
			want: ErrCorrupt, page: 0, says: []string{"cut short"}},
		{name: "PDF with a JBIG2 image", file: "jbig2.pdf",
			data: func(*testing.T) []byte {
				p := scannedPage(0)
				p.xobjs[0].dict = strings.Replace(p.xobjs[0].dict, "/FlateDecode", "/JBIG2Decode", 1)
				return pdfWith(p)
			},
			want: ErrUnsupported, page: -1, says: []string{"JBIG2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeTemp(t, tc.file, tc.data(t))
			start := time.Now()
			f, err := Open(path, DefaultLimits())
			openTime := time.Since(start)
			if tc.page >= 0 {
				if err != nil {
					if errors.Is(err, tc.want) {
						// Failing in Open is fine as long as the page is named.
						checkError(t, err, tc.file, tc.page, tc.says)
						t.Logf("%s (Open %v)", err, openTime)
						return
					}
					t.Fatalf("Open: %v; want success and a %v error from Page(%d)", err, tc.want, tc.page)
				}
				defer f.Close()
				_, err = f.Page(ctx, tc.page)
			} else if err == nil {
				f.Close()
				t.Fatalf("Open succeeded; want %v", tc.want)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v; want errors.Is %v", err, tc.want)
			}
			checkError(t, err, tc.file, tc.page, tc.says)
			if strings.Contains(err.Error(), typed) {
				t.Errorf("message %q quotes page content", err)
			}
			t.Logf("%s (Open %v)", err, openTime)
		})
	}
}

// checkError asserts the *Error shape and the plain-words message.
func checkError(t *testing.T, err error, file string, page int, says []string) {
	t.Helper()
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("err %T is not a *Error", err)
	}
	if pe.File != filepath.Base(file) {
		t.Errorf("Error.File = %q, want %q", pe.File, file)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, file) {
		t.Errorf("message %q does not start with the file name", msg)
	}
	if page >= 0 && !strings.Contains(msg, fmt.Sprintf("page %d", page+1)) {
		t.Errorf("message %q does not name page %d", msg, page+1)
	}
	for _, w := range says {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q does not say %q", msg, w)
		}
	}
	if errors.Unwrap(pe) != pe.Err {
		t.Error("Unwrap does not return Err")
	}
}

// TestHugePNGHeaderDoesNotDecode: Open must reject by header alone, without
// allocating anything near 60000×60000 pixels (3.6 GB as gray).
func TestHugePNGHeaderDoesNotDecode(t *testing.T) {
	path := writeTemp(t, "huge.png", pngHeaderOnly(60000, 60000))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Open(path, DefaultLimits())
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("Open allocated %d bytes; it should only read the header", n)
	}
}
