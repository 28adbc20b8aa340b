package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"meridian"
	"meridian/policy"
)

// actor names who made a rule version: the user, or "system" for
// Meridian's own (the default set).
func actor(s *meridian.Subject) string {
	if s.System || s.UserID == "" {
		return "system"
	}
	return s.UserID
}

// checkRule validates a rule as the domain defines it; that its
// expressions compile is rules.Service's to check before it stores one.
func checkRule(_ string, r *meridian.Rule) error {
	return r.Validate()
}

// nameTaken reports whether another rule than id has the name.
func (tx *Tx) nameTaken(ctx context.Context, name, id string) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM rules WHERE name = ? AND id <> ?`, name, id).Scan(&n)
	return n > 0, err
}

func nameConflict(op, name string) error {
	return &meridian.Error{Kind: meridian.EConflict, Op: op, Field: "name", Message: "a rule named " + name + " exists already"}
}

// insertRule stores r, a new rule, as version 1.
func (tx *Tx) insertRule(ctx context.Context, op string, r *meridian.Rule) error {
	if taken, err := tx.nameTaken(ctx, r.Name, ""); err != nil {
		return err
	} else if taken {
		return nameConflict(op, r.Name)
	}
	r.ID = meridian.NewID()
	r.Version = 1
	r.CreatedBy, r.UpdatedBy = actor(tx.subj), actor(tx.subj)
	r.CreatedAt, r.UpdatedAt = tx.now, tx.now
	body := mustJSON(r)
	_, err := tx.exec(ctx, `INSERT INTO rules (id, name, enabled, version, created_at, updated_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Name, boolInt(r.Enabled), r.Version, micros(r.CreatedAt), micros(r.UpdatedAt), string(body))
	if tx.s.d.IsUnique(err) {
		return nameConflict(op, r.Name)
	}
	if err != nil {
		return err
	}
	if err := tx.insertVersion(ctx, r, body); err != nil {
		return err
	}
	tx.audit(meridian.AuditCreate, "rule", r.ID, "")
	tx.publish("rule", meridian.ChangeCreated, r.ID, nil, body)
	return nil
}

func (tx *Tx) insertVersion(ctx context.Context, r *meridian.Rule, body []byte) error {
	_, err := tx.exec(ctx, `INSERT INTO rule_versions (rule_id, version, created_at, created_by, body) VALUES (?, ?, ?, ?, ?)`,
		r.ID, r.Version, micros(r.UpdatedAt), r.UpdatedBy, string(body))
	return err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// CreateRule stores a new rule; coordinators and analysts.
func (s *DB) CreateRule(ctx context.Context, r *meridian.Rule) error {
	const op = "sqldb.CreateRule"
	return s.write(ctx, op, func(tx *Tx) error {
		if err := policy.CanManageRules(tx.subj); err != nil {
			return err
		}
		if err := checkRule(op, r); err != nil {
			return err
		}
		return tx.insertRule(ctx, op, r)
	})
}

// lockRule reads the current version of a rule for a change, checking the
// version the caller read.
func (tx *Tx) lockRule(ctx context.Context, op, id string, version int) (*meridian.Rule, error) {
	if !meridian.IsID(id) {
		return nil, meridian.NotFound(op, "rule")
	}
	var body string
	var cur int
	err := tx.queryRow(ctx, `SELECT body, version FROM rules WHERE id = ?`+tx.s.d.ForUpdate(), id).Scan(&body, &cur)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, meridian.NotFound(op, "rule")
	}
	if err != nil {
		return nil, err
	}
	if cur != version {
		return nil, meridian.Errorf(meridian.EConflict, op, "the rule was changed by someone else (version %d, yours %d): reload it and try again", cur, version)
	}
	r := &meridian.Rule{}
	return r, json.Unmarshal([]byte(body), r)
}

// storeVersion writes r as the next version of cur.
func (tx *Tx) storeVersion(ctx context.Context, cur, r *meridian.Rule) error {
	r.ID, r.Version = cur.ID, cur.Version+1
	r.CreatedBy, r.CreatedAt = cur.CreatedBy, cur.CreatedAt
	r.UpdatedBy, r.UpdatedAt = actor(tx.subj), tx.now
	body := mustJSON(r)
	if _, err := tx.exec(ctx, `UPDATE rules SET name = ?, enabled = ?, version = ?, updated_at = ?, body = ? WHERE id = ?`,
		r.Name, boolInt(r.Enabled), r.Version, micros(r.UpdatedAt), string(body), r.ID); err != nil {
		return err
	}
	if err := tx.insertVersion(ctx, r, body); err != nil {
		return err
	}
	tx.audit(meridian.AuditUpdate, "rule", r.ID, "")
	tx.publish("rule", meridian.ChangeUpdated, r.ID, nil, body)
	return nil
}

