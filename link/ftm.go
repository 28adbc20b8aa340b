package link

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"meridian"
)

// Record is a person read from a FollowTheMoney line: the person and the
// document numbers it carries (FtM's passportNumber and idNumber, whose
// issuing state the entity does not say).
type Record struct {
	Line      int
	Person    *meridian.Person
	Documents []RecordDocument
	// Keys are the person's phones, e-mails and addresses as match keys.
	// A phone that is not international (E.164) is kept as its digits
	// ("national:0211234567"): such a key matches only the same digits.
	Keys []meridian.Key
	// Skipped says which values were left out as unreadable (a birth
	// date that is no date), naming the line and the field.
	Skipped []string
}

// RecordDocument is a document number a FtM person carries.
type RecordDocument struct {
	Kind   string // passport or id
	Number string
}

// Limits of the FtM reader.
const (
	maxFtMLine   = 1 << 20 // bytes of one line
	maxFtMValues = 100     // values of one property
)

// ftmEntity is a FollowTheMoney entity as a line holds it.
type ftmEntity struct {
	ID         string                     `json:"id"`
	Schema     string                     `json:"schema"`
	Caption    string                     `json:"caption"`
	Properties map[string]json.RawMessage `json:"properties"`
}

// LineError is a malformed line of a FtM file.
type LineError struct {
	Line  int
	Field string
	Msg   string
}

func (e *LineError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Msg)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// ReadFtM reads FollowTheMoney entities, one JSON object a line, and
// returns the persons (schema Person; other schemas are skipped). It reads
// name, alias, firstName, middleName, lastName, birthDate, gender,
// nationality, passportNumber, idNumber, phone, email and address. Any
// malformed line (not a JSON object, no id, an id seen before, a property
// that is not a list of strings) is an error naming the line and the
// field, and nothing is returned. A value that cannot be read (a birth date
// that is no date) is left out and listed in the record's Skipped.
func ReadFtM(r io.Reader) ([]Record, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	seen := map[string]int{}
	var out []Record
	for line := 1; ; line++ {
		raw, err := readLine(br)
		if err == io.EOF && len(raw) == 0 {
			break
		}
		if err != nil && err != io.EOF {
			if le, ok := err.(*LineError); ok {
				le.Line = line
				return nil, le
			}
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) > 0 {
			rec, ok, lerr := parseFtMLine(raw, line)
			if lerr != nil {
				return nil, lerr
			}
			if ok {
				id := rec.Person.ID
				if prev, dup := seen[id]; dup {
					return nil, &LineError{Line: line, Field: "id", Msg: fmt.Sprintf("id %q is also on line %d", clip(id), prev)}
				}
				seen[id] = line
				out = append(out, rec)
			}
		}
		if err == io.EOF {
			break
		}
	}
	return out, nil
}

// readLine returns one line without its newline, or a LineError when it
// is longer than maxFtMLine.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		buf = append(buf, chunk...)
		if len(buf) > maxFtMLine {
			return nil, &LineError{Msg: fmt.Sprintf("longer than %d bytes", maxFtMLine)}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimSuffix(buf, []byte("\n")), err
	}
}

func clip(s string) string {
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return strings.ToValidUTF8(s, "?")
}

