package filing

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chartroom/chartroom/chart"
)

// A synthetic population: invented names built from syllables, so that
// there are many near-identical names, shared surnames, siblings with
// similar first names and twins, as in a real MPI, and no real person.

var (
	synthSyl   = strings.Fields("ka lo mi ra ven dor tal sen bri mor quin ash fel gar hol in jor kes lan mar nor ost per rus stan tor ul val wen yar zel bel cor dun el fin gil hart")
	synthFirst = strings.Fields("ada bo cai dara eli fen gia hal ines jory kael lira milo nia oren pia quill rhea soren tova ulric vana wyn xan yara zed alba bran cleo dov elin faro")
)

func synthCap(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

func synthLast(r *rand.Rand) string {
	n := 2 + r.IntN(2)
	var sb strings.Builder
	for range n {
		sb.WriteString(synthSyl[r.IntN(len(synthSyl))])
	}
	s := synthCap(sb.String())
	if r.IntN(50) == 0 { // some hyphenated names
		s += "-" + synthCap(synthSyl[r.IntN(len(synthSyl))]+synthSyl[r.IntN(len(synthSyl))])
	}
	return s
}

func synthFirstName(r *rand.Rand) string {
	return synthCap(synthFirst[r.IntN(len(synthFirst))] + synthSyl[r.IntN(len(synthSyl))])
}

func synthDOB(r *rand.Rand) string {
	return fmt.Sprintf("%04d-%02d-%02d", 1925+r.IntN(100), 1+r.IntN(12), 1+r.IntN(28))
}

// synthPatients returns n patients; about 2 % have a sibling (same last
// name, a first name one letter apart, another DOB) and 1 % a twin (same
// last name and DOB).
func synthPatients(n int, seed uint64) []chart.Patient {
	r := rand.New(rand.NewPCG(seed, 42))
	out := make([]chart.Patient, 0, n)
	for len(out) < n {
		p := chart.Patient{
			MRN:  fmt.Sprintf("%08d", 10_000_000+len(out)*7+r.IntN(7)),
			Last: synthLast(r), First: synthFirstName(r), DOB: synthDOB(r),
			Sex: []string{"F", "M"}[r.IntN(2)],
		}
		if r.IntN(3) > 0 {
			p.Middle = string(rune('A' + r.IntN(26)))
		}
		out = append(out, p)
		switch k := r.IntN(100); {
		case k < 2 && len(out) < n:
			sib := p
			sib.MRN = fmt.Sprintf("%08d", 10_000_000+len(out)*7+r.IntN(7))
			b := []byte(sib.First)
			b[len(b)-1] = byte('a' + r.IntN(26))
			sib.First, sib.DOB = string(b), synthDOB(r)
			out = append(out, sib)
		case k < 3 && len(out) < n:
			twin := p
			twin.MRN = fmt.Sprintf("%08d", 10_000_000+len(out)*7+r.IntN(7))
			twin.First = synthFirstName(r)
			out = append(out, twin)
		}
	}
	return out
}

// synthDoc is a document and the truth about it.
type synthDoc struct {
	kind  string
	pages []chart.Page
	truth string // MRN of the patient; "" when the patient is not in the MPI
	clean bool   // MRN, full name and DOB on the page, all correct: should file
}

func synthHeader(p chart.Patient, mrnLabel, mrn, name, dob string) string {
	var sb strings.Builder
	sb.WriteString("NORTHFIELD GENERAL HOSPITAL\nDISCHARGE SUMMARY\n")
	if name != "" {
		sb.WriteString("Patient Name: " + name + "   ")
	}
	if mrn != "" {
		sb.WriteString(mrnLabel + " " + mrn + "   ")
	}
	if dob != "" {
		sb.WriteString("DOB: " + dob)
	}
	sb.WriteString("\nSex: " + p.Sex + "\nThe patient was admitted with chest pain and discharged home in stable condition.\n")
	return sb.String()
}

func synthName(p chart.Patient) string {
	s := strings.ToUpper(p.Last + ", " + p.First)
	if p.Middle != "" {
		s += " " + p.Middle
	}
	return s
}

func synthUSDate(iso string) string { return iso[5:7] + "/" + iso[8:10] + "/" + iso[0:4] }

// synthDocs makes n documents about the indexed patients (and some about
// patients left out of the index), with the perturbations scanning and
// labelling produce.
func synthDocs(indexed, outside []chart.Patient, n int, seed uint64) []synthDoc {
	r := rand.New(rand.NewPCG(seed, 7))
	labels := []string{"MRN:", "MR#", "Med Rec #", "MR No.", "Medical Record Number:"}
	var docs []synthDoc
	for i := range n {
		p := indexed[r.IntN(len(indexed))]
		d := synthDoc{truth: p.MRN}
		lbl := labels[r.IntN(len(labels))]
		name, dob, mrn := synthName(p), synthUSDate(p.DOB), p.MRN
		switch k := i % 12; k {
		case 0, 1, 2:
			d.kind, d.clean = "clean", true
		case 3:
			d.kind, mrn = "no MRN", ""
		case 4:
			d.kind, d.clean = "MRN OCR O for 0", true
			mrn = strings.Replace(mrn, "0", "O", 2)
		case 5:
			d.kind = "name typo"
			b := []byte(name)
			j := 1 + r.IntN(len(p.Last)-2)
			b[j], b[j+1] = b[j+1], b[j]
			name = string(b)
		case 6:
			d.kind = "first initial, no MRN"
			name, mrn = strings.ToUpper(p.Last+", "+p.First[:1]), ""
		case 7:
			d.kind = "DOB transposed"
			dob = p.DOB[8:10] + "/" + p.DOB[5:7] + "/" + p.DOB[0:4]
		case 8:
			d.kind = "wrong label: another patient's MRN"
			mrn = indexed[r.IntN(len(indexed))].MRN
			d.truth = "-" // any filing is a misfile
		case 9:
			d.kind, d.truth = "not in the MPI, no MRN", ""
			q := outside[r.IntN(len(outside))]
			name, dob, mrn = synthName(q), synthUSDate(q.DOB), ""
		case 10:
			d.kind, d.clean = "continuation page", true
			d.pages = append(d.pages, chart.Page{ID: "c", Text: "Patient Name: " + name + "  " + lbl + " " + mrn + "\nPage 2 of 2"})
		case 11:
			d.kind = "name only"
			mrn, dob = "", ""
		}
		d.pages = append([]chart.Page{{ID: "h", Text: synthHeader(p, lbl, mrn, name, dob)}}, d.pages...)
		docs = append(docs, d)
	}
	return docs
}

// synthCheck matches every document and counts the outcomes; a misfile is
// a document that would be filed automatically under the wrong patient.
func synthCheck(t testing.TB, m MPIMatcher, docs []synthDoc) (filed, cleanFiled, clean int, misfiles []string) {
	for _, d := range docs {
		got, err := m.Match(context.Background(), d.pages)
		if err != nil {
			t.Fatal(err)
		}
		if d.clean {
			clean++
		}
		if got.Conflict || got.Patient == nil || got.Patient.Confidence < DefaultPolicy().MinPatientConfidence {
			continue
		}
		filed++
		if got.Patient.MRN != d.truth {
			misfiles = append(misfiles, d.kind+": "+d.pages[0].Text)
		} else if d.clean {
			cleanFiled++
		}
	}
	return filed, cleanFiled, clean, misfiles
}

func TestMPIMatcherSyntheticNoMisfile(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 20_000
	}
	all := synthPatients(n+2_000, 1)
	indexed, outside := all[:n], all[n:]
	ix, err := NewMPIIndex(feed(indexed))
	if err != nil {
		t.Fatal(err)
	}
	docs := synthDocs(indexed, outside, 3_000, 2)
	filed, cleanFiled, clean, misfiles := synthCheck(t, MPIMatcher{Index: ix}, docs)
	t.Logf("%d patients, %d documents: %d filed automatically, %d of %d clean documents", n, len(docs), filed, cleanFiled, clean)
	for _, m := range misfiles {
		t.Errorf("misfile: %s", m)
	}
	if cleanFiled < clean*95/100 {
		t.Errorf("only %d of %d clean documents filed", cleanFiled, clean)
	}
}

