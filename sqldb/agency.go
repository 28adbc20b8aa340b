package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"meridian"
	"meridian/policy"
)

// CreateAgency stores a new agency; administrators only, audited (who
// created an agency decides whose staff receive its releases).
func (s *DB) CreateAgency(ctx context.Context, a *meridian.Agency) error {
	const op = "sqldb.CreateAgency"
	return s.write(ctx, op, func(tx *Tx) error {
		if err := policy.CanManageAgencies(tx.subj); err != nil {
			return err
		}
		if err := a.Validate(); err != nil {
			return err
		}
		a.ID = meridian.NewID()
		a.CreatedAt = tx.now
		if _, err := tx.exec(ctx, `INSERT INTO agencies (id, country, kind, name, created_at) VALUES (?, ?, ?, ?, ?)`,
			a.ID, a.Country, string(a.Kind), a.Name, micros(a.CreatedAt)); err != nil {
			return err
		}
		tx.audit(meridian.AuditCreate, "agency", a.ID, a.ID)
		tx.publish("agency", meridian.ChangeCreated, a.ID, nil, mustJSON(a))
		return nil
	})
}

const agencyColumns = `id, country, kind, name, created_at`

func scanAgency(sc interface{ Scan(...any) error }) (*meridian.Agency, error) {
	a := &meridian.Agency{}
	var at int64
	err := sc.Scan(&a.ID, &a.Country, &a.Kind, &a.Name, &at)
	a.CreatedAt = fromMicros(at)
	return a, err
}

// FindAgencyByID returns an agency. Agencies are not personal data: any
// authenticated user may read them.
func (s *DB) FindAgencyByID(ctx context.Context, id string) (*meridian.Agency, error) {
	const op = "sqldb.FindAgencyByID"
	if meridian.SubjectFrom(ctx) == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	a, err := scanAgency(s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT `+agencyColumns+` FROM agencies WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, meridian.NotFound(op, "agency")
	}
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	return a, nil
}

// FindAgencies lists agencies.
func (s *DB) FindAgencies(ctx context.Context, f meridian.AgencyFilter) ([]*meridian.Agency, string, error) {
	const op = "sqldb.FindAgencies"
	if meridian.SubjectFrom(ctx) == nil {
		return nil, "", meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	k, err := pageOf(op, "id", f.Page, false)
	if err != nil {
		return nil, "", err
	}
	q := `SELECT ` + agencyColumns + ` FROM agencies WHERE 1 = 1`
	var args []any
	if f.Country != "" {
		q += " AND country = ?"
		args = append(args, f.Country)
	}
	if f.Kind != "" {
		q += " AND kind = ?"
		args = append(args, string(f.Kind))
	}
	return readPage(ctx, s, op, k, q, args, func(rows *sql.Rows) (*meridian.Agency, string, error) {
		a, err := scanAgency(rows)
		return a, a.ID, err
	})
}

// UpdateAgency renames an agency or changes its kind; administrators
// only, audited. The country stays: moving an agency would hand its staff
// another country's releases.
func (s *DB) UpdateAgency(ctx context.Context, a *meridian.Agency) error {
	const op = "sqldb.UpdateAgency"
	return s.write(ctx, op, func(tx *Tx) error {
		if err := policy.CanManageAgencies(tx.subj); err != nil {
			return err
		}
		cur, err := scanAgency(tx.queryRow(ctx, `SELECT `+agencyColumns+` FROM agencies WHERE id = ?`, a.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return meridian.NotFound(op, "agency")
		}
		if err != nil {
			return err
		}
		if a.Country != "" && a.Country != cur.Country {
			return meridian.Invalidf(op, "country", "an agency's country does not change; create an agency in %s instead", a.Country)
		}
		a.Country, a.CreatedAt = cur.Country, cur.CreatedAt
		if err := a.Validate(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE agencies SET kind = ?, name = ? WHERE id = ?`, string(a.Kind), a.Name, a.ID); err != nil {
			return err
		}
		tx.audit(meridian.AuditUpdate, "agency", a.ID, a.ID)
		tx.publish("agency", meridian.ChangeUpdated, a.ID, nil, mustJSON(a))
		return nil
	})
}
