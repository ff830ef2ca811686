package barcode

import (
	"image"
	"sync"

	bcpdf417 "github.com/boombuler/barcode/pdf417"
)

// pdf417RowHeight is the height of a PDF417 row in modules in the
// matrices Encode returns. boombuler draws rows 2 modules tall, below the
// 3 modules ISO 15438 asks for; 3 keeps rows a safe 6 pixels or more
// tall when printed with 2-pixel modules at 300 dpi.
const pdf417RowHeight = 3

// pdf417ECLevels gives, for each error correction level from 2 up, the
// most data codewords ISO 15438 recommends it for; beyond the last, level
// 5 is kept.
var pdf417ECLevels = []struct {
	level    byte
	maxWords int
}{{2, 40}, {3, 160}, {4, 320}, {5, 863}}

// encodePDF417 returns text as a PDF417 module grid: boombuler's encoder
// picks text, numeric and byte compaction (bytes are the text's UTF-8),
// the shape and the codewords; the error correction level is the one
// recommended for the amount of data, at least 2.
func encodePDF417(text string) (*Matrix, error) {
	if text == "" {
		return nil, errEncode
	}
	for _, l := range pdf417ECLevels {
		bc := safeEncodePDF417(text, l.level)
		if bc == nil {
			return nil, errEncode
		}
		w, rows := bc.Bounds().Dx(), bc.Bounds().Dy()/2
		cols := (w-1)/17 - 4
		data := cols*rows - 2<<l.level // data codewords, padding included
		if data <= l.maxWords || l.level == 5 {
			m := pdf417Matrix(bc, w, rows)
			pdfFixIndicators(m, rows, cols, int(l.level))
			return m, nil
		}
	}
	return nil, errEncode
}

// safeEncodePDF417 calls boombuler's encoder, which reports text too long
// for its 30x30 codeword limit as an error; a panic is treated the same.
func safeEncodePDF417(text string, level byte) (bc image.Image) {
	defer func() {
		if recover() != nil {
			bc = nil
		}
	}()
	b, err := bcpdf417.Encode(text, level)
	if err != nil || b == nil {
		return nil
	}
	return b
}

// pdf417Matrix samples boombuler's image (one pixel per module, rows two
// pixels tall) into a Matrix whose rows are pdf417RowHeight modules tall.
func pdf417Matrix(bc image.Image, w, rows int) *Matrix {
	m := &Matrix{Width: w, Height: rows * pdf417RowHeight, Bits: make([]bool, w*rows*pdf417RowHeight)}
	for r := 0; r < rows; r++ {
		for x := 0; x < w; x++ {
			cr, _, _, _ := bc.At(x, 2*r).RGBA()
			if cr >= 0x8000 {
				continue
			}
			for k := 0; k < pdf417RowHeight; k++ {
				m.Bits[(r*pdf417RowHeight+k)*w+x] = true
			}
		}
	}
	return m
}

// pdfFixIndicators rewrites the row indicator codewords of every row with
// the values ISO 15438 gives them. boombuler v1.1.0 writes rows/3 into the
// left indicator of rows 0, 3, 6... as (rows-3)/3 instead of (rows-1)/3,
// which makes a standard reader (zxing-cpp) get the row count wrong and
// fail whenever rows mod 3 is not 0.
func pdfFixIndicators(m *Matrix, rows, cols, ecLevel int) {
	for r := 0; r < rows; r++ {
		left, right := pdfIndicators(r, rows, cols, ecLevel)
		pdfPutCodeword(m, r, 17, r%3, left)
		pdfPutCodeword(m, r, m.Width-35, r%3, right)
	}
}

// pdfIndicators returns the left and right row indicator values of row r.
func pdfIndicators(r, rows, cols, ecLevel int) (left, right int) {
	base := 30 * (r / 3)
	upper, level, width := (rows-1)/3, ecLevel*3+(rows-1)%3, cols-1
	switch r % 3 {
	case 0:
		return base + upper, base + width
	case 1:
		return base + level, base + upper
	default:
		return base + width, base + level
	}
}

// pdfPutCodeword draws codeword value of the given cluster (0, 1, 2) at
// module column x of PDF417 row r.
func pdfPutCodeword(m *Matrix, r, x, cluster, value int) {
	p := pdfPatterns()[cluster*pdfGFSize+value]
	for k := 0; k < pdf417RowHeight; k++ {
		row := m.Bits[(r*pdf417RowHeight+k)*m.Width:]
		for b := 0; b < 17; b++ {
			row[x+b] = p>>uint(16-b)&1 == 1
		}
	}
}

var (
	pdfPatternsOnce sync.Once
	pdfPatternTable []uint32 // cluster*929 + value -> 17-bit pattern
)

// pdfPatterns inverts the symbol table, for writing codewords.
func pdfPatterns() []uint32 {
	pdfPatternsOnce.Do(func() {
		pdfPatternTable = make([]uint32, 3*pdfGFSize)
		for i, p := range pdf417Symbols {
			pdfPatternTable[int(pdf417SymbolCodewords[i])-1] = p
		}
	})
	return pdfPatternTable
}
