// Package pgtest gives tests a fresh PostgreSQL database of their own on
// the server named by MERIDIAN_TEST_POSTGRES, so that the store suites run
// against PostgreSQL exactly as against SQLite, in parallel, without
// interfering.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Env names the variable holding the admin URL of a test server.
const Env = "MERIDIAN_TEST_POSTGRES"

// URL returns the server URL, or "" when PostgreSQL tests are off.
func URL() string { return os.Getenv(Env) }

// NewDatabase creates an empty database for tb, dropped at cleanup, and
// returns its URL. It skips tb when MERIDIAN_TEST_POSTGRES is unset (CI
// always sets it).
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	base := URL()
	if base == "" {
		tb.Skip(Env + " is not set; PostgreSQL tests run in CI (.ci/run)")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "meridian_test_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		admin.Close()
		tb.Fatalf("pgtest: create database: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
