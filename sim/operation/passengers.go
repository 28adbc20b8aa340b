package operation

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"meridian"
	"meridian/edifact"
	"meridian/sim"
)

// PassengerOptions make a replay send the passenger messages of its
// flights, as the carriers would: a PAXLST list of each flight's travellers
// ingested by the destination's border police when the flight is screened,
// through the same service an upload goes through (parsed, every traveller
// screened against the watchlists, the risk rules applied, alerts raised
// for the destination's officers). The zero value sends none.
type PassengerOptions struct {
	// Countries are destinations every flight into which is sent, each
	// message with planted travellers.
	Countries []string
	// Share is the share of the other flights whose messages are sent;
	// one in four of those carries planted travellers.
	Share float64
	// Planted are listed persons as they travel; a message with planted
	// travellers carries the next of them in turn, beside a minor with an
	// adult of another family on one booking and a passport issued a few
	// days before departure (what the default risk rules look for).
	Planted []meridian.Traveller
	// Opening: a fresh replay sends, at its start, the message of one
	// more flight into each of Countries whose first planned flight lands
	// later than this after the start, so that the alert queue of each of
	// them fills from the first minutes. 0: none.
	Opening time.Duration
	// MaxTravellers bounds the travellers of a message (screening is the
	// cost of an ingest); 0: 30.
	MaxTravellers int
}

func (o PassengerOptions) enabled() bool { return len(o.Countries) > 0 || o.Share > 0 }

// passengers is a replay's passenger messages under way.
type passengers struct {
	o       PassengerOptions
	p       *Plan
	w       *World
	svc     Services
	r       *sim.Rand
	sent    int // messages
	planted int // messages with planted travellers
	alerts  int
}

func (w *World) passengers(p *Plan, svc Services, o PassengerOptions) *passengers {
	if !o.enabled() || svc.Manifests == nil {
		return nil
	}
	if o.MaxTravellers <= 0 {
		o.MaxTravellers = 30
	}
	return &passengers{o: o, p: p, w: w, svc: svc, r: sim.NewRand(p.Seed, streamFlights+100)}
}

// opening sends, at the start of a fresh replay, the extra flights of
// PassengerOptions.Opening.
func (ps *passengers) opening(ctx context.Context) error {
	if ps == nil || ps.o.Opening <= 0 {
		return nil
	}
	start := ps.p.Start()
	for k, c := range ps.o.Countries {
		dest := worldByCode[c]
		agencies, ok := ps.p.agencyByCountry(c)
		if dest == nil || !ok {
			continue
		}
		first := time.Time{}
		for i := range ps.p.Reports {
			if e := &ps.p.Reports[i].Event; e.Type == meridian.EventFlight && e.Place.Country == c {
				first = ps.p.Reports[i].At
				break
			}
		}
		if !first.IsZero() && first.Sub(start) <= ps.o.Opening {
			continue
		}
		// A connection from Istanbul, one of the busiest hubs into the
		// Balkans and Europe, landing an hour or two into the week.
		at := start.Add(time.Duration(60+20*k) * time.Minute)
		fl := &meridian.Flight{Carrier: "TK", Number: fmt.Sprint(1001 + 2*k), From: "IST", To: dest.airport, FromCountry: "TR",
			Departure: at.Add(-2 * time.Hour), Passengers: 40 + ps.r.IntN(100)}
		if err := ps.send(ctx, agencies[kindBorder], c, at, fl, true); err != nil {
			return err
		}
	}
	return nil
}

// agencyByCountry returns the police, border police and NCB of a country.
func (p *Plan) agencyByCountry(c string) ([3]int, bool) {
	var out [3]int
	found := 0
	for i, a := range p.Agencies {
		if a.Country != c {
			continue
		}
		switch a.Kind {
		case meridian.AgencyPolice:
			out[kindPolice] = i
		case meridian.AgencyBorder:
			out[kindBorder] = i
		case meridian.AgencyNCB:
			out[kindNCB] = i
		default:
			continue
		}
		found++
	}
	return out, found == 3
}

