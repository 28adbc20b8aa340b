package main

import (
	"fmt"
	"sync"
	"testing"

	"meridian"
	"meridian/postgres/pgtest"
)

// signInStorm signs n users in at once, twice each, and counts the
// answers by status.
func signInStorm(t *testing.T, m *Main, n int) map[int]int {
	t.Helper()
	a := mustAgency(t, m, "MK", "Storm")
	for i := range n {
		mustUserID(t, m, a, fmt.Sprintf("storm.%d", i), "a long enough passphrase", false, meridian.RoleOfficer)
	}
	var mu sync.Mutex
	got := map[int]int{}
	var wg sync.WaitGroup
	for i := range n {
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := newWebClient(t, m.URL).login(fmt.Sprintf("storm.%d", i), "a long enough passphrase")
				mu.Lock()
				got[r.status]++
				mu.Unlock()
				if r.status != 200 && r.status != 429 {
					t.Errorf("sign-in of storm.%d: %d %s", i, r.status, r.body)
				}
			}()
		}
	}
	wg.Wait()
	if got[200] == 0 {
		t.Fatalf("no sign-in succeeded: %v", got)
	}
	return got
}

// TestSignInUnderLoad: many sign-ins at once on one store never answer
// 503 "database unavailable"; each succeeds or, past the per-address
// throttle, is told to wait.
func TestSignInUnderLoad(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		got := signInStorm(t, MustRunMain(t, Config{}), 15)
		t.Logf("statuses: %v", got)
	})
	t.Run("postgres", func(t *testing.T) {
		got := signInStorm(t, MustRunMain(t, Config{Postgres: pgtest.NewDatabase(t)}), 15)
		t.Logf("statuses: %v", got)
	})
}

// untilStatus polls until do answers status: a change made on one
// instance reaches the others' credential caches through the bus.
func untilStatus(t *testing.T, what string, status int, do func() response) {
	t.Helper()
	eventually(t, what, func() bool {
		r := do()
		if r.status != status && r.status != 200 {
			t.Fatalf("%s: status %d: %s", what, r.status, r.body)
		}
		return r.status == status
	})
}
