package filing

import (
	"context"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/chart"
)

func TestSheetRole(t *testing.T) {
	g := DefaultSheets()
	code := func(text string) chart.Barcode { return chart.Barcode{Format: "CODE_128", Text: text} }
	for _, tc := range []struct {
		name  string
		codes []chart.Barcode
		role  chart.PageRole
		mrn   string
		typ   string
	}{
		{"no codes", nil, chart.RoleContent, "", ""},
		{"MRN and LOINC", []chart.Barcode{code("00638288|18842-5")}, chart.RoleCover, "00638288", "18842-5"},
		// A patient label's Code 128 MRN: the page is read, and is a cover
		// sheet only if its heading says so (TestSheetRoleFromText).
		{"MRN alone is a patient label, not a cover", []chart.Barcode{code("00638288")}, chart.RoleContent, "", ""},
		{"visit number alone is content", []chart.Barcode{code("4410092231")}, chart.RoleContent, "", ""},
		{"local type code", []chart.Barcode{code("00638288|MAR")}, chart.RoleCover, "00638288", "MAR"},
		{"separator", []chart.Barcode{code("SEPARATOR")}, chart.RoleSeparator, "", ""},
		{"patch 2", []chart.Barcode{{Format: "PATCH_CODE", Text: "2"}}, chart.RoleSeparator, "", ""},
		{"patch T", []chart.Barcode{{Format: "PATCH_CODE", Text: "T"}}, chart.RoleSeparator, "", ""},
		{"patch 3", []chart.Barcode{{Format: "PATCH_CODE", Text: "3"}}, chart.RoleSeparator, "", ""},
		{"specimen label is content", []chart.Barcode{code("SPEC-2231-A")}, chart.RoleContent, "", ""},
		{"same cover twice (1-D and QR)", []chart.Barcode{code("00638288"), {Format: "QR_CODE", Text: "00638288|18842-5"}}, chart.RoleCover, "00638288", "18842-5"},
		{"two covers that disagree", []chart.Barcode{code("00638288|18842-5"), code("00012345|18842-5")}, chart.RoleContent, "", ""},
		{"cover and separator on one page", []chart.Barcode{code("00638288"), code("SEPARATOR")}, chart.RoleContent, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			role, cover := g.Role(tc.codes)
			if role != tc.role {
				t.Fatalf("role = %s, want %s", role, tc.role)
			}
			if tc.mrn != "" && (cover == nil || cover.MRN != tc.mrn || cover.TypeCode != tc.typ) {
				t.Fatalf("cover = %+v, want %s|%s", cover, tc.mrn, tc.typ)
			}
		})
	}
}

