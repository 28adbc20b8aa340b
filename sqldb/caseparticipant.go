package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"meridian"
	"meridian/policy"
)

// Case participants and assignments (issue 13). The lead is the case's
// owner agency and is not stored here; case_participants holds the other
// agencies, which the records' read scope joins for cases (recordScope).
// Every method first reads the case under the caller's scope, so a case
// one may not read is ENotFound everywhere.

var _ meridian.CaseParticipantService = (*DB)(nil)

// caseAccess reads the case id under the caller's scope (ENotFound) and
// returns the caller's standing in it.
func caseAccess(ctx context.Context, tx *Tx, id string, forUpdate bool) (*meridian.CaseAccess, *meridian.Case, error) {
	c, err := load(ctx, tx, caseKind, id, forUpdate)
	if err != nil {
		return nil, nil, err
	}
	acc := &meridian.CaseAccess{CaseID: c.ID, OwnerAgency: c.OwnerAgency, Lead: c.OwnerAgency == tx.subj.AgencyID}
	if !tx.subj.System {
		if acc.Role, err = participantRole(ctx, tx, id, tx.subj.AgencyID); err != nil {
			return nil, nil, err
		}
	}
	return acc, c, nil
}

// participantRole is agency's role in the case, "" when it is not taken in.
func participantRole(ctx context.Context, tx *Tx, caseID, agency string) (string, error) {
	var role string
	err := tx.queryRow(ctx, `SELECT role FROM case_participants WHERE case_id = ? AND agency_id = ?`, caseID, agency).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return role, err
}

// FindCaseAccess returns the caller's standing in a case it reads.
func (s *DB) FindCaseAccess(ctx context.Context, caseID string) (*meridian.CaseAccess, error) {
	var acc *meridian.CaseAccess
	err := s.read(ctx, "sqldb.FindCaseAccess", func(tx *Tx) error {
		a, c, err := caseAccess(ctx, tx, caseID, false)
		if err != nil {
			return err
		}
		acc = a
		tx.audit(meridian.AuditRead, "case", c.ID, c.OwnerAgency)
		return nil
	})
	return acc, err
}

