package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"net"
	nethttp "net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"meridian"
)

// runMain runs the command in-process exactly as main does: the message
// main prints on stderr, and the status it exits with.
func runMain(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		errb.WriteString("meridian: " + describe(err) + "\n")
	}
	return out.String(), errb.String(), exitCode(err)
}

// TestCLIErrors runs each command with wrong flags, missing or extra
// arguments, an unreachable server, a wrong token and a failing server:
// each says so in one line on stderr, prints nothing on stdout, exits 2
// for a mistake on the command line and 1 for a failure, never repeats
// itself and never prints a secret from the environment or the command
// line.
func TestCLIErrors(t *testing.T) {
	const secret = "mrt_sEcReTtOkEnVaLuE"
	const dbSecret = "pGsEcReT"
	m := MustRunMain(t, Config{})
	ncb := mustAgency(t, m, "MK", "NCB Skopje")
	good := mustToken(t, m, ncb, "ncb.mk", meridian.RoleNCB)

	// A server that fails every request.
	broken := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(500)
		w.Write([]byte(`{"title":"Internal Server Error","status":500,"detail":"internal error"}`))
	}))
	defer broken.Close()
	// A proxy answering HTML, not Meridian.
	proxy := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		w.WriteHeader(502)
		w.Write([]byte("<html>\n<h1>Bad gateway</h1>\n</html>"))
	}))
	defer proxy.Close()
	// An address nothing listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + l.Addr().String()
	l.Close()

	data := t.TempDir()
	if _, _, code := runMain(t, "", "migrate", "--data", data); code != 0 {
		t.Fatal("migrate")
	}
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	manifest := file("m.edi", "UNA:+.? 'UNB+UNOA:4+X+Y+240101:1200+1'UNZ+0+1'")
	persons := file("persons.csv", "name,birth_date\nAna Petrova,1990\n")
	// An address in use, for serve.
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()

	for _, c := range []struct {
		name  string
		env   string // MERIDIAN_TOKEN
		args  []string
		code  int
		want  string // in the one line on stderr, once
		stdin string
	}{
		// Usage mistakes: exit 2.
		{name: "NoCommand", code: 2, want: "no command given"},
		{name: "UnknownCommand", args: []string{"frobnicate"}, code: 2, want: `unknown command "frobnicate"`},
		{name: "UnknownSub", args: []string{"user", "frob"}, code: 2, want: "usage: meridian user add|passwd|disable|enable"},
		{name: "MissingSub", args: []string{"audit"}, code: 2, want: "usage: meridian audit verify|prove|export"},
		{name: "UnknownFlag", args: []string{"agency", "add", "--bogus"}, code: 2, want: "agency add: flag provided but not defined: -bogus"},
		{name: "FlagWithoutValue", args: []string{"serve", "--addr"}, code: 2, want: "serve: flag needs an argument: -addr"},
		{name: "BadBool", args: []string{"audit", "verify", "--json=maybe"}, code: 2, want: "audit verify: invalid boolean value"},
		{name: "BadNumber", args: []string{"sim", "watchlist", "--persons", "many"}, code: 2, want: `sim watchlist: invalid value "many" for flag -persons`},
		{name: "ExtraArgument", args: []string{"migrate", "--data", data, "now"}, code: 2, want: `migrate: unexpected argument "now"`},
		{name: "VersionExtra", args: []string{"version", "--bogus"}, code: 2, want: "version: flag provided but not defined"},
		{name: "PasswdNoUser", args: []string{"user", "passwd", "--data", data}, code: 2, want: "usage: meridian user passwd USERNAME"},
		{name: "DisableTwoUsers", args: []string{"user", "disable", "a", "b", "--data", data}, code: 2, want: "usage: meridian user disable USERNAME"},
		{name: "ProveNoSeq", args: []string{"audit", "prove", "--data", data}, code: 2, want: "usage: meridian audit prove SEQ"},
		{name: "ProveBadSeq", args: []string{"audit", "prove", "first", "--data", data}, code: 2, want: `entry "first" is not a positive number`},
		{name: "ExportNoOut", args: []string{"audit", "export", "--data", data}, code: 2, want: "usage: meridian audit export --out FILE"},
		{name: "IngestNoFile", env: good, args: []string{"ingest", "manifest"}, code: 2, want: "usage: meridian ingest manifest"},
		{name: "IngestMissingFile", env: good, args: []string{"ingest", "manifest", "--server", m.URL, manifest, filepath.Join(dir, "nope.edi")}, code: 2, want: "nope.edi: no such file or directory"},
		{name: "IngestNoToken", args: []string{"ingest", "manifest", manifest}, code: 2, want: "--token (or $MERIDIAN_TOKEN) is required"},
		{name: "ImportNoFile", args: []string{"import", "watchlist", "--agency", ncb.ID, "--data", data}, code: 2, want: "usage: meridian import watchlist"},
		{name: "ImportBadFormat", args: []string{"import", "watchlist", "--format", "xml", persons}, code: 2, want: `--format: want csv or ftm, got "xml"`},
		{name: "CheckNoName", env: good, args: []string{"check", "person"}, code: 2, want: "--name is required"},
		{name: "CheckNoToken", args: []string{"check", "person", "--name", "x"}, code: 2, want: "--token (or $MERIDIAN_TOKEN) is required"},
		{name: "CheckTokenWithNewline", env: secret + "\nx", args: []string{"check", "person", "--name", "x"}, code: 2, want: "an API token has no spaces or line breaks"},
		{name: "CheckBadServer", env: good, args: []string{"check", "person", "--name", "x", "--server", "ftp://u:" + dbSecret + "@h"}, code: 2, want: "--server (or $MERIDIAN_SERVER): want http://HOST:PORT"},
		{name: "CheckBatchNoFile", env: good, args: []string{"check", "batch"}, code: 2, want: "usage: meridian check batch FILE"},
		{name: "ScreenEvalNoFile", args: []string{"screen", "eval"}, code: 2, want: "usage: meridian screen eval FILE"},
		{name: "ScreenCompareExtra", args: []string{"screen", "compare", "pairs.csv"}, code: 2, want: `screen compare: unexpected argument "pairs.csv"`},
		{name: "SimBadScale", args: []string{"sim", "operation", "--scale", "huge", "--data", data}, code: 2, want: "--scale: want liberterra2 or demo"},
		{name: "MRZBadToday", args: []string{"mrz", "parse", "--today", "yesterday"}, code: 2, want: "--today: want YYYY-MM-DD"},
		{name: "ManifestMissingFile", args: []string{"manifest", "parse", filepath.Join(dir, "nope.edi")}, code: 2, want: "nope.edi"},
		{name: "ScreenEvalMissingFile", args: []string{"screen", "eval", filepath.Join(dir, "nope.csv")}, code: 2, want: "nope.csv: no such file"},
		{name: "ManifestNoFile", args: []string{"manifest", "parse"}, code: 2, want: "usage: meridian manifest parse FILE"},
		{name: "ReportNoOperation", args: []string{"report", "results", "--data", data}, code: 2, want: "--operation: is required"},
		{name: "ServeHalfTLS", args: []string{"serve", "--data", t.TempDir(), "--tls-cert", "c.pem"}, code: 2, want: "--tls-cert and --tls-key go together"},

		// Failures: exit 1.
		{name: "Unreachable", env: secret, args: []string{"check", "person", "--name", "x", "--server", down}, code: 1, want: "cannot reach " + down},
		{name: "UnreachableWithPassword", env: secret, args: []string{"check", "document", "--number", "X1", "--server", "http://u:" + dbSecret + "@" + strings.TrimPrefix(down, "http://")}, code: 1, want: "cannot reach http://u:xxxxx@"},
		{name: "WrongToken", env: secret, args: []string{"check", "person", "--name", "x", "--server", m.URL}, code: 1, want: "server answered 401"},
		{name: "WrongTokenFlag", args: []string{"check", "person", "--name", "x", "--server", m.URL, "--token", secret}, code: 1, want: "server answered 401"},
		{name: "WrongTokenIngest", env: secret, args: []string{"ingest", "manifest", "--server", m.URL, manifest}, code: 1, want: "m.edi: server answered 401"},
		{name: "WrongTokenBatch", env: secret, args: []string{"check", "batch", persons, "--server", m.URL}, code: 1, want: "rows 2-2: server answered 401"},
		{name: "ServerError", env: secret, args: []string{"check", "person", "--name", "x", "--server", broken.URL}, code: 1, want: "server answered 500: internal error"},
		{name: "NotMeridian", env: secret, args: []string{"check", "person", "--name", "x", "--server", proxy.URL}, code: 1, want: "server answered 502: bad gateway"},
		{name: "UnknownOperation", env: good, args: []string{"check", "person", "--name", "x", "--server", m.URL, "--operation", meridian.NewID()}, code: 1, want: "is not an operation you take part in"},
		{name: "UserAddInvalid", args: []string{"user", "add", "--data", data, "--agency", "nope", "--name", "A B", "--roles", "god"}, code: 1, want: `--agency: malformed agency id "nope"; --roles: unknown role "god"`},
		{name: "UnknownUser", args: []string{"user", "disable", "nobody", "--data", data}, code: 1, want: "not found"},
		{name: "UnreachablePostgres", args: []string{"migrate", "--data", data, "--postgres", "postgres://u:" + dbSecret + "@127.0.0.1:1/x?sslmode=disable&connect_timeout=2"}, code: 1, want: "cannot reach PostgreSQL"},
		{name: "MalformedNATSURL", args: []string{"serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0", "--nats", "nats://u:" + dbSecret + "%zz@127.0.0.1:1"}, code: 1, want: "event bus unavailable"},
		{name: "MalformedPostgresURL", args: []string{"migrate", "--data", data, "--postgres", "postgres://u:" + dbSecret + "@127.0.0.1:1:2/x"}, code: 1, want: "PostgreSQL"},
		{name: "DataInUse", args: []string{"serve", "--data", m.Config.Data, "--addr", "127.0.0.1:0"}, code: 1, want: "another meridian serve is using the data directory"},
		{name: "AddressInUse", args: []string{"serve", "--data", t.TempDir(), "--addr", busy.Addr().String()}, code: 1, want: "cannot listen on " + busy.Addr().String()},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("MERIDIAN_TOKEN", c.env)
			t.Setenv("MERIDIAN_SERVER", "")
			t.Setenv("MERIDIAN_POSTGRES", "")
			stdout, stderr, code := runMain(t, c.stdin, c.args...)
			t.Logf("exit %d: %s", code, stderr)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr %q", code, c.code, stderr)
			}
			// Nothing on stdout: a serve that cannot listen fails before it
			// creates the first administrator, whose password would
			// otherwise be printed once and lost with the failed start.
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "meridian: ") {
				t.Fatalf("stderr %q, want one line", stderr)
			}
			if n := strings.Count(stderr, c.want); n != 1 {
				t.Errorf("stderr %q says %q %d times, want once", stderr, c.want, n)
			}
			for _, s := range []string{secret, "sEcReT", dbSecret, good} {
				if strings.Contains(stderr, s) {
					t.Errorf("stderr %q prints a secret", stderr)
				}
			}
			if strings.Contains(stderr, "internal error") && c.name != "ServerError" {
				t.Errorf("stderr %q: an internal error", stderr)
			}
			// No part of the message said twice in a row ("cannot reach
			// X: cannot reach X").
			parts := strings.Split(strings.TrimSpace(stderr), ": ")
			for i := 1; i < len(parts); i++ {
				if parts[i] == parts[i-1] {
					t.Errorf("stderr %q repeats %q", stderr, parts[i])
				}
			}
		})
	}
}

