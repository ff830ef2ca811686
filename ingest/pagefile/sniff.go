package pagefile

import (
	"bytes"
	"errors"
	"image/jpeg"
	"image/png"
	"unicode/utf8"

	"golang.org/x/image/tiff"
)

// sniffLen is how much of the start of a file sniff looks at. PDF allows
// junk before "%PDF-" within the first 1024 bytes.
const sniffLen = 1024

// sniff identifies the format from the first bytes of a file. It returns a
// fault with ErrUnsupported naming the actual type where it can, so the
// clerk learns "this is a Word document" rather than just "unsupported".
func sniff(head []byte) (string, error) {
	switch {
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return FormatPNG, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return FormatJPEG, nil
	case bytes.HasPrefix(head, []byte("II*\x00")), bytes.HasPrefix(head, []byte("MM\x00*")):
		return FormatTIFF, nil
	case bytes.HasPrefix(head, []byte("II+\x00")), bytes.HasPrefix(head, []byte("MM\x00+")):
		return "", faultf(ErrUnsupported, "BigTIFF files are not supported")
	case bytes.Contains(head, []byte("%PDF-")):
		return FormatPDF, nil
	}
	what := "not an image or PDF"
	switch {
	case bytes.HasPrefix(head, []byte("GIF8")):
		what = "a GIF image"
	case bytes.HasPrefix(head, []byte("BM")) && len(head) >= 14 && bytes.Equal(head[6:10], []byte{0, 0, 0, 0}):
		what = "a BMP image"
	case len(head) >= 12 && bytes.Equal(head[:4], []byte("RIFF")) && bytes.Equal(head[8:12], []byte("WEBP")):
		what = "a WebP image"
	case bytes.HasPrefix(head, []byte("\x00\x00\x00\x0cjP  ")), bytes.HasPrefix(head, []byte{0xFF, 0x4F, 0xFF, 0x51}):
		what = "a JPEG 2000 image"
	case len(head) >= 12 && bytes.Equal(head[4:8], []byte("ftyp")):
		what = "a HEIC photo or video"
	case bytes.HasPrefix(head, []byte("\x97JB2\r\n\x1a\n")):
		what = "a JBIG2 image"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		what = "a ZIP archive or Office document"
	case bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0")):
		what = "an old-style Office document"
	case utf8.Valid(head) || bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		what = "a text file"
	}
	return "", faultf(ErrUnsupported, "%s", what)
}

// classifyDecodeError maps an error from an image decoder to a sentinel and
// a detail. Decoder error texts are fixed strings (no pixel data), so they
// are kept as the detail to help whoever looks into the file.
func classifyDecodeError(err error) (kind error, detail string) {
	var (
		pngU  png.UnsupportedError
		jpegU jpeg.UnsupportedError
		tiffU tiff.UnsupportedError
	)
	if errors.As(err, &pngU) || errors.As(err, &jpegU) || errors.As(err, &tiffU) {
		return ErrUnsupported, "an unsupported variant: " + err.Error()
	}
	var (
		pngF  png.FormatError
		jpegF jpeg.FormatError
		tiffF tiff.FormatError
	)
	if errors.As(err, &pngF) || errors.As(err, &jpegF) || errors.As(err, &tiffF) {
		return ErrCorrupt, err.Error()
	}
	// Anything else (e.g. a zlib checksum error inside a TIFF strip) is
	// treated as damage. The text still comes from a decoding library, not
	// from the page.
	return ErrCorrupt, err.Error()
}
