package export

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/filing"
)

// The contract carries the decision's evidence and the type model's
// alternatives, so a QA tool can show why a document is where it is.
func TestFromDocumentCarriesEvidence(t *testing.T) {
	d := chart.Document{ID: "d_1", BatchID: "b_1", Status: chart.StatusReview,
		Type:    chart.TypeGuess{DocType: chart.DocType{Code: "28570-0", Display: "Procedure note"}, Confidence: 0.62},
		Patient: &chart.PatientMatch{MRN: "00012345", Confidence: 0.99},
		Reasons: []chart.Reason{chart.ReasonTypeLowConfidence},
		Evidence: []chart.Evidence{
			{Kind: "title", Value: "PROCEDURE NOTE", PageID: "p_1", Note: "line 6"},
			{Kind: filing.EvidenceTypeModel, Value: "28570-0", Confidence: 0.62, Note: "p=0.620 model abc"},
			{Kind: filing.EvidenceTypeModel, Value: "11504-8", Confidence: 0.35, Note: "p=0.350 model abc"},
			{Kind: "mrn", Value: "00012345", PageID: "p_1", Note: "label MRN"},
		}}
	e := FromDocument(d, "batch-7", []chart.Page{{ID: "p_1", File: "0001.png", Text: "PROCEDURE NOTE"}})
	if len(e.Evidence) != 4 || e.Evidence[3].Kind != "mrn" || e.Evidence[3].PageID != "p_1" {
		t.Fatalf("evidence %+v", e.Evidence)
	}
	want := []Alternative{{"28570-0", 0.62}, {"11504-8", 0.35}}
	if len(e.Type.Alternatives) != 2 || e.Type.Alternatives[0] != want[0] || e.Type.Alternatives[1] != want[1] {
		t.Fatalf("alternatives %+v", e.Type.Alternatives)
	}
	js, _ := json.Marshal(e)
	for _, s := range []string{`"alternatives":[{"code":"28570-0","confidence":0.62}`, `"evidence":[{"kind":"title"`, `"reasons":["type-low-confidence"]`} {
		if !strings.Contains(string(js), s) {
			t.Errorf("JSON lacks %s:\n%s", s, js)
		}
	}
	// A document without evidence still has an (empty) list, not null.
	js, _ = json.Marshal(FromDocument(chart.Document{ID: "d_2"}, "b", nil))
	if !strings.Contains(string(js), `"evidence":[]`) || strings.Contains(string(js), "alternatives") {
		t.Errorf("empty document JSON: %s", js)
	}
}
