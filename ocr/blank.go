package ocr

import "image"

// InkCoverage returns the fraction of a page (margins excluded) covered by
// marks that look like writing or print, found without OCR so blank backs
// from duplex scanning are never recognised. The page is cut into cells of
// about 1/37 inch (8 px at 300 dpi); a cell is inked when a fifth of its
// pixels are dark (faint bleed-through from the other side stays lighter
// than the threshold), and an inked cell counts only if a neighbour is
// inked too, so isolated specks of dust or speckle do not.
func InkCoverage(g *image.Gray, dpi int) float64 {
	if dpi <= 0 {
		dpi = 300
	}
	cell := dpi / 37
	if cell < 2 {
		cell = 2
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	// Scanner shadows and punched holes live at the edges.
	mx, my := w*4/100, h*4/100
	cw, ch := (w-2*mx)/cell, (h-2*my)/cell
	if cw < 3 || ch < 3 {
		return 0
	}
	need := cell * cell / 5
	inked := make([]bool, cw*ch)
	for cy := 0; cy < ch; cy++ {
		for cx := 0; cx < cw; cx++ {
			dark := 0
			for y := my + cy*cell; y < my+(cy+1)*cell; y++ {
				row := g.Pix[y*g.Stride+mx+cx*cell : y*g.Stride+mx+(cx+1)*cell]
				for _, v := range row {
					if v < inkLevel {
						dark++
					}
				}
			}
			inked[cy*cw+cx] = dark >= need
		}
	}
	n := 0
	for cy := 0; cy < ch; cy++ {
		for cx := 0; cx < cw; cx++ {
			if !inked[cy*cw+cx] {
				continue
			}
			for _, d := range [][2]int{{-1, -1}, {0, -1}, {1, -1}, {-1, 0}, {1, 0}, {-1, 1}, {0, 1}, {1, 1}} {
				x, y := cx+d[0], cy+d[1]
				if x >= 0 && y >= 0 && x < cw && y < ch && inked[y*cw+x] {
					n++
					break
				}
			}
		}
	}
	return float64(n) / float64(cw*ch)
}

// inkLevel is the gray level below which a pixel is a mark. Faint pencil
// handwriting scans around 130-170; bleed-through from the other side of the
// sheet stays lighter (200 and above), so the level sits between them.
const inkLevel = 180

// BlankInk is the ink coverage below which a page is a blank back. A blank
// back with speckle, dust and bleed-through measures 0; one short line of
// print about 0.25%. The threshold sits far below print so that a page with
// only initials or a short note is never taken for blank and dropped from
// its document: a near-blank page read as content costs a reviewer a look,
// a content page read as blank loses information.
const BlankInk = 0.0005
