package pagefile

// Synthetic fixtures built in the tests. None of them holds real patient
// data: pages are white with one black square whose position identifies the
// page.

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// testPage returns a white w×h gray page with a black 16×16 square at
// (10+24*n, 10), so each page n has different, checkable content.
func testPage(w, h, n int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	x0 := 10 + 24*n
	for y := 10; y < 26 && y < h; y++ {
		for x := x0; x < x0+16 && x < w; x++ {
			img.Pix[y*img.Stride+x] = 0
		}
	}
	return img
}

// squareAt is the centre of page n's square.
func squareAt(n int) image.Point { return image.Pt(18+24*n, 18) }

func grayAt(img image.Image, p image.Point) uint8 {
	return color.GrayModel.Convert(img.At(p.X, p.Y)).(color.Gray).Y
}

// checkSquare asserts that page n's square is black and that the squares of
// the other pages (others) are white.
func checkSquare(t *testing.T, img image.Image, n int, others ...int) {
	t.Helper()
	if g := grayAt(img, squareAt(n)); g > 64 {
		t.Errorf("pixel at %v = %d, want black (page %d's square)", squareAt(n), g, n)
	}
	for _, o := range others {
		if g := grayAt(img, squareAt(o)); g < 192 {
			t.Errorf("pixel at %v = %d, want white (page %d's square must not be here)", squareAt(o), g, o)
		}
	}
}

func writeTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// pngChunk encodes one PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	return b.Bytes()
}

// pngWithDPI encodes img and inserts a pHYs chunk for dpi after IHDR.
func pngWithDPI(t testing.TB, img image.Image, dpi int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	out := b.Bytes()
	if dpi == 0 {
		return out
	}
	ppm := uint32(float64(dpi)/0.0254 + 0.5)
	phys := make([]byte, 9)
	binary.BigEndian.PutUint32(phys[0:], ppm)
	binary.BigEndian.PutUint32(phys[4:], ppm)
	phys[8] = 1 // metre
	const ihdrEnd = 8 + 8 + 13 + 4
	return append(append(append([]byte{}, out[:ihdrEnd]...), pngChunk("pHYs", phys)...), out[ihdrEnd:]...)
}

// pngHeaderOnly is a structurally complete PNG (IHDR, one tiny IDAT, IEND)
// whose IHDR claims w×h pixels.
func pngHeaderOnly(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8] = 8 // bit depth
	ihdr[9] = 0 // grayscale
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte{0, 0, 0, 0})
	zw.Close()
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, pngChunk("IHDR", ihdr)...)
	out = append(out, pngChunk("IDAT", z.Bytes())...)
	return append(out, pngChunk("IEND", nil)...)
}

func jpegBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// insertAfterSOI inserts a marker segment right after a JPEG's SOI.
func insertAfterSOI(j []byte, marker byte, payload []byte) []byte {
	seg := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	seg = append(seg, payload...)
	return append(append(append([]byte{}, j[:2]...), seg...), j[2:]...)
}

// jfif is an APP0 JFIF payload; units 1 = dots per inch, 2 = per cm.
func jfif(units byte, density uint16) []byte {
	p := []byte("JFIF\x00\x01\x02")
	p = append(p, units, byte(density>>8), byte(density), byte(density>>8), byte(density), 0, 0)
	return p
}

// exifResolutionBlock is an APP1 Exif payload whose IFD0 holds only
// XResolution = dpi and ResolutionUnit = inch, in big-endian order.
func exifResolutionBlock(dpi uint32) []byte {
	var b bytes.Buffer
	b.WriteString("Exif\x00\x00")
	be := binary.BigEndian
	b.WriteString("MM\x00*")
	binary.Write(&b, be, uint32(8))        // IFD0 at 8
	binary.Write(&b, be, uint16(2))        // two entries
	binary.Write(&b, be, []uint16{282, 5}) // XResolution RATIONAL
	binary.Write(&b, be, uint32(1))
	binary.Write(&b, be, uint32(8+2+2*12+4)) // value right after the IFD
	binary.Write(&b, be, []uint16{296, 3})   // ResolutionUnit SHORT
	binary.Write(&b, be, uint32(1))
	binary.Write(&b, be, []uint16{2, 0}) // inch
	binary.Write(&b, be, uint32(0))      // no next IFD
	binary.Write(&b, be, []uint32{dpi, 1})
	return b.Bytes()
}

// tiffEntry is one IFD entry for buildTIFF: SHORT/LONG values or a rational.
type tiffEntry struct {
	tag, typ uint16
	vals     []uint32
}

