package sqldbtest

import (
	"context"
	"errors"
	"testing"

	"meridian"
)

// batchRecorder is a bus that takes batches, storing at most room changes
// of the next batch and failing on the rest, as a bus that goes down in
// the middle of a pipelined batch does.
type batchRecorder struct {
	recorder
	room    int // changes the next batch stores before failing; < 0: all
	batches int
}

func (r *batchRecorder) PublishBatch(_ context.Context, cs []*meridian.Change) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.batches++
	n := len(cs)
	if r.room >= 0 && r.room < n {
		n = r.room
	}
	r.got = append(r.got, cs[:n]...)
	if n < len(cs) {
		return n, errors.New("bus down mid-batch")
	}
	return n, nil
}

// testOutboxBatch: the relay hands a bus that takes batches the outbox in
// one batch; when the bus stores only part of it, the relay removes only
// that part, and the next relay publishes the rest: every change once, in
// order, none lost.
func testOutboxBatch(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	for range 30 {
		w.MustCreatePerson(t, w.A, "Published", meridian.Release{Scope: meridian.ScopeOwner})
	}
	ctx := context.Background()
	total, err := db.PendingChanges(ctx)
	if err != nil || total < 35 {
		t.Fatalf("pending changes %d (%v), want at least 35", total, err)
	}
	rec := &batchRecorder{room: 17}
	sent, err := db.RelayOnce(ctx, rec, 500)
	if err == nil || sent != 17 || rec.batches != 1 {
		t.Fatalf("relay with the bus failing after 17: sent %d in %d batches, err %v", sent, rec.batches, err)
	}
	if m, _ := db.PendingChanges(ctx); m != total-17 {
		t.Fatalf("after a failure mid-batch %d changes wait, want %d", m, total-17)
	}
	rec.room = 0 // down: nothing stored, nothing removed
	if sent, err := db.RelayOnce(ctx, rec, 500); err == nil || sent != 0 {
		t.Fatalf("relay with the bus down: sent %d, err %v", sent, err)
	}
	if m, _ := db.PendingChanges(ctx); m != total-17 {
		t.Fatalf("after a failed batch %d changes wait, want %d", m, total-17)
	}
	rec.room = -1
	sent, err = db.RelayOnce(ctx, rec, 500)
	if err != nil || sent != total-17 {
		t.Fatalf("relayed %d of %d: %v", sent, total-17, err)
	}
	if m, _ := db.PendingChanges(ctx); m != 0 {
		t.Fatalf("%d changes left after relay", m)
	}
	if len(rec.got) != total {
		t.Fatalf("bus got %d changes, want %d", len(rec.got), total)
	}
	for i, c := range rec.got {
		if i > 0 && c.Seq <= rec.got[i-1].Seq {
			t.Fatalf("changes out of order or twice: %d after %d", c.Seq, rec.got[i-1].Seq)
		}
	}
}
