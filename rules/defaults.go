package rules

import "meridian"

// Defaults returns the default rule set, enabled, as new rules (no id, no
// version): the indicators of trafficking and smuggling Meridian ships
// with. Each is tuned to leave ordinary travellers alone: a family whose
// parents and children share a family name, a round trip through a hub,
// a passport renewed a few months before a holiday.
func Defaults() []*meridian.Rule {
	rs := []*meridian.Rule{
		{
			Name: "One-way ticket at short notice, paid in cash or by a third party",
			Description: "A one-way journey booked no more than 3 days before departure and paid in cash, or paid by " +
				"someone who is neither on the flight nor of a traveller's family name. Traffickers and smugglers buy " +
				"the ticket for the person they move, late and in a way that leaves no trace of themselves. Benign " +
				"explanations: emergencies (family illness, funerals), employers sending staff, cash economies. " +
				"Check who paid and who meets the traveller.",
			Expression: `booking.present && booking.one_way &&
booking.days_before_departure >= 0 && booking.days_before_departure <= 3 &&
(booking.payment.cash ||
 (booking.payment.payer_known && !booking.payment.payer_travels && !booking.payment.payer_related))`,
			Reason: `"one-way ticket booked %s before departure, %s".format([
  plural(booking.days_before_departure, "day"),
  booking.payment.cash ? "paid in cash" : "paid by " + booking.payment.payer_name + ", who is not travelling"])`,
			Severity: meridian.SeverityMedium,
		},
		{
			Name: "Travel document issued shortly before travel",
			Description: "The traveller's passport or identity document was issued no more than 30 days before " +
				"departure. Victims are often given a first passport, arranged by the recruiter, just before they " +
				"leave. Common and usually benign on its own (renewals, first holidays): weigh it with the other " +
				"indicators on the alert.",
			Expression: `traveller.role == "passenger" && document.present &&
document.days_issued_before_departure >= 0 && document.days_issued_before_departure <= 30`,
			Reason: `"%s %s issued by %s on %s, %s before departure".format([
  document.type, document.number, document.issuing_state, document.issued_on,
  plural(document.days_issued_before_departure, "day")])`,
			Severity: meridian.SeverityLow,
		},
		{
			Name: "No checked bags on a one-way journey",
			Description: "A one-way journey with no bag checked in. People moved for exploitation often travel " +
				"with almost nothing, although they claim to be moving or staying long. A return trip without bags " +
				"is ordinary and does not fire. Benign explanations: luggage sent ahead, onward travel by land.",
			Expression: `traveller.role == "passenger" && traveller.bags == 0 && !traveller.bags_pooled &&
booking.present && booking.one_way`,
			Reason:   `"one-way journey from %s with no checked bags".format([itinerary.origin])`,
			Severity: meridian.SeverityLow,
		},
		{
			Name: "Contact shared by unrelated bookings",
			Description: "The booking's phone number or e-mail address is also the contact of another booking on " +
				"this flight whose travellers share no family name with it. One organiser booking several " +
				"unrelated people is a mark of smuggling and recruitment networks. The travel agency's own " +
				"contacts are left out. Benign explanations: a company or a school booking its people; check " +
				"the other bookings on the alert.",
			Expression: `group.unrelated_contact_bookings >= 1`,
			Reason: `"%s shared with %s on this flight".format([
  group.shared_contacts.join(", "), plural(group.unrelated_contact_bookings, "unrelated booking")])`,
			Severity: meridian.SeverityMedium,
		},
		{
			Name: "Young travellers of one nationality with one unrelated adult",
			Description: "Three or more travellers aged 13 to 25, all of one nationality, travelling together " +
				"(one booking or a shared contact) with a single adult over 25 who shares no family name with any " +
				"of them. A recruiter escorting a group is a recurrent pattern in sexual exploitation and forced " +
				"labour cases. Benign explanations: school, sports or church groups (ask for the organisation's " +
				"papers), tour guides.",
			Expression: `group.young >= 3 && group.size == group.young + 1 &&
group.young_nationalities.size() == 1 &&
group.members.exists_one(m, m.age > 25 && !m.related)`,
			Reason: `cel.bind(adult, group.members.filter(m, m.age > 25)[0],
cel.bind(ages, group.members.filter(m, m.age >= 13 && m.age <= 25).map(m, m.age),
  "%d travellers aged %d to %d, all %s, travel with %s, %d, who shares no family name with them".format([
    group.young, math.least(ages), math.greatest(ages), group.young_nationalities[0], adult.name, adult.age])))`,
			Severity: meridian.SeverityHigh,
		},
		{
			Name: "Minor travelling with an unrelated adult",
			Description: "A traveller under 18 travels with adults (same booking or shared contact), none of whom " +
				"shares the minor's family name. Fires on the minor and on the adults. An ordinary family, where " +
				"a parent shares the children's family name, does not fire. Benign explanations: a parent with " +
				"another family name (ask for the parental consent and birth certificate), relatives, an " +
				"escort employed by the airline.",
			Expression: `group.minors >= 1 && group.adults >= 1 && !group.adults_share_family_with_minors`,
			Reason: `cel.bind(minors, group.members.filter(m, m.minor && !m.related_adult),
cel.bind(adults, group.members.filter(m, m.adult),
  "%s %s with %s, who %s no family name with %s".format([
    minors.map(m, m.age >= 0 ? "%s (%d)".format([m.name, m.age]) : m.name).join(", "),
    minors.size() == 1 ? "travels" : "travel",
    adults.map(m, m.name).join(", "),
    adults.size() == 1 ? "shares" : "share",
    minors.size() == 1 ? "the minor" : "the minors"])))`,
			Severity: meridian.SeverityHigh,
		},
		{
			Name: "Route through known transit hubs",
			Description: "The journey to this flight changes planes at a hub listed in Meridian's transit hub table " +
				"(Istanbul, Doha, Dubai, Addis Ababa, Casablanca ...: rules/hubs.csv, with the reasons for each) on " +
				"a one-way journey, or on a journey of unknown booking. Connecting through these hubs is ordinary; " +
				"on a one-way journey it is one indicator among others of a trafficking or smuggling route.",
			Expression: `traveller.role == "passenger" && itinerary.hubs.size() >= 1 &&
(!booking.present || booking.one_way)`,
			Reason: `"%s through %s to %s%s".format([
  booking.present ? "one-way journey from " + itinerary.origin : "journey from " + itinerary.origin,
  itinerary.hubs.join(", "), itinerary.destination,
  itinerary.origin_country != "" ? " (from " + itinerary.origin_country + ")" : ""])`,
			Severity: meridian.SeverityLow,
		},
	}
	for _, r := range rs {
		r.Enabled = true
	}
	return rs
}
