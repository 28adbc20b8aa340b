package meridian

import (
	"context"
	"slices"
	"strings"
)

// Watchlist categories of a listed person.
const (
	CategoryWanted  = "wanted"
	CategoryMissing = "missing"
	CategoryVictim  = "victim"
	CategorySuspect = "suspect" // suspect or person of interest
)

// WatchCategories lists the valid categories.
var WatchCategories = []string{CategoryWanted, CategoryMissing, CategoryVictim, CategorySuspect}

// Protected reports whether a category is about someone to protect: a hit
// on a missing person or a victim calls for safeguarding, never for
// treating the person as a suspect.
func Protected(category string) bool {
	return category == CategoryMissing || category == CategoryVictim
}

// DocRef is a document number a listed person is known to hold.
type DocRef struct {
	Number       string       `json:"number" maxLength:"50"`
	IssuingState string       `json:"issuing_state,omitempty" doc:"ISO 3166-1 alpha-2"`
	Type         DocumentType `json:"type,omitempty"`
}

// WatchPerson is a watchlist entry about a person: wanted, missing, a
// victim, or a suspect or person of interest. Checks of people are
// screened against these.
type WatchPerson struct {
	Meta
	Category      string   `json:"category"`
	Ref           string   `json:"ref,omitempty" doc:"the owner's own reference"`
	Names         []Name   `json:"names"`
	BirthDate     Date     `json:"birth_date,omitempty"`
	Sex           Sex      `json:"sex,omitempty"`
	Nationalities []string `json:"nationalities,omitempty"`
	Documents     []DocRef `json:"documents,omitempty"`
	Notes         string   `json:"notes,omitempty"`
	// Sanctions and Addresses are what a list says about the person
	// beside the identity: the programmes and reasons of a listing, and
	// known addresses (free text).
	Sanctions []WatchSanction `json:"sanctions,omitempty"`
	Addresses []string        `json:"addresses,omitempty"`
}

// WatchSanction is one listing of a person under a sanctions programme.
type WatchSanction struct {
	Authority string `json:"authority,omitempty" maxLength:"300"`
	Program   string `json:"program,omitempty" maxLength:"300"`
	Reason    string `json:"reason,omitempty" maxLength:"4000"`
	StartDate Date   `json:"start_date,omitempty"`
}

// WatchDocumentStatuses are the statuses of a listed document.
var WatchDocumentStatuses = []string{"stolen", "lost", "revoked", "invalidated"}

// WatchDocument is a watchlist entry about a travel or identity document
// reported stolen, lost, revoked or invalidated.
type WatchDocument struct {
	Meta
	Ref          string       `json:"ref,omitempty"`
	Type         DocumentType `json:"type"`
	Number       string       `json:"number"`
	NumberNorm   string       `json:"number_norm"`
	IssuingState string       `json:"issuing_state"`
	Status       string       `json:"status"`
}

// Validate checks a listed person.
func (w *WatchPerson) Validate() error {
	f := Fields{Op: "watch_person"}
	ValidateMeta(&f, &w.Meta)
	if !slices.Contains(WatchCategories, w.Category) {
		f.Add("category", "unknown category %q (want wanted, missing, victim or suspect)", w.Category)
	}
	if len(w.Ref) > 100 || !validText(w.Ref) {
		f.Add("ref", "longer than 100 bytes or not valid text")
	}
	validateIdentity(&f, w.Names, w.BirthDate, w.Sex, w.Nationalities)
	if len(w.Notes) > 10000 || !validText(w.Notes) {
		f.Add("notes", "longer than 10000 bytes or not valid text")
	}
	if len(w.Documents) > 50 {
		f.Add("documents", "more than 50 documents")
	}
	if len(w.Sanctions) > 50 {
		f.Add("sanctions", "more than 50 sanctions")
	}
	for i, s := range w.Sanctions {
		pre := indexed("sanctions", i)
		if s.Authority == "" && s.Program == "" && s.Reason == "" {
			f.Add(pre, "needs an authority, a program or a reason")
		}
		for _, v := range []struct {
			field, s string
			max      int
		}{{".authority", s.Authority, 300}, {".program", s.Program, 300}, {".reason", s.Reason, 4000}} {
			if len(v.s) > v.max || !validText(v.s) {
				f.Add(pre+v.field, "longer than %d bytes or not valid text", v.max)
			}
		}
		if s.StartDate != "" {
			if _, ok := ParseDate(string(s.StartDate)); !ok {
				f.Add(pre+".start_date", "must be YYYY, YYYY-MM or YYYY-MM-DD, got %q", s.StartDate)
			}
		}
	}
	if len(w.Addresses) > 20 {
		f.Add("addresses", "more than 20 addresses")
	}
	for i, a := range w.Addresses {
		if strings.TrimSpace(a) == "" || len(a) > 500 || !validText(a) {
			f.Add(indexed("addresses", i), "must hold 1 to 500 bytes of text")
		}
	}
	for i, d := range w.Documents {
		pre := indexed("documents", i)
		if NormalizeDocumentNumber(d.Number) == "" || len(d.Number) > 50 || !validText(d.Number) {
			f.Add(pre+".number", "must hold 1 to 50 letters or digits")
		}
		if d.IssuingState != "" && !IsCountry(d.IssuingState) {
			f.Add(pre+".issuing_state", "unknown ISO 3166-1 alpha-2 country code %q", d.IssuingState)
		}
		if d.Type != "" && !slices.Contains(DocumentTypes, d.Type) {
			f.Add(pre+".type", "unknown document type %q", d.Type)
		}
	}
	return f.Err()
}

