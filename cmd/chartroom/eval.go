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
	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/evaluate"
	"github.com/chartroom/chartroom/export"
	"github.com/chartroom/chartroom/filing"
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
	baseline := fs.Bool("ocr-baseline", false, "only read the content pages whose text the truth records with the plain tesseract command and print its word recall (the baseline for Chartroom's OCR word recall)")
	refile := fs.Bool("refile", false, "do not read the batches again: file the pages a previous 'eval --data DIR' recorded in DIR with the current splitter, classifier, matcher and policy (seconds instead of minutes, for tuning)")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *truthFile == "" || (!*refile && (*mpi == "" || len(paths) == 0)) {
		return fmt.Errorf("usage: chartroom eval --truth TRUTH.json --mpi MPI.csv [--data DIR] BATCH... | chartroom eval --refile --data DIR --truth TRUTH.json")
	}
	var truth []evaluate.TruthBatch
	b, err := os.ReadFile(*truthFile)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		return fmt.Errorf("truth: %w", err)
	}
	if *baseline {
		return ocrBaseline(ctx, truth, paths, stdout)
	}
	if *refile {
		if c.data == "./data" {
			return fmt.Errorf("--refile needs --data: the data directory of a previous eval run")
		}
		return refileEval(ctx, &c, truth, *asJSON, stdout, stderr)
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
	return report(evaluate.Score(truth, ex), *asJSON, stdout)
}

func report(r evaluate.Report, asJSON bool, stdout io.Writer) error {
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return err
		}
	} else {
		r.Print(stdout)
	}
	if r.WrongPatientAutoFiles > 0 {
		return fmt.Errorf("%d documents were auto-filed under the wrong patient", r.WrongPatientAutoFiles)
	}
	return nil
}

// refileEval files again the pages an earlier eval run recorded, with the
// filing code as it is now, and scores the result. Nothing is written.
func refileEval(ctx context.Context, c *common, truth []evaluate.TruthBatch, asJSON bool, stdout, stderr io.Writer) error {
	a, err := openApp(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	cfg, err := a.filingConfig(ctx)
	if err != nil {
		return err
	}
	f := pipeline.New(cfg).Filer()
	sheets := filing.DefaultSheets()
	batches, err := a.catalog.Batches(ctx, "")
	if err != nil {
		return err
	}
	ex := export.Export{Version: export.Version}
	for _, b := range batches {
		pages, err := a.catalog.Pages(ctx, b.ID)
		if err != nil {
			return err
		}
		byID := map[string]chart.Page{}
		for i, p := range pages {
			// Page roles as the pipeline decides them now: from the
			// barcodes, then from the print of a page read as content.
			if p.Role == chart.RoleContent || p.Role == chart.RoleCover || p.Role == chart.RoleSeparator {
				p.Role, _ = sheets.Role(p.Barcodes)
				if p.Role == chart.RoleContent && p.Text != "" {
					p.Role, _ = sheets.RoleFromText(p)
				}
				pages[i] = p
			}
			byID[p.ID] = p
		}
		docs, err := f.File(ctx, pages)
		if err != nil {
			return fmt.Errorf("batch %s: %w", b.ID, err)
		}
		for i, d := range docs {
			d.ID, d.BatchID = fmt.Sprintf("%s-%d", b.ID, i), b.ID
			var dp []chart.Page
			for _, id := range d.PageIDs {
				dp = append(dp, byID[id])
			}
			ex.Documents = append(ex.Documents, export.FromDocument(d, b.Name, dp))
		}
	}
	return report(evaluate.Score(truth, ex), asJSON, stdout)
}
