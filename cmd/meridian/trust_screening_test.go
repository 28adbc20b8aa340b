package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"meridian"
	"meridian/edifact"
	"meridian/postgres/pgtest"
)

// Issue 9 (Trust), findings 1, 6 and 13 (part): what a watchlist hit shows
// is decided for whoever reads it, on every path that surfaces hits, and
// a hidden hit tells nothing of its score.

// refRE matches the random parts of an answer: hit references and ids.
var refRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// normal is an answer with its random references replaced, to compare
// answers that must be the same.
func normal(b []byte) string { return refRE.ReplaceAllString(string(b), "REF") }

// leaks returns what of a hidden record an answer shows: its id, a name
// or note only the record holds, its birth date, or a field a restricted
// hit must not carry.
func leaks(answer []byte, rec *meridian.WatchPerson, secrets ...string) []string {
	s := string(answer)
	var out []string
	for _, x := range append([]string{rec.ID, rec.Notes, rec.Names[len(rec.Names)-1].Full}, secrets...) {
		if x != "" && strings.Contains(s, x) {
			out = append(out, x)
		}
	}
	return out
}

// restrictedKeys are the fields a restricted hit never carries.
var restrictedKeys = []string{"record_id", "record_kind", "score", "category", "explanation", "person", "document"}

// mustRestricted fails unless h (one hit, as JSON) is a bare restricted
// hit naming its owner.
func mustRestricted(t *testing.T, where string, h json.RawMessage, owner string) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(h, &m); err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	for _, k := range restrictedKeys {
		if _, ok := m[k]; ok {
			t.Fatalf("%s: a restricted hit carries %q: %s", where, k, h)
		}
	}
	if m["restricted"] != true || !strings.Contains(fmt.Sprint(m["message"]), "hit: contact "+owner+" quoting reference ") {
		t.Fatalf("%s: not a restricted hit naming %s: %s", where, owner, h)
	}
}

type rawHit struct {
	Restricted bool    `json:"restricted"`
	RecordID   string  `json:"record_id"`
	Ref        string  `json:"ref"`
	Score      float64 `json:"score"`
}

