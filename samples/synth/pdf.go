package synth

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/jpeg"
	"io"
	"regexp"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// PDFQuality is the JPEG quality WritePDF uses for page images.
const PDFQuality = 75

// WritePDF writes an image-only PDF: each page is exactly one grayscale JPEG
// (DCTDecode, DeviceGray) filling a page of the image's size at dpi (a
// 2550x3300 image at 300 dpi gives 612x792 pt, US letter). It is built with
// pdfcpu's image import. All pages must have the same size.
//
// pdfcpu stamps the creation time and a time-based file ID; WritePDF
// replaces both with fixed values of the same length, so the same pages
// always give the same bytes.
func WritePDF(w io.Writer, pages []*image.Gray, dpi, quality int) error {
	if len(pages) == 0 {
		return errors.New("synth: no pages")
	}
	size := pages[0].Rect.Size()
	var readers []io.Reader
	idHash := sha256.New()
	for _, img := range pages {
		if img.Rect.Size() != size {
			return errors.New("synth: WritePDF needs pages of one size")
		}
		var b bytes.Buffer
		if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: quality}); err != nil {
			return err
		}
		idHash.Write(b.Bytes())
		readers = append(readers, bytes.NewReader(b.Bytes()))
	}

	// Use built-in defaults rather than a config.yml in the user's config
	// directory (which pdfcpu would otherwise create).
	api.DisableConfigDir()
	conf := model.NewDefaultConfiguration()
	// Plain objects and a classic xref table, so the info dictionary and
	// trailer can be made deterministic below.
	conf.WriteObjectStream = false
	conf.WriteXRefStream = false

	imp := pdfcpu.DefaultImportConfig()
	dim := &types.Dim{Width: float64(size.X) * 72 / float64(dpi), Height: float64(size.Y) * 72 / float64(dpi)}
	imp.PageDim = dim
	imp.PageSize = ""
	imp.UserDim = true
	imp.Pos = types.Center // not Full: Full makes the page as many points as the image has pixels
	imp.Scale = 1
	imp.ScaleAbs = true
	imp.DPI = dpi
	imp.InpUnit = types.POINTS

	var out bytes.Buffer
	if err := api.ImportImages(nil, &out, readers, imp, conf); err != nil {
		return err
	}
	data := fixPDFDates(out.Bytes())
	data = fixPDFID(data, hex.EncodeToString(idHash.Sum(nil))[:32])
	_, err := w.Write(data)
	return err
}

// pdfDate matches the dates pdfcpu writes: D:YYYYMMDDHHmmSS+HH'mm'.
var pdfDate = regexp.MustCompile(`D:\d{14}[+-]\d{2}'\d{2}'`)

// fixedPDFDate is the same length as every pdfDate match.
const fixedPDFDate = "D:20240101000000+00'00'"

func fixPDFDates(b []byte) []byte {
	return pdfDate.ReplaceAll(b, []byte(fixedPDFDate))
}

// pdfID matches the trailer's /ID array of two 16-byte hex strings.
var pdfID = regexp.MustCompile(`/ID\s*\[\s*<([0-9a-fA-F]{32})>\s*<([0-9a-fA-F]{32})>\s*\]`)

func fixPDFID(b []byte, id string) []byte {
	return pdfID.ReplaceAllFunc(b, func(m []byte) []byte {
		s := pdfID.FindSubmatchIndex(m)
		out := append([]byte(nil), m...)
		copy(out[s[2]:s[3]], id)
		copy(out[s[4]:s[5]], id)
		return out
	})
}
