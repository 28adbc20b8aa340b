package live_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"meridian"
	"meridian/live"
	"meridian/sqldb/sqldbtest"
)

// TestHits_Batch: a batch of checks whose hits outnumber a follower's
// buffer reaches the owner's national bureau as one notice naming them
// all (one change brought them), in order, and the follower stays
// subscribed: a notice a hit would overflow the buffer and drop it.
// Another agency's bureau hears nothing of them.
func TestHits_Batch(t *testing.T) {
	db, bus := MustOpenDB(t), MustOpenBus(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	t.Cleanup(func() { cancel(); <-done })
	go func() { defer close(done); db.Relay(ctx, bus, 20*time.Millisecond) }()
	hits := &live.Hits{Bus: bus, Logger: discard}
	if err := hits.Start(ctx); err != nil {
		t.Fatal(err)
	}
	w := sqldbtest.NewWorld(t, db)
	owner, err := hits.Follow(ctx, subject(w.A, meridian.RoleNCB))
	if err != nil {
		t.Fatal(err)
	}
	other, err := hits.Follow(ctx, subject(w.B, meridian.RoleNCB))
	if err != nil {
		t.Fatal(err)
	}
	var recs []meridian.CheckRecord
	var want []string
	for i := range 600 {
		ref := meridian.NewID()
		want = append(want, ref)
		recs = append(recs, meridian.CheckRecord{Kind: "person", Query: fmt.Sprint("name ", i), Hits: []meridian.CheckedHit{{
			Ref: ref, RecordID: fmt.Sprint("rec-", i%7), RecordKind: "watch_person", OwnerAgency: w.A.ID, Score: 0.9, Restricted: true}}})
	}
	if err := db.RecordChecks(sqldbtest.As(w.C), meridian.CheckContext{PlaceKind: "airport", Country: "RS"}, recs); err != nil {
		t.Fatal(err)
	}
	m, ok := next(t, owner, "hit")
	if !ok {
		t.Fatal("the owner's follower was dropped")
	}
	var n live.HitNotice
	if err := json.Unmarshal(m.Data, &n); err != nil {
		t.Fatal(err)
	}
	if n.Action != meridian.ChangeCreated || n.ID != want[0] || len(n.IDs) != len(want) {
		t.Fatalf("notice %s, %d ids; want the %d hits, the first as id", n.ID, len(n.IDs), len(want))
	}
	for i := range want {
		if n.IDs[i] != want[i] {
			t.Fatalf("notice id %d is %s, want %s", i, n.IDs[i], want[i])
		}
	}
	if hits.Followers() != 2 {
		t.Fatalf("%d followers after the batch, want 2", hits.Followers())
	}
	select {
	case m, ok := <-other:
		if ok {
			t.Fatalf("another agency's bureau was told: %s", m.Data)
		}
	case <-time.After(200 * time.Millisecond):
	}
}