type tiffOpts struct {
	bo           binary.ByteOrder
	deflate      bool
	dpi          uint32
	rowsPerStrip int // 0: one strip per page
	// extra adds entries to the IFD of the pages it maps.
	extra map[int][]tiffEntry
}

// buildTIFF writes a multi-page 8-bit grayscale TIFF: each page's strips,
// then its IFD and the IFD's out-of-line values.
func buildTIFF(t testing.TB, pages []*image.Gray, o tiffOpts) []byte {
	t.Helper()
	if o.bo == nil {
		o.bo = binary.LittleEndian
	}
	bo := o.bo
	app := o.bo.(binary.AppendByteOrder)
	var buf bytes.Buffer
	if bo == binary.ByteOrder(binary.LittleEndian) {
		buf.WriteString("II*\x00")
	} else {
		buf.WriteString("MM\x00*")
	}
	buf.Write(make([]byte, 4)) // first IFD offset, patched below
	nextPtr := 4               // where the pointer to the next IFD goes
	for pageNr, img := range pages {
		w, h := img.Rect.Dx(), img.Rect.Dy()
		rps := o.rowsPerStrip
		if rps <= 0 || rps > h {
			rps = h
		}
		var offs, counts []uint32
		for y := 0; y < h; y += rps {
			rows := img.Pix[y*img.Stride : min(y+rps, h)*img.Stride]
			data := rows
			if o.deflate {
				var z bytes.Buffer
				zw := zlib.NewWriter(&z)
				zw.Write(rows)
				zw.Close()
				data = z.Bytes()
			}
			offs = append(offs, uint32(buf.Len()))
			counts = append(counts, uint32(len(data)))
			buf.Write(data)
		}
		if buf.Len()%2 == 1 {
			buf.WriteByte(0)
		}
		comp := uint32(1)
		if o.deflate {
			comp = 8
		}
		entries := []tiffEntry{
			{256, 4, []uint32{uint32(w)}},
			{257, 4, []uint32{uint32(h)}},
			{258, 3, []uint32{8}},
			{259, 3, []uint32{comp}},
			{262, 3, []uint32{1}}, // BlackIsZero
			{273, 4, offs},
			{277, 3, []uint32{1}},
			{278, 4, []uint32{uint32(rps)}},
			{279, 4, counts},
		}
		if o.dpi > 0 {
			entries = append(entries,
				tiffEntry{282, 5, []uint32{o.dpi, 1}},
				tiffEntry{283, 5, []uint32{o.dpi, 1}},
				tiffEntry{296, 3, []uint32{2}})
		}
		entries = append(entries, o.extra[pageNr]...)
		sort.SliceStable(entries, func(i, j int) bool { return entries[i].tag < entries[j].tag })

		ifdOff := buf.Len()
		putU32(buf.Bytes()[nextPtr:], bo, uint32(ifdOff))
		extraOff := ifdOff + 2 + 12*len(entries) + 4
		var ifd, extra bytes.Buffer
		binary.Write(&ifd, bo, uint16(len(entries)))
		for _, e := range entries {
			var val []byte
			count := uint32(len(e.vals))
			switch e.typ {
			case 3:
				for _, v := range e.vals {
					val = app.AppendUint16(val, uint16(v))
				}
			case 4:
				for _, v := range e.vals {
					val = app.AppendUint32(val, v)
				}
			case 5:
				val = app.AppendUint32(app.AppendUint32(val, e.vals[0]), e.vals[1])
				count = 1
			}
			binary.Write(&ifd, bo, e.tag)
			binary.Write(&ifd, bo, e.typ)
			binary.Write(&ifd, bo, count)
			if len(val) <= 4 {
				ifd.Write(append(val, make([]byte, 4-len(val))...))
			} else {
				binary.Write(&ifd, bo, uint32(extraOff+extra.Len()))
				extra.Write(val)
			}
		}
		nextPtr = ifdOff + ifd.Len()
		binary.Write(&ifd, bo, uint32(0))
		buf.Write(ifd.Bytes())
		buf.Write(extra.Bytes())
	}
	return buf.Bytes()
}

func putU32(b []byte, bo binary.ByteOrder, v uint32) { bo.PutUint32(b, v) }

// firstIFDs returns the offsets of a TIFF's IFDs, following the chain.
func tiffIFDOffsets(t testing.TB, data []byte) []int64 {
	t.Helper()
	tr, err := newTIFFReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var offs []int64
	for off := tr.first; off != 0 && len(offs) < 100; {
		ifd, err := tr.readIFD(off)
		if err != nil {
			t.Fatal(err)
		}
		offs = append(offs, off)
		off = ifd.next
	}
	return offs
}

