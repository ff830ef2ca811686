package filing

import (
	"regexp"
	"strings"

	"github.com/chartroom/chartroom/chart"
)

// Cover is what a patient cover sheet says about the document after it.
type Cover struct {
	MRN      string
	TypeCode string // "" when the sheet carries the MRN only
	Format   string // barcode format it was read from
}

// SheetGrammar says which barcode values mark cover and separator sheets.
// Facilities print their own sheets, so both are configurable.
type SheetGrammar struct {
	// Cover matches a cover sheet's barcode; submatch 1 is the MRN and
	// submatch 2 (optional) the document type code.
	Cover *regexp.Regexp
	// Separators are barcode values that only mean "a new document starts".
	Separators []string
	// CoverHeading and SeparatorHeading are the printed headings of the
	// facility's own sheets, for recognising them when the barcode cannot
	// be read. They are specific on purpose: a fax cover sheet is part of
	// the document it covers.
	CoverHeading, SeparatorHeading string
}

// DefaultSheets reads `MRN|LOINC` or `MRN` alone on cover sheets (LOINC
// document codes like 18842-5, or a local code in capitals such as MAR),
// and SEPARATOR or PATCH2 on separator sheets.
func DefaultSheets() SheetGrammar {
	return SheetGrammar{
		Cover:            regexp.MustCompile(`^\s*(\d{5,12})\s*(?:\|\s*(\d{1,7}-\d|[A-Z][A-Z0-9_-]{1,15})\s*)?$`),
		Separators:       []string{"SEPARATOR", "PATCH2", "PATCH 2"},
		CoverHeading:     "DOCUMENT COVER SHEET",
		SeparatorHeading: "DOCUMENT SEPARATOR SHEET",
	}
}

// Role decides from a page's barcodes whether it is a cover or separator
// sheet. A page with codes that fit neither (a specimen label, a
// wristband) stays content. Two cover codes that disagree make the page
// content too: a person must look.
func (g SheetGrammar) Role(codes []chart.Barcode) (chart.PageRole, *Cover) {
	var cover *Cover
	separator := false
	for _, c := range codes {
		text := strings.TrimSpace(c.Text)
		if c.Format == "PATCH_CODE" && text == "2" {
			separator = true // Patch 2: "a new document starts"
		}
		for _, s := range g.Separators {
			if strings.EqualFold(text, s) {
				separator = true
			}
		}
		if g.Cover == nil {
			continue
		}
		if m := g.Cover.FindStringSubmatch(text); m != nil {
			next := &Cover{MRN: m[1], TypeCode: m[2], Format: c.Format}
			if cover != nil && (cover.MRN != next.MRN || (cover.TypeCode != "" && next.TypeCode != "" && cover.TypeCode != next.TypeCode)) {
				return chart.RoleContent, nil
			}
			if cover == nil || next.TypeCode != "" {
				cover = next
			}
		}
	}
	switch {
	case cover != nil && !separator:
		return chart.RoleCover, cover
	case separator && cover == nil:
		return chart.RoleSeparator, nil
	}
	return chart.RoleContent, nil
}

var typeCodeInText = regexp.MustCompile(`(?i)DOCUMENT\s*TYPE\s*[:#]?\s*(\d{1,7}-\d|[A-Z][A-Z0-9_-]{1,15}\b)`)

// RoleFromText recognises cover and separator sheets from their printed
// text, for sheets whose barcode could not be read (torn, faded, covered by
// a sticky note). Sheets carry their data as text too; a sheet read only by
// OCR is a weaker signal, which its Format ("text") records.
func (g SheetGrammar) RoleFromText(p chart.Page) (chart.PageRole, *Cover) {
	head := strings.ToUpper(p.Text)
	if len(head) > 800 {
		head = head[:800]
	}
	switch {
	case g.CoverHeading != "" && strings.Contains(head, g.CoverHeading):
		mrn := pageMRN(p)
		if mrn == "" {
			return chart.RoleContent, nil
		}
		c := &Cover{MRN: mrn, Format: "text"}
		if m := typeCodeInText.FindStringSubmatch(p.Text); m != nil {
			c.TypeCode = strings.ToUpper(m[1])
		}
		return chart.RoleCover, c
	case g.SeparatorHeading != "" && strings.Contains(head, g.SeparatorHeading) && pageMRN(p) == "":
		return chart.RoleSeparator, nil
	}
	return chart.RoleContent, nil
}

// ApplyCover folds what a cover sheet says into a document's decision
// inputs. The sheet's type code, when the taxonomy knows it, is the type
// (a staff member chose it); a title on the pages that names another type
// lowers that to review. The sheet's MRN must agree with the patient the
// pages identify: a disagreement is a suspected misfile — the cover of one
// patient in front of another patient's document — and goes to review with
// both candidates. When the pages identify nobody, the sheet's MRN is
// proposed at a confidence below auto-filing: one identifier alone never
// files a document.
func ApplyCover(d *chart.Document, c *Cover, m *Match, rules []TypeRule) {
	if c == nil {
		return
	}
	d.Evidence = append(d.Evidence, chart.Evidence{Kind: "cover", Value: c.MRN + "|" + c.TypeCode, Note: "cover sheet barcode " + c.Format})
	if c.TypeCode != "" {
		for _, r := range rules {
			if r.Code != c.TypeCode {
				continue
			}
			conf := 0.99
			if d.Type.Code != chart.Unknown.Code && d.Type.Code != "" && d.Type.Code != r.Code {
				conf = 0.5
				d.Evidence = append(d.Evidence, chart.Evidence{Kind: "type", Value: d.Type.Code, Note: "the pages' title disagrees with the cover sheet"})
			}
			d.Type = chart.TypeGuess{DocType: r.DocType, Confidence: conf}
		}
	}
	switch {
	case m.Conflict:
		// The pages disagree with the cover (or with each other): the cover
		// of one patient in front of another's document looks like this.
		d.Flags = append(d.Flags, chart.ReasonMisfileSuspect)
	case m.Patient == nil:
		m.Patient = &chart.PatientMatch{MRN: c.MRN, Confidence: 0.9}
		m.Evidence = append(m.Evidence, chart.Evidence{Kind: "mrn", Value: c.MRN, Note: "from the cover sheet only; the pages do not identify the patient"})
	case m.Patient.MRN != c.MRN:
		m.Conflict = true
		d.Flags = append(d.Flags, chart.ReasonMisfileSuspect)
		m.Evidence = append(m.Evidence, chart.Evidence{Kind: "mrn", Value: c.MRN, Note: "cover sheet names another patient than the pages (" + m.Patient.MRN + ")"})
	default:
		// Cover and pages agree. The cover repeats an identifier, it does
		// not add a second one: raise only a match the pages already
		// confirmed with two identifiers.
		if m.Patient.Confidence >= 0.95 && m.Patient.Confidence < 0.99 && !m.Conflict {
			m.Patient.Confidence = 0.99
		}
	}
}
