package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"meridian"
	"meridian/postgres/pgtest"
)

// openInbox follows a user's inbox live and returns the notification ids
// as they arrive.
func openInbox(t *testing.T, c *client) <-chan string {
	t.Helper()
	ids := make(chan string, 100)
	if _, status := openEvents(t, c, "/api/v1/notifications/stream", "notification", func(data []byte) {
		var n struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(data, &n) == nil {
			ids <- n.ID
		}
	}); status != 200 {
		t.Fatalf("inbox stream: %d", status)
	}
	return ids
}

// linkScene is the acceptance's cast: an officer in Serbia, one in North
// Macedonia, an analyst (in the Netherlands) both release to, one (in
// Albania) only North Macedonia releases to, and an analyst of a third
// agency nothing is released to.
type linkScene struct {
	m               *Main
	rs, mk, nl, al  *meridian.Agency
	rsOff, mkOff    *client
	nlAna, alAna    *client
	outsider        *client
	suspect, named  meridian.Person
	raid            meridian.Event
	phone           string
	proposal        meridian.Link
	mkRelease       map[string]any
	rsRelease       map[string]any
	outsiderAgency  *meridian.Agency
	subscribedInbox <-chan string
}

func linkPerson(name, phone string, release map[string]any) map[string]any {
	return map[string]any{"role": "suspect", "names": []map[string]any{{"full": name}}, "birth_date": "1985-03-12", "sex": "M",
		"nationalities": []string{"RS"}, "identifiers": []map[string]any{{"kind": "phone", "value": phone}}, "release": release}
}

// newLinkScene plays the acceptance up to the proposal: the Serbian
// suspect, the Netherlands analyst following it live, then the Macedonian
// raid naming a person with the same phone.
func newLinkScene(t *testing.T) *linkScene { t.Helper(); return newLinkSceneOn(t, Config{}) }

// newLinkSceneOn plays it on a server configured by cfg.
func newLinkSceneOn(t *testing.T, cfg Config) *linkScene {
	t.Helper()
	m := MustRunMain(t, cfg)
	s := &linkScene{m: m, phone: "+381 64 123 4567"}
	s.rs = mustAgency(t, m, "RS", "Serbian Police")
	s.mk = mustAgency(t, m, "MK", "Macedonian Police")
	s.nl = mustAgency(t, m, "NL", "Dutch Police")
	s.al = mustAgency(t, m, "AL", "Albanian Police")
	s.outsiderAgency = mustAgency(t, m, "GR", "Hellenic Police")
	s.rsOff = &client{t, m.URL, mustToken(t, m, s.rs, "officer.rs", meridian.RoleOfficer)}
	s.mkOff = &client{t, m.URL, mustToken(t, m, s.mk, "officer.mk", meridian.RoleOfficer)}
	s.nlAna = &client{t, m.URL, mustToken(t, m, s.nl, "analyst.nl", meridian.RoleAnalyst)}
	s.alAna = &client{t, m.URL, mustToken(t, m, s.al, "analyst.al", meridian.RoleAnalyst)}
	s.outsider = &client{t, m.URL, mustToken(t, m, s.outsiderAgency, "analyst.gr", meridian.RoleAnalyst)}
	s.rsRelease = map[string]any{"scope": "listed", "countries": []string{"NL"}}
	s.mkRelease = map[string]any{"scope": "listed", "countries": []string{"NL", "AL"}}

	s.rsOff.must(201, "POST", "/api/v1/persons", linkPerson("Marko Petrovic", "+381641234567", s.rsRelease)).decode(t, &s.suspect)
	s.nlAna.must(200, "PUT", "/api/v1/subscriptions/record/"+s.suspect.ID, nil)
	s.subscribedInbox = openInbox(t, s.nlAna)

	start := time.Now()
	s.mkOff.must(201, "POST", "/api/v1/persons", linkPerson("Marko Petrovic", s.phone, s.mkRelease)).decode(t, &s.named)
	s.mkOff.must(201, "POST", "/api/v1/events", map[string]any{"type": "raid", "occurred_at": "2026-11-30T05:00:00Z",
		"place": map[string]any{"country": "MK", "name": "Gevgelija"}, "premises": "nightclub", "release": s.mkRelease,
		"persons": []map[string]any{{"person_id": s.named.ID, "role": "suspect"}}}).decode(t, &s.raid)

	// The notification reaches the browser's stream; the deadline only
	// keeps a broken stream from hanging the test (the latency is logged).
	select {
	case <-s.subscribedInbox:
		t.Logf("proposal notified on the live inbox %s after the second record's commit", time.Since(start))
	case <-time.After(10 * time.Second):
		t.Fatal("no notification on the live inbox")
	}
	var links list[meridian.Link]
	s.nlAna.must(200, "GET", "/api/v1/links?state=proposed&record_id="+s.suspect.ID, nil).decode(t, &links)
	if len(links.Items) != 1 {
		t.Fatalf("NL analyst sees %d proposals: %+v", len(links.Items), links.Items)
	}
	s.proposal = links.Items[0]
	// The raid's own change is linked too: it joins the person it names.
	eventually(t, "the raid linked to the person it names", func() bool {
		var cl meridian.Cluster
		s.mkOff.must(200, "GET", "/api/v1/records/"+s.named.ID+"/cluster", nil).decode(t, &cl)
		return len(cl.Records) == 2
	})
	return s
}

