package filing

import (
	"errors"
	"math"
	"slices"
	"strings"

	"github.com/chartroom/chartroom/chart"
)

// MPIIndex is the master patient index held in memory for matching:
// every patient once, looked up by MRN and by blocking keys, scored
// Fellegi–Sunter style against the identifiers found on a document.
//
// Blocking keys (a candidate shares at least one with the document):
//   - date of birth, and date of birth with day and month transposed;
//   - Soundex of the last name plus the first initial;
//   - the first four letters of the last name.
//
// Multi-word last names (ORTIZ-VANCE, VAN DER BERG) are also blocked under
// each distinctive word. An index is built once and never changed, so any
// number of goroutines may use it; a changed MPI means a new index.
//
// It is compact: one byte arena for the patients' fields and name keys,
// and each block a sorted []uint64 of key<<32|id. A million patients take
// about 100 MB.
type MPIIndex struct {
	arena  []byte
	recs   []mpiRec
	byMRN  []int32 // patient ids sorted by MRN
	dupMRN map[string]bool
	dob    []uint64 // YYYYMMDD<<32 | id
	phon   []uint64 // Soundex(last)+first initial
	prefix []uint64 // first four letters of the last name
}

// mpiRec is one patient: fields in the arena from off, in order MRN, Last,
// First, Middle, DOB, Sex, then the last and first name keys.
type mpiRec struct {
	off  uint32
	n    [8]uint8 // lengths of the six fields and the two keys
	dob  uint32   // YYYYMMDD, 0 when unknown
	mid  byte     // middle initial key, 0 when none
	sex  byte     // M, F, U, X, 0 when unknown
	hasP bool     // last name has several words
}

const (
	mpiFMRN = iota
	mpiFLast
	mpiFFirst
	mpiFMiddle
	mpiFDOB
	mpiFSex
	mpiKLast
	mpiKFirst
)

// Limits of candidate search.
const (
	// mpiBigBlock: a block with more patients than this (a common surname,
	// a placeholder date of birth) only confirms candidates found through
	// other keys; alone, big blocks are intersected.
	mpiBigBlock = 256
	// mpiMaxCandidates caps how many candidates are scored.
	mpiMaxCandidates = 1000
)

// ErrMPITooLarge is returned for an MPI that does not fit the index's
// 32-bit offsets (about 100 million patients).
var ErrMPITooLarge = errors.New("mpi too large for the in-memory index")

