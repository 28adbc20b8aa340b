package edifact

import (
	"strconv"
	"strings"

	"meridian"
)

// pnrGroup is where in the PNRGOV structure the parser stands; segments
// such as SSR, DAT, IFT, ADD and TIF mean different things in each.
type pnrGroup int

const (
	gHeader    pnrGroup = iota // before the first SRC: MSG, ORG, TVL, EQN
	gBooking                   // Gr.1: SRC, RCI, SSR, DAT, IFT, ORG, ADD, EBD
	gTraveller                 // Gr.2: TIF, FTI, IFT, REF, EBD, FAR, SSR, ADD
	gTicket                    // Gr.3: TKT, MON, PTK, TXD, DAT
	gPayment                   // Gr.4: FOP, IFT, ADD
	gFlight                    // Gr.5: TVL, TRA, RPI, APD, SSR, RCI, IFT
	gCheckin                   // Gr.6 and 7: DAT, ORG, TRI, TIF, SSD, TBD
	gSplit                     // Gr.8: EQN, RCI
	gNonAir                    // Gr.9: MSG, TVL (hotel, car, rail)
	gHistory                   // Gr.10 to 12: ABI, DAT, SAC, TIF, SSR, IFT, TBD, TVL, RPI; LTS
)

// pendingSSR is a DOCS, DOCO or DOCA waiting for the booking's travellers
// to be known: an infant's document comes in its adult's group, before
// the infant's own TIF.
type pendingSSR struct {
	seg    *Segment
	code   string
	ref    string // traveller reference the SSR names, if any
	holder int    // traveller whose group it came in, -1 for none
	fields []string
}

type pnrParser struct {
	builder
	g        pnrGroup
	bk       *meridian.Booking
	trav     int // current traveller of Gr.2, -1 before the first
	checkin  int // traveller of the current Gr.7, -1 when unknown
	pending  []pendingSSR
	histBy   string
	histWhen meridian.LocalTime
	hist     *meridian.HistoryEntry
	srcSeg   *Segment
}

// parsePNRGOV reads a PNRGOV message (IATA/ICAO/WCO, 11.1 and later): the
// pushed flight, then one group per booking (SRC) with its travellers,
// tickets and payments, itinerary, check-in details and history.
func parsePNRGOV(msg *Message) *meridian.Manifest {
	m := newManifest(meridian.ManifestPNRGOV, msg)
	m.Version = joinNonEmpty(".", msg.Version, msg.Release)
	p := &pnrParser{builder: builder{m: m, ref: refTime(m)}, trav: -1, checkin: -1}
	var eqn *Segment
	for i := range msg.Segments {
		s := &msg.Segments[i]
		if p.g == gHeader && s.Tag == "EQN" {
			eqn = s
		}
		p.segment(s)
	}
	p.endBooking()
	if eqn != nil && m.DeclaredBookings != len(m.Bookings) {
		p.warn(eqn, "EQN declares %d bookings, the message holds %d", m.DeclaredBookings, len(m.Bookings))
	}
	if len(m.Flights) == 0 {
		m.Warnings = append(m.Warnings, meridian.Warning{Segment: msg.Number, Offset: msg.Offset, Message: "no pushed flight (TVL before the first SRC) in the message"})
	}
	return m
}

func (p *pnrParser) traveller() *meridian.Traveller {
	if p.bk == nil || p.trav < 0 || p.trav >= len(p.bk.Travellers) {
		return nil
	}
	return &p.bk.Travellers[p.trav]
}

func (p *pnrParser) ticket() *meridian.Ticket {
	if p.bk == nil || len(p.bk.Tickets) == 0 {
		return nil
	}
	return &p.bk.Tickets[len(p.bk.Tickets)-1]
}

func (p *pnrParser) flight() *meridian.BookedFlight {
	if p.bk == nil || len(p.bk.Itinerary) == 0 {
		return nil
	}
	return &p.bk.Itinerary[len(p.bk.Itinerary)-1]
}

