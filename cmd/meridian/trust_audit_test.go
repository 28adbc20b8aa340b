package main

import (
	"bytes"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"meridian"
	"meridian/audit"
	"meridian/postgres/pgtest"
	"meridian/sqlite"
)

// mustAuditedData runs a server on a fresh data directory with a
// checkpoint every 3 entries, writes n audited entries, stops it and
// returns the directory: a store whose database and witness file hold
// several checkpoints, ready to be tampered with.
func mustAuditedData(t *testing.T, n int) string {
	t.Helper()
	m := MustRunMain(t, Config{})
	m.DB.Checkpoint = 3
	a := mustAgency(t, m, "AL", "Police Tirana")
	for i := range n {
		u := &meridian.User{AgencyID: a.ID, Username: fmt.Sprintf("officer%d", i), Name: "Officer", Roles: []meridian.Role{meridian.RoleOfficer}}
		if err := m.DB.CreateUser(sys(), u, ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	return m.Config.Data
}

func mustSQLite(t *testing.T, data string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(data, sqlite.File))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// verifyReport runs audit verify --json and returns the report and exit code.
func verifyReport(t *testing.T, args ...string) (*audit.Report, int) {
	t.Helper()
	out, stderr, code := cli(t, "", append([]string{"audit", "verify", "--json"}, args...)...)
	var r audit.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("audit verify: %v: %q %q", err, out, stderr)
	}
	if strings.Contains(stderr, "internal error") {
		t.Fatalf("audit verify: %q", stderr)
	}
	return &r, code
}

func hasKind(r *audit.Report, kinds ...string) bool {
	for _, p := range r.Problems {
		for _, k := range kinds {
			if p.Kind == k {
				return true
			}
		}
	}
	return false
}

// TestAuditRollback is the attack of issue 9 finding 5: with the database
// but not the key, delete the newest entries and checkpoints and copy an
// older checkpoint's signed statement into the head. The database is
// then consistent with itself; the witness file is not fooled.
func TestAuditRollback(t *testing.T) {
	data := mustAuditedData(t, 12)
	if out, _, code := cli(t, "", "audit", "verify", "--data", data); code != 0 || !strings.HasPrefix(out, "ok: ") || strings.Contains(out, " 0 witnessed") {
		t.Fatalf("untouched log: %q %d", out, code)
	}
	db := mustSQLite(t, data)
	var head, older int64
	if err := db.QueryRow(`SELECT seq FROM audit_head`).Scan(&head); err != nil {
		t.Fatal(err)
	}
	// An older checkpoint: the entries and checkpoints after it go.
	if err := db.QueryRow(`SELECT seq FROM audit_checkpoints WHERE note != '' AND seq <= ? ORDER BY seq DESC LIMIT 1`, head-4).Scan(&older); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, `DELETE FROM audit_entries WHERE seq > ?`, older)
	mustExec(t, db, `DELETE FROM audit_checkpoints WHERE seq > ?`, older)
	mustExec(t, db, `UPDATE audit_head SET (seq, hash, at, key_id, signature, root, prev, note) =
		(SELECT seq, hash, at, key_id, signature, root, prev, note FROM audit_checkpoints WHERE seq = ?), last_cp = ?, tree_size = ?`, older, older, older)

	r, code := verifyReport(t, "--data", data)
	if code != 1 || !hasKind(r, audit.KindRollback) || !hasKind(r, audit.KindTruncated) {
		t.Fatalf("rollback not named (exit %d): %+v", code, r.Problems)
	}
	out, _, _ := cli(t, "", "audit", "verify", "--data", data)
	if !strings.Contains(out, "rolled back") {
		t.Fatalf("the message does not say rolled back: %q", out)
	}
}

