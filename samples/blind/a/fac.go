package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

type Facility struct {
	Key, Name, Sub string
	Addr           []string
	Layout, Logo   int
	Body, Bold     string
	Ital, Head     string
	Size           float64
	Outside        bool
	Fax            string
}

var facilities = []*Facility{
	{Key: "RRMC", Name: "RIVERBEND REGIONAL MEDICAL CENTER", Addr: []string{"1400 Riverbend Parkway, Millbrook, OH 44870", "Main (419) 555-0100  HIM Fax (419) 555-0199"}, Layout: 0, Logo: 0, Body: "serif", Bold: "serif-b", Ital: "serif-i", Head: "serif-b", Size: 11},
	{Key: "RRMC-RAD", Name: "Riverbend Regional Medical Center", Sub: "Department of Diagnostic Radiology", Addr: []string{"1400 Riverbend Parkway, Millbrook, OH 44870 | (419) 555-0140"}, Layout: 1, Logo: 1, Body: "sans", Bold: "sans-b", Ital: "sans-i", Head: "sans-b", Size: 10.5},
	{Key: "RRMC-LAB", Name: "RIVERBEND CLINICAL LABORATORY", Sub: "CLIA 36D0000000  Medical Director: H. Okonjo, MD", Addr: []string{"1400 Riverbend Pkwy Bldg C  Millbrook OH 44870  (419) 555-0160"}, Layout: 4, Logo: -1, Body: "mono", Bold: "mono-b", Ital: "mono", Head: "mono-b", Size: 9.5},
	{Key: "RRMC-ORTHO", Name: "Riverbend Orthopaedic & Sports Clinic", Addr: []string{"220 Commerce Drive, Suite 300", "Millbrook, Ohio 44870", "Tel 419.555.0220  Fax 419.555.0221"}, Layout: 3, Logo: 2, Body: "fsans", Bold: "fsans-b", Ital: "fsans-i", Head: "fsans-b", Size: 10.5},
	{Key: "STALD", Name: "St. Aldhelm's Hospital", Sub: "A Member of Covenant Health Partners", Addr: []string{"88 Cathedral Street, Port Jessup, OH 43410", "Telephone (567) 555-0300"}, Layout: 0, Logo: 3, Body: "fserif", Bold: "fserif-b", Ital: "fserif-i", Head: "fserif-b", Size: 11, Outside: true, Fax: "(567) 555-0301"},
	{Key: "MERCY", Name: "MERCY CROSSING COMMUNITY HOSPITAL", Addr: []string{"5 Crossing Road  Hadley Falls, OH 44611  Ph 330-555-0410"}, Layout: 2, Logo: 4, Body: "dsans", Bold: "dsans-b", Ital: "dsans-i", Head: "dsans-b", Size: 9.5, Outside: true, Fax: "330-555-0419"},
	{Key: "LAKECARD", Name: "Lakeshore Cardiology Associates, P.C.", Addr: []string{"3300 Lakeshore Boulevard, Suite 210", "Sandusky Bay, OH 44871", "Phone (419) 555-0760 | Fax (419) 555-0761"}, Layout: 5, Logo: 5, Body: "serif", Bold: "serif-b", Ital: "serif-i", Head: "serif-b", Size: 11.5, Outside: true, Fax: "419-555-0761"},
	{Key: "NVFM", Name: "North Valley Family Medicine", Addr: []string{"17 Orchard Lane  Greenfield, OH 44890", "(419) 555-0870"}, Layout: 1, Logo: 6, Body: "dserif", Bold: "dserif-b", Ital: "dserif-i", Head: "dserif-b", Size: 10.5, Outside: true, Fax: "419-555-0871"},
	{Key: "PINE", Name: "PINECREST SKILLED NURSING & REHABILITATION", Addr: []string{"9020 County Road 14, Bellhaven, OH 44811   Tel 419-555-0990"}, Layout: 2, Logo: 7, Body: "narrow", Bold: "narrow-b", Ital: "narrow-i", Head: "narrow-b", Size: 11, Outside: true, Fax: "419-555-0991"},
	{Key: "GSPP", Name: "Granite State Pathology Partners", Sub: "Anatomic & Clinical Pathology", Addr: []string{"410 Quarry Road, Lorain, OH 44052  (440) 555-0450"}, Layout: 3, Logo: 8, Body: "dcond", Bold: "dcond-b", Ital: "dcond-i", Head: "dcond-b", Size: 10, Outside: true, Fax: "440-555-0451"},
	{Key: "EUH", Name: "EASTFIELD UNIVERSITY HOSPITAL", Sub: "Eastfield University Health System", Addr: []string{"1 University Circle, Eastfield, OH 43210", "(614) 555-0500"}, Layout: 0, Logo: 9, Body: "sans", Bold: "sans-b", Ital: "sans-i", Head: "sans-b", Size: 10, Outside: true, Fax: "614-555-0599"},
	{Key: "HVSC", Name: "Harbor View Surgical Center", Addr: []string{"62 Wharf Street", "Port Jessup, OH 43410", "567-555-0620"}, Layout: 5, Logo: 10, Body: "fsans", Bold: "fsans-b", Ital: "fsans-i", Head: "fsans-b", Size: 10.5, Outside: true, Fax: "567-555-0621"},
	{Key: "RRMC-ED", Name: "RIVERBEND REGIONAL MEDICAL CENTER", Sub: "EMERGENCY DEPARTMENT", Addr: []string{"1400 Riverbend Parkway  Millbrook OH 44870  (419) 555-0111"}, Layout: 2, Logo: 0, Body: "dsans", Bold: "dsans-b", Ital: "dsans-i", Head: "dsans-b", Size: 9.5},
	{Key: "CEDAR", Name: "Cedar Hollow Hospice & Palliative Care", Addr: []string{"45 Cedar Hollow Road, Millbrook, OH 44870 · (419) 555-0333"}, Layout: 1, Logo: 11, Body: "fserif", Bold: "fserif-b", Ital: "fserif-i", Head: "fserif-b", Size: 11, Outside: true, Fax: "419-555-0334"},
	{Key: "RRMC-4W", Name: "Riverbend Regional Medical Center", Sub: "Nursing Services - 4 West Medical/Surgical", Addr: []string{"Millbrook, Ohio"}, Layout: 4, Logo: -1, Body: "narrow", Bold: "narrow-b", Ital: "narrow-i", Head: "narrow-b", Size: 10},
}

