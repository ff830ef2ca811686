package index

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestSearchFindsPageAndFields(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	entries := []Entry{
		{ID: "d_1", Batch: "b_1", MRN: "00012345", PatientName: "Testperson, Ada", TypeCode: "18842-5", TypeDisplay: "Discharge summary", Status: "filed",
			Pages: []string{"Discharge summary page one", "Patient underwent cholecystectomy", "Medications: metoprolol tartrate"}},
		{ID: "d_2", Batch: "b_2", MRN: "00099999", PatientName: "Sample, Ben", TypeCode: "11502-2", TypeDisplay: "Laboratory report", Status: "review",
			Pages: []string{"Hemoglobin A1c results", "Potassium within range"}},
	}
	for _, e := range entries {
		if err := x.Put(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name  string
		query string
		ids   []string
		pages []int // of the first hit
	}{
		{"word on page two", "cholecystectomy", []string{"d_1"}, []int{2}},
		{"stemmed", "medication", []string{"d_1"}, []int{3}},
		{"mrn keyword", "mrn:00099999", []string{"d_2"}, nil},
		{"type keyword and word", "+type:11502-2 +potassium", []string{"d_2"}, []int{2}},
		{"status keyword", "status:review", []string{"d_2"}, nil},
		{"patient name", "patient:testperson", []string{"d_1"}, nil},
		{"no hit", "appendectomy", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := x.Search(ctx, Query{Text: tc.query})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
			if strings.Join(ids, ",") != strings.Join(tc.ids, ",") {
				t.Fatalf("ids = %v, want %v", ids, tc.ids)
			}
			if tc.pages != nil {
				h := res.Hits[0]
				if len(h.Pages) != len(tc.pages) || h.Pages[0] != tc.pages[0] {
					t.Fatalf("pages = %v, want %v", h.Pages, tc.pages)
				}
				if len(h.Fragments) == 0 || !strings.Contains(h.Fragments[0], "[[") {
					t.Fatalf("fragments not highlighted: %v", h.Fragments)
				}
				if h.MRN == "" || h.TypeCode == "" || h.Status == "" {
					t.Fatalf("stored fields missing: %+v", h)
				}
			}
		})
	}
	// Reopen: the index is on disk.
	x.Close()
	x, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if n, _ := x.Count(); n != 2 {
		t.Fatalf("count after reopen = %d", n)
	}
	if err := x.Delete(ctx, "d_1"); err != nil {
		t.Fatal(err)
	}
	if n, _ := x.Count(); n != 1 {
		t.Fatalf("count after delete = %d", n)
	}
}
