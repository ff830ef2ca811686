package typemodel

import (
	"sort"
	"strings"
)

// Headings are the section headings of dictated clinical documents, in
// capitals. Transcriptions often run a title into the first heading
// ("DISCHARGE SUMMARYADMISSION DATE:", "CT CHEST WITH CONTRASTREASON FOR
// EXAM:"); SplitRunOn puts such a heading back on a line of its own, so
// the title and the heading are read as themselves.
var Headings = []string{
	"ADMISSION DATE", "ADMIT DATE", "ADMITTING DIAGNOSIS", "ADMITTING PHYSICIAN", "ALLERGIES",
	"ANESTHESIA", "ASSESSMENT AND PLAN", "ASSESSMENT", "ATTENDING PHYSICIAN", "ATTENDING",
	"BRIEF HISTORY", "CHIEF COMPLAINT", "CLINICAL HISTORY", "CLINICAL INDICATION", "CLINICAL INFORMATION",
	"COLLECTION DATE", "COMPARISON", "COMPLICATIONS", "CONCLUSION", "CONDITION", "CONSULTANT",
	"CURRENT MEDICATIONS", "DATE OF ADMISSION", "DATE OF CONSULTATION", "DATE OF DISCHARGE",
	"DATE OF EXAM", "DATE OF OPERATION", "DATE OF PROCEDURE", "DATE OF SERVICE", "DATE OF SURGERY",
	"DATE OF TRANSFER", "DATE OF VISIT", "DESCRIPTION OF PROCEDURE", "DIAGNOSIS", "DIAGNOSES",
	"DISCHARGE DATE", "DISCHARGE DIAGNOSES", "DISCHARGE DIAGNOSIS", "DISCHARGE MEDICATIONS",
	"DISPOSITION", "ED COURSE", "EMERGENCY DEPARTMENT COURSE", "ESTIMATED BLOOD LOSS", "EXAM",
	"EXAMINATION", "FAMILY HISTORY", "FINAL DIAGNOSIS", "FINDINGS", "GROSS DESCRIPTION", "HISTORY",
	"HISTORY OF PRESENT ILLNESS", "HOSPITAL COURSE", "HPI", "IMPRESSION", "INDICATION", "INDICATIONS",
	"INTERVAL HISTORY", "MEDICAL DECISION MAKING", "MEDICATIONS", "MICROSCOPIC DESCRIPTION", "OBJECTIVE",
	"OPERATION", "PAST MEDICAL HISTORY", "PAST SURGICAL HISTORY", "PATIENT", "PATIENT NAME", "PERIOD",
	"PHYSICAL EXAM", "PHYSICAL EXAMINATION", "PLAN", "POSTOPERATIVE DIAGNOSIS", "PREOPERATIVE DIAGNOSIS",
	"PRINCIPAL DIAGNOSIS", "PROCEDURE", "PROCEDURE PERFORMED", "PROCEDURES", "PROCEDURES PERFORMED",
	"REASON FOR ADMISSION", "REASON FOR CONSULT", "REASON FOR CONSULTATION", "REASON FOR EXAM",
	"REASON FOR EXAMINATION", "REASON FOR REFERRAL", "REASON FOR STUDY", "REASON FOR TRANSFER",
	"REASON FOR VISIT", "RECOMMENDATIONS", "REFERRING PHYSICIAN", "REQUESTING PHYSICIAN", "REVIEW OF SYSTEMS",
	"SOCIAL HISTORY", "SPECIMEN", "SPECIMENS", "SUBJECTIVE", "SURGEON", "TECHNIQUE", "VITAL SIGNS",
}

// gluePrefixes are word beginnings that make a heading word part of a
// longer word ("CONTRAINDICATION", "OUTPATIENT", "PREMEDICATIONS").
var gluePrefixes = map[string]bool{"CONTRA": true, "PRE": true, "POST": true, "SUB": true, "NON": true,
	"OUT": true, "IN": true, "RE": true, "DIS": true, "UN": true, "INTER": true, "INTRA": true, "TRANS": true, "CO": true}

