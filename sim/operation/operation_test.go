package operation_test

import (
	"reflect"
	"slices"
	"testing"

	"meridian"
	"meridian/sim/operation"
)

// fakeIDs stands the ids of stored agencies in for a plan's agency
// indexes, so that reports validate as the store would see them.
func fakeIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = meridian.NewID()
	}
	return ids
}

func TestNewPlan(t *testing.T) {
	for _, s := range operation.Scales {
		t.Run(s.Name, func(t *testing.T) {
			p, err := operation.NewPlan(s, 7)
			if err != nil {
				t.Fatal(err)
			}
			t.Run("Figures", func(t *testing.T) {
				if got, want := p.Figures(), s.Figures(); got != want {
					t.Fatalf("the plan adds up to %+v, want %+v", got, want)
				}
				var checks int64
				for _, b := range p.Checks {
					if b.Persons < 0 || b.Documents < 0 || b.Persons+b.Documents == 0 {
						t.Fatalf("batch %+v: empty or negative", b)
					}
					checks += int64(b.Persons + b.Documents)
				}
				if checks != int64(s.Checks) {
					t.Fatalf("%d checks planned, want %d", checks, s.Checks)
				}
			})
			t.Run("Participants", func(t *testing.T) { testParticipants(t, p, s) })
			t.Run("Reports", func(t *testing.T) { testReports(t, p) })
			t.Run("Checks", func(t *testing.T) { testChecks(t, p) })
			t.Run("Realism", func(t *testing.T) { testRealism(t, p) })
		})
	}
}

func testParticipants(t *testing.T, p *operation.Plan, s operation.Scale) {
	o := p.Operation
	if len(o.Countries) != s.Countries {
		t.Fatalf("%d countries, want %d", len(o.Countries), s.Countries)
	}
	continents := map[string]bool{}
	for _, c := range o.Countries {
		cc, ok := meridian.LookupCountry(c)
		if !ok {
			t.Fatalf("unknown country %q", c)
		}
		continents[cc.Region] = true
	}
	for _, r := range []string{"Africa", "Americas", "Asia", "Europe", "Oceania"} {
		if !continents[r] {
			t.Errorf("no participant in %s", r)
		}
	}
	inUnit := map[string]int{}
	for i, u := range o.Units {
		for _, c := range u.Countries {
			inUnit[c]++
		}
		kinds := map[meridian.AgencyKind]int{}
		for _, a := range p.UnitAgencies[i] {
			kinds[p.Agencies[a].Kind]++
		}
		if kinds[meridian.AgencyInternational] < 2 || kinds[meridian.AgencyProsecution] < 1 {
			t.Errorf("unit %s is staffed by %v, want INTERPOL, UNODC and prosecutors", u.Name, kinds)
		}
	}
	for _, c := range o.Countries {
		if inUnit[c] != 1 {
			t.Errorf("country %s is in %d units, want 1", c, inUnit[c])
		}
	}
	// Every country has its police, border police and NCB, each with a user.
	have := map[string]map[meridian.AgencyKind]bool{}
	for _, a := range p.Agencies {
		if have[a.Country] == nil {
			have[a.Country] = map[meridian.AgencyKind]bool{}
		}
		have[a.Country][a.Kind] = true
	}
	for _, c := range o.Countries {
		for _, k := range []meridian.AgencyKind{meridian.AgencyPolice, meridian.AgencyBorder, meridian.AgencyNCB} {
			if !have[c][k] {
				t.Errorf("%s has no %s agency", c, k)
			}
		}
	}
	names := map[string]bool{}
	for i, u := range p.Users {
		if names[u.Username] {
			t.Errorf("username %s twice", u.Username)
		}
		names[u.Username] = true
		uu := meridian.User{AgencyID: meridian.NewID(), Username: u.Username, Name: u.Name, Roles: u.Roles}
		if err := uu.Validate(); err != nil {
			t.Errorf("user %d: %v", i, err)
		}
	}
	for _, want := range []string{"coordinator", "observer.unodc", "officer.mk", "ncb.al", "border.rs"} {
		if !names[want] {
			t.Errorf("no user %s", want)
		}
	}
	for i := range p.Agencies {
		if p.Reporter[i] < 0 || p.Users[p.Reporter[i]].Agency != i {
			t.Fatalf("agency %d reports through user %d of another agency", i, p.Reporter[i])
		}
	}
	ids := fakeIDs(len(p.Agencies))
	op := o
	op.Agencies = nil
	for _, a := range p.AgencyRefs {
		op.Agencies = append(op.Agencies, ids[a])
	}
	op.Units = slices.Clone(o.Units)
	for i := range op.Units {
		for _, a := range p.UnitAgencies[i] {
			op.Units[i].Agencies = append(op.Units[i].Agencies, ids[a])
		}
	}
	if err := op.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(o.Deployments) < s.Countries || len(p.DeploymentAgency) != len(o.Deployments) {
		t.Fatalf("%d deployments (%d agencies) for %d countries", len(o.Deployments), len(p.DeploymentAgency), s.Countries)
	}
	if len(p.WatchOwners) == 0 {
		t.Fatal("no watchlist owner")
	}
	for _, a := range p.WatchOwners {
		if p.Agencies[a].Kind != meridian.AgencyNCB {
			t.Errorf("watchlist owner %s is not an NCB", p.Agencies[a].Name)
		}
	}
}

