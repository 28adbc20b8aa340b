package sqldbtest

import (
	"slices"
	"testing"

	"meridian"
	"meridian/sqldb"
)

// KeysUpgrade checks migration 0013 on a store that held records before
// it: open must open the same database each time it is called. The store
// is put back to its state before 0013 (no record_keys, the person's phone
// in record_attrs, the migration not applied); reopening migrates it,
// removes the identifier from record_attrs and keys every record.
func KeysUpgrade(t *testing.T, open func() *sqldb.DB) {
	db := open()
	w := NewWorld(t, db)
	p := w.MustCreatePerson(t, w.A, "Before keys", meridian.Release{Scope: meridian.ScopeOwner})
	d := &meridian.Document{Type: "passport", Number: "AB 123 4567", IssuingState: "AL",
		Meta: meridian.Meta{TLP: meridian.TLPAmber, Release: meridian.Release{Scope: meridian.ScopeOwner}}}
	if err := db.CreateDocument(As(w.B), d); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DROP TABLE record_keys`,
		`DELETE FROM schema_migrations WHERE name = '0013_record_keys.sql'`,
		`INSERT INTO record_attrs (record_id, name, value) VALUES ('` + p.ID + `', 'phone', '+38970123456')`,
	} {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	db = open()
	defer db.Close()
	ms, err := db.FindByKeysForLinking(Sys(), []meridian.Key{{Type: meridian.KeyPhone, Value: "+38970123456"}, {Type: meridian.KeyDocument, Value: "AL:AB1234567"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := matchIDs(ms); !slices.Equal(got, sorted(p.ID, d.ID)) {
		t.Fatalf("after the upgrade the keys find %v, want %v", got, sorted(p.ID, d.ID))
	}
	if n := Count(t, db, "record_attrs WHERE name = 'phone'"); n != 0 {
		t.Fatalf("%d phones left in record_attrs", n)
	}
	if n := Count(t, db, "store_meta WHERE key = 'record_keys_backfill'"); n != 0 {
		t.Fatal("backfill cursor left behind")
	}
	if ms, err := db.FindByKeys(As(w.B), []meridian.Key{{Type: meridian.KeyPhone, Value: "+38970123456"}}); err != nil || len(ms) != 0 {
		t.Fatalf("B finds A's owner-only person after the upgrade: %+v, %v", ms, err)
	}
}
