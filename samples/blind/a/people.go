package main

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

type Patient struct {
	Last, First, Middle, Suffix string
	DOB                         time.Time
	Sex                         string
	MRN                         string
	Batch                       bool
}

var femaleFirst = []string{"Maria", "Linda", "Patricia", "Dorothy", "Kathryn", "Aisha", "Mei", "Rosa", "Evelyn", "Shirley", "Tamika", "Grace", "Hannah", "Olga", "Priya", "Fatima", "Noreen", "Beatriz", "Sofia", "Margaret", "Ann", "Yolanda", "Deborah", "Irene", "Lucille", "Nkechi", "Siobhan", "Ingrid", "Carmen", "Harriet", "Joanne", "Vivian", "Leticia", "Dana", "Wen", "Agnes", "Rebecca", "Claire", "Bernadette", "Thuy"}
var maleFirst = []string{"James", "Robert", "Miguel", "Stephen", "Jon", "Darnell", "Wei", "Ahmed", "Raymond", "Curtis", "Patrick", "Tomasz", "Luis", "Harold", "Kwame", "Dmitri", "Francis", "Gerald", "Marcus", "Rajesh", "Eugene", "Victor", "Leonard", "Samuel", "Hector", "Douglas", "Arthur", "Benjamin", "Terrence", "Kenji", "Walter", "Desmond", "Emmett", "Ignacio", "Clarence", "Roy", "Anders", "Omar", "Felix", "Lamar"}
var lastNames = []string{"Ochoa", "de la Cruz", "O'Neill", "Van der Berg", "Nguyen", "Kowalski", "Washington", "Okafor", "Smith-Jones", "Hernandez-Ruiz", "MacAllister", "Delgado", "Fitzgerald", "Abernathy", "Lindqvist", "Petrov", "Castellanos", "St. Clair", "Brennan", "Yamamoto", "Oyelaran", "Haddad", "Pruitt", "Galloway", "Dubois", "McAllen", "Ferreira", "Whitfield", "Baptiste", "Rasmussen", "Szabo", "Mendoza", "Thibodeaux", "Kaminski", "Holloway", "Al-Rashid", "Van Dyke", "Greer", "Lachance", "Underwood", "Achterberg", "Moreno", "Quintero", "Esposito", "Blackwood", "Chaudhry", "Nakamura", "Driscoll", "Pemberton", "Villanueva", "Tran", "Morrison", "Le", "Sorensen", "Harkness", "Ibarra", "Oduya", "Ferguson", "Kessler", "Dunleavy", "Baker", "Coleman", "Reyes", "Lopez", "Patel", "Kim", "Johnson", "Williams", "Brown", "Garcia"}
var middles = []string{"A", "B", "C", "D", "E", "J", "K", "L", "M", "R", "S", "T", "W", "", "", "", "Ann", "Lee", "Marie", "James"}

var lookalike = map[string]string{"Jon": "John", "Kathryn": "Katherine", "Stephen": "Steven", "Ann": "Anne", "Maria": "Mariah", "Wei": "Wai", "Ahmed": "Ahmad", "Linda": "Lynda", "Rosa": "Rose", "Luis": "Louis", "Sofia": "Sophia", "Marcus": "Markus", "Grace": "Gracie", "Francis": "Frances", "Irene": "Irena", "Dana": "Diana", "Curtis": "Kurtis", "Harold": "Harry", "Evelyn": "Eveline", "Priya": "Priyanka", "Omar": "Omari", "Vivian": "Vivienne", "Eugene": "Gene", "Patrick": "Patricia"}

type PatientSet struct {
	All   []*Patient
	Batch []*Patient
	used  map[string]bool
	r     *rand.Rand
}

func (ps *PatientSet) newMRN() string {
	for {
		var n int
		switch ps.r.IntN(3) {
		case 0:
			n = 100000 + ps.r.IntN(900000) // 00xxxxxx
		case 1:
			n = 1000000 + ps.r.IntN(9000000) // 0xxxxxxx
		default:
			n = 10000000 + ps.r.IntN(40000000)
		}
		s := fmt.Sprintf("%08d", n)
		if !ps.used[s] {
			ps.used[s] = true
			return s
		}
	}
}

func (ps *PatientSet) randDOB(minAge, maxAge int) time.Time {
	today := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	days := minAge*365 + ps.r.IntN((maxAge-minAge)*365)
	return today.AddDate(0, 0, -days)
}

func (ps *PatientSet) randPatient() *Patient {
	p := &Patient{}
	if ps.r.IntN(2) == 0 {
		p.Sex = "F"
		p.First = femaleFirst[ps.r.IntN(len(femaleFirst))]
	} else {
		p.Sex = "M"
		p.First = maleFirst[ps.r.IntN(len(maleFirst))]
		if ps.r.IntN(12) == 0 {
			p.Suffix = []string{"Jr", "Sr", "III", "II"}[ps.r.IntN(4)]
		}
	}
	p.Last = lastNames[ps.r.IntN(len(lastNames))]
	p.Middle = middles[ps.r.IntN(len(middles))]
	p.DOB = ps.randDOB(18, 97)
	p.MRN = ps.newMRN()
	return p
}

