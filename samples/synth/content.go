package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chartroom/chartroom/chart"
)

// blockKind is a kind of body block.
type blockKind int

const (
	bHeading blockKind = iota // section heading
	bPara                     // wrapped paragraph, optional run-in heading
	bList                     // items with a hanging indent
	bKV                       // label: value pairs in two columns (not body text)
	bTable                    // table with a header row
	bChecks                   // check boxes with wrapped labels
	bSig                      // signature lines, kept together (not body text)
)

// block is one unit of document body that the composer lays out.
type block struct {
	kind   blockKind
	head   string      // heading text (bHeading) or run-in heading (bPara)
	text   string      // paragraph text
	items  []string    // list items, check labels, signature lines
	marks  []bool      // bChecks: checked
	kv     [][2]string // bKV pairs
	cols   []string    // bTable header
	widths []float64   // bTable column widths, fractions of the text width
	rows   [][]string  // bTable rows
	opt    bool        // may be left out to make the document fit
}

// gen writes the text of one document.
type gen struct {
	rng  *rand.Rand
	lex  *lexicon
	fac  *Facility
	p    chart.Patient
	date time.Time
	age  int
	n    int // expansion: how much repeatable content to write
	// short halves paragraphs and lists, for documents that must fit on
	// fewer pages than their usual length.
	short bool

	attending, second string // clinician names
}

func newGen(d *DocSpec, lex *lexicon, n int) *gen {
	rng := rand.New(rand.NewPCG(d.Seed, 0x636f6e74656e74))
	g := &gen{rng: rng, lex: lex, fac: facility(d.Facility), p: d.Patient, n: n}
	g.date = docDate(d)
	if dob, err := time.Parse("2006-01-02", d.Patient.DOB); err == nil {
		g.age = g.date.Year() - dob.Year()
		if g.date.YearDay() < dob.YearDay() {
			g.age--
		}
	} else {
		g.age = 40 + rng.IntN(40)
	}
	g.attending = clinician(rng, "MD")
	g.second = clinician(rng, pick(rng, []string{"MD", "DO", "NP", "PA-C"}))
	return g
}

// docDate is the document's service date: DocSpec.Date, or one derived from
// the seed.
func docDate(d *DocSpec) time.Time {
	if t, err := time.Parse("2006-01-02", d.Date); err == nil {
		return t
	}
	rng := rand.New(rand.NewPCG(d.Seed, 0x64617465))
	return time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(900))
}

var (
	clinFirst = []string{"Imogen", "Cassius", "Lavinia", "Rowan", "Anouk", "Bertrand", "Calliope", "Dmitri", "Evander", "Ottilie", "Severin", "Marguerite", "Tamsin", "Ambrose"}
	clinLast  = []string{"Castellano", "Mbeki-Hart", "Lowenthal", "Ferreira", "Albrecht", "Nwachukwu", "Sorensen", "Kaltenbach", "Vantongeren", "Delacroix", "Ashworth", "Rasmussen", "Okoro", "Prendergast"}
)

func clinician(rng *rand.Rand, cred string) string {
	return pick(rng, clinFirst) + " " + pick(rng, clinLast) + ", " + cred
}

// content returns the body blocks of a document of type t.
func (g *gen) content(t DocType) []block {
	switch t.Code {
	case HistoryAndPhysical.Code:
		return g.historyPhysical()
	case DischargeSummary.Code, EpisodeSummary.Code:
		return g.dischargeSummary(t.Code == EpisodeSummary.Code)
	case ProgressNote.Code:
		return g.progressNote()
	case ConsultNote.Code:
		return g.consultNote()
	case OperativeReport.Code:
		return g.operativeReport()
	case ProcedureNote.Code:
		return g.procedureNote()
	case EmergencyNote.Code:
		return g.emergencyNote()
	case LaboratoryReport.Code:
		return g.labReport()
	case RadiologyReport.Code:
		return g.radiologyReport()
	case PathologyReport.Code:
		return g.pathologyReport()
	case NursingNote.Code:
		return g.nursingNote()
	case ReferralNote.Code:
		return g.referral()
	case ConsentDocument.Code:
		return g.consent()
	case AdvanceDirective.Code:
		return g.advanceDirective()
	case Unclassified.Code:
		return g.faxCover()
	}
	return g.progressNote()
}

// faxCover is a transmittal or insurance page: no clinical content.
func (g *gen) faxCover() []block {
	var b []block
	b = append(b, block{kind: bKV, kv: [][2]string{
		{"To", pick(g.rng, []string{"Health Information Management", "Utilization Review", "Patient Accounts", "Release of Information"})},
		{"From", pick(g.rng, []string{"Billing Office", "Insurance Verification", "Admitting", "Records Request Desk"})},
		{"Date", g.date.Format("01/02/2006")}, {"Pages (including cover)", g.f("{n:2-9}")},
		{"Fax", g.f("(555) 01{n:0-9}-{n:1000-9999}")}, {"Phone", g.f("(555) 01{n:0-9}-{n:1000-9999}")},
	}})
	b = append(b, g.section("Regarding", pick(g.rng, []string{
		"Authorization status for the upcoming admission; please confirm the payer and the member number on file.",
		"Itemized statement and remittance advice requested by the payer for the dates of service listed.",
		"Request for copies of records; a signed authorization is attached to this transmittal.",
		"Eligibility and benefits verification returned by the plan; no action needed from clinical staff.",
	}))...)
	b = append(b, g.section("Comments", "Please call the number above if any pages are missing or illegible. Return the completed form to the sender at your earliest convenience.")...)
	b = append(b, g.section("Confidentiality Notice", "This facsimile may contain privileged and confidential information intended only for the use of the addressee named above. If you are not the intended recipient, you are hereby notified that any dissemination, distribution or copying of this communication is strictly prohibited. If you have received this in error, please notify the sender by telephone and destroy the original.")...)
	return b
}

// ---- template filling ----

// f fills a sentence template. Placeholders:
//
//	{He} {he} {His} {his} {him}  pronouns for the patient's sex
//	{age} {sexw}                 "67" and "man"/"woman"/"patient"
//	{med} {abx} {pain} {dx} {proc} {study} {anat} {org} {finding} {path}   pool terms
//	{dose} {freq} {sym} {dur} {neg}            common fillers
//	{n:a-b}                      integer in [a,b]
//	{d:k}                        service date plus k days, MM/DD/YYYY
//	{doc} {doc2}                 clinician names
func (g *gen) f(tmpl string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			b.WriteString(tmpl)
			break
		}
		b.WriteString(tmpl[:i])
		b.WriteString(g.slot(tmpl[i+1 : i+j]))
		tmpl = tmpl[i+j+1:]
	}
	return b.String()
}

