package synth

import (
	"fmt"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/gofont/gosmallcaps"
	"golang.org/x/image/font/opentype"
)

// FontName names one of the Go fonts.
type FontName string

const (
	Regular    FontName = "Go-Regular"
	Bold       FontName = "Go-Bold"
	Italic     FontName = "Go-Italic"
	BoldItalic FontName = "Go-Bold-Italic"
	Medium     FontName = "Go-Medium"
	Mono       FontName = "Go-Mono"
	MonoBold   FontName = "Go-Mono-Bold"
	SmallCaps  FontName = "Go-Smallcaps"
)

var fontData = map[FontName][]byte{
	Regular:    goregular.TTF,
	Bold:       gobold.TTF,
	Italic:     goitalic.TTF,
	BoldItalic: gobolditalic.TTF,
	Medium:     gomedium.TTF,
	Mono:       gomono.TTF,
	MonoBold:   gomonobold.TTF,
	SmallCaps:  gosmallcaps.TTF,
}

var (
	parseOnce sync.Once
	parsed    map[FontName]*opentype.Font
	parseErr  error
)

func parseFonts() {
	parsed = make(map[FontName]*opentype.Font, len(fontData))
	for name, data := range fontData {
		f, err := opentype.Parse(data)
		if err != nil {
			parseErr = fmt.Errorf("synth: parse %s: %w", name, err)
			return
		}
		parsed[name] = f
	}
}

// faces caches font faces by name and size. A font.Face is not safe for
// concurrent use, so each Compose or Render call has its own faces.
type faces map[faceKey]font.Face

type faceKey struct {
	name FontName
	size float64
}

func (fs faces) get(name FontName, size float64) font.Face {
	k := faceKey{name, size}
	if f, ok := fs[k]; ok {
		return f
	}
	parseOnce.Do(parseFonts)
	if parseErr != nil {
		panic(parseErr) // the embedded Go fonts always parse
	}
	f, ok := parsed[name]
	if !ok {
		panic("synth: unknown font " + string(name))
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: DPI, Hinting: font.HintingNone})
	if err != nil {
		panic(err)
	}
	fs[k] = face
	return face
}

// width is the advance of s in whole pixels.
func (fs faces) width(name FontName, size float64, s string) int {
	return font.MeasureString(fs.get(name, size), s).Ceil()
}

// px converts points to pixels at 300 dpi.
func px(pt float64) int { return int(pt*DPI/72 + 0.5) }
