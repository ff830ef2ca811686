package pagefile

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/validate"
	"golang.org/x/image/tiff"
)

// pdfConfig returns the pdfcpu configuration used for reading.
//
// It is built here rather than with model.NewDefaultConfiguration, which
// writes a config directory under the user's home on first use and calls
// os.Exit if it cannot: neither is acceptable inside a service.
func pdfConfig() *model.Configuration {
	return &model.Configuration{
		Version:        model.VersionStr,
		Reader15:       true,
		ValidationMode: model.ValidationRelaxed,
		Eol:            types.EolLF,
		Unit:           types.POINTS,
		Offline:        true, // never fetch anything while validating
		Timeout:        5,
	}
}

// pdfTail is how much of the end of a PDF is searched for %%EOF and for an
// /Encrypt entry in the trailer.
const pdfTail = 64 << 10

// pdfFile is an opened image-only PDF. pdfcpu holds the whole object graph
// (including every stream's raw bytes) in memory once read, and its context is
// not safe for concurrent use, hence the mutex.
type pdfFile struct {
	mu    sync.Mutex
	ctx   *model.Context
	lim   Limits
	pages []pdfPage
}

// pdfPage is what Open learned about one page without decoding its image.
type pdfPage struct {
	err   error // deferred ErrNotScanned fault, returned by Page
	ref   types.IndirectRef
	name  string // resource name of the image
	w, h  int
	dpi   int
	last  string // last filter of the image stream ("" if none)
	bpc   int
	comps int
	mask  bool // ImageMask (stencil) image
	inv   bool // stencil with /Decode [1 0]
}

func (p *pdfFile) pageCount() int { return len(p.pages) }

// openPDF reads the PDF structure with pdfcpu and checks every page: it
// must draw exactly one image and nothing visible besides (an invisible OCR
// text layer is fine). Pages failing that are remembered and reported by
// Page with ErrNotScanned; damage, encryption, unsupported image encodings
// and oversized images fail Open.
func openPDF(r io.ReaderAt, size int64, lim Limits) (*pdfFile, error) {
	tail, err := readAt(r, max(0, size-pdfTail), int(min(size, pdfTail)), "PDF")
	if err != nil {
		return nil, err
	}
	encrypted := bytes.Contains(tail, []byte("/Encrypt"))
	// Like Acrobat, expect %%EOF within the last 1024 bytes. pdfcpu would
	// rebuild a cut-off file's cross-reference table and quietly return
	// whatever pages survived.
	if !bytes.Contains(tail[max(0, len(tail)-1024):], []byte("%%EOF")) {
		if encrypted {
			return nil, faultf(ErrEncrypted, "")
		}
		return nil, faultf(ErrCorrupt, "truncated PDF")
	}
	ctx, err := readPDF(io.NewSectionReader(r, 0, size))
	if err != nil {
		if errors.Is(err, pdfcpu.ErrWrongPassword) || encrypted {
			return nil, faultf(ErrEncrypted, "")
		}
		return nil, err
	}
	if ctx.Encrypt != nil || ctx.E != nil {
		// Readable with an empty user password but still encrypted (owner
		// restrictions): refuse as well, so that all encrypted PDFs get the
		// same answer.
		return nil, faultf(ErrEncrypted, "")
	}
	if ctx.PageCount <= 0 {
		return nil, faultf(ErrCorrupt, "the PDF has no pages")
	}
	p := &pdfFile{ctx: ctx, lim: lim, pages: make([]pdfPage, ctx.PageCount)}
	for i := range p.pages {
		pg, err := p.analyze(i + 1)
		if err != nil {
			return nil, &pageErr{i, err}
		}
		p.pages[i] = pg
	}
	return p, nil
}

// readPDF reads and validates a PDF. pdfcpu's error texts may quote PDF
// objects (which can hold patient data), so they are replaced by a fixed
// detail; pdfcpu.ErrWrongPassword stays detectable with errors.Is.
func readPDF(rs io.ReadSeeker) (ctx *model.Context, err error) {
	defer func() {
		if recover() != nil { // pdfcpu can panic on hostile input
			ctx, err = nil, faultf(ErrCorrupt, "unreadable PDF structure")
		}
	}()
	ctx, err = pdfcpu.Read(rs, pdfConfig())
	if err != nil {
		if errors.Is(err, pdfcpu.ErrWrongPassword) {
			return nil, err
		}
		return nil, faultf(ErrCorrupt, "unreadable PDF structure")
	}
	if ctx.Encrypt != nil {
		return ctx, nil // the caller refuses it; do not bother validating
	}
	if err := validate.XRefTable(ctx); err != nil {
		return nil, faultf(ErrCorrupt, "invalid PDF structure")
	}
	return ctx, nil
}