func parseFtMLine(raw []byte, line int) (Record, bool, error) {
	bad := func(field, format string, args ...any) (Record, bool, error) {
		return Record{}, false, &LineError{Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	if !utf8.Valid(raw) {
		return bad("", "not valid UTF-8")
	}
	var ent ftmEntity
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&ent); err != nil {
		return bad("", "not a FollowTheMoney entity (a JSON object with id, schema and properties): %s", jsonMsg(err))
	}
	if dec.More() {
		return bad("", "more than one JSON value on the line")
	}
	if strings.TrimSpace(ent.ID) == "" {
		return bad("id", "required")
	}
	if len(ent.ID) > 200 || !validID(ent.ID) {
		return bad("id", "must be at most 200 bytes of printable text")
	}
	if ent.Schema == "" {
		return bad("schema", "required")
	}
	if ent.Schema != "Person" {
		return Record{}, false, nil
	}
	props := map[string][]string{}
	for k, v := range ent.Properties {
		vs, err := stringList(v)
		if err != nil {
			return bad("properties."+clip(k), "%s", err)
		}
		if len(vs) > maxFtMValues {
			return bad("properties."+clip(k), "more than %d values", maxFtMValues)
		}
		props[k] = vs
	}
	p := &meridian.Person{Meta: meridian.Meta{ID: ent.ID}}
	var skipped []string
	addName := func(full string) {
		full = strings.Join(strings.Fields(full), " ")
		if full == "" || len(full) > 300 {
			return
		}
		for _, n := range p.Names {
			if strings.EqualFold(n.Full, full) {
				return
			}
		}
		p.Names = append(p.Names, meridian.Name{Full: full})
	}
	for _, n := range props["name"] {
		addName(n)
	}
	first, middle, last := props["firstName"], props["middleName"], props["lastName"]
	for i := 0; i < max(len(first), len(last)); i++ {
		var parts []string
		if i < len(first) {
			parts = append(parts, first[i])
		}
		if i < len(middle) {
			parts = append(parts, middle[i])
		}
		if i < len(last) {
			parts = append(parts, last[i])
		}
		addName(strings.Join(parts, " "))
	}
	for _, n := range props["alias"] {
		addName(n)
	}
	if len(p.Names) == 0 {
		addName(ent.Caption) // an export that names a person only in its caption
	}
	for _, d := range props["birthDate"] {
		d = strings.TrimSpace(d)
		if d == "" {
			continue
		}
		nd, ok := ftmDate(d)
		if !ok {
			// A value that is no date is the data's slip, not a
			// malformed line: it is left out, and said.
			skipped = append(skipped, fmt.Sprintf("line %d: properties.birthDate: %q is not a date (want YYYY, YYYY-MM or YYYY-MM-DD), left out", line, clip(d)))
			continue
		}
		p.BirthDate = nd
		break
	}
	for _, g := range props["gender"] {
		switch strings.ToLower(strings.TrimSpace(g)) {
		case "male", "m":
			p.Sex = "M"
		case "female", "f":
			p.Sex = "F"
		}
	}
	for _, n := range props["nationality"] {
		n = strings.ToUpper(strings.TrimSpace(n))
		if meridian.IsCountry(n) && !containsFold(p.Nationalities, n) {
			p.Nationalities = append(p.Nationalities, n)
		}
	}
	rec := Record{Line: line, Person: p, Skipped: skipped}
	for _, kind := range [...]string{"passportNumber", "idNumber"} {
		for _, n := range props[kind] {
			if _, ok := newDocRef(n, "", ""); ok {
				k := "passport"
				if kind == "idNumber" {
					k = "id"
				}
				rec.Documents = append(rec.Documents, RecordDocument{Kind: k, Number: n})
			}
		}
	}
	add := func(k meridian.Key) {
		for _, x := range rec.Keys {
			if x == k {
				return
			}
		}
		rec.Keys = append(rec.Keys, k)
	}
	for _, v := range props["phone"] {
		if s, msg := meridian.NormalizePhone(strings.TrimSpace(v)); msg == "" {
			add(meridian.Key{Type: meridian.KeyPhone, Value: s})
		} else if d := digits(v); len(d) >= 6 {
			add(meridian.Key{Type: meridian.KeyPhone, Value: "national:" + d})
		}
	}
	for _, v := range props["email"] {
		if s, msg := meridian.NormalizeEmail(v); msg == "" {
			add(meridian.Key{Type: meridian.KeyEmail, Value: s})
		}
	}
	for _, v := range props["address"] {
		if s, msg := meridian.NormalizeAddress(v, ""); msg == "" && s != ":" {
			add(meridian.Key{Type: meridian.KeyAddress, Value: s})
		}
	}
	return rec, true, nil
}

func jsonMsg(err error) string {
	s := err.Error()
	if len(s) > 120 {
		s = s[:120]
	}
	return s
}

func validID(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

func containsFold(xs []string, s string) bool {
	for _, x := range xs {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// stringList reads a property's value: a list of strings (FtM's form), a
// single string, or null.
func stringList(v json.RawMessage) ([]string, error) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return nil, nil
	}
	if v[0] == '"' {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, fmt.Errorf("not a string")
		}
		return []string{s}, nil
	}
	var vs []string
	if err := json.Unmarshal(v, &vs); err != nil {
		return nil, fmt.Errorf("want a list of strings")
	}
	return vs, nil
}

// ftmDate reads a FtM date (YYYY, YYYY-MM, YYYY-MM-DD, optionally followed
// by a time) or YYYYMMDD.
func ftmDate(s string) (meridian.Date, bool) {
	if len(s) == 8 && digits(s) == s {
		s = s[:4] + "-" + s[4:6] + "-" + s[6:]
	}
	// DD/MM/YYYY and DD.MM.YYYY, as European registers write them.
	if len(s) == 10 && (s[2] == '/' && s[5] == '/' || s[2] == '.' && s[5] == '.') && digits(s) == s[:2]+s[3:5]+s[6:] {
		s = s[6:] + "-" + s[3:5] + "-" + s[:2]
	}
	if len(s) > 10 && s[10] == 'T' {
		s = s[:10]
	}
	d, ok := meridian.ParseDate(s)
	if !ok {
		return "", false
	}
	if y := d.Year(); y < 1800 || y > 2100 {
		return "", false
	}
	return d, true
}
