package sqlite_test

import (
	"context"
	"fmt"
	"testing"

	"meridian"
	"meridian/sqldb"
	"meridian/sqldb/sqldbtest"
	"meridian/sqlite"
)

func TestKeysUpgrade(t *testing.T) {
	dir := t.TempDir()
	sqldbtest.KeysUpgrade(t, func() *sqldb.DB {
		db, err := sqlite.Open(context.Background(), dir, sqldbtest.SuiteKey(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

// TestKeysBackfillBatches: the open-time backfill crosses batches (500
// records each) and keys every record once.
func TestKeysBackfillBatches(t *testing.T) {
	db := MustOpenDB(t)
	w := sqldbtest.NewWorld(t, db)
	const n = 1010
	for i := range n {
		p := w.NewPerson(fmt.Sprintf("Person %d", i), meridian.Release{Scope: meridian.ScopeOwner})
		p.Identifiers = []meridian.Identifier{{Kind: meridian.IDPhone, Value: fmt.Sprintf("+389700%05d", i)}}
		if err := db.CreatePerson(sqldbtest.As(w.A), p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.SQL().Exec(`DELETE FROM record_keys`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`INSERT INTO store_meta (key, value) VALUES ('record_keys_backfill', '')`); err != nil {
		t.Fatal(err)
	}
	if err := db.BackfillKeys(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := sqldbtest.Count(t, db, "record_keys"); got != n {
		t.Fatalf("%d keys after the backfill, want %d", got, n)
	}
	if got := sqldbtest.Count(t, db, "store_meta WHERE key = 'record_keys_backfill'"); got != 0 {
		t.Fatal("backfill cursor left behind")
	}
}
