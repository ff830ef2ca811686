package filing

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/chartroom/chartroom/chart"
)

// TypeRule is one type of the facility's taxonomy and the title phrases
// that recognise it.
type TypeRule struct {
	chart.DocType
	Titles []string // upper-case phrases that title a document of this type
	Order  int      // position in the chart order
	Local  bool     // a local code, not a LOINC code
}

//go:embed taxonomy.json
var defaultTaxonomy []byte

// DefaultTaxonomy is the taxonomy in taxonomy.json: the LOINC document
// types of the domain notes and local codes (face sheet, MAR, orders,
// flowsheet) with the titles they usually carry, in chart order.
func DefaultTaxonomy() []TypeRule {
	rules, err := LoadTaxonomy(bytes.NewReader(defaultTaxonomy))
	if err != nil {
		panic("filing: embedded taxonomy.json: " + err.Error()) // a build defect, caught by the tests
	}
	return rules
}

// LoadTaxonomy reads a facility's taxonomy file (the format of
// taxonomy.json), in chart order.
func LoadTaxonomy(r io.Reader) ([]TypeRule, error) {
	var f struct {
		Comment string `json:"comment"`
		Types   []struct {
			Code    string   `json:"code"`
			Display string   `json:"display"`
			Order   int      `json:"order"`
			Local   bool     `json:"local"`
			Titles  []string `json:"titles"`
		} `json:"types"`
	}
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("taxonomy: %w", err)
	}
	seen := map[string]bool{}
	var rules []TypeRule
	for i, t := range f.Types {
		switch {
		case t.Code == "" || t.Display == "":
			return nil, fmt.Errorf("taxonomy: type %d needs a code and a display name", i+1)
		case seen[t.Code]:
			return nil, fmt.Errorf("taxonomy: code %s appears twice", t.Code)
		case t.Code == chart.Unknown.Code:
			return nil, fmt.Errorf("taxonomy: %s is reserved for documents that fit no type", t.Code)
		}
		seen[t.Code] = true
		r := TypeRule{DocType: chart.DocType{Code: t.Code, Display: t.Display}, Order: t.Order, Local: t.Local}
		for _, title := range t.Titles {
			r.Titles = append(r.Titles, normalizeTitle(title))
		}
		rules = append(rules, r)
	}
	sort.SliceStable(rules, func(i, j int) bool { return rules[i].Order < rules[j].Order })
	return rules, nil
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
	if m, ok := c.match(pages[0]); ok {
		return m.guess, m.evidence, nil
	}
	return chart.TypeGuess{DocType: chart.Unknown}, nil, nil
}

// titleMatch is a title found in a page's header lines.
type titleMatch struct {
	guess    chart.TypeGuess
	evidence []chart.Evidence
	// strong: the line is the title and at most three more words ("SUMMARY
	// OF EPISODE OF CARE", "DISCHARGE SUMMARY - MEDICINE"), not a phrase
	// inside a sentence or a letter-spaced reading.
	strong bool
}

func (c TitleRules) match(p chart.Page) (titleMatch, bool) {
	return c.matchWithTitleLine(p, func() string { return titleLine(p) })
}

// matchWithTitleLine is match with the page's large title line given (as
// a function, since it is only needed when a title is found), for callers
// that have it already.
func (c TitleRules) matchWithTitleLine(p chart.Page, titleLine func() string) (titleMatch, bool) {
	n := c.HeaderLines
	if n <= 0 {
		n = 15
	}
	var head, labels []string
	for _, raw := range strings.Split(p.Text, "\n") {
		if strings.TrimSpace(raw) == "" {
			continue
		}
		// "CONSENT: obtained", "Referral: Dr Ames": a title phrase that is
		// the whole label of a filled-in field is not the document's title.
		label := ""
		if i := strings.IndexByte(raw, ':'); i >= 0 && strings.TrimSpace(raw[i+1:]) != "" {
			label = normalizeTitle(raw[:i])
		}
		head, labels = append(head, normalizeTitle(raw)), append(labels, label)
		if len(head) == n {
			break
		}
	}
	for i, l := range head {
		compact := strings.ReplaceAll(l, " ", "")
		// The longest title on the line wins: "NURSING PROGRESS NOTE" is a
		// nurse note, not a progress note.
		var best *TypeRule
		var bestTitle string
		var bestConf float64
		for ri := range c.Rules {
			r := &c.Rules[ri]
			for _, t := range r.Titles {
				// OCR splits letter-spaced bold titles ("DISCHARGE SU M MARY"):
				// a multi-word title also matches at the start of the line
				// with spaces ignored, as weaker evidence.
				ct := strings.ReplaceAll(t, " ", "")
				spaced := len(ct) >= 10 && strings.Contains(t, " ") && strings.HasPrefix(compact, ct)
				if !containsPhrase(l, t) && !spaced || len(t) <= len(bestTitle) || labels[i] == t {
					continue
				}
				// A line that is the title alone is strong evidence; a
				// phrase sharing its line with other text is weaker.
				conf := 0.9
				switch {
				case l == t:
					conf = 0.97
				case !containsPhrase(l, t):
					conf = 0.85
				}
				best, bestTitle, bestConf = r, t, conf
			}
		}
		if best != nil {
			// OCR often reads the title and the patient label beside it as
			// one line ("SUMMARY OF EPISODE OF CARE MRN: 00295932"): the
			// label does not make the title weaker.
			core := l
			if loc := labelWord.FindStringIndex(l); loc != nil && loc[0] > 0 {
				core = strings.TrimSpace(l[:loc[0]])
			}
			strong := titleStands(core, bestTitle)
			// A title stands near the top, and where the page shows which
			// line is printed large, it is that line: "CONSENT" in body
			// type halfway down is a section heading.
			if i >= strongLines {
				strong = false
			}
			if big := titleLine(); big != "" && !strings.Contains(l, big) && !strings.Contains(big, bestTitle) {
				strong = false
			}
			return titleMatch{
				guess:    chart.TypeGuess{DocType: best.DocType, Confidence: bestConf},
				evidence: []chart.Evidence{{Kind: "title", Value: bestTitle, PageID: p.ID, Note: "line " + itoa(i+1)}},
				strong:   strong,
			}, true
		}
	}
	return titleMatch{}, false
}

// titleStands reports a line that is the title and at most three more
// words, after the specks OCR reads before it ("a PROCEDURE NOTE", "oo
// DISCHARGE SUMMARY") and with a word broken in two ("PROCEDU RE NOTE")
// forgiven.
func titleStands(line, title string) bool {
	words := strings.Fields(line)
	for len(words) > 0 && len(words[0]) <= 2 && !strings.HasPrefix(title, words[0]+" ") {
		words = words[1:]
	}
	line = strings.Join(words, " ")
	if line == title || (strings.HasPrefix(line, title+" ") && len(words)-len(strings.Fields(title)) <= 3) {
		return true
	}
	cl, ct := strings.ReplaceAll(line, " ", ""), strings.ReplaceAll(title, " ", "")
	return strings.HasPrefix(cl, ct) && len(cl)-len(ct) <= 20 && len(words) <= len(strings.Fields(title))+4
}

// strongLines is how far down a page (non-empty lines, letterhead and
// label included) a title can stand and still be strong evidence.
const strongLines = 8

// labelWord starts the fields of a patient label.
var labelWord = regexp.MustCompile(`\b(MRN|MR|DOB|NAME|ACCT|ACCOUNT|SEX|ENCOUNTER|PAGE)\b`)

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
