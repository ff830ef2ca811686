package filing

import (
	"image"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chartroom/chartroom/chart"
)

// Kinds of identifier that Identify reports.
const (
	FoundMRN     = "mrn"
	FoundName    = "name"
	FoundDOB     = "dob"
	FoundAccount = "account" // account, encounter, FIN or visit number
	FoundSex     = "sex"
	// FoundNumber is a number of MRN length near the top of a page whose
	// label could not be read (OCR often garbles "MRN:" printed beside a
	// title). It is never matched on its own: the matcher only uses it to
	// confirm a patient already found by name and date of birth.
	FoundNumber = "number"
)

// Found is one patient identifier read off a page, with where it was.
type Found struct {
	Kind string // FoundMRN, FoundName, FoundDOB, FoundAccount, FoundSex
	// Value is normalised: MRN and account digits (OCR confusions such as
	// O for 0 fixed); name "LAST, FIRST MIDDLE" in upper case; DOB
	// YYYY-MM-DD; sex M, F, U or X.
	Value  string
	Raw    string // the value as recognised
	PageID string
	// Box is the union of the value's word boxes in page pixels; empty when
	// the page has no word boxes.
	Box   image.Rectangle
	Label string // the label it followed, as seen, e.g. "MR#"
}

// Identify reads the patient identifiers off one page: MRN, name, date of
// birth, account/encounter number and sex, each after one of its usual
// labels. A value is taken from the same line as its label, or from just
// under the label (sticker and form layouts). Numbers without a label are
// reported only as FoundNumber (7 to 10 digits, in the top third of the
// page): an unlabelled number could be anything, so it may confirm a
// patient but never identify one.
//
// A name or date of birth without a label is taken only where a patient
// label puts it (see idPlacedIdentifiers): the first line of a label block
// over labelled MRN or date of birth lines, a name just left of them, a
// date straight after such a name; and in the body, a person named next to
// a date of birth ("I, John A. Smith, born ...", "Re: Maria Ochoa (DOB
// ...)"). Those carry Label IdentifyLabelNone or IdentifyLabelBody.
//
// The page's words (with boxes and line numbers) are used when present, so
// every value carries its position; otherwise the page text is read line by
// line. Each of the page's Regions (label boxes, stickers, header and
// footer bands read again on their own) is read as a block of its own too;
// an identifier found more than once (same kind and value) is reported
// once, preferring the reading with a box, then the one with a label.
func Identify(p chart.Page) []Found { return identifyAt(p, time.Now()) }

// identifyAt is Identify with the clock fixed: two-digit birth years are
// read so that the date is not after now.
func identifyAt(p chart.Page, now time.Time) []Found {
	lines := idPageLines(p)
	hits := idFindInLines(lines, p.ID, now, idBlockOpts{})
	out := idHitsFound(hits)
	out = append(out, idUnlabeled(p, lines, out, nil)...)
	for _, r := range p.Regions {
		out = idMerge(out, idRegionFind(p, r, now))
	}
	return idDropLabelledNumbers(out)
}

// idFindInLines reads the identifiers of one block of lines (a page or a
// region read on its own): labelled values, names joined from separate
// fields, then names and dates recognised by their place (the unlabelled
// first line of a label, a name with its date of birth in the body).
func idFindInLines(lines []idLine, pageID string, now time.Time, opt idBlockOpts) []idHit {
	var out []idHit
	var parts []idNamePart
	emit := func(li, labelLine int, lb idLabel, v idValue) {
		ln := &lines[li]
		f := Found{Kind: lb.kind, Value: v.value, Raw: ln.text[v.start:v.end], PageID: pageID,
			Box: ln.spanBox(v.start, v.end), Label: lb.text}
		switch lb.kind {
		case idLastName, idFirstName, idMiddleName:
			parts = append(parts, idNamePart{Found: f, line: li})
		default:
			out = append(out, idHit{Found: f, line: li, start: v.start, end: v.end, labelLine: labelLine, label: lb})
		}
	}
	lineLabels := make([][]idLabel, len(lines))
	for i := range lines {
		ln := &lines[i]
		labels := ln.findLabels()
		lineLabels[i] = labels
		if len(labels) == 0 {
			continue
		}
		var below []int // labels whose value may be under them
		allBlank := true
		for k, lb := range labels {
			regEnd := len(ln.text)
			if k+1 < len(labels) {
				regEnd = labels[k+1].start
			}
			vs := idSkipSep(ln.text, lb.end, regEnd)
			if vs >= regEnd {
				if !lb.inline {
					below = append(below, k)
				}
				continue
			}
			allBlank = false
			far := ln.farFrom(lb.end, vs)
			sep := strings.ContainsAny(ln.text[lb.end:vs], ":=-;")
			if v, ok := idParseValue(lb, ln.text[vs:ln.columnEnd(vs, regEnd)], sep, false, now); ok {
				emit(i, i, lb, v.shift(vs))
			} else if far && !lb.inline {
				below = append(below, k)
			}
		}
		if len(below) == 0 || i+1 >= len(lines) {
			continue
		}
		if ln.boxed() {
			for _, k := range below {
				lb := labels[k]
				if !ln.startsColumn(lb) {
					continue // "... discussed with the patient" is prose, not a sticker
				}
				nextX := -1
				if k+1 < len(labels) {
					nextX = ln.spanBox(labels[k+1].start, labels[k+1].end).Min.X
				}
				if j, vs, ve, ok := idUnder(lines, i, ln.spanBox(lb.start, lb.end), nextX); ok {
					if v, ok := idParseValue(lb, lines[j].text[vs:ve], true, true, now); ok {
						emit(j, i, lb, v.shift(vs))
					}
				}
			}
			continue
		}
		// Text only: a row of labels over a row of values, read in order.
		if !allBlank || !ln.labelsOnly(labels) {
			continue
		}
		next := lines[i+1].text
		pos := 0
		for _, k := range below {
			pos = idSkipSep(next, pos, len(next))
			v, ok := idParseValue(labels[k], next[pos:], true, true, now)
			if !ok {
				break
			}
			emit(i+1, i, labels[k], v.shift(pos))
			pos += v.end
		}
	}
	out = append(out, idJoinNameParts(parts, lines)...)
	return idDropOtherPeople(lines, idPlacedIdentifiers(lines, lineLabels, out, pageID, now, opt))
}

