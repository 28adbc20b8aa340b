package operation

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"meridian"
	"meridian/sim"
)

// dayCounts are one country's figures of one day.
type dayCounts struct {
	raids, arrests, thbsom, victims, migrants, interceptions int
}

// raid is a planned raid, to which arrests and rescues attach.
type raid struct {
	report   int // index in Plan.Reports
	at       time.Time
	place    meridian.Place
	premises string
	prof     *victimProfile
	arrests  int
	victims  int
}

// reports plans every country's raids, arrests, rescues, migrants and
// interceptions, day by day, and the deployments' start and end.
func (pl *planner) reports() {
	s := pl.scale
	r := sim.NewRand(pl.seed, streamReports)
	left := dayCounts{s.Raids, s.Arrests, s.ArrestsTHBSOM, s.Victims, s.Migrants, s.Interceptions}
	if _, ok := pl.agencyOf["MK"]; ok && left.raids >= 3 && left.arrests >= 13 && left.thbsom >= 9 && left.victims >= 32 &&
		left.arrests-13 >= left.thbsom-9 {
		pl.skopje(r)
		left.raids, left.arrests, left.thbsom, left.victims = left.raids-3, left.arrests-13, left.thbsom-9, left.victims-32
	}
	left.victims -= pl.scamCompounds(left.victims)
	n := len(pl.countries)
	wRaids, wArrests, wVictims, wMigrants := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i, c := range pl.countries {
		wRaids[i] = 0.6*c.act + 0.4*c.vic
		wArrests[i] = 0.5*c.act + 0.5*c.vic
		wVictims[i] = c.vic
		wMigrants[i] = c.mig
	}
	raids := apportion(left.raids, wRaids)
	arrests := apportion(left.arrests, wArrests)
	// THB and SOM arrests follow all arrests, so no country gets more of
	// them than it has arrests (largest remainders never round q < a up
	// past a).
	thbW := make([]float64, n)
	for i, a := range arrests {
		thbW[i] = float64(a)
	}
	thbsom := apportion(left.thbsom, thbW)
	victims := apportion(left.victims, wVictims)
	migrants := apportion(left.migrants, wMigrants)
	inter := apportion(left.interceptions, wMigrants)
	for i, c := range pl.countries {
		dr := apportion(raids[i], jitter(r, daysRaids))
		da := apportion(arrests[i], jitter(r, daysRaids))
		w := make([]float64, opDays)
		for d := range w {
			w[d] = float64(da[d])
		}
		dt := apportion(thbsom[i], w)
		dv := apportion(victims[i], jitter(r, daysRaids))
		dm := apportion(migrants[i], jitter(r, daysBorder))
		di := apportion(inter[i], jitter(r, daysBorder))
		for d := 0; d < opDays; d++ {
			pl.countryDay(r, c, d, dayCounts{dr[d], da[d], dt[d], dv[d], dm[d], di[d]})
		}
	}
	pl.deployments(r)
}

// add appends a report filed by agency a shortly after its event.
func (pl *planner) add(r *sim.Rand, a int, e meridian.Event, rel []int, suspect *meridian.Person) int {
	e.OccurredAt = clampTime(e.OccurredAt).Truncate(time.Second)
	filed := e.OccurredAt.Add(time.Duration(5+r.IntN(85)) * time.Minute)
	if !filed.Before(opEnd) {
		filed = opEnd.Add(-time.Second)
	}
	if filed.Before(e.OccurredAt) {
		filed = e.OccurredAt
	}
	pl.p.Reports = append(pl.p.Reports, Report{At: filed, Agency: a, Event: e, ReleaseAgencies: rel, Suspect: suspect})
	return len(pl.p.Reports) - 1
}

