package meridian

import (
	"context"
	"slices"
	"strings"
)

// PersonRole is the role in which a person appears in a record.
type PersonRole string

const (
	RoleSuspect          PersonRole = "suspect"
	RoleVictim           PersonRole = "victim"
	RoleWitness          PersonRole = "witness"
	RoleIrregularMigrant PersonRole = "irregular_migrant"
)

// PersonRoles lists the valid person roles.
var PersonRoles = []PersonRole{RoleSuspect, RoleVictim, RoleWitness, RoleIrregularMigrant}

// Sex as recorded on travel documents: M, F, X (unspecified) or U (unknown).
type Sex string

// NameKind tells a person's primary name from aliases.
type NameKind string

const (
	NamePrimary NameKind = "primary"
	NameAlias   NameKind = "alias"
	NameBirth   NameKind = "birth"
)

// Name is one name of a person, in any script.
type Name struct {
	Full   string   `json:"full" minLength:"1" maxLength:"300" doc:"the name as written, any script"`
	Given  string   `json:"given,omitempty" maxLength:"200"`
	Family string   `json:"family,omitempty" maxLength:"200"`
	Kind   NameKind `json:"kind,omitempty" enum:"primary,alias,birth" doc:"default primary for the first name, alias after"`
}

// Exploitation types: HTCDS TypeOfExploitation plus forced criminality.
const (
	ExploitSexual            = "sexual_exploitation"
	ExploitForcedLabour      = "forced_labour"
	ExploitForcedCriminality = "forced_criminality"
	ExploitOnlineFraud       = "online_fraud" // forced criminality in scam centres
	ExploitForcedBegging     = "forced_begging"
	ExploitDomesticServitude = "domestic_servitude"
	ExploitForcedMarriage    = "forced_marriage"
	ExploitOrganRemoval      = "organ_removal"
	ExploitChildLabour       = "child_labour"
	ExploitOther             = "other"
)

// ExploitationTypes lists the valid exploitation types.
var ExploitationTypes = []string{ExploitSexual, ExploitForcedLabour, ExploitForcedCriminality, ExploitOnlineFraud,
	ExploitForcedBegging, ExploitDomesticServitude, ExploitForcedMarriage, ExploitOrganRemoval, ExploitChildLabour, ExploitOther,
	ExploitScamCompound, ExploitDrugMule}

// Victim holds the HTCDS fields of a (presumed) victim of trafficking. A
// victim is a person to protect: these fields never sit beside suspect
// fields on one record.
type Victim struct {
	Status            string   `json:"status,omitempty" enum:"presumed,identified,confirmed" doc:"trafficking status"`
	StatusDecidedBy   string   `json:"status_decided_by,omitempty" maxLength:"200" doc:"who decided the status, e.g. police, NGO, court"`
	AgeWhenTrafficked int      `json:"age_when_trafficked,omitempty" minimum:"0" maximum:"120"`
	Recruitment       []string `json:"recruitment,omitempty" doc:"recruitment methods (HTCDS): abduction, educational_facility, familial, internet, international_marriage_broker, intimate_partner, job_offer, posing_as_benefactor, public_area, offer_of_accommodation, shelter, smuggling_ransom, work, other, unknown"`
	RecruitedIn       string   `json:"recruited_in,omitempty" doc:"country of recruitment, ISO 3166-1 alpha-2"`
	ExploitedIn       []string `json:"exploited_in,omitempty" doc:"countries of exploitation"`
	MeansOfControl    []string `json:"means_of_control,omitempty" doc:"means of control (HTCDS): debt_bondage, takes_earnings, restricts_financial_access, threats, psychological_abuse, physical_abuse, sexual_abuse, false_promises, psychoactive_substances, restricts_movement, restricts_medical_care, excessive_working_hours, uses_children, threat_of_law_enforcement, withholds_necessities, withholds_documents, other"`
	Exploitation      []string `json:"exploitation,omitempty" doc:"exploitation types"`
	ReferredTo        string   `json:"referred_to,omitempty" maxLength:"200" doc:"support the victim was referred to"`
}

