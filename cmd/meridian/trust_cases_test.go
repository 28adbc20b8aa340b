package main

import (
	"slices"
	"strings"
	"testing"

	"meridian"
)

// TestTrustCaseRecords: a case lists records of several owners. A reader
// of the case saw the ids of every record in it, those it may not read
// too (an id tells a record exists, and when: ids are UUIDv7). Now it sees
// the ids it may read and how many others there are; and an update by
// someone who cannot see a record does not drop it from the case.
func TestTrustCaseRecords(t *testing.T) {
	m := MustRunMain(t, Config{})
	nl := mustAgency(t, m, "NL", "Dutch Police")
	rs := mustAgency(t, m, "RS", "Serbian Police")
	al := mustAgency(t, m, "AL", "Albanian Police")
	nlAna := &client{t, m.URL, mustToken(t, m, nl, "analyst.nl", meridian.RoleAnalyst)}
	rsOff := &client{t, m.URL, mustToken(t, m, rs, "officer.rs", meridian.RoleOfficer)}
	alAna := &client{t, m.URL, mustToken(t, m, al, "analyst.al", meridian.RoleAnalyst)}

	// Serbia shares its suspect with the Netherlands only; the Dutch
	// record is shared with Albania too.
	var rsRec, nlRec meridian.Person
	rsOff.must(201, "POST", "/api/v1/persons", personBody("Marko Petrovic", map[string]any{"scope": "listed", "countries": []string{"NL"}})).decode(t, &rsRec)
	nlAna.must(201, "POST", "/api/v1/persons", personBody("Jan de Vries", map[string]any{"scope": "listed", "countries": []string{"AL"}})).decode(t, &nlRec)
	var c meridian.Case
	nlAna.must(201, "POST", "/api/v1/cases", map[string]any{"title": "Balkan route", "records": []string{nlRec.ID, rsRec.ID},
		"release": map[string]any{"scope": "listed", "countries": []string{"AL"}}}).decode(t, &c)
	if len(c.Records) != 2 || c.Hidden != 0 {
		t.Fatalf("the case's owner sees %v (hidden %d), want both records", c.Records, c.Hidden)
	}

	// Albania reads the case: the Dutch record, and one more it may not read.
	var seen meridian.Case
	alAna.must(200, "GET", "/api/v1/cases/"+c.ID, nil).decode(t, &seen)
	if !slices.Equal(seen.Records, []string{nlRec.ID}) || seen.Hidden != 1 {
		t.Fatalf("Albania sees records %v, hidden %d; want only %s and one hidden", seen.Records, seen.Hidden, nlRec.ID)
	}
	var listed list[meridian.Case]
	alAna.must(200, "GET", "/api/v1/cases", nil).decode(t, &listed)
	for _, lc := range listed.Items {
		if slices.Contains(lc.Records, rsRec.ID) {
			t.Fatalf("the case list shows Albania the Serbian record's id")
		}
	}
	if raw := string(alAna.must(200, "GET", "/api/v1/cases/"+c.ID, nil).body); strings.Contains(raw, rsRec.ID) {
		t.Fatalf("the case as Albania reads it names the Serbian record: %s", raw)
	}

	// Serbia withdraws its release; the Dutch owner edits the case as it
	// now sees it (without the Serbian record): the record stays listed.
	withdrawn := personBody("Marko Petrovic", map[string]any{"scope": "owner"})
	withdrawn["version"] = rsRec.Version
	rsOff.must(200, "PUT", "/api/v1/persons/"+rsRec.ID, withdrawn)
	var mine meridian.Case
	nlAna.must(200, "GET", "/api/v1/cases/"+c.ID, nil).decode(t, &mine)
	if !slices.Equal(mine.Records, []string{nlRec.ID}) || mine.Hidden != 1 {
		t.Fatalf("after the withdrawal the owner sees %v, hidden %d", mine.Records, mine.Hidden)
	}
	var updated meridian.Case
	nlAna.must(200, "PUT", "/api/v1/cases/"+c.ID, map[string]any{"title": "Balkan route (2)", "records": mine.Records,
		"version": mine.Version, "release": map[string]any{"scope": "listed", "countries": []string{"AL"}}}).decode(t, &updated)
	if slices.Contains(updated.Records, rsRec.ID) || updated.Hidden != 1 {
		t.Fatalf("the update's answer shows %v, hidden %d", updated.Records, updated.Hidden)
	}
	stored, err := m.DB.FindCaseByID(sys(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(stored.Records, rsRec.ID) || stored.Title != "Balkan route (2)" {
		t.Fatalf("the stored case lost the record its editor could not see: %+v", stored.Records)
	}
}
