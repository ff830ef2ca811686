package typemodel

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Example is one labelled text: the OCR text of a document (or of its
// first page) and the code of its type.
type Example struct {
	Type string
	Text string
	// Source says where the example came from, for reports: "corpus
	// file:example number" or "correction doc-id".
	Source string
	// Group is the example's style group ("" for none): examples written
	// alike (one transcription style, one source) share a group, and
	// cross-validation holds out whole groups, so the calibration learns
	// how sure to be of writing it has not seen. In a corpus file it
	// follows the separator: "%% dict-glued".
	Group string
}

// ErrCorpus is returned for a corpus that cannot be trained on.
var ErrCorpus = errors.New("typemodel: unusable corpus")

//go:embed corpus/*.txt
var embedded embed.FS

// DefaultCorpus is the labelled corpus kept in the repository (corpus/):
// synthetic documents of every type of the default taxonomy, plus UNK.
func DefaultCorpus() ([]Example, error) {
	sub, err := fs.Sub(embedded, "corpus")
	if err != nil {
		return nil, err
	}
	return LoadCorpus(sub)
}

// Separator is the line that starts each example in a corpus file,
// optionally followed by a space and the example's group.
const Separator = "%%"

// LoadCorpus reads every <code>.txt file at the top of fsys. Lines before
// the first separator are the file's comment.
func LoadCorpus(fsys fs.FS) ([]Example, error) {
	names, err := fs.Glob(fsys, "*.txt")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []Example
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, err
		}
		ex, err := ParseCorpusFile(strings.TrimSuffix(path.Base(name), ".txt"), f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrCorpus, name, err)
		}
		out = append(out, ex...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no examples", ErrCorpus)
	}
	return out, nil
}

// ParseCorpusFile reads the examples of one type from r.
func ParseCorpusFile(code string, r io.Reader) ([]Example, error) {
	var out []Example
	var cur *strings.Builder
	group := ""
	flush := func() {
		if cur != nil {
			if t := strings.TrimSpace(cur.String()); t != "" {
				out = append(out, Example{Type: code, Text: t, Source: fmt.Sprintf("%s:%d", code, len(out)+1), Group: group})
			}
		}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if t := strings.TrimSpace(line); t == Separator || strings.HasPrefix(t, Separator+" ") {
			flush()
			cur = &strings.Builder{}
			group = strings.TrimSpace(strings.TrimPrefix(t, Separator))
			continue
		}
		if cur != nil {
			cur.WriteString(line)
			cur.WriteByte('\n')
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	flush()
	if len(out) == 0 {
		return nil, errors.New("no examples (each starts after a line holding only " + Separator + ")")
	}
	return out, nil
}
