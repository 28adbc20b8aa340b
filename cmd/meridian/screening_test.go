package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"meridian"
)

type checkResponse struct {
	Results []meridian.CheckResult `json:"results"`
}

func watchPersonBody(name, category string, release map[string]any) map[string]any {
	return map[string]any{"category": category, "names": []map[string]any{{"full": name}}, "birth_date": "1975-02-14",
		"sex": "M", "nationalities": []string{"RS"}, "release": release,
		"documents": []map[string]any{{"number": "RS1234567", "issuing_state": "RS", "type": "passport"}}}
}

// eventually polls until cond holds; the deadline only keeps a broken
// build from hanging, it asserts no speed.
func eventually(t *testing.T, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > 10*time.Second {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Since(start)
}

// TestScreening: the owner decides what a hit shows, and every hit lands
// in the owner's inbox and on the bus.
func TestScreening(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "MoI Skopje")
	b := mustAgency(t, m, "AL", "State Police Tirana")
	ownerOfficer := &client{t, m.URL, mustToken(t, m, a, "owner.officer", meridian.RoleOfficer)}
	ownerNCB := &client{t, m.URL, mustToken(t, m, a, "owner.ncb", meridian.RoleNCB)}
	checker := &client{t, m.URL, mustToken(t, m, b, "checker", meridian.RoleOfficer)}

	hits := make(chan *meridian.Change, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := m.Bus.Subscribe(ctx, "meridian.change.hit.>", func(c *meridian.Change) { hits <- c }); err != nil {
		t.Fatal(err)
	}

	var w meridian.WatchPerson
	ownerOfficer.must(201, "POST", "/api/v1/watchlist/persons", watchPersonBody("Dragan Petrović", "wanted", map[string]any{"scope": "owner"})).decode(t, &w)

	check := func(c *client, name string) meridian.CheckResult {
		t.Helper()
		var out checkResponse
		c.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": name, "birth_date": "1975-02-14",
			"place_kind": "border_point", "place": "Qafë Thanë", "reason": "routine exit check"}).decode(t, &out)
		return out.Results[0]
	}
	var r meridian.CheckResult
	eventually(t, "the new entry in the index", func() bool { r = check(checker, "Dragan Petrovic"); return r.Hit })

	t.Run("Restricted", func(t *testing.T) {
		h := r.Hits[0]
		if !h.Restricted || h.OwnerAgency != a.ID || !strings.Contains(h.Message, "MoI Skopje") || !strings.Contains(h.Message, h.Ref) {
			t.Fatalf("restricted hit %+v", h)
		}
		if h.RecordID != "" || h.Score != 0 || h.Person != nil || h.Explanation != nil || h.Category != "" {
			t.Fatalf("a restricted hit shows more than hit and owner: %+v", h)
		}
	})
	t.Run("OwnerInbox", func(t *testing.T) {
		var inbox list[meridian.Hit]
		ownerNCB.must(200, "GET", "/api/v1/hits", nil).decode(t, &inbox)
		var found *meridian.Hit
		for i := range inbox.Items {
			if inbox.Items[i].ID == r.Hits[0].Ref {
				found = &inbox.Items[i]
			}
		}
		if found == nil {
			t.Fatalf("the hit is not in the owner's inbox: %+v", inbox.Items)
		}
		if found.RecordID != w.ID || found.CheckerAgency != b.ID || found.Context.Place != "Qafë Thanë" ||
			found.Context.Reason != "routine exit check" || !strings.Contains(found.Query, "Dragan Petrovic") || !found.Restricted {
			t.Fatalf("inbox entry lacks who, where, why or what: %+v", found)
		}
		// The checker's own view of the hit hides the record.
		var mine list[meridian.Hit]
		checker.must(200, "GET", "/api/v1/hits?made=true", nil).decode(t, &mine)
		if len(mine.Items) == 0 || mine.Items[0].RecordID != "" {
			t.Fatalf("checker's view of a restricted hit: %+v", mine.Items)
		}
		// The owner answers it.
		ownerNCB.must(200, "POST", "/api/v1/hits/"+found.ID+"/response", map[string]any{"status": "confirmed", "response": "call +389 2 3117 222"})
		checker.must(403, "POST", "/api/v1/hits/"+found.ID+"/response", map[string]any{"status": "rejected"})
	})
	t.Run("BusNotification", func(t *testing.T) {
		select {
		case c := <-hits:
			if c.Meta == nil || c.Meta.OwnerAgency != a.ID || c.Meta.Release.Scope != meridian.ScopeOwner {
				t.Fatalf("hit change not addressed to the owner only: %+v", c.Meta)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no hit change on the bus")
		}
	})
	t.Run("OwnerSeesDetails", func(t *testing.T) {
		r := check(ownerOfficer, "Petrovic Dragan")
		if !r.Hit || r.Hits[0].Restricted || r.Hits[0].Person == nil || r.Hits[0].RecordID != w.ID || r.Hits[0].Explanation == nil {
			t.Fatalf("owner's own check: %+v", r)
		}
	})
	t.Run("ReleasedShowsDetails", func(t *testing.T) {
		body := watchPersonBody("Dragan Petrović", "wanted", map[string]any{"scope": "listed", "countries": []string{"AL"}})
		body["version"] = w.Version
		ownerOfficer.must(200, "PUT", "/api/v1/watchlist/persons/"+w.ID, body)
		eventually(t, "the release to reach the check", func() bool {
			r := check(checker, "Dragan Petrovic")
			return r.Hit && !r.Hits[0].Restricted && r.Hits[0].Person != nil
		})
	})
	t.Run("Document", func(t *testing.T) {
		var out checkResponse
		checker.must(200, "POST", "/api/v1/checks/documents", map[string]any{"number": "RS 1234567", "issuing_state": "RS"}).decode(t, &out)
		if !out.Results[0].Hit || out.Results[0].Hits[0].RecordID != w.ID {
			t.Fatalf("the listed person's passport was not found: %+v", out.Results[0])
		}
	})
	t.Run("Counted", func(t *testing.T) {
		var counts struct {
			Items []meridian.CheckCount `json:"items"`
		}
		checker.must(200, "GET", "/api/v1/checks/counts", nil).decode(t, &counts)
		var n, hitsN int64
		for _, c := range counts.Items {
			if c.AgencyID == b.ID && c.Kind == "person" && c.PlaceKind == "border_point" && c.Country == "AL" {
				n += c.Checks
				hitsN += c.Hits
			}
		}
		if n < 2 || hitsN < 2 {
			t.Fatalf("checks by B counted %d (hits %d): %+v", n, hitsN, counts.Items)
		}
	})
	t.Run("Audited", func(t *testing.T) {
		var trail list[meridian.AuditEntry]
		ownerNCB.must(200, "GET", "/api/v1/audit?record_id="+w.ID+"&limit=1000", nil).decode(t, &trail)
		var checks int
		for _, e := range trail.Items {
			if e.Action == "check_hit" && e.AgencyID == b.ID {
				checks++
			}
		}
		if checks == 0 {
			t.Fatalf("no check_hit audit entries for B's checks: %+v", trail.Items)
		}
	})
}