// TestAuditDeleteCheckpoints deletes every checkpoint: the signed head
// names the one before it, and the witness file holds them all.
func TestAuditDeleteCheckpoints(t *testing.T) {
	data := mustAuditedData(t, 8)
	db := mustSQLite(t, data)
	mustExec(t, db, `DELETE FROM audit_checkpoints`)
	for _, args := range [][]string{{"--data", data}, {"--data", data, "--witness", "none"}} {
		r, code := verifyReport(t, args...)
		if code != 1 || !hasKind(r, audit.KindCheckpointDeleted) {
			t.Fatalf("%v: deleted checkpoints not named (exit %d): %+v", args, code, r.Problems)
		}
	}
}

// TestAuditTamperedWitness: a note in the witness file that does not
// verify is named, and so is a forged (unsigned) one.
func TestAuditTamperedWitness(t *testing.T) {
	data := mustAuditedData(t, 4)
	path := filepath.Join(data, audit.WitnessFile)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Claim a bigger tree in the first note, keeping its signature.
	forged := strings.Replace(string(b), "\n"+fmt.Sprint(audit.ParseNoteSize(string(b)))+"\n", "\n999\n", 1)
	if err := os.WriteFile(path, []byte(forged), 0o600); err != nil {
		t.Fatal(err)
	}
	r, code := verifyReport(t, "--data", data)
	if code != 1 || !hasKind(r, audit.KindBadWitness) {
		t.Fatalf("forged witness note not named (exit %d): %+v", code, r.Problems)
	}
}

