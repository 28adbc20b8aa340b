package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"testing"
	"time"

	"meridian"
	"meridian/analysis"
	"meridian/postgres/pgtest"
	"meridian/sqldb"
)

// The trends are summed from counts kept per release scope and day
// (migration 0032). These tests hold them to the records: after a
// report's release changes, its count and day change, it is deleted, or a
// participant leaves the operation, every viewer's trends are exactly the
// trends computed (analysis.Build) from the reports it lists through the
// API, suppression and flags included; and every read is audited.

// trendsOf is what c's trends should be: analysis.Build over the reports
// c lists through the records API, for the viewer of agency agencyID.
func trendsOf(t *testing.T, c *client, agencyID, operationID string, q analysis.Query) *analysis.Trends {
	t.Helper()
	var evs list[meridian.Event]
	c.must(200, "GET", "/api/v1/events?limit=500&operation_id="+operationID, nil).decode(t, &evs)
	es := make([]*meridian.Event, len(evs.Items))
	for i := range evs.Items {
		es[i] = &evs.Items[i]
	}
	return analysis.Build(es, q, &meridian.Subject{AgencyID: agencyID}, time.Time{})
}

// checkTrends compares c's trends with those of what it may read.
func checkTrends(t *testing.T, name string, c *client, agencyID, operationID string) *analysis.Trends {
	t.Helper()
	q := analysis.Query{OperationID: operationID, From: "2024-09-30", To: "2024-10-06"}
	var got analysis.Trends
	c.must(200, "GET", "/api/v1/analysis/trends?operation="+operationID+"&from="+string(q.From)+"&to="+string(q.To), nil).decode(t, &got)
	want := trendsOf(t, c, agencyID, operationID, q)
	got.ComputedAt, want.ComputedAt = time.Time{}, time.Time{}
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	if string(gj) != string(wj) {
		t.Errorf("%s: trends\n%s\nwant (from the records listed)\n%s", name, gj, wj)
	}
	return &got
}

// victimsIn is a series' victims over the period (suppressed days count
// nothing), and whether it is there.
func victimsIn(tr *analysis.Trends, dim, key string) (int64, bool) {
	for _, s := range tr.Series {
		if s.Metric == analysis.SeriesVictims && s.Dimension == dim && s.Key == key {
			var n int64
			for _, v := range s.Daily {
				if v != nil {
					n += *v
				}
			}
			return n, true
		}
	}
	return 0, false
}

func TestTrendCountsFollowAccess(t *testing.T) { trendCountsFollowAccess(t, newRoutesScene(t)) }

func TestTrendCountsFollowAccessPostgres(t *testing.T) {
	trendCountsFollowAccess(t, newRoutesSceneOn(t, Config{Postgres: pgtest.NewDatabase(t)}))
}

