package edifact_test

import (
	"strconv"
	"strings"
	"testing"

	"meridian"
	"meridian/edifact"
)

var pnrHeader = []string{
	"MSG+:22",
	"ORG+TK:IST+12345678:IST",
	"TVL+290924:0810:290924:0905+IST+SKP+TK+1883",
	"EQN+1",
}

// pnrFirst is a booking with every PNRGOV segment the parser reads: an
// adult with an infant, paid in cash by someone else, booked by a travel
// agency, with check-in, bags and history.
var pnrFirst = []string{
	"SRC",
	"RCI+TK:ABC123::150924:1405+1A:XYZ987",
	"SSR+AVML:HK:1:TK+::1",
	"DAT+700:280924:2210+710:150924:1410",
	"IFT+4:28::TK+CTCM 389 70 123 456",
	"IFT+4:28::TK+CTCE JANE..DOE./X//EXAMPLE.COM-1",
	"ORG+1A:MUC+98765432:SKPTA0101+SKP++T+MK:MKD+A1B2C3",
	"ADD++700:UL. PARTIZANSKA 5:SKOPJE:::MK:1000:00389 2 3111 222",
	"EBD+EUR:40.00+1::N",
	"TIF+DOE+JANEMRS:A:1:1",
	"FTI+TK:123456789",
	"IFT+4:28::TK+CTCH 44 20 7946 0100",
	"REF+:REF0001",
	"FAR+A+35",
	"SSR+DOCS:HK:1:TK:::::/P/GBR/P1234567/GBR/12MAR89/F/11MAR30/DOE/JANE ELIZABETH+::1",
	"SSR+DOCS:HK:1:TK:::::/P/GBR/P7654321/GBR/05MAY24/FI/04MAY29/DOE/LILY+::1",
	"SSR+DOCO:HK:1:TK:::::/LONDON/V/MK123/LONDON/01AUG24/MKD+::1",
	"SSR+DOCA:HK:1:TK:::::/R/GBR/1 HIGH STREET/LONDON//E1 6AN+::1",
	"SSR+DOCA:HK:1:TK:::::/D/MKD/UL. PARTIZANSKA 5/SKOPJE//1000+::1",
	"SSR+CTCE:HK:1:TK:::::JANE//EXAMPLE.COM+::1",
	"ADD++702:::::::CTCE NEXT..OF..KIN//EXAMPLE.ORG",
	"TKT+2352401234567:T:1",
	"MON+B:320.00:EUR+T:402.50:EUR",
	"PTK+NR++150924:1410+TK+235+SKP",
	"TXD++82.50::EUR:YQ",
	"DAT+710:150924:1410",
	"FOP+CA::402.50",
	"IFT+4:43+JOHN SMITH+12 LONDON ROAD LONDON+44 20 7946 0000",
	"ADD++700:12 LONDON ROAD:LONDON:::GB:SW1A 1AA",
	"TIF+DOE+LILY:IN:2",
	"SSR+INFT:HK:1:TK:::::DOE/LILY 05MAY24+::2",
	"TVL+290924:0810:290924:0905+IST+SKP+PC:TK+7001:Y",
	"TVL+++++1883:Y",
	"RPI+1+HK",
	"APD+321",
	"SSR+SEAT:HK:1:TK:::IST:SKP+12A::1",
	"DAT+2:290924:0640",
	"ORG+TK:IST",
	"TRI++SKP-101:::1",
	"TIF+DOE+JANEMRS:A:1",
	"SSD+12A++++Y",
	"TBD++2:31:700++HP+TK:0235111111:2:SKP",
	"EQN+1",
	"RCI+TK:SPL001",
	"MSG+8",
	"TVL+290924:1500:301024+SKP:HOTEL CONTINENTAL++HT+123:ROH",
	"ABI+1+:SKPTA0101+SKP++TK",
	"DAT+ZT:150924:1405",
	"SAC+++A",
	"TVL+290924:0810::0905+IST+SKP+TK+1883",
	"RPI+1+HK",
	"SAC+++X",
	"SSR+AVML:HK:1:TK",
	"LTS+0/O/SS/TK 1883 Y 29SEP 1 ISTSKP HK1 0810 0905",
}