// flight sends the message of a flight report, if its flight is one the
// options send.
func (ps *passengers) flight(ctx context.Context, rep *Report) error {
	e := &rep.Event
	if ps == nil || e.Type != meridian.EventFlight || e.Flight == nil {
		return nil
	}
	planted := slices.Contains(ps.o.Countries, e.Place.Country)
	if !planted {
		if !ps.r.Chance(ps.o.Share) {
			return nil
		}
		planted = ps.r.Chance(0.25)
	}
	return ps.send(ctx, rep.Agency, e.Place.Country, e.OccurredAt, e.Flight, planted)
}

// send writes the PAXLST of a flight screened at `at` in country and
// ingests it as the agency's reporter. The arrival carries the date of
// the flight report, so that the ingest counts the flight the report
// counted already instead of a second one.
func (ps *passengers) send(ctx context.Context, agency int, country string, at time.Time, fl *meridian.Flight, planted bool) error {
	seq := ps.sent
	ps.sent++
	rr := rand.New(rand.NewPCG(uint64(ps.p.Seed), uint64(seq)))
	dep := fl.Departure
	if dep.IsZero() || !dep.Before(at) {
		dep = at.Add(-2 * time.Hour)
	}
	leg := meridian.Leg{Carrier: fl.Carrier, Number: fl.Number, Border: true,
		Departure: meridian.Stop{Airport: fl.From, Time: meridian.LocalTimeOf(dep)},
		Arrival:   meridian.Stop{Airport: fl.To, Time: meridian.LocalTimeOf(at)}}
	n := min(max(fl.Passengers, 8), ps.o.MaxTravellers)
	travellers := edifact.RandomTravellers(rr, n, dep)
	if planted {
		ps.planted++
		travellers = ps.plant(rr, travellers, dep)
	}
	// The reference names the flight and its day: a replay resumed after
	// a restart sends the flights after the last report, never a second
	// message under a reference used already (which the ingest refuses).
	ref := strings.ToUpper(fl.Carrier) + fl.Number + at.Format("0102")
	var b bytes.Buffer
	kind := "PAXLST"
	if seq%3 == 2 {
		// One flight in three is sent as the carrier's PNRGOV push of its
		// bookings instead of the passenger list.
		kind = "PNRGOV"
		m := &meridian.Manifest{Kind: meridian.ManifestPNRGOV, Reference: ref, Interchange: ref,
			Sender: fl.Carrier, Recipient: country + "PIU", Prepared: meridian.LocalTimeOf(dep.Add(-24 * time.Hour)),
			Flights: []meridian.Leg{leg}, Bookings: bookings(rr, travellers, leg, dep)}
		if err := edifact.WritePNRGOV(&b, m); err != nil {
			return fmt.Errorf("sim: write the PNRGOV of %s%s: %w", fl.Carrier, fl.Number, err)
		}
	} else {
		m := &meridian.Manifest{Kind: meridian.ManifestPAXLST, Reference: ref, Interchange: ref,
			Sender: fl.Carrier + "APIS", Recipient: country + "APIS", Prepared: meridian.LocalTimeOf(dep.Add(-30 * time.Minute)),
			ListType: "passengers", ReportingParty: &meridian.Party{Name: fl.Carrier + " CONTROL"},
			Flights: []meridian.Leg{leg}, Travellers: travellers}
		if err := edifact.WritePAXLST(&b, m); err != nil {
			return fmt.Errorf("sim: write the PAXLST of %s%s: %w", fl.Carrier, fl.Number, err)
		}
	}
	sctx := meridian.WithSubject(ctx, ps.w.subjects[agency])
	res, err := ps.svc.Manifests.IngestManifests(sctx, &b, meridian.IngestOptions{OperationID: ps.w.Operation.ID, Country: country})
	if meridian.KindOf(err) == meridian.EConflict {
		// A second flight under the same designator on the same day: the
		// ingest keeps the first message sent under the reference.
		return nil
	}
	if err != nil {
		return fmt.Errorf("sim: the %s of %s%s into %s: %w", kind, fl.Carrier, fl.Number, country, err)
	}
	for _, r := range res {
		ps.alerts += len(r.AlertIDs)
	}
	return nil
}

