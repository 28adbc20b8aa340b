package edifact

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"meridian"
)

// Delimiters are the service characters of an interchange (ISO 9735): the
// UNA gives them, or the defaults hold when there is no UNA.
type Delimiters struct {
	Component  byte // separates the components of a composite element
	Element    byte // separates the data elements of a segment
	Decimal    byte // decimal mark, advisory
	Release    byte // makes the next character literal; 0 when there is none
	Repetition byte // repetition separator (syntax 4); ' ' when unused
	Terminator byte // ends a segment
}

// DefaultDelimiters hold when an interchange has no UNA.
var DefaultDelimiters = Delimiters{Component: ':', Element: '+', Decimal: '.', Release: '?', Repetition: ' ', Terminator: '\''}

const (
	// maxSegment bounds one segment: no real segment comes near it, and a
	// missing terminator must not make the reader buffer the whole input.
	maxSegment = 1 << 20
	readSize   = 64 << 10
)

// byte classes of the tokenizer
const (
	cData = iota
	cComponent
	cElement
	cRelease
	cDrop // CR and LF inside a segment: line wrapping, not data
)

// Reader reads the segments of UN/EDIFACT interchanges from a stream,
// holding one segment at a time, so that an interchange of any size is read
// in constant memory. It applies the UNA (any delimiters, any release
// character) and drops line breaks and indentation between segments and
// line breaks inside them, which transmission systems insert freely.
type Reader struct {
	src   io.Reader
	buf   []byte
	r, w  int   // buf[r:w] is unread
	base  int64 // input offset of buf[0]
	eof   bool
	d     Delimiters
	class [256]uint8
	n     int  // segments returned
	fresh bool // at the start of an interchange: a UNA may come
	// unaNote says how a defective UNA was read, for the message reader
	// to report as a warning; "" when the UNA was sound.
	unaNote string
	// unterminated says the segment last returned was a UNZ that ended
	// the input without its terminator, for the message reader to report.
	unterminated bool
	seg          Segment
	cs           *charset
	es           []int32 // scratch: element starts of the segment being split
	unesc        []byte  // the unescaped data of a segment with releases
}

// NewReader returns a Reader of the interchanges in r.
func NewReader(r io.Reader) *Reader {
	rd := &Reader{src: r, buf: make([]byte, 0, readSize), fresh: true, cs: charsetFor("")}
	rd.setDelimiters(DefaultDelimiters)
	return rd
}

// Delimiters returns the service characters in force.
func (r *Reader) Delimiters() Delimiters { return r.d }

// Offset returns the input offset of the next unread byte.
func (r *Reader) Offset() int64 { return r.base + int64(r.r) }

// Count returns the number of segments read so far.
func (r *Reader) Count() int { return r.n }

func (r *Reader) setDelimiters(d Delimiters) {
	r.d = d
	r.class = [256]uint8{}
	r.class[d.Component] = cComponent
	r.class[d.Element] = cElement
	if d.Release != 0 {
		r.class[d.Release] = cRelease
	}
	r.class['\r'] = cDrop
	r.class['\n'] = cDrop
}

