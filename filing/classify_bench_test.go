package filing

import (
	"context"
	"strings"
	"testing"

	"github.com/chartroom/chartroom/chart"
	"github.com/chartroom/chartroom/typemodel"
)

// BenchmarkTrainTypeModel is the cost of training the built-in model at
// start (and of `chartroom classifier train` without corrections):
// 5-fold cross-validation, calibration, the final fit.
func BenchmarkTrainTypeModel(b *testing.B) {
	ex, err := typemodel.DefaultCorpus()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := TrainTypeModel(context.Background(), ex, DefaultTaxonomy()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTypeClassify is the cost of classifying one three-page document
// (rules and model).
func BenchmarkTypeClassify(b *testing.B) {
	ex, _ := typemodel.DefaultCorpus()
	m, err := TrainTypeModel(context.Background(), ex, DefaultTaxonomy())
	if err != nil {
		b.Fatal(err)
	}
	c := TypeClassifier{Rules: TitleRules{Rules: DefaultTaxonomy()}, Model: m}
	page := strings.Repeat("HOSPITAL COURSE: the patient improved on antibiotics and was discharged home. ", 40)
	pages := []chart.Page{{Text: "DISCHARGE SUMMARY\n" + page}, {Text: page}, {Text: page}}
	for b.Loop() {
		if _, _, err := c.Classify(context.Background(), pages); err != nil {
			b.Fatal(err)
		}
	}
}
