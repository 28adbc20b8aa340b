package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"meridian"
	"meridian/sim"
)

// TestBenchHTTP runs each mode of bench http briefly against a server
// and checks that the report's counts add up; it refuses a server off
// loopback and bad flags with exit status 2.
func TestBenchHTTP(t *testing.T) {
	m := MustRunMain(t, Config{UserRate: 1e6})
	a := mustAgency(t, m, "MK", "Load")
	tok := mustToken(t, m, a, "loader", meridian.RoleOfficer)
	dir := t.TempDir()
	files, err := sim.WriteWatchlist(dir, sim.WatchlistOptions{Persons: 300, Documents: 10, Seed: 1, Queries: 200})
	if err != nil {
		t.Fatal(err)
	}
	bench := func(args ...string) (*benchReport, error) {
		var out, errb bytes.Buffer
		all := append([]string{"bench", "http", "--server", m.URL, "--token", tok, "--queries", files.Queries, "--json"}, args...)
		err := run(context.Background(), all, strings.NewReader(""), &out, &errb)
		if err != nil {
			return nil, err
		}
		var r benchReport
		if err := json.Unmarshal(out.Bytes(), &r); err != nil {
			t.Fatalf("bench http %v: %v\n%s", args, err, out.Bytes())
		}
		return &r, nil
	}
	sums := func(r *benchReport, requests int64, batch int64) {
		t.Helper()
		if r.Requests != requests {
			t.Errorf("%s: %d requests, want %d", r.Mode, r.Requests, requests)
		}
		if r.Successes+r.Errors != r.Requests {
			t.Errorf("%s: %d successes + %d errors != %d requests", r.Mode, r.Successes, r.Errors, r.Requests)
		}
		var byStatus int64
		for _, n := range r.ErrorsByStatus {
			byStatus += n
		}
		if byStatus != r.Errors {
			t.Errorf("%s: errors by status add up to %d, not %d", r.Mode, byStatus, r.Errors)
		}
		if r.Errors != 0 {
			t.Errorf("%s: errors %v", r.Mode, r.ErrorsByStatus)
		}
		if batch > 0 && r.Names != r.Requests*batch {
			t.Errorf("%s: %d names, want %d requests x %d", r.Mode, r.Names, r.Requests, batch)
		}
		if r.NamesChecked > r.Names || (r.Errors == 0 && r.NamesChecked != r.Names) {
			t.Errorf("%s: %d names checked of %d", r.Mode, r.NamesChecked, r.Names)
		}
		if r.Latency.P50 > r.Latency.P90 || r.Latency.P90 > r.Latency.P99 || r.Latency.P99 > r.Latency.Max || r.Latency.Max <= 0 {
			t.Errorf("%s: latency percentiles out of order: %+v", r.Mode, r.Latency)
		}
	}

	r, err := bench("single", "--requests", "300", "--clients", "4", "--data", m.Config.Data, "--in-process", files.Watchlist)
	if err != nil {
		t.Fatal(err)
	}
	sums(r, 300, 1)
	if r.Store == nil || r.Store.ChecksCounted != 300 || r.Store.BytesAfter < r.Store.BytesBefore {
		t.Errorf("single: store %+v, want 300 checks recorded and no shrinking", r.Store)
	}
	if r.InProcess == nil || r.InProcess.Persons != 300 || r.InProcess.NamesPerSec <= 0 || r.Ratio <= 0 {
		t.Errorf("single: in-process %+v, ratio %v", r.InProcess, r.Ratio)
	}

	r, err = bench("batch", "--requests", "20", "--batch", "50", "--clients", "2", "--no-keepalive")
	if err != nil {
		t.Fatal(err)
	}
	sums(r, 20, 50)
	if r.Batch != 50 {
		t.Errorf("batch: batch %d, want 50", r.Batch)
	}

	r, err = bench("mixed", "--requests", "300", "--clients", "8", "--mix", "get=4,list=2,create=2,check=3")
	if err != nil {
		t.Fatal(err)
	}
	sums(r, 300, 0)
	var kinds int64
	for _, k := range []string{"get", "list", "create", "check"} {
		bk := r.ByKind[k]
		if bk == nil || bk.Requests == 0 {
			t.Errorf("mixed: no %s request in 300 (%v)", k, r.ByKind)
			continue
		}
		kinds += bk.Requests
	}
	if kinds != r.Requests {
		t.Errorf("mixed: requests by kind add up to %d, not %d", kinds, r.Requests)
	}
	if r.Names != r.ByKind["check"].Requests {
		t.Errorf("mixed: %d names for %d checks", r.Names, r.ByKind["check"].Requests)
	}

	// Only loopback, unless --allow-remote; the refusal comes before any request.
	for _, server := range []string{"http://10.0.0.1:8080", "http://example.org", "http://[2001:db8::1]:80", "http://localhost.example.org:8080"} {
		var out, errb bytes.Buffer
		err := run(context.Background(), []string{"bench", "http", "single", "--server", server, "--token", tok, "--queries", files.Queries, "--requests", "1"},
			strings.NewReader(""), &out, &errb)
		if exitCode(err) != 2 || !strings.Contains(describe(err), "loopback") {
			t.Errorf("server %s: exit %d, %v; want 2 and a loopback refusal", server, exitCode(err), err)
		}
	}

	for _, args := range [][]string{
		{"nonsense"},
		{},
		{"single", "--clients", "0"},
		{"single", "--duration", "0", "--requests", "0"},
		{"single", "--requests", "-1"},
		{"batch", "--batch", "1001"},
		{"mixed", "--mix", "get=1,delete=1"},
		{"mixed", "--mix", "get=0"},
		{"single", "--no-such-flag"},
		{"single", "--data", t.TempDir()},
	} {
		_, err := bench(args...)
		if exitCode(err) != 2 {
			t.Errorf("bench http %v: exit %d (%v), want 2", args, exitCode(err), err)
		}
	}
}
