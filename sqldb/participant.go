package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"

	"meridian"
	"meridian/policy"
)

// Participation by invitation. operation_members holds every invitation
// and its fate; operation_participants, the access index the read scope
// joins, holds exactly the accepted ones; the operation's body lists them
// too (Countries, Agencies), so that a view of an operation is decided
// without a query. All three change in one transaction.

const memberColumns = `operation_id, kind, value, status, invited_by, invited_by_agency, invited_at,
	accepted_by, accepted_by_agency, accepted_at, removed_by, removed_by_agency, removed_at`

func scanMember(row interface{ Scan(...any) error }) (*meridian.Participant, error) {
	var p meridian.Participant
	var kind, status string
	var invited, accepted, removed int64
	if err := row.Scan(&p.OperationID, &kind, &p.Value, &status, &p.InvitedBy, &p.InvitedByAgency, &invited,
		&p.AcceptedBy, &p.AcceptedByAgency, &accepted, &p.RemovedBy, &p.RemovedByAgency, &removed); err != nil {
		return nil, err
	}
	p.Kind, p.Status = meridian.ParticipantKind(kind), meridian.ParticipantStatus(status)
	p.InvitedAt, p.AcceptedAt, p.RemovedAt = fromMicros(invited), fromMicros(accepted), fromMicros(removed)
	return &p, nil
}

// putMember writes an invitation's row, and the access index to match.
func (tx *Tx) putMember(ctx context.Context, p *meridian.Participant) error {
	if _, err := tx.exec(ctx, `INSERT INTO operation_members (`+memberColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (operation_id, kind, value) DO UPDATE SET status = excluded.status,
			invited_by = excluded.invited_by, invited_by_agency = excluded.invited_by_agency, invited_at = excluded.invited_at,
			accepted_by = excluded.accepted_by, accepted_by_agency = excluded.accepted_by_agency, accepted_at = excluded.accepted_at,
			removed_by = excluded.removed_by, removed_by_agency = excluded.removed_by_agency, removed_at = excluded.removed_at`,
		p.OperationID, string(p.Kind), p.Value, string(p.Status), p.InvitedBy, p.InvitedByAgency, micros(p.InvitedAt),
		p.AcceptedBy, p.AcceptedByAgency, micros(p.AcceptedAt), p.RemovedBy, p.RemovedByAgency, micros(p.RemovedAt)); err != nil {
		return err
	}
	if p.Status == meridian.ParticipantAccepted {
		_, err := tx.exec(ctx, `INSERT INTO operation_participants (operation_id, kind, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			p.OperationID, string(p.Kind), p.Value)
		return err
	}
	_, err := tx.exec(ctx, `DELETE FROM operation_participants WHERE operation_id = ? AND kind = ? AND value = ?`,
		p.OperationID, string(p.Kind), p.Value)
	return err
}

// member reads one invitation; nil when there is none.
func (tx *Tx) member(ctx context.Context, operationID string, kind meridian.ParticipantKind, value string) (*meridian.Participant, error) {
	p, err := scanMember(tx.queryRow(ctx, `SELECT `+memberColumns+` FROM operation_members
		WHERE operation_id = ? AND kind = ? AND value = ?`, operationID, string(kind), value))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return p, err
}

// lockOperation reads an operation for update.
func (tx *Tx) lockOperation(ctx context.Context, op, id string) (*meridian.Operation, error) {
	var body string
	var version int
	err := tx.queryRow(ctx, `SELECT body, version FROM operations WHERE id = ?`+tx.s.d.ForUpdate(), id).Scan(&body, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, meridian.NotFound(op, "operation")
	}
	if err != nil {
		return nil, err
	}
	o := &meridian.Operation{}
	if err := json.Unmarshal([]byte(body), o); err != nil {
		return nil, err
	}
	o.Version = version
	return o, nil
}

