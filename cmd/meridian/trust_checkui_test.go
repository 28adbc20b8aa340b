package main

import (
	"bufio"
	"context"
	"encoding/json"
	nethttp "net/http"
	"strings"
	"testing"
	"time"

	"meridian"
	"meridian/live"
	"meridian/mrz"
	"meridian/postgres/pgtest"
)

// hitStream reads GET /hits/stream as one user.
type hitStream struct {
	notices chan live.HitNotice
	ended   <-chan struct{}
}

// openEvents follows the Server-Sent Events stream at path as c, handing
// the data of each event named event to each; the channel closes when the
// stream ends. A refusal returns its status and no channel.
func openEvents(t *testing.T, c *client, path, event string, each func(data []byte)) (<-chan struct{}, int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := nethttp.NewRequestWithContext(ctx, "GET", c.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "text/event-stream")
	res, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 {
		res.Body.Close()
		return nil, res.StatusCode
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("%s content type %q", path, res.Header.Get("Content-Type"))
	}
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		var name string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && name == event:
				each([]byte(strings.TrimPrefix(line, "data: ")))
			}
		}
	}()
	return ended, 200
}

// openHitStream opens the stream and returns it, or the refusal's status.
func openHitStream(t *testing.T, c *client) (*hitStream, int) {
	t.Helper()
	s := &hitStream{notices: make(chan live.HitNotice, 100)}
	ended, status := openEvents(t, c, "/api/v1/hits/stream", "hit", func(data []byte) {
		var n live.HitNotice
		if json.Unmarshal(data, &n) == nil {
			s.notices <- n
		}
	})
	if status != 200 {
		return nil, status
	}
	s.ended = ended
	return s, 200
}

// next waits for the next notice; the deadline only keeps a broken stream
// from hanging the test.
func (s *hitStream) next(t *testing.T, what string) live.HitNotice {
	t.Helper()
	select {
	case n := <-s.notices:
		return n
	case <-s.ended:
		t.Fatalf("%s: the stream ended", what)
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: no notice", what)
	}
	return live.HitNotice{}
}

