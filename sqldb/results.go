package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"sort"

	"meridian"
	"meridian/policy"
)

var _ meridian.ResultsService = (*DB)(nil)

// checkEventInOperation verifies a field report against its operation:
// the reporter takes part in it (its figures are its participants'), the
// operation takes reports (it is active), the report falls within its
// period, and a deployment report names one of its deployments.
func checkEventInOperation(ctx context.Context, tx *Tx, e *meridian.Event) error {
	if e.OperationID == "" {
		return nil
	}
	o, err := tx.operation(ctx, e.OperationID)
	if err != nil || o == nil {
		return err // an unknown operation is reported by checkMetaRefs
	}
	if err := policy.CanReportTo(tx.subj, o.Participation()); err != nil {
		return err
	}
	f := meridian.Fields{Op: "sqldb.CheckEvent"}
	if o.Status != meridian.OperationActive {
		return meridian.Errorf(meridian.EConflict, "sqldb.CheckEvent", "operation %s is %s: it takes reports only while active", o.Name, o.Status)
	}
	day := meridian.DateOf(e.OccurredAt)
	if !e.OccurredAt.IsZero() && (day < o.Start || day > o.End) {
		f.Add("occurred_at", "%s is outside the operation (%s to %s)", day, o.Start, o.End)
	}
	if e.Type == meridian.EventDeployment && e.Deployment != "" &&
		!slices.ContainsFunc(o.Deployments, func(d meridian.Deployment) bool { return d.Name == e.Deployment }) {
		f.Add("deployment", "the operation has no deployment %q", e.Deployment)
	}
	return f.Err()
}

// operation reads an operation inside the transaction; nil when unknown.
func (tx *Tx) operation(ctx context.Context, id string) (*meridian.Operation, error) {
	var body string
	err := tx.queryRow(ctx, `SELECT body FROM operations WHERE id = ?`, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	o := &meridian.Operation{}
	return o, json.Unmarshal([]byte(body), o)
}

// tallyEvent moves an event's figures from old to new in its operation's
// counters; either may be nil (a create or a delete).
func tallyEvent(ctx context.Context, tx *Tx, old, cur *meridian.Event) error {
	type key struct{ op, day, country, metric string }
	delta := map[key]int64{}
	add := func(e *meridian.Event, sign int64) {
		if e == nil || e.OperationID == "" {
			return
		}
		day, country := string(meridian.DateOf(e.OccurredAt)), e.Place.Country
		for m, n := range e.Metrics() {
			delta[key{e.OperationID, day, country, m}] += sign * n
		}
	}
	add(old, -1)
	add(cur, 1)
	keys := make([]key, 0, len(delta))
	for k, n := range delta {
		if n != 0 {
			keys = append(keys, k)
		}
	}
	// A fixed order keeps concurrent writers from deadlocking on PostgreSQL.
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		return a.op+a.day+a.country+a.metric < b.op+b.day+b.country+b.metric
	})
	for _, k := range keys {
		if _, err := tx.exec(ctx, `INSERT INTO operation_counts (operation_id, day, country, metric, n) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (operation_id, day, country, metric) DO UPDATE SET n = operation_counts.n + excluded.n`,
			k.op, k.day, k.country, k.metric, delta[k]); err != nil {
			return err
		}
	}
	return nil
}

// OperationResults computes an operation's figures from its counters and
// check counts: two grouped reads, whatever the number of reports.
func (s *DB) OperationResults(ctx context.Context, operationID string) (*meridian.Results, error) {
	return s.OperationResultsFor(ctx, operationID, meridian.ResultsFilter{})
}

// OperationResultsFor computes the figures of a country or region of an
// operation: the store reads the counters, meridian.RollUp adds them up.
func (s *DB) OperationResultsFor(ctx context.Context, operationID string, f meridian.ResultsFilter) (*meridian.Results, error) {
	const op = "sqldb.OperationResults"
	o, err := s.findOperation(ctx, operationID)
	if err != nil {
		return nil, err
	}
	if err := policy.CanSeeFigures(meridian.SubjectFrom(ctx), o.Participation()); err != nil {
		return nil, err
	}
	if f.Country != "" && !meridian.IsCountry(f.Country) {
		return nil, meridian.Invalidf(op, "country", "unknown ISO 3166-1 alpha-2 country code %q", f.Country)
	}
	metrics, checks, err := s.operationCounters(ctx, operationID)
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	return meridian.RollUp(o, f, metrics, checks, s.now()), nil
}

