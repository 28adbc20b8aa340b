package meridian_test

import (
	"slices"
	"testing"
	"time"

	"meridian"
)

// TestRequestMandatoryFields: for each type, an empty request names
// every mandatory field and no optional one; each mandatory field left
// out alone is named alone; a whole request passes.
func TestRequestMandatoryFields(t *testing.T) {
	want := map[string][]string{
		meridian.RequestPoliceInfo:   {"issuing_authority", "contact", "offence", "purpose", "information_sought", "connection"},
		meridian.RequestMLA:          {"issuing_authority", "contact", "central_authority", "legal_basis", "proceedings", "offence", "facts", "assistance_sought", "purpose"},
		meridian.RequestEIO:          {"issuing_authority", "contact", "investigative_measures", "proceedings_type", "facts", "offence", "applicable_law"},
		meridian.RequestJITAgreement: {"issuing_authority", "contact", "parties", "purpose", "period", "leaders", "members", "legal_basis"},
		meridian.RequestJITExchange:  {"issuing_authority", "contact", "jit_reference", "information_sought", "purpose"},
		meridian.RequestPreservation: {"issuing_authority", "contact", "offence", "facts", "data_to_preserve", "custodian", "necessity", "mla_to_follow"},
		meridian.RequestExtradition:  {"issuing_authority", "contact", "person", "warrant", "penalty", "offence", "facts", "applicable_law"},
		meridian.RequestTransfer:     {"issuing_authority", "contact", "person", "offence", "facts", "applicable_law", "reasons", "file"},
	}
	if len(want) != len(meridian.RequestTypes) {
		t.Fatalf("%d types tested, %d defined", len(want), len(meridian.RequestTypes))
	}
	named := func(err error) []string {
		var out []string
		for _, e := range meridian.FieldErrors(err) {
			out = append(out, e.Field)
		}
		slices.Sort(out)
		return out
	}
	for typ, fields := range want {
		t.Run(typ, func(t *testing.T) {
			r := &meridian.Request{Type: typ, Fields: map[string]string{}}
			var exp []string
			for _, f := range fields {
				exp = append(exp, "fields."+f)
			}
			slices.Sort(exp)
			if got := named(r.Complete()); !slices.Equal(got, exp) {
				t.Fatalf("empty %s names %v, want %v", typ, got, exp)
			}
			for _, f := range fields {
				r.Fields[f] = "given"
			}
			if err := r.Complete(); err != nil {
				t.Fatalf("a whole %s: %v", typ, err)
			}
			for _, f := range fields {
				r.Fields[f] = "  "
				if got := named(r.Complete()); !slices.Equal(got, []string{"fields." + f}) {
					t.Fatalf("%s without %s names %v", typ, f, got)
				}
				r.Fields[f] = "given"
			}
			// Fields of another form are refused on a draft.
			r.Fields["no_such_field"] = "x"
			if got := named(r.Validate()); !slices.Contains(got, "fields.no_such_field") {
				t.Fatalf("an unknown field passes: %v", got)
			}
		})
	}
}

// TestDeadlineDefaults: the EIO directive's limits, and an urgent
// request's hours when sooner.
func TestDeadlineDefaults(t *testing.T) {
	d := meridian.DefaultDeadline(meridian.RequestEIO)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for kind, want := range map[string]time.Duration{"acknowledge": 7 * 24 * time.Hour, "decide": 30 * 24 * time.Hour, "execute": 90 * 24 * time.Hour} {
		if got := d.Due(kind, t0, 0).Sub(t0); got != want {
			t.Errorf("%s due after %s, want %s", kind, got, want)
		}
		if got := d.Due(kind, t0, 24).Sub(t0); got != 24*time.Hour {
			t.Errorf("urgent %s due after %s, want 24h", kind, got)
		}
	}
	bad := meridian.DeadlineRule{Type: "eio", AcknowledgeHrs: 0, DecideHrs: 1, ExecuteHrs: 9000}
	if errs := meridian.FieldErrors(bad.Validate()); len(errs) != 2 {
		t.Errorf("bad rule: %v", errs)
	}
}
