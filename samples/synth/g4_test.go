package synth

import (
	"bytes"
	"image"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/ccitt"
)

func decodeG4(t *testing.T, data []byte, w, h int) *image.Gray {
	t.Helper()
	got := image.NewGray(image.Rect(0, 0, w, h))
	if err := ccitt.DecodeIntoGray(got, bytes.NewReader(data), ccitt.MSB, ccitt.Group4, nil); err != nil {
		t.Fatalf("ccitt decode: %v", err)
	}
	return got
}

func firstDiff(a, b *image.Gray) (int, int, bool) {
	w, h := a.Rect.Dx(), a.Rect.Dy()
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if a.Pix[y*a.Stride+x] != b.Pix[y*b.Stride+x] {
				return x, y, true
			}
		}
	}
	return 0, 0, false
}

// TestG4RoundTripPatterns round-trips synthetic bitonal patterns that
// exercise every coding mode: long runs (make-up codes beyond 2560), runs at
// both edges, vertical offsets, pass mode and random noise.
func TestG4RoundTripPatterns(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := map[string]func(x, y int) bool{
		"white":     func(x, y int) bool { return false },
		"black":     func(x, y int) bool { return true },
		"edges":     func(x, y int) bool { return x == 0 || x == 2999 || y%7 == 0 },
		"diagonal":  func(x, y int) bool { return (x+y)%40 < 3 || (x-2*y+9000)%55 < 2 },
		"stripes":   func(x, y int) bool { return (x/(1+y%9))%2 == 0 },
		"blocks":    func(x, y int) bool { return (x/64+y/5)%3 == 0 },
		"thinlines": func(x, y int) bool { return y%3 == 0 && (x/3)%2 == 0 },
	}
	for name, f := range cases {
		for _, w := range []int{1, 7, 64, 2560, 2561, 3000} {
			h := 23
			img := image.NewGray(image.Rect(0, 0, w, h))
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
					if !f(x, y) {
						img.Pix[y*img.Stride+x] = 255
					}
				}
			}
			got := decodeG4(t, EncodeG4(img, 128), w, h)
			if x, y, bad := firstDiff(img, got); bad {
				t.Fatalf("%s w=%d: first difference at (%d,%d)", name, w, x, y)
			}
		}
	}
	for i := 0; i < 50; i++ {
		w, h := 1+rng.IntN(300), 1+rng.IntN(40)
		img := image.NewGray(image.Rect(0, 0, w, h))
		p := rng.Float64()
		for k := range img.Pix {
			if rng.Float64() > p {
				img.Pix[k] = 255
			}
		}
		got := decodeG4(t, EncodeG4(img, 128), w, h)
		if x, y, bad := firstDiff(img, got); bad {
			t.Fatalf("random %d (%dx%d): first difference at (%d,%d)", i, w, h, x, y)
		}
	}
}