func facByKey(k string) *Facility {
	for _, f := range facilities {
		if f.Key == k {
			return f
		}
	}
	panic(k)
}

// drawLogo draws a logo shape in box at (x,y) size s inches.
func drawLogo(p *Page, kind int, x, y, s float64) {
	switch kind % 12 {
	case 0: // ring with cross
		p.Circle(x+s/2, y+s/2, s/2, 0, s*0.08)
		p.Fill(x+s*0.42, y+s*0.2, s*0.16, s*0.6, 0)
		p.Fill(x+s*0.2, y+s*0.42, s*0.6, s*0.16, 0)
	case 1: // stacked bars
		for i := 0; i < 4; i++ {
			p.Fill(x, y+float64(i)*s/4, s*(1-float64(i)*0.2), s/6, uint8(i*50))
		}
	case 2: // square with white cross
		p.Fill(x, y, s, s, 30)
		for yy := p.px(y + s*0.12); yy < p.px(y+s*0.88); yy++ {
			for xx := p.px(x + s*0.4); xx < p.px(x+s*0.6); xx++ {
				p.Img.Pix[yy*p.Img.Stride+xx] = 255
			}
		}
		for yy := p.px(y + s*0.4); yy < p.px(y+s*0.6); yy++ {
			for xx := p.px(x + s*0.12); xx < p.px(x+s*0.88); xx++ {
				p.Img.Pix[yy*p.Img.Stride+xx] = 255
			}
		}
	case 3: // shield: filled circle + triangle
		triangle(p, x, y+s*0.3, s, s*0.7, 60)
		p.Circle(x+s/2, y+s*0.3, s*0.3, 60, 0)
	case 4: // two overlapping rings
		p.Circle(x+s*0.35, y+s/2, s*0.33, 0, s*0.06)
		p.Circle(x+s*0.65, y+s/2, s*0.33, 0, s*0.06)
	case 5: // heart-ish: two circles + triangle
		p.Circle(x+s*0.3, y+s*0.35, s*0.25, 20, 0)
		p.Circle(x+s*0.7, y+s*0.35, s*0.25, 20, 0)
		invTriangle(p, x+s*0.06, y+s*0.42, s*0.88, s*0.55, 20)
	case 6: // tree: triangle on stem
		triangle(p, x+s*0.1, y, s*0.8, s*0.7, 40)
		p.Fill(x+s*0.44, y+s*0.7, s*0.12, s*0.3, 40)
	case 7: // mountain range
		triangle(p, x, y+s*0.3, s*0.6, s*0.7, 90)
		triangle(p, x+s*0.35, y+s*0.1, s*0.65, s*0.9, 10)
	case 8: // hexagon-ish box with dot
		p.Box(x, y, s, s, s*0.07)
		p.Circle(x+s/2, y+s/2, s*0.2, 0, 0)
	case 9: // monogram square
		p.Fill(x, y, s, s, 0)
		drawStr(p.Img, p.DPI, "serif-b", s*72*0.55, x+s*0.12, y+s*0.72, "EU", 255)
	case 10: // waves
		for k := 0; k < 3; k++ {
			for i := 0; i < 200; i++ {
				t := float64(i) / 200
				p.Circle(x+t*s, y+s*0.3+float64(k)*s*0.25+math.Sin(t*2*math.Pi)*s*0.08, s*0.035, 20, 0)
			}
		}
	case 11: // leaf ring
		p.Circle(x+s/2, y+s/2, s/2, 100, s*0.1)
		p.Circle(x+s/2, y+s/2, s*0.18, 100, 0)
	}
}

