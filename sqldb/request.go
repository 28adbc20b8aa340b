package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"meridian"
	"meridian/audit"
	"meridian/policy"
)

// Requests for assistance (issue 13). A request lives in a case, between
// two agencies acting in it; it is read by those two while they read the
// case (policy.CanReadRequest, written as SQL in requestScope). Each
// transition is one transaction: the state, the deadlines it sets or
// meets, a receipt signed with the audit key, the other party's notice,
// the audit entry.

var _ meridian.RequestService = (*DB)(nil)

// requestScope is who reads requests (aliased q): policy.CanReadRequest.
func requestScope(subj *meridian.Subject) (string, []any) {
	switch {
	case subj.System:
		return "1 = 1", nil
	case !policy.MayRead(subj):
		return "1 = 0", nil
	}
	cond, args := recordScope(policy.ReadScope(subj)).sql()
	// The requested agency sees a request once it is sent, not the draft.
	return `(q.from_agency = ? OR (q.to_agency = ? AND q.state <> 'draft')) AND EXISTS (SELECT 1 FROM records r WHERE r.id = q.case_id AND r.kind = 'case' AND ` + cond + `)`,
		append([]any{subj.AgencyID, subj.AgencyID}, args...)
}

// loadRequest reads a request the caller may read, or ENotFound.
func loadRequest(ctx context.Context, tx *Tx, id string, forUpdate bool) (*meridian.Request, error) {
	const op = "sqldb.FindRequest"
	if !meridian.IsID(id) {
		return nil, meridian.NotFound(op, "request")
	}
	cond, args := requestScope(tx.subj)
	q := `SELECT q.body, q.state, q.version FROM requests q WHERE q.id = ? AND ` + cond
	if forUpdate {
		q += tx.s.d.ForUpdate()
	}
	var body string
	var r meridian.Request
	var version int
	err := tx.queryRow(ctx, q, append([]any{id}, args...)...).Scan(&body, &r.State, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, meridian.NotFound(op, "request")
	}
	if err != nil {
		return nil, err
	}
	state := r.State
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return nil, err
	}
	r.State, r.Version = state, version
	return &r, nil
}

