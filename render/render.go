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

	"github.com/chartroom/chartroom/chart"
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
	// Words are the page's recognised words, boxes in image pixels. They
	// become an invisible text layer over the image, so the PDF can be
	// searched and copied from; a page without words is image only.
	Words []chart.Word
}

// Meta is the PDF's document information. It must not carry patient
// identifiers: the PDF may be stored or sent where metadata is not
// protected. Callers pass only the document type and date as the title.
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
	if err := setInfo(x, meta); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	var fontRef *types.IndirectRef // shared by every page with a text layer
	for _, p := range pages {
		if len(p.Words) > 0 {
			if fontRef, err = x.IndRefForNewObject(textFontDict()); err != nil {
				return fmt.Errorf("render: %w", err)
			}
			break
		}
	}
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
		ref, err := addPage(x, pagesRef, fontRef, p)
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

// setInfo writes the document information dictionary. Setting
// XRefTable.Title is not enough: pdfcpu writes only the Info dictionary it
// is given. Its writer then stamps the dates and its own Producer into it
// (api.Write has no way to keep ours), so the tool is named as Creator.
//
// Nothing here may identify a patient: the caller passes only the document
// type and date as the title, and the rest is constant.
func setInfo(x *model.XRefTable, meta Meta) error {
	info := types.Dict(map[string]types.Object{
		"Creator": types.StringLiteral("Chartroom"),
	})
	if meta.Title != "" {
		info["Title"] = textString(meta.Title)
	}
	ref, err := x.IndRefForNewObject(info)
	if err != nil {
		return err
	}
	x.Info = ref
	return nil
}

// textString encodes s as a PDF text string: a literal when it is plain
// ASCII, else UTF-16BE with a byte order mark, as a hex string.
func textString(s string) types.Object {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		return types.StringLiteral(escapeLiteral(nil, []byte(s)))
	}
	return types.NewHexLiteral([]byte(types.EncodeUTF16String(s)))
}

func addPage(x *model.XRefTable, parent, fontRef *types.IndirectRef, p Page) (*types.IndirectRef, error) {
	sd, w, h, err := imageXObject(x, p.Image)
	if err != nil {
		return nil, err
	}
	imgRef, err := x.IndRefForNewObject(*sd)
	if err != nil {
		return nil, err
	}
	dpi := p.DPI
	if dpi <= 0 {
		dpi = 300
	}
	wPt := float64(w) * 72 / float64(dpi)
	hPt := float64(h) * 72 / float64(dpi)
	resources := types.Dict(map[string]types.Object{
		"ProcSet": types.NewNameArray("PDF", "ImageB", "ImageC", "ImageI"),
		"XObject": types.Dict(map[string]types.Object{"Im0": *imgRef}),
	})
	content := fmt.Appendf(nil, "q %.4f 0 0 %.4f 0 0 cm /Im0 Do Q\n", wPt, hPt)
	if len(p.Words) > 0 {
		if fontRef == nil {
			return nil, fmt.Errorf("text layer without a font") // PDF creates it when any page has words
		}
		resources["ProcSet"] = types.NewNameArray("PDF", "Text", "ImageB", "ImageC", "ImageI")
		resources["Font"] = types.Dict(map[string]types.Object{textFontName: *fontRef})
		content = appendTextLayer(content, p.Words, image.Rect(0, 0, w, h), float64(dpi))
	}
	resRef, err := x.IndRefForNewObject(resources)
	if err != nil {
		return nil, err
	}
	csd, err := x.NewStreamDictForBuf(content)
	if err != nil {
		return nil, err
	}
	if err := csd.Encode(); err != nil {
		return nil, err
	}
	contentRef, err := x.IndRefForNewObject(*csd)
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

// imageXObject makes the image stream of a stored page image: JPEG bytes
// pass through as DCT; a PNG becomes Flate-compressed samples, one bit per
// pixel when the page is black and white. Only the compressed stream is
// kept, so a long document costs its compressed size in memory, not its
// pixels.
func imageXObject(x *model.XRefTable, r io.Reader) (*types.StreamDict, int, int, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, 0, 0, err
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, 0, 0, fmt.Errorf("page image: %w", err)
	}
	var sd *types.StreamDict
	switch format {
	case "jpeg":
		cs := model.DeviceGrayCS
		if cfg.ColorModel != color.GrayModel {
			cs = model.DeviceRGBCS
		}
		sd, err = model.CreateDCTImageStreamDict(x, data, cfg.Width, cfg.Height, 8, cs)
	case "png":
		img, err2 := png.Decode(bytes.NewReader(data))
		if err2 != nil {
			return nil, 0, 0, fmt.Errorf("page image: %w", err2)
		}
		samples, bpc := graySamples(img)
		sd, err = model.CreateFlateImageStreamDict(x, samples, nil, cfg.Width, cfg.Height, bpc, model.DeviceGrayCS)
	default:
		return nil, 0, 0, fmt.Errorf("page image: unsupported format %s", format)
	}
	if err != nil {
		return nil, 0, 0, err
	}
	if sd.Raw != nil {
		sd.Content = nil // written from Raw; the decoded copy would only hold memory
	}
	return sd, cfg.Width, cfg.Height, nil
}

// graySamples returns the image's samples as PDF DeviceGray rows: packed
// one bit per pixel (1 = white) for a two-level image, else 8 bits.
func graySamples(img image.Image) ([]byte, int) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	gray := func(x, y int) uint8 { return color.GrayModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y }
	if pal, ok := img.(*image.Paletted); ok && len(pal.Palette) <= 2 {
		white := make([]bool, len(pal.Palette))
		for i, c := range pal.Palette {
			white[i] = color.GrayModel.Convert(c).(color.Gray).Y >= 128
		}
		stride := (w + 7) / 8
		out := make([]byte, stride*h)
		for y := 0; y < h; y++ {
			row := pal.Pix[y*pal.Stride : y*pal.Stride+w]
			for x, v := range row {
				if white[v] {
					out[y*stride+x/8] |= 0x80 >> (x % 8)
				}
			}
		}
		return out, 1
	}
	out := make([]byte, w*h)
	if g, ok := img.(*image.Gray); ok {
		for y := 0; y < h; y++ {
			copy(out[y*w:], g.Pix[y*g.Stride:y*g.Stride+w])
		}
		return out, 8
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			out[y*w+x] = gray(x, y)
		}
	}
	return out, 8
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
