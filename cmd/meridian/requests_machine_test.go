package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"meridian"
	"meridian/postgres/pgtest"
	"meridian/worker"
)

// pathTo is the actions that bring a new draft to each state.
var pathTo = map[string][]string{
	meridian.RequestDraft:        nil,
	meridian.RequestSent:         {"send"},
	meridian.RequestAcknowledged: {"send", "acknowledge"},
	meridian.RequestAccepted:     {"send", "acknowledge", "accept"},
	meridian.RequestRefused:      {"send", "acknowledge", "refuse"},
	meridian.RequestPartial:      {"send", "acknowledge", "execute_partially"},
	meridian.RequestExecuted:     {"send", "acknowledge", "accept", "execute"},
	meridian.RequestWithdrawn:    {"withdraw"},
}

// TestRequestStateMachine takes every action from every state through
// HTTP, by the side whose action it is: the allowed ones succeed and land
// where the machine says, every other one is 409 naming the state and
// changes nothing.
func TestRequestStateMachine(t *testing.T) {
	w := newCaseWorld(t, Config{})
	allowed := map[string][]string{
		"draft":              {"send", "withdraw"},
		"sent":               {"withdraw", "acknowledge"},
		"acknowledged":       {"withdraw", "accept", "refuse", "execute_partially"},
		"accepted":           {"withdraw", "execute_partially", "execute"},
		"partially_executed": {"withdraw", "execute"},
		"refused":            nil, "executed": nil, "withdrawn": nil,
	}
	by := func(action string) *client {
		if meridian.TransitionOf(action).Requesting {
			return w.rsPro
		}
		return w.mkPro
	}
	for state, path := range pathTo {
		for _, tr := range meridian.Transitions {
			t.Run(state+"/"+tr.Action, func(t *testing.T) {
				r := w.draft(t, meridian.RequestEIO, eioFields())
				for _, a := range path {
					transit(t, by(a), 200, &r, a, "grounds")
				}
				if r.State != state {
					t.Fatalf("reached %s, want %s", r.State, state)
				}
				if slices.Contains(allowed[state], tr.Action) {
					transit(t, by(tr.Action), 200, &r, tr.Action, "grounds")
					if r.State != tr.To {
						t.Fatalf("%s from %s landed in %s", tr.Action, state, r.State)
					}
					return
				}
				if state == meridian.RequestDraft && !tr.Requesting {
					// The requested agency does not see a draft at all.
					by(tr.Action).must(404, "POST", "/api/v1/requests/"+r.ID+"/transitions", map[string]any{"action": tr.Action, "reason": "x", "version": r.Version})
					return
				}
				resp := by(tr.Action).must(409, "POST", "/api/v1/requests/"+r.ID+"/transitions", map[string]any{"action": tr.Action, "reason": "x", "version": r.Version})
				if want := fmt.Sprintf("cannot %s a request that is %s", tr.Action, state); !strings.Contains(string(resp.body), want) {
					t.Fatalf("the conflict says %s, want %q", resp.body, want)
				}
				var after meridian.Request
				w.rsPro.must(200, "GET", "/api/v1/requests/"+r.ID, nil).decode(t, &after)
				if after.State != state || after.Version != r.Version {
					t.Fatalf("a refused step changed the request: %s v%d", after.State, after.Version)
				}
			})
		}
	}
}

// TestRequestRemindersTwoInstances: two servers on one PostgreSQL
// database and one NATS server, both sweeping (and sweeping again) the
// same due deadlines at once: each reminder is queued once and delivered
// once, by one of the two.
func TestRequestRemindersTwoInstances(t *testing.T) {
	pg := pgtest.NewDatabase(t)
	natsURL := mustSharedNATS(t)
	data := t.TempDir()
	clock := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	var mu sync.Mutex
	queued := map[string]int{} // request id -> reminder changes seen
	start := func() *Main {
		t.Helper()
		m := &Main{Config: Config{Data: data, Postgres: pg, NATS: natsURL, Addr: "127.0.0.1:0", AdminCountry: "FR", LogLevel: "error"},
			RegisterWorkers: func(r *worker.Registry) error {
				return r.Register("test-reminders", worker.ReminderFilter, func(ctx context.Context, c *meridian.Change) error {
					var b meridian.ReminderBatch
					if err := json.Unmarshal(c.Data, &b); err != nil {
						return err
					}
					mu.Lock()
					for _, d := range b.Reminders {
						queued[d.RequestID]++
					}
					mu.Unlock()
					return nil
				})
			}}
		if err := m.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { m.Close() })
		m.DB.SetClock(clock.Now)
		return m
	}
	m1, m2 := start(), start()
	w := newCaseWorldOn(t, m1)
	const n = 40
	var ids []string
	for i := 0; i < n; i++ {
		r := w.draft(t, meridian.RequestPoliceInfo, map[string]string{"issuing_authority": "a", "contact": "b", "offence": "c",
			"purpose": "d", "information_sought": "e", "connection": "f"})
		transit(t, w.rsPro, 200, &r, "send", "")
		ids = append(ids, r.ID)
	}
	clock.Add(13 * time.Hour) // police information: acknowledge within 24 h, reminded 12 h before
	var wg sync.WaitGroup
	for _, m := range []*Main{m1, m2, m1, m2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				if _, err := m.DB.QueueRequestReminders(sys(), 7); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	reminders := func() int {
		var got int
		if err := m1.DB.SQL().QueryRow(`SELECT COUNT(*) FROM notifications WHERE kind = 'request_reminder'`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		return got
	}
	eventually(t, "every reminder delivered", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return reminders() >= n && len(queued) >= n
	})
	var left int
	if err := m1.DB.SQL().QueryRow(`SELECT COUNT(*) FROM request_deadlines WHERE kind = 'acknowledge' AND reminded_at = 0`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, id := range ids {
		if queued[id] != 1 {
			t.Errorf("request %s: its reminder queued %d times", id, queued[id])
		}
	}
	if got := reminders(); got != n || left != 0 {
		t.Fatalf("%d reminders for %d requests, %d deadlines not reminded", got, n, left)
	}
}
