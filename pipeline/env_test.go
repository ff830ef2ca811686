package pipeline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chartroom/chartroom/barcode"
	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/filing"
	"github.com/chartroom/chartroom/index"
	"github.com/chartroom/chartroom/ocr"
	"github.com/chartroom/chartroom/storage/fsstore"
)

// env is a pipeline on real embedded components in a temporary folder.
type env struct {
	t       *testing.T
	dir     string
	catalog *catalog.Catalog
	store   *fsstore.Store
	index   *index.Index
	cfg     Config
}

func newEnv(t *testing.T, engine ocr.Engine, workers int) *env {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	c, err := catalog.Open(ctx, filepath.Join(dir, "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	s, err := fsstore.New(filepath.Join(dir, "objects"))
	if err != nil {
		t.Fatal(err)
	}
	x, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	e := &env{t: t, dir: dir, catalog: c, store: s, index: x}
	e.cfg = Config{
		Catalog: c, Store: s, Index: x, OCR: ocr.NewProcessor(engine), Workers: workers,
		Splitter:   filing.HeaderSplitter{Titles: filing.TitleRules{Rules: filing.DefaultTaxonomy()}, Sheets: filing.DefaultSheets()},
		Classifier: filing.TitleRules{Rules: filing.DefaultTaxonomy()},
		Matcher:    catalogMatcher{c},
		Barcodes:   barcode.Reader{},
		Policy:     filing.DefaultPolicy(),
		ArchiveDir: filepath.Join(dir, "archive"),
		FailedDir:  filepath.Join(dir, "failed"),
	}
	return e
}

// start runs a pipeline until the returned stop is called; stop waits for
// the stages to drain.
func (e *env) start(cfg Config) (*Pipeline, func()) {
	p := New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	return p, func() { cancel(); <-done }
}

func (e *env) outcome(ch <-chan Outcome) Outcome {
	e.t.Helper()
	select {
	case o := <-ch:
		return o
	case <-time.After(5 * time.Minute):
		e.t.Fatal("no outcome after 5 minutes")
	}
	return Outcome{}
}

// checkStored verifies every document's PDF exists and matches the catalog.
func (e *env) checkStored(batchID string) []chart.Document {
	e.t.Helper()
	docs, err := e.catalog.Documents(context.Background(), catalog.DocumentFilter{BatchID: batchID})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, d := range docs {
		rc, _, err := e.cfg.Store.Get(context.Background(), d.Object)
		if err != nil {
			e.t.Fatalf("document %s: %v", d.ID, err)
		}
		h := sha256.New()
		n, _ := io.Copy(h, rc)
		rc.Close()
		if got := hex.EncodeToString(h.Sum(nil)); got != d.SHA256 || n != d.Size {
			e.t.Fatalf("document %s: stored sha %s size %d, catalog %s %d", d.ID, got, n, d.SHA256, d.Size)
		}
		if !bytes.HasPrefix(e.head(d.Object), []byte("%PDF-")) {
			e.t.Fatalf("document %s is not a PDF", d.ID)
		}
	}
	return docs
}

func (e *env) head(key string) []byte {
	rc, _, err := e.cfg.Store.Get(context.Background(), key)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rc.Close()
	b := make([]byte, 5)
	io.ReadFull(rc, b)
	return b
}

// writePNG writes a white page of the given size (the Fake engine knows
// pages by size).
func writePNG(t *testing.T, path string, w, h int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	// A few lines of "print", so the page is not taken for a blank back.
	for line := 0; line < 5; line++ {
		for y := h/4 + line*h/10; y < h/4+line*h/10+h/60+2; y++ {
			for x := w / 8; x < w*7/8; x++ {
				if (x/4)%3 != 0 {
					img.SetGray(x, y, color.Gray{0})
				}
			}
		}
	}
	return writeImage(t, path, img)
}

func writeImage(t *testing.T, path string, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// catalogMatcher matches against the catalog's MPI as it is now: tests
// import patients after the env is built.
type catalogMatcher struct{ c *catalog.Catalog }

func (m catalogMatcher) Match(ctx context.Context, pages []chart.Page) (filing.Match, error) {
	ix, err := filing.NewMPIIndex(func(fn func(chart.Patient) error) error { return m.c.Patients(ctx, fn) })
	if err != nil {
		return filing.Match{}, err
	}
	return filing.MPIMatcher{Index: ix, MaxProbabilistic: 0.94}.Match(ctx, pages)
}
