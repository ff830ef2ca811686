// Package filing decides how a batch's recognised pages become chart
// documents: where documents begin and end (Splitter), what type each is
// (Classifier), whose chart it belongs in (Matcher), and whether it can be
// filed automatically or must go to QA review (Policy).
//
// Each step is a small interface over plain data, so it can be tested with
// tables and measured, and better implementations plug in without touching
// the pipeline. Patient safety rules the Policy: a document is filed
// automatically only when the patient is matched on two identifiers and
// nothing conflicts; everything else goes to review with its reasons.
package filing

import (
	"context"
	"image"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/chartroom/chartroom/chart"
)

// Segment is a run of pages that a Splitter believes is one document.
type Segment struct {
	Pages []chart.Page
	// Confidence that the segment's boundaries are right (0..1), and why:
	// the cues that found its start, and the same in words.
	Confidence float64
	Cues       []Cue
	Reason     string
	// Cover is the cover sheet in front of the document, if there was one.
	Cover *Cover
}

// Splitter divides a batch's pages (in batch order) into documents. Pages
// that are not content (blank backs, cover and separator sheets) belong to
// no segment.
type Splitter interface {
	Split(ctx context.Context, pages []chart.Page) ([]Segment, error)
}

// Classifier decides a document's type.
type Classifier interface {
	Classify(ctx context.Context, pages []chart.Page) (chart.TypeGuess, []chart.Evidence, error)
}

// Match is a Matcher's answer: the best candidate (nil when none) and every
// identifier it saw, with where it saw it.
type Match struct {
	Patient  *chart.PatientMatch
	Conflict bool // pages name different patients
	Evidence []chart.Evidence
	// PageChecks counts, by page id, the page's own identifiers that agree
	// and disagree with Patient (nil without a patient).
	PageChecks map[string]PageCheck
	// Pages says, page by page, why each page belongs to Patient; set by
	// the Filer when there is a patient (see PageBelonging).
	Pages []PageBelonging
}

// PageCheck is how one page's own identifiers compare with a patient.
type PageCheck struct{ Agree, Disagree int }

// Matcher finds the patient a document belongs to in the MPI.
type Matcher interface {
	Match(ctx context.Context, pages []chart.Page) (Match, error)
}

// IdentifierMatcher is the optional capability of matchers that can match
// identifiers found elsewhere too, such as the MRN a cover sheet's barcode
// carries: it counts as one more identifier, to be confirmed by a second
// one on the pages like any other.
type IdentifierMatcher interface {
	MatchIdentifiers(ids []Found) Match
}

// Policy holds the patient-safety numbers: what the answers must reach for
// a document to be filed without a person's look, and how far a match
// without a known MRN may go. Everything below a threshold goes to review
// with its reason.
type Policy struct {
	MinPatientConfidence  float64 // below: review (patient-low-confidence)
	MinTypeConfidence     float64 // below: review (type-low-confidence)
	MinBoundaryConfidence float64 // below: review (boundary-uncertain)
	MinOCRConfidence      float64 // mean word confidence below: review (ocr-low-confidence)
	// MaxProbabilisticMatch caps the confidence of a match without a known
	// MRN (name and date of birth only). Below MinPatientConfidence, every
	// such document is reviewed.
	MaxProbabilisticMatch float64
	// MatchMarginBits is how much likelier (log2) the best MPI candidate
	// must be than the runner-up when there is no MRN.
	MatchMarginBits float64
}

// DefaultPolicy is deliberately strict: review costs a person a minute, a
// misfile can harm a patient. Name and date of birth without a readable
// MRN never file on their own (0.94 < 0.95).
func DefaultPolicy() Policy {
	return Policy{MinPatientConfidence: 0.95, MinTypeConfidence: 0.80, MinBoundaryConfidence: 0.90, MinOCRConfidence: 0.60,
		MaxProbabilisticMatch: 0.94, MatchMarginBits: mpiDefaultMargin}
}

