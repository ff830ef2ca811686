package main

import (
	"flag"
	"strings"
	"testing"
	"time"
)

func TestFlagsFromEnvironment(t *testing.T) {
	for _, tc := range []struct {
		name    string
		env     map[string]string
		args    []string
		data    string
		poll    time.Duration
		wantErr bool
	}{
		{"defaults", nil, nil, "./data", 10 * time.Second, false},
		{"env sets flags", map[string]string{"CHARTROOM_DATA": "/srv/chartroom", "CHARTROOM_POLL": "3s"}, nil, "/srv/chartroom", 3 * time.Second, false},
		{"command line wins", map[string]string{"CHARTROOM_DATA": "/srv/chartroom"}, []string{"--data", "/tmp/x"}, "/tmp/x", 10 * time.Second, false},
		{"bad env value is an error", map[string]string{"CHARTROOM_POLL": "often"}, nil, "./data", 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			var c common
			c.register(fs)
			poll := fs.Duration("poll", 10*time.Second, "")
			err := parse(fs, tc.args)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if tc.wantErr {
				return
			}
			if c.data != tc.data || *poll != tc.poll {
				t.Fatalf("data %q poll %v, want %q %v", c.data, *poll, tc.data, tc.poll)
			}
		})
	}
}

func TestReadMPI(t *testing.T) {
	csv := "mrn,last_name,first_name,middle_name,dob,sex\n" +
		"00012345,Quillfeather,Ada,M,1962-03-14,F\n" +
		"00012346,Ortiz-Vance,Bo,,1990-01-31,M\n" +
		"ABC,Nope,No,,1990-01-01,M\n" +
		"00012347,Date,Bad,,03/14/1962,F\n" +
		"00012348,Short,Row\n" +
		"00012345,Repeat,Ada,,1962-03-14,F\n" +
		"00012349,,Missing,,1962-03-14,F\n"
	good, bad, err := readMPI(strings.NewReader(csv))
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
	if _, _, err := readMPI(strings.NewReader("id,name\n1,x\n")); err == nil {
		t.Fatal("wrong header accepted")
	}
}
