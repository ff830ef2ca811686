package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

type Block struct {
	Kind    string // title h p runin kv table checks sig legal gap hand center
	Text    string
	Title   string // runin title
	Glue    string // separator between runin title and text
	Items   []string
	Checked []bool
	Rows    [][]string
	Widths  []float64
	HandCol int // table column index from which values are handwritten (-1 none)
	Cols    int
	Size    float64
}

type FaxInfo struct {
	From, FromNum, To string
	Offset, Total     int
	When              time.Time
}

type Doc struct {
	Type, Title string
	Alt         bool
	Pat         *Patient
	Fac         *Facility
	Lab         *Label
	Blocks      []Block
	Date        time.Time
	PageFooter  int
	Continued   bool
	LHAll       bool
	Fax         *FaxInfo
	Misfile     string
	// rendering results
	Pages []*Page
	// foreign page info for truth
	PageMRN []string
}

type flow struct {
	d                   *Doc
	r                   *rand.Rand
	pages               []*Page
	p                   *Page
	y, left, right, bot float64
	fn, fb              string
	pt                  float64
	hdrLine             string
	lead                float64
	lhBottom            float64
}

func (f *flow) lineH() float64 { return f.pt / 72 * f.lead }

func (f *flow) newPage() {
	p := NewPage(300, f.r)
	f.pages = append(f.pages, p)
	f.p = p
	pn := len(f.pages) - 1
	f.left, f.right, f.bot = 0.9, 7.6, 10.05
	d := f.d
	lab := d.Lab
	st := lab.Style
	lhRight := 7.75
	rightZone := (st == "sticker" || st == "boxed" || st == "addressograph" || (st == "first-only" && pn == 0))
	if rightZone {
		lhRight = 5.2
	}
	if st == "margin-rot" {
		if lab.Side == 0 {
			f.left = 1.3
		} else {
			f.right = 7.1
			lhRight = 7.1
		}
	}
	if st == "footer-line" {
		f.bot = 9.8
	}
	var y float64
	if pn == 0 || d.LHAll {
		y = d.Fac.Letterhead(p, lhRight)
	} else {
		// running header
		h := d.Fac.Name
		if d.Title != "" {
			h += " - " + d.Title
		}
		if rightZone {
			h = d.Fac.Name
		}
		p.Text(d.Fac.Ital, 8.5, 0.9, 0.6, h)
		y = 0.85
		if d.Continued && f.r.IntN(2) == 0 {
			p.Text(d.Fac.Ital, 9, 0.9, y+0.05, "(continued from previous page)")
			y += 0.25
		}
	}
	f.lhBottom = y
	ly := f.drawLabel(pn)
	if ly > y {
		y = ly
	}
	f.y = y + 0.1
}

