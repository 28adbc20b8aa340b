package meridian

import (
	"context"
	"regexp"
	"slices"
	"time"
)

// EventType is a kind of operational event.
type EventType string

const (
	EventRaid   EventType = "raid"
	EventArrest EventType = "arrest" // one person arrested
	// EventRescue reports victims identified or rescued, as groups.
	EventRescue EventType = "rescue"
	// EventMigrants reports irregular migrants identified, as groups.
	EventMigrants     EventType = "migrants"
	EventInterception EventType = "interception"
	EventFlight       EventType = "flight" // a flight monitored
	EventCheck        EventType = "check"
	// EventDeployment reports a deployment of the operation started or ended.
	EventDeployment EventType = "deployment"
)

// EventTypes lists the valid event types.
var EventTypes = []EventType{EventRaid, EventArrest, EventRescue, EventMigrants, EventInterception, EventFlight, EventCheck, EventDeployment}

// Charge codes of arrests.
const (
	ChargeTHB = "trafficking_in_human_beings"
	ChargeSOM = "migrant_smuggling"
)

// Charges lists the charges an arrest may carry.
var Charges = []string{"trafficking_in_human_beings", "migrant_smuggling", "drug_trafficking", "money_laundering", "document_fraud", "weapons", "other"}

// Place is where something happened.
type Place struct {
	Country string  `json:"country" doc:"ISO 3166-1 alpha-2"`
	Name    string  `json:"name,omitempty" maxLength:"300"`
	Lat     float64 `json:"lat,omitempty"`
	Lon     float64 `json:"lon,omitempty"`
}

// Charge is one charge of an arrest with its legal basis.
type Charge struct {
	Code       string `json:"code" doc:"trafficking_in_human_beings, migrant_smuggling, drug_trafficking, money_laundering, document_fraud, weapons, other"`
	LegalBasis string `json:"legal_basis,omitempty" maxLength:"300"`
}

// Involved is a person's part in an event.
type Involved struct {
	PersonID string     `json:"person_id"`
	Role     PersonRole `json:"role" enum:"suspect,victim,witness,irregular_migrant"`
}

// Event is something that happened in an operation, reported from the
// field by the agency that owns the report: a raid, an arrest, victims
// rescued, irregular migrants identified, an interception, a flight
// monitored, a check or a deployment started or ended.
type Event struct {
	Meta
	Type       EventType  `json:"type"`
	OccurredAt time.Time  `json:"occurred_at"`
	Place      Place      `json:"place"`
	Premises   string     `json:"premises,omitempty" doc:"for raids: house, business, nightclub, farm, vessel, other"`
	Outcome    string     `json:"outcome,omitempty" maxLength:"2000"`
	Charges    []Charge   `json:"charges,omitempty" doc:"for arrests"`
	Persons    []Involved `json:"persons,omitempty"`
	Summary    string     `json:"summary,omitempty" maxLength:"10000"`
	// Victims are the victims a rescue report counts, in groups alike in
	// sex, age, nationality and exploitation.
	Victims []VictimGroup `json:"victims,omitempty" doc:"for rescues: the victims identified or rescued"`
	// Migrants are the irregular migrants a report counts.
	Migrants   []MigrantGroup `json:"migrants,omitempty" doc:"for migrants reports: the irregular migrants identified"`
	Means      string         `json:"means,omitempty" doc:"for interceptions: vehicle, vessel, on_foot, train, aircraft, other"`
	Flight     *Flight        `json:"flight,omitempty" doc:"for flights monitored"`
	Deployment string         `json:"deployment,omitempty" maxLength:"200" doc:"for deployments: the name of the operation's deployment"`
	Phase      string         `json:"phase,omitempty" doc:"for deployments: started or ended"`
}

// Age bands of victims, the ones the anonymised statistics use.
var AgeBands = []string{"0-11", "12-17", "18-24", "25-34", "35-44", "45-59", "60+"}

// AgeBand returns the band an age falls in.
func AgeBand(age int) string {
	switch {
	case age < 12:
		return "0-11"
	case age < 18:
		return "12-17"
	case age < 25:
		return "18-24"
	case age < 35:
		return "25-34"
	case age < 45:
		return "35-44"
	case age < 60:
		return "45-59"
	}
	return "60+"
}

// Referrals are the kinds of support a victim may be referred to.
var Referrals = []string{"shelter", "medical", "psychosocial", "legal", "ngo", "repatriation", "child_protection", "declined", "none"}