// NewMPIIndex builds the index from every patient each yields. each has
// the shape of a Catalog's Patients method with the context bound:
//
//	ix, err := filing.NewMPIIndex(func(fn func(chart.Patient) error) error {
//		return cat.Patients(ctx, fn)
//	})
//
// An MRN held by two entries with different demographics is an overlay in
// the MPI itself; ByMRN does not resolve it.
func NewMPIIndex(each func(fn func(chart.Patient) error) error) (*MPIIndex, error) {
	ix := &MPIIndex{dupMRN: map[string]bool{}}
	var dob, phon, prefix []uint64
	err := each(func(p chart.Patient) error {
		if len(ix.recs) >= math.MaxInt32 || len(ix.arena) > math.MaxUint32-2048 {
			return ErrMPITooLarge
		}
		id := uint64(len(ix.recs))
		r := mpiRec{off: uint32(len(ix.arena)), dob: mpiDOB(p.DOB), sex: mpiSex(p.Sex)}
		for i, f := range []string{p.MRN, p.Last, p.First, p.Middle, p.DOB, p.Sex} {
			f = f[:min(len(f), 255)]
			ix.arena = append(ix.arena, f...)
			r.n[i] = uint8(len(f))
		}
		for i, f := range []string{p.Last, p.First} {
			start := len(ix.arena)
			ix.arena = mpiAppendKey(ix.arena, f)
			ix.arena = ix.arena[:min(len(ix.arena), start+255)]
			r.n[mpiKLast+i] = uint8(len(ix.arena) - start)
		}
		end := len(ix.arena)
		first := ix.arena[end-int(r.n[mpiKFirst]):]
		last := ix.arena[end-int(r.n[mpiKFirst])-int(r.n[mpiKLast]) : end-int(r.n[mpiKFirst])]
		for _, c := range p.Middle {
			r.mid = mpiFold(c)
			break
		}
		parts := mpiParts(p.Last)
		r.hasP = len(parts) > 0
		ix.recs = append(ix.recs, r)

		if r.dob != 0 {
			dob = append(dob, uint64(r.dob)<<32|id)
		}
		var initial byte
		if len(first) > 0 {
			initial = first[0]
		}
		for _, k := range append([][]byte{last}, parts...) {
			if len(k) == 0 {
				continue
			}
			if initial != 0 {
				phon = append(phon, uint64(mpiPhonKey(k, initial))<<32|id)
			}
			prefix = append(prefix, uint64(mpiPrefixKey(k))<<32|id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(dob)
	slices.Sort(phon)
	slices.Sort(prefix)
	ix.dob, ix.phon, ix.prefix = slices.Clip(dob), slices.Clip(phon), slices.Clip(prefix)
	ix.arena, ix.recs = slices.Clip(ix.arena), slices.Clip(ix.recs)

	ix.byMRN = make([]int32, 0, len(ix.recs))
	for id := range ix.recs {
		if ix.recs[id].n[mpiFMRN] > 0 {
			ix.byMRN = append(ix.byMRN, int32(id))
		}
	}
	slices.SortStableFunc(ix.byMRN, func(a, b int32) int { return mpiCompare(ix.field(a, mpiFMRN), ix.field(b, mpiFMRN)) })
	for i := 1; i < len(ix.byMRN); i++ {
		a, b := ix.byMRN[i-1], ix.byMRN[i]
		if mpiCompare(ix.field(a, mpiFMRN), ix.field(b, mpiFMRN)) == 0 && ix.patient(a) != ix.patient(b) {
			ix.dupMRN[string(ix.field(a, mpiFMRN))] = true
		}
	}
	return ix, nil
}

// Len is the number of patients in the index.
func (ix *MPIIndex) Len() int { return len(ix.recs) }

// field is one stored field or key of patient id.
func (ix *MPIIndex) field(id int32, f int) []byte {
	r := &ix.recs[id]
	off := int(r.off)
	for i := range f {
		off += int(r.n[i])
	}
	return ix.arena[off : off+int(r.n[f])]
}

// patient returns the MPI entry with index id.
func (ix *MPIIndex) patient(id int32) chart.Patient {
	f := func(i int) string { return string(ix.field(id, i)) }
	return chart.Patient{MRN: f(mpiFMRN), Last: f(mpiFLast), First: f(mpiFFirst), Middle: f(mpiFMiddle), DOB: f(mpiFDOB), Sex: f(mpiFSex)}
}

func mpiCompare(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return int(a[i]) - int(b[i])
		}
	}
	return len(a) - len(b)
}

// mpiMRNStatus is what an MRN lookup found.
type mpiMRNStatus uint8

const (
	mpiMRNUnknown   mpiMRNStatus = iota // no patient has it
	mpiMRNFound                         // exactly one patient
	mpiMRNAmbiguous                     // several different entries: an overlay in the MPI
)

func (ix *MPIIndex) lookupMRN(mrn string) (int32, mpiMRNStatus) {
	if mrn == "" {
		return -1, mpiMRNUnknown
	}
	i, ok := slices.BinarySearchFunc(ix.byMRN, mrn, func(id int32, t string) int {
		return mpiCompare(ix.field(id, mpiFMRN), []byte(t))
	})
	if !ok {
		return -1, mpiMRNUnknown
	}
	if ix.dupMRN[mrn] {
		return -1, mpiMRNAmbiguous
	}
	return ix.byMRN[i], mpiMRNFound
}

// ByMRN returns the patient with exactly this MRN. An MRN that two
// different MPI entries share is not returned: that needs a person.
func (ix *MPIIndex) ByMRN(mrn string) (chart.Patient, bool) {
	id, st := ix.lookupMRN(mrn)
	if st != mpiMRNFound {
		return chart.Patient{}, false
	}
	return ix.patient(id), true
}

// mpiPhonKey packs Soundex(last) and the first initial into one number.
func mpiPhonKey(last []byte, initial byte) uint32 {
	s := mpiSoundex(last)
	k := uint32(s[0]-'A')*343 + uint32(s[1]-'0')*49 + uint32(s[2]-'0')*7 + uint32(s[3]-'0')
	return k*27 + uint32(initial-'A'+1)
}

// mpiPrefixKey packs up to four leading letters of a last name key.
func mpiPrefixKey(last []byte) uint32 {
	var k uint32
	for i := range 4 {
		k *= 27
		if i < len(last) {
			k += uint32(last[i]-'A') + 1
		}
	}
	return k
}

// mpiBlock returns the entries of a block with key k.
func mpiBlock(b []uint64, k uint32) []uint64 {
	lo, _ := slices.BinarySearch(b, uint64(k)<<32)
	hi, _ := slices.BinarySearch(b, uint64(k+1)<<32)
	return b[lo:hi]
}

// mpiInBlock says whether id is among a block's entries (sorted by id).
func mpiInBlock(b []uint64, id int32) bool {
	if len(b) == 0 {
		return false
	}
	k := b[0] &^ math.MaxUint32
	_, ok := slices.BinarySearch(b, k|uint64(uint32(id)))
	return ok
}

// ---- queries ----

// mpiQuery is a document's identifiers prepared for scoring.
type mpiQuery struct {
	mrns  []mpiQMRN
	names []mpiQName
	dobs  []mpiQDOB
	sexes []mpiQSex
}

type mpiQMRN struct {
	f  *Found
	id int32 // -1 when not (uniquely) in the MPI
}

type mpiQName struct {
	f           *Found
	last, first []byte
	parts       [][]byte
	mid         byte
}

type mpiQDOB struct {
	f *Found
	d uint32
}

type mpiQSex struct {
	f *Found
	s byte
}

// mpiSplitName splits a normalised "LAST, FIRST MIDDLE" value.
func mpiSplitName(v string) (last, first, mid string) {
	last, rest, _ := strings.Cut(v, ", ")
	first, mid, _ = strings.Cut(rest, " ")
	return last, first, mid
}

// query prepares found identifiers; MRNs are looked up.
func (ix *MPIIndex) query(ids []Found) *mpiQuery {
	q := &mpiQuery{}
	for i := range ids {
		f := &ids[i]
		switch f.Kind {
		case FoundMRN:
			id, _ := ix.lookupMRN(f.Value)
			q.mrns = append(q.mrns, mpiQMRN{f: f, id: id})
		case FoundName:
			last, first, mid := mpiSplitName(f.Value)
			n := mpiQName{f: f, last: mpiKey(last), first: mpiKey(first), parts: mpiParts(last)}
			if m := mpiKey(mid); len(m) > 0 {
				n.mid = m[0]
			}
			if len(n.last) > 0 {
				q.names = append(q.names, n)
			}
		case FoundDOB:
			if d := mpiDOB(f.Value); d != 0 {
				q.dobs = append(q.dobs, mpiQDOB{f: f, d: d})
			}
		case FoundSex:
			if s := mpiSex(f.Value); s != 0 {
				q.sexes = append(q.sexes, mpiQSex{f: f, s: s})
			}
		}
	}
	return q
}

// candidates returns the ids of the patients sharing a blocking key with
// the query (and the patients of its MRNs), most keys shared first, at most
// limit; truncated says candidates were left out.
func (ix *MPIIndex) candidates(q *mpiQuery, limit int) (ids []int32, truncated bool) {
	var small, big [][]uint64
	add := func(b []uint64) {
		switch {
		case len(b) == 0:
		case len(b) <= mpiBigBlock:
			small = append(small, b)
		default:
			big = append(big, b)
		}
	}
	for _, d := range q.dobs {
		add(mpiBlock(ix.dob, d.d))
		if t := mpiTransposed(d.d); t != 0 {
			add(mpiBlock(ix.dob, t))
		}
	}
	for _, n := range q.names {
		for _, k := range append([][]byte{n.last}, n.parts...) {
			if len(n.first) > 0 {
				add(mpiBlock(ix.phon, mpiPhonKey(k, n.first[0])))
			}
			add(mpiBlock(ix.prefix, mpiPrefixKey(k)))
		}
	}
	var all []int32
	for _, m := range q.mrns {
		if m.id >= 0 {
			all = append(all, m.id, m.id, m.id) // an MRN counts more than any key
		}
	}
	for _, b := range small {
		for _, e := range b {
			all = append(all, int32(uint32(e)))
		}
	}
	if len(all) == 0 && len(big) > 0 {
		// Only common keys (a common surname, no date of birth): the
		// patients in all of them, as far as the limit allows.
		both := mpiIntersect(big)
		for _, id := range both[:min(len(both), limit)] {
			all = append(all, id)
		}
		truncated = len(both) > limit
		big = nil
	}
	slices.Sort(all)
	type cand struct {
		id    int32
		votes int
	}
	var cs []cand
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j] == all[i] {
			j++
		}
		cs = append(cs, cand{all[i], j - i})
		i = j
	}
	for _, b := range big {
		for k := range cs {
			if mpiInBlock(b, cs[k].id) {
				cs[k].votes++
			}
		}
	}
	if len(cs) > limit {
		slices.SortStableFunc(cs, func(a, b cand) int { return b.votes - a.votes })
		cs, truncated = cs[:limit], true
	}
	ids = make([]int32, len(cs))
	for i, c := range cs {
		ids[i] = c.id
	}
	return ids, truncated
}

