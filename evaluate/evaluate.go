// Package evaluate measures how well Chartroom files documents: it compares
// what the pipeline exported for a set of batches with their ground truth
// and reports boundary precision/recall/F1, exact-document rate, type
// accuracy with a confusion matrix, wrong-patient auto-files (the
// patient-safety figure, which must be 0), review rate, auto-filing of clean
// documents, recall of injected misfiles, and calibration of the stated
// confidences.
package evaluate

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/chartroom/chartroom/calibration"
	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/export"
)

// TruthPage is what one scanned page really is.
type TruthPage struct {
	File  string `json:"file"`
	Index int    `json:"index"`
	Role  string `json:"role"`     // content, blank, cover, separator
	Doc   int    `json:"document"` // document number in the batch; -1 for non-content pages
	MRN   string `json:"mrn"`      // the patient the page belongs to ("" for non-content)
	Type  string `json:"type"`     // LOINC or local code of its document
	// Text is what was printed on the page, when the set records it: the
	// reference for OCR word recall.
	Text string `json:"text,omitempty"`
}

// TruthDoc is one real document.
type TruthDoc struct {
	Doc  int    `json:"document"`
	MRN  string `json:"mrn"`
	Type string `json:"type"`
	// Misfile says how a misfile was injected, "" for a clean document:
	// "wrong-cover" (the cover sheet names another patient) or
	// "foreign-page" (one page belongs to another patient).
	Misfile string `json:"misfile,omitempty"`
	// Separated says whether a cover or separator sheet marked its start.
	Separated bool `json:"separated"`
	// Title is the title printed on it; AltTitle says it is another
	// wording than the type's usual title (often one no rule knows).
	Title    string `json:"title,omitempty"`
	AltTitle bool   `json:"alt_title,omitempty"`
}

// TruthBatch is a batch's ground truth, pages in batch order.
type TruthBatch struct {
	Name  string      `json:"name"`
	Kind  string      `json:"kind"` // e.g. "cover", "separator", "none", "duplex"
	Pages []TruthPage `json:"pages"`
	Docs  []TruthDoc  `json:"documents"`
}

// Report is the measured figures.
type Report struct {
	Batches, Documents, Pages int

	BoundarySheets   PRF // boundaries in batches with cover or separator sheets
	BoundaryNoSheets PRF // boundaries found from content alone
	ExactDocuments   Ratio
	TypeAccuracy     Ratio
	TypeAccuracyAlt  Ratio                     // on documents titled in another wording
	Confusion        map[string]map[string]int // truth type -> predicted type -> count

	WrongPatientAutoFiles int
	WrongPatientDocs      []string // ids of the wrongly auto-filed documents
	ReviewRate            Ratio
	CleanAutoFiled        Ratio // clean documents of a chart type filed automatically
	UnknownToReview       Ratio // documents of no chart type (truth UNK) sent to review as UNK
	MisfileRecall         Ratio
	TypeCalibration       *calibration.Table
	PatientCalibration    *calibration.Table
	MissingPages          int // truth content pages in no exported document
	// SheetsInDocuments counts cover, separator and blank pages that ended
	// up inside an exported document.
	SheetsInDocuments int
	// MisfilePrecision is the share of documents flagged misfile-suspect
	// that hold an injected misfile (or pages of two patients).
	MisfilePrecision Ratio
	// OCRWordRecall is the share of the words printed on content pages
	// (sets that record them) found in the page's recognised text.
	OCRWordRecall Ratio
	// CleanReviewReasons counts the reasons clean documents (exactly
	// split, no misfile) were sent to review.
	CleanReviewReasons map[string]int
	// Mistakes lists the documents to look at, one line each: batch,
	// document number and what went wrong (no patient identifiers).
	Mistakes []string
}

// PRF is precision, recall and F1 of boundary detection.
type PRF struct{ TP, FP, FN int }

func (p PRF) Precision() float64 { return ratio(p.TP, p.TP+p.FP) }
func (p PRF) Recall() float64    { return ratio(p.TP, p.TP+p.FN) }
func (p PRF) F1() float64 {
	pr, rc := p.Precision(), p.Recall()
	if pr+rc == 0 {
		return 0
	}
	return 2 * pr * rc / (pr + rc)
}

