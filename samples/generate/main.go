// Command generate writes Chartroom's synthetic sample data: a master
// patient index, three scanner batches (gray PNG pages, a multi-page Group 4
// TIFF, an image-only PDF) and the ground truth for all of them.
//
//	go run ./samples/generate -out samples
//
// Everything is invented and derived from a fixed seed, so running it twice
// produces byte-identical files.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/samples/synth"
)

// Seed is the seed all sample data derives from.
const Seed = 20240611

// mpiSize is the number of patients in mpi.csv, near-duplicates included.
const mpiSize = 40

// pngLevels is the number of gray levels kept in the PNG pages: anti-aliased
// and still small.
const pngLevels = 16

func main() {
	out := flag.String("out", "samples", "output folder")
	long := flag.Int("long", 0, "instead of the samples, write one N-page G4 TIFF batch to the -out file (for memory measurements)")
	eval := flag.Int("eval", 0, "instead of the samples, write a labelled evaluation set of about N documents to the -out folder")
	evalSeed := flag.Uint64("seed", 1, "with -eval: the seed (a fresh seed gives a fresh set)")
	flag.Parse()
	if *eval > 0 {
		if err := evalSet(*out, *eval, *evalSeed); err != nil {
			log.Fatal(err)
		}
		return
	}
	if *long > 0 {
		data, err := longTIFF(*long)
		if err == nil {
			err = writeFile(*out, data)
		}
		if err != nil {
			log.Fatal(err)
		}
		return
	}
	if err := generate(*out); err != nil {
		log.Fatal(err)
	}
}

// Truth is the layout of truth.json.
type Truth struct {
	Generator      string          `json:"generator"`
	Seed           int             `json:"seed"`
	Notes          []string        `json:"notes"`
	Patients       []TruthPatient  `json:"patients"`
	NearDuplicates []NearDuplicate `json:"near_duplicates"`
	Batches        []TruthBatch    `json:"batches"`
}

type TruthPatient struct {
	Role   string `json:"role"`
	MRN    string `json:"mrn"`
	Last   string `json:"last_name"`
	First  string `json:"first_name"`
	Middle string `json:"middle_name"`
	DOB    string `json:"dob"`
	Sex    string `json:"sex"`
	Label  string `json:"label_name"`
}

type NearDuplicate struct {
	MRN       string `json:"mrn"`
	Name      string `json:"label_name"`
	DOB       string `json:"dob"`
	SimilarTo string `json:"similar_to"`
}

type TruthBatch struct {
	Name      string     `json:"name"`
	Path      string     `json:"path"` // relative to the output folder
	Format    string     `json:"format"`
	Documents []TruthDoc `json:"documents"`
	Pages     []TruthPg  `json:"pages"`
}

type TruthDoc struct {
	Document int    `json:"document"`
	MRN      string `json:"mrn"`
	LOINC    string `json:"loinc"`
	Display  string `json:"display"`
	Title    string `json:"title"`
	Pages    int    `json:"pages"`
	Facility string `json:"facility"`
	Date     string `json:"date"`
}

type TruthPg struct {
	File     string   `json:"file"`
	Index    int      `json:"index"`
	Document int      `json:"document"`
	PageOf   int      `json:"page_of_document"`
	MRN      string   `json:"mrn"`
	LOINC    string   `json:"loinc"`
	Title    string   `json:"title"`
	Rotation int      `json:"rotation"`
	Skew     float64  `json:"skew_deg"`
	Words    []string `json:"words"`
}

// batchPlan is one sample batch and the form it is written in.
type batchPlan struct {
	spec   synth.BatchSpec
	format string // png (a folder of pages), tiff or pdf
}

// samplePlan is everything the samples are made of, before rendering.
type samplePlan struct {
	mpi        []chart.Patient
	a, b, c    chart.Patient // the batch patients
	dupA, dupB chart.Patient // look-alikes of a and b
	batches    []batchPlan
}

