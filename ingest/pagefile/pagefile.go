package pagefile

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"io/fs"
	"math"
	"os"
	"strings"
	"sync"
)

// Limits bound what Open accepts. They are checked from headers alone, before
// any pixel is decoded. A zero or negative field means "use the default".
type Limits struct {
	MaxPixels   int64 // width×height of one page; default 80e6 (e.g. A3 at 600 dpi)
	MaxSide     int   // longest side of one page in pixels; default 20000
	MaxFileSize int64 // size of the whole file in bytes; default 2 GiB
}

// Default limit values, see Limits.
const (
	DefaultMaxPixels   = 80_000_000
	DefaultMaxSide     = 20_000
	DefaultMaxFileSize = 2 << 30
)

// DefaultLimits returns the limits Chartroom uses unless configured otherwise.
func DefaultLimits() Limits {
	return Limits{MaxPixels: DefaultMaxPixels, MaxSide: DefaultMaxSide, MaxFileSize: DefaultMaxFileSize}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxPixels <= 0 {
		l.MaxPixels = d.MaxPixels
	}
	if l.MaxSide <= 0 {
		l.MaxSide = d.MaxSide
	}
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = d.MaxFileSize
	}
	return l
}

// checkSize returns a *fault with ErrTooLarge (or ErrCorrupt for nonsense
// dimensions) if a w×h page is not acceptable.
func (l Limits) checkSize(w, h int) error {
	if w <= 0 || h <= 0 {
		return faultf(ErrCorrupt, "image size %d×%d pixels", w, h)
	}
	if w > l.MaxSide || h > l.MaxSide || int64(w)*int64(h) > l.MaxPixels {
		return faultf(ErrTooLarge, "%d×%d pixels; the limit is %d pixels per side and %.0f megapixels",
			w, h, l.MaxSide, float64(l.MaxPixels)/1e6)
	}
	return nil
}

// Page is one decoded page.
type Page struct {
	Index int         // 0-based within the file
	Image image.Image // decoded pixels
	// DPI is the horizontal resolution recorded in the file (PNG pHYs, JPEG
	// JFIF or Exif density, TIFF XResolution/ResolutionUnit; for PDF the image
	// width in pixels divided by the page width in inches), or 0 if unknown.
	DPI int
	// SHA256 is a hex SHA-256 identifying the page: for PNG, JPEG and
	// single-page TIFF files the whole file's bytes; for multi-page TIFF the
	// page's IFD entries (with values, minus file offsets) and its strip or
	// tile data; for PDF the page image's raw (still encoded) stream bytes.
	SHA256 string
}

// File is an opened page file. Its methods may be called from several
// goroutines at once.
type File struct {
	path   string
	f      *os.File
	format string
	pages  pager

	closeOnce sync.Once
	closeErr  error
}

// pager is the format-specific part of a File.
type pager interface {
	pageCount() int
	// decode decodes page i; errors are *fault, decoder, context or I/O
	// errors, turned into *Error by File.Page.
	decode(ctx context.Context, i int) (Page, error)
}

// Formats returned by File.Format.
const (
	FormatPNG  = "png"
	FormatJPEG = "jpeg"
	FormatTIFF = "tiff"
	FormatPDF  = "pdf"
)

// Open checks a file's format and every page's header without decoding
// pixels: the format is sniffed from the content, not the extension; the page
// count is established; and each page's width and height are checked against
// lim. Errors are *Error values wrapping the package's sentinel errors (or an
// I/O error for a missing or unreadable file).
func Open(path string, lim Limits) (*File, error) {
	lim = lim.withDefaults()
	f, err := os.Open(path)
	if err != nil {
		return nil, ioError(path, -1, err)
	}
	file, err := open(path, f, lim)
	if err != nil {
		f.Close()
		return nil, err
	}
	return file, nil
}

