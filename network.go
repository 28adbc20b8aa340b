package meridian

import (
	"context"
	"slices"
	"time"
)

// NetworkFilter selects the network of linked records an analyst studies:
// the links (not rejected) of an operation or a case, cut to what the
// reader may read. Country, role, TLP and handling select the records
// shown; the period selects links by when they were found, and, since a
// link's dates are for readers of both ends, leaves out links the reader
// may read only one end of.
type NetworkFilter struct {
	OperationID string
	CaseID      string
	Country     string       // owner country of a record
	Role        PersonRole   // persons of this role (other records stay)
	TLP         TLP          // records of this TLP
	Handling    HandlingCode // records of this handling code
	From, To    time.Time    // links found in [From, To)
	// Limit caps the links read (newest first); 0: MaxNetworkLinks.
	Limit int
}

// MaxNetworkLinks is the most links one network reads.
const MaxNetworkLinks = 50000

// Validate checks a filter as a user sent it.
func (f *NetworkFilter) Validate() error {
	v := Fields{Op: "network"}
	if f.OperationID == "" && f.CaseID == "" {
		v.Add("operation_id", "an operation or a case is required")
	}
	if f.OperationID != "" && !IsID(f.OperationID) {
		v.Add("operation_id", "malformed id")
	}
	if f.CaseID != "" && !IsID(f.CaseID) {
		v.Add("case_id", "malformed id")
	}
	if f.Country != "" && !IsCountry(f.Country) {
		v.Add("country", "unknown ISO 3166-1 alpha-2 country code %q", f.Country)
	}
	if f.Role != "" && !slices.Contains(PersonRoles, f.Role) {
		v.Add("role", "unknown role %q", f.Role)
	}
	switch f.TLP {
	case "", TLPRed, TLPAmberStrict, TLPAmber, TLPGreen, TLPClear:
	default:
		v.Add("tlp", "unknown TLP %q", f.TLP)
	}
	if f.Handling != "" && !slices.Contains(HandlingCodes, f.Handling) {
		v.Add("handling", "unknown handling code %q", f.Handling)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		v.Add("to", "must be after from")
	}
	if f.Limit < 0 || f.Limit > MaxNetworkLinks {
		v.Add("limit", "must be between 0 and %d", MaxNetworkLinks)
	}
	return v.Err()
}

// NetworkService is the store's side of the network analysis.
type NetworkService interface {
	// FindNetwork returns the records the caller may read that the links
	// selected join, the links between two of them, and the links of
	// which it may read one end as the links list shows them (restricted,
	// naming the other owner, who is told). Every record shown is
	// audited. EInvalid, EForbidden (a role that does not analyse, an
	// operation the caller does not take part in), ENotFound (a case it
	// may not read).
	FindNetwork(ctx context.Context, f NetworkFilter) (*LinkGraph, error)
}