func notScanned(format string, args ...any) *fault { return faultf(ErrNotScanned, format, args...) }

// analyze inspects page pageNr (1-based).
func (p *pdfFile) analyze(pageNr int) (pg pdfPage, err error) {
	defer func() {
		if recover() != nil {
			err = faultf(ErrCorrupt, "unreadable PDF page")
		}
	}()
	ctx := p.ctx
	bad := faultf(ErrCorrupt, "unreadable PDF page")
	d, _, inh, err := ctx.PageDict(pageNr, false)
	if err != nil || d == nil || inh == nil {
		return pg, bad
	}
	// Annotations other than links and pop-ups are drawn on top of the page
	// (typed notes, stamps, filled-in form fields), and OCR of the image
	// would silently miss them.
	if o, ok := d.Find("Annots"); ok {
		annots, err := ctx.DereferenceArray(o)
		if err != nil {
			return pg, bad
		}
		for _, a := range annots {
			ad, err := ctx.DereferenceDict(a)
			if err != nil {
				return pg, bad
			}
			if st := ad.Subtype(); ad != nil && (st == nil || (*st != "Link" && *st != "Popup")) {
				pg.err = notScanned("the page has notes, stamps or form fields added on top of the scan")
				return pg, nil
			}
		}
	}
	content, err := ctx.PageContent(d, pageNr)
	if err != nil && !errors.Is(err, model.ErrNoContent) {
		return pg, bad
	}
	var res any
	if inh.Resources != nil {
		res = inh.Resources
	}
	scan, err := scanContent(content, res, p.resolve)
	if err != nil {
		var ft *fault
		if errors.As(err, &ft) {
			return pg, err
		}
		return pg, faultf(ErrCorrupt, "malformed PDF page content")
	}
	switch n := len(scan.images) + scan.inlineImages; {
	case scan.visibleText:
		pg.err = notScanned("the page has typed text, not only a scanned image")
	case scan.drawing:
		pg.err = notScanned("the page has drawings (lines or shapes), not only a scanned image")
	case n == 0:
		pg.err = notScanned("the page has no scanned image")
	case n > 1:
		pg.err = notScanned("the page is made of %d images, not one scanned image", n)
	case scan.inlineImages > 0:
		pg.err = notScanned("the page image is stored inline, not as a scanned image")
	}
	if pg.err != nil {
		return pg, nil
	}
	placed := scan.images[0]
	pg.ref = placed.x.ref.(types.IndirectRef)
	pg.name = placed.x.name
	if err := p.checkImage(&pg); err != nil {
		return pg, err
	}
	pg.dpi = pdfDPI(pg.w, placed.ctm, inh.MediaBox)
	return pg, nil
}

// pdfDPI is the image width in pixels over the page width in inches. If the
// image is drawn rotated by a quarter turn its width runs along the page
// height.
func pdfDPI(w int, ctm matrix, box *types.Rectangle) int {
	if box == nil {
		return 0
	}
	pt := box.Width()
	if math.Abs(ctm[1]) > math.Abs(ctm[0]) {
		pt = box.Height()
	}
	if pt <= 0 {
		return 0
	}
	return roundDPI(float64(w) * 72 / pt)
}

// resolve looks up an XObject for the content scanner. A name the page
// draws but does not define, or whose object is gone, is damage: viewers
// would silently show nothing where the scan should be.
func (p *pdfFile) resolve(res any, name string) (*xobject, error) {
	ctx := p.ctx
	bad := faultf(ErrCorrupt, "the page refers to an image that is missing")
	d, _ := res.(types.Dict)
	if d == nil {
		return nil, bad
	}
	o, ok := d.Find("XObject")
	if !ok {
		return nil, bad
	}
	xd, err := ctx.DereferenceDict(o)
	if err != nil || xd == nil {
		return nil, bad
	}
	o, ok = xd.Find(name)
	if !ok || o == nil {
		return nil, bad
	}
	ref, ok := o.(types.IndirectRef)
	if !ok {
		return nil, bad
	}
	sd, _, err := ctx.DereferenceStreamDict(ref)
	if err != nil || sd == nil {
		return nil, bad
	}
	x := &xobject{id: ref.ObjectNumber.Value(), name: name, ref: ref}
	if st := sd.Subtype(); st != nil {
		x.subtype = *st
	}
	if x.subtype != "Form" {
		return x, nil
	}
	// sd is a copy of the table entry, so decoding it leaves the
	// (compressed) original alone.
	if err := sd.Decode(); err != nil {
		return nil, faultf(ErrCorrupt, "unreadable PDF page content")
	}
	x.content = sd.Content
	x.matrix = identity
	if a := sd.ArrayEntry("Matrix"); len(a) == 6 {
		for i, v := range a {
			f, err := ctx.DereferenceNumber(v)
			if err != nil {
				return nil, faultf(ErrCorrupt, "unreadable PDF page content")
			}
			x.matrix[i] = f
		}
	}
	if o, ok := sd.Find("Resources"); ok {
		if rd, err := ctx.DereferenceDict(o); err == nil && rd != nil {
			x.res = rd
		}
	}
	return x, nil
}

