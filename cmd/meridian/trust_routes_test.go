package main

import (
	"fmt"
	"strings"
	"testing"

	"meridian"
	"meridian/postgres/pgtest"
)

// routesScene is an operation of North Macedonia, Albania and Greece with
// reports of each release: shared with all participants, owner only, and
// listed to one country.
type routesScene struct {
	m                           *Main
	op                          meridian.Operation
	mk, al, gr                  *meridian.Agency
	mkAna, alAna, grAna, mkOff  *client
	coord, outsider             *client
	ownerOnly, listed, smallAll meridian.Event
}

func victims(n int, sex, band, nat, recruited, exploited, form string) map[string]any {
	return map[string]any{"count": n, "sex": sex, "age_band": band, "nationality": nat, "recruited_in": recruited,
		"exploited_in": exploited, "exploitation": []string{form}}
}

func newRoutesScene(t *testing.T) *routesScene { t.Helper(); return newRoutesSceneOn(t, Config{}) }

func newRoutesSceneOn(t *testing.T, cfg Config) *routesScene {
	t.Helper()
	m := MustRunMain(t, cfg)
	s := &routesScene{m: m}
	s.mk = mustAgency(t, m, "MK", "North Macedonia police")
	s.al = mustAgency(t, m, "AL", "Albania police")
	s.gr = mustAgency(t, m, "GR", "Hellenic police")
	lead := mustAgency(t, m, "FR", "INTERPOL")
	s.coord = &client{t, m.URL, mustToken(t, m, lead, "coord", meridian.RoleCoordinator)}
	s.mkAna = &client{t, m.URL, mustToken(t, m, s.mk, "analyst.mk", meridian.RoleAnalyst)}
	s.alAna = &client{t, m.URL, mustToken(t, m, s.al, "analyst.al", meridian.RoleAnalyst)}
	s.grAna = &client{t, m.URL, mustToken(t, m, s.gr, "analyst.gr", meridian.RoleAnalyst)}
	s.mkOff = &client{t, m.URL, mustToken(t, m, s.mk, "officer.mk", meridian.RoleOfficer)}
	s.outsider = &client{t, m.URL, mustToken(t, m, mustAgency(t, m, "IT", "Carabinieri"), "analyst.it", meridian.RoleAnalyst)}
	alOff := &client{t, m.URL, mustToken(t, m, s.al, "officer.al", meridian.RoleOfficer)}

	s.coord.must(201, "POST", "/api/v1/operations", map[string]any{"name": "Liberterra routes", "start": "2024-09-29", "end": "2024-10-04",
		"status": "planned", "countries": []string{"MK", "AL", "GR"}}).decode(t, &s.op)
	for _, c := range []string{"MK", "AL", "GR"} {
		if _, err := m.DB.AcceptInvitation(sys(), s.op.ID, meridian.ParticipantCountry, c); err != nil {
			t.Fatal(err)
		}
	}
	s.coord.must(200, "POST", "/api/v1/operations/"+s.op.ID+"/activate", nil)
	all := map[string]any{"scope": "all"}
	// Shared with every participant: 32 Albanian women exploited in North
	// Macedonia (the seed's raids), and 5 Ukrainians forced into fraud.
	s.mkOff.must(201, "POST", "/api/v1/events", rescueBody(s.op.ID, "MK", all,
		victims(20, "F", "18-24", "AL", "AL", "MK", "sexual_exploitation"),
		victims(12, "F", "25-34", "AL", "AL", "MK", "sexual_exploitation")))
	s.mkOff.must(201, "POST", "/api/v1/events", rescueBody(s.op.ID, "MK", all,
		victims(5, "F", "25-34", "UA", "UA", "MK", "online_fraud"))).decode(t, &s.smallAll)
	// Owner only: 3 Serbian victims.
	s.mkOff.must(201, "POST", "/api/v1/events", rescueBody(s.op.ID, "MK", map[string]any{"scope": "owner"},
		victims(3, "M", "12-17", "RS", "RS", "MK", "forced_begging"))).decode(t, &s.ownerOnly)
	// Albania's report, listed to North Macedonia: 14 Albanians (12 men,
	// 2 women) recruited at home and exploited in Italy.
	s.listed = meridian.Event{}
	alOff.must(201, "POST", "/api/v1/events", rescueBody(s.op.ID, "AL", map[string]any{"scope": "listed", "countries": []string{"MK"}},
		victims(12, "M", "25-34", "AL", "AL", "IT", "forced_labour"),
		victims(2, "F", "25-34", "AL", "AL", "IT", "forced_labour"))).decode(t, &s.listed)
	// 40 Syrians through Turkey and Greece, shared.
	s.mkOff.must(201, "POST", "/api/v1/events", map[string]any{"type": "migrants", "operation_id": s.op.ID,
		"occurred_at": "2024-10-02T03:00:00Z", "place": map[string]any{"country": "MK", "name": "Gevgelija"}, "release": all,
		"migrants": []map[string]any{{"count": 40, "nationality": "SY", "minors": 6, "route": []map[string]any{
			{"country": "SY", "role": "origin"}, {"country": "TR", "role": "transit"}, {"country": "GR", "role": "transit"},
			{"country": "MK", "role": "destination"}}}}})
	return s
}

