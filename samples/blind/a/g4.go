package main

import "image"

// CCITT Group 4 (T.6) encoder for bitonal pages. Pixels < 128 are black.

type g4bits struct {
	buf   []byte
	acc   uint64
	nbits uint
}

func (w *g4bits) put(b bitString) {
	w.acc = w.acc<<b.nBits | uint64(b.bits)
	w.nbits += uint(b.nBits)
	for w.nbits >= 8 {
		w.buf = append(w.buf, byte(w.acc>>(w.nbits-8)))
		w.nbits -= 8
	}
}
func (w *g4bits) flush() {
	if w.nbits > 0 {
		w.buf = append(w.buf, byte(w.acc<<(8-w.nbits)))
		w.nbits = 0
	}
}

func (w *g4bits) run(n int, black bool) {
	t2, t3 := whiteEncodeTable2[:], whiteEncodeTable3[:]
	if black {
		t2, t3 = blackEncodeTable2[:], blackEncodeTable3[:]
	}
	for n >= 2560 {
		w.put(t3[39])
		n -= 2560
	}
	if n >= 64 {
		w.put(t3[n/64-1])
		n %= 64
	}
	w.put(t2[n])
}

// nextChange: first pos >= from where line[pos]==c and the previous pixel (white before 0) differs.
func nextChange(line []bool, from int, c bool) int {
	if from < 0 {
		from = 0
	}
	for p := from; p < len(line); p++ {
		prev := false
		if p > 0 {
			prev = line[p-1]
		}
		if line[p] == c && prev != c {
			return p
		}
	}
	return len(line)
}

func encodeG4(img *image.Gray) []byte {
	W, H := img.Rect.Dx(), img.Rect.Dy()
	ref := make([]bool, W)
	cur := make([]bool, W)
	w := &g4bits{}
	for y := 0; y < H; y++ {
		row := img.Pix[y*img.Stride:]
		for x := 0; x < W; x++ {
			cur[x] = row[x] < 128
		}
		a0 := -1
		color := false
		for a0 < W {
			start := a0 + 1
			if a0 < 0 {
				start = 0
			}
			a1 := nextChange(cur, start, !color)
			b1 := nextChange(ref, start, !color)
			b2 := W
			if b1 < W {
				b2 = nextChange(ref, b1+1, color)
			}
			if b2 < a1 {
				w.put(modeEncodeTable[0])
				a0 = b2
				continue
			}
			d := a1 - b1
			if d >= -3 && d <= 3 {
				switch d {
				case 0:
					w.put(modeEncodeTable[2])
				case 1:
					w.put(modeEncodeTable[3])
				case 2:
					w.put(modeEncodeTable[4])
				case 3:
					w.put(modeEncodeTable[5])
				case -1:
					w.put(modeEncodeTable[6])
				case -2:
					w.put(modeEncodeTable[7])
				case -3:
					w.put(modeEncodeTable[8])
				}
				a0 = a1
				color = !color
				continue
			}
			a2 := W
			if a1 < W {
				a2 = nextChange(cur, a1+1, color)
			}
			s := a0
			if s < 0 {
				s = 0
			}
			w.put(modeEncodeTable[1])
			w.run(a1-s, color)
			w.run(a2-a1, !color)
			a0 = a2
		}
		ref, cur = cur, ref
	}
	eol := bitString{1, 12}
	w.put(eol)
	w.put(eol)
	w.flush()
	return w.buf
}