// checkImage reads the image dictionary of pg.ref: dimensions (checked
// against the limits), filters and sample layout.
func (p *pdfFile) checkImage(pg *pdfPage) error {
	ctx := p.ctx
	bad := faultf(ErrCorrupt, "unreadable image in the PDF")
	sd, _, err := ctx.DereferenceStreamDict(pg.ref)
	if err != nil || sd == nil {
		return bad
	}
	intEntry := func(key string) (int, bool) {
		o, ok := sd.Find(key)
		if !ok {
			return 0, false
		}
		i, err := ctx.DereferenceInteger(o)
		if err != nil || i == nil {
			return 0, false
		}
		return i.Value(), true
	}
	var ok bool
	if pg.w, ok = intEntry("Width"); !ok {
		return bad
	}
	if pg.h, ok = intEntry("Height"); !ok {
		return bad
	}
	if err := p.lim.checkSize(pg.w, pg.h); err != nil {
		return err
	}
	if n := len(sd.FilterPipeline); n > 0 {
		pg.last = sd.FilterPipeline[n-1].Name
	}
	for _, f := range sd.FilterPipeline {
		switch f.Name {
		case filter.Flate, filter.LZW, filter.RunLength, filter.ASCII85, filter.ASCIIHex:
		case filter.DCT, filter.CCITTFax:
			if f.Name != pg.last {
				return faultf(ErrUnsupported, "unusual image encoding in the PDF")
			}
		case filter.JPX:
			return faultf(ErrUnsupported, "JPEG 2000 image in the PDF")
		case filter.JBIG2:
			return faultf(ErrUnsupported, "JBIG2 image in the PDF")
		default:
			return faultf(ErrUnsupported, "image encoding %s in the PDF", f.Name)
		}
	}
	if b := sd.BooleanEntry("ImageMask"); b != nil && *b {
		pg.mask = true
		if a := sd.ArrayEntry("Decode"); len(a) == 2 {
			if f, err := ctx.DereferenceNumber(a[0]); err == nil && f == 1 {
				pg.inv = true
			}
		}
	}
	switch {
	case pg.mask || pg.last == filter.CCITTFax:
		pg.bpc, pg.comps = 1, 1
	case pg.last == filter.DCT:
		// The JPEG data carries its own layout.
	default:
		if pg.bpc, ok = intEntry("BitsPerComponent"); !ok || (pg.bpc != 1 && pg.bpc != 2 && pg.bpc != 4 && pg.bpc != 8 && pg.bpc != 16) {
			return bad
		}
		comps, err := pdfcpu.ColorSpaceComponents(ctx.XRefTable, sd)
		if err != nil || comps <= 0 || comps > 32 {
			return faultf(ErrUnsupported, "unusual colour space in the PDF")
		}
		pg.comps = comps
	}
	return nil
}

// decode extracts and decodes the page's image.
func (p *pdfFile) decode(ctx context.Context, i int) (Page, error) {
	pg := p.pages[i]
	if pg.err != nil {
		return Page{}, pg.err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return Page{}, err
	}
	img, sum, err := p.extract(&pg)
	if err != nil {
		return Page{}, err
	}
	return Page{Image: img, DPI: pg.dpi, SHA256: sum}, nil
}

func (p *pdfFile) extract(pg *pdfPage) (img image.Image, sum string, err error) {
	defer func() {
		if recover() != nil {
			img, sum, err = nil, "", faultf(ErrCorrupt, "damaged image in the PDF")
		}
	}()
	ctx := p.ctx
	// sd is a private copy of the stream dict: the decoded pixels put into
	// sd.Content below are dropped with it instead of staying cached in the
	// pdfcpu context for the life of the File.
	sd, _, err := ctx.DereferenceStreamDict(pg.ref)
	if err != nil || sd == nil {
		return nil, "", faultf(ErrCorrupt, "unreadable image in the PDF")
	}
	h := sha256.Sum256(sd.Raw)
	sum = hex.EncodeToString(h[:])

	if pg.last == filter.DCT {
		img, err = p.decodeJPEGStream(sd)
		return img, sum, err
	}
	rowBytes := (int64(pg.w)*int64(pg.comps)*int64(pg.bpc) + 7) / 8
	data, err := decodeBounded(sd, rowBytes*int64(pg.h), pg.h)
	if err != nil {
		return nil, "", err
	}
	if pg.mask {
		return stencil(data, pg.w, pg.h, rowBytes, pg.inv), sum, nil
	}
	// With sd.Content set, pdfcpu skips decoding and only converts the
	// samples (colour space, palette, soft mask) into a PNG or TIFF.
	sd.Content = data
	x, err := pdfcpu.ExtractImage(ctx, sd, false, pg.name, pg.ref.ObjectNumber.Value(), false)
	if err != nil {
		return nil, "", faultf(ErrCorrupt, "damaged image in the PDF")
	}
	if x == nil || x.Reader == nil {
		return nil, "", faultf(ErrUnsupported, "unusual colour space in the PDF")
	}
	switch x.FileType {
	case "png":
		img, err = png.Decode(x.Reader)
	case "tif":
		img, err = tiff.Decode(x.Reader)
	default:
		return nil, "", faultf(ErrUnsupported, "unusual image type in the PDF")
	}
	if err != nil {
		return nil, "", faultf(ErrCorrupt, "damaged image in the PDF")
	}
	return img, sum, nil
}

