package ingest

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestNaturalLess(t *testing.T) {
	in := []string{"page10.png", "page2.png", "page1.png", "0003.png", "0001.png", "a/p2.png", "a/p10.png", "B.png", "page02.png"}
	sort.Slice(in, func(i, j int) bool { return NaturalLess(in[i], in[j]) })
	want := "0001.png 0003.png B.png a/p2.png a/p10.png page1.png page2.png page02.png page10.png"
	if got := strings.Join(in, " "); got != want {
		t.Fatalf("order:\n got %s\nwant %s", got, want)
	}
}

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPageFilesAndManifest(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"p10.png", "p2.png", "READY", "Thumbs.db", "sub/p1.png"} {
		write(t, filepath.Join(dir, "b", n), []byte(n))
	}
	names, err := PageFiles(filepath.Join(dir, "b"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(names, ","); got != "p2.png,p10.png,sub/p1.png" {
		t.Fatalf("PageFiles = %s", got)
	}
	m1, err := Manifest(context.Background(), filepath.Join(dir, "b"))
	if err != nil || len(m1) != 3 || m1[0].Size != 6 || len(m1[0].SHA256) != 64 {
		t.Fatalf("Manifest = %+v, %v", m1, err)
	}
	k1 := Key("b", m1)
	write(t, filepath.Join(dir, "b", "p2.png"), []byte("changed"))
	m2, _ := Manifest(context.Background(), filepath.Join(dir, "b"))
	if Key("b", m2) == k1 {
		t.Fatal("key did not change with content")
	}
	if Key("other", m1) == k1 {
		t.Fatal("key did not change with name")
	}
	if _, err := PageFiles(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "disappeared") {
		t.Fatalf("missing batch err = %v", err)
	}
	write(t, filepath.Join(dir, "empty", "READY"), nil)
	if _, err := PageFiles(filepath.Join(dir, "empty")); err == nil || !strings.Contains(err.Error(), "no page files") {
		t.Fatalf("empty batch err = %v", err)
	}
}

func TestMoveKeepsEverything(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "in", "batch")
	write(t, filepath.Join(src, "a.png"), []byte("a"))
	dst, err := Move(src, filepath.Join(dir, "failed"), "error.txt", "a.png: the file is empty")
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dst, "a.png")); string(b) != "a" {
		t.Fatal("file not moved")
	}
	if b, _ := os.ReadFile(filepath.Join(dst, "error.txt")); !strings.Contains(string(b), "the file is empty") {
		t.Fatalf("note = %q", b)
	}
	// A second batch of the same name does not overwrite the first.
	write(t, filepath.Join(src, "b.png"), []byte("b"))
	dst2, err := Move(src, filepath.Join(dir, "failed"), "", "")
	if err != nil || dst2 == dst {
		t.Fatalf("second move = %s, %v", dst2, err)
	}
	if _, err := os.Stat(filepath.Join(dst, "a.png")); err != nil {
		t.Fatal("first batch lost")
	}
	// A single-file batch gets its note beside it.
	f := filepath.Join(dir, "in", "scan.tif")
	write(t, f, []byte("tif"))
	dst3, err := Move(f, filepath.Join(dir, "failed"), "error.txt", "why")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dst3 + ".error.txt"); err != nil {
		t.Fatal("note beside the file missing")
	}
}

func TestWatcherHandsOverCompleteBatches(t *testing.T) {
	for _, pollOnly := range []bool{false, true} {
		name := "fsnotify"
		if pollOnly {
			name = "polling"
		}
		t.Run(name, func(t *testing.T) {
			inbox := t.TempDir()
			w := &Watcher{Inbox: inbox, Quiet: 300 * time.Millisecond, Poll: 200 * time.Millisecond, Stale: time.Hour, PollOnly: pollOnly}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			ready := make(chan string, 10)
			go w.Run(ctx, ready)
			time.Sleep(100 * time.Millisecond)

			// 1. A half-written file never goes over, however long it is quiet.
			half := pngBytes(t, 50, 60)
			write(t, filepath.Join(inbox, "half", "0001.png"), half[:len(half)/2])
			// 2. A marker hands a batch over without waiting.
			write(t, filepath.Join(inbox, "marked", "0001.png"), pngBytes(t, 40, 40))
			write(t, filepath.Join(inbox, "marked", "READY"), nil)
			// 3. A quiet, decodable batch goes over after the quiet period.
			write(t, filepath.Join(inbox, "quiet", "0001.png"), pngBytes(t, 40, 40))
			// 4. A multi-page file directly in the inbox is a batch of its own.
			write(t, filepath.Join(inbox, "scan.png"), pngBytes(t, 40, 40))
			// Temporary names are not batches.
			write(t, filepath.Join(inbox, "copying.tmp"), []byte("x"))

			got := map[string]bool{}
			deadline := time.After(20 * time.Second)
			for len(got) < 3 {
				select {
				case p := <-ready:
					if got[filepath.Base(p)] {
						t.Fatalf("%s handed over twice", p)
					}
					got[filepath.Base(p)] = true
				case <-deadline:
					t.Fatalf("handed over only %v", got)
				}
			}
			for _, want := range []string{"marked", "quiet", "scan.png"} {
				if !got[want] {
					t.Errorf("%s not handed over (got %v)", want, got)
				}
			}
			// The half-written batch completes: now it goes over.
			write(t, filepath.Join(inbox, "half", "0001.png"), half)
			select {
			case p := <-ready:
				if filepath.Base(p) != "half" {
					t.Fatalf("unexpected %s", p)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("completed batch not handed over")
			}
			select {
			case p := <-ready:
				t.Fatalf("unexpected extra hand-over of %s", p)
			case <-time.After(time.Second):
			}
		})
	}
}
