package watchlist

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"meridian"
)

// maxLine is the longest FtM line read, in bytes without its line ending:
// an entity is a few KiB, and a longer line is not one.
const maxLine = 1 << 20

// ReadFtM reads FollowTheMoney entities, one JSON object per line, from r,
// calling fn for every line that maps, with the same error handling as
// ReadCSV; line errors name the JSON key or property, e.g.
// "properties.birthDate[0]".
//
// Schema Person becomes a WatchPerson: id the ref; the first name the
// primary name, further names, alias and weakAlias aliases (repeats
// dropped); the first birthDate (a timestamp cut to its date); the first
// gender (male M, female F, other X); nationality and citizenship,
// upper-cased, repeats dropped; passportNumber and idNumber documents of
// type passport and id_card; notes; and the category from topics
// ("wanted*" wanted, "missing", "victim", "crime", "crime.*" and "poi"
// suspect; wanted beats suspect, any other mix is an error, lest a person
// to protect be listed as a suspect), else defaultCategory. Schemas
// Passport and Identification become a WatchDocument from number,
// country, type (Identification: "passport" or else id_card) and status
// (or a status among the topics), which is required. Any other schema is
// an error; unknown keys and properties are ignored; empty lines and a
// leading byte order mark are skipped.
func ReadFtM(r io.Reader, defaultCategory string, fn func(Entry) error) ([]LineError, error) {
	f := &ftmFile{collector: collector{op: "watchlist.ReadFtM", fn: fn}, def: defaultCategory}
	br := bufio.NewReaderSize(r, 64<<10)
	if err := skipBOM(br); err != nil {
		return nil, readErr(err)
	}
	lr := &lineReader{br: br}
	for line := 1; ; line++ {
		b, tooLong, err := lr.next()
		if errors.Is(err, io.EOF) {
			return f.result(nil)
		}
		if err != nil {
			return f.result(readErr(err))
		}
		if tooLong {
			f.add(LineError{Line: line, Message: fmt.Sprintf("longer than %d bytes (1 MiB): not one entity", maxLine)})
		} else if err := f.line(b, line); err != nil {
			return f.result(err)
		}
		if err := f.full(line); err != nil {
			return f.result(err)
		}
	}
}

// lineReader reads lines of any length in bounded memory, where
// bufio.Scanner would stop at its token limit.
type lineReader struct {
	br  *bufio.Reader
	buf []byte
}

// next returns the next line without its line ending, valid until the
// next call, or io.EOF after the last line. A line longer than maxLine
// comes back empty with tooLong set: its bytes are skipped, never held.
func (lr *lineReader) next() (line []byte, tooLong bool, err error) {
	lr.buf = lr.buf[:0]
	n := 0
	for {
		chunk, err := lr.br.ReadSlice('\n')
		n += len(chunk)
		if !tooLong {
			if len(lr.buf)+len(chunk) > maxLine+len("\r\n") {
				tooLong = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if n == 0 {
				return nil, false, io.EOF
			}
		case err != nil:
			return nil, false, err
		}
		line = bytes.TrimSuffix(lr.buf, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if tooLong || len(line) > maxLine {
			return nil, true, nil
		}
		return line, false, nil
	}
}

// ftmFile is the state of one ReadFtM.
type ftmFile struct {
	collector
	def string
}

// ftmEntity is the part of an FtM entity read; other keys are ignored.
type ftmEntity struct {
	ID         string                     `json:"id"`
	Schema     string                     `json:"schema"`
	Properties map[string]json.RawMessage `json:"properties"` // each an array of strings; only those used are decoded
}

// line maps one line and hands it to fn.
func (f *ftmFile) line(b []byte, line int) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	if !utf8.Valid(b) {
		// encoding/json would quietly turn the bytes into U+FFFD.
		f.add(LineError{Line: line, Message: fmt.Sprintf("not valid UTF-8 at byte %d: save the file as UTF-8", invalidUTF8(b)+1)})
		return nil
	}
	var e ftmEntity
	if err := json.Unmarshal(b, &e); err != nil {
		f.add(jsonError(line, err))
		return nil
	}
	switch e.Schema {
	case "Person":
		return f.person(&e, line)
	case "Passport", "Identification":
		return f.document(&e, line)
	case "":
		f.add(LineError{Line: line, Field: "schema", Message: "is required"})
	default:
		f.add(LineError{Line: line, Field: "schema", Message: fmt.Sprintf("unsupported schema %q (want Person, Passport or Identification)", e.Schema)})
	}
	return nil
}

// invalidUTF8 returns the index of the first byte of b that is not UTF-8.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// jsonError reports a line that is not the JSON expected, with the byte
// where decoding failed.
func jsonError(line int, err error) LineError {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return LineError{Line: line, Message: fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, se)}
	case errors.As(err, &te):
		if te.Field == "" {
			return LineError{Line: line, Message: fmt.Sprintf("must be a JSON object, not %s", te.Value)}
		}
		want := "an object"
		if te.Type.Kind() == reflect.String {
			want = "a string"
		}
		return LineError{Line: line, Field: te.Field, Message: fmt.Sprintf("must be %s, not %s (byte %d)", want, te.Value, te.Offset)}
	}
	return LineError{Line: line, Message: "invalid JSON: " + err.Error()}
}

