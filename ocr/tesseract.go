package ocr

/*
#cgo LDFLAGS: -ltesseract -llept
#cgo CXXFLAGS: -std=c++17
#include <stdlib.h>
#include "osd.h"
*/
import "C"

import (
	"context"
	"fmt"
	"image"
	"os"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"unsafe"

	"github.com/chartroom/chartroom/chart"
	"github.com/otiai10/gosseract/v2"
)

// Tesseract is an Engine backed by a pool of long-lived Tesseract clients:
// loading the model costs far more than reading a page, so each worker
// keeps its own client for the life of the process.
type Tesseract struct {
	free    chan *tessWorker
	workers []*tessWorker
}

var (
	_ Engine         = (*Tesseract)(nil)
	_ RegionReader   = (*Tesseract)(nil)
	_ LayoutAnalyzer = (*Tesseract)(nil)
)

// pagePSM is the segmentation every client reads whole pages with:
// automatic page layout (PSM 3, the command-line tool's default). The API's
// default, one uniform block (PSM 6), reads a label printed beside the
// letterhead across both columns and drops lines of mixed print sizes
// (a title beside a label's MRN line). On a generated set of 122
// documents, PSM 3 raised type accuracy from 0.926 to 0.975 and exact
// documents from 0.984 to 1.000. It is set explicitly so that ReadRegion can
// put it back after reading a crop in another mode.
const pagePSM = gosseract.PSM_AUTO

type tessWorker struct {
	client *gosseract.Client
	osd    unsafe.Pointer
}

// NewTesseract starts n workers (n < 1 means one per CPU) reading lang.
func NewTesseract(n int, lang string) (*Tesseract, error) {
	if n < 1 {
		n = runtime.NumCPU()
	}
	if lang == "" {
		lang = "eng"
	}
	t := &Tesseract{free: make(chan *tessWorker, n)}
	for i := 0; i < n; i++ {
		c := gosseract.NewClient()
		if err := c.SetLanguage(lang); err != nil {
			c.Close()
			t.Close()
			return nil, fmt.Errorf("%w: %v", ErrEngine, err)
		}
		// Not c.DisableOutput(): Tesseract implements it by reopening the
		// process's stderr onto /dev/null, which silences Chartroom's own log.
		// Its own messages ("Detected 14 diacritics" on small crops) go to
		// its debug file instead, which is nowhere.
		if err := c.SetVariable("debug_file", "/dev/null"); err != nil {
			c.Close()
			t.Close()
			return nil, fmt.Errorf("%w: %v", ErrEngine, err)
		}
		if err := warmUp(c); err != nil {
			c.Close()
			t.Close()
			return nil, fmt.Errorf("%w: %v", ErrEngine, err)
		}
		c.SetPageSegMode(pagePSM)
		var errbuf [256]C.char
		osd := C.chartroom_osd_new(nil, &errbuf[0], C.int(len(errbuf)))
		if osd == nil {
			c.Close()
			t.Close()
			return nil, fmt.Errorf("%w: %s", ErrEngine, C.GoString(&errbuf[0]))
		}
		w := &tessWorker{client: c, osd: osd}
		t.workers = append(t.workers, w)
		t.free <- w
	}
	return t, nil
}

// initMu serialises client initialisation. gosseract initialises a client
// lazily, on its first page, and while it does it points the process's
// stderr (fd 2) at /dev/null and back. Two clients initialising at once can
// restore each other's /dev/null and silence the log for good, so every
// client is initialised here, one at a time, before it takes pages.
var initMu sync.Mutex

func warmUp(c *gosseract.Client) error {
	initMu.Lock()
	defer initMu.Unlock()
	blank := image.NewGray(image.Rect(0, 0, 16, 16))
	for i := range blank.Pix {
		blank.Pix[i] = 255
	}
	if err := c.SetImageFromBytes(encodePGM(blank)); err != nil {
		return err
	}
	_, err := c.GetBoundingBoxesVerbose()
	return err
}

// Workers reports the pool size.
func (t *Tesseract) Workers() int { return len(t.workers) }

// Close releases every client. Call it only when no page is in flight.
func (t *Tesseract) Close() error {
	for _, w := range t.workers {
		w.client.Close()
		C.chartroom_osd_free(w.osd)
	}
	t.workers = nil
	return nil
}

