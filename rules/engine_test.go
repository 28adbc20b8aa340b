package rules_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"meridian"
	"meridian/rules"
)

func TestCheck(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for _, r := range rules.Defaults() {
			if err := rules.Check("test", r.Expression, r.Reason); err != nil {
				t.Errorf("%s: %v", r.Name, err)
			}
		}
		if err := rules.Check("test", `hub("IST") && same_family("GARCIA LOPEZ", "García Pérez") && [1, 1].distinct().size() == 1`, ""); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, tt := range []struct {
			expr, reason string
			field, want  string
		}{
			{`traveller.agee > 3`, "", "expression", "line 1, column 10: undefined field 'agee'"},
			{"traveller.age > 3 &&\n  travler.minor", "", "expression", "line 2, column 3: undeclared reference to 'travler'"},
			{`traveller.age + 1`, "", "expression", "gives int, a rule's expression must give bool"},
			{`traveller.age >`, "", "expression", "line 1, column 16: Syntax error"},
			{`true`, `traveller.age`, "reason", "gives int, a rule's reason must give string"},
			{`true`, `"%d years".format([traveller.name])`, "reason", "line 1, column"},
			{``, "", "expression", "is required"},
			{`hub(1)`, "", "expression", "found no matching overload for 'hub'"},
		} {
			err := rules.Check("test", tt.expr, tt.reason)
			if meridian.KindOf(err) != meridian.EInvalid || meridian.FieldOf(err) != tt.field || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%q / %q: %v (field %q), want %s: %s", tt.expr, tt.reason, err, meridian.FieldOf(err), tt.field, tt.want)
			}
		}
	})
}

// TestEvaluationWarnings: a rule failing at run time on a traveller is a
// warning for that traveller; the other rules still run and still hit.
func TestEvaluationWarnings(t *testing.T) {
	rs := []*meridian.Rule{
		{ID: "bad", Version: 1, Name: "Second document", Severity: 2, Expression: `traveller.documents[1].number != ""`},
		{ID: "big", Version: 1, Name: "Quadratic", Severity: 2,
			Expression: `group.members.all(a, group.members.all(b, group.members.all(c, a.age + b.age + c.age >= 0)))`},
		{ID: "good", Version: 1, Name: "Minor", Severity: 3, Expression: `traveller.minor`},
		{ID: "broken", Version: 4, Name: "Does not compile", Severity: 1, Expression: `traveller.nope`},
	}
	e, skipped := rules.Compile(rs)
	if len(skipped) != 1 || skipped[0].Rule.ID != "broken" || skipped[0].Traveller != -1 || !strings.Contains(skipped[0].Message, "nope") {
		t.Fatalf("skipped %v", skipped)
	}
	b := family()
	for len(b.Travellers) < 60 { // a big group, so that the cubic rule exceeds its cost
		b.Travellers = append(b.Travellers, pax(fmt.Sprint(len(b.Travellers)+1), "BERISHA", "X", "1990-01-01", "M", "AL"))
	}
	res := e.Screen(pnrgov(b))
	hits, _ := hitsOf(res, "Minor")
	if len(hits) != 2 || hits[0] != 2 || hits[1] != 3 {
		t.Fatalf("minor hits %v", hits)
	}
	var bad, big int
	var leftOut []rules.Warning
	for _, w := range res.Warnings {
		switch {
		case w.Rule.ID == "bad":
			bad++
		case w.Rule.ID == "big" && w.Traveller >= 0:
			big++
			if !strings.Contains(w.Message, "cost limit") {
				t.Errorf("big: %s", w.Message)
			}
		default:
			leftOut = append(leftOut, w)
		}
	}
	// The costly rule is given up after MaxCostFailures travellers, so
	// that it cannot eat the manifest's time budget.
	if bad != 60 || big != rules.MaxCostFailures || len(res.Hits) != 2 || len(leftOut) != 1 ||
		leftOut[0].Rule.ID != "big" || leftOut[0].Traveller != -1 || !strings.Contains(leftOut[0].Message, "left out for travellers 3 to 59") {
		t.Fatalf("warnings bad %d, big %d, left out %v; hits %+v", bad, big, leftOut, res.Hits)
	}
	// No range longer than a flight.
	e, _ = rules.Compile([]*meridian.Rule{{ID: "r", Version: 1, Name: "Range", Severity: 1, Expression: `lists.range(1001).size() > 0`}})
	if res := e.Screen(pnrgov(family())); len(res.Warnings) != 4 || !strings.Contains(res.Warnings[0].Message, "exceeds maximum allowed (1000)") {
		t.Fatalf("%v", res.Warnings)
	}
}

