package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"meridian"
)

// TestImportWatchlistFtMExport: an export shaped like a real screening
// list's (persons among companies, sanctions, addresses, links, identity
// documents) is imported, not refused; its persons carry their sanctions,
// addresses and documents; what was skipped is reported; and a file with
// a broken line is refused as invalid input naming the line, never as an
// "internal error".
func TestImportWatchlistFtMExport(t *testing.T) {
	data := t.TempDir()
	agency, _, code := cli(t, "", "agency", "add", "--data", data, "--country", "RS", "--kind", "ncb", "--name", "NCB Belgrade")
	agency = strings.TrimSpace(agency)
	if code != 0 {
		t.Fatal("agency add failed")
	}
	export, err := filepath.Abs("../../watchlist/testdata/export.ftm.json")
	if err != nil {
		t.Fatal(err)
	}
	out, stderr, code := cli(t, "", "import", "watchlist", "--data", data, "--format", "ftm", "--agency", agency, export)
	if code != 0 || !strings.HasPrefix(out, "imported 3 entries") {
		t.Fatalf("export: out %q err %q code %d", out, stderr, code)
	}
	for _, want := range []string{"skipped 1: Company", "skipped 1: Ownership", "skipped 1: Family", "skipped 1: Directorship",
		"skipped 1: Passport: neither stolen", "attached 2: Sanction", "attached 1: Passport: attached to its holder"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}

	// A broken line refuses the file, as invalid input naming the line.
	raw, _ := os.ReadFile(export)
	lines := strings.Split(string(raw), "\n")
	lines[3] = `{"id":"addr-x","schema":"Address","properties":{"full":["Niš"]}` // no closing brace
	bad := filepath.Join(t.TempDir(), "bad.ftm.json")
	if err := os.WriteFile(bad, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, code = cli(t, "", "import", "watchlist", "--data", data, "--format", "ftm", "--agency", agency, bad)
	if code != 1 || !strings.Contains(out, "line 4: invalid JSON") || strings.Contains(stderr, "internal error") ||
		!strings.Contains(stderr, "import rejected: 1 error(s) on line(s) 4; nothing was imported") {
		t.Fatalf("broken file: out %q err %q code %d", out, stderr, code)
	}
	// So is a CSV file with bad lines.
	csv := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(csv, []byte("kind,ref,category,name\nperson,P2,nonsense,Ivo Ivić\nperson,P3,wanted,\n"), 0o600)
	out, stderr, code = cli(t, "", "import", "watchlist", "--data", data, "--format", "csv", "--agency", agency, csv)
	if code != 1 || strings.Contains(stderr, "internal error") || !strings.Contains(stderr, "line(s) 2, 3; nothing was imported") {
		t.Fatalf("bad CSV: out %q err %q code %d", out, stderr, code)
	}

	// Only the good import is stored, with what was attached.
	m := MustRunMain(t, Config{Data: data})
	var n int
	m.DB.SQL().QueryRow(`SELECT COUNT(*) FROM records WHERE kind IN ('watch_person', 'watch_document')`).Scan(&n)
	if n != 3 {
		t.Fatalf("%d watchlist records stored, want 3", n)
	}
	ag, _ := m.DB.FindAgencyByID(sys(), agency)
	c := &client{t, m.URL, mustToken(t, m, ag, "ncb", meridian.RoleNCB)}
	var list struct {
		Items []*meridian.WatchPerson `json:"items"`
	}
	c.must(200, "GET", "/api/v1/watchlist/persons", nil).decode(t, &list)
	var dragan *meridian.WatchPerson
	for _, p := range list.Items {
		if p.Ref == "NK-9c1e2f" {
			dragan = p
		}
	}
	if dragan == nil || len(dragan.Sanctions) != 2 || len(dragan.Addresses) != 1 || len(dragan.Documents) != 2 {
		t.Fatalf("stored person %+v", dragan)
	}
	// A check of his name finds him.
	var r checkResponse
	c.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": "Dragan Kostic", "birth_date": "1978-11-02"}).decode(t, &r)
	if !r.Results[0].Hit {
		t.Fatal("imported person not found")
	}
}