// Ratio is a count of n out of d.
type Ratio struct{ N, D int }

func (r Ratio) Value() float64 { return ratio(r.N, r.D) }
func (r Ratio) String() string { return fmt.Sprintf("%.3f (%d/%d)", r.Value(), r.N, r.D) }

func ratio(n, d int) float64 {
	if d == 0 {
		return math.NaN()
	}
	return float64(n) / float64(d)
}

func pageKey(file string, index int) string { return fmt.Sprintf("%s#%d", file, index) }

// Score compares an export with the truth of the batches it holds.
func Score(truth []TruthBatch, ex export.Export) Report {
	r := Report{Batches: len(truth), Confusion: map[string]map[string]int{}, CleanReviewReasons: map[string]int{}}
	byBatch := map[string][]export.Document{}
	for _, d := range ex.Documents {
		byBatch[d.Batch] = append(byBatch[d.Batch], d)
	}
	typeBins := calibration.New()
	patientBins := calibration.New()
	for _, tb := range truth {
		docs := byBatch[tb.Name]
		r.Documents += len(tb.Docs)
		// Where each content page went: predicted document index.
		pos := map[string]int{} // page key -> position among content pages
		var content []TruthPage
		for _, p := range tb.Pages {
			r.Pages++
			if p.Role == "content" {
				pos[pageKey(p.File, p.Index)] = len(content)
				content = append(content, p)
			}
		}
		predDoc := make([]int, len(content))
		for i := range predDoc {
			predDoc[i] = -1
		}
		role := map[string]TruthPage{}
		for _, p := range tb.Pages {
			role[pageKey(p.File, p.Index)] = p
		}
		for di, d := range docs {
			for _, pg := range d.Pages {
				k := pageKey(pg.File, pg.Index)
				if i, ok := pos[k]; ok {
					predDoc[i] = di
					if tp := role[k]; tp.Text != "" {
						found, of := WordRecall(tp.Text, pg.Text)
						r.OCRWordRecall.N += found
						r.OCRWordRecall.D += of
					}
				} else if tp, ok := role[k]; ok && tp.Role != "content" {
					r.SheetsInDocuments++
					r.mistake(tb.Name, -1, "a %s page (%s) is inside a document", tp.Role, k)
				}
			}
		}
		for _, d := range predDoc {
			if d < 0 {
				r.MissingPages++
			}
		}
		// Boundaries: a document starts at content page i > 0.
		sheets := tb.Kind == "cover" || tb.Kind == "separator"
		prf := &r.BoundaryNoSheets
		if sheets {
			prf = &r.BoundarySheets
		}
		for i := 1; i < len(content); i++ {
			truthStart := content[i].Doc != content[i-1].Doc
			predStart := predDoc[i] != predDoc[i-1]
			switch {
			case truthStart && predStart:
				prf.TP++
			case predStart:
				prf.FP++
			case truthStart:
				prf.FN++
			}
		}
		// Per predicted document: exactness, patient safety, review.
		truthPages := map[int][]int{} // truth doc -> content positions
		for i, p := range content {
			truthPages[p.Doc] = append(truthPages[p.Doc], i)
		}
		tdoc := map[int]TruthDoc{}
		for _, td := range tb.Docs {
			tdoc[td.Doc] = td
		}
		for di, d := range docs {
			var positions []int
			for i, pd := range predDoc {
				if pd == di {
					positions = append(positions, i)
				}
			}
			r.ReviewRate.D++
			if d.Status == "review" {
				r.ReviewRate.N++
			}
			if slices.Contains(d.Flags, string(chart.ReasonMisfileSuspect)) {
				r.MisfilePrecision.D++
				if holdsMisfile(positions, content, tdoc) {
					r.MisfilePrecision.N++
				}
			}
			if d.Status == "filed" {
				for _, i := range positions {
					if d.Patient == nil || d.Patient.MRN != content[i].MRN {
						r.WrongPatientAutoFiles++
						r.WrongPatientDocs = append(r.WrongPatientDocs, d.ID)
						break
					}
				}
			}
			if d.Patient != nil && len(positions) > 0 {
				correct := true
				for _, i := range positions {
					correct = correct && content[i].MRN == d.Patient.MRN
				}
				patientBins.Add(d.Patient.Confidence, correct)
			}
		}
		for _, td := range tb.Docs {
			want := truthPages[td.Doc]
			if len(want) == 0 {
				continue
			}
			pd := predDoc[want[0]]
			exact := pd >= 0
			for _, i := range want {
				exact = exact && predDoc[i] == pd
			}
			if exact {
				n := 0
				for _, x := range predDoc {
					if x == pd {
						n++
					}
				}
				exact = n == len(want)
			}
			r.ExactDocuments.D++
			if exact {
				r.ExactDocuments.N++
			}
			predType := "MISSING"
			var d *export.Document
			if pd >= 0 {
				d = &docs[pd]
				predType = d.Type.Code
				typeBins.Add(d.Type.Confidence, d.Type.Code == td.Type)
			}
			r.TypeAccuracy.D++
			if td.AltTitle {
				r.TypeAccuracyAlt.D++
			}
			if predType == td.Type {
				r.TypeAccuracy.N++
				if td.AltTitle {
					r.TypeAccuracyAlt.N++
				}
			} else {
				conf := 0.0
				if d != nil {
					conf = d.Type.Confidence
				}
				r.mistake(tb.Name, td.Doc, "type %s (title %q) read as %s at %.3f", td.Type, td.Title, predType, conf)
			}
			if !exact {
				r.mistake(tb.Name, td.Doc, "not split exactly: %d pages, in predicted documents %v", len(want), docsOf(predDoc, want))
			}
			if r.Confusion[td.Type] == nil {
				r.Confusion[td.Type] = map[string]int{}
			}
			r.Confusion[td.Type][predType]++
			if td.Misfile != "" {
				// Every page of an injected misfile must land in review.
				r.MisfileRecall.D++
				caught := true
				for _, i := range want {
					caught = caught && predDoc[i] >= 0 && docs[predDoc[i]].Status == "review"
				}
				if caught {
					r.MisfileRecall.N++
				} else {
					r.mistake(tb.Name, td.Doc, "injected misfile (%s) NOT sent to review", td.Misfile)
				}
			} else if td.Type == chart.Unknown.Code {
				// A page that fits no type must reach a person, as UNK.
				r.UnknownToReview.D++
				if d != nil && d.Status == "review" && d.Type.Code == chart.Unknown.Code {
					r.UnknownToReview.N++
				} else {
					r.mistake(tb.Name, td.Doc, "a document of no chart type was not sent to review as UNK")
				}
			} else {
				r.CleanAutoFiled.D++
				if exact && d != nil && d.Status == "filed" {
					r.CleanAutoFiled.N++
				} else if exact && d != nil {
					for _, reason := range d.Reasons {
						r.CleanReviewReasons[reason]++
					}
					r.mistake(tb.Name, td.Doc, "clean document sent to review: %v", d.Reasons)
				}
			}
		}
	}
	r.TypeCalibration, r.PatientCalibration = typeBins, patientBins
	return r
}