func open(path string, f *os.File, lim Limits) (*File, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, ioError(path, -1, err)
	}
	if !st.Mode().IsRegular() {
		return nil, newError(path, -1, ErrUnsupported, "not a regular file")
	}
	size := st.Size()
	if size == 0 {
		return nil, newError(path, -1, ErrEmpty, "0 bytes")
	}
	if size > lim.MaxFileSize {
		return nil, errorf(path, -1, ErrTooLarge, "%d MB; the limit is %d MB", size>>20, lim.MaxFileSize>>20)
	}
	head := make([]byte, min(size, sniffLen))
	if _, err := f.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, ioError(path, -1, err)
	}
	format, err := sniff(head)
	file := &File{path: path, f: f, format: format}
	if err != nil {
		return nil, file.wrap(-1, err)
	}
	switch format {
	case FormatPNG:
		file.pages, err = openPNG(f, size, lim)
	case FormatJPEG:
		file.pages, err = openJPEG(f, size, lim)
	case FormatTIFF:
		file.pages, err = openTIFF(f, size, lim)
	case FormatPDF:
		file.pages, err = openPDF(f, size, lim)
	}
	if err != nil {
		return nil, file.wrap(-1, err)
	}
	return file, nil
}

// Format returns "png", "jpeg", "tiff" or "pdf".
func (f *File) Format() string { return f.format }

// PageCount returns the number of pages. For TIFF, reduced-resolution
// subfiles (embedded thumbnails) are not pages.
func (f *File) PageCount() int { return f.pages.pageCount() }

// Page decodes page i (0-based) and nothing else. It returns ctx.Err()
// unchanged if ctx is cancelled before or during decoding.
func (f *File) Page(ctx context.Context, i int) (Page, error) {
	if err := ctx.Err(); err != nil {
		return Page{}, err
	}
	if n := f.PageCount(); i < 0 || i >= n {
		return Page{}, fmt.Errorf("pagefile: page index %d out of range [0,%d)", i, n)
	}
	p, err := f.pages.decode(ctx, i)
	if err != nil {
		if ctx.Err() != nil {
			// Decoders report a cancelled read as a damaged file; the
			// cancellation is the real cause.
			return Page{}, ctx.Err()
		}
		return Page{}, f.wrap(i, err)
	}
	p.Index = i
	return p, nil
}

// Close releases the file. Pages already returned stay valid.
func (f *File) Close() error {
	f.closeOnce.Do(func() { f.closeErr = f.f.Close() })
	return f.closeErr
}

// fault is the internal form of an *Error, before the file name and page are
// known.
type fault struct {
	kind   error  // a sentinel
	detail string // plain words, no page content
}

func (e *fault) Error() string { return e.detail }
func (e *fault) Unwrap() error { return e.kind }

func faultf(kind error, format string, args ...any) *fault {
	return &fault{kind: kind, detail: fmt.Sprintf(format, args...)}
}

// wrap turns any error from the format readers into an *Error for page
// (-1: whole file). Context errors pass through unchanged.
func (f *File) wrap(page int, err error) error {
	var pgErr *pageErr
	if errors.As(err, &pgErr) {
		page, err = pgErr.page, pgErr.err
	}
	var pe *Error
	var ft *fault
	var pathErr *fs.PathError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &pe):
		return err
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.As(err, &ft):
		return newError(f.path, page, ft.kind, ft.detail)
	case errors.As(err, &pathErr), errors.Is(err, os.ErrClosed):
		return ioError(f.path, page, err)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return errorf(f.path, page, ErrCorrupt, "truncated %s", f.formatName())
	}
	// Image decoder errors: their texts are fixed strings from the Go
	// libraries ("png: invalid format: invalid checksum"), safe to show.
	kind, msg := classifyDecodeError(err)
	return errorf(f.path, page, kind, "%s", msg)
}

func (f *File) formatName() string {
	switch f.format {
	case FormatPNG, FormatJPEG, FormatTIFF, FormatPDF:
		return strings.ToUpper(f.format)
	}
	return "file"
}

// ctxReaderAt stops reads once ctx is cancelled, so a long decode of one big
// page can be abandoned.
type ctxReaderAt struct {
	ctx context.Context
	r   io.ReaderAt
}

func (c ctxReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.ReadAt(p, off)
}

// roundDPI converts a resolution in dots per inch to a plausible integer DPI,
// or 0 if the value is missing or absurd.
func roundDPI(v float64) int {
	if math.IsNaN(v) || v < 1 || v > 100_000 {
		return 0
	}
	return int(math.Round(v))
}

// readAt reads exactly n bytes at off, mapping a short read to a truncation
// fault.
func readAt(r io.ReaderAt, off int64, n int, what string) ([]byte, error) {
	b := make([]byte, n)
	if _, err := r.ReadAt(b, off); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, faultf(ErrCorrupt, "truncated %s", what)
		}
		return nil, err
	}
	return b, nil
}