func TestSheetRoleFromText(t *testing.T) {
	g := DefaultSheets()
	label := chart.Barcode{Format: "CODE_128", Text: "00638288"}
	for _, tc := range []struct {
		name  string
		text  string
		codes []chart.Barcode
		role  chart.PageRole
		mrn   string
	}{
		{"cover heading with a bare MRN code", "DOCUMENT COVER SHEET\nPatient: LINDQVIST, PERCIVAL\nDocument type: 18842-5",
			[]chart.Barcode{label}, chart.RoleCover, "00638288"},
		{"cover heading, code unreadable, MRN printed", "DOCUMENT COVER SHEET\nMRN: 00638288\nDocument type: 18842-5",
			nil, chart.RoleCover, "00638288"},
		{"content page with a label barcode", "DISCHARGE SUMMARY\nLINDQVIST, PERCIVAL N  MRN: 00638288\nHospital course: uneventful.",
			[]chart.Barcode{label}, chart.RoleContent, ""},
		{"cover heading misread", "- PATIENT DOCUMENT. C0VER SHEET |\nPatient name: LINDQVIST, PERCIVAL\nMRN: 00638288",
			[]chart.Barcode{label}, chart.RoleCover, "00638288"},
		{"cover heading lost, footer says cover sheet, MRN code printed", "Place this sheet in front of the document.\nMRN: 00638288\nPatient name: LINDQVIST, PERCIVAL\nchart scanning cover sheet",
			[]chart.Barcode{label}, chart.RoleCover, "00638288"},
		{"heading lost, one printed MRN misread", "Place this sheet in front of the document\nMRN: 0063828 |\nPatient name: LINDQVIST, PERCIVAL\nMRN: 00638288\nchart scanning cover sheet",
			[]chart.Barcode{label}, chart.RoleCover, "00638288"},
		{"heading and code unreadable, printed fields", "Place this sheet in front of the document\nMRN: @@701381 Document type: 34746-8 Nurse note\nPatientname: O'DONNELL, NOEMI\nchart scanning cover sheet",
			nil, chart.RoleCover, "00701381"},
		{"cover heading, code unreadable, its data printed", "DOCUMENT COVER SHEET\n47169378 | ORDERS\"\nPatient Name: Petrov, Dorothy A.\nMEN: ( A-169-378 |",
			nil, chart.RoleCover, "47169378"},
		{"cover heading, no MRN readable: still a sheet", "DOCUMENT COVER SHEET\nPatient Name: Petrov, Dorothy A.\nMEN: ( A-169-3 |",
			nil, chart.RoleCover, ""},
		{"a fax cover page with a patient label is content", "FAX COVER SHEET\nTo: Records\nMRN: 00638288\nPages: 3",
			[]chart.Barcode{label}, chart.RoleContent, ""},
		{"patch T caption", "PATCH T\nDocument separator\nPATCH T", nil, chart.RoleSeparator, ""},
		{"patch 2 caption", "PATCH 2", nil, chart.RoleSeparator, ""},
		{"separator caption", "Document separator - insert before each document", nil, chart.RoleSeparator, ""},
		{"a nicotine patch on a clinical page is content",
			"MEDICATION ADMINISTRATION RECORD\nNicotine patch T 21 mg daily, apply patch 2 hours before\nMRN: 00638288", nil, chart.RoleContent, ""},
		{"a long page that mentions a separator is content",
			"PROGRESS NOTE " + strings.Repeat("patient seen and examined today, plan discussed with the family ", 6) + " new document separator",
			nil, chart.RoleContent, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			role, cover := g.RoleFromText(chart.Page{Text: tc.text, Barcodes: tc.codes})
			if role != tc.role {
				t.Fatalf("role = %s, want %s", role, tc.role)
			}
			if tc.mrn != "" && (cover == nil || cover.MRN != tc.mrn) {
				t.Fatalf("cover = %+v, want MRN %s", cover, tc.mrn)
			}
		})
	}
}

func TestApplyCover(t *testing.T) {
	rules := DefaultTaxonomy()
	pol := DefaultPolicy()
	discharge := chart.TypeGuess{DocType: chart.DocType{Code: "18842-5"}, Confidence: 0.9}
	for _, tc := range []struct {
		name    string
		cover   Cover
		typ     chart.TypeGuess
		patient *chart.PatientMatch
		status  chart.Status
		reasons []chart.Reason
		flagged bool
	}{
		{"cover agrees with pages", Cover{MRN: "00638288", TypeCode: "18842-5"}, discharge,
			&chart.PatientMatch{MRN: "00638288", Confidence: 0.97}, chart.StatusFiled, nil, false},
		{"cover names another patient: misfile", Cover{MRN: "00012345", TypeCode: "18842-5"}, discharge,
			&chart.PatientMatch{MRN: "00638288", Confidence: 0.99}, chart.StatusReview, []chart.Reason{chart.ReasonPatientConflict, chart.ReasonMisfileSuspect}, true},
		{"pages identify nobody: cover MRN alone does not file", Cover{MRN: "00638288", TypeCode: "18842-5"}, discharge,
			nil, chart.StatusReview, []chart.Reason{chart.ReasonPatientLowConfidence}, false},
		{"cover whose MRN could not be read: the pages identify the patient", Cover{TypeCode: "18842-5"}, discharge,
			&chart.PatientMatch{MRN: "00638288", Confidence: 0.97}, chart.StatusFiled, nil, false},
		{"cover whose MRN could not be read, pages identify nobody", Cover{TypeCode: "18842-5"}, discharge,
			nil, chart.StatusReview, []chart.Reason{chart.ReasonPatientNotFound}, false},
		{"cover type fills an unknown title", Cover{MRN: "00638288", TypeCode: "11502-2"}, chart.TypeGuess{DocType: chart.Unknown},
			&chart.PatientMatch{MRN: "00638288", Confidence: 0.97}, chart.StatusFiled, nil, false},
		{"cover type disagrees with the title", Cover{MRN: "00638288", TypeCode: "11502-2"}, discharge,
			&chart.PatientMatch{MRN: "00638288", Confidence: 0.97}, chart.StatusReview, []chart.Reason{chart.ReasonTypeLowConfidence}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := chart.Document{Type: tc.typ}
			m := Match{Patient: tc.patient}
			ApplyCover(&d, &tc.cover, &m, rules)
			d.Patient = m.Patient
			pol.Decide(&d, Segment{Confidence: 1}, m, 0.9)
			if d.Status != tc.status {
				t.Fatalf("status %s (reasons %v), want %s", d.Status, d.Reasons, tc.status)
			}
			for _, r := range tc.reasons {
				found := false
				for _, got := range d.Reasons {
					found = found || got == r
				}
				if !found {
					t.Errorf("reasons %v lack %s", d.Reasons, r)
				}
			}
			flagged := false
			for _, f := range d.Flags {
				flagged = flagged || f == chart.ReasonMisfileSuspect
			}
			if flagged != tc.flagged {
				t.Errorf("misfile-suspect flag = %v, want %v", flagged, tc.flagged)
			}
		})
	}
}

