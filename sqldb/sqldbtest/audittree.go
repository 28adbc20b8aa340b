package sqldbtest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"meridian"
	"meridian/audit"
	"meridian/sqldb"
)

// testAuditTree tampers with the Merkle tree, the checkpoints and the head
// as someone with the database but not the key would, and with the rows'
// very types, and expects verification to name it, never to fail.
func testAuditTree(t *testing.T, open Opener) {
	build := func(t *testing.T) *sqldb.DB {
		db := open(t)
		db.Checkpoint = 4
		db.Witness = audit.OpenWitness(t.TempDir())
		w := NewWorld(t, db)
		for i := range 5 {
			p := w.MustCreatePerson(t, w.A, "Tree "+string(rune('A'+i)), meridian.Release{Scope: meridian.ScopeOwner})
			db.FindPersonByID(As(w.A), p.ID)
		}
		if _, _, err := db.FindPersons(As(w.A), meridian.PersonFilter{}); err != nil {
			t.Fatal(err)
		}
		if err := db.CheckpointNow(context.Background()); err != nil {
			t.Fatal(err)
		}
		if r := verify(t, db); !r.OK() || r.Entries != 15 || r.Witnessed < 3 { // 4 agencies, 5 persons created and read, a list
			t.Fatalf("untouched: %+v", r)
		}
		return db
	}
	exec := func(t *testing.T, db *sqldb.DB, q string, args ...any) bool {
		t.Helper()
		_, err := db.SQL().Exec(db.Dialect().Rebind(q), args...)
		return err == nil
	}
	expect := func(t *testing.T, db *sqldb.DB, kinds ...string) {
		t.Helper()
		r := verify(t, db)
		for _, p := range r.Problems {
			if slices.Contains(kinds, p.Kind) {
				return
			}
		}
		t.Fatalf("no problem of kind %v: %+v", kinds, r.Problems)
	}
	t.Run("Rollback", func(t *testing.T) {
		db := build(t)
		exec(t, db, `DELETE FROM audit_entries WHERE seq > 4`)
		exec(t, db, `DELETE FROM audit_checkpoints WHERE seq > 4`)
		if !exec(t, db, `UPDATE audit_head SET seq = c.seq, hash = c.hash, at = c.at, key_id = c.key_id, signature = c.signature,
			root = c.root, prev = c.prev, note = c.note FROM (SELECT * FROM audit_checkpoints WHERE seq = 4) AS c WHERE audit_head.id = 1`) {
			t.Fatal("rollback of the head failed")
		}
		expect(t, db, audit.KindRollback)
		expect(t, db, audit.KindTruncated)
	})
	t.Run("DeletedAllCheckpoints", func(t *testing.T) {
		db := build(t)
		exec(t, db, `DELETE FROM audit_checkpoints`)
		expect(t, db, audit.KindCheckpointDeleted)
		db.Witness = nil // the signed head alone names the last one
		expect(t, db, audit.KindCheckpointDeleted)
	})
	t.Run("TamperedCheckpoint", func(t *testing.T) {
		db := build(t)
		exec(t, db, `UPDATE audit_checkpoints SET root = (SELECT root FROM audit_head) WHERE seq = 4`)
		expect(t, db, audit.KindBadSignature)
	})
	t.Run("TamperedCheckpointSeq", func(t *testing.T) {
		db := build(t)
		exec(t, db, `UPDATE audit_checkpoints SET seq = 3 WHERE seq = 4`)
		expect(t, db, audit.KindBadSignature)
	})
	t.Run("TreeHashes", func(t *testing.T) {
		db := build(t)
		exec(t, db, `DELETE FROM audit_tree WHERE idx = 0`)
		expect(t, db, audit.KindTreeHashes)
	})
	t.Run("ListRecords", func(t *testing.T) {
		db := build(t)
		exec(t, db, `UPDATE audit_entries SET records = '[]' WHERE records != ''`)
		expect(t, db, audit.KindAltered)
	})
	t.Run("RecordIndex", func(t *testing.T) {
		db := build(t)
		exec(t, db, `DELETE FROM audit_records WHERE seq = (SELECT MAX(seq) FROM audit_records)`)
		expect(t, db, audit.KindRecordIndex)
	})
	t.Run("RecordIndexInserted", func(t *testing.T) {
		db := build(t)
		exec(t, db, `INSERT INTO audit_records (record_id, seq) VALUES ('someone', 2)`)
		expect(t, db, audit.KindRecordIndex)
	})
	// The owner index is what an agency's audit screen reads the lists
	// that showed its records from: a row missing hides them from it.
	t.Run("OwnerIndex", func(t *testing.T) {
		db := build(t)
		exec(t, db, `DELETE FROM audit_record_owners WHERE seq = (SELECT MAX(seq) FROM audit_record_owners)`)
		expect(t, db, audit.KindRecordIndex)
	})
	t.Run("OwnerIndexInserted", func(t *testing.T) {
		db := build(t)
		exec(t, db, `INSERT INTO audit_record_owners (owner, seq) VALUES ('someone', 2)`)
		expect(t, db, audit.KindRecordIndex)
	})
	t.Run("Upgrade", func(t *testing.T) {
		// A log written before the tree (migration 0006): legacy signed
		// head and checkpoints, no tree. The next write builds the tree.
		db := build(t)
		k := SuiteKey(t)
		legacy := func(table string) {
			rows, err := db.SQL().Query(`SELECT seq, hash, at FROM ` + table)
			if err != nil {
				t.Fatal(err)
			}
			type row struct {
				seq, at int64
				hash    string
			}
			var rs []row
			for rows.Next() {
				var r row
				rows.Scan(&r.seq, &r.hash, &r.at)
				rs = append(rs, r)
			}
			rows.Close()
			for _, r := range rs {
				cp := k.Sign(r.seq, r.hash, time.UnixMicro(r.at))
				exec(t, db, `UPDATE `+table+` SET signature = ?, root = '', prev = 0, note = '' WHERE seq = ?`, cp.Signature, r.seq)
			}
		}
		legacy("audit_checkpoints")
		legacy("audit_head")
		exec(t, db, `DELETE FROM audit_tree`)
		exec(t, db, `UPDATE audit_head SET tree_size = 0`)
		if r := verify(t, db); !r.OK() {
			t.Fatalf("legacy log: %+v", r.Problems)
		}
		if err := db.BuildAuditTree(context.Background()); err != nil {
			t.Fatal(err)
		}
		if r := verify(t, db); !r.OK() {
			t.Fatalf("legacy log with its tree: %+v", r.Problems)
		}
		w := NewWorld(t, db)
		w.MustCreatePerson(t, w.A, "After upgrade", meridian.Release{Scope: meridian.ScopeOwner})
		if r := verify(t, db); !r.OK() {
			t.Fatalf("upgraded log: %+v", r.Problems)
		}
		var size, seq int64
		db.SQL().QueryRow(`SELECT tree_size, seq FROM audit_head`).Scan(&size, &seq)
		if size != seq {
			t.Fatalf("tree of %d entries, log of %d", size, seq)
		}
		if _, err := db.ProveEntry(context.Background(), 1); err != nil {
			t.Fatal(err)
		}
	})
	// Edits of the audit tables that break what a row should hold: none
	// may end in an error instead of a named problem. An edit the engine
	// refuses (PostgreSQL's types) cannot be made and is not checked.
	// One store for all of them, its audit tables restored after each.
	db := build(t)
	tables := []string{"audit_entries", "audit_head", "audit_checkpoints", "audit_tree", "audit_records", "audit_record_owners"}
	for _, tb := range tables {
		if !exec(t, db, `CREATE TABLE snap_`+tb+` AS SELECT * FROM `+tb) {
			t.Fatal("snapshot of " + tb)
		}
	}
	restore := func(t *testing.T) {
		for _, tb := range tables {
			if !exec(t, db, `DELETE FROM `+tb) || !exec(t, db, `INSERT INTO `+tb+` SELECT * FROM snap_`+tb) {
				t.Fatal("restore of " + tb)
			}
		}
		if r := verify(t, db); !r.OK() {
			t.Fatalf("restored: %+v", r.Problems)
		}
	}
	for i, q := range []string{
		`UPDATE audit_entries SET at = 'x' WHERE seq = 3`,
		`UPDATE audit_entries SET seq = 'x' WHERE seq = 3`,
		`UPDATE audit_entries SET records = '[{' WHERE seq = 3`,
		`UPDATE audit_entries SET hash = 7 WHERE seq = 3`,
		`DELETE FROM audit_head`,
		`UPDATE audit_head SET seq = 'x'`,
		`UPDATE audit_head SET note = 'garbage'`,
		`UPDATE audit_head SET at = 'x'`,
		`UPDATE audit_checkpoints SET at = 'x'`,
		`UPDATE audit_checkpoints SET seq = 'x' WHERE seq = 4`,
		`UPDATE audit_checkpoints SET prev = 'x'`,
		`UPDATE audit_tree SET hash = 'zz' WHERE idx = 0`,
		`UPDATE audit_tree SET idx = 'x' WHERE idx = 0`,
		`INSERT INTO audit_checkpoints (seq, hash, at, key_id, signature) VALUES (99, 'x', 0, 'k', 's')`,
		`INSERT INTO audit_checkpoints (seq, hash, at, key_id, signature, note) VALUES (-1, 'x', 0, 'k', 's', 'n')`,
		`UPDATE audit_entries SET seq = -5 WHERE seq = 3`,
		`UPDATE audit_entries SET seq = 1000000 WHERE seq = 3`,
		`UPDATE audit_entries SET prev_hash = ''`,
		`UPDATE audit_checkpoints SET seq = -1 WHERE seq = 4`,
		`UPDATE audit_head SET seq = 1000000`,
		`UPDATE audit_head SET seq = 0, hash = ''`,
		`UPDATE audit_head SET key_id = 'nope'`,
		`UPDATE audit_head SET prev = 3`,
		`DELETE FROM audit_tree`,
		`DELETE FROM audit_records`,
		`DELETE FROM audit_record_owners`,
		`DELETE FROM audit_entries`,
	} {
		t.Run(fmt.Sprint("Malformed", i), func(t *testing.T) {
			defer restore(t)
			if !exec(t, db, q) {
				return
			}
			if r := verify(t, db); r.OK() {
				t.Fatalf("%s: verifies", q)
			}
		})
	}
}