// withDeadlines sets r's deadlines and overdue flag as of now.
func withDeadlines(ctx context.Context, tx *Tx, r *meridian.Request) error {
	rows, err := tx.query(ctx, `SELECT kind, party, due_at, met_at FROM request_deadlines WHERE request_id = ? ORDER BY due_at, kind`, r.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	r.Deadlines, r.Overdue = nil, false
	for rows.Next() {
		var d meridian.Deadline
		var due, met int64
		if err := rows.Scan(&d.Kind, &d.Party, &due, &met); err != nil {
			return err
		}
		d.Due, d.Met = fromMicros(due), fromMicros(met)
		if met == 0 {
			d.Late = tx.now.After(d.Due)
			r.Overdue = r.Overdue || d.Late
		} else {
			d.Late = d.Met.After(d.Due)
		}
		r.Deadlines = append(r.Deadlines, d)
	}
	return rows.Err()
}

// party fills an agency's name and country, or EInvalid on field.
func party(ctx context.Context, tx *Tx, op, field string, p *meridian.RequestParty) error {
	err := tx.queryRow(ctx, `SELECT name, country FROM agencies WHERE id = ?`, p.AgencyID).Scan(&p.AgencyName, &p.Country)
	if errors.Is(err, sql.ErrNoRows) {
		return meridian.Invalidf(op, field, "unknown agency %q", p.AgencyID)
	}
	return err
}

// checkParties verifies that the requested agency acts in the case and is
// not the requesting one.
func checkParties(ctx context.Context, tx *Tx, op string, c *meridian.Case, r *meridian.Request) error {
	if r.To.AgencyID == r.From.AgencyID {
		return meridian.Invalidf(op, "to.agency_id", "a request goes to another agency")
	}
	if err := party(ctx, tx, op, "to.agency_id", &r.To); err != nil {
		return err
	}
	if r.To.AgencyID == c.OwnerAgency {
		return nil
	}
	role, err := participantRole(ctx, tx, c.ID, r.To.AgencyID)
	if err != nil {
		return err
	}
	if role == "" || role == meridian.CaseObserver {
		return meridian.Invalidf(op, "to.agency_id", "the requested agency does not act in this case (add it as a participant first)")
	}
	return nil
}

// stored is what a request's body holds: the request less what is
// computed on reading.
func stored(r *meridian.Request) []byte {
	c := *r
	c.Deadlines, c.Overdue = nil, false
	return mustJSON(&c)
}

// CreateRequest stores a draft from the caller's agency.
func (s *DB) CreateRequest(ctx context.Context, r *meridian.Request) error {
	const op = "sqldb.CreateRequest"
	if r.Fields == nil {
		r.Fields = map[string]string{}
	}
	if err := r.Validate(); err != nil {
		return err
	}
	return s.write(ctx, op, func(tx *Tx) error {
		acc, c, err := caseAccess(ctx, tx, r.CaseID, false)
		if err != nil {
			return err
		}
		r.From = meridian.RequestParty{AgencyID: tx.subj.AgencyID}
		if err := policy.CanEditRequest(tx.subj, r, acc); err != nil {
			return err
		}
		if err := party(ctx, tx, op, "from", &r.From); err != nil {
			return err
		}
		if err := checkParties(ctx, tx, op, c, r); err != nil {
			return err
		}
		r.ID, r.State, r.Version = meridian.NewID(), meridian.RequestDraft, 1
		r.CreatedBy, r.CreatedAt, r.UpdatedAt, r.SentAt = tx.subj.UserID, tx.now, tx.now, time.Time{}
		r.Deadlines, r.Overdue = nil, false
		if _, err := tx.exec(ctx, `INSERT INTO requests (id, case_id, type, from_agency, from_country, to_agency, to_country, state, version, body, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.CaseID, r.Type, r.From.AgencyID, r.From.Country, r.To.AgencyID, r.To.Country, r.State, r.Version, string(stored(r)),
			micros(tx.now), micros(tx.now)); err != nil {
			return err
		}
		tx.audit(meridian.AuditCreate, "request", r.ID, r.From.AgencyID)
		return nil
	})
}

// UpdateRequest replaces a draft at the version read.
func (s *DB) UpdateRequest(ctx context.Context, r *meridian.Request) error {
	const op = "sqldb.UpdateRequest"
	if r.Fields == nil {
		r.Fields = map[string]string{}
	}
	return s.write(ctx, op, func(tx *Tx) error {
		cur, err := loadRequest(ctx, tx, r.ID, true)
		if err != nil {
			return err
		}
		r.CaseID = cur.CaseID
		if err := r.Validate(); err != nil {
			return err
		}
		acc, c, err := caseAccess(ctx, tx, cur.CaseID, false)
		if err != nil {
			return err
		}
		if err := policy.CanEditRequest(tx.subj, cur, acc); err != nil {
			return err
		}
		if cur.State != meridian.RequestDraft {
			return meridian.Errorf(meridian.EConflict, op, "the request is %s: only a draft is edited", cur.State)
		}
		if r.Version != cur.Version {
			return meridian.Errorf(meridian.EConflict, op, "the request was changed by someone else (version %d, yours %d): reload it and try again", cur.Version, r.Version)
		}
		r.From, r.State, r.Version = cur.From, cur.State, cur.Version+1
		r.CreatedBy, r.CreatedAt, r.UpdatedAt, r.SentAt = cur.CreatedBy, cur.CreatedAt, tx.now, time.Time{}
		if err := checkParties(ctx, tx, op, c, r); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE requests SET type = ?, to_agency = ?, to_country = ?, version = ?, body = ?, updated_at = ? WHERE id = ?`,
			r.Type, r.To.AgencyID, r.To.Country, r.Version, string(stored(r)), micros(tx.now), r.ID); err != nil {
			return err
		}
		tx.audit(meridian.AuditUpdate, "request", r.ID, r.From.AgencyID)
		return nil
	})
}

// FindRequestByID reads a request with its deadlines.
func (s *DB) FindRequestByID(ctx context.Context, id string) (*meridian.Request, error) {
	var r *meridian.Request
	err := s.read(ctx, "sqldb.FindRequestByID", func(tx *Tx) error {
		var err error
		if r, err = loadRequest(ctx, tx, id, false); err != nil {
			return err
		}
		tx.audit(meridian.AuditRead, "request", r.ID, r.From.AgencyID)
		return withDeadlines(ctx, tx, r)
	})
	return r, err
}

// FindRequests lists the requests the caller reads, newest first.
func (s *DB) FindRequests(ctx context.Context, f meridian.RequestFilter) ([]*meridian.Request, string, error) {
	const op = "sqldb.FindRequests"
	pg, err := pageOf(op, "q.id", f.Page, true)
	if err != nil {
		return nil, "", err
	}
	var out []*meridian.Request
	var next string
	err = s.read(ctx, op, func(tx *Tx) error {
		cond, args := requestScope(tx.subj)
		q := `SELECT q.body, q.state, q.version FROM requests q WHERE ` + cond
		if f.CaseID != "" {
			q += ` AND q.case_id = ?`
			args = append(args, f.CaseID)
		}
		switch f.Direction {
		case "":
		case "in":
			q += ` AND q.to_agency = ? AND q.state <> 'draft'`
			args = append(args, tx.subj.AgencyID)
		case "out":
			q += ` AND q.from_agency = ?`
			args = append(args, tx.subj.AgencyID)
		default:
			return meridian.Invalidf(op, "direction", "unknown direction %q (want in or out)", f.Direction)
		}
		if f.State != "" {
			q += ` AND q.state = ?`
			args = append(args, f.State)
		}
		if f.Overdue {
			q += ` AND EXISTS (SELECT 1 FROM request_deadlines d WHERE d.request_id = q.id AND d.met_at = 0 AND d.due_at < ?)`
			args = append(args, micros(tx.now))
		}
		q, args = pg.sql(q, args)
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		var listed []meridian.AuditRecord
		out, next, err = scanPage(pg, rows, func(rows *sql.Rows) (*meridian.Request, string, error) {
			var body, state string
			var version int
			if err := rows.Scan(&body, &state, &version); err != nil {
				return nil, "", err
			}
			var r meridian.Request
			if err := json.Unmarshal([]byte(body), &r); err != nil {
				return nil, "", err
			}
			r.State, r.Version = state, version
			listed = append(listed, meridian.AuditRecord{ID: r.ID, Owner: r.From.AgencyID})
			return &r, r.ID, nil
		})
		if err != nil {
			return err
		}
		tx.auditList("request", listed)
		for _, r := range out {
			if err := withDeadlines(ctx, tx, r); err != nil {
				return err
			}
		}
		return nil
	})
	if out == nil && err == nil {
		out = []*meridian.Request{}
	}
	return out, next, err
}

// rule returns a type's deadline rule: the administrator's, or the default.
func rule(ctx context.Context, tx *Tx, t string) (meridian.DeadlineRule, error) {
	d := meridian.DefaultDeadline(t)
	err := tx.queryRow(ctx, `SELECT ack_hours, decide_hours, execute_hours, remind_hours, updated_by, updated_at FROM deadline_rules WHERE type = ?`, t).
		Scan(&d.AcknowledgeHrs, &d.DecideHrs, &d.ExecuteHrs, &d.RemindHrs, &d.UpdatedBy, new(int64))
	if errors.Is(err, sql.ErrNoRows) {
		return d, nil
	}
	return d, err
}

func setDeadline(ctx context.Context, tx *Tx, r *meridian.Request, d meridian.DeadlineRule, kind string, from time.Time) error {
	due := d.Due(kind, from, r.UrgentHours)
	remind := due.Add(-time.Duration(d.RemindHrs) * time.Hour)
	if r.Urgent {
		// An urgent step is reminded at half its time.
		remind = from.Add(due.Sub(from) / 2)
	}
	_, err := tx.exec(ctx, `INSERT INTO request_deadlines (request_id, kind, party, due_at, remind_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (request_id, kind) DO UPDATE SET due_at = excluded.due_at, remind_at = excluded.remind_at, met_at = 0, reminded_at = 0, overdue_at = 0`,
		r.ID, kind, r.To.AgencyID, micros(due), micros(remind))
	return err
}

func meetDeadline(ctx context.Context, tx *Tx, id, kind string, at time.Time) error {
	_, err := tx.exec(ctx, `UPDATE request_deadlines SET met_at = ? WHERE request_id = ? AND kind = ? AND met_at = 0`, micros(at), id, kind)
	return err
}

// stepTime is when a step is taken: now, or the earlier time the caller
// gives for a step recorded after the fact, which is no earlier than the
// request's previous step (the receipts stay in order) and not in the
// future.
func stepTime(ctx context.Context, tx *Tx, op, id string, given time.Time) (time.Time, error) {
	if given.IsZero() {
		return tx.now, nil
	}
	at := given.UTC().Truncate(time.Microsecond)
	if at.After(tx.now) {
		return time.Time{}, meridian.Invalidf(op, "at", "%s is in the future", at.Format(time.RFC3339))
	}
	var body string
	err := tx.queryRow(ctx, `SELECT body FROM request_receipts WHERE request_id = ? ORDER BY step DESC LIMIT 1`, id).Scan(&body)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return at, nil
	case err != nil:
		return time.Time{}, err
	}
	var prev meridian.Receipt
	if err := json.Unmarshal([]byte(body), &prev); err != nil {
		return time.Time{}, err
	}
	if at.Before(prev.At) {
		return time.Time{}, meridian.Invalidf(op, "at", "%s is before the request's previous step (%s, %s)", at.Format(time.RFC3339), prev.Action, prev.At.Format(time.RFC3339))
	}
	return at, nil
}

