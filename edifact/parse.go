package edifact

import (
	"cmp"
	"io"
	"slices"
	"strings"

	"meridian"
)

// Decoder reads the passenger messages of a stream of interchanges, one
// manifest at a time. The parts of a message split over several UNH...UNT
// (same common access reference, sequence 1, 2, ... up to the part marked
// F) are joined into one manifest.
type Decoder struct {
	mr   *MessageReader
	next *Message
	err  error
}

// NewDecoder returns a Decoder of the interchanges in r.
func NewDecoder(r io.Reader) *Decoder { return &Decoder{mr: NewMessageReader(r)} }

func (d *Decoder) read() (*Message, error) {
	if d.next != nil {
		m := d.next
		d.next = nil
		return m, nil
	}
	if d.err != nil {
		return nil, d.err
	}
	m, err := d.mr.Next()
	if err != nil {
		d.err = err
	}
	return m, err
}

// Next returns the next manifest, or io.EOF after the last. An error is a
// *meridian.Error of kind EInvalid naming the segment and byte offset.
func (d *Decoder) Next() (*meridian.Manifest, error) {
	msg, err := d.read()
	if err != nil {
		return nil, err
	}
	parts := []*Message{msg}
	if msg.CommonRef != "" && msg.Sequence > 0 && msg.Position != "F" {
		for {
			nx, err := d.read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, err
			}
			last := parts[len(parts)-1]
			if nx.Type != msg.Type || nx.CommonRef != msg.CommonRef || nx.Sequence != last.Sequence+1 {
				d.next = nx
				break
			}
			parts = append(parts, nx)
			if nx.Position == "F" {
				break
			}
		}
	}
	return decode(parts)
}

// decode parses the parts of one message and joins them.
func decode(parts []*Message) (*meridian.Manifest, error) {
	var out *meridian.Manifest
	for _, msg := range parts {
		var m *meridian.Manifest
		switch msg.Type {
		case "PAXLST":
			m = parsePAXLST(msg)
		case "PNRGOV":
			m = parsePNRGOV(msg)
		default:
			return nil, errAt(msg.Number, msg.Offset, "UNH", "message %q is of type %s, not PAXLST or PNRGOV", msg.Ref, msg.Type)
		}
		if out == nil {
			out = m
			continue
		}
		out.Parts++
		out.Travellers = append(out.Travellers, m.Travellers...)
		out.Bookings = append(out.Bookings, m.Bookings...)
		out.DeclaredPassengers += m.DeclaredPassengers
		out.DeclaredCrew += m.DeclaredCrew
		out.DeclaredBookings += m.DeclaredBookings
		for _, f := range m.Flights {
			if !hasLeg(out.Flights, f) {
				out.Flights = append(out.Flights, f)
			}
		}
		out.Warnings = append(out.Warnings, m.Warnings...)
	}
	slices.SortStableFunc(out.Warnings, func(a, b meridian.Warning) int { return cmp.Compare(a.Offset, b.Offset) })
	return out, nil
}

func hasLeg(ls []meridian.Leg, l meridian.Leg) bool {
	for _, x := range ls {
		if x.Designator() == l.Designator() && x.Departure.Airport == l.Departure.Airport && x.Arrival.Airport == l.Arrival.Airport {
			return true
		}
	}
	return false
}

// Parse reads every passenger message of the interchanges in r: all of
// them, or, when any envelope is malformed, none and the error.
func Parse(r io.Reader) ([]*meridian.Manifest, error) {
	d := NewDecoder(r)
	var out []*meridian.Manifest
	for {
		m, err := d.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
}

// ParseString is Parse of a string, for tests and small messages.
func ParseString(s string) ([]*meridian.Manifest, error) { return Parse(strings.NewReader(s)) }
