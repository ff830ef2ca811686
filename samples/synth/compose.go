package synth

import (
	"fmt"
	"github.com/chartroom/chartroom/barcode"
	"hash/fnv"
	"image"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Compose lays out every document of the batch into pages, in batch order,
// and fills in each page's Truth. Distinctive words are chosen so that each
// occurs on its page only, across the whole batch.
func (b *BatchSpec) Compose() []*PageSpec {
	h := fnv.New64a()
	h.Write([]byte(b.Name))
	for _, d := range b.Docs {
		fmt.Fprintf(h, "|%d", d.Seed)
	}
	lex := newLexicon(h.Sum64())
	var pages []*PageSpec
	for i := range b.Docs {
		d := &b.Docs[i]
		var ps []*PageSpec
		ps, lex = composeDoc(d, lex)
		for _, p := range ps {
			p.DocIndex = i
		}
		pages = append(pages, ps...)
	}
	chooseTruth(pages)
	return pages
}

// ComposeDoc lays out a single document (its truth words are unique within
// the document only).
func ComposeDoc(d *DocSpec) []*PageSpec {
	b := BatchSpec{Name: "doc", Docs: []DocSpec{*d}}
	return b.Compose()
}

// composeDoc writes the document's text with growing amounts of repeatable
// content until it fills the requested number of pages.
func composeDoc(d *DocSpec, lex *lexicon) ([]*PageSpec, *lexicon) {
	want := max(d.Pages, 1)
	type try struct {
		pages [][]Op
		lex   *lexicon
	}
	var fits []try
	var closest *try // most pages without exceeding want (or the trimmed first try)
	for n := 0; n <= 40; n++ {
		l := lex.clone().withPreferred(d.Terms)
		blocks := newGen(d, l, n).content(d.Type)
		pages := layoutBlocks(d, blocks)
		if n == 0 && len(pages) > want {
			// Too long even without repeatable content: leave out
			// optional sections; if that is not enough, write shorter
			// paragraphs too.
			blocks, pages = trimToFit(d, blocks, want)
			if len(pages) > want {
				l = lex.clone().withPreferred(d.Terms)
				g := newGen(d, l, 0)
				g.short = true
				_, pages = trimToFit(d, g.content(d.Type), want)
			}
		}
		t := try{pages, l}
		if closest == nil || len(pages) <= want {
			closest = &t
		}
		if len(pages) > want {
			break
		}
		if len(pages) == want {
			fits = append(fits, t)
		}
	}
	chosen := closest
	if len(fits) > 0 {
		// Middle of the range: the last page is neither nearly empty nor
		// crammed.
		chosen = &fits[len(fits)/2]
	}
	total := len(chosen.pages)
	out := make([]*PageSpec, total)
	for i, body := range chosen.pages {
		p := &PageSpec{Doc: d, Number: i + 1, Total: total}
		if i < len(d.Scan) {
			p.Options = d.Scan[i]
		}
		p.Seed = d.Seed*1000003 + uint64(i+1)
		c := newComposer(d)
		p.Ops = append(c.chrome(i+1, total), body...)
		out[i] = p
	}
	return out, chosen.lex
}

// trimToFit drops optional blocks, last first, until the document fits in
// want pages or none are left.
func trimToFit(d *DocSpec, blocks []block, want int) ([]block, [][]Op) {
	pages := layoutBlocks(d, blocks)
	for i := len(blocks) - 1; i >= 0 && len(pages) > want; i-- {
		if blocks[i].opt {
			blocks = slices.Delete(blocks, i, i+1)
			pages = layoutBlocks(d, blocks)
		}
	}
	return blocks, pages
}

func layoutBlocks(d *DocSpec, blocks []block) [][]Op {
	c := newComposer(d)
	c.layout(blocks)
	return c.pages
}

// composer lays out body blocks into pages.
type composer struct {
	fs   faces
	fac  *Facility
	d    *DocSpec
	rng  *rand.Rand
	ink  uint8
	size float64 // body size, points
	em   int     // body size, pixels
	lh   int     // line height, pixels

	left, right, top, bottom int

	pages [][]Op
	y     int // top of the next line
}

func newComposer(d *DocSpec) *composer {
	fac := facility(d.Facility)
	c := &composer{
		fs:     faces{},
		fac:    fac,
		d:      d,
		rng:    rand.New(rand.NewPCG(d.Seed, 0x6c61796f7574)),
		size:   fac.BodySize,
		left:   225,
		right:  PageWidth - 225,
		bottom: PageHeight - 270,
	}
	c.ink = uint8(10 + c.rng.IntN(30))
	c.em = px(c.size)
	c.lh = c.em * 4 / 3
	if fac.HeaderCentered {
		c.top = 800
	} else {
		c.top = 660
	}
	return c
}

func (c *composer) newPage() {
	c.pages = append(c.pages, nil)
	c.y = c.top
}

// need starts a new page unless h more pixels fit on this one.
func (c *composer) need(h int) {
	if len(c.pages) == 0 || c.y+h > c.bottom {
		c.newPage()
	}
}

func (c *composer) emit(op Op) {
	if op.Ink == 0 {
		op.Ink = c.ink
	}
	c.pages[len(c.pages)-1] = append(c.pages[len(c.pages)-1], op)
}

func (c *composer) text(x, baseline int, f FontName, size float64, s string, body bool) {
	c.emit(Op{Kind: OpText, At: image.Pt(x, baseline), Font: f, Size: size, Text: s, Body: body})
}

func (c *composer) baseline() int { return c.y + c.em*4/5 }

// wrap splits s into lines no wider than width; the first line is narrower
// by first pixels.
func (c *composer) wrap(s string, f FontName, width, first int) []string {
	return c.wrapSize(s, f, c.size, width, first)
}

func (c *composer) wrapSize(s string, f FontName, size float64, width, first int) []string {
	words := strings.Fields(s)
	var lines []string
	space := c.fs.width(f, size, " ")
	cur, curW, limit := "", 0, width-first
	for _, w := range words {
		ww := c.fs.width(f, size, w)
		if cur != "" && curW+space+ww > limit {
			lines = append(lines, cur)
			cur, curW, limit = "", 0, width
		}
		if cur == "" {
			cur, curW = w, ww
		} else {
			cur += " " + w
			curW += space + ww
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

func (c *composer) layout(blocks []block) {
	c.newPage()
	for i, b := range blocks {
		switch b.kind {
		case bHeading:
			c.need(c.lh*3 + c.lh/2)
			if c.y > c.top {
				c.y += c.lh / 2
			}
			c.text(c.left, c.baseline(), c.fac.Heading, c.size+0.5, b.head, false)
			if !c.fac.UpperHeadings {
				w := c.fs.width(c.fac.Heading, c.size+0.5, b.head)
				c.emit(Op{Kind: OpFill, Rect: image.Rect(c.left, c.baseline()+8, c.left+w, c.baseline()+11)})
			}
			c.y += c.lh
		case bPara:
			c.para(b.head, b.text, c.left, c.right-c.left)
			c.y += c.lh / 3
		case bList:
			for _, it := range b.items {
				c.item(it)
			}
			c.y += c.lh / 3
		case bKV:
			c.kv(b.kv)
		case bTable:
			c.table(b)
		case bChecks:
			c.checks(b)
		case bSig:
			var lines [][]string
			n := 0
			for _, s := range b.items {
				l := c.wrapSize(s, c.fac.Body, c.size-0.5, c.right-c.left, 0)
				lines = append(lines, l)
				n += len(l)
			}
			h := c.lh*n + c.lh*len(lines)/4 + c.lh*2
			if i == len(blocks)-1 {
				h += c.lh // keep room above the footer
			}
			c.need(h)
			c.y += c.lh
			for _, l := range lines {
				for _, s := range l {
					c.text(c.left, c.baseline(), c.fac.Body, c.size-0.5, s, false)
					c.y += c.lh
				}
				c.y += c.lh / 4
			}
		}
	}
}

// para writes a wrapped paragraph with an optional bold run-in heading.
func (c *composer) para(head, text string, x, width int) {
	hw := 0
	if head != "" {
		hw = c.fs.width(c.fac.BodyBold, c.size, head+" ")
	}
	lines := c.wrap(text, c.fac.Body, width, hw)
	// Keep a run-in heading with at least two lines of its paragraph.
	if head != "" {
		c.need(c.lh * min(2, len(lines)))
	}
	for i, ln := range lines {
		c.need(c.lh)
		lx := x
		if i == 0 && head != "" {
			c.text(x, c.baseline(), c.fac.BodyBold, c.size, head, false)
			lx += hw
		}
		c.text(lx, c.baseline(), c.fac.Body, c.size, ln, true)
		c.y += c.lh
	}
	if len(lines) == 0 && head != "" {
		c.need(c.lh)
		c.text(x, c.baseline(), c.fac.BodyBold, c.size, head, false)
		c.y += c.lh
	}
}

// item writes a list item with a hanging indent: a "1." / "a." prefix or a
// dash.
func (c *composer) item(s string) {
	prefix, rest := "-", s
	if i := strings.Index(s, ". "); i > 0 && i <= 3 && !strings.ContainsAny(s[:i], " :") {
		prefix, rest = s[:i+1], s[i+2:]
	}
	indent := c.em * 3 / 2
	x := c.left + c.em/2
	lines := c.wrap(rest, c.fac.Body, c.right-x-indent, 0)
	for i, ln := range lines {
		c.need(c.lh)
		if i == 0 {
			c.text(x, c.baseline(), c.fac.Body, c.size, prefix, false)
		}
		c.text(x+indent, c.baseline(), c.fac.Body, c.size, ln, true)
		c.y += c.lh
	}
}

// kv writes label: value pairs in two columns.
func (c *composer) kv(pairs [][2]string) {
	rows := (len(pairs) + 1) / 2
	c.need(c.lh * rows)
	mid := c.left + (c.right-c.left)/2
	for r := 0; r < rows; r++ {
		for col := 0; col < 2; col++ {
			i := r*2 + col
			if i >= len(pairs) {
				continue
			}
			x := c.left
			if col == 1 {
				x = mid + c.em
			}
			label := pairs[i][0] + ":"
			c.text(x, c.baseline(), c.fac.BodyBold, c.size, label, false)
			lw := c.fs.width(c.fac.BodyBold, c.size, label+" ")
			c.text(x+lw, c.baseline(), c.fac.Body, c.size, pairs[i][1], false)
		}
		c.y += c.lh
	}
	c.y += c.lh / 2
}

func (c *composer) table(b block) {
	width := c.right - c.left
	xs := make([]int, len(b.widths))
	x := c.left
	for i, w := range b.widths {
		xs[i] = x
		x += int(w * float64(width))
	}
	header := func(cont bool) {
		title := b.head
		if cont {
			title += " (continued)"
		}
		c.y += c.lh / 2
		c.text(c.left, c.baseline(), c.fac.BodyBold, c.size, title, false)
		c.y += c.lh
		for i, h := range b.cols {
			if h != "" {
				c.text(xs[i], c.baseline(), c.fac.BodyBold, c.size-0.5, h, false)
			}
		}
		c.emit(Op{Kind: OpFill, Rect: image.Rect(c.left, c.baseline()+c.em/3, c.right, c.baseline()+c.em/3+3)})
		c.y += c.lh + c.em/4
	}
	c.need(c.lh * 5)
	header(false)
	for _, row := range b.rows {
		if c.y+c.lh > c.bottom {
			c.newPage()
			header(true)
		}
		for i, cell := range row {
			if cell == "" {
				continue
			}
			f := c.fac.Body
			if i == 2 && cell != "" {
				f = c.fac.BodyBold
			}
			c.text(xs[i], c.baseline(), f, c.size, cell, i == 0)
		}
		c.y += c.lh
	}
	c.y += c.lh / 3
}

func (c *composer) checks(b block) {
	box := c.em * 7 / 10
	for i, s := range b.items {
		lines := c.wrap(s, c.fac.Body, c.right-c.left-box*2, 0)
		c.need(c.lh * len(lines))
		top := c.baseline() - box
		r := image.Rect(c.left, top, c.left+box, top+box)
		c.emit(Op{Kind: OpBox, Rect: r, Stroke: 3})
		if i < len(b.marks) && b.marks[i] {
			c.emit(Op{Kind: OpFill, Rect: r.Inset(box / 4)})
		}
		for _, ln := range lines {
			c.text(c.left+box*2, c.baseline(), c.fac.Body, c.size, ln, true)
			c.y += c.lh
		}
		c.y += c.lh / 4
	}
	c.y += c.lh / 3
}

// chrome returns the letterhead, title, patient label and footer of page
// num of total.
func (c *composer) chrome(num, total int) []Op {
	c.pages = [][]Op{nil}
	fac, d := c.fac, c.d
	R := c.right
	title := d.Type.Title
	if title == "" {
		title = strings.ToUpper(d.Type.Display)
	}
	titleSize := fac.TitleSize
	nameSize := 17.0
	if fac.HeaderCentered {
		center := func(y int, f FontName, size float64, s string) {
			w := c.fs.width(f, size, s)
			c.text((PageWidth-w)/2, y, f, size, s, false)
		}
		center(190, fac.Title, nameSize, strings.ToUpper(fac.Name))
		y := 250
		if fac.Unit != "" {
			center(y, Italic, 10, fac.Unit)
			y += 50
		}
		center(y, fac.Body, 9, strings.Join(fac.Address, ", ")+"  |  Tel "+fac.Phone)
		c.emit(Op{Kind: OpFill, Rect: image.Rect(c.left-20, y+35, R+20, y+40)})
		if fac.DoubleRule {
			c.emit(Op{Kind: OpFill, Rect: image.Rect(c.left-20, y+50, R+20, y+52)})
		}
		c.text(c.left, 500, fac.Title, titleSize, title, false)
		c.label(R, 390)
	} else {
		// Logo mark: a dark square with a white cross.
		lx, ly, ls := c.left, 110, 150
		c.emit(Op{Kind: OpFill, Rect: image.Rect(lx, ly, lx+ls, ly+ls)})
		c.emit(Op{Kind: OpFill, Rect: image.Rect(lx+ls*2/5, ly+ls/6, lx+ls*3/5, ly+ls*5/6), Ink: 255})
		c.emit(Op{Kind: OpFill, Rect: image.Rect(lx+ls/6, ly+ls*2/5, lx+ls*5/6, ly+ls*3/5), Ink: 255})
		tx := lx + ls + 45
		c.text(tx, 170, fac.Title, nameSize, fac.Name, false)
		y := 225
		if fac.Unit != "" {
			c.text(tx, y, Italic, 9.5, fac.Unit, false)
			y += 48
		}
		for _, a := range fac.Address {
			c.text(tx, y, fac.Body, 9, a, false)
			y += 45
		}
		c.text(tx, y, fac.Body, 9, "Tel "+fac.Phone, false)
		c.label(R, 95)
		c.emit(Op{Kind: OpFill, Rect: image.Rect(c.left-20, 470, R+20, 474)})
		t := title
		if num > 1 {
			t += " (continued)"
		}
		w := c.fs.width(fac.Title, titleSize, t)
		c.text((PageWidth-w)/2, 575, fac.Title, titleSize, t, false)
	}

	// Footer.
	fy := PageHeight - 150
	c.emit(Op{Kind: OpFill, Rect: image.Rect(c.left-20, fy-75, R+20, fy-73)})
	pg := fmt.Sprintf("Page %d of %d", num, total)
	pw := c.fs.width(fac.Body, 10, pg)
	c.text((PageWidth-pw)/2, fy, fac.Body, 10, pg, false)
	form := fmt.Sprintf("%s-%s (Rev. %02d/20%02d)", fac.Code, strings.ReplaceAll(d.Type.Code, "-", ""), 1+int(d.Seed%12), 15+int(d.Seed%8))
	c.text(c.left, fy, Italic, 8.5, form, false)
	right := "CONFIDENTIAL"
	if !fac.HeaderCentered {
		right = LabelName(d.Patient) + "  MRN " + d.Patient.MRN
	}
	rw := c.fs.width(Italic, 8.5, right)
	c.text(R-rw, fy, Italic, 8.5, right, false)
	if fac.Body == Mono {
		printed := docDate(d).Add(time.Duration(14*60+int(d.Seed%300)) * time.Minute)
		c.text(c.left, fy+55, fac.Body, 8, "Printed "+printed.Format("01/02/2006 15:04")+" by CHFC-EHR", false)
	}
	return c.pages[0]
}

// label writes the patient identification block with its top right corner
// at (right, top).
func (c *composer) label(right, top int) {
	fac, p := c.fac, c.d.Patient
	size := 10.0
	f, fb := fac.Body, fac.BodyBold
	if fac.Body == Mono {
		f, fb = Regular, Bold
	}
	lines := [][2]string{
		{"Name: ", LabelName(p)},
		{"MRN: ", p.MRN},
		{"DOB: ", USDate(p.DOB) + "   Sex: " + p.Sex},
	}
	if c.d.Account != "" {
		lines = append(lines, [2]string{"Acct#: ", c.d.Account})
	}
	lh := px(size) * 13 / 10
	w := 0
	for _, l := range lines {
		w = max(w, c.fs.width(fb, size, l[0])+c.fs.width(f, size, l[1]))
	}
	pad := 34
	w = max(w+2*pad, 820)
	h := lh*len(lines) + 2*pad - lh/4
	if fac.LabelSticker {
		h += 95
	}
	r := image.Rect(right-w, top, right, top+h)
	stroke := 4
	if fac.LabelSticker {
		stroke = 2
		// The sticker's shadow edge.
		c.emit(Op{Kind: OpFill, Rect: image.Rect(r.Min.X+8, r.Max.Y, r.Max.X+8, r.Max.Y+6), Ink: 150})
		c.emit(Op{Kind: OpFill, Rect: image.Rect(r.Max.X, r.Min.Y+8, r.Max.X+6, r.Max.Y+6), Ink: 150})
	}
	c.emit(Op{Kind: OpBox, Rect: r, Stroke: stroke})
	y := top + pad + px(size)*4/5
	for _, l := range lines {
		x := r.Min.X + pad
		c.text(x, y, fb, size, l[0], false)
		x += c.fs.width(fb, size, l[0])
		c.text(x, y, f, size, l[1], false)
		y += lh
	}
	if fac.LabelSticker && c.d.LabelBarcode {
		// The MRN as a Code 128 symbol, 0.01 inch modules.
		ops, _ := barcodeOps(barcode.Code128, p.MRN, r.Min.X+pad, y-lh/2+10, 3, 70)
		for _, op := range ops {
			c.emit(op)
		}
	} else if fac.LabelSticker {
		// A barcode-like strip derived from the MRN (decorative, not a
		// real symbology).
		x := r.Min.X + pad
		by := y - lh/2 + 10
		rng := rand.New(rand.NewPCG(uint64(len(p.MRN)), hashString(p.MRN)))
		for x < r.Max.X-pad-12 {
			bw := 3 + rng.IntN(3)*3
			c.emit(Op{Kind: OpFill, Rect: image.Rect(x, by, x+bw, by+70)})
			x += bw + 3 + rng.IntN(3)*3
		}
	}
}

func hashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// chooseTruth fills in every page's Truth: title, MRN and 3-6 body words
// that occur on that page only.
func chooseTruth(pages []*PageSpec) {
	texts := make([]string, len(pages))
	for i, p := range pages {
		texts[i] = strings.ToLower(p.Text())
	}
	elsewhere := func(i int, w string) bool {
		for j, t := range texts {
			if j != i && strings.Contains(t, w) {
				return true
			}
		}
		return false
	}
	for i, p := range pages {
		p.Truth = Truth{Title: p.Doc.Type.Title, MRN: p.Doc.Patient.MRN}
		// Pool terms first, then lab analyte names, then any other long
		// word.
		var rare, lab, other []string
		seen := map[string]bool{}
		for _, op := range p.Ops {
			if op.Kind != OpText || !op.Body {
				continue
			}
			for _, w := range strings.FieldsFunc(op.Text, func(r rune) bool { return !unicode.IsLetter(r) }) {
				lw := strings.ToLower(w)
				if len(lw) < 8 || seen[lw] || elsewhere(i, lw) {
					continue
				}
				seen[lw] = true
				switch {
				case rareWords[lw]:
					rare = append(rare, lw)
				case labWordSet[lw]:
					lab = append(lab, lw)
				case len(lw) >= 9:
					other = append(other, lw)
				}
			}
		}
		words := spread(rare, 6)
		if len(words) < 5 {
			words = append(words, spread(lab, 5-len(words))...)
		}
		if len(words) < 4 {
			slices.SortStableFunc(other, func(a, b string) int { return len(b) - len(a) })
			words = append(words, other[:min(len(other), 4-len(words))]...)
		}
		p.Truth.Words = words
	}
}

// spread picks up to k items evenly spaced through xs (which is in reading
// order), so the words cover the whole page.
func spread(xs []string, k int) []string {
	if len(xs) <= k {
		return append([]string(nil), xs...)
	}
	if k <= 1 {
		return append([]string(nil), xs[:max(k, 0)]...)
	}
	out := make([]string, k)
	for i := range out {
		out[i] = xs[i*(len(xs)-1)/(k-1)]
	}
	return out
}
