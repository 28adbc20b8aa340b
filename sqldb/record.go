package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"meridian"
	"meridian/policy"
)

// attr is one filterable attribute of a record (record_attrs).
type attr struct{ name, value string }

// kind describes one kind of record stored in the records envelope.
type kind[T any] struct {
	name     string
	meta     func(*T) *meridian.Meta
	validate func(*T) error
	attrs    func(*T) []attr
	// check verifies references to other records inside the transaction.
	check func(ctx context.Context, tx *Tx, rec *T) error
	// referenced reports, before a delete, why the record must stay.
	referenced func(ctx context.Context, tx *Tx, id string) error
	// tally moves what the record adds to counters from old to cur; either
	// is nil on a create or a delete.
	tally func(ctx context.Context, tx *Tx, old, cur *T) error
	// keep carries into an update what the stored record holds that the
	// caller cannot see (and so could not have meant to remove).
	keep func(ctx context.Context, tx *Tx, old, cur *T) error
	// view trims a record read, or returned by an update, to what the
	// caller may see of it.
	view func(ctx context.Context, tx *Tx, rec *T) error
}

func attrSQL(name string) string {
	return `EXISTS (SELECT 1 FROM record_attrs a WHERE a.record_id = r.id AND a.name = '` + name + `' AND a.value = ?)`
}

func applyDefaults(m *meridian.Meta) {
	if m.TLP == "" {
		m.TLP = meridian.TLPAmber
	}
	if m.Handling == "" {
		m.Handling = meridian.H0
	}
	if m.Release.Scope == "" {
		m.Release.Scope = meridian.ScopeOwner
	}
}

// checkMetaRefs verifies that the operation and listed agencies exist.
func checkMetaRefs(ctx context.Context, tx *Tx, m *meridian.Meta) error {
	f := meridian.Fields{Op: "sqldb.checkMetaRefs"}
	if m.OperationID != "" {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM operations WHERE id = ?`, m.OperationID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			f.Add("operation_id", "unknown operation %q", m.OperationID)
		}
	}
	for i, a := range m.Release.Agencies {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM agencies WHERE id = ?`, a).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			f.Add(fmt.Sprintf("release.agencies[%d]", i), "unknown agency %q", a)
		}
	}
	return f.Err()
}

