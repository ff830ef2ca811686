package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/pipeline"
)

// reviewCmd: chartroom review set-type DOC-ID CODE. A reviewer's type
// correction updates the document and its search entry and becomes a
// training example for 'chartroom classifier train'.
func reviewCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const use = "usage: chartroom review set-type DOC-ID TYPE-CODE [--user NAME]"
	if len(args) == 0 || args[0] != "set-type" {
		return errors.New(use)
	}
	fset := flag.NewFlagSet("review set-type", flag.ContinueOnError)
	var c common
	c.register(fset)
	actor := fset.String("user", "", "the reviewer (default: $USER)")
	pos, err := parse(fset, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return errors.New(use)
	}
	docID, code := pos[0], pos[1]
	tax, err := c.loadTaxonomy()
	if err != nil {
		return err
	}
	t := chart.Unknown
	if code != chart.Unknown.Code {
		found := false
		for _, r := range tax {
			if r.Code == code {
				t, found = r.DocType, true
			}
		}
		if !found {
			return fmt.Errorf("type %s is not in the taxonomy", code)
		}
	}
	a, err := openApp(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	before, err := a.catalog.Document(ctx, docID)
	if err != nil {
		return err
	}
	who := cliActor(*actor)
	if err := a.catalog.CorrectType(ctx, docID, t, who); err != nil {
		return err
	}
	d, err := a.catalog.Document(ctx, docID)
	if err != nil {
		return err
	}
	if d.Object != "" {
		if err := a.openIndex(); err != nil {
			return fmt.Errorf("type corrected, but the search index could not be updated (run chartroom reindex): %w", err)
		}
		if err := pipeline.IndexDocument(ctx, a.catalog, a.index, d); err != nil {
			return fmt.Errorf("type corrected, but the search index could not be updated (run chartroom reindex): %w", err)
		}
	}
	fmt.Fprintf(stdout, "document %s: type %s -> %s (%s); 'chartroom classifier train' learns from it\n", docID, before.Type.Code, t.Code, t.Display)
	return nil
}
