package main

import (
	"maps"
	"testing"

	"meridian"
)

// TestRefusedInput: input that encoding/json or a lax check would accept
// but no one meant is refused with the field it concerns, on every kind
// and every route that takes a body (issue 9, finding 13).
func TestRefusedInput(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "Agency A")
	c := &client{t, m.URL, mustToken(t, m, a, "officer", meridian.RoleOfficer, meridian.RoleNCB)}
	op := &meridian.Operation{Name: "Dates", Start: "2024-09-29", End: "2024-10-04", Status: meridian.OperationActive, Countries: []string{"MK"}}
	if err := m.DB.CreateOperation(sys(), op); err != nil {
		t.Fatal(err)
	}
	// One valid body of each kind of record (each carries a retention
	// review date).
	kinds := []struct {
		path string
		body map[string]any
	}{
		{"/api/v1/persons", map[string]any{"role": "suspect", "names": []map[string]any{{"full": "Valid Name"}}}},
		{"/api/v1/documents", map[string]any{"type": "passport", "number": "AB123456", "issuing_state": "MK"}},
		{"/api/v1/events", map[string]any{"type": "raid", "operation_id": op.ID, "occurred_at": "2024-10-01T05:00:00Z", "place": map[string]any{"country": "MK"}}},
		{"/api/v1/cases", map[string]any{"title": "A case"}},
		{"/api/v1/watchlist/persons", map[string]any{"category": "wanted", "names": []map[string]any{{"full": "Listed Person"}}}},
		{"/api/v1/watchlist/documents", map[string]any{"number": "XY987654", "issuing_state": "AL", "status": "stolen"}},
	}
	with := func(b map[string]any, k string, v any) map[string]any {
		b = maps.Clone(b)
		b[k] = v
		return b
	}
	t.Run("ImpossibleRetentionDate", func(t *testing.T) {
		for _, k := range kinds {
			for _, d := range []string{"2026-13-45", "2026-02-30", "2025-02-29", "2026-04-31", "2026-00-10", "2026-01-00", "0000-01-01", "9999-12-31"} {
				r := c.do("POST", k.path, with(k.body, "retention_review", d))
				mustProblem(t, r, 422, "body.retention_review")
			}
			// A leap day that exists is a date like any other.
			var rec struct {
				ID      string `json:"id"`
				Version int    `json:"version"`
			}
			c.must(201, "POST", k.path, with(k.body, "retention_review", "2028-02-29")).decode(t, &rec)
			// Nor may an update bring one in.
			upd := with(k.body, "retention_review", "2026-13-45")
			upd["version"] = rec.Version
			mustProblem(t, c.do("PUT", k.path+"/"+rec.ID, upd), 422, "body.retention_review")
		}
	})
	t.Run("DuplicateKeys", func(t *testing.T) {
		for _, tc := range []struct{ name, path, body, where string }{
			{"TopLevel", "/api/v1/persons", `{"role":"victim","names":[{"full":"A"}],"role":"suspect"}`, "body.role"},
			{"ButForCase", "/api/v1/persons", `{"role":"victim","names":[{"full":"A"}],"ROLE":"suspect"}`, "body.ROLE"},
			{"Nested", "/api/v1/persons", `{"role":"suspect","names":[{"full":"A"},{"full":"B","full":"C"}]}`, "body.names[1].full"},
			{"Escaped", "/api/v1/persons", `{"role":"suspect","names":[{"full":"A"}],"r\u006fle":"victim"}`, "body.role"},
			{"Deep", "/api/v1/events", `{"type":"rescue","operation_id":"` + op.ID + `","occurred_at":"2024-10-01T05:00:00Z","place":{"country":"MK"},` +
				`"victims":[{"count":1,"sex":"F","sex":"M"}]}`, "body.victims[0].sex"},
			{"Release", "/api/v1/cases", `{"title":"x","release":{"scope":"owner","scope":"all"}}`, "body.release.scope"},
			{"Check", "/api/v1/checks/persons", `{"name":"A","name":"B"}`, "body.name"},
			{"Login", "/api/v1/login", `{"username":"a","username":"b","password":"c"}`, "body.username"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				mustProblem(t, c.do("POST", tc.path, tc.body), 400, tc.where)
			})
		}
	})
	t.Run("LoneSurrogate", func(t *testing.T) {
		for _, tc := range []struct{ name, body, where string }{
			{"High", `{"role":"suspect","names":[{"full":"Iv\ud800an"}]}`, "body.names[0].full"},
			{"HighAtEnd", `{"role":"suspect","names":[{"full":"Ivan\uD800"}]}`, "body.names[0].full"},
			{"Low", `{"role":"suspect","names":[{"full":"Ivan"}],"notes":"\udc00"}`, "body.notes"},
			{"HighThenLetter", `{"role":"suspect","names":[{"full":"\ud800\u0041"}]}`, "body.names[0].full"},
			{"HighThenHigh", `{"role":"suspect","names":[{"full":"\ud800\ud800"}]}`, "body.names[0].full"},
			{"InKey", `{"role":"suspect","names":[{"full":"Ivan"}],"\ud800":1}`, "body"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				mustProblem(t, c.do("POST", "/api/v1/persons", tc.body), 400, tc.where)
			})
		}
		// A pair is one character, written as the sender meant.
		var p meridian.Person
		c.must(201, "POST", "/api/v1/persons", `{"role":"suspect","names":[{"full":"Ivan \ud83d\ude00"}]}`).decode(t, &p)
		if p.PrimaryName() != "Ivan \U0001F600" {
			t.Fatalf("name %q", p.PrimaryName())
		}
	})
}

