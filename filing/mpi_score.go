package filing

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// JaroWinkler is the Jaro–Winkler similarity of a and b (0..1), compared
// rune by rune as given: the Jaro similarity raised by 0.1 for each of up
// to four leading runes in common. MARTHA/MARHTA is 0.961.
func JaroWinkler(a, b string) float64 {
	if mpiASCII(a) && mpiASCII(b) {
		return mpiJaroWinkler([]byte(a), []byte(b))
	}
	return mpiJaroWinkler([]rune(a), []rune(b))
}

func mpiASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func mpiJaroWinkler[E byte | rune](a, b []E) float64 {
	j := mpiJaro(a, b)
	l := 0
	for l < 4 && l < len(a) && l < len(b) && a[l] == b[l] {
		l++
	}
	return j + float64(l)*0.1*(1-j)
}

func mpiJaro[E byte | rune](a, b []E) float64 {
	la, lb := len(a), len(b)
	if la == 0 && lb == 0 {
		return 1
	}
	if la == 0 || lb == 0 {
		return 0
	}
	window := max(max(la, lb)/2-1, 0)
	var bufA, bufB [64]bool
	var ma, mb []bool
	if la <= len(bufA) && lb <= len(bufB) {
		ma, mb = bufA[:la], bufB[:lb]
	} else {
		ma, mb = make([]bool, la), make([]bool, lb)
	}
	m := 0
	for i := range la {
		lo, hi := max(0, i-window), min(lb-1, i+window)
		for k := lo; k <= hi; k++ {
			if !mb[k] && a[i] == b[k] {
				ma[i], mb[k] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, k := 0, 0
	for i := range la {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			t++
		}
		k++
	}
	fm := float64(m)
	return (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
}

// mpiSoundex is the American Soundex code of an upper-case ASCII key:
// the first letter and three digits (ROBERT R163, TYMCZAK T522).
func mpiSoundex(key []byte) [4]byte {
	code := func(c byte) byte {
		switch c {
		case 'B', 'F', 'P', 'V':
			return '1'
		case 'C', 'G', 'J', 'K', 'Q', 'S', 'X', 'Z':
			return '2'
		case 'D', 'T':
			return '3'
		case 'L':
			return '4'
		case 'M', 'N':
			return '5'
		case 'R':
			return '6'
		case 'H', 'W':
			return 'h' // neither coded nor a separator
		}
		return '0' // vowels and Y separate equal codes
	}
	out := [4]byte{0, '0', '0', '0'}
	if len(key) == 0 {
		return out
	}
	out[0] = key[0]
	n, prev := 1, code(key[0])
	for _, c := range key[1:] {
		if n == 4 {
			break
		}
		d := code(c)
		switch {
		case d == 'h':
		case d == '0':
			prev = '0'
		case d != prev:
			out[n] = d
			n++
			prev = d
		}
	}
	return out
}

// mpiFold maps Latin letters with diacritics to their base letter (upper
// case), so ZOË and ZOE compare equal; 0 for anything else.
func mpiFold(r rune) byte {
	const latin1 = "AAAAAAACEEEEIIIIDNOOOOO-OUUUUYTSAAAAAAACEEEEIIIIDNOOOOO-OUUUUYTY"
	const extA = "AAAAAACCCCCCCCDDDDEEEEEEEEEEGGGGGGGGHHHHIIIIIIIIIIIIJJKKKLLLLLLLLLLNNNNNNNNNOOOOOOOORRRRRRSSSSSSSSTTTTTTUUUUUUUUUUUUWWYYYZZZZZZS"
	switch {
	case r >= 'A' && r <= 'Z':
		return byte(r)
	case r >= 'a' && r <= 'z':
		return byte(r - 'a' + 'A')
	case r >= 0xC0 && r <= 0xFF && latin1[r-0xC0] != '-':
		return latin1[r-0xC0]
	case r >= 0x100 && r <= 0x17F:
		return extA[r-0x100]
	}
	return 0
}

// mpiNameWords splits a name into its words as comparison keys: upper-case
// ASCII letters, accents folded, apostrophes dropped (O'NEIL is ONEIL),
// SAINT written ST.
func mpiNameWords(s string) [][]byte {
	var out [][]byte
	var w []byte
	flush := func() {
		if len(w) > 0 {
			if string(w) == "SAINT" {
				w = []byte("ST")
			}
			out = append(out, w)
			w = nil
		}
	}
	for _, r := range s {
		switch c := mpiFold(r); {
		case c != 0:
			w = append(w, c)
		case r == '\'' || r == '’' || r == '`':
		default:
			flush()
		}
	}
	flush()
	return out
}

// mpiKey is a name's comparison key: its words run together
// (VAN DER BERG, Van der Berg and VANDERBERG are one key).
func mpiKey(s string) []byte { return mpiAppendKey(nil, s) }

// mpiAppendKey appends the key of s to dst, the same as joining
// mpiNameWords, without allocating.
func mpiAppendKey(dst []byte, s string) []byte {
	word := len(dst)
	for _, r := range s {
		switch c := mpiFold(r); {
		case c != 0:
			dst = append(dst, c)
		case r == '\'' || r == '’' || r == '`':
		default:
			dst, word = mpiEndWord(dst, word), len(dst)
		}
	}
	return mpiEndWord(dst, word)
}

func mpiEndWord(dst []byte, word int) []byte {
	if string(dst[word:]) == "SAINT" {
		dst = append(dst[:word], 'S', 'T')
	}
	return dst
}

// mpiParts are the distinctive words of a multi-word last name (not
// particles), for ORTIZ-VANCE against VANCE; nil for a one-word name.
func mpiParts(s string) [][]byte {
	if !strings.ContainsFunc(s, func(r rune) bool { return mpiFold(r) == 0 && r != '\'' && r != '’' && r != '`' }) {
		return nil
	}
	ws := mpiNameWords(s)
	if len(ws) < 2 {
		return nil
	}
	var out [][]byte
	for _, w := range ws {
		if len(w) >= 2 && !idParticles[string(w)] {
			out = append(out, w)
		}
	}
	return out
}

// mpiDOB packs a YYYY-MM-DD date into YYYYMMDD; 0 when it is not one.
func mpiDOB(s string) uint32 {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0
	}
	var n uint32
	for i := range len(s) {
		if i == 4 || i == 7 {
			continue
		}
		if s[i] < '0' || s[i] > '9' {
			return 0
		}
		n = n*10 + uint32(s[i]-'0')
	}
	if m, d := n/100%100, n%100; m < 1 || m > 12 || d < 1 || d > 31 {
		return 0
	}
	return n
}

// mpiTransposed is the date with day and month swapped (04/13 read as
// 13/04 cannot be, 04/05 as 05/04 can); 0 when that is no date or the same.
func mpiTransposed(d uint32) uint32 {
	y, m, dd := d/10000, d/100%100, d%100
	if dd > 12 || dd == m {
		return 0
	}
	return y*10000 + dd*100 + m
}

// mpiOneDigit says whether two YYYYMMDD dates differ in exactly one digit
// (a typo or OCR slip: 1962 for 1952, 14 for 11); year says it was a year digit.
func mpiOneDigit(a, b uint32) (one, year bool) {
	diff, pos := 0, 0
	for i := 0; i < 8; i++ {
		if a%10 != b%10 {
			diff++
			pos = i
		}
		a, b = a/10, b/10
	}
	return diff == 1, diff == 1 && pos >= 4
}

func mpiSex(s string) byte {
	if s == "" {
		return 0
	}
	switch c := s[0] &^ 0x20; c {
	case 'M', 'F', 'U', 'X':
		return c
	}
	return 0
}

// Fellegi–Sunter weights. For each field, m is the probability that it
// agrees when the record is the patient (it fails to when the value was
// misread, mistyped or changed) and u the probability that it agrees by
// chance for another patient (how common the value is). Agreement adds
// log2(m/u) bits of evidence for a match, disagreement log2((1-m)/(1-u)).
// The figures are conservative published-style estimates for a hospital
// MPI, not fitted to one; a facility can fit its own by EM later.
var mpiW = struct {
	mrnAgree, mrnDis            float64
	lastAgree, lastDis          float64
	firstAgree, firstDis        float64
	initialAgree, initialDis    float64
	midAgree, midDis            float64
	dobAgree, dobSwap, dobDigit float64
	dobDis                      float64
	sexAgree, sexDis            float64
	swappedNames                float64
	partLast                    float64
	nameFloor, nameK            float64
	priorMiss, minPopulation    float64
}{
	mrnAgree: mpiLR(0.98, 1e-6), mrnDis: mpiNLR(0.98, 1e-6), // an MRN is unique; OCR slips and wrong labels are the 2 %
	lastAgree: mpiLR(0.95, 0.005), lastDis: mpiNLR(0.95, 0.005), // common surnames reach 0.5–1 %
	firstAgree: mpiLR(0.92, 0.01), firstDis: mpiNLR(0.92, 0.01), // nicknames (PERCY/PERCIVAL) are the 8 %
	initialAgree: mpiLR(0.95, 0.07), initialDis: mpiNLR(0.95, 0.07),
	midAgree: mpiLR(0.90, 0.08), midDis: mpiNLR(0.90, 0.08),
	dobAgree: mpiLR(0.96, 1.0/29000), // ~80 years of birthdays
	dobSwap:  mpiLR(0.01, 1.0/29000), // day and month transposed
	dobDigit: mpiLR(0.02, 1.0/1000),  // one digit different
	dobDis:   mpiLR(0.01, 1),
	sexAgree: mpiLR(0.98, 0.5), sexDis: mpiNLR(0.98, 0.5),
	swappedNames: 4,    // first and last written the other way round
	partLast:     0.90, // similarity given for one word of a multi-word last name
	// A name's weight falls from agreement at Jaro–Winkler 1 to
	// disagreement at nameFloor (Winkler's graded weights).
	nameFloor: 0.80,
	// The prior: the document's patient may be missing from the MPI
	// (priorMiss), and any one of N patients a priori equally likely.
	priorMiss: 0.05, minPopulation: 10000,
}

func mpiLR(m, u float64) float64  { return math.Log2(m / u) }
func mpiNLR(m, u float64) float64 { return math.Log2((1 - m) / (1 - u)) }

// mpiGraded interpolates a name weight by similarity: full agreement at 1,
// full disagreement at mpiW.nameFloor and below.
func mpiGraded(sim, agree, dis float64) float64 {
	f := (sim - mpiW.nameFloor) / (1 - mpiW.nameFloor)
	f = min(max(f, 0), 1)
	return dis + (agree-dis)*f
}

// Similarity thresholds for the safety rules.
const (
	mpiNameAgree    = 0.92 // Jaro–Winkler at or above: the name agrees
	mpiNameDisagree = 0.80 // below: the name is someone else's
)

// mpiState is how one identifier compares with an MPI entry.
type mpiState uint8

const (
	mpiAbsent   mpiState = iota // not on the document, or not in the MPI entry
	mpiAgree                    // agrees
	mpiPartial                  // close but not equal: a misreading, a nickname, a transposed date
	mpiDisagree                 // belongs to someone else
)

func (s mpiState) String() string {
	return [...]string{"absent", "agrees", "partly agrees", "disagrees"}[s]
}

// mpiNameCmp is how a name on the document compares with an MPI entry.
type mpiNameCmp struct {
	last, first   float64 // Jaro–Winkler of the keys; first is 1/0 for initials
	initial       bool    // first name compared by initial only
	firstAbsent   bool
	mid           mpiState
	part, swapped bool
	w             float64
}

// state applies the safety rule: a name agrees when the last name and the
// first name (or initial) both reach mpiNameAgree; it disagrees when either
// falls below mpiNameDisagree.
func (c mpiNameCmp) state() mpiState {
	switch {
	case c.swapped:
		return mpiPartial
	case c.last < mpiNameDisagree || (!c.firstAbsent && c.first < mpiNameDisagree):
		return mpiDisagree
	case c.last >= mpiNameAgree && !c.firstAbsent && c.first >= mpiNameAgree && !c.part:
		return mpiAgree
	}
	return mpiPartial
}

func (c mpiNameCmp) note() string {
	var sb strings.Builder
	sb.WriteString("jaro-winkler last ")
	sb.WriteString(mpiF2(c.last))
	switch {
	case c.firstAbsent:
		sb.WriteString(", no first name")
	case c.initial:
		if c.first == 1 {
			sb.WriteString(", first initial agrees")
		} else {
			sb.WriteString(", first initial differs")
		}
	default:
		sb.WriteString(", first ")
		sb.WriteString(mpiF2(c.first))
	}
	if c.part {
		sb.WriteString(" (one word of a multi-word last name)")
	}
	if c.swapped {
		sb.WriteString(" (first and last name swapped)")
	}
	return sb.String()
}

func mpiF2(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }
