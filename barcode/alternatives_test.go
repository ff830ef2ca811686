package barcode_test

import (
	"image"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/datamatrix"
	mqr "github.com/makiuchi-d/gozxing/multi/qrcode"
	"github.com/makiuchi-d/gozxing/oned"
)

// BenchmarkGozxingFullPage measures the alternative Decode was chosen
// over: handing the whole page to gozxing's readers. Run it with
// -bench GozxingFullPage -benchtime 3x; each sub-benchmark reports
// found=1 when the reader found its symbol.
func BenchmarkGozxingFullPage(b *testing.B) {
	tryHarder := map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true}
	pages := map[string]*image.Gray{
		"code128": pageSpec{syms: []sym{c128(cover)}, clutter: true}.render(b),
		"qr":      pageSpec{syms: []sym{qrc(cover)}, clutter: true}.render(b),
		"dm":      pageSpec{syms: []sym{dmx(cover)}, clutter: true}.render(b),
		"none":    pageSpec{clutter: true}.render(b),
	}
	half := func(img *image.Gray) *image.Gray {
		w, h := img.Rect.Dx()/2, img.Rect.Dy()/2
		out := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				i := 2*y*img.Stride + 2*x
				s := int(img.Pix[i]) + int(img.Pix[i+1]) + int(img.Pix[i+img.Stride]) + int(img.Pix[i+img.Stride+1])
				out.Pix[y*out.Stride+x] = uint8(s / 4)
			}
		}
		return out
	}
	bitmap := func(img *image.Gray, hybrid bool) *gozxing.BinaryBitmap {
		src, _ := gozxing.NewPlanarYUVLuminanceSource(img.Pix, img.Stride, img.Rect.Dy(), 0, 0, img.Rect.Dx(), img.Rect.Dy(), false)
		var bz gozxing.Binarizer = gozxing.NewGlobalHistgramBinarizer(src)
		if hybrid {
			bz = gozxing.NewHybridBinarizer(src)
		}
		bmp, _ := gozxing.NewBinaryBitmap(bz)
		return bmp
	}
	run := func(name, page string, f func(img *image.Gray) bool) {
		img := pages[page]
		b.Run(name+"/"+page, func(b *testing.B) {
			found := 0
			for b.Loop() {
				if f(img) {
					found = 1
				}
			}
			b.ReportMetric(float64(found), "found")
		})
	}
	code128 := func(img *image.Gray) bool {
		_, err := oned.NewCode128Reader().Decode(bitmap(img, false), tryHarder)
		return err == nil
	}
	for _, p := range []string{"code128", "none"} {
		run("code128-tryharder-full", p, code128)
		run("code128-tryharder-half", p, func(img *image.Gray) bool { return code128(half(img)) })
	}
	for _, p := range []string{"qr", "none"} {
		run("qr-multi-full", p, func(img *image.Gray) bool {
			rs, err := mqr.NewQRCodeMultiReader().DecodeMultiple(bitmap(img, true), tryHarder)
			return err == nil && len(rs) > 0
		})
	}
	for _, p := range []string{"dm", "none"} {
		run("datamatrix-full", p, func(img *image.Gray) bool {
			_, err := datamatrix.NewDataMatrixReader().Decode(bitmap(img, true), nil)
			return err == nil
		})
	}
}
