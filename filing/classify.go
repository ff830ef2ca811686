package filing

import (
	"context"
	"regexp"
	"strings"

	"github.com/chartroom/chartroom/chart"
)

// TypeRule recognises a document type by title phrases.
type TypeRule struct {
	chart.DocType
	Titles []string // upper-case phrases that title a document of this type
}

// DefaultTaxonomy is the LOINC document types of the domain notes with the
// titles they usually carry. Facilities replace it with their own.
func DefaultTaxonomy() []TypeRule {
	r := func(code, display string, titles ...string) TypeRule {
		return TypeRule{DocType: chart.DocType{Code: code, Display: display}, Titles: titles}
	}
	return []TypeRule{
		r("34117-2", "History and physical note", "HISTORY AND PHYSICAL", "HISTORY & PHYSICAL", "H&P", "ADMISSION HISTORY"),
		r("18842-5", "Discharge summary", "DISCHARGE SUMMARY"),
		r("11506-3", "Progress note", "PROGRESS NOTE"),
		r("11488-4", "Consult note", "CONSULTATION", "CONSULT NOTE"),
		r("11504-8", "Surgical operation note", "OPERATIVE REPORT", "OPERATIVE NOTE", "OPERATION REPORT"),
		r("28570-0", "Procedure note", "PROCEDURE NOTE"),
		r("34111-5", "Emergency department note", "EMERGENCY DEPARTMENT", "ED NOTE"),
		r("11502-2", "Laboratory report", "LABORATORY REPORT", "LABORATORY RESULTS", "LAB RESULTS"),
		r("18748-4", "Diagnostic imaging study", "RADIOLOGY REPORT", "IMAGING REPORT", "DIAGNOSTIC IMAGING"),
		r("11526-1", "Pathology study", "PATHOLOGY REPORT", "SURGICAL PATHOLOGY"),
		r("34746-8", "Nurse note", "NURSING NOTE", "NURSE NOTE", "NURSING PROGRESS NOTE"),
		r("57133-1", "Referral note", "REFERRAL"),
		r("59284-0", "Consent Document", "CONSENT"),
		r("42348-3", "Advance healthcare directives", "ADVANCE DIRECTIVE", "ADVANCE HEALTHCARE DIRECTIVE"),
		r("34133-9", "Summary of episode note", "TRANSFER SUMMARY", "SUMMARY OF EPISODE"),
	}
}

// TitleRules classifies a document by the title on its first page: the
// first lines that match a type's title phrase. It is the rule half of the
// classifier; a trained text model joins it later.
type TitleRules struct {
	Rules []TypeRule
	// HeaderLines is how many lines from the top of the first page are
	// searched for a title.
	HeaderLines int
}

// Classify implements Classifier: the type titled on the first page.
func (c TitleRules) Classify(ctx context.Context, pages []chart.Page) (chart.TypeGuess, []chart.Evidence, error) {
	if len(pages) == 0 {
		return chart.TypeGuess{DocType: chart.Unknown}, nil, nil
	}
	if g, ev, ok := c.match(pages[0]); ok {
		return g, ev, nil
	}
	return chart.TypeGuess{DocType: chart.Unknown}, nil, nil
}

// pageType returns the code of the type titled on one page, if any.
func (c TitleRules) pageType(p chart.Page) (string, bool) {
	g, _, ok := c.match(p)
	return g.Code, ok
}

func (c TitleRules) match(p chart.Page) (chart.TypeGuess, []chart.Evidence, bool) {
	n := c.HeaderLines
	if n <= 0 {
		n = 15
	}
	var head []string
	for _, l := range strings.Split(p.Text, "\n") {
		if strings.TrimSpace(l) != "" {
			head = append(head, normalizeTitle(l))
		}
		if len(head) == n {
			break
		}
	}
	for i, l := range head {
		compact := strings.ReplaceAll(l, " ", "")
		for _, r := range c.Rules {
			for _, t := range r.Titles {
				// OCR splits letter-spaced bold titles ("DISCHARGE SU M MARY"):
				// a multi-word title also matches at the start of the line
				// with spaces ignored, as weaker evidence.
				ct := strings.ReplaceAll(t, " ", "")
				spaced := len(ct) >= 10 && strings.Contains(t, " ") && strings.HasPrefix(compact, ct)
				if containsPhrase(l, t) || spaced {
					// A line that is the title alone is strong evidence; a
					// phrase sharing its line with other text is weaker.
					conf := 0.9
					switch {
					case l == t:
						conf = 0.97
					case !containsPhrase(l, t):
						conf = 0.85
					}
					ev := []chart.Evidence{{Kind: "title", Value: t, PageID: p.ID, Note: "line " + itoa(i+1)}}
					return chart.TypeGuess{DocType: r.DocType, Confidence: conf}, ev, true
				}
			}
		}
	}
	return chart.TypeGuess{}, nil, false
}

var nonTitle = regexp.MustCompile(`[^A-Z0-9&]+`)

func normalizeTitle(s string) string {
	return strings.TrimSpace(nonTitle.ReplaceAllString(strings.ToUpper(s), " "))
}

func containsPhrase(line, phrase string) bool {
	return line == phrase || strings.HasPrefix(line, phrase+" ") || strings.HasSuffix(line, " "+phrase) ||
		strings.Contains(line, " "+phrase+" ")
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
