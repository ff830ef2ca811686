package filing

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/chartroom/chartroom/chart"
)

// MPIMatcher finds a document's patient in an MPIIndex from the
// identifiers on its pages (see Identify), and is strict about it: a
// wrong-patient filing is the worst error Chartroom can make, so every
// doubt lowers the confidence below the auto-file threshold or raises a
// conflict.
//
// The rules, in order:
//
//  1. Pages that name different patients (MRNs of two MPI patients, or a
//     name or date of birth on any page that disagrees with the patient)
//     are a conflict, with every candidate in the evidence.
//  2. An MRN on the pages that the MPI knows, confirmed by a second
//     identifier (name: Jaro–Winkler ≥ 0.92 on last name and on first
//     name or initial; or the exact date of birth), is a deterministic
//     match: 0.97, or 0.99 with both. Anything only partly agreeing (a
//     transposed date, a nickname, a differing sex) makes it 0.90, and so
//     does another MRN one character away (a misreading) unless the page
//     carrying it names the patient too. An MRN two digits away that no
//     MPI patient holds, on a page that names the patient, is a misreading
//     too (small print); anywhere else it is a conflict.
//  3. An MRN alone is 0.80: one identifier never files.
//  4. Without a known MRN, the match is probabilistic on name and date of
//     birth (Fellegi–Sunter weights, posterior as in MPIIndex.Rank). It
//     reaches MaxProbabilistic only when the full name and the exact date
//     of birth agree and the best candidate outweighs the runner-up by
//     MarginBits; a name alone stays at 0.80 at most, a date of birth
//     alone at 0.50, anything partial at 0.90.
//     A number near the top of the page whose label could not be read
//     (FoundNumber) that is the best candidate's MRN confirms a full name
//     and date of birth match: 0.97. Such numbers never pick a patient.
//  5. An MRN the MPI does not know (or holds twice) caps the match at 0.90.
type MPIMatcher struct {
	Index *MPIIndex
	// MaxProbabilistic caps the confidence of a match without a known MRN
	// (default 0.96: above DefaultPolicy's 0.95, below a deterministic
	// match). Set it below the policy threshold to review every such
	// document.
	MaxProbabilistic float64
	// MarginBits is the weight by which the best candidate must beat the
	// runner-up when there is no MRN (default 8 bits: 256 times likelier).
	MarginBits float64
}

var _ Matcher = MPIMatcher{}

// Confidences the rules assign.
const (
	mpiConfBoth      = 0.99 // MRN confirmed by name and date of birth
	mpiConfTwo       = 0.97 // MRN confirmed by name or date of birth
	mpiConfPartial   = 0.90 // something only partly agrees: review
	mpiConfOne       = 0.80 // one identifier (MRN or name) alone, or a too-close runner-up
	mpiConfDOBOnly   = 0.50
	mpiConfConflict  = 0.40 // pages name different patients
	mpiConfWrongLbl  = 0.20 // the MRN's patient disagrees with every other identifier
	mpiDefaultMaxP   = 0.96
	mpiDefaultMargin = 8.0
)

// EvidenceCandidate is the evidence kind of an MPI patient the matcher
// weighed; Value is the MRN.
const EvidenceCandidate = "candidate"

// ErrNoMPIIndex is returned by an MPIMatcher without an index.
var ErrNoMPIIndex = errors.New("mpi matcher: no index")

// Match implements Matcher.
func (m MPIMatcher) Match(ctx context.Context, pages []chart.Page) (Match, error) {
	if err := ctx.Err(); err != nil {
		return Match{}, err
	}
	if m.Index == nil {
		return Match{}, ErrNoMPIIndex
	}
	var ids []Found
	for _, p := range pages {
		ids = append(ids, Identify(p)...)
	}
	return m.MatchIdentifiers(ids), nil
}

// mpiRun is one Match in progress.
type mpiRun struct {
	m   MPIMatcher
	ix  *MPIIndex
	ids []Found
	q   *mpiQuery
	out Match
	ev  []chart.Evidence // candidates and the decision, after the identifiers
}

