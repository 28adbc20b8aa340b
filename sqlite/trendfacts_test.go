package sqlite_test

import (
	"context"
	"testing"
	"time"

	"meridian"
	"meridian/sqldb/sqldbtest"
)

// TestTrendFactsBackfill: reports stored before trend_facts existed are
// counted by the trends once the store's open-time backfill has run
// (across batches of 500), and so are those stored before trend_counts
// (migration 0032), the same as those written since.
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
	// read is the migrants in all, and on the route SY>DE, as B reads them.
	read := func() (int64, int64) {
		ts, err := db.TrendSeries(sqldbtest.As(w.B), w.Operation.ID, at.Truncate(24*time.Hour), at.Add(24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		var all, route int64
		for _, s := range ts {
			switch {
			case s.Metric == meridian.MetricMigrants && s.Dimension == meridian.TrendAll:
				all += s.N[0]
			case s.Metric == meridian.MetricMigrants && s.Dimension == meridian.TrendRoute:
				if s.Key != "SY>DE" {
					t.Fatalf("route read as %q", s.Key)
				}
				route += s.N[0]
			}
		}
		return all, route
	}
	people, route := read()
	if want := int64(n / 5 * (1 + 2 + 3 + 4 + 5)); people != want || route != want {
		t.Fatalf("%d migrants (%d on the route) before, want %d", people, route, want)
	}
	for _, q := range []string{`DELETE FROM trend_facts`, `DELETE FROM trend_counts`} {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if p, _ := read(); p != 0 {
		t.Fatalf("%d migrants without trend facts", p)
	}
	if _, err := db.SQL().Exec(`INSERT INTO store_meta (key, value) VALUES ('trend_facts_backfill', '')`); err != nil {
		t.Fatal(err)
	}
	if err := db.BackfillTrendFacts(context.Background()); err != nil {
		t.Fatal(err)
	}
	if p, r := read(); p != people || r != route {
		t.Fatalf("after the backfill %d migrants (%d on the route), want %d", p, r, people)
	}
	if got := sqldbtest.Count(t, db, "store_meta WHERE key = 'trend_facts_backfill'"); got != 0 {
		t.Fatal("backfill cursor left behind")
	}
	// Counts computed again from the facts, as after migration 0032.
	for _, q := range []string{`DELETE FROM trend_counts`, `UPDATE trend_facts SET scope_id = NULL`,
		`INSERT INTO store_meta (key, value) VALUES ('trend_counts_backfill', '')`} {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.BackfillTrendCounts(context.Background()); err != nil {
		t.Fatal(err)
	}
	if p, r := read(); p != people || r != route {
		t.Fatalf("after the counts' backfill %d migrants (%d on the route), want %d", p, r, people)
	}
	if got := sqldbtest.Count(t, db, "trend_facts WHERE scope_id IS NULL"); got != 0 {
		t.Fatalf("%d facts without their scope", got)
	}
}
