package synth

import (
	"image"

	"github.com/chartroom/chartroom/chart"
)

// Page geometry: US letter at 300 dpi.
const (
	DPI        = 300
	PageWidth  = 2550 // 8.5 in
	PageHeight = 3300 // 11 in
)

// DocType is a chart document type: its LOINC code and display name (the
// chart.DocType) plus the title printed on the page.
type DocType struct {
	chart.DocType
	Title string
}

// The document types synth can write, with their LOINC document codes.
var (
	HistoryAndPhysical = DocType{chart.DocType{Code: "34117-2", Display: "History and physical note"}, "HISTORY AND PHYSICAL"}
	DischargeSummary   = DocType{chart.DocType{Code: "18842-5", Display: "Discharge summary"}, "DISCHARGE SUMMARY"}
	ProgressNote       = DocType{chart.DocType{Code: "11506-3", Display: "Progress note"}, "PROGRESS NOTE"}
	ConsultNote        = DocType{chart.DocType{Code: "11488-4", Display: "Consult note"}, "CONSULTATION NOTE"}
	OperativeReport    = DocType{chart.DocType{Code: "11504-8", Display: "Surgical operation note"}, "OPERATIVE REPORT"}
	ProcedureNote      = DocType{chart.DocType{Code: "28570-0", Display: "Procedure note"}, "PROCEDURE NOTE"}
	EmergencyNote      = DocType{chart.DocType{Code: "34111-5", Display: "Emergency department note"}, "EMERGENCY DEPARTMENT RECORD"}
	LaboratoryReport   = DocType{chart.DocType{Code: "11502-2", Display: "Laboratory report"}, "LABORATORY REPORT"}
	RadiologyReport    = DocType{chart.DocType{Code: "18748-4", Display: "Diagnostic imaging study"}, "RADIOLOGY REPORT"}
	PathologyReport    = DocType{chart.DocType{Code: "11526-1", Display: "Pathology study"}, "SURGICAL PATHOLOGY REPORT"}
	NursingNote        = DocType{chart.DocType{Code: "34746-8", Display: "Nurse note"}, "NURSING NOTE"}
	ReferralNote       = DocType{chart.DocType{Code: "57133-1", Display: "Referral note"}, "REFERRAL"}
	ConsentDocument    = DocType{chart.DocType{Code: "59284-0", Display: "Consent Document"}, "INFORMED CONSENT FOR PROCEDURE"}
	AdvanceDirective   = DocType{chart.DocType{Code: "42348-3", Display: "Advance healthcare directives"}, "ADVANCE HEALTH CARE DIRECTIVE"}
	EpisodeSummary     = DocType{chart.DocType{Code: "34133-9", Display: "Summary of episode note"}, "SUMMARY OF EPISODE OF CARE"}
)

// Unclassified is a page that belongs in no chart type (a fax cover, an
// insurance verification form): Chartroom must call it UNK and send it to
// review rather than force it into the nearest type. It is not in
// DocTypes.
var Unclassified = DocType{chart.Unknown, "FAX COVER SHEET"}

// DocTypes lists every type above, in LOINC table order.
var DocTypes = []DocType{
	HistoryAndPhysical, DischargeSummary, ProgressNote, ConsultNote,
	OperativeReport, ProcedureNote, EmergencyNote, LaboratoryReport,
	RadiologyReport, PathologyReport, NursingNote, ReferralNote,
	ConsentDocument, AdvanceDirective, EpisodeSummary,
}