// mpiIntersect returns the ids present in every block.
func mpiIntersect(blocks [][]uint64) []int32 {
	slices.SortFunc(blocks, func(a, b []uint64) int { return len(a) - len(b) })
	var out []int32
	for _, e := range blocks[0] {
		id, in := int32(uint32(e)), true
		for _, b := range blocks[1:] {
			if !mpiInBlock(b, id) {
				in = false
				break
			}
		}
		if in {
			out = append(out, id)
		}
	}
	return out
}

// Candidates returns the patients who share a blocking key with the found
// identifiers (or hold one of their MRNs): the union of the blocks, those
// sharing most keys first, at most 1,000.
func (ix *MPIIndex) Candidates(ids []Found) []chart.Patient {
	cs, _ := ix.candidates(ix.query(ids), mpiMaxCandidates)
	out := make([]chart.Patient, len(cs))
	for i, id := range cs {
		out[i] = ix.patient(id)
	}
	return out
}

// ---- scoring ----

// mpiField is one identifier compared with one MPI entry.
type mpiField struct {
	state mpiState
	w     float64
	f     *Found
	note  string
}

// mpiScore is one candidate scored against a query.
type mpiScore struct {
	id                  int32
	w                   float64 // sum of the field weights (bits)
	mrn, name, dob, sex mpiField
	nameCmp             mpiNameCmp
	p                   float64 // posterior, set by rank
}

