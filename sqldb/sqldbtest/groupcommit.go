package sqldbtest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"meridian"
)

// testGroupCommit covers the sequencer that records checks in batches:
// every check is in the signed log before its answer, a batch signs one
// head (and here, with a checkpoint every entry, stores one checkpoint),
// counts are summed, and a batch that fails fails every request in it and
// leaves nothing of any of them.
func testGroupCommit(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	checker := As(w.B, meridian.RoleOfficer)
	c := meridian.CheckContext{OperationID: w.Operation.ID, PlaceKind: "border_point", Place: "Tabanovce", Country: "MK"}
	db.Checkpoint = 1 // a checkpoint at every batch: one per batch shows one signature per batch

	// recs returns request i's checks: a miss, and a hit on a record of
	// its own, so that its entries can be found by record id.
	recs := func(tag string, i int) []meridian.CheckRecord {
		return []meridian.CheckRecord{
			{Kind: "person", Query: "Nobody"},
			{Kind: "person", Query: "Somebody", Hits: []meridian.CheckedHit{{Ref: meridian.NewID(), RecordID: fmt.Sprintf("%s-%d", tag, i),
				RecordKind: "watch_person", OwnerAgency: w.A.ID, Score: 0.9, Restricted: true}}},
		}
	}
	inLog := func(tb testing.TB, recordID string) error {
		// A hit is an entry of its own record or named by an entry of
		// several hits (found through the record index).
		var seq, head int64
		if err := db.SQL().QueryRow(db.Dialect().Rebind(`SELECT seq FROM audit_entries WHERE record_id = ?
			UNION SELECT seq FROM audit_records WHERE record_id = ?`), recordID, recordID).Scan(&seq); err != nil {
			return fmt.Errorf("no audit entry for %s once answered: %v", recordID, err)
		}
		if err := db.SQL().QueryRow(`SELECT seq FROM audit_head WHERE id = 1`).Scan(&head); err != nil {
			return err
		}
		if seq > head {
			return fmt.Errorf("entry %d of %s is beyond the signed head %d", seq, recordID, head)
		}
		return nil
	}
	tables := []string{"audit_entries", "audit_tree", "audit_records", "audit_record_owners", "audit_checkpoints", "hits", "check_counts", "outbox"}
	snapshot := func(tb testing.TB) map[string]int {
		m := map[string]int{}
		for _, tab := range tables {
			m[tab] = Count(tb, db, tab)
		}
		var head int64
		if err := db.SQL().QueryRow(`SELECT seq FROM audit_head WHERE id = 1`).Scan(&head); err != nil {
			tb.Fatal(err)
		}
		m["head"] = int(head)
		return m
	}
	checks := func(tb testing.TB) int64 {
		counts, err := db.FindCheckCounts(checker, w.Operation.ID)
		if err != nil {
			tb.Fatal(err)
		}
		var n int64
		for _, k := range counts {
			n += k.Checks
		}
		return n
	}
	// queue starts n requests while the sequencer is held, waits until all
	// are queued, and returns their outcomes once released.
	queue := func(tb testing.TB, tag string, n int) []error {
		release := db.HoldCommits()
		defer release()
		base := db.QueuedCommits()
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				errs[i] = db.RecordChecks(checker, c, recs(tag, i))
				if errs[i] == nil {
					errs[i] = inLog(tb, fmt.Sprintf("%s-%d", tag, i))
				}
			})
		}
		Eventually(tb, "the requests to queue", func() bool { return db.QueuedCommits() == base+n })
		release()
		wg.Wait()
		return errs
	}

	t.Run("OneBatch", func(t *testing.T) {
		before, batches, n0 := snapshot(t), db.CommitBatches(), checks(t)
		const n = 12
		for i, err := range queue(t, "one", n) {
			if err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
		}
		after := snapshot(t)
		if got := db.CommitBatches() - batches; got != 1 {
			t.Fatalf("%d requests queued together were committed in %d batches, want 1", n, got)
		}
		if got := after["audit_checkpoints"] - before["audit_checkpoints"]; got != 1 {
			t.Fatalf("one batch stored %d checkpoints, want 1 (one signed head a batch)", got)
		}
		// The n checks without a hit are one entry that says n; the n
		// hits (one user's, on one owner's records) are one entry that
		// names them, each in the record index.
		if got := after["audit_entries"] - before["audit_entries"]; got != 2 {
			t.Fatalf("%d audit entries, want 2 (one for the %d misses, one naming the %d hits)", got, n, n)
		}
		if got := after["audit_records"] - before["audit_records"]; got != n {
			t.Fatalf("%d rows in the record index, want %d (one a hit)", got, n)
		}
		var times int64
		if err := db.SQL().QueryRow(`SELECT times FROM audit_entries WHERE action = 'check' ORDER BY seq DESC LIMIT 1`).Scan(&times); err != nil || times != n {
			t.Fatalf("the batch's misses are one entry of %d checks, want %d (%v)", times, n, err)
		}
		if got := after["hits"] - before["hits"]; got != n {
			t.Fatalf("%d hits, want %d", got, n)
		}
		if got := checks(t) - n0; got != 2*n {
			t.Fatalf("counted %d checks, want %d", got, 2*n)
		}
		if r := verify(t, db); !r.OK() {
			t.Fatalf("the log does not verify after a batch: %+v", r.Problems)
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		before, batches, n0 := snapshot(t), db.CommitBatches(), checks(t)
		const n = 40
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				if errs[i] = db.RecordChecks(checker, c, recs("conc", i)); errs[i] == nil {
					errs[i] = inLog(t, fmt.Sprintf("conc-%d", i))
				}
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
		}
		after := snapshot(t)
		nb := db.CommitBatches() - batches
		if got := after["audit_checkpoints"] - before["audit_checkpoints"]; int64(got) != nb {
			t.Fatalf("%d batches stored %d checkpoints, want one each", nb, got)
		}
		if got := checks(t) - n0; got != 2*n {
			t.Fatalf("counted %d checks, want %d", got, 2*n)
		}
		if r := verify(t, db); !r.OK() {
			t.Fatalf("the log does not verify after concurrent batches: %+v", r.Problems)
		}
	})

	t.Run("FailedBatch", func(t *testing.T) {
		before, n0 := snapshot(t), checks(t)
		boom := errors.New("the disk is full")
		db.FailCommits(func(int) error { return boom })
		const n = 8
		errs := queue(t, "fail", n)
		db.FailCommits(nil)
		for i, err := range errs {
			if err == nil {
				t.Fatalf("request %d of a failed batch was answered as recorded", i)
			}
			var e *meridian.Error
			if !errors.As(err, &e) || e.Op != "sqldb.RecordChecks" {
				t.Fatalf("request %d: %v, want the batch's error under its own operation", i, err)
			}
		}
		after := snapshot(t)
		for k, v := range before {
			if after[k] != v {
				t.Fatalf("a failed batch left %s at %d, was %d", k, after[k], v)
			}
		}
		if got := checks(t); got != n0 {
			t.Fatalf("a failed batch counted %d checks", got-n0)
		}
		// The store goes on: the next batch commits and the log verifies.
		if err := db.RecordChecks(checker, c, recs("after", 0)); err != nil {
			t.Fatal(err)
		}
		if err := inLog(t, "after-0"); err != nil {
			t.Fatal(err)
		}
		if r := verify(t, db); !r.OK() {
			t.Fatalf("the log does not verify after a failed batch: %+v", r.Problems)
		}
	})

	t.Run("CancelledBeforeBatch", func(t *testing.T) {
		before := snapshot(t)
		release := db.HoldCommits()
		ctx, cancel := context.WithCancel(checker)
		done := make(chan error, 1)
		go func() { done <- db.RecordChecks(ctx, c, recs("gone", 0)) }()
		Eventually(t, "the request to queue", func() bool { return db.QueuedCommits() == 1 })
		cancel()
		release()
		mustKind(t, <-done, meridian.EUnavailable)
		if after := snapshot(t); after["audit_entries"] != before["audit_entries"] || after["hits"] != before["hits"] {
			t.Fatalf("a request cancelled before its batch was written: %v -> %v", before, after)
		}
	})

	t.Run("TamperedTimes", func(t *testing.T) {
		// The count is signed: a folded entry that claims fewer checks
		// than were made fails verification.
		if _, err := db.SQL().Exec(`UPDATE audit_entries SET times = 2 WHERE seq = (SELECT MAX(seq) FROM audit_entries WHERE times > 2)`); err != nil {
			t.Fatal(err)
		}
		if r := verify(t, db); r.OK() {
			t.Fatal("the log verifies after a folded entry's count was changed")
		}
	})

	t.Run("NotSignedIn", func(t *testing.T) {
		mustKind(t, db.RecordChecks(context.Background(), c, recs("anon", 0)), meridian.EUnauthenticated)
	})
}
