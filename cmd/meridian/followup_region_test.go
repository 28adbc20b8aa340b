package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"meridian"
	"meridian/audit"
	"meridian/sqldb/sqldbtest"
	"meridian/sqlite"
)

// TestReportFollowupRegions: `meridian report followup` gives the figures
// by region beside those by country, in JSON and in the HTML in each
// language, with the regions' names in the language; a region is the sum
// of its countries, suppressed with them.
func TestReportFollowupRegions(t *testing.T) {
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
	de := &meridian.Agency{Country: "DE", Kind: meridian.AgencyPolice, Name: "BKA"}
	if err := db.CreateAgency(sqldbtest.Sys(), de); err != nil {
		t.Fatal(err)
	}
	agencies, _, err := db.FindAgencies(sqldbtest.Sys(), meridian.AgencyFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range agencies {
		n := map[string]int{"MK": 12, "AL": 14, "DE": 20}[a.Country]
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
	var regions []string
	for _, r := range f.ByRegion {
		regions = append(regions, fmt.Sprint(r.Region, "=", r.Cases))
	}
	if !slices.Equal(regions, []string{"Southern Europe=26", "Western Europe=20"}) || f.Total.Cases != 46 {
		t.Fatalf("regions %v in %s", regions, out)
	}
	for _, r := range f.ByCountry {
		if want := map[string]string{"MK": "Southern Europe", "AL": "Southern Europe", "DE": "Western Europe"}[r.Country]; r.Region != want {
			t.Fatalf("country %s in region %q", r.Country, r.Region)
		}
	}
	for lang, want := range map[string][]string{
		"en": {"By region", "<td>Southern Europe</td><td>26</td>", "<td>Western Europe</td><td>20</td>"},
		"fr": {"Par région", "<td>Europe du Sud</td><td>26</td>", "<td>Europe de l’Ouest</td><td>20</td>"},
		"es": {"Por región", "<td>Europa meridional</td><td>26</td>"},
		"ar": {"حسب المنطقة", "<td>أوروبا الجنوبية</td><td>26</td>", `dir="rtl"`},
	} {
		out, stderr, code := cli(t, "", "report", "followup", "--data", data, "--operation", opID, "--format", "html", "--lang", lang)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", lang, code, stderr)
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Fatalf("%s: no %q in\n%s", lang, w, out)
			}
		}
	}
}