// TestWatchlistLive: an entry added through the API is found by a check
// at once, and not found after its deletion.
func TestWatchlistLive(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "FR", "NCB Paris")
	c := &client{t, m.URL, mustToken(t, m, a, "ncb", meridian.RoleNCB)}
	found := func(name string) bool {
		var out checkResponse
		c.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": name}).decode(t, &out)
		return out.Results[0].Hit
	}
	if found("Zoltan Kovacsevicz") {
		t.Fatal("hit before listing")
	}
	var w meridian.WatchPerson
	c.must(201, "POST", "/api/v1/watchlist/persons", map[string]any{"category": "missing", "names": []map[string]any{{"full": "Zoltán Kovácsevicz"}}}).decode(t, &w)
	added := eventually(t, "a check to find the new entry", func() bool { return found("Zoltan Kovacsevicz") })
	c.must(204, "DELETE", "/api/v1/watchlist/persons/"+w.ID, nil)
	removed := eventually(t, "a check to stop finding the deleted entry", func() bool { return !found("Zoltan Kovacsevicz") })
	t.Logf("found %v after listing, gone %v after deletion", added, removed)

	var wd meridian.WatchDocument
	c.must(201, "POST", "/api/v1/watchlist/documents", map[string]any{"number": "12AB34567", "issuing_state": "FR", "status": "stolen"}).decode(t, &wd)
	eventually(t, "the stolen document", func() bool {
		var out checkResponse
		c.must(200, "POST", "/api/v1/checks/documents", map[string]any{"number": "12AB3456", "issuing_state": "FR"}).decode(t, &out)
		return out.Results[0].Hit && out.Results[0].Hits[0].Explanation.Document == "one_edit"
	})
}

