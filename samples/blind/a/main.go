package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

type TPage struct {
	File  string  `json:"file"`
	Index int     `json:"index"`
	Role  string  `json:"role"`
	Doc   int     `json:"document"`
	MRN   string  `json:"mrn"`
	Type  string  `json:"type"`
	Text  string  `json:"text"`
	Rot   int     `json:"rotation,omitempty"`
	Skew  float64 `json:"skew_deg"`
}

type TDoc struct {
	Doc        int    `json:"document"`
	MRN        string `json:"mrn"`
	Type       string `json:"type"`
	Misfile    string `json:"misfile,omitempty"`
	Separated  bool   `json:"separated"`
	Title      string `json:"title"`
	AltTitle   bool   `json:"alt_title"`
	LabelStyle string `json:"label_style"`
	Facility   string `json:"facility"`
	Note       string `json:"note,omitempty"`
}

type TBatch struct {
	Name   string  `json:"name"`
	Kind   string  `json:"kind"`
	Format string  `json:"format"`
	DPI    int     `json:"dpi"`
	Pages  []TPage `json:"pages"`
	Docs   []TDoc  `json:"documents"`
}

type item struct {
	pg      *Page
	role    string
	doc     int
	mrn     string
	typ     string
	upside  bool
	blankOf *Page // for blank backs: the front
	punch   int   // -1 none, 0 left,2 top
	staple  bool
	photo   float64
}

type docPlan struct {
	pat      *Patient
	typ      string
	unk      string
	misfile  string
	foreign  *Patient
	coverPat *Patient
	torn     bool
	dup      bool
	size     int
}

var rng *rand.Rand
var ps *PatientSet

func pick[T any](xs []T) T { return xs[rng.IntN(len(xs))] }

var facForType = map[string][]string{
	"34117-2": {"RRMC", "RRMC", "STALD", "MERCY", "EUH"}, "18842-5": {"RRMC", "RRMC", "STALD", "EUH", "MERCY"},
	"11506-3": {"RRMC", "RRMC-4W", "STALD", "RRMC"}, "11488-4": {"RRMC", "LAKECARD", "EUH", "RRMC-ORTHO"},
	"11504-8": {"RRMC", "HVSC", "STALD", "RRMC-ORTHO"}, "28570-0": {"RRMC", "HVSC", "LAKECARD", "EUH"},
	"34111-5": {"RRMC-ED", "RRMC-ED", "MERCY", "STALD"}, "11502-2": {"RRMC-LAB", "RRMC-LAB", "MERCY", "EUH"},
	"18748-4": {"RRMC-RAD", "RRMC-RAD", "EUH", "STALD"}, "11526-1": {"GSPP", "GSPP", "EUH"},
	"34746-8": {"RRMC-4W", "RRMC-4W", "PINE"}, "57133-1": {"NVFM", "LAKECARD", "EUH", "CEDAR"},
	"59284-0": {"RRMC", "HVSC", "RRMC-ORTHO"}, "42348-3": {"RRMC", "CEDAR", "NVFM"},
	"34133-9": {"PINE", "MERCY", "STALD", "CEDAR"}, "MAR": {"RRMC-4W", "RRMC", "PINE"},
	"FACESHEET": {"RRMC", "RRMC-ED"}, "ORDERS": {"RRMC", "RRMC-4W"}, "FLOWSHEET": {"RRMC-4W", "PINE"},
}

var labelStyles = []string{"sticker", "sticker", "sticker", "sticker-covered", "boxed", "boxed", "addressograph", "addressograph", "header-line", "header-line", "footer-line", "footer-line", "first-only", "first-only", "margin-rot", "margin-rot", "wristband"}

