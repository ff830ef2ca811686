package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chartroom/chartroom/export"
	"github.com/chartroom/chartroom/ocr"
)

func TestMain(m *testing.M) {
	if err := ocr.LimitThreads(); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// syncBuffer is a bytes.Buffer safe for the server goroutine to write
// while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeWatchesInboxAndShutsDown runs `chartroom serve` in-process:
// the MPI is imported with the CLI, a batch is dropped into the inbox with a
// READY marker, and the service must file it, archive the folder, serve it
// over the API, and stop cleanly on cancellation.
func TestServeWatchesInboxAndShutsDown(t *testing.T) {
	if testing.Short() {
		t.Skip("runs real Tesseract; skipped with -short")
	}
	data := t.TempDir()
	var out, errs syncBuffer
	if err := run(context.Background(), []string{"patients", "import", "--data", data, "../../samples/mpi.csv"}, &out, &errs); err != nil {
		t.Fatal(err, errs.String())
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--data", data, "--addr", "127.0.0.1:0", "--quiet", "500ms", "--poll", "1s", "--workers", "2"}, &out, &errs)
	}()
	var base string
	re := regexp.MustCompile(`http:\s+(http://\S+)/`)
	for deadline := time.Now().Add(30 * time.Second); base == ""; time.Sleep(100 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s\n%s", out.String(), errs.String())
		}
	}
	// Drop a batch: files first, the READY marker last, as a scanner does.
	batch := filepath.Join(data, "inbox", "ward4-discharge-0001")
	os.MkdirAll(batch, 0o755)
	src := "../../samples/batches/ward4-discharge-0001"
	entries, _ := os.ReadDir(src)
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(src, e.Name()))
		os.WriteFile(filepath.Join(batch, e.Name()), b, 0o644)
	}
	os.WriteFile(filepath.Join(batch, "READY"), nil, 0o644)

	var ex export.Export
	for deadline := time.Now().Add(3 * time.Minute); len(ex.Documents) == 0; time.Sleep(time.Second) {
		if time.Now().After(deadline) {
			t.Fatalf("batch not processed:\n%s", errs.String())
		}
		resp, err := http.Get(base + "/api/v1/export")
		if err != nil {
			t.Fatal(err)
		}
		json.NewDecoder(resp.Body).Decode(&ex)
		resp.Body.Close()
	}
	d := ex.Documents[0]
	if d.Batch != "ward4-discharge-0001" || len(d.Pages) != 3 || d.Object == "" {
		t.Fatalf("document %+v", d)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(data, "archive", "ward4-discharge-0001", "0001.png")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("batch folder not moved to archive/")
		}
	}
	if _, err := os.Stat(batch); !os.IsNotExist(err) {
		t.Fatal("batch folder still in the inbox")
	}
	// While serve holds the index, the CLI search asks serve.
	var sout, serr syncBuffer
	addr := strings.TrimPrefix(base, "http://")
	if err := run(context.Background(), []string{"search", "--data", data, "--addr", addr, "cholecystectomy"}, &sout, &serr); err != nil ||
		!strings.Contains(sout.String(), "1 documents match") {
		t.Fatalf("search while serving: %v\n%s%s", err, sout.String(), serr.String())
	}
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	var m bytes.Buffer
	m.ReadFrom(resp.Body)
	resp.Body.Close()
	if !regexp.MustCompile(`chartroom_pages_ingested_total 3\b`).MatchString(m.String()) {
		t.Errorf("metrics do not count 3 pages:\n%s", m.String())
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(90 * time.Second):
		t.Fatal("serve did not stop after cancellation")
	}
	// Logs carry ids, never the patient's identifiers.
	for _, phi := range []string{"00638288", "LINDQVIST", "Lindqvist", "1981"} {
		if bytes.Contains([]byte(errs.String()), []byte(phi)) {
			t.Errorf("log contains PHI %q", phi)
		}
	}
}

// TestDamagedIndexIsRebuilt: the index is derived data, so an unreadable
// one is set aside and rebuilt from the catalog instead of stopping work.
func TestDamagedIndexIsRebuilt(t *testing.T) {
	if testing.Short() {
		t.Skip("runs real Tesseract; skipped with -short")
	}
	data := t.TempDir()
	cli := cliIn(context.Background(), data)
	if out, err := cli("ingest", "../../samples/batches/lab-results-0003.pdf"); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(data, "index.bleve", "index_meta.json"), []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := cli("search", "potassium")
	if err != nil || !strings.Contains(out, "1 documents match") {
		t.Fatalf("search on a damaged index: %v\n%s", err, out)
	}
	aside, _ := filepath.Glob(filepath.Join(data, "index.bleve.damaged-*"))
	if len(aside) != 1 {
		t.Fatalf("damaged index not kept aside: %v", aside)
	}
}

// cliIn runs chartroom commands on data, returning stdout and stderr
// together.
func cliIn(ctx context.Context, data string) func(args ...string) (string, error) {
	return func(args ...string) (string, error) {
		var out, errs syncBuffer
		err := run(ctx, append(args, "--data", data), &out, &errs)
		return out.String() + errs.String(), err
	}
}