// TestTrustHitMatrix is the access matrix of alerts and hits: for each
// reader (role, agency and country against the record's owner) and each
// releasability of the watchlist record, what the check, the owner's
// inbox, the hits made, the alert list and alert and the yente API show.
// Nothing of a record the reader may not read leaks, whatever the
// threshold.
func TestTrustHitMatrix(t *testing.T) {
	m := MustRunMain(t, Config{})
	bka := mustAgency(t, m, "DE", "BKA Wiesbaden")
	piu := mustAgency(t, m, "MK", "PIU Skopje")
	border := mustAgency(t, m, "MK", "Border police Skopje")
	albania := mustAgency(t, m, "AL", "State Police Tirana")
	op := &meridian.Operation{Name: "Trust", Start: "2024-09-29", End: "2024-10-04", Status: meridian.OperationActive, Countries: []string{"MK", "DE"}}
	if err := m.DB.CreateOperation(sys(), op); err != nil {
		t.Fatal(err)
	}
	type reader struct {
		name    string
		c       *client
		agency  *meridian.Agency
		checks  bool // holds a role that checks
		alerts  bool // reads the manifest's alerts (ingesting agency or destination country)
		isOwner bool
	}
	readers := []*reader{
		{name: "owner officer", agency: bka, checks: true, isOwner: true},
		{name: "ingesting NCB", agency: piu, checks: true, alerts: true},
		{name: "destination officer", agency: border, checks: true, alerts: true},
		// An observer is not law enforcement: it reads no alert of the
		// country (policy.ReadsCountryPassengers).
		{name: "destination observer", agency: border, checks: true},
		{name: "other country officer", agency: albania, checks: true},
		{name: "destination admin", agency: border},
	}
	roles := []meridian.Role{meridian.RoleOfficer, meridian.RoleNCB, meridian.RoleOfficer, meridian.RoleObserver, meridian.RoleOfficer, meridian.RoleAdmin}
	for i, r := range readers {
		r.c = &client{t, m.URL, mustToken(t, m, r.agency, fmt.Sprintf("reader%d", i), roles[i])}
	}
	owner := readers[0].c

	// One record per releasability, each a different person.
	type listed struct {
		name, family, given string
		release             map[string]any
		operation           string
		readable            func(r *reader) bool
		rec                 meridian.WatchPerson
	}
	records := []*listed{
		{name: "owner only", family: "HOXHA", given: "DRITAN", release: map[string]any{"scope": "owner"},
			readable: func(r *reader) bool { return r.isOwner }},
		{name: "released to MK", family: "KURTI", given: "BESNIK", release: map[string]any{"scope": "listed", "countries": []string{"MK"}},
			readable: func(r *reader) bool { return r.isOwner || r.agency.Country == "MK" }},
		{name: "released to the PIU", family: "LLESHI", given: "ARBEN", release: map[string]any{"scope": "listed", "agencies": []string{piu.ID}},
			readable: func(r *reader) bool { return r.isOwner || r.agency == piu }},
		{name: "released to the operation", family: "MEMA", given: "GENTIAN", release: map[string]any{"scope": "all"}, operation: op.ID,
			readable: func(r *reader) bool { return r.isOwner || r.agency.Country == "MK" }},
	}
	for i, l := range records {
		body := map[string]any{"category": "suspect", "names": []map[string]any{{"full": l.given + " " + l.family}, {"full": fmt.Sprintf("Zeqirja Vullnetari%c", 'a'+i)}},
			"birth_date": fmt.Sprintf("197%d-03-14", i), "sex": "M", "nationalities": []string{"AL"}, "release": l.release,
			"notes": fmt.Sprintf("informant-%d says he runs the Ohrid route", i)}
		if l.operation != "" {
			body["operation_id"] = l.operation
		}
		owner.must(201, "POST", "/api/v1/watchlist/persons", body).decode(t, &l.rec)
	}
	// A query a little off each record: a score below 1, so that a
	// threshold above it would have hidden the hit.
	typo := func(s string) string { return s[:1] + strings.ToLower(s[1:len(s)-2]+s[len(s)-1:]) } // HOXHA -> Hoxa
	query := func(l *listed) map[string]any {
		return map[string]any{"name": typo(l.given) + " " + typo(l.family), "birth_date": l.rec.BirthDate[:4], "place_kind": "airport", "reason": "matrix"}
	}
	for _, l := range records {
		eventually(t, "the index to learn "+l.name, func() bool {
			var out checkResponse
			owner.must(200, "POST", "/api/v1/checks/persons", query(l)).decode(t, &out)
			if !out.Results[0].Hit {
				return false
			}
			if s := out.Results[0].Hits[0].Score; s >= 0.95 {
				t.Fatalf("%s: the query scores %v, too close to 1 to test thresholds", l.name, s)
			}
			return true
		})
	}

	// The PIU ingests a flight into Skopje with all four on board.
	leg := meridian.Leg{Carrier: "TK", Number: "1883", Border: true,
		Departure: meridian.Stop{Airport: "IST", Time: "2024-10-01T08:10"}, Arrival: meridian.Stop{Airport: "SKP", Time: "2024-10-01T09:20"}}
	manifest := &meridian.Manifest{Kind: meridian.ManifestPAXLST, Reference: "7001", Flights: []meridian.Leg{leg}}
	for i, l := range records {
		manifest.Travellers = append(manifest.Travellers, meridian.Traveller{Role: meridian.RolePassenger, Given: l.given, Family: l.family,
			BirthDate: l.rec.BirthDate, Sex: "M", Nationality: "AL",
			Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: fmt.Sprintf("BB765432%d", i), IssuingState: "AL"}}})
	}
	var msg bytes.Buffer
	if err := edifact.WritePAXLST(&msg, manifest); err != nil {
		t.Fatal(err)
	}
	var ingested list[meridian.IngestResult]
	readers[1].c.postManifest("?operation_id="+op.ID, msg.Bytes()).decode(t, &ingested)
	if len(ingested.Items) != 1 || len(ingested.Items[0].AlertIDs) != len(records) {
		t.Fatalf("ingest: %+v", ingested.Items)
	}
	manifestID := ingested.Items[0].ID

	for _, r := range readers {
		t.Run(r.name, func(t *testing.T) {
			// The alerts of the flight, as the list and one by one show them.
			listRes := r.c.do("GET", "/api/v1/alerts?manifest_id="+manifestID, nil)
			var alerts list[struct {
				ID        string `json:"id"`
				Severity  int    `json:"severity"`
				Traveller struct {
					Name string `json:"name"`
				} `json:"traveller"`
				Reasons []struct {
					Kind string          `json:"kind"`
					Text string          `json:"text"`
					Hit  json.RawMessage `json:"hit"`
				} `json:"reasons"`
			}]
			if listRes.status == 200 {
				listRes.decode(t, &alerts)
			}
			if !r.alerts {
				if len(alerts.Items) != 0 {
					t.Fatalf("sees %d alerts of a flight it neither ingested nor receives", len(alerts.Items))
				}
				for _, id := range ingested.Items[0].AlertIDs {
					r.c.must(404, "GET", "/api/v1/alerts/"+id, nil)
				}
			} else if len(alerts.Items) != len(records) {
				t.Fatalf("sees %d alerts, want %d: %s", len(alerts.Items), len(records), listRes.body)
			}
			for _, l := range records {
				readable := r.checks && l.readable(r)
				t.Run(l.name, func(t *testing.T) {
					// The record itself.
					if readable {
						r.c.must(200, "GET", "/api/v1/watchlist/persons/"+l.rec.ID, nil)
					} else if r.checks {
						r.c.must(404, "GET", "/api/v1/watchlist/persons/"+l.rec.ID, nil)
					}

					// The check, at any threshold and limit.
					if !r.checks {
						r.c.must(403, "POST", "/api/v1/checks/persons", query(l))
						r.c.must(403, "POST", "/match/default", map[string]any{"queries": map[string]any{"q": map[string]any{"schema": "Person", "properties": map[string]any{"name": query(l)["name"]}}}})
						return
					}
					t.Run("check", func(t *testing.T) {
						var first string
						for _, tl := range []struct {
							threshold float64
							limit     int
						}{{0, 0}, {0.5, 1}, {0.6, 50}, {0.75, 10}, {0.9, 1}, {0.99, 5}, {1, 1}} {
							q := query(l)
							if tl.threshold != 0 {
								q["threshold"], q["limit"] = tl.threshold, tl.limit
							}
							res := r.c.must(200, "POST", "/api/v1/checks/persons", q)
							var out struct {
								Results []struct {
									Hit  bool              `json:"hit"`
									Hits []json.RawMessage `json:"hits"`
								} `json:"results"`
							}
							res.decode(t, &out)
							where := fmt.Sprintf("check at threshold %v limit %d", tl.threshold, tl.limit)
							if readable {
								if len(out.Results[0].Hits) == 0 && tl.threshold > 0.85 {
									continue // above the readable hit's score
								}
								var h rawHit
								json.Unmarshal(out.Results[0].Hits[0], &h)
								if h.Restricted || h.RecordID != l.rec.ID || h.Score == 0 {
									t.Fatalf("%s: a readable record shown as %s", where, out.Results[0].Hits[0])
								}
								continue
							}
							if len(out.Results[0].Hits) != 1 {
								t.Fatalf("%s: %s", where, res.body)
							}
							mustRestricted(t, where, out.Results[0].Hits[0], bka.Name)
							if x := leaks(res.body, &l.rec, string(l.rec.BirthDate)); len(x) > 0 {
								t.Fatalf("%s leaks %v: %s", where, x, res.body)
							}
							if first == "" {
								first = normal(res.body)
							} else if got := normal(res.body); got != first {
								t.Fatalf("%s answers otherwise than the default check:\n%s\n%s", where, got, first)
							}
						}

					})
					t.Run("match", func(t *testing.T) {
						// The yente API, at any threshold.
						var firstMatch string
						for _, th := range []string{"", "?threshold=0.5", "?threshold=0.9&limit=1", "?threshold=0.99"} {
							res := r.c.must(200, "POST", "/match/default"+th, map[string]any{"queries": map[string]any{"q": map[string]any{
								"schema": "Person", "properties": map[string]any{"name": query(l)["name"], "birthDate": l.rec.BirthDate[:4]}}}})
							var out MatchResponseT
							res.decode(t, &out)
							results := out.Responses["q"].Results
							if readable {
								if len(results) == 0 && th != "" && th != "?threshold=0.5" {
									continue // above the readable hit's score
								}
								if len(results) == 0 || results[0].ID != l.rec.ID || results[0].Score == 0 {
									t.Fatalf("match%s: a readable record shown as %s", th, res.body)
								}
								continue
							}
							if len(results) != 1 || results[0].Score != 0 || results[0].Features["restricted"] != 1 {
								t.Fatalf("match%s: a restricted result %s", th, res.body)
							}
							if x := leaks(res.body, &l.rec, string(l.rec.BirthDate), `"suspect"`, "crime"); len(x) > 0 {
								t.Fatalf("match%s leaks %v: %s", th, x, res.body)
							}
							var answers struct {
								Responses json.RawMessage `json:"responses"` // not the echo of the limit asked
							}
							res.decode(t, &answers)
							if firstMatch == "" {
								firstMatch = normal(answers.Responses)
							} else if got := normal(answers.Responses); got != firstMatch {
								t.Fatalf("match%s answers otherwise than the default:\n%s\n%s", th, got, firstMatch)
							}
						}

					})
					t.Run("made", func(t *testing.T) {
						// The hits the reader made: a hidden record stays hidden.
						var made list[json.RawMessage]
						r.c.must(200, "GET", "/api/v1/hits?made=true&limit=1000", nil).decode(t, &made)
						n := 0
						for _, h := range made.Items {
							var x struct {
								Query string `json:"query"`
							}
							json.Unmarshal(h, &x)
							if !strings.Contains(x.Query, typo(l.family)) {
								continue
							}
							n++
							var y map[string]any
							json.Unmarshal(h, &y)
							if readable {
								if y["record_id"] != l.rec.ID {
									t.Fatalf("hits made: a readable hit %s", h)
								}
								continue
							}
							for _, k := range []string{"record_id", "record_kind", "score"} {
								if _, ok := y[k]; ok {
									t.Fatalf("hits made: a hidden hit carries %q: %s", k, h)
								}
							}
							if x := leaks(h, &l.rec, string(l.rec.BirthDate)); len(x) > 0 {
								t.Fatalf("hits made leaks %v: %s", x, h)
							}
						}
						if n == 0 {
							t.Fatalf("the checks made are not in the hits made")
						}

					})
					t.Run("audit", func(t *testing.T) {
						// The reader's own audit trail (an NCB's: its agency's)
						// names no record the reader may not read.
						if readable {
							return
						}
						var trail list[meridian.AuditEntry]
						r.c.must(200, "GET", "/api/v1/audit?limit=1000", nil).decode(t, &trail)
						n := 0
						for _, e := range trail.Items {
							if e.Action == "check_hit" && e.RecordOwner == bka.ID {
								n++
								if e.RecordID != "" || e.RecordKind != "" {
									t.Fatalf("the audit trail names a hidden record: %+v", e)
								}
							}
						}
						if n == 0 {
							t.Fatal("the reader's checks are not in its audit trail")
						}
						var found list[meridian.AuditEntry]
						r.c.must(200, "GET", "/api/v1/audit?limit=1000&record_id="+l.rec.ID, nil).decode(t, &found)
						for _, e := range found.Items {
							if e.Action == "check_hit" {
								t.Fatalf("a search by a hidden record's id finds the reader's hits: %+v", e)
							}
						}
					})
					t.Run("inbox", func(t *testing.T) {
						// The owner's inbox: the owner's readers only.
						var inbox list[meridian.Hit]
						r.c.must(200, "GET", "/api/v1/hits?limit=1000", nil).decode(t, &inbox)
						seen := 0
						for _, h := range inbox.Items {
							if h.RecordID == l.rec.ID {
								seen++
							}
						}
						if r.isOwner != (seen > 0) {
							t.Fatalf("inbox shows %d hits on the record to %s", seen, r.name)
						}

					})
					// The alert, in the list and alone.
					if !r.alerts {
						return
					}
					t.Run("alert", func(t *testing.T) {
						var inList json.RawMessage
						var alertID string
						for _, a := range alerts.Items {
							if a.Traveller.Name == l.given+" "+l.family {
								alertID = a.ID
								for _, re := range a.Reasons {
									if re.Kind == "watchlist" {
										inList = re.Hit
									}
								}
								if !readable && a.Severity != meridian.SeverityMedium {
									t.Fatalf("a hidden hit's alert has severity %d", a.Severity)
								}
							}
						}
						if inList == nil {
							t.Fatalf("no watchlist alert for %s: %s", l.family, listRes.body)
						}
						reads := func() int {
							es, _, err := m.DB.FindAuditEntries(sys(), meridian.AuditFilter{RecordID: l.rec.ID, Page: meridian.Page{Limit: 1000}})
							if err != nil {
								t.Fatal(err)
							}
							n := 0
							for _, e := range es {
								if e.Action == meridian.AuditRead && e.AgencyID == r.agency.ID {
									n++
								}
							}
							return n
						}
						readsBefore := reads()
						one := r.c.must(200, "GET", "/api/v1/alerts/"+alertID, nil)
						if shown := reads() - readsBefore; shown != map[bool]int{true: 1, false: 0}[readable] {
							t.Fatalf("reading the alert audited %d reads of the record (readable %v)", shown, readable)
						}
						var detail struct {
							Reasons []struct {
								Kind string          `json:"kind"`
								Hit  json.RawMessage `json:"hit"`
							} `json:"reasons"`
						}
						one.decode(t, &detail)
						var alone json.RawMessage
						for _, re := range detail.Reasons {
							if re.Kind == "watchlist" {
								alone = re.Hit
							}
						}
						if !bytes.Equal(inList, alone) {
							t.Fatalf("the list and the alert disagree:\n%s\n%s", inList, alone)
						}
						if readable {
							var h meridian.CheckHit
							json.Unmarshal(alone, &h)
							if h.Restricted || h.RecordID != l.rec.ID || h.Score == 0 || h.Explanation == nil || h.Person == nil || h.Person.Notes != l.rec.Notes {
								t.Fatalf("a readable hit in the alert: %s", alone)
							}
							return
						}
						mustRestricted(t, "alert", alone, bka.Name)
						if x := leaks(one.body, &l.rec); len(x) > 0 {
							t.Fatalf("the alert leaks %v: %s", x, one.body)
						}
						if x := leaks(listRes.body, &l.rec); len(x) > 0 {
							t.Fatalf("the alert list leaks %v", x)
						}
					})
				})
			}
		})
	}
}

