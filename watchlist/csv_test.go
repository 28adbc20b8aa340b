package watchlist_test

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"meridian"
	"meridian/watchlist"
)

const csvHeader = "kind,ref,category,name,aliases,birth_date,sex,nationalities,doc_number,doc_state,doc_type,doc_status\n"

func TestReadCSV(t *testing.T) {
	ivan := &meridian.WatchPerson{
		Category: "wanted", Ref: "W-1",
		Names: []meridian.Name{
			{Full: "Petrov, Ivan", Kind: meridian.NamePrimary},
			{Full: "Ivan P.", Kind: meridian.NameAlias},
			{Full: "Иван Петров", Kind: meridian.NameAlias},
		},
		BirthDate: "1980-05-01", Sex: "M", Nationalities: []string{"RU", "UA"},
		Documents: []meridian.DocRef{{Number: "723456789", IssuingState: "RU", Type: "passport"}},
	}
	ana := &meridian.WatchPerson{
		Category: "suspect", Ref: "W-2", // the default category
		Names:     []meridian.Name{{Full: "Ana Lima", Kind: meridian.NamePrimary}},
		BirthDate: "1990", Sex: "F", Nationalities: []string{"BR"},
	}
	stolen := &meridian.WatchDocument{Ref: "D-1", Type: "passport", Number: "X1234567", IssuingState: "DE", Status: "stolen"}
	lost := &meridian.WatchDocument{Ref: "D-2", Type: "id_card", Number: "AB12", IssuingState: "FR", Status: "lost"}

	tests := []struct {
		name string
		in   string
		want []watchlist.Entry
	}{
		{"OK", csvHeader +
			`person,W-1,wanted,"Petrov, Ivan",Ivan P.; Иван Петров ;,1980-05-01,M,ru;UA,723456789,ru,passport,` + "\n" +
			"person,W-2,,Ana Lima,,1990,F,br,,,,\n" +
			"document,D-1,,,,,,,X1234567,de,,stolen\n" +
			"document , D-2 ,,,,,,, AB12 ,FR,id_card,lost\n",
			[]watchlist.Entry{{Line: 2, Person: ivan}, {Line: 3, Person: ana}, {Line: 4, Document: stolen}, {Line: 5, Document: lost}}},
		{"ColumnOrderAndSubset", "doc_status,doc_number,kind,name,ref,doc_state,doc_type\n" +
			"stolen,X1234567,document,,D-1,DE,\n" +
			",,person,Ana Lima,W-2,,\n",
			[]watchlist.Entry{{Line: 2, Document: stolen}, {Line: 3, Person: &meridian.WatchPerson{
				Category: "suspect", Ref: "W-2", Names: []meridian.Name{{Full: "Ana Lima", Kind: meridian.NamePrimary}}}}}},
		{"BOM", "\ufeff" + csvHeader + "document,D-1,,,,,,,X1234567,de,,stolen\n",
			[]watchlist.Entry{{Line: 2, Document: stolen}}},
		{"EmptyLinesAndCRLF", "\r\n\n" + strings.ReplaceAll(csvHeader, "\n", "\r\n") + "\r\n" +
			"document,D-1,,,,,,,X1234567,de,,stolen\r\n\r\n\n" + "document,D-2,,,,,,,AB12,fr,id_card,lost",
			[]watchlist.Entry{{Line: 5, Document: stolen}, {Line: 8, Document: lost}}},
		{"MultiLineValue", csvHeader + "person,W-1,wanted,\"Petrov,\nIvan\",,,,,,,,\ndocument,D-1,,,,,,,X1234567,de,,stolen\n",
			[]watchlist.Entry{
				{Line: 2, Person: &meridian.WatchPerson{Category: "wanted", Ref: "W-1", Names: []meridian.Name{{Full: "Petrov,\nIvan", Kind: meridian.NamePrimary}}}},
				{Line: 4, Document: stolen}}},
		{"HeaderOnly", csvHeader, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []watchlist.Entry
			errs, err := watchlist.ReadCSV(strings.NewReader(tt.in), meridian.CategorySuspect, func(e watchlist.Entry) error {
				got = append(got, e)
				return nil
			})
			if errs != nil || err != nil {
				t.Fatalf("errors %v, %v", errs, err)
			}
			checkEntries(t, got, tt.want)
		})
	}
}

