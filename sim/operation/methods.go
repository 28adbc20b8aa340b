package operation

import (
	"fmt"
	"hash/fnv"
	"meridian/sim"
	"slices"

	"meridian"
)

// Methods as data in the simulated week: each group of victims gets the
// recruitment methods and means of control (HTCDS lists, meridian's
// methods.go) that go with its form of exploitation, and the week holds
// the seed's new pattern: people deceived by online job offers, held in
// scam compounds in Myanmar, Cambodia and Laos and forced into fraud,
// identified on their return in growing numbers day after day, a rise the
// change-point detector flags.

// streamMethods is the methods' own stream: the rest of the plan does not
// change with them.
const streamMethods = streamChecks + 50

// methodsByForm lists, per form of exploitation, the recruitment methods
// and means of control its victims most often report (UNODC's Global
// Report; the first of each always, a second sometimes).
var methodsByForm = map[string][2][]string{
	meridian.ExploitSexual:            {{"intimate_partner", meridian.RecruitJobOffer, meridian.RecruitInternet}, {"debt_bondage", "threats", "takes_earnings", "psychological_abuse"}},
	meridian.ExploitForcedLabour:      {{meridian.RecruitJobOffer, "work", "familial"}, {"withholds_documents", "debt_bondage", "excessive_working_hours", "takes_earnings"}},
	meridian.ExploitForcedCriminality: {{meridian.RecruitInternet, meridian.RecruitJobOffer}, {"restricts_movement", "threats", "physical_abuse", "withholds_documents"}},
	meridian.ExploitOnlineFraud:       {{meridian.RecruitInternet, meridian.RecruitJobOffer}, {"restricts_movement", "withholds_documents", "debt_bondage", "physical_abuse"}},
	meridian.ExploitScamCompound:      {{meridian.RecruitInternet, meridian.RecruitJobOffer}, {"restricts_movement", "withholds_documents", "debt_bondage", "physical_abuse"}},
	meridian.ExploitForcedBegging:     {{"familial", "abduction"}, {"physical_abuse", "takes_earnings", "uses_children"}},
	meridian.ExploitDomesticServitude: {{meridian.RecruitJobOffer, "familial"}, {"withholds_documents", "restricts_movement", "excessive_working_hours"}},
	meridian.ExploitForcedMarriage:    {{"familial", "international_marriage_broker"}, {"restricts_movement", "threats"}},
	meridian.ExploitChildLabour:       {{"familial", "work"}, {"excessive_working_hours", "uses_children"}},
}

// withMethods fills a group's methods from its main form of exploitation,
// chosen from the group itself (no random draw, so that the rest of the
// plan stays as it was).
func withMethods(g *meridian.VictimGroup) {
	if len(g.Exploitation) == 0 || len(g.Recruitment) > 0 {
		return
	}
	m, ok := methodsByForm[g.Exploitation[0]]
	if !ok {
		return
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%s|%s|%d|%s", g.Nationality, g.Sex, g.Band(), g.Count, g.ExploitedIn)
	x := h.Sum64()
	g.Recruitment = []string{m[0][x%uint64(len(m[0]))]}
	g.Control = []string{m[1][0]}
	if x>>8%3 == 0 {
		if c := m[1][1+int(x>>16)%(len(m[1])-1)]; !slices.Contains(g.Control, c) {
			g.Control = append(g.Control, c)
		}
	}
}

// scamReturnCountries are where victims of scam compounds are identified
// on their return, in the order preferred.
var scamReturnCountries = []string{"TH", "PH", "ID", "VN", "MY", "IN", "LK", "NP", "KE", "UG", "ET", "NG", "GH", "BR", "CO"}

// scamCompounds plans the week's rescues of victims back from scam
// compounds: about one victim in thirty of the operation's (at least
// twelve, at most a third), rising by three quarters a day, in up to
// three participating countries. It returns how many victims it planned,
// which the other rescues no longer count.
func (pl *planner) scamCompounds(left int) int {
	total := min(max(12, left/30), left/3)
	if total < 6 {
		return 0
	}
	var cs []*simCountry
	for _, code := range scamReturnCountries {
		for _, c := range pl.countries {
			if c.code == code && len(cs) < 3 {
				cs = append(cs, c)
			}
		}
	}
	if len(cs) == 0 {
		cs = pl.countries[:min(3, len(pl.countries))]
	}
	r := sim.NewRand(pl.seed, streamMethods)
	w := make([]float64, opDays)
	for d := range w {
		w[d] = 1
		for range d {
			w[d] *= 1.75
		}
	}
	byDay := apportion(total, w)
	compounds := []string{"MM", "KH", "LA"}
	for d, n := range byDay {
		for n > 0 {
			c := cs[r.IntN(len(cs))]
			size := min(n, 1+r.IntN(6))
			n -= size
			ag := pl.agencyOf[c.code]
			at := c.airportCity
			if at == "" {
				at = c.city
			}
			place := meridian.Place{Country: c.code, Name: at + " airport", Lat: c.airLat, Lon: c.airLon}
			if place.Lat == 0 && place.Lon == 0 {
				place.Lat, place.Lon = c.lat, c.lon
			}
			g := meridian.VictimGroup{Count: size, Sex: "M", AgeBand: "25-34", Nationality: c.code,
				Exploitation: []string{meridian.ExploitScamCompound, meridian.ExploitOnlineFraud},
				Recruitment:  []string{meridian.RecruitInternet, meridian.RecruitJobOffer},
				Control:      []string{"restricts_movement", "withholds_documents"},
				RecruitedIn:  c.code, ExploitedIn: compounds[r.IntN(len(compounds))], Referral: "repatriation"}
			if r.Chance(0.35) {
				g.Sex = "F"
			}
			if r.Chance(0.4) {
				g.AgeBand = "18-24"
			}
			m, rel := pl.marking(r, c)
			when := atIn(r, d, utcHours(hoursBorder, c))
			e := meridian.Event{Meta: m, Type: meridian.EventRescue, OccurredAt: when, Place: place, Victims: []meridian.VictimGroup{g},
				Summary: fmt.Sprintf("%d victim(s) returned from a scam compound in %s: recruited through an online job offer, held and forced to defraud.",
					size, g.ExploitedIn)}
			pl.add(r, ag[kindBorder], e, rel, nil)
		}
	}
	return total
}
