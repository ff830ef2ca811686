package synth

import (
	"image"
	"math"
	"math/rand/v2"

	"golang.org/x/image/math/fixed"
)

// Render rasterises a composed page at 300 dpi: white paper, dark ink, then
// the scan effects of p.Options (skew, speckles, upside down).
func Render(p *PageSpec) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, PageWidth, PageHeight))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	fs := faces{}
	for _, op := range p.Ops {
		switch op.Kind {
		case OpText:
			drawText(img, fs, op)
		case OpFill:
			fill(img, op.Rect, op.Ink)
		case OpBox:
			r, s := op.Rect, op.Stroke
			fill(img, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+s), op.Ink)
			fill(img, image.Rect(r.Min.X, r.Max.Y-s, r.Max.X, r.Max.Y), op.Ink)
			fill(img, image.Rect(r.Min.X, r.Min.Y, r.Min.X+s, r.Max.Y), op.Ink)
			fill(img, image.Rect(r.Max.X-s, r.Min.Y, r.Max.X, r.Max.Y), op.Ink)
		}
	}
	return scanned(img, p)
}

// scanned applies p's scan effects to its clean rendering: skew, speckle
// (seeded by the page, so the same spec gives the same pixels), and
// turning upside down.
func scanned(img *image.Gray, p *PageSpec) *image.Gray {
	rng := rand.New(rand.NewPCG(p.Seed, 0x7363616e))
	if p.Skew != 0 {
		img = Rotate(img, p.Skew)
	}
	speckle(img, rng, p.Noise)
	if p.UpsideDown {
		Rotate180(img)
	}
	return img
}

func fill(img *image.Gray, r image.Rectangle, v uint8) {
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := img.Pix[y*img.Stride+r.Min.X : y*img.Stride+r.Max.X]
		for i := range row {
			row[i] = v
		}
	}
}

// drawText composites the op's glyphs onto img with ink op.Ink. It does what
// font.Drawer does, without image/draw's slow generic path for Gray images.
func drawText(img *image.Gray, fs faces, op Op) {
	face := fs.get(op.Font, op.Size)
	dot := fixed.P(op.At.X, op.At.Y)
	prev := rune(-1)
	ink := int(op.Ink)
	for _, r := range op.Text {
		if prev >= 0 {
			dot.X += face.Kern(prev, r)
		}
		dr, mask, mp, adv, ok := face.Glyph(dot, r)
		if !ok {
			prev = r
			continue
		}
		alpha, isAlpha := mask.(*image.Alpha)
		b := dr.Intersect(img.Rect)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			my := mp.Y + y - dr.Min.Y
			for x := b.Min.X; x < b.Max.X; x++ {
				mx := mp.X + x - dr.Min.X
				var a int
				if isAlpha {
					a = int(alpha.Pix[(my-alpha.Rect.Min.Y)*alpha.Stride+mx-alpha.Rect.Min.X])
				} else {
					_, _, _, a32 := mask.At(mx, my).RGBA()
					a = int(a32 >> 8)
				}
				if a == 0 {
					continue
				}
				i := y*img.Stride + x
				d := int(img.Pix[i])
				// Multiply-like darkening: ink over paper.
				img.Pix[i] = uint8((d*(255-a) + ink*a + 127) / 255)
			}
		}
		dot.X += adv
		prev = r
	}
}

// Rotate returns img rotated by deg degrees counter-clockwise about its
// centre (bilinear sampling, white fill), the same size as img.
func Rotate(img *image.Gray, deg float64) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	out := image.NewGray(img.Rect)
	th := deg * math.Pi / 180
	sin, cos := math.Sin(th), math.Cos(th)
	cx, cy := float64(w-1)/2, float64(h-1)/2
	src := img.Pix
	for y := 0; y < h; y++ {
		dy := float64(y) - cy
		// Source position of (x, y): rotate back.
		sx0 := cx - sin*dy - cos*cx
		sy0 := cy + cos*dy - sin*cx
		row := out.Pix[y*out.Stride : y*out.Stride+w]
		for x := 0; x < w; x++ {
			sx := sx0 + cos*float64(x)
			sy := sy0 + sin*float64(x)
			ix, iy := int(math.Floor(sx)), int(math.Floor(sy))
			if ix < 0 || iy < 0 || ix >= w-1 || iy >= h-1 {
				row[x] = 255
				continue
			}
			fx, fy := sx-float64(ix), sy-float64(iy)
			i := iy*img.Stride + ix
			p00, p10 := float64(src[i]), float64(src[i+1])
			p01, p11 := float64(src[i+img.Stride]), float64(src[i+img.Stride+1])
			if p00 == 255 && p10 == 255 && p01 == 255 && p11 == 255 {
				row[x] = 255
				continue
			}
			v := (p00*(1-fx)+p10*fx)*(1-fy) + (p01*(1-fx)+p11*fx)*fy
			row[x] = uint8(v + 0.5)
		}
	}
	return out
}

// Rotate180 turns img upside down in place.
func Rotate180(img *image.Gray) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for y := 0; y < (h+1)/2; y++ {
		a := img.Pix[y*img.Stride : y*img.Stride+w]
		b := img.Pix[(h-1-y)*img.Stride : (h-1-y)*img.Stride+w]
		n := w
		if y == h-1-y {
			n = w / 2 // middle row: swap its halves only once
		}
		for x := 0; x < n; x++ {
			a[x], b[w-1-x] = b[w-1-x], a[x]
		}
	}
}

// speckle scatters n small dark dots (scanner dust), some in little
// clusters.
func speckle(img *image.Gray, rng *rand.Rand, n int) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for i := 0; i < n; i++ {
		x, y := rng.Float64()*float64(w), rng.Float64()*float64(h)
		k := 1
		if rng.IntN(10) == 0 {
			k = 2 + rng.IntN(5)
		}
		for j := 0; j < k; j++ {
			r := 0.7 + rng.Float64()*1.8
			v := 30 + rng.IntN(110)
			dot(img, x+rng.NormFloat64()*6*float64(j), y+rng.NormFloat64()*6*float64(j), r, v)
		}
	}
}

// dot draws an anti-aliased disc of radius r and gray level v at (cx, cy).
func dot(img *image.Gray, cx, cy, r float64, v int) {
	x0, x1 := int(cx-r-1), int(cx+r+1)
	y0, y1 := int(cy-r-1), int(cy+r+1)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			if !(image.Point{x, y}).In(img.Rect) {
				continue
			}
			d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
			a := r + 0.5 - d
			if a <= 0 {
				continue
			}
			if a > 1 {
				a = 1
			}
			i := y*img.Stride + x
			cur := float64(img.Pix[i])
			nv := cur*(1-a) + float64(v)*a
			if nv < cur {
				img.Pix[i] = uint8(nv)
			}
		}
	}
}

// Posterize reduces img to the given number of evenly spaced gray levels
// (keeping pure white and black), which makes PNGs much smaller while
// keeping anti-aliased edges.
func Posterize(img *image.Gray, levels int) {
	if levels < 2 || levels >= 256 {
		return
	}
	var lut [256]uint8
	step := 255.0 / float64(levels-1)
	for i := range lut {
		lut[i] = uint8(math.Round(math.Round(float64(i)/step) * step))
	}
	for i, v := range img.Pix {
		img.Pix[i] = lut[v]
	}
}
