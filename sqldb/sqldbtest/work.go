package sqldbtest

import (
	"testing"

	"meridian"
)

// testParkedWork: parking is Meridian's own act and idempotent per bus
// message; administrators alone list, count and retry, once, audited.
func testParkedWork(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	admin := As(w.A, meridian.RoleAdmin)
	officer := As(w.A, meridian.RoleOfficer, meridian.RoleCoordinator, meridian.RoleNCB)
	park := func(worker string, seq uint64) *meridian.ParkedWork {
		t.Helper()
		p := &meridian.ParkedWork{Worker: worker, StreamSeq: seq, ChangeSeq: int64(seq), Kind: "person",
			Action: meridian.ChangeCreated, RecordID: meridian.NewID(), Attempts: 5, Error: "link.Person: unavailable: matcher down"}
		if err := db.ParkWork(Sys(), p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Run("OnlyMeridianParks", func(t *testing.T) {
		err := db.ParkWork(admin, &meridian.ParkedWork{Worker: "linker", StreamSeq: 99})
		if meridian.KindOf(err) != meridian.EForbidden {
			t.Fatalf("an administrator parked work: %v", err)
		}
	})
	first := park("linker", 1)
	again := park("linker", 1) // the acknowledgement of the first parking was lost
	if again.ID != first.ID || Count(t, db, "parked_work") != 1 {
		t.Fatalf("a second parking of one message stored another row: %s vs %s", again.ID, first.ID)
	}
	second := park("linker", 2)
	park("other", 1)

	t.Run("ErrForbidden", func(t *testing.T) {
		if _, _, err := db.FindParkedWork(officer, meridian.ParkedWorkFilter{Worker: "linker"}); meridian.KindOf(err) != meridian.EForbidden {
			t.Fatalf("an officer lists parked work: %v", err)
		}
		if _, err := db.CountParkedWork(officer, "linker"); meridian.KindOf(err) != meridian.EForbidden {
			t.Fatalf("an officer counts parked work: %v", err)
		}
		if _, err := db.RetryParkedWork(officer, "linker", first.ID); meridian.KindOf(err) != meridian.EForbidden {
			t.Fatalf("an officer retries parked work: %v", err)
		}
	})
	t.Run("List", func(t *testing.T) {
		ps, next, err := db.FindParkedWork(admin, meridian.ParkedWorkFilter{Worker: "linker", Page: meridian.Page{Limit: 1}})
		if err != nil || len(ps) != 1 || ps[0].ID != second.ID || next == "" {
			t.Fatalf("first page %+v %q %v, want the newest", ps, next, err)
		}
		ps, _, err = db.FindParkedWork(admin, meridian.ParkedWorkFilter{Worker: "linker", Page: meridian.Page{Limit: 1, Cursor: next}})
		if err != nil || len(ps) != 1 || ps[0].ID != first.ID || ps[0].Error != first.Error || ps[0].RecordID != first.RecordID {
			t.Fatalf("second page %+v %v", ps, err)
		}
	})
	t.Run("Retry", func(t *testing.T) {
		before := AuditCount(t, db)
		p, err := db.RetryParkedWork(admin, "linker", first.ID)
		if err != nil || p.State != meridian.ParkedRetried || p.Retries != 1 || p.RetriedBy == "" {
			t.Fatalf("retry %+v %v", p, err)
		}
		if AuditCount(t, db) != before+1 {
			t.Fatal("the retry was not audited")
		}
		if _, err := db.RetryParkedWork(admin, "linker", first.ID); meridian.KindOf(err) != meridian.EConflict {
			t.Fatalf("second retry: %v", err)
		}
		if _, err := db.RetryParkedWork(admin, "other", second.ID); meridian.KindOf(err) != meridian.ENotFound {
			t.Fatalf("retry through another worker: %v", err)
		}
		if n, err := db.CountParkedWork(admin, "linker"); err != nil || n != 1 {
			t.Fatalf("parked %d %v, want 1 left", n, err)
		}
		// The bus refused: Meridian restores it, and it can be retried again.
		if err := db.RestoreParkedWork(admin, first.ID); meridian.KindOf(err) != meridian.EForbidden {
			t.Fatalf("an administrator restored directly: %v", err)
		}
		if err := db.RestoreParkedWork(Sys(), first.ID); err != nil {
			t.Fatal(err)
		}
		if p, err := db.RetryParkedWork(admin, "linker", first.ID); err != nil || p.Retries != 2 {
			t.Fatalf("retry after restore %+v %v", p, err)
		}
	})
}
