package pagefile

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash"
	"image"
	"io"
	"math"
	"math/bits"

	"golang.org/x/image/ccitt"
	"golang.org/x/image/tiff"
)

// TIFF tags used here.
const (
	tagNewSubfileType  = 254
	tagSubfileType     = 255
	tagImageWidth      = 256
	tagImageLength     = 257
	tagBitsPerSample   = 258
	tagCompression     = 259
	tagFillOrder       = 266
	tagStripOffsets    = 273
	tagSamplesPerPixel = 277
	tagRowsPerStrip    = 278
	tagStripByteCounts = 279
	tagXResolution     = 282
	tagPlanarConfig    = 284
	tagFreeOffsets     = 288
	tagT4Options       = 292
	tagResolutionUnit  = 296
	tagTileWidth       = 322
	tagTileOffsets     = 324
	tagTileByteCounts  = 325
	tagSubIFDs         = 330
	tagJPEGIFOffset    = 513
	tagExifIFD         = 34665
	tagGPSIFD          = 34853
	tagInteropIFD      = 40965
)

const (
	// maxTIFFPages bounds the IFD chain walk.
	maxTIFFPages = 100_000
	// maxTIFFBlocks bounds the number of strips or tiles of one page.
	maxTIFFBlocks = 1 << 20
	// maxTIFFValue bounds the size of one tag's value.
	maxTIFFValue = 16 << 20
)

// tiffReader parses TIFF structure (header, IFDs, tag values) directly from a
// ReaderAt. It is also used for the TIFF-shaped Exif block inside JPEGs.
type tiffReader struct {
	r     io.ReaderAt
	size  int64
	bo    binary.ByteOrder
	hdr   [8]byte
	first int64 // offset of the first IFD
}

type ifdEntry struct {
	tag, typ uint16
	count    uint32
	value    [4]byte // the value itself if it fits, else its offset
}

type tiffIFD struct {
	off     int64
	entries []ifdEntry // in file order
	next    int64      // offset of the next IFD, 0 at the end of the chain
}

func newTIFFReader(r io.ReaderAt, size int64) (*tiffReader, error) {
	b, err := readAt(r, 0, 8, "TIFF")
	if err != nil {
		return nil, err
	}
	t := &tiffReader{r: r, size: size}
	copy(t.hdr[:], b)
	switch string(b[:4]) {
	case "II*\x00":
		t.bo = binary.LittleEndian
	case "MM\x00*":
		t.bo = binary.BigEndian
	case "II+\x00", "MM\x00+":
		return nil, faultf(ErrUnsupported, "BigTIFF files are not supported")
	default:
		return nil, faultf(ErrCorrupt, "bad TIFF header")
	}
	t.first = int64(t.bo.Uint32(b[4:8]))
	return t, nil
}

// readIFD reads the directory at off, checking that it lies inside the file.
func (t *tiffReader) readIFD(off int64) (*tiffIFD, error) {
	if off < 8 || off+2 > t.size {
		return nil, faultf(ErrCorrupt, "a TIFF page directory points outside the file")
	}
	b, err := readAt(t.r, off, 2, "TIFF")
	if err != nil {
		return nil, err
	}
	n := int64(t.bo.Uint16(b))
	if n == 0 {
		return nil, faultf(ErrCorrupt, "empty TIFF page directory")
	}
	if off+2+12*n+4 > t.size {
		return nil, faultf(ErrCorrupt, "truncated TIFF")
	}
	b, err = readAt(t.r, off+2, int(12*n+4), "TIFF")
	if err != nil {
		return nil, err
	}
	ifd := &tiffIFD{off: off, entries: make([]ifdEntry, n)}
	for i := range ifd.entries {
		e := b[12*i:]
		ifd.entries[i] = ifdEntry{
			tag:   t.bo.Uint16(e[0:2]),
			typ:   t.bo.Uint16(e[2:4]),
			count: t.bo.Uint32(e[4:8]),
		}
		copy(ifd.entries[i].value[:], e[8:12])
	}
	ifd.next = int64(t.bo.Uint32(b[12*n:]))
	return ifd, nil
}

func (ifd *tiffIFD) find(tag uint16) (ifdEntry, bool) {
	for _, e := range ifd.entries {
		if e.tag == tag {
			return e, true
		}
	}
	return ifdEntry{}, false
}

// tiffTypeSize returns the size in bytes of one value of a TIFF field type,
// or 0 for an unknown type.
func tiffTypeSize(typ uint16) int64 {
	switch typ {
	case 1, 2, 6, 7: // BYTE, ASCII, SBYTE, UNDEFINED
		return 1
	case 3, 8: // SHORT, SSHORT
		return 2
	case 4, 9, 11, 13: // LONG, SLONG, FLOAT, IFD
		return 4
	case 5, 10, 12: // RATIONAL, SRATIONAL, DOUBLE
		return 8
	}
	return 0
}

