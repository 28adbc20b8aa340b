package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"

	"meridian"
	"meridian/policy"
)

// Routes (issue 14). Each rescue, migrants and interception report writes
// its route cells (route_cells) in its own transaction, and adds them to
// the totals of its release scope (route_totals, migration 0027). The
// analysis sums the totals of the scopes the reader may read, and reads
// cells one by one only for a period, joined to the records they come
// from under the reader's scope, so that no row of a record the reader
// may not read is ever fetched.

// routeKeySep joins a cell's dimensions into its route key.
const routeKeySep = "\x1f"

// routeKey is a cell's dimensions as route_totals keys them; ex is the
// forms of exploitation as route_cells stores them ("|a|b|").
func routeKey(kind, nat, origin, transit, dest, sex, band, ex string) string {
	return strings.Join([]string{kind, nat, origin, transit, dest, sex, band, ex}, routeKeySep)
}

// parseRouteKey reads a route key back into a cell (N, Own, Out unset).
func parseRouteKey(k string) (meridian.RouteCell, bool) {
	p := strings.Split(k, routeKeySep)
	if len(p) != 8 {
		return meridian.RouteCell{}, false
	}
	c := meridian.RouteCell{Kind: p[0], Nationality: p[1], Origin: p[2], Transit: p[3], Destination: p[4], Sex: p[5], AgeBand: p[6]}
	if p[7] != "" {
		c.Exploitation = strings.Split(strings.Trim(p[7], "|"), "|")
	}
	return c, true
}

func exploitationColumn(c meridian.RouteCell) string {
	if len(c.Exploitation) == 0 {
		return ""
	}
	return "|" + strings.Join(c.Exploitation, "|") + "|"
}

// routeScope is a record's release scope: everything policy.CanRead
// decides from (its owner, its operation, its scope and, listed only, the
// agencies and countries listed). Records of one scope are read by the
// same people.
type routeScope struct {
	owner, operation, scope string
	agencies, countries     []string
}

func routeScopeOf(owner, operation, scope string, agencies, countries []string) routeScope {
	rs := routeScope{owner: owner, operation: operation, scope: scope}
	if scope == string(meridian.ScopeListed) {
		rs.agencies = slices.Compact(slices.Sorted(slices.Values(agencies)))
		rs.countries = slices.Compact(slices.Sorted(slices.Values(countries)))
	}
	return rs
}

func routeScopeOfMeta(m *meridian.Meta) routeScope {
	return routeScopeOf(m.OwnerAgency, m.OperationID, string(m.Release.Scope), m.Release.Agencies, m.Release.Countries)
}

