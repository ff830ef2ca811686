// Package pipeline runs Chartroom's flow for every batch: claim → decode
// pages → orient, deskew and recognise → split, classify, match and decide
// → render PDFs → store → index. Stages are goroutines joined by bounded
// channels, so memory stays flat whatever the batch size and a slow stage
// holds back the ones before it.
//
// Every step is restart-safe. The catalog records a batch before work
// starts and each page as soon as it is recognised; an object is stored
// before the catalog points at it; the index is written last and can be
// rebuilt. A batch interrupted anywhere is resumed on the next start, where
// it left off, without losing or repeating a page.
package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/filing"
	"github.com/chartroom/chartroom/index"
	"github.com/chartroom/chartroom/ingest"
	"github.com/chartroom/chartroom/ingest/pagefile"
	"github.com/chartroom/chartroom/ocr"
	"github.com/chartroom/chartroom/render"
	"github.com/chartroom/chartroom/storage"
	"github.com/prometheus/client_golang/prometheus"
)

// Config is what the pipeline runs on.
type Config struct {
	Catalog    *catalog.Catalog
	Store      storage.Store
	Index      *index.Index
	OCR        *ocr.Processor
	Workers    int // pages recognised at once; match the OCR engine's pool
	Splitter   filing.Splitter
	Classifier filing.Classifier
	Matcher    filing.Matcher
	Policy     filing.Policy
	// Barcodes reads barcodes on each page before OCR; nil skips it.
	Barcodes BarcodeReader
	// Sheets says which barcodes mark cover and separator sheets.
	Sheets filing.SheetGrammar
	// Taxonomy is the facility's document types (cover sheets name them).
	Taxonomy []filing.TypeRule
	Limits   pagefile.Limits
	Logger   *slog.Logger
	Registry prometheus.Registerer // nil: no metrics registered
	// Metrics, when set, are used instead of creating (and registering) new
	// ones, so the object-store wrappers can count into the same set.
	Metrics *Metrics
	// Retention, when set, is applied to every document PDF as it is
	// stored (S3 Object Lock); RetentionMode is GOVERNANCE or COMPLIANCE.
	Retention     time.Duration
	RetentionMode storage.RetentionMode
	// ResumeEvery re-submits batches left pending (for example after the
	// object store was unreachable for longer than retries wait) this
	// often; 0 resumes them only at start.
	ResumeEvery time.Duration
	// ArchiveDir and FailedDir receive finished and failed batches. When
	// empty, batches stay where they were read from (chartroom ingest).
	ArchiveDir, FailedDir string
	// Progress, if set, is called as pages and documents complete.
	Progress func(Progress)
}

// BarcodeReader finds the barcodes on a page.
type BarcodeReader interface {
	Decode(ctx context.Context, img *image.Gray, dpi int) ([]chart.Barcode, error)
}

// Progress reports how far a batch is through a stage.
type Progress struct {
	BatchID, Name string
	Stage         string // "ocr" (pages) or "store" (documents)
	Done, Total   int
}

// Outcome is how a submitted batch ended.
type Outcome struct {
	BatchID   string
	Name      string
	Status    chart.BatchStatus
	Duplicate bool // already imported: nothing was imported again
	Pages     int
	Documents int
	Review    int // documents sent to QA review
	Err       error
}

// Pipeline processes batches. Create it with New, start it with Run, give
// it batches with Submit.
type Pipeline struct {
	cfg Config
	log *slog.Logger
	m   *Metrics

	submitted  chan submission
	claimed    chan *run
	pages      chan pageJob
	recognised chan *run
	docs       chan docJob
	stored     chan docJob

	mu   sync.Mutex
	runs map[string]*run // in flight, by batch path
}

type submission struct {
	path   string
	done   chan Outcome // nil for internal resubmissions
	resume string       // id of the unfinished batch this resubmission resumes
}

type fileSpan struct {
	name  string
	pages int
	base  int // seq of the file's first page
}

// run is one batch in flight.
type run struct {
	batch chart.Batch
	path  string
	files []fileSpan
	total int

	mu        sync.Mutex
	pending   int  // pages handed to OCR, not yet recorded
	pagesDone int  // pages recorded in the catalog
	decoded   bool // the decoder has handed out every page
	failed    error
	docsTotal int
	docsDone  int
	review    int
	waiters   []chan Outcome
}