func caseFor(pat *Patient, typ string, home map[*Patient]int) *Case {
	ok := func(c *Case) bool {
		switch typ {
		case "11504-8":
			return c.Key == "hip" || c.Key == "appy"
		case "28570-0":
			return c.Proc != "" && c.Key != "hip" && c.Key != "appy"
		case "11526-1":
			return c.Specimen != ""
		case "18748-4":
			return c.RadExam != ""
		}
		return true
	}
	c := &cases[home[pat]%len(cases)]
	if ok(c) {
		return c
	}
	for {
		c = &cases[rng.IntN(len(cases))]
		if ok(c) {
			return c
		}
	}
}

func main() {
	seed := flag.Uint64("seed", 20261203, "random seed")
	out := flag.String("out", "../set", "output dir")
	only := flag.Int("only", -1, "render only batch N (debug)")
	flag.Parse()
	rng = rand.New(rand.NewPCG(*seed, *seed^0x9e3779b97f4a7c15))
	ps = buildPatients(rng, 52, 300)
	must(os.MkdirAll(*out, 0o755))
	must(os.WriteFile(filepath.Join(*out, "mpi.csv"), []byte(ps.CSV()), 0o644))

	home := map[*Patient]int{}
	for i, p := range ps.Batch {
		home[p] = i
	}
	// nearDup finds an MPI patient resembling p (same last name, not in batches)
	nearDup := func(p *Patient) *Patient {
		for _, q := range ps.All {
			if !q.Batch && q.Last == p.Last && q != p {
				return q
			}
		}
		return nil
	}

	// Deal document types.
	weights := map[string]int{"34117-2": 6, "18842-5": 7, "11506-3": 7, "11488-4": 6, "11504-8": 5, "28570-0": 5, "34111-5": 6, "11502-2": 7, "18748-4": 7, "11526-1": 5, "34746-8": 5, "57133-1": 6, "59284-0": 6, "42348-3": 4, "34133-9": 4, "MAR": 5, "FACESHEET": 5, "ORDERS": 5, "FLOWSHEET": 4}
	var deck []string
	for _, k := range []string{"34117-2", "18842-5", "11506-3", "11488-4", "11504-8", "28570-0", "34111-5", "11502-2", "18748-4", "11526-1", "34746-8", "57133-1", "59284-0", "42348-3", "34133-9", "MAR", "FACESHEET", "ORDERS", "FLOWSHEET"} {
		for i := 0; i < weights[k]; i++ {
			deck = append(deck, k)
		}
	}
	for _, u := range []string{"fax", "fax", "insurance", "insurance", "handout", "handout"} {
		deck = append(deck, "UNK:"+u)
	}
	rng.Shuffle(len(deck), func(i, j int) { deck[i], deck[j] = deck[j], deck[i] })

	kinds := []string{}
	for i := 0; i < 11; i++ {
		kinds = append(kinds, "cover")
	}
	for i := 0; i < 10; i++ {
		kinds = append(kinds, "separator")
	}
	for i := 0; i < 11; i++ {
		kinds = append(kinds, "none")
	}
	for i := 0; i < 8; i++ {
		kinds = append(kinds, "duplex")
	}
	rng.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	formats := []string{"png", "png", "png", "png", "png", "png", "png", "png", "png", "jpeg", "jpeg", "jpeg", "jpeg", "jpeg", "jpeg", "jpeg", "jpeg", "jpeg", "tiff", "tiff", "tiff", "tiff", "tiff", "mtiff-bw", "mtiff-bw", "mtiff-bw", "mtiff-bw", "mtiff-bw", "mtiff-gray", "mtiff-gray", "mtiff-gray", "mtiff-gray", "pdf", "pdf", "pdf", "pdf", "pdf", "pdf", "pdf", "pdf"}
	rng.Shuffle(len(formats), func(i, j int) { formats[i], formats[j] = formats[j], formats[i] })

	// Injection quotas.
	foreignLeft, wrongCoverLeft, loneLeft, tornLeft, dupLeft := 8, 4, 2, 1, 2
	di := 0
	coverSeen := 0
	var plans [][]docPlan
	pi := 0
	for bi, kind := range kinds {
		remB := len(kinds) - bi
		avg := float64(len(deck)-di) / float64(remB)
		nd := int(avg + rng.Float64()*1.6 - 0.5)
		if nd < 1 {
			nd = 1
		}
		if nd > 5 {
			nd = 5
		}
		if bi == len(kinds)-1 {
			nd = len(deck) - di
		}
		if di+nd > len(deck) {
			nd = len(deck) - di
		}
		if nd < 1 {
			nd = 1
			deck = append(deck, "11506-3")
		}
		npat := 1
		if kind == "cover" || rng.IntN(3) == 0 {
			npat = 1 + rng.IntN(2)
		}
		pats := []*Patient{}
		for k := 0; k < npat; k++ {
			pats = append(pats, ps.Batch[pi%len(ps.Batch)])
			pi++
		}
		var dp []docPlan
		for k := 0; k < nd; k++ {
			t := deck[di]
			di++
			p := docPlan{pat: pats[k*npat/nd], typ: t, size: pick([]int{1, 2, 2, 3, 3, 4, 4, 5})}
			if strings.HasPrefix(t, "UNK:") {
				p.typ, p.unk = "UNK", t[4:]
			}
			dp = append(dp, p)
		}
		// injections
		if foreignLeft > 0 && bi%5 != 4 {
			for k := range dp {
				if dp[k].unk == "" && dp[k].typ != "FACESHEET" && dp[k].typ != "18748-4" {
					other := ps.Batch[(home[dp[k].pat]+7+rng.IntN(20))%len(ps.Batch)]
					if foreignLeft%3 == 0 {
						if nd := nearDup(dp[k].pat); nd != nil {
							other = nd
						}
					}
					dp[k].misfile, dp[k].foreign, dp[k].size = "foreign-page", other, 3
					foreignLeft--
					break
				}
			}
		}
		if kind == "cover" {
			coverSeen++
		}
		if kind == "cover" && wrongCoverLeft > 0 && coverSeen%2 == 0 {
			k := rng.IntN(len(dp))
			if dp[k].misfile == "" {
				other := ps.Batch[(home[dp[k].pat]+3+rng.IntN(30))%len(ps.Batch)]
				if wrongCoverLeft%2 == 0 {
					if nd := nearDup(dp[k].pat); nd != nil {
						other = nd
					}
				}
				dp[k].misfile, dp[k].coverPat = "wrong-cover", other
				wrongCoverLeft--
			}
		}
		if (kind == "none" || kind == "separator" || kind == "duplex") && loneLeft > 0 && len(dp) >= 3 && npat == 1 && bi > 4 {
			other := ps.Batch[(home[pats[0]]+11)%len(ps.Batch)]
			k := 1
			dp[k].pat = other
			dp[k].misfile = "lone-document"
			loneLeft--
		}
		if kind == "none" && tornLeft > 0 && npat == 1 && len(dp) >= 2 && bi > 10 {
			other := ps.Batch[(home[pats[0]]+17)%len(ps.Batch)]
			torn := docPlan{pat: other, typ: pick([]string{"11506-3", "34746-8"}), torn: true, misfile: "lone-document", size: 1}
			dp = append(dp[:1], append([]docPlan{torn}, dp[1:]...)...)
			tornLeft--
		}
		if dupLeft > 0 && bi%7 == 3 {
			for k := range dp {
				if dp[k].misfile == "" && dp[k].unk == "" {
					dp[k].dup = true
					dp[k].size = 2
					dupLeft--
					break
				}
			}
		}
		plans = append(plans, dp)
	}

	var truth []TBatch
	seq := map[string]int{}
	for bi, kind := range kinds {
		name, format := batchName(bi, kind, formats[bi%len(formats)], seq)
		dpi := 300
		if rng.IntN(4) == 0 {
			dpi = 200
		}
		if *only >= 0 && bi != *only {
			// keep RNG stream roughly independent: still build (cheap skip not possible) -> just skip
			continue
		}
		tb := renderBatch(bi, kind, name, format, dpi, plans[bi], *out, home)
		truth = append(truth, tb)
		fmt.Fprintf(os.Stderr, "%02d %-40s %-9s %-10s docs=%d pages=%d\n", bi, tb.Name, kind, format, len(tb.Docs), len(tb.Pages))
	}
	b, _ := json.MarshalIndent(truth, "", " ")
	must(os.WriteFile(filepath.Join(*out, "truth.json"), b, 0o644))
	_ = foreignLeft
	fmt.Fprintf(os.Stderr, "left: foreign=%d wrongcover=%d lone=%d torn=%d dup=%d\n", foreignLeft, wrongCoverLeft, loneLeft, tornLeft, dupLeft)
}

