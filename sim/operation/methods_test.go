package operation_test

import (
	"slices"
	"testing"
	"time"

	"meridian"
	"meridian/analysis"
	"meridian/sim/operation"
)

// TestPlanScamCompounds: the simulated week holds the new pattern
// (victims recruited by online job offers, held in scam compounds, forced
// into fraud), rising day by day, and the change-point detector flags it
// over the week and the year before it; the North Macedonia raids are
// there with their methods; every group of victims of a known form has
// its methods; the operation's totals are unchanged.
func TestPlanScamCompounds(t *testing.T) {
	for _, s := range operation.Scales {
		t.Run(s.Name, func(t *testing.T) {
			p, err := operation.NewPlan(s, 7)
			if err != nil {
				t.Fatal(err)
			}
			byDay := make([]int, 6)
			victims, withMethods, skopje := 0, 0, 0
			var es []*meridian.Event
			for i := range p.Reports {
				e := &p.Reports[i].Event
				es = append(es, e)
				for _, g := range e.Victims {
					victims += g.Count
					if len(g.Recruitment) > 0 && len(g.Control) > 0 {
						withMethods++
					}
					if slices.Contains(g.Exploitation, meridian.ExploitScamCompound) {
						if !slices.Contains(g.Recruitment, meridian.RecruitInternet) || !slices.Contains(g.Exploitation, meridian.ExploitOnlineFraud) {
							t.Errorf("scam compound victims %+v", g)
						}
						byDay[int(e.OccurredAt.Sub(p.Start())/(24*time.Hour))] += g.Count
					}
					if e.Place.Country == "MK" && g.ExploitedIn == "MK" && e.Type == meridian.EventRescue && slices.Contains(g.Exploitation, meridian.ExploitSexual) {
						skopje += g.Count
					}
				}
			}
			if victims != s.Victims {
				t.Errorf("%d victims, want %d", victims, s.Victims)
			}
			if withMethods == 0 {
				t.Error("no group has methods")
			}
			for d := 1; d < len(byDay); d++ {
				if byDay[d] < byDay[d-1] {
					t.Errorf("scam compound victims by day %v: not rising", byDay)
				}
			}
			if byDay[len(byDay)-1] <= byDay[0] {
				t.Errorf("scam compound victims by day %v", byDay)
			}
			if s.Name == operation.Liberterra2.Name && skopje < 32 {
				t.Errorf("%d victims of the North Macedonia raids", skopje)
			}
			// The detector, over the week and the year before it.
			end := p.End().AddDate(0, 0, -1)
			q := analysis.Query{From: meridian.DateOf(end.AddDate(-1, 0, 0)), To: meridian.DateOf(end)}
			tr := analysis.Build(es, q, &meridian.Subject{System: true}, time.Now())
			if !slices.ContainsFunc(tr.Flags, func(f analysis.Flag) bool {
				return f.Metric == analysis.SeriesVictims && f.Dimension == analysis.DimExploitation && f.Key == meridian.ExploitScamCompound &&
					f.Interval == "day" && f.Since >= meridian.DateOf(p.Start()) && f.After > f.Before
			}) {
				t.Errorf("scam compounds not flagged (by day %v); flags %+v", byDay, tr.Flags)
			}
		})
	}
}
