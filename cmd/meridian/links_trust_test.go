package main

import (
	"slices"
	"strings"
	"testing"

	"meridian"
)

// TestLinksAccessMatrix plays the acceptance and then asks every route of
// links, judgements, clusters, cases, subscriptions, the inbox and the
// export as a reader of both ends, of one end, of neither and as an
// administrator: a reader of neither learns nothing (the same answers as
// for an unknown id, empty lists), a reader of one sees only its end and
// "contact the owner", and no filter tells anything of the end it may not
// read. Every read of a link is audited.
func TestLinksAccessMatrix(t *testing.T) {
	s := newLinkScene(t)
	p := s.proposal
	m := s.m
	admin := &client{t, m.URL, mustToken(t, m, s.nl, "admin.nl", meridian.RoleAdmin)}
	s.nlAna.must(200, "POST", "/api/v1/links/"+p.ID+"/judgements", map[string]any{"decision": "confirmed", "reason": "same phone"})
	var cl meridian.Cluster
	eventually(t, "the raid in the cluster", func() bool {
		s.nlAna.must(200, "GET", "/api/v1/records/"+s.suspect.ID+"/cluster", nil).decode(t, &cl)
		return len(cl.Records) == 3
	})
	var kase meridian.Case
	s.nlAna.must(201, "POST", "/api/v1/records/"+s.suspect.ID+"/cluster/case", map[string]any{"title": "Network"}).decode(t, &kase)
	unknown := meridian.NewID()

	for _, who := range []struct {
		name string
		c    *client
	}{{"Neither", s.outsider}, {"Administrator", admin}} {
		t.Run(who.name, func(t *testing.T) {
			c := who.c
			for _, q := range []string{"", "?state=proposed", "?state=confirmed", "?record_id=" + s.suspect.ID, "?record_id=" + s.named.ID,
				"?country_a=RS", "?country_a=RS&country_b=MK", "?min_score=0.1"} {
				if r := c.must(200, "GET", "/api/v1/links"+q, nil); strings.TrimSpace(string(r.body)) != `{"items":[]}` {
					t.Fatalf("GET /links%s: %s", q, r.body)
				}
			}
			for _, path := range []string{"/api/v1/links/%s", "/api/v1/links/%s/judgements", "/api/v1/records/%s/cluster",
				"/api/v1/records/%s/cluster/export", "/api/v1/cases/%s/export"} {
				ids := []string{p.ID}
				if strings.Contains(path, "records") {
					ids = []string{s.suspect.ID, s.named.ID, s.raid.ID}
				}
				if strings.Contains(path, "cases") {
					ids = []string{kase.ID}
				}
				for _, id := range ids {
					hidden := c.do("GET", strings.Replace(path, "%s", id, 1), nil)
					none := c.do("GET", strings.Replace(path, "%s", unknown, 1), nil)
					if hidden.status != 404 || !sameProblem(t, hidden, none) {
						t.Fatalf("GET %s: %d %s, unknown: %d %s", path, hidden.status, hidden.body, none.status, none.body)
					}
				}
			}
			judgements := countRows(t, m, "link_judgements")
			cases := countRows(t, m, "records")
			hidden := c.do("POST", "/api/v1/links/"+p.ID+"/judgements", map[string]any{"decision": "rejected"})
			none := c.do("POST", "/api/v1/links/"+unknown+"/judgements", map[string]any{"decision": "rejected"})
			if hidden.status != 404 || !sameProblem(t, hidden, none) {
				t.Fatalf("judging a hidden link: %d %s", hidden.status, hidden.body)
			}
			hidden = c.do("POST", "/api/v1/records/"+s.suspect.ID+"/cluster/case", map[string]any{"title": "Mine"})
			none = c.do("POST", "/api/v1/records/"+unknown+"/cluster/case", map[string]any{"title": "Mine"})
			if hidden.status != none.status || !sameProblem(t, hidden, none) {
				t.Fatalf("case from a hidden cluster: %d %s / %d %s", hidden.status, hidden.body, none.status, none.body)
			}
			hidden = c.do("PUT", "/api/v1/subscriptions/record/"+s.suspect.ID, nil)
			none = c.do("PUT", "/api/v1/subscriptions/record/"+unknown, nil)
			if hidden.status != 404 || !sameProblem(t, hidden, none) {
				t.Fatalf("subscribing to a hidden record: %d %s", hidden.status, hidden.body)
			}
			if countRows(t, m, "link_judgements") != judgements || countRows(t, m, "records") != cases {
				t.Fatal("a refused request stored something")
			}
			if r := c.must(200, "GET", "/api/v1/notifications", nil); strings.TrimSpace(string(r.body)) != `{"items":[]}` {
				t.Fatalf("inbox: %s", r.body)
			}
		})
	}

	t.Run("OneEnd", func(t *testing.T) {
		c := s.alAna
		// Filters on what only a reader of both ends sees, or naming the end
		// it may not read, find nothing.
		for _, q := range []string{"?state=confirmed", "?state=proposed", "?min_score=0.01", "?country_a=RS", "?country_a=MK",
			"?country_a=MK&country_b=RS", "?record_id=" + s.suspect.ID} {
			var links list[meridian.Link]
			c.must(200, "GET", "/api/v1/links"+q, nil).decode(t, &links)
			for _, l := range links.Items {
				if l.ID == p.ID || l.Restricted && l.A.RecordID == s.named.ID {
					t.Fatalf("GET /links%s lists the restricted link: %+v", q, l)
				}
			}
		}
		var links list[meridian.Link]
		c.must(200, "GET", "/api/v1/links?record_id="+s.named.ID, nil).decode(t, &links)
		var got *meridian.Link
		for i := range links.Items {
			if links.Items[i].Restricted && links.Items[i].A.RecordID == s.named.ID {
				got = &links.Items[i]
			}
		}
		if got == nil || !got.Restricted || got.State != "" || got.Score != 0 || len(got.Evidence) != 0 || got.ClusterID != "" {
			t.Fatalf("the reader of one end sees %+v", links.Items)
		}
		judgements := countRows(t, m, "link_judgements")
		mustProblem(t, c.do("POST", "/api/v1/links/"+p.ID+"/judgements", map[string]any{"decision": "rejected"}), 403, "")
		mustProblem(t, c.do("GET", "/api/v1/links/"+p.ID+"/judgements", nil), 403, "")
		if countRows(t, m, "link_judgements") != judgements {
			t.Fatal("a refused judgement was stored")
		}
		// The cluster as it sees it: the Macedonian records only.
		var mine meridian.Cluster
		c.must(200, "GET", "/api/v1/records/"+s.named.ID+"/cluster", nil).decode(t, &mine)
		if slices.Contains(mine.Records, s.suspect.ID) || len(mine.Records) != 2 || slices.Contains(mine.Links, p.ID) {
			t.Fatalf("cluster of the reader of one end %+v", mine)
		}
		// A case from it, and its export, hold nothing of the Serbian record.
		var k meridian.Case
		c.must(201, "POST", "/api/v1/records/"+s.named.ID+"/cluster/case", map[string]any{"title": "Ours"}).decode(t, &k)
		if slices.Contains(k.Records, s.suspect.ID) {
			t.Fatalf("case %+v", k)
		}
		for _, path := range []string{"/api/v1/cases/" + k.ID + "/export", "/api/v1/records/" + s.named.ID + "/cluster/export"} {
			body := string(c.must(200, "GET", path, nil).body)
			if strings.Contains(body, s.suspect.ID) || strings.Contains(body, p.ID) || !strings.Contains(body, s.named.ID) {
				t.Fatalf("%s shows the Serbian record or its link:\n%s", path, body)
			}
		}
		// Adding the Serbian record to its case is refused as unknown.
		mustProblem(t, c.do("POST", "/api/v1/cases/"+k.ID+"/records", map[string]any{"records": []string{s.suspect.ID}}), 422, "body.records[0]")
		// The Netherlands case is not its to read.
		mustProblem(t, c.do("GET", "/api/v1/cases/"+kase.ID+"/export", nil), 404, "")
	})

	t.Run("Audited", func(t *testing.T) {
		s.nlAna.must(200, "GET", "/api/v1/links/"+p.ID, nil)
		var entries list[meridian.AuditEntry]
		admin.must(200, "GET", "/api/v1/audit?record_id="+s.suspect.ID, nil).decode(t, &entries)
		found := false
		for _, e := range entries.Items {
			if e.Action == meridian.AuditRead && e.RecordKind == "link" && e.Username == "analyst.nl" {
				found = true
			}
		}
		if !found {
			t.Fatalf("the read of the link is not in the audit log: %+v", entries.Items)
		}
	})
}