// MatchResponseT is the part of the yente answer the tests read.
type MatchResponseT struct {
	Responses map[string]struct {
		Results []struct {
			ID       string             `json:"id"`
			Score    float64            `json:"score"`
			Features map[string]float64 `json:"features"`
		} `json:"results"`
	} `json:"responses"`
}

// TestTrustHiddenHitScore: a checker who owns a record like a hidden one
// cannot rank the hidden hit against it by the limit, nor find its score
// by the threshold: the hidden hit follows the visible ones, whatever the
// checker asks.
func TestTrustHiddenHitScore(t *testing.T) {
	m := MustRunMain(t, Config{})
	bka := mustAgency(t, m, "DE", "BKA Wiesbaden")
	al := mustAgency(t, m, "AL", "State Police Tirana")
	owner := &client{t, m.URL, mustToken(t, m, bka, "bka", meridian.RoleNCB)}
	checker := &client{t, m.URL, mustToken(t, m, al, "checker", meridian.RoleOfficer)}
	var hidden, mine meridian.WatchPerson
	owner.must(201, "POST", "/api/v1/watchlist/persons", map[string]any{"category": "wanted", "names": []map[string]any{{"full": "Dritan Hoxha"}},
		"birth_date": "1979-03-14", "release": map[string]any{"scope": "owner"}}).decode(t, &hidden)
	// The checker's own record, a little further from the query.
	checker.must(201, "POST", "/api/v1/watchlist/persons", map[string]any{"category": "suspect", "names": []map[string]any{{"full": "Dritan Hoxhaj"}},
		"release": map[string]any{"scope": "owner"}}).decode(t, &mine)
	check := func(body map[string]any) []rawHit {
		var out struct {
			Results []struct {
				Hits []rawHit `json:"hits"`
			} `json:"results"`
		}
		checker.must(200, "POST", "/api/v1/checks/persons", body).decode(t, &out)
		return out.Results[0].Hits
	}
	eventually(t, "both records in the index", func() bool { return len(check(map[string]any{"name": "Dritan Hoxha", "birth_date": "1979"})) == 2 })
	for _, th := range []float64{0.5, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99, 1} {
		for _, limit := range []int{1, 2, 10} {
			hs := check(map[string]any{"name": "Dritan Hoxha", "birth_date": "1979", "threshold": th, "limit": limit})
			var hiddenAt = -1
			for i, h := range hs {
				if h.Restricted {
					if hiddenAt >= 0 || h.Score != 0 || h.RecordID != "" {
						t.Fatalf("threshold %v limit %d: %+v", th, limit, hs)
					}
					hiddenAt = i
				}
			}
			if hiddenAt != len(hs)-1 {
				t.Fatalf("threshold %v limit %d: the hidden hit is missing or not last: %+v", th, limit, hs)
			}
			if th <= 0.75 && (len(hs) != 2 || hs[0].RecordID != mine.ID) {
				t.Fatalf("threshold %v limit %d: the hidden hit took the place of the checker's own record: %+v", th, limit, hs)
			}
		}
	}
	// A batch answers each check alike.
	var out checkResponse
	checker.must(200, "POST", "/api/v1/checks/persons", map[string]any{"threshold": 0.99, "limit": 1,
		"checks": []map[string]any{{"name": "Dritan Hoxha"}, {"name": "Dritan Hoxha", "birth_date": "1979"}}}).decode(t, &out)
	for i, r := range out.Results {
		if len(r.Hits) != 1 || !r.Hits[0].Restricted {
			t.Fatalf("batch check %d: %+v", i, r)
		}
	}
}