// pnrSecond is a one-way booking paid by card, made at an airline office.
var pnrSecond = []string{
	"SRC",
	"RCI+TK:DEF456",
	"DAT+700:280924:2215",
	"ORG+TK:IST++++A+TR:TRY",
	"TIF+PETROVIC+DRAGAN MR:A:7",
	"SSR+DOCS:HK:1:TK:::::/P/SRB/009876543/SRB/14FEB75/M/01JAN31/PETRO VIC/DRAGAN",
	"TKT+2352409999999:T:1",
	"MON+T:150.00:EUR",
	"FOP+CC:::VI:XXXXXXXXXXXX1111:0927",
	"TVL+290924:0810:290924:0905+IST+SKP+TK+1883:B",
	"RPI+1+HK",
}

// twoParts writes the two bookings as one message split in two parts.
func twoParts() string {
	part := func(ref, seq string, segs []string) string {
		all := append([]string{"UNH+" + ref + "+PNRGOV:11:1:IA+TK1883/290924+" + seq}, pnrHeader...)
		all = append(all, segs...)
		all = append(all, "UNT+"+strconv.Itoa(len(all)+1)+"+"+ref)
		return strings.Join(all, "'\n") + "'\n"
	}
	return "UNA:+.? '\nUNB+IATA:1+TK+MKPNR+240929:0700+IC7++PNRGOV'\n" +
		part("P1", "01:C", pnrFirst) + part("P2", "02:F", pnrSecond) + "UNZ+2+IC7'\n"
}

