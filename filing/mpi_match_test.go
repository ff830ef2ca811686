package filing

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/chart"
)

func textPages(texts ...string) []chart.Page {
	var out []chart.Page
	for i, s := range texts {
		out = append(out, chart.Page{ID: fmt.Sprint("p", i+1), Text: s, Role: chart.RoleContent})
	}
	return out
}

func TestMPIMatcher(t *testing.T) {
	m := MPIMatcher{Index: testIndex(t)}
	const auto = 0.95 // DefaultPolicy's threshold
	for _, tc := range []struct {
		name       string
		pages      []string
		mrn        string  // expected patient; "" none
		conflict   bool    // expected Conflict
		lo, hi     float64 // lo ≤ confidence < hi
		candidates []string
	}{
		// Deterministic: MRN plus a second identifier.
		{"MRN, name and DOB", []string{"Name: QUILLFEATHER, ADA M  MRN: 00012345  DOB: 03/14/1962"}, "00012345", false, 0.99, 1.01, nil},
		{"MRN and name", []string{"Patient: Ada Quillfeather MRN: 00012345"}, "00012345", false, 0.97, 0.98, nil},
		{"MRN and DOB", []string{"MRN: 00012345 DOB: 14-Mar-1962"}, "00012345", false, 0.97, 0.98, nil},
		{"MRN and first initial", []string{"Name: QUILLFEATHER, A  MRN: 00012345"}, "00012345", false, 0.97, 0.98, nil},
		{"MRN and name with an OCR slip", []string{"Name: QUILLFEATHFR, ADA  MRN: 00012345"}, "00012345", false, 0.97, 0.98, nil},
		{"MRN with OCR confusions", []string{"Name: BRIGHTWATER, TOBIAS  MR#: OOl2S345"}, "00125345", false, 0.97, 0.98, nil},
		{"hyphenated name", []string{"Patient Name: ORTIZ-VANCE, ELENA  MRN: 00088001  DOB: 05/04/1985"}, "00088001", false, 0.99, 1.01, nil},
		{"hyphen lost", []string{"Patient Name: ORTIZ VANCE, ELENA  MRN: 00088001"}, "00088001", false, 0.97, 0.98, nil},
		{"one word of a hyphenated name is not enough", []string{"Name: VANCE, ELENA  MRN: 00088001"}, "00088001", false, 0, auto, nil},
		{"ST. CLAIR", []string{"Name: ST. CLAIR, MARY  MRN: 00088002"}, "00088002", false, 0.97, 0.98, nil},
		{"Saint Clair", []string{"Patient: Mary Saint Clair  MRN: 00088002"}, "00088002", false, 0.97, 0.98, nil},
		{"VAN DER BERG", []string{"Patient Name: VAN DER BERG, ANNA  MRN: 00088003"}, "00088003", false, 0.97, 0.98, nil},
		{"O'NEIL", []string{"Name: O'NEIL, SEAN P  MRN: 00088004  DOB: 01/02/1970  Sex: M"}, "00088004", false, 0.99, 1.01, nil},

		// One identifier never files.
		{"MRN alone", []string{"MRN: 00012345"}, "00012345", false, 0, auto, nil},
		{"MRN and a last name only", []string{"Patient Name: QUILLFEATHER  MRN: 00012345"}, "00012345", false, 0, auto, nil},
		{"name alone", []string{"Patient: Ada Quillfeather"}, "00012345", false, 0, auto, nil},
		{"DOB alone", []string{"DOB: 03/14/1962"}, "00012345", false, 0, auto, nil},

		// Partial agreement goes to review.
		{"DOB day and month transposed, with MRN", []string{"Name: ORTIZ-VANCE, ELENA  MRN: 00088001  DOB: 04/05/1985"}, "00088001", false, 0, auto, nil},
		{"DOB day and month transposed, no MRN", []string{"Name: ORTIZ-VANCE, ELENA  DOB: 04/05/1985"}, "00088001", false, 0, auto, nil},
		{"DOB year off by one digit, with MRN and name", []string{"Name: QUILLFEATHER, ADA  MRN: 00012345  DOB: 03/14/1952"}, "00012345", false, 0, auto, nil},
		{"sex differs", []string{"Name: QUILLFEATHER, ADA  MRN: 00012345  DOB: 03/14/1962  Sex: M"}, "00012345", false, 0, auto, nil},

		// Probabilistic, no MRN.
		{"name and DOB", []string{"Name: QUILLFEATHER, ADA  DOB: 03/14/1962"}, "00012345", false, auto, 0.97, nil},
		{"near-identical names: DOB decides", []string{"Name: LINDQVIST, PERCIVAL N  DOB: 04/13/1981"}, "00054321", false, auto, 0.97, nil},
		{"near-identical names: the other DOB", []string{"Name: LINDQVIST, PERCY N  DOB: 06/07/1950"}, "00054322", false, auto, 0.97, nil},
		{"near-identical names: nickname with the other's DOB", []string{"Name: LINDQVIST, PERCY N  DOB: 04/13/1981"}, "00054321", false, 0, auto, nil},
		{"near-identical names: initial, no DOB", []string{"Name: LINDQVIST, P N"}, "", false, 0, auto, nil},
		{"near-identical names: initial and DOB", []string{"Name: LINDQVIST, P  DOB: 04/13/1981"}, "00054321", false, 0, auto, nil},
		{"shared last name: full name and DOB", []string{"Name: NAKAMURA, KEIKO  DOB: 02/02/1972"}, "00077002", false, auto, 0.97, nil},
		{"shared last name: initial K, two Nakamuras", []string{"Name: NAKAMURA, K"}, "", false, 0, auto, nil},
		{"shared last name alone", []string{"Patient Name: NAKAMURA"}, "", false, 0, auto, nil},
		{"twins: full name and DOB", []string{"Name: DOE, ALICE  DOB: 05/05/2010"}, "00099001", false, auto, 0.97, nil},
		{"twins: misread first name", []string{"Name: DOE, ALIXE  DOB: 05/05/2010"}, "", false, 0, auto, nil},
		{"twins: initial", []string{"Name: DOE, A  DOB: 05/05/2010"}, "", false, 0, auto, nil},
		{"hyphenated, no MRN", []string{"Name: ORTIZ-VANCE, ELENA  DOB: 05/04/1985"}, "00088001", false, auto, 0.97, nil},
		{"MRN not in the MPI", []string{"Name: QUILLFEATHER, ADA  MRN: 00099999  DOB: 03/14/1962"}, "00012345", false, 0, auto, nil},
		{"nobody fits", []string{"Name: ZZYZX, QWERTY  DOB: 01/01/1901"}, "", false, 0, auto, nil},
		{"no identifiers", []string{"Progress note\nDoing well."}, "", false, 0, auto, nil},
		{"name fits, DOB does not", []string{"Name: BRIGHTWATER, TOBIAS  DOB: 07/07/1977"}, "00125345", false, 0, auto, nil},

		// Conflicts.
		{"MRN of one patient with the name of another", []string{"Name: LINDQVIST, PERCY N  MRN: 00012345  DOB: 06/07/1950"},
			"00012345", true, 0, 0.5, []string{"00012345", "00054322"}},
		{"MRN of one patient with another's name only", []string{"Name: NAKAMURA, HIRO  MRN: 00012345"}, "00012345", true, 0, 0.5, []string{"00012345", "00077001"}},
		{"MRN and name agree, DOB is someone else's", []string{"Name: QUILLFEATHER, ADA  MRN: 00012345  DOB: 01/01/1970"}, "00012345", true, 0, 0.5, nil},
		{"pages with different MRNs", []string{"Name: QUILLFEATHER, ADA  MRN: 00012345", "Name: LINDQVIST, PERCIVAL  MRN: 00054321"},
			"", true, 0, 0.5, []string{"00012345", "00054321"}},
		{"same MRN, another patient's name on a later page", []string{"Name: QUILLFEATHER, ADA  MRN: 00012345  DOB: 03/14/1962", "Name: LINDQVIST, PERCIVAL N  MRN: 00012345"},
			"00012345", true, 0, 0.5, []string{"00012345", "00054321"}},
		{"no MRN, pages name different patients", []string{"Name: QUILLFEATHER, ADA  DOB: 03/14/1962", "Name: NAKAMURA, KEIKO  DOB: 02/02/1972"},
			"", true, 0, 0.5, []string{"00077002"}},
		{"MRN in the MPI and one unknown, not a misreading", []string{"MRN: 00012345 Name: QUILLFEATHER, ADA", "MRN: 55500000"}, "00012345", true, 0, 0.5, nil},

		// Multi-page documents that agree.
		{"continuation page with name and MRN", []string{"Name: QUILLFEATHER, ADA M  MRN: 00012345  DOB: 03/14/1962", "Name: QUILLFEATHER, ADA  MRN: 00012345", "Page 3 of 3"},
			"00012345", false, 0.99, 1.01, nil},
		{"continuation page names the patient by initial", []string{"Name: QUILLFEATHER, ADA M  MRN: 00012345  DOB: 03/14/1962", "QUILLFEATHER, A  MRN: 00012345"},
			"00012345", false, 0.99, 1.01, nil},
		{"MRN misread on a page that names the patient", []string{"Name: QUILLFEATHER, ADA  MRN: 00012345  DOB: 03/14/1962", "Name: QUILLFEATHER, ADA  MRN: 00012845"},
			"00012345", false, 0.99, 1.01, nil},
		{"MRN misread on a page with nothing else", []string{"Name: QUILLFEATHER, ADA  MRN: 00012345  DOB: 03/14/1962", "MRN: 00012845"},
			"00012345", false, 0, auto, nil},
		{"MRN misread by two digits in a footer that names the patient", []string{"Name: QUILLFEATHER, ADA  MRN: 00012345  DOB: 03/14/1962\nPage 1 of 1 QUILLFEATHER, ADA MRN 66012345"},
			"00012345", false, 0.99, 1.01, nil},
		{"MRN two digits off on a page with nothing else", []string{"Name: QUILLFEATHER, ADA  MRN: 00012345  DOB: 03/14/1962", "MRN: 66012345"},
			"00012345", true, 0, 0.5, nil},
		{"a second reading of the label misreads the MRN on a page that confirms the patient", []string{"Name: QUILLFEATHER, ADA  MRN: 00012345  DOB: 03/14/1962\nMRN: 66712345"},
			"00012345", false, 0.99, 1.01, nil},
		{"unknown MRN on a page with the patient's name but without their MRN", []string{"Name: QUILLFEATHER, ADA  MRN: 00012345  DOB: 03/14/1962", "Name: QUILLFEATHER, ADA  MRN: 66712345"},
			"00012345", true, 0, 0.5, nil},
		{"DOB read twice on the label, once a digit off", []string{"Name: QUILLFEATHER, ADA  MRN: 00012345  DOB: 03/14/1962\nDOB: 03/14/1968"},
			"00012345", false, 0.99, 1.01, nil},
		{"DOB a digit off on another page whose MRN and name agree", []string{"Name: QUILLFEATHER, ADA  MRN: 00012345  DOB: 03/14/1962", "Name: QUILLFEATHER, ADA  MRN: 00012345  DOB: 03/14/1968"},
			"00012345", false, 0, auto, nil},
		{"DOB a digit off on a page with the MRN only", []string{"Name: QUILLFEATHER, ADA  MRN: 00012345  DOB: 03/14/1962", "MRN: 00012345  DOB: 03/14/1968"},
			"00012345", false, 0, auto, nil},
		{"MRN misread on a page naming someone else", []string{"Name: QUILLFEATHER, ADA  MRN: 00012345  DOB: 03/14/1962", "Name: LINDQVIST, PERCIVAL N  MRN: 00012845"},
			"00012345", true, 0, 0.5, nil},

		// An unlabelled number only confirms a name and date of birth.
		{"unlabelled number is the patient's MRN", []string{"Name: QUILLFEATHER, ADA  DOB: 03/14/1962\nDISCHARGE SUMMARY wen: 00012345"}, "00012345", false, 0.97, 0.98, nil},
		{"unlabelled number alone", []string{"DISCHARGE SUMMARY wen: 00012345"}, "", false, 0, auto, nil},
		{"unlabelled number with a name only", []string{"Name: QUILLFEATHER, ADA\nNOTE wen: 00012345"}, "00012345", false, 0, auto, nil},
		{"unlabelled number of another patient is not confirmation", []string{"Name: QUILLFEATHER, ADA  DOB: 03/14/1962\nNOTE wen: 00054321"}, "00012345", false, 0, 0.965, nil},
		// A name read without a label (over a label's MRN line) that no
		// MPI patient bears is a heading, not another patient.
		{"unlabelled heading over the label", []string{"SPECIALIST OPINION\nMRN: 00012345\nName: QUILLFEATHER, ADA  DOB: 03/14/1962"},
			"00012345", false, 0.99, 1.01, nil},
		{"unlabelled name of another MPI patient over the label", []string{"NAKAMURA, HIRO\nMRN: 00012345\nDOB: 03/14/1962"},
			"00012345", true, 0, 0.5, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := m.Match(context.Background(), textPages(tc.pages...))
			if err != nil {
				t.Fatal(err)
			}
			explain := func() string {
				var sb strings.Builder
				for _, e := range got.Evidence {
					fmt.Fprintf(&sb, "\n  %s %q %s %s", e.Kind, e.Value, e.PageID, e.Note)
				}
				return sb.String()
			}
			conf, mrn := 0.0, ""
			if got.Patient != nil {
				conf, mrn = got.Patient.Confidence, got.Patient.MRN
			}
			if tc.mrn != "" && mrn != tc.mrn {
				t.Errorf("patient %q, want %q%s", mrn, tc.mrn, explain())
			}
			if got.Conflict != tc.conflict {
				t.Errorf("conflict %v, want %v%s", got.Conflict, tc.conflict, explain())
			}
			if conf < tc.lo || conf >= tc.hi {
				t.Errorf("confidence %.3f, want [%.2f, %.2f)%s", conf, tc.lo, tc.hi, explain())
			}
			var cands []string
			for _, e := range got.Evidence {
				if e.Kind == "candidate" {
					cands = append(cands, e.Value)
				}
			}
			for _, c := range tc.candidates {
				if !slices.Contains(cands, c) {
					t.Errorf("candidates %v lack %s%s", cands, c, explain())
				}
			}
			if !slices.ContainsFunc(got.Evidence, func(e chart.Evidence) bool { return e.Kind == "match" && e.Note != "" }) {
				t.Errorf("no decision in the evidence%s", explain())
			}
		})
	}
}

