package ocr

import (
	"image"
	"image/draw"
	"math"
)

// ToGray converts any image to 8-bit grayscale, the form every later step
// works on. A *image.Gray is returned as is.
func ToGray(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok && g.Rect.Min == (image.Point{}) {
		return g
	}
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(g, g.Rect, img, b.Min, draw.Src)
	return g
}

// Rotate turns g clockwise by deg, which must be 0, 90, 180 or 270.
func Rotate(g *image.Gray, deg int) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	switch ((deg % 360) + 360) % 360 {
	case 90:
		out := image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			row := g.Pix[y*g.Stride : y*g.Stride+w]
			for x, v := range row {
				// (x, y) -> (h-1-y, x)
				out.Pix[x*out.Stride+(h-1-y)] = v
			}
		}
		return out
	case 180:
		out := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			src := g.Pix[y*g.Stride : y*g.Stride+w]
			dst := out.Pix[(h-1-y)*out.Stride : (h-1-y)*out.Stride+w]
			for x, v := range src {
				dst[w-1-x] = v
			}
		}
		return out
	case 270:
		out := image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			row := g.Pix[y*g.Stride : y*g.Stride+w]
			for x, v := range row {
				// (x, y) -> (y, w-1-x)
				out.Pix[(w-1-x)*out.Stride+y] = v
			}
		}
		return out
	}
	return g
}

// EstimateSkew returns the small angle (degrees, within ±maxDeg) by which the
// text lines of g are rotated counter-clockwise from horizontal, found by
// maximising the sharpness of the horizontal projection profile of ink on a
// quarter-resolution copy. It returns 0 for pages with too little ink to tell.
func EstimateSkew(g *image.Gray, maxDeg float64) float64 {
	const scale = 4
	w, h := g.Rect.Dx()/scale, g.Rect.Dy()/scale
	if w < 50 || h < 50 {
		return 0
	}
	// Ink points on the reduced image: a cell is ink if its darkest pixel is dark.
	var xs, ys []float64
	for cy := 0; cy < h; cy++ {
		for cx := 0; cx < w; cx++ {
			min := uint8(255)
			for dy := 0; dy < scale; dy++ {
				off := (cy*scale+dy)*g.Stride + cx*scale
				for _, v := range g.Pix[off : off+scale] {
					if v < min {
						min = v
					}
				}
			}
			if min < 110 {
				xs = append(xs, float64(cx))
				ys = append(ys, float64(cy))
			}
		}
	}
	if len(xs) < 200 {
		return 0
	}
	bins := make([]float64, h+w+2)
	score := func(deg float64) float64 {
		t := math.Tan(deg * math.Pi / 180)
		clear(bins)
		for i := range xs {
			// Row of the point once the page is rotated back by deg.
			r := int(ys[i]+xs[i]*t) + w
			if r >= 0 && r < len(bins) {
				bins[r]++
			}
		}
		var s float64
		for _, v := range bins {
			s += v * v
		}
		return s
	}
	best, bestScore := 0.0, score(0)
	for d := -maxDeg; d <= maxDeg+1e-9; d += 0.1 {
		if s := score(d); s > bestScore*1.0001 {
			best, bestScore = d, s
		}
	}
	// Refine around the best coarse angle.
	for d := best - 0.1; d <= best+0.1+1e-9; d += 0.02 {
		if s := score(d); s > bestScore*1.0001 {
			best, bestScore = d, s
		}
	}
	return math.Round(best*100) / 100
}

// RotateSmall rotates g by deg degrees counter-clockwise about its centre
// with bilinear interpolation, filling uncovered corners with white. Used to
// remove skew, so deg is small and the page size is kept.
func RotateSmall(g *image.Gray, deg float64) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	rad := deg * math.Pi / 180
	sin, cos := math.Sin(rad), math.Cos(rad)
	cx, cy := float64(w)/2, float64(h)/2
	for y := 0; y < h; y++ {
		dy := float64(y) - cy
		// Source position of (x, y): rotate back by -deg (image y points down).
		sx0 := cx - dy*sin
		sy0 := cy + dy*cos
		row := out.Pix[y*out.Stride : y*out.Stride+w]
		for x := range row {
			dx := float64(x) - cx
			sx := sx0 + dx*cos
			sy := sy0 + dx*sin
			row[x] = bilinear(g, sx, sy, w, h)
		}
	}
	return out
}

func bilinear(g *image.Gray, x, y float64, w, h int) uint8 {
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	if x0 < 0 || y0 < 0 || x0+1 >= w || y0+1 >= h {
		return 255
	}
	fx, fy := x-float64(x0), y-float64(y0)
	i := y0*g.Stride + x0
	a, b := float64(g.Pix[i]), float64(g.Pix[i+1])
	c, d := float64(g.Pix[i+g.Stride]), float64(g.Pix[i+g.Stride+1])
	v := a*(1-fx)*(1-fy) + b*fx*(1-fy) + c*(1-fx)*fy + d*fx*fy
	return uint8(v + 0.5)
}

// twoLevel reports whether g holds only black and white pixels.
func twoLevel(g *image.Gray) bool {
	for y := 0; y < g.Rect.Dy(); y++ {
		for _, v := range g.Pix[y*g.Stride : y*g.Stride+g.Rect.Dx()] {
			if v != 0 && v != 255 {
				return false
			}
		}
	}
	return true
}

// threshold makes g black and white: below t is black.
func threshold(g *image.Gray, t uint8) {
	for i, v := range g.Pix {
		if v < t {
			g.Pix[i] = 0
		} else {
			g.Pix[i] = 255
		}
	}
}
