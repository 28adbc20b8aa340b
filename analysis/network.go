package analysis

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"meridian"
	"meridian/watchlist"
)

// NetworkStore is what the network analysis needs of the store
// (sqldb.DB.FindNetwork): the graph already cut to what the caller may
// read.
type NetworkStore interface {
	FindNetwork(ctx context.Context, f meridian.NetworkFilter) (*meridian.LinkGraph, error)
}

// SummaryAt is the number of nodes above which the network also comes
// summarised, one node per community, for a browser to draw.
const SummaryAt = 400

// NetNode is a record of the network as its reader may read it, or, when
// Restricted, the other end of a link of which the reader may read one end
// only: then it says whose record it is and the reference to quote, and
// nothing else.
type NetNode struct {
	ID          string  `json:"id"`
	Kind        string  `json:"kind" doc:"person, document, event, case, or restricted"`
	Country     string  `json:"country,omitempty" doc:"the owner's country"`
	Label       string  `json:"label"`
	Role        string  `json:"role,omitempty" doc:"for persons"`
	Community   int     `json:"community"`
	Betweenness float64 `json:"betweenness" doc:"normalised to [0, 1]"`
	Degree      int     `json:"degree"`
	Restricted  bool    `json:"restricted,omitempty"`
	Owner       string  `json:"owner,omitempty" doc:"with restricted: the agency that owns the record"`
	Ref         string  `json:"ref,omitempty" doc:"with restricted: the reference to quote to that owner"`
}

// NetEdge is a link between two nodes.
type NetEdge struct {
	ID         string   `json:"id"`
	Source     string   `json:"source"`
	Target     string   `json:"target"`
	State      string   `json:"state,omitempty"`
	Score      float64  `json:"score,omitempty"`
	Shared     []string `json:"shared,omitempty" doc:"identifier types both records hold"`
	Restricted bool     `json:"restricted,omitempty"`
}

// Community is a group of records more linked among themselves than to
// the rest (Louvain modularity).
type Community struct {
	ID        int      `json:"id"`
	Size      int      `json:"size"`
	Countries []string `json:"countries" doc:"owner countries of its records"`
	Label     string   `json:"label" doc:"its most central record's label"`
}

// Broker is a record that lies on many shortest paths between others and
// joins records of several countries.
type Broker struct {
	ID          string   `json:"id"`
	Label       string   `json:"label"`
	Country     string   `json:"country"`
	Betweenness float64  `json:"betweenness"`
	Countries   []string `json:"countries" doc:"the countries of the records it is linked to"`
}

// Hub is an identifier several records of the network hold.
type Hub struct {
	Type    string   `json:"type"`
	Value   string   `json:"value"`
	Records []string `json:"records"`
}

// SummaryNode is one community drawn as one node.
type SummaryNode struct {
	ID        string   `json:"id"`
	Community int      `json:"community"`
	Size      int      `json:"size"`
	Countries []string `json:"countries"`
	Label     string   `json:"label"`
}

// SummaryEdge is the links between two communities.
type SummaryEdge struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Weight int    `json:"weight"`
}

// Summary is the network with its communities collapsed.
type Summary struct {
	Nodes []SummaryNode `json:"nodes"`
	Edges []SummaryEdge `json:"edges"`
}

// Network is the network analysis as one reader may see it.
type Network struct {
	Nodes       []NetNode   `json:"nodes"`
	Edges       []NetEdge   `json:"edges"`
	Communities []Community `json:"communities" doc:"largest first"`
	Brokers     []Broker    `json:"brokers" doc:"records joining countries, most between first"`
	Hubs        []Hub       `json:"hubs" doc:"identifiers held by two or more records, most held first"`
	Summary     *Summary    `json:"summary,omitempty" doc:"set above 400 nodes: communities collapsed"`
	Path        []string    `json:"path,omitempty" doc:"the shortest path asked for, node ids in order"`
	// BetweennessSources is set when betweenness was estimated from an
	// evenly spread sample of sources rather than from every node.
	BetweennessSources int `json:"betweenness_sources,omitempty" doc:"set above 256 nodes: betweenness is estimated from this many evenly spread sources, not computed from all"`
	// Graph is what the network was computed from, for the exports.
	Graph *meridian.LinkGraph `json:"-"`
}

