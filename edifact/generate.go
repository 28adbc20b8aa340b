package edifact

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"meridian"
)

// WritePAXLST writes m as one PAXLST interchange (D05B, default
// delimiters): the envelope, the reporting party, the legs, one group per
// traveller with their documents, and the counts. It is what the tests,
// the benchmarks and the simulator feed the parser; Parse reads back what
// it wrote. Dates are written with two-digit years (YYMMDD), as carriers
// send them.
func WritePAXLST(w io.Writer, m *meridian.Manifest) error {
	bw := bufio.NewWriter(w)
	e := &encoder{w: bw}
	ref := orDefault(m.Reference, "1")
	ctl := orDefault(m.Interchange, ref)
	prep := m.Prepared.Time()
	if prep.IsZero() {
		prep = time.Date(2024, 9, 29, 12, 0, 0, 0, time.UTC)
	}
	bw.WriteString("UNA:+.? '")
	e.seg("UNB", []string{"UNOA", "4"}, []string{orDefault(m.Sender, "AIRLINE")}, []string{orDefault(m.Recipient, "APIS")},
		[]string{prep.Format("060102"), prep.Format("1504")}, []string{ctl}, nil, []string{"APIS"})
	e.count = 0
	e.seg("UNH", []string{ref}, []string{"PAXLST", "D", "05B", "UN", "IATA"})
	list := "745"
	if m.ListType == "crew" {
		list = "250"
	}
	e.seg("BGM", []string{list}, opt(m.Function))
	if m.TransactionRef != "" {
		e.seg("RFF", []string{"TN", m.TransactionRef})
	}
	if p := m.ReportingParty; p != nil {
		e.seg("NAD", []string{"MS"}, nil, nil, []string{p.Name})
		var com [][]string
		if p.Phone != "" {
			com = append(com, []string{p.Phone, "TE"})
		}
		if p.Fax != "" {
			com = append(com, []string{p.Fax, "FX"})
		}
		if p.Email != "" {
			com = append(com, []string{p.Email, "EM"})
		}
		if len(com) > 0 {
			e.seg("COM", com...)
		}
	}
	for _, l := range m.Flights {
		e.seg("TDT", []string{"20"}, []string{l.Carrier + l.Number}, nil, nil, []string{l.Carrier})
		dq, aq := "92", "92"
		if l.Border {
			dq, aq = "125", "87"
		}
		e.seg("LOC", []string{dq}, []string{l.Departure.Airport})
		if t := l.Departure.Time.Time(); !t.IsZero() {
			e.seg("DTM", []string{"189", t.Format("0601021504"), "201"})
		}
		e.seg("LOC", []string{aq}, []string{l.Arrival.Airport})
		if t := l.Arrival.Time.Time(); !t.IsZero() {
			e.seg("DTM", []string{"232", t.Format("0601021504"), "201"})
		}
	}
	pax, crew := 0, 0
	for i := range m.Travellers {
		t := &m.Travellers[i]
		code := t.Type
		if code == "" {
			code = "FL"
			if t.Role == meridian.RoleCrew {
				code = "FM"
			}
		}
		if t.Role == meridian.RoleCrew {
			crew++
		} else {
			pax++
		}
		name := []string{t.Family}
		if t.Given != "" {
			name = append(name, strings.SplitN(t.Given, " ", 2)...)
		}
		nad := [][]string{{code}, nil, nil, name}
		if len(t.Addresses) > 0 {
			a := t.Addresses[0]
			nad = append(nad, opt(a.Street), opt(a.City), opt(a.Region), opt(a.PostalCode), opt(alpha3(a.Country)))
		}
		e.seg("NAD", nad...)
		if t.Sex != "" {
			e.seg("ATT", []string{"2"}, nil, []string{string(t.Sex)})
		}
		if t.BirthDate != "" && !t.BirthDate.Partial() {
			e.seg("DTM", []string{"329", t.BirthDate.Time().Format("060102")})
		}
		if b := t.Baggage; b != nil {
			e.seg("MEA", []string{"CT"}, nil, []string{"", fmt.Sprint(b.Count)})
			if b.Weight > 0 {
				unit := "KGM"
				if b.Unit == "lb" {
					unit = "LBR"
				}
				e.seg("MEA", []string{"WT"}, nil, []string{unit, fmt.Sprint(b.Weight)})
			}
			for _, tag := range b.Tags {
				e.seg("FTX", []string{"BAG"}, nil, nil, []string{"", tag})
			}
		}
		if t.Verified {
			e.seg("GEI", []string{"4"}, []string{"173"})
		}
		for _, x := range []struct{ q, v string }{{"22", t.Clearance}, {"178", t.Embarkation}, {"179", t.Debarkation}, {"174", alpha3(t.Residence)}} {
			if x.v != "" {
				e.seg("LOC", []string{x.q}, []string{x.v})
			}
		}
		if t.BirthPlace != "" {
			e.seg("LOC", []string{"180"}, []string{"", "", "", t.BirthPlace})
		}
		for _, c := range t.Contacts {
			ch := "TE"
			if c.Kind == meridian.IDEmail {
				ch = "EM"
			}
			e.seg("COM", []string{c.Value, ch})
		}
		if t.CrewFunction != "" {
			e.seg("EMP", []string{"1"}, []string{map[string]string{"cockpit": "CR1", "cabin": "CR2"}[t.CrewFunction], "110", "111"})
		}
		if t.Nationality != "" {
			e.seg("NAT", []string{"2"}, []string{alpha3(t.Nationality)})
		}
		if t.BookingRef != "" {
			e.seg("RFF", []string{"AVF", t.BookingRef})
		}
		if t.Ref != "" {
			e.seg("RFF", []string{"ABO", t.Ref})
		}
		for _, s := range t.Seats {
			e.seg("RFF", []string{"SEA", s.Seat})
		}
		for _, d := range t.Documents {
			e.seg("DOC", []string{orDefault(d.Code, docCode(d.Type)), "110", "111"}, []string{d.Number})
			if d.IssuedOn != "" {
				e.seg("DTM", []string{"182", d.IssuedOn.Time().Format("060102")})
			}
			if d.ExpiresOn != "" {
				e.seg("DTM", []string{"36", d.ExpiresOn.Time().Format("060102")})
			}
			if d.IssuingState != "" || d.IssuePlace != "" {
				e.seg("LOC", []string{"91"}, []string{alpha3(d.IssuingState), "", "", d.IssuePlace})
			}
		}
	}
	if pax > 0 {
		e.seg("CNT", []string{"42", fmt.Sprint(pax)})
	}
	if crew > 0 {
		e.seg("CNT", []string{"41", fmt.Sprint(crew)})
	}
	e.seg("UNT", []string{fmt.Sprint(e.count + 1)}, []string{ref})
	e.seg("UNZ", []string{"1"}, []string{ctl})
	if e.err != nil {
		return e.err
	}
	return bw.Flush()
}

