package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"meridian"
)

// Store is what the series need from the store: the series of the
// reports the context's subject may read, of one operation (or of every
// operation and none, for ""), summed by owner agency and by day of
// [from, to) (midnight to midnight, UTC); the store decides who may ask
// (policy.CanSeeTrends) and audits the read.
type Store interface {
	TrendSeries(ctx context.Context, operationID string, from, to time.Time) ([]meridian.TrendSeries, error)
}

// Metrics of the series: the figures of the records. Those counting people
// are suppressed below meridian.Suppression for viewers outside the
// records' owners; the others count reports (a raid, an interception, a
// flight monitored), not people.
const (
	SeriesVictims       = meridian.MetricVictims
	SeriesMigrants      = meridian.MetricMigrants
	SeriesArrests       = meridian.MetricArrests
	SeriesArrestsTHBSOM = meridian.MetricArrestsTHBSOM
	SeriesRaids         = meridian.MetricRaids
	SeriesInterceptions = meridian.MetricInterceptions
	SeriesFlights       = meridian.MetricFlights
)

// SeriesMetrics lists the metrics in the order the screen shows them.
var SeriesMetrics = []string{SeriesVictims, SeriesMigrants, SeriesArrests, SeriesArrestsTHBSOM, SeriesRaids, SeriesInterceptions, SeriesFlights}

// peopleMetric reports whether a metric counts people (and is suppressed).
func peopleMetric(m string) bool {
	switch m {
	case SeriesVictims, SeriesMigrants, SeriesArrests, SeriesArrestsTHBSOM:
		return true
	}
	return false
}

// Dimensions a series is broken down by. A victim group may have several
// forms of exploitation and methods: those dimensions' keys do not sum
// to the whole.
const (
	DimAll          = meridian.TrendAll
	DimCountry      = meridian.TrendCountry
	DimRoute        = meridian.TrendRoute
	DimExploitation = meridian.TrendExploitation
	DimRecruitment  = meridian.TrendRecruitment
	DimControl      = meridian.TrendControl
)

// Dimensions lists the dimensions.
var Dimensions = []string{DimAll, DimCountry, DimRoute, DimExploitation, DimRecruitment, DimControl}

func multiValued(dim string) bool {
	return dim == DimExploitation || dim == DimRecruitment || dim == DimControl
}

// Series is one figure over time, daily and weekly: a value per day of
// Trends.Days and per week of Trends.Weeks, null where suppressed.
type Series struct {
	Metric    string   `json:"metric"`
	Dimension string   `json:"dimension"`
	Key       string   `json:"key" doc:"the country, route (XX>YY), form or method; empty for all"`
	Daily     []*int64 `json:"daily" doc:"one value a day of days; null: suppressed"`
	Weekly    []*int64 `json:"weekly" doc:"one value a week of weeks; null: suppressed"`
}

// Flag is a change point the detector found in a series, rising: an
// emerging pattern, and why it is flagged.
type Flag struct {
	Metric    string        `json:"metric"`
	Dimension string        `json:"dimension"`
	Key       string        `json:"key"`
	Interval  string        `json:"interval" enum:"day,week"`
	Index     int           `json:"index" doc:"the first point of the new level, in days or weeks"`
	Since     meridian.Date `json:"since" doc:"the day (or week's Monday) the rise began"`
	Before    float64       `json:"before" doc:"the level before, per day or week"`
	After     float64       `json:"after" doc:"the level since"`
	Ratio     float64       `json:"ratio,omitempty" doc:"after over before; absent when nothing came before"`
	Reason    string        `json:"reason" doc:"the change in words (English; the screen words it in the viewer's language)"`
}

// Trends are the series of the records a viewer may read over a period,
// with the rising changes flagged.
type Trends struct {
	OperationID string          `json:"operation_id,omitempty"`
	From        meridian.Date   `json:"from" doc:"the Monday of the first week asked for"`
	To          meridian.Date   `json:"to" doc:"the Sunday of the last week asked for"`
	Days        []meridian.Date `json:"days"`
	Weeks       []meridian.Date `json:"weeks" doc:"the Monday of each week (ISO)"`
	Series      []Series        `json:"series"`
	Flags       []Flag          `json:"flags" doc:"rising changes, the most recent first"`
	Suppression int             `json:"suppression" doc:"the smallest count of people shown to a viewer who does not own every record counted"`
	Withheld    int             `json:"withheld" doc:"weeks of a breakdown withheld whole, since their small cells could not be protected"`
	ComputedAt  time.Time       `json:"computed_at"`
}