func TestView(t *testing.T) {
	b := youngGroup()
	oneWay(&b, "2024-09-29T18:00")
	b.Travellers[0].BirthDate = "2006"         // year only: counted from mid-year
	b.Travellers[1].BirthDate = "2006-10-01"   // turns 18 on the day
	b.Travellers[2].BirthDate = "2006-10-02"   // one day short
	b.Travellers[3].Documents[0].IssuedOn = "" // unknown
	b.Travellers[3].Documents[0].ExpiresOn = "2024-12-31"
	b.Travellers[4].Contacts = []meridian.Contact{{Kind: meridian.IDEmail, Value: "V.Dragan@Example.COM"}}
	b.Tickets[0].Payments = []meridian.Payment{{Type: "cash"}, {Type: "credit_card", Payer: &meridian.Payer{Name: "DRAGAN VIKTOR"}}}
	b.SSRs = []meridian.SSR{{Code: "WCHR", Traveller: "4"}, {Code: "VGML"}}
	vs := rules.View(pnrgov(b))
	if len(vs) != 5 {
		t.Fatalf("%d views", len(vs))
	}
	ages := []int{vs[0].Traveller.Age, vs[1].Traveller.Age, vs[2].Traveller.Age}
	if ages[0] != 18 || ages[1] != 18 || ages[2] != 17 || !vs[2].Traveller.Minor || vs[1].Traveller.Minor {
		t.Errorf("ages %v, minor %v %v", ages, vs[1].Traveller.Minor, vs[2].Traveller.Minor)
	}
	d := vs[3].Document
	if !d.Present || d.DaysIssuedBeforeDeparture != -1 || d.DaysValidAfterDeparture != 91 || d.Number != "P40001" {
		t.Errorf("document %+v", d)
	}
	if got := vs[4].Traveller.Emails; len(got) != 1 || got[0] != "v.dragan@example.com" {
		t.Errorf("emails %v", got)
	}
	bk := vs[0].Booking
	if !bk.Present || !bk.OneWay || bk.DaysBeforeDeparture != 1 || bk.Travellers != 5 || !bk.Payment.Cash ||
		!bk.Payment.PayerKnown || !bk.Payment.PayerTravels || !bk.Payment.PayerRelated || bk.Agency.IATA != "12345678" ||
		len(bk.Phones) != 1 || len(bk.Emails) != 1 || strings.Join(bk.Payment.Types, ",") != "cash,credit_card" {
		t.Errorf("booking %+v", bk)
	}
	if got := strings.Join(vs[3].Booking.SSRs, ","); got != "WCHR,VGML" {
		t.Errorf("ssrs of traveller 4: %s", got)
	}
	if got := strings.Join(vs[0].Booking.SSRs, ","); got != "VGML" {
		t.Errorf("ssrs of traveller 1: %s", got)
	}
	it := vs[0].Itinerary
	if strings.Join(it.Airports, ">") != "ADD>IST>TIA" || strings.Join(it.Countries, ">") != "ET>TR>AL" ||
		strings.Join(it.Hubs, ",") != "IST" || it.Legs != 2 || it.DestinationCountry != "AL" {
		t.Errorf("itinerary %+v", it)
	}
	if f := vs[0].Flight; f.Designator != "TK1883" || f.Destination != "TIA" || f.Departure != "2024-10-01T10:00" {
		t.Errorf("flight %+v", f)
	}
	g := vs[0].Group
	if g.Size != 5 || g.Minors != 1 || g.Adults != 4 || g.Young != 4 || g.UnrelatedAdults != 2 ||
		g.AdultsShareFamilyWithMinors || strings.Join(g.Nationalities, ",") != "MD" || g.Bookings != 1 {
		t.Errorf("group %+v", g)
	}
	if m := g.Members[0]; !m.Related || !m.RelatedAdult || m.Booking != "GRP001" { // RUSU ELENA and RUSU IRINA
		t.Errorf("member %+v", m)
	}

	t.Run("NoFlights", func(t *testing.T) {
		vs := rules.View(&meridian.Manifest{Travellers: []meridian.Traveller{pax("1", "X", "Y", "1990-01-01", "M", "AL")}})
		if len(vs) != 1 || vs[0].Traveller.Age != -1 || vs[0].Itinerary.Origin != "" || vs[0].Booking.Present || vs[0].Group.Size != 1 {
			t.Fatalf("%+v", vs[0])
		}
	})
}

