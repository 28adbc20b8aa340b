package mrz

import (
	"fmt"
	"strings"
	"time"

	"meridian"
)

// Character classes of a position: what Doc 9303 allows there.
const (
	classNone    byte = iota // a filler the layout requires, or unused
	classAlpha               // A-Z and <: codes, names, sex
	classNumeric             // 0-9 (and < where a part may be unknown)
	classAlnum               // A-Z, 0-9 and <: numbers, optional data
)

// parser holds one MRZ while it is read.
type parser struct {
	l     *layout
	lines []string
	now   time.Time
	m     *MRZ

	class  [3][44]byte
	field  [3][44]uint8 // an index into fieldNames; bytes keep the parser free of pointers to scan
	checks []check
}

func (p *parser) char(q pos) byte { return p.lines[q.line][q.col] }

func (p *parser) text(s span) string {
	if s.line < 0 {
		return ""
	}
	return p.lines[s.line][s.start:s.end]
}

// fieldNames are the names of fields and check digits as reported; a
// position keeps the index of its field's name.
var fieldNames = [...]string{"", "document_code", "issuing_state", "name", "document_number", "document_number_check_digit",
	"nationality", "birth_date", "birth_date_check_digit", "sex", "expiry_date", "expiry_date_check_digit",
	"optional_data", "optional_data_check_digit", "optional_data_2", "composite_check_digit"}

func fieldID(name string) uint8 {
	for i, n := range fieldNames {
		if n == name {
			return uint8(i)
		}
	}
	panic("mrz: no field " + name) // a mistake in this package, never in its input
}

func (p *parser) mark(s span, class byte, field string) {
	id := fieldID(field)
	for c := s.start; c < s.end; c++ {
		p.class[s.line][c] = class
		p.field[s.line][c] = id
	}
}

func (p *parser) markAt(q pos, class byte, field string) {
	if q.line >= 0 {
		p.mark(span{q.line, q.col, q.col + 1}, class, field)
	}
}

func (p *parser) warn(field string, q pos, format string, args ...any) {
	w := Warning{Field: field, Message: fmt.Sprintf(format, args...)}
	if q.line >= 0 {
		w.Line, w.Column = q.line+1, q.col+1
	}
	p.m.Warnings = append(p.m.Warnings, w)
}

func start(s span) pos { return pos{s.line, s.start} }

func (p *parser) parse() *MRZ {
	l := p.l
	p.m = &MRZ{Format: l.format, Lines: p.lines}
	m := p.m

	p.mark(l.code, classAlpha, "document_code")
	p.mark(l.state, classAlpha, "issuing_state")
	p.mark(l.name, classAlpha, "name")
	p.mark(l.number, classAlnum, "document_number")
	p.markAt(l.numberCheck, classNumeric, "document_number_check_digit")
	p.mark(l.nationality, classAlpha, "nationality")
	p.mark(l.birth, classNumeric, "birth_date")
	p.markAt(l.birthCheck, classNumeric, "birth_date_check_digit")
	p.markAt(l.sex, classAlpha, "sex")
	p.mark(l.expiry, classNumeric, "expiry_date")
	p.markAt(l.expiryCheck, classNumeric, "expiry_date_check_digit")
	p.mark(l.optional, classAlnum, "optional_data")
	p.markAt(l.optionalCheck, classNumeric, "optional_data_check_digit")
	if l.optional2.line >= 0 {
		p.mark(l.optional2, classAlnum, "optional_data_2")
	}
	p.markAt(l.compositeAt, classNumeric, "composite_check_digit")

	p.documentCode()
	m.IssuingState = p.country("issuing_state", l.state)
	m.Nationality = p.country("nationality", l.nationality)
	m.Name = parseName(p.text(l.name))
	if m.Name.Primary == "" && m.Name.Secondary == "" {
		p.warn("name", start(l.name), "no name")
	}
	p.number()
	m.BirthDate = p.date("birth_date", l.birth, birthDate)
	m.ExpiryDate = p.date("expiry_date", l.expiry, expiryDate)
	if b, e := m.BirthDate.Date, m.ExpiryDate.Date; b != "" && e != "" && !e.Time().After(b.Time()) {
		p.warn("expiry_date", start(l.expiry), "expires %s, not after the birth date %s", e, b)
	}
	if e := m.ExpiryDate.Date; e != "" {
		// A partial expiry date counts as expired only once its last day is past.
		last := e.Time()
		switch len(e) {
		case 4:
			last = last.AddDate(1, 0, -1)
		case 7:
			last = last.AddDate(0, 1, -1)
		}
		m.Expired = last.Before(p.now.Truncate(24 * time.Hour))
	}
	p.sex()
	if l.optional2.line >= 0 {
		m.OptionalData2 = spaced(p.text(l.optional2))
	}

	if l.optionalCheck.line >= 0 {
		p.checks = append(p.checks, check{field: "optional_data", data: l.optional.positions(), at: l.optionalCheck, fillerOK: true})
	}
	if l.compositeAt.line >= 0 {
		var data []pos
		for _, s := range l.composite {
			data = append(data, s.positions()...)
		}
		p.checks = append(p.checks, check{field: "composite", data: data, at: l.compositeAt})
	}
	p.verdicts()
	p.confusions()
	return m
}

