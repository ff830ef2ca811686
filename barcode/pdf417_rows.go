package barcode

import (
	"math"
	"sort"
)

// From codewords read along lines to the symbol's codeword sequence: the
// row indicators give each line's row and the symbol's shape, the data
// codewords are voted into their cells, and the cells are put in order
// and corrected.

// pdfRead is what the lines yield: codeword votes and what the row
// indicators say.
type pdfRead struct {
	cols, ecLevel int
	rowsCands     []int
	votes         map[int]map[int]int // cell (row*pdfMaxCols+col) -> value -> count
}

const pdfMaxCols = 30

// pdfIndRead is a row indicator read on one line.
type pdfIndRead struct {
	t    float64 // the line's place
	side int     // 0 left, 1 right
	cw   pdfCodeword
}

// row is the row number the indicator gives: 3 x (value / 30) + cluster.
func (r pdfIndRead) row() int { return 3*(r.cw.value/30) + r.cw.cluster }

// pdfReadIndicators reads the row indicators of every line.
func pdfReadIndicators(lines []pdfLine, g *pdfGeom) []pdfIndRead {
	var out []pdfIndRead
	for i := range lines {
		ln := &lines[i]
		l, r, okL, okR := ln.indicators(g.module)
		if okL {
			out = append(out, pdfIndRead{t: ln.t, side: 0, cw: l})
		}
		if okR {
			out = append(out, pdfIndRead{t: ln.t, side: 1, cw: r})
		}
	}
	return out
}

// pdfMetadata works out the symbol's column count, error correction
// level and candidate row counts from the indicators that agree with the
// row fit. Besides the row number, the indicators of rows 0, 1, 2 (mod 3)
// hold in turn rows/3, the level and rows mod 3, and the column count on
// the left; on the right, the column count, rows/3 and the level.
func pdfMetadata(reads []pdfIndRead, lines []pdfLine, g *pdfGeom) (*pdfRead, bool) {
	cols, ecLow, upper := map[int]int{}, map[int]int{}, map[int]int{}
	maxRow := -1
	for _, r := range reads {
		x := r.cw.value % 30
		field := r.cw.cluster
		if r.side == 1 {
			field = (r.cw.cluster + 2) % 3
		}
		switch field {
		case 0:
			upper[x]++
		case 1:
			ecLow[x]++
		case 2:
			cols[x+1]++
		}
		maxRow = max(maxRow, r.row())
	}
	rd := &pdfRead{votes: map[int]map[int]int{}}
	var ok bool
	if rd.cols, ok = pdfPickCols(cols, lines, g); !ok {
		return nil, false
	}
	x, n := pdfArgmax(ecLow)
	if n == 0 {
		return nil, false
	}
	rd.ecLevel = x / 3
	rd.rowsCands = pdfRowCandidates(upper, x%3, maxRow)
	return rd, len(rd.rowsCands) > 0
}

// pdfArgmax returns the key with the most votes (the smallest on a tie)
// and its count.
func pdfArgmax(votes map[int]int) (key, n int) {
	key = -1
	for k, v := range votes {
		if v > n || (v == n && k < key) {
			key, n = k, v
		}
	}
	return key, n
}

