package typemodel

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// toyCorpus makes n examples per class from each class's own vocabulary
// plus words every class shares, so the classes overlap the way document
// types do.
func toyCorpus(n int, seed uint64) []Example {
	vocab := map[string][]string{
		"LAB":   {"specimen", "reference", "range", "hemoglobin", "potassium", "collected", "resulted", "flag"},
		"RAD":   {"impression", "findings", "technique", "contrast", "radiograph", "views", "opacity", "comparison"},
		"OP":    {"preoperative", "postoperative", "incision", "anesthesia", "blood", "loss", "closed", "sutures"},
		Unknown: {"fax", "insurance", "pages", "confidential", "billing", "statement", "amount", "due"},
	}
	shared := []string{"patient", "date", "the", "and", "was", "with", "name", "mrn", "hospital", "signed"}
	rng := rand.New(rand.NewPCG(seed, 1))
	var out []Example
	for _, c := range []string{"LAB", "RAD", "OP", Unknown} {
		for i := range n {
			var w []string
			for range 40 {
				if rng.IntN(3) == 0 {
					w = append(w, vocab[c][rng.IntN(len(vocab[c]))])
				} else {
					w = append(w, shared[rng.IntN(len(shared))])
				}
			}
			out = append(out, Example{Type: c, Text: strings.Join(w, " "), Source: fmt.Sprint(c, i)})
		}
	}
	return out
}

