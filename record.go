package meridian

import (
	"slices"
	"time"
)

// TLP is a Traffic Light Protocol 2.0 label.
type TLP string

const (
	TLPRed         TLP = "RED"
	TLPAmberStrict TLP = "AMBER+STRICT"
	TLPAmber       TLP = "AMBER"
	TLPGreen       TLP = "GREEN"
	TLPClear       TLP = "CLEAR"
)

// TLPs lists the labels from most to least restrictive.
var TLPs = []TLP{TLPRed, TLPAmberStrict, TLPAmber, TLPGreen, TLPClear}

// HandlingCode restricts what a recipient may do with a record once read
// (law-enforcement handling codes H0-H3).
type HandlingCode string

const (
	// H0: not to be used as evidence in judicial proceedings without the
	// owner's permission.
	H0 HandlingCode = "H0"
	// H1: not to be disseminated further without the owner's permission.
	H1 HandlingCode = "H1"
	// H2: for intelligence only; no executive action without the owner's
	// permission.
	H2 HandlingCode = "H2"
	// H3: other restrictions, stated in the record's handling note.
	H3 HandlingCode = "H3"
)

// HandlingCodes lists the valid handling codes.
var HandlingCodes = []HandlingCode{H0, H1, H2, H3}

// Scope says who beyond the owner agency may read a record.
type Scope string

const (
	// ScopeOwner: the owner agency only.
	ScopeOwner Scope = "owner"
	// ScopeListed: the owner and the listed countries and agencies.
	ScopeListed Scope = "listed"
	// ScopeAll: every participant of the record's operation.
	ScopeAll Scope = "all"
)

// Release is a record's releasability, set by its owner.
type Release struct {
	Scope     Scope    `json:"scope" enum:"owner,listed,all"`
	Countries []string `json:"countries,omitempty" doc:"ISO 3166-1 alpha-2 codes; with scope listed"`
	Agencies  []string `json:"agencies,omitempty" doc:"agency ids; with scope listed"`
}

// Meta is what every record carries: who owns it, how it may be handled
// and who may see it. Access control decides from Meta alone (plus the
// participants of the record's operation).
type Meta struct {
	ID              string       `json:"id"`
	OwnerAgency     string       `json:"owner_agency"`
	OwnerCountry    string       `json:"owner_country"`
	OperationID     string       `json:"operation_id,omitempty"`
	TLP             TLP          `json:"tlp"`
	Handling        HandlingCode `json:"handling"`
	HandlingNote    string       `json:"handling_note,omitempty"`
	Release         Release      `json:"release"`
	SourceGrade     string       `json:"source_grade,omitempty" doc:"source reliability A, B, C or X"`
	InfoGrade       string       `json:"info_grade,omitempty" doc:"information assessment 1 to 4"`
	RetentionReview Date         `json:"retention_review"`
	CreatedBy       string       `json:"created_by"`
	CreatedAt       time.Time    `json:"created_at"`
	UpdatedBy       string       `json:"updated_by"`
	UpdatedAt       time.Time    `json:"updated_at"`
	Version         int          `json:"version"`
}

// Marking is the part of Meta a record's owner chooses: handling,
// releasability, grading and retention.
type Marking struct {
	OperationID     string       `json:"operation_id,omitempty"`
	TLP             TLP          `json:"tlp,omitempty" enum:"RED,AMBER+STRICT,AMBER,GREEN,CLEAR" doc:"default AMBER"`
	Handling        HandlingCode `json:"handling,omitempty" enum:"H0,H1,H2,H3" doc:"default H0"`
	HandlingNote    string       `json:"handling_note,omitempty" maxLength:"500"`
	Release         *Release     `json:"release,omitempty" doc:"default: owner only"`
	SourceGrade     string       `json:"source_grade,omitempty" enum:"A,B,C,X"`
	InfoGrade       string       `json:"info_grade,omitempty" enum:"1,2,3,4"`
	RetentionReview *Date        `json:"retention_review,omitempty" doc:"default: one year after creation"`
}

// DefaultRetention is how long after creation a record comes up for review
// when its owner set no date.
const DefaultRetention = 365 * 24 * time.Hour

