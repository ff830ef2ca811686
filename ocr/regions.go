package ocr

import (
	"context"
	"image"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/chartroom/chartroom/chart"
)

// Identifier regions: the parts of a page where patient identifiers live,
// read a second time on their own. The full-page pass reads the page as one
// block of text, so a label printed beside a letterhead on the same lines is
// read across both columns, a crooked sticker or a faint addressograph
// imprint is read with the body's line model, and a label turned 90° in a
// margin is not read at all. Each region is cropped (padded, frame lines
// erased, contrast stretched, small skew removed, turned upright, small text
// upscaled), read with the segmentation it needs, and its word boxes mapped
// back to page pixels.
//
// Where regions come from, in order of priority:
//
//   - ruled boxes: connected rectangles of thin lines enclosing text
//     (boxed labels, bordered stickers), found in the image;
//   - labels turned 90° in the left or right margin: a narrow strip with
//     ink that no horizontal word covers, read turned both ways;
//   - header and footer columns side by side: lines of the top 30% and the
//     bottom 12% of the page split at wide gaps and stacked into columns,
//     from the full-page words and from Tesseract's own block layout;
//   - addressograph imprints: a column of monospace capital lines;
//   - the words around identifier labels (MRN, MR#, DOB, D.O.B., Name:,
//     Patient:, Acct, FIN, Sex:, Born, Unit No, Chart #), garbled or not;
//   - top-band text that is mostly noise.
//
// A region whose first reading is already clean (confident, well-formed,
// not sharing its lines with another column) is not read again, except a
// labelled box or a header column beside another column, and at most
// Processor.MaxRegions regions are read a page.

// Region kinds (chart.RegionRead.Kind).
const (
	KindLabel     = "label"
	KindHeader    = "header"
	KindFooter    = "footer"
	KindImprint   = "imprint"
	KindMargin    = "margin"
	KindNearLabel = "near-label"
)

const (
	headerBand = 0.30 // top share of the page searched for header columns
	footerBand = 0.12 // bottom share searched for footer columns
)

type candidate struct {
	kind  string
	box   image.Rectangle // page pixels, unpadded
	mode  RegionMode
	prio  int   // lower is read first
	rots  []int // clockwise turns to try (margins: both ways); nil: upright
	frame int32 // component id of the frame to erase (labels), 0 none
}

