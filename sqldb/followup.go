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

// Follow-up (issue 13, point 5): stages and outcomes of a case, and the
// follow-up figures of an operation's cases. Every method reads the case
// under the caller's scope first (caseAccess), so a case one may not read
// is ENotFound everywhere; the figures count only the cases the caller
// reads.

var _ meridian.FollowupService = (*DB)(nil)

// FindCaseStages lists a case's stage changes, oldest first.
func (s *DB) FindCaseStages(ctx context.Context, caseID string) ([]*meridian.CaseStage, error) {
	out := []*meridian.CaseStage{}
	err := s.read(ctx, "sqldb.FindCaseStages", func(tx *Tx) error {
		_, c, err := caseAccess(ctx, tx, caseID, false)
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT stage, on_date, note, agency_id, changed_by, changed_at FROM case_stages WHERE case_id = ? ORDER BY seq`, c.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			st := &meridian.CaseStage{CaseID: c.ID}
			var at int64
			if err := rows.Scan(&st.Stage, &st.Date, &st.Note, &st.AgencyID, &st.ChangedBy, &at); err != nil {
				return err
			}
			st.ChangedAt = fromMicros(at)
			out = append(out, st)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.audit(meridian.AuditRead, "case_stages", c.ID, c.OwnerAgency)
		return nil
	})
	return out, err
}

// SetCaseStage records a change of a case's stage by one who acts in it.
func (s *DB) SetCaseStage(ctx context.Context, caseID string, st *meridian.CaseStage) error {
	const op = "sqldb.SetCaseStage"
	if err := st.Validate(); err != nil {
		return err
	}
	return s.write(ctx, op, func(tx *Tx) error {
		acc, c, err := caseAccess(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		if err := policy.CanActInCase(tx.subj, acc); err != nil {
			return err
		}
		if string(st.Date) > string(meridian.DateOf(tx.now)) {
			return meridian.Invalidf(op, "date", "%s is in the future", st.Date)
		}
		var seq int64
		cur, since := meridian.StageInvestigation, ""
		err = tx.queryRow(ctx, `SELECT seq, stage, on_date FROM case_stages WHERE case_id = ? ORDER BY seq DESC LIMIT 1`, c.ID).Scan(&seq, &cur, &since)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if cur == st.Stage {
			return meridian.Errorf(meridian.EConflict, op, "the case is already at the %s stage", cur)
		}
		if string(st.Date) < since {
			return meridian.Invalidf(op, "date", "%s is before the case's last change of stage (%s)", st.Date, since)
		}
		st.CaseID, st.AgencyID, st.ChangedBy, st.ChangedAt = c.ID, tx.subj.AgencyID, tx.subj.Username, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO case_stages (case_id, seq, stage, on_date, note, agency_id, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, seq+1, st.Stage, string(st.Date), st.Note, st.AgencyID, st.ChangedBy, micros(tx.now)); err != nil {
			return err
		}
		tx.audit(meridian.AuditUpdate, "case_stage", c.ID, c.OwnerAgency)
		return nil
	})
}

// FindOutcomes lists a case's outcomes by date.
func (s *DB) FindOutcomes(ctx context.Context, caseID string) ([]*meridian.Outcome, error) {
	out := []*meridian.Outcome{}
	err := s.read(ctx, "sqldb.FindOutcomes", func(tx *Tx) error {
		_, c, err := caseAccess(ctx, tx, caseID, false)
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT body FROM case_outcomes WHERE case_id = ? ORDER BY on_date, created_at, id`, c.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var body string
			if err := rows.Scan(&body); err != nil {
				return err
			}
			var o meridian.Outcome
			if err := json.Unmarshal([]byte(body), &o); err != nil {
				return err
			}
			out = append(out, &o)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		// A person named keeps its owner's rules: one the reader may not
		// read is left out, as the case's records are.
		readable := map[string]bool{}
		for _, o := range out {
			if o.PersonID == "" {
				continue
			}
			ok, seen := readable[o.PersonID]
			if !seen {
				_, err := load(ctx, tx, personKind, o.PersonID, false)
				if err != nil && meridian.KindOf(err) != meridian.ENotFound {
					return err
				}
				ok = err == nil
				readable[o.PersonID] = ok
			}
			if !ok {
				o.PersonID, o.PersonHidden = "", true
			}
		}
		tx.audit(meridian.AuditRead, "case_outcomes", c.ID, c.OwnerAgency)
		return nil
	})
	return out, err
}

