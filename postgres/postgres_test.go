package postgres_test

import (
	"context"
	"testing"

	"meridian/postgres"
	"meridian/postgres/pgtest"
	"meridian/sqldb"
	"meridian/sqldb/sqldbtest"
)

// MustOpenDB opens a fresh store in a database of its own.
func MustOpenDB(tb testing.TB) *sqldb.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), pgtest.NewDatabase(tb), sqldbtest.SuiteKey(tb), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) { sqldbtest.Run(t, MustOpenDB) }

func TestMigrateConcurrently(t *testing.T) {
	url := pgtest.NewDatabase(t)
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			db, err := postgres.Open(context.Background(), url, sqldbtest.SuiteKey(t), nil)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatalf("instances starting together: %v", err)
		}
	}
}

func BenchmarkStore(b *testing.B) { sqldbtest.Bench(b, MustOpenDB) }
