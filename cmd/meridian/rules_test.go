package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"meridian"
	"meridian/edifact"
)

// TestRules drives the risk rules through the API: the default set is
// there from the start, analysts and coordinators write rules in
// versions, compile errors name the field and position, and a dry run
// over messages ingested as airlines send them shows who a rule would
// have flagged, only from manifests the caller may read.
func TestRules(t *testing.T) {
	m := MustRunMain(t, Config{})
	border := mustAgency(t, m, "MK", "Border police Skopje")
	interpol := mustAgency(t, m, "FR", "INTERPOL")
	officer := &client{t, m.URL, mustToken(t, m, border, "officer", meridian.RoleOfficer)}
	analyst := &client{t, m.URL, mustToken(t, m, border, "analyst", meridian.RoleAnalyst)}
	coord := &client{t, m.URL, mustToken(t, m, interpol, "coord", meridian.RoleCoordinator)}

	var defaults list[meridian.Rule]
	officer.must(200, "GET", "/api/v1/rules", nil).decode(t, &defaults)
	if len(defaults.Items) < 7 {
		t.Fatalf("%d default rules", len(defaults.Items))
	}
	var minorRule meridian.Rule
	for _, r := range defaults.Items {
		if r.Name == "Minor travelling with an unrelated adult" {
			minorRule = r
		}
		if !r.Enabled || r.Version != 1 || r.Description == "" || r.Severity < 1 {
			t.Fatalf("default rule %+v", r)
		}
	}
	if minorRule.ID == "" {
		t.Fatal("no minor rule among the defaults")
	}

	body := map[string]any{"name": "Young traveller", "description": "Travellers under 21.",
		"expression": "traveller.age >= 0 && traveller.age < 21", "reason": `"aged %d".format([traveller.age])`, "severity": 1}
	t.Run("ErrForbidden", func(t *testing.T) {
		mustProblem(t, officer.do("POST", "/api/v1/rules", body), 403, "")
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		bad := map[string]any{"name": "Bad", "expression": "traveller.agee < 21", "severity": 1}
		p := mustProblem(t, analyst.do("POST", "/api/v1/rules", bad), 422, "body.expression")
		if !strings.Contains(p.Errors[0].Message, "line 1, column 10") {
			t.Fatalf("%+v", p)
		}
		mustProblem(t, analyst.do("POST", "/api/v1/rules", map[string]any{"name": "Bad", "expression": "true", "severity": 5}), 422, "body.severity")
		mustProblem(t, analyst.do("POST", "/api/v1/rules", map[string]any{"name": "Bad", "expression": "true", "reason": "1", "severity": 1}), 422, "body.reason")
		mustProblem(t, analyst.do("POST", "/api/v1/rules", map[string]any{"name": defaults.Items[0].Name, "expression": "true", "severity": 1}), 409, "")
	})

	var r meridian.Rule
	res := analyst.must(201, "POST", "/api/v1/rules", body)
	res.decode(t, &r)
	if res.header.Get("Location") != "/api/v1/rules/"+r.ID || r.Version != 1 || !r.Enabled {
		t.Fatalf("created %+v at %q", r, res.header.Get("Location"))
	}
	t.Run("Versions", func(t *testing.T) {
		up := map[string]any{"name": "Young traveller", "expression": "traveller.age >= 0 && traveller.age < 18",
			"reason": `"aged %d".format([traveller.age])`, "severity": 2, "note": "minors only", "version": 0}
		mustProblem(t, coord.do("PUT", "/api/v1/rules/"+r.ID, up), 409, "")
		up["version"] = 1
		var v2 meridian.Rule
		coord.must(200, "PUT", "/api/v1/rules/"+r.ID, up).decode(t, &v2)
		if v2.Version != 2 || v2.Severity != 2 || v2.CreatedBy != r.CreatedBy || v2.UpdatedBy == r.CreatedBy {
			t.Fatalf("v2 %+v", v2)
		}
		var vs list[meridian.Rule]
		officer.must(200, "GET", "/api/v1/rules/"+r.ID+"/versions", nil).decode(t, &vs)
		if len(vs.Items) != 2 || vs.Items[1].Expression != "traveller.age >= 0 && traveller.age < 21" || vs.Items[0].Note != "minors only" {
			t.Fatalf("versions %+v", vs.Items)
		}
		var off meridian.Rule
		analyst.must(200, "PUT", "/api/v1/rules/"+r.ID+"/enabled", map[string]any{"enabled": false, "version": 2}).decode(t, &off)
		if off.Enabled || off.Version != 3 {
			t.Fatalf("disabled %+v", off)
		}
		if ids := listIDs(t, officer.must(200, "GET", "/api/v1/rules?enabled=false", nil)); len(ids) != 1 || ids[0] != r.ID {
			t.Fatalf("disabled rules %v", ids)
		}
		var cur meridian.Rule
		officer.must(200, "GET", "/api/v1/rules/"+r.ID, nil).decode(t, &cur)
		if cur.Version != 3 || cur.Enabled {
			t.Fatalf("current %+v", cur)
		}
		mustProblem(t, officer.do("GET", "/api/v1/rules/"+meridian.NewID(), nil), 404, "")
		mustProblem(t, officer.do("GET", "/api/v1/rules/"+meridian.NewID()+"/versions", nil), 404, "")
	})

	// Two messages into Skopje as airlines send them: a real API list of
	// 260 travellers, and one with a girl of 13 travelling with a man of
	// another family name.
	real, err := os.ReadFile(filepath.Join(gtasDir, "apis-messages/Test3.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if r := officer.postManifest("", real); r.status != 201 {
		t.Fatalf("ingest: %d %s", r.status, r.body)
	}
	leg := meridian.Leg{Carrier: "TK", Number: "1001", Border: true,
		Departure: meridian.Stop{Airport: "IST", Time: "2024-10-01T08:10"}, Arrival: meridian.Stop{Airport: "SKP", Time: "2024-10-01T09:20"}}
	pax := func(given, family string, birth meridian.Date, doc string) meridian.Traveller {
		return meridian.Traveller{Role: meridian.RolePassenger, Given: given, Family: family, BirthDate: birth, Sex: "F",
			Nationality: "AL", BookingRef: "QX7Y2Z", Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: doc, IssuingState: "AL"}}}
	}
	manifest := &meridian.Manifest{Kind: meridian.ManifestPAXLST, Reference: "43", Flights: []meridian.Leg{leg},
		Travellers: []meridian.Traveller{pax("FATMIR", "DEMIRI", "1979-03-02", "BA1111111"), pax("ENA", "HOXHA", "2011-08-14", "BA2222222")}}
	var msg bytes.Buffer
	if err := edifact.WritePAXLST(&msg, manifest); err != nil {
		t.Fatal(err)
	}
	if r := officer.raw("POST", "/api/v1/manifests", "application/edifact", msg.Bytes()); r.status != 201 {
		t.Fatalf("ingest: %d %s", r.status, r.body)
	}

	t.Run("DryRun", func(t *testing.T) {
		var out meridian.RuleDryRunResult
		analyst.must(200, "POST", "/api/v1/rules/dry-run", map[string]any{"rule_id": minorRule.ID}).decode(t, &out)
		if out.Manifests != 2 || out.Travellers < 262 || out.Flagged != 2 || out.FlaggedManifests != 1 || len(out.Flags) != 2 ||
			out.Rule.ID != minorRule.ID || out.Errors != 0 {
			t.Fatalf("%+v", out)
		}
		names := out.Flags[0].Traveller.Name + ", " + out.Flags[1].Traveller.Name
		if names != "FATMIR DEMIRI, ENA HOXHA" || !strings.Contains(out.Flags[0].Reason, "ENA HOXHA (13)") ||
			out.Flags[0].Flight != "TK1001" || out.Flags[0].Country != "MK" {
			t.Fatalf("flags %+v", out.Flags)
		}
		// A draft over the real list too, bounded to the newest manifest.
		analyst.must(200, "POST", "/api/v1/rules/dry-run", map[string]any{"expression": `traveller.nationality == "AL"`, "manifests": 1}).decode(t, &out)
		if out.Manifests != 1 || !out.More || out.Flagged != 2 || out.Rule.Name != "draft" {
			t.Fatalf("draft %+v", out)
		}
		// INTERPOL's coordinator neither ingested them nor works in the
		// arrival country: nothing to read.
		coord.must(200, "POST", "/api/v1/rules/dry-run", map[string]any{"rule_id": minorRule.ID}).decode(t, &out)
		if out.Manifests != 0 || len(out.Flags) != 0 {
			t.Fatalf("coordinator of another country read %+v", out)
		}
		mustProblem(t, officer.do("POST", "/api/v1/rules/dry-run", map[string]any{"expression": "true"}), 403, "")
		mustProblem(t, analyst.do("POST", "/api/v1/rules/dry-run", map[string]any{"expression": "traveller.minor &&"}), 422, "body.expression")
		mustProblem(t, analyst.do("POST", "/api/v1/rules/dry-run", map[string]any{"expression": "true", "manifests": 5000}), 422, "body.manifests")
		mustProblem(t, analyst.do("POST", "/api/v1/rules/dry-run", map[string]any{"rule_id": meridian.NewID()}), 404, "")
	})
}
