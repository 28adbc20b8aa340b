package edifact

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"meridian"
)

// maxMessage bounds the bytes of one message held in memory: the largest
// real PNRGOV pushes are a few megabytes.
const maxMessage = 64 << 20

// Interchange is the envelope of an interchange (UNB ... UNZ).
type Interchange struct {
	Syntax        string // syntax identifier: UNOA ... UNOY, IATA
	SyntaxVersion string
	Sender        string
	Recipient     string
	Prepared      meridian.LocalTime
	Control       string // interchange control reference
	Application   string // application reference, e.g. APIS, PNRGOV
	Delimiters    Delimiters
	Number        int   // segment number of the UNB
	Offset        int64 // input offset of the UNB
}

// Group is a functional group (UNG ... UNE) of an interchange.
type Group struct {
	Type      string // message type of the group
	Sender    string
	Recipient string
	Prepared  meridian.LocalTime
	Control   string
	Agency    string
	Version   string // version:release, e.g. D:05B or 11:1
	Number    int
	Offset    int64
}

// Message is one message (UNH ... UNT) with its envelope. It owns its
// segments, so it may be kept after the next one is read.
type Message struct {
	Interchange *Interchange
	Group       *Group // nil without UNG
	Ref         string // message reference number (UNH 0062)
	Type        string // PAXLST, PNRGOV ...
	Version     string // D, 11 ...
	Release     string // 02B, 1 ...
	Agency      string // UN, IA ...
	Assoc       string // association assigned code, e.g. IATA
	CommonRef   string // common access reference (UNH 0068)
	Sequence    int    // sequence of transfers (UNH 0070), 0 when absent
	Position    string // first and last transfer (UNH 0073): C first, F final
	Number      int    // segment number of the UNH
	Offset      int64  // input offset of the UNH
	// Segments are the segments between UNH and UNT.
	Segments []Segment
	// Warnings are the defects tolerated in this message and in the
	// envelope segments that followed it (UNE, UNZ, trailing junk).
	Warnings []meridian.Warning
}

// MessageReader reads the messages of one or more interchanges, checking
// their envelopes: a malformed envelope is an error naming the segment and
// its byte offset; wrong counts, mismatched references and junk after the
// last UNZ are warnings.
type MessageReader struct {
	r        *Reader
	pending  bool // r's current segment is read but not yet handled
	ic       *Interchange
	grp      *Group
	msg      *Message // open message
	ready    *Message // closed message, returned once the envelope after it is read
	arena    arena
	size     int
	nMsgs    int // messages in the open interchange
	nGrps    int
	nInGrp   int
	seen     bool // an interchange was seen
	done     bool
	unhSegs  int
	lastSegs int // segments of the last message, to size the next
	// early holds warnings about the interchange's start (its UNA), given
	// to its first message.
	early []meridian.Warning
}

// NewMessageReader returns a MessageReader of the interchanges in r.
func NewMessageReader(r io.Reader) *MessageReader {
	return &MessageReader{r: NewReader(r)}
}

func warnAt(s *Segment, format string, args ...any) meridian.Warning {
	return meridian.Warning{Segment: s.Number, Offset: s.Offset, Message: fmt.Sprintf(format, args...)}
}

func segErr(s *Segment, format string, args ...any) error {
	return errAt(s.Number, s.Offset, s.Tag, format, args...)
}

// Next returns the next message, or io.EOF after the last one.
func (m *MessageReader) Next() (*Message, error) {
	if m.done {
		return nil, io.EOF
	}
	for {
		var s *Segment
		if m.pending {
			s, m.pending = &m.r.seg, false
		} else {
			var err error
			s, err = m.r.Next()
			if err == io.EOF {
				return m.atEOF()
			}
			if err != nil {
				m.done = true
				return nil, err
			}
		}
		if m.ready != nil && (s.Tag == "UNH" || s.Tag == "UNB" || s.Tag == "UNG" || s.Tag == "UNA") {
			m.pending = true
			msg := m.ready
			m.ready = nil
			return msg, nil
		}
		if err := m.handle(s); err != nil {
			m.done = true
			return nil, err
		}
	}
}

func (m *MessageReader) atEOF() (*Message, error) {
	m.done = true
	switch {
	case m.msg != nil:
		return nil, errAt(m.msg.Number, m.msg.Offset, "UNH", "message %q has no UNT: the input ends inside it", m.msg.Ref)
	case m.ic != nil:
		return nil, errAt(m.r.Count()+1, m.r.Offset(), "", "interchange %q (UNB at segment %d) has no UNZ: the input ends inside it", m.ic.Control, m.ic.Number)
	case !m.seen:
		return nil, errAt(1, 0, "", "no interchange: the input holds no UNB")
	}
	if m.ready != nil {
		msg := m.ready
		m.ready = nil
		return msg, nil
	}
	return nil, io.EOF
}

