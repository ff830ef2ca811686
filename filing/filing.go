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
	"regexp"
	"strconv"
	"strings"

	"github.com/chartroom/chartroom/chart"
)

// Segment is a run of pages that a Splitter believes is one document.
type Segment struct {
	Pages []chart.Page
	// Confidence that the segment's boundaries are right (0..1), and why.
	Confidence float64
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
}

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

// Policy turns the answers into a decision.
type Policy struct {
	MinPatientConfidence  float64 // below: review (patient-low-confidence)
	MinTypeConfidence     float64 // below: review (type-low-confidence)
	MinBoundaryConfidence float64 // below: review (boundary-uncertain)
	MinOCRConfidence      float64 // mean word confidence below: review (ocr-low-confidence)
}

// DefaultPolicy is deliberately strict: review costs a person a minute, a
// misfile can harm a patient.
func DefaultPolicy() Policy {
	return Policy{MinPatientConfidence: 0.95, MinTypeConfidence: 0.80, MinBoundaryConfidence: 0.90, MinOCRConfidence: 0.60}
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
// sheet (certain boundaries), and where the page header changes: a page
// titled as a different document type, or a page carrying a different MRN
// (boundaries found from content, good but not certain). Pages without a
// recognisable title or MRN continue the current document. Cover,
// separator and blank pages belong to no document.
type HeaderSplitter struct {
	Titles TitleRules
	Sheets SheetGrammar
}

// Split implements Splitter.
func (s HeaderSplitter) Split(ctx context.Context, pages []chart.Page) ([]Segment, error) {
	var segs []Segment
	var curType, curMRN string
	var prevNum [2]int // "Page N of M" of the previous content page; zero if none
	var sheet *Segment // a boundary announced by a sheet, waiting for its first page
	for _, p := range pages {
		switch p.Role {
		case chart.RoleCover:
			_, cover := s.Sheets.Role(p.Barcodes)
			if cover == nil {
				_, cover = s.Sheets.RoleFromText(p)
			}
			sheet = &Segment{Confidence: 1, Reason: "cover sheet", Cover: cover}
			continue
		case chart.RoleSeparator:
			sheet = &Segment{Confidence: 1, Reason: "separator sheet"}
			continue
		case chart.RoleBlank:
			continue
		}
		typ, _ := s.Titles.pageType(p)
		mrn := pageMRN(p)
		var next *Segment
		switch {
		case sheet != nil:
			next, sheet = sheet, nil
		case len(segs) == 0:
			next = &Segment{Confidence: 1, Reason: "start of batch"}
		case typ != "" && curType != "" && typ != curType:
			// A boundary found from content alone is good, not certain;
			// it stays above the review threshold only when clear-cut.
			next = &Segment{Confidence: 0.9, Reason: "new document title"}
		case restarts(prevNum, pageNumber(p)):
			next = &Segment{Confidence: 0.9, Reason: "page numbering restarts"}
		case mrn != "" && curMRN != "" && mrn != curMRN && typ != "" && !continued(p):
			// Another patient's page that starts a document. A continuation
			// page of another patient inside a document is not a boundary:
			// it is a misfiled page, and the matcher's conflict sends the
			// whole document to review.
			next = &Segment{Confidence: 0.9, Reason: "different MRN"}
		}
		if next != nil {
			segs = append(segs, *next)
			curType, curMRN = "", ""
		}
		prevNum = pageNumber(p)
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