var (
	benchOnce    sync.Once
	benchPop     []chart.Patient
	benchOutside []chart.Patient
)

func benchPopulation() ([]chart.Patient, []chart.Patient) {
	benchOnce.Do(func() {
		all := synthPatients(1_002_000, 3)
		benchPop, benchOutside = all[:1_000_000], all[1_000_000:]
	})
	return benchPop, benchOutside
}

// BenchmarkMPIIndexBuild builds the index of 1,000,000 patients; index-MB
// is the live heap the index holds.
func BenchmarkMPIIndexBuild(b *testing.B) {
	pop, _ := benchPopulation()
	var heap float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		ix, err := NewMPIIndex(feed(pop))
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap = float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
		runtime.KeepAlive(ix)
	}
	b.ReportMetric(heap, "index-MB")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/build")
}

// BenchmarkMPIMatch matches 1,000 synthetic documents (identification
// included) against an index of 1,000,000 patients; an op is one document.
func BenchmarkMPIMatch(b *testing.B) {
	pop, outside := benchPopulation()
	start := time.Now()
	ix, err := NewMPIIndex(feed(pop))
	if err != nil {
		b.Fatal(err)
	}
	build := time.Since(start)
	docs := synthDocs(pop, outside, 1_000, 4)
	m := MPIMatcher{Index: ix}

	// Once untimed by the framework: correctness and the slowest document.
	var worst time.Duration
	for _, d := range docs {
		t0 := time.Now()
		if _, err := m.Match(context.Background(), d.pages); err != nil {
			b.Fatal(err)
		}
		worst = max(worst, time.Since(t0))
	}
	filed, cleanFiled, clean, misfiles := synthCheck(b, m, docs)
	if len(misfiles) > 0 {
		b.Fatalf("%d misfiles, first: %s", len(misfiles), misfiles[0])
	}

	i := 0
	for b.Loop() {
		if _, err := m.Match(context.Background(), docs[i%len(docs)].pages); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/match")
	b.ReportMetric(float64(worst.Microseconds()), "max-µs")
	b.ReportMetric(build.Seconds(), "build-s")
	b.ReportMetric(float64(filed), "filed/1000")
	b.Logf("clean documents filed: %d of %d; misfiles: 0", cleanFiled, clean)
}
