package meridian

import (
	"fmt"
	"time"
)

// ManifestKind tells the two kinds of airline passenger message apart.
type ManifestKind string

const (
	// ManifestPAXLST is a UN/EDIFACT PAXLST passenger or crew list (API):
	// who is on board, as checked in, with their documents.
	ManifestPAXLST ManifestKind = "paxlst"
	// ManifestPNRGOV is an IATA PNRGOV push of booking records (PNR): who
	// booked, paid, travels with whom and how to reach them.
	ManifestPNRGOV ManifestKind = "pnrgov"
)

// Manifest is one airline passenger message as parsed, before anything is
// stored or screened: a PAXLST list of travellers on a flight, or a PNRGOV
// push of the bookings on a flight. An interchange may carry several.
type Manifest struct {
	Kind ManifestKind `json:"kind" enum:"paxlst,pnrgov"`
	// Reference is the message reference (UNH 0062); with the sender and
	// the interchange reference it identifies the message.
	Reference string `json:"reference"`
	// CommonReference (UNH 0068) ties the parts of a message split over
	// several UNH...UNT; Parts counts the parts joined into this manifest.
	CommonReference string `json:"common_reference,omitempty"`
	Parts           int    `json:"parts"`
	Interchange     string `json:"interchange" doc:"interchange control reference (UNB 0020)"`
	Sender          string `json:"sender" doc:"UNB sender identification"`
	Recipient       string `json:"recipient" doc:"UNB recipient identification"`
	// Prepared is when the sender prepared the interchange (UNB), in the
	// sender's clock.
	Prepared LocalTime `json:"prepared,omitempty"`
	Syntax   string    `json:"syntax" doc:"syntax identifier and version, e.g. UNOA:4 or IATA:1"`
	// Version is the message version: the directory (D02B, D05B, ...) for
	// PAXLST, version.release (11.1, 13.1, ...) for PNRGOV.
	Version string `json:"version"`
	// ListType is what a PAXLST lists (BGM 1001): passengers, crew, or the
	// code as sent when it is neither; Function is BGM 1004 (e.g. CP, CL).
	ListType       string `json:"list_type,omitempty"`
	Function       string `json:"function,omitempty"`
	TransactionRef string `json:"transaction_ref,omitempty" doc:"RFF TN: the sender's reference for the transaction"`
	// ReportingParty is who answers for a PAXLST (NAD MS with its COM).
	ReportingParty *Party `json:"reporting_party,omitempty"`
	// Flights are the legs the message reports: for PAXLST the TDT legs in
	// order, for PNRGOV the flight the bookings were pushed for.
	Flights    []Leg       `json:"flights"`
	Travellers []Traveller `json:"travellers,omitempty"`
	Bookings   []Booking   `json:"bookings,omitempty"`
	// DeclaredPassengers and DeclaredCrew are the counts the sender
	// declared (PAXLST CNT 42 and 41; PNRGOV EQN counts bookings into
	// DeclaredBookings); a difference from what was read is a warning.
	DeclaredPassengers int `json:"declared_passengers,omitempty"`
	DeclaredCrew       int `json:"declared_crew,omitempty"`
	DeclaredBookings   int `json:"declared_bookings,omitempty"`
	// Warnings are what was tolerated: wrong counts, unknown codes,
	// malformed values left out. A manifest with warnings is still whole.
	Warnings []Warning `json:"warnings,omitempty"`
}

// Passengers counts the travellers who are not crew, across bookings too.
func (m *Manifest) Passengers() int {
	n := 0
	for i := range m.Travellers {
		if m.Travellers[i].Role == RolePassenger {
			n++
		}
	}
	for i := range m.Bookings {
		n += len(m.Bookings[i].Travellers)
	}
	return n
}

// Arrival returns the leg that enters the reporting country: the one
// marked Border, else the last leg; nil when there are no flights.
func (m *Manifest) Arrival() *Leg {
	for i := range m.Flights {
		if m.Flights[i].Border {
			return &m.Flights[i]
		}
	}
	if len(m.Flights) == 0 {
		return nil
	}
	return &m.Flights[len(m.Flights)-1]
}

// Warning is a defect in a message that did not stop it being read. It
// names the segment (1-based, UNA included) and the byte offset of the
// segment's first byte in the interchange, so that a sender can find it.
type Warning struct {
	Segment int    `json:"segment"`
	Offset  int64  `json:"offset"`
	Message string `json:"message"`
}

func (w Warning) String() string {
	return fmt.Sprintf("segment %d at byte %d: %s", w.Segment, w.Offset, w.Message)
}

// LocalTime is a date and time as airline messages give them: a wall
// clock without a zone, local to the airport for departures and arrivals,
// UTC by agreement for bookings. Written "2006-01-02T15:04", or a bare
// date "2006-01-02" when the message has no time.
type LocalTime string

// LocalTimeOf returns t's wall clock as a LocalTime, dropping its zone.
func LocalTimeOf(t time.Time) LocalTime { return LocalTime(t.Format("2006-01-02T15:04")) }

// Time returns the wall clock as a time in UTC, for arithmetic between
// times of one message; the zero time when unset or malformed.
func (t LocalTime) Time() time.Time {
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02"} {
		if v, err := time.Parse(layout, string(t)); err == nil {
			return v
		}
	}
	return time.Time{}
}

// Date returns the calendar date of t, or "" when unset or malformed.
func (t LocalTime) Date() Date {
	if len(t) < 10 {
		return ""
	}
	d, _ := ParseDate(string(t[:10]))
	return d
}

// Leg is one flight leg, as a PAXLST TDT with its LOC and DTM or a
// PNRGOV TVL gives it. Airports are IATA codes; times are local.
type Leg struct {
	Carrier string `json:"carrier" doc:"IATA airline designator of the marketing carrier"`
	Number  string `json:"number" doc:"flight number without the carrier, leading zeros dropped, with its suffix letter if any"`
	// OperatingCarrier and OperatingNumber are set for a codeshare, when
	// the flight is operated under another designator.
	OperatingCarrier string `json:"operating_carrier,omitempty"`
	OperatingNumber  string `json:"operating_number,omitempty"`
	Departure        Stop   `json:"departure"`
	Arrival          Stop   `json:"arrival"`
	// Border marks the leg that crosses into the reporting country (PAXLST
	// LOC 125 to LOC 87); the other legs are routing legs (LOC 92).
	Border bool `json:"border,omitempty"`
}

// Designator returns the flight designator, e.g. "UA989".
func (f *Leg) Designator() string { return f.Carrier + f.Number }

// Stop is where and when a leg departs or arrives.
type Stop struct {
	Airport string    `json:"airport" doc:"IATA airport or city code"`
	Country string    `json:"country,omitempty" doc:"ISO 3166-1 alpha-2, when the message gives it"`
	Time    LocalTime `json:"time,omitempty" doc:"local time at the airport"`
}

// TravellerRole says whether a traveller is carried or works on board.
type TravellerRole string

const (
	RolePassenger TravellerRole = "passenger"
	RoleCrew      TravellerRole = "crew"
)