// idOtherPerson marks the sections and fields of a face sheet or an
// insurance form that name someone other than the patient: the emergency
// contact, next of kin, guarantor, subscriber, spouse.
var idOtherPerson = regexp.MustCompile(`(?i)\b(EMERGENCY\s+CONTACT|NEXT\s+OF\s+KIN|N\.?O\.?K\.?|GUARANTOR|SUBSCRIBER|POLICY\s*HOLDER|INSURED|RESPONSIBLE\s+PARTY|SPOUSE|RELATIONSHIP|CONTACT\s+PERSON|HEALTH\s*CARE\s+AGENT|WITNESS|INTERPRETER)\b`)

// idDropOtherPeople drops the names and dates of birth read in another
// person's section: on the line of a heading or field such as EMERGENCY
// CONTACT or Relationship:, or on the two lines after one. "Guarantor:
// Self" names nobody else, so a line that says Self is not such a line.
func idDropOtherPeople(lines []idLine, hits []idHit) []idHit {
	other := make([]bool, len(lines))
	for i := range lines {
		t := lines[i].text
		if !idOtherPerson.MatchString(t) || idSelfRE.MatchString(t) {
			continue
		}
		for k := i; k < len(lines) && k <= i+2; k++ {
			other[k] = true
		}
		if i+1 < len(lines) && strings.Contains(strings.ToUpper(t), "RELATIONSHIP") {
			other[i] = true
		}
	}
	// A line that says Relationship: names someone else on the line before too.
	for i := 1; i < len(lines); i++ {
		if strings.Contains(strings.ToUpper(lines[i].text), "RELATIONSHIP") {
			other[i-1] = true
		}
	}
	out := hits[:0]
	for _, h := range hits {
		if (h.Kind == FoundName || h.Kind == FoundDOB) && h.line >= 0 && h.line < len(lines) && other[h.line] {
			continue
		}
		out = append(out, h)
	}
	return out
}

var idSelfRE = regexp.MustCompile(`(?i)\b(guarantor|relationship|insured|subscriber|policy\s*holder)\s*:?\s*self\b`)

// idNumberRE finds a free-standing number of 7 to 10 digit-like characters.
var idNumberRE = regexp.MustCompile(`(?:^|[\s:|])(` + idDig + `{7,10})(?:$|[\s.,;:|])`)

// idUnlabeled returns the numbers of MRN length in the top third of the
// page (by box when the page has words, else by line) that are not the
// value of a label already read, nor part of a phone number or a date.
//
// top, when not nil, says instead which lines are near the top of the page.
func idUnlabeled(p chart.Page, lines []idLine, found []Found, top func(i int) bool) []Found {
	seen := map[string]bool{}
	for _, f := range found {
		seen[f.Value] = true
	}
	var out []Found
	for i := range lines {
		ln := &lines[i]
		isTop := i < max(8, (len(lines)+2)/3)
		if len(ln.toks) > 0 && !ln.toks[0].box.Empty() && p.Height > 0 {
			isTop = ln.toks[0].box.Min.Y < p.Height/3
		}
		if top != nil {
			isTop = top(i)
		}
		if !isTop {
			continue
		}
		for _, m := range idNumberRE.FindAllStringSubmatchIndex(ln.text, -1) {
			start, end := m[2], m[3]
			if start > 0 && strings.ContainsRune("()-/", rune(ln.text[start-1])) {
				continue // a phone number or a date
			}
			v, ok := idParseDigits(ln.text[start:end], 7, 10, false)
			if !ok || seen[v.value] {
				continue
			}
			seen[v.value] = true
			out = append(out, Found{Kind: FoundNumber, Value: v.value, Raw: ln.text[start:end], PageID: p.ID,
				Box: ln.spanBox(start, end)})
		}
	}
	return out
}

// ---- lines and words ----

// idLine is one line of a page in reading order, with its words' spans in
// the line's text and their boxes (empty when only text is known).
type idLine struct {
	text string
	toks []idTok
}

type idTok struct {
	start, end int
	box        image.Rectangle
	conf       float64 // OCR confidence, 0..1; 0 also when unknown
}

func (l *idLine) boxed() bool {
	for _, t := range l.toks {
		if !t.box.Empty() {
			return true
		}
	}
	return false
}

// spanBox is the union of the boxes of the words covering text[s:e]. A
// word only partly covered (a label and value glued together, "MRN:123")
// contributes the proportional part of its box.
func (l *idLine) spanBox(s, e int) image.Rectangle {
	var r image.Rectangle
	for _, t := range l.toks {
		if t.end <= s || t.start >= e || t.box.Empty() {
			continue
		}
		b := t.box
		if n := t.end - t.start; n > 0 && (s > t.start || e < t.end) {
			cs, ce := max(s, t.start)-t.start, min(e, t.end)-t.start
			b.Min.X, b.Max.X = t.box.Min.X+cs*t.box.Dx()/n, t.box.Min.X+ce*t.box.Dx()/n
		}
		r = r.Union(b)
	}
	return r
}