// marking decides a report's handling and releasability: most reports
// go to every participant, some only to the unit's members and staff,
// a few stay with the owner.
func (pl *planner) marking(r *sim.Rand, c *simCountry) (meridian.Meta, []int) {
	m := meridian.Meta{TLP: meridian.TLPAmber, Handling: meridian.H0}
	var rel []int
	switch x := r.Float64(); {
	case x < 0.8:
		m.Release.Scope = meridian.ScopeAll
		if r.Chance(0.35) {
			m.TLP = meridian.TLPGreen
		}
	case x < 0.92:
		ui := pl.unitOf[c.code]
		m.Release = meridian.Release{Scope: meridian.ScopeListed, Countries: slices.Clone(pl.p.Operation.Units[ui].Countries)}
		rel = []int{pl.staff[ui].ip, pl.staff[ui].un}
	default:
		m.Release.Scope = meridian.ScopeOwner
		if r.Chance(0.4) {
			m.TLP = meridian.TLPAmberStrict
		}
	}
	switch x := r.Float64(); {
	case x < 0.12:
		m.Handling = meridian.H1
	case x < 0.2:
		m.Handling = meridian.H2
	}
	m.SourceGrade = [...]string{"A", "A", "B", "B", "B", "C"}[r.IntN(6)]
	m.InfoGrade = [...]string{"1", "1", "2", "2", "2", "3"}[r.IntN(6)]
	return m, rel
}

