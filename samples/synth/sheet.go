package synth

import (
	"image"
	"math"

	"github.com/chartroom/chartroom/barcode"
	"github.com/chartroom/chartroom/chart"
)

// Sheet headings, as printed.
const (
	CoverSheetTitle     = "PATIENT DOCUMENT COVER SHEET"
	SeparatorSheetTitle = "DOCUMENT SEPARATOR SHEET"
	// SeparatorText is what a separator sheet's barcode carries.
	SeparatorText = "SEPARATOR"
	Patch2Title   = "PATCH 2"
)

// CoverSpec describes a patient cover sheet: the page a health information
// clerk puts in front of a document so it is filed under the right patient
// and type without reading it.
type CoverSpec struct {
	Patient     chart.Patient
	TypeCode    string // document type (LOINC) code, e.g. "18842-5"
	TypeDisplay string // e.g. "Discharge summary"
	// Format is the barcode symbology: "CODE_128" (the default when ""),
	// "CODE_39" (Full ASCII where the text needs it), "QR_CODE" or
	// "DATA_MATRIX".
	Format string
	// MRNOnly makes the barcode carry the MRN alone (for sheets that file
	// any document of the patient); otherwise it carries "MRN|TypeCode".
	MRNOnly bool
	Options
	// DPI is the scan resolution: 300 (the default when 0), or another
	// resolution such as 200, produced by resampling the 300 dpi page.
	DPI int
}

// BarcodeText is the data the sheet's barcode carries: "MRN|TypeCode", or
// the MRN alone when MRNOnly is set or there is no type.
func (s CoverSpec) BarcodeText() string {
	if s.MRNOnly || s.TypeCode == "" {
		return s.Patient.MRN
	}
	return s.Patient.MRN + "|" + s.TypeCode
}

// format returns the spec's barcode format, defaulting to Code 128.
func (s CoverSpec) format() string {
	if s.Format == "" {
		return barcode.Code128
	}
	return s.Format
}

// RenderCoverSheet rasterises a patient cover sheet: the heading "PATIENT
// DOCUMENT COVER SHEET", a large barcode carrying BarcodeText(), the same
// data as text under it, and the patient's name and date of birth, with
// the scan effects of spec.Options. It panics on an unknown Format or an
// MRN the format cannot carry.
func RenderCoverSheet(spec CoverSpec) *image.Gray {
	return renderSheet(CoverSheetPage(spec), spec.DPI)
}

// CoverSheetPage lays out the cover sheet (at 300 dpi) without rendering
// it: its ops, scan options and truth (title and MRN).
func CoverSheetPage(spec CoverSpec) *PageSpec {
	format := spec.format()
	data := spec.BarcodeText()
	s := newSheet(hashString("cover|" + format + "|" + data))
	s.Options = spec.Options
	s.Truth = Truth{Title: CoverSheetTitle, MRN: spec.Patient.MRN}

	s.heading(330, CoverSheetTitle, 24)
	s.rule(400)
	s.centre(490, Italic, 10, "Place this sheet in front of the document it identifies and scan them together.")

	// The barcode: about 3.5 inches wide for a 1-D symbol, 1.5 inches
	// for a QR code, 1 inch for a Data Matrix, 2.4 inches for a PDF417.
	// Modules are a multiple of 3 pixels so they stay whole at 200 dpi.
	top := 640
	var box image.Rectangle
	switch format {
	case barcode.Code128, barcode.Code39:
		var ops []Op
		ops, box = centredBarcode(format, data, top, 6, 300)
		s.Ops = append(s.Ops, ops...)
	case barcode.QRCode, barcode.DataMatrix:
		var ops []Op
		ops, box = centredBarcode(format, data, top, 18, 0)
		s.Ops = append(s.Ops, ops...)
	case barcode.PDF417:
		// 6-pixel modules: about 2.4 by 0.36 inches, rows 3 modules tall.
		var ops []Op
		ops, box = centredBarcode(format, data, top, 6, 0)
		s.Ops = append(s.Ops, ops...)
	default:
		panic("synth: unknown cover sheet barcode format " + format)
	}

	// Human-readable line under the symbol.
	line := "MRN: " + spec.Patient.MRN
	if !spec.MRNOnly && spec.TypeCode != "" {
		line += "   Document type: " + spec.TypeCode
		if spec.TypeDisplay != "" {
			line += " " + spec.TypeDisplay
		}
	}
	y := box.Max.Y + 110
	s.centre(y, Mono, 13, line)

	// Patient block.
	p := spec.Patient
	y += 260
	rows := [][2]string{
		{"Patient name: ", LabelName(p)},
		{"Date of birth: ", USDate(p.DOB)},
		{"MRN: ", p.MRN},
	}
	if !spec.MRNOnly && spec.TypeCode != "" {
		rows = append(rows, [2]string{"Document type: ", spec.TypeDisplay + " (" + spec.TypeCode + ")"})
	}
	s.block(y, rows, 12)

	// Sign-off lines and footer.
	fy := PageHeight - 620
	s.text(300, fy, Regular, 11, "Prepared by: ______________________________")
	s.text(1500, fy, Regular, 11, "Date: ________________")
	s.rule(PageHeight - 260)
	s.centre(PageHeight-190, Bold, 9, "CONFIDENTIAL PATIENT INFORMATION")
	s.centre(PageHeight-130, Italic, 8.5, "Health Information Management - chart scanning cover sheet")
	return &s.PageSpec
}

