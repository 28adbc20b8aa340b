// Package sqlite opens Meridian's embedded store: one SQLite file under the
// data directory (modernc.org/sqlite, pure Go), in WAL mode with foreign
// keys on. The store itself is sqldb; this package holds what is
// SQLite's own: the driver, the pragmas, the migrations and the dialect.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"meridian"
	"meridian/audit"
	"meridian/sqldb"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations returns the SQLite schema migrations.
func Migrations() fs.FS {
	sub, _ := fs.Sub(migrations, "migrations")
	return sub
}

// Dialect is SQLite's sqldb.Dialect.
type Dialect struct{}

var _ sqldb.Dialect = Dialect{}

func (Dialect) Name() string           { return "sqlite" }
func (Dialect) Rebind(q string) string { return q }

// ForUpdate is empty: every transaction begins IMMEDIATE, so writers
// already run one at a time.
func (Dialect) ForUpdate() string  { return "" }
func (Dialect) SkipLocked() string { return "" }

func (Dialect) IsUnique(err error) bool {
	var e *msqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	c := e.Code()
	return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

func (Dialect) LockMigrations(context.Context, *sql.Conn) (func(), error) { return func() {}, nil }

// File is the database's name inside the data directory.
const File = "meridian.db"

// OpenSQL opens the database file at path with Meridian's settings: WAL
// (readers never wait for the writer), foreign keys, a busy timeout, and
// IMMEDIATE transactions so that two writers never deadlock on upgrade.
// synchronous=NORMAL in WAL mode loses nothing on a process crash, only,
// at worst, the last commits on a power loss. The page cache stays at
// SQLite's default (2 MiB a connection): a read transaction that starts
// after another connection wrote empties its connection's cache
// (pager_reset), which with 32 MiB took 15% of the mixed load's
// processor time (profiled, issue 10), more than the reads it saved.
// temp_store=MEMORY keeps statement journals (what lets one statement of
// a transaction be undone alone: the group commit's many-row inserts)
// in memory: SQLite spills them to a temporary file past 64 KiB, and
// the writes to it were 5-11% of a check's processor time (issue 10).
func OpenSQL(path string) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(15000)", "synchronous(NORMAL)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	// The registered driver, its connections keeping their statements
	// prepared (cachingConnector).
	probe, err := sql.Open("sqlite", "")
	if err != nil {
		return nil, err
	}
	drv := probe.Driver()
	probe.Close()
	db := sql.OpenDB(cachingConnector{d: drv, dsn: "file:" + uriPath(path) + "?" + q.Encode()})
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	return db, nil
}

// uriPath escapes path for a SQLite URI filename, where '?' starts the
// parameters, '#' a fragment and '%' an escape: a data directory named
// "ops#2" or "why?" must open the file it names.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// Open opens (creating if needed) the store under dir and brings its
// schema up to date. key signs the audit log; nil opens it for reading and
// verification only.
func Open(ctx context.Context, dir string, key *audit.Key, logger *slog.Logger) (*sqldb.DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, &meridian.Error{Kind: meridian.EUnavailable, Op: "sqlite.Open", Message: "cannot create data directory " + dir, Err: err}
	}
	if fi, err := os.Stat(dir); err == nil && fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return nil, &meridian.Error{Kind: meridian.EUnavailable, Op: "sqlite.Open", Message: "cannot make data directory " + dir + " owner-only", Err: err}
		}
	}
	// The store holds personal data: owner-only, even when the directory
	// existed before with looser permissions, and its WAL and shared
	// memory files, which SQLite creates with the store's mode, alike.
	path := filepath.Join(dir, File)
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		flag := os.O_RDWR
		if p == path {
			flag |= os.O_CREATE
		}
		f, err := os.OpenFile(p, flag, 0o600)
		if err == nil {
			err = f.Chmod(0o600)
			f.Close()
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, &meridian.Error{Kind: meridian.EUnavailable, Op: "sqlite.Open", Message: "cannot open database", Err: err}
		}
	}
	db, err := OpenSQL(path)
	if err != nil {
		return nil, &meridian.Error{Kind: meridian.EUnavailable, Op: "sqlite.Open", Message: "cannot open database", Err: err}
	}
	return sqldb.Open(ctx, db, Dialect{}, Migrations(), key, logger)
}
