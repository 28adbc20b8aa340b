package sqldbtest

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"meridian"
)

// testHitAudit covers the audit of checks with hits (issue 10): one
// user's hits on one owner's records in one transaction are one check_hit
// entry naming them, and the hits shown one read entry naming them, where
// each hit used to be two entries. Completeness and privacy stay as they
// were: every record hit, and every record shown, is in the signed log
// before the answer and found by its record id (the owner's trail); a
// checker does not learn from the log which record a hidden hit was; the
// log verifies; and the hits' notifications name every hit once, without
// the hit itself.
func testHitAudit(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	checker := As(w.B, meridian.RoleOfficer)
	c := meridian.CheckContext{PlaceKind: "border_point", Place: "Tabanovce", Country: "AL"}
	hidden, shown, own, lone := "rec-hidden", "rec-shown", "rec-own", "rec-lone"
	hit := func(id, owner string, restricted bool) meridian.CheckedHit {
		return meridian.CheckedHit{Ref: meridian.NewID(), RecordID: id, RecordKind: "watch_person", OwnerAgency: owner, Score: 0.9, Restricted: restricted}
	}
	recs := []meridian.CheckRecord{
		{Kind: "person", Query: "Nobody"},
		{Kind: "person", Query: "Ana Hidden", Hits: []meridian.CheckedHit{hit(hidden, w.A.ID, true), hit(shown, w.A.ID, false)}},
		{Kind: "person", Query: "Ana Shown", Hits: []meridian.CheckedHit{hit(shown, w.A.ID, false), hit(own, w.B.ID, false)}},
	}
	before, outbox := AuditCount(t, db), Count(t, db, "outbox")
	if err := db.RecordChecks(checker, c, recs); err != nil {
		t.Fatal(err)
	}
	// A miss (one entry); A's records hit (one entry naming two) and
	// shown (one entry of one); B's own record hit and shown (one each).
	if got := AuditCount(t, db) - before; got != 5 {
		t.Fatalf("%d audit entries for a request with 4 hits on 3 records of 2 owners, want 5", got)
	}
	trail := func(ctx context.Context, id, action string) []*meridian.AuditEntry {
		t.Helper()
		es, _, err := db.FindAuditEntries(ctx, meridian.AuditFilter{RecordID: id, Action: action})
		if err != nil {
			t.Fatal(err)
		}
		return es
	}
	names := func(e *meridian.AuditEntry, id string) bool {
		return e.RecordID == id || slices.ContainsFunc(e.Records, func(r meridian.AuditRecord) bool { return r.ID == id })
	}

	t.Run("EveryHitInTheTrail", func(t *testing.T) {
		admin, ownerNCB := As(w.C, meridian.RoleAdmin), As(w.A, meridian.RoleNCB)
		for _, x := range []struct {
			ctx           context.Context
			id            string
			hits, shownTo int
		}{
			{admin, hidden, 1, 0}, {admin, shown, 1, 1}, {admin, own, 1, 1},
			// The owner's national bureau finds who hit and who was
			// shown its records.
			{ownerNCB, hidden, 1, 0}, {ownerNCB, shown, 1, 1},
		} {
			hs, rs := trail(x.ctx, x.id, "check_hit"), trail(x.ctx, x.id, meridian.AuditRead)
			if len(hs) != x.hits || len(rs) != x.shownTo {
				t.Fatalf("record %s: %d check_hit and %d read entries, want %d and %d", x.id, len(hs), len(rs), x.hits, x.shownTo)
			}
			for _, e := range append(hs, rs...) {
				if !names(e, x.id) || e.UserID != "user-of-"+w.B.ID || e.Purpose != "test" || e.Addr != "192.0.2.1" {
					t.Fatalf("record %s: entry %+v does not name it and who checked", x.id, e)
				}
			}
		}
	})

	t.Run("HiddenHitStaysHidden", func(t *testing.T) {
		// The checker, and the checker's national bureau, read their
		// own entries: the entry of A's hits names none of them, and a
		// search by the hidden record's id finds nothing.
		for _, ctx := range []context.Context{checker, As(w.B, meridian.RoleNCB)} {
			if es := trail(ctx, hidden, ""); len(es) != 0 {
				t.Fatalf("a search by the hidden record found %+v", es)
			}
			es, _, err := db.FindAuditEntries(ctx, meridian.AuditFilter{Action: "check_hit"})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				if e.RecordOwner == w.A.ID && (e.RecordID != "" || len(e.Records) != 0 || e.RecordKind != "") {
					t.Fatalf("the checker's side reads another agency's hit entry with its records: %+v", e)
				}
			}
			// What the checker was shown is a read, which they see.
			if rs := trail(ctx, shown, meridian.AuditRead); len(rs) != 1 {
				t.Fatalf("the checker does not find their read of the shown record: %+v", rs)
			}
		}
	})

	t.Run("LoneHitOneRecord", func(t *testing.T) {
		// A request with one hit keeps the entry of one record.
		if err := db.RecordChecks(checker, c, []meridian.CheckRecord{{Kind: "person", Query: "Lone", Hits: []meridian.CheckedHit{hit(lone, w.A.ID, false)}}}); err != nil {
			t.Fatal(err)
		}
		for _, action := range []string{"check_hit", meridian.AuditRead} {
			es := trail(As(w.C, meridian.RoleAdmin), lone, action)
			if len(es) != 1 || es[0].RecordID != lone || len(es[0].Records) != 0 {
				t.Fatalf("%s of a lone hit: %+v", action, es)
			}
		}
	})

	t.Run("Notices", func(t *testing.T) {
		// The first request's hits: one change each owner, naming its
		// hits; the lone hit's: one more.
		rows, err := db.SQL().Query(db.Dialect().Rebind(`SELECT payload FROM outbox WHERE subject = ? ORDER BY seq`), meridian.ChangeSubjectPrefix+"hit.created")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		named := map[string]int{}
		n := 0
		for rows.Next() {
			var payload string
			if err := rows.Scan(&payload); err != nil {
				t.Fatal(err)
			}
			var ch meridian.Change
			var d meridian.HitIDs
			if err := json.Unmarshal([]byte(payload), &ch); err != nil || json.Unmarshal(ch.Data, &d) != nil {
				t.Fatalf("undecodable hit change %s", payload)
			}
			if strings.Contains(payload, "Ana") || strings.Contains(payload, "Tabanovce") {
				t.Fatalf("a hit change carries the check: %s", payload)
			}
			for _, id := range d.IDs {
				named[id]++
			}
			n++
		}
		if n != 3 || Count(t, db, "outbox")-outbox < n {
			t.Fatalf("%d hit changes, want 3 (two owners, then the lone hit)", n)
		}
		for _, r := range recs {
			for _, h := range r.Hits {
				if named[h.Ref] != 1 {
					t.Fatalf("hit %s named %d times by the changes", h.Ref, named[h.Ref])
				}
			}
		}
	})

	t.Run("Verifies", func(t *testing.T) {
		if r := verify(t, db); !r.OK() {
			t.Fatalf("the log does not verify: %+v", r.Problems)
		}
		// The record index is checked too: an entry's hit removed from
		// it is found.
		if _, err := db.SQL().Exec(db.Dialect().Rebind(`DELETE FROM audit_records WHERE record_id = ?`), hidden); err != nil {
			t.Fatal(err)
		}
		if r := verify(t, db); r.OK() {
			t.Fatal("the log verifies with a hit removed from the record index")
		}
	})
}