func triangle(p *Page, x, y, w, h float64, g uint8) {
	for yy := p.px(y); yy < p.px(y+h); yy++ {
		t := float64(yy-p.px(y)) / float64(p.px(h))
		cx := x + w/2
		hw := t * w / 2
		fillRect(p.Img, p.px(cx-hw), yy, p.px(cx+hw), yy+1, g)
	}
}
func invTriangle(p *Page, x, y, w, h float64, g uint8) {
	for yy := p.px(y); yy < p.px(y+h); yy++ {
		t := 1 - float64(yy-p.px(y))/float64(p.px(h))
		cx := x + w/2
		hw := t * w / 2
		fillRect(p.Img, p.px(cx-hw), yy, p.px(cx+hw), yy+1, g)
	}
}

// Letterhead draws the facility header within [0.75, right]; returns the y below it.
func (f *Facility) Letterhead(p *Page, right float64) float64 {
	L := 0.75
	cx := (L + right) / 2
	y := 0.55
	switch f.Layout {
	case 0: // centered with logo above
		if f.Logo >= 0 {
			drawLogo(p, f.Logo, cx-0.3, y-0.1, 0.6)
			y += 0.65
		}
		y += 0.2
		sz := 15.0
		for sz > 9 && p.TextW(f.Head, sz, f.Name) > right-L-0.1 {
			sz -= 0.5
		}
		p.TextC(f.Head, sz, cx, y, f.Name)
		y += 0.22
		if f.Sub != "" {
			p.TextC(f.Ital, 10, cx, y, f.Sub)
			y += 0.18
		}
		for _, a := range f.Addr {
			p.TextC(f.Body, 9, cx, y, a)
			y += 0.16
		}
		p.HLine(L, y, right-L, 0.02)
		return y + 0.2
	case 1, 5: // logo left (1) or right (5) with text block
		lx, tx := L, L+0.85
		if f.Layout == 5 {
			lx, tx = right-0.7, L
		}
		drawLogo(p, f.Logo, lx, y, 0.7)
		yy := y + 0.22
		sz := 14.0
		for sz > 9 && p.TextW(f.Head, sz, f.Name) > right-L-0.95 {
			sz -= 0.5
		}
		p.Text(f.Head, sz, tx, yy, f.Name)
		yy += 0.2
		if f.Sub != "" {
			p.Text(f.Ital, 10.5, tx, yy, f.Sub)
			yy += 0.18
		}
		for _, a := range f.Addr {
			p.Text(f.Body, 8.5, tx, yy, a)
			yy += 0.15
		}
		if yy < y+0.8 {
			yy = y + 0.8
		}
		p.HLine(L, yy, right-L, 0.012)
		p.HLine(L, yy+0.04, right-L, 0.005)
		return yy + 0.25
	case 2: // banner: dark bar with white name
		p.Fill(L, y-0.15, right-L, 0.45, 35)
		x := L + 0.12
		if f.Logo >= 0 {
			// white ring logo inside banner
			sub := SubCanvas(0.36, 0.36, p.DPI, p.rnd)
			drawLogo(sub, f.Logo, 0, 0, 0.36)
			for yy := 0; yy < sub.Img.Rect.Dy(); yy++ {
				for xx := 0; xx < sub.Img.Rect.Dx(); xx++ {
					if sub.Img.Pix[yy*sub.Img.Stride+xx] < 128 {
						p.Img.Pix[(p.px(y-0.11)+yy)*p.Img.Stride+p.px(x)+xx] = 255
					}
				}
			}
			x += 0.5
		}
		p.Rec(f.Name)
		sz := 14.0
		for sz > 8 && p.TextW(f.Head, sz, f.Name) > right-x-0.1 {
			sz -= 0.5
		}
		drawStr(p.Img, p.DPI, f.Head, sz, x, y+0.16, f.Name, 255)
		yy := y + 0.5
		if f.Sub != "" {
			p.Text(f.Bold, 10, L, yy, f.Sub)
			yy += 0.18
		}
		for _, a := range f.Addr {
			p.Text(f.Body, 8.5, L, yy, a)
			yy += 0.15
		}
		return yy + 0.15
	case 3: // two columns: name left, address right aligned
		if f.Logo >= 0 {
			drawLogo(p, f.Logo, L, y-0.05, 0.45)
		}
		x := L + 0.55
		sz := 13.0
		for sz > 9 && p.TextW(f.Head, sz, f.Name) > right-x-0.1 {
			sz -= 0.5
		}
		p.Text(f.Head, sz, x, y+0.2, f.Name)
		if f.Sub != "" {
			p.Text(f.Ital, 9.5, x, y+0.38, f.Sub)
		}
		if right < 6 {
			yy := y + 0.56
			for _, a := range f.Addr {
				p.Text(f.Body, 8.5, x, yy, a)
				yy += 0.15
			}
			p.HLine(L, yy, right-L, 0.01)
			return yy + 0.25
		}
		yy := y + 0.05
		for _, a := range f.Addr {
			p.TextR(f.Body, 8.5, right, yy+0.1, a)
			yy += 0.15
		}
		p.HLine(L, y+0.55, right-L, 0.01)
		return y + 0.8
	default: // 4 mono / plain form header
		p.Text(f.Head, 12, L, y+0.1, f.Name)
		yy := y + 0.28
		if f.Sub != "" {
			p.Text(f.Body, 9.5, L, yy, f.Sub)
			yy += 0.17
		}
		for _, a := range f.Addr {
			p.Text(f.Body, 8.5, L, yy, a)
			yy += 0.15
		}
		p.HLine(L, yy, right-L, 0.01)
		return yy + 0.2
	}
}

