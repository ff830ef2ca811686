package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/storage"
)

// verify re-reads stored objects and compares them with what the catalog
// recorded when Chartroom wrote them: a scrub.
func verify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	var c common
	c.register(fs)
	all := fs.Bool("all", false, "verify every object (page images and manifests too), not only document PDFs")
	args, err := parse(fs, args)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	prefix := "documents/"
	if *all {
		prefix = ""
	}
	var checked, missing, differ int
	err = a.catalog.RecordedObjects(ctx, prefix, func(o storage.ObjectInfo) error {
		checked++
		err := storage.Verify(ctx, a.raw, o)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, storage.ErrNotFound):
			missing++
			fmt.Fprintf(stdout, "MISSING  %s\n", o.Key)
		case errors.Is(err, storage.ErrIntegrity):
			differ++
			fmt.Fprintf(stdout, "DIFFERS  %v\n", err)
		default:
			return err
		}
		a.metrics.IntegrityFailures.Inc()
		a.catalog.Audit(ctx, catalog.Event{Actor: "system", Action: "object.verify-failed", Entity: "object", EntityID: o.Key, Detail: err.Error()})
		return nil
	})
	if err != nil {
		return err
	}
	a.catalog.Audit(ctx, catalog.Event{Actor: "system", Action: "verify", Entity: "store",
		Detail: fmt.Sprintf("checked=%d missing=%d differ=%d", checked, missing, differ)})
	fmt.Fprintf(stdout, "verified %d objects: %d missing, %d differ\n", checked, missing, differ)
	if missing+differ > 0 {
		return fmt.Errorf("%d objects are missing or differ from what was written", missing+differ)
	}
	return nil
}

// hold sets or clears a legal hold on a document: in the catalog (so no
// Chartroom path deletes or replaces it) and on the stored PDF (so the
// object store refuses too).
func hold(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "set" && args[0] != "clear") {
		return fmt.Errorf("usage: chartroom hold set|clear DOC-ID --reason TEXT")
	}
	on := args[0] == "set"
	fs := flag.NewFlagSet("hold", flag.ContinueOnError)
	var c common
	c.register(fs)
	reason := fs.String("reason", "", "why (a matter number, a request): recorded in the audit trail")
	actor := fs.String("user", "", "who is placing or lifting the hold (default: $USER)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 || *reason == "" {
		return fmt.Errorf("usage: chartroom hold set|clear DOC-ID --reason TEXT")
	}
	docID := pos[0]
	a, err := openApp(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	d, err := a.catalog.Document(ctx, docID)
	if err != nil {
		return err
	}
	if d.Object == "" {
		return fmt.Errorf("document %s has no stored PDF yet", docID)
	}
	l, ok := a.store.(storage.Locker)
	if !ok {
		return storage.ErrLockUnsupported
	}
	if err := l.SetLegalHold(ctx, d.Object, d.ObjectVersion, on); err != nil {
		if errors.Is(err, storage.ErrLockUnsupported) {
			return fmt.Errorf("legal hold refused: %w; use an S3 store with Object Lock (--s3-endpoint, --s3-object-lock)", err)
		}
		return err
	}
	who := cliActor(*actor)
	if err := a.catalog.SetHold(ctx, docID, on, *reason, who); err != nil {
		return err
	}
	state := "lifted"
	if on {
		state = "placed"
	}
	fmt.Fprintf(stdout, "legal hold %s on %s (%s)\n", state, docID, d.Object)
	return nil
}
