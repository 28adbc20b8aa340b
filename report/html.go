package report

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"meridian"
)

// Options choose how a report is written.
type Options struct {
	// Lang is the report's language: en (the default), fr, es or ar
	// (right to left).
	Lang string
}

//go:embed report.css
var css string

//go:embed report.html.tmpl
var pageTemplate string

// ContentSecurityPolicy is the policy a server sends with the HTML report:
// nothing may load, and the one inline style sheet is allowed by its hash.
// The report has no script and no style attribute, so nothing else needs
// allowing.
var ContentSecurityPolicy = func() string {
	sum := sha256.Sum256([]byte(css))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}()

var tmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"f": func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) },
}).Parse(pageTemplate))

// topCountries is how many countries the "most active" chart shows.
const topCountries = 15

// labelRunes is the longest label a bar chart shows whole.
const labelRunes = 36

// HTML writes r as a self-contained, print-ready HTML document: the
// headline table, charts by day, region, country and exploitation type, a
// world map, and full tables by region, country and day. It returns
// EInvalid for an unknown language or results without an operation.
func HTML(w io.Writer, r *meridian.Results, opts Options) error {
	l, ok := lookupLocale(opts.Lang)
	if !ok {
		return meridian.Invalidf("report.HTML", "lang", "unknown language %q (want en, fr, es or ar)", opts.Lang)
	}
	if r == nil || r.Operation == nil {
		return meridian.Errorf(meridian.EInvalid, "report.HTML", "results without an operation")
	}
	p, err := newPage(l, r)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := tmpl.Execute(bw, p); err != nil {
		return fmt.Errorf("report: html: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: html: %w", err)
	}
	return nil
}

// page is what the template shows: every string already formatted in the
// report's language, every chart already laid out.
type page struct {
	Lang, Dir       string
	CSS             template.CSS
	M               *messages
	Name            string
	Period, Status  string
	Headline, Other []figure
	DayCharts       []chart
	Map             *worldMap
	Regions         *chart
	Countries       *chart
	Exploitation    *chart
	Tables          []table
	Footer          string
}

type figure struct {
	Label, Value string
}

// table is a table of figures: a label column or two, then numbers.
type table struct {
	ID, Caption string
	Head        []cell
	Rows        [][]cell
	Foot        []cell
}

// cell is a table cell, its kind decided here rather than by comparisons
// in the template, which cost a reflective call each.
type cell struct {
	S   string
	Row bool // the row's heading
	Num bool // a number, aligned to the end
}

// cells makes a row whose first column heads it and whose columns from
// numeric on are numbers.
func cells(numeric int, ss ...string) []cell {
	out := make([]cell, len(ss))
	for i, s := range ss {
		out[i] = cell{S: s, Row: i == 0, Num: i >= numeric}
	}
	return out
}

// The series of the charts and tables.
func seriesOf(l locale) (victims, migrants, arrests, thbsom, flights, checks series) {
	return series{"s-victims", l.ColVictims}, series{"s-migrants", l.ColMigrants}, series{"s-arrests", l.ColArrests},
		series{"s-thbsom", l.ColTHBSOM}, series{"s-flights", l.ColFlights}, series{"s-checks", l.ColChecks}
}

