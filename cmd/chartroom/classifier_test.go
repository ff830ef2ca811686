package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/storage"
	"github.com/chartroom/chartroom/typemodel"
)

// A reviewer corrects two documents' types; retraining takes them in as
// examples, writes the model where the service looks for it, and info
// describes it.
func TestReviewCorrectionsRetrainTheTypeModel(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	cli := cliIn(ctx, data)
	c, err := catalog.Open(ctx, filepath.Join(data, "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	c.ClaimBatch(ctx, chart.Batch{ID: "b_1", Name: "b", Key: "k"})
	c.SavePage(ctx, chart.Page{ID: "p_1", BatchID: "b_1", Seq: 0, File: "0001.png", Role: chart.RoleContent,
		Text: "HOSPITAL COURSE: recovered after the repair. Discharged home on day three. Follow up in clinic."})
	c.SavePage(ctx, chart.Page{ID: "p_2", BatchID: "b_1", Seq: 1, File: "0002.png", Index: 1, Role: chart.RoleContent,
		Text: "Wound checked, dressing changed, no drainage."})
	c.SaveDocuments(ctx, "b_1", []chart.Document{
		{ID: "d_1", PageIDs: []string{"p_1"}, Status: chart.StatusReview, Type: chart.TypeGuess{DocType: chart.Unknown}},
		{ID: "d_2", Seq: 1, PageIDs: []string{"p_2"}, Status: chart.StatusReview, Type: chart.TypeGuess{DocType: chart.Unknown}},
	})
	c.SetDocumentObject(ctx, "d_2", storage.ObjectInfo{Key: "documents/d_2/v1.pdf", SHA256: "x", Size: 1})
	c.Close()

	out, err := cli("review", "set-type", "d_1", "18842-5", "--user", "qa:ann")
	if err != nil || !strings.Contains(out, "type UNK -> 18842-5 (Discharge summary)") {
		t.Fatalf("set-type: %v\n%s", err, out)
	}
	// A stored document's search entry is updated too.
	if out, err := cli("review", "set-type", "d_2", "34746-8"); err != nil {
		t.Fatalf("set-type of a stored document: %v\n%s", err, out)
	}
	if out, err := cli("search", "--json", "+type:34746-8 +drainage"); err != nil || !strings.Contains(out, `"id": "d_2"`) {
		t.Fatalf("the corrected type is not in the search index: %v\n%s", err, out)
	}
	if out, err := cli("review", "set-type", "d_1", "NOT-A-TYPE"); err == nil || !strings.Contains(err.Error(), "not in the taxonomy") {
		t.Fatalf("unknown type accepted: %v\n%s", err, out)
	}
	if _, err := cli("review", "set-type", "d_9", "18842-5"); !errors.Is(err, catalog.ErrNotFound) {
		t.Fatalf("unknown document: %v", err)
	}

	out, err = cli("classifier", "train")
	if err != nil {
		t.Fatalf("classifier train: %v\n%s", err, out)
	}
	// No PHI: corrections are reported by count, never by text.
	if strings.Contains(out, "HOSPITAL COURSE") || strings.Contains(out, "Wound") {
		t.Fatalf("page text in the training output:\n%s", out)
	}
	for _, want := range []string{"QA corrections: 2 documents (2 usable with this taxonomy)", "cross-validated", "calibration", "wrote " + filepath.Join(data, "typemodel.gob.gz")} {
		if !strings.Contains(out, want) {
			t.Errorf("train output lacks %q:\n%s", want, out)
		}
	}
	id := regexp.MustCompile(`type model ([0-9a-f]{12})`).FindStringSubmatch(out)
	if id == nil {
		t.Fatalf("no model id in:\n%s", out)
	}
	f, err := os.Open(filepath.Join(data, "typemodel.gob.gz"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := typemodel.Load(f)
	f.Close()
	if err != nil || m.Info.ID != id[1] {
		t.Fatalf("saved model: %v, id %q want %q", err, m.Info.ID, id[1])
	}
	corpus, _ := typemodel.DefaultCorpus()
	if m.Info.Examples != len(corpus)+2 {
		t.Errorf("trained on %d examples, want the corpus (%d) and the 2 corrections", m.Info.Examples, len(corpus))
	}
	// Retraining without corrections is the built-in model.
	if out, err := cli("classifier", "train", "--corrections=false"); err != nil || strings.Contains(out, "QA corrections") {
		t.Fatalf("train without corrections: %v\n%s", err, out)
	}
	out, err = cli("classifier", "info")
	if err != nil || !strings.Contains(out, "typemodel.gob.gz") || !strings.Contains(out, "cross-validated") {
		t.Fatalf("info: %v\n%s", err, out)
	}
	os.WriteFile(filepath.Join(data, "typemodel.gob.gz"), []byte("damaged"), 0o600)
	if _, err := cli("classifier", "info"); !errors.Is(err, typemodel.ErrFormat) {
		t.Fatalf("info on a damaged model: %v", err)
	}
}

// A facility's new local type with a single QA correction does not stop
// retraining: it stays classified by its title, and the output says so.
func TestClassifierTrainWithAThinLocalType(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	tax := filepath.Join(t.TempDir(), "taxonomy.json")
	os.WriteFile(tax, []byte(`{"types": [
		{"code": "18842-5", "display": "Discharge summary", "order": 1, "titles": ["DISCHARGE SUMMARY"]},
		{"code": "WOUND", "display": "Wound care record", "order": 2, "local": true, "titles": ["WOUND CARE RECORD"]}]}`), 0o600)
	c, err := catalog.Open(ctx, filepath.Join(data, "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	c.ClaimBatch(ctx, chart.Batch{ID: "b_1", Name: "b", Key: "k"})
	c.SavePage(ctx, chart.Page{ID: "p_1", BatchID: "b_1", File: "0001.png", Role: chart.RoleContent, Text: "Dressing changed, wound bed clean."})
	c.SaveDocuments(ctx, "b_1", []chart.Document{{ID: "d_1", PageIDs: []string{"p_1"}, Status: chart.StatusReview, Type: chart.TypeGuess{DocType: chart.Unknown}}})
	c.Close()
	cli := cliIn(ctx, data)
	if out, err := cli("review", "set-type", "d_1", "WOUND", "--taxonomy", tax); err != nil {
		t.Fatalf("set-type: %v\n%s", err, out)
	}
	out, err := cli("classifier", "train", "--taxonomy", tax)
	if err != nil {
		t.Fatalf("train with one WOUND correction: %v\n%s", err, out)
	}
	if !strings.Contains(out, "fewer than 5, of [WOUND]") || !strings.Contains(out, "QA corrections: 1 documents (1 usable") {
		t.Fatalf("train output:\n%s", out)
	}
}
