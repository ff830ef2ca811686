package render

import (
	"cmp"
	"image"
	"math"
	"slices"
	"strconv"
	"unicode"

	"github.com/pdfcpu/pdfcpu/pkg/font"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/chartroom/chartroom/chart"
)

// The text layer uses the standard 14 font Helvetica with WinAnsiEncoding:
// every PDF reader knows its metrics and how its codes map to Unicode, so
// nothing has to be embedded and extraction (search, copy, pdftotext) needs
// no ToUnicode map. The text is drawn invisibly (render mode 3), so what
// the glyphs look like never matters; only their advances do, and those
// come from the same AFM metrics that pdfcpu's font package measures with.
const (
	textFont     = "Helvetica"
	textFontName = "F1" // resource name in the pages' Font dictionaries

	// Helvetica's AFM Ascender and Descender (glyph units per 1000 em),
	// also the font descriptor's Ascent and Descent. Readers put a
	// word's box between them (poppler does), so a font size of
	// boxHeight/(ascender-descender) with the baseline -descender above
	// the box bottom makes a word's text box its box on the image.
	helveticaAscender  = 718
	helveticaDescender = -207
	helveticaSpace     = 278 // width of the space glyph
)

// textFontDict is the font every text layer uses. The standard 14 fonts
// may omit widths and descriptor, but that is deprecated since PDF 1.5 and
// pdfcpu's strict validation of a 1.7 file wants them; spelling them out
// also means no reader can disagree with the metrics the layer was laid
// out with.
func textFontDict() types.Dict {
	widths := make(types.Array, 0, 256-32)
	for c := 32; c < 256; c++ {
		widths = append(widths, types.Integer(font.CharWidth(textFont, rune(c))))
	}
	bbox := font.BoundingBox(textFont)
	return types.Dict(map[string]types.Object{
		"Type":      types.Name("Font"),
		"Subtype":   types.Name("Type1"),
		"BaseFont":  types.Name(textFont),
		"Encoding":  types.Name("WinAnsiEncoding"),
		"FirstChar": types.Integer(32),
		"LastChar":  types.Integer(255),
		"Widths":    widths,
		// Not embedded: the text is invisible, so no glyph is ever drawn.
		"FontDescriptor": types.Dict(map[string]types.Object{
			"Type":        types.Name("FontDescriptor"),
			"FontName":    types.Name(textFont),
			"FontFamily":  types.StringLiteral(textFont),
			"FontStretch": types.Name("Normal"),
			"FontWeight":  types.Integer(400),
			"Flags":       types.Integer(1 << 5), // nonsymbolic
			"FontBBox":    types.NewNumberArray(bbox.LL.X, bbox.LL.Y, bbox.UR.X, bbox.UR.Y),
			"ItalicAngle": types.Integer(0),
			"Ascent":      types.Integer(helveticaAscender),
			"Descent":     types.Integer(helveticaDescender),
			"CapHeight":   types.Integer(718),
			"XHeight":     types.Integer(523),
			"StemV":       types.Integer(88),
		}),
	})
}

// placed is a word laid out in the text layer: its text in WinAnsi codes
// and the box its text spans, in PDF user space (points, y up).
type placed struct {
	code           []byte
	line           int
	x0, y0, x1, y1 float64 // y0 is the bottom
}

// How far a word's text box may depart from its image box. Fitting every
// word exactly to its ink box breaks extraction: a lone "—", "." or "°" gets
// a tiny font size and a baseline far off the line's, and poppler then
// files it (and the words after it) under another line, in another order.
// So a word less than minHeightFrac of the line's reference height (the
// median word height of the line or of the page, whichever is larger) is
// given the line's band (the median bottom and top of its ordinary words)
// and still covers its mark; a box more than maxHeightFrac of it (a word
// run together with a rule, say) is cut down to that height, within the
// box, as near the band as it can be. Ordinary words keep their boxes.
//
// Extractors put a space between two words only where there is a gap
// between them (poppler: more than 0.03 to 0.15 of the first word's font
// size, depending on the mode), so words whose boxes touch or overlap, as
// in tight or skewed print, would come out glued; the text boxes are
// narrowed to leave minGapFrac of the first one's font size between them. The numbers were
// found with pdftotext on typeset test pages.
const (
	minHeightFrac = 0.6
	maxHeightFrac = 1.5
	minGapFrac    = 0.2
)

