package sqldbtest

import (
	"testing"
	"time"

	"meridian"
)

// testAnalysisEvents checks the events the trends count: those the caller
// may read, of the operation (or all), in the period; an outsider of the
// operation is refused, an administrator too.
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
	ids := func(es []*meridian.Event) map[string]bool {
		m := map[string]bool{}
		for _, e := range es {
			m[e.ID] = true
		}
		return m
	}
	t.Run("OK", func(t *testing.T) {
		es, err := db.AnalysisEvents(As(w.B), w.Operation.ID, from, to.Add(24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(es); len(got) != 2 || !got[shared.ID] || !got[late.ID] {
			t.Fatalf("B reads %v, want the shared %s and its own %s", got, shared.ID, late.ID)
		}
		es, err = db.AnalysisEvents(As(w.A), "", from, to) // the 29th only
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(es); len(got) != 1 || !got[shared.ID] || got[own.ID] {
			t.Fatalf("A reads %v on the 29th", got)
		}
		if es[0].Victims[0].Recruitment[0] != meridian.RecruitJobOffer {
			t.Fatalf("recruitment stored as %v", es[0].Victims[0].Recruitment)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		if _, err := db.AnalysisEvents(As(w.C), w.Operation.ID, from, to); meridian.KindOf(err) != meridian.EForbidden {
			t.Fatalf("outsider: %v", err)
		}
		if _, err := db.AnalysisEvents(As(w.A, meridian.RoleAdmin), "", from, to); meridian.KindOf(err) != meridian.EForbidden {
			t.Fatalf("administrator: %v", err)
		}
		es, err := db.AnalysisEvents(As(w.C), "", from, to.Add(24*time.Hour))
		if err != nil || len(es) != 0 {
			t.Fatalf("outsider without an operation: %d events, %v", len(es), err)
		}
	})
}
