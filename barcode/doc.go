// Package barcode finds the barcodes printed on scanned chart pages: cover
// sheets and separator sheets carry an MRN, a document type or a plain
// SEPARATOR marker as a Code 128, Code 39, QR, Data Matrix or PDF417
// symbol, and finding them before OCR lets the pipeline split and file a
// batch without guessing.
//
// Decode looks at a whole page (a letter page at 200 or 300 dpi, bitonal
// or grayscale) and returns every symbol it can read, with its box in page
// pixels, top to bottom. It is meant to run on every page, so it does not
// hand the full page to the decoders. A single pass over every second row
// measures, in cells of 1/15 inch, how much of each cell is ink and how
// often ink and paper alternate along rows and down columns. Body text is
// sparse; a symbol is about half ink and changes every few pixels, either
// mostly along rows (the bars of a 1-D code) or in both directions (QR,
// Data Matrix, and PDF417, whose stacked rows of bars change down a
// column at every row). Cells whose 0.2 inch neighbourhood (or, for
// symbols with large modules, 0.47 inch neighbourhood) looks like that
// are grouped into regions; so are strips one cell tall and at least 0.4
// inch long that change colour along the row at least every 7 pixels and
// seldom down it (a PDF417 symbol only a few rows of fine modules tall,
// too short for the neighbourhood; at most 8 such strips a page). Only those regions are cut out at full
// resolution and decoded:
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
//   - PDF417 is looked for in every 1-D and 2-D region and in the strips,
//     by a reader of its own (pdf417*.go; gozxing has none) whose tables,
//     error correction and bit-stream parsing are ported from ZXing and
//     whose detector is simpler: one pass over every second row of the
//     region finds the start and stop patterns, in both polarities and both directions
//     (reversed patterns mean a symbol upside down: the crop is turned
//     180°). Patterns stacked one above the other make the symbol's left
//     and right edges, fitted as straight lines. Lines are then sampled
//     between the edges along the rows, two per module of height, with
//     sub-pixel edges; on each, the left and right row indicator
//     codewords give the line's row and, together, the symbol's columns,
//     rows and error correction level, and the data codewords are read
//     where the column count puts them (a codeword's cluster confirms its
//     row). Every read is a vote for its cell; cells without a clear
//     winner are erasures, and Reed–Solomon over GF(929) corrects errors
//     and erasures (2 x errors + erasures up to the number of check
//     codewords) before text, byte and numeric compaction are decoded.
//     Bars measured wider or narrower than drawn (ink spread, a faded page
//     thresholded bitonal) are corrected using the start pattern, and a
//     symbol that does not decode is read again with edges placed at two
//     other grey levels, which recovers blurred thin spaces. A region
//     holding only one edge of a symbol (blank or spoiled columns can
//     split it in two) is widened towards the other once.
//   - A region whose surround is dark is read inverted first, so white on
//     black symbols and pages scanned inverted read too.
//   - Kodak patch codes 1, 2, 3, 4, 6 and T (four bars, each 0.2 or 0.08
//     inch wide, 0.08 inch apart; patterns WWNN, WNNW, WNWN, NWWN, NNWW,
//     NWNW) are reported as Format "PATCH_CODE", Text "1" … "T", read as
//     the page is given (see patch.go): on a page fed upside down 1 and 6,
//     and 3 and T, read as each other. The caller decides what each code
//     means for the facility.
//
// Skew of a few degrees needs nothing special: a row crosses tilted bars
// obliquely, which leaves their widths as they were, and the 2-D detectors
// locate their symbols at any angle. The PDF417 reader samples along the
// symbol's own rows, so skew up to about 5° costs it nothing either.
//
// Code 39 text is returned as Full ASCII (so "%Q" reads as "|") when the
// symbol is a valid Full ASCII encoding, as cover sheets carrying
// "MRN|LOINC" are; otherwise the raw Code 39 characters are returned.
//
// PDF417 text is the decoded bytes taken as UTF-8 when they are valid
// UTF-8 (as Encode writes them) and as ISO 8859-1, the standard's default,
// otherwise; ECI designators are skipped, and a Macro PDF417 control
// block ends the text (its file and segment fields are not returned).
//
// Limits. PDF417: one symbol per region (two symbols close enough to share
// a region yield one); a symbol turned 90° or skewed much beyond 5° is not
// read, nor one whose start or stop pattern column is spoiled nearly all
// the way down (each must read cleanly on four scan lines); Micro PDF417
// is not looked for and Macro PDF417 segment fields are dropped; modules
// under 2 pixels (narrower than 0.01 inch at 200 dpi) mostly fail, as do
// symbols blurred, faded and thresholded at once. Aztec, EAN/UPC, ITF,
// Codabar and Code 93 are not looked for. The smallest symbol looked for is about 0.2 inch a side (for
// PDF417, about half an inch wide and a few rows of fine modules tall); a
// textured area larger than 16 square inches (a photograph, a halftone, a
// shaded form) is not searched, so a symbol printed on one is missed.
// Boxes are the upright bounds of what was read: exact for straight
// symbols, a little loose or tight for skewed ones.
//
// Cost on one core (Go, 2550x3300 page at 300 dpi): about 6-7 ms for a
// blank or ordinary text page (the measuring pass), 8-12 ms for a page with
// a symbol (about 10.5 ms with a PDF417 symbol, 1.1 ms of it the PDF417
// reader), and up to about 40 ms for a page dense with bold print and
// digit tables, where many regions need a look. Looking for PDF417 (the
// strips, and the pattern scan of each region) accounts for 0.1-0.5 ms of
// an ordinary page and about 1 ms of the densest.
//
// Errors never carry decoded text: barcodes on chart pages hold MRNs.
package barcode
