package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"meridian"
)

// TestListPersonsAsStored lists persons through the API, which answers a
// page with the JSON the store holds instead of decoding and encoding
// each person (issue 10, the mixed load): each viewer gets exactly the
// persons it may read, each as GET of the person gives it; the page is
// one audit entry that the owner's audit screen finds through the owner
// index; the log verifies; and the OpenAPI document still says a page
// holds Person.
func TestListPersonsAsStored(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "Agency A")
	b := mustAgency(t, m, "GR", "Agency B")
	ca := &client{t, m.URL, mustToken(t, m, a, "officer.a", meridian.RoleOfficer)}
	cb := &client{t, m.URL, mustToken(t, m, b, "officer.b", meridian.RoleOfficer)}
	ncbA := &client{t, m.URL, mustToken(t, m, a, "ncb.a", meridian.RoleNCB)}

	create := func(p map[string]any) string {
		var rec struct {
			ID string `json:"id"`
		}
		ca.must(201, "POST", "/api/v1/persons", p).decode(t, &rec)
		return rec.ID
	}
	released := create(map[string]any{"role": "victim", "tlp": "AMBER", "handling": "H1",
		"names":       []map[string]string{{"full": "Amal <Haddad> & \u0623\u0645\u0644"}},
		"victim":      map[string]any{"status": "presumed", "recruitment": []string{"job_offer"}, "exploited_in": []string{"GR"}},
		"identifiers": []map[string]string{{"kind": "phone", "value": "+389 70 123 456"}},
		"notes":       "met at the border, \"scared\"", "release": map[string]any{"scope": "listed", "countries": []string{"GR"}}})
	ownerOnly := create(map[string]any{"role": "suspect", "names": []map[string]string{{"full": "Hidden Owner"}},
		"suspect": map[string]any{"process_roles": []string{"recruiter"}}, "release": map[string]string{"scope": "owner"}})

	// Each item as GET of the same person gives it, to the same viewer.
	sameAsGet := func(c *client, want ...string) {
		t.Helper()
		var page struct {
			Items []json.RawMessage `json:"items"`
		}
		r := c.must(200, "GET", "/api/v1/persons?limit=100", nil)
		if ct := r.header.Get("Content-Type"); ct != "application/json" {
			t.Fatalf("Content-Type %q", ct)
		}
		r.decode(t, &page)
		var ids []string
		for _, raw := range page.Items {
			var item map[string]any
			if err := json.Unmarshal(raw, &item); err != nil {
				t.Fatal(err)
			}
			id, _ := item["id"].(string)
			ids = append(ids, id)
			var got map[string]any
			g := c.must(200, "GET", "/api/v1/persons/"+id, nil)
			g.decode(t, &got)
			// The same security headers as an answer huma encodes.
			for _, h := range []string{"Cache-Control", "Content-Security-Policy", "X-Content-Type-Options", "Content-Type"} {
				if r.header.Get(h) != g.header.Get(h) {
					t.Fatalf("%s: list %q, get %q", h, r.header.Get(h), g.header.Get(h))
				}
			}
			if !reflect.DeepEqual(item, got) {
				t.Fatalf("listed person %s differs from GET:\n list: %s\n get:  %v", id, raw, got)
			}
		}
		if !reflect.DeepEqual(ids, want) {
			t.Fatalf("listed %v, want %v", ids, want)
		}
	}
	sameAsGet(ca, released, ownerOnly)
	sameAsGet(cb, released) // B never sees A's owner-only person

	// Pages of one: the cursor leads to the next, and the last has none.
	var first, second list[struct {
		ID string `json:"id"`
	}]
	ca.must(200, "GET", "/api/v1/persons?limit=1", nil).decode(t, &first)
	if len(first.Items) != 1 || first.Items[0].ID != released || first.NextCursor == "" {
		t.Fatalf("first page of one: %+v", first)
	}
	ca.must(200, "GET", "/api/v1/persons?limit=1&cursor="+first.NextCursor, nil).decode(t, &second)
	if len(second.Items) != 1 || second.Items[0].ID != ownerOnly {
		t.Fatalf("second page of one: %+v", second)
	}
	var empty map[string]any
	cb.must(200, "GET", "/api/v1/persons?owner_agency="+b.ID, nil).decode(t, &empty)
	if items, ok := empty["items"].([]any); !ok || len(items) != 0 || empty["next_cursor"] != nil {
		t.Fatalf("an empty page: %v", empty)
	}

	// A's audit screen finds B's list of A's record, and only that record.
	var screen struct {
		Items []meridian.AuditEntry `json:"items"`
	}
	ncbA.must(200, "GET", "/api/v1/audit?action=list&order=newest", nil).decode(t, &screen)
	found := false
	for _, e := range screen.Items {
		if e.AgencyID == b.ID {
			found = true
			if len(e.Records) != 1 || e.Records[0].ID != released || e.Records[0].Owner != a.ID {
				t.Fatalf("B's list as A's NCB sees it: %+v", e.Records)
			}
		}
	}
	if !found {
		t.Fatalf("A's audit screen misses B's list of A's person: %+v", screen.Items)
	}

	// The document still describes a page of persons as Person items.
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]struct {
					Schema struct {
						Ref string `json:"$ref"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	ca.must(200, "GET", "/api/v1/openapi.json", nil).decode(t, &doc)
	if ref := doc.Paths["/api/v1/persons"]["get"].Responses["200"].Content["application/json"].Schema.Ref; ref != "#/components/schemas/ListPerson" {
		t.Fatalf("list-persons answers %q, want ListPerson", ref)
	}
	if l := doc.Components.Schemas["ListPerson"]; !strings.Contains(string(l), `"#/components/schemas/Person"`) {
		t.Fatalf("ListPerson: %s", l)
	}
	for name := range doc.Components.Schemas {
		if strings.Contains(name, "StoredPerson") {
			t.Fatalf("the document names an internal type: %s", name)
		}
	}

	data := m.Config.Data
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if out, stderr, code := cli(t, "", "audit", "verify", "--data", data); code != 0 {
		t.Fatalf("audit verify: %q %q", out, stderr)
	}
}
