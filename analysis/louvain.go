package analysis

import (
	"math/rand/v2"
	"slices"
)

// louvain finds communities by Louvain modularity optimisation (Blondel,
// Guillaume, Lambiotte and Lefebvre, 2008) on an unweighted undirected
// graph given as adjacency lists without self-loops or duplicates, and
// returns each node's community (numbered from 0, in no particular
// order). Nodes are visited in an order drawn from a fixed seed, so that
// one graph gives one answer. It works on flat arrays: gonum's
// community.Modularize, which it replaces, spent most of a 5,000-record
// network's analysis in map lookups of edge weights.
func louvain(adj [][]int) []int {
	n := len(adj)
	// The graph of the current level: weighted adjacency, self-loops
	// (a community's inner links, counted from both ends) apart.
	type arc struct {
		to int
		w  float64
	}
	g := make([][]arc, n)
	self := make([]float64, n)
	for i, ns := range adj {
		for _, j := range ns {
			g[i] = append(g[i], arc{j, 1})
		}
	}
	member := make([]int, n) // original node -> node of the current level
	for i := range member {
		member[i] = i
	}
	r := rand.New(rand.NewPCG(14, 14))
	for {
		N := len(g)
		k := make([]float64, N)
		var m2 float64
		for i := range g {
			k[i] = self[i]
			for _, a := range g[i] {
				k[i] += a.w
			}
			m2 += k[i]
		}
		if m2 == 0 {
			break
		}
		comm := make([]int, N)
		tot := make([]float64, N)
		for i := range comm {
			comm[i], tot[i] = i, k[i]
		}
		order := r.Perm(N)
		wTo := make([]float64, N)
		var touched []int
		moved := false
		for pass := 0; pass < 100; pass++ {
			changes := 0
			for _, i := range order {
				ci := comm[i]
				touched = touched[:0]
				for _, a := range g[i] {
					c := comm[a.to]
					if wTo[c] == 0 {
						touched = append(touched, c)
					}
					wTo[c] += a.w
				}
				tot[ci] -= k[i]
				best, bestGain := ci, wTo[ci]-tot[ci]*k[i]/m2
				for _, c := range touched {
					if gain := wTo[c] - tot[c]*k[i]/m2; gain > bestGain+1e-12 {
						best, bestGain = c, gain
					}
				}
				tot[best] += k[i]
				if best != ci {
					comm[i] = best
					changes++
				}
				for _, c := range touched {
					wTo[c] = 0
				}
			}
			if changes == 0 {
				break
			}
			moved = true
		}
		if !moved {
			break
		}
		// Aggregate: one node per community.
		num := make([]int, N)
		for i := range num {
			num[i] = -1
		}
		M := 0
		for i := range N {
			if num[comm[i]] < 0 {
				num[comm[i]] = M
				M++
			}
		}
		ng := make([][]arc, M)
		nself := make([]float64, M)
		at := make([]map[int]int, M)
		for i := range N {
			c := num[comm[i]]
			nself[c] += self[i]
			for _, a := range g[i] {
				d := num[comm[a.to]]
				if d == c {
					nself[c] += a.w
					continue
				}
				if at[c] == nil {
					at[c] = map[int]int{}
				}
				if x, ok := at[c][d]; ok {
					ng[c][x].w += a.w
				} else {
					at[c][d] = len(ng[c])
					ng[c] = append(ng[c], arc{d, a.w})
				}
			}
		}
		for i := range member {
			member[i] = num[comm[member[i]]]
		}
		g, self = ng, nself
		if M == N {
			break
		}
	}
	return slices.Clip(member)
}