// VictimGroup is Count victims alike in what is recorded about them. It
// holds no name: a victim's identity, when recorded at all, is a person
// record linked through PersonID and guarded like any other.
type VictimGroup struct {
	Count        int      `json:"count" minimum:"1" maximum:"1000" doc:"how many victims are alike in this group"`
	Sex          Sex      `json:"sex,omitempty" enum:"F,M,X,U"`
	Age          int      `json:"age,omitempty" minimum:"0" maximum:"120" doc:"age in years, when known"`
	AgeBand      string   `json:"age_band,omitempty" enum:"0-11,12-17,18-24,25-34,35-44,45-59,60+" doc:"when the exact age is not known"`
	Nationality  string   `json:"nationality,omitempty" doc:"ISO 3166-1 alpha-2"`
	Exploitation []string `json:"exploitation,omitempty" doc:"exploitation types"`
	// Recruitment and Control are HTCDS's lists (methods.go).
	Recruitment []string `json:"recruitment,omitempty" doc:"how the victims were recruited (HTCDS methods of recruitment)"`
	Control     []string `json:"means_of_control,omitempty" doc:"how they were controlled (HTCDS methods of control)"`
	RecruitedIn string   `json:"recruited_in,omitempty" doc:"country of recruitment, ISO 3166-1 alpha-2"`
	ExploitedIn string   `json:"exploited_in,omitempty" doc:"country of exploitation, ISO 3166-1 alpha-2"`
	Referral    string   `json:"referral,omitempty" enum:"shelter,medical,psychosocial,legal,ngo,repatriation,child_protection,declined,none" doc:"support the victims were referred to"`
	PersonID    string   `json:"person_id,omitempty" doc:"the victim's person record, for a group of one"`
}

// Band is the group's age band: the one given, or the one its age falls in.
func (v *VictimGroup) Band() string {
	if v.AgeBand != "" {
		return v.AgeBand
	}
	if v.Age > 0 {
		return AgeBand(v.Age)
	}
	return ""
}

// RoutePoint is one country on a migrant's route.
type RoutePoint struct {
	Country string `json:"country" doc:"ISO 3166-1 alpha-2"`
	Role    string `json:"role" enum:"origin,transit,destination"`
	Name    string `json:"name,omitempty" maxLength:"200" doc:"a city or place, when known"`
}

// MigrantGroup is Count irregular migrants of one nationality on one route.
type MigrantGroup struct {
	Count       int          `json:"count" minimum:"1" maximum:"10000"`
	Nationality string       `json:"nationality" doc:"ISO 3166-1 alpha-2"`
	Minors      int          `json:"minors,omitempty" minimum:"0" doc:"how many of them are under 18"`
	Route       []RoutePoint `json:"route,omitempty" doc:"origin, transit and destination countries in order"`
}

// Flight is a flight whose passengers were screened.
type Flight struct {
	Carrier     string    `json:"carrier" doc:"IATA airline code, e.g. TK"`
	Number      string    `json:"number" doc:"flight number, e.g. 1883"`
	From        string    `json:"from" doc:"IATA airport code of departure"`
	To          string    `json:"to" doc:"IATA airport code of arrival"`
	FromCountry string    `json:"from_country,omitempty" doc:"ISO 3166-1 alpha-2, when known"`
	Departure   time.Time `json:"departure,omitempty"`
	Passengers  int       `json:"passengers,omitempty" minimum:"0" maximum:"1000" doc:"travellers screened"`
}

// VictimCount is how many victims a report counts.
func (e *Event) VictimCount() int {
	n := 0
	for _, v := range e.Victims {
		n += v.Count
	}
	return n
}

// MigrantCount is how many irregular migrants a report counts.
func (e *Event) MigrantCount() int {
	n := 0
	for _, m := range e.Migrants {
		n += m.Count
	}
	return n
}

// OnTHBOrSOM reports whether an arrest is on a trafficking or smuggling
// charge, the figure operations report beside all arrests.
func (e *Event) OnTHBOrSOM() bool {
	for _, c := range e.Charges {
		if c.Code == ChargeTHB || c.Code == ChargeSOM {
			return true
		}
	}
	return false
}

