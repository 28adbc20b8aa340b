package watchlist

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"meridian"
)

// The columns of the CSV format.
const (
	colKind = iota
	colRef
	colCategory
	colName
	colAliases
	colBirthDate
	colSex
	colNationalities
	colDocNumber
	colDocState
	colDocType
	colDocStatus
	numCols
)

// columns names the columns as the header must, in the generator's order.
var columns = [numCols]string{"kind", "ref", "category", "name", "aliases", "birth_date", "sex",
	"nationalities", "doc_number", "doc_state", "doc_type", "doc_status"}

// personOnly are the columns a document line leaves empty.
var personOnly = []int{colCategory, colName, colAliases, colBirthDate, colSex, colNationalities}

// ReadCSV reads the CSV format below from r, calling fn for every line
// that parses. An invalid-input error from fn (a *meridian.Error or
// *meridian.ValidationError of kind EInvalid, as Validate returns) becomes
// line errors for that line, named by column, and reading goes on; any
// other error from fn stops reading and is returned wrapped. ReadCSV
// returns the collected line errors (nil if none) and a fatal error: a
// missing or wrong header, a quoting error, an I/O error, or MaxErrors
// reached. Only when both are nil is the file good.
//
// The first line names the columns, in any order; kind is required and
// any column not below is an error:
//
//	kind,ref,category,name,aliases,birth_date,sex,nationalities,doc_number,doc_state,doc_type,doc_status
//
// kind is person or document. A person takes ref, category (empty:
// defaultCategory), name, aliases and nationalities (';'-separated; empty
// items dropped; nationalities upper-cased), birth_date, sex, and one
// document from doc_number, doc_state (upper-cased) and doc_type; a
// document takes ref, doc_number, doc_state (upper-cased), doc_type
// (default passport) and doc_status. A column that does not apply to the
// line's kind must be empty, so that nothing in the file is silently
// dropped. Values are trimmed of surrounding space and must be UTF-8; a
// leading byte order mark and empty lines are skipped.
func ReadCSV(r io.Reader, defaultCategory string, fn func(Entry) error) ([]LineError, error) {
	f := &csvFile{collector: collector{op: "watchlist.ReadCSV", fn: fn}, def: defaultCategory}
	br := bufio.NewReaderSize(r, 64<<10)
	if err := skipBOM(br); err != nil {
		return nil, readErr(err)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true // values are trimmed anyway; this also lets a quoted value follow a space
	hdr, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, meridian.Invalidf(f.op, "header", "missing: the first line must name the columns, such as %s", strings.Join(columns[:], ","))
	}
	if err != nil {
		return f.result(f.readFail(err))
	}
	line, _ := cr.FieldPos(0)
	if err := f.header(hdr, line); err != nil {
		return nil, err
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return f.result(nil)
		}
		var pe *csv.ParseError
		switch {
		case errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount):
			line = pe.Line
			f.add(LineError{Line: line, Message: fmt.Sprintf("has %d fields, want %d as in the header", len(rec), len(f.cols))})
		case err != nil:
			return f.result(f.readFail(err))
		default:
			line, _ = cr.FieldPos(0)
			if err := f.record(rec, line); err != nil {
				return f.result(err)
			}
		}
		if err := f.full(line); err != nil {
			return f.result(err)
		}
	}
}

// csvFile is the state of one ReadCSV.
type csvFile struct {
	collector
	def  string
	cols []string     // header names, by position
	col  []int        // column of each position
	pos  [numCols]int // position of each column, -1 when absent
}

// readFail turns an error from encoding/csv into the error that ends the
// read: a quoting error is the file's and is also reported on its line.
func (f *csvFile) readFail(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return readErr(err)
	}
	msg := fmt.Sprintf("malformed CSV: %v (byte %d of the line)", pe.Err, pe.Column)
	if pe.StartLine != pe.Line {
		msg += fmt.Sprintf(" in the record that starts on line %d", pe.StartLine)
	}
	f.add(LineError{Line: pe.Line, Message: msg})
	return f.invalid("malformed CSV at line %d", pe.Line)
}

