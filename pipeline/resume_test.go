package pipeline

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/ocr"
)

// waitStatus polls the catalog until the batch reaches status.
func (e *env) waitStatus(id string, status chart.BatchStatus) chart.Batch {
	e.t.Helper()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		b, err := e.catalog.Batch(context.Background(), id)
		if err == nil && b.Status == status {
			return b
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("batch %s: status %s, want %s", id, b.Status, status)
		}
	}
}

func TestResumeWhenTheBatchVanishedWhileStopped(t *testing.T) {
	e := newEnv(t, ocr.NewFake(), 1)
	ctx := context.Background()
	gone := filepath.Join(e.dir, "inbox", "gone-batch")
	e.catalog.ClaimBatch(ctx, chart.Batch{ID: "b_gone", Name: "gone-batch", Source: gone, Key: "k"})
	_, stop := e.start(e.cfg)
	defer stop()
	b := e.waitStatus("b_gone", chart.BatchFailed)
	if !strings.Contains(b.Error, "moved or deleted while Chartroom was stopped") {
		t.Fatalf("error = %q", b.Error)
	}
	note, err := os.ReadFile(filepath.Join(e.cfg.FailedDir, "gone-batch", "error.txt"))
	if err != nil || !strings.Contains(string(note), "gone-batch") {
		t.Fatalf("failed/gone-batch/error.txt: %q, %v", note, err)
	}
}

func TestResumeWhenTheBatchChangedWhileStopped(t *testing.T) {
	f := ocr.NewFake()
	f.SetText(image.Pt(300, 400), "PROGRESS NOTE\nMRN: 00012345")
	e := newEnv(t, f, 1)
	ctx := context.Background()
	path := filepath.Join(e.dir, "inbox", "changed")
	writePNG(t, filepath.Join(path, "0001.png"), 300, 400)
	// Recorded as processing with content that no longer matches.
	e.catalog.ClaimBatch(ctx, chart.Batch{ID: "b_old", Name: "changed", Source: path, Key: "stale-content-key"})
	_, stop := e.start(e.cfg)
	defer stop()
	old := e.waitStatus("b_old", chart.BatchFailed)
	if !strings.Contains(old.Error, "imported again as batch") {
		t.Fatalf("old batch error = %q", old.Error)
	}
	done, _ := e.catalog.Batches(ctx, chart.BatchDone)
	for deadline := time.Now().Add(time.Minute); len(done) == 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("new content was not imported")
		}
		done, _ = e.catalog.Batches(ctx, chart.BatchDone)
	}
	if done[0].Name != "changed" || done[0].PageCount != 1 {
		t.Fatalf("new batch %+v", done[0])
	}
	// The outcome is recorded before the folder is moved: wait for the move.
	archived := filepath.Join(e.cfg.ArchiveDir, "changed", "0001.png")
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		_, err := os.Stat(archived)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("new batch not archived: %v", err)
		}
	}
}