func (p *pnrParser) segment(s *Segment) {
	if p.g == gHeader {
		switch s.Tag {
		case "MSG":
			p.m.Function = s.Value(0, 1)
		case "ORG":
		case "TVL":
			leg, _ := p.tvl(s)
			leg.Border = true
			p.m.Flights = append(p.m.Flights, leg)
		case "EQN":
			n, err := strconv.Atoi(s.Value(0, 0))
			if err != nil {
				p.warn(s, "EQN count %q is not a number", s.Value(0, 0))
			}
			p.m.DeclaredBookings = n
		case "SRC":
			p.src(s)
		default:
			p.warn(s, "%s before the first booking (SRC) ignored", s.Tag)
		}
		return
	}
	bk := p.bk
	switch s.Tag {
	case "SRC":
		p.endBooking()
		p.src(s)
	case "RCI":
		switch {
		case p.g == gBooking && bk.Locator == "":
			p.rci(s)
		case p.g == gSplit:
			for e := range s.Len() {
				if v := s.Value(e, 1); v != "" {
					bk.OtherLocators = appendUnique(bk.OtherLocators, joinNonEmpty(":", s.Value(e, 0), v))
				}
			}
		}
	case "DAT":
		p.dat(s)
	case "IFT":
		p.ift(s)
	case "ORG":
		if p.g == gBooking {
			bk.Agency = p.org(s)
		}
	case "ADD":
		p.add(s)
	case "EBD":
		if n, err := strconv.Atoi(s.Value(1, 0)); err == nil {
			bk.ExcessBags += n
		}
	case "TIF":
		p.tif(s)
	case "FTI":
		if t := p.traveller(); t != nil && p.g == gTraveller {
			for e := range s.Len() {
				if num := s.Value(e, 1); num != "" {
					t.FrequentFlyer = appendUnique(t.FrequentFlyer, joinNonEmpty(" ", s.Value(e, 0), num))
				}
			}
		}
	case "REF":
		if t := p.traveller(); t != nil && p.g == gTraveller {
			if v := s.Value(0, 1); v != "" {
				t.References = append(t.References, meridian.Reference{Qualifier: orDefault(s.Value(0, 0), "REF"), Value: v})
			}
		}
	case "FAR", "TXD", "TRA", "APD", "ERC":
	case "SSR":
		p.ssr(s)
	case "TKT":
		p.tkt(s)
	case "MON":
		if tk := p.ticket(); tk != nil && p.g == gTicket {
			for e := range s.Len() {
				a := amount(s.Value(e, 1), s.Value(e, 2))
				switch s.Value(e, 0) {
				case "B":
					tk.Fare = a
				case "T":
					tk.Total = a
				}
			}
		}
	case "PTK":
		if tk := p.ticket(); tk != nil && p.g == gTicket {
			if t := ddmmyy(s.Value(2, 0), s.Value(2, 1), p.ref); t != "" {
				tk.Issued = t
			}
			if v := s.Value(5, 0); v != "" {
				tk.IssuedAt = v
			}
		}
	case "FOP":
		p.fop(s)
	case "TVL":
		p.bookingTVL(s)
	case "RPI":
		switch {
		case p.g == gFlight:
			if f := p.flight(); f != nil {
				f.Seats, _ = strconv.Atoi(s.Value(0, 0))
				f.Status = s.Value(1, 0)
			}
		case p.g == gHistory && p.hist != nil:
			p.hist.Item = joinNonEmpty(" ", p.hist.Item, s.Value(1, 0))
		}
	case "TRI":
		if p.g == gFlight || p.g == gCheckin {
			p.g = gCheckin
			p.checkin = p.findRef(s.Value(1, 3))
		}
	case "SSD":
		if p.g == gCheckin && p.checkin >= 0 {
			if seat := s.Value(0, 0); seat != "" {
				t := &bk.Travellers[p.checkin]
				st := meridian.Seat{Seat: seat}
				if f := p.flight(); f != nil {
					st.Flight, st.From, st.To = f.Designator(), f.Departure.Airport, f.Arrival.Airport
				}
				t.Seats = appendSeat(t.Seats, st)
			}
		}
	case "TBD":
		switch p.g {
		case gCheckin:
			if p.checkin >= 0 {
				p.tbd(s, &bk.Travellers[p.checkin])
			} else {
				p.warn(s, "TBD for no known traveller ignored")
			}
		case gHistory:
			p.histItem(s, "TBD "+s.Value(1, 0)+" bags")
		}
	case "EQN":
		p.g = gSplit
	case "MSG":
		p.g = gNonAir
	case "ABI":
		p.g = gHistory
		p.histBy = joinNonEmpty(" ", s.Value(1, 1), s.Value(1, 0), s.Value(2, 0), s.Value(4, 0))
		p.histWhen, p.hist = "", nil
	case "SAC":
		if p.g != gHistory {
			p.g = gHistory
			p.histBy, p.histWhen = "", ""
		}
		bk.History = append(bk.History, meridian.HistoryEntry{When: p.histWhen, By: p.histBy, Action: historyAction(s.Value(2, 0))})
		p.hist = &bk.History[len(bk.History)-1]
	case "LTS":
		p.g = gHistory
		var parts []string
		for e := range s.Len() {
			parts = append(parts, strings.Join(s.Element(e), ":"))
		}
		bk.History = append(bk.History, meridian.HistoryEntry{Text: strings.Join(parts, "+")})
		p.hist = nil
	default:
		p.warn(s, "segment %s is not part of PNRGOV, ignored", s.Tag)
	}
}

