package edifact

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"meridian"
)

// builder holds what parsing one message needs besides the manifest.
type builder struct {
	m   *meridian.Manifest
	ref time.Time // reference for two-digit years: when the message was made
}

func (b *builder) warn(s *Segment, format string, args ...any) {
	b.m.Warnings = append(b.m.Warnings, warnAt(s, format, args...))
}

// country maps a country code and warns when it is unknown.
func (b *builder) country(s *Segment, code, what string) string {
	c, ok := country(code)
	if !ok {
		b.warn(s, "unknown country code %q for %s", code, what)
	}
	return c
}

// newManifest fills what every kind of message shares.
func newManifest(kind meridian.ManifestKind, msg *Message) *meridian.Manifest {
	m := &meridian.Manifest{Kind: kind, Reference: msg.Ref, CommonReference: msg.CommonRef, Parts: 1,
		Flights: []meridian.Leg{}}
	if ic := msg.Interchange; ic != nil {
		m.Interchange, m.Sender, m.Recipient, m.Prepared = ic.Control, ic.Sender, ic.Recipient, ic.Prepared
		m.Syntax = joinNonEmpty(":", ic.Syntax, ic.SyntaxVersion)
	}
	m.Warnings = append(m.Warnings, msg.Warnings...)
	return m
}

func refTime(m *meridian.Manifest) time.Time {
	if t := m.Prepared.Time(); !t.IsZero() {
		return t
	}
	return time.Now().UTC()
}

