package filing

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/chartroom/chartroom/chart"
)

func TestJaroWinkler(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		// Published reference values (Winkler 1990 and its common test sets).
		{"MARTHA", "MARHTA", 0.961},
		{"DIXON", "DICKSONX", 0.813},
		{"JELLYFISH", "SMELLYFISH", 0.896},
		{"DWAYNE", "DUANE", 0.840},
		{"JONES", "JOHNSON", 0.832},
		{"ABROMS", "ABRAMS", 0.922},
		{"CRATE", "TRACE", 0.733},
		{"SHACKLEFORD", "SHACKELFORD", 0.982},
		{"LINDQVIST", "LINDQVIST", 1},
		{"PERCY", "PERCIVAL", 0.860},
		{"", "", 1},
		{"ABC", "", 0},
		{"AB", "CD", 0},
		{"ZOË", "ZOE", 0.822}, // runes, not bytes
	} {
		t.Run(tc.a+"/"+tc.b, func(t *testing.T) {
			got := JaroWinkler(tc.a, tc.b)
			if math.Abs(got-tc.want) > 0.0005 {
				t.Fatalf("JaroWinkler(%q, %q) = %.4f, want %.3f", tc.a, tc.b, got, tc.want)
			}
			if back := JaroWinkler(tc.b, tc.a); math.Abs(back-got) > 1e-9 {
				t.Fatalf("not symmetric: %.4f vs %.4f", got, back)
			}
		})
	}
}

func TestSoundex(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"ROBERT", "R163"}, {"RUPERT", "R163"}, {"RUBIN", "R150"},
		{"ASHCRAFT", "A261"}, {"ASHCROFT", "A261"}, {"TYMCZAK", "T522"},
		{"PFISTER", "P236"}, {"HONEYMAN", "H555"}, {"LEE", "L000"},
		{"LINDQVIST", "L532"},
	} {
		if got := mpiSoundex([]byte(tc.name)); string(got[:]) != tc.want {
			t.Errorf("Soundex(%s) = %s, want %s", tc.name, got[:], tc.want)
		}
	}
}

func TestNameKeys(t *testing.T) {
	for _, tc := range []struct{ name, key string }{
		{"Van der Berg", "VANDERBERG"},
		{"VAN DER BERG", "VANDERBERG"},
		{"St. Clair", "STCLAIR"},
		{"Saint Clair", "STCLAIR"},
		{"O'Neil", "ONEIL"},
		{"O’NEIL", "ONEIL"},
		{"Ortiz-Vance", "ORTIZVANCE"},
		{"Müller", "MULLER"},
		{"Łukasz", "LUKASZ"},
		{"Ž", "Z"},
	} {
		if got := string(mpiKey(tc.name)); got != tc.key {
			t.Errorf("key(%q) = %q, want %q", tc.name, got, tc.key)
		}
	}
	if got := mpiParts("Ortiz-Vance"); len(got) != 2 || string(got[1]) != "VANCE" {
		t.Errorf("parts = %q", got)
	}
	if got := mpiParts("van der Berg"); len(got) != 1 || string(got[0]) != "BERG" {
		t.Errorf("parts = %q", got)
	}
}

func TestDOBKeys(t *testing.T) {
	if d := mpiDOB("1981-04-13"); d != 19810413 || mpiTransposed(d) != 0 {
		t.Errorf("13 is no month: %d %d", d, mpiTransposed(d))
	}
	if got := mpiTransposed(mpiDOB("1985-05-04")); got != 19850405 {
		t.Errorf("transposed = %d", got)
	}
	if one, year := mpiOneDigit(19620314, 19520314); !one || !year {
		t.Error("1962/1952 is one year digit")
	}
	if one, _ := mpiOneDigit(19620314, 19620341); one {
		t.Error("two digits differ")
	}
	for _, bad := range []string{"", "1962-3-14", "1962-13-01", "19620314xx", "abcd-ef-gh"} {
		if mpiDOB(bad) != 0 {
			t.Errorf("mpiDOB(%q) != 0", bad)
		}
	}
}

