package meridian

import (
	"slices"
	"sort"
	"strings"
	"time"
)

// MetricCount is one of an operation's counters: what its reports add to
// a metric (Event.Metrics) on one day in one country.
type MetricCount struct {
	Day     Date
	Country string
	Metric  string
	N       int64
}

// RegionOf is the region results group a country under: its UN
// sub-region, else its region, else "Other"; name is the country's name,
// or the code when unknown.
func RegionOf(code string) (name, region string) {
	name, region = code, "Other"
	if c, ok := LookupCountry(code); ok {
		name = c.Name
		if c.SubRegion != "" {
			region = c.SubRegion
		} else if c.Region != "" {
			region = c.Region
		}
	}
	return name, region
}

// RollUp computes an operation's results from its counters (metrics and
// check counts by day and country, however many reports they come from),
// narrowed by f: totals, by country (every participating country, and any
// other with figures), by region, by day (every day of the operation, and
// any other with figures), and victims by exploitation. f must be valid
// (a known country code, if any).
func RollUp(o *Operation, f ResultsFilter, metrics []MetricCount, checks []CheckCount, now time.Time) *Results {
	in := func(country string) bool {
		if f.Country != "" && country != f.Country {
			return false
		}
		if f.Region != "" {
			if _, r := RegionOf(country); r != f.Region {
				return false
			}
		}
		return true
	}
	type cell struct {
		day, country string
		f            Figures
	}
	cells := map[[2]string]*cell{}
	at := func(day Date, country string) *Figures {
		k := [2]string{string(day), country}
		c := cells[k]
		if c == nil {
			c = &cell{day: string(day), country: country}
			cells[k] = c
		}
		return &c.f
	}
	exploitation := map[string]int64{}
	for _, m := range metrics {
		if !in(m.Country) {
			continue
		}
		if x, ok := strings.CutPrefix(m.Metric, MetricExploitation); ok {
			exploitation[x] += m.N
			continue
		}
		at(m.Day, m.Country).AddMetric(m.Metric, m.N)
	}
	for _, c := range checks {
		if !in(c.Country) {
			continue
		}
		f := at(c.Day, c.Country)
		f.Checks += c.Checks
		f.Hits += c.Hits
	}
	if f != (ResultsFilter{}) {
		scoped := *o
		scoped.Countries = slices.DeleteFunc(slices.Clone(o.Countries), func(c string) bool { return !in(c) })
		o = &scoped
	}

	r := &Results{Operation: o, Countries: len(o.Countries), ComputedAt: now.UTC()}
	byCountry := map[string]*Figures{}
	byDay := map[string]*Figures{}
	for _, c := range o.Countries {
		byCountry[c] = &Figures{}
	}
	if start, end := o.Start.Time(), o.End.Time(); !start.IsZero() && !end.Before(start) {
		for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
			byDay[string(DateOf(d))] = &Figures{}
		}
	}
	for _, c := range cells {
		r.Totals.Add(c.f)
		if byCountry[c.country] == nil {
			byCountry[c.country] = &Figures{}
		}
		byCountry[c.country].Add(c.f)
		if byDay[c.day] == nil {
			byDay[c.day] = &Figures{}
		}
		byDay[c.day].Add(c.f)
	}
	participant := map[string]bool{}
	for _, c := range o.Countries {
		participant[c] = true
	}
	byRegion := map[string]*RegionFigures{}
	for code, f := range byCountry {
		name, region := RegionOf(code)
		r.ByCountry = append(r.ByCountry, CountryFigures{Country: code, Name: name, Region: region, Figures: *f})
		rf := byRegion[region]
		if rf == nil {
			rf = &RegionFigures{Region: region}
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
		r.ByDay = append(r.ByDay, DayFigures{Day: Date(d), Figures: *f})
	}
	sort.Slice(r.ByDay, func(i, j int) bool { return r.ByDay[i].Day < r.ByDay[j].Day })
	r.Exploitation = []Tally{}
	for k, n := range exploitation {
		if n > 0 {
			r.Exploitation = append(r.Exploitation, Tally{Key: k, N: n})
		}
	}
	sort.Slice(r.Exploitation, func(i, j int) bool {
		a, b := r.Exploitation[i], r.Exploitation[j]
		return a.N > b.N || a.N == b.N && a.Key < b.Key
	})
	return r
}
