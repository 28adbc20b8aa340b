package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLinkCLI: sim links writes a labelled file, link pairs writes one CSV
// line per proposal, link eval reports precision, recall and F1, and a
// malformed FtM line is an error naming it with nothing written.
func TestLinkCLI(t *testing.T) {
	dir := t.TempDir()
	out, errs, code := runMain(t, "", "sim", "links", "--persons", "300", "--seed", "5", "--out", dir)
	if code != 0 {
		t.Fatalf("sim links: %d %s", code, errs)
	}
	ents, truth := filepath.Join(dir, "entities.ftm.jsonl"), filepath.Join(dir, "truth.csv")
	if !strings.Contains(out, ents) {
		t.Fatalf("sim links printed %q", out)
	}
	out, errs, code = runMain(t, "", "link", "pairs", ents)
	if code != 0 {
		t.Fatalf("link pairs: %d %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 50 {
		t.Fatalf("only %d proposals", len(lines))
	}
	if f := strings.SplitN(lines[0], ",", 4); len(f) != 4 || !strings.HasPrefix(f[0], "r") || !strings.Contains(f[3], "name") {
		t.Fatalf("line %q is not id_a,id_b,score,explanation", lines[0])
	}
	out, _, code = runMain(t, "", "link", "pairs", "--threshold", "0.99", ents)
	if code != 0 || len(strings.Split(strings.TrimSpace(out), "\n")) >= len(lines) {
		t.Fatalf("--threshold 0.99 did not cut the proposals")
	}
	out, errs, code = runMain(t, "", "link", "eval", ents, truth)
	lowPrecision := !strings.Contains(out, "same person: precision 0.9") && !strings.Contains(out, "same person: precision 1.0000")
	if code != 0 || lowPrecision || !strings.Contains(out, "all links") {
		t.Fatalf("link eval: %d %q %s", code, out, errs)
	}

	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"id":"a","schema":"Person","properties":{"name":["Ana Pop"],"phone":["+40722123456"]}}`+"\n"+
		`{"id":"b","schema":"Person","properties":{"name":["Ana Pop"],"phone":["+40722123456"]}}`+"\n"+
		`{"id":"c","schema":"Person","properties":{"name":"Ana Pop","birthDate":"1990-12-31"},}`+"\n"), 0o600)
	out, errs, code = runMain(t, "", "link", "pairs", bad)
	if code != 1 || out != "" || !strings.Contains(errs, "line 3: not a FollowTheMoney entity") {
		t.Fatalf("malformed line: code %d, stdout %q, stderr %q", code, out, errs)
	}
	_, errs, code = runMain(t, "", "link", "pairs", "--threshold", "2", bad)
	if code != 2 || !strings.Contains(errs, "--threshold") {
		t.Fatalf("bad threshold: %d %s", code, errs)
	}
	_, _, code = runMain(t, "", "link", "eval", ents)
	if code != 2 {
		t.Fatalf("eval without TRUTH: %d", code)
	}
}