// TestCLIHelp: -h on a command prints its flags (never a secret default)
// and exits 0, with no error line.
func TestCLIHelp(t *testing.T) {
	t.Setenv("MERIDIAN_TOKEN", "mrt_sEcReTtOkEnVaLuE")
	for _, args := range [][]string{{"check", "person", "-h"}, {"serve", "--help"}, {"ingest", "manifest", "-h"}} {
		stdout, stderr, code := runMain(t, "", args...)
		if code != 0 || stdout != "" || !strings.Contains(stderr, "Usage of meridian "+args[0]) || !strings.Contains(stderr, "-data") && !strings.Contains(stderr, "-token") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
		if strings.Contains(stderr, "sEcReT") || strings.Contains(stderr, "meridian: ") {
			t.Errorf("%v: %q", args, stderr)
		}
	}
}

// TestCLIIngestManifest: ingest manifest takes its files as arguments
// (it refused every one as "unexpected argument") and prints a line per
// message ingested; flags may follow the files.
func TestCLIIngestManifest(t *testing.T) {
	m := MustRunMain(t, Config{})
	ncb := mustAgency(t, m, "MK", "NCB Skopje")
	t.Setenv("MERIDIAN_TOKEN", mustToken(t, m, ncb, "ncb.mk", meridian.RoleNCB))
	t.Setenv("MERIDIAN_SERVER", m.URL)
	stdout, stderr, code := runMain(t, "", "ingest", "manifest", gtas+"apis-messages/multiple_flight_leg_apis.txt", "--country", "mk")
	if code != 0 || !strings.Contains(stdout, `"file":"`+gtas+`apis-messages/multiple_flight_leg_apis.txt"`) || !strings.Contains(stdout, `"travellers":2`) {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
}

// TestCLIMigrateTwice: migrate names the migrations it applied, and a
// second run none (it listed every migration as applied on every run).
func TestCLIMigrateTwice(t *testing.T) {
	data := t.TempDir()
	first, _, code := runMain(t, "", "migrate", "--data", data)
	if code != 0 || !strings.Contains(first, "applied 0001_init.sql") || !strings.Contains(first, "schema up to date") {
		t.Fatalf("first: %q %d", first, code)
	}
	second, _, code := runMain(t, "", "migrate", "--data", data)
	if code != 0 || strings.Contains(second, "applied") || !strings.HasPrefix(second, "schema up to date: ") || strings.Count(second, "\n") != 1 {
		t.Fatalf("second: %q %d", second, code)
	}
}

// TestCLIEveryCommandWrongFlag gives every command of `meridian help` a
// flag it does not have: each names it in one line and exits 2, with no
// usage dump and no secret from the environment.
func TestCLIEveryCommandWrongFlag(t *testing.T) {
	t.Setenv("MERIDIAN_TOKEN", "mrt_sEcReTtOkEnVaLuE")
	t.Setenv("MERIDIAN_POSTGRES", "postgres://u:pGsEcReT@127.0.0.1:1/x")
	var cmds [][]string
	for _, l := range strings.Split(usage, "\n") {
		f := strings.Fields(l)
		if len(f) < 2 || f[0] != "meridian" {
			continue
		}
		words := []string{}
		for _, w := range f[1:] {
			if w == "" || !('a' <= w[0] && w[0] <= 'z') {
				break
			}
			words = append(words, w)
		}
		// "user disable|enable USERNAME": one command each.
		last := words[len(words)-1]
		for _, alt := range strings.Split(last, "|") {
			cmds = append(cmds, append(append([]string{}, words[:len(words)-1]...), alt))
		}
	}
	if len(cmds) < 25 {
		t.Fatalf("found %d commands in the usage: %v", len(cmds), cmds)
	}
	t.Logf("%d commands: %v", len(cmds), cmds)
	for _, c := range cmds {
		args := append(append([]string{}, c...), "--no-such-flag")
		stdout, stderr, code := runMain(t, "", args...)
		if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 || strings.Count(stderr, "-no-such-flag") != 1 ||
			strings.Contains(stderr, "sEcReT") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

// TestCLISecretFromEnvironment: a malformed URL in $MERIDIAN_NATS or
// $MERIDIAN_POSTGRES is quoted whole by the package that fails to parse
// it; the CLI's message keeps its password out.
func TestCLISecretFromEnvironment(t *testing.T) {
	t.Setenv("MERIDIAN_NATS", "nats://u:pGsEcReT%zz@127.0.0.1:1")
	_, stderr, code := runMain(t, "", "serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0")
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "event bus unavailable") || strings.Contains(stderr, "pGsEcReT") {
		t.Errorf("nats: exit %d, stderr %q", code, stderr)
	}
	t.Setenv("MERIDIAN_POSTGRES", "postgres://u:pGsEcReT%zz@127.0.0.1:1/x")
	_, stderr, code = runMain(t, "", "migrate", "--data", t.TempDir())
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "PostgreSQL") || strings.Contains(stderr, "pGsEcReT") {
		t.Errorf("postgres: exit %d, stderr %q", code, stderr)
	}
}
