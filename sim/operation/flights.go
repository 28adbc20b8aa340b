package operation

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"meridian"
	"meridian/sim"
)

// flights plans the flights monitored: each participating country's
// border police screen the passengers of flights arriving at its main
// airport, from hubs, from the region and from the countries on its
// routes, before they land.
func (pl *planner) flights() {
	r := sim.NewRand(pl.seed, streamFlights)
	w := make([]float64, len(pl.countries))
	for i, c := range pl.countries {
		w[i] = c.fli
	}
	byCountry := apportion(pl.scale.Flights, w)
	for i, c := range pl.countries {
		if byCountry[i] == 0 {
			continue
		}
		origins := flightOrigins(c)
		hours := utcHours(hoursFlights, c)
		for d, n := range apportion(byCountry[i], jitter(r, daysFlights)) {
			for range n {
				pl.flight(r, c, origins, atIn(r, d, hours))
			}
		}
	}
}

// flightOrigins weighs the countries flights to c come from: hubs, the
// region, the origins of the routes through c.
func flightOrigins(c *simCountry) sim.Countries {
	ws := map[string]float64{}
	for _, h := range hubs {
		ws[h.country] += h.weight
	}
	for _, o := range world {
		if o.unit == c.unit {
			ws[o.code] += 1.5 * o.fli
		}
	}
	for _, ri := range routesThrough[c.code] {
		for _, o := range routes[ri].origins.Codes {
			ws[o] += 1
		}
	}
	var codes []string
	var cum []float64
	for _, o := range world {
		if x := ws[o.code]; x > 0 && o.code != c.code && o.fli > 0 {
			codes = append(codes, o.code)
			cum = append(cum, x)
		}
	}
	return sim.NewCountries(codes, cum)
}

// distance is the great-circle distance between two countries' main
// airports in km.
func distance(a, b *simCountry) float64 {
	const rad = math.Pi / 180
	dlat, dlon := (b.airLat-a.airLat)*rad, (b.airLon-a.airLon)*rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(a.airLat*rad)*math.Cos(b.airLat*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * 6371 * math.Asin(math.Sqrt(h))
}

// flight plans one flight into c whose passengers are screened at t.
func (pl *planner) flight(r *sim.Rand, c *simCountry, origins sim.Countries, t time.Time) {
	o := worldByCode[origins.Pick(r)]
	var carrier string
	switch x := r.Float64(); {
	case x < 0.55 && len(carriers[o.code]) > 0:
		carrier = carriers[o.code][r.IntN(len(carriers[o.code]))]
	case x < 0.9 && len(carriers[c.code]) > 0:
		carrier = carriers[c.code][r.IntN(len(carriers[c.code]))]
	default:
		carrier = [...]string{"TK", "EK", "QR", "ET", "LH", "AF"}[r.IntN(6)]
	}
	// The same carrier flies a city pair under the same numbers.
	h := uint64(0x9e3779b97f4a7c15)
	for _, b := range []byte(carrier + o.airport + c.airport) {
		h = sim.Mix64(h ^ uint64(b))
	}
	number := strconv.Itoa(int(h%1999) + 1 + r.IntN(2))
	hours := distance(o, c)/830 + 0.5
	arrival := t.Add(40 * time.Minute)
	passengers := 60 + r.IntN(300)
	m, rel := pl.marking(r, c)
	ap := c.airportPlace()
	e := meridian.Event{Meta: m, Type: meridian.EventFlight, OccurredAt: t,
		Place: meridian.Place{Country: c.code, Name: ap.name, Lat: ap.lat, Lon: ap.lon},
		Flight: &meridian.Flight{Carrier: carrier, Number: number, From: o.airport, To: c.airport, FromCountry: o.code,
			Departure: arrival.Add(-time.Duration(hours * float64(time.Hour))).Truncate(time.Minute), Passengers: passengers},
		Outcome: fmt.Sprintf("Advance passenger information of %d travellers screened before arrival; %d referred for secondary checks.",
			passengers, r.IntN(4))}
	pl.add(r, pl.agencyOf[c.code][kindBorder], e, rel, nil)
}