func (p *pnrParser) src(s *Segment) {
	p.srcSeg = s
	p.m.Bookings = append(p.m.Bookings, meridian.Booking{Travellers: []meridian.Traveller{}})
	p.bk = &p.m.Bookings[len(p.m.Bookings)-1]
	p.g, p.trav, p.checkin, p.pending, p.hist = gBooking, -1, -1, nil, nil
}

// rci reads the record locators: RCI+DL:ABC456::240210:2230+1G:XYZ.
func (p *pnrParser) rci(s *Segment) {
	bk := p.bk
	for e := range s.Len() {
		loc := s.Value(e, 1)
		if loc == "" {
			continue
		}
		if bk.Locator == "" {
			bk.Locator, bk.Carrier = loc, s.Value(e, 0)
			bk.Created = ddmmyy(s.Value(e, 3), s.Value(e, 4), p.ref)
			continue
		}
		bk.OtherLocators = appendUnique(bk.OtherLocators, joinNonEmpty(":", s.Value(e, 0), loc))
	}
	if bk.Locator == "" {
		p.warn(s, "RCI without a record locator")
	}
}

// dat reads DAT+700:061210:1010+710:061210:1200: 700 the last change of
// the booking, 710 the ticket's issue, others per group.
func (p *pnrParser) dat(s *Segment) {
	for e := range s.Len() {
		q := s.Value(e, 0)
		t := ddmmyy(s.Value(e, 1), s.Value(e, 2), p.ref)
		switch p.g {
		case gBooking, gTraveller:
			if q == "700" && t != "" {
				p.bk.LastChanged = t
			}
		case gTicket, gPayment:
			if tk := p.ticket(); tk != nil && q == "710" && t != "" {
				tk.Issued = t
			}
		case gFlight, gCheckin:
			p.g, p.checkin = gCheckin, -1
		case gHistory:
			p.histWhen = t
		}
	}
}

// ift reads free text: OSI remarks with their contacts, the sponsor (who
// paid) after a FOP, history text.
func (p *pnrParser) ift(s *Segment) {
	q := s.Value(0, 1)
	var texts []string
	for e := 1; e < s.Len(); e++ {
		if v := strings.Join(nonEmpty(s.Element(e)), " "); v != "" {
			texts = append(texts, v)
		}
	}
	switch {
	case p.g == gPayment && q == "43":
		if tk := p.ticket(); tk != nil && len(tk.Payments) > 0 {
			py := &meridian.Payer{}
			if len(texts) > 0 {
				py.Name = texts[0]
			}
			if len(texts) > 1 {
				py.Text = texts[1]
			}
			if len(texts) > 2 {
				py.Phone = phoneDigits(texts[2])
			}
			for i := range tk.Payments {
				if tk.Payments[i].Payer == nil {
					tk.Payments[i].Payer = py
				}
			}
		}
		return
	case p.g == gHistory:
		if p.hist != nil {
			p.histItem(s, strings.Join(texts, " "))
		}
		return
	case q == "15": // fare calculation
		return
	}
	text := strings.Join(texts, " ")
	if text == "" {
		return
	}
	p.bk.Remarks = append(p.bk.Remarks, text)
	cs := textContacts(text)
	if t := p.traveller(); t != nil && p.g == gTraveller {
		for _, c := range cs {
			t.Contacts = appendContact(t.Contacts, c)
		}
		return
	}
	for _, c := range cs {
		if c.Use == "agency" && p.bk.Agency != nil && p.bk.Agency.Phone == "" {
			p.bk.Agency.Phone = c.Value
		}
		p.bk.Contacts = appendContact(p.bk.Contacts, c)
	}
}

// org reads who made the booking: ORG+1A:MUC+12345678:F31+LON++T+GB:GBP+A78987.
func (p *pnrParser) org(s *Segment) *meridian.TravelAgency {
	a := &meridian.TravelAgency{System: s.Value(0, 0), IATA: s.Value(1, 0), Office: s.Value(1, 1),
		City: s.Value(2, 0), Agent: s.Value(6, 0)}
	if a.City == "" {
		a.City = s.Value(0, 1)
	}
	switch t := s.Value(4, 0); t {
	case "T":
		a.Type = "travel_agent"
	case "A":
		a.Type = "airline"
	default:
		a.Type = t
	}
	if c := s.Value(5, 0); c != "" {
		a.Country = p.country(s, c, "the booking office")
	}
	if *a == (meridian.TravelAgency{}) {
		return nil
	}
	return a
}