// parsePAXLST reads a PAXLST message (WCO/IATA/ICAO guidelines, D02B and
// later): the reporting party, the flight legs, then one group per
// traveller (NAD with ATT, DTM, MEA, GEI, FTX, LOC, COM, EMP, NAT, RFF and
// DOC groups), then the counts.
func parsePAXLST(msg *Message) *meridian.Manifest {
	m := newManifest(meridian.ManifestPAXLST, msg)
	m.Version = msg.Version + msg.Release
	if msg.Version == "D" || msg.Version == "" {
		m.Version = "D" + msg.Release
	}
	b := &builder{m: m, ref: refTime(m)}
	var (
		leg    *meridian.Leg
		loc    string // qualifier of the last LOC in a TDT group
		party  bool   // in the NAD MS group
		t      *meridian.Traveller
		doc    *meridian.TravelDoc
		counts = map[string]int{}
	)
	for i := range msg.Segments {
		s := &msg.Segments[i]
		switch s.Tag {
		case "BGM":
			switch code := s.Value(0, 0); code {
			case "745":
				m.ListType = "passengers"
			case "250", "336":
				m.ListType = "crew"
			default:
				m.ListType = code
			}
			m.Function = s.Value(1, 0)
		case "RFF":
			if t == nil {
				if s.Is(0, 0, "TN") {
					m.TransactionRef = s.Value(0, 1)
				}
				continue
			}
			q, v := s.Value(0, 0), s.Value(0, 1)
			if v == "" {
				b.warn(s, "RFF %s without a value", q)
				continue
			}
			t.References = append(t.References, meridian.Reference{Qualifier: q, Value: v})
			switch q {
			case "AVF":
				t.BookingRef = v
			case "ABO":
				t.Ref = v
			case "SEA":
				t.Seats = append(t.Seats, meridian.Seat{Seat: v})
			}
		case "NAD":
			code := s.Value(0, 0)
			if code == "MS" && t == nil {
				m.ReportingParty = &meridian.Party{Name: strings.Join(nonEmpty(s.Element(3)), " ")}
				if m.ReportingParty.Name == "" {
					m.ReportingParty.Name = s.Value(1, 0)
				}
				party, leg = true, nil
				continue
			}
			party, leg, doc = false, nil, nil
			m.Travellers = append(m.Travellers, b.paxlstTraveller(s, code))
			t = &m.Travellers[len(m.Travellers)-1]
		case "CTA":
		case "COM":
			for e := range s.Len() {
				num, ch := s.Value(e, 0), strings.ToUpper(s.Value(e, 1))
				if num == "" {
					continue
				}
				switch {
				case party && m.ReportingParty != nil:
					switch ch {
					case "TE":
						m.ReportingParty.Phone = num
					case "FX":
						m.ReportingParty.Fax = num
					case "EM":
						m.ReportingParty.Email = decodeEmail(num)
					}
				case t != nil:
					if ch == "EM" {
						t.Contacts = appendContact(t.Contacts, emailContact(num, ""))
					} else if c, ok := phoneContact(num, map[string]string{"TE": "", "FX": "fax", "MB": "mobile"}[ch]); ok {
						t.Contacts = appendContact(t.Contacts, c)
					}
				}
			}
		case "TDT":
			party = false
			if t != nil {
				b.warn(s, "TDT after the travellers ignored: flight legs come before them")
				continue
			}
			m.Flights = append(m.Flights, b.tdt(s))
			leg, loc = &m.Flights[len(m.Flights)-1], ""
		case "LOC":
			q, v := s.Value(0, 0), s.Value(1, 0)
			name := s.Value(1, 3)
			if t == nil {
				if leg == nil {
					b.warn(s, "LOC %s outside a flight leg ignored", q)
					continue
				}
				loc = q
				var cc string
				v, cc = unlocode(v)
				switch q {
				case "125":
					leg.Departure.Airport, leg.Departure.Country, leg.Border = v, cc, true
				case "87":
					leg.Arrival.Airport, leg.Arrival.Country, leg.Border = v, cc, true
				case "92":
					if leg.Departure.Airport == "" {
						leg.Departure.Airport, leg.Departure.Country = v, cc
					} else {
						leg.Arrival.Airport, leg.Arrival.Country = v, cc
					}
				case "130", "188", "172":
				default:
					b.warn(s, "LOC qualifier %q in a flight leg ignored", q)
				}
				continue
			}
			switch q {
			case "22":
				t.Clearance = v
			case "178":
				t.Embarkation = v
			case "179":
				t.Debarkation = v
			case "174":
				t.Residence = b.country(s, v, "the country of residence")
			case "180":
				if v != "" {
					if c, ok := country(v); ok {
						t.BirthPlace = c
					} else {
						t.BirthPlace = v
					}
				} else {
					t.BirthPlace = name
				}
			case "91":
				if doc == nil {
					b.warn(s, "LOC 91 (place of issue) before any DOC ignored")
					continue
				}
				if v != "" {
					doc.IssuingState = b.country(s, v, "the issuing state")
				}
				if name != "" {
					doc.IssuePlace = name
				}
			default:
				b.warn(s, "LOC qualifier %q for a traveller ignored", q)
			}
		case "DTM":
			q, v, f := s.Value(0, 0), s.Value(0, 1), s.Value(0, 2)
			if t == nil {
				if leg == nil {
					b.warn(s, "DTM %s outside a flight leg ignored", q)
					continue
				}
				when, ok := dtm(v, f, b.ref, false)
				if !ok {
					b.warn(s, "DTM %s value %q is not a date and time of format %s", q, v, orDefault(f, "YYMMDDHHMM"))
					continue
				}
				switch {
				case q == "189" || q == "554" && loc != "87":
					leg.Departure.Time = when
				case q == "232":
					leg.Arrival.Time = when
				default:
					b.warn(s, "DTM qualifier %q in a flight leg ignored", q)
				}
				continue
			}
			switch q {
			case "329":
				d, ok := b.date(s, v, f, true)
				if ok {
					t.BirthDate = d
				}
			case "36", "182":
				if doc == nil {
					b.warn(s, "DTM %s before any DOC ignored", q)
					continue
				}
				d, ok := b.date(s, v, f, false)
				if !ok {
					continue
				}
				if q == "36" {
					doc.ExpiresOn = d
				} else {
					doc.IssuedOn = d
				}
			default:
				b.warn(s, "DTM qualifier %q for a traveller ignored", q)
			}
		case "ATT":
			if t == nil {
				continue
			}
			if x, ok := sex(s.Value(2, 0)); ok {
				t.Sex = x
			} else {
				b.warn(s, "ATT sex code %q unknown (want M, F, X or U)", s.Value(2, 0))
			}
		case "NAT":
			if t != nil {
				t.Nationality = b.country(s, s.Value(1, 0), "the nationality")
			}
		case "MEA":
			if t == nil {
				continue
			}
			switch q := s.Value(0, 0); q {
			case "CT":
				n, err := strconv.Atoi(s.Value(2, 1))
				if err != nil || n < 0 {
					b.warn(s, "MEA CT bag count %q is not a number", s.Value(2, 1))
					continue
				}
				bags(t).Count = n
			case "WT":
				w, err := strconv.ParseFloat(strings.ReplaceAll(s.Value(2, 1), ",", "."), 64)
				if err != nil || w < 0 {
					b.warn(s, "MEA WT bag weight %q is not a number", s.Value(2, 1))
					continue
				}
				bg := bags(t)
				bg.Weight, bg.Unit = w, weightUnit(s.Value(2, 0))
			}
		case "FTX":
			if t != nil && s.Is(0, 0, "BAG") {
				bg := bags(t)
				n, _ := strconv.Atoi(s.Value(3, 2))
				bg.Tags = append(bg.Tags, expandTags(s.Value(3, 0), s.Value(3, 1), n)...)
			}
		case "GEI":
			if t != nil && s.Is(0, 0, "4") {
				t.Verified = s.Is(1, 0, "173")
			}
		case "EMP":
			if t != nil {
				t.CrewFunction = crewFunction(s.Value(1, 0))
			}
		case "DOC":
			if t == nil {
				b.warn(s, "DOC before any traveller ignored")
				continue
			}
			code, num := s.Value(0, 0), s.Value(1, 0)
			if num == "" {
				b.warn(s, "DOC %s without a document number", code)
			}
			t.Documents = append(t.Documents, meridian.TravelDoc{Type: docType(code), Code: code, Number: num})
			doc = &t.Documents[len(t.Documents)-1]
		case "CNT":
			q, v := s.Value(0, 0), s.Value(0, 1)
			if v == "" && s.Len() > 1 {
				v = s.Value(1, 0)
				b.warn(s, "CNT %s count given as a separate element, read as CNT+%s:%s", q, q, v)
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				b.warn(s, "CNT %s count %q is not a number", q, v)
				continue
			}
			switch q {
			case "42":
				m.DeclaredPassengers = n
			case "41":
				m.DeclaredCrew = n
			}
			counts[q] = s.Number
		case "QTY", "CPI", "GID", "UNS":
		default:
			b.warn(s, "segment %s is not part of PAXLST, ignored", s.Tag)
		}
	}
	pax, crew := 0, 0
	for i := range m.Travellers {
		if m.Travellers[i].Role == meridian.RoleCrew {
			crew++
		} else {
			pax++
		}
	}
	for _, c := range []struct {
		q          string
		what       string
		have, want int
	}{{"42", "passengers", pax, m.DeclaredPassengers}, {"41", "crew members", crew, m.DeclaredCrew}} {
		if _, ok := counts[c.q]; ok && c.have != c.want {
			s := findSegment(msg, counts[c.q])
			b.warn(s, "CNT %s declares %d %s, the message lists %d", c.q, c.want, c.what, c.have)
		}
	}
	if len(m.Flights) == 0 {
		m.Warnings = append(m.Warnings, meridian.Warning{Segment: msg.Number, Offset: msg.Offset, Message: "no flight leg (TDT) in the message"})
	}
	return m
}