// valueBytes returns the raw bytes of an entry's value, reading them from
// the file if they do not fit in the entry.
func (t *tiffReader) valueBytes(e ifdEntry) ([]byte, error) {
	sz := tiffTypeSize(e.typ)
	if sz == 0 {
		return nil, nil // unknown type: readers must skip it
	}
	n := sz * int64(e.count)
	if n <= 4 {
		return e.value[:n], nil
	}
	if n > maxTIFFValue {
		return nil, faultf(ErrCorrupt, "oversized TIFF tag %d", e.tag)
	}
	off := int64(t.bo.Uint32(e.value[:]))
	if off+n > t.size {
		return nil, faultf(ErrCorrupt, "truncated TIFF")
	}
	return readAt(t.r, off, int(n), "TIFF")
}

// uints decodes an unsigned integer entry (BYTE, SHORT, LONG or IFD).
func (t *tiffReader) uints(e ifdEntry) ([]uint64, error) {
	b, err := t.valueBytes(e)
	if err != nil {
		return nil, err
	}
	var v []uint64
	switch e.typ {
	case 1, 7:
		for _, x := range b {
			v = append(v, uint64(x))
		}
	case 3:
		for i := 0; i+2 <= len(b); i += 2 {
			v = append(v, uint64(t.bo.Uint16(b[i:])))
		}
	case 4, 13:
		for i := 0; i+4 <= len(b); i += 4 {
			v = append(v, uint64(t.bo.Uint32(b[i:])))
		}
	default:
		return nil, faultf(ErrCorrupt, "TIFF tag %d has the wrong type", e.tag)
	}
	return v, nil
}

// uint returns the first value of tag, or def if the tag is absent.
func (t *tiffReader) uint(ifd *tiffIFD, tag uint16, def uint64) (uint64, error) {
	e, ok := ifd.find(tag)
	if !ok {
		return def, nil
	}
	v, err := t.uints(e)
	if err != nil {
		return 0, err
	}
	if len(v) == 0 {
		return def, nil
	}
	return v[0], nil
}

// dpi returns the horizontal resolution in dots per inch, or 0 if unknown.
func (t *tiffReader) dpi(ifd *tiffIFD) int {
	e, ok := ifd.find(tagXResolution)
	if !ok || e.typ != 5 || e.count < 1 {
		return 0
	}
	b, err := t.valueBytes(e)
	if err != nil || len(b) < 8 {
		return 0
	}
	num, den := t.bo.Uint32(b[0:4]), t.bo.Uint32(b[4:8])
	if den == 0 {
		return 0
	}
	x := float64(num) / float64(den)
	unit, err := t.uint(ifd, tagResolutionUnit, 2) // the default unit is the inch
	if err != nil {
		return 0
	}
	switch unit {
	case 2:
		return roundDPI(x)
	case 3: // centimetre
		return roundDPI(x * 2.54)
	}
	return 0 // 1: no absolute unit
}

// blocks returns the strip (or tile) offsets and byte counts of a page.
func (t *tiffReader) blocks(ifd *tiffIFD) (offs, counts []uint64, err error) {
	offTag, cntTag := uint16(tagStripOffsets), uint16(tagStripByteCounts)
	if _, tiled := ifd.find(tagTileWidth); tiled {
		offTag, cntTag = tagTileOffsets, tagTileByteCounts
	}
	oe, ok1 := ifd.find(offTag)
	ce, ok2 := ifd.find(cntTag)
	if !ok1 || !ok2 || oe.count == 0 {
		return nil, nil, faultf(ErrCorrupt, "a TIFF page has no image data")
	}
	if oe.count != ce.count || oe.count > maxTIFFBlocks {
		return nil, nil, faultf(ErrCorrupt, "inconsistent TIFF strip table")
	}
	if offs, err = t.uints(oe); err != nil {
		return nil, nil, err
	}
	if counts, err = t.uints(ce); err != nil {
		return nil, nil, err
	}
	for i := range offs {
		if offs[i] > math.MaxInt64/2 || counts[i] > math.MaxInt64/2 || int64(offs[i]+counts[i]) > t.size {
			return nil, nil, faultf(ErrCorrupt, "truncated TIFF")
		}
	}
	return offs, counts, nil
}

// tiffFile is an opened TIFF with one entry per page (IFD).
type tiffFile struct {
	t     *tiffReader
	pages []tiffPage
}