// NetworkService computes the network analysis from the store's graph.
type NetworkService struct {
	Store NetworkStore
}

// Network reads the network f selects and analyses it; from and to, when
// both set, ask for the shortest path between two records (EInvalid if
// either is not in the network).
func (s *NetworkService) Network(ctx context.Context, f meridian.NetworkFilter, from, to string) (*Network, error) {
	g, err := s.Store.FindNetwork(ctx, f)
	if err != nil {
		return nil, err
	}
	n, err := Analyse(g)
	if err != nil {
		return nil, meridian.Internal("analysis.Network", err)
	}
	if from != "" || to != "" {
		p, err := n.ShortestPath(from, to)
		if err != nil {
			return nil, err
		}
		n.Path = p
	}
	return n, nil
}

// Analyse turns a graph (already cut to what its reader may read) into
// the network analysis.
func Analyse(g *meridian.LinkGraph) (*Network, error) {
	view, err := watchlist.ViewOf(g)
	if err != nil {
		return nil, err
	}
	n := &Network{Nodes: []NetNode{}, Edges: []NetEdge{}, Communities: []Community{}, Brokers: []Broker{}, Hubs: []Hub{}, Graph: g}
	idx := map[string]int{}
	for _, v := range view.Nodes {
		idx[v.ID] = len(n.Nodes)
		n.Nodes = append(n.Nodes, NetNode{ID: v.ID, Kind: v.Kind, Country: v.Country, Label: v.Label})
	}
	keys := map[meridian.Key][]string{}
	for i, raw := range g.Records {
		j, ok := idx[g.IDs[i]]
		if !ok {
			continue
		}
		switch raw.Kind {
		case "person":
			var p meridian.Person
			if err := json.Unmarshal(raw.Body, &p); err != nil {
				return nil, err
			}
			n.Nodes[j].Role = string(p.Role)
			for _, k := range p.Keys() {
				keys[k] = append(keys[k], g.IDs[i])
			}
		case "document":
			var d meridian.Document
			if err := json.Unmarshal(raw.Body, &d); err != nil {
				return nil, err
			}
			for _, k := range d.Keys() {
				keys[k] = append(keys[k], g.IDs[i])
			}
		}
	}
	for _, e := range view.Edges {
		n.Edges = append(n.Edges, NetEdge{ID: e.ID, Source: e.Source, Target: e.Target, State: e.State, Score: e.Score, Shared: e.Shared})
	}
	// A link of which the reader may read one end: the other end is "a
	// record of <owner>", one node per link, since the reader may not
	// know whether two such links reach the same record.
	for _, l := range g.Links {
		if !l.Restricted {
			continue
		}
		if _, ok := idx[l.A.RecordID]; !ok {
			continue
		}
		id := "restricted:" + l.ID
		idx[id] = len(n.Nodes)
		n.Nodes = append(n.Nodes, NetNode{ID: id, Kind: "restricted", Label: "a record of " + l.OwnerAgency,
			Restricted: true, Owner: l.OwnerAgency, Ref: l.Ref})
		n.Edges = append(n.Edges, NetEdge{ID: l.ID, Source: l.A.RecordID, Target: id, Restricted: true})
	}
	for k, recs := range keys {
		if len(recs) > 1 {
			slices.Sort(recs)
			n.Hubs = append(n.Hubs, Hub{Type: string(k.Type), Value: k.Value, Records: slices.Compact(recs)})
		}
	}
	slices.SortFunc(n.Hubs, func(a, b Hub) int {
		if c := cmp.Compare(len(b.Records), len(a.Records)); c != 0 {
			return c
		}
		return cmp.Compare(a.Type+a.Value, b.Type+b.Value)
	})

	adj := make([][]int, len(n.Nodes))
	seen := make(map[[2]int]bool, len(n.Edges))
	for _, e := range n.Edges {
		a, b := idx[e.Source], idx[e.Target]
		if a == b || seen[[2]int{min(a, b), max(a, b)}] {
			continue
		}
		seen[[2]int{min(a, b), max(a, b)}] = true
		adj[a] = append(adj[a], b)
		adj[b] = append(adj[b], a)
	}
	for i := range n.Nodes {
		n.Nodes[i].Degree = len(adj[i])
	}
	bc, sources := betweenness(adj)
	if sources < len(adj) {
		n.BetweennessSources = sources
	}
	for i := range n.Nodes {
		n.Nodes[i].Betweenness = bc[i]
	}
	n.communities(adj)
	n.brokers(adj)
	if len(n.Nodes) > SummaryAt {
		n.summarise(idx)
	}
	return n, nil
}

