package barcode_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chartroom/chartroom/barcode"
)

// PDF417 test data: a cover sheet's MRN|LOINC, a separator, 60 characters
// of mixed-case text and punctuation (text compaction in all four
// sub-modes), a long digit string (numeric compaction) and text with
// characters outside ASCII (byte compaction of its UTF-8 between runs of
// text compaction).
const (
	pdfMixed   = "Jane O'Brien-Smith; DOB 1961-04-07 (ward 4B) #12 ~ok? {a,b}!"
	pdfDigits  = "0012345678901234567890123456789012345678901234567890987654321"
	pdfUnicode = "Zoë Müller – Straße 7, ½ dose, café"
	pdfBinary  = "éèêëàâîïôûùç" // 24 bytes: byte compaction in six-byte groups
	// A group separator between fields: one byte shifted into text.
	pdfShift = "MRN 00638288\x1dDOC 18842-5"
)

// pdf is a PDF417 symbol near the top left of the page, 3 pixels a
// module at 300 dpi (2 at 200 dpi).
func pdf(text string) sym {
	return sym{format: barcode.PDF417, text: text, x: 1.0, y: 0.8, module: 0.01}
}

func TestPDF417Texts(t *testing.T) {
	if len(pdfMixed) != 60 {
		t.Fatalf("pdfMixed is %d characters", len(pdfMixed))
	}
	mod := func(s sym, m float64) sym { s.module = m; return s }
	tests := []struct {
		name string
		page pageSpec
	}{
		{"cover", pageSpec{syms: []sym{pdf(cover)}, clutter: true}},
		{"separator 2px", pageSpec{syms: []sym{mod(pdf("SEPARATOR"), 2.0/300)}, clutter: true}},
		{"mixed text 4px", pageSpec{syms: []sym{mod(pdf(pdfMixed), 4.0/300)}, clutter: true}},
		{"mixed text 2px", pageSpec{syms: []sym{mod(pdf(pdfMixed), 2.0/300)}, clutter: true}},
		{"numeric", pageSpec{syms: []sym{pdf(pdfDigits)}, clutter: true}},
		{"unicode bytes", pageSpec{syms: []sym{pdf(pdfUnicode)}, clutter: true}},
		{"binary bytes", pageSpec{syms: []sym{pdf(pdfBinary)}, clutter: true}},
		{"byte shift", pageSpec{syms: []sym{pdf(pdfShift)}, clutter: true}},
		{"200dpi cover", pageSpec{dpi: 200, syms: []sym{pdf(cover)}, clutter: true}},
		{"200dpi mixed text", pageSpec{dpi: 200, syms: []sym{pdf(pdfMixed)}, clutter: true}},
		{"200dpi numeric 3px", pageSpec{dpi: 200, syms: []sym{mod(pdf(pdfDigits), 0.015)}, clutter: true}},
		{"200dpi bytes", pageSpec{dpi: 200, syms: []sym{pdf(pdfUnicode)}, clutter: true}},
		// Cover sheet size: 0.02 inch modules (6 pixels at 300 dpi).
		{"large modules", pageSpec{syms: []sym{mod(pdf(cover), 0.02)}, clutter: true}},
		{"200dpi large modules", pageSpec{dpi: 200, syms: []sym{mod(pdf(pdfMixed), 0.02)}, clutter: true}},
	}
	for _, tc := range tests {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			decodePage(t, tc.page, []want{wantOf(tc.page.syms[0])})
		})
	}
}