// compareName compares a name from the document with patient id.
func (ix *MPIIndex) compareName(n *mpiQName, id int32) mpiNameCmp {
	r := &ix.recs[id]
	last, first := ix.field(id, mpiKLast), ix.field(id, mpiKFirst)
	c := mpiNameCmp{last: mpiJaroWinkler(n.last, last)}
	if c.last < mpiNameAgree && (len(n.parts) > 0 || r.hasP) {
		// ORTIZ against ORTIZ-VANCE: one word of the name agrees.
		qp := n.parts
		if len(qp) == 0 {
			qp = [][]byte{n.last}
		}
		rp := mpiParts(string(ix.field(id, mpiFLast)))
		if len(rp) == 0 {
			rp = [][]byte{last}
		}
		for _, a := range qp {
			for _, b := range rp {
				if mpiJaroWinkler(a, b) >= 0.97 && c.last < mpiW.partLast {
					c.last, c.part = mpiW.partLast, true
				}
			}
		}
	}
	switch {
	case len(n.first) == 0 || len(first) == 0:
		c.firstAbsent = true
	case len(n.first) == 1 || len(first) == 1:
		c.initial = true
		if n.first[0] == first[0] {
			c.first = 1
		}
	default:
		c.first = mpiJaroWinkler(n.first, first)
	}
	if c.last < mpiNameDisagree && !c.firstAbsent && !c.initial &&
		mpiJaroWinkler(n.last, first) >= mpiNameAgree && mpiJaroWinkler(n.first, last) >= mpiNameAgree {
		c.swapped = true
		c.w = mpiW.swappedNames
		return c
	}
	c.w = mpiGraded(c.last, mpiW.lastAgree, mpiW.lastDis)
	switch {
	case c.firstAbsent:
	case c.initial && c.first == 1:
		c.w += mpiW.initialAgree
	case c.initial:
		c.w += mpiW.initialDis
	default:
		c.w += mpiGraded(c.first, mpiW.firstAgree, mpiW.firstDis)
	}
	if n.mid != 0 && r.mid != 0 {
		if n.mid == r.mid {
			c.mid, c.w = mpiAgree, c.w+mpiW.midAgree
		} else {
			c.mid, c.w = mpiDisagree, c.w+mpiW.midDis
		}
	}
	return c
}