// warn records an envelope warning with the message it follows, or the
// open one.
func (m *MessageReader) warn(w meridian.Warning) {
	switch {
	case m.msg != nil:
		m.msg.Warnings = append(m.msg.Warnings, w)
	case m.ready != nil:
		m.ready.Warnings = append(m.ready.Warnings, w)
	}
}

func (m *MessageReader) handle(s *Segment) error {
	switch s.Tag {
	case "UNA":
		if m.ic != nil || m.msg != nil {
			return segErr(s, "UNA inside interchange %q: a UNA may only begin an interchange", m.ic.Control)
		}
		if m.r.unaNote != "" {
			m.early = append(m.early, meridian.Warning{Segment: s.Number, Offset: s.Offset, Message: m.r.unaNote})
			m.r.unaNote = ""
		}
		return nil
	case "UNB":
		if m.ic != nil {
			return segErr(s, "UNB inside interchange %q (UNB at segment %d): the interchange has no UNZ", m.ic.Control, m.ic.Number)
		}
		return m.unb(s)
	}
	if m.ic == nil {
		if !m.seen {
			return segErr(s, "the input begins with %s, not UNA or UNB", s.Tag)
		}
		return segErr(s, "%s after UNZ, outside any interchange", s.Tag)
	}
	switch s.Tag {
	case "UNG":
		if m.msg != nil {
			return m.noUNT(s)
		}
		if m.grp != nil {
			return segErr(s, "UNG inside group %q (UNG at segment %d): the group has no UNE", m.grp.Control, m.grp.Number)
		}
		if m.nGrps == 0 && m.nMsgs > 0 {
			return segErr(s, "UNG after messages outside any group: an interchange holds groups or messages, not both")
		}
		m.grp = &Group{Type: s.Value(0, 0), Sender: s.Value(1, 0), Recipient: s.Value(2, 0),
			Prepared: envelopeTime(s.Value(3, 0), s.Value(3, 1)), Control: s.Value(4, 0),
			Agency: s.Value(5, 0), Version: joinNonEmpty(":", s.Value(6, 0), s.Value(6, 1)),
			Number: s.Number, Offset: s.Offset}
		m.nGrps++
		m.nInGrp = 0
	case "UNH":
		if m.msg != nil {
			return m.noUNT(s)
		}
		return m.unh(s)
	case "UNT":
		if m.msg == nil {
			return segErr(s, "UNT without a UNH before it")
		}
		m.unhSegs++
		if n, err := strconv.Atoi(s.Value(0, 0)); err != nil || n != m.unhSegs {
			m.warn(warnAt(s, "UNT counts %q segments, the message has %d", s.Value(0, 0), m.unhSegs))
		}
		if ref := s.Value(1, 0); ref != m.msg.Ref {
			m.warn(warnAt(s, "UNT reference %q differs from the UNH reference %q", ref, m.msg.Ref))
		}
		m.lastSegs = len(m.msg.Segments)
		m.ready, m.msg = m.msg, nil
	case "UNE":
		if m.msg != nil {
			return m.noUNT(s)
		}
		if m.grp == nil {
			return segErr(s, "UNE without a UNG before it")
		}
		if n, err := strconv.Atoi(s.Value(0, 0)); err != nil || n != m.nInGrp {
			m.warn(warnAt(s, "UNE counts %q messages, the group has %d", s.Value(0, 0), m.nInGrp))
		}
		if ref := s.Value(1, 0); ref != m.grp.Control {
			m.warn(warnAt(s, "UNE reference %q differs from the UNG reference %q", ref, m.grp.Control))
		}
		m.grp = nil
	case "UNZ":
		if m.msg != nil {
			return m.noUNT(s)
		}
		if m.grp != nil {
			return segErr(s, "UNZ inside group %q (UNG at segment %d): the group has no UNE", m.grp.Control, m.grp.Number)
		}
		want := m.nMsgs
		if m.nGrps > 0 {
			want = m.nGrps
		}
		if n, err := strconv.Atoi(s.Value(0, 0)); err != nil || n != want {
			what := "messages"
			if m.nGrps > 0 {
				what = "groups"
			}
			m.warn(warnAt(s, "UNZ counts %q %s, the interchange has %d", s.Value(0, 0), what, want))
		}
		if ref := s.Value(1, 0); ref != m.ic.Control {
			m.warn(warnAt(s, "UNZ reference %q differs from the UNB reference %q", ref, m.ic.Control))
		}
		if m.r.unterminated {
			m.warn(warnAt(s, "UNZ lacks its segment terminator %q at the end of the input: read as complete", m.r.d.Terminator))
		}
		m.ic = nil
		return m.afterUNZ()
	default:
		if m.msg == nil {
			return segErr(s, "%s outside a message: no UNH before it", s.Tag)
		}
		m.unhSegs++
		m.size += len(s.data) + 4*len(s.pos)
		if m.size > maxMessage {
			return errAt(m.msg.Number, m.msg.Offset, "UNH", "message %q is larger than %d MiB", m.msg.Ref, maxMessage>>20)
		}
		m.msg.Segments = append(m.msg.Segments, m.arena.clone(s))
	}
	return nil
}