// ---------------- Labels ----------------

type Label struct {
	Style     string
	Pat       *Patient
	NameSt    int
	DobSt     int
	DobLab    string
	MrnSt     int
	MrnLab    string
	FIN       string
	FINLab    string
	Attending string
	Admit     time.Time
	BarOf     string // "mrn" or "fin"
	Angle     float64
	Covered   bool // a second sticker/stamp hides the bottom of the label
	Side      int  // margin side 0 left 1 right
	Faint     uint8
	NoBarcode bool
	ContName  bool // first-only: continuation pages carry the name only
	Room      string
}

var attendings = []string{"R. Castellano, MD", "P. Nwosu, MD", "L. Haverford, DO", "S. Iyer, MD", "M. Brandt, MD", "K. Oyelaran, MD", "T. Whitcomb, MD", "A. Feldman, MD", "J. Marchetti, DO", "C. Lindgren, MD"}

func newLabel(r *rand.Rand, style string, pat *Patient, admit time.Time) *Label {
	l := &Label{Style: style, Pat: pat, Admit: admit}
	l.NameSt = r.IntN(7)
	l.DobSt = r.IntN(8)
	l.DobLab = dobLabels[r.IntN(len(dobLabels))]
	l.MrnSt = r.IntN(6)
	if r.IntN(2) == 0 {
		l.MrnSt = 0
	}
	l.MrnLab = mrnLabels[r.IntN(len(mrnLabels))]
	switch r.IntN(5) {
	case 0:
		l.FIN, l.FINLab = fmt.Sprintf("%010d", 2600000000+r.IntN(9999999)), "FIN:"
	case 1:
		l.FIN, l.FINLab = fmt.Sprintf("%08d", 60000000+r.IntN(9999999)), "Acct#:"
	case 2:
		l.FIN, l.FINLab = fmt.Sprintf("V%09d", r.IntN(999999999)), "Visit:"
	case 3:
		l.FIN, l.FINLab = fmt.Sprintf("E%08d", r.IntN(99999999)), "Enc #:"
	default:
		l.FIN, l.FINLab = fmt.Sprintf("%09d", 400000000+r.IntN(99999999)), "Account No."
	}
	l.Attending = attendings[r.IntN(len(attendings))]
	l.BarOf = "mrn"
	if r.IntN(3) == 0 {
		l.BarOf = "fin"
	}
	l.Angle = (r.Float64() - 0.5) * 8
	l.Side = r.IntN(2)
	l.Faint = uint8(70 + r.IntN(80))
	l.ContName = r.IntN(2) == 0
	l.Room = fmt.Sprintf("%d%s-%02d", 2+r.IntN(5), []string{"W", "E", "N", "S"}[r.IntN(4)], 1+r.IntN(30))
	return l
}