// TestLinksBadInput sends what a user might get wrong: an unknown record,
// a judgement on a link one may not read, malformed bodies and filters.
// Each gets a clear error naming the field, and nothing is stored.
func TestLinksBadInput(t *testing.T) {
	s := newLinkScene(t)
	p := s.proposal
	m := s.m
	c := s.nlAna
	unknown := meridian.NewID()
	tables := []string{"link_judgements", "records", "subscriptions", "cluster_members", "notifications"}
	before := map[string]int{}
	for _, tb := range tables {
		before[tb] = countRows(t, m, tb)
	}
	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		field              string
	}{
		{"JudgeUnknownLink", "POST", "/api/v1/links/" + unknown + "/judgements", map[string]any{"decision": "confirmed"}, 404, ""},
		{"JudgeMalformedID", "POST", "/api/v1/links/nope/judgements", map[string]any{"decision": "confirmed"}, 404, ""},
		{"JudgeUnknownDecision", "POST", "/api/v1/links/" + p.ID + "/judgements", map[string]any{"decision": "maybe"}, 422, "body.decision"},
		{"JudgeNoDecision", "POST", "/api/v1/links/" + p.ID + "/judgements", map[string]any{"reason": "x"}, 422, "body.decision"},
		{"JudgeUnknownField", "POST", "/api/v1/links/" + p.ID + "/judgements", map[string]any{"decision": "confirmed", "score": 1}, 422, "body.score"},
		{"JudgeTruncatedBody", "POST", "/api/v1/links/" + p.ID + "/judgements", `{"decision":`, 400, ""},
		{"JudgeLongReason", "POST", "/api/v1/links/" + p.ID + "/judgements", map[string]any{"decision": "confirmed", "reason": strings.Repeat("x", 2001)}, 422, "body.reason"},
		{"ListUnknownState", "GET", "/api/v1/links?state=maybe", nil, 422, "query.state"},
		{"ListScoreOutOfRange", "GET", "/api/v1/links?min_score=2", nil, 422, "query.min_score"},
		{"ListUnknownCountry", "GET", "/api/v1/links?country_a=XX", nil, 422, "query.country_a"},
		{"ListMalformedRecord", "GET", "/api/v1/links?record_id=nope", nil, 422, "query.record_id"},
		{"ListMalformedCursor", "GET", "/api/v1/links?cursor=nope", nil, 422, "query.cursor"},
		{"ClusterUnknownRecord", "GET", "/api/v1/records/" + unknown + "/cluster", nil, 404, ""},
		{"CaseFromUnknownRecord", "POST", "/api/v1/records/" + unknown + "/cluster/case", map[string]any{"title": "X"}, 404, ""},
		{"CaseFromClusterNoTitle", "POST", "/api/v1/records/" + s.suspect.ID + "/cluster/case", map[string]any{}, 422, "body.title"},
		{"SubscribeUnknownKind", "PUT", "/api/v1/subscriptions/person/" + s.suspect.ID, nil, 422, "path.kind"},
		{"SubscribeUnknownRecord", "PUT", "/api/v1/subscriptions/record/" + unknown, nil, 404, ""},
		{"SubscribeUnknownOperation", "PUT", "/api/v1/subscriptions/operation/" + unknown, nil, 404, ""},
		{"UnsubscribeNotFollowed", "DELETE", "/api/v1/subscriptions/case/" + unknown, nil, 404, ""},
		{"ReadUnknownNotification", "POST", "/api/v1/notifications/" + unknown + "/read", nil, 404, ""},
		{"AddUnknownRecordToUnknownCase", "POST", "/api/v1/cases/" + unknown + "/records", map[string]any{"records": []string{s.suspect.ID}}, 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mustProblem(t, c.do(tc.method, tc.path, tc.body), tc.status, tc.field)
		})
	}
	for _, tb := range tables {
		if n := countRows(t, m, tb); n != before[tb] {
			t.Fatalf("%s: %d rows after refused requests, %d before", tb, n, before[tb])
		}
	}

	t.Run("AddRecordsToCase", func(t *testing.T) {
		var k meridian.Case
		c.must(201, "POST", "/api/v1/cases", map[string]any{"title": "Empty"}).decode(t, &k)
		for _, body := range []map[string]any{
			{"records": []string{"nope"}},
			{"records": []string{unknown}},
			{"records": []string{s.suspect.ID, unknown}},
		} {
			p := mustProblem(t, c.do("POST", "/api/v1/cases/"+k.ID+"/records", body), 422, "")
			if !strings.Contains(string(mustJSONOf(t, p)), "records[") {
				t.Fatalf("problem does not name the record: %+v", p)
			}
		}
		mustProblem(t, c.do("POST", "/api/v1/cases/"+k.ID+"/records", map[string]any{"records": []string{}}), 422, "body.records")
		var again meridian.Case
		c.must(200, "GET", "/api/v1/cases/"+k.ID, nil).decode(t, &again)
		if again.Version != k.Version || len(again.Records) != 0 {
			t.Fatalf("a refused addition changed the case: %+v", again)
		}
		var added meridian.Case
		c.must(200, "POST", "/api/v1/cases/"+k.ID+"/records", map[string]any{"records": []string{s.suspect.ID, s.raid.ID}}).decode(t, &added)
		if len(added.Records) != 2 || !slices.Contains(added.Countries, "MK") || !slices.Contains(added.Countries, "RS") {
			t.Fatalf("added %+v", added)
		}
	})
}

func mustJSONOf(t *testing.T, v any) []byte {
	t.Helper()
	b, err := jsonMarshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
