package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/ingest"
	"github.com/chartroom/chartroom/ingest/pagefile"
	"github.com/chartroom/chartroom/ocr"
	"github.com/chartroom/chartroom/render"
	"github.com/chartroom/chartroom/storage"
	"github.com/chartroom/chartroom/storage/fsstore"
	"github.com/chartroom/chartroom/storage/s3store"
	"github.com/chartroom/chartroom/storage/s3store/miniotest"
)

// sampleObjects builds what the pipeline stores for the sample batches:
// every page image, and one PDF per document of the ground truth.
type sampleDoc struct {
	pages [][]byte
	pdf   []byte
}

func sampleObjects(b *testing.B) []sampleDoc {
	b.Helper()
	tr := loadTruth(b)
	var docs []sampleDoc
	for _, bt := range tr.Batches {
		byDoc := map[int]*sampleDoc{}
		var order []int
		var rp = map[int][]render.Page{}
		for _, tp := range bt.Pages {
			f, err := pagefile.Open(ingest.FilePath(filepath.Join(samples, bt.Path), tp.File), pagefile.DefaultLimits())
			if err != nil {
				b.Fatal(err)
			}
			pg, err := f.Page(context.Background(), tp.Index)
			f.Close()
			if err != nil {
				b.Fatal(err)
			}
			data, _, err := render.EncodePage(ocr.ToGray(pg.Image))
			if err != nil {
				b.Fatal(err)
			}
			d, ok := byDoc[tp.Document]
			if !ok {
				d = &sampleDoc{}
				byDoc[tp.Document] = d
				order = append(order, tp.Document)
			}
			d.pages = append(d.pages, data)
			rp[tp.Document] = append(rp[tp.Document], render.Page{Image: bytes.NewReader(data), DPI: 300})
		}
		for _, n := range order {
			var buf bytes.Buffer
			if err := render.PDF(context.Background(), &buf, rp[n], render.Meta{Title: "bench"}); err != nil {
				b.Fatal(err)
			}
			byDoc[n].pdf = buf.Bytes()
			docs = append(docs, *byDoc[n])
		}
	}
	return docs
}

// benchmarkStore stores the sample documents (page images + PDF, recorded
// in a real catalog and verified on read) as the pipeline does, reporting
// MB/s and documents/s.
func benchmarkStore(b *testing.B, raw storage.Store) {
	docs := sampleObjects(b)
	c, err := catalog.Open(context.Background(), filepath.Join(b.TempDir(), "c.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	s := &storage.Checked{Store: &storage.Retry{Store: raw}, Ledger: c}
	var total int64
	for _, d := range docs {
		total += int64(len(d.pdf))
		for _, p := range d.pages {
			total += int64(len(p))
		}
	}
	b.SetBytes(total)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, d := range docs {
			for k, p := range d.pages {
				if _, err := s.Put(ctx, fmt.Sprintf("pages/b%d/d%d-p%d.png", i, j, k), bytes.NewReader(p)); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := s.Put(ctx, storage.DocumentKey(fmt.Sprintf("d%d-%d", i, j), 1), bytes.NewReader(d.pdf)); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "docs/s")
}

func BenchmarkStoreSampleDocumentsFS(b *testing.B) {
	s, err := fsstore.New(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	benchmarkStore(b, s)
}

func BenchmarkStoreSampleDocumentsS3(b *testing.B) {
	srv := miniotest.Shared(b)
	s, err := s3store.Open(context.Background(), s3store.Config{Endpoint: srv.Endpoint, Bucket: "bench", AccessKey: srv.AccessKey,
		SecretKey: srv.SecretKey, PathStyle: true, ObjectLock: true, Region: "us-east-1"})
	if err != nil {
		b.Fatal(err)
	}
	benchmarkStore(b, s)
}