func (tx *Tx) writeIndex(ctx context.Context, m *meridian.Meta, attrs []attr) error {
	for _, c := range m.Release.Countries {
		if _, err := tx.exec(ctx, `INSERT INTO record_releases (record_id, kind, value) VALUES (?, 'country', ?) ON CONFLICT DO NOTHING`, m.ID, c); err != nil {
			return err
		}
	}
	for _, a := range m.Release.Agencies {
		if _, err := tx.exec(ctx, `INSERT INTO record_releases (record_id, kind, value) VALUES (?, 'agency', ?) ON CONFLICT DO NOTHING`, m.ID, a); err != nil {
			return err
		}
	}
	for _, a := range attrs {
		if a.value == "" {
			continue
		}
		if _, err := tx.exec(ctx, `INSERT INTO record_attrs (record_id, name, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, m.ID, a.name, a.value); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) clearIndex(ctx context.Context, id string) error {
	if _, err := tx.exec(ctx, `DELETE FROM record_releases WHERE record_id = ?`, id); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM record_keys WHERE record_id = ?`, id); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `DELETE FROM record_attrs WHERE record_id = ?`, id)
	return err
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// prepare fills defaults, validates the record and its references, and
// returns its JSON body: the common part of create and update.
func prepare[T any](ctx context.Context, tx *Tx, k *kind[T], rec *T) ([]byte, error) {
	m := k.meta(rec)
	applyDefaults(m)
	if err := k.validate(rec); err != nil {
		return nil, err
	}
	if err := checkMetaRefs(ctx, tx, m); err != nil {
		return nil, err
	}
	if k.check != nil {
		if err := k.check(ctx, tx, rec); err != nil {
			return nil, err
		}
	}
	return json.Marshal(rec)
}

// stampNew sets what Meridian, not the client, decides about a new
// record: its id, its owner (the caller's agency), who made it and when.
func (tx *Tx) stampNew(m *meridian.Meta) {
	m.ID = meridian.NewID()
	m.OwnerAgency, m.OwnerCountry = tx.subj.AgencyID, tx.subj.Country
	m.CreatedBy, m.UpdatedBy = tx.subj.UserID, tx.subj.UserID
	m.CreatedAt, m.UpdatedAt = tx.now, tx.now
	m.Version = 1
	if m.RetentionReview == "" {
		m.RetentionReview = meridian.DateOf(tx.now.Add(meridian.DefaultRetention))
	}
}

func create[T any](ctx context.Context, s *DB, k *kind[T], rec *T) error {
	return s.write(ctx, "sqldb.Create"+k.name, func(tx *Tx) error { return createIn(ctx, tx, k, rec) })
}

// createIn is create inside a transaction of the caller's.
func createIn[T any](ctx context.Context, tx *Tx, k *kind[T], rec *T) error {
	if err := policy.CanCreate(tx.subj, k.name); err != nil {
		return err
	}
	m := k.meta(rec)
	tx.stampNew(m)
	body, err := prepare(ctx, tx, k, rec)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO records (id, kind, owner_agency, owner_country, operation_id, tlp, handling, scope,
		retention_review, created_at, updated_at, version, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, k.name, m.OwnerAgency, m.OwnerCountry, nullable(m.OperationID), string(m.TLP), string(m.Handling),
		string(m.Release.Scope), string(m.RetentionReview), micros(m.CreatedAt), micros(m.UpdatedAt), m.Version, string(body)); err != nil {
		return err
	}
	if err := tx.writeIndex(ctx, m, k.attrs(rec)); err != nil {
		return err
	}
	if err := tx.writeKeys(ctx, k.name, m, keysOf(rec)); err != nil {
		return err
	}
	if k.tally != nil {
		if err := k.tally(ctx, tx, nil, rec); err != nil {
			return err
		}
	}
	tx.audit(meridian.AuditCreate, k.name, m.ID, m.OwnerAgency)
	meta := *m
	tx.publish(k.name, meridian.ChangeCreated, m.ID, &meta, body)
	return nil
}

// load reads one record the subject may see, or ENotFound.
func load[T any](ctx context.Context, tx *Tx, k *kind[T], id string, forUpdate bool) (*T, error) {
	op := "sqldb.Find" + k.name
	if !meridian.IsID(id) {
		return nil, meridian.NotFound(op, k.name)
	}
	cond, args := recordScope(policy.ReadScope(tx.subj)).sql()
	q := `SELECT r.body FROM records r WHERE r.id = ? AND r.kind = ? AND ` + cond
	if forUpdate {
		q += tx.s.d.ForUpdate()
	}
	var body string
	err := tx.queryRow(ctx, q, append([]any{id, k.name}, args...)...).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, meridian.NotFound(op, k.name)
	}
	if err != nil {
		return nil, err
	}
	rec := new(T)
	if err := json.Unmarshal([]byte(body), rec); err != nil {
		return nil, err
	}
	return rec, nil
}

func find[T any](ctx context.Context, s *DB, k *kind[T], id string) (*T, error) {
	var rec *T
	err := s.read(ctx, "sqldb.Find"+k.name, func(tx *Tx) error {
		var err error
		if rec, err = load(ctx, tx, k, id, false); err != nil {
			return err
		}
		m := k.meta(rec)
		tx.audit(meridian.AuditRead, k.name, m.ID, m.OwnerAgency)
		if k.view != nil {
			return k.view(ctx, tx, rec)
		}
		return nil
	})
	return rec, err
}

// listQuery is a list's extra conditions and the page asked for.
type listQuery struct {
	conds  []string
	args   []any
	page   meridian.Page
	newest bool // newest first
}

func (q *listQuery) where(cond string, arg any) {
	q.conds = append(q.conds, cond)
	q.args = append(q.args, arg)
}

