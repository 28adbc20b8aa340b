package meridian_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"meridian"
)

func TestCaseRoute(t *testing.T) {
	suspect := &meridian.Person{Nationalities: []string{"RS"}}
	suspect.OwnerCountry = "RS"
	victim := &meridian.Person{Nationalities: []string{"UA"}, Victim: &meridian.Victim{RecruitedIn: "MD", ExploitedIn: []string{"MK"}}}
	victim.OwnerCountry = "GR"
	doc := &meridian.Document{IssuingState: "AL"}
	doc.OwnerCountry = "AL"
	raid := &meridian.Event{Type: meridian.EventRaid, OccurredAt: time.Now(), Place: meridian.Place{Country: "MK"}}
	raid.OwnerCountry = "MK"
	stop := &meridian.Event{Type: meridian.EventMigrants, Place: meridian.Place{Country: "RS"},
		Migrants: []meridian.MigrantGroup{{Count: 3, Nationality: "SY", Route: []meridian.RoutePoint{
			{Country: "TR", Role: "origin"}, {Country: "BG", Role: "transit"}, {Country: "DE", Role: "destination"}}}}}
	stop.OwnerCountry = "RS"
	c := &meridian.Case{Countries: []string{"IT"}}
	meridian.CaseRoute(c, []*meridian.Person{suspect, victim}, []*meridian.Document{doc}, []*meridian.Event{raid, stop})
	for _, tc := range []struct {
		name      string
		got, want []string
	}{
		{"origins", c.Origins, []string{"AL", "MD", "RS", "SY", "TR", "UA"}},
		{"transits", c.Transits, []string{"BG", "GR", "RS"}},
		{"destinations", c.Destinations, []string{"DE", "MK"}},
		{"countries", c.Countries, []string{"AL", "BG", "DE", "GR", "IT", "MD", "MK", "RS", "SY", "TR", "UA"}},
	} {
		if !slices.Equal(tc.got, tc.want) {
			t.Errorf("%s %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	c.Title = "Balkan route"
	if err := c.Validate(); err != nil && (strings.Contains(err.Error(), "origins") || strings.Contains(err.Error(), "transits") ||
		strings.Contains(err.Error(), "destinations") || strings.Contains(err.Error(), "countries")) {
		t.Fatalf("the route read does not validate: %v", err)
	}
}
