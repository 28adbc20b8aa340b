package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"meridian/postgres/pgtest"
	"meridian/sqlite"
)

// cli runs the command in-process as main does and returns stdout, stderr
// and the exit code main would use.
func cli(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	code := 0
	if err != nil {
		code = exitCode(err)
		errb.WriteString("meridian: " + describe(err) + "\n")
	}
	return out.String(), errb.String(), code
}

func TestCLI(t *testing.T) {
	data := t.TempDir()
	t.Run("Version", func(t *testing.T) {
		out, _, code := cli(t, "", "version")
		if code != 0 || !strings.HasPrefix(out, "meridian ") {
			t.Fatalf("%q %d", out, code)
		}
	})
	t.Run("Migrate", func(t *testing.T) {
		out, _, code := cli(t, "", "migrate", "--data", data)
		if code != 0 || !strings.Contains(out, "0001_init.sql") {
			t.Fatalf("%q %d", out, code)
		}
	})
	var agency string
	t.Run("AgencyAdd", func(t *testing.T) {
		out, _, code := cli(t, "", "agency", "add", "--data", data, "--country", "mk", "--kind", "police", "--name", "MoI Skopje")
		agency = strings.TrimSpace(out)
		if code != 0 || len(agency) != 36 {
			t.Fatalf("%q %d", out, code)
		}
	})
	t.Run("AgencyAddErrInvalid", func(t *testing.T) {
		out, stderr, code := cli(t, "", "agency", "add", "--data", data, "--country", "QQ", "--kind", "army", "--name", "x")
		if code == 0 || out != "" {
			t.Fatalf("accepted: %q", out)
		}
		if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "--country") || !strings.Contains(stderr, "--kind") {
			t.Fatalf("stderr %q: want one line naming --country and --kind", stderr)
		}
	})
	t.Run("UserAdd", func(t *testing.T) {
		out, _, code := cli(t, "", "user", "add", "--data", data, "--agency", agency, "--name", "Ana Petrova", "--roles", "officer,analyst")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[1], "username ana.petrova password ") {
			t.Fatalf("%q %d", out, code)
		}
	})
	t.Run("UserAddToken", func(t *testing.T) {
		out, _, code := cli(t, "", "user", "add", "--data", data, "--agency", agency, "--name", "Script", "--roles", "officer", "--token")
		if code != 0 || !strings.HasPrefix(out, "mrt_") || strings.Count(out, "\n") != 1 {
			t.Fatalf("%q %d", out, code)
		}
	})
	t.Run("UserAddPasswordStdin", func(t *testing.T) {
		_, stderr, code := cli(t, "short\n", "user", "add", "--data", data, "--agency", agency, "--name", "Short Pw", "--roles", "officer", "--password-stdin")
		if code == 0 || !strings.Contains(stderr, "--password") {
			t.Fatalf("short password accepted: %q", stderr)
		}
	})
	t.Run("UserAddErrConflict", func(t *testing.T) {
		_, stderr, code := cli(t, "", "user", "add", "--data", data, "--agency", agency, "--name", "Ana Petrova", "--roles", "officer")
		if code == 0 || !strings.Contains(stderr, "taken") {
			t.Fatalf("duplicate accepted: %q", stderr)
		}
	})
	t.Run("AuditVerify", func(t *testing.T) {
		out, _, code := cli(t, "", "audit", "verify", "--data", data)
		if code != 0 || !strings.HasPrefix(out, "ok: ") {
			t.Fatalf("%q %d", out, code)
		}
	})
	t.Run("AuditVerifyTampered", func(t *testing.T) {
		db, err := sql.Open("sqlite", filepath.Join(data, sqlite.File))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`UPDATE audit_entries SET purpose = 'snooping' WHERE seq = 1`); err != nil {
			t.Fatal(err)
		}
		db.Close()
		out, stderr, code := cli(t, "", "audit", "verify", "--data", data)
		if code != 1 || !strings.Contains(out, "FAIL entry 1: altered") || !strings.Contains(stderr, "entry 1") {
			t.Fatalf("tampering not named: %q %q %d", out, stderr, code)
		}
	})
	t.Run("Usage", func(t *testing.T) {
		_, stderr, code := cli(t, "", "frobnicate")
		if code != 2 || !strings.Contains(stderr, `unknown command "frobnicate"`) {
			t.Fatalf("%q %d", stderr, code)
		}
		_, _, code = cli(t, "", "agency", "add", "--bogus")
		if code != 2 {
			t.Fatalf("unknown flag: exit %d", code)
		}
	})
	t.Run("UnreachablePostgres", func(t *testing.T) {
		_, stderr, code := cli(t, "", "migrate", "--data", data, "--postgres", "postgres://nobody@127.0.0.1:1/x?sslmode=disable&connect_timeout=2")
		if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "PostgreSQL") {
			t.Fatalf("%q %d", stderr, code)
		}
	})
}

// TestCLIPostgres runs the administration commands with --postgres.
func TestCLIPostgres(t *testing.T) {
	url := pgtest.NewDatabase(t)
	data := t.TempDir() // the audit key
	out, _, code := cli(t, "", "migrate", "--data", data, "--postgres", url)
	if code != 0 || !strings.Contains(out, "0001_init.sql") {
		t.Fatalf("migrate: %q %d", out, code)
	}
	out, _, code = cli(t, "", "agency", "add", "--data", data, "--postgres", url, "--country", "AL", "--kind", "ncb", "--name", "NCB Tirana")
	agency := strings.TrimSpace(out)
	if code != 0 || len(agency) != 36 {
		t.Fatalf("agency add: %q %d", out, code)
	}
	out, _, code = cli(t, "", "user", "add", "--data", data, "--postgres", url, "--agency", agency, "--name", "Script", "--roles", "ncb", "--token")
	if code != 0 || !strings.HasPrefix(out, "mrt_") {
		t.Fatalf("user add: %q %d", out, code)
	}
	out, _, code = cli(t, "", "audit", "verify", "--data", data, "--postgres", url)
	if code != 0 || !strings.HasPrefix(out, "ok: 3 entries") {
		t.Fatalf("audit verify: %q %d", out, code)
	}
}
