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
	"strings"
	"time"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/filing"
	"github.com/chartroom/chartroom/index"
	"github.com/chartroom/chartroom/ocr"
	"github.com/chartroom/chartroom/pipeline"
	"github.com/chartroom/chartroom/storage"
	"github.com/chartroom/chartroom/storage/fsstore"
	"github.com/prometheus/client_golang/prometheus"
)

// common holds the flags every command shares.
type common struct {
	data     string
	logLevel string
	logJSON  bool
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.data, "data", "./data", "directory holding everything Chartroom writes (catalog, objects, index)")
	fs.StringVar(&c.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	fs.BoolVar(&c.logJSON, "log-json", false, "log as JSON lines")
}

// parse parses args, then fills every flag not given on the command line
// from its environment variable: --poll-interval is CHARTROOM_POLL_INTERVAL.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
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
	return errors.Join(errs...)
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
	store   storage.Store
	index   *index.Index
	ocr     *ocr.Tesseract
	reg     *prometheus.Registry
}

func (c *common) paths() (catalogPath, objects, idx string) {
	return filepath.Join(c.data, "catalog.db"), filepath.Join(c.data, "objects"), filepath.Join(c.data, "index.bleve")
}

func openApp(ctx context.Context, c *common, stderr io.Writer) (*app, error) {
	if err := os.MkdirAll(c.data, 0o750); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	catPath, objects, idx := c.paths()
	a := &app{dir: c.data, log: c.logger(stderr)}
	var err error
	if a.catalog, err = catalog.Open(ctx, catPath); err != nil {
		return nil, err
	}
	if a.store, err = fsstore.New(objects); err != nil {
		a.close()
		return nil, err
	}
	if a.index, err = index.Open(idx); err != nil {
		a.close()
		return nil, err
	}
	return a, nil
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

// pipelineConfig builds the pipeline on this app, starting the OCR pool.
func (a *app) pipelineConfig(workers int) (pipeline.Config, error) {
	if workers < 1 {
		workers = runtime.NumCPU()
	}
	t, err := ocr.NewTesseract(workers, "eng")
	if err != nil {
		return pipeline.Config{}, fmt.Errorf("%w (install tesseract-ocr, tesseract-ocr-eng and tesseract-ocr-osd, or run 'make demo' as root)", err)
	}
	a.ocr = t
	a.reg = prometheus.NewRegistry()
	a.reg.MustRegister(prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return pipeline.Config{
		Catalog:    a.catalog,
		Store:      a.store,
		Index:      a.index,
		OCR:        ocr.NewProcessor(t),
		Workers:    workers,
		Splitter:   filing.HeaderSplitter{Titles: filing.TitleRules{Rules: filing.DefaultTaxonomy()}},
		Classifier: filing.TitleRules{Rules: filing.DefaultTaxonomy()},
		Matcher:    filing.MRNMatcher{MPI: a.catalog, IsNotFound: func(err error) bool { return errors.Is(err, catalog.ErrNotFound) }},
		Policy:     filing.DefaultPolicy(),
		Logger:     a.log,
		Registry:   a.reg,
	}, nil
}

// shutdownGrace is how long in-flight pages get to finish on shutdown.
const shutdownGrace = 60 * time.Second
