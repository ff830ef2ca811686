// Package barcode finds the barcodes printed on scanned chart pages: cover
// sheets and separator sheets carry an MRN, a document type or a plain
// SEPARATOR marker as a Code 128, Code 39, QR or Data Matrix symbol, and
// finding them before OCR lets the pipeline split and file a batch without
// guessing.
//
// Decode looks at a whole page (a letter page at 200 or 300 dpi, bitonal
// or grayscale) and returns every symbol it can read, with its box in page
// pixels, top to bottom. It is meant to run on every page, so it does not
// hand the full page to the decoders. A single pass over every second row
// measures, in cells of 1/15 inch, how much of each cell is ink and how
// often ink and paper alternate along rows and down columns. Body text is
// sparse; a symbol is about half ink and changes every few pixels, either
// mostly along rows (the bars of a 1-D code) or in both directions (QR,
// Data Matrix). Cells whose 0.2 inch neighbourhood (or, for symbols with
// large modules, 0.47 inch neighbourhood) looks like that are grouped into
// regions, and only those regions are cut out at full resolution and
// decoded:
//
//   - 1-D regions are read row by row, each row the average of a few scan
//     lines thresholded at the region's Otsu level, with gozxing's Code
//     128 and Code 39 row decoders, forwards and reversed (pages fed upside
//     down). A symbol is reported when it reads the same on at least two
//     rows, three for Code 39, which has no check character. Regions whose
//     bars run along the rows (a code printed sideways, or a page turned
//     90°) are transposed and read the same way.
//   - 2-D regions go to gozxing's multi-QR reader and its Data Matrix
//     reader; if neither reads, again after a 3x3 majority filter has
//     removed scanner dust, and last, for Data Matrix, with everything but
//     the symbol's own blob of ink wiped out (the Data Matrix detector
//     grows a white-bordered box out from the centre of what it is given,
//     so nearby text or dust defeats it).
//   - A region whose surround is dark is read inverted first, so white on
//     black symbols and pages scanned inverted read too.
//   - Kodak-style patch codes: Patch 2 (bars 0.2, 0.08, 0.08 and 0.2 inch
//     wide, 0.08 inch apart, at least 0.75 inch of clean bar) is reported
//     as Format "PATCH_CODE", Text "2". Other patches are not: Patch 3 and
//     T, and 1 and 6, are each other's mirror images and cannot be told
//     apart on a page that may be upside down.
//
// Skew of a few degrees needs nothing special: a row crosses tilted bars
// obliquely, which leaves their widths as they were, and the 2-D detectors
// locate their symbols at any angle.
//
// Code 39 text is returned as Full ASCII (so "%Q" reads as "|") when the
// symbol is a valid Full ASCII encoding, as cover sheets carrying
// "MRN|LOINC" are; otherwise the raw Code 39 characters are returned.
//
// Limits. PDF417 is not decoded: gozxing v0.1.1 has no PDF417 reader (nor
// a generic multiple-barcode reader; only QR has a multi reader), and
// Decode returns nothing for a PDF417 symbol; the name "PDF_417" is kept in
// chart.Barcode for when a reader exists. Aztec, EAN/UPC, ITF, Codabar and
// Code 93 are not looked for. The smallest symbol looked for is about 0.2
// inch a side; a textured area larger than 16 square inches (a photograph,
// a halftone, a shaded form) is not searched, so a symbol printed on one
// is missed. Boxes are the upright bounds of what was read: exact for
// straight symbols, a little loose or tight for skewed ones.
//
// Cost on one core (Go, 2550x3300 page at 300 dpi): about 6-7 ms for a
// blank or ordinary text page (the measuring pass), 8-12 ms for a page with
// a symbol, and up to about 40 ms for a page dense with bold print and
// digit tables, where many regions need a look.
//
// Errors never carry decoded text: barcodes on chart pages hold MRNs.
package barcode
