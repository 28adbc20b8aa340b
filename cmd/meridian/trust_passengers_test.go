package main

import (
	"bytes"
	"testing"

	"meridian"
	"meridian/edifact"
)

// TestTrustObserverReadsNoCountryPassengers: an observer placed in the
// destination country (an expert of an international organisation) reads
// none of the country's passenger messages and alerts, in lists or by id;
// the country's officers read them, and so does an observer of the
// ingesting agency itself.
func TestTrustObserverReadsNoCountryPassengers(t *testing.T) {
	m := MustRunMain(t, Config{})
	piu := mustAgency(t, m, "MK", "PIU Skopje")
	border := mustAgency(t, m, "MK", "Border police Skopje")
	unodc := mustAgency(t, m, "MK", "UNODC field office Skopje")
	cPIU := &client{t, m.URL, mustToken(t, m, piu, "piu", meridian.RoleNCB)}
	cPIUObserver := &client{t, m.URL, mustToken(t, m, piu, "piu.observer", meridian.RoleObserver)}
	cBorder := &client{t, m.URL, mustToken(t, m, border, "border", meridian.RoleOfficer)}
	cObserver := &client{t, m.URL, mustToken(t, m, unodc, "expert", meridian.RoleObserver)}

	leg := meridian.Leg{Carrier: "TK", Number: "1001", Border: true,
		Departure: meridian.Stop{Airport: "IST", Time: "2024-10-01T08:10"}, Arrival: meridian.Stop{Airport: "SKP", Time: "2024-10-01T09:20"}}
	manifest := &meridian.Manifest{Kind: meridian.ManifestPAXLST, Reference: "43", Flights: []meridian.Leg{leg},
		Travellers: []meridian.Traveller{
			// A minor booked with an unrelated adult: the default rule alerts.
			{Role: meridian.RolePassenger, Given: "LIRA", Family: "BERISHA", BirthDate: "2010-06-01", Sex: "F", Nationality: "AL", BookingRef: "K7QX2B",
				Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: "BC1112223", IssuingState: "AL"}}},
			{Role: meridian.RolePassenger, Given: "ILIR", Family: "KOLA", BirthDate: "1984-02-11", Sex: "M", Nationality: "AL", BookingRef: "K7QX2B",
				Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: "BC9998887", IssuingState: "AL"}}},
		}}
	var msg bytes.Buffer
	if err := edifact.WritePAXLST(&msg, manifest); err != nil {
		t.Fatal(err)
	}
	if r := cPIU.postManifest("", msg.Bytes()); r.status != 201 {
		t.Fatalf("ingest: %d %s", r.status, r.body)
	}

	var alerts list[meridian.Alert]
	cBorder.must(200, "GET", "/api/v1/alerts", nil).decode(t, &alerts)
	if len(alerts.Items) != 2 {
		t.Fatalf("the destination's officer reads %d alerts, want 2", len(alerts.Items))
	}
	alertID := alerts.Items[0].ID
	var manifests list[meridian.ManifestInfo]
	cBorder.must(200, "GET", "/api/v1/manifests", nil).decode(t, &manifests)
	if len(manifests.Items) != 1 {
		t.Fatalf("the destination's officer reads %d messages, want 1", len(manifests.Items))
	}
	manifestID := manifests.Items[0].ID

	// The observer of the destination country: nothing, and 404 by id.
	var none list[meridian.Alert]
	cObserver.must(200, "GET", "/api/v1/alerts", nil).decode(t, &none)
	if len(none.Items) != 0 {
		t.Fatalf("an observer in the destination country reads %d alerts", len(none.Items))
	}
	var noManifests list[meridian.ManifestInfo]
	cObserver.must(200, "GET", "/api/v1/manifests", nil).decode(t, &noManifests)
	if len(noManifests.Items) != 0 {
		t.Fatalf("an observer in the destination country reads %d messages", len(noManifests.Items))
	}
	cObserver.must(404, "GET", "/api/v1/alerts/"+alertID, nil)
	cObserver.must(404, "GET", "/api/v1/manifests/"+manifestID, nil)

	// An observer of the ingesting agency reads its own agency's data.
	var own list[meridian.Alert]
	cPIUObserver.must(200, "GET", "/api/v1/alerts", nil).decode(t, &own)
	if len(own.Items) != 2 {
		t.Fatalf("the ingesting agency's observer reads %d alerts, want 2", len(own.Items))
	}
	cPIUObserver.must(200, "GET", "/api/v1/alerts/"+alertID, nil)
}
