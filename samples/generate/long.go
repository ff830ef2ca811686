package main

import (
	"bytes"
	"fmt"
	"image"
	"math/rand/v2"

	"github.com/chartroom/chartroom/samples/synth"
)

// longTIFF renders a 4-page progress note and repeats it to n pages in one
// Group 4 TIFF: a long batch for measuring that memory does not grow with
// batch size. Only four pages are ever held in memory.
func longTIFF(n int) ([]byte, error) {
	if n < 1 {
		return nil, fmt.Errorf("long batch needs at least one page")
	}
	sp := plan()
	rng := rand.New(rand.NewPCG(Seed, 2))
	doc := synth.DocSpec{Patient: sp.b, Type: synth.ProgressNote, Pages: 4, Facility: 2, Date: "2024-04-18", Seed: rng.Uint64()}
	spec := synth.BatchSpec{Name: "long", Docs: []synth.DocSpec{doc}}
	var distinct []*image.Gray
	for _, p := range spec.Compose() {
		distinct = append(distinct, synth.Render(p))
	}
	pages := make([]*image.Gray, n)
	for i := range pages {
		pages[i] = distinct[i%len(distinct)]
	}
	var buf bytes.Buffer
	if err := synth.WriteTIFFG4(&buf, pages, 300); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