type pageJob struct {
	run  *run
	file string
	seq  int
	page pagefile.Page
}

type docJob struct {
	run *run
	doc chart.Document
}

// New returns a pipeline. Call Run to start it.
func New(cfg Config) *Pipeline {
	if cfg.Workers < 1 {
		cfg.Workers = 1
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Taxonomy == nil {
		cfg.Taxonomy = filing.DefaultTaxonomy()
	}
	if cfg.Sheets.Cover == nil && cfg.Sheets.Separators == nil {
		cfg.Sheets = filing.DefaultSheets()
	}
	if cfg.Splitter == nil {
		cfg.Splitter = filing.HeaderSplitter{Titles: filing.TitleRules{Rules: cfg.Taxonomy}, Sheets: cfg.Sheets}
	}
	if cfg.Classifier == nil {
		// Title rules alone; the service passes the rules with the trained
		// type model (filing.TypeClassifier with a Model).
		cfg.Classifier = filing.TypeClassifier{Rules: filing.TitleRules{Rules: cfg.Taxonomy}}
	}
	if cfg.Limits == (pagefile.Limits{}) {
		cfg.Limits = pagefile.DefaultLimits()
	}
	m := cfg.Metrics
	if m == nil {
		m = NewMetrics(cfg.Registry)
	}
	p := &Pipeline{
		cfg:        cfg,
		log:        cfg.Logger,
		m:          m,
		submitted:  make(chan submission, 64),
		claimed:    make(chan *run, 1),
		pages:      make(chan pageJob, cfg.Workers),
		recognised: make(chan *run, 4),
		docs:       make(chan docJob, 2),
		stored:     make(chan docJob, 4),
		runs:       map[string]*run{},
	}
	p.registerQueueGauges(cfg.Registry)
	return p
}

// Submit hands the batch at path (a folder or a multi-page file) to the
// pipeline. The returned channel receives the outcome once; it receives
// nothing if the pipeline stops first (the batch then resumes on the next
// start).
func (p *Pipeline) Submit(ctx context.Context, path string) <-chan Outcome {
	done := make(chan Outcome, 1)
	select {
	case p.submitted <- submission{path: path, done: done}:
	case <-ctx.Done():
	}
	return done
}

// InFlight reports whether the batch at path is being processed.
func (p *Pipeline) InFlight(path string) bool {
	if a, err := filepath.Abs(path); err == nil {
		path = a
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.runs[path]
	return ok
}

// Run runs the stages until ctx is cancelled. Pages being recognised when
// that happens are finished and recorded; everything else resumes on the
// next Run.
func (p *Pipeline) Run(ctx context.Context) error {
	unfinished, err := p.cfg.Catalog.Batches(ctx, chart.BatchProcessing)
	if err != nil {
		return fmt.Errorf("pipeline: find unfinished batches: %w", err)
	}
	var wg sync.WaitGroup
	loop := func(n int, f func(context.Context)) {
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() { defer wg.Done(); f(ctx) }()
		}
	}
	loop(1, func(ctx context.Context) { consume(ctx, p.submitted, p.claim) })
	loop(1, func(ctx context.Context) { consume(ctx, p.claimed, p.decodeBatch) })
	loop(p.cfg.Workers, func(ctx context.Context) { consume(ctx, p.pages, p.recognisePage) })
	loop(1, func(ctx context.Context) { consume(ctx, p.recognised, p.assembleBatch) })
	loop(1, func(ctx context.Context) { consume(ctx, p.docs, p.renderStore) })
	loop(1, func(ctx context.Context) { consume(ctx, p.stored, p.indexDocument) })
	if p.cfg.ResumeEvery > 0 {
		loop(1, p.resumeLoop)
	}
	for _, b := range unfinished {
		if _, err := os.Stat(b.Source); err != nil {
			// Moved or deleted while Chartroom was stopped: nothing to resume.
			p.finish(ctx, &run{batch: b, path: b.Source}, fmt.Errorf(
				"%s: the batch was moved or deleted while Chartroom was stopped, before it was finished; drop it into the inbox again", b.Name))
			continue
		}
		p.log.Info("resuming batch", "batch", b.ID)
		select {
		case p.submitted <- submission{path: b.Source, resume: b.ID}:
		case <-ctx.Done():
		}
	}
	wg.Wait()
	return nil
}

// resumeLoop re-submits pending batches that are not in flight: a batch
// abandoned after a long object-store outage is picked up again without a
// restart.
func (p *Pipeline) resumeLoop(ctx context.Context) {
	t := time.NewTicker(p.cfg.ResumeEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		pending, err := p.cfg.Catalog.Batches(ctx, chart.BatchProcessing)
		if err != nil {
			continue
		}
		for _, b := range pending {
			if p.InFlight(b.Source) {
				continue
			}
			if _, err := os.Stat(b.Source); err != nil {
				continue // handled at the next start, with its reason
			}
			select {
			case p.submitted <- submission{path: b.Source, resume: b.ID}:
			case <-ctx.Done():
				return
			}
		}
	}
}

// consume runs fn on each item of ch until ctx is done: the body of every
// stage.
func consume[T any](ctx context.Context, ch <-chan T, fn func(context.Context, T)) {
	for {
		select {
		case <-ctx.Done():
			return
		case v := <-ch:
			fn(ctx, v)
		}
	}
}

// ---- intake: manifest, claim, page count ----

func (p *Pipeline) claim(ctx context.Context, s submission) {
	path, err := filepath.Abs(s.path)
	if err != nil {
		path = s.path
	}
	name := filepath.Base(path)
	p.mu.Lock()
	if r, ok := p.runs[path]; ok {
		if s.done != nil {
			r.mu.Lock()
			r.waiters = append(r.waiters, s.done)
			r.mu.Unlock()
		}
		p.mu.Unlock()
		return
	}
	p.mu.Unlock()

	files, err := ingest.Manifest(ctx, path)
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		// Nothing could be listed: record the failure so the operator sees it.
		b := chart.Batch{ID: chart.NewID("b"), Name: name, Source: path, Key: "unreadable:" + chart.NewID("k")}
		p.cfg.Catalog.ClaimBatch(ctx, b)
		r := &run{batch: b, path: path}
		if s.done != nil {
			r.waiters = append(r.waiters, s.done)
		}
		p.finish(ctx, r, err)
		return
	}
	b, created, err := p.cfg.Catalog.ClaimBatch(ctx, chart.Batch{
		ID: chart.NewID("b"), Name: name, Source: path, Key: ingest.Key(name, files), Files: files,
	})
	if err != nil {
		p.log.Error("claim batch", "err", err)
		p.m.Failures.WithLabelValues("intake").Inc()
		return
	}
	if s.resume != "" && s.resume != b.ID {
		// The files changed while Chartroom was stopped: the new content is a
		// new batch; the old, unfinished one is closed with the reason.
		old, err := p.cfg.Catalog.Batch(ctx, s.resume)
		if err == nil {
			p.finish(ctx, &run{batch: old}, fmt.Errorf("%s: the batch changed while Chartroom was stopped; it was imported again as batch %s", old.Name, b.ID))
		}
	}
	r := &run{batch: b, path: path}
	if s.done != nil {
		r.waiters = append(r.waiters, s.done)
	}
	if !created {
		switch b.Status {
		case chart.BatchDone:
			p.log.Info("batch already imported; not importing again", "batch", b.ID)
			p.duplicate(ctx, r)
			return
		case chart.BatchFailed:
			// Same content failed before; the cause may have been passing
			// (a folder being copied), so try again.
			if err := p.cfg.Catalog.ReopenBatch(ctx, b.ID, path); err != nil {
				p.log.Error("reopen batch", "batch", b.ID, "err", err)
				return
			}
		default:
			if b.Source != path {
				p.cfg.Catalog.SetBatchSource(ctx, b.ID, path)
			}
		}
		p.log.Info("resuming batch", "batch", b.ID)
	} else {
		p.log.Info("batch claimed", "batch", b.ID, "files", len(files))
	}
	if err := p.putManifest(ctx, b); err != nil {
		p.log.Error("store manifest", "batch", b.ID, "err", err)
	}
	// Open every file before any work: a batch that cannot be read fails
	// as a whole, with every problem's file named.
	seq := 0
	for _, f := range files {
		pf, err := pagefile.Open(ingest.FilePath(path, f.Name), p.cfg.Limits)
		if err != nil {
			p.finish(ctx, r, err)
			return
		}
		n := pf.PageCount()
		pf.Close()
		r.files = append(r.files, fileSpan{name: f.Name, pages: n, base: seq})
		seq += n
	}
	r.total = seq
	p.cfg.Catalog.SetBatchPageCount(ctx, b.ID, seq)
	p.mu.Lock()
	p.runs[path] = r
	p.mu.Unlock()
	select {
	case p.claimed <- r:
	case <-ctx.Done():
	}
}