// cityPlace is somewhere in the country's main city.
func cityPlace(r *sim.Rand, c *simCountry) meridian.Place {
	return meridian.Place{Country: c.code, Name: c.city, Lat: round4(c.lat + (r.Float64()-0.5)*0.08), Lon: round4(c.lon + (r.Float64()-0.5)*0.08)}
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// borderPlace is one of the country's border crossings, ports or
// airport; hotspots only where there is nothing else.
func borderPlace(r *sim.Rand, c *simCountry) (meridian.Place, meridian.DeploymentKind) {
	ps := placesOf(c)
	var cand []simPlace
	for _, p := range ps {
		if p.kind != meridian.DeployHotspot {
			cand = append(cand, p)
		}
	}
	if len(cand) == 0 {
		cand = ps
	}
	p := cand[r.IntN(len(cand))]
	return meridian.Place{Country: c.code, Name: p.name, Lat: p.lat, Lon: p.lon}, p.kind
}

func pickProfile(r *sim.Rand, c *simCountry) *victimProfile {
	ps := victimProfiles[regionGroup[c.unit]]
	ws := make([]float64, len(ps))
	for i := range ps {
		ws[i] = ps[i].weight
	}
	return &ps[sim.Cumulate(ws).Pick(r)]
}

var premisesWords = map[string]string{"house": "a house", "business": "business premises", "nightclub": "a nightclub",
	"farm": "a farm", "vessel": "a vessel", "other": "a compound"}

// countryDay plans one country's reports of one day.
func (pl *planner) countryDay(r *sim.Rand, c *simCountry, d int, n dayCounts) {
	ag := pl.agencyOf[c.code]
	var raids []*raid
	for range n.raids {
		rd := &raid{prof: pickProfile(r, c)}
		rd.premises = rd.prof.premises[r.IntN(len(rd.prof.premises))]
		rd.at = atIn(r, d, utcHours(hoursRaids, c))
		rd.place = cityPlace(r, c)
		if r.Chance(0.3) {
			for _, p := range placesOf(c) {
				if p.kind == meridian.DeployHotspot {
					rd.place = meridian.Place{Country: c.code, Name: p.name, Lat: p.lat, Lon: p.lon}
					break
				}
			}
		}
		m, rel := pl.marking(r, c)
		e := meridian.Event{Meta: m, Type: meridian.EventRaid, OccurredAt: rd.at, Place: rd.place, Premises: rd.premises,
			Summary: "Raid on " + premisesWords[rd.premises] + " in " + rd.place.Name + " (" + strings.ReplaceAll(rd.prof.exploitation[0], "_", " ") + " suspected)."}
		rd.report = pl.add(r, ag[kindPolice], e, rel, nil)
		raids = append(raids, rd)
		pl.raidAt(c.code, rd.at, rd.place.Name)
	}
	// Arrests: THB and SOM first, most at raids, the others at borders.
	for i := range n.arrests {
		thb := i < n.thbsom
		var rd *raid
		p := 0.6
		if thb {
			p = 0.85
		}
		if len(raids) > 0 && r.Chance(p) {
			rd = raids[r.IntN(len(raids))]
		}
		pl.arrest(r, c, d, thb, rd)
	}
	// Rescues: groups of victims, at raids or identified at borders.
	for _, size := range splitSizes(r, n.victims, rescueSizes) {
		var rd *raid
		if len(raids) > 0 && r.Chance(0.7) {
			rd = raids[r.IntN(len(raids))]
		}
		pl.rescue(r, c, d, size, rd)
	}
	for _, rd := range raids {
		e := &pl.p.Reports[rd.report].Event
		switch {
		case rd.arrests > 0 && rd.victims > 0:
			e.Outcome = fmt.Sprintf("%d suspect(s) arrested, %d potential victim(s) identified and referred to support.", rd.arrests, rd.victims)
		case rd.arrests > 0:
			e.Outcome = fmt.Sprintf("%d suspect(s) arrested; evidence seized.", rd.arrests)
		case rd.victims > 0:
			e.Outcome = fmt.Sprintf("%d potential victim(s) identified and referred to support; no arrest.", rd.victims)
		default:
			e.Outcome = "Premises searched; documents and phones seized for analysis."
		}
	}
	// Migrants, some found at interceptions.
	sizes := splitSizes(r, n.migrants, migrantSizes)
	for i, size := range sizes {
		pl.migrants(r, c, d, size, i < n.interceptions)
	}
	for range max(0, n.interceptions-len(sizes)) {
		place, kind := borderPlace(r, c)
		m, rel := pl.marking(r, c)
		e := meridian.Event{Meta: m, Type: meridian.EventInterception, OccurredAt: atIn(r, d, utcHours(hoursBorder, c)),
			Place: place, Means: interceptionMeans(r, kind),
			Outcome: "Vehicle stopped and searched; no migrants on board; smuggling equipment and cash seized."}
		pl.add(r, ag[kindBorder], e, rel, nil)
	}
}

// raidAt remembers a raid's hour, where police check the people found.
func (pl *planner) raidAt(country string, t time.Time, place string) {
	m := pl.raidHours[country]
	if m == nil {
		m = map[int]string{}
		pl.raidHours[country] = m
	}
	m[int(t.Sub(opStart)/time.Hour)] = place
}

// Report sizes: how many victims a rescue report counts, how many
// migrants a migrants report counts.
var (
	rescueSizes  = []sizeBand{{1, 1, 25}, {2, 3, 25}, {4, 8, 28}, {9, 20, 17}, {21, 45, 5}}
	migrantSizes = []sizeBand{{1, 1, 15}, {2, 5, 30}, {6, 15, 30}, {16, 40, 18}, {41, 90, 6}, {91, 160, 1}}
)

type sizeBand struct {
	lo, hi int
	w      float64
}

// splitSizes splits total into report sizes drawn from bands.
func splitSizes(r *sim.Rand, total int, bands []sizeBand) []int {
	ws := make([]float64, len(bands))
	for i, b := range bands {
		ws[i] = b.w
	}
	cum := sim.Cumulate(ws)
	var out []int
	for total > 0 {
		b := bands[cum.Pick(r)]
		n := min(total, r.Between(b.lo, b.hi))
		out = append(out, n)
		total -= n
	}
	return out
}

var (
	chargesTHB   = []string{"money_laundering", "drug_trafficking", "weapons", "document_fraud"}
	chargesTHBw  = []float64{0.2, 0.12, 0.04, 0.05}
	chargesSOM   = []string{"document_fraud", "money_laundering", "other"}
	chargesSOMw  = []float64{0.25, 0.1, 0.05}
	chargesRaid  = []string{"drug_trafficking", "money_laundering", "weapons", "other", "document_fraud"}
	chargesRaidW = sim.Cumulate([]float64{40, 20, 15, 15, 10})
	chargesBord  = []string{"document_fraud", "drug_trafficking", "weapons", "other"}
	chargesBordW = sim.Cumulate([]float64{45, 30, 10, 15})
)

// arrest plans one arrest and the suspect it names.
func (pl *planner) arrest(r *sim.Rand, c *simCountry, d int, thb bool, rd *raid) {
	ag := pl.agencyOf[c.code]
	var place meridian.Place
	var when time.Time
	agency := ag[kindPolice]
	if rd != nil {
		place, when = rd.place, rd.at.Add(time.Duration(10+r.IntN(120))*time.Minute)
		rd.arrests++
	} else {
		place, _ = borderPlace(r, c)
		when = atIn(r, d, utcHours(hoursBorder, c))
		agency = ag[kindBorder]
	}
	// Trafficking charges come mostly from raids, smuggling charges
	// mostly from the border.
	traffic := rd != nil
	if r.Chance(0.12) {
		traffic = !traffic
	}
	var codes []string
	switch {
	case thb && traffic:
		codes = append(codes, meridian.ChargeTHB)
		for i, x := range chargesTHB {
			if r.Chance(chargesTHBw[i]) {
				codes = append(codes, x)
			}
		}
	case thb:
		codes = append(codes, meridian.ChargeSOM)
		for i, x := range chargesSOM {
			if r.Chance(chargesSOMw[i]) {
				codes = append(codes, x)
			}
		}
	default:
		list, cum := chargesBord, chargesBordW
		if rd != nil {
			list, cum = chargesRaid, chargesRaidW
		}
		codes = append(codes, list[cum.Pick(r)])
		if x := list[cum.Pick(r)]; r.Chance(0.2) && x != codes[0] {
			codes = append(codes, x)
		}
	}
	charges := make([]meridian.Charge, len(codes))
	for i, x := range codes {
		charges[i] = meridian.Charge{Code: x, LegalBasis: legalBasis(c.code, x)}
	}
	suspect := pl.suspect(r, c, codes[0], rd)
	m, rel := pl.marking(r, c)
	if m.Release.Scope == meridian.ScopeOwner && m.TLP == meridian.TLPAmberStrict {
		m.TLP = meridian.TLPAmber
	}
	e := meridian.Event{Meta: m, Type: meridian.EventArrest, OccurredAt: when, Place: place, Charges: charges,
		Summary: "Arrest for " + chargeWords[codes[0]] + " in " + place.Name + "."}
	pl.add(r, agency, e, rel, suspect)
}

var (
	rolesTHB   = []string{"recruiter", "exploiter", "transporter", "money_handler", "organiser"}
	rolesSOM   = []string{"smuggler", "transporter", "organiser", "document_forger"}
	rolesOther = map[string]string{"money_laundering": "money_handler", "document_fraud": "document_forger"}
)

// suspect is the person an arrest names: mostly a national of the
// country, otherwise of the victims' or migrants' countries.
func (pl *planner) suspect(r *sim.Rand, c *simCountry, charge string, rd *raid) *meridian.Person {
	nat := c.code
	if r.Chance(0.3) {
		if rd != nil {
			nat = rd.prof.nats.Pick(r)
		} else if rs := routesThrough[c.code]; len(rs) > 0 {
			nat = routes[rs[r.IntN(len(rs))]].origins.Pick(r)
		}
		if nat == local {
			nat = c.code
		}
	}
	female := r.Chance(0.18)
	pn := sim.NameOf(r, nat, female)
	names := []meridian.Name{{Full: pn.Native()}}
	if !pn.Latin() {
		if l := pn.Passport(); l != names[0].Full {
			names = append(names, meridian.Name{Full: l})
		}
	}
	age := 20 + int(sim.Triangular(r, 0, 45, 12))
	y := sim.ReferenceYear - age
	var birth string
	switch x := r.Float64(); {
	case x < 0.7:
		birth = sim.RandomDate(r, y)
	case x < 0.9:
		birth = strconv.Itoa(y)
	default:
		birth = sim.Date(y, r.Between(1, 12), 0)
	}
	var role string
	switch charge {
	case meridian.ChargeTHB:
		role = rolesTHB[r.IntN(len(rolesTHB))]
	case meridian.ChargeSOM:
		role = rolesSOM[r.IntN(len(rolesSOM))]
	default:
		role = "other"
		if x, ok := rolesOther[charge]; ok {
			role = x
		}
	}
	sex := meridian.Sex("M")
	if female {
		sex = "F"
	}
	p := &meridian.Person{Role: meridian.RoleSuspect, Names: names, BirthDate: meridian.Date(birth), Sex: sex,
		Nationalities: []string{nat}, Suspect: &meridian.Suspect{ProcessRoles: []string{role}}}
	p.TLP, p.Handling = meridian.TLPAmber, meridian.H0
	switch x := r.Float64(); {
	case x < 0.6:
		p.Release = meridian.Release{Scope: meridian.ScopeListed, Countries: slices.Clone(pl.p.Operation.Units[pl.unitOf[c.code]].Countries)}
	case x < 0.85:
		p.Release.Scope = meridian.ScopeOwner
	default:
		p.Release.Scope = meridian.ScopeAll
	}
	return p
}

var (
	referralsAdult   = []string{"shelter", "psychosocial", "ngo", "repatriation", "medical", "legal", "declined", "none"}
	referralsAdultW  = sim.Cumulate([]float64{28, 14, 14, 12, 10, 10, 8, 4})
	referralsMinor   = []string{"child_protection", "shelter", "ngo", "medical", "repatriation"}
	referralsMinorW  = sim.Cumulate([]float64{60, 15, 10, 10, 5})
	ageBandBounds    = map[string][2]int{"0-11": {3, 11}, "12-17": {12, 17}, "18-24": {18, 24}, "25-34": {25, 34}, "35-44": {35, 44}, "45-59": {45, 59}, "60+": {60, 78}}
	exploitationWord = func(x string) string { return strings.ReplaceAll(x, "_", " ") }
)

// rescue plans a report of size victims identified or rescued.
func (pl *planner) rescue(r *sim.Rand, c *simCountry, d, size int, rd *raid) {
	ag := pl.agencyOf[c.code]
	prof := pickProfile(r, c)
	place, _ := borderPlace(r, c)
	when := atIn(r, d, utcHours(hoursBorder, c))
	agency := ag[kindBorder]
	if rd != nil {
		prof, place, agency = rd.prof, rd.place, ag[kindPolice]
		when = rd.at.Add(time.Duration(20+r.IntN(130)) * time.Minute)
		rd.victims += size
	}
	groups := victimGroups(r, c, prof, size)
	m, rel := pl.marking(r, c)
	e := meridian.Event{Meta: m, Type: meridian.EventRescue, OccurredAt: when, Place: place, Victims: groups,
		Summary: fmt.Sprintf("%d potential victim(s) of %s identified and referred to support.", size, exploitationWord(prof.exploitation[0]))}
	pl.add(r, agency, e, rel, nil)
}

// victimGroups splits size victims of a profile into groups alike in
// sex, age, nationality and exploitation.
func victimGroups(r *sim.Rand, c *simCountry, prof *victimProfile, size int) []meridian.VictimGroup {
	var out []meridian.VictimGroup
	for size > 0 {
		n := 1
		for n < 12 && r.Chance(0.5) {
			n++
		}
		n = min(n, size)
		size -= n
		nat := prof.nats.Pick(r)
		if nat == local {
			nat = c.code
		}
		g := meridian.VictimGroup{Count: n, Sex: "M", Nationality: nat, AgeBand: meridian.AgeBands[prof.ages.Pick(r)],
			Exploitation: slices.Clone(prof.exploitation), RecruitedIn: nat, ExploitedIn: c.code}
		if r.Chance(prof.female) {
			g.Sex = "F"
		}
		if r.Chance(0.02) {
			g.Sex = "U"
		}
		if b := ageBandBounds[g.AgeBand]; r.Chance(0.3) {
			g.Age = r.Between(b[0], b[1])
			g.AgeBand = ""
		}
		if len(prof.second) > 0 && r.Chance(0.2) {
			if x := prof.second[r.IntN(len(prof.second))]; !slices.Contains(g.Exploitation, x) {
				g.Exploitation = append(g.Exploitation, x)
			}
		}
		if r.Chance(0.15) {
			g.RecruitedIn = c.code
		}
		if !prof.exploitedIn.Empty() {
			g.ExploitedIn = prof.exploitedIn.Pick(r)
		}
		if g.Band() == "0-11" || g.Band() == "12-17" {
			g.Referral = referralsMinor[referralsMinorW.Pick(r)]
		} else {
			g.Referral = referralsAdult[referralsAdultW.Pick(r)]
		}
		withMethods(&g)
		out = append(out, g)
	}
	return out
}

// genericOrigins are where migrants come from when no route of the
// simulation passes through the country that identifies them: they came
// by air, through a hub.
var genericOrigins = sim.ParseCountries("AF:3 SY:3 VE:3 ER:2 SD:2 SO:2 CD:2 NG:2 BD:2 PK:2 HT:2 IQ:2 MM:2 GN:2 ML:2 ET:2 CM:1")

// migrants plans a report of size irregular migrants, after an
// interception when intercepted.
func (pl *planner) migrants(r *sim.Rand, c *simCountry, d, size int, intercepted bool) {
	ag := pl.agencyOf[c.code]
	var rt *route
	if rs := routesThrough[c.code]; len(rs) > 0 {
		ws := make([]float64, len(rs))
		for i, ri := range rs {
			ws[i] = routes[ri].weight
		}
		rt = &routes[rs[sim.Cumulate(ws).Pick(r)]]
	}
	place, kind := borderPlace(r, c)
	if rt != nil {
		// Where the route is known, migrants are met where it passes.
		for _, p := range placesOf(c) {
			if n := rt.names[c.code]; n != "" && strings.Contains(p.name, n) {
				place, kind = meridian.Place{Country: c.code, Name: p.name, Lat: p.lat, Lon: p.lon}, p.kind
			}
		}
	}
	when := atIn(r, d, utcHours(hoursBorder, c))
	var groups []meridian.MigrantGroup
	nGroups := min(size, 1+r.IntN(3))
	counts := apportion(size, jitter(r, []float64{3, 1.5, 1}[:nGroups]))
	for _, n := range counts {
		if n == 0 {
			continue
		}
		g := migrantGroup(r, c, rt, n)
		if i := slices.IndexFunc(groups, func(x meridian.MigrantGroup) bool { return x.Nationality == g.Nationality }); i >= 0 {
			groups[i].Count += g.Count
			groups[i].Minors += g.Minors
			continue
		}
		groups = append(groups, g)
	}
	m, rel := pl.marking(r, c)
	if intercepted {
		// The interception comes first, the identification after it;
		// at the very start of the week both move into it.
		stopped := when.Add(-time.Duration(15+r.IntN(100)) * time.Minute)
		if stopped.Before(opStart) {
			stopped = opStart.Add(time.Duration(r.IntN(600)) * time.Second)
			when = stopped.Add(time.Duration(15+r.IntN(60)) * time.Minute)
		}
		im, irel := pl.marking(r, c)
		e := meridian.Event{Meta: im, Type: meridian.EventInterception, OccurredAt: stopped,
			Place: place, Means: interceptionMeans(r, kind),
			Outcome: fmt.Sprintf("%d migrant(s) found on board and taken for identification.", size)}
		pl.add(r, ag[kindBorder], e, irel, nil)
	}
	e := meridian.Event{Meta: m, Type: meridian.EventMigrants, OccurredAt: when, Place: place, Migrants: groups,
		Summary: fmt.Sprintf("%d irregular migrant(s) identified at %s.", size, place.Name)}
	pl.add(r, ag[kindBorder], e, rel, nil)
}

// migrantGroup draws n migrants of one nationality on one route through c.
func migrantGroup(r *sim.Rand, c *simCountry, rt *route, n int) meridian.MigrantGroup {
	if rt == nil {
		origin := genericOrigins.Pick(r)
		for origin == c.code {
			origin = genericOrigins.Pick(r)
		}
		hub := [...]string{"TR", "AE", "QA", "ET"}[r.IntN(4)]
		route := []meridian.RoutePoint{{Country: origin, Role: "origin"}}
		if hub != origin && hub != c.code {
			route = append(route, meridian.RoutePoint{Country: hub, Role: "transit"})
		}
		route = append(route, meridian.RoutePoint{Country: c.code, Role: "destination"})
		return meridian.MigrantGroup{Count: n, Nationality: origin, Minors: minors(r, n, 0.1), Route: route}
	}
	origin := rt.origins.Pick(r)
	dest := c.code
	if !slices.Contains(rt.dests.Codes, c.code) {
		dest = rt.dests.Pick(r)
	}
	route := []meridian.RoutePoint{{Country: origin, Role: "origin", Name: rt.names[origin]}}
	for _, t := range rt.transit {
		if t == origin || t == dest {
			continue
		}
		route = append(route, meridian.RoutePoint{Country: t, Role: "transit", Name: rt.names[t]})
	}
	if dest != origin {
		route = append(route, meridian.RoutePoint{Country: dest, Role: "destination", Name: rt.names[dest]})
	}
	return meridian.MigrantGroup{Count: n, Nationality: origin, Minors: minors(r, n, rt.minors), Route: route}
}

func minors(r *sim.Rand, n int, share float64) int {
	k := 0
	for range n {
		if r.Chance(share) {
			k++
		}
	}
	return k
}

func interceptionMeans(r *sim.Rand, kind meridian.DeploymentKind) string {
	switch kind {
	case meridian.DeploySeaport:
		return "vessel"
	case meridian.DeployAirport:
		return "aircraft"
	}
	return [...]string{"vehicle", "vehicle", "vehicle", "on_foot", "on_foot", "train"}[r.IntN(6)]
}

// deployments reports each deployment's start and end, in the morning
// and the evening of its first and last day.
func (pl *planner) deployments(r *sim.Rand) {
	p := pl.p
	for i, dep := range p.Operation.Deployments {
		c := worldByCode[dep.Country]
		first := int(parseDay(dep.Start).Sub(opStart) / (24 * time.Hour))
		last := int(parseDay(dep.End).Sub(opStart) / (24 * time.Hour))
		off := int(math.Round(c.utc))
		start := opStart.Add(time.Duration(first*24+((6-off)%24+24)%24)*time.Hour + time.Duration(r.IntN(3600))*time.Second)
		end := opStart.Add(time.Duration(last*24+((20-off)%24+24)%24)*time.Hour + time.Duration(r.IntN(3600))*time.Second)
		for _, ph := range []struct {
			phase string
			at    time.Time
		}{{"started", start}, {"ended", end}} {
			m, rel := pl.marking(r, c)
			e := meridian.Event{Meta: m, Type: meridian.EventDeployment, OccurredAt: ph.at,
				Place:      meridian.Place{Country: dep.Country, Name: dep.Name, Lat: dep.Lat, Lon: dep.Lon},
				Deployment: dep.Name, Phase: ph.phase,
				Summary: fmt.Sprintf("Deployment to %s %s: joint team of %d officers.", dep.Name, ph.phase, 4+r.IntN(20))}
			pl.add(r, p.DeploymentAgency[i], e, rel, nil)
		}
	}
}

func parseDay(d meridian.Date) time.Time {
	t, err := time.Parse("2006-01-02", string(d))
	if err != nil {
		panic("sim: bad planned date " + string(d))
	}
	return t
}

// skopje plans the example PRODUCT.md gives of the week: raids in North
// Macedonia, 13 suspects arrested (THB, drug trafficking, money
// laundering), 32 potential victims, all women, from Albania, Colombia,
// Russia, Serbia and Ukraine.
func (pl *planner) skopje(r *sim.Rand) {
	c := worldByCode["MK"]
	police := pl.agencyOf["MK"][kindPolice]
	prof := &victimProfiles["europe"][0]
	type site struct {
		name      string
		lat, lon  float64
		premises  string
		arrests   int
		thb       int
		victims   map[string]int
		localHour int
	}
	sites := []site{
		{"Skopje", 41.9961, 21.4316, "nightclub", 6, 4, map[string]int{"AL": 5, "CO": 6, "UA": 3}, 5},
		{"Kumanovo", 42.1322, 21.7144, "nightclub", 4, 3, map[string]int{"RS": 6, "RU": 4}, 5},
		{"Tetovo", 42.0106, 20.9715, "house", 3, 2, map[string]int{"AL": 4, "UA": 4}, 6},
	}
	d := 2 // Tuesday 1 October
	for _, s := range sites {
		when := opStart.Add(time.Duration(d*24+s.localHour-2)*time.Hour + time.Duration(r.IntN(1800))*time.Second)
		place := meridian.Place{Country: "MK", Name: s.name, Lat: s.lat, Lon: s.lon}
		all := meridian.Meta{TLP: meridian.TLPAmber, Handling: meridian.H0, Release: meridian.Release{Scope: meridian.ScopeAll}, SourceGrade: "A", InfoGrade: "1"}
		total := 0
		for _, n := range s.victims {
			total += n
		}
		rd := &raid{at: when, place: place, premises: s.premises, prof: prof, arrests: s.arrests, victims: total}
		e := meridian.Event{Meta: all, Type: meridian.EventRaid, OccurredAt: when, Place: place, Premises: s.premises,
			Summary: "Coordinated raid with the OCU South-eastern Europe on " + premisesWords[s.premises] + " in " + s.name + ".",
			Outcome: fmt.Sprintf("%d suspects arrested, %d potential victims, all women, identified and referred to shelters.", s.arrests, total)}
		rd.report = pl.add(r, police, e, nil, nil)
		pl.raidAt("MK", when, s.name)
		for i := range s.arrests {
			var codes []string
			if i < s.thb {
				codes = []string{meridian.ChargeTHB, [...]string{"drug_trafficking", "money_laundering"}[i%2]}
			} else {
				codes = []string{[...]string{"drug_trafficking", "money_laundering"}[i%2]}
			}
			charges := make([]meridian.Charge, len(codes))
			for j, x := range codes {
				charges[j] = meridian.Charge{Code: x, LegalBasis: legalBasis("MK", x)}
			}
			sus := pl.suspect(r, c, codes[0], rd)
			e := meridian.Event{Meta: all, Type: meridian.EventArrest, OccurredAt: when.Add(time.Duration(20+r.IntN(90)) * time.Minute),
				Place: place, Charges: charges, Summary: "Arrest at the raid in " + s.name + "."}
			pl.add(r, police, e, nil, sus)
		}
		var groups []meridian.VictimGroup
		for _, nat := range []string{"AL", "CO", "RS", "RU", "UA"} {
			n := s.victims[nat]
			if n == 0 {
				continue
			}
			young := (n + 1) / 2
			groups = append(groups,
				meridian.VictimGroup{Count: young, Sex: "F", AgeBand: "18-24", Nationality: nat, Exploitation: []string{meridian.ExploitSexual},
					RecruitedIn: nat, ExploitedIn: "MK", Referral: "shelter"},
			)
			if n-young > 0 {
				groups = append(groups, meridian.VictimGroup{Count: n - young, Sex: "F", AgeBand: "25-34", Nationality: nat,
					Exploitation: []string{meridian.ExploitSexual}, RecruitedIn: nat, ExploitedIn: "MK", Referral: "shelter"})
			}
		}
		for i := range groups {
			withMethods(&groups[i])
		}
		e = meridian.Event{Meta: all, Type: meridian.EventRescue, OccurredAt: when.Add(time.Duration(30+r.IntN(60)) * time.Minute),
			Place: place, Victims: groups, Summary: fmt.Sprintf("%d women identified as potential victims of sexual exploitation at the raid in %s.", total, s.name)}
		pl.add(r, police, e, nil, nil)
	}
}
