package rules

// The types below are what a rule sees, one set per traveller. Their json
// tags are their names in CEL. Numbers that may be unknown are -1 when
// unknown, so that a rule says what it means ("age >= 0 && age < 18")
// instead of mistaking a missing date for a value.

// Traveller is the traveller a rule is evaluated on (CEL: traveller).
type Traveller struct {
	Index int    `json:"index" doc:"place in Manifest.AllTravellers"`
	Role  string `json:"role" doc:"passenger or crew"`
	Type  string `json:"type" doc:"the sender's code: FL, FM, DDT ... in PAXLST; A, C, IN ... in PNRGOV"`
	// Family and Given are the names as sent; Name is "Given Family".
	Family      string `json:"family"`
	Given       string `json:"given"`
	Name        string `json:"name"`
	Sex         string `json:"sex" doc:"M, F, X, U or empty"`
	BirthDate   string `json:"birth_date" doc:"YYYY-MM-DD, or partial"`
	Age         int    `json:"age" doc:"age in whole years on the day of departure; -1 when unknown"`
	Minor       bool   `json:"minor" doc:"under 18 by age, or a child or infant by type when the age is unknown"`
	Nationality string `json:"nationality"`
	Residence   string `json:"residence"`
	BirthPlace  string `json:"birth_place"`
	InTransit   bool   `json:"in_transit"`
	Embarkation string `json:"embarkation"`
	Debarkation string `json:"debarkation"`
	// Documents are every document the traveller carries, visas included.
	Documents []Document `json:"documents"`
	// Phones and Emails are the traveller's own contacts, normalised.
	Phones []string `json:"phones"`
	Emails []string `json:"emails"`
	// Bags is the number of bags checked in; -1 when the message says
	// nothing about bags. BagsPooled marks a traveller whose bags are
	// counted with another traveller's.
	Bags          int    `json:"bags"`
	BagsPooled    bool   `json:"bags_pooled"`
	Seat          string `json:"seat"`
	Verified      bool   `json:"verified" doc:"the carrier checked the documents against the traveller"`
	WithInfant    bool   `json:"with_infant"`
	FrequentFlyer bool   `json:"frequent_flyer" doc:"has a frequent flyer number"`
}

// Document is a travel document (CEL: document, the primary one, and
// traveller.documents).
type Document struct {
	// Present is false for the empty document of a traveller who gave
	// none.
	Present      bool   `json:"present"`
	Type         string `json:"type" doc:"passport, id_card, visa, residence_permit, ..."`
	Code         string `json:"code" doc:"the type code as sent: P, I, V, ..."`
	Number       string `json:"number"`
	IssuingState string `json:"issuing_state"`
	IssuedOn     string `json:"issued_on"`
	ExpiresOn    string `json:"expires_on"`
	AppliesTo    string `json:"applies_to" doc:"the country a visa is for"`
	// DaysIssuedBeforeDeparture counts the days from issue to departure;
	// DaysValidAfterDeparture from departure to expiry. -1 when unknown.
	DaysIssuedBeforeDeparture int `json:"days_issued_before_departure"`
	DaysValidAfterDeparture   int `json:"days_valid_after_departure"`
}

// Booking is the traveller's booking (CEL: booking); Present is false on
// a manifest without bookings, every other field then empty or -1.
type Booking struct {
	Present bool   `json:"present"`
	Locator string `json:"locator"`
	Carrier string `json:"carrier"`
	Created string `json:"created" doc:"when the booking was made, YYYY-MM-DDTHH:MM"`
	// DaysBeforeDeparture counts the days from booking to the first
	// departure of the journey; -1 when unknown.
	DaysBeforeDeparture int  `json:"days_before_departure"`
	Travellers          int  `json:"travellers" doc:"travellers in the booking"`
	OneWay              bool `json:"one_way" doc:"the journey does not come back to where it began"`
	// Tickets are the traveller's tickets, or the booking's when none is
	// tied to a traveller.
	Tickets []Ticket `json:"tickets"`
	Payment Payment  `json:"payment"`
	// Phones and Emails are the booking's contacts, normalised, without
	// the travel agency's.
	Phones     []string `json:"phones"`
	Emails     []string `json:"emails"`
	Agency     Agency   `json:"agency"`
	ExcessBags int      `json:"excess_bags"`
	// SSRs are the codes of the special service requests (UMNR for an
	// unaccompanied minor, WCHR, ...).
	SSRs []string `json:"ssrs"`
}

// Ticket is one ticket of the traveller.
type Ticket struct {
	Number     string `json:"number"`
	OneWay     bool   `json:"one_way"`
	Ticketless bool   `json:"ticketless"`
	Issued     string `json:"issued"`
	IssuedAt   string `json:"issued_at"`
	// DaysIssuedBeforeDeparture is -1 when unknown.
	DaysIssuedBeforeDeparture int      `json:"days_issued_before_departure"`
	PaymentTypes              []string `json:"payment_types"`
}