// FindCaseParticipants lists the lead (first) and the participants.
func (s *DB) FindCaseParticipants(ctx context.Context, caseID string) ([]*meridian.CaseParticipant, error) {
	var out []*meridian.CaseParticipant
	err := s.read(ctx, "sqldb.FindCaseParticipants", func(tx *Tx) error {
		_, c, err := caseAccess(ctx, tx, caseID, false)
		if err != nil {
			return err
		}
		var lead meridian.CaseParticipant
		if err := tx.queryRow(ctx, `SELECT id, name, country FROM agencies WHERE id = ?`, c.OwnerAgency).
			Scan(&lead.AgencyID, &lead.AgencyName, &lead.Country); err != nil {
			return err
		}
		lead.Lead, lead.Role, lead.AddedBy, lead.AddedAt = true, meridian.CaseInvestigating, c.CreatedBy, c.CreatedAt
		out = append(out, &lead)
		rows, err := tx.query(ctx, `SELECT p.agency_id, a.name, a.country, p.role, p.added_by, p.added_at
			FROM case_participants p JOIN agencies a ON a.id = p.agency_id WHERE p.case_id = ? ORDER BY a.country, a.name, p.agency_id`, c.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p meridian.CaseParticipant
			var at int64
			if err := rows.Scan(&p.AgencyID, &p.AgencyName, &p.Country, &p.Role, &p.AddedBy, &at); err != nil {
				return err
			}
			p.AddedAt = fromMicros(at)
			out = append(out, &p)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.audit(meridian.AuditRead, "case_participants", c.ID, c.OwnerAgency)
		return nil
	})
	return out, err
}

// SetCaseParticipant adds an agency to a case or changes its role.
func (s *DB) SetCaseParticipant(ctx context.Context, caseID string, p *meridian.CaseParticipant) error {
	const op = "sqldb.SetCaseParticipant"
	f := meridian.Fields{Op: op}
	if !slices.Contains(meridian.CaseRoles, p.Role) {
		f.Add("role", "unknown role %q (want investigating, prosecuting, supporting or observer)", p.Role)
	}
	if !meridian.IsID(p.AgencyID) {
		f.Add("agency_id", "malformed id %q", p.AgencyID)
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.write(ctx, op, func(tx *Tx) error {
		acc, c, err := caseAccess(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		if err := policy.CanManageParticipants(tx.subj, acc); err != nil {
			return err
		}
		if p.AgencyID == c.OwnerAgency {
			return meridian.Invalidf(op, "agency_id", "the lead agency takes part already")
		}
		if err := tx.queryRow(ctx, `SELECT name, country FROM agencies WHERE id = ?`, p.AgencyID).Scan(&p.AgencyName, &p.Country); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return meridian.Invalidf(op, "agency_id", "unknown agency %q", p.AgencyID)
			}
			return err
		}
		if p.Role == meridian.CaseObserver {
			if err := openRequestsOf(ctx, tx, op, c.ID, p.AgencyID); err != nil {
				return err
			}
		}
		prev, err := participantRole(ctx, tx, c.ID, p.AgencyID)
		if err != nil {
			return err
		}
		p.AddedBy, p.AddedAt = tx.subj.UserID, tx.now
		switch prev {
		case p.Role:
		case "":
			err = logParticipant(ctx, tx, c.ID, p.AgencyID, "added", p.Role)
		default:
			err = logParticipant(ctx, tx, c.ID, p.AgencyID, "role", p.Role)
		}
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO case_participants (case_id, agency_id, role, added_by, added_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (case_id, agency_id) DO UPDATE SET role = excluded.role`,
			c.ID, p.AgencyID, p.Role, p.AddedBy, micros(p.AddedAt)); err != nil {
			return err
		}
		tx.audit(meridian.AuditUpdate, "case_participant", c.ID, c.OwnerAgency)
		return nil
	})
}

// logParticipant keeps a change of the case's participants for its
// timeline (case_participant_log), in the change's transaction.
func logParticipant(ctx context.Context, tx *Tx, caseID, agency, action, role string) error {
	var seq int64
	if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM case_participant_log WHERE case_id = ?`, caseID).Scan(&seq); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO case_participant_log (case_id, seq, agency_id, action, role, by_agency, by_user, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		caseID, seq+1, agency, action, role, tx.subj.AgencyID, tx.subj.Username, micros(tx.now))
	return err
}

// openRequestsOf refuses while agency has requests in the case that are
// still running (drafts included): they need it as a party.
func openRequestsOf(ctx context.Context, tx *Tx, op, caseID, agency string) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM requests WHERE case_id = ? AND (from_agency = ? OR to_agency = ?)
		AND state NOT IN ('executed', 'refused', 'withdrawn')`, caseID, agency, agency).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return meridian.Errorf(meridian.EConflict, op, "the agency is a party to %d open requests in this case: close or withdraw them first", n)
	}
	return nil
}

// RemoveCaseParticipant removes an agency and its users' assignments.
func (s *DB) RemoveCaseParticipant(ctx context.Context, caseID, agencyID string) error {
	const op = "sqldb.RemoveCaseParticipant"
	return s.write(ctx, op, func(tx *Tx) error {
		acc, c, err := caseAccess(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		if err := policy.CanManageParticipants(tx.subj, acc); err != nil {
			return err
		}
		if err := openRequestsOf(ctx, tx, op, c.ID, agencyID); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `DELETE FROM case_participants WHERE case_id = ? AND agency_id = ?`, c.ID, agencyID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = meridian.NotFound(op, "participant")
			}
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM case_assignments WHERE case_id = ? AND agency_id = ?`, c.ID, agencyID); err != nil {
			return err
		}
		if err := logParticipant(ctx, tx, c.ID, agencyID, "removed", ""); err != nil {
			return err
		}
		tx.audit(meridian.AuditDelete, "case_participant", c.ID, c.OwnerAgency)
		return nil
	})
}