// compareDOB compares a date of birth with patient id.
func (ix *MPIIndex) compareDOB(d uint32, id int32) mpiField {
	r := ix.recs[id].dob
	switch {
	case r == 0:
		return mpiField{state: mpiAbsent, note: "no date of birth in the MPI"}
	case d == r:
		return mpiField{state: mpiAgree, w: mpiW.dobAgree, note: "agrees"}
	case mpiTransposed(d) == r:
		return mpiField{state: mpiPartial, w: mpiW.dobSwap, note: "day and month transposed"}
	}
	if one, year := mpiOneDigit(d, r); one {
		note := "one digit differs"
		if year {
			note = "year differs by one digit"
		}
		return mpiField{state: mpiPartial, w: mpiW.dobDigit, note: note}
	}
	return mpiField{state: mpiDisagree, w: mpiW.dobDis, note: "differs"}
}

// score compares every identifier of the query with patient id, taking
// for each kind the found value that agrees best.
func (ix *MPIIndex) score(q *mpiQuery, id int32) mpiScore {
	s := mpiScore{id: id}
	for i := range q.mrns {
		m := &q.mrns[i]
		if m.id < 0 {
			continue // an MRN the MPI does not know says nothing about this patient
		}
		if m.id == id {
			s.mrn = mpiField{state: mpiAgree, w: mpiW.mrnAgree, f: m.f, note: "agrees"}
			break
		}
		s.mrn = mpiField{state: mpiDisagree, w: mpiW.mrnDis, f: m.f, note: "is another patient's"}
	}
	for i := range q.names {
		c := ix.compareName(&q.names[i], id)
		if s.name.f == nil || c.w > s.name.w {
			s.nameCmp = c
			s.name = mpiField{state: c.state(), w: c.w, f: q.names[i].f}
		}
	}
	for i := range q.dobs {
		c := ix.compareDOB(q.dobs[i].d, id)
		c.f = q.dobs[i].f
		if s.dob.f == nil || c.w > s.dob.w {
			s.dob = c
		}
	}
	if rs := ix.recs[id].sex; rs != 0 {
		for i := range q.sexes {
			c := mpiField{state: mpiAgree, w: mpiW.sexAgree, f: q.sexes[i].f, note: "agrees"}
			if q.sexes[i].s != rs {
				c = mpiField{state: mpiPartial, w: mpiW.sexDis, f: q.sexes[i].f, note: "differs"}
			}
			if s.sex.f == nil || c.w > s.sex.w {
				s.sex = c
			}
		}
	}
	s.w = s.mrn.w + s.name.w + s.dob.w + s.sex.w
	return s
}

// threshold is the weight at which a candidate's posterior odds against
// "someone else" are even: log2 of the MPI size (every patient equally
// likely a priori, at least mpiW.minPopulation) less the odds that the
// document's patient is in the MPI at all.
func (ix *MPIIndex) threshold() float64 {
	n := max(float64(len(ix.recs)), mpiW.minPopulation)
	return math.Log2(n) - math.Log2((1-mpiW.priorMiss)/mpiW.priorMiss)
}

