package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"meridian"
	"meridian/audit"
	"meridian/policy"
)

// flushAudit appends the transaction's audit entries to the log. It
// locks the head row, so chains from concurrent transactions (and
// instances) interleave as whole transactions, never within one.
func (tx *Tx) flushAudit(ctx context.Context) error {
	if len(tx.audits) == 0 {
		return nil
	}
	if tx.s.key == nil {
		return meridian.Errorf(meridian.EInternal, "sqldb.audit", "no audit key: the store was opened read-only")
	}
	note, tree, err := tx.s.appendAudit(ctx, tx.tx, tx.audits, tx.now)
	tx.tree = tree
	if err != nil {
		return err
	}
	if note != "" {
		tx.notes = append(tx.notes, note)
	}
	return nil
}

// appendAudit appends a batch of entries to the hash chain and the Merkle
// tree and signs one statement for the batch: the new head, stored as a
// checkpoint too when the batch crosses a multiple of s.Checkpoint. It
// returns the checkpoint's note if one was stored, for the witness file.
// Signing once per batch is what keeps the cost per entry low when
// transactions are committed together.
func (s *DB) appendAudit(ctx context.Context, q *sql.Tx, es []meridian.AuditEntry, now time.Time) (string, *treeState, error) {
	var seq, treeSize, lastCp int64
	var hash string
	if err := q.QueryRowContext(ctx, `SELECT seq, hash, tree_size, last_cp FROM audit_head WHERE id = 1`+s.d.ForUpdate()).
		Scan(&seq, &hash, &treeSize, &lastCp); err != nil {
		return "", nil, err
	}
	var tr *treeWriter
	var err error
	if f := s.tree.frontier(treeSize, seq, hash); f != nil {
		// The frontier this process left after the last append, and the
		// head still says so: no other instance appended since.
		tr = &treeWriter{s: s, q: q, ctx: ctx, f: f, at: tlog.StoredHashCount(treeSize)}
	} else if tr, err = s.openTree(ctx, q, treeSize); err != nil {
		return "", nil, err
	}
	if treeSize < seq {
		// Entries written before the log had a tree: add them once.
		if err := tr.backfill(treeSize, seq); err != nil {
			return "", nil, err
		}
	}
	es = compactEntries(es)
	first := seq
	for i := range es {
		e := &es[i]
		seq++
		e.Seq, e.At, e.PrevHash = seq, now, hash
		e.Hash = audit.Hash(e)
		hash = e.Hash
		tr.add(audit.Leaf(e))
	}
	if err := s.insertEntries(ctx, q, es); err != nil {
		return "", nil, err
	}
	if err := tr.flush(); err != nil {
		return "", nil, err
	}
	cp, err := s.key.SignTree(seq, hash, tr.f.Root(), lastCp, now)
	if err != nil {
		return "", nil, err
	}
	checkpoint := false
	if every := s.Checkpoint; every > 0 && first/every != seq/every {
		checkpoint = true
		lastCp = seq
	}
	if _, err := q.ExecContext(ctx, s.d.Rebind(`UPDATE audit_head SET seq = ?, hash = ?, at = ?, key_id = ?, signature = ?,
		tree_size = ?, root = ?, prev = ?, last_cp = ?, note = ? WHERE id = 1`),
		cp.Seq, cp.Hash, micros(cp.At), cp.KeyID, cp.Signature, seq, cp.Root, cp.Prev, lastCp, cp.Note); err != nil {
		return "", nil, err
	}
	state := &treeState{size: seq, hash: hash, f: tr.f}
	if !checkpoint {
		return "", state, nil
	}
	if _, err := s.insertCheckpoint(ctx, q, cp, now); err != nil {
		return "", nil, err
	}
	return cp.Note, state, nil
}