// val is one non-empty value of a property, with where it came from.
type val struct {
	s    string
	prop string
	i    int
}

func (v val) path() string { return "properties." + v.prop + "[" + strconv.Itoa(v.i) + "]" }

// values returns the trimmed, non-empty values of a property, reporting
// one that is not an array of strings.
func (f *ftmFile) values(e *ftmEntity, prop string, line int) []val {
	raw, ok := e.Properties[prop]
	if !ok {
		return nil
	}
	var ss []string
	if err := json.Unmarshal(raw, &ss); err != nil {
		f.add(LineError{Line: line, Field: "properties." + prop, Message: "must be an array of strings"})
		return nil
	}
	var vs []val
	for i, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			vs = append(vs, val{s: s, prop: prop, i: i})
		}
	}
	return vs
}

func (f *ftmFile) person(e *ftmEntity, line int) error {
	n := len(f.errs)
	get := func(prop string) []val { return f.values(e, prop, line) }
	names := get("name")
	all := slices.Concat(names, get("alias"), get("weakAlias"))
	births, genders := get("birthDate"), get("gender")
	nationalities := slices.Concat(get("nationality"), get("citizenship"))
	passports, ids := get("passportNumber"), get("idNumber")
	topics, notes := get("topics"), get("notes")

	w := &meridian.WatchPerson{Ref: e.ID}
	src := &personSource{category: "category"}
	if len(names) == 0 {
		f.add(LineError{Line: line, Field: "properties.name", Message: "a Person needs a name"})
	}
	for _, v := range all {
		if slices.ContainsFunc(w.Names, func(n meridian.Name) bool { return n.Full == v.s }) {
			continue
		}
		kind := meridian.NameAlias
		if len(w.Names) == 0 {
			kind = meridian.NamePrimary
		}
		w.Names = append(w.Names, meridian.Name{Full: v.s, Kind: kind})
		src.names = append(src.names, v.path())
	}
	if len(births) > 0 {
		v := births[0]
		d, ok := dateOf(v.s)
		if !ok {
			f.add(LineError{Line: line, Field: v.path(), Message: "must be YYYY, YYYY-MM or YYYY-MM-DD, or an ISO timestamp"})
		}
		w.BirthDate, src.birth = d, v.path()
	}
	if len(genders) > 0 {
		v := genders[0]
		switch strings.ToLower(v.s) {
		case "male":
			w.Sex = "M"
		case "female":
			w.Sex = "F"
		case "other":
			w.Sex = "X"
		default:
			f.add(LineError{Line: line, Field: v.path(), Message: fmt.Sprintf("unknown gender %q (want male, female or other)", v.s)})
		}
		src.sex = v.path()
	}
	for _, v := range nationalities {
		if c := strings.ToUpper(v.s); !slices.Contains(w.Nationalities, c) {
			w.Nationalities = append(w.Nationalities, c)
			src.nationalities = append(src.nationalities, v.path())
		}
	}
	for _, v := range passports {
		w.Documents = append(w.Documents, meridian.DocRef{Number: v.s, Type: "passport"})
		src.documents = append(src.documents, v.path())
	}
	for _, v := range ids {
		w.Documents = append(w.Documents, meridian.DocRef{Number: v.s, Type: "id_card"})
		src.documents = append(src.documents, v.path())
	}
	if cat, from, le := category(topics); le != nil {
		le.Line = line
		f.add(*le)
	} else if cat != "" {
		w.Category, src.category = cat, from
	} else {
		w.Category = f.def
	}
	for _, v := range notes {
		if w.Notes != "" {
			w.Notes += "\n"
		}
		w.Notes += v.s
	}
	if len(f.errs) > n {
		return nil
	}
	return f.call(Entry{Line: line, Person: w}, src.field)
}

