package main

import (
	"testing"
	"time"

	"meridian"
)

// TestDemoNetworks: as the demo's replay starts it plants cross-border
// records, and the linking worker proposes their links live: the
// analyst among the demo users (the coordinator) lists a proposed link
// between records of two countries, every demo user reads person records
// and finds notices in their inbox, the victims stay victims, and the
// NCB of Albania has an invitation to accept.
func TestDemoNetworks(t *testing.T) {
	if testing.Short() {
		t.Skip("replays the demo operation")
	}
	m, tokens := runDemo(t)
	as := func(user string) *client { return &client{t, m.URL, tokens[user]} }
	demoEventually(t, "a proposed cross-border link for the analyst", 2*time.Minute, func() bool {
		var l list[meridian.Link]
		as("coordinator").must(200, "GET", "/api/v1/links?state=proposed&limit=100", nil).decode(t, &l)
		for _, x := range l.Items {
			if !x.Restricted && x.State == meridian.LinkProposed && x.A.OwnerCountry != "" && x.B.OwnerCountry != "" &&
				x.A.OwnerCountry != x.B.OwnerCountry {
				return true
			}
		}
		return false
	})
	// The forged passport: one number on the records of two countries.
	demoEventually(t, "the forged passport proposed as one document", time.Minute, func() bool {
		var l list[meridian.Link]
		as("border.rs").must(200, "GET", "/api/v1/links?state=proposed&limit=100", nil).decode(t, &l)
		for _, x := range l.Items {
			if x.Relation == "same_document" && x.A.OwnerCountry != x.B.OwnerCountry {
				return true
			}
		}
		return false
	})
	for _, u := range demoUsers {
		var ps list[meridian.Person]
		as(u).must(200, "GET", "/api/v1/persons?limit=100", nil).decode(t, &ps)
		if len(ps.Items) == 0 {
			t.Errorf("%s reads no person record", u)
		}
		for _, p := range ps.Items {
			if p.Victim != nil && (p.Role != meridian.RoleVictim || p.Suspect != nil) {
				t.Errorf("a victim recorded as %s: %+v", p.Role, p)
			}
		}
		demoEventually(t, u+" has a notice", time.Minute, func() bool {
			var ns list[meridian.Notification]
			as(u).must(200, "GET", "/api/v1/notifications", nil).decode(t, &ns)
			return len(ns.Items) > 0
		})
	}
	var inv list[meridian.Participant]
	as("ncb.al").must(200, "GET", "/api/v1/invitations", nil).decode(t, &inv)
	if len(inv.Items) == 0 {
		t.Fatal("ncb.al has no invitation to accept")
	}
}