func findSegment(msg *Message, n int) *Segment {
	for i := range msg.Segments {
		if msg.Segments[i].Number == n {
			return &msg.Segments[i]
		}
	}
	return &Segment{Number: msg.Number, Offset: msg.Offset}
}

// unlocode splits a UN/LOCODE (USIAD) into the location and its country;
// an IATA code (IAD) comes back with no country.
func unlocode(v string) (string, string) {
	if len(v) == 5 && isLetters(v[:2]) {
		if c, ok := meridian.LookupCountry(v[:2]); ok {
			return v[2:], c.Alpha2
		}
	}
	return v, ""
}

// paxlstTraveller reads NAD: party code, then the name as family:given:
// middle..., then street, city, region, postal code and country.
func (b *builder) paxlstTraveller(s *Segment, code string) meridian.Traveller {
	t := meridian.Traveller{Type: code}
	switch code {
	case "FL":
		t.Role = meridian.RolePassenger
	case "DDU":
		t.Role, t.InTransit = meridian.RolePassenger, true
	case "FM":
		t.Role = meridian.RoleCrew
	case "DDT":
		t.Role, t.InTransit = meridian.RoleCrew, true
	case "COT":
		t.Role = meridian.RoleCrew
	default:
		t.Role = meridian.RolePassenger
		b.warn(s, "NAD party code %q is not a traveller code (FL, FM, DDU, DDT): read as a passenger", code)
	}
	t.Family = s.Value(3, 0)
	t.Given = strings.Join(nonEmpty(s.Element(3)[min(1, s.Components(3)):]), " ")
	if t.Family == "" {
		b.warn(s, "NAD %s without a family name", code)
	}
	addr := meridian.Address{Street: strings.Join(nonEmpty(s.Element(4)), " "), City: s.Value(5, 0),
		Region: s.Value(6, 0), PostalCode: s.Value(7, 0)}
	if v := s.Value(8, 0); v != "" {
		addr.Country = b.country(s, v, "the address")
	}
	if addr != (meridian.Address{}) {
		t.Addresses = append(t.Addresses, addr)
	}
	return t
}

