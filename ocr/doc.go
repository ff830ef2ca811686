// Package ocr turns a page image into words: it finds the page's orientation
// (Tesseract OSD) and turns it upright, removes small skew, and recognises
// the text in one Tesseract pass that yields every word with its box and
// confidence.
//
// Engine is the seam: Tesseract (a pool of long-lived gosseract clients, one
// per worker, each single-threaded) in production, Fake in fast unit tests.
// Processor wraps an Engine with the image work that is the same for all
// engines.
package ocr