func (s *DB) insertEntries(ctx context.Context, q *sql.Tx, es []meridian.AuditEntry) error {
	// Many rows per statement: one round trip for a batch, not one per
	// entry (profiled on PostgreSQL, where round trips dominate).
	const perStatement = 200
	for start := 0; start < len(es); start += perStatement {
		batch := es[start:min(start+perStatement, len(es))]
		var b strings.Builder
		b.WriteString(`INSERT INTO audit_entries (` + auditColumns + `) VALUES `)
		args := make([]any, 0, len(batch)*15)
		for i := range batch {
			e := &batch[i]
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, e.Seq, micros(e.At), e.UserID, e.Username, e.AgencyID, e.Action, e.RecordKind,
				e.RecordID, e.RecordOwner, e.Purpose, e.Addr, e.PrevHash, e.Hash, encodeRecords(e.Records), e.Times)
		}
		if _, err := q.ExecContext(ctx, s.d.Rebind(b.String()), args...); err != nil {
			return err
		}
	}
	// The index of the records that list entries name, and of their
	// owners once an entry (a page names records of one to three owners).
	type row struct {
		key string
		seq int64
	}
	var ids, owners []row
	for i := range es {
		e := &es[i]
		for j, r := range e.Records {
			ids = append(ids, row{r.ID, e.Seq})
			if !slices.ContainsFunc(e.Records[:j], func(x meridian.AuditRecord) bool { return x.Owner == r.Owner }) {
				owners = append(owners, row{r.Owner, e.Seq})
			}
		}
	}
	// In each index's order, so that the rows of a batch's pages that
	// fall in the same part of the index go in together.
	for _, t := range []struct {
		table, cols string
		rows        []row
	}{{"audit_records", "record_id, seq", ids}, {"audit_record_owners", "owner, seq", owners}} {
		slices.SortFunc(t.rows, func(x, y row) int {
			if c := strings.Compare(x.key, y.key); c != 0 {
				return c
			}
			return cmp.Compare(x.seq, y.seq)
		})
		const rowsPerStatement = 400
		for start := 0; start < len(t.rows); start += rowsPerStatement {
			batch := t.rows[start:min(start+rowsPerStatement, len(t.rows))]
			var b strings.Builder
			args := make([]any, 0, 2*len(batch))
			for i, r := range batch {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString("(?, ?)")
				args = append(args, r.key, r.seq)
			}
			if _, err := q.ExecContext(ctx, s.d.Rebind(`INSERT INTO `+t.table+` (`+t.cols+`) VALUES `+b.String()+
				` ON CONFLICT DO NOTHING`), args...); err != nil {
				return err
			}
		}
	}
	return nil
}

// compactEntries folds entries that name no record and are otherwise
// alike (the checks without a hit that one user made in one batch) into
// one entry that says how many they were: the log keeps who did what,
// when and how often, at a fraction of the bytes. Entries that name a
// record are kept one by one, in order; a folded entry takes the place
// of the first of its kind.
func compactEntries(es []meridian.AuditEntry) []meridian.AuditEntry {
	type key struct{ user, name, agency, action, kind, owner, purpose, addr string }
	var at map[key]int
	out := es[:0:0]
	for _, e := range es {
		if e.RecordID != "" || len(e.Records) > 0 {
			out = append(out, e)
			continue
		}
		k := key{e.UserID, e.Username, e.AgencyID, e.Action, e.RecordKind, e.RecordOwner, e.Purpose, e.Addr}
		if i, ok := at[k]; ok {
			out[i].Times = max(out[i].Times, 1) + max(e.Times, 1)
			continue
		}
		if at == nil {
			at = make(map[key]int)
		}
		at[k] = len(out)
		out = append(out, e)
	}
	return out
}

func encodeRecords(rs []meridian.AuditRecord) string {
	if len(rs) == 0 {
		return ""
	}
	b, _ := json.Marshal(rs)
	return string(b)
}

// treeCache keeps the audit tree's frontier between appends, so that a
// batch does not read it back from the database (profiled: 3-5% of the
// processor time of single checks). It is used only while the head row,
// read under its lock by the append, still names the entry count and
// hash the frontier was made for: another instance on the same
// PostgreSQL database (or a restored or edited head) changes them, and
// the append then reads the frontier from the stored hashes as before.
// The hashes of the stored tree are still written every batch and
// checked by verification; the cache only spares reading them.
type treeCache struct {
	mu sync.Mutex
	st *treeState
}

// treeState is the frontier of the tree of the first size entries, the
// last of which has hash hash.
type treeState struct {
	size int64
	hash string
	f    *audit.Frontier
}

