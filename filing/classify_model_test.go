package filing

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/typemodel"
)

var (
	builtinOnce  sync.Once
	builtinModel *typemodel.Model
	builtinErr   error
)

// builtin is the model Chartroom trains at start: the repository's corpus
// with the default taxonomy.
func builtin(t *testing.T) *typemodel.Model {
	t.Helper()
	builtinOnce.Do(func() {
		var ex []typemodel.Example
		if ex, builtinErr = typemodel.DefaultCorpus(); builtinErr == nil {
			builtinModel, builtinErr = TrainTypeModel(context.Background(), ex, DefaultTaxonomy())
		}
	})
	if builtinErr != nil {
		t.Fatal(builtinErr)
	}
	return builtinModel
}

// The corpus covers every type of the default taxonomy and UNK, and the
// model trained on it is accurate and calibrated on held-out examples.
func TestBuiltinModelCoversTaxonomy(t *testing.T) {
	m := builtin(t)
	if missing := MissingExamples(m, DefaultTaxonomy()); len(missing) > 0 {
		t.Errorf("no corpus examples of %v", missing)
	}
	if m.Info.PerClass[chart.Unknown.Code] < 15 {
		t.Errorf("%d UNK examples; the model must learn what fits no type", m.Info.PerClass[chart.Unknown.Code])
	}
	for c, n := range m.Info.PerClass {
		if n < 15 {
			t.Errorf("type %s has %d examples, want at least 15", c, n)
		}
	}
	cv := m.Info.CV
	if cv.Accuracy() < 0.9 || cv.ECE > 0.05 {
		var b strings.Builder
		m.Describe(&b)
		t.Errorf("cross-validated accuracy %.3f (want ≥ 0.90), calibration error %.3f (want ≤ 0.05):\n%s", cv.Accuracy(), cv.ECE, b.String())
	}
}

func TestTypeClassifier(t *testing.T) {
	c := TypeClassifier{Rules: TitleRules{Rules: DefaultTaxonomy()}, Model: builtin(t)}
	for _, tc := range []struct {
		name, text, want string
		minConf          float64
	}{
		{"titled discharge summary", "DISCHARGE SUMMARY\nAdmission date: 03/02/2024  Discharge date: 03/06/2024\nHOSPITAL COURSE: admitted with pneumonia, treated with antibiotics, improved.\nDISCHARGE MEDICATIONS: amoxicillin.\nFOLLOW-UP: primary care in one week.",
			"18842-5", 0.9},
		{"untitled operative note", "PREOPERATIVE DIAGNOSIS: Acute appendicitis.\nPOSTOPERATIVE DIAGNOSIS: Same.\nPROCEDURE: Laparoscopic appendectomy.\nANESTHESIA: General endotracheal.\nESTIMATED BLOOD LOSS: Minimal.\nThe patient was taken to the operating room and placed supine. The abdomen was prepped and draped. Ports were placed and the appendix was divided with a stapler. Specimens: appendix to pathology.",
			"11504-8", 0.6},
		{"untitled lab results", "Test Result Flag Reference Range Units\nSodium 139 136-145 mmol/L\nPotassium 5.9 H 3.5-5.1 mmol/L\nCreatinine 1.1 0.7-1.3 mg/dL\nHemoglobin 10.2 L 13.5-17.5 g/dL\nCollected 06:40 Resulted 08:15",
			"11502-2", 0.6},
		{"untitled radiology", "EXAM: CT abdomen and pelvis with contrast.\nCLINICAL HISTORY: right lower quadrant pain.\nTECHNIQUE: axial images with IV contrast.\nCOMPARISON: none.\nFINDINGS: the appendix is dilated with periappendiceal stranding.\nIMPRESSION: acute appendicitis.",
			"18748-4", 0.6},
		{"fax cover sheet", "FAX COVER SHEET\nTo: Health Information Management\nFrom: Billing office\nPages including cover: 3\nCONFIDENTIALITY NOTICE: this facsimile contains privileged information intended only for the recipient.",
			chart.Unknown.Code, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, ev, err := c.Classify(context.Background(), []chart.Page{{ID: "p1", Text: tc.text}})
			if err != nil {
				t.Fatal(err)
			}
			if g.Code != tc.want || g.Confidence < tc.minConf {
				t.Fatalf("type %s at %.3f, want %s at ≥ %.2f; evidence %+v", g.Code, g.Confidence, tc.want, tc.minConf, ev)
			}
			found := false
			for _, e := range ev {
				if e.Kind == "type-model" {
					found = true
					if !strings.Contains(e.Note, "model "+c.Model.Info.ID) {
						t.Errorf("model evidence does not name the model: %+v", e)
					}
				}
			}
			if !found {
				t.Errorf("no type-model evidence: %+v", ev)
			}
		})
	}
}