// TransitRequest takes an action on a request.
func (s *DB) TransitRequest(ctx context.Context, id string, in meridian.Transit) (*meridian.Request, *meridian.Receipt, error) {
	const op = "sqldb.TransitRequest"
	if err := in.Validate(); err != nil {
		return nil, nil, err
	}
	t := meridian.TransitionOf(in.Action)
	var r *meridian.Request
	var rc *meridian.Receipt
	err := s.write(ctx, op, func(tx *Tx) error {
		var err error
		if r, err = loadRequest(ctx, tx, id, true); err != nil {
			return err
		}
		acc, _, err := caseAccess(ctx, tx, r.CaseID, false)
		if err != nil {
			return err
		}
		if err := policy.CanTransit(tx.subj, t, r, acc); err != nil {
			return err
		}
		if !t.Allowed(r.State) {
			return meridian.Errorf(meridian.EConflict, op, "cannot %s a request that is %s (allowed when %s)", t.Action, r.State, strings.Join(t.From, " or "))
		}
		if in.Version != r.Version {
			return meridian.Errorf(meridian.EConflict, op, "the request was changed by someone else (version %d, yours %d): reload it and try again", r.Version, in.Version)
		}
		if t.Action == meridian.ActSend {
			if err := r.Complete(); err != nil {
				return err
			}
		}
		if t.Action == meridian.ActRefuse && strings.TrimSpace(in.Reason) == "" {
			return meridian.Invalidf(op, "reason", "required")
		}
		at, err := stepTime(ctx, tx, op, r.ID, in.At)
		if err != nil {
			return err
		}
		from := r.State
		d, err := rule(ctx, tx, r.Type)
		if err != nil {
			return err
		}
		col := ""
		switch t.Action {
		case meridian.ActSend:
			col, r.SentAt = "sent_at", at
			for _, k := range []string{meridian.DeadlineAcknowledge, meridian.DeadlineDecide} {
				if err := setDeadline(ctx, tx, r, d, k, at); err != nil {
					return err
				}
			}
		case meridian.ActAcknowledge:
			col = "acked_at"
			err = meetDeadline(ctx, tx, r.ID, meridian.DeadlineAcknowledge, at)
		case meridian.ActAccept, meridian.ActRefuse, meridian.ActPartial:
			if from == meridian.RequestAcknowledged {
				col = "decided_at"
				if err := meetDeadline(ctx, tx, r.ID, meridian.DeadlineDecide, at); err != nil {
					return err
				}
				if t.Action != meridian.ActRefuse {
					err = setDeadline(ctx, tx, r, d, meridian.DeadlineExecute, at)
				}
			}
		case meridian.ActExecute:
			col = "executed_at"
			err = meetDeadline(ctx, tx, r.ID, meridian.DeadlineExecute, at)
		case meridian.ActWithdraw:
			// Nothing is due from the other side any more.
			_, err = tx.exec(ctx, `DELETE FROM request_deadlines WHERE request_id = ? AND met_at = 0`, r.ID)
		}
		if err != nil {
			return err
		}
		r.State, r.Version, r.UpdatedAt = t.To, r.Version+1, tx.now
		content := stored(r)
		q := `UPDATE requests SET state = ?, version = ?, body = ?, updated_at = ?`
		args := []any{r.State, r.Version, string(content), micros(tx.now)}
		if col != "" {
			q += `, ` + col + ` = ?`
			args = append(args, micros(at))
		}
		if _, err := tx.exec(ctx, q+` WHERE id = ?`, append(args, r.ID)...); err != nil {
			return err
		}
		if rc, err = receipt(ctx, tx, r, t.Action, from, in.Reason, content, at); err != nil {
			return err
		}
		tx.audit(meridian.AuditUpdate, "request", r.ID, r.From.AgencyID)
		tx.publish("request", meridian.ChangeUpdated, r.ID, nil, mustJSON(map[string]string{"case_id": r.CaseID, "state": r.State}))
		// The other side hears of it.
		other := r.To.AgencyID
		if !t.Requesting {
			other = r.From.AgencyID
		}
		if err := notifyRequest(ctx, tx, r, meridian.NoticeRequestChanged, t.Action, other,
			fmt.Sprintf("req:%s:step:%d:a:%s", r.ID, rc.Step, other)); err != nil {
			return err
		}
		return withDeadlines(ctx, tx, r)
	})
	if err != nil {
		return nil, nil, err
	}
	return r, rc, nil
}

