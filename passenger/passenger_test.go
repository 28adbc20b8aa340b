package passenger_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"meridian"
	"meridian/check"
	"meridian/passenger"
	"meridian/sqldb"
	"meridian/sqldb/sqldbtest"
	"meridian/sqlite"
)

// world is a store with a watchlist, an operation and the agencies of a
// flight from Istanbul to Skopje.
type world struct {
	db     *sqldb.DB
	svc    *passenger.Service
	op     *meridian.Operation
	piu    *meridian.Agency // Macedonian passenger information unit: ingests
	border *meridian.Agency // Macedonian border police: works the alerts
	other  *meridian.Agency // Albanian police: sees nothing of it
	owner  *meridian.Agency // owns the watchlist entry
	wanted *meridian.WatchPerson
	parsed []*meridian.Manifest // what the parser returns
}

func newWorld(t *testing.T) *world {
	t.Helper()
	db, err := sqlite.Open(context.Background(), t.TempDir(), sqldbtest.SuiteKey(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := &world{db: db}
	mk := func(country, name string) *meridian.Agency {
		a := &meridian.Agency{Country: country, Kind: meridian.AgencyPolice, Name: name}
		if err := db.CreateAgency(sqldbtest.Sys(), a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	w.piu, w.border, w.other, w.owner = mk("MK", "PIU Skopje"), mk("MK", "Border police"), mk("AL", "Albanian police"), mk("DE", "BKA")
	w.op = &meridian.Operation{Name: "Liberterra", Start: "2024-09-29", End: "2024-10-04", Status: meridian.OperationActive, Countries: []string{"MK", "AL", "DE"}}
	if err := db.CreateOperation(sqldbtest.Sys(), w.op); err != nil {
		t.Fatal(err)
	}
	w.wanted = &meridian.WatchPerson{Category: meridian.CategoryWanted, Names: []meridian.Name{{Full: "Dritan Hoxha"}}, BirthDate: "1979-03-14",
		Nationalities: []string{"AL"}}
	w.wanted.Meta = meridian.Meta{Release: meridian.Release{Scope: meridian.ScopeOwner}}
	if err := db.CreateWatchPerson(sqldbtest.As(w.owner), w.wanted); err != nil {
		t.Fatal(err)
	}
	checks := check.New(db, nil)
	if err := checks.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.svc = &passenger.Service{Store: db, Checks: checks, Parse: func(io.Reader) ([]*meridian.Manifest, error) { return w.parsed, nil }}
	return w
}

func manifest(ref string, travellers ...meridian.Traveller) *meridian.Manifest {
	return &meridian.Manifest{Kind: meridian.ManifestPAXLST, Reference: ref, Version: "D05B",
		Flights: []meridian.Leg{{Carrier: "TK", Number: "1001", Border: true,
			Departure: meridian.Stop{Airport: "IST", Country: "TR", Time: "2024-10-01T08:10"},
			Arrival:   meridian.Stop{Airport: "SKP", Time: "2024-10-01T09:20"}}},
		Travellers: travellers}
}

func traveller(given, family, birth, nat, doc string) meridian.Traveller {
	return meridian.Traveller{Role: meridian.RolePassenger, Given: given, Family: family, BirthDate: meridian.Date(birth), Sex: "M",
		Nationality: nat, Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: doc, IssuingState: nat}}}
}

type rules []meridian.RuleHit

func (r rules) Evaluate(context.Context, *meridian.Manifest) ([]meridian.RuleHit, error) {
	return r, nil
}

func TestIngest(t *testing.T) {
	w := newWorld(t)
	ctx := sqldbtest.As(w.piu)
	w.parsed = []*meridian.Manifest{manifest("M1",
		traveller("Ana", "Petrovska", "1990-01-02", "MK", "A1234567"),
		traveller("Dritan", "Hoxha", "1979-03-14", "AL", "BB7654321"),
		traveller("Teuta", "Krasniqi", "2009-05-05", "XK", "P0000001"),
	)}
	w.svc.Rules = rules{{Traveller: 2, RuleID: "r1", Version: 1, Name: "Minor with an unrelated adult", Severity: meridian.SeverityMedium,
		Reason: "a 15-year-old travels with an adult of another family name"}}
	res, err := w.svc.IngestManifests(ctx, strings.NewReader("raw"), meridian.IngestOptions{OperationID: w.op.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Screened != 3 || res[0].Checks != 6 || len(res[0].AlertIDs) != 2 || res[0].Country != "MK" || res[0].Flight != "TK1001" {
		t.Fatalf("result %+v", res[0])
	}

	t.Run("AlertsForTheDestination", func(t *testing.T) {
		as, _, err := w.db.FindAlerts(sqldbtest.As(w.border), meridian.AlertFilter{Status: "open"})
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 2 {
			t.Fatalf("destination's officers see %d alerts, want 2", len(as))
		}
		byName := map[string]*meridian.Alert{}
		for _, a := range as {
			byName[a.Traveller.Name] = a
		}
		hit := byName["Dritan Hoxha"]
		// Restricted: the severity says "call the owner", not "stop".
		if hit == nil || hit.Severity != meridian.SeverityMedium || hit.Reasons[0].Kind != "watchlist" {
			t.Fatalf("watchlist alert %+v", hit)
		}
		// The entry is the BKA's, owner-only: the alert says whom to
		// contact and nothing of the record.
		if h := hit.Reasons[0].Hit; h == nil || !h.Restricted || h.Person != nil || h.RecordID != "" || !strings.Contains(h.Message, "contact BKA") {
			t.Fatalf("restricted hit shows %+v", hit.Reasons[0].Hit)
		}
		rule := byName["Teuta Krasniqi"]
		if rule == nil || rule.Reasons[0].Rule.Name != "Minor with an unrelated adult" || rule.Severity != meridian.SeverityMedium {
			t.Fatalf("rule alert %+v", rule)
		}
		// Another country's police sees none of it.
		other, _, err := w.db.FindAlerts(sqldbtest.As(w.other), meridian.AlertFilter{})
		if err != nil || len(other) != 0 {
			t.Fatalf("another country sees %d alerts (%v)", len(other), err)
		}
		if _, err := w.db.FindManifestByID(sqldbtest.As(w.other), res[0].ID); meridian.KindOf(err) != meridian.ENotFound {
			t.Fatalf("another country reads the manifest: %v", err)
		}
		// An officer works the alert.
		a, err := w.db.RecordOutcome(sqldbtest.As(w.border), hit.ID, meridian.AlertOutcome{Outcome: "secondary_inspection", Version: hit.Version})
		if err != nil || a.Status != "closed" || a.Outcome != "secondary_inspection" {
			t.Fatalf("outcome %+v %v", a, err)
		}
		if _, err := w.db.RecordOutcome(sqldbtest.As(w.border), hit.ID, meridian.AlertOutcome{Outcome: "arrest", Version: hit.Version}); meridian.KindOf(err) != meridian.EConflict {
			t.Fatalf("stale outcome: %v", err)
		}
		if _, err := w.db.RecordOutcome(sqldbtest.As(w.border), rule.ID, meridian.AlertOutcome{Outcome: "shrug", Version: 1}); meridian.KindOf(err) != meridian.EInvalid {
			t.Fatalf("unknown outcome: %v", err)
		}
	})

	t.Run("OwnerNotified", func(t *testing.T) {
		hits, _, err := w.db.FindHits(sqldbtest.As(w.owner, meridian.RoleNCB), meridian.HitFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 1 || hits[0].RecordID != w.wanted.ID || hits[0].Context.PlaceKind != "flight" || !strings.HasPrefix(hits[0].Context.Place, "TK1001") {
			t.Fatalf("owner's inbox %+v", hits)
		}
	})

	t.Run("FlightCountedOnce", func(t *testing.T) {
		// The same flight's PNR push: a second message, one flight.
		m := manifest("M2", traveller("Ana", "Petrovska", "1990-01-02", "MK", "A1234567"))
		m.Kind = meridian.ManifestPNRGOV
		w.parsed = []*meridian.Manifest{m}
		w.svc.Rules = nil
		if _, err := w.svc.IngestManifests(ctx, strings.NewReader("raw"), meridian.IngestOptions{OperationID: w.op.ID}); err != nil {
			t.Fatal(err)
		}
		r, err := w.db.OperationResults(ctx, w.op.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Totals.Flights != 1 || r.Totals.Checks != 8 || r.Totals.Hits != 1 {
			t.Fatalf("totals %+v: want 1 flight, 8 checks, 1 hit", r.Totals)
		}
		byDay := map[meridian.Date]int64{}
		for _, d := range r.ByDay {
			byDay[d.Day] = d.Checks
		}
		if byDay["2024-10-01"] != 8 {
			t.Fatalf("checks by day %v: want them on the flight's day", byDay)
		}
	})
}

// TestIngestRejected: a message that fails leaves nothing behind: no
// manifest, no traveller, no check counted, no flight, no alert.
func TestIngestRejected(t *testing.T) {
	w := newWorld(t)
	ctx := sqldbtest.As(w.piu)
	before := map[string]int{}
	tables := []string{"manifests", "alerts", "check_counts", "operation_counts", "records", "hits"}
	for _, tb := range tables {
		before[tb] = sqldbtest.Count(t, w.db, tb)
	}
	w.svc.Parse = func(io.Reader) ([]*meridian.Manifest, error) {
		return nil, meridian.Invalidf("edifact.Parse", "", "segment 7 at byte 312: UNT without UNH")
	}
	if _, err := w.svc.IngestManifests(ctx, strings.NewReader("junk"), meridian.IngestOptions{OperationID: w.op.ID}); meridian.KindOf(err) != meridian.EInvalid {
		t.Fatalf("unreadable message: %v", err)
	}
	// A flight outside the operation is refused whole, after screening.
	m := manifest("M3", traveller("Dritan", "Hoxha", "1979-03-14", "AL", "BB7654321"))
	m.Flights[0].Arrival.Time, m.Flights[0].Departure.Time = "2024-11-20T10:00", "2024-11-20T09:00"
	w.svc.Parse = func(io.Reader) ([]*meridian.Manifest, error) { return []*meridian.Manifest{m}, nil }
	_, err := w.svc.IngestManifests(ctx, strings.NewReader("raw"), meridian.IngestOptions{OperationID: w.op.ID})
	if meridian.KindOf(err) != meridian.EInvalid || meridian.FieldOf(err) != "occurred_at" {
		t.Fatalf("flight outside the operation: %v", err)
	}
	for _, tb := range tables {
		if n := sqldbtest.Count(t, w.db, tb); n != before[tb] {
			t.Fatalf("%s: %d rows after rejected messages, %d before", tb, n, before[tb])
		}
	}
}
