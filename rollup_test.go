package meridian_test

import (
	"testing"
	"time"

	"meridian"
)

// TestRollUp adds an operation's counters up by country, UN sub-region
// and day, narrowed to a country or region.
func TestRollUp(t *testing.T) {
	o := &meridian.Operation{ID: meridian.NewID(), Name: "Liberterra", Start: "2024-09-29", End: "2024-10-04", Countries: []string{"MK", "AL"}}
	metrics := []meridian.MetricCount{
		{Day: "2024-09-30", Country: "MK", Metric: meridian.MetricRaids, N: 2},
		{Day: "2024-09-30", Country: "MK", Metric: meridian.MetricVictims, N: 32},
		{Day: "2024-09-30", Country: "MK", Metric: meridian.MetricExploitation + meridian.ExploitSexual, N: 32},
		{Day: "2024-10-01", Country: "AL", Metric: meridian.MetricArrests, N: 3},
		{Day: "2024-10-01", Country: "AL", Metric: meridian.MetricExploitation + meridian.ExploitForcedCriminality, N: 4},
		// A country outside the operation, a day after it (a late report).
		{Day: "2024-10-06", Country: "DE", Metric: meridian.MetricMigrants, N: 7},
		// A report updated away: its counter is back to zero.
		{Day: "2024-10-02", Country: "AL", Metric: meridian.MetricExploitation + meridian.ExploitForcedLabour, N: 0},
	}
	checks := []meridian.CheckCount{
		{Day: "2024-09-30", Country: "MK", Checks: 100, Hits: 3},
		{Day: "2024-10-01", Country: "AL", Checks: 50, Hits: 1},
	}
	now := time.Date(2024, 10, 4, 12, 0, 0, 0, time.FixedZone("CEST", 2*3600))
	tests := []struct {
		name      string
		f         meridian.ResultsFilter
		countries []string // ByCountry, in order
		regions   map[string]int64
		days      int
		totals    meridian.Figures
		exploit   []meridian.Tally
	}{
		{name: "Operation", countries: []string{"AL", "DE", "MK"},
			regions: map[string]int64{"Southern Europe": 150, "Western Europe": 0}, days: 7,
			totals:  meridian.Figures{Raids: 2, Victims: 32, Arrests: 3, Migrants: 7, Checks: 150, Hits: 4},
			exploit: []meridian.Tally{{Key: meridian.ExploitSexual, N: 32}, {Key: meridian.ExploitForcedCriminality, N: 4}}},
		{name: "Country", f: meridian.ResultsFilter{Country: "AL"}, countries: []string{"AL"},
			regions: map[string]int64{"Southern Europe": 50}, days: 6,
			totals:  meridian.Figures{Arrests: 3, Checks: 50, Hits: 1},
			exploit: []meridian.Tally{{Key: meridian.ExploitForcedCriminality, N: 4}}},
		{name: "Region", f: meridian.ResultsFilter{Region: "Western Europe"}, countries: []string{"DE"},
			regions: map[string]int64{"Western Europe": 0}, days: 7,
			totals: meridian.Figures{Migrants: 7}, exploit: []meridian.Tally{}},
		{name: "Nothing", f: meridian.ResultsFilter{Region: "Western Africa"}, countries: nil,
			regions: map[string]int64{}, days: 6, exploit: []meridian.Tally{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := meridian.RollUp(o, tc.f, metrics, checks, now)
			if r.Totals != tc.totals {
				t.Errorf("totals %+v, want %+v", r.Totals, tc.totals)
			}
			var cs []string
			var sum meridian.Figures
			for _, c := range r.ByCountry {
				cs = append(cs, c.Country)
				sum.Add(c.Figures)
			}
			if !equal(cs, tc.countries) {
				t.Errorf("by country %v, want %v", cs, tc.countries)
			}
			if sum != r.Totals {
				t.Errorf("countries add up to %+v, totals %+v", sum, r.Totals)
			}
			regions := map[string]int64{}
			for _, rf := range r.ByRegion {
				regions[rf.Region] = rf.Checks
			}
			if len(regions) != len(tc.regions) {
				t.Errorf("regions %v, want %v", regions, tc.regions)
			}
			for k, v := range tc.regions {
				if n, ok := regions[k]; !ok || n != v {
					t.Errorf("region %s: %d checks (present %v), want %d", k, n, ok, v)
				}
			}
			if len(r.ByDay) != tc.days || r.ByDay[0].Day != "2024-09-29" {
				t.Errorf("%d days from %v, want %d from the operation's start", len(r.ByDay), r.ByDay, tc.days)
			}
			for i := 1; i < len(r.ByDay); i++ {
				if r.ByDay[i-1].Day >= r.ByDay[i].Day {
					t.Errorf("days out of order: %v", r.ByDay)
				}
			}
			if !equal(r.Exploitation, tc.exploit) {
				t.Errorf("exploitation %v, want %v", r.Exploitation, tc.exploit)
			}
			if r.Countries != len(r.Operation.Countries) || !r.ComputedAt.Equal(now) || r.ComputedAt.Location() != time.UTC {
				t.Errorf("countries %d of %v, computed at %v", r.Countries, r.Operation.Countries, r.ComputedAt)
			}
		})
	}
	t.Run("OperationUnchanged", func(t *testing.T) {
		meridian.RollUp(o, meridian.ResultsFilter{Country: "AL"}, metrics, checks, now)
		if len(o.Countries) != 2 {
			t.Fatalf("a filtered roll-up changed the operation: %v", o.Countries)
		}
	})
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