// add reads ADD++700:STREET:CITY:STATE::COUNTRY:POSTCODE:PHONE, where the
// last component holds a phone number or an e-mail (type E).
func (p *pnrParser) add(s *Segment) {
	kind := s.Value(1, 0)
	a := meridian.Address{Kind: addressKind(kind), Street: s.Value(1, 1), City: s.Value(1, 2),
		Region: s.Value(1, 3), PostalCode: s.Value(1, 6)}
	if c := s.Value(1, 5); c != "" {
		a.Country = p.country(s, c, "the address")
	}
	free := s.Value(1, 7)
	var cs []meridian.Contact
	switch {
	case free == "":
	case strings.EqualFold(kind, "E") || strings.Contains(free, "CTCE") || strings.Contains(free, "//") || strings.Contains(free, "@"):
		cs = append(cs, emailContact(free, ""))
	default:
		cs = append(cs, freePhones(free)...)
	}
	hasAddr := a.Street != "" || a.City != "" || a.PostalCode != "" || a.Country != ""
	switch {
	case p.g == gPayment:
		if tk := p.ticket(); tk != nil && len(tk.Payments) > 0 {
			py := tk.Payments[len(tk.Payments)-1].Payer
			if py == nil {
				py = &meridian.Payer{}
				tk.Payments[len(tk.Payments)-1].Payer = py
			}
			if hasAddr {
				a.Kind = "payer"
				py.Address = &a
			}
			for _, c := range cs {
				if c.Kind == meridian.IDPhone && py.Phone == "" {
					py.Phone = c.Value
				}
			}
			return
		}
	case p.g == gTraveller:
		if t := p.traveller(); t != nil {
			if hasAddr {
				t.Addresses = append(t.Addresses, a)
			}
			for _, c := range cs {
				t.Contacts = appendContact(t.Contacts, c)
			}
			return
		}
	}
	if hasAddr {
		p.bk.Addresses = append(p.bk.Addresses, a)
	}
	for _, c := range cs {
		p.bk.Contacts = appendContact(p.bk.Contacts, c)
	}
}

// freePhones reads the phones of an ADD's free text: one number, or
// several each after a letter (H home, W or B work, M mobile).
func freePhones(free string) []meridian.Contact {
	uses := map[byte]string{'H': "home", 'W': "business", 'B': "business", 'M': "mobile", 'F': "fax"}
	var out []meridian.Contact
	use, cur := "", strings.Builder{}
	flush := func() {
		if c, ok := phoneContact(cur.String(), use); ok {
			c.Text = free
			out = appendContact(out, c)
		}
		cur.Reset()
	}
	for i := 0; i < len(free); i++ {
		c := free[i]
		if u, ok := uses[c]; ok && (i == 0 || free[i-1] == ' ') {
			flush()
			use = u
			continue
		}
		if isDigit(c) || c == ' ' || c == '+' || c == '-' {
			cur.WriteByte(c)
		}
	}
	flush()
	return out
}

func addressKind(code string) string {
	switch strings.ToUpper(code) {
	case "700":
		return "contact"
	case "E":
		return "email"
	case "H":
		return "home"
	case "M":
		return "mobile"
	}
	return code
}

// tif reads a traveller: TIF+SURNAME:QUAL+GIVEN TITLE:TYPE:REF:INFANT.
func (p *pnrParser) tif(s *Segment) {
	bk := p.bk
	family := s.Value(0, 0)
	given, title := splitTitle(s.Value(1, 0))
	ref := s.Value(1, 2)
	switch p.g {
	case gBooking, gTraveller, gTicket, gPayment:
		if s.Is(0, 1, "G") {
			bk.Group = strings.TrimSpace(family + " " + s.Value(1, 0))
			return
		}
		if len(bk.Itinerary) > 0 {
			p.warn(s, "TIF after the itinerary ignored")
			return
		}
		t := meridian.Traveller{Role: meridian.RolePassenger, Type: s.Value(1, 1), Ref: ref,
			Family: family, Given: given, Title: title, WithInfant: s.Is(1, 3, "1")}
		if family == "" {
			p.warn(s, "TIF without a family name")
		}
		bk.Travellers = append(bk.Travellers, t)
		p.trav = len(bk.Travellers) - 1
		p.g = gTraveller
	case gFlight, gCheckin:
		p.g = gCheckin
		if p.checkin < 0 {
			p.checkin = p.findRef(ref)
		}
		if p.checkin < 0 {
			p.checkin = p.findName(family, given)
		}
	case gHistory:
		p.histItem(s, "TIF "+family+"/"+s.Value(1, 0))
	}
}

