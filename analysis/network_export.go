package analysis

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"meridian/watchlist"
)

// Exports carry only the records the reader may read and the links
// between two of them: a restricted node ("a record of <owner>") is a
// prompt to call its owner, not data to hand on, and is left out.

// WriteGraphML writes the network as GraphML (graphml.graphdrawing.org),
// with each node's kind, country, label, role, community and betweenness
// and each edge's state, score and shared identifier types, for Gephi,
// yEd or i2 to read.
func WriteGraphML(w io.Writer, n *Network) error {
	type data struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	}
	type node struct {
		ID   string `xml:"id,attr"`
		Data []data `xml:"data"`
	}
	type edge struct {
		ID     string `xml:"id,attr"`
		Source string `xml:"source,attr"`
		Target string `xml:"target,attr"`
		Data   []data `xml:"data"`
	}
	type key struct {
		ID       string `xml:"id,attr"`
		For      string `xml:"for,attr"`
		AttrName string `xml:"attr.name,attr"`
		AttrType string `xml:"attr.type,attr"`
	}
	type graphT struct {
		ID          string `xml:"id,attr"`
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []node `xml:"node"`
		Edges       []edge `xml:"edge"`
	}
	type doc struct {
		XMLName xml.Name `xml:"graphml"`
		NS      string   `xml:"xmlns,attr"`
		Keys    []key    `xml:"key"`
		Graph   graphT   `xml:"graph"`
	}
	d := doc{NS: "http://graphml.graphdrawing.org/xmlns", Graph: graphT{ID: "meridian", EdgeDefault: "undirected"}}
	for _, k := range [][4]string{
		{"kind", "node", "kind", "string"}, {"country", "node", "country", "string"}, {"label", "node", "label", "string"},
		{"role", "node", "role", "string"}, {"community", "node", "community", "int"}, {"betweenness", "node", "betweenness", "double"},
		{"state", "edge", "state", "string"}, {"score", "edge", "score", "double"}, {"shared", "edge", "shared", "string"},
	} {
		d.Keys = append(d.Keys, key{ID: k[0], For: k[1], AttrName: k[2], AttrType: k[3]})
	}
	in := map[string]bool{}
	for _, nd := range n.Nodes {
		if nd.Restricted {
			continue
		}
		in[nd.ID] = true
		x := node{ID: nd.ID, Data: []data{{"kind", nd.Kind}, {"country", nd.Country}, {"label", nd.Label}}}
		if nd.Role != "" {
			x.Data = append(x.Data, data{"role", nd.Role})
		}
		x.Data = append(x.Data, data{"community", strconv.Itoa(nd.Community)},
			data{"betweenness", strconv.FormatFloat(nd.Betweenness, 'g', 6, 64)})
		d.Graph.Nodes = append(d.Graph.Nodes, x)
	}
	for _, e := range n.Edges {
		if e.Restricted || !in[e.Source] || !in[e.Target] {
			continue
		}
		x := edge{ID: e.ID, Source: e.Source, Target: e.Target, Data: []data{{"state", e.State},
			{"score", strconv.FormatFloat(e.Score, 'g', 6, 64)}}}
		if len(e.Shared) > 0 {
			x.Data = append(x.Data, data{"shared", strings.Join(e.Shared, " ")})
		}
		d.Graph.Edges = append(d.Graph.Edges, x)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(d); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// WriteFtM writes the network as FollowTheMoney JSON lines, through the
// links code's export (watchlist.WriteFtMGraph), without the links of
// which the reader may read one end only.
func WriteFtM(w io.Writer, n *Network) error {
	g := *n.Graph
	g.Links = nil
	for _, l := range n.Graph.Links {
		if !l.Restricted {
			g.Links = append(g.Links, l)
		}
	}
	return watchlist.WriteFtMGraph(w, &g)
}
