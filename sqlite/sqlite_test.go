package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
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

// A data directory whose name holds a URI's special characters opens the
// file inside it, and the same file again on reopen.
func TestOddDirectoryNames(t *testing.T) {
	for _, name := range []string{"ops#2", "why?", "100%", "a b"} {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, name)
			ctx := context.Background()
			db, err := sqlite.Open(ctx, dir, sqldbtest.SuiteKey(t), nil)
			if err != nil {
				t.Fatal(err)
			}
			id := db.StoreID()
			db.Close()
			if _, err := os.Stat(filepath.Join(dir, sqlite.File)); err != nil {
				t.Fatalf("the store is not inside %q: %v", dir, err)
			}
			ents, _ := os.ReadDir(parent)
			if len(ents) != 1 {
				t.Fatalf("files created beside the data directory: %v", ents)
			}
			db, err = sqlite.Open(ctx, dir, sqldbtest.SuiteKey(t), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if db.StoreID() != id {
				t.Fatal("reopening opened another file")
			}
		})
	}
}
