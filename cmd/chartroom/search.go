package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/export"
	"github.com/chartroom/chartroom/index"
	"github.com/chartroom/chartroom/pipeline"
	"golang.org/x/term"
)

func search(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	var c common
	c.register(fs)
	asJSON := fs.Bool("json", false, "print results as JSON")
	size := fs.Int("n", 20, "results to show")
	args, err := parse(fs, args)
	if err != nil {
		return err
	}
	q := strings.Join(args, " ")
	if q == "" {
		return fmt.Errorf("usage: chartroom search [--json] QUERY")
	}
	a, err := openApp(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	hl := ""
	if f, ok := stdout.(*os.File); ok && !*asJSON && term.IsTerminal(int(f.Fd())) {
		hl = "ansi"
	}
	res, err := a.index.Search(ctx, index.Query{Text: q, Size: *size, Highlight: hl})
	if err != nil {
		return err
	}
	a.catalog.Audit(ctx, catalog.Event{Actor: "cli:" + userName(), Action: "search", Entity: "index", Detail: q})
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	fmt.Fprintf(stdout, "%d documents match\n", res.Total)
	for _, h := range res.Hits {
		fmt.Fprintf(stdout, "\n%s  %s  %s (%s)  %s  [%s]  pages %s\n", h.ID, h.MRN, h.PatientName, h.TypeCode, h.TypeDisplay, h.Status, joinInts(h.Pages))
		for _, f := range h.Fragments {
			fmt.Fprintf(stdout, "    …%s…\n", strings.ReplaceAll(f, "\n", " "))
		}
	}
	return nil
}

func joinInts(v []int) string {
	var s []string
	for _, i := range v {
		s = append(s, fmt.Sprint(i))
	}
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, ",")
}

func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	var c common
	c.register(fs)
	fs.Bool("json", true, "print JSON (the only format of export version 1)")
	batch := fs.String("batch", "", "export only this batch (id or folder/file name)")
	args, err := parse(fs, args)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	e, err := export.Build(ctx, a.catalog, *batch)
	if err != nil {
		return err
	}
	a.catalog.Audit(ctx, catalog.Event{Actor: "cli:" + userName(), Action: "export", Entity: "catalog", EntityID: *batch})
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(e)
}

func reindex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	var c common
	c.register(fs)
	args, err := parse(fs, args)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	_, _, dir := c.paths()
	a.index.Close()
	if a.index, err = index.Recreate(dir); err != nil {
		return err
	}
	if err := a.catalog.ClearIndexed(ctx); err != nil {
		return err
	}
	docs, err := a.catalog.Documents(ctx, catalog.DocumentFilter{Unindexed: true})
	if err != nil {
		return err
	}
	for _, d := range docs {
		if err := pipeline.IndexDocument(ctx, a.catalog, a.index, d); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "reindexed %d documents\n", len(docs))
	return nil
}

func userName() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}