type tiffPage struct {
	ifd    int64 // offset of the page's IFD
	dpi    int
	w, h   int
	g3Fill bool // Group 3 with fill bits before EOLs, see decodeG3
}

func (f *tiffFile) pageCount() int { return len(f.pages) }

// pageErr attaches a page index to an error found while opening a file.
type pageErr struct {
	page int
	err  error
}

func (e *pageErr) Error() string { return e.err.Error() }
func (e *pageErr) Unwrap() error { return e.err }

// openTIFF walks the IFD chain (guarding against loops and offsets beyond
// the end of the file) and checks each page's header: dimensions against
// lim, a compression scheme x/image/tiff decodes, strip data inside the file,
// and x/image/tiff's own header checks (photometric, bits per sample).
func openTIFF(r io.ReaderAt, size int64, lim Limits) (*tiffFile, error) {
	t, err := newTIFFReader(r, size)
	if err != nil {
		return nil, err
	}
	f := &tiffFile{t: t}
	seen := make(map[int64]bool)
	for off := t.first; off != 0; {
		page := len(f.pages)
		if seen[off] {
			// Blame the page whose next-page pointer loops back.
			return nil, &pageErr{max(page-1, 0), faultf(ErrCorrupt, "the TIFF page list loops back on itself")}
		}
		if len(seen) >= maxTIFFPages {
			return nil, faultf(ErrTooLarge, "more than %d TIFF pages", maxTIFFPages)
		}
		seen[off] = true
		ifd, err := t.readIFD(off)
		if err != nil {
			return nil, &pageErr{page, err}
		}
		p, skip, err := f.checkPage(ifd, lim)
		if err != nil {
			return nil, &pageErr{page, err}
		}
		if !skip {
			f.pages = append(f.pages, p)
		}
		off = ifd.next
	}
	if len(f.pages) == 0 {
		return nil, faultf(ErrCorrupt, "the TIFF has no pages")
	}
	return f, nil
}

// checkPage validates one IFD. skip is true for subfiles that are not pages
// (reduced-resolution thumbnails and transparency masks).
func (f *tiffFile) checkPage(ifd *tiffIFD, lim Limits) (p tiffPage, skip bool, err error) {
	t := f.t
	if st, err := t.uint(ifd, tagNewSubfileType, 0); err != nil {
		return p, false, err
	} else if st&(1|4) != 0 {
		return p, true, nil
	}
	if st, err := t.uint(ifd, tagSubfileType, 1); err != nil {
		return p, false, err
	} else if st == 2 {
		return p, true, nil
	}
	w, err := t.uint(ifd, tagImageWidth, 0)
	if err != nil {
		return p, false, err
	}
	h, err := t.uint(ifd, tagImageLength, 0)
	if err != nil {
		return p, false, err
	}
	if w > math.MaxInt32 || h > math.MaxInt32 {
		return p, false, faultf(ErrTooLarge, "%d×%d pixels", w, h)
	}
	if err := lim.checkSize(int(w), int(h)); err != nil {
		return p, false, err
	}
	comp, err := t.uint(ifd, tagCompression, 1)
	if err != nil {
		return p, false, err
	}
	if err := checkTIFFCompression(comp); err != nil {
		return p, false, err
	}
	g3Fill := false
	if comp == 3 {
		opts, err := t.uint(ifd, tagT4Options, 0)
		if err != nil {
			return p, false, err
		}
		if opts&3 != 0 { // bit 0: 2-D coding, bit 1: uncompressed mode
			return p, false, faultf(ErrUnsupported, "two-dimensional CCITT Group 3 TIFF")
		}
		g3Fill = opts&4 != 0
	}
	if err := checkTIFFLayout(t, ifd, comp); err != nil {
		return p, false, err
	}
	if _, _, err := t.blocks(ifd); err != nil {
		return p, false, err
	}
	// Let x/image/tiff vet the rest of the header (colour model, bits per
	// sample, tag order) on this IFD alone.
	if _, err := tiff.DecodeConfig(t.pageReader(context.Background(), ifd.off)); err != nil {
		return p, false, err
	}
	return tiffPage{ifd: ifd.off, dpi: t.dpi(ifd), w: int(w), h: int(h), g3Fill: g3Fill}, false, nil
}