// TestCheckInput: awkward names get a clear error or a sensible result.
func TestCheckInput(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "FR", "NCB Paris")
	c := &client{t, m.URL, mustToken(t, m, a, "ncb", meridian.RoleNCB)}
	c.must(201, "POST", "/api/v1/watchlist/persons", map[string]any{"category": "wanted", "names": []map[string]any{{"full": "Ivan Horvat"}}})
	eventually(t, "the entry in the index", func() bool {
		var out checkResponse
		c.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": "Ivan Horvat"}).decode(t, &out)
		return out.Results[0].Hit
	})
	mustProblem(t, c.do("POST", "/api/v1/checks/persons", map[string]any{"name": ""}), 422, "body.checks[0].name")
	mustProblem(t, c.do("POST", "/api/v1/checks/persons", map[string]any{"name": strings.Repeat("Ivan ", 2000)}), 422, "body.checks[0].name")
	mustProblem(t, c.raw("POST", "/api/v1/checks/persons", "application/json", []byte("{\"name\":\"Iv\xffan\"}")), 400, "body")
	mustProblem(t, c.do("POST", "/api/v1/checks/persons", map[string]any{"name": "x", "birth_date": "1990-02-31"}), 422, "body.checks[0].birth_date")
	mustProblem(t, c.do("POST", "/api/v1/checks/documents", map[string]any{"number": "X1", "operation_id": meridian.NewID()}), 422, "body.operation_id")
	many := make([]map[string]any, 1001)
	for i := range many {
		many[i] = map[string]any{"name": "Ivan Horvat"}
	}
	mustProblem(t, c.do("POST", "/api/v1/checks/persons", map[string]any{"checks": many}), 422, "")
	var out checkResponse
	c.must(200, "POST", "/api/v1/checks/persons", map[string]any{"checks": []map[string]any{
		{"name": "!!! ... ---"}, {"name": "Иван Horvat"}, {"name": "ivan HORVAT"}}}).decode(t, &out)
	if out.Results[0].Hit {
		t.Fatal("punctuation matched a person")
	}
	if !out.Results[1].Hit || !out.Results[2].Hit {
		t.Fatalf("mixed script or case missed: %+v", out.Results)
	}
}

// TestYenteMatch: a yente client's match request works against Meridian.
func TestYenteMatch(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "MoI Skopje")
	b := mustAgency(t, m, "AL", "State Police Tirana")
	owner := &client{t, m.URL, mustToken(t, m, a, "owner", meridian.RoleOfficer)}
	other := &client{t, m.URL, mustToken(t, m, b, "other", meridian.RoleOfficer)}
	owner.must(201, "POST", "/api/v1/watchlist/persons", watchPersonBody("Dragan Petrović", "wanted", map[string]any{"scope": "owner"}))
	req := map[string]any{"queries": map[string]any{
		"q1": map[string]any{"schema": "Person", "properties": map[string]any{"name": []string{"Dragan Petrovic"}, "birthDate": []string{"1975-02-14"}, "nationality": []string{"rs"}}},
		"q2": map[string]any{"schema": "Person", "properties": map[string]any{"name": "Nobody Atall"}},
		"q3": map[string]any{"schema": "Vessel", "properties": map[string]any{"name": "Sea Star"}},
	}}
	type resp struct {
		Responses map[string]struct {
			Status  int `json:"status"`
			Results []struct {
				ID      string              `json:"id"`
				Caption string              `json:"caption"`
				Score   float64             `json:"score"`
				Match   bool                `json:"match"`
				Props   map[string][]string `json:"properties"`
			} `json:"results"`
			Total struct {
				Value int `json:"value"`
			} `json:"total"`
		} `json:"responses"`
		Limit int `json:"limit"`
	}
	var r resp
	eventually(t, "the entry in the index", func() bool {
		owner.must(200, "POST", "/match/default", req).decode(t, &r)
		return r.Responses["q1"].Total.Value > 0
	})
	q1 := r.Responses["q1"]
	if q1.Status != 200 || !q1.Results[0].Match || q1.Results[0].Caption != "Dragan Petrović" || len(q1.Results[0].Props["name"]) == 0 {
		t.Fatalf("owner's match: %+v", q1)
	}
	if r.Responses["q2"].Total.Value != 0 || r.Responses["q3"].Status != 400 || r.Limit != 5 {
		t.Fatalf("other queries: %+v", r.Responses)
	}
	// Through another agency: a match naming the owner, nothing else.
	var ro resp
	other.raw("POST", "/match/default", "application/json", mustJSONBytes(t, req)).decode(t, &ro)
	res := ro.Responses["q1"].Results
	if len(res) != 1 || !res[0].Match || !strings.Contains(res[0].Caption, "MoI Skopje") || len(res[0].Props["name"]) != 0 {
		t.Fatalf("restricted match shows too much or too little: %+v", res)
	}
	mustProblem(t, owner.do("POST", "/match/unknown-dataset", req), 404, "")
}