// SuspectRoles are the HTCDS roles of a suspect in the criminal process.
var SuspectRoles = []string{"recruiter", "transporter", "smuggler", "exploiter", "document_forger", "money_handler", "organiser", "other"}

// Suspect holds the fields of a suspect.
type Suspect struct {
	ProcessRoles []string `json:"process_roles,omitempty" doc:"recruiter, transporter, smuggler, exploiter, document_forger, money_handler, organiser, other"`
}

// Person is a record about a human being: a suspect, victim, witness or
// irregular migrant.
type Person struct {
	Meta
	Role          PersonRole   `json:"role"`
	Names         []Name       `json:"names"`
	BirthDate     Date         `json:"birth_date,omitempty"`
	Sex           Sex          `json:"sex,omitempty"`
	Nationalities []string     `json:"nationalities,omitempty"`
	Languages     []string     `json:"languages,omitempty"`
	Identifiers   []Identifier `json:"identifiers,omitempty"`
	Victim        *Victim      `json:"victim,omitempty"`
	Suspect       *Suspect     `json:"suspect,omitempty"`
	Notes         string       `json:"notes,omitempty"`
}

// PrimaryName returns the person's first name entry, or "".
func (p *Person) PrimaryName() string {
	if len(p.Names) == 0 {
		return ""
	}
	return p.Names[0].Full
}

// Validate checks a person and fills the normalised identifier values.
func (p *Person) Validate() error {
	f := Fields{Op: "person"}
	ValidateMeta(&f, &p.Meta)
	if !slices.Contains(PersonRoles, p.Role) {
		f.Add("role", "unknown role %q (want suspect, victim, witness or irregular_migrant)", p.Role)
	}
	validateIdentity(&f, p.Names, p.BirthDate, p.Sex, p.Nationalities)
	for i, l := range p.Languages {
		if !isLanguage(l) {
			f.Add(indexed("languages", i), "want an ISO 639 code (2 or 3 lower-case letters), got %q", l)
		}
	}
	if len(p.Identifiers) > 200 {
		f.Add("identifiers", "more than 200 identifiers")
	}
	for i := range p.Identifiers {
		validIdentifier(&f, indexed("identifiers", i), &p.Identifiers[i])
	}
	if p.Victim != nil && p.Role != RoleVictim {
		f.Add("victim", "victim details belong to a person whose role is victim")
	}
	if p.Suspect != nil && p.Role != RoleSuspect {
		f.Add("suspect", "suspect details belong to a person whose role is suspect")
	}
	if v := p.Victim; v != nil {
		switch v.Status {
		case "", "presumed", "identified", "confirmed":
		default:
			f.Add("victim.status", "unknown trafficking status %q (want presumed, identified or confirmed)", v.Status)
		}
		if v.AgeWhenTrafficked < 0 || v.AgeWhenTrafficked > 120 {
			f.Add("victim.age_when_trafficked", "age %d out of range 0..120", v.AgeWhenTrafficked)
		}
		if v.RecruitedIn != "" && !IsCountry(v.RecruitedIn) {
			f.Add("victim.recruited_in", "unknown ISO 3166-1 alpha-2 country code %q", v.RecruitedIn)
		}
		countries(&f, "victim.exploited_in", v.ExploitedIn)
		for i, e := range v.Exploitation {
			if !slices.Contains(ExploitationTypes, e) {
				f.Add(indexed("victim.exploitation", i), "unknown exploitation type %q", e)
			}
		}
		// Free text recorded before the lists maps to its code; what
		// names no method is refused, so that the series count it.
		var bad []string
		v.Recruitment, bad = NormaliseMethods(RecruitmentMethods, v.Recruitment)
		for _, x := range bad {
			f.Add("victim.recruitment", "unknown recruitment method %q (HTCDS: %s)", x, strings.Join(RecruitmentMethods, ", "))
		}
		v.MeansOfControl, bad = NormaliseMethods(MeansOfControl, v.MeansOfControl)
		for _, x := range bad {
			f.Add("victim.means_of_control", "unknown means of control %q (HTCDS: %s)", x, strings.Join(MeansOfControl, ", "))
		}
	}
	if s := p.Suspect; s != nil {
		for i, r := range s.ProcessRoles {
			if !slices.Contains(SuspectRoles, r) {
				f.Add(indexed("suspect.process_roles", i), "unknown role in the process %q", r)
			}
		}
	}
	if len(p.Notes) > 10000 || !validText(p.Notes) {
		f.Add("notes", "longer than 10000 bytes or not valid text")
	}
	return f.Err()
}

