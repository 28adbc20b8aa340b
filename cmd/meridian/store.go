package main

import (
	"context"
	"flag"
	"log/slog"
	"os"

	"meridian/audit"
	"meridian/postgres"
	"meridian/sqldb"
	"meridian/sqlite"
)

// storeFlags are the flags every command that opens a store shares.
type storeFlags struct {
	Data     string
	Postgres string
	pg       *secretFlag
}

func (sf *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&sf.Data, "data", envOr("MERIDIAN_DATA", "./data"), "data directory: the SQLite store, the audit signing key, the embedded NATS store")
	sf.pg = secretVar(fs, "postgres", "MERIDIAN_POSTGRES", "PostgreSQL URL; the store lives there instead of in --data")
}

// secretFlag is a flag whose default comes from the environment and is
// never printed: a mistyped flag prints the usage with its defaults, and
// the environment holds API tokens and database URLs with passwords.
type secretFlag struct {
	env, val string
	set      bool
}

func (f *secretFlag) String() string { return "" }

func (f *secretFlag) Set(v string) error { f.val, f.set = v, true; rememberSecret(v); return nil }

// Value is the flag's value, else the environment variable's.
func (f *secretFlag) Value() string {
	if f.set {
		return f.val
	}
	return os.Getenv(f.env)
}

func secretVar(fs *flag.FlagSet, name, env, usage string) *secretFlag {
	f := &secretFlag{env: env}
	fs.Var(f, name, usage+" (default $"+env+", never printed)")
	return f
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// open opens the store; writable stores get the audit signing key from
// the data directory, creating it on first use.
func (sf *storeFlags) open(ctx context.Context, writable bool, logger *slog.Logger) (*sqldb.DB, error) {
	if sf.pg != nil && sf.Postgres == "" {
		sf.Postgres = sf.pg.Value()
	}
	var key *audit.Key
	if writable {
		var err error
		if key, err = audit.LoadOrCreateKey(sf.Data); err != nil {
			return nil, err
		}
	}
	var db *sqldb.DB
	var err error
	if sf.Postgres != "" {
		db, err = postgres.Open(ctx, sf.Postgres, key, logger)
	} else {
		db, err = sqlite.Open(ctx, sf.Data, key, logger)
	}
	if err == nil && writable {
		// Every checkpoint this process signs is also appended to the
		// witness file, out of the database's reach.
		db.Witness = audit.OpenWitness(sf.Data)
		if err = db.BuildAuditTree(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, err
}

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}
