package meridian

import (
	"context"
	"time"
)

// Figures are an operation's results: the table an operation reports at
// its end, for the whole operation or a part of it (a country, a region,
// a day).
type Figures struct {
	Victims       int64 `json:"victims" doc:"potential victims of trafficking identified or rescued"`
	Migrants      int64 `json:"migrants" doc:"irregular migrants identified"`
	Arrests       int64 `json:"arrests"`
	ArrestsTHBSOM int64 `json:"arrests_thb_som" doc:"arrests on trafficking or smuggling charges"`
	Flights       int64 `json:"flights" doc:"flights monitored"`
	Checks        int64 `json:"checks" doc:"checks of persons and travel documents"`
	Hits          int64 `json:"hits" doc:"checks that hit a watchlist record"`
	Raids         int64 `json:"raids"`
	Interceptions int64 `json:"interceptions"`
}

// Add adds g to f.
func (f *Figures) Add(g Figures) {
	f.Victims += g.Victims
	f.Migrants += g.Migrants
	f.Arrests += g.Arrests
	f.ArrestsTHBSOM += g.ArrestsTHBSOM
	f.Flights += g.Flights
	f.Checks += g.Checks
	f.Hits += g.Hits
	f.Raids += g.Raids
	f.Interceptions += g.Interceptions
}

// Metric names of the figures, as counters are kept.
const (
	MetricVictims       = "victims"
	MetricMigrants      = "migrants"
	MetricArrests       = "arrests"
	MetricArrestsTHBSOM = "arrests_thb_som"
	MetricFlights       = "flights"
	MetricRaids         = "raids"
	MetricInterceptions = "interceptions"
	// MetricExploitation prefixes a count of victims by exploitation type:
	// "exploitation:forced_criminality".
	MetricExploitation = "exploitation:"
)

// AddMetric adds n to the figure a metric names; other metrics are ignored.
func (f *Figures) AddMetric(metric string, n int64) {
	switch metric {
	case MetricVictims:
		f.Victims += n
	case MetricMigrants:
		f.Migrants += n
	case MetricArrests:
		f.Arrests += n
	case MetricArrestsTHBSOM:
		f.ArrestsTHBSOM += n
	case MetricFlights:
		f.Flights += n
	case MetricRaids:
		f.Raids += n
	case MetricInterceptions:
		f.Interceptions += n
	}
}

// Metrics returns what an event adds to its operation's figures, keyed by
// metric; the store keeps these as counters by day and country, so that
// results never scan the reports.
func (e *Event) Metrics() map[string]int64 {
	m := map[string]int64{}
	switch e.Type {
	case EventRaid:
		m[MetricRaids] = 1
	case EventArrest:
		m[MetricArrests] = 1
		if e.OnTHBOrSOM() {
			m[MetricArrestsTHBSOM] = 1
		}
	case EventRescue:
		m[MetricVictims] = int64(e.VictimCount())
		for _, v := range e.Victims {
			for _, x := range v.Exploitation {
				m[MetricExploitation+x] += int64(v.Count)
			}
		}
	case EventMigrants:
		m[MetricMigrants] = int64(e.MigrantCount())
	case EventInterception:
		m[MetricInterceptions] = 1
	case EventFlight:
		m[MetricFlights] = 1
	}
	return m
}

// CountryFigures are one country's results.
type CountryFigures struct {
	Country string `json:"country" doc:"ISO 3166-1 alpha-2"`
	Name    string `json:"name"`
	Region  string `json:"region" doc:"UN geoscheme sub-region"`
	Figures
}

// RegionFigures are one region's results.
type RegionFigures struct {
	Region    string `json:"region" doc:"UN geoscheme sub-region"`
	Countries int    `json:"countries" doc:"participating countries in the region"`
	Figures
}

// DayFigures are one day's results.
type DayFigures struct {
	Day Date `json:"day"`
	Figures
}

// Tally is a count under a key.
type Tally struct {
	Key string `json:"key"`
	N   int64  `json:"n"`
}

// Results are an operation's figures, overall and by country, region and
// day. They are aggregates and name no one: every user who may read the
// operation may read them.
type Results struct {
	Operation    *Operation       `json:"operation"`
	Countries    int              `json:"countries" doc:"participating countries"`
	Totals       Figures          `json:"totals"`
	ByCountry    []CountryFigures `json:"by_country" doc:"participating countries and any other country with figures, by code"`
	ByRegion     []RegionFigures  `json:"by_region" doc:"by region name"`
	ByDay        []DayFigures     `json:"by_day" doc:"every day of the operation, in order"`
	Exploitation []Tally          `json:"exploitation" doc:"victims by exploitation type, most first; a victim may count under several"`
	ComputedAt   time.Time        `json:"computed_at"`
}

// Suppression is the smallest count of people the anonymised statistics
// show; smaller cells are suppressed, as the Counter Trafficking Data
// Collaborative does (k = 11).
const Suppression = 11

// StatRow is one cell of the anonymised statistics. Dimensions a table
// does not have are empty.
type StatRow struct {
	Table        string `json:"table" doc:"victims_by_profile, victims_by_exploitation, migrants_by_nationality or migrants_by_route"`
	Nationality  string `json:"nationality,omitempty"`
	Sex          string `json:"sex,omitempty"`
	AgeBand      string `json:"age_band,omitempty"`
	Exploitation string `json:"exploitation,omitempty"`
	Origin       string `json:"origin,omitempty"`
	Transit      string `json:"transit,omitempty" doc:"route tables of the analysis only"`
	Destination  string `json:"destination,omitempty"`
	N            int64  `json:"n" doc:"0 when suppressed"`
	Suppressed   bool   `json:"suppressed" doc:"not shown: the cell counts fewer than 11 people, or is hidden so that no such cell can be worked out from the others and the results (it may then count more, or no one)"`
}

// ResultsFilter narrows results to a country or a region (a UN
// sub-region, as Results.ByRegion names them); empty, the whole operation.
type ResultsFilter struct {
	Country string
	Region  string
}

// ResultsService computes operations' results.
type ResultsService interface {
	// OperationResults returns ENotFound for an unknown operation.
	OperationResults(ctx context.Context, operationID string) (*Results, error)
	// OperationResultsFor returns the results of a country or region of
	// the operation: totals, by day and by country within it.
	OperationResultsFor(ctx context.Context, operationID string, f ResultsFilter) (*Results, error)
	// OperationStatistics returns the anonymised statistics of the victims
	// and migrants reported, suppressed below Suppression; ENotFound,
	// EForbidden.
	OperationStatistics(ctx context.Context, operationID string) ([]StatRow, error)
}
