package analysis_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"meridian"
	"meridian/analysis"
)

// NetworkGraph is a generated network of n persons of ten countries and
// m links, most within groups of about 100 (a trafficking network's
// cells), some across: the shape the network screen is measured on.
func networkGraph(n, m int) *meridian.LinkGraph {
	r := rand.New(rand.NewPCG(5, 5))
	countries := []string{"MK", "AL", "GR", "IT", "DE", "RS", "FR", "ES", "NL", "UA"}
	g := &meridian.LinkGraph{}
	for i := range n {
		c := countries[(i/100)%len(countries)]
		g.IDs = append(g.IDs, fmt.Sprintf("p%05d", i))
		g.Records = append(g.Records, meridian.RawRecord{Kind: "person",
			Body: fmt.Appendf(nil, `{"owner_country":%q,"names":[{"full":"Person %d"}],"role":"suspect"}`, c, i)})
	}
	seen := map[[2]int]bool{}
	for len(g.Links) < m {
		a := r.IntN(n)
		b := (a/100)*100 + r.IntN(100)
		if r.IntN(10) == 0 {
			b = r.IntN(n)
		}
		if b >= n || a == b || seen[[2]int{min(a, b), max(a, b)}] {
			continue
		}
		seen[[2]int{min(a, b), max(a, b)}] = true
		g.Links = append(g.Links, &meridian.Link{ID: fmt.Sprintf("l%06d", len(g.Links)), State: meridian.LinkConfirmed, Score: 0.9,
			A: meridian.LinkEnd{RecordID: g.IDs[a], Kind: "person"}, B: meridian.LinkEnd{RecordID: g.IDs[b], Kind: "person"}})
	}
	return g
}

// BenchmarkNetwork analyses a network of 5,000 records and 20,000 links.
//
//	go test ./analysis -run '^$' -bench Network -benchtime 3x
func BenchmarkNetwork(b *testing.B) {
	g := networkGraph(5000, 20000)
	for b.Loop() {
		n, err := analysis.Analyse(g)
		if err != nil {
			b.Fatal(err)
		}
		if len(n.Nodes) != 5000 || len(n.Edges) != 20000 || n.Summary == nil {
			b.Fatalf("%d nodes, %d edges, summary %v", len(n.Nodes), len(n.Edges), n.Summary != nil)
		}
	}
}

// TestNetworkCommunities: on the generated network of 50 groups of about
// 100 records (one link in ten across groups), Louvain finds about as
// many communities, and most records share theirs with most of their
// group.
func TestNetworkCommunities(t *testing.T) {
	g := networkGraph(5000, 20000)
	n, err := analysis.Analyse(g)
	if err != nil {
		t.Fatal(err)
	}
	if c := len(n.Communities); c < 30 || c > 80 {
		t.Fatalf("%d communities in 50 groups", c)
	}
	same := 0
	for grp := range 50 {
		count := map[int]int{}
		for i := grp * 100; i < grp*100+100; i++ {
			count[n.Nodes[i].Community]++
		}
		best := 0
		for _, k := range count {
			best = max(best, k)
		}
		same += best
	}
	if same < 4500 {
		t.Fatalf("%d of 5,000 records in their group's main community", same)
	}
	t.Logf("%d communities; %d of 5,000 records in their group's main community", len(n.Communities), same)
}
