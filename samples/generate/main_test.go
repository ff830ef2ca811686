package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/samples/synth"
)

// committed is the folder holding the committed sample files.
const committed = ".."

// TestCommittedSamplesAreCurrent regenerates the samples into a temporary
// folder and compares them byte for byte with the committed ones: the
// generator is deterministic and the committed files are up to date. After
// changing synth or this program, run `go run ./samples/generate -out
// samples` from the repository root.
func TestCommittedSamplesAreCurrent(t *testing.T) {
	dir := t.TempDir()
	if err := generate(dir); err != nil {
		t.Fatal(err)
	}
	total := int64(0)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		want, err := os.ReadFile(filepath.Join(committed, rel))
		if err != nil {
			t.Errorf("%s: not committed: %v", rel, err)
			return nil
		}
		got, _ := os.ReadFile(path)
		total += int64(len(got))
		if !bytes.Equal(got, want) {
			t.Errorf("%s: differs from the committed file (%d vs %d bytes); regenerate the samples", rel, len(got), len(want))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if total > 3<<20 {
		t.Errorf("samples total %d bytes, want under 3 MiB", total)
	}
	t.Logf("samples total %d bytes", total)
}

func TestTruthMatchesFiles(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(committed, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tr Truth
	if err := json.Unmarshal(data, &tr); err != nil {
		t.Fatal(err)
	}
	// MPI: header, 40 patients, batch patients and near-duplicates in it.
	f, err := os.Open(filepath.Join(committed, "mpi.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(synth.MPIHeader, ",") || len(rows) != mpiSize+1 {
		t.Fatalf("mpi.csv: header %v, %d rows", rows[0], len(rows))
	}
	byMRN := map[string][]string{}
	for _, r := range rows[1:] {
		byMRN[r[0]] = r
	}
	for _, p := range tr.Patients {
		r, ok := byMRN[p.MRN]
		if !ok || r[1] != p.Last || r[2] != p.First || r[4] != p.DOB {
			t.Errorf("patient %s %s not in mpi.csv as %v", p.Role, p.MRN, r)
		}
	}
	if len(tr.NearDuplicates) != 2 {
		t.Fatalf("%d near duplicates", len(tr.NearDuplicates))
	}
	for _, d := range tr.NearDuplicates {
		r, orig := byMRN[d.MRN], byMRN[d.SimilarTo]
		if r == nil || orig == nil || r[1] != orig[1] || r[2] == orig[2] || r[4] == orig[4] {
			t.Errorf("near duplicate %v of %v", r, orig)
		}
	}

	want := map[string]struct {
		format string
		pages  int
		docs   []string // LOINC per document
	}{
		"ward4-discharge-0001":     {"png", 3, []string{"18842-5"}},
		"clinic-progress-0002.tif": {"tiff", 4, []string{"11506-3", "11488-4"}},
		"lab-results-0003.pdf":     {"pdf", 2, []string{"11502-2"}},
	}
	if len(tr.Batches) != len(want) {
		t.Fatalf("%d batches", len(tr.Batches))
	}
	for _, b := range tr.Batches {
		w, ok := want[b.Name]
		if !ok || b.Format != w.format || len(b.Pages) != w.pages || len(b.Documents) != len(w.docs) {
			t.Errorf("batch %s: format %s, %d pages, %d documents", b.Name, b.Format, len(b.Pages), len(b.Documents))
			continue
		}
		for i, d := range b.Documents {
			if d.LOINC != w.docs[i] || d.Document != i {
				t.Errorf("batch %s document %d: %+v", b.Name, i, d)
			}
		}
		for i, p := range b.Pages {
			if n := len(p.Words); n < 3 || n > 6 {
				t.Errorf("%s page %d: %d words", b.Name, i, n)
			}
			if p.MRN != b.Documents[p.Document].MRN || p.LOINC != b.Documents[p.Document].LOINC {
				t.Errorf("%s page %d: MRN/LOINC differ from its document", b.Name, i)
			}
			switch b.Format {
			case "png":
				if p.Index != 0 || p.File != filepath.Base(p.File) || !fileExists(filepath.Join(committed, b.Path, p.File)) {
					t.Errorf("%s page %d: file %s index %d", b.Name, i, p.File, p.Index)
				}
			default:
				if p.Index != i || p.File != b.Name {
					t.Errorf("%s page %d: file %s index %d", b.Name, i, p.File, p.Index)
				}
			}
		}
	}
	// The multi-page TIFF has page 3 upside down.
	tif := tr.Batches[1]
	for i, p := range tif.Pages {
		if (p.Rotation == 180) != (i == 2) {
			t.Errorf("tiff page %d: rotation %d", i, p.Rotation)
		}
	}
	tifData, err := os.ReadFile(filepath.Join(committed, tif.Path))
	if err != nil {
		t.Fatal(err)
	}
	pages, err := synth.ReadTIFFPages(tifData)
	if err != nil || len(pages) != 4 {
		t.Fatalf("TIFF: %d pages, %v", len(pages), err)
	}
	for i, p := range pages {
		if p.Compression != 4 || p.XRes != 300 {
			t.Errorf("TIFF page %d: compression %d, %v dpi", i, p.Compression, p.XRes)
		}
	}
	png, err := os.ReadFile(filepath.Join(committed, "batches/ward4-discharge-0001/0001.png"))
	if err != nil {
		t.Fatal(err)
	}
	if x, _, _, ok := synth.PNGDensity(png); !ok || x != 11811 {
		t.Errorf("PNG density %d (%v)", x, ok)
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// TestDemoTermsPresent: the Makefile's demo searches (cholecystectomy,
// potassium in a laboratory report, metoprolol) must find something.
func TestDemoTermsPresent(t *testing.T) {
	want := map[string]string{"cholecystectomy": "", "metoprolol": "", "potassium": "11502-2"}
	found := map[string]bool{}
	for _, b := range plan().batches {
		for _, p := range b.spec.Compose() {
			text := strings.ToLower(p.Text())
			for w, code := range want {
				if strings.Contains(text, w) && (code == "" || p.Doc.Type.Code == code) {
					found[w] = true
				}
			}
		}
	}
	for w := range want {
		if !found[w] {
			t.Errorf("no sample page mentions %q", w)
		}
	}
}