// A facility's taxonomy decides what can be said: a type it removed is
// never chosen, and a local type the model never saw is found by its title
// at the rules' confidence.
func TestTypeClassifierFacilityTaxonomy(t *testing.T) {
	var tax []TypeRule
	for _, r := range DefaultTaxonomy() {
		if r.Code != "11502-2" { // this facility files lab results elsewhere
			tax = append(tax, r)
		}
	}
	tax = append(tax, TypeRule{DocType: chart.DocType{Code: "WOUND", Display: "Wound care record"}, Titles: []string{"WOUND CARE RECORD"}, Order: 99, Local: true})
	c := TypeClassifier{Rules: TitleRules{Rules: tax}, Model: builtin(t)}
	lab := "LABORATORY REPORT\nSodium 139 136-145 mmol/L\nPotassium 4.1 3.5-5.1 mmol/L\nCollected 06:40 Resulted 08:15 reference range"
	g, _, _ := c.Classify(context.Background(), []chart.Page{{Text: lab}})
	if g.Code == "11502-2" {
		t.Fatalf("a type outside the facility's taxonomy was chosen")
	}
	g, ev, _ := c.Classify(context.Background(), []chart.Page{{Text: "WOUND CARE RECORD\nDressing changed, wound bed clean."}})
	if g.Code != "WOUND" || g.Confidence < 0.9 || len(ev) == 0 || ev[0].Kind != "title" {
		t.Fatalf("local type by title: %+v %+v", g, ev)
	}
	// Without a model the classifier is the title rules.
	rulesOnly := TypeClassifier{Rules: TitleRules{Rules: tax}}
	if g, _, _ := rulesOnly.Classify(context.Background(), []chart.Page{{Text: "no title here"}}); g.Code != chart.Unknown.Code {
		t.Fatalf("rules only, untitled: %+v", g)
	}
}

func TestTrainTypeModelRefusesForeignTypes(t *testing.T) {
	ex := []typemodel.Example{{Type: "NOT-A-TYPE", Text: "x"}, {Type: "11502-2", Text: "y"}}
	if _, err := TrainTypeModel(context.Background(), ex, DefaultTaxonomy()); !errors.Is(err, typemodel.ErrCorpus) {
		t.Fatalf("err = %v, want ErrCorpus", err)
	}
}

func TestTitleHintStrength(t *testing.T) {
	r := TitleRules{Rules: DefaultTaxonomy()}
	for _, tc := range []struct {
		text string
		want typemodel.Hint
	}{
		{"Hospital\nDISCHARGE SUMMARY\nAdmitted", typemodel.Hint{Code: "18842-5", Strong: true}},
		{"SUMMARY OF EPISODE OF CARE", typemodel.Hint{Code: "34133-9", Strong: true}},
		{"SUMMARY OF EPISODE OF CARE _ | MRN: 00295932", typemodel.Hint{Code: "34133-9", Strong: true}},
		{"a PROCEDURE NOTE -", typemodel.Hint{Code: "28570-0", Strong: true}},
		{"PROCEDU RE NOTE \" MRN: 00062064", typemodel.Hint{Code: "28570-0", Strong: true}},
		{"Discharge summary dictated for the admission of last week", typemodel.Hint{Code: "18842-5"}},
		{"MRN 00012345 DISCHARGE SUMMARY", typemodel.Hint{Code: "18842-5"}},
		{"CONSENT: obtained before the procedure", typemodel.Hint{}},
	} {
		if got := r.Hint(tc.text); got != tc.want {
			t.Errorf("Hint(%q) = %+v, want %+v", tc.text, got, tc.want)
		}
	}
}

// A type with too few examples to learn (a new local type with its first
// QA corrections) is left to the title rules instead of failing training.
func TestTrainTypeModelLeavesThinTypesToTitles(t *testing.T) {
	tax := append(DefaultTaxonomy(), TypeRule{DocType: chart.DocType{Code: "WOUND", Display: "Wound care record"}, Titles: []string{"WOUND CARE RECORD"}, Order: 99, Local: true})
	ex, err := typemodel.DefaultCorpus()
	if err != nil {
		t.Fatal(err)
	}
	ex = append(ex, typemodel.Example{Type: "WOUND", Text: "WOUND CARE RECORD\ndressing changed, wound bed clean", Source: "correction d_1"})
	m, err := TrainTypeModel(context.Background(), ex, tax)
	if err != nil {
		t.Fatalf("one correction of a new type failed training: %v", err)
	}
	if missing := MissingExamples(m, tax); len(missing) != 1 || missing[0] != "WOUND" {
		t.Fatalf("missing %v, want [WOUND]", missing)
	}
	if m.Info.PerClass["18842-5"] == 0 {
		t.Fatal("the other types were dropped too")
	}
}

// A page titled as one type that the model reads as another goes to a
// person: the type is stated at the cap, below the review threshold.
func TestTitleDisagreementIsReviewed(t *testing.T) {
	c := TypeClassifier{Rules: TitleRules{Rules: DefaultTaxonomy()}, Model: builtin(t)}
	// A weak title (the phrase inside a longer header line) over the body
	// of an operative report.
	text := "Riverside clinic progress note dictated by the surgical team for the chart\n" +
		"PREOPERATIVE DIAGNOSIS: Acute appendicitis.\nPOSTOPERATIVE DIAGNOSIS: Acute appendicitis.\n" +
		"PROCEDURE PERFORMED: Laparoscopic appendectomy.\nANESTHESIA: General endotracheal.\nESTIMATED BLOOD LOSS: Minimal.\n" +
		"DESCRIPTION OF PROCEDURE: The patient was brought to the operating room and placed supine. After induction of general " +
		"anesthesia the abdomen was prepped and draped. Trocars were placed, the appendix was divided with a stapler and removed in a bag. " +
		"Sponge and needle counts were correct. The patient tolerated the procedure well and went to recovery in stable condition."
	got, ev, err := c.Classify(context.Background(), []chart.Page{{ID: "p", Text: text}})
	if err != nil {
		t.Fatal(err)
	}
	title, _ := c.Rules.docMatch(chart.Page{Text: text})
	if title.guess.Code == "" || title.guess.Code == got.Code {
		t.Fatalf("the case no longer disagrees: title %q, model %s", title.guess.Code, got.Code)
	}
	if got.Confidence > TitleDisagreementCap {
		t.Fatalf("title %s, model %s at %.3f: want at most %.2f (evidence %v)", title.guess.Code, got.Code, got.Confidence, TitleDisagreementCap, ev)
	}
}