func (p *pnrParser) findRef(ref string) int {
	if ref == "" || p.bk == nil {
		return -1
	}
	for i := range p.bk.Travellers {
		if p.bk.Travellers[i].Ref == ref {
			return i
		}
	}
	return -1
}

func (p *pnrParser) findName(family, given string) int {
	for i := range p.bk.Travellers {
		t := &p.bk.Travellers[i]
		if sameName(t.Family, family) && (given == "" || sameName(t.Given, given)) {
			return i
		}
	}
	return -1
}

// sameName compares names ignoring the blanks line wrapping inserts.
func sameName(a, b string) bool {
	return strings.EqualFold(strings.ReplaceAll(a, " ", ""), strings.ReplaceAll(b, " ", ""))
}

// titles are the forms of address reservation systems append to given
// names; the glued ones only when unambiguous at the end of a name.
var titles = []string{"MSTR", "MISS", "MRS", "MR", "MS", "DR", "PROF", "REV", "CAPT", "SIR", "MME", "MLLE", "CHD", "INF"}
var gluedTitles = []string{"MSTR", "MISS", "MRS", "MR"}

// splitTitle takes the title off the given names: "JOHN MR" and "JOHNMR"
// give "JOHN" and "MR".
func splitTitle(given string) (string, string) {
	given = strings.TrimSpace(given)
	if i := strings.LastIndexByte(given, ' '); i >= 0 {
		last := strings.ToUpper(given[i+1:])
		for _, t := range titles {
			if last == t {
				return strings.TrimSpace(given[:i]), t
			}
		}
	}
	up := strings.ToUpper(given)
	for _, t := range gluedTitles {
		if strings.HasSuffix(up, t) && len(up) >= len(t)+2 {
			return strings.TrimSpace(given[:len(given)-len(t)]), t
		}
	}
	return given, ""
}

