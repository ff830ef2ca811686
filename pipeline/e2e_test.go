package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/export"
	"github.com/chartroom/chartroom/index"
	"github.com/chartroom/chartroom/ocr"
	"github.com/pdfcpu/pdfcpu/pkg/api"
)

func TestMain(m *testing.M) {
	if err := ocr.LimitThreads(); err != nil {
		panic(err)
	}
	api.DisableConfigDir() // the bad-input fixtures use pdfcpu's convenience API
	os.Exit(m.Run())
}

var (
	tessOnce sync.Once
	tess     *ocr.Tesseract
	tessErr  error
)

// realOCR is one Tesseract pool shared by the end-to-end tests.
func realOCR(t *testing.T) *ocr.Tesseract {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test with real Tesseract; skipped with -short")
	}
	tessOnce.Do(func() { tess, tessErr = ocr.NewTesseract(2, "eng") })
	if tessErr != nil {
		t.Fatalf("real Tesseract is required (make test installs it): %v", tessErr)
	}
	return tess
}

// truth is the generator's ground truth for the committed samples.
type truth struct {
	Batches []struct {
		Name  string `json:"name"`
		Path  string `json:"path"`
		Pages []struct {
			File     string   `json:"file"`
			Index    int      `json:"index"`
			Document int      `json:"document"`
			MRN      string   `json:"mrn"`
			LOINC    string   `json:"loinc"`
			Words    []string `json:"words"`
		} `json:"pages"`
	} `json:"batches"`
}

const samples = "../samples"

func loadTruth(t testing.TB) truth {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(samples, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tr truth
	if err := json.Unmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	return tr
}

func (e *env) importMPI() {
	e.t.Helper()
	f, err := os.Open(filepath.Join(samples, "mpi.csv"))
	if err != nil {
		e.t.Fatal(err)
	}
	defer f.Close()
	ps, bad, err := catalog.ReadPatientsCSV(f)
	if err != nil || len(bad) > 0 {
		e.t.Fatalf("sample MPI: %v %v", err, bad)
	}
	if err := e.catalog.UpsertPatients(context.Background(), ps); err != nil {
		e.t.Fatal(err)
	}
}

// copyBatch copies a sample batch into the test's inbox (the pipeline
// moves finished batches to the archive; the samples must stay put).
func (e *env) copyBatch(rel string) string {
	e.t.Helper()
	src := filepath.Join(samples, rel)
	dst := filepath.Join(e.dir, "inbox", filepath.Base(rel))
	err := filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(src, p)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(dst, r), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dst, r)), 0o755)
		return os.WriteFile(filepath.Join(dst, r), b, 0o644)
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return dst
}

func TestEndToEndSampleBatches(t *testing.T) {
	engine := realOCR(t)
	tr := loadTruth(t)
	e := newEnv(t, engine, 2)
	e.importMPI()
	p, stop := e.start(e.cfg)
	defer stop()
	ctx := context.Background()

	for _, b := range tr.Batches {
		t.Run(b.Name, func(t *testing.T) {
			o := e.outcome(p.Submit(ctx, e.copyBatch(b.Path)))
			if o.Err != nil || o.Status != chart.BatchDone {
				t.Fatalf("outcome %+v", o)
			}
			ex, err := export.Build(ctx, e.catalog, o.BatchID)
			if err != nil {
				t.Fatal(err)
			}
			// Every page is accounted for exactly once, in a document.
			seen := map[string]int{}
			byPage := map[string]export.Page{}
			docOf := map[string]export.Document{}
			for _, d := range ex.Documents {
				for _, pg := range d.Pages {
					key := pageKey(pg.File, pg.Index)
					seen[key]++
					byPage[key] = pg
					docOf[key] = d
				}
			}
			if len(seen) != len(b.Pages) {
				t.Fatalf("%d distinct pages in documents, truth has %d", len(seen), len(b.Pages))
			}
			for _, tp := range b.Pages {
				key := pageKey(tp.File, tp.Index)
				if seen[key] != 1 {
					t.Fatalf("page %s appears %d times", key, seen[key])
				}
				// The OCR text of each page holds its known words.
				text := strings.ToLower(byPage[key].Text)
				missing := 0
				for _, w := range tp.Words {
					if !strings.Contains(text, strings.ToLower(w)) {
						missing++
						t.Logf("page %s: %q not read", key, w)
					}
				}
				if missing > len(tp.Words)/3 {
					t.Errorf("page %s: %d of %d known words not read", key, missing, len(tp.Words))
				}
				// No document is filed under the wrong patient.
				d := docOf[key]
				if d.Status == "filed" && (d.Patient == nil || d.Patient.MRN != tp.MRN) {
					t.Errorf("page %s filed under %+v, truth %s", key, d.Patient, tp.MRN)
				}
			}
			// A search for a distinctive word finds its document and page.
			tp := b.Pages[len(b.Pages)-1]
			key := pageKey(tp.File, tp.Index)
			word := ""
			for _, w := range tp.Words {
				if strings.Contains(strings.ToLower(byPage[key].Text), strings.ToLower(w)) {
					word = w
					break
				}
			}
			res, err := e.index.Search(ctx, index.Query{Text: word})
			if err != nil {
				t.Fatal(err)
			}
			want := docOf[key]
			pageNo := 0
			for i, pg := range want.Pages {
				if pg.File == tp.File && pg.Index == tp.Index {
					pageNo = i + 1
				}
			}
			found := false
			for _, h := range res.Hits {
				if h.ID == want.ID {
					found = true
					if !containsInt(h.Pages, pageNo) {
						t.Errorf("search %q: hit pages %v, want page %d", word, h.Pages, pageNo)
					}
				}
			}
			if !found {
				t.Errorf("search %q did not return document %s", word, want.ID)
			}
			// Each PDF exists, matches the catalog's SHA-256, passes qpdf and
			// is searchable: pdftotext reads the known words of its pages.
			for _, d := range e.checkStored(o.BatchID) {
				text := strings.ToLower(e.pdfText(d.Object))
				for _, tp := range b.Pages {
					key := pageKey(tp.File, tp.Index)
					if docOf[key].ID != d.ID {
						continue
					}
					for _, w := range tp.Words {
						w = strings.ToLower(w)
						if strings.Contains(strings.ToLower(byPage[key].Text), w) && !strings.Contains(text, w) {
							t.Errorf("document %s: %q was read by OCR but is not in the PDF's text layer", d.ID, w)
						}
					}
				}
			}
		})
	}
}