// checkTIFFLayout rejects sample layouts that x/image/tiff ignores and would
// silently decode into scrambled pixels.
func checkTIFFLayout(t *tiffReader, ifd *tiffIFD, comp uint64) error {
	planar, err := t.uint(ifd, tagPlanarConfig, 1)
	if err != nil {
		return err
	}
	spp, err := t.uint(ifd, tagSamplesPerPixel, 1)
	if err != nil {
		return err
	}
	if planar == 2 && spp > 1 {
		return faultf(ErrUnsupported, "TIFF with separate colour planes")
	}
	bps, err := t.uint(ifd, tagBitsPerSample, 1)
	if err != nil {
		return err
	}
	order, err := t.uint(ifd, tagFillOrder, 1)
	if err != nil {
		return err
	}
	if order == 2 && bps == 1 && comp != 3 && comp != 4 {
		return faultf(ErrUnsupported, "TIFF with reversed bit order")
	}
	return nil
}

// checkTIFFCompression accepts the schemes golang.org/x/image/tiff decodes.
func checkTIFFCompression(c uint64) error {
	switch c {
	case 1, 3, 4, 5, 8, 32946, 32773: // none, CCITT G3, G4, LZW, Deflate, old Deflate, PackBits
		return nil
	case 2:
		return faultf(ErrUnsupported, "CCITT modified-Huffman TIFF compression")
	case 6, 7:
		return faultf(ErrUnsupported, "JPEG-compressed TIFF")
	case 34712:
		return faultf(ErrUnsupported, "JPEG 2000-compressed TIFF")
	}
	return faultf(ErrUnsupported, "TIFF compression scheme %d", c)
}

// pageReader returns a reader over the file in which the header's
// first-IFD offset is replaced by ifdOff. x/image/tiff decodes only the
// first IFD of a file and uses ReadAt when the reader has it, so this
// decodes any one page without copying the file.
func (t *tiffReader) pageReader(ctx context.Context, ifdOff int64) *ifdPatchReader {
	r := &ifdPatchReader{r: ctxReaderAt{ctx, t.r}, size: t.size, hdr: t.hdr}
	t.bo.PutUint32(r.hdr[4:8], uint32(ifdOff))
	return r
}

// ifdPatchReader is an io.Reader and io.ReaderAt over the file with the
// 8-byte header replaced.
type ifdPatchReader struct {
	r    io.ReaderAt
	size int64
	hdr  [8]byte
	pos  int64
}

func (p *ifdPatchReader) ReadAt(b []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("pagefile: negative offset")
	}
	if off >= p.size {
		return 0, io.EOF
	}
	n, err := p.r.ReadAt(b, off)
	for i := off; i < int64(len(p.hdr)) && i < off+int64(n); i++ {
		b[i-off] = p.hdr[i]
	}
	return n, err
}

func (p *ifdPatchReader) Read(b []byte) (int, error) {
	n, err := p.ReadAt(b, p.pos)
	p.pos += int64(n)
	if err == io.EOF && n > 0 {
		err = nil
	}
	return n, err
}