// pdfByVotes returns the keys, most votes first.
func pdfByVotes(votes map[int]int) []int {
	keys := make([]int, 0, len(votes))
	for k := range votes {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if votes[keys[i]] != votes[keys[j]] {
			return votes[keys[i]] > votes[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

// pdfPickCols chooses the column count the indicators vote for, checked
// against the symbol's width in modules; without votes, the width alone
// decides.
func pdfPickCols(votes map[int]int, lines []pdfLine, g *pdfGeom) (int, bool) {
	widths := make([]float64, 0, len(lines))
	for i := range lines {
		widths = append(widths, (lines[i].s1-lines[i].s0)/g.module)
	}
	if len(widths) == 0 {
		return 0, false
	}
	w := median(widths)
	for _, c := range pdfByVotes(votes) {
		want := float64(17*(c+4) + 1)
		if c >= 1 && c <= pdfMaxCols && math.Abs(w-want) <= 0.15*want {
			return c, true
		}
	}
	c := int(math.Round((w-1)/17)) - 4
	return c, c >= 1 && c <= pdfMaxCols
}

// pdfRowCandidates lists the row counts to try: those the indicators
// vote for (rows/3 from either side, with rows mod 3), then one more than
// the last row seen. Row counts that leave out a row seen are dropped.
// (Some encoders, boombuler's among them, write rows/3 on the left rounded
// differently from the right, so both are tried.)
func pdfRowCandidates(upper map[int]int, lower, maxRow int) []int {
	var out []int
	add := func(r int) {
		if r < 2 || r > 90 || r <= maxRow {
			return
		}
		for _, o := range out {
			if o == r {
				return
			}
		}
		out = append(out, r)
	}
	for _, u := range pdfByVotes(upper) {
		add(3*u + lower + 1)
	}
	add(maxRow + 1)
	return out
}

// pdfRowFit maps a place in the symbol to a row: row + 0.5 = a + b*t +
// c*u, t down the edges, u across from the left indicator (0) to the
// right one (1). The across term takes up a slight difference between the
// sampled lines' slope and the rows'.
type pdfRowFit struct{ a, b, c float64 }

func (f pdfRowFit) at(t, u float64) float64 { return f.a + f.b*t + f.c*u - 0.5 }

// pdfFitRows fits the row mapping to the indicators' row numbers and
// returns it with the indicators that agree with it (within a row). A
// misread indicator can be far off, so a first estimate comes from
// medians (slopes between pairs of reads half the list apart, then the
// offset), and least squares are run only on the reads near it.
func pdfFitRows(reads []pdfIndRead) (pdfRowFit, []pdfIndRead, bool) {
	n := len(reads)
	if n < 4 {
		return pdfRowFit{}, nil, false
	}
	sorted := append([]pdfIndRead(nil), reads...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].t < sorted[j].t })
	var slopes, offs []float64
	for i := 0; i+n/2 < n; i++ {
		a, b := sorted[i], sorted[i+n/2]
		if dt := b.t - a.t; dt > 1e-6 {
			slopes = append(slopes, float64(b.row()-a.row())/dt)
		}
	}
	if len(slopes) == 0 {
		return pdfRowFit{}, nil, false
	}
	f := pdfRowFit{b: median(slopes)}
	for _, r := range reads {
		offs = append(offs, float64(r.row())+0.5-f.b*float64(r.t))
	}
	f.a = median(offs)
	in := reads
	for pass := 0; pass < 2; pass++ {
		var keep []pdfIndRead
		for _, r := range in {
			if math.Abs(f.at(r.t, float64(r.side))-float64(r.row())) <= 1 {
				keep = append(keep, r)
			}
		}
		var ok bool
		if f, ok = pdfSolveRows(keep); !ok {
			return f, nil, false
		}
		in = keep
	}
	return f, in, f.b > 0
}

func median(v []float64) float64 {
	sort.Float64s(v)
	return v[len(v)/2]
}

// pdfSolveRows is the least-squares fit itself: all three terms when
// both indicators were read, else without the across term.
func pdfSolveRows(reads []pdfIndRead) (pdfRowFit, bool) {
	if len(reads) < 2 {
		return pdfRowFit{}, false
	}
	var m [3][4]float64 // normal equations, augmented
	sides := [2]int{}
	for _, o := range reads {
		v := [3]float64{1, o.t, float64(o.side)}
		y := float64(o.row()) + 0.5
		for i := 0; i < 3; i++ {
			for j := 0; j < 3; j++ {
				m[i][j] += v[i] * v[j]
			}
			m[i][3] += v[i] * y
		}
		sides[o.side]++
	}
	n := 3
	if sides[0] == 0 || sides[1] == 0 {
		n = 2 // u is constant: fit a + b*t, which takes in u's share
	}
	x, ok := solveNormal(m, n)
	if !ok {
		return pdfRowFit{}, false
	}
	return pdfRowFit{a: x[0], b: x[1], c: x[2]}, true
}

// solveNormal solves the first n equations in the first n unknowns of an
// augmented 3x3 system (right-hand side in column 3) by Gauss–Jordan
// elimination with partial pivoting; other unknowns are left 0.
func solveNormal(m [3][4]float64, n int) ([3]float64, bool) {
	var x [3]float64
	for col := 0; col < n; col++ {
		p := col
		for r := col + 1; r < n; r++ {
			if math.Abs(m[r][col]) > math.Abs(m[p][col]) {
				p = r
			}
		}
		if math.Abs(m[p][col]) < 1e-9 {
			return x, false
		}
		m[col], m[p] = m[p], m[col]
		for r := 0; r < n; r++ {
			if r == col {
				continue
			}
			k := m[r][col] / m[col][col]
			for j := col; j < 4; j++ {
				m[r][j] -= k * m[col][j]
			}
		}
	}
	for i := 0; i < n; i++ {
		x[i] = m[i][3] / m[i][i]
	}
	return x, true
}

// pdfReadData reads the data codewords of every line where the column
// count puts them and votes them into their cells.
func pdfReadData(lines []pdfLine, rd *pdfRead, fit pdfRowFit, g *pdfGeom) {
	w := float64(17*(rd.cols+4) + 1)
	for i := range lines {
		ln := &lines[i]
		s0, s1 := ln.s0, ln.s1
		tol := 2 * g.module
		// The line's own start and stop edges, when found, place the
		// codewords more exactly than the fitted edges.
		if k := ln.nearestEdge(s0, tol, true); k >= 0 {
			s0 = ln.edges[k]
		}
		if k := ln.nearestEdge(s1, tol, false); k >= 0 {
			s1 = ln.edges[k]
		}
		x := (s1 - s0) / w
		for c := 0; c < rd.cols; c++ {
			cw, ok := ln.codewordAt(s0+float64(17*(c+2))*x, math.Max(2, 1.5*x), x)
			if !ok {
				continue
			}
			u := float64(c+1) / float64(rd.cols+1)
			if r, ok := pdfRowOf(fit.at(ln.t, u), cw.cluster); ok {
				rd.vote(r, c, cw.value)
			}
		}
	}
}

// pdfRowOf returns the row with the codeword's cluster nearest f, if it
// is within a row of it.
func pdfRowOf(f float64, cluster int) (int, bool) {
	r0 := int(math.Round(f))
	for r := r0 - 1; r <= r0+1; r++ {
		if ((r%3)+3)%3 == cluster {
			return r, r >= 0 && math.Abs(float64(r)-f) <= 1.1
		}
	}
	return 0, false
}

func (rd *pdfRead) vote(r, c, value int) {
	cell := r*pdfMaxCols + c
	m := rd.votes[cell]
	if m == nil {
		m = map[int]int{}
		rd.votes[cell] = m
	}
	m[value]++
}

// assemble puts the voted codewords of a symbol with the given row count
// in order, corrects them and parses the data. A cell without votes, or
// whose two leading values tie, is an erasure.
func (rd *pdfRead) assemble(rows int) (string, bool) {
	total := rows * rd.cols
	k := 2 << rd.ecLevel
	if total <= k || total > 928 {
		return "", false
	}
	cw := make([]int, total)
	var erasures []int
	for r := 0; r < rows; r++ {
		for c := 0; c < rd.cols; c++ {
			i := r*rd.cols + c
			v, ok := pdfWinner(rd.votes[r*pdfMaxCols+c])
			if !ok {
				erasures = append(erasures, i)
				continue
			}
			cw[i] = v
		}
	}
	if !pdfCorrect(cw, k, erasures) {
		return "", false
	}
	n := cw[0]
	if n < 2 || n > total-k {
		return "", false
	}
	text, err := pdfParse(cw[:n])
	return text, err == nil
}

// pdfWinner is the value with the most votes, if no other has as many.
func pdfWinner(votes map[int]int) (int, bool) {
	best, second, bv := 0, 0, -1
	for v, n := range votes {
		switch {
		case n > best:
			second, best, bv = best, n, v
		case n > second:
			second = n
		}
	}
	return bv, best > second
}