// startsColumn says whether a label stands at the start of a column: no
// word close before it on its line, and not a lower-case word of prose.
func (l *idLine) startsColumn(lb idLabel) bool {
	if lb.bare && strings.ToLower(lb.text) == lb.text {
		return false
	}
	k := l.tokAt(lb.start)
	if k <= 0 {
		return k == 0
	}
	prev, cur := l.toks[k-1].box, l.toks[k].box
	return cur.Min.X-prev.Max.X > 2*max(cur.Dy(), 1)
}

// labelsOnly says whether the line holds nothing but its labels.
func (l *idLine) labelsOnly(labels []idLabel) bool {
	pos := 0
	for _, lb := range labels {
		if idSkipSep(l.text, pos, lb.start) < lb.start {
			return false
		}
		pos = lb.end
	}
	if idSkipSep(l.text, pos, len(l.text)) < len(l.text) {
		return false
	}
	for _, lb := range labels {
		if lb.bare && strings.ToLower(lb.text) == lb.text {
			return false
		}
	}
	return true
}

// tokAt is the index of the word covering text offset i, or -1.
func (l *idLine) tokAt(i int) int {
	for k, t := range l.toks {
		if i >= t.start && i < t.end {
			return k
		}
	}
	return -1
}

// farFrom says whether the word at offset vs starts far to the right of the
// word holding offset labelEnd-1: a value column, not the label's own value.
func (l *idLine) farFrom(labelEnd, vs int) bool {
	a, b := l.tokAt(labelEnd-1), l.tokAt(vs)
	if a < 0 || b < 0 || a == b {
		return false
	}
	ta, tb := l.toks[a].box, l.toks[b].box
	if ta.Empty() || tb.Empty() {
		return false
	}
	return tb.Min.X-ta.Max.X > 3*max(ta.Dy(), 1)
}

// columnEnd is where the run of words starting at vs ends: at end, or at
// the first gap between words wider than twice the line height (the next
// column of a form or header).
func (l *idLine) columnEnd(vs, end int) int {
	k := l.tokAt(vs)
	if k < 0 || l.toks[k].box.Empty() {
		return end
	}
	prev := l.toks[k].box
	for _, t := range l.toks[k+1:] {
		if t.start >= end {
			break
		}
		if !t.box.Empty() {
			if t.box.Min.X-prev.Max.X > 2*max(prev.Dy(), 1) {
				return t.start
			}
			prev = t.box
		}
	}
	return end
}

// idUnder finds the value printed just under a label box: the first word
// in one of the next two lines that overlaps the label horizontally, and
// the words after it up to a column gap or the next label's x (nextX, -1
// when none). It returns the line and the text span.
func idUnder(lines []idLine, i int, lbox image.Rectangle, nextX int) (int, int, int, bool) {
	if lbox.Empty() {
		return 0, 0, 0, false
	}
	h := max(lbox.Dy(), 1)
	for j := i + 1; j < len(lines) && j <= i+2; j++ {
		ln := &lines[j]
		for k, t := range ln.toks {
			b := t.box
			if b.Empty() || b.Min.Y < lbox.Min.Y+h/2 || b.Min.Y-lbox.Max.Y > 3*h {
				continue
			}
			if b.Max.X < lbox.Min.X-h || b.Min.X > lbox.Max.X+h {
				continue
			}
			end := t.end
			prev := b
			for _, u := range ln.toks[k+1:] {
				if u.box.Min.X-prev.Max.X > 2*h || (nextX >= 0 && u.box.Min.X >= nextX-h/2) {
					break
				}
				end, prev = u.end, u.box
			}
			return j, t.start, end, true
		}
	}
	return 0, 0, 0, false
}

func idPageLines(p chart.Page) []idLine {
	if len(p.Words) == 0 {
		var out []idLine
		for _, s := range strings.Split(p.Text, "\n") {
			var l idLine
			l.text = s
			i := 0
			for i < len(s) {
				for i < len(s) && idSpace(s[i]) {
					i++
				}
				j := i
				for j < len(s) && !idSpace(s[j]) {
					j++
				}
				if j > i {
					l.toks = append(l.toks, idTok{start: i, end: j})
				}
				i = j
			}
			out = append(out, l)
		}
		return out
	}
	return idWordLines(p.Words)
}

func idSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

// idWordLines groups words into lines by their Line number, in reading
// order (left to right). When the OCR gave every word the same line number
// but the boxes say otherwise, lines are rebuilt from the boxes.
func idWordLines(words []chart.Word) []idLine {
	idx := make([]int, 0, len(words))
	for i, w := range words {
		if strings.TrimSpace(w.Text) != "" {
			idx = append(idx, i)
		}
	}
	key := make([]int, len(words))
	for _, i := range idx {
		key[i] = words[i].Line
	}
	if idOneLineNumber(words, idx) {
		idClusterLines(words, idx, key)
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if key[a] != key[b] {
			return key[a] - key[b]
		}
		return words[a].Box.Min.X - words[b].Box.Min.X
	})
	var out []idLine
	for n := 0; n < len(idx); {
		m := n
		var l idLine
		var sb strings.Builder
		for ; m < len(idx) && key[idx[m]] == key[idx[n]]; m++ {
			w := words[idx[m]]
			if sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			start := sb.Len()
			sb.WriteString(strings.TrimSpace(w.Text))
			l.toks = append(l.toks, idTok{start: start, end: sb.Len(), box: w.Box, conf: w.Conf})
		}
		l.text = sb.String()
		out = append(out, l)
		n = m
	}
	return out
}