// Matcher returns an MPI matcher on ix with the policy's matching limits.
func (p Policy) Matcher(ix *MPIIndex) MPIMatcher {
	return MPIMatcher{Index: ix, MaxProbabilistic: p.MaxProbabilisticMatch, MarginBits: p.MatchMarginBits}
}

// Decide sets d's Status and Reasons from what the steps found.
func (p Policy) Decide(d *chart.Document, seg Segment, m Match, ocrConfidence float64) {
	var reasons []chart.Reason
	switch {
	case m.Conflict:
		reasons = append(reasons, chart.ReasonPatientConflict)
	case m.Patient == nil:
		reasons = append(reasons, chart.ReasonPatientNotFound)
	case m.Patient.Confidence < p.MinPatientConfidence:
		reasons = append(reasons, chart.ReasonPatientLowConfidence)
	}
	switch {
	case d.Type.Code == chart.Unknown.Code:
		reasons = append(reasons, chart.ReasonTypeUnknown)
	case d.Type.Confidence < p.MinTypeConfidence:
		reasons = append(reasons, chart.ReasonTypeLowConfidence)
	}
	if seg.Confidence < p.MinBoundaryConfidence {
		reasons = append(reasons, chart.ReasonBoundaryUncertain)
	}
	if ocrConfidence < p.MinOCRConfidence {
		reasons = append(reasons, chart.ReasonLowOCRConfidence)
	}
	for _, b := range m.Pages {
		if !b.ok() {
			reasons = append(reasons, chart.ReasonPageUnidentified)
			break
		}
	}
	for _, f := range d.Flags {
		if f == chart.ReasonMisfileSuspect {
			reasons = append(reasons, f)
		}
	}
	d.Reasons = reasons
	d.Status = chart.StatusFiled
	if len(reasons) > 0 {
		d.Status = chart.StatusReview
	}
}

// HeaderSplitter starts a new document after every cover or separator
// sheet (certain boundaries), and where the content says one starts: a
// page titled as another type, "Page 1 of N" restarting, another
// patient's MRN, a large title the taxonomy does not know, another
// institution's letterhead. Each cue has a confidence; cues that hold
// together combine (noisy-OR), and a weak boundary lowers the confidence of
// the documents on both sides. A page that says it continues ("Page 2 of
// 3", "(continued)") is never split off by a title or letterhead. Cover,
// separator and blank pages belong to no document.
type HeaderSplitter struct {
	Titles TitleRules
	Sheets SheetGrammar
}