// testAuditList checks that a page of a list is one entry naming its
// records, that a record's trail finds it, and that an agency reading the
// trail sees only its own records of another agency's list.
func testAuditList(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	pa := w.MustCreatePerson(t, w.A, "Listed A", meridian.Release{Scope: meridian.ScopeListed, Countries: []string{w.B.Country}})
	pb := w.MustCreatePerson(t, w.B, "Listed B", meridian.Release{Scope: meridian.ScopeOwner})
	before := AuditCount(t, db)
	ps, _, err := db.FindPersons(As(w.B), meridian.PersonFilter{})
	if err != nil || len(ps) < 2 {
		t.Fatalf("listed %d: %v", len(ps), err)
	}
	if n := AuditCount(t, db) - before; n != 1 {
		t.Fatalf("a list page wrote %d audit entries, want 1", n)
	}
	es := entries(t, db)
	e := es[len(es)-1]
	if e.Action != meridian.AuditList || len(e.Records) != len(ps) {
		t.Fatalf("list entry %+v", e)
	}
	trail, _, err := db.FindAuditEntries(As(w.A, meridian.RoleNCB), meridian.AuditFilter{RecordID: pa.ID})
	if err != nil {
		t.Fatal(err)
	}
	var list *meridian.AuditEntry
	for _, x := range trail {
		if x.Action == meridian.AuditList {
			list = x
		}
	}
	if list == nil {
		t.Fatalf("the owner's trail misses the list: %+v", trail)
	}
	for _, r := range list.Records {
		if r.Owner != w.A.ID || r.ID == pb.ID {
			t.Fatalf("A's NCB sees B's record %s in B's list", r.ID)
		}
	}
	// A's audit screen, unfiltered, finds B's list through the owner
	// index (audit_record_owners), showing A's record only.
	screen, _, err := db.FindAuditEntries(As(w.A, meridian.RoleNCB), meridian.AuditFilter{Newest: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(screen) == 0 || screen[0].Action != meridian.AuditList || len(screen[0].Records) != 1 || screen[0].Records[0].ID != pa.ID {
		t.Fatalf("A's audit screen misses B's list of A's record: %+v", screen)
	}
	// B's own view holds the whole page.
	mine, _, _ := db.FindAuditEntries(As(w.B), meridian.AuditFilter{RecordID: pb.ID})
	if len(mine) == 0 || len(mine[len(mine)-1].Records) != len(ps) {
		t.Fatalf("B's trail of its record: %+v", mine)
	}
	if r := verify(t, db); !r.OK() {
		t.Fatalf("%+v", r.Problems)
	}
}
