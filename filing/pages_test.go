package filing

import (
	"context"
	"slices"
	"testing"

	"github.com/chartroom/chartroom/chart"
)

// The patient-safety event of issue 8: between separator sheets, a
// one-page report of another patient whose label could not be read was
// joined to the next document and filed with it. A page is filed only
// when it carries the patient's identifiers or is tied to the page before.
func TestPageBelonging(t *testing.T) {
	f, a, b := twoPatientFiler(t)
	sep := chart.Page{ID: "s", Role: chart.RoleSeparator}
	content := func(id, text string) chart.Page {
		return chart.Page{ID: id, Role: chart.RoleContent, Text: text, Confidence: 0.9}
	}
	body := "\nThe patient was seen and examined. Vital signs stable. Plan reviewed with the team.\n"
	for _, tc := range []struct {
		name  string
		pages []chart.Page
		// want is each document's status and, for documents in review,
		// whether page-unidentified is among the reasons.
		want []string
	}{
		{"unreadable one-page report before a document, between separators", []chart.Page{
			sep,
			content("x", "ECHOCARDIOGRAM REPORT\nLeft ventricular function is normal."+body+"Page 1 of 1"),
			content("1", "PROGRESS NOTE\n"+a+body+"Page 1 of 2"),
			content("2", a+body+"Page 2 of 2"),
			sep,
		}, []string{"review", "filed"}},
		{"unreadable report with a title no rule knows, joined to the next document", []chart.Page{
			sep,
			content("x", "Cardiac sonography findings\nLeft ventricular function is normal."+body),
			content("1", "PROGRESS NOTE\n"+a+body),
			content("2", a+body),
			sep,
		}, []string{"review page-unidentified"}},
		{"continuation page without a label, numbered in sequence", []chart.Page{
			sep,
			content("1", "PROGRESS NOTE\n"+a+body+"Page 1 of 2"),
			content("2", body+"Page 2 of 2"),
		}, []string{"filed"}},
		{"continuation page that says it continues", []chart.Page{
			content("1", "CONSULTATION NOTE\n"+a+body),
			content("2", "CONSULTATION NOTE (continued)"+body),
		}, []string{"filed"}},
		{"continuation page with the same encounter number", []chart.Page{
			content("1", "CONSULTATION NOTE\n"+a+"\nAcct #: 7710042"+body),
			content("2", "Acct #: 7710042"+body),
		}, []string{"filed"}},
		{"unlabelled page with no tie and no sheets", []chart.Page{
			content("1", "CONSULTATION NOTE\n"+a+body),
			content("2", body),
		}, []string{"review page-unidentified"}},
		{"unlabelled page inside a sheet-bounded document", []chart.Page{
			sep,
			content("1", "CONSULTATION NOTE\n"+a+body),
			content("2", body),
			sep,
		}, []string{"filed"}},
		{"unlabelled page 1 of 1 inside a sheet-bounded document", []chart.Page{
			sep,
			content("1", "CONSULTATION NOTE\n"+a+body),
			content("2", body+"Page 1 of 1"),
			sep,
		}, []string{"review page-unidentified"}},
		{"first page without identifiers after a separator", []chart.Page{
			sep,
			content("1", "PROGRESS NOTE"+body),
			content("2", a+body),
		}, []string{"review page-unidentified"}},
		{"a page naming only the patient", []chart.Page{
			content("1", "CONSULTATION NOTE\n"+a+body),
			content("2", "Patient: QUILLFEATHER, ADA"+body),
		}, []string{"filed"}},
		{"a page of another patient inside the document", []chart.Page{
			sep,
			content("1", "CONSULTATION NOTE\n"+a+body+"Page 1 of 2"),
			content("2", b+body+"Page 2 of 2"),
		}, []string{"review page-unidentified"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := f.File(context.Background(), tc.pages)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range docs {
				s := string(d.Status)
				if slices.Contains(d.Reasons, chart.ReasonPageUnidentified) {
					s += " page-unidentified"
				}
				got = append(got, s)
			}
			if !slices.Equal(got, tc.want) {
				for _, d := range docs {
					t.Logf("doc %v: %s %v", d.PageIDs, d.Status, d.Reasons)
					for _, e := range d.Evidence {
						if e.Kind == "page" || e.Kind == "boundary" {
							t.Logf("  %s %s %s %s", e.Kind, e.PageID, e.Value, e.Note)
						}
					}
				}
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			// Every page of a filed document says why it belongs.
			for _, d := range docs {
				if d.Status != chart.StatusFiled {
					continue
				}
				n := 0
				for _, e := range d.Evidence {
					if e.Kind == "page" {
						n++
					}
				}
				if n != len(d.PageIDs) {
					t.Fatalf("filed document with %d pages has %d page verdicts", len(d.PageIDs), n)
				}
			}
		})
	}
}
