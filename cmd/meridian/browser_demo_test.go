package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"meridian"
)

// demoFast replays the demo at this speed in the tests: its first day in
// about fifteen seconds.
const demoFast = 288 * 20

// runDemo starts `serve --demo` replaying fast, and gives each demo user
// a password of the test's, so that they sign in without the forced
// change, and an API token.
func runDemo(t *testing.T) (*Main, map[string]string) {
	t.Helper()
	var out bytes.Buffer
	m := &Main{Config: Config{Data: t.TempDir(), Addr: "127.0.0.1:0", AdminCountry: "FR", LogLevel: "error", Demo: true},
		Stdout: &out, DemoSpeed: demoFast}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	users, _, err := m.DB.FindUsers(sys(), meridian.UserFilter{Page: meridian.Page{Limit: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	tokens := map[string]string{}
	for _, u := range users {
		for _, name := range demoUsers {
			if u.Username != name {
				continue
			}
			// A password reset is good once; the user then chooses theirs.
			once, err := m.DB.ResetPassword(sys(), u.ID, "")
			if err != nil {
				t.Fatal(err)
			}
			as := meridian.WithSubject(context.Background(), &meridian.Subject{UserID: u.ID, Username: u.Username, AgencyID: u.AgencyID, Roles: u.Roles, Addr: "test"})
			if _, err := m.DB.ChangePassword(as, once, demoTestPassword); err != nil {
				t.Fatal(err)
			}
			if tokens[name], err = m.DB.CreateToken(sys(), u.ID, "test"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(tokens) != len(demoUsers) {
		t.Fatalf("demo users %v, found %v", demoUsers, tokens)
	}
	return m, tokens
}

const demoTestPassword = "demo test password 1"

// demoEventually polls cond until it holds or the time runs out.
func demoEventually(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); !cond(); time.Sleep(250 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, d)
		}
	}
}

// TestDemoPassengers: within the demo's first simulated day (seconds
// here, minutes in `make run`) the border officer, the NCB, the officer
// and the coordinator each have alerts and flights to work, planted
// listed travellers hit the NCB's records, and the risk rules fire.
func TestDemoPassengers(t *testing.T) {
	if testing.Short() {
		t.Skip("replays the demo operation")
	}
	m, tokens := runDemo(t)
	type alert struct {
		ID      string `json:"id"`
		Reasons []struct {
			Kind string `json:"kind"`
		} `json:"reasons"`
	}
	count := func(user, path string) int {
		var l list[map[string]any]
		c := &client{t, m.URL, tokens[user]}
		c.must(200, "GET", path, nil).decode(t, &l)
		return len(l.Items)
	}
	for _, u := range []string{"border.rs", "ncb.al", "officer.mk", "coordinator"} {
		demoEventually(t, u+" has alerts and flights", 90*time.Second, func() bool {
			return count(u, "/api/v1/alerts") > 0 && count(u, "/api/v1/manifests") > 0
		})
	}
	demoEventually(t, "ncb.al has a hit in its inbox", 90*time.Second, func() bool { return count("ncb.al", "/api/v1/hits") > 0 })
	// The alerts of Serbia's border police: a listed traveller and the rules.
	var l list[alert]
	(&client{t, m.URL, tokens["border.rs"]}).must(200, "GET", "/api/v1/alerts?limit=100", nil).decode(t, &l)
	hits, flags := 0, 0
	for _, a := range l.Items {
		for _, r := range a.Reasons {
			switch r.Kind {
			case "watchlist":
				hits++
			case "rule":
				flags++
			}
		}
	}
	if hits == 0 || flags == 0 {
		t.Fatalf("alerts of border.rs: %d watchlist hits, %d rule flags, want both: %+v", hits, flags, l.Items)
	}
}
