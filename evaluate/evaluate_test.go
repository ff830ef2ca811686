package evaluate

import (
	"bytes"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/export"
)

func TestScore(t *testing.T) {
	// Batch "b": cover, A's progress note (2 pages), separator, B's lab (1
	// page) carrying a foreign page injected, blank.
	truth := []TruthBatch{{
		Name: "b", Kind: "cover",
		Pages: []TruthPage{
			{File: "1.png", Role: "cover", Doc: -1},
			{File: "2.png", Role: "content", Doc: 0, MRN: "A", Type: "11506-3"},
			{File: "3.png", Role: "content", Doc: 0, MRN: "A", Type: "11506-3"},
			{File: "4.png", Role: "separator", Doc: -1},
			{File: "5.png", Role: "content", Doc: 1, MRN: "B", Type: "11502-2"},
			{File: "6.png", Role: "content", Doc: 1, MRN: "C", Type: "11502-2"},
			{File: "7.png", Role: "blank", Doc: -1},
		},
		Docs: []TruthDoc{{Doc: 0, MRN: "A", Type: "11506-3"}, {Doc: 1, MRN: "B", Type: "11502-2", Misfile: "foreign-page"}},
	}}
	page := func(f string) export.Page { return export.Page{File: f} }
	for _, tc := range []struct {
		name  string
		docs  []export.Document
		check func(t *testing.T, r Report)
	}{
		{"perfect and safe", []export.Document{
			{ID: "d1", Batch: "b", Pages: []export.Page{page("2.png"), page("3.png")}, Patient: &export.Patient{MRN: "A", Confidence: 0.99},
				Type: export.Type{Code: "11506-3", Confidence: 0.97}, Status: "filed"},
			{ID: "d2", Batch: "b", Pages: []export.Page{page("5.png"), page("6.png")}, Patient: &export.Patient{MRN: "B", Confidence: 0.6},
				Type: export.Type{Code: "11502-2", Confidence: 0.97}, Status: "review"},
		}, func(t *testing.T, r Report) {
			if r.BoundarySheets.F1() != 1 || r.ExactDocuments.Value() != 1 || r.TypeAccuracy.Value() != 1 {
				t.Fatalf("boundaries %+v exact %v type %v", r.BoundarySheets, r.ExactDocuments, r.TypeAccuracy)
			}
			if r.WrongPatientAutoFiles != 0 || r.MisfileRecall.Value() != 1 || r.CleanAutoFiled.Value() != 1 || r.ReviewRate.Value() != 0.5 {
				t.Fatalf("safety %d misfile %v clean %v review %v", r.WrongPatientAutoFiles, r.MisfileRecall, r.CleanAutoFiled, r.ReviewRate)
			}
		}},
		{"merged and misfiled", []export.Document{
			{ID: "d1", Batch: "b", Pages: []export.Page{page("2.png"), page("3.png"), page("5.png"), page("6.png")},
				Patient: &export.Patient{MRN: "A", Confidence: 0.99}, Type: export.Type{Code: "11506-3", Confidence: 0.97}, Status: "filed"},
		}, func(t *testing.T, r Report) {
			if r.BoundarySheets.FN != 1 || r.BoundarySheets.Recall() != 0 {
				t.Fatalf("boundaries %+v", r.BoundarySheets)
			}
			if r.WrongPatientAutoFiles != 1 || r.WrongPatientDocs[0] != "d1" || r.MisfileRecall.N != 0 {
				t.Fatalf("wrong-patient %d %v, misfile %v", r.WrongPatientAutoFiles, r.WrongPatientDocs, r.MisfileRecall)
			}
			if r.Confusion["11502-2"]["11506-3"] != 1 || r.ExactDocuments.N != 0 {
				t.Fatalf("confusion %v exact %v", r.Confusion, r.ExactDocuments)
			}
		}},
		{"clean document reviewed, type wrong, misfile missed", []export.Document{
			{ID: "d1", Batch: "b", Pages: []export.Page{page("2.png"), page("3.png")}, Patient: &export.Patient{MRN: "A", Confidence: 0.99},
				Type: export.Type{Code: "11488-4", Confidence: 0.62}, Status: "review", Reasons: []string{"type-low-confidence"}},
			{ID: "d2", Batch: "b", Pages: []export.Page{page("5.png"), page("6.png")}, Patient: &export.Patient{MRN: "B", Confidence: 0.6},
				Type: export.Type{Code: "11502-2", Confidence: 0.97}, Status: "filed"},
		}, func(t *testing.T, r Report) {
			if r.CleanReviewReasons["type-low-confidence"] != 1 || len(r.CleanReviewReasons) != 1 {
				t.Fatalf("clean review reasons %v", r.CleanReviewReasons)
			}
			want := []string{
				`b #0: type 11506-3 (title "") read as 11488-4 at 0.620`,
				`b #0: clean document sent to review: [type-low-confidence]`,
				`b #1: injected misfile (foreign-page) NOT sent to review`,
			}
			if strings.Join(r.Mistakes, "\n") != strings.Join(want, "\n") {
				t.Fatalf("mistakes:\n%s\nwant:\n%s", strings.Join(r.Mistakes, "\n"), strings.Join(want, "\n"))
			}
		}},
		{"a page lost", []export.Document{
			{ID: "d1", Batch: "b", Pages: []export.Page{page("2.png"), page("3.png")}, Status: "review", Type: export.Type{Code: "UNK"}},
		}, func(t *testing.T, r Report) {
			if r.MissingPages != 2 || r.TypeAccuracy.N != 0 {
				t.Fatalf("missing %d type %v", r.MissingPages, r.TypeAccuracy)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Score(truth, export.Export{Version: 1, Documents: tc.docs})
			tc.check(t, r)
			var buf bytes.Buffer
			r.Print(&buf)
			if !strings.Contains(buf.String(), "WRONG-PATIENT AUTO-FILES") {
				t.Fatal("report lacks the safety line")
			}
		})
	}
}

// A document of no chart type counts as handled only when it reaches
// review as UNK; it is not a clean document to auto-file.
func TestScoreUnknownDocuments(t *testing.T) {
	truth := []TruthBatch{{Name: "u", Kind: "none",
		Pages: []TruthPage{{File: "1.png", Role: "content", Doc: 0, MRN: "A", Type: "UNK"}},
		Docs:  []TruthDoc{{Doc: 0, MRN: "A", Type: "UNK", Title: "FAX COVER SHEET"}}}}
	doc := func(code, status string) []export.Document {
		return []export.Document{{ID: "d1", Batch: "u", Pages: []export.Page{{File: "1.png"}}, Patient: &export.Patient{MRN: "A", Confidence: 0.99},
			Type: export.Type{Code: code, Confidence: 0.7}, Status: status}}
	}
	r := Score(truth, export.Export{Documents: doc("UNK", "review")})
	if r.UnknownToReview.N != 1 || r.UnknownToReview.D != 1 || r.CleanAutoFiled.D != 0 || r.TypeAccuracy.N != 1 {
		t.Fatalf("UNK in review: unknown %v clean %v type %v", r.UnknownToReview, r.CleanAutoFiled, r.TypeAccuracy)
	}
	r = Score(truth, export.Export{Documents: doc("57133-1", "filed")})
	if r.UnknownToReview.N != 0 || len(r.Mistakes) != 2 {
		t.Fatalf("UNK filed as a referral: unknown %v mistakes %v", r.UnknownToReview, r.Mistakes)
	}
}

// Sheets inside documents, misfile precision and OCR word recall.
func TestScoreSheetsFlagsAndWords(t *testing.T) {
	truth := []TruthBatch{{Name: "s", Kind: "separator",
		Pages: []TruthPage{
			{File: "1.png", Role: "separator", Doc: -1},
			{File: "2.png", Role: "content", Doc: 0, MRN: "A", Type: "11506-3", Text: "Progress note: patient stable, plan unchanged."},
			{File: "3.png", Role: "blank", Doc: -1},
			{File: "4.png", Role: "content", Doc: 1, MRN: "A", Type: "11502-2"},
			{File: "5.png", Role: "content", Doc: 2, MRN: "B", Type: "11502-2"},
		},
		Docs: []TruthDoc{{Doc: 0, MRN: "A", Type: "11506-3"}, {Doc: 1, MRN: "A", Type: "11502-2"}, {Doc: 2, MRN: "B", Type: "11502-2", Misfile: "lone-document"}}}}
	flagged := []string{"misfile-suspect"}
	r := Score(truth, export.Export{Documents: []export.Document{
		{ID: "d1", Batch: "s", Pages: []export.Page{{File: "1.png"}, {File: "2.png", Text: "Progress n0te: patient stable, plan unchanged"}, {File: "3.png"}}, Status: "filed",
			Patient: &export.Patient{MRN: "A", Confidence: 0.99}, Type: export.Type{Code: "11506-3"}},
		{ID: "d2", Batch: "s", Pages: []export.Page{{File: "4.png"}}, Status: "review", Flags: flagged, Type: export.Type{Code: "11502-2"}},
		{ID: "d3", Batch: "s", Pages: []export.Page{{File: "5.png"}}, Status: "review", Flags: flagged, Type: export.Type{Code: "11502-2"}},
	}})
	if r.SheetsInDocuments != 2 {
		t.Errorf("sheets inside documents %d, want 2", r.SheetsInDocuments)
	}
	if r.MisfilePrecision.N != 1 || r.MisfilePrecision.D != 2 {
		t.Errorf("misfile precision %v, want 1/2", r.MisfilePrecision)
	}
	if r.OCRWordRecall.N != 5 || r.OCRWordRecall.D != 6 {
		t.Errorf("word recall %v, want 5/6 (note misread)", r.OCRWordRecall)
	}
}
