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
		{"flags after arguments", nil, []string{"d_1", "--data", "/tmp/y", "x"}, "/tmp/y", 10 * time.Second, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			var c common
			c.register(fs)
			poll := fs.Duration("poll", 10*time.Second, "")
			pos, err := parse(fs, tc.args)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if tc.wantErr {
				return
			}
			if tc.name == "flags after arguments" && strings.Join(pos, " ") != "d_1 x" {
				t.Fatalf("positional = %q", pos)
			}
			if c.data != tc.data || *poll != tc.poll {
				t.Fatalf("data %q poll %v, want %q %v", c.data, *poll, tc.data, tc.poll)
			}
		})
	}
}
