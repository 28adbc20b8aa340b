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