// Validate checks an event on its own; that a person's role agrees with its
// record is checked by the store.
func (e *Event) Validate() error {
	f := Fields{Op: "event"}
	ValidateMeta(&f, &e.Meta)
	if !slices.Contains(EventTypes, e.Type) {
		f.Add("type", "unknown event type %q", e.Type)
	}
	if e.OccurredAt.IsZero() {
		f.Add("occurred_at", "is required")
	} else if e.OccurredAt.Year() < 2000 || e.OccurredAt.After(time.Now().Add(24*time.Hour)) {
		f.Add("occurred_at", "%s is not a plausible time", e.OccurredAt.Format(time.RFC3339))
	}
	if !IsCountry(e.Place.Country) {
		f.Add("place.country", "unknown ISO 3166-1 alpha-2 country code %q", e.Place.Country)
	}
	validLatLon(&f, "place", e.Place.Lat, e.Place.Lon)
	if len(e.Place.Name) > 300 || !validText(e.Place.Name) {
		f.Add("place.name", "longer than 300 bytes or not valid text")
	}
	switch e.Premises {
	case "", "house", "business", "nightclub", "farm", "vessel", "other":
	default:
		f.Add("premises", "unknown premises %q (want house, business, nightclub, farm, vessel or other)", e.Premises)
	}
	if e.Premises != "" && e.Type != EventRaid {
		f.Add("premises", "only raids have premises")
	}
	if len(e.Charges) > 0 && e.Type != EventArrest {
		f.Add("charges", "only arrests have charges")
	}
	if e.Type == EventArrest && len(e.Charges) == 0 {
		f.Add("charges", "an arrest needs at least one charge")
	}
	for i, c := range e.Charges {
		if !slices.Contains(Charges, c.Code) {
			f.Add(indexed("charges", i)+".code", "unknown charge %q", c.Code)
		}
	}
	if len(e.Persons) > 1000 {
		f.Add("persons", "more than 1000 persons")
	}
	for i, p := range e.Persons {
		if !IsID(p.PersonID) {
			f.Add(indexed("persons", i)+".person_id", "malformed id %q", p.PersonID)
		}
		if !slices.Contains(PersonRoles, p.Role) {
			f.Add(indexed("persons", i)+".role", "unknown role %q", p.Role)
		}
		// Non-punishment: a victim is never the one arrested.
		if e.Type == EventArrest && p.Role == RoleVictim {
			f.Add(indexed("persons", i)+".role", "an arrest may not name a victim; victims are not arrested")
		}
	}
	if !validText(e.Summary) || !validText(e.Outcome) {
		f.Add("summary", "not valid text")
	}
	e.validateReport(&f)
	return f.Err()
}

