package filing

import (
	"context"
	"fmt"
	"slices"

	"github.com/chartroom/chartroom/chart"
)

// Filer runs the filing steps over a batch's pages: split, classify, match,
// cross-check the batch, decide. It is a pure function of the pages and the
// MPI, used by the pipeline and by the evaluation alike.
type Filer struct {
	Splitter   Splitter
	Classifier Classifier
	Matcher    Matcher
	Policy     Policy
	Taxonomy   []TypeRule
}

// File returns the batch's documents in order, each with its pages, type,
// patient, status, reasons, flags and evidence. Ids are left to the caller.
func (f Filer) File(ctx context.Context, pages []chart.Page) ([]chart.Document, error) {
	segs, err := f.Splitter.Split(ctx, pages)
	if err != nil {
		return nil, fmt.Errorf("split: %w", err)
	}
	docs := make([]chart.Document, len(segs))
	matches := make([]Match, len(segs))
	for i, seg := range segs {
		d := &docs[i]
		d.Seq = i
		for _, pg := range seg.Pages {
			d.PageIDs = append(d.PageIDs, pg.ID)
		}
		typ, ev, err := f.Classifier.Classify(ctx, seg.Pages)
		if err != nil {
			return nil, fmt.Errorf("classify: %w", err)
		}
		pageIDs := make([][]Found, len(seg.Pages))
		for k, p := range seg.Pages {
			pageIDs[k] = Identify(p)
		}
		var m Match
		if im, ok := f.Matcher.(IdentifierMatcher); ok {
			// The pages' identifiers are read once, here, and the
			// belonging check below reuses them. The cover's MRN is one
			// more identifier: with a name or date of birth on the pages
			// it identifies the patient; against them it is a conflict.
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			ids := slices.Concat(pageIDs...)
			if seg.Cover != nil && seg.Cover.MRN != "" {
				ids = append(ids, Found{Kind: FoundMRN, Value: seg.Cover.MRN, Raw: seg.Cover.MRN, Label: "cover sheet"})
			}
			m = im.MatchIdentifiers(ids)
		} else if m, err = f.Matcher.Match(ctx, seg.Pages); err != nil {
			return nil, fmt.Errorf("match patient: %w", err)
		}
		d.Type, d.Evidence = typ, ev
		ApplyCover(d, seg.Cover, &m, f.Taxonomy)
		d.Patient = m.Patient
		d.Evidence = append(d.Evidence, m.Evidence...)
		if m.Patient != nil {
			m.Pages = f.belongings(seg, pageIDs, m)
			for _, b := range m.Pages {
				d.Evidence = append(d.Evidence, chart.Evidence{Kind: "page", Value: string(b.Kind), PageID: b.PageID, Note: b.Note})
			}
		}
		if seg.Reason != "" {
			d.Evidence = append(d.Evidence, chart.Evidence{Kind: "boundary", Value: seg.Reason})
		}
		matches[i] = m
	}
	FlagLoneDocuments(docs)
	flagSplitBySheetlessPatient(docs, segs)
	flagInterruptedDocuments(docs, matches)
	for i, seg := range segs {
		f.Policy.Decide(&docs[i], seg, matches[i], meanConfidence(seg.Pages))
	}
	return docs, nil
}

// flagSplitBySheetlessPatient flags both sides of a boundary found only
// from another patient's MRN in a batch whose documents are otherwise
// started by cover or separator sheets: the operator put a sheet before
// every document, so a patient change without one is a page of another
// patient inside a document — a paper misfile — not a document of its own.
func flagSplitBySheetlessPatient(docs []chart.Document, segs []Segment) {
	sheets := false
	for _, s := range segs {
		sheets = sheets || s.sheeted()
	}
	if !sheets {
		return
	}
	for i := 1; i < len(segs); i++ {
		if !slices.Contains(segs[i].Cues, CueOtherMRN) {
			continue
		}
		for _, j := range []int{i - 1, i} {
			if !slices.Contains(docs[j].Flags, chart.ReasonMisfileSuspect) {
				docs[j].Flags = append(docs[j].Flags, chart.ReasonMisfileSuspect)
			}
			docs[j].Evidence = append(docs[j].Evidence, chart.Evidence{Kind: "misfile",
				Note: "another patient's page follows a sheet-started document without a sheet of its own"})
		}
	}
}

// flagInterruptedDocuments flags the document before one whose pages
// name two patients, one of them the earlier document's: a page of another
// patient put inside a document splits it in two, and the first part,
// though its own pages agree, is part of a misfiled document. Both go to
// review together.
func flagInterruptedDocuments(docs []chart.Document, matches []Match) {
	for i := 1; i < len(docs); i++ {
		prev := docs[i-1].Patient
		if !matches[i].Conflict || prev == nil || slices.Contains(docs[i-1].Flags, chart.ReasonMisfileSuspect) {
			continue
		}
		// The document starts with another patient's page and goes on
		// with pages that are not that patient's.
		m := matches[i]
		if docs[i].Patient == nil || docs[i].Patient.MRN == prev.MRN || len(m.Pages) < 2 || m.Pages[0].Kind != BelongIdentifiers ||
			!slices.ContainsFunc(m.Pages[1:], func(b PageBelonging) bool { return b.Kind == BelongOther }) {
			continue
		}
		named := false
		for _, e := range m.Evidence {
			if (e.Kind == FoundMRN || e.Kind == EvidenceCandidate) && e.Value == prev.MRN {
				named = true
			}
		}
		if !named {
			continue
		}
		docs[i-1].Flags = append(docs[i-1].Flags, chart.ReasonMisfileSuspect)
		docs[i-1].Evidence = append(docs[i-1].Evidence, chart.Evidence{Kind: "misfile", Value: prev.MRN,
			Note: "the next document holds this patient's pages beside another patient's: this document may be the first part of it"})
	}
}

func meanConfidence(pages []chart.Page) float64 {
	if len(pages) == 0 {
		return 0
	}
	var sum float64
	for _, p := range pages {
		sum += p.Confidence
	}
	return sum / float64(len(pages))
}

// FlagLoneDocuments flags misfile-suspect on a document whose patient
// differs from the documents on both sides of it when those two agree: a
// batch is usually one patient's chart, and a lone document of patient B in
// the middle of patient A's run is how a paper misfile shows up. Both
// charts' MRNs go into the evidence.
func FlagLoneDocuments(docs []chart.Document) {
	mrn := func(i int) string {
		if i < 0 || i >= len(docs) || docs[i].Patient == nil {
			return ""
		}
		return docs[i].Patient.MRN
	}
	for i := 1; i < len(docs)-1; i++ {
		before, here, after := mrn(i-1), mrn(i), mrn(i+1)
		if before == "" || here == "" || before != after || here == before {
			continue
		}
		d := &docs[i]
		d.Flags = append(d.Flags, chart.ReasonMisfileSuspect)
		d.Evidence = append(d.Evidence, chart.Evidence{Kind: "misfile", Value: before,
			Note: "the documents before and after this one belong to " + before + "; this one to " + here})
	}
}
