// Command chartroom turns scanned paper charts into searchable, correctly
// filed documents. See README.md; `chartroom help` lists the subcommands.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/chartroom/chartroom/ocr"
)

func main() {
	// Before anything else: Tesseract's thread limit can only be set for
	// the whole process at start.
	if err := ocr.LimitThreads(); err != nil {
		fmt.Fprintln(os.Stderr, "chartroom:", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "chartroom:", err)
		os.Exit(1)
	}
}

const usage = `chartroom: scanned paper charts in, searchable filed documents out.

Usage: chartroom <command> [flags]

Commands:
  serve                   watch the inbox, process batches, serve HTTP
  ingest [--wait] PATH... process batch folders or multi-page files once
  patients import FILE    load or update the master patient index (CSV)
  search [--json] QUERY   full-text search
  export --json [--batch ID]  the export contract (version 1)
  reindex                 rebuild the search index from the catalog
  verify [--all]          re-read stored objects; report missing or changed ones
  hold set|clear DOC-ID --reason TEXT   place or lift a legal hold
  eval --truth T.json --mpi MPI.csv BATCH...   score filing against ground truth
  classifier train|info   retrain the document-type model (corpus + QA corrections), or describe it
  review set-type DOC-ID CODE   correct a document's type (a QA correction)

Every flag can also be set with an environment variable: --data is
CHARTROOM_DATA, --poll is CHARTROOM_POLL, and so on. Run
'chartroom <command> -h' for a command's flags.

Objects go to DATA/objects unless --s3-endpoint (CHARTROOM_S3_ENDPOINT) names
an S3 store; see README.md.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, stdout, stderr)
	case "ingest":
		return ingestCmd(ctx, rest, stdout, stderr)
	case "patients":
		if len(rest) == 0 || rest[0] != "import" {
			return fmt.Errorf("usage: chartroom patients import FILE.csv")
		}
		return patientsImport(ctx, rest[1:], stdout, stderr)
	case "search":
		return search(ctx, rest, stdout, stderr)
	case "export":
		return exportCmd(ctx, rest, stdout, stderr)
	case "reindex":
		return reindex(ctx, rest, stdout, stderr)
	case "verify":
		return verify(ctx, rest, stdout, stderr)
	case "hold":
		return hold(ctx, rest, stdout, stderr)
	case "eval":
		return evalCmd(ctx, rest, stdout, stderr)
	case "classifier":
		return classifierCmd(ctx, rest, stdout, stderr)
	case "review":
		return reviewCmd(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}
