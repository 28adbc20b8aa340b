package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"meridian"
	"meridian/audit"
	"meridian/policy"
)

// flushAudit appends the transaction's audit entries to the chain. It
// locks the head row, so chains from concurrent transactions (and
// instances) interleave as whole transactions, never within one.
func (tx *Tx) flushAudit(ctx context.Context) error {
	if len(tx.audits) == 0 {
		return nil
	}
	if tx.s.key == nil {
		return meridian.Errorf(meridian.EInternal, "sqldb.audit", "no audit key: the store was opened read-only")
	}
	var seq int64
	var hash string
	if err := tx.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`+tx.s.d.ForUpdate()).Scan(&seq, &hash); err != nil {
		return err
	}
	first := seq
	for i := range tx.audits {
		e := &tx.audits[i]
		seq++
		e.Seq, e.At, e.PrevHash = seq, tx.now, hash
		e.Hash = audit.Hash(e)
		hash = e.Hash
	}
	// Many rows per statement: a list of 100 records is one round trip to
	// the database, not 100 (profiled on PostgreSQL, where round trips
	// dominated list latency).
	const perStatement = 200
	for start := 0; start < len(tx.audits); start += perStatement {
		batch := tx.audits[start:min(start+perStatement, len(tx.audits))]
		var q strings.Builder
		q.WriteString(`INSERT INTO audit_entries (` + auditColumns + `) VALUES `)
		args := make([]any, 0, len(batch)*13)
		for i := range batch {
			e := &batch[i]
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, e.Seq, micros(e.At), e.UserID, e.Username, e.AgencyID, e.Action, e.RecordKind,
				e.RecordID, e.RecordOwner, e.Purpose, e.Addr, e.PrevHash, e.Hash)
		}
		if _, err := tx.exec(ctx, q.String(), args...); err != nil {
			return err
		}
	}
	cp := tx.s.key.Sign(seq, hash, tx.now)
	if _, err := tx.exec(ctx, `UPDATE audit_head SET seq = ?, hash = ?, at = ?, key_id = ?, signature = ? WHERE id = 1`,
		cp.Seq, cp.Hash, micros(cp.At), cp.KeyID, cp.Signature); err != nil {
		return err
	}
	if every := tx.s.Checkpoint; every > 0 && first/every != seq/every {
		return tx.s.insertCheckpoint(ctx, tx.tx, cp)
	}
	return nil
}

func (s *DB) insertCheckpoint(ctx context.Context, q interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, cp meridian.AuditCheckpoint) error {
	_, err := q.ExecContext(ctx, s.d.Rebind(`INSERT INTO audit_checkpoints (seq, hash, at, key_id, signature) VALUES (?, ?, ?, ?, ?)`),
		cp.Seq, cp.Hash, micros(cp.At), cp.KeyID, cp.Signature)
	if s.d.IsUnique(err) {
		return nil
	}
	return err
}

// CheckpointNow stores the signed head as a checkpoint unless one already
// marks it. The server calls it periodically so that a quiet log is still
// covered by a recent checkpoint.
func (s *DB) CheckpointNow(ctx context.Context) error {
	var cp meridian.AuditCheckpoint
	var at int64
	err := s.db.QueryRowContext(ctx, `SELECT seq, hash, at, key_id, signature FROM audit_head WHERE id = 1`).
		Scan(&cp.Seq, &cp.Hash, &at, &cp.KeyID, &cp.Signature)
	if err != nil {
		return meridian.Internal("sqldb.CheckpointNow", err)
	}
	if cp.Seq == 0 {
		return nil
	}
	cp.At = fromMicros(at)
	if err := s.insertCheckpoint(ctx, s.db, cp); err != nil {
		return meridian.Internal("sqldb.CheckpointNow", err)
	}
	return nil
}

const auditColumns = `seq, at, user_id, username, agency_id, action, record_kind, record_id, record_owner, purpose, addr, prev_hash, hash`

func scanAudit(rows *sql.Rows) (*meridian.AuditEntry, error) {
	e := &meridian.AuditEntry{}
	var at int64
	err := rows.Scan(&e.Seq, &at, &e.UserID, &e.Username, &e.AgencyID, &e.Action, &e.RecordKind, &e.RecordID,
		&e.RecordOwner, &e.Purpose, &e.Addr, &e.PrevHash, &e.Hash)
	e.At = fromMicros(at)
	return e, err
}

// Entries streams the whole chain in order (audit.Source).
func (s *DB) Entries(ctx context.Context, fn func(*meridian.AuditEntry) error) error {
	// Read in pages so a long log never holds one huge result open.
	var after int64 = -1 << 62
	for {
		rows, err := s.db.QueryContext(ctx, s.d.Rebind(`SELECT `+auditColumns+` FROM audit_entries WHERE seq > ? ORDER BY seq LIMIT 5000`), after)
		if err != nil {
			return meridian.Internal("sqldb.Entries", err)
		}
		n := 0
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				rows.Close()
				return meridian.Internal("sqldb.Entries", err)
			}
			n++
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
			return nil
		}
	}
}

// Checkpoints returns the stored checkpoints in order (audit.Source).
func (s *DB) Checkpoints(ctx context.Context) ([]meridian.AuditCheckpoint, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, hash, at, key_id, signature FROM audit_checkpoints ORDER BY seq`)
	if err != nil {
		return nil, meridian.Internal("sqldb.Checkpoints", err)
	}
	defer rows.Close()
	var cps []meridian.AuditCheckpoint
	for rows.Next() {
		var cp meridian.AuditCheckpoint
		var at int64
		if err := rows.Scan(&cp.Seq, &cp.Hash, &at, &cp.KeyID, &cp.Signature); err != nil {
			return nil, meridian.Internal("sqldb.Checkpoints", err)
		}
		cp.At = fromMicros(at)
		cps = append(cps, cp)
	}
	return cps, rows.Err()
}

// Head returns the signed head of the chain (audit.Source).
func (s *DB) Head(ctx context.Context) (meridian.AuditCheckpoint, error) {
	var cp meridian.AuditCheckpoint
	var at int64
	err := s.db.QueryRowContext(ctx, `SELECT seq, hash, at, key_id, signature FROM audit_head WHERE id = 1`).
		Scan(&cp.Seq, &cp.Hash, &at, &cp.KeyID, &cp.Signature)
	if err != nil {
		return cp, meridian.Internal("sqldb.Head", err)
	}
	cp.At = fromMicros(at)
	return cp, nil
}

// FindAuditEntries returns the entries the caller may read, oldest first.
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
		where = append(where, "(agency_id = ? OR record_owner = ?)")
		args = append(args, sc.Agency, sc.Agency)
	default:
		where = append(where, "user_id = ?")
		args = append(args, sc.User)
	}
	if f.RecordID != "" {
		where = append(where, "record_id = ?")
		args = append(args, f.RecordID)
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
	var after int64
	if f.Cursor != "" {
		if err := json.Unmarshal([]byte(f.Cursor), &after); err != nil || after < 0 {
			return nil, "", meridian.Invalidf(op, "cursor", "malformed cursor")
		}
		where = append(where, "seq > ?")
		args = append(args, after)
	}
	q := `SELECT ` + auditColumns + ` FROM audit_entries`
	if len(where) > 0 {
		q += " WHERE " + joinAnd(where)
	}
	limit := f.Size()
	q += " ORDER BY seq LIMIT ?"
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