// validateReport checks the parts of a field report that belong to its
// type: each part only on its type, and what each type needs.
func (e *Event) validateReport(f *Fields) {
	only := func(field string, set bool, t EventType) {
		if set && e.Type != t {
			f.Add(field, "only %s reports have %s", t, field)
		}
	}
	only("victims", len(e.Victims) > 0, EventRescue)
	only("migrants", len(e.Migrants) > 0, EventMigrants)
	only("means", e.Means != "", EventInterception)
	only("flight", e.Flight != nil, EventFlight)
	only("deployment", e.Deployment != "", EventDeployment)
	only("phase", e.Phase != "", EventDeployment)
	switch e.Type {
	case EventRescue:
		if len(e.Victims) == 0 {
			f.Add("victims", "a rescue report needs at least one victim")
		}
	case EventMigrants:
		if len(e.Migrants) == 0 {
			f.Add("migrants", "a migrants report needs at least one group of migrants")
		}
	case EventFlight:
		if e.Flight == nil {
			f.Add("flight", "a flight report needs the flight")
		}
	case EventDeployment:
		if e.Deployment == "" {
			f.Add("deployment", "is required")
		}
		if e.Phase != "started" && e.Phase != "ended" {
			f.Add("phase", "must be started or ended")
		}
	}
	if len(e.Victims) > 100 {
		f.Add("victims", "more than 100 groups")
	}
	if len(e.Migrants) > 100 {
		f.Add("migrants", "more than 100 groups")
	}
	for i, v := range e.Victims {
		p := indexed("victims", i)
		if v.Count < 1 || v.Count > 1000 {
			f.Add(p+".count", "%d is not a number of victims between 1 and 1000", v.Count)
		}
		switch v.Sex {
		case "", "F", "M", "X", "U":
		default:
			f.Add(p+".sex", "unknown sex %q (want F, M, X or U)", v.Sex)
		}
		if v.Age < 0 || v.Age > 120 {
			f.Add(p+".age", "%d is not a possible age (0 to 120)", v.Age)
		}
		if v.AgeBand != "" && !slices.Contains(AgeBands, v.AgeBand) {
			f.Add(p+".age_band", "unknown age band %q", v.AgeBand)
		}
		if v.Age > 0 && v.AgeBand != "" && AgeBand(v.Age) != v.AgeBand {
			f.Add(p+".age_band", "%s disagrees with age %d", v.AgeBand, v.Age)
		}
		optionalCountry(f, p+".nationality", v.Nationality)
		optionalCountry(f, p+".recruited_in", v.RecruitedIn)
		optionalCountry(f, p+".exploited_in", v.ExploitedIn)
		for j, x := range v.Exploitation {
			if !slices.Contains(ExploitationTypes, x) {
				f.Add(indexed(p+".exploitation", j), "unknown exploitation type %q", x)
			}
		}
		var bad []string
		e.Victims[i].Recruitment, bad = NormaliseMethods(RecruitmentMethods, v.Recruitment)
		for _, x := range bad {
			f.Add(p+".recruitment", "unknown recruitment method %q", x)
		}
		e.Victims[i].Control, bad = NormaliseMethods(MeansOfControl, v.Control)
		for _, x := range bad {
			f.Add(p+".means_of_control", "unknown means of control %q", x)
		}
		if v.Referral != "" && !slices.Contains(Referrals, v.Referral) {
			f.Add(p+".referral", "unknown referral %q", v.Referral)
		}
		if v.PersonID != "" {
			if !IsID(v.PersonID) {
				f.Add(p+".person_id", "malformed id %q", v.PersonID)
			} else if v.Count != 1 {
				f.Add(p+".person_id", "only a group of one victim links a person")
			}
		}
	}
	for i, m := range e.Migrants {
		p := indexed("migrants", i)
		if m.Count < 1 || m.Count > 10000 {
			f.Add(p+".count", "%d is not a number of migrants between 1 and 10000", m.Count)
		}
		if m.Minors < 0 || m.Minors > m.Count {
			f.Add(p+".minors", "%d minors in a group of %d", m.Minors, m.Count)
		}
		if !IsCountry(m.Nationality) {
			f.Add(p+".nationality", "unknown ISO 3166-1 alpha-2 country code %q", m.Nationality)
		}
		if len(m.Route) > 20 {
			f.Add(p+".route", "more than 20 points")
		}
		for j, r := range m.Route {
			q := indexed(p+".route", j)
			if !IsCountry(r.Country) {
				f.Add(q+".country", "unknown ISO 3166-1 alpha-2 country code %q", r.Country)
			}
			if r.Role != "origin" && r.Role != "transit" && r.Role != "destination" {
				f.Add(q+".role", "unknown route role %q (want origin, transit or destination)", r.Role)
			}
			if len(r.Name) > 200 || !validText(r.Name) {
				f.Add(q+".name", "longer than 200 bytes or not valid text")
			}
		}
	}
	switch e.Means {
	case "", "vehicle", "vessel", "on_foot", "train", "aircraft", "other":
	default:
		f.Add("means", "unknown means %q (want vehicle, vessel, on_foot, train, aircraft or other)", e.Means)
	}
	if fl := e.Flight; fl != nil {
		if !flightCode.MatchString(fl.Carrier) {
			f.Add("flight.carrier", "%q is not an airline code (two or three letters or digits)", fl.Carrier)
		}
		if !flightNumber.MatchString(fl.Number) {
			f.Add("flight.number", "%q is not a flight number (1 to 4 digits, an optional letter)", fl.Number)
		}
		if !airport.MatchString(fl.From) {
			f.Add("flight.from", "%q is not an IATA airport code (three capital letters)", fl.From)
		}
		if !airport.MatchString(fl.To) {
			f.Add("flight.to", "%q is not an IATA airport code (three capital letters)", fl.To)
		}
		optionalCountry(f, "flight.from_country", fl.FromCountry)
		if fl.Passengers < 0 || fl.Passengers > 1000 {
			f.Add("flight.passengers", "%d is not a number of passengers between 0 and 1000", fl.Passengers)
		}
	}
	if len(e.Deployment) > 200 || !validText(e.Deployment) {
		f.Add("deployment", "longer than 200 bytes or not valid text")
	}
}

var (
	flightCode   = regexp.MustCompile(`^[A-Z0-9]{2,3}$`)
	flightNumber = regexp.MustCompile(`^[0-9]{1,4}[A-Z]?$`)
	airport      = regexp.MustCompile(`^[A-Z]{3}$`)
)

func optionalCountry(f *Fields, field, c string) {
	if c != "" && !IsCountry(c) {
		f.Add(field, "unknown ISO 3166-1 alpha-2 country code %q", c)
	}
}

// EventFilter selects events.
type EventFilter struct {
	OperationID string
	Type        EventType
	Country     string
	// PersonID selects the events a person record is involved in (as a
	// suspect, victim, witness or migrant), for the person's page.
	PersonID string
	Newest   bool // newest first, as a feed shows them
	Page
}

// EventService manages events. Every read and write is audited.
type EventService interface {
	// CreateEvent returns EInvalid, EForbidden.
	CreateEvent(ctx context.Context, e *Event) error
	// FindEventByID returns ENotFound.
	FindEventByID(ctx context.Context, id string) (*Event, error)
	// FindEvents returns a page of events and the next cursor.
	FindEvents(ctx context.Context, f EventFilter) ([]*Event, string, error)
	// UpdateEvent returns EInvalid, ENotFound, EForbidden, EConflict.
	UpdateEvent(ctx context.Context, e *Event) error
	// DeleteEvent returns ENotFound, EForbidden.
	DeleteEvent(ctx context.Context, id string) error
}
