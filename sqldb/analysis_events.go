package sqldb

import (
	"context"
	"encoding/json"
	"time"

	"meridian"
	"meridian/policy"
)

// trendFacts is what a report adds to the trends (trend_facts.facts): the
// fields analysis.Build counts, and nothing else of the report.
type trendFacts struct {
	Type     meridian.EventType `json:"t"`
	Country  string             `json:"c,omitempty"`
	THBOrSOM bool               `json:"h,omitempty"`
	Victims  []trendVictims     `json:"v,omitempty"`
	Migrants []trendMigrants    `json:"m,omitempty"`
}

type trendVictims struct {
	Count        int      `json:"n"`
	RecruitedIn  string   `json:"r,omitempty"`
	ExploitedIn  string   `json:"x,omitempty"`
	Exploitation []string `json:"e,omitempty"`
	Recruitment  []string `json:"rm,omitempty"`
	Control      []string `json:"mc,omitempty"`
}

type trendMigrants struct {
	Count int `json:"n"`
	// The route's origins and destinations, in order (the series read
	// the first origin and the last destination).
	Route []meridian.RoutePoint `json:"p,omitempty"`
}

// trendTypes are the reports that carry figures.
func trendType(t meridian.EventType) bool {
	switch t {
	case meridian.EventRescue, meridian.EventMigrants, meridian.EventArrest, meridian.EventRaid, meridian.EventInterception, meridian.EventFlight:
		return true
	}
	return false
}

func factsOf(e *meridian.Event) trendFacts {
	f := trendFacts{Type: e.Type, Country: e.Place.Country, THBOrSOM: e.OnTHBOrSOM()}
	for _, v := range e.Victims {
		f.Victims = append(f.Victims, trendVictims{Count: v.Count, RecruitedIn: v.RecruitedIn, ExploitedIn: v.ExploitedIn,
			Exploitation: v.Exploitation, Recruitment: v.Recruitment, Control: v.Control})
	}
	for _, m := range e.Migrants {
		g := trendMigrants{Count: m.Count}
		for _, p := range m.Route {
			if p.Role == "origin" || p.Role == "destination" {
				g.Route = append(g.Route, meridian.RoutePoint{Country: p.Country, Role: p.Role})
			}
		}
		f.Migrants = append(f.Migrants, g)
	}
	return f
}

// event is the report as the series see it: its figures, when and where
// it occurred, its id and owner; nothing else is filled.
func (f trendFacts) event(id, owner string, at time.Time) *meridian.Event {
	e := &meridian.Event{Meta: meridian.Meta{ID: id, OwnerAgency: owner}, Type: f.Type, OccurredAt: at, Place: meridian.Place{Country: f.Country}}
	if f.THBOrSOM {
		e.Charges = []meridian.Charge{{Code: meridian.ChargeTHB}}
	}
	for _, v := range f.Victims {
		e.Victims = append(e.Victims, meridian.VictimGroup{Count: v.Count, RecruitedIn: v.RecruitedIn, ExploitedIn: v.ExploitedIn,
			Exploitation: v.Exploitation, Recruitment: v.Recruitment, Control: v.Control})
	}
	for _, m := range f.Migrants {
		g := meridian.MigrantGroup{Count: m.Count, Route: m.Route}
		e.Migrants = append(e.Migrants, g)
	}
	return e
}

// writeTrendFacts replaces an event's trend facts; cur nil deletes them.
func writeTrendFacts(ctx context.Context, tx *Tx, old, cur *meridian.Event) error {
	if old != nil {
		if _, err := tx.exec(ctx, `DELETE FROM trend_facts WHERE record_id = ?`, old.ID); err != nil {
			return err
		}
	}
	if cur == nil || !trendType(cur.Type) {
		return nil
	}
	b, err := json.Marshal(factsOf(cur))
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO trend_facts (record_id, operation_id, occurred_at, facts) VALUES (?, ?, ?, ?)`,
		cur.ID, nullable(cur.OperationID), micros(cur.OccurredAt), string(b))
	return err
}

// tallyEventAll keeps an event's derived tables: the operation's counters,
// its route cells and its trend facts.
func tallyEventAll(ctx context.Context, tx *Tx, old, cur *meridian.Event) error {
	if err := tallyReport(ctx, tx, old, cur); err != nil {
		return err
	}
	return writeTrendFacts(ctx, tx, old, cur)
}

// AnalysisEvents returns the events the caller may read, of an operation
// (or any, for "") that occurred in [from, to), for the analysis' series:
// the reports that carry figures, read in one audited list, each with
// only what the series count (its type, day, country, groups of victims
// and migrants, whether an arrest is on a THB or SOM charge, its id and
// owner). They are read from trend_facts, on its index of when they
// occurred, joined to their records under the caller's scope.
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
		q := `SELECT r.id, r.owner_agency, f.occurred_at, f.facts FROM trend_facts f JOIN records r ON r.id = f.record_id
			WHERE f.occurred_at >= ? AND f.occurred_at < ?`
		args = append([]any{micros(from), micros(to)}, args...)
		if operationID != "" {
			q += ` AND f.operation_id = ?`
			args = append([]any{micros(from), micros(to), operationID}, args[2:]...)
		}
		q += ` AND ` + cond
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var listed []meridian.AuditRecord
		for rows.Next() {
			var id, owner, body string
			var at int64
			if err := rows.Scan(&id, &owner, &at, &body); err != nil {
				return err
			}
			var f trendFacts
			if err := json.Unmarshal([]byte(body), &f); err != nil {
				return err
			}
			out = append(out, f.event(id, owner, fromMicros(at)))
			listed = append(listed, meridian.AuditRecord{ID: id, Owner: owner})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.auditList("event", listed)
		return nil
	})
	return out, err
}

// BackfillTrendFacts writes the trend facts of reports stored before
// trend_facts existed, in batches after the cursor migration 0028 leaves
// in store_meta, as BackfillRouteCells does for route cells.
func (s *DB) BackfillTrendFacts(ctx context.Context) error {
	return s.backfillEvents(ctx, "sqldb.BackfillTrendFacts", "trend_facts_backfill", writeTrendFacts)
}
