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

// CreateOperation stores a new operation led by the caller's agency, which
// takes part at once; the countries and agencies o names are invited.
// Meridian itself (the system subject: tests, the simulator, imports)
// creates an operation with its participants and the lead it names.
func (s *DB) CreateOperation(ctx context.Context, o *meridian.Operation) error {
	const op = "sqldb.CreateOperation"
	return s.write(ctx, op, func(tx *Tx) error {
		if err := policy.CanCreateOperation(tx.subj); err != nil {
			return err
		}
		if o.Status == "" {
			o.Status = meridian.OperationPlanned
		}
		if !tx.subj.System {
			o.LeadAgency = tx.subj.AgencyID
		}
		if err := tx.checkOperation(ctx, o); err != nil {
			return err
		}
		if o.LeadAgency != "" {
			f := meridian.Fields{Op: op}
			if err := checkAgencies(ctx, tx, "lead_agency", []string{o.LeadAgency}, &f); err != nil {
				return err
			}
			if err := f.Err(); err != nil {
				return err
			}
		}
		invite := []*meridian.Participant{}
		for _, c := range o.Countries {
			invite = append(invite, &meridian.Participant{Kind: meridian.ParticipantCountry, Value: c})
		}
		for _, a := range o.Agencies {
			if a != o.LeadAgency {
				invite = append(invite, &meridian.Participant{Kind: meridian.ParticipantAgency, Value: a})
			}
		}
		if o.LeadAgency != "" {
			invite = append(invite, &meridian.Participant{Kind: meridian.ParticipantAgency, Value: o.LeadAgency})
		}
		o.ID = meridian.NewID()
		o.Countries, o.Agencies = nil, nil
		for _, p := range invite {
			p.OperationID = o.ID
			p.Status = meridian.ParticipantInvited
			p.InvitedBy, p.InvitedByAgency, p.InvitedAt = tx.subj.UserID, tx.subj.AgencyID, tx.now
			// The lead takes part from the start; so does everyone Meridian
			// itself names.
			if tx.subj.System || (p.Kind == meridian.ParticipantAgency && p.Value == o.LeadAgency) {
				p.Status = meridian.ParticipantAccepted
				p.AcceptedBy, p.AcceptedByAgency, p.AcceptedAt = tx.subj.UserID, tx.subj.AgencyID, tx.now
				o.Join(p)
			}
		}
		o.CreatedBy = tx.subj.UserID
		o.CreatedAt, o.UpdatedAt = tx.now, tx.now
		o.Version = 1
		body := mustJSON(o)
		if _, err := tx.exec(ctx, `INSERT INTO operations (id, status, body, created_at, version) VALUES (?, ?, ?, ?, ?)`,
			o.ID, string(o.Status), string(body), micros(o.CreatedAt), o.Version); err != nil {
			return err
		}
		for _, p := range invite {
			if err := tx.putMember(ctx, p); err != nil {
				return err
			}
		}
		// Meridian's own setup (tests, the simulator) is not a user's act.
		if !tx.subj.System {
			tx.audit(meridian.AuditCreate, "operation", o.ID, o.LeadAgency)
			for _, p := range invite {
				tx.auditMember(o, p)
			}
		}
		tx.publish("operation", meridian.ChangeCreated, o.ID, nil, body)
		return nil
	})
}

// FindOperationByID returns an operation, or its summary to a user who
// does not take part.
func (s *DB) FindOperationByID(ctx context.Context, id string) (*meridian.Operation, error) {
	o, err := s.findOperation(ctx, id)
	if err != nil {
		return nil, err
	}
	return viewOperation(meridian.SubjectFrom(ctx), o), nil
}

// viewOperation is what subj sees of o.
func viewOperation(subj *meridian.Subject, o *meridian.Operation) *meridian.Operation {
	if policy.SeesOperation(subj, o.Participation()) {
		return o
	}
	return o.SummaryOf()
}

// findOperation reads a whole operation, for decisions made here.
func (s *DB) findOperation(ctx context.Context, id string) (*meridian.Operation, error) {
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

// FindOperations lists operations, as summaries where the caller does not
// take part (the body holds the accepted participants, so deciding costs no
// query).
func (s *DB) FindOperations(ctx context.Context, f meridian.OperationFilter) ([]*meridian.Operation, string, error) {
	const op = "sqldb.FindOperations"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, "", meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	k, err := pageOf(op, "id", f.Page, false)
	if err != nil {
		return nil, "", err
	}
	q := `SELECT body FROM operations WHERE 1 = 1`
	var args []any
	if f.Status != "" {
		q += " AND status = ?"
		args = append(args, string(f.Status))
	}
	return readPage(ctx, s, op, k, q, args, func(rows *sql.Rows) (*meridian.Operation, string, error) {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, "", err
		}
		o := &meridian.Operation{}
		if err := json.Unmarshal([]byte(body), o); err != nil {
			return nil, "", err
		}
		return viewOperation(subj, o), o.ID, nil
	})
}

// UpdateOperation replaces an operation, checking its version. Its lead
// and participants are not the caller's to set here: they change by
// invitation (participant.go), and a body that names others is refused
// rather than quietly ignored.
func (s *DB) UpdateOperation(ctx context.Context, o *meridian.Operation) error {
	const op = "sqldb.UpdateOperation"
	return s.write(ctx, op, func(tx *Tx) error {
		cur, err := tx.lockOperation(ctx, op, o.ID)
		if err != nil {
			return err
		}
		if err := policy.CanManageOperation(tx.subj, cur); err != nil {
			return err
		}
		version := cur.Version
		if version != o.Version {
			return meridian.Errorf(meridian.EConflict, op, "the operation was changed by someone else (version %d, yours %d): reload it and try again", version, o.Version)
		}
		f := meridian.Fields{Op: op}
		if o.LeadAgency != "" && o.LeadAgency != cur.LeadAgency && !tx.subj.System {
			f.Add("lead_agency", "the lead agency does not change")
		}
		if o.Countries != nil && !sameSet(o.Countries, cur.Countries) {
			f.Add("countries", "participants change by invitation (POST /operations/{id}/participants), not by replacing the operation")
		}
		if o.Agencies != nil && !sameSet(o.Agencies, cur.Agencies) {
			f.Add("agencies", "participants change by invitation (POST /operations/{id}/participants), not by replacing the operation")
		}
		if err := f.Err(); err != nil {
			return err
		}
		o.Countries, o.Agencies = cur.Countries, cur.Agencies
		if o.LeadAgency == "" {
			o.LeadAgency = cur.LeadAgency
		} else if o.LeadAgency != cur.LeadAgency {
			// Meridian itself names a lead (an operation from before
			// leads): it must exist, and it takes part.
			if err := checkAgencies(ctx, tx, "lead_agency", []string{o.LeadAgency}, &f); err != nil {
				return err
			}
			if err := f.Err(); err != nil {
				return err
			}
			p := &meridian.Participant{OperationID: o.ID, Kind: meridian.ParticipantAgency, Value: o.LeadAgency,
				Status: meridian.ParticipantAccepted, InvitedBy: tx.subj.UserID, InvitedAt: tx.now, AcceptedBy: tx.subj.UserID, AcceptedAt: tx.now}
			if err := tx.putMember(ctx, p); err != nil {
				return err
			}
			o.Join(p)
			tx.auditMember(o, p)
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
		tx.audit(meridian.AuditUpdate, "operation", o.ID, o.LeadAgency)
		tx.publish("operation", meridian.ChangeUpdated, o.ID, nil, nb)
		return nil
	})
}

// Participation returns the accepted participants of an operation, for
// callers that decide access outside SQL (live streams, checks).
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
