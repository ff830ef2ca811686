package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/chartroom/chartroom/catalog"
	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/filing"
	"github.com/chartroom/chartroom/typemodel"
)

// typeModelPath is where the trained type model lives.
func (c *common) typeModelPath() string {
	if c.typeModel != "" {
		return c.typeModel
	}
	return filepath.Join(c.data, "typemodel.gob.gz")
}

// typeClassifier is the title rules plus the type model: the one written
// by 'classifier train' when there is one, else the built-in model
// trained now from the repository's corpus.
func (a *app) typeClassifier(ctx context.Context, tax []filing.TypeRule) (filing.TypeClassifier, error) {
	rules := filing.TitleRules{Rules: tax}
	path := a.c.typeModelPath()
	f, err := os.Open(path)
	switch {
	case err == nil:
		defer f.Close()
		m, err := typemodel.Load(f)
		if err != nil {
			return filing.TypeClassifier{}, fmt.Errorf("type model %s: %w", path, err)
		}
		a.log.Info("type model loaded", "model", m.Info.ID, "examples", m.Info.Examples, "path", path)
		a.warnMissing(m, tax)
		return filing.TypeClassifier{Rules: rules, Model: m}, nil
	case !errors.Is(err, fs.ErrNotExist) || a.c.typeModel != "":
		return filing.TypeClassifier{}, fmt.Errorf("type model: %w", err)
	}
	start := time.Now()
	m, err := trainBuiltin(ctx, tax, nil)
	if err != nil {
		return filing.TypeClassifier{}, err
	}
	a.log.Info("type model trained from the built-in corpus", "model", m.Info.ID, "examples", m.Info.Examples,
		"cv_accuracy", fmt.Sprintf("%.3f", m.Info.CV.Accuracy()), "took", time.Since(start).Round(time.Millisecond))
	a.warnMissing(m, tax)
	return filing.TypeClassifier{Rules: rules, Model: m}, nil
}

func (a *app) warnMissing(m *typemodel.Model, tax []filing.TypeRule) {
	if missing := filing.MissingExamples(m, tax); len(missing) > 0 {
		a.log.Warn("the type model has no examples (or too few) of some taxonomy types; they are classified by title alone",
			"types", fmt.Sprint(missing))
	}
}

// trainBuiltin trains on the built-in corpus (only the taxonomy's types and
// UNK: a facility that dropped a type must not get it back) plus extra.
func trainBuiltin(ctx context.Context, tax []filing.TypeRule, extra []typemodel.Example) (*typemodel.Model, error) {
	corpus, err := typemodel.DefaultCorpus()
	if err != nil {
		return nil, err
	}
	return filing.TrainTypeModel(ctx, append(inTaxonomy(corpus, tax), extra...), tax)
}

func inTaxonomy(ex []typemodel.Example, tax []filing.TypeRule) []typemodel.Example {
	codes := map[string]bool{chart.Unknown.Code: true}
	for _, r := range tax {
		codes[r.Code] = true
	}
	var out []typemodel.Example
	for _, e := range ex {
		if codes[e.Type] {
			out = append(out, e)
		}
	}
	return out
}

// classifierCmd: chartroom classifier train|info.
func classifierCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const use = "usage: chartroom classifier train [--corpus DIR] [--corrections=false] | chartroom classifier info"
	if len(args) == 0 || (args[0] != "train" && args[0] != "info") {
		return errors.New(use)
	}
	fset := flag.NewFlagSet("classifier "+args[0], flag.ContinueOnError)
	var c common
	c.register(fset)
	corpusDir := fset.String("corpus", "", "a folder of <code>.txt example files to train on instead of the built-in corpus")
	withCorrections := fset.Bool("corrections", true, "add the document types QA reviewers corrected (chartroom review set-type) as examples")
	if _, err := parse(fset, args[1:]); err != nil {
		return err
	}
	tax, err := c.loadTaxonomy()
	if err != nil {
		return err
	}
	if args[0] == "info" {
		return classifierInfo(&c, tax, stdout)
	}
	a, err := openApp(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	var extra []typemodel.Example
	if *withCorrections {
		tcs, err := a.catalog.TypeCorrections(ctx)
		if err != nil {
			return err
		}
		extra = inTaxonomy(corrections(tcs), tax)
		fmt.Fprintf(stdout, "QA corrections: %d documents (%d usable with this taxonomy)\n", len(tcs), len(extra))
	}
	var m *typemodel.Model
	if *corpusDir != "" {
		corpus, err := typemodel.LoadCorpus(os.DirFS(*corpusDir))
		if err != nil {
			return err
		}
		m, err = filing.TrainTypeModel(ctx, append(corpus, extra...), tax)
		if err != nil {
			return err
		}
	} else if m, err = trainBuiltin(ctx, tax, extra); err != nil {
		return err
	}
	m.Describe(stdout)
	if missing := filing.MissingExamples(m, tax); len(missing) > 0 {
		fmt.Fprintf(stdout, "no examples, or fewer than %d, of %v: documents of these types are classified by their titles alone\n", typemodel.MinExamples, missing)
	}
	path := c.typeModelPath()
	if err := writeFileAtomic(path, m.Save); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (restart chartroom serve to use it)\n", path)
	return nil
}

func corrections(tcs []catalog.TypeCorrection) []typemodel.Example {
	out := make([]typemodel.Example, 0, len(tcs))
	for _, tc := range tcs {
		out = append(out, typemodel.Example{Type: tc.To, Text: tc.Text, Source: "correction " + tc.DocumentID})
	}
	return out
}

func classifierInfo(c *common, tax []filing.TypeRule, stdout io.Writer) error {
	f, err := os.Open(c.typeModelPath())
	if errors.Is(err, fs.ErrNotExist) && c.typeModel == "" {
		fmt.Fprintf(stdout, "no trained model at %s: chartroom uses the built-in model, trained at start from the repository's corpus\n", c.typeModelPath())
		m, err := trainBuiltin(context.Background(), tax, nil)
		if err != nil {
			return err
		}
		m.Describe(stdout)
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	m, err := typemodel.Load(f)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n", c.typeModelPath())
	m.Describe(stdout)
	return nil
}

// writeFileAtomic writes path through a temp file and a rename, so a
// crash never leaves half a file where a reader expects a whole one.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
