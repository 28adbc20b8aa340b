package rules

import (
	"slices"
	"strings"
	"time"

	"cel.dev/cel-go/interpreter"

	"meridian"
	"meridian/screen"
)

// vars is one traveller's activation: the variables a rule sees. It
// resolves names itself, so that an evaluation allocates no map.
type vars struct {
	traveller *Traveller
	document  *Document
	booking   *Booking
	itinerary *Itinerary
	flight    *Flight
	group     *Group
}

// ResolveName implements interpreter.Activation.
func (v *vars) ResolveName(name string) (any, bool) {
	switch name {
	case "traveller":
		return v.traveller, true
	case "document":
		return v.document, true
	case "booking":
		return v.booking, true
	case "itinerary":
		return v.itinerary, true
	case "flight":
		return v.flight, true
	case "group":
		return v.group, true
	}
	return nil, false
}

// Parent implements interpreter.Activation.
func (v *vars) Parent() interpreter.Activation { return nil }

// View returns what rules see of each traveller of m, in the order of
// m.AllTravellers, for tools and tests that show an officer why a rule
// fired or did not.
func View(m *meridian.Manifest) []Variables {
	vs := build(m)
	out := make([]Variables, len(vs))
	for i, v := range vs {
		out[i] = Variables{Traveller: v.traveller, Document: v.document, Booking: v.booking,
			Itinerary: v.itinerary, Flight: v.flight, Group: v.group}
	}
	return out
}

// Variables are the CEL variables of one traveller.
type Variables struct {
	Traveller *Traveller `json:"traveller"`
	Document  *Document  `json:"document"`
	Booking   *Booking   `json:"booking"`
	Itinerary *Itinerary `json:"itinerary"`
	Flight    *Flight    `json:"flight"`
	Group     *Group     `json:"group"`
}

// build computes every traveller's variables. The work shared by
// travellers (the flight, groups, bookings' contacts) is done once.
func build(m *meridian.Manifest) []vars {
	ts := m.AllTravellers()
	if len(ts) == 0 {
		return nil
	}
	b := &builder{m: m, ts: ts}
	b.flightView()
	b.bookings()
	b.families()
	b.contacts()
	b.groups()
	out := make([]vars, len(ts))
	for i, t := range ts {
		tv := b.traveller(i, t)
		out[i] = vars{
			traveller: tv,
			document:  primary(tv.Documents),
			booking:   b.booking(i, t),
			itinerary: b.itinerary(i, t),
			flight:    b.flight,
			group:     b.groupOf[b.key[i]],
		}
	}
	return out
}

type builder struct {
	m         *meridian.Manifest
	ts        []*meridian.Traveller
	departure time.Time // the monitored flight's departure date
	flight    *Flight

	bookingOf []int // index in m.Bookings, or -1
	key       []int // the traveller's booking key: a booking, a PAXLST booking reference or the traveller alone
	keys      int
	members   [][]int // travellers of each key

	family    [][]string // each traveller's family-name tokens
	given     [][]string // each traveller's given-name tokens
	keyFamily [][]string // each key's family-name tokens

	contactKeys [][]contactRef   // each key's contacts
	byContact   map[string][]int // the keys having a contact
	groupOf     map[int]*Group   // each key's group view
	minors      []bool           // each traveller's minor flag
	adults      []bool           // each traveller's adult flag
	ages        []int            // each traveller's age at departure
	journeys    map[journeyKey]*Itinerary
	bookingView map[int]*Booking // a booking's view, when the same for all its travellers
}

// contactRef is a contact normalised for matching, and as the message
// gave it, to show officers.
type contactRef struct{ key, show string }

func (b *builder) flightView() {
	b.flight = &Flight{}
	leg := b.m.Arrival()
	if leg == nil {
		b.departure = day(b.m.Prepared.Time())
		return
	}
	b.flight = &Flight{Carrier: leg.Carrier, Number: leg.Number, Designator: leg.Designator(),
		Origin: leg.Departure.Airport, OriginCountry: countryOf(leg.Departure),
		Destination: leg.Arrival.Airport, DestinationCountry: countryOf(leg.Arrival),
		Departure: string(leg.Departure.Time), Arrival: string(leg.Arrival.Time)}
	for _, t := range []meridian.LocalTime{leg.Departure.Time, leg.Arrival.Time, b.m.Prepared} {
		if d := t.Time(); !d.IsZero() {
			b.departure = day(d)
			return
		}
	}
}