func (p *Pipeline) putManifest(ctx context.Context, b chart.Batch) error {
	var buf bytes.Buffer
	if err := writeManifest(&buf, b); err != nil {
		return err
	}
	_, err := p.cfg.Store.Put(ctx, storage.ManifestKey(b.ID), bytes.NewReader(buf.Bytes()))
	return err
}

// ---- decode: pages, one at a time ----

// testHookBeforeDecode lets tests act between claim and decode (e.g. make
// the batch folder disappear).
var testHookBeforeDecode func(path string)

func (p *Pipeline) decodeBatch(ctx context.Context, r *run) {
	if testHookBeforeDecode != nil {
		testHookBeforeDecode(r.path)
	}
	saved, err := p.cfg.Catalog.Pages(ctx, r.batch.ID)
	if err != nil {
		p.fail(ctx, r, fmt.Errorf("read recorded pages: %w", err))
		return
	}
	have := map[int]bool{}
	for _, pg := range saved {
		have[pg.Seq] = true
	}
	r.mu.Lock()
	r.pagesDone = len(have)
	r.mu.Unlock()
	p.progress(r, "ocr", len(have))
	for _, f := range r.files {
		if err := p.decodeFile(ctx, r, f, have); err != nil {
			if ctx.Err() != nil {
				return
			}
			p.fail(ctx, r, err)
			return
		}
	}
	r.mu.Lock()
	r.decoded = true
	ready := r.pending == 0
	r.mu.Unlock()
	if ready {
		p.pagesComplete(ctx, r)
	}
}