// Split implements Splitter.
func (s HeaderSplitter) Split(ctx context.Context, pages []chart.Page) ([]Segment, error) {
	var segs []Segment
	var curType, curMRN string
	var prevNum [2]int        // "Page N of M" of the previous content page; zero if none
	var prevFacility []string // facility header words of the previous content page
	var curBig string         // the large title line of the current document
	var sheet *Segment        // a boundary announced by a sheet, waiting for its first page
	for _, p := range pages {
		switch p.Role {
		case chart.RoleCover:
			_, cover := s.Sheets.Role(p.Barcodes)
			if cover == nil {
				_, cover = s.Sheets.RoleFromText(p)
			}
			sheet = &Segment{Confidence: 1, Cues: []Cue{CueCover}, Reason: string(CueCover), Cover: cover}
			continue
		case chart.RoleSeparator:
			sheet = &Segment{Confidence: 1, Cues: []Cue{CueSeparator}, Reason: string(CueSeparator)}
			continue
		case chart.RoleBlank:
			continue
		}
		big := titleLine(p)
		title, _ := s.Titles.matchWithTitleLine(p, func() string { return big })
		typ := title.guess.Code
		mrn := pageMRN(p)
		var next *Segment
		switch {
		case sheet != nil:
			next, sheet = sheet, nil
		case len(segs) == 0:
			next = &Segment{Confidence: 1, Cues: []Cue{CueBatchStart}, Reason: string(CueBatchStart)}
		default:
			next = contentBoundary(
				// A boundary found from content alone is good, not certain;
				// each cue alone stays at the review threshold at best.
				cue{typ != "" && !continued(p) && (curType != "" && typ != curType ||
					// the document so far has a title the taxonomy does not know
					curType == "" && big != "" && curBig != "" && !sameTitle(big, curBig)), 0.9, CueTitle},
				cue{restarts(prevNum, pageNumber(p)), 0.9, CuePageRestart},
				// "Page 2 of 2" ended a document; an unnumbered page that
				// does not say it continues starts another.
				cue{prevNum[0] > 0 && prevNum[0] == prevNum[1] && pageNumber(p)[0] == 0 && !continued(p), 0.8, CueLastPage},
				// Another patient's page that starts a document. A
				// continuation page of another patient inside a document
				// is not a boundary: it is a misfiled page, and the
				// matcher's conflict sends the whole document to review.
				// An MRN one character from the document's is the same MRN
				// misread; if it is really another patient's, the matcher
				// finds two MPI patients and sends the document to review.
				cue{mrn != "" && curMRN != "" && !mpiNear(mrn, curMRN) && typ != "" && !continued(p), 0.9, CueOtherMRN},
				// A title the taxonomy does not know, printed large at the
				// top of the page, that differs from the document's own.
				cue{typ == "" && big != "" && curBig != "" && !sameTitle(big, curBig) && !continued(p), 0.8, CueTitleLine},
				// Another institution's letterhead on a page that does not
				// say it continues: one institution prints one document,
				// and misreads are forgiven when names are compared.
				cue{facilityChanged(prevFacility, facilityHeader(p)) && !continued(p), 0.9, CueLetterhead},
			)
		}
		if next != nil {
			if n := len(segs); n > 0 && next.Confidence < segs[n-1].Confidence {
				// A boundary is the end of one document as much as the
				// start of the next: doubt about it is doubt about both.
				segs[n-1].Confidence = next.Confidence
			}
			segs = append(segs, *next)
			curType, curMRN, curBig = "", "", ""
		}
		if big != "" && curBig == "" {
			curBig = big
		}
		prevNum = pageNumber(p)
		prevFacility = facilityHeader(p)
		seg := &segs[len(segs)-1]
		seg.Pages = append(seg.Pages, p)
		if typ != "" && curType == "" {
			curType = typ
		}
		if mrn != "" && curMRN == "" {
			curMRN = mrn
		}
	}
	return segs, nil
}

// Cue is a kind of evidence that a document starts before a page.
type Cue string

// The boundary cues, as the evidence names them.
const (
	CueCover       Cue = "cover sheet"
	CueSeparator   Cue = "separator sheet"
	CueBatchStart  Cue = "start of batch"
	CueTitle       Cue = "new document title"
	CuePageRestart Cue = "page numbering restarts"
	CueLastPage    Cue = "the page before was the last of its document"
	CueOtherMRN    Cue = "different MRN"
	CueTitleLine   Cue = "new title line"
	CueLetterhead  Cue = "different facility header"
)

// sheeted reports a segment started by a cover or separator sheet.
func (s Segment) sheeted() bool {
	return slices.Contains(s.Cues, CueCover) || slices.Contains(s.Cues, CueSeparator)
}

// cue is one piece of evidence for a boundary before a page.
type cue struct {
	on   bool
	conf float64
	kind Cue
}

// contentBoundary combines the cues that hold (nil when none does). Cues
// are independent ways of being wrong, so their doubts multiply: two 0.9
// cues make 0.99 (noisy-OR).
func contentBoundary(cues ...cue) *Segment {
	doubt := 1.0
	var kinds []Cue
	var reasons []string
	for _, c := range cues {
		if c.on {
			doubt *= 1 - c.conf
			kinds = append(kinds, c.kind)
			reasons = append(reasons, string(c.kind))
		}
	}
	if kinds == nil {
		return nil
	}
	return &Segment{Confidence: math.Round((1-doubt)*1000) / 1000, Cues: kinds, Reason: strings.Join(reasons, " + ")}
}