// RenderSeparatorSheet rasterises a separator sheet: "DOCUMENT SEPARATOR
// SHEET" and a large Code 128 barcode carrying "SEPARATOR", no patient
// data. dpi 0 means 300.
func RenderSeparatorSheet(opts Options, dpi int) *image.Gray {
	return renderSheet(SeparatorSheetPage(opts), dpi)
}

// SeparatorSheetPage lays out the separator sheet at 300 dpi.
func SeparatorSheetPage(opts Options) *PageSpec {
	s := newSheet(hashString("separator"))
	s.Options = opts
	s.Truth = Truth{Title: SeparatorSheetTitle}
	s.heading(520, SeparatorSheetTitle, 30)
	s.rule(600)
	ops, box := centredBarcode(barcode.Code128, SeparatorText, 900, 9, 450)
	s.Ops = append(s.Ops, ops...)
	s.centre(box.Max.Y+120, Mono, 16, SeparatorText)
	s.centre(box.Max.Y+330, Regular, 12, "Insert this sheet in front of each document in the batch.")
	s.centre(box.Max.Y+410, Regular, 12, "It carries no patient information and is not filed.")
	s.rule(PageHeight - 260)
	s.centre(PageHeight-190, Italic, 8.5, "Health Information Management - chart scanning separator sheet")
	return &s.PageSpec
}

// Patch 2 geometry at 300 dpi: bars 0.2 and 0.08 inch wide, 0.08 inch
// apart, wide-narrow-narrow-wide.
var patch2 = []struct {
	dark bool
	w    int
}{{true, 60}, {false, 24}, {true, 24}, {false, 24}, {true, 24}, {false, 24}, {true, 60}}

// RenderPatch2Sheet rasterises a Patch 2 separator sheet: the patch code's
// wide-narrow-narrow-wide pattern of vertical bars (3 inches long, printed
// at three positions across the page for the scanner's patch readers)
// and the words "PATCH 2". dpi 0 means 300.
func RenderPatch2Sheet(opts Options, dpi int) *image.Gray {
	return renderSheet(Patch2SheetPage(opts), dpi)
}

// Patch2SheetPage lays out the Patch 2 sheet at 300 dpi.
func Patch2SheetPage(opts Options) *PageSpec {
	s := newSheet(hashString("patch2"))
	s.Options = opts
	s.Truth = Truth{Title: Patch2Title}
	const top, length = 300, 900
	for _, cx := range []int{450, PageWidth / 2, PageWidth - 450} {
		x := cx - 120 // the pattern is 0.8 inch (240 px) wide
		for _, b := range patch2 {
			if b.dark {
				s.Ops = append(s.Ops, Op{Kind: OpFill, Rect: image.Rect(x, top, x+b.w, top+length)})
			}
			x += b.w
		}
	}
	s.heading(top+length+330, Patch2Title, 48)
	s.centre(top+length+480, Regular, 12, "Document separator: the scanner starts a new document at this sheet.")
	s.rule(PageHeight - 260)
	s.centre(PageHeight-190, Italic, 8.5, "Health Information Management - patch code separator sheet")
	return &s.PageSpec
}

// PatchCodes are the Kodak patch codes PatchSheetPage draws: each code's
// four bars from the leading edge (the left, for these sheets' bars
// running down the page), true for a wide bar (0.2 inch; narrow bars and
// all spaces are 0.08 inch). Patch 3 and T, and 1 and 6, are each other's
// mirror images: turned 180° one reads as the other.
var PatchCodes = map[string][4]bool{
	"1": {true, true, false, false},
	"2": {true, false, false, true},
	"3": {true, false, true, false},
	"4": {false, true, true, false},
	"6": {false, false, true, true},
	"T": {false, true, false, true},
}

// RenderPatchSheet rasterises a Kodak patch sheet of any code ("1", "2",
// "3", "4", "6" or "T"), laid out like the Patch 2 sheet: the code's bars
// running down the page, 3 inches long, printed at three positions across
// it and read left to right, with "PATCH <code>" under them. dpi 0 means
// 300. It panics on an unknown code. (RenderPatch2Sheet is unchanged; this
// sheet's seed and caption differ from it.)
func RenderPatchSheet(code string, opts Options, dpi int) *image.Gray {
	return renderSheet(PatchSheetPage(code, opts), dpi)
}

