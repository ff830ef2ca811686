package barcode

import (
	"errors"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/datamatrix"
	dmencoder "github.com/makiuchi-d/gozxing/datamatrix/encoder"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Format names, as used in chart.Barcode.Format.
const (
	Code128    = "CODE_128"
	Code39     = "CODE_39"
	QRCode     = "QR_CODE"
	DataMatrix = "DATA_MATRIX"
	PDF417     = "PDF_417"
	// PatchCode is a Kodak patch code; Decode reads patches 1, 2, 3, 4, 6
	// and T (Text "1" … "T"). Encode does not write patch codes.
	PatchCode = "PATCH_CODE"
)

// Matrix is the module grid of a symbol, without its quiet zone: Width by
// Height modules, row-major, true where the module is dark. A 1-D symbol
// has Height 1 (each module is one bar-or-space column).
type Matrix struct {
	Width, Height int
	Bits          []bool
}

// Dark reports whether module (x, y) is dark.
func (m *Matrix) Dark(x, y int) bool { return m.Bits[y*m.Width+x] }

// ErrUnsupported is returned by Encode for formats it cannot write.
var ErrUnsupported = errors.New("barcode: unsupported format")

// errEncode is returned when the text cannot be put in the format; it
// deliberately does not repeat the text.
var errEncode = errors.New("barcode: text cannot be encoded in this format")

// Encode returns the module grid of text in the given format ("CODE_128",
// "CODE_39", "QR_CODE", "DATA_MATRIX", "PDF_417"). Code 39 text outside
// the basic Code 39 character set is written in Full ASCII. A PDF417
// grid has square modules and rows 3 modules tall, so it prints like a
// 2-D symbol: one grid module per printed module. It is what synthetic
// cover sheets and the tests draw their symbols from.
func Encode(format, text string) (*Matrix, error) {
	var (
		w   gozxing.Writer
		bf  gozxing.BarcodeFormat
		one bool
	)
	hints := map[gozxing.EncodeHintType]interface{}{gozxing.EncodeHintType_MARGIN: 0}
	switch format {
	case PDF417:
		return encodePDF417(text)
	case Code128:
		w, bf, one = oned.NewCode128Writer(), gozxing.BarcodeFormat_CODE_128, true
	case Code39:
		w, bf, one = oned.NewCode39Writer(), gozxing.BarcodeFormat_CODE_39, true
	case QRCode:
		w, bf = qrcode.NewQRCodeWriter(), gozxing.BarcodeFormat_QR_CODE
		hints[gozxing.EncodeHintType_ERROR_CORRECTION] = "M"
	case DataMatrix:
		w, bf = datamatrix.NewDataMatrixWriter(), gozxing.BarcodeFormat_DATA_MATRIX
		delete(hints, gozxing.EncodeHintType_MARGIN)
		hints[gozxing.EncodeHintType_DATA_MATRIX_SHAPE] = dmencoder.SymbolShapeHint_FORCE_SQUARE
	default:
		return nil, ErrUnsupported
	}
	if text == "" {
		return nil, errEncode
	}
	bm, err := w.Encode(text, bf, 0, 0, hints)
	if err != nil || bm == nil {
		return nil, errEncode
	}
	h := bm.GetHeight()
	if one {
		h = 1
	}
	m := &Matrix{Width: bm.GetWidth(), Height: h, Bits: make([]bool, bm.GetWidth()*h)}
	for y := 0; y < h; y++ {
		for x := 0; x < m.Width; x++ {
			m.Bits[y*m.Width+x] = bm.Get(x, y)
		}
	}
	return m, nil
}
