// Package export produces Chartroom's export contract (version 1): every
// document with its pages, patient, type, status, flags and stored object.
// `chartroom export --json` and GET /api/v1/export both print it; fields
// may be added, but the meaning of existing ones never changes.
package export

import (
	"context"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/filing"
)

// Version is the contract version.
const Version = 1

// Export is the top-level document.
type Export struct {
	Version   int        `json:"version"`
	Documents []Document `json:"documents"`
}

// Document is one chart document.
type Document struct {
	ID      string   `json:"id"`
	Batch   string   `json:"batch"`    // the batch folder or file name
	BatchID string   `json:"batch_id"` // Chartroom's batch id
	Pages   []Page   `json:"pages"`
	Patient *Patient `json:"patient"` // null when unassigned
	Type    Type     `json:"type"`
	Status  string   `json:"status"` // filed | review
	Flags   []string `json:"flags"`
	Reasons []string `json:"reasons"` // why it is in review
	Object  string   `json:"object"`  // object key of the PDF
	SHA256  string   `json:"sha256"`
	// Evidence is what the decision rests on: the identifiers found and
	// where, the patient candidates, the title and the type model's
	// answers, the boundary's reason.
	Evidence []Evidence `json:"evidence"`
}

// Evidence is one finding behind a document's filing.
type Evidence struct {
	Kind       string  `json:"kind"`
	Value      string  `json:"value"`
	PageID     string  `json:"page,omitempty"`
	Note       string  `json:"note,omitempty"`
	Confidence float64 `json:"confidence,omitempty"`
}

// Page is one page of a document.
type Page struct {
	ID         string  `json:"id"`
	File       string  `json:"file"`  // file name inside the batch folder
	Index      int     `json:"index"` // 0-based page within a multi-page file
	Text       string  `json:"text"`
	Confidence float64 `json:"confidence"`
	SHA256     string  `json:"sha256"`
}

// Patient is the patient a document is filed under.
type Patient struct {
	MRN        string  `json:"mrn"`
	Confidence float64 `json:"confidence"`
}

// Type is the document type.
type Type struct {
	Code       string  `json:"code"`
	Display    string  `json:"display"`
	Confidence float64 `json:"confidence"`
	// Alternatives are the type model's top types with their calibrated
	// probabilities, most likely first (empty when no model ran).
	Alternatives []Alternative `json:"alternatives,omitempty"`
}

// Alternative is one candidate type.
type Alternative struct {
	Code       string  `json:"code"`
	Confidence float64 `json:"confidence"`
}

// Build assembles the export from the catalog; batchID "" exports all
// batches. A batch may be given by id or by its folder/file name.
func Build(ctx context.Context, c *catalog.Catalog, batchID string) (Export, error) {
	out := Export{Version: Version, Documents: []Document{}}
	names := map[string]string{}
	batches, err := c.Batches(ctx, "")
	if err != nil {
		return out, err
	}
	for _, b := range batches {
		names[b.ID] = b.Name
		if batchID != "" && b.Name == batchID {
			batchID = b.ID
		}
	}
	docs, err := c.Documents(ctx, catalog.DocumentFilter{BatchID: batchID})
	if err != nil {
		return out, err
	}
	for _, d := range docs {
		pages, err := c.DocumentPages(ctx, d.ID)
		if err != nil {
			return out, err
		}
		out.Documents = append(out.Documents, FromDocument(d, names[d.BatchID], pages))
	}
	return out, nil
}

// FromDocument is one document as the contract carries it, with its pages
// (in order) and the name of its batch.
func FromDocument(d chart.Document, batchName string, pages []chart.Page) Document {
	e := Document{ID: d.ID, Batch: batchName, BatchID: d.BatchID, Status: string(d.Status),
		Type:  Type{Code: d.Type.Code, Display: d.Type.Display, Confidence: d.Type.Confidence},
		Flags: reasons(d.Flags), Reasons: reasons(d.Reasons), Object: d.Object, SHA256: d.SHA256, Pages: []Page{}}
	if d.Patient != nil {
		e.Patient = &Patient{MRN: d.Patient.MRN, Confidence: d.Patient.Confidence}
	}
	e.Evidence = []Evidence{}
	for _, ev := range d.Evidence {
		e.Evidence = append(e.Evidence, Evidence{Kind: ev.Kind, Value: ev.Value, PageID: ev.PageID, Note: ev.Note, Confidence: ev.Confidence})
		if ev.Kind == filing.EvidenceTypeModel {
			e.Type.Alternatives = append(e.Type.Alternatives, Alternative{Code: ev.Value, Confidence: ev.Confidence})
		}
	}
	for _, p := range pages {
		e.Pages = append(e.Pages, Page{ID: p.ID, File: p.File, Index: p.Index, Text: p.Text, Confidence: p.Confidence, SHA256: p.SHA256})
	}
	return e
}

func reasons(rs []chart.Reason) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, string(r))
	}
	return out
}