// operationCounters reads an operation's counters by day and country:
// its reports' metrics and its checks.
func (s *DB) operationCounters(ctx context.Context, operationID string) ([]meridian.MetricCount, []meridian.CheckCount, error) {
	var metrics []meridian.MetricCount
	err := s.each(ctx, `SELECT day, country, metric, SUM(n) FROM operation_counts
		WHERE operation_id = ? GROUP BY day, country, metric`, []any{operationID}, func(rows *sql.Rows) error {
		var m meridian.MetricCount
		err := rows.Scan(&m.Day, &m.Country, &m.Metric, &m.N)
		metrics = append(metrics, m)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	var checks []meridian.CheckCount
	err = s.each(ctx, `SELECT day, country, SUM(checks), SUM(hits) FROM check_counts
		WHERE operation_id = ? GROUP BY day, country`, []any{operationID}, func(rows *sql.Rows) error {
		c := meridian.CheckCount{OperationID: operationID}
		err := rows.Scan(&c.Day, &c.Country, &c.Checks, &c.Hits)
		checks = append(checks, c)
		return err
	})
	return metrics, checks, err
}

// each runs a query and calls fn for every row.
func (s *DB) each(ctx context.Context, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := s.db.QueryContext(ctx, s.d.Rebind(q), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// OperationStatistics counts the victims and migrants the operation's
// reports record, by profile, exploitation, nationality and route, over
// every report whatever the caller may read: the output is anonymised,
// and every cell under meridian.Suppression people is suppressed before
// it leaves the store, with the cells that would give it away
// (meridian.Suppress). Coordinators, analysts and observers may ask.
func (s *DB) OperationStatistics(ctx context.Context, operationID string) ([]meridian.StatRow, error) {
	const op = "sqldb.OperationStatistics"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	if !subj.Has(meridian.RoleCoordinator) && !subj.Has(meridian.RoleAnalyst) && !subj.Has(meridian.RoleObserver) {
		return nil, meridian.Errorf(meridian.EForbidden, op, "only coordinators, analysts and observers may export statistics")
	}
	o, err := s.findOperation(ctx, operationID)
	if err != nil {
		return nil, err
	}
	if err := policy.CanSeeFigures(subj, o.Participation()); err != nil {
		return nil, err
	}
	type key = meridian.StatRow
	counts := map[key]int64{}
	rows, err := s.db.QueryContext(ctx, s.d.Rebind(`SELECT r.body FROM records r WHERE r.kind = 'event' AND r.operation_id = ?
		AND EXISTS (SELECT 1 FROM record_attrs a WHERE a.record_id = r.id AND a.name = 'type' AND a.value IN ('rescue', 'migrants'))`), operationID)
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, meridian.Internal(op, err)
		}
		var e meridian.Event
		if err := json.Unmarshal([]byte(body), &e); err != nil {
			return nil, meridian.Internal(op, err)
		}
		for _, v := range e.Victims {
			n := int64(v.Count)
			counts[key{Table: "victims_by_profile", Nationality: orUnknown(v.Nationality), Sex: orUnknown(string(v.Sex)), AgeBand: orUnknown(v.Band())}] += n
			ex := v.Exploitation
			if len(ex) == 0 {
				ex = []string{"unknown"}
			}
			for _, x := range ex {
				counts[key{Table: "victims_by_exploitation", Nationality: orUnknown(v.Nationality), Exploitation: x}] += n
			}
		}
		for _, m := range e.Migrants {
			n := int64(m.Count)
			counts[key{Table: "migrants_by_nationality", Nationality: m.Nationality}] += n
			origin, dest := "unknown", "unknown"
			for _, p := range m.Route {
				if p.Role == "origin" && origin == "unknown" {
					origin = p.Country
				}
				if p.Role == "destination" {
					dest = p.Country
				}
			}
			counts[key{Table: "migrants_by_route", Origin: origin, Destination: dest}] += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, meridian.Internal(op, err)
	}
	out := make([]meridian.StatRow, 0, len(counts))
	for k, n := range counts {
		k.N = n
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.Table+"\x00"+a.Nationality+"\x00"+a.Sex+"\x00"+a.AgeBand+"\x00"+a.Exploitation+"\x00"+a.Origin+"\x00"+a.Destination <
			b.Table+"\x00"+b.Nationality+"\x00"+b.Sex+"\x00"+b.AgeBand+"\x00"+b.Exploitation+"\x00"+b.Origin+"\x00"+b.Destination
	})
	return meridian.Suppress(out), nil
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