// TestAuditExport exports the log and verifies the export with nothing
// but audit.pub; then tampers with the export.
func TestAuditExport(t *testing.T) {
	data := mustAuditedData(t, 7)
	export := filepath.Join(t.TempDir(), "audit.export")
	out, stderr, code := cli(t, "", "audit", "export", "--data", data, "--out", export)
	if code != 0 || !strings.HasPrefix(out, "exported ") {
		t.Fatalf("export: %q %q %d", out, stderr, code)
	}
	// Only the public key, in a directory of its own.
	only := t.TempDir()
	pub, err := os.ReadFile(filepath.Join(data, "audit.pub"))
	if err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(only, "audit.pub")
	if err := os.WriteFile(key, pub, 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code = cli(t, "", "audit", "verify", "--data", only, "--export", export, "--key", key)
	if code != 0 || !strings.HasPrefix(out, "ok: ") {
		t.Fatalf("export does not verify with the public key: %q %q %d", out, stderr, code)
	}
	lines := strings.Split(strings.TrimSuffix(mustRead(t, export), "\n"), "\n")
	tamper := func(name string, edit func([]string) []string, kinds ...string) {
		t.Run(name, func(t *testing.T) {
			x := filepath.Join(t.TempDir(), "x.export")
			if err := os.WriteFile(x, []byte(strings.Join(edit(copyLines(lines)), "\n")+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			r, code := verifyReport(t, "--data", only, "--export", x, "--key", key)
			if code != 1 || !hasKind(r, kinds...) {
				t.Fatalf("not named as %v (exit %d): %+v", kinds, code, r.Problems)
			}
		})
	}
	last := len(lines) - 1
	tamper("DroppedLastEntry", func(l []string) []string { return l[:last] }, audit.KindDeleted, audit.KindTruncated)
	tamper("DroppedEntry", func(l []string) []string { return append(l[:last-2], l[last-1:]...) }, audit.KindDeleted)
	tamper("Swapped", func(l []string) []string { l[last-1], l[last-2] = l[last-2], l[last-1]; return l }, audit.KindReordered)
	tamper("ReadableCopy", func(l []string) []string {
		l[last] = strings.Replace(l[last], `"username":"`, `"username":"x`, 1)
		return l
	}, audit.KindAltered)
	tamper("ForgedHead", func(l []string) []string {
		for i, s := range l {
			if strings.Contains(s, `"head":true`) {
				l[i] = strings.Replace(s, "chain ", "chain 0", 1)
			}
		}
		return l
	}, audit.KindBadSignature)
}

func copyLines(l []string) []string { return append([]string(nil), l...) }

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAuditProve prints an inclusion proof of an entry against the signed
// head, and refuses one for an entry the head does not vouch for.
func TestAuditProve(t *testing.T) {
	data := mustAuditedData(t, 5)
	out, stderr, code := cli(t, "", "audit", "prove", "3", "--data", data)
	if code != 0 || !strings.HasPrefix(out, "entry 3 (leaf index 2) is in the tree of ") || !strings.Contains(out, "— meridian/audit ") {
		t.Fatalf("prove: %q %q %d", out, stderr, code)
	}
	out, stderr, code = cli(t, "", "audit", "prove", "3", "--consistency", "3", "--data", data)
	if code != 0 || !strings.Contains(out, "extends the checkpoint of 3 entries") || !strings.Contains(out, "consistency 0 ") {
		t.Fatalf("consistency: %q %q %d", out, stderr, code)
	}
	if _, stderr, code := cli(t, "", "audit", "prove", "999", "--data", data); code == 0 || !strings.Contains(stderr, "999") {
		t.Fatalf("proof of a missing entry: %q %d", stderr, code)
	}
	// An altered entry has no proof.
	db := mustSQLite(t, data)
	mustExec(t, db, `UPDATE audit_entries SET purpose = 'snooping' WHERE seq = 3`)
	if _, stderr, code := cli(t, "", "audit", "prove", "3", "--data", data); code == 0 || !strings.Contains(stderr, "not in the tree") {
		t.Fatalf("proof of an altered entry: %q %d", stderr, code)
	}
	// Damaged stored hashes: named, not an internal error.
	mustExec(t, db, `DELETE FROM audit_tree`)
	if _, stderr, code := cli(t, "", "audit", "prove", "2", "--data", data); code == 0 || !strings.Contains(stderr, "tree hashes are damaged") {
		t.Fatalf("proof from damaged hashes: %q %d", stderr, code)
	}
}

// TestAuditWitnessOverBus runs two instances on one PostgreSQL database
// with the same key but data directories of their own: the checkpoints
// one signs reach the other's witness file over the bus, so a rollback of
// the shared database is named by either instance's data directory.
func TestAuditWitnessOverBus(t *testing.T) {
	pg := pgtest.NewDatabase(t)
	natsURL := mustSharedNATS(t)
	data1, data2 := t.TempDir(), t.TempDir()
	if _, err := audit.LoadOrCreateKey(data1); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"audit.key", "audit.pub"} {
		b, err := os.ReadFile(filepath.Join(data1, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(data2, f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// Instances of one store share the key that seals its evidence
	// signing keys, as they share the audit key (docs/evidence.md).
	sealing := hex.EncodeToString(bytes.Repeat([]byte{7}, 32))
	m1 := MustRunMain(t, Config{Data: data1, Postgres: pg, NATS: natsURL, EvidenceKey: sealing})
	m2 := MustRunMain(t, Config{Data: data2, Postgres: pg, NATS: natsURL, EvidenceKey: sealing})
	a := mustAgency(t, m1, "MK", "Agency A")
	mustToken(t, m1, a, "officer", meridian.RoleOfficer)
	if err := m1.DB.CheckpointNow(sys()); err != nil {
		t.Fatal(err)
	}
	var head int64
	if err := m1.DB.SQL().QueryRow(`SELECT seq FROM audit_head`).Scan(&head); err != nil {
		t.Fatal(err)
	}
	eventually(t, "instance 2 to witness instance 1's checkpoint", func() bool {
		b, _ := os.ReadFile(filepath.Join(data2, audit.WitnessFile))
		return strings.Contains(string(b), fmt.Sprintf("meridian/audit\n%d\n", head))
	})
	// More entries and a checkpoint signed by instance 1 only.
	mustToken(t, m1, a, "officer2", meridian.RoleOfficer)
	if err := m1.DB.CheckpointNow(sys()); err != nil {
		t.Fatal(err)
	}
	var newer int64
	m1.DB.SQL().QueryRow(`SELECT seq FROM audit_head`).Scan(&newer)
	eventually(t, "instance 2 to witness the newer checkpoint", func() bool {
		b, _ := os.ReadFile(filepath.Join(data2, audit.WitnessFile))
		return strings.Contains(string(b), fmt.Sprintf("meridian/audit\n%d\n", newer))
	})
	m1.Close()
	m2.Close()
	// Roll the shared database back to the first checkpoint.
	sqlDB, err := sql.Open("pgx", pg)
	if err != nil {
		t.Fatal(err)
	}
	defer sqlDB.Close()
	for _, q := range []string{
		`DELETE FROM audit_entries WHERE seq > $1`,
		`DELETE FROM audit_checkpoints WHERE seq > $1`,
		`UPDATE audit_head SET seq = c.seq, hash = c.hash, at = c.at, key_id = c.key_id, signature = c.signature,
			root = c.root, prev = c.prev, note = c.note FROM (SELECT * FROM audit_checkpoints WHERE seq = $1) AS c WHERE audit_head.id = 1`,
	} {
		if _, err := sqlDB.Exec(q, head); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	r, code := verifyReport(t, "--data", data2, "--postgres", pg)
	if code != 1 || !hasKind(r, audit.KindRollback) {
		t.Fatalf("rollback not named from instance 2's witness (exit %d): %+v", code, r.Problems)
	}
}

// TestAuditMalformedRows makes edits that used to end audit verify in an
// internal error: each is now a named problem.
func TestAuditMalformedRows(t *testing.T) {
	data := mustAuditedData(t, 4)
	db := mustSQLite(t, data)
	mustExec(t, db, `UPDATE audit_entries SET at = 'yesterday' WHERE seq = 2`)
	mustExec(t, db, `UPDATE audit_checkpoints SET seq = 'x' WHERE seq = 3`)
	mustExec(t, db, `DELETE FROM audit_head`)
	r, code := verifyReport(t, "--data", data)
	if code != 1 || !hasKind(r, audit.KindMalformed) || !hasKind(r, audit.KindAltered) {
		t.Fatalf("malformed rows not named (exit %d): %+v", code, r.Problems)
	}
}

// TestAuditListOneEntry is finding 9's write amplification: a page of a
// list is one audit entry naming every record shown, not one per record,
// and the owner's trail of each record still finds it.
func TestAuditListOneEntry(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "Agency A")
	c := &client{t, m.URL, mustToken(t, m, a, "officer.a", meridian.RoleOfficer)}
	ncb := &client{t, m.URL, mustToken(t, m, a, "ncb.a", meridian.RoleNCB)}
	var ids []string
	for i := range 25 {
		var p meridian.Person
		c.must(201, "POST", "/api/v1/persons", personBody(fmt.Sprintf("Listed %c", 'A'+i), map[string]any{"scope": "owner"})).decode(t, &p)
		ids = append(ids, p.ID)
	}
	before := countRows(t, m, "audit_entries")
	if got := listIDs(t, c.must(200, "GET", "/api/v1/persons?limit=100", nil)); len(got) != 25 {
		t.Fatalf("listed %d", len(got))
	}
	if n := countRows(t, m, "audit_entries") - before; n != 1 {
		t.Fatalf("a list of 25 wrote %d audit entries, want 1", n)
	}
	for _, id := range []string{ids[0], ids[24]} {
		var trail list[meridian.AuditEntry]
		ncb.must(200, "GET", "/api/v1/audit?record_id="+id, nil).decode(t, &trail)
		found := false
		for _, e := range trail.Items {
			for _, r := range e.Records {
				found = found || e.Action == meridian.AuditList && r.ID == id && r.Owner == a.ID
			}
		}
		if !found {
			t.Fatalf("the trail of %s misses the list: %+v", id, trail.Items)
		}
	}
}