// documentCode reads the two-character code and the document type it
// implies (Doc 9303 part 4, 4.2.2; part 5, 4.2.2; part 7, 4.2.2).
func (p *parser) documentCode() {
	l, m := p.l, p.m
	code := p.text(l.code)
	m.DocumentCode = code
	first, second := code[0], code[1]
	allowed, want := "IAC", "I, A or C"
	switch l.format {
	case TD3:
		allowed, want = "P", "P"
	case MRVA, MRVB:
		allowed, want = "V", "V"
	}
	switch {
	case first == 'V':
		m.DocumentType = "visa"
	case first == 'P':
		m.DocumentType = "passport"
	case (first == 'I' || first == 'A' || first == 'C') && second == 'R':
		// States commonly mark residence permits with R (the UK's IR, ...).
		m.DocumentType = "residence_permit"
	case first == 'A' && second == 'C':
		m.DocumentType = "travel_document" // crew member certificate
	case first == 'I' || first == 'A' || first == 'C':
		m.DocumentType = "id_card"
	default:
		m.DocumentType = "other"
	}
	if strings.IndexByte(allowed, first) < 0 {
		p.warn("document_code", start(l.code), "%s documents have a code starting with %s, not %q", l.format, want, first)
	}
}

func (p *parser) country(field string, s span) Country {
	c, ok := LookupCountry(p.text(s))
	if !ok {
		p.warn(field, start(s), "unknown country code %q", p.text(s))
	}
	return c
}

// number reads the document number, following a long number into the
// optional data: a filler where the check digit belongs, then the rest of
// the number and its check digit at the start of the optional data (Doc
// 9303 part 5, 4.2.4 note j; part 6 alike). The check digit then covers
// the whole number without the filler.
func (p *parser) number() {
	l, m := p.l, p.m
	num := p.text(l.number)
	data := l.number.positions()
	at := l.numberCheck
	opt := p.text(l.optional)
	rest := opt
	if p.char(l.numberCheck) == '<' {
		run := len(opt) - len(strings.TrimLeft(opt, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
		switch {
		case run >= 2 && num[len(num)-1] != '<': // only a number of more than nine continues
			m.LongNumber = true
			num += opt[:run-1]
			for c := l.optional.start; c < l.optional.start+run-1; c++ {
				data = append(data, pos{l.optional.line, c})
			}
			at = pos{l.optional.line, l.optional.start + run - 1}
			rest = opt[run:]
			p.markAt(l.numberCheck, classNone, "document_number")
			p.mark(span{l.optional.line, l.optional.start, at.col}, classAlnum, "document_number")
			p.markAt(at, classNumeric, "document_number_check_digit")
		default:
			p.warn("document_number", l.numberCheck, "a filler where the check digit belongs, but no continuation of a long number in the optional data")
		}
	}
	m.DocumentNumber = strings.TrimSpace(spaced(num))
	if m.DocumentNumber == "" {
		p.warn("document_number", start(l.number), "no document number")
	}
	m.OptionalData = spaced(rest)
	p.checks = append(p.checks, check{field: "document_number", data: data, at: at})
}

func (p *parser) date(field string, s span, kind dateKind) Date {
	d, problem := parseDate(p.text(s), kind, p.now)
	if problem != "" {
		p.warn(field, start(s), "%s", problem)
	}
	if d.Date == "" && problem == "" && kind == expiryDate {
		p.warn(field, start(s), "no expiry date")
	}
	checkAt := p.l.birthCheck
	if kind == expiryDate {
		checkAt = p.l.expiryCheck
	}
	p.checks = append(p.checks, check{field: field, data: s.positions(), at: checkAt})
	return d
}

func (p *parser) sex() {
	switch c := p.char(p.l.sex); c {
	case 'M', 'F', 'X':
		p.m.Sex = meridian.Sex(c)
	case '<':
		p.m.Sex = "X"
	default:
		p.warn("sex", p.l.sex, "sex %q is not M, F, X or <", c)
	}
}

// verdicts fills Checks and Valid, in the same order for every format:
// document number, birth date, expiry date, optional data, composite.
func (p *parser) verdicts() {
	p.m.Valid = true
	for i := range p.checks {
		ck := &p.checks[i]
		v := ck.valid(p.lines, nil)
		p.m.Checks = append(p.m.Checks, Check{
			Field:  ck.field,
			Line:   ck.at.line + 1,
			Column: ck.at.col + 1,
			Digit:  string(p.char(ck.at)),
			Want:   string(ck.digit(p.lines, nil)),
			Valid:  v,
		})
		p.m.Valid = p.m.Valid && v
		if !v && p.char(ck.at) == '<' && ck.field != "document_number" {
			p.warn(ck.field, ck.at, "a filler where the check digit belongs")
		}
	}
}