// layout places words (boxes in pixels of a page image with bounds page
// and dpi resolution) in reading order: by Line, then by box x. Words with
// nothing WinAnsi can show are left out.
func layout(words []chart.Word, page image.Rectangle, dpi float64) []placed {
	scale := 72 / dpi
	hPt := float64(page.Dy()) * scale
	type ordered struct {
		placed
		x int
	}
	ws := make([]ordered, 0, len(words))
	for _, w := range words {
		code := winAnsi(w.Text)
		if len(code) == 0 {
			continue
		}
		b := clampBox(w.Box, page)
		ws = append(ws, ordered{placed{
			code: code,
			line: w.Line,
			x0:   float64(b.Min.X) * scale,
			x1:   float64(b.Max.X) * scale,
			y1:   hPt - float64(b.Min.Y)*scale,
			y0:   hPt - float64(b.Max.Y)*scale,
		}, b.Min.X})
	}
	slices.SortStableFunc(ws, func(a, b ordered) int {
		return cmp.Or(cmp.Compare(a.line, b.line), cmp.Compare(a.x, b.x))
	})
	out := make([]placed, len(ws))
	for i, w := range ws {
		out[i] = w.placed
	}
	pageRef := medianHeight(out)
	for start := 0; start < len(out); {
		end := start + 1
		for end < len(out) && out[end].line == out[start].line {
			end++
		}
		fitLine(out[start:end], pageRef)
		start = end
	}
	return out
}

// clampBox keeps a word's box on the page, at least a pixel wide and high:
// readers drop text outside the page, and a degenerate box would make a
// degenerate font size, while the word should stay searchable.
func clampBox(b, page image.Rectangle) image.Rectangle {
	b = b.Canon()
	b.Min.X = min(max(b.Min.X, page.Min.X), page.Max.X-1)
	b.Min.Y = min(max(b.Min.Y, page.Min.Y), page.Max.Y-1)
	b.Max.X = min(max(b.Max.X, b.Min.X+1), page.Max.X)
	b.Max.Y = min(max(b.Max.Y, b.Min.Y+1), page.Max.Y)
	return b
}

// medianHeight is the median box height of ws, which must not be empty.
func medianHeight(ws []placed) float64 {
	hs := make([]float64, len(ws))
	for i, w := range ws {
		hs[i] = w.y1 - w.y0
	}
	slices.Sort(hs)
	return hs[len(hs)/2]
}

// fitLine adjusts the text boxes of one line's words as described at
// minHeightFrac.
func fitLine(line []placed, pageRef float64) {
	ref := max(medianHeight(line), pageRef)
	minH, maxH := minHeightFrac*ref, maxHeightFrac*ref
	// The line's band: the median bottom and top of its ordinary words,
	// or all of a line of marks only.
	var bottoms, tops []float64
	for _, w := range line {
		if h := w.y1 - w.y0; h >= minH && h <= maxH {
			bottoms, tops = append(bottoms, w.y0), append(tops, w.y1)
		}
	}
	var lo, hi float64
	if len(bottoms) > 0 {
		slices.Sort(bottoms)
		slices.Sort(tops)
		lo, hi = bottoms[len(bottoms)/2], tops[len(tops)/2]
	} else {
		lo, hi = line[0].y0, line[0].y1
		for _, w := range line {
			lo, hi = min(lo, w.y0), max(hi, w.y1)
		}
	}
	if hi-lo < minH {
		m := (lo + hi) / 2
		lo, hi = m-minH/2, m+minH/2
	}
	for i := range line {
		w := &line[i]
		switch h := w.y1 - w.y0; {
		case h < minH: // the band, and the mark if it sticks out
			w.y0, w.y1 = min(w.y0, lo), max(w.y1, hi)
		case h > maxH: // shrunk within the box, as near the band as it can be
			b := min(max((lo+hi-maxH)/2, w.y0), w.y1-maxH)
			w.y0, w.y1 = b, b+maxH
		}
	}
	for i := 0; i+1 < len(line); i++ {
		a, b := &line[i], &line[i+1]
		minGap := minGapFrac * fontSize(*a)
		if b.x0-a.x1 >= minGap {
			continue
		}
		// Both give way around the middle of the gap (or overlap), but
		// neither loses more than half its width.
		m := (a.x1 + b.x0) / 2
		a.x1 = max(m-minGap/2, (a.x0+a.x1)/2)
		b.x0 = min(m+minGap/2, (b.x0+b.x1)/2)
	}
}

// fontSize is the size at which Helvetica's ascender-to-descender height is
// the height of w's text box, rounded as it is written.
func fontSize(w placed) float64 {
	return max(round2((w.y1-w.y0)*1000/(helveticaAscender-helveticaDescender)), 0.01)
}

