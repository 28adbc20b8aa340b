package sqlite_test

import (
	"context"
	"testing"
	"time"

	"meridian"
	"meridian/sqldb/sqldbtest"
)

// TestTrendFactsBackfill: reports stored before trend_facts existed are
// read by the trends once the store's open-time backfill has run (across
// batches of 500), and give the same events as those written since.
func TestTrendFactsBackfill(t *testing.T) {
	db := MustOpenDB(t)
	w := sqldbtest.NewWorld(t, db)
	at := time.Date(2024, 9, 29, 10, 0, 0, 0, time.UTC)
	const n = 1010
	for i := range n {
		e := &meridian.Event{Meta: meridian.Meta{OperationID: w.Operation.ID, Release: meridian.Release{Scope: meridian.ScopeAll}},
			Type: meridian.EventMigrants, OccurredAt: at, Place: meridian.Place{Country: w.A.Country},
			Migrants: []meridian.MigrantGroup{{Count: 1 + i%5, Nationality: "SY", Route: []meridian.RoutePoint{
				{Country: "SY", Role: "origin"}, {Country: "TR", Role: "transit"}, {Country: "DE", Role: "destination"}}}}}
		if err := db.CreateEvent(sqldbtest.As(w.A), e); err != nil {
			t.Fatal(err)
		}
	}
	read := func() (int, int) {
		es, err := db.AnalysisEvents(sqldbtest.As(w.B), w.Operation.ID, at.Truncate(24*time.Hour), at.Add(24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		people := 0
		for _, e := range es {
			people += e.MigrantCount()
			if r := e.Migrants[0].Route; len(r) != 2 || r[0].Country != "SY" || r[1].Country != "DE" {
				t.Fatalf("route read as %v", r)
			}
		}
		return len(es), people
	}
	events, people := read()
	if events != n {
		t.Fatalf("%d events before, want %d", events, n)
	}
	if _, err := db.SQL().Exec(`DELETE FROM trend_facts`); err != nil {
		t.Fatal(err)
	}
	if e, _ := read(); e != 0 {
		t.Fatalf("%d events without trend facts", e)
	}
	if _, err := db.SQL().Exec(`INSERT INTO store_meta (key, value) VALUES ('trend_facts_backfill', '')`); err != nil {
		t.Fatal(err)
	}
	if err := db.BackfillTrendFacts(context.Background()); err != nil {
		t.Fatal(err)
	}
	if e, p := read(); e != events || p != people {
		t.Fatalf("after the backfill %d events of %d people, want %d of %d", e, p, events, people)
	}
	if got := sqldbtest.Count(t, db, "store_meta WHERE key = 'trend_facts_backfill'"); got != 0 {
		t.Fatal("backfill cursor left behind")
	}
}
