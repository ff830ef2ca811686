package render

import (
	"bytes"
	"context"
	"image"
	"image/draw"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
)

func page(w, h int, gray bool) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	draw.Draw(g, g.Rect, image.White, image.Point{}, draw.Src)
	for x := 100; x < w-100; x++ {
		g.Pix[200*g.Stride+x] = 0
		if gray {
			g.Pix[300*g.Stride+x] = 128
		}
	}
	return g
}

func TestPDFPageSizesAndValidity(t *testing.T) {
	for _, tc := range []struct {
		name  string
		img   *image.Gray
		dpi   int
		ext   string
		wantW float64
		wantH float64
	}{
		{"bitonal letter 300dpi", page(2550, 3300, false), 300, "png", 612, 792},
		{"gray letter 200dpi", page(1700, 2200, true), 200, "jpg", 612, 792},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, ext, err := EncodePage(tc.img)
			if err != nil || ext != tc.ext {
				t.Fatalf("EncodePage ext %q err %v, want %s", ext, err, tc.ext)
			}
			var out bytes.Buffer
			pages := []Page{{Image: bytes.NewReader(data), DPI: tc.dpi}, {Image: bytes.NewReader(data), DPI: tc.dpi}}
			if err := PDF(context.Background(), &out, pages, Meta{Title: "Discharge summary"}); err != nil {
				t.Fatal(err)
			}
			rs := bytes.NewReader(out.Bytes())
			if err := api.Validate(rs, nil); err != nil {
				t.Fatalf("pdfcpu validation: %v", err)
			}
			dims, err := api.PageDims(bytes.NewReader(out.Bytes()), nil)
			if err != nil || len(dims) != 2 {
				t.Fatalf("page dims %v, %v", dims, err)
			}
			if d := dims[0]; d.Width < tc.wantW-0.5 || d.Width > tc.wantW+0.5 || d.Height < tc.wantH-0.5 || d.Height > tc.wantH+0.5 {
				t.Fatalf("page size %vx%v pt, want %vx%v", d.Width, d.Height, tc.wantW, tc.wantH)
			}
			qpdf := needTool(t, "qpdf")
			f := filepath.Join(t.TempDir(), "d.pdf")
			if err := os.WriteFile(f, out.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			if msg, err := exec.Command(qpdf, "--check", f).CombinedOutput(); err != nil {
				t.Fatalf("qpdf --check: %v\n%s", err, msg)
			}
		})
	}
}

func TestPDFNeedsPages(t *testing.T) {
	if err := PDF(context.Background(), &bytes.Buffer{}, nil, Meta{}); err == nil {
		t.Fatal("empty document rendered")
	}
}

func TestMain(m *testing.M) {
	// The tests use pdfcpu's convenience API, whose default configuration
	// would otherwise write under $HOME.
	api.DisableConfigDir()
	os.Exit(m.Run())
}
