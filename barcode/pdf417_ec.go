package barcode

// Reed–Solomon error correction for PDF417, over GF(929) with generator
// 3: the check polynomial of a symbol with k error correction codewords
// has the roots 3^1 ... 3^k (ISO 15438 Annex A). The arithmetic follows
// ZXing's pdf417/decoder/ec (Apache License 2.0, Copyright 2012 ZXing
// authors); unlike ZXing, which treats erasures as unknown errors, this
// decoder uses their positions (Forney's errors-and-erasures algorithm),
// so a codeword that could not be read costs one check codeword instead
// of two.

const pdfGFSize = 929

// pdfGF holds the exponent and logarithm tables of GF(929).
var pdfGF = func() (t struct{ exp, log [pdfGFSize]int }) {
	x := 1
	for i := 0; i < pdfGFSize; i++ {
		t.exp[i] = x
		x = x * 3 % pdfGFSize
	}
	for i := 0; i < pdfGFSize-1; i++ {
		t.log[t.exp[i]] = i
	}
	return t
}()

func gfAdd(a, b int) int { return (a + b) % pdfGFSize }
func gfSub(a, b int) int { return (a - b + pdfGFSize) % pdfGFSize }

func gfMul(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	return pdfGF.exp[(pdfGF.log[a]+pdfGF.log[b])%(pdfGFSize-1)]
}

// gfInv is the multiplicative inverse of a non-zero a.
func gfInv(a int) int { return pdfGF.exp[(pdfGFSize-1-pdfGF.log[a])%(pdfGFSize-1)] }

// gfPow3 is 3^e.
func gfPow3(e int) int { return pdfGF.exp[e%(pdfGFSize-1)] }

// Polynomials are coefficient slices, lowest degree first, trimmed so the
// last coefficient is non-zero (the zero polynomial is empty).

func polyTrim(p []int) []int {
	for len(p) > 0 && p[len(p)-1] == 0 {
		p = p[:len(p)-1]
	}
	return p
}

func polyDeg(p []int) int { return len(p) - 1 } // -1 for zero

func polyEval(p []int, x int) int {
	v := 0
	for i := len(p) - 1; i >= 0; i-- {
		v = gfAdd(gfMul(v, x), p[i])
	}
	return v
}

func polyMul(a, b []int) []int {
	if len(a) == 0 || len(b) == 0 {
		return nil
	}
	out := make([]int, len(a)+len(b)-1)
	for i, x := range a {
		for j, y := range b {
			out[i+j] = gfAdd(out[i+j], gfMul(x, y))
		}
	}
	return polyTrim(out)
}

func polySub(a, b []int) []int {
	out := make([]int, max(len(a), len(b)))
	copy(out, a)
	for i, y := range b {
		out[i] = gfSub(out[i], y)
	}
	return polyTrim(out)
}

func polyScale(p []int, s int) []int {
	out := make([]int, len(p))
	for i, x := range p {
		out[i] = gfMul(x, s)
	}
	return polyTrim(out)
}

// polyDivMod divides a by a non-zero b.
func polyDivMod(a, b []int) (q, r []int) {
	r = append([]int(nil), a...)
	db := polyDeg(b)
	inv := gfInv(b[db])
	for polyDeg(r) >= db {
		d := polyDeg(r) - db
		s := gfMul(r[len(r)-1], inv)
		if len(q) < d+1 {
			q = append(q, make([]int, d+1-len(q))...)
		}
		q[d] = gfAdd(q[d], s)
		for i, y := range b {
			r[i+d] = gfSub(r[i+d], gfMul(y, s))
		}
		r = polyTrim(r)
	}
	return polyTrim(q), r
}

