package barcode

import (
	"context"
	"errors"
	"image"
	"sort"

	"github.com/chartroom/chartroom/chart"
)

// ErrNoImage is returned for a nil or empty image.
var ErrNoImage = errors.New("barcode: no image")

// Decode finds every barcode on a scanned page and returns them top to
// bottom, each with its box in the pixel coordinates of img. dpi is the
// scan resolution (0 means 300); it scales the sizes Decode looks for.
//
// A page without barcodes returns nil and no error. The only errors are
// ErrNoImage and ctx's error when ctx ends first; they never include
// decoded text.
func Decode(ctx context.Context, img *image.Gray, dpi int) ([]chart.Barcode, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if img == nil || img.Rect.Empty() || len(img.Pix) == 0 {
		return nil, ErrNoImage
	}
	p := newPage(img, dpi)
	regions := p.regions()
	var found []chart.Barcode
	for _, r := range regions {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		found = append(found, p.decodeRegion(r)...)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := dedupe(found)
	for i := range out {
		out[i].Box = out[i].Box.Add(img.Rect.Min)
	}
	return out, nil
}

// page is the image being searched, in local coordinates (0,0)-(w,h).
type page struct {
	pix    []byte // pix[y*stride+x]
	stride int
	w, h   int
	dpi    int
}

func newPage(img *image.Gray, dpi int) *page {
	if dpi <= 0 {
		dpi = 300
	}
	dpi = min(max(dpi, 100), 1200)
	off := img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y)
	return &page{
		pix:    img.Pix[off:],
		stride: img.Stride,
		w:      img.Rect.Dx(),
		h:      img.Rect.Dy(),
		dpi:    dpi,
	}
}

// inch converts inches to pixels at the page's resolution.
func (p *page) inch(in float64) int { return int(in*float64(p.dpi) + 0.5) }

// dedupe merges detections of the same symbol (same format and text,
// overlapping boxes) and sorts what is left top to bottom, left to right.
func dedupe(in []chart.Barcode) []chart.Barcode {
	var out []chart.Barcode
next:
	for _, b := range in {
		for i := range out {
			o := &out[i]
			if o.Format == b.Format && o.Text == b.Text && grow(o.Box, 8).Overlaps(b.Box) {
				o.Box = o.Box.Union(b.Box)
				continue next
			}
		}
		out = append(out, b)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Box.Min, out[j].Box.Min
		if a.Y != b.Y {
			return a.Y < b.Y
		}
		return a.X < b.X
	})
	return out
}

func grow(r image.Rectangle, n int) image.Rectangle {
	return image.Rect(r.Min.X-n, r.Min.Y-n, r.Max.X+n, r.Max.Y+n)
}

// otsu returns the Otsu threshold of a histogram: values below it are
// dark.
func otsu(hist *[256]int) int {
	total, sum := 0, 0
	for i, c := range hist {
		total += c
		sum += i * c
	}
	if total == 0 {
		return 128
	}
	var sumB, wB int
	best, bestVar := 128, -1.0
	for t := 0; t < 256; t++ {
		wB += hist[t]
		if wB == 0 {
			continue
		}
		wF := total - wB
		if wF == 0 {
			break
		}
		sumB += t * hist[t]
		mB := float64(sumB) / float64(wB)
		mF := float64(sum-sumB) / float64(wF)
		v := float64(wB) * float64(wF) * (mB - mF) * (mB - mF)
		if v > bestVar {
			bestVar, best = v, t+1
		}
	}
	return best
}

// Reader is Decode as a value, for configurations that take a barcode
// reader (pipeline.BarcodeReader).
type Reader struct{}

// Decode calls Decode.
func (Reader) Decode(ctx context.Context, img *image.Gray, dpi int) ([]chart.Barcode, error) {
	return Decode(ctx, img, dpi)
}
