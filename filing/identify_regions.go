package filing

import (
	"image"
	"time"

	"github.com/chartroom/chartroom/chart"
)

// IdentifyRegion reads the identifiers of one region of page p read again
// on its own (a label box, a sticker, a header or footer band, an
// imprint, a label turned in a margin) as a block of lines of its own.
// Values carry their boxes in page pixels when the region has words.
// Numbers without a label (FoundNumber) are reported only from regions in
// the top third of the page, never from a footer.
func IdentifyRegion(p chart.Page, r chart.RegionRead) []Found {
	return idRegionFind(p, r, time.Now())
}

func idRegionFind(p chart.Page, r chart.RegionRead, now time.Time) []Found {
	lines, back := idRegionLines(r)
	hits := idFindInLines(lines, p.ID, now, idBlockOpts{imprint: r.Kind == "imprint"})
	for i := range hits {
		hits[i].Box = back(hits[i].Box)
	}
	out := idHitsFound(hits)
	if r.Kind == "footer" || p.Height <= 0 {
		return out
	}
	top := func(i int) bool {
		b := back(lines[i].bounds())
		if b.Empty() {
			b = r.Box
		}
		return !b.Empty() && b.Min.Y < p.Height/3
	}
	nums := idUnlabeled(p, lines, out, top)
	for i := range nums {
		nums[i].Box = back(nums[i].Box)
	}
	return append(out, nums...)
}

// idRegionLines makes the lines of a region: from its words when it has
// some (turned upright when the region was read turned, so that reading
// order and column gaps are measured along the text), else from its text.
// back maps a box of the lines back to page pixels.
func idRegionLines(r chart.RegionRead) ([]idLine, func(image.Rectangle) image.Rectangle) {
	id := func(b image.Rectangle) image.Rectangle { return b }
	if len(r.Words) == 0 {
		return idPageLines(chart.Page{Text: r.Text}), id
	}
	rot := ((r.Rotation % 360) + 360) % 360
	if rot != 90 && rot != 180 && rot != 270 {
		return idWordLines(r.Words), id
	}
	frame := r.Box
	if frame.Empty() {
		for _, w := range r.Words {
			frame = frame.Union(w.Box)
		}
	}
	ws := make([]chart.Word, len(r.Words))
	for i, w := range r.Words {
		w.Box = idTurn(w.Box, frame, rot)
		ws[i] = w
	}
	return idWordLines(ws), func(b image.Rectangle) image.Rectangle {
		if b.Empty() {
			return b
		}
		return idTurnBack(b, frame, rot)
	}
}

// idTurn maps box b (page pixels, inside frame) into the frame's crop
// turned clockwise by rot degrees, with the crop's origin at (0, 0).
func idTurn(b, frame image.Rectangle, rot int) image.Rectangle {
	b = b.Sub(frame.Min)
	w, h := frame.Dx(), frame.Dy()
	switch rot {
	case 90:
		return image.Rect(h-b.Max.Y, b.Min.X, h-b.Min.Y, b.Max.X)
	case 180:
		return image.Rect(w-b.Max.X, h-b.Max.Y, w-b.Min.X, h-b.Min.Y)
	case 270:
		return image.Rect(b.Min.Y, w-b.Max.X, b.Max.Y, w-b.Min.X)
	}
	return b
}

// idTurnBack is the inverse of idTurn.
func idTurnBack(b, frame image.Rectangle, rot int) image.Rectangle {
	w, h := frame.Dx(), frame.Dy()
	var r image.Rectangle
	switch rot {
	case 90:
		r = image.Rect(b.Min.Y, h-b.Max.X, b.Max.Y, h-b.Min.X)
	case 180:
		r = image.Rect(w-b.Max.X, h-b.Max.Y, w-b.Min.X, h-b.Min.Y)
	case 270:
		r = image.Rect(w-b.Max.Y, b.Min.X, w-b.Min.Y, b.Max.X)
	default:
		r = b
	}
	return r.Add(frame.Min)
}

// idMerge adds the identifiers of a region to those already found: one
// found twice (same kind, same value) is reported once, by the finding
// that has a box, else a label.
func idMerge(out, more []Found) []Found {
	for _, f := range more {
		dup := false
		for k := range out {
			g := &out[k]
			if g.Kind != f.Kind || g.Value != f.Value {
				continue
			}
			dup = true
			if (g.Box.Empty() && !f.Box.Empty()) || (g.Box.Empty() == f.Box.Empty() && g.Label == "" && f.Label != "") {
				*g = f
			}
			break
		}
		if !dup {
			out = append(out, f)
		}
	}
	return out
}

// idDropLabelledNumbers drops unlabelled numbers that another reading
// found with a label (an MRN or an account number).
func idDropLabelledNumbers(fs []Found) []Found {
	labelled := map[string]bool{}
	for _, f := range fs {
		if f.Kind != FoundNumber {
			labelled[f.Value] = true
		}
	}
	out := fs[:0]
	for _, f := range fs {
		if f.Kind == FoundNumber && labelled[f.Value] {
			continue
		}
		out = append(out, f)
	}
	return out
}
