package meridian_test

import (
	"slices"
	"testing"

	"meridian"
)

// TestNormaliseMethods maps what records held before the lists, and
// HTCDS's own names and labels, to the codes, and refuses the rest.
func TestNormaliseMethods(t *testing.T) {
	for _, tc := range []struct {
		list []string
		in   string
		want string
	}{
		{meridian.RecruitmentMethods, "job offer", meridian.RecruitJobOffer},
		{meridian.RecruitmentMethods, "JobOffer", meridian.RecruitJobOffer},
		{meridian.RecruitmentMethods, "Job offer/advertisement", meridian.RecruitJobOffer},
		{meridian.RecruitmentMethods, "Internet (social media, online advertisement)", meridian.RecruitInternet},
		{meridian.RecruitmentMethods, "intimate partner", "intimate_partner"},
		{meridian.MeansOfControl, "DebtBondage", "debt_bondage"},
		{meridian.MeansOfControl, "withholds_documents", "withholds_documents"},
		{meridian.MeansOfControl, "passport withheld", "withholds_documents"},
	} {
		if got, ok := meridian.NormaliseMethod(tc.list, tc.in); !ok || got != tc.want {
			t.Errorf("NormaliseMethod(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
	if _, ok := meridian.NormaliseMethod(meridian.RecruitmentMethods, "telepathy"); ok {
		t.Error("telepathy is a recruitment method")
	}
	codes, bad := meridian.NormaliseMethods(meridian.RecruitmentMethods, []string{"job offer", "job_offer", "online", "telepathy"})
	if !slices.Equal(codes, []string{"job_offer", "internet"}) || !slices.Equal(bad, []string{"telepathy"}) {
		t.Errorf("NormaliseMethods = %v, %v", codes, bad)
	}
}

// TestEventMethods checks a rescue report's methods: old wording is
// stored as the code, an unknown method is refused naming its field.
func TestEventMethods(t *testing.T) {
	e := meridian.Event{Type: meridian.EventRescue, Victims: []meridian.VictimGroup{{Count: 2,
		Exploitation: []string{meridian.ExploitScamCompound}, Recruitment: []string{"online job offer"}, Control: []string{"DebtBondage", "telepathy"}}}}
	err := e.Validate()
	if !slices.Equal(e.Victims[0].Recruitment, []string{meridian.RecruitInternet}) {
		t.Errorf("recruitment %v", e.Victims[0].Recruitment)
	}
	found := false
	for _, f := range meridian.FieldErrors(err) {
		if f.Field == "victims[0].means_of_control" {
			found = true
		}
		if f.Field == "victims[0].exploitation[0]" {
			t.Errorf("scam_compound refused: %s", f.Message)
		}
	}
	if !found {
		t.Errorf("telepathy accepted: %v", err)
	}
}
