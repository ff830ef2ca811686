// Package render builds a document's PDF from its page images, and encodes
// page images the way a scanner archive keeps them: bitonal pages as 1-bit
// PNG (lossless, small), grayscale pages as JPEG.
//
// Page size comes from the image resolution, so a 300 dpi 2550×3300 scan is
// an 8.5×11 inch page.
package render

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Page is one page image to place in a PDF.
type Page struct {
	Image  io.Reader // PNG or JPEG bytes
	DPI    int       // resolution of the image; 300 when unknown
	Width  int       // pixels
	Height int
}

// Meta is the PDF's document information. It must not carry patient
// identifiers: the PDF may be stored or sent where metadata is not
// protected.
type Meta struct {
	Title string
}

// PDF writes a PDF with one page per image to w.
func PDF(ctx context.Context, w io.Writer, pages []Page, meta Meta) error {
	if len(pages) == 0 {
		return fmt.Errorf("render: a document needs at least one page")
	}
	conf := writeConfig()
	pctx, err := pdfcpu.CreateContextWithXRefTable(conf, types.PaperSize["Letter"])
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	x := pctx.XRefTable
	x.Title = meta.Title
	x.Creator = "Chartroom"
	pagesRef, err := pctx.Pages()
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	pagesDict, err := pctx.DereferenceDict(*pagesRef)
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	for i, p := range pages {
		if err := ctx.Err(); err != nil {
			return err
		}
		ref, err := addPage(x, pagesRef, p)
		if err != nil {
			return fmt.Errorf("render page %d: %w", i+1, err)
		}
		if err := pctx.SetValid(*ref); err != nil {
			return err
		}
		if err := model.AppendPageTree(ref, 1, pagesDict); err != nil {
			return err
		}
		pctx.PageCount++
	}
	if err := api.Write(pctx, w, conf); err != nil {
		return fmt.Errorf("render: write: %w", err)
	}
	return nil
}

// writeConfig is built by hand: model.NewDefaultConfiguration writes a
// config directory under the user's home and exits the process if it
// cannot, neither of which a service may do.
func writeConfig() *model.Configuration {
	return &model.Configuration{
		Version:           model.VersionStr,
		Reader15:          true,
		ValidationMode:    model.ValidationRelaxed,
		Eol:               types.EolLF,
		Unit:              types.POINTS,
		WriteObjectStream: true,
		WriteXRefStream:   true,
		Offline:           true,
		Cmd:               model.IMPORTIMAGES,
	}
}

func addPage(x *model.XRefTable, parent *types.IndirectRef, p Page) (*types.IndirectRef, error) {
	res, err := model.CreateImageResources(x, p.Image, false, false)
	if err != nil {
		return nil, err
	}
	if len(res) != 1 {
		return nil, fmt.Errorf("page image holds %d images, want 1", len(res))
	}
	img := res[0]
	dpi := p.DPI
	if dpi <= 0 {
		dpi = 300
	}
	wPt := float64(img.Width) * 72 / float64(dpi)
	hPt := float64(img.Height) * 72 / float64(dpi)
	resources := types.Dict(map[string]types.Object{
		"ProcSet": types.NewNameArray("PDF", "Text", "ImageB", "ImageC", "ImageI"),
		"XObject": types.Dict(map[string]types.Object{img.Res.ID: *img.Res.IndRef}),
	})
	resRef, err := x.IndRefForNewObject(resources)
	if err != nil {
		return nil, err
	}
	content := fmt.Sprintf("q %.4f 0 0 %.4f 0 0 cm /%s Do Q", wPt, hPt, img.Res.ID)
	sd, err := x.NewStreamDictForBuf([]byte(content))
	if err != nil {
		return nil, err
	}
	if err := sd.Encode(); err != nil {
		return nil, err
	}
	contentRef, err := x.IndRefForNewObject(*sd)
	if err != nil {
		return nil, err
	}
	page := types.Dict(map[string]types.Object{
		"Type":      types.Name("Page"),
		"Parent":    *parent,
		"MediaBox":  types.RectForDim(wPt, hPt).Array(),
		"Resources": *resRef,
		"Contents":  *contentRef,
	})
	return x.IndRefForNewObject(page)
}

// EncodePage encodes a page image for storage and returns the encoded bytes
// and the file extension. Pages that are pure black and white (bitonal
// scans) become 1-bit PNG; everything else grayscale JPEG.
func EncodePage(g *image.Gray) ([]byte, string, error) {
	var buf bytes.Buffer
	if isBitonal(g) {
		pal := image.NewPaletted(g.Rect, color.Palette{color.Gray{0}, color.Gray{255}})
		for i, v := range g.Pix {
			if v != 0 {
				pal.Pix[i] = 1
			}
		}
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		if err := enc.Encode(&buf, pal); err != nil {
			return nil, "", err
		}
		return buf.Bytes(), "png", nil
	}
	if err := jpeg.Encode(&buf, g, &jpeg.Options{Quality: 80}); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), "jpg", nil
}

func isBitonal(g *image.Gray) bool {
	if g.Stride != g.Rect.Dx() {
		return false
	}
	for _, v := range g.Pix {
		if v != 0 && v != 255 {
			return false
		}
	}
	return true
}