// saveParticipants stores the operation's body after its participants
// changed, as a new version, and tells the bus (live viewers and the
// screening service follow participation from there).
func (tx *Tx) saveParticipants(ctx context.Context, o *meridian.Operation) error {
	o.UpdatedAt = tx.now
	o.Version++
	body := mustJSON(o)
	if _, err := tx.exec(ctx, `UPDATE operations SET body = ?, version = ? WHERE id = ?`, string(body), o.Version, o.ID); err != nil {
		return err
	}
	tx.publish("operation", meridian.ChangeUpdated, o.ID, nil, body)
	return nil
}

func auditAction(p *meridian.Participant) string {
	switch p.Status {
	case meridian.ParticipantAccepted:
		return "participant_accept"
	case meridian.ParticipantRemoved:
		return "participant_remove"
	}
	return "participant_invite"
}

// auditMember records a change of participation. The entry names the
// operation and its lead (whose coordinators and NCB officers read it);
// the participant's row says who it was about.
func (tx *Tx) auditMember(o *meridian.Operation, p *meridian.Participant) {
	tx.audit(auditAction(p), "operation_"+string(p.Kind)+":"+p.Value, o.ID, o.LeadAgency)
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

// InviteParticipant invites a country or an agency to an operation.
func (s *DB) InviteParticipant(ctx context.Context, operationID string, kind meridian.ParticipantKind, value string) (*meridian.Participant, error) {
	const op = "sqldb.InviteParticipant"
	p := &meridian.Participant{OperationID: operationID, Kind: kind, Value: value}
	err := s.write(ctx, op, func(tx *Tx) error {
		o, err := tx.lockOperation(ctx, op, operationID)
		if err != nil {
			return err
		}
		if err := policy.CanManageOperation(tx.subj, o); err != nil {
			return err
		}
		if err := p.Validate(); err != nil {
			return err
		}
		if kind == meridian.ParticipantAgency {
			f := meridian.Fields{Op: op}
			if err := checkAgencies(ctx, tx, "value", []string{value}, &f); err != nil {
				return err
			}
			if err := f.Err(); err != nil {
				return err
			}
		}
		if o.Status == meridian.OperationClosed {
			return meridian.Errorf(meridian.EConflict, op, "the operation is closed: its participants are final")
		}
		cur, err := tx.member(ctx, operationID, kind, value)
		if err != nil {
			return err
		}
		if cur != nil && cur.Status != meridian.ParticipantRemoved {
			return meridian.Errorf(meridian.EConflict, op, "%s %s is already %s", kind, value, cur.Status)
		}
		p.Status = meridian.ParticipantInvited
		p.InvitedBy, p.InvitedByAgency, p.InvitedAt = tx.subj.UserID, tx.subj.AgencyID, tx.now
		if err := tx.putMember(ctx, p); err != nil {
			return err
		}
		tx.auditMember(o, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// AcceptInvitation accepts an open invitation on the invitee's behalf.
func (s *DB) AcceptInvitation(ctx context.Context, operationID string, kind meridian.ParticipantKind, value string) (*meridian.Participant, error) {
	const op = "sqldb.AcceptInvitation"
	var p *meridian.Participant
	err := s.write(ctx, op, func(tx *Tx) error {
		o, err := tx.lockOperation(ctx, op, operationID)
		if err != nil {
			return err
		}
		p, err = tx.member(ctx, operationID, kind, value)
		if err != nil {
			return err
		}
		if p == nil || p.Status != meridian.ParticipantInvited {
			return meridian.NotFound(op, "invitation")
		}
		var agencyKind string
		if !tx.subj.System {
			err := tx.queryRow(ctx, `SELECT kind FROM agencies WHERE id = ?`, tx.subj.AgencyID).Scan(&agencyKind)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if err := policy.CanAccept(tx.subj, p, meridian.AgencyKind(agencyKind)); err != nil {
			return err
		}
		if o.Status == meridian.OperationClosed {
			return meridian.Errorf(meridian.EConflict, op, "the operation is closed: its participants are final")
		}
		p.Status = meridian.ParticipantAccepted
		p.AcceptedBy, p.AcceptedByAgency, p.AcceptedAt = tx.subj.UserID, tx.subj.AgencyID, tx.now
		if err := tx.putMember(ctx, p); err != nil {
			return err
		}
		o.Join(p)
		tx.auditMember(o, p)
		return tx.saveParticipants(ctx, o)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// RemoveParticipant withdraws an invitation or removes a participant. The
// access index loses the row in the same transaction, so the next read
// anywhere already leaves the participant out.
func (s *DB) RemoveParticipant(ctx context.Context, operationID string, kind meridian.ParticipantKind, value string) (*meridian.Participant, error) {
	const op = "sqldb.RemoveParticipant"
	var p *meridian.Participant
	err := s.write(ctx, op, func(tx *Tx) error {
		o, err := tx.lockOperation(ctx, op, operationID)
		if err != nil {
			return err
		}
		if err := policy.CanManageOperation(tx.subj, o); err != nil {
			return err
		}
		p, err = tx.member(ctx, operationID, kind, value)
		if err != nil {
			return err
		}
		if p == nil || p.Status == meridian.ParticipantRemoved {
			return meridian.NotFound(op, "participant")
		}
		if kind == meridian.ParticipantAgency && value == o.LeadAgency {
			return meridian.Errorf(meridian.EConflict, op, "the lead agency cannot be removed from its operation")
		}
		p.Status = meridian.ParticipantRemoved
		p.RemovedBy, p.RemovedByAgency, p.RemovedAt = tx.subj.UserID, tx.subj.AgencyID, tx.now
		if err := tx.putMember(ctx, p); err != nil {
			return err
		}
		o.Leave(p)
		tx.auditMember(o, p)
		return tx.saveParticipants(ctx, o)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// FindParticipants lists an operation's invitations and their fate: all of
// them to its participants, their own to invitees (so that an agency sees
// what it is asked to join, and what became of it).
func (s *DB) FindParticipants(ctx context.Context, operationID string) ([]*meridian.Participant, error) {
	const op = "sqldb.FindParticipants"
	o, err := s.findOperation(ctx, operationID)
	if err != nil {
		return nil, err
	}
	subj := meridian.SubjectFrom(ctx)
	all := policy.SeesOperation(subj, o.Participation())
	rows, err := s.db.QueryContext(ctx, s.d.Rebind(`SELECT `+memberColumns+` FROM operation_members
		WHERE operation_id = ? ORDER BY kind, value`), operationID)
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	defer rows.Close()
	out := []*meridian.Participant{}
	for rows.Next() {
		p, err := scanMember(rows)
		if err != nil {
			return nil, meridian.Internal(op, err)
		}
		if all || policy.Invited(subj, p) {
			out = append(out, p)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, meridian.Internal(op, err)
	}
	if !all && len(out) == 0 {
		return nil, meridian.Errorf(meridian.EForbidden, op, "only the operation's participants see who takes part")
	}
	return out, nil
}

// FindInvitations lists the open invitations addressed to the caller's
// agency or country (one indexed lookup each).
func (s *DB) FindInvitations(ctx context.Context) ([]*meridian.Participant, error) {
	const op = "sqldb.FindInvitations"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	rows, err := s.db.QueryContext(ctx, s.d.Rebind(`SELECT `+memberColumns+` FROM operation_members
		WHERE status = 'invited' AND ((kind = 'agency' AND value = ?) OR (kind = 'country' AND value = ?))
		ORDER BY operation_id, kind, value`), subj.AgencyID, subj.Country)
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	defer rows.Close()
	out := []*meridian.Participant{}
	for rows.Next() {
		p, err := scanMember(rows)
		if err != nil {
			return nil, meridian.Internal(op, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
