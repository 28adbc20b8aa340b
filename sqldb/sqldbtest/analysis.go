package sqldbtest

import (
	"slices"
	"testing"
	"time"

	"meridian"
)

// testAnalysisEvents checks the series the trends count: those of the
// reports the caller may read, of the operation (or all), in the period,
// by owner and day; an outsider of the operation is refused, an
// administrator too.
func testAnalysisEvents(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	at := func(day int) time.Time { return time.Date(2024, 9, day, 10, 0, 0, 0, time.UTC) }
	create := func(a *meridian.Agency, scope meridian.Scope, day int) *meridian.Event {
		t.Helper()
		e := &meridian.Event{Meta: meridian.Meta{OperationID: w.Operation.ID, Release: meridian.Release{Scope: scope}},
			Type: meridian.EventRescue, OccurredAt: at(day), Place: meridian.Place{Country: a.Country},
			Victims: []meridian.VictimGroup{{Count: 2, Exploitation: []string{meridian.ExploitScamCompound}, Recruitment: []string{"job offer"}}}}
		if err := db.CreateEvent(As(a), e); err != nil {
			t.Fatal(err)
		}
		return e
	}
	shared, own, late := create(w.A, meridian.ScopeAll, 29), create(w.A, meridian.ScopeOwner, 30), create(w.B, meridian.ScopeAll, 30)
	from, to := at(29).Truncate(24*time.Hour), at(30).Truncate(24*time.Hour)
	// victims is the victims in all by owner and day of [from, from+days).
	victims := func(ts []meridian.TrendSeries) map[string][]int64 {
		m := map[string][]int64{}
		for _, s := range ts {
			if s.Metric == meridian.MetricVictims && s.Dimension == meridian.TrendAll {
				m[s.Owner] = s.N
			}
		}
		return m
	}
	t.Run("OK", func(t *testing.T) {
		ts, err := db.TrendSeries(As(w.B), w.Operation.ID, from, to.Add(24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		got := victims(ts)
		if len(got) != 2 || !slices.Equal(got[w.A.ID], []int64{2, 0}) || !slices.Equal(got[w.B.ID], []int64{0, 2}) {
			t.Fatalf("B reads %v, want A's shared 2 on the 29th and its own 2 on the 30th", got)
		}
		ts, err = db.TrendSeries(As(w.A), "", from, to) // the 29th only
		if err != nil {
			t.Fatal(err)
		}
		if got := victims(ts); len(got) != 1 || !slices.Equal(got[w.A.ID], []int64{2}) {
			t.Fatalf("A reads %v on the 29th", got)
		}
		if !slices.ContainsFunc(ts, func(s meridian.TrendSeries) bool {
			return s.Dimension == meridian.TrendRecruitment && s.Key == meridian.RecruitJobOffer && s.N[0] == 2 && s.Present[0]
		}) {
			t.Fatalf("no job offer recruitment in %+v", ts)
		}
		_, _, _ = shared, own, late
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		if _, err := db.TrendSeries(As(w.C), w.Operation.ID, from, to); meridian.KindOf(err) != meridian.EForbidden {
			t.Fatalf("outsider: %v", err)
		}
		if _, err := db.TrendSeries(As(w.A, meridian.RoleAdmin), "", from, to); meridian.KindOf(err) != meridian.EForbidden {
			t.Fatalf("administrator: %v", err)
		}
		ts, err := db.TrendSeries(As(w.C), "", from, to.Add(24*time.Hour))
		if err != nil || len(ts) != 0 {
			t.Fatalf("outsider without an operation: %d series, %v", len(ts), err)
		}
	})
}