// drawLabel draws the page's patient label and returns y below it.
func (f *flow) drawLabel(pn int) float64 {
	d, p, l, r := f.d, f.p, f.d.Lab, f.r
	bodyFn := d.Fac.Body
	switch l.Style {
	case "sticker", "first-only":
		if l.Style == "first-only" && pn > 0 {
			if l.ContName {
				p.Text(d.Fac.Body, 9, 5.2, 0.6, "Patient: "+l.Pat.NameFmt(l.NameSt))
			}
			return 0
		}
		fn := []string{"sans", "dsans", "fsans", "narrow"}[int(l.Angle*10+100)%4]
		s, rec := l.sticker(p.DPI, r, fn)
		x, y := 5.35+r.Float64()*0.25, 0.3+r.Float64()*0.15
		mask := SubCanvas(2.7, 1.15, p.DPI, r)
		for i := range mask.Img.Pix {
			mask.Img.Pix[i] = 255
		}
		ang := l.Angle
		if pn > 0 {
			ang = (r.Float64() - 0.5) * 6
		}
		p.CompositeOpaque(s.Img, x, y, ang, mask.Img)
		keep := len(rec)
		if l.Covered && pn == 0 {
			// a second sticker (allergy alert) stuck over the lower half
			c := SubCanvas(2.4, 0.75, p.DPI, r)
			c.Fill(0, 0, 2.4, 0.75, 215)
			c.Box(0, 0, 2.4, 0.75, 0.02)
			c.TextNR("sans-b", 14, 0.15, 0.33, "ALLERGY ALERT")
			c.TextNR("sans", 9, 0.15, 0.55, "See allergy band")
			m := SubCanvas(2.4, 0.75, p.DPI, r)
			for i := range m.Img.Pix {
				m.Img.Pix[i] = 255
			}
			p.CompositeOpaque(c.Img, x+0.05, y+0.32, ang+(r.Float64()-0.5)*10, m.Img)
			keep = 1
			rec = append(rec[:keep], "ALLERGY ALERT", "See allergy band")
		}
		for _, t := range rec {
			p.Rec(t)
		}
		return y + 1.35
	case "boxed":
		x, y := 5.3, 0.45
		w, h := 2.45, 1.05
		p.Box(x, y, w, h, 0.015)
		lines := []string{"Patient: " + l.Pat.NameFmt(l.NameSt), l.mrn(), l.dob(), l.FINLab + " " + l.FIN}
		if r.IntN(2) == 0 {
			lines = append(lines, "Attending: "+l.Attending)
		}
		yy := y + 0.2
		for _, t := range lines {
			p.Text(bodyFn, 8.5, x+0.1, yy, t)
			yy += 0.17
		}
		return y + h + 0.1
	case "addressograph":
		x, y := 5.2, 0.45
		lines := []string{
			"MR " + MRNFmt(l.Pat.MRN, l.MrnSt) + "   " + l.FIN,
			strings.ToUpper(l.Pat.NameFmt(0)),
			strings.ToUpper(DateFmt(l.Pat.DOB, []int{0, 1, 5}[l.DobSt%3])) + " " + l.Pat.Sex + "  " + l.Room,
			strings.ToUpper(strings.TrimSuffix(strings.Split(l.Attending, ",")[0], ",")),
			"ADM " + l.Admit.Format("01/02/06"),
		}
		yy := y + 0.15
		for _, t := range lines {
			p.Rec(t)
			cx := x + (r.Float64()-0.5)*0.02
			for _, ch := range t {
				g := l.Faint + uint8(r.IntN(60))
				if r.IntN(25) == 0 {
					g = 220
				}
				cx += drawStr(p.Img, p.DPI, "fmono-b", 10, cx, yy+(r.Float64()-0.5)*0.01, string(ch), g)
			}
			yy += 0.18
		}
		return y + 1.05
	case "header-line":
		t := fmt.Sprintf("%s   %s   %s   %s %s", l.Pat.NameFmt(l.NameSt), l.mrn(), l.dob(), l.FINLab, l.FIN)
		yy := 0.38
		if pn == 0 && !d.LHAll {
			return 0 + f.headerLineBelow(t)
		}
		p.Text(bodyFn, 8.5, 0.9, yy, t)
		p.HLine(0.9, yy+0.05, 6.7, 0.006)
		return 0
	case "footer-line":
		return 0
	case "margin-rot":
		W, H := 3.6, 0.85
		s := SubCanvas(W, H, p.DPI, r)
		s.Box(0.02, 0.02, W-0.04, H-0.04, 0.01)
		t1 := l.Pat.NameFmt(l.NameSt)
		t2 := l.mrn() + "   " + l.dob()
		s.TextNR("sans-b", 9, 0.12, 0.22, t1)
		s.TextNR("sans", 8, 0.12, 0.4, t2)
		s.TextNR("sans", 7.5, 0.12, 0.56, l.FINLab+" "+l.FIN)
		s.DrawBarcode("code128", l.barData(), 1.9, 0.45, 0.009, 0.3)
		p.Rec(t1)
		p.Rec(t2)
		p.Rec(l.FINLab + " " + l.FIN)
		deg := 90.0
		x := 0.12
		if l.Side == 1 {
			deg = -90
			x = 8.5 - 0.12 - H
		}
		p.Composite(s.Img, x, 3.2+r.Float64()*1.5, deg)
		return 0
	case "wristband":
		W, H := 4.8, 0.62
		s := SubCanvas(W, H, p.DPI, r)
		s.Fill(0, 0, W, H, 238)
		s.Box(0, 0, W, H, 0.01)
		s.Circle(0.2, H/2, 0.08, 140, 0.02)
		t1 := strings.ToUpper(l.Pat.NameFmt(0))
		t2 := l.mrn() + "  " + l.dob()
		t3 := l.FINLab + " " + l.FIN + "  " + l.Attending
		s.TextNR("dsans-b", 9.5, 0.4, 0.2, t1)
		s.TextNR("dsans", 7.5, 0.4, 0.36, t2)
		s.TextNR("dsans", 7, 0.4, 0.52, t3)
		s.DrawBarcode("code128", l.barData(), 3.05, 0.1, 0.0095, 0.42)
		p.Rec(t1)
		p.Rec(t2)
		p.Rec(t3)
		y := f.pageTopAfterLH()
		p.Composite(s.Img, 2.9, y, (r.Float64()-0.5)*3)
		return y + H + 0.25
	case "body-named", "torn", "none":
		if l.Style == "torn" && pn == 0 {
			// torn-off label: ragged gray patch with adhesive residue and paper fibres
			x, y := 5.5, 0.4
			for yy := p.px(y); yy < p.px(y+1.0); yy++ {
				x0 := p.px(x + math.Sin(float64(yy)/13)*0.04 + r.Float64()*0.03)
				x1 := p.px(x + 2.4 + math.Cos(float64(yy)/9)*0.05)
				for xx := x0; xx < x1; xx++ {
					g := uint8(200 + r.IntN(40))
					if r.IntN(30) == 0 {
						g = uint8(120 + r.IntN(60))
					}
					setMin(p.Img, xx, yy, g)
				}
			}
			// a strip of the sticker remains, unreadable
			p.Fill(x+0.1, y+0.8, 0.8, 0.12, 180)
			return y + 1.1
		}
		return 0
	}
	return 0
}