// MatchIdentifiers applies the same rules to identifiers already found,
// for example the pages' identifiers plus the MRN of a cover sheet's
// barcode, so that the cover's MRN is confirmed like any other.
func (m MPIMatcher) MatchIdentifiers(ids []Found) Match {
	if m.Index == nil {
		// No MPI to match against: nobody is identified, so the document
		// goes to review (Match reports ErrNoMPIIndex instead).
		return Match{Evidence: []chart.Evidence{{Kind: "match", Note: "no MPI index"}}}
	}
	r := &mpiRun{m: m, ix: m.Index, ids: ids, q: m.Index.query(ids)}
	if len(r.q.mrns) == 0 && len(r.q.names) == 0 && len(r.q.dobs) == 0 {
		r.describe(-1)
		r.decide("no MRN, name or date of birth found on the pages")
		return r.result()
	}
	// The MRNs on the pages, by what the MPI says about them.
	var known []int32
	var unknown, ambiguous []string
	seen := map[string]bool{}
	for _, qm := range r.q.mrns {
		v := qm.f.Value
		if seen[v] {
			continue
		}
		seen[v] = true
		switch id, st := r.ix.lookupMRN(v); st {
		case mpiMRNFound:
			known = append(known, id)
		case mpiMRNAmbiguous:
			ambiguous = append(ambiguous, v)
		default:
			unknown = append(unknown, v)
		}
	}
	switch {
	case len(known) > 1:
		r.conflictMRNs(known, unknown)
	case len(known) == 1 && len(ambiguous) == 0 && mpiAllNear(unknown, string(r.ix.field(known[0], mpiFMRN))):
		capNote := ""
		if len(unknown) > 0 && !r.misreadsConfirmed(known[0], unknown) {
			capNote = "another MRN on the pages differs by one character (an OCR misreading?)"
		}
		r.deterministic(known[0], capNote)
	case len(known) == 1 && len(ambiguous) == 0 && mpiAllWithin(unknown, string(r.ix.field(known[0], mpiFMRN)), 2) &&
		r.misreadsConfirmed(known[0], unknown):
		// Small print (a footer "NAME MRN 66763509") loses two digits as
		// easily as one; the page names the patient, and the number is no
		// patient's in the MPI.
		r.deterministic(known[0], "")
	case len(known) == 1 && len(ambiguous) == 0 && r.unknownOnConfirmingPages(known[0], unknown):
		// A number no patient holds, on a page that carries the patient's
		// own MRN with their name or date of birth, is a misreading (a
		// second reading of a label, a footer in small print), not
		// another patient.
		r.deterministic(known[0], "")
	case len(known) == 1:
		r.conflictMRNs(known, append(unknown, ambiguous...))
	case len(unknown) > 1 && !mpiAllNear(unknown[1:], unknown[0]):
		r.conflictMRNs(nil, unknown)
	default:
		capNote := ""
		switch {
		case len(ambiguous) > 0:
			capNote = "the MRN on the pages is held by several MPI entries (an overlay in the MPI?)"
		case len(unknown) > 0:
			capNote = "the MRN on the pages is not in the MPI"
		}
		r.probabilistic(capNote)
	}
	return r.result()
}

func (r *mpiRun) result() Match {
	r.out.Evidence = append(r.out.Evidence, r.ev...)
	if r.out.Patient != nil {
		// Page by page: which pages' own identifiers agree with the
		// patient chosen from all of them together.
		byPage := map[string][]Found{}
		for _, f := range r.ids {
			if f.PageID != "" {
				byPage[f.PageID] = append(byPage[f.PageID], f)
			}
		}
		r.out.PageChecks = map[string]PageCheck{}
		for id, fs := range byPage {
			a, d := r.m.CheckPage(fs, r.out.Patient.MRN)
			r.out.PageChecks[id] = PageCheck{Agree: a, Disagree: d}
		}
	}
	return r.out
}