// sql is the query of a page of kind k's records the subject may read,
// selecting cols of records r.
func (lq *listQuery) sql(tx *Tx, kindName, cols string, pg keyset) (string, []any) {
	cond, args := recordScope(policy.ReadScope(tx.subj)).sql()
	q := `SELECT ` + cols + ` FROM records r WHERE r.kind = ? AND ` + cond
	qargs := append([]any{kindName}, args...)
	for i, c := range lq.conds {
		q += " AND " + c
		qargs = append(qargs, lq.args[i])
	}
	return pg.sql(q, qargs)
}

func list[T any](ctx context.Context, s *DB, k *kind[T], lq listQuery) ([]*T, string, error) {
	op := "sqldb.Find" + k.name + "s"
	pg, err := pageOf(op, "r.id", lq.page, lq.newest)
	if err != nil {
		return nil, "", err
	}
	var out []*T
	var next string
	err = s.read(ctx, op, func(tx *Tx) error {
		q, qargs := lq.sql(tx, k.name, "r.body", pg)
		rows, err := tx.query(ctx, q, qargs...)
		if err != nil {
			return err
		}
		var listed []meridian.AuditRecord
		out, next, err = scanPage(pg, rows, func(rows *sql.Rows) (*T, string, error) {
			// The driver's bytes, decoded before the next row: no copy
			// of each body (a page is up to 1,000 of them).
			var body sql.RawBytes
			if err := rows.Scan(&body); err != nil {
				return nil, "", err
			}
			rec := new(T)
			if err := json.Unmarshal(body, rec); err != nil {
				return nil, "", err
			}
			m := k.meta(rec)
			listed = append(listed, meridian.AuditRecord{ID: m.ID, Owner: m.OwnerAgency})
			return rec, m.ID, nil
		})
		if err != nil {
			return err
		}
		tx.auditList(k.name, listed)
		if k.view != nil {
			for _, rec := range out {
				if err := k.view(ctx, tx, rec); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// listJSON is list with each record as the JSON the store holds, not
// decoded: a page of 100 persons spent most of its time in encoding/json
// decoding bodies that the server then encoded again. It is only for a
// kind whose records every reader in scope sees whole (no view): a body
// is json.Marshal of the record as created or updated (createIn, update,
// the watchlist importer), so it holds what decoding and encoding it
// would give. The audit entry takes each record's id and owner from the
// row's columns, which are written with the body and never differ. A
// kind with a view falls back to list, each record encoded after it.
func listJSON[T any](ctx context.Context, s *DB, k *kind[T], lq listQuery) ([]json.RawMessage, string, error) {
	if k.view != nil {
		recs, next, err := list(ctx, s, k, lq)
		if err != nil {
			return nil, "", err
		}
		out := make([]json.RawMessage, len(recs))
		for i, rec := range recs {
			if out[i], err = json.Marshal(rec); err != nil {
				return nil, "", meridian.Internal("sqldb.Find"+k.name+"s", err)
			}
		}
		return out, next, nil
	}
	op := "sqldb.Find" + k.name + "s"
	pg, err := pageOf(op, "r.id", lq.page, lq.newest)
	if err != nil {
		return nil, "", err
	}
	var out []json.RawMessage
	var next string
	err = s.read(ctx, op, func(tx *Tx) error {
		q, qargs := lq.sql(tx, k.name, "r.id, r.owner_agency, r.body", pg)
		rows, err := tx.query(ctx, q, qargs...)
		if err != nil {
			return err
		}
		var listed []meridian.AuditRecord
		out, next, err = scanPage(pg, rows, func(rows *sql.Rows) (json.RawMessage, string, error) {
			var id, owner string
			var body []byte // a copy: it is answered after the rows are closed
			if err := rows.Scan(&id, &owner, &body); err != nil {
				return nil, "", err
			}
			listed = append(listed, meridian.AuditRecord{ID: id, Owner: owner})
			return body, id, nil
		})
		if err != nil {
			return err
		}
		tx.auditList(k.name, listed)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return out, next, nil
}

func update[T any](ctx context.Context, s *DB, k *kind[T], rec *T) error {
	op := "sqldb.Update" + k.name
	return s.write(ctx, op, func(tx *Tx) error {
		m := k.meta(rec)
		cur, err := load(ctx, tx, k, m.ID, true)
		if err != nil {
			return err
		}
		cm := k.meta(cur)
		if err := policy.CanModify(tx.subj, cm); err != nil {
			return err
		}
		if m.Version != cm.Version {
			return meridian.Errorf(meridian.EConflict, op, "the %s was changed by someone else (version %d, yours %d): reload it and try again", k.name, cm.Version, m.Version)
		}
		m.OwnerAgency, m.OwnerCountry = cm.OwnerAgency, cm.OwnerCountry
		m.CreatedBy, m.CreatedAt = cm.CreatedBy, cm.CreatedAt
		m.UpdatedBy, m.UpdatedAt = tx.subj.UserID, tx.now
		m.Version = cm.Version + 1
		if m.RetentionReview == "" {
			m.RetentionReview = cm.RetentionReview
		}
		if k.keep != nil {
			if err := k.keep(ctx, tx, cur, rec); err != nil {
				return err
			}
		}
		body, err := prepare(ctx, tx, k, rec)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE records SET operation_id = ?, tlp = ?, handling = ?, scope = ?, retention_review = ?,
			updated_at = ?, version = ?, body = ? WHERE id = ?`,
			nullable(m.OperationID), string(m.TLP), string(m.Handling), string(m.Release.Scope), string(m.RetentionReview),
			micros(m.UpdatedAt), m.Version, string(body), m.ID); err != nil {
			return err
		}
		if err := tx.clearIndex(ctx, m.ID); err != nil {
			return err
		}
		if err := tx.writeIndex(ctx, m, k.attrs(rec)); err != nil {
			return err
		}
		if err := tx.writeKeys(ctx, k.name, m, keysOf(rec)); err != nil {
			return err
		}
		if k.tally != nil {
			if err := k.tally(ctx, tx, cur, rec); err != nil {
				return err
			}
		}
		tx.audit(meridian.AuditUpdate, k.name, m.ID, m.OwnerAgency)
		meta := *m
		tx.publish(k.name, meridian.ChangeUpdated, m.ID, &meta, body)
		if k.view != nil {
			return k.view(ctx, tx, rec)
		}
		return nil
	})
}

func remove[T any](ctx context.Context, s *DB, k *kind[T], id string) error {
	op := "sqldb.Delete" + k.name
	return s.write(ctx, op, func(tx *Tx) error {
		cur, err := load(ctx, tx, k, id, true)
		if err != nil {
			return err
		}
		m := k.meta(cur)
		if err := policy.CanModify(tx.subj, m); err != nil {
			return err
		}
		if k.referenced != nil {
			if err := k.referenced(ctx, tx, id); err != nil {
				return err
			}
		}
		// Tallied before the row goes: a report's route totals are taken
		// off by its stored cells, which the delete cascades to.
		if k.tally != nil {
			if err := k.tally(ctx, tx, cur, nil); err != nil {
				return err
			}
		}
		if err := tx.clearIndex(ctx, id); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM records WHERE id = ?`, id); err != nil {
			return err
		}
		tx.audit(meridian.AuditDelete, k.name, id, m.OwnerAgency)
		meta := *m
		tx.publish(k.name, meridian.ChangeDeleted, id, &meta, nil)
		return nil
	})
}

// visible reports whether the subject may read the record id of the given
// kind ("" for any kind), inside the transaction.
func visible(ctx context.Context, tx *Tx, id, kindName string) (bool, error) {
	if !meridian.IsID(id) {
		return false, nil
	}
	cond, args := recordScope(policy.ReadScope(tx.subj)).sql()
	q := `SELECT COUNT(*) FROM records r WHERE r.id = ? AND ` + cond
	qargs := append([]any{id}, args...)
	if kindName != "" {
		q += " AND r.kind = ?"
		qargs = append(qargs, kindName)
	}
	var n int
	err := tx.queryRow(ctx, q, qargs...).Scan(&n)
	return n > 0, err
}
