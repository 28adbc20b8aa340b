package watchlist_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"meridian"
	"meridian/watchlist"
)

// TestWriteFtMGraph writes a small case graph and reads it back with the
// FollowTheMoney reader: the persons and documents come back as such, and
// every line is an entity with an id, a schema and properties.
func TestWriteFtMGraph(t *testing.T) {
	person := &meridian.Person{Role: meridian.RoleSuspect, Names: []meridian.Name{{Full: "Marko Petrovic", Given: "Marko", Family: "Petrovic"},
		{Full: "Марко Петровић"}}, BirthDate: "1985-03-12", Sex: "M", Nationalities: []string{"RS"},
		Identifiers: []meridian.Identifier{{Kind: meridian.IDPhone, Value: "+381641234567"}}, Notes: "informant says"}
	person.Meta = meridian.Meta{ID: "p1", OwnerCountry: "RS"}
	doc := &meridian.Document{Type: "passport", Number: "P1234567", IssuingState: "RS", Status: "stolen", PersonID: "p1"}
	doc.Meta = meridian.Meta{ID: "d1"}
	ev := &meridian.Event{Type: meridian.EventRaid, OccurredAt: time.Date(2026, 11, 30, 5, 0, 0, 0, time.UTC),
		Place: meridian.Place{Country: "MK", Name: "Gevgelija"}, Persons: []meridian.Involved{{PersonID: "p1", Role: meridian.RoleSuspect},
			{PersonID: "hidden", Role: meridian.RoleSuspect}}}
	ev.Meta = meridian.Meta{ID: "e1"}
	raw := func(kind string, v any) meridian.RawRecord {
		b, _ := json.Marshal(v)
		return meridian.RawRecord{Kind: kind, Body: b}
	}
	g := &meridian.LinkGraph{IDs: []string{"p1", "d1", "e1"},
		Records: []meridian.RawRecord{raw("person", person), raw("document", doc), raw("event", ev)},
		Links: []*meridian.Link{{ID: "l1", A: meridian.LinkEnd{RecordID: "e1"}, B: meridian.LinkEnd{RecordID: "p1"},
			State: meridian.LinkConfirmed, Score: 1, Evidence: []meridian.LinkEvidence{{Text: "named by the raid"}}}}}
	var b bytes.Buffer
	if err := watchlist.WriteFtMGraph(&b, g); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "informant") || strings.Contains(out, "hidden") {
		t.Fatalf("the export carries notes or a record not in the graph:\n%s", out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	var schemas []string
	for _, l := range lines {
		var e struct {
			ID         string              `json:"id"`
			Schema     string              `json:"schema"`
			Properties map[string][]string `json:"properties"`
		}
		if err := json.Unmarshal([]byte(l), &e); err != nil || e.ID == "" || len(e.Properties) == 0 {
			t.Fatalf("line %q: %v", l, err)
		}
		schemas = append(schemas, e.Schema)
	}
	if strings.Join(schemas, ",") != "Person,Passport,Event,UnknownLink" {
		t.Fatalf("schemas %v", schemas)
	}
	var persons, docs int
	if _, err := watchlist.ReadFtM(strings.NewReader(out), "suspect", func(e watchlist.Entry) error {
		if e.Person != nil {
			persons++
			if e.Person.Names[0].Full != "Marko Petrovic" || e.Person.BirthDate != "1985-03-12" || e.Person.Nationalities[0] != "RS" {
				t.Errorf("read back %+v", e.Person)
			}
		}
		if e.Document != nil {
			docs++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if persons != 1 {
		t.Fatalf("read back %d persons, %d documents", persons, docs)
	}
}
