package filing

import (
	"image"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Names and dates of birth recognised by where they stand rather than by a
// label of their own:
//
//   - the unlabelled first line of a label block, just above (or just left
//     of) a labelled MRN or date of birth: "Katherine Johnson" over
//     "MRN: ...", "JOHNSON, KATHERINE M   MRN: ...", an addressograph's
//     "SMITH JOHN A          MR 00123456";
//   - a date printed straight after such a name on a label line, followed
//     by the sex or by other identifiers: "SMITH, JOHN  03/14/1957  M";
//   - a person named in the body next to a date of birth ("I, John A.
//     Smith, born 02-Jul-1961, consent", "Re: Maria Ochoa (DOB ...)") or
//     after "Re:" next to an MRN ("RE: SMITH, JOHN A.  MRN 00123456").
//
// An unlabelled line is never read as a name anywhere else: prose, a
// hospital's name and address and a title stay what they are. Words that
// never occur in a person's name (HOSPITAL, STREET, SUMMARY, MD, ...)
// disqualify a line.

// idHit is one identifier found in a block of lines, with where it is.
type idHit struct {
	Found
	line       int     // line of the value (-1 when not known)
	start, end int     // span of the value in the line's text
	labelLine  int     // line of the label (the value's line for values found by their place)
	label      idLabel // the label; zero for values found by their place
	placed     bool    // found by its place, not after a label
}

// idBlockOpts says what is known of a block of lines.
type idBlockOpts struct {
	// imprint: an addressograph imprint, where a name in capitals without a
	// comma is LAST FIRST M.
	imprint bool
}

// Labels reported for identifiers found by their place.
const (
	// IdentifyLabelNone is the Label of a name or date of birth that stood
	// without a label on a patient label (the first line of a sticker, a
	// date after the name on an imprint).
	IdentifyLabelNone = "unlabelled"
	// IdentifyLabelBody is the Label of a name read in the body of a form or
	// letter next to the patient's date of birth.
	IdentifyLabelBody = "body"
)

func idHitsFound(hits []idHit) []Found {
	out := make([]Found, 0, len(hits))
	for _, h := range hits {
		out = append(out, h.Found)
	}
	return out
}

// idPlacedIdentifiers adds to the labelled hits of a block the names and
// dates found by their place, and puts all in reading order.
// lineLabels are the labels of each line.
func idPlacedIdentifiers(lines []idLine, lineLabels [][]idLabel, hits []idHit, pageID string, now time.Time, opt idBlockOpts) []idHit {
	have := map[string]bool{}
	for _, h := range hits {
		have[h.Kind+"\x00"+h.Value] = true
	}
	var added []idHit
	add := func(h idHit) {
		if h.Kind == "" {
			return // illegible
		}
		h.PageID = pageID
		h.placed = true
		if k := h.Kind + "\x00" + h.Value; !have[k] {
			have[k] = true
			added = append(added, h)
		}
	}
	nameHit := func(li, s, e int, n idName, label string) idHit {
		ln := &lines[li]
		if !ln.legible(s, e) {
			return idHit{}
		}
		return idHit{Found: Found{Kind: FoundName, Value: n.String(), Raw: ln.text[s:e], Box: ln.spanBox(s, e), Label: label},
			line: li, start: s, end: e, labelLine: li}
	}
	// A lower-case "born" is a date of birth only after the name it is the
	// birth date of: "Baby born 11/02/2026" is not the patient's.
	var drop []int
	for k, h := range hits {
		if h.Kind != FoundDOB || h.label.kind == "" || h.labelLine != h.line {
			continue
		}
		if idLabelBefore(idNameLabels(lineLabels[h.line]), h.label.start) {
			continue // "Patient: Maria Ochoa, born ...": the label said whose
		}
		s, e, n, lbl, ok := idBodyName(lines[h.line].text, h.label, false)
		if ok {
			add(nameHit(h.line, s, e, n, lbl))
		} else if strings.HasPrefix(h.label.text, "born") {
			drop = append(drop, k)
		}
	}
	for _, h := range hits {
		if h.Kind == FoundMRN && h.label.kind != "" && h.labelLine == h.line &&
			!idLabelBefore(idNameLabels(lineLabels[h.line]), h.label.start) {
			if s, e, n, lbl, ok := idBodyName(lines[h.line].text, h.label, true); ok {
				add(nameHit(h.line, s, e, n, lbl))
			}
		}
	}
	for k := len(drop) - 1; k >= 0; k-- {
		hits = slices.Delete(hits, drop[k], drop[k]+1)
	}
	// anchors[i]: the MRN and date of birth hits whose label is on line i
	// (a "born" of prose is no label's).
	anchors := map[int][]idHit{}
	for _, h := range hits {
		if (h.Kind == FoundMRN || h.Kind == FoundDOB) && h.label.kind != "" && h.labelLine >= 0 &&
			!strings.HasPrefix(strings.ToLower(h.label.text), "born") {
			anchors[h.labelLine] = append(anchors[h.labelLine], h)
		}
	}

	placedName := map[int]bool{} // lines whose name was found by its place
	for i := range lines {
		ln := &lines[i]
		cols := ln.columns()
		labels := lineLabels[i]
		// Left of an MRN or date of birth label on the same line: the run of
		// words from the start of its column (or the column before it).
		if as := anchors[i]; len(as) > 0 && !idHasNameLabel(labels) {
			first := as[0].label
			for _, a := range as[1:] {
				if a.label.start < first.start {
					first = a.label
				}
			}
			if !idLabelBefore(labels, first.start) {
				if s, e, ok := ln.segmentBefore(cols, first.start); ok {
					if n, ok := idPlacedName(ln.text[s:e], opt.imprint || first.text == "MR"); ok {
						add(nameHit(i, s, e, n, IdentifyLabelNone))
					}
				}
			}
		}
		// The first line of a label block: the column just above the
		// labels of the next line.
		if i+1 < len(lines) && len(anchors[i+1]) > 0 && ln.closeAbove(&lines[i+1]) {
			next := &lines[i+1]
			nlabels := lineLabels[i+1]
			if x, ok := next.blockStart(next.columns(), nlabels); ok && !idHasNameLabel(nlabels) {
				for _, c := range cols {
					if !ln.aligned(c.x, x) || idLabelWithin(labels, c.start, c.end) {
						continue
					}
					s, label := c.start, IdentifyLabelNone
					if m := idReRE.FindString(ln.text[c.start:c.end]); m != "" {
						s, label = c.start+len(m), strings.TrimRight(strings.TrimSpace(m), ":")
					}
					if n, ok := idPlacedName(ln.text[s:c.end], opt.imprint); ok {
						add(nameHit(i, s, c.end, n, label))
					}
				}
			}
		}
		// The line just under a label block's MRN line, in its column: an
		// imprint or a label that prints the MRN first ("MR 00228156
		// V53557739" over "GARCIA, MARGARET L"). Only a name with a comma,
		// or any name in an imprint.
		// In an imprint the first line is the numbers line even when its
		// "MR" was lost ("R 07372979 V078771278").
		imprintNumbers := opt.imprint && i == 1 && idNumberRE.MatchString(lines[0].text)
		if i > 0 && (len(anchors[i-1]) > 0 || imprintNumbers) && len(labels) == 0 && lines[i-1].closeAbove(ln) && len(cols) > 0 {
			prev := &lines[i-1]
			x, ok := prev.blockStart(prev.columns(), lineLabels[i-1])
			if !ok && imprintNumbers {
				x, ok = prev.columns()[0].x, len(prev.columns()) > 0
			}
			c := cols[0]
			for k := 1; k < len(cols) && idSkipJunk(ln.text, c.start, c.end) == c.end; k++ {
				c = cols[k] // a speck read as a column of its own
			}
			if ok && ln.aligned(c.x, x) {
				s := idSkipJunk(ln.text, c.start, c.end)
				if n, ok := idPlacedName(ln.text[s:c.end], opt.imprint); ok && (opt.imprint || n.comma) {
					add(nameHit(i, s, c.end, n, IdentifyLabelNone))
					placedName[i] = true
				}
			}
		}
		// A line that starts with a date and the sex, just under a name
		// found by its place: the label's date of birth ("9/29/44 F 6E-19").
		if i > 0 && placedName[i-1] && len(labels) == 0 && lines[i-1].closeAbove(ln) && len(cols) > 0 {
			if dh, ok := idDateThenSex(ln, i, cols[0], now, !opt.imprint); ok {
				add(dh)
			}
		}
		// A name and straight after it a date, then the sex or other
		// identifiers: the date of birth of a label line.
		for _, c := range cols {
			if idHasNameLabel(labels) {
				break // the line names its patient with a label
			}
			ctx := len(anchors[i]) > 0 || len(anchors[i+1]) > 0 || (i > 0 && len(anchors[i-1]) > 0)
			if nh, dh, ok := idNameThenDate(ln, i, c, labels, ctx, opt, now); ok {
				add(nh)
				add(dh)
			}
		}
	}
	hits = append(hits, added...)
	slices.SortStableFunc(hits, func(a, b idHit) int {
		if a.line != b.line {
			return a.line - b.line
		}
		return a.start - b.start
	})
	return hits
}

// idBodyName finds the person named just before a date of birth (or, after
// "Re:", an MRN) label on a line: "I, John A. Smith, born", "Re: Maria
// Ochoa (DOB", "RE: SMITH, JOHN A.  MRN". It returns the name's span and
// the label to report it with. A name after Dr., a physician or another
// person's role ("Mother:", "Witness") is not the patient's.
func idBodyName(s string, lb idLabel, mrn bool) (int, int, idName, string, bool) {
	end := lb.start
	for end > 0 && strings.IndexByte(" \t,;(-", s[end-1]) >= 0 {
		end--
	}
	if end == 0 {
		return 0, 0, idName{}, "", false
	}
	type tok struct {
		s          string
		start, end int
	}
	var toks []tok
	for i := 0; i < end; {
		for i < end && idSpace(s[i]) {
			i++
		}
		j := i
		for j < end && !idSpace(s[j]) {
			j++
		}
		if j > i {
			toks = append(toks, tok{s[i:j], i, j})
		}
		i = j
	}
	start, words, commas := -1, 0, 0
	before := ""
	k := len(toks) - 1
	for ; k >= 0; k-- {
		t := toks[k].s
		if strings.HasSuffix(t, ":") || t == "I," || strings.HasSuffix(t, "(") {
			break
		}
		core := strings.TrimRight(t, ",")
		up := strings.ToUpper(strings.Trim(core, ".'"))
		if idHonorifics[up] {
			break
		}
		if up == "DR" || up == "DOCTOR" || idRoleWords[up] {
			return 0, 0, idName{}, "", false
		}
		r, _ := utf8.DecodeRuneInString(core)
		if !idNameWord(core) || (!unicode.IsUpper(r) && !idParticles[idNorm(core)]) {
			break
		}
		if core != t {
			if k == len(toks)-1 || commas > 0 {
				break
			}
			commas++
		}
		start = toks[k].start
		if words++; words > 6 {
			return 0, 0, idName{}, "", false
		}
	}
	if start < 0 {
		return 0, 0, idName{}, "", false
	}
	if k >= 0 {
		before = strings.ToUpper(strings.Trim(toks[k].s, ".:,;('"))
	}
	if before == "DR" || before == "DOCTOR" || idRoleWords[before] ||
		idNotNameWords[before] && before != "PATIENT" && before != "RE" && before != "REGARDING" {
		return 0, 0, idName{}, "", false
	}
	label := IdentifyLabelBody
	if before == "RE" || before == "REGARDING" {
		label = strings.Trim(toks[k].s, ":")
	} else if mrn {
		return 0, 0, idName{}, "", false // only "Re:" names a person before an MRN in prose
	}
	n, ok := idPlacedName(s[start:end], false)
	if !ok {
		return 0, 0, idName{}, "", false
	}
	return start, end, n, label, true
}

var idHonorifics = idSet("MR", "MRS", "MS", "MISS", "MX")

// idCredentials are the letters after a clinician's name.
var idCredentials = idSet("MD", "M.D", "M.D.", "RN", "NP", "PA", "PA-C", "PHD", "PH.D", "DDS", "DMD", "FACS", "FACP", "MBBS",
	"FRCS", "FRCP", "CNM", "CRNA", "LPN", "APRN", "DNP", "MSN", "BSN", "LCSW", "PHARMD", "RPH", "MPH", "DPM", "OD", "PT", "OT",
	"RT", "CNA", "MA", "ARNP", "FNP", "FNP-C", "ANP", "RD", "LMSW", "ESQ", "MBA")

// idNotNameWords are words of hospital names, addresses, titles and
// headings, never of a patient's name.
var idNotNameWords = idSet(
	// states (those that are not also common given names or surnames),
	// for the city line of an address: "Millbrook, Ohio"
	"OHIO", "ALABAMA", "ALASKA", "ARIZONA", "ARKANSAS", "CALIFORNIA", "COLORADO", "CONNECTICUT", "DELAWARE", "HAWAII",
	"IDAHO", "ILLINOIS", "IOWA", "KANSAS", "KENTUCKY", "LOUISIANA", "MARYLAND", "MASSACHUSETTS", "MICHIGAN", "MINNESOTA",
	"MISSISSIPPI", "MISSOURI", "NEBRASKA", "HAMPSHIRE", "OKLAHOMA", "OREGON", "PENNSYLVANIA", "TENNESSEE", "TEXAS",
	"UTAH", "VERMONT", "WISCONSIN", "WYOMING",
	// institutions and places
	"HOSPITAL", "HOSPITALS", "MEDICAL", "MEDICINE", "CENTER", "CENTRE", "HEALTH", "HEALTHCARE", "CLINIC", "CLINICS",
	"GENERAL", "REGIONAL", "MEMORIAL", "UNIVERSITY", "COMMUNITY", "INSTITUTE", "SYSTEM", "SYSTEMS", "SERVICES", "SERVICE",
	"DEPARTMENT", "DEPT", "UNIT", "WARD", "FLOOR", "WING", "BUILDING", "CAMPUS", "ASSOCIATES", "GROUP", "PARTNERS",
	"PHYSICIANS", "PRACTICE", "SPECIALISTS", "FOUNDATION", "NETWORK", "LLC", "INC", "LLP", "CORP", "CORPORATION",
	"COUNTY", "CITY", "VALLEY", "CHILDRENS", "WOMENS", "LABORATORIES", "PHARMACY", "HOSPICE", "REHABILITATION", "REHAB",
	"SURGERY", "SURGICAL", "NURSING", "HOME", "CARE", "FAMILY", "INTERNAL", "URGENT", "PRIMARY",
	"STREET", "AVENUE", "AVE", "ROAD", "RD", "BOULEVARD", "BLVD", "DRIVE", "LANE", "SUITE", "HIGHWAY", "HWY",
	"PARKWAY", "PLAZA", "BOX", "PO",
	// titles and headings
	"SUMMARY", "REPORT", "NOTE", "NOTES", "CONSENT", "FORM", "FORMS", "ORDERS", "ORDER", "RECORD", "RECORDS", "HISTORY",
	"PHYSICAL", "CONSULTATION", "CONSULT", "DISCHARGE", "ADMISSION", "ADMIT", "OPERATIVE", "OPERATION", "PROCEDURE",
	"PROCEDURES", "PROGRESS", "NURSE", "LABORATORY", "LAB", "LABS", "RESULTS", "RESULT", "RADIOLOGY", "IMAGING",
	"PATHOLOGY", "CYTOLOGY", "MEDICATION", "MEDICATIONS", "ADMINISTRATION", "FLOWSHEET", "FLOW", "FACESHEET", "FACE",
	"SHEET", "INSTRUCTIONS", "PLAN", "INFORMATION", "PATIENT", "PATIENTS", "DEMOGRAPHICS", "EMERGENCY", "INPATIENT",
	"OUTPATIENT", "ANESTHESIA", "TRANSFER", "REFERRAL", "LETTER", "INFORMED", "AUTHORIZATION", "RELEASE", "FAX",
	"COVER", "PAGE", "CONFIDENTIAL", "COPY", "CHART", "ASSESSMENT", "EVALUATION", "EXAMINATION", "EXAM", "TREATMENT",
	"THERAPY", "DIAGNOSTIC", "DIAGNOSIS", "STUDY", "SIGNS", "VITAL", "VITALS", "DIRECTIVE", "DIRECTIVES", "ADVANCE",
	"LIVING", "PROXY", "EPISODE", "CUMULATIVE", "DOCUMENT", "DOCUMENTS", "LABEL", "STICKER", "IDENTIFICATION",
	"ADDRESSOGRAPH", "ATTENDING", "PHYSICIAN", "PROVIDER", "DOCTOR", "SIGNED", "SIGNATURE", "ELECTRONICALLY",
	"DICTATED", "TRANSCRIBED", "REVIEWED", "APPROVED", "CONTINUED", "DATE", "TIME", "ROOM", "BED", "SERVICE",
	"ALLERGIES", "ALLERGY", "DIAGNOSES", "PROBLEM", "PROBLEMS", "IMPRESSION", "FINDINGS", "INDICATION", "TECHNIQUE",
	"COMPARISON", "CHIEF", "COMPLAINT", "PRESENT", "ILLNESS", "REVIEW", "FOLLOW", "FOLLOW-UP", "DISPOSITION",
	"INSURANCE", "GUARANTOR", "ACCOUNT", "BILLING", "STATEMENT", "INVOICE", "CLAIM", "EDUCATION", "TEACHING",
	"SCREENING", "VACCINATION", "IMMUNIZATION", "IMMUNIZATIONS", "LOG", "CHECKLIST", "QUESTIONNAIRE", "WORKSHEET",
	"REQUISITION", "REQUEST", "AGREEMENT", "NOTICE", "POLICY", "PRIVACY", "RIGHTS", "TRIAGE", "INTAKE", "OUTPUT",
	"SEDATION", "PREOPERATIVE", "POSTOPERATIVE", "OPERATING", "DELIVERY", "LABOR", "NEWBORN", "PRENATAL", "OBSTETRIC",
	"MENTAL", "BEHAVIORAL", "SOCIAL", "DIETARY", "NUTRITION", "OCCUPATIONAL", "RESPIRATORY", "WOUND", "RISK", "PAIN",
	"GLUCOSE", "INSULIN", "TRANSFUSION", "SPECIMEN", "CULTURE", "ECHO", "ECG", "EKG", "XRAY", "X-RAY", "CT", "MRI",
	"ULTRASOUND", "SCAN", "MAMMOGRAM", "ENDOSCOPY", "COLONOSCOPY", "BIOPSY", "DAILY", "SHIFT", "ORDERED", "COLLECTED",
	"RECEIVED", "FINAL", "PRELIMINARY", "AMENDED", "CORRECTED", "ADDENDUM", "INITIAL", "VISIT", "ENCOUNTER",
	// sentence words that start a line
	"THE", "AND", "OF", "FOR", "TO", "IN", "AT", "ON", "WITH", "BY", "FROM", "TODAY", "YESTERDAY", "TOMORROW", "THIS",
	"THAT", "THESE", "PLEASE", "DEAR", "THANK", "THANKS", "SINCERELY", "REGARDING", "CONCERNING", "SUBJECT", "WE", "HE",
	"SHE", "THEY", "HIS", "HER", "MY", "OUR", "YOUR", "RE", "CC", "ATTN", "ATTENTION", "TEL", "PHONE", "FAX", "EMAIL",
)

// idNotNameSuffixes end words of specialties: CARDIOLOGY, PEDIATRICS.
var idNotNameSuffixes = []string{"OLOGY", "IATRY", "IATRICS", "OPEDICS", "OPAEDICS", "STETRICS"}

// idPlacedName reads s, which stands where a patient label puts the name
// but without a label, as a name: all of it must be the name (two to six
// words, a suffix such as JR allowed at the end), and none of its words a
// word of an institution, an address, a title or a clinician's
// credentials. In an imprint (or when a name in capitals without a comma
// ends with an initial) the order is LAST FIRST M.
func idPlacedName(s string, imprint bool) (idName, bool) {
	s = strings.TrimRight(strings.TrimSpace(s), ",;")
	fields := strings.Fields(strings.ReplaceAll(s, ",", ", "))
	var words []string
	for _, f := range fields {
		if f == "," {
			continue
		}
		words = append(words, f)
	}
	if len(words) < 2 || len(words) > 6 {
		return idName{}, false
	}
	for _, w := range words {
		u := strings.ToUpper(strings.Trim(w, ".,'’"))
		if idNotNameWords[u] || idCredentials[u] || idCredentials[strings.ReplaceAll(u, ".", "")] || idNameStops[u] ||
			idRoleWords[strings.ReplaceAll(u, "'", "")] {
			return idName{}, false
		}
		for _, suf := range idNotNameSuffixes {
			if strings.HasSuffix(u, suf) {
				return idName{}, false
			}
		}
	}
	// Honorifics (Mrs. Maria Ochoa) are not part of the name.
	if idHonorifics[strings.ToUpper(strings.TrimSuffix(words[0], "."))] {
		rest := strings.TrimSpace(s[strings.Index(s, words[0])+len(words[0]):])
		return idPlacedName(rest, imprint)
	}
	n, ok := idParseName(s)
	if !ok || n.given == "" {
		return idName{}, false
	}
	for _, w := range strings.Fields(strings.ReplaceAll(s[n.end:], ",", " ")) {
		if !idSuffixes[idNorm(w)] {
			return idName{}, false
		}
	}
	if !n.comma && !idHasLower(s) {
		if rn, ok := idLastFirst(words, imprint); ok {
			n = rn
		}
	}
	last := strings.Join(n.last, " ")
	if utf8.RuneCountInString(strings.ReplaceAll(last, " ", "")) < 2 {
		return idName{}, false
	}
	return n, true
}

// idLastFirst reads a name in capitals without a comma as LAST FIRST M,
// as addressograph imprints print it: always in an imprint, and
// otherwise only when it ends with a middle initial (SMITH JOHN A).
func idLastFirst(words []string, imprint bool) (idName, bool) {
	for len(words) > 0 && idSuffixes[idNorm(words[len(words)-1])] {
		words = words[:len(words)-1]
	}
	if len(words) < 2 || len(words) > 3 {
		return idName{}, false
	}
	for _, w := range words {
		if idParticles[idNorm(w)] {
			return idName{}, false
		}
	}
	endsInitial := len(words) == 3 && idInitial(words[2])
	if !imprint && !endsInitial {
		return idName{}, false
	}
	n := idName{last: []string{idNorm(words[0])}, given: idNorm(words[1])}
	if len(words) == 3 {
		n.mid = []string{strings.TrimSuffix(idNorm(words[2]), ".")}
	}
	return n, true
}

func idHasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// idNameThenDate reads, at the start of column c, a name followed straight
// by a date, then nothing, the sex, a column gap or a label. Without a
// comma or capitals the name must sit on a label (ctx: identifier labels
// on the line or the lines around); without the sex after the date, too.
// A date followed by a time is a signature's or an order's, not a birth.
func idNameThenDate(ln *idLine, li int, c idCol, labels []idLabel, ctx bool, opt idBlockOpts, now time.Time) (idHit, idHit, bool) {
	var nh, dh idHit
	n, ok := idParseName(ln.text[c.start:c.end])
	if !ok || n.given == "" {
		return nh, dh, false
	}
	ne := c.start + n.end
	// The name's suffix (JR) may stand before the date.
	ds := ne
	for {
		ds = idSkipSpaces(ln.text, ds)
		w := ds
		for w < len(ln.text) && !idSpace(ln.text[w]) {
			w++
		}
		if w > ds && idSuffixes[idNorm(strings.TrimRight(ln.text[ds:w], ","))] {
			ds = w
			continue
		}
		break
	}
	if ds >= len(ln.text) || idLabelAt(labels, ds) {
		return nh, dh, false
	}
	v, ok := idParseDate(ln.text[ds:], now)
	if !ok {
		return nh, dh, false
	}
	// A date of the last year beside a name is far likelier the date of a
	// visit, an order or a signature than a birth date without its label.
	if t, err := time.Parse("2006-01-02", v.value); err != nil || t.After(now.AddDate(-1, 0, 0)) {
		return nh, dh, false
	}
	de := ds + v.end
	r := strings.TrimLeft(ln.text[de:], " \t")
	if a := idAgeRE.FindString(r); a != "" && len(a) < len(r) {
		r = r[len(a):] // "03/14/1957 68Y M"
	}
	sex := false
	if idTimeRE.MatchString(r) {
		return nh, dh, false
	}
	if sv, ok := idParseSex(r); ok && (sv.end == len(r) || idSpace(r[sv.end])) {
		sex = true
	} else if r != "" && !idLabelAt(labels, len(ln.text)-len(r)) && !ln.wideGap(de, len(ln.text)-len(r)) {
		return nh, dh, false
	}
	name := ln.text[c.start:ne]
	if !sex && !ctx {
		return nh, dh, false
	}
	if !n.comma && idHasLower(name) && !ctx {
		return nh, dh, false
	}
	pn, ok := idPlacedName(name, opt.imprint)
	if !ok || !ln.legible(c.start, de) {
		return nh, dh, false
	}
	nh = idHit{Found: Found{Kind: FoundName, Value: pn.String(), Raw: name, Box: ln.spanBox(c.start, ne), Label: IdentifyLabelNone},
		line: li, start: c.start, end: ne, labelLine: li}
	dh = idHit{Found: Found{Kind: FoundDOB, Value: v.value, Raw: ln.text[ds:de], Box: ln.spanBox(ds, de), Label: IdentifyLabelNone},
		line: li, start: ds, end: de, labelLine: li}
	return nh, dh, true
}

// idSkipJunk skips the specks OCR reads before the first letter of a
// column ("_ GARCIA, MARGARET L"): punctuation only, never letters or
// digits.
func idSkipJunk(s string, i, end int) int {
	for i < end && strings.IndexByte("_-—.,;:'`\"|~*°^ ", s[i]) >= 0 {
		i++
	}
	return i
}

// idDateThenSex reads, at the start of column c, a date followed by the
// sex (and perhaps a room or an age): a label line of date of birth. In an
// imprint the sex may be missing (faint). A date of the last year, or one
// followed by a time, is not a birth date.
func idDateThenSex(ln *idLine, li int, c idCol, now time.Time, needSex bool) (idHit, bool) {
	ds := c.start
	v, ok := idParseDate(ln.text[ds:], now)
	if !ok {
		return idHit{}, false
	}
	if t, err := time.Parse("2006-01-02", v.value); err != nil || t.After(now.AddDate(-1, 0, 0)) {
		return idHit{}, false
	}
	de := ds + v.end
	r := strings.TrimLeft(ln.text[de:], " \t")
	if a := idAgeRE.FindString(r); a != "" && len(a) < len(r) {
		r = r[len(a):]
	}
	if idTimeRE.MatchString(r) {
		return idHit{}, false
	}
	if sv, ok := idParseSex(r); needSex && (!ok || (sv.end < len(r) && !idSpace(r[sv.end]))) {
		return idHit{}, false
	}
	if !ln.legible(ds, de) {
		return idHit{}, false
	}
	return idHit{Found: Found{Kind: FoundDOB, Value: v.value, Raw: ln.text[ds:de], Box: ln.spanBox(ds, de), Label: IdentifyLabelNone},
		line: li, start: ds, end: de, labelLine: li}, true
}

func idSkipSpaces(s string, i int) int {
	for i < len(s) && idSpace(s[i]) {
		i++
	}
	return i
}

// ---- columns of a line ----

// idCol is a run of words of a line without a wide gap: its span in the
// text and its left edge (in pixels, or the character offset when the
// line has no boxes).
type idCol struct {
	start, end, x int
}

// columns splits the line at gaps wider than twice the line height (two
// or more spaces when there are no boxes).
func (l *idLine) columns() []idCol {
	var out []idCol
	for k, t := range l.toks {
		if k == 0 || l.gapBefore(k) {
			x := t.start
			if !t.box.Empty() {
				x = t.box.Min.X
			}
			out = append(out, idCol{start: t.start, end: t.end, x: x})
			continue
		}
		out[len(out)-1].end = t.end
	}
	return out
}

// gapBefore says whether a column gap comes before word k.
func (l *idLine) gapBefore(k int) bool {
	prev, cur := l.toks[k-1], l.toks[k]
	if !prev.box.Empty() && !cur.box.Empty() {
		return cur.box.Min.X-prev.box.Max.X > 2*max(prev.box.Dy(), 1)
	}
	return cur.start-prev.end >= 2
}

// wideGap says whether a column gap lies between offsets a and b.
func (l *idLine) wideGap(a, b int) bool {
	for k := 1; k < len(l.toks); k++ {
		if l.toks[k].start >= b {
			break
		}
		if l.toks[k-1].end >= a && l.toks[k].start <= b && l.gapBefore(k) {
			return true
		}
	}
	return false
}

// segmentBefore is the text before offset at that could be a name left of
// a label: from the start of the column holding the last word before at.
func (l *idLine) segmentBefore(cols []idCol, at int) (int, int, bool) {
	e := at
	for e > 0 && idSpace(l.text[e-1]) {
		e--
	}
	if e == 0 {
		return 0, 0, false
	}
	for k := len(cols) - 1; k >= 0; k-- {
		if cols[k].start < e {
			return cols[k].start, e, true
		}
	}
	return 0, 0, false
}

// blockStart is the left edge of the column where the line's first label
// stands.
func (l *idLine) blockStart(cols []idCol, labels []idLabel) (int, bool) {
	if len(labels) == 0 {
		return 0, false
	}
	for k := len(cols) - 1; k >= 0; k-- {
		if cols[k].start <= labels[0].start {
			return cols[k].x, true
		}
	}
	return 0, false
}

// aligned says whether two left edges are the same column: within three
// line heights, or three characters on a page without boxes.
func (l *idLine) aligned(a, b int) bool {
	tol := 3
	if len(l.toks) > 0 && !l.toks[0].box.Empty() {
		tol = 3 * max(l.toks[0].box.Dy(), 1)
	}
	return a-b <= tol && b-a <= tol
}

// closeAbove says whether line l lies just above line m: on a page with
// boxes, no more than three line heights between them.
func (l *idLine) closeAbove(m *idLine) bool {
	var a, b = l.bounds(), m.bounds()
	if a.Empty() || b.Empty() {
		return true
	}
	h := max(a.Dy(), 1)
	return b.Min.Y >= a.Min.Y && b.Min.Y-a.Max.Y <= 3*h
}

func (l *idLine) bounds() (r image.Rectangle) {
	for _, t := range l.toks {
		r = r.Union(t.box)
	}
	return r
}

// legible says whether the words covering text[s:e] were read with
// confidence: OCR gives garbage such as a label and number printed beside a
// title read as letters ("Man Oocaleae" for "MRN: 00641635") a confidence
// near 0, and often a box far taller than the line's other words. A value
// without a label is taken only from words OCR was sure of (at least 0.5
// each, when the line has confidences at all), no taller than twice the
// line's shortest word.
func (l *idLine) legible(s, e int) bool {
	known, minH := false, 0
	for _, t := range l.toks {
		known = known || t.conf > 0
		if h := t.box.Dy(); h > 0 && (minH == 0 || h < minH) && len(l.text[t.start:t.end]) > 1 {
			minH = h
		}
	}
	for _, t := range l.toks {
		if t.end <= s || t.start >= e {
			continue
		}
		if known && t.conf < 0.5 {
			return false
		}
		if minH > 0 && t.box.Dy() > 2*minH {
			return false
		}
	}
	return true
}

func idLabelWithin(labels []idLabel, s, e int) bool {
	for _, lb := range labels {
		if lb.start < e && lb.end > s {
			return true
		}
	}
	return false
}

func idLabelBefore(labels []idLabel, at int) bool {
	for _, lb := range labels {
		if lb.start < at {
			return true
		}
	}
	return false
}

// idNameLabels are the labels of names among labels.
func idNameLabels(labels []idLabel) []idLabel {
	var out []idLabel
	for _, lb := range labels {
		switch lb.kind {
		case FoundName, idLastName, idFirstName, idMiddleName:
			out = append(out, lb)
		}
	}
	return out
}

func idHasNameLabel(labels []idLabel) bool {
	for _, lb := range labels {
		switch lb.kind {
		case FoundName, idLastName, idFirstName, idMiddleName:
			return true
		}
	}
	return false
}

var (
	// idReRE is the "Re:" of a letter's subject line, before the name of
	// the patient the letter is about.
	idReRE   = regexp.MustCompile(`^(?i:re|regarding)\s*:\s*`)
	idTimeRE = regexp.MustCompile(`^` + idDig + `{1,2}:` + idDig + `{2}\b`)
	idAgeRE  = regexp.MustCompile(`(?i)^\d{1,3}\s?(?:y|yr|yrs|yo|years?)\b\.?\s*`)
)

func idLabelAt(labels []idLabel, at int) bool {
	for _, lb := range labels {
		if lb.start == at {
			return true
		}
	}
	return false
}