// A document can only be filed automatically when the policy agrees; the
// matcher plugs into the existing Policy unchanged.
func TestMPIMatcherWithPolicy(t *testing.T) {
	m := MPIMatcher{Index: testIndex(t)}
	pol := DefaultPolicy()
	typ := chart.TypeGuess{DocType: chart.DocType{Code: "18842-5"}, Confidence: 0.97}
	for _, tc := range []struct {
		name   string
		pages  []string
		status chart.Status
		reason chart.Reason
	}{
		{"filed", []string{"Name: QUILLFEATHER, ADA  MRN: 00012345"}, chart.StatusFiled, ""},
		{"MRN alone", []string{"MRN: 00012345"}, chart.StatusReview, chart.ReasonPatientLowConfidence},
		{"wrong label", []string{"Name: NAKAMURA, HIRO  MRN: 00012345"}, chart.StatusReview, chart.ReasonPatientConflict},
		{"nothing", []string{"Doing well."}, chart.StatusReview, chart.ReasonPatientNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			match, err := m.Match(context.Background(), textPages(tc.pages...))
			if err != nil {
				t.Fatal(err)
			}
			d := chart.Document{Type: typ}
			pol.Decide(&d, Segment{Confidence: 1}, match, 0.9)
			if d.Status != tc.status || (tc.reason != "" && !slices.Contains(d.Reasons, tc.reason)) {
				t.Fatalf("status %s reasons %v, want %s %s", d.Status, d.Reasons, tc.status, tc.reason)
			}
		})
	}
}

