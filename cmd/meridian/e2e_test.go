package main

import (
	"strings"
	"testing"

	"meridian"
	"meridian/policy"
)

func personBody(name string, release any) map[string]any {
	return map[string]any{
		"role": "suspect", "names": []map[string]any{{"full": name}}, "birth_date": "1981-04",
		"sex": "M", "nationalities": []string{"AL"}, "tlp": "AMBER", "release": release,
	}
}

// TestReleasability is the foundation's acceptance scenario: agency A in
// country X creates an owner-only person; a user of agency B in country Y
// cannot see it anywhere until A releases it to Y; every read and write
// is in the audit log.
func TestReleasability(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "Agency A")
	b := mustAgency(t, m, "AL", "Agency B")
	ca := &client{t, m.URL, mustToken(t, m, a, "officer.a", meridian.RoleOfficer)}
	cb := &client{t, m.URL, mustToken(t, m, b, "analyst.b", meridian.RoleAnalyst)}
	ncbA := &client{t, m.URL, mustToken(t, m, a, "ncb.a", meridian.RoleNCB)}

	var p meridian.Person
	ca.must(201, "POST", "/api/v1/persons", personBody("Dritan Leka", map[string]any{"scope": "owner"})).decode(t, &p)
	if p.OwnerAgency != a.ID || p.Release.Scope != meridian.ScopeOwner {
		t.Fatalf("created %+v", p.Meta)
	}

	unknown := cb.must(404, "GET", "/api/v1/persons/"+meridian.NewID(), nil)
	hidden := cb.must(404, "GET", "/api/v1/persons/"+p.ID, nil)
	if !sameProblem(t, hidden, unknown) {
		t.Fatalf("404 for a hidden record differs from one for a missing record:\n%s\n%s", hidden.body, unknown.body)
	}
	if ids := listIDs(t, cb.must(200, "GET", "/api/v1/persons", nil)); contains(ids, p.ID) {
		t.Fatal("B lists A's owner-only person")
	}
	if ids := listIDs(t, cb.must(200, "GET", "/api/v1/persons?owner_agency="+a.ID, nil)); len(ids) != 0 {
		t.Fatalf("B counts %d persons of A", len(ids))
	}
	cb.must(404, "PUT", "/api/v1/persons/"+p.ID, map[string]any{"version": 1, "role": "suspect", "names": []map[string]any{{"full": "x"}}})
	cb.must(404, "DELETE", "/api/v1/persons/"+p.ID, nil)

	// A releases the person to country Y.
	upd := personBody("Dritan Leka", map[string]any{"scope": "listed", "countries": []string{"AL"}})
	upd["version"] = p.Version
	ca.must(200, "PUT", "/api/v1/persons/"+p.ID, upd)

	var seen meridian.Person
	cb.must(200, "GET", "/api/v1/persons/"+p.ID, nil).decode(t, &seen)
	if seen.PrimaryName() != "Dritan Leka" {
		t.Fatalf("B sees %+v", seen)
	}
	if ids := listIDs(t, cb.must(200, "GET", "/api/v1/persons", nil)); !contains(ids, p.ID) {
		t.Fatal("B does not list the released person")
	}
	// B may read but not change it.
	upd["version"] = seen.Version
	cb.must(403, "PUT", "/api/v1/persons/"+p.ID, upd)

	// The owner's NCB reads the trail of its record.
	var trail list[meridian.AuditEntry]
	ncbA.must(200, "GET", "/api/v1/audit?record_id="+p.ID, nil).decode(t, &trail)
	var got []string
	for _, e := range trail.Items {
		got = append(got, e.Action+":"+e.Username)
		if e.Purpose != "end-to-end test" || e.Addr == "" {
			t.Fatalf("entry without purpose or address: %+v", e)
		}
	}
	want := []string{"create:officer.a", "update:officer.a", "read:analyst.b", "list:analyst.b"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("audit trail %v, want %v", got, want)
	}
	// B's own view of the audit log holds only B's entries.
	var mine list[meridian.AuditEntry]
	cb.must(200, "GET", "/api/v1/audit", nil).decode(t, &mine)
	for _, e := range mine.Items {
		if e.Username != "analyst.b" {
			t.Fatalf("B sees another user's audit entry %+v", e)
		}
	}
}

func sameProblem(t *testing.T, a, b response) bool {
	var pa, pb problem
	a.decode(t, &pa)
	b.decode(t, &pb)
	return pa.Title == pb.Title && pa.Detail == pb.Detail && pa.Status == pb.Status
}