// Query selects the trends: an operation (or all the viewer reads) over
// [From, To], days inclusive.
type Query struct {
	OperationID string
	From, To    meridian.Date
}

// MaxDays bounds a query: a year and a week.
const MaxDays = 372

// Validate checks a query.
func (q *Query) Validate() error {
	f := meridian.Fields{Op: "analysis.Trends"}
	from, to := q.From.Time(), q.To.Time()
	switch {
	case from.IsZero():
		f.Add("from", "is required (YYYY-MM-DD)")
	case to.IsZero():
		f.Add("to", "is required (YYYY-MM-DD)")
	case to.Before(from):
		f.Add("to", "%s is before from (%s)", q.To, q.From)
	case to.Sub(from) >= MaxDays*24*time.Hour:
		f.Add("to", "more than %d days after from", MaxDays)
	}
	if q.OperationID != "" && !meridian.IsID(q.OperationID) {
		f.Add("operation", "malformed id %q", q.OperationID)
	}
	return f.Err()
}

// Compute reads the series the context's subject may read and returns
// the trends.
func Compute(ctx context.Context, st Store, q Query, now time.Time) (*Trends, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	p := newPeriod(q)
	ts, err := st.TrendSeries(ctx, q.OperationID, p.from, p.from.AddDate(0, 0, p.nd))
	if err != nil {
		return nil, err
	}
	subj := meridian.SubjectFrom(ctx)
	series := map[cellKey]*acc{}
	for i := range ts {
		s := &ts[i]
		if len(s.N) != p.nd || len(s.Present) != p.nd {
			return nil, fmt.Errorf("analysis: series %s/%s/%s of %d days, want %d", s.Metric, s.Dimension, s.Key, len(s.N), p.nd)
		}
		k := cellKey{s.Metric, s.Dimension, s.Key}
		a := series[k]
		if a == nil {
			a = &acc{n: make([]int64, p.nd), foreign: make([]bool, p.nd)}
			series[k] = a
		}
		foreign := foreignTo(subj, s.Owner)
		for d, n := range s.N {
			a.n[d] += n
			if foreign && s.Present[d] {
				a.foreign[d] = true
			}
		}
	}
	return p.build(q, series, now), nil
}

// foreignTo reports whether a record of owner is another agency's than
// the viewer's, for suppression.
func foreignTo(subj *meridian.Subject, owner string) bool {
	return subj == nil || !subj.System && owner != subj.AgencyID
}

// cellKey names one series.
type cellKey struct{ metric, dim, key string }

// acc accumulates one series by day, and whether a record of another
// agency than the viewer's is counted on each day.
type acc struct {
	n       []int64
	foreign []bool
}

// period is a query's period widened to whole weeks, Monday to Sunday: a
// week's cells and what is hidden of them then depend on that week's
// records alone, whatever period is asked, so that two requests of
// periods ending on different days cannot be subtracted to give a hidden
// day.
type period struct {
	from time.Time
	nd   int
}

func newPeriod(q Query) period {
	from := q.From.Time()
	from = from.AddDate(0, 0, -((int(from.Weekday()) + 6) % 7))
	to := q.To.Time()
	to = to.AddDate(0, 0, (7-int(to.Weekday()))%7)
	return period{from: from, nd: int(to.Sub(from)/(24*time.Hour)) + 1}
}