// byLength is Headings longest first, so "HISTORY OF PRESENT ILLNESS"
// wins over "HISTORY".
var byLength = func() []string {
	hs := append([]string(nil), Headings...)
	sort.SliceStable(hs, func(i, j int) bool { return len(hs[i]) > len(hs[j]) })
	return hs
}()

// SplitRunOn returns text with every capitalised section heading that a
// transcription ran into the word before it ("CONTRASTREASON FOR EXAM:",
// "NOTEDATE OF SERVICE:") started on a new line. It looks back from each
// colon, so it costs little on long texts.
func SplitRunOn(text string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(text); i++ {
		if text[i] != ':' {
			continue
		}
		end := i
		for end > last && text[end-1] == ' ' {
			end--
		}
		// The letters and spaces before the colon, at most 60 bytes.
		start := end
		for start > last && end-start < 60 && (isLetter(text[start-1]) || text[start-1] == ' ') {
			start--
		}
		seg := text[start:end]
		for _, h := range byLength {
			if len(seg) <= len(h) || !strings.HasSuffix(seg, h) {
				continue
			}
			at := end - len(h) // where the heading starts
			if !isLetter(text[at-1]) {
				break // a heading after a space: not run on
			}
			w := at
			for w > start && isLetter(text[w-1]) {
				w--
			}
			if gluePrefixes[strings.ToUpper(text[w:at])] {
				break
			}
			b.WriteString(text[last:at])
			b.WriteByte('\n')
			last = at
			break
		}
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

// StartsWithHeading reports whether s (in capitals, as normalised title
// text: words separated by single spaces) begins with a section heading.
func StartsWithHeading(s string) bool {
	for _, h := range Headings {
		if s == h || strings.HasPrefix(s, h+" ") {
			return true
		}
	}
	return false
}

// headings returns the normalised headings of text in order of
// appearance (words of letters, lower case, joined by "_"; at most 5
// words): the words before a colon that are capitals starting a line or
// following the end of a sentence or a wide gap ("...stable. PLAN:
// discharge"), or a short label of at most four words starting a line in
// any case ("Reason for referral:").
func headings(text string) []string {
	var out []string
	lineStart := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			lineStart = i + 1
			continue
		case ':':
		default:
			continue
		}
		end := i
		for end > lineStart && text[end-1] == ' ' {
			end--
		}
		// Walk back over capitals and the marks headings hold.
		j := end
		for j > lineStart && isHeadingCap(text[j-1]) {
			j--
		}
		h := ""
		if k := j; k < end {
			for k < end && !(text[k] >= 'A' && text[k] <= 'Z') {
				k++
			}
			before := strings.TrimRight(text[lineStart:k], " ")
			gap := k - lineStart - len(before)
			if end-k >= 3 && text[end-1] >= 'A' && text[end-1] <= 'Z' &&
				(strings.TrimSpace(before) == "" || strings.HasSuffix(before, ".") || strings.HasSuffix(before, ";") || gap >= 2) {
				h = text[k:end]
			}
		}
		if h == "" {
			// A mixed-case label starting the line.
			l := strings.TrimLeft(text[lineStart:end], " \t")
			if len(l) >= 3 && len(l) <= 32 && strings.Count(l, " ") <= 3 && isLabel(l) {
				h = l
			}
		}
		if h == "" {
			continue
		}
		words := strings.FieldsFunc(strings.ToLower(h), func(r rune) bool { return r < 'a' || r > 'z' })
		if len(words) > 0 && len(words) <= 5 {
			out = append(out, strings.Join(words, "_"))
		}
	}
	return out
}

func isHeadingCap(c byte) bool {
	return c >= 'A' && c <= 'Z' || c == ' ' || c == '&' || c == '/' || c == '\'' || c == '-'
}

func isLabel(l string) bool {
	for i := 0; i < len(l); i++ {
		if c := l[i]; !isLetter(c) && c != ' ' && c != '&' && c != '/' && c != '\'' && c != '-' {
			return false
		}
	}
	return isLetter(l[0]) && isLetter(l[len(l)-1])
}
