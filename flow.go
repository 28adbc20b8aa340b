package meridian

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Route kinds: what a flow of the routes analysis counts.
const (
	// RouteVictims: victims rescued, from their country of recruitment to
	// their country of exploitation, by nationality.
	RouteVictims = "victims"
	// RouteMigrants: irregular migrants, origin -> transit -> destination.
	RouteMigrants = "migrants"
	// RouteInterceptions: interceptions, at the country they happened in.
	RouteInterceptions = "interceptions"
	// RouteAlerts: travellers flagged before arrival, from their
	// nationality to the country of arrival.
	RouteAlerts = "alerts"
)

// RouteKinds lists the route kinds.
var RouteKinds = []string{RouteVictims, RouteMigrants, RouteInterceptions, RouteAlerts}

// RouteCell is what one report (or one alert) adds to the routes: a group
// of people alike in the dimensions the analysis groups and filters on.
// Own says the caller's agency owns the record it comes from.
type RouteCell struct {
	Kind         string
	Nationality  string
	Origin       string
	Transit      string // countries in order, joined by ">"
	Destination  string
	Sex          string
	AgeBand      string
	Exploitation []string
	At           time.Time
	// Out says the cell falls outside the period the store was asked for
	// (it is still needed: a view without the period is compared).
	Out bool
	Own bool
	N   int64
}

// RouteFilter narrows the routes analysis. Empty fields do not filter.
type RouteFilter struct {
	OperationID  string
	From, To     time.Time // To exclusive
	Region       string    // a UN sub-region one of the flow's countries lies in
	Exploitation string
	Sex          string
	AgeBand      string
	Kind         string
}

// Validate checks a filter as a user sent it.
func (f *RouteFilter) Validate() error {
	v := Fields{Op: "routes"}
	if f.OperationID != "" && !IsID(f.OperationID) {
		v.Add("operation_id", "malformed id")
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		v.Add("to", "must be after from")
	}
	if f.Exploitation != "" && !slices.Contains(ExploitationTypes, f.Exploitation) {
		v.Add("exploitation", "unknown exploitation type %q", f.Exploitation)
	}
	switch f.Sex {
	case "", "F", "M", "X", "U":
	default:
		v.Add("sex", "unknown sex %q (want F, M, X or U)", f.Sex)
	}
	if f.AgeBand != "" && !slices.Contains(AgeBands, f.AgeBand) {
		v.Add("age_band", "unknown age band %q", f.AgeBand)
	}
	if f.Kind != "" && !slices.Contains(RouteKinds, f.Kind) {
		v.Add("kind", "unknown route kind %q (want victims, migrants, interceptions or alerts)", f.Kind)
	}
	if len(f.Region) > 100 {
		v.Add("region", "longer than 100 bytes")
	}
	return v.Err()
}

// Flow is one route as the analysis shows it: how many people (or, for
// interceptions, how many interceptions) took it. A suppressed flow shows
// no count: it counts fewer than Suppression people of other agencies, or
// is hidden so that such a flow cannot be worked out from the others.
type Flow struct {
	Kind        string `json:"kind" enum:"victims,migrants,interceptions,alerts"`
	Nationality string `json:"nationality,omitempty" doc:"ISO 3166-1 alpha-2, or unknown"`
	Origin      string `json:"origin,omitempty" doc:"country of origin (migrants) or of recruitment (victims)"`
	Transit     string `json:"transit,omitempty" doc:"transit countries in order, joined by >; for interceptions, where they happened"`
	Destination string `json:"destination,omitempty" doc:"country of destination, of exploitation (victims) or of arrival (alerts)"`
	N           int64  `json:"n" doc:"0 when suppressed"`
	Suppressed  bool   `json:"suppressed,omitempty"`
	Own         bool   `json:"own,omitempty" doc:"counts only records of your agency: never suppressed"`
}

// RouteLeg is one hop of the flow map: the flows shown that pass from one
// country to the next, summed.
type RouteLeg struct {
	Kind string `json:"kind"`
	From string `json:"from"`
	To   string `json:"to" doc:"equal to from for interceptions"`
	N    int64  `json:"n"`
}

// Routes is the routes analysis as one reader may see it.
type Routes struct {
	Flows []Flow     `json:"flows" doc:"largest first; suppressed flows last"`
	Legs  []RouteLeg `json:"legs" doc:"country to country, summed over the flows shown"`
	// Totals sum the flows shown, by kind.
	Totals     map[string]int64 `json:"totals"`
	Suppressed int              `json:"suppressed" doc:"flows not shown"`
	ComputedAt time.Time        `json:"computed_at"`
}

// RouteService computes the routes analysis.
type RouteService interface {
	// Routes computes the flows of the records the caller may read under
	// f, suppressing what would show fewer than Suppression people of
	// other agencies. EInvalid, EForbidden (a role that does not analyse,
	// an operation the caller does not take part in), ENotFound.
	Routes(ctx context.Context, f RouteFilter) (*Routes, error)
}

// RouteCells lists what a report adds to the routes analysis, as the
// store keeps it beside the report (Own unset): a cell per group of
// victims (recruitment, else nationality -> exploitation, else where they
// were found), per group of migrants split into adults and minors (origin,
// else nationality -> transit -> destination, else where they were found),
// and one per interception.
func (e *Event) RouteCells() []RouteCell {
	orUnknown := func(s string) string {
		if s == "" {
			return "unknown"
		}
		return s
	}
	var out []RouteCell
	switch e.Type {
	case EventRescue:
		for _, v := range e.Victims {
			recruited := v.RecruitedIn
			if recruited == "" {
				recruited = v.Nationality
			}
			exploited := v.ExploitedIn
			if exploited == "" {
				exploited = e.Place.Country
			}
			out = append(out, RouteCell{Kind: RouteVictims, Nationality: orUnknown(v.Nationality),
				Origin: orUnknown(recruited), Destination: orUnknown(exploited), Sex: orUnknown(string(v.Sex)),
				AgeBand: orUnknown(v.Band()), Exploitation: v.Exploitation, N: int64(v.Count)})
		}
	case EventMigrants:
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
				out = append(out, RouteCell{Kind: RouteMigrants, Nationality: orUnknown(m.Nationality),
					Origin: orUnknown(origin), Transit: strings.Join(transit, ">"), Destination: dest, Sex: "unknown",
					AgeBand: "18+", N: int64(adults)})
			}
			if m.Minors > 0 {
				out = append(out, RouteCell{Kind: RouteMigrants, Nationality: orUnknown(m.Nationality),
					Origin: orUnknown(origin), Transit: strings.Join(transit, ">"), Destination: dest, Sex: "unknown",
					AgeBand: "0-17", N: int64(m.Minors)})
			}
		}
	case EventInterception:
		out = append(out, RouteCell{Kind: RouteInterceptions, Nationality: "unknown", Origin: "",
			Transit: e.Place.Country, Destination: "", Sex: "unknown", AgeBand: "unknown", N: 1})
	}
	for i := range out {
		out[i].At = e.OccurredAt
	}
	return out
}