// titleLine returns the text of the tallest line in the top 40% of a page
// printed in capitals at least 1.25 times as tall as the page's other
// capitals, leaving out letterheads and label lines: the title as printed,
// whether or not the taxonomy knows it. "" when the page has none.
//
// Only capitals are compared: OCR boxes of mixed-case words grow with
// ascenders and descenders ("Hypokalemia" stands taller than "summary"),
// so their heights say little about the font size; capitals are all one
// height in a font.
func titleLine(p chart.Page) string {
	if len(p.Words) == 0 || p.Height == 0 {
		return ""
	}
	var heights []int
	lines := map[int][]chart.Word{}
	var label []image.Rectangle // the patient's name, MRN, DOB: never a title
	for _, f := range Identify(p) {
		if !f.Box.Empty() {
			label = append(label, f.Box)
		}
	}
	for _, w := range p.Words {
		// A logo or a barcode read as text gives tall boxes of garbage,
		// which OCR itself is unsure of.
		if !capitals(w.Text) || w.Conf < 0.6 || overlapsAny(w.Box, label) {
			continue
		}
		heights = append(heights, w.Box.Dy())
		if w.Box.Min.Y < p.Height*2/5 {
			lines[w.Line] = append(lines[w.Line], w)
		}
	}
	if len(heights) < 8 {
		return "" // too few capitals to know what is usual
	}
	usual := median(heights)
	best, bestH := "", 0
	// Lines in page order, so that of two lines as tall the first wins
	// (map order would make the answer change from run to run).
	for _, ln := range slices.Sorted(maps.Keys(lines)) {
		ws := lines[ln]
		var hs []int
		var text []string
		for _, w := range ws {
			// OCR joins the title and the patient label printed beside
			// it into one line: the title is what comes before the label.
			if labelLine.MatchString(normalizeTitle(w.Text)) {
				break
			}
			hs = append(hs, w.Box.Dy())
			text = append(text, w.Text)
		}
		if len(hs) == 0 {
			continue
		}
		h := median(hs)
		t := normalizeTitle(strings.Join(text, " "))
		if h*100 < usual*125 || len(t) < 4 || facilityWords.MatchString(t) {
			continue
		}
		if h > bestH {
			best, bestH = t, h
		}
	}
	return strings.TrimSpace(strings.TrimSuffix(best, "CONTINUED"))
}

func overlapsAny(r image.Rectangle, rs []image.Rectangle) bool {
	for _, x := range rs {
		if r.Overlaps(x) {
			return true
		}
	}
	return false
}

// capitals reports a word of two or more letters, all capitals, without
// the letters that reach below the line (Q, J) or the punctuation that
// does (a comma), so its box is the font's capital height.
func capitals(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case r == 'Q' || r == 'J' || r == ',' || r == ';':
			return false
		case unicode.IsUpper(r):
			n++
		case unicode.IsLetter(r):
			return false
		}
	}
	return n >= 2
}

// labelLine matches the lines of a patient label, which are not titles.
var labelLine = regexp.MustCompile(`\b(MRN|MR|DOB|NAME|ACCT|ACCOUNT|PATIENT|PAGE)\b`)

// sameTitle forgives OCR misreads between two readings of one title.
func sameTitle(a, b string) bool {
	return a == b || JaroWinkler(a, b) >= 0.9
}

// median is the lower median: with two words, the smaller, so one box
// swollen by a stray mark does not make a heading look like a title.
func median(xs []int) int {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}

// facilityWords mark a line as a letterhead: the institution's name.
// Department names (radiology, laboratory) are left out: a department's
// heading inside one hospital's document is not another letterhead.
var facilityWords = regexp.MustCompile(`\b(HOSPITAL|MEDICAL CENTER|MEDICAL CENTRE|CLINIC|HEALTH|HEALTHCARE|INFIRMARY|MEMORIAL|REGIONAL|UNIVERSITY|ASSOCIATES|PHYSICIANS)\b`)