// holdsMisfile says whether a predicted document (its content positions)
// holds pages of two patients or a page of an injected misfile.
func holdsMisfile(positions []int, content []TruthPage, tdoc map[int]TruthDoc) bool {
	for _, i := range positions {
		if content[i].MRN != content[positions[0]].MRN || tdoc[content[i].Doc].Misfile != "" {
			return true
		}
	}
	return false
}

// WordRecall counts how many of the words of truth (letters and digits,
// two characters or more, case folded, each occurrence counted) occur in
// got: found of the total.
func WordRecall(truth, got string) (found, of int) {
	have := map[string]int{}
	for _, w := range recallWords(got) {
		have[w]++
	}
	for _, w := range recallWords(truth) {
		of++
		if have[w] > 0 {
			have[w]--
			found++
		}
	}
	return found, of
}

func recallWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len(w) >= 2 {
			out = append(out, w)
		}
	}
	return out
}

func (r *Report) mistake(batch string, doc int, format string, args ...any) {
	r.Mistakes = append(r.Mistakes, fmt.Sprintf("%s #%d: ", batch, doc)+fmt.Sprintf(format, args...))
}

// docsOf lists the predicted documents that hold the given content pages.
func docsOf(predDoc []int, pages []int) []int {
	var out []int
	for _, i := range pages {
		if len(out) == 0 || out[len(out)-1] != predDoc[i] {
			out = append(out, predDoc[i])
		}
	}
	return out
}