func TestPDF417Scans(t *testing.T) {
	inv := func(s sym) sym { s.inverted = true; return s }
	at := func(s sym, x, y float64) sym { s.x, s.y = x, y; return s }
	c := pdf(cover)
	tests := []struct {
		name string
		page pageSpec
		want []want
	}{
		{"box", pageSpec{syms: []sym{c}, clutter: true}, []want{{barcode.PDF417, cover, [2]float64{1.6, 1.0}}}},
		{"skew +3", pageSpec{syms: []sym{c}, clutter: true, skew: 3}, nil},
		{"skew -3", pageSpec{syms: []sym{c}, clutter: true, skew: -3}, nil},
		{"skew +5 mixed", pageSpec{syms: []sym{pdf(pdfMixed)}, clutter: true, skew: 5}, nil},
		{"upside down", pageSpec{syms: []sym{c}, clutter: true, upside: true}, []want{{barcode.PDF417, cover, [2]float64{8.5 - 1.6, 11 - 1.0}}}},
		{"upside down skewed numeric", pageSpec{syms: []sym{pdf(pdfDigits)}, clutter: true, upside: true, skew: -2}, nil},
		{"white on black", pageSpec{syms: []sym{inv(c)}, clutter: true}, nil},
		{"inverted page", pageSpec{syms: []sym{c}, clutter: true, invert: true}, nil},
		{"inverted page upside down", pageSpec{syms: []sym{pdf(pdfMixed)}, clutter: true, invert: true, upside: true}, nil},
		{"bitonal skewed", pageSpec{syms: []sym{c}, clutter: true, bitonal: true, skew: 1.5}, nil},
		{"bitonal 2px skewed", pageSpec{syms: []sym{{format: barcode.PDF417, text: pdfMixed, x: 1, y: 0.8, module: 2.0 / 300}}, clutter: true, bitonal: true, skew: -2}, nil},
		{"speckled", pageSpec{syms: []sym{c}, clutter: true, noise: 4000, seed: 3}, nil},
		{"speckled mixed", pageSpec{syms: []sym{pdf(pdfMixed)}, clutter: true, noise: 6000, seed: 4}, nil},
		{"blurred", pageSpec{syms: []sym{c}, clutter: true, blur: true}, nil},
		{"faded", pageSpec{syms: []sym{c}, clutter: true, faded: true}, nil},
		{"200dpi skew -3", pageSpec{dpi: 200, syms: []sym{c}, clutter: true, skew: -3}, nil},
		{"200dpi upside down", pageSpec{dpi: 200, syms: []sym{pdf(pdfUnicode)}, clutter: true, upside: true}, nil},
		{"200dpi inverted", pageSpec{dpi: 200, syms: []sym{inv(c)}, clutter: true}, nil},
		{"200dpi bitonal speckled skewed", pageSpec{dpi: 200, syms: []sym{c}, clutter: true, bitonal: true, noise: 3000, skew: 2, seed: 5}, nil},
		{"inside body text", pageSpec{syms: []sym{at(c, 3.0, 5.0)}, clutter: true, noise: 500}, []want{{barcode.PDF417, cover, [2]float64{3.6, 5.2}}}},
		{"with code128 and qr", pageSpec{syms: []sym{at(c, 1.0, 0.5), at(c128("SEPARATOR"), 1.0, 1.6), qrc("00638288")}, clutter: true},
			[]want{{barcode.PDF417, cover, [2]float64{0, 0}}, {barcode.Code128, "SEPARATOR", [2]float64{0, 0}}, {barcode.QRCode, "00638288", [2]float64{0, 0}}}},
	}
	for _, tc := range tests {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			w := tc.want
			if w == nil {
				w = []want{wantOf(tc.page.syms[0])}
			}
			decodePage(t, tc.page, w)
		})
	}
}