func batchName(bi int, kind, format string, seq map[string]int) (string, string) {
	day := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC).AddDate(0, 0, bi%9)
	ds := day.Format("20060102")
	var base string
	switch bi % 8 {
	case 0:
		base = fmt.Sprintf("4W-discharge-%s-%03d", ds, bi+1)
	case 1:
		base = fmt.Sprintf("clinic-ortho-%04d", 7+bi)
	case 2:
		base = fmt.Sprintf("HIM-loose-%s-%02d", ds, bi%5+1)
	case 3:
		base = fmt.Sprintf("ED-%s-batch%02d", ds, bi)
	case 4:
		base = fmt.Sprintf("outside-recs-%s-%d", ds, bi%3+1)
	case 5:
		base = fmt.Sprintf("SCAN_%s_%04d", ds, 300+bi*7)
	case 6:
		base = fmt.Sprintf("backlog-box%02d-%04d", 10+bi/8, 40+bi)
	default:
		base = fmt.Sprintf("3E-med-%s-%03d", ds, bi)
	}
	if kind == "duplex" {
		base = "dx-" + base
	}
	switch format {
	case "mtiff-bw", "mtiff-gray":
		return base + ".tif", format
	case "pdf":
		return base + ".pdf", format
	}
	return base, format
}

func renderBatch(bi int, kind, name, format string, dpi int, plans []docPlan, out string, home map[*Patient]int) TBatch {
	tb := TBatch{Name: name, Kind: kind, Format: format, DPI: dpi}
	var items []item
	scan := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC).AddDate(0, 0, bi%9)
	sepKind := pick([]string{"barcode", "patchT", "patchT", "patch2"})
	punchBatch := rng.IntN(4) == 0
	var faxSeq *FaxInfo
	for di, pl := range plans {
		// sheet before the document
		separated := false
		if kind == "cover" {
			cp := pl.pat
			if pl.coverPat != nil {
				cp = pl.coverPat
			}
			pg := coverSheet(rng, cp, pl.typ, scan)
			photo := 0.0
			if rng.IntN(6) == 0 {
				photo = 0.3 + rng.Float64()*0.3
			}
			items = append(items, item{pg: pg, role: "cover", doc: -1, punch: -1, photo: photo})
			separated = true
		} else if kind == "separator" && (di > 0 || rng.IntN(2) == 0) {
			sk := sepKind
			if rng.IntN(4) == 0 {
				sk = pick([]string{"barcode", "patchT", "patch2"})
			}
			photo := 0.0
			if rng.IntN(3) == 0 {
				photo = 0.3 + rng.Float64()*0.65
			}
			items = append(items, item{pg: separatorSheet(rng, sk), role: "separator", doc: -1, punch: -1, photo: photo})
			separated = true
		}
		// build document
		d, x := makeDoc(pl, home)
		// fax chain: outside docs sometimes faxed
		if d.Fac.Outside && pl.unk == "" && rng.IntN(2) == 0 {
			d.Fax = &FaxInfo{From: strings.ToUpper(d.Fac.Name), FromNum: d.Fac.Fax, To: "RRMC HIM", When: x.adm.AddDate(0, 0, 3).Add(time.Duration(rng.IntN(500)) * time.Minute)}
			if faxSeq != nil && faxSeq.From == d.Fax.From {
				d.Fax.Offset = 1
			}
		}
		if pl.unk == "fax" {
			faxSeq = &FaxInfo{From: strings.ToUpper(d.Fac.Name)}
		} else {
			faxSeq = nil
		}
		d.Render(rng)
		pages := d.Pages
		mrns := make([]string, len(pages))
		for i := range mrns {
			mrns[i] = pl.pat.MRN
		}
		if d.Fax != nil {
			d.Fax.Total = len(pages) + d.Fax.Offset + rng.IntN(2)
			// re-stamp fax header with total known: Render already drew with Total 0; redo
			d.Pages = nil
			d.Render(rng)
			pages = d.Pages
			mrns = mrns[:0]
			for range pages {
				mrns = append(mrns, pl.pat.MRN)
			}
		}
		if pl.foreign != nil {
			fp := foreignPage(d, pl, x, home)
			at := 1
			if len(pages) > 2 {
				at = 1 + rng.IntN(len(pages)-1)
			}
			pages = append(pages[:at], append([]*Page{fp}, pages[at:]...)...)
			mrns = append(mrns[:at], append([]string{pl.foreign.MRN}, mrns[at:]...)...)
		}
		note := ""
		if pl.dup && len(pages) >= 1 {
			k := rng.IntN(len(pages))
			cp := &Page{DPI: pages[k].DPI, Img: cloneGray(pages[k].Img), Lines: pages[k].Lines, rnd: rng}
			pages = append(pages[:k+1], append([]*Page{cp}, pages[k+1:]...)...)
			mrns = append(mrns[:k+1], append([]string{mrns[k]}, mrns[k+1:]...)...)
			note = fmt.Sprintf("page %d scanned twice", k+1)
		}
		punch := -1
		if punchBatch || rng.IntN(6) == 0 {
			punch = pick([]int{0, 0, 2})
		}
		staple := len(pages) > 1 && rng.IntN(3) == 0
		duplexPrinted := kind == "duplex" && len(pages) > 1 && rng.IntN(4) == 0
		for i, pg := range pages {
			it := item{pg: pg, role: "content", doc: di, mrn: mrns[i], typ: pl.typ, punch: punch, staple: staple && i == 0}
			if rng.IntN(22) == 0 {
				it.upside = true
			}
			items = append(items, it)
			if kind == "duplex" && (!duplexPrinted || i%2 == 1 || i == len(pages)-1) {
				if duplexPrinted && i%2 == 0 && i != len(pages)-1 {
					continue
				}
				items = append(items, item{role: "blank", doc: -1, blankOf: pg, punch: punch})
			}
		}
		td := TDoc{Doc: di, MRN: pl.pat.MRN, Type: pl.typ, Misfile: pl.misfile, Separated: separated, Title: d.Title, AltTitle: d.Alt, LabelStyle: labStyleName(d.Lab), Facility: d.Fac.Key, Note: note}
		if pl.torn {
			td.Note = "label torn off, no identifiers"
		}
		if pl.unk != "" {
			td.Note = "UNK:" + pl.unk
		}
		tb.Docs = append(tb.Docs, td)
	}
	// duplex: cover/separator sheets also get blank backs (none in duplex kind); fine.
	// Scan and write.
	prof := newProfile(format)
	dir := filepath.Join(out, name)
	multi := format == "mtiff-bw" || format == "mtiff-gray" || format == "pdf"
	if !multi {
		must(os.MkdirAll(dir, 0o755))
	}
	var tpages []tiffPage
	var jpgs [][]byte
	var sizes [][2]int
	var dpis []float64
	for i, it := range items {
		img, sk := scanItem(it, prof, dpi)
		fname := fmt.Sprintf("%04d", i+1)
		idx := 0
		switch format {
		case "png":
			fname += ".png"
			writePNG(filepath.Join(dir, fname), img)
		case "jpeg":
			fname += ".jpg"
			writeJPEG(filepath.Join(dir, fname), img, prof.q+rng.IntN(8))
		case "tiff":
			fname += ".tif"
			bw := prof.bitonal
			writeTIFF(filepath.Join(dir, fname), []tiffPage{{img: img, bitonal: bw, dpi: dpi}})
		case "mtiff-bw", "mtiff-gray":
			tpages = append(tpages, tiffPage{img: img, bitonal: format == "mtiff-bw", dpi: dpi})
			fname, idx = name, i
		case "pdf":
			jpgs = append(jpgs, jpegBytes(img, prof.q))
			sizes = append(sizes, [2]int{img.Rect.Dx(), img.Rect.Dy()})
			dpis = append(dpis, float64(dpi))
			fname, idx = name, i
		}
		text := ""
		if it.pg != nil {
			text = strings.Join(it.pg.Lines, "\n")
		}
		rot := 0
		if it.upside {
			rot = 180
		}
		tb.Pages = append(tb.Pages, TPage{File: fname, Index: idx, Role: it.role, Doc: it.doc, MRN: it.mrn, Type: it.typ, Text: text, Rot: rot, Skew: sk})
	}
	if len(tpages) > 0 {
		writeTIFF(filepath.Join(out, name), tpages)
	}
	if len(jpgs) > 0 {
		writePDF(filepath.Join(out, name), jpgs, sizes, dpis)
	}
	return tb
}

