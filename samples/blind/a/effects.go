package main

import (
	"image"
	"math"
	"math/rand/v2"
)

func cloneGray(src *image.Gray) *image.Gray {
	d := image.NewGray(src.Rect)
	copy(d.Pix, src.Pix)
	return d
}

// skew rotates within the same canvas (page stays letter size).
func skew(src *image.Gray, deg float64) *image.Gray {
	if deg == 0 {
		return src
	}
	d := image.NewGray(src.Rect)
	rotInto(src, d, deg*math.Pi/180, 255)
	return d
}

func speckle(img *image.Gray, r *rand.Rand, n int) {
	W, H := img.Rect.Dx(), img.Rect.Dy()
	for i := 0; i < n; i++ {
		x, y := r.IntN(W), r.IntN(H)
		s := 1 + r.IntN(3)
		g := uint8(r.IntN(120))
		for dy := 0; dy < s; dy++ {
			for dx := 0; dx < s; dx++ {
				if r.IntN(3) > 0 {
					setMin(img, x+dx, y+dy, g)
				}
			}
		}
	}
}

func lowContrast(img *image.Gray, black uint8) {
	f := float64(255-black) / 255
	for i, v := range img.Pix {
		img.Pix[i] = uint8(float64(black) + float64(v)*f)
	}
}

func paperTone(img *image.Gray, white uint8, r *rand.Rand, noise float64) {
	f := float64(white) / 255
	for i, v := range img.Pix {
		x := float64(v)*f + r.NormFloat64()*noise
		if x < 0 {
			x = 0
		}
		if x > 255 {
			x = 255
		}
		img.Pix[i] = uint8(x)
	}
}

// edgeShadow darkens a strip along a side: 0 left,1 right,2 top,3 bottom.
func edgeShadow(img *image.Gray, side int, widthPx int, r *rand.Rand) {
	W, H := img.Rect.Dx(), img.Rect.Dy()
	for k := 0; k < widthPx; k++ {
		t := float64(k) / float64(widthPx)
		g := uint8(20 + 200*t*t)
		switch side {
		case 0, 1:
			x := k
			if side == 1 {
				x = W - 1 - k
			}
			for y := 0; y < H; y++ {
				jit := uint8(r.IntN(12))
				setMin(img, x, y, g+jit)
			}
		default:
			y := k
			if side == 3 {
				y = H - 1 - k
			}
			for x := 0; x < W; x++ {
				setMin(img, x, y, g+uint8(r.IntN(12)))
			}
		}
	}
}

// punchHoles: three holes along left (side 0) or top (side 2) edge.
func punchHoles(img *image.Gray, dpi float64, side int, dark bool) {
	p := &Page{DPI: dpi, Img: img}
	g := uint8(25)
	if !dark {
		g = 200
	}
	for _, c := range []float64{1.25, 5.5, 9.75} {
		if side == 0 || side == 1 {
			x := 0.5
			if side == 1 {
				x = 8.0
			}
			p.Circle(x, c, 0.14, g, 0)
			if !dark {
				p.Circle(x, c, 0.14, 150, 0.015)
			}
		} else {
			cc := c * 8.5 / 11
			p.Circle(cc, 0.5, 0.14, g, 0)
			if !dark {
				p.Circle(cc, 0.5, 0.14, 150, 0.015)
			}
		}
	}
}

func stapleShadow(img *image.Gray, dpi float64, r *rand.Rand) {
	p := &Page{DPI: dpi, Img: img}
	x, y := 0.35+r.Float64()*0.3, 0.3+r.Float64()*0.3
	// two staple holes and a short diagonal shadow between them
	ang := -0.6 + r.Float64()*0.3
	L := 0.5
	for i := 0; i <= 100; i++ {
		t := float64(i) / 100
		xx, yy := x+t*L*math.Cos(ang), y-t*L*math.Sin(ang)
		p.Circle(xx, yy, 0.012, 90, 0)
	}
	p.Circle(x, y, 0.02, 40, 0)
	p.Circle(x+L*math.Cos(ang), y-L*math.Sin(ang), 0.02, 40, 0)
}

// bleed makes a faint mirrored copy of front onto back.
func bleed(back, front *image.Gray, strength float64) {
	W, H := back.Rect.Dx(), back.Rect.Dy()
	for y := 0; y < H; y++ {
		for x := 0; x < W; x++ {
			fv := float64(front.Pix[y*front.Stride+(W-1-x)])
			dark := (255 - fv) * strength
			i := y*back.Stride + x
			v := float64(back.Pix[i]) - dark
			if v < 0 {
				v = 0
			}
			back.Pix[i] = uint8(v)
		}
	}
}

func boxBlur(img *image.Gray) *image.Gray {
	d := cloneGray(img)
	W, H := img.Rect.Dx(), img.Rect.Dy()
	for y := 1; y < H-1; y++ {
		for x := 1; x < W-1; x++ {
			s := 0
			for dy := -1; dy <= 1; dy++ {
				o := (y+dy)*img.Stride + x
				s += int(img.Pix[o-1]) + int(img.Pix[o]) + int(img.Pix[o+1])
			}
			d.Pix[y*d.Stride+x] = uint8(s / 9)
		}
	}
	return d
}

func threshold(img *image.Gray, t uint8) {
	for i, v := range img.Pix {
		if v < t {
			img.Pix[i] = 0
		} else {
			img.Pix[i] = 255
		}
	}
}

// photocopy: lighten, blur, streaks and dropouts (a tired copier).
func photocopy(img *image.Gray, r *rand.Rand, severity float64) *image.Gray {
	out := boxBlur(img)
	if severity > 0.5 {
		out = boxBlur(out)
	}
	W, H := out.Rect.Dx(), out.Rect.Dy()
	black := uint8(60 + 100*severity)
	lowContrast(out, black)
	// vertical streak dropouts
	for k := 0; k < int(2+severity*6); k++ {
		x0 := r.IntN(W)
		w := 5 + r.IntN(int(10+severity*60))
		for y := 0; y < H; y++ {
			for x := x0; x < x0+w && x < W; x++ {
				i := y*out.Stride + x
				out.Pix[i] = uint8(math.Min(255, float64(out.Pix[i])+80*severity+40))
			}
		}
	}
	// toner speckle
	speckle(out, r, int(3000*severity))
	return out
}

func addNoise(img *image.Gray, r *rand.Rand, sigma float64) {
	for i, v := range img.Pix {
		x := float64(v) + r.NormFloat64()*sigma
		if x < 0 {
			x = 0
		}
		if x > 255 {
			x = 255
		}
		img.Pix[i] = uint8(x)
	}
}

// downscale by integer-free box resampling to new size.
func resize(src *image.Gray, w, h int) *image.Gray {
	d := image.NewGray(image.Rect(0, 0, w, h))
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	fx, fy := float64(sw)/float64(w), float64(sh)/float64(h)
	for y := 0; y < h; y++ {
		y0, y1 := int(float64(y)*fy), int(float64(y+1)*fy)
		if y1 <= y0 {
			y1 = y0 + 1
		}
		for x := 0; x < w; x++ {
			x0, x1 := int(float64(x)*fx), int(float64(x+1)*fx)
			if x1 <= x0 {
				x1 = x0 + 1
			}
			s, n := 0, 0
			for yy := y0; yy < y1 && yy < sh; yy++ {
				for xx := x0; xx < x1 && xx < sw; xx++ {
					s += int(src.Pix[yy*src.Stride+xx])
					n++
				}
			}
			d.Pix[y*d.Stride+x] = uint8(s / n)
		}
	}
	return d
}
