package synth

import (
	"image"

	"github.com/chartroom/chartroom/barcode"
)

// barcodeOps returns the fill operations that print text as a symbol of
// the given format with its top-left corner at (x, y): module is the
// module (narrow bar) width in pixels, barHeight the bar height of 1-D
// symbols. It also returns the symbol's bounds (quiet zone excluded).
// Encoding errors (text outside the format's character set) panic, like
// other misuse of synth's page builders.
func barcodeOps(format, text string, x, y, module, barHeight int) ([]Op, image.Rectangle) {
	m, err := barcode.Encode(format, text)
	if err != nil {
		panic("synth: " + err.Error() + " (" + format + ")")
	}
	rowH := module
	if m.Height == 1 {
		rowH = barHeight
	}
	var ops []Op
	for my := 0; my < m.Height; my++ {
		for mx := 0; mx < m.Width; {
			if !m.Dark(mx, my) {
				mx++
				continue
			}
			run := mx
			for run < m.Width && m.Dark(run, my) {
				run++
			}
			ops = append(ops, Op{Kind: OpFill, Rect: image.Rect(x+mx*module, y+my*rowH, x+run*module, y+(my+1)*rowH)})
			mx = run
		}
	}
	return ops, image.Rect(x, y, x+m.Width*module, y+m.Height*rowH)
}

// centredBarcode is barcodeOps for a symbol centred across the page with
// its top at y.
func centredBarcode(format, text string, y, module, barHeight int) ([]Op, image.Rectangle) {
	ops, r := barcodeOps(format, text, 0, y, module, barHeight)
	dx := (PageWidth - r.Dx()) / 2
	for i := range ops {
		ops[i].Rect = ops[i].Rect.Add(image.Pt(dx, 0))
	}
	return ops, r.Add(image.Pt(dx, 0))
}
