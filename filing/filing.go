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

	"github.com/chartroom/chartroom/chart"
)

// Segment is a run of pages that a Splitter believes is one document.
type Segment struct {
	Pages []chart.Page
	// Confidence that the segment's boundaries are right (0..1), and why.
	Confidence float64
	Reason     string
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

// OneDocument is the simplest honest splitter: every content page of the
// batch is one document. Its boundary confidence is high only when every
// page carries the same patient identifier, since a batch that changes
// patient is certainly more than one document.
type OneDocument struct{}

// Split implements Splitter.
func (OneDocument) Split(ctx context.Context, pages []chart.Page) ([]Segment, error) {
	var content []chart.Page
	for _, p := range pages {
		if p.Role == chart.RoleContent || p.Role == "" {
			content = append(content, p)
		}
	}
	if len(content) == 0 {
		return nil, nil
	}
	seg := Segment{Pages: content, Confidence: 1, Reason: "whole batch"}
	mrns := map[string]bool{}
	for _, p := range content {
		if m, ok := FindMRN(p.Text); ok {
			mrns[m.Value] = true
		}
	}
	if len(mrns) > 1 {
		seg.Confidence, seg.Reason = 0.3, "pages carry different MRNs"
	}
	return []Segment{seg}, nil
}
