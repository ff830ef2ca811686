package main

import (
	"bytes"
	"context"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chartroom/chartroom/ingest/pagefile"
	"github.com/chartroom/chartroom/pipeline"
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

func TestWaitComplete(t *testing.T) {
	dir := t.TempDir()
	batch := filepath.Join(dir, "b")
	os.MkdirAll(batch, 0o755)
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 40, 40)))
	whole := buf.Bytes()
	os.WriteFile(filepath.Join(batch, "0001.png"), whole[:len(whole)/2], 0o644)
	cfg := pipeline.Config{Limits: pagefile.DefaultLimits()}
	// Half-written: not complete however quiet it is.
	ctx, cancel := context.WithTimeout(context.Background(), 800*time.Millisecond)
	defer cancel()
	if err := waitComplete(ctx, batch, 100*time.Millisecond, cfg); err == nil {
		t.Fatal("a half-written batch was taken as complete")
	}
	// Written in full: complete after the quiet period.
	os.WriteFile(filepath.Join(batch, "0001.png"), whole, 0o644)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel2()
	if err := waitComplete(ctx2, batch, 100*time.Millisecond, cfg); err != nil {
		t.Fatalf("complete batch: %v", err)
	}
}
