package edifact_test

import (
	"bytes"
	"testing"
	"time"

	"meridian"
	"meridian/edifact"
)

// TestWritePNRGOV: what the simulator writes, the parser reads back: the
// flight, the bookings with their locators, creation times, travellers,
// documents, tickets, payments and payer, and the itinerary that makes a
// journey one-way.
func TestWritePNRGOV(t *testing.T) {
	dep := time.Date(2024, 9, 30, 8, 15, 0, 0, time.UTC)
	leg := meridian.Leg{Carrier: "TK", Number: "1001", Border: true,
		Departure: meridian.Stop{Airport: "IST", Time: meridian.LocalTimeOf(dep)},
		Arrival:   meridian.Stop{Airport: "BEG", Time: meridian.LocalTimeOf(dep.Add(2 * time.Hour))}}
	m := &meridian.Manifest{Kind: meridian.ManifestPNRGOV, Reference: "R1", Interchange: "I1", Sender: "TK", Recipient: "RSPIU",
		Prepared: meridian.LocalTimeOf(dep.Add(-24 * time.Hour)), Flights: []meridian.Leg{leg},
		Bookings: []meridian.Booking{{Locator: "GR0001", Carrier: "TK", Created: meridian.LocalTimeOf(dep.Add(-40 * time.Hour)),
			Itinerary: []meridian.BookedFlight{{Leg: leg}},
			Travellers: []meridian.Traveller{{Ref: "1", Family: "HOXHA", Given: "ARBEN", BirthDate: "1979-03-14", Sex: "M", Nationality: "AL",
				Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: "BA1234567", IssuingState: "AL", ExpiresOn: "2029-05-01"}}}},
			Tickets: []meridian.Ticket{{Number: "1570000000001", Traveller: "1", Total: &meridian.Amount{Value: 250, Currency: "EUR"},
				Payments: []meridian.Payment{{Code: "CC", Amount: &meridian.Amount{Value: 250, Currency: "EUR"},
					Payer: &meridian.Payer{Name: "BALKAN TRAVEL SERVICES DOO", Phone: "+38970555123"}}}}}}}}
	var b bytes.Buffer
	if err := edifact.WritePNRGOV(&b, m); err != nil {
		t.Fatal(err)
	}
	ms, err := edifact.Parse(&b)
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if len(ms) != 1 || ms[0].Kind != meridian.ManifestPNRGOV || len(ms[0].Warnings) != 0 {
		t.Fatalf("parsed %+v", ms)
	}
	got := ms[0]
	if a := got.Arrival(); a == nil || a.Carrier != "TK" || a.Number != "1001" || a.Arrival.Airport != "BEG" {
		t.Fatalf("flight %+v", got.Flights)
	}
	if len(got.Bookings) != 1 {
		t.Fatalf("bookings %+v", got.Bookings)
	}
	bk := got.Bookings[0]
	if bk.Locator != "GR0001" || bk.Created != m.Bookings[0].Created || len(bk.Itinerary) != 1 {
		t.Fatalf("booking %+v", bk)
	}
	tr := bk.Travellers[0]
	if tr.Family != "HOXHA" || tr.Given != "ARBEN" || tr.BirthDate != "1979-03-14" || tr.Sex != "M" || tr.Nationality != "AL" ||
		len(tr.Documents) != 1 || tr.Documents[0].Number != "BA1234567" || tr.Documents[0].IssuingState != "AL" {
		t.Fatalf("traveller %+v", tr)
	}
	if len(bk.Tickets) != 1 || len(bk.Tickets[0].Payments) != 1 || bk.Tickets[0].Payments[0].Payer == nil ||
		bk.Tickets[0].Payments[0].Payer.Name != "BALKAN TRAVEL SERVICES DOO" || !bk.Tickets[0].OneWay {
		t.Fatalf("tickets %+v", bk.Tickets)
	}
}