// Damaged symbols: whole codewords printed wrong. Copying another
// codeword of the same row gives a valid pattern of the right cluster but
// the wrong value (an error, whose place the decoder must find); a blank
// codeword reads as nothing (an erasure, whose place it knows). The cover
// symbol has 8 error correction codewords, enough for e errors and x
// erasures while 2e + x <= 8.
func TestPDF417Damaged(t *testing.T) {
	errs := func(t *testing.T, cells ...[3]int) func(m *barcode.Matrix) {
		return func(m *barcode.Matrix) {
			for _, c := range cells {
				copyCodeword(t, m, c[0], c[1], c[2])
			}
		}
	}
	blanks := func(cells ...[2]int) func(m *barcode.Matrix) {
		return func(m *barcode.Matrix) {
			for _, c := range cells {
				blankCodeword(m, c[0], c[1])
			}
		}
	}
	both := func(a, b func(*barcode.Matrix)) func(*barcode.Matrix) {
		return func(m *barcode.Matrix) { a(m); b(m) }
	}
	tests := []struct {
		name   string
		damage func(t *testing.T) func(*barcode.Matrix)
		page   pageSpec
		read   bool
	}{
		{"four errors", func(t *testing.T) func(*barcode.Matrix) {
			return errs(t, [3]int{0, 2, 0}, [3]int{1, 0, 1}, [3]int{3, 0, 2}, [3]int{5, 1, 0})
		}, pageSpec{clutter: true}, true},
		{"two errors two erasures skewed", func(t *testing.T) func(*barcode.Matrix) {
			return both(errs(t, [3]int{1, 2, 0}, [3]int{4, 0, 1}), blanks([2]int{2, 1}, [2]int{5, 2}))
		}, pageSpec{clutter: true, skew: -2}, true},
		{"eight erasures upside down", func(t *testing.T) func(*barcode.Matrix) {
			return blanks([2]int{0, 0}, [2]int{0, 2}, [2]int{1, 1}, [2]int{2, 0}, [2]int{2, 2}, [2]int{3, 1}, [2]int{4, 0}, [2]int{5, 2})
		}, pageSpec{clutter: true, upside: true}, true},
		{"200dpi three errors two erasures", func(t *testing.T) func(*barcode.Matrix) {
			return both(errs(t, [3]int{0, 1, 2}, [3]int{2, 2, 0}, [3]int{4, 1, 2}), blanks([2]int{3, 0}, [2]int{1, 1}))
		}, pageSpec{dpi: 200, clutter: true, noise: 1000}, true},
		// Beyond correction: never a wrong text, nothing at all.
		{"five errors", func(t *testing.T) func(*barcode.Matrix) {
			return errs(t, [3]int{0, 2, 0}, [3]int{1, 0, 1}, [3]int{2, 1, 2}, [3]int{3, 0, 2}, [3]int{5, 1, 0})
		}, pageSpec{clutter: true}, false},
		{"three errors three erasures", func(t *testing.T) func(*barcode.Matrix) {
			return both(errs(t, [3]int{0, 2, 0}, [3]int{2, 1, 2}, [3]int{4, 0, 1}), blanks([2]int{1, 1}, [2]int{3, 2}, [2]int{5, 0}))
		}, pageSpec{clutter: true}, false},
	}
	for _, tc := range tests {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			s := pdf(cover)
			s.damage = tc.damage(t)
			p := tc.page
			p.syms = []sym{s}
			var w []want
			if tc.read {
				w = []want{wantOf(s)}
			}
			decodePage(t, p, w)
		})
	}
}

// copyCodeword prints data codeword (row, from) over (row, to), failing
// the test if they already look the same (no error would be made).
func copyCodeword(t *testing.T, m *barcode.Matrix, row, from, to int) {
	t.Helper()
	checkPDFShape(t, m)
	same := true
	for k := 0; k < 3; k++ {
		y := 3*row + k
		for b := 0; b < 17; b++ {
			src := m.Bits[y*m.Width+17*(from+2)+b]
			dst := &m.Bits[y*m.Width+17*(to+2)+b]
			same = same && src == *dst
			*dst = src
		}
	}
	if same {
		t.Fatalf("codewords %d and %d of row %d are equal", from, to, row)
	}
}

// blankCodeword prints data codeword (row, col) as paper.
func blankCodeword(m *barcode.Matrix, row, col int) {
	for k := 0; k < 3; k++ {
		y := 3*row + k
		for b := 0; b < 17; b++ {
			m.Bits[y*m.Width+17*(col+2)+b] = false
		}
	}
}

// checkPDFShape checks the layout the damage helpers rely on: rows three
// modules tall, 17 modules a codeword, start pattern, two row indicators,
// data columns, stop pattern.
func checkPDFShape(t *testing.T, m *barcode.Matrix) {
	t.Helper()
	if m.Height%3 != 0 || (m.Width-1)%17 != 0 || m.Width < 17*5+1 {
		t.Fatalf("PDF417 matrix %dx%d", m.Width, m.Height)
	}
}

// TestPDF417Encode checks Encode's PDF417 grid: start and stop patterns
// on every row, rows three identical module rows tall, a quiet zone
// excluded (the outermost modules are bars).
func TestPDF417Encode(t *testing.T) {
	start := "11111111010101000"
	stop := "111111101000101001"
	for _, text := range []string{cover, "SEPARATOR", pdfMixed, pdfDigits, pdfUnicode, pdfBinary, "x"} {
		m, err := barcode.Encode(barcode.PDF417, text)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		checkPDFShape(t, m)
		for y := 0; y < m.Height; y++ {
			var b strings.Builder
			for x := 0; x < m.Width; x++ {
				if m.Dark(x, y) {
					b.WriteByte('1')
				} else {
					b.WriteByte('0')
				}
			}
			row := b.String()
			if !strings.HasPrefix(row, start) || !strings.HasSuffix(row, stop) {
				t.Fatalf("%q: row %d lacks start or stop pattern", text, y)
			}
			if y%3 != 0 && row != rowString(m, y-1) {
				t.Fatalf("%q: module row %d differs from the one above", text, y)
			}
		}
	}
	if _, err := barcode.Encode(barcode.PDF417, ""); err == nil {
		t.Error("empty text encoded")
	}
	// Too long for 30x30 codewords; the error must not repeat the text.
	long := strings.Repeat("MRN\x01", 500)
	if _, err := barcode.Encode(barcode.PDF417, long); err == nil || strings.Contains(err.Error(), "MRN") {
		t.Errorf("text too long for a symbol: %v", err)
	}
}

