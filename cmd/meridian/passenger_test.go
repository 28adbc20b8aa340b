package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"meridian"
	"meridian/edifact"
)

const gtasDir = "../../../shared/testdata/gtas/gtas-loader"

// postManifest sends a message as airlines do and returns the response.
func (c *client) postManifest(query string, msg []byte) response {
	c.tb.Helper()
	return c.raw("POST", "/api/v1/manifests"+query, "application/edifact", msg)
}

// TestPassengerIngest: real messages ingest; a traveller on a watchlist
// raises an alert for the destination, its owner is notified; the flight
// counts once in the operation; a rejected message leaves nothing.
func TestPassengerIngest(t *testing.T) {
	m := MustRunMain(t, Config{})
	piu := mustAgency(t, m, "MK", "PIU Skopje")
	border := mustAgency(t, m, "MK", "Border police Skopje")
	bka := mustAgency(t, m, "DE", "BKA")
	other := mustAgency(t, m, "AL", "Albanian police")
	cPIU := &client{t, m.URL, mustToken(t, m, piu, "piu", meridian.RoleNCB)}
	cBorder := &client{t, m.URL, mustToken(t, m, border, "border", meridian.RoleOfficer)}
	cBKA := &client{t, m.URL, mustToken(t, m, bka, "bka", meridian.RoleNCB)}
	cOther := &client{t, m.URL, mustToken(t, m, other, "other", meridian.RoleOfficer)}
	op := &meridian.Operation{Name: "Liberterra", Start: "2024-09-29", End: "2024-10-04", Status: meridian.OperationActive, Countries: []string{"MK", "AL", "DE"}}
	if err := m.DB.CreateOperation(sys(), op); err != nil {
		t.Fatal(err)
	}
	var wanted meridian.WatchPerson
	cBKA.must(201, "POST", "/api/v1/watchlist/persons", map[string]any{"category": "wanted", "names": []map[string]any{{"full": "Dritan Hoxha"}},
		"birth_date": "1979-03-14", "nationalities": []string{"AL"}, "release": map[string]any{"scope": "all"}, "operation_id": op.ID}).decode(t, &wanted)
	// The index learns the entry from the bus.
	eventually(t, "the entry in the index", func() bool {
		var out checkResponse
		cBKA.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": "Dritan Hoxha"}).decode(t, &out)
		return out.Results[0].Hit
	})

	t.Run("RealMessages", func(t *testing.T) {
		for _, name := range []string{"apis-messages/Test3.txt", "apis-messages/multiple_flight_leg_apis.txt", "pnr-messages/2_pnrs_basic.edi", "pnr-messages/pnr_split.edi"} {
			data, err := os.ReadFile(filepath.Join(gtasDir, name))
			if err != nil {
				t.Fatal(err)
			}
			r := cPIU.postManifest("", data)
			if r.status != 201 {
				t.Fatalf("%s: %d %s", name, r.status, r.body)
			}
			var out list[meridian.IngestResult]
			r.decode(t, &out)
			if len(out.Items) == 0 || out.Items[0].Travellers == 0 || out.Items[0].Screened == 0 {
				t.Fatalf("%s: %+v", name, out.Items)
			}
		}
	})

	// A PAXLST for a flight into Skopje with the wanted man on board.
	leg := meridian.Leg{Carrier: "TK", Number: "1001", Border: true,
		Departure: meridian.Stop{Airport: "IST", Time: "2024-10-01T08:10"}, Arrival: meridian.Stop{Airport: "SKP", Time: "2024-10-01T09:20"}}
	manifest := &meridian.Manifest{Kind: meridian.ManifestPAXLST, Reference: "42", Flights: []meridian.Leg{leg},
		Travellers: []meridian.Traveller{
			{Role: meridian.RolePassenger, Given: "ANA", Family: "PETROVSKA", BirthDate: "1990-01-02", Sex: "F", Nationality: "MK",
				Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: "A1234567", IssuingState: "MK"}}},
			{Role: meridian.RolePassenger, Given: "DRITAN", Family: "HOXHA", BirthDate: "1979-03-14", Sex: "M", Nationality: "AL",
				Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: "BB7654321", IssuingState: "AL"}}},
			// A 14-year-old girl booked with a man of another family: the
			// default rule "minor travelling with an unrelated adult".
			{Role: meridian.RolePassenger, Given: "LIRA", Family: "BERISHA", BirthDate: "2010-06-01", Sex: "F", Nationality: "AL", BookingRef: "K7QX2B",
				Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: "BC1112223", IssuingState: "AL"}}},
			{Role: meridian.RolePassenger, Given: "ILIR", Family: "KOLA", BirthDate: "1984-02-11", Sex: "M", Nationality: "AL", BookingRef: "K7QX2B",
				Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: "BC9998887", IssuingState: "AL"}}},
		}}
	var msg bytes.Buffer
	if err := edifact.WritePAXLST(&msg, manifest); err != nil {
		t.Fatal(err)
	}

	t.Run("Rejected", func(t *testing.T) {
		tables := []string{"manifests", "alerts", "check_counts", "operation_counts", "records", "hits"}
		before := map[string]int{}
		for _, tb := range tables {
			before[tb] = countRows(t, m, tb)
		}
		broken := bytes.Replace(msg.Bytes(), []byte("UNT+"), []byte("UNX+"), 1) // the message never ends
		p := mustProblem(t, cPIU.postManifest("?operation_id="+op.ID, broken), 400, "")
		if !strings.Contains(p.Detail+strings.Join(problemMessages(p), " "), "segment") {
			t.Fatalf("the error does not name the segment: %+v", p)
		}
		if r := cPIU.raw("POST", "/api/v1/manifests", "application/json", msg.Bytes()); r.status != 415 {
			t.Fatalf("JSON content type: %d", r.status)
		}
		for _, tb := range tables {
			if n := countRows(t, m, tb); n != before[tb] {
				t.Fatalf("%s: %d rows after a rejected message, %d before", tb, n, before[tb])
			}
		}
	})

	var out list[meridian.IngestResult]
	if r := cPIU.postManifest("?operation_id="+op.ID, []byte{}); r.status != 400 {
		t.Fatalf("empty message: %d %s", r.status, r.body)
	}
	r := cPIU.postManifest("?operation_id="+op.ID, msg.Bytes())
	if r.status != 201 {
		t.Fatalf("ingest: %d %s", r.status, r.body)
	}
	r.decode(t, &out)
	if len(out.Items) != 1 || out.Items[0].Country != "MK" || len(out.Items[0].AlertIDs) != 3 || out.Items[0].FlightID == "" {
		t.Fatalf("ingest result %+v", out.Items)
	}
	// The destination's officers have the alerts at once: the wanted man
	// (watchlist) and the girl and the man she travels with (default rule);
	// the BKA, whose record it is, has the hit in its inbox.
	var alerts list[meridian.Alert]
	cBorder.must(200, "GET", "/api/v1/alerts?status=open", nil).decode(t, &alerts)
	byName := map[string]meridian.Alert{}
	for _, a := range alerts.Items {
		byName[a.Traveller.Name] = a
	}
	if a := byName["DRITAN HOXHA"]; len(alerts.Items) != 3 || len(a.Reasons) == 0 || a.Reasons[0].Kind != "watchlist" || a.Severity != meridian.SeverityHigh {
		t.Fatalf("alerts %+v", alerts.Items)
	}
	for _, name := range []string{"LIRA BERISHA", "ILIR KOLA"} {
		a := byName[name]
		if len(a.Reasons) != 1 || a.Reasons[0].Kind != "rule" || a.Reasons[0].Rule == nil ||
			a.Reasons[0].Rule.Name != "Minor travelling with an unrelated adult" || !strings.Contains(a.Reasons[0].Text, "LIRA BERISHA") {
			t.Fatalf("%s: alert %+v", name, a)
		}
	}
	var hits list[meridian.Hit]
	cBKA.must(200, "GET", "/api/v1/hits", nil).decode(t, &hits)
	var fromFlights []meridian.Hit
	for _, h := range hits.Items {
		if h.Context.PlaceKind == "flight" {
			fromFlights = append(fromFlights, h)
		}
	}
	if len(fromFlights) != 1 || fromFlights[0].RecordID != wanted.ID || fromFlights[0].CheckerAgency != piu.ID ||
		!strings.HasPrefix(fromFlights[0].Context.Place, "TK1001") {
		t.Fatalf("owner's inbox %+v", hits.Items)
	}
	var none list[meridian.Alert]
	cOther.must(200, "GET", "/api/v1/alerts", nil).decode(t, &none)
	if len(none.Items) != 0 {
		t.Fatalf("another country sees %d alerts", len(none.Items))
	}
	a := byName["DRITAN HOXHA"]
	cBorder.must(200, "POST", "/api/v1/alerts/"+a.ID+"/outcome", map[string]any{"outcome": "secondary_inspection", "note": "questioned", "version": a.Version})
	cBorder.must(409, "POST", "/api/v1/alerts/"+a.ID+"/outcome", map[string]any{"outcome": "arrest", "version": a.Version})

	// The same flight's message again, as an update under a new
	// interchange reference: still one flight monitored. (The same
	// interchange again is recognised: trust_screening_test.go.)
	manifest.Interchange = "43"
	var update bytes.Buffer
	if err := edifact.WritePAXLST(&update, manifest); err != nil {
		t.Fatal(err)
	}
	if r := cPIU.postManifest("?operation_id="+op.ID, update.Bytes()); r.status != 201 {
		t.Fatalf("second message: %d %s", r.status, r.body)
	}
	var res meridian.Results
	cBorder.must(200, "GET", "/api/v1/operations/"+op.ID+"/results", nil).decode(t, &res)
	if res.Totals.Flights != 1 || res.Totals.Checks != 16 || res.Totals.Hits != 2 {
		t.Fatalf("results %+v: want 1 flight, 16 checks (4 travellers, 4 passports, twice), 2 hits", res.Totals)
	}
}

func problemMessages(p problem) []string {
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Message)
	}
	return out
}