// tdt reads a flight leg: TDT+20+UA0989+++UA, the conveyance reference
// being the carrier and flight number, the carrier also in element 4.
func (b *builder) tdt(s *Segment) meridian.Leg {
	ref, carrier := s.Value(1, 0), s.Value(4, 0)
	c, n := splitFlight(ref, carrier)
	if n == "" {
		b.warn(s, "TDT conveyance reference %q is not a flight designator", ref)
	}
	return meridian.Leg{Carrier: c, Number: n}
}

// splitFlight splits a flight designator into carrier and number, leading
// zeros dropped: UA0989 is UA 989.
func splitFlight(ref, carrier string) (string, string) {
	ref = strings.ToUpper(strings.ReplaceAll(ref, " ", ""))
	carrier = strings.ToUpper(carrier)
	num := ref
	switch {
	case carrier != "" && strings.HasPrefix(ref, carrier):
		num = ref[len(carrier):]
	case carrier != "":
	case len(ref) > 3 && isLetters(ref[:3]) && isDigit(ref[3]):
		carrier, num = ref[:3], ref[3:]
	case len(ref) > 2:
		carrier, num = ref[:2], ref[2:]
	default:
		return carrier, ""
	}
	return carrier, flightNumber(num)
}

// flightNumber checks 1 to 4 digits and an optional suffix letter and drops
// leading zeros; "" when it is not a flight number.
func flightNumber(num string) string {
	d := strings.TrimLeft(num, "0123456789")
	digs := num[:len(num)-len(d)]
	if digs == "" || len(digs) > 5 || len(d) > 1 || d != "" && !isLetters(d) {
		return ""
	}
	digs = strings.TrimLeft(digs, "0")
	if digs == "" {
		digs = "0"
	}
	return digs + d
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 'A' || c > 'Z' {
			return false
		}
	}
	return s != ""
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// date reads a date of birth, issue or expiry; malformed dates are warned
// about and left out.
func (b *builder) date(s *Segment, v, f string, past bool) (meridian.Date, bool) {
	t, ok := dtm(v, f, b.ref, past)
	if ok && len(t) == 10 {
		return meridian.Date(t), true
	}
	b.warn(s, "DTM %s value %q is not a date (YYMMDD or CCYYMMDD)", s.Value(0, 0), v)
	return "", false
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func nonEmpty(xs []string) []string {
	out := xs[:0:0]
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

func bags(t *meridian.Traveller) *meridian.Baggage {
	if t.Baggage == nil {
		t.Baggage = &meridian.Baggage{}
	}
	return t.Baggage
}

func weightUnit(code string) string {
	switch strings.ToUpper(code) {
	case "KGM", "KG", "700", "K":
		return "kg"
	case "LBR", "LB", "701", "L":
		return "lb"
	}
	return ""
}

// expandTags lists n consecutive bag tags from the first, keeping its
// width: 0123456789 and 2 give 0123456789 and 0123456790.
func expandTags(carrier, first string, n int) []string {
	first = strings.ReplaceAll(first, " ", "")
	if first == "" {
		return nil
	}
	prefix := carrier
	if n <= 1 || !digits(first) || len(first) > 18 {
		return []string{prefix + first}
	}
	n = min(n, 99)
	v, _ := strconv.ParseUint(first, 10, 64)
	out := make([]string, n)
	for i := range n {
		out[i] = prefix + fmt.Sprintf("%0*d", len(first), v+uint64(i))
	}
	return out
}

// crewFunction names the crew function codes of EMP (CR1 ... CR5).
func crewFunction(code string) string {
	switch strings.ToUpper(code) {
	case "CR1":
		return "cockpit"
	case "CR2":
		return "cabin"
	case "CR3":
		return "airline_operations"
	case "CR4":
		return "flight_security"
	case "CR5":
		return "other_crew"
	}
	return code
}
