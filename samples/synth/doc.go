// Package synth renders synthetic scanned chart pages for Chartroom's tests
// and demos: realistic hospital paperwork (facility header, document title,
// patient label, clinical body text, page footer) at 300 dpi, with the
// imperfections of a real scan (skew, speckle noise, pages fed upside down).
//
// Everything is invented: facility names, patients, MRNs, dates and clinical
// text are generated from seeded pseudo-random choices, never from real
// patient data. The same seed always yields the same pages, byte for byte.
//
// The flow is
//
//	batch := synth.BatchSpec{...}       // what to produce
//	pages := batch.Compose()            // lay out text; ground truth per page
//	img := synth.Render(pages[0])       // rasterise one page (*image.Gray)
//	synth.WritePNG(w, img, 300)         // or WriteTIFFG4 / WritePDF
//
// Each composed page carries a Truth: its title, MRN and a few distinctive
// body words that occur on that page only (within its batch), so OCR,
// splitting and matching code can be checked against it.
//
// Writers: WritePNG (8-bit gray with a pHYs chunk), WriteTIFFG4 (multi-page
// bitonal TIFF, CCITT Group 4 compressed by this package's own T.6 encoder)
// and WritePDF (image-only PDF, one grayscale JPEG per page, built with
// pdfcpu). MPI and WriteMPICSV produce a synthetic master patient index.
package synth
