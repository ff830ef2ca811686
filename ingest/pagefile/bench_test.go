package pagefile

import (
	"context"
	"image"
	"testing"
)

// BenchmarkMultiPageTIFF decodes the pages of a generated 20-page TIFF one
// by one, as the ingest pipeline does. Allocations per op should stay those
// of one page at a time (about one page's pixels per page decoded), not
// grow with the page count.
func BenchmarkMultiPageTIFF(b *testing.B) {
	const nPages, w, h = 20, 1275, 1650 // US Letter at 150 dpi
	pages := make([]*image.Gray, nPages)
	for i := range pages {
		pages[i] = testPage(w, h, i%40)
	}
	for _, bc := range []struct {
		name string
		opts tiffOpts
	}{
		{"deflate", tiffOpts{deflate: true, dpi: 150, rowsPerStrip: 64}},
		{"uncompressed", tiffOpts{dpi: 150, rowsPerStrip: 64}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			f, err := Open(writeTemp(b, "bench.tif", buildTIFF(b, pages, bc.opts)), DefaultLimits())
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			ctx := context.Background()
			b.ReportAllocs()
			b.SetBytes(int64(nPages * w * h))
			for b.Loop() {
				for i := range f.PageCount() {
					if _, err := f.Page(ctx, i); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*nPages), "ns/page")
		})
	}
}
