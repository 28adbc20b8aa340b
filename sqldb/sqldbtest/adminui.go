package sqldbtest

import (
	"testing"
	"time"

	"meridian"
)

// testAuditFilters: the audit log's action, period and newest-first
// filters, on both engines, within the reader's scope.
func testAuditFilters(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	p := w.MustCreatePerson(t, w.A, "Filtered", meridian.Release{Scope: meridian.ScopeOwner})
	for range 3 {
		if _, err := db.FindPersonByID(As(w.A), p.ID); err != nil {
			t.Fatal(err)
		}
	}
	admin := As(w.C, meridian.RoleAdmin)
	reads, _, err := db.FindAuditEntries(admin, meridian.AuditFilter{RecordID: p.ID, Action: meridian.AuditRead})
	if err != nil || len(reads) != 3 {
		t.Fatalf("reads: %d (%v)", len(reads), err)
	}
	newest, next, err := db.FindAuditEntries(admin, meridian.AuditFilter{RecordID: p.ID, Newest: true, Page: meridian.Page{Limit: 2}})
	if err != nil || len(newest) != 2 || newest[0].Seq != reads[2].Seq || newest[1].Seq != reads[1].Seq || next == "" {
		t.Fatalf("newest first: %+v %q (%v)", newest, next, err)
	}
	rest, _, err := db.FindAuditEntries(admin, meridian.AuditFilter{RecordID: p.ID, Newest: true, Page: meridian.Page{Limit: 2, Cursor: next}})
	if err != nil || len(rest) != 2 || rest[0].Seq != reads[0].Seq || rest[1].Action != meridian.AuditCreate {
		t.Fatalf("second page: %+v (%v)", rest, err)
	}
	at := reads[1].At
	period, _, err := db.FindAuditEntries(admin, meridian.AuditFilter{RecordID: p.ID, From: at, To: at.Add(time.Microsecond)})
	if err != nil || len(period) == 0 {
		t.Fatalf("period: %+v (%v)", period, err)
	}
	for _, e := range period {
		if e.At.Before(at) || !e.At.Before(at.Add(time.Microsecond)) {
			t.Fatalf("entry %d at %v outside the period from %v", e.Seq, e.At, at)
		}
	}
	// Another agency's officer filtering by the record sees nothing.
	if es, _, err := db.FindAuditEntries(As(w.B), meridian.AuditFilter{RecordID: p.ID, Action: meridian.AuditRead, Newest: true}); err != nil || len(es) != 0 {
		t.Fatalf("another agency's view: %+v (%v)", es, err)
	}
}

// testAgencyUpdate: administrators rename agencies and change their kind,
// never their country; the edit is audited.
func testAgencyUpdate(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	edit := &meridian.Agency{ID: w.A.ID, Name: "Agency A renamed", Kind: meridian.AgencyNCB}
	if err := db.UpdateAgency(As(w.A, meridian.RoleCoordinator, meridian.RoleNCB), edit); meridian.KindOf(err) != meridian.EForbidden {
		t.Fatalf("a coordinator edits their agency: %v", err)
	}
	moved := &meridian.Agency{ID: w.A.ID, Name: "Agency A", Kind: meridian.AgencyPolice, Country: "AL"}
	if err := db.UpdateAgency(As(w.C, meridian.RoleAdmin), moved); meridian.FieldOf(err) != "country" {
		t.Fatalf("moving an agency: %v", err)
	}
	missing := &meridian.Agency{ID: meridian.NewID(), Name: "x", Kind: meridian.AgencyPolice}
	if err := db.UpdateAgency(As(w.C, meridian.RoleAdmin), missing); meridian.KindOf(err) != meridian.ENotFound {
		t.Fatalf("editing a missing agency: %v", err)
	}
	before := AuditCount(t, db)
	if err := db.UpdateAgency(As(w.C, meridian.RoleAdmin), edit); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindAgencyByID(Sys(), w.A.ID)
	if err != nil || got.Name != "Agency A renamed" || got.Kind != meridian.AgencyNCB || got.Country != "MK" || !got.CreatedAt.Equal(w.A.CreatedAt) {
		t.Fatalf("after the edit: %+v (%v)", got, err)
	}
	if n := AuditCount(t, db) - before; n != 1 {
		t.Fatalf("the edit wrote %d audit entries, want 1", n)
	}
}
