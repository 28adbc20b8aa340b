package meridian

import (
	"context"
	"slices"
	"time"
)

// EventType is a kind of operational event.
type EventType string

const (
	EventRaid         EventType = "raid"
	EventArrest       EventType = "arrest"
	EventRescue       EventType = "rescue"
	EventInterception EventType = "interception"
	EventCheck        EventType = "check"
	EventDeployment   EventType = "deployment"
)

// EventTypes lists the valid event types.
var EventTypes = []EventType{EventRaid, EventArrest, EventRescue, EventInterception, EventCheck, EventDeployment}

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

// Event is something that happened in an operation: a raid, an arrest, a
// rescue, an interception, a check or a deployment.
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
	return f.Err()
}

// EventFilter selects events.
type EventFilter struct {
	OperationID string
	Type        EventType
	Country     string
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