func trendCountsFollowAccess(t *testing.T, s *routesScene) {
	alOff := &client{t, s.m.URL, mustToken(t, s.m, s.al, "officer2.al", meridian.RoleOfficer)}
	// An arrest and a raid of Albania's, shared, beside the scene's rescues
	// and migrants.
	for _, typ := range []string{"arrest", "raid"} {
		b := map[string]any{"type": typ, "operation_id": s.op.ID,
			"occurred_at": "2024-10-03T09:00:00Z", "place": map[string]any{"country": "AL", "name": "Durres"},
			"release": map[string]any{"scope": "all"}}
		if typ == "arrest" {
			b["charges"] = []map[string]any{{"code": "trafficking_in_human_beings"}}
		}
		alOff.must(201, "POST", "/api/v1/events", b)
	}
	viewers := []struct {
		name, agency string
		c            *client
	}{{"MK", s.mk.ID, s.mkAna}, {"AL", s.al.ID, s.alAna}, {"GR", s.gr.ID, s.grAna}}
	checkAll := func(step string) {
		t.Helper()
		for _, v := range viewers {
			checkTrends(t, step+"/"+v.name+"/operation", v.c, v.agency, s.op.ID)
			checkTrends(t, step+"/"+v.name+"/every operation", v.c, v.agency, "")
		}
	}
	checkAll("scene")
	if n, _ := victimsIn(checkTrends(t, "scene/MK", s.mkAna, s.mk.ID, s.op.ID), analysis.DimRoute, "AL>IT"); n != 14 {
		t.Fatalf("North Macedonia reads %d of the 14 victims Albania listed to it (AL>IT)", n)
	}

	// A store opened after migration 0032 computes the counts from the
	// stored facts: dropped and asked for again, they come back the same.
	for _, q := range []string{`DELETE FROM trend_counts`, `UPDATE trend_facts SET scope_id = NULL`,
		`INSERT INTO store_meta (key, value) VALUES ('trend_counts_backfill', '')`} {
		if _, err := s.m.DB.SQL().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.m.DB.BackfillTrendCounts(context.Background()); err != nil {
		t.Fatal(err)
	}
	checkAll("rebuilt")

	// Albania lists its report to Greece instead of North Macedonia.
	editEvent(t, alOff, s.listed.ID, func(e map[string]any) {
		e["release"] = map[string]any{"scope": "listed", "countries": []string{"GR"}}
	})
	checkAll("relisted")
	if _, ok := victimsIn(checkTrends(t, "relisted/MK", s.mkAna, s.mk.ID, s.op.ID), analysis.DimRoute, "AL>IT"); ok {
		t.Fatal("a report no longer listed to North Macedonia still counts there")
	}
	if _, ok := victimsIn(checkTrends(t, "relisted/GR", s.grAna, s.gr.ID, s.op.ID), analysis.DimRoute, "AL>IT"); !ok {
		t.Fatal("the report listed to Greece is not in its trends")
	}
	// Then to its owner only.
	editEvent(t, alOff, s.listed.ID, func(e map[string]any) { e["release"] = map[string]any{"scope": "owner"} })
	checkAll("owner only")

	// North Macedonia's 5 Ukrainians become 12, two days later.
	editEvent(t, s.mkOff, s.smallAll.ID, func(e map[string]any) {
		e["victims"].([]any)[0].(map[string]any)["count"] = 12
		e["occurred_at"] = "2024-10-03T10:00:00Z"
	})
	checkAll("recounted")
	if n, _ := victimsIn(checkTrends(t, "recounted/AL", s.alAna, s.al.ID, s.op.ID), analysis.DimRoute, "UA>MK"); n != 12 {
		t.Fatalf("Albania reads %d Ukrainians, want 12", n)
	}

	// The owner-only Serbian report is deleted.
	s.mkOff.must(204, "DELETE", "/api/v1/events/"+s.ownerOnly.ID, nil)
	checkAll("deleted")
	if _, ok := victimsIn(checkTrends(t, "deleted/MK", s.mkAna, s.mk.ID, s.op.ID), analysis.DimRoute, "RS>MK"); ok {
		t.Fatal("a deleted report still counts")
	}

	// Greece leaves the operation: the reports shared with the
	// operation's participants leave its trends of every operation at once.
	s.coord.must(200, "DELETE", "/api/v1/operations/"+s.op.ID+"/participants/country/GR", nil)
	if tr := checkTrends(t, "left/GR", s.grAna, s.gr.ID, ""); len(tr.Series) != 0 {
		t.Fatalf("Greece, out of the operation, still sees series: %+v", tr.Series)
	}
	mustProblem(t, s.grAna.do("GET", "/api/v1/analysis/trends?operation="+s.op.ID+"&from=2024-09-30&to=2024-10-06", nil), 403, "")
	for _, v := range viewers[:2] {
		checkTrends(t, "left/"+v.name, v.c, v.agency, s.op.ID)
	}
}

// TestTrendsReadAudited: a trends read writes one audit entry, action
// "analyse" on "trends", naming the query; and when the entry cannot be
// written the figures do not leave.
func TestTrendsReadAudited(t *testing.T) {
	s := newRoutesScene(t)
	admin := &client{t, s.m.URL, mustToken(t, s.m, s.mk, "admin.mk", meridian.RoleAdmin)}
	var before list[meridian.AuditEntry]
	admin.must(200, "GET", "/api/v1/audit?limit=1000&action=analyse", nil).decode(t, &before)

	s.mkAna.must(200, "GET", "/api/v1/analysis/trends?operation="+s.op.ID+"&from=2024-10-01&to=2024-10-02", nil)
	// The period widened to whole weeks, Monday 30 September to Monday 7 October.
	from := time.Date(2024, 9, 30, 0, 0, 0, 0, time.UTC)
	q := sqldb.TrendsQuery(s.op.ID, from, from.AddDate(0, 0, 7))
	var entries list[meridian.AuditEntry]
	admin.must(200, "GET", "/api/v1/audit?limit=1000&record_id="+url.QueryEscape(q), nil).decode(t, &entries)
	if len(entries.Items) != 1 {
		t.Fatalf("want one audit entry naming %q, got %+v", q, entries.Items)
	}
	if e := entries.Items[0]; e.Action != "analyse" || e.RecordKind != "trends" || e.Username != "analyst.mk" || len(e.Records) != 0 {
		t.Fatalf("audit entry %+v", e)
	}
	var after list[meridian.AuditEntry]
	admin.must(200, "GET", "/api/v1/audit?limit=1000&action=analyse", nil).decode(t, &after)
	if len(after.Items) != len(before.Items)+1 {
		t.Fatalf("one trends read wrote %d analyse entries", len(after.Items)-len(before.Items))
	}

	// No entry, no figures.
	s.m.DB.FailCommits(func(int) error { return errors.New("audit log unwritable") })
	r := s.mkAna.do("GET", "/api/v1/analysis/trends?operation="+s.op.ID+"&from=2024-10-01&to=2024-10-02", nil)
	s.m.DB.FailCommits(nil)
	if r.status < 500 {
		t.Fatalf("trends answered %d while their audit entry could not be written: %s", r.status, r.body)
	}
}