// CreateOutcome records an outcome on a case by one who acts in it. A
// charge, indictment, conviction or acquittal names a person the case
// lists and the caller reads, recorded as a suspect or a witness: never a
// victim (nor an irregular migrant, whom the Smuggling Protocol, art. 5,
// does not make liable for having been smuggled).
func (s *DB) CreateOutcome(ctx context.Context, caseID string, o *meridian.Outcome) error {
	const op = "sqldb.CreateOutcome"
	if err := o.Validate(); err != nil {
		return err
	}
	return s.write(ctx, op, func(tx *Tx) error {
		acc, c, err := caseAccess(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		if err := policy.CanActInCase(tx.subj, acc); err != nil {
			return err
		}
		if string(o.Date) > string(meridian.DateOf(tx.now)) {
			return meridian.Invalidf(op, "date", "%s is in the future", o.Date)
		}
		if o.OfSuspect() {
			if !slices.Contains(c.Records, o.PersonID) {
				return meridian.Invalidf(op, "person_id", "not a person record of this case")
			}
			p, err := load(ctx, tx, personKind, o.PersonID, false)
			if meridian.KindOf(err) == meridian.ENotFound {
				return meridian.Invalidf(op, "person_id", "not a person record of this case you may read")
			}
			if err != nil {
				return err
			}
			switch p.Role {
			case meridian.RoleVictim:
				return meridian.Invalidf(op, "person_id", "names a victim: a victim is never recorded as charged, indicted, convicted or acquitted")
			case meridian.RoleIrregularMigrant:
				return meridian.Invalidf(op, "person_id", "names a smuggled migrant, who is not liable for having been smuggled")
			}
		}
		o.ID, o.CaseID, o.AgencyID, o.CreatedBy, o.CreatedAt = meridian.NewID(), c.ID, tx.subj.AgencyID, tx.subj.Username, tx.now
		body, err := json.Marshal(o)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO case_outcomes (id, case_id, kind, person_id, on_date, body, agency_id, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, o.ID, c.ID, o.Kind, o.PersonID, string(o.Date), string(body), o.AgencyID, o.CreatedBy, micros(tx.now)); err != nil {
			return err
		}
		tx.audit(meridian.AuditCreate, "case_outcome", c.ID, c.OwnerAgency)
		if o.PersonID != "" {
			tx.audit(meridian.AuditRead, "person", o.PersonID, "")
		}
		return nil
	})
}

// Followup counts the cases of an operation that the caller reads: by
// stage, prosecuted, with a conviction, and their requests (RequestTally),
// by the lead's country. Cells under meridian.Suppression are suppressed
// unless the caller's agency leads every case counted.
func (s *DB) Followup(ctx context.Context, operationID string) (*meridian.Followup, error) {
	const op = "sqldb.Followup"
	if !meridian.IsID(operationID) {
		return nil, meridian.Invalidf(op, "operation_id", "malformed id %q", operationID)
	}
	type kase struct {
		id, owner, country, stage string
		convicted                 bool
	}
	var cases []kase
	err := s.read(ctx, op, func(tx *Tx) error {
		cond, args := recordScope(policy.ReadScope(tx.subj)).sql()
		rows, err := tx.query(ctx, `SELECT r.id, r.owner_agency, r.owner_country,
			COALESCE((SELECT st.stage FROM case_stages st WHERE st.case_id = r.id ORDER BY st.seq DESC LIMIT 1), ''),
			CASE WHEN EXISTS (SELECT 1 FROM case_outcomes o WHERE o.case_id = r.id AND o.kind = 'conviction') THEN 1 ELSE 0 END
			FROM records r WHERE r.kind = 'case' AND r.operation_id = ? AND `+cond+` ORDER BY r.id`,
			append([]any{operationID}, args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var listed []meridian.AuditRecord
		for rows.Next() {
			var k kase
			var conv int
			if err := rows.Scan(&k.id, &k.owner, &k.country, &k.stage, &conv); err != nil {
				return err
			}
			if k.stage == "" {
				k.stage = meridian.StageInvestigation
			}
			k.convicted = conv == 1
			cases = append(cases, k)
			listed = append(listed, meridian.AuditRecord{ID: k.id, Owner: k.owner})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.auditList("case_followup", listed)
		return nil
	})
	if err != nil {
		return nil, err
	}
	subj := meridian.SubjectFrom(ctx)
	f := &meridian.Followup{OperationID: operationID, ByCountry: []*meridian.FollowupRow{}}
	byCountry := map[string]*meridian.FollowupRow{}
	row := func(c string) *meridian.FollowupRow {
		if r := byCountry[c]; r != nil {
			return r
		}
		r := &meridian.FollowupRow{Country: c}
		byCountry[c] = r
		f.ByCountry = append(f.ByCountry, r)
		return r
	}
	stages := map[string]int{}
	var ids []string
	lead := true
	for _, k := range cases {
		ids = append(ids, k.id)
		lead = lead && subj != nil && (subj.System || k.owner == subj.AgencyID)
		stages[k.stage]++
		r := row(k.country)
		r.Cases++
		if meridian.Prosecuted(k.stage) {
			r.Prosecuted++
		}
		if k.convicted {
			r.Convicted++
		}
	}
	for chunk := range slices.Chunk(ids, 10000) {
		tally, err := s.RequestTally(ctx, chunk)
		if err != nil {
			return nil, err
		}
		for _, t := range tally {
			r := row(t.FromCountry)
			r.Sent += t.Sent
			r.Answered += t.Answered
			r.Refused += t.Refused
			r.Overdue += t.Overdue
		}
	}
	for _, st := range meridian.CaseStages {
		f.ByStage = append(f.ByStage, meridian.StageCount{Stage: st, Cases: stages[st]})
	}
	slices.SortFunc(f.ByCountry, func(a, b *meridian.FollowupRow) int {
		if a.Country < b.Country {
			return -1
		}
		if a.Country > b.Country {
			return 1
		}
		return 0
	})
	meridian.TotalFollowup(f)
	if len(cases) > 0 && !lead {
		meridian.SuppressFollowup(f)
	}
	return f, nil
}
