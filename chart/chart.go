// Package chart is Chartroom's domain vocabulary: batches of scanned pages,
// the documents they are split into, the patients those documents are filed
// under, and the reasons a document is sent to QA review instead.
//
// Every other package imports chart; chart imports nothing of ours, so the
// words mean the same thing from intake to the web UI.
package chart

import (
	"image"
	"time"

	"github.com/oklog/ulid/v2"
)

// BatchStatus is where a batch is in its life.
type BatchStatus string

const (
	// BatchProcessing: claimed and recorded in the catalog; pages are being
	// decoded, recognised, split and stored. A restart resumes it.
	BatchProcessing BatchStatus = "processing"
	// BatchDone: every page is accounted for and every document is stored.
	BatchDone BatchStatus = "done"
	// BatchFailed: the batch could not be read; its files were kept and
	// moved to the failed folder with an explanation.
	BatchFailed BatchStatus = "failed"
)

// Batch is one delivery from a scanner: a folder of page files or a single
// multi-page file.
type Batch struct {
	ID     string
	Name   string // folder or file name as the scanner delivered it
	Source string // where the batch was read from
	// Key identifies the batch's content (name + file hashes), so a batch
	// dropped twice is recognised and not imported twice.
	Key        string
	Status     BatchStatus
	Files      []File
	PageCount  int    // pages found in the batch; 0 until decoded
	Error      string // plain-words reason when Status is BatchFailed
	ReceivedAt time.Time
	FinishedAt time.Time
}

// File is one file of a batch as it arrived (the batch manifest).
type File struct {
	Name   string // path relative to the batch folder, slash separated
	Size   int64
	SHA256 string // hex
}

// PageRole says what a page is for. Only content pages become part of a
// document; the others are kept in the batch record.
type PageRole string

const (
	RoleContent   PageRole = "content"
	RoleBlank     PageRole = "blank"     // near-empty back side from duplex scanning
	RoleCover     PageRole = "cover"     // patient cover sheet: starts a document
	RoleSeparator PageRole = "separator" // separator sheet / patch code: starts a document
)

// Barcode is a barcode found on a page.
type Barcode struct {
	Format string          `json:"format"` // "CODE_128", "CODE_39", "QR_CODE", "DATA_MATRIX", "PATCH_CODE"
	Text   string          `json:"text"`
	Box    image.Rectangle `json:"box"` // in page pixels (upright page)
}

// Page is one scanned page and what was recognised on it.
type Page struct {
	ID      string
	BatchID string
	Seq     int    // 0-based position in the batch (file order, then page order)
	File    string // file name inside the batch folder
	Index   int    // 0-based page within a multi-page file; 0 for single-page files
	SHA256  string // hex digest of the page as it arrived (file bytes, or the page's own image bytes in a multi-page file)
	Object  string // object key of the normalised page image
	Width   int    // pixels after orientation correction
	Height  int
	DPI     int
	Role    PageRole
	// Rotation is the clockwise rotation (0, 90, 180, 270) that was applied
	// to make the page upright; Skew the small angle (degrees) removed.
	Rotation   int
	Skew       float64
	Text       string
	Words      []Word
	Confidence float64 // mean word confidence, 0..1
	Barcodes   []Barcode
	// Regions are second readings of the parts of the page where patient
	// identifiers live (label boxes, stickers, header and footer bands,
	// addressograph imprints, labels turned in a margin). Each is cropped
	// and recognised again on its own as one block, because the full-page
	// layout analysis often reads a label printed beside a letterhead across
	// both columns and garbles it. They feed identification only: the page
	// text, the PDF text layer and the search index use Text and Words.
	Regions    []RegionRead
	Ink        float64 // fraction of the page that is ink after thresholding (blank-page evidence)
	DocumentID string  // "" until the page is part of a document
}

// Word is one recognised word with its box in page pixels.
type Word struct {
	Text string          `json:"t"`
	Box  image.Rectangle `json:"b"`
	Conf float64         `json:"c"` // 0..1
	Line int             `json:"l"` // line number on the page, for reading order
}