// testPatients is a small synthetic MPI with the hard cases: near-identical
// names, a shared surname, twins, multi-part names.
var testPatients = []chart.Patient{
	{MRN: "00012345", Last: "Quillfeather", First: "Ada", Middle: "M", DOB: "1962-03-14", Sex: "F"},
	{MRN: "00054321", Last: "Lindqvist", First: "Percival", Middle: "N", DOB: "1981-04-13", Sex: "M"},
	{MRN: "00054322", Last: "Lindqvist", First: "Percy", Middle: "N", DOB: "1950-06-07", Sex: "M"},
	{MRN: "00077001", Last: "Nakamura", First: "Hiro", DOB: "1970-01-01", Sex: "M"},
	{MRN: "00077002", Last: "Nakamura", First: "Keiko", DOB: "1972-02-02", Sex: "F"},
	{MRN: "00077003", Last: "Nakamura", First: "Kenji", DOB: "1999-09-09", Sex: "M"},
	{MRN: "00088001", Last: "Ortiz-Vance", First: "Elena", DOB: "1985-05-04", Sex: "F"},
	{MRN: "00088002", Last: "St. Clair", First: "Mary", DOB: "1990-12-01", Sex: "F"},
	{MRN: "00088003", Last: "van der Berg", First: "Anna", DOB: "1977-07-17", Sex: "F"},
	{MRN: "00088004", Last: "O'Neil", First: "Sean", Middle: "P", DOB: "1970-01-02", Sex: "M"},
	{MRN: "00099001", Last: "Doe", First: "Alice", DOB: "2010-05-05", Sex: "F"}, // twins
	{MRN: "00099002", Last: "Doe", First: "Alina", DOB: "2010-05-05", Sex: "F"},
	{MRN: "00125345", Last: "Brightwater", First: "Tobias", DOB: "1944-11-30", Sex: "M"},
	{MRN: "00066001", Last: "Vance", First: "Elena", DOB: "1991-08-08", Sex: "F"},
}

func feed(ps []chart.Patient) func(fn func(chart.Patient) error) error {
	return func(fn func(chart.Patient) error) error {
		for _, p := range ps {
			if err := fn(p); err != nil {
				return err
			}
		}
		return nil
	}
}

func testIndex(t testing.TB) *MPIIndex {
	t.Helper()
	ix, err := NewMPIIndex(feed(testPatients))
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestMPIIndexByMRN(t *testing.T) {
	ix := testIndex(t)
	if ix.Len() != len(testPatients) {
		t.Fatalf("Len = %d", ix.Len())
	}
	for _, p := range testPatients {
		got, ok := ix.ByMRN(p.MRN)
		if !ok || got != p {
			t.Errorf("ByMRN(%s) = %+v, %v", p.MRN, got, ok)
		}
	}
	for _, mrn := range []string{"", "0001234", "000123456", "99999999"} {
		if _, ok := ix.ByMRN(mrn); ok {
			t.Errorf("ByMRN(%q) found a patient", mrn)
		}
	}
}

func TestMPIIndexDuplicateMRN(t *testing.T) {
	ps := []chart.Patient{
		{MRN: "00000001", Last: "Able", First: "Ann", DOB: "1960-01-01"},
		{MRN: "00000001", Last: "Able", First: "Ann", DOB: "1960-01-01"}, // the same row twice: harmless
		{MRN: "00000002", Last: "Baker", First: "Bea", DOB: "1961-01-01"},
		{MRN: "00000002", Last: "Cole", First: "Cy", DOB: "1962-01-01"}, // an overlay in the MPI
	}
	ix, err := NewMPIIndex(feed(ps))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ix.ByMRN("00000001"); !ok {
		t.Error("identical duplicate rows hide the patient")
	}
	if _, ok := ix.ByMRN("00000002"); ok {
		t.Error("an MRN held by two different entries must not resolve")
	}
}

func TestMPIIndexFeedError(t *testing.T) {
	boom := errors.New("catalog gone")
	_, err := NewMPIIndex(func(fn func(chart.Patient) error) error {
		if err := fn(testPatients[0]); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
}

func mrns(ps []chart.Patient) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.MRN)
	}
	return out
}

