package analysis_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"meridian"
	"meridian/analysis"
)

// yearOfEvents is a year and a week of field reports: about 40 a day
// (rescues, migrants, arrests, raids, interceptions) in 20 countries, of
// two agencies, with victims' routes, forms and methods.
func yearOfEvents() ([]*meridian.Event, analysis.Query) {
	r := rand.New(rand.NewPCG(1, 2))
	countries := []string{"MK", "AL", "RS", "GR", "BG", "RO", "UA", "MD", "TR", "IT", "ES", "FR", "DE", "NG", "CO", "TH", "KH", "MM", "PH", "VN"}
	from := time.Date(2023, 9, 28, 0, 0, 0, 0, time.UTC)
	var es []*meridian.Event
	for d := range analysis.MaxDays {
		for range 40 {
			e := &meridian.Event{Meta: meridian.Meta{OwnerAgency: []string{"a", "b"}[r.IntN(2)]},
				OccurredAt: from.AddDate(0, 0, d).Add(time.Duration(r.IntN(86400)) * time.Second),
				Place:      meridian.Place{Country: countries[r.IntN(len(countries))]}}
			switch x := r.IntN(10); {
			case x < 4:
				e.Type = meridian.EventRescue
				for range 1 + r.IntN(3) {
					e.Victims = append(e.Victims, meridian.VictimGroup{Count: 1 + r.IntN(8),
						Exploitation: []string{meridian.ExploitationTypes[r.IntN(len(meridian.ExploitationTypes))]},
						Recruitment:  []string{meridian.RecruitmentMethods[r.IntN(len(meridian.RecruitmentMethods))]},
						Control:      []string{meridian.MeansOfControl[r.IntN(len(meridian.MeansOfControl))]},
						RecruitedIn:  countries[r.IntN(len(countries))], ExploitedIn: e.Place.Country})
				}
			case x < 6:
				e.Type = meridian.EventMigrants
				e.Migrants = []meridian.MigrantGroup{{Count: 1 + r.IntN(30), Nationality: countries[r.IntN(len(countries))],
					Route: []meridian.RoutePoint{{Country: countries[r.IntN(len(countries))], Role: "origin"}, {Country: "DE", Role: "destination"}}}}
			case x < 8:
				e.Type = meridian.EventArrest
				e.Charges = []meridian.Charge{{Code: meridian.ChargeTHB}}
			case x < 9:
				e.Type = meridian.EventRaid
			default:
				e.Type = meridian.EventInterception
			}
			es = append(es, e)
		}
	}
	q := analysis.Query{From: meridian.DateOf(from), To: meridian.DateOf(from.AddDate(0, 0, analysis.MaxDays-1))}
	return es, q
}

// BenchmarkTrendsYear computes the trends of a year and a week of reports
// (about 15,000) for a viewer who owns them all (nothing suppressed) and
// for one who owns half (suppression week by week).
func BenchmarkTrendsYear(b *testing.B) {
	es, q := yearOfEvents()
	for _, v := range []struct {
		name string
		subj *meridian.Subject
	}{{"Owner", &meridian.Subject{System: true}}, {"Half", &meridian.Subject{AgencyID: "a"}}} {
		b.Run(v.name, func(b *testing.B) {
			for range b.N {
				analysis.Build(es, q, v.subj, time.Now())
			}
		})
		// The last week alone, as an operation's week is shown.
		week := analysis.Query{From: meridian.DateOf(q.To.Time().AddDate(0, 0, -6)), To: q.To}
		b.Run("Week"+v.name, func(b *testing.B) {
			for range b.N {
				analysis.Build(es, week, v.subj, time.Now())
			}
		})
	}
}
