package sqldbtest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"meridian"
	"meridian/rules"
)

// testRules covers the risk rules in the store: the default set seeded
// once, who may write rules, versions kept and checked, names unique,
// enabling and disabling, and dry runs over past manifests within the
// caller's read scope, audited.
func testRules(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	svc := &rules.Service{Store: db}
	officer, analyst := As(w.A, meridian.RoleOfficer), As(w.A, meridian.RoleAnalyst)
	coordB := As(w.B, meridian.RoleCoordinator)
	admin := As(w.A, meridian.RoleAdmin)

	t.Run("Defaults", func(t *testing.T) {
		before := AuditCount(t, db)
		rs, next, err := svc.FindRules(officer, meridian.RuleFilter{})
		if err != nil || next != "" {
			t.Fatal(err, next)
		}
		defaults := rules.Defaults()
		if len(rs) != len(defaults) || len(rs) < 7 {
			t.Fatalf("%d rules, want the %d defaults", len(rs), len(defaults))
		}
		for i, r := range rs {
			if r.Name != defaults[i].Name || r.Version != 1 || !r.Enabled || r.CreatedBy != "system" || !meridian.IsID(r.ID) ||
				r.CreatedAt.IsZero() || r.Expression != defaults[i].Expression {
				t.Fatalf("rule %d: %+v", i, r)
			}
		}
		if got := AuditCount(t, db) - before; got != len(defaults) {
			t.Fatalf("seeding audited %d entries, want %d", got, len(defaults))
		}
		if err := svc.EnsureDefaults(Sys()); err != nil {
			t.Fatal(err)
		}
		again, _, _ := svc.FindRules(analyst, meridian.RuleFilter{})
		enabled, err := svc.EnabledRules(officer)
		if err != nil || len(again) != len(defaults) || len(enabled) != len(defaults) || Count(t, db, "rule_versions") != len(defaults) {
			t.Fatalf("seeded twice: %d rules, %d enabled (%v)", len(again), len(enabled), err)
		}
		page, next, err := svc.FindRules(officer, meridian.RuleFilter{Page: meridian.Page{Limit: 3}})
		if err != nil || len(page) != 3 || next == "" {
			t.Fatalf("page: %d, %q, %v", len(page), next, err)
		}
		rest, _, err := svc.FindRules(officer, meridian.RuleFilter{Page: meridian.Page{Cursor: next, Limit: 100}})
		if err != nil || len(rest) != len(defaults)-3 || rest[0].ID == page[2].ID {
			t.Fatalf("next page: %d, %v", len(rest), err)
		}
		_, _, err = svc.FindRules(officer, meridian.RuleFilter{Page: meridian.Page{Cursor: "nope"}})
		mustKind(t, err, meridian.EInvalid)
	})

	r := &meridian.Rule{Name: "Minor travelling", Description: "Any minor.", Expression: `traveller.minor`,
		Reason: `"minor aged %d".format([traveller.age])`, Severity: meridian.SeverityMedium, Enabled: true}
	t.Run("Create", func(t *testing.T) {
		mustKind(t, svc.CreateRule(officer, r), meridian.EForbidden)
		mustKind(t, svc.CreateRule(admin, r), meridian.EForbidden)
		before := AuditCount(t, db)
		if err := svc.CreateRule(analyst, r); err != nil {
			t.Fatal(err)
		}
		if r.Version != 1 || r.CreatedBy != "user-of-"+w.A.ID || r.UpdatedBy != r.CreatedBy || !meridian.IsID(r.ID) {
			t.Fatalf("created %+v", r)
		}
		if AuditCount(t, db) != before+1 {
			t.Fatal("rule creation not audited")
		}
		got, err := svc.FindRuleByID(officer, r.ID)
		if err != nil || got.Expression != r.Expression || got.Reason != r.Reason || !got.CreatedAt.Equal(r.CreatedAt) {
			t.Fatalf("%+v %v", got, err)
		}
		dup := *r
		mustKind(t, svc.CreateRule(coordB, &dup), meridian.EConflict)
	})
	t.Run("CreateErrInvalid", func(t *testing.T) {
		for _, tt := range []struct {
			r     meridian.Rule
			field string
			msg   string
		}{
			{meridian.Rule{Name: "x", Expression: "traveller.agee > 1", Severity: 1}, "expression", "line 1, column 10"},
			{meridian.Rule{Name: "x", Expression: "true", Reason: "traveller.age", Severity: 1}, "reason", "must give string"},
			{meridian.Rule{Name: "x", Expression: "true", Severity: 4}, "severity", "1 (low)"},
			{meridian.Rule{Name: "", Expression: "true", Severity: 1}, "name", ""},
			{meridian.Rule{Name: "x", Expression: "", Severity: 1}, "expression", "required"},
		} {
			err := svc.CreateRule(analyst, &tt.r)
			mustKind(t, err, meridian.EInvalid)
			if meridian.FieldOf(err) != tt.field || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("%+v: %v (field %q)", tt.r, err, meridian.FieldOf(err))
			}
		}
	})

	t.Run("UpdateKeepsVersions", func(t *testing.T) {
		v1 := *r
		up := *r
		up.Expression, up.Note = `traveller.minor && group.adults == 0`, "only minors travelling alone"
		up.Version = 0
		mustKind(t, svc.UpdateRule(coordB, &up), meridian.EConflict) // stale version
		up.Version = 1
		mustKind(t, svc.UpdateRule(officer, &up), meridian.EForbidden)
		bad := up
		bad.Expression = "traveller.minor &&"
		mustKind(t, svc.UpdateRule(coordB, &bad), meridian.EInvalid)
		taken := up
		taken.Name = rules.Defaults()[0].Name
		mustKind(t, svc.UpdateRule(coordB, &taken), meridian.EConflict)
		gone := up
		gone.ID = meridian.NewID()
		mustKind(t, svc.UpdateRule(coordB, &gone), meridian.ENotFound)
		if err := svc.UpdateRule(coordB, &up); err != nil {
			t.Fatal(err)
		}
		if up.Version != 2 || up.UpdatedBy != "user-of-"+w.B.ID || up.CreatedBy != v1.CreatedBy || !up.CreatedAt.Equal(v1.CreatedAt) {
			t.Fatalf("updated %+v", up)
		}
		cur, err := svc.FindRuleByID(officer, r.ID)
		if err != nil || cur.Version != 2 || cur.Expression != up.Expression {
			t.Fatalf("current %+v %v", cur, err)
		}
		vs, err := svc.FindRuleVersions(officer, r.ID)
		if err != nil || len(vs) != 2 || vs[0].Version != 2 || vs[1].Version != 1 || vs[1].Expression != v1.Expression || vs[1].Note != "" {
			t.Fatalf("versions %+v %v", vs, err)
		}
		_, err = svc.FindRuleVersions(officer, meridian.NewID())
		mustKind(t, err, meridian.ENotFound)
		_, err = svc.FindRuleByID(officer, "not-an-id")
		mustKind(t, err, meridian.ENotFound)
		*r = up
	})

	t.Run("Enable", func(t *testing.T) {
		_, err := svc.SetRuleEnabled(analyst, r.ID, 1, false)
		mustKind(t, err, meridian.EConflict)
		_, err = svc.SetRuleEnabled(officer, r.ID, 2, false)
		mustKind(t, err, meridian.EForbidden)
		off, err := svc.SetRuleEnabled(analyst, r.ID, 2, false)
		if err != nil || off.Enabled || off.Version != 3 || off.Note != "disabled" || off.Expression != r.Expression {
			t.Fatalf("%+v %v", off, err)
		}
		same, err := svc.SetRuleEnabled(analyst, r.ID, 3, false)
		if err != nil || same.Version != 3 {
			t.Fatalf("disabling a disabled rule made a version: %+v %v", same, err)
		}
		enabled, _ := svc.EnabledRules(officer)
		if slices.ContainsFunc(enabled, func(x *meridian.Rule) bool { return x.ID == r.ID }) {
			t.Fatal("a disabled rule is in force")
		}
		f := false
		disabled, _, err := svc.FindRules(officer, meridian.RuleFilter{Enabled: &f})
		if err != nil || len(disabled) != 1 || disabled[0].ID != r.ID {
			t.Fatalf("disabled: %d %v", len(disabled), err)
		}
		on, err := svc.SetRuleEnabled(analyst, r.ID, 3, true)
		if err != nil || !on.Enabled || on.Version != 4 {
			t.Fatalf("%+v %v", on, err)
		}
		*r = *on
	})

	// Past manifests: agency A (MK) ingested two flights into MK, one of
	// them earlier; agency B (AL) one into AL.
	t0 := time.Date(2024, 10, 1, 8, 0, 0, 0, time.UTC)
	ingest := func(a *meridian.Agency, country string, at time.Time, m *meridian.Manifest) string {
		t.Helper()
		db.SetClock(func() time.Time { return at })
		defer db.SetClock(time.Now)
		in := &meridian.ManifestIngest{Info: meridian.ManifestInfo{Kind: m.Kind, OperationID: w.Operation.ID, Country: country,
			Flight: m.Flights[0].Designator(), FlightDate: m.Flights[0].Departure.Time.Date(), Travellers: len(m.AllTravellers())}, Manifest: m}
		if err := db.IngestManifest(As(a), in); err != nil {
			t.Fatal(err)
		}
		return in.Info.ID
	}
	mA1 := ingest(w.A, "MK", t0, ruleManifest("Skopje"))
	mA2 := ingest(w.A, "MK", t0.Add(2*time.Hour), ruleManifest("Skopje"))
	mB := ingest(w.B, "AL", t0.Add(time.Hour), ruleManifest("Tirana"))

	t.Run("DryRun", func(t *testing.T) {
		before := AuditCount(t, db)
		res, err := svc.DryRunRule(analyst, meridian.RuleDryRun{Expression: `traveller.minor`,
			Reason: `"minor aged %d".format([traveller.age])`})
		if err != nil {
			t.Fatal(err)
		}
		// A reads its own two manifests, not B's (arriving in AL).
		if res.Manifests != 2 || res.Travellers != 6 || res.Flagged != 2 || res.FlaggedManifests != 2 || res.More || res.Errors != 0 {
			t.Fatalf("%+v", res)
		}
		f := res.Flags[0]
		if f.ManifestID != mA2 || f.Country != "MK" || f.Flight != "TK1883" || f.FlightDate != "2024-10-01" ||
			f.Traveller.Name != "ENA HOXHA" || f.Traveller.Index != 1 || f.Reason != "minor aged 13" || res.Rule.Name != "draft" {
			t.Fatalf("first flag %+v", f)
		}
		if res.Flags[1].ManifestID != mA1 {
			t.Fatalf("not newest first: %+v", res.Flags)
		}
		// One entry for the dry run, one per manifest whose travellers it shows.
		if got := AuditCount(t, db) - before; got != 3 {
			t.Fatalf("%d audit entries", got)
		}

		// B's coordinator reads B's manifest; the stored rule at version 1.
		res, err = svc.DryRunRule(coordB, meridian.RuleDryRun{RuleID: r.ID, Version: 1})
		if err != nil || res.Manifests != 1 || res.Flagged != 1 || res.Flags[0].ManifestID != mB || res.Rule.Version != 1 ||
			res.Flags[0].Reason != "minor aged 13" {
			t.Fatalf("%+v %v", res, err)
		}
		// The current version (minors alone) flags nobody: the minor travels with an adult.
		res, err = svc.DryRunRule(coordB, meridian.RuleDryRun{RuleID: r.ID})
		if err != nil || res.Rule.Version != 4 || res.Flagged != 0 || len(res.Flags) != 0 {
			t.Fatalf("%+v %v", res, err)
		}
	})
	t.Run("DryRunBounds", func(t *testing.T) {
		res, err := svc.DryRunRule(analyst, meridian.RuleDryRun{Expression: `true`, Manifests: 1})
		if err != nil || res.Manifests != 1 || !res.More || res.Flags[0].ManifestID != mA2 {
			t.Fatalf("%+v %v", res, err)
		}
		res, err = svc.DryRunRule(analyst, meridian.RuleDryRun{Expression: `true`, From: t0, To: t0.Add(time.Hour)})
		if err != nil || res.Manifests != 1 || res.More || res.Flags[0].ManifestID != mA1 {
			t.Fatalf("period: %+v %v", res, err)
		}
		res, err = svc.DryRunRule(analyst, meridian.RuleDryRun{Expression: `true`, OperationID: meridian.NewID()})
		if err != nil || res.Manifests != 0 || len(res.Flags) != 0 {
			t.Fatalf("operation: %+v %v", res, err)
		}
		res, err = svc.DryRunRule(analyst, meridian.RuleDryRun{Expression: `traveller.documents[3].number == ""`})
		if err != nil || res.Errors != 6 || len(res.Warnings) != 6 || res.Flagged != 0 {
			t.Fatalf("errors: %+v %v", res, err)
		}
	})
	t.Run("DryRunErr", func(t *testing.T) {
		for _, tt := range []struct {
			ctx  context.Context
			d    meridian.RuleDryRun
			kind meridian.ErrorKind
		}{
			{officer, meridian.RuleDryRun{Expression: "true"}, meridian.EForbidden},
			{admin, meridian.RuleDryRun{Expression: "true"}, meridian.EForbidden},
			{analyst, meridian.RuleDryRun{}, meridian.EInvalid},
			{analyst, meridian.RuleDryRun{Expression: "traveller.agee"}, meridian.EInvalid},
			{analyst, meridian.RuleDryRun{Expression: "true", RuleID: r.ID}, meridian.EInvalid},
			{analyst, meridian.RuleDryRun{Expression: "true", Manifests: 5000}, meridian.EInvalid},
			{analyst, meridian.RuleDryRun{RuleID: meridian.NewID()}, meridian.ENotFound},
			{analyst, meridian.RuleDryRun{RuleID: r.ID, Version: 99}, meridian.ENotFound},
		} {
			_, err := svc.DryRunRule(tt.ctx, tt.d)
			if meridian.KindOf(err) != tt.kind {
				t.Errorf("%+v: %v, want %s", tt.d, err, tt.kind)
			}
		}
	})
}

// ruleManifest is a flight into city with three passengers: an adult, a
// minor (13) of another family name, and a second adult alone.
func ruleManifest(city string) *meridian.Manifest {
	pax := func(family, given string, birth meridian.Date, ref string) meridian.Traveller {
		return meridian.Traveller{Role: meridian.RolePassenger, Family: family, Given: given, BirthDate: birth, Nationality: "AL",
			Sex: "F", BookingRef: ref, Documents: []meridian.TravelDoc{{Type: "passport", Number: "P" + given, IssuingState: "AL"}}}
	}
	return &meridian.Manifest{Kind: meridian.ManifestPAXLST, Reference: city, Parts: 1, Version: "D02B",
		Flights: []meridian.Leg{{Carrier: "TK", Number: "1883", Departure: meridian.Stop{Airport: "IST", Time: "2024-10-01T10:00"},
			Arrival: meridian.Stop{Airport: "SKP", Time: "2024-10-01T11:30"}, Border: true}},
		Travellers: []meridian.Traveller{pax("DEMIRI", "FATMIR", "1979-03-02", "R1"), pax("HOXHA", "ENA", "2011-08-14", "R1"),
			pax("KOCI", "ANA", "1990-01-01", "R2")}}
}
