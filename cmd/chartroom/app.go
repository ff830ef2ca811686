package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/chartroom/chartroom/barcode"
	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/filing"
	"github.com/chartroom/chartroom/index"
	"github.com/chartroom/chartroom/ocr"
	"github.com/chartroom/chartroom/pipeline"
	"github.com/chartroom/chartroom/storage"
	"github.com/chartroom/chartroom/storage/fsstore"
	"github.com/chartroom/chartroom/storage/s3store"
	"github.com/prometheus/client_golang/prometheus"
)

// common holds the flags every command shares.
type common struct {
	data     string
	logLevel string
	logJSON  bool

	s3            s3store.Config
	retention     retention
	retentionMode string
	taxonomy      string
	typeModel     string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.data, "data", "./data", "directory holding everything Chartroom writes (catalog, objects, index)")
	fs.StringVar(&c.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	fs.BoolVar(&c.logJSON, "log-json", false, "log as JSON lines")
	fs.StringVar(&c.s3.Endpoint, "s3-endpoint", "", "S3 endpoint host:port; setting it stores objects in S3 instead of DATA/objects")
	fs.StringVar(&c.s3.Bucket, "s3-bucket", "chartroom", "S3 bucket (created with versioning and Object Lock if missing)")
	fs.StringVar(&c.s3.Region, "s3-region", "us-east-1", "S3 region")
	fs.StringVar(&c.s3.AccessKey, "s3-access-key", "", "S3 access key")
	fs.StringVar(&c.s3.SecretKey, "s3-secret-key", "", "S3 secret key")
	fs.BoolVar(&c.s3.TLS, "s3-tls", false, "use HTTPS to reach S3")
	fs.BoolVar(&c.s3.PathStyle, "s3-path-style", true, "path-style S3 requests (MinIO, Ceph); false for virtual-host style")
	fs.BoolVar(&c.s3.ObjectLock, "s3-object-lock", true, "create the bucket with Object Lock; turn off for stores without it (legal holds and retention are then refused)")
	fs.StringVar(&c.s3.SSE, "s3-sse", "", "server-side encryption: s3 (SSE-S3) or c (SSE-C, needs --s3-sse-c-key-file and TLS)")
	fs.StringVar(&c.s3.SSECKeyFile, "s3-sse-c-key-file", "", "file holding the 32-byte SSE-C key")
	fs.Var(&c.retention, "retention", "keep document PDFs at least this long with S3 Object Lock retention, e.g. 10y, 90d, 36h")
	fs.StringVar(&c.retentionMode, "retention-mode", "governance", "retention mode: governance or compliance")
	fs.StringVar(&c.taxonomy, "taxonomy", "", "the facility's document taxonomy (JSON, as filing/taxonomy.json); default: the built-in LOINC + local types")
	fs.StringVar(&c.typeModel, "type-model", "", "the document-type model file written by 'chartroom classifier train' (default DATA/typemodel.gob.gz; if missing, the built-in model is trained from the repository's corpus at start)")
}

// taxonomy loads --taxonomy, or the built-in one.
func (c *common) loadTaxonomy() ([]filing.TypeRule, error) {
	if c.taxonomy == "" {
		return filing.DefaultTaxonomy(), nil
	}
	f, err := os.Open(c.taxonomy)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return filing.LoadTaxonomy(f)
}

// retention is a duration flag that also takes days and years ("10y").
type retention time.Duration

func (r *retention) String() string { return time.Duration(*r).String() }

func (r *retention) Set(s string) error {
	d, err := parseRetention(s)
	*r = retention(d)
	return err
}

func parseRetention(s string) (time.Duration, error) {
	if s == "" || s == "0" {
		return 0, nil
	}
	unit := map[byte]time.Duration{'y': 365 * 24 * time.Hour, 'd': 24 * time.Hour}
	if u, ok := unit[s[len(s)-1]]; ok {
		n, err := strconv.Atoi(s[:len(s)-1])
		if err != nil || n < 0 {
			return 0, fmt.Errorf("retention %q: use e.g. 10y, 90d or 36h", s)
		}
		return time.Duration(n) * u, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("retention %q: use e.g. 10y, 90d or 36h", s)
	}
	return d, nil
}

