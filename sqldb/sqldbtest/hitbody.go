package sqldbtest

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"meridian"
)

// testHitBody: a hit's row stores its id, time, record, owner, checker and
// status in columns and only the rest in the body, once (issue 10: bytes
// a recorded check); the owner and the checker read the whole hit back,
// and a row written before, with the whole hit in its body, reads the same.
func testHitBody(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	checker := As(w.B, meridian.RoleOfficer)
	owner := As(w.A, meridian.RoleOfficer)
	c := meridian.CheckContext{OperationID: w.Operation.ID, PlaceKind: "border_point", Place: "Tabanovce", Country: "MK", Reason: "bus from Preševo"}
	ref := meridian.NewID()
	recordID := meridian.NewID()
	err := db.RecordChecks(checker, c, []meridian.CheckRecord{{Kind: "person", Query: "Dragan Petrovic 1975-02-14",
		Hits: []meridian.CheckedHit{{Ref: ref, RecordID: recordID, RecordKind: "watch_person", OwnerAgency: w.A.ID, Score: 0.93}}}})
	if err != nil {
		t.Fatal(err)
	}
	var body string
	if err := db.SQL().QueryRow(db.Dialect().Rebind(`SELECT body FROM hits WHERE id = ?`), ref).Scan(&body); err != nil {
		t.Fatal(err)
	}
	for _, dup := range []string{ref, recordID, w.A.ID, w.B.ID, `"status"`, `"at"`} {
		if strings.Contains(body, dup) {
			t.Errorf("the hit's body repeats %s, which has a column: %s", dup, body)
		}
	}
	got, err := db.FindHitByID(owner, ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != ref || got.RecordID != recordID || got.RecordKind != "watch_person" || got.OwnerAgency != w.A.ID ||
		got.CheckerAgency != w.B.ID || got.CheckerUser == "" || got.CheckerName == "" || got.CheckerCountry == "" || got.Status != "new" ||
		got.Score != 0.93 || got.Query != "Dragan Petrovic 1975-02-14" || got.Context.Reason != c.Reason || got.Context.Place != c.Place || got.At.IsZero() {
		t.Fatalf("the owner reads back %+v", got)
	}
	mine, _, err := db.FindHits(checker, meridian.HitFilter{Made: true})
	if err != nil || len(mine) != 1 || mine[0].ID != ref || mine[0].Query != got.Query {
		t.Fatalf("the checker's hits: %+v (%v)", mine, err)
	}
	answered, err := db.RespondToHit(owner, ref, "confirmed", "detained at the crossing")
	if err != nil || answered.Response != "detained at the crossing" || answered.RespondedAt == nil {
		t.Fatalf("respond: %+v (%v)", answered, err)
	}
	got, err = db.FindHitByID(owner, ref)
	if err != nil || got.Status != "confirmed" || got.Response != answered.Response || got.RespondedBy == "" || got.Query != "Dragan Petrovic 1975-02-14" {
		t.Fatalf("after the answer the owner reads %+v (%v)", got, err)
	}

	// A row as it was written before: the whole hit in the body.
	full, _ := json.Marshal(got)
	if _, err := db.SQL().Exec(db.Dialect().Rebind(`UPDATE hits SET body = ? WHERE id = ?`), string(full), ref); err != nil {
		t.Fatal(err)
	}
	old, err := db.FindHitByID(owner, ref)
	if err != nil {
		t.Fatal(err)
	}
	if !old.At.Equal(got.At) || !reflect.DeepEqual(*old.RespondedAt, *got.RespondedAt) {
		t.Fatalf("times differ: %v %v / %v %v", old.At, got.At, old.RespondedAt, got.RespondedAt)
	}
	old.At, old.RespondedAt = got.At, got.RespondedAt
	if !reflect.DeepEqual(old, got) {
		t.Fatalf("an old row reads\n%+v\nwant\n%+v", old, got)
	}
}
