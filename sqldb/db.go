// Package sqldb is Meridian's store, written once in the SQL that SQLite
// and PostgreSQL share. The sqlite and postgres packages open a connection,
// carry their own migrations and supply a Dialect for the few places where
// the two differ (placeholders, row locks, error codes); everything else
// (access filtering, the audit chain, the outbox) is one code path at
// every scale.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"meridian"
	"meridian/audit"
	"meridian/auth"
)

// Dialect is what differs between the SQL engines.
type Dialect interface {
	// Name is "sqlite" or "postgres".
	Name() string
	// Rebind turns ? placeholders into the engine's own.
	Rebind(q string) string
	// ForUpdate is the row-lock suffix of a SELECT inside a write
	// transaction ("" where transactions already serialise writes).
	ForUpdate() string
	// SkipLocked is the suffix that lets several relays share the outbox.
	SkipLocked() string
	// IsUnique reports a unique-constraint violation.
	IsUnique(err error) bool
	// LockMigrations serialises migrations across processes, returning
	// the unlock function.
	LockMigrations(ctx context.Context, conn *sql.Conn) (func(), error)
}

// DB is the store. It implements every service interface of the root
// package.
type DB struct {
	db      *sql.DB
	d       Dialect
	key     *audit.Key
	log     *slog.Logger
	storeID string
	now     func() time.Time

	// Checkpoint is how many audit entries separate stored checkpoints.
	Checkpoint int64
	// Witness, if set, receives every checkpoint this store signs, after
	// it is committed (the witness file outside the database).
	Witness *audit.Witness
	// Applied names the migrations this Open applied (none when the
	// schema was already up to date), for `meridian migrate` to report.
	Applied []string

	limiter *auth.Limiter
	// signins serialises, per instance, the attempts on one username
	// (striped by a hash of it): the lock check, the password check and
	// the failure count happen in turn, so concurrent guesses cannot all
	// pass the check before the first failure is counted.
	signins [64]chan struct{}
	creds   *credCache
	wake    chan struct{}
	once    sync.Once

	seq       sequencer
	failBatch atomic.Pointer[func(jobs int) error]
	trace     atomic.Pointer[func(q string)]
	// writer, on an engine with one writer at a time (SQLite), queues
	// this process's write transactions in Go: contending in the engine
	// instead means its busy handler's sleeps (up to 100 ms each), during
	// which the sequencer, and every request it holds, would wait.
	writer chan struct{}
	// tree is the audit tree's frontier as of the last append this
	// process committed (treeCache).
	tree treeCache
}

var (
	_ meridian.OperationService = (*DB)(nil)
	_ meridian.AgencyService    = (*DB)(nil)
	_ meridian.UserService      = (*DB)(nil)
	_ meridian.AuthService      = (*DB)(nil)
	_ meridian.PersonService    = (*DB)(nil)
	_ meridian.DocumentService  = (*DB)(nil)
	_ meridian.EventService     = (*DB)(nil)
	_ meridian.CaseService      = (*DB)(nil)
	_ meridian.AuditService     = (*DB)(nil)
	_ audit.Source              = (*DB)(nil)
)

// New returns a store over an open, migrated database. key signs the audit
// chain's head and checkpoints; it may be nil for read-only use (verify).
func New(ctx context.Context, db *sql.DB, d Dialect, key *audit.Key, logger *slog.Logger) (*DB, error) {
	if logger == nil {
		logger = slog.Default()
	}
	s := &DB{db: db, d: d, key: key, log: logger, now: time.Now, Checkpoint: 1000,
		limiter: &auth.Limiter{Burst: 20, Every: 3 * time.Second},
		creds:   newCredCache(), wake: make(chan struct{}, 1)}
	if d.Name() == "sqlite" {
		s.writer = make(chan struct{}, 1)
	}
	for i := range s.signins {
		s.signins[i] = make(chan struct{}, 1)
	}
	id, err := s.ensureStoreID(ctx)
	if err != nil {
		return nil, err
	}
	s.storeID = id
	return s, nil
}

