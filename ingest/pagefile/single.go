package pagefile

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"image"
	"image/jpeg"
	"image/png"
	"io"
)

// singleImage is a one-page PNG or JPEG file.
type singleImage struct {
	r         io.ReaderAt
	size      int64
	dpi       int
	w, h      int
	decodeImg func(io.Reader) (image.Image, error)
}

func (s *singleImage) pageCount() int { return 1 }

// decode streams the file once through both the decoder and SHA-256, so the
// whole-file hash costs no second read and no file-sized buffer.
func (s *singleImage) decode(ctx context.Context, _ int) (Page, error) {
	sr := io.NewSectionReader(ctxReaderAt{ctx, s.r}, 0, s.size)
	h := sha256.New()
	img, err := s.decodeImg(bufio.NewReaderSize(io.TeeReader(sr, h), 64<<10))
	if err != nil {
		return Page{}, err
	}
	// The decoder stops at IEND/EOI; hash whatever it did not read.
	if _, err := io.Copy(h, sr); err != nil {
		return Page{}, err
	}
	if b := img.Bounds(); b.Dx() != s.w || b.Dy() != s.h {
		return Page{}, faultf(ErrCorrupt, "the image is %d×%d pixels, its header said %d×%d", b.Dx(), b.Dy(), s.w, s.h)
	}
	return Page{Image: img, DPI: s.dpi, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// maxPNGChunks bounds the chunk walk: real encoders write IDAT chunks of 8 KiB
// or more, so even a 2 GiB PNG has well under a million chunks.
const maxPNGChunks = 4 << 20

// openPNG walks the chunk list without reading chunk data: it checks that
// every chunk length fits in the file and that IEND is present (so a
// truncated file is caught here, not by a half-grey decode later), reads the
// pHYs resolution and checks IHDR's dimensions against lim.
func openPNG(r io.ReaderAt, size int64, lim Limits) (*singleImage, error) {
	cfg, err := png.DecodeConfig(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, err
	}
	if err := lim.checkSize(cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	dpi := 0
	off := int64(8) // after the signature
	for n := 0; ; n++ {
		if n > maxPNGChunks {
			return nil, faultf(ErrCorrupt, "too many PNG chunks")
		}
		hdr, err := readAt(r, off, 8, "PNG")
		if err != nil {
			return nil, err
		}
		length := int64(binary.BigEndian.Uint32(hdr[:4]))
		typ := string(hdr[4:8])
		if length > 0x7fffffff {
			return nil, faultf(ErrCorrupt, "bad PNG chunk length")
		}
		end := off + 8 + length + 4 // header, data, CRC
		if end > size {
			return nil, faultf(ErrCorrupt, "truncated PNG")
		}
		switch typ {
		case "pHYs":
			if length == 9 {
				b, err := readAt(r, off+8, 9, "PNG")
				if err != nil {
					return nil, err
				}
				// Unit 1 is pixels per metre; unit 0 means aspect ratio only.
				if b[8] == 1 {
					dpi = roundDPI(float64(binary.BigEndian.Uint32(b[:4])) * 0.0254)
				}
			}
		case "IEND":
			return &singleImage{r: r, size: size, dpi: dpi, w: cfg.Width, h: cfg.Height, decodeImg: png.Decode}, nil
		}
		off = end
	}
}

// openJPEG walks the marker segments up to the first SOS to read the JFIF or
// Exif resolution, checks the SOF dimensions against lim, and checks that an
// EOI marker ends the file.
func openJPEG(r io.ReaderAt, size int64, lim Limits) (*singleImage, error) {
	cfg, err := jpeg.DecodeConfig(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, err
	}
	if err := lim.checkSize(cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	jfifDPI, exifDPI := 0, 0
	off := int64(2) // after SOI
segments:
	for {
		m, err := readAt(r, off, 2, "JPEG")
		if err != nil {
			return nil, err
		}
		if m[0] != 0xFF {
			return nil, faultf(ErrCorrupt, "bad JPEG marker")
		}
		marker := m[1]
		switch {
		case marker == 0xFF: // fill byte
			off++
			continue
		case marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7): // no length
			off += 2
			continue
		case marker == 0xD9:
			return nil, faultf(ErrCorrupt, "JPEG ends before its image data")
		}
		lb, err := readAt(r, off+2, 2, "JPEG")
		if err != nil {
			return nil, err
		}
		length := int64(binary.BigEndian.Uint16(lb))
		if length < 2 || off+2+length > size {
			return nil, faultf(ErrCorrupt, "truncated JPEG")
		}
		if marker == 0xDA { // SOS: entropy-coded data follows
			if err := checkJPEGEnd(r, off, size); err != nil {
				return nil, err
			}
			break segments
		}
		payload := int(length - 2)
		switch {
		case marker == 0xE0 && payload >= 12 && jfifDPI == 0:
			b, err := readAt(r, off+4, 12, "JPEG")
			if err != nil {
				return nil, err
			}
			if bytes.HasPrefix(b, []byte("JFIF\x00")) {
				x := float64(binary.BigEndian.Uint16(b[8:10]))
				switch b[7] { // units: 0 aspect only, 1 dots/inch, 2 dots/cm
				case 1:
					jfifDPI = roundDPI(x)
				case 2:
					jfifDPI = roundDPI(x * 2.54)
				}
			}
		case marker == 0xE1 && payload > 14 && exifDPI == 0:
			b, err := readAt(r, off+4, payload, "JPEG")
			if err != nil {
				return nil, err
			}
			if bytes.HasPrefix(b, []byte("Exif\x00\x00")) {
				exifDPI = exifResolution(b[6:])
			}
		}
		off += 2 + length
	}
	dpi := jfifDPI
	if dpi == 0 {
		dpi = exifDPI
	}
	return &singleImage{r: r, size: size, dpi: dpi, w: cfg.Width, h: cfg.Height, decodeImg: jpeg.Decode}, nil
}

// jpegTail is how far from the end an EOI marker is looked for: some
// scanners pad files after EOI.
const jpegTail = 4096

// checkJPEGEnd reports a truncated JPEG if no EOI marker (FF D9) occurs in
// the last few KiB after the first SOS at sos. Inside entropy-coded data an
// FF byte is always followed by 00 or a restart marker, so FF D9 there can
// only be EOI.
func checkJPEGEnd(r io.ReaderAt, sos, size int64) error {
	start := max(sos, size-jpegTail)
	tail, err := readAt(r, start, int(size-start), "JPEG")
	if err != nil {
		return err
	}
	if !bytes.Contains(tail, []byte{0xFF, 0xD9}) {
		return faultf(ErrCorrupt, "truncated JPEG")
	}
	return nil
}

// exifResolution reads XResolution/ResolutionUnit from IFD0 of an Exif block
// (a small TIFF structure), or returns 0.
func exifResolution(b []byte) int {
	t, err := newTIFFReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return 0
	}
	ifd, err := t.readIFD(t.first)
	if err != nil {
		return 0
	}
	return t.dpi(ifd)
}
