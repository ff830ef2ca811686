// Package pagefile reads one scanned chart file — PNG, JPEG, TIFF (single or
// multi-page, including bitonal CCITT Group 3/4 faxes) or an image-only PDF —
// one page at a time, so that Chartroom can OCR and index paper chart pages.
//
// Open checks the whole file cheaply before any pixel is decoded: the format
// is sniffed from the content (never the file name), every page's header is
// read, and each page's dimensions are checked against Limits so that a
// "decompression bomb" (a tiny file claiming a gigantic image) is rejected in
// microseconds without allocating. Page then decodes exactly one page; a
// 1,000-page TIFF holds only the requested page in memory.
//
// Every failure a person can act on is an *Error wrapping one of the sentinel
// errors (ErrEmpty, ErrUnsupported, ErrCorrupt, ErrTooLarge, ErrEncrypted,
// ErrNotScanned), so callers branch with errors.Is while the message itself is
// written for a records clerk: it names the file and page and says what to do,
// and never quotes anything from the page itself.
//
// What is not read (each reported as ErrUnsupported): BigTIFF; TIFF pages
// compressed with JPEG, CCITT modified Huffman or two-dimensional Group 3;
// TIFF with separate colour planes; PDF images encoded as JBIG2 or JPEG 2000.
// PDFs are parsed by pdfcpu, which holds the whole file in memory while it is
// open (images are still decoded one page at a time); TIFF, PNG and JPEG are
// read from disk as needed.
//
// A typical loop:
//
//	f, err := pagefile.Open(path, pagefile.DefaultLimits())
//	if err != nil {
//		return err // show err.Error() to the clerk
//	}
//	defer f.Close()
//	for i := range f.PageCount() {
//		p, err := f.Page(ctx, i)
//		if err != nil {
//			return err
//		}
//		ocr(p.Image, p.DPI)
//	}
package pagefile
