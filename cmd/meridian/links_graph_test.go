package main

import (
	"slices"
	"strings"
	"testing"

	"meridian"
	"meridian/watchlist"
)

// TestCaseGraphPerReader: GET /cases/{id}/graph gives each reader the
// case's records it may read as nodes and the links between two of them
// as edges; a record it may not read is only counted. The Dutch analyst
// (both countries release to her) opens a case from the confirmed
// cluster, released to Albania too; Albania's analyst, to whom only North
// Macedonia releases, gets the Macedonian person and raid, and of the
// Serbian suspect nothing but the count. An agency the case is not
// released to gets 404, as for an unknown case.
func TestCaseGraphPerReader(t *testing.T) {
	s := newLinkScene(t)
	s.nlAna.must(200, "POST", "/api/v1/links/"+s.proposal.ID+"/judgements", map[string]any{"decision": "confirmed", "reason": "same phone"})
	var cl meridian.Cluster
	eventually(t, "the cluster of three", func() bool {
		s.nlAna.must(200, "GET", "/api/v1/records/"+s.suspect.ID+"/cluster", nil).decode(t, &cl)
		return len(cl.Records) == 3
	})
	var c meridian.Case
	s.nlAna.must(201, "POST", "/api/v1/records/"+s.suspect.ID+"/cluster/case", map[string]any{"title": "Gevgelija network",
		"release": map[string]any{"scope": "listed", "countries": []string{"AL"}}}).decode(t, &c)

	var all watchlist.GraphView
	s.nlAna.must(200, "GET", "/api/v1/cases/"+c.ID+"/graph", nil).decode(t, &all)
	if len(all.Nodes) != 3 || len(all.Edges) != 2 || all.Hidden != 0 {
		t.Fatalf("the Dutch analyst's graph %+v", all)
	}
	var phoneEdge bool
	for _, e := range all.Edges {
		if slices.Contains(e.Shared, "phone") && e.State == meridian.LinkConfirmed {
			phoneEdge = true
		}
	}
	countries := map[string]bool{}
	for _, n := range all.Nodes {
		countries[n.Country] = true
	}
	if !phoneEdge || !countries["RS"] || !countries["MK"] {
		t.Fatalf("edges %+v nodes %+v", all.Edges, all.Nodes)
	}

	r := s.alAna.must(200, "GET", "/api/v1/cases/"+c.ID+"/graph", nil)
	var part watchlist.GraphView
	r.decode(t, &part)
	if len(part.Nodes) != 2 || len(part.Edges) != 1 || part.Hidden != 1 {
		t.Fatalf("the Albanian analyst's graph %+v", part)
	}
	for _, n := range part.Nodes {
		if n.ID == s.suspect.ID || n.Country != "MK" {
			t.Fatalf("the Albanian analyst sees node %+v", n)
		}
	}
	if strings.Contains(string(r.body), s.suspect.ID) || strings.Contains(string(r.body), s.rs.ID) {
		t.Fatalf("the Albanian analyst's graph names the Serbian record: %s", r.body)
	}
	mustProblem(t, s.outsider.do("GET", "/api/v1/cases/"+c.ID+"/graph", nil), 404, "")
	mustProblem(t, s.outsider.do("GET", "/api/v1/cases/unknown/graph", nil), 404, "")
}
