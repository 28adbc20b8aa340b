package watchlist_test

import (
	"strings"
	"testing"

	"meridian"
	"meridian/watchlist"
)

func TestReadFtM(t *testing.T) {
	ivan := `{"id":"NK-1","schema":"Person","caption":"Ivan Petrov","datasets":["interpol_red_notices"],"properties":{` +
		`"name":["Ivan Petrov","Иван Петров"],"alias":["Vanya",""],"weakAlias":["Ivan Petrov"],` +
		`"birthDate":["1980-05-01T00:00:00Z","1981"],"gender":["male"],"nationality":["ru"],"citizenship":["ru","ua"],` +
		`"passportNumber":["723456789"],"idNumber":["ID-1"],"topics":["crime.traffick","wanted"],"notes":["first","second"],` +
		`"address":["Moscow"],"sourceUrl":["https://example.org"],"addressEntity":[{"id":"a","schema":"Address"}]}}`
	ana := `{"id":"NK-2","schema":"Person","properties":{"name":["Ana Lima"],"gender":["female"],"birthDate":["1990"]}}`
	sam := `{"schema":"Person","properties":{"name":["Sam Doe"],"gender":["other"],"birthDate":["1975-03"],"topics":["poi","sanction"]}}`
	passport := `{"id":"pp-1","schema":"Passport","properties":{"number":["X1234567"],"country":["de"],"status":["stolen"],"holder":[{"id":"NK-1"}]}}`
	id := `{"id":"id-1","schema":"Identification","properties":{"number":["AB12"],"country":["fr"],"type":["National ID"],"topics":["lost"]}}`
	idPassport := `{"id":"id-2","schema":"Identification","properties":{"number":["C3"],"country":["it"],"type":["Passport"],"status":["revoked"]}}`

	wantIvan := &meridian.WatchPerson{
		Category: "wanted", Ref: "NK-1",
		Names: []meridian.Name{
			{Full: "Ivan Petrov", Kind: meridian.NamePrimary},
			{Full: "Иван Петров", Kind: meridian.NameAlias},
			{Full: "Vanya", Kind: meridian.NameAlias},
		},
		BirthDate: "1980-05-01", Sex: "M", Nationalities: []string{"RU", "UA"},
		Documents: []meridian.DocRef{{Number: "723456789", Type: "passport"}, {Number: "ID-1", Type: "id_card"}},
		Notes:     "first\nsecond",
		Addresses: []string{"Moscow"},
	}
	wantAna := &meridian.WatchPerson{Category: "victim", Ref: "NK-2", // the default category
		Names: []meridian.Name{{Full: "Ana Lima", Kind: meridian.NamePrimary}}, BirthDate: "1990", Sex: "F"}
	wantSam := &meridian.WatchPerson{Category: "suspect",
		Names: []meridian.Name{{Full: "Sam Doe", Kind: meridian.NamePrimary}}, BirthDate: "1975-03", Sex: "X"}
	wantPassport := &meridian.WatchDocument{Ref: "pp-1", Type: "passport", Number: "X1234567", IssuingState: "DE", Status: "stolen"}
	wantID := &meridian.WatchDocument{Ref: "id-1", Type: "id_card", Number: "AB12", IssuingState: "FR", Status: "lost"}
	wantIDPassport := &meridian.WatchDocument{Ref: "id-2", Type: "passport", Number: "C3", IssuingState: "IT", Status: "revoked"}

	tests := []struct {
		name string
		in   string
		want []watchlist.Entry
	}{
		{"OK", strings.Join([]string{ivan, ana, sam, passport, id, idPassport}, "\n") + "\n", []watchlist.Entry{
			{Line: 1, Person: wantIvan}, {Line: 2, Person: wantAna}, {Line: 3, Person: wantSam},
			{Line: 4, Document: wantPassport}, {Line: 5, Document: wantID}, {Line: 6, Document: wantIDPassport},
		}},
		{"BOMBlankLinesCRLFNoFinalNewline", "\ufeff" + ana + "\r\n\r\n  \n" + passport, []watchlist.Entry{
			{Line: 1, Person: wantAna}, {Line: 4, Document: wantPassport},
		}},
		{"LineOfExactly1MiB", pad(ana, 1<<20) + "\r\n" + passport + "\n", []watchlist.Entry{
			{Line: 1, Person: wantAna}, {Line: 2, Document: wantPassport},
		}},
		{"Empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []watchlist.Entry
			errs, err := watchlist.ReadFtM(strings.NewReader(tt.in), meridian.CategoryVictim, func(e watchlist.Entry) error {
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

// pad returns the JSON object obj padded to n bytes with an ignored key.
func pad(obj string, n int) string {
	const key = `"x":"",`
	return "{" + key[:len(key)-2] + strings.Repeat("y", n-len(obj)-len(key)) + `",` + obj[1:]
}

func TestReadFtM_Errors(t *testing.T) {
	good := `{"id":"NK-2","schema":"Person","properties":{"name":["Ana Lima"]}}` + "\n"
	person := func(props string) string {
		return `{"id":"p","schema":"Person","properties":{` + props + "}}\n"
	}
	passport := func(props string) string {
		return `{"id":"d","schema":"Passport","properties":{` + props + "}}\n"
	}
	runErrCases(t, watchlist.ReadFtM, []errCase{
		{name: "ErrJSON", in: good + `{"id":"x","schema":"Person",}` + "\n" + good,
			want:  []watchlist.LineError{{Line: 2, Message: "invalid JSON at byte 29: invalid character '}' looking for beginning of object key string"}},
			lines: []int{1, 3}},
		{name: "ErrJSON/Truncated", in: `{"id":"x","schema":"Pers`,
			want: []watchlist.LineError{{Line: 1, Message: "invalid JSON at byte 24: unexpected end of JSON input"}}},
		{name: "ErrJSON/TwoObjects", in: good[:len(good)-1] + good,
			want: []watchlist.LineError{{Line: 1, Message: "invalid JSON at byte 67: invalid character '{' after top-level value"}}},
		{name: "ErrNotObject", in: "[1,2]\n" + `"Person"` + "\n",
			want: []watchlist.LineError{{Line: 1, Message: "must be a JSON object, not array"}, {Line: 2, Message: "must be a JSON object, not string"}}},
		{name: "ErrKeyType", in: `{"id":5,"schema":"Person","properties":{"name":["A"]}}` + "\n" + `{"schema":"Person","properties":[]}` + "\n",
			want: []watchlist.LineError{{Line: 1, Field: "id", Message: "must be a string, not number (byte 7)"}, {Line: 2, Field: "properties", Message: "must be an object, not array"}}},
		{name: "ErrPropertyType", in: person(`"name":"Ana","birthDate":[1980],"topics":null`),
			want: []watchlist.LineError{
				{Line: 1, Field: "properties.name", Message: "must be an array of strings"},
				{Line: 1, Field: "properties.birthDate", Message: "must be an array of strings"},
				{Line: 1, Field: "properties.name", Message: "a Person needs a name"},
			}},
		{name: "ErrSchema", in: good + `{"id":"c","schema":"Company","properties":{"name":["ACME"]}}` + "\n" + `{"id":"c"}` + "\n" + good,
			want: []watchlist.LineError{
				{Line: 3, Field: "schema", Message: "is required"},
			},
			lines: []int{1, 4}},
		{name: "ErrLongLine", in: good + pad(good[:len(good)-1], 1<<20+1) + "\n" + good + pad(good, 3<<20),
			want: []watchlist.LineError{
				{Line: 2, Message: "longer than 1048576 bytes (1 MiB): not one entity"},
				{Line: 4, Message: "longer than 1048576 bytes"},
			},
			lines: []int{1, 3}},
		{name: "ErrUTF8", in: good + person(`"name":["Iv`+"\xff"+`an"]`),
			want:  []watchlist.LineError{{Line: 2, Message: "not valid UTF-8 at byte 54"}},
			lines: []int{1}},
		{name: "ErrMissingName", in: person(`"alias":["Vanya"]`) + person(`"name":["", "  "]`) + person(""),
			want: []watchlist.LineError{
				{Line: 1, Field: "properties.name", Message: "a Person needs a name"},
				{Line: 2, Field: "properties.name", Message: "a Person needs a name"},
				{Line: 3, Field: "properties.name", Message: "a Person needs a name"},
			}},
		{name: "ErrDateShape", in: person(`"name":["A"],"birthDate":["", "01/05/1980", "1980"]`) + person(`"name":["A"],"birthDate":["1980-5-1"]`),
			want: []watchlist.LineError{
				{Line: 1, Field: "properties.birthDate[1]", Message: "must be YYYY, YYYY-MM or YYYY-MM-DD, or an ISO timestamp"},
				{Line: 2, Field: "properties.birthDate[0]", Message: "must be YYYY"},
			}},
		{name: "ErrGender", in: person(`"name":["A"],"gender":["m"]`),
			want: []watchlist.LineError{{Line: 1, Field: "properties.gender[0]", Message: `unknown gender "m" (want male, female or other)`}}},
		{name: "ErrTopics", in: person(`"name":["A"],"topics":["sanction","victim","crime.traffick"]`) + person(`"name":["A"],"topics":["missing","victim"]`),
			want: []watchlist.LineError{
				{Line: 1, Field: "properties.topics", Message: `topics "victim", "crime.traffick" give conflicting categories victim and suspect`},
				{Line: 2, Field: "properties.topics", Message: "conflicting categories missing and victim"},
			}},
		{name: "ErrValidation", in: good +
			person(`"name":["A"],"alias":["B","\u0007"],"birthDate":["1980-02-30"],"nationality":["de","xx"],"citizenship":["DE","zz"],"passportNumber":["-"],"topics":["wanted.interpol"]`) +
			passport(`"number":["??"],"country":["zz"],"status":["stolen"]`) +
			`{"id":"` + strings.Repeat("i", 101) + `","schema":"Passport","properties":{"number":["X1"],"country":["de"],"topics":["stolen", "reported"]}}` + "\n" +
			good,
			want: []watchlist.LineError{
				{Line: 2, Field: "properties.alias[1]", Message: "contains control characters"},
				{Line: 2, Field: "properties.birthDate[0]", Message: `must be YYYY, YYYY-MM or YYYY-MM-DD, got "1980-02-30"`},
				{Line: 2, Field: "properties.nationality[1]", Message: `"XX"`},
				{Line: 2, Field: "properties.passportNumber[0]", Message: "must hold 1 to 50 letters or digits"},
				{Line: 3, Field: "properties.number[0]", Message: "must hold 1 to 50 letters or digits"},
				{Line: 3, Field: "properties.country[0]", Message: `"ZZ"`},
				{Line: 4, Field: "id", Message: "longer than 100 bytes"},
			},
			lines: []int{1, 5}},
		{name: "ErrValidation/DefaultCategory", in: good,
			fn: func(e watchlist.Entry) error {
				e.Person.Category = "nobody"
				return validate(e)
			},
			want: []watchlist.LineError{{Line: 1, Field: "category", Message: `unknown category "nobody"`}}},
		{name: "ErrStore", in: good + good + good,
			fn: func(e watchlist.Entry) error {
				if e.Line == 2 {
					return errStore
				}
				return nil
			},
			fatal: "watchlist: line 2: store unavailable", lines: []int{1}},
	})
}
