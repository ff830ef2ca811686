package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/storage"
	"github.com/chartroom/chartroom/storage/s3store"
	"github.com/chartroom/chartroom/storage/s3store/miniotest"
)

// TestS3CommandsVerifyHoldRetention drives the CLI against a real MinIO:
// ingest with retention, verify clean, hold a document, overwrite an object
// behind Chartroom's back, verify again.
func TestS3CommandsVerifyHoldRetention(t *testing.T) {
	if testing.Short() {
		t.Skip("runs real Tesseract; skipped with -short")
	}
	srv := miniotest.Shared(t)
	data := t.TempDir()
	bucket := "cli-" + strings.ToLower(strings.TrimPrefix(t.Name(), "Test"))[:12]
	s3 := []string{"--data", data, "--s3-endpoint", srv.Endpoint, "--s3-bucket", bucket,
		"--s3-access-key", srv.AccessKey, "--s3-secret-key", srv.SecretKey}
	ctx := context.Background()
	cli := func(args ...string) (string, error) {
		var out, errs syncBuffer
		err := run(ctx, args, &out, &errs)
		return out.String() + errs.String(), err
	}
	if out, err := cli(append([]string{"ingest", "--retention", "1d", "--retention-mode", "governance"}, append(s3, "../../samples/batches/lab-results-0003.pdf")...)...); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	out, err := cli(append([]string{"verify", "--all"}, s3...)...)
	if err != nil || !strings.Contains(out, "0 missing, 0 differ") {
		t.Fatalf("verify on a clean store: %v\n%s", err, out)
	}

	c, err := catalog.Open(ctx, data+"/catalog.db")
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := c.Documents(ctx, catalog.DocumentFilter{})
	c.Close()
	if len(docs) != 1 {
		t.Fatalf("%d documents", len(docs))
	}
	d := docs[0]
	raw, err := s3store.Open(ctx, s3store.Config{Endpoint: srv.Endpoint, Bucket: bucket, AccessKey: srv.AccessKey,
		SecretKey: srv.SecretKey, PathStyle: true, ObjectLock: true})
	if err != nil {
		t.Fatal(err)
	}
	// Retention was applied as the PDF was stored.
	if err := raw.Delete(ctx, d.Object); !errors.Is(err, storage.ErrLocked) {
		t.Fatalf("delete of a retained document: %v, want ErrLocked", err)
	}
	if out, err := cli(append([]string{"hold", "set", d.ID, "--reason", "matter 2026-114"}, s3...)...); err != nil || !strings.Contains(out, "placed") {
		t.Fatalf("hold set: %v\n%s", err, out)
	}
	if on, err := raw.LegalHold(ctx, d.Object, d.ObjectVersion); err != nil || !on {
		t.Fatalf("legal hold on the object: %v, %v", on, err)
	}
	if out, err := cli(append([]string{"hold", "set", d.ID}, s3...)...); err == nil {
		t.Fatalf("hold without a reason accepted:\n%s", out)
	}

	// Somebody replaces the PDF behind Chartroom's back: a new current version.
	if _, err := raw.Put(ctx, d.Object, strings.NewReader("%PDF-1.7 replaced")); err != nil {
		t.Fatal(err)
	}
	out, err = cli(append([]string{"verify"}, s3...)...)
	if err == nil || !strings.Contains(out, "DIFFERS") || !strings.Contains(out, d.Object) {
		t.Fatalf("verify after an overwrite: %v\n%s", err, out)
	}
	if strings.Contains(out, "OYELARAN") || strings.Contains(out, "00366181") {
		t.Fatalf("verify output carries PHI:\n%s", out)
	}
}

func TestHoldRefusedOnFilesystemStore(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	cli := cliIn(ctx, data)
	// A stored document, recorded directly (no OCR needed for this).
	c, err := catalog.Open(ctx, data+"/catalog.db")
	if err != nil {
		t.Fatal(err)
	}
	c.ClaimBatch(ctx, chart.Batch{ID: "b_1", Name: "b", Key: "k"})
	c.SavePage(ctx, chart.Page{ID: "p_1", BatchID: "b_1", Seq: 0, File: "0001.png", Role: chart.RoleContent})
	c.SaveDocuments(ctx, "b_1", []chart.Document{{ID: "d_1", PageIDs: []string{"p_1"}, Status: chart.StatusReview, Type: chart.TypeGuess{DocType: chart.Unknown}}})
	c.SetDocumentObject(ctx, "d_1", storage.ObjectInfo{Key: "documents/d_1/v1.pdf", SHA256: "x", Size: 1})
	c.Close()

	out, err := cli("hold", "set", "d_1", "--reason", "matter 7")
	if !errors.Is(err, storage.ErrLockUnsupported) || !strings.Contains(err.Error(), "S3 store with Object Lock") {
		t.Fatalf("hold on the filesystem store: %v\n%s", err, out)
	}
	c, _ = catalog.Open(ctx, data+"/catalog.db")
	defer c.Close()
	if h, _ := c.DocumentHold(ctx, "d_1"); h.On {
		t.Fatal("a refused hold was recorded in the catalog")
	}
	if _, err := cli("hold", "set", "d_missing", "--reason", "x"); !errors.Is(err, catalog.ErrNotFound) {
		t.Fatalf("hold on a missing document: %v", err)
	}
	if out, err := cli("ingest", "--retention", "10y", "../../samples/batches/lab-results-0003.pdf"); err == nil || !strings.Contains(err.Error(), "needs an S3 store") {
		t.Fatalf("retention on the filesystem store: %v\n%s", err, out)
	}
}
