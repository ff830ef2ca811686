package typemodel

import (
	"slices"
	"testing"
)

func TestSplitRunOn(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"CT ANGIOGRAPHY CHEST WITH CONTRASTREASON FOR EXAM: dyspnea", "CT ANGIOGRAPHY CHEST WITH CONTRAST\nREASON FOR EXAM: dyspnea"},
		{"DISCHARGE SUMMARYADMISSION DATE: 11/02/2026", "DISCHARGE SUMMARY\nADMISSION DATE: 11/02/2026"},
		{"OPERATIVE REPORTPREOPERATIVE DIAGNOSIS: Appendicitis.", "OPERATIVE REPORT\nPREOPERATIVE DIAGNOSIS: Appendicitis."},
		{"HOSPITALIST PROGRESS NOTEDATE OF SERVICE: 09/07/2026", "HOSPITALIST PROGRESS NOTE\nDATE OF SERVICE: 09/07/2026"},
		{"CONSULTATIONREASON FOR CONSULTATION: AKI", "CONSULTATION\nREASON FOR CONSULTATION: AKI"},
		// Not run-on: headings standing alone, words that contain one.
		{"CHIEF COMPLAINT: pain\nPREOPERATIVE DIAGNOSIS: same", "CHIEF COMPLAINT: pain\nPREOPERATIVE DIAGNOSIS: same"},
		{"CONTRAINDICATIONS: none. OUTPATIENT: yes", "CONTRAINDICATIONS: none. OUTPATIENT: yes"},
		{"no colon here", "no colon here"},
	} {
		if got := SplitRunOn(tc.in); got != tc.want {
			t.Errorf("SplitRunOn(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHeadingFeatures(t *testing.T) {
	f := Features("CHIEF COMPLAINT: Fall.\nHISTORY OF PRESENT ILLNESS: fell at home. ED COURSE: x-rays. DISPOSITION: home\nFollow up: clinic")
	for _, want := range []string{"h0:chief_complaint", "h:history_of_present_illness", "h:ed_course", "h:disposition",
		"hh:chief_complaint+history_of_present_illness", "hh:history_of_present_illness+ed_course", "h:follow_up"} {
		if !slices.Contains(f, want) {
			t.Errorf("features lack %q: %v", want, f)
		}
	}
	if g := Features("WITH CONTRASTREASON FOR EXAM: pain"); !slices.Contains(g, "w:contrast") || !slices.Contains(g, "h:reason_for_exam") {
		t.Errorf("run-on heading not split: %v", g)
	}
}
