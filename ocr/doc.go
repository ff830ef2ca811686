// Package ocr turns a page image into words: it finds the page's orientation
// (Tesseract OSD) and turns it upright, removes small skew, and recognises
// the text in one Tesseract pass that yields every word with its box and
// confidence.
//
// Engine is the seam: Tesseract (a pool of long-lived gosseract clients, one
// per worker, each single-threaded) in production, Fake in fast unit tests.
// Processor wraps an Engine with the image work that is the same for all
// engines.
//
// After the full-page pass, Processor reads the page's identifier regions
// again on their own (regions.go): ruled label boxes and stickers, header
// and footer columns beside other text, addressograph imprints, labels
// turned 90° in a margin, and the words around identifier labels. Engines
// that can read a crop (RegionReader) and analyse a page's block layout
// (LayoutAnalyzer) take part; Result.Regions carries the readings.
package ocr
