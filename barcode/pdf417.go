package barcode

import (
	"image"
	"math"
	"sort"

	"github.com/chartroom/chartroom/chart"
)

// PDF417 reading. gozxing v0.1.1 has no PDF417 reader, so this is one
// written for scanned pages, after ZXing's pdf417 package (Apache License
// 2.0, Copyright 2009 ZXing authors; the TypeScript port in
// @zxing/library was the reference). Its codeword tables, error
// correction and bit-stream parsing are ZXing's; its detector and
// sampling are simpler (pdf417_detect.go).
//
// Once the symbol's left and right edges are known, lines are sampled
// from one edge to the other along the rows, a few per row. On each line
// the row indicator codewords just inside the start and stop patterns
// give the row number, and together the symbol's column count, row count
// and error correction level; the data codewords are read where the
// column count puts them. Every codeword is voted into its cell (the row
// from where the line lies, confirmed by the codeword's cluster); cells
// without a clear winner are erasures for Reed–Solomon.

// safeReadPDF417 is readPDF417 with any panic (a bug on some unforeseen
// input) turned into no result, so it cannot escape Decode.
func (c *crop) safeReadPDF417(inv bool) (out []chart.Barcode, more int) {
	defer func() {
		if recover() != nil {
			out, more = nil, 0
		}
	}()
	return c.readPDF417(inv)
}

// readPDF417 looks for one PDF417 symbol in the crop and decodes it. inv
// is the polarity to try first (light ink on dark). The box is in crop
// pixels. When nothing is read but one edge of a symbol was seen without
// the other, more says which way the symbol may go on beyond the crop: 1
// to the right, -1 to the left.
func (c *crop) readPDF417(inv bool) ([]chart.Barcode, int) {
	s := c.scanPDF417()
	for _, t := range s.tries(inv) {
		if t.score < pdfMinChain {
			break
		}
		cc, starts, stops := c, s.start[t.pol], s.stop[t.pol]
		if t.reversed {
			cc = c.rotate180()
			starts, stops = c.flipHits(s.startRev[t.pol]), c.flipHits(s.stopRev[t.pol])
		}
		g, ok := pdfPair(starts, stops)
		if !ok {
			continue
		}
		text, box, ok := cc.decodePDF417(&g, t.pol == 1)
		if !ok {
			continue
		}
		if t.reversed {
			box = image.Rect(c.w-box.Max.X, c.h-box.Max.Y, c.w-box.Min.X, c.h-box.Min.Y)
		}
		return []chart.Barcode{{Format: PDF417, Text: text, Box: box.Intersect(image.Rect(0, 0, c.w, c.h))}}, 0
	}
	return nil, s.lone()
}

// lone says whether the scan saw only left or only right edges of a
// symbol (damage can split one into regions): 1 for left edges only (the
// symbol goes on to the right), -1 for right edges only, else 0. Upside
// down, the stop pattern is on the left.
func (s *pdfScan) lone() int {
	for pol := 0; pol < 2; pol++ {
		left := len(s.start[pol]) + len(s.stopRev[pol])
		right := len(s.stop[pol]) + len(s.startRev[pol])
		switch {
		case left >= 2*pdfMinChain && right < pdfMinChain:
			return 1
		case right >= 2*pdfMinChain && left < pdfMinChain:
			return -1
		}
	}
	return 0
}

// pdfTry is one way of reading a crop: a polarity (1: light ink), upright
// or upside down, scored by how many start and stop patterns it has.
type pdfTry struct {
	pol      int
	reversed bool
	score    int
}

// tries lists the four ways of reading the crop, most patterns first;
// on a tie, the polarity inv says first and upright first.
func (s *pdfScan) tries(inv bool) []pdfTry {
	pols := [2]int{0, 1}
	if inv {
		pols = [2]int{1, 0}
	}
	var out []pdfTry
	for _, pol := range pols {
		out = append(out,
			pdfTry{pol, false, min(len(s.start[pol]), len(s.stop[pol]))},
			pdfTry{pol, true, min(len(s.startRev[pol]), len(s.stopRev[pol]))})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

// rotate180 returns the crop turned upside down.
func (c *crop) rotate180() *crop {
	r := &crop{w: c.w, h: c.h, thr: c.thr, dpi: c.dpi, buf: make([]byte, len(c.buf))}
	n := len(c.buf)
	for i, v := range c.buf {
		r.buf[n-1-i] = v
	}
	return r
}

// flipHits maps hits of reversed patterns to where they are in the crop
// turned upside down, sorted top to bottom.
func (c *crop) flipHits(hits []pdfHit) []pdfHit {
	out := make([]pdfHit, len(hits))
	for i, h := range hits {
		out[len(hits)-1-i] = pdfHit{y: c.h - 1 - h.y, edge: float64(c.w) - h.edge, module: h.module}
	}
	return out
}

// decodePDF417 samples the symbol between the edges of g, reads and
// corrects its codewords and parses them. The box is in crop pixels.
func (c *crop) decodePDF417(g *pdfGeom, inv bool) (string, image.Rectangle, bool) {
	mid, half := c.inkLevels()
	lines := c.pdfLines(g, inv, mid)
	pdfSetSpread(lines, g.module)
	fit, reads, ok := pdfFitRows(pdfReadIndicators(lines, g))
	if !ok {
		return "", image.Rectangle{}, false
	}
	rd, ok := pdfMetadata(reads, lines, g)
	if !ok {
		return "", image.Rectangle{}, false
	}
	pdfReadData(lines, rd, fit, g)
	if text, ok := rd.assembleAny(); ok {
		return text, g.box(), true
	}
	// Blur closes thin spaces and bars at one grey level and not at
	// another: read the lines again with edges a little towards paper
	// and a little towards ink, adding to the votes.
	for _, f := range []float64{-0.3, 0.3} {
		more := c.pdfLines(g, inv, mid+f*half)
		pdfSetSpread(more, g.module)
		pdfReadData(more, rd, fit, g)
	}
	if text, ok := rd.assembleAny(); ok {
		return text, g.box(), true
	}
	return "", image.Rectangle{}, false
}

// assembleAny tries the candidate row counts in turn.
func (rd *pdfRead) assembleAny() (string, bool) {
	for _, rows := range rd.rowsCands {
		if text, ok := rd.assemble(rows); ok {
			return text, true
		}
	}
	return "", false
}

// box is the upright rectangle around the symbol's corners.
func (g *pdfGeom) box() image.Rectangle {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, t := range []float64{0, 1} {
		lx, ly, rx, ry := g.at(t)
		x0, x1 = math.Min(x0, math.Min(lx, rx)), math.Max(x1, math.Max(lx, rx))
		y0, y1 = math.Min(y0, math.Min(ly, ry)), math.Max(y1, math.Max(ly, ry))
	}
	return image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1))+pdfScanStep)
}
