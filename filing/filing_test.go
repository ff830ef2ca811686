package filing

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/chart"
)

func TestLoadTaxonomy(t *testing.T) {
	rules := DefaultTaxonomy()
	if len(rules) < 19 || rules[0].Code != "FACESHEET" {
		t.Fatalf("default taxonomy: %d types, first %s", len(rules), rules[0].Code)
	}
	for _, tc := range []struct{ name, json, err string }{
		{"ok", `{"types":[{"code":"X1","display":"Local","order":1,"titles":["Local Form"]}]}`, ""},
		{"missing display", `{"types":[{"code":"X1"}]}`, "needs a code and a display"},
		{"duplicate", `{"types":[{"code":"X1","display":"a"},{"code":"X1","display":"b"}]}`, "appears twice"},
		{"UNK reserved", `{"types":[{"code":"UNK","display":"a"}]}`, "reserved"},
		{"unknown field", `{"types":[{"code":"X1","display":"a","colour":"red"}]}`, "unknown field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := LoadTaxonomy(strings.NewReader(tc.json))
			if tc.err == "" {
				if err != nil || len(r) != 1 || r[0].Titles[0] != "LOCAL FORM" {
					t.Fatalf("LoadTaxonomy = %+v, %v", r, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("err = %v, want %q", err, tc.err)
			}
		})
	}
}

func TestTitleRules(t *testing.T) {
	c := TitleRules{Rules: DefaultTaxonomy()}
	for _, tc := range []struct{ name, text, code string }{
		{"discharge", "Northfield General Hospital\nDISCHARGE SUMMARY\nName: X", "18842-5"},
		{"lab", "Lakeside Clinic\nLaboratory Report\n", "11502-2"},
		{"progress with punctuation", "Progress Note - Internal Medicine", "11506-3"},
		{"longest title wins", "Hospital\nNURSING PROGRESS NOTE", "34746-8"},
		{"local code", "Hospital\nMEDICATION ADMINISTRATION RECORD", "MAR"},
		{"letter-spaced title split by OCR", "Hospital\nDISCHARGE SU M MARY MRN: 00012345", "18842-5"},
		{"short title not matched without spaces", "Hospital\nCONSENTED to the plan", "UNK"},
		{"title deep in body ignored", "Hospital\nline\nline\nline\nline\nline\nline\nline\nline\nline\nline\nline\nline\nline\nline\nDISCHARGE SUMMARY", "UNK"},
		{"unknown", "Hospital\nDiet order sheet", "UNK"},
		{"a field label is not a title", "Hospital\nPROCEDURE: thoracentesis\nCONSENT: obtained from the patient", "UNK"},
		{"a title with a colon is a title", "Hospital\nDISCHARGE SUMMARY:\nAdmitted 3/2", "18842-5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, _, err := c.Classify(context.Background(), []chart.Page{{ID: "p", Text: tc.text}})
			if err != nil || g.Code != tc.code {
				t.Fatalf("Classify = %+v, %v; want %s", g, err, tc.code)
			}
		})
	}
}

