package filing

import (
	"image"
	"slices"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/chart"
)

// All names, numbers and dates below are made up.

// idCase is one page and what Identify must find on it: "kind=value" in
// reading order (unlabelled numbers left out), and optionally the labels
// the values were reported with ("kind=label").
type idCase struct {
	name   string
	text   string
	want   []string
	labels []string
}

func runIDCases(t *testing.T, cases []idCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := identifyAt(chart.Page{ID: "p1", Text: tc.text}, idNow)
			if got := foundStrings(fs); !slices.Equal(got, tc.want) {
				t.Fatalf("Identify(%q)\n got %q\nwant %q", tc.text, got, tc.want)
			}
			for _, want := range tc.labels {
				kind, label, _ := strings.Cut(want, "=")
				ok := false
				for _, f := range fs {
					ok = ok || (f.Kind == kind && f.Label == label)
				}
				if !ok {
					t.Errorf("no %s with label %q in %+v", kind, label, fs)
				}
			}
			// The same lines laid out as OCR words find the same.
			ws := identifyAt(chart.Page{ID: "p1", Height: 3300, Words: words(strings.Split(tc.text, "\n")...)}, idNow)
			if got := foundStrings(ws); !slices.Equal(got, tc.want) {
				t.Errorf("as words: got %q, want %q", got, tc.want)
			}
			for _, f := range ws {
				if f.Kind != FoundNumber && f.Box.Empty() {
					t.Errorf("as words: %s has no box", f.Kind)
				}
			}
		})
	}
}

// Names without a label on the first line of a label block, or just left
// of its labels.
func TestIdentifyUnlabelledNames(t *testing.T) {
	runIDCases(t, []idCase{
		{"First Last over MRN and DOB", "Katherine Johnson\nMRN: 00123456\nDOB: 03/14/1957",
			[]string{"name=JOHNSON, KATHERINE", "mrn=00123456", "dob=1957-03-14"}, []string{"name=" + IdentifyLabelNone}},
		{"LAST, FIRST M over MRN", "JOHNSON, KATHERINE M\nMRN: 00123456\nDOB: 03/14/1957",
			[]string{"name=JOHNSON, KATHERINE M", "mrn=00123456", "dob=1957-03-14"}, nil},
		{"hyphen, apostrophe, two given names", "O'NEILL-PARK, MARY ANN\nMR# 00123456\nDOB 03/14/1957",
			[]string{"name=O'NEILL-PARK, MARY ANN", "mrn=00123456", "dob=1957-03-14"}, nil},
		{"particles and suffix", "Robert de la Cruz Jr\nMRN 00123456\nDOB 03/14/1957",
			[]string{"name=DE LA CRUZ, ROBERT", "mrn=00123456", "dob=1957-03-14"}, nil},
		{"over a DOB line only", "Mrs. Maria Ochoa\nDOB: 03/14/1957",
			[]string{"name=OCHOA, MARIA", "dob=1957-03-14"}, nil},
		{"capitals without comma ending in an initial", "QUILLFEATHER ADA M\nMRN 00123456",
			[]string{"name=QUILLFEATHER, ADA M", "mrn=00123456"}, nil},
		{"left of the labels on the same line", "JOHNSON, KATHERINE M   MRN: 00123456   DOB: 03/14/1957",
			[]string{"name=JOHNSON, KATHERINE M", "mrn=00123456", "dob=1957-03-14"}, nil},
		{"label block beside a letterhead", "MERCY GENERAL HOSPITAL        JOHNSON, KATHERINE M\n123 MAIN STREET               MRN: 00123456\nDISCHARGE SUMMARY             DOB: 03/14/1957",
			[]string{"name=JOHNSON, KATHERINE M", "mrn=00123456", "dob=1957-03-14"}, nil},
		{"letter subject line over DOB", "Re: Maria Ochoa\nDOB: 03/14/1957",
			[]string{"name=OCHOA, MARIA", "dob=1957-03-14"}, []string{"name=Re"}},
	})
}

