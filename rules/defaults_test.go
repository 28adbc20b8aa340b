package rules_test

import (
	"slices"
	"strings"
	"testing"

	"meridian"
	"meridian/rules"
)

const (
	ruleOneWay   = "One-way ticket at short notice, paid in cash or by a third party"
	ruleDocument = "Travel document issued shortly before travel"
	ruleNoBags   = "No checked bags on a one-way journey"
	ruleContact  = "Contact shared by unrelated bookings"
	ruleYoung    = "Young travellers of one nationality with one unrelated adult"
	ruleMinor    = "Minor travelling with an unrelated adult"
	ruleHub      = "Route through known transit hubs"
)

// TestOrdinaryFamily: the benign baseline every rule test departs from
// trips no default rule at all.
func TestOrdinaryFamily(t *testing.T) {
	e := defaultEngine(t)
	for name, m := range map[string]*meridian.Manifest{
		"PNRGOV": pnrgov(family()),
		"PAXLST": paxlst(family().Travellers...),
	} {
		t.Run(name, func(t *testing.T) {
			res := e.Screen(m)
			if res.Travellers != 4 || len(res.Hits) != 0 || len(res.Warnings) != 0 {
				t.Fatalf("travellers %d, hits %+v, warnings %v", res.Travellers, res.Hits, res.Warnings)
			}
		})
	}
}

