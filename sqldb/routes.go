package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"meridian"
	"meridian/policy"
)

// Routes (issue 14). Each rescue, migrants and interception report writes
// its route cells (route_cells) in its own transaction; the analysis reads
// them joined to the records they come from under the reader's scope, so
// that no row of a record the reader may not read is ever fetched.

// routeCellsOf lists what an event adds to the routes.
func routeCellsOf(e *meridian.Event) []meridian.RouteCell {
	orUnknown := func(s string) string {
		if s == "" {
			return "unknown"
		}
		return s
	}
	var out []meridian.RouteCell
	switch e.Type {
	case meridian.EventRescue:
		for _, v := range e.Victims {
			recruited := v.RecruitedIn
			if recruited == "" {
				recruited = v.Nationality
			}
			exploited := v.ExploitedIn
			if exploited == "" {
				exploited = e.Place.Country
			}
			out = append(out, meridian.RouteCell{Kind: meridian.RouteVictims, Nationality: orUnknown(v.Nationality),
				Origin: orUnknown(recruited), Destination: orUnknown(exploited), Sex: orUnknown(string(v.Sex)),
				AgeBand: orUnknown(v.Band()), Exploitation: v.Exploitation, N: int64(v.Count)})
		}
	case meridian.EventMigrants:
		for _, m := range e.Migrants {
			origin, dest := "", ""
			var transit []string
			for _, p := range m.Route {
				switch p.Role {
				case "origin":
					if origin == "" {
						origin = p.Country
					}
				case "transit":
					transit = append(transit, p.Country)
				case "destination":
					dest = p.Country
				}
			}
			if origin == "" {
				origin = m.Nationality
			}
			if dest == "" {
				dest = e.Place.Country
			}
			// Adults and minors are kept apart so that the age filter
			// reads them; a migrant's sex is not recorded.
			if adults := m.Count - m.Minors; adults > 0 {
				out = append(out, meridian.RouteCell{Kind: meridian.RouteMigrants, Nationality: orUnknown(m.Nationality),
					Origin: orUnknown(origin), Transit: strings.Join(transit, ">"), Destination: dest, Sex: "unknown",
					AgeBand: "18+", N: int64(adults)})
			}
			if m.Minors > 0 {
				out = append(out, meridian.RouteCell{Kind: meridian.RouteMigrants, Nationality: orUnknown(m.Nationality),
					Origin: orUnknown(origin), Transit: strings.Join(transit, ">"), Destination: dest, Sex: "unknown",
					AgeBand: "0-17", N: int64(m.Minors)})
			}
		}
	case meridian.EventInterception:
		out = append(out, meridian.RouteCell{Kind: meridian.RouteInterceptions, Nationality: "unknown", Origin: "",
			Transit: e.Place.Country, Destination: "", Sex: "unknown", AgeBand: "unknown", N: 1})
	}
	for i := range out {
		out[i].At = e.OccurredAt
	}
	return out
}

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
	for _, c := range routeCellsOf(cur) {
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
// of one operation (to its participants) or of every operation, with
// whether the caller's agency owns each, and the alerts on travellers the
// caller may read, as cells from nationality to the country of arrival.
// Analysts, coordinators, observers and prosecutors only (policy.CanAnalyse).
func (s *DB) RouteCells(ctx context.Context, operationID string) ([]meridian.RouteCell, error) {
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
	var out []meridian.RouteCell
	err := s.read(ctx, op, func(tx *Tx) error {
		cond, args := recordScope(policy.ReadScope(subj)).sql()
		q := `SELECT c.kind, c.occurred_at, c.nationality, c.origin, c.transit, c.destination, c.sex, c.age_band,
			c.exploitation, c.n, r.owner_agency FROM route_cells c JOIN records r ON r.id = c.record_id WHERE ` + cond
		if operationID != "" {
			q += ` AND c.operation_id = ?`
			args = append(args, operationID)
		}
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		owns := map[string]bool{}
		for rows.Next() {
			var c meridian.RouteCell
			var at int64
			var ex, owner string
			if err := rows.Scan(&c.Kind, &at, &c.Nationality, &c.Origin, &c.Transit, &c.Destination, &c.Sex, &c.AgeBand,
				&ex, &c.N, &owner); err != nil {
				return err
			}
			c.At = fromMicros(at)
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
		return alertCells(ctx, tx, subj, operationID, owns, &out)
	})
	return out, err
}

// alertCells adds the alerts the caller may read (passengerScope) as
// cells from the traveller's nationality to the country of arrival.
func alertCells(ctx context.Context, tx *Tx, subj *meridian.Subject, operationID string, owns map[string]bool, out *[]meridian.RouteCell) error {
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
			Sex: sex, AgeBand: "unknown", At: fromMicros(at), Own: own, N: 1})
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