// bookings ties each traveller to a booking and gives each a booking key:
// travellers of one booking (or of one PAXLST booking reference) share a
// key; any other traveller has one alone.
func (b *builder) bookings() {
	n := len(b.ts)
	b.bookingOf = make([]int, n)
	b.key = make([]int, n)
	locator := map[string]int{}
	for i := range b.m.Bookings {
		if l := b.m.Bookings[i].Locator; l != "" {
			locator[l] = i
		}
	}
	refKey := map[string]int{}
	bookingKey := map[int]int{}
	i := 0
	for j := range b.m.Travellers {
		t := &b.m.Travellers[j]
		b.bookingOf[i] = -1
		if bi, ok := locator[t.BookingRef]; ok && t.BookingRef != "" {
			b.bookingOf[i] = bi
		}
		switch {
		case b.bookingOf[i] >= 0:
			b.key[i] = keyFor(bookingKey, b.bookingOf[i], &b.keys)
		case t.BookingRef != "":
			k, ok := refKey[t.BookingRef]
			if !ok {
				k = b.keys
				refKey[t.BookingRef] = k
				b.keys++
			}
			b.key[i] = k
		default:
			b.key[i] = b.keys
			b.keys++
		}
		i++
	}
	for bi := range b.m.Bookings {
		for range b.m.Bookings[bi].Travellers {
			b.bookingOf[i] = bi
			b.key[i] = keyFor(bookingKey, bi, &b.keys)
			i++
		}
	}
	b.members = make([][]int, b.keys)
	for i, k := range b.key {
		b.members[k] = append(b.members[k], i)
	}
}

func keyFor(m map[int]int, booking int, next *int) int {
	if k, ok := m[booking]; ok {
		return k
	}
	m[booking] = *next
	*next++
	return m[booking]
}

// particles are words of family names that do not tell families apart.
var particles = map[string]bool{"al": true, "el": true, "de": true, "da": true, "di": true, "do": true, "dos": true,
	"das": true, "del": true, "della": true, "la": true, "le": true, "van": true, "von": true, "der": true, "den": true,
	"ten": true, "bin": true, "bint": true, "ben": true, "ibn": true, "abu": true, "abd": true, "ul": true, "y": true, "e": true}