// UpdateRule stores r as the next version of its rule.
func (s *DB) UpdateRule(ctx context.Context, r *meridian.Rule) error {
	const op = "sqldb.UpdateRule"
	return s.write(ctx, op, func(tx *Tx) error {
		if err := policy.CanManageRules(tx.subj); err != nil {
			return err
		}
		if err := checkRule(op, r); err != nil {
			return err
		}
		cur, err := tx.lockRule(ctx, op, r.ID, r.Version)
		if err != nil {
			return err
		}
		if taken, err := tx.nameTaken(ctx, r.Name, r.ID); err != nil {
			return err
		} else if taken {
			return nameConflict(op, r.Name)
		}
		return tx.storeVersion(ctx, cur, r)
	})
}

// SetRuleEnabled enables or disables a rule as a new version; a rule
// already in that state is returned as it is.
func (s *DB) SetRuleEnabled(ctx context.Context, id string, version int, enabled bool) (*meridian.Rule, error) {
	const op = "sqldb.SetRuleEnabled"
	var out *meridian.Rule
	err := s.write(ctx, op, func(tx *Tx) error {
		if err := policy.CanManageRules(tx.subj); err != nil {
			return err
		}
		cur, err := tx.lockRule(ctx, op, id, version)
		if err != nil {
			return err
		}
		if cur.Enabled == enabled {
			out = cur
			return nil
		}
		r := *cur
		r.Enabled = enabled
		r.Note = "disabled"
		if enabled {
			r.Note = "enabled"
		}
		out = &r
		return tx.storeVersion(ctx, cur, &r)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func signedIn(ctx context.Context, op string) error {
	if meridian.SubjectFrom(ctx) == nil {
		return meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	return nil
}

// FindRuleByID returns the current version of a rule. Rules hold no
// personal data: every signed-in user reads them.
func (s *DB) FindRuleByID(ctx context.Context, id string) (*meridian.Rule, error) {
	const op = "sqldb.FindRuleByID"
	if err := signedIn(ctx, op); err != nil {
		return nil, err
	}
	return s.findRule(ctx, op, `SELECT body FROM rules WHERE id = ?`, id)
}

// FindRuleVersion returns one version of a rule.
func (s *DB) FindRuleVersion(ctx context.Context, id string, version int) (*meridian.Rule, error) {
	const op = "sqldb.FindRuleVersion"
	if err := signedIn(ctx, op); err != nil {
		return nil, err
	}
	return s.findRule(ctx, op, `SELECT body FROM rule_versions WHERE rule_id = ? AND version = ?`, id, version)
}

func (s *DB) findRule(ctx context.Context, op, q string, args ...any) (*meridian.Rule, error) {
	if id, _ := args[0].(string); !meridian.IsID(id) {
		return nil, meridian.NotFound(op, "rule")
	}
	var body string
	err := s.db.QueryRowContext(ctx, s.d.Rebind(q), args...).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, meridian.NotFound(op, "rule")
	}
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	r := &meridian.Rule{}
	if err := json.Unmarshal([]byte(body), r); err != nil {
		return nil, meridian.Internal(op, err)
	}
	return r, nil
}

// FindRuleVersions returns every version of a rule, newest first.
func (s *DB) FindRuleVersions(ctx context.Context, id string) ([]*meridian.Rule, error) {
	const op = "sqldb.FindRuleVersions"
	if err := signedIn(ctx, op); err != nil {
		return nil, err
	}
	if !meridian.IsID(id) {
		return nil, meridian.NotFound(op, "rule")
	}
	out, err := s.queryRules(ctx, op, `SELECT body FROM rule_versions WHERE rule_id = ? ORDER BY version DESC`, id)
	if err == nil && len(out) == 0 {
		return nil, meridian.NotFound(op, "rule")
	}
	return out, err
}

func (s *DB) queryRules(ctx context.Context, op, q string, args ...any) ([]*meridian.Rule, error) {
	rows, err := s.db.QueryContext(ctx, s.d.Rebind(q), args...)
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	defer rows.Close()
	var out []*meridian.Rule
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, meridian.Internal(op, err)
		}
		r := &meridian.Rule{}
		if err := json.Unmarshal([]byte(body), r); err != nil {
			return nil, meridian.Internal(op, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, meridian.Internal(op, err)
	}
	return out, nil
}

// FindRules lists rules in creation order.
func (s *DB) FindRules(ctx context.Context, f meridian.RuleFilter) ([]*meridian.Rule, string, error) {
	const op = "sqldb.FindRules"
	if err := signedIn(ctx, op); err != nil {
		return nil, "", err
	}
	k, err := pageOf(op, "id", f.Page, false)
	if err != nil {
		return nil, "", err
	}
	q := `SELECT id, body FROM rules WHERE 1 = 1`
	var args []any
	if f.Enabled != nil {
		q += " AND enabled = ?"
		args = append(args, boolInt(*f.Enabled))
	}
	return readPage(ctx, s, op, k, q, args, func(rows *sql.Rows) (*meridian.Rule, string, error) {
		var id, body string
		if err := rows.Scan(&id, &body); err != nil {
			return nil, "", err
		}
		r := &meridian.Rule{}
		return r, id, json.Unmarshal([]byte(body), r)
	})
}

// EnabledRules returns the rules in force (current versions of the
// enabled rules) in creation order.
func (s *DB) EnabledRules(ctx context.Context) ([]*meridian.Rule, error) {
	const op = "sqldb.EnabledRules"
	if err := signedIn(ctx, op); err != nil {
		return nil, err
	}
	return s.queryRules(ctx, op, `SELECT body FROM rules WHERE enabled = 1 ORDER BY id`)
}

// SeedRules stores rs, as Meridian itself, when there are no rules at
// all; once any rule exists it does nothing, so rules disabled or changed
// by officers stay as they left them. rules.Service seeds the default set
// this way.
func (s *DB) SeedRules(ctx context.Context, rs []*meridian.Rule) error {
	const op = "sqldb.SeedRules"
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM rules`).Scan(&n); err != nil {
		return meridian.Internal(op, err)
	}
	if n > 0 {
		return nil
	}
	sys := meridian.WithSubject(ctx, meridian.SystemSubject)
	err := s.write(sys, op, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM rules`).Scan(&n); err != nil || n > 0 {
			return err
		}
		for _, r := range rs {
			if err := checkRule(op, r); err != nil {
				return meridian.Internal(op, err) // the defaults ship tested
			}
			if err := tx.insertRule(ctx, op, r); err != nil {
				return err
			}
		}
		return nil
	})
	if meridian.KindOf(err) == meridian.EConflict {
		return nil // another instance seeded them meanwhile
	}
	return err
}