// What is above or left of the labels but is not a person.
func TestIdentifyUnlabelledNotNames(t *testing.T) {
	runIDCases(t, []idCase{
		{"hospital name and address", "MERCY GENERAL HOSPITAL\n123 MAIN STREET\nMRN: 00123456", []string{"mrn=00123456"}, nil},
		{"hospital name just above", "Northfield Medical Center\nMRN: 00123456", []string{"mrn=00123456"}, nil},
		{"practice of a specialty", "Cedar Valley Oncology\nMRN: 00123456", []string{"mrn=00123456"}, nil},
		{"street", "Harbor View Drive\nDOB: 03/14/1957", []string{"dob=1957-03-14"}, nil},
		{"title", "DISCHARGE SUMMARY\nMRN: 00123456", []string{"mrn=00123456"}, nil},
		{"title in mixed case", "Progress Note\nMRN: 00123456", []string{"mrn=00123456"}, nil},
		{"heading", "Patient Information\nMRN: 00123456", []string{"mrn=00123456"}, nil},
		{"title left of the label", "History and Physical MRN: 00123456", []string{"mrn=00123456"}, nil},
		{"physician with credentials", "Dr. Anna Berg, MD\nMRN: 00123456", []string{"mrn=00123456"}, nil},
		{"physician with credentials, no Dr.", "Anna Berg, MD\nMRN: 00123456", []string{"mrn=00123456"}, nil},
		{"nurse", "Anna Berg RN\nDOB: 03/14/1957", []string{"dob=1957-03-14"}, nil},
		{"name above a line that has its own name label", "Anna Berg\nPatient: OCHOA, MARIA  MRN: 00123456",
			[]string{"name=OCHOA, MARIA", "mrn=00123456"}, nil},
		{"name above an account number only", "Anna Berg\nAcct #: 99887766", []string{"account=99887766"}, nil},
		{"prose above the label", "Seen today in clinic\nMRN: 00123456", []string{"mrn=00123456"}, nil},
		{"not the line just above", "Katherine Johnson\n\nMRN: 00123456", []string{"mrn=00123456"}, nil},
		{"not the same column", "Katherine Johnson\n                              MRN: 00123456", []string{"mrn=00123456"}, nil},
		{"a name without a label elsewhere", "Katherine Johnson\nDischarge instructions given.", nil, nil},
		{"signature", "Electronically signed by Anna Berg, MD on 11/02/2025 14:32", nil, nil},
	})
}

// Dates of birth in their formats and labels.
func TestIdentifyDOBFormats(t *testing.T) {
	runIDCases(t, []idCase{
		{"Mon D, YYYY", "DOB: Mar 14, 1957", []string{"dob=1957-03-14"}, nil},
		{"DD-Mon-YYYY", "DOB 02-Jul-1961", []string{"dob=1961-07-02"}, nil},
		{"D Month YYYY", "DOB 14 March 1957", []string{"dob=1957-03-14"}, nil},
		{"DD-MON-YYYY capitals", "DOB 14-MAR-1957", []string{"dob=1957-03-14"}, nil},
		{"M/D/YY", "DOB 3/14/57", []string{"dob=1957-03-14"}, nil},
		{"ISO", "DOB 1957-03-14", []string{"dob=1957-03-14"}, nil},
		{"MM/DD/YYYY", "DOB 03/14/1957", []string{"dob=1957-03-14"}, nil},
		{"Month D, YYYY", "Date of Birth: March 14, 1957", []string{"dob=1957-03-14"}, nil},
		{"label D.O.B.", "D.O.B. 03/14/1957", []string{"dob=1957-03-14"}, []string{"dob=D.O.B."}},
		{"label DOB:", "DOB:03/14/1957", []string{"dob=1957-03-14"}, nil},
		{"label Birth Date", "Birth Date: 14-MAR-1957", []string{"dob=1957-03-14"}, nil},
		{"label Born", "Born: 02-Jul-1961", []string{"dob=1961-07-02"}, []string{"dob=Born"}},
		{"label B/D", "B/D 3/14/57", []string{"dob=1957-03-14"}, []string{"dob=B/D"}},
		{"OCR O and l in the date", "DOB: O3/l4/l957", []string{"dob=1957-03-14"}, nil},
		{"OCR I and O in a month date", "DOB: Mar I4, l9S7", []string{"dob=1957-03-14"}, nil},
		{"OCR in DD-Mon-YYYY", "DOB: O2-Jul-l961", []string{"dob=1961-07-02"}, nil},
		{"unlabelled after a name, then sex", "SMITH, JOHN  03/14/1957  M",
			[]string{"name=SMITH, JOHN", "dob=1957-03-14"}, []string{"dob=" + IdentifyLabelNone, "name=" + IdentifyLabelNone}},
		{"unlabelled after a name, age and sex", "QUILLFEATHER, ADA  3/14/57  68Y  F",
			[]string{"name=QUILLFEATHER, ADA", "dob=1957-03-14"}, nil},
		{"unlabelled after a name on a label over the MRN", "SMITH, JOHN A  02-Jul-1961\nMRN 00123456",
			[]string{"name=SMITH, JOHN A", "dob=1961-07-02", "mrn=00123456"}, nil},
	})
}

