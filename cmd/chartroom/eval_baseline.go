package main

import (
	"context"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/chartroom/chartroom/evaluate"
	"github.com/chartroom/chartroom/ingest/pagefile"
)

// ocrBaseline reads every content page whose printed text the truth
// records with the plain `tesseract` command (its defaults: automatic page
// segmentation, no orientation or skew correction, no second readings) and
// prints its word recall: the figure Chartroom's own OCR must reach on the
// same pages.
func ocrBaseline(ctx context.Context, truth []evaluate.TruthBatch, paths []string, stdout io.Writer) error {
	byName := map[string]string{}
	for _, p := range paths {
		byName[filepath.Base(filepath.Clean(p))] = p
	}
	tmp, err := os.MkdirTemp("", "chartroom-ocr-baseline-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var found, of, pages int
	for _, tb := range truth {
		root, ok := byName[tb.Name]
		if !ok {
			continue
		}
		for _, tp := range tb.Pages {
			if tp.Role != "content" || tp.Text == "" {
				continue
			}
			src := root
			if st, err := os.Stat(root); err == nil && st.IsDir() {
				src = filepath.Join(root, tp.File)
			}
			text, err := rawTesseract(ctx, src, tp.Index, tmp)
			if err != nil {
				return fmt.Errorf("batch %s page %s#%d: %w", tb.Name, tp.File, tp.Index, err)
			}
			f, n := evaluate.WordRecall(tp.Text, text)
			found, of, pages = found+f, of+n, pages+1
		}
	}
	fmt.Fprintf(stdout, "%-34s %s on %d pages\n", "raw tesseract word recall", evaluate.Ratio{N: found, D: of}, pages)
	return nil
}

// rawTesseract decodes page index of src to a PNG and reads it with the
// tesseract command.
func rawTesseract(ctx context.Context, src string, index int, tmp string) (string, error) {
	f, err := pagefile.Open(src, pagefile.DefaultLimits())
	if err != nil {
		return "", err
	}
	defer f.Close()
	pg, err := f.Page(ctx, index)
	if err != nil {
		return "", err
	}
	name := filepath.Join(tmp, "page.png")
	out, err := os.Create(name)
	if err != nil {
		return "", err
	}
	if err := png.Encode(out, pg.Image); err != nil {
		out.Close()
		return "", err
	}
	if err := out.Close(); err != nil {
		return "", err
	}
	args := []string{name, "-", "-l", "eng"}
	if pg.DPI > 0 {
		args = append(args, "--dpi", fmt.Sprint(pg.DPI))
	}
	cmd := exec.CommandContext(ctx, "tesseract", args...)
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	text, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("tesseract: %w", err)
	}
	return string(text), nil
}
