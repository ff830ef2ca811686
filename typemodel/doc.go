// Package typemodel is the trained half of document-type classification: a
// text model that reads a document's OCR text and says which document type
// (a LOINC document code, a facility's local code, or UNK for "none of
// them") it is, with a confidence that means what it says.
//
// The model is multinomial naive Bayes over the set of features a text
// contains: words, word pairs and section headings. Word pairs carry the
// words of headings ("hospital course", "estimated blood"); the headings
// themselves (capitals before a colon, or a short label starting a line)
// are features too, with the first heading and each pair of consecutive
// headings, so the set and order of a dictation's sections ("CHIEF
// COMPLAINT, HPI, ..., ED COURSE, DISPOSITION" against "SUBJECTIVE,
// OBJECTIVE, ASSESSMENT, PLAN") tell an untitled document's type. A
// heading a transcription ran into the word before it ("DISCHARGE
// SUMMARYADMISSION DATE:") is split off first (SplitRunOn).
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
//
// Random folds only measure text like the training text. Examples written
// in another style (the corpus's dictated transcriptions) carry a style
// group, and cross-validation holds them out by style: each group goes
// whole into one fold, and a fold holding out a group is fitted without
// any grouped example, so those held-out predictions are a model's on
// writing it never saw, and the temperature is fitted on them with the
// rest. (Giving them more weight in the calibration loss, up to 80%,
// lowered the temperature but did not improve the calibration error on
// them, on the rest, or on the held-out dictation set.) Report.Styles
// holds their accuracy and calibration error apart.
// Report holds the cross-validated figures; chartroom eval measures the
// same on scanned pages.
//
// The corpus is a folder of <code>.txt files, one per type, whose examples
// are separated by lines holding "%%", optionally followed by the
// example's style group ("%% dict-glued"; see corpus/). The groups of
// the built-in corpus are dictation styles: dict-glued (the title run into
// the first heading), dict-headings (no title, section headings only),
// dict-prose (long paragraphs, headings inline, dictation footers) and
// dict-letter (letters, SOAP and brief notes). Echocardiogram reports are
// diagnostic imaging (18748-4); endoscopy, bronchoscopy, cardiac
// catheterization and bedside procedures are procedure notes (28570-0);
// operations in a theatre are surgical operation notes (11504-8).
// testdata/dictation holds dictation-style documents written apart from
// the corpus, never trained on, that package filing's tests measure the
// classifier on. UNK.txt holds
// documents that belong to no chart type, so the model can say so instead
// of forcing them into the nearest type. QA corrections are added to the
// corpus as more examples when the model is retrained.
package typemodel