func (f *tiffFile) decode(ctx context.Context, i int) (Page, error) {
	p := f.pages[i]
	var img image.Image
	var err error
	if p.g3Fill {
		img, err = f.decodeG3(ctx, p)
	} else {
		img, err = tiff.Decode(f.t.pageReader(ctx, p.ifd))
	}
	if err != nil {
		return Page{}, err
	}
	if b := img.Bounds(); b.Dx() != p.w || b.Dy() != p.h {
		return Page{}, faultf(ErrCorrupt, "the image is %d×%d pixels, its header said %d×%d", b.Dx(), b.Dy(), p.w, p.h)
	}
	h := sha256.New()
	if len(f.pages) == 1 {
		// A single-page TIFF is identified like a PNG or JPEG: by the file.
		_, err = io.Copy(h, io.NewSectionReader(ctxReaderAt{ctx, f.t.r}, 0, f.t.size))
	} else {
		err = f.hashPage(ctx, h, p.ifd)
	}
	if err != nil {
		return Page{}, err
	}
	return Page{Image: img, DPI: p.dpi, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// hashPage feeds h with a page's IFD entries and its strip/tile data.
// Entries are hashed with their values resolved, except values that are
// file offsets, so the hash does not change when the same page sits at a
// different position in another file.
func (f *tiffFile) hashPage(ctx context.Context, h hash.Hash, ifdOff int64) error {
	t := f.t
	ifd, err := t.readIFD(ifdOff)
	if err != nil {
		return err
	}
	var buf [12]byte
	for _, e := range ifd.entries {
		var val []byte
		switch e.tag {
		case tagStripOffsets, tagTileOffsets, tagFreeOffsets, tagSubIFDs,
			tagJPEGIFOffset, tagExifIFD, tagGPSIFD, tagInteropIFD:
		default:
			if val, err = t.valueBytes(e); err != nil {
				return err
			}
		}
		t.bo.PutUint16(buf[0:], e.tag)
		t.bo.PutUint16(buf[2:], e.typ)
		t.bo.PutUint32(buf[4:], e.count)
		t.bo.PutUint32(buf[8:], uint32(len(val)))
		h.Write(buf[:])
		h.Write(val)
	}
	offs, counts, err := t.blocks(ifd)
	if err != nil {
		return err
	}
	src := ctxReaderAt{ctx, t.r}
	for i := range offs {
		if _, err := io.Copy(h, io.NewSectionReader(src, int64(offs[i]), int64(counts[i]))); err != nil {
			return err
		}
	}
	return nil
}

// decodeG3 decodes a CCITT Group 3 (1-D) page whose EOL codes are preceded
// by fill bits (T4Options bit 2, as libtiff and ImageMagick write fax TIFFs).
// x/image/tiff cannot: its CCITT reader wants exactly eleven zeros before the
// one that ends an EOL, and the fill bits cannot be stripped beforehand
// because the trailing zeros of a row's last code run into them. But with
// fill bits every EOL ends on a byte boundary, so the strip splits into
// byte-aligned rows, and each row is decoded on its own by x/image/ccitt.
func (f *tiffFile) decodeG3(ctx context.Context, p tiffPage) (image.Image, error) {
	t := f.t
	ifd, err := t.readIFD(p.ifd)
	if err != nil {
		return nil, err
	}
	offs, counts, err := t.blocks(ifd)
	if err != nil {
		return nil, err
	}
	rps, err := t.uint(ifd, tagRowsPerStrip, uint64(p.h))
	if err != nil {
		return nil, err
	}
	rps = min(max(rps, 1), uint64(p.h))
	fillOrder, err := t.uint(ifd, tagFillOrder, 1)
	if err != nil {
		return nil, err
	}
	img := image.NewGray(image.Rect(0, 0, p.w, p.h))
	src := ctxReaderAt{ctx, t.r}
	var row []byte
	for i, y := 0, 0; y < p.h; i++ {
		if i >= len(offs) {
			return nil, faultf(ErrCorrupt, "inconsistent TIFF strip table")
		}
		data := make([]byte, counts[i])
		if _, err := src.ReadAt(data, int64(offs[i])); err != nil {
			return nil, err
		}
		if fillOrder == 2 {
			for j, b := range data {
				data[j] = bits.Reverse8(b)
			}
		}
		end := min(y+int(rps), p.h)
		for _, seg := range g3Rows(data) {
			if y == end {
				break // return-to-control EOLs or padding after the last row
			}
			row = g3Row(row[:0], seg)
			dst := img.SubImage(image.Rect(0, y, p.w, y+1)).(*image.Gray)
			// Output: 0xFF white, 0x00 black, whatever the photometric
			// interpretation (CCITT codes name black and white runs).
			if err := ccitt.DecodeIntoGray(dst, bytes.NewReader(row), ccitt.MSB, ccitt.Group3, nil); err != nil {
				return nil, err
			}
			y++
		}
		if y < end {
			return nil, faultf(ErrCorrupt, "truncated TIFF")
		}
	}
	return img, nil
}

// g3Rows splits Group 3 data with byte-aligned EOLs into the data of each
// row (empty rows, i.e. consecutive EOLs, are dropped). An EOL is eleven
// zero bits and a one; aligned, that is a byte with its low nibble zero
// followed by the byte 0x01. Row data never holds eleven zeros in a row, so
// the pattern cannot occur inside a row.
func g3Rows(data []byte) [][]byte {
	var rows [][]byte
	add := func(r []byte) {
		for _, b := range r {
			if b != 0 { // all zeros: fill between consecutive EOLs
				rows = append(rows, r)
				return
			}
		}
	}
	start := 0 // start of the current row (the first EOL may be missing)
	for i := 1; i < len(data); i++ {
		if data[i] == 0x01 && data[i-1]&0x0F == 0 {
			add(data[start:i])
			start = i + 1
		}
	}
	add(data[min(start, len(data)):])
	return rows
}

// g3Row returns an EOL (000000000001) followed by seg's bits, which is what
// x/image/ccitt expects for a one-row Group 3 image. seg may end with some
// zero bits of the next EOL; the decoder reads them as a missing final EOL,
// which it accepts.
func g3Row(dst, seg []byte) []byte {
	dst = append(dst, 0x00, 0x10|seg[0]>>4)
	for i := 1; i < len(seg); i++ {
		dst = append(dst, seg[i-1]<<4|seg[i]>>4)
	}
	return append(dst, seg[len(seg)-1]<<4)
}
