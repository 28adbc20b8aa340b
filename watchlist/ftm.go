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

// maxBuffered is the most of an FtM stream that cannot be read twice (not
// an io.ReadSeeker) held in memory for the two passes.
const maxBuffered = 256 << 20

// ReadFtM reads FollowTheMoney entities, one JSON object per line, from r,
// calling fn for every person and listed document, with the same error
// handling as ReadCSV; line errors name the JSON key or property, e.g.
// "properties.birthDate[0]". It is ReadFtMReport without the report.
func ReadFtM(r io.Reader, defaultCategory string, fn func(Entry) error) ([]LineError, error) {
	_, errs, err := ReadFtMReport(r, defaultCategory, fn)
	return errs, err
}

// ReadFtMReport reads an FtM export as the screening lists publish it: the
// persons among companies, sanctions, addresses, identity documents and
// the links between them. Only a line that is broken is an error (not
// JSON, not an object, no schema, a Person without a name, a value of the
// wrong shape, a value the domain refuses); every entity it does not
// import is counted in the report by what it is, never silently dropped.
//
// Schema Person becomes a WatchPerson: id the ref; the first name the
// primary name, further names, alias and weakAlias aliases (repeats
// dropped, at most 100); the first birthDate (a timestamp cut to its
// date); the first gender (male M, female F, other X); nationality and
// citizenship, upper-cased, repeats dropped (FtM's own territory codes,
// such as "suhh" or "xk", which are no ISO 3166-1 code, are dropped and
// counted); passportNumber and idNumber documents of type passport and
// id_card; notes; address; and the category from topics ("wanted*"
// wanted, "missing", "victim", "crime", "crime.*" and "poi" suspect;
// wanted beats suspect, any other mix is an error, lest a person to
// protect be listed as a suspect), else defaultCategory.
//
// What other entities say about a person is attached to it, in whichever
// order the lines come: a Sanction (authority, program, reason, the first
// listingDate or startDate) to its entity; an Address (full, or its parts)
// to every Person whose addressEntity names it; a Passport or
// Identification without a stolen, lost, revoked or invalidated status to
// its holder, as a document the person holds. A Passport or
// Identification with such a status (property status, or among the
// topics) becomes a WatchDocument from number, country and type
// (Identification: "passport" or else id_card), whoever holds it: it is
// the document that is listed. Any other schema, and a sanction or
// document of no person in the file, is skipped and counted. Unknown keys
// and properties are ignored; empty lines and a leading byte order mark
// are skipped.
//
// References between entities are resolved in a first pass over r, which
// is read twice if it is an io.ReadSeeker (a file) and otherwise held in
// memory, up to maxBuffered.
func ReadFtMReport(r io.Reader, defaultCategory string, fn func(Entry) error) (*Report, []LineError, error) {
	f := &ftmFile{collector: collector{op: "watchlist.ReadFtM", fn: fn}, def: defaultCategory, rep: &Report{}}
	rs, ok := r.(io.ReadSeeker)
	var start int64
	if ok {
		var err error
		if start, err = rs.Seek(0, io.SeekCurrent); err != nil {
			ok = false
		}
	}
	if !ok {
		b, err := io.ReadAll(io.LimitReader(r, maxBuffered+1))
		if err != nil {
			return f.rep, nil, readErr(err)
		}
		if len(b) > maxBuffered {
			return f.rep, nil, f.invalid("an FtM stream longer than %d MiB must be read from a file", maxBuffered>>20)
		}
		rs, start = bytes.NewReader(b), 0
	}
	f.links = newLinks()
	if err := eachLine(rs, func(line int, b []byte, tooLong bool) error {
		if !tooLong {
			f.links.scan(b)
		}
		return nil
	}); err != nil {
		return f.rep, nil, readErr(err)
	}
	if _, err := rs.Seek(start, io.SeekStart); err != nil {
		return f.rep, nil, readErr(err)
	}
	var fatal error
	err := eachLine(rs, func(line int, b []byte, tooLong bool) error {
		if tooLong {
			f.add(LineError{Line: line, Message: fmt.Sprintf("longer than %d bytes (1 MiB): not one entity", maxLine)})
		} else if err := f.line(b, line); err != nil {
			fatal = err
			return err
		}
		if err := f.full(line); err != nil {
			fatal = err
			return err
		}
		return nil
	})
	if fatal == nil && err != nil {
		fatal = readErr(err)
	}
	errs, fatal := f.result(fatal)
	return f.rep, errs, fatal
}

// eachLine calls fn for every line of r after a leading byte order mark,
// numbered from 1; it stops at the first error fn returns.
func eachLine(r io.Reader, fn func(line int, b []byte, tooLong bool) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if err := skipBOM(br); err != nil {
		return err
	}
	lr := &lineReader{br: br}
	for line := 1; ; line++ {
		b, tooLong, err := lr.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(line, b, tooLong); err != nil {
			return err
		}
	}
}

// Report says what a read of an FtM export did besides handing entries to
// fn: what it attached to persons, and what it skipped or dropped, each by
// what it was, with how many and the first line.
type Report struct {
	Attached []Tally `json:"attached,omitempty"`
	Skipped  []Tally `json:"skipped,omitempty"`
}

// Tally counts the lines or values of one kind.
type Tally struct {
	What      string `json:"what"`
	Count     int    `json:"count"`
	FirstLine int    `json:"first_line"`
}

