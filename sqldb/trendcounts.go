package sqldb

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"meridian"
	"meridian/policy"
)

// Trend counts (issue 14, migration 0032). Each report that carries
// figures adds its cells of the trends' series (meridian.Event.TrendCells)
// to one row per release scope and day (trend_counts), in the transaction
// that writes it; an update or a delete takes off what its stored trend
// facts added, from the scope they were added to (trend_facts.scope_id).
// A read sums the rows of the scopes the reader may read (routeScopeSQL,
// as the routes' totals), so a year costs a row per scope and day, not a
// row per report.

// usDay is a day in microseconds.
const usDay = int64(24 * time.Hour / time.Microsecond)

// dayOf is the UTC day (since 1970-01-01) of a time in microseconds.
func dayOf(us int64) int64 {
	d := us / usDay
	if us%usDay < 0 {
		d--
	}
	return d
}

// trendCell is one series' cell of a day: what it counts (n) and how many
// reports count in it (r), so that a series reports add zero to is kept
// as Build keeps it, and the cell goes when its last report does.
type trendCell struct{ n, r int64 }

// trendKey names a series in trend_counts: metric/dimension/key (metrics
// and dimensions are constants without a slash; the key is what follows).
func trendKey(metric, dim, key string) string { return metric + "/" + dim + "/" + key }

func parseTrendKey(k string) (metric, dim, key string, ok bool) {
	metric, rest, ok1 := strings.Cut(k, "/")
	dim, key, ok2 := strings.Cut(rest, "/")
	return metric, dim, key, ok1 && ok2
}

// encodeCounts writes a day's cells as trend_counts.counts: per series,
// in key order, "<length of key>:<key> <n> <r>\n". The key's length comes
// first, so that no key (free text, for methods) can forge a cell.
func encodeCounts(m map[string]trendCell) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b []byte
	for _, k := range keys {
		c := m[k]
		b = strconv.AppendInt(b, int64(len(k)), 10)
		b = append(b, ':')
		b = append(b, k...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, c.n, 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, c.r, 10)
		b = append(b, '\n')
	}
	return string(b)
}

// decodeCounts calls fn for each cell of a row; key is only valid during
// the call.
func decodeCounts(b []byte, fn func(key []byte, c trendCell)) error {
	// num reads a decimal number up to end (a minus sign allowed first).
	num := func(end byte) (int64, bool) {
		i := bytes.IndexByte(b, end)
		if i <= 0 || i > 19 {
			return 0, false
		}
		digits, neg := b[:i], false
		if digits[0] == '-' {
			digits, neg = digits[1:], true
		}
		if len(digits) == 0 {
			return 0, false
		}
		var n int64
		for _, c := range digits {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int64(c-'0')
		}
		b = b[i+1:]
		if neg {
			n = -n
		}
		return n, true
	}
	for len(b) > 0 {
		l, ok := num(':')
		if !ok || l < 0 || l > int64(len(b)) {
			return errors.New("sqldb: malformed trend counts")
		}
		key := b[:l]
		b = b[l:]
		if len(b) == 0 || b[0] != ' ' {
			return errors.New("sqldb: malformed trend counts")
		}
		b = b[1:]
		n, ok1 := num(' ')
		r, ok2 := num('\n')
		if !ok1 || !ok2 {
			return errors.New("sqldb: malformed trend counts")
		}
		fn(key, trendCell{n, r})
	}
	return nil
}

// trendDay is a row of trend_counts.
type trendDay struct {
	scope string
	day   int64
}

// addTrendCells adds what e adds to the series, times sign, to delta under
// its scope and day: each series e counts in once (r), with all it adds.
func addTrendCells(delta map[trendDay]map[string]trendCell, scopeID string, at int64, e *meridian.Event, sign int64) {
	td := trendDay{scopeID, dayOf(at)}
	m := delta[td]
	if m == nil {
		m = map[string]trendCell{}
		delta[td] = m
	}
	seen := map[string]bool{}
	e.TrendCells(func(metric, dim, key string, n int64) {
		k := trendKey(metric, dim, key)
		c := m[k]
		c.n += sign * n
		if !seen[k] {
			seen[k] = true
			c.r += sign
		}
		m[k] = c
	})
}