// Build computes the trends of events (which the viewer subj may read)
// over q's period: counts by day, weeks from the days, suppression for
// the viewer, then the detector over every series left whole. Compute
// does the same from the series the store sums.
func Build(es []*meridian.Event, q Query, subj *meridian.Subject, now time.Time) *Trends {
	p := newPeriod(q)
	series := map[cellKey]*acc{}
	for _, e := range es {
		d := int(e.OccurredAt.UTC().Sub(p.from) / (24 * time.Hour))
		if e.OccurredAt.Before(p.from) || d >= p.nd {
			continue
		}
		foreign := foreignTo(subj, e.OwnerAgency)
		e.TrendCells(func(metric, dim, key string, n int64) {
			k := cellKey{metric, dim, key}
			a := series[k]
			if a == nil {
				a = &acc{n: make([]int64, p.nd), foreign: make([]bool, p.nd)}
				series[k] = a
			}
			a.n[d] += n
			a.foreign[d] = a.foreign[d] || foreign
		})
	}
	return p.build(q, series, now)
}

// build lays the series out, suppresses for the viewer and flags.
func (p period) build(q Query, series map[cellKey]*acc, now time.Time) *Trends {
	from, nd := p.from, p.nd
	t := &Trends{OperationID: q.OperationID, From: meridian.DateOf(from), To: meridian.DateOf(from.AddDate(0, 0, nd-1)), Suppression: meridian.Suppression,
		ComputedAt: now.UTC(), Series: []Series{}, Flags: []Flag{}}
	weekOf := make([]int, nd)
	for d := range nd {
		day := from.AddDate(0, 0, d)
		t.Days = append(t.Days, meridian.DateOf(day))
		if d == 0 || day.Weekday() == time.Monday {
			mon := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
			t.Weeks = append(t.Weeks, meridian.DateOf(mon))
		}
		weekOf[d] = len(t.Weeks) - 1
	}
	keys := make([]cellKey, 0, len(series))
	for k := range series {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b cellKey) int {
		return cmp.Or(cmp.Compare(slices.Index(SeriesMetrics, a.metric), slices.Index(SeriesMetrics, b.metric)),
			cmp.Compare(slices.Index(Dimensions, a.dim), slices.Index(Dimensions, b.dim)), cmp.Compare(a.key, b.key))
	})
	accs := make([]*acc, 0, len(keys))
	for _, k := range keys {
		a := series[k]
		accs = append(accs, a)
		s := Series{Metric: k.metric, Dimension: k.dim, Key: k.key, Daily: make([]*int64, nd), Weekly: make([]*int64, len(t.Weeks))}
		// The values in one array, days then weeks: one allocation a series.
		vals := make([]int64, nd+len(t.Weeks))
		for d, n := range a.n {
			vals[d] = n
			s.Daily[d] = &vals[d]
			w := weekOf[d]
			vals[nd+w] += n
			s.Weekly[w] = &vals[nd+w]
		}
		t.Series = append(t.Series, s)
	}
	t.Withheld = suppress(t, accs, weekOf)
	t.Flags = flag(t)
	return t
}

// suppress hides, for the viewer, the cells of people's series that count
// 1 to 10 people and any record the viewer's agency does not own, and as
// many others as it takes that none can be worked out (with
// meridian.SuppressCells), week by week: within a week, each series'
// days sum to its week, and a single-valued breakdown's keys sum to the
// whole, day by day and for the week. No relation crosses weeks, so each
// week is protected on its own. The whole's cells are decided first and
// are the same in every breakdown. It returns how many breakdown weeks
// were withheld.
func suppress(t *Trends, acc []*acc, weekOf []int) int {
	withheld := 0
	var sc scratch
	byMetric := map[string][]int{}
	for i, s := range t.Series {
		if peopleMetric(s.Metric) {
			byMetric[s.Metric] = append(byMetric[s.Metric], i)
		}
	}
	for w := range t.Weeks {
		var days []int
		for d, wk := range weekOf {
			if wk == w {
				days = append(days, d)
			}
		}
		for _, metric := range SeriesMetrics {
			idx := byMetric[metric]
			if len(idx) == 0 {
				continue
			}
			// The whole first.
			var whole int = -1
			for _, i := range idx {
				if t.Series[i].Dimension == DimAll {
					whole = i
				}
			}
			if whole < 0 {
				continue
			}
			wholeHidden, ok := protectWeek(&sc, t, acc, []int{whole}, days, w, false, nil)
			if !ok {
				// The whole alone cannot be protected: withhold it, and
				// with it every breakdown of this week.
				for _, i := range idx {
					hideWeek(&t.Series[i], days, w)
				}
				withheld++
				continue
			}
			for _, dim := range Dimensions[1:] {
				var rows []int
				for _, i := range idx {
					if t.Series[i].Dimension == dim {
						rows = append(rows, i)
					}
				}
				if len(rows) == 0 {
					continue
				}
				pin := wholeHidden
				if pin == nil {
					pin = []bool{} // not the whole: apply
				}
				if _, ok := protectWeek(&sc, t, acc, rows, days, w, !multiValued(dim), pin); !ok {
					for _, i := range rows {
						hideWeek(&t.Series[i], days, w)
					}
					withheld++
				}
			}
			applyHidden(t, []int{whole}, days, w, wholeHidden)
		}
	}
	return withheld
}