// receipt signs and stores the receipt of the step just taken.
func receipt(ctx context.Context, tx *Tx, r *meridian.Request, action, from, reason string, content []byte, at time.Time) (*meridian.Receipt, error) {
	if tx.s.key == nil {
		return nil, errors.New("sqldb: no signing key for receipts")
	}
	var n int
	var prevBody sql.NullString
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM request_receipts WHERE request_id = ?`, r.ID).Scan(&n); err != nil {
		return nil, err
	}
	prev := "-"
	if n > 0 {
		if err := tx.queryRow(ctx, `SELECT body FROM request_receipts WHERE request_id = ? AND step = ?`, r.ID, n).Scan(&prevBody); err != nil {
			return nil, err
		}
		var p meridian.Receipt
		if err := json.Unmarshal([]byte(prevBody.String), &p); err != nil {
			return nil, err
		}
		prev = audit.Digest([]byte(p.Note))
	}
	rc := &meridian.Receipt{RequestID: r.ID, CaseID: r.CaseID, Step: n + 1, Action: action, From: from, To: r.State,
		UserID: tx.subj.UserID, Username: tx.subj.Username, AgencyID: tx.subj.AgencyID, At: at, Reason: reason,
		Digest: audit.Digest(content), Previous: prev, KeyID: tx.s.key.ID(), Content: string(content)}
	if !at.Equal(tx.now) {
		rc.Recorded = tx.now
	}
	note, err := tx.s.key.SignReceipt(meridian.ReceiptText(rc))
	if err != nil {
		return nil, err
	}
	rc.Note = note
	_, err = tx.exec(ctx, `INSERT INTO request_receipts (request_id, step, body) VALUES (?, ?, ?)`, r.ID, rc.Step, string(mustJSON(rc)))
	return rc, err
}

// FindReceipts lists a request's receipts, oldest first.
func (s *DB) FindReceipts(ctx context.Context, id string) ([]*meridian.Receipt, error) {
	out := []*meridian.Receipt{}
	err := s.read(ctx, "sqldb.FindReceipts", func(tx *Tx) error {
		r, err := loadRequest(ctx, tx, id, false)
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT body FROM request_receipts WHERE request_id = ? ORDER BY step`, r.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var body string
			if err := rows.Scan(&body); err != nil {
				return err
			}
			var rc meridian.Receipt
			if err := json.Unmarshal([]byte(body), &rc); err != nil {
				return err
			}
			out = append(out, &rc)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.audit(meridian.AuditRead, "request_receipts", r.ID, r.From.AgencyID)
		return nil
	})
	return out, err
}