// idOneLineNumber says whether all words carry one line number although
// their boxes lie on clearly different lines.
func idOneLineNumber(words []chart.Word, idx []int) bool {
	if len(idx) < 2 {
		return false
	}
	minY, maxY, h := words[idx[0]].Box.Min.Y, words[idx[0]].Box.Max.Y, 0
	for _, i := range idx {
		w := words[i]
		if w.Line != words[idx[0]].Line {
			return false
		}
		minY, maxY, h = min(minY, w.Box.Min.Y), max(maxY, w.Box.Max.Y), max(h, w.Box.Dy())
	}
	return h > 0 && maxY-minY > 2*h
}

// idClusterLines assigns line keys from the boxes: words whose vertical
// centres lie within half a word height of a line's first word share it.
func idClusterLines(words []chart.Word, idx []int, key []int) {
	byY := slices.Clone(idx)
	cy := func(i int) int { return (words[i].Box.Min.Y + words[i].Box.Max.Y) / 2 }
	slices.SortStableFunc(byY, func(a, b int) int { return cy(a) - cy(b) })
	line, anchor := 0, cy(byY[0])
	for _, i := range byY {
		if cy(i)-anchor > max(words[i].Box.Dy(), 2)/2 {
			line++
			anchor = cy(i)
		}
		key[i] = line
	}
}

// ---- labels ----

const (
	idLastName   = "last-name"
	idFirstName  = "first-name"
	idMiddleName = "middle-name"
)

// idLabelRE finds identifier labels. Each alternative is one kind (named
// group); a label must end at a word boundary, checked in idFindLabels.
var idLabelRE = regexp.MustCompile(`(?i)\b(?:` +
	`(?P<mrn>Medical\s*Record\s*(?:Number|Num\b\.?|No\b\.?|#)?|Med\.?\s*Rec(?:ord)?\b\.?\s*(?:Number|Num\b\.?|No\b\.?|#)?|M\.?\s?R\.?\s?N\b\.?(?:\s*#)?|MR\s*(?:#|No\b\.?|Num(?:ber)?\b\.?)` +
	`|Unit\s*(?:Number|Num\b\.?|No\b\.?|#)|Chart\s*(?:Number|Num\b\.?|No\b\.?|#)|(?:Patient|Pt\b\.?)\s*(?:ID\b|Identifier|Number|No\b\.?|#)|MR\b)` +
	`|(?P<dob>Date\s*of\s*Birth|Birth\s*Date|Birthdate|D\.?\s?[O0]\.?\s?[B8]\b\.?|B\s?/\s?D\b|Born(?:\s+on\b)?)` +
	`|(?P<account>Account\s*(?:Number|Num\b\.?|No\b\.?|#)?|Acct\b\.?\s*(?:Number|Num\b\.?|No\b\.?|#)?|Encounter\s*(?:Number|Num\b\.?|No\b\.?|ID\b|#)?|Enc\b\.?\s*(?:#|No\b\.?)|FIN\b\s*(?:#|No\b\.?)?|Visit\s*(?:Number|Num\b\.?|No\b\.?|ID\b|#)` +
	`|CSN\b\s*#?|Adm(?:ission|it)?\b\.?\s*(?:Number|Num\b\.?|No\b\.?|#))` +
	`|(?P<lastname>Last\s*Name|Surname|Family\s*Name)` +
	`|(?P<firstname>First\s*Name|Given\s*Name)` +
	`|(?P<middlename>Middle\s*(?:Name|Initial))` +
	`|(?P<name>Patient\s*Name|Pt\b\.?\s*Name|Patient|Name)` +
	`|(?P<sex>Sex|Gender)` +
	`)`)

var idLabelKinds = func() []string {
	kinds := map[string]string{"mrn": FoundMRN, "dob": FoundDOB, "account": FoundAccount, "name": FoundName,
		"sex": FoundSex, "lastname": idLastName, "firstname": idFirstName, "middlename": idMiddleName}
	out := make([]string, len(idLabelRE.SubexpNames()))
	for i, n := range idLabelRE.SubexpNames() {
		out[i] = kinds[n]
	}
	return out
}()

// idRoleWords are words that, just before a label, make it someone
// else's identifier: "Mother's MRN", "Guarantor Name", "Previous MRN".
var idRoleWords = idSet("MOTHER", "MOTHERS", "MATERNAL", "FATHER", "FATHERS", "PARENT", "GUARDIAN", "GUARANTOR",
	"GUARANTORS", "SUBSCRIBER", "INSURED", "SPOUSE", "CONTACT", "EMERGENCY", "KIN", "NOK", "RELATIVE",
	"RESPONSIBLE", "PARTY", "PHYSICIAN", "PHYSICIANS", "PROVIDER", "DOCTOR", "ATTENDING", "REFERRING", "ORDERING", "SURGEON", "NURSE",
	"WITNESS", "INTERPRETER", "REPRESENTATIVE", "USER", "STAFF", "EMPLOYEE", "DONOR",
	"PREVIOUS", "PRIOR", "OLD", "FORMER", "ALTERNATE", "OTHER", "MERGED", "LINKED")

// idThingWords are words that, just before a name label, make it the name
// of something else: "Facility Name", "Procedure Name".
var idThingWords = idSet("FACILITY", "HOSPITAL", "CLINIC", "PHARMACY", "EMPLOYER", "COMPANY", "PAYER", "PAYOR",
	"PLAN", "INSURANCE", "SIGNATURE", "PRINTED", "PRINT", "FILE", "FORM", "DRUG", "MEDICATION", "PROCEDURE",
	"TEST", "STUDY", "SPECIMEN", "PRODUCT", "DEVICE", "UNIT", "DEPARTMENT", "PRACTICE", "AGENCY")

type idLabel struct {
	kind       string
	start, end int    // span in the line text
	text       string // as seen, without trailing punctuation
	bare       bool   // "Patient" or "Name" alone: a colon or a LAST, FIRST value must follow
	// inline: the value must follow on the same line ("born", a bare "MR"
	// of an imprint), never under the label.
	inline bool
}