// Dates that are not dates of birth.
func TestIdentifyDatesNotDOB(t *testing.T) {
	runIDCases(t, []idCase{
		{"date of service", "Date of Service: 11/02/2025", nil, nil},
		{"admission date", "Admission Date: 11/01/2025  Discharge Date: 11/04/2025", nil, nil},
		{"admitted in prose", "Admitted 11/01/2025 by Dr. Anna Berg", nil, nil},
		{"signature with date and time", "BERG, ANNA  11/02/2025 14:32", nil, nil},
		{"name and date without a label around", "BERG, ANNA  11/02/2025", nil, nil},
		{"lab row", "CBC, AUTO  11/02/2025", nil, nil},
		{"a baby born", "Baby born 11/02/2025 at 0300, Apgars 8 and 9.", nil, nil},
		{"someone else born", "Mother: Maria Ochoa, born 03/14/1985", nil, nil},
		{"witness born", "Witness Anna Berg, born 03/14/1985", nil, nil},
		{"imprint admission date", "ADM 11/02/25", nil, nil},
		{"older date after a name, nothing around", "BERG, ANNA  11/02/2019", nil, nil},
		{"a date of the last year after a name is not taken unlabelled", "SMITH, BABY GIRL  02/10/2026  F", nil, nil},
		{"a line with a labelled name", "Patient: OCHOA, MARIA   MRN 00123456   BERG, ANNA  03/14/1957  F",
			[]string{"name=OCHOA, MARIA", "mrn=00123456"}, nil},
	})
}

// Visit numbers with their labels are accounts: never unlabelled numbers
// that could confirm an MRN.
func TestIdentifyVisitNumbersNotNumbers(t *testing.T) {
	for _, s := range []string{"CSN: 00123456", "Adm # 00123456", "Admission No. 00123456", "FIN 00123456", "Visit ID 00123456"} {
		for _, f := range identifyAt(chart.Page{ID: "p", Text: s}, idNow) {
			if f.Kind != FoundAccount {
				t.Errorf("%q: %s=%s", s, f.Kind, f.Value)
			}
		}
	}
}

