package pipeline

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"testing"

	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/export"
	"github.com/chartroom/chartroom/ocr"
)

// sizeBarcodes is a BarcodeReader for tests: pages are known by size.
type sizeBarcodes map[image.Point]string

func (s sizeBarcodes) Decode(ctx context.Context, img *image.Gray, dpi int) ([]chart.Barcode, error) {
	if t, ok := s[img.Rect.Size()]; ok {
		return []chart.Barcode{{Format: "CODE_128", Text: t}}, nil
	}
	return nil, nil
}

func TestPageRolesSplitAndSkipOCR(t *testing.T) {
	f := ocr.NewFake()
	f.SetText(image.Pt(400, 501), "PROGRESS NOTE\nName: QUILLFEATHER, ADA\nMRN: 00012345\nDOB: 03/14/1962")
	f.SetText(image.Pt(400, 504), "PROGRESS NOTE\nName: QUILLFEATHER, ADA\nMRN: 00012345\nDOB: 03/14/1962")
	e := newEnv(t, f, 2)
	e.catalog.UpsertPatients(context.Background(), []chart.Patient{{MRN: "00012345", Last: "Quillfeather", First: "Ada", DOB: "1962-03-14"}})
	e.cfg.Barcodes = sizeBarcodes{image.Pt(400, 500): "00012345|11506-3", image.Pt(400, 503): "SEPARATOR"}
	batch := filepath.Join(e.dir, "inbox", "roles")
	writePNG(t, filepath.Join(batch, "0001.png"), 400, 500) // cover sheet
	writePNG(t, filepath.Join(batch, "0002.png"), 400, 501) // content
	blank := filepath.Join(batch, "0003.png")               // blank back
	writePNG(t, blank, 400, 502)
	writeBlankPNG(t, blank, 400, 502)
	writePNG(t, filepath.Join(batch, "0004.png"), 400, 503) // separator
	writePNG(t, filepath.Join(batch, "0005.png"), 400, 504) // content
	p, stop := e.start(e.cfg)
	defer stop()
	o := e.outcome(p.Submit(context.Background(), batch))
	if o.Err != nil || o.Pages != 5 || o.Documents != 2 {
		t.Fatalf("outcome %+v", o)
	}
	pages, _ := e.catalog.Pages(context.Background(), o.BatchID)
	want := []chart.PageRole{chart.RoleCover, chart.RoleContent, chart.RoleBlank, chart.RoleSeparator, chart.RoleContent}
	for i, pg := range pages {
		if pg.Role != want[i] {
			t.Errorf("page %d role %s, want %s", i+1, pg.Role, want[i])
		}
		if (pg.DocumentID != "") != (want[i] == chart.RoleContent) {
			t.Errorf("page %d (%s) document %q", i+1, pg.Role, pg.DocumentID)
		}
	}
	if f.Calls != 2 {
		t.Errorf("OCR ran %d times; only the 2 content pages need it", f.Calls)
	}
	ex, _ := export.Build(context.Background(), e.catalog, o.BatchID)
	if len(ex.Documents) != 2 || ex.Documents[0].Pages[0].File != "0002.png" || ex.Documents[1].Pages[0].File != "0005.png" {
		t.Fatalf("documents %+v", ex.Documents)
	}
	d := ex.Documents[0]
	if d.Type.Code != "11506-3" || d.Status != "filed" || d.Patient == nil || d.Patient.MRN != "00012345" {
		t.Fatalf("covered document %+v", d)
	}
	e.checkStored(o.BatchID)
}

func writeBlankPNG(t *testing.T, path string, w, h int) {
	t.Helper()
	os.Remove(path)
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	img.Pix[len(img.Pix)/2] = 0 // a speck of dust
	writeImage(t, path, img)
}

// A hospital label carries the MRN as a Code 128 symbol: a content page
// with one is read and filed like any other (issue 8: such pages were
// taken for cover sheets, never read, and lost from every document). A
// page whose only cover code is a bare MRN is a cover sheet when its
// printed heading says so.
func TestLabelBarcodeIsNotACoverSheet(t *testing.T) {
	f := ocr.NewFake()
	label := "Name: QUILLFEATHER, ADA\nMRN: 00012345\nDOB: 03/14/1962"
	f.SetText(image.Pt(400, 510), "PATIENT DOCUMENT COVER SHEET\nQUILLFEATHER, ADA\n00012345")
	f.SetText(image.Pt(400, 511), "PROGRESS NOTE\n"+label+"\nSeen today, stable.")
	f.SetText(image.Pt(400, 512), "LABORATORY REPORT\n"+label+"\nPotassium 4.1")
	e := newEnv(t, f, 2)
	e.catalog.UpsertPatients(context.Background(), []chart.Patient{{MRN: "00012345", Last: "Quillfeather", First: "Ada", DOB: "1962-03-14"}})
	e.cfg.Barcodes = sizeBarcodes{image.Pt(400, 510): "00012345", image.Pt(400, 511): "00012345", image.Pt(400, 512): "00012345"}
	batch := filepath.Join(e.dir, "inbox", "labels")
	writePNG(t, filepath.Join(batch, "0001.png"), 400, 510) // cover sheet with the MRN alone
	writePNG(t, filepath.Join(batch, "0002.png"), 400, 511) // content with a label barcode
	writePNG(t, filepath.Join(batch, "0003.png"), 400, 512) // content with a label barcode
	p, stop := e.start(e.cfg)
	defer stop()
	o := e.outcome(p.Submit(context.Background(), batch))
	if o.Err != nil || o.Pages != 3 || o.Documents != 2 {
		t.Fatalf("outcome %+v", o)
	}
	pages, _ := e.catalog.Pages(context.Background(), o.BatchID)
	want := []chart.PageRole{chart.RoleCover, chart.RoleContent, chart.RoleContent}
	for i, pg := range pages {
		if pg.Role != want[i] {
			t.Errorf("page %d role %s, want %s", i+1, pg.Role, want[i])
		}
		if (pg.DocumentID != "") != (want[i] == chart.RoleContent) {
			t.Errorf("page %d (%s) document %q", i+1, pg.Role, pg.DocumentID)
		}
	}
	ex, _ := export.Build(context.Background(), e.catalog, o.BatchID)
	for _, d := range ex.Documents {
		if d.Status != "filed" || d.Patient == nil || d.Patient.MRN != "00012345" {
			t.Errorf("document %s: %s %v", d.Pages[0].File, d.Status, d.Reasons)
		}
	}
}
