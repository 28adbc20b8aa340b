package main

import (
	"strings"
	"testing"

	"meridian"
)

// TestCLITokens: a user lists, creates and revokes their own API tokens
// from the command line, as in My account (issue 9, finding 10); a
// revoked token stops at once, and another user's token cannot be named.
func TestCLITokens(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "Agency A")
	tok := mustToken(t, m, a, "officer.a", meridian.RoleOfficer)
	other := mustToken(t, m, a, "officer.b", meridian.RoleOfficer)
	srv := []string{"--server", m.URL, "--token", tok}

	out, errOut, code := cli(t, "", append([]string{"token", "create", "--name", "nightly script"}, srv...)...)
	if code != 0 || !strings.HasPrefix(strings.TrimSpace(out), "mrt_") || !strings.Contains(errOut, "shown once") {
		t.Fatalf("create: code %d, out %q, err %q", code, out, errOut)
	}
	created := strings.TrimSpace(out)
	(&client{t, m.URL, created}).must(200, "GET", "/api/v1/me", nil)

	out, _, code = cli(t, "", append([]string{"token", "list"}, srv...)...)
	if code != 0 || !strings.Contains(out, "nightly script") || strings.Contains(out, "mrt_") {
		t.Fatalf("list: code %d, out %q (names, never secrets)", code, out)
	}
	var id string
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "nightly script") {
			id = strings.Fields(line)[0]
		}
	}

	// Another user cannot revoke it: not found, as if it did not exist.
	_, errOut, code = cli(t, "", "token", "revoke", id, "--server", m.URL, "--token", other)
	if code != 1 || !strings.Contains(errOut, "404") {
		t.Fatalf("revoke by another: code %d, err %q", code, errOut)
	}
	(&client{t, m.URL, created}).must(200, "GET", "/api/v1/me", nil)

	out, errOut, code = cli(t, "", append([]string{"token", "revoke", id}, srv...)...)
	if code != 0 || strings.TrimSpace(out) != "revoked "+id {
		t.Fatalf("revoke: code %d, out %q, err %q", code, out, errOut)
	}
	mustProblem(t, (&client{t, m.URL, created}).do("GET", "/api/v1/me", nil), 401, "")

	for _, args := range [][]string{
		{"token", "create"},        // no --name
		{"token", "revoke"},        // no id
		{"token", "list", "extra"}, // an argument too many
		{"token", "rotate"},        // no such subcommand
	} {
		if _, errOut, code := cli(t, "", append(args, srv...)...); code != 2 || strings.Contains(errOut, tok) {
			t.Errorf("%v: code %d, err %q (want 2, never the token)", args, code, errOut)
		}
	}
}