// Print writes the report for people.
func (r Report) Print(w io.Writer) {
	fmt.Fprintf(w, "batches %d, documents %d, pages %d\n\n", r.Batches, r.Documents, r.Pages)
	prf := func(name string, p PRF) {
		fmt.Fprintf(w, "%-34s P %.3f  R %.3f  F1 %.3f  (tp %d, fp %d, fn %d)\n", name, p.Precision(), p.Recall(), p.F1(), p.TP, p.FP, p.FN)
	}
	prf("boundaries, with cover/separators", r.BoundarySheets)
	prf("boundaries, without separators", r.BoundaryNoSheets)
	fmt.Fprintf(w, "%-34s %s\n", "exact documents", r.ExactDocuments)
	fmt.Fprintf(w, "%-34s %s\n", "type accuracy", r.TypeAccuracy)
	fmt.Fprintf(w, "%-34s %s\n", "  of which titled unusually", r.TypeAccuracyAlt)
	fmt.Fprintf(w, "%-34s %d %v\n", "WRONG-PATIENT AUTO-FILES", r.WrongPatientAutoFiles, r.WrongPatientDocs)
	fmt.Fprintf(w, "%-34s %s\n", "review rate", r.ReviewRate)
	fmt.Fprintf(w, "%-34s %s\n", "clean documents auto-filed", r.CleanAutoFiled)
	fmt.Fprintf(w, "%-34s %s\n", "injected misfiles sent to review", r.MisfileRecall)
	fmt.Fprintf(w, "%-34s %s\n", "no-type documents to review as UNK", r.UnknownToReview)
	fmt.Fprintf(w, "%-34s %d\n", "content pages in no document", r.MissingPages)
	fmt.Fprintf(w, "%-34s %d\n", "sheet/blank pages inside documents", r.SheetsInDocuments)
	fmt.Fprintf(w, "%-34s %s\n", "misfile flags that hold a misfile", r.MisfilePrecision)
	if r.OCRWordRecall.D > 0 {
		fmt.Fprintf(w, "%-34s %s\n", "OCR word recall, content pages", r.OCRWordRecall)
	}
	cal := func(name string, t *calibration.Table) {
		fmt.Fprintf(w, "\ncalibration of %s (stated → observed):\n", name)
		if t != nil {
			t.Print(w, "  ")
		}
	}
	if len(r.CleanReviewReasons) > 0 {
		var rs []string
		for k, n := range r.CleanReviewReasons {
			rs = append(rs, fmt.Sprintf("%s %d", k, n))
		}
		sort.Strings(rs)
		fmt.Fprintf(w, "%-34s %s\n", "  why clean documents were reviewed", strings.Join(rs, ", "))
	}
	cal("type confidence", r.TypeCalibration)
	cal("patient confidence", r.PatientCalibration)
	if len(r.Mistakes) > 0 {
		fmt.Fprintf(w, "\ndocuments to look at:\n")
		for _, m := range r.Mistakes {
			fmt.Fprintf(w, "  %s\n", m)
		}
	}
	fmt.Fprintf(w, "\ntype confusion (rows: truth, columns: predicted):\n")
	var truths []string
	cols := map[string]bool{}
	for t, row := range r.Confusion {
		truths = append(truths, t)
		for p := range row {
			cols[p] = true
		}
	}
	sort.Strings(truths)
	var colNames []string
	for c := range cols {
		colNames = append(colNames, c)
	}
	sort.Strings(colNames)
	fmt.Fprintf(w, "%-10s %s\n", "", strings.Join(pad(colNames), " "))
	for _, t := range truths {
		var cells []string
		for _, c := range colNames {
			cells = append(cells, fmt.Sprintf("%9d", r.Confusion[t][c]))
		}
		fmt.Fprintf(w, "%-10s %s\n", t, strings.Join(cells, " "))
	}
}

func pad(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%9s", x)
	}
	return out
}