// People named in the body of consents and letters with their birth
// date or MRN.
func TestIdentifyBody(t *testing.T) {
	runIDCases(t, []idCase{
		{"consent: I, name, born", "I, John A. Smith, born 02-Jul-1961, consent to the procedure described above.",
			[]string{"name=SMITH, JOHN A", "dob=1961-07-02"}, []string{"name=" + IdentifyLabelBody, "dob=born"}},
		{"letter: Re: name (DOB)", "Re: Maria Ochoa (DOB 03/14/1957)",
			[]string{"name=OCHOA, MARIA", "dob=1957-03-14"}, []string{"name=Re", "dob=DOB"}},
		{"Patient: LAST, FIRST DOB", "Patient: Ochoa, Maria  DOB: 03/14/1957",
			[]string{"name=OCHOA, MARIA", "dob=1957-03-14"}, []string{"name=Patient"}},
		{"RE: LAST, FIRST M. MRN", "RE: SMITH, JOHN A.  MRN 00123456",
			[]string{"name=SMITH, JOHN A", "mrn=00123456"}, []string{"name=RE"}},
		{"in a sentence", "Please see Maria Ochoa, DOB 03/14/1957, for follow-up.",
			[]string{"name=OCHOA, MARIA", "dob=1957-03-14"}, []string{"name=" + IdentifyLabelBody}},
		{"sentence word is not a name", "Yesterday, Maria Ochoa DOB 03/14/1957", []string{"dob=1957-03-14"}, nil},
		{"physician before the DOB", "Referred by Dr. Anna Berg DOB 03/14/1957", []string{"dob=1957-03-14"}, nil},
		{"a name before an MRN needs Re:", "Discussed with Anna Berg MRN 00123456", []string{"mrn=00123456"}, nil},
	})
}

// MRN labels and number layouts, and the visit numbers that are not MRNs.
func TestIdentifyMRNLabels(t *testing.T) {
	runIDCases(t, []idCase{
		{"Medical Record No.", "Medical Record No. 00123456", []string{"mrn=00123456"}, nil},
		{"Medical Record Number", "Medical Record Number: 00123456", []string{"mrn=00123456"}, nil},
		{"Med Rec #", "Med Rec # 00123456", []string{"mrn=00123456"}, nil},
		{"MR#", "MR# 00123456", []string{"mrn=00123456"}, nil},
		{"MR #", "MR # 00123456", []string{"mrn=00123456"}, nil},
		{"MRN", "MRN 00123456", []string{"mrn=00123456"}, nil},
		{"Unit No.", "Unit No. 00123456", []string{"mrn=00123456"}, []string{"mrn=Unit No."}},
		{"Unit #", "Unit #: 00123456", []string{"mrn=00123456"}, nil},
		{"Chart #", "Chart # 00123456", []string{"mrn=00123456"}, nil},
		{"Chart No.", "Chart No. 00123456", []string{"mrn=00123456"}, nil},
		{"Patient ID", "Patient ID: 00123456", []string{"mrn=00123456"}, nil},
		{"dashes 2-3-3", "MRN: 00-123-456", []string{"mrn=00123456"}, nil},
		{"dashes 3-2-3", "MRN: 001-23-456", []string{"mrn=00123456"}, nil},
		{"space 4 4", "MRN: 0012 3456", []string{"mrn=00123456"}, nil},
		{"spaces 2 3 3", "MRN 00 123 456  DOB 03/14/1957", []string{"mrn=00123456", "dob=1957-03-14"}, nil},
		{"a full number is not joined to the next", "MRN 00123456 12", []string{"mrn=00123456"}, nil},
		{"FIN beside the MRN", "FIN 00123456  MRN 00999888", []string{"account=00123456", "mrn=00999888"}, nil},
		{"Visit #", "Visit # 00123456", []string{"account=00123456"}, nil},
		{"Encounter", "Encounter 00123456", []string{"account=00123456"}, nil},
		{"Acct #", "Acct # 00123456", []string{"account=00123456"}, nil},
		{"Account No.", "Account No. 00123456", []string{"account=00123456"}, nil},
		{"CSN", "CSN: 00123456", []string{"account=00123456"}, nil},
		{"Adm #", "Adm # 00123456", []string{"account=00123456"}, nil},
		{"Patient ID and account", "Patient ID: 00123456  Acct #: 00999888", []string{"mrn=00123456", "account=00999888"}, nil},
	})
}

// What looks like an MRN label or number but is not one.
func TestIdentifyNotMRN(t *testing.T) {
	runIDCases(t, []idCase{
		{"phone number after MRN label", "MRN: 555-012-8890", nil, nil},
		{"phone number in groups", "MRN 555 012 8890", nil, nil},
		{"phone numbers", "Phone: (555) 012-8890  Fax: 555-012-8891", nil, nil},
		{"Hosp # is not taken", "Hosp # 00123456", nil, nil},
		{"mitral regurgitation", "ECHO: MR 2+ TR 1+", nil, nil},
		{"Mr. is a title", "Mr. 00123456 Smith", nil, nil},
		{"a ward", "Unit #: 5 West", nil, nil},
		{"short groups", "MRN 12 34", nil, nil},
		{"groups running into a date", "MRN 1234 03/14/1957", nil, nil},
	})
}

