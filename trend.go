package meridian

// Dimensions of the trends' series (issue 14): what a figure is broken
// down by. A group of victims may have several forms of exploitation and
// methods, so those breakdowns' keys do not sum to the whole.
const (
	TrendAll          = "all"
	TrendCountry      = "country"      // where the event happened
	TrendRoute        = "route"        // recruited in > exploited in; origin > destination
	TrendExploitation = "exploitation" // form of exploitation (forced criminality included)
	TrendRecruitment  = "recruitment"  // HTCDS method of recruitment
	TrendControl      = "control"      // HTCDS means of control
)

// TrendSeries is one series of the trends as the store sums it for a
// viewer: the reports of one owner agency the viewer may read, by day of
// the period asked (N[d]), and the days on which at least one of them
// counts (Present[d], even for zero).
type TrendSeries struct {
	Owner     string
	Metric    string
	Dimension string
	Key       string
	N         []int64
	Present   []bool
}

// TrendCells calls add for each cell of the trends' series a report
// counts in on the day it occurred: the figures of rescues (victims, in
// all, by country, route, form of exploitation, recruitment method and
// means of control), migrants (in all, by country and route), arrests (and
// those on THB or SOM charges), raids, interceptions and flights, in all
// and by country. The trends computed from reports (analysis.Build) and
// the counts the store keeps beside them are both made from it.
func (e *Event) TrendCells(add func(metric, dim, key string, n int64)) {
	country := e.Place.Country
	both := func(metric string, n int64) {
		add(metric, TrendAll, "", n)
		add(metric, TrendCountry, country, n)
	}
	orQ := func(c string) string {
		if c == "" {
			return "?"
		}
		return c
	}
	each := func(metric, dim string, xs []string, n int64) {
		if len(xs) == 0 {
			add(metric, dim, "unknown", n)
			return
		}
		for _, x := range xs {
			add(metric, dim, x, n)
		}
	}
	switch e.Type {
	case EventRescue:
		both(MetricVictims, int64(e.VictimCount()))
		for _, v := range e.Victims {
			n := int64(v.Count)
			add(MetricVictims, TrendRoute, orQ(v.RecruitedIn)+">"+orQ(v.ExploitedIn), n)
			each(MetricVictims, TrendExploitation, v.Exploitation, n)
			each(MetricVictims, TrendRecruitment, v.Recruitment, n)
			each(MetricVictims, TrendControl, v.Control, n)
		}
	case EventMigrants:
		both(MetricMigrants, int64(e.MigrantCount()))
		for _, m := range e.Migrants {
			origin, dest := "?", "?"
			for _, p := range m.Route {
				if p.Role == "origin" && origin == "?" {
					origin = p.Country
				}
				if p.Role == "destination" {
					dest = p.Country
				}
			}
			add(MetricMigrants, TrendRoute, origin+">"+dest, int64(m.Count))
		}
	case EventArrest:
		both(MetricArrests, 1)
		if e.OnTHBOrSOM() {
			both(MetricArrestsTHBSOM, 1)
		}
	case EventRaid:
		both(MetricRaids, 1)
	case EventInterception:
		both(MetricInterceptions, 1)
	case EventFlight:
		both(MetricFlights, 1)
	}
}