// Traveller is one person on a manifest or in a booking, with what the
// message says about them. Country codes are ISO 3166-1 alpha-2 where the
// message's code is known, else the code as sent.
type Traveller struct {
	Role TravellerRole `json:"role" enum:"passenger,crew"`
	// Type is the sender's code for the traveller: the NAD party code of
	// PAXLST (FL passenger, FM crew, DDU and DDT in transit, ...) or the
	// PNRGOV TIF traveller type (A adult, C child, IN infant, ...).
	Type      string `json:"type,omitempty"`
	InTransit bool   `json:"in_transit,omitempty"`
	// CrewFunction is a crew member's job on board (EMP: cockpit, cabin...).
	CrewFunction string `json:"crew_function,omitempty"`
	// Ref is the sender's reference for this traveller: RFF ABO in PAXLST,
	// the traveller reference number (9944) in PNRGOV, which ties seats,
	// bags and tickets to the traveller.
	Ref    string `json:"ref,omitempty"`
	Family string `json:"family"`
	Given  string `json:"given,omitempty" doc:"given and middle names, space-separated"`
	Title  string `json:"title,omitempty" doc:"MR, MRS, MS, MISS, MSTR, DR ... taken off the given names"`
	// BirthDate may be partial (only the year) when that is all that is known.
	BirthDate   Date   `json:"birth_date,omitempty"`
	Sex         Sex    `json:"sex,omitempty" enum:"M,F,X,U"`
	Nationality string `json:"nationality,omitempty"`
	Residence   string `json:"residence,omitempty" doc:"country of residence"`
	BirthPlace  string `json:"birth_place,omitempty" doc:"place of birth: a country code or a name as sent"`
	// Embarkation and Debarkation are where this traveller boards and
	// leaves the flights reported (IATA codes); Clearance is where they
	// clear immigration (PAXLST LOC 22).
	Embarkation string      `json:"embarkation,omitempty"`
	Debarkation string      `json:"debarkation,omitempty"`
	Clearance   string      `json:"clearance,omitempty"`
	Addresses   []Address   `json:"addresses,omitempty"`
	Contacts    []Contact   `json:"contacts,omitempty"`
	Documents   []TravelDoc `json:"documents,omitempty"`
	Seats       []Seat      `json:"seats,omitempty"`
	// Baggage is nil when the message says nothing about bags, and a zero
	// count when it says there are none: the two mean different things.
	Baggage *Baggage `json:"baggage,omitempty"`
	// BookingRef is the record locator of the traveller's booking (PAXLST
	// RFF AVF, or the PNR the traveller is in).
	BookingRef    string      `json:"booking_ref,omitempty"`
	References    []Reference `json:"references,omitempty"`
	FrequentFlyer []string    `json:"frequent_flyer,omitempty" doc:"carrier and number, e.g. DL 1234567890"`
	// WithInfant marks an adult travelling with an infant on their lap;
	// the infant is a traveller of type IN of its own.
	WithInfant bool `json:"with_infant,omitempty"`
	// Verified is true when the carrier says it checked the documents
	// against the traveller (PAXLST GEI 173).
	Verified bool `json:"verified,omitempty"`
}

// Name returns "Given Family", or the family name alone.
func (t *Traveller) Name() string {
	if t.Given == "" {
		return t.Family
	}
	return t.Given + " " + t.Family
}

// TravelDoc is an identity or travel document a traveller carries: from
// PAXLST DOC with DTM and LOC, or PNRGOV SSR DOCS (documents) and DOCO
// (visas and other documents).
type TravelDoc struct {
	// Type is the document type mapped onto Meridian's (passport, id_card,
	// visa, ...); Code is the type code as sent (P, I, V, C, A, ...).
	Type         DocumentType `json:"type"`
	Code         string       `json:"code,omitempty"`
	Number       string       `json:"number"`
	IssuingState string       `json:"issuing_state,omitempty"`
	IssuePlace   string       `json:"issue_place,omitempty" doc:"city of issue, when given by name"`
	IssuedOn     Date         `json:"issued_on,omitempty"`
	ExpiresOn    Date         `json:"expires_on,omitempty"`
	// AppliesTo is the country a visa is valid for (DOCO).
	AppliesTo string `json:"applies_to,omitempty"`
}

// Address is a postal address as a message gives it.
type Address struct {
	// Kind is what the address is for: residence, destination, contact,
	// payer, emergency, or the code as sent.
	Kind       string `json:"kind,omitempty"`
	Street     string `json:"street,omitempty"`
	City       string `json:"city,omitempty"`
	Region     string `json:"region,omitempty" doc:"state, province or county"`
	PostalCode string `json:"postal_code,omitempty"`
	Country    string `json:"country,omitempty"`
}