// TestTrustRepeatedInterchange: the same interchange sent again is the
// manifest already stored, however often and however concurrently; other
// content under the same reference is refused.
func TestTrustRepeatedInterchange(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) { testRepeatedInterchange(t, Config{}) })
	t.Run("PostgreSQL", func(t *testing.T) { testRepeatedInterchange(t, Config{Postgres: pgtest.NewDatabase(t)}) })
}

func testRepeatedInterchange(t *testing.T, cfg Config) {
	m := MustRunMain(t, cfg)
	piu := mustAgency(t, m, "MK", "PIU Skopje")
	other := mustAgency(t, m, "MK", "PIU Ohrid")
	c := &client{t, m.URL, mustToken(t, m, piu, "piu", meridian.RoleNCB)}
	c2 := &client{t, m.URL, mustToken(t, m, other, "piu2", meridian.RoleNCB)}
	leg := meridian.Leg{Carrier: "W6", Number: "4301", Border: true,
		Departure: meridian.Stop{Airport: "BUD", Time: "2024-10-02T06:00"}, Arrival: meridian.Stop{Airport: "SKP", Time: "2024-10-02T07:30"}}
	write := func(ref string, family string) []byte {
		mf := &meridian.Manifest{Kind: meridian.ManifestPAXLST, Reference: ref, Sender: "W6APIS", Flights: []meridian.Leg{leg},
			Travellers: []meridian.Traveller{{Role: meridian.RolePassenger, Given: "ANA", Family: family, BirthDate: "1990-01-02", Sex: "F", Nationality: "MK",
				Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: "A1234567", IssuingState: "MK"}}}}}
		var b bytes.Buffer
		if err := edifact.WritePAXLST(&b, mf); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	msg := write("88001", "PETROVSKA")
	tables := []string{"manifests", "alerts", "check_counts", "hits"}
	counts := func() map[string]int {
		out := map[string]int{}
		for _, tb := range tables {
			out[tb] = countRows(t, m, tb)
		}
		var checks int
		m.DB.SQL().QueryRow(`SELECT COALESCE(SUM(checks), 0) FROM check_counts`).Scan(&checks)
		out["checks"] = checks
		return out
	}
	r := c.postManifest("", msg)
	if r.status != 201 {
		t.Fatalf("first: %d %s", r.status, r.body)
	}
	var first list[meridian.IngestResult]
	r.decode(t, &first)
	before := counts()
	for i := range 23 {
		r := c.postManifest("", msg)
		var again list[meridian.IngestResult]
		r.decode(t, &again)
		if r.status != 200 || len(again.Items) != 1 || !again.Items[0].Duplicate || again.Items[0].ID != first.Items[0].ID {
			t.Fatalf("send %d: %d %s", i+2, r.status, r.body)
		}
	}
	if after := counts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("a repeated interchange stored something: %v, before %v", after, before)
	}
	// Other content under the same reference: refused, nothing stored.
	mustProblem(t, c.postManifest("", write("88001", "PETROVSKI")), 409, "")
	if after := counts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("a conflicting interchange stored something: %v, before %v", after, before)
	}
	// Another agency's upload is its own: it learns nothing of the first.
	if r := c2.postManifest("", msg); r.status != 201 || strings.Contains(string(r.body), first.Items[0].ID) {
		t.Fatalf("another agency's upload: %d %s", r.status, r.body)
	}
	// Concurrent uploads of a new interchange store it once.
	fresh := write("88002", "PETROVSKA")
	n0 := countRows(t, m, "manifests")
	var wg sync.WaitGroup
	ids := make([]string, 4)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := c.postManifest("", fresh)
			var out list[meridian.IngestResult]
			if json.Unmarshal(r.body, &out) == nil && len(out.Items) == 1 {
				ids[i] = out.Items[0].ID
			}
		}()
	}
	wg.Wait()
	if n := countRows(t, m, "manifests"); n != n0+1 {
		t.Fatalf("%d concurrent uploads stored %d manifests", len(ids), n-n0)
	}
	for _, id := range ids {
		if id != ids[0] || id == "" {
			t.Fatalf("concurrent uploads answered with %v", ids)
		}
	}
	// Whatever the timing, the store itself refuses a second row.
	_, err := m.DB.SQL().Exec(m.DB.Dialect().Rebind(`INSERT INTO manifests (id, kind, received_at, owner_agency, arrival_country, flight, flight_date, travellers, body,
		sender, interchange, message_seq, digest) SELECT ?, kind, received_at, owner_agency, arrival_country, flight, flight_date, travellers, body,
		sender, interchange, message_seq, digest FROM manifests WHERE id = ?`), meridian.NewID(), ids[0])
	if !m.DB.Dialect().IsUnique(err) {
		t.Fatalf("a second row for one interchange: %v", err)
	}
}

