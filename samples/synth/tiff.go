package synth

import (
	"encoding/binary"
	"errors"
	"image"
	"io"
	"sort"
)

// TIFF tags and field types used by WriteTIFFG4.
const (
	tagNewSubfileType  = 254
	tagImageWidth      = 256
	tagImageLength     = 257
	tagBitsPerSample   = 258
	tagCompression     = 259
	tagPhotometric     = 262
	tagFillOrder       = 266
	tagStripOffsets    = 273
	tagSamplesPerPixel = 277
	tagRowsPerStrip    = 278
	tagStripByteCounts = 279
	tagXResolution     = 282
	tagYResolution     = 283
	tagT6Options       = 293
	tagResolutionUnit  = 296
	tagPageNumber      = 297
	tagSoftware        = 305

	typeASCII    = 2
	typeShort    = 3
	typeLong     = 4
	typeRational = 5
)

// tiffSoftware is written in each page's Software tag.
const tiffSoftware = "Chartroom synth"

type ifdEntry struct {
	tag, typ uint16
	count    uint32
	value    uint32 // inline value, or set to the offset of extra
	extra    []byte // value bytes that do not fit in 4
}

// WriteTIFFG4 writes pages as one multi-page bitonal TIFF (little-endian):
// one IFD per page, chained in order, each page a single CCITT Group 4
// strip (Compression 4, PhotometricInterpretation 0 = WhiteIsZero,
// FillOrder 1) at dpi dots per inch. Gray pages are thresholded at
// BitonalThreshold.
func WriteTIFFG4(w io.Writer, pages []*image.Gray, dpi int) error {
	if len(pages) == 0 {
		return errors.New("synth: no pages")
	}
	le := binary.LittleEndian
	out := []byte{'I', 'I', 42, 0, 0, 0, 0, 0}
	nextPtr := 4 // where the offset of the next IFD goes
	for i, img := range pages {
		data := EncodeG4(img, BitonalThreshold)
		stripOff := len(out)
		out = append(out, data...)
		if len(out)%2 == 1 {
			out = append(out, 0) // IFDs start on a word boundary
		}
		rational := func(n uint32) []byte {
			b := le.AppendUint32(nil, n)
			return le.AppendUint32(b, 1)
		}
		entries := []ifdEntry{
			{tag: tagNewSubfileType, typ: typeLong, count: 1, value: 2}, // page of a multi-page image
			{tag: tagImageWidth, typ: typeLong, count: 1, value: uint32(img.Rect.Dx())},
			{tag: tagImageLength, typ: typeLong, count: 1, value: uint32(img.Rect.Dy())},
			{tag: tagBitsPerSample, typ: typeShort, count: 1, value: 1},
			{tag: tagCompression, typ: typeShort, count: 1, value: 4},
			{tag: tagPhotometric, typ: typeShort, count: 1, value: 0},
			{tag: tagFillOrder, typ: typeShort, count: 1, value: 1},
			{tag: tagStripOffsets, typ: typeLong, count: 1, value: uint32(stripOff)},
			{tag: tagSamplesPerPixel, typ: typeShort, count: 1, value: 1},
			{tag: tagRowsPerStrip, typ: typeLong, count: 1, value: uint32(img.Rect.Dy())},
			{tag: tagStripByteCounts, typ: typeLong, count: 1, value: uint32(len(data))},
			{tag: tagXResolution, typ: typeRational, count: 1, extra: rational(uint32(dpi))},
			{tag: tagYResolution, typ: typeRational, count: 1, extra: rational(uint32(dpi))},
			{tag: tagT6Options, typ: typeLong, count: 1, value: 0},
			{tag: tagResolutionUnit, typ: typeShort, count: 1, value: 2}, // inch
			{tag: tagPageNumber, typ: typeShort, count: 2, value: uint32(i) | uint32(len(pages))<<16},
			{tag: tagSoftware, typ: typeASCII, count: uint32(len(tiffSoftware) + 1), extra: append([]byte(tiffSoftware), 0)},
		}
		sort.Slice(entries, func(a, b int) bool { return entries[a].tag < entries[b].tag })

		ifdOff := len(out)
		le.PutUint32(out[nextPtr:], uint32(ifdOff))
		extraOff := ifdOff + 2 + 12*len(entries) + 4
		var extras []byte
		out = le.AppendUint16(out, uint16(len(entries)))
		for _, e := range entries {
			v := e.value
			if e.extra != nil {
				v = uint32(extraOff + len(extras))
				extras = append(extras, e.extra...)
				if len(extras)%2 == 1 {
					extras = append(extras, 0)
				}
			}
			out = le.AppendUint16(out, e.tag)
			out = le.AppendUint16(out, e.typ)
			out = le.AppendUint32(out, e.count)
			out = le.AppendUint32(out, v)
		}
		nextPtr = len(out)
		out = le.AppendUint32(out, 0) // last IFD until another follows
		out = append(out, extras...)
	}
	_, err := w.Write(out)
	return err
}