func testReports(t *testing.T, p *operation.Plan) {
	ids := fakeIDs(len(p.Agencies))
	opID := meridian.NewID()
	deployments := map[string]bool{}
	for _, d := range p.Operation.Deployments {
		deployments[d.Name] = true
	}
	for i, r := range p.Reports {
		e := r.Event
		e.OperationID = opID
		for _, a := range r.ReleaseAgencies {
			e.Release.Agencies = append(e.Release.Agencies, ids[a])
		}
		if r.Suspect != nil {
			if e.Type != meridian.EventArrest {
				t.Fatalf("report %d: a %s names a suspect", i, e.Type)
			}
			s := *r.Suspect
			s.Names = slices.Clone(s.Names)
			s.OperationID = opID
			if err := s.Validate(); err != nil {
				t.Fatalf("report %d: suspect: %v", i, err)
			}
			e.Persons = []meridian.Involved{{PersonID: meridian.NewID(), Role: meridian.RoleSuspect}}
		} else if e.Type == meridian.EventArrest {
			t.Fatalf("report %d: an arrest without the person arrested", i)
		}
		if err := e.Validate(); err != nil {
			t.Fatalf("report %d (%s in %s): %v", i, e.Type, e.Place.Country, err)
		}
		if e.OccurredAt.Before(p.Start()) || !e.OccurredAt.Before(p.End()) {
			t.Fatalf("report %d happened at %s, outside the operation", i, e.OccurredAt)
		}
		if r.At.Before(e.OccurredAt) || !r.At.Before(p.End()) {
			t.Fatalf("report %d filed at %s for an event at %s", i, r.At, e.OccurredAt)
		}
		if i > 0 && r.At.Before(p.Reports[i-1].At) {
			t.Fatalf("report %d filed before report %d", i, i-1)
		}
		if !slices.Contains(p.Operation.Countries, e.Place.Country) {
			t.Fatalf("report %d in %s, not a participant", i, e.Place.Country)
		}
		if a := p.Agencies[r.Agency]; a.Country != e.Place.Country {
			t.Fatalf("report %d in %s filed by %s of %s", i, e.Place.Country, a.Name, a.Country)
		}
		if e.Type == meridian.EventDeployment && !deployments[e.Deployment] {
			t.Fatalf("report %d: unknown deployment %q", i, e.Deployment)
		}
		for _, g := range e.Migrants {
			if len(g.Route) < 2 || g.Route[0].Role != "origin" || g.Route[len(g.Route)-1].Role != "destination" ||
				g.Route[0].Country != g.Nationality {
				t.Fatalf("report %d: route %+v of %s migrants", i, g.Route, g.Nationality)
			}
			if !slices.ContainsFunc(g.Route, func(x meridian.RoutePoint) bool { return x.Country == e.Place.Country }) {
				t.Fatalf("report %d: migrants identified in %s on a route %+v that does not pass there", i, e.Place.Country, g.Route)
			}
		}
	}
}

func testChecks(t *testing.T, p *operation.Plan) {
	for i, b := range p.Checks {
		if !slices.Contains(meridian.CheckPlaces, b.PlaceKind) || b.Place == "" {
			t.Fatalf("batch %d: place %q (%s)", i, b.Place, b.PlaceKind)
		}
		if b.At.Before(p.Start()) || !b.At.Before(p.End()) {
			t.Fatalf("batch %d at %s, outside the operation", i, b.At)
		}
		if i > 0 && b.At.Before(p.Checks[i-1].At) {
			t.Fatalf("batch %d made before batch %d", i, i-1)
		}
		switch a := p.Agencies[b.Agency]; {
		case a.Country != b.Country:
			t.Fatalf("batch %d in %s made by %s of %s", i, b.Country, a.Name, a.Country)
		case a.Kind != meridian.AgencyPolice && a.Kind != meridian.AgencyBorder && a.Kind != meridian.AgencyNCB:
			t.Fatalf("batch %d made by %s (%s)", i, a.Name, a.Kind)
		}
	}
}