// fill reads more input into the buffer, moving the unread bytes to its
// start and growing it when a segment does not fit.
func (r *Reader) fill() error {
	if r.eof {
		return io.EOF
	}
	if r.r > 0 {
		n := copy(r.buf[:cap(r.buf)], r.buf[r.r:r.w])
		r.base += int64(r.r)
		r.w = n
		r.r = 0
		r.buf = r.buf[:n]
	}
	if r.w == cap(r.buf) {
		nb := make([]byte, r.w, 2*cap(r.buf))
		copy(nb, r.buf[:r.w])
		r.buf = nb
	}
	for {
		n, err := r.src.Read(r.buf[r.w:cap(r.buf)])
		r.w += n
		r.buf = r.buf[:r.w]
		if err == io.EOF {
			r.eof = true
			if n == 0 {
				return io.EOF
			}
			return nil
		}
		if err != nil {
			return meridian.Internal("edifact.read", err)
		}
		if n > 0 {
			return nil
		}
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\r' || b == '\t' }

// skipSpace skips line breaks and indentation before a segment; it returns
// false at the end of the input.
func (r *Reader) skipSpace() (bool, error) {
	for {
		for r.r < r.w && isSpace(r.buf[r.r]) && r.buf[r.r] != r.d.Terminator {
			r.r++
		}
		if r.r < r.w {
			return true, nil
		}
		if err := r.fill(); err == io.EOF {
			return false, nil
		} else if err != nil {
			return false, err
		}
	}
}

// Next returns the next segment, or io.EOF at the end of the input. The
// segment is valid until the following call; Clone keeps one longer.
func (r *Reader) Next() (*Segment, error) {
	r.unterminated = false
	ok, err := r.skipSpace()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, io.EOF
	}
	start := r.base + int64(r.r)
	if r.fresh {
		r.fresh = false
		for r.w-r.r < 3 && !r.eof {
			if err := r.fill(); err != nil && err != io.EOF {
				return nil, err
			}
		}
		if r.n == 0 && bytes.HasPrefix(r.buf[r.r:r.w], []byte("\xEF\xBB\xBF")) {
			// a byte order mark from an editor: an encoding marker, not data
			r.r += 3
			r.fresh = true
			return r.Next()
		}
		if bytes.HasPrefix(r.buf[r.r:r.w], []byte("UNA")) {
			return r.una(start)
		}
		if r.n > 0 {
			// a further interchange without UNA uses the defaults
			r.setDelimiters(DefaultDelimiters)
		}
	}
	// Find the terminator that no release character escapes.
	from := r.r
	end := -1
	for end < 0 {
		i := bytes.IndexByte(r.buf[from:r.w], r.d.Terminator)
		if i < 0 {
			if r.w-r.r > maxSegment {
				return nil, r.errAt(r.n+1, start, r.peekTag(), "no segment terminator %q within %d bytes", r.d.Terminator, maxSegment)
			}
			from = r.w - r.r
			if err := r.fill(); err == io.EOF {
				if e := r.lastUNZ(); e >= 0 {
					// Senders often end the input with a UNZ and no
					// terminator: the interchange is whole, read it.
					end = e
					r.unterminated = true
					break
				}
				return nil, r.errAt(r.n+1, start, r.peekTag(), "truncated segment: the input ends before its terminator %q", r.d.Terminator)
			} else if err != nil {
				return nil, err
			}
			from += r.r
			continue
		}
		j := from + i
		k := j
		for k > r.r && r.d.Release != 0 && r.buf[k-1] == r.d.Release {
			k--
		}
		if (j-k)%2 == 1 {
			from = j + 1
			continue
		}
		end = j
	}
	r.n++
	if err := r.tokenize(r.buf[r.r:end], start); err != nil {
		return nil, err
	}
	r.r = min(end+1, r.w)
	if r.seg.Tag == "UNZ" {
		r.fresh = true
	}
	return &r.seg, nil
}

// lastUNZ returns the end of the unread input, trailing blanks excluded,
// when all of it is one UNZ segment without its terminator (the input
// having ended), else -1.
func (r *Reader) lastUNZ() int {
	b := bytes.TrimRight(r.buf[r.r:r.w], " \t\r\n")
	if !bytes.HasPrefix(b, []byte("UNZ")) || (len(b) > 3 && b[3] != r.d.Element) {
		return -1
	}
	if r.d.Release != 0 && len(b) > 0 && b[len(b)-1] == r.d.Release {
		return -1
	}
	return r.r + len(b)
}

// AtInterchange reports whether the unread input, after blanks, begins a
// new interchange (UNA or UNB); at the end of the input it returns false.
func (r *Reader) AtInterchange() (bool, error) {
	ok, err := r.skipSpace()
	if !ok || err != nil {
		return false, err
	}
	for r.w-r.r < 3 && !r.eof {
		if err := r.fill(); err != nil && err != io.EOF {
			return false, err
		}
	}
	b := r.buf[r.r:r.w]
	return bytes.HasPrefix(b, []byte("UNA")) || bytes.HasPrefix(b, []byte("UNB")), nil
}

// Discard skips the rest of the input, returning the offset where it began
// and how many bytes it held, for reporting junk after the last UNZ.
func (r *Reader) Discard() (off, n int64, err error) {
	if _, err := r.skipSpace(); err != nil {
		return 0, 0, err
	}
	off = r.Offset()
	for {
		n += int64(r.w - r.r)
		r.r = r.w
		if err := r.fill(); err == io.EOF {
			return off, n, nil
		} else if err != nil {
			return off, n, err
		}
	}
}

// peekTag returns the first bytes of the unread input, for error messages.
func (r *Reader) peekTag() string {
	b := r.buf[r.r:r.w]
	if len(b) > 3 {
		b = b[:3]
	}
	return string(b)
}

// una reads the service string advice: "UNA" and exactly six characters.
func (r *Reader) una(start int64) (*Segment, error) {
	for r.w-r.r < 9 && !r.eof {
		if err := r.fill(); err != nil && err != io.EOF {
			return nil, err
		}
	}
	r.n++
	// A typographic apostrophe for the terminator is an editor's doing
	// (the segments end with a plain one): read it as the apostrophe it
	// stands for, and say so, rather than lose the flight.
	for _, q := range []string{"\u2019", "\u2018", "\u02BC"} {
		for r.w-r.r < 8+len(q) && !r.eof {
			if err := r.fill(); err != nil && err != io.EOF {
				return nil, err
			}
		}
		if b := r.buf[r.r:r.w]; len(b) >= 8+len(q) && string(b[8:8+len(q)]) == q && checkUNA(append(b[:8:8], '\'')) == "" {
			d := Delimiters{Component: b[3], Element: b[4], Decimal: b[5], Release: b[6], Repetition: b[7], Terminator: '\''}
			if d.Release == ' ' {
				d.Release = 0
			}
			r.setDelimiters(d)
			r.r += 8 + len(q)
			r.unaNote = fmt.Sprintf("the service string advice gives %U as segment terminator; read as the apostrophe (')", []rune(q)[0])
			r.seg.reset("UNA", r.n, start, r.cs)
			return &r.seg, nil
		}
	}
	b := r.buf[r.r:r.w]
	if len(b) > 9 {
		b = b[:9]
	}
	if err := checkUNA(b); err != "" {
		return nil, r.errAt(r.n, start, "UNA", "malformed service string advice %q: %s", b, err)
	}
	d := Delimiters{Component: b[3], Element: b[4], Decimal: b[5], Release: b[6], Repetition: b[7], Terminator: b[8]}
	if d.Release == ' ' {
		d.Release = 0
	}
	r.setDelimiters(d)
	r.r += 9
	r.seg.reset("UNA", r.n, start, r.cs)
	return &r.seg, nil
}

var unaNames = [6]string{"component separator", "element separator", "decimal mark", "release character", "repetition separator", "segment terminator"}

// checkUNA returns what is wrong with a UNA, or "".
func checkUNA(b []byte) string {
	if len(b) < 9 {
		return fmt.Sprintf("the input ends after %d of its 6 service characters", len(b)-3)
	}
	for i, c := range b[3:9] {
		name := fmt.Sprintf("service character %d (%s)", i+1, unaNames[i])
		switch {
		case c >= 0x80:
			return fmt.Sprintf("%s is not a single ASCII character (byte 0x%02X); UNA takes one byte each", name, c)
		case c == '\r' || c == '\n':
			return fmt.Sprintf("%s is a line break: the advice has fewer than 6 characters", name)
		case c == ' ' && (i == 4 || i == 3):
			// unused repetition separator or release character
		case c < 0x20 || c == 0x7f || c == ' ':
			return fmt.Sprintf("%s is a blank or control character (0x%02X)", name, c)
		case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			return fmt.Sprintf("%s is the letter or digit %q: the advice has fewer than 6 characters", name, c)
		}
	}
	if c := b[5]; c != '.' && c != ',' {
		return fmt.Sprintf("service character 3 (decimal mark) is %q, not . or ,", c)
	}
	seps := []int{3, 4, 6, 7, 8}
	for i, x := range seps {
		for _, y := range seps[i+1:] {
			if b[x] == b[y] && b[x] != ' ' {
				return fmt.Sprintf("%s and %s are both %q", unaNames[x-3], unaNames[y-3], b[x])
			}
		}
	}
	return ""
}

// tokenize splits one segment (without its terminator) into the reused
// Segment: the tag, then elements and components. Components point into
// the reader's buffer; a segment with release characters or line breaks
// is unescaped into a buffer of its own first.
func (r *Reader) tokenize(b []byte, start int64) error {
	i := bytes.IndexByte(b, r.d.Element)
	rawTag := b
	if i >= 0 {
		rawTag = b[:i]
	}
	tag, ok := cleanTag(rawTag)
	if !ok {
		shown := rawTag
		if len(shown) > 20 {
			shown = shown[:20]
		}
		return r.errAt(r.n, start, "", "malformed segment tag %q: a tag is three letters or digits followed by %q or %q", shown, r.d.Element, r.d.Terminator)
	}
	s := &r.seg
	s.reset(tag, r.n, start, r.cs)
	if i >= 0 {
		if !r.split(b, i+1) {
			r.unescape(b[i+1:])
		}
	}
	if tag == "UNB" {
		r.cs = charsetFor(s.Value(0, 0))
		s.cs = r.cs
	}
	return nil
}

// split records the components of b[from:] in place; false when a release
// character or a line break needs the slow path.
func (r *Reader) split(b []byte, from int) bool {
	s := &r.seg
	pos, es := s.pos[:0], r.es[:0]
	es = append(es, 0)
	class := &r.class
	cs, j := from, from
	for {
		for j < len(b) && class[b[j]] == cData {
			j++
		}
		if j == len(b) {
			break
		}
		switch class[b[j]] {
		case cComponent:
			pos = append(pos, int32(cs), int32(j))
		case cElement:
			pos = append(pos, int32(cs), int32(j))
			es = append(es, int32(len(pos)/2))
		default:
			return false
		}
		j++
		cs = j
	}
	pos = append(pos, int32(cs), int32(len(b)))
	es = append(es, int32(len(pos)/2))
	s.nc = int32(len(pos) / 2)
	s.pos = append(pos, es...)
	s.data = b
	r.es = es
	return true
}

// unescape copies b undoing release characters and dropping line breaks.
func (r *Reader) unescape(b []byte) {
	s := &r.seg
	data, pos, es := r.unesc[:0], s.pos[:0], r.es[:0]
	es = append(es, 0)
	class := &r.class
	cs := 0
	for j := 0; j < len(b); j++ {
		c := b[j]
		switch class[c] {
		case cData:
			data = append(data, c)
		case cComponent:
			pos = append(pos, int32(cs), int32(len(data)))
			cs = len(data)
		case cElement:
			pos = append(pos, int32(cs), int32(len(data)))
			es = append(es, int32(len(pos)/2))
			cs = len(data)
		case cRelease:
			if j+1 < len(b) {
				j++
				if c := b[j]; c != '\r' && c != '\n' {
					data = append(data, c)
				}
			}
		case cDrop:
		}
	}
	pos = append(pos, int32(cs), int32(len(data)))
	es = append(es, int32(len(pos)/2))
	s.nc = int32(len(pos) / 2)
	s.pos = append(pos, es...)
	s.data = data
	r.unesc, r.es = data, es
}

// cleanTag checks a segment tag, dropping blanks around it and upper-casing.
func cleanTag(b []byte) (string, bool) {
	if len(b) != 3 {
		b = bytes.TrimFunc(b, func(c rune) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' })
		if len(b) != 3 {
			return "", false
		}
	}
	var t [3]byte
	for i, c := range b {
		switch {
		case c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			t[i] = c
		case c >= 'a' && c <= 'z':
			t[i] = c - 'a' + 'A'
		default:
			return "", false
		}
	}
	k := uint32(t[0])<<16 | uint32(t[1])<<8 | uint32(t[2])
	for h := tagSlot(k); tagTable[h].s != ""; h = (h + 1) % uint32(len(tagTable)) {
		if tagTable[h].key == k {
			return tagTable[h].s, true
		}
	}
	return string(t[:]), true
}

// tagTable interns the tags of the messages read in an open-addressing
// table, so that reading a tag allocates nothing and hashes no string.
var tagTable [512]struct {
	key uint32
	s   string
}

func tagSlot(k uint32) uint32 { return (k * 2654435761) >> 23 }

func init() {
	for _, t := range strings.Fields(knownTags) {
		k := uint32(t[0])<<16 | uint32(t[1])<<8 | uint32(t[2])
		h := tagSlot(k)
		for tagTable[h].s != "" {
			h = (h + 1) % uint32(len(tagTable))
		}
		tagTable[h].key, tagTable[h].s = k, t
	}
}

// knownTags are the tags of the messages read.
const knownTags = `UNA UNB UNG UNH UNT UNE UNZ UNS BGM RFF DTM NAD CTA COM TDT LOC
	ATT MEA GEI FTX NAT DOC CPI QTY CNT EMP GID MSG ORG TVL EQN SRC RCI SSR DAT IFT ADD EBD TIF FTI
	REF FAR TKT MON PTK TXD FOP APD RPI TRI SSD TBD ABI SAC LTS ERC TRA`

// errAt returns the error for a malformed interchange at a segment.
func (r *Reader) errAt(n int, off int64, tag, format string, args ...any) error {
	return errAt(n, off, tag, format, args...)
}

func errAt(n int, off int64, tag, format string, args ...any) error {
	where := fmt.Sprintf("segment %d at byte %d", n, off)
	if tag != "" && isPrintable(tag) {
		where = fmt.Sprintf("segment %d (%s) at byte %d", n, tag, off)
	}
	return &meridian.Error{Kind: meridian.EInvalid, Op: "edifact", Message: where + ": " + fmt.Sprintf(format, args...)}
}

func isPrintable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// Segment is one segment: a tag and data elements of components, with
// release characters undone. Elements and components count from 0 after
// the tag: in DTM+189:1701271725:201, Value(0, 1) is "1701271725".
type Segment struct {
	Tag    string
	Number int   // position in the interchange, from 1 at UNA or UNB
	Offset int64 // input offset of the segment's first byte

	data []byte
	// pos holds the (start, end) of each component in data, then for each
	// element the index of its first component, then a sentinel.
	pos []int32
	nc  int32 // number of components: pos[:2*nc] are the pairs
	cs  *charset
}

func (s *Segment) reset(tag string, n int, off int64, cs *charset) {
	s.Tag, s.Number, s.Offset, s.cs = tag, n, off, cs
	s.data, s.pos, s.nc = nil, s.pos[:0], 0
}

// Len returns the number of data elements.
func (s *Segment) Len() int {
	if len(s.pos) == 0 {
		return 0
	}
	return len(s.pos) - 2*int(s.nc) - 1
}

// Components returns the number of components of element e (0 if absent).
func (s *Segment) Components(e int) int {
	if e < 0 || e >= s.Len() {
		return 0
	}
	es := s.pos[2*s.nc:]
	return int(es[e+1] - es[e])
}

// Bytes returns component c of element e as raw bytes, nil when absent.
func (s *Segment) Bytes(e, c int) []byte {
	if c < 0 || c >= s.Components(e) {
		return nil
	}
	k := 2 * (s.pos[2*s.nc+int32(e)] + int32(c))
	return s.data[s.pos[k]:s.pos[k+1]]
}

// Value returns component c of element e as text in the interchange's
// character set, with surrounding blanks trimmed; "" when absent.
func (s *Segment) Value(e, c int) string {
	b := bytes.TrimSpace(s.Bytes(e, c))
	if len(b) == 0 {
		return ""
	}
	return s.cs.decode(b)
}

// Is reports whether component c of element e is exactly v.
func (s *Segment) Is(e, c int, v string) bool { return string(bytes.TrimSpace(s.Bytes(e, c))) == v }

// Element returns the components of element e as text.
func (s *Segment) Element(e int) []string {
	n := s.Components(e)
	out := make([]string, n)
	for c := range n {
		out[c] = s.Value(e, c)
	}
	return out
}

// String renders the segment with the default delimiters, for messages.
func (s *Segment) String() string {
	var b strings.Builder
	b.WriteString(s.Tag)
	for e := range s.Len() {
		b.WriteByte('+')
		for c := range s.Components(e) {
			if c > 0 {
				b.WriteByte(':')
			}
			for _, ch := range s.Bytes(e, c) {
				if strings.IndexByte(":+?'", ch) >= 0 {
					b.WriteByte('?')
				}
				b.WriteByte(ch)
			}
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// arena holds the copies of a message's segments in a few large blocks.
type arena struct {
	data []byte
	ints []int32
}

// clone copies s into the arena, so that it outlives the reader's buffer.
func (a *arena) clone(s *Segment) Segment {
	if cap(a.data)-len(a.data) < len(s.data) {
		a.data = make([]byte, 0, max(32<<10, len(s.data)))
	}
	if cap(a.ints)-len(a.ints) < len(s.pos) {
		a.ints = make([]int32, 0, max(8<<10, len(s.pos)))
	}
	d0, i0 := len(a.data), len(a.ints)
	a.data = append(a.data, s.data...)
	a.ints = append(a.ints, s.pos...)
	d1, i1 := len(a.data), len(a.ints)
	return Segment{Tag: s.Tag, Number: s.Number, Offset: s.Offset, cs: s.cs, nc: s.nc,
		data: a.data[d0:d1:d1], pos: a.ints[i0:i1:i1]}
}

// Clone returns a copy of s that does not share the reader's buffers.
func (s *Segment) Clone() Segment {
	var a arena
	return a.clone(s)
}

// charset turns the bytes of a value into UTF-8 text according to the
// syntax identifier of UNB (UNOA ... UNOY, or IATA's).
type charset struct {
	name string
	cm   *charmap.Charmap // nil: UTF-8 expected
}

var charsets = map[string]*charmap.Charmap{
	"UNOC": charmap.ISO8859_1, "UNOD": charmap.ISO8859_2, "UNOE": charmap.ISO8859_5,
	"UNOF": charmap.ISO8859_7, "UNOG": charmap.ISO8859_3, "UNOH": charmap.ISO8859_4,
	"UNOI": charmap.ISO8859_6, "UNOJ": charmap.ISO8859_8, "UNOK": charmap.ISO8859_9,
}

func charsetFor(syntax string) *charset {
	return &charset{name: syntax, cm: charsets[strings.ToUpper(syntax)]}
}

func (c *charset) decode(b []byte) string {
	ascii := true
	for _, x := range b {
		if x >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return string(b)
	}
	if c.cm != nil {
		if s, err := c.cm.NewDecoder().Bytes(b); err == nil {
			return string(s)
		}
	}
	// UNOA, UNOB and IATA allow no such bytes, UNOW and UNOY are UTF-8:
	// take UTF-8 when it is, else the Latin-1 most senders meant.
	if utf8.Valid(b) {
		return string(b)
	}
	if s, err := charmap.Windows1252.NewDecoder().Bytes(b); err == nil {
		return strings.ToValidUTF8(string(s), "\uFFFD")
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}
