package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"meridian"
)

// TestRequestBadInput: what a user may send wrong, through HTTP: each is
// a 4xx naming the field, the state or the version, never a 500, and
// nothing is stored.
func TestRequestBadInput(t *testing.T) {
	w := newCaseWorld(t, Config{})
	r := w.draft(t, meridian.RequestMLA, nil)
	for _, tc := range []struct {
		name   string
		status int
		method string
		path   string
		body   any
		field  string
	}{
		{"unknown type", 422, "POST", "/api/v1/requests", map[string]any{"case_id": w.caseID, "type": "letter", "title": "x", "to_agency_id": w.mk.ID}, "body.type"},
		{"no title", 422, "POST", "/api/v1/requests", map[string]any{"case_id": w.caseID, "type": "eio", "title": "", "to_agency_id": w.mk.ID}, "body.title"},
		{"malformed case", 422, "POST", "/api/v1/requests", map[string]any{"case_id": "nope", "type": "eio", "title": "x", "to_agency_id": w.mk.ID}, "body.case_id"},
		{"unknown case", 404, "POST", "/api/v1/requests", map[string]any{"case_id": meridian.NewID(), "type": "eio", "title": "x", "to_agency_id": w.mk.ID}, ""},
		{"to itself", 422, "POST", "/api/v1/requests", map[string]any{"case_id": w.caseID, "type": "eio", "title": "x", "to_agency_id": w.rs.ID}, "body.to.agency_id"},
		{"to an outsider", 422, "POST", "/api/v1/requests", map[string]any{"case_id": w.caseID, "type": "eio", "title": "x", "to_agency_id": w.de.ID}, "body.to.agency_id"},
		{"urgent without hours", 422, "POST", "/api/v1/requests", map[string]any{"case_id": w.caseID, "type": "eio", "title": "x", "to_agency_id": w.mk.ID, "urgent": true}, "body.urgent_hours"},
		{"a field of another form", 422, "POST", "/api/v1/requests", map[string]any{"case_id": w.caseID, "type": "eio", "title": "x", "to_agency_id": w.mk.ID,
			"fields": map[string]string{"warrant": "x"}}, "body.fields.warrant"},
		{"unknown field", 422, "POST", "/api/v1/requests", map[string]any{"case_id": w.caseID, "type": "eio", "title": "x", "to_agency_id": w.mk.ID, "colour": "red"}, ""},
		{"unknown action", 422, "POST", "/api/v1/requests/" + r.ID + "/transitions", map[string]any{"action": "approve", "version": r.Version}, "body.action"},
		{"stale version", 409, "POST", "/api/v1/requests/" + r.ID + "/transitions", map[string]any{"action": "withdraw", "version": r.Version + 5}, ""},
		{"incomplete MLA", 422, "POST", "/api/v1/requests/" + r.ID + "/transitions", map[string]any{"action": "send", "version": r.Version}, "body.fields.legal_basis"},
		{"malformed request id", 404, "GET", "/api/v1/requests/..%2f", nil, ""},
		{"unknown request", 404, "GET", "/api/v1/requests/" + meridian.NewID(), nil, ""},
		{"unknown role", 422, "PUT", "/api/v1/cases/" + w.caseID + "/participants/" + w.de.ID, map[string]any{"role": "boss"}, ""},
		{"the lead as participant", 422, "PUT", "/api/v1/cases/" + w.caseID + "/participants/" + w.rs.ID, map[string]any{"role": "observer"}, "body.agency_id"},
		{"unknown agency", 422, "PUT", "/api/v1/cases/" + w.caseID + "/participants/" + meridian.NewID(), map[string]any{"role": "observer"}, "body.agency_id"},
		{"bad deadline", 403, "PUT", "/api/v1/deadlines/eio", map[string]any{"acknowledge_hours": 1, "decide_hours": 1, "execute_hours": 1, "remind_hours": 0}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := w.rsPro.do(tc.method, tc.path, tc.body)
			if resp.status != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.status, tc.status, resp.body)
			}
			if tc.field != "" && !slices.Contains(problemFields(t, resp), tc.field) {
				t.Fatalf("the problem does not name %s: %s", tc.field, resp.body)
			}
		})
	}
	var stored list[meridian.Request]
	w.rsPro.must(200, "GET", "/api/v1/requests", nil).decode(t, &stored)
	if len(stored.Items) != 1 || stored.Items[0].State != "draft" || stored.Items[0].Version != r.Version {
		t.Fatalf("bad input stored or changed something: %+v", stored.Items)
	}
	// An administrator's bad rule is named; a good one applies to the
	// requests sent after it.
	admin := &client{t, w.m.URL, mustToken(t, w.m, w.rs, "admin.rs", meridian.RoleAdmin)}
	if got := problemFields(t, admin.must(422, "PUT", "/api/v1/deadlines/eio", map[string]any{"acknowledge_hours": 0, "decide_hours": 1, "execute_hours": 1, "remind_hours": 0})); !slices.Contains(got, "body.acknowledge_hours") {
		t.Fatalf("bad rule names %v", got)
	}
	admin.must(200, "PUT", "/api/v1/deadlines/eio", map[string]any{"acknowledge_hours": 24, "decide_hours": 48, "execute_hours": 72, "remind_hours": 6})
	e := w.draft(t, meridian.RequestEIO, eioFields())
	transit(t, w.rsPro, 200, &e, "send", "")
	for _, d := range e.Deadlines {
		if d.Kind == "acknowledge" && d.Due.Sub(e.SentAt).Hours() != 24 {
			t.Fatalf("the new rule is not applied: %+v", d)
		}
	}
}

// TestReceiptVerifyCLI: meridian receipt verify checks a request's
// receipts offline with audit.pub, and names what fails in a tampered
// copy (exit 1).
func TestReceiptVerifyCLI(t *testing.T) {
	w := newCaseWorld(t, Config{})
	r := w.draft(t, meridian.RequestEIO, eioFields())
	transit(t, w.rsPro, 200, &r, "send", "")
	transit(t, w.mkPro, 200, &r, "acknowledge", "")
	body := w.rsPro.must(200, "GET", "/api/v1/requests/"+r.ID+"/receipts", nil).body
	dir := t.TempDir()
	good := filepath.Join(dir, "receipts.json")
	if err := os.WriteFile(good, body, 0o600); err != nil {
		t.Fatal(err)
	}
	pub := filepath.Join(w.m.Config.Data, "audit.pub")
	out, errs, code := cli(t, "", "receipt", "verify", good, "--key", pub)
	if code != 0 || !strings.HasPrefix(out, "ok: 2 receipts of request "+r.ID) {
		t.Fatalf("verify: exit %d, %q %q", code, out, errs)
	}
	bad := filepath.Join(dir, "tampered.json")
	if err := os.WriteFile(bad, []byte(strings.Replace(string(body), "Hearing of a witness", "Hearing of two witnesses", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errs, code = cli(t, "", "receipt", "verify", bad, "--key", pub)
	if code != 1 || !strings.Contains(out, "content does not hash to its digest") {
		t.Fatalf("a tampered copy: exit %d, %q %q", code, out, errs)
	}
	if _, _, code = cli(t, "", "receipt", "verify", good); code != 2 {
		t.Fatalf("no key: exit %d, want 2", code)
	}
}
