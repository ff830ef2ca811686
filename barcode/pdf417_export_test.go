package barcode

// Internals of the PDF417 reader, exported to the external tests.
var (
	PDFCorrect = pdfCorrect
	PDFParse   = pdfParse
)
