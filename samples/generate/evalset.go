package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/chartroom/chartroom/evaluate"
	"github.com/chartroom/chartroom/samples/synth"
)

// evalSet writes a labelled evaluation set of about nDocs documents to
// out: batches/<name>/NNNN.png, truth.json (evaluate.TruthBatch list) and
// mpi.csv. Batches are one or two patients' charts; they come with cover
// sheets, separator sheets, no separators, or duplex blank backs; pages are
// skewed, speckled and sometimes upside down; some patients have
// near-duplicates in the MPI; and some documents carry injected misfiles:
// a cover sheet of the wrong patient, one page of another patient, or a lone
// document of another patient inside a chart.
func evalSet(out string, nDocs int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 7))
	mpi := synth.MPI(rng, 400)
	taken := map[string]bool{}
	for _, p := range mpi {
		taken[p.MRN] = true
	}
	// Near-duplicates of a quarter of the patients: same last name, a
	// look-alike first name, another DOB and MRN.
	for i := 0; i < 100; i++ {
		d := synth.NearDuplicate(rng, mpi[i], func(m string) bool { return taken[m] })
		taken[d.MRN] = true
		mpi = append(mpi, d)
	}
	var csv bytes.Buffer
	if err := synth.WriteMPICSV(&csv, mpi); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(out, "mpi.csv"), csv.Bytes()); err != nil {
		return err
	}
	kinds := []string{"cover", "separator", "none", "duplex"}
	formats := []string{"CODE_128", "CODE_39", "QR_CODE", "DATA_MATRIX", "PDF_417"}
	var truth []evaluate.TruthBatch
	docs := 0
	for b := 0; docs < nDocs; b++ {
		kind := kinds[b%len(kinds)]
		name := fmt.Sprintf("eval-%03d-%s", b+1, kind)
		patient := mpi[rng.IntN(len(mpi))]
		other := mpi[rng.IntN(len(mpi))]
		for other.MRN == patient.MRN {
			other = mpi[rng.IntN(len(mpi))]
		}
		if b%5 == 0 && b < 100 {
			other = mpi[400+b%100] // a near-duplicate of someone: hard cases
		}
		tb := evaluate.TruthBatch{Name: name, Kind: kind}
		var pages []*synth.PageSpec
		var meta []evaluate.TruthPage
		add := func(p *synth.PageSpec, tp evaluate.TruthPage) {
			pages = append(pages, p)
			meta = append(meta, tp)
		}
		nd := 3 + rng.IntN(3)
		facility := rng.IntN(len(synth.Facilities))
		for d := 0; d < nd; d++ {
			owner := patient
			misfile := ""
			switch r := rng.Float64(); {
			case r < 0.04 && kind == "cover":
				misfile = "wrong-cover"
			case r < 0.08:
				misfile = "foreign-page"
			case r < 0.11 && d > 0 && d < nd-1 && b%7 != 6:
				misfile = "lone-document"
				owner = other
			}
			if b%7 == 6 && d >= nd/2 {
				owner = other // a second chart in the same batch
				if misfile == "lone-document" {
					misfile = ""
				}
			}
			// The patient a misfile brings in is never the document's owner
			// (in a batch holding two charts, the second chart's owner is
			// "other").
			intruder := other
			if intruder.MRN == owner.MRN {
				intruder = patient
			}
			typ := synth.DocTypes[rng.IntN(len(synth.DocTypes))]
			if misfile == "" && rng.IntN(25) == 0 {
				typ = synth.Unclassified // a page that fits no type: must go to review as UNK
			}
			alt := false
			if alts := synth.AltTitles[typ.Code]; rng.IntN(4) == 0 && len(alts) > 0 {
				typ.Title, alt = alts[rng.IntN(len(alts))], true // another wording of the title
			}
			np := 1 + rng.IntN(3)
			if typ.Code == synth.Unclassified.Code {
				np = 1
			}
			if misfile == "foreign-page" && np < 2 {
				np = 2
			}
			spec := synth.DocSpec{Patient: owner, Type: typ, Pages: np, Facility: (facility + d%2) % len(synth.Facilities),
				Date: fmt.Sprintf("2024-%02d-%02d", 1+rng.IntN(12), 1+rng.IntN(28)), Seed: rng.Uint64(), Scan: scan(rng, np)}
			if rng.IntN(2) == 0 {
				spec.Account = fmt.Sprintf("%010d", 7700000000+rng.IntN(99999999))
			}
			// Two labels in three carry the MRN as a readable barcode, as
			// hospital stickers do (drawn from the seed, so the rest of the
			// set is what it was).
			spec.LabelBarcode = spec.Seed%3 != 0
			docPages := synth.ComposeDoc(&spec)
			if misfile == "foreign-page" {
				// One page (not the first) of another patient's document of
				// the same type takes the place of one of the owner's pages.
				fspec := spec
				fspec.Patient, fspec.Seed = intruder, rng.Uint64()
				foreign := synth.ComposeDoc(&fspec)
				k := 1 + rng.IntN(len(docPages)-1)
				if k < len(foreign) {
					docPages[k] = foreign[k]
				} else {
					docPages[k] = foreign[len(foreign)-1]
				}
			}
			switch kind {
			case "cover":
				cover := owner
				if misfile == "wrong-cover" {
					cover = intruder
				}
				add(synth.CoverSheetPage(synth.CoverSpec{Patient: cover, TypeCode: typ.Code, TypeDisplay: typ.Display,
					Format: formats[rng.IntN(len(formats))], MRNOnly: rng.IntN(4) == 0, Options: scan(rng, 1)[0]}),
					evaluate.TruthPage{Role: "cover", Doc: -1})
			case "separator":
				if d > 0 {
					add(synth.SeparatorSheetPage(scan(rng, 1)[0]), evaluate.TruthPage{Role: "separator", Doc: -1})
				}
			}
			for _, p := range docPages {
				add(p, evaluate.TruthPage{Role: "content", Doc: d, MRN: p.Truth.MRN, Type: typ.Code})
				if kind == "duplex" && rng.IntN(2) == 0 {
					add(nil, evaluate.TruthPage{Role: "blank", Doc: -1})
				}
			}
			tb.Docs = append(tb.Docs, evaluate.TruthDoc{Doc: d, MRN: owner.MRN, Type: typ.Code, Misfile: misfile,
				Separated: kind == "cover" || (kind == "separator" && d > 0), Title: typ.Title, AltTitle: alt})
			docs++
		}
		dir := filepath.Join(out, "batches", name)
		blanks := make([]uint64, len(pages))
		for i := range pages {
			meta[i].File = fmt.Sprintf("%04d.png", i+1)
			blanks[i] = rng.Uint64()
		}
		// Rendering dominates: one page per core at a time.
		errs := make(chan error, len(pages))
		sem := make(chan struct{}, runtime.NumCPU())
		var wg sync.WaitGroup
		for i, p := range pages {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				var img *image.Gray
				if p == nil {
					img = blankBack(rand.New(rand.NewPCG(blanks[i], 1)))
				} else {
					img = synth.Render(p)
				}
				synth.Posterize(img, pngLevels)
				var buf bytes.Buffer
				if err := synth.WritePNG(&buf, img, 300); err != nil {
					errs <- err
					return
				}
				errs <- writeFile(filepath.Join(dir, meta[i].File), buf.Bytes())
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				return err
			}
		}
		tb.Pages = meta
		truth = append(truth, tb)
	}
	data, err := json.MarshalIndent(truth, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(filepath.Join(out, "truth.json"), data)
}

func scan(rng *rand.Rand, n int) []synth.Options {
	opts := make([]synth.Options, n)
	for i := range opts {
		opts[i] = synth.Options{Skew: math.Round((rng.Float64()*3-1.5)*100) / 100, Noise: 100 + rng.IntN(300), UpsideDown: rng.IntN(25) == 0}
	}
	return opts
}

// blankBack is the back of a single-sided sheet scanned duplex: white with
// speckle, dust and a faint grey shadow of the front's print.
func blankBack(rng *rand.Rand) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, 2550, 3300))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	for line := 0; line < 40; line++ {
		y := 300 + line*70
		for x := 250 + rng.IntN(100); x < 2200-rng.IntN(600); x++ {
			if rng.IntN(3) > 0 {
				for dy := 0; dy < 20; dy++ {
					g.Pix[(y+dy)*g.Stride+x] = 235
				}
			}
		}
	}
	for i := 0; i < 300; i++ {
		x, y := rng.IntN(2548), rng.IntN(3298)
		g.Pix[y*g.Stride+x], g.Pix[y*g.Stride+x+1] = 40, 40
	}
	return g
}
