package main

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"meridian"
	"meridian/postgres/pgtest"
)

// TestHitBurstRelayed: a batch of checks that all hit makes a burst of hit
// notifications; the outbox relay publishes them in pipelined batches
// (issue 10), and every one reaches the bus once, in outbox order, and
// the outbox drains. A transaction's new hits on one owner's records are
// one change naming them (sqldb noticeHit), without the hit itself: each
// hit is named once, and no change carries who was checked.
func TestHitBurstRelayed(t *testing.T) { hitBurstRelayed(t, MustRunMain(t, Config{})) }

// TestHitBurstRelayedPostgres is the same on PostgreSQL.
func TestHitBurstRelayedPostgres(t *testing.T) {
	hitBurstRelayed(t, MustRunMain(t, Config{Postgres: pgtest.NewDatabase(t)}))
}

func hitBurstRelayed(t *testing.T, m *Main) {
	a := mustAgency(t, m, "MK", "MoI Skopje")
	b := mustAgency(t, m, "AL", "State Police Tirana")
	owner := &client{t, m.URL, mustToken(t, m, a, "owner.officer", meridian.RoleOfficer)}
	checker := &client{t, m.URL, mustToken(t, m, b, "checker", meridian.RoleOfficer)}
	for _, name := range []string{"Dragan Petrović", "Olena Kovalenko", "Artan Krasniqi"} {
		owner.must(201, "POST", "/api/v1/watchlist/persons", watchPersonBody(name, "wanted", map[string]any{"scope": "owner"}))
	}

	var (
		mu  sync.Mutex
		got []*meridian.Change
	)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := m.Bus.Subscribe(ctx, meridian.ChangeSubjectPrefix+"hit.>", func(c *meridian.Change) {
		mu.Lock()
		got = append(got, c)
		mu.Unlock()
	}); err != nil {
		t.Fatal(err)
	}
	// received counts the hits the changes name.
	received := func() int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, c := range got {
			n += len(hitIDs(t, c))
		}
		return n
	}

	// The index follows the bus: wait until it finds the three.
	eventually(t, "the index to hold the watch persons", func() bool {
		var out checkResponse
		checker.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": "Artan Krasniqi"}).decode(t, &out)
		return out.Results[0].Hit
	})
	drained := func() bool {
		n, err := m.DB.PendingChanges(context.Background())
		return err == nil && n == 0
	}
	eventually(t, "the outbox to drain", drained)
	eventually(t, "the probes' hits on the bus", func() bool { return received() > 0 })
	base := received()

	var checks []map[string]any
	for i := range 900 {
		checks = append(checks, map[string]any{"name": []string{"Dragan Petrović", "Olena Kovalenko", "Artan Krasniqi"}[i%3]})
	}
	var out checkResponse
	checker.must(200, "POST", "/api/v1/checks/persons", map[string]any{"place_kind": "airport", "checks": checks}).decode(t, &out)
	hits := 0
	for _, r := range out.Results {
		hits += len(r.Hits)
		if !r.Hit {
			t.Fatal("a check of a listed name did not hit")
		}
	}
	if hits < 900 {
		t.Fatalf("the batch answered %d hits for 900 checks of listed names", hits)
	}
	eventually(t, "every hit notification on the bus", func() bool { return received() >= base+hits })
	eventually(t, "the outbox to drain", drained)

	mu.Lock()
	defer mu.Unlock()
	seen := map[int64]bool{}
	named := map[string]bool{}
	for _, r := range out.Results {
		for _, h := range r.Hits {
			named[h.Ref] = false
		}
	}
	created := 0
	for i, c := range got {
		if c.Action == meridian.ChangeCreated {
			for _, id := range hitIDs(t, c) {
				if done, ok := named[id]; ok {
					if done {
						t.Fatalf("hit %s named by two changes", id)
					}
					named[id] = true
				}
			}
			if strings.Contains(string(c.Data), "Krasniqi") || strings.Contains(string(c.Data), "airport") {
				t.Fatalf("a hit change carries the check itself: %s", c.Data)
			}
		}
		if seen[c.Seq] {
			t.Fatalf("change %d delivered twice", c.Seq)
		}
		seen[c.Seq] = true
		if i > 0 && c.Seq <= got[i-1].Seq {
			t.Fatalf("hit changes out of order: %d after %d", c.Seq, got[i-1].Seq)
		}
		if i >= base && c.Action == meridian.ChangeCreated {
			created += len(hitIDs(t, c))
		}
	}
	if created != hits {
		t.Fatalf("%d hit notifications created on the bus, want %d", created, hits)
	}
	for id, done := range named {
		if !done {
			t.Fatalf("hit %s answered but never announced on the bus", id)
		}
	}
}

// hitIDs returns the hits a hit change names.
func hitIDs(t *testing.T, c *meridian.Change) []string {
	if c.Action != meridian.ChangeCreated {
		return []string{c.RecordID}
	}
	var d meridian.HitIDs
	if err := json.Unmarshal(c.Data, &d); err != nil || len(d.IDs) == 0 || d.IDs[0] != c.RecordID {
		t.Fatalf("a hit change of %s names no hits: %s (%v)", c.RecordID, c.Data, err)
	}
	return d.IDs
}