// findLabels returns the line's identifier labels in order.
func (l *idLine) findLabels() []idLabel {
	s := l.text
	var out []idLabel
	for _, m := range idLabelRE.FindAllStringSubmatchIndex(s, -1) {
		kind := ""
		for g := 1; g < len(idLabelKinds); g++ {
			if m[2*g] >= 0 {
				kind = idLabelKinds[g]
				break
			}
		}
		start, end := m[0], m[1]
		// A label runs into no further letters: FINAL is not FIN, DOBBS not DOB.
		if r, _ := utf8.DecodeRuneInString(s[end:]); end < len(s) && unicode.IsLetter(r) {
			if r, _ := utf8.DecodeLastRuneInString(s[:end]); unicode.IsLetter(r) {
				continue
			}
		}
		if prev, ps := idPrevWord(s, start); prev != "" && !l.farFrom(ps+1, start) {
			if idRoleWords[prev] || (idThingWords[prev] && kind != FoundMRN && kind != FoundAccount) {
				continue
			}
		}
		text := strings.TrimRight(s[start:end], " \t:")
		lower := strings.ToLower(text)
		inline := false
		switch {
		case kind == FoundMRN && lower == "mr":
			// A bare MR (addressograph imprints) only in capitals and
			// straight before its number: "Mr." and "Mr Smith" are titles.
			if text != "MR" || (end < len(s) && s[end] == '.') {
				continue
			}
			inline = true
		case kind == FoundDOB && strings.HasPrefix(lower, "born"):
			inline = true
		}
		out = append(out, idLabel{kind: kind, start: start, end: end, text: text,
			bare: kind == FoundName && (lower == "patient" || lower == "name"), inline: inline})
	}
	return out
}

// idPrevWord is the word before offset i (upper case, letters only) and
// where it starts; "" when punctuation separates it from i.
func idPrevWord(s string, i int) (string, int) {
	j := i
	for j > 0 && !unicode.IsLetter(rune(s[j-1])) {
		if s[j-1] != ' ' && s[j-1] != '\t' && s[j-1] != '\'' {
			return "", 0
		}
		j--
	}
	k := j
	for k > 0 && (unicode.IsLetter(rune(s[k-1])) || s[k-1] == '\'') {
		k--
	}
	return strings.ToUpper(strings.ReplaceAll(s[k:j], "'", "")), k
}

func idSkipSep(s string, i, end int) int {
	for i < end && strings.IndexByte(" \t:;#=|.-_", s[i]) >= 0 {
		i++
	}
	return i
}

// ---- values ----

// idValue is a parsed value and its span in the text it was parsed from.
type idValue struct {
	value      string
	start, end int
}

func (v idValue) shift(d int) idValue { v.start += d; v.end += d; return v }

// idParseValue parses the value of label lb at the start of s. sep says a
// colon (or dash) came between label and value; below that the value was
// found under the label rather than after it.
func idParseValue(lb idLabel, s string, sep, below bool, now time.Time) (idValue, bool) {
	switch lb.kind {
	case FoundMRN:
		return idParseMRN(s)
	case FoundAccount:
		return idParseDigits(s, 4, 15, false)
	case FoundDOB:
		return idParseDate(s, now)
	case FoundSex:
		return idParseSex(s)
	case FoundName:
		n, ok := idParseName(s)
		if !ok || (lb.bare && !sep && !below && !n.comma) {
			return idValue{}, false // "Name of procedure", "patient tolerated"
		}
		if strings.EqualFold(lb.text, "patient") && !n.comma && n.given == "" {
			return idValue{}, false // "Patient: Stable" is not a name
		}
		return idValue{value: n.String(), end: n.end}, true
	case idLastName, idFirstName, idMiddleName:
		return idParseNamePart(s, lb.kind)
	}
	return idValue{}, false
}

// idDigit maps a character of a numeric field to its digit, fixing the
// usual OCR confusions.
func idDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c, true
	case c == 'O' || c == 'o' || c == 'Q' || c == 'D' || c == '@':
		return '0', true
	case c == 'Z':
		return '2', true
	case c == 'l' || c == 'I':
		return '1', true
	case c == 'S':
		return '5', true
	case c == 'B':
		return '8', true
	}
	return 0, false
}

func idWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= 0x80
}

// idParseDigits reads a number of n digits (lo ≤ n ≤ hi) with OCR
// confusions fixed; hyphens between digits are allowed when hyphens is
// set. At least half the characters must be real digits, so a word is
// never read as a number.
func idParseDigits(s string, lo, hi int, hyphens bool) (idValue, bool) {
	var b []byte
	real, i := 0, 0
	for i < len(s) {
		c := s[i]
		if d, ok := idDigit(c); ok {
			if c >= '0' && c <= '9' {
				real++
			}
			b = append(b, d)
			i++
			continue
		}
		if hyphens && c == '-' && len(b) > 0 && i+1 < len(s) {
			if _, ok := idDigit(s[i+1]); ok {
				i++
				continue
			}
		}
		break
	}
	if !idEndsField(s, i) || len(b) < lo || len(b) > hi || 2*real < len(b) {
		return idValue{}, false
	}
	return idValue{value: string(b), end: i}, true
}

// idParseMRN reads a medical record number of 5 to 12 digits (OCR
// confusions fixed) at the start of s, with hyphens between digits
// ("000-12-345") or single spaces between short groups of 2 to 4 digits
// ("0012 3456", "00 123 456"). A number shaped like a telephone number
// (3-3-4 digits) is refused.
func idParseMRN(s string) (idValue, bool) {
	v, ok := idParseDigits(s, 5, 12, true)
	if !ok {
		v, ok = idParseGroups(s)
	}
	if !ok || idPhoneShaped(s[:v.end]) {
		return idValue{}, false
	}
	return v, true
}

