package meridian

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestDeterminedBridges: on tables laid out as the trends lay out a week
// (keys by days and week, each key's days summing to its week, and, for a
// single-valued breakdown, the keys summing to the whole day by day), and
// on the statistics' victims relations, the bridges of the graph find
// exactly the suppressed cells Gaussian elimination finds determined.
func TestDeterminedBridges(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	graphs := 0
	for iter := range 3000 {
		keys, days := 1+r.IntN(12), 1+r.IntN(7)
		width := days + 1
		sums := r.IntN(2) == 0
		rows := keys
		if sums {
			rows++
		}
		cells := make([]statCell, rows*width)
		p := r.Float64()
		for i := range cells {
			cells[i].n = int64(r.IntN(15))
			cells[i].suppressed = r.Float64() < p
		}
		var rels []relation
		for k := range rows {
			rel := relation{{k*width + days, -1}}
			for c := range days {
				rel = append(rel, term{k*width + c, 1})
			}
			rels = append(rels, rel)
		}
		if sums {
			for c := range width {
				rel := relation{{keys*width + c, -1}}
				for k := range keys {
					rel = append(rel, term{k*width + c, 1})
				}
				rels = append(rels, rel)
			}
		}
		if iter%5 == 4 && rows >= 3 {
			// Not a graph: a relation over three rows' first cells.
			rels = append(rels, relation{{0, 1}, {width, 1}, {(rows - 1) * width, 1}})
		}
		want := determinedRREF(cells, rels)
		g := newGraph(cells, rels)
		if !g.ok {
			continue
		}
		got := g.determined(cells, rels)
		graphs++
		if !slices.Equal(got, want) {
			t.Fatalf("case %d (%d keys, %d days, sums %v): bridges %v, elimination %v", iter, keys, days, sums, got, want)
		}
		if d := determined(cells, rels); !slices.Equal(d, want) {
			t.Fatalf("case %d: determined %v, want %v", iter, d, want)
		}
	}
	if graphs < 2000 {
		t.Fatalf("only %d of 3000 cases were graphs", graphs)
	}
}
