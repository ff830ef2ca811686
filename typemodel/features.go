package typemodel

import (
	"math/rand/v2"
	"strings"
	"unicode"
)

// maxTokens bounds the text a prediction reads: the first pages carry the
// type; a 40-page flowsheet adds rows, not evidence.
const maxTokens = 1500

// maxHeadingBytes bounds the text read for section headings, likewise
// (about the length of maxTokens words).
const maxHeadingBytes = 12000

// tokens splits text into lower-case words of letters and digits, with
// every digit written as 0: dates and doses then share one shape
// ("00/00/0000" gives "00", "0000") instead of each being a feature of
// its own, and no identifier survives as a feature.
func tokens(text string) []string {
	var out []string
	var b strings.Builder
	end := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsDigit(r):
			b.WriteByte('0')
		default:
			end()
			if len(out) >= maxTokens {
				return out
			}
		}
	}
	end()
	return out
}

// Features returns the set of features of text, each once: words ("w:")
// and adjacent word pairs ("b:"). Character n-grams were tried for OCR
// robustness and lost 5-7 points of cross-validated accuracy: hundreds of
// correlated n-grams per word swamp naive Bayes. Training on a garbled
// copy of every example (Noisy) covers misreads instead.
//
// Section headings are features of their own besides their words: each
// heading ("h:hospital_course"), the first one ("h0:chief_complaint") and
// each heading with the one before it ("hh:subjective+objective"), so the
// set and order of a dictation's sections speak for its type.
func Features(text string) []string {
	text = SplitRunOn(text)
	toks := tokens(text)
	seen := make(map[string]struct{}, len(toks)*4)
	var out []string
	add := func(f string) {
		if _, ok := seen[f]; !ok {
			seen[f] = struct{}{}
			out = append(out, f)
		}
	}
	prev := ""
	for _, t := range toks {
		if len(t) < 2 {
			continue // initials and lone digits say nothing about the type
		}
		add("w:" + t)
		if prev != "" {
			add("b:" + prev + "_" + t)
		}
		prev = t
	}
	// Headings of the first pages, as for words.
	head := text
	if len(head) > maxHeadingBytes {
		head = head[:maxHeadingBytes]
	}
	hs := headings(head)
	for i, h := range hs {
		if i == 0 {
			add("h0:" + h)
		}
		add("h:" + h)
		if i > 0 && hs[i-1] != h {
			add("hh:" + hs[i-1] + "+" + h)
		}
	}
	return out
}

// ocrConfusions are the substitutions Tesseract makes on poor scans.
var ocrConfusions = [][2]string{
	{"m", "rn"}, {"rn", "m"}, {"l", "1"}, {"i", "l"}, {"o", "0"}, {"e", "c"},
	{"s", "5"}, {"h", "b"}, {"cl", "d"}, {"u", "ii"}, {"a", "o"}, {"t", "f"},
}

// Noisy returns text as a poor scan's OCR might read it: about rate of the
// words get a character confusion, are split in two, or lose a letter.
// Training adds a noisy copy of every example, so the model does not lean
// on exact spellings.
func Noisy(text string, rate float64, rng *rand.Rand) string {
	words := strings.Split(text, " ")
	for i, w := range words {
		if len(w) < 3 || rng.Float64() >= rate {
			continue
		}
		switch rng.IntN(3) {
		case 0:
			c := ocrConfusions[rng.IntN(len(ocrConfusions))]
			if j := strings.Index(w, c[0]); j >= 0 {
				w = w[:j] + c[1] + w[j+len(c[0]):]
			}
		case 1:
			j := 1 + rng.IntN(len(w)-1)
			w = w[:j] + " " + w[j:]
		default:
			j := rng.IntN(len(w))
			w = w[:j] + w[j+1:]
		}
		words[i] = w
	}
	return strings.Join(words, " ")
}
