package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/chartroom/chartroom/chart"
)

// Markers are files a scanner or operator writes to say a batch folder is
// complete. They are not pages.
var Markers = []string{"READY", ".done"}

// IsMarker reports whether name (a base name) marks a batch complete.
func IsMarker(name string) bool {
	for _, m := range Markers {
		if strings.EqualFold(name, m) {
			return true
		}
	}
	return false
}

// isIgnored reports files that are never pages: desktop clutter and
// Chartroom's own notes.
func isIgnored(name string) bool {
	switch strings.ToLower(name) {
	case "thumbs.db", "desktop.ini", ".ds_store", "error.txt", "duplicate.txt":
		return true
	}
	return strings.HasPrefix(name, "._")
}

// IsPartial reports names scanners and copy tools use while a file is still
// being written.
func IsPartial(name string) bool {
	l := strings.ToLower(name)
	return strings.HasSuffix(l, ".tmp") || strings.HasSuffix(l, ".part") || strings.HasSuffix(l, ".partial") ||
		strings.HasSuffix(l, ".crdownload") || strings.HasPrefix(name, "~")
}

// PageFiles lists the page files of a batch: the batch file itself, or the
// files of a batch folder (recursively) in natural name order, without
// markers and clutter. Names are relative to the folder, slash-separated.
func PageFiles(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, batchGone(path, err)
	}
	if !fi.IsDir() {
		return []string{filepath.Base(path)}, nil
	}
	var names []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if IsMarker(d.Name()) || isIgnored(d.Name()) {
			return nil
		}
		rel, err := filepath.Rel(path, p)
		if err != nil {
			return err
		}
		names = append(names, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, batchGone(path, err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: the batch holds no page files", filepath.Base(path))
	}
	sort.Slice(names, func(i, j int) bool { return NaturalLess(names[i], names[j]) })
	return names, nil
}

func batchGone(path string, err error) error {
	if os.IsNotExist(err) {
		return fmt.Errorf("%s: the batch folder disappeared while it was being read (moved or deleted by someone else): %w", filepath.Base(path), err)
	}
	return fmt.Errorf("%s: cannot read the batch: %w", filepath.Base(path), err)
}

// FilePath returns the path of a page file of the batch at path.
func FilePath(batchPath, name string) string {
	if fi, err := os.Stat(batchPath); err == nil && !fi.IsDir() {
		return batchPath
	}
	return filepath.Join(batchPath, filepath.FromSlash(name))
}

// Manifest lists and hashes what arrived in a batch.
func Manifest(ctx context.Context, path string) ([]chart.File, error) {
	names, err := PageFiles(path)
	if err != nil {
		return nil, err
	}
	files := make([]chart.File, 0, len(names))
	for _, n := range names {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		f, err := hashFile(FilePath(path, n))
		if err != nil {
			return nil, batchGone(path, err)
		}
		f.Name = n
		files = append(files, f)
	}
	return files, nil
}

func hashFile(p string) (chart.File, error) {
	f, err := os.Open(p)
	if err != nil {
		return chart.File{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return chart.File{}, err
	}
	return chart.File{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// Key identifies a batch by its name and content, so the same delivery
// dropped twice is recognised.
func Key(name string, files []chart.File) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", name)
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%d\x00%s\n", f.Name, f.Size, f.SHA256)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// NaturalLess orders names the way people number pages: "page2" before
// "page10".
func NaturalLess(a, b string) bool {
	for a != "" && b != "" {
		ra, rb := rune(a[0]), rune(b[0])
		if unicode.IsDigit(ra) && unicode.IsDigit(rb) {
			na, ra2 := leadingDigits(a)
			nb, rb2 := leadingDigits(b)
			ta, tb := strings.TrimLeft(na, "0"), strings.TrimLeft(nb, "0")
			if len(ta) != len(tb) {
				return len(ta) < len(tb)
			}
			if ta != tb {
				return ta < tb
			}
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			a, b = ra2, rb2
			continue
		}
		if ra != rb {
			return ra < rb
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func leadingDigits(s string) (string, string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i], s[i:]
}
