package main

import (
	"testing"

	"meridian"
)

// TestTrustCheckCountsOwnAgency: outside any operation, GET /checks/counts
// listed every agency's checks and hits, day by day, to anyone signed in.
// Each agency now reads its own, administrators included (they read no
// operational figures).
func TestTrustCheckCountsOwnAgency(t *testing.T) {
	m := MustRunMain(t, Config{})
	rs := mustAgency(t, m, "RS", "Serbia police")
	mk := mustAgency(t, m, "MK", "North Macedonia police")
	serb := &client{t, m.URL, mustToken(t, m, rs, "serb", meridian.RoleOfficer)}
	mace := &client{t, m.URL, mustToken(t, m, mk, "mace", meridian.RoleOfficer)}
	admin := &client{t, m.URL, mustToken(t, m, rs, "counts-admin", meridian.RoleAdmin)}

	check := map[string]any{"name": "Nobody In Particular", "place_kind": "border_point", "country": "RS"}
	serb.must(200, "POST", "/api/v1/checks/persons", check)
	serb.must(200, "POST", "/api/v1/checks/persons", check)
	check["country"] = "MK"
	mace.must(200, "POST", "/api/v1/checks/persons", check)

	byAgency := func(c *client) map[string]int64 {
		var counts struct {
			Items []meridian.CheckCount `json:"items"`
		}
		c.must(200, "GET", "/api/v1/checks/counts", nil).decode(t, &counts)
		n := map[string]int64{}
		for _, x := range counts.Items {
			n[x.AgencyID] += x.Checks
		}
		return n
	}
	if got := byAgency(serb); len(got) != 1 || got[rs.ID] != 2 {
		t.Errorf("Serbia's officer reads counts %v, want only Serbia's 2", got)
	}
	if got := byAgency(mace); len(got) != 1 || got[mk.ID] != 1 {
		t.Errorf("North Macedonia's officer reads counts %v, want only its own 1", got)
	}
	if got := byAgency(admin); len(got) != 1 || got[rs.ID] != 2 {
		t.Errorf("Serbia's administrator reads counts %v, want only Serbia's 2", got)
	}
}
