package ocr

import (
	"context"
	"image"
	"strings"
	"sync"

	"github.com/chartroom/chartroom/chart"
)

// Fake is an Engine for fast tests. It "recognises" a page by looking up
// the text registered for the page's exact pixel size (tests give each page
// a distinct size), and reports orientation from Turned.
type Fake struct {
	mu     sync.Mutex
	texts  map[image.Point]string
	Turned map[image.Point]int // clockwise turn reported per size
	Calls  int                 // Recognize calls, for tests that count work
	// Regions are the crops ReadRegion was asked to read (their sizes and
	// modes), for tests of region finding; RegionText answers them by size
	// as texts does pages.
	Regions    []FakeRegionCall
	regionText map[image.Point]string
}

// FakeRegionCall records one ReadRegion call.
type FakeRegionCall struct {
	Size image.Point
	Mode RegionMode
}

var (
	_ Engine       = (*Fake)(nil)
	_ RegionReader = (*Fake)(nil)
)

// NewFake returns an empty Fake.
func NewFake() *Fake {
	return &Fake{texts: map[image.Point]string{}, Turned: map[image.Point]int{}}
}

// SetText registers the text of pages of the given size.
func (f *Fake) SetText(size image.Point, text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.texts[size] = text
}

// SetRegionText registers the text of region crops of the given size.
func (f *Fake) SetRegionText(size image.Point, text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.regionText == nil {
		f.regionText = map[image.Point]string{}
	}
	f.regionText[size] = text
}

// ReadRegion implements RegionReader: the text registered for the crop's
// size (none: no words), laid out like Recognize.
func (f *Fake) ReadRegion(ctx context.Context, img *image.Gray, dpi int, mode RegionMode) (Recognition, error) {
	if err := ctx.Err(); err != nil {
		return Recognition{}, err
	}
	f.mu.Lock()
	f.Regions = append(f.Regions, FakeRegionCall{Size: img.Rect.Size(), Mode: mode})
	text := f.regionText[img.Rect.Size()]
	f.mu.Unlock()
	return fakeRecognition(text), nil
}

// Orientation implements Engine.
func (f *Fake) Orientation(ctx context.Context, img *image.Gray, dpi int) (int, float64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if d, ok := f.Turned[img.Rect.Size()]; ok {
		return d, 1, nil
	}
	return 0, 1, nil
}

// Recognize implements Engine.
func (f *Fake) Recognize(ctx context.Context, img *image.Gray, dpi int) (Recognition, error) {
	if err := ctx.Err(); err != nil {
		return Recognition{}, err
	}
	f.mu.Lock()
	f.Calls++
	text := f.texts[img.Rect.Size()]
	f.mu.Unlock()
	return fakeRecognition(text), nil
}

func fakeRecognition(text string) Recognition {
	var raw []rawWord
	for li, line := range strings.Split(text, "\n") {
		for wi, w := range strings.Fields(line) {
			box := image.Rect(10+wi*100, 10+li*50, 90+wi*100, 50+li*50)
			raw = append(raw, rawWord{Word: chart.Word{Text: w, Box: box, Conf: 0.95}, line: li})
		}
	}
	return assemble(raw)
}