func (t *Tesseract) acquire(ctx context.Context) (*tessWorker, error) {
	select {
	case w := <-t.free:
		return w, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Orientation implements Engine with Tesseract's OSD.
func (t *Tesseract) Orientation(ctx context.Context, img *image.Gray, dpi int) (int, float64, error) {
	w, err := t.acquire(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer func() { t.free <- w }()
	// Orientation needs shapes, not fine detail: half resolution reads it as
	// well at a quarter of the time and memory.
	if dpi >= 250 {
		img, dpi = halve(img), dpi/2
	}
	data := encodePGM(img)
	var deg C.int
	var conf C.float
	rc := C.chartroom_osd_detect(w.osd, (*C.uchar)(unsafe.Pointer(&data[0])), C.int(len(data)), C.int(dpi), &deg, &conf)
	runtime.KeepAlive(data)
	switch rc {
	case 0:
		// Tesseract's orientation confidence is open-ended; ~1.5 and above is
		// a clear call. Map it onto 0..1 so thresholds read naturally.
		c := float64(conf) / 3
		if c > 1 {
			c = 1
		}
		return int(deg), c, nil
	case 1:
		return 0, 0, nil // too little text to tell: leave the page as scanned
	default:
		return 0, 0, fmt.Errorf("%w: orientation: image not readable", ErrEngine)
	}
}

// Recognize implements Engine: one recognition pass yields words, boxes,
// confidences and layout numbers; the text is assembled from them rather
// than asked for separately (which would recognise the page again).
func (t *Tesseract) Recognize(ctx context.Context, img *image.Gray, dpi int) (Recognition, error) {
	w, err := t.acquire(ctx)
	if err != nil {
		return Recognition{}, err
	}
	defer func() { t.free <- w }()
	return w.read(img, dpi)
}

// ReadRegion implements RegionReader: a crop read on its own with the
// segmentation mode asked for, on a pooled client whose page mode is put
// back afterwards.
func (t *Tesseract) ReadRegion(ctx context.Context, img *image.Gray, dpi int, mode RegionMode) (Recognition, error) {
	w, err := t.acquire(ctx)
	if err != nil {
		return Recognition{}, err
	}
	defer func() { t.free <- w }()
	psm := gosseract.PSM_SINGLE_BLOCK
	switch mode {
	case RegionLine:
		psm = gosseract.PSM_SINGLE_LINE
	case RegionColumn:
		psm = gosseract.PSM_SINGLE_COLUMN
	}
	w.client.SetPageSegMode(psm)
	defer w.client.SetPageSegMode(pagePSM)
	return w.read(img, dpi)
}

// read recognises img with the client's current settings.
func (w *tessWorker) read(img *image.Gray, dpi int) (Recognition, error) {
	if dpi <= 0 {
		dpi = 300
	}
	if err := w.client.SetVariable("user_defined_dpi", strconv.Itoa(dpi)); err != nil {
		return Recognition{}, fmt.Errorf("%w: %v", ErrEngine, err)
	}
	if err := w.client.SetImageFromBytes(encodePGM(img)); err != nil {
		return Recognition{}, fmt.Errorf("%w: %v", ErrEngine, err)
	}
	boxes, err := w.client.GetBoundingBoxesVerbose()
	if err != nil {
		return Recognition{}, fmt.Errorf("%w: %v", ErrEngine, err)
	}
	raw := make([]rawWord, 0, len(boxes))
	for _, b := range boxes {
		raw = append(raw, rawWord{
			Word:  chart.Word{Text: b.Word, Box: b.Box, Conf: b.Confidence / 100},
			block: b.BlockNum, par: b.ParNum, line: b.LineNum,
		})
	}
	return assemble(raw), nil
}

// Layout implements LayoutAnalyzer with Tesseract's page layout analysis
// (PSM 3 segmentation, no recognition) on the worker's orientation handle,
// at half resolution: blocks are large shapes.
func (t *Tesseract) Layout(ctx context.Context, img *image.Gray, dpi int) ([]Block, error) {
	w, err := t.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { t.free <- w }()
	scale := 1
	if dpi >= 250 {
		img, dpi, scale = halve(img), dpi/2, 2
	}
	data := encodePGM(img)
	const max = 256
	out := make([]C.int, 5*max)
	n := int(C.chartroom_layout(w.osd, (*C.uchar)(unsafe.Pointer(&data[0])), C.int(len(data)), C.int(dpi), &out[0], max))
	runtime.KeepAlive(data)
	if n < 0 {
		return nil, fmt.Errorf("%w: layout: image not readable", ErrEngine)
	}
	blocks := make([]Block, 0, n)
	for i := 0; i < n; i++ {
		o := out[5*i : 5*i+5]
		typ := int(o[4])
		// PolyBlockType: flowing, heading, pullout, caption, vertical text.
		text := typ == 1 || typ == 2 || typ == 3 || typ == 7 || typ == 8
		blocks = append(blocks, Block{
			Box:  image.Rect(int(o[0])*scale, int(o[1])*scale, int(o[2])*scale, int(o[3])*scale),
			Text: text,
		})
	}
	return blocks, nil
}

// halve scales g to half size, averaging each 2×2 block.
func halve(g *image.Gray) *image.Gray {
	w, h := g.Rect.Dx()/2, g.Rect.Dy()/2
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		r0 := g.Pix[(2*y)*g.Stride:]
		r1 := g.Pix[(2*y+1)*g.Stride:]
		row := out.Pix[y*out.Stride : y*out.Stride+w]
		for x := range row {
			row[x] = uint8((int(r0[2*x]) + int(r0[2*x+1]) + int(r1[2*x]) + int(r1[2*x+1]) + 2) / 4)
		}
	}
	return out
}

// encodePGM encodes g as binary PGM, which Leptonica reads without any
// decompression work.
func encodePGM(g *image.Gray) []byte {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	hdr := fmt.Sprintf("P5\n%d %d\n255\n", w, h)
	out := make([]byte, 0, len(hdr)+w*h)
	out = append(out, hdr...)
	for y := 0; y < h; y++ {
		out = append(out, g.Pix[y*g.Stride:y*g.Stride+w]...)
	}
	return out
}

// LimitThreads prepares the process environment for the Tesseract pool:
// OMP_THREAD_LIMIT=1, because the pool provides the parallelism, and
// MALLOC_ARENA_MAX=2, because Tesseract's many mid-sized allocations from
// changing threads otherwise spread over one glibc arena per thread and the
// resident size creeps up page after page. Both are read when the process
// starts, before main runs, so when either is unset the process re-executes
// itself with them set. Call it first thing in main (and in TestMain).
func LimitThreads() error {
	changed := false
	for k, v := range map[string]string{"OMP_THREAD_LIMIT": "1", "MALLOC_ARENA_MAX": "2"} {
		if os.Getenv(k) == "" {
			os.Setenv(k, v)
			changed = true
		}
	}
	if !changed {
		return nil
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	return syscall.Exec(exe, os.Args, os.Environ())
}
