package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/chartroom/chartroom/catalog"
)

func patientsImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("patients import", flag.ContinueOnError)
	var c common
	c.register(fs)
	args, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return fmt.Errorf("usage: chartroom patients import FILE.csv")
	}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	good, bad, err := catalog.ReadPatientsCSV(f)
	if err != nil {
		return err
	}
	for _, b := range bad {
		fmt.Fprintln(stderr, b)
	}
	a, err := openApp(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	if err := a.catalog.UpsertPatients(ctx, good); err != nil {
		return err
	}
	n, _ := a.catalog.PatientCount(ctx)
	fmt.Fprintf(stdout, "imported %d patients (%d rows skipped); the MPI holds %d patients\n", len(good), len(bad), n)
	return nil
}
