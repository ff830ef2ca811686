package filing

import (
	"image"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chartroom/chartroom/chart"
)

// idNow fixes the clock for two-digit years and future dates.
var idNow = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// foundStrings renders what Identify found as "kind=value" in page order.
// foundStrings lists the labelled identifiers found (unlabelled numbers
// have their own test).
func foundStrings(fs []Found) []string {
	var out []string
	for _, f := range fs {
		if f.Kind != FoundNumber {
			out = append(out, f.Kind+"="+f.Value)
		}
	}
	return out
}

func TestIdentifyUnlabeledNumbers(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"garbled MRN label beside the title", "Name: BRANNIGAN-MOSS, ULRICH\nINFORMED CONSENT FOR PROCEDURE wen: 00287237\nDOB: 05/18/1962\nbody\nbody\nbody", "00287237"},
		{"OCR confusions fixed", "HEADER\nTITLE Man Owen : QO287237\nDOB: 05/18/1962", "00287237"},
		{"a labelled MRN is not repeated", "MRN: 00287237\nx\ny", ""},
		{"phone numbers and dates are not numbers", "Tel (555) 012-8890\nFax 555-0128890\nx", ""},
		{"too short or too long", "1234567890123 123456\nx\ny", ""},
		{"only the top third of the page", "a\nb\nc\nd\ne\nf\ng\nh\nRef 00287237", ""},
	} {
		var got []string
		for _, f := range identifyAt(chart.Page{ID: "p1", Text: tc.text}, idNow) {
			if f.Kind == FoundNumber {
				got = append(got, f.Value)
			}
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%s: numbers %v, want %q", tc.name, got, tc.want)
		}
	}
}