func TestPNRGOV(t *testing.T) {
	ms, err := edifact.ParseString(twoParts())
	if err != nil || len(ms) != 1 {
		t.Fatalf("%v %d", err, len(ms))
	}
	m := ms[0]
	if m.Kind != meridian.ManifestPNRGOV || m.Parts != 2 || m.Version != "11.1" || m.Function != "22" || m.CommonReference != "TK1883/290924" ||
		len(m.Bookings) != 2 || m.DeclaredBookings != 2 || len(m.Warnings) != 0 {
		t.Fatalf("manifest %s", asJSON(m))
	}
	wantFlights := []meridian.Leg{{Carrier: "TK", Number: "1883", Border: true,
		Departure: meridian.Stop{Airport: "IST", Time: "2024-09-29T08:10"}, Arrival: meridian.Stop{Airport: "SKP", Time: "2024-09-29T09:05"}}}
	if asJSON(m.Flights) != asJSON(wantFlights) {
		t.Errorf("flights %s", asJSON(m.Flights))
	}
	b := m.Bookings[0]
	for _, c := range []struct {
		name string
		got  any
		want any
	}{
		{"locator", b.Locator + " " + b.Carrier + " " + strings.Join(b.OtherLocators, ","), "ABC123 TK 1A:XYZ987,TK:SPL001"},
		{"created", b.Created, meridian.LocalTime("2024-09-15T14:05")},
		{"last changed", b.LastChanged, meridian.LocalTime("2024-09-28T22:10")},
		{"agency", *b.Agency, meridian.TravelAgency{Type: "travel_agent", System: "1A", IATA: "98765432", Office: "SKPTA0101", City: "SKP", Country: "MK", Agent: "A1B2C3"}},
		{"booking contacts", b.Contacts, []meridian.Contact{
			{Kind: "phone", Use: "mobile", Value: "38970123456", Text: "CTCM 389 70 123 456"},
			{Kind: "email", Value: "jane_doe-x@example.com", Text: "CTCE JANE..DOE./X//EXAMPLE.COM-1"},
			{Kind: "phone", Value: "+38923111222", Text: "00389 2 3111 222"}}},
		{"booking addresses", b.Addresses, []meridian.Address{{Kind: "contact", Street: "UL. PARTIZANSKA 5", City: "SKOPJE", PostalCode: "1000", Country: "MK"}}},
		{"excess bags", b.ExcessBags, 1},
		{"remarks", b.Remarks, []string{"CTCM 389 70 123 456", "CTCE JANE..DOE./X//EXAMPLE.COM-1", "CTCH 44 20 7946 0100"}},
		{"ssrs", b.SSRs, []meridian.SSR{{Code: "AVML", Status: "HK", Traveller: "1"}, {Code: "INFT", Status: "HK", Traveller: "2", Text: "DOE/LILY 05MAY24"}}},
		{"itinerary", b.Itinerary, []meridian.BookedFlight{{Leg: meridian.Leg{Carrier: "PC", Number: "7001", OperatingCarrier: "TK", OperatingNumber: "1883",
			Departure: meridian.Stop{Airport: "IST", Time: "2024-09-29T08:10"}, Arrival: meridian.Stop{Airport: "SKP", Time: "2024-09-29T09:05"}},
			Class: "Y", Status: "HK", Seats: 1}}},
		{"tickets", b.Tickets, []meridian.Ticket{{Number: "2352401234567", Type: "T", Booklets: 1, Traveller: "1", OneWay: true,
			Issued: "2024-09-15T14:10", IssuedAt: "SKP", Fare: &meridian.Amount{Value: 320, Currency: "EUR"}, Total: &meridian.Amount{Value: 402.5, Currency: "EUR"},
			Payments: []meridian.Payment{{Type: "cash", Code: "CA", Amount: &meridian.Amount{Value: 402.5, Currency: "EUR"},
				Payer: &meridian.Payer{Name: "JOHN SMITH", Text: "12 LONDON ROAD LONDON", Phone: "442079460000",
					Address: &meridian.Address{Kind: "payer", Street: "12 LONDON ROAD", City: "LONDON", PostalCode: "SW1A 1AA", Country: "GB"}}}}}}},
		{"history", b.History, []meridian.HistoryEntry{
			{When: "2024-09-15T14:05", By: "SKPTA0101 SKP TK", Action: "added", Item: "TVL TK1883 IST-SKP 2024-09-29T08:10 HK"},
			{When: "2024-09-15T14:05", By: "SKPTA0101 SKP TK", Action: "cancelled", Item: "SSR AVML"},
			{Text: "0/O/SS/TK 1883 Y 29SEP 1 ISTSKP HK1 0810 0905"}}},
	} {
		if asJSON(c.got) != asJSON(c.want) {
			t.Errorf("%s:\ngot  %s\nwant %s", c.name, asJSON(c.got), asJSON(c.want))
		}
	}
	wantTravellers := []meridian.Traveller{
		{Role: "passenger", Type: "A", Ref: "1", Family: "DOE", Given: "JANE ELIZABETH", Title: "MRS", BirthDate: "1989-03-12", Sex: "F",
			Nationality: "GB", Residence: "GB", BirthPlace: "LONDON", WithInfant: true, BookingRef: "ABC123",
			Addresses: []meridian.Address{{Kind: "residence", Street: "1 HIGH STREET", City: "LONDON", PostalCode: "E1 6AN", Country: "GB"},
				{Kind: "destination", Street: "UL. PARTIZANSKA 5", City: "SKOPJE", PostalCode: "1000", Country: "MK"}},
			Contacts: []meridian.Contact{{Kind: "phone", Use: "home", Value: "442079460100", Text: "CTCH 44 20 7946 0100"},
				{Kind: "email", Value: "jane@example.com", Text: "CTCE JANE//EXAMPLE.COM"},
				{Kind: "email", Value: "next_of_kin@example.org", Text: "CTCE NEXT..OF..KIN//EXAMPLE.ORG"}},
			Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: "P1234567", IssuingState: "GB", ExpiresOn: "2030-03-11"},
				{Type: "visa", Code: "V", Number: "MK123", IssuePlace: "LONDON", IssuedOn: "2024-08-01", AppliesTo: "MK"}},
			Seats:         []meridian.Seat{{Seat: "12A", Flight: "PC7001", From: "IST", To: "SKP"}},
			Baggage:       &meridian.Baggage{Count: 2, Weight: 31, Unit: "kg", Tags: []string{"TK0235111111", "TK0235111112"}},
			References:    []meridian.Reference{{Qualifier: "REF", Value: "REF0001"}},
			FrequentFlyer: []string{"TK 123456789"}},
		{Role: "passenger", Type: "IN", Ref: "2", Family: "DOE", Given: "LILY", BirthDate: "2024-05-05", Sex: "F", Nationality: "GB", BookingRef: "ABC123",
			Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: "P7654321", IssuingState: "GB", ExpiresOn: "2029-05-04"}}},
	}
	if g, w := asJSON(b.Travellers), asJSON(wantTravellers); g != w {
		t.Errorf("travellers:\n%s", firstDiff(g, w))
	}
	b2 := m.Bookings[1]
	tr := b2.Travellers[0]
	if tr.Family != "PETROVIC" || tr.Given != "DRAGAN" || tr.Title != "MR" || tr.Nationality != "RS" || tr.BirthDate != "1975-02-14" ||
		len(tr.Documents) != 1 || tr.Documents[0].Number != "009876543" || tr.Documents[0].ExpiresOn != "2031-01-01" {
		t.Errorf("second booking's traveller %s", asJSON(tr))
	}
	if b2.Agency == nil || b2.Agency.Type != "airline" || b2.Agency.Country != "TR" || len(b2.Tickets) != 1 || !b2.Tickets[0].OneWay ||
		b2.Tickets[0].Payments[0].Type != "credit_card" || b2.Tickets[0].Payments[0].CardExpiry != "2027-09" ||
		b2.Tickets[0].Payments[0].Amount != nil || b2.Tickets[0].Payments[0].CardVendor != "VI" {
		t.Errorf("second booking %s", asJSON(b2))
	}
}