func TestMPIMatcherWords(t *testing.T) {
	// A sticker in the corner, read from word boxes.
	m := MPIMatcher{Index: testIndex(t)}
	p := chart.Page{ID: "w1", Words: words(
		"NORTHFIELD GENERAL HOSPITAL          PATIENT NAME            MRN",
		"PROGRESS NOTE                        LINDQVIST, PERCY N      00054322",
		"                                     DOB: 06/07/1950",
	)}
	got, err := m.Match(context.Background(), []chart.Page{p})
	if err != nil || got.Patient == nil || got.Patient.MRN != "00054322" || got.Patient.Confidence < 0.99 || got.Conflict {
		t.Fatalf("match = %+v, %v", got, err)
	}
	for _, e := range got.Evidence {
		if e.Kind == FoundMRN && e.PageID != "w1" {
			t.Errorf("evidence without its page: %+v", e)
		}
	}
}

func TestMPIMatcherErrors(t *testing.T) {
	if _, err := (MPIMatcher{}).Match(context.Background(), nil); !errors.Is(err, ErrNoMPIIndex) {
		t.Errorf("no index: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (MPIMatcher{Index: testIndex(t)}).Match(ctx, textPages("MRN: 00012345")); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestMPIMatcherMaxProbabilistic(t *testing.T) {
	m := MPIMatcher{Index: testIndex(t), MaxProbabilistic: 0.9}
	got, _ := m.Match(context.Background(), textPages("Name: QUILLFEATHER, ADA  DOB: 03/14/1962"))
	if got.Patient == nil || got.Patient.Confidence > 0.9 {
		t.Fatalf("match = %+v", got.Patient)
	}
	got, _ = m.Match(context.Background(), textPages("Name: QUILLFEATHER, ADA  DOB: 03/14/1962 MRN: 00012345"))
	if got.Patient == nil || got.Patient.Confidence < 0.99 {
		t.Fatalf("deterministic match is not capped: %+v", got.Patient)
	}
}

// The index is immutable: one matcher serves every worker.
func TestMPIMatcherConcurrent(t *testing.T) {
	m := MPIMatcher{Index: testIndex(t)}
	pages := textPages("Name: LINDQVIST, PERCIVAL N  DOB: 04/13/1981")
	done := make(chan string)
	for range 8 {
		go func() {
			mrn := ""
			for range 50 {
				got, err := m.Match(context.Background(), pages)
				if err != nil || got.Patient == nil {
					mrn = "error"
					break
				}
				mrn = got.Patient.MRN
			}
			done <- mrn
		}()
	}
	for range 8 {
		if mrn := <-done; mrn != "00054321" {
			t.Errorf("worker got %q", mrn)
		}
	}
}

func TestMPIMatcherCoverMRNAsIdentifier(t *testing.T) {
	m := MPIMatcher{Index: testIndex(t)}
	page := Identify(textPages("Name: QUILLFEATHER, ADA  DOB: 03/14/1962")[0])
	cover := Found{Kind: FoundMRN, Value: "00012345", Label: "cover barcode"}
	got := m.MatchIdentifiers(append(page, cover))
	if got.Patient == nil || got.Patient.MRN != "00012345" || got.Patient.Confidence < 0.99 || got.Conflict {
		t.Fatalf("cover agrees with the pages: %+v", got.Patient)
	}
	cover.Value = "00054321"
	if got := m.MatchIdentifiers(append(page, cover)); !got.Conflict {
		t.Fatalf("cover names another patient: %+v", got.Patient)
	}
	if got := m.MatchIdentifiers([]Found{cover}); got.Patient == nil || got.Patient.Confidence >= 0.95 {
		t.Fatalf("cover MRN alone: %+v", got.Patient)
	}
}

func TestBareLastNameIsNeutral(t *testing.T) {
	m := testMatcher(t, chart.Patient{MRN: "00540599", Last: "Vasquez", First: "Ingrit", DOB: "2008-12-20", Sex: "F"},
		chart.Patient{MRN: "00878431", Last: "Vasquez", First: "Ingrid", DOB: "1997-05-06", Sex: "F"})
	for _, tc := range []struct {
		name   string
		text   string
		filed  bool
		reason string
	}{
		{"MRN and DOB agree, OCR lost the first name", "Name: VASQUEZ\nMRN: 00540599\nDOB: 12/20/2008", true, ""},
		{"MRN and DOB agree, the last name is another", "Name: VASQUES\nMRN: 00540599\nDOB: 12/20/2008", false, ""},
		{"MRN alone with a bare last name", "Name: VASQUEZ\nMRN: 00540599", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			match, err := m.Match(context.Background(), textPages(tc.text))
			if err != nil {
				t.Fatal(err)
			}
			filed := match.Patient != nil && match.Patient.MRN == "00540599" && match.Patient.Confidence >= 0.95 && !match.Conflict
			if filed != tc.filed {
				t.Fatalf("match %+v conflict %v: filed = %v, want %v", match.Patient, match.Conflict, filed, tc.filed)
			}
		})
	}
}

// Without an MPI index nobody is identified: Match says so with an error,
// MatchIdentifiers (which the Filer calls) with no patient, so the
// document goes to review rather than panicking.
func TestMatchIdentifiersWithoutIndex(t *testing.T) {
	ids := []Found{{Kind: FoundMRN, Value: "00012345"}, {Kind: FoundName, Value: "QUILLFEATHER, ADA"}}
	if m := (MPIMatcher{}).MatchIdentifiers(ids); m.Patient != nil || m.Conflict {
		t.Fatalf("match without an index: %+v", m)
	}
	if _, err := (MPIMatcher{}).Match(context.Background(), textPages("MRN: 00012345")); !errors.Is(err, ErrNoMPIIndex) {
		t.Fatalf("Match without an index: %v", err)
	}
}