// AltTitles are other titles documents of each type carry, by code: some
// the default taxonomy's title rules know, most they do not (a facility's
// own wording, a department's name), so evaluation sets measure the
// trained type model and not only the rules.
var AltTitles = map[string][]string{
	HistoryAndPhysical.Code: {"ADMISSION HISTORY AND PHYSICAL", "ADMISSION NOTE", "INITIAL HOSPITAL EVALUATION", "PRE-ADMISSION ASSESSMENT"},
	DischargeSummary.Code:   {"DISCHARGE SUMMARY NOTE", "HOSPITAL DISCHARGE RECORD", "INPATIENT SUMMARY AT DISCHARGE"},
	ProgressNote.Code:       {"DAILY PROGRESS NOTE", "HOSPITALIST FOLLOW-UP", "SOAP NOTE", "INTERVAL NOTE"},
	ConsultNote.Code:        {"CONSULTATION REPORT", "CARDIOLOGY CONSULT", "SPECIALIST OPINION"},
	OperativeReport.Code:    {"OPERATIVE NOTE", "SURGICAL REPORT", "REPORT OF OPERATION"},
	ProcedureNote.Code:      {"PROCEDURE REPORT", "ENDOSCOPY REPORT", "BEDSIDE PROCEDURE DOCUMENTATION"},
	EmergencyNote.Code:      {"ED PHYSICIAN NOTE", "EMERGENCY ENCOUNTER", "TRIAGE AND TREATMENT RECORD"},
	LaboratoryReport.Code:   {"LAB RESULTS", "CHEMISTRY PANEL RESULTS", "CLINICAL LABORATORY SUMMARY"},
	RadiologyReport.Code:    {"IMAGING REPORT", "CT SCAN REPORT", "CHEST X-RAY"},
	PathologyReport.Code:    {"CYTOLOGY REPORT", "TISSUE EXAMINATION REPORT", "HISTOPATHOLOGY"},
	NursingNote.Code:        {"NURSING PROGRESS NOTE", "SHIFT ASSESSMENT", "RN NOTE"},
	ReferralNote.Code:       {"REFERRAL LETTER", "REQUEST FOR SPECIALIST APPOINTMENT", "LETTER TO SPECIALIST"},
	ConsentDocument.Code:    {"CONSENT FORM", "AUTHORIZATION FOR PROCEDURE", "PATIENT AGREEMENT TO TREATMENT"},
	AdvanceDirective.Code:   {"LIVING WILL", "MEDICAL POWER OF ATTORNEY", "POLST"},
	EpisodeSummary.Code:     {"TRANSFER SUMMARY", "INTERFACILITY TRANSFER FORM", "CARE TRANSITION RECORD"},
	Unclassified.Code:       {"INSURANCE VERIFICATION", "FACSIMILE TRANSMITTAL"},
}

// DocTypeByCode returns the type with the given LOINC code.
func DocTypeByCode(code string) (DocType, bool) {
	for _, t := range DocTypes {
		if t.Code == code {
			return t, true
		}
	}
	return DocType{}, false
}

// Options are the scan imperfections of a page.
type Options struct {
	// Skew is the page's rotation in degrees (positive = counter-clockwise),
	// as if fed crookedly; typically within ±1.5.
	Skew float64
	// Noise is the number of speckles (small dark dots) to scatter.
	Noise int
	// UpsideDown rotates the finished page by 180°.
	UpsideDown bool
}

// DocSpec describes one chart document to generate.
type DocSpec struct {
	Patient chart.Patient
	Type    DocType
	// Pages is the number of pages the document should have (at least 1).
	Pages int
	// Facility indexes Facilities; it picks the letterhead, fonts and
	// layout.
	Facility int
	// Date is the document's service date (YYYY-MM-DD); "" picks one.
	Date string
	// Account is the encounter account number printed on the label; ""
	// leaves the Acct# line off.
	Account string
	// LabelBarcode prints the MRN on a sticker label as a readable Code 128
	// symbol, as hospital labels do (otherwise the sticker's strip is
	// decoration). A barcode on a content page must not make it a sheet.
	LabelBarcode bool
	// Seed drives the text; the same seed gives the same document.
	Seed uint64
	// Terms are handed out first where the text calls for a term of that
	// category, so the document is sure to mention them. Categories: "med",
	// "abx" (antibiotics), "pain" (analgesics), "dx", "proc" (operations),
	// "study" (diagnostic procedures), "anat", "org", "finding", "path".
	Terms map[string][]string
	// Scan holds per-page scan options, indexed by page within the
	// document; missing entries mean a clean, straight page.
	Scan []Options
}

// BatchSpec is one scanner delivery: documents in page order.
type BatchSpec struct {
	Name string
	Docs []DocSpec
}

// Truth is what a page is known to contain.
type Truth struct {
	Title string   // document title as printed
	MRN   string   // patient MRN as printed on the label
	Words []string // 3-6 distinctive body words found on this page only (within the batch)
}

// PageSpec is one composed page: everything Render needs, plus its truth.
type PageSpec struct {
	Doc      *DocSpec
	DocIndex int // 0-based document number within the batch
	Number   int // 1-based page number within the document
	Total    int // pages in the document
	Options
	Seed  uint64 // drives the scan noise
	Ops   []Op   // what is printed on the page, upright, before scan effects
	Truth Truth
}

// OpKind says what an Op draws.
type OpKind int

const (
	OpText OpKind = iota // Text in Font at Size, baseline origin At
	OpFill               // filled rectangle Rect
	OpBox                // rectangle outline Rect, Stroke px wide
)

// Op is one drawing operation in page pixels (upright page).
type Op struct {
	Kind   OpKind
	At     image.Point // text baseline origin
	Font   FontName
	Size   float64 // points
	Text   string
	Body   bool // text is document body (eligible for truth words)
	Rect   image.Rectangle
	Stroke int
	Ink    uint8 // gray level drawn (0 = black)
}

// Text returns all text printed on the page, one op per line.
func (p *PageSpec) Text() string {
	var b []byte
	for _, op := range p.Ops {
		if op.Kind == OpText {
			b = append(b, op.Text...)
			b = append(b, '\n')
		}
	}
	return string(b)
}
