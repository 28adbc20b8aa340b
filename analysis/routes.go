package analysis

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"meridian"
)

// RouteStore is what the routes analysis needs of the store: the route
// cells of the records the caller may read (sqldb.DB.RouteCells).
type RouteStore interface {
	// RouteCells returns the cells of f's operation (empty: every one)
	// summed by their dimensions and owner, marking those outside
	// [f.From, f.To) (zero: unbounded) Out. The store audits the read as
	// one query named by f.
	RouteCells(ctx context.Context, f meridian.RouteFilter) ([]meridian.RouteCell, error)
}

// RouteService computes routes from the store's cells.
type RouteService struct {
	Store RouteStore
	Now   func() time.Time
}

var _ meridian.RouteService = (*RouteService)(nil)

// Routes implements meridian.RouteService.
func (s *RouteService) Routes(ctx context.Context, f meridian.RouteFilter) (*meridian.Routes, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	cells, err := s.Store.RouteCells(ctx, f)
	if err != nil {
		return nil, err
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	return ComputeRoutes(cells, f, now()), nil
}

type flowKey struct{ kind, nat, origin, transit, dest string }

// flowAcc sums one flow: the caller's own people under the whole filter,
// and other agencies' people by which of the filters they pass (a bit per
// filter), so that any relaxed filter's count can be read back.
type flowAcc struct {
	own   int64
	other map[uint32]int64
}

// ComputeRoutes computes the flows of cells (all of them readable by the
// caller, Own marking its agency's) under f.
//
// A flow counting only the caller's own records is shown exactly. Any
// other is protected by meridian.SuppressFlows on the part other agencies
// contribute (the caller knows its own part, so that is what a figure
// tells it of others): below meridian.Suppression, it is hidden, with the
// flows that would give it away. And since a caller may ask again with one
// filter fewer (all sexes rather than women only) and subtract, a flow is
// also hidden when, for any subset of the filters set, the same flow
// without them would count 1 to 10 more people of other agencies.
func ComputeRoutes(cells []meridian.RouteCell, f meridian.RouteFilter, now time.Time) *meridian.Routes {
	var preds []func(*meridian.RouteCell) bool
	if !f.From.IsZero() || !f.To.IsZero() {
		preds = append(preds, func(c *meridian.RouteCell) bool { return !c.Out && inPeriod(c.At, f) })
	}
	if f.Region != "" {
		preds = append(preds, func(c *meridian.RouteCell) bool { return touches(c, f.Region) })
	}
	if f.Exploitation != "" {
		preds = append(preds, func(c *meridian.RouteCell) bool { return slices.Contains(c.Exploitation, f.Exploitation) })
	}
	if f.Sex != "" {
		preds = append(preds, func(c *meridian.RouteCell) bool { return c.Sex == f.Sex })
	}
	if f.AgeBand != "" {
		preds = append(preds, func(c *meridian.RouteCell) bool { return inBand(c.AgeBand, f.AgeBand) })
	}
	full := uint32(1)<<len(preds) - 1
	flows := map[flowKey]*flowAcc{}
	for i := range cells {
		c := &cells[i]
		if f.Kind != "" && c.Kind != f.Kind {
			continue
		}
		var mask uint32
		for j, p := range preds {
			if p(c) {
				mask |= 1 << j
			}
		}
		k := flowKey{c.Kind, c.Nationality, c.Origin, c.Transit, c.Destination}
		a := flows[k]
		if a == nil {
			a = &flowAcc{other: map[uint32]int64{}}
			flows[k] = a
		}
		if c.Own {
			if mask == full {
				a.own += c.N
			}
			continue
		}
		a.other[mask] += c.N
	}

	otherAt := func(a *flowAcc, set uint32) int64 {
		var n int64
		for m, x := range a.other {
			if m&set == set {
				n += x
			}
		}
		return n
	}
	out := &meridian.Routes{Flows: []meridian.Flow{}, Legs: []meridian.RouteLeg{}, Totals: map[string]int64{}, ComputedAt: now.UTC()}
	var rows []meridian.StatRow
	others := map[string]flowKey{}
	for k, a := range flows {
		other := otherAt(a, full)
		if other == 0 {
			if a.own > 0 {
				out.Flows = append(out.Flows, meridian.Flow{Kind: k.kind, Nationality: k.nat, Origin: k.origin, Transit: k.transit,
					Destination: k.dest, N: a.own, Own: true})
			}
			continue
		}
		forced := false
		for set := uint32(0); set < full && !forced; set++ {
			if set&full != set {
				continue
			}
			if d := otherAt(a, set) - other; d > 0 && d < meridian.Suppression {
				forced = true
			}
		}
		r := meridian.StatRow{Table: "route_" + k.kind, Nationality: k.nat, Origin: k.origin, Transit: k.transit,
			Destination: k.dest, N: other, Suppressed: forced}
		rows = append(rows, r)
		others[rowKey(r)] = k
	}
	shown := map[flowKey]bool{}
	for _, r := range meridian.SuppressFlows(rows) {
		if !r.Suppressed {
			shown[others[rowKey(r)]] = true
		}
	}
	for _, k := range others {
		fl := meridian.Flow{Kind: k.kind, Nationality: k.nat, Origin: k.origin, Transit: k.transit, Destination: k.dest}
		if shown[k] {
			fl.N = flows[k].own + otherAt(flows[k], full)
		} else {
			fl.Suppressed = true
		}
		out.Flows = append(out.Flows, fl)
	}
	slices.SortFunc(out.Flows, func(a, b meridian.Flow) int {
		if a.Suppressed != b.Suppressed {
			if a.Suppressed {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(b.N, a.N); c != 0 {
			return c
		}
		return cmp.Compare(flowString(a), flowString(b))
	})
	legs := map[meridian.RouteLeg]int64{}
	for _, fl := range out.Flows {
		if fl.Suppressed {
			out.Suppressed++
			continue
		}
		out.Totals[fl.Kind] += fl.N
		for _, l := range LegsOf(fl) {
			legs[l] += fl.N
		}
	}
	for l, n := range legs {
		l.N = n
		out.Legs = append(out.Legs, l)
	}
	slices.SortFunc(out.Legs, func(a, b meridian.RouteLeg) int {
		if c := cmp.Compare(b.N, a.N); c != 0 {
			return c
		}
		return cmp.Compare(a.Kind+a.From+a.To, b.Kind+b.From+b.To)
	})
	return out
}

func rowKey(r meridian.StatRow) string {
	return strings.Join([]string{r.Table, r.Nationality, r.Origin, r.Transit, r.Destination}, "\x00")
}

func flowString(f meridian.Flow) string {
	return strings.Join([]string{f.Kind, f.Nationality, f.Origin, f.Transit, f.Destination}, "\x00")
}

// LegsOf splits a flow into its hops from country to country (N unset);
// unknown countries are skipped.
func LegsOf(f meridian.Flow) []meridian.RouteLeg {
	var stops []string
	add := func(c string) {
		if c != "" && c != "unknown" {
			stops = append(stops, c)
		}
	}
	add(f.Origin)
	if f.Transit != "" {
		for _, t := range strings.Split(f.Transit, ">") {
			add(t)
		}
	}
	add(f.Destination)
	if len(stops) == 1 {
		return []meridian.RouteLeg{{Kind: f.Kind, From: stops[0], To: stops[0]}}
	}
	var out []meridian.RouteLeg
	for i := 1; i < len(stops); i++ {
		out = append(out, meridian.RouteLeg{Kind: f.Kind, From: stops[i-1], To: stops[i]})
	}
	return out
}

// inPeriod reports whether t falls in f's period; a zero t (a cell the
// store summed over time, already marked Out or not) does.
func inPeriod(t time.Time, f meridian.RouteFilter) bool {
	return t.IsZero() || (f.From.IsZero() || !t.Before(f.From)) && (f.To.IsZero() || t.Before(f.To))
}

// touches reports whether one of a cell's countries lies in region.
func touches(c *meridian.RouteCell, region string) bool {
	for _, x := range []string{c.Nationality, c.Origin, c.Destination} {
		if _, r := meridian.RegionOf(x); x != "" && x != "unknown" && r == region {
			return true
		}
	}
	for _, x := range strings.Split(c.Transit, ">") {
		if _, r := meridian.RegionOf(x); x != "" && r == region {
			return true
		}
	}
	return false
}

// inBand reports whether a cell's age band falls in the band asked for.
// Migrants are recorded as minors (0-17) or adults (18+) only: they pass
// a band of the same side of 18.
func inBand(have, want string) bool {
	switch have {
	case "0-17":
		return want == "0-11" || want == "12-17"
	case "18+":
		return want != "0-11" && want != "12-17"
	}
	return have == want
}