// FindCaseAssignments lists the named prosecutors and case officers.
func (s *DB) FindCaseAssignments(ctx context.Context, caseID string) ([]*meridian.CaseAssignment, error) {
	out := []*meridian.CaseAssignment{}
	err := s.read(ctx, "sqldb.FindCaseAssignments", func(tx *Tx) error {
		_, c, err := caseAccess(ctx, tx, caseID, false)
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT x.user_id, u.username, x.agency_id, x.role, x.added_by, x.added_at
			FROM case_assignments x JOIN users u ON u.id = x.user_id WHERE x.case_id = ? ORDER BY x.role, u.username`, c.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a meridian.CaseAssignment
			var at int64
			if err := rows.Scan(&a.UserID, &a.Username, &a.AgencyID, &a.Role, &a.AddedBy, &at); err != nil {
				return err
			}
			a.AddedAt = fromMicros(at)
			out = append(out, &a)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.audit(meridian.AuditRead, "case_assignments", c.ID, c.OwnerAgency)
		return nil
	})
	return out, err
}

// AssignCaseUser names a user of an agency taking part in the case.
func (s *DB) AssignCaseUser(ctx context.Context, caseID string, a *meridian.CaseAssignment) error {
	const op = "sqldb.AssignCaseUser"
	f := meridian.Fields{Op: op}
	if a.Role != meridian.AssignProsecutor && a.Role != meridian.AssignCaseOfficer {
		f.Add("role", "unknown role %q (want prosecutor or case_officer)", a.Role)
	}
	if !meridian.IsID(a.UserID) {
		f.Add("user_id", "malformed id %q", a.UserID)
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.write(ctx, op, func(tx *Tx) error {
		acc, c, err := caseAccess(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		var roles string
		var disabled int
		err = tx.queryRow(ctx, `SELECT username, agency_id, roles, disabled FROM users WHERE id = ?`, a.UserID).Scan(&a.Username, &a.AgencyID, &roles, &disabled)
		if errors.Is(err, sql.ErrNoRows) {
			return meridian.Invalidf(op, "user_id", "unknown user %q", a.UserID)
		}
		if err != nil {
			return err
		}
		if err := policy.CanAssign(tx.subj, acc, a.AgencyID); err != nil {
			return err
		}
		role, err := participantRole(ctx, tx, c.ID, a.AgencyID)
		if err != nil {
			return err
		}
		u := &meridian.Subject{UserID: a.UserID, AgencyID: a.AgencyID, Roles: splitRoles(roles)}
		if disabled != 0 || !policy.MayWrite(u) || (a.AgencyID != c.OwnerAgency && (role == "" || role == meridian.CaseObserver)) {
			return meridian.Invalidf(op, "user_id", "the user must be an enabled officer, analyst or prosecutor of an agency acting in the case")
		}
		a.AddedBy, a.AddedAt = tx.subj.UserID, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO case_assignments (case_id, user_id, role, agency_id, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (case_id, user_id, role) DO NOTHING`, c.ID, a.UserID, a.Role, a.AgencyID, a.AddedBy, micros(a.AddedAt)); err != nil {
			return err
		}
		tx.audit(meridian.AuditUpdate, "case_assignment", c.ID, c.OwnerAgency)
		return nil
	})
}

// UnassignCaseUser removes an assignment.
func (s *DB) UnassignCaseUser(ctx context.Context, caseID, userID, role string) error {
	const op = "sqldb.UnassignCaseUser"
	return s.write(ctx, op, func(tx *Tx) error {
		acc, c, err := caseAccess(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		var agency string
		err = tx.queryRow(ctx, `SELECT agency_id FROM case_assignments WHERE case_id = ? AND user_id = ? AND role = ?`, c.ID, userID, role).Scan(&agency)
		if errors.Is(err, sql.ErrNoRows) {
			return meridian.NotFound(op, "assignment")
		}
		if err != nil {
			return err
		}
		if err := policy.CanAssign(tx.subj, acc, agency); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM case_assignments WHERE case_id = ? AND user_id = ? AND role = ?`, c.ID, userID, role); err != nil {
			return err
		}
		tx.audit(meridian.AuditDelete, "case_assignment", c.ID, c.OwnerAgency)
		return nil
	})
}

// caseReferenced refuses to delete a case that holds requests: they are
// the parties' record of what was asked and answered.
func caseReferenced(ctx context.Context, tx *Tx, id string) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM requests WHERE case_id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return meridian.Errorf(meridian.EConflict, "sqldb.DeleteCase", "the case holds %d requests for assistance; close it instead", n)
	}
	// Outcomes are the judicial record of the case (followup.go).
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM case_outcomes WHERE case_id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return meridian.Errorf(meridian.EConflict, "sqldb.DeleteCase", "the case holds %d recorded outcomes; close it instead", n)
	}
	return nil
}

// caseTally drops a deleted case's participants (and their history),
// stages and assignments.
func caseTally(ctx context.Context, tx *Tx, old, cur *meridian.Case) error {
	if cur != nil || old == nil {
		return nil
	}
	if _, err := tx.exec(ctx, `DELETE FROM case_participants WHERE case_id = ?`, old.ID); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM case_stages WHERE case_id = ?`, old.ID); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM case_participant_log WHERE case_id = ?`, old.ID); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `DELETE FROM case_assignments WHERE case_id = ?`, old.ID)
	return err
}
