package sqldbtest

import (
	"slices"
	"testing"

	"meridian"
	"meridian/sqldb"
)

// keyRows returns the (type, value) rows of record_keys for a record and
// their scope column.
func keyRows(tb testing.TB, db *sqldb.DB, id string) (keys []meridian.Key, scopes []string) {
	tb.Helper()
	rows, err := db.SQL().Query(db.Dialect().Rebind(`SELECT type, value, scope FROM record_keys WHERE record_id = ? ORDER BY type, value`), id)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k meridian.Key
		var sc string
		if err := rows.Scan(&k.Type, &k.Value, &sc); err != nil {
			tb.Fatal(err)
		}
		keys, scopes = append(keys, k), append(scopes, sc)
	}
	return keys, scopes
}

func matchIDs(ms []meridian.KeyMatch) []string {
	var ids []string
	for _, m := range ms {
		if !slices.Contains(ids, m.RecordID) {
			ids = append(ids, m.RecordID)
		}
	}
	slices.Sort(ids)
	return ids
}

func sorted(ids ...string) []string {
	slices.Sort(ids)
	return ids
}

func testKeys(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	phone := meridian.Key{Type: meridian.KeyPhone, Value: "+38970123456"}
	// NewPerson carries the phone +389 70 123 456. A's is its own; B's is
	// released to the operation (A's country takes part); C's is its own,
	// and C's country does not take part.
	pa := w.NewPerson("Owner only A", meridian.Release{Scope: meridian.ScopeOwner})
	pa.Identifiers = append(pa.Identifiers,
		meridian.Identifier{Kind: meridian.IDEmail, Value: "Jobs.Abroad@Example.com"},
		meridian.Identifier{Kind: meridian.IDVehicle, Value: "sk 123-ab", Country: "MK"})
	if err := db.CreatePerson(As(w.A), pa); err != nil {
		t.Fatal(err)
	}
	pb := w.MustCreatePerson(t, w.B, "Released B", meridian.Release{Scope: meridian.ScopeAll})
	pc := w.MustCreatePerson(t, w.C, "Owner only C", meridian.Release{Scope: meridian.ScopeOwner})
	doc := &meridian.Document{Type: "passport", Number: "ab 123 4567", IssuingState: "AL", PersonID: pb.ID,
		Meta: meridian.Meta{OperationID: w.Operation.ID, TLP: meridian.TLPAmber, Release: meridian.Release{Scope: meridian.ScopeAll}}}
	if err := db.CreateDocument(As(w.B), doc); err != nil {
		t.Fatal(err)
	}

	// Written with the record.
	keys, _ := keyRows(t, db, pa.ID)
	want := []meridian.Key{{Type: meridian.KeyEmail, Value: "jobs.abroad@example.com"}, phone, {Type: meridian.KeyPlate, Value: "MK:SK123AB"}}
	if !slices.Equal(keys, want) {
		t.Fatalf("keys of A's person = %+v, want %+v", keys, want)
	}
	if keys, _ := keyRows(t, db, doc.ID); !slices.Equal(keys, []meridian.Key{{Type: meridian.KeyDocument, Value: "AL:AB1234567"}}) {
		t.Fatalf("keys of the document = %+v", keys)
	}
	var attrs int
	if err := db.SQL().QueryRow(db.Dialect().Rebind(`SELECT COUNT(*) FROM record_attrs WHERE record_id = ? AND name IN ('phone', 'email', 'vehicle')`), pa.ID).Scan(&attrs); err != nil || attrs != 0 {
		t.Fatalf("identifiers still in record_attrs: %d, %v", attrs, err)
	}

	// Scoped lookups: nobody finds a record they may not read.
	for _, tc := range []struct {
		name string
		as   *meridian.Agency
		want []string
	}{
		{"A", w.A, sorted(pa.ID, pb.ID)},
		{"A2", w.A2, sorted(pb.ID)}, // same country as A, but A's record is A's own
		{"B", w.B, sorted(pb.ID)},
		{"C", w.C, sorted(pc.ID)},
	} {
		ms, err := db.FindByKeys(As(tc.as), []meridian.Key{phone})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := matchIDs(ms); !slices.Equal(got, tc.want) {
			t.Errorf("%s finds %v, want %v", tc.name, got, tc.want)
		}
	}
	if ms, err := db.FindByKeys(As(w.A, meridian.RoleAdmin), []meridian.Key{phone}); err != nil || len(ms) != 0 {
		t.Fatalf("an administrator (no read role) finds %+v, %v", ms, err)
	}
	ms, err := db.FindByKeys(As(w.A), []meridian.Key{phone, {Type: meridian.KeyDocument, Value: "AL:AB1234567"}})
	if err != nil || !slices.Equal(matchIDs(ms), sorted(pa.ID, pb.ID, doc.ID)) {
		t.Fatalf("two keys: %+v, %v", ms, err)
	}
	for _, m := range ms {
		if m.RecordID == doc.ID && (m.RecordKind != "document" || m.OwnerAgency != w.B.ID || m.OwnerCountry != "AL" || m.OperationID != w.Operation.ID) {
			t.Fatalf("document match %+v", m)
		}
	}

	// One audit entry naming the records found; none for finding nothing.
	before := AuditCount(t, db)
	if _, err := db.FindByKeys(As(w.A), []meridian.Key{phone}); err != nil {
		t.Fatal(err)
	}
	if n := AuditCount(t, db) - before; n != 1 {
		t.Fatalf("a lookup wrote %d audit entries, want 1", n)
	}
	es := entries(t, db)
	e := es[len(es)-1]
	var named []string
	for _, r := range e.Records {
		named = append(named, r.ID)
	}
	slices.Sort(named)
	if e.Action != meridian.AuditList || e.UserID != "user-of-"+w.A.ID || !slices.Equal(named, sorted(pa.ID, pb.ID)) {
		t.Fatalf("lookup entry %+v", e)
	}
	before = AuditCount(t, db)
	if _, err := db.FindByKeys(As(w.A), []meridian.Key{{Type: meridian.KeyPhone, Value: "+38970999999"}}); err != nil {
		t.Fatal(err)
	}
	if n := AuditCount(t, db) - before; n != 0 {
		t.Fatalf("an empty lookup wrote %d audit entries", n)
	}

	// Malformed lookups are refused, naming the field.
	for _, bad := range [][]meridian.Key{
		nil,
		{{Type: meridian.KeyPhone, Value: "+389 70 123 456"}}, // not in normal form
		{{Type: "passport", Value: "AB123"}},
		{{Type: meridian.KeyIBAN, Value: "GB82WEST12345698765431"}},
		make([]meridian.Key, meridian.MaxKeysPerLookup+1),
	} {
		if _, err := db.FindByKeys(As(w.A), bad); meridian.KindOf(err) != meridian.EInvalid {
			t.Fatalf("FindByKeys(%+v) = %v, want invalid", bad, err)
		}
	}

	// The linking worker's variant sees every record; nobody else may use it.
	if ms, err := db.FindByKeysForLinking(Sys(), []meridian.Key{phone}); err != nil || !slices.Equal(matchIDs(ms), sorted(pa.ID, pb.ID, pc.ID)) {
		t.Fatalf("system lookup %+v, %v", ms, err)
	}
	if _, err := db.FindByKeysForLinking(As(w.A, meridian.RoleCoordinator, meridian.RoleAnalyst), []meridian.Key{phone}); meridian.KindOf(err) != meridian.EForbidden {
		t.Fatalf("a user's linking lookup = %v, want forbidden", err)
	}

	// Updated with the record: new keys replace old ones, and the access
	// columns follow the release.
	pa.Identifiers = []meridian.Identifier{{Kind: meridian.IDPhone, Value: "+355 69 123 4567"}}
	pa.Release = meridian.Release{Scope: meridian.ScopeAll}
	if err := db.UpdatePerson(As(w.A), pa); err != nil {
		t.Fatal(err)
	}
	keys, scopes := keyRows(t, db, pa.ID)
	if !slices.Equal(keys, []meridian.Key{{Type: meridian.KeyPhone, Value: "+355691234567"}}) || scopes[0] != "all" {
		t.Fatalf("keys after update %+v %v", keys, scopes)
	}
	if ms, _ := db.FindByKeys(As(w.A), []meridian.Key{phone}); slices.Contains(matchIDs(ms), pa.ID) {
		t.Fatal("the old phone still finds the updated person")
	}
	if ms, _ := db.FindByKeys(As(w.B), []meridian.Key{{Type: meridian.KeyPhone, Value: "+355691234567"}}); !slices.Equal(matchIDs(ms), []string{pa.ID}) {
		t.Fatalf("B does not find A's person released to all: %+v", ms)
	}

	// Deleted with the record.
	if err := db.DeleteDocument(As(w.B), doc.ID); err != nil {
		t.Fatal(err)
	}
	if keys, _ := keyRows(t, db, doc.ID); len(keys) != 0 {
		t.Fatalf("keys of a deleted document: %+v", keys)
	}

	// Records stored before record_keys are keyed by the backfill, which
	// resumes from the cursor the migration leaves and then removes it.
	if _, err := db.SQL().Exec(`DELETE FROM record_keys`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`INSERT INTO store_meta (key, value) VALUES ('record_keys_backfill', '')`); err != nil {
		t.Fatal(err)
	}
	if err := db.BackfillKeys(Sys()); err != nil {
		t.Fatal(err)
	}
	if ms, err := db.FindByKeysForLinking(Sys(), []meridian.Key{phone}); err != nil || !slices.Equal(matchIDs(ms), sorted(pb.ID, pc.ID)) {
		t.Fatalf("after backfill %+v, %v", ms, err)
	}
	if keys, scopes := keyRows(t, db, pa.ID); len(keys) != 1 || scopes[0] != "all" {
		t.Fatalf("backfilled keys of A's person %+v %v", keys, scopes)
	}
	if n := Count(t, db, "store_meta WHERE key = 'record_keys_backfill'"); n != 0 {
		t.Fatalf("backfill cursor left behind")
	}
}
