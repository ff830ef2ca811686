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

// SheetGrammar says which pages are cover and separator sheets. Facilities
// print their own sheets, so it is configurable.
//
// A page is a sheet only on strong evidence, because a sheet is left out of
// every document and not read: a content page taken for a sheet would be
// lost from the chart. Hospital patient labels carry the MRN as a Code 128
// barcode, so a barcode holding a bare number says nothing about the page;
// such a page is a cover sheet only when its printed heading says so too.
type SheetGrammar struct {
	// Cover matches a cover sheet's barcode; submatch 1 is the MRN and
	// submatch 2 (optional) the document type code. A code with a type
	// (`MRN|TYPE`: the facility's marker) makes the page a cover sheet on
	// its own; a code with the MRN alone only together with CoverHeading.
	Cover *regexp.Regexp
	// Separators are barcode values that only mean "a new document starts".
	Separators []string
	// Patches maps Kodak patch codes ("1", "2", "3", "4", "6", "T") to
	// what the facility uses them for: RoleSeparator starts a new
	// document; RoleBlank leaves the sheet out without a boundary (a
	// scanner control sheet, e.g. patch 4 switching the image mode). A
	// patch sheet is never content.
	Patches map[string]chart.PageRole
	// CoverHeading and SeparatorHeading are the printed headings of the
	// facility's own sheets, for recognising them when the barcode cannot
	// be read. They are specific on purpose: a fax cover sheet is part of
	// the document it covers.
	CoverHeading, SeparatorHeading string
}

// DefaultSheets reads `MRN|LOINC` (LOINC document codes like 18842-5, or
// a local code in capitals such as MAR) on cover sheets, or the MRN alone
// under the heading DOCUMENT COVER SHEET; SEPARATOR on separator sheets;
// and every Kodak patch code as a separator (Patch 2 and Patch T are the
// usual document separators, Patch 3 separates batches, which is a
// document boundary too; 1, 4 and 6 are left to the facility to
// reconfigure).
func DefaultSheets() SheetGrammar {
	return SheetGrammar{
		Cover:      regexp.MustCompile(`^\s*(\d{5,12})\s*(?:\|\s*(\d{1,7}-\d|[A-Z][A-Z0-9_-]{1,15})\s*)?$`),
		Separators: []string{"SEPARATOR", "PATCH2", "PATCH 2", "PATCHT", "PATCH T"},
		Patches: map[string]chart.PageRole{
			"1": chart.RoleSeparator, "2": chart.RoleSeparator, "3": chart.RoleSeparator,
			"4": chart.RoleSeparator, "6": chart.RoleSeparator, "T": chart.RoleSeparator,
		},
		CoverHeading:     "DOCUMENT COVER SHEET",
		SeparatorHeading: "DOCUMENT SEPARATOR SHEET",
	}
}

// Role decides from a page's barcodes, before it is read, whether it is a
// cover or separator sheet. A page with codes that fit neither (a patient
// label's MRN, a specimen label, a wristband) stays content, and so does a
// page whose only cover code is a bare number (see RoleFromText). Two
// cover codes that disagree make the page content too: a person must look.
func (g SheetGrammar) Role(codes []chart.Barcode) (chart.PageRole, *Cover) {
	cover, ok := g.coverCode(codes)
	if !ok {
		return chart.RoleContent, nil
	}
	sep, patch := g.separatorCode(codes)
	switch {
	case cover != nil && cover.TypeCode != "" && sep == "":
		return chart.RoleCover, cover
	case sep != "" && cover == nil:
		return patch, nil
	}
	return chart.RoleContent, nil
}

// coverCode returns what the page's cover codes say (nil when it has none);
// ok is false when two of them disagree.
func (g SheetGrammar) coverCode(codes []chart.Barcode) (cover *Cover, ok bool) {
	if g.Cover == nil {
		return nil, true
	}
	for _, c := range codes {
		if c.Format == "PATCH_CODE" {
			continue
		}
		m := g.Cover.FindStringSubmatch(strings.TrimSpace(c.Text))
		if m == nil {
			continue
		}
		next := &Cover{MRN: m[1], TypeCode: m[2], Format: c.Format}
		if cover != nil && (cover.MRN != next.MRN || (cover.TypeCode != "" && next.TypeCode != "" && cover.TypeCode != next.TypeCode)) {
			return nil, false
		}
		if cover == nil || next.TypeCode != "" {
			cover = next
		}
	}
	return cover, true
}

// separatorCode returns the separator code found on the page ("" when
// none) and the role the facility gives it.
func (g SheetGrammar) separatorCode(codes []chart.Barcode) (string, chart.PageRole) {
	for _, c := range codes {
		text := strings.TrimSpace(c.Text)
		if c.Format == "PATCH_CODE" {
			if role, ok := g.Patches[strings.ToUpper(text)]; ok {
				return "patch " + text, role
			}
			continue
		}
		for _, s := range g.Separators {
			if strings.EqualFold(text, s) {
				return text, chart.RoleSeparator
			}
		}
	}
	return "", chart.RoleContent
}

var typeCodeInText = regexp.MustCompile(`(?i)DOCUMENT\s*TYPE\s*[:#]?\s*(\d{1,7}-\d|[A-Z][A-Z0-9_-]{1,15}\b)`)

