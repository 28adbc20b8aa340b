package main

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"meridian"
	"meridian/postgres/pgtest"
)

// timelineOf reads a case's whole timeline as c, a page of size at a
// time, in order ("newest" or "oldest"), following the cursors.
func timelineOf(t *testing.T, c *client, caseID, order, kinds string, size int) []meridian.TimelineEntry {
	t.Helper()
	var all []meridian.TimelineEntry
	cursor := ""
	for range 1000 {
		q := url.Values{"order": {order}, "limit": {fmt.Sprint(size)}}
		if kinds != "" {
			q.Set("kind", kinds)
		}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var page list[meridian.TimelineEntry]
		c.must(200, "GET", "/api/v1/cases/"+caseID+"/timeline?"+q.Encode(), nil).decode(t, &page)
		all = append(all, page.Items...)
		if page.NextCursor == "" {
			return all
		}
		cursor = page.NextCursor
	}
	t.Fatal("the timeline does not end")
	return nil
}

func timelineKey(e meridian.TimelineEntry) string {
	return e.Kind + " " + e.ID + " " + e.Action + " " + e.At.String()
}

// TestCaseTimelineAccess is the timeline's access matrix: the lead, a
// prosecuting participant, an observer, an outsider, the lead's
// supervisor and a participant's; what each sees of the records, the
// requests and their threads, the outcomes and the audit entries; paging
// both ways; bad input named.
func TestCaseTimelineAccess(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) { testCaseTimelineAccess(t, Config{}) })
	t.Run("PostgreSQL", func(t *testing.T) { testCaseTimelineAccess(t, Config{Postgres: pgtest.NewDatabase(t)}) })
}