// familyTokens returns the words of a family name that identify a family:
// normalised across scripts, without particles.
func familyTokens(name string) []string {
	var out []string
	for _, w := range strings.Fields(screen.Normalize(name)) {
		if !particles[w] && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

func sharesAny(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

func (b *builder) families() {
	b.family = make([][]string, len(b.ts))
	b.given = make([][]string, len(b.ts))
	b.keyFamily = make([][]string, b.keys)
	b.ages = make([]int, len(b.ts))
	b.minors = make([]bool, len(b.ts))
	b.adults = make([]bool, len(b.ts))
	for i, t := range b.ts {
		b.family[i] = familyTokens(t.Family)
		b.given[i] = familyTokens(t.Given)
		k := b.key[i]
		for _, w := range b.family[i] {
			if !slices.Contains(b.keyFamily[k], w) {
				b.keyFamily[k] = append(b.keyFamily[k], w)
			}
		}
		b.ages[i] = ageOn(t.BirthDate, b.departure)
		switch {
		case b.ages[i] >= 0:
			b.minors[i] = b.ages[i] < 18
			b.adults[i] = !b.minors[i]
		case childType(t.Type):
			b.minors[i] = true
		default: // an adult by type, or nothing says otherwise
			b.adults[i] = true
		}
	}
}

// childType reports whether a traveller type code says child or infant.
func childType(code string) bool {
	switch strings.ToUpper(code) {
	case "C", "CH", "CHD", "IN", "INF", "INS":
		return true
	}
	return false
}

// contactKey returns a contact's matching key ("" for none) and how it is
// shown: phones by their last nine digits, so that national and
// international forms meet; e-mails in lower case.
func contactKey(c *meridian.Contact) (string, string) {
	switch c.Kind {
	case meridian.IDPhone:
		d := digits(c.Value)
		if len(d) < 7 {
			return "", ""
		}
		if len(d) > 9 {
			d = d[len(d)-9:]
		}
		return "p:" + d, c.Value
	case meridian.IDEmail:
		e := strings.ToLower(strings.TrimSpace(c.Value))
		if !strings.Contains(e, "@") {
			return "", ""
		}
		return "e:" + e, e
	}
	return "", ""
}

func digits(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			sb.WriteByte(s[i])
		}
	}
	return sb.String()
}

// contacts gathers each key's phones and e-mails: its travellers' and its
// booking's, without the travel agency's, which unrelated bookings share
// as a matter of course.
func (b *builder) contacts() {
	b.contactKeys = make([][]contactRef, b.keys)
	b.byContact = map[string][]int{}
	add := func(k int, c *meridian.Contact, agency string) {
		if strings.EqualFold(c.Use, "agency") {
			return
		}
		ck, show := contactKey(c)
		if ck == "" || ck == agency || slices.ContainsFunc(b.contactKeys[k], func(c contactRef) bool { return c.key == ck }) {
			return
		}
		b.contactKeys[k] = append(b.contactKeys[k], contactRef{ck, show})
		b.byContact[ck] = append(b.byContact[ck], k)
	}
	for i, t := range b.ts {
		k := b.key[i]
		agency := ""
		if bi := b.bookingOf[i]; bi >= 0 {
			if a := b.m.Bookings[bi].Agency; a != nil && a.Phone != "" {
				agency, _ = contactKey(&meridian.Contact{Kind: meridian.IDPhone, Value: a.Phone})
			}
			bk := &b.m.Bookings[bi]
			for j := range bk.Contacts {
				add(k, &bk.Contacts[j], agency)
			}
		}
		for j := range t.Contacts {
			add(k, &t.Contacts[j], agency)
		}
	}
}

// groups joins keys that share a contact into groups and builds each
// key's view of its group.
func (b *builder) groups() {
	parent := make([]int, b.keys)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, ks := range b.byContact {
		for _, k := range ks[1:] {
			if ra, rb := find(ks[0]), find(k); ra != rb {
				parent[rb] = ra
			}
		}
	}
	comps := map[int][]int{} // root -> keys
	for k := 0; k < b.keys; k++ {
		r := find(k)
		comps[r] = append(comps[r], k)
	}
	b.groupOf = make(map[int]*Group, b.keys)
	for _, ks := range comps {
		g := b.group(ks)
		for _, k := range ks {
			gk := *g
			b.sharedContacts(k, &gk)
			b.groupOf[k] = &gk
		}
	}
}

func (b *builder) group(keys []int) *Group {
	var idx []int
	for _, k := range keys {
		idx = append(idx, b.members[k]...)
	}
	slices.Sort(idx)
	g := &Group{Size: len(idx), Bookings: len(keys), AdultsShareFamilyWithMinors: true,
		Members: make([]Member, len(idx)), Ages: []int{}, Nationalities: []string{}, Families: []string{},
		YoungNationalities: []string{}, SharedContacts: []string{}}
	for n, i := range idx {
		t := b.ts[i]
		mb := Member{Index: i, Name: t.Name(), Family: t.Family, Age: b.ages[i], Minor: b.minors[i], Adult: b.adults[i],
			Sex: string(t.Sex), Nationality: t.Nationality}
		if bi := b.bookingOf[i]; bi >= 0 {
			mb.Booking = b.m.Bookings[bi].Locator
		} else {
			mb.Booking = t.BookingRef
		}
		for _, j := range idx {
			if j != i && sharesAny(b.family[i], b.family[j]) {
				mb.Related = true
				if b.adults[j] {
					mb.RelatedAdult = true
				}
			}
		}
		g.Members[n] = mb
		if mb.Minor {
			g.Minors++
			if !mb.RelatedAdult {
				g.AdultsShareFamilyWithMinors = false
			}
		}
		if mb.Adult {
			g.Adults++
			if !mb.Related {
				g.UnrelatedAdults++
			}
		}
		if mb.Age >= 0 {
			g.Ages = append(g.Ages, mb.Age)
		}
		addSorted(&g.Nationalities, t.Nationality)
		addSorted(&g.Families, strings.ToUpper(strings.TrimSpace(t.Family)))
		if mb.Age >= 13 && mb.Age <= 25 {
			g.Young++
			addSorted(&g.YoungNationalities, t.Nationality)
		}
	}
	if g.Adults == 0 {
		g.AdultsShareFamilyWithMinors = true
	}
	return g
}

// sharedContacts counts the other keys sharing a contact with key k.
func (b *builder) sharedContacts(k int, g *Group) {
	var others []int
	var shown []string
	for _, c := range b.contactKeys[k] {
		ks := b.byContact[c.key]
		if len(ks) < 2 {
			continue
		}
		shown = append(shown, c.show)
		for _, o := range ks {
			if o != k && !slices.Contains(others, o) {
				others = append(others, o)
			}
		}
	}
	g.SharedContactBookings = len(others)
	g.UnrelatedContactBookings = 0
	for _, o := range others {
		if !sharesAny(b.keyFamily[k], b.keyFamily[o]) {
			g.UnrelatedContactBookings++
		}
	}
	g.SharedContacts = []string{}
	if shown != nil {
		g.SharedContacts = shown
	}
}

func addSorted(xs *[]string, x string) {
	if x == "" {
		return
	}
	if i, found := slices.BinarySearch(*xs, x); !found {
		*xs = slices.Insert(*xs, i, x)
	}
}

func (b *builder) traveller(i int, t *meridian.Traveller) *Traveller {
	tv := &Traveller{Index: i, Role: string(t.Role), Type: t.Type, Family: t.Family, Given: t.Given, Name: t.Name(),
		Sex: string(t.Sex), BirthDate: string(t.BirthDate), Age: b.ages[i], Minor: b.minors[i],
		Nationality: t.Nationality, Residence: t.Residence, BirthPlace: t.BirthPlace, InTransit: t.InTransit,
		Embarkation: t.Embarkation, Debarkation: t.Debarkation, Bags: -1, Verified: t.Verified,
		WithInfant: t.WithInfant, FrequentFlyer: len(t.FrequentFlyer) > 0,
		Documents: make([]Document, len(t.Documents)), Phones: []string{}, Emails: []string{}}
	for j := range t.Documents {
		tv.Documents[j] = b.document(&t.Documents[j])
	}
	for _, c := range t.Contacts {
		switch c.Kind {
		case meridian.IDPhone:
			tv.Phones = append(tv.Phones, c.Value)
		case meridian.IDEmail:
			tv.Emails = append(tv.Emails, strings.ToLower(c.Value))
		}
	}
	if t.Baggage != nil {
		tv.Bags, tv.BagsPooled = t.Baggage.Count, t.Baggage.Pooled
	}
	if len(t.Seats) > 0 {
		tv.Seat = t.Seats[0].Seat
	}
	return tv
}

func (b *builder) document(d *meridian.TravelDoc) Document {
	return Document{Present: true, Type: string(d.Type), Code: d.Code, Number: d.Number, IssuingState: d.IssuingState,
		IssuedOn: string(d.IssuedOn), ExpiresOn: string(d.ExpiresOn), AppliesTo: d.AppliesTo,
		DaysIssuedBeforeDeparture: daysBetween(dateTime(d.IssuedOn), b.departure),
		DaysValidAfterDeparture:   daysBetween(b.departure, dateTime(d.ExpiresOn))}
}

// primary returns the traveller's travel document: the first passport,
// else the first document that is not a visa, else an empty one.
func primary(docs []Document) *Document {
	for i := range docs {
		if docs[i].Type == "passport" {
			return &docs[i]
		}
	}
	for i := range docs {
		if docs[i].Type != "visa" {
			return &docs[i]
		}
	}
	return &Document{DaysIssuedBeforeDeparture: -1, DaysValidAfterDeparture: -1}
}

var noBooking = &Booking{DaysBeforeDeparture: -1, Tickets: []Ticket{}, Payment: Payment{Types: []string{}},
	Phones: []string{}, Emails: []string{}, SSRs: []string{}}

// booking returns the traveller's view of their booking. Travellers of a
// booking that ties no ticket or request to a traveller share one view.
func (b *builder) booking(i int, t *meridian.Traveller) *Booking {
	bi := b.bookingOf[i]
	if bi < 0 {
		return noBooking
	}
	if v, ok := b.bookingView[bi]; ok {
		return v
	}
	bk := &b.m.Bookings[bi]
	v := b.bookingFor(bi, bk, t)
	perTraveller := slices.ContainsFunc(bk.Tickets, func(tk meridian.Ticket) bool { return tk.Traveller != "" }) ||
		slices.ContainsFunc(bk.SSRs, func(s meridian.SSR) bool { return s.Traveller != "" })
	if !perTraveller {
		if b.bookingView == nil {
			b.bookingView = map[int]*Booking{}
		}
		b.bookingView[bi] = v
	}
	return v
}

func (b *builder) bookingFor(bi int, bk *meridian.Booking, t *meridian.Traveller) *Booking {
	v := &Booking{Present: true, Locator: bk.Locator, Carrier: bk.Carrier, Created: string(bk.Created),
		Travellers: len(bk.Travellers), ExcessBags: bk.ExcessBags, Tickets: []Ticket{},
		Phones: []string{}, Emails: []string{}, SSRs: []string{}, Payment: Payment{Types: []string{}}}
	start := b.departure
	if len(bk.Itinerary) > 0 {
		if d := bk.Itinerary[0].Departure.Time.Time(); !d.IsZero() {
			start = day(d)
		}
	}
	v.DaysBeforeDeparture = daysBetween(day(bk.Created.Time()), start)
	agency := ""
	if a := bk.Agency; a != nil {
		v.Agency = Agency{Type: a.Type, System: a.System, IATA: a.IATA, Office: a.Office, City: a.City, Country: a.Country}
		agency, _ = contactKey(&meridian.Contact{Kind: meridian.IDPhone, Value: a.Phone})
	}
	for j := range bk.Contacts {
		c := &bk.Contacts[j]
		if ck, show := contactKey(c); ck != "" && ck != agency && !strings.EqualFold(c.Use, "agency") {
			if c.Kind == meridian.IDPhone {
				v.Phones = append(v.Phones, show)
			} else {
				v.Emails = append(v.Emails, show)
			}
		}
	}
	for _, s := range bk.SSRs {
		if s.Traveller == "" || s.Traveller == t.Ref {
			v.SSRs = append(v.SSRs, s.Code)
		}
	}
	// The traveller's tickets, or all the booking's when none is tied to
	// the traveller.
	var tickets []*meridian.Ticket
	for j := range bk.Tickets {
		if tk := &bk.Tickets[j]; tk.Traveller != "" && tk.Traveller == t.Ref {
			tickets = append(tickets, tk)
		}
	}
	if len(tickets) == 0 {
		for j := range bk.Tickets {
			tickets = append(tickets, &bk.Tickets[j])
		}
	}
	for _, tk := range tickets {
		tv := Ticket{Number: tk.Number, OneWay: tk.OneWay, Ticketless: tk.Ticketless, Issued: string(tk.Issued),
			IssuedAt: tk.IssuedAt, DaysIssuedBeforeDeparture: daysBetween(day(tk.Issued.Time()), start), PaymentTypes: []string{}}
		for _, p := range tk.Payments {
			if p.Old {
				continue
			}
			addSorted(&tv.PaymentTypes, p.Type)
			addSorted(&v.Payment.Types, p.Type)
			if p.Payer != nil && p.Payer.Name != "" && v.Payment.PayerName == "" {
				v.Payment.PayerName = p.Payer.Name
			}
		}
		v.OneWay = v.OneWay || tk.OneWay
		v.Tickets = append(v.Tickets, tv)
	}
	if len(tickets) == 0 && len(bk.Itinerary) > 0 {
		first, last := bk.Itinerary[0].Departure.Airport, bk.Itinerary[len(bk.Itinerary)-1].Arrival.Airport
		v.OneWay = first != "" && last != "" && first != last
	}
	v.Payment.Cash = slices.Contains(v.Payment.Types, "cash")
	if v.Payment.PayerName != "" {
		v.Payment.PayerKnown = true
		payer := familyTokens(v.Payment.PayerName)
		for j := range b.ts {
			if sharesAny(payer, b.family[j]) && sharesAny(payer, b.given[j]) {
				v.Payment.PayerTravels = true
			}
			if b.bookingOf[j] == bi && sharesAny(payer, b.family[j]) {
				v.Payment.PayerRelated = true
			}
		}
	}
	return v
}

// itinerary returns the traveller's journey to the monitored flight's
// arrival; travellers of one booking embarking at one airport share it.
func (b *builder) itinerary(i int, t *meridian.Traveller) *Itinerary {
	bi := b.bookingOf[i]
	if bi >= 0 && len(b.m.Bookings[bi].Itinerary) == 0 {
		bi = -1 // the manifest's legs
	}
	ck := journeyKey{bi, t.Embarkation}
	if it, ok := b.journeys[ck]; ok {
		return it
	}
	legs := b.m.Flights
	if bi >= 0 {
		legs = make([]meridian.Leg, len(b.m.Bookings[bi].Itinerary))
		for j, f := range b.m.Bookings[bi].Itinerary {
			legs[j] = f.Leg
		}
	}
	it := journey(legs, b.m.Arrival(), t.Embarkation)
	if b.journeys == nil {
		b.journeys = map[journeyKey]*Itinerary{}
	}
	b.journeys[ck] = it
	return it
}

// journeyKey is a booking (-1 for the manifest's legs) and where the
// traveller embarked.
type journeyKey struct {
	booking int
	embark  string
}

// journey cuts legs to the traveller's journey, from where they embarked
// (when known) to the monitored flight's arrival, and lists its stops.
func journey(legs []meridian.Leg, monitored *meridian.Leg, embark string) *Itinerary {
	it := &Itinerary{Airports: []string{}, Countries: []string{}, Transits: []string{}, TransitCountries: []string{}, Hubs: []string{}}
	if len(legs) == 0 {
		return it
	}
	start, end := 0, len(legs)-1
	if embark != "" {
		for j := range legs {
			if legs[j].Departure.Airport == embark {
				start = j
				break
			}
		}
	}
	if monitored != nil {
		found := false
		for j := start; j < len(legs); j++ {
			if legs[j].Designator() == monitored.Designator() && legs[j].Arrival.Airport == monitored.Arrival.Airport {
				end, found = j, true
				break
			}
		}
		for j := start; !found && j < len(legs); j++ {
			if legs[j].Arrival.Airport == monitored.Arrival.Airport {
				end, found = j, true
			}
		}
	}
	add := func(s meridian.Stop) {
		if n := len(it.Airports); n > 0 && it.Airports[n-1] == s.Airport {
			return
		}
		it.Airports = append(it.Airports, s.Airport)
		it.Countries = append(it.Countries, countryOf(s))
	}
	for j := start; j <= end; j++ {
		add(legs[j].Departure)
		add(legs[j].Arrival)
	}
	it.Legs = end - start + 1
	n := len(it.Airports)
	it.Origin, it.OriginCountry = it.Airports[0], it.Countries[0]
	it.Destination, it.DestinationCountry = it.Airports[n-1], it.Countries[n-1]
	for j := 1; j < n-1; j++ {
		a, c := it.Airports[j], it.Countries[j]
		it.Transits = append(it.Transits, a)
		if c != "" {
			it.TransitCountries = append(it.TransitCountries, c)
		}
		if isHub(a) || isHub(c) {
			it.Hubs = append(it.Hubs, a)
		}
	}
	return it
}

// countryOf returns a stop's country: as the message gives it, else as the
// hub table knows the airport, else "".
func countryOf(s meridian.Stop) string {
	if s.Country != "" {
		return s.Country
	}
	if h, ok := hubs[s.Airport]; ok {
		return h.Country
	}
	return ""
}

// ageOn returns the age in whole years on day on, or -1 when unknown. A
// birth date known to the year counts from mid-year, to the month from
// mid-month: the error is then at most six months either way.
func ageOn(birth meridian.Date, on time.Time) int {
	d, ok := meridian.ParseDate(string(birth))
	if !ok || on.IsZero() {
		return -1
	}
	bt := d.Time()
	switch len(d) {
	case 4:
		bt = bt.AddDate(0, 6, 0)
	case 7:
		bt = bt.AddDate(0, 0, 14)
	}
	age := on.Year() - bt.Year()
	if on.Month() < bt.Month() || on.Month() == bt.Month() && on.Day() < bt.Day() {
		age--
	}
	if age < 0 || age > 130 {
		return -1
	}
	return age
}

func dateTime(d meridian.Date) time.Time {
	if d == "" || d.Partial() {
		return time.Time{}
	}
	return d.Time()
}

func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// daysBetween counts whole days from a to b; -1 when either is unknown or
// b comes first (a date after departure is an error in the message, not
// a short notice).
func daysBetween(a, b time.Time) int {
	if a.IsZero() || b.IsZero() || b.Before(a) {
		return -1
	}
	return int(b.Sub(a).Hours() / 24)
}