// ssr reads a special service request: SSR+CODE:STATUS:QTY:CARRIER:::
// BOARD:OFF:FREE TEXT+DATA:UNIT:TRAVELLER REF...
func (p *pnrParser) ssr(s *Segment) {
	code := strings.ToUpper(s.Value(0, 0))
	var text []string
	for c := 8; c < s.Components(0); c++ {
		text = append(text, string(s.Bytes(0, c)))
	}
	free := strings.TrimSpace(s.cs.decode([]byte(strings.Join(text, ":"))))
	ref := s.Value(1, 2)
	if p.g == gHistory {
		p.histItem(s, strings.TrimSpace("SSR "+code+" "+free))
		return
	}
	holder := -1
	if p.g == gTraveller {
		holder = p.trav
	}
	switch code {
	case "DOCS", "DOCO", "DOCA":
		f := strings.Split(free, "/")
		if len(f) > 0 && f[0] != "" {
			f = append([]string{""}, f...)
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		p.pending = append(p.pending, pendingSSR{seg: s, code: code, ref: ref, holder: holder, fields: f})
		return
	case "SEAT":
		f := p.flight()
		for e := 1; e < s.Len(); e++ {
			seat, r := s.Value(e, 0), s.Value(e, 2)
			i := p.findRef(r)
			if seat == "" || i < 0 {
				continue
			}
			st := meridian.Seat{Seat: seat, From: s.Value(0, 6), To: s.Value(0, 7)}
			if f != nil && p.g == gFlight {
				st.Flight = f.Designator()
			}
			p.bk.Travellers[i].Seats = appendSeat(p.bk.Travellers[i].Seats, st)
		}
		return
	case "CTCE", "CTCM", "CTCH", "CTCB":
		var c meridian.Contact
		ok := true
		if code == "CTCE" {
			c = emailContact("CTCE "+free, "")
			ok = c.Value != ""
		} else {
			c, ok = phoneContact(strings.SplitN(free, "/", 2)[0], ctcUses[code[3]])
		}
		if ok {
			if i := p.findRef(ref); i >= 0 {
				p.bk.Travellers[i].Contacts = appendContact(p.bk.Travellers[i].Contacts, c)
			} else if t := p.traveller(); t != nil && holder >= 0 {
				t.Contacts = appendContact(t.Contacts, c)
			} else {
				p.bk.Contacts = appendContact(p.bk.Contacts, c)
			}
		}
		return
	}
	if ref == "" && holder >= 0 {
		ref = p.bk.Travellers[holder].Ref
	}
	p.bk.SSRs = append(p.bk.SSRs, meridian.SSR{Code: code, Status: s.Value(0, 1), Traveller: ref, Text: free})
}

// tkt reads TKT+NUMBER:TYPE:BOOKLETS; type 1 is a ticketless traveller.
func (p *pnrParser) tkt(s *Segment) {
	if p.g != gTraveller && p.g != gTicket && p.g != gPayment {
		return
	}
	tk := meridian.Ticket{Number: s.Value(0, 0), Type: s.Value(0, 1)}
	tk.Ticketless = tk.Type == "1"
	tk.Booklets, _ = strconv.Atoi(s.Value(0, 2))
	if t := p.traveller(); t != nil {
		tk.Traveller = t.Ref
		if tk.Traveller == "" {
			tk.Traveller = strconv.Itoa(p.trav + 1)
		}
	}
	p.bk.Tickets = append(p.bk.Tickets, tk)
	p.g = gTicket
}

// fop reads the forms of payment: FOP+CC:OLD:AMOUNT:VENDOR:NUMBER:MMYY.
func (p *pnrParser) fop(s *Segment) {
	tk := p.ticket()
	if tk == nil || (p.g != gTicket && p.g != gPayment) {
		p.warn(s, "FOP without a ticket (TKT) ignored")
		return
	}
	cur := ""
	if tk.Total != nil {
		cur = tk.Total.Currency
	} else if tk.Fare != nil {
		cur = tk.Fare.Currency
	}
	for e := range s.Len() {
		code := strings.ToUpper(s.Value(e, 0))
		if code == "" {
			continue
		}
		py := meridian.Payment{Type: paymentType(code), Code: code, Amount: amount(s.Value(e, 2), cur),
			CardVendor: s.Value(e, 3), CardNumber: s.Value(e, 4), Old: s.Is(e, 1, "2")}
		if exp := s.Value(e, 5); len(exp) == 4 && digits(exp) {
			mo := atoi(exp[:2])
			if mo >= 1 && mo <= 12 {
				py.CardExpiry = strconv.Itoa(century(atoi(exp[2:]), p.ref, false)) + "-" + exp[:2]
			}
		}
		tk.Payments = append(tk.Payments, py)
	}
	p.g = gPayment
}

func paymentType(code string) string {
	switch code {
	case "CA", "CASH":
		return "cash"
	case "CC":
		return "credit_card"
	case "DC", "DB":
		return "debit_card"
	case "CK":
		return "check"
	case "INV", "IN":
		return "invoice"
	case "GR":
		return "government"
	case "EX":
		return "exchange"
	case "MS":
		return "miscellaneous"
	}
	return "other"
}

func amount(v, cur string) *meridian.Amount {
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(v), ",", "."), 64)
	if err != nil {
		return nil
	}
	return &meridian.Amount{Value: f, Currency: strings.ToUpper(cur)}
}

// tvl reads TVL+DDMMYY:HHMM:DDMMYY:HHMM+FROM+TO+CARRIER:OPERATING+NUMBER:CLASS;
// an arrival without a date is on the departure's day.
func (p *pnrParser) tvl(s *Segment) (meridian.Leg, string) {
	dep := ddmmyy(s.Value(0, 0), s.Value(0, 1), p.ref)
	ad := s.Value(0, 2)
	if ad == "" && s.Value(0, 3) != "" {
		ad = s.Value(0, 0)
	}
	arr := ddmmyy(ad, s.Value(0, 3), p.ref)
	carrier := strings.ToUpper(s.Value(3, 0))
	leg := meridian.Leg{Carrier: carrier, Number: flightNumber(strings.ToUpper(s.Value(4, 0))),
		Departure: meridian.Stop{Airport: s.Value(1, 0), Time: dep},
		Arrival:   meridian.Stop{Airport: s.Value(2, 0), Time: arr}}
	if op := strings.ToUpper(s.Value(3, 1)); op != "" && op != carrier {
		leg.OperatingCarrier = op
	}
	if leg.Number == "" && s.Value(4, 0) != "" {
		p.warn(s, "TVL flight number %q is not a flight number", s.Value(4, 0))
	}
	return leg, s.Value(4, 1)
}