// idParseGroups reads digits printed in short groups separated by single
// spaces (or hyphens), taking as many groups as make a number of MRN
// length that ends a field.
func idParseGroups(s string) (idValue, bool) {
	type group struct{ end, digits, real int }
	var groups []group
	i := 0
	for len(groups) < 6 {
		n, real, j := 0, 0, i
		for j < len(s) {
			if d, ok := idDigit(s[j]); ok {
				n++
				if d == s[j] {
					real++
				}
				j++
				continue
			}
			if s[j] == '-' && n > 0 && j+1 < len(s) {
				if _, ok := idDigit(s[j+1]); ok {
					j++
					continue
				}
			}
			break
		}
		if n < 2 || n > 4 {
			break
		}
		groups = append(groups, group{end: j, digits: n, real: real})
		if j+1 >= len(s) || s[j] != ' ' {
			break
		}
		if _, ok := idDigit(s[j+1]); !ok {
			break
		}
		i = j + 1
	}
	for k := len(groups); k >= 2; k-- {
		n, real := 0, 0
		for _, g := range groups[:k] {
			n, real = n+g.digits, real+g.real
		}
		end := groups[k-1].end
		if n < 5 || n > 12 || 2*real < n || !idEndsField(s, end) {
			continue
		}
		var b []byte
		for j := 0; j < end; j++ {
			if d, ok := idDigit(s[j]); ok {
				b = append(b, d)
			}
		}
		return idValue{value: string(b), end: end}, true
	}
	return idValue{}, false
}

// idPhoneShaped says whether a number is written like a telephone number:
// groups of 3, 3 and 4 digits (after an optional 1).
func idPhoneShaped(raw string) bool {
	f := strings.FieldsFunc(raw, func(r rune) bool { return r == '-' || r == ' ' || r == '.' })
	var n []int
	for _, g := range f {
		n = append(n, len(g))
	}
	if len(n) == 4 && n[0] == 1 {
		n = n[1:]
	}
	return len(n) == 3 && n[0] == 3 && n[1] == 3 && n[2] == 4
}

// idEndsField says whether a value may end at s[i]: not inside a word,
// and not before more digits after a date-like separator.
func idEndsField(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	if idWordByte(s[i]) {
		return false
	}
	if strings.IndexByte("/.:-", s[i]) >= 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
		return false
	}
	return true
}

const idDig = `[0-9OoIlSBQDZ@]`

var (
	idDateNumRE  = regexp.MustCompile(`^(` + idDig + `{1,4})\s*[/.\-]\s*(` + idDig + `{1,2})\s*[/.\-]\s*(` + idDig + `{1,4})`)
	idDateDMonRE = regexp.MustCompile(`^(` + idDig + `{1,2})(?:st|nd|rd|th)?[\s\-/.]*([A-Za-z]{3,9})\.?[\s\-/.,]*(` + idDig + `{4}|` + idDig + `{2})`)
	idDateMonDRE = regexp.MustCompile(`^([A-Za-z]{3,9})\.?\s*(` + idDig + `{1,2})(?:st|nd|rd|th)?,?\s*(` + idDig + `{4})`)
)

var idMonths = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

func idMonth(s string) int {
	s = strings.ToLower(s)
	if len(s) < 3 {
		return 0
	}
	for i, m := range idMonths {
		if strings.HasPrefix(m, s) {
			return i + 1
		}
	}
	return 0
}

func idAtoi(s string) (int, bool) {
	b := make([]byte, len(s))
	for i := range len(s) {
		d, ok := idDigit(s[i])
		if !ok {
			return 0, false
		}
		b[i] = d
	}
	n, err := strconv.Atoi(string(b))
	return n, err == nil
}

// idParseDate reads a date of birth: MM/DD/YYYY, M/D/YY, YYYY-MM-DD,
// DD-Mon-YYYY or "March 14, 1962". A two-digit year is read so that the
// date is not after now; a date after now or before 1880 is refused.
func idParseDate(s string, now time.Time) (idValue, bool) {
	for _, parse := range []func(string) (y, m, d, yLen, n int, ok bool){idDateNum, idDateDMon, idDateMonD} {
		y, m, d, yLen, n, ok := parse(s)
		if !ok || !idEndsField(s, n) {
			continue
		}
		if yLen == 2 {
			y += 2000
			if time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).After(now) {
				y -= 100
			}
		}
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if t.Year() != y || int(t.Month()) != m || t.Day() != d || t.After(now) || y < 1880 {
			return idValue{}, false
		}
		return idValue{value: t.Format("2006-01-02"), end: n}, true
	}
	return idValue{}, false
}

// idDateNum reads MM/DD/YYYY, M/D/YY and YYYY-MM-DD (any of / - . between).
func idDateNum(s string) (y, m, d, yLen, n int, ok bool) {
	g := idDateNumRE.FindStringSubmatch(s)
	if g == nil {
		return
	}
	var ok1, ok2, ok3 bool
	switch {
	case len(g[1]) == 4 && len(g[3]) <= 2:
		y, ok1 = idAtoi(g[1])
		m, ok2 = idAtoi(g[2])
		d, ok3 = idAtoi(g[3])
		yLen = 4
	case len(g[1]) <= 2 && (len(g[3]) == 2 || len(g[3]) == 4):
		m, ok1 = idAtoi(g[1])
		d, ok2 = idAtoi(g[2])
		y, ok3 = idAtoi(g[3])
		yLen = len(g[3])
	}
	return y, m, d, yLen, len(g[0]), ok1 && ok2 && ok3
}

