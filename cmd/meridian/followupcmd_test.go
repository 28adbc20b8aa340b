package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"meridian"
	"meridian/audit"
	"meridian/sqldb/sqldbtest"
	"meridian/sqlite"
)

// TestReportFollowup: `meridian report followup` counts the operation's
// cases and, since a report leaves Meridian, suppresses every figure under
// 11 and the one that would give it away from the total, in JSON and in
// the Arabic HTML.
func TestReportFollowup(t *testing.T) {
	data, opID := reportWorld(t)
	ctx := context.Background()
	key, err := audit.LoadOrCreateKey(data)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, data, key, nil)
	if err != nil {
		t.Fatal(err)
	}
	agencies, _, err := db.FindAgencies(sqldbtest.Sys(), meridian.AgencyFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range agencies {
		n := 12
		if a.Country == "AL" {
			n = 1
		}
		for i := range n {
			c := &meridian.Case{Meta: meridian.Meta{OperationID: opID}, Title: fmt.Sprint(a.Country, " case ", i)}
			if err := db.CreateCase(sqldbtest.As(a), c); err != nil {
				t.Fatal(err)
			}
		}
	}
	db.Close()

	out, stderr, code := cli(t, "", "report", "followup", "--data", data, "--operation", opID)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var f meridian.Followup
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if !f.Suppressed || f.Total.Cases != 13 || len(f.ByCountry) != 2 || f.ByStage[0].Cases != 13 || f.ByStage[1].Cases != 0 || f.ByStage[1].Suppressed {
		t.Fatalf("follow-up %s", out)
	}
	for _, r := range f.ByCountry {
		if r.Cases != 0 || !slices.Contains(r.Hidden, "cases") {
			t.Fatalf("a country's cases shown beside a small one: %+v", r)
		}
	}
	out, _, code = cli(t, "", "report", "followup", "--data", data, "--operation", opID, "--format", "html", "--lang", "ar")
	if code != 0 || !strings.Contains(out, `dir="rtl"`) || !strings.Contains(out, "متابعة قضايا العملية") || !strings.Contains(out, "<td>13</td>") {
		t.Fatalf("exit %d; Arabic follow-up report:\n%s", code, out)
	}
	file := filepath.Join(t.TempDir(), "followup.pdf")
	if _, stderr, code := cli(t, "", "report", "followup", "--data", data, "--operation", opID, "--format", "pdf", "--lang", "fr", "--out", file); code != 0 {
		t.Fatalf("PDF: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(file); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("not a PDF: %v %.20q", err, b)
	}
	if _, stderr, code := cli(t, "", "report", "followup", "--data", data, "--operation", opID, "--lang", "de"); code == 0 || !strings.Contains(stderr, "lang") {
		t.Fatalf("an unknown language: exit %d: %s", code, stderr)
	}
}
