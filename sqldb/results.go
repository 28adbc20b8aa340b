package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

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

// regionOf is the region results group a country under.
func regionOf(code string) (name, region string) {
	name, region = code, "Other"
	if c, ok := meridian.LookupCountry(code); ok {
		name = c.Name
		if c.SubRegion != "" {
			region = c.SubRegion
		} else if c.Region != "" {
			region = c.Region
		}
	}
	return name, region
}

// OperationResultsFor computes the figures of a country or region of an
// operation.
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
	in := func(country string) bool {
		if f.Country != "" && country != f.Country {
			return false
		}
		if f.Region != "" {
			if _, r := regionOf(country); r != f.Region {
				return false
			}
		}
		return true
	}
	cells := map[[2]string]*dayCountry{}
	at := func(day, country string) *meridian.Figures {
		c := cells[[2]string{day, country}]
		if c == nil {
			c = &dayCountry{day: day, country: country}
			cells[[2]string{day, country}] = c
		}
		return &c.f
	}
	exploitation := map[string]int64{}
	rows, err := s.db.QueryContext(ctx, s.d.Rebind(`SELECT day, country, metric, SUM(n) FROM operation_counts
		WHERE operation_id = ? GROUP BY day, country, metric`), operationID)
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	for rows.Next() {
		var day, country, metric string
		var n int64
		if err := rows.Scan(&day, &country, &metric, &n); err != nil {
			rows.Close()
			return nil, meridian.Internal(op, err)
		}
		if x, ok := strings.CutPrefix(metric, meridian.MetricExploitation); ok {
			if in(country) {
				exploitation[x] += n
			}
			continue
		}
		at(day, country).AddMetric(metric, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, meridian.Internal(op, err)
	}
	rows, err = s.db.QueryContext(ctx, s.d.Rebind(`SELECT day, country, SUM(checks), SUM(hits) FROM check_counts
		WHERE operation_id = ? GROUP BY day, country`), operationID)
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	for rows.Next() {
		var day, country string
		var checks, hits int64
		if err := rows.Scan(&day, &country, &checks, &hits); err != nil {
			rows.Close()
			return nil, meridian.Internal(op, err)
		}
		f := at(day, country)
		f.Checks += checks
		f.Hits += hits
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, meridian.Internal(op, err)
	}
	for k := range cells {
		if !in(k[1]) {
			delete(cells, k)
		}
	}
	if f != (meridian.ResultsFilter{}) {
		scoped := *o
		scoped.Countries = slices.DeleteFunc(slices.Clone(o.Countries), func(c string) bool { return !in(c) })
		o = &scoped
	}
	return assembleResults(o, cells, exploitation, s.now()), nil
}

// dayCountry is the figures of one country on one day.
type dayCountry struct {
	day, country string
	f            meridian.Figures
}

// assembleResults rolls day-and-country cells up into the results: by
// country (every participant, and any other country with figures), by
// region, by day (every day of the operation, and any other day with
// figures).
func assembleResults(o *meridian.Operation, cells map[[2]string]*dayCountry, exploitation map[string]int64, now time.Time) *meridian.Results {
	r := &meridian.Results{Operation: o, Countries: len(o.Countries), ComputedAt: now.UTC()}
	byCountry := map[string]*meridian.Figures{}
	byDay := map[string]*meridian.Figures{}
	for _, c := range o.Countries {
		byCountry[c] = &meridian.Figures{}
	}
	if start, end := o.Start.Time(), o.End.Time(); !start.IsZero() && !end.Before(start) {
		for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
			byDay[string(meridian.DateOf(d))] = &meridian.Figures{}
		}
	}
	for _, c := range cells {
		r.Totals.Add(c.f)
		if byCountry[c.country] == nil {
			byCountry[c.country] = &meridian.Figures{}
		}
		byCountry[c.country].Add(c.f)
		if byDay[c.day] == nil {
			byDay[c.day] = &meridian.Figures{}
		}
		byDay[c.day].Add(c.f)
	}
	participant := map[string]bool{}
	for _, c := range o.Countries {
		participant[c] = true
	}
	byRegion := map[string]*meridian.RegionFigures{}
	for code, f := range byCountry {
		name, region := regionOf(code)
		r.ByCountry = append(r.ByCountry, meridian.CountryFigures{Country: code, Name: name, Region: region, Figures: *f})
		rf := byRegion[region]
		if rf == nil {
			rf = &meridian.RegionFigures{Region: region}
			byRegion[region] = rf
		}
		rf.Figures.Add(*f)
		if participant[code] {
			rf.Countries++
		}
	}
	sort.Slice(r.ByCountry, func(i, j int) bool { return r.ByCountry[i].Country < r.ByCountry[j].Country })
	for _, rf := range byRegion {
		r.ByRegion = append(r.ByRegion, *rf)
	}
	sort.Slice(r.ByRegion, func(i, j int) bool { return r.ByRegion[i].Region < r.ByRegion[j].Region })
	for d, f := range byDay {
		r.ByDay = append(r.ByDay, meridian.DayFigures{Day: meridian.Date(d), Figures: *f})
	}
	sort.Slice(r.ByDay, func(i, j int) bool { return r.ByDay[i].Day < r.ByDay[j].Day })
	r.Exploitation = []meridian.Tally{}
	for k, n := range exploitation {
		if n > 0 {
			r.Exploitation = append(r.Exploitation, meridian.Tally{Key: k, N: n})
		}
	}
	sort.Slice(r.Exploitation, func(i, j int) bool {
		a, b := r.Exploitation[i], r.Exploitation[j]
		return a.N > b.N || a.N == b.N && a.Key < b.Key
	})
	return r
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