// userWithToken creates a user and an API token, returning both.
func userWithToken(t *testing.T, m *Main, a *meridian.Agency, username string, roles ...meridian.Role) (*meridian.User, *client) {
	t.Helper()
	u := &meridian.User{AgencyID: a.ID, Username: username, Name: username, Roles: roles}
	if err := m.DB.CreateUser(sys(), u, ""); err != nil {
		t.Fatal(err)
	}
	tok, err := m.DB.CreateToken(sys(), u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	return u, &client{t, m.URL, tok}
}

// TestHitsForTheBrowser: what the check and hits screens rely on. The
// owner's NCB is told of a hit live, and no one else is; the checker
// reads the owner's answer (status and note) and nothing of a restricted
// record nor who answered; hits carry their real time; the inbox lists
// the newest first; an MRZ is read by the server's parser.
func TestHitsForTheBrowser(t *testing.T) { hitsForTheBrowser(t, MustRunMain(t, Config{})) }

// TestHitsForTheBrowserPostgres is the same on PostgreSQL.
func TestHitsForTheBrowserPostgres(t *testing.T) {
	hitsForTheBrowser(t, MustRunMain(t, Config{Postgres: pgtest.NewDatabase(t)}))
}

func hitsForTheBrowser(t *testing.T, m *Main) {
	a := mustAgency(t, m, "MK", "MoI Skopje")
	b := mustAgency(t, m, "AL", "State Police Tirana")
	ownerOfficer := &client{t, m.URL, mustToken(t, m, a, "owner.officer", meridian.RoleOfficer)}
	ncbUser, ownerNCB := userWithToken(t, m, a, "owner.ncb", meridian.RoleNCB)
	otherNCB := &client{t, m.URL, mustToken(t, m, b, "other.ncb", meridian.RoleNCB)}
	checker := &client{t, m.URL, mustToken(t, m, b, "checker", meridian.RoleOfficer)}
	admin := &client{t, m.URL, mustToken(t, m, a, "admin.a", meridian.RoleAdmin)}

	var w meridian.WatchPerson
	ownerOfficer.must(201, "POST", "/api/v1/watchlist/persons", watchPersonBody("Dragan Petrović", "wanted", map[string]any{"scope": "owner"})).decode(t, &w)
	// B's own record, hit by A's officer, is B's NCB's business only.
	otherOfficer := &client{t, m.URL, mustToken(t, m, b, "other.officer", meridian.RoleOfficer)}
	otherOfficer.must(201, "POST", "/api/v1/watchlist/persons", watchPersonBody("Olena Kovalenko", "missing", map[string]any{"scope": "owner"}))

	// Only an NCB follows hits; an officer of the owner agency is refused.
	if _, status := openHitStream(t, ownerOfficer); status != 403 {
		t.Fatalf("an officer opens the hit stream: %d, want 403", status)
	}
	if _, status := openHitStream(t, admin); status != 403 {
		t.Fatalf("an administrator opens the hit stream: %d, want 403", status)
	}
	streamA, _ := openHitStream(t, ownerNCB)
	streamB, _ := openHitStream(t, otherNCB)
	eventually(t, "both followers registered", func() bool { return m.HitFeed.Followers() == 2 })

	check := func(c *client, name string) meridian.CheckResult {
		t.Helper()
		var out checkResponse
		c.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": name, "birth_date": "1975-02-14",
			"place_kind": "border_point", "place": "Qafë Thanë", "reason": "routine exit check"}).decode(t, &out)
		return out.Results[0]
	}
	var r meridian.CheckResult
	eventually(t, "the new entry in the index", func() bool { r = check(checker, "Dragan Petrovic"); return r.Hit })
	ref := r.Hits[0].Ref
	if !r.Hits[0].Restricted {
		t.Fatalf("hit %+v, want restricted", r.Hits[0])
	}

	t.Run("StreamToOwnerNCBOnly", func(t *testing.T) {
		if n := streamA.next(t, "the owner's NCB"); n.ID != ref || n.Action != "created" {
			t.Fatalf("owner's NCB told %+v, want the hit %s created", n, ref)
		}
		// B's NCB hears of the next hit on B's record, and of nothing before.
		var r2 meridian.CheckResult
		eventually(t, "B's entry in the index", func() bool {
			var out checkResponse
			ownerOfficer.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": "Olena Kovalenko"}).decode(t, &out)
			r2 = out.Results[0]
			return r2.Hit
		})
		if n := streamB.next(t, "B's NCB"); n.ID != r2.Hits[0].Ref {
			t.Fatalf("B's NCB was first told of %s, want only its own hit %s (A's was %s)", n.ID, r2.Hits[0].Ref, ref)
		}
	})

	t.Run("NoZeroTime", func(t *testing.T) {
		for _, c := range []*client{ownerNCB, checker} {
			path := "/api/v1/hits"
			if c == checker {
				path += "?made=true"
			}
			raw := c.must(200, "GET", path, nil)
			if strings.Contains(string(raw.body), "0001-01-01") {
				t.Fatalf("a zero time in %s: %s", path, raw.body)
			}
			var l list[meridian.Hit]
			raw.decode(t, &l)
			if len(l.Items) == 0 || l.Items[0].At.Year() < 2020 {
				t.Fatalf("hit time %+v", l.Items)
			}
		}
	})

	t.Run("NewestFirst", func(t *testing.T) {
		second := check(checker, "Dragan Petrovic").Hits[0].Ref
		var l list[meridian.Hit]
		ownerNCB.must(200, "GET", "/api/v1/hits?order=newest&limit=1", nil).decode(t, &l)
		if len(l.Items) != 1 || l.Items[0].ID != second || l.NextCursor == "" {
			t.Fatalf("newest first: %+v, want %s first and a cursor", l, second)
		}
		ownerNCB.must(200, "GET", "/api/v1/hits?order=newest&limit=1&cursor="+l.NextCursor, nil).decode(t, &l)
		if len(l.Items) != 1 || l.Items[0].ID != ref {
			t.Fatalf("the page after the newest: %+v, want %s", l.Items, ref)
		}
		var mine list[meridian.Hit]
		checker.must(200, "GET", "/api/v1/hits?made=true&order=newest", nil).decode(t, &mine)
		if len(mine.Items) != 2 || mine.Items[0].ID != second {
			t.Fatalf("the checker's own hits, newest first: %+v", mine.Items)
		}
		if n := streamA.next(t, "the second hit"); n.ID != second {
			t.Fatalf("told %+v, want %s", n, second)
		}
	})

	t.Run("CheckerSeesTheAnswerOnly", func(t *testing.T) {
		ownerNCB.must(200, "POST", "/api/v1/hits/"+ref+"/response", map[string]any{"status": "action_taken", "response": "held for the MK liaison officer"})
		if n := streamA.next(t, "the answer"); n.ID != ref || n.Action != "updated" {
			t.Fatalf("told %+v, want the hit %s updated", n, ref)
		}
		var h meridian.Hit
		raw := checker.must(200, "GET", "/api/v1/hits/"+ref, nil)
		raw.decode(t, &h)
		if h.Status != "action_taken" || h.Response != "held for the MK liaison officer" || h.RespondedAt == nil {
			t.Fatalf("the checker does not see the answer: %+v", h)
		}
		for _, leak := range []string{w.ID, ncbUser.ID, `"score"`, `"record_kind"`, `"responded_by"`} {
			if strings.Contains(string(raw.body), leak) {
				t.Fatalf("the checker's view of a restricted hit shows %s: %s", leak, raw.body)
			}
		}
		var mine list[meridian.Hit]
		raw = checker.must(200, "GET", "/api/v1/hits?made=true", nil)
		raw.decode(t, &mine)
		if strings.Contains(string(raw.body), w.ID) || strings.Contains(string(raw.body), ncbUser.ID) {
			t.Fatalf("the checker's list shows the record or who answered: %s", raw.body)
		}
		// The owner still sees who answered.
		ownerNCB.must(200, "GET", "/api/v1/hits/"+ref, nil).decode(t, &h)
		if h.RespondedBy != ncbUser.ID || h.RecordID != w.ID {
			t.Fatalf("the owner's view: %+v", h)
		}
		ownerNCB.must(422, "POST", "/api/v1/hits/"+ref+"/response", map[string]any{"status": "arrested"})
	})

	t.Run("StreamEndsWithTheRole", func(t *testing.T) {
		officer := []meridian.Role{meridian.RoleOfficer}
		if _, err := m.DB.UpdateUser(sys(), ncbUser.ID, meridian.UserUpdate{Roles: &officer}); err != nil {
			t.Fatal(err)
		}
		check(checker, "Dragan Petrovic")
		select {
		case n := <-streamA.notices:
			t.Fatalf("a former NCB user was told of %+v", n)
		case <-streamA.ended:
		case <-time.After(10 * time.Second):
			t.Fatal("the stream of a former NCB user did not end")
		}
		if _, status := openHitStream(t, ownerNCB); status != 403 {
			t.Fatalf("a former NCB user reopens the stream: %d", status)
		}
	})

	t.Run("MRZ", func(t *testing.T) {
		text := "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n"
		var got mrz.MRZ
		checker.must(200, "POST", "/api/v1/mrz", map[string]any{"text": strings.ToLower(text)}).decode(t, &got)
		if got.DocumentNumber != "L898902C3" || got.Name.Primary != "ERIKSSON" || !got.Valid || len(got.Checks) == 0 {
			t.Fatalf("parsed %+v", got)
		}
		bad := strings.Replace(text, "L898902C36", "L898902C37", 1)
		checker.must(200, "POST", "/api/v1/mrz", map[string]any{"text": bad}).decode(t, &got)
		if got.Valid {
			t.Fatalf("a wrong check digit is valid: %+v", got.Checks)
		}
		checker.must(400, "POST", "/api/v1/mrz", map[string]any{"text": "P<UTOERIKSSON"})
		(&client{t, m.URL, ""}).must(401, "POST", "/api/v1/mrz", map[string]any{"text": text})
	})
}