// testRealism checks what makes the week look like Liberterra II: the
// kinds of reports and checks are all there, forced criminality beside
// sexual exploitation and forced labour, most reports shared with every
// participant, and the North Macedonian raids of PRODUCT.md.
func testRealism(t *testing.T, p *operation.Plan) {
	types := map[meridian.EventType]int{}
	exploitation := map[string]int{}
	premises := map[string]int{}
	scopes := map[meridian.Scope]int{}
	mkWomen := map[string]int{}
	for _, r := range p.Reports {
		e := r.Event
		types[e.Type]++
		scopes[e.Release.Scope]++
		premises[e.Premises]++
		for _, v := range e.Victims {
			for _, x := range v.Exploitation {
				exploitation[x] += v.Count
			}
			if e.Place.Country == "MK" && v.Sex == "F" && meridian.DateOf(e.OccurredAt) == "2024-10-01" {
				mkWomen[v.Nationality] += v.Count
			}
		}
	}
	for _, x := range []meridian.EventType{meridian.EventRaid, meridian.EventArrest, meridian.EventRescue, meridian.EventMigrants,
		meridian.EventInterception, meridian.EventFlight, meridian.EventDeployment} {
		if types[x] == 0 {
			t.Errorf("no %s report", x)
		}
	}
	for _, x := range []string{meridian.ExploitSexual, meridian.ExploitForcedLabour, meridian.ExploitForcedCriminality, meridian.ExploitOnlineFraud} {
		if exploitation[x] == 0 {
			t.Errorf("no victim of %s", x)
		}
	}
	for _, x := range []string{"house", "business", "nightclub"} {
		if premises[x] == 0 {
			t.Errorf("no raid on a %s", x)
		}
	}
	if all := float64(scopes[meridian.ScopeAll]) / float64(len(p.Reports)); all < 0.7 || all > 0.9 || scopes[meridian.ScopeOwner] == 0 || scopes[meridian.ScopeListed] == 0 {
		t.Errorf("releasability %v: want most to all participants, some listed, some owner only", scopes)
	}
	for _, c := range []string{"AL", "CO", "RS", "RU", "UA"} {
		if mkWomen[c] == 0 {
			t.Errorf("no woman from %s among the victims of the raids in North Macedonia on 1 October: %v", c, mkWomen)
		}
	}
	kinds := map[string]int{}
	hours := map[int]int{}
	for _, b := range p.Checks {
		kinds[b.PlaceKind] += b.Persons + b.Documents
		hours[b.At.Hour()] += b.Persons + b.Documents
	}
	for _, k := range []string{"border_point", "airport", "flight", "raid", "office"} {
		if kinds[k] == 0 {
			t.Errorf("no check at a %s", k)
		}
	}
	if len(hours) < 24 {
		t.Errorf("checks in %d hours of the day (UTC), want all 24", len(hours))
	}
}

func TestNewPlanDeterministic(t *testing.T) {
	a, err := operation.NewPlan(operation.Demo, 42)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := operation.NewPlan(operation.Demo, 42)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed planned two operations")
	}
	c, _ := operation.NewPlan(operation.Demo, 43)
	if reflect.DeepEqual(a.Reports, c.Reports) || reflect.DeepEqual(a.Checks, c.Checks) {
		t.Fatal("two seeds planned the same operation")
	}
	if got, want := c.Figures(), operation.Demo.Figures(); got != want {
		t.Fatalf("seed 43 adds up to %+v, want %+v", got, want)
	}
}

