package synth

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

	"github.com/chartroom/chartroom/chart"
)

// Invented name parts. Combinations are random, so no entry describes a
// real person.
var (
	femaleFirst = []string{
		"Katherine", "Marisol", "Beatrix", "Delphine", "Rosalind", "Imani",
		"Yesenia", "Harriet", "Odessa", "Priyanka", "Lucinda", "Genevieve",
		"Thandiwe", "Margarethe", "Noemi", "Esperanza", "Wilhelmina", "Annika",
		"Soledad", "Fiona", "Ingrid", "Mei-Ling", "Adaeze", "Clementine",
		"Josefina", "Philippa", "Oona", "Rhiannon",
	}
	maleFirst = []string{
		"Desmond", "Alistair", "Bartholomew", "Cornelius", "Emeka",
		"Fitzgerald", "Gunnar", "Horatio", "Ignatius", "Jerome", "Leopold",
		"Mateo", "Nikolai", "Osvaldo", "Percival", "Quentin", "Rafferty",
		"Santiago", "Thaddeus", "Ulrich", "Vikram", "Wendell", "Yusuf",
		"Zebulon", "Tobias", "Anselm", "Jean-Luc",
	}
	// similarFirst maps a first name to a look-alike, for near-duplicate
	// MPI entries.
	similarFirst = map[string]string{
		"Katherine": "Kathryn", "Marisol": "Marisela", "Beatrix": "Beatrice",
		"Delphine": "Delfina", "Rosalind": "Rosalyn", "Imani": "Imane",
		"Yesenia": "Yesena", "Harriet": "Harriette", "Odessa": "Odetta",
		"Priyanka": "Priyanca", "Lucinda": "Lucinde", "Genevieve": "Genevra",
		"Thandiwe": "Thandeka", "Margarethe": "Margaretha", "Noemi": "Noemie",
		"Esperanza": "Esperansa", "Wilhelmina": "Wilhelmine", "Annika": "Anneka",
		"Soledad": "Soleda", "Fiona": "Fionna", "Ingrid": "Ingrit",
		"Mei-Ling": "Mei-Lin", "Adaeze": "Adaiza", "Clementine": "Clementina",
		"Josefina": "Josephine", "Philippa": "Phillipa", "Oona": "Una",
		"Rhiannon": "Rianon",
		"Desmond":  "Desmund", "Alistair": "Alasdair", "Bartholomew": "Bartholomeo",
		"Cornelius": "Cornell", "Emeka": "Emeke", "Fitzgerald": "Fitzgerold",
		"Gunnar": "Gunner", "Horatio": "Horacio", "Ignatius": "Ignacio",
		"Jerome": "Jeremy", "Leopold": "Leopoldo", "Mateo": "Matteo",
		"Nikolai": "Nicolai", "Osvaldo": "Oswaldo", "Percival": "Percy",
		"Quentin": "Quinton", "Rafferty": "Raffert", "Santiago": "Santino",
		"Thaddeus": "Thadeus", "Ulrich": "Ulric", "Vikram": "Vikrum",
		"Wendell": "Wendel", "Yusuf": "Yousef", "Zebulon": "Zebulun",
		"Tobias": "Toby", "Anselm": "Anselmo", "Jean-Luc": "Jean-Louis",
	}
	lastNames = []string{
		"Holloway", "Quintanilla", "Abernathy", "Castellanos", "Drummond",
		"Eberhardt", "Fairweather", "Gallagher", "Haldane", "Ishikawa",
		"Jaramillo", "Kowalczyk", "Lindqvist", "Montgomery", "Nakagawa",
		"Okonkwo", "Pemberton", "Radcliffe", "Szymanski", "Thorvaldsen",
		"Underhill", "Villanueva", "Whitlock", "Yardley", "Zeller",
		"Brannigan", "Achterberg", "Moreau", "Oyelaran", "Vasquez",
		"Okafor-Lindqvist", "Reyes-Whitlock", "Brannigan-Moss", "Tran-Castellanos",
		"de la Cruz", "Van der Heijden", "Dos Santos", "St. Clair", "O'Donnell",
		"Le Blanc",
	}
	middleNames = []string{
		"Anne", "Josephine", "Marie", "Louise", "Ruth", "Elena", "James",
		"Thomas", "Edward", "Alan", "Patrick", "Rafael", "Grace", "Lee",
	}
)