// validateIdentity checks what identifies a person on any record that
// names one (a person, a listed person), filling each name's kind.
func validateIdentity(f *Fields, names []Name, birth Date, sex Sex, nationalities []string) {
	if len(names) == 0 {
		f.Add("names", "at least one name is required")
	}
	if len(names) > 100 {
		f.Add("names", "more than 100 names")
	}
	for i, n := range names {
		pre := indexed("names", i)
		validName(f, pre+".full", n.Full, 300)
		if n.Given != "" {
			validName(f, pre+".given", n.Given, 200)
		}
		if n.Family != "" {
			validName(f, pre+".family", n.Family, 200)
		}
		switch n.Kind {
		case "":
			if i == 0 {
				names[i].Kind = NamePrimary
			} else {
				names[i].Kind = NameAlias
			}
		case NamePrimary, NameAlias, NameBirth:
		default:
			f.Add(pre+".kind", "unknown name kind %q (want primary, alias or birth)", n.Kind)
		}
	}
	if birth != "" {
		if _, ok := ParseDate(string(birth)); !ok {
			f.Add("birth_date", "must be YYYY, YYYY-MM or YYYY-MM-DD, got %q", birth)
		} else if y := birth.Year(); y < 1900 || y > 2100 {
			f.Add("birth_date", "year %d out of range", y)
		}
	}
	switch sex {
	case "", "M", "F", "X", "U":
	default:
		f.Add("sex", "unknown sex %q (want M, F, X or U)", sex)
	}
	countries(f, "nationalities", nationalities)
}

func texts(f *Fields, field string, xs []string) {
	if len(xs) > 50 {
		f.Add(field, "more than 50 entries")
	}
	for i, x := range xs {
		validName(f, indexed(field, i), x, 200)
	}
}

func isLanguage(s string) bool {
	if len(s) != 2 && len(s) != 3 {
		return false
	}
	return strings.Trim(s, "abcdefghijklmnopqrstuvwxyz") == ""
}

// PersonFilter selects persons. Only persons the caller may read are ever
// returned or counted.
type PersonFilter struct {
	OperationID string
	Role        PersonRole
	OwnerAgency string
	Page
}

// PersonService manages person records. Every read and write is audited.
type PersonService interface {
	// CreatePerson stores p, owned by the caller's agency.
	// EInvalid, EForbidden.
	CreatePerson(ctx context.Context, p *Person) error
	// FindPersonByID returns ENotFound, also for a person the caller may
	// not read.
	FindPersonByID(ctx context.Context, id string) (*Person, error)
	// FindPersons returns a page of persons and the next cursor.
	FindPersons(ctx context.Context, f PersonFilter) ([]*Person, string, error)
	// UpdatePerson replaces p, matched by ID and Version; only the owner
	// agency may. EInvalid, ENotFound, EForbidden, EConflict.
	UpdatePerson(ctx context.Context, p *Person) error
	// DeletePerson removes a person. ENotFound, EForbidden.
	DeletePerson(ctx context.Context, id string) error
}
