package rules_test

import (
	"fmt"
	"testing"

	"meridian"
)

// manifest300 is a PNRGOV push of 300 travellers in bookings of one to
// four, a few of them one-way, paid in cash, sharing a phone, or groups
// with minors: the work the default rules do on a full wide-body flight.
func manifest300() *meridian.Manifest {
	var bs []meridian.Booking
	n := 0
	for i := 0; n < 300; i++ {
		b := family()
		b.Locator = fmt.Sprintf("B%05d", i)
		size := 1 + i%4
		if n+size > 300 {
			size = 300 - n
		}
		b.Travellers = b.Travellers[:size]
		for j := range b.Travellers {
			b.Travellers[j].Family = fmt.Sprintf("FAMILY%d", i)
		}
		b.Contacts = []meridian.Contact{{Kind: meridian.IDPhone, Value: fmt.Sprintf("+35569%07d", i%97)}}
		if i%5 == 0 {
			oneWay(&b, "2024-09-30T10:00")
			b.Tickets[0].Payments = []meridian.Payment{{Type: "cash"}}
		}
		n += size
		bs = append(bs, b)
	}
	return pnrgov(bs...)
}

// BenchmarkScreen300 screens a 300-traveller manifest with the default
// rules: building every traveller's variables and evaluating every rule.
func BenchmarkScreen300(b *testing.B) {
	e := defaultEngine(b)
	m := manifest300()
	res := e.Screen(m)
	if res.Travellers != 300 || len(res.Warnings) > 0 || len(res.Hits) == 0 {
		b.Fatalf("travellers %d, hits %d, warnings %v", res.Travellers, len(res.Hits), res.Warnings)
	}
	b.ReportAllocs()
	for b.Loop() {
		e.Screen(m)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/300, "ns/traveller")
}

// BenchmarkScreen300PAXLST is the same flight as an API list: no
// bookings, so travellers group only by booking reference.
func BenchmarkScreen300PAXLST(b *testing.B) {
	e := defaultEngine(b)
	var ts []meridian.Traveller
	for _, bk := range manifest300().Bookings {
		for _, t := range bk.Travellers {
			t.BookingRef = bk.Locator
			ts = append(ts, t)
		}
	}
	m := paxlst(ts...)
	b.ReportAllocs()
	for b.Loop() {
		e.Screen(m)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/300, "ns/traveller")
}