// --- PDF ---

// pdfObj is one indirect object for buildPDF; a non-nil stream makes it a
// stream object and /Length is added to dict.
type pdfObj struct {
	dict   string
	stream []byte
}

// buildPDF writes objects 1..n with a correct xref table. Object 1 must be
// the catalog.
func buildPDF(objs []pdfObj) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n", i+1)
		if o.stream == nil {
			b.WriteString(o.dict)
		} else {
			d := strings.TrimSuffix(strings.TrimSpace(o.dict), ">>")
			fmt.Fprintf(&b, "%s /Length %d >>\nstream\n", d, len(o.stream))
			b.Write(o.stream)
			b.WriteString("\nendstream")
		}
		b.WriteString("\nendobj\n")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// pdfXObject is a named XObject in a test page's resources.
type pdfXObject struct {
	name   string
	dict   string
	stream []byte
}

// pdfPageSpec describes one page for pdfWith.
type pdfPageSpec struct {
	media   string // MediaBox contents, e.g. "0 0 72 96"
	content string
	xobjs   []pdfXObject
	font    bool   // add /Font << /F1 … >> (Helvetica)
	annots  string // contents of an /Annots array, e.g. "<< … >>"
}

// pdfWith builds a PDF from page specs. Object layout: 1 catalog, 2 page
// tree, 3 font, then for each page: page, contents, XObjects.
func pdfWith(pages ...pdfPageSpec) []byte {
	objs := []pdfObj{
		{dict: "<< /Type /Catalog /Pages 2 0 R >>"},
		{}, // page tree, filled in below
		{dict: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"},
	}
	var kids []string
	for _, p := range pages {
		pageNr := len(objs) + 1
		kids = append(kids, fmt.Sprintf("%d 0 R", pageNr))
		var xo []string
		for i, x := range p.xobjs {
			xo = append(xo, fmt.Sprintf("/%s %d 0 R", x.name, pageNr+2+i))
		}
		res := "<< "
		if len(xo) > 0 {
			res += "/XObject << " + strings.Join(xo, " ") + " >> "
		}
		if p.font {
			res += "/Font << /F1 3 0 R >> "
		}
		res += ">>"
		extra := ""
		if p.annots != "" {
			extra = " /Annots [" + p.annots + "]"
		}
		media := p.media
		if media == "" {
			media = "0 0 72 96"
		}
		objs = append(objs,
			pdfObj{dict: fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Resources %s /Contents %d 0 R%s >>",
				media, res, pageNr+1, extra)},
			pdfObj{dict: "<< >>", stream: []byte(p.content)})
		for _, x := range p.xobjs {
			objs = append(objs, pdfObj{dict: x.dict, stream: x.stream})
		}
	}
	objs[1] = pdfObj{dict: fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages))}
	return buildPDF(objs)
}

// flateImage is a DeviceGray 8-bit Flate-compressed image XObject of img.
func flateImage(name string, img *image.Gray) pdfXObject {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	for y := range img.Rect.Dy() {
		zw.Write(img.Pix[y*img.Stride : y*img.Stride+img.Rect.Dx()])
	}
	zw.Close()
	return pdfXObject{
		name: name,
		dict: fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode >>",
			img.Rect.Dx(), img.Rect.Dy()),
		stream: z.Bytes(),
	}
}

// dctImage is a DeviceGray JPEG image XObject.
func dctImage(t testing.TB, name string, img *image.Gray) pdfXObject {
	return pdfXObject{
		name: name,
		dict: fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode >>",
			img.Rect.Dx(), img.Rect.Dy()),
		stream: jpegBytes(t, img),
	}
}

// drawImage is the content stream of a scanned page: the image Im0 scaled
// to the whole w×h-point page.
func drawImage(w, h float64) string {
	return fmt.Sprintf("q %g 0 0 %g 0 0 cm /Im0 Do Q", w, h)
}

// testPDFConfig is pdfConfig plus what pdfcpu needs for writing, so tests
// never touch pdfcpu's config directory.
func testPDFConfig() *model.Configuration {
	c := pdfConfig()
	c.WriteObjectStream = true
	c.WriteXRefStream = true
	c.EncryptUsingAES = true
	c.EncryptKeyLength = 256
	c.Permissions = model.PermissionsPrint
	c.TimestampFormat = "2006-01-02 15:04"
	c.DateFormat = "2006-01-02"
	c.Optimize = true
	c.OptimizeBeforeWriting = true
	c.OptimizeResourceDicts = true
	c.CreationDate = "2025-01-01 00:00"
	c.Unit = types.POINTS
	return c
}
