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
	"unicode"

	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/typemodel"
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
	if m, ok := c.docMatch(pages[0]); ok {
		return m.guess, m.evidence, nil
	}
	return chart.TypeGuess{DocType: chart.Unknown}, nil, nil
}

// docMatch is match for classifying a document (not for splitting a
// batch): it also reads what dictated transcriptions do with titles.
//   - A title run into the first heading ("DISCHARGE SUMMARYADMISSION
//     DATE:") is put back on its own line first (typemodel.SplitRunOn).
//   - A title at the start of the first line followed by a section
//     heading ("DISCHARGE SUMMARY ADMISSION DATE: ...") is a title
//     standing alone.
//   - Without a taxonomy title, an imaging exam's name opening the first
//     line ("CT ANGIOGRAPHY CHEST WITH CONTRAST", "MRI BRAIN", "CHEST
//     X-RAY, PORTABLE") titles a diagnostic imaging report, and one after
//     an "EXAM:" label is a weaker sign of it.
func (c TitleRules) docMatch(p chart.Page) (titleMatch, bool) {
	split := p
	split.Text = typemodel.SplitRunOn(p.Text)
	m, ok := c.match(split)
	lines := topLines(split.Text, examLines)
	if ok {
		if len(lines) > 0 && !m.strong && m.evidence[0].Note == "line "+itoa(lines[0].n) {
			t := m.evidence[0].Value
			if rest, found := strings.CutPrefix(lines[0].text, t+" "); found && typemodel.StartsWithHeading(rest) {
				m.strong = true
			}
		}
		return m, true
	}
	r := c.imagingRule()
	if r == nil {
		return titleMatch{}, false
	}
	for _, l := range lines {
		// An exam's name is printed in capitals; "The patient had a CT
		// showing ..." is prose.
		if !l.caps {
			continue
		}
		if exam, strong := examTitle(l.text); exam != "" {
			conf := 0.85
			if strong {
				conf = 0.9
			}
			return titleMatch{
				guess:    chart.TypeGuess{DocType: r.DocType, Confidence: conf},
				evidence: []chart.Evidence{{Kind: "title", Value: exam, PageID: p.ID, Note: "line " + itoa(l.n) + " (exam name)"}},
				strong:   strong,
			}, true
		}
	}
	return titleMatch{}, false
}

// examLines is how many lines with letters at the top of a page are read
// for an exam's name (a letterhead and a department line may come first).
const examLines = 4

// textLine is a line near the top of a page: normalised, with the specks
// OCR reads before it dropped; its number among the non-empty lines (as
// match counts them); whether its letters before any colon are capitals.
type textLine struct {
	text string
	n    int
	caps bool
}

// topLines returns the first max lines of text that have words.
func topLines(text string, max int) []textLine {
	var out []textLine
	n := 0
	for _, raw := range strings.Split(text, "\n") {
		if strings.TrimSpace(raw) == "" {
			continue
		}
		n++
		words := strings.Fields(normalizeTitle(raw))
		for len(words) > 0 && len(words[0]) <= 1 && words[0] != "X" {
			words = words[1:]
		}
		if len(words) > 0 {
			head, _, _ := strings.Cut(raw, ":")
			upper, lower := 0, 0
			for _, r := range head {
				switch {
				case unicode.IsUpper(r):
					upper++
				case unicode.IsLower(r):
					lower++
				}
			}
			out = append(out, textLine{strings.Join(words, " "), n, lower*10 <= upper})
			if len(out) == max {
				break
			}
		}
		if n >= strongLines {
			break
		}
	}
	return out
}

// imagingRule is the taxonomy's diagnostic imaging type: LOINC 18748-4,
// or a type titled as radiology or imaging.
func (c TitleRules) imagingRule() *TypeRule {
	for i := range c.Rules {
		if c.Rules[i].Code == "18748-4" {
			return &c.Rules[i]
		}
	}
	for i := range c.Rules {
		for _, t := range c.Rules[i].Titles {
			if strings.Contains(t, "RADIOLOGY") || strings.Contains(t, "IMAGING") {
				return &c.Rules[i]
			}
		}
	}
	return nil
}

