package ocr

import (
	"context"
	"image/png"
	"os"
	"testing"
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