// Contact is a phone number or e-mail address. Value is decoded (IATA
// e-mail escapes undone, phone numbers reduced to digits and a leading +);
// Text is what the message said.
type Contact struct {
	Kind IdentifierKind `json:"kind" enum:"phone,email"`
	// Use is what the contact is for, when the message says: home,
	// mobile, business, agency, emergency, fax.
	Use   string `json:"use,omitempty"`
	Value string `json:"value"`
	Text  string `json:"text,omitempty"`
}

// Seat is a seat assigned to a traveller on one flight.
type Seat struct {
	Seat   string `json:"seat"`
	Flight string `json:"flight,omitempty" doc:"flight designator, when the message ties the seat to one"`
	From   string `json:"from,omitempty"`
	To     string `json:"to,omitempty"`
}

// Baggage is what a traveller checked in.
type Baggage struct {
	Count  int      `json:"count"`
	Weight float64  `json:"weight,omitempty"`
	Unit   string   `json:"unit,omitempty" enum:"kg,lb"`
	Tags   []string `json:"tags,omitempty" doc:"bag tag numbers"`
	// Pooled marks bags counted with another traveller's (head of pool).
	Pooled bool `json:"pooled,omitempty"`
}

// Reference is one RFF of a traveller: its qualifier and value.
type Reference struct {
	Qualifier string `json:"qualifier" doc:"e.g. AVF booking, ABO passenger, SEA seat, CR customer"`
	Value     string `json:"value"`
}

// Party is who sent or answers for a message.
type Party struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
	Fax   string `json:"fax,omitempty"`
	Email string `json:"email,omitempty"`
}

// Booking is one passenger name record of a PNRGOV message.
type Booking struct {
	Locator string `json:"locator" doc:"record locator (RCI) of the carrier's booking"`
	Carrier string `json:"carrier,omitempty" doc:"the airline or system that owns the locator"`
	// OtherLocators are the same booking's locators in other systems
	// (a travel agency's GDS, the operating carrier), as carrier:locator.
	OtherLocators []string  `json:"other_locators,omitempty"`
	Created       LocalTime `json:"created,omitempty" doc:"when the booking was made (RCI)"`
	// Group is the name of a group booking (TIF qualifier G), which is
	// not a traveller.
	Group       string         `json:"group,omitempty"`
	LastChanged LocalTime      `json:"last_changed,omitempty" doc:"last transaction on the booking (DAT 700)"`
	Travellers  []Traveller    `json:"travellers"`
	Itinerary   []BookedFlight `json:"itinerary,omitempty"`
	Tickets     []Ticket       `json:"tickets,omitempty"`
	Contacts    []Contact      `json:"contacts,omitempty"`
	Addresses   []Address      `json:"addresses,omitempty"`
	Agency      *TravelAgency  `json:"agency,omitempty"`
	// ExcessBags is the number of bags paid in excess for the booking (EBD).
	ExcessBags int `json:"excess_bags,omitempty"`
	// Remarks are the free texts of the booking (IFT, OSI), kept for the
	// officer reading it.
	Remarks []string       `json:"remarks,omitempty"`
	History []HistoryEntry `json:"history,omitempty"`
	// SSRs are the special service requests not decoded elsewhere (meals,
	// assistance, infants ...), as code and text.
	SSRs []SSR `json:"ssrs,omitempty"`
}

// BookedFlight is one flight of a booking's itinerary (TVL with RPI).
type BookedFlight struct {
	Leg
	Class  string `json:"class,omitempty" doc:"reservation booking designator"`
	Status string `json:"status,omitempty" doc:"booking status, e.g. HK confirmed"`
	Seats  int    `json:"seats,omitempty" doc:"number in party"`
}