func buildPatients(r *rand.Rand, nBatch, nOther int) *PatientSet {
	ps := &PatientSet{used: map[string]bool{}, r: r}
	seen := map[string]bool{}
	for len(ps.Batch) < nBatch {
		p := ps.randPatient()
		k := p.Last + p.First
		if seen[k] {
			continue
		}
		seen[k] = true
		p.Batch = true
		ps.Batch = append(ps.Batch, p)
		ps.All = append(ps.All, p)
	}
	// near duplicates
	for i, b := range ps.Batch {
		switch i % 4 {
		case 0: // look-alike first name, other DOB/MRN
			if la, ok := lookalike[b.First]; ok {
				q := *b
				q.First, q.Batch = la, false
				q.DOB = ps.randDOB(18, 97)
				q.MRN = ps.newMRN()
				ps.All = append(ps.All, &q)
			} else {
				q := *b
				q.Batch = false
				q.Middle = middles[r.IntN(len(middles))]
				q.DOB = b.DOB.AddDate(r.IntN(7)-3, 0, r.IntN(40)-20)
				q.MRN = ps.newMRN()
				ps.All = append(ps.All, &q)
			}
		case 1: // same name, different DOB
			q := *b
			q.Batch = false
			q.DOB = ps.randDOB(18, 97)
			q.MRN = ps.newMRN()
			ps.All = append(ps.All, &q)
		case 2: // twin
			q := *b
			q.Batch = false
			if b.Sex == "F" {
				q.First = femaleFirst[r.IntN(len(femaleFirst))]
			} else {
				q.First = maleFirst[r.IntN(len(maleFirst))]
			}
			if q.First == b.First {
				q.First = q.First + "a"
			}
			q.MRN = ps.newMRN()
			ps.All = append(ps.All, &q)
		}
	}
	for len(ps.All) < nBatch+nOther {
		p := ps.randPatient()
		ps.All = append(ps.All, p)
	}
	return ps
}

func (ps *PatientSet) CSV() string {
	all := append([]*Patient(nil), ps.All...)
	sort.Slice(all, func(i, j int) bool { return all[i].MRN < all[j].MRN })
	var b strings.Builder
	b.WriteString("mrn,last_name,first_name,middle_name,dob,sex\n")
	for _, p := range all {
		last := p.Last
		if p.Suffix != "" {
			last = p.Last + " " + p.Suffix
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s\n", p.MRN, csvq(last), csvq(p.First), csvq(p.Middle), p.DOB.Format("2006-01-02"), p.Sex)
	}
	return b.String()
}

func csvq(s string) string {
	if strings.ContainsAny(s, ",\"") {
		return "\"" + strings.ReplaceAll(s, "\"", "\"\"") + "\""
	}
	return s
}

// Formatting helpers.
func (p *Patient) MI() string {
	if p.Middle == "" {
		return ""
	}
	return p.Middle[:1]
}

func (p *Patient) NameFmt(style int) string {
	suf := ""
	if p.Suffix != "" {
		suf = " " + p.Suffix
	}
	mi := p.MI()
	switch style % 7 {
	case 0: // LAST, FIRST M
		s := strings.ToUpper(p.Last + suf + ", " + p.First)
		if mi != "" {
			s += " " + mi
		}
		return s
	case 1: // First Last
		return p.First + " " + p.Last + suf
	case 2: // Last, First M.
		s := p.Last + suf + ", " + p.First
		if mi != "" {
			s += " " + mi + "."
		}
		return s
	case 3: // FIRST M LAST
		s := p.First
		if mi != "" {
			s += " " + mi
		}
		return strings.ToUpper(s + " " + p.Last + suf)
	case 4: // First M. Last
		s := p.First
		if mi != "" {
			s += " " + mi + "."
		}
		return s + " " + p.Last + suf
	case 5: // LAST,FIRST
		return strings.ToUpper(p.Last+suf) + "," + strings.ToUpper(p.First)
	default: // Last, First Middle
		s := p.Last + suf + ", " + p.First
		if p.Middle != "" {
			s += " " + p.Middle
		}
		return s
	}
}

var dobLabels = []string{"DOB:", "D.O.B.", "Birth Date:", "Born:", "", "DOB", "Date of Birth:"}

func DateFmt(d time.Time, style int) string {
	switch style % 8 {
	case 0:
		return d.Format("01/02/2006")
	case 1:
		return d.Format("1/2/06")
	case 2:
		return d.Format("2006-01-02")
	case 3:
		return d.Format("Jan 2, 2006")
	case 4:
		return d.Format("2 January 2006")
	case 5:
		return strings.ToUpper(d.Format("02-Jan-2006"))
	case 6:
		return d.Format("02-Jan-2006")
	default:
		return d.Format("01-02-2006")
	}
}

var mrnLabels = []string{"MRN:", "MR#:", "Med Rec #:", "Medical Record No.:", "Unit No.:", "Chart #:", "MRN", "MR #"}

func MRNFmt(m string, style int) string {
	switch style % 6 {
	case 1:
		return m[:2] + "-" + m[2:5] + "-" + m[5:]
	case 2:
		return m[:4] + " " + m[4:]
	case 3:
		return m[:2] + " " + m[2:5] + " " + m[5:]
	default:
		return m
	}
}

func (p *Patient) Age(at time.Time) int {
	a := at.Year() - p.DOB.Year()
	if at.YearDay() < p.DOB.YearDay() {
		a--
	}
	return a
}
