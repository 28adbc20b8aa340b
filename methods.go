package meridian

import (
	"slices"
	"strings"
	"unicode"
)

// Methods as data: the forms of exploitation, recruitment methods and means
// of control a victim's record and a rescue report name, as the Human
// Trafficking Case Data Standard lists them (HTCDS, by the International
// Organization for Migration, https://github.com/UNMigration/HTCDS, "HTCDS
// Field Reference": vic_MethodOfRecruitment, vic_MethodsOfControl; licensed
// CC BY 4.0, http://creativecommons.org/licenses/by/4.0/; no endorsement by
// IOM is implied). The value names are HTCDS's, in snake case; forced
// criminality and its forms (online fraud, scam compounds, drug mules,
// forced begging) are added to HTCDS's forms of exploitation, as UNODC's
// Global Report distinguishes them.

// Forms of forced criminality beside ExploitOnlineFraud and
// ExploitForcedBegging.
const (
	// ExploitScamCompound: held in a scam compound and forced to defraud.
	ExploitScamCompound = "scam_compound"
	// ExploitDrugMule: forced to carry or sell drugs.
	ExploitDrugMule = "drug_mule"
)

// ForcedCriminality lists the forms of exploitation that are forced
// criminality, the new pattern the analysis follows.
var ForcedCriminality = []string{ExploitForcedCriminality, ExploitOnlineFraud, ExploitScamCompound, ExploitDrugMule, ExploitForcedBegging}

// Recruitment methods (HTCDS vic_MethodOfRecruitment).
const (
	RecruitInternet = "internet" // social media, online advertisement
	RecruitJobOffer = "job_offer"
)

// RecruitmentMethods lists HTCDS's methods of recruitment.
var RecruitmentMethods = []string{"abduction", "educational_facility", "familial", RecruitInternet,
	"international_marriage_broker", "intimate_partner", RecruitJobOffer, "posing_as_benefactor", "public_area",
	"offer_of_accommodation", "shelter", "smuggling_ransom", "work", "other", "unknown"}

// MeansOfControl lists HTCDS's methods of control.
var MeansOfControl = []string{"debt_bondage", "takes_earnings", "restricts_financial_access", "threats",
	"psychological_abuse", "physical_abuse", "sexual_abuse", "false_promises", "psychoactive_substances",
	"restricts_movement", "restricts_medical_care", "excessive_working_hours", "uses_children",
	"threat_of_law_enforcement", "withholds_necessities", "withholds_documents", "other"}

// methodSynonyms maps what records held before the lists (free text) and
// HTCDS's labels to the codes, keyed by their folded form (methodKey).
var methodSynonyms = map[string]string{
	"joboffer": RecruitJobOffer, "joboffer/advertisement": RecruitJobOffer, "jobadvertisement": RecruitJobOffer,
	"job": RecruitJobOffer, "fakejoboffer": RecruitJobOffer, "falsejoboffer": RecruitJobOffer,
	"internet": RecruitInternet, "online": RecruitInternet, "socialmedia": RecruitInternet, "onlineadvertisement": RecruitInternet,
	"internet(socialmedia,onlineadvertisement)": RecruitInternet, "onlinejoboffer": RecruitInternet,
	"intimatepartner": "intimate_partner", "loverboy": "intimate_partner", "intimatepartner/marriageproposition": "intimate_partner",
	"marriageproposition": "intimate_partner", "family": "familial", "relative": "familial",
	"internationalmarriagebroker(imb)": "international_marriage_broker", "smuggling,ransom": "smuggling_ransom",
	"debt": "debt_bondage", "debtbondage": "debt_bondage", "passportwithheld": "withholds_documents",
	"documentswithheld": "withholds_documents", "confiscateddocuments": "withholds_documents",
	"violence": "physical_abuse", "drugs": "psychoactive_substances", "confinement": "restricts_movement",
	"restrictsfinancialaccesscontrol": "restricts_financial_access",
}

// methodKey folds a value for matching: lower case, letters, digits and
// the punctuation HTCDS's labels use, without spaces or underscores.
func methodKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("/(),", r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// NormaliseMethod returns the code of list that v names: the code itself,
// HTCDS's value name or label (JobOffer, "Job offer/advertisement"), or
// what records held as free text before ("job offer", "loverboy"); ok is
// false when it names none.
func NormaliseMethod(list []string, v string) (code string, ok bool) {
	if slices.Contains(list, v) {
		return v, true
	}
	k := methodKey(v)
	for _, c := range list {
		if methodKey(c) == k {
			return c, true
		}
	}
	if c, found := methodSynonyms[k]; found && slices.Contains(list, c) {
		return c, true
	}
	return "", false
}

// NormaliseMethods maps each of vs to its code in list (see
// NormaliseMethod), in order, without repeats, and returns those it
// cannot map.
func NormaliseMethods(list, vs []string) (codes, unknown []string) {
	for _, v := range vs {
		c, ok := NormaliseMethod(list, v)
		if !ok {
			unknown = append(unknown, v)
			continue
		}
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	return codes, unknown
}
