package filing

import (
	"context"
	"slices"
	"testing"

	"github.com/chartroom/chartroom/chart"
)

func TestFlagLoneDocuments(t *testing.T) {
	doc := func(mrn string) chart.Document {
		if mrn == "" {
			return chart.Document{}
		}
		return chart.Document{Patient: &chart.PatientMatch{MRN: mrn, Confidence: 0.99}}
	}
	for _, tc := range []struct {
		name    string
		mrns    []string
		flagged []int
	}{
		{"one patient", []string{"A", "A", "A"}, nil},
		{"lone B inside A's run", []string{"A", "B", "A"}, []int{1}},
		{"two charts one after the other", []string{"A", "A", "B", "B"}, nil},
		{"B at the end is a new chart", []string{"A", "A", "B"}, nil},
		{"unknown neighbour proves nothing", []string{"A", "B", ""}, nil},
		{"two lone documents", []string{"A", "B", "A", "C", "A"}, []int{1, 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var docs []chart.Document
			for _, m := range tc.mrns {
				docs = append(docs, doc(m))
			}
			FlagLoneDocuments(docs)
			var got []int
			for i, d := range docs {
				if slices.Contains(d.Flags, chart.ReasonMisfileSuspect) {
					got = append(got, i)
				}
			}
			if !slices.Equal(got, tc.flagged) {
				t.Fatalf("flagged %v, want %v", got, tc.flagged)
			}
		})
	}
}

func TestFilerRoutesLoneMisfileToReview(t *testing.T) {
	f, a, b := twoPatientFiler(t)
	pages := []chart.Page{
		{ID: "1", Role: chart.RoleContent, Text: "PROGRESS NOTE\n" + a, Confidence: 0.9},
		{ID: "2", Role: chart.RoleContent, Text: "LABORATORY REPORT\n" + b, Confidence: 0.9},
		{ID: "3", Role: chart.RoleContent, Text: "DISCHARGE SUMMARY\n" + a, Confidence: 0.9},
	}
	docs, err := f.File(context.Background(), pages)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 3 {
		t.Fatalf("%d documents", len(docs))
	}
	if docs[0].Status != chart.StatusFiled || docs[2].Status != chart.StatusFiled {
		t.Fatalf("A's documents: %s %v, %s %v", docs[0].Status, docs[0].Reasons, docs[2].Status, docs[2].Reasons)
	}
	if docs[1].Status != chart.StatusReview || !slices.Contains(docs[1].Flags, chart.ReasonMisfileSuspect) {
		t.Fatalf("lone B document: %s %v %v", docs[1].Status, docs[1].Reasons, docs[1].Flags)
	}
}

// In a batch whose documents start with sheets, another patient's page
// split off by its MRN is a page misfiled inside a document: both sides go
// to review, whatever the neighbours say.
func TestFilerFlagsPatientChangeWithoutSheet(t *testing.T) {
	f, a, b := twoPatientFiler(t)
	sep := chart.Page{ID: "s", Role: chart.RoleSeparator}
	for _, tc := range []struct {
		name    string
		pages   []chart.Page
		flagged []int
	}{
		{"with separators", []chart.Page{
			sep, {ID: "1", Role: chart.RoleContent, Text: "CONSULTATION NOTE\n" + a, Confidence: 0.9},
			{ID: "2", Role: chart.RoleContent, Text: "CONSULTATION NOTE\n" + b, Confidence: 0.9},
		}, []int{0, 1}},
		{"without sheets the patient change is a new chart", []chart.Page{
			{ID: "1", Role: chart.RoleContent, Text: "CONSULTATION NOTE\n" + a, Confidence: 0.9},
			{ID: "2", Role: chart.RoleContent, Text: "CONSULTATION NOTE\n" + b, Confidence: 0.9},
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := f.File(context.Background(), tc.pages)
			if err != nil || len(docs) != 2 {
				t.Fatalf("%d documents, %v", len(docs), err)
			}
			var got []int
			for i, d := range docs {
				if slices.Contains(d.Flags, chart.ReasonMisfileSuspect) {
					got = append(got, i)
					if d.Status != chart.StatusReview {
						t.Errorf("flagged document %d is %s", i, d.Status)
					}
				}
			}
			if !slices.Equal(got, tc.flagged) {
				t.Fatalf("flagged %v, want %v", got, tc.flagged)
			}
		})
	}
}

// twoPatientFiler is a Filer on the default rules over an MPI of two
// patients, with the label text of each.
func twoPatientFiler(t *testing.T) (f Filer, a, b string) {
	m := testMatcher(t,
		chart.Patient{MRN: "00012345", Last: "Quillfeather", First: "Ada", DOB: "1962-03-14"},
		chart.Patient{MRN: "00054321", Last: "Brightwater", First: "Cole", DOB: "1970-01-02"})
	f = Filer{
		Splitter:   HeaderSplitter{Titles: TitleRules{Rules: DefaultTaxonomy()}, Sheets: DefaultSheets()},
		Classifier: TitleRules{Rules: DefaultTaxonomy()},
		Matcher:    m,
		Policy:     DefaultPolicy(),
		Taxonomy:   DefaultTaxonomy(),
	}
	return f, "Name: QUILLFEATHER, ADA\nMRN: 00012345\nDOB: 03/14/1962", "Name: BRIGHTWATER, COLE\nMRN: 00054321\nDOB: 01/02/1970"
}

// A page of another patient inside a document, in a batch without sheets:
// the splitter starts a document at it, and the first part of the real
// document, though its own page agrees, is flagged with it.
func TestFilerFlagsInterruptedDocument(t *testing.T) {
	f, a, b := twoPatientFiler(t)
	body := "\nThe patient was seen and examined today; plan reviewed.\n"
	pages := []chart.Page{
		{ID: "1", Role: chart.RoleContent, Text: "CONSULTATION NOTE\n" + a + body + "Page 1 of 3", Confidence: 0.9},
		{ID: "2", Role: chart.RoleContent, Text: "LABORATORY REPORT\n" + b + body, Confidence: 0.9},
		{ID: "3", Role: chart.RoleContent, Text: a + body + "Page 3 of 3", Confidence: 0.9},
	}
	docs, err := f.File(context.Background(), pages)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d.Status == chart.StatusFiled {
			t.Errorf("document %v filed; every part of the interrupted document must be reviewed", d.PageIDs)
		}
	}
	if !slices.Contains(docs[0].Flags, chart.ReasonMisfileSuspect) {
		t.Fatalf("first part %v not flagged: %v", docs[0].PageIDs, docs[0].Flags)
	}
}
