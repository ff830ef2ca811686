package barcode_test

import (
	"context"
	"errors"
	"fmt"
	"image"
	"strings"
	"testing"
	"time"

	"github.com/chartroom/chartroom/barcode"
	"github.com/chartroom/chartroom/chart"
)

const cover = "00638288|18842-5"

// Typical placements: a 1-D code about 3 inches wide near the top of the
// page, a 1-inch QR in the top right corner, a half-inch Data Matrix.
func c128(text string) sym {
	return sym{format: barcode.Code128, text: text, x: 1.0, y: 0.8, module: 0.016, height: 0.6}
}
func c39(text string) sym {
	return sym{format: barcode.Code39, text: text, x: 1.0, y: 0.8, module: 0.013, height: 0.6}
}
func qrc(text string) sym {
	return sym{format: barcode.QRCode, text: text, x: 6.9, y: 0.5, module: 0.04}
}
func dmx(text string) sym {
	return sym{format: barcode.DataMatrix, text: text, x: 6.9, y: 0.6, module: 0.035}
}

type want struct {
	format, text string
	// near is where the symbol's centre should be, in inches on the
	// upright page (before skew); zero means do not check.
	near [2]float64
}

func wantOf(s sym) want {
	return want{format: s.format, text: s.text}
}

func TestDecode(t *testing.T) {
	inv := func(s sym) sym { s.inverted = true; return s }
	at := func(s sym, x, y float64) sym { s.x, s.y = x, y; return s }
	tests := []struct {
		name string
		page pageSpec
		want []want
	}{
		{"code128", pageSpec{syms: []sym{c128(cover)}, clutter: true}, []want{{barcode.Code128, cover, [2]float64{2.5, 1.1}}}},
		{"code128 mrn only", pageSpec{syms: []sym{c128("00638288")}, clutter: true}, []want{{barcode.Code128, "00638288", [2]float64{0, 0}}}},
		{"code39 full ascii", pageSpec{syms: []sym{c39(cover)}, clutter: true}, []want{{barcode.Code39, cover, [2]float64{0, 0}}}},
		{"code39 plain", pageSpec{syms: []sym{c39("SEPARATOR")}, clutter: true}, []want{{barcode.Code39, "SEPARATOR", [2]float64{0, 0}}}},
		{"qr corner", pageSpec{syms: []sym{qrc(cover)}, clutter: true}, []want{{barcode.QRCode, cover, [2]float64{7.4, 1.0}}}},
		{"datamatrix", pageSpec{syms: []sym{dmx(cover)}, clutter: true}, []want{{barcode.DataMatrix, cover, [2]float64{7.18, 0.88}}}},
		{"small datamatrix", pageSpec{syms: []sym{{format: barcode.DataMatrix, text: "00638288", x: 7.2, y: 0.5, module: 0.025}}, clutter: true}, []want{{barcode.DataMatrix, "00638288", [2]float64{0, 0}}}},

		{"200dpi code128", pageSpec{dpi: 200, syms: []sym{c128(cover)}, clutter: true}, []want{{barcode.Code128, cover, [2]float64{2.5, 1.1}}}},
		{"200dpi code39", pageSpec{dpi: 200, syms: []sym{c39(cover)}, clutter: true}, []want{wantOf(c39(cover))}},
		{"200dpi qr", pageSpec{dpi: 200, syms: []sym{qrc(cover)}, clutter: true}, []want{wantOf(qrc(cover))}},
		{"200dpi datamatrix", pageSpec{dpi: 200, syms: []sym{dmx(cover)}, clutter: true}, []want{wantOf(dmx(cover))}},

		{"code128 skew +2", pageSpec{syms: []sym{c128(cover)}, clutter: true, skew: 2}, []want{wantOf(c128(cover))}},
		{"code128 skew -2", pageSpec{syms: []sym{c128(cover)}, clutter: true, skew: -2}, []want{wantOf(c128(cover))}},
		{"code128 skew +3", pageSpec{syms: []sym{c128(cover)}, clutter: true, skew: 3}, []want{wantOf(c128(cover))}},
		{"code39 skew -2", pageSpec{syms: []sym{c39(cover)}, clutter: true, skew: -2}, []want{wantOf(c39(cover))}},
		{"qr skew +2", pageSpec{syms: []sym{qrc(cover)}, clutter: true, skew: 2}, []want{wantOf(qrc(cover))}},
		{"datamatrix skew -2", pageSpec{syms: []sym{dmx(cover)}, clutter: true, skew: -2}, []want{wantOf(dmx(cover))}},
		{"datamatrix skew +3", pageSpec{syms: []sym{dmx(cover)}, clutter: true, skew: 3}, []want{wantOf(dmx(cover))}},
		{"200dpi code128 skew -3", pageSpec{dpi: 200, syms: []sym{c128(cover)}, clutter: true, skew: -3}, []want{wantOf(c128(cover))}},

		{"code128 upside down", pageSpec{syms: []sym{c128(cover)}, clutter: true, upside: true}, []want{{barcode.Code128, cover, [2]float64{8.5 - 2.5, 11 - 1.1}}}},
		{"code39 upside down", pageSpec{syms: []sym{c39(cover)}, clutter: true, upside: true}, []want{wantOf(c39(cover))}},
		{"qr upside down", pageSpec{syms: []sym{qrc(cover)}, clutter: true, upside: true}, []want{wantOf(qrc(cover))}},
		{"datamatrix upside down", pageSpec{syms: []sym{dmx(cover)}, clutter: true, upside: true}, []want{wantOf(dmx(cover))}},

		{"code128 white on black", pageSpec{syms: []sym{inv(c128(cover))}, clutter: true}, []want{wantOf(c128(cover))}},
		{"qr white on black", pageSpec{syms: []sym{inv(qrc(cover))}, clutter: true}, []want{wantOf(qrc(cover))}},
		{"datamatrix white on black", pageSpec{syms: []sym{inv(dmx(cover))}, clutter: true}, []want{wantOf(dmx(cover))}},
		{"inverted page code128", pageSpec{syms: []sym{c128(cover)}, clutter: true, invert: true}, []want{wantOf(c128(cover))}},
		{"inverted page qr", pageSpec{syms: []sym{qrc(cover)}, clutter: true, invert: true}, []want{wantOf(qrc(cover))}},

		{"bitonal code128 skew", pageSpec{syms: []sym{c128(cover)}, clutter: true, bitonal: true, skew: 1.5}, []want{wantOf(c128(cover))}},
		{"bitonal 200dpi code39 skew", pageSpec{dpi: 200, syms: []sym{c39(cover)}, clutter: true, bitonal: true, skew: -1.5}, []want{wantOf(c39(cover))}},
		{"bitonal qr", pageSpec{syms: []sym{qrc(cover)}, clutter: true, bitonal: true, skew: 1}, []want{wantOf(qrc(cover))}},
		{"bitonal datamatrix", pageSpec{syms: []sym{dmx(cover)}, clutter: true, bitonal: true, skew: -1}, []want{wantOf(dmx(cover))}},

		{"noise code128", pageSpec{syms: []sym{c128(cover)}, clutter: true, noise: 4000, seed: 3}, []want{wantOf(c128(cover))}},
		{"noise code39", pageSpec{syms: []sym{c39(cover)}, clutter: true, noise: 4000, seed: 4}, []want{wantOf(c39(cover))}},
		{"noise qr", pageSpec{syms: []sym{qrc(cover)}, clutter: true, noise: 4000, seed: 5}, []want{wantOf(qrc(cover))}},
		{"noise datamatrix", pageSpec{syms: []sym{dmx(cover)}, clutter: true, noise: 4000, seed: 6}, []want{wantOf(dmx(cover))}},

		{"code128 and qr", pageSpec{syms: []sym{c128(cover), qrc("00638288")}, clutter: true},
			[]want{{barcode.QRCode, "00638288", [2]float64{7.4, 1.0}}, {barcode.Code128, cover, [2]float64{2.5, 1.1}}}},
		{"two code128 side by side", pageSpec{syms: []sym{
			{format: barcode.Code128, text: "00638288", x: 0.8, y: 0.8, module: 0.016, height: 0.5},
			{format: barcode.Code128, text: "18842-5", x: 4.5, y: 0.8, module: 0.016, height: 0.5}}, clutter: true},
			[]want{{barcode.Code128, "00638288", [2]float64{1.43, 1.05}}, {barcode.Code128, "18842-5", [2]float64{5.1, 1.05}}}},
		{"code128 at foot and datamatrix", pageSpec{syms: []sym{at(c128("SEPARATOR"), 2.5, 10.0), at(dmx(cover), 0.6, 0.5)}, clutter: true},
			[]want{{barcode.DataMatrix, cover, [2]float64{0, 0}}, {barcode.Code128, "SEPARATOR", [2]float64{0, 0}}}},
		{"everything skewed upside down noisy bitonal", pageSpec{syms: []sym{c128(cover), qrc("00638288")}, clutter: true,
			skew: -2, upside: true, noise: 2000, bitonal: true, seed: 9},
			[]want{{barcode.Code128, cover, [2]float64{0, 0}}, {barcode.QRCode, "00638288", [2]float64{0, 0}}}},

		{"vertical code128 in the margin", pageSpec{syms: []sym{{format: barcode.Code128, text: cover, x: 0.2, y: 3.5, module: 0.016, height: 0.45, vertical: true}}, clutter: true},
			[]want{{barcode.Code128, cover, [2]float64{0.42, 4.9}}}},
		{"blurred code128", pageSpec{syms: []sym{c128(cover)}, clutter: true, blur: true}, []want{wantOf(c128(cover))}},
		{"blurred 200dpi code39", pageSpec{dpi: 200, syms: []sym{c39(cover)}, clutter: true, blur: true}, []want{wantOf(c39(cover))}},
		{"blurred 200dpi datamatrix", pageSpec{dpi: 200, syms: []sym{dmx(cover)}, clutter: true, blur: true}, []want{wantOf(dmx(cover))}},
		{"faded code128", pageSpec{syms: []sym{c128(cover)}, clutter: true, faded: true, noise: 1000}, []want{wantOf(c128(cover))}},
		{"faded qr", pageSpec{syms: []sym{qrc(cover)}, clutter: true, faded: true}, []want{wantOf(qrc(cover))}},
		{"200dpi noisy upside down datamatrix", pageSpec{dpi: 200, syms: []sym{dmx(cover)}, clutter: true, upside: true, noise: 2000, skew: 1}, []want{wantOf(dmx(cover))}},
		{"200dpi noisy skewed qr", pageSpec{dpi: 200, syms: []sym{qrc(cover)}, clutter: true, noise: 2000, skew: -2.5}, []want{wantOf(qrc(cover))}},

		{"narrow code128 label", pageSpec{syms: []sym{{format: barcode.Code128, text: cover, x: 5.0, y: 1.5, module: 0.01, height: 0.3}}, clutter: true}, []want{{barcode.Code128, cover, [2]float64{0, 0}}}},
		{"200dpi narrow code128 label", pageSpec{dpi: 200, syms: []sym{{format: barcode.Code128, text: cover, x: 5.0, y: 1.5, module: 0.01, height: 0.3}}, clutter: true}, []want{{barcode.Code128, cover, [2]float64{0, 0}}}},
		{"200dpi narrow code39 label skewed", pageSpec{dpi: 200, syms: []sym{{format: barcode.Code39, text: "00638288", x: 5.0, y: 1.5, module: 0.01, height: 0.3}}, clutter: true, skew: 2}, []want{{barcode.Code39, "00638288", [2]float64{0, 0}}}},
		{"200dpi bitonal narrow code128 label skewed", pageSpec{dpi: 200, syms: []sym{{format: barcode.Code128, text: cover, x: 5.0, y: 1.5, module: 0.01, height: 0.3}}, clutter: true, skew: -2, bitonal: true}, []want{{barcode.Code128, cover, [2]float64{0, 0}}}},
		{"short code128", pageSpec{syms: []sym{{format: barcode.Code128, text: "00638288", x: 5.0, y: 1.5, module: 0.012, height: 0.15}}, clutter: true, skew: 1}, []want{{barcode.Code128, "00638288", [2]float64{0, 0}}}},
		{"200dpi short code39", pageSpec{dpi: 200, syms: []sym{{format: barcode.Code39, text: "SEPARATOR", x: 5.0, y: 1.5, module: 0.012, height: 0.15}}, clutter: true}, []want{{barcode.Code39, "SEPARATOR", [2]float64{0, 0}}}},
		{"big qr", pageSpec{syms: []sym{{format: barcode.QRCode, text: cover, x: 3, y: 0.5, module: 0.08}}, clutter: true}, []want{{barcode.QRCode, cover, [2]float64{4, 1.5}}}},
		{"tiny datamatrix 200dpi", pageSpec{dpi: 200, syms: []sym{{format: barcode.DataMatrix, text: "00638288", x: 7.5, y: 0.5, module: 0.02}}, clutter: true}, []want{{barcode.DataMatrix, "00638288", [2]float64{0, 0}}}},

		{"datamatrix inside body text", pageSpec{syms: []sym{at(dmx(cover), 4.0, 5.0)}, clutter: true, noise: 500}, []want{{barcode.DataMatrix, cover, [2]float64{4.28, 5.28}}}},
		{"qr inside body text", pageSpec{syms: []sym{at(qrc(cover), 4.0, 5.0)}, clutter: true}, []want{{barcode.QRCode, cover, [2]float64{4.5, 5.5}}}},
		{"code39 inside body text", pageSpec{syms: []sym{at(c39("00638288"), 3.0, 5.0)}, clutter: true}, []want{{barcode.Code39, "00638288", [2]float64{0, 0}}}},

		{"qr over a photo page", pageSpec{syms: []sym{qrc(cover)}, photo: true}, []want{wantOf(qrc(cover))}},
		{"photo page", pageSpec{photo: true}, nil},

		{"blank page", pageSpec{}, nil},
		{"text page", pageSpec{textOnly: true, seed: 1}, nil},
		{"noisy text page", pageSpec{textOnly: true, seed: 2, noise: 4000}, nil},
		{"bitonal text page 200dpi", pageSpec{dpi: 200, textOnly: true, seed: 3, bitonal: true, skew: 1}, nil},
	}
	for _, tc := range tests {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			img := tc.page.render(t)
			dpi := tc.page.dpi
			if dpi == 0 {
				dpi = 300
			}
			start := time.Now()
			got, err := barcode.Decode(context.Background(), img, dpi)
			el := time.Since(start)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			t.Logf("decoded in %v: %v", el, got)
			check(t, got, tc.want, dpi)
		})
	}
}