func TestPNRGOVDecoding(t *testing.T) {
	booking := func(segs ...string) meridian.Booking {
		t.Helper()
		ms, err := edifact.ParseString(interchange("PNRGOV", append(append([]string{}, pnrHeader...), append([]string{"SRC", "RCI+TK:AAA111"}, segs...)...)...))
		if err != nil {
			t.Fatal(err)
		}
		return ms[0].Bookings[0]
	}
	t.Run("Emails", func(t *testing.T) {
		for in, want := range map[string]string{
			"CTCE JOHN..SMITH//GMAIL.COM":       "john_smith@gmail.com",
			"CTCE TK HK1 ANNA./MARIA//WEB.DE-1": "anna-maria@web.de",
			"CTCE A.B.C//X.CO.UK":               "a.b.c@x.co.uk",
			"CTCE JOHN@EXAMPLE.COM":             "john@example.com",
		} {
			b := booking("IFT+4:28::TK+" + in)
			if len(b.Contacts) != 1 || b.Contacts[0].Value != want {
				t.Errorf("%s: %+v, want %s", in, b.Contacts, want)
			}
		}
	})
	t.Run("Names", func(t *testing.T) {
		for _, c := range []struct{ tif, family, given, title string }{
			{"TIF+SMITH+JOHNMR:A:1", "SMITH", "JOHN", "MR"},
			{"TIF+GARCIA LOPEZ+ANA MARIA MRS:A:1", "GARCIA LOPEZ", "ANA MARIA", "MRS"},
			{"TIF+WILLIAMS+JAMES:A:1", "WILLIAMS", "JAMES", ""},
			{"TIF+ADAMS+WILLIAMS MS:A:1", "ADAMS", "WILLIAMS", "MS"},
			{"TIF+ADAMS+WILLIAMS:A:1", "ADAMS", "WILLIAMS", ""},
			{"TIF+KIM+KONG CHUN MSTR:C:1", "KIM", "KONG CHUN", "MSTR"},
		} {
			b := booking(c.tif)
			tr := b.Travellers[0]
			if tr.Family != c.family || tr.Given != c.given || tr.Title != c.title {
				t.Errorf("%s: %q %q %q", c.tif, tr.Family, tr.Given, tr.Title)
			}
		}
	})
	t.Run("WrappedDOCSName", func(t *testing.T) {
		// Line wrapping inserted a blank into the surname of the DOCS; the
		// TIF's spelling wins when they agree but for blanks.
		b := booking("TIF+TESTSURNAMEONE+TESTNAME MRS:A:1.1", "SSR+DOCS:HK:1:AM:::::/P/CO/52263000/CO/30MAY76/F/31OCT15/TESTSURNA MEONE/TESTNAME MRS+::1.1")
		tr := b.Travellers[0]
		if tr.Family != "TESTSURNAMEONE" || tr.Given != "TESTNAME" || tr.Title != "MRS" || tr.Nationality != "CO" {
			t.Errorf("%+v", tr)
		}
	})
	t.Run("GroupName", func(t *testing.T) {
		b := booking("TIF+ACME TEAM PARTY:G", "TIF+CAPSON+LISA:A:1")
		if b.Group != "ACME TEAM PARTY" || len(b.Travellers) != 1 {
			t.Errorf("%+v", b)
		}
	})
	t.Run("RoundTrip", func(t *testing.T) {
		b := booking("TIF+SMITH+JOHNMR:A:1", "TKT+1:T:1", "TVL+290924:0810:290924:0905+IST+SKP+TK+1883:B", "TVL+051024:0810:051024:0905+SKP+IST+TK+1884:B")
		if b.Tickets[0].OneWay {
			t.Error("a return trip is not one-way")
		}
	})
}

