package catalog

import (
	"strings"
	"testing"
)

func TestReadMPI(t *testing.T) {
	csv := "mrn,last_name,first_name,middle_name,dob,sex\n" +
		"00012345,Quillfeather,Ada,M,1962-03-14,F\n" +
		"00012346,Ortiz-Vance,Bo,,1990-01-31,M\n" +
		"ABC,Nope,No,,1990-01-01,M\n" +
		"00012347,Date,Bad,,03/14/1962,F\n" +
		"00012348,Short,Row\n" +
		"00012345,Repeat,Ada,,1962-03-14,F\n" +
		"00012349,,Missing,,1962-03-14,F\n"
	good, bad, err := ReadPatientsCSV(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	if len(good) != 2 || good[1].Last != "Ortiz-Vance" {
		t.Fatalf("good = %+v", good)
	}
	wantLines := []string{"line 4: mrn must be digits", "line 5: dob", "line 6: 3 fields", "line 7: MRN repeats line 2", "line 8: last_name"}
	if len(bad) != len(wantLines) {
		t.Fatalf("bad = %q", bad)
	}
	for i, w := range wantLines {
		if !strings.HasPrefix(bad[i], w) {
			t.Errorf("bad[%d] = %q, want prefix %q", i, bad[i], w)
		}
		if strings.Contains(bad[i], "Quillfeather") || strings.Contains(bad[i], "1962") {
			t.Errorf("bad-row message carries PHI: %q", bad[i])
		}
	}
	if _, _, err := ReadPatientsCSV(strings.NewReader("id,name\n1,x\n")); err == nil {
		t.Fatal("wrong header accepted")
	}
}
