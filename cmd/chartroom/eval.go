package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/evaluate"
	"github.com/chartroom/chartroom/export"
	"github.com/chartroom/chartroom/pipeline"
)

// evalCmd runs the real pipeline on labelled batches in a fresh data
// directory and scores the result against their ground truth.
func evalCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	var c common
	c.register(fs)
	truthFile := fs.String("truth", "", "ground truth of the batches (JSON: a list of batches with pages and documents)")
	mpi := fs.String("mpi", "", "the MPI CSV the batches' patients come from")
	workers := fs.Int("workers", 0, "pages recognised at once (default: CPU count)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *truthFile == "" || *mpi == "" || len(paths) == 0 {
		return fmt.Errorf("usage: chartroom eval --truth TRUTH.json --mpi MPI.csv [--data DIR] BATCH...")
	}
	var truth []evaluate.TruthBatch
	b, err := os.ReadFile(*truthFile)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		return fmt.Errorf("truth: %w", err)
	}
	if c.data == "./data" {
		// Never score into (or on top of) the working data directory.
		if c.data, err = os.MkdirTemp("", "chartroom-eval-*"); err != nil {
			return err
		}
		defer os.RemoveAll(c.data)
	}
	a, err := openApp(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	f, err := os.Open(*mpi)
	if err != nil {
		return err
	}
	patients, bad, err := catalog.ReadPatientsCSV(f)
	f.Close()
	if err != nil || len(bad) > 0 {
		return fmt.Errorf("MPI: %v %v", err, bad)
	}
	if err := a.catalog.UpsertPatients(ctx, patients); err != nil {
		return err
	}
	cfg, err := a.pipelineConfig(*workers)
	if err != nil {
		return err
	}
	prog := newProgressPrinter(stderr)
	cfg.Progress = prog.update
	p := pipeline.New(cfg)
	pctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); p.Run(pctx) }()
	var outs []<-chan pipeline.Outcome
	for _, path := range paths {
		outs = append(outs, p.Submit(pctx, path))
	}
	for _, ch := range outs {
		select {
		case o := <-ch:
			if o.Err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", o.Name, o.Err)
			}
		case <-ctx.Done():
			cancel()
			wg.Wait()
			return ctx.Err()
		}
	}
	cancel()
	wg.Wait()
	ex, err := export.Build(ctx, a.catalog, "")
	if err != nil {
		return err
	}
	r := evaluate.Score(truth, ex)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	r.Print(stdout)
	if r.WrongPatientAutoFiles > 0 {
		return fmt.Errorf("%d documents were auto-filed under the wrong patient", r.WrongPatientAutoFiles)
	}
	return nil
}
