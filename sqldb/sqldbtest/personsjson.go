package sqldbtest

import (
	"encoding/json"
	"reflect"
	"testing"

	"meridian"
)

// testPersonsJSON checks that a page of persons as the stored JSON
// (FindPersonsJSON, what the API answers) holds, for each viewer, the
// persons FindPersons gives it, each as it would be encoded, on every
// page; and that it is audited as FindPersons is: one entry a page,
// naming each record listed with its owner.
func testPersonsJSON(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	for i := range 5 {
		w.MustCreatePerson(t, w.A, "Stored A"+string(rune('a'+i)), meridian.Release{Scope: meridian.ScopeListed, Countries: []string{w.B.Country}})
		w.MustCreatePerson(t, w.A, "Owner only A"+string(rune('a'+i)), meridian.Release{Scope: meridian.ScopeOwner})
		w.MustCreatePerson(t, w.B, "Stored B"+string(rune('a'+i)), meridian.Release{Scope: meridian.ScopeOwner})
	}
	for _, a := range []*meridian.Agency{w.A, w.B} {
		cursor := ""
		for {
			f := meridian.PersonFilter{Page: meridian.Page{Limit: 4, Cursor: cursor}}
			want, wantNext, err := db.FindPersons(As(a), f)
			if err != nil {
				t.Fatal(err)
			}
			before := AuditCount(t, db)
			got, next, err := db.FindPersonsJSON(As(a), f)
			if err != nil {
				t.Fatal(err)
			}
			if n := AuditCount(t, db) - before; n != 1 && len(got) > 0 {
				t.Fatalf("a page wrote %d audit entries, want 1", n)
			}
			if next != wantNext || len(got) != len(want) {
				t.Fatalf("%s: %d persons, next %q; want %d, next %q", a.Name, len(got), next, len(want), wantNext)
			}
			for i, p := range want {
				enc, _ := json.Marshal(p)
				var x, y any
				json.Unmarshal(enc, &x)
				if err := json.Unmarshal(got[i], &y); err != nil || !reflect.DeepEqual(x, y) {
					t.Fatalf("%s: person %d stored as %s, encoded as %s", a.Name, i, got[i], enc)
				}
			}
			if len(want) > 0 {
				es := entries(t, db)
				e := es[len(es)-1]
				if e.Action != meridian.AuditList || len(e.Records) != len(want) {
					t.Fatalf("the page's entry: %+v", e)
				}
				for i, r := range e.Records {
					if r.ID != want[i].ID || r.Owner != want[i].OwnerAgency {
						t.Fatalf("the entry names %+v for %s of %s", r, want[i].ID, want[i].OwnerAgency)
					}
				}
			}
			if next == "" {
				break
			}
			cursor = next
		}
	}
	if r := verify(t, db); !r.OK() {
		t.Fatalf("%+v", r.Problems)
	}
}
