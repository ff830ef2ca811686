package synth

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
)

// Term pools. Terms are long, specific words that OCR tests can look for;
// within a batch each is handed out at most once (while the pool lasts), so a
// term usually occurs on a single page.
var termPools = map[string][]string{
	"med": {
		"metoprolol", "lisinopril", "atorvastatin", "furosemide", "spironolactone",
		"apixaban", "rivaroxaban", "pantoprazole", "levetiracetam",
		"hydrochlorothiazide", "amlodipine", "carvedilol", "clopidogrel",
		"enoxaparin", "levothyroxine", "prednisone", "methylprednisolone",
		"budesonide", "tiotropium", "albuterol", "ipratropium", "ondansetron",
		"metoclopramide", "sertraline", "escitalopram", "quetiapine", "haloperidol",
		"tamsulosin", "finasteride", "allopurinol", "colchicine", "sitagliptin",
		"empagliflozin", "dapagliflozin", "metformin", "warfarin", "amiodarone",
		"diltiazem", "nitroglycerin", "hydralazine", "famotidine", "bisacodyl",
		"trazodone", "lorazepam", "ropinirole", "donepezil", "memantine",
		"mirtazapine", "duloxetine", "cyclobenzaprine", "montelukast",
		"rosuvastatin", "losartan", "valsartan", "bumetanide", "torsemide",
		"glipizide", "pioglitazone", "sumatriptan", "topiramate", "lamotrigine",
		"oxybutynin",
	},
	"abx": {
		"ceftriaxone", "vancomycin", "azithromycin", "doxycycline", "cefazolin",
		"meropenem", "fluconazole", "nitrofurantoin", "cephalexin", "clindamycin",
		"linezolid", "daptomycin", "cefepime", "levofloxacin", "metronidazole",
		"ampicillin", "piperacillin", "gentamicin", "ertapenem",
	},
	"pain": {
		"oxycodone", "acetaminophen", "hydromorphone", "tramadol", "celecoxib",
		"meloxicam", "gabapentin", "ketorolac", "lidocaine", "morphine",
	},
	"dx": {
		"pneumonia", "cellulitis", "pyelonephritis", "diverticulitis", "pancreatitis",
		"cholecystitis", "choledocholithiasis", "atelectasis", "cardiomegaly",
		"hyponatremia", "hypokalemia", "hypomagnesemia", "hyperglycemia",
		"rhabdomyolysis", "encephalopathy", "bacteremia", "osteomyelitis",
		"thrombocytopenia", "leukocytosis", "neutropenia", "cardiomyopathy",
		"bradycardia", "tachycardia", "hyperlipidemia", "hypothyroidism",
		"osteoarthritis", "spondylosis", "radiculopathy", "neuropathy",
		"nephrolithiasis", "hydronephrosis", "splenomegaly", "hepatomegaly",
		"steatosis", "lymphadenopathy", "pneumothorax", "gastroparesis",
		"sarcoidosis", "endocarditis", "myocarditis", "pericarditis", "esophagitis",
		"hemoptysis", "hematuria", "dysphagia", "hypercalcemia", "hyperkalemia",
		"coagulopathy", "polyneuropathy", "bronchiectasis", "emphysema", "cirrhosis",
		"hypoalbuminemia", "urosepsis", "pancytopenia", "diverticulosis",
		"cholangitis", "appendicitis", "gastroenteritis", "hypotension",
		"claudication", "hyperthyroidism", "polymyalgia", "thrombophlebitis",
	},
	"proc": {
		"cholecystectomy", "appendectomy", "arthroplasty", "laminectomy",
		"thyroidectomy", "mastectomy", "hysterectomy", "nephrostomy", "tracheostomy",
		"herniorrhaphy", "fasciotomy", "debridement", "craniotomy", "lumpectomy",
		"prostatectomy", "splenectomy", "colectomy", "fundoplication",
		"tonsillectomy", "parathyroidectomy", "discectomy", "thrombectomy",
		"angioplasty", "pleurodesis", "embolization", "cardioversion",
		"lithotripsy", "polypectomy", "adrenalectomy", "gastrostomy",
	},
	"study": {
		"colonoscopy", "esophagogastroduodenoscopy", "thoracentesis", "paracentesis",
		"bronchoscopy", "echocardiogram", "electroencephalogram", "cystoscopy",
		"sigmoidoscopy", "pericardiocentesis", "arthroscopy", "angiography",
		"lymphoscintigraphy", "polysomnography", "electromyography", "spirometry",
		"arthrocentesis", "venography", "mammography", "scintigraphy",
	},
	"path": {
		"granulomas", "hemosiderin", "calcifications", "hyperplasia", "metaplasia",
		"cholesterolosis", "xanthogranulomatous", "lymphocytic", "eosinophilic",
		"neutrophilic", "hemorrhagic", "fibrinopurulent", "adenomyomatosis",
		"keratinization", "desmoplasia", "necrotizing", "hyalinization",
	},
	"anat": {
		"gallbladder", "duodenum", "pericardium", "diaphragm", "mediastinum",
		"retroperitoneum", "acetabulum", "clavicle", "scapula", "calcaneus",
		"sternum", "pancreas", "jejunum", "hemidiaphragm", "epigastrium",
		"hypochondrium", "popliteal", "antecubital", "supraclavicular",
		"costophrenic", "parenchyma", "infrarenal", "sacroiliac", "periumbilical",
		"suprapubic", "subxiphoid", "peritoneum", "trochanter", "olecranon",
	},
	"org": {
		"Staphylococcus", "Streptococcus", "Escherichia", "Klebsiella",
		"Pseudomonas", "Enterococcus", "Enterobacter", "Serratia", "Haemophilus",
		"Moraxella", "Citrobacter", "Clostridioides", "Bacteroides", "Acinetobacter",
	},
	"finding": {
		"fluctuance", "induration", "ecchymosis", "petechiae", "diaphoresis",
		"asterixis", "crepitations", "egophony", "lymphedema", "dysmetria",
		"hyperreflexia", "rhonchi", "wheezing", "hepatojugular", "splinting",
	},
}

// labWords are analyte names of the laboratory panels: specific enough to
// serve as distinctive words, though they are not drawn from a pool.
var labWords = []string{
	"hematocrit", "neutrophils", "lymphocytes", "eosinophils", "bicarbonate",
	"creatinine", "bilirubin", "phosphatase", "aminotransferase", "triglycerides",
	"prothrombin", "thromboplastin", "fibrinogen", "ferritin", "transferrin",
	"haptoglobin", "troponin", "natriuretic", "procalcitonin", "thyrotropin",
	"thyroxine", "urobilinogen", "leukocyte", "erythrocytes", "esterase",
	"cholesterol", "hemoglobin",
}

var labWordSet = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range labWords {
		m[w] = true
	}
	return m
}()

// rareWords holds every term of every pool, lower-cased.
var rareWords = func() map[string]bool {
	m := map[string]bool{}
	for _, pool := range termPools {
		for _, t := range pool {
			m[strings.ToLower(t)] = true
		}
	}
	return m
}()

// lexicon hands out pool terms without replacement.
type lexicon struct {
	pools  map[string][]string
	next   map[string]int
	used   map[string]bool
	prefer map[string][]string // handed out first, per category
}

func newLexicon(seed uint64) *lexicon {
	rng := rand.New(rand.NewPCG(seed, 0x6c657869636f6e))
	l := &lexicon{pools: map[string][]string{}, next: map[string]int{}, used: map[string]bool{}}
	// Iterate in a fixed order: map order is random.
	for _, cat := range []string{"abx", "anat", "dx", "finding", "med", "org", "pain", "path", "proc", "study"} {
		p := append([]string(nil), termPools[cat]...)
		rng.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
		l.pools[cat] = p
	}
	return l
}

// clone copies the lexicon's state; prefer is not carried over.
func (l *lexicon) clone() *lexicon {
	c := &lexicon{pools: l.pools, next: maps.Clone(l.next), used: maps.Clone(l.used)}
	return c
}

// withPreferred returns l set to hand out terms first (per category), in
// order.
func (l *lexicon) withPreferred(terms map[string][]string) *lexicon {
	l.prefer = map[string][]string{}
	for cat, ts := range terms {
		l.prefer[cat] = slices.Clone(ts)
	}
	return l
}

// draw returns the next unused term of cat, or a random (reused) one once
// the pool is exhausted.
func (l *lexicon) draw(cat string, rng *rand.Rand) string {
	if q := l.prefer[cat]; len(q) > 0 {
		l.prefer[cat] = q[1:]
		l.used[strings.ToLower(q[0])] = true
		return q[0]
	}
	p := l.pools[cat]
	if len(p) == 0 {
		panic("synth: unknown term category " + cat)
	}
	for i := l.next[cat]; i < len(p); i++ {
		if !l.used[strings.ToLower(p[i])] {
			l.next[cat] = i + 1
			l.used[strings.ToLower(p[i])] = true
			return p[i]
		}
	}
	l.next[cat] = len(p)
	return p[rng.IntN(len(p))]
}
