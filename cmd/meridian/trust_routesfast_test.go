package main

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"meridian"
	"meridian/postgres/pgtest"
	"meridian/sqldb"
)

// The routes are summed from totals kept per release scope (migration
// 0027). These tests hold the totals to the records: after a report's
// release changes, its content changes, it is deleted, or a participant
// leaves the operation, every viewer's flows still equal the flows of the
// reports it may read, and a period still counts only the reports inside
// it.

// flowsOf computes the flows of the reports c may read (through the
// records API) in [from, to) (zero: unbounded), of one operation or all.
func flowsOf(t *testing.T, c *client, operationID string, from, to time.Time) (total map[flowKey]int64) {
	t.Helper()
	var evs list[meridian.Event]
	c.must(200, "GET", "/api/v1/events?limit=500&operation_id="+operationID, nil).decode(t, &evs)
	total = map[flowKey]int64{}
	for _, e := range evs.Items {
		if !from.IsZero() && e.OccurredAt.Before(from) || !to.IsZero() && !e.OccurredAt.Before(to) {
			continue
		}
		for _, v := range e.Victims {
			total[flowKey{"victims", v.Nationality, v.RecruitedIn, "", v.ExploitedIn}] += int64(v.Count)
		}
		for _, g := range e.Migrants {
			total[flowKey{"migrants", g.Nationality, "SY", "TR>GR", "MK"}] += int64(g.Count)
		}
	}
	return total
}

// checkRoutes compares c's routes under query with the flows of what it
// may read: every flow shown equals them, every one is there (shown or
// suppressed), none counts what c may not read.
func checkRoutes(t *testing.T, name string, c *client, operationID, days string, from, to time.Time) map[flowKey]meridian.Flow {
	t.Helper()
	var r meridian.Routes
	c.must(200, "GET", "/api/v1/analysis/routes?operation_id="+operationID+days, nil).decode(t, &r)
	want := flowsOf(t, c, operationID, from, to)
	got := map[flowKey]meridian.Flow{}
	for _, f := range r.Flows {
		if f.Kind == meridian.RouteInterceptions || f.Kind == meridian.RouteAlerts {
			continue
		}
		k := flowKey{f.Kind, f.Nationality, f.Origin, f.Transit, f.Destination}
		got[k] = f
		if want[k] == 0 {
			t.Errorf("%s: flow %+v counts nothing the viewer may read", name, f)
		} else if !f.Suppressed && f.N != want[k] {
			t.Errorf("%s: flow %+v, want %d", name, f, want[k])
		}
	}
	for k, n := range want {
		if _, ok := got[k]; !ok {
			t.Errorf("%s: flow %+v of %d readable people missing", name, k, n)
		}
	}
	return got
}

// editEvent reads an event as its owner, lets edit change its JSON and
// stores it back.
func editEvent(t *testing.T, c *client, id string, edit func(map[string]any)) {
	t.Helper()
	var e map[string]any
	c.must(200, "GET", "/api/v1/events/"+id, nil).decode(t, &e)
	for _, k := range []string{"id", "owner_agency", "owner_country", "created_at", "created_by", "updated_at", "updated_by"} {
		delete(e, k)
	}
	edit(e)
	c.must(200, "PUT", "/api/v1/events/"+id, e)
}

func TestRoutesTotalsFollowAccess(t *testing.T) { routesTotalsFollowAccess(t, newRoutesScene(t)) }

func TestRoutesTotalsFollowAccessPostgres(t *testing.T) {
	routesTotalsFollowAccess(t, newRoutesSceneOn(t, Config{Postgres: pgtest.NewDatabase(t)}))
}