// plant puts into a flight's travellers: the next listed person in turn,
// a minor of 15 on one booking with an adult of another family name, and
// a passport issued twelve days before departure.
func (ps *passengers) plant(rr *rand.Rand, ts []meridian.Traveller, dep time.Time) []meridian.Traveller {
	if len(ps.o.Planted) > 0 {
		t := ps.o.Planted[(ps.planted-1)%len(ps.o.Planted)]
		t.Role, t.Type = meridian.RolePassenger, "FL"
		t.Documents = slices.Clone(t.Documents)
		t.BookingRef = fmt.Sprintf("PL%04d", ps.planted)
		t.Seats = []meridian.Seat{{Seat: fmt.Sprintf("%dC", 10+rr.IntN(20))}}
		t.Baggage = &meridian.Baggage{Count: 1}
		ts = append(ts, t)
	}
	if len(ts) >= 3 {
		adult, minor := &ts[0], &ts[1]
		booking := fmt.Sprintf("GR%04d", ps.planted)
		adult.BookingRef, minor.BookingRef = booking, booking
		adult.BirthDate = meridian.DateOf(dep.AddDate(-41, -2, 0))
		minor.BirthDate = meridian.DateOf(dep.AddDate(-15, -4, 0))
		if strings.EqualFold(adult.Family, minor.Family) {
			minor.Family = "KASTRATI"
			if strings.EqualFold(adult.Family, minor.Family) {
				minor.Family = "MORINA"
			}
		}
		// Nobody else travels on that booking.
		for i := 2; i < len(ts); i++ {
			if ts[i].BookingRef == booking {
				ts[i].BookingRef += "X"
			}
		}
		if d := ts[2].Documents; len(d) > 0 {
			d[0].IssuedOn = meridian.DateOf(dep.AddDate(0, 0, -12))
		}
	}
	return ts
}

// bookings groups a flight's travellers by booking reference into the
// bookings of a PNRGOV push. Ordinary bookings are return journeys made
// weeks ahead and paid by card; the planted ones (see plant) are one-way,
// made a day or two before departure: the minor's booking paid in cash,
// the listed traveller's by a company that does not travel.
func bookings(rr *rand.Rand, ts []meridian.Traveller, leg meridian.Leg, dep time.Time) []meridian.Booking {
	var out []meridian.Booking
	at := map[string]int{}
	back := meridian.Leg{Carrier: leg.Carrier, Number: leg.Number + "1",
		Departure: meridian.Stop{Airport: leg.Arrival.Airport, Time: meridian.LocalTimeOf(dep.AddDate(0, 0, 7+rr.IntN(14)))},
		Arrival:   meridian.Stop{Airport: leg.Departure.Airport}}
	for _, t := range ts {
		key := t.BookingRef
		if key == "" {
			key = fmt.Sprintf("X%05d", rr.IntN(100000))
		}
		i, ok := at[key]
		if !ok {
			b := meridian.Booking{Locator: key, Carrier: leg.Carrier, Itinerary: []meridian.BookedFlight{{Leg: leg}}}
			switch {
			case strings.HasPrefix(key, "GR"), strings.HasPrefix(key, "PL"):
				b.Created = meridian.LocalTimeOf(dep.Add(-time.Duration(30+rr.IntN(18)) * time.Hour))
			default:
				b.Created = meridian.LocalTimeOf(dep.AddDate(0, 0, -(14 + rr.IntN(60))))
				b.Itinerary = append(b.Itinerary, meridian.BookedFlight{Leg: back})
			}
			out = append(out, b)
			i = len(out) - 1
			at[key] = i
		}
		b := &out[i]
		t.Ref = fmt.Sprint(len(b.Travellers) + 1)
		t.BookingRef, t.Seats, t.Baggage = "", nil, nil
		b.Travellers = append(b.Travellers, t)
		total := float64(120 + rr.IntN(600))
		pay := meridian.Payment{Code: "CC", Amount: &meridian.Amount{Value: total, Currency: "EUR"}}
		switch {
		case strings.HasPrefix(key, "GR"):
			pay.Code = "CA"
		case strings.HasPrefix(key, "PL"):
			pay.Payer = &meridian.Payer{Name: "BALKAN TRAVEL SERVICES DOO", Phone: "+38970555" + fmt.Sprintf("%03d", rr.IntN(1000))}
		}
		b.Tickets = append(b.Tickets, meridian.Ticket{Number: fmt.Sprintf("157%010d", rr.IntN(1e9)), Traveller: t.Ref,
			Total: &meridian.Amount{Value: total, Currency: "EUR"}, Payments: []meridian.Payment{pay}})
	}
	return out
}