// TIFFPage is one page found by ReadTIFFPages.
type TIFFPage struct {
	Width, Height int
	Compression   int
	Photometric   int
	XRes, YRes    float64
	ResUnit       int
	Strips        [][]byte // strip data, in order
	RowsPerStrip  int
}

// ReadTIFFPages walks the IFD chain of a little- or big-endian TIFF and
// returns each page's basic fields and strip data. It is meant for checking
// files written by WriteTIFFG4, not as a general TIFF reader.
func ReadTIFFPages(data []byte) ([]TIFFPage, error) {
	if len(data) < 8 {
		return nil, errors.New("synth: short TIFF")
	}
	var bo binary.ByteOrder
	switch string(data[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return nil, errors.New("synth: not a TIFF")
	}
	if bo.Uint16(data[2:]) != 42 {
		return nil, errors.New("synth: not a classic TIFF")
	}
	var pages []TIFFPage
	off := int(bo.Uint32(data[4:]))
	seen := map[int]bool{}
	for off != 0 {
		if seen[off] || off+2 > len(data) {
			return nil, errors.New("synth: bad IFD offset")
		}
		seen[off] = true
		n := int(bo.Uint16(data[off:]))
		if off+2+12*n+4 > len(data) {
			return nil, errors.New("synth: truncated IFD")
		}
		p := TIFFPage{ResUnit: 2}
		var offsets, counts []int
		for i := 0; i < n; i++ {
			e := data[off+2+12*i:]
			tag, typ, count := bo.Uint16(e), bo.Uint16(e[2:]), int(bo.Uint32(e[4:]))
			vals := func() []int {
				size := map[uint16]int{typeShort: 2, typeLong: 4}[typ]
				if size == 0 {
					return nil
				}
				src := e[8:12]
				if size*count > 4 {
					o := int(bo.Uint32(e[8:]))
					if o+size*count > len(data) {
						return nil
					}
					src = data[o : o+size*count]
				}
				out := make([]int, count)
				for k := range out {
					if size == 2 {
						out[k] = int(bo.Uint16(src[2*k:]))
					} else {
						out[k] = int(bo.Uint32(src[4*k:]))
					}
				}
				return out
			}
			first := func() int {
				if v := vals(); len(v) > 0 {
					return v[0]
				}
				return 0
			}
			rat := func() float64 {
				o := int(bo.Uint32(e[8:]))
				if typ != typeRational || o+8 > len(data) {
					return 0
				}
				num, den := bo.Uint32(data[o:]), bo.Uint32(data[o+4:])
				if den == 0 {
					return 0
				}
				return float64(num) / float64(den)
			}
			switch tag {
			case tagImageWidth:
				p.Width = first()
			case tagImageLength:
				p.Height = first()
			case tagCompression:
				p.Compression = first()
			case tagPhotometric:
				p.Photometric = first()
			case tagStripOffsets:
				offsets = vals()
			case tagStripByteCounts:
				counts = vals()
			case tagRowsPerStrip:
				p.RowsPerStrip = first()
			case tagXResolution:
				p.XRes = rat()
			case tagYResolution:
				p.YRes = rat()
			case tagResolutionUnit:
				p.ResUnit = first()
			}
		}
		if len(offsets) != len(counts) {
			return nil, errors.New("synth: strip offsets and counts differ")
		}
		for k := range offsets {
			if offsets[k]+counts[k] > len(data) {
				return nil, errors.New("synth: strip out of range")
			}
			p.Strips = append(p.Strips, data[offsets[k]:offsets[k]+counts[k]])
		}
		pages = append(pages, p)
		off = int(bo.Uint32(data[off+2+12*n:]))
	}
	return pages, nil
}
