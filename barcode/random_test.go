package barcode_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"

	"github.com/chartroom/chartroom/barcode"
)

// TestDecodeRandomPages throws a fixed set of pseudo-random pages at
// Decode: every format, 200 and 300 dpi, symbols of random size anywhere
// in the body text, skew within ±3°, upside down, white on black,
// bitonal, blurred, with up to 3000 speckles. It is deterministic; it
// allows a few misses because some combinations (a 2.5 px module,
// blurred, thresholded and dusted) are beyond reading, and reports them.
func TestDecodeRandomPages(t *testing.T) {
	const pages = 48
	rng := rand.New(rand.NewPCG(7, 7))
	formats := []string{barcode.Code128, barcode.Code39, barcode.QRCode, barcode.DataMatrix}
	texts := []string{cover, "00638288", "SEPARATOR", "MRN00412345|34117-2"}
	var missed atomic.Int32
	t.Run("pages", func(t *testing.T) {
		for i := 0; i < pages; i++ {
			f := formats[i%4]
			txt := texts[rng.IntN(len(texts))]
			dpi := []int{200, 300}[rng.IntN(2)]
			s := sym{format: f, text: txt, x: 0.5 + rng.Float64()*3.5, y: 0.4 + rng.Float64()*9}
			switch f {
			case barcode.Code128:
				s.module, s.height = 0.01+rng.Float64()*0.012, 0.25+rng.Float64()*0.6
			case barcode.Code39:
				s.module, s.height = 0.009+rng.Float64()*0.008, 0.25+rng.Float64()*0.6
			default:
				s.module = 0.02 + rng.Float64()*0.04
			}
			s.inverted = rng.IntN(8) == 0
			p := pageSpec{dpi: dpi, syms: []sym{s}, clutter: true, skew: rng.Float64()*6 - 3, upside: rng.IntN(3) == 0,
				bitonal: rng.IntN(3) == 0, noise: rng.IntN(3) * 1500, seed: uint64(i), blur: rng.IntN(4) == 0}
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				img := p.render(t)
				got, err := barcode.Decode(context.Background(), img, dpi)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) == 1 && got[0].Format == f && got[0].Text == txt {
					return
				}
				missed.Add(1)
				if len(got) > 0 {
					t.Errorf("wrong result %s for %s %q", describe(got), f, txt)
				}
				t.Logf("missed %s %q at %d dpi: module %.4f in, height %.2f in, inverted %v, skew %.2f, upside down %v, bitonal %v, noise %d, blur %v",
					f, txt, dpi, s.module, s.height, s.inverted, p.skew, p.upside, p.bitonal, p.noise, p.blur)
			})
		}
	})
	if n := missed.Load(); n > pages/16 {
		t.Errorf("missed %d of %d pages", n, pages)
	} else {
		t.Logf("missed %d of %d pages", n, pages)
	}
}
