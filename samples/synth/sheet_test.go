package synth

import (
	"context"
	"fmt"
	"image"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/barcode"
	"github.com/chartroom/chartroom/chart"
)

var coverPatient = chart.Patient{MRN: "00638288", Last: "Okonkwo-Reyes", First: "Marisol", Middle: "Ann", DOB: "1947-09-30", Sex: "F"}

func coverSpec(format string) CoverSpec {
	return CoverSpec{Patient: coverPatient, TypeCode: DischargeSummary.Code, TypeDisplay: DischargeSummary.Display, Format: format}
}

// scan is one way a sheet comes off the scanner.
type scan struct {
	name    string
	dpi     int
	opts    Options
	bitonal bool
}

var scans = []scan{
	{"300dpi", 300, Options{}, false},
	{"200dpi", 200, Options{}, false},
	{"300dpi skewed noisy", 300, Options{Skew: -2, Noise: 400}, false},
	{"200dpi skewed noisy", 200, Options{Skew: 2.5, Noise: 300}, false},
	{"300dpi bitonal skewed", 300, Options{Skew: 1.5}, true},
	{"200dpi bitonal upside down", 200, Options{Skew: -1, UpsideDown: true, Noise: 200}, true},
}

func (s scan) apply(img *image.Gray) *image.Gray {
	if s.bitonal {
		return Bitonal(img, BitonalThreshold)
	}
	return img
}

func decodeOrFail(t *testing.T, img *image.Gray, dpi int) []chart.Barcode {
	t.Helper()
	got, err := barcode.Decode(context.Background(), img, dpi)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return got
}

func TestCoverSheetDecodes(t *testing.T) {
	type tc struct {
		name string
		spec CoverSpec
		scan scan
	}
	var cases []tc
	for _, f := range []string{"", barcode.Code39, barcode.QRCode, barcode.DataMatrix, barcode.PDF417} {
		for _, sc := range scans {
			spec := coverSpec(f)
			spec.Options, spec.DPI = sc.opts, sc.dpi
			name := f
			if name == "" {
				name = "default"
			}
			cases = append(cases, tc{name + " " + sc.name, spec, sc})
		}
		spec := coverSpec(f)
		spec.MRNOnly = true
		cases = append(cases, tc{strings.TrimSpace(f + " mrn only"), spec, scans[0]})
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			img := c.scan.apply(RenderCoverSheet(c.spec))
			if w := int(8.5 * float64(c.scan.dpi)); img.Rect.Dx() != w || img.Rect.Dy() != 11*c.scan.dpi {
				t.Errorf("size %v, want %dx%d", img.Rect.Size(), w, 11*c.scan.dpi)
			}
			got := decodeOrFail(t, img, c.scan.dpi)
			want := chart.Barcode{Format: c.spec.format(), Text: c.spec.BarcodeText()}
			if len(got) != 1 || got[0].Format != want.Format || got[0].Text != want.Text {
				t.Fatalf("decoded %v, want one %s %q", got, want.Format, want.Text)
			}
		})
	}
}

func TestCoverSheetContent(t *testing.T) {
	spec := coverSpec("")
	if got := spec.BarcodeText(); got != "00638288|18842-5" {
		t.Errorf("BarcodeText %q", got)
	}
	txt := CoverSheetPage(spec).Text()
	for _, want := range []string{
		CoverSheetTitle,
		"MRN: 00638288   Document type: 18842-5 Discharge summary",
		"OKONKWO-REYES, MARISOL A",
		"09/30/1947",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("cover sheet text lacks %q:\n%s", want, txt)
		}
	}
	spec.MRNOnly = true
	if got := spec.BarcodeText(); got != "00638288" {
		t.Errorf("MRN-only BarcodeText %q", got)
	}
	txt = CoverSheetPage(spec).Text()
	if strings.Contains(txt, "18842-5") || !strings.Contains(txt, "MRN: 00638288") {
		t.Errorf("MRN-only cover sheet text:\n%s", txt)
	}
	p := CoverSheetPage(spec)
	if p.Truth.MRN != coverPatient.MRN || p.Truth.Title != CoverSheetTitle {
		t.Errorf("truth %+v", p.Truth)
	}
	defer func() {
		if recover() == nil {
			t.Error("unknown format did not panic")
		}
	}()
	CoverSheetPage(coverSpec("AZTEC"))
}

func TestSeparatorSheetDecodes(t *testing.T) {
	for _, sc := range scans {
		t.Run(strings.ReplaceAll(sc.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			img := sc.apply(RenderSeparatorSheet(sc.opts, sc.dpi))
			got := decodeOrFail(t, img, sc.dpi)
			if len(got) != 1 || got[0].Format != barcode.Code128 || got[0].Text != SeparatorText {
				t.Fatalf("decoded %v, want one CODE_128 %q", got, SeparatorText)
			}
		})
	}
	txt := SeparatorSheetPage(Options{}).Text()
	if !strings.Contains(txt, SeparatorSheetTitle) || strings.Contains(txt, "MRN") {
		t.Errorf("separator sheet text:\n%s", txt)
	}
}

func TestPatch2SheetDecodes(t *testing.T) {
	for _, sc := range scans {
		t.Run(strings.ReplaceAll(sc.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			img := sc.apply(RenderPatch2Sheet(sc.opts, sc.dpi))
			if img.Rect.Dy() != 11*sc.dpi {
				t.Errorf("height %d", img.Rect.Dy())
			}
			got := decodeOrFail(t, img, sc.dpi)
			if len(got) == 0 {
				t.Fatal("no patch code found")
			}
			for _, b := range got {
				if b.Format != barcode.PatchCode || b.Text != "2" {
					t.Errorf("decoded %v, want only PATCH_CODE 2", got)
				}
			}
		})
	}
	if txt := Patch2SheetPage(Options{}).Text(); !strings.Contains(txt, Patch2Title) {
		t.Errorf("patch sheet text:\n%s", txt)
	}
}

// Ordinary chart pages, including the decorative barcode-like strip on
// sticker labels, must not decode as barcodes.
func TestContentPagesHaveNoBarcodes(t *testing.T) {
	var docs []DocSpec
	for f := range Facilities {
		docs = append(docs, DocSpec{Patient: coverPatient, Type: DocTypes[(3*f+1)%len(DocTypes)], Pages: 2, Facility: f, Seed: uint64(40 + f),
			Scan: []Options{{Skew: 0.8, Noise: 200}, {Skew: -1.2, UpsideDown: f%2 == 0}}})
	}
	b := BatchSpec{Name: "no-barcodes", Docs: docs}
	for i, p := range b.Compose() {
		t.Run(fmt.Sprint("page", i), func(t *testing.T) {
			t.Parallel()
			img := Render(p)
			if got := decodeOrFail(t, img, DPI); len(got) > 0 {
				t.Errorf("facility %d page %d decoded %v", p.Doc.Facility, p.Number, got)
			}
		})
	}
}
