package ocr

import (
	"context"
	"image"
	"image/png"
	"os"
	"testing"
	"time"
)

// BenchmarkProcessPage measures one sample page (300 dpi letter, skewed,
// noisy) through orientation, deskew and recognition on one worker.
func BenchmarkProcessPage(b *testing.B) {
	f, err := os.Open("../samples/batches/ward4-discharge-0001/0001.png")
	if err != nil {
		b.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	t, err := NewTesseract(1, "eng")
	if err != nil {
		b.Fatal(err)
	}
	defer t.Close()
	p := NewProcessor(t)
	g := ToGray(img)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.Process(context.Background(), g, 300); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N), "s/page")
}

// BenchmarkDeskew measures skew estimation and removal on a letter page.
func BenchmarkDeskew(b *testing.B) {
	page := RotateSmall(renderPage(b, append(pageLines, pageLines...)), 1.3)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		RotateSmall(page, -EstimateSkew(page, 3))
	}
}

// BenchmarkProcessRegions measures what identifier regions add to a page,
// on one worker: each iteration processes the page without regions
// (MaxRegions 0: orientation, deskew, recognition) and then runs the region
// step alone on that result (layout of the bands, ruled boxes, margins,
// columns, and the crops read again), so that both figures come from the
// same moments of a shared machine. Pages: a generated sample page (a
// boxed label beside the title), the boxed label beside a letterhead, the
// label turned in the margin, and a plain page without labels.
func BenchmarkProcessRegions(b *testing.B) {
	t, err := NewTesseract(1, "eng")
	if err != nil {
		b.Fatal(err)
	}
	defer t.Close()
	f, err := os.Open("../samples/batches/ward4-discharge-0001/0001.png")
	if err != nil {
		b.Fatal(err)
	}
	sample, err := png.Decode(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	pages := []struct {
		name string
		g    *image.Gray
	}{
		{"sample", ToGray(sample)},
		{"boxed-label", pageBoxedLabel(b)},
		{"margin-label", pageMargin(b)},
		{"plain", renderPage(b, pageLines)},
	}
	for _, pg := range pages {
		b.Run(pg.name, func(b *testing.B) {
			p := NewProcessor(t)
			p.MaxRegions = 0
			var plain, extra time.Duration
			n := 0
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				res, err := p.Process(context.Background(), pg.g, 300)
				if err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				p.MaxRegions = 6
				regions, err := p.readRegions(context.Background(), t, res.Image, 300, res.Recognition)
				p.MaxRegions = 0
				if err != nil {
					b.Fatal(err)
				}
				extra += time.Since(t1)
				plain += t1.Sub(t0)
				n += len(regions)
			}
			b.ReportMetric(float64(plain.Milliseconds())/float64(b.N), "plain-ms/page")
			b.ReportMetric(float64(extra.Milliseconds())/float64(b.N), "extra-ms/page")
			b.ReportMetric(float64(n)/float64(b.N), "regions/page")
		})
	}
}