// genericLetterhead are words many letterheads share; only the others
// (the name: "MERCY", "RIVERSIDE") tell one institution from another.
var genericLetterhead = map[string]bool{
	"HOSPITAL": true, "MEDICAL": true, "CENTER": true, "CENTRE": true, "CLINIC": true, "CLINICS": true, "HEALTH": true,
	"HEALTHCARE": true, "INFIRMARY": true, "MEMORIAL": true, "REGIONAL": true, "UNIVERSITY": true, "ASSOCIATES": true,
	"PHYSICIANS": true, "GENERAL": true, "COMMUNITY": true, "COUNTY": true, "SAINT": true, "THE": true, "AND": true,
	"FOR": true, "DEPARTMENT": true, "DIVISION": true, "SERVICES": true, "SYSTEM": true, "NETWORK": true, "GROUP": true,
	"CARE": true, "INC": true, "LLC": true, "SUITE": true, "STREET": true, "AVENUE": true, "ROAD": true,
}

// facilityHeader returns the name words of the first letterhead line among
// a page's first three lines, or nil when the page starts with none.
func facilityHeader(p chart.Page) []string {
	n := 0
	for _, l := range strings.Split(p.Text, "\n") {
		l = strings.ToUpper(strings.TrimSpace(l))
		if l == "" {
			continue
		}
		if n++; n > 3 {
			break
		}
		if facilityWords.MatchString(l) {
			var words []string
			for _, w := range nonTitle.Split(l, -1) {
				if len(w) >= 3 && !genericLetterhead[w] && strings.IndexFunc(w, unicode.IsDigit) < 0 {
					words = append(words, w)
				}
			}
			return words
		}
	}
	return nil
}

// facilityChanged reports two letterheads whose names share no word; a
// misread letter is forgiven (Jaro-Winkler 0.9), so one bad OCR read does
// not split a document.
func facilityChanged(prev, cur []string) bool {
	if len(prev) == 0 || len(cur) == 0 {
		return false
	}
	for _, a := range cur {
		for _, b := range prev {
			if a == b || JaroWinkler(a, b) >= 0.9 {
				return false
			}
		}
	}
	return true
}

// continued reports pages that say they continue a document: "(continued)",
// "cont'd", or "Page N of M" with N > 1.
func continued(p chart.Page) bool {
	head := strings.ToUpper(p.Text)
	if len(head) > 1500 {
		head = head[:1500]
	}
	if continuedWord.MatchString(head) {
		return true
	}
	m := pageOfN.FindStringSubmatch(strings.ToUpper(p.Text))
	return m != nil && m[1] != "1"
}

// continuedWord matches "(continued)" or "cont'd" but not "discontinued".
var continuedWord = regexp.MustCompile(`\bCONTINUED\b|\bCONT['’]D\b`)

// pageNumber reads "Page N of M" from a page: {N, M}, or zeros.
func pageNumber(p chart.Page) [2]int {
	m := pageOfN.FindStringSubmatch(strings.ToUpper(p.Text))
	if m == nil {
		return [2]int{}
	}
	n, _ := strconv.Atoi(m[1])
	of, _ := strconv.Atoi(m[2])
	if n < 1 || of < n {
		return [2]int{}
	}
	return [2]int{n, of}
}

// restarts reports a page numbered 1 after a numbered page, or any
// numbered page after the last page of a numbered run ("Page 3 of 3").
func restarts(prev, cur [2]int) bool {
	if prev[0] == 0 || cur[0] == 0 {
		return false
	}
	return cur[0] == 1 || (prev[0] == prev[1] && cur[0] <= prev[0])
}

var pageOfN = regexp.MustCompile(`PAGE\s+(\d+)\s+OF\s+(\d+)`)

// pageMRN is the first MRN Identify finds on a page (labels, stickers and
// OCR confusions included), so boundaries and matching read MRNs alike.
func pageMRN(p chart.Page) string {
	for _, f := range Identify(p) {
		if f.Kind == "mrn" {
			return f.Value
		}
	}
	return ""
}