// TestAccessMatrix runs every role x releasability x own/other agency x
// same/other country on every endpoint that returns personal data (each
// kind's read and list), against policy.CanRead and the rule spelled out.
func TestAccessMatrix(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "Owner A")           // country X
	a2 := mustAgency(t, m, "MK", "Same country A2")  // other agency, same country
	b := mustAgency(t, m, "AL", "Other country B")   // other agency, other country, participant
	c := mustAgency(t, m, "RS", "Non-participant C") // other agency, other country, not in the operation
	op := &meridian.Operation{Name: "Matrix", Start: "2024-09-29", End: "2024-10-04", Status: meridian.OperationActive, Countries: []string{"MK", "AL"}}
	if err := m.DB.CreateOperation(sys(), op); err != nil {
		t.Fatal(err)
	}
	owner := &client{t, m.URL, mustToken(t, m, a, "owner", meridian.RoleOfficer)}
	rels := map[string]map[string]any{
		"owner":            {"scope": "owner"},
		"listed-country-X": {"scope": "listed", "countries": []string{"MK"}},
		"listed-country-Y": {"scope": "listed", "countries": []string{"AL"}},
		"listed-agency-B":  {"scope": "listed", "agencies": []string{b.ID}},
		"all":              {"scope": "all"},
	}
	// One record of each kind per releasability, all owned by A.
	type rec struct {
		kind, path, id string
		meta           meridian.Meta
	}
	var recs []rec
	for name, r := range rels {
		var p meridian.Person
		pb := personBody("Matrix "+name, r)
		pb["operation_id"] = op.ID
		owner.must(201, "POST", "/api/v1/persons", pb).decode(t, &p)
		recs = append(recs, rec{"person", "/api/v1/persons", p.ID, p.Meta})
		var d meridian.Document
		owner.must(201, "POST", "/api/v1/documents", map[string]any{"type": "passport", "number": "P" + name[:3], "issuing_state": "MK",
			"status": "stolen", "operation_id": op.ID, "release": r}).decode(t, &d)
		recs = append(recs, rec{"document", "/api/v1/documents", d.ID, d.Meta})
		var e meridian.Event
		owner.must(201, "POST", "/api/v1/events", map[string]any{"type": "raid", "occurred_at": "2024-10-01T05:00:00Z",
			"place": map[string]any{"country": "MK", "name": "Skopje"}, "premises": "nightclub", "operation_id": op.ID, "release": r}).decode(t, &e)
		recs = append(recs, rec{"event", "/api/v1/events", e.ID, e.Meta})
		var k meridian.Case
		owner.must(201, "POST", "/api/v1/cases", map[string]any{"title": "Case " + name, "operation_id": op.ID, "release": r,
			"records": []string{p.ID}}).decode(t, &k)
		recs = append(recs, rec{"case", "/api/v1/cases", k.ID, k.Meta})
	}
	type viewer struct {
		name string
		a    *meridian.Agency
	}
	viewers := []viewer{{"own-agency", a}, {"same-country", a2}, {"other-country", b}, {"non-participant", c}}
	for _, v := range viewers {
		for _, role := range meridian.Roles {
			cl := &client{t, m.URL, mustToken(t, m, v.a, v.name+"."+string(role), role)}
			subj := &meridian.Subject{AgencyID: v.a.ID, Country: v.a.Country, Roles: []meridian.Role{role}}
			lists := map[string][]string{}
			for _, path := range []string{"/api/v1/persons", "/api/v1/documents", "/api/v1/events", "/api/v1/cases"} {
				lists[path] = listIDs(t, cl.must(200, "GET", path+"?limit=1000", nil))
			}
			for _, r := range recs {
				t.Run(r.kind+"/"+string(r.meta.Release.Scope)+"/"+v.name+"/"+string(role), func(t *testing.T) {
					want := policy.CanRead(subj, &r.meta, op.Participation())
					// The rule, independently of policy.
					rule := role != meridian.RoleAdmin && (v.a == a ||
						(r.meta.Release.Scope == meridian.ScopeListed && (contains(r.meta.Release.Countries, v.a.Country) || contains(r.meta.Release.Agencies, v.a.ID))) ||
						(r.meta.Release.Scope == meridian.ScopeAll && (v.a.Country == "MK" || v.a.Country == "AL")))
					if want != rule {
						t.Fatalf("policy says %v, the rule %v", want, rule)
					}
					res := cl.do("GET", r.path+"/"+r.id, nil)
					if (res.status == 200) != want || (res.status != 200 && res.status != 404) {
						t.Fatalf("GET: status %d, may read: %v: %s", res.status, want, res.body)
					}
					if contains(lists[r.path], r.id) != want {
						t.Fatalf("list shows it: %v, may read: %v", contains(lists[r.path], r.id), want)
					}
				})
			}
		}
	}
}

