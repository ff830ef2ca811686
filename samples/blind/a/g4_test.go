package main

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/ccitt"
)

func TestG4RoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	p := NewPage(300, r)
	p.Text("serif", 11, 1, 1, "DISCHARGE SUMMARY ADMISSION DATE: 10/01/2026 with some text")
	p.DrawBarcode("code128", "00123456|18842-5", 1, 2, 0.015, 0.8)
	p.Fill(0, 5, 8.5, 0.2, 0)
	speckle(p.Img, r, 5000)
	img := skew(p.Img, 1.3)
	threshold(img, 150)
	img.Pix[0] = 0
	img.Pix[img.Rect.Dx()-1] = 0
	enc := encodeG4(img)
	W, H := img.Rect.Dx(), img.Rect.Dy()
	rd := ccitt.NewReader(bytes.NewReader(enc), ccitt.MSB, ccitt.Group4, W, H, &ccitt.Options{})
	dec, err := io.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	rb := (W + 7) / 8
	if len(dec) != rb*H {
		t.Fatalf("len %d want %d", len(dec), rb*H)
	}
	bad := 0
	for y := 0; y < H; y++ {
		for x := 0; x < W; x++ {
			bit := dec[y*rb+x/8]>>(7-x%8)&1 == 1
			black := img.Pix[y*img.Stride+x] < 128
			if bit == black { // default: white is 1
				bad++
			}
		}
	}
	if bad > 0 {
		t.Fatalf("%d mismatched pixels", bad)
	}
	t.Logf("ok, %d bytes", len(enc))
}