// rank scores the candidates of a query, best first, each with its
// posterior probability (see Rank).
func (ix *MPIIndex) rank(q *mpiQuery) (scores []mpiScore, truncated bool) {
	ids, truncated := ix.candidates(q, mpiMaxCandidates)
	scores = make([]mpiScore, len(ids))
	for i, id := range ids {
		scores[i] = ix.score(q, id)
	}
	slices.SortStableFunc(scores, func(a, b mpiScore) int {
		switch {
		case a.w > b.w:
			return -1
		case a.w < b.w:
			return 1
		}
		return int(a.id - b.id)
	})
	// p_i = 2^(w_i-t) / (1 + Σ_j 2^(w_j-t)), computed without overflow.
	t := ix.threshold()
	top := 0.0
	if len(scores) > 0 {
		top = max(scores[0].w-t, 0)
	}
	den := math.Exp2(-top)
	for _, s := range scores {
		den += math.Exp2(s.w - t - top)
	}
	for i := range scores {
		scores[i].p = math.Exp2(scores[i].w-t-top) / den
	}
	return scores, truncated
}

// MPICandidate is an MPI patient ranked against a document's identifiers.
type MPICandidate struct {
	Patient chart.Patient
	// Weight is the Fellegi–Sunter total: the log2 likelihood ratio of the
	// identifiers under "this is the patient" against "this is someone
	// else", summed over the fields.
	Weight float64
	// Confidence is the posterior probability that this is the patient,
	// given the weights of all candidates and the prior (see Rank).
	Confidence float64
	// Evidence is the per-field comparison: Kind, the document's Value, the
	// page, and a Note such as "jaro-winkler last 1.00, first 0.97".
	Evidence []chart.Evidence
}

// Rank scores the patients sharing a blocking key with the identifiers,
// best first (at most 10).
//
// Confidence is Bayes' rule over the hypotheses "candidate i" and "someone
// else, possibly not in the MPI": with N patients each a priori equally
// likely and a 5 % chance that the patient is not in the MPI,
//
//	P(i) = 2^(W_i − T) / (1 + Σ_j 2^(W_j − T)),  T = log2 N − log2(0.95/0.05)
//
// where W are the candidates' weights. Two candidates that fit equally
// well share the probability, so neither is confident. It is a statistical
// figure only: MPIMatcher applies the safety rules on top.
func (ix *MPIIndex) Rank(ids []Found) []MPICandidate {
	scores, _ := ix.rank(ix.query(ids))
	scores = scores[:min(len(scores), 10)]
	out := make([]MPICandidate, len(scores))
	for i, s := range scores {
		out[i] = MPICandidate{Patient: ix.patient(s.id), Weight: s.w, Confidence: s.p, Evidence: s.evidence()}
	}
	return out
}

// evidence renders a score's field comparisons.
func (s *mpiScore) evidence() []chart.Evidence {
	var out []chart.Evidence
	add := func(kind string, f mpiField, note string) {
		if f.f == nil {
			return
		}
		out = append(out, chart.Evidence{Kind: kind, Value: f.f.Value, PageID: f.f.PageID,
			Note: note + " (" + f.state.String() + ", weight " + mpiBits(f.w) + ")"})
	}
	add(FoundMRN, s.mrn, "MRN "+s.mrn.note)
	add(FoundName, s.name, s.nameCmp.note())
	add(FoundDOB, s.dob, "date of birth "+s.dob.note)
	add(FoundSex, s.sex, "sex "+s.sex.note)
	return out
}

func mpiBits(w float64) string {
	s := mpiF2(w)
	if w >= 0 {
		s = "+" + s
	}
	return s + " bits"
}

// surnameKnown reports whether some patient's last name key is last, or
// within a misread letter of it (Jaro-Winkler 0.92), found through the
// block of last names sharing its first four letters.
func (ix *MPIIndex) surnameKnown(last []byte) bool {
	if len(last) == 0 {
		return false
	}
	for _, e := range mpiBlock(ix.prefix, mpiPrefixKey(last)) {
		if mpiJaroWinkler(last, ix.field(int32(uint32(e)), mpiKLast)) >= 0.92 {
			return true
		}
	}
	return false
}