// afterUNZ accepts another interchange or the end of the input after a
// UNZ, and reports anything else as junk, ignored.
func (m *MessageReader) afterUNZ() error {
	ok, err := m.r.AtInterchange()
	if err != nil || ok {
		return err
	}
	seg := m.r.Count() + 1
	off, n, err := m.r.Discard()
	if err != nil {
		return err
	}
	if n > 0 {
		m.warn(meridian.Warning{Segment: seg, Offset: off, Message: fmt.Sprintf("%d bytes after UNZ ignored: they do not begin an interchange", n)})
	}
	return nil
}

func (m *MessageReader) noUNT(s *Segment) error {
	return segErr(s, "%s inside message %q (UNH at segment %d): the message has no UNT", s.Tag, m.msg.Ref, m.msg.Number)
}

func (m *MessageReader) unb(s *Segment) error {
	if s.Value(0, 0) == "" {
		return segErr(s, "UNB without a syntax identifier")
	}
	m.ic = &Interchange{Syntax: s.Value(0, 0), SyntaxVersion: s.Value(0, 1),
		Sender: s.Value(1, 0), Recipient: s.Value(2, 0),
		Prepared: envelopeTime(s.Value(3, 0), s.Value(3, 1)), Control: s.Value(4, 0),
		Application: s.Value(6, 0), Delimiters: m.r.Delimiters(), Number: s.Number, Offset: s.Offset}
	m.seen = true
	m.grp = nil
	m.nMsgs, m.nGrps, m.nInGrp = 0, 0, 0
	return nil
}

func (m *MessageReader) unh(s *Segment) error {
	if m.nGrps > 0 && m.grp == nil {
		return segErr(s, "UNH outside a group in an interchange of groups (UNG ... UNE)")
	}
	ref, typ := s.Value(0, 0), s.Value(1, 0)
	if ref == "" {
		return segErr(s, "UNH without a message reference number")
	}
	if typ == "" {
		return segErr(s, "UNH %q without a message type", ref)
	}
	seq, _ := strconv.Atoi(s.Value(3, 0))
	m.msg = &Message{Interchange: m.ic, Group: m.grp, Ref: ref, Type: strings.ToUpper(typ),
		Version: s.Value(1, 1), Release: s.Value(1, 2), Agency: s.Value(1, 3), Assoc: s.Value(1, 4),
		CommonRef: s.Value(2, 0), Sequence: seq, Position: strings.ToUpper(s.Value(3, 1)),
		Number: s.Number, Offset: s.Offset}
	m.msg.Warnings, m.early = m.early, nil
	m.unhSegs = 1
	m.size = 0
	m.arena = arena{}
	m.msg.Segments = make([]Segment, 0, m.lastSegs)
	m.nMsgs++
	m.nInGrp++
	return nil
}

// envelopeTime reads the date and time of UNB and UNG: YYMMDD or CCYYMMDD
// and HHMM. Malformed values are dropped: they identify nothing.
func envelopeTime(date, tm string) meridian.LocalTime {
	var y, mo, d int
	switch len(date) {
	case 6:
		if !digits(date) {
			return ""
		}
		y, mo, d = 2000+atoi(date[:2]), atoi(date[2:4]), atoi(date[4:6])
		if y > 2069 {
			y -= 100
		}
	case 8:
		if !digits(date) {
			return ""
		}
		y, mo, d = atoi(date[:4]), atoi(date[4:6]), atoi(date[6:8])
	default:
		return ""
	}
	return localTime(y, mo, d, tm)
}

func joinNonEmpty(sep string, xs ...string) string {
	out := xs[:0:0]
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return strings.Join(out, sep)
}