func TestMPIIndexCandidates(t *testing.T) {
	ix := testIndex(t)
	for _, tc := range []struct {
		name   string
		ids    []Found
		want   []string // must be among the candidates
		absent []string // must not be
	}{
		{"DOB block", []Found{{Kind: FoundDOB, Value: "1962-03-14"}}, []string{"00012345"}, []string{"00054321"}},
		{"DOB transposed", []Found{{Kind: FoundDOB, Value: "1985-04-05"}}, []string{"00088001"}, nil},
		{"phonetic key and initial", []Found{{Kind: FoundName, Value: "LINDKVIST, P"}}, []string{"00054321", "00054322"}, []string{"00012345"}},
		{"last name prefix with a misspelt first letter of the first name", []Found{{Kind: FoundName, Value: "QUILLFEATHR, EDA"}}, []string{"00012345"}, nil},
		{"one word of a hyphenated name", []Found{{Kind: FoundName, Value: "VANCE, ELENA"}}, []string{"00088001", "00066001"}, nil},
		{"MRN", []Found{{Kind: FoundMRN, Value: "00125345"}}, []string{"00125345"}, nil},
		{"nothing", []Found{{Kind: FoundAccount, Value: "1234"}}, nil, testPatientsMRNs()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mrns(ix.Candidates(tc.ids))
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("candidates %v lack %s", got, w)
				}
			}
			for _, a := range tc.absent {
				if slices.Contains(got, a) {
					t.Errorf("candidates %v include %s", got, a)
				}
			}
		})
	}
}

func testPatientsMRNs() []string { return mrns(testPatients) }

func TestMPIIndexRank(t *testing.T) {
	ix := testIndex(t)
	got := ix.Rank([]Found{
		{Kind: FoundName, Value: "LINDQVIST, PERCIVAL N", PageID: "p1"},
		{Kind: FoundDOB, Value: "1981-04-13", PageID: "p1"},
	})
	if len(got) < 2 || got[0].Patient.MRN != "00054321" || got[1].Patient.MRN != "00054322" {
		t.Fatalf("rank = %+v", got)
	}
	if got[0].Confidence < 0.99 || got[1].Confidence > 0.01 || got[0].Weight-got[1].Weight < 20 {
		t.Errorf("weights %.1f %.1f, confidences %.3f %.3f", got[0].Weight, got[1].Weight, got[0].Confidence, got[1].Confidence)
	}
	var kinds []string
	for _, e := range got[0].Evidence {
		kinds = append(kinds, e.Kind)
		if e.PageID != "p1" || e.Note == "" {
			t.Errorf("evidence %+v", e)
		}
	}
	if !slices.Equal(kinds, []string{"name", "dob"}) {
		t.Errorf("evidence kinds %v", kinds)
	}
	if n := got[0].Evidence[0].Note; n != "jaro-winkler last 1.00, first 1.00 (agrees, weight +17.59 bits)" {
		t.Errorf("name note %q", n)
	}
	// Equal evidence for two patients: they share the probability.
	twins := ix.Rank([]Found{{Kind: FoundName, Value: "DOE, A"}, {Kind: FoundDOB, Value: "2010-05-05"}})
	if len(twins) < 2 || math.Abs(twins[0].Confidence-twins[1].Confidence) > 1e-9 || twins[0].Confidence > 0.5 {
		t.Errorf("twins by initial: %+v", twins)
	}
}