// plan derives the sample content from Seed.
func plan() samplePlan {
	rng := rand.New(rand.NewPCG(Seed, 1))

	// Patients: a synthetic MPI, three of whom appear in the batches, plus
	// two look-alikes of batch patients.
	mpi := synth.MPI(rng, mpiSize-2)
	a := pickPatient(mpi, nil, func(p chart.Patient) bool { return p.Middle != "" && simpleName(p.Last) && p.Sex != "U" })
	b := pickPatient(mpi, []chart.Patient{a}, func(p chart.Patient) bool { return !simpleName(p.Last) && p.Sex != "U" })
	c := pickPatient(mpi, []chart.Patient{a, b}, func(p chart.Patient) bool { return p.Sex != "U" && p.Last != a.Last && p.Last != b.Last })
	taken := func(mrn string) bool {
		return slices.ContainsFunc(mpi, func(p chart.Patient) bool { return p.MRN == mrn })
	}
	dupA := synth.NearDuplicate(rng, a, taken)
	mpi = append(mpi, dupA)
	dupB := synth.NearDuplicate(rng, b, taken)
	mpi = append(mpi, dupB)
	slices.SortFunc(mpi, func(x, y chart.Patient) int { return strings.Compare(x.MRN, y.MRN) })

	scan := func(n int, upsideDown ...int) []synth.Options {
		opts := make([]synth.Options, n)
		for i := range opts {
			opts[i] = synth.Options{
				Skew:  math.Round((rng.Float64()*3-1.5)*100) / 100,
				Noise: 150 + rng.IntN(200),
			}
		}
		for _, i := range upsideDown {
			opts[i].UpsideDown = true
		}
		return opts
	}
	account := func() string { return fmt.Sprintf("%010d", 7700000000+rng.IntN(99999999)) }

	batches := []batchPlan{
		{synth.BatchSpec{Name: "ward4-discharge-0001", Docs: []synth.DocSpec{
			{Patient: a, Type: synth.DischargeSummary, Pages: 3, Facility: 0, Date: "2024-03-07", Account: account(), Seed: rng.Uint64(), Scan: scan(3),
				Terms: map[string][]string{"dx": {"cholecystitis", "choledocholithiasis"}, "proc": {"cholecystectomy"}}},
		}}, "png"},
		{synth.BatchSpec{Name: "clinic-progress-0002.tif", Docs: []synth.DocSpec{
			{Patient: b, Type: synth.ProgressNote, Pages: 2, Facility: 2, Date: "2024-04-18", Seed: rng.Uint64(), Scan: scan(2)},
			// Page 3 of the file (the consult's first page) was fed upside down.
			{Patient: b, Type: synth.ConsultNote, Pages: 2, Facility: 1, Date: "2024-04-16", Account: account(), Seed: rng.Uint64(), Scan: scan(2, 0),
				Terms: map[string][]string{"med": {"metoprolol"}, "dx": {"tachycardia"}}},
		}}, "tiff"},
		{synth.BatchSpec{Name: "lab-results-0003.pdf", Docs: []synth.DocSpec{
			{Patient: c, Type: synth.LaboratoryReport, Pages: 2, Facility: 3, Date: "2024-05-02", Account: account(), Seed: rng.Uint64(), Scan: scan(2)},
		}}, "pdf"},
	}

	return samplePlan{mpi: mpi, a: a, b: b, c: c, dupA: dupA, dupB: dupB, batches: batches}
}