func TestRoleFromText(t *testing.T) {
	g := DefaultSheets()
	for _, tc := range []struct {
		name, text string
		role       chart.PageRole
		mrn, typ   string
	}{
		{"cover sheet", "PATIENT DOCUMENT COVER SHEET\nMRN: 00731785   Document type: 34133-9 Summary of episode note", chart.RoleCover, "00731785", "34133-9"},
		// The heading makes it a sheet (never inside a document); without a
		// readable MRN it names nobody and the pages identify the patient.
		{"cover without MRN is a sheet naming nobody", "PATIENT DOCUMENT COVER SHEET\nDocument type: 34133-9", chart.RoleCover, "", "34133-9"},
		{"separator", "DOCUMENT SEPARATOR SHEET\nPlace between documents", chart.RoleSeparator, "", ""},
		{"ordinary page", "PROGRESS NOTE\nMRN: 00731785", chart.RoleContent, "", ""},
		{"a fax cover sheet is content", "FAX COVER SHEET\nTo: Records\nRe: MRN: 00731785", chart.RoleContent, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			role, c := g.RoleFromText(chart.Page{ID: "p", Text: tc.text})
			if role != tc.role || (tc.mrn != "" && (c == nil || c.MRN != tc.mrn || c.TypeCode != tc.typ)) {
				t.Fatalf("role %s cover %+v", role, c)
			}
		})
	}
}

func TestForeignContinuationPageIsNotABoundary(t *testing.T) {
	s := HeaderSplitter{Titles: TitleRules{Rules: DefaultTaxonomy()}, Sheets: DefaultSheets()}
	pages := []chart.Page{
		{ID: "a1", Role: chart.RoleContent, Text: "PROGRESS NOTE\nMRN: 00012345\nPage 1 of 3"},
		{ID: "b2", Role: chart.RoleContent, Text: "PROGRESS NOTE (continued)\nMRN: 00054321\nPage 2 of 3"},
		{ID: "a3", Role: chart.RoleContent, Text: "PROGRESS NOTE (continued)\nMRN: 00012345\nPage 3 of 3"},
		{ID: "b1", Role: chart.RoleContent, Text: "PROGRESS NOTE\nMRN: 00054321\nMetoprolol was discontinued.\nPage 1 of 1"},
	}
	segs, _ := s.Split(context.Background(), pages)
	if len(segs) != 2 || len(segs[0].Pages) != 3 || segs[1].Pages[0].ID != "b1" {
		t.Fatalf("segments: %d, first has %d pages", len(segs), len(segs[0].Pages))
	}
}
