package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"meridian"
	"meridian/audit"
	"meridian/report"
	"meridian/sqldb/sqldbtest"
	"meridian/sqlite"
)

// reportWorld creates, in a fresh data directory, an operation in North
// Macedonia and Albania with field reports of every kind that counts,
// through the store as the server would, and returns the directory and
// the operation's id.
func reportWorld(t *testing.T) (string, string) {
	t.Helper()
	data := t.TempDir()
	ctx := context.Background()
	key, err := audit.LoadOrCreateKey(data)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, data, key, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mk := &meridian.Agency{Country: "MK", Kind: meridian.AgencyPolice, Name: "MoI Skopje"}
	al := &meridian.Agency{Country: "AL", Kind: meridian.AgencyPolice, Name: "State Police Tirana"}
	for _, a := range []*meridian.Agency{mk, al} {
		if err := db.CreateAgency(sqldbtest.Sys(), a); err != nil {
			t.Fatal(err)
		}
	}
	op := &meridian.Operation{Name: `Liberterra <test> & "co"`, Start: "2024-09-29", End: "2024-10-04",
		Status: meridian.OperationActive, Countries: []string{"MK", "AL"}}
	if err := db.CreateOperation(sqldbtest.Sys(), op); err != nil {
		t.Fatal(err)
	}
	at := func(day, hour int) time.Time { return time.Date(2024, 9, day, hour, 0, 0, 0, time.UTC) }
	create := func(a *meridian.Agency, e *meridian.Event) {
		t.Helper()
		e.Meta = meridian.Meta{OperationID: op.ID, Release: meridian.Release{Scope: meridian.ScopeAll}}
		if err := db.CreateEvent(sqldbtest.As(a), e); err != nil {
			t.Fatal(err)
		}
	}
	create(mk, &meridian.Event{Type: meridian.EventRescue, OccurredAt: at(30, 10), Place: meridian.Place{Country: "MK", Name: "Skopje"},
		Victims: []meridian.VictimGroup{
			{Count: 20, Sex: "F", AgeBand: "18-24", Nationality: "AL", Exploitation: []string{meridian.ExploitSexual}},
			{Count: 12, Sex: "F", Age: 30, Nationality: "UA", Exploitation: []string{meridian.ExploitSexual, meridian.ExploitForcedCriminality}},
		}})
	for i := range 13 {
		charges := []meridian.Charge{{Code: "drug_trafficking"}}
		if i < 5 {
			charges = append(charges, meridian.Charge{Code: meridian.ChargeTHB, LegalBasis: "Criminal Code art. 418-a"})
		}
		create(mk, &meridian.Event{Type: meridian.EventArrest, OccurredAt: at(30, 11), Place: meridian.Place{Country: "MK"}, Charges: charges})
	}
	create(al, &meridian.Event{Type: meridian.EventMigrants, OccurredAt: time.Date(2024, 10, 2, 3, 0, 0, 0, time.UTC), Place: meridian.Place{Country: "AL"},
		Migrants: []meridian.MigrantGroup{
			{Count: 1500, Nationality: "SY", Route: []meridian.RoutePoint{{Country: "SY", Role: "origin"}, {Country: "TR", Role: "transit"}, {Country: "DE", Role: "destination"}}},
			{Count: 3, Nationality: "AF"},
		}})
	create(al, &meridian.Event{Type: meridian.EventFlight, OccurredAt: at(29, 8), Place: meridian.Place{Country: "AL"},
		Flight: &meridian.Flight{Carrier: "TK", Number: "1883", From: "IST", To: "TIA", FromCountry: "TR", Passengers: 180}})
	return data, op.ID
}