// ScanManifests calls fn for the manifests the caller may read (the
// ingesting agency's, or those arriving in the caller's country), newest
// first, narrowed by f, unaudited: the caller audits what it shows
// (AuditRuleDryRun). An error from fn stops the scan and is returned as
// it is.
func (s *DB) ScanManifests(ctx context.Context, f meridian.ManifestScan, fn func(*meridian.ManifestInfo, *meridian.Manifest) error) error {
	const op = "sqldb.ScanManifests"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	cond, args := passengerScope(subj, "owner_agency", "arrival_country").sql()
	q := manifestSelect + `, body FROM manifests WHERE ` + cond
	if f.OperationID != "" {
		q += " AND operation_id = ?"
		args = append(args, f.OperationID)
	}
	if !f.From.IsZero() {
		q += " AND received_at >= ?"
		args = append(args, micros(f.From))
	}
	if !f.To.IsZero() {
		q += " AND received_at < ?"
		args = append(args, micros(f.To))
	}
	q += " ORDER BY received_at DESC, id DESC LIMIT ?"
	args = append(args, f.Limit)
	var stopped error
	err := s.each(ctx, q, args, func(rows *sql.Rows) error {
		var info meridian.ManifestInfo
		body, err := scanManifest(rows, &info)
		if err != nil {
			return err
		}
		var m meridian.Manifest
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			return err
		}
		stopped = fn(&info, &m)
		return stopped
	})
	switch {
	case err == nil || (stopped != nil && err == stopped):
		return err
	case ctx.Err() != nil:
		return &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "request cancelled", Err: err}
	}
	return meridian.Internal(op, err)
}

// AuditRuleDryRun records a dry run of a rule and the reads of the
// manifests whose travellers it shows, in one transaction: the result may
// be shown only once this succeeded.
func (s *DB) AuditRuleDryRun(ctx context.Context, ruleID string, shown []*meridian.ManifestInfo) error {
	return s.write(ctx, "sqldb.AuditRuleDryRun", func(tx *Tx) error {
		tx.audit("dry_run", "rule", ruleID, "")
		for _, m := range shown {
			tx.audit(meridian.AuditRead, "manifest", m.ID, m.OwnerAgency)
		}
		return nil
	})
}
