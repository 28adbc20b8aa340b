package sqldbtest

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"meridian"
	"meridian/sqldb"
)

// testAuditFrontier covers the audit tree's frontier kept in memory
// between appends: an append reads no tree hash back from the database
// while the head is the one this store left, reads them again when
// another instance (a second store on the same database) appended in
// between, and the log and every proof stay valid either way.
func testAuditFrontier(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	p := w.MustCreatePerson(t, w.A, "Frontier One", meridian.Release{Scope: meridian.ScopeOwner})
	var reads atomic.Int64
	trace := func(q string) {
		if strings.Contains(q, "FROM audit_tree WHERE idx IN") {
			reads.Add(1)
		}
	}
	db.SetTrace(trace)
	defer db.SetTrace(nil)
	read := func(tb testing.TB, s *sqldb.DB) {
		tb.Helper()
		if _, err := s.FindPersonByID(As(w.A), p.ID); err != nil {
			tb.Fatal(err)
		}
	}
	for range 3 {
		read(t, db)
		w.MustCreatePerson(t, w.A, "Frontier Two", meridian.Release{Scope: meridian.ScopeOwner})
	}
	if n := reads.Load(); n != 0 {
		t.Fatalf("appends after the first read the tree frontier back %d times, want 0", n)
	}

	// Another instance appends: the head no longer names what this store
	// kept, so its next append reads the frontier from the database.
	other, err := sqldb.New(context.Background(), db.SQL(), db.Dialect(), SuiteKey(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	read(t, other)
	read(t, db)
	if n := reads.Load(); n != 1 {
		t.Fatalf("after another instance appended, the tree frontier was read %d times, want 1", n)
	}
	read(t, other) // the other store's frontier is stale now in turn
	read(t, db)
	if n := reads.Load(); n != 2 {
		t.Fatalf("the tree frontier was read %d times, want 2", n)
	}
	if r := verify(t, db); !r.OK() {
		t.Fatalf("%+v", r.Problems)
	}
	head, err := db.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for seq := int64(1); seq <= head.Seq; seq++ {
		if _, err := db.ProveEntry(context.Background(), seq); err != nil {
			t.Fatalf("entry %d: %v", seq, err)
		}
	}
	if _, err := db.ProveTree(context.Background(), head.Seq, 1); err != nil {
		t.Fatal(err)
	}
}
