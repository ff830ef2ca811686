package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/catalog"
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
	data := t.TempDir()
	out, err := (func() (string, error) {
		var o, e syncBuffer
		err := run(context.Background(), []string{"hold", "set", "d_missing", "--reason", "x", "--data", data}, &o, &e)
		return o.String() + e.String(), err
	})()
	if err == nil {
		t.Fatalf("hold on a missing document succeeded:\n%s", out)
	}
	if out, err := (func() (string, error) {
		var o, e syncBuffer
		err := run(context.Background(), []string{"ingest", "--retention", "10y", "--data", data, "../../samples/batches/lab-results-0003.pdf"}, &o, &e)
		return o.String() + e.String(), err
	})(); err == nil || !strings.Contains(err.Error(), "needs an S3 store") {
		t.Fatalf("retention on the filesystem store: %v\n%s", err, out)
	}
}