// pdfCorrect corrects the codewords of a symbol in place: cw is every
// codeword in reading order, the last k of them error correction,
// erasures the indices of codewords that could not be read (their value
// in cw is ignored). It reports false when the errors are beyond
// correction (2 x errors + erasures > k) or the result is not a
// codeword, leaving cw in an undefined state.
func pdfCorrect(cw []int, k int, erasures []int) bool {
	n := len(cw)
	if k < 2 || k >= n || len(erasures) > k {
		return false
	}
	for _, j := range erasures {
		if j < 0 || j >= n {
			return false
		}
		cw[j] = 0
	}
	// Codeword j is the coefficient of x^(n-1-j); its locator is
	// 3^(n-1-j).
	loc := func(j int) int { return gfPow3(n - 1 - j) }
	synd := pdfSyndromes(cw, k)
	if synd == nil {
		return true
	}
	// Erasure locator Γ(x) = Π (1 - X_j x), and the syndromes with the
	// erasures folded in: Ξ = S·Γ mod x^k.
	gamma := []int{1}
	for _, j := range erasures {
		gamma = polyMul(gamma, []int{1, gfSub(0, loc(j))})
	}
	xi := polyMul(synd, gamma)
	if len(xi) > k {
		xi = polyTrim(xi[:k])
	}
	sigma, omega, ok := pdfEuclid(xi, k, len(erasures))
	if !ok {
		return false
	}
	if 2*polyDeg(sigma)+len(erasures) > k {
		return false
	}
	lambda := polyMul(sigma, gamma)
	return pdfForney(cw, lambda, omega, loc) && pdfSyndromes(cw, k) == nil
}

// pdfSyndromes returns S(x) = Σ r(3^i) x^(i-1), i = 1..k, or nil when
// every syndrome is zero (cw is a codeword).
func pdfSyndromes(cw []int, k int) []int {
	s := make([]int, k)
	nonZero := false
	for i := 1; i <= k; i++ {
		x, v := gfPow3(i), 0
		for _, c := range cw {
			v = gfAdd(gfMul(v, x), c)
		}
		s[i-1] = v
		nonZero = nonZero || v != 0
	}
	if !nonZero {
		return nil
	}
	return polyTrim(s)
}

// pdfEuclid solves the key equation σ·Ξ ≡ Ω (mod x^k) by the extended
// Euclidean algorithm (Sugiyama), stopping once deg Ω < (k+e)/2 for e
// erasures. σ is normalised to σ(0) = 1.
func pdfEuclid(xi []int, k, e int) (sigma, omega []int, ok bool) {
	rPrev := make([]int, k+1)
	rPrev[k] = 1 // x^k
	r := xi
	tPrev, t := []int(nil), []int{1}
	for 2*polyDeg(r) >= k+e {
		if len(r) == 0 {
			return nil, nil, false
		}
		q, rem := polyDivMod(rPrev, r)
		rPrev, r = r, rem
		tPrev, t = t, polySub(tPrev, polyMul(q, t))
	}
	if len(t) == 0 || t[0] == 0 {
		return nil, nil, false
	}
	inv := gfInv(t[0])
	return polyScale(t, inv), polyScale(r, inv), true
}

// pdfForney finds the roots of the errata locator Λ among the codeword
// positions (Chien search) and subtracts each error's magnitude,
// e = -Ω(X⁻¹) / Λ'(X⁻¹). It fails unless Λ has exactly deg Λ roots
// there.
func pdfForney(cw []int, lambda, omega []int, loc func(int) int) bool {
	// Formal derivative of Λ.
	var deriv []int
	for i := 1; i < len(lambda); i++ {
		deriv = append(deriv, gfMul(i%pdfGFSize, lambda[i]))
	}
	deriv = polyTrim(deriv)
	found := 0
	for j := range cw {
		xInv := gfInv(loc(j))
		if polyEval(lambda, xInv) != 0 {
			continue
		}
		d := polyEval(deriv, xInv)
		if d == 0 {
			return false
		}
		mag := gfMul(gfSub(0, polyEval(omega, xInv)), gfInv(d))
		cw[j] = gfSub(cw[j], mag)
		found++
	}
	return found == polyDeg(lambda)
}