// pdfText checks a stored PDF with qpdf and returns what pdftotext reads.
func (e *env) pdfText(key string) string {
	e.t.Helper()
	rc, _, err := e.cfg.Store.Get(context.Background(), key)
	if err != nil {
		e.t.Fatal(err)
	}
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		e.t.Fatal(err)
	}
	f := filepath.Join(e.t.TempDir(), "doc.pdf")
	if err := os.WriteFile(f, data, 0o600); err != nil {
		e.t.Fatal(err)
	}
	if out, err := exec.Command("qpdf", "--check", f).CombinedOutput(); err != nil {
		e.t.Fatalf("qpdf --check %s: %v\n%s", key, err, out)
	}
	out, err := exec.Command("pdftotext", "-layout", f, "-").Output()
	if err != nil {
		e.t.Fatalf("pdftotext %s: %v", key, err)
	}
	return string(out)
}

func pageKey(file string, index int) string { return fmt.Sprintf("%s#%d", file, index) }

func containsInt(v []int, x int) bool {
	for _, i := range v {
		if i == x {
			return true
		}
	}
	return false
}

// stopAfter wraps an engine and cancels the pipeline after n pages have
// been recognised: a shutdown in the middle of a batch.
type stopAfter struct {
	ocr.Engine
	n      int32
	count  atomic.Int32
	cancel context.CancelFunc
}

func (s *stopAfter) Recognize(ctx context.Context, img *image.Gray, dpi int) (ocr.Recognition, error) {
	r, err := s.Engine.Recognize(ctx, img, dpi)
	if s.count.Add(1) == s.n {
		s.cancel()
	}
	return r, err
}

func TestRestartMidBatchLosesAndRepeatsNothing(t *testing.T) {
	engine := realOCR(t)
	e := newEnv(t, engine, 2)
	e.importMPI()
	batch := e.copyBatch("batches/clinic-progress-0002.tif")
	ctx := context.Background()

	// First run: stopped after two pages.
	runCtx, cancel := context.WithCancel(ctx)
	first := &stopAfter{Engine: engine, n: 2, cancel: cancel}
	cfg := e.cfg
	cfg.OCR = ocr.NewProcessor(first)
	p := New(cfg)
	done := make(chan struct{})
	go func() { p.Run(runCtx); close(done) }()
	out := p.Submit(runCtx, batch)
	<-done
	select {
	case o := <-out:
		t.Fatalf("batch finished before the stop: %+v", o)
	default:
	}
	batches, _ := e.catalog.Batches(ctx, chart.BatchProcessing)
	if len(batches) != 1 {
		t.Fatalf("after the stop, %d batches pending; want 1", len(batches))
	}
	recorded, _ := e.catalog.Pages(ctx, batches[0].ID)
	if len(recorded) < 2 || len(recorded) >= 4 {
		t.Fatalf("after the stop, %d pages recorded; want the ones in flight (2 or 3)", len(recorded))
	}

	// Second run: resumes from the catalog on start.
	counter := &stopAfter{Engine: engine, n: -1, cancel: func() {}}
	cfg.OCR = ocr.NewProcessor(counter)
	p2, stop := e.start(cfg)
	defer stop()
	o := e.outcome(p2.Submit(ctx, batch))
	if o.Err != nil || o.Status != chart.BatchDone || o.Pages != 4 {
		t.Fatalf("resumed outcome %+v", o)
	}
	if got, want := int(counter.count.Load()), 4-len(recorded); got != want {
		t.Errorf("second run recognised %d pages, want only the %d not yet recorded", got, want)
	}
	pages, _ := e.catalog.Pages(ctx, o.BatchID)
	seen := map[int]bool{}
	for _, pg := range pages {
		if seen[pg.Index] || pg.DocumentID == "" {
			t.Fatalf("page %d duplicated or in no document", pg.Index)
		}
		seen[pg.Index] = true
	}
	if len(pages) != 4 {
		t.Fatalf("%d pages after resume, want 4", len(pages))
	}
	docs := e.checkStored(o.BatchID)
	n := 0
	for _, d := range docs {
		n += len(d.PageIDs)
	}
	if n != 4 {
		t.Fatalf("documents hold %d pages, want 4", n)
	}
}
