package sqldb

import (
	"strings"

	"meridian"
	"meridian/policy"
)

// scope is a read scope as SQL: no rows, every row, or the rows any of
// its terms match. Every scope in the store (records, passenger data,
// hits) is built with it, so that "none" and "all" are written once, each
// term carries its own arguments, and a single read uses the same clause
// as a list (WHERE id = ? AND <scope>).
type scope struct {
	none, all bool
	terms     []string
	args      []any
}

// scopeNone and scopeAll are the two scopes without terms.
var (
	scopeNone = scope{none: true}
	scopeAll  = scope{all: true}
)

// or adds a term, matched with args.
func (s scope) or(term string, args ...any) scope {
	s.terms = append(s.terms[:len(s.terms):len(s.terms)], term)
	s.args = append(s.args[:len(s.args):len(s.args)], args...)
	return s
}

// sql returns the scope as a WHERE condition and its arguments. A scope
// with no term matches nothing.
func (s scope) sql() (string, []any) {
	switch {
	case s.none:
		return "1 = 0", nil
	case s.all:
		return "1 = 1", nil
	case len(s.terms) == 0:
		return "1 = 0", nil
	case len(s.terms) == 1:
		return s.terms[0], s.args
	}
	return "(" + strings.Join(s.terms, " OR ") + ")", s.args
}

// recordScope is policy.Scope on records aliased r: the owner agency, an
// agency or country a listed record is released to, a participant of
// the operation of a record released to all its participants, or, for a
// case, an agency the case takes part in (policy.CanReadCase).
func recordScope(sc policy.Scope) scope {
	switch {
	case sc.None:
		return scopeNone
	case sc.All:
		return scopeAll
	}
	return scope{}.
		or(`r.owner_agency = ?`, sc.Agency).
		or(`(r.scope = 'listed' AND EXISTS (SELECT 1 FROM record_releases x WHERE x.record_id = r.id
			AND ((x.kind = 'agency' AND x.value = ?) OR (x.kind = 'country' AND x.value = ?))))`, sc.Agency, sc.Country).
		or(`(r.scope = 'all' AND EXISTS (SELECT 1 FROM operation_participants p WHERE p.operation_id = r.operation_id
			AND ((p.kind = 'agency' AND p.value = ?) OR (p.kind = 'country' AND p.value = ?))))`, sc.Agency, sc.Country).
		// A case's participants read it (policy.CanReadCase).
		or(`(r.kind = 'case' AND EXISTS (SELECT 1 FROM case_participants cp WHERE cp.case_id = r.id AND cp.agency_id = ?))`, sc.Agency)
}

// passengerScope is who reads passenger data (manifests, alerts), on the
// columns naming the ingesting agency and the destination country: that
// agency's readers and the destination country's law-enforcement users
// (policy.ReadsCountryPassengers: observers are not among them).
// Administrators read none.
func passengerScope(subj *meridian.Subject, owner, country string) scope {
	switch {
	case subj.System:
		return scopeAll
	case !policy.MayRead(subj):
		return scopeNone
	}
	sc := scope{}.or(owner+" = ?", subj.AgencyID)
	if policy.ReadsCountryPassengers(subj) {
		sc = sc.or(country+" = ?", subj.Country)
	}
	return sc
}

// hitScope is who reads a hit: the owner agency's readers and the user
// who made the check.
func hitScope(s *meridian.Subject) scope {
	switch {
	case s.System:
		return scopeAll
	case policy.MayRead(s):
		return scope{}.or("owner_agency = ?", s.AgencyID).or("checker_user = ?", s.UserID)
	}
	return scope{}.or("checker_user = ?", s.UserID)
}

// hitListScope is what a list of hits shows: the hits the caller made, or
// its agency's inbox (to its readers only).
func hitListScope(s *meridian.Subject, made bool) scope {
	switch {
	case s.System:
		return scopeAll
	case made:
		return scope{}.or("checker_user = ?", s.UserID)
	case policy.MayRead(s):
		return scope{}.or("owner_agency = ?", s.AgencyID)
	}
	return scopeNone
}