// TestHitStreamTwoInstances: the owner's NCB follows its hits on one
// instance; the check is made through another, over one PostgreSQL and
// NATS: the notice crosses.
func TestHitStreamTwoInstances(t *testing.T) {
	pg := pgtest.NewDatabase(t)
	natsURL := mustSharedNATS(t)
	data := t.TempDir()
	m1 := MustRunMain(t, Config{Data: data, Postgres: pg, NATS: natsURL})
	m2 := MustRunMain(t, Config{Data: data, Postgres: pg, NATS: natsURL})
	a := mustAgency(t, m1, "MK", "MoI Skopje")
	b := mustAgency(t, m1, "AL", "State Police Tirana")
	owner := &client{t, m1.URL, mustToken(t, m1, a, "owner.officer", meridian.RoleOfficer)}
	ncb := &client{t, m1.URL, mustToken(t, m1, a, "owner.ncb", meridian.RoleNCB)}
	checker := &client{t, m2.URL, mustToken(t, m1, b, "checker", meridian.RoleOfficer)}
	owner.must(201, "POST", "/api/v1/watchlist/persons", watchPersonBody("Dragan Petrović", "wanted", map[string]any{"scope": "owner"}))

	s, status := openHitStream(t, ncb)
	if status != 200 {
		t.Fatalf("hit stream: %d", status)
	}
	var r meridian.CheckResult
	eventually(t, "the entry in the other instance's index", func() bool {
		var out checkResponse
		checker.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": "Dragan Petrovic", "birth_date": "1975-02-14"}).decode(t, &out)
		r = out.Results[0]
		return r.Hit
	})
	if n := s.next(t, "the hit made on the other instance"); n.ID != r.Hits[0].Ref {
		t.Fatalf("told %+v, want %s", n, r.Hits[0].Ref)
	}
}