// testMatcher is an MPIMatcher over the given patients.
func testMatcher(t testing.TB, patients ...chart.Patient) MPIMatcher {
	t.Helper()
	ix, err := NewMPIIndex(func(fn func(chart.Patient) error) error {
		for _, p := range patients {
			if err := fn(p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return MPIMatcher{Index: ix}
}

func TestMatchAndPolicy(t *testing.T) {
	m := testMatcher(t, chart.Patient{MRN: "00012345", Last: "Quillfeather", First: "Ada", DOB: "1962-03-14", Sex: "F"})
	pol := DefaultPolicy()
	discharge := chart.TypeGuess{DocType: chart.DocType{Code: "18842-5"}, Confidence: 0.97}
	for _, tc := range []struct {
		name    string
		pages   []string
		typ     chart.TypeGuess
		status  chart.Status
		reasons []chart.Reason
		// boundary and ocr are the segment's boundary confidence and the
		// pages' mean OCR confidence (default 1 and 0.9).
		boundary, ocr float64
	}{
		{"MRN and name and DOB", []string{"Name: QUILLFEATHER, ADA\nMRN: 00012345\nDOB: 03/14/1962"}, discharge, chart.StatusFiled, nil, 0, 0},
		{"MRN and name", []string{"Name: QUILLFEATHER, ADA\nMRN: 00012345"}, discharge, chart.StatusFiled, nil, 0, 0},
		{"MRN alone", []string{"MRN: 00012345"}, discharge, chart.StatusReview, []chart.Reason{chart.ReasonPatientLowConfidence}, 0, 0},
		{"MRN not in MPI", []string{"Name: QUILLFEATHER, ADA\nMRN: 00099999"}, discharge, chart.StatusReview, nil, 0, 0},
		{"no identifiers", []string{"just text"}, discharge, chart.StatusReview, []chart.Reason{chart.ReasonPatientNotFound}, 0, 0},
		{"DOB disagrees", []string{"Name: QUILLFEATHER, ADA\nMRN: 00012345\nDOB: 04/15/1971"}, discharge, chart.StatusReview, nil, 0, 0},
		{"two MRNs", []string{"Name: QUILLFEATHER, ADA\nMRN: 00012345", "MRN: 00054321"}, discharge, chart.StatusReview, []chart.Reason{chart.ReasonPatientConflict}, 0, 0},
		{"unknown type", []string{"Name: QUILLFEATHER, ADA\nMRN: 00012345"}, chart.TypeGuess{DocType: chart.Unknown}, chart.StatusReview, []chart.Reason{chart.ReasonTypeUnknown}, 0, 0},
		{"type below its threshold", []string{"Name: QUILLFEATHER, ADA\nMRN: 00012345"}, chart.TypeGuess{DocType: discharge.DocType, Confidence: 0.6}, chart.StatusReview, []chart.Reason{chart.ReasonTypeLowConfidence}, 0, 0},
		{"weak boundary", []string{"Name: QUILLFEATHER, ADA\nMRN: 00012345"}, discharge, chart.StatusReview, []chart.Reason{chart.ReasonBoundaryUncertain}, 0.8, 0},
		{"poor OCR", []string{"Name: QUILLFEATHER, ADA\nMRN: 00012345"}, discharge, chart.StatusReview, []chart.Reason{chart.ReasonLowOCRConfidence}, 0, 0.4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var pages []chart.Page
			for i, text := range tc.pages {
				pages = append(pages, chart.Page{ID: fmt.Sprint("p", i), Text: text, Role: chart.RoleContent})
			}
			match, err := m.Match(context.Background(), pages)
			if err != nil {
				t.Fatal(err)
			}
			d := chart.Document{Type: tc.typ, Patient: match.Patient}
			boundary, ocr := cmp.Or(tc.boundary, 1), cmp.Or(tc.ocr, 0.9)
			pol.Decide(&d, Segment{Confidence: boundary}, match, ocr)
			if d.Status != tc.status {
				t.Errorf("status = %s, want %s (reasons %v)", d.Status, tc.status, d.Reasons)
			}
			for _, r := range tc.reasons {
				if !slices.Contains(d.Reasons, r) {
					t.Errorf("reasons %v lack %s", d.Reasons, r)
				}
			}
			if tc.status == chart.StatusReview && len(tc.reasons) == 1 && len(d.Reasons) != 1 {
				t.Errorf("reasons %v, want only %v", d.Reasons, tc.reasons)
			}
		})
	}
}

func TestHeaderSplitterCarriesTheCover(t *testing.T) {
	s := HeaderSplitter{Titles: TitleRules{Rules: DefaultTaxonomy()}, Sheets: DefaultSheets()}
	pages := []chart.Page{
		{ID: "cv", Role: chart.RoleCover, Barcodes: []chart.Barcode{{Format: "CODE_128", Text: "00638288|18842-5"}}},
		{ID: "a", Role: chart.RoleContent, Text: "DISCHARGE SUMMARY"},
	}
	segs, _ := s.Split(context.Background(), pages)
	if len(segs) != 1 || segs[0].Cover == nil || segs[0].Cover.MRN != "00638288" || segs[0].Cover.TypeCode != "18842-5" {
		t.Fatalf("segments %+v", segs)
	}
}

func TestHeaderSplitter(t *testing.T) {
	s := HeaderSplitter{Titles: TitleRules{Rules: DefaultTaxonomy()}, Sheets: DefaultSheets()}
	page := func(id string, role chart.PageRole, text string) chart.Page {
		return chart.Page{ID: id, Role: role, Text: text}
	}
	for _, tc := range []struct {
		name  string
		pages []chart.Page
		want  string // segments as page ids, "|" between documents
		conf  []float64
	}{
		{"no pages", nil, "", nil},
		{"one document, title repeated", []chart.Page{
			page("a", chart.RoleContent, "PROGRESS NOTE\nMRN: 00012345"),
			page("b", chart.RoleContent, "PROGRESS NOTE (continued)\nMRN: 00012345"),
		}, "a,b", []float64{1}},
		{"new title starts a document", []chart.Page{
			page("a", chart.RoleContent, "PROGRESS NOTE\nMRN: 00012345"),
			page("b", chart.RoleContent, "text without a header"),
			page("c", chart.RoleContent, "CONSULTATION NOTE\nMRN: 00012345"),
			page("d", chart.RoleContent, "CONSULTATION NOTE (continued)"),
		}, "a,b|c,d", []float64{0.9, 0.9}},
		{"page numbering restarts", []chart.Page{
			page("a", chart.RoleContent, "PROGRESS NOTE\nMRN: 00012345\nPage 1 of 2"),
			page("b", chart.RoleContent, "PROGRESS NOTE (continued)\nMRN: 00012345\nPage 2 of 2"),
			page("c", chart.RoleContent, "PROGRESS NOTE\nMRN: 00012345\nPage 1 of 1"),
		}, "a,b|c", []float64{0.9, 0.9}},
		{"unnumbered pages do not restart", []chart.Page{
			page("a", chart.RoleContent, "PROGRESS NOTE\nPage 1 of 2"),
			page("b", chart.RoleContent, "no footer"),
			page("c", chart.RoleContent, "Page 2 of 2"),
		}, "a,b,c", []float64{1}},
		{"an MRN misread by one digit is the same document", []chart.Page{
			page("a", chart.RoleContent, "PROGRESS NOTE\nMRN: 00169229"),
			page("b", chart.RoleContent, "PROGRESS NOTE\nMRN: 00160229"),
		}, "a,b", []float64{1}},
		{"a continued page is not a new title", []chart.Page{
			page("a", chart.RoleContent, "PROGRESS NOTE\nMRN: 00012345\nPage 1 of 2"),
			page("b", chart.RoleContent, "CONSULTATION\nthe consultant agreed\nPage 2 of 2"),
		}, "a,b", []float64{1}},
		{"new MRN starts a document", []chart.Page{
			page("a", chart.RoleContent, "PROGRESS NOTE\nMRN: 00012345"),
			page("b", chart.RoleContent, "PROGRESS NOTE\nMRN: 00099999"),
		}, "a|b", []float64{0.9, 0.9}},
		{"non-content pages belong to no document", []chart.Page{
			page("x", chart.RoleCover, "COVER"),
			page("a", chart.RoleContent, "LABORATORY REPORT"),
			page("y", chart.RoleBlank, ""),
		}, "a", []float64{1}},
		{"sheets start documents even without a header change", []chart.Page{
			page("s1", chart.RoleSeparator, ""),
			page("a", chart.RoleContent, "PROGRESS NOTE\nMRN: 00012345"),
			page("b", chart.RoleBlank, ""),
			page("s2", chart.RoleSeparator, ""),
			page("c", chart.RoleContent, "PROGRESS NOTE\nMRN: 00012345"),
		}, "a|c", []float64{1, 1}},
		{"a title change inside a covered document still splits", []chart.Page{
			page("cv", chart.RoleCover, ""),
			page("a", chart.RoleContent, "PROGRESS NOTE"),
			page("b", chart.RoleContent, "LABORATORY REPORT"),
		}, "a|b", []float64{0.9, 0.9}},
		// A boundary is doubt about the document before it too.
		{"another facility's letterhead is a boundary", []chart.Page{
			page("a", chart.RoleContent, "MERCY GENERAL HOSPITAL\nPROGRESS NOTE\nMRN: 00012345"),
			page("b", chart.RoleContent, "Mercy General Hospital - Department of Medicine\nthe plan continues"),
			page("c", chart.RoleContent, "RIVERSIDE MEDICAL CENTER\n123 Main Street\nresults follow"),
		}, "a,b|c", []float64{0.9, 0.9}},
		{"a misread letterhead is the same facility", []chart.Page{
			page("a", chart.RoleContent, "St. Brendan Regional Hospital\nPROGRESS NOTE"),
			page("b", chart.RoleContent, "St. Brendon Regiona1 Hospital\nassessment and plan"),
		}, "a,b", []float64{1}},
		{"a department heading is not another letterhead", []chart.Page{
			page("a", chart.RoleContent, "MERCY GENERAL HOSPITAL\nRADIOLOGY REPORT"),
			page("b", chart.RoleContent, "DEPARTMENT OF RADIOLOGY\nimpression continues"),
		}, "a,b", []float64{1}},
		{"a continued page keeps its document whatever its letterhead", []chart.Page{
			page("a", chart.RoleContent, "MERCY GENERAL HOSPITAL\nPROGRESS NOTE"),
			page("b", chart.RoleContent, "RIVERSIDE MEDICAL CENTER\nProgress note (continued)"),
		}, "a,b", []float64{1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			segs, err := s.Split(context.Background(), tc.pages)
			if err != nil {
				t.Fatal(err)
			}
			got, conf := segmentIDs(segs)
			if got != tc.want || !slices.Equal(conf, tc.conf) {
				t.Fatalf("segments %v %v, want %s %v", got, conf, tc.want, tc.conf)
			}
		})
	}
}

// segmentIDs writes segments as their page ids, "," within a document and
// "|" between documents, with each segment's boundary confidence.
func segmentIDs(segs []Segment) (string, []float64) {
	var docs []string
	var conf []float64
	for _, seg := range segs {
		var ids []string
		for _, p := range seg.Pages {
			ids = append(ids, p.ID)
		}
		docs = append(docs, strings.Join(ids, ","))
		conf = append(conf, seg.Confidence)
	}
	return strings.Join(docs, "|"), conf
}