// TestTrustHiddenHitCrowded: a checker's own records scoring above a
// hidden one, as many as the service's limit and more, do not push the
// hidden hit out of the answer: it is hit by its own score.
func TestTrustHiddenHitCrowded(t *testing.T) {
	m := MustRunMain(t, Config{})
	bka := mustAgency(t, m, "DE", "BKA Wiesbaden")
	al := mustAgency(t, m, "AL", "State Police Tirana")
	owner := &client{t, m.URL, mustToken(t, m, bka, "bka", meridian.RoleNCB)}
	checker := &client{t, m.URL, mustToken(t, m, al, "checker", meridian.RoleOfficer)}
	// The hidden record has no date of birth: a query with one scores it
	// below the checker's records, which have it.
	owner.must(201, "POST", "/api/v1/watchlist/persons", map[string]any{"category": "wanted", "names": []map[string]any{{"full": "Dritan Hoxha"}},
		"release": map[string]any{"scope": "owner"}})
	const mine = 12
	for i := range mine {
		checker.must(201, "POST", "/api/v1/watchlist/persons", map[string]any{"category": "suspect", "names": []map[string]any{{"full": "Dritan Hoxha"}},
			"birth_date": "1979-03-14", "ref": fmt.Sprint("decoy-", i), "release": map[string]any{"scope": "owner"}})
	}
	var hs []meridian.CheckHit
	eventually(t, "every record in the index", func() bool {
		var out checkResponse
		checker.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": "Dritan Hoxha", "birth_date": "1979-03-14", "limit": 50}).decode(t, &out)
		hs = out.Results[0].Hits
		return len(hs) == mine+1
	})
	for _, limit := range []int{0, 1, 10} {
		var out checkResponse
		body := map[string]any{"name": "Dritan Hoxha", "birth_date": "1979-03-14"}
		if limit > 0 {
			body["limit"] = limit
		}
		checker.must(200, "POST", "/api/v1/checks/persons", body).decode(t, &out)
		hs := out.Results[0].Hits
		if len(hs) == 0 || !hs[len(hs)-1].Restricted {
			t.Fatalf("limit %d: the hidden hit was pushed out by the checker's own records: %d hits", limit, len(hs))
		}
		for _, h := range hs[:len(hs)-1] {
			if h.Restricted {
				t.Fatalf("limit %d: %+v", limit, hs)
			}
		}
	}
}