// id names the scope by a digest of its parts: the same parts, the same id.
func (rs routeScope) id() string {
	h := sha256.New()
	for _, s := range []string{rs.owner, rs.operation, rs.scope} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	for _, a := range rs.agencies {
		h.Write([]byte("agency:" + a + "\x00"))
	}
	for _, c := range rs.countries {
		h.Write([]byte("country:" + c + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// ensure writes the scope's row and its releases if they are not there.
func (rs routeScope) ensure(ctx context.Context, tx *Tx, seen map[string]bool) (string, error) {
	id := rs.id()
	if seen[id] {
		return id, nil
	}
	if _, err := tx.exec(ctx, `INSERT INTO route_scopes (id, owner_agency, operation_id, scope) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`, id, rs.owner, rs.operation, rs.scope); err != nil {
		return "", err
	}
	for _, r := range [][2][]string{{{"agency"}, rs.agencies}, {{"country"}, rs.countries}} {
		for _, v := range r[1] {
			if _, err := tx.exec(ctx, `INSERT INTO route_scope_releases (scope_id, kind, value) VALUES (?, ?, ?)
				ON CONFLICT (scope_id, kind, value) DO NOTHING`, id, r[0][0], v); err != nil {
				return "", err
			}
		}
	}
	if seen != nil {
		seen[id] = true
	}
	return id, nil
}

// routeScopeSQL is policy.Scope on route_scopes aliased r, as recordScope
// is on records: the owner agency, an agency or country a listed scope is
// released to, or a participant of the operation of a scope released to
// all its participants.
func routeScopeSQL(sc policy.Scope) (string, []any) {
	switch {
	case sc.None:
		return scopeNone.sql()
	case sc.All:
		return scopeAll.sql()
	}
	return scope{}.
		or(`r.owner_agency = ?`, sc.Agency).
		or(`(r.scope = 'listed' AND EXISTS (SELECT 1 FROM route_scope_releases x WHERE x.scope_id = r.id
			AND ((x.kind = 'agency' AND x.value = ?) OR (x.kind = 'country' AND x.value = ?))))`, sc.Agency, sc.Country).
		or(`(r.scope = 'all' AND EXISTS (SELECT 1 FROM operation_participants p WHERE p.operation_id = r.operation_id
			AND ((p.kind = 'agency' AND p.value = ?) OR (p.kind = 'country' AND p.value = ?))))`, sc.Agency, sc.Country).
		sql()
}

// addRouteTotals adds delta to route_totals, deleting the totals that
// fall to zero; in key order, so that concurrent writers lock alike.
func addRouteTotals(ctx context.Context, tx *Tx, delta map[[2]string]int64) error {
	keys := make([][2]string, 0, len(delta))
	for k, n := range delta {
		if n != 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b [2]string) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	})
	for _, k := range keys {
		n := delta[k]
		if _, err := tx.exec(ctx, `INSERT INTO route_totals (scope_id, route_key, n) VALUES (?, ?, ?)
			ON CONFLICT (scope_id, route_key) DO UPDATE SET n = route_totals.n + excluded.n`, k[0], k[1], n); err != nil {
			return err
		}
		if n < 0 {
			if _, err := tx.exec(ctx, `DELETE FROM route_totals WHERE scope_id = ? AND route_key = ? AND n <= 0`, k[0], k[1]); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeRouteCells replaces an event's route cells, moving them from the
// totals of old's release scope to those of cur's; cur nil deletes them.
// What is taken off is what was stored for old, not what old would give
// now, so that the totals always equal the sum of the stored cells.
func writeRouteCells(ctx context.Context, tx *Tx, old, cur *meridian.Event) error {
	delta := map[[2]string]int64{}
	if old != nil {
		sid := routeScopeOfMeta(&old.Meta).id()
		rows, err := tx.query(ctx, `SELECT kind, nationality, origin, transit, destination, sex, age_band, exploitation, n
			FROM route_cells WHERE record_id = ?`, old.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k [8]string
			var n int64
			if err := rows.Scan(&k[0], &k[1], &k[2], &k[3], &k[4], &k[5], &k[6], &k[7], &n); err != nil {
				rows.Close()
				return err
			}
			delta[[2]string{sid, routeKey(k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7])}] -= n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM route_cells WHERE record_id = ?`, old.ID); err != nil {
			return err
		}
	}
	if cur != nil {
		cells := cur.RouteCells()
		if len(cells) > 0 {
			sid, err := routeScopeOfMeta(&cur.Meta).ensure(ctx, tx, nil)
			if err != nil {
				return err
			}
			for _, c := range cells {
				ex := exploitationColumn(c)
				if _, err := tx.exec(ctx, `INSERT INTO route_cells (record_id, operation_id, kind, occurred_at, nationality, origin, transit,
					destination, sex, age_band, exploitation, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					cur.ID, nullable(cur.OperationID), c.Kind, micros(c.At), c.Nationality, c.Origin, c.Transit, c.Destination,
					c.Sex, c.AgeBand, ex, c.N); err != nil {
					return err
				}
				delta[[2]string{sid, routeKey(c.Kind, c.Nationality, c.Origin, c.Transit, c.Destination, c.Sex, c.AgeBand, ex)}] += c.N
			}
		}
	}
	return addRouteTotals(ctx, tx, delta)
}

// tallyReport keeps both of an event's derived tables: the operation's
// counters and its route cells (with their totals).
func tallyReport(ctx context.Context, tx *Tx, old, cur *meridian.Event) error {
	if err := tallyEvent(ctx, tx, old, cur); err != nil {
		return err
	}
	return writeRouteCells(ctx, tx, old, cur)
}

// A routes read writes one audit entry per request, action "analyse" on
// kind "routes", naming the query (its filter) where a record read names
// the record; not the records summed: they are many, and the figures name
// none of them.
const (
	routesAuditAction = "analyse"
	routesAuditKind   = "routes"
)

// RoutesQuery is how the audit log names a routes query: its filter as URL
// query parameters, the period as [from, before).
func RoutesQuery(f meridian.RouteFilter) string {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("operation_id", f.OperationID)
	if !f.From.IsZero() {
		v.Set("from", f.From.UTC().Format(time.RFC3339))
	}
	if !f.To.IsZero() {
		v.Set("before", f.To.UTC().Format(time.RFC3339))
	}
	set("region", f.Region)
	set("exploitation", f.Exploitation)
	set("sex", f.Sex)
	set("age_band", f.AgeBand)
	set("kind", f.Kind)
	return v.Encode()
}

// RouteCells returns the route cells of the records the caller may read,
// of one operation (to its participants) or of every operation, summed by
// their dimensions and owner (whether the caller's agency owns them,
// decided by policy.OwnsFigure), those outside [f.From, f.To) apart and
// marked Out; and the alerts on travellers the caller may read, as cells
// from nationality to the country of arrival. Analysts, coordinators,
// observers and prosecutors only (policy.CanAnalyse). The read is audited
// in one entry naming the filter (RoutesQuery), recorded before the cells
// are returned.
//
// The sums come from route_totals, over the release scopes the caller may
// read; with a period, the cells inside it are read one by one (under the
// caller's read scope on records) and taken off the totals, the rest being
// outside the period.
func (s *DB) RouteCells(ctx context.Context, f meridian.RouteFilter) ([]meridian.RouteCell, error) {
	const op = "sqldb.RouteCells"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	if err := policy.CanAnalyse(subj); err != nil {
		return nil, err
	}
	operationID, from, to := f.OperationID, f.From, f.To
	if operationID != "" {
		o, err := s.findOperation(ctx, operationID)
		if err != nil {
			return nil, err
		}
		if err := policy.CanSeeFigures(subj, o.Participation()); err != nil {
			return nil, err
		}
	}
	period := !from.IsZero() || !to.IsZero()
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if !from.IsZero() {
		lo = micros(from)
	}
	if !to.IsZero() {
		hi = micros(to)
	}
	var out []meridian.RouteCell
	err := s.read(ctx, op, func(tx *Tx) error {
		owns := map[string]bool{}
		ownsFigure := func(owner string) bool {
			own, ok := owns[owner]
			if !ok {
				own = policy.OwnsFigure(subj, owner)
				owns[owner] = own
			}
			return own
		}
		// Sums by route key: [0] other agencies', [1] the caller's own.
		type sums = map[string]*[2]int64
		add := func(m sums, key []byte, owner string, n int64) {
			p := m[string(key)]
			if p == nil {
				p = &[2]int64{}
				m[string(key)] = p
			}
			if ownsFigure(owner) {
				p[1] += n
			} else {
				p[0] += n
			}
		}
		// The cells inside the period, one by one, under the read scope.
		in := sums{}
		if period {
			cond, sargs := recordScope(policy.ReadScope(subj)).sql()
			q := `SELECT c.kind, c.nationality, c.origin, c.transit, c.destination, c.sex, c.age_band, c.exploitation, r.owner_agency,
				SUM(c.n) FROM route_cells c JOIN records r ON r.id = c.record_id WHERE c.occurred_at >= ? AND c.occurred_at < ? AND ` + cond
			args := append([]any{lo, hi}, sargs...)
			if operationID != "" {
				q += ` AND c.operation_id = ?`
				args = append(args, operationID)
			}
			q += ` GROUP BY c.kind, c.nationality, c.origin, c.transit, c.destination, c.sex, c.age_band, c.exploitation, r.owner_agency`
			rows, err := tx.query(ctx, q, args...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var k [8]string
				var owner string
				var n int64
				if err := rows.Scan(&k[0], &k[1], &k[2], &k[3], &k[4], &k[5], &k[6], &k[7], &owner, &n); err != nil {
					rows.Close()
					return err
				}
				add(in, []byte(routeKey(k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7])), owner, n)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		// The totals of the release scopes the caller may read.
		cond, args := routeScopeSQL(policy.ReadScope(subj))
		q := `SELECT r.owner_agency, t.route_key, t.n FROM route_scopes r JOIN route_totals t ON t.scope_id = r.id WHERE ` + cond
		if operationID != "" {
			q += ` AND r.operation_id = ?`
			args = append(args, operationID)
		}
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		total := sums{}
		var owner string
		var key sql.RawBytes
		var n int64
		for rows.Next() {
			if err := rows.Scan(&owner, &key, &n); err != nil {
				rows.Close()
				return err
			}
			add(total, key, owner, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// Each key once: inside the period, and the rest outside it (or,
		// without a period, all of it).
		for k, t := range total {
			c, ok := parseRouteKey(k)
			if !ok {
				return fmt.Errorf("sqldb: malformed route key %q", k)
			}
			var i [2]int64
			if p := in[k]; p != nil {
				i = *p
			}
			for own := range 2 {
				for _, x := range []struct {
					n   int64
					out bool
				}{{i[own], false}, {t[own] - i[own], period}} {
					if x.n > 0 {
						c.N, c.Out, c.Own = x.n, x.out, own == 1
						out = append(out, c)
					}
				}
			}
		}
		if err := alertCells(ctx, tx, subj, operationID, lo, hi, owns, &out); err != nil {
			return err
		}
		tx.audit(routesAuditAction, routesAuditKind, RoutesQuery(f), "")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// alertCells adds the alerts the caller may read (passengerScope) as
// cells from the traveller's nationality to the country of arrival.
func alertCells(ctx context.Context, tx *Tx, subj *meridian.Subject, operationID string, lo, hi int64, owns map[string]bool, out *[]meridian.RouteCell) error {
	cond, args := passengerScope(subj, "manifests.owner_agency", "alerts.country").sql()
	q := `SELECT alerts.created_at, alerts.country, alerts.body, manifests.owner_agency FROM alerts
		JOIN manifests ON manifests.id = alerts.manifest_id WHERE ` + cond
	if operationID != "" {
		q += ` AND alerts.operation_id = ?`
		args = append(args, operationID)
	}
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var at int64
		var country, body, owner string
		if err := rows.Scan(&at, &country, &body, &owner); err != nil {
			return err
		}
		var a struct {
			Traveller struct {
				Nationality string `json:"nationality"`
				Sex         string `json:"sex"`
			} `json:"traveller"`
		}
		if err := json.Unmarshal([]byte(body), &a); err != nil {
			return err
		}
		own, ok := owns[owner]
		if !ok {
			own = policy.OwnsFigure(subj, owner)
			owns[owner] = own
		}
		nat, sex := a.Traveller.Nationality, a.Traveller.Sex
		if nat == "" {
			nat = "unknown"
		}
		if sex == "" {
			sex = "unknown"
		}
		*out = append(*out, meridian.RouteCell{Kind: meridian.RouteAlerts, Nationality: nat, Origin: nat, Destination: country,
			Sex: sex, AgeBand: "unknown", Out: at < lo || at >= hi, Own: own, N: 1})
	}
	return rows.Err()
}

// BackfillRouteCells writes the route cells of reports stored before
// route_cells existed, in batches after the cursor migration 0019 leaves
// in store_meta, as BackfillKeys does for keys.
func (s *DB) BackfillRouteCells(ctx context.Context) error {
	return s.backfillEvents(ctx, "sqldb.BackfillRouteCells", "route_cells_backfill", writeRouteCells)
}

// backfillEvents calls write for every report (event) after the cursor
// that a migration leaves in store_meta under key, in batches of
// backfillBatch, each batch in one write transaction that moves the
// cursor; the cursor is deleted after the last batch, so that it runs once.
func (s *DB) backfillEvents(ctx context.Context, op, key string, write func(ctx context.Context, tx *Tx, was, now *meridian.Event) error) error {
	sys := meridian.WithSubject(ctx, meridian.SystemSubject)
	for {
		done := false
		err := s.write(sys, op, func(tx *Tx) error {
			var after string
			err := tx.queryRow(ctx, `SELECT value FROM store_meta WHERE key = ?`+tx.s.d.ForUpdate(), key).Scan(&after)
			if errors.Is(err, sql.ErrNoRows) {
				done = true
				return nil
			}
			if err != nil {
				return err
			}
			rows, err := tx.query(ctx, `SELECT id, body FROM records WHERE id > ? AND kind = 'event' ORDER BY id LIMIT ?`+tx.s.d.ForUpdate(),
				after, backfillBatch)
			if err != nil {
				return err
			}
			var evs []*meridian.Event
			var last string
			for rows.Next() {
				var id, body string
				if err := rows.Scan(&id, &body); err != nil {
					rows.Close()
					return err
				}
				last = id
				e := &meridian.Event{}
				if err := json.Unmarshal([]byte(body), e); err != nil {
					rows.Close()
					return err
				}
				e.ID = id
				evs = append(evs, e)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, e := range evs {
				if err := write(ctx, tx, e, e); err != nil {
					return err
				}
			}
			if len(evs) < backfillBatch {
				done = true
				_, err = tx.exec(ctx, `DELETE FROM store_meta WHERE key = ?`, key)
				return err
			}
			_, err = tx.exec(ctx, `UPDATE store_meta SET value = ? WHERE key = ?`, last, key)
			return err
		})
		if err != nil || done {
			return err
		}
	}
}

// BackfillRouteTotals computes route_totals from the stored route cells
// when migration 0027 asks for it (its row in store_meta), in one
// transaction: the totals of every release scope are dropped and summed
// again from route_cells and the records they belong to, so that a report
// written meanwhile is neither lost nor counted twice. Open runs it after
// BackfillRouteCells. Benchmarks that write cells straight into the
// tables ask for it again the same way.
func (s *DB) BackfillRouteTotals(ctx context.Context) error {
	const op = "sqldb.BackfillRouteTotals"
	sys := meridian.WithSubject(ctx, meridian.SystemSubject)
	return s.write(sys, op, func(tx *Tx) error {
		if asked, err := backfillAsked(ctx, tx, "route_totals_backfill"); !asked || err != nil {
			return err
		}
		// The scopes stay: the trend counts are kept under them too, and a
		// scope without totals adds nothing.
		if _, err := tx.exec(ctx, `DELETE FROM route_totals`); err != nil {
			return err
		}
		releases, err := listedReleases(ctx, tx, "route_cells")
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT r.id, r.owner_agency, COALESCE(r.operation_id, ''), r.scope, c.kind, c.nationality, c.origin,
			c.transit, c.destination, c.sex, c.age_band, c.exploitation, c.n FROM route_cells c JOIN records r ON r.id = c.record_id`)
		if err != nil {
			return err
		}
		scopes := map[string]routeScope{}
		delta := map[[2]string]int64{}
		for rows.Next() {
			var id, owner, operation, sc string
			var k [8]string
			var n int64
			if err := rows.Scan(&id, &owner, &operation, &sc, &k[0], &k[1], &k[2], &k[3], &k[4], &k[5], &k[6], &k[7], &n); err != nil {
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
			delta[[2]string{sid, routeKey(k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7])}] += n
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
		if err := addRouteTotals(ctx, tx, delta); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `DELETE FROM store_meta WHERE key = 'route_totals_backfill'`)
		return err
	})
}

// listedReleases reads the agencies ([0]) and countries ([1]) that
// listed records holding rows in table (route_cells or trend_facts, by
// record_id) are released to, by record: what the backfills need to name
// each record's release scope.
func listedReleases(ctx context.Context, tx *Tx, table string) (map[string]*[2][]string, error) {
	releases := map[string]*[2][]string{}
	rows, err := tx.query(ctx, `SELECT x.record_id, x.kind, x.value FROM record_releases x JOIN records r ON r.id = x.record_id
		WHERE r.scope = 'listed' AND EXISTS (SELECT 1 FROM `+table+` c WHERE c.record_id = r.id)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, kind, value string
		if err := rows.Scan(&id, &kind, &value); err != nil {
			return nil, err
		}
		r := releases[id]
		if r == nil {
			r = &[2][]string{}
			releases[id] = r
		}
		if kind == "agency" {
			r[0] = append(r[0], value)
		} else if kind == "country" {
			r[1] = append(r[1], value)
		}
	}
	return releases, rows.Err()
}

// backfillAsked reports whether a migration asked for the backfill named
// key (its row in store_meta), locking that row for the transaction so
// that one instance runs it.
func backfillAsked(ctx context.Context, tx *Tx, key string) (bool, error) {
	var v string
	err := tx.queryRow(ctx, `SELECT value FROM store_meta WHERE key = ?`+tx.s.d.ForUpdate(), key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