func (f *flow) headerLineBelow(t string) float64 { f.hdrLine = t; return 0 }

func (f *flow) pageTopAfterLH() float64 { return f.lhBottom + 0.02 }

func (f *flow) need(h float64) {
	if f.y+h > f.bot {
		f.newPage()
	}
}

func (f *flow) lineAt(fn string, pt float64, x float64, t string) {
	f.need(pt / 72 * f.lead)
	f.y += pt / 72
	f.p.Text(fn, pt, x, f.y, t)
	f.y += pt / 72 * (f.lead - 1)
}

func (f *flow) block(b Block) {
	switch b.Kind {
	case "title":
		f.need(0.5)
		pt := 14.0
		if b.Size > 0 {
			pt = b.Size
		}
		f.y += pt / 72
		if f.d.Fac.Layout == 0 || f.d.Fac.Layout == 2 {
			f.p.TextC(f.fb, pt, (f.left+f.right)/2, f.y, b.Text)
		} else {
			f.p.Text(f.fb, pt, f.left, f.y, b.Text)
		}
		f.y += 0.22
	case "center":
		f.need(0.3)
		f.y += f.pt / 72
		f.p.TextC(f.fb, f.pt, (f.left+f.right)/2, f.y, b.Text)
		f.y += 0.12
	case "h":
		f.need(f.lineH() * 2.5)
		f.y += 0.06
		f.lineAt(f.fb, f.pt, f.left, b.Text)
	case "p", "legal":
		pt := f.pt
		if b.Kind == "legal" {
			pt = f.pt - 1.5
		}
		for _, ln := range f.p.Wrap(f.fn, pt, f.right-f.left, b.Text) {
			f.lineAt(f.fn, pt, f.left, ln)
		}
		f.y += 0.07
	case "runin":
		// title in bold, text continues on the same line
		f.need(f.lineH() * 2)
		tw := f.p.TextW(f.fb, f.pt, b.Title+b.Glue)
		first := f.p.Wrap(f.fn, f.pt, f.right-f.left-tw, b.Text)
		if len(first) == 0 {
			first = []string{""}
		}
		f.y += f.pt / 72
		drawStr(f.p.Img, f.p.DPI, f.fb, f.pt, f.left, f.y, b.Title, 0)
		drawStr(f.p.Img, f.p.DPI, f.fn, f.pt, f.left+tw, f.y, first[0], 0)
		f.p.Rec(b.Title + b.Glue + first[0])
		f.y += f.pt / 72 * 0.32
		words := strings.Fields(b.Text)
		nfw := len(strings.Fields(first[0]))
		rest := strings.Join(words[nfw:], " ")
		for _, ln := range f.p.Wrap(f.fn, f.pt, f.right-f.left, rest) {
			f.lineAt(f.fn, f.pt, f.left, ln)
		}
		f.y += 0.07
	case "hand": // label: handwritten value lines
		for _, it := range b.Items {
			parts := strings.SplitN(it, "|", 2)
			f.need(0.34)
			f.y += 0.26
			w := f.p.Text(f.fn, f.pt, f.left, f.y, parts[0])
			f.p.HLine(f.left+w+0.05, f.y+0.03, f.right-f.left-w-0.05, 0.008)
			if len(parts) > 1 && parts[1] != "" {
				f.p.Hand(f.left+w+0.15, f.y-0.02, parts[1], f.pt+2)
			}
			f.y += 0.08
		}
		f.y += 0.05
	case "kv":
		cols := b.Cols
		if cols == 0 {
			cols = 2
		}
		cw := (f.right - f.left) / float64(cols)
		for i := 0; i < len(b.Items); i += cols {
			f.need(f.lineH() + 0.05)
			f.y += f.pt / 72
			for c := 0; c < cols && i+c < len(b.Items); c++ {
				parts := strings.SplitN(b.Items[i+c], "|", 2)
				x := f.left + float64(c)*cw
				if len(parts) > 1 && b.HandCol != 1 {
					w := f.p.TextNR(f.fb, f.pt-1, x, f.y, parts[0])
					f.p.TextNR(f.fn, f.pt-1, x+w+0.08, f.y, parts[1])
					f.p.Rec(parts[0] + " " + parts[1])
					continue
				}
				w := f.p.Text(f.fb, f.pt-1, x, f.y, parts[0])
				if len(parts) > 1 {
					f.p.Hand(x+w+0.08, f.y, parts[1], f.pt+1)
				}
			}
			f.y += f.pt/72*0.32 + 0.06
		}
		f.y += 0.06
	case "checks":
		cols := b.Cols
		if cols == 0 {
			cols = 1
		}
		cw := (f.right - f.left) / float64(cols)
		for i := 0; i < len(b.Items); i += cols {
			f.need(0.27)
			f.y += 0.2
			for c := 0; c < cols && i+c < len(b.Items); c++ {
				x := f.left + float64(c)*cw
				f.p.Checkbox(x, f.y+0.01, b.Checked[i+c])
				// wrap long items within column
				f.p.Text(f.fn, f.pt-0.5, x+0.22, f.y, b.Items[i+c])
			}
			f.y += 0.07
		}
		f.y += 0.06
	case "table":
		pt := f.pt - 1
		if b.Size > 0 {
			pt = b.Size
		}
		rh := pt/72*1.3 + 0.06
		total := 0.0
		for _, w := range b.Widths {
			total += w
		}
		sc := (f.right - f.left) / total
		drawRow := func(row []string, bold bool) {
			f.need(rh)
			x := f.left
			y := f.y + pt/72 + 0.02
			var cells []string
			for i, c := range row {
				w := b.Widths[i] * sc
				if c != "" {
					fn := f.fn
					if bold {
						fn = f.fb
					}
					if !bold && b.HandCol >= 0 && i >= b.HandCol && b.HandCol > 0 {
						f.p.Hand(x+0.04, y, c, pt+1)
					} else {
						drawStr(f.p.Img, f.p.DPI, fn, pt, x+0.04, y, c, 0)
						cells = append(cells, c)
					}
				}
				x += w
			}
			if len(cells) > 0 {
				// record printed cells as one line, handwritten recorded by Hand
				f.p.Lines = append(f.p.Lines, strings.Join(cells, " "))
			}
			f.p.HLine(f.left, f.y+rh, f.right-f.left, 0.006)
			if b.Cols == 1 { // grid
				xx := f.left
				for _, w := range b.Widths {
					f.p.VLine(xx, f.y, rh, 0.006)
					xx += w * sc
				}
				f.p.VLine(f.right, f.y, rh, 0.006)
			}
			f.y += rh
		}
		if len(b.Rows) > 0 {
			f.need(rh * 3)
			f.p.HLine(f.left, f.y, f.right-f.left, 0.01)
			drawRow(b.Rows[0], true)
			for _, row := range b.Rows[1:] {
				if f.y+rh > f.bot {
					f.newPage()
					f.p.HLine(f.left, f.y, f.right-f.left, 0.01)
					drawRow(b.Rows[0], true)
				}
				drawRow(row, false)
			}
		}
		f.y += 0.12
	case "sig":
		f.need(0.75)
		f.y += 0.45
		scribble(f.p, f.left+0.1, f.y-0.05, f.r)
		f.p.HLine(f.left, f.y+0.02, 3.0, 0.008)
		f.y += 0.17
		f.p.Text(f.fn, f.pt-1.5, f.left, f.y, b.Text)
		f.y += 0.1
	case "gap":
		f.y += 0.15
	}
}