// protectWeek lays out one week of the series rows (each: its days, then
// its week), after them the whole's (when sums is set: the rows sum to
// it, which is pinned to wholeHidden), suppresses, hides the rows'
// cells, and returns the hidden cells of the rows (for the whole).
func protectWeek(sc *scratch, t *Trends, accs []*acc, rows, days []int, w int, sums bool, wholeHidden []bool) ([]bool, bool) {
	width := len(days) + 1
	nrows := len(rows)
	if sums {
		nrows++
	}
	n := resized(&sc.n, nrows*width)
	open := resized(&sc.open, len(n))
	pinned := resized(&sc.pinned, len(n))
	var hidden []bool
	cell := func(r, c int) int { return r*width + c }
	fill := func(r int, i int) {
		s, a := &t.Series[i], accs[i]
		allOpen := true
		for c, d := range days {
			n[cell(r, c)] = *s.Daily[d]
			open[cell(r, c)] = !a.foreign[d]
			allOpen = allOpen && !a.foreign[d]
		}
		n[cell(r, len(days))] = *s.Weekly[w]
		open[cell(r, len(days))] = allOpen
	}
	for r, i := range rows {
		fill(r, i)
	}
	// Nothing hidden to start with (no small cell of another agency's, no
	// hidden cell of the whole): nothing to protect, as SuppressCells would
	// find, without laying out the relations.
	small := false
	for i, v := range n[:len(rows)*width] {
		if !open[i] && v > 0 && v < meridian.Suppression {
			small = true
			break
		}
	}
	if !small && sums && slices.Contains(wholeHidden, true) {
		small = true
	}
	if !small {
		return make([]bool, width), true
	}
	// The relations' terms in one array: a row's days sum to its week;
	// with sums, each column of the rows to the whole's.
	nterms := nrows * (width)
	if sums {
		nterms += width * nrows
	}
	terms := resized(&sc.terms, nterms)[:0]
	rels := resized(&sc.rels, nrows+width)[:0]
	for r := range nrows {
		start := len(terms)
		terms = append(terms, meridian.CellTerm{Cell: cell(r, len(days)), Coef: -1})
		for c := range days {
			terms = append(terms, meridian.CellTerm{Cell: cell(r, c), Coef: 1})
		}
		rels = append(rels, terms[start:len(terms):len(terms)])
	}
	if sums {
		wr := nrows - 1
		whole := -1
		for i := range t.Series {
			s := &t.Series[i]
			if s.Metric == t.Series[rows[0]].Metric && s.Dimension == DimAll {
				whole = i
			}
		}
		fill(wr, whole)
		hidden = resized(&sc.hidden, len(n))
		for c := range width {
			pinned[cell(wr, c)] = true
			hidden[cell(wr, c)] = wholeHidden[c]
		}
		for c := range width {
			start := len(terms)
			terms = append(terms, meridian.CellTerm{Cell: cell(wr, c), Coef: -1})
			for r := range len(rows) {
				terms = append(terms, meridian.CellTerm{Cell: cell(r, c), Coef: 1})
			}
			rels = append(rels, terms[start:len(terms):len(terms)])
		}
	}
	out, ok := meridian.SuppressCells(n, open, pinned, hidden, rels)
	if !ok {
		return nil, false
	}
	for r, i := range rows {
		if wholeHidden == nil && !sums {
			break // the whole: applied once every breakdown used it
		}
		applyHidden(t, []int{i}, days, w, out[r*width:(r+1)*width])
	}
	return out[:width], true
}

