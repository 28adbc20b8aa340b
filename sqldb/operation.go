package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"meridian"
	"meridian/policy"
)

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only domain structs reach here
	}
	return b
}

func (tx *Tx) writeParticipants(ctx context.Context, o *meridian.Operation) error {
	if _, err := tx.exec(ctx, `DELETE FROM operation_participants WHERE operation_id = ?`, o.ID); err != nil {
		return err
	}
	for _, c := range o.Countries {
		if _, err := tx.exec(ctx, `INSERT INTO operation_participants (operation_id, kind, value) VALUES (?, 'country', ?) ON CONFLICT DO NOTHING`, o.ID, c); err != nil {
			return err
		}
	}
	for _, a := range o.Agencies {
		if _, err := tx.exec(ctx, `INSERT INTO operation_participants (operation_id, kind, value) VALUES (?, 'agency', ?) ON CONFLICT DO NOTHING`, o.ID, a); err != nil {
			return err
		}
	}
	return nil
}

func checkAgencies(ctx context.Context, tx *Tx, field string, ids []string, f *meridian.Fields) error {
	for i, id := range ids {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM agencies WHERE id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			f.Add(field+"["+itoa(i)+"]", "unknown agency %q", id)
		}
	}
	return nil
}

func (tx *Tx) checkOperation(ctx context.Context, o *meridian.Operation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	f := meridian.Fields{Op: "sqldb.checkOperation"}
	if err := checkAgencies(ctx, tx, "agencies", o.Agencies, &f); err != nil {
		return err
	}
	for i, u := range o.Units {
		if err := checkAgencies(ctx, tx, "units["+itoa(i)+"].agencies", u.Agencies, &f); err != nil {
			return err
		}
	}
	return f.Err()
}

// CreateOperation stores a new operation; coordinators and administrators.
func (s *DB) CreateOperation(ctx context.Context, o *meridian.Operation) error {
	const op = "sqldb.CreateOperation"
	return s.write(ctx, op, func(tx *Tx) error {
		if err := policy.CanWriteOperations(tx.subj); err != nil {
			return err
		}
		if o.Status == "" {
			o.Status = meridian.OperationPlanned
		}
		if err := tx.checkOperation(ctx, o); err != nil {
			return err
		}
		o.ID = meridian.NewID()
		o.CreatedBy = tx.subj.UserID
		o.CreatedAt, o.UpdatedAt = tx.now, tx.now
		o.Version = 1
		body := mustJSON(o)
		if _, err := tx.exec(ctx, `INSERT INTO operations (id, status, body, created_at, version) VALUES (?, ?, ?, ?, ?)`,
			o.ID, string(o.Status), string(body), micros(o.CreatedAt), o.Version); err != nil {
			return err
		}
		if err := tx.writeParticipants(ctx, o); err != nil {
			return err
		}
		tx.publish("operation", meridian.ChangeCreated, o.ID, nil, body)
		return nil
	})
}

// FindOperationByID returns an operation. Operations hold no personal data.
func (s *DB) FindOperationByID(ctx context.Context, id string) (*meridian.Operation, error) {
	const op = "sqldb.FindOperationByID"
	if meridian.SubjectFrom(ctx) == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	var body string
	err := s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT body FROM operations WHERE id = ?`), id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, meridian.NotFound(op, "operation")
	}
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	o := &meridian.Operation{}
	if err := json.Unmarshal([]byte(body), o); err != nil {
		return nil, meridian.Internal(op, err)
	}
	return o, nil
}

// OperationExists reports whether an operation exists, without reading it.
func (s *DB) OperationExists(ctx context.Context, id string) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT COUNT(*) FROM operations WHERE id = ?`), id).Scan(&n); err != nil {
		return false, meridian.Internal("sqldb.OperationExists", err)
	}
	return n > 0, nil
}

// FindOperations lists operations.
func (s *DB) FindOperations(ctx context.Context, f meridian.OperationFilter) ([]*meridian.Operation, string, error) {
	const op = "sqldb.FindOperations"
	if meridian.SubjectFrom(ctx) == nil {
		return nil, "", meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	after, err := afterCursor(op, f.Cursor)
	if err != nil {
		return nil, "", err
	}
	q := `SELECT body FROM operations WHERE id > ?`
	args := []any{after}
	if f.Status != "" {
		q += " AND status = ?"
		args = append(args, string(f.Status))
	}
	limit := f.Size()
	q += " ORDER BY id LIMIT ?"
	args = append(args, limit)
	return queryPage(ctx, s, op, q, args, limit, func(rows *sql.Rows) (*meridian.Operation, string, error) {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, "", err
		}
		o := &meridian.Operation{}
		err := json.Unmarshal([]byte(body), o)
		return o, o.ID, err
	})
}

// UpdateOperation replaces an operation, checking its version.
func (s *DB) UpdateOperation(ctx context.Context, o *meridian.Operation) error {
	const op = "sqldb.UpdateOperation"
	return s.write(ctx, op, func(tx *Tx) error {
		if err := policy.CanWriteOperations(tx.subj); err != nil {
			return err
		}
		var body string
		var version int
		err := tx.queryRow(ctx, `SELECT body, version FROM operations WHERE id = ?`+s.d.ForUpdate(), o.ID).Scan(&body, &version)
		if errors.Is(err, sql.ErrNoRows) {
			return meridian.NotFound(op, "operation")
		}
		if err != nil {
			return err
		}
		if version != o.Version {
			return meridian.Errorf(meridian.EConflict, op, "the operation was changed by someone else (version %d, yours %d): reload it and try again", version, o.Version)
		}
		var cur meridian.Operation
		if err := json.Unmarshal([]byte(body), &cur); err != nil {
			return err
		}
		if err := tx.checkOperation(ctx, o); err != nil {
			return err
		}
		if !meridian.CanMoveTo(cur.Status, o.Status) {
			return meridian.Errorf(meridian.EConflict, op, "an operation that is %s cannot become %s again", cur.Status, o.Status)
		}
		o.CreatedBy, o.CreatedAt = cur.CreatedBy, cur.CreatedAt
		o.UpdatedAt = tx.now
		o.Version = version + 1
		nb := mustJSON(o)
		if _, err := tx.exec(ctx, `UPDATE operations SET status = ?, body = ?, version = ? WHERE id = ?`,
			string(o.Status), string(nb), o.Version, o.ID); err != nil {
			return err
		}
		if err := tx.writeParticipants(ctx, o); err != nil {
			return err
		}
		tx.publish("operation", meridian.ChangeUpdated, o.ID, nil, nb)
		return nil
	})
}

// Participation returns the participants of an operation, for callers that
// decide access outside SQL (live streams).
func (s *DB) Participation(ctx context.Context, operationID string) (meridian.Participation, error) {
	var p meridian.Participation
	rows, err := s.db.QueryContext(ctx, s.d.Rebind(`SELECT kind, value FROM operation_participants WHERE operation_id = ?`), operationID)
	if err != nil {
		return p, meridian.Internal("sqldb.Participation", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return p, meridian.Internal("sqldb.Participation", err)
		}
		if k == "country" {
			p.Countries = append(p.Countries, v)
		} else {
			p.Agencies = append(p.Agencies, v)
		}
	}
	return p, rows.Err()
}