func rowString(m *barcode.Matrix, y int) string {
	var b strings.Builder
	for x := 0; x < m.Width; x++ {
		if m.Dark(x, y) {
			b.WriteByte('1')
		} else {
			b.WriteByte('0')
		}
	}
	return b.String()
}

// Pages without a PDF417 symbol must not report one: text, dense text,
// other symbols, a halftone.
func TestPDF417None(t *testing.T) {
	pages := []struct {
		name string
		page pageSpec
	}{
		{"text", pageSpec{textOnly: true, seed: 31}},
		{"noisy bitonal text 200dpi", pageSpec{dpi: 200, textOnly: true, seed: 32, noise: 4000, bitonal: true, skew: 2}},
		{"code128 and datamatrix", pageSpec{syms: []sym{c128(cover), dmx(cover)}, clutter: true}},
		{"code39 upside down", pageSpec{syms: []sym{c39(cover)}, clutter: true, upside: true}},
		{"photo", pageSpec{photo: true, seed: 33}},
	}
	for _, tc := range pages {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			dpi := tc.page.dpi
			if dpi == 0 {
				dpi = 300
			}
			got, err := barcode.Decode(context.Background(), tc.page.render(t), dpi)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range got {
				if g.Format == barcode.PDF417 {
					t.Errorf("found %s", describe(got))
				}
			}
		})
	}
}

// TestPDF417RandomPages: PDF417 symbols of random text and module size
// anywhere on the page, with the scan effects at random, as
// TestDecodeRandomPages does for the other formats. It allows one miss
// in 24 and reports misses.
func TestPDF417RandomPages(t *testing.T) {
	const pages = 24
	rng := rand.New(rand.NewPCG(17, 4))
	texts := []string{cover, "00638288", "SEPARATOR", pdfMixed, pdfDigits, pdfUnicode}
	var missed atomic.Int32
	t.Run("pages", func(t *testing.T) {
		for i := 0; i < pages; i++ {
			txt := texts[rng.IntN(len(texts))]
			dpi := []int{200, 300}[rng.IntN(2)]
			// 2 to 4 pixels a module at 300 dpi, 2 to 2.7 at 200.
			s := sym{format: barcode.PDF417, text: txt, x: 0.5 + rng.Float64()*4, y: 0.4 + rng.Float64()*8.5,
				module: 0.01 + rng.Float64()*0.0033, inverted: rng.IntN(8) == 0}
			p := pageSpec{dpi: dpi, syms: []sym{s}, clutter: true, skew: rng.Float64()*6 - 3, upside: rng.IntN(3) == 0,
				bitonal: rng.IntN(3) == 0, noise: rng.IntN(3) * 1500, seed: uint64(100 + i), blur: rng.IntN(4) == 0}
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				got, err := barcode.Decode(context.Background(), p.render(t), dpi)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) == 1 && got[0].Format == barcode.PDF417 && got[0].Text == txt {
					return
				}
				missed.Add(1)
				if len(got) > 0 {
					t.Errorf("wrong result %s for %q", describe(got), txt)
				}
				t.Logf("missed %q at %d dpi: module %.4f in, inverted %v, skew %.2f, upside down %v, bitonal %v, noise %d, blur %v",
					txt, dpi, s.module, s.inverted, p.skew, p.upside, p.bitonal, p.noise, p.blur)
			})
		}
	})
	if n := missed.Load(); n > 1 {
		t.Errorf("missed %d of %d pages", n, pages)
	} else {
		t.Logf("missed %d of %d pages", n, pages)
	}
}