// readRegions finds the identifier regions of the upright page g (whose
// full-page reading is rec) and reads each again.
func (p *Processor) readRegions(ctx context.Context, rr RegionReader, g *image.Gray, dpi int, rec Recognition) ([]chart.RegionRead, error) {
	if dpi <= 0 {
		dpi = 300
	}
	var blocks []Block
	if la, ok := p.Engine.(LayoutAnalyzer); ok && !bandsClean(rec.Words, dpi, g.Rect.Dy()) {
		// Tesseract's block layout of the header and footer bands, when
		// their full-page reading is not clean (the layout costs about
		// 0.1 s a page; a clean reading needs no second opinion).
		H := g.Rect.Dy()
		for _, band := range []image.Rectangle{
			image.Rect(0, 0, g.Rect.Dx(), int(headerBand*float64(H))),
			image.Rect(0, int((1-footerBand)*float64(H)), g.Rect.Dx(), H),
		} {
			b, err := la.Layout(ctx, cropGray(g, band), dpi)
			if err != nil {
				return nil, err
			}
			for _, bl := range b {
				bl.Box = bl.Box.Add(band.Min)
				blocks = append(blocks, bl)
			}
		}
	}
	ink := newInkMap(g)
	cands := findCandidates(g, dpi, rec, blocks, ink)
	cands = dedupe(cands, p.MaxRegions)
	var out []chart.RegionRead
	for _, c := range cands {
		r, ok, err := readCandidate(ctx, rr, g, dpi, c, ink)
		if err != nil {
			return out, err
		}
		if ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// bandsClean reports whether the full-page words of the header and footer
// bands (dust left out) are all read cleanly.
func bandsClean(words []chart.Word, dpi, H int) bool {
	var ws []chart.Word
	for _, w := range words {
		if inBands(w.Box, H) && !speck(w, dpi) {
			ws = append(ws, w)
		}
	}
	return len(ws) == 0 || isClean(ws)
}

// cropGray copies the part r of g into a new image.
func cropGray(g *image.Gray, r image.Rectangle) *image.Gray {
	r = r.Intersect(g.Rect)
	out := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := 0; y < r.Dy(); y++ {
		copy(out.Pix[y*out.Stride:(y+1)*out.Stride], g.Pix[(r.Min.Y+y)*g.Stride+r.Min.X:])
	}
	return out
}

// findCandidates lists every region worth a second reading, unordered and
// possibly overlapping.
func findCandidates(g *image.Gray, dpi int, rec Recognition, blocks []Block, ink *inkMap) []candidate {
	W, H := g.Rect.Dx(), g.Rect.Dy()
	var cands []candidate
	// Ruled boxes: always read (a label's first reading is rarely trusted
	// enough: its lines are often merged with the text beside it).
	for _, f := range ink.frames(dpi) {
		if ws := wordsIn(rec.Words, f.box); isClean(ws) && !sharesLines(rec.Words, ws, f.box) {
			continue
		}
		prio := 1
		if !inBands(f.box, H) {
			prio = 4 // a form's ruled field in the body: after the bands
		}
		c := candidate{kind: KindLabel, box: f.box, mode: RegionBlock, prio: prio, frame: f.id}
		if f.box.Dy() > 2*f.box.Dx() {
			// A tall, narrow box is a label turned 90° along a margin:
			// read it turned, as the margins are.
			c.rots = []int{90, 270}
			if f.box.Min.X > W/2 {
				c.rots = []int{270, 90}
			}
		}
		cands = append(cands, c)
	}
	// Margins.
	cands = append(cands, marginCandidates(g, dpi, rec.Words, ink.frameBoxes(dpi))...)
	// Header and footer columns from the full-page words.
	for _, col := range columns(rec.Words, dpi, W, H) {
		kind := KindHeader
		if col.box.Min.Y > H/2 {
			kind = KindFooter
		}
		mode := RegionBlock
		if col.lines == 1 {
			mode = RegionLine
		}
		ws := col.words
		cue := identifierCue(ws)
		clean := isClean(ws)
		switch {
		case col.imprint:
			cands = append(cands, candidate{kind: KindImprint, box: col.box, mode: RegionBlock, prio: 4})
		case col.beside && (cue || len(ws) >= 2 && noisy(ws)):
			// A column on the same lines as another (a label beside a
			// letterhead) that carries identifiers or was read as noise:
			// the full-page pass read its lines across both columns.
			cands = append(cands, candidate{kind: kind, box: col.box, mode: mode, prio: 3})
		case !clean && cue:
			cands = append(cands, candidate{kind: kind, box: col.box, mode: mode, prio: 5})
		case kind == KindHeader && len(ws) >= 2 && noisy(ws):
			cands = append(cands, candidate{kind: kind, box: col.box, mode: mode, prio: 6})
		}
	}
	// Tesseract's block layout: text blocks of the bands on the same lines
	// as another text block.
	for i, b := range blocks {
		if !b.Text || !inBands(b.Box, H) || b.Box.Dx() > W*3/4 {
			continue
		}
		beside := false
		for j, o := range blocks {
			if i != j && o.Text && sideBySide(b.Box, o.Box) {
				beside = true
				break
			}
		}
		ws := wordsIn(rec.Words, b.Box)
		if !beside || !identifierCue(ws) && !noisy(ws) {
			continue
		}
		kind := KindHeader
		if b.Box.Min.Y > H/2 {
			kind = KindFooter
		}
		cands = append(cands, candidate{kind: kind, box: b.Box, mode: RegionBlock, prio: 7})
	}
	// The words around identifier labels whose first reading is not clean.
	for _, c := range nearLabelCandidates(rec.Words, dpi) {
		cands = append(cands, c)
	}
	return cands
}

// dedupe orders candidates by priority and drops those mostly covered by
// one already kept (or covering one: a region is read at its own size),
// merges those partly overlapping one of the same kind, and keeps limit.
func dedupe(cands []candidate, limit int) []candidate {
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].prio < cands[j].prio })
	var kept []candidate
next:
	for _, c := range cands {
		if min(c.box.Dx(), c.box.Dy()) < minRegionSide || max(c.box.Dx(), c.box.Dy()) < 3*minRegionSide {
			continue
		}
		for i := range kept {
			k := &kept[i]
			inter := area(c.box.Intersect(k.box))
			small := min(area(c.box), area(k.box))
			if small == 0 || inter >= small*6/10 {
				continue next
			}
			if inter > small/5 && c.kind == k.kind && c.frame == 0 && k.frame == 0 {
				k.box = k.box.Union(c.box)
				continue next
			}
		}
		if len(kept) == limit {
			break
		}
		kept = append(kept, c)
	}
	return kept
}

