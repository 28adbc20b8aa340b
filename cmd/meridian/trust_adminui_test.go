package main

import (
	"net/url"
	"testing"
	"time"

	"meridian"
)

// TestAgencyEdit: only an administrator renames an agency or changes its
// kind, never its country; the change is audited.
func TestAgencyEdit(t *testing.T) {
	m := MustRunMain(t, Config{})
	mk := mustAgency(t, m, "MK", "MoI Skopj")
	fr := mustAgency(t, m, "FR", "INTERPOL")
	admin := &client{t, m.URL, mustToken(t, m, fr, "admin.fr", meridian.RoleAdmin)}
	path := "/api/v1/agencies/" + mk.ID

	t.Run("ErrForbidden", func(t *testing.T) {
		// The agency's own coordinator and NCB officer may not make their
		// agency a national central bureau, which would let them accept
		// invitations on behalf of the whole country.
		own := &client{t, m.URL, mustToken(t, m, mk, "coord.mk", meridian.RoleCoordinator, meridian.RoleNCB)}
		own.must(403, "PUT", path, map[string]any{"name": "MoI Skopje", "kind": "ncb"})
		(&client{t, m.URL, ""}).must(401, "PUT", path, map[string]any{"name": "MoI Skopje", "kind": "ncb"})
	})
	t.Run("ErrCountry", func(t *testing.T) {
		mustProblem(t, admin.do("PUT", path, map[string]any{"name": "MoI Skopje", "kind": "police", "country": "AL"}), 422, "body.country")
		mustProblem(t, admin.do("PUT", path, map[string]any{"name": " ", "kind": "police"}), 422, "body.name")
		mustProblem(t, admin.do("PUT", path, map[string]any{"name": "MoI Skopje", "kind": "army"}), 422, "body.kind")
		admin.must(404, "PUT", "/api/v1/agencies/"+meridian.NewID(), map[string]any{"name": "x", "kind": "police"})
	})
	t.Run("OK", func(t *testing.T) {
		var a meridian.Agency
		admin.must(200, "PUT", path, map[string]any{"name": "MoI Skopje", "kind": "ncb", "country": "MK"}).decode(t, &a)
		if a.Name != "MoI Skopje" || a.Kind != meridian.AgencyNCB || a.Country != "MK" || a.CreatedAt.IsZero() {
			t.Fatalf("agency after edit: %+v", a)
		}
		got, err := m.DB.FindAgencyByID(sys(), mk.ID)
		if err != nil || got.Name != "MoI Skopje" || got.Kind != meridian.AgencyNCB || got.Country != "MK" {
			t.Fatalf("stored: %+v (%v)", got, err)
		}
		var trail list[meridian.AuditEntry]
		admin.must(200, "GET", "/api/v1/audit?record_id="+mk.ID+"&action=update", nil).decode(t, &trail)
		if len(trail.Items) != 1 || trail.Items[0].Username != "admin.fr" || trail.Items[0].RecordKind != "agency" {
			t.Fatalf("audit of the edit: %+v", trail.Items)
		}
	})
	t.Run("CreateAudited", func(t *testing.T) {
		var a meridian.Agency
		admin.must(201, "POST", "/api/v1/agencies", map[string]any{"name": "Police of Montenegro", "kind": "police", "country": "ME"}).decode(t, &a)
		var trail list[meridian.AuditEntry]
		admin.must(200, "GET", "/api/v1/audit?record_id="+a.ID+"&action=create", nil).decode(t, &trail)
		if len(trail.Items) != 1 || trail.Items[0].Username != "admin.fr" || trail.Items[0].RecordKind != "agency" {
			t.Fatalf("audit of the creation: %+v", trail.Items)
		}
	})
}