func TestNewPlanErrInvalid(t *testing.T) {
	for name, s := range map[string]operation.Scale{
		"MoreTHBThanArrests": {Name: "x", Countries: 10, Arrests: 5, ArrestsTHBSOM: 6},
		"NoCountries":        {Name: "x", Countries: 0},
		"TooManyCountries":   {Name: "x", Countries: 10000},
		"NegativeVictims":    {Name: "x", Countries: 5, Victims: -1},
		"HitShare":           {Name: "x", Countries: 5, HitShare: 2},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := operation.NewPlan(s, 1); meridian.KindOf(err) != meridian.EInvalid {
				t.Fatalf("got %v, want an invalid-input error", err)
			}
		})
	}
	t.Run("UnknownScale", func(t *testing.T) {
		if _, err := operation.ScaleByName("huge"); meridian.KindOf(err) != meridian.EInvalid {
			t.Fatalf("got %v, want an invalid-input error", err)
		}
	})
	t.Run("SmallScaleOK", func(t *testing.T) {
		s := operation.Scale{Name: "tiny", Countries: 3, Victims: 2, Migrants: 5, Arrests: 1, Flights: 2, Checks: 30, Raids: 1}
		p, err := operation.NewPlan(s, 1)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := p.Figures(), s.Figures(); got != want {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	})
}

func TestCheckBatchQueries(t *testing.T) {
	p, err := operation.NewPlan(operation.Demo, 1)
	if err != nil {
		t.Fatal(err)
	}
	hp := []meridian.PersonQuery{{Name: "Arben Hoxha", BirthDate: "1979-03", Sex: "M", Nationality: "AL"}}
	hd := []meridian.DocumentQuery{{Number: "BA1234567", IssuingState: "AL", Type: "passport"}}
	listed := func(share float64) *operation.Listed {
		l := operation.NewListed(share)
		l.Persons, l.Documents = hp, hd
		return l
	}
	t.Run("OK", func(t *testing.T) {
		for _, b := range p.Checks[:500] {
			ps, ds := b.Queries(listed(0.01))
			if len(ps) != b.Persons || len(ds) != b.Documents {
				t.Fatalf("%d persons and %d documents drawn, want %d and %d", len(ps), len(ds), b.Persons, b.Documents)
			}
			f := meridian.Fields{Op: "test"}
			for i := range ps {
				ps[i].Validate(&f, "")
				if ps[i].Name == "" {
					t.Fatal("a person query without a name")
				}
			}
			for i := range ds {
				ds[i].Validate(&f, "")
				if meridian.NormalizeDocumentNumber(ds[i].Number) == "" {
					t.Fatalf("document query %+v without a number", ds[i])
				}
			}
			if err := f.Err(); err != nil {
				t.Fatal(err)
			}
			ps2, ds2 := b.Queries(listed(0.01))
			if !reflect.DeepEqual(ps, ps2) || !reflect.DeepEqual(ds, ds2) {
				t.Fatal("a batch drew different queries twice")
			}
		}
	})
	t.Run("HitShare", func(t *testing.T) {
		b := operation.CheckBatch{Country: "MK", Persons: 200, Documents: 200, Seed: 9}
		ps, ds := b.Queries(listed(1))
		for i := range ps {
			if ps[i] != hp[0] || ds[i] != hd[0] {
				t.Fatal("a hit share of 1 drew a query that is not listed")
			}
		}
		ps, ds = b.Queries(listed(0))
		for i := range ps {
			if ps[i] == hp[0] || ds[i] == hd[0] {
				t.Fatal("a hit share of 0 drew a listed query")
			}
		}
	})
}

func TestApportion(t *testing.T) {
	for _, tc := range []struct {
		name  string
		total int
		w     []float64
		want  []int
	}{
		{"Even", 10, []float64{1, 1}, []int{5, 5}},
		{"LargestRemainder", 10, []float64{1, 1, 1}, []int{4, 3, 3}},
		{"ZeroWeightGetsNothing", 7, []float64{0, 2, 1}, []int{0, 5, 2}},
		{"Zero", 0, []float64{1, 2}, []int{0, 0}},
		{"Small", 1, []float64{0.1, 0.5, 0.4}, []int{0, 1, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := operation.Apportion(tc.total, tc.w); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("SumsExactly", func(t *testing.T) {
		w := []float64{3.3, 0, 1e-9, 7, 2.25, 0.5}
		for total := 0; total < 2000; total += 37 {
			sum := 0
			for _, n := range operation.Apportion(total, w) {
				sum += n
			}
			if sum != total {
				t.Fatalf("apportioned %d of %d", sum, total)
			}
		}
	})
}

func BenchmarkNewPlanLiberterra2(b *testing.B) {
	for b.Loop() {
		if _, err := operation.NewPlan(operation.Liberterra2, 1); err != nil {
			b.Fatal(err)
		}
	}
}
