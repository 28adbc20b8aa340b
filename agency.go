package meridian

import (
	"context"
	"slices"
	"strings"
	"time"
)

// AgencyKind is what an agency does.
type AgencyKind string

const (
	AgencyPolice        AgencyKind = "police"
	AgencyNCB           AgencyKind = "ncb" // INTERPOL national central bureau
	AgencyBorder        AgencyKind = "border"
	AgencyProsecution   AgencyKind = "prosecution"
	AgencyInternational AgencyKind = "international" // e.g. INTERPOL, UNODC
	AgencyNGO           AgencyKind = "ngo"
)

// AgencyKinds lists the valid kinds.
var AgencyKinds = []AgencyKind{AgencyPolice, AgencyNCB, AgencyBorder, AgencyProsecution, AgencyInternational, AgencyNGO}

// Agency owns records and employs users. Its country decides what records
// released to a country it sees.
type Agency struct {
	ID        string     `json:"id"`
	Country   string     `json:"country" doc:"ISO 3166-1 alpha-2"`
	Kind      AgencyKind `json:"kind"`
	Name      string     `json:"name"`
	CreatedAt time.Time  `json:"created_at"`
}

// Validate checks a new agency.
func (a *Agency) Validate() error {
	f := Fields{Op: "agency"}
	if !IsCountry(a.Country) {
		f.Add("country", "unknown ISO 3166-1 alpha-2 country code %q", a.Country)
	}
	if !slices.Contains(AgencyKinds, a.Kind) {
		f.Add("kind", "unknown agency kind %q (want police, ncb, border, prosecution, international or ngo)", a.Kind)
	}
	validName(&f, "name", a.Name, 200)
	return f.Err()
}

func validName(f *Fields, field, s string, max int) {
	switch {
	case strings.TrimSpace(s) == "":
		f.Add(field, "is required")
	case len(s) > max:
		f.Add(field, "longer than %d bytes", max)
	case !validText(s):
		f.Add(field, "contains control characters or invalid UTF-8")
	}
}

// AgencyFilter selects agencies.
type AgencyFilter struct {
	Country string
	Kind    AgencyKind
	Page
}

// AgencyService manages agencies. Any authenticated user may read them;
// only administrators create and change them.
type AgencyService interface {
	// CreateAgency returns EInvalid or EForbidden.
	CreateAgency(ctx context.Context, a *Agency) error
	// FindAgencyByID returns ENotFound.
	FindAgencyByID(ctx context.Context, id string) (*Agency, error)
	// FindAgencies returns a page of agencies and the next cursor.
	FindAgencies(ctx context.Context, f AgencyFilter) ([]*Agency, string, error)
	// UpdateAgency renames an agency or changes its kind (a.ID names it);
	// its country never changes, since it decides what the agency's staff
	// read of what is released to a country. EInvalid, EForbidden,
	// ENotFound.
	UpdateAgency(ctx context.Context, a *Agency) error
}
