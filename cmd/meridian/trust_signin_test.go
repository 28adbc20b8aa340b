package main

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"testing"
	"time"

	"meridian"
	"meridian/auth"
	"meridian/postgres/pgtest"
	"meridian/sqldb"
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

// TestCredentialCacheHit: once verified, a token is taken from the
// instance's cache, not the store; a credential removed behind the cache's
// back (no change published) stops working when the entry's TTL ends; and
// with the bus subscription reported down the cache is not used at all.
func TestCredentialCacheHit(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "Agency A")
	c := &client{t, m.URL, mustToken(t, m, a, "officer.a", meridian.RoleOfficer)}
	c.must(200, "GET", "/api/v1/me", nil)
	before := m.DB.CredentialLookups()
	for range 5 {
		c.must(200, "GET", "/api/v1/me", nil)
	}
	if n := m.DB.CredentialLookups() - before; n != 0 {
		t.Fatalf("%d store lookups for a cached token, want 0", n)
	}

	// Deleted in the database without a change on the bus: the cache
	// holds it for at most its TTL.
	if _, err := m.DB.SQL().Exec(`DELETE FROM credentials WHERE token_hash = ?`, auth.HashToken(c.token)); err != nil {
		t.Fatal(err)
	}
	c.must(200, "GET", "/api/v1/me", nil)
	start := time.Now()
	m.DB.SetClock(func() time.Time { return time.Now().Add(time.Since(start) + sqldb.CredentialCacheTTL) })
	mustProblem(t, c.do("GET", "/api/v1/me", nil), 401, "")
	m.DB.SetClock(time.Now)

	// The bus subscription down: every request goes to the store.
	c2 := &client{t, m.URL, mustToken(t, m, a, "officer.b", meridian.RoleOfficer)}
	c2.must(200, "GET", "/api/v1/me", nil)
	m.DB.TrustCredentialCache(func() bool { return false })
	before = m.DB.CredentialLookups()
	for range 3 {
		c2.must(200, "GET", "/api/v1/me", nil)
	}
	if n := m.DB.CredentialLookups() - before; n != 3 {
		t.Fatalf("%d store lookups with the bus down, want 3", n)
	}
}

// TestCredentialCacheEvictedOnTwoInstances: a token revoked, a session
// logged out and an account disabled through instance 1 stop working on
// instance 2, whose cache held them, through the bus: the cache's TTL is
// longer than the test waits.
func TestCredentialCacheEvictedOnTwoInstances(t *testing.T) {
	pg := pgtest.NewDatabase(t)
	natsURL := mustSharedNATS(t)
	data := t.TempDir()
	m1 := MustRunMain(t, Config{Data: data, Postgres: pg, NATS: natsURL})
	m2 := MustRunMain(t, Config{Data: data, Postgres: pg, NATS: natsURL})
	a := mustAgency(t, m1, "MK", "Agency A")
	admin := &client{t, m1.URL, mustToken(t, m1, a, "admin.a", meridian.RoleAdmin)}
	id := mustUserID(t, m1, a, "officer.a", "a long enough passphrase", false, meridian.RoleOfficer)
	tok, err := m1.DB.CreateToken(meridian.WithSubject(context.Background(), &meridian.Subject{UserID: id}), id, "script")
	if err != nil {
		t.Fatal(err)
	}
	// cached warms instance 2's cache with r and checks it is a hit.
	cached := func(what string, r func() response) {
		t.Helper()
		if got := r(); got.status != 200 {
			t.Fatalf("%s: %d %s", what, got.status, got.body)
		}
		before := m2.DB.CredentialLookups()
		if got := r(); got.status != 200 || m2.DB.CredentialLookups() != before {
			t.Fatalf("%s: not served from instance 2's cache (%d)", what, got.status)
		}
	}

	// A token revoked on 1.
	on1 := &client{t, m1.URL, tok}
	var issued struct{ Token, ID string }
	on1.must(201, "POST", "/api/v1/me/tokens", map[string]any{"name": "second"}).decode(t, &issued)
	second := &client{t, m2.URL, issued.Token}
	cached("the second token", func() response { return second.do("GET", "/api/v1/me", nil) })
	on1.must(204, "DELETE", "/api/v1/me/tokens/"+issued.ID, nil)
	untilStatus(t, "the revoked token to fail on instance 2", 401, func() response { return second.do("GET", "/api/v1/me", nil) })

	// A session logged out on 1: the same cookie on 2 fails.
	b1 := newWebClient(t, m1.URL)
	b1.must(200, "POST", "/api/v1/login", map[string]string{"username": "officer.a", "password": "a long enough passphrase"})
	u1, _ := url.Parse(m1.URL)
	cookie := b1.hc.Jar.Cookies(u1)
	b2 := newWebClient(t, m2.URL)
	u2, _ := url.Parse(m2.URL)
	b2.hc.Jar.SetCookies(u2, cookie)
	cached("the session", func() response { return b2.do("GET", "/api/v1/me", nil) })
	b1.must(204, "POST", "/api/v1/logout", nil)
	untilStatus(t, "the logged-out session to fail on instance 2", 401, func() response { return b2.do("GET", "/api/v1/me", nil) })

	// An account disabled on 1: its cached session and token fail on
	// both instances.
	s1 := newWebClient(t, m1.URL)
	s1.must(200, "POST", "/api/v1/login", map[string]string{"username": "officer.a", "password": "a long enough passphrase"})
	s1.must(200, "GET", "/api/v1/me", nil)
	s2 := newWebClient(t, m2.URL)
	s2.must(200, "POST", "/api/v1/login", map[string]string{"username": "officer.a", "password": "a long enough passphrase"})
	cached("the session on 2", func() response { return s2.do("GET", "/api/v1/me", nil) })
	on2 := &client{t, m2.URL, tok}
	cached("the token on 2", func() response { return on2.do("GET", "/api/v1/me", nil) })
	admin.must(200, "PATCH", "/api/v1/users/"+id, map[string]any{"disabled": true})
	mustProblem(t, s1.do("GET", "/api/v1/me", nil), 401, "") // at once where it was disabled
	mustProblem(t, on1.do("GET", "/api/v1/me", nil), 401, "")
	untilStatus(t, "the disabled account's session to fail on instance 2", 401, func() response { return s2.do("GET", "/api/v1/me", nil) })
	untilStatus(t, "the disabled account's token to fail on instance 2", 401, func() response { return on2.do("GET", "/api/v1/me", nil) })

	// A change of roles reaches instance 2's cached subject.
	admin.must(200, "PATCH", "/api/v1/users/"+id, map[string]any{"disabled": false})
	s2.must(200, "POST", "/api/v1/login", map[string]string{"username": "officer.a", "password": "a long enough passphrase"})
	cached("the new session on 2", func() response { return s2.do("GET", "/api/v1/me", nil) })
	admin.must(200, "PATCH", "/api/v1/users/"+id, map[string]any{"roles": []string{"observer"}})
	eventually(t, "the new roles on instance 2", func() bool {
		var me struct{ Roles []string }
		s2.must(200, "GET", "/api/v1/me", nil).decode(t, &me)
		return len(me.Roles) == 1 && me.Roles[0] == "observer"
	})
}