// Payment sums up how the traveller's tickets were paid (replaced forms
// of payment left out).
type Payment struct {
	Types []string `json:"types" doc:"cash, credit_card, check, invoice, government, exchange, miscellaneous, other"`
	Cash  bool     `json:"cash"`
	// PayerName is the payer's name when the message gives one.
	PayerName  string `json:"payer_name"`
	PayerKnown bool   `json:"payer_known"`
	// PayerTravels is set when the payer's name is a traveller's (family
	// and given name) on this manifest; PayerRelated when it shares a
	// family name with a traveller of the booking (so includes the
	// former for the booking's travellers).
	PayerTravels bool `json:"payer_travels"`
	PayerRelated bool `json:"payer_related"`
}

// Agency is who made the booking.
type Agency struct {
	Type    string `json:"type" doc:"travel_agent, airline, or the code as sent"`
	System  string `json:"system"`
	IATA    string `json:"iata"`
	Office  string `json:"office"`
	City    string `json:"city"`
	Country string `json:"country"`
}

// Itinerary is the traveller's journey to the monitored flight's arrival
// (CEL: itinerary): from the booking when there is one, else the
// manifest's legs, starting where the traveller embarked.
type Itinerary struct {
	// Airports are in order, origin first; Countries beside them, "" where
	// neither the message nor the hub table knows the country.
	Airports           []string `json:"airports"`
	Countries          []string `json:"countries"`
	Origin             string   `json:"origin"`
	OriginCountry      string   `json:"origin_country"`
	Destination        string   `json:"destination"`
	DestinationCountry string   `json:"destination_country"`
	// Transits are the airports between origin and destination, and
	// TransitCountries their countries where known.
	Transits         []string `json:"transits"`
	TransitCountries []string `json:"transit_countries"`
	// Hubs are the transits listed in the transit hub table (by airport or
	// by country).
	Hubs []string `json:"hubs"`
	Legs int      `json:"legs"`
}

// Flight is the monitored flight's arrival leg (CEL: flight).
type Flight struct {
	Carrier            string `json:"carrier"`
	Number             string `json:"number"`
	Designator         string `json:"designator"`
	Origin             string `json:"origin"`
	OriginCountry      string `json:"origin_country"`
	Destination        string `json:"destination"`
	DestinationCountry string `json:"destination_country"`
	Departure          string `json:"departure" doc:"local time, YYYY-MM-DDTHH:MM"`
	Arrival            string `json:"arrival"`
}

// Group is who the traveller travels with (CEL: group): the travellers in
// the same booking, or sharing a phone or e-mail with it, on this
// manifest. A traveller with neither is a group of one.
type Group struct {
	Size    int      `json:"size"`
	Members []Member `json:"members" doc:"the group's travellers, the traveller included"`
	// Minors are under 18 (see traveller.minor); Adults are the others of
	// known or adult age.
	Minors int `json:"minors"`
	Adults int `json:"adults"`
	// Ages are the known ages; Nationalities and Families the distinct
	// ones, sorted.
	Ages          []int    `json:"ages"`
	Nationalities []string `json:"nationalities"`
	Families      []string `json:"families"`
	// Young counts members aged 13 to 25; YoungNationalities are their
	// distinct nationalities.
	Young              int      `json:"young"`
	YoungNationalities []string `json:"young_nationalities"`
	// AdultsShareFamilyWithMinors is false when some minor of the group
	// shares a family name with none of its adults (true without minors).
	AdultsShareFamilyWithMinors bool `json:"adults_share_family_with_minors"`
	// UnrelatedAdults counts adults who share a family name with no other
	// member.
	UnrelatedAdults int `json:"unrelated_adults"`
	Bookings        int `json:"bookings" doc:"bookings in the group"`
	// SharedContactBookings counts the OTHER bookings on the manifest
	// sharing a phone or e-mail with the traveller's booking;
	// UnrelatedContactBookings those of them whose travellers share no
	// family name with it; SharedContacts are the values shared.
	SharedContactBookings    int      `json:"shared_contact_bookings"`
	UnrelatedContactBookings int      `json:"unrelated_contact_bookings"`
	SharedContacts           []string `json:"shared_contacts"`
}

// Member is one traveller of a group.
type Member struct {
	Index       int    `json:"index"`
	Name        string `json:"name"`
	Family      string `json:"family"`
	Age         int    `json:"age" doc:"-1 when unknown"`
	Minor       bool   `json:"minor"`
	Adult       bool   `json:"adult"`
	Sex         string `json:"sex"`
	Nationality string `json:"nationality"`
	Booking     string `json:"booking" doc:"booking locator, or empty"`
	// Related is set when the member shares a family name with another
	// member; RelatedAdult when with an adult member.
	Related      bool `json:"related"`
	RelatedAdult bool `json:"related_adult"`
}
