package main

import (
	"testing"

	"meridian"
)

// TestLinksFuzzyAcrossRestart: two persons who share no identifier, one
// written in Latin letters and recorded before the server restarted, the
// other in Cyrillic after, with the same date of birth, are proposed as
// one person on the strength of the name: the linking engine's index is
// built from the store at start and kept from the bus after.
func TestLinksFuzzyAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	m := MustRunMain(t, Config{Data: dir})
	rs := mustAgency(t, m, "RS", "Serbian Police")
	mk := mustAgency(t, m, "MK", "Macedonian Police")
	nl := mustAgency(t, m, "NL", "Dutch Police")
	release := map[string]any{"scope": "listed", "countries": []string{"NL"}}
	person := func(name string) map[string]any {
		return map[string]any{"role": "suspect", "names": []map[string]any{{"full": name}}, "birth_date": "1979-11-23", "sex": "M",
			"nationalities": []string{"RS"}, "release": release}
	}
	rsOff := &client{t, m.URL, mustToken(t, m, rs, "officer.rs", meridian.RoleOfficer)}
	var first meridian.Person
	rsOff.must(201, "POST", "/api/v1/persons", person("Dragan Stojanovic")).decode(t, &first)
	mkToken := mustToken(t, m, mk, "officer.mk", meridian.RoleOfficer)
	nlToken := mustToken(t, m, nl, "analyst.nl", meridian.RoleAnalyst)
	eventually(t, "the first person linked (nothing to propose)", func() bool { return countRows(t, m, "link_runs") >= 1 })
	m.Close()

	m = MustRunMain(t, Config{Data: dir})
	mkOff := &client{t, m.URL, mkToken}
	nlAna := &client{t, m.URL, nlToken}
	var second meridian.Person
	mkOff.must(201, "POST", "/api/v1/persons", person("Драган Стојановић")).decode(t, &second)
	var links list[meridian.Link]
	eventually(t, "the cross-script proposal", func() bool {
		nlAna.must(200, "GET", "/api/v1/links?record_id="+second.ID, nil).decode(t, &links)
		return len(links.Items) == 1
	})
	l := links.Items[0]
	ends := map[string]bool{l.A.RecordID: true, l.B.RecordID: true}
	if !ends[first.ID] || !ends[second.ID] {
		t.Fatalf("proposal joins %s and %s, want %s and %s", l.A.RecordID, l.B.RecordID, first.ID, second.ID)
	}
	if l.Relation != meridian.RelationSamePerson {
		t.Errorf("relation %q, want %q", l.Relation, meridian.RelationSamePerson)
	}
	var name, dob bool
	for _, e := range l.Evidence {
		name = name || (e.Kind == meridian.EvidenceName && e.Agree != meridian.AgreeDisagree)
		dob = dob || (e.Kind == meridian.EvidenceBirthDate && e.Agree == meridian.AgreeExact)
	}
	if !name || !dob {
		t.Fatalf("evidence %+v: want the names and the date of birth agreeing", l.Evidence)
	}
}
