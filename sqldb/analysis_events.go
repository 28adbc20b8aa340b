package sqldb

import (
	"context"
	"time"

	"meridian"
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

// tallyEventAll keeps an event's derived tables: the operation's counters,
// its route cells and its trend facts.
func tallyEventAll(ctx context.Context, tx *Tx, old, cur *meridian.Event) error {
	if err := tallyReport(ctx, tx, old, cur); err != nil {
		return err
	}
	return writeTrendFacts(ctx, tx, old, cur)
}

// BackfillTrendFacts writes the trend facts of reports stored before
// trend_facts existed, in batches after the cursor migration 0028 leaves
// in store_meta, as BackfillRouteCells does for route cells.
func (s *DB) BackfillTrendFacts(ctx context.Context) error {
	return s.backfillEvents(ctx, "sqldb.BackfillTrendFacts", "trend_facts_backfill", writeTrendFacts)
}
