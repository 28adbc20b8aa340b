package rules_test

import (
	"slices"
	"testing"

	"meridian"
	"meridian/rules"
)

// The monitored flight of every test manifest: Istanbul to Tirana on
// 1 October 2024, Albania the destination.
var monitored = meridian.Leg{Carrier: "TK", Number: "1883",
	Departure: meridian.Stop{Airport: "IST", Time: "2024-10-01T10:00"},
	Arrival:   meridian.Stop{Airport: "TIA", Country: "AL", Time: "2024-10-01T11:30"}, Border: true}

func leg(carrier, number, from, to string, dep meridian.LocalTime) meridian.BookedFlight {
	return meridian.BookedFlight{Leg: meridian.Leg{Carrier: carrier, Number: number,
		Departure: meridian.Stop{Airport: from, Time: dep}, Arrival: meridian.Stop{Airport: to}}, Status: "HK"}
}

// pax is a passenger with an old passport and one checked bag.
func pax(ref, family, given string, birth meridian.Date, sex meridian.Sex, nat string) meridian.Traveller {
	return meridian.Traveller{Role: meridian.RolePassenger, Type: "A", Ref: ref, Family: family, Given: given,
		BirthDate: birth, Sex: sex, Nationality: nat,
		Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: "P" + ref + "0001", IssuingState: nat,
			IssuedOn: "2021-06-01", ExpiresOn: "2031-05-31"}},
		Baggage: &meridian.Baggage{Count: 1, Weight: 20, Unit: "kg"}}
}

// family is an ordinary family: parents and children sharing a family
// name, on a round trip booked six weeks ahead, paid by card, with bags.
func family() meridian.Booking {
	return meridian.Booking{
		Locator: "FAM001", Carrier: "TK", Created: "2024-08-15T09:12",
		Travellers: []meridian.Traveller{
			pax("1", "BERISHA", "ARBEN", "1980-03-02", "M", "AL"),
			pax("2", "BERISHA", "DRITA", "1983-07-10", "F", "AL"),
			pax("3", "BERISHA", "ELIRA", "2012-05-05", "F", "AL"),
			pax("4", "BERISHA", "DREN", "2015-01-20", "M", "AL"),
		},
		Itinerary: []meridian.BookedFlight{
			leg("TK", "1590", "FRA", "IST", "2024-10-01T06:00"),
			{Leg: monitored, Status: "HK"},
			leg("TK", "1884", "TIA", "IST", "2024-10-10T12:30"),
			leg("TK", "1591", "IST", "FRA", "2024-10-10T16:00"),
		},
		Tickets: []meridian.Ticket{{Number: "2352400000001", Issued: "2024-08-15T09:20", OneWay: false,
			Payments: []meridian.Payment{{Type: "credit_card", Code: "CC", CardVendor: "VI"}}}},
		Contacts: []meridian.Contact{{Kind: meridian.IDPhone, Use: "mobile", Value: "+355691234567"},
			{Kind: meridian.IDEmail, Value: "arben.berisha@example.al"}},
		Agency: &meridian.TravelAgency{Type: "travel_agent", IATA: "12345678", City: "FRA", Country: "DE", Phone: "+496912345678"},
	}
}

// oneWay turns a booking into a one-way journey from Addis Ababa through
// Istanbul, booked at created.
func oneWay(b *meridian.Booking, created meridian.LocalTime) {
	b.Created = created
	b.Itinerary = []meridian.BookedFlight{leg("ET", "704", "ADD", "IST", "2024-09-30T23:50"), {Leg: monitored, Status: "HK"}}
	for i := range b.Tickets {
		b.Tickets[i].OneWay = true
		b.Tickets[i].Issued = created
	}
}

func pnrgov(bookings ...meridian.Booking) *meridian.Manifest {
	return &meridian.Manifest{Kind: meridian.ManifestPNRGOV, Reference: "1", Parts: 1, Version: "11.1",
		Flights: []meridian.Leg{monitored}, Bookings: bookings}
}

func paxlst(ts ...meridian.Traveller) *meridian.Manifest {
	return &meridian.Manifest{Kind: meridian.ManifestPAXLST, Reference: "1", Parts: 1, Version: "D02B",
		Flights: []meridian.Leg{monitored}, Travellers: ts}
}

func defaultEngine(tb testing.TB) *rules.Engine {
	tb.Helper()
	rs := rules.Defaults()
	for i, r := range rs {
		r.ID, r.Version = "00000000-0000-7000-8000-00000000000"+string(rune('1'+i)), 1
	}
	e, skipped := rules.Compile(rs)
	if len(skipped) > 0 {
		tb.Fatalf("default rules do not compile: %v", skipped)
	}
	return e
}

// hitsOf returns the travellers (indexes) a rule hit, and each one's reason.
func hitsOf(res *rules.Result, name string) ([]int, []string) {
	var idx []int
	var reasons []string
	for _, h := range res.Hits {
		if h.Name == name {
			idx = append(idx, h.Traveller)
			reasons = append(reasons, h.Reason)
		}
	}
	return idx, reasons
}

func ruleNames(res *rules.Result) []string {
	var out []string
	for _, h := range res.Hits {
		if !slices.Contains(out, h.Name) {
			out = append(out, h.Name)
		}
	}
	return out
}