// decodeJPEGStream decodes a DCTDecode image. The JPEG's own header is
// checked against the limits first: it, not the PDF's /Width and /Height,
// decides how much memory decoding takes.
func (p *pdfFile) decodeJPEGStream(sd *types.StreamDict) (image.Image, error) {
	if len(sd.FilterPipeline) > 1 {
		if _, err := sd.DecodeLength(-1); err != nil {
			return nil, faultf(ErrCorrupt, "damaged image in the PDF")
		}
	} else {
		sd.Content = sd.Raw
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(sd.Content))
	if err != nil {
		return nil, faultf(ErrCorrupt, "damaged JPEG image in the PDF")
	}
	if err := p.lim.checkSize(cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	if cfg.ColorModel == nil {
		return nil, faultf(ErrUnsupported, "unusual JPEG image in the PDF")
	}
	img, err := jpeg.Decode(bytes.NewReader(sd.Content))
	if err != nil {
		var u jpeg.UnsupportedError
		if errors.As(err, &u) {
			return nil, faultf(ErrUnsupported, "unusual JPEG image in the PDF")
		}
		return nil, faultf(ErrCorrupt, "damaged JPEG image in the PDF")
	}
	return img, nil
}

// decodeBounded runs the stream's filters but produces at most want bytes,
// so that a small compressed stream cannot expand into gigabytes (the
// image's /Width and /Height were checked against the limits, want follows
// from them). Fewer than want bytes means the image data is cut short;
// pdfcpu itself would silently accept a truncated Flate stream.
func decodeBounded(sd *types.StreamDict, want int64, rows int) ([]byte, error) {
	var r io.Reader = bytes.NewReader(sd.Raw)
	for i, f := range sd.FilterPipeline {
		parms := filterParms(f.DecodeParms)
		if f.Name == filter.CCITTFax {
			// x/image/ccitt needs Rows; never let it decode more rows than
			// the image has.
			if n, ok := parms["Rows"]; !ok || n > rows {
				parms["Rows"] = rows
			}
		}
		fi, err := filter.NewFilter(f.Name, parms)
		if err != nil {
			return nil, faultf(ErrUnsupported, "image encoding %s in the PDF", f.Name)
		}
		if i == len(sd.FilterPipeline)-1 {
			r, err = fi.DecodeLength(r, want)
		} else {
			r, err = fi.Decode(r)
		}
		if err != nil {
			return nil, faultf(ErrCorrupt, "damaged image in the PDF")
		}
	}
	data, err := io.ReadAll(io.LimitReader(r, want))
	if err != nil {
		return nil, faultf(ErrCorrupt, "damaged image in the PDF")
	}
	if int64(len(data)) < want {
		return nil, faultf(ErrCorrupt, "truncated image in the PDF")
	}
	return data, nil
}

// filterParms converts a DecodeParms dictionary into what pdfcpu's filters
// take (integers, booleans as 0/1), as pdfcpu does internally.
func filterParms(d types.Dict) map[string]int {
	m := make(map[string]int)
	for k, v := range d {
		switch v := v.(type) {
		case types.Integer:
			m[k] = v.Value()
		case types.Boolean:
			if v.Value() {
				m[k] = 1
			} else {
				m[k] = 0
			}
		}
	}
	return m
}

// stencil renders a 1-bit image mask: a sample of 0 paints the fill colour
// (taken to be black, as scanners use it), 1 leaves the page white; /Decode
// [1 0] swaps the two.
func stencil(data []byte, w, h int, rowBytes int64, inv bool) image.Image {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		row := data[int64(y)*rowBytes:]
		for x := range w {
			bit := row[x>>3]>>(7-uint(x&7))&1 == 1
			if bit != inv {
				img.Pix[y*img.Stride+x] = 0xFF
			}
		}
	}
	return img
}
