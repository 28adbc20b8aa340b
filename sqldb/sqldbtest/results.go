package sqldbtest

import (
	"testing"
	"time"

	"meridian"
)

// testResults checks that field reports add up to their operation's
// results, that changes and deletions move the figures, that reports are
// checked against their operation, and that statistics suppress small
// cells.
func testResults(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	at := func(day, hour int) time.Time { return time.Date(2024, 9, day, hour, 0, 0, 0, time.UTC) }
	report := func(e *meridian.Event) *meridian.Event {
		e.Meta = meridian.Meta{OperationID: w.Operation.ID, Release: meridian.Release{Scope: meridian.ScopeAll}}
		return e
	}
	asA, asB := As(w.A), As(w.B)
	mustCreate := func(ctx any, e *meridian.Event) {
		t.Helper()
		c := asA
		if ctx == "B" {
			c = asB
		}
		if err := db.CreateEvent(c, report(e)); err != nil {
			t.Fatal(err)
		}
	}
	rescue := &meridian.Event{Type: meridian.EventRescue, OccurredAt: at(30, 10), Place: meridian.Place{Country: "MK", Name: "Skopje"},
		Victims: []meridian.VictimGroup{
			{Count: 20, Sex: "F", AgeBand: "18-24", Nationality: "AL", Exploitation: []string{meridian.ExploitSexual}},
			{Count: 12, Sex: "F", Age: 30, Nationality: "UA", Exploitation: []string{meridian.ExploitSexual, meridian.ExploitForcedCriminality}},
		}}
	mustCreate("A", rescue)
	for i := range 13 {
		charges := []meridian.Charge{{Code: "drug_trafficking"}}
		if i < 5 {
			charges = append(charges, meridian.Charge{Code: meridian.ChargeTHB, LegalBasis: "Criminal Code art. 418-a"})
		}
		mustCreate("A", &meridian.Event{Type: meridian.EventArrest, OccurredAt: at(30, 11), Place: meridian.Place{Country: "MK"}, Charges: charges})
	}
	mustCreate("B", &meridian.Event{Type: meridian.EventMigrants, OccurredAt: time.Date(2024, 10, 2, 3, 0, 0, 0, time.UTC), Place: meridian.Place{Country: "AL"},
		Migrants: []meridian.MigrantGroup{{Count: 40, Nationality: "SY", Route: []meridian.RoutePoint{{Country: "SY", Role: "origin"}, {Country: "TR", Role: "transit"}, {Country: "DE", Role: "destination"}}},
			{Count: 3, Nationality: "AF"}}})
	flight := &meridian.Event{Type: meridian.EventFlight, OccurredAt: at(29, 8), Place: meridian.Place{Country: "AL"},
		Flight: &meridian.Flight{Carrier: "TK", Number: "1883", From: "IST", To: "TIA", FromCountry: "TR", Passengers: 180}}
	mustCreate("B", flight)
	mustCreate("A", &meridian.Event{Type: meridian.EventRaid, OccurredAt: at(30, 9), Place: meridian.Place{Country: "MK"}, Premises: "nightclub"})

	r, err := db.OperationResults(asB, w.Operation.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := meridian.Figures{Victims: 32, Migrants: 43, Arrests: 13, ArrestsTHBSOM: 5, Flights: 1, Raids: 1}
	if r.Totals != want {
		t.Fatalf("totals %+v, want %+v", r.Totals, want)
	}
	if r.Countries != 2 || len(r.ByDay) != 6 || r.ByDay[0].Day != "2024-09-29" || r.ByDay[0].Flights != 1 || r.ByDay[1].Victims != 32 || r.ByDay[3].Migrants != 43 {
		t.Fatalf("countries %d, by day %+v", r.Countries, r.ByDay)
	}
	byCountry := map[string]meridian.Figures{}
	for _, c := range r.ByCountry {
		byCountry[c.Country] = c.Figures
	}
	if byCountry["MK"].Victims != 32 || byCountry["MK"].Arrests != 13 || byCountry["AL"].Migrants != 43 || len(byCountry) != 2 {
		t.Fatalf("by country %+v", r.ByCountry)
	}
	if len(r.ByRegion) != 1 || r.ByRegion[0].Region != "Southern Europe" || r.ByRegion[0].Countries != 2 || r.ByRegion[0].Victims != 32 {
		t.Fatalf("by region %+v", r.ByRegion)
	}
	if len(r.Exploitation) != 2 || r.Exploitation[0] != (meridian.Tally{Key: meridian.ExploitSexual, N: 32}) || r.Exploitation[1].N != 12 {
		t.Fatalf("exploitation %+v", r.Exploitation)
	}

	t.Run("Filter", func(t *testing.T) {
		al, err := db.OperationResultsFor(asB, w.Operation.ID, meridian.ResultsFilter{Country: "AL"})
		if err != nil {
			t.Fatal(err)
		}
		if al.Totals != (meridian.Figures{Migrants: 43, Flights: 1}) || al.Countries != 1 || len(al.ByCountry) != 1 || al.ByCountry[0].Country != "AL" ||
			al.ByDay[3].Migrants != 43 || len(al.Exploitation) != 0 {
			t.Fatalf("Albania: %+v", al)
		}
		mk, err := db.OperationResultsFor(asB, w.Operation.ID, meridian.ResultsFilter{Country: "MK"})
		if err != nil {
			t.Fatal(err)
		}
		if mk.Totals.Victims != 32 || mk.Totals.Migrants != 0 || len(mk.Exploitation) != 2 {
			t.Fatalf("North Macedonia: %+v", mk)
		}
		region, err := db.OperationResultsFor(asB, w.Operation.ID, meridian.ResultsFilter{Region: "Southern Europe"})
		if err != nil || region.Totals != r.Totals {
			t.Fatalf("Southern Europe: %+v (%v), want the whole %+v", region, err, r.Totals)
		}
		other, err := db.OperationResultsFor(asB, w.Operation.ID, meridian.ResultsFilter{Region: "Western Africa"})
		if err != nil || other.Totals != (meridian.Figures{}) || other.Countries != 0 {
			t.Fatalf("Western Africa: %+v (%v)", other, err)
		}
		_, err = db.OperationResultsFor(asB, w.Operation.ID, meridian.ResultsFilter{Country: "XZ"})
		mustKind(t, err, meridian.EInvalid)
	})

	t.Run("UpdateAndDelete", func(t *testing.T) {
		cur, err := db.FindEventByID(asA, rescue.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.Victims[0].Count = 19
		cur.OccurredAt = at(29, 23)
		if err := db.UpdateEvent(asA, cur); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteEvent(asB, flight.ID); err != nil {
			t.Fatal(err)
		}
		r, err := db.OperationResults(asA, w.Operation.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Totals.Victims != 31 || r.Totals.Flights != 0 || r.ByDay[0].Victims != 31 || r.ByDay[1].Victims != 0 {
			t.Fatalf("after update and delete: totals %+v, by day %+v", r.Totals, r.ByDay)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		for _, tc := range []struct {
			name, field string
			e           *meridian.Event
		}{
			{"BeforeOperation", "occurred_at", &meridian.Event{Type: meridian.EventRaid, OccurredAt: at(20, 10), Place: meridian.Place{Country: "MK"}}},
			{"Age300", "victims[0].age", &meridian.Event{Type: meridian.EventRescue, OccurredAt: at(30, 10), Place: meridian.Place{Country: "MK"},
				Victims: []meridian.VictimGroup{{Count: 1, Age: 300}}}},
			{"UnknownCountry", "place.country", &meridian.Event{Type: meridian.EventRaid, OccurredAt: at(30, 10), Place: meridian.Place{Country: "XZ"}}},
			{"NoVictims", "victims", &meridian.Event{Type: meridian.EventRescue, OccurredAt: at(30, 10), Place: meridian.Place{Country: "MK"}}},
			{"UnknownDeployment", "deployment", &meridian.Event{Type: meridian.EventDeployment, OccurredAt: at(30, 10), Place: meridian.Place{Country: "MK"}, Deployment: "Nowhere", Phase: "started"}},
			{"VictimsOnRaid", "victims", &meridian.Event{Type: meridian.EventRaid, OccurredAt: at(30, 10), Place: meridian.Place{Country: "MK"},
				Victims: []meridian.VictimGroup{{Count: 1}}}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := Count(t, db, "operation_counts")
				err := db.CreateEvent(asA, report(tc.e))
				mustKind(t, err, meridian.EInvalid)
				if !hasField(err, tc.field) {
					t.Fatalf("errors %v do not name %s", meridian.FieldErrors(err), tc.field)
				}
				if Count(t, db, "operation_counts") != before {
					t.Fatal("a rejected report changed the counters")
				}
			})
		}
	})

	t.Run("ErrConflictClosed", func(t *testing.T) {
		w2 := NewWorld(t, db)
		w2.Operation.Status = meridian.OperationClosed
		if err := db.UpdateOperation(Sys(), w2.Operation); err != nil {
			t.Fatal(err)
		}
		e := &meridian.Event{Type: meridian.EventRaid, OccurredAt: at(30, 10), Place: meridian.Place{Country: "MK"}}
		e.Meta = meridian.Meta{OperationID: w2.Operation.ID}
		mustKind(t, db.CreateEvent(As(w2.A), e), meridian.EConflict)
		w2.Operation.Status = meridian.OperationActive
		mustKind(t, db.UpdateOperation(Sys(), w2.Operation), meridian.EConflict)
	})

	t.Run("Statistics", func(t *testing.T) {
		_, err := db.OperationStatistics(asA, w.Operation.ID)
		mustKind(t, err, meridian.EForbidden)
		rows, err := db.OperationStatistics(As(w.B, meridian.RoleAnalyst), w.Operation.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]meridian.StatRow{}
		for _, r := range rows {
			if r.N > 0 && r.N < meridian.Suppression {
				t.Fatalf("cell under %d shown: %+v", meridian.Suppression, r)
			}
			got[r.Table+"/"+r.Nationality+"/"+r.Exploitation+"/"+r.AgeBand+"/"+r.Origin] = r
		}
		check := func(key string, n int64, suppressed bool) {
			t.Helper()
			r, ok := got[key]
			if !ok || r.N != n || r.Suppressed != suppressed {
				t.Fatalf("%s: %+v (present %v), want n=%d suppressed=%v", key, r, ok, n, suppressed)
			}
		}
		check("victims_by_profile/AL//18-24/", 19, false)
		check("victims_by_profile/UA//25-34/", 12, false)
		check("victims_by_exploitation/UA/forced_criminality//", 12, false)
		// The migrants' total is published with the results: showing the
		// 40 Syrians would give away the Afghans by subtraction, so both
		// are suppressed (complementary suppression), and so the routes.
		check("migrants_by_nationality/SY///", 0, true)
		check("migrants_by_nationality/AF///", 0, true)
		check("migrants_by_route////SY", 0, true)
	})

	t.Run("Newest", func(t *testing.T) {
		es, _, err := db.FindEvents(asA, meridian.EventFilter{OperationID: w.Operation.ID, Newest: true, Page: meridian.Page{Limit: 2}})
		if err != nil {
			t.Fatal(err)
		}
		all, _, err := db.FindEvents(asA, meridian.EventFilter{OperationID: w.Operation.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 2 || es[0].ID != all[len(all)-1].ID || es[1].ID != all[len(all)-2].ID {
			t.Fatalf("newest first: got %d events", len(es))
		}
	})
}

func hasField(err error, field string) bool {
	for _, f := range meridian.FieldErrors(err) {
		if f.Field == field {
			return true
		}
	}
	return false
}