// TestBadInput: malformed JSON, unknown fields, wrong types, invalid UTF-8
// and oversized bodies get a 4xx problem naming the field or limit, and
// nothing is stored.
func TestBadInput(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "Agency A")
	c := &client{t, m.URL, mustToken(t, m, a, "officer", meridian.RoleOfficer)}
	before := countRows(t, m, "records")
	auditBefore := countRows(t, m, "audit_entries")
	valid := `{"role":"suspect","names":[{"full":"Valid"}]}`
	for _, tc := range []struct {
		name, body, ctype string
		status            int
		where             string
	}{
		{"MalformedJSON", `{"role":"suspect","names":[{"full":"x"}`, "application/json", 400, "body"},
		{"UnknownField", `{"role":"suspect","names":[{"full":"x"}],"colour":"red"}`, "application/json", 422, "body.colour"},
		{"ClientSetsOwner", `{"role":"suspect","names":[{"full":"x"}],"owner_agency":"` + meridian.NewID() + `"}`, "application/json", 422, "body.owner_agency"},
		{"WrongType", `{"role":"suspect","names":"Ivan"}`, "application/json", 422, "body.names"},
		{"WrongNestedType", `{"role":"suspect","names":[{"full":42}]}`, "application/json", 422, "body.names[0].full"},
		{"InvalidUTF8", "{\"role\":\"suspect\",\"names\":[{\"full\":\"Iv\xffan\"}]}", "application/json", 400, "body"},
		{"Oversized", `{"role":"suspect","names":[{"full":"` + strings.Repeat("x", 2<<20) + `"}]}`, "application/json", 413, ""},
		{"NotJSON", valid, "text/plain", 415, ""},
		{"MissingRequired", `{"names":[{"full":"x"}]}`, "application/json", 422, "body.role"},
		{"ImpossibleDate", `{"role":"suspect","names":[{"full":"x"}],"birth_date":"1990-13-40"}`, "application/json", 422, "body.birth_date"},
		{"UnknownCountry", `{"role":"suspect","names":[{"full":"x"}],"nationalities":["QQ"]}`, "application/json", 422, "body.nationalities[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.raw("POST", "/api/v1/persons", tc.ctype, []byte(tc.body))
			p := mustProblem(t, r, tc.status, tc.where)
			if tc.status == 413 && !strings.Contains(strings.ToLower(p.Detail+p.Title), "1048576") && !strings.Contains(strings.ToLower(p.Detail), "limit") {
				t.Fatalf("413 does not name the limit: %+v", p)
			}
		})
	}
	t.Run("Event", func(t *testing.T) {
		r := c.do("POST", "/api/v1/events", `{"type":"arrest","occurred_at":"2024-10-01T05:00:00Z","place":{"country":"MK"}}`)
		mustProblem(t, r, 422, "body.charges")
		r = c.do("POST", "/api/v1/events", `{"type":"raid","occurred_at":"2024-10-01T05:00:00Z","place":{"country":"MK","lat":300}}`)
		mustProblem(t, r, 422, "body.place.lat")
	})
	t.Run("NothingStored", func(t *testing.T) {
		if n := countRows(t, m, "records"); n != before {
			t.Fatalf("records %d -> %d", before, n)
		}
		if n := countRows(t, m, "audit_entries"); n != auditBefore {
			t.Fatalf("audit entries %d -> %d", auditBefore, n)
		}
	})
	t.Run("NoAuth", func(t *testing.T) {
		anon := &client{t, m.URL, ""}
		mustProblem(t, anon.do("GET", "/api/v1/persons", nil), 401, "")
		bad := &client{t, m.URL, "mrt_forged"}
		mustProblem(t, bad.do("GET", "/api/v1/persons", nil), 401, "")
	})
}

func countRows(tb testing.TB, m *Main, table string) int {
	tb.Helper()
	var n int
	if err := m.DB.SQL().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}