func opt(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// alpha3 writes a country as ICAO and PAXLST do: ISO alpha-3.
func alpha3(code string) string {
	if c, ok := meridian.LookupCountry(code); ok {
		return c.Alpha3
	}
	return code
}

func docCode(t meridian.DocumentType) string {
	switch t {
	case "passport":
		return "P"
	case "visa":
		return "V"
	case "id_card":
		return "I"
	case "residence_permit":
		return "C"
	}
	return "F"
}

// encoder writes segments with the default delimiters, releasing them in
// values, and counts them for UNT.
type encoder struct {
	w     *bufio.Writer
	count int
	err   error
}

func (e *encoder) seg(tag string, elems ...[]string) {
	e.count++
	e.w.WriteString(tag)
	// trailing empty elements are left out, as senders do
	n := len(elems)
	for n > 0 && len(elems[n-1]) == 0 {
		n--
	}
	for _, el := range elems[:n] {
		e.w.WriteByte('+')
		m := len(el)
		for m > 0 && el[m-1] == "" {
			m--
		}
		for i, c := range el[:m] {
			if i > 0 {
				e.w.WriteByte(':')
			}
			for j := 0; j < len(c); j++ {
				switch c[j] {
				case ':', '+', '?', '\'':
					e.w.WriteByte('?')
				}
				e.w.WriteByte(c[j])
			}
		}
	}
	if err := e.w.WriteByte('\''); err != nil && e.err == nil {
		e.err = err
	}
}

var (
	genFamilies = []string{"PETROVIC", "GARCIA LOPEZ", "NGUYEN", "OKAFOR", "MULLER", "KOWALSKI", "SMITH", "HASSAN",
		"RAHMAN", "SILVA", "IVANOVA", "POPESCU", "DIALLO", "KHAN", "TANAKA", "O'BRIEN", "HOXHA", "MENDOZA", "ABDULLAHI", "BERISHA"}
	genGiven = map[meridian.Sex][]string{
		"M": {"DRAGAN", "JUAN CARLOS", "MINH", "CHINEDU", "LUKAS", "PIOTR", "JOHN", "AHMED", "KAREEM", "JOAO", "IGOR", "ANDREI", "MAMADOU", "IMRAN", "KENJI", "SEAN", "ARBEN", "LUIS", "MUSA", "DRITON"},
		"F": {"JELENA", "MARIA JOSE", "LAN", "NGOZI", "ANNA", "AGNIESZKA", "MARY", "FATIMA", "NUSRAT", "ANA", "OLGA", "ELENA", "AISSATOU", "AYESHA", "YUKI", "SIOBHAN", "BLERTA", "ROSA", "HAUWA", "VJOSA"},
	}
	genCountries = []string{"RS", "ES", "VN", "NG", "DE", "PL", "GB", "EG", "BD", "BR", "RU", "RO", "SN", "PK", "JP", "IE", "AL", "CO", "NG", "BA", "UA", "MK", "TR", "IN", "CN"}
	genAirports  = []string{"IST", "FRA", "CDG", "LHR", "AMS", "MAD", "FCO", "VIE", "SKP", "BEG", "TIA", "DOH", "DXB", "LOS", "BOG", "GRU", "DAC", "KHI", "BKK", "JFK"}
	genCarriers  = []string{"TK", "LH", "AF", "BA", "KL", "IB", "AZ", "OS", "QR", "EK", "W6", "JU", "FR", "U2"}
)

// RandomTravellers returns n plausible passengers of a flight departing at
// dep: names, dates of birth (adults, children, infants), sex,
// nationality, passport, seat, booking and bags. Travelling companions
// share a booking reference; a few travellers have no bags.
func RandomTravellers(rng *rand.Rand, n int, dep time.Time) []meridian.Traveller {
	out := make([]meridian.Traveller, 0, n)
	booking := ""
	for i := range n {
		if i == 0 || rng.IntN(3) == 0 {
			booking = randCode(rng, 6, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
		}
		sx := meridian.Sex("M")
		if rng.IntN(2) == 0 {
			sx = "F"
		}
		nat := genCountries[rng.IntN(len(genCountries))]
		age := 18 + rng.IntN(60)
		switch rng.IntN(12) {
		case 0:
			age = rng.IntN(2)
		case 1, 2:
			age = 2 + rng.IntN(16)
		}
		birth := dep.AddDate(-age, -rng.IntN(12), -rng.IntN(28))
		issued := dep.AddDate(-rng.IntN(9), -rng.IntN(12), -rng.IntN(28))
		t := meridian.Traveller{Role: meridian.RolePassenger, Type: "FL",
			Family: genFamilies[rng.IntN(len(genFamilies))], Given: genGiven[sx][rng.IntN(len(genGiven[sx]))],
			BirthDate: meridian.DateOf(birth), Sex: sx, Nationality: nat, Residence: nat,
			BookingRef: booking, Ref: fmt.Sprintf("P%06d", rng.IntN(1000000)),
			Seats: []meridian.Seat{{Seat: fmt.Sprintf("%d%c", 1+rng.IntN(40), 'A'+rng.IntN(6))}},
			Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: randCode(rng, 2, "ABCDEFGHJKLMNPRSTUVWXYZ") + randCode(rng, 7, "0123456789"),
				IssuingState: nat, ExpiresOn: meridian.DateOf(issued.AddDate(10, 0, 0))}},
		}
		if rng.IntN(5) > 0 {
			t.Baggage = &meridian.Baggage{Count: 1 + rng.IntN(2)}
		} else {
			t.Baggage = &meridian.Baggage{}
		}
		out = append(out, t)
	}
	return out
}

