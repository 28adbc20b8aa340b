// Package mrz reads the machine-readable zones of travel documents (ICAO
// Doc 9303: TD1, TD2 and TD3 documents, MRV-A and MRV-B visas), so that a
// document read at a border or in a raid can be screened. It reports every
// check digit and every likely OCR misreading, but corrects nothing: what
// the document says and what a reader guessed must stay apart.
package mrz

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"meridian"
)

// Format is one of the MRZ layouts of Doc 9303.
type Format string

const (
	TD1  Format = "TD1"   // 3 lines of 30: identity cards
	TD2  Format = "TD2"   // 2 lines of 36: official travel documents
	TD3  Format = "TD3"   // 2 lines of 44: passports
	MRVA Format = "MRV-A" // 2 lines of 44: visas
	MRVB Format = "MRV-B" // 2 lines of 36: visas
)

// MRZ is what a machine-readable zone says, field by field, with the
// verdict of every check digit. Fields are as printed (fillers removed),
// never corrected.
type MRZ struct {
	Format       Format                `json:"format"`
	Lines        []string              `json:"lines"` // as read: upper case, spaces removed
	DocumentCode string                `json:"document_code"`
	DocumentType meridian.DocumentType `json:"document_type"`
	IssuingState Country               `json:"issuing_state"`
	Name         Name                  `json:"name"`
	// DocumentNumber includes the characters a number longer than nine
	// continues with in the optional data (LongNumber).
	DocumentNumber string       `json:"document_number"`
	LongNumber     bool         `json:"long_number,omitempty"`
	Nationality    Country      `json:"nationality"`
	BirthDate      Date         `json:"birth_date"`
	Sex            meridian.Sex `json:"sex"` // M, F or X (< in the MRZ); empty if unreadable
	ExpiryDate     Date         `json:"expiry_date"`
	Expired        bool         `json:"expired"`
	// OptionalData is the personal number on TD3, line 1's optional data on
	// TD1 (after a long number's end), the optional data elsewhere.
	OptionalData  string `json:"optional_data"`
	OptionalData2 string `json:"optional_data_2,omitempty"` // TD1 line 2
	// Checks has every check digit of the format, valid or not.
	Checks []Check `json:"checks"`
	Valid  bool    `json:"valid"` // every check digit is valid
	// Confusions are characters an OCR reader likely misread.
	Confusions []Confusion `json:"confusions,omitempty"`
	Warnings   []Warning   `json:"warnings,omitempty"`
}

// Check is the verdict on one check digit.
type Check struct {
	Field  string `json:"field"` // document_number, birth_date, expiry_date, optional_data or composite
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Digit  string `json:"digit"` // as printed
	Want   string `json:"want"`  // the digit the data gives
	Valid  bool   `json:"valid"`
}

// Confusion is a character that is probably an OCR misreading: a letter in
// a numeric field, a digit in an alphabetic one, or a look-alike whose
// swap makes a failing check digit valid. Likely is the character that
// would fit; Fixes lists the check digits it would make valid.
type Confusion struct {
	Field  string   `json:"field"`
	Line   int      `json:"line"`
	Column int      `json:"column"`
	Found  string   `json:"found"`
	Likely string   `json:"likely"`
	Fixes  []string `json:"fixes,omitempty"`
	Reason string   `json:"reason"`
}