// Apply copies the chosen marking onto m, filling defaults for what is
// unset. It does not validate; ValidateMeta does.
func (mk *Marking) Apply(m *Meta) {
	if mk == nil {
		mk = &Marking{}
	}
	if mk.OperationID != "" {
		m.OperationID = mk.OperationID
	}
	m.TLP = mk.TLP
	if m.TLP == "" {
		m.TLP = TLPAmber
	}
	m.Handling = mk.Handling
	if m.Handling == "" {
		m.Handling = H0
	}
	m.HandlingNote = mk.HandlingNote
	if mk.Release != nil {
		m.Release = *mk.Release
	}
	if m.Release.Scope == "" {
		m.Release.Scope = ScopeOwner
	}
	m.SourceGrade = mk.SourceGrade
	m.InfoGrade = mk.InfoGrade
	if mk.RetentionReview != nil {
		m.RetentionReview = *mk.RetentionReview
	}
}

// ValidateMeta checks the owner's choices in m, reporting fields under
// prefix (e.g. "release.countries[1]").
func ValidateMeta(f *Fields, m *Meta) {
	if !slices.Contains(TLPs, m.TLP) {
		f.Add("tlp", "unknown TLP label %q (want RED, AMBER+STRICT, AMBER, GREEN or CLEAR)", m.TLP)
	}
	if !slices.Contains(HandlingCodes, m.Handling) {
		f.Add("handling", "unknown handling code %q (want H0, H1, H2 or H3)", m.Handling)
	}
	if m.Handling == H3 && m.HandlingNote == "" {
		f.Add("handling_note", "handling code H3 needs a note saying the restriction")
	}
	if len(m.HandlingNote) > 500 {
		f.Add("handling_note", "longer than 500 bytes")
	}
	switch m.SourceGrade {
	case "", "A", "B", "C", "X":
	default:
		f.Add("source_grade", "unknown source grade %q (want A, B, C or X)", m.SourceGrade)
	}
	switch m.InfoGrade {
	case "", "1", "2", "3", "4":
	default:
		f.Add("info_grade", "unknown information grade %q (want 1, 2, 3 or 4)", m.InfoGrade)
	}
	r := m.Release
	switch r.Scope {
	case ScopeOwner, ScopeAll:
		if len(r.Countries) > 0 || len(r.Agencies) > 0 {
			f.Add("release", "countries and agencies may only be listed with scope %q", ScopeListed)
		}
		if r.Scope == ScopeAll && m.OperationID == "" {
			f.Add("release.scope", "scope %q needs an operation_id: it releases to that operation's participants", ScopeAll)
		}
	case ScopeListed:
		if len(r.Countries) == 0 && len(r.Agencies) == 0 {
			f.Add("release", "scope %q needs at least one country or agency", ScopeListed)
		}
		if len(r.Countries)+len(r.Agencies) > 500 {
			f.Add("release", "more than 500 countries and agencies listed")
		}
		for i, c := range r.Countries {
			if !IsCountry(c) {
				f.Add(indexed("release.countries", i), "unknown ISO 3166-1 alpha-2 country code %q", c)
			}
		}
		for i, a := range r.Agencies {
			if !IsID(a) {
				f.Add(indexed("release.agencies", i), "malformed agency id %q", a)
			}
		}
	default:
		f.Add("release.scope", "unknown scope %q (want owner, listed or all)", r.Scope)
	}
	// TLP caps releasability: RED and AMBER+STRICT stay within named
	// organisations, so they may not reach whole countries or operations.
	if (m.TLP == TLPRed || m.TLP == TLPAmberStrict) && (r.Scope == ScopeAll || len(r.Countries) > 0) {
		f.Add("release", "TLP:%s may be released to listed agencies only, not to countries or all participants", m.TLP)
	}
	// A calendar date that exists: 2026-13-45 or 2025-02-29 would sort
	// and compare as text and bring the review on no day at all.
	if !m.RetentionReview.IsZero() {
		if d, ok := ParseDate(string(m.RetentionReview)); !ok || d.Partial() {
			f.Add("retention_review", "must be a real full date (YYYY-MM-DD), got %q", m.RetentionReview)
		} else if y := d.Year(); y < 2000 || y > 2200 {
			f.Add("retention_review", "year %d out of range 2000..2200", y)
		}
	}
}

// Participation lists who takes part in an operation, for ScopeAll.
type Participation struct {
	Countries []string
	Agencies  []string
}

// Has reports whether the agency or its country participates.
func (p Participation) Has(agency, country string) bool {
	return slices.Contains(p.Agencies, agency) || slices.Contains(p.Countries, country)
}

// RawRecord is a stored record with its kind, for callers that decide
// access themselves (screening shows hit details only to those who may
// read them).
type RawRecord struct {
	Kind string
	Body []byte
}