// Open migrates db with the engine's migrations and returns the store,
// closing db on failure. The engine packages call it after opening their
// driver.
func Open(ctx context.Context, db *sql.DB, d Dialect, migrations fs.FS, key *audit.Key, logger *slog.Logger) (*DB, error) {
	applied, err := Migrate(ctx, db, d, migrations)
	if err != nil {
		db.Close()
		return nil, err
	}
	s, err := New(ctx, db, d, key, logger)
	if err != nil {
		db.Close()
		return nil, err
	}
	s.Applied = applied
	if err := s.BackfillKeys(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.BackfillRouteCells(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.BackfillRouteTotals(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.BackfillTrendFacts(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.BackfillTrendCounts(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.backfillLinkRefs(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// SQL returns the underlying database, for tests that tamper with it.
func (s *DB) SQL() *sql.DB { return s.db }

// Dialect returns the store's dialect.
func (s *DB) Dialect() Dialect { return s.d }

// StoreID identifies this store on the bus, for deduplication.
func (s *DB) StoreID() string { return s.storeID }

// SetClock replaces the clock, for tests.
func (s *DB) SetClock(now func() time.Time) { s.now = now }

// Ping reports whether the database answers (for /readyz).
func (s *DB) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return &meridian.Error{Kind: meridian.EUnavailable, Op: "sqldb.Ping", Message: "database unavailable", Err: err}
	}
	return nil
}

// Close closes the database.
func (s *DB) Close() error { return s.db.Close() }

func (s *DB) ensureStoreID(ctx context.Context) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT value FROM store_meta WHERE key = ?`), "store_id").Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", meridian.Internal("sqldb.New", err)
	}
	id = meridian.NewID()
	if _, err := s.db.ExecContext(ctx, s.d.Rebind(`INSERT INTO store_meta (key, value) VALUES (?, ?)`), "store_id", id); err != nil {
		if s.d.IsUnique(err) { // another instance won the race
			return s.ensureStoreID(ctx)
		}
		return "", meridian.Internal("sqldb.New", err)
	}
	return id, nil
}

// Migrate applies the migrations in fsys (files NNNN_name.sql, in order)
// that the database has not seen, each in its own transaction.
func Migrate(ctx context.Context, db *sql.DB, d Dialect, fsys fs.FS) ([]string, error) {
	const op = "sqldb.Migrate"
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "database unavailable", Err: err}
	}
	defer conn.Close()
	unlock, err := d.LockMigrations(ctx, conn)
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	defer unlock()
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return nil, meridian.Internal(op, err)
	}
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	sort.Strings(names)
	var applied []string
	for _, name := range names {
		var n int
		if err := conn.QueryRowContext(ctx, d.Rebind(`SELECT COUNT(*) FROM schema_migrations WHERE name = ?`), name).Scan(&n); err != nil {
			return applied, meridian.Internal(op, err)
		}
		if n > 0 {
			continue
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return applied, meridian.Internal(op, err)
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return applied, meridian.Internal(op, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return applied, meridian.Internal(op, fmt.Errorf("%s: %w", name, err))
		}
		if _, err := tx.ExecContext(ctx, d.Rebind(`INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`), name, time.Now().UnixMicro()); err != nil {
			tx.Rollback()
			return applied, meridian.Internal(op, err)
		}
		if err := tx.Commit(); err != nil {
			return applied, meridian.Internal(op, err)
		}
		applied = append(applied, name)
	}
	return applied, nil
}

// Migrations lists the migrations the database has applied.
func (s *DB) Migrations(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, meridian.Internal("sqldb.Migrations", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, meridian.Internal("sqldb.Migrations", err)
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// Tx is one write transaction. Audit entries and changes are buffered and
// written at commit: the audit chain's head is locked last, so no
// transaction holds it while it waits for another lock.
type Tx struct {
	tx      *sql.Tx
	s       *DB
	subj    *meridian.Subject
	now     time.Time
	audits  []meridian.AuditEntry
	changes []*meridian.Change
	notes   []string // checkpoints signed, for the witness after commit
	hits    []any    // rows of hits not yet inserted (flushHits)
	// hitAudits indexes in audits the entries of hits, by what they are
	// folded by (auditHit); hitNotices are the hit changes not yet
	// published (noticeHit).
	hitAudits  map[hitAuditKey]*hitFold
	hitNotices []*hitNotice
	// tree is the audit tree's frontier after this transaction's
	// appends, kept by the store once the transaction commits.
	tree *treeState
	// readOnly marks a read (DB.read): no writes, its audit entries go
	// to the sequencer.
	readOnly bool
}

// SetTrace has fn told the text of every statement a transaction runs
// (nil stops it): tests that check that two requests do the same work.
func (s *DB) SetTrace(fn func(q string)) {
	if fn == nil {
		s.trace.Store(nil)
		return
	}
	s.trace.Store(&fn)
}

func (tx *Tx) traced(q string) {
	if fn := tx.s.trace.Load(); fn != nil {
		(*fn)(q)
	}
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	tx.traced(q)
	if tx.readOnly {
		return nil, errors.New("sqldb: a write inside a read")
	}
	return tx.tx.ExecContext(ctx, tx.s.d.Rebind(q), args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	tx.traced(q)
	return tx.tx.QueryContext(ctx, tx.s.d.Rebind(q), args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	tx.traced(q)
	return tx.tx.QueryRowContext(ctx, tx.s.d.Rebind(q), args...)
}

// audit buffers an audit entry about a record for the subject.
func (tx *Tx) audit(action, kind, id, owner string) {
	s := tx.subj
	tx.audits = append(tx.audits, meridian.AuditEntry{
		UserID: s.UserID, Username: s.Username, AgencyID: s.AgencyID, Action: action,
		RecordKind: kind, RecordID: id, RecordOwner: owner, Purpose: s.Purpose, Addr: s.Addr,
	})
}

// auditList buffers one audit entry for a page of a list: it names every
// record listed, so that a page costs one entry, not one per record.
func (tx *Tx) auditList(kind string, records []meridian.AuditRecord) {
	if len(records) == 0 {
		return
	}
	s := tx.subj
	tx.audits = append(tx.audits, meridian.AuditEntry{
		UserID: s.UserID, Username: s.Username, AgencyID: s.AgencyID, Action: meridian.AuditList,
		RecordKind: kind, Records: records, Purpose: s.Purpose, Addr: s.Addr,
	})
}

// publish buffers a change for the outbox.
func (tx *Tx) publish(kind, action, id string, meta *meridian.Meta, data []byte) {
	tx.changes = append(tx.changes, &meridian.Change{Kind: kind, Action: action, RecordID: id, Meta: meta,
		By: tx.subj.UserID, At: tx.now, Data: data})
}

// write runs fn in a write transaction for the context's subject and
// commits it with its audit entries and changes.
func (s *DB) write(ctx context.Context, op string, fn func(tx *Tx) error) error {
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	unlock, err := s.lockWriter(ctx)
	if err != nil {
		return &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "request cancelled", Err: err}
	}
	defer unlock()
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		if ctx.Err() != nil {
			return &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "request cancelled", Err: err}
		}
		return &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "database unavailable", Err: err}
	}
	tx := &Tx{tx: sqlTx, s: s, subj: subj, now: s.now().UTC().Truncate(time.Microsecond)}
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return wrapErr(op, err)
	}
	if err := tx.flushChanges(ctx); err != nil {
		sqlTx.Rollback()
		return meridian.Internal(op, err)
	}
	if err := tx.flushAudit(ctx); err != nil {
		sqlTx.Rollback()
		return meridian.Internal(op, err)
	}
	if err := sqlTx.Commit(); err != nil {
		// The commit may have happened: evict what it would have.
		s.evictLocal(tx.changes)
		return meridian.Internal(op, err)
	}
	s.tree.keep(tx.tree)
	s.evictLocal(tx.changes)
	s.witness(tx.notes)
	if len(tx.changes) > 0 || len(tx.notes) > 0 {
		s.wakeRelay()
	}
	return nil
}

// lockWriter waits for this process's turn to write on a single-writer
// engine (a no-op on PostgreSQL) and returns the function that ends it.
func (s *DB) lockWriter(ctx context.Context) (func(), error) {
	if s.writer == nil {
		return func() {}, nil
	}
	select {
	case s.writer <- struct{}{}:
		return func() { <-s.writer }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// read runs fn in a read-only transaction for the context's subject (on
// SQLite a deferred one, which never waits for the writer; on PostgreSQL
// READ ONLY), then hands the audit entries fn buffered to the sequencer
// and returns once they are durable. A read takes no lock on the audit
// chain's head: its entries join the next batch. fn may not write nor
// publish.
func (s *DB) read(ctx context.Context, op string, fn func(tx *Tx) error) error {
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	sqlTx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		if ctx.Err() != nil {
			return &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "request cancelled", Err: err}
		}
		return &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "database unavailable", Err: err}
	}
	tx := &Tx{tx: sqlTx, s: s, subj: subj, now: s.now().UTC().Truncate(time.Microsecond), readOnly: true}
	err = fn(tx)
	sqlTx.Rollback()
	if err != nil {
		return wrapErr(op, err)
	}
	if len(tx.changes) > 0 {
		return meridian.Internal(op, errors.New("sqldb: a read published a change"))
	}
	return s.recordAudits(ctx, op, subj, tx.audits)
}

// wrapErr keeps domain errors and wraps anything else as internal.
func wrapErr(op string, err error) error {
	var e *meridian.Error
	var v *meridian.ValidationError
	if errors.As(err, &e) || errors.As(err, &v) {
		return err
	}
	return meridian.Internal(op, err)
}

func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

func fromMicros(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.UnixMicro(n).UTC()
}

func joinRoles(rs []meridian.Role) string {
	ss := make([]string, len(rs))
	for i, r := range rs {
		ss[i] = string(r)
	}
	return strings.Join(ss, ",")
}

func splitRoles(s string) []meridian.Role {
	var rs []meridian.Role
	for _, p := range strings.Split(s, ",") {
		if p != "" {
			rs = append(rs, meridian.Role(p))
		}
	}
	return rs
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// RebindQuestion rewrites ? placeholders as $1, $2, ... outside quotes.
func RebindQuestion(q string) string {
	var b strings.Builder
	n := 0
	inQuote := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == '?' && !inQuote:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
