package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"
	"testing"

	"meridian"
	"meridian/analysis"
)

// graphML is what TestNetworkExports reads back of a GraphML export.
type graphML struct {
	XMLName xml.Name `xml:"graphml"`
	Keys    []struct {
		ID  string `xml:"id,attr"`
		For string `xml:"for,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string `xml:"id,attr"`
			Data []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
			} `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			ID     string `xml:"id,attr"`
			Source string `xml:"source,attr"`
			Target string `xml:"target,attr"`
		} `xml:"edge"`
	} `xml:"graph"`
}

// checkGraphML parses a GraphML export and checks it is well formed: the
// GraphML namespace, keys declared for what data uses, unique node ids and
// edges between nodes of the file. It returns the node ids.
func checkGraphML(t *testing.T, b []byte) []string {
	t.Helper()
	var g graphML
	if err := xml.Unmarshal(b, &g); err != nil {
		t.Fatalf("GraphML does not parse: %v\n%s", err, b)
	}
	if g.XMLName.Space != "http://graphml.graphdrawing.org/xmlns" || g.Graph.EdgeDefault != "undirected" {
		t.Fatalf("GraphML root %+v", g.XMLName)
	}
	keys := map[string]string{}
	for _, k := range g.Keys {
		keys[k.ID] = k.For
	}
	var ids []string
	for _, n := range g.Graph.Nodes {
		if slices.Contains(ids, n.ID) {
			t.Fatalf("node %s twice", n.ID)
		}
		ids = append(ids, n.ID)
		for _, d := range n.Data {
			if keys[d.Key] != "node" {
				t.Fatalf("node data %q has no node key", d.Key)
			}
		}
	}
	for _, e := range g.Graph.Edges {
		if !slices.Contains(ids, e.Source) || !slices.Contains(ids, e.Target) {
			t.Fatalf("edge %+v joins a node not in the file", e)
		}
	}
	return ids
}

// checkFtM reads FollowTheMoney lines: each an entity with an id, a schema
// and properties; every link's subject and object an entity of the file.
func checkFtM(t *testing.T, b []byte) []string {
	t.Helper()
	type entity struct {
		ID         string              `json:"id"`
		Schema     string              `json:"schema"`
		Properties map[string][]string `json:"properties"`
	}
	var es []entity
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		var e entity
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("FtM line %q: %v", sc.Text(), err)
		}
		if e.ID == "" || e.Schema == "" || e.Properties == nil {
			t.Fatalf("FtM entity %+v", e)
		}
		es = append(es, e)
	}
	var ids []string
	for _, e := range es {
		ids = append(ids, e.ID)
	}
	for _, e := range es {
		if e.Schema != "UnknownLink" {
			continue
		}
		for _, p := range []string{"subject", "object"} {
			if len(e.Properties[p]) != 1 || !slices.Contains(ids, e.Properties[p][0]) {
				t.Fatalf("link %s %s %v is not an entity of the export", e.ID, p, e.Properties[p])
			}
		}
	}
	return ids
}