func TestReportCommand(t *testing.T) {
	data, opID := reportWorld(t)
	t.Run("JSON", func(t *testing.T) {
		out, stderr, code := cli(t, "", "report", "results", "--data", data, "--operation", opID, "--format", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var r meridian.Results
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		want := meridian.Figures{Victims: 32, Migrants: 1503, Arrests: 13, ArrestsTHBSOM: 5, Flights: 1}
		if r.Totals != want || r.Countries != 2 || r.Operation == nil || r.Operation.ID != opID {
			t.Fatalf("totals %+v (countries %d), want %+v", r.Totals, r.Countries, want)
		}
		if len(r.ByDay) != 6 || r.ByDay[1].Victims != 32 || r.ByDay[3].Migrants != 1503 {
			t.Fatalf("by day %+v", r.ByDay)
		}
	})
	t.Run("HTML", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "results.html")
		out, stderr, code := cli(t, "", "report", "results", "--data", data, "--operation", opID, "--format", "html", "--out", file)
		if code != 0 || strings.TrimSpace(out) != file {
			t.Fatalf("exit %d, stdout %q: %s", code, out, stderr)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		doc := string(b)
		for _, want := range []string{
			"<h1>Liberterra &lt;test&gt; &amp; &#34;co&#34;</h1>",
			"<th scope=\"row\">Participating countries</th><td>2</td>",
			"<th scope=\"row\">Potential trafficking victims rescued</th><td>32</td>",
			"<th scope=\"row\">Irregular migrants identified</th><td>1,503</td>",
			"<td>13, of which 5 on THB or SOM charges</td>",
			"<th scope=\"row\">Flights monitored</th><td>1</td>",
			`<svg data-chart="day-victims"`, `<svg data-chart="regions"`, `<svg data-chart="countries"`,
			`<svg data-chart="exploitation"`, `<svg data-chart="map"`,
			">North Macedonia (MK)<", ">Albania (AL)<",
		} {
			if !strings.Contains(doc, want) {
				t.Errorf("HTML report lacks %q", want)
			}
		}
		if strings.Contains(doc, "<test>") {
			t.Error("operation name not escaped")
		}
	})
	t.Run("HTMLArabic", func(t *testing.T) {
		out, _, code := cli(t, "", "report", "results", "--data", data, "--operation", opID, "--format", "html", "--lang", "ar")
		if code != 0 || !strings.Contains(out, `dir="rtl"`) || !strings.Contains(out, "<td>١٬٥٠٣</td>") {
			t.Fatalf("exit %d; Arabic report without rtl or its figures", code)
		}
	})
	t.Run("PDF", func(t *testing.T) {
		if _, err := report.FindChromium(); err != nil {
			t.Skip("no Chromium on this machine (CI installs it):", err)
		}
		file := filepath.Join(t.TempDir(), "results.pdf")
		_, stderr, code := cli(t, "", "report", "results", "--data", data, "--operation", opID, "--format", "pdf", "--out", file)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), "%PDF-") || !strings.Contains(string(b), "/Type /Page") && !strings.Contains(string(b), "/Type/Page") {
			t.Fatalf("not a PDF with pages: %.20q", b)
		}
	})
	t.Run("Statistics", func(t *testing.T) {
		out, stderr, code := cli(t, "", "report", "statistics", "--data", data, "--operation", opID)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(recs[0], ",") != "table,nationality,sex,age_band,exploitation,origin,destination,n" {
			t.Fatalf("header %v", recs[0])
		}
		got := map[string]string{}
		for _, r := range recs[1:] {
			got[strings.Join(r[:7], "|")] = r[7]
		}
		for cell, want := range map[string]string{
			"victims_by_profile|AL|F|18-24|||":                  "20",
			"victims_by_profile|UA|F|25-34|||":                  "12",
			"victims_by_exploitation|UA|||forced_criminality||": "12",
			// 1500 Syrians beside the published total would give away
			// the Afghans: both are suppressed, and so the routes.
			"migrants_by_nationality|SY|||||": "suppressed",
			"migrants_by_nationality|AF|||||": "suppressed",
			"migrants_by_route|||||SY|DE":     "suppressed",
		} {
			if got[cell] != want {
				t.Errorf("cell %s: got %q, want %q (all: %v)", cell, got[cell], want, got)
			}
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, what := range []string{"results", "statistics"} {
			_, stderr, code := cli(t, "", "report", what, "--data", data, "--operation", "0192f7a4-0000-7000-8000-000000000009")
			if code != 1 || !strings.Contains(stderr, "operation not found") {
				t.Errorf("%s: exit %d, stderr %q", what, code, stderr)
			}
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			want []string
		}{
			{[]string{"results"}, []string{"--operation: is required"}},
			{[]string{"results", "--operation", "x1", "--format", "docx", "--lang", "de"}, []string{"--operation: malformed id", "--format: unknown format \"docx\"", "--lang: unknown language \"de\""}},
			{[]string{"results", "--operation", opID, "--out", filepath.Join(t.TempDir(), "no", "such", "dir", "r.json")}, []string{"--out: cannot write"}},
		} {
			args := append([]string{"report"}, tc.args...)
			args = append(args, "--data", data)
			out, stderr, code := cli(t, "", args...)
			if code == 0 || out != "" || strings.Count(stderr, "\n") != 1 {
				t.Errorf("%v: exit %d, stdout %q, stderr %q", tc.args, code, out, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("%v: stderr %q lacks %q", tc.args, stderr, w)
				}
			}
		}
		if _, _, code := cli(t, "", "report", "totals"); code != 2 {
			t.Errorf("unknown report subcommand: exit %d, want 2", code)
		}
	})
}