func generate(out string) error {
	sp := plan()
	mpi, a, b, c, dupA, dupB, batches := sp.mpi, sp.a, sp.b, sp.c, sp.dupA, sp.dupB, sp.batches
	var csv bytes.Buffer
	if err := synth.WriteMPICSV(&csv, mpi); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(out, "mpi.csv"), csv.Bytes()); err != nil {
		return err
	}

	truth := Truth{
		Generator: "go run ./samples/generate -out samples",
		Seed:      Seed,
		Notes: []string{
			"All names, MRNs, dates, facilities and clinical text are synthetic.",
			"pages are in batch order; index is the 0-based page within the file (always 0 for single-page files); document is the 0-based document number within the batch; page_of_document is 1-based.",
			"rotation is the clockwise rotation (degrees) that makes the page upright; skew_deg is the small counter-clockwise tilt the page was scanned with.",
			"words are distinctive body words that occur on that page only within its batch (case-insensitive).",
			"near_duplicates are MPI entries with the same last name and a look-alike first name as a batch patient, but another DOB and MRN.",
		},
	}
	for _, p := range []struct {
		role string
		p    chart.Patient
	}{{"A", a}, {"B", b}, {"C", c}} {
		truth.Patients = append(truth.Patients, TruthPatient{p.role, p.p.MRN, p.p.Last, p.p.First, p.p.Middle, p.p.DOB, p.p.Sex, synth.LabelName(p.p)})
	}
	for _, d := range []struct{ dup, of chart.Patient }{{dupA, a}, {dupB, b}} {
		truth.NearDuplicates = append(truth.NearDuplicates, NearDuplicate{d.dup.MRN, synth.LabelName(d.dup), d.dup.DOB, d.of.MRN})
	}

	for _, bt := range batches {
		pages := bt.spec.Compose()
		imgs := make([]*image.Gray, len(pages))
		for i, p := range pages {
			imgs[i] = synth.Render(p)
		}
		tb := TruthBatch{Name: bt.spec.Name, Format: bt.format}
		for i := range bt.spec.Docs {
			d := &bt.spec.Docs[i]
			n := 0
			for _, p := range pages {
				if p.DocIndex == i {
					n++
				}
			}
			tb.Documents = append(tb.Documents, TruthDoc{i, d.Patient.MRN, d.Type.Code, d.Type.Display, d.Type.Title, n, synth.Facilities[d.Facility].Name, d.Date})
		}
		for i, p := range pages {
			tp := TruthPg{Index: i, Document: p.DocIndex, PageOf: p.Number, MRN: p.Truth.MRN, LOINC: p.Doc.Type.Code,
				Title: p.Truth.Title, Skew: p.Skew, Words: p.Truth.Words}
			if p.UpsideDown {
				tp.Rotation = 180
			}
			tb.Pages = append(tb.Pages, tp)
		}
		dir := filepath.Join(out, "batches")
		var err error
		switch bt.format {
		case "png":
			tb.Path = "batches/" + bt.spec.Name
			for i, img := range imgs {
				name := fmt.Sprintf("%04d.png", i+1)
				tb.Pages[i].File, tb.Pages[i].Index = name, 0
				synth.Posterize(img, pngLevels)
				var buf bytes.Buffer
				if err = synth.WritePNG(&buf, img, synth.DPI); err == nil {
					err = writeFile(filepath.Join(dir, bt.spec.Name, name), buf.Bytes())
				}
				if err != nil {
					return err
				}
			}
		case "tiff":
			tb.Path = "batches/" + bt.spec.Name
			var buf bytes.Buffer
			if err = synth.WriteTIFFG4(&buf, imgs, synth.DPI); err == nil {
				err = writeFile(filepath.Join(dir, bt.spec.Name), buf.Bytes())
			}
			for i := range tb.Pages {
				tb.Pages[i].File = bt.spec.Name
			}
		case "pdf":
			tb.Path = "batches/" + bt.spec.Name
			var buf bytes.Buffer
			if err = synth.WritePDF(&buf, imgs, synth.DPI, synth.PDFQuality); err == nil {
				err = writeFile(filepath.Join(dir, bt.spec.Name), buf.Bytes())
			}
			for i := range tb.Pages {
				tb.Pages[i].File = bt.spec.Name
			}
		}
		if err != nil {
			return err
		}
		truth.Batches = append(truth.Batches, tb)
	}

	js, err := json.MarshalIndent(truth, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(filepath.Join(out, "truth.json"), append(js, '\n'))
}

// pickPatient returns the first patient of mpi that satisfies ok and is not
// in not.
func pickPatient(mpi []chart.Patient, not []chart.Patient, ok func(chart.Patient) bool) chart.Patient {
	for _, p := range mpi {
		if ok(p) && !slices.ContainsFunc(not, func(q chart.Patient) bool { return q.MRN == p.MRN }) {
			return p
		}
	}
	return mpi[len(not)]
}

// simpleName reports a one-word last name (no space, hyphen or apostrophe).
func simpleName(s string) bool { return !strings.ContainsAny(s, " -'.") }

func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
