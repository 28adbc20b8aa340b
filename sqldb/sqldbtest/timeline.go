package sqldbtest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"meridian"
)

// testTimeline: a case's timeline on the store. Records keep their own
// rules (a participant not released a record finds no entry of it);
// participant changes are kept, removal included; a removed participant
// and an outsider get ENotFound; paging is the same both ways and at any
// page size; a bad kind or cursor is EInvalid naming the field.
func testTimeline(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	lead := As(w.A, meridian.RoleProsecutor)
	// A reads both records; A2 (same country, the observer) only the one
	// released to the operation.
	shared := w.MustCreatePerson(t, w.A, "Shared Suspect", meridian.Release{Scope: meridian.ScopeAll})
	private := w.MustCreatePerson(t, w.B, "Private Suspect", meridian.Release{Scope: meridian.ScopeListed, Agencies: []string{w.A.ID}})
	c := &meridian.Case{Title: "Ohrid ring", Records: []string{shared.ID, private.ID}}
	c.Meta = meridian.Meta{OperationID: w.Operation.ID, Release: meridian.Release{Scope: meridian.ScopeOwner}}
	if err := db.CreateCase(lead, c); err != nil {
		t.Fatal(err)
	}
	for _, p := range []meridian.CaseParticipant{{AgencyID: w.A2.ID, Role: meridian.CaseObserver}, {AgencyID: w.B.ID, Role: meridian.CaseProsecuting},
		{AgencyID: w.B.ID, Role: meridian.CaseSupporting}} {
		if err := db.SetCaseParticipant(lead, c.ID, &p); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetCaseStage(As(w.B, meridian.RoleProsecutor), c.ID, &meridian.CaseStage{Stage: meridian.StageProsecution, Date: "2025-01-10"}); err != nil {
		t.Fatal(err)
	}
	all := func(ctx context.Context, f meridian.TimelineFilter) []string {
		t.Helper()
		var out []string
		for range 100 {
			page, next, err := db.FindCaseTimeline(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range page {
				if e.Kind != meridian.TimelineAudit { // each read adds one
					out = append(out, e.Kind+" "+e.ID+" "+e.Action+" "+e.Role)
				}
			}
			if next == "" {
				return out
			}
			f.Cursor = next
		}
		t.Fatal("the timeline does not end")
		return nil
	}

	t.Run("RecordsKeepTheirRules", func(t *testing.T) {
		mine := all(lead, meridian.TimelineFilter{CaseID: c.ID, Kinds: []string{"record"}})
		if !slices.Contains(mine, "record "+shared.ID+"  ") || !slices.Contains(mine, "record "+private.ID+"  ") {
			t.Fatalf("the lead's records %v", mine)
		}
		obs := all(As(w.A2), meridian.TimelineFilter{CaseID: c.ID})
		if !slices.Contains(obs, "record "+shared.ID+"  ") {
			t.Fatalf("the observer's timeline %v", obs)
		}
		for _, e := range obs {
			if strings.Contains(e, private.ID) {
				t.Fatalf("the observer finds the record it may not read: %v", obs)
			}
		}
	})

	t.Run("Paging", func(t *testing.T) {
		one := all(lead, meridian.TimelineFilter{CaseID: c.ID})
		for _, size := range []int{1, 2, 3} {
			if got := all(lead, meridian.TimelineFilter{CaseID: c.ID, Page: meridian.Page{Limit: size}}); !slices.Equal(got, one) {
				t.Fatalf("by %d:\n%v\nwhole:\n%v", size, got, one)
			}
			old := all(lead, meridian.TimelineFilter{CaseID: c.ID, Oldest: true, Page: meridian.Page{Limit: size}})
			slices.Reverse(old)
			if !slices.Equal(old, one) {
				t.Fatalf("oldest first by %d, reversed:\n%v\nnewest first:\n%v", size, old, one)
			}
		}
		want := []string{"participant " + w.B.ID + " role supporting", "participant " + w.B.ID + " added prosecuting", "participant " + w.A2.ID + " added observer"}
		if got := all(lead, meridian.TimelineFilter{CaseID: c.ID, Kinds: []string{"participant"}}); !slices.Equal(got, want) {
			t.Fatalf("participants %v", got)
		}
	})

	t.Run("RemovedAndOutsider", func(t *testing.T) {
		if err := db.RemoveCaseParticipant(lead, c.ID, w.B.ID); err != nil {
			t.Fatal(err)
		}
		got := all(lead, meridian.TimelineFilter{CaseID: c.ID, Kinds: []string{"participant"}})
		if len(got) != 4 || got[0] != "participant "+w.B.ID+" removed " {
			t.Fatalf("after removal %v", got)
		}
		for _, ctx := range []context.Context{As(w.B, meridian.RoleProsecutor), As(w.C)} {
			_, _, err := db.FindCaseTimeline(ctx, meridian.TimelineFilter{CaseID: c.ID})
			mustKind(t, err, meridian.ENotFound)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		_, _, err := db.FindCaseTimeline(lead, meridian.TimelineFilter{CaseID: c.ID, Kinds: []string{"gossip"}})
		mustKind(t, err, meridian.EInvalid)
		for _, cur := range []string{"x", "1.gossip.00", "-1.audit.1", "1.audit.'; DROP"} {
			_, _, err := db.FindCaseTimeline(lead, meridian.TimelineFilter{CaseID: c.ID, Page: meridian.Page{Cursor: cur}})
			mustKind(t, err, meridian.EInvalid)
		}
	})
}
