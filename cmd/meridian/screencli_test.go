package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"meridian"
)

// TestCheckCommands drives check person, check document and check batch
// against a running server.
func TestCheckCommands(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "MoI Skopje")
	tok := mustToken(t, m, a, "officer", meridian.RoleOfficer)
	c := &client{t, m.URL, tok}
	c.must(201, "POST", "/api/v1/watchlist/persons", watchPersonBody("Dragan Petrović", "wanted", map[string]any{"scope": "owner"}))
	eventually(t, "the entry in the index", func() bool {
		out, _, code := cli(t, "", "check", "person", "--server", m.URL, "--token", tok, "--name", "Dragan Petrovic")
		return code == 0 && strings.Contains(out, `"hit": true`)
	})
	t.Run("Person", func(t *testing.T) {
		out, _, code := cli(t, "", "check", "person", "--server", m.URL, "--token", tok, "--name", "Драган Петровић", "--dob", "1975-02-14", "--nationality", "rs", "--place-kind", "border_point")
		var r meridian.CheckResult
		if code != 0 || json.Unmarshal([]byte(out), &r) != nil || !r.Hit || r.Hits[0].Person == nil {
			t.Fatalf("%q %d", out, code)
		}
	})
	t.Run("Document", func(t *testing.T) {
		out, _, code := cli(t, "", "check", "document", "--server", m.URL, "--token", tok, "--number", "rs-1234567", "--country", "RS")
		if code != 0 || !strings.Contains(out, `"hit": true`) {
			t.Fatalf("%q %d", out, code)
		}
	})
	t.Run("Batch", func(t *testing.T) {
		f := filepath.Join(t.TempDir(), "people.csv")
		os.WriteFile(f, []byte("name,birth_date,nationality\nDragan Petrovic,1975-02-14,RS\nNobody Known,,\n\"Petrović, Dragan\",,\n"), 0o600)
		out, _, code := cli(t, "", "check", "batch", "--server", m.URL, "--token", tok, f)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != 0 || len(lines) != 3 {
			t.Fatalf("%q %d", out, code)
		}
		var rows []struct {
			Row int  `json:"row"`
			Hit bool `json:"hit"`
		}
		for _, l := range lines {
			var r struct {
				Row int  `json:"row"`
				Hit bool `json:"hit"`
			}
			json.Unmarshal([]byte(l), &r)
			rows = append(rows, r)
		}
		if !rows[0].Hit || rows[1].Hit || !rows[2].Hit || rows[0].Row != 2 || rows[2].Row != 4 {
			t.Fatalf("batch rows %+v", rows)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		_, stderr, code := cli(t, "", "check", "person", "--server", m.URL, "--token", tok, "--name", "x", "--dob", "1990-13-01")
		if code != 1 || !strings.Contains(stderr, "birth_date") || strings.Count(stderr, "\n") != 1 {
			t.Fatalf("%q %d", stderr, code)
		}
		_, _, code = cli(t, "", "check", "person", "--server", m.URL, "--name", "x")
		if code != 2 {
			t.Fatal("no token accepted")
		}
	})
}

// TestScreenCommands: compare scores rows from stdin, eval reports
// precision and recall, sim writes the labelled files.
func TestScreenCommands(t *testing.T) {
	t.Run("Compare", func(t *testing.T) {
		in := "name_a,name_b,dob_a,dob_b\nIvan Petrov,Иван Петров,1980-01-02,1980-01-02\nIvan Petrov,Maria Garcia,1980-01-02,1991-07-08\n"
		out, _, code := cli(t, in, "screen", "compare")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != 0 || len(lines) != 3 || lines[0] != "score,match" || !strings.HasSuffix(lines[1], ",true") || !strings.HasSuffix(lines[2], ",false") {
			t.Fatalf("%q %d", out, code)
		}
		_, _, code = cli(t, "a,b,c\n", "screen", "compare")
		if code != 1 {
			t.Fatal("a 3-field row was accepted")
		}
	})
	dir := t.TempDir()
	t.Run("Sim", func(t *testing.T) {
		out, _, code := cli(t, "", "sim", "watchlist", "--persons", "500", "--documents", "1000", "--seed", "5", "--queries", "300", "--out", dir)
		if code != 0 || strings.Count(out, "\n") != 3 {
			t.Fatalf("%q %d", out, code)
		}
	})
	t.Run("EvalPairs", func(t *testing.T) {
		out, _, code := cli(t, "", "screen", "eval", filepath.Join(dir, "pairs.csv"))
		var r evalReport
		if code != 0 || json.Unmarshal([]byte(out), &r) != nil || r.Pairs != 600 || r.TP+r.FP+r.FN+r.TN != 600 || r.Recall <= 0 || r.Precision <= 0 {
			t.Fatalf("%q %d", out, code)
		}
		t.Logf("pairs: precision %.3f recall %.3f", r.Precision, r.Recall)
	})
	t.Run("EvalQueries", func(t *testing.T) {
		out, _, code := cli(t, "", "screen", "eval", "--watchlist", filepath.Join(dir, "watchlist.csv"), "--queries", filepath.Join(dir, "queries.csv"))
		var r queryEval
		if code != 0 || json.Unmarshal([]byte(out), &r) != nil || r.Persons != 500 || r.Queries != 300 || len(r.ByVariant) < 10 {
			t.Fatalf("%q %d", out, code)
		}
		t.Logf("queries: precision %.3f recall %.3f cross-script %.3f", r.Precision, r.Recall, r.CrossScript)
	})
}