// examName is an imaging exam's name: a modality, possibly after a few
// words naming the body part or the setting ("CHEST X RAY", "PORTABLE
// CHEST RADIOGRAPH", "BILATERAL LOWER EXTREMITY VENOUS DUPLEX"). Echo
// reports are filed as diagnostic imaging. "MR" alone is left out ("MR
// SMITH IS ...").
var examName = regexp.MustCompile(`^(?:EXAM |EXAMINATION |STUDY |PROCEDURE )?((?:[A-Z0-9]+ ){0,4}?(?:CT|CTA|CAT SCAN|MRI|MRA|MR ANGIOGRAPHY|X RAY|XRAY|X RAYS|XR|RADIOGRAPH|RADIOGRAPHS|RADIOGRAPHY|ULTRASOUND|US|SONOGRAM|SONOGRAPHY|DUPLEX|DOPPLER|MAMMOGRAM|MAMMOGRAPHY|NM|NUCLEAR MEDICINE|PET|BONE SCAN|FLUOROSCOPY|FLUOROSCOPIC|DEXA|DXA|BONE DENSITY|ECHOCARDIOGRAM|ECHOCARDIOGRAPHY|ECHO|ANGIOGRAM|ANGIOGRAPHY|VENOGRAM|MYELOGRAM|ESOPHAGRAM|UPPER GI SERIES|BARIUM ENEMA|KUB)(?: [A-Z0-9]+)*)$`)

// notExam are words that make a line with a modality a procedure's name
// ("CT GUIDED LIVER BIOPSY", "ULTRASOUND GUIDED PARACENTESIS", "CORONARY
// ANGIOGRAPHY": catheterization reports are procedure notes) or no exam
// at all ("CT SURGERY CONSULT").
var notExam = regexp.MustCompile(`\b(GUIDED|GUIDANCE|BIOPSY|ASPIRATION|DRAINAGE|DRAIN|PLACEMENT|INJECTION|ABLATION|PARACENTESIS|THORACENTESIS|CATHETER|CATHETERIZATION|CORONARY|PERCUTANEOUS|INTERVENTION|EMBOLIZATION|STENT|SURGERY|CONSULT|CONSULTATION|NOTE|ORDER|ORDERS|CONSENT|SCHEDULED|REQUESTED|PENDING)\b`)

// examTitle returns the exam named at the start of a normalised first
// line and whether it stands as the line's title (the line is the exam's
// name and at most 14 words, or an exam name and then a heading). An exam
// after a label ("EXAM: CT HEAD") is weak evidence.
func examTitle(line string) (string, bool) {
	words := strings.Fields(line)
	if len(words) > 16 {
		line = strings.Join(words[:16], " ")
	}
	// Cut at a heading run on after the exam ("... VIEW HISTORY: ...").
	cut := line
	ws := strings.Fields(line)
	for i := 1; i < len(ws); i++ {
		if typemodel.StartsWithHeading(strings.Join(ws[i:], " ")) {
			cut = strings.Join(ws[:i], " ")
			break
		}
	}
	m := examName.FindStringSubmatch(cut)
	if m == nil || notExam.MatchString(cut) {
		return "", false
	}
	labelled := strings.HasPrefix(cut, "EXAM ") || strings.HasPrefix(cut, "EXAMINATION ") || strings.HasPrefix(cut, "STUDY ") || strings.HasPrefix(cut, "PROCEDURE ")
	return m[1], !labelled && len(strings.Fields(cut)) <= 14
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
	// The titles without spaces, once per page rather than once per line.
	compactTitles := make([][]string, len(c.Rules))
	for ri := range c.Rules {
		compactTitles[ri] = make([]string, len(c.Rules[ri].Titles))
		for ti, t := range c.Rules[ri].Titles {
			compactTitles[ri][ti] = strings.ReplaceAll(t, " ", "")
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
			for ti, t := range r.Titles {
				// OCR splits letter-spaced bold titles ("DISCHARGE SU M MARY"):
				// a multi-word title also matches at the start of the line
				// with spaces ignored, as weaker evidence.
				ct := compactTitles[ri][ti]
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

// containsPhrase reports whether phrase is in line as whole words: the
// line, its start or end, or between spaces.
func containsPhrase(line, phrase string) bool {
	if phrase == "" {
		return false
	}
	for off := 0; ; {
		i := strings.Index(line[off:], phrase)
		if i < 0 {
			return false
		}
		i += off
		j := i + len(phrase)
		if (i == 0 || line[i-1] == ' ') && (j == len(line) || line[j] == ' ') {
			return true
		}
		off = i + 1
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