// MPI returns n synthetic patients with distinct 8-digit MRNs and distinct
// first+last names (look-alikes are added on purpose with NearDuplicate).
func MPI(rng *rand.Rand, n int) []chart.Patient {
	used := map[string]bool{}
	out := make([]chart.Patient, 0, n)
	for len(out) < n {
		p := randomPatient(rng)
		name := "name:" + strings.ToLower(p.First+" "+p.Last)
		if used[p.MRN] || used[name] {
			continue
		}
		used[p.MRN], used[name] = true, true
		out = append(out, p)
	}
	return out
}

func randomPatient(rng *rand.Rand) chart.Patient {
	var p chart.Patient
	switch r := rng.IntN(40); {
	case r < 19:
		p.Sex, p.First = "F", pick(rng, femaleFirst)
	case r < 38:
		p.Sex, p.First = "M", pick(rng, maleFirst)
	default:
		p.Sex = "U"
		if rng.IntN(2) == 0 {
			p.First = pick(rng, femaleFirst)
		} else {
			p.First = pick(rng, maleFirst)
		}
	}
	p.Last = pick(rng, lastNames)
	switch rng.IntN(3) {
	case 0:
		p.Middle = pick(rng, middleNames)
	case 1:
		p.Middle = string(rune('A' + rng.IntN(26)))
	}
	p.MRN = fmt.Sprintf("%08d", 10000+rng.IntN(990000))
	p.DOB = randomDOB(rng, 1931, 2012)
	return p
}

func randomDOB(rng *rand.Rand, from, to int) string {
	y := from + rng.IntN(to-from+1)
	m := 1 + rng.IntN(12)
	d := 1 + rng.IntN(28)
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

// NearDuplicate returns a different patient who is easy to confuse with p:
// same last name and sex, a look-alike first name, another DOB and MRN.
func NearDuplicate(rng *rand.Rand, p chart.Patient, mrnTaken func(string) bool) chart.Patient {
	q := p
	if s, ok := similarFirst[p.First]; ok {
		q.First = s
	} else if len(p.First) > 3 {
		q.First = p.First[:len(p.First)-1] + "e"
	}
	q.Middle = ""
	if p.Middle != "" && rng.IntN(2) == 0 {
		q.Middle = p.Middle[:1]
	}
	for {
		q.DOB = randomDOB(rng, 1931, 2012)
		if q.DOB[:4] != p.DOB[:4] {
			break
		}
	}
	for {
		q.MRN = fmt.Sprintf("%08d", 10000+rng.IntN(990000))
		if q.MRN != p.MRN && (mrnTaken == nil || !mrnTaken(q.MRN)) {
			break
		}
	}
	return q
}

// MPIHeader is the header row of WriteMPICSV.
var MPIHeader = []string{"mrn", "last_name", "first_name", "middle_name", "dob", "sex"}

// WriteMPICSV writes patients as CSV with MPIHeader.
func WriteMPICSV(w io.Writer, patients []chart.Patient) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(MPIHeader); err != nil {
		return err
	}
	for _, p := range patients {
		if err := cw.Write([]string{p.MRN, p.Last, p.First, p.Middle, p.DOB, p.Sex}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// LabelName is the name as printed on a patient label: "LAST, FIRST M".
func LabelName(p chart.Patient) string {
	s := strings.ToUpper(p.Last) + ", " + strings.ToUpper(p.First)
	if p.Middle != "" {
		s += " " + strings.ToUpper(p.Middle[:1])
	}
	return s
}

// USDate turns an ISO date (YYYY-MM-DD) into MM/DD/YYYY.
func USDate(iso string) string {
	if len(iso) != 10 {
		return iso
	}
	return iso[5:7] + "/" + iso[8:10] + "/" + iso[0:4]
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }
