package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

type titleOpt struct {
	T   string
	Alt bool
}

var titles = map[string][]titleOpt{
	"34117-2":   {{"HISTORY AND PHYSICAL", false}, {"History and Physical", false}, {"ADMISSION HISTORY AND PHYSICAL", false}, {"Hospitalist Admission Note", true}, {"ADMISSION H&P", true}, {"", false}},
	"18842-5":   {{"DISCHARGE SUMMARY", false}, {"Discharge Summary", false}, {"HOSPITAL DISCHARGE SUMMARY", false}, {"Physician Discharge Note", true}, {"DISCHARGE NOTE / HOSPITAL COURSE", true}},
	"11506-3":   {{"PROGRESS NOTE", false}, {"Progress Note", false}, {"Hospitalist Daily Note", true}, {"SOAP NOTE", true}, {"Interval Note - Medicine", true}, {"", false}},
	"11488-4":   {{"CONSULTATION", false}, {"CONSULT NOTE", false}, {"Consultation Report", false}, {"NEW PATIENT EVALUATION", true}, {"Specialty Opinion", true}},
	"11504-8":   {{"OPERATIVE REPORT", true}, {"Op Note", true}, {"OPERATIVE NOTE", true}, {"Brief Operative Note", true}, {"SURGICAL OPERATION NOTE", false}},
	"28570-0":   {{"PROCEDURE NOTE", false}, {"Procedure Note", false}, {"BEDSIDE PROCEDURE NOTE", false}, {"ENDOSCOPY REPORT", true}, {"CARDIAC CATHETERIZATION REPORT", true}},
	"34111-5":   {{"EMERGENCY DEPARTMENT NOTE", false}, {"ED Provider Note", true}, {"EMERGENCY PHYSICIAN RECORD", true}, {"Emergency Department Visit", false}, {"ER PHYSICIAN DOCUMENTATION", true}},
	"11502-2":   {{"LABORATORY REPORT", false}, {"Laboratory Results", false}, {"CUMULATIVE RESULTS REPORT", true}, {"CHEMISTRY / HEMATOLOGY", true}},
	"18748-4":   {{"RADIOLOGY REPORT", true}, {"DIAGNOSTIC IMAGING REPORT", false}, {"Imaging Report", true}, {"", false}},
	"11526-1":   {{"SURGICAL PATHOLOGY REPORT", true}, {"PATHOLOGY REPORT", false}, {"Pathology Consultation Report", true}},
	"34746-8":   {{"NURSING NOTE", false}, {"Nursing Progress Notes", false}, {"RN SHIFT ASSESSMENT", true}, {"Nursing Narrative", true}},
	"57133-1":   {{"", false}, {"REFERRAL", false}, {"Re: Referral for Evaluation", false}, {"Letter of Medical Necessity", true}},
	"59284-0":   {{"CONSENT TO OPERATION, ANESTHESIA AND OTHER MEDICAL SERVICES", false}, {"INFORMED CONSENT FOR BLOOD TRANSFUSION", false}, {"Authorization and Consent for Procedure", false}, {"Patient Agreement for Treatment", true}},
	"42348-3":   {{"ADVANCE DIRECTIVE", false}, {"DURABLE POWER OF ATTORNEY FOR HEALTH CARE", true}, {"LIVING WILL DECLARATION", true}, {"Physician Orders for Life-Sustaining Treatment (POLST)", true}},
	"34133-9":   {{"TRANSFER SUMMARY", true}, {"Interfacility Transfer Summary", true}, {"SUMMARY OF EPISODE", false}, {"Continuity of Care / Transfer Record", true}},
	"MAR":       {{"MEDICATION ADMINISTRATION RECORD", false}, {"MAR - Downtime Paper Record", true}, {"Medication Administration Record (24 hr)", false}},
	"FACESHEET": {{"FACE SHEET", false}, {"PATIENT REGISTRATION / ADMISSION RECORD", true}, {"Admission Face Sheet", false}},
	"ORDERS":    {{"PHYSICIAN ORDERS", false}, {"ADMISSION ORDER SET - MEDICINE", false}, {"Telephone / Verbal Order Sheet", true}, {"Prescriber Orders", true}},
	"FLOWSHEET": {{"VITAL SIGNS FLOWSHEET", false}, {"Intake and Output Record", true}, {"NEUROLOGICAL CHECK FLOWSHEET", false}, {"Graphic Record", true}},
}

var displayNames = map[string]string{"34117-2": "History and physical note", "18842-5": "Discharge summary", "11506-3": "Progress note", "11488-4": "Consult note", "11504-8": "Surgical operation note", "28570-0": "Procedure note", "34111-5": "Emergency department note", "11502-2": "Laboratory report", "18748-4": "Diagnostic imaging study", "11526-1": "Pathology study", "34746-8": "Nurse note", "57133-1": "Referral note", "59284-0": "Consent Document", "42348-3": "Advance healthcare directives", "34133-9": "Summary of episode note", "MAR": "Medication administration record", "FACESHEET": "Face sheet", "ORDERS": "Orders", "FLOWSHEET": "Flowsheet", "UNK": ""}

var physicians = []string{"Rosa Castellano, MD", "Peter Nwosu, MD", "Laura Haverford, DO", "Sunita Iyer, MD", "Michael Brandt, MD", "Kemi Oyelaran, MD", "Thomas Whitcomb, MD", "Alan Feldman, MD", "Julia Marchetti, DO", "Carl Lindgren, MD", "Hana Okonjo, MD", "David Szymanski, MD", "Amara Eze, MD", "Gordon Pike, MD"}

type ctx struct {
	r     *rand.Rand
	pat   *Patient
	c     *Case
	adm   time.Time
	dis   time.Time
	dfmt  int
	phys  string
	phys2 string
}

func (x *ctx) fill(s string) string {
	p := x.pat
	he, his, him, sex := "she", "her", "her", "woman"
	if p.Sex == "M" {
		he, his, him, sex = "he", "his", "him", "man"
	}
	pn := "The patient"
	switch x.r.IntN(4) {
	case 0:
		if p.Sex == "M" {
			pn = "Mr. " + p.Last
		} else {
			pn = "Ms. " + p.Last
		}
	case 1:
		pn = "This patient"
	}
	rep := strings.NewReplacer("{Pname}", pn, "{He}", strings.ToUpper(he[:1])+he[1:], "{he}", he, "{His}", strings.ToUpper(his[:1])+his[1:], "{his}", his, "{him}", him, "{sex}", sex, "{age}", fmt.Sprint(p.Age(x.adm)))
	return rep.Replace(s)
}

func (x *ctx) d(t time.Time) string {
	switch x.dfmt % 4 {
	case 0:
		return t.Format("01/02/2006")
	case 1:
		return t.Format("1/2/2006")
	case 2:
		return t.Format("January 2, 2006")
	}
	return t.Format("02-Jan-2006")
}

func P(s string) Block           { return Block{Kind: "p", Text: s} }
func H(s string) Block           { return Block{Kind: "h", Text: s} }
func T(s string) Block           { return Block{Kind: "title", Text: s} }
func runin(t, g, s string) Block { return Block{Kind: "runin", Title: t, Glue: g, Text: s} }

func vitals(r *rand.Rand) string {
	return fmt.Sprintf("Temperature %.1f C, heart rate %d, blood pressure %d/%d, respiratory rate %d, oxygen saturation %d%% on %s.", 36.5+r.Float64()*2, 70+r.IntN(45), 100+r.IntN(60), 55+r.IntN(35), 14+r.IntN(12), 88+r.IntN(11), []string{"room air", "2 liters nasal cannula", "4 L NC"}[r.IntN(3)])
}

// dictation footer
func dictFooter(x *ctx, signer string) []Block {
	r := x.r
	dd := x.dis.Add(time.Duration(8+r.IntN(9)) * time.Hour).Add(time.Duration(r.IntN(60)) * time.Minute)
	tt := dd.Add(time.Duration(2+r.IntN(20)) * time.Hour)
	job := fmt.Sprintf("%07d", r.IntN(9999999))
	out := []Block{{Kind: "gap"}}
	switch r.IntN(3) {
	case 0:
		out = append(out, P(fmt.Sprintf("D: %s  T: %s", dd.Format("01/02/2006 15:04"), tt.Format("01/02/2006 15:04"))), P(fmt.Sprintf("Job #: %s   Doc ID: %d   cc: Primary Care Physician", job, 100000+r.IntN(899999))), P("Electronically signed by "+signer+" on "+tt.Add(20*time.Hour).Format("01/02/2006 15:04")))
	case 1:
		out = append(out, Block{Kind: "sig", Text: signer}, P(fmt.Sprintf("DD: %s   DT: %s   JOB: %s/%s", dd.Format("01/02/06"), tt.Format("01/02/06"), job, initials(signer))))
	default:
		out = append(out, P(fmt.Sprintf("Dictated by: %s  Dictated: %s  Transcribed: %s  Transcriptionist: %s  Job %s", signer, dd.Format("01/02/2006"), tt.Format("01/02/2006"), []string{"kmr", "jlt", "ab"}[r.IntN(3)], job)), P("This report was electronically signed by "+signer+"."))
	}
	return out
}

func initials(n string) string {
	f := strings.Fields(n)
	if len(f) < 2 {
		return "xx"
	}
	return strings.ToLower(f[0][:1] + f[1][:1])
}

func pickTitle(r *rand.Rand, typ string) titleOpt {
	o := titles[typ]
	return o[r.IntN(len(o))]
}

// build fills d.Blocks for its type; size controls amount (1..3).
func build(d *Doc, x *ctx, size int) {
	r := x.r
	c := x.c
	var b []Block
	t := d.Title
	dict := r.IntN(2) == 0
	add := func(bs ...Block) { b = append(b, bs...) }
	switch d.Type {
	case "34117-2", "34111-5", "11488-4":
		hpi := x.fill(c.HPI)
		if t != "" && dict {
			first := "CHIEF COMPLAINT: " + c.CC
			if d.Type == "11488-4" {
				first = "REASON FOR CONSULTATION: " + c.ConsultQ
			}
			add(runin(strings.ToUpper(t), []string{"", " "}[r.IntN(2)], first))
		} else {
			if t != "" {
				add(T(t))
			}
			add(Block{Kind: "kv", Items: []string{"Date of Service:|" + x.d(x.adm), "Attending:|" + x.phys}})
			if d.Type == "11488-4" {
				add(H("REASON FOR CONSULTATION:"), P(c.ConsultQ), P("Requesting physician: "+x.phys2+". Consulting service: "+c.ConsultSvc+"."))
			} else {
				add(H("CHIEF COMPLAINT:"), P(c.CC))
			}
		}
		add(H("HISTORY OF PRESENT ILLNESS:"), P(hpi))
		if d.Type == "34111-5" {
			add(P(fmt.Sprintf("Triage acuity ESI %d. Arrived by %s at %s.", 2+r.IntN(2), []string{"private vehicle", "EMS", "ambulance from home"}[r.IntN(3)], x.adm.Format("15:04"))))
		}
		add(H("PAST MEDICAL HISTORY:"), P(c.PMH), H("PAST SURGICAL HISTORY:"), P(c.PSH))
		add(H("MEDICATIONS:"), P(c.Meds), H("ALLERGIES:"), P(c.Allergies))
		if size >= 2 {
			add(H("SOCIAL HISTORY:"), P(socialTexts[r.IntN(len(socialTexts))]), H("FAMILY HISTORY:"), P(familyTexts[r.IntN(len(familyTexts))]), H("REVIEW OF SYSTEMS:"), P(rosText))
		}
		add(H("PHYSICAL EXAMINATION:"), P("Vital signs: "+vitals(r)), P(examText))
		if size >= 3 {
			add(Block{Kind: "kv", Cols: 1, Items: detailedExam})
		}
		if size >= 4 {
			add(H("DATA REVIEWED:"), P("I personally reviewed the following: "+c.Labs+" "+c.Imaging+" Prior records from "+[]string{"St. Aldhelm's Hospital", "the patient's primary care office", "Eastfield University Hospital"}[r.IntN(3)]+" were obtained and reviewed, including a prior echocardiogram, medication lists and the most recent discharge summary."), H("PROBLEM LIST:"), P(problemText(x)))
		}
		add(H("LABORATORY DATA:"), P(c.Labs))
		if c.Imaging != "None." {
			add(H("IMAGING:"), P(c.Imaging))
		}
		switch d.Type {
		case "34111-5":
			add(H("ED COURSE:"), P(x.fill(c.EDCourse)), H("MEDICAL DECISION MAKING:"), P("Differential diagnosis was considered as documented above. Laboratory and imaging results were personally reviewed. Given the findings and the patient's risk profile, admission is warranted."), H("CLINICAL IMPRESSION:"), P(c.Assessment), H("DISPOSITION:"), P("Admitted to the hospitalist service in "+[]string{"stable", "guarded", "fair"}[r.IntN(3)]+" condition. Discussed with the admitting physician "+x.phys2+"."))
		case "11488-4":
			add(H("IMPRESSION:"), P(c.Assessment), H("RECOMMENDATIONS:"), P(c.ConsultRec), P("Thank you for allowing us to participate in the care of this patient. We will continue to follow."))
		default:
			add(H("ASSESSMENT AND PLAN:"), P(c.Assessment), P(x.fill(c.Plan)), P("Code status: "+[]string{"Full code.", "DNR/DNI, confirmed with patient.", "Full code, discussed with patient and family."}[r.IntN(3)]))
		}
		if dict {
			add(dictFooter(x, x.phys)...)
		} else {
			add(Block{Kind: "sig", Text: x.phys + "  " + x.adm.Add(3*time.Hour).Format("01/02/2006 15:04")})
		}
	case "18842-5", "34133-9":
		hdr := fmt.Sprintf("ADMISSION DATE: %s  DISCHARGE DATE: %s", x.d(x.adm), x.d(x.dis))
		if d.Type == "34133-9" {
			hdr = fmt.Sprintf("DATE OF ADMISSION: %s  DATE OF TRANSFER: %s  RECEIVING FACILITY: %s", x.d(x.adm), x.d(x.dis), []string{"Pinecrest Skilled Nursing & Rehabilitation", "Riverbend Regional Medical Center", "Eastfield University Hospital"}[r.IntN(3)])
		}
		if t != "" && dict {
			add(runin(strings.ToUpper(t), " ", hdr))
		} else {
			if t != "" {
				add(T(t))
			}
			add(P(hdr))
		}
		add(P("ATTENDING PHYSICIAN: " + x.phys))
		add(H("DISCHARGE DIAGNOSES:"), P(c.DischargeDx))
		if c.Proc != "" {
			add(H("PROCEDURES:"), P(c.Proc+"."))
		}
		add(H("CONSULTANTS:"), P(c.ConsultSvc+"."))
		add(H("HISTORY OF PRESENT ILLNESS:"), P(x.fill(c.HPI)))
		if size >= 2 {
			add(H("PAST MEDICAL HISTORY:"), P(c.PMH), H("ALLERGIES:"), P(c.Allergies))
		}
		add(H("HOSPITAL COURSE:"), P(x.fill(c.EDCourse)+" "+x.fill(c.HospCourse)))
		if size >= 4 {
			add(H("HOSPITAL COURSE BY PROBLEM:"), P(problemText(x)), H("PERTINENT PHYSICAL EXAMINATION AT DISCHARGE:"), Block{Kind: "kv", Cols: 1, Items: detailedExam})
		}
		if size >= 3 {
			add(H("PERTINENT RESULTS:"), P(c.Labs), P(c.Imaging))
		}
		add(H("CONDITION AT DISCHARGE:"), P([]string{"Stable.", "Good. Ambulating with a walker.", "Improved, hemodynamically stable."}[r.IntN(3)]))
		add(H("DISCHARGE MEDICATIONS:"), P(c.DischargeMeds))
		if d.Type == "34133-9" {
			add(H("CODE STATUS:"), P("Full code."), H("ISOLATION:"), P("None."), H("DIET:"), P("Cardiac, consistent carbohydrate."), H("FUNCTIONAL STATUS:"), P("Requires assistance of one for transfers. Ambulates 50 feet with a rolling walker."))
		}
		add(H("FOLLOW-UP:"), P(c.FollowUp))
		if size >= 2 {
			add(H("DISCHARGE INSTRUCTIONS:"), P("Diet and activity as tolerated unless otherwise specified above. The patient and family verbalized understanding of the discharge instructions, medication changes and warning signs that should prompt a return to the emergency department, including fever, chest pain, worsening shortness of breath, bleeding or inability to keep down fluids. Greater than 30 minutes was spent on discharge planning and coordination of care."))
		}
		add(dictFooter(x, x.phys)...)
	case "11506-3":
		hd := fmt.Sprintf("Hospital day %d", 2+r.IntN(4))
		if t != "" {
			add(T(t))
		}
		add(Block{Kind: "kv", Items: []string{"Date:|" + x.d(x.adm.AddDate(0, 0, 1+r.IntN(3))), "Service:|" + []string{"Hospital Medicine", "Internal Medicine Teaching", "Orthopaedics"}[r.IntN(3)]}}, P(hd+". "+x.fill("{Pname} is a {age}-year-old {sex} admitted with "+strings.ToLower(strings.TrimSuffix(c.CC, "."))+".")))
		add(H("SUBJECTIVE:"), P(x.fill(c.ProgS)), H("OBJECTIVE:"), P(x.fill(c.ProgO)))
		if size >= 2 {
			add(H("MEDICATIONS:"), P(c.Meds), H("LABS:"), P(c.Labs), P(examText))
		}
		add(H("ASSESSMENT AND PLAN:"), P(x.fill(c.ProgA)), P("DVT prophylaxis: "+[]string{"enoxaparin 40 mg daily.", "therapeutic anticoagulation.", "SCDs."}[r.IntN(3)]+" Disposition: "+[]string{"home when stable.", "anticipate SNF.", "continue inpatient."}[r.IntN(3)]))
		add(Block{Kind: "sig", Text: x.phys2 + "  Electronically signed " + x.adm.AddDate(0, 0, 2).Format("01/02/2006 15:04")})
	case "11504-8", "28570-0":
		proc := c.Proc
		pre := c.ProcIndication
		if t != "" && dict {
			add(runin(strings.ToUpper(t), " ", "DATE OF PROCEDURE: "+x.d(x.adm.AddDate(0, 0, 1))))
		} else {
			if t != "" {
				add(T(t))
			}
			add(P("Date of procedure: " + x.d(x.adm.AddDate(0, 0, 1))))
		}
		add(H("PREOPERATIVE DIAGNOSIS:"), P(pre), H("POSTOPERATIVE DIAGNOSIS:"), P("Same."), H("PROCEDURE PERFORMED:"), P(proc+"."))
		add(Block{Kind: "kv", Cols: 1, Items: []string{"SURGEON:|" + x.phys, "ASSISTANT:|" + []string{"None.", "K. Doyle, PA-C", "Resident: S. Amin, MD"}[r.IntN(3)], "ANESTHESIA:|" + c.Anesth, "ESTIMATED BLOOD LOSS:|" + []string{"Minimal.", "50 mL.", "150 mL."}[r.IntN(3)], "COMPLICATIONS:|None apparent."}})
		if c.Specimen != "" {
			add(H("SPECIMENS:"), P(c.Specimen))
		}
		add(H("INDICATIONS:"), P(x.fill(c.ProcIndication+" The risks, benefits and alternatives were discussed with the patient, who wished to proceed, and informed consent was signed.")), H("FINDINGS:"), P(c.Findings), H("DESCRIPTION OF PROCEDURE:"), P(x.fill(c.ProcDesc)))
		add(P("The patient was transferred to the recovery area in stable condition. I was present and scrubbed for the entire procedure."))
		add(dictFooter(x, x.phys)...)
	case "18748-4":
		exam := c.RadExam
		acc := fmt.Sprintf("RAD%08d", r.IntN(99999999))
		if t == "" {
			// title is the exam itself run into the first sentence
			add(runin(exam, "", "REASON FOR EXAM: "+c.RadReason))
		} else {
			add(T(t), Block{Kind: "kv", Items: []string{"Exam:|" + exam, "Accession:|" + acc, "Date of Exam:|" + x.d(x.adm), "Ordering:|" + x.phys2}}, H("CLINICAL INDICATION:"), P(c.RadReason))
		}
		add(H("COMPARISON:"), P([]string{"None available.", "Prior study dated 03/14/2025.", "Outside images are not available for comparison."}[r.IntN(3)]))
		add(H("TECHNIQUE:"), P([]string{"Standard views were obtained.", "Axial images were acquired with multiplanar reformats. Dose reduction techniques were used, including automated exposure control.", "Multiplanar multisequence imaging was performed before and after intravenous gadolinium."}[r.IntN(3)]))
		add(H("FINDINGS:"), P(c.RadFindings), H("IMPRESSION:"), P(c.RadImpr))
		rad := []string{"Nadia Farouk, MD", "Owen Pritchard, MD", "Li Zhang, MD"}[r.IntN(3)]
		add(P("Dictated by: "+rad+"  Dictated: "+x.adm.Add(90*time.Minute).Format("01/02/2006 15:04")), P("Electronically signed by: "+rad+" on "+x.adm.Add(150*time.Minute).Format("01/02/2006 15:04")))
	case "11526-1":
		acc := fmt.Sprintf("S26-%05d", r.IntN(99999))
		if t != "" {
			add(T(t))
		}
		add(Block{Kind: "kv", Items: []string{"Accession #:|" + acc, "Collected:|" + x.d(x.adm.AddDate(0, 0, 1)), "Received:|" + x.d(x.adm.AddDate(0, 0, 1)), "Reported:|" + x.d(x.adm.AddDate(0, 0, 3)), "Submitting Physician:|" + x.phys, "Location:|" + []string{"Main OR", "Endoscopy", "Outpatient Surgery"}[r.IntN(3)]}})
		add(H("FINAL DIAGNOSIS:"), P(c.PathDx), H("SPECIMEN SUBMITTED:"), P(c.Specimen), H("CLINICAL HISTORY:"), P(c.ProcIndication), H("GROSS DESCRIPTION:"), P(c.PathGross))
		if size >= 2 {
			add(H("MICROSCOPIC DESCRIPTION:"), P(c.PathMicro))
		}
		add(P("I have personally reviewed the slides and rendered the final diagnosis."), Block{Kind: "sig", Text: []string{"Helena Vasquez, MD, Pathologist", "Marcus Oyelowo, MD, FCAP"}[r.IntN(2)]})
	case "34746-8":
		if t != "" {
			add(T(t))
		}
		if r.IntN(2) == 0 {
			items := []string{"Alert and oriented x4", "Confused", "Lungs clear", "Crackles", "Edema", "Skin intact", "Pressure injury", "Fall risk", "Bed alarm on", "Call light in reach", "IV site clean", "Foley catheter"}
			ch := make([]bool, len(items))
			for i := range ch {
				ch[i] = r.IntN(2) == 0
			}
			add(Block{Kind: "hand", Items: []string{"Date/Shift:|" + x.adm.AddDate(0, 0, 1).Format("1/2") + " days", "Pain score:|" + fmt.Sprint(r.IntN(8)) + "/10"}})
			add(Block{Kind: "checks", Items: items, Checked: ch, Cols: 3})
		}
		base := x.adm.AddDate(0, 0, 1).Add(-time.Duration(x.adm.Hour()) * time.Hour)
		notes := []string{"Assumed care of patient. Report received from night RN. Patient resting in bed, call light within reach.", "Morning assessment completed, see flowsheet. " + x.fill(c.ProgS), "Medications given as ordered. Patient tolerated well. Ambulated in hallway with assistance of one and a walker.", "Physician at bedside, plan of care reviewed with patient and family. Questions answered.", "Patient reports pain 6/10, PRN medication given per MAR. Reassessed after one hour, pain 3/10.", "Dressing changed per order, site clean and dry, no redness or drainage noted.", "Patient up to chair for lunch, ate 75 percent of meal. Voiding without difficulty.", "Vital signs stable. Turned and repositioned. Bed in lowest position, bed alarm on.", "Report given to oncoming RN at bedside. Patient in no apparent distress."}
		n := 4 + size*2
		for i := 0; i < n && i < len(notes); i++ {
			tm := base.Add(time.Duration(7*60+i*95+r.IntN(20)) * time.Minute)
			add(P(tm.Format("01/02 1504") + "  " + notes[i] + "  " + []string{"J. Albright, RN", "M. Osei, RN", "T. Kovac, LPN"}[i%3]))
		}
	case "57133-1":
		sender := []string{"Eleanor Whitaker, MD", "Rahul Menon, MD", "Grace Adebayo, DO", "Daniel Kerr, MD"}[r.IntN(4)]
		add(P(x.d(x.dis.AddDate(0, 0, -r.IntN(10)))), Block{Kind: "gap"}, P(x.phys+"\n"+[]string{"Department of Cardiology", "Orthopaedic Surgery", "Gastroenterology", "Pulmonary Medicine"}[r.IntN(4)]+"\nRiverbend Regional Medical Center\n1400 Riverbend Parkway\nMillbrook, OH 44870"), Block{Kind: "gap"})
		re := "RE: " + x.pat.First + " " + x.pat.Last + "   DOB: " + DateFmt(x.pat.DOB, r.IntN(8))
		if t != "" {
			add(H(t))
		}
		add(P(re), Block{Kind: "gap"}, P("Dear Dr. "+strings.Fields(x.phys)[1]+","))
		add(P(x.fill("Thank you for seeing {Pname}, a {age}-year-old {sex} whom I follow in primary care, for further evaluation. " + c.HPI)))
		add(P("Past history is notable for: " + c.PMH + " Current medications: " + c.Meds + " Allergies: " + c.Allergies))
		if size >= 2 {
			add(P(x.fill("Recent studies: " + c.Labs + " " + c.Imaging + " I would appreciate your opinion regarding further management, in particular whether additional testing or a change in therapy is indicated. I have enclosed recent office notes and laboratory results. Please do not hesitate to contact my office with any questions.")))
		}
		add(P("Sincerely,"), Block{Kind: "sig", Text: sender}, P("cc: patient chart"))
	case "59284-0":
		p := x.pat
		full := p.First + " " + p.Last
		if p.Middle != "" {
			full = p.First + " " + p.MI() + ". " + p.Last
		}
		add(T(t))
		proc := c.Proc
		if proc == "" || strings.Contains(t, "TRANSFUSION") {
			proc = "transfusion of blood and blood products"
		}
		add(P(fmt.Sprintf("I, %s, born %s, hereby authorize Dr. %s and such associates, residents and assistants as may be selected to perform the following operation or procedure: %s.", full, DateFmt(p.DOB, 6), strings.Fields(x.phys)[1], strings.ToLower(proc))))
		add(Block{Kind: "legal", Text: "1. The nature and purpose of the procedure, the possible alternative methods of treatment, the risks involved and the possibility of complications have been explained to me. I understand that the practice of medicine and surgery is not an exact science and I acknowledge that no guarantees have been made to me as to the results. Risks include but are not limited to bleeding, infection, injury to nearby structures, reaction to medications, blood clots, and in rare cases death."})
		add(Block{Kind: "legal", Text: "2. I consent to the administration of anesthesia or sedation by or under the direction of the responsible anesthesia provider, and I understand that anesthesia carries its own risks, which have been explained to me separately."})
		add(Block{Kind: "legal", Text: "3. I consent to the disposal by hospital authorities of any tissue or parts which may be removed, and to the examination of such tissue by the department of pathology. I consent to photography or video recording for the purposes of the medical record and education, provided my identity is not revealed."})
		if size >= 2 {
			add(Block{Kind: "legal", Text: "4. If, during the course of the procedure, unforeseen conditions arise that necessitate additional or different procedures, I authorize my physician to perform such procedures as are in his or her professional judgment necessary and desirable. 5. I have been given the opportunity to ask questions and all my questions have been answered to my satisfaction. I have read and fully understand this consent form, and I acknowledge that any blanks requiring completion were filled in before I signed."})
			add(Block{Kind: "checks", Items: []string{"I consent to blood transfusion if needed", "I refuse blood transfusion", "Interpreter used", "Patient unable to sign, signed by legal representative"}, Checked: []bool{true, false, r.IntN(4) == 0, false}, Cols: 1})
		}
		add(Block{Kind: "sig", Text: "Signature of Patient or Legal Representative"}, Block{Kind: "hand", Items: []string{"Date / Time:|" + x.adm.Format("1/2/06") + " " + x.adm.Add(2*time.Hour).Format("15:04"), "Witness:|" + []string{"L. Moreau RN", "B. Tran RN"}[r.IntN(2)]}}, Block{Kind: "sig", Text: "Physician: I have explained the procedure, risks, benefits and alternatives. " + x.phys})
	case "42348-3":
		p := x.pat
		add(T(t))
		agent := []string{"Teresa", "Paul", "Monica", "Andre"}[r.IntN(4)] + " " + p.Last
		add(P(fmt.Sprintf("I, %s %s, of Millbrook, Ohio, born %s, being of sound mind, willfully and voluntarily make known my desires regarding my health care should I become unable to make or communicate decisions for myself.", p.First, p.Last, DateFmt(p.DOB, 4))))
		add(H("PART 1. DESIGNATION OF HEALTH CARE AGENT"), P(fmt.Sprintf("I designate %s, my %s, telephone (419) 555-01%02d, as my agent to make health care decisions for me. If this agent is unwilling or unable to serve, I designate my alternate agent as listed below.", agent, []string{"spouse", "son", "daughter", "brother"}[r.IntN(4)], r.IntN(99))))
		add(Block{Kind: "legal", Text: "My agent is authorized to consent to, refuse, or withdraw any care, treatment, service or procedure to maintain, diagnose or treat a physical or mental condition, including life-sustaining treatment, artificially administered nutrition and hydration, and to request, review and receive any information regarding my physical or mental health, including medical and hospital records. This power of attorney shall not be affected by my subsequent disability or incapacity."})
		add(H("PART 2. INSTRUCTIONS FOR HEALTH CARE"), Block{Kind: "checks", Items: []string{"I do not want my life to be prolonged if I have a terminal condition", "I do not want my life prolonged if I am permanently unconscious", "I want my life prolonged as long as possible", "I want comfort care and pain relief even if it hastens death", "I wish to donate my organs and tissues"}, Checked: []bool{true, true, false, true, r.IntN(2) == 0}, Cols: 1})
		if size >= 2 {
			add(H("PART 3. WITNESSES"), Block{Kind: "legal", Text: "I declare that the principal is personally known to me, that the principal signed or acknowledged this document in my presence, that the principal appears to be of sound mind and under no duress, fraud or undue influence, that I am not the person appointed as agent by this document, and that I am not related to the principal by blood, marriage or adoption, nor the attending physician of the principal."}, Block{Kind: "sig", Text: "Witness 1"}, Block{Kind: "sig", Text: "Witness 2"})
			add(H("NOTARY ACKNOWLEDGMENT"), Block{Kind: "legal", Text: "State of Ohio, County of Huron. On this day the principal personally appeared before me and acknowledged the execution of the foregoing instrument as a free and voluntary act. My commission expires 08/31/2029."})
		}
		if size >= 3 {
			add(H("PART 4. AUTHORIZATION FOR RELEASE OF HEALTH INFORMATION"), Block{Kind: "legal", Text: "I authorize any health care provider to disclose to my agent any individually identifiable health information about me, as permitted by the Health Insurance Portability and Accountability Act of 1996 and its regulations, for the purpose of enabling my agent to make health care decisions on my behalf. This authorization remains in effect until revoked in writing. I understand that information disclosed under this authorization may be redisclosed by the recipient and may no longer be protected by federal privacy rules."}, H("PART 5. ANATOMICAL GIFTS"), Block{Kind: "legal", Text: "Upon my death I give any needed organs, tissues or parts for the purposes of transplantation, therapy, medical research and education. My gift is limited as follows: none. I understand that no organ or tissue will be removed before death has been declared by a physician in accordance with the law of this state."}, H("REVOCATION"), Block{Kind: "legal", Text: "I understand that I may revoke this directive at any time by a signed writing, by physically destroying it, or by orally expressing my intent to revoke it in the presence of a witness. A later valid advance directive revokes any earlier one to the extent of any conflict."})
		}
		add(Block{Kind: "sig", Text: "Signature of Principal   Date " + x.adm.AddDate(-1, -r.IntN(6), 0).Format("01/02/2006")})
	case "MAR":
		add(T(t))
		days := []time.Time{x.adm, x.adm.AddDate(0, 0, 1), x.adm.AddDate(0, 0, 2)}
		hdr := []string{"Medication / Dose / Route / Freq", "Time"}
		for _, dd := range days {
			hdr = append(hdr, dd.Format("01/02"))
		}
		rows := [][]string{hdr}
		meds := strings.Split(c.DischargeMeds, ", ")
		for i, m := range meds {
			if i > 6+size*2 {
				break
			}
			if len(m) > 48 {
				m = m[:48]
			}
			times := []string{"0900", "2100"}
			if r.IntN(2) == 0 {
				times = []string{"0900"}
			}
			for k, tm := range times {
				name := m
				if k > 0 {
					name = ""
				}
				row := []string{name, tm}
				for range days {
					row = append(row, []string{"JA", "MO", "TK", "JA", "held"}[r.IntN(5)])
				}
				rows = append(rows, row)
			}
		}
		add(Block{Kind: "table", Rows: rows, Widths: []float64{4, 0.8, 0.9, 0.9, 0.9}, HandCol: 2, Cols: 1})
		add(P("Initials / Signature: JA = J. Albright RN   MO = M. Osei RN   TK = T. Kovac LPN"), P("Allergies: "+c.Allergies))
	case "FACESHEET":
		p := x.pat
		add(T(t))
		l := d.Lab
		add(Block{Kind: "kv", Cols: 2, Items: []string{"Patient Name:|" + p.NameFmt(0), "MRN:|" + p.MRN, "Date of Birth:|" + p.DOB.Format("01/02/2006"), "Sex:|" + p.Sex, "Address:|" + fmt.Sprintf("%d %s", 100+r.IntN(9000), []string{"Elm Street", "Lakeview Drive", "County Road 9", "Harmon Ave Apt 4B"}[r.IntN(4)]), "City/State/Zip:|Millbrook, OH 44870", "Home Phone:|(419) 555-0" + fmt.Sprint(100+r.IntN(899)), "Marital Status:|" + []string{"Married", "Single", "Widowed", "Divorced"}[r.IntN(4)], "Language:|" + []string{"English", "Spanish", "Vietnamese", "English"}[r.IntN(4)], "Religion:|Declined"}})
		add(H("ENCOUNTER"), Block{Kind: "kv", Cols: 2, Items: []string{"Account/FIN:|" + l.FIN, "Admit Date/Time:|" + x.adm.Format("01/02/2006 15:04"), "Patient Type:|Inpatient", "Unit/Room:|" + l.Room, "Attending:|" + x.phys, "Admit Source:|Emergency Department", "Admitting Dx:|" + strings.TrimSuffix(c.CC, ".")}})
		add(H("GUARANTOR / INSURANCE"), Block{Kind: "kv", Cols: 2, Items: []string{"Primary Ins:|" + []string{"Medicare Part A", "Buckeye Health Plan", "Anthem BCBS", "Medicaid of Ohio"}[r.IntN(4)], "Policy #:|" + fmt.Sprintf("%d%c", 100000000+r.IntN(899999999), 'A'+rune(r.IntN(26))), "Secondary Ins:|" + []string{"None", "AARP Supplement", "Tricare For Life"}[r.IntN(3)], "Guarantor:|Self"}})
		add(H("EMERGENCY CONTACT"), Block{Kind: "kv", Cols: 2, Items: []string{"Name:|" + []string{"Teresa", "Paul", "Monica", "Andre"}[r.IntN(4)] + " " + p.Last, "Relationship:|" + []string{"Spouse", "Son", "Daughter"}[r.IntN(3)], "Phone:|(419) 555-02" + fmt.Sprintf("%02d", r.IntN(99)), "Advance Directive on file:|" + []string{"Yes", "No"}[r.IntN(2)]}})
	case "ORDERS":
		add(T(t))
		add(Block{Kind: "kv", Items: []string{"Date:|" + x.adm.Format("01/02/2006"), "Time:|" + x.adm.Add(time.Hour).Format("15:04")}})
		add(Block{Kind: "checks", Items: []string{"Admit to: Inpatient", "Observation", "Telemetry", "Condition: Stable", "Code status: Full code", "DNR", "Vital signs every 4 hours", "Strict intake and output", "Daily weights"}, Checked: []bool{true, false, r.IntN(2) == 0, true, true, false, true, r.IntN(2) == 0, r.IntN(2) == 0}, Cols: 3})
		add(H("Diet / Activity"), Block{Kind: "hand", Items: []string{"Diet:|" + []string{"2 g sodium, 2 L fluid restrict", "NPO after midnight", "Consistent carb"}[r.IntN(3)], "Activity:|" + []string{"OOB to chair, ambulate TID", "Bedrest", "WBAT with walker"}[r.IntN(3)]}})
		add(H("Medications"))
		ms := []string{}
		for i, m := range strings.Split(c.DischargeMeds, ", ") {
			if i >= 3+size*2 {
				break
			}
			if len(m) > 44 {
				m = m[:44]
			}
			ms = append(ms, fmt.Sprintf("%d.|%s", i+1, m))
		}
		add(Block{Kind: "hand", Items: ms})
		add(H("Labs / Diagnostics"), Block{Kind: "checks", Items: []string{"CBC", "BMP", "CMP", "Magnesium", "PT/INR", "Lipid panel", "Blood cultures x2", "Chest x-ray", "ECG"}, Checked: []bool{true, true, false, r.IntN(2) == 0, r.IntN(2) == 0, false, r.IntN(2) == 0, r.IntN(2) == 0, true}, Cols: 3})
		add(Block{Kind: "sig", Text: "Prescriber signature / ID   " + x.phys}, P("Read back and verified: ______ RN   Noted by unit clerk: ______"))
	case "FLOWSHEET":
		add(T(t))
		hdr := []string{"Date/Time", "Temp", "HR", "BP", "RR", "SpO2", "Pain", "Intake", "Output", "Init"}
		rows := [][]string{hdr}
		tm := x.adm
		n := 10 + size*7
		for i := 0; i < n; i++ {
			tm = tm.Add(4 * time.Hour)
			rows = append(rows, []string{tm.Format("01/02 1504"), fmt.Sprintf("%.1f", 36.4+r.Float64()*1.8), fmt.Sprint(68 + r.IntN(40)), fmt.Sprintf("%d/%d", 100+r.IntN(50), 55+r.IntN(30)), fmt.Sprint(14 + r.IntN(10)), fmt.Sprint(89 + r.IntN(10)), fmt.Sprint(r.IntN(8)), fmt.Sprint(r.IntN(5) * 120), fmt.Sprint(r.IntN(6) * 100), []string{"JA", "MO", "TK"}[r.IntN(3)]})
		}
		add(Block{Kind: "table", Rows: rows, Widths: []float64{1.3, 0.6, 0.5, 0.8, 0.5, 0.6, 0.5, 0.7, 0.7, 0.5}, HandCol: 1, Cols: 1})
		add(P("Notify provider for SBP < 90 or > 180, HR < 50 or > 120, SpO2 < 90%, temperature > 38.3."))
	case "11502-2":
		if t != "" {
			add(T(t))
		}
		add(Block{Kind: "kv", Items: []string{"Collected:|" + x.adm.Add(40*time.Minute).Format("01/02/2006 15:04"), "Received:|" + x.adm.Add(70*time.Minute).Format("01/02/2006 15:04"), "Ordering:|" + x.phys, "Specimen:|Blood, venous"}})
		rows := [][]string{{"TEST", "RESULT", "FLAG", "UNITS", "REFERENCE RANGE"}}
		panel := func(name string, tests [][]string) {
			rows = append(rows, []string{name, "", "", "", ""})
			rows = append(rows, tests...)
		}
		panel("COMPLETE BLOOD COUNT", [][]string{{"WBC", fmt.Sprintf("%.1f", 4+r.Float64()*14), "", "K/uL", "4.0-11.0"}, {"Hemoglobin", fmt.Sprintf("%.1f", 7+r.Float64()*8), "L", "g/dL", "12.0-16.0"}, {"Hematocrit", fmt.Sprintf("%.1f", 22+r.Float64()*22), "", "%", "36.0-46.0"}, {"Platelets", fmt.Sprint(140 + r.IntN(250)), "", "K/uL", "150-400"}, {"MCV", fmt.Sprint(80 + r.IntN(18)), "", "fL", "80-100"}})
		panel("BASIC METABOLIC PANEL", [][]string{{"Sodium", fmt.Sprint(128 + r.IntN(15)), "", "mmol/L", "135-145"}, {"Potassium", fmt.Sprintf("%.1f", 3.2+r.Float64()*2), "", "mmol/L", "3.5-5.1"}, {"Chloride", fmt.Sprint(95 + r.IntN(12)), "", "mmol/L", "98-107"}, {"CO2", fmt.Sprint(19 + r.IntN(10)), "", "mmol/L", "22-29"}, {"BUN", fmt.Sprint(8 + r.IntN(45)), "H", "mg/dL", "7-20"}, {"Creatinine", fmt.Sprintf("%.2f", 0.6+r.Float64()*1.4), "", "mg/dL", "0.60-1.20"}, {"Glucose", fmt.Sprint(80 + r.IntN(250)), "H", "mg/dL", "70-99"}, {"Calcium", fmt.Sprintf("%.1f", 8+r.Float64()*2), "", "mg/dL", "8.5-10.5"}})
		if size >= 2 {
			panel("HEPATIC FUNCTION", [][]string{{"AST", fmt.Sprint(12 + r.IntN(60)), "", "U/L", "10-40"}, {"ALT", fmt.Sprint(10 + r.IntN(60)), "", "U/L", "7-56"}, {"Alk Phos", fmt.Sprint(40 + r.IntN(100)), "", "U/L", "44-147"}, {"Total Bilirubin", fmt.Sprintf("%.1f", 0.2+r.Float64()*2), "", "mg/dL", "0.1-1.2"}, {"Albumin", fmt.Sprintf("%.1f", 2.5+r.Float64()*2), "", "g/dL", "3.5-5.0"}})
			panel("COAGULATION", [][]string{{"PT", fmt.Sprintf("%.1f", 11+r.Float64()*5), "", "sec", "11.0-13.5"}, {"INR", fmt.Sprintf("%.1f", 0.9+r.Float64()*1.5), "", "", "0.8-1.1"}, {"PTT", fmt.Sprint(25 + r.IntN(20)), "", "sec", "25-35"}})
			panel("URINALYSIS", [][]string{{"Color", "Yellow", "", "", "Yellow"}, {"Specific Gravity", "1.018", "", "", "1.005-1.030"}, {"Protein", []string{"Negative", "Trace", "1+"}[r.IntN(3)], "", "", "Negative"}, {"Leukocyte Esterase", "Negative", "", "", "Negative"}, {"Nitrite", "Negative", "", "", "Negative"}})
		}
		if size >= 3 {
			rows2 := [][]string{}
			for _, rw := range rows[1:] {
				if rw[1] != "" && r.IntN(3) > 0 {
					continue
				}
				rows2 = append(rows2, rw)
			}
			rows = append(rows, []string{"COLLECTED " + x.adm.AddDate(0, 0, 1).Format("01/02/2006") + " 05:10", "", "", "", ""})
			rows = append(rows, rows2...)
			rows = append(rows, []string{"COLLECTED " + x.adm.AddDate(0, 0, 2).Format("01/02/2006") + " 04:55", "", "", "", ""})
			rows = append(rows, rows[1:14]...)
		}
		add(Block{Kind: "table", Rows: rows, Widths: []float64{2.2, 1.1, 0.6, 1.0, 1.6}, HandCol: -1})
		add(P("H = High  L = Low  C = Critical. Critical values called to and read back by the nursing unit."), P("Verified by: "+[]string{"MLS(ASCP) R. Tan", "MT K. Boateng", "CLS A. Ruiz"}[r.IntN(3)]+"   Final report"))
	}
	d.Blocks = b
}

// UNK documents
func buildUNK(d *Doc, x *ctx, kind string) {
	r := x.r
	var b []Block
	switch kind {
	case "fax":
		d.Title = "FAX"
		b = append(b, Block{Kind: "title", Text: "FAX", Size: 28}, Block{Kind: "kv", Cols: 1, Items: []string{"Date:|" + x.adm.Format("01/02/2006"), "To:|Riverbend Regional - Health Information Management", "Fax:|(419) 555-0199", "From:|" + d.Fac.Name, "Fax:|" + d.Fac.Fax, "Pages (including cover):|" + fmt.Sprint(2+r.IntN(4)), "Re:|Records as requested"}}, Block{Kind: "checks", Items: []string{"Urgent", "For Review", "Please Comment", "Please Reply"}, Checked: []bool{false, true, false, r.IntN(2) == 0}, Cols: 4}, Block{Kind: "gap"}, Block{Kind: "legal", Text: "CONFIDENTIALITY NOTICE: The documents accompanying this facsimile transmission contain confidential health information that is legally privileged. This information is intended only for the use of the individual or entity named above. If you are not the intended recipient, you are hereby notified that any disclosure, copying, distribution or action taken in reliance on the contents of these documents is strictly prohibited. If you have received this fax in error, please notify the sender immediately by telephone and destroy the documents."})
	case "insurance":
		d.Title = "INSURANCE VERIFICATION"
		b = append(b, T(d.Title), Block{Kind: "kv", Cols: 2, Items: []string{"Payer:|" + []string{"Anthem BCBS", "Medicare", "Buckeye Health Plan"}[r.IntN(3)], "Payer Phone:|1-800-555-0143", "Member ID:|" + fmt.Sprintf("XJ%09d", r.IntN(999999999)), "Group #:|" + fmt.Sprint(40000+r.IntN(9999)), "Effective Date:|01/01/2026", "Verified By:|" + []string{"D. Kline", "S. Patel"}[r.IntN(2)], "Reference #:|" + fmt.Sprint(r.IntN(99999999)), "Date Verified:|" + x.adm.Format("01/02/2006")}}, H("Benefits"), Block{Kind: "checks", Items: []string{"Inpatient covered", "Precertification required", "Precert obtained", "Deductible met", "Out of network"}, Checked: []bool{true, true, r.IntN(2) == 0, false, false}, Cols: 2}, Block{Kind: "hand", Items: []string{"Deductible:|$1,500 / $620 met", "Copay / Coinsurance:|20% after ded", "Notes:|auth # pending, call back 12/2"}})
	case "handout":
		d.Title = "Caring for Your Incision at Home"
		b = append(b, T(d.Title), P("This sheet gives you general information about caring for your surgical incision after you leave the hospital. Your care team may give you other instructions."), H("Keeping the incision clean"), P("You may shower 48 hours after surgery unless told otherwise. Let soapy water run over the incision and pat it dry with a clean towel. Do not soak in a bathtub, hot tub or swimming pool until your surgeon says it is okay. Do not put lotion, powder or ointment on the incision."), H("What to expect"), P("It is normal to have mild soreness, bruising and a small amount of clear or pink drainage for a few days. Numbness around the incision may last several weeks."), H("When to call your doctor"), P("Call if you have a fever over 101 F (38.3 C), increasing redness, warmth or swelling, drainage that is cloudy, yellow or green or has a bad smell, the incision opens, or pain that is not controlled with your medicine. Call 911 for chest pain or trouble breathing."), P("Questions? Call the Surgical Nurse Line at (419) 555-0285, Monday through Friday, 8 a.m. to 4:30 p.m."), P("Form PE-114  Rev. 06/2024"))
	}
	d.Blocks = b
}

var detailedExam = []string{"Constitutional:|Well developed, appears stated age, nontoxic.", "Eyes:|Pupils equal and reactive, conjunctivae pink, no icterus.", "ENT:|Oropharynx clear, dentition fair, mucous membranes moist.", "Neck:|Supple, no lymphadenopathy, no thyromegaly, JVP as noted.", "Respiratory:|Effort as noted, breath sounds as noted, no stridor.", "Cardiovascular:|Rate and rhythm as noted, S1 S2 present, no rub or gallop.", "Gastrointestinal:|Soft, no hepatosplenomegaly, no rebound or guarding.", "Genitourinary:|No costovertebral angle tenderness.", "Musculoskeletal:|No joint effusions, strength 5/5 except as noted.", "Skin:|Warm and dry, no petechiae, no pressure injury.", "Neurologic:|Cranial nerves II-XII grossly intact, sensation intact to light touch.", "Psychiatric:|Mood and affect appropriate, judgment intact."}

func problemText(x *ctx) string {
	c := x.c
	return "1. " + c.Assessment + " " + x.fill(c.Plan) + " 2. " + x.fill(c.ProgA) + " 3. Consultant input: " + c.ConsultRec + " 4. Prophylaxis and disposition: venous thromboembolism prophylaxis as ordered, stress ulcer prophylaxis not indicated, case management following for discharge needs. Medication reconciliation completed with the patient and pharmacy."
}
