package synth

import (
	"image"
)

// BitonalThreshold is the gray level below which a pixel counts as black
// when a page is reduced to one bit per pixel.
const BitonalThreshold = 150

// Bitonal returns img reduced to pure black (0) and white (255): pixels
// darker than threshold become black.
func Bitonal(img *image.Gray, threshold uint8) *image.Gray {
	out := image.NewGray(img.Rect)
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for y := 0; y < h; y++ {
		src := img.Pix[y*img.Stride : y*img.Stride+w]
		dst := out.Pix[y*out.Stride : y*out.Stride+w]
		for x, v := range src {
			if v < threshold {
				dst[x] = 0
			} else {
				dst[x] = 255
			}
		}
	}
	return out
}

// code is a variable-length code: the low n bits of bits, MSB first.
type code struct {
	bits uint32
	n    uint8
}

func parseCode(s string) code {
	var c code
	for _, r := range s {
		c.bits = c.bits<<1 | uint32(r-'0')
		c.n++
	}
	return c
}

// Mode codes (T.6 Table 1).
var (
	codePass  = parseCode("0001")
	codeHoriz = parseCode("001")
	// codeVert is indexed by a1-b1+3.
	codeVert = [7]code{
		parseCode("0000010"), // VL3
		parseCode("000010"),  // VL2
		parseCode("010"),     // VL1
		parseCode("1"),       // V0
		parseCode("011"),     // VR1
		parseCode("000011"),  // VR2
		parseCode("0000011"), // VR3
	}
	codeEOL = parseCode("000000000001")
)

// runCodes[color] holds the terminating and make-up codes; color 0 is
// white, 1 black.
var runTerm, runMakeup = func() ([2][64]code, [2][40]code) {
	var t [2][64]code
	var m [2][40]code
	for i := range 64 {
		t[0][i] = parseCode(whiteTerm[i])
		t[1][i] = parseCode(blackTerm[i])
	}
	for i := range 40 {
		m[0][i] = parseCode(whiteMakeup[i])
		m[1][i] = parseCode(blackMakeup[i])
	}
	return t, m
}()

// bitWriter packs codes MSB first (TIFF FillOrder 1).
type bitWriter struct {
	buf  []byte
	acc  uint64
	nacc uint
}

func (b *bitWriter) put(c code) {
	b.acc = b.acc<<c.n | uint64(c.bits)
	b.nacc += uint(c.n)
	for b.nacc >= 8 {
		b.nacc -= 8
		b.buf = append(b.buf, byte(b.acc>>b.nacc))
	}
}

// flush pads the last byte with zero bits.
func (b *bitWriter) flush() {
	if b.nacc > 0 {
		b.buf = append(b.buf, byte(b.acc<<(8-b.nacc)))
		b.acc, b.nacc = 0, 0
	}
}

func (b *bitWriter) run(color, n int) {
	for n >= 2560 {
		b.put(runMakeup[color][39])
		n -= 2560
	}
	if n >= 64 {
		b.put(runMakeup[color][n/64-1])
		n %= 64
	}
	b.put(runTerm[color][n])
}

// changes returns the changing elements of a row (positions whose colour
// differs from the pixel to their left; the pixel left of the row is white),
// followed by two sentinels at the row width. Even entries turn black, odd
// entries turn white.
func changes(row []byte, threshold uint8, dst []int) []int {
	dst = dst[:0]
	black := false
	for x, v := range row {
		if (v < threshold) != black {
			black = !black
			dst = append(dst, x)
		}
	}
	return append(dst, len(row), len(row))
}

// EncodeG4 compresses img as CCITT Group 4 (ITU-T T.6) data: pixels darker
// than threshold are black; bits are MSB first and the data ends with EOFB,
// padded to a byte. This is the strip data of a TIFF with Compression 4 and
// PhotometricInterpretation 0 (WhiteIsZero: a 1 bit is black).
func EncodeG4(img *image.Gray, threshold uint8) []byte {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	bw := &bitWriter{buf: make([]byte, 0, w*h/80)}
	// The line above the first is imaginary and white.
	ref := []int{w, w}
	var cur []int
	for y := 0; y < h; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+w]
		cur = changes(row, threshold, cur)
		encodeRow(bw, cur, ref, w)
		ref, cur = cur, ref
	}
	bw.put(codeEOL) // EOFB is two EOLs
	bw.put(codeEOL)
	bw.flush()
	return bw.buf
}

// encodeRow codes one line given its changing elements and those of the
// reference line (both ending in two sentinels at w).
func encodeRow(bw *bitWriter, cur, ref []int, w int) {
	a0, color := -1, 0 // colour of the run being coded: 0 white, 1 black
	ci, ri := 0, 0
	for a0 < w {
		// a1: next changing element on the coding line right of a0.
		for cur[ci] <= a0 {
			ci++
		}
		a1 := cur[ci]
		// b1: first changing element on the reference line right of a0
		// whose colour is opposite to a0's colour, i.e. one that turns to
		// the other colour: an even entry when coding white.
		for ri < len(ref) && ref[ri] <= a0 {
			ri++
		}
		bi := ri
		if bi < len(ref) && bi%2 != color {
			bi++
		}
		b1, b2 := w, w
		if bi < len(ref) {
			b1 = ref[bi]
		}
		if bi+1 < len(ref) {
			b2 = ref[bi+1]
		}
		switch {
		case b2 < a1:
			bw.put(codePass)
			a0 = b2
		case a1-b1 >= -3 && a1-b1 <= 3:
			bw.put(codeVert[a1-b1+3])
			a0 = a1
			color ^= 1
		default:
			a2 := cur[ci+1]
			bw.put(codeHoriz)
			bw.run(color, a1-max(a0, 0))
			bw.run(color^1, a2-a1)
			a0 = a2
		}
	}
}
