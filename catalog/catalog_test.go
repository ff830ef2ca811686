package catalog_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/storage"
)

func open(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Open(context.Background(), filepath.Join(t.TempDir(), "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestMigrationsAreIdempotent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	for i := 0; i < 2; i++ {
		c, err := catalog.Open(ctx, path)
		if err != nil {
			t.Fatalf("open #%d: %v", i, err)
		}
		v, err := c.SchemaVersion(ctx)
		if err != nil || v < 1 {
			t.Fatalf("schema version = %d, %v", v, err)
		}
		c.Close()
	}
}

func TestClaimBatchOnceByKey(t *testing.T) {
	ctx := context.Background()
	c := open(t)
	b := chart.Batch{ID: "b_1", Name: "ward4", Source: "/in/ward4", Key: "k1", Files: []chart.File{{Name: "0001.png", Size: 3, SHA256: "aa"}}}
	got, created, err := c.ClaimBatch(ctx, b)
	if err != nil || !created || got.Status != chart.BatchProcessing {
		t.Fatalf("first claim = %+v, %v, %v", got, created, err)
	}
	again := b
	again.ID = "b_2"
	got, created, err = c.ClaimBatch(ctx, again)
	if err != nil || created || got.ID != "b_1" || len(got.Files) != 1 {
		t.Fatalf("second claim = %+v, created=%v, err=%v; want the existing b_1", got, created, err)
	}
	if err := c.FinishBatch(ctx, "b_1", chart.BatchDone, ""); err != nil {
		t.Fatal(err)
	}
	done, _ := c.Batches(ctx, chart.BatchDone)
	if len(done) != 1 {
		t.Fatalf("done batches = %d", len(done))
	}
	if _, err := c.Batch(ctx, "nope"); !errors.Is(err, catalog.ErrNotFound) {
		t.Fatalf("missing batch err = %v", err)
	}
}

func TestPagesAndDocuments(t *testing.T) {
	ctx := context.Background()
	c := open(t)
	if _, _, err := c.ClaimBatch(ctx, chart.Batch{ID: "b_1", Name: "n", Key: "k"}); err != nil {
		t.Fatal(err)
	}
	for i, id := range []string{"p_a", "p_b", "p_c"} {
		p := chart.Page{ID: id, BatchID: "b_1", Seq: i, File: "f.tif", Index: i, Role: chart.RoleContent, Text: "text",
			Words: []chart.Word{{Text: "text", Conf: 0.9}}, Confidence: 0.9}
		if err := c.SavePage(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	// Saving a page again (a resumed batch) replaces it rather than adding one.
	if err := c.SavePage(ctx, chart.Page{ID: "p_other", BatchID: "b_1", Seq: 1, File: "f.tif", Index: 1, Text: "again"}); err != nil {
		t.Fatal(err)
	}
	pages, err := c.Pages(ctx, "b_1")
	if err != nil || len(pages) != 3 || pages[1].Text != "again" || pages[0].Words[0].Text != "text" {
		t.Fatalf("pages = %+v, %v", pages, err)
	}
	docs := []chart.Document{
		{ID: "d_1", Seq: 0, PageIDs: []string{"p_a", "p_b"}, Patient: &chart.PatientMatch{MRN: "00000001", Confidence: 0.99},
			Type: chart.TypeGuess{DocType: chart.DocType{Code: "18842-5", Display: "Discharge summary"}, Confidence: 0.9}, Status: chart.StatusFiled},
		{ID: "d_2", Seq: 1, PageIDs: []string{"p_c"}, Type: chart.TypeGuess{DocType: chart.Unknown}, Status: chart.StatusReview,
			Reasons: []chart.Reason{chart.ReasonTypeUnknown, chart.ReasonPatientNotFound}},
	}
	saved, err := c.SaveDocuments(ctx, "b_1", docs)
	if err != nil || !saved {
		t.Fatalf("SaveDocuments = %v, %v", saved, err)
	}
	saved, err = c.SaveDocuments(ctx, "b_1", docs)
	if err != nil || saved {
		t.Fatalf("second SaveDocuments = %v, %v; want no-op", saved, err)
	}
	got, err := c.Documents(ctx, catalog.DocumentFilter{BatchID: "b_1"})
	if err != nil || len(got) != 2 {
		t.Fatalf("documents = %+v, %v", got, err)
	}
	if got[0].Patient == nil || got[0].Patient.MRN != "00000001" || len(got[0].PageIDs) != 2 || got[1].Patient != nil {
		t.Fatalf("documents = %+v", got)
	}
	unstored, _ := c.Documents(ctx, catalog.DocumentFilter{Unstored: true})
	if len(unstored) != 2 {
		t.Fatalf("unstored = %d", len(unstored))
	}
	if err := c.SetDocumentObject(ctx, "d_1", storage.ObjectInfo{Key: "documents/d_1/v1.pdf", SHA256: "abc", Size: 10}); err != nil {
		t.Fatal(err)
	}
	unindexed, _ := c.Documents(ctx, catalog.DocumentFilter{Unindexed: true})
	if len(unindexed) != 1 || unindexed[0].ID != "d_1" {
		t.Fatalf("unindexed = %+v", unindexed)
	}
	items, err := c.OpenReviewItems(ctx)
	if err != nil || len(items) != 1 || items[0].DocumentID != "d_2" || len(items[0].Reasons) != 2 {
		t.Fatalf("review items = %+v, %v", items, err)
	}
	events, _ := c.AuditEvents(ctx, "d_1")
	if len(events) != 2 || events[0].Action != "document.created" || events[1].Action != "document.stored" {
		t.Fatalf("audit for d_1 = %+v", events)
	}
}

func TestDocumentsRejectForeignPages(t *testing.T) {
	ctx := context.Background()
	c := open(t)
	c.ClaimBatch(ctx, chart.Batch{ID: "b_1", Key: "k1"})
	c.ClaimBatch(ctx, chart.Batch{ID: "b_2", Key: "k2"})
	c.SavePage(ctx, chart.Page{ID: "p_x", BatchID: "b_2", Seq: 0})
	_, err := c.SaveDocuments(ctx, "b_1", []chart.Document{{ID: "d_1", PageIDs: []string{"p_x"}, Status: chart.StatusReview}})
	if err == nil {
		t.Fatal("a document of b_1 took a page of b_2")
	}
	if docs, _ := c.Documents(ctx, catalog.DocumentFilter{}); len(docs) != 0 {
		t.Fatalf("failed transaction left %d documents", len(docs))
	}
}

func TestPatientsUpsert(t *testing.T) {
	ctx := context.Background()
	c := open(t)
	p := chart.Patient{MRN: "00012345", Last: "Testperson", First: "Ada", DOB: "1970-01-02", Sex: "F"}
	if err := c.UpsertPatients(ctx, []chart.Patient{p}); err != nil {
		t.Fatal(err)
	}
	p.First = "Adah"
	if err := c.UpsertPatients(ctx, []chart.Patient{p}); err != nil {
		t.Fatal(err)
	}
	got, err := c.Patient(ctx, "00012345")
	if err != nil || got.First != "Adah" {
		t.Fatalf("patient = %+v, %v", got, err)
	}
	if n, _ := c.PatientCount(ctx); n != 1 {
		t.Fatalf("count = %d", n)
	}
	if _, err := c.Patient(ctx, "99999999"); !errors.Is(err, catalog.ErrNotFound) {
		t.Fatalf("missing patient err = %v", err)
	}
}