// bookingTVL reads a flight of the itinerary, the operating flight of a
// codeshare (a TVL with only a flight number), or history.
func (p *pnrParser) bookingTVL(s *Segment) {
	switch p.g {
	case gNonAir:
		return
	case gHistory:
		leg, _ := p.tvl(s)
		p.histItem(s, strings.TrimSpace("TVL "+leg.Designator()+" "+leg.Departure.Airport+"-"+leg.Arrival.Airport+" "+string(leg.Departure.Time)))
		return
	}
	if s.Value(0, 0) == "" && s.Value(1, 0) == "" && s.Value(2, 0) == "" && s.Value(4, 0) != "" {
		if f := p.flight(); f != nil && p.g == gFlight {
			f.OperatingNumber = flightNumber(strings.ToUpper(s.Value(4, 0)))
			if c := strings.ToUpper(s.Value(3, 0)); c != "" && f.OperatingCarrier == "" {
				f.OperatingCarrier = c
			}
			return
		}
	}
	leg, class := p.tvl(s)
	p.bk.Itinerary = append(p.bk.Itinerary, meridian.BookedFlight{Leg: leg, Class: class})
	p.g = gFlight
}

// tbd reads checked bags: TBD++COUNT:WEIGHT:UNIT++POOL+CARRIER:TAG:N:DEST...
func (p *pnrParser) tbd(s *Segment, t *meridian.Traveller) {
	bg := bags(t)
	if v := s.Value(1, 0); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			p.warn(s, "TBD bag count %q is not a number", v)
		} else {
			bg.Count = n
		}
		if w, err := strconv.ParseFloat(s.Value(1, 1), 64); err == nil {
			bg.Weight, bg.Unit = w, weightUnit(s.Value(1, 2))
		}
	}
	switch strings.ToUpper(s.Value(3, 0)) {
	case "MP":
		bg.Pooled = true
	}
	if strings.EqualFold(s.Value(2, 0), "MP") {
		bg.Pooled = true
	}
	for e := 4; e < s.Len(); e++ {
		n, _ := strconv.Atoi(s.Value(e, 2))
		bg.Tags = append(bg.Tags, expandTags(s.Value(e, 0), s.Value(e, 1), n)...)
	}
}

func (p *pnrParser) histItem(s *Segment, item string) {
	if p.hist == nil {
		p.bk.History = append(p.bk.History, meridian.HistoryEntry{When: p.histWhen, By: p.histBy})
		p.hist = &p.bk.History[len(p.bk.History)-1]
	}
	p.hist.Item = joinNonEmpty("; ", p.hist.Item, item)
}

func historyAction(code string) string {
	switch strings.ToUpper(code) {
	case "A":
		return "added"
	case "X":
		return "cancelled"
	case "C":
		return "changed"
	}
	return code
}