// idDateDMon reads 14-Mar-1962 and 14 March 1962.
func idDateDMon(s string) (y, m, d, yLen, n int, ok bool) {
	g := idDateDMonRE.FindStringSubmatch(s)
	if g == nil {
		return
	}
	var ok1, ok3 bool
	d, ok1 = idAtoi(g[1])
	m = idMonth(g[2])
	y, ok3 = idAtoi(g[3])
	return y, m, d, len(g[3]), len(g[0]), ok1 && m > 0 && ok3
}

// idDateMonD reads March 14, 1962 and Mar 14 1962.
func idDateMonD(s string) (y, m, d, yLen, n int, ok bool) {
	g := idDateMonDRE.FindStringSubmatch(s)
	if g == nil {
		return
	}
	var ok2, ok3 bool
	m = idMonth(g[1])
	d, ok2 = idAtoi(g[2])
	y, ok3 = idAtoi(g[3])
	return y, m, d, 4, len(g[0]), m > 0 && ok2 && ok3
}

var idSexRE = regexp.MustCompile(`(?i)^(male|female|unknown|m|f|u|x)\b`)

func idParseSex(s string) (idValue, bool) {
	g := idSexRE.FindStringSubmatch(s)
	if g == nil {
		return idValue{}, false
	}
	return idValue{value: strings.ToUpper(g[1][:1]), end: len(g[0])}, true
}

// ---- names ----

// idName is a parsed person name.
type idName struct {
	last  []string // parts of the last name, upper case: "VAN", "DER", "BERG"
	given string   // first name, upper case; "" when only the last name was seen
	mid   []string // middle names or initials
	comma bool     // written LAST, FIRST
	end   int      // bytes consumed
}

// String is the normalised form "LAST, FIRST MIDDLE".
func (n idName) String() string {
	s := strings.Join(n.last, " ")
	if n.given != "" {
		s += ", " + strings.Join(append([]string{n.given}, n.mid...), " ")
	}
	return s
}

var idParticles = idSet("VAN", "VON", "DER", "DEN", "DE", "DEL", "DELLA", "DELA", "DI", "DA", "DOS", "DAS", "DU",
	"LA", "LE", "ST", "ST.", "STE", "STE.", "SAINT", "TEN", "TER", "BIN", "AL", "EL")

var idSuffixes = idSet("JR", "JR.", "SR", "SR.", "II", "III", "IV")

// idNameStops are words that end a name: the next field of a header.
var idNameStops = idSet("BORN", "CSN", "SEX", "GENDER", "AGE", "DATE", "DOB", "D.O.B.", "MRN", "DOS", "ADM", "ADMIT", "ADMITTED",
	"ROOM", "RM", "BED", "LOC", "LOCATION", "ATTENDING", "PHYSICIAN", "PROVIDER", "DR", "DR.", "PCP",
	"PHONE", "TEL", "ADDRESS", "SSN", "ACCT", "ACCOUNT", "FIN", "VISIT", "ENCOUNTER", "ENC", "M/F", "PAGE")

func idSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

type idWord struct {
	s          string
	start, end int
}

// idNameWords splits s into words; a comma is a word of its own. It stops
// at characters that never occur in a header's name ( | ; ( / ).
func idNameWords(s string) []idWord {
	var out []idWord
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case idSpace(c):
			i++
			continue
		case c == ',':
			out = append(out, idWord{",", i, i + 1})
			i++
			continue
		case strings.IndexByte("|;()/[]", c) >= 0:
			return out
		}
		j := i
		for j < len(s) && !idSpace(s[j]) && s[j] != ',' && strings.IndexByte("|;()/[]", s[j]) < 0 {
			j++
		}
		out = append(out, idWord{s[i:j], i, j})
		i = j
	}
	return out
}

// idNameWord says whether w can be part of a name: letters, apostrophes,
// hyphens and periods, with at least one letter and no label colon. A
// digit that OCR puts for a letter (J0HN, QU1LL) is allowed in a word
// that is mostly letters.
func idNameWord(w string) bool {
	letters, digits := 0, 0
	for _, r := range w {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == '0' || r == '1' || r == '5' || r == '8':
			digits++
		case r == '\'' || r == '’' || r == '-' || r == '.':
		default:
			return false
		}
	}
	return letters > 0 && (digits == 0 || letters >= 2*digits+1)
}

// idLetterFix undoes OCR's letter-for-digit slips in a name.
var idLetterFix = strings.NewReplacer("0", "O", "1", "I", "5", "S", "8", "B", "’", "'")

func idNorm(w string) string {
	return strings.Trim(strings.ToUpper(idLetterFix.Replace(w)), "-'")
}

func idInitial(w string) bool {
	w = strings.TrimSuffix(w, ".")
	return utf8.RuneCountInString(w) == 1
}