// PatchSheetPage lays out a patch sheet of the given code at 300 dpi.
func PatchSheetPage(code string, opts Options) *PageSpec {
	bars, ok := PatchCodes[code]
	if !ok {
		panic("synth: unknown patch code " + code)
	}
	title := "PATCH " + code
	s := newSheet(hashString("patch|" + code))
	s.Options = opts
	s.Truth = Truth{Title: title}
	const top, length = 300, 900
	for _, cx := range []int{450, PageWidth / 2, PageWidth - 450} {
		x := cx - 120 // the pattern is 0.8 inch (240 px) wide
		for _, wide := range bars {
			w := 24
			if wide {
				w = 60
			}
			s.Ops = append(s.Ops, Op{Kind: OpFill, Rect: image.Rect(x, top, x+w, top+length)})
			x += w + 24
		}
	}
	s.heading(top+length+330, title, 48)
	s.centre(top+length+480, Regular, 12, "Document separator: the scanner starts a new document at this sheet.")
	s.rule(PageHeight - 260)
	s.centre(PageHeight-190, Italic, 8.5, "Health Information Management - patch code separator sheet")
	return &s.PageSpec
}

// sheet builds a PageSpec op by op.
type sheet struct {
	PageSpec
	fs faces
}

func newSheet(seed uint64) *sheet {
	return &sheet{PageSpec: PageSpec{Number: 1, Total: 1, Seed: seed}, fs: faces{}}
}

func (s *sheet) text(x, baseline int, f FontName, size float64, t string) {
	s.Ops = append(s.Ops, Op{Kind: OpText, At: image.Pt(x, baseline), Font: f, Size: size, Text: t})
}

func (s *sheet) centre(baseline int, f FontName, size float64, t string) {
	s.text((PageWidth-s.fs.width(f, size, t))/2, baseline, f, size, t)
}

func (s *sheet) heading(baseline int, t string, size float64) {
	s.centre(baseline, Bold, size, t)
}

func (s *sheet) rule(y int) {
	s.Ops = append(s.Ops, Op{Kind: OpFill, Rect: image.Rect(225, y, PageWidth-225, y+5)})
}

// block prints label/value rows in a ruled box centred on the page, the
// first baseline at y.
func (s *sheet) block(y int, rows [][2]string, size float64) {
	lh := px(size) * 16 / 10
	lw := 0
	for _, r := range rows {
		lw = max(lw, s.fs.width(Bold, size, r[0]))
	}
	w := 0
	for _, r := range rows {
		w = max(w, lw+s.fs.width(Regular, size, r[1]))
	}
	pad := 60
	w = max(w+2*pad, 1500)
	x0 := (PageWidth - w) / 2
	top := y - px(size) - pad/2
	s.Ops = append(s.Ops, Op{Kind: OpBox, Rect: image.Rect(x0, top, x0+w, top+lh*len(rows)+pad), Stroke: 4})
	for i, r := range rows {
		b := y + i*lh
		s.text(x0+pad, b, Bold, size, r[0])
		s.text(x0+pad+lw, b, Regular, size, r[1])
	}
}

// renderSheet renders a 300 dpi page at dpi. At 300 it is Render; at
// other resolutions the clean page is resampled first and the scan
// effects (skew, speckles, upside down) are applied after, in Render's
// order and with its noise seed, so they are the same size in pixels as
// on a real scanner at that resolution.
func renderSheet(p *PageSpec, dpi int) *image.Gray {
	if dpi <= 0 || dpi == DPI {
		return Render(p)
	}
	clean := *p
	clean.Options = Options{}
	return scanned(resample(Render(&clean), float64(dpi)/DPI), p)
}

// resample scales img by f with an area-averaging (box) filter, as a
// scanner's sensor integrates the page at a lower resolution.
func resample(img *image.Gray, f float64) *image.Gray {
	sw, sh := img.Rect.Dx(), img.Rect.Dy()
	dw, dh := int(math.Round(float64(sw)*f)), int(math.Round(float64(sh)*f))
	// Weights of source pixels for each destination pixel, one axis.
	type tap struct {
		i int
		w float64
	}
	taps := func(dn, sn int) [][]tap {
		out := make([][]tap, dn)
		scale := float64(sn) / float64(dn)
		for d := range out {
			a, b := float64(d)*scale, float64(d+1)*scale
			for s := int(a); s < sn && float64(s) < b; s++ {
				w := math.Min(b, float64(s+1)) - math.Max(a, float64(s))
				if w > 0 {
					out[d] = append(out[d], tap{s, w / scale})
				}
			}
		}
		return out
	}
	tx, ty := taps(dw, sw), taps(dh, sh)
	// Horizontal pass into a float buffer, then vertical.
	mid := make([]float64, dw*sh)
	for y := 0; y < sh; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+sw]
		for x, ts := range tx {
			v := 0.0
			for _, t := range ts {
				v += float64(row[t.i]) * t.w
			}
			mid[y*dw+x] = v
		}
	}
	out := image.NewGray(image.Rect(0, 0, dw, dh))
	for y, ts := range ty {
		for x := 0; x < dw; x++ {
			v := 0.0
			for _, t := range ts {
				v += mid[t.i*dw+x] * t.w
			}
			out.Pix[y*out.Stride+x] = uint8(math.Min(255, math.Max(0, math.Round(v))))
		}
	}
	return out
}
