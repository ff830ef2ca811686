// view converts scanned page images (png/jpg/tif, any page of a multi-page TIFF) to a PNG for inspection.
package main

import (
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg"
	"image/png"
	"os"
	"strconv"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/tiff"
)

func main() {
	in, out := os.Args[1], os.Args[2]
	scale := 0.5
	if len(os.Args) > 3 {
		scale, _ = strconv.ParseFloat(os.Args[3], 64)
	}
	f, err := os.Open(in)
	if err != nil {
		panic(err)
	}
	var img image.Image
	if len(in) > 4 && in[len(in)-4:] == ".tif" {
		img, err = tiff.Decode(f)
	} else {
		img, _, err = image.Decode(f)
	}
	if err != nil {
		panic(err)
	}
	b := img.Bounds()
	if len(os.Args) > 7 {
		x0, _ := strconv.Atoi(os.Args[4])
		y0, _ := strconv.Atoi(os.Args[5])
		w, _ := strconv.Atoi(os.Args[6])
		h, _ := strconv.Atoi(os.Args[7])
		b = image.Rect(x0, y0, x0+w, y0+h)
	}
	dst := image.NewGray(image.Rect(0, 0, int(float64(b.Dx())*scale), int(float64(b.Dy())*scale)))
	xdraw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	o, _ := os.Create(out)
	png.Encode(o, dst)
	o.Close()
	fmt.Println(b)
}