// Warning is anything else wrong with a field: an unknown country code, a
// date that does not exist, a letter that looks like no digit.
type Warning struct {
	Field   string `json:"field"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

const op = "mrz"

// Parse reads one MRZ, deciding centuries against the current date.
func Parse(text string) (*MRZ, error) { return ParseAt(text, time.Now()) }

// ParseAt reads one MRZ: two or three lines, in any case, with stray
// spaces, blank lines, CR LF or trailing whitespace. Birth dates are put
// in the latest century not after now, expiry dates within 50 years of
// now. A wrong number of lines, a wrong length or a character that no MRZ
// holds is an EInvalid error naming the line; everything else is reported
// in the result.
func ParseAt(text string, now time.Time) (*MRZ, error) {
	lines, err := normalize(text)
	if err != nil {
		return nil, err
	}
	l, err := layoutOf(lines)
	if err != nil {
		return nil, err
	}
	p := parser{l: l, lines: lines, now: now.UTC()}
	return p.parse(), nil
}

// normalize splits text into MRZ lines: upper case, no whitespace, no
// blank lines; every character A-Z, 0-9 or <.
func normalize(text string) ([]string, error) {
	f := meridian.Fields{Op: op}
	var lines []string
	for raw := range strings.Lines(text) {
		line := strings.Map(func(r rune) rune {
			switch {
			case unicode.IsSpace(r):
				return -1
			case r >= 'a' && r <= 'z':
				return r - 'a' + 'A'
			}
			return r
		}, raw)
		if line == "" {
			continue
		}
		n := len(lines) + 1
		for i, r := range line {
			if n > 3 {
				break // too many lines anyway: that is the error to report
			}
			if value(byte(r)) < 0 || r >= 0x80 {
				col := len([]rune(line[:i])) + 1
				f.Add(fmt.Sprintf("line %d", n), "column %d: %q is not an MRZ character (A-Z, 0-9 or <)", col, r)
				break
			}
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return nil, meridian.Invalidf(op, "", "no MRZ lines")
	}
	if err := f.Err(); err != nil && len(lines) <= 3 {
		return nil, err
	}
	return lines, nil
}

// layoutOf picks the format from the number of lines, their length and,
// for two lines, whether the document code starts with V (a visa).
func layoutOf(lines []string) (*layout, error) {
	f := meridian.Fields{Op: op}
	var l *layout
	switch len(lines) {
	case 3:
		l = &layoutTD1
	case 2:
		width := len(lines[0])
		if width != 36 && width != 44 {
			width = len(lines[1])
		}
		visa := lines[0][0] == 'V'
		switch {
		case width == 44 && visa:
			l = &layoutMRVA
		case width == 44:
			l = &layoutTD3
		case width == 36 && visa:
			l = &layoutMRVB
		case width == 36:
			l = &layoutTD2
		default:
			for i, line := range lines {
				hint := ""
				if len(line) == 30 {
					hint = "; lines of 30 are TD1, which has 3 lines"
				}
				f.Add(fmt.Sprintf("line %d", i+1), "has %d characters, want 36 (TD2, MRV-B) or 44 (TD3, MRV-A)%s", len(line), hint)
			}
			return nil, f.Err()
		}
	default:
		msg := fmt.Sprintf("%d lines, want 2 (TD2, TD3, MRV-A, MRV-B) or 3 (TD1)", len(lines))
		if len(lines) == 1 {
			msg = "1 line, want 2 (TD2, TD3, MRV-A, MRV-B) or 3 (TD1)"
		}
		if len(lines) == 1 {
			switch len(lines[0]) {
			case 60, 72, 88, 90:
				msg += fmt.Sprintf("; this line of %d characters looks like several joined: break it every %d", len(lines[0]), map[int]int{60: 30, 72: 36, 88: 44, 90: 30}[len(lines[0])])
			}
		}
		return nil, meridian.Invalidf(op, "", "%s", msg)
	}
	for i, line := range lines {
		if len(line) != l.width {
			f.Add(fmt.Sprintf("line %d", i+1), "has %d characters, want %d (%s: %d lines of %d)", len(line), l.width, l.format, l.lines, l.width)
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return l, nil
}

// PersonQuery is the holder as screening checks a person: the name in
// reading order, the known part of the birth date, sex, and nationality
// where it is an ISO 3166-1 country.
func (m *MRZ) PersonQuery() meridian.PersonQuery {
	return meridian.PersonQuery{
		Name:        m.Name.Full(),
		BirthDate:   m.BirthDate.Date,
		Sex:         m.Sex,
		Nationality: m.Nationality.Alpha2,
	}
}

// PersonName is the holder's name as a person record holds it.
func (m *MRZ) PersonName() meridian.Name {
	return meridian.Name{Full: m.Name.Full(), Given: m.Name.Secondary, Family: m.Name.Primary, Kind: meridian.NamePrimary}
}

// DocumentQuery is the document as screening checks one.
func (m *MRZ) DocumentQuery() meridian.DocumentQuery {
	return meridian.DocumentQuery{
		Number:       m.DocumentNumber,
		IssuingState: m.IssuingState.Alpha2,
		Type:         string(m.DocumentType),
	}
}
