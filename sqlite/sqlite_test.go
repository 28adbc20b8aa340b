package sqlite_test

import (
	"context"
	"testing"

	"meridian/sqldb"
	"meridian/sqldb/sqldbtest"
	"meridian/sqlite"
)

// MustOpenDB opens a fresh store in a temporary directory.
func MustOpenDB(tb testing.TB) *sqldb.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), tb.TempDir(), sqldbtest.SuiteKey(tb), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) { sqldbtest.Run(t, MustOpenDB) }

func TestReopen(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, dir, sqldbtest.SuiteKey(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	id := db.StoreID()
	db.Close()
	db, err = sqlite.Open(ctx, dir, sqldbtest.SuiteKey(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.StoreID() != id {
		t.Fatal("store id changed on reopen: migrations ran twice or the id was not kept")
	}
}

func BenchmarkStore(b *testing.B) { sqldbtest.Bench(b, MustOpenDB) }
