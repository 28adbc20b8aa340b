package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"meridian"
	"meridian/analysis"
)

// TestTrustTrends is the access matrix of the trends (issue 14, point 3):
// each viewer's figures equal the figures computed from the records they
// may read, no count of 1 to 10 people that includes another agency's
// record leaves, an outsider of the operation is refused, and the read is
// audited.
func TestTrustTrends(t *testing.T) {
	m := MustRunMain(t, Config{})
	mk, al := mustAgency(t, m, "MK", "North Macedonia police"), mustAgency(t, m, "AL", "Albania police")
	rs := mustAgency(t, m, "RS", "Serbia police")
	coord := &client{t, m.URL, mustToken(t, m, mustAgency(t, m, "FR", "INTERPOL"), "coord", meridian.RoleCoordinator)}
	ca := &client{t, m.URL, mustToken(t, m, mk, "analyst.mk", meridian.RoleAnalyst)}
	cb := &client{t, m.URL, mustToken(t, m, al, "officer.al", meridian.RoleOfficer)}
	cc := &client{t, m.URL, mustToken(t, m, rs, "analyst.rs", meridian.RoleAnalyst)}
	admin := &client{t, m.URL, mustToken(t, m, mk, "admin.mk", meridian.RoleAdmin)}

	var op meridian.Operation
	coord.must(201, "POST", "/api/v1/operations", map[string]any{"name": "Liberterra trends", "start": "2024-09-29", "end": "2024-10-04",
		"status": "planned", "countries": []string{"MK", "AL"}}).decode(t, &op)
	for _, c := range []string{"MK", "AL"} {
		if _, err := m.DB.AcceptInvitation(sys(), op.ID, meridian.ParticipantCountry, c); err != nil {
			t.Fatal(err)
		}
	}
	coord.must(200, "POST", "/api/v1/operations/"+op.ID+"/activate", nil)
	all, owner := map[string]any{"scope": "all"}, map[string]any{"scope": "owner"}
	rescue := func(c *client, country, at string, release map[string]any, victims ...map[string]any) {
		b := rescueBody(op.ID, country, release, victims...)
		b["occurred_at"] = at
		c.must(201, "POST", "/api/v1/events", b)
	}
	// MK: 32 shared, 4 of its own (scam compound, recruited online).
	rescue(ca, "MK", "2024-09-30T10:00:00Z", all, map[string]any{"count": 32, "sex": "F", "nationality": "AL", "exploitation": []string{"sexual_exploitation"},
		"recruited_in": "AL", "exploited_in": "MK"})
	rescue(ca, "MK", "2024-09-30T11:00:00Z", owner, map[string]any{"count": 4, "sex": "M", "nationality": "MK", "exploitation": []string{"scam_compound"},
		"recruitment": []string{"online job offer"}, "means_of_control": []string{"withholds_documents"}, "recruited_in": "MK", "exploited_in": "MM"})
	// AL: 3 and 20 shared, 2 of its own.
	rescue(cb, "AL", "2024-10-01T09:00:00Z", all, map[string]any{"count": 3, "nationality": "UA", "exploitation": []string{"online_fraud"}})
	rescue(cb, "AL", "2024-10-01T12:00:00Z", all, map[string]any{"count": 20, "nationality": "AL"})
	rescue(cb, "AL", "2024-10-02T12:00:00Z", owner, map[string]any{"count": 2, "nationality": "AL"})

	path := "/api/v1/analysis/trends?operation=" + op.ID + "&from=2024-09-29&to=2024-10-04"
	get := func(c *client) *analysis.Trends {
		var tr analysis.Trends
		c.must(200, "GET", path, nil).decode(t, &tr)
		return &tr
	}
	// at is a series' value on a day; ok false when suppressed.
	at := func(tr *analysis.Trends, s *analysis.Series, day string) (int64, bool) {
		i := slices.Index(tr.Days, meridian.Date(day))
		if i < 0 {
			t.Fatalf("no day %s in %v", day, tr.Days)
		}
		if s.Daily[i] == nil {
			return 0, false
		}
		return *s.Daily[i], true
	}
	find := func(tr *analysis.Trends, metric, dim, key string) *analysis.Series {
		for i := range tr.Series {
			if s := &tr.Series[i]; s.Metric == metric && s.Dimension == dim && s.Key == key {
				return s
			}
		}
		return nil
	}
	for _, v := range []struct {
		name   string
		c      *client
		agency string
	}{{"MK", ca, mk.ID}, {"AL", cb, al.ID}} {
		t.Run("Figures"+v.name, func(t *testing.T) {
			tr := get(v.c)
			// The records the viewer may read, through the API, and the
			// figures they give by day, in all and by country.
			var events []meridian.Event
			v.c.must(200, "GET", "/api/v1/events?operation_id="+op.ID+"&limit=100", nil).decode(t, &struct {
				Items *[]meridian.Event `json:"items"`
			}{&events})
			type cell struct {
				key string
				day int
			}
			want, foreign := map[cell]int64{}, map[cell]bool{}
			for _, e := range events {
				d := slices.Index(tr.Days, meridian.DateOf(e.OccurredAt))
				for _, k := range []string{"", e.Place.Country} {
					want[cell{k, d}] += int64(e.VictimCount())
					foreign[cell{k, d}] = foreign[cell{k, d}] || e.OwnerAgency != v.agency
				}
			}
			checked := 0
			for _, s := range tr.Series {
				if s.Metric != analysis.SeriesVictims || (s.Dimension != analysis.DimAll && s.Dimension != analysis.DimCountry) {
					continue
				}
				for d, p := range s.Daily {
					c := cell{s.Key, d}
					if p == nil {
						if want[c] >= meridian.Suppression || !foreign[c] && want[c] > 0 {
							t.Errorf("%s %s day %d suppressed, though it counts %d (foreign %v)", s.Dimension, s.Key, d, want[c], foreign[c])
						}
						continue
					}
					checked++
					if *p != want[c] {
						t.Errorf("%s %s day %d: %d, the readable records give %d", s.Dimension, s.Key, d, *p, want[c])
					}
				}
			}
			if checked == 0 {
				t.Fatal("no cell checked")
			}
		})
	}
	t.Run("NoSmallForeignCell", func(t *testing.T) {
		// Every cell of people an outsider to some record sees counts 0 or
		// at least 11, unless every record in it is the viewer's.
		trA, trB := get(ca), get(cb)
		for _, tc := range []struct {
			tr    *analysis.Trends
			owned map[string]int64 // the viewer's own victims by day
		}{{trA, map[string]int64{"2024-09-30": 4}}, {trB, map[string]int64{"2024-10-01": 23, "2024-10-02": 2}}} {
			if tc.tr.From != "2024-09-23" || tc.tr.To != "2024-10-06" {
				t.Errorf("period %s to %s, want whole weeks 2024-09-23 to 2024-10-06", tc.tr.From, tc.tr.To)
			}
			for _, s := range tc.tr.Series {
				if s.Metric != analysis.SeriesVictims {
					continue
				}
				for d, p := range s.Daily {
					if p != nil && *p > 0 && *p < meridian.Suppression && *p > tc.owned[string(tc.tr.Days[d])] {
						t.Errorf("%s %s %s on %s: %d shown", s.Metric, s.Dimension, s.Key, tc.tr.Days[d], *p)
					}
				}
			}
		}
		// MK does not see AL's 3 victims of online fraud (AL's, under 11),
		// nor AL MK's own scam compound, which MK sees whole.
		if s := find(trA, analysis.SeriesVictims, analysis.DimExploitation, "online_fraud"); s == nil {
			t.Error("no online fraud series")
		} else if n, ok := at(trA, s, "2024-10-01"); ok {
			t.Errorf("MK sees AL's %d victims of online fraud", n)
		}
		if s := find(trB, analysis.SeriesVictims, analysis.DimExploitation, "scam_compound"); s != nil {
			t.Errorf("AL sees MK's own record: %+v", s)
		}
		if s := find(trA, analysis.SeriesVictims, analysis.DimRecruitment, "internet"); s == nil {
			t.Error("no online recruitment series")
		} else if n, ok := at(trA, s, "2024-09-30"); !ok || n != 4 {
			t.Errorf("MK's own online recruitment: %d, %v", n, ok)
		}
		if s := find(trB, analysis.SeriesVictims, analysis.DimExploitation, "online_fraud"); s == nil {
			t.Error("no online fraud series")
		} else if n, ok := at(trB, s, "2024-10-01"); !ok || n != 3 {
			t.Errorf("AL's own online fraud: %d, %v", n, ok)
		}
	})
	t.Run("Periods", func(t *testing.T) {
		// Periods ending on different days give the same weeks with the
		// same cells: no difference of two requests is a hidden day.
		var a, b analysis.Trends
		ca.must(200, "GET", "/api/v1/analysis/trends?operation="+op.ID+"&from=2024-10-01&to=2024-10-02", nil).decode(t, &a)
		ca.must(200, "GET", "/api/v1/analysis/trends?operation="+op.ID+"&from=2024-09-30&to=2024-10-06", nil).decode(t, &b)
		ja, _ := json.Marshal(a.Series)
		jb, _ := json.Marshal(b.Series)
		if a.From != b.From || a.To != b.To || string(ja) != string(jb) {
			t.Errorf("periods differ: %s to %s %s; %s to %s %s", a.From, a.To, ja, b.From, b.To, jb)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		cc.must(403, "GET", path, nil)    // not a participant
		admin.must(403, "GET", path, nil) // administrators read no records
		admin.must(403, "GET", "/api/v1/analysis/trends?from=2024-09-29&to=2024-10-04", nil)
		// Without an operation, the outsider's trends count only what it
		// may read: nothing of this operation.
		var tr analysis.Trends
		cc.must(200, "GET", "/api/v1/analysis/trends?from=2024-09-29&to=2024-10-04", nil).decode(t, &tr)
		if len(tr.Series) != 0 {
			t.Errorf("outsider's series %+v", tr.Series)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		cb.must(422, "GET", "/api/v1/analysis/trends?from=2024-10-04&to=2024-09-29", nil)
		cb.must(422, "GET", "/api/v1/analysis/trends?from=2020-01-01&to=2024-09-29", nil)
		cb.must(422, "GET", "/api/v1/analysis/trends?from=yesterday&to=2024-09-29", nil)
	})
	t.Run("Audited", func(t *testing.T) {
		// One entry a read, naming the query (the figures name no record).
		entries, _, err := m.DB.FindAuditEntries(sys(), meridian.AuditFilter{Action: "analyse"})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(entries, func(e *meridian.AuditEntry) bool {
			return e.Username == "officer.al" && e.RecordKind == "trends" && strings.Contains(e.RecordID, "operation_id="+op.ID)
		}) {
			t.Error("no audit entry names AL's officer's trends query")
		}
	})
	t.Run("Table", func(t *testing.T) {
		body := cb.must(200, "GET", "/api/v1/analysis/trends/table?operation="+op.ID+"&from=2024-09-29&to=2024-10-04", nil)
		if !strings.Contains(string(body.body), "victims,all,,day") {
			t.Errorf("table %s", body.body)
		}
		t.Logf("%s", body.body)
	})
}
