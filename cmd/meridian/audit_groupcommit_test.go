package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"meridian"
)

// TestAuditFoldedChecksOutsideVerifier makes a batch of checks without a
// hit through the API (one audit entry saying how many, issue 10) and
// checks an export of the log with the outside verifier, which reads the
// count from the signed leaf (docs/audit-format.md, field 14).
func TestAuditFoldedChecksOutsideVerifier(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "Agency A")
	c := &client{t, m.URL, mustToken(t, m, a, "officer.a", meridian.RoleOfficer)}
	checks := []map[string]any{{"name": "Nobody Atall"}, {"name": "Somebody Else"}, {"name": "Noone Listed"}}
	c.must(200, "POST", "/api/v1/checks/persons", map[string]any{"place_kind": "airport", "checks": checks})
	data := m.Config.Data
	if err := m.Close(); err != nil {
		t.Fatal(err)
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
	if !bytes.Contains(raw, []byte(`"action":"check"`)) || !bytes.Contains(raw, []byte(`"times":3`)) {
		t.Fatalf("the export holds no entry folding the 3 checks:\n%s", raw)
	}
}