func randCode(rng *rand.Rand, n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

// RandomLeg returns a plausible international flight leg departing on day.
func RandomLeg(rng *rand.Rand, day time.Time) meridian.Leg {
	from := genAirports[rng.IntN(len(genAirports))]
	to := from
	for to == from {
		to = genAirports[rng.IntN(len(genAirports))]
	}
	c := genCarriers[rng.IntN(len(genCarriers))]
	dep := time.Date(day.Year(), day.Month(), day.Day(), rng.IntN(24), 5*rng.IntN(12), 0, 0, time.UTC)
	arr := dep.Add(time.Duration(60+rng.IntN(600)) * time.Minute)
	return meridian.Leg{Carrier: c, Number: fmt.Sprint(1 + rng.IntN(2999)), Border: true,
		Departure: meridian.Stop{Airport: from, Time: meridian.LocalTimeOf(dep)},
		Arrival:   meridian.Stop{Airport: to, Time: meridian.LocalTimeOf(arr)}}
}

// GeneratePAXLST returns a realistic PAXLST interchange of n passengers
// on leg (a random leg when leg is the zero value), the reference drawn
// from rng: the same rng state gives the same bytes.
func GeneratePAXLST(rng *rand.Rand, n int, leg meridian.Leg) []byte {
	if leg.Carrier == "" {
		leg = RandomLeg(rng, time.Date(2024, 9, 29+rng.IntN(6), 0, 0, 0, 0, time.UTC))
	}
	dep := leg.Departure.Time.Time()
	ref := randCode(rng, 10, "0123456789")
	m := &meridian.Manifest{Kind: meridian.ManifestPAXLST, Reference: ref, Interchange: ref,
		Sender: leg.Carrier + "APIS", Recipient: leg.Arrival.Airport + "APIS", Prepared: meridian.LocalTimeOf(dep.Add(-time.Hour)),
		ListType: "passengers", ReportingParty: &meridian.Party{Name: leg.Carrier + " CONTROL", Phone: "+90 212 555 0100"},
		Flights: []meridian.Leg{leg}, Travellers: RandomTravellers(rng, n, dep)}
	var b bytes.Buffer
	WritePAXLST(&b, m) // a bytes.Buffer does not fail
	return b.Bytes()
}
