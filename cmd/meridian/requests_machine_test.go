package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"meridian"
	"meridian/audit"
	"meridian/postgres"
	"meridian/postgres/pgtest"
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

// TestRequestRemindersTwoInstances: two stores on one PostgreSQL database
// sweep the same due deadlines at once, again and again: every reminder
// goes out exactly once.
func TestRequestRemindersTwoInstances(t *testing.T) {
	pg := pgtest.NewDatabase(t)
	clock := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	w := newCaseWorld(t, Config{Postgres: pg})
	w.m.DB.SetClock(clock.Now)
	key, err := audit.LoadOrCreateKey(w.m.Config.Data)
	if err != nil {
		t.Fatal(err)
	}
	other, err := postgres.Open(context.Background(), pg, key, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.SetClock(clock.Now)
	const n = 40
	for i := 0; i < n; i++ {
		r := w.draft(t, meridian.RequestPoliceInfo, map[string]string{"issuing_authority": "a", "contact": "b", "offence": "c",
			"purpose": "d", "information_sought": "e", "connection": "f"})
		transit(t, w.rsPro, 200, &r, "send", "")
	}
	clock.Add(13 * time.Hour) // police information: acknowledge within 24 h, reminded 12 h before
	var wg sync.WaitGroup
	for _, db := range []interface {
		SendRequestReminders(context.Context, int) (int, error)
	}{w.m.DB, other, w.m.DB, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				if _, err := db.SendRequestReminders(sys(), 7); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	var got int
	if err := w.m.DB.SQL().QueryRow(`SELECT COUNT(*) FROM notifications WHERE kind = 'request_reminder'`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	var left int
	if err := w.m.DB.SQL().QueryRow(`SELECT COUNT(*) FROM request_deadlines WHERE kind = 'acknowledge' AND reminded_at = 0`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if got != n || left != 0 {
		t.Fatalf("%d reminders for %d requests, %d deadlines not reminded", got, n, left)
	}
}
