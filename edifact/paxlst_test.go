package edifact_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"meridian"
	"meridian/edifact"
)

// interchange wraps message segments (without terminators) in UNB, UNH,
// UNT and UNZ with a correct segment count.
func interchange(typ string, segs ...string) string {
	unh := "UNH+M42+PAXLST:D:05B:UN:IATA"
	if typ == "PNRGOV" {
		unh = "UNH+M42+PNRGOV:11:1:IA+AB123/290924/0810"
	}
	all := append([]string{unh}, segs...)
	all = append(all, "UNT+"+strconv.Itoa(len(all)+1)+"+M42")
	return "UNA:+.? '\r\nUNB+UNOB:4+TK:ZZ+MKAPIS:ZZ+240929:1130+IC42++APIS'\r\n" + strings.Join(all, "'\r\n") + "'\r\nUNZ+1+IC42'\r\n"
}

// paxlstAll uses every PAXLST segment the parser reads.
var paxlstAll = []string{
	"BGM+745+CP",
	"RFF+TN:TX0001",
	"NAD+MS+++OPS CONTROL",
	"CTA+IC+:OPS DESK",
	"COM+90 212 555 0100:TE+90 212 555 0101:FX+OPS@THY.COM:EM",
	"TDT+20+TK1001+++TK",
	"LOC+92+DXB",
	"DTM+189:2409290200:201",
	"LOC+92+IST",
	"DTM+232:2409290630:201",
	"TDT+20+TK01883+++TK",
	"LOC+125+IST",
	"DTM+189:202409290810:203",
	"LOC+87+SKP",
	"DTM+232:2409290905",
	"NAD+FL+++O?'BRIEN:SEAN:PATRICK+UL. MAKEDONIJA 12+SKOPJE++1000+MKD",
	"ATT+2++M",
	"DTM+329:750214",
	"MEA+CT++:2",
	"MEA+WT++KGM:31.5",
	"FTX+BAG+++TK:0235123456:2",
	"GEI+4+173",
	"LOC+22+SKP",
	"LOC+178+DXB",
	"LOC+179+SKP",
	"LOC+174+IRL",
	"LOC+180+:::CORK",
	"COM+353 21 555 0199:TE+SEAN..O./BRIEN//MAIL.IE:EM",
	"NAT+2+IRL",
	"RFF+AVF:ABC123",
	"RFF+ABO:PAX0001",
	"RFF+SEA:14C",
	"DOC+P:110:111+PA1234567",
	"DTM+182:190301",
	"DTM+36:290301",
	"LOC+91+IRL",
	"DOC+V:110:111+MK998877",
	"DTM+36:250101",
	"LOC+91+MKD:::DUBLIN",
	"NAD+DDU+++NGUYEN:THI LAN",
	"ATT+2++F",
	"DTM+329:20150607:102",
	"NAT+2+VNM",
	"QTY+1",
	"DOC+P:110:111+C1234567",
	"DTM+36:300101",
	"LOC+91+VNM",
	"NAD+FM+++KAYA:AYSE",
	"ATT+2++F",
	"DTM+329:880412",
	"EMP+1+CR2:110:111",
	"NAT+2+TUR",
	"DOC+AC:110:111+TK12345",
	"LOC+91+TUR",
	"NAD+DDT+++YILMAZ:MEHMET",
	"ATT+2++M",
	"EMP+1+CR1:110:111",
	"NAT+2+D",
	"CNT+42:2",
	"CNT+41:2",
}

