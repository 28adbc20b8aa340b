package sqlite_test

import (
	"context"
	"testing"

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
