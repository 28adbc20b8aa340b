package sqldb

import (
	"context"
	"encoding/json"
	"time"

	"meridian"
	"meridian/policy"
)

// AnalysisEvents returns the events the caller may read, of an operation
// (or any, for "") that occurred in [from, to), for the analysis' series:
// the reports that carry figures, read in one audited list. The store
// keeps no index on when an event occurred, so the bodies of the readable
// reports are read and filtered here.
func (s *DB) AnalysisEvents(ctx context.Context, operationID string, from, to time.Time) ([]*meridian.Event, error) {
	const op = "sqldb.AnalysisEvents"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	var part *meridian.Participation
	if operationID != "" {
		o, err := s.findOperation(ctx, operationID)
		if err != nil {
			return nil, err
		}
		p := o.Participation()
		part = &p
	}
	if err := policy.CanSeeTrends(subj, part); err != nil {
		return nil, err
	}
	var out []*meridian.Event
	err := s.read(ctx, op, func(tx *Tx) error {
		cond, args := recordScope(policy.ReadScope(tx.subj)).sql()
		q := `SELECT r.body FROM records r WHERE r.kind = 'event' AND ` + cond + `
			AND EXISTS (SELECT 1 FROM record_attrs a WHERE a.record_id = r.id AND a.name = 'type'
			AND a.value IN ('rescue', 'migrants', 'arrest', 'raid', 'interception', 'flight'))`
		if operationID != "" {
			q += ` AND r.operation_id = ?`
			args = append(args, operationID)
		}
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var listed []meridian.AuditRecord
		for rows.Next() {
			var body string
			if err := rows.Scan(&body); err != nil {
				return err
			}
			e := &meridian.Event{}
			if err := json.Unmarshal([]byte(body), e); err != nil {
				return err
			}
			if e.OccurredAt.Before(from) || !e.OccurredAt.Before(to) {
				continue
			}
			out = append(out, e)
			listed = append(listed, meridian.AuditRecord{ID: e.ID, Owner: e.OwnerAgency})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.auditList("event", listed)
		return nil
	})
	return out, err
}
