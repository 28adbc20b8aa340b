package watchlist

import (
	"encoding/json"
	"slices"

	"meridian"
)

// GraphNode is a record of a case's graph as its reader may read it.
type GraphNode struct {
	ID      string `json:"id"`
	Kind    string `json:"kind" doc:"person, document or event"`
	Country string `json:"country" doc:"the owner's country"`
	Label   string `json:"label" doc:"a name, a document number or an event type and date"`
}

// GraphEdge is a link between two records of the graph; Shared names the
// identifiers (phone, passport...) both records hold.
type GraphEdge struct {
	ID     string   `json:"id"`
	Source string   `json:"source"`
	Target string   `json:"target"`
	State  string   `json:"state"`
	Score  float64  `json:"score"`
	Shared []string `json:"shared,omitempty"`
}

// GraphView is a case's network as a reader sees it.
type GraphView struct {
	Nodes []GraphNode `json:"nodes"`
	Edges []GraphEdge `json:"edges"`
	// Hidden counts the case's records the reader may not read: they are
	// not nodes, and nothing of them is shown.
	Hidden int `json:"hidden,omitempty" doc:"records of the case you may not read (not shown)"`
}

// ViewOf turns g (already cut to what its reader may read) into nodes and
// edges; a link whose end is not a node of g is left out.
func ViewOf(g *meridian.LinkGraph) (*GraphView, error) {
	v := &GraphView{Nodes: []GraphNode{}, Edges: []GraphEdge{}}
	in := map[string]bool{}
	for i, raw := range g.Records {
		var r struct {
			OwnerCountry string `json:"owner_country"`
			Names        []struct {
				Full string `json:"full"`
			} `json:"names"`
			Number     string `json:"number"`
			Type       string `json:"type"`
			OccurredAt string `json:"occurred_at"`
		}
		if err := json.Unmarshal(raw.Body, &r); err != nil {
			return nil, err
		}
		n := GraphNode{ID: g.IDs[i], Kind: raw.Kind, Country: r.OwnerCountry}
		switch {
		case raw.Kind == "person" && len(r.Names) > 0:
			n.Label = r.Names[0].Full
		case raw.Kind == "document":
			n.Label = r.Number
		case raw.Kind == "event":
			n.Label = r.Type
			if len(r.OccurredAt) >= 10 {
				n.Label += " " + r.OccurredAt[:10]
			}
		}
		in[n.ID] = true
		v.Nodes = append(v.Nodes, n)
	}
	for _, l := range g.Links {
		if l.Restricted || !in[l.A.RecordID] || !in[l.B.RecordID] {
			continue
		}
		e := GraphEdge{ID: l.ID, Source: l.A.RecordID, Target: l.B.RecordID, State: l.State, Score: l.Score}
		for _, ev := range l.Evidence {
			if ev.Kind == meridian.EvidenceKey && ev.Agree != "disagree" && !slices.Contains(e.Shared, string(ev.KeyType)) {
				e.Shared = append(e.Shared, string(ev.KeyType))
			}
		}
		v.Edges = append(v.Edges, e)
	}
	return v, nil
}
