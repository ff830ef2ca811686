package filing

import (
	"strconv"

	"github.com/chartroom/chartroom/chart"
)

// Page-level patient safety.
//
// A document is matched to a patient on the identifiers of all its pages
// together, so a page that carries none borrows its neighbours' patient.
// That is right for the second page of a discharge summary and wrong for a
// one-page report of another patient whose label could not be read that a
// splitter joined to the next document. Before a document is filed
// automatically, every page must show why it belongs: its own identifiers
// agree with the patient, or it is tied to the page before it in the same
// document by strong continuity. A page that shows neither keeps the
// document out of the chart (review, page-unidentified).

// BelongKind is why a page belongs to its document's patient.
type BelongKind string

const (
	// BelongIdentifiers: the page's own MRN, name or date of birth agree
	// with the patient, and none disagrees.
	BelongIdentifiers BelongKind = "identifiers"
	// BelongCover: the first page after a cover sheet that names the
	// patient.
	BelongCover BelongKind = "cover-sheet"
	// BelongPageNumber: "Page N of M" following "Page N-1 of M".
	BelongPageNumber BelongKind = "page-number"
	// BelongEncounter: the same account or encounter number as the page
	// before.
	BelongEncounter BelongKind = "same-encounter"
	// BelongContinued: the page says it continues ("(continued)", "Page 2
	// of 3") and has no first-page cue of its own.
	BelongContinued BelongKind = "continued"
	// BelongSheets: inside a document bounded by cover or separator sheets
	// (the operator put a sheet before it), a page with no first-page cue
	// of its own.
	BelongSheets BelongKind = "within-sheets"
	// BelongNone: nothing on the page ties it to the patient.
	BelongNone BelongKind = "none"
	// BelongOther: the page's identifiers disagree with the patient.
	BelongOther BelongKind = "other-patient"
)

// PageBelonging is the verdict for one page of a document.
type PageBelonging struct {
	PageID string
	Kind   BelongKind
	Note   string // what tied it, without identifiers
}

// ok reports a page that may be filed with its document.
func (b PageBelonging) ok() bool { return b.Kind != BelongNone && b.Kind != BelongOther }

// pageFacts is what the belonging rules read off one page.
type pageFacts struct {
	ids      []Found
	number   [2]int // "Page N of M"
	cont     bool   // says it continues
	first    bool   // has a first-page cue: "Page 1 of", a title of its own
	accounts map[string]bool
}

func (f Filer) pageFacts(p chart.Page, ids []Found) pageFacts {
	pf := pageFacts{ids: ids, number: pageNumber(p), cont: continued(p)}
	big := titleLine(p)
	title, _ := TitleRules{Rules: f.Taxonomy}.matchWithTitleLine(p, func() string { return big })
	pf.first = pf.number[0] == 1 || (!pf.cont && (title.guess.Code != "" || big != ""))
	for _, id := range ids {
		if id.Kind == FoundAccount {
			if pf.accounts == nil {
				pf.accounts = map[string]bool{}
			}
			pf.accounts[id.Value] = true
		}
	}
	return pf
}

// belongings decides, page by page, why each page of a document belongs to
// patient mrn. ids holds each page's identifiers, in page order.
func (f Filer) belongings(seg Segment, ids [][]Found, m Match) []PageBelonging {
	mrn := m.Patient.MRN
	sheets := seg.sheeted()
	out := make([]PageBelonging, len(seg.Pages))
	var prev pageFacts
	for i, p := range seg.Pages {
		cur := f.pageFacts(p, ids[i])
		b := PageBelonging{PageID: p.ID, Kind: BelongNone}
		agree, disagree := m.PageChecks[p.ID].Agree, m.PageChecks[p.ID].Disagree
		switch {
		case disagree > 0:
			b.Kind, b.Note = BelongOther, strconv.Itoa(disagree)+" identifier(s) of another patient"
		case agree > 0:
			b.Kind, b.Note = BelongIdentifiers, strconv.Itoa(agree)+" identifier(s) agree"
		case i == 0 && seg.Cover != nil && seg.Cover.MRN == mrn:
			b.Kind, b.Note = BelongCover, "the cover sheet before it names the patient"
		case i == 0:
			b.Note = "the first page of the document carries no identifiers"
		case prev.number[0] > 0 && cur.number[0] == prev.number[0]+1 && cur.number[1] == prev.number[1]:
			b.Kind, b.Note = BelongPageNumber, "page "+strconv.Itoa(cur.number[0])+" of "+strconv.Itoa(cur.number[1])+" follows page "+strconv.Itoa(prev.number[0])
		case sharesAccount(prev.accounts, cur.accounts):
			b.Kind, b.Note = BelongEncounter, "the same account or encounter number as the page before"
		case cur.cont && !cur.first:
			b.Kind, b.Note = BelongContinued, "the page says it continues the one before"
		case sheets && !cur.first:
			b.Kind, b.Note = BelongSheets, "inside a document bounded by sheets, with no first-page cue"
		case cur.first:
			b.Note = "no identifiers, and the page starts a document of its own (page 1, or a title)"
		default:
			b.Note = "no identifiers, and nothing ties the page to the one before"
		}
		out[i] = b
		prev = cur
	}
	return out
}

func sharesAccount(a, b map[string]bool) bool {
	for v := range b {
		if a[v] {
			return true
		}
	}
	return false
}

// CheckPage compares the identifiers found on one page with the patient of
// mrn and counts those that agree and disagree: each MRN, name and date of birth of
// the page is compared with the patient of mrn as the matcher compares
// them (an MRN one character off that no patient holds is the patient's,
// misread; a last name alone that is the patient's agrees).
func (m MPIMatcher) CheckPage(ids []Found, mrn string) (agree, disagree int) {
	if m.Index == nil {
		return 0, 0
	}
	id, st := m.Index.lookupMRN(mrn)
	if st != mpiMRNFound {
		return 0, 0
	}
	r := &mpiRun{m: m, ix: m.Index}
	for i := range ids {
		f := &ids[i]
		switch f.Kind {
		case FoundMRN:
			switch s, _ := r.compare(f, id); {
			case s == mpiAgree || (s == mpiAbsent && mpiNear(f.Value, mrn)):
				agree++
			case s == mpiDisagree:
				disagree++
			}
		case FoundNumber:
			if f.Value == mrn {
				agree++
			}
		case FoundName, FoundDOB:
			switch s, _ := r.compare(f, id); {
			case s == mpiAgree:
				agree++
			case s == mpiPartial && f.Kind == FoundName && r.bareLastNameFits(f.Value, id):
				agree++
			case s == mpiDisagree:
				disagree++
			}
		}
	}
	return agree, disagree
}
