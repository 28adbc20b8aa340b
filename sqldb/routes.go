package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"time"

	"meridian"
	"meridian/policy"
)

// Routes (issue 14). Each rescue, migrants and interception report writes
// its route cells (route_cells) in its own transaction; the analysis reads
// them joined to the records they come from under the reader's scope, so
// that no row of a record the reader may not read is ever fetched.

// writeRouteCells replaces an event's route cells; cur nil deletes them.
func writeRouteCells(ctx context.Context, tx *Tx, old, cur *meridian.Event) error {
	if old != nil {
		if _, err := tx.exec(ctx, `DELETE FROM route_cells WHERE record_id = ?`, old.ID); err != nil {
			return err
		}
	}
	if cur == nil {
		return nil
	}
	for _, c := range cur.RouteCells() {
		ex := ""
		if len(c.Exploitation) > 0 {
			ex = "|" + strings.Join(c.Exploitation, "|") + "|"
		}
		if _, err := tx.exec(ctx, `INSERT INTO route_cells (record_id, operation_id, kind, occurred_at, nationality, origin, transit,
			destination, sex, age_band, exploitation, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			cur.ID, nullable(cur.OperationID), c.Kind, micros(c.At), c.Nationality, c.Origin, c.Transit, c.Destination,
			c.Sex, c.AgeBand, ex, c.N); err != nil {
			return err
		}
	}
	return nil
}

// tallyReport keeps both of an event's derived tables: the operation's
// counters and its route cells.
func tallyReport(ctx context.Context, tx *Tx, old, cur *meridian.Event) error {
	if err := tallyEvent(ctx, tx, old, cur); err != nil {
		return err
	}
	return writeRouteCells(ctx, tx, old, cur)
}

// RouteCells returns the route cells of the records the caller may read,
// of one operation (to its participants) or of every operation, summed in
// SQL by their dimensions and owner (whether the caller's agency owns
// them, decided by policy.OwnsFigure), those outside [from, to) apart and
// marked Out; and the alerts on travellers the caller may read, as cells
// from nationality to the country of arrival. Analysts, coordinators,
// observers and prosecutors only (policy.CanAnalyse).
func (s *DB) RouteCells(ctx context.Context, operationID string, from, to time.Time) ([]meridian.RouteCell, error) {
	const op = "sqldb.RouteCells"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	if err := policy.CanAnalyse(subj); err != nil {
		return nil, err
	}
	if operationID != "" {
		o, err := s.findOperation(ctx, operationID)
		if err != nil {
			return nil, err
		}
		if err := policy.CanSeeFigures(subj, o.Participation()); err != nil {
			return nil, err
		}
	}
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if !from.IsZero() {
		lo = micros(from)
	}
	if !to.IsZero() {
		hi = micros(to)
	}
	var out []meridian.RouteCell
	err := s.read(ctx, op, func(tx *Tx) error {
		cond, sargs := recordScope(policy.ReadScope(subj)).sql()
		q := `SELECT c.kind, c.nationality, c.origin, c.transit, c.destination, c.sex, c.age_band, c.exploitation, r.owner_agency,
			CASE WHEN c.occurred_at >= ? AND c.occurred_at < ? THEN 0 ELSE 1 END AS out_of_period, SUM(c.n)
			FROM route_cells c JOIN records r ON r.id = c.record_id WHERE ` + cond
		args := append([]any{lo, hi}, sargs...)
		if operationID != "" {
			q += ` AND c.operation_id = ?`
			args = append(args, operationID)
		}
		// By position: PostgreSQL would not read the CASE, with its own
		// placeholders, as the one selected.
		q += ` GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		owns := map[string]bool{}
		for rows.Next() {
			var c meridian.RouteCell
			var ex, owner string
			var outside int
			if err := rows.Scan(&c.Kind, &c.Nationality, &c.Origin, &c.Transit, &c.Destination, &c.Sex, &c.AgeBand,
				&ex, &owner, &outside, &c.N); err != nil {
				return err
			}
			c.Out = outside == 1
			if ex != "" {
				c.Exploitation = strings.Split(strings.Trim(ex, "|"), "|")
			}
			own, ok := owns[owner]
			if !ok {
				own = policy.OwnsFigure(subj, owner)
				owns[owner] = own
			}
			c.Own = own
			out = append(out, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return alertCells(ctx, tx, subj, operationID, lo, hi, owns, &out)
	})
	return out, err
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
	const op = "sqldb.BackfillRouteCells"
	sys := meridian.WithSubject(ctx, meridian.SystemSubject)
	for {
		done := false
		err := s.write(sys, op, func(tx *Tx) error {
			var after string
			err := tx.queryRow(ctx, `SELECT value FROM store_meta WHERE key = 'route_cells_backfill'`+tx.s.d.ForUpdate()).Scan(&after)
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
				if err := writeRouteCells(ctx, tx, e, e); err != nil {
					return err
				}
			}
			if len(evs) < backfillBatch {
				done = true
				_, err = tx.exec(ctx, `DELETE FROM store_meta WHERE key = 'route_cells_backfill'`)
				return err
			}
			_, err = tx.exec(ctx, `UPDATE store_meta SET value = ? WHERE key = 'route_cells_backfill'`, last)
			return err
		})
		if err != nil || done {
			return err
		}
	}
}
