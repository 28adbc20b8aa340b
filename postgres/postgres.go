// Package postgres opens Meridian's store on PostgreSQL, the system of
// record when several stateless `meridian serve` instances share one
// database. The store itself is sqldb; this package holds what is
// PostgreSQL's own: the pgx driver, the migrations and the dialect (row
// locks, SKIP LOCKED for the outbox, advisory locks for migrations).
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"io/fs"
	"log/slog"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"meridian"
	"meridian/audit"
	"meridian/sqldb"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations returns the PostgreSQL schema migrations.
func Migrations() fs.FS {
	sub, _ := fs.Sub(migrations, "migrations")
	return sub
}

// Dialect is PostgreSQL's sqldb.Dialect.
type Dialect struct{}

var _ sqldb.Dialect = Dialect{}

func (Dialect) Name() string           { return "postgres" }
func (Dialect) Rebind(q string) string { return sqldb.RebindQuestion(q) }
func (Dialect) ForUpdate() string      { return " FOR UPDATE" }
func (Dialect) SkipLocked() string     { return " FOR UPDATE SKIP LOCKED" }

func (Dialect) IsUnique(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}

// migrationLock is the advisory lock key that serialises migrations of
// instances starting together.
const migrationLock = 0x4d455249 // "MERI"

func (Dialect) LockMigrations(ctx context.Context, conn *sql.Conn) (func(), error) {
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return nil, err
	}
	return func() { conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, migrationLock) }, nil
}

// OpenSQL opens a pool to the database at url.
func OpenSQL(url string) (*sql.DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	return db, nil
}

// Open connects to url and brings the schema up to date. key signs the
// audit log; nil opens it for reading and verification only.
func Open(ctx context.Context, url string, key *audit.Key, logger *slog.Logger) (*sqldb.DB, error) {
	db, err := OpenSQL(url)
	if err != nil {
		return nil, &meridian.Error{Kind: meridian.EInvalid, Op: "postgres.Open", Message: "bad PostgreSQL URL", Err: err}
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, &meridian.Error{Kind: meridian.EUnavailable, Op: "postgres.Open", Message: "cannot reach PostgreSQL", Err: err}
	}
	return sqldb.Open(ctx, db, Dialect{}, Migrations(), key, logger)
}