// TestNetworkAccessMatrix: the network of a case shows each analyst the
// records it may read, and a link of which it reads one end only as "a
// record of <owner>" with the opaque reference to quote, as the links list does;
// the exports (GraphML, FtM) are well formed and carry nothing of a record
// the reader may not read, not even the restricted node; the shortest
// path runs only through readable records.
func TestNetworkAccessMatrix(t *testing.T) {
	s := newLinkScene(t)
	s.nlAna.must(200, "POST", "/api/v1/links/"+s.proposal.ID+"/judgements", map[string]any{"decision": "confirmed", "reason": "same phone"})
	eventually(t, "the cluster of three", func() bool {
		var cl meridian.Cluster
		s.nlAna.must(200, "GET", "/api/v1/records/"+s.suspect.ID+"/cluster", nil).decode(t, &cl)
		return len(cl.Records) == 3
	})
	var c meridian.Case
	s.nlAna.must(201, "POST", "/api/v1/records/"+s.suspect.ID+"/cluster/case", map[string]any{"title": "Gevgelija network",
		"release": map[string]any{"scope": "listed", "countries": []string{"AL"}}}).decode(t, &c)
	base := "/api/v1/analysis/network?case_id=" + c.ID

	t.Run("ReaderOfAll", func(t *testing.T) {
		var n analysis.Network
		s.nlAna.must(200, "GET", base+"&path_from="+s.suspect.ID+"&path_to="+s.raid.ID, nil).decode(t, &n)
		if len(n.Nodes) != 3 || len(n.Edges) != 2 || len(n.Communities) == 0 {
			t.Fatalf("network %+v", n)
		}
		for _, nd := range n.Nodes {
			if nd.Restricted {
				t.Fatalf("restricted node for a reader of all: %+v", nd)
			}
		}
		if want := []string{s.suspect.ID, s.named.ID, s.raid.ID}; !slices.Equal(n.Path, want) {
			t.Fatalf("path %v, want %v", n.Path, want)
		}
		// The Macedonian person joins a Serbian and a Macedonian record.
		if len(n.Brokers) != 1 || n.Brokers[0].ID != s.named.ID || !slices.Equal(n.Brokers[0].Countries, []string{"MK", "RS"}) {
			t.Fatalf("brokers %+v", n.Brokers)
		}
		if len(n.Hubs) == 0 || n.Hubs[0].Type != "phone" || len(n.Hubs[0].Records) != 2 {
			t.Fatalf("hubs %+v", n.Hubs)
		}
		ids := checkGraphML(t, s.nlAna.must(200, "GET", "/api/v1/analysis/network/export?format=graphml&case_id="+c.ID, nil).body)
		if len(ids) != 3 {
			t.Fatalf("GraphML nodes %v", ids)
		}
		ftm := checkFtM(t, s.nlAna.must(200, "GET", "/api/v1/analysis/network/export?format=ftm&case_id="+c.ID, nil).body)
		if !slices.Contains(ftm, s.suspect.ID) || len(ftm) != 5 {
			t.Fatalf("FtM entities %v", ftm)
		}
	})

	t.Run("ReaderOfPart", func(t *testing.T) {
		r := s.alAna.must(200, "GET", base, nil)
		var n analysis.Network
		r.decode(t, &n)
		var restricted []analysis.NetNode
		for _, nd := range n.Nodes {
			if nd.Restricted {
				restricted = append(restricted, nd)
			} else if nd.Country != "MK" {
				t.Fatalf("Albania's analyst sees node %+v", nd)
			}
		}
		if len(n.Nodes) != 3 || len(restricted) != 1 {
			t.Fatalf("nodes %+v", n.Nodes)
		}
		if x := restricted[0]; x.Label != "a record of Serbian Police" || !meridian.IsLinkRef(x.Ref) || strings.Contains(x.Ref, s.proposal.ID) || x.Country != "" || x.Kind != "restricted" {
			t.Fatalf("restricted node %+v", x)
		}
		for _, leak := range []string{s.suspect.ID, s.rs.ID, `"RS"`} {
			if strings.Contains(string(r.body), leak) {
				t.Fatalf("Albania's network shows %s: %s", leak, r.body)
			}
		}
		for _, format := range []string{"graphml", "ftm"} {
			body := s.alAna.must(200, "GET", "/api/v1/analysis/network/export?format="+format+"&case_id="+c.ID, nil).body
			var ids []string
			if format == "graphml" {
				ids = checkGraphML(t, body)
			} else {
				ids = checkFtM(t, body)
			}
			if len(ids) == 0 {
				t.Fatalf("%s export empty", format)
			}
			for _, leak := range []string{s.suspect.ID, s.rs.ID, "Serbian", "restricted", s.proposal.ID} {
				if strings.Contains(string(body), leak) {
					t.Fatalf("%s export shows %q: %s", format, leak, body)
				}
			}
		}
		// The path may not run to a record Albania may not read.
		mustProblem(t, s.alAna.do("GET", base+"&path_from="+s.named.ID+"&path_to="+s.suspect.ID, nil), 422, "")
		// A filter on when links were found leaves one-end links out: their
		// dates are for readers of both ends.
		var dated analysis.Network
		s.alAna.must(200, "GET", base+"&from=2000-01-01", nil).decode(t, &dated)
		for _, nd := range dated.Nodes {
			if nd.Restricted {
				t.Fatalf("a dated network shows a one-end link: %+v", nd)
			}
		}
	})

	t.Run("ErrForbidden", func(t *testing.T) {
		mustProblem(t, s.rsOff.do("GET", base, nil), 403, "")
		mustProblem(t, s.outsider.do("GET", base, nil), 404, "")
		mustProblem(t, s.outsider.do("GET", "/api/v1/analysis/network/export?case_id="+c.ID, nil), 404, "")
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		mustProblem(t, s.nlAna.do("GET", "/api/v1/analysis/network", nil), 422, "")
		mustProblem(t, s.nlAna.do("GET", base+"&country=XX", nil), 422, "")
		mustProblem(t, s.nlAna.do("GET", base+"&path_from=nope&path_to="+s.raid.ID, nil), 422, "")
	})
}

// TestBriefAccessMatrix: the brief of an operation carries what its
// reader may see on the routes screen and nothing more: the owner reads
// its own small flows, another participant reads none of them (nor of an
// owner-only report), in every language; the brief names no report.
func TestBriefAccessMatrix(t *testing.T) {
	s := newRoutesScene(t)
	base := "/api/v1/analysis/brief?operation_id=" + s.op.ID
	mk := string(s.mkAna.must(200, "GET", base, nil).body)
	if !strings.Contains(mk, "Serbia → North Macedonia") || !strings.Contains(mk, "Ukraine → North Macedonia") {
		t.Fatalf("the owner's brief lacks its own flows:\n%s", mk)
	}
	if strings.Contains(mk, "The trends analysis is not available here.") ||
		!strings.Contains(mk, `data-table="trends"`) && !strings.Contains(mk, "No figure rose beyond its history in the period.") {
		t.Fatalf("the brief's trends section is not wired to the trends analysis:\n%s", mk)
	}
	for _, lang := range []string{"en", "fr", "es", "ar"} {
		r := s.grAna.must(200, "GET", base+"&lang="+lang, nil)
		body := string(r.body)
		if !strings.Contains(body, `lang="`+lang+`"`) || (lang == "ar") != strings.Contains(body, `dir="rtl"`) {
			t.Fatalf("%s brief's language: %.300s", lang, body)
		}
		if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
			t.Fatalf("brief CSP %q", csp)
		}
		victimsTable := body
		if i := strings.Index(body, `data-table="routes-victims"`); i >= 0 {
			victimsTable = body[i:]
			victimsTable = victimsTable[:strings.Index(victimsTable, "</table>")]
			t.Fatalf("victim flows shown to Greece, of 32 and 5 people of another agency (the 5 would follow from the total): %s", victimsTable)
		}
		for _, leak := range []string{s.ownerOnly.ID, s.smallAll.ID, s.listed.ID} {
			if strings.Contains(body, leak) {
				t.Fatalf("%s brief names report %s", lang, leak)
			}
		}
	}
	mustProblem(t, s.mkOff.do("GET", base, nil), 403, "")
	mustProblem(t, s.outsider.do("GET", base, nil), 403, "")
	mustProblem(t, s.mkAna.do("GET", base+"&lang=de", nil), 422, "")
}
