package ocr

import (
	"context"
	"errors"
	"image"
	"math"
	"strings"

	"github.com/chartroom/chartroom/chart"
)

// ErrEngine marks failures of the OCR engine itself (as opposed to a page
// that simply has no text).
var ErrEngine = errors.New("ocr engine")

// Engine is an OCR engine. Implementations must be safe for concurrent use.
type Engine interface {
	// Orientation reports how far the page is turned clockwise (0, 90, 180
	// or 270) and how sure the engine is (0..1; 0 when it cannot tell).
	Orientation(ctx context.Context, img *image.Gray, dpi int) (deg int, conf float64, err error)
	// Recognize reads an upright page in a single pass.
	Recognize(ctx context.Context, img *image.Gray, dpi int) (Recognition, error)
}

// RegionMode says how a crop read by RegionReader is segmented.
type RegionMode int

const (
	// RegionBlock reads the crop as one uniform block of text (Tesseract
	// PSM 6): a label, a sticker, an imprint.
	RegionBlock RegionMode = iota
	// RegionLine reads the crop as a single text line (PSM 7): a header or
	// footer identifier line.
	RegionLine
	// RegionColumn reads the crop as one column of text of variable sizes
	// (PSM 4): a header block mixing sizes.
	RegionColumn
)

func (m RegionMode) String() string {
	switch m {
	case RegionLine:
		return "line"
	case RegionColumn:
		return "column"
	}
	return "block"
}

// RegionReader is an optional Engine capability, found by type assertion:
// reading a small crop of a page (an identifier region) on its own, with
// the segmentation the region needs. Processor uses it to read patient
// labels again (see Result.Regions).
type RegionReader interface {
	ReadRegion(ctx context.Context, img *image.Gray, dpi int, mode RegionMode) (Recognition, error)
}

// Block is one block of a page's layout.
type Block struct {
	Box  image.Rectangle // page pixels
	Text bool            // a text block (not a rule, image or noise)
}

// LayoutAnalyzer is an optional Engine capability: the page's block layout
// without recognition (Tesseract's page layout analysis), used to find
// header and footer blocks side by side.
type LayoutAnalyzer interface {
	Layout(ctx context.Context, img *image.Gray, dpi int) ([]Block, error)
}

// Recognition is the text of one page.
type Recognition struct {
	Words      []chart.Word
	Text       string  // words in reading order: lines joined by "\n", paragraphs by "\n\n"
	Confidence float64 // mean word confidence, 0..1; 0 for a page without words
}

// Result is a processed page: the upright, deskewed image and its text.
type Result struct {
	Image    *image.Gray
	Rotation int     // clockwise degrees applied to make the page upright
	Skew     float64 // degrees of skew removed (counter-clockwise positive)
	Recognition
	// Regions are the page's identifier regions read again on their own
	// (labels, stickers, header and footer blocks, imprints, margin
	// labels), for patient identification. Empty when the engine is not a
	// RegionReader or Processor.MaxRegions is 0.
	Regions []chart.RegionRead
}

// Processor prepares pages and recognises them with an Engine.
type Processor struct {
	Engine Engine
	// MinOrientationConfidence is how sure OSD must be before a page is
	// turned; below it the page is read as scanned (a wrong turn costs more
	// than a missed one: the reviewer can rotate).
	MinOrientationConfidence float64
	// MaxSkew is the largest skew (degrees) that is searched for and removed.
	MaxSkew float64
	// MaxRegions bounds the identifier regions read again per page (0: none).
	MaxRegions int
}

// NewProcessor returns a Processor with the defaults.
func NewProcessor(e Engine) *Processor {
	return &Processor{Engine: e, MinOrientationConfidence: 0.5, MaxSkew: 3, MaxRegions: 6}
}

// Process turns a page upright, removes skew and recognises it.
func (p *Processor) Process(ctx context.Context, img image.Image, dpi int) (Result, error) {
	g := ToGray(img)
	var res Result
	deg, conf, err := p.Engine.Orientation(ctx, g, dpi)
	if err != nil {
		return res, err
	}
	if deg != 0 && conf >= p.MinOrientationConfidence {
		// The page is turned deg clockwise; turning it back is the rest of a full turn.
		res.Rotation = (360 - deg) % 360
		g = Rotate(g, res.Rotation)
	}
	if p.MaxSkew > 0 {
		if s := EstimateSkew(g, p.MaxSkew); math.Abs(s) >= 0.2 {
			bitonal := twoLevel(g)
			res.Skew = s
			g = RotateSmall(g, -s)
			if bitonal {
				// A black-and-white scan stays black and white: it is stored
				// and archived at one bit per pixel.
				threshold(g, 128)
			}
		}
	}
	rec, err := p.Engine.Recognize(ctx, g, dpi)
	if err != nil {
		return res, err
	}
	res.Image, res.Recognition = g, rec
	if p.MaxRegions > 0 {
		if rr, ok := p.Engine.(RegionReader); ok {
			// Regions are a second opinion for identification: an engine
			// failure on a crop leaves the page with the regions read so
			// far; only a cancelled context stops the page.
			regions, err := p.readRegions(ctx, rr, g, dpi, rec)
			if err != nil && ctx.Err() != nil {
				return res, ctx.Err()
			}
			res.Regions = regions
		}
	}
	return res, nil
}

// assemble builds the page text and mean confidence from words that carry
// their block/paragraph/line numbers.
type rawWord struct {
	chart.Word
	block, par, line int
}

func assemble(raw []rawWord) Recognition {
	var rec Recognition
	var sb strings.Builder
	var sum float64
	line := -1
	prevBlock, prevPar, prevLine := -1, -1, -1
	for _, w := range raw {
		text := strings.TrimSpace(w.Text)
		if text == "" {
			continue
		}
		switch {
		case sb.Len() == 0:
			line++
		case w.block != prevBlock || w.par != prevPar:
			sb.WriteString("\n\n")
			line++
		case w.line != prevLine:
			sb.WriteString("\n")
			line++
		default:
			sb.WriteString(" ")
		}
		sb.WriteString(text)
		prevBlock, prevPar, prevLine = w.block, w.par, w.line
		w.Word.Text, w.Word.Line = text, line
		rec.Words = append(rec.Words, w.Word)
		sum += w.Conf
	}
	rec.Text = sb.String()
	if len(rec.Words) > 0 {
		rec.Confidence = sum / float64(len(rec.Words))
	}
	return rec
}
