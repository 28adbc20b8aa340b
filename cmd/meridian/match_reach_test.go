package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"meridian"
)

// TestYenteMatchReach: what yente's clients rely on. A result keeps the
// source entity's id (among referents) and carries first_seen, last_seen
// and last_change; country names are read as ISO codes ("Serbia" -> rs);
// results come best first with a restricted hit after every visible one;
// an unknown algorithm or schema is refused with 400 as yente refuses it.
func TestYenteMatchReach(t *testing.T) {
	data := t.TempDir()
	agency, _, code := cli(t, "", "agency", "add", "--data", data, "--country", "RS", "--kind", "ncb", "--name", "NCB Belgrade")
	agency = strings.TrimSpace(agency)
	if code != 0 {
		t.Fatal("agency add failed")
	}
	export, _ := filepath.Abs("../../watchlist/testdata/export.ftm.json")
	if out, stderr, code := cli(t, "", "import", "watchlist", "--data", data, "--format", "ftm", "--agency", agency, export); code != 0 {
		t.Fatalf("import: %q %q", out, stderr)
	}
	m := MustRunMain(t, Config{Data: data})
	ag, _ := m.DB.FindAgencyByID(sys(), agency)
	rs := &client{t, m.URL, mustToken(t, m, ag, "ncb", meridian.RoleNCB)}
	mk := mustAgency(t, m, "MK", "MoI Skopje")
	other := &client{t, m.URL, mustToken(t, m, mk, "mk", meridian.RoleOfficer)}
	// Another agency's entry the Serbian NCB may not read, a better match
	// than a visible near namesake.
	body := watchPersonBody("Dragan Kostić", "wanted", map[string]any{"scope": "owner"})
	body["birth_date"] = "1978-11-02"
	other.must(201, "POST", "/api/v1/watchlist/persons", body)
	near := watchPersonBody("Dragan Kostović", "wanted", nil)
	near["birth_date"] = "1978-11-02"
	rs.must(201, "POST", "/api/v1/watchlist/persons", near)

	type result struct {
		ID         string              `json:"id"`
		Referents  []string            `json:"referents"`
		Score      float64             `json:"score"`
		Features   map[string]float64  `json:"features"`
		Props      map[string][]string `json:"properties"`
		FirstSeen  string              `json:"first_seen"`
		LastSeen   string              `json:"last_seen"`
		LastChange string              `json:"last_change"`
	}
	type resp struct {
		Responses map[string]struct {
			Status  int      `json:"status"`
			Results []result `json:"results"`
		} `json:"responses"`
	}
	req := map[string]any{"queries": map[string]any{
		"q": map[string]any{"schema": "Person", "properties": map[string]any{"name": "Dragan Kostic", "birthDate": "1978-11-02", "nationality": []string{"Serbia"}}},
		"v": map[string]any{"schema": "Vessel", "properties": map[string]any{"name": "Sea Star"}},
	}}
	var r resp
	eventually(t, "the entries in the index", func() bool {
		rs.must(200, "POST", "/match/default?threshold=0.5", req).decode(t, &r)
		return len(r.Responses["q"].Results) >= 3
	})
	res := r.Responses["q"].Results
	top := res[0]
	if !slices.Contains(top.Referents, "NK-9c1e2f") || top.FirstSeen == "" || top.LastSeen == "" || top.LastChange == "" {
		t.Fatalf("best result lacks the source id or its dates: %+v", top)
	}
	if !slices.Contains(top.Props["nationality"], "rs") {
		t.Fatalf("nationality not as ISO code: %+v", top.Props)
	}
	last := res[len(res)-1]
	if last.Features["restricted"] != 1 || last.FirstSeen != "" || len(last.Referents) != 0 || last.Score != 0 {
		t.Fatalf("restricted hit not last, or shows more than whom to contact: %+v", res)
	}
	for i := 1; i < len(res)-1; i++ {
		if res[i].Features["restricted"] == 1 || res[i].Score > res[i-1].Score {
			t.Fatalf("results not best first with restricted hits last: %+v", res)
		}
	}
	if r.Responses["v"].Status != 400 {
		t.Fatalf("a schema Meridian does not match is not answered 400 per query: %+v", r.Responses["v"])
	}

	// The nationality written as a name narrows like the code does.
	for _, nat := range []string{"Russia", "rus", "Russian Federation"} {
		if c, ok := meridian.NormalizeCountry(nat); !ok || c != "RU" {
			t.Errorf("NormalizeCountry(%q) = %q, %v", nat, c, ok)
		}
	}

	// yente refuses an unknown algorithm or schema with 400.
	mustProblem(t, rs.do("POST", "/match/default?algorithm=nonsense", req), 400, "algorithm")
	bad := map[string]any{"queries": map[string]any{"q": map[string]any{"schema": "Spaceship", "properties": map[string]any{"name": "X"}}}}
	mustProblem(t, rs.do("POST", "/match/default", bad), 400, "schema")
	for _, alg := range []string{"best", "logic-v1", "name-based"} {
		rs.must(200, "POST", "/match/default?algorithm="+alg, req)
	}
}