func newPage(l locale, r *meridian.Results) (*page, error) {
	op := r.Operation
	t := r.Totals
	p := &page{
		Lang: l.lang, Dir: l.Dir, CSS: template.CSS(css), M: l.messages,
		Name:   op.Name,
		Period: l.period(op.Start, op.End),
		Status: l.status(op.Status),
		Headline: []figure{
			{l.Countries, l.num(int64(r.Countries))},
			{l.Period, l.period(op.Start, op.End)},
			{l.Victims, l.num(t.Victims)},
			{l.Migrants, l.num(t.Migrants)},
			{l.Arrests, fmt.Sprintf(l.ArrestsOf, l.num(t.Arrests), l.num(t.ArrestsTHBSOM))},
			{l.Flights, l.num(t.Flights)},
			{l.Checks, l.num(t.Checks)},
		},
		Other: []figure{
			{l.Raids, l.num(t.Raids)},
			{l.Interceptions, l.num(t.Interceptions)},
			{l.Hits, l.num(t.Hits)},
		},
		Footer: fmt.Sprintf(l.Footer, l.timestamp(r.ComputedAt)),
	}
	victims, migrants, arrests, thbsom, flights, checks := seriesOf(l)

	// By day: one small chart per figure, so that 8 million checks and a
	// few thousand victims each get a readable scale.
	if len(r.ByDay) > 0 {
		labels := make([]string, len(r.ByDay))
		cols := make([][]int64, 6)
		for i, d := range r.ByDay {
			labels[i] = l.shortDay(d.Day)
			for j, v := range []int64{d.Victims, d.Migrants, d.Arrests, d.ArrestsTHBSOM, d.Flights, d.Checks} {
				cols[j] = append(cols[j], v)
			}
		}
		p.DayCharts = []chart{
			columnChart(l, "day-victims", l.Victims, labels, cols[0], victims, nil, series{}),
			columnChart(l, "day-migrants", l.Migrants, labels, cols[1], migrants, nil, series{}),
			columnChart(l, "day-arrests", l.Arrests, labels, cols[2], arrests, cols[3], thbsom),
			columnChart(l, "day-flights", l.Flights, labels, cols[4], flights, nil, series{}),
			columnChart(l, "day-checks", l.Checks, labels, cols[5], checks, nil, series{}),
		}
	}

	people := []series{victims, migrants, arrests}
	if len(r.ByRegion) > 0 {
		regions := slices.Clone(r.ByRegion)
		slices.SortStableFunc(regions, func(a, b meridian.RegionFigures) int {
			return cmp.Compare(b.Victims+b.Migrants+b.Arrests, a.Victims+a.Migrants+a.Arrests)
		})
		groups := make([]barGroup, len(regions))
		for i, g := range regions {
			groups[i] = barGroup{clip(l.region(g.Region)), []int64{g.Victims, g.Migrants, g.Arrests}}
		}
		c := barChart(l, "regions", l.ByRegion, people, groups)
		p.Regions = &c
	}

	// Most active countries, and every country in the language's order.
	countries := slices.Clone(r.ByCountry)
	names := make(map[string]string, len(countries))
	for _, c := range countries {
		names[c.Country] = l.country(c.Country, c.Name)
	}
	active := slices.DeleteFunc(slices.Clone(countries), func(c meridian.CountryFigures) bool {
		return c.Victims+c.Migrants+c.Arrests == 0
	})
	slices.SortStableFunc(active, func(a, b meridian.CountryFigures) int {
		return cmp.Compare(b.Victims+b.Migrants+b.Arrests, a.Victims+a.Migrants+a.Arrests)
	})
	if len(active) > 0 {
		active = active[:min(len(active), topCountries)]
		groups := make([]barGroup, len(active))
		for i, c := range active {
			groups[i] = barGroup{clip(names[c.Country]), []int64{c.Victims, c.Migrants, c.Arrests}}
		}
		c := barChart(l, "countries", l.TopCountries, people, groups)
		p.Countries = &c
	}

	var tallies []barGroup
	for _, e := range r.Exploitation {
		if e.N > 0 {
			tallies = append(tallies, barGroup{clip(l.exploitation(e.Key)), []int64{e.N}})
		}
	}
	if len(tallies) > 0 {
		c := barChart(l, "exploitation", l.ByExploitation, []series{victims}, tallies)
		p.Exploitation = &c
	}

	m, err := buildMap(l, r)
	if err != nil {
		return nil, err
	}
	p.Map = m

	if l.Dir == "rtl" {
		for i := range p.DayCharts {
			p.DayCharts[i].mirror()
		}
		for _, c := range []*chart{p.Regions, p.Countries, p.Exploitation} {
			if c != nil {
				c.mirror()
			}
		}
	}

	row := func(numeric int, labels []string, f meridian.Figures) []cell {
		return cells(numeric, append(labels, l.num(f.Victims), l.num(f.Migrants), l.num(f.Arrests), l.num(f.ArrestsTHBSOM), l.num(f.Flights), l.num(f.Checks))...)
	}
	head := func(numeric int, labels ...string) []cell {
		c := cells(numeric, append(labels, l.ColVictims, l.ColMigrants, l.ColArrests, l.ColTHBSOM, l.ColFlights, l.ColChecks)...)
		c[0].Row = false
		return c
	}

	regionTable := table{ID: "by-region", Caption: l.TableRegion, Head: head(1, l.ColRegion, l.ColCountries)}
	for _, g := range r.ByRegion {
		regionTable.Rows = append(regionTable.Rows, row(1, []string{l.region(g.Region), l.num(int64(g.Countries))}, g.Figures))
	}
	regionTable.Foot = row(1, []string{l.Total, l.num(int64(r.Countries))}, t)

	// In the language's alphabetical order, comparing sort keys made once
	// per country rather than collating names at every comparison.
	col := collate.New(language.Make(l.lang))
	var buf collate.Buffer
	keys := make(map[string][]byte, len(countries))
	for _, c := range countries {
		keys[c.Country] = col.KeyFromString(&buf, names[c.Country])
	}
	slices.SortStableFunc(countries, func(a, b meridian.CountryFigures) int {
		return bytes.Compare(keys[a.Country], keys[b.Country])
	})
	countryTable := table{ID: "by-country", Caption: l.TableCountry, Head: head(2, l.ColCountry, l.ColRegion)}
	for _, c := range countries {
		countryTable.Rows = append(countryTable.Rows, row(2, []string{names[c.Country] + " (" + c.Country + ")", l.region(c.Region)}, c.Figures))
	}
	countryTable.Foot = row(2, []string{l.Total, ""}, t)

	dayTable := table{ID: "by-day", Caption: l.TableDay, Head: head(1, l.ColDay)}
	for _, d := range r.ByDay {
		dayTable.Rows = append(dayTable.Rows, row(1, []string{l.date(d.Day, true)}, d.Figures))
	}
	dayTable.Foot = row(1, []string{l.Total}, t)
	p.Tables = []table{regionTable, countryTable, dayTable}
	return p, nil
}

// clip shortens a chart label that would run off the chart.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= labelRunes {
		return s
	}
	r := []rune(s)
	return string(r[:labelRunes-1]) + "…"
}
