package operation

import (
	"strconv"

	"meridian"
	"meridian/sim"
)

// Checks are planned as counts (who checks how many persons and documents
// where, in which hour); the queries themselves are drawn when a batch is
// made, from its own seed, so that eight million of them never sit in
// memory and batches can be drawn in parallel.

// Shares of a country's checks by agency: border police at crossings,
// airports and ports; police at raids, hotspots and on patrol; the NCB
// at its desk and on passenger lists.
var agencyCheckShare = []float64{kindPolice: 0.25, kindBorder: 0.6, kindNCB: 0.15}

// minBatch is the fewest checks a batch carries unless the day ends.
const minBatch = 20

// checks plans the batches of checks: the total to countries, days,
// agencies and hours, by largest remainders.
func (pl *planner) checks() {
	r := sim.NewRand(pl.seed, streamChecks)
	w := make([]float64, len(pl.countries))
	for i, c := range pl.countries {
		w[i] = 0.6*c.act + 0.4*c.fli + 0.5
	}
	for i, n := range apportion(pl.scale.Checks, w) {
		c := pl.countries[i]
		ps := placesOf(c)
		for d, nd := range apportion(n, jitter(r, daysChecks)) {
			for k, nk := range apportion(nd, agencyCheckShare) {
				rhythm := [...][]float64{kindPolice: hoursPatrol, kindBorder: hoursBorder, kindNCB: hoursOffice}[k]
				// A post with few checks in an hour sends them with the
				// next hour's (at most a day's worth held back), so that
				// small scales do not make thousands of tiny batches.
				held := 0
				for h, nh := range apportion(nk, jitter(r, utcHours(rhythm, c))) {
					held += nh
					if held >= minBatch || (h == 23 && held > 0) {
						pl.batch(r, c, ps, k, d, h, held)
						held = 0
					}
				}
			}
		}
	}
}

// batch plans one agency's checks of one hour.
func (pl *planner) batch(r *sim.Rand, c *simCountry, ps []simPlace, k, d, h, n int) {
	b := CheckBatch{At: at(r, d, h), Agency: pl.agencyOf[c.code][k], Country: c.code, Seed: r.Uint64()}
	var docShare float64
	switch k {
	case kindBorder:
		var cand []simPlace
		for _, p := range ps {
			if p.kind != meridian.DeployHotspot {
				cand = append(cand, p)
			}
		}
		if len(cand) == 0 || r.Chance(0.25) {
			if airport := ps[0]; airport.kind == meridian.DeployAirport && r.Chance(0.8) {
				b.PlaceKind, b.Place = "flight", "API/PNR screening, "+airport.name
			} else {
				b.PlaceKind, b.Place = "patrol", "Border patrol, "+countryName(c.code)
			}
		} else {
			p := cand[r.IntN(len(cand))]
			b.PlaceKind, b.Place = string(p.kind), p.name
		}
		docShare = 0.5
	case kindPolice:
		if place, ok := pl.raidHours[c.code][d*24+h]; ok {
			b.PlaceKind, b.Place = "raid", place
		} else if p := ps[len(ps)-1]; p.kind == meridian.DeployHotspot && r.Chance(0.6) {
			b.PlaceKind, b.Place = "hotspot", p.name
		} else {
			b.PlaceKind, b.Place = "patrol", "Patrol, "+c.city
		}
		docShare = 0.25
	default:
		b.PlaceKind, b.Place = "office", "NCB "+c.city
		docShare = 0.4
	}
	b.Documents = int(float64(n)*docShare + 0.5)
	b.Persons = n - b.Documents
	pl.p.Checks = append(pl.p.Checks, b)
}

// Queries draws the batch's queries from its seed: most are travellers
// and people met on the street, none a namesake of a listed person; a
// share (l.HitShare) are listed persons as a checker would enter them (a
// variant of the listed name, a partial date) and listed documents.
func (b *CheckBatch) Queries(l *Listed) ([]meridian.PersonQuery, []meridian.DocumentQuery) {
	r := sim.RandFrom(b.Seed)
	c := worldByCode[b.Country]
	var kb sim.WordKeys
	persons := make([]meridian.PersonQuery, b.Persons)
	for i := range persons {
		if len(l.Persons) > 0 && r.Chance(l.HitShare) {
			persons[i] = l.Persons[r.IntN(len(l.Persons))]
			continue
		}
		persons[i] = traveller(r, c, l, &kb)
	}
	docs := make([]meridian.DocumentQuery, b.Documents)
	for i := range docs {
		if len(l.Documents) > 0 && r.Chance(l.HitShare) {
			docs[i] = l.Documents[r.IntN(len(l.Documents))]
			continue
		}
		docs[i] = travelDocument(r, travellerNationality(r, c))
	}
	return persons, docs
}

// travellerNationality: half the people checked are nationals, a quarter
// come from the countries of the routes through the country, a quarter
// from anywhere (as stolen and lost documents are issued).
func travellerNationality(r *sim.Rand, c *simCountry) string {
	x := r.Float64()
	if x < 0.5 {
		return c.code
	}
	if rs := routesThrough[c.code]; x < 0.75 && len(rs) > 0 {
		return routes[rs[r.IntN(len(rs))]].origins.Pick(r)
	}
	return sim.IssuingState(r)
}

// traveller is a person checked who is, as most are, nobody's concern:
// a name of their nationality as their passport writes it (or in their
// own script), their date of birth and sex. A name that l holds as a
// namesake of a listed person is drawn again (twenty times at most).
func traveller(r *sim.Rand, c *simCountry, l *Listed, kb *sim.WordKeys) meridian.PersonQuery {
	var nat, latin string
	var female bool
	var pn sim.PersonName
	for try := 0; try < 20; try++ {
		nat = travellerNationality(r, c)
		female = r.Chance(0.45)
		pn = sim.NameOf(r, nat, female)
		if pn.Latin() {
			latin = pn.Native()
		} else {
			latin = pn.Passport()
		}
		if !l.namesake(kb, latin) {
			break
		}
	}
	name := latin
	if !pn.Latin() && r.Chance(0.2) {
		name = pn.Native()
	}
	age := 18 + int(sim.Triangular(r, 0, 60, 17))
	y := sim.ReferenceYear - age
	birth := sim.RandomDate(r, y)
	if r.Chance(0.08) {
		birth = strconv.Itoa(y)
	}
	q := meridian.PersonQuery{Name: name, BirthDate: meridian.Date(birth), Sex: "M", Nationality: nat}
	if female {
		q.Sex = "F"
	}
	return q
}

// travelDocument is a document of the nationality in its issuer's format
// that nobody reported.
func travelDocument(r *sim.Rand, state string) meridian.DocumentQuery {
	typ, number := sim.RandomDocument(r, state)
	return meridian.DocumentQuery{Number: number, IssuingState: state, Type: typ}
}