// TestLinksAcceptance is issue 12's end-to-end scenario.
func TestLinksAcceptance(t *testing.T) { linksAcceptance(t, newLinkScene(t)) }

// TestLinksAcceptancePostgres plays it on PostgreSQL.
func TestLinksAcceptancePostgres(t *testing.T) {
	linksAcceptance(t, newLinkSceneOn(t, Config{Postgres: pgtest.NewDatabase(t)}))
}

func linksAcceptance(t *testing.T, s *linkScene) {
	p := s.proposal

	t.Run("ReaderOfBothSeesEvidence", func(t *testing.T) {
		ends := []string{p.A.RecordID, p.B.RecordID}
		if p.Restricted || !slices.Contains(ends, s.suspect.ID) || !slices.Contains(ends, s.named.ID) || p.State != meridian.LinkProposed {
			t.Fatalf("proposal %+v", p)
		}
		var phone *meridian.LinkEvidence
		for i, e := range p.Evidence {
			if e.Kind == meridian.EvidenceKey && e.KeyType == meridian.KeyPhone {
				phone = &p.Evidence[i]
			}
		}
		if phone == nil || phone.A != "+381641234567" || p.Score <= 0 {
			t.Fatalf("no phone evidence in %+v", p.Evidence)
		}
		owners := []string{p.A.OwnerCountry, p.B.OwnerCountry}
		if !slices.Contains(owners, "RS") || !slices.Contains(owners, "MK") {
			t.Fatalf("owner countries %v", owners)
		}
	})

	t.Run("ReaderOfOneSeesContactTheOwner", func(t *testing.T) {
		var links list[meridian.Link]
		s.alAna.must(200, "GET", "/api/v1/links", nil).decode(t, &links)
		var got *meridian.Link
		for i, l := range links.Items {
			if l.Restricted && l.A.RecordID == s.named.ID {
				got = &links.Items[i]
			}
		}
		if got == nil || got.ID == p.ID || got.B.RecordID != "" {
			t.Fatalf("AL analyst sees %+v", links.Items)
		}
		// The reference is opaque (not the link's id, whose UUIDv7 tells
		// when it was made) and stands for the link's id.
		want := "possible link with a record of Serbian Police: contact them quoting " + got.Ref
		if got.Message != want || !meridian.IsLinkRef(got.Ref) || got.ID != got.Ref || got.OwnerAgency != "Serbian Police" {
			t.Fatalf("notice %q (ref %q, owner %q), want %q", got.Message, got.Ref, got.OwnerAgency, want)
		}
		raw := s.alAna.must(200, "GET", "/api/v1/links/"+got.Ref, nil).body
		for _, leak := range []string{s.suspect.ID, "evidence", "score", "state", "Marko", "+381", s.rs.ID, p.ID} {
			if strings.Contains(string(raw), leak) {
				t.Fatalf("restricted link shows %q: %s", leak, raw)
			}
		}
		// The Serbian owner is told that Albania was shown the link.
		eventually(t, "the Serbian owner told", func() bool {
			var ns list[meridian.Notification]
			s.rsOff.must(200, "GET", "/api/v1/notifications", nil).decode(t, &ns)
			for _, n := range ns.Items {
				if n.Kind == meridian.NoticeLinkShown && n.LinkID == got.Ref && n.ByAgency == s.al.ID && n.Agency {
					return true
				}
			}
			return false
		})
		var rsView meridian.Link
		s.rsOff.must(200, "GET", "/api/v1/links/"+p.ID, nil).decode(t, &rsView)
		if !rsView.Restricted || rsView.A.RecordID != s.suspect.ID || !strings.Contains(rsView.Message, "Macedonian Police") || rsView.Ref != got.Ref {
			t.Fatalf("the Serbian owner, who may not read the Macedonian record, sees %+v", rsView)
		}
	})

	t.Run("InboxAndSubscriptions", func(t *testing.T) {
		var ns list[meridian.Notification]
		s.nlAna.must(200, "GET", "/api/v1/notifications?unread=true", nil).decode(t, &ns)
		if len(ns.Items) != 1 || ns.Items[0].Kind != meridian.NoticeLinkProposed || ns.Items[0].LinkID != p.ID ||
			ns.Items[0].TargetKind != "record" || ns.Items[0].TargetID != s.suspect.ID {
			t.Fatalf("inbox %+v", ns.Items)
		}
		id := ns.Items[0].ID
		// Another user cannot mark it, as if it did not exist.
		mustProblem(t, s.alAna.do("POST", "/api/v1/notifications/"+id+"/read", nil), 404, "")
		s.nlAna.must(204, "POST", "/api/v1/notifications/"+id+"/read", nil)
		s.nlAna.must(200, "GET", "/api/v1/notifications?unread=true", nil).decode(t, &ns)
		if len(ns.Items) != 0 {
			t.Fatalf("unread after reading %+v", ns.Items)
		}
		var subs list[meridian.Subscription]
		s.nlAna.must(200, "GET", "/api/v1/subscriptions", nil).decode(t, &subs)
		if len(subs.Items) != 1 || subs.Items[0].TargetID != s.suspect.ID {
			t.Fatalf("subscriptions %+v", subs.Items)
		}
		s.nlAna.must(204, "DELETE", "/api/v1/subscriptions/record/"+s.suspect.ID, nil)
		s.nlAna.must(200, "GET", "/api/v1/subscriptions", nil).decode(t, &subs)
		if len(subs.Items) != 0 {
			t.Fatalf("subscriptions after unsubscribing %+v", subs.Items)
		}
	})

	t.Run("ConfirmedMakesACaseWithBothCountries", func(t *testing.T) {
		var judged meridian.Link
		s.nlAna.must(200, "POST", "/api/v1/links/"+p.ID+"/judgements", map[string]any{"decision": "confirmed",
			"reason": "same phone, same name and date of birth"}).decode(t, &judged)
		if judged.State != meridian.LinkConfirmed || judged.ClusterID == "" {
			t.Fatalf("judged %+v", judged)
		}
		var js list[meridian.Judgement]
		s.nlAna.must(200, "GET", "/api/v1/links/"+p.ID+"/judgements", nil).decode(t, &js)
		if len(js.Items) != 1 || js.Items[0].Decision != meridian.LinkConfirmed || js.Items[0].Agency != s.nl.ID || js.Items[0].Reason == "" {
			t.Fatalf("judgements %+v", js.Items)
		}
		// The raid joins the cluster through the person it names.
		var cl meridian.Cluster
		eventually(t, "the raid in the cluster", func() bool {
			s.nlAna.must(200, "GET", "/api/v1/records/"+s.suspect.ID+"/cluster", nil).decode(t, &cl)
			return len(cl.Records) == 3
		})
		for _, id := range []string{s.suspect.ID, s.named.ID, s.raid.ID} {
			if !slices.Contains(cl.Records, id) {
				t.Fatalf("cluster %+v lacks %s", cl, id)
			}
		}
		var c meridian.Case
		s.nlAna.must(201, "POST", "/api/v1/records/"+s.suspect.ID+"/cluster/case", map[string]any{"title": "Gevgelija network",
			"release": map[string]any{"scope": "listed", "countries": []string{"RS", "MK"}}}).decode(t, &c)
		if !slices.Contains(c.Countries, "RS") || !slices.Contains(c.Countries, "MK") || len(c.Records) != 3 {
			t.Fatalf("case %+v", c)
		}
		if !slices.Contains(c.Destinations, "MK") || !slices.Contains(c.Origins, "RS") {
			t.Fatalf("case route: origins %v transits %v destinations %v", c.Origins, c.Transits, c.Destinations)
		}
		var again meridian.Case
		s.nlAna.must(200, "GET", "/api/v1/cases/"+c.ID, nil).decode(t, &again)
		if !slices.Equal(again.Countries, c.Countries) {
			t.Fatalf("stored case %+v", again)
		}
		// FollowTheMoney: the entities and the links.
		r := s.nlAna.must(200, "GET", "/api/v1/cases/"+c.ID+"/export", nil)
		var schemas []string
		for _, line := range strings.Split(strings.TrimSpace(string(r.body)), "\n") {
			var e struct {
				ID     string `json:"id"`
				Schema string `json:"schema"`
			}
			if err := json.Unmarshal([]byte(line), &e); err != nil {
				t.Fatalf("export line %q: %v", line, err)
			}
			schemas = append(schemas, e.Schema)
		}
		slices.Sort(schemas)
		if !slices.Equal(schemas, []string{"Event", "Person", "Person", "UnknownLink", "UnknownLink"}) {
			t.Fatalf("export schemas %v:\n%s", schemas, r.body)
		}
	})

	t.Run("RejectedNotProposedAgain", func(t *testing.T) {
		s.nlAna.must(200, "POST", "/api/v1/links/"+p.ID+"/judgements", map[string]any{"decision": "rejected", "reason": "twins"})
		var cl meridian.Cluster
		s.nlAna.must(200, "GET", "/api/v1/records/"+s.suspect.ID+"/cluster", nil).decode(t, &cl)
		if len(cl.Records) != 1 {
			t.Fatalf("cluster after the rejection %+v", cl)
		}
		// The Macedonian record changes, with the same evidence: the worker
		// runs again and leaves the rejection alone.
		var cur meridian.Person
		s.mkOff.must(200, "GET", "/api/v1/persons/"+s.named.ID, nil).decode(t, &cur)
		upd := linkPerson("Marko Petrovic", s.phone, s.mkRelease)
		upd["version"], upd["notes"] = cur.Version, "seen again"
		runs := countRows(t, s.m, "link_runs")
		s.mkOff.must(200, "PUT", "/api/v1/persons/"+s.named.ID, upd)
		eventually(t, "the worker to link the update", func() bool { return countRows(t, s.m, "link_runs") > runs })
		var l meridian.Link
		s.nlAna.must(200, "GET", "/api/v1/links/"+p.ID, nil).decode(t, &l)
		if l.State != meridian.LinkRejected {
			t.Fatalf("rejected pair proposed again on the same evidence: %+v", l)
		}
		var js list[meridian.Judgement]
		s.nlAna.must(200, "GET", "/api/v1/links/"+p.ID+"/judgements", nil).decode(t, &js)
		if len(js.Items) != 2 {
			t.Fatalf("judgements %+v", js.Items)
		}
	})
}
