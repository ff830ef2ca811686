package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/chartroom/chartroom/ingest"
	"github.com/chartroom/chartroom/pipeline"
	"golang.org/x/term"
)

func ingestCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	var c common
	c.register(fs)
	wait := fs.Bool("wait", false, "wait until each batch is complete (READY marker, or no change for --quiet) before processing it")
	quiet := fs.Duration("quiet", 5*time.Second, "with --wait: how long a batch must stay unchanged")
	workers := fs.Int("workers", 0, "pages recognised at once (default: CPU count)")
	args, err := parse(fs, args)
	if err != nil {
		return err
	}
	paths := args
	if len(paths) == 0 {
		return fmt.Errorf("usage: chartroom ingest [--wait] PATH...")
	}
	a, err := openApp(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	cfg, err := a.pipelineConfig(*workers)
	if err != nil {
		return err
	}
	prog := newProgressPrinter(stdout)
	cfg.Progress = prog.update
	p := pipeline.New(cfg)

	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); p.Run(pctx) }()

	if *wait {
		for _, path := range paths {
			if err := waitComplete(ctx, path, *quiet, cfg); err != nil {
				return err
			}
		}
	}
	var outs []<-chan pipeline.Outcome
	for _, path := range paths {
		outs = append(outs, p.Submit(pctx, path))
	}
	failed := 0
	for _, ch := range outs {
		select {
		case o := <-ch:
			prog.done(o)
			if o.Err != nil {
				failed++
			}
		case <-ctx.Done():
			cancel()
			wg.Wait()
			return fmt.Errorf("interrupted; unfinished batches resume on the next run")
		}
	}
	cancel()
	wg.Wait()
	if failed > 0 {
		return fmt.Errorf("%d of %d batches failed", failed, len(paths))
	}
	return nil
}

// waitComplete blocks until the batch at path has a marker, or has stayed
// unchanged for quiet and every file opens. A batch that stays unchanged
// but unreadable is handed on after staleAfter, to fail with its reason
// rather than be waited for forever. Completeness is judged from names,
// sizes and times (ingest.Signature); file headers are read once per
// change, not on every look.
func waitComplete(ctx context.Context, path string, quiet time.Duration, cfg pipeline.Config) error {
	const staleAfter = 2 * time.Minute
	var last string
	stable, checked := time.Now(), false
	for {
		if ingest.HasMarker(path) {
			return nil
		}
		sig, err := ingest.Signature(path)
		if err != nil {
			return err
		}
		switch {
		case sig != last:
			last, stable, checked = sig, time.Now(), false
		case time.Since(stable) >= staleAfter:
			return nil
		case time.Since(stable) >= quiet && !checked:
			if ingest.Check(path, cfg.Limits) == nil {
				return nil
			}
			checked = true
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(quiet / 5):
		}
	}
}

// progressPrinter shows pages done / total per stage, on one line per
// batch when the output is a terminal, and a final line per batch always.
type progressPrinter struct {
	w   io.Writer
	tty bool
	mu  sync.Mutex
}

func newProgressPrinter(w io.Writer) *progressPrinter {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	return &progressPrinter{w: w, tty: tty}
}

func (p *progressPrinter) update(pr pipeline.Progress) {
	if !p.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if pr.Stage == "ocr" {
		fmt.Fprintf(p.w, "\r\033[K%s: ocr %d/%d pages", pr.Name, pr.Done, pr.Total)
		return
	}
	fmt.Fprintf(p.w, "\r\033[K%s: stored %d/%d documents", pr.Name, pr.Done, pr.Total)
}

func (p *progressPrinter) done(o pipeline.Outcome) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
	switch {
	case o.Err != nil:
		fmt.Fprintf(p.w, "%s: FAILED (%s): %v\n", o.Name, o.BatchID, o.Err)
	case o.Duplicate:
		fmt.Fprintf(p.w, "%s: already imported as %s; nothing imported again\n", o.Name, o.BatchID)
	default:
		fmt.Fprintf(p.w, "%s: done (%s): %d pages, %d documents, %d for review\n", o.Name, o.BatchID, o.Pages, o.Documents, o.Review)
	}
}