// minRegionSide is the shortest side of a region worth reading, in pixels
// at 300 dpi (a 6 pt line); the longest side must be three times that.
const minRegionSide = 20

func area(r image.Rectangle) int {
	if r.Empty() {
		return 0
	}
	return r.Dx() * r.Dy()
}

func inBands(r image.Rectangle, H int) bool {
	cy := (r.Min.Y + r.Max.Y) / 2
	return cy < int(headerBand*float64(H)) || cy > int((1-footerBand)*float64(H))
}

// sideBySide reports whether a and b share lines (overlap vertically by
// at least 40% of the shorter) without overlapping horizontally.
func sideBySide(a, b image.Rectangle) bool {
	ov := min(a.Max.Y, b.Max.Y) - max(a.Min.Y, b.Min.Y)
	if ov <= 0 || ov*10 < 4*min(a.Dy(), b.Dy()) {
		return false
	}
	return a.Max.X <= b.Min.X || b.Max.X <= a.Min.X
}

// wordsIn returns the words whose centre lies in r.
func wordsIn(words []chart.Word, r image.Rectangle) []chart.Word {
	var out []chart.Word
	for _, w := range words {
		c := image.Pt((w.Box.Min.X+w.Box.Max.X)/2, (w.Box.Min.Y+w.Box.Max.Y)/2)
		if c.In(r) {
			out = append(out, w)
		}
	}
	return out
}

// sharesLines reports whether a line of ws also holds words outside r:
// the full-page pass read the region together with text beside it.
func sharesLines(all, ws []chart.Word, r image.Rectangle) bool {
	lines := map[int]bool{}
	for _, w := range ws {
		lines[w.Line] = true
	}
	for _, w := range all {
		c := image.Pt((w.Box.Min.X+w.Box.Max.X)/2, (w.Box.Min.Y+w.Box.Max.Y)/2)
		if lines[w.Line] && !c.In(r) {
			return true
		}
	}
	return false
}

func medianHeight(words []chart.Word) int {
	if len(words) == 0 {
		return 0
	}
	hs := make([]int, len(words))
	for i, w := range words {
		hs[i] = w.Box.Dy()
	}
	slices.Sort(hs)
	return hs[len(hs)/2]
}

// column is a stack of line segments of the header or footer band.
type column struct {
	box     image.Rectangle
	words   []chart.Word
	lines   int
	beside  bool // some segment shares its line with another column
	imprint bool
}

type segment struct {
	box    image.Rectangle
	words  []chart.Word
	beside bool
}

// columns splits the band lines of the full-page reading at wide gaps and
// stacks the pieces that sit under one another into columns.
func columns(words []chart.Word, dpi, W, H int) []column {
	top, bottom := int(headerBand*float64(H)), int((1-footerBand)*float64(H))
	byLine := map[int][]chart.Word{}
	var order []int
	for _, w := range words {
		cy := (w.Box.Min.Y + w.Box.Max.Y) / 2
		if cy >= top && cy <= bottom || speck(w, dpi) {
			continue
		}
		if _, ok := byLine[w.Line]; !ok {
			order = append(order, w.Line)
		}
		byLine[w.Line] = append(byLine[w.Line], w)
	}
	var segs []segment
	for _, ln := range order {
		ws := byLine[ln]
		sort.SliceStable(ws, func(i, j int) bool { return ws[i].Box.Min.X < ws[j].Box.Min.X })
		var cur []segment
		start := 0
		for i := 1; i <= len(ws); i++ {
			if i < len(ws) {
				gap := ws[i].Box.Min.X - ws[i-1].Box.Max.X
				if gap < max(dpi*2/5, 2*max(ws[i].Box.Dy(), ws[i-1].Box.Dy())) {
					continue
				}
			}
			s := segment{words: ws[start:i]}
			for _, w := range s.words {
				s.box = s.box.Union(w.Box)
			}
			cur = append(cur, s)
			start = i
		}
		if len(cur) > 1 {
			for i := range cur {
				cur[i].beside = true
			}
		}
		segs = append(segs, cur...)
	}
	sort.SliceStable(segs, func(i, j int) bool { return segs[i].box.Min.Y < segs[j].box.Min.Y })
	var cols []column
	for _, s := range segs {
		joined := false
		for i := len(cols) - 1; i >= 0; i-- {
			c := &cols[i]
			xov := min(c.box.Max.X, s.box.Max.X) - max(c.box.Min.X, s.box.Min.X)
			gap := s.box.Min.Y - c.box.Max.Y
			lh := max(s.box.Dy(), c.box.Dy()/max(c.lines, 1))
			if xov > 0 && gap < 2*lh && gap > -lh && sameBand(c.box, s.box, H) {
				c.box = c.box.Union(s.box)
				c.words = append(c.words, s.words...)
				c.lines++
				c.beside = c.beside || s.beside
				joined = true
				break
			}
		}
		if !joined {
			cols = append(cols, column{box: s.box, words: slices.Clone(s.words), lines: 1, beside: s.beside})
		}
	}
	for i := range cols {
		cols[i].imprint = imprintLike(cols[i].words, cols[i].lines)
	}
	return cols
}