// appendTextLayer appends to content an invisible text layer for words,
// whose boxes are in pixels of the page image with bounds page and dpi
// resolution.
//
// Each line is one BT…ET block in reading order (Line, then box x). Each
// word is positioned with its own Tm at its box (as adjusted by layout),
// its font size fitted to the box height and its horizontal scaling (Tz) to
// the box width. Between two words of a line goes a real space character,
// stretched to fill the gap to the next word: copied text has its spaces,
// and a selection runs continuously along the line.
func appendTextLayer(content []byte, words []chart.Word, page image.Rectangle, dpi float64) []byte {
	ws := layout(words, page, dpi)
	if len(ws) == 0 {
		return content
	}
	// q…Q keeps the text state (render mode, scaling) from leaking into
	// anything drawn after the layer.
	content = append(content, "q 3 Tr\n"...)
	for i, w := range ws {
		if i == 0 || w.line != ws[i-1].line {
			content = append(content, "BT\n"...)
		}
		size := fontSize(w)
		base := w.y0 - size*helveticaDescender/1000
		natural := font.TextWidth(string(w.code), textFont, 1000) / 1000 * size
		content = append(content, '/')
		content = append(content, textFontName...)
		content = append(content, ' ')
		content = appendNum(content, size)
		content = append(content, " Tf "...)
		content = appendNum(content, hscale(w.x1-w.x0, natural))
		content = append(content, " Tz 1 0 0 1 "...)
		content = appendNum(content, w.x0)
		content = append(content, ' ')
		content = appendNum(content, base)
		content = append(content, " Tm ("...)
		content = escapeLiteral(content, w.code)
		content = append(content, ") Tj"...)
		if i+1 < len(ws) && ws[i+1].line == w.line {
			content = append(content, ' ')
			content = appendNum(content, hscale(ws[i+1].x0-w.x1, size*helveticaSpace/1000))
			content = append(content, " Tz ( ) Tj"...)
		}
		content = append(content, '\n')
		if i+1 == len(ws) || ws[i+1].line != w.line {
			content = append(content, "ET\n"...)
		}
	}
	return append(content, "Q\n"...)
}

// hscale is the horizontal scaling, in percent, that makes text of natural
// width nat span want. It stays positive: a zero scaling would make the
// text matrix singular, which some readers reject.
func hscale(want, nat float64) float64 {
	if nat <= 0 {
		return 100
	}
	return max(round2(100*want/nat), 0.01)
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// appendNum appends v with at most two decimals and no trailing zeros, as
// PDF content streams want (no exponent form).
func appendNum(b []byte, v float64) []byte {
	b = strconv.AppendFloat(b, v, 'f', 2, 64)
	i := len(b) - 1
	for b[i] == '0' {
		i--
	}
	if b[i] == '.' {
		i--
	}
	return b[:i+1]
}

// escapeLiteral appends s as the body of a PDF literal string: ( ) and \
// escaped, bytes outside printable ASCII as octal escapes so the content
// stream stays plain text.
func escapeLiteral(dst, s []byte) []byte {
	for _, c := range s {
		switch {
		case c == '(' || c == ')' || c == '\\':
			dst = append(dst, '\\', c)
		case c < 0x20 || c > 0x7e:
			dst = append(dst, '\\', '0'+(c>>6), '0'+((c>>3)&7), '0'+(c&7))
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// winAnsi encodes a word in WinAnsiEncoding (Windows-1252). Characters it
// cannot hold become '?', except for a few OCR output characters with an
// obvious equivalent (ligatures, Unicode hyphens), so they stay
// searchable. Control characters are dropped, other white space becomes a
// plain space.
func winAnsi(s string) []byte {
	var out []byte
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			out = append(out, ' ')
		case r >= 0x20 && r <= 0x7e, r >= 0xa0 && r <= 0xff:
			out = append(out, byte(r))
		case unicode.IsControl(r):
		default:
			if c, ok := cp1252High[r]; ok {
				out = append(out, c)
			} else if f, ok := winAnsiFallback[r]; ok {
				out = append(out, f...)
			} else {
				out = append(out, '?')
			}
		}
	}
	// An all-space word would add nothing but noise.
	for _, c := range out {
		if c != ' ' {
			return out
		}
	}
	return nil
}

// cp1252High maps the characters Windows-1252 puts in 0x80–0x9F.
var cp1252High = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
	'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e,
	'‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
	'˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
}

var winAnsiFallback = map[rune]string{
	'ﬀ': "ff", 'ﬁ': "fi", 'ﬂ': "fl", 'ﬃ': "ffi", 'ﬄ': "ffl",
	'‐': "-", '‑': "-", '‒': "-", '−': "-",
	'′': "'", '″': "\"",
}