func TestTrainPredict(t *testing.T) {
	ctx := context.Background()
	m, err := Train(ctx, toyCorpus(20, 1), Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if m.Info.CV.Accuracy() < 0.95 {
		t.Errorf("cross-validated accuracy %.3f on separable classes", m.Info.CV.Accuracy())
	}
	for _, tc := range []struct{ text, want string }{
		{"the specimen was collected and resulted, potassium within reference range", "LAB"},
		{"FINDINGS: no opacity. IMPRESSION: normal radiograph, two views", "RAD"},
		{"preoperative diagnosis; incision closed with sutures; blood loss minimal", "OP"},
		{"fax cover: confidential, 3 pages, billing statement", Unknown},
	} {
		got := m.Predict(tc.text, Hint{})
		if got[0].Code != tc.want {
			t.Errorf("Predict(%q) = %v, want %s first", tc.text, got[:2], tc.want)
		}
		sum := 0.0
		for _, s := range got {
			sum += s.P
		}
		if sum < 0.999 || sum > 1.001 {
			t.Errorf("probabilities sum to %.4f", sum)
		}
	}
	// A text with nothing the model knows is Unknown, at chance.
	got := m.Predict("zzzz qqqq", Hint{})
	if got[0].Code != Unknown || got[0].P > 0.3 {
		t.Errorf("unknown text: %v", got[:2])
	}
}

func TestTrainIsDeterministicAndSaves(t *testing.T) {
	ctx := context.Background()
	ex := toyCorpus(10, 2)
	a, err := Train(ctx, ex, Options{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Train(ctx, ex, Options{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if a.Info.ID != b.Info.ID || a.Scale != b.Scale || a.LengthPower != b.LengthPower {
		t.Fatalf("same examples and seed, different models: %s/%g/%g vs %s/%g/%g", a.Info.ID, a.Scale, a.LengthPower, b.Info.ID, b.Scale, b.LengthPower)
	}
	var buf bytes.Buffer
	if err := a.Save(&buf); err != nil {
		t.Fatal(err)
	}
	c, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	text := ex[3].Text + " " + ex[25].Text
	if pa, pc := a.Predict(text, Hint{}), c.Predict(text, Hint{}); !slices.Equal(pa, pc) {
		t.Fatalf("loaded model predicts %v, saved one %v", pc, pa)
	}
	if c.Info.ID != a.Info.ID || c.Info.CV.N != a.Info.CV.N {
		t.Errorf("info lost in save/load: %+v", c.Info)
	}
	if _, err := Load(strings.NewReader("not a model")); !errors.Is(err, ErrFormat) {
		t.Errorf("Load(garbage) = %v, want ErrFormat", err)
	}
}

// An informative hint earns weight; the calibrated model then trusts it
// where the text alone is ambiguous.
func TestHintIsWeighed(t *testing.T) {
	ex := toyCorpus(15, 4)
	// Half the examples lose their class words, so only the hint (which
	// knows every clean training text) can tell their type.
	shared := map[string]bool{"patient": true, "date": true, "the": true, "and": true, "was": true, "with": true, "name": true, "mrn": true, "hospital": true, "signed": true}
	known := map[string]string{}
	for i := range ex {
		if i%2 == 0 {
			var keep []string
			for _, w := range strings.Fields(ex[i].Text) {
				if shared[w] {
					keep = append(keep, w)
				}
			}
			ex[i].Text = strings.Join(keep, " ")
		}
		known[ex[i].Text] = ex[i].Type
	}
	hint := func(text string) Hint { return Hint{Code: known[text], Strong: true} }
	m, err := Train(context.Background(), ex, Options{Seed: 5, Hint: hint})
	if err != nil {
		t.Fatal(err)
	}
	if m.StrongHintWeight <= 0 {
		t.Fatalf("an always-right hint got weight %g", m.StrongHintWeight)
	}
	ambiguous := "patient date the and was with name mrn hospital signed"
	if got := m.Predict(ambiguous, Hint{Code: "RAD", Strong: true}); got[0].Code != "RAD" {
		t.Errorf("hinted ambiguous text: %v", got[:2])
	}
}

func TestTrainRefusesThinCorpus(t *testing.T) {
	for name, ex := range map[string][]Example{
		"one type":     {{Type: "A", Text: "a"}, {Type: "A", Text: "b"}},
		"few examples": append(toyCorpus(10, 1)[:10], Example{Type: "B", Text: "x"}),
	} {
		if _, err := Train(context.Background(), ex, Options{}); !errors.Is(err, ErrCorpus) {
			t.Errorf("%s: err = %v, want ErrCorpus", name, err)
		}
	}
}

func TestFeatures(t *testing.T) {
	f := Features("Potassium 4.10 mmol/L\nPOTASSIUM 4.1")
	has := func(s string) bool { return slices.Contains(f, s) }
	for _, want := range []string{"w:potassium", "w:00", "b:potassium_00", "b:00_mmol", "b:mmol_potassium"} {
		if !has(want) {
			t.Errorf("features lack %q: %v", want, f)
		}
	}
	seen := map[string]bool{}
	for _, x := range f {
		if seen[x] {
			t.Errorf("feature %q twice", x)
		}
		seen[x] = true
		if strings.ContainsAny(x, "123456789") {
			t.Errorf("feature %q keeps a digit (identifiers must not become features)", x)
		}
	}
}

func TestParseCorpus(t *testing.T) {
	fsys := fstest.MapFS{
		"A.txt":     {Data: []byte("comment line\n%%\nfirst\nexample\n%%\n\n%% style-b\nsecond\n")},
		"B.txt":     {Data: []byte("%%\nonly\n")},
		"notes.md":  {Data: []byte("ignored")},
		"empty.txt": {Data: []byte("just a comment\n")},
	}
	if _, err := LoadCorpus(fsys); !errors.Is(err, ErrCorpus) {
		t.Fatalf("a file without examples: err = %v, want ErrCorpus", err)
	}
	delete(fsys, "empty.txt")
	ex, err := LoadCorpus(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := []Example{{"A", "first\nexample", "A:1", ""}, {"A", "second", "A:2", "style-b"}, {"B", "only", "B:1", ""}}
	if !slices.Equal(ex, want) {
		t.Fatalf("LoadCorpus = %q, want %q", ex, want)
	}
}

func TestNoisyKeepsMostWords(t *testing.T) {
	text := strings.Repeat("discharge summary hospital course medications ", 50)
	n := Noisy(text, 0.06, rand.New(rand.NewPCG(1, 2)))
	if n == text {
		t.Fatal("nothing garbled")
	}
	a, b := strings.Fields(text), strings.Fields(n)
	left := map[string]int{}
	for _, w := range b {
		left[w]++
	}
	same := 0
	for _, w := range a {
		if left[w] > 0 {
			left[w]--
			same++
		}
	}
	if same < len(a)*85/100 || same == len(a) {
		t.Errorf("%d of %d words kept", same, len(a))
	}
}

// A strong hint's class is raised to the strong hints' measured accuracy;
// the others keep their proportions.
func TestFloorStrong(t *testing.T) {
	for _, tc := range []struct {
		name   string
		p      []float64
		hint   int
		strong bool
		want   []float64
	}{
		{"raised", []float64{0.9, 0.08, 0.02}, 1, true, []float64{0.009 * 0.9 / 0.92, 0.991, 0.009 * 0.02 / 0.92}},
		{"already above", []float64{0.005, 0.995, 0}, 1, true, []float64{0.005, 0.995, 0}},
		{"weak hints are not floored", []float64{0.9, 0.08, 0.02}, 1, false, []float64{0.9, 0.08, 0.02}},
		{"no hint", []float64{0.9, 0.08, 0.02}, -1, true, []float64{0.9, 0.08, 0.02}},
	} {
		p := slices.Clone(tc.p)
		floorStrong(p, tc.hint, tc.strong, 0.991)
		for i := range p {
			if d := p[i] - tc.want[i]; d > 1e-9 || d < -1e-9 {
				t.Errorf("%s: %v, want %v", tc.name, p, tc.want)
				break
			}
		}
	}
}

// Grouped examples are held out a whole group at a time, by a model that
// saw no grouped example, and the report says how they did.
func TestStyleGroupsAreHeldOutWhole(t *testing.T) {
	ex := toyCorpus(20, 6)
	for i := range ex {
		if i%4 == 0 {
			ex[i].Group = fmt.Sprint("style-", i%3)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	folds := groupFolds(ex, 5, rng)
	if len(folds) != 3 {
		t.Fatalf("groups dealt: %v", folds)
	}
	seen := map[int]bool{}
	for g, f := range folds {
		if seen[f] {
			t.Errorf("two groups in fold %d: %v (%s)", f, folds, g)
		}
		seen[f] = true
	}
	m, err := Train(context.Background(), ex, Options{Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	st := m.Info.CV.Styles
	if st.N != 2*len(ex)/4 || len(st.PerGroup) != 3 {
		t.Fatalf("style report %+v, want %d predictions in 3 groups", st, 2*len(ex)/4)
	}
	var b strings.Builder
	m.Describe(&b)
	if !strings.Contains(b.String(), "style groups held out whole") {
		t.Errorf("Describe lacks the style groups:\n%s", b.String())
	}
}

// A group's held-out predictions come from a model that never saw any
// grouped example: a class known only from grouped examples is then
// unknown to it.
func TestGroupedFoldTrainsWithoutGroups(t *testing.T) {
	ex := toyCorpus(10, 7)
	for i := range ex {
		if ex[i].Type == "OP" {
			ex[i].Group = fmt.Sprint("op-", i%5)
		}
	}
	m, err := Train(context.Background(), ex, Options{Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	if pc := m.Info.CV.PerClass["OP"]; pc[0] > pc[1]/2 {
		t.Errorf("OP held out with its groups still right %d of %d times: its siblings were trained on", pc[0], pc[1])
	}
	// The final model is trained on everything.
	if got := m.Predict("preoperative diagnosis; incision closed with sutures; blood loss minimal", Hint{}); got[0].Code != "OP" {
		t.Errorf("final model: %v", got[:2])
	}
}
