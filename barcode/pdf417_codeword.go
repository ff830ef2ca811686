package barcode

import (
	"math"
	"sort"
	"sync"
)

// A PDF417 codeword is 17 modules: four bars and four spaces, each 1 to 6
// modules wide, bar first. Three disjoint sets of patterns ("clusters" 0,
// 3 and 6) encode the 929 codeword values; rows use them in turn, so a
// pattern's cluster says which row, modulo 3, it was read from.

// pdfCodeword is one decoded codeword pattern.
type pdfCodeword struct {
	value   int // 0..928
	cluster int // 0, 1 or 2 for clusters 0, 3 and 6
}

// pdfDecodeWidths decodes a codeword from its eight bar and space widths
// in any unit. The widths are scaled to 17 modules and rounded; if that
// is no valid pattern, the pattern whose width ratios are closest is
// taken, provided it is close (a run misjudged by a fraction of a module,
// as at 2 pixels per module, rounds the wrong way).
func pdfDecodeWidths(w *[8]float64) (pdfCodeword, bool) {
	total := 0.0
	for _, v := range w {
		if v <= 0 {
			return pdfCodeword{}, false
		}
		total += v
	}
	var m [8]float64
	for i, v := range w {
		m[i] = v * 17 / total
	}
	if mods, ok := pdfRoundModules(&m); ok {
		if cw, ok := pdfLookup(pdfPattern(&mods)); ok {
			return cw, true
		}
	}
	return pdfClosest(&m)
}

// pdfRoundModules rounds module counts that sum to 17 to whole modules
// that still sum to 17, moving the rounding where it is least wrong.
func pdfRoundModules(m *[8]float64) (r [8]int, ok bool) {
	sum := 0
	for i, v := range m {
		r[i] = max(1, int(math.Round(v)))
		sum += r[i]
	}
	for sum != 17 {
		best, bestErr := -1, math.Inf(1)
		for i, v := range m {
			var e float64 // how much worse the run gets if adjusted
			switch {
			case sum < 17 && r[i] < 6:
				e = float64(r[i]) + 1 - v
			case sum > 17 && r[i] > 1:
				e = v - (float64(r[i]) - 1)
			default:
				continue
			}
			if e < bestErr {
				best, bestErr = i, e
			}
		}
		if best < 0 {
			return r, false
		}
		if sum < 17 {
			r[best]++
			sum++
		} else {
			r[best]--
			sum--
		}
	}
	for _, v := range r {
		if v > 6 {
			return r, false
		}
	}
	return r, true
}

// pdfPattern is the 17-bit pattern of module counts, first module in bit
// 16, dark as 1.
func pdfPattern(r *[8]int) uint32 {
	var p uint32
	for i, n := range r {
		bit := uint32(1 - i%2)
		for j := 0; j < n; j++ {
			p = p<<1 | bit
		}
	}
	return p
}

// pdfLookup finds a 17-bit pattern in the symbol table.
func pdfLookup(p uint32) (pdfCodeword, bool) {
	i := sort.Search(len(pdf417Symbols), func(i int) bool { return pdf417Symbols[i] >= p })
	if i == len(pdf417Symbols) || pdf417Symbols[i] != p {
		return pdfCodeword{}, false
	}
	c := int(pdf417SymbolCodewords[i]) - 1
	return pdfCodeword{value: c % pdfGFSize, cluster: c / pdfGFSize}, true
}

// pdfMaxRatioErr bounds the summed squared difference, in modules, of a
// closest-pattern match: one run off by 0.45 module and its neighbour by
// as much the other way, or several runs off by less.
const pdfMaxRatioErr = 0.45

var (
	pdfRatiosOnce sync.Once
	pdfRatios     [][8]float32 // module counts of each symbol
)

// pdfClosest returns the codeword whose module counts are closest to m
// (which sum to 17), if it is close enough.
func pdfClosest(m *[8]float64) (pdfCodeword, bool) {
	pdfRatiosOnce.Do(pdfInitRatios)
	best, bestErr := -1, float32(pdfMaxRatioErr)
	var mf [8]float32
	for i, v := range m {
		mf[i] = float32(v)
	}
	for j := range pdfRatios {
		row := &pdfRatios[j]
		var e float32
		for k := 0; k < 8 && e < bestErr; k++ {
			d := row[k] - mf[k]
			e += d * d
		}
		if e < bestErr {
			best, bestErr = j, e
		}
	}
	if best < 0 {
		return pdfCodeword{}, false
	}
	c := int(pdf417SymbolCodewords[best]) - 1
	return pdfCodeword{value: c % pdfGFSize, cluster: c / pdfGFSize}, true
}

func pdfInitRatios() {
	pdfRatios = make([][8]float32, len(pdf417Symbols))
	for j, p := range pdf417Symbols {
		k, bit := 0, uint32(1)
		for i := 16; i >= 0; i-- {
			b := p >> uint(i) & 1
			if b != bit {
				k++
				bit = b
			}
			pdfRatios[j][k]++
		}
	}
}