// TestDefaultRules shows each default rule firing on a message built for
// it, on exactly the travellers it should, with a reason naming the
// values, and not firing on benign controls close to it.
func TestDefaultRules(t *testing.T) {
	e := defaultEngine(t)
	if got := len(e.Rules()); got != 7 {
		t.Fatalf("%d default rules", got)
	}
	tests := []struct {
		name    string
		rule    string
		m       func() *meridian.Manifest
		want    []int    // travellers hit; nil for a control
		reasons []string // each reason contains these
	}{
		{name: "OneWayCash", rule: ruleOneWay, m: func() *meridian.Manifest {
			b := family()
			b.Travellers = b.Travellers[:1]
			oneWay(&b, "2024-09-29T18:00")
			b.Tickets[0].Payments = []meridian.Payment{{Type: "cash", Code: "CA"}}
			return pnrgov(b)
		}, want: []int{0}, reasons: []string{"one-way ticket booked 1 day before departure, paid in cash"}},
		{name: "OneWayThirdParty", rule: ruleOneWay, m: func() *meridian.Manifest {
			b := family()
			b.Travellers = b.Travellers[1:2]
			oneWay(&b, "2024-09-30T08:00")
			b.Tickets[0].Payments[0].Payer = &meridian.Payer{Name: "KRASNIQI/ILIR"}
			return pnrgov(b)
		}, want: []int{0}, reasons: []string{"booked 0 days before departure, paid by KRASNIQI/ILIR, who is not travelling"}},
		{name: "OneWayOldPaymentLeftOut", rule: ruleOneWay, m: func() *meridian.Manifest {
			b := family()
			oneWay(&b, "2024-09-30T08:00")
			b.Tickets[0].Payments = []meridian.Payment{{Type: "cash", Old: true}, {Type: "credit_card"}}
			return pnrgov(b)
		}},
		{name: "OneWayBookedEarly", rule: ruleOneWay, m: func() *meridian.Manifest {
			b := family()
			oneWay(&b, "2024-09-20T08:00")
			b.Tickets[0].Payments = []meridian.Payment{{Type: "cash"}}
			return pnrgov(b)
		}},
		{name: "OneWayPaidByTraveller", rule: ruleOneWay, m: func() *meridian.Manifest {
			b := family()
			oneWay(&b, "2024-09-30T08:00")
			b.Tickets[0].Payments[0].Payer = &meridian.Payer{Name: "ARBEN BERISHA"}
			return pnrgov(b)
		}},
		{name: "OneWayPaidByRelative", rule: ruleOneWay, m: func() *meridian.Manifest {
			b := family()
			b.Travellers = b.Travellers[2:3] // the daughter alone, paid for by a grandparent
			oneWay(&b, "2024-09-30T08:00")
			b.Tickets[0].Payments[0].Payer = &meridian.Payer{Name: "BERISHA/SHPEND MR"}
			return pnrgov(b)
		}},
		{name: "ReturnTicketCash", rule: ruleOneWay, m: func() *meridian.Manifest {
			b := family()
			b.Created = "2024-09-30T08:00"
			b.Tickets[0].Payments = []meridian.Payment{{Type: "cash"}}
			return pnrgov(b)
		}},

		{name: "NewPassport", rule: ruleDocument, m: func() *meridian.Manifest {
			ts := family().Travellers
			ts[1].Documents[0].IssuedOn = "2024-09-19"
			return paxlst(ts...)
		}, want: []int{1}, reasons: []string{"passport P20001 issued by AL on 2024-09-19, 12 days before departure"}},
		{name: "PassportIssuedMonthsAgo", rule: ruleDocument, m: func() *meridian.Manifest {
			ts := family().Travellers
			ts[1].Documents[0].IssuedOn = "2024-06-19"
			return paxlst(ts...)
		}},
		{name: "NewVisaOldPassport", rule: ruleDocument, m: func() *meridian.Manifest {
			ts := family().Travellers
			ts[1].Documents = append([]meridian.TravelDoc{{Type: "visa", Code: "V", Number: "V1", IssuingState: "AL",
				IssuedOn: "2024-09-25"}}, ts[1].Documents...)
			return paxlst(ts...)
		}},
		{name: "NewDocumentCrew", rule: ruleDocument, m: func() *meridian.Manifest {
			ts := family().Travellers
			ts[1].Role, ts[1].Type = meridian.RoleCrew, "FM"
			ts[1].Documents[0].IssuedOn = "2024-09-19"
			return paxlst(ts...)
		}},

		{name: "NoBagsOneWay", rule: ruleNoBags, m: func() *meridian.Manifest {
			b := family()
			oneWay(&b, "2024-08-15T09:12")
			b.Travellers[2].Baggage = &meridian.Baggage{Count: 0}
			return pnrgov(b)
		}, want: []int{2}, reasons: []string{"one-way journey from ADD with no checked bags"}},
		{name: "NoBagsReturnTrip", rule: ruleNoBags, m: func() *meridian.Manifest {
			b := family()
			b.Travellers[2].Baggage = &meridian.Baggage{Count: 0}
			return pnrgov(b)
		}},
		{name: "BagsPooled", rule: ruleNoBags, m: func() *meridian.Manifest {
			b := family()
			oneWay(&b, "2024-08-15T09:12")
			b.Travellers[2].Baggage = &meridian.Baggage{Count: 0, Pooled: true}
			return pnrgov(b)
		}},
		{name: "BagsUnknown", rule: ruleNoBags, m: func() *meridian.Manifest {
			b := family()
			oneWay(&b, "2024-08-15T09:12")
			b.Travellers[2].Baggage = nil
			return pnrgov(b)
		}},

		{name: "SharedPhone", rule: ruleContact, m: func() *meridian.Manifest {
			a, b, c := family(), solo("SOL001", "HOXHA", "MIRA", "+355 69 123 4567"), solo("SOL002", "KOCI", "ANA", "0691234567")
			return pnrgov(a, b, c)
		}, want: []int{0, 1, 2, 3, 4, 5}, reasons: []string{"shared with 2 unrelated bookings", "shared with 2 unrelated bookings",
			"shared with 2 unrelated bookings", "shared with 2 unrelated bookings", "+355 69 123 4567 shared with 2", "0691234567 shared with 2"}},
		{name: "SharedEmailPAXLST", rule: ruleContact, m: func() *meridian.Manifest {
			x := pax("1", "HOXHA", "MIRA", "2001-01-01", "F", "AL")
			y := pax("2", "KOCI", "ANA", "2002-02-02", "F", "AL")
			x.Contacts = []meridian.Contact{{Kind: meridian.IDEmail, Value: "Jobs.Abroad@example.com"}}
			y.Contacts = []meridian.Contact{{Kind: meridian.IDEmail, Value: "jobs.abroad@example.com"}}
			return paxlst(x, y)
		}, want: []int{0, 1}, reasons: []string{"jobs.abroad@example.com shared with 1 unrelated booking on this flight"}},
		{name: "SharedByOneFamily", rule: ruleContact, m: func() *meridian.Manifest {
			a, b := family(), solo("SOL001", "BERISHA", "SHPEND", "+355691234567")
			return pnrgov(a, b)
		}},
		{name: "SharedAgencyPhone", rule: ruleContact, m: func() *meridian.Manifest {
			a, b := family(), solo("SOL001", "HOXHA", "MIRA", "+496912345678")
			b.Agency = a.Agency
			a.Contacts = append(a.Contacts, meridian.Contact{Kind: meridian.IDPhone, Value: "+49 69 12345678"})
			b.Contacts = append(b.Contacts, meridian.Contact{Kind: meridian.IDPhone, Use: "agency", Value: "+49 69 555 0000"})
			return pnrgov(a, b)
		}},

		{name: "YoungGroup", rule: ruleYoung, m: func() *meridian.Manifest {
			return pnrgov(youngGroup())
		}, want: []int{0, 1, 2, 3, 4}, reasons: []string{"4 travellers aged 18 to 22, all MD, travel with VIKTOR DRAGAN, 41, who shares no family name with them"}},
		{name: "YoungGroupMixedNationalities", rule: ruleYoung, m: func() *meridian.Manifest {
			b := youngGroup()
			b.Travellers[1].Nationality = "UA"
			return pnrgov(b)
		}},
		{name: "YoungGroupWithTwoAdults", rule: ruleYoung, m: func() *meridian.Manifest {
			b := youngGroup()
			b.Travellers = append(b.Travellers, pax("6", "POPA", "ION", "1975-01-01", "M", "MD"))
			return pnrgov(b)
		}},
		{name: "FamilyWithTeenagers", rule: ruleYoung, m: func() *meridian.Manifest {
			b := family()
			b.Travellers[2].BirthDate, b.Travellers[3].BirthDate = "2006-05-05", "2008-01-20"
			b.Travellers[1].BirthDate = "2000-01-01" // an elder sister instead of the mother
			return pnrgov(b)
		}},

		{name: "MinorWithUnrelatedAdult", rule: ruleMinor, m: func() *meridian.Manifest {
			b := family()
			b.Travellers = []meridian.Traveller{pax("1", "DEMIRI", "FATMIR", "1979-03-02", "M", "AL"),
				pax("2", "HOXHA", "ENA", "2011-08-14", "F", "AL")}
			return pnrgov(b)
		}, want: []int{0, 1}, reasons: []string{"ENA HOXHA (13) travels with FATMIR DEMIRI, who shares no family name with the minor"}},
		{name: "MinorPAXLSTByBookingRef", rule: ruleMinor, m: func() *meridian.Manifest {
			x := pax("1", "DEMIRI", "FATMIR", "1979-03-02", "M", "AL")
			y := pax("2", "HOXHA", "ENA", "2011-08-14", "F", "AL")
			z := pax("3", "HOXHA", "ARTA", "1990-01-01", "F", "AL") // another booking, alone
			x.BookingRef, y.BookingRef, z.BookingRef = "XYZ123", "XYZ123", "OTHER1"
			return paxlst(x, y, z)
		}, want: []int{0, 1}},
		{name: "MinorByTypeAgeUnknown", rule: ruleMinor, m: func() *meridian.Manifest {
			b := family()
			c := pax("2", "HOXHA", "ENA", "", "F", "AL")
			c.Type = "CHD"
			b.Travellers = []meridian.Traveller{pax("1", "DEMIRI", "FATMIR", "1979-03-02", "M", "AL"), c}
			return pnrgov(b)
		}, want: []int{0, 1}, reasons: []string{"ENA HOXHA travels with FATMIR DEMIRI"}},
		{name: "MotherWithOtherFamilyName", rule: ruleMinor, m: func() *meridian.Manifest {
			b := family()
			b.Travellers[1].Family = "GASHI" // the mother kept her name; the father travels too
			return pnrgov(b)
		}},
		{name: "CompoundFamilyName", rule: ruleMinor, m: func() *meridian.Manifest {
			b := family()
			b.Travellers = []meridian.Traveller{pax("1", "GARCÍA PÉREZ", "JUAN", "1980-01-01", "M", "ES"),
				pax("2", "GARCIA LOPEZ", "LUCIA", "2014-01-01", "F", "ES")}
			return pnrgov(b)
		}},
		{name: "UnaccompaniedMinor", rule: ruleMinor, m: func() *meridian.Manifest {
			b := family()
			b.Travellers = b.Travellers[2:3]
			return pnrgov(b)
		}},

		{name: "HubOneWay", rule: ruleHub, m: func() *meridian.Manifest {
			b := family()
			oneWay(&b, "2024-08-15T09:12")
			return pnrgov(b)
		}, want: []int{0, 1, 2, 3}, reasons: []string{"one-way journey from ADD through IST to TIA"}},
		{name: "HubPAXLSTLegs", rule: ruleHub, m: func() *meridian.Manifest {
			m := paxlst(family().Travellers...)
			m.Flights = []meridian.Leg{{Carrier: "ET", Number: "704", Departure: meridian.Stop{Airport: "ADD", Country: "ET"},
				Arrival: meridian.Stop{Airport: "IST"}}, monitored}
			m.Travellers = m.Travellers[:1]
			return m
		}, want: []int{0}, reasons: []string{"journey from ADD through IST to TIA (from ET)"}},
		{name: "HubRoundTrip", rule: ruleHub, m: func() *meridian.Manifest {
			return pnrgov(family())
		}},
		{name: "DirectOneWay", rule: ruleHub, m: func() *meridian.Manifest {
			b := family()
			oneWay(&b, "2024-08-15T09:12")
			b.Itinerary = b.Itinerary[1:]
			return pnrgov(b)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.Screen(tt.m())
			if len(res.Warnings) > 0 {
				t.Fatalf("warnings: %v", res.Warnings)
			}
			got, reasons := hitsOf(res, tt.rule)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("%q hit travellers %v, want %v (reasons %q)", tt.rule, got, tt.want, reasons)
			}
			for i, want := range tt.reasons {
				if !strings.Contains(reasons[i], want) {
					t.Errorf("reason %d %q, want it to contain %q", i, reasons[i], want)
				}
			}
		})
	}
}