func appendUnique(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

func appendSeat(xs []meridian.Seat, s meridian.Seat) []meridian.Seat {
	for _, y := range xs {
		if y.Seat == s.Seat && (y.Flight == s.Flight || y.From == s.From && y.To == s.To) {
			return xs
		}
	}
	return append(xs, s)
}

// endBooking applies the documents, visas and addresses of SSR DOCS,
// DOCO and DOCA to their travellers and derives what the booking implies.
func (p *pnrParser) endBooking() {
	bk := p.bk
	if bk == nil {
		return
	}
	for _, ps := range p.pending {
		p.applyDoc(ps)
	}
	p.pending = nil
	oneWay := false
	if it := bk.Itinerary; len(it) > 0 {
		oneWay = true
		for _, f := range it[1:] {
			if f.Arrival.Airport == it[0].Departure.Airport {
				oneWay = false
			}
		}
		if len(it) == 1 && it[0].Arrival.Airport == it[0].Departure.Airport {
			oneWay = false
		}
	}
	for i := range bk.Tickets {
		bk.Tickets[i].OneWay = oneWay
	}
	for i := range bk.Travellers {
		bk.Travellers[i].BookingRef = bk.Locator
	}
	if bk.Locator == "" {
		p.warn(p.srcSeg, "booking without a record locator (RCI)")
	}
	p.bk = nil
}

// applyDoc finds the traveller of a DOCS, DOCO or DOCA and applies it.
func (p *pnrParser) applyDoc(ps pendingSSR) {
	bk := p.bk
	f := func(i int) string {
		if i < len(ps.fields) {
			return ps.fields[i]
		}
		return ""
	}
	infant := false
	switch ps.code {
	case "DOCS":
		infant = strings.HasSuffix(strings.ToUpper(f(6)), "I") && len(f(6)) == 2
	case "DOCO", "DOCA":
		infant = strings.EqualFold(f(7), "I")
	}
	target := -1
	if i := p.findRef(ps.ref); i >= 0 && (!infant || bk.Travellers[i].Type == "IN") {
		target = i
	}
	if target < 0 && infant {
		for i := range bk.Travellers {
			if bk.Travellers[i].Type == "IN" && (ps.code != "DOCS" || sameName(bk.Travellers[i].Family, f(8))) {
				target = i
				break
			}
		}
		if target < 0 && ps.code == "DOCS" {
			bk.Travellers = append(bk.Travellers, meridian.Traveller{Role: meridian.RolePassenger, Type: "IN"})
			target = len(bk.Travellers) - 1
		}
	}
	if target < 0 && ps.holder >= 0 {
		target = ps.holder
	}
	if target < 0 && ps.code == "DOCS" {
		target = p.findName(f(8), "")
	}
	if target < 0 && len(bk.Travellers) == 1 {
		target = 0
	}
	if target < 0 {
		p.warn(ps.seg, "SSR %s for no traveller of the booking ignored", ps.code)
		return
	}
	t := &bk.Travellers[target]
	switch ps.code {
	case "DOCS":
		p.docs(ps.seg, t, f)
	case "DOCO":
		if t.BirthPlace == "" && f(1) != "" {
			t.BirthPlace = f(1)
		}
		d := meridian.TravelDoc{Type: docType(f(2)), Code: f(2), Number: f(3), IssuePlace: f(4)}
		if d.Number == "" {
			p.warn(ps.seg, "SSR DOCO without a document number ignored")
			return
		}
		if v := f(5); v != "" {
			if dd, ok := airimpDate(v, p.ref, true); ok && len(dd) == 10 {
				d.IssuedOn = dd
			} else {
				p.warn(ps.seg, "SSR DOCO issue date %q is not a date (DDMMMYY)", v)
			}
		}
		if v := f(6); v != "" {
			d.AppliesTo = p.country(ps.seg, v, "the country a visa applies to")
		}
		t.Documents = appendDoc(t.Documents, d)
	case "DOCA":
		a := meridian.Address{Kind: map[string]string{"R": "residence", "D": "destination"}[strings.ToUpper(f(1))],
			Street: f(3), City: f(4), Region: f(5), PostalCode: f(6)}
		if a.Kind == "" {
			a.Kind = f(1)
		}
		if v := f(2); v != "" {
			a.Country = p.country(ps.seg, v, "the address")
		}
		if a.Kind == "residence" && t.Residence == "" {
			t.Residence = a.Country
		}
		t.Addresses = append(t.Addresses, a)
	}
}

// docs applies /TYPE/ISSUER/NUMBER/NATIONALITY/BIRTH/SEX/EXPIRY/FAMILY/
// GIVEN/MIDDLE: the document holder's particulars as on the document.
func (p *pnrParser) docs(s *Segment, t *meridian.Traveller, f func(int) string) {
	if v := f(5); v != "" {
		if d, ok := airimpDate(v, p.ref, true); ok {
			t.BirthDate = d
		} else {
			p.warn(s, "SSR DOCS date of birth %q is not a date (DDMMMYY)", v)
		}
	}
	if v := f(6); v != "" {
		if x, ok := sex(v); ok {
			t.Sex = x
		} else {
			p.warn(s, "SSR DOCS sex %q unknown (want M, F, MI, FI, X or U)", v)
		}
		if strings.HasSuffix(strings.ToUpper(v), "I") && len(v) == 2 {
			t.Type = "IN"
		}
	}
	if v := f(4); v != "" {
		t.Nationality = p.country(s, v, "the nationality")
	}
	if fam := f(8); fam != "" {
		if !sameName(fam, t.Family) {
			t.Family = fam
		}
	}
	if given := strings.TrimSpace(f(9) + " " + f(10)); given != "" {
		g, title := splitTitle(given)
		t.Given = g
		if t.Title == "" {
			t.Title = title
		}
	}
	if num := f(3); num != "" {
		d := meridian.TravelDoc{Type: docType(f(1)), Code: f(1), Number: num}
		if v := f(2); v != "" {
			d.IssuingState = p.country(s, v, "the issuing state")
		}
		if v := f(7); v != "" {
			if dd, ok := airimpDate(v, p.ref, false); ok && len(dd) == 10 {
				d.ExpiresOn = dd
			} else {
				p.warn(s, "SSR DOCS expiry date %q is not a date (DDMMMYY)", v)
			}
		}
		t.Documents = appendDoc(t.Documents, d)
	}
}

func appendDoc(ds []meridian.TravelDoc, d meridian.TravelDoc) []meridian.TravelDoc {
	for i, x := range ds {
		if x.Number == d.Number && x.Type == d.Type {
			if ds[i].IssuingState == "" {
				ds[i].IssuingState = d.IssuingState
			}
			if ds[i].ExpiresOn == "" {
				ds[i].ExpiresOn = d.ExpiresOn
			}
			return ds
		}
	}
	return append(ds, d)
}