func testCaseTimelineAccess(t *testing.T, cfg Config) {
	w := newFollowupWorld(t, cfg)
	m := w.m
	rsCoord := &client{t, m.URL, mustToken(t, m, w.rs, "coord.rs", meridian.RoleCoordinator)}
	mkCoord := &client{t, m.URL, mustToken(t, m, w.mk, "coord.mk", meridian.RoleCoordinator)}
	base := "/api/v1/cases/" + w.kase

	// The French observer is taken in, its role changed back and forth:
	// the participants' history.
	w.rsPro.must(200, "PUT", base+"/participants/"+w.fr.ID, map[string]any{"role": "supporting"})
	w.rsPro.must(200, "PUT", base+"/participants/"+w.fr.ID, map[string]any{"role": "observer"})
	// A request between Serbia and North Macedonia, with a thread; a
	// message on the case; a stage; outcomes, one naming the suspect
	// (released to North Macedonia only).
	var r meridian.Request
	w.rsPro.must(201, "POST", "/api/v1/requests", map[string]any{"case_id": w.kase, "type": meridian.RequestEIO, "title": "EIO to Skopje",
		"to_agency_id": w.mk.ID, "fields": eioFields()}).decode(t, &r)
	transit(t, w.rsPro, 200, &r, "send", "")
	transit(t, w.mkPro, 200, &r, "acknowledge", "")
	w.mkPro.must(201, "POST", base+"/messages", map[string]any{"body": "thread: the bank records are ready", "request_id": r.ID})
	w.rsPro.must(201, "POST", base+"/messages", map[string]any{"body": "case: hearing set for March"})
	w.mkPro.must(201, "POST", base+"/stages", map[string]any{"stage": "prosecution", "date": "2026-01-10"})
	w.mkPro.must(201, "POST", base+"/outcomes", map[string]any{"kind": "charge", "date": "2026-01-12", "person_id": w.suspect, "legal_basis": "art. 418"})
	w.rsPro.must(201, "POST", base+"/outcomes", map[string]any{"kind": "victims_assisted", "date": "2026-01-05", "service": "shelter", "count": 3})
	// Each reads the case once, to leave audit entries by each agency.
	for _, c := range []*client{w.rsPro, w.mkPro, w.frObs} {
		c.must(200, "GET", base, nil)
	}

	kinds := func(es []meridian.TimelineEntry) map[string]int {
		n := map[string]int{}
		for _, e := range es {
			n[e.Kind]++
		}
		return n
	}
	has := func(es []meridian.TimelineEntry, ok func(meridian.TimelineEntry) bool) bool {
		return slices.ContainsFunc(es, ok)
	}

	t.Run("Lead", func(t *testing.T) {
		es := timelineOf(t, w.rsPro, w.kase, "oldest", "", 1000)
		n := kinds(es)
		if n["record"] != 2 || n["request"] != 2 || n["message"] != 2 || n["stage"] != 1 || n["outcome"] != 2 || n["participant"] != 4 {
			t.Fatalf("the lead's timeline %v", n)
		}
		if !has(es, func(e meridian.TimelineEntry) bool {
			return e.Kind == "request" && e.Action == "acknowledge" && e.AgencyID == w.mk.ID && e.To == "acknowledged"
		}) {
			t.Fatal("no acknowledgement from the receipts")
		}
		if !has(es, func(e meridian.TimelineEntry) bool { return e.Kind == "outcome" && e.PersonID == w.suspect }) {
			t.Fatal("the lead does not read the suspect charged")
		}
		if !has(es, func(e meridian.TimelineEntry) bool {
			return e.Kind == "participant" && e.ID == w.fr.ID && e.Action == "role" && e.Role == "supporting"
		}) {
			t.Fatal("no change of role")
		}
		// A prosecutor of the lead sees only its own audit entries.
		for _, e := range es {
			if e.Kind == "audit" && e.Username != "pro.rs" {
				t.Fatalf("the lead's prosecutor sees another's audit entry %+v", e)
			}
		}
		if n["audit"] == 0 {
			t.Fatal("no audit entries of one's own")
		}
		// In order, oldest first.
		for i := 1; i < len(es); i++ {
			if es[i].At.Before(es[i-1].At) {
				t.Fatalf("entry %d before %d", i, i-1)
			}
		}
	})

	t.Run("Paging", func(t *testing.T) {
		one := timelineOf(t, w.mkPro, w.kase, "newest", "", 1000)
		paged := timelineOf(t, w.mkPro, w.kase, "newest", "", 3)
		// Each read adds an entry (the read itself): compare what both
		// saw before the first read.
		var a, b []string
		for _, e := range one {
			if e.Kind != "audit" {
				a = append(a, timelineKey(e))
			}
		}
		for _, e := range paged {
			if e.Kind != "audit" {
				b = append(b, timelineKey(e))
			}
		}
		if !slices.Equal(a, b) {
			t.Fatalf("paged by 3:\n%v\none page:\n%v", b, a)
		}
		old := timelineOf(t, w.mkPro, w.kase, "oldest", "", 2)
		var c []string
		for _, e := range old {
			if e.Kind != "audit" {
				c = append(c, timelineKey(e))
			}
		}
		slices.Reverse(c)
		if !slices.Equal(a, c) {
			t.Fatalf("oldest first, reversed:\n%v\nnewest first:\n%v", c, a)
		}
		stages := timelineOf(t, w.mkPro, w.kase, "newest", "stage,outcome", 1)
		if n := kinds(stages); len(n) != 2 || n["stage"] != 1 || n["outcome"] != 2 {
			t.Fatalf("filtered by kind %v", n)
		}
	})

	t.Run("Participant", func(t *testing.T) {
		es := timelineOf(t, w.mkPro, w.kase, "newest", "", 100)
		if n := kinds(es); n["request"] != 2 || n["message"] != 2 || n["record"] != 2 {
			t.Fatalf("the requested agency's timeline %v", n)
		}
	})

	t.Run("Observer", func(t *testing.T) {
		es := timelineOf(t, w.frObs, w.kase, "newest", "", 100)
		n := kinds(es)
		// The records are released to North Macedonia only: not there,
		// not counted. The request and its thread are Serbia's and North
		// Macedonia's.
		if n["record"] != 0 || n["request"] != 0 || n["message"] != 1 || n["stage"] != 1 || n["outcome"] != 2 {
			t.Fatalf("the observer's timeline %v", n)
		}
		for _, e := range es {
			switch {
			case e.ID == w.suspect || e.ID == w.victim || e.PersonID != "" || e.ID == r.ID || e.RequestID != "":
				t.Fatalf("the observer reads %+v", e)
			case e.Kind == "message" && strings.Contains(e.Text, "thread"):
				t.Fatalf("the observer reads the request's thread %+v", e)
			case e.Kind == "audit" && e.Username != "off.fr":
				t.Fatalf("the observer sees another's audit entry %+v", e)
			}
		}
		if !has(es, func(e meridian.TimelineEntry) bool { return e.Kind == "outcome" && e.PersonHidden }) {
			t.Fatal("the charge is not marked as naming a person hidden")
		}
	})

	t.Run("Supervisors", func(t *testing.T) {
		// The lead's coordinator sees who accessed the case, of every
		// agency; North Macedonia's sees its own agency's entries.
		lead := timelineOf(t, rsCoord, w.kase, "newest", "audit", 1000)
		users := map[string]bool{}
		for _, e := range lead {
			users[e.Username] = true
		}
		if !users["pro.rs"] || !users["pro.mk"] || !users["off.fr"] {
			t.Fatalf("the lead's coordinator sees the entries of %v", users)
		}
		for _, e := range timelineOf(t, mkCoord, w.kase, "newest", "audit", 1000) {
			if e.AgencyID != w.mk.ID {
				t.Fatalf("North Macedonia's coordinator sees %+v", e)
			}
		}
	})

	t.Run("Outsider", func(t *testing.T) {
		a := w.deAna.must(404, "GET", base+"/timeline", nil)
		b := w.deAna.must(404, "GET", "/api/v1/cases/"+meridian.NewID()+"/timeline", nil)
		if string(a.body) != string(b.body) {
			t.Fatalf("an outsider tells the case from a missing one: %s / %s", a.body, b.body)
		}
	})

	t.Run("BadInput", func(t *testing.T) {
		if got := problemFields(t, w.rsPro.must(422, "GET", base+"/timeline?kind=stage,gossip", nil)); len(got) != 1 || !strings.Contains(got[0], "kind[1]") {
			t.Fatalf("an unknown kind names %v", got)
		}
		if got := problemFields(t, w.rsPro.must(422, "GET", base+"/timeline?cursor=x", nil)); len(got) != 1 || !strings.Contains(got[0], "cursor") {
			t.Fatalf("a bad cursor names %v", got)
		}
		w.rsPro.must(422, "GET", base+"/timeline?order=sideways", nil)
	})

	t.Run("Audited", func(t *testing.T) {
		entries, _, err := m.DB.FindAuditEntries(sys(), meridian.AuditFilter{RecordID: w.kase})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range entries {
			if e.Action == "read" && e.RecordKind == "case_timeline" && e.Username == "off.fr" {
				n++
			}
		}
		if n == 0 {
			t.Fatal("the observer's reads of the timeline are not audited")
		}
	})
}