// TestVictimNeverSuspect: no path through the API makes a victim record a
// suspect or names a victim as a suspect or arrested, and no rescue links
// a suspect (issue 9, finding 4; non-punishment principle).
func TestVictimNeverSuspect(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "Agency A")
	c := &client{t, m.URL, mustToken(t, m, a, "officer", meridian.RoleOfficer)}
	person := func(role string, extra map[string]any) meridian.Person {
		b := map[string]any{"role": role, "names": []map[string]any{{"full": "Person " + role}}, "sex": "F", "nationalities": []string{"NG"}}
		maps.Copy(b, extra)
		var p meridian.Person
		c.must(201, "POST", "/api/v1/persons", b).decode(t, &p)
		return p
	}
	victimDetails := map[string]any{"victim": map[string]any{"status": "presumed", "exploitation": []string{"forced_criminality"}}}
	event := func(typ string, persons []map[string]any, extra map[string]any) map[string]any {
		b := map[string]any{"type": typ, "occurred_at": "2024-10-01T05:00:00Z", "place": map[string]any{"country": "MK"}, "persons": persons}
		if typ == "arrest" {
			b["charges"] = []map[string]any{{"code": "document_fraud"}}
		}
		if typ == "rescue" && extra["victims"] == nil {
			b["victims"] = []map[string]any{{"count": 3, "sex": "F"}}
		}
		if typ == "migrants" {
			b["migrants"] = []map[string]any{{"count": 3, "nationality": "SY"}}
		}
		maps.Copy(b, extra)
		return b
	}
	named := func(id, role string) []map[string]any { return []map[string]any{{"person_id": id, "role": role}} }
	update := func(p meridian.Person, role string, extra map[string]any) response {
		b := map[string]any{"version": p.Version, "role": role, "names": []map[string]any{{"full": p.PrimaryName()}}}
		maps.Copy(b, extra)
		return c.do("PUT", "/api/v1/persons/"+p.ID, b)
	}

	victim := person("victim", victimDetails)
	suspect := person("suspect", map[string]any{"suspect": map[string]any{"process_roles": []string{"recruiter"}}})
	witness := person("witness", nil)
	var rescue meridian.Event
	c.must(201, "POST", "/api/v1/events", event("rescue", named(victim.ID, "victim"),
		map[string]any{"victims": []map[string]any{{"count": 1, "sex": "F", "person_id": victim.ID}}})).decode(t, &rescue)

	t.Run("VictimRoleNeverChanges", func(t *testing.T) {
		for _, role := range []string{"suspect", "witness", "irregular_migrant"} {
			mustProblem(t, update(victim, role, nil), 422, "body.role")
		}
		// Also a victim no event names yet.
		fresh := person("victim", victimDetails)
		mustProblem(t, update(fresh, "suspect", map[string]any{"suspect": map[string]any{"process_roles": []string{"exploiter"}}}), 422, "body.role")
		// Its details stay: a refused change dropped nothing.
		var got meridian.Person
		c.must(200, "GET", "/api/v1/persons/"+fresh.ID, nil).decode(t, &got)
		if got.Role != meridian.RoleVictim || got.Victim == nil || got.Victim.Exploitation[0] != "forced_criminality" {
			t.Fatalf("victim record now %+v", got)
		}
	})
	t.Run("NoEventNamesVictimSuspectOrArrested", func(t *testing.T) {
		for _, typ := range []string{"arrest", "raid", "interception", "migrants", "rescue"} {
			mustProblem(t, c.do("POST", "/api/v1/events", event(typ, named(victim.ID, "suspect"), nil)), 422, "body.persons[0].role")
		}
		// An arrest names whom it arrests, whatever the role it gives.
		mustProblem(t, c.do("POST", "/api/v1/events", event("arrest", named(victim.ID, "witness"), nil)), 422, "body.persons[0].role")
		// Nor can an update bring the victim into a report: a raid naming
		// the suspect, changed to name the victim as one, or the rescue
		// turned into an arrest.
		var raid meridian.Event
		c.must(201, "POST", "/api/v1/events", event("raid", named(suspect.ID, "suspect"), nil)).decode(t, &raid)
		upd := event("raid", append(named(suspect.ID, "suspect"), named(victim.ID, "suspect")...), map[string]any{"version": raid.Version})
		mustProblem(t, c.do("PUT", "/api/v1/events/"+raid.ID, upd), 422, "body.persons[1].role")
		upd = event("arrest", named(victim.ID, "witness"), map[string]any{"version": rescue.Version})
		mustProblem(t, c.do("PUT", "/api/v1/events/"+rescue.ID, upd), 422, "body.persons[0].role")
	})
	t.Run("RescueNeverNamesSuspect", func(t *testing.T) {
		for _, p := range []meridian.Person{suspect, witness} {
			link := map[string]any{"victims": []map[string]any{{"count": 1, "sex": "F", "person_id": p.ID}}}
			mustProblem(t, c.do("POST", "/api/v1/events", event("rescue", nil, link)), 422, "body.victims[0].person_id")
			mustProblem(t, c.do("POST", "/api/v1/events", event("rescue", named(p.ID, "victim"), nil)), 422, "body.persons[0].role")
			mustProblem(t, c.do("POST", "/api/v1/events", event("raid", named(p.ID, "victim"), nil)), 422, "body.persons[0].role")
		}
	})
	t.Run("SuspectNeverBecomesVictim", func(t *testing.T) {
		mustProblem(t, update(suspect, "victim", victimDetails), 422, "body.role")
		// A witness an event names as a suspect may not either.
		w := person("witness", nil)
		c.must(201, "POST", "/api/v1/events", event("raid", named(w.ID, "suspect"), nil))
		mustProblem(t, update(w, "victim", victimDetails), 422, "body.role")
		// A witness no event names a suspect may be recognised as a
		// victim; from then on the record stays a victim's.
		w2 := person("witness", nil)
		var now meridian.Person
		update(w2, "victim", victimDetails).decode(t, &now)
		if now.Role != meridian.RoleVictim {
			t.Fatalf("witness not recognised as a victim: %+v", now)
		}
		mustProblem(t, update(now, "witness", nil), 422, "body.role")
	})
	t.Run("NoDeleteAndRecreate", func(t *testing.T) {
		// The rescued victim's record is linked from the rescue: it cannot
		// be deleted (and recreated as a suspect) while the rescue stands.
		mustProblem(t, c.do("DELETE", "/api/v1/persons/"+victim.ID, nil), 409, "")
	})
	t.Run("CaseLinksBoth", func(t *testing.T) {
		// A case links records without giving anyone a role.
		c.must(201, "POST", "/api/v1/cases", map[string]any{"title": "Scam compound", "records": []string{victim.ID, suspect.ID}})
		var got meridian.Person
		c.must(200, "GET", "/api/v1/persons/"+victim.ID, nil).decode(t, &got)
		if got.Role != meridian.RoleVictim || got.Version != victim.Version {
			t.Fatalf("victim record changed: %+v", got)
		}
	})
}