// RegionRead is one identifier region of a page read again on its own.
type RegionRead struct {
	// Kind says what the region is: "label" (a ruled box or sticker),
	// "header", "footer", "imprint" (addressograph), "margin" (text turned
	// 90° in a margin), "near-label" (the area around identifier labels).
	Kind string          `json:"kind"`
	Box  image.Rectangle `json:"box"` // in page pixels (upright page)
	// Rotation is the clockwise turn applied to the crop before reading it
	// (90 or 270 for a label printed along a margin).
	Rotation   int     `json:"rot,omitempty"`
	Text       string  `json:"text"`  // lines joined by "\n"
	Words      []Word  `json:"words"` // boxes in page pixels, Line numbered within the region
	Confidence float64 `json:"conf"`  // mean word confidence, 0..1
}

// DocType is a document type from the facility's taxonomy: a LOINC document
// code or a local code.
type DocType struct {
	Code    string
	Display string
}

// Unknown is the type of a document that fits no type in the taxonomy. It is
// never guessed into the nearest type; it goes to review.
var Unknown = DocType{Code: "UNK", Display: "Unknown document type"}

// TypeGuess is a classifier's answer for one document.
type TypeGuess struct {
	DocType
	Confidence float64 // 0..1
}

// Patient is one entry of the master patient index.
type Patient struct {
	MRN    string
	Last   string
	First  string
	Middle string
	DOB    string // ISO 8601 date, YYYY-MM-DD
	Sex    string
}

// PatientMatch is a patient matcher's answer for one document.
type PatientMatch struct {
	MRN        string
	Confidence float64 // 0..1
}

// Status is whether a document was filed automatically or waits for QA.
type Status string

const (
	StatusFiled  Status = "filed"  // auto-filed into the patient's chart
	StatusReview Status = "review" // waiting in the QA queue
)

// Reason is a machine-readable reason a document needs a person's look.
type Reason string

const (
	ReasonPatientNotFound      Reason = "patient-not-found"
	ReasonPatientLowConfidence Reason = "patient-low-confidence"
	ReasonPatientConflict      Reason = "patient-conflict"
	ReasonTypeUnknown          Reason = "type-unknown"
	ReasonTypeLowConfidence    Reason = "type-low-confidence"
	ReasonBoundaryUncertain    Reason = "boundary-uncertain"
	ReasonMisfileSuspect       Reason = "misfile-suspect"
	ReasonLowOCRConfidence     Reason = "ocr-low-confidence"
	// ReasonPageUnidentified: a page of the document carries no identifier
	// of the patient and nothing ties it to the page before it (a one-page
	// report of another patient whose label could not be read looks like
	// this), or its identifiers name another patient.
	ReasonPageUnidentified Reason = "page-unidentified"
)

// Evidence is one observation behind a decision: which identifier was found
// where. It can carry PHI, so it lives in the catalog and the QA UI, never in
// logs.
type Evidence struct {
	Kind   string `json:"kind"` // "mrn", "name", "dob", "title", "type-model", ...
	Value  string `json:"value"`
	PageID string `json:"page,omitempty"`
	Note   string `json:"note,omitempty"`
	// Confidence is the probability a model gave Value, when there is one
	// (the type model's top types).
	Confidence float64 `json:"confidence,omitempty"`
}

// Document is a run of content pages of one batch that belong together: one
// chart document of one type for one patient.
type Document struct {
	ID       string
	BatchID  string
	Seq      int // 0-based position among the batch's documents
	PageIDs  []string
	Patient  *PatientMatch // nil when unassigned
	Type     TypeGuess
	Status   Status
	Reasons  []Reason // why it is in review (empty when filed)
	Flags    []Reason // warnings that stay with the document, e.g. misfile-suspect
	Evidence []Evidence
	Object   string // object key of the document's PDF; "" until stored
	// ObjectVersion is the store's version id of the PDF Chartroom wrote
	// ("" on stores without versions).
	ObjectVersion string
	SHA256        string // hex digest of the PDF object
	Size          int64
	Created       time.Time
}

// NewID returns a new sortable unique id with a kind prefix, e.g.
// "d_01JD…" for a document. Ids carry no patient data, so they are what logs
// and error messages name.
func NewID(prefix string) string {
	return prefix + "_" + ulid.Make().String()
}