// TestImportWatchlist: a good file imports whole; a file with one bad
// line imports nothing and names the line.
func TestImportWatchlist(t *testing.T) {
	data := t.TempDir()
	agency, _, code := cli(t, "", "agency", "add", "--data", data, "--country", "RS", "--kind", "ncb", "--name", "NCB Belgrade")
	agency = strings.TrimSpace(agency)
	if code != 0 {
		t.Fatal("agency add failed")
	}
	header := "kind,ref,category,name,aliases,birth_date,sex,nationalities,doc_number,doc_state,doc_type,doc_status\n"
	good := header + "person,P1,wanted,Марко Јовановић,Marko Jovanovic;Marko Jovanović,1980-03-02,M,RS,A1234567,RS,passport,\n" +
		"document,D1,,,,,,,009876543,RS,passport,stolen\n"
	bad := header + "person,P2,wanted,Ana Kovač,,1980-13-40,F,RS,,,,\n" + "person,P3,nonsense,Ivo Ivić,,,M,RS,,,,\n"
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	out, stderr, code := cli(t, "", "import", "watchlist", "--data", data, "--format", "csv", "--agency", agency, write("bad.csv", bad))
	if code != 1 || !strings.Contains(out, "line 2: birth_date") || !strings.Contains(out, "line 3: category") || !strings.Contains(stderr, "nothing was imported") {
		t.Fatalf("bad file: out %q err %q code %d", out, stderr, code)
	}
	out, _, code = cli(t, "", "import", "watchlist", "--data", data, "--format", "csv", "--agency", agency, write("good.csv", good))
	if code != 0 || !strings.HasPrefix(out, "imported 2 entries") {
		t.Fatalf("good file: %q %d", out, code)
	}
	ftm := `{"id":"ftm-1","schema":"Person","properties":{"name":["Olena Kovalenko"],"alias":["Олена Коваленко"],"birthDate":["1990-07-01"],"gender":["female"],"nationality":["ua"],"topics":["wanted"]}}` + "\n"
	out, _, code = cli(t, "", "import", "watchlist", "--data", data, "--format", "ftm", "--agency", agency, write("w.ftm.json", ftm))
	if code != 0 || !strings.HasPrefix(out, "imported 1 entries") {
		t.Fatalf("ftm file: %q %d", out, code)
	}
	// The imports are in the store, and a server started on it finds them.
	m := MustRunMain(t, Config{Data: data})
	var n int
	m.DB.SQL().QueryRow(`SELECT COUNT(*) FROM records WHERE kind IN ('watch_person', 'watch_document')`).Scan(&n)
	if n != 3 {
		t.Fatalf("%d watchlist records stored, want 3 (nothing of the bad file)", n)
	}
	ag, _ := m.DB.FindAgencyByID(sys(), agency)
	c := &client{t, m.URL, mustToken(t, m, ag, "ncb", meridian.RoleNCB)}
	var r checkResponse
	c.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": "Marko Jovanovic", "birth_date": "1980-03-02"}).decode(t, &r)
	if !r.Results[0].Hit || r.Results[0].Hits[0].Person == nil || r.Results[0].Hits[0].Person.Ref != "P1" {
		t.Fatalf("imported person not found: %+v", r.Results[0])
	}
	c.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": "Olena Kovalenko"}).decode(t, &r)
	if !r.Results[0].Hit {
		t.Fatal("FtM-imported person not found")
	}
}

func mustJSONBytes(t *testing.T, v any) []byte {
	t.Helper()
	b, err := jsonMarshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