// speck reports a word that is scanning dust read as punctuation: no
// letter or digit, or smaller than any printed character.
func speck(w chart.Word, dpi int) bool {
	return w.Box.Dy() < dpi/30 || strings.IndexFunc(w.Text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0
}

func sameBand(a, b image.Rectangle, H int) bool {
	return (a.Min.Y > H/2) == (b.Min.Y > H/2)
}

// imprintLike reports whether words look like an addressograph imprint:
// at least two lines of capitals and digits in a fixed-pitch font (every
// word's width per character close to the same pitch).
func imprintLike(words []chart.Word, lines int) bool {
	if lines < 2 || len(words) < 4 {
		return false
	}
	var letters, upper int
	var pitches []float64
	for _, w := range words {
		n := 0
		for _, r := range w.Text {
			n++
			if unicode.IsLetter(r) {
				letters++
				if unicode.IsUpper(r) {
					upper++
				}
			}
		}
		if n >= 3 {
			pitches = append(pitches, float64(w.Box.Dx())/float64(n))
		}
	}
	if letters == 0 || upper*10 < letters*8 || len(pitches) < 3 {
		return false
	}
	var mean, sd float64
	for _, p := range pitches {
		mean += p
	}
	mean /= float64(len(pitches))
	for _, p := range pitches {
		sd += (p - mean) * (p - mean)
	}
	sd = math.Sqrt(sd / float64(len(pitches)))
	return sd < 0.12*mean
}

// letterheadLike reports whether words look like a letterhead: printed
// larger than the page's usual text and read cleanly.
func letterheadLike(words []chart.Word, med int) bool {
	if len(words) == 0 || med == 0 {
		return false
	}
	big := 0
	for _, w := range words {
		if w.Box.Dy()*100 >= med*135 {
			big++
		}
	}
	return big*3 >= len(words) && isClean(words)
}

// nearLabelCandidates returns, for each identifier label among words whose
// line piece is not cleanly read, that line piece (the words within a
// short gap of the label) as a region.
func nearLabelCandidates(words []chart.Word, dpi int) []candidate {
	byLine := map[int][]chart.Word{}
	for _, w := range words {
		byLine[w.Line] = append(byLine[w.Line], w)
	}
	var out []candidate
	for i, w := range words {
		next := ""
		if i+1 < len(words) && words[i+1].Line == w.Line {
			next = words[i+1].Text
		}
		if !isIdentifierLabel(w.Text, next) {
			continue
		}
		ws := slices.Clone(byLine[w.Line])
		sort.SliceStable(ws, func(a, b int) bool { return ws[a].Box.Min.X < ws[b].Box.Min.X })
		k := slices.IndexFunc(ws, func(x chart.Word) bool { return x.Box == w.Box })
		lo, hi := k, k
		gapMax := max(dpi*2/5, 2*w.Box.Dy())
		for lo > 0 && ws[lo].Box.Min.X-ws[lo-1].Box.Max.X < gapMax {
			lo--
		}
		for hi+1 < len(ws) && ws[hi+1].Box.Min.X-ws[hi].Box.Max.X < gapMax {
			hi++
		}
		piece := ws[lo : hi+1]
		// A clean piece is read again only when its line also holds text of
		// another size (a letterhead beside it): the full-page pass then
		// fits one line model to both.
		if isClean(piece) && !mixedSizes(piece, append(slices.Clone(ws[:lo]), ws[hi+1:]...)) {
			continue
		}
		var box image.Rectangle
		for _, x := range piece {
			box = box.Union(x.Box)
		}
		// Room for a value the first pass missed after the label.
		box.Max.X += dpi / 2
		out = append(out, candidate{kind: KindNearLabel, box: box, mode: RegionLine, prio: 5})
	}
	return out
}

// mixedSizes reports whether others (the rest of a line) are printed at
// least 1.35 times larger or smaller than piece.
func mixedSizes(piece, others []chart.Word) bool {
	a, b := medianHeight(piece), medianHeight(others)
	if a == 0 || b == 0 {
		return false
	}
	return a*135 < b*100 || b*135 < a*100
}

// strongLabels are identifier labels recognised even misread by one
// character; weakLabels are ordinary words that are labels only when
// written as one (followed by ":" or "#", or by "No").
var (
	strongLabels = []string{"MRN", "MR#", "DOB", "ACCT", "ACCT#", "FIN", "MEDREC"}
	weakLabels   = []string{"NAME", "PATIENT", "SEX", "BORN", "UNIT", "CHART", "BIRTH", "ACCOUNT", "RECORD"}
)

// isIdentifierLabel reports whether a word (followed by next on its line)
// resembles an identifier label, allowing for one misread character in the
// distinctive ones ("MRM", "D0B", "D.O.B.", "MR#:").
func isIdentifierLabel(word, next string) bool {
	t := strings.TrimRight(word, ":;.,")
	hasColon := len(t) < len(word) && strings.ContainsAny(word[len(t):], ":;") || strings.HasSuffix(t, "#")
	t = strings.ReplaceAll(t, ".", "")
	if t == "" {
		return false
	}
	up := strings.ToUpper(t)
	for _, l := range strongLabels {
		if up == l {
			return true
		}
	}
	// A misread distinctive label: written in capitals (so "Mrs" or "in" do
	// not count), at least three characters, one edit away.
	if len([]rune(t)) >= 3 && t == up {
		fixed := strings.NewReplacer("0", "O", "8", "B", "1", "I").Replace(up)
		for _, l := range strongLabels[:3] {
			if editDistance(fixed, l) <= 1 {
				return true
			}
		}
	}
	for _, l := range weakLabels {
		if strings.TrimSuffix(up, "#") == l && (hasColon || strings.HasPrefix(strings.ToUpper(next), "NO") || strings.HasPrefix(next, "#")) {
			return true
		}
	}
	return false
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// identifierCue reports whether words carry something that looks like an
// identifier: a label, a number of six or more digits (not a telephone
// number, not a form number with letters), or a "LAST, FIRST" name in
// capitals. A date alone is not one: admission and report dates are
// everywhere in headers.
func identifierCue(words []chart.Word) bool {
	for i, w := range words {
		next := ""
		if i+1 < len(words) {
			next = words[i+1].Text
		}
		if isIdentifierLabel(w.Text, next) || digitRun(w.Text) >= 6 && !phoneLike(w.Text) && !hasLetter(w.Text) {
			return true
		}
		t := w.Text
		if len(t) >= 3 && strings.HasSuffix(t, ",") && strings.ToUpper(t) == t && isLetters(strings.TrimSuffix(t, ",")) {
			return true
		}
	}
	return false
}

// phoneLike reports a telephone number's tail, "010-2200".
func phoneLike(s string) bool {
	s = strings.Trim(s, ",.;:()")
	if len(s) < 8 || len(s) > 9 {
		return false
	}
	s = s[len(s)-8:] // a misread first digit ("@10-2200") is still a phone number
	return s[3] == '-' && digitRun(s[4:]) == 4
}

func digitRun(s string) int {
	best, n := 0, 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
			best = max(best, n)
		} else if r != '-' && r != ' ' {
			n = 0
		}
	}
	return best
}

