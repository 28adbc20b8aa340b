package main

import (
	"context"
	"slices"
	"testing"

	"meridian"
)

// TestKeySearch: a search by identifier finds, through HTTP, only the
// records the caller may read, normalises identifiers as people write
// them, refuses malformed ones naming the field, and is audited as one
// list entry naming the records shown (issue 10, item 5).
func TestKeySearch(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "Agency A")
	b := mustAgency(t, m, "AL", "Agency B")
	ca := &client{t, m.URL, mustToken(t, m, a, "officer-a", meridian.RoleOfficer)}
	cb := &client{t, m.URL, mustToken(t, m, b, "officer-b", meridian.RoleOfficer)}
	admin := &client{t, m.URL, mustToken(t, m, a, "admin-a", meridian.RoleAdmin)}
	person := func(c *client, name string) string {
		var rec struct {
			ID          string                `json:"id"`
			Identifiers []meridian.Identifier `json:"identifiers"`
		}
		c.must(201, "POST", "/api/v1/persons", map[string]any{"role": "suspect", "names": []map[string]any{{"full": name}},
			"identifiers": []map[string]any{
				{"kind": "phone", "value": "+389 70 123 456"},
				{"kind": "vehicle", "value": "sk 123-ab", "country": "MK"},
				{"kind": "online_account", "value": "@Ana_Jobs", "platform": "Telegram"},
			}}).decode(t, &rec)
		if rec.Identifiers[1].Norm != "MK:SK123AB" || rec.Identifiers[2].Norm != "telegram:ana_jobs" {
			t.Fatalf("identifiers %+v", rec.Identifiers)
		}
		return rec.ID
	}
	pa := person(ca, "Ana A") // both owner-only: neither agency reads the other's
	pb := person(cb, "Ana B")

	search := func(c *client, keys ...map[string]any) []string {
		var l list[meridian.KeyMatch]
		c.must(200, "POST", "/api/v1/keys/search", map[string]any{"keys": keys}).decode(t, &l)
		var ids []string
		for _, x := range l.Items {
			ids = append(ids, x.RecordID)
		}
		return ids
	}
	phone := map[string]any{"type": "phone", "value": "00389-70-123-456"}
	if got := search(ca, phone); !slices.Equal(got, []string{pa}) {
		t.Fatalf("A finds %v, want only its own %s", got, pa)
	}
	if got := search(cb, map[string]any{"type": "plate", "value": "MK: SK 123 AB"}, map[string]any{"type": "online_account", "value": "telegram:ana_jobs"}); !slices.Equal(got, []string{pb, pb}) {
		t.Fatalf("B finds %v, want only its own %s", got, pb)
	}
	if got := search(admin, phone); len(got) != 0 {
		t.Fatalf("an administrator finds %v", got)
	}

	// One list entry naming exactly what A was shown.
	var last *meridian.AuditEntry
	if err := m.DB.Entries(context.Background(), func(e *meridian.AuditEntry) error { last = e; return nil }); err != nil {
		t.Fatal(err)
	}
	search(ca, phone)
	var after []*meridian.AuditEntry
	if err := m.DB.Entries(context.Background(), func(e *meridian.AuditEntry) error {
		if e.Seq > last.Seq {
			after = append(after, e)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(after) != 1 || after[0].Action != meridian.AuditList || after[0].Username != "officer-a" ||
		len(after[0].Records) != 1 || after[0].Records[0].ID != pa {
		t.Fatalf("audit of the search: %+v", after)
	}

	for _, tc := range []struct {
		key   map[string]any
		where string
	}{
		{map[string]any{"type": "iban", "value": "GB82 WEST 1234 5698 7654 31"}, "body.keys[0].value"},
		{map[string]any{"type": "phone", "value": "070 123 456"}, "body.keys[0].value"},
		{map[string]any{"type": "email", "value": "ana@localhost"}, "body.keys[0].value"},
		{map[string]any{"type": "document", "value": "AB123456"}, "body.keys[0].value"},
		{map[string]any{"type": "passport", "value": "AL:AB123456"}, "body.keys[0].type"},
	} {
		mustProblem(t, ca.do("POST", "/api/v1/keys/search", map[string]any{"keys": []map[string]any{tc.key}}), 422, tc.where)
	}
	mustProblem(t, ca.do("POST", "/api/v1/keys/search", map[string]any{"keys": []map[string]any{}}), 422, "body.keys")
	(&client{t, m.URL, ""}).must(401, "POST", "/api/v1/keys/search", map[string]any{"keys": []map[string]any{phone}})
}
