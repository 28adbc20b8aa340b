package policy

import "meridian"

// ReadsCountryPassengers reports whether s reads the passenger data
// (manifests, flights, alerts) of flights arriving in its country. That is
// the destination country's law enforcement: officers, NCB, analysts,
// prosecutors and coordinators. An observer (an expert of an
// international organisation, placed in a country) does not: it reads only
// what its own agency ingested, like any reader, and administrators read
// none.
func ReadsCountryPassengers(s *meridian.Subject) bool {
	return s != nil && (s.System || hasAny(s, writers))
}