// check compares found symbols with the wanted ones, in any order.
func check(t *testing.T, got []chart.Barcode, want []want, dpi int) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("found %d symbols %s, want %d", len(got), describe(got), len(want))
	}
	for _, w := range want {
		ok := false
		for _, g := range got {
			if g.Format != w.format || g.Text != w.text {
				continue
			}
			ok = true
			if g.Box.Empty() {
				t.Errorf("%s %q: empty box", w.format, w.text)
			}
			if w.near != [2]float64{} {
				c := image.Pt(int(w.near[0]*float64(dpi)), int(w.near[1]*float64(dpi)))
				if !grow(g.Box, dpi/10).Intersect(image.Rectangle{c, c.Add(image.Pt(1, 1))}).Eq(image.Rectangle{c, c.Add(image.Pt(1, 1))}) {
					t.Errorf("%s %q: box %v does not contain %v", w.format, w.text, g.Box, c)
				}
			}
		}
		if !ok {
			t.Errorf("missing %s %q; found %s", w.format, w.text, describe(got))
		}
	}
}

func grow(r image.Rectangle, n int) image.Rectangle {
	return image.Rect(r.Min.X-n, r.Min.Y-n, r.Max.X+n, r.Max.Y+n)
}

func describe(bs []chart.Barcode) string {
	var parts []string
	for _, b := range bs {
		parts = append(parts, fmt.Sprintf("%s %q at %v", b.Format, b.Text, b.Box))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Text of all kinds must not read as a barcode: Code 39 has no check
// character, so this guards its row confirmation.
func TestDecodeNoFalsePositives(t *testing.T) {
	for seed := uint64(10); seed < 22; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			dpi := 300
			if seed%2 == 1 {
				dpi = 200
			}
			img := pageSpec{dpi: dpi, textOnly: true, seed: seed, noise: int(seed%3) * 2000, bitonal: seed%4 == 0, skew: float64(seed%5) - 2}.render(t)
			got, err := barcode.Decode(context.Background(), img, dpi)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) > 0 {
				t.Errorf("text page read as %s", describe(got))
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	if _, err := barcode.Decode(context.Background(), nil, 300); !errors.Is(err, barcode.ErrNoImage) {
		t.Errorf("nil image: %v", err)
	}
	if _, err := barcode.Decode(context.Background(), image.NewGray(image.Rect(0, 0, 0, 0)), 300); !errors.Is(err, barcode.ErrNoImage) {
		t.Errorf("empty image: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	img := pageSpec{syms: []sym{c128(cover)}}.render(t)
	if _, err := barcode.Decode(ctx, img, 300); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// A sub-image reports boxes in the parent's coordinates.
func TestDecodeSubImage(t *testing.T) {
	img := pageSpec{syms: []sym{c128(cover)}, clutter: true}.render(t)
	sub := img.SubImage(image.Rect(200, 100, 2400, 1200)).(*image.Gray)
	got, err := barcode.Decode(context.Background(), sub, 300)
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, []want{{barcode.Code128, cover, [2]float64{2.5, 1.1}}}, 300)
}

func TestEncodeRejects(t *testing.T) {
	if _, err := barcode.Encode(barcode.PatchCode, "2"); !errors.Is(err, barcode.ErrUnsupported) {
		t.Errorf("patch code: %v", err)
	}
	if _, err := barcode.Encode(barcode.Code128, ""); err == nil {
		t.Error("empty text encoded")
	}
	_, err := barcode.Encode(barcode.Code39, "MRN é 00638288")
	if err == nil || strings.Contains(err.Error(), "00638288") {
		t.Errorf("non-ASCII Code 39: %v", err)
	}
}

func BenchmarkDecodePage(b *testing.B) {
	pages := []struct {
		name string
		page pageSpec
	}{
		{"code128", pageSpec{syms: []sym{c128(cover)}, clutter: true}},
		{"qr", pageSpec{syms: []sym{qrc(cover)}, clutter: true}},
		{"datamatrix", pageSpec{syms: []sym{dmx(cover)}, clutter: true}},
		{"pdf417", pageSpec{syms: []sym{pdf(cover)}, clutter: true}},
		{"none", pageSpec{clutter: true}},
		{"text", pageSpec{textOnly: true, seed: 1}},
		{"blank", pageSpec{}},
		{"photo", pageSpec{photo: true}},
	}
	for _, p := range pages {
		img := p.page.render(b)
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := barcode.Decode(context.Background(), img, 300); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