func (g *gen) slot(name string) string {
	male, female := g.p.Sex == "M", g.p.Sex == "F"
	switch {
	case name == "He":
		return ifs(male, "He", ifs(female, "She", "The patient"))
	case name == "he":
		return ifs(male, "he", ifs(female, "she", "the patient"))
	case name == "His":
		return ifs(male, "His", ifs(female, "Her", "Their"))
	case name == "his":
		return ifs(male, "his", ifs(female, "her", "their"))
	case name == "him":
		return ifs(male, "him", ifs(female, "her", "them"))
	case name == "sexw":
		return ifs(male, "man", ifs(female, "woman", "patient"))
	case name == "age":
		return strconv.Itoa(g.age)
	case name == "med", name == "abx", name == "pain", name == "dx", name == "proc", name == "study", name == "anat", name == "org", name == "finding", name == "path":
		return g.lex.draw(name, g.rng)
	case name == "dose":
		return pick(g.rng, []string{"5 mg", "10 mg", "12.5 mg", "20 mg", "25 mg", "40 mg", "50 mg", "100 mg", "250 mg", "500 mg"})
	case name == "freq":
		return pick(g.rng, []string{"once daily", "twice daily", "three times daily", "at bedtime", "every 8 hours", "every 6 hours as needed", "every morning"})
	case name == "route":
		return pick(g.rng, []string{"by mouth", "by mouth", "intravenously", "subcutaneously"})
	case name == "sym":
		return pick(g.rng, symptoms)
	case name == "dur":
		return pick(g.rng, []string{"two days", "three days", "four days", "one week", "ten days", "two weeks", "several hours", "one month"})
	case name == "neg":
		return pick(g.rng, negatives)
	case name == "o2":
		return pick(g.rng, []string{"room air", "room air", "2 liters nasal cannula", "4 liters nasal cannula"})
	case name == "rel":
		return pick(g.rng, []string{"daughter", "son", "sister", "brother", "spouse", "niece"})
	case name == "doc":
		return g.attending
	case name == "doc2":
		return g.second
	case strings.HasPrefix(name, "n:"):
		var a, b int
		fmt.Sscanf(name[2:], "%d-%d", &a, &b)
		return strconv.Itoa(a + g.rng.IntN(b-a+1))
	case strings.HasPrefix(name, "d:"):
		k, _ := strconv.Atoi(name[2:])
		return g.date.AddDate(0, 0, k).Format("01/02/2006")
	}
	return "{" + name + "}"
}

