package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"meridian"
	"meridian/policy"
)

// keysOf returns the match keys of a record whose kind yields them.
func keysOf(rec any) []meridian.Key {
	if k, ok := rec.(meridian.Keyed); ok {
		return k.Keys()
	}
	return nil
}

// writeKeys stores a record's match keys with its access columns; the
// caller has cleared the old ones (clearIndex) on an update.
func (tx *Tx) writeKeys(ctx context.Context, kindName string, m *meridian.Meta, keys []meridian.Key) error {
	for _, k := range keys {
		if k.Value == "" {
			continue
		}
		if _, err := tx.exec(ctx, `INSERT INTO record_keys (record_id, record_kind, type, value, owner_agency, owner_country, operation_id, scope)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			m.ID, kindName, string(k.Type), k.Value, m.OwnerAgency, m.OwnerCountry, nullable(m.OperationID), string(m.Release.Scope)); err != nil {
			return err
		}
	}
	return nil
}

// checkKeys refuses a lookup that is not a short list of keys in normal
// form, naming the field at fault.
func checkKeys(op string, keys []meridian.Key) ([]meridian.Key, error) {
	f := meridian.Fields{Op: op}
	if len(keys) == 0 {
		f.Add("keys", "at least one key is required")
	}
	if len(keys) > meridian.MaxKeysPerLookup {
		f.Add("keys", "more than %d keys", meridian.MaxKeysPerLookup)
		return nil, f.Err()
	}
	var out []meridian.Key
	for i, k := range keys {
		norm, msg := meridian.ParseKey(k.Type, k.Value)
		switch {
		case !slices.Contains(meridian.KeyTypes, k.Type):
			f.Add(fmt.Sprintf("keys[%d].type", i), "unknown key type %q", k.Type)
		case msg != "":
			f.Add(fmt.Sprintf("keys[%d].value", i), "%s", msg)
		case norm != k:
			f.Add(fmt.Sprintf("keys[%d].value", i), "not in normal form: want %q", norm.Value)
		case !slices.Contains(out, k):
			out = append(out, k)
		}
	}
	return out, f.Err()
}

// FindByKeys returns the records the caller may read that hold any of the
// keys, each with the key it holds, ordered by key and record. Records the
// caller may not read are not found and not counted. Keys must be in
// normal form (meridian.ParseKey). The lookup is audited as a list: one
// entry naming every record found. EInvalid for malformed keys or when more
// than meridian.MaxKeyMatches records share them.
func (s *DB) FindByKeys(ctx context.Context, keys []meridian.Key) ([]meridian.KeyMatch, error) {
	const op = "sqldb.FindByKeys"
	keys, err := checkKeys(op, keys)
	if err != nil {
		return nil, err
	}
	var out []meridian.KeyMatch
	err = s.write(ctx, op, func(tx *Tx) error {
		if out, err = findByKeys(ctx, tx, op, policy.ReadScope(tx.subj), keys); err != nil {
			return err
		}
		var listed []meridian.AuditRecord
		seen := map[string]bool{}
		for _, m := range out {
			if !seen[m.RecordID] {
				seen[m.RecordID] = true
				listed = append(listed, meridian.AuditRecord{ID: m.RecordID, Owner: m.OwnerAgency})
			}
		}
		tx.auditList("record", listed)
		return nil
	})
	return out, err
}

// FindByKeysForLinking is FindByKeys over every record, whoever may read
// it, for the linking worker acting as Meridian itself (the system
// subject; anyone else gets EForbidden). It is not audited: it shows
// nobody anything. What the engine proposes is filtered by policy for
// each reader when it is read, and that read is audited.
func (s *DB) FindByKeysForLinking(ctx context.Context, keys []meridian.Key) ([]meridian.KeyMatch, error) {
	const op = "sqldb.FindByKeysForLinking"
	if subj := meridian.SubjectFrom(ctx); subj == nil || !subj.System {
		return nil, meridian.Errorf(meridian.EForbidden, op, "only Meridian's linking worker looks up keys across every record")
	}
	keys, err := checkKeys(op, keys)
	if err != nil {
		return nil, err
	}
	var out []meridian.KeyMatch
	err = s.write(ctx, op, func(tx *Tx) error {
		out, err = findByKeys(ctx, tx, op, policy.Scope{All: true}, keys)
		return err
	})
	return out, err
}

func findByKeys(ctx context.Context, tx *Tx, op string, sc policy.Scope, keys []meridian.Key) ([]meridian.KeyMatch, error) {
	cond, args := recordScope(sc).sql()
	var match []string
	var qargs []any
	for _, k := range keys {
		match = append(match, "(k.type = ? AND k.value = ?)")
		qargs = append(qargs, string(k.Type), k.Value)
	}
	q := `SELECT k.type, k.value, k.record_id, k.record_kind, k.owner_agency, k.owner_country, k.operation_id
		FROM record_keys k JOIN records r ON r.id = k.record_id
		WHERE (` + strings.Join(match, " OR ") + `) AND ` + cond + `
		ORDER BY k.type, k.value, k.record_id LIMIT ?`
	qargs = append(append(qargs, args...), meridian.MaxKeyMatches+1)
	rows, err := tx.query(ctx, q, qargs...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []meridian.KeyMatch
	for rows.Next() {
		var m meridian.KeyMatch
		var opID sql.NullString
		if err := rows.Scan(&m.Key.Type, &m.Key.Value, &m.RecordID, &m.RecordKind, &m.OwnerAgency, &m.OwnerCountry, &opID); err != nil {
			return nil, err
		}
		m.OperationID = opID.String
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) > meridian.MaxKeyMatches {
		return nil, meridian.Invalidf(op, "keys", "more than %d records share these keys: a key held by so many is not an identifier; look up fewer or more specific keys", meridian.MaxKeyMatches)
	}
	return out, nil
}

// backfillBatch is how many records one backfill transaction reads.
const backfillBatch = 500

// BackfillKeys writes the match keys of records stored before record_keys
// existed. Migration 0013 leaves a cursor in store_meta; each batch of
// records after it is keyed in one transaction that moves the cursor, and
// the last removes it. Keys are computed in Go (IDNA, check digits,
// Unicode folding), which SQL cannot do, so this runs at open rather than
// in the migration; an interrupted backfill resumes at the next open, and
// two processes opening at once write the same rows (ON CONFLICT DO
// NOTHING) under the records' row locks.
func (s *DB) BackfillKeys(ctx context.Context) error {
	const op = "sqldb.BackfillKeys"
	sys := meridian.WithSubject(ctx, meridian.SystemSubject)
	for {
		done := false
		err := s.write(sys, op, func(tx *Tx) error {
			var after string
			err := tx.queryRow(ctx, `SELECT value FROM store_meta WHERE key = 'record_keys_backfill'`+tx.s.d.ForUpdate()).Scan(&after)
			if errors.Is(err, sql.ErrNoRows) {
				done = true
				return nil
			}
			if err != nil {
				return err
			}
			rows, err := tx.query(ctx, `SELECT id, kind, body FROM records WHERE id > ? AND kind IN ('person', 'document')
				ORDER BY id LIMIT ?`+tx.s.d.ForUpdate(), after, backfillBatch)
			if err != nil {
				return err
			}
			type rec struct{ id, kind, body string }
			var recs []rec
			for rows.Next() {
				var r rec
				if err := rows.Scan(&r.id, &r.kind, &r.body); err != nil {
					rows.Close()
					return err
				}
				recs = append(recs, r)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, r := range recs {
				var (
					m    *meridian.Meta
					keys []meridian.Key
				)
				switch r.kind {
				case "person":
					var p meridian.Person
					if err := json.Unmarshal([]byte(r.body), &p); err != nil {
						return err
					}
					m, keys = &p.Meta, p.Keys()
				case "document":
					var d meridian.Document
					if err := json.Unmarshal([]byte(r.body), &d); err != nil {
						return err
					}
					m, keys = &d.Meta, d.Keys()
				}
				if err := tx.writeKeys(ctx, r.kind, m, keys); err != nil {
					return err
				}
			}
			if len(recs) < backfillBatch {
				done = true
				_, err = tx.exec(ctx, `DELETE FROM store_meta WHERE key = 'record_keys_backfill'`)
				return err
			}
			_, err = tx.exec(ctx, `UPDATE store_meta SET value = ? WHERE key = 'record_keys_backfill'`, recs[len(recs)-1].id)
			return err
		})
		if err != nil || done {
			return err
		}
	}
}
