package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"meridian"
	"meridian/policy"
)

const parkedColumns = `id, worker, state, stream_seq, change_seq, kind, action, record_id, attempts, error, parked_at, retries, retried_at, retried_by`

func scanParked(row interface{ Scan(...any) error }) (*meridian.ParkedWork, error) {
	var p meridian.ParkedWork
	var parked, retried int64
	err := row.Scan(&p.ID, &p.Worker, &p.State, &p.StreamSeq, &p.ChangeSeq, &p.Kind, &p.Action, &p.RecordID,
		&p.Attempts, &p.Error, &parked, &p.Retries, &retried, &p.RetriedBy)
	p.ParkedAt, p.RetriedAt = fromMicros(parked), fromMicros(retried)
	return &p, err
}

// ParkWork records a change a worker gave up on; Meridian itself only. A
// second parking of the same bus message (its acknowledgement was lost)
// keeps the first record, whose id p then takes.
func (s *DB) ParkWork(ctx context.Context, p *meridian.ParkedWork) error {
	const op = "sqldb.ParkWork"
	return s.write(ctx, op, func(tx *Tx) error {
		if !tx.subj.System {
			return meridian.Errorf(meridian.EForbidden, op, "only Meridian parks work")
		}
		p.ID, p.State, p.ParkedAt = meridian.NewID(), meridian.ParkedWaiting, tx.now
		if len(p.Error) > 2000 {
			p.Error = p.Error[:2000]
		}
		if _, err := tx.exec(ctx, `INSERT INTO parked_work (`+parkedColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, '') ON CONFLICT (worker, stream_seq) DO NOTHING`,
			p.ID, p.Worker, p.State, p.StreamSeq, p.ChangeSeq, p.Kind, p.Action, p.RecordID,
			p.Attempts, p.Error, micros(p.ParkedAt)); err != nil {
			return err
		}
		got, err := scanParked(tx.queryRow(ctx, `SELECT `+parkedColumns+` FROM parked_work WHERE worker = ? AND stream_seq = ?`, p.Worker, p.StreamSeq))
		if err != nil {
			return err
		}
		*p = *got
		return nil
	})
}

// CountParkedWork counts a worker's changes parked and not retried.
func (s *DB) CountParkedWork(ctx context.Context, worker string) (int, error) {
	const op = "sqldb.CountParkedWork"
	if err := policy.CanAdministerWork(meridian.SubjectFrom(ctx)); err != nil {
		return 0, err
	}
	var n int
	err := s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT COUNT(*) FROM parked_work WHERE worker = ? AND state = ?`),
		worker, meridian.ParkedWaiting).Scan(&n)
	if err != nil {
		return 0, meridian.Internal(op, err)
	}
	return n, nil
}

// FindParkedWork lists a worker's parked changes, newest first;
// administrators only.
func (s *DB) FindParkedWork(ctx context.Context, f meridian.ParkedWorkFilter) ([]*meridian.ParkedWork, string, error) {
	const op = "sqldb.FindParkedWork"
	if err := policy.CanAdministerWork(meridian.SubjectFrom(ctx)); err != nil {
		return nil, "", err
	}
	k, err := pageOf(op, "id", f.Page, true)
	if err != nil {
		return nil, "", err
	}
	q := `SELECT ` + parkedColumns + ` FROM parked_work WHERE worker = ?`
	args := []any{f.Worker}
	if f.State != "" {
		q += ` AND state = ?`
		args = append(args, f.State)
	}
	return readPage(ctx, s, op, k, q, args, func(rows *sql.Rows) (*meridian.ParkedWork, string, error) {
		p, err := scanParked(rows)
		if err != nil {
			return nil, "", err
		}
		return p, p.ID, nil
	})
}

// RetryParkedWork marks a parked change as put back by the caller, an
// administrator, with an audit entry; the caller then hands it to the bus
// (worker.Registry). EConflict if it was retried already.
func (s *DB) RetryParkedWork(ctx context.Context, worker, id string) (*meridian.ParkedWork, error) {
	const op = "sqldb.RetryParkedWork"
	var p *meridian.ParkedWork
	err := s.write(ctx, op, func(tx *Tx) error {
		if err := policy.CanAdministerWork(tx.subj); err != nil {
			return err
		}
		if !meridian.IsID(id) {
			return meridian.NotFound(op, "parked work")
		}
		var err error
		p, err = scanParked(tx.queryRow(ctx, `SELECT `+parkedColumns+` FROM parked_work WHERE id = ? AND worker = ?`+tx.s.d.ForUpdate(), id, worker))
		if errors.Is(err, sql.ErrNoRows) {
			return meridian.NotFound(op, "parked work")
		}
		if err != nil {
			return err
		}
		if p.State != meridian.ParkedWaiting {
			return meridian.Errorf(meridian.EConflict, op, "this change was put back already")
		}
		p.State, p.Retries, p.RetriedAt, p.RetriedBy = meridian.ParkedRetried, p.Retries+1, tx.now, actor(tx.subj)
		if _, err := tx.exec(ctx, `UPDATE parked_work SET state = ?, retries = ?, retried_at = ?, retried_by = ? WHERE id = ?`,
			p.State, p.Retries, micros(p.RetriedAt), p.RetriedBy, p.ID); err != nil {
			return err
		}
		tx.audit("work_retry", "parked_work", p.ID, "")
		return nil
	})
	return p, err
}

// RestoreParkedWork undoes a retry the bus refused, leaving the change
// parked (the audit entry of the attempt stays); Meridian itself only.
func (s *DB) RestoreParkedWork(ctx context.Context, id string) error {
	const op = "sqldb.RestoreParkedWork"
	return s.write(ctx, op, func(tx *Tx) error {
		if !tx.subj.System {
			return meridian.Errorf(meridian.EForbidden, op, "only Meridian restores parked work")
		}
		_, err := tx.exec(ctx, `UPDATE parked_work SET state = ? WHERE id = ?`, meridian.ParkedWaiting, id)
		return err
	})
}
