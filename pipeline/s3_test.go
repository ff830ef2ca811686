package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"image"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/ocr"
	"github.com/chartroom/chartroom/storage"
	"github.com/chartroom/chartroom/storage/s3store"
	"github.com/chartroom/chartroom/storage/s3store/miniotest"
)

// useS3 points the env's pipeline at a fresh bucket on srv, through the
// same retry and integrity layers chartroom uses.
func (e *env) useS3(srv *miniotest.Server, bucket string) (*s3store.Store, *atomic.Int32) {
	e.t.Helper()
	raw, err := s3store.Open(context.Background(), s3store.Config{Endpoint: srv.Endpoint, Bucket: bucket,
		AccessKey: srv.AccessKey, SecretKey: srv.SecretKey, PathStyle: true, ObjectLock: true, Region: "us-east-1"})
	if err != nil {
		e.t.Fatal(err)
	}
	retries := &atomic.Int32{}
	e.cfg.Store = &storage.Checked{Store: &storage.Retry{Store: raw, Base: 100 * time.Millisecond, Max: time.Second, MaxElapsed: 2 * time.Minute,
		OnRetry: func(string, string, int, error) { retries.Add(1) }}, Ledger: e.catalog}
	return raw, retries
}

// checkS3Objects verifies a stored batch in S3: each PDF's current version
// is the one written, with the catalog's SHA-256, and the manifest lists
// what arrived.
func (e *env) checkS3Objects(raw *s3store.Store, batchID string) {
	e.t.Helper()
	ctx := context.Background()
	for _, d := range e.checkStored(batchID) {
		st, err := raw.Stat(ctx, d.Object)
		if err != nil {
			e.t.Fatal(err)
		}
		if st.SHA256 != d.SHA256 || st.VersionID == "" || st.VersionID != d.ObjectVersion {
			e.t.Fatalf("document %s: object %+v, catalog sha %s version %s", d.ID, st, d.SHA256, d.ObjectVersion)
		}
		if err := storage.Verify(ctx, raw, storage.ObjectInfo{Key: d.Object, SHA256: d.SHA256, Size: d.Size, VersionID: d.ObjectVersion}); err != nil {
			e.t.Fatal(err)
		}
	}
	b, err := e.catalog.Batch(ctx, batchID)
	if err != nil {
		e.t.Fatal(err)
	}
	rc, _, err := e.cfg.Store.Get(ctx, storage.ManifestKey(batchID))
	if err != nil {
		e.t.Fatal(err)
	}
	defer rc.Close()
	var m manifest
	if err := json.NewDecoder(rc).Decode(&m); err != nil {
		e.t.Fatal(err)
	}
	if len(m.Files) != len(b.Files) {
		e.t.Fatalf("manifest lists %d files, catalog %d", len(m.Files), len(b.Files))
	}
	for i := range m.Files {
		if m.Files[i] != b.Files[i] {
			e.t.Fatalf("manifest %+v, catalog %+v", m.Files[i], b.Files[i])
		}
	}
}

func TestEndToEndWithS3(t *testing.T) {
	engine := realOCR(t)
	srv := miniotest.Shared(t)
	e := newEnv(t, engine, 2)
	e.importMPI()
	raw, _ := e.useS3(srv, "e2e-"+strings.ToLower(chart.NewID("b")[2:14]))
	p, stop := e.start(e.cfg)
	defer stop()
	o := e.outcome(p.Submit(context.Background(), e.copyBatch("batches/lab-results-0003.pdf")))
	if o.Err != nil || o.Status != chart.BatchDone || o.Documents != 1 {
		t.Fatalf("outcome %+v", o)
	}
	e.checkS3Objects(raw, o.BatchID)

	// An object overwritten behind Chartroom's back is caught on the next
	// read, and by a scrub.
	docs := e.checkStored(o.BatchID)
	if _, err := raw.Put(context.Background(), docs[0].Object, strings.NewReader("%PDF-1.7 not ours")); err != nil {
		t.Fatal(err)
	}
	rc, _, err := e.cfg.Store.Get(context.Background(), docs[0].Object)
	if err == nil {
		_, err = io.ReadAll(rc)
		rc.Close()
	}
	if !errors.Is(err, storage.ErrIntegrity) {
		t.Fatalf("read after overwrite: %v, want ErrIntegrity", err)
	}
	want := storage.ObjectInfo{Key: docs[0].Object, SHA256: docs[0].SHA256, Size: docs[0].Size, VersionID: docs[0].ObjectVersion}
	if err := storage.Verify(context.Background(), raw, want); !errors.Is(err, storage.ErrIntegrity) {
		t.Fatalf("scrub after overwrite: %v, want ErrIntegrity", err)
	}
}

// stopStoreAfter stops the MinIO server after the first page is read and
// starts it again a few seconds later: an outage in the middle of a batch.
type stopStoreAfter struct {
	ocr.Engine
	once sync.Once
	srv  *miniotest.Server
	t    *testing.T
	back chan struct{}
}

func (s *stopStoreAfter) Recognize(ctx context.Context, img *image.Gray, dpi int) (ocr.Recognition, error) {
	s.once.Do(func() {
		s.srv.Stop()
		go func() {
			time.Sleep(4 * time.Second)
			s.srv.Restart(s.t)
			close(s.back)
		}()
	})
	return s.Engine.Recognize(ctx, img, dpi)
}

func TestS3OutageMidBatch(t *testing.T) {
	engine := realOCR(t)
	srv := miniotest.Start(t) // private: this test stops and starts it
	e := newEnv(t, engine, 2)
	e.importMPI()
	raw, retries := e.useS3(srv, "outage")
	outage := &stopStoreAfter{Engine: engine, srv: srv, t: t, back: make(chan struct{})}
	cfg := e.cfg
	cfg.OCR = ocr.NewProcessor(outage)
	p, stop := e.start(cfg)
	defer stop()
	o := e.outcome(p.Submit(context.Background(), e.copyBatch("batches/clinic-progress-0002.tif")))
	select {
	case <-outage.back:
	default:
		t.Fatal("the batch finished while the store was down")
	}
	if o.Err != nil || o.Status != chart.BatchDone || o.Pages != 4 {
		t.Fatalf("outcome after the outage: %+v", o)
	}
	if retries.Load() == 0 {
		t.Fatal("no store call was retried: the outage did not happen during the batch")
	}
	t.Logf("%d store calls retried during the outage", retries.Load())
	pages, _ := e.catalog.Pages(context.Background(), o.BatchID)
	seen := map[int]bool{}
	for _, pg := range pages {
		if seen[pg.Index] || pg.DocumentID == "" {
			t.Fatalf("page %d duplicated or unfiled", pg.Index)
		}
		seen[pg.Index] = true
		if _, err := raw.Stat(context.Background(), pg.Object); err != nil {
			t.Fatalf("page image %s: %v", pg.Object, err)
		}
	}
	if len(pages) != 4 {
		t.Fatalf("%d pages recorded, want 4", len(pages))
	}
	e.checkS3Objects(raw, o.BatchID)
}