func TestIdentifyText(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		want []string // "kind=value", in order; nil: nothing found
	}{
		// MRN labels
		{"MRN colon", "MRN: 00012345", []string{"mrn=00012345"}},
		{"MRN no colon", "MRN 00012345", []string{"mrn=00012345"}},
		{"MRN glued", "MRN:00012345", []string{"mrn=00012345"}},
		{"MR#", "MR# 4455667", []string{"mrn=4455667"}},
		{"MR space #", "MR # 4455667", []string{"mrn=4455667"}},
		{"MR No.", "MR No. 4455667", []string{"mrn=4455667"}},
		{"Med Rec #", "Med Rec # 0009876", []string{"mrn=0009876"}},
		{"Medical Record Number", "Medical Record Number: 0009876", []string{"mrn=0009876"}},
		{"M.R.N.", "M.R.N.: 1234567", []string{"mrn=1234567"}},
		{"lower case label", "mrn: 1234567", []string{"mrn=1234567"}},
		{"MRN with hyphens", "MRN: 000-12-345", []string{"mrn=00012345"}},
		{"MRN OCR O l S", "MRN: OOl2S345", []string{"mrn=00125345"}},
		{"MRN OCR o I B", "MRN: 0o0I2B45", []string{"mrn=00012845"}},
		{"MRN too short", "MRN: 1234", nil},
		{"MRN too long", "MRN: 1234567890123", nil},
		{"MRN is a word", "MRN: pending", nil},
		{"MRN mostly letters", "MRN: SOBBOIl", nil},
		{"MRN runs into letters", "MRN: 12345ABC", nil},
		{"sticker: value on the next line", "MRN\n00012345", []string{"mrn=00012345"}},
		{"sticker: label row over value row", "MRN DOB\n00012345 03/14/1962", []string{"mrn=00012345", "dob=1962-03-14"}},
		{"sticker: three labels", "NAME MRN DOB\nDOE, JOHN Q 00012345 3/14/62", []string{"name=DOE, JOHN Q", "mrn=00012345", "dob=1962-03-14"}},
		{"label alone over text", "MRN:\nDischarge summary 00012345", nil},
		{"label ending a line of prose", "Northfield General Hospital MRN\n00012345", nil},
		{"prose ending in patient", "Plan discussed with the patient\nDischarge Plan", nil},

		// numbers without a label are never MRNs
		{"label-less number", "Northfield General Hospital 00012345\nOrder 4455667 collected", nil},
		{"phone number", "Call 5551234567 with questions", nil},
		{"MRN-like number in prose", "Specimen 00012345 received; see MR for details", nil},
		{"MR. is a title", "Mr. 00012345 Smith", nil},
		{"FINAL is not FIN", "FINAL 12345678", nil},
		{"someone else's MRN", "Mother's MRN: 00099999", nil},
		{"previous MRN", "Previous MRN: 00099999", nil},

		// names
		{"LAST, FIRST M", "Name: DOE, JOHN Q", []string{"name=DOE, JOHN Q"}},
		{"middle initial with period", "Name: QUILLFEATHER, ADA M. MRN: 00012345", []string{"name=QUILLFEATHER, ADA M", "mrn=00012345"}},
		{"Patient: First Last", "Patient: Ada Quillfeather", []string{"name=QUILLFEATHER, ADA"}},
		{"Patient: First M. Last", "Patient: John Q. Public Jr.", []string{"name=PUBLIC, JOHN Q"}},
		{"Patient: First Middle Last", "Patient: Jose Luis Garcia", []string{"name=GARCIA, JOSE LUIS"}},
		{"Patient Name", "Patient Name: LINDQVIST, PERCIVAL N", []string{"name=LINDQVIST, PERCIVAL N"}},
		{"Pt Name", "Pt. Name: LINDQVIST, PERCY", []string{"name=LINDQVIST, PERCY"}},
		{"hyphenated", "Patient Name: ORTIZ-VANCE, ELENA", []string{"name=ORTIZ-VANCE, ELENA"}},
		{"ST. CLAIR comma", "Name: ST. CLAIR, MARY", []string{"name=ST. CLAIR, MARY"}},
		{"St. Clair first last", "Patient: Mary St. Clair", []string{"name=ST. CLAIR, MARY"}},
		{"VAN DER BERG comma", "Patient Name: VAN DER BERG, ANNA", []string{"name=VAN DER BERG, ANNA"}},
		{"van der Berg first last", "Patient: Anna van der Berg", []string{"name=VAN DER BERG, ANNA"}},
		{"O'NEIL", "Name: O'NEIL, SEAN P DOB: 01/02/1970 Sex: M", []string{"name=O'NEIL, SEAN P", "dob=1970-01-02", "sex=M"}},
		{"curly apostrophe", "Name: O’Neil, Sean", []string{"name=O'NEIL, SEAN"}},
		{"no space after comma", "Name: DOE,JOHN", []string{"name=DOE, JOHN"}},
		{"stops at Acct", "Patient Name: LINDQVIST, PERCIVAL N Acct#: 99887766", []string{"name=LINDQVIST, PERCIVAL N", "account=99887766"}},
		{"stops at Date", "Name: DOE, JANE Date: 01/02/2024", []string{"name=DOE, JANE"}},
		{"stops at Sex word", "Name: DOE, JANE Sex F", []string{"name=DOE, JANE", "sex=F"}},
		{"stops at a number", "Name: DOE, JANE 00012345", []string{"name=DOE, JANE"}},
		{"suffix dropped", "Name: PUBLIC JR, JOHN", []string{"name=PUBLIC, JOHN"}},
		{"separate last and first fields", "Last Name: DOE First Name: JOHN Middle Initial: Q", []string{"name=DOE, JOHN Q"}},
		{"OCR digit for a letter in a name", "Name: QU1LLFEATHER, J0HN", []string{"name=QUILLFEATHER, JOHN"}},
		{"responsible party is not the patient", "Responsible Party Name: DOE, RICHARD", nil},
		{"guarantor is not the patient", "Guarantor Name: DOE, RICHARD", nil},
		{"physician is not the patient", "Attending Physician Name: SMITH, ALAN", nil},
		{"prose: patient tolerated", "The patient tolerated the procedure well.", nil},
		{"prose: Patient: sentence", "Patient: Stable overnight, afebrile.", nil},
		{"prose: name of procedure", "Name of procedure: appendectomy", nil},
		{"bare Name without colon needs LAST, FIRST", "Name DOE, JOHN", []string{"name=DOE, JOHN"}},

		// dates of birth
		{"DOB MM/DD/YYYY", "DOB: 03/14/1962", []string{"dob=1962-03-14"}},
		{"D.O.B.", "D.O.B. 3/14/1962", []string{"dob=1962-03-14"}},
		{"Date of Birth ISO", "Date of Birth: 1962-03-14", []string{"dob=1962-03-14"}},
		{"Birth Date DD-Mon-YYYY", "Birth Date: 14-Mar-1962", []string{"dob=1962-03-14"}},
		{"DOB DD Mon YYYY", "DOB 14 Mar 1962", []string{"dob=1962-03-14"}},
		{"DOB Month D, YYYY", "DOB: March 14, 1962", []string{"dob=1962-03-14"}},
		{"DOB Sept", "DOB: Sept 5, 1962", []string{"dob=1962-09-05"}},
		{"two-digit year in the past century", "DOB 3/4/62", []string{"dob=1962-03-04"}},
		{"two-digit year this century", "DOB: 1/2/05", []string{"dob=2005-01-02"}},
		{"two-digit year that would be future", "DOB: 12/31/26", []string{"dob=1926-12-31"}},
		{"DOB with dots", "DOB: 03.14.1962", []string{"dob=1962-03-14"}},
		{"DOB OCR O and l", "DOB: O3/l4/l962", []string{"dob=1962-03-14"}},
		{"DOB OCR S and B", "DOB: 0S/1B/19S2", []string{"dob=1952-05-18"}},
		{"impossible date", "DOB: 02/30/1962", nil},
		{"future date", "DOB: 01/01/2099", nil},
		{"date without DOB label", "Admitted 03/14/2024", nil},

		// account / encounter
		{"Acct#", "Acct#: 99887766", []string{"account=99887766"}},
		{"Account #", "Account #: 99887766", []string{"account=99887766"}},
		{"Encounter #", "Encounter # 1234567", []string{"account=1234567"}},
		{"FIN", "FIN: 55667788", []string{"account=55667788"}},
		{"Visit #", "Visit #: 4321", []string{"account=4321"}},
		{"encounter date is not an account", "Encounter date: 2024-12-01", nil},

		// a whole header
		{"full header", "NORTHFIELD GENERAL HOSPITAL\nDISCHARGE SUMMARY\nPatient: QUILLFEATHER, ADA M   MRN: 00012345   DOB: 03/14/1962\nAcct#: 99887766  Sex: F\nThe patient was admitted on 03/01/2024.",
			[]string{"name=QUILLFEATHER, ADA M", "mrn=00012345", "dob=1962-03-14", "account=99887766", "sex=F"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := foundStrings(identifyAt(chart.Page{ID: "p1", Text: tc.text}, idNow))
			if !slices.Equal(got, tc.want) {
				t.Fatalf("Identify(%q)\n got %q\nwant %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestIdentifyLabelsAndRaw(t *testing.T) {
	fs := identifyAt(chart.Page{ID: "p7", Text: "MR #: OOl2S345  Med Rec # 0009876"}, idNow)
	if len(fs) != 2 {
		t.Fatalf("found %v", fs)
	}
	if f := fs[0]; f.Label != "MR #" || f.Raw != "OOl2S345" || f.Value != "00125345" || f.PageID != "p7" {
		t.Errorf("first = %+v", f)
	}
	if f := fs[1]; f.Label != "Med Rec #" || f.Value != "0009876" {
		t.Errorf("second = %+v", f)
	}
}

// words lays out text as OCR words: each line at y = 100*line, each word
// at the x given by its column in the string (20 px per character), so
// that spaces in the string become gaps on the page.
func words(lines ...string) []chart.Word {
	var out []chart.Word
	for ln, s := range lines {
		for i := 0; i < len(s); {
			if s[i] == ' ' {
				i++
				continue
			}
			j := i
			for j < len(s) && s[j] != ' ' {
				j++
			}
			out = append(out, chart.Word{Text: s[i:j], Line: ln, Conf: 0.9,
				Box: image.Rect(20*i, 100*ln, 20*j, 100*ln+30)})
			i = j
		}
	}
	return out
}

func TestIdentifyWords(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		want  []string
		box   map[string]image.Rectangle // kind → expected box
	}{
		{"label and value on one line", []string{
			"Name: DOE, JOHN Q   MRN: 00012345",
		}, []string{"name=DOE, JOHN Q", "mrn=00012345"}, map[string]image.Rectangle{
			"name": image.Rect(20*6, 0, 20*17, 30),
			"mrn":  image.Rect(20*25, 0, 20*33, 30),
		}},
		{"glued label and value: part of the word's box", []string{
			"MRN:00012345",
		}, []string{"mrn=00012345"}, map[string]image.Rectangle{"mrn": image.Rect(20*4, 0, 20*12, 30)}},
		{"sticker in a corner: value just under the label", []string{
			"NORTHFIELD GENERAL HOSPITAL                    MRN",
			"DISCHARGE SUMMARY                              00012345",
		}, []string{"mrn=00012345"}, map[string]image.Rectangle{"mrn": image.Rect(20*47, 100, 20*55, 130)}},
		{"sticker: columns of labels over values", []string{
			"PATIENT NAME              MRN          DOB",
			"LINDQVIST, PERCY N        00012345     06/07/1950",
		}, []string{"name=LINDQVIST, PERCY N", "mrn=00012345", "dob=1950-06-07"}, nil},
		{"value far right of its label in a form", []string{
			"MRN:                00012345",
			"DOB:                03/14/1962",
		}, []string{"mrn=00012345", "dob=1962-03-14"}, nil},
		{"name stops at a column gap", []string{
			"Patient: Ada Quillfeather                 Discharge Summary",
		}, []string{"name=QUILLFEATHER, ADA"}, nil},
		{"prose ending in patient, title below", []string{
			"The plan was discussed with the patient",
			"                                 Discharge Plan",
		}, nil, nil},
		{"label with no value under it", []string{
			"MRN:",
			"                    00012345",
		}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := identifyAt(chart.Page{ID: "p", Words: words(tc.lines...)}, idNow)
			if got := foundStrings(fs); !slices.Equal(got, tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			for _, f := range fs {
				if want, ok := tc.box[f.Kind]; ok && f.Box != want {
					t.Errorf("%s box = %v, want %v", f.Kind, f.Box, want)
				}
				if f.Box.Empty() {
					t.Errorf("%s has no box", f.Kind)
				}
			}
		})
	}
}

func TestIdentifyWordsWithoutLineNumbers(t *testing.T) {
	ws := words("Name: DOE, JOHN", "MRN: 00012345")
	for i := range ws {
		ws[i].Line = 0
	}
	slices.Reverse(ws) // reading order must come from the boxes
	got := foundStrings(identifyAt(chart.Page{Words: ws}, idNow))
	if want := []string{"name=DOE, JOHN", "mrn=00012345"}; !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestIdentifyPrefersWordsAndFallsBackToText(t *testing.T) {
	p := chart.Page{Text: "MRN: 00012345", Words: words("MRN: 00099999")}
	if got := foundStrings(Identify(p)); !slices.Equal(got, []string{"mrn=00099999"}) {
		t.Errorf("with words: %q", got)
	}
	p.Words = nil
	fs := Identify(p)
	if got := foundStrings(fs); !slices.Equal(got, []string{"mrn=00012345"}) || !fs[0].Box.Empty() {
		t.Errorf("text only: %q %v", got, fs)
	}
}

func TestIdentifyNoPHIInPanics(t *testing.T) {
	// Odd input must not panic: empty, only labels, unicode, stray commas.
	for _, s := range []string{"", "MRN", "Name:", "Name: ,", "Patient: , ,", "DOB: //", "Name: Ünal, Ömer", "MRN:\n", strings.Repeat("Name: A, ", 50)} {
		identifyAt(chart.Page{Text: s}, idNow)
		identifyAt(chart.Page{Words: words(strings.Split(s, "\n")...)}, idNow)
	}
}
