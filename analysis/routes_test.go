package analysis_test

import (
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"meridian"
	"meridian/analysis"
	"meridian/sim/operation"
)

var week = time.Date(2024, 9, 29, 0, 0, 0, 0, time.UTC)

// randomCells draws n route cells over a few countries and profiles, a
// share of them the viewer's own.
func randomCells(r *rand.Rand, n int, ownShare float64) []meridian.RouteCell {
	nats := []string{"AL", "UA", "RS", "CO", "RU", "SY", "NG"}
	dests := []string{"MK", "GR", "IT", "DE"}
	sexes := []string{"F", "M"}
	bands := []string{"12-17", "18-24", "25-34"}
	forms := []string{"sexual_exploitation", "forced_labour", "online_fraud"}
	cells := make([]meridian.RouteCell, n)
	for i := range cells {
		nat := nats[r.IntN(len(nats))]
		cells[i] = meridian.RouteCell{Kind: meridian.RouteVictims, Nationality: nat, Origin: nat, Destination: dests[r.IntN(len(dests))],
			Sex: sexes[r.IntN(2)], AgeBand: bands[r.IntN(3)], Exploitation: []string{forms[r.IntN(3)]},
			At: week.Add(time.Duration(r.IntN(6*24)) * time.Hour), Own: r.Float64() < ownShare, N: int64(1 + r.IntN(8))}
	}
	return cells
}

// TestComputeRoutesNoSmallCell: on random cells under every combination
// of filters, no flow shown counts 1 to 10 people of other agencies, a
// shown flow equals its people, and no single filter dropped would tell a
// hidden group of 1 to 10 by subtraction.
func TestComputeRoutesNoSmallCell(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 11))
	cells := randomCells(r, 600, 0.3)
	filters := []meridian.RouteFilter{{}, {Sex: "F"}, {Sex: "M", AgeBand: "18-24"}, {Exploitation: "online_fraud"},
		{From: week.Add(48 * time.Hour), To: week.Add(96 * time.Hour)}, {Region: "Southern Europe", Sex: "F"}}
	type key struct{ nat, dest string }
	count := func(f meridian.RouteFilter) (own, other map[key]int64) {
		own, other = map[key]int64{}, map[key]int64{}
		for _, c := range cells {
			if f.Sex != "" && c.Sex != f.Sex || f.AgeBand != "" && c.AgeBand != f.AgeBand ||
				f.Exploitation != "" && c.Exploitation[0] != f.Exploitation ||
				!f.From.IsZero() && c.At.Before(f.From) || !f.To.IsZero() && !c.At.Before(f.To) {
				continue
			}
			if f.Region != "" {
				_, a := meridian.RegionOf(c.Nationality)
				_, b := meridian.RegionOf(c.Destination)
				if a != f.Region && b != f.Region {
					continue
				}
			}
			if c.Own {
				own[key{c.Nationality, c.Destination}] += c.N
			} else {
				other[key{c.Nationality, c.Destination}] += c.N
			}
		}
		return own, other
	}
	_, all := count(meridian.RouteFilter{})
	shown := 0
	for _, f := range filters {
		got := analysis.ComputeRoutes(cells, f, week)
		own, other := count(f)
		for _, fl := range got.Flows {
			k := key{fl.Nationality, fl.Destination}
			if fl.Suppressed {
				continue
			}
			shown++
			if fl.N != own[k]+other[k] {
				t.Fatalf("filter %+v: flow %+v, want %d", f, fl, own[k]+other[k])
			}
			if o := other[k]; o > 0 && o < meridian.Suppression {
				t.Fatalf("filter %+v: flow %+v shows %d people of others", f, fl, o)
			}
			if d := all[k] - other[k]; other[k] > 0 && d > 0 && d < meridian.Suppression {
				t.Fatalf("filter %+v: flow %+v with %d of others leaves %d by subtraction from the unfiltered view", f, fl, other[k], d)
			}
		}
	}
	if shown == 0 {
		t.Fatal("nothing shown at all: the test proves nothing")
	}
}

// cpuTime is the process's CPU time: on a machine shared with other work
// the wall clock per op counts the waits for a core, this does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkComputeRoutes computes the routes of a week of the Liberterra
// II size (3,222 victims, 17,793 migrants in about 4,000 groups) and of a
// year of history (52 such weeks), under a filter, in process.
func BenchmarkComputeRoutes(b *testing.B) {
	for _, bc := range []struct {
		name  string
		cells int
	}{{"week", 4000}, {"year", 52 * 4000}} {
		cells := randomCells(rand.New(rand.NewPCG(1, 2)), bc.cells, 0.1)
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				analysis.ComputeRoutes(cells, meridian.RouteFilter{Sex: "F"}, week)
			}
		})
	}
}

// liberterraCells are the route cells of the simulated Liberterra II
// week (operation.NewPlan at full scale), repeated weeks times a week apart,
// one agency in ten the viewer's.
func liberterraCells(b *testing.B, weeks int) []meridian.RouteCell {
	p, err := operation.NewPlan(operation.Liberterra2, 1)
	if err != nil {
		b.Fatal(err)
	}
	var week []meridian.RouteCell
	for i := range p.Reports {
		e := &p.Reports[i].Event
		for _, c := range e.RouteCells() {
			c.Own = p.Reports[i].Agency%10 == 0
			week = append(week, c)
		}
	}
	out := make([]meridian.RouteCell, 0, len(week)*weeks)
	for w := range weeks {
		for _, c := range week {
			c.At = c.At.AddDate(0, 0, -7*w)
			out = append(out, c)
		}
	}
	b.Logf("%d cells a week", len(week))
	return out
}

// BenchmarkRoutesLiberterra computes the routes of the simulated week and
// of a year of weeks like it, unfiltered and for women only, in process
// (the store's read is measured by BenchmarkRoutesStore).
func BenchmarkRoutesLiberterra(b *testing.B) {
	for _, bc := range []struct {
		name  string
		weeks int
	}{{"week", 1}, {"year", 52}} {
		cells := liberterraCells(b, bc.weeks)
		for _, f := range []meridian.RouteFilter{{}, {Sex: "F"}} {
			b.Run(bc.name+"/sex="+f.Sex, func(b *testing.B) {
				start := cpuTime()
				for b.Loop() {
					analysis.ComputeRoutes(cells, f, week)
				}
				b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
			})
		}
	}
}