// solo is a one-traveller return booking with its own phone.
func solo(locator, family, given, phone string) meridian.Booking {
	b := meridian.Booking{Locator: locator, Carrier: "TK", Created: "2024-08-01T10:00",
		Travellers: []meridian.Traveller{pax("1", family, given, "1995-04-04", "F", "AL")},
		Itinerary:  []meridian.BookedFlight{{Leg: monitored}, leg("TK", "1884", "TIA", "IST", "2024-10-10T12:30")},
		Tickets:    []meridian.Ticket{{Number: "2352400000099", Payments: []meridian.Payment{{Type: "credit_card"}}}},
		Contacts:   []meridian.Contact{{Kind: meridian.IDPhone, Value: phone}}}
	return b
}

// youngGroup is four women of 18 to 22 from Moldova booked with a man of
// 41 of another family name.
func youngGroup() meridian.Booking {
	b := family()
	b.Locator = "GRP001"
	b.Travellers = []meridian.Traveller{
		pax("1", "RUSU", "ELENA", "2005-02-11", "F", "MD"),
		pax("2", "CEBAN", "ANA", "2003-06-30", "F", "MD"),
		pax("3", "LUNGU", "MARIA", "2002-09-01", "F", "MD"),
		pax("4", "RUSU", "IRINA", "2006-03-03", "F", "MD"),
		pax("5", "DRAGAN", "VIKTOR", "1983-05-05", "M", "MD"),
	}
	return b
}

// TestReasonFallsBack: a reason that fails leaves the hit with the rule's
// name and a warning.
func TestReasonFallsBack(t *testing.T) {
	e, skipped := rules.Compile([]*meridian.Rule{{ID: "r1", Version: 2, Name: "Any passenger", Severity: 1,
		Expression: `traveller.role == "passenger"`, Reason: `traveller.documents[3].number`}})
	if len(skipped) > 0 {
		t.Fatal(skipped)
	}
	res := e.Screen(pnrgov(family()))
	if len(res.Hits) != 4 || res.Hits[0].Reason != "Any passenger" || res.Hits[0].Version != 2 || res.Hits[0].Severity != 1 {
		t.Fatalf("hits %+v", res.Hits)
	}
	if len(res.Warnings) != 4 || !strings.Contains(res.Warnings[0].Message, "reason") {
		t.Fatalf("warnings %v", res.Warnings)
	}
}