func (l *Label) name() string { return l.Pat.NameFmt(l.NameSt) }
func (l *Label) dob() string {
	s := DateFmt(l.Pat.DOB, l.DobSt)
	if l.DobLab != "" {
		return l.DobLab + " " + s
	}
	return s
}
func (l *Label) mrn() string { return l.MrnLab + " " + MRNFmt(l.Pat.MRN, l.MrnSt) }
func (l *Label) barData() string {
	if l.BarOf == "fin" {
		return l.FIN
	}
	return l.Pat.MRN
}

// sticker renders the adhesive label to a sub canvas; returns canvas and its text lines.
func (l *Label) sticker(dpi float64, r *rand.Rand, fn string) (*Page, []string) {
	w, h := 2.7, 1.15
	s := SubCanvas(w, h, dpi, r)
	// faint border of the label stock
	s.Box(0, 0, w, h, 0.008)
	for i := range s.Img.Pix {
		if s.Img.Pix[i] == 255 {
			s.Img.Pix[i] = 246
		}
	}
	y := 0.2
	lines := []string{l.name(), fmt.Sprintf("%s  %s %s", l.mrn(), sexWord(l.Pat.Sex), ""), l.dob() + "  Age " + fmt.Sprint(l.Pat.Age(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC))), l.FINLab + " " + l.FIN + "  Adm " + l.Admit.Format("01/02/06")}
	lines[1] = strings.TrimSpace(lines[1])
	pt := []float64{10, 8.5, 8.5, 8}
	var rec []string
	for i, t := range lines {
		f := fn
		if i == 0 {
			f = fn + "-b"
			if _, ok := fontFiles[f]; !ok {
				f = fn
			}
		}
		s.TextNR(f, pt[i], 0.1, y, t)
		rec = append(rec, t)
		y += 0.16
	}
	if !l.NoBarcode {
		s.DrawBarcode("code128", l.barData(), 0.12, y-0.08, 0.0115, 0.3)
	}
	return s, rec
}

func sexWord(s string) string {
	if s == "F" {
		return "F"
	}
	return "M"
}
