package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/evaluate"
)

// eval --refile files the pages a data directory holds with the filing
// code as it is, and scores them against the truth, without OCR.
func TestEvalRefile(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	c, err := catalog.Open(ctx, filepath.Join(data, "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	c.UpsertPatients(ctx, []chart.Patient{
		{MRN: "00012345", Last: "Quillfeather", First: "Ada", DOB: "1962-03-14", Sex: "F"},
		{MRN: "00054321", Last: "Brightwater", First: "Cole", DOB: "1970-01-02", Sex: "M"},
	})
	c.ClaimBatch(ctx, chart.Batch{ID: "b_1", Name: "eval-001-none", Key: "k"})
	a := "Name: QUILLFEATHER, ADA\nMRN: 00012345\nDOB: 03/14/1962"
	b := "Name: BRIGHTWATER, COLE\nMRN: 00054321\nDOB: 01/02/1970"
	texts := []string{"DISCHARGE SUMMARY\n" + a + "\nHOSPITAL COURSE: improved.\nPage 1 of 2", "DISCHARGE SUMMARY (continued)\n" + a + "\nPage 2 of 2",
		"LABORATORY REPORT\n" + b + "\nSodium 140 mmol/L reference range 136-145\nPage 1 of 1"}
	var truthPages []evaluate.TruthPage
	for i, text := range texts {
		file := "000" + string(rune('1'+i)) + ".png"
		c.SavePage(ctx, chart.Page{ID: "p_" + file, BatchID: "b_1", Seq: i, File: file, Role: chart.RoleContent, Text: text, Confidence: 0.9})
		doc, mrn, typ := 0, "00012345", "18842-5"
		if i == 2 {
			doc, mrn, typ = 1, "00054321", "11502-2"
		}
		truthPages = append(truthPages, evaluate.TruthPage{File: file, Role: "content", Doc: doc, MRN: mrn, Type: typ})
	}
	c.Close()
	truth := []evaluate.TruthBatch{{Name: "eval-001-none", Kind: "none", Pages: truthPages,
		Docs: []evaluate.TruthDoc{{Doc: 0, MRN: "00012345", Type: "18842-5"}, {Doc: 1, MRN: "00054321", Type: "11502-2"}}}}
	tf := filepath.Join(t.TempDir(), "truth.json")
	js, _ := json.Marshal(truth)
	os.WriteFile(tf, js, 0o600)

	var out, errs syncBuffer
	if err := run(ctx, []string{"eval", "--refile", "--data", data, "--truth", tf}, &out, &errs); err != nil {
		t.Fatalf("eval --refile: %v\n%s", err, errs.String())
	}
	for _, want := range []string{"exact documents                    1.000 (2/2)", "type accuracy                      1.000 (2/2)", "WRONG-PATIENT AUTO-FILES           0", "clean documents auto-filed         1.000 (2/2)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if err := run(ctx, []string{"eval", "--refile", "--truth", tf}, &out, &errs); err == nil || !strings.Contains(err.Error(), "--data") {
		t.Errorf("refile without --data: %v", err)
	}
}