func (p *Pipeline) decodeFile(ctx context.Context, r *run, f fileSpan, have map[int]bool) error {
	todo := false
	for i := 0; i < f.pages; i++ {
		if !have[f.base+i] {
			todo = true
		}
	}
	if !todo {
		return nil
	}
	pf, err := pagefile.Open(ingest.FilePath(r.path, f.name), p.cfg.Limits)
	if err != nil {
		if _, serr := os.Stat(r.path); os.IsNotExist(serr) {
			return fmt.Errorf("%s: the batch disappeared while it was being processed (moved or deleted by someone else); %d of %d pages had been read",
				r.batch.Name, f.base, r.total)
		}
		return err
	}
	defer pf.Close()
	for i := 0; i < f.pages; i++ {
		if have[f.base+i] {
			continue
		}
		pg, err := pf.Page(ctx, i)
		if err != nil {
			return err
		}
		r.mu.Lock()
		r.pending++
		r.mu.Unlock()
		select {
		case p.pages <- pageJob{run: r, file: f.name, seq: f.base + i, page: pg}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// ---- recognise: orient, deskew, OCR, store the page image, record ----

func (p *Pipeline) recognisePage(ctx context.Context, j pageJob) {
	r := j.run
	r.mu.Lock()
	failed := r.failed != nil
	r.mu.Unlock()
	if !failed {
		if err := p.recordPage(ctx, j); err != nil {
			if ctx.Err() != nil {
				return // not recorded: recognised again on resume
			}
			p.m.Failures.WithLabelValues("ocr").Inc()
			p.failPage(ctx, r, err)
		}
	}
	r.mu.Lock()
	r.pending--
	if !failed {
		r.pagesDone++
	}
	done, ready := r.pagesDone, r.pending == 0 && r.decoded
	r.mu.Unlock()
	p.progress(r, "ocr", done)
	if ready {
		p.pagesComplete(ctx, r)
	}
}

func (p *Pipeline) recordPage(ctx context.Context, j pageJob) error {
	start := time.Now()
	dpi := j.page.DPI
	if dpi <= 0 {
		dpi = 300
	}
	pg := chart.Page{
		ID: chart.NewID("p"), BatchID: j.run.batch.ID, Seq: j.seq, File: j.file, Index: j.page.Index,
		SHA256: j.page.SHA256, DPI: dpi, Role: chart.RoleContent,
	}
	img, err := p.pageRole(ctx, j, &pg)
	if err != nil {
		return err
	}
	if pg.Role == chart.RoleContent {
		res, err := p.cfg.OCR.Process(ctx, img, dpi)
		if err != nil {
			return fmt.Errorf("%s page %d: could not be recognised: %w", j.file, j.page.Index+1, err)
		}
		p.m.OCRSeconds.Observe(time.Since(start).Seconds())
		img = res.Image
		pg.Rotation, pg.Skew = res.Rotation, res.Skew
		pg.Text, pg.Words, pg.Confidence = res.Text, res.Words, res.Confidence
		pg.Regions = res.Regions
		// A sheet whose barcode could not be read still says what it is.
		pg.Role, _ = p.cfg.Sheets.RoleFromText(pg)
	}
	pg.Width, pg.Height = img.Rect.Dx(), img.Rect.Dy()
	// The page is read; finish recording it even if shutdown has begun, so
	// the work is not lost.
	wctx := context.WithoutCancel(ctx)
	data, ext, err := render.EncodePage(img)
	if err != nil {
		return fmt.Errorf("%s page %d: encode: %w", j.file, j.page.Index+1, err)
	}
	pg.Object = storage.PageKey(pg.BatchID, pg.ID, ext)
	if _, err := p.cfg.Store.Put(wctx, pg.Object, bytes.NewReader(data)); err != nil {
		return fmt.Errorf("store page image: %w", err)
	}
	if err := p.cfg.Catalog.SavePage(wctx, pg); err != nil {
		return err
	}
	p.m.PagesIngested.Inc()
	p.m.PageRoles.WithLabelValues(string(pg.Role)).Inc()
	return nil
}

// pageRole decides, before OCR, whether a page is a blank back, a cover
// sheet or a separator sheet: none of them is recognised, as the barcode
// or the absence of ink is decisive.
func (p *Pipeline) pageRole(ctx context.Context, j pageJob, pg *chart.Page) (*image.Gray, error) {
	g := ocr.ToGray(j.page.Image)
	pg.Ink = ocr.InkCoverage(g, pg.DPI)
	if pg.Ink < ocr.BlankInk {
		pg.Role = chart.RoleBlank
		return g, nil
	}
	if p.cfg.Barcodes != nil {
		codes, err := p.cfg.Barcodes.Decode(ctx, g, pg.DPI)
		if err != nil {
			return nil, fmt.Errorf("%s page %d: barcodes: %w", j.file, j.page.Index+1, err)
		}
		pg.Barcodes = codes
		pg.Role, _ = p.cfg.Sheets.Role(codes)
	}
	return g, nil
}

func (p *Pipeline) pagesComplete(ctx context.Context, r *run) {
	r.mu.Lock()
	failed := r.failed
	r.mu.Unlock()
	if failed != nil {
		p.finish(ctx, r, failed)
		return
	}
	select {
	case p.recognised <- r:
	case <-ctx.Done():
	}
}

// fail marks a batch failed; it is finished once no page is in flight.
func (p *Pipeline) fail(ctx context.Context, r *run, err error) {
	r.mu.Lock()
	if r.failed == nil {
		r.failed = err
	}
	r.decoded = true
	ready := r.pending == 0
	r.mu.Unlock()
	if ready {
		p.finish(ctx, r, err)
	}
}

// failPage records a page failure; the last page in flight finishes the batch.
func (p *Pipeline) failPage(ctx context.Context, r *run, err error) {
	r.mu.Lock()
	if r.failed == nil {
		r.failed = err
	}
	r.mu.Unlock()
}

// ---- assemble: split, classify, match, decide ----

func (p *Pipeline) assembleBatch(ctx context.Context, r *run) {
	if err := p.assemble(ctx, r); err != nil && ctx.Err() == nil {
		p.m.Failures.WithLabelValues("documents").Inc()
		p.log.Error("assemble documents; the batch stays pending and resumes on restart", "batch", r.batch.ID, "err", err)
		p.abandon(r)
	}
}

func (p *Pipeline) assemble(ctx context.Context, r *run) error {
	pages, err := p.cfg.Catalog.Pages(ctx, r.batch.ID)
	if err != nil {
		return err
	}
	if len(pages) != r.total {
		return fmt.Errorf("batch %s: %d pages recorded, %d expected", r.batch.ID, len(pages), r.total)
	}
	docs, err := p.plan(ctx, r, pages)
	if err != nil {
		return err
	}
	if _, err := p.cfg.Catalog.SaveDocuments(ctx, r.batch.ID, docs); err != nil {
		return err
	}
	// The catalog is authoritative: on a resumed batch it holds the
	// documents planned before the interruption.
	docs, err = p.cfg.Catalog.Documents(ctx, catalog.DocumentFilter{BatchID: r.batch.ID})
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.docsTotal = len(docs)
	for _, d := range docs {
		if d.Status == chart.StatusReview {
			r.review++
		}
	}
	r.mu.Unlock()
	if len(docs) == 0 {
		p.finish(ctx, r, nil)
		return nil
	}
	for _, d := range docs {
		ch := p.docs
		if d.Object != "" {
			ch = p.stored // already stored before an interruption: index only
		}
		select {
		case ch <- docJob{run: r, doc: d}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// Filer is the filing step as this pipeline runs it: its splitter,
// classifier, matcher, policy and taxonomy.
func (p *Pipeline) Filer() filing.Filer {
	return filing.Filer{Splitter: p.cfg.Splitter, Classifier: p.cfg.Classifier, Matcher: p.cfg.Matcher,
		Policy: p.cfg.Policy, Taxonomy: p.cfg.Taxonomy}
}

func (p *Pipeline) plan(ctx context.Context, r *run, pages []chart.Page) ([]chart.Document, error) {
	docs, err := p.Filer().File(ctx, pages)
	if err != nil {
		return nil, err
	}
	for i := range docs {
		docs[i].ID, docs[i].BatchID = chart.NewID("d"), r.batch.ID
		p.m.Documents.WithLabelValues(string(docs[i].Status)).Inc()
	}
	return docs, nil
}

// ---- render and store the PDFs ----

func (p *Pipeline) renderStore(ctx context.Context, j docJob) {
	d, err := p.storeDocument(ctx, j.doc)
	if err != nil {
		if ctx.Err() == nil {
			p.m.Failures.WithLabelValues("store").Inc()
			p.log.Error("store document; the batch stays pending and resumes on restart", "document", j.doc.ID, "batch", j.run.batch.ID, "err", err)
			p.abandon(j.run)
		}
		return
	}
	select {
	case p.stored <- docJob{run: j.run, doc: d}:
	case <-ctx.Done():
	}
}

func (p *Pipeline) storeDocument(ctx context.Context, d chart.Document) (chart.Document, error) {
	pages, err := p.cfg.Catalog.DocumentPages(ctx, d.ID)
	if err != nil {
		return d, err
	}
	var closers []io.Closer
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	var rp []render.Page
	for _, pg := range pages {
		rc, _, err := p.cfg.Store.Get(ctx, pg.Object)
		if err != nil {
			return d, fmt.Errorf("page image %s: %w", pg.ID, err)
		}
		closers = append(closers, rc)
		rp = append(rp, render.Page{Image: rc, DPI: pg.DPI, Width: pg.Width, Height: pg.Height, Words: pg.Words})
	}
	// Title: type and date only; the PDF's metadata carries no patient
	// identifiers.
	title := d.Type.Display + " " + d.Created.Format("2006-01-02")
	// Rendered to a temporary file rather than streamed: an upload that
	// fails half-way can then be repeated from the start.
	tmp, err := os.CreateTemp("", "chartroom-doc-*.pdf")
	if err != nil {
		return d, err
	}
	defer func() { tmp.Close(); os.Remove(tmp.Name()) }()
	if err := render.PDF(ctx, tmp, rp, render.Meta{Title: title}); err != nil {
		return d, fmt.Errorf("render %s: %w", d.ID, err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return d, err
	}
	key := storage.DocumentKey(d.ID, 1)
	info, err := p.cfg.Store.Put(ctx, key, tmp)
	if err != nil {
		return d, fmt.Errorf("put %s: %w", key, err)
	}
	if p.cfg.Retention > 0 {
		until := time.Now().Add(p.cfg.Retention)
		l, ok := p.cfg.Store.(storage.Locker)
		if !ok {
			return d, storage.ErrLockUnsupported
		}
		if err := l.SetRetention(ctx, key, info.VersionID, p.cfg.RetentionMode, until); err != nil {
			return d, fmt.Errorf("retention on %s: %w", key, err)
		}
		if err := p.cfg.Catalog.SetRetainUntil(context.WithoutCancel(ctx), d.ID, until); err != nil {
			return d, err
		}
	}
	if err := p.cfg.Catalog.SetDocumentObject(context.WithoutCancel(ctx), d.ID, info); err != nil {
		return d, err
	}
	d.Object, d.ObjectVersion, d.SHA256, d.Size = key, info.VersionID, info.SHA256, info.Size
	return d, nil
}

// ---- index ----

func (p *Pipeline) indexDocument(ctx context.Context, j docJob) {
	if err := IndexDocument(ctx, p.cfg.Catalog, p.cfg.Index, j.doc); err != nil {
		if ctx.Err() == nil {
			p.m.Failures.WithLabelValues("index").Inc()
			p.log.Error("index document; the batch stays pending and resumes on restart", "document", j.doc.ID, "err", err)
			p.abandon(j.run)
		}
		return
	}
	r := j.run
	r.mu.Lock()
	r.docsDone++
	done, total, all := r.docsDone, r.docsTotal, r.docsDone == r.docsTotal
	r.mu.Unlock()
	p.progress(r, "store", done, total)
	if all {
		p.finish(ctx, r, nil)
	}
}

// IndexDocument (re)indexes one stored document from the catalog.
func IndexDocument(ctx context.Context, c *catalog.Catalog, x *index.Index, d chart.Document) error {
	pages, err := c.DocumentPages(ctx, d.ID)
	if err != nil {
		return err
	}
	e := index.Entry{ID: d.ID, Batch: d.BatchID, TypeCode: d.Type.Code, TypeDisplay: d.Type.Display,
		Status: string(d.Status), Created: d.Created}
	for _, f := range d.Flags {
		e.Flags = append(e.Flags, string(f))
	}
	if d.Patient != nil {
		e.MRN = d.Patient.MRN
		if pt, err := c.Patient(ctx, d.Patient.MRN); err == nil {
			e.PatientName = pt.Last + ", " + pt.First
			e.DOB = pt.DOB
		}
	}
	for _, pg := range pages {
		e.Pages = append(e.Pages, pg.Text)
	}
	if err := x.Put(ctx, e); err != nil {
		return err
	}
	return c.MarkIndexed(ctx, d.ID)
}

// ---- endings ----

// logReason is what the service log says about a failed batch: the kind of
// problem, never a file or folder name. Scanner operators name batch
// folders and files after patients; the full explanation, names included,
// goes to the batch's error.txt and the catalog, which are kept like the
// scans themselves.
func logReason(err error) string {
	var pe *pagefile.Error
	switch {
	case errors.As(err, &pe) && pe.Page >= 0:
		return fmt.Sprintf("%v (page %d of a file); the batch's error.txt names the file", pe.Err, pe.Page+1)
	case errors.As(err, &pe):
		return fmt.Sprintf("%v; the batch's error.txt names the file", pe.Err)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err.Error()
	}
	return "see the batch's error.txt and its catalog record"
}

// finish ends a run: records the outcome, moves the batch folder, tells
// the waiters.
func (p *Pipeline) finish(ctx context.Context, r *run, cause error) {
	wctx := context.WithoutCancel(ctx)
	out := Outcome{BatchID: r.batch.ID, Name: r.batch.Name, Status: chart.BatchDone, Pages: r.total}
	r.mu.Lock()
	out.Documents, out.Review = r.docsTotal, r.review
	r.mu.Unlock()
	if cause != nil {
		out.Status, out.Err = chart.BatchFailed, cause
		p.m.Batches.WithLabelValues("failed").Inc()
		p.log.Warn("batch failed", "batch", r.batch.ID, "reason", logReason(cause))
	} else {
		p.m.Batches.WithLabelValues("done").Inc()
		p.log.Info("batch done", "batch", r.batch.ID, "pages", out.Pages, "documents", out.Documents, "review", out.Review)
	}
	errText := ""
	if cause != nil {
		errText = cause.Error()
	}
	if err := p.cfg.Catalog.FinishBatch(wctx, r.batch.ID, out.Status, errText); err != nil {
		p.log.Error("record batch outcome", "batch", r.batch.ID, "err", err)
	}
	switch {
	case cause != nil && p.cfg.FailedDir != "":
		note := "Chartroom could not import this batch.\n\n" + errText +
			"\n\nNothing from this batch was filed. Fix or rescan the file named above, then drop the batch into the inbox again.\nBatch id: " + r.batch.ID
		p.move(wctx, r, p.cfg.FailedDir, "error.txt", note)
	case cause == nil && p.cfg.ArchiveDir != "":
		p.move(wctx, r, p.cfg.ArchiveDir, "", "")
	}
	p.release(r, out)
}

func (p *Pipeline) duplicate(ctx context.Context, r *run) {
	out := Outcome{BatchID: r.batch.ID, Name: r.batch.Name, Status: chart.BatchDone, Duplicate: true, Pages: r.batch.PageCount}
	if p.cfg.ArchiveDir != "" {
		note := "This batch was already imported as batch " + r.batch.ID + " on " +
			r.batch.FinishedAt.Format(time.RFC3339) + ". Nothing was imported again."
		p.move(context.WithoutCancel(ctx), r, p.cfg.ArchiveDir, "duplicate.txt", note)
	}
	p.m.Batches.WithLabelValues("duplicate").Inc()
	p.release(r, out)
}

func (p *Pipeline) move(ctx context.Context, r *run, dir, noteName, note string) {
	if r.path == "" {
		return // a run with no folder of its own (its content now belongs to another batch)
	}
	if _, err := os.Lstat(r.path); err != nil && note == "" {
		return
	}
	dst, err := ingest.Move(r.path, dir, noteName, note)
	if err != nil {
		p.log.Error("move batch", "batch", r.batch.ID, "to", dir, "err", err)
		return
	}
	p.cfg.Catalog.SetBatchSource(ctx, r.batch.ID, dst)
}

// abandon drops a run from this process after an error that may pass (a
// store or index failure): the batch stays "processing" in the catalog and
// resumes on the next start.
func (p *Pipeline) abandon(r *run) {
	r.mu.Lock()
	if r.failed == nil {
		r.failed = errors.New("abandoned")
	} else {
		r.mu.Unlock()
		return
	}
	r.mu.Unlock()
	p.release(r, Outcome{BatchID: r.batch.ID, Name: r.batch.Name, Status: chart.BatchProcessing,
		Err: fmt.Errorf("batch %s could not be completed now; it stays pending and resumes on the next start (see the service log)", r.batch.ID)})
}

func (p *Pipeline) release(r *run, out Outcome) {
	p.mu.Lock()
	if p.runs[r.path] == r {
		delete(p.runs, r.path)
	}
	p.mu.Unlock()
	r.mu.Lock()
	waiters := r.waiters
	r.waiters = nil
	r.mu.Unlock()
	for _, w := range waiters {
		w <- out
	}
}

func (p *Pipeline) progress(r *run, stage string, done int, total ...int) {
	if p.cfg.Progress == nil {
		return
	}
	t := r.total
	if len(total) > 0 {
		t = total[0]
	}
	p.cfg.Progress(Progress{BatchID: r.batch.ID, Name: r.batch.Name, Stage: stage, Done: done, Total: t})
}