// ReceiptKey returns the public key receipts verify under, "" without one.
func (s *DB) ReceiptKey() (keyID, verifier string) {
	if s.key == nil {
		return "", ""
	}
	v, err := audit.NoteVerifierKey(s.key.Public())
	if err != nil {
		return "", ""
	}
	return s.key.ID(), v
}

// FindDeadlineRules lists every type's deadline rule.
func (s *DB) FindDeadlineRules(ctx context.Context) ([]*meridian.DeadlineRule, error) {
	var out []*meridian.DeadlineRule
	err := s.read(ctx, "sqldb.FindDeadlineRules", func(tx *Tx) error {
		for _, t := range meridian.RequestTypes {
			d, err := rule(ctx, tx, t.Type)
			if err != nil {
				return err
			}
			out = append(out, &d)
		}
		return nil
	})
	return out, err
}

// SetDeadlineRule changes a type's deadlines; requests already running
// keep the deadlines they were given.
func (s *DB) SetDeadlineRule(ctx context.Context, d *meridian.DeadlineRule) error {
	const op = "sqldb.SetDeadlineRule"
	if err := d.Validate(); err != nil {
		return err
	}
	return s.write(ctx, op, func(tx *Tx) error {
		if err := policy.CanSetDeadlines(tx.subj); err != nil {
			return err
		}
		d.UpdatedBy, d.UpdatedAt = tx.subj.UserID, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO deadline_rules (type, ack_hours, decide_hours, execute_hours, remind_hours, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (type) DO UPDATE SET ack_hours = excluded.ack_hours, decide_hours = excluded.decide_hours,
			execute_hours = excluded.execute_hours, remind_hours = excluded.remind_hours, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			d.Type, d.AcknowledgeHrs, d.DecideHrs, d.ExecuteHrs, d.RemindHrs, d.UpdatedBy, micros(d.UpdatedAt)); err != nil {
			return err
		}
		tx.audit(meridian.AuditUpdate, "deadline_rule", "", "")
		return nil
	})
}