// frontier returns a copy of the kept frontier if it is that of a log
// of seq entries ending with hash, with its tree complete (treeSize).
func (c *treeCache) frontier(treeSize, seq int64, hash string) *audit.Frontier {
	if treeSize != seq {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.st == nil || c.st.size != seq || c.st.hash != hash || c.st.f.Size() != seq {
		return nil
	}
	return c.st.f.Clone()
}

// keep keeps st, the frontier after a committed transaction's appends
// (nil: the transaction appended nothing).
func (c *treeCache) keep(st *treeState) {
	if st == nil {
		return
	}
	c.mu.Lock()
	c.st = st
	c.mu.Unlock()
}

// treeWriter adds leaves to the stored Merkle tree inside a transaction.
// It reads only the tree's frontier (one query, O(log n) hashes) and
// computes the rest, so a batch of any size costs two round trips.
type treeWriter struct {
	s   *DB
	q   *sql.Tx
	ctx context.Context
	f   *audit.Frontier
	buf []tlog.Hash // stored hashes not yet inserted, from index next
	at  int64       // index of buf[0]
}

// openTree reads the frontier of the tree of the first n entries.
func (s *DB) openTree(ctx context.Context, q *sql.Tx, n int64) (*treeWriter, error) {
	idx := audit.FrontierIndexes(n)
	roots := make([]tlog.Hash, len(idx))
	if len(idx) > 0 {
		got, err := readTreeHashes(ctx, s, q, idx)
		if err != nil {
			return nil, err
		}
		for i, x := range idx {
			h, ok := got[x]
			if !ok {
				return nil, fmt.Errorf("audit tree hash %d is missing", x)
			}
			roots[i] = h
		}
	}
	f, err := audit.NewFrontier(n, roots)
	if err != nil {
		return nil, err
	}
	return &treeWriter{s: s, q: q, ctx: ctx, f: f, at: tlog.StoredHashCount(n)}, nil
}

// add adds the next leaf.
func (t *treeWriter) add(leaf []byte) {
	t.f.Add(tlog.RecordHash(leaf), func(h tlog.Hash) { t.buf = append(t.buf, h) })
}

// flush inserts the hashes added since the last flush.
func (t *treeWriter) flush() error {
	const perStatement = 400
	for start := 0; start < len(t.buf); start += perStatement {
		batch := t.buf[start:min(start+perStatement, len(t.buf))]
		var b strings.Builder
		args := make([]any, 0, 2*len(batch))
		for i, h := range batch {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?)")
			args = append(args, t.at+int64(start+i), h[:])
		}
		if _, err := t.q.ExecContext(t.ctx, t.s.d.Rebind(`INSERT INTO audit_tree (idx, hash) VALUES `+b.String()), args...); err != nil {
			return err
		}
	}
	t.at += int64(len(t.buf))
	t.buf = t.buf[:0]
	return nil
}

func readTreeHashes(ctx context.Context, s *DB, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, idx []int64) (map[int64]tlog.Hash, error) {
	got := make(map[int64]tlog.Hash, len(idx))
	args := make([]any, len(idx))
	for i, x := range idx {
		args[i] = x
	}
	query := `SELECT idx, hash FROM audit_tree WHERE idx IN (?` + strings.Repeat(", ?", len(idx)-1) + `)`
	if fn := s.trace.Load(); fn != nil {
		(*fn)(query)
	}
	rows, err := q.QueryContext(ctx, s.d.Rebind(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var i, h any
		if err := rows.Scan(&i, &h); err != nil {
			return nil, err
		}
		n, ok1 := asInt(i)
		th, ok2 := asHash(h)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("audit tree hash row %v is malformed", i)
		}
		got[n] = th
	}
	return got, rows.Err()
}

// backfill adds the entries after..upto (by seq) to the tree.
func (t *treeWriter) backfill(after, upto int64) error {
	for after < upto {
		rows, err := t.q.QueryContext(t.ctx, t.s.d.Rebind(`SELECT `+auditColumns+` FROM audit_entries WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT 5000`), after, upto)
		if err != nil {
			return err
		}
		var es []*meridian.AuditEntry
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				rows.Close()
				return err
			}
			es = append(es, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(es) == 0 {
			return fmt.Errorf("audit entries %d to %d are missing: cannot build the tree", after+1, upto)
		}
		for _, e := range es {
			if e.Seq != after+1 {
				return fmt.Errorf("audit entry %d is missing: cannot build the tree", after+1)
			}
			t.add(audit.Leaf(e))
			after++
		}
		if err := t.flush(); err != nil {
			return err
		}
	}
	return nil
}

// BuildAuditTree adds to the Merkle tree the entries written before it
// existed (before migration 0006), 10,000 per transaction, so that the
// first audited request after an upgrade does not carry the whole log.
// Writable stores call it when they open; a log with its tree built costs
// one query.
func (s *DB) BuildAuditTree(ctx context.Context) error {
	const op, batch = "sqldb.BuildAuditTree", 10000
	for {
		done, err := func() (bool, error) {
			q, err := s.db.BeginTx(ctx, nil)
			if err != nil {
				return false, err
			}
			defer q.Rollback()
			var seq, treeSize int64
			if err := q.QueryRowContext(ctx, `SELECT seq, tree_size FROM audit_head WHERE id = 1`+s.d.ForUpdate()).Scan(&seq, &treeSize); err != nil {
				return false, err
			}
			if treeSize >= seq {
				return true, nil
			}
			tr, err := s.openTree(ctx, q, treeSize)
			if err != nil {
				return false, err
			}
			upto := min(seq, treeSize+batch)
			if err := tr.backfill(treeSize, upto); err != nil {
				return false, err
			}
			if _, err := q.ExecContext(ctx, s.d.Rebind(`UPDATE audit_head SET tree_size = ? WHERE id = 1`), upto); err != nil {
				return false, err
			}
			return false, q.Commit()
		}()
		if err != nil {
			return meridian.Internal(op, err)
		}
		if done {
			return nil
		}
	}
}