// Addressograph imprints: monospace capitals, several fields a line.
func TestIdentifyImprint(t *testing.T) {
	runIDCases(t, []idCase{
		{"imprint", "SMITH JOHN A          MR 00123456\nDOB 03/14/57 M  ADM 11/02/25",
			[]string{"name=SMITH, JOHN A", "mrn=00123456", "dob=1957-03-14"}, []string{"mrn=MR"}},
		{"imprint with account", "QUILLFEATHER ADA M     MR 00123456   ACCT 99887766\nDOB 03/14/57  F  ADM 11/02/25",
			[]string{"name=QUILLFEATHER, ADA M", "mrn=00123456", "account=99887766", "dob=1957-03-14"}, nil},
		{"name label and bare MR", "Name: SMITH, JOHN  MR 00123456", []string{"name=SMITH, JOHN", "mrn=00123456"}, nil},
		// The MRN line first, then the name, then the date of birth with
		// the sex and a room, none of them labelled.
		{"imprint with the MRN first", "MR 00228156 V53557739\nGARCIA, MARGARET L\n9/29/44 F 6E-19\nK. OYELARAN",
			[]string{"mrn=00228156", "name=GARCIA, MARGARET L", "dob=1944-09-29"}, nil},
		{"two middle initials", "MR 00634191 609353337\nCOLEMAN, WALTER R K\n9/13/56 M 4S-24",
			[]string{"mrn=00634191", "name=COLEMAN, WALTER R K", "dob=1956-09-13"}, nil},
		{"a speck before the name", "MR 00228156 V53557739\n_ GARCIA, MARGARET L\n9/29/44 F 6E-19",
			[]string{"mrn=00228156", "name=GARCIA, MARGARET L", "dob=1944-09-29"}, nil},
		{"a heading under the MRN line is no name", "MRN: 00228156\nDISCHARGE SUMMARY\n9/29/44 F",
			[]string{"mrn=00228156"}, nil},
		{"a date of service under a name is no birth date", "MR 00228156\nGARCIA, MARGARET L\n11/02/26 08:15 admitted",
			[]string{"mrn=00228156", "name=GARCIA, MARGARET L"}, nil},
	})
}

// Labels that OCR split or mangled, values read all the same.
func TestIdentifyGarbledLabels(t *testing.T) {
	runIDCases(t, []idCase{
		{"M R N:", "M R N: 00123456", []string{"mrn=00123456"}, nil},
		{"MRN;", "MRN; 00123456", []string{"mrn=00123456"}, nil},
		{"MRN.", "MRN. 00123456", []string{"mrn=00123456"}, nil},
		{"MR N", "MR N 00123456", []string{"mrn=00123456"}, nil},
		{"DO B:", "DO B: 03/14/1957", []string{"dob=1957-03-14"}, nil},
		{"D0B", "D0B 03/14/1957", []string{"dob=1957-03-14"}, nil},
		{"DO8", "DO8: 03/14/1957", []string{"dob=1957-03-14"}, nil},
		{"DOB;", "DOB; 03/14/1957", []string{"dob=1957-03-14"}, nil},
		// A label's comma read as a full stop, or lost: seen on region
		// readings of stickers; never a one-letter last name.
		{"comma read as a full stop", "Name: YARDLEY. ULRICH M", []string{"name=YARDLEY, ULRICH M"}, nil},
		{"comma lost, capitals ending in an initial", "Name: YARDLEY ULRICH M", []string{"name=YARDLEY, ULRICH M"}, nil},
		{"a one-letter last name is no name", "Name: Ulrich M", nil, nil},
	})
}