func ifs(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

var symptoms = []string{
	"shortness of breath", "chest pressure", "abdominal pain", "fevers and chills",
	"productive cough", "lower back pain", "nausea and vomiting", "dizziness",
	"generalized weakness", "swelling of both legs", "palpitations",
	"decreased appetite", "right upper quadrant pain", "painful urination",
	"worsening confusion", "headache", "joint pain and stiffness",
}

var negatives = []string{
	"chest pain", "hemoptysis", "melena", "hematochezia", "syncope", "recent travel",
	"sick contacts", "focal weakness", "visual changes", "night sweats",
	"weight loss", "dysuria", "rash", "orthopnea",
}

// sentences fills k distinct templates picked from ts.
func (g *gen) sentences(ts []string, k int) string {
	if g.short {
		k = max(1, (k+1)/2)
	}
	if k > len(ts) {
		k = len(ts)
	}
	idx := g.rng.Perm(len(ts))[:k]
	out := make([]string, k)
	for i, j := range idx {
		out[i] = capitalize(g.f(ts[j]))
	}
	return strings.Join(out, " ")
}

// between returns a random int in [a, b].
func (g *gen) between(a, b int) int { return a + g.rng.IntN(b-a+1) }

// ---- block helpers ----

func (g *gen) heading(s string) block {
	if g.fac.UpperHeadings {
		s = strings.ToUpper(s)
	}
	return block{kind: bHeading, head: s}
}

// section is a heading followed by paragraphs; with run-in headings the
// heading starts the first paragraph.
func (g *gen) section(title string, paras ...string) []block {
	for i := range paras {
		paras[i] = capitalize(paras[i])
	}
	if g.fac.UpperHeadings {
		title = strings.ToUpper(title)
	}
	if g.fac.InlineHeadings && len(paras) > 0 {
		out := []block{{kind: bPara, head: title + ":", text: paras[0]}}
		for _, p := range paras[1:] {
			out = append(out, block{kind: bPara, text: p})
		}
		return out
	}
	out := []block{{kind: bHeading, head: title}}
	for _, p := range paras {
		out = append(out, block{kind: bPara, text: p})
	}
	return out
}

// optional marks blocks that may be dropped when the document is too long.
func optional(bs []block) []block {
	for i := range bs {
		bs[i].opt = true
	}
	return bs
}

func (g *gen) listSection(title string, items []string) []block {
	return []block{g.heading(title), {kind: bList, items: items}}
}

func (g *gen) medList(k int) []string {
	if g.short {
		k = min(k, 2)
	}
	out := make([]string, k)
	for i := range out {
		out[i] = g.f("{med} {dose} {route} {freq}")
	}
	return out
}

func (g *gen) signature(role string) block {
	t := g.date.Add(time.Duration(g.between(8*60, 18*60)) * time.Minute)
	return block{kind: bSig, items: []string{
		"Electronically signed by " + g.attending + " (" + role + ") on " + t.Format("01/02/2006") + " at " + t.Format("15:04"),
		"Dictated: " + t.AddDate(0, 0, -1).Format("01/02/2006") + "   Transcribed: " + t.Format("01/02/2006") + "   Job #" + fmt.Sprintf("%07d", g.rng.IntN(10000000)),
	}}
}

func (g *gen) vitals() string {
	return g.f("Temperature {n:36-38}.{n:0-9} C, heart rate {n:62-112}, blood pressure {n:104-168}/{n:58-96}, respiratory rate {n:14-24}, oxygen saturation {n:89-99}% on {o2}.")
}

// ---- shared sections ----

var hpiTemplates = []string{
	"{He} reports that the {sym} began gradually and has progressively worsened despite taking {med} at home.",
	"Symptoms are worse with exertion and partially relieved by rest; {he} also notes {sym}.",
	"{He} denies {neg}, {neg}, or {neg}.",
	"Of note, {he} underwent {proc} approximately {n:2-9} years ago without complication.",
	"{His} family brought {him} in after noticing {sym} and reduced oral intake over the last {dur}.",
	"An outpatient trial of {med} {dose} {freq} was started {n:3-12} days ago with minimal improvement.",
	"Review of outside records shows a prior admission for {dx} complicated by {dx}.",
	"On arrival {he} was noted to have {finding} over the {anat} with mild tenderness to palpation.",
	"{He} lives independently and was fully functional until the onset of symptoms {dur} ago.",
	"A recent {study} at an outside facility was reportedly unremarkable.",
	"{He} has been taking {his} medications as prescribed, including {med}, and reports no recent changes.",
	"{He} was seen in clinic {n:3-20} days ago for {dx} and was advised to return if symptoms worsened.",
}

// hpi writes the history of present illness: an opening sentence and k
// more, split into paragraphs of the given sizes.
func (g *gen) hpi(sizes ...int) []string {
	order := g.rng.Perm(len(hpiTemplates))
	intro := g.f("{He} is a {age}-year-old {sexw} with a history of {dx}, {dx}, and {dx} who presents with {sym} for the past {dur}.")
	var paras []string
	k := 0
	for i, n := range sizes {
		if g.short {
			n /= 2
		}
		var ss []string
		if i == 0 {
			ss = append(ss, intro)
		}
		for j := 0; j < n && k < len(order); j++ {
			ss = append(ss, capitalize(g.f(hpiTemplates[order[k]])))
			k++
		}
		paras = append(paras, strings.Join(ss, " "))
	}
	return paras
}

var examLines = [][2]string{
	{"General", "Alert, oriented, in no acute distress; appears stated age."},
	{"HEENT", "Normocephalic, atraumatic; mucous membranes moist; oropharynx clear."},
	{"Neck", "Supple, no jugular venous distension, no thyromegaly."},
	{"Cardiovascular", "Regular rate and rhythm; no murmurs, rubs, or gallops."},
	{"Lungs", "Diminished breath sounds at the bases with scattered crackles."},
	{"Abdomen", "Soft, mildly tender in the right upper quadrant, no rebound or guarding."},
	{"Extremities", "Trace bilateral pitting edema; distal pulses intact."},
	{"Skin", "Warm and dry; no rash."},
	{"Neurologic", "Cranial nerves intact; strength 5/5 throughout; sensation grossly intact."},
	{"Psychiatric", "Calm and cooperative with appropriate affect."},
}

func (g *gen) exam() []block {
	k := g.between(5, len(examLines))
	if g.short {
		k = 3
	}
	idx := g.rng.Perm(len(examLines))[:k]
	// Keep the usual head-to-toe order.
	slices.Sort(idx)
	items := make([]string, 0, k+1)
	items = append(items, "Vital signs: "+g.vitals())
	for _, i := range idx {
		items = append(items, examLines[i][0]+": "+examLines[i][1])
	}
	if g.rng.IntN(2) == 0 {
		items = append(items, g.f("Focused: {finding} noted near the {anat}; no crepitus."))
	}
	return g.listSection("Physical Examination", items)
}

var planTemplates = []string{
	"Continue {med} {dose} {freq} and monitor response.",
	"Start {med} {dose} {route} {freq}; reassess in 48 hours.",
	"Check basic metabolic panel and magnesium in the morning and replete electrolytes as needed.",
	"Obtain {study} if symptoms persist; discussed risks and benefits with the patient.",
	"Hold {med} given borderline blood pressure and renal function.",
	"Physical therapy and occupational therapy to evaluate for safe discharge disposition.",
	"Appreciate input from the consulting service; will follow their recommendations.",
	"Trend inflammatory markers and repeat imaging of the {anat} if clinically indicated.",
	"Strict intake and output, daily weights, fluid restriction of 1.5 liters per day.",
	"Blood cultures from {d:-1} remain without growth to date; continue current antibiotics.",
	"Transition to oral {abx} once tolerating diet and afebrile for 24 hours.",
}

// problems writes the numbered assessment-and-plan problems; count grows
// with the expansion n.
func (g *gen) problems(count int) []block {
	var out []block
	for i := 1; i <= count; i++ {
		dx := g.lex.draw("dx", g.rng)
		txt := g.f(pick(g.rng, []string{
			"Likely secondary to {dx}; clinically improving.",
			"Chronic and stable on current regimen.",
			"New this admission, etiology under evaluation.",
			"Worsened overnight per nursing report.",
		})) + " " + g.sentences(planTemplates, g.between(2, 4))
		out = append(out, block{kind: bPara, head: fmt.Sprintf("%d. %s:", i, capitalize(dx)), text: txt})
	}
	return out
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (g *gen) allergies() []block {
	if g.rng.IntN(3) == 0 {
		return g.section("Allergies", "No known drug allergies.")
	}
	return g.section("Allergies", g.f(pick(g.rng, []string{"Penicillin (hives); {med} (angioedema).", "Sulfa drugs (rash).", "Latex (contact dermatitis); shellfish (anaphylaxis).", "Codeine (nausea); {med} (itching)."})))
}

func (g *gen) pmh() []block {
	items := []string{}
	k := g.between(3, 5)
	if g.short {
		k = 2
	}
	for i := 0; i < k; i++ {
		items = append(items, capitalize(g.lex.draw("dx", g.rng)))
	}
	items = append(items, capitalize(g.f("status post {proc} ({n:1998-2021})")))
	return g.listSection("Past Medical History", items)
}

func (g *gen) social() []block {
	living := pick(g.rng, []string{
		"{He} lives with {his} spouse in a single-story home.",
		"{He} lives alone in an apartment with an elevator; {his} {rel} checks in daily.",
		"{He} lives with {his} {rel} and two grandchildren.",
	})
	tobacco := pick(g.rng, []string{
		"Former smoker with a {n:10-40} pack-year history, quit {n:2-15} years ago.",
		"Never smoker.",
		"Current smoker, one half pack per day; cessation counseling provided.",
	})
	other := pick(g.rng, []string{
		"Drinks alcohol socially, one to two drinks per week; denies drug use.",
		"No alcohol or illicit drug use.",
		"Quit drinking {n:3-20} years ago; denies drug use.",
	})
	work := pick(g.rng, []string{
		"Retired machinist; independent in activities of daily living.",
		"Works as a school librarian and walks daily for exercise.",
		"Part-time bookkeeper; drives and manages own finances.",
	})
	fam := g.sentences([]string{
		"Family history is notable for {dx} in {his} mother and {dx} in a sibling.",
		"Father died of complications of {dx} at age {n:60-88}.",
		"No family history of bleeding disorders or anesthetic complications.",
	}, 2)
	return optional(g.section("Social and Family History", g.f(living+" "+tobacco+" "+other+" "+work), fam))
}

// ---- document types ----

func (g *gen) historyPhysical() []block {
	var b []block
	b = append(b, block{kind: bKV, kv: [][2]string{
		{"Admission Date", g.date.Format("01/02/2006")}, {"Attending", g.attending},
		{"Service", pick(g.rng, []string{"Hospital Medicine", "Cardiology", "General Surgery"})}, {"Source", "Emergency Department"},
	}})
	b = append(b, g.section("Chief Complaint", capitalize(g.f("{sym} for {dur}.")))...)
	hpi := g.hpi(5, 3)
	b = append(b, g.section("History of Present Illness", hpi[0])...)
	b = append(b, optional([]block{{kind: bPara, text: hpi[1]}})...)
	b = append(b, g.pmh()...)
	b = append(b, optional(g.listSection("Home Medications", g.medList(g.between(3, 5))))...)
	b = append(b, optional(g.allergies())...)
	b = append(b, g.social()...)
	b = append(b, optional(g.section("Review of Systems", g.f("Positive for {sym} and {sym}. Negative for {neg}, {neg}, and {neg}. All other systems reviewed and negative.")))...)
	b = append(b, optional(g.exam())...)
	b = append(b, optional(g.section("Data", g.labSentence()))...)
	b = append(b, g.heading("Assessment and Plan"))
	b = append(b, block{kind: bPara, text: g.f("{age}-year-old {sexw} admitted with {dx}. Plan by problem as follows.")})
	b = append(b, g.problems(1+g.n)...)
	b = append(b, optional(g.section("Disposition", "Admit to inpatient status. Full code, confirmed with the patient. Anticipated length of stay two to three days."))...)
	return append(b, g.signature("Attending"))
}

func (g *gen) labSentence() string {
	return g.f("Sodium {n:128-144}, potassium {n:3-5}.{n:0-9}, creatinine {n:0-2}.{n:1-9}, white blood cell count {n:4-18}.{n:0-9}, hemoglobin {n:8-15}.{n:0-9}, platelets {n:110-420}. Lactate {n:0-3}.{n:0-9}. Chest radiograph without acute process. Electrocardiogram shows sinus rhythm without ischemic changes.")
}

func (g *gen) dischargeSummary(episode bool) []block {
	var b []block
	los := g.between(3, 9)
	if episode {
		b = append(b, block{kind: bKV, kv: [][2]string{
			{"Episode Start", g.date.AddDate(0, 0, -7*los).Format("01/02/2006")}, {"Episode End", g.date.Format("01/02/2006")},
			{"Care Team Lead", g.attending}, {"Program", "Transitional Care"},
		}})
	} else {
		b = append(b, block{kind: bKV, kv: [][2]string{
			{"Admission Date", g.date.AddDate(0, 0, -los).Format("01/02/2006")}, {"Discharge Date", g.date.Format("01/02/2006")},
			{"Attending", g.attending}, {"Disposition", pick(g.rng, []string{"Home", "Home with services", "Skilled nursing facility"})},
		}})
	}
	principal := g.lex.draw("dx", g.rng)
	b = append(b, g.section("Admission Diagnosis", capitalize(principal)+".")...)
	dd := []string{capitalize(principal) + ", resolving"}
	for i := 0; i < g.between(2, 4); i++ {
		dd = append(dd, capitalize(g.lex.draw("dx", g.rng)))
	}
	b = append(b, g.listSection("Discharge Diagnoses", dd)...)
	b = append(b, optional(g.section("Procedures Performed", g.f("{proc} on {d:-3}; {study} on {d:-2}.")))...)
	b = append(b, optional(g.section("History of Present Illness", g.hpi(3)...))...)
	b = append(b, g.heading("Hospital Course"))
	b = append(b, block{kind: bPara, text: g.sentences(courseTemplates, 4)})
	for i := 0; i < g.n; i++ {
		b = append(b, block{kind: bPara, head: capitalize(g.lex.draw("dx", g.rng)) + ":", text: g.sentences(courseTemplates, g.between(3, 5))})
	}
	b = append(b, g.section("Condition at Discharge", g.f("Stable. Ambulating independently, tolerating a regular diet, pain controlled on oral medication. Discharge weight {n:52-118} kg."))...)
	b = append(b, g.listSection("Discharge Medications", g.medList(g.between(4, 7)))...)
	b = append(b, g.section("Follow-up", g.f("Primary care with {doc2} within 7 days. Repeat basic metabolic panel on {d:5}. Outpatient {study} to be scheduled by the clinic."))...)
	b = append(b, g.section("Discharge Instructions", "Return to the emergency department for fever above 38.5 C, worsening pain, shortness of breath, or inability to tolerate oral intake. Resume activity as tolerated; no driving while taking opioid pain medication.")...)
	return append(b, g.signature("Attending"))
}

var courseTemplates = []string{
	"The patient was admitted to the medical floor and started on {med} {route} with gradual improvement over the first 48 hours.",
	"Cultures grew {org} sensitive to {abx}, and therapy was narrowed accordingly.",
	"{proc} was performed on hospital day {n:2-4} without complication; pathology is pending at the time of discharge.",
	"Course was complicated by transient {dx}, which resolved with supportive care.",
	"{His} home {med} was held on admission and resumed prior to discharge at a reduced dose.",
	"Serial examinations showed decreasing {finding} over the {anat}.",
	"Repeat imaging of the {anat} on hospital day {n:3-6} showed interval improvement.",
	"Cardiology was consulted for {dx} and recommended continuing {med} {dose} {freq}.",
	"Electrolytes were repleted daily; {dx} corrected by the day of discharge.",
	"{He} worked with physical therapy and was cleared for discharge home with a rolling walker.",
	"Pain was controlled with scheduled {pain} and as-needed {pain}.",
	"Goals of care were discussed with {him} and {his} family; {he} remains full code.",
}

func (g *gen) progressNote() []block {
	var b []block
	day := g.between(2, 6)
	b = append(b, block{kind: bKV, kv: [][2]string{
		{"Date of Service", g.date.Format("01/02/2006")}, {"Hospital Day", strconv.Itoa(day)},
		{"Author", g.second}, {"Attending", g.attending},
	}})
	b = append(b, g.section("Subjective", g.sentences([]string{
		"No acute events overnight.",
		"{He} reports improved {sym} compared with yesterday and slept well.",
		"Tolerating a regular diet; passing flatus and had a bowel movement this morning.",
		"Complains of mild {sym}, which responded to {pain}.",
		"Nursing reports one episode of {dx} overnight that resolved without intervention.",
		"{He} is eager to go home and asks about the timing of the {study}.",
	}, 4))...)
	b = append(b, g.section("Objective", g.vitals()+g.f(" Intake {n:900-2400} mL, output {n:700-2600} mL over the last 24 hours."))...)
	b = append(b, block{kind: bList, items: []string{
		"General: resting comfortably, conversant.",
		g.f("Lungs: {finding} at the left base, otherwise clear."),
		"Heart: regular rhythm, no new murmur.",
		g.f("Abdomen: soft, nondistended; incision over the {anat} clean and dry."),
		"Extremities: no calf tenderness; trace edema.",
	}})
	b = append(b, g.section("Laboratory and Imaging", g.labSentence())...)
	b = append(b, g.heading("Assessment and Plan"))
	b = append(b, g.problems(1+g.n)...)
	b = append(b, block{kind: bPara, head: "Prophylaxis:", text: g.f("{med} subcutaneously for venous thromboembolism prophylaxis; {med} for stress ulcer prophylaxis.")})
	b = append(b, block{kind: bPara, head: "Disposition:", text: "Continue inpatient care; anticipate discharge in 24 to 48 hours pending clinical course."})
	return append(b, g.signature("Resident"))
}

func (g *gen) consultNote() []block {
	var b []block
	service := pick(g.rng, []string{"Infectious Diseases", "Nephrology", "Cardiology", "Gastroenterology", "Pulmonology", "Endocrinology"})
	b = append(b, block{kind: bKV, kv: [][2]string{
		{"Consulting Service", service}, {"Date", g.date.Format("01/02/2006")},
		{"Requesting Physician", g.second}, {"Consultant", g.attending},
	}})
	b = append(b, g.section("Reason for Consultation", g.f("Evaluation and management of {dx} in the setting of {dx}."))...)
	b = append(b, g.section("History of Present Illness", g.hpi(4, 3)...)...)
	b = append(b, optional(g.pmh())...)
	b = append(b, optional(g.listSection("Current Medications", g.medList(g.between(3, 5))))...)
	b = append(b, optional(g.allergies())...)
	b = append(b, optional(g.exam())...)
	b = append(b, g.section("Impression", g.f("{age}-year-old {sexw} with {dx}, most consistent with {dx}. Differential diagnosis includes {dx} and {dx}; the latter is less likely given the absence of {finding}."))...)
	b = append(b, g.heading("Recommendations"))
	items := []string{}
	for i := 0; i < 2+g.n; i++ {
		items = append(items, g.f(pick(g.rng, consultRecs)))
	}
	b = append(b, block{kind: bList, items: numbered(items)})
	b = append(b, block{kind: bPara, text: g.f("Thank you for this interesting consultation. We will continue to follow with you. Please page {doc} with questions.")})
	return append(b, g.signature("Consultant"))
}

var consultRecs = []string{
	"Start {med} {dose} {route} {freq}, adjusted for renal function.",
	"Obtain {study} to evaluate the {anat} before changing therapy.",
	"Discontinue {med}, which may be contributing to {dx}.",
	"Start {abx} and check a trough level before the fourth dose.",
	"Repeat blood cultures times two and obtain a transthoracic echocardiogram.",
	"Recommend outpatient follow-up in clinic in two weeks with repeat laboratory studies.",
	"Avoid nephrotoxic agents and intravenous contrast if possible.",
	"Consider {study} if no improvement after 72 hours of therapy.",
}

func numbered(items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = fmt.Sprintf("%d. %s", i+1, s)
	}
	return out
}

func (g *gen) operativeReport() []block {
	var b []block
	proc := g.lex.draw("proc", g.rng)
	dx := g.lex.draw("dx", g.rng)
	b = append(b, block{kind: bKV, kv: [][2]string{
		{"Date of Surgery", g.date.Format("01/02/2006")}, {"Surgeon", g.attending},
		{"Assistant", g.second}, {"Anesthesia", pick(g.rng, []string{"General endotracheal", "Spinal with sedation", "Monitored anesthesia care"})},
	}})
	b = append(b, g.section("Preoperative Diagnosis", capitalize(dx)+".")...)
	b = append(b, g.section("Postoperative Diagnosis", capitalize(dx)+", confirmed.")...)
	b = append(b, g.section("Procedure", capitalize(proc)+g.f(" with intraoperative {study}."))...)
	b = append(b, block{kind: bList, items: []string{
		g.f("Estimated blood loss: {n:10-350} mL"),
		"Specimens: " + capitalize(g.lex.draw("anat", g.rng)) + " to pathology",
		"Drains: " + pick(g.rng, []string{"None", "One 19 French Blake drain", "Closed suction drain"}),
		"Complications: None apparent",
	}})
	b = append(b, optional(g.section("Indications", g.f("The patient is a {age}-year-old {sexw} with symptomatic "+dx+" refractory to {med}. The risks, benefits, and alternatives, including bleeding, infection, and injury to the {anat}, were discussed, and informed consent was obtained.")))...)
	b = append(b, g.heading("Description of Procedure"))
	b = append(b, block{kind: bPara, text: g.sentences(opOpen, 4)})
	for i := 0; i < 1+g.n; i++ {
		b = append(b, block{kind: bPara, text: g.sentences(opMiddle, g.between(3, 4))})
	}
	b = append(b, block{kind: bPara, text: g.sentences(opClose, 4)})
	return append(b, g.signature("Surgeon"))
}

var opOpen = []string{
	"The patient was identified in the preoperative area and brought to the operating room, where a time-out was performed confirming patient, procedure, and site.",
	"After induction of anesthesia, {he} was positioned supine with all pressure points padded.",
	"Preoperative {abx} was administered within sixty minutes of incision.",
	"The abdomen was prepped and draped in the usual sterile fashion with chlorhexidine.",
	"Sequential compression devices were placed on both lower extremities.",
}

var opMiddle = []string{
	"Dissection proceeded along the avascular plane adjacent to the {anat} using electrocautery.",
	"Dense adhesions to the {anat} were taken down sharply without injury to surrounding structures.",
	"The critical view was obtained and the structures were clipped twice proximally and once distally.",
	"Hemostasis was achieved with bipolar cautery and topical hemostatic agent.",
	"A small amount of {finding} was encountered near the {anat} and was irrigated.",
	"The specimen was placed in a retrieval bag and removed through the umbilical port site.",
	"The field was irrigated with warm saline until the effluent was clear.",
	"Intraoperative findings included inflammation of the {anat} consistent with {dx}.",
}

var opClose = []string{
	"All sponge, needle, and instrument counts were correct times two.",
	"The fascia was closed with absorbable suture and the skin with a subcuticular stitch.",
	"Sterile dressings were applied and the patient was awakened and extubated in the operating room.",
	"{He} was transferred to the recovery unit in stable condition.",
	"The attending surgeon was present and scrubbed for the entire procedure.",
}

func (g *gen) procedureNote() []block {
	var b []block
	proc := g.lex.draw("study", g.rng)
	b = append(b, block{kind: bKV, kv: [][2]string{
		{"Date", g.date.Format("01/02/2006")}, {"Operator", g.attending},
		{"Location", pick(g.rng, []string{"Bedside, Unit 4 West", "Procedure Suite B", "Endoscopy Unit"})}, {"Sedation", "Moderate, by operator"},
	}})
	b = append(b, g.section("Procedure", capitalize(proc)+".")...)
	b = append(b, g.section("Indication", g.f("{dx} with {sym}."))...)
	b = append(b, g.section("Consent", "Risks including bleeding, infection, pain, and damage to surrounding structures were explained; the patient verbalized understanding and signed consent.")...)
	b = append(b, g.heading("Description"))
	for i := 0; i < 1+g.n; i++ {
		b = append(b, block{kind: bPara, text: g.sentences(slices.Concat(opMiddle, opClose), g.between(4, 5))})
	}
	b = append(b, g.section("Findings", g.f("{finding} near the {anat}. Samples sent for cell count, culture, and cytology."))...)
	b = append(b, g.section("Complications", "None. Patient tolerated the procedure well.")...)
	return append(b, g.signature("Operator"))
}

func (g *gen) emergencyNote() []block {
	var b []block
	arrival := g.date.Add(time.Duration(g.between(0, 23*60)) * time.Minute)
	b = append(b, block{kind: bKV, kv: [][2]string{
		{"Arrival", arrival.Format("01/02/2006 15:04")}, {"Triage Level", "ESI " + strconv.Itoa(g.between(2, 4))},
		{"Mode", pick(g.rng, []string{"Ambulance", "Walk-in", "Private vehicle"})}, {"Physician", g.attending},
	}})
	b = append(b, g.section("Chief Complaint", capitalize(g.f("{sym}.")))...)
	b = append(b, g.section("History of Present Illness", g.hpi(4)...)...)
	b = append(b, optional(g.pmh())...)
	b = append(b, optional(g.allergies())...)
	b = append(b, optional(g.exam())...)
	b = append(b, g.heading("ED Course"))
	for i := 0; i < 2+g.n; i++ {
		t := arrival.Add(time.Duration(30*(i+1)+g.between(0, 25)) * time.Minute)
		b = append(b, block{kind: bPara, head: t.Format("15:04") + ":", text: g.sentences([]string{
			"Given {med} {dose} {route} with improvement in symptoms.",
			"Laboratory results reviewed; notable for {dx}.",
			"CT of the {anat} obtained and reviewed with radiology.",
			"Patient reassessed; resting comfortably, vital signs improved.",
			"Discussed with the admitting hospitalist, who accepts the patient.",
			"Repeat troponin unchanged; electrocardiogram without dynamic changes.",
		}, 2)})
	}
	b = append(b, g.section("Medical Decision Making", g.f("Presentation most consistent with {dx}. Considered {dx} and {dx}, less likely given exam and imaging. Patient requires admission for intravenous therapy and monitoring."))...)
	b = append(b, g.section("Disposition", "Admitted to medicine in stable condition.")...)
	return append(b, g.signature("Emergency Physician"))
}

type labTest struct {
	name, units     string
	lo, hi          float64
	decimals        int
	low, high, crit bool
}

var labPanels = []struct {
	name  string
	tests []labTest
}{
	{"COMPLETE BLOOD COUNT WITH DIFFERENTIAL", []labTest{
		{name: "White Blood Cell Count", units: "K/uL", lo: 4.0, hi: 11.0, decimals: 1},
		{name: "Red Blood Cell Count", units: "M/uL", lo: 4.2, hi: 5.9, decimals: 2},
		{name: "Hemoglobin", units: "g/dL", lo: 12.0, hi: 17.5, decimals: 1},
		{name: "Hematocrit", units: "%", lo: 36, hi: 52, decimals: 1},
		{name: "Platelet Count", units: "K/uL", lo: 150, hi: 400, decimals: 0},
		{name: "Neutrophils", units: "%", lo: 40, hi: 75, decimals: 0},
		{name: "Lymphocytes", units: "%", lo: 20, hi: 45, decimals: 0},
		{name: "Eosinophils", units: "%", lo: 0, hi: 6, decimals: 0},
	}},
	{"COMPREHENSIVE METABOLIC PANEL", []labTest{
		{name: "Sodium", units: "mmol/L", lo: 135, hi: 145, decimals: 0},
		{name: "Potassium", units: "mmol/L", lo: 3.5, hi: 5.1, decimals: 1},
		{name: "Chloride", units: "mmol/L", lo: 98, hi: 107, decimals: 0},
		{name: "Bicarbonate", units: "mmol/L", lo: 22, hi: 29, decimals: 0},
		{name: "Urea Nitrogen", units: "mg/dL", lo: 7, hi: 20, decimals: 0},
		{name: "Creatinine", units: "mg/dL", lo: 0.6, hi: 1.3, decimals: 2},
		{name: "Glucose", units: "mg/dL", lo: 70, hi: 99, decimals: 0},
		{name: "Albumin", units: "g/dL", lo: 3.5, hi: 5.0, decimals: 1},
		{name: "Total Bilirubin", units: "mg/dL", lo: 0.2, hi: 1.2, decimals: 1},
		{name: "Alkaline Phosphatase", units: "U/L", lo: 40, hi: 129, decimals: 0},
		{name: "Aminotransferase (AST)", units: "U/L", lo: 10, hi: 40, decimals: 0},
	}},
	{"LIPID PANEL", []labTest{
		{name: "Cholesterol, Total", units: "mg/dL", lo: 100, hi: 199, decimals: 0},
		{name: "Triglycerides", units: "mg/dL", lo: 40, hi: 149, decimals: 0},
		{name: "HDL Cholesterol", units: "mg/dL", lo: 40, hi: 90, decimals: 0},
		{name: "LDL Cholesterol (calculated)", units: "mg/dL", lo: 50, hi: 129, decimals: 0},
	}},
	{"COAGULATION STUDIES", []labTest{
		{name: "Prothrombin Time", units: "sec", lo: 11.0, hi: 13.5, decimals: 1},
		{name: "International Normalized Ratio", units: "", lo: 0.9, hi: 1.1, decimals: 2},
		{name: "Partial Thromboplastin Time", units: "sec", lo: 25, hi: 35, decimals: 1},
		{name: "Fibrinogen", units: "mg/dL", lo: 200, hi: 400, decimals: 0},
	}},
	{"IRON STUDIES", []labTest{
		{name: "Ferritin", units: "ng/mL", lo: 30, hi: 400, decimals: 0},
		{name: "Iron, Serum", units: "ug/dL", lo: 60, hi: 170, decimals: 0},
		{name: "Transferrin Saturation", units: "%", lo: 20, hi: 50, decimals: 0},
		{name: "Haptoglobin", units: "mg/dL", lo: 30, hi: 200, decimals: 0},
	}},
	{"CARDIAC AND INFLAMMATORY MARKERS", []labTest{
		{name: "Troponin I, High Sensitivity", units: "ng/L", lo: 0, hi: 34, decimals: 0},
		{name: "Natriuretic Peptide (BNP)", units: "pg/mL", lo: 0, hi: 100, decimals: 0},
		{name: "Procalcitonin", units: "ng/mL", lo: 0, hi: 0.5, decimals: 2},
		{name: "C-Reactive Protein", units: "mg/L", lo: 0, hi: 10, decimals: 1},
	}},
	{"URINALYSIS WITH MICROSCOPY", []labTest{
		{name: "Specific Gravity", units: "", lo: 1.005, hi: 1.030, decimals: 3},
		{name: "Urobilinogen", units: "mg/dL", lo: 0.2, hi: 1.0, decimals: 1},
		{name: "Leukocyte Esterase (semiquant.)", units: "", lo: 0, hi: 0, decimals: 0},
		{name: "Erythrocytes per high power field", units: "/HPF", lo: 0, hi: 3, decimals: 0},
	}},
	{"THYROID FUNCTION", []labTest{
		{name: "Thyrotropin (TSH)", units: "mIU/L", lo: 0.4, hi: 4.5, decimals: 2},
		{name: "Thyroxine, Free", units: "ng/dL", lo: 0.8, hi: 1.8, decimals: 2},
	}},
}

func (g *gen) labReport() []block {
	var b []block
	coll := g.date.Add(time.Duration(g.between(5*60, 9*60)) * time.Minute)
	b = append(b, block{kind: bKV, kv: [][2]string{
		{"Collected", coll.Format("01/02/2006 15:04")}, {"Received", coll.Add(47 * time.Minute).Format("01/02/2006 15:04")},
		{"Ordering Provider", g.attending}, {"Accession", fmt.Sprintf("L%02d-%06d", g.date.Year()%100, g.rng.IntN(1000000))},
		{"Specimen", "Blood, venous; urine, clean catch"}, {"Priority", pick(g.rng, []string{"Routine", "STAT", "Timed"})},
	}})
	// A blood count and a metabolic panel always; other panels as the
	// document grows, in the usual order.
	others := g.rng.Perm(len(labPanels) - 2)
	sel := []int{0, 1}
	for _, o := range others[:min(g.n, len(others))] {
		sel = append(sel, o+2)
	}
	slices.Sort(sel)
	for _, pi := range sel {
		panel := labPanels[pi]
		t := block{kind: bTable, head: panel.name,
			cols:   []string{"Test", "Result", "Flag", "Units", "Reference Range"},
			widths: []float64{0.42, 0.14, 0.08, 0.14, 0.22}}
		for _, lt := range panel.tests {
			v, flag := g.labValue(lt)
			ref := trimFloat(lt.lo, lt.decimals) + " - " + trimFloat(lt.hi, lt.decimals)
			if lt.lo == 0 && lt.hi == 0 {
				ref = "Negative"
			}
			t.rows = append(t.rows, []string{lt.name, v, flag, lt.units, ref})
		}
		b = append(b, t)
	}
	// Beyond the chemistry panels, more content is microbiology.
	for i := len(sel); i < 2+g.n; i++ {
		org := g.lex.draw("org", g.rng)
		t := block{kind: bTable, head: "CULTURE AND SUSCEPTIBILITY - " + strings.ToUpper(org),
			cols:   []string{"Antibiotic", "MIC (ug/mL)", "", "Interpretation", ""},
			widths: []float64{0.42, 0.14, 0.08, 0.36, 0.0}}
		for range 5 {
			mic := pick(g.rng, []string{"<=0.25", "0.5", "1", "2", "4", "8", ">=16", ">=32"})
			in := pick(g.rng, []string{"Susceptible", "Susceptible", "Intermediate", "Resistant"})
			t.rows = append(t.rows, []string{capitalize(g.lex.draw("abx", g.rng)), mic, "", in, ""})
		}
		b = append(b, t)
		b = append(b, block{kind: bPara, text: g.f(pick(g.rng, []string{
			"Source: blood, peripheral draw, collected {d:-3}. Growth detected at {n:11-40} hours in the aerobic bottle.",
			"Source: urine, clean catch, collected {d:-2}. Greater than 100,000 colony forming units per mL.",
			"Source: wound, {anat}, collected {d:-4}. Moderate growth; mixed skin flora also present.",
		}))})
	}
	b = append(b, optional(g.section("Comment", g.f("Results consistent with {dx}; correlate clinically. Specimen mildly hemolyzed, potassium may be falsely elevated. Culture from {d:-2} grew {org}, susceptibility to follow.")))...)
	b = append(b, block{kind: bSig, items: []string{
		"Verified by: " + clinician(g.rng, "MLS(ASCP)") + "   " + coll.Add(3*time.Hour).Format("01/02/2006 15:04"),
		"Laboratory Director: " + clinician(g.rng, "MD") + "   CLIA 99D0012345",
	}})
	return b
}

func (g *gen) labValue(lt labTest) (string, string) {
	if lt.lo == 0 && lt.hi == 0 {
		if g.rng.IntN(3) == 0 {
			return "Trace", "A"
		}
		return "Negative", ""
	}
	span := lt.hi - lt.lo
	v := lt.lo + g.rng.Float64()*span
	flag := ""
	switch g.rng.IntN(6) {
	case 0:
		v = lt.hi + span*(0.05+g.rng.Float64()*0.5)
		flag = "H"
	case 1:
		if lt.lo > 0 {
			v = lt.lo - span*(0.05+g.rng.Float64()*0.3)
			if v < 0 {
				v = lt.lo / 2
			}
			flag = "L"
		}
	}
	return trimFloat(v, lt.decimals), flag
}

func trimFloat(v float64, dec int) string { return strconv.FormatFloat(v, 'f', dec, 64) }

func (g *gen) radiologyReport() []block {
	var b []block
	exam := pick(g.rng, []string{"CT ABDOMEN AND PELVIS WITH CONTRAST", "CT CHEST WITHOUT CONTRAST", "MRI LUMBAR SPINE WITHOUT CONTRAST", "ULTRASOUND RIGHT UPPER QUADRANT", "CHEST RADIOGRAPH, TWO VIEWS"})
	b = append(b, block{kind: bKV, kv: [][2]string{
		{"Exam", exam}, {"Exam Date", g.date.Format("01/02/2006")},
		{"Ordering", g.second}, {"Accession", fmt.Sprintf("RAD%08d", g.rng.IntN(100000000))},
	}})
	b = append(b, g.section("Clinical Indication", g.f("{sym}; evaluate for {dx}."))...)
	b = append(b, g.section("Technique", "Images were acquired according to the departmental protocol. Dose reduction techniques were used, including automated exposure control and iterative reconstruction.")...)
	b = append(b, g.section("Comparison", g.f("Prior study dated {d:-210}."))...)
	b = append(b, g.heading("Findings"))
	regions := []string{"Lungs and pleura", "Heart and mediastinum", "Liver", "Gallbladder and biliary tree", "Pancreas", "Kidneys", "Bowel", "Bones and soft tissues", "Vasculature", "Lymph nodes"}
	for i := 0; i < 3+g.n; i++ {
		r := regions[i%len(regions)]
		if i >= len(regions) {
			r += g.f(", additional views ({n:2-4})")
		}
		b = append(b, block{kind: bPara, head: r + ":", text: g.sentences(radFindings, g.between(2, 3))})
	}
	b = append(b, g.heading("Impression"))
	b = append(b, block{kind: bList, items: numbered([]string{
		g.f("Findings compatible with {dx} involving the {anat}."),
		g.f("No evidence of {dx} or {dx}."),
		g.f("Incidental note of {dx}; outpatient follow-up is suggested."),
	})})
	b = append(b, block{kind: bSig, items: []string{"Interpreted by " + g.attending + ", Diagnostic Radiology", "Finalized " + g.date.Format("01/02/2006") + g.f(" {n:10-17}:{n:10-59}")}})
	return b
}

var radFindings = []string{
	"There is mild thickening along the {anat} without a discrete mass.",
	"No focal consolidation, effusion, or {dx}.",
	"Subcentimeter hypodensity in the {anat}, too small to characterize.",
	"Normal caliber without wall thickening or surrounding inflammatory change.",
	"Mild degenerative changes without acute fracture or aggressive osseous lesion.",
	"Scattered calcified granulomas, unchanged from the prior examination.",
	"No free air or free fluid is identified.",
	"Stranding adjacent to the {anat}, which may reflect {dx}.",
	"A {n:4-19} mm nodule is again seen, previously measuring {n:4-19} mm.",
}

var grossTemplates = []string{
	"Received in formalin labeled with the patient's name and medical record number is a {n:2-9}.{n:0-9} x {n:1-6}.{n:0-9} x {n:1-4}.{n:0-9} cm portion of tan-pink soft tissue. The outer surface is smooth with focal {path} change. Sectioning reveals a firm white area measuring {n:1-3}.{n:0-9} cm, located {n:2-9} mm from the inked margin.",
	"Received fresh and subsequently placed in formalin are multiple irregular fragments of red-brown tissue measuring {n:1-4}.{n:0-9} cm in aggregate. The fragments are entirely submitted after inking.",
	"Received in formalin is an oriented specimen with a suture marking the superior aspect, measuring {n:3-12}.{n:0-9} cm in greatest dimension. The cut surface shows a {n:4-22} mm tan nodule with {path} areas; the remaining parenchyma is unremarkable.",
	"Received in a container labeled with the patient's identifiers is a single lymph node candidate measuring {n:0-2}.{n:1-9} cm, bisected and entirely submitted.",
}

func (g *gen) pathologyReport() []block {
	var b []block
	b = append(b, block{kind: bKV, kv: [][2]string{
		{"Case Number", fmt.Sprintf("S%02d-%05d", g.date.Year()%100, g.rng.IntN(100000))}, {"Received", g.date.Format("01/02/2006")},
		{"Submitting Physician", g.second}, {"Pathologist", g.attending},
	}})
	parts := min(2+g.n, 16)
	organs := make([]string, parts)
	var spec []string
	for i := range organs {
		organs[i] = capitalize(g.lex.draw("anat", g.rng))
		spec = append(spec, fmt.Sprintf("%c. %s, %s", 'A'+i, organs[i], pick(g.rng, []string{"resection", "biopsy", "excision", "margin"})))
	}
	b = append(b, g.listSection("Specimens", spec)...)
	b = append(b, g.section("Clinical History", g.f("{dx}; status post {proc}. Rule out {dx}."))...)
	b = append(b, g.heading("Gross Description"))
	for i := range organs {
		b = append(b, block{kind: bPara, head: fmt.Sprintf("%c.", 'A'+i), text: g.f(pick(g.rng, grossTemplates)) + fmt.Sprintf(" Representative sections are submitted in cassettes %c1 through %c%d.", 'A'+i, 'A'+i, g.between(2, 9))})
	}
	b = append(b, g.section("Microscopic Description", g.f("Sections show {path} and {path} changes with chronic inflammation. No dysplasia or malignancy is identified. Special stains for {org} are negative with appropriate controls."))...)
	b = append(b, g.heading("Final Diagnosis"))
	var dx []string
	for i, o := range organs {
		dx = append(dx, fmt.Sprintf("%c. %s: ", 'A'+i, o)+g.f(pick(g.rng, []string{
			"{dx} with {path} features; negative for malignancy.",
			"Benign tissue with {path} change.",
			"Reactive changes; no carcinoma identified (0/{n:1-4}).",
			"Consistent with {dx}; margins free.",
		})))
	}
	b = append(b, block{kind: bList, items: dx})
	return append(b, g.signature("Pathologist"))
}

func (g *gen) nursingNote() []block {
	var b []block
	b = append(b, block{kind: bKV, kv: [][2]string{
		{"Unit", pick(g.rng, []string{"4 West Medical", "6 North Surgical", "Step-Down Unit"})}, {"Shift", "Day, 0700-1900"},
		{"Primary Nurse", clinician(g.rng, "RN")}, {"Date", g.date.Format("01/02/2006")},
	}})
	t := g.date.Add(7*time.Hour + 30*time.Minute)
	entries := 4 + 2*g.n
	if g.short {
		entries = 3
	}
	for i := 0; i < entries; i++ {
		t = t.Add(time.Duration(50+g.between(0, 70)) * time.Minute)
		b = append(b, block{kind: bPara, head: t.Format("1504") + ":", text: g.sentences(nurseTemplates, g.between(2, 3))})
	}
	b = append(b, block{kind: bSig, items: []string{"Signed: ________________________________  RN     Time: ________"}})
	return b
}

var nurseTemplates = []string{
	"Assessment completed; patient alert and oriented times three, denies pain.",
	"Administered {med} {dose} {route} as ordered; tolerated without adverse reaction.",
	"Dressing over the {anat} changed; small amount of serous drainage, no {finding}.",
	"Ambulated in hallway with standby assist, approximately {n:40-200} feet.",
	"Reports pain {n:2-8} out of 10; repositioned and given {pain} per order.",
	"Intake {n:200-900} mL by mouth; voiding without difficulty.",
	"Fall precautions in place, bed in lowest position, call light within reach.",
	"Family at bedside, updated on plan of care; questions answered.",
	"Blood glucose {n:90-260} mg/dL; covered with sliding scale insulin per protocol.",
	"Telemetry shows sinus rhythm; one brief run of {dx} noted and reported to provider.",
	"Peripheral intravenous site in the {anat} region patent, no signs of infiltration.",
}

func (g *gen) referral() []block {
	var b []block
	b = append(b, block{kind: bKV, kv: [][2]string{
		{"Referred To", pick(g.rng, []string{"Gastroenterology", "Orthopedic Surgery", "Rheumatology", "Neurology"}) + " - " + g.second}, {"Date", g.date.Format("01/02/2006")},
		{"Referring Provider", g.attending}, {"Urgency", pick(g.rng, []string{"Routine", "Urgent (within 2 weeks)"})},
	}})
	b = append(b, g.section("Reason for Referral", g.f("Evaluation of {dx} with persistent {sym}; consideration of {study}."))...)
	b = append(b, g.section("Pertinent History", g.hpi(3, 2)...)...)
	if g.n > 0 {
		b = append(b, g.heading("Prior Treatment"))
		for i := 0; i < g.n; i++ {
			b = append(b, block{kind: bPara, head: g.date.AddDate(0, -3*(g.n-i), 0).Format("01/2006") + ":", text: g.sentences([]string{
				"Trial of {med} {dose} {freq} for {n:4-12} weeks with partial response.",
				"{study} showed findings suggestive of {dx}.",
				"Seen by {doc2}; {med} was stopped because of side effects.",
				"Symptoms recurred after tapering {med}; {he} missed work for {dur}.",
				"Imaging of the {anat} was unchanged from the prior study.",
				"Discussed {proc} as a future option; {he} preferred conservative management.",
			}, 3)})
		}
	}
	b = append(b, optional(g.pmh())...)
	b = append(b, g.listSection("Current Medications", g.medList(g.between(3, 6)))...)
	b = append(b, g.allergies()...)
	b = append(b, optional(g.section("Studies Enclosed", g.f("Laboratory results from {d:-14}; imaging of the {anat} from {d:-30}; prior {study} report.")))...)
	b = append(b, g.section("Specific Questions", "Is further intervention indicated at this time? Please advise on long-term management and frequency of surveillance.")...)
	return append(b, g.signature("Referring Provider"))
}

func (g *gen) consent() []block {
	var b []block
	proc := g.lex.draw("proc", g.rng)
	b = append(b, block{kind: bPara, text: "I, the undersigned patient or legally authorized representative, hereby authorize " + g.attending + " and such assistants as may be selected to perform the following procedure: " + capitalize(proc) + g.f(" on the {anat}.")})
	b = append(b, block{kind: bPara, text: "The nature and purpose of the procedure, the expected benefits, the reasonable alternatives including no treatment, and the risks have been explained to me in language I understand. I have had the opportunity to ask questions, and all of my questions have been answered."})
	b = append(b, g.heading("Risks Discussed"))
	items := []string{}
	risks := []string{
		"Bleeding that may require transfusion of blood products.",
		"Infection of the wound or deeper tissues, possibly requiring {abx} or further surgery.",
		"Injury to nearby structures including the {anat} and surrounding blood vessels.",
		"Reactions to anesthesia or medications, including {med}.",
		"Blood clots in the legs or lungs.",
		"Need for an additional or different procedure, such as {proc}.",
		"Persistent pain, numbness, or scarring at the operative site.",
		"Conversion to an open procedure.",
	}
	for i, j := range g.rng.Perm(len(risks))[:min(len(risks), 4+g.n)] {
		items = append(items, fmt.Sprintf("%c. %s", 'a'+i, g.f(risks[j])))
	}
	b = append(b, block{kind: bList, items: items})
	for i := 0; i < g.n; i++ {
		b = append(b, g.section(consentExtra[i%len(consentExtra)][0], g.f(consentExtra[i%len(consentExtra)][1]))...)
	}
	b = append(b, block{kind: bPara, text: "I consent to the administration of anesthesia and to the disposal of any tissue removed. I understand that no guarantee has been made as to the results of the procedure."})
	b = append(b, block{kind: bChecks, items: []string{
		"I consent to the transfusion of blood or blood products if necessary.",
		"I consent to photography or video recording for my medical record.",
		"An interpreter was used for this discussion.",
	}, marks: []bool{g.rng.IntN(4) != 0, g.rng.IntN(2) == 0, false}})
	b = append(b, block{kind: bSig, items: []string{
		"Patient / Representative Signature: ________________________   Date: " + g.date.Format("01/02/2006") + "   Time: ______",
		"Witness: ______________________________   Relationship: ________________",
		"Physician: ______________________________   " + g.attending,
	}})
	return b
}

var consentExtra = [][2]string{
	{"Alternatives", "Alternatives to {proc} include continued observation, treatment with {med}, and a less invasive {study}. The likely consequences of declining treatment, including progression of {dx}, were explained."},
	{"Anesthesia", "The anesthesia plan was explained by the anesthesia team. Risks include sore throat, dental injury, nausea, awareness, and rarely serious reactions such as malignant hyperthermia or aspiration."},
	{"Blood Products", "If transfusion is needed, blood products are screened according to national standards. Rare risks include allergic reaction, fever, fluid overload, and transmission of infection."},
	{"Teaching Institution", "This is a teaching hospital. Residents and students under the supervision of {doc} may take part in the procedure according to their level of training."},
	{"Specific Risks", "Because of my history of {dx}, my risk of {dx} after the procedure may be higher than average, and I may need monitoring in the intensive care unit."},
	{"Tissue and Devices", "Tissue, fluids, or devices removed during the procedure may be examined by pathology and retained or disposed of according to hospital policy."},
}

var directiveExtra = [][2]string{
	{"Part 4. Primary Physician", "I designate {doc} as my primary physician. If this physician is unable or unwilling to act, I designate {doc2}. My physicians know that I have {dx} and take {med}."},
	{"Part 5. Specific Treatments", "If I develop {dx} or {dx} and my physicians believe I will not recover, I do not want {proc} or {study}. I do accept antibiotics such as {abx} for comfort."},
	{"Part 6. Anatomical Gifts", "Upon my death I give any needed organs, tissues, or parts for transplantation, therapy, research, and education, unless my agent objects. I ask that my {anat} not be used for research."},
	{"Part 7. Comfort Care", "I wish to receive care at home if possible, with music and visits from my family, and to be kept free from pain with {pain} or {pain} even if this causes drowsiness."},
	{"Part 8. Dialysis and Surgery", "I do not want long-term dialysis for {dx}. I would accept {proc} only if it is expected to restore my ability to live independently."},
	{"Part 9. Revocation and Copies", "I may revoke this directive at any time. Copies have the same effect as the original; I have given copies to my agent and to {doc}, who treats my {dx}."},
}

func (g *gen) advanceDirective() []block {
	var b []block
	b = append(b, block{kind: bPara, text: "I, " + g.p.First + " " + g.p.Last + ", being of sound mind, make this advance health care directive voluntarily. It reflects my wishes should I become unable to make or communicate decisions about my medical care."})
	b = append(b, g.section("Part 1. Health Care Agent", g.f("I designate my {rel}, "+pick(g.rng, femaleFirst)+" "+g.p.Last+", telephone (555) 01{n:0-9}-{n:1000-9999}, as my agent to make health care decisions for me. If my agent is unavailable, I designate "+pick(g.rng, maleFirst)+" "+pick(g.rng, lastNames)+" as my alternate agent."))...)
	b = append(b, g.heading("Part 2. Instructions for Health Care"))
	opts := []string{
		"I do not want my life to be prolonged if I have an incurable and irreversible condition that will result in my death within a relatively short time.",
		"I do not want cardiopulmonary resuscitation if my heart or breathing stops.",
		"I want artificial nutrition and hydration only for a trial period of no longer than fourteen days.",
		"I want relief from pain and discomfort even if it hastens my death.",
		"I want to be transferred to hospice care when treatment is no longer effective.",
		"I do not want mechanical ventilation except for a time-limited trial.",
		"I want my life prolonged as long as possible within accepted medical standards.",
		"I wish to donate any needed organs, tissues, or parts upon my death.",
	}
	n := min(len(opts), 4+g.n)
	marks := make([]bool, n)
	for i := range marks {
		marks[i] = g.rng.IntN(2) == 0
	}
	b = append(b, block{kind: bChecks, items: opts[:n], marks: marks})
	b = append(b, optional(g.section("Part 3. Additional Wishes", g.f("I have a history of {dx} and {dx}. I ask that my physicians discuss any proposed {proc} with my agent before proceeding, and that my spiritual advisor be contacted if my condition worsens.")))...)
	for i := 0; i < g.n; i++ {
		b = append(b, g.section(directiveExtra[i%len(directiveExtra)][0], g.f(directiveExtra[i%len(directiveExtra)][1]))...)
	}
	b = append(b, block{kind: bSig, items: []string{
		"Signature of Declarant: ______________________________   Date: " + g.date.Format("01/02/2006"),
		"Witness 1: ______________________________   Witness 2: ______________________________",
		"Notary Public: ______________________________   Commission expires: ____________",
	}})
	return b
}