// TestAuditFilters: the audit log is searched by action and period, newest
// first on request; a period that ends before it starts is refused at the
// parameter; the scope of each reader still holds.
func TestAuditFilters(t *testing.T) {
	m := MustRunMain(t, Config{})
	mk := mustAgency(t, m, "MK", "MoI Skopje")
	fr := mustAgency(t, m, "FR", "INTERPOL")
	admin := &client{t, m.URL, mustToken(t, m, fr, "admin.fr", meridian.RoleAdmin)}
	owner := &client{t, m.URL, mustToken(t, m, mk, "owner.mk", meridian.RoleOfficer)}
	var p meridian.Person
	owner.must(201, "POST", "/api/v1/persons", map[string]any{"role": "suspect", "names": []map[string]any{{"full": "Dragan Petrović"}}}).decode(t, &p)
	for range 3 {
		owner.must(200, "GET", "/api/v1/persons/"+p.ID, nil)
	}
	entries := func(c *client, q url.Values) []meridian.AuditEntry {
		t.Helper()
		var l list[meridian.AuditEntry]
		c.must(200, "GET", "/api/v1/audit?"+q.Encode(), nil).decode(t, &l)
		return l.Items
	}

	reads := entries(admin, url.Values{"record_id": {p.ID}, "action": {"read"}})
	if len(reads) != 3 {
		t.Fatalf("%d reads, want 3", len(reads))
	}
	newest := entries(admin, url.Values{"record_id": {p.ID}, "order": {"newest"}, "limit": {"2"}})
	if len(newest) != 2 || newest[0].Seq <= newest[1].Seq || newest[0].Seq != reads[2].Seq {
		t.Fatalf("newest first: %+v", newest)
	}
	// The next page of newest first goes on backwards.
	var page list[meridian.AuditEntry]
	admin.must(200, "GET", "/api/v1/audit?"+url.Values{"record_id": {p.ID}, "order": {"newest"}, "limit": {"2"}}.Encode(), nil).decode(t, &page)
	var rest list[meridian.AuditEntry]
	admin.must(200, "GET", "/api/v1/audit?"+url.Values{"record_id": {p.ID}, "order": {"newest"}, "limit": {"2"}, "cursor": {page.NextCursor}}.Encode(), nil).decode(t, &rest)
	if len(rest.Items) != 2 || rest.Items[0].Seq >= newest[1].Seq {
		t.Fatalf("second page newest first: %+v after %+v", rest.Items, newest)
	}

	at := reads[1].At
	inPeriod := entries(admin, url.Values{"record_id": {p.ID}, "action": {"read"},
		"from": {at.Format(time.RFC3339Nano)}, "to": {at.Add(time.Microsecond).Format(time.RFC3339Nano)}})
	for _, e := range inPeriod {
		if e.At.Before(at) || !e.At.Before(at.Add(time.Microsecond)) {
			t.Fatalf("entry at %v outside [%v, +1µs)", e.At, at)
		}
	}
	if len(inPeriod) == 0 {
		t.Fatalf("no entry in the period of entry %d", reads[1].Seq)
	}
	if got := entries(admin, url.Values{"record_id": {p.ID}, "from": {time.Now().Add(time.Hour).UTC().Format(time.RFC3339)}}); len(got) != 0 {
		t.Fatalf("entries from the future: %+v", got)
	}
	mustProblem(t, admin.do("GET", "/api/v1/audit?"+url.Values{"from": {"2026-01-02T00:00:00Z"}, "to": {"2026-01-01T00:00:00Z"}}.Encode(), nil), 422, "query.to")
	mustProblem(t, admin.do("GET", "/api/v1/audit?order=sideways", nil), 422, "query.order")

	// Another agency's officer filtering by the record still sees only
	// their own entries: filters narrow the scope, never widen it.
	al := mustAgency(t, m, "AL", "State Police")
	other := &client{t, m.URL, mustToken(t, m, al, "other.al", meridian.RoleOfficer)}
	if got := entries(other, url.Values{"record_id": {p.ID}, "action": {"read"}, "order": {"newest"}}); len(got) != 0 {
		t.Fatalf("another agency sees the reads: %+v", got)
	}
}

// TestAuditVerifyRoute: an administrator has the whole log verified from
// the browser and learns of tampering as `meridian audit verify` would;
// nobody else may start a run (it reads the whole log); every run is on
// the record before it reads.
func TestAuditVerifyRoute(t *testing.T) {
	m := MustRunMain(t, Config{})
	fr := mustAgency(t, m, "FR", "INTERPOL")
	admin := &client{t, m.URL, mustToken(t, m, fr, "admin.fr", meridian.RoleAdmin)}
	for _, roles := range [][]meridian.Role{{meridian.RoleNCB}, {meridian.RoleCoordinator}, {meridian.RoleOfficer, meridian.RoleAnalyst, meridian.RoleObserver}} {
		c := &client{t, m.URL, mustToken(t, m, fr, "user."+string(roles[0]), roles...)}
		c.must(403, "POST", "/api/v1/audit/verify", map[string]any{})
	}
	(&client{t, m.URL, ""}).must(401, "POST", "/api/v1/audit/verify", map[string]any{})

	var v meridian.AuditVerification
	admin.must(200, "POST", "/api/v1/audit/verify", map[string]any{}).decode(t, &v)
	if !v.OK || len(v.Problems) != 0 || v.TreeSize < 1 || v.Entries < v.TreeSize || v.Root == "" || v.Note == "" || v.VerifierKey == "" {
		t.Fatalf("verification of an intact log: %+v", v)
	}
	es, _, err := m.DB.FindAuditEntries(sys(), meridian.AuditFilter{Action: "audit_verify"})
	if err != nil || len(es) != 1 || es[0].Username != "admin.fr" || es[0].Seq > v.Entries {
		t.Fatalf("audit_verify entries %+v (%v), log read up to %d", es, err, v.Entries)
	}

	// Someone with the database but not the key rewrites why a record was
	// read: the overseer's screen says so.
	mustExec(t, m.DB.SQL(), `UPDATE audit_entries SET purpose = 'snooping' WHERE seq = 1`)
	admin.must(200, "POST", "/api/v1/audit/verify", map[string]any{}).decode(t, &v)
	if v.OK || len(v.Problems) == 0 || v.Problems[0].Kind != "altered" || v.Problems[0].Seq != 1 {
		t.Fatalf("verification of a tampered log: %+v", v)
	}
}
