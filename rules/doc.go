// Package rules evaluates risk rules, indicators of trafficking in human
// beings and migrant smuggling, on the travellers of airline passenger
// messages. A rule is a CEL expression (cel.dev/cel-go, formerly
// github.com/google/cel-go) evaluated once per traveller; when it gives
// true the traveller is flagged, with a reason the rule's second
// expression writes for the officer.
//
// Compile once, screen many: Compile turns rules into an immutable
// Engine, Engine.Screen evaluates it on a manifest, and Screener keeps the
// rules in force compiled for the ingest, rebuilding them when they
// change. Check validates an expression for the store and the API,
// naming the line and column of each problem.
//
// # What a rule sees
//
// Six typed variables, one set per traveller (field names as below; see
// the types of this package for every field):
//
//	traveller  the traveller: names, sex, age (at departure, -1 unknown),
//	           minor, nationality, residence, in_transit, documents (each
//	           with days_issued_before_departure), phones, emails, bags
//	           (-1 unknown), bags_pooled, seat ...
//	document   the primary travel document (the passport, else the first
//	           that is not a visa); present is false when there is none
//	booking    the traveller's PNR (present is false on an API list):
//	           created, days_before_departure, one_way, tickets, payment
//	           (types, cash, payer_name, payer_travels, payer_related),
//	           phones, emails (the agency's left out), agency, ssrs
//	itinerary  the journey to this flight's arrival: airports and
//	           countries in order, origin, destination, transits, hubs
//	flight     the arrival leg: designator, origin, destination, times
//	group      who the traveller travels with (same booking, or sharing a
//	           phone or e-mail): size, members, minors, adults, ages,
//	           nationalities, young (13 to 25), young_nationalities,
//	           adults_share_family_with_minors, unrelated_adults,
//	           shared_contact_bookings (OTHER bookings sharing a contact),
//	           unrelated_contact_bookings, shared_contacts
//
// Numbers that may be unknown are -1 when unknown: write
// "booking.days_before_departure >= 0 && booking.days_before_departure <= 3",
// not just "<= 3".
//
// Beside CEL's standard library: the strings, lists, math, sets and
// bindings extensions ("'%d days'.format([n])", "list.join(', ')",
// "math.least(list)", "sets.intersects(a, b)", "cel.bind(x, expr, ...)"),
// and
//
//	hub(code)               whether an airport or country is in the
//	                        transit hub table (hubs.csv)
//	same_family(a, b)       whether two family names share a word, across
//	                        scripts and particles (GARCÍA LOPEZ, GARCIA PEREZ)
//	plural(n, noun)         "1 day", "3 days", for reasons
//	plural(n, one, many)    "1 child", "3 children"
//
// # Bounds
//
// Each evaluation is bounded by CostLimit and lists.range by MaxRange; a
// rule exceeding them, or failing on a traveller (an index out of range,
// say), gives a Warning for that traveller and screening goes on. A rule
// over its cost bound on MaxCostFailures travellers of a manifest is left
// out for the rest of it, so that one costly rule cannot eat the time
// budget of the ingest.
package rules
