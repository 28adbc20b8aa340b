package meridian

import (
	"context"
	"slices"
)

// Case is a cross-border case: records from several countries worked
// together by their agencies and prosecutors.
type Case struct {
	Meta
	Title     string   `json:"title"`
	Status    string   `json:"status" doc:"open, suspended or closed"`
	Summary   string   `json:"summary,omitempty"`
	Countries []string `json:"countries,omitempty" doc:"countries of origin, transit and destination involved"`
	Records   []string `json:"records,omitempty" doc:"ids of the linked persons, documents and events the reader may read"`
	Hidden    int      `json:"hidden,omitempty" readOnly:"true" doc:"how many more records the case lists that the reader may not read (their owners decide; the case's owner can be asked)"`
	// Origins, Transits and Destinations are read from the records when
	// the case is opened from a cluster or records are added to it
	// (CaseRoute): what the records say of where people came from, went
	// through and were exploited or found.
	Origins      []string `json:"origins,omitempty" doc:"countries of origin, read from its records"`
	Transits     []string `json:"transits,omitempty" doc:"countries of transit, read from its records"`
	Destinations []string `json:"destinations,omitempty" doc:"countries of destination, read from its records"`
}

// Validate checks a case.
func (c *Case) Validate() error {
	f := Fields{Op: "case"}
	ValidateMeta(&f, &c.Meta)
	validName(&f, "title", c.Title, 300)
	if c.Status == "" {
		c.Status = "open"
	}
	switch c.Status {
	case "open", "suspended", "closed":
	default:
		f.Add("status", "unknown status %q (want open, suspended or closed)", c.Status)
	}
	if len(c.Summary) > 20000 || !validText(c.Summary) {
		f.Add("summary", "longer than 20000 bytes or not valid text")
	}
	countries(&f, "countries", c.Countries)
	countries(&f, "origins", c.Origins)
	countries(&f, "transits", c.Transits)
	countries(&f, "destinations", c.Destinations)
	if len(c.Records) > 10000 {
		f.Add("records", "more than 10000 records")
	}
	ids(&f, "records", c.Records)
	return f.Err()
}

// CaseFilter selects cases.
type CaseFilter struct {
	OperationID string
	Status      string
	// RecordID selects the cases that link a record.
	RecordID string
	Page
}

// CaseService manages cases. Linking a record needs read access to it.
type CaseService interface {
	// CreateCase returns EInvalid, EForbidden, ENotFound (a linked record).
	CreateCase(ctx context.Context, c *Case) error
	// FindCaseByID returns ENotFound.
	FindCaseByID(ctx context.Context, id string) (*Case, error)
	// FindCases returns a page of cases and the next cursor.
	FindCases(ctx context.Context, f CaseFilter) ([]*Case, string, error)
	// UpdateCase returns EInvalid, ENotFound, EForbidden, EConflict.
	UpdateCase(ctx context.Context, c *Case) error
	// DeleteCase returns ENotFound, EForbidden.
	DeleteCase(ctx context.Context, id string) error
}

// CaseRoute reads the countries of origin, transit and destination from a
// case's records (persons, documents and events) and sets them on c, with
// Countries their union and the records' owner countries. The rules, the
// simplest that hold for the operation's reports:
//
//   - origin: a person's nationalities, a victim's country of recruitment,
//     a document's issuing state, a rescued group's nationality and
//     country of recruitment, a migrants' route point marked origin;
//   - destination: where a victim was exploited, the place of a raid, a
//     rescue or an arrest, a route point marked destination;
//   - transit: the place of an interception, a migrants report or a
//     monitored flight, a route point marked transit; and the owner
//     country of a record that is neither origin nor destination.
//
// A country can be in more than one list (a transit country is often a
// destination too).
func CaseRoute(c *Case, persons []*Person, documents []*Document, events []*Event) {
	var origin, transit, dest, owners []string
	add := func(xs *[]string, v string) {
		if IsCountry(v) && !slices.Contains(*xs, v) {
			*xs = append(*xs, v)
		}
	}
	for _, p := range persons {
		owners = append(owners, p.OwnerCountry)
		for _, n := range p.Nationalities {
			add(&origin, n)
		}
		if p.Victim != nil {
			add(&origin, p.Victim.RecruitedIn)
			for _, x := range p.Victim.ExploitedIn {
				add(&dest, x)
			}
		}
	}
	for _, d := range documents {
		owners = append(owners, d.OwnerCountry)
		add(&origin, d.IssuingState)
	}
	for _, e := range events {
		owners = append(owners, e.OwnerCountry)
		switch e.Type {
		case EventRaid, EventRescue, EventArrest:
			add(&dest, e.Place.Country)
		case EventInterception, EventMigrants, EventFlight:
			add(&transit, e.Place.Country)
		}
		for _, v := range e.Victims {
			add(&origin, v.Nationality)
			add(&origin, v.RecruitedIn)
			add(&dest, v.ExploitedIn)
		}
		for _, m := range e.Migrants {
			add(&origin, m.Nationality)
			for _, rp := range m.Route {
				switch rp.Role {
				case "origin":
					add(&origin, rp.Country)
				case "destination":
					add(&dest, rp.Country)
				default:
					add(&transit, rp.Country)
				}
			}
		}
	}
	for _, o := range owners {
		if !slices.Contains(origin, o) && !slices.Contains(dest, o) {
			add(&transit, o)
		}
	}
	all := slices.Clone(c.Countries)
	for _, xs := range [][]string{origin, transit, dest, owners} {
		for _, x := range xs {
			add(&all, x)
		}
	}
	slices.Sort(origin)
	slices.Sort(transit)
	slices.Sort(dest)
	slices.Sort(all)
	c.Origins, c.Transits, c.Destinations, c.Countries = origin, transit, dest, all
}