// parse parses args, allowing flags after positional arguments
// (`hold set DOC --reason x`), then fills every flag not given on the
// command line from its environment variable: --poll-interval is
// CHARTROOM_POLL_INTERVAL. It returns the positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			positional = append(positional, rest...) // everything after -- is positional
			break
		}
		positional, args = append(positional, rest[0]), rest[1:]
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] {
			return
		}
		env := "CHARTROOM_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(env); ok {
			if err := f.Value.Set(v); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %w", env, v, err))
			}
		}
	})
	return positional, errors.Join(errs...)
}

func (c *common) logger(w io.Writer) *slog.Logger {
	var lvl slog.Level
	lvl.UnmarshalText([]byte(c.logLevel))
	opts := &slog.HandlerOptions{Level: lvl}
	if c.logJSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// app is everything a command may need, opened from the data directory.
type app struct {
	dir     string
	log     *slog.Logger
	catalog *catalog.Catalog
	// store is the object store as the rest of Chartroom sees it: retried
	// on transient failures, every write recorded, every read verified.
	store   storage.Store
	raw     storage.Store // the bare backend, for scrubs
	index   *index.Index
	ocr     *ocr.Tesseract
	reg     *prometheus.Registry
	metrics *pipeline.Metrics
	c       *common
}

func (c *common) paths() (catalogPath, objects, idx string) {
	return filepath.Join(c.data, "catalog.db"), filepath.Join(c.data, "objects"), filepath.Join(c.data, "index.bleve")
}

func openApp(ctx context.Context, c *common, stderr io.Writer) (*app, error) {
	if err := os.MkdirAll(c.data, 0o750); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	catPath, objects, _ := c.paths()
	a := &app{dir: c.data, log: c.logger(stderr), c: c, reg: prometheus.NewRegistry()}
	a.reg.MustRegister(prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	a.metrics = pipeline.NewMetrics(a.reg)
	var err error
	if a.catalog, err = catalog.Open(ctx, catPath); err != nil {
		return nil, err
	}
	if c.s3.Endpoint != "" {
		a.raw, err = s3store.Open(ctx, c.s3)
	} else {
		if c.retention > 0 {
			err = fmt.Errorf("--retention needs an S3 store with Object Lock (--s3-endpoint); the filesystem store cannot enforce it")
		} else {
			a.raw, err = fsstore.New(objects)
		}
	}
	if err != nil {
		a.close()
		return nil, err
	}
	retry := &storage.Retry{Store: a.raw, OnRetry: func(op, key string, attempt int, err error) {
		a.metrics.StoreRetries.WithLabelValues(op).Inc()
		a.log.Warn("object store call failed; retrying", "op", op, "key", key, "attempt", attempt, "err", err)
	}}
	a.store = &storage.Checked{Store: retry, Ledger: a.catalog, OnMismatch: func(key string, err error) {
		a.metrics.IntegrityFailures.Inc()
		a.log.Error("integrity check failed", "key", key, "err", err)
		a.catalog.Audit(context.WithoutCancel(ctx), catalog.Event{Actor: "system", Action: "object.integrity-failure", Entity: "object", EntityID: key, Detail: err.Error()})
	}}
	return a, nil
}

// openIndex opens the search index, for the commands that use it. Only one
// process can hold it: while serve runs, other commands get index.ErrBusy.
func (a *app) openIndex() error {
	if a.index != nil {
		return nil
	}
	_, _, dir := a.c.paths()
	var err error
	a.index, err = index.Open(dir)
	switch {
	case errors.Is(err, index.ErrBusy):
		return fmt.Errorf("%w (a chartroom serve is running on this data directory: stop it, or use its HTTP API)", err)
	case err != nil:
		// The index is derived data: set the damaged one aside (nothing is
		// deleted) and rebuild it from the catalog.
		aside := fmt.Sprintf("%s.damaged-%s", dir, time.Now().UTC().Format("20060102T150405"))
		a.log.Error("search index unreadable; rebuilding it from the catalog", "err", err, "set_aside", aside)
		if rerr := os.Rename(dir, aside); rerr != nil {
			return fmt.Errorf("search index unreadable (%v) and could not be set aside: %w", err, rerr)
		}
		if a.index, err = index.Open(dir); err != nil {
			return err
		}
		n, err := rebuildIndex(context.Background(), a)
		if err != nil {
			return fmt.Errorf("rebuild the search index: %w", err)
		}
		a.log.Info("search index rebuilt", "documents", n)
	}
	return nil
}

// rebuildIndex indexes every stored document from the catalog into a's
// (empty) index.
func rebuildIndex(ctx context.Context, a *app) (int, error) {
	if err := a.catalog.ClearIndexed(ctx); err != nil {
		return 0, err
	}
	docs, err := a.catalog.Documents(ctx, catalog.DocumentFilter{Unindexed: true})
	if err != nil {
		return 0, err
	}
	for _, d := range docs {
		if err := pipeline.IndexDocument(ctx, a.catalog, a.index, d); err != nil {
			return 0, err
		}
	}
	return len(docs), nil
}

func (a *app) close() {
	if a.ocr != nil {
		a.ocr.Close()
	}
	if a.index != nil {
		a.index.Close()
	}
	if a.catalog != nil {
		a.catalog.Close()
	}
}

// filingConfig is the filing half of the pipeline's configuration: the
// taxonomy, splitter, type classifier, patient matcher and policy. It
// needs neither OCR nor the index, so eval --refile uses it alone.
func (a *app) filingConfig(ctx context.Context) (pipeline.Config, error) {
	tax, err := a.c.loadTaxonomy()
	if err != nil {
		return pipeline.Config{}, err
	}
	classifier, err := a.typeClassifier(ctx, tax)
	if err != nil {
		return pipeline.Config{}, err
	}
	policy := filing.DefaultPolicy()
	matcher, err := newLiveMatcher(ctx, a.catalog, policy, a.log)
	if err != nil {
		return pipeline.Config{}, err
	}
	return pipeline.Config{
		Taxonomy:   tax,
		Catalog:    a.catalog,
		Splitter:   filing.HeaderSplitter{Titles: filing.TitleRules{Rules: tax}, Sheets: filing.DefaultSheets()},
		Classifier: classifier,
		Matcher:    matcher,
		Policy:     policy,
		Logger:     a.log,
	}, nil
}

// pipelineConfig builds the pipeline on this app, starting the OCR pool.
func (a *app) pipelineConfig(workers int) (pipeline.Config, error) {
	if workers < 1 {
		workers = runtime.NumCPU()
	}
	mode := storage.Governance
	if strings.EqualFold(a.c.retentionMode, "compliance") {
		mode = storage.Compliance
	} else if !strings.EqualFold(a.c.retentionMode, "governance") {
		return pipeline.Config{}, fmt.Errorf("--retention-mode must be governance or compliance")
	}
	cfg, err := a.filingConfig(context.Background())
	if err != nil {
		return pipeline.Config{}, err
	}
	if err := a.openIndex(); err != nil {
		return pipeline.Config{}, err
	}
	t, err := ocr.NewTesseract(workers, "eng")
	if err != nil {
		return pipeline.Config{}, fmt.Errorf("%w (install tesseract-ocr, tesseract-ocr-eng and tesseract-ocr-osd, or run 'make demo' as root)", err)
	}
	a.ocr = t
	cfg.Metrics, cfg.Registry = a.metrics, a.reg
	cfg.Retention, cfg.RetentionMode = time.Duration(a.c.retention), mode
	cfg.Store, cfg.Index = a.store, a.index
	cfg.OCR, cfg.Workers = ocr.NewProcessor(t), workers
	cfg.Barcodes = barcode.Reader{}
	return cfg, nil
}

// shutdownGrace is how long in-flight pages get to finish on shutdown.
const shutdownGrace = 60 * time.Second