type flowKey struct{ kind, nat, origin, transit, dest string }

// expectedFlows computes the flows of the reports a viewer lists through
// the records API (what it may read), split into its agency's part and
// other agencies': the figure the routes must equal.
func expectedFlows(t *testing.T, c *client, agency, operationID, sex string) (own, other map[flowKey]int64) {
	var evs list[meridian.Event]
	c.must(200, "GET", "/api/v1/events?limit=500&operation_id="+operationID, nil).decode(t, &evs)
	own, other = map[flowKey]int64{}, map[flowKey]int64{}
	for _, e := range evs.Items {
		to := other
		if e.OwnerAgency == agency {
			to = own
		}
		for _, v := range e.Victims {
			if sex != "" && string(v.Sex) != sex {
				continue
			}
			to[flowKey{"victims", v.Nationality, v.RecruitedIn, "", v.ExploitedIn}] += int64(v.Count)
		}
		for _, g := range e.Migrants {
			if sex != "" {
				continue // migrants' sex is not recorded
			}
			to[flowKey{"migrants", g.Nationality, "SY", "TR>GR", "MK"}] += int64(g.Count)
		}
	}
	return own, other
}

// TestRoutesAccessMatrix: every viewer's routes equal the flows of the
// reports it may read; a flow of its own agency's records alone is exact;
// no flow counting 1 to 10 people of other agencies is shown to anyone
// outside them; a view with a filter does not give a small group away by
// subtraction from the view without it; roles that do not analyse and
// agencies outside the operation are refused.
func TestRoutesAccessMatrix(t *testing.T) { routesAccessMatrix(t, newRoutesScene(t)) }

// TestRoutesAccessMatrixPostgres plays it on PostgreSQL.
func TestRoutesAccessMatrixPostgres(t *testing.T) {
	routesAccessMatrix(t, newRoutesSceneOn(t, Config{Postgres: pgtest.NewDatabase(t)}))
}

