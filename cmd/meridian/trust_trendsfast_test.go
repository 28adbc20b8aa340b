package main

import (
	"testing"

	"meridian"
	"meridian/analysis"
)

// TestTrustTrendFacts: the trends are read from trend facts kept beside
// each report (migration 0028), and access is still decided on the
// report as it stands: when its owner narrows its release, moves its day
// or deletes it, another agency's trends follow at once, on both stores.
func TestTrustTrendFacts(t *testing.T) { onBothStores(t, testTrustTrendFacts) }

func testTrustTrendFacts(t *testing.T, cfg Config) {
	m := MustRunMain(t, cfg)
	mk, al := mustAgency(t, m, "MK", "North Macedonia police"), mustAgency(t, m, "AL", "Albania police")
	coord := &client{t, m.URL, mustToken(t, m, mustAgency(t, m, "FR", "INTERPOL"), "coord", meridian.RoleCoordinator)}
	owner := &client{t, m.URL, mustToken(t, m, mk, "officer.mk", meridian.RoleOfficer)}
	other := &client{t, m.URL, mustToken(t, m, al, "analyst.al", meridian.RoleAnalyst)}
	var op meridian.Operation
	coord.must(201, "POST", "/api/v1/operations", map[string]any{"name": "Trend facts", "start": "2024-09-29", "end": "2024-10-04",
		"status": "planned", "countries": []string{"MK", "AL"}}).decode(t, &op)
	for _, c := range []string{"MK", "AL"} {
		if _, err := m.DB.AcceptInvitation(sys(), op.ID, meridian.ParticipantCountry, c); err != nil {
			t.Fatal(err)
		}
	}
	coord.must(200, "POST", "/api/v1/operations/"+op.ID+"/activate", nil)
	b := rescueBody(op.ID, "MK", map[string]any{"scope": "all"}, victims(32, "F", "18-24", "AL", "AL", "MK", "sexual_exploitation"))
	b["occurred_at"] = "2024-09-30T10:00:00Z"
	var e struct{ ID string }
	owner.must(201, "POST", "/api/v1/events", b).decode(t, &e)

	// victimsOn is the victims in all on each day of the week as AL reads
	// them (0 when there is no series).
	victimsOn := func() map[string]int64 {
		t.Helper()
		var tr analysis.Trends
		other.must(200, "GET", "/api/v1/analysis/trends?operation="+op.ID+"&from=2024-09-30&to=2024-10-06", nil).decode(t, &tr)
		out := map[string]int64{}
		for _, s := range tr.Series {
			if s.Metric == analysis.SeriesVictims && s.Dimension == analysis.DimAll {
				for i, v := range s.Daily {
					if v == nil {
						t.Fatalf("a suppressed cell of 32 victims on %s", tr.Days[i])
					}
					if *v != 0 {
						out[string(tr.Days[i])] = *v
					}
				}
			}
		}
		return out
	}
	if got := victimsOn(); len(got) != 1 || got["2024-09-30"] != 32 {
		t.Fatalf("shared: AL reads %v, want 32 on 2024-09-30", got)
	}
	update := func(change func(ev map[string]any)) {
		t.Helper()
		var ev map[string]any
		owner.must(200, "GET", "/api/v1/events/"+e.ID, nil).decode(t, &ev)
		for _, k := range []string{"id", "owner_agency", "owner_country", "created_at", "created_by", "updated_at", "updated_by"} {
			delete(ev, k) // read-only
		}
		change(ev)
		owner.must(200, "PUT", "/api/v1/events/"+e.ID, ev)
	}
	update(func(ev map[string]any) { ev["release"] = map[string]any{"scope": "owner"} })
	if got := victimsOn(); len(got) != 0 {
		t.Fatalf("owner only: AL reads %v", got)
	}
	update(func(ev map[string]any) {
		ev["release"] = map[string]any{"scope": "all"}
		ev["occurred_at"] = "2024-10-02T08:00:00Z"
	})
	if got := victimsOn(); len(got) != 1 || got["2024-10-02"] != 32 {
		t.Fatalf("moved to 2024-10-02: AL reads %v", got)
	}
	owner.must(204, "DELETE", "/api/v1/events/"+e.ID, nil)
	if got := victimsOn(); len(got) != 0 {
		t.Fatalf("deleted: AL reads %v", got)
	}
}