func scribble(p *Page, x, y float64, r *rand.Rand) {
	cx, cy := x, y
	ang := 0.0
	for i := 0; i < 200+r.IntN(120); i++ {
		ang += 0.35 + (r.Float64()-0.3)*0.5
		cx += 0.006 + math.Cos(ang)*0.012
		cy += math.Sin(ang) * 0.018
		if cy < y-0.25 {
			cy = y - 0.25
		}
		if cy > y+0.02 {
			cy = y + 0.02
		}
		p.Circle(cx, cy, 0.007, 40, 0)
	}
}

// Render lays the document out into pages.
func (d *Doc) Render(r *rand.Rand) {
	f := &flow{d: d, r: r, fn: d.Fac.Body, fb: d.Fac.Bold, pt: d.Fac.Size + 0.8, lead: 1.3 + 0.35*r.Float64()}
	f.newPage()
	if f.hdrLine != "" {
		f.p.Text(d.Fac.Body, 9, 0.9, f.y+0.1, f.hdrLine)
		f.p.HLine(0.9, f.y+0.16, 6.7, 0.006)
		f.y += 0.3
	}
	for _, b := range d.Blocks {
		f.block(b)
	}
	d.Pages = f.pages
	n := len(d.Pages)
	for i, p := range d.Pages {
		if d.Lab.Style == "footer-line" {
			l := d.Lab
			t := fmt.Sprintf("%s | %s | %s | %s %s", strings.ToUpper(l.Pat.NameFmt(0)), l.mrn(), l.dob(), l.FINLab, l.FIN)
			p.HLine(0.9, 10.0, 6.7, 0.006)
			p.Text(d.Fac.Body, 8, 0.9, 10.15, t)
		}
		if d.Continued && i < n-1 {
			p.Text(d.Fac.Ital, 9, 6.3, 10.3, "(continued)")
		}
		switch d.PageFooter {
		case 1:
			p.TextC(d.Fac.Body, 8.5, 4.25, 10.55, fmt.Sprintf("Page %d of %d", i+1, n))
		case 2:
			p.Text(d.Fac.Body, 8, 0.9, 10.55, fmt.Sprintf("Printed %s   Page %d of %d", d.Date.AddDate(0, 0, 1).Format("01/02/2006 15:04"), i+1, n))
		case 3:
			p.TextR(d.Fac.Body, 8, 7.6, 10.55, fmt.Sprintf("Pg %d/%d", i+1, n))
		}
		if d.Fax != nil {
			fx := d.Fax
			t := fmt.Sprintf("%s  FROM: %s  %s  TO: %s  PAGE %03d/%03d", strings.ToUpper(fx.When.Format("Jan-02-2006 15:04")), fx.From, fx.FromNum, fx.To, fx.Offset+i+1, fx.Total)
			drawStr(p.Img, p.DPI, "dmono", 7.5, 0.3, 0.2, t, 30)
			p.Lines = append([]string{t}, p.Lines...)
		}
	}
}