func TestPAXLST(t *testing.T) {
	ms, err := edifact.ParseString(interchange("PAXLST", paxlstAll...))
	if err != nil || len(ms) != 1 {
		t.Fatalf("%v %d", err, len(ms))
	}
	want := &meridian.Manifest{
		Kind: meridian.ManifestPAXLST, Reference: "M42", Parts: 1, Interchange: "IC42", Sender: "TK", Recipient: "MKAPIS",
		Prepared: "2024-09-29T11:30", Syntax: "UNOB:4", Version: "D05B", ListType: "passengers", Function: "CP", TransactionRef: "TX0001",
		ReportingParty: &meridian.Party{Name: "OPS CONTROL", Phone: "90 212 555 0100", Fax: "90 212 555 0101", Email: "ops@thy.com"},
		Flights: []meridian.Leg{
			{Carrier: "TK", Number: "1001", Departure: meridian.Stop{Airport: "DXB", Time: "2024-09-29T02:00"}, Arrival: meridian.Stop{Airport: "IST", Time: "2024-09-29T06:30"}},
			{Carrier: "TK", Number: "1883", Border: true, Departure: meridian.Stop{Airport: "IST", Time: "2024-09-29T08:10"}, Arrival: meridian.Stop{Airport: "SKP", Time: "2024-09-29T09:05"}},
		},
		Travellers: []meridian.Traveller{
			{Role: meridian.RolePassenger, Type: "FL", Ref: "PAX0001", Family: "O'BRIEN", Given: "SEAN PATRICK", BirthDate: "1975-02-14", Sex: "M",
				Nationality: "IE", Residence: "IE", BirthPlace: "CORK", Embarkation: "DXB", Debarkation: "SKP", Clearance: "SKP",
				Addresses: []meridian.Address{{Street: "UL. MAKEDONIJA 12", City: "SKOPJE", PostalCode: "1000", Country: "MK"}},
				Contacts: []meridian.Contact{{Kind: meridian.IDPhone, Value: "35321555019" + "9", Text: "353 21 555 0199"},
					{Kind: meridian.IDEmail, Value: "sean_o-brien@mail.ie", Text: "SEAN..O./BRIEN//MAIL.IE"}},
				Documents: []meridian.TravelDoc{
					{Type: "passport", Code: "P", Number: "PA1234567", IssuingState: "IE", IssuedOn: "2019-03-01", ExpiresOn: "2029-03-01"},
					{Type: "visa", Code: "V", Number: "MK998877", IssuingState: "MK", IssuePlace: "DUBLIN", ExpiresOn: "2025-01-01"},
				},
				Seats:      []meridian.Seat{{Seat: "14C"}},
				Baggage:    &meridian.Baggage{Count: 2, Weight: 31.5, Unit: "kg", Tags: []string{"TK0235123456", "TK0235123457"}},
				BookingRef: "ABC123", Verified: true,
				References: []meridian.Reference{{Qualifier: "AVF", Value: "ABC123"}, {Qualifier: "ABO", Value: "PAX0001"}, {Qualifier: "SEA", Value: "14C"}}},
			{Role: meridian.RolePassenger, Type: "DDU", InTransit: true, Family: "NGUYEN", Given: "THI LAN", BirthDate: "2015-06-07", Sex: "F", Nationality: "VN",
				Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: "C1234567", IssuingState: "VN", ExpiresOn: "2030-01-01"}}},
			{Role: meridian.RoleCrew, Type: "FM", CrewFunction: "cabin", Family: "KAYA", Given: "AYSE", BirthDate: "1988-04-12", Sex: "F", Nationality: "TR",
				Documents: []meridian.TravelDoc{{Type: "travel_document", Code: "AC", Number: "TK12345", IssuingState: "TR"}}},
			{Role: meridian.RoleCrew, Type: "DDT", InTransit: true, CrewFunction: "cockpit", Family: "YILMAZ", Given: "MEHMET", Sex: "M", Nationality: "DE"},
		},
		DeclaredPassengers: 2, DeclaredCrew: 2,
	}
	if g, w := asJSON(ms[0]), asJSON(want); g != w {
		t.Errorf("got\n%s\nwant\n%s", g, w)
	}
}

func asJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", " ")
	return string(b)
}

// TestPAXLSTLocode: a leg's places may be UN/LOCODEs, which name the
// country.
func TestPAXLSTLocode(t *testing.T) {
	ms, err := edifact.ParseString(interchange("PAXLST", "BGM+745", "TDT+20+TK1883+++TK", "LOC+125+TRIST", "LOC+87+MKSKP", "NAD+FL+++A:B"))
	if err != nil {
		t.Fatal(err)
	}
	l := ms[0].Flights[0]
	if l.Departure != (meridian.Stop{Airport: "IST", Country: "TR"}) || l.Arrival != (meridian.Stop{Airport: "SKP", Country: "MK"}) {
		t.Errorf("%+v", l)
	}
}

