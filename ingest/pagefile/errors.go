package pagefile

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
)

// Sentinel errors. Every error returned by Open and Page for a problem with the
// file itself is an *Error wrapping one of these, so callers can test with
// errors.Is(err, ErrCorrupt) and so on.
var (
	// ErrEmpty means the file has zero bytes.
	ErrEmpty = errors.New("pagefile: empty file")
	// ErrUnsupported means the content is not a format (or a variant of a
	// format) this package reads, whatever the file name says.
	ErrUnsupported = errors.New("pagefile: unsupported file type")
	// ErrCorrupt means the file is truncated or damaged.
	ErrCorrupt = errors.New("pagefile: corrupt file")
	// ErrTooLarge means the file size or a page's pixel dimensions exceed Limits.
	ErrTooLarge = errors.New("pagefile: too large")
	// ErrEncrypted means the PDF is encrypted or password-protected.
	ErrEncrypted = errors.New("pagefile: encrypted PDF")
	// ErrNotScanned means a PDF page is not a single scanned image: it has
	// visible text, vector drawings, annotations, or zero or several images.
	ErrNotScanned = errors.New("pagefile: PDF page is not a scanned image")
)

// Error describes a problem with one file (Page == -1) or one page of it.
//
// Its Error text is meant to be shown to a records clerk as is. It contains
// the file's base name and a 1-based page number, never anything read from the
// page, and never the directory part of the path (directory names in a chart
// archive often carry patient names).
type Error struct {
	File string // base name of the file
	Page int    // 0-based page index, or -1 if the problem concerns the whole file
	Err  error  // one of the sentinel errors, or an I/O error from the os package
	// Detail is a short detail in plain words, e.g. "truncated PNG"; may be
	// empty. For ErrNotScanned it is the finding itself, e.g. "the page has
	// typed text, not only a scanned image", and replaces the generic text.
	Detail string
}

// Error returns a plain-language message such as
// "0003.png: the file is cut short (truncated PNG); rescan or re-export it".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Page >= 0 {
		b.WriteString(" page ")
		b.WriteString(strconv.Itoa(e.Page + 1))
	}
	b.WriteString(": ")
	what, advice := e.words()
	b.WriteString(what)
	if e.Detail != "" && !errors.Is(e.Err, ErrNotScanned) {
		b.WriteString(" (")
		b.WriteString(e.Detail)
		b.WriteString(")")
	}
	if advice != "" {
		b.WriteString("; ")
		b.WriteString(advice)
	}
	return b.String()
}

// words returns what went wrong and what the clerk can do about it.
func (e *Error) words() (what, advice string) {
	const rescan = "rescan or re-export it"
	switch {
	case errors.Is(e.Err, ErrEmpty):
		return "the file is empty", rescan
	case errors.Is(e.Err, ErrUnsupported):
		return "Chartroom cannot read this file's format",
			"save or re-export the scan as PDF, TIFF, PNG or JPEG with standard settings"
	case errors.Is(e.Err, ErrCorrupt):
		if strings.HasPrefix(e.Detail, "truncated") {
			return "the file is cut short", rescan
		}
		return "the file is damaged", rescan
	case errors.Is(e.Err, ErrTooLarge):
		return "the image is too large to process safely",
			"rescan at a lower resolution (300 dpi is enough) or split the file"
	case errors.Is(e.Err, ErrEncrypted):
		return "the PDF is password-protected or encrypted",
			"save an unprotected copy and send that instead"
	case errors.Is(e.Err, ErrNotScanned):
		if e.Detail != "" {
			return e.Detail, "Chartroom accepts scanned (image-only) PDFs"
		}
		return "the page has typed text or drawings, not a scanned image",
			"Chartroom accepts scanned (image-only) PDFs"
	case errors.Is(e.Err, fs.ErrNotExist):
		return "the file could not be found", "check that it was copied completely"
	case errors.Is(e.Err, fs.ErrPermission):
		return "Chartroom is not allowed to read the file", "ask IT to check the file permissions"
	default:
		return "the file could not be read", "try again, or ask IT if this keeps happening"
	}
}

// Unwrap returns the sentinel (or I/O) error.
func (e *Error) Unwrap() error { return e.Err }

// newError builds an *Error for path. detail must not contain page content.
func newError(path string, page int, err error, detail string) *Error {
	return &Error{File: filepath.Base(path), Page: page, Err: err, Detail: detail}
}

// errorf is newError with a formatted detail.
func errorf(path string, page int, err error, format string, args ...any) *Error {
	return newError(path, page, err, fmt.Sprintf(format, args...))
}

// ioError wraps an error from the os package. Error() never prints the
// wrapped error's own text (an *fs.PathError carries the full path), but
// errors.Is(err, fs.ErrNotExist) and errors.As still work through Unwrap.
func ioError(path string, page int, err error) *Error {
	return &Error{File: filepath.Base(path), Page: page, Err: err}
}