func looksLikeDate(s string) bool {
	s = strings.Trim(s, ",.;:()")
	digits, seps := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '/' || r == '-':
			seps++
		case unicode.IsLetter(r):
		default:
			return false
		}
	}
	return seps == 2 && digits >= 4
}

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

func isLetters(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && r != '-' && r != '\'' {
			return false
		}
	}
	return true
}

// wellFormed reports whether a token looks like something printed: a word
// (capitalised, lower case or capitals), a number, a date, a code, an
// identifier label, or a single initial — not OCR noise ("[ee)", "@10",
// "aBa", "—").
func wellFormed(tok string) bool {
	t := strings.Trim(tok, ",.;:()\"'")
	if t == "" {
		return tok == "-" || tok == "&"
	}
	if strings.HasSuffix(t, "#") {
		t = strings.TrimSuffix(t, "#")
	}
	letters, digits, upper, other := 0, 0, 0, 0
	for _, r := range t {
		switch {
		case unicode.IsLetter(r):
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("/-.%'&+", r):
		default:
			other++
		}
	}
	if other > 0 {
		return false
	}
	if letters == 0 {
		return digits > 0
	}
	if digits > 0 {
		// Codes like "1043-B", "11/20/26", "4th" pass; "Q0571234" does not.
		return looksLikeDate(t) || letters <= 2 && strings.ContainsAny(t, "-/") || strings.HasSuffix(strings.ToLower(t), "th") || strings.HasSuffix(strings.ToLower(t), "st") || strings.HasSuffix(strings.ToLower(t), "nd") || strings.HasSuffix(strings.ToLower(t), "rd")
	}
	rs := []rune(t)
	switch {
	case upper == letters: // capitals
		return true
	case upper == 0: // lower case
		return true
	case upper == 1 && unicode.IsUpper(rs[0]): // Capitalised
		return true
	}
	return false
}