func TestReadCSV_Errors(t *testing.T) {
	goodPerson := "person,W-1,wanted,Ivan Petrov,,1980,M,RU,,,,\n"
	goodDoc := "document,D-1,,,,,,,X1234567,DE,,stolen\n"
	runErrCases(t, watchlist.ReadCSV, []errCase{
		{name: "ErrMissingHeader", in: "", fatal: "header: missing"},
		{name: "ErrMissingHeader/EmptyLines", in: "\n\r\n\n", fatal: "header: missing"},
		{name: "ErrUnknownColumn", in: "kind,name,colour, size \n" + goodPerson,
			fatal: `header: line 1: unknown columns "colour", "size"`},
		{name: "ErrNoKind", in: "ref,name\nW-1,Ivan\n", fatal: "header: line 1: no kind column"},
		{name: "ErrColumnTwice", in: "kind,name,name\n", fatal: "columns named twice: name"},
		{name: "ErrHeaderCase", in: "Kind,Name\n", fatal: `unknown columns "Kind", "Name"`},
		{name: "ErrKind", in: csvHeader + goodPerson + "vehicle,V-1,,,,,,,,,,\n" + ",V-2,,,,,,,,,,\n" + goodDoc,
			want: []watchlist.LineError{
				{Line: 3, Field: "kind", Message: `unknown kind "vehicle" (want person or document)`},
				{Line: 4, Field: "kind", Message: `unknown kind ""`},
			},
			lines: []int{2, 5}},
		{name: "ErrBareQuote", in: csvHeader + goodPerson + "person,W-2,wanted,Iv\"an,,,,,,,,\n" + goodDoc,
			want:  []watchlist.LineError{{Line: 3, Message: `malformed CSV: bare " in non-quoted-field (byte 21 of the line)`}},
			fatal: "malformed CSV at line 3", lines: []int{2}},
		{name: "ErrUnterminatedQuote", in: csvHeader + goodPerson + "person,W-2,wanted,\"Ivan,,,,,,,,\n" + goodDoc,
			want:  []watchlist.LineError{{Line: 4, Message: `extraneous or missing " in quoted-field (byte 40 of the line) in the record that starts on line 3`}},
			fatal: "malformed CSV at line 4", lines: []int{2}},
		{name: "ErrQuoteInHeader", in: "kind,\"name\n", want: []watchlist.LineError{{Line: 1, Message: "malformed CSV"}},
			fatal: "malformed CSV at line 1"},
		{name: "ErrFieldCount", in: csvHeader + "person,W-1,wanted,Ivan\n" + goodPerson + goodDoc + ",\n" + goodDoc,
			want: []watchlist.LineError{
				{Line: 2, Message: "has 4 fields, want 12 as in the header"},
				{Line: 5, Message: "has 2 fields, want 12"},
			},
			lines: []int{3, 4, 6}},
		{name: "ErrUTF8", in: csvHeader + "person,W-1,wanted,Iv\xffan,,1980,M,R\xc0,,,,\n" + goodDoc,
			want: []watchlist.LineError{
				{Line: 2, Field: "name", Message: "not valid UTF-8"},
				{Line: 2, Field: "nationalities", Message: "not valid UTF-8"},
			},
			lines: []int{3}},
		{name: "ErrColumnNotForKind", in: csvHeader +
			"person,W-1,wanted,Ivan,,,,,,DE,passport,stolen\n" +
			"document,D-1,wanted,Ivan,,,,,X1,DE,,stolen\n",
			want: []watchlist.LineError{
				{Line: 2, Field: "doc_status", Message: "applies to kind document only"},
				{Line: 2, Field: "doc_state", Message: "set without doc_number"},
				{Line: 2, Field: "doc_type", Message: "set without doc_number"},
				{Line: 3, Field: "category", Message: "applies to kind person only"},
				{Line: 3, Field: "name", Message: "applies to kind person only"},
			}},
		{name: "ErrValidation", in: csvHeader + goodPerson +
			"person,W-2,wanted,Ivan,Vanya;\a,1980-13,male,DE;xx;de,X1,ZZ,passport,\n" +
			"\n" +
			"document,D-2,,,,,,,X1,zz,card,found\n" +
			"person,W-3,,,,,,,,,,\n" +
			"person,W-4,fugitive,Ana,,,,,-,,,\n" +
			goodDoc,
			want: []watchlist.LineError{
				{Line: 3, Field: "aliases", Message: "contains control characters"},
				{Line: 3, Field: "birth_date", Message: `must be YYYY, YYYY-MM or YYYY-MM-DD, got "1980-13"`},
				{Line: 3, Field: "sex", Message: `unknown sex "male"`},
				{Line: 3, Field: "nationalities", Message: `unknown ISO 3166-1 alpha-2 country code "XX"`},
				{Line: 3, Field: "nationalities", Message: "country DE listed twice"},
				{Line: 3, Field: "doc_state", Message: `unknown ISO 3166-1 alpha-2 country code "ZZ"`},
				{Line: 5, Field: "doc_type", Message: `unknown document type "card"`},
				{Line: 5, Field: "doc_state", Message: `"ZZ"`},
				{Line: 5, Field: "doc_status", Message: `unknown status "found"`},
				{Line: 6, Field: "name", Message: "is required"},
				{Line: 7, Field: "category", Message: `unknown category "fugitive"`},
				{Line: 7, Field: "doc_number", Message: "must hold 1 to 50 letters or digits"},
			},
			lines: []int{2, 8}},
		{name: "ErrValidation/UnmappedField", in: csvHeader + goodPerson,
			fn: func(watchlist.Entry) error {
				return meridian.Invalidf("watch_person", "tlp", "unknown TLP label")
			},
			want: []watchlist.LineError{{Line: 2, Field: "tlp", Message: "unknown TLP label"}}},
		{name: "ErrStore", in: csvHeader + goodPerson + goodDoc + goodPerson,
			fn: func(e watchlist.Entry) error {
				if e.Document != nil {
					return errStore
				}
				return nil
			},
			fatal: "watchlist: line 3: store unavailable", lines: []int{2}},
		{name: "ErrForbidden", in: csvHeader + goodPerson + goodDoc,
			fn: func(watchlist.Entry) error {
				return meridian.Errorf(meridian.EForbidden, "sqldb.CreateWatchPerson", "not allowed")
			},
			fatal: "line 2: sqldb.CreateWatchPerson: not allowed"},
	})
}