// deterministic confirms the patient of the one known MRN with the other
// identifiers on the pages.
func (r *mpiRun) deterministic(id int32, capNote string) {
	agreeName, agreeDOB, partial, disagree := r.describe(id)
	pt := r.ix.patient(id)
	conf := mpiConfOne
	reason := "MRN in the MPI, no second identifier agrees: one identifier never files"
	switch {
	case disagree:
		r.out.Conflict = true
		conf = mpiConfConflict
		reason = "the pages' name or date of birth disagrees with the MRN's patient"
		if !agreeName && !agreeDOB {
			conf = mpiConfWrongLbl
			reason = "MRN in the MPI, but neither name nor date of birth agrees: wrong label or an overlay?"
		}
		r.candidate(pt, "", "patient of the MRN on the pages")
		r.otherPatient(id)
	case agreeName && agreeDOB:
		conf, reason = mpiConfBoth, "deterministic: MRN in the MPI, name and date of birth agree"
	case agreeName:
		conf, reason = mpiConfTwo, "deterministic: MRN in the MPI and the name agrees"
	case agreeDOB:
		conf, reason = mpiConfTwo, "deterministic: MRN in the MPI and the date of birth agrees"
	}
	if partial && !disagree {
		conf = min(conf, mpiConfPartial)
		reason += "; an identifier only partly agrees"
	}
	if capNote != "" && !disagree {
		conf = min(conf, mpiConfPartial)
		reason += "; " + capNote
	}
	r.out.Patient = &chart.PatientMatch{MRN: pt.MRN, Confidence: conf}
	r.decide(reason)
}

// probabilistic matches on name and date of birth.
func (r *mpiRun) probabilistic(capNote string) {
	scores, truncated := r.ix.rank(r.q)
	if len(scores) == 0 || scores[0].w <= 0 {
		r.describe(-1)
		r.decide(mpiJoin("no MPI patient fits the name and date of birth on the pages", capNote))
		return
	}
	best := scores[0]
	_, _, partial, disagree := r.describe(best.id)
	conf := best.p
	limit := r.m.MaxProbabilistic
	if limit <= 0 {
		limit = mpiDefaultMaxP
	}
	margin := r.m.MarginBits
	if margin <= 0 {
		margin = mpiDefaultMargin
	}
	reason := "probabilistic: name and date of birth agree"
	hasName, hasDOB := len(r.q.names) > 0, len(r.q.dobs) > 0
	fullName := best.name.state == mpiAgree && !best.nameCmp.initial
	switch {
	case !hasDOB:
		limit, reason = min(limit, mpiConfOne), "probabilistic on the name alone: one identifier never files"
	case !hasName:
		limit, reason = min(limit, mpiConfDOBOnly), "probabilistic on the date of birth alone: one identifier never files"
	case !fullName || best.dob.state != mpiAgree:
		limit, reason = min(limit, mpiConfPartial), "probabilistic: name or date of birth only partly agrees"
	}
	if len(scores) > 1 && best.w-scores[1].w < margin {
		limit = min(limit, mpiConfOne)
		reason += "; the runner-up is within " + mpiF2(margin) + " bits"
	}
	if partial {
		limit = min(limit, mpiConfPartial)
		reason += "; an identifier only partly agrees"
	}
	if truncated {
		limit = min(limit, mpiConfPartial)
		reason += "; too many candidates to score them all"
	}
	if capNote != "" {
		limit = min(limit, mpiConfPartial)
		reason += "; " + capNote
	}
	switch {
	case r.inconsistent():
		r.out.Conflict = true
		limit = min(limit, mpiConfConflict)
		reason = "pages name different patients"
		r.otherPatient(best.id)
	case disagree:
		limit = min(limit, mpiConfDOBOnly)
		reason = "the best candidate disagrees with a name or date of birth on the pages"
	case fullName && best.dob.state == mpiAgree && !partial && !truncated && capNote == "" && r.numberIs(r.ix.patient(best.id).MRN):
		// Full name and date of birth agree, and a number at the top of
		// the page whose label OCR could not read is this patient's MRN:
		// three identifiers agree, as in a deterministic match. The number
		// only confirms; it never picks the patient.
		conf, limit = mpiConfTwo, mpiConfTwo
		reason = "name and date of birth agree, and an unlabelled number at the top of the page is the patient's MRN"
	}
	for i, s := range scores[:min(len(scores), 3)] {
		r.candidate(r.ix.patient(s.id), "", "rank "+strconv.Itoa(i+1)+": weight "+mpiBits(s.w)+", posterior "+mpiF2(s.p))
	}
	r.out.Patient = &chart.PatientMatch{MRN: r.ix.patient(best.id).MRN, Confidence: min(conf, limit)}
	r.decide(reason)
}