func routesTotalsFollowAccess(t *testing.T, s *routesScene) {
	alOff := &client{t, s.m.URL, mustToken(t, s.m, s.al, "officer2.al", meridian.RoleOfficer)}
	viewers := []struct {
		name string
		c    *client
	}{{"MK", s.mkAna}, {"AL", s.alAna}, {"GR", s.grAna}}
	day := func(d string) time.Time { x, _ := time.Parse("2006-01-02", d); return x }
	checkAll := func(step string) {
		t.Helper()
		for _, v := range viewers {
			checkRoutes(t, step+"/"+v.name+"/operation", v.c, s.op.ID, "", time.Time{}, time.Time{})
			checkRoutes(t, step+"/"+v.name+"/every operation", v.c, "", "", time.Time{}, time.Time{})
			// The rescues fall on 1 October, the migrants on 2 October.
			checkRoutes(t, step+"/"+v.name+"/2 October", v.c, s.op.ID, "&from=2024-10-02&to=2024-10-02", day("2024-10-02"), day("2024-10-03"))
			checkRoutes(t, step+"/"+v.name+"/to 1 October", v.c, "", "&to=2024-10-01", time.Time{}, day("2024-10-02"))
		}
	}
	checkAll("scene")

	// A store opened after migration 0027 computes the totals from the
	// stored cells: dropped and asked for again, they come back the same.
	for _, q := range []string{`DELETE FROM route_totals`, `DELETE FROM route_scope_releases`, `DELETE FROM route_scopes`,
		`INSERT INTO store_meta (key, value) VALUES ('route_totals_backfill', '')`} {
		if _, err := s.m.DB.SQL().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.m.DB.BackfillRouteTotals(context.Background()); err != nil {
		t.Fatal(err)
	}
	checkAll("rebuilt")

	aLtoIT := flowKey{"victims", "AL", "AL", "", "IT"}
	// Albania lists its report to Greece instead of North Macedonia: its 14
	// leave North Macedonia's routes and reach Greece's.
	editEvent(t, alOff, s.listed.ID, func(e map[string]any) {
		e["release"] = map[string]any{"scope": "listed", "countries": []string{"GR"}}
	})
	checkAll("relisted")
	if f, ok := checkRoutes(t, "relisted/MK", s.mkAna, s.op.ID, "", time.Time{}, time.Time{})[aLtoIT]; ok {
		t.Fatalf("a report no longer listed to North Macedonia still counts there: %+v", f)
	}
	// (Shown or suppressed with the 5 Ukrainians it would give away.)
	if _, ok := checkRoutes(t, "relisted/GR", s.grAna, s.op.ID, "", time.Time{}, time.Time{})[aLtoIT]; !ok {
		t.Fatal("the report listed to Greece is not in its routes")
	}

	// Then to its owner only: no one else counts it.
	editEvent(t, alOff, s.listed.ID, func(e map[string]any) { e["release"] = map[string]any{"scope": "owner"} })
	checkAll("owner only")
	if f, ok := checkRoutes(t, "owner only/GR", s.grAna, s.op.ID, "", time.Time{}, time.Time{})[aLtoIT]; ok {
		t.Fatalf("an owner-only report counts for Greece: %+v", f)
	}

	// North Macedonia's 5 Ukrainians become 12: shown to the others now.
	editEvent(t, s.mkOff, s.smallAll.ID, func(e map[string]any) {
		e["victims"].([]any)[0].(map[string]any)["count"] = 12
	})
	checkAll("recounted")
	if f := checkRoutes(t, "recounted/AL", s.alAna, s.op.ID, "", time.Time{}, time.Time{})[flowKey{"victims", "UA", "UA", "", "MK"}]; f.N != 12 || f.Suppressed {
		t.Fatalf("12 Ukrainians for Albania: %+v", f)
	}

	// The owner-only Serbian report is deleted: gone from its owner's routes.
	s.mkOff.must(204, "DELETE", "/api/v1/events/"+s.ownerOnly.ID, nil)
	checkAll("deleted")
	if f, ok := checkRoutes(t, "deleted/MK", s.mkAna, s.op.ID, "", time.Time{}, time.Time{})[flowKey{"victims", "RS", "RS", "", "MK"}]; ok {
		t.Fatalf("a deleted report still counts: %+v", f)
	}

	// Greece leaves the operation: the reports shared with its participants
	// leave Greece's routes of every operation at once.
	s.coord.must(200, "DELETE", "/api/v1/operations/"+s.op.ID+"/participants/country/GR", nil)
	checkRoutes(t, "left/GR", s.grAna, "", "", time.Time{}, time.Time{})
	var gr meridian.Routes
	s.grAna.must(200, "GET", "/api/v1/analysis/routes", nil).decode(t, &gr)
	if len(gr.Flows) != 0 {
		t.Fatalf("Greece, out of the operation, still sees flows: %+v", gr.Flows)
	}
	mustProblem(t, s.grAna.do("GET", "/api/v1/analysis/routes?operation_id="+s.op.ID, nil), 403, "")
}

// TestRoutesReadAudited: a routes read writes one audit entry, action
// "analyse" on "routes", naming the query; and when the entry cannot be
// written the figures do not leave.
func TestRoutesReadAudited(t *testing.T) {
	s := newRoutesScene(t)
	admin := &client{t, s.m.URL, mustToken(t, s.m, s.mk, "admin.mk", meridian.RoleAdmin)}
	from, _ := time.Parse("2006-01-02", "2024-09-30")
	q := sqldb.RoutesQuery(meridian.RouteFilter{OperationID: s.op.ID, From: from, To: from.AddDate(0, 0, 3), Sex: "F", Kind: "victims"})
	var before list[meridian.AuditEntry]
	admin.must(200, "GET", "/api/v1/audit?limit=1000&action=analyse", nil).decode(t, &before)

	s.mkAna.must(200, "GET", "/api/v1/analysis/routes?operation_id="+s.op.ID+"&from=2024-09-30&to=2024-10-02&sex=F&kind=victims", nil)
	var entries list[meridian.AuditEntry]
	admin.must(200, "GET", "/api/v1/audit?limit=1000&record_id="+url.QueryEscape(q), nil).decode(t, &entries)
	if len(entries.Items) != 1 {
		t.Fatalf("want one audit entry naming %q, got %+v", q, entries.Items)
	}
	if e := entries.Items[0]; e.Action != "analyse" || e.RecordKind != "routes" || e.Username != "analyst.mk" || len(e.Records) != 0 {
		t.Fatalf("audit entry %+v", e)
	}
	var after list[meridian.AuditEntry]
	admin.must(200, "GET", "/api/v1/audit?limit=1000&action=analyse", nil).decode(t, &after)
	if len(after.Items) != len(before.Items)+1 {
		t.Fatalf("one routes read wrote %d analyse entries", len(after.Items)-len(before.Items))
	}

	// No entry, no figures.
	s.m.DB.FailCommits(func(int) error { return errors.New("audit log unwritable") })
	r := s.mkAna.do("GET", "/api/v1/analysis/routes?operation_id="+s.op.ID, nil)
	s.m.DB.FailCommits(nil)
	if r.status < 500 {
		t.Fatalf("routes answered %d while their audit entry could not be written: %s", r.status, r.body)
	}
}