func (r *Report) attach(what string, line int) { r.Attached = tally(r.Attached, what, line) }
func (r *Report) skip(what string, line int)   { r.Skipped = tally(r.Skipped, what, line) }

func tally(ts []Tally, what string, line int) []Tally {
	for i := range ts {
		if ts[i].What == what {
			ts[i].Count++
			return ts
		}
	}
	return append(ts, Tally{What: what, Count: 1, FirstLine: line})
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
	def   string
	rep   *Report
	links *links
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
	case "Sanction":
		if slices.ContainsFunc(refs(&e, "entity"), func(r ref) bool { return f.links.persons[r.id] }) && sanctionOf(&e) != nil {
			f.rep.attach("Sanction: attached to the listed person", line)
		} else {
			f.rep.skip("Sanction: of no Person in the file, or saying nothing", line)
		}
	case "Address":
		f.rep.attach("Address: attached to the persons whose addressEntity names it", line)
	case "":
		f.add(LineError{Line: line, Field: "schema", Message: "is required"})
	default:
		if len(e.Schema) > 40 {
			e.Schema = e.Schema[:40] + "..."
		}
		f.rep.skip(fmt.Sprintf("%s: not a person nor an identity document", e.Schema), line)
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
		if len(w.Names) == maxNames {
			f.rep.skip(fmt.Sprintf("Person name: beyond the first %d of a person (dropped)", maxNames), line)
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
		c := strings.ToUpper(v.s)
		if len(c) == 3 {
			if k, ok := meridian.LookupCountry(c); ok {
				c = k.Alpha2
			}
		}
		if ftmTerritory(c) {
			f.rep.skip("Person nationality: an FtM territory code, no ISO 3166-1 country (dropped)", line)
			continue
		}
		if !slices.Contains(w.Nationalities, c) {
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
	if len(w.Notes) > maxNotes {
		w.Notes = clip(w.Notes, maxNotes)
		f.rep.skip(fmt.Sprintf("Person notes: beyond %d bytes (cut)", maxNotes), line)
	}
	f.attach(w, e, src, line)
	if len(f.errs) > n {
		return nil
	}
	return f.call(Entry{Line: line, Person: w}, src.field)
}

// The most of each a listed person holds (the domain's limits).
const (
	maxNames     = 100
	maxDocuments = 50
	maxSanctions = 50
	maxAddresses = 20
	maxNotes     = 10000
)

// attach adds to a person what the other entities of the file say about
// it, and its own address property.
func (f *ftmFile) attach(w *meridian.WatchPerson, e *ftmEntity, src *personSource, line int) {
	for _, d := range f.links.documents[e.ID] {
		norm := meridian.NormalizeDocumentNumber(d.Number)
		if slices.ContainsFunc(w.Documents, func(h meridian.DocRef) bool { return meridian.NormalizeDocumentNumber(h.Number) == norm }) {
			continue
		}
		w.Documents = append(w.Documents, d)
		src.documents = append(src.documents, "documents")
	}
	if len(w.Documents) > maxDocuments {
		f.rep.skip(fmt.Sprintf("Person document: beyond the first %d of a person (dropped)", maxDocuments), line)
		w.Documents = w.Documents[:maxDocuments]
	}
	for _, s := range f.links.sanctions[e.ID] {
		if slices.Contains(w.Sanctions, s) {
			continue
		}
		if len(w.Sanctions) == maxSanctions {
			f.rep.skip(fmt.Sprintf("Sanction: beyond the first %d of a person (dropped)", maxSanctions), line)
			break
		}
		w.Sanctions = append(w.Sanctions, s)
	}
	addrs := strs(e.Properties, "address")
	for _, r := range refs(e, "addressEntity") {
		if r.props != nil {
			addrs = append(addrs, addressOf(r.props))
		} else if a, ok := f.links.addresses[r.id]; ok {
			addrs = append(addrs, a)
		} else {
			f.rep.skip("Person addressEntity: no such Address in the file", line)
		}
	}
	for _, a := range addrs {
		a = clip(strings.TrimSpace(a), 500)
		if a == "" || !utf8Text(a) || slices.Contains(w.Addresses, a) {
			continue
		}
		if len(w.Addresses) == maxAddresses {
			f.rep.skip(fmt.Sprintf("Person address: beyond the first %d of a person (dropped)", maxAddresses), line)
			break
		}
		w.Addresses = append(w.Addresses, a)
	}
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

	status := listedStatus(e)
	if status == "" {
		// Not a listed document: one a person holds, or nothing to us.
		if slices.ContainsFunc(refs(e, "holder"), func(r ref) bool { return f.links.persons[r.id] }) {
			if _, ok := docRefOf(e); ok {
				f.rep.attach(e.Schema+": attached to its holder as a document the person holds", line)
				return nil
			}
			f.rep.skip(e.Schema+": number not 1 to 50 letters or digits (dropped)", line)
			return nil
		}
		f.rep.skip(e.Schema+": neither stolen, lost, revoked nor invalidated, and held by no Person in the file", line)
		return nil
	}

	w := &meridian.WatchDocument{Ref: e.ID, Type: "passport", Status: status}
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
	if i := slices.IndexFunc(slices.Concat(statuses, topics), func(v val) bool { return strings.EqualFold(v.s, status) }); i >= 0 {
		src.status = slices.Concat(statuses, topics)[i].path()
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
