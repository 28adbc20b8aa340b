package sqldbtest

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"meridian"
	"meridian/sqldb"
)

// testScreening covers the store's side of screening: listed persons and
// documents as records, all-or-nothing imports, recording checks (audit,
// counts, hits), the owner's inbox and what a checker may see of it.
func testScreening(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	owner, checker := As(w.A, meridian.RoleNCB), As(w.B, meridian.RoleOfficer)

	wp := &meridian.WatchPerson{Category: meridian.CategoryWanted, Names: []meridian.Name{{Full: "Dragan Petrović"}},
		BirthDate: "1975-02-14", Documents: []meridian.DocRef{{Number: "RS 1234567", IssuingState: "RS"}}}
	t.Run("CreateWatchPerson", func(t *testing.T) {
		if err := db.CreateWatchPerson(owner, wp); err != nil {
			t.Fatal(err)
		}
		_, err := db.FindWatchPersonByID(checker, wp.ID)
		mustKind(t, err, meridian.ENotFound)
		bad := &meridian.WatchPerson{Category: "villain", Names: []meridian.Name{{Full: "x"}}}
		err = db.CreateWatchPerson(owner, bad)
		mustKind(t, err, meridian.EInvalid)
		if meridian.FieldOf(err) != "category" {
			t.Fatalf("field %q", meridian.FieldOf(err))
		}
	})
	t.Run("ImportAllOrNothing", func(t *testing.T) {
		before := Count(t, db, "records")
		_, _, err := db.ImportWatchlist(owner, func(imp *sqldb.Importer) error {
			for i := range 3 {
				d := &meridian.WatchDocument{Number: "X10000" + string(rune('0'+i)), IssuingState: "MK", Status: "stolen"}
				if err := imp.AddDocument(d); err != nil {
					return err
				}
			}
			return errors.New("line 4 was bad")
		})
		if err == nil || Count(t, db, "records") != before {
			t.Fatalf("a failed import left %d records (error %v)", Count(t, db, "records")-before, err)
		}
		n, id, err := db.ImportWatchlist(owner, func(imp *sqldb.Importer) error {
			for i := range 7000 { // more than one audit flush
				d := &meridian.WatchDocument{Number: "Y" + strconv.Itoa(100000+i), IssuingState: "MK", Status: "lost"}
				if err := imp.AddDocument(d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || n != 7000 || !meridian.IsID(id) {
			t.Fatalf("import: %d %q %v", n, id, err)
		}
		var got int
		err = db.ScanWatchlist(context.Background(), "watch_document", id, func(string, []byte) error { got++; return nil })
		if err != nil || got != 7000 {
			t.Fatalf("scan of the import: %d %v", got, err)
		}
		if r := verify(t, db); !r.OK() {
			t.Fatalf("audit after a large import: %+v", r.Problems[:1])
		}
	})
	ref := meridian.NewID()
	t.Run("RecordChecks", func(t *testing.T) {
		c := meridian.CheckContext{OperationID: w.Operation.ID, PlaceKind: "border_point", Place: "Qafë Thanë", Country: "AL", Reason: "exit"}
		recs := []meridian.CheckRecord{
			{Kind: "person", Query: "Dragan Petrovic / 1975-02-14", Hits: []meridian.CheckedHit{{Ref: ref, RecordID: wp.ID, RecordKind: "watch_person", OwnerAgency: w.A.ID, Score: 0.93, Restricted: true}}},
			{Kind: "person", Query: "Nobody"},
			{Kind: "person", Query: "Nobody Else"},
		}
		if err := db.RecordChecks(checker, c, recs); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordChecks(checker, c, recs[1:]); err != nil {
			t.Fatal(err)
		}
		counts, err := db.FindCheckCounts(checker, w.Operation.ID)
		if err != nil || len(counts) != 1 || counts[0].Checks != 5 || counts[0].Hits != 1 || counts[0].PlaceKind != "border_point" || counts[0].AgencyID != w.B.ID {
			t.Fatalf("counts %+v %v", counts, err)
		}
	})
	t.Run("Inbox", func(t *testing.T) {
		inbox, _, err := db.FindHits(owner, meridian.HitFilter{})
		if err != nil || len(inbox) != 1 {
			t.Fatalf("inbox %v %v", inbox, err)
		}
		h := inbox[0]
		if h.ID != ref || h.RecordID != wp.ID || h.CheckerAgency != w.B.ID || h.Context.Place != "Qafë Thanë" || h.Query != "Dragan Petrovic / 1975-02-14" {
			t.Fatalf("inbox entry %+v", h)
		}
		mine, _, err := db.FindHits(checker, meridian.HitFilter{Made: true})
		if err != nil || len(mine) != 1 || mine[0].RecordID != "" || mine[0].Score != 0 {
			t.Fatalf("the checker sees the restricted record: %+v %v", mine, err)
		}
		none, _, _ := db.FindHits(As(w.C), meridian.HitFilter{})
		if len(none) != 0 {
			t.Fatal("a third agency sees the inbox")
		}
		_, err = db.RespondToHit(checker, ref, "rejected", "")
		mustKind(t, err, meridian.EForbidden)
		h2, err := db.RespondToHit(owner, ref, "confirmed", "contact the NCB")
		if err != nil || h2.Status != "confirmed" || h2.RespondedAt == nil {
			t.Fatalf("response %+v %v", h2, err)
		}
		_, err = db.RespondToHit(owner, ref, "maybe", "")
		mustKind(t, err, meridian.EInvalid)
	})
	t.Run("LoadRecords", func(t *testing.T) {
		recs, err := db.LoadRecords(context.Background(), []string{wp.ID, meridian.NewID()})
		if err != nil || len(recs) != 1 || recs[wp.ID].Kind != "watch_person" {
			t.Fatalf("%v %v", recs, err)
		}
		var got meridian.WatchPerson
		if err := json.Unmarshal(recs[wp.ID].Body, &got); err != nil || got.OwnerAgency != w.A.ID {
			t.Fatalf("%+v %v", got, err)
		}
	})
}
