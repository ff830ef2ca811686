package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/export"
	"github.com/chartroom/chartroom/index"
	"golang.org/x/term"
)

func search(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	var c common
	c.register(fs)
	asJSON := fs.Bool("json", false, "print results as JSON")
	size := fs.Int("n", 20, "results to show")
	addr := fs.String("addr", "127.0.0.1:8080", "where a running chartroom serve listens: asked when it holds the index")
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
	var res index.Results
	switch err := a.openIndex(); {
	case errors.Is(err, index.ErrBusy):
		// serve holds the index: ask it (it audits the search itself).
		if res, err = searchOverHTTP(ctx, *addr, q, *size); err != nil {
			return fmt.Errorf("the index is held by a running chartroom serve, and asking it at %s failed: %w", *addr, err)
		}
	case err != nil:
		return err
	default:
		if res, err = a.index.Search(ctx, index.Query{Text: q, Size: *size, Highlight: hl}); err != nil {
			return err
		}
		a.catalog.Audit(ctx, catalog.Event{Actor: cliActor(""), Action: "search", Entity: "index", Detail: q})
	}
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

// searchOverHTTP runs a search through a running serve's API.
func searchOverHTTP(ctx context.Context, addr, q string, size int) (index.Results, error) {
	var res index.Results
	u := "http://" + addr + "/api/v1/search?" + url.Values{"q": {q}, "size": {strconv.Itoa(size)}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return res, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return res, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return res, fmt.Errorf("%s", resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		return res, err
	}
	// The API marks hits for HTML; show them like local results.
	for i := range res.Hits {
		for j, f := range res.Hits[i].Fragments {
			f = strings.NewReplacer("<mark>", "[[", "</mark>", "]]").Replace(f)
			res.Hits[i].Fragments[j] = html.UnescapeString(f)
		}
	}
	return res, nil
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
	a.catalog.Audit(ctx, catalog.Event{Actor: cliActor(""), Action: "export", Entity: "catalog", EntityID: *batch})
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
	if err := a.openIndex(); err != nil {
		return err
	}
	a.index.Close()
	if a.index, err = index.Recreate(dir); err != nil {
		return err
	}
	n, err := rebuildIndex(ctx, a)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "reindexed %d documents\n", n)
	return nil
}

// cliActor is who an audited command acts as: the --user given, else the
// login running the command.
func cliActor(given string) string {
	if given != "" {
		return given
	}
	return "cli:" + userName()
}

func userName() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}
