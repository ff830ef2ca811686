package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/chartroom/chartroom/ingest"
	"github.com/chartroom/chartroom/pipeline"
	"github.com/chartroom/chartroom/web"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var c common
	c.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "HTTP listen address")
	inbox := fs.String("inbox", "", "folder scanners drop batches into (default DATA/inbox)")
	archive := fs.String("archive", "", "folder finished batches are moved to (default DATA/archive)")
	failed := fs.String("failed", "", "folder failed batches are moved to, with error.txt (default DATA/failed)")
	poll := fs.Duration("poll", 10*time.Second, "rescan the inbox this often (for SMB/NFS shares where change events do not arrive)")
	quiet := fs.Duration("quiet", 5*time.Second, "a batch without a READY marker is complete after this long without changes")
	workers := fs.Int("workers", 0, "pages recognised at once (default: CPU count)")
	args, err := parse(fs, args)
	if err != nil {
		return err
	}
	def := func(v *string, sub string) {
		if *v == "" {
			*v = filepath.Join(c.data, sub)
		}
	}
	def(inbox, "inbox")
	def(archive, "archive")
	def(failed, "failed")

	a, err := openApp(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	cfg, err := a.pipelineConfig(*workers)
	if err != nil {
		return err
	}
	cfg.ArchiveDir, cfg.FailedDir = *archive, *failed
	cfg.ResumeEvery = time.Minute
	p := pipeline.New(cfg)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           (&web.Server{Catalog: a.catalog, Index: a.index, Gatherer: a.reg, Logger: a.log}).Handler(),
		ReadHeaderTimeout: 10 * time.Second,
	}
	fmt.Fprintf(stdout, "Chartroom is running.\n  data:    %s\n  inbox:   %s\n  archive: %s\n  failed:  %s\n  http:    http://%s/\n",
		abs(c.data), abs(*inbox), abs(*archive), abs(*failed), ln.Addr())

	// The pipeline stops on its own context: on a signal the HTTP server
	// stops taking requests, the watcher stops handing batches over, and the
	// pages being recognised are finished and recorded.
	pctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	var wg sync.WaitGroup
	errc := make(chan error, 3)
	wg.Add(3)
	go func() { defer wg.Done(); errc <- p.Run(pctx) }()
	go func() {
		defer wg.Done()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- err
		}
	}()
	ready := make(chan string)
	w := &ingest.Watcher{Inbox: *inbox, Quiet: *quiet, Poll: *poll, Limits: cfg.Limits, Busy: p.InFlight, Logger: a.log}
	go func() { defer wg.Done(); errc <- w.Run(pctx, ready) }()
	go func() {
		for {
			select {
			case <-pctx.Done():
				return
			case path := <-ready:
				p.Submit(pctx, path)
			}
		}
	}()

	var runErr error
	select {
	case <-ctx.Done():
		a.log.Info("shutting down: finishing pages in flight")
	case runErr = <-errc:
	}
	sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
	srv.Shutdown(sctx)
	scancel()
	cancel()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(shutdownGrace):
		a.log.Warn("shutdown grace period over; unfinished pages resume on next start")
	}
	return runErr
}

func abs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