// A label printed beside the letterhead, read with word boxes: the
// name's box is where it is printed.
func TestIdentifyLabelBlockWords(t *testing.T) {
	fs := identifyAt(chart.Page{ID: "p", Height: 3300, Words: words(
		"MERCY GENERAL HOSPITAL                 JOHNSON, KATHERINE M",
		"123 MAIN STREET                        MRN: 00123456",
		"DISCHARGE SUMMARY                      DOB: 03/14/1957",
	)}, idNow)
	if got, want := foundStrings(fs), []string{"name=JOHNSON, KATHERINE M", "mrn=00123456", "dob=1957-03-14"}; !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if want := image.Rect(20*39, 0, 20*59, 30); fs[0].Box != want {
		t.Errorf("name box %v, want %v", fs[0].Box, want)
	}
}

// OCR garbles a label and number printed beside a title into words that
// look like a name ("MRN: 00641635" read "Man Oocaleae"), with a
// confidence near 0: that is no name, although it stands above the DOB.
func TestIdentifyGarbledWordsAreNoName(t *testing.T) {
	ws := words(
		"OPERATIVE REPORT                       Man Oocaleae",
		"                                       DOB: 09/17/1932 Sex: F",
	)
	for i := range ws {
		if ws[i].Text == "Oocaleae" {
			ws[i].Conf = 0
		}
	}
	got := foundStrings(identifyAt(chart.Page{ID: "p", Height: 3300, Words: ws}, idNow))
	if want := []string{"dob=1932-09-17", "sex=F"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	// Read with confidence, the same place is a name.
	for i := range ws {
		ws[i].Conf = 0.9
	}
	got = foundStrings(identifyAt(chart.Page{ID: "p", Height: 3300, Words: ws}, idNow))
	if want := []string{"name=OOCALEAE, MAN", "dob=1932-09-17", "sex=F"}; !slices.Equal(got, want) {
		t.Errorf("legible: got %q, want %q", got, want)
	}
}

// region builds a region read of the given lines, laid out like words()
// and moved to at.
func region(kind string, at image.Point, lines ...string) chart.RegionRead {
	ws := words(lines...)
	var box image.Rectangle
	for i := range ws {
		ws[i].Box = ws[i].Box.Add(at)
		box = box.Union(ws[i].Box)
	}
	return chart.RegionRead{Kind: kind, Box: box.Inset(-5), Text: strings.Join(lines, "\n"), Words: ws}
}

func TestIdentifyRegions(t *testing.T) {
	// The full-page reading ran the letterhead and the label together.
	garbled := "MERCY GENERAL JOHNSON, HOSPITAL KATHERINE M\n123 MAIN MRN: STREET 00123456\nDISCHARGE SUMMARY"
	label := region("label", image.Pt(1800, 100), "JOHNSON, KATHERINE M", "MRN: 00123456", "DOB: 03/14/1957")

	t.Run("a region is read as its own block", func(t *testing.T) {
		fs := identifyAt(chart.Page{ID: "p", Height: 3300, Text: garbled, Regions: []chart.RegionRead{label}}, idNow)
		got := foundStrings(fs)
		slices.Sort(got)
		if want := []string{"dob=1957-03-14", "mrn=00123456", "name=JOHNSON, KATHERINE M"}; !slices.Equal(got, want) {
			t.Fatalf("got %q, want %q", got, want)
		}
		for _, f := range fs {
			if f.Box.Empty() || f.PageID != "p" || f.Label == "" {
				t.Errorf("%s: box %v page %q label %q", f.Kind, f.Box, f.PageID, f.Label)
			}
			if f.Kind == FoundMRN && f.Box != image.Rect(1800+20*5, 200, 1800+20*13, 230) {
				t.Errorf("mrn box %v", f.Box)
			}
		}
	})
	t.Run("found twice is reported once, with its box", func(t *testing.T) {
		p := chart.Page{ID: "p", Height: 3300, Text: "MRN: 00123456\nDOB: 03/14/1957", Regions: []chart.RegionRead{label, label}}
		fs := identifyAt(p, idNow)
		n := 0
		for _, f := range fs {
			if f.Kind == FoundMRN {
				n++
				if f.Box.Empty() {
					t.Errorf("the MRN with a box is preferred: %+v", f)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d MRNs in %v", n, foundStrings(fs))
		}
	})
	t.Run("page and region disagree: both reported", func(t *testing.T) {
		p := chart.Page{ID: "p", Height: 3300, Text: "MRN: 00123458", Regions: []chart.RegionRead{label}}
		got := foundStrings(identifyAt(p, idNow))
		if !slices.Contains(got, "mrn=00123458") || !slices.Contains(got, "mrn=00123456") {
			t.Errorf("got %q", got)
		}
	})
	t.Run("text-only region", func(t *testing.T) {
		p := chart.Page{ID: "p", Text: "x", Regions: []chart.RegionRead{{Kind: "imprint",
			Text: "SMITH JOHN           MR 00123456\nDOB 03/14/57 M  ADM 11/02/25"}}}
		got := foundStrings(identifyAt(p, idNow))
		if want := []string{"name=SMITH, JOHN", "mrn=00123456", "dob=1957-03-14"}; !slices.Equal(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("an unlabelled number in a header region confirms, in a footer it is not reported", func(t *testing.T) {
		head := region("header", image.Pt(100, 50), "INFORMED CONSENT wen: 00287237")
		foot := region("footer", image.Pt(100, 3100), "Form 7712345 rev 2020")
		var nums []string
		for _, f := range identifyAt(chart.Page{ID: "p", Height: 3300, Text: "x", Regions: []chart.RegionRead{head, foot}}, idNow) {
			if f.Kind == FoundNumber {
				nums = append(nums, f.Value)
			}
		}
		if !slices.Equal(nums, []string{"00287237"}) {
			t.Errorf("numbers %v", nums)
		}
	})
	t.Run("a number the page saw without label is an account in the region", func(t *testing.T) {
		p := chart.Page{ID: "p", Height: 3300, Words: words("NORTHFIELD 99887766"),
			Regions: []chart.RegionRead{region("label", image.Pt(0, 0), "FIN: 99887766")}}
		for _, f := range identifyAt(p, idNow) {
			if f.Kind == FoundNumber {
				t.Errorf("number %s reported beside its account", f.Value)
			}
		}
	})
	t.Run("regions only feed identification: no identifiers from nothing", func(t *testing.T) {
		p := chart.Page{ID: "p", Height: 3300, Text: "x", Regions: []chart.RegionRead{region("header", image.Pt(0, 0), "MERCY GENERAL HOSPITAL", "DISCHARGE SUMMARY")}}
		if fs := identifyAt(p, idNow); len(fs) != 0 {
			t.Errorf("found %v", foundStrings(fs))
		}
	})
}

// A label printed along the margin, read turned upright: boxes are in page
// pixels, reading order along the text.
func TestIdentifyRegionTurned(t *testing.T) {
	upright := []string{"JOHNSON, KATHERINE M", "MRN: 00123456"}
	for _, rot := range []int{90, 270} {
		// Lay the label out upright in a 600x300 crop, then place each box
		// on the page where the turned label lies.
		frame := image.Rect(2300, 1000, 2300+300, 1000+600) // tall: text runs along y
		ws := words(upright...)
		for i := range ws {
			ws[i].Box = idTurnBack(ws[i].Box, frame, rot)
		}
		r := chart.RegionRead{Kind: "margin", Box: frame, Rotation: rot, Words: ws, Text: strings.Join(upright, "\n")}
		fs := identifyAt(chart.Page{ID: "p", Height: 3300, Text: "x", Regions: []chart.RegionRead{r}}, idNow)
		if got, want := foundStrings(fs), []string{"name=JOHNSON, KATHERINE M", "mrn=00123456"}; !slices.Equal(got, want) {
			t.Fatalf("rotation %d: got %q, want %q", rot, got, want)
		}
		for _, f := range fs {
			if !f.Box.In(frame) || f.Box.Empty() {
				t.Errorf("rotation %d: %s box %v outside the region %v", rot, f.Kind, f.Box, frame)
			}
		}
		// The MRN value's box is the turned box of the upright value.
		if want := idTurnBack(image.Rect(20*5, 100, 20*13, 130), frame, rot); fs[1].Box != want {
			t.Errorf("rotation %d: mrn box %v, want %v", rot, fs[1].Box, want)
		}
	}
}

func TestIdentifyTurnRoundTrip(t *testing.T) {
	frame := image.Rect(100, 200, 400, 800)
	b := image.Rect(110, 250, 150, 400)
	for _, rot := range []int{90, 180, 270} {
		u := idTurn(b, frame, rot)
		if got := idTurnBack(u, frame, rot); got != b {
			t.Errorf("rotation %d: %v -> %v -> %v", rot, b, u, got)
		}
	}
}

func TestIdentifyRegionExported(t *testing.T) {
	p := chart.Page{ID: "p9", Height: 3300}
	fs := IdentifyRegion(p, region("label", image.Pt(0, 0), "MRN: 00123456"))
	if len(fs) != 1 || fs[0].Kind != FoundMRN || fs[0].PageID != "p9" {
		t.Errorf("got %+v", fs)
	}
}

func BenchmarkIdentifyPage(b *testing.B) {
	lines := []string{
		"MERCY GENERAL HOSPITAL                 JOHNSON, KATHERINE M",
		"123 MAIN STREET                        MRN: 00123456",
		"DISCHARGE SUMMARY                      DOB: 03/14/1957",
	}
	for i := 0; i < 60; i++ {
		lines = append(lines, "The patient was seen on 11/02/2025 and tolerated the procedure well, Dr. Anna Berg.")
	}
	p := chart.Page{ID: "p", Height: 3300, Words: words(lines...), Regions: []chart.RegionRead{
		region("label", image.Pt(1800, 0), "JOHNSON, KATHERINE M", "MRN: 00123456", "DOB: 03/14/1957")}}
	for b.Loop() {
		identifyAt(p, idNow)
	}
}

// A face sheet names other people with the same labels: the emergency
// contact, the guarantor, the next of kin. Their names are not the
// patient's and must never disagree with the patient.
func TestIdentifyOtherPeople(t *testing.T) {
	runIDCases(t, []idCase{
		{"emergency contact", "Name: WHITFIELD, SOFIA J  MRN: 00217797\nEMERGENCY CONTACT\nName: Teresa Whitfield\nPhone: (419) 555-0230",
			[]string{"name=WHITFIELD, SOFIA J", "mrn=00217797"}, nil},
		{"relationship on the line", "MRN: 00217797\nContact Name: Paul Washington Relationship: Son",
			[]string{"mrn=00217797"}, nil},
		{"a city and state before a date of birth", "Eastfield Clinic, 1 Main Street\nMillbrook, Ohio, born 03/14/1957",
			nil, nil},
		{"guarantor self does not hide the patient", "Guarantor: Self\nName: WHITFIELD, SOFIA J\nDOB: 08/26/1966",
			[]string{"name=WHITFIELD, SOFIA J", "dob=1966-08-26"}, nil},
	})
}

// An imprint whose MR label (and the sex after the birth date) was lost:
// its first line is still the numbers line, and the name and birth date
// under it are read.
func TestIdentifyImprintLostLabel(t *testing.T) {
	p := chart.Page{ID: "p", Regions: []chart.RegionRead{{Kind: "imprint", Text: "R 07372979 V078771278\nPETROV, BERNADETTE T\n12/23/1991 2E-19"}}}
	got := foundStrings(identifyAt(p, idNow))
	for _, want := range []string{"name=PETROV, BERNADETTE T", "dob=1991-12-23"} {
		if !slices.Contains(got, want) {
			t.Errorf("got %q, want %s", got, want)
		}
	}
	// The same lines printed as prose are not a label.
	p = chart.Page{ID: "p", Text: "Invoice 07372979 total due\nPETROV, BERNADETTE T\n12/23/1991 F 2E-19"}
	if got := foundStrings(identifyAt(p, idNow)); slices.Contains(got, "dob=1991-12-23") {
		t.Errorf("page text read as an imprint: %q", got)
	}
}