// dateOf returns the date part of an FtM date: a partial date as it is,
// a timestamp cut to its day. It checks the shape only; the domain checks
// the calendar.
func dateOf(s string) (meridian.Date, bool) {
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10]
	}
	digits := func(s string) bool { return strings.Trim(s, "0123456789") == "" }
	var ok bool
	switch len(s) {
	case 4:
		ok = digits(s)
	case 7:
		ok = digits(s[:4]) && s[4] == '-' && digits(s[5:])
	case 10:
		ok = digits(s[:4]) && s[4] == '-' && digits(s[5:7]) && s[7] == '-' && digits(s[8:])
	}
	return meridian.Date(s), ok
}

// category returns the category the topics give, and the topic that gave
// it, or "" when none does.
func category(topics []val) (cat, from string, le *LineError) {
	var cats []string
	var srcs []val
	for _, t := range topics {
		var c string
		switch {
		case strings.HasPrefix(t.s, "wanted"):
			c = meridian.CategoryWanted
		case t.s == "missing":
			c = meridian.CategoryMissing
		case t.s == "victim":
			c = meridian.CategoryVictim
		case t.s == "crime" || strings.HasPrefix(t.s, "crime.") || t.s == "poi":
			c = meridian.CategorySuspect
		default:
			continue
		}
		if !slices.Contains(cats, c) {
			cats = append(cats, c)
			srcs = append(srcs, t)
		}
	}
	switch {
	case len(cats) == 0:
		return "", "", nil
	case len(cats) == 1:
		return cats[0], srcs[0].path(), nil
	case len(cats) == 2 && slices.Contains(cats, meridian.CategoryWanted) && slices.Contains(cats, meridian.CategorySuspect):
		i := slices.Index(cats, meridian.CategoryWanted)
		return cats[i], srcs[i].path(), nil
	}
	// A person to protect (missing, victim) listed also as wanted or a
	// suspect, or as both missing and victim: the sender must decide.
	var ts []string
	for _, s := range srcs {
		ts = append(ts, strconv.Quote(s.s))
	}
	return "", "", &LineError{Field: "properties.topics", Message: fmt.Sprintf("topics %s give conflicting categories %s",
		strings.Join(ts, ", "), strings.Join(cats, " and "))}
}

// personSource remembers which property each WatchPerson field came from.
type personSource struct {
	names, nationalities, documents []string
	birth, sex, category            string
}

func (s *personSource) field(field string) string {
	base, i, _ := splitField(field)
	at := func(paths []string, whole string) string {
		if i >= 0 && i < len(paths) {
			return paths[i]
		}
		return whole
	}
	switch base {
	case "names":
		return at(s.names, "properties.name")
	case "nationalities":
		return at(s.nationalities, "properties.nationality")
	case "documents":
		return at(s.documents, field)
	case "birth_date":
		return cmp.Or(s.birth, field)
	case "sex":
		return cmp.Or(s.sex, field)
	case "category":
		return s.category
	case "ref":
		return "id"
	case "notes":
		return "properties.notes"
	}
	return field
}

func (f *ftmFile) document(e *ftmEntity, line int) error {
	n := len(f.errs)
	get := func(prop string) []val { return f.values(e, prop, line) }
	numbers, countries, types := get("number"), get("country"), get("type")
	statuses, topics := get("status"), get("topics")

	w := &meridian.WatchDocument{Ref: e.ID, Type: "passport"}
	src := &documentSource{number: "properties.number", country: "properties.country", typ: "properties.type", status: "properties.status"}
	if len(numbers) > 0 {
		w.Number, src.number = numbers[0].s, numbers[0].path()
	}
	if len(countries) > 0 {
		w.IssuingState, src.country = strings.ToUpper(countries[0].s), countries[0].path()
	}
	if e.Schema == "Identification" && (len(types) == 0 || !strings.EqualFold(types[0].s, "passport")) {
		w.Type = "id_card"
	}
	if len(types) > 0 {
		src.typ = types[0].path()
	}
	if len(statuses) > 0 {
		w.Status, src.status = statuses[0].s, statuses[0].path()
	} else if i := slices.IndexFunc(topics, func(t val) bool { return slices.Contains(meridian.WatchDocumentStatuses, t.s) }); i >= 0 {
		w.Status, src.status = topics[i].s, topics[i].path()
	} else {
		f.add(LineError{Line: line, Field: "properties.status", Message: "document status unknown: set a status property (stolen, lost, revoked or invalidated)"})
	}
	if len(f.errs) > n {
		return nil
	}
	return f.call(Entry{Line: line, Document: w}, src.field)
}

// documentSource remembers which property each WatchDocument field came
// from.
type documentSource struct {
	number, country, typ, status string
}

func (s *documentSource) field(field string) string {
	switch field {
	case "number", "number_norm":
		return s.number
	case "issuing_state":
		return s.country
	case "type":
		return s.typ
	case "status":
		return s.status
	case "ref":
		return "id"
	}
	return field
}