// TestPAXLSTWarnings: each defect is tolerated and reported exactly.
func TestPAXLSTWarnings(t *testing.T) {
	leg := []string{"BGM+745", "TDT+20+TK1883+++TK", "LOC+125+IST", "LOC+87+SKP"}
	for _, tc := range []struct {
		name string
		segs []string
		bad  string // the segment the warning names
		want string
	}{
		{"UnknownCountry", []string{"NAD+FL+++A:B", "NAT+2+XYZ"}, "NAT", `unknown country code "XYZ" for the nationality`},
		{"BadBirthDate", []string{"NAD+FL+++A:B", "DTM+329:751314"}, "DTM+329", `DTM 329 value "751314" is not a date (YYMMDD or CCYYMMDD)`},
		{"ExpiryBeforeDOC", []string{"NAD+FL+++A:B", "DTM+36:290101"}, "DTM+36", "DTM 36 before any DOC ignored"},
		{"IssuePlaceBeforeDOC", []string{"NAD+FL+++A:B", "LOC+91+GBR"}, "LOC+91", "LOC 91 (place of issue) before any DOC ignored"},
		{"UnknownPartyCode", []string{"NAD+ZZZ+++A:B"}, "NAD+ZZZ", `NAD party code "ZZZ" is not a traveller code (FL, FM, DDU, DDT): read as a passenger`},
		{"NoFamilyName", []string{"NAD+FL"}, "NAD+FL", "NAD FL without a family name"},
		{"TDTAfterTravellers", []string{"NAD+FL+++A:B", "TDT+20+TK1+++TK"}, "TDT+20+TK1", "TDT after the travellers ignored: flight legs come before them"},
		{"DOCWithoutNumber", []string{"NAD+FL+++A:B", "DOC+P:110:111"}, "DOC", "DOC P without a document number"},
		{"UnknownSex", []string{"NAD+FL+++A:B", "ATT+2++Q"}, "ATT", `ATT sex code "Q" unknown (want M, F, X or U)`},
		{"BagCount", []string{"NAD+FL+++A:B", "MEA+CT++:TWO"}, "MEA", `MEA CT bag count "TWO" is not a number`},
		{"UnknownSegment", []string{"NAD+FL+++A:B", "XYZ+1"}, "XYZ", "segment XYZ is not part of PAXLST, ignored"},
		{"FlightTime", []string{"DTM+189:2409291"}, "DTM+189", `DTM 189 value "2409291" is not a date and time of format YYMMDDHHMM`},
		{"FlightNumber", []string{"TDT+20+TKABC+++TK"}, "TDT+20+TKABC", `TDT conveyance reference "TKABC" is not a flight designator`},
		{"PassengerCount", []string{"NAD+FL+++A:B", "CNT+42:3"}, "CNT", "CNT 42 declares 3 passengers, the message lists 1"},
		{"MalformedCount", []string{"NAD+FL+++A:B", "CNT+42+1"}, "CNT", "CNT 42 count given as a separate element, read as CNT+42:1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := interchange("PAXLST", append(append([]string{}, leg...), tc.segs...)...)
			ms, err := edifact.ParseString(in)
			if err != nil {
				t.Fatal(err)
			}
			// segment numbers: UNA 1, UNB 2, UNH 3, then the message
			n, off := 0, 0
			for i, s := range append(append([]string{}, leg...), tc.segs...) {
				if strings.HasPrefix(s, tc.bad) {
					n = 4 + i
					off = strings.Index(in, "\n"+s+"'") + 1
				}
			}
			want := "segment " + strconv.Itoa(n) + " at byte " + strconv.Itoa(off) + ": " + tc.want
			if len(ms[0].Warnings) != 1 || ms[0].Warnings[0].String() != want {
				t.Errorf("got %v\nwant [%s]", ms[0].Warnings, want)
			}
		})
	}
}

// TestGeneratePAXLST: what WritePAXLST writes, Parse reads back whole.
func TestGeneratePAXLST(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	leg := edifact.RandomLeg(rng, time.Date(2024, 10, 1, 0, 0, 0, 0, time.UTC))
	travellers := edifact.RandomTravellers(rng, 300, leg.Departure.Time.Time())
	m := &meridian.Manifest{Kind: meridian.ManifestPAXLST, Reference: "R1", Interchange: "I1", Sender: "S", Recipient: "R",
		Prepared: "2024-10-01T00:00", Syntax: "UNOA:4", Version: "D05B", Parts: 1, ListType: "passengers",
		ReportingParty: &meridian.Party{Name: "OPS"}, Flights: []meridian.Leg{leg}, Travellers: travellers, DeclaredPassengers: 300}
	var b bytes.Buffer
	if err := edifact.WritePAXLST(&b, m); err != nil {
		t.Fatal(err)
	}
	ms, err := edifact.Parse(&b)
	if err != nil || len(ms) != 1 {
		t.Fatalf("%v %d", err, len(ms))
	}
	// the parser reads back the seats, bookings and bags as references
	for i := range m.Travellers {
		tr := &m.Travellers[i]
		tr.References = []meridian.Reference{{Qualifier: "AVF", Value: tr.BookingRef}, {Qualifier: "ABO", Value: tr.Ref}, {Qualifier: "SEA", Value: tr.Seats[0].Seat}}
	}
	if g, w := asJSON(ms[0]), asJSON(m); g != w {
		t.Errorf("round trip differs:\n%s", firstDiff(g, w))
	}
	again := edifact.GeneratePAXLST(rand.New(rand.NewPCG(1, 2)), 10, meridian.Leg{})
	if !bytes.Equal(again, edifact.GeneratePAXLST(rand.New(rand.NewPCG(1, 2)), 10, meridian.Leg{})) {
		t.Error("the same seed must give the same message")
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ": got " + al[i] + ", want " + bl[i]
		}
	}
	return "lengths differ"
}
