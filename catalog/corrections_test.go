package catalog_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/chart"
)

func TestTypeCorrections(t *testing.T) {
	ctx := context.Background()
	c := open(t)
	if _, _, err := c.ClaimBatch(ctx, chart.Batch{ID: "b_1", Name: "n", Key: "k"}); err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{"page one text", "page two text", "other doc"} {
		p := chart.Page{ID: "p_" + string(rune('a'+i)), BatchID: "b_1", Seq: i, File: "f.tif", Index: i, Role: chart.RoleContent, Text: text}
		if err := c.SavePage(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	docs := []chart.Document{
		{ID: "d_1", Seq: 0, PageIDs: []string{"p_a", "p_b"}, Type: chart.TypeGuess{DocType: chart.Unknown, Confidence: 0.4}, Status: chart.StatusReview,
			Reasons: []chart.Reason{chart.ReasonTypeUnknown}},
		{ID: "d_2", Seq: 1, PageIDs: []string{"p_c"}, Type: chart.TypeGuess{DocType: chart.DocType{Code: "11506-3", Display: "Progress note"}, Confidence: 0.9}, Status: chart.StatusFiled},
	}
	if _, err := c.SaveDocuments(ctx, "b_1", docs); err != nil {
		t.Fatal(err)
	}
	ds := chart.DocType{Code: "18842-5", Display: "Discharge summary"}
	// First a wrong correction, then the right one: the latest counts.
	if err := c.CorrectType(ctx, "d_1", chart.DocType{Code: "34133-9", Display: "Summary of episode note"}, "qa:ann"); err != nil {
		t.Fatal(err)
	}
	if err := c.CorrectType(ctx, "d_1", ds, "qa:bob"); err != nil {
		t.Fatal(err)
	}
	if err := c.CorrectType(ctx, "d_missing", ds, "qa:bob"); !errors.Is(err, catalog.ErrNotFound) {
		t.Fatalf("correcting a missing document: %v", err)
	}
	if err := c.CorrectType(ctx, "d_2", ds, ""); err == nil {
		t.Fatal("a correction without a reviewer was accepted")
	}
	d, err := c.Document(ctx, "d_1")
	if err != nil || d.Type.Code != ds.Code || d.Type.Confidence != 1 {
		t.Fatalf("corrected document = %+v, %v", d.Type, err)
	}
	got, err := c.TypeCorrections(ctx)
	if err != nil || len(got) != 1 {
		t.Fatalf("TypeCorrections = %+v, %v", got, err)
	}
	tc := got[0]
	if tc.DocumentID != "d_1" || tc.From != "34133-9" || tc.To != ds.Code || tc.By != "qa:bob" ||
		!strings.Contains(tc.Text, "page one text") || !strings.Contains(tc.Text, "page two text") || strings.Contains(tc.Text, "other doc") {
		t.Fatalf("correction = %+v", tc)
	}
	ev, _ := c.AuditEvents(ctx, "d_1")
	n := 0
	for _, e := range ev {
		if e.Action == "document.type.corrected" {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d correction audit events, want 2", n)
	}
}
