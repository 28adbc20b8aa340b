package edifact

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"meridian"
)

// WritePNRGOV writes m as one PNRGOV interchange (version 13.1, default
// delimiters): the pushed flight (m.Flights[0]), then one group per
// booking with its record locator and creation time, its travellers with
// their SSR DOCS, one ticket per traveller with its form of payment (and
// the payer, when given), and the booking's itinerary. It is what the
// simulator sends beside a PAXLST; Parse reads back what it wrote.
func WritePNRGOV(w io.Writer, m *meridian.Manifest) error {
	if len(m.Flights) == 0 {
		return fmt.Errorf("edifact: a PNRGOV push names its flight")
	}
	bw := bufio.NewWriter(w)
	e := &encoder{w: bw}
	ref := orDefault(m.Reference, "1")
	ctl := orDefault(m.Interchange, ref)
	prep := m.Prepared.Time()
	if prep.IsZero() {
		prep = time.Date(2024, 9, 29, 12, 0, 0, 0, time.UTC)
	}
	fl := m.Flights[0]
	bw.WriteString("UNA:+.? '")
	e.seg("UNB", []string{"IATA", "1"}, []string{orDefault(m.Sender, fl.Carrier)}, []string{orDefault(m.Recipient, "PNRGOV")},
		[]string{prep.Format("060102"), prep.Format("1504")}, []string{ctl})
	e.count = 0
	e.seg("UNH", []string{ref}, []string{"PNRGOV", "13", "1", "IA"}, []string{fl.Carrier + fl.Number})
	e.seg("MSG", []string{"", "22"})
	e.seg("ORG", []string{fl.Carrier, fl.Departure.Airport})
	pnrTVL(e, fl)
	e.seg("EQN", []string{fmt.Sprint(len(m.Bookings))})
	for i := range m.Bookings {
		b := &m.Bookings[i]
		e.seg("SRC")
		rci := []string{orDefault(b.Carrier, fl.Carrier), b.Locator}
		if t := b.Created.Time(); !t.IsZero() {
			rci = append(rci, "", t.Format("020106"), t.Format("1504"))
		}
		e.seg("RCI", rci)
		for j := range b.Travellers {
			t := &b.Travellers[j]
			tref := orDefault(t.Ref, fmt.Sprint(j+1))
			e.seg("TIF", []string{t.Family}, []string{t.Given, orDefault(t.Type, "A"), tref})
			for _, d := range t.Documents {
				docs := []string{"", orDefault(d.Code, docCode(d.Type)), alpha3(d.IssuingState), d.Number, alpha3(t.Nationality),
					airimp(t.BirthDate), string(t.Sex), airimp(d.ExpiresOn), t.Family, t.Given}
				e.seg("SSR", []string{"DOCS", "HK", "", fl.Carrier, "", "", "", "", strings.Join(docs, "/")})
			}
			for _, c := range t.Contacts {
				if c.Kind == meridian.IDPhone {
					e.seg("SSR", []string{"CTCM", "HK", "", fl.Carrier, "", "", "", "", c.Value}, []string{"", "", tref})
				}
			}
			if tk := ticketOf(b, tref); tk != nil {
				e.seg("TKT", []string{orDefault(tk.Number, fmt.Sprintf("%s%010d", "157", i*10+j)), "T", "1"})
				if tk.Total != nil {
					e.seg("MON", []string{"T", fmt.Sprintf("%.2f", tk.Total.Value), tk.Total.Currency})
				}
				for _, p := range tk.Payments {
					amount := ""
					if p.Amount != nil {
						amount = fmt.Sprintf("%.2f", p.Amount.Value)
					}
					e.seg("FOP", []string{orDefault(p.Code, "CA"), "", amount})
					if p.Payer != nil {
						e.seg("IFT", []string{"4", "43"}, []string{p.Payer.Name}, opt(p.Payer.Text), opt(p.Payer.Phone))
					}
				}
			}
		}
		for _, f := range b.Itinerary {
			pnrTVL(e, f.Leg)
		}
	}
	e.seg("UNT", []string{fmt.Sprint(e.count + 1)}, []string{ref})
	e.seg("UNZ", []string{"1"}, []string{ctl})
	if e.err != nil {
		return e.err
	}
	return bw.Flush()
}

// pnrTVL writes a flight leg: TVL+DDMMYY:HHMM:DDMMYY:HHMM+FROM+TO+CARRIER+NUMBER.
func pnrTVL(e *encoder, l meridian.Leg) {
	var when []string
	if d := l.Departure.Time.Time(); !d.IsZero() {
		when = []string{d.Format("020106"), d.Format("1504")}
		if a := l.Arrival.Time.Time(); !a.IsZero() {
			when = append(when, a.Format("020106"), a.Format("1504"))
		}
	}
	e.seg("TVL", when, []string{l.Departure.Airport}, []string{l.Arrival.Airport}, []string{l.Carrier}, []string{l.Number})
}

// ticketOf is the ticket of a booking's traveller (by reference).
func ticketOf(b *meridian.Booking, ref string) *meridian.Ticket {
	for i := range b.Tickets {
		if b.Tickets[i].Traveller == ref {
			return &b.Tickets[i]
		}
	}
	return nil
}

// airimp writes a date as AIRIMP does: 02JAN06; "" for none or partial.
func airimp(d meridian.Date) string {
	if d == "" || d.Partial() {
		return ""
	}
	return strings.ToUpper(d.Time().Format("02Jan06"))
}
