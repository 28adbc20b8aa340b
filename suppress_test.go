package meridian_test

import (
	"math/rand/v2"
	"testing"

	"meridian"
)

// randomStats is the statistics of an operation with many nationalities
// and many small groups, before suppression.
func randomStats(seed uint64, groups int) []meridian.StatRow {
	rng := rand.New(rand.NewPCG(seed, 1))
	nats := []string{"NG", "VN", "UA", "AL", "SY", "ER", "MD", "RO", "BG", "TH", "PH", "CN", "BR", "CO", "unknown"}
	sexes := []string{"F", "M", "X", "unknown"}
	counts := map[meridian.StatRow]int64{}
	for range groups {
		n := int64(1 + rng.IntN(4))
		if rng.IntN(3) == 0 {
			n = int64(5 + rng.IntN(30))
		}
		nat := nats[rng.IntN(len(nats))]
		counts[meridian.StatRow{Table: "victims_by_profile", Nationality: nat, Sex: sexes[rng.IntN(len(sexes))], AgeBand: meridian.AgeBands[rng.IntN(len(meridian.AgeBands))]}] += n
		x := "unknown"
		if i := rng.IntN(len(meridian.ExploitationTypes) + 1); i < len(meridian.ExploitationTypes) {
			x = meridian.ExploitationTypes[i]
		}
		counts[meridian.StatRow{Table: "victims_by_exploitation", Nationality: nat, Exploitation: x}] += n
		if rng.IntN(2) == 0 {
			counts[meridian.StatRow{Table: "migrants_by_nationality", Nationality: nats[rng.IntN(5)]}] += n
			counts[meridian.StatRow{Table: "migrants_by_route", Origin: nats[rng.IntN(5)], Destination: nats[5+rng.IntN(5)]}] += n
		}
	}
	var rows []meridian.StatRow
	for k, n := range counts {
		k.N = n
		rows = append(rows, k)
	}
	return rows
}

func TestSuppress(t *testing.T) {
	for seed := range uint64(20) {
		rows := randomStats(seed, 20+int(seed)*40)
		truth := map[string]int64{}
		for _, r := range rows {
			truth[r.Table+r.Nationality+r.Sex+r.AgeBand+r.Exploitation+r.Origin+r.Destination] = r.N
		}
		out := meridian.Suppress(rows)
		shown, hidden := 0, 0
		for _, r := range out {
			n := truth[r.Table+r.Nationality+r.Sex+r.AgeBand+r.Exploitation+r.Origin+r.Destination]
			switch {
			case r.Suppressed && r.N != 0:
				t.Fatalf("seed %d: suppressed cell with a count: %+v", seed, r)
			case !r.Suppressed && (r.N < meridian.Suppression || r.N != n):
				t.Fatalf("seed %d: cell shown as %d, counts %d: %+v", seed, r.N, n, r)
			case !r.Suppressed:
				shown++
			default:
				hidden++
			}
			delete(truth, r.Table+r.Nationality+r.Sex+r.AgeBand+r.Exploitation+r.Origin+r.Destination)
		}
		if len(truth) != 0 && len(out) > 0 {
			t.Fatalf("seed %d: %d cells left out", seed, len(truth))
		}
		t.Logf("seed %d: %d rows, %d shown, %d suppressed", seed, len(rows), shown, hidden)
	}
}

// BenchmarkSuppress: a large operation's statistics (200 nationalities,
// mostly small cells), the worst a statistics export asks of Suppress.
func BenchmarkSuppress(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 1))
	sexes := []string{"F", "M", "X", "unknown"}
	counts := map[meridian.StatRow]int64{}
	countries := meridian.Countries()[:200]
	for range 3000 {
		n := int64(1 + rng.IntN(4))
		if rng.IntN(6) == 0 {
			n = int64(5 + rng.IntN(30))
		}
		nat := countries[rng.IntN(len(countries))].Alpha2
		counts[meridian.StatRow{Table: "victims_by_profile", Nationality: nat, Sex: sexes[rng.IntN(len(sexes))], AgeBand: meridian.AgeBands[rng.IntN(len(meridian.AgeBands))]}] += n
		counts[meridian.StatRow{Table: "victims_by_exploitation", Nationality: nat, Exploitation: meridian.ExploitationTypes[rng.IntN(len(meridian.ExploitationTypes))]}] += n
	}
	var rows []meridian.StatRow
	for k, n := range counts {
		k.N = n
		rows = append(rows, k)
	}
	b.ReportMetric(float64(len(rows)), "cells")
	for b.Loop() {
		meridian.Suppress(rows)
	}
}
