package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"meridian"
)

// TestHitAuditFolded: a batch check through the API whose hits fall on
// several records of one owner is audited as one check_hit entry naming
// them and one read entry naming those shown (issue 10), not two entries
// a hit. The owner's trail (the audit screen's search by record) still
// finds every hit and every record shown, with who checked; the checker's
// side does not learn which records the hidden hits were; the log
// verifies with the CLI and with the outside verifier.
func TestHitAuditFolded(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "MoI Skopje")
	b := mustAgency(t, m, "AL", "State Police Tirana")
	owner := &client{t, m.URL, mustToken(t, m, a, "owner.officer", meridian.RoleOfficer)}
	ownerNCB := &client{t, m.URL, mustToken(t, m, a, "owner.ncb", meridian.RoleNCB)}
	checker := &client{t, m.URL, mustToken(t, m, b, "checker", meridian.RoleOfficer)}
	checkerNCB := &client{t, m.URL, mustToken(t, m, b, "checker.ncb", meridian.RoleNCB)}
	ids := map[string]string{}
	for name, release := range map[string]map[string]any{
		"Dragan Petrović": {"scope": "owner"}, "Olena Kovalenko": {"scope": "owner"},
		"Artan Krasniqi": {"scope": "listed", "countries": []string{"AL"}},
	} {
		var w meridian.WatchPerson
		owner.must(201, "POST", "/api/v1/watchlist/persons", watchPersonBody(name, "wanted", release)).decode(t, &w)
		ids[name] = w.ID
	}
	hidden, shown := []string{ids["Dragan Petrović"], ids["Olena Kovalenko"]}, ids["Artan Krasniqi"]
	eventually(t, "the index to hold the three", func() bool {
		var out checkResponse
		checker.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": "Olena Kovalenko"}).decode(t, &out)
		return out.Results[0].Hit
	})
	checks := []map[string]any{{"name": "Dragan Petrović"}, {"name": "Olena Kovalenko"}, {"name": "Artan Krasniqi"}, {"name": "Nobody Listed"}}
	var out checkResponse
	checker.must(200, "POST", "/api/v1/checks/persons", map[string]any{"place_kind": "airport", "checks": checks}).decode(t, &out)
	for i := range 3 {
		if !out.Results[i].Hit {
			t.Fatalf("check %d of a listed name did not hit", i)
		}
	}

	type trail = list[meridian.AuditEntry]
	names := func(e meridian.AuditEntry, id string) bool {
		return e.RecordID == id || slices.ContainsFunc(e.Records, func(r meridian.AuditRecord) bool { return r.ID == id })
	}
	search := func(c *client, id, action string) []meridian.AuditEntry {
		var tr trail
		c.must(200, "GET", "/api/v1/audit?record_id="+id+"&action="+action+"&limit=1000", nil).decode(t, &tr)
		return tr.Items
	}
	// The owner's trail: every record hit, and the one shown, by B's
	// checker.
	for _, id := range append(slices.Clone(hidden), shown) {
		es := search(ownerNCB, id, "check_hit")
		if !slices.ContainsFunc(es, func(e meridian.AuditEntry) bool { return e.AgencyID == b.ID && names(e, id) }) {
			t.Fatalf("the owner's trail of %s holds no check_hit by the checker: %+v", id, es)
		}
	}
	if es := search(ownerNCB, shown, meridian.AuditRead); !slices.ContainsFunc(es, func(e meridian.AuditEntry) bool { return e.AgencyID == b.ID && names(e, shown) }) {
		t.Fatalf("the owner's trail holds no read of the record shown: %+v", es)
	}
	// Folded: the batch's two hidden hits are one entry naming both.
	es := search(ownerNCB, hidden[0], "check_hit")
	if e := es[len(es)-1]; !names(e, hidden[1]) || e.RecordOwner != a.ID {
		t.Fatalf("the batch's hits on A's records are not one entry naming them: %+v", e)
	}
	// The checker's side: nothing of the hidden records.
	for _, c := range []*client{checker, checkerNCB} {
		for _, id := range hidden {
			if es := search(c, id, ""); len(es) != 0 {
				t.Fatalf("a search by a hidden record's id found %+v", es)
			}
		}
		var tr trail
		c.must(200, "GET", "/api/v1/audit?action=check_hit&limit=1000", nil).decode(t, &tr)
		for _, e := range tr.Items {
			if e.RecordID != "" || len(e.Records) != 0 || e.RecordKind != "" {
				t.Fatalf("the checker's side reads a hit entry's records: %+v", e)
			}
		}
		if es := search(c, shown, meridian.AuditRead); len(es) == 0 {
			t.Fatal("the checker does not find their read of the record shown")
		}
	}

	data := m.Config.Data
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if out, stderr, code := cli(t, "", "audit", "verify", "--data", data); code != 0 || !strings.HasPrefix(out, "ok: ") {
		t.Fatalf("audit verify: %q %q %d", out, stderr, code)
	}
	export := filepath.Join(t.TempDir(), "audit.export")
	if out, stderr, code := cli(t, "", "audit", "export", "--data", data, "--out", export); code != 0 {
		t.Fatalf("export: %q %q", out, stderr)
	}
	pub, err := os.ReadFile(filepath.Join(data, "audit.pub"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := outsideVerify(export, pub); err != nil {
		t.Fatalf("outside verifier: %v", err)
	}
	raw, _ := os.ReadFile(export)
	if !bytes.Contains(raw, []byte(`"action":"check_hit"`)) || !bytes.Contains(raw, []byte(hidden[1])) {
		t.Fatal("the export holds no check_hit entry naming the hidden hits")
	}
}