// TestPDF417Correct runs the Reed–Solomon decoder on random codewords
// with random errors and erasures: within 2 x errors + erasures <= k it
// must restore the codewords exactly; beyond, with k >= 16, it must
// refuse. The check codewords are made here from the definition (the
// codeword polynomial has the roots 3^1 ... 3^k), independently of the
// decoder.
func TestPDF417Correct(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 929))
	for trial := 0; trial < 400; trial++ {
		k := 2 << rng.IntN(6) // levels 0-5: 2..64 check codewords
		n := k + 1 + rng.IntN(120)
		cw := rsEncode(rng, n, k)
		got := append([]int(nil), cw...)
		errs, eras := rng.IntN(k/2+1), 0
		if room := k - 2*errs; room > 0 {
			eras = rng.IntN(room + 1)
		}
		over := trial%4 == 3 && k >= 16
		if over {
			errs, eras = k/2+1, 0
		}
		pos := rng.Perm(n)[:errs+eras]
		for _, j := range pos[:errs] {
			got[j] = (got[j] + 1 + rng.IntN(928)) % 929
		}
		for _, j := range pos[errs:] {
			got[j] = rng.IntN(929)
		}
		ok := barcode.PDFCorrect(got, k, pos[errs:])
		switch {
		case over && ok:
			t.Fatalf("trial %d: %d errors with k=%d corrected", trial, errs, k)
		case !over && !ok:
			t.Fatalf("trial %d: %d errors, %d erasures with k=%d not corrected", trial, errs, eras, k)
		case !over && fmt.Sprint(got) != fmt.Sprint(cw):
			t.Fatalf("trial %d: corrected wrongly", trial)
		}
	}
}

// rsEncode returns n random codewords whose last k are PDF417 check
// codewords: c(x) = d(x)·x^k - (d(x)·x^k mod g(x)), g(x) = Π (x - 3^i).
func rsEncode(rng *rand.Rand, n, k int) []int {
	const p = 929
	mod := func(a int) int { return ((a % p) + p) % p }
	g := []int{1} // highest degree first
	root := 1
	for i := 1; i <= k; i++ {
		root = root * 3 % p
		next := make([]int, len(g)+1)
		for j, c := range g {
			next[j] = mod(next[j] + c)
			next[j+1] = mod(next[j+1] - c*root)
		}
		g = next
	}
	cw := make([]int, n)
	for i := 0; i < n-k; i++ {
		cw[i] = rng.IntN(p)
	}
	// Long division of d(x)·x^k by the monic g(x).
	rem := append([]int(nil), cw...)
	for i := 0; i < n-k; i++ {
		f := rem[i]
		for j := range g {
			rem[i+j] = mod(rem[i+j] - f*g[j])
		}
	}
	for i := n - k; i < n; i++ {
		cw[i] = mod(-rem[i])
	}
	return cw
}

// TestPDF417Parse decodes hand-made codeword streams (the first codeword
// is the length descriptor).
func TestPDF417Parse(t *testing.T) {
	tests := []struct {
		name string
		cws  []int
		want string // "" for an error
	}{
		// ISO 15438's numeric example: 000213298174000.
		{"numeric", []int{0, 902, 1, 624, 434, 632, 282, 200}, "000213298174000"},
		// "AB" then a punctuation shift to ';', padding (29 = PS).
		{"text shifts", []int{0, 1, 29*30 + 0, 900}, "AB;"},
		{"lower and mixed", []int{0, 27*30 + 0, 1*30 + 2, 28*30 + 1, 2*30 + 29}, "abc12"},
		{"byte shift in text", []int{0, 1, 913, 0x1d, 2*30 + 3}, "AB\x1dCD"},
		{"bytes 901, five left", []int{0, 901, 'a', 'b', 'c', 'd', 'e'}, "abcde"},
		{"utf-8 bytes", []int{0, 901, 0xc3, 0xa9}, "é"},
		{"latin-1 bytes", []int{0, 901, 0xe9}, "é"},
		{"eci then bytes", []int{0, 927, 26, 901, 0xc3, 0xa9}, "é"},
		{"macro block ends data", []int{0, 1, 928, 111, 100, 1}, "AB"},
		{"reserved codeword", []int{0, 1, 905}, ""},
		{"macro terminator alone", []int{0, 1, 922}, ""},
		{"empty", []int{0, 900}, ""},
		{"bad numeric group", []int{0, 902, 0, 5}, ""},
	}
	for _, tc := range tests {
		cws := append([]int(nil), tc.cws...)
		cws[0] = len(cws)
		got, err := barcode.PDFParse(cws)
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("%s: parsed as %q", tc.name, got)
		case tc.want != "" && (err != nil || got != tc.want):
			t.Errorf("%s: got %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

// decodePage renders a page, decodes it and checks the result.
func decodePage(t *testing.T, p pageSpec, w []want) {
	t.Helper()
	dpi := p.dpi
	if dpi == 0 {
		dpi = 300
	}
	got, err := barcode.Decode(context.Background(), p.render(t), dpi)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	check(t, got, w, dpi)
}
