package postgres_test

import (
	"context"
	"testing"

	"meridian/postgres"
	"meridian/postgres/pgtest"
	"meridian/sqldb"
	"meridian/sqldb/sqldbtest"
)

func TestKeysUpgrade(t *testing.T) {
	url := pgtest.NewDatabase(t)
	sqldbtest.KeysUpgrade(t, func() *sqldb.DB {
		db, err := postgres.Open(context.Background(), url, sqldbtest.SuiteKey(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}