// conflictMRNs reports pages that carry MRNs of different patients (known
// ones) or MRNs that cannot be told apart as misreadings (unknown ones).
func (r *mpiRun) conflictMRNs(known []int32, unknown []string) {
	r.out.Conflict = true
	ref := int32(-1)
	if len(known) > 0 {
		ref = known[0]
	}
	r.describe(ref)
	for _, id := range known {
		pt := r.ix.patient(id)
		r.candidate(pt, r.pageOfMRN(pt.MRN), "patient of an MRN on the pages")
	}
	for _, v := range unknown {
		r.ev = append(r.ev, chart.Evidence{Kind: FoundMRN, Value: v, PageID: r.pageOfMRN(v), Note: "MRN not (uniquely) in the MPI"})
	}
	if ref >= 0 {
		r.out.Patient = &chart.PatientMatch{MRN: r.ix.patient(ref).MRN, Confidence: mpiConfWrongLbl}
	}
	r.decide("pages carry different MRNs")
}

// otherPatient adds to the evidence the patient that the identifiers
// disagreeing with patient id point to, if the MPI has one.
func (r *mpiRun) otherPatient(id int32) {
	pages := map[string]bool{}
	for i := range r.ids {
		if st, _ := r.compare(&r.ids[i], id); st == mpiDisagree {
			pages[r.ids[i].PageID] = true
		}
	}
	var other []Found
	for _, f := range r.ids {
		if pages[f.PageID] && (f.Kind == FoundName || f.Kind == FoundDOB || f.Kind == FoundSex) {
			other = append(other, f)
		}
	}
	scores, _ := r.ix.rank(r.ix.query(other))
	for _, s := range scores {
		if s.id != id && s.w > 0 {
			page := ""
			if s.name.f != nil {
				page = s.name.f.PageID
			} else if s.dob.f != nil {
				page = s.dob.f.PageID
			}
			r.candidate(r.ix.patient(s.id), page, "the name/date of birth on this page fit this other patient (weight "+mpiBits(s.w)+")")
			return
		}
	}
}