// scratch holds protectWeek's arrays from one week and breakdown to the
// next (a year's trends protect some 700 of them); none of them outlives
// the call that fills it.
type scratch struct {
	n                    []int64
	open, pinned, hidden []bool
	terms                []meridian.CellTerm
	rels                 [][]meridian.CellTerm
}

// resized returns *s with n zero elements, reusing its array.
func resized[T any](s *[]T, n int) []T {
	if cap(*s) < n {
		*s = make([]T, n)
	}
	*s = (*s)[:n]
	clear(*s)
	return *s
}

func applyHidden(t *Trends, rows, days []int, w int, hidden []bool) {
	for _, i := range rows {
		s := &t.Series[i]
		for c, d := range days {
			if hidden[c] {
				s.Daily[d] = nil
			}
		}
		if hidden[len(days)] {
			s.Weekly[w] = nil
		}
	}
}

func hideWeek(s *Series, days []int, w int) {
	for _, d := range days {
		s.Daily[d] = nil
	}
	s.Weekly[w] = nil
}

// DailyWindow is how many of the last days the daily series are scored
// over; the weekly series, scored over the whole period, hold the longer
// history. It keeps a year's trends within their budget (the detector
// costs a few microseconds a point, and a year has hundreds of series).
const DailyWindow = 8 * 7

// flag runs the detector over every series shown whole (no value
// suppressed, so that its levels tell nothing hidden) with something to
// say (at least 3 non-zero points): weekly over the period, daily over
// its last DailyWindow days; it keeps each series' most recent rise.
func flag(t *Trends) []Flag {
	flags := []Flag{}
	off := max(0, len(t.Days)-DailyWindow)
	for _, s := range t.Series {
		for _, iv := range []struct {
			name  string
			xs    []*int64
			daily bool
			at    []meridian.Date
		}{{"day", s.Daily[off:], true, t.Days[off:]}, {"week", s.Weekly, false, t.Weeks}} {
			xs, ok := whole(iv.xs)
			if !ok {
				continue
			}
			var rise *Change
			for _, c := range Detect(xs, ConfigFor(iv.daily)) {
				if c.Rise() {
					rise = &c
				}
			}
			if rise == nil {
				continue
			}
			f := Flag{Metric: s.Metric, Dimension: s.Dimension, Key: s.Key, Interval: iv.name, Index: rise.Index, Since: iv.at[rise.Index],
				Before: round2(rise.Before), After: round2(rise.After)}
			if iv.daily {
				f.Index += off
			}
			if rise.Before > 0 {
				f.Ratio = round2(rise.After / rise.Before)
			}
			f.Reason = fmt.Sprintf("%s %s: since %s, %.3g a %s against %.3g before", s.Metric, describeKey(s), f.Since, f.After, iv.name, f.Before)
			if f.Ratio > 0 {
				f.Reason += fmt.Sprintf(" (x%.2f)", f.Ratio)
			} else {
				f.Reason += " (new)"
			}
			flags = append(flags, f)
		}
	}
	slices.SortStableFunc(flags, func(a, b Flag) int {
		return cmp.Or(cmp.Compare(b.Since, a.Since), cmp.Compare(b.After-b.Before, a.After-a.Before))
	})
	return flags
}

func describeKey(s Series) string {
	if s.Dimension == DimAll {
		return "in all"
	}
	return "by " + s.Dimension + " " + s.Key
}

// whole returns a series' values when none is suppressed and at least
// three points count something.
func whole(ps []*int64) ([]float64, bool) {
	xs := make([]float64, len(ps))
	nz := 0
	for i, p := range ps {
		if p == nil {
			return nil, false
		}
		xs[i] = float64(*p)
		if *p > 0 {
			nz++
		}
	}
	return xs, nz >= 3
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