func TestPNRGOVWarnings(t *testing.T) {
	for _, tc := range []struct {
		name string
		segs []string
		bad  string
		want string
	}{
		{"BookingCount", []string{"SRC", "RCI+TK:A1"}, "EQN+2", "EQN declares 2 bookings, the message holds 1"},
		{"NoLocator", []string{"SRC", "TIF+A+B:A:1"}, "SRC", "booking without a record locator (RCI)"},
		{"BadBirthDate", []string{"SRC", "RCI+TK:A1", "TIF+A+B:A:1", "SSR+DOCS:HK:1:TK:::::/P/GBR/1/GBR/31FEB89/F/11MAR30/A/B"}, "SSR+DOCS", `SSR DOCS date of birth "31FEB89" is not a date (DDMMMYY)`},
		{"DocsForNobody", []string{"SRC", "RCI+TK:A1", "TIF+A+B:A:1", "TIF+C+D:A:2", "TVL+290924:0810:290924:0905+IST+SKP+TK+1883", "SSR+DOCS:HK:1:TK:::::/P/GBR/1/GBR/01FEB89/F/11MAR30/X/Y"}, "SSR+DOCS", "SSR DOCS for no traveller of the booking ignored"},
		{"FOPWithoutTicket", []string{"SRC", "RCI+TK:A1", "TIF+A+B:A:1", "FOP+CA::10"}, "FOP", "FOP without a ticket (TKT) ignored"},
		{"UnknownSegment", []string{"SRC", "RCI+TK:A1", "XYZ"}, "XYZ", "segment XYZ is not part of PNRGOV, ignored"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			header := append([]string{}, pnrHeader...)
			if tc.name == "BookingCount" {
				header[3] = "EQN+2"
			}
			segs := append(header, tc.segs...)
			in := interchange("PNRGOV", segs...)
			ms, err := edifact.ParseString(in)
			if err != nil {
				t.Fatal(err)
			}
			n, off := 0, 0
			for i, s := range segs {
				if strings.HasPrefix(s, tc.bad) {
					n, off = 4+i, strings.Index(in, "\n"+s+"'")+1
				}
			}
			want := "segment " + strconv.Itoa(n) + " at byte " + strconv.Itoa(off) + ": " + tc.want
			if len(ms[0].Warnings) != 1 || ms[0].Warnings[0].String() != want {
				t.Errorf("got %v\nwant [%s]", ms[0].Warnings, want)
			}
		})
	}
}