// Validate checks a listed document and fills NumberNorm.
func (w *WatchDocument) Validate() error {
	f := Fields{Op: "watch_document"}
	ValidateMeta(&f, &w.Meta)
	if w.Type == "" {
		w.Type = "passport"
	}
	if !slices.Contains(DocumentTypes, w.Type) {
		f.Add("type", "unknown document type %q", w.Type)
	}
	w.NumberNorm = NormalizeDocumentNumber(w.Number)
	if w.NumberNorm == "" || len(w.Number) > 50 || !validText(w.Number) {
		f.Add("number", "must hold 1 to 50 letters or digits")
	}
	if !IsCountry(w.IssuingState) {
		f.Add("issuing_state", "unknown ISO 3166-1 alpha-2 country code %q", w.IssuingState)
	}
	if !slices.Contains(WatchDocumentStatuses, w.Status) {
		f.Add("status", "unknown status %q (want stolen, lost, revoked or invalidated)", w.Status)
	}
	if len(w.Ref) > 100 || !validText(w.Ref) {
		f.Add("ref", "longer than 100 bytes or not valid text")
	}
	return f.Err()
}

// WatchFilter selects watchlist entries.
type WatchFilter struct {
	OperationID string
	Category    string
	Page
}

// WatchlistService manages watchlist entries, records like any other:
// owned, marked, released and audited.
type WatchlistService interface {
	// CreateWatchPerson returns EInvalid, EForbidden.
	CreateWatchPerson(ctx context.Context, w *WatchPerson) error
	// FindWatchPersonByID returns ENotFound.
	FindWatchPersonByID(ctx context.Context, id string) (*WatchPerson, error)
	// FindWatchPersons returns a page and the next cursor.
	FindWatchPersons(ctx context.Context, f WatchFilter) ([]*WatchPerson, string, error)
	// UpdateWatchPerson returns EInvalid, ENotFound, EForbidden, EConflict.
	UpdateWatchPerson(ctx context.Context, w *WatchPerson) error
	// DeleteWatchPerson returns ENotFound, EForbidden.
	DeleteWatchPerson(ctx context.Context, id string) error

	// CreateWatchDocument returns EInvalid, EForbidden.
	CreateWatchDocument(ctx context.Context, w *WatchDocument) error
	// FindWatchDocumentByID returns ENotFound.
	FindWatchDocumentByID(ctx context.Context, id string) (*WatchDocument, error)
	// FindWatchDocuments returns a page and the next cursor.
	FindWatchDocuments(ctx context.Context, f WatchFilter) ([]*WatchDocument, string, error)
	// UpdateWatchDocument returns EInvalid, ENotFound, EForbidden, EConflict.
	UpdateWatchDocument(ctx context.Context, w *WatchDocument) error
	// DeleteWatchDocument returns ENotFound, EForbidden.
	DeleteWatchDocument(ctx context.Context, id string) error
}

// PrimaryName returns the listed person's first name, or "".
func (w *WatchPerson) PrimaryName() string {
	if len(w.Names) == 0 {
		return ""
	}
	return w.Names[0].Full
}