// communities finds the communities (Louvain, seeded so that one graph
// gives one answer) and numbers them largest first.
func (n *Network) communities(adj [][]int) {
	if len(n.Nodes) == 0 {
		return
	}
	of := louvain(adj)
	byComm := map[int][]int{}
	for i, c := range of {
		byComm[c] = append(byComm[c], i)
	}
	groups := make([][]int, 0, len(byComm))
	for _, g := range byComm {
		groups = append(groups, g)
	}
	ids := make([][]int, len(groups))
	for i, grp := range groups {
		ids[i] = grp
		slices.Sort(ids[i])
	}
	slices.SortFunc(ids, func(a, b []int) int {
		if c := cmp.Compare(len(b), len(a)); c != 0 {
			return c
		}
		return cmp.Compare(a[0], b[0])
	})
	for c, members := range ids {
		com := Community{ID: c, Size: len(members), Countries: []string{}}
		best := -1
		for _, i := range members {
			n.Nodes[i].Community = c
			if x := n.Nodes[i].Country; x != "" && !slices.Contains(com.Countries, x) {
				com.Countries = append(com.Countries, x)
			}
			if !n.Nodes[i].Restricted && (best < 0 || n.Nodes[i].Betweenness > n.Nodes[best].Betweenness ||
				n.Nodes[i].Betweenness == n.Nodes[best].Betweenness && n.Nodes[i].Degree > n.Nodes[best].Degree) {
				best = i
			}
		}
		if best >= 0 {
			com.Label = n.Nodes[best].Label
		}
		slices.Sort(com.Countries)
		n.Communities = append(n.Communities, com)
	}
}

