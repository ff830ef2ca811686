package filing

import (
	"context"
	"image"
	"slices"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/chart"
)

// wordsPage lays out a page of words: the title (if any) on line 0 at 70
// px, then body lines at 40 px, as OCR reports them with their boxes.
func wordsPage(id, title string, body ...string) chart.Page {
	p := chart.Page{ID: id, Role: chart.RoleContent, Width: 2550, Height: 3300}
	var text []string
	y := 300
	add := func(line int, s string, h int) {
		x := 200
		for _, w := range strings.Fields(s) {
			p.Words = append(p.Words, chart.Word{Text: w, Box: image.Rect(x, y, x+len(w)*30, y+h), Conf: 0.95, Line: line})
			x += len(w)*30 + 30
		}
		text = append(text, s)
		y += h * 2
	}
	if title != "" {
		add(0, title, 70)
	}
	for i, b := range body {
		add(i+1, b, 40)
	}
	// Enough ordinary words for the page's usual height to be known.
	for i := range 6 {
		add(len(body)+1+i, "PLAN REVIEWED: the patient was seen today and is doing well", 40)
	}
	p.Text = strings.Join(text, "\n")
	return p
}

func TestTitleLine(t *testing.T) {
	for _, tc := range []struct {
		name string
		page chart.Page
		want string
	}{
		{"large title", wordsPage("a", "CHEMISTRY PANEL RESULTS", "Sodium 140"), "CHEMISTRY PANEL RESULTS"},
		{"continued title", wordsPage("a", "CHEMISTRY PANEL RESULTS (continued)"), "CHEMISTRY PANEL RESULTS"},
		{"no large line", wordsPage("a", "", "CHEMISTRY PANEL RESULTS"), ""},
		{"letterhead is not a title", wordsPage("a", "RIVERSIDE MEDICAL CENTER"), ""},
		{"label is not a title", wordsPage("a", "MRN 00012345"), ""},
		{"no words", chart.Page{Text: "HOSPITALIST FOLLOW-UP"}, ""},
	} {
		if got := titleLine(tc.page); got != tc.want {
			t.Errorf("%s: titleLine = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestContentBoundaryCues(t *testing.T) {
	s := HeaderSplitter{Titles: TitleRules{Rules: DefaultTaxonomy()}, Sheets: DefaultSheets()}
	numbered := func(p chart.Page, footer string) chart.Page {
		p.Text += "\n" + footer
		return p
	}
	for _, tc := range []struct {
		name   string
		pages  []chart.Page
		want   string
		conf   []float64
		reason string
	}{
		{"a title the taxonomy does not know", []chart.Page{
			wordsPage("a", "HOSPITALIST FOLLOW-UP", "assessment and plan"),
			wordsPage("b", "HOSPITALIST FOLLOW-UP (continued)", "plan continues"),
			wordsPage("c", "CHEMISTRY PANEL RESULTS", "Sodium 140"),
		}, "a,b|c", []float64{0.8, 0.8}, "new title line"},
		{"a known title after a title the taxonomy does not know", []chart.Page{
			wordsPage("a", "SHIFT ASSESSMENT", "vital signs stable"),
			wordsPage("b", "EMERGENCY DEPARTMENT RECORD", "chief complaint"),
		}, "a|b", []float64{0.9, 0.9}, "new document title"},
		{"a misread title is the same title", []chart.Page{
			wordsPage("a", "HOSPITALIST FOLLOW-UP"),
			wordsPage("b", "HOSPITA1IST FOL1OW-UP"),
		}, "a,b", []float64{1}, ""},
		{"two cues together are surer than either", []chart.Page{
			numbered(wordsPage("a", "HOSPITALIST FOLLOW-UP"), "Page 1 of 1"),
			numbered(wordsPage("b", "CHEMISTRY PANEL RESULTS"), "Page 1 of 2"),
		}, "a|b", []float64{0.98, 0.98}, "page numbering restarts + new title line"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			segs, err := s.Split(context.Background(), tc.pages)
			if err != nil {
				t.Fatal(err)
			}
			got, conf := segmentIDs(segs)
			if got != tc.want || !slices.Equal(conf, tc.conf) {
				t.Fatalf("segments %s %v, want %s %v", got, conf, tc.want, tc.conf)
			}
			if tc.reason != "" && segs[len(segs)-1].Reason != tc.reason {
				t.Fatalf("reason %q, want %q", segs[len(segs)-1].Reason, tc.reason)
			}
		})
	}
}
