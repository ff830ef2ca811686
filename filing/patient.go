package filing

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/chartroom/chartroom/chart"
)

// Identifier is an identifier found in page text.
type Identifier struct {
	Kind  string // "mrn", "dob", "name"
	Value string // normalised
}

// mrnPattern finds an MRN after its usual labels. The digits may carry OCR
// confusions (O for 0, l/I for 1, S for 5), fixed by normaliseDigits.
var mrnPattern = regexp.MustCompile(`(?i)\b(?:MRN|MR\s*#|MR\s*No\.?|Med(?:ical)?\s*Rec(?:ord)?\.?\s*(?:#|No\.?|Number))\s*[:#]?\s*([0-9OoIlS]{5,12})\b`)

// FindMRN returns the first labelled MRN in text.
func FindMRN(text string) (Identifier, bool) {
	m := mrnPattern.FindStringSubmatch(text)
	if m == nil {
		return Identifier{}, false
	}
	return Identifier{Kind: "mrn", Value: normaliseDigits(m[1])}, true
}

func normaliseDigits(s string) string {
	return strings.NewReplacer("O", "0", "o", "0", "I", "1", "l", "1", "S", "5").Replace(s)
}

var dobPattern = regexp.MustCompile(`(?i)\b(?:DOB|D\.O\.B\.?|Date\s+of\s+Birth|Birth\s*Date)\s*[:#]?\s*([0-9OIl]{1,2}[/.-][0-9OIl]{1,2}[/.-][0-9OIl]{2,4}|\d{4}-\d{2}-\d{2})`)

// FindDOB returns the first labelled date of birth in text as YYYY-MM-DD.
func FindDOB(text string) (Identifier, bool) {
	m := dobPattern.FindStringSubmatch(text)
	if m == nil {
		return Identifier{}, false
	}
	raw := normaliseDigits(m[1])
	for _, layout := range []string{"2006-01-02", "01/02/2006", "1/2/2006", "01-02-2006", "01.02.2006", "01/02/06", "1/2/06"} {
		if t, err := time.Parse(layout, raw); err == nil {
			return Identifier{Kind: "dob", Value: t.Format("2006-01-02")}, true
		}
	}
	return Identifier{}, false
}

// MPI looks patients up by MRN.
type MPI interface {
	Patient(ctx context.Context, mrn string) (chart.Patient, error)
}

// ErrNoPatient is what an MPI returns (wrapped) for an unknown MRN.
var ErrNoPatient = errors.New("no such patient")

// MRNMatcher matches deterministically: the MRN found on the pages must
// exist in the MPI and a second identifier on the pages (the patient's
// last name, or date of birth) must agree. One identifier alone never
// reaches the auto-file threshold.
type MRNMatcher struct {
	MPI MPI
	// IsNotFound tells the MPI's not-found error apart from a failure.
	IsNotFound func(error) bool
}

// Match implements Matcher.
func (m MRNMatcher) Match(ctx context.Context, pages []chart.Page) (Match, error) {
	var out Match
	mrnPages := map[string][]string{}
	var order []string
	for _, p := range pages {
		if id, ok := FindMRN(p.Text); ok {
			if _, seen := mrnPages[id.Value]; !seen {
				order = append(order, id.Value)
			}
			mrnPages[id.Value] = append(mrnPages[id.Value], p.ID)
			out.Evidence = append(out.Evidence, chart.Evidence{Kind: "mrn", Value: id.Value, PageID: p.ID})
		}
	}
	if len(order) == 0 {
		return out, nil
	}
	if len(order) > 1 {
		out.Conflict = true
	}
	mrn := order[0]
	pt, err := m.MPI.Patient(ctx, mrn)
	if err != nil {
		if m.IsNotFound != nil && m.IsNotFound(err) {
			out.Evidence = append(out.Evidence, chart.Evidence{Kind: "mrn", Value: mrn, Note: "not in the MPI"})
			return out, nil
		}
		return out, err
	}
	conf := 0.6 // MRN alone: below any sane auto-file threshold
	all := strings.ToUpper(joinText(pages))
	agree := 0
	if pt.Last != "" && strings.Contains(all, strings.ToUpper(pt.Last)) {
		agree++
		out.Evidence = append(out.Evidence, chart.Evidence{Kind: "name", Value: pt.Last, Note: "last name agrees with MPI"})
	}
	for _, p := range pages {
		if dob, ok := FindDOB(p.Text); ok {
			if dob.Value == pt.DOB {
				agree++
				out.Evidence = append(out.Evidence, chart.Evidence{Kind: "dob", Value: dob.Value, PageID: p.ID, Note: "agrees with MPI"})
			} else {
				out.Conflict = true
				out.Evidence = append(out.Evidence, chart.Evidence{Kind: "dob", Value: dob.Value, PageID: p.ID, Note: "differs from MPI"})
			}
			break
		}
	}
	switch agree {
	case 1:
		conf = 0.96
	case 2:
		conf = 0.99
	}
	out.Patient = &chart.PatientMatch{MRN: pt.MRN, Confidence: conf}
	return out, nil
}

func joinText(pages []chart.Page) string {
	var sb strings.Builder
	for _, p := range pages {
		sb.WriteString(p.Text)
		sb.WriteString("\n")
	}
	return sb.String()
}