func TestHubs(t *testing.T) {
	hs := rules.Hubs()
	seen := map[string]bool{}
	for _, h := range hs {
		if seen[h.Code] || h.Name == "" || h.Note == "" || (h.Crime != "THB" && h.Crime != "SOM" && h.Crime != "THB SOM") {
			t.Errorf("hub %+v", h)
		}
		seen[h.Code] = true
	}
	for _, c := range []string{"IST", "DOH", "DXB", "ADD", "CMN", "BY"} {
		if !seen[c] {
			t.Errorf("%s missing from the hub table", c)
		}
	}
	e, _ := rules.Compile([]*meridian.Rule{{ID: "h", Version: 1, Name: "h", Severity: 1,
		Expression: `hub("DXB") && hub("BY") && !hub("FRA") && !hub("")`}})
	if res := e.Screen(paxlst(pax("1", "X", "Y", "1990-01-01", "M", "AL"))); len(res.Hits) != 1 || len(res.Warnings) != 0 {
		t.Fatalf("%+v", res)
	}
}

func TestSameFamily(t *testing.T) {
	e, _ := rules.Compile([]*meridian.Rule{{ID: "f", Version: 1, Name: "f", Severity: 1,
		Expression: `same_family(traveller.family, "Gashi-Berísha") && !same_family(traveller.family, "AL BERISHAJ") && !same_family("AL", "al")`}})
	if res := e.Screen(pnrgov(family())); len(res.Hits) != 4 || len(res.Warnings) != 0 {
		t.Fatalf("%+v", res)
	}
}

func TestScreener(t *testing.T) {
	var loads atomic.Int32
	rs := []*meridian.Rule{{ID: "a", Version: 1, Name: "Minor", Severity: 3, Expression: `traveller.minor`}}
	var fail atomic.Bool
	s := &rules.Screener{Load: func(ctx context.Context) ([]*meridian.Rule, error) {
		loads.Add(1)
		if fail.Load() {
			return nil, errors.New("database down")
		}
		return rs, nil
	}, MaxAge: time.Hour, Logger: slog.New(slog.DiscardHandler)}
	ctx := context.Background()
	m := pnrgov(family())
	hits, err := s.Evaluate(ctx, m)
	if err != nil || len(hits) != 2 || hits[0].Traveller != 2 || loads.Load() != 1 {
		t.Fatalf("hits %+v, err %v, loads %d", hits, err, loads.Load())
	}
	if _, err := s.Evaluate(ctx, m); err != nil || loads.Load() != 1 {
		t.Fatalf("reloaded within MaxAge: %d", loads.Load())
	}
	rs = []*meridian.Rule{{ID: "a", Version: 2, Name: "Adult", Severity: 1, Expression: `!traveller.minor`}}
	s.Invalidate()
	hits, _ = s.Evaluate(ctx, m)
	if len(hits) != 2 || hits[0].Name != "Adult" || hits[0].Version != 2 || loads.Load() != 2 {
		t.Fatalf("after invalidate: %+v", hits)
	}
	fail.Store(true)
	s.Invalidate()
	if hits, err := s.Evaluate(ctx, m); err != nil || len(hits) != 2 {
		t.Fatalf("a failed reload must keep the rules in force: %v %v", hits, err)
	}
	s2 := &rules.Screener{Load: s.Load}
	if _, err := s2.Evaluate(ctx, m); err == nil {
		t.Fatal("no rules and no store: want an error")
	}

	t.Run("LogsOncePerRule", func(t *testing.T) {
		var buf bytes.Buffer
		broken := []*meridian.Rule{{ID: "b", Version: 1, Name: "Broken", Severity: 1, Expression: `traveller.documents[2].number == ""`}}
		s := &rules.Screener{Load: func(context.Context) ([]*meridian.Rule, error) { return broken, nil },
			Logger: slog.New(slog.NewTextHandler(&buf, nil))}
		if hits, err := s.Evaluate(ctx, m); err != nil || len(hits) != 0 {
			t.Fatal(hits, err)
		}
		if n := strings.Count(buf.String(), "evaluation failed"); n != 1 || !strings.Contains(buf.String(), "travellers=4") {
			t.Fatalf("%d lines: %s", n, buf.String())
		}
	})
}

func TestPlural(t *testing.T) {
	e, skipped := rules.Compile([]*meridian.Rule{{ID: "p", Version: 1, Name: "p", Severity: 1, Expression: `traveller.index == 0`,
		Reason: `cel.bind(n, group.size, "%s, %s, %s".format([plural(n, "child", "children"), plural(1, "bag"), plural(0, "day")]))`}})
	if len(skipped) > 0 {
		t.Fatal(skipped)
	}
	if res := e.Screen(pnrgov(family())); len(res.Hits) != 1 || res.Hits[0].Reason != "4 children, 1 bag, 0 days" {
		t.Fatalf("%+v", res)
	}
}
