// Package typemodel is the trained half of document-type classification: a
// text model that reads a document's OCR text and says which document type
// (a LOINC document code, a facility's local code, or UNK for "none of
// them") it is, with a confidence that means what it says.
//
// The model is multinomial naive Bayes over the set of features a text
// contains: words and word pairs. Word pairs carry the section headings
// ("hospital course", "estimated blood") that tell confusable types apart.
// Features are counted once per document, so a long flowsheet full of
// repeated rows does not outvote its title. Every example is also trained
// on as a poor scan's OCR might read it (letters confused, words split), so
// the model does not lean on exact spellings. Naive Bayes was chosen over
// logistic regression on measurement: on the corpus the two were within a
// point of cross-validated accuracy, and naive Bayes trains in a tenth of
// the time, which lets Chartroom train the built-in model at start.
//
// Naive Bayes ranks well but its raw probabilities are far too sure of
// themselves (it multiplies hundreds of correlated features as if they were
// independent). Train therefore calibrates: it cross-validates on the
// corpus and fits a length normalisation, a temperature and the weights of
// an optional hint (the title rules of package filing; weak and strong
// hints weigh apart) so that the held-out predictions have the lowest log
// loss. A stated 0.9 is then right about 9 times in 10 on text like the
// corpus. On other text the model can be sure and wrong, so a strong hint's
// type is never given less than the strong hints' own measured accuracy.
// Report holds the cross-validated figures; chartroom eval measures the
// same on scanned pages.
//
// The corpus is a folder of <code>.txt files, one per type, whose examples
// are separated by lines holding exactly "%%" (see corpus/). UNK.txt holds
// documents that belong to no chart type, so the model can say so instead
// of forcing them into the nearest type. QA corrections are added to the
// corpus as more examples when the model is retrained.
package typemodel