// RequestTally counts the requests of the cases among caseIDs that the
// caller reads, by requesting and requested country and type. Counts
// only: it names no request, so every reader of a case gets its figures.
func (s *DB) RequestTally(ctx context.Context, caseIDs []string) ([]*meridian.RequestTally, error) {
	const op = "sqldb.RequestTally"
	out := []*meridian.RequestTally{}
	if len(caseIDs) > 10000 {
		return nil, meridian.Invalidf(op, "case_ids", "more than 10000 cases")
	}
	var ids []string
	for _, id := range caseIDs {
		if meridian.IsID(id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	err := s.read(ctx, op, func(tx *Tx) error {
		cond, args := recordScope(policy.ReadScope(tx.subj)).sql()
		var cases []meridian.AuditRecord
		rows, err := tx.query(ctx, `SELECT r.id, r.owner_agency FROM records r WHERE r.kind = 'case' AND r.id IN (`+placeholders(len(ids))+`) AND `+cond,
			append(anys(ids), args...)...)
		if err != nil {
			return err
		}
		var readable []string
		for rows.Next() {
			var a meridian.AuditRecord
			if err := rows.Scan(&a.ID, &a.Owner); err != nil {
				rows.Close()
				return err
			}
			cases = append(cases, a)
			readable = append(readable, a.ID)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(readable) == 0 {
			return nil
		}
		now := micros(tx.now)
		rows, err = tx.query(ctx, `SELECT q.from_country, q.to_country, q.type,
			SUM(CASE WHEN q.sent_at > 0 THEN 1 ELSE 0 END),
			SUM(CASE WHEN q.acked_at > 0 THEN 1 ELSE 0 END),
			SUM(CASE WHEN q.state IN ('accepted', 'refused', 'partially_executed', 'executed') THEN 1 ELSE 0 END),
			SUM(CASE WHEN q.state = 'refused' THEN 1 ELSE 0 END),
			SUM(CASE WHEN EXISTS (SELECT 1 FROM request_deadlines d WHERE d.request_id = q.id
				AND ((d.met_at = 0 AND d.due_at < ?) OR d.met_at > d.due_at)) THEN 1 ELSE 0 END)
			FROM requests q WHERE q.state <> 'draft' AND q.case_id IN (`+placeholders(len(readable))+`)
			GROUP BY q.from_country, q.to_country, q.type ORDER BY q.from_country, q.to_country, q.type`,
			append([]any{now}, anys(readable)...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t meridian.RequestTally
			if err := rows.Scan(&t.FromCountry, &t.ToCountry, &t.Type, &t.Sent, &t.Acknowledged, &t.Answered, &t.Refused, &t.Overdue); err != nil {
				return err
			}
			out = append(out, &t)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.auditList("case", cases)
		return nil
	})
	return out, err
}
