package catalog

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/chartroom/chartroom/chart"
)

var mpiHeader = []string{"mrn", "last_name", "first_name", "middle_name", "dob", "sex"}

// ReadPatientsCSV parses an MPI export (header
// mrn,last_name,first_name,middle_name,dob,sex; dob as YYYY-MM-DD). Bad rows are returned as messages naming the
// line and the problem (never the row's content, which is PHI) and skipped.
func ReadPatientsCSV(r io.Reader) ([]chart.Patient, []string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("read header: %w", err)
	}
	for i := range head {
		head[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(head[i], "\ufeff")))
	}
	if strings.Join(head, ",") != strings.Join(mpiHeader, ",") {
		return nil, nil, fmt.Errorf("header must be %s", strings.Join(mpiHeader, ","))
	}
	var good []chart.Patient
	var bad []string
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			bad = append(bad, fmt.Sprintf("line %d: unreadable CSV: %v", line, errors.Unwrap(err)))
			continue
		}
		if len(rec) != len(mpiHeader) {
			bad = append(bad, fmt.Sprintf("line %d: %d fields, want %d", line, len(rec), len(mpiHeader)))
			continue
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		p := chart.Patient{MRN: rec[0], Last: rec[1], First: rec[2], Middle: rec[3], DOB: rec[4], Sex: strings.ToUpper(rec[5])}
		if msg := checkPatient(p); msg != "" {
			bad = append(bad, fmt.Sprintf("line %d: %s", line, msg))
			continue
		}
		if prev, ok := seen[p.MRN]; ok {
			bad = append(bad, fmt.Sprintf("line %d: MRN repeats line %d", line, prev))
			continue
		}
		seen[p.MRN] = line
		good = append(good, p)
	}
	return good, bad, nil
}

func checkPatient(p chart.Patient) string {
	switch {
	case p.MRN == "":
		return "mrn is empty"
	case strings.ContainsFunc(p.MRN, func(r rune) bool { return r < '0' || r > '9' }):
		return "mrn must be digits"
	case p.Last == "" || p.First == "":
		return "last_name and first_name are required"
	}
	if _, err := time.Parse("2006-01-02", p.DOB); err != nil {
		return "dob must be a date written YYYY-MM-DD"
	}
	switch p.Sex {
	case "M", "F", "U", "X", "O", "":
	default:
		return "sex must be M, F, U, X or O"
	}
	return ""
}