func (f *csvFile) header(hdr []string, line int) error {
	f.cols = make([]string, len(hdr))
	f.col = make([]int, len(hdr))
	for c := range f.pos {
		f.pos[c] = -1
	}
	var unknown, twice []string
	for i, name := range hdr {
		name = strings.TrimSpace(name)
		f.cols[i] = name
		c := slices.Index(columns[:], name)
		switch {
		case c < 0:
			unknown = append(unknown, strconv.Quote(name))
		case f.pos[c] >= 0:
			twice = append(twice, name)
		default:
			f.pos[c] = i
			f.col[i] = c
		}
	}
	var problems []string
	if len(unknown) > 0 {
		problems = append(problems, "unknown columns "+strings.Join(unknown, ", "))
	}
	if len(twice) > 0 {
		problems = append(problems, "columns named twice: "+strings.Join(twice, ", "))
	}
	if f.pos[colKind] < 0 {
		problems = append(problems, "no kind column")
	}
	if len(problems) > 0 {
		return meridian.Invalidf(f.op, "header", "line %d: %s (the columns are %s)", line, strings.Join(problems, "; "), strings.Join(columns[:], ","))
	}
	return nil
}

// record maps one CSV record and hands it to fn.
func (f *csvFile) record(rec []string, line int) error {
	var v [numCols]string
	bad := false
	for i, raw := range rec {
		if !utf8.ValidString(raw) {
			f.add(LineError{Line: line, Field: f.cols[i], Message: "not valid UTF-8: save the file as UTF-8"})
			bad = true
			continue
		}
		v[f.col[i]] = strings.TrimSpace(raw)
	}
	if bad {
		return nil
	}
	switch v[colKind] {
	case "person":
		return f.person(&v, line)
	case "document":
		return f.document(&v, line)
	}
	f.add(LineError{Line: line, Field: "kind", Message: fmt.Sprintf("unknown kind %q (want person or document)", v[colKind])})
	return nil
}

func (f *csvFile) person(v *[numCols]string, line int) error {
	n := len(f.errs)
	if v[colDocStatus] != "" {
		f.add(LineError{Line: line, Field: "doc_status", Message: "applies to kind document only"})
	}
	if v[colDocNumber] == "" {
		for _, c := range []int{colDocState, colDocType} {
			if v[c] != "" {
				f.add(LineError{Line: line, Field: columns[c], Message: "set without doc_number"})
			}
		}
	}
	if len(f.errs) > n {
		return nil
	}
	w := &meridian.WatchPerson{
		Category:  v[colCategory],
		Ref:       v[colRef],
		BirthDate: meridian.Date(v[colBirthDate]),
		Sex:       meridian.Sex(v[colSex]),
	}
	if w.Category == "" {
		w.Category = f.def
	}
	aliases := list(v[colAliases])
	w.Names = make([]meridian.Name, 1, 1+len(aliases))
	w.Names[0] = meridian.Name{Full: v[colName], Kind: meridian.NamePrimary}
	for _, a := range aliases {
		w.Names = append(w.Names, meridian.Name{Full: a, Kind: meridian.NameAlias})
	}
	for _, c := range list(v[colNationalities]) {
		w.Nationalities = append(w.Nationalities, strings.ToUpper(c))
	}
	if v[colDocNumber] != "" {
		w.Documents = []meridian.DocRef{{
			Number:       v[colDocNumber],
			IssuingState: strings.ToUpper(v[colDocState]),
			Type:         meridian.DocumentType(v[colDocType]),
		}}
	}
	return f.call(Entry{Line: line, Person: w}, csvPersonField)
}

func (f *csvFile) document(v *[numCols]string, line int) error {
	n := len(f.errs)
	for _, c := range personOnly {
		if v[c] != "" {
			f.add(LineError{Line: line, Field: columns[c], Message: "applies to kind person only"})
		}
	}
	if len(f.errs) > n {
		return nil
	}
	w := &meridian.WatchDocument{
		Ref:          v[colRef],
		Type:         meridian.DocumentType(v[colDocType]),
		Number:       v[colDocNumber],
		IssuingState: strings.ToUpper(v[colDocState]),
		Status:       v[colDocStatus],
	}
	if w.Type == "" {
		w.Type = "passport"
	}
	return f.call(Entry{Line: line, Document: w}, csvDocumentField)
}

// csvPersonField names the column a WatchPerson field came from.
func csvPersonField(field string) string {
	base, i, rest := splitField(field)
	switch base {
	case "names":
		if i > 0 {
			return "aliases"
		}
		return "name"
	case "nationalities":
		return "nationalities"
	case "documents":
		if i == 0 {
			switch rest {
			case ".number":
				return "doc_number"
			case ".issuing_state":
				return "doc_state"
			case ".type":
				return "doc_type"
			}
		}
	}
	return field
}

// csvDocumentField names the column a WatchDocument field came from.
func csvDocumentField(field string) string {
	switch field {
	case "number", "number_norm":
		return "doc_number"
	case "issuing_state":
		return "doc_state"
	case "type":
		return "doc_type"
	case "status":
		return "doc_status"
	}
	return field
}