// patchCaption is the caption printed on patch sheets ("PATCH T",
// "PATCH 2", "Patch II"), and separatorCaption the words of a separator
// sheet's own printing; both count only on a page of a few words, because
// a clinical page may well mention a nicotine patch or a separator.
var (
	patchCaption     = regexp.MustCompile(`\bPATCH\s*(?:CODE\s*)?(T|II|III|[1-6])\b`)
	separatorCaption = regexp.MustCompile(`\b(DOCUMENT\s+SEPARATOR|SEPARATOR\s+SHEET|SEPARATOR\s+PAGE|NEW\s+DOCUMENT)\b`)
)

// sheetWords is the most words a sheet recognised by its caption may
// carry: a patch or separator sheet prints a line or two, repeated.
const sheetWords = 40

// RoleFromText recognises cover and separator sheets from their printed
// text, for sheets whose barcode could not be read (torn, faded,
// photocopied, covered by a sticky note) and for cover sheets whose code
// holds the MRN alone. Sheets carry their data as text too; a cover read
// only by OCR is a weaker signal, which its Format ("text") records.
func (g SheetGrammar) RoleFromText(p chart.Page) (chart.PageRole, *Cover) {
	head := strings.ToUpper(p.Text)
	if len(head) > 800 {
		head = head[:800]
	}
	words := len(strings.Fields(p.Text))
	switch {
	case g.coverPrinted(p, words):
		c, ok := g.coverCode(p.Barcodes)
		if !ok {
			return chart.RoleContent, nil
		}
		if c == nil {
			c = g.coverFromPrint(p)
		}
		if m := typeCodeInText.FindStringSubmatch(p.Text); m != nil && c.TypeCode == "" {
			c.TypeCode = strings.ToUpper(m[1])
		}
		return chart.RoleCover, c
	case g.SeparatorHeading != "" && headingIn(p.Text, g.SeparatorHeading) && pageMRN(p) == "":
		return chart.RoleSeparator, nil
	case words <= sheetWords && pageMRN(p) == "":
		if m := patchCaption.FindStringSubmatch(head); m != nil {
			code := map[string]string{"II": "2", "III": "3"}[m[1]]
			if code == "" {
				code = m[1]
			}
			if role, ok := g.Patches[code]; ok {
				return role, nil
			}
		}
		if separatorCaption.MatchString(head) {
			return chart.RoleSeparator, nil
		}
	}
	return chart.RoleContent, nil
}

// coverFromPrint reads a cover sheet whose code could not be read from its
// print: the code's data printed under it (`47169378 | ORDERS`), else the
// labelled MRN. The heading alone makes the page a sheet; a cover whose MRN
// cannot be read at all names nobody (MRN ""), and its document is
// identified by its pages alone.
func (g SheetGrammar) coverFromPrint(p chart.Page) *Cover {
	if g.Cover != nil {
		for _, l := range strings.Split(p.Text, "\n") {
			l = strings.Trim(l, " \t\"'`.,;:_-|")
			if m := g.Cover.FindStringSubmatch(l); m != nil {
				return &Cover{MRN: m[1], TypeCode: m[2], Format: "text"}
			}
		}
	}
	return &Cover{MRN: pageMRN(p), Format: "text"}
}

// coverPrinted says whether a page's print makes it a cover sheet: the
// facility's heading, read with OCR's misreadings forgiven; or, on a page
// of few words (a sheet, not a clinical page), the words "cover sheet"
// (not a fax cover) beside a barcode whose number is printed on the page
// as its MRN, or, when no code could be read, beside a printed MRN and a
// document type code.
func (g SheetGrammar) coverPrinted(p chart.Page, words int) bool {
	if g.CoverHeading != "" && headingIn(p.Text, g.CoverHeading) {
		return true
	}
	if words > 2*sheetWords || !coverWords.MatchString(strings.ToUpper(p.Text)) || faxCover.MatchString(strings.ToUpper(p.Text)) {
		return false
	}
	c, ok := g.coverCode(p.Barcodes)
	if !ok {
		return false
	}
	if c == nil {
		// The code is unreadable (a photocopy, a smudge): the sheet's
		// printed fields still say it is one, an MRN and a document
		// type to file under.
		return pageMRN(p) != "" && typeCodeInText.MatchString(p.Text)
	}
	for _, f := range Identify(p) {
		if f.Kind == FoundMRN && (f.Value == c.MRN || mpiNear(f.Value, c.MRN)) {
			return true
		}
	}
	return false
}

var (
	coverWords = regexp.MustCompile(`\bCOVER\s*SHEET\b`)
	faxCover   = regexp.MustCompile(`\bFA[XK]\b|\bFACSIMILE\b|\bTELECOPY\b`)
)

// headingIn reports a printed heading among the first 80 words of a page
// text, word by word, each word forgiven a misread letter or a speck of
// punctuation (Jaro-Winkler 0.88): "PATIENT DOCUMENT. COVER SHEET |"
// holds "DOCUMENT COVER SHEET".
func headingIn(text, heading string) bool {
	letters := func(s string) []string {
		s = strings.NewReplacer("0", "O", "1", "I", "5", "S", "8", "B").Replace(strings.ToUpper(s))
		return strings.FieldsFunc(s, func(r rune) bool { return r < 'A' || r > 'Z' })
	}
	want, have := letters(heading), letters(text)
	if len(want) == 0 {
		return false
	}
	have = have[:min(len(have), 80)]
	for i := 0; i+len(want) <= len(have); i++ {
		ok := true
		for k, w := range want {
			if h := have[i+k]; h != w && JaroWinkler(h, w) < 0.88 {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
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
	case c.MRN == "":
		// A cover recognised by its heading whose MRN could not be read
		// names nobody: the pages alone identify the patient.
		d.Evidence = append(d.Evidence, chart.Evidence{Kind: "cover", Note: "the cover sheet's MRN could not be read"})
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