// noiseShare is the share of tokens that are not well formed.
func noiseShare(words []chart.Word) float64 {
	if len(words) == 0 {
		return 0
	}
	bad := 0
	for _, w := range words {
		if !wellFormed(w.Text) {
			bad++
		}
	}
	return float64(bad) / float64(len(words))
}

func meanConf(words []chart.Word) float64 {
	if len(words) == 0 {
		return 0
	}
	var s float64
	for _, w := range words {
		s += w.Conf
	}
	return s / float64(len(words))
}

// isClean reports whether a first reading can be trusted as it is:
// confident and well formed throughout.
func isClean(words []chart.Word) bool {
	if len(words) == 0 {
		return false
	}
	lowest := 1.0
	for _, w := range words {
		lowest = min(lowest, w.Conf)
	}
	return meanConf(words) >= 0.88 && lowest >= 0.6 && noiseShare(words) <= 0.1 && labelsWellFormed(words)
}

// noisy reports whether a reading is mostly noise or unsure.
func noisy(words []chart.Word) bool {
	return meanConf(words) < 0.75 || noiseShare(words) >= 0.3
}

// labelsWellFormed reports whether every identifier label among words is
// followed by a value of the expected shape (digits after MRN, a date after
// DOB).
func labelsWellFormed(words []chart.Word) bool {
	for i, w := range words {
		next := ""
		if i+1 < len(words) && words[i+1].Line == w.Line {
			next = words[i+1].Text
		}
		if !isIdentifierLabel(w.Text, next) {
			continue
		}
		up := strings.ToUpper(strings.Trim(strings.ReplaceAll(w.Text, ".", ""), ":;,#"))
		switch up {
		case "MRN", "MR", "ACCT", "FIN", "UNIT", "CHART", "RECORD", "ACCOUNT":
			if digitRun(strings.TrimPrefix(next, "#")) < 4 && !strings.EqualFold(next, "no") && !strings.EqualFold(next, "no.") {
				return false
			}
		case "DOB", "BORN", "BIRTH":
			if !looksLikeDate(next) && !isLetters(strings.Trim(next, ".,")) {
				return false
			}
		case "NAME", "PATIENT", "SEX":
			if next == "" || !wellFormed(next) {
				return false
			}
		default:
			// A misread label ("MRM", "D0B") is not clean by definition.
			return false
		}
	}
	return true
}

// readingQuality scores a reading for choosing between two (a margin label
// turned either way): mean confidence times the share of well-formed words,
// weighted by length so that a few lucky letters do not win.
func readingQuality(words []chart.Word) float64 {
	var good, all float64
	var conf float64
	for _, w := range words {
		n := float64(len([]rune(w.Text)))
		all += n
		conf += w.Conf * n
		if wellFormed(w.Text) {
			good += n
		}
	}
	if all == 0 {
		return 0
	}
	return conf / all * good / all * math.Min(1, all/12)
}