// misreadsConfirmed reports whether every page carrying one of the unknown
// MRNs (each one character from patient id's MRN) also carries a name or
// date of birth that agrees with patient id: the MRN was misread on a page
// that is otherwise plainly this patient's. An unknown MRN is no other
// patient's, so nothing on such a page points elsewhere.
func (r *mpiRun) misreadsConfirmed(id int32, unknown []string) bool {
	for _, v := range unknown {
		page, ok := r.pageOfMRN(v), false
		for i := range r.ids {
			f := &r.ids[i]
			if f.PageID != page || (f.Kind != FoundName && f.Kind != FoundDOB) {
				continue
			}
			if st, _ := r.compare(f, id); st == mpiAgree {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// unknownOnConfirmingPages reports MRNs unknown to the MPI that each stand
// on a page that also carries patient id's MRN and their agreeing name or
// date of birth.
func (r *mpiRun) unknownOnConfirmingPages(id int32, unknown []string) bool {
	mrn := string(r.ix.field(id, mpiFMRN))
	for _, v := range unknown {
		page := r.pageOfMRN(v)
		own := false
		for _, f := range r.ids {
			own = own || (f.PageID == page && f.Kind == FoundMRN && f.Value == mrn)
		}
		if page == "" || !own || !r.misreadsConfirmed(id, []string{v}) {
			return false
		}
	}
	return true
}

// numberIs reports an unlabelled number on the pages equal to mrn.
func (r *mpiRun) numberIs(mrn string) bool {
	for _, f := range r.ids {
		if f.Kind == FoundNumber && f.Value == mrn {
			return true
		}
	}
	return false
}

func (r *mpiRun) pageOfMRN(v string) string {
	for _, f := range r.ids {
		if f.Kind == FoundMRN && f.Value == v {
			return f.PageID
		}
	}
	return ""
}

// candidate names a candidate patient in the evidence, once.
func (r *mpiRun) candidate(pt chart.Patient, page, note string) {
	for _, e := range r.ev {
		if e.Kind == EvidenceCandidate && e.Value == pt.MRN {
			return
		}
	}
	r.ev = append(r.ev, chart.Evidence{Kind: EvidenceCandidate, Value: pt.MRN, PageID: page,
		Note: pt.Last + ", " + pt.First + " " + pt.DOB + ": " + note})
}

func (r *mpiRun) decide(reason string) {
	r.ev = append(r.ev, chart.Evidence{Kind: "match", Note: reason})
}

// describe puts every identifier found into the evidence, compared with
// patient id (none when id < 0), and sums up how they compare.
func (r *mpiRun) describe(id int32) (agreeName, agreeDOB, partial, disagree bool) {
	for i := range r.ids {
		f := &r.ids[i]
		note := "label " + f.Label
		if id >= 0 {
			st, cmp := r.compare(f, id)
			if cmp != "" {
				note += "; " + cmp
			}
			switch {
			case st == mpiAgree && f.Kind == FoundName:
				agreeName = true
			case st == mpiAgree && f.Kind == FoundDOB:
				agreeDOB = true
			case st == mpiPartial && f.Kind == FoundName && r.bareLastNameFits(f.Value, id):
				// A last name alone (OCR lost the first name) that fits is
				// neither agreement nor disagreement.
			case st == mpiPartial && r.partialExplained(f, id):
				// One reading of a field a digit off, beside readings on
				// the same page that agree: a misreading, noted above.
			case st == mpiPartial:
				partial = true
			case st == mpiDisagree && f.Kind != FoundMRN:
				disagree = true
			}
		} else if f.Kind == FoundMRN {
			if _, st := r.ix.lookupMRN(f.Value); st == mpiMRNUnknown {
				note += "; not in the MPI"
			}
		}
		r.out.Evidence = append(r.out.Evidence, chart.Evidence{Kind: f.Kind, Value: f.Value, PageID: f.PageID, Note: note})
	}
	return agreeName, agreeDOB, partial, disagree
}

// partialExplained reports a partly agreeing name or date of birth that
// is a misreading of the patient's own: the same page has a reading of the
// same kind that agrees (a label read twice, by the page and by its
// region, once badly). A date of birth a digit off with no agreeing
// reading beside it still holds the document back: QA should see it.
func (r *mpiRun) partialExplained(f *Found, id int32) bool {
	if f.PageID == "" || (f.Kind != FoundName && f.Kind != FoundDOB) {
		return false
	}
	agree := map[string]bool{}
	for i := range r.ids {
		g := &r.ids[i]
		if g == f || g.PageID != f.PageID {
			continue
		}
		if st, _ := r.compare(g, id); st == mpiAgree {
			agree[g.Kind] = true
		}
	}
	return agree[f.Kind]
}

// bareLastNameFits reports a name found without a first name whose last
// name is exactly patient id's.
func (r *mpiRun) bareLastNameFits(v string, id int32) bool {
	last, first, _ := mpiSplitName(v)
	return first == "" && last != "" && strings.EqualFold(last, r.ix.patient(id).Last)
}

// compare compares one found identifier with patient id.
func (r *mpiRun) compare(f *Found, id int32) (mpiState, string) {
	ix := r.ix
	switch f.Kind {
	case FoundMRN:
		switch other, st := ix.lookupMRN(f.Value); {
		case st == mpiMRNFound && other == id:
			return mpiAgree, "the patient's MRN"
		case st == mpiMRNFound:
			return mpiDisagree, "another patient's MRN"
		case st == mpiMRNAmbiguous:
			return mpiPartial, "MRN held by several MPI entries"
		}
		return mpiAbsent, "not in the MPI"
	case FoundName:
		q := ix.query([]Found{*f})
		if len(q.names) == 0 {
			return mpiAbsent, ""
		}
		c := ix.compareName(&q.names[0], id)
		if c.state() == mpiDisagree && f.Label == IdentifyLabelNone && !ix.surnameKnown(q.names[0].last) {
			// A name read from where it stands, without a label, that no
			// patient in the MPI bears ("SPECIALIST OPINION" over a label)
			// is more likely a heading than another patient.
			return mpiAbsent, "unlabelled, and no MPI patient has that last name"
		}
		return c.state(), c.state().String() + ": " + c.note()
	case FoundDOB:
		d := mpiDOB(f.Value)
		if d == 0 {
			return mpiAbsent, ""
		}
		c := ix.compareDOB(d, id)
		return c.state, c.note
	case FoundSex:
		s, rs := mpiSex(f.Value), ix.recs[id].sex
		switch {
		case s == 0 || rs == 0:
			return mpiAbsent, ""
		case s == rs:
			return mpiAgree, "agrees"
		}
		return mpiPartial, "differs from the MPI"
	}
	return mpiAbsent, ""
}

// inconsistent says whether the pages' names or dates of birth disagree
// among themselves: the pages name different patients.
func (r *mpiRun) inconsistent() bool {
	for i := range r.ids {
		for j := i + 1; j < len(r.ids); j++ {
			if mpiFoundsDisagree(&r.ids[i], &r.ids[j]) {
				return true
			}
		}
	}
	return false
}

// mpiFoundsDisagree says whether two found names, or two found dates of
// birth, cannot be the same patient's (by the same rules as against the MPI).
func mpiFoundsDisagree(a, b *Found) bool {
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case FoundName:
		al, af, _ := mpiSplitName(a.Value)
		bl, bf, _ := mpiSplitName(b.Value)
		if mpiJaroWinkler(mpiKey(al), mpiKey(bl)) < mpiNameDisagree {
			for _, x := range append(mpiParts(al), mpiKey(al)) {
				for _, y := range append(mpiParts(bl), mpiKey(bl)) {
					if mpiJaroWinkler(x, y) >= 0.97 {
						return false // ORTIZ-VANCE and VANCE
					}
				}
			}
			return true
		}
		ak, bk := mpiKey(af), mpiKey(bf)
		switch {
		case len(ak) == 0 || len(bk) == 0:
			return false
		case len(ak) == 1 || len(bk) == 1:
			return ak[0] != bk[0]
		}
		return mpiJaroWinkler(ak, bk) < mpiNameDisagree
	case FoundDOB:
		x, y := mpiDOB(a.Value), mpiDOB(b.Value)
		one, _ := mpiOneDigit(x, y)
		return x != 0 && y != 0 && x != y && mpiTransposed(x) != y && !one
	}
	return false
}

// mpiAllNear says whether every MRN in vs is within one character of ref
// (one digit changed, added or lost): the same number misread.
func mpiAllNear(vs []string, ref string) bool {
	for _, v := range vs {
		if !mpiNear(v, ref) {
			return false
		}
	}
	return true
}

// mpiAllWithin says whether every MRN in vs has the length of ref and
// differs from it in at most n digits.
func mpiAllWithin(vs []string, ref string, n int) bool {
	for _, v := range vs {
		if len(v) != len(ref) {
			return false
		}
		d := 0
		for i := range len(v) {
			if v[i] != ref[i] {
				d++
			}
		}
		if d > n {
			return false
		}
	}
	return true
}

func mpiNear(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	switch len(a) - len(b) {
	case 0:
		d := 0
		for i := range len(a) {
			if a[i] != b[i] {
				d++
			}
		}
		return d <= 1
	case 1:
		i := 0
		for i < len(b) && a[i] == b[i] {
			i++
		}
		return a[i+1:] == b[i:]
	}
	return false
}

func mpiJoin(a, b string) string {
	if b == "" {
		return a
	}
	return a + "; " + b
}