// insertCheckpoint stores cp unless one marks its seq, records it as the
// latest checkpoint and publishes it on the bus through the outbox. It
// reports whether it stored it.
func (s *DB) insertCheckpoint(ctx context.Context, q *sql.Tx, cp meridian.AuditCheckpoint, now time.Time) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, s.d.Rebind(`SELECT COUNT(*) FROM audit_checkpoints WHERE seq = ?`), cp.Seq).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	if _, err := q.ExecContext(ctx, s.d.Rebind(`INSERT INTO audit_checkpoints (seq, hash, at, key_id, signature, root, prev, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
		cp.Seq, cp.Hash, micros(cp.At), cp.KeyID, cp.Signature, cp.Root, cp.Prev, cp.Note); err != nil {
		return false, err
	}
	if _, err := q.ExecContext(ctx, s.d.Rebind(`UPDATE audit_head SET last_cp = ? WHERE id = 1 AND last_cp < ?`), cp.Seq, cp.Seq); err != nil {
		return false, err
	}
	if cp.Note == "" {
		return true, nil
	}
	c := &meridian.Change{Kind: meridian.AuditCheckpointKind, Action: meridian.ChangeCreated, RecordID: strconv.FormatInt(cp.Seq, 10), At: now}
	c.Data, _ = json.Marshal(cp.Note)
	payload, err := json.Marshal(c)
	if err != nil {
		return false, err
	}
	_, err = q.ExecContext(ctx, s.d.Rebind(`INSERT INTO outbox (subject, payload, created_at) VALUES (?, ?, ?)`),
		c.Subject(), string(payload), micros(now))
	return true, err
}

// witness appends checkpoint notes to the witness file, if the store has
// one. A failure is logged: the checkpoint is committed and the bus still
// carries it to the other instances' witness files.
func (s *DB) witness(notes []string) {
	if s.Witness == nil {
		return
	}
	for _, n := range notes {
		if err := s.Witness.Append(n); err != nil {
			s.log.Error("audit witness append failed", slog.String("err", err.Error()))
		}
	}
}

// CheckpointNow stores the signed head as a checkpoint unless one already
// marks it. The server calls it periodically so that a quiet log is still
// covered by a recent checkpoint, in the database and the witness file.
func (s *DB) CheckpointNow(ctx context.Context) error {
	const op = "sqldb.CheckpointNow"
	unlock, err := s.lockWriter(ctx)
	if err != nil {
		return meridian.Internal(op, err)
	}
	defer unlock()
	q, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return meridian.Internal(op, err)
	}
	defer q.Rollback()
	var cp meridian.AuditCheckpoint
	var at int64
	err = q.QueryRowContext(ctx, `SELECT seq, hash, at, key_id, signature, root, prev, note FROM audit_head WHERE id = 1`+s.d.ForUpdate()).
		Scan(&cp.Seq, &cp.Hash, &at, &cp.KeyID, &cp.Signature, &cp.Root, &cp.Prev, &cp.Note)
	if err != nil {
		return meridian.Internal(op, err)
	}
	if cp.Seq == 0 {
		return nil
	}
	cp.At = fromMicros(at)
	stored, err := s.insertCheckpoint(ctx, q, cp, s.now().UTC().Truncate(time.Microsecond))
	if err != nil {
		return meridian.Internal(op, err)
	}
	if err := q.Commit(); err != nil {
		return meridian.Internal(op, err)
	}
	if stored && cp.Note != "" {
		s.witness([]string{cp.Note})
		s.wakeRelay()
	}
	return nil
}

func (s *DB) wakeRelay() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

const auditColumns = `seq, at, user_id, username, agency_id, action, record_kind, record_id, record_owner, purpose, addr, prev_hash, hash, records, times`

func scanAudit(rows *sql.Rows) (*meridian.AuditEntry, error) {
	e := &meridian.AuditEntry{}
	var at int64
	var records string
	err := rows.Scan(&e.Seq, &at, &e.UserID, &e.Username, &e.AgencyID, &e.Action, &e.RecordKind, &e.RecordID,
		&e.RecordOwner, &e.Purpose, &e.Addr, &e.PrevHash, &e.Hash, &records, &e.Times)
	e.At = fromMicros(at)
	if err == nil {
		e.Records, _ = decodeRecords(records)
	}
	return e, err
}

func decodeRecords(s string) ([]meridian.AuditRecord, bool) {
	if s == "" {
		return nil, true
	}
	var rs []meridian.AuditRecord
	if err := json.Unmarshal([]byte(s), &rs); err != nil || len(rs) == 0 {
		return nil, false
	}
	return rs, true
}

// asInt and asString read a column scanned into any, whatever type an
// edit of the database left in it (SQLite keeps any value in any column).
func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case []byte:
		n, err := strconv.ParseInt(string(x), 10, 64)
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		return n, err == nil
	}
	return 0, false
}

// asHash reads a stored tree hash: 32 bytes (hex text, as stored before
// migration 0031, is read too).
func asHash(v any) (tlog.Hash, bool) {
	var h tlog.Hash
	switch x := v.(type) {
	case []byte:
		if len(x) == tlog.HashSize {
			copy(h[:], x)
			return h, true
		}
		if b, err := hex.DecodeString(string(x)); err == nil && len(b) == tlog.HashSize {
			copy(h[:], b)
			return h, true
		}
	case string:
		if b, err := hex.DecodeString(x); err == nil && len(b) == tlog.HashSize {
			copy(h[:], b)
			return h, true
		}
	}
	return h, false
}

func asString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case []byte:
		return string(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true
	}
	return "", false
}

// AuditSource reads the log for verification (audit.Source, TreeSource
// and MalformedSource). It never fails on what a row holds: a row that is
// not what it should be is reported as malformed and, for an entry, read
// so that its hash no longer matches.
type AuditSource struct {
	s   *DB
	bad []audit.Problem
}

// AuditSource returns a source for one verification.
func (s *DB) AuditSource() *AuditSource { return &AuditSource{s: s} }

// Malformed returns the rows found malformed so far.
func (a *AuditSource) Malformed() []audit.Problem { return a.bad }

func (a *AuditSource) malformed(seq int64, format string, args ...any) {
	a.problem(seq, audit.KindMalformed, format, args...)
}

func (a *AuditSource) problem(seq int64, kind, format string, args ...any) {
	if len(a.bad) < 1000 {
		a.bad = append(a.bad, audit.Problem{Seq: seq, Kind: kind, Message: fmt.Sprintf(format, args...)})
	}
}

// scanLoose reads an entry row scanned into vals.
func (a *AuditSource) scanLoose(vals []any) (*meridian.AuditEntry, bool) {
	e := &meridian.AuditEntry{}
	seq, ok := asInt(vals[0])
	if !ok {
		a.malformed(0, "an audit entry row has seq %v, not a number", vals[0])
		return nil, false
	}
	e.Seq = seq
	at, ok := asInt(vals[1])
	if !ok {
		a.malformed(seq, "entry %d has a time that is not a number", seq)
		at = -1
	}
	e.At = time.UnixMicro(at).UTC()
	if at == 0 {
		e.At = time.Time{}
	}
	for i, p := range [...]*string{&e.UserID, &e.Username, &e.AgencyID, &e.Action, &e.RecordKind,
		&e.RecordID, &e.RecordOwner, &e.Purpose, &e.Addr, &e.PrevHash, &e.Hash} {
		if *p, ok = asString(vals[2+i]); !ok {
			a.malformed(seq, "entry %d has a field that is not text", seq)
			e.Hash = "malformed"
		}
	}
	rs, _ := asString(vals[13])
	if e.Records, ok = decodeRecords(rs); !ok {
		// Keep the damage visible to the hash: one record named by the
		// raw text, which no entry was written with.
		e.Records = []meridian.AuditRecord{{ID: rs}}
	}
	if e.Times, ok = asInt(vals[14]); !ok {
		a.malformed(seq, "entry %d has a count (times) that is not a number", seq)
		e.Hash = "malformed"
	}
	return e, true
}

// Entries streams the whole log in order (audit.Source).
func (a *AuditSource) Entries(ctx context.Context, fn func(*meridian.AuditEntry) error) error {
	s := a.s
	// Read in pages so a long log never holds one huge result open.
	var after int64 = -1 << 62
	seen := make(map[string]bool) // rows whose seq is not a number, reported once
	for {
		rows, err := s.db.QueryContext(ctx, s.d.Rebind(`SELECT `+auditColumns+` FROM audit_entries WHERE seq > ? ORDER BY seq LIMIT 5000`), after)
		if err != nil {
			return meridian.Internal("sqldb.Entries", err)
		}
		n := 0
		vals := make([]any, 15)
		ptrs := make([]any, 15)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			n++
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return meridian.Internal("sqldb.Entries", err)
			}
			if _, ok := asInt(vals[0]); !ok {
				k := fmt.Sprint(vals[0])
				if seen[k] {
					continue
				}
				seen[k] = true
			}
			e, ok := a.scanLoose(vals)
			if !ok || e.Seq <= after {
				continue
			}
			after = e.Seq
			if err := fn(e); err != nil {
				rows.Close()
				return err
			}
		}
		if err := rows.Close(); err != nil {
			return meridian.Internal("sqldb.Entries", err)
		}
		if err := rows.Err(); err != nil {
			return meridian.Internal("sqldb.Entries", err)
		}
		if n < 5000 {
			return a.checkIndex(ctx, after)
		}
	}
}

// checkIndex compares the record index (audit_records) and the owner
// index (audit_record_owners) with the records the list entries up to
// seq upto name, a chunk of entries at a time: a record's trail is read
// from the one and an agency's audit screen from the other, so a row
// deleted from either hides an access from the record's owner even
// though the log verifies.
func (a *AuditSource) checkIndex(ctx context.Context, upto int64) error {
	const op, chunk = "sqldb.checkIndex", 1000
	s := a.s
	lo := int64(math.MinInt64)
	for {
		rows, err := s.db.QueryContext(ctx, s.d.Rebind(`SELECT seq, records FROM audit_entries WHERE records != '' AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?`), lo, upto, chunk)
		if err != nil {
			return meridian.Internal(op, err)
		}
		// For each entry, its records and its owners, each to be found
		// once in its index.
		ids := make(map[int64]map[string]bool)
		owners := make(map[int64]map[string]bool)
		n, hi := 0, upto
		for rows.Next() {
			n++
			var sv, rv any
			if err := rows.Scan(&sv, &rv); err != nil {
				rows.Close()
				return meridian.Internal(op, err)
			}
			seq, ok := asInt(sv)
			if !ok {
				continue
			}
			hi = seq
			text, _ := asString(rv)
			rs, _ := decodeRecords(text)
			im, om := make(map[string]bool, len(rs)), make(map[string]bool)
			for _, r := range rs {
				im[r.ID], om[r.Owner] = true, true
			}
			ids[seq], owners[seq] = im, om
		}
		if err := rows.Close(); err != nil {
			return meridian.Internal(op, err)
		}
		if n < chunk {
			hi = upto
		}
		for _, ix := range []struct {
			query       string
			want        map[int64]map[string]bool
			extra, lack string
		}{
			{`SELECT record_id, seq FROM audit_records WHERE seq > ? AND seq <= ?`, ids,
				"the record index names record %q for entry %d, which does not name it",
				"entry %d names record %q but the record index lacks it: the record's trail misses this access"},
			{`SELECT owner, seq FROM audit_record_owners WHERE seq > ? AND seq <= ?`, owners,
				"the owner index names agency %q for entry %d, which names no record of it",
				"entry %d names records of agency %q but the owner index lacks it: that agency's audit screen misses this access"},
		} {
			rows, err = s.db.QueryContext(ctx, s.d.Rebind(ix.query), lo, hi)
			if err != nil {
				return meridian.Internal(op, err)
			}
			for rows.Next() {
				var kv, sv any
				if err := rows.Scan(&kv, &sv); err != nil {
					rows.Close()
					return meridian.Internal(op, err)
				}
				key, _ := asString(kv)
				seq, _ := asInt(sv)
				if ix.want[seq][key] {
					delete(ix.want[seq], key)
					continue
				}
				a.problem(seq, audit.KindRecordIndex, ix.extra, key, seq)
			}
			if err := rows.Close(); err != nil {
				return meridian.Internal(op, err)
			}
			for seq, m := range ix.want {
				for key := range m {
					a.problem(seq, audit.KindRecordIndex, ix.lack, seq, key)
				}
			}
		}
		if n < chunk {
			return nil
		}
		lo = hi
	}
}

const checkpointColumns = `seq, hash, at, key_id, signature, root, prev, note`

// scanCheckpoint reads a checkpoint or head row scanned into vals.
func (a *AuditSource) scanCheckpoint(what string, vals []any) (meridian.AuditCheckpoint, bool) {
	var cp meridian.AuditCheckpoint
	var ok [8]bool
	cp.Seq, ok[0] = asInt(vals[0])
	cp.Hash, ok[1] = asString(vals[1])
	var at int64
	at, ok[2] = asInt(vals[2])
	cp.At = fromMicros(at)
	cp.KeyID, ok[3] = asString(vals[3])
	cp.Signature, ok[4] = asString(vals[4])
	cp.Root, ok[5] = asString(vals[5])
	cp.Prev, ok[6] = asInt(vals[6])
	cp.Note, ok[7] = asString(vals[7])
	for _, o := range ok {
		if !o {
			a.malformed(cp.Seq, "%s (entry %v) has a field that does not hold what it should", what, vals[0])
			return cp, false
		}
	}
	return cp, true
}

// Checkpoints returns the stored checkpoints in order (audit.Source).
func (a *AuditSource) Checkpoints(ctx context.Context) ([]meridian.AuditCheckpoint, error) {
	rows, err := a.s.db.QueryContext(ctx, `SELECT `+checkpointColumns+` FROM audit_checkpoints ORDER BY seq`)
	if err != nil {
		return nil, meridian.Internal("sqldb.Checkpoints", err)
	}
	defer rows.Close()
	var cps []meridian.AuditCheckpoint
	vals := make([]any, 8)
	ptrs := make([]any, 8)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, meridian.Internal("sqldb.Checkpoints", err)
		}
		if cp, ok := a.scanCheckpoint("a checkpoint", vals); ok {
			cps = append(cps, cp)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, meridian.Internal("sqldb.Checkpoints", err)
	}
	slices.SortStableFunc(cps, func(x, y meridian.AuditCheckpoint) int { return cmp.Compare(x.Seq, y.Seq) })
	return cps, nil
}

// Head returns the signed head of the log (audit.Source); a missing or
// malformed head row is returned as a zero checkpoint without a hash.
func (a *AuditSource) Head(ctx context.Context) (meridian.AuditCheckpoint, error) {
	vals := make([]any, 8)
	ptrs := make([]any, 8)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	err := a.s.db.QueryRowContext(ctx, `SELECT `+checkpointColumns+` FROM audit_head WHERE id = 1`).Scan(ptrs...)
	if errors.Is(err, sql.ErrNoRows) {
		return meridian.AuditCheckpoint{}, nil
	}
	if err != nil {
		return meridian.AuditCheckpoint{}, meridian.Internal("sqldb.Head", err)
	}
	cp, ok := a.scanCheckpoint("the head", vals)
	if !ok {
		return meridian.AuditCheckpoint{}, nil
	}
	return cp, nil
}

// StoredHashes streams the stored Merkle tree hashes below count in
// index order (audit.TreeSource). A row that is not a hash is passed on
// as a zero hash; a row whose index is not a number is skipped.
func (a *AuditSource) StoredHashes(ctx context.Context, count int64, fn func(int64, tlog.Hash) error) error {
	s := a.s
	var after int64 = -1
	for after+1 < count {
		rows, err := s.db.QueryContext(ctx, s.d.Rebind(`SELECT idx, hash FROM audit_tree WHERE idx > ? AND idx < ? ORDER BY idx LIMIT 10000`), after, count)
		if err != nil {
			return meridian.Internal("sqldb.StoredHashes", err)
		}
		n, start := 0, after
		for rows.Next() {
			n++
			var iv, hv any
			if err := rows.Scan(&iv, &hv); err != nil {
				rows.Close()
				return meridian.Internal("sqldb.StoredHashes", err)
			}
			idx, ok := asInt(iv)
			if !ok || idx <= after {
				continue
			}
			after = idx
			h, _ := asHash(hv)
			if err := fn(idx, h); err != nil {
				rows.Close()
				return err
			}
		}
		if err := rows.Close(); err != nil {
			return meridian.Internal("sqldb.StoredHashes", err)
		}
		if n == 0 || after == start {
			return nil
		}
	}
	return nil
}

func (s *DB) hashReader(ctx context.Context) tlog.HashReader {
	return tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		if len(idx) == 0 {
			return nil, nil
		}
		got, err := readTreeHashes(ctx, s, s.db, idx)
		if err != nil {
			return nil, err
		}
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			h, ok := got[x]
			if !ok {
				return nil, fmt.Errorf("stored tree hash %d is missing", x)
			}
			out[i] = h
		}
		return out, nil
	})
}

// Entries streams the whole log in order (audit.Source).
func (s *DB) Entries(ctx context.Context, fn func(*meridian.AuditEntry) error) error {
	return s.AuditSource().Entries(ctx, fn)
}

// Checkpoints returns the stored checkpoints in order (audit.Source).
func (s *DB) Checkpoints(ctx context.Context) ([]meridian.AuditCheckpoint, error) {
	return s.AuditSource().Checkpoints(ctx)
}

// Head returns the signed head of the log (audit.Source).
func (s *DB) Head(ctx context.Context) (meridian.AuditCheckpoint, error) {
	return s.AuditSource().Head(ctx)
}

// AuditProof is an inclusion proof of one entry in the tree that a signed
// statement (the head) vouches for.
type AuditProof struct {
	Entry *meridian.AuditEntry
	Proof tlog.RecordProof
	Head  meridian.AuditCheckpoint
}

// ProveEntry returns an inclusion proof of entry seq against the signed
// head, from the stored tree hashes. It does not check the proof.
func (s *DB) ProveEntry(ctx context.Context, seq int64) (*AuditProof, error) {
	const op = "sqldb.ProveEntry"
	head, err := s.Head(ctx)
	if err != nil {
		return nil, err
	}
	if head.Root == "" {
		return nil, meridian.Errorf(meridian.EInvalid, op, "the log has no Merkle tree yet: it is built at the next audited write")
	}
	if seq < 1 || seq > head.Seq {
		return nil, meridian.Errorf(meridian.ENotFound, op, "no entry %d: the signed head vouches for entries 1 to %d", seq, head.Seq)
	}
	rows, err := s.db.QueryContext(ctx, s.d.Rebind(`SELECT `+auditColumns+` FROM audit_entries WHERE seq = ?`), seq)
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, meridian.Errorf(meridian.ENotFound, op, "entry %d is not in the database", seq)
	}
	e, err := scanAudit(rows)
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	p, err := tlog.ProveRecord(head.Seq, seq-1, s.hashReader(ctx))
	if err != nil {
		return nil, &meridian.Error{Kind: meridian.EConflict, Op: op, Err: err,
			Message: fmt.Sprintf("no proof of entry %d: the stored tree hashes are damaged (%v); run meridian audit verify", seq, err)}
	}
	return &AuditProof{Entry: e, Proof: p, Head: head}, nil
}

// ProveTree returns a consistency proof that the tree of the first n
// entries is a prefix of the tree of the first t.
func (s *DB) ProveTree(ctx context.Context, t, n int64) (tlog.TreeProof, error) {
	p, err := tlog.ProveTree(t, n, s.hashReader(ctx))
	if err != nil {
		return nil, &meridian.Error{Kind: meridian.EConflict, Op: "sqldb.ProveTree", Err: err,
			Message: fmt.Sprintf("no consistency proof: the stored tree hashes are damaged (%v); run meridian audit verify", err)}
	}
	return p, nil
}

// FindAuditEntries returns the entries the caller may read, oldest first
// (newest first with f.Newest).
func (s *DB) FindAuditEntries(ctx context.Context, f meridian.AuditFilter) ([]*meridian.AuditEntry, string, error) {
	const op = "sqldb.FindAuditEntries"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, "", meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	var where []string
	var args []any
	sc := policy.ReadAudit(subj)
	switch {
	case sc.All:
	case sc.Agency != "":
		where = append(where, "(agency_id = ? OR record_owner = ? OR seq IN (SELECT seq FROM audit_record_owners WHERE owner = ?))")
		args = append(args, sc.Agency, sc.Agency, sc.Agency)
	default:
		where = append(where, "user_id = ?")
		args = append(args, sc.User)
	}
	if f.RecordID != "" {
		where = append(where, "(record_id = ? OR seq IN (SELECT seq FROM audit_records WHERE record_id = ?))")
		args = append(args, f.RecordID, f.RecordID)
		if c, a := hiddenHitFilter(subj); c != "" {
			where, args = append(where, c), append(args, a...)
		}
	}
	if f.UserID != "" {
		where = append(where, "user_id = ?")
		args = append(args, f.UserID)
	}
	if f.AgencyID != "" {
		where = append(where, "agency_id = ?")
		args = append(args, f.AgencyID)
	}
	if f.Action != "" {
		where = append(where, "action = ?")
		args = append(args, f.Action)
	}
	if !f.From.IsZero() {
		where = append(where, "at >= ?")
		args = append(args, micros(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "at < ?")
		args = append(args, micros(f.To))
	}
	var after int64
	if f.Cursor != "" {
		if err := json.Unmarshal([]byte(f.Cursor), &after); err != nil || after < 0 {
			return nil, "", meridian.Invalidf(op, "cursor", "malformed cursor")
		}
		if f.Newest {
			where = append(where, "seq < ?")
		} else {
			where = append(where, "seq > ?")
		}
		args = append(args, after)
	}
	q := `SELECT ` + auditColumns + ` FROM audit_entries`
	if len(where) > 0 {
		q += " WHERE " + joinAnd(where)
	}
	limit := f.Size()
	if f.Newest {
		q += " ORDER BY seq DESC LIMIT ?"
	} else {
		q += " ORDER BY seq LIMIT ?"
	}
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, s.d.Rebind(q), args...)
	if err != nil {
		return nil, "", meridian.Internal(op, err)
	}
	defer rows.Close()
	var es []*meridian.AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, "", meridian.Internal(op, err)
		}
		e.Records = sc.Records(e)
		es = append(es, hideHit(subj, e))
	}
	if err := rows.Err(); err != nil {
		return nil, "", meridian.Internal(op, err)
	}
	next := ""
	if len(es) == limit {
		b, _ := json.Marshal(es[len(es)-1].Seq)
		next = string(b)
	}
	return es, next, nil
}

func joinAnd(conds []string) string {
	s := ""
	for i, c := range conds {
		if i > 0 {
			s += " AND "
		}
		s += c
	}
	return s
}

// AuditVerifyRequest records that the subject asked for the log to be
// verified (action audit_verify), before the run reads it.
func (s *DB) AuditVerifyRequest(ctx context.Context) error {
	return s.write(ctx, "sqldb.AuditVerifyRequest", func(tx *Tx) error {
		tx.audit("audit_verify", "audit_log", "", "")
		return nil
	})
}