type profile struct {
	bitonal       bool
	q             int
	skew          float64
	noise         float64
	lowP, shadowP float64
	paper         uint8
	thresh        uint8
}

func newProfile(format string) profile {
	p := profile{q: 50 + rng.IntN(30), skew: 0.4 + rng.Float64()*2.6, noise: 2 + rng.Float64()*6, lowP: rng.Float64() * 0.3, shadowP: rng.Float64() * 0.4, paper: uint8(232 + rng.IntN(22)), thresh: uint8(140 + rng.IntN(40))}
	if format == "mtiff-bw" || (format == "tiff" && rng.IntN(2) == 0) {
		p.bitonal = true
	}
	return p
}

func scanItem(it item, prof profile, dpi int) (*image.Gray, float64) {
	var img *image.Gray
	if it.role == "blank" {
		pg := NewPage(300, rng)
		img = pg.Img
		bleed(img, boxBlur(boxBlur(it.blankOf.Img)), 0.008+rng.Float64()*0.03)
		if it.punch == 0 {
			punchHoles(img, 300, 1, rng.IntN(2) == 0)
		} else if it.punch == 2 {
			punchHoles(img, 300, 2, rng.IntN(2) == 0)
		}
		speckle(img, rng, 200+rng.IntN(1500))
	} else {
		img = cloneGray(it.pg.Img)
		if it.photo > 0 {
			img = photocopy(img, rng, it.photo)
		}
		if it.punch >= 0 {
			punchHoles(img, 300, it.punch, rng.IntN(2) == 0)
		}
		if it.staple {
			stapleShadow(img, 300, rng)
		}
		if rng.Float64() < prof.lowP {
			lowContrast(img, uint8(70+rng.IntN(70)))
		}
		speckle(img, rng, rng.IntN(600))
	}
	if it.upside {
		img = rotRight(img, 180)
	}
	if dpi == 200 {
		img = resize(img, 1700, 2200)
	}
	sk := (rng.Float64()*2 - 1) * prof.skew
	img = skew(img, sk)
	paperTone(img, prof.paper, rng, prof.noise)
	if rng.Float64() < prof.shadowP {
		edgeShadow(img, rng.IntN(4), 8+rng.IntN(40), rng)
		if rng.IntN(3) == 0 {
			edgeShadow(img, rng.IntN(4), 6+rng.IntN(20), rng)
		}
	}
	if prof.bitonal {
		threshold(img, prof.thresh)
	}
	return img, float64(int(sk*100)) / 100
}