// brokers lists the records linked to records of two or more countries,
// by betweenness.
func (n *Network) brokers(adj [][]int) {
	for i, nd := range n.Nodes {
		if nd.Restricted || nd.Betweenness == 0 {
			continue
		}
		var cs []string
		for _, j := range adj[i] {
			if c := n.Nodes[j].Country; c != "" && !slices.Contains(cs, c) {
				cs = append(cs, c)
			}
		}
		if nd.Country != "" && !slices.Contains(cs, nd.Country) {
			cs = append(cs, nd.Country)
		}
		if len(cs) < 2 {
			continue
		}
		slices.Sort(cs)
		n.Brokers = append(n.Brokers, Broker{ID: nd.ID, Label: nd.Label, Country: nd.Country, Betweenness: nd.Betweenness, Countries: cs})
	}
	slices.SortFunc(n.Brokers, func(a, b Broker) int {
		if c := cmp.Compare(b.Betweenness, a.Betweenness); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if len(n.Brokers) > 50 {
		n.Brokers = n.Brokers[:50]
	}
}

// summaryCommunities is the most communities a summary draws; the
// smaller rest (in a network of links, mostly pairs) is drawn as one node.
const summaryCommunities = 200

// summarise collapses each community into one node.
func (n *Network) summarise(idx map[string]int) {
	s := &Summary{}
	nodeOf := func(c int) string {
		if c >= summaryCommunities {
			return "community:other"
		}
		return "community:" + strconv.Itoa(c)
	}
	var rest *SummaryNode
	for _, c := range n.Communities {
		if c.ID < summaryCommunities {
			s.Nodes = append(s.Nodes, SummaryNode{ID: nodeOf(c.ID), Community: c.ID, Size: c.Size, Countries: c.Countries, Label: c.Label})
			continue
		}
		if rest == nil {
			rest = &SummaryNode{ID: "community:other", Community: -1, Countries: []string{}, Label: "other"}
		}
		rest.Size += c.Size
		for _, x := range c.Countries {
			if !slices.Contains(rest.Countries, x) {
				rest.Countries = append(rest.Countries, x)
			}
		}
	}
	if rest != nil {
		slices.Sort(rest.Countries)
		s.Nodes = append(s.Nodes, *rest)
	}
	w := map[[2]string]int{}
	for _, e := range n.Edges {
		a, b := nodeOf(n.Nodes[idx[e.Source]].Community), nodeOf(n.Nodes[idx[e.Target]].Community)
		if a == b {
			continue
		}
		if a > b {
			a, b = b, a
		}
		w[[2]string{a, b}]++
	}
	for k, x := range w {
		s.Edges = append(s.Edges, SummaryEdge{Source: k[0], Target: k[1], Weight: x})
	}
	slices.SortFunc(s.Edges, func(a, b SummaryEdge) int { return cmp.Compare(a.Source+" "+a.Target, b.Source+" "+b.Target) })
	n.Summary = s
}

// ShortestPath returns the ids of the nodes on a shortest path between two
// records of the network (fewest links); EInvalid for a record not in it,
// an empty path when none joins them.
func (n *Network) ShortestPath(from, to string) ([]string, error) {
	const op = "analysis.ShortestPath"
	idx := map[string]int{}
	for i, nd := range n.Nodes {
		if !nd.Restricted {
			idx[nd.ID] = i
		}
	}
	a, okA := idx[from]
	b, okB := idx[to]
	if !okA {
		return nil, meridian.Invalidf(op, "from", "not a record of this network you may read")
	}
	if !okB {
		return nil, meridian.Invalidf(op, "to", "not a record of this network you may read")
	}
	ug := simple.NewUndirectedGraph()
	for i := range n.Nodes {
		ug.AddNode(simple.Node(int64(i)))
	}
	for _, e := range n.Edges {
		x, y := idx[e.Source], idx[e.Target]
		if e.Restricted || x == y {
			continue
		}
		ug.SetEdge(simple.Edge{F: simple.Node(int64(x)), T: simple.Node(int64(y))})
	}
	p, _ := path.DijkstraFromTo(simple.Node(int64(a)), simple.Node(int64(b)), ug)
	out := []string{}
	for _, v := range p {
		out = append(out, n.Nodes[v.ID()].ID)
	}
	return out, nil
}

// betweennessSources is how many sources betweenness is computed from: all
// of them up to this many nodes, an evenly spread sample beyond, scaled up
// (Brandes and Pich's pivots), so that 5,000 nodes cost what 256 do.
const betweennessSources = 256

// betweenness is Brandes' betweenness centrality on an unweighted
// undirected graph, normalised to [0, 1] by the largest possible
// ((n-1)(n-2)/2 pairs).
func betweenness(adj [][]int) ([]float64, int) {
	n := len(adj)
	bc := make([]float64, n)
	if n < 3 {
		return bc, n
	}
	step := 1
	if n > betweennessSources {
		step = (n + betweennessSources - 1) / betweennessSources
	}
	sigma := make([]float64, n)
	dist := make([]int, n)
	delta := make([]float64, n)
	preds := make([][]int, n)
	order := make([]int, 0, n)
	queue := make([]int, 0, n)
	sources := 0
	for s := 0; s < n; s += step {
		sources++
		for i := range n {
			sigma[i], dist[i], delta[i], preds[i] = 0, -1, 0, preds[i][:0]
		}
		order, queue = order[:0], append(queue[:0], s)
		sigma[s], dist[s] = 1, 0
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			order = append(order, v)
			for _, w := range adj[v] {
				if dist[w] < 0 {
					dist[w] = dist[v] + 1
					queue = append(queue, w)
				}
				if dist[w] == dist[v]+1 {
					sigma[w] += sigma[v]
					preds[w] = append(preds[w], v)
				}
			}
		}
		for i := len(order) - 1; i >= 0; i-- {
			w := order[i]
			for _, v := range preds[w] {
				delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
			}
			if w != s {
				bc[w] += delta[w]
			}
		}
	}
	// Each pair is counted from both ends when every node is a source.
	scale := float64(n) / float64(sources) / 2 / (float64(n-1) * float64(n-2) / 2)
	for i := range bc {
		bc[i] *= scale
	}
	return bc, sources
}