// TestReadCSV_FatalErrors checks what a caller branches on: the kind of
// the fatal error and that fn's own error is still there to match.
func TestReadCSV_FatalErrors(t *testing.T) {
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, in := range []string{"", "kind,x\n", csvHeader + "\"\n"} {
			_, err := watchlist.ReadCSV(strings.NewReader(in), "wanted", validate)
			if meridian.KindOf(err) != meridian.EInvalid {
				t.Errorf("%q: %v is of kind %q, want invalid", in, err, meridian.KindOf(err))
			}
		}
	})
	t.Run("ErrStore", func(t *testing.T) {
		_, err := watchlist.ReadCSV(strings.NewReader(csvHeader+"document,D-1,,,,,,,X1234567,DE,,stolen\n"), "wanted",
			func(watchlist.Entry) error { return errStore })
		if !errors.Is(err, errStore) {
			t.Errorf("err %v, want errStore wrapped", err)
		}
	})
	t.Run("ErrRead", func(t *testing.T) {
		errDisk := errors.New("disk on fire")
		r := io.MultiReader(strings.NewReader(csvHeader+"document,D-1,,,,,,,X1234567,DE,,stolen\n"), &failReader{errDisk})
		var n int
		errs, err := watchlist.ReadCSV(r, "wanted", func(watchlist.Entry) error { n++; return nil })
		if !errors.Is(err, errDisk) || errs != nil || n != 1 {
			t.Errorf("got %v, %v after %d entries; want the read error after 1", errs, err, n)
		}
		if meridian.KindOf(err) != meridian.EInternal {
			t.Errorf("kind %q, want internal", meridian.KindOf(err))
		}
	})
}

type failReader struct{ err error }

func (r *failReader) Read([]byte) (int, error) { return 0, r.err }

// BenchmarkReadCSV reads 100,000 person lines as the generator writes them.
func BenchmarkReadCSV(b *testing.B) {
	const lines = 100_000
	var sb strings.Builder
	sb.WriteString(csvHeader)
	for i := range lines {
		fmt.Fprintf(&sb, "person,W-%d,wanted,%s,%s;Alias %d,1980-05-%02d,M,RU;UA,P%07d,RU,passport,\n",
			i, names[i%len(names)], names[(i+1)%len(names)], i, i%28+1, i)
	}
	in := sb.String()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		errs, err := watchlist.ReadCSV(strings.NewReader(in), "wanted", func(watchlist.Entry) error { return nil })
		if errs != nil || err != nil {
			b.Fatal(errs, err)
		}
		n++
	}
	b.ReportMetric(float64(n*lines)/b.Elapsed().Seconds(), "lines/s")
}