func routesAccessMatrix(t *testing.T, s *routesScene) {
	base := "/api/v1/analysis/routes?operation_id=" + s.op.ID
	for _, v := range []struct {
		name   string
		c      *client
		agency string
	}{{"MK", s.mkAna, s.mk.ID}, {"AL", s.alAna, s.al.ID}, {"GR", s.grAna, s.gr.ID}} {
		for _, sex := range []string{"", "F", "M"} {
			t.Run(v.name+"/sex="+sex, func(t *testing.T) {
				var r meridian.Routes
				v.c.must(200, "GET", base+"&sex="+sex, nil).decode(t, &r)
				own, other := expectedFlows(t, v.c, v.agency, s.op.ID, sex)
				seen := map[flowKey]bool{}
				for _, f := range r.Flows {
					if f.Kind == meridian.RouteInterceptions || f.Kind == meridian.RouteAlerts {
						continue
					}
					k := flowKey{f.Kind, f.Nationality, f.Origin, f.Transit, f.Destination}
					seen[k] = true
					if own[k]+other[k] == 0 {
						t.Errorf("flow %+v counts nothing the viewer may read", f)
						continue
					}
					if f.Suppressed {
						if f.N != 0 {
							t.Errorf("suppressed flow %+v shows a count", f)
						}
						continue
					}
					if f.N != own[k]+other[k] {
						t.Errorf("flow %+v: want %d (own %d, others %d)", f, own[k]+other[k], own[k], other[k])
					}
					if f.Own != (other[k] == 0) {
						t.Errorf("flow %+v: own %v, others count %d", f, f.Own, other[k])
					}
					if other[k] > 0 && other[k] < meridian.Suppression {
						t.Errorf("flow %+v shows %d people of other agencies to %s", f, other[k], v.name)
					}
				}
				for k, n := range other {
					if !seen[k] && n > 0 {
						t.Errorf("flow %+v of %d readable people missing", k, n)
					}
				}
				for k, n := range own {
					if !seen[k] && n > 0 {
						t.Errorf("own flow %+v of %d people missing", k, n)
					}
				}
			})
		}
	}

	t.Run("OwnerSeesItsSmallFlowsExactly", func(t *testing.T) {
		var r meridian.Routes
		s.mkAna.must(200, "GET", base+"&kind=victims", nil).decode(t, &r)
		got := map[string]meridian.Flow{}
		for _, f := range r.Flows {
			got[f.Nationality+">"+f.Destination] = f
		}
		if f := got["RS>MK"]; f.N != 3 || !f.Own || f.Suppressed {
			t.Fatalf("RS>MK for its owner: %+v", f)
		}
		if f := got["UA>MK"]; f.N != 5 || !f.Own {
			t.Fatalf("UA>MK for its owner: %+v", f)
		}
		// Albania's 14 reach North Macedonia (listed), 14 >= 11.
		if f := got["AL>IT"]; f.N != 14 || f.Own || f.Suppressed {
			t.Fatalf("AL>IT for North Macedonia: %+v", f)
		}
	})

	t.Run("OthersSeeNoSmallFlow", func(t *testing.T) {
		for _, c := range []*client{s.alAna, s.grAna} {
			r := c.must(200, "GET", base, nil)
			var routes meridian.Routes
			r.decode(t, &routes)
			for _, f := range routes.Flows {
				if f.Nationality == "RS" {
					t.Fatalf("an owner-only report's flow reaches another agency: %+v", f)
				}
				if f.Nationality == "UA" && !f.Suppressed {
					t.Fatalf("5 Ukrainians shown outside their owner: %+v", f)
				}
			}
			if strings.Contains(string(r.body), s.ownerOnly.ID) || strings.Contains(string(r.body), s.smallAll.ID) {
				t.Fatalf("routes name a report: %s", r.body)
			}
		}
		var gr meridian.Routes
		s.grAna.must(200, "GET", base, nil).decode(t, &gr)
		for _, f := range gr.Flows {
			if f.Destination == "IT" {
				t.Fatalf("a report listed to North Macedonia reaches Greece: %+v", f)
			}
		}
	})

	t.Run("NoSubtractionAcrossFilters", func(t *testing.T) {
		// Women only would show 2 Albanians in Italy by subtraction from
		// 14 if men only showed 12: it must not.
		var men meridian.Routes
		s.mkAna.must(200, "GET", base+"&sex=M", nil).decode(t, &men)
		for _, f := range men.Flows {
			if f.Nationality == "AL" && f.Destination == "IT" && !f.Suppressed {
				t.Fatalf("men only shows %+v, and with all sexes 14: the 2 women follow", f)
			}
		}
	})

	t.Run("ErrForbidden", func(t *testing.T) {
		mustProblem(t, s.mkOff.do("GET", base, nil), 403, "")
		mustProblem(t, s.outsider.do("GET", base, nil), 403, "")
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, q := range []string{"&from=yesterday", "&sex=Q", "&exploitation=nonsense", "&age_band=1-2", "&kind=boats",
			"&from=2024-10-03&to=2024-10-01"} {
			mustProblem(t, s.mkAna.do("GET", base+q, nil), 422, "")
		}
	})
	t.Run("TotalsSumTheFlowsShown", func(t *testing.T) {
		var r meridian.Routes
		s.alAna.must(200, "GET", base, nil).decode(t, &r)
		sum := map[string]int64{}
		for _, f := range r.Flows {
			sum[f.Kind] += f.N
		}
		if fmt.Sprint(sum) != fmt.Sprint(r.Totals) {
			t.Fatalf("totals %v, flows sum to %v", r.Totals, sum)
		}
	})
}