// idParseName reads "LAST, FIRST M", "First M. Last" or "First Last" at the
// start of s. Multi-part last names (ST. CLAIR, VAN DER BERG), hyphens and
// apostrophes are kept; suffixes (JR, III) are dropped. A name written
// without a comma must be in capitalised words, so prose is not read as a
// name.
func idParseName(s string) (idName, bool) {
	var parts []idWord
	comma := -1
	for _, w := range idNameWords(s) {
		if w.s == "," {
			if comma >= 0 || len(parts) == 0 {
				break
			}
			comma = len(parts)
			continue
		}
		u := idNorm(w.s)
		if !idNameWord(w.s) || idNameStops[u] || idNameStops[strings.TrimSuffix(u, ".")] {
			break
		}
		// Names are capitalised (or all capitals); a lower-case word is
		// prose, unless it is a particle such as van or de.
		if r, _ := utf8.DecodeRuneInString(w.s); !unicode.IsUpper(r) && !idParticles[u] {
			break
		}
		parts = append(parts, w)
		if len(parts) == 8 {
			break
		}
	}
	if comma < 0 && len(parts) >= 2 {
		// OCR reads the comma of "YARDLEY, ULRICH M" as a full stop:
		// a word (not an initial or a suffix) ending in one, before the
		// given names, is the last name.
		for k := 0; k < len(parts)-1 && k < 3; k++ {
			u := idNorm(parts[k].s)
			t := strings.TrimSuffix(u, ".")
			if strings.HasSuffix(u, ".") && !idInitial(u) && !idSuffixes[u] && !idSuffixes[t] && !idParticles[u] && !idParticles[t] {
				parts[k].s = strings.TrimSuffix(parts[k].s, ".")
				comma = k + 1
				break
			}
		}
	}
	if comma < 0 && len(parts) >= 3 && idInitial(parts[len(parts)-1].s) && idAllCaps(parts) {
		// "YARDLEY ULRICH M": in capitals, a name that ends in an initial
		// is LAST FIRST M (a last name is never one letter).
		comma = 1
	}
	var n idName
	take := func(ws []idWord) []string {
		var out []string
		for _, w := range ws {
			if u := idNorm(w.s); !idSuffixes[u] {
				if idInitial(u) {
					u = strings.TrimSuffix(u, ".")
				}
				out = append(out, u)
			}
			n.end = w.end
		}
		return out
	}
	if comma > 0 {
		n.comma = true
		if comma > 4 {
			return n, false
		}
		n.last = take(parts[:comma])
		given := parts[comma:]
		// First name, then up to two middle names; an initial ends it.
		for k := range given {
			if k == 3 || idSuffixes[idNorm(given[k].s)] {
				given = given[:k]
				break
			}
			if k > 0 && idInitial(given[k].s) {
				// An initial ends the name; a second one may follow
				// ("COLEMAN, WALTER R K").
				end := k + 1
				if end < len(given) && end < 4 && idInitial(given[end].s) {
					end++
				}
				given = given[:end]
				break
			}
		}
		g := take(given)
		if len(g) > 0 {
			n.given, n.mid = g[0], g[1:]
		}
		return n, len(n.last) > 0
	}
	// No comma: First [Middle] [particles] Last.
	if len(parts) > 0 && idParticles[idNorm(parts[0].s)] {
		return n, false
	}
	for len(parts) > 0 && idSuffixes[idNorm(parts[len(parts)-1].s)] {
		parts = parts[:len(parts)-1]
	}
	if len(parts) == 0 {
		return n, false
	}
	if len(parts) == 1 {
		n.last = take(parts)
		return n, len(n.last) > 0
	}
	n.given = idNorm(parts[0].s)
	rest := parts[1:]
	var mid []idWord
	switch {
	case idInitial(rest[0].s) && len(rest) > 1:
		mid, rest = rest[:1], rest[1:]
	case len(rest) > 1 && !idParticles[idNorm(rest[0].s)] && !idParticles[idNorm(rest[1].s)] && len(rest) == 2:
		mid, rest = rest[:1], rest[1:]
	case len(rest) > 2 && !idParticles[idNorm(rest[0].s)] && idParticles[idNorm(rest[1].s)]:
		mid, rest = rest[:1], rest[1:]
	}
	n.mid = take(mid)
	k := 0
	for k < len(rest)-1 && idParticles[idNorm(rest[k].s)] {
		k++
	}
	n.last = take(rest[:k+1])
	if len(n.last) == 1 && idInitial(n.last[0]) {
		return n, false // a last name is never one letter
	}
	return n, len(n.last) > 0
}

// idAllCaps reports words all in capitals.
func idAllCaps(ws []idWord) bool {
	for _, w := range ws {
		if strings.ToUpper(w.s) != w.s {
			return false
		}
	}
	return true
}

// idParseNamePart reads the value of a "Last Name:", "First Name:" or
// "Middle Name:" field.
func idParseNamePart(s, kind string) (idValue, bool) {
	limit := map[string]int{idLastName: 4, idFirstName: 2, idMiddleName: 1}[kind]
	var words []string
	end := 0
	for _, w := range idNameWords(s) {
		u := idNorm(w.s)
		if w.s == "," || !idNameWord(w.s) || idNameStops[u] || idSuffixes[u] || len(words) == limit {
			break
		}
		if idInitial(u) {
			u = strings.TrimSuffix(u, ".")
		}
		words = append(words, u)
		end = w.end
	}
	if len(words) == 0 {
		return idValue{}, false
	}
	return idValue{value: strings.Join(words, " "), end: end}, true
}

// idNamePart is a value of a separate last/first/middle name field.
type idNamePart struct {
	Found
	line int
}

// idJoinNameParts makes one name of separate Last Name / First Name /
// Middle Name fields that are on the same or neighbouring lines.
func idJoinNameParts(parts []idNamePart, lines []idLine) []idHit {
	var out []idHit
	for _, l := range parts {
		if l.Kind != idLastName {
			continue
		}
		f := l.Found
		f.Kind = FoundName
		var first, mid *idNamePart
		for k := range parts {
			p := &parts[k]
			if p.line < l.line-1 || p.line > l.line+2 {
				continue
			}
			if p.Kind == idFirstName && first == nil {
				first = p
			}
			if p.Kind == idMiddleName && mid == nil {
				mid = p
			}
		}
		if first != nil {
			f.Value += ", " + first.Value
			f.Raw += ", " + first.Raw
			f.Box = f.Box.Union(first.Box)
			f.Label += "/" + first.Label
			if mid != nil {
				f.Value += " " + mid.Value
				f.Raw += " " + mid.Raw
				f.Box = f.Box.Union(mid.Box)
			}
		}
		out = append(out, idHit{Found: f, line: l.line})
	}
	return out
}