// Ticket is one ticket of a traveller (TKT with MON, PTK, DAT and FOP).
type Ticket struct {
	Number string `json:"number,omitempty"`
	// Type is the document type as sent (T ticket, ...); Ticketless is
	// set when the carrier issued no ticket (TKT type 1).
	Type       string `json:"type,omitempty"`
	Ticketless bool   `json:"ticketless,omitempty"`
	Booklets   int    `json:"booklets,omitempty"`
	Traveller  string `json:"traveller,omitempty" doc:"ref of the traveller the ticket is for"`
	// OneWay is derived, not sent: the booking's itinerary does not come
	// back to where it began.
	OneWay   bool      `json:"one_way"`
	Issued   LocalTime `json:"issued,omitempty"`
	IssuedAt string    `json:"issued_at,omitempty" doc:"city or airport of issue (PTK)"`
	Fare     *Amount   `json:"fare,omitempty" doc:"base fare (MON B)"`
	Total    *Amount   `json:"total,omitempty" doc:"total with taxes (MON T)"`
	Payments []Payment `json:"payments,omitempty"`
}

// Amount is a sum of money.
type Amount struct {
	Value    float64 `json:"value"`
	Currency string  `json:"currency,omitempty" doc:"ISO 4217"`
}

// Payment is one form of payment of a ticket (FOP), with its payer when
// the message names one (IFT sponsor, ADD).
type Payment struct {
	// Type is cash, credit_card, check, invoice, government, exchange,
	// miscellaneous, or other; Code is the FOP code as sent (CA, CC, ...).
	Type       string  `json:"type"`
	Code       string  `json:"code,omitempty"`
	Amount     *Amount `json:"amount,omitempty"`
	CardVendor string  `json:"card_vendor,omitempty" doc:"e.g. VI, CA, AX"`
	CardNumber string  `json:"card_number,omitempty" doc:"as sent, usually masked"`
	CardExpiry string  `json:"card_expiry,omitempty" doc:"YYYY-MM"`
	Payer      *Payer  `json:"payer,omitempty"`
	Old        bool    `json:"old,omitempty" doc:"a form of payment replaced by a later one"`
}

// Payer is who paid, when not the traveller.
type Payer struct {
	Name    string   `json:"name,omitempty"`
	Address *Address `json:"address,omitempty"`
	Text    string   `json:"text,omitempty" doc:"the address as one line, when not broken down"`
	Phone   string   `json:"phone,omitempty"`
}

// TravelAgency is who made a booking (ORG): a travel agency or an airline office.
type TravelAgency struct {
	// Type is travel_agent, airline, or the originator code as sent.
	Type    string `json:"type,omitempty"`
	System  string `json:"system,omitempty" doc:"reservation system or airline code, e.g. 1A"`
	IATA    string `json:"iata,omitempty" doc:"IATA agency number"`
	Office  string `json:"office,omitempty" doc:"the system's office or agent id"`
	City    string `json:"city,omitempty"`
	Country string `json:"country,omitempty"`
	Agent   string `json:"agent,omitempty" doc:"the agent's sign or id"`
	Phone   string `json:"phone,omitempty"`
}

// HistoryEntry is one change recorded in a booking's history (ABI, DAT,
// SAC and what follows, or LTS free text).
type HistoryEntry struct {
	When   LocalTime `json:"when,omitempty"`
	By     string    `json:"by,omitempty" doc:"who made the change: agent, office, system"`
	Action string    `json:"action,omitempty" doc:"added, cancelled, changed, or the code as sent"`
	Item   string    `json:"item,omitempty" doc:"what changed, e.g. TVL DL324 LHR-JFK"`
	Text   string    `json:"text,omitempty"`
}

// SSR is a special service request kept as sent.
type SSR struct {
	Code      string `json:"code"`
	Status    string `json:"status,omitempty"`
	Traveller string `json:"traveller,omitempty"`
	Text      string `json:"text,omitempty"`
}