// applyTrendCounts adds delta to trend_counts, row by row in key order
// (so that concurrent writers lock alike): each row is read under a lock,
// changed and written back, or deleted when no report counts in it.
func applyTrendCounts(ctx context.Context, tx *Tx, delta map[trendDay]map[string]trendCell) error {
	keys := make([]trendDay, 0, len(delta))
	for k := range delta {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b trendDay) int { return cmp.Or(strings.Compare(a.scope, b.scope), cmp.Compare(a.day, b.day)) })
	for _, k := range keys {
		if _, err := tx.exec(ctx, `INSERT INTO trend_counts (scope_id, day, counts) VALUES (?, ?, '') ON CONFLICT (scope_id, day) DO NOTHING`,
			k.scope, k.day); err != nil {
			return err
		}
		var body string
		if err := tx.queryRow(ctx, `SELECT counts FROM trend_counts WHERE scope_id = ? AND day = ?`+tx.s.d.ForUpdate(), k.scope, k.day).Scan(&body); err != nil {
			return err
		}
		m := map[string]trendCell{}
		if err := decodeCounts([]byte(body), func(key []byte, c trendCell) { m[string(key)] = c }); err != nil {
			return err
		}
		for key, d := range delta[k] {
			c := m[key]
			c.n += d.n
			c.r += d.r
			if c.r <= 0 {
				delete(m, key)
			} else {
				m[key] = c
			}
		}
		var err error
		if len(m) == 0 {
			_, err = tx.exec(ctx, `DELETE FROM trend_counts WHERE scope_id = ? AND day = ?`, k.scope, k.day)
		} else {
			_, err = tx.exec(ctx, `UPDATE trend_counts SET counts = ? WHERE scope_id = ? AND day = ?`, encodeCounts(m), k.scope, k.day)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// A trends read writes one audit entry per request, action "analyse" on
// kind "trends", naming the query (operation and period), as a routes
// read does: the figures are sums of many records and name none of them.
const trendsAuditKind = "trends"

// TrendsQuery is how the audit log names a trends query: the operation
// and the period [from, before) as URL query parameters.
func TrendsQuery(operationID string, from, to time.Time) string {
	v := url.Values{}
	if operationID != "" {
		v.Set("operation_id", operationID)
	}
	v.Set("from", from.UTC().Format(time.RFC3339))
	v.Set("before", to.UTC().Format(time.RFC3339))
	return v.Encode()
}

// TrendSeries returns the trends' series of the reports the caller may
// read, of an operation (or any, for "") that occurred in [from, to)
// (whole UTC days), summed by owner agency and day, from the trend counts
// of the release scopes the caller may read. Working roles only, and of
// an operation its participants only (policy.CanSeeTrends). The read is
// audited in one entry naming the query (TrendsQuery), recorded before
// the series are returned.
func (s *DB) TrendSeries(ctx context.Context, operationID string, from, to time.Time) ([]meridian.TrendSeries, error) {
	const op = "sqldb.TrendSeries"
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
	lo, hi := dayOf(micros(from)), dayOf(micros(to))
	if micros(to)%usDay != 0 {
		hi++
	}
	nd := int(hi - lo)
	if nd < 0 {
		nd = 0
	}
	var out []meridian.TrendSeries
	err := s.read(ctx, op, func(tx *Tx) error {
		cond, sargs := routeScopeSQL(policy.ReadScope(tx.subj))
		q := `SELECT r.owner_agency, c.day, c.counts FROM route_scopes r JOIN trend_counts c ON c.scope_id = r.id
			WHERE c.day >= ? AND c.day < ? AND ` + cond
		args := append([]any{lo, hi}, sargs...)
		if operationID != "" {
			q += ` AND r.operation_id = ?`
			args = append(args, operationID)
		}
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		// Series by owner, then by key.
		byOwner := map[string]map[string]int{}
		var owner string
		var day int64
		var body sql.RawBytes
		for rows.Next() {
			if err := rows.Scan(&owner, &day, &body); err != nil {
				return err
			}
			d := int(day - lo)
			if d < 0 || d >= nd {
				continue
			}
			series := byOwner[owner]
			if series == nil {
				series = map[string]int{}
				byOwner[owner] = series
			}
			var bad error
			err := decodeCounts(body, func(key []byte, c trendCell) {
				i, ok := series[string(key)]
				if !ok {
					metric, dim, k, ok := parseTrendKey(string(key))
					if !ok {
						bad = fmt.Errorf("sqldb: malformed trend key %q", key)
						return
					}
					i = len(out)
					series[string(key)] = i
					out = append(out, meridian.TrendSeries{Owner: owner, Metric: metric, Dimension: dim, Key: k,
						N: make([]int64, nd), Present: make([]bool, nd)})
				}
				out[i].N[d] += c.n
				out[i].Present[d] = out[i].Present[d] || c.r > 0
			})
			if err == nil {
				err = bad
			}
			if err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.audit(routesAuditAction, trendsAuditKind, TrendsQuery(operationID, from, to), "")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// writeTrendFacts replaces an event's trend facts and moves what they add
// to the trend counts: off the scope and day the stored facts were added
// to, onto cur's; cur nil deletes them.
func writeTrendFacts(ctx context.Context, tx *Tx, old, cur *meridian.Event) error {
	delta := map[trendDay]map[string]trendCell{}
	if old != nil {
		var at int64
		var body string
		var sid sql.NullString
		err := tx.queryRow(ctx, `SELECT occurred_at, facts, scope_id FROM trend_facts WHERE record_id = ?`, old.ID).Scan(&at, &body, &sid)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			// Facts without a scope were stored before migration 0032: the
			// backfill that follows it counts them.
			if sid.Valid {
				var f trendFacts
				if err := json.Unmarshal([]byte(body), &f); err != nil {
					return err
				}
				addTrendCells(delta, sid.String, at, f.event(old.ID, old.OwnerAgency, fromMicros(at)), -1)
			}
			if _, err := tx.exec(ctx, `DELETE FROM trend_facts WHERE record_id = ?`, old.ID); err != nil {
				return err
			}
		}
	}
	if cur != nil && trendType(cur.Type) {
		f := factsOf(cur)
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		sid, err := routeScopeOfMeta(&cur.Meta).ensure(ctx, tx, nil)
		if err != nil {
			return err
		}
		at := micros(cur.OccurredAt)
		if _, err := tx.exec(ctx, `INSERT INTO trend_facts (record_id, operation_id, occurred_at, facts, scope_id) VALUES (?, ?, ?, ?, ?)`,
			cur.ID, nullable(cur.OperationID), at, string(b), sid); err != nil {
			return err
		}
		// Counted from the facts, as they will be taken off.
		addTrendCells(delta, sid, at, f.event(cur.ID, cur.OwnerAgency, fromMicros(at)), 1)
	}
	return applyTrendCounts(ctx, tx, delta)
}

// BackfillTrendCounts computes trend_counts from the stored trend facts
// when migration 0032 asks for it (its row in store_meta), in one
// transaction: every row is dropped and summed again from trend_facts and
// the records they belong to, each fact marked with its scope. Open runs
// it after BackfillTrendFacts.
func (s *DB) BackfillTrendCounts(ctx context.Context) error {
	const op = "sqldb.BackfillTrendCounts"
	sys := meridian.WithSubject(ctx, meridian.SystemSubject)
	return s.write(sys, op, func(tx *Tx) error {
		if asked, err := backfillAsked(ctx, tx, "trend_counts_backfill"); !asked || err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM trend_counts`); err != nil {
			return err
		}
		releases, err := listedReleases(ctx, tx, "trend_facts")
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT f.record_id, r.owner_agency, COALESCE(r.operation_id, ''), r.scope, f.occurred_at, f.facts
			FROM trend_facts f JOIN records r ON r.id = f.record_id`)
		if err != nil {
			return err
		}
		scopes := map[string]routeScope{}
		ofRecord := map[string]string{}
		delta := map[trendDay]map[string]trendCell{}
		for rows.Next() {
			var id, owner, operation, sc, body string
			var at int64
			if err := rows.Scan(&id, &owner, &operation, &sc, &at, &body); err != nil {
				rows.Close()
				return err
			}
			var rel [2][]string
			if r := releases[id]; r != nil {
				rel = *r
			}
			rs := routeScopeOf(owner, operation, sc, rel[0], rel[1])
			sid := rs.id()
			scopes[sid] = rs
			ofRecord[id] = sid
			var f trendFacts
			if err := json.Unmarshal([]byte(body), &f); err != nil {
				rows.Close()
				return err
			}
			addTrendCells(delta, sid, at, f.event(id, owner, fromMicros(at)), 1)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, rs := range scopes {
			if _, err := rs.ensure(ctx, tx, nil); err != nil {
				return err
			}
		}
		for id, sid := range ofRecord {
			if _, err := tx.exec(ctx, `UPDATE trend_facts SET scope_id = ? WHERE record_id = ?`, sid, id); err != nil {
				return err
			}
		}
		if err := applyTrendCounts(ctx, tx, delta); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `DELETE FROM store_meta WHERE key = 'trend_counts_backfill'`)
		return err
	})
}