// makeDoc builds the Doc for a plan.
func makeDoc(pl docPlan, home map[*Patient]int) (*Doc, *ctx) {
	c := caseFor(pl.pat, pl.typ, home)
	adm := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (home[pl.pat]*7)%55).Add(time.Duration(6*60+rng.IntN(16*60)) * time.Minute)
	x := &ctx{r: rng, pat: pl.pat, c: c, adm: adm, dis: adm.AddDate(0, 0, 2+rng.IntN(5)), dfmt: rng.IntN(4), phys: pick(physicians), phys2: pick(physicians)}
	d := &Doc{Type: pl.typ, Pat: pl.pat, Date: adm, Misfile: pl.misfile}
	var fk string
	switch pl.unk {
	case "fax":
		fk = pick([]string{"NVFM", "LAKECARD", "STALD", "EUH", "PINE"})
	case "insurance":
		fk = "RRMC"
	case "handout":
		fk = pick([]string{"RRMC-ORTHO", "HVSC"})
	default:
		fk = pick(facForType[pl.typ])
	}
	d.Fac = facByKey(fk)
	style := pick(labelStyles)
	if pl.typ == "59284-0" || pl.typ == "42348-3" {
		if rng.IntN(2) == 0 {
			style = "body-named"
		}
	}
	if pl.unk == "fax" {
		style = "none"
	}
	if pl.torn {
		style = "torn"
	}
	lab := newLabel(rng, strings.TrimSuffix(style, "-covered"), pl.pat, adm)
	if style == "sticker-covered" {
		lab.Covered = true
	}
	if rng.IntN(6) == 0 {
		lab.NoBarcode = true
	}
	d.Lab = lab
	if pl.unk != "" {
		buildUNK(d, x, pl.unk)
		if pl.unk == "fax" && rng.IntN(2) == 0 {
			// Re: line naming the patient
			d.Blocks = append(d.Blocks[:2], append([]Block{P("Re: " + pl.pat.NameFmt(1) + "  DOB " + DateFmt(pl.pat.DOB, 0))}, d.Blocks[2:]...)...)
		}
		d.PageFooter = 0
		return d, x
	}
	to := pickTitle(rng, pl.typ)
	if pl.torn && to.T == "" {
		to = titles[pl.typ][0]
	}
	d.Title, d.Alt = to.T, to.Alt
	if pl.typ == "59284-0" || pl.typ == "42348-3" || pl.typ == "MAR" || pl.typ == "FACESHEET" || pl.typ == "ORDERS" || pl.typ == "FLOWSHEET" {
		if d.Title == "" {
			d.Title = titles[pl.typ][0].T
		}
	}
	if pl.torn {
		x.pat = &Patient{Last: "", First: "", Sex: pl.pat.Sex, DOB: pl.pat.DOB}
	}
	d.PageFooter = pick([]int{0, 0, 1, 1, 2, 3})
	if pl.torn {
		d.PageFooter = 1
	}
	d.Continued = rng.IntN(4) == 0
	d.LHAll = rng.IntN(3) == 0
	build(d, x, pl.size)
	if pl.torn {
		// anonymise: strip any name mentions
		for i := range d.Blocks {
			d.Blocks[i].Text = strings.ReplaceAll(strings.ReplaceAll(d.Blocks[i].Text, "Mr. ", "Patient "), "Ms. ", "Patient ")
		}
	}
	return d, x
}

// foreignPage renders one page of the same kind of document for another patient.
func foreignPage(host *Doc, pl docPlan, hx *ctx, home map[*Patient]int) *Page {
	fpl := docPlan{pat: pl.foreign, typ: pl.typ, size: 1}
	d, _ := makeDoc(fpl, home)
	d.Fac = host.Fac
	st := pick([]string{"sticker", "boxed", "header-line", "addressograph", "footer-line", "margin-rot"})
	d.Lab = newLabel(rng, st, pl.foreign, d.Date)
	d.PageFooter = host.PageFooter
	d.Render(rng)
	p := d.Pages[0]
	if len(d.Pages) > 1 {
		p = d.Pages[rng.IntN(len(d.Pages))]
	}
	return p
}

func labStyleName(l *Label) string {
	if l.Covered {
		return l.Style + "-covered"
	}
	return l.Style
}
