package watchlist_test

import (
	"bytes"
	"testing"

	"meridian"
	"meridian/watchlist"
)

// The seed corpora are in testdata/fuzz; these add the smallest cases.

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte(csvHeader + "person,W-1,wanted,Ivan,Vanya,1980,M,RU,X1,RU,passport,\n"))
	f.Add([]byte("kind\n\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, watchlist.ReadCSV, data) })
}

func FuzzReadFtM(f *testing.F) {
	f.Add([]byte(`{"id":"p","schema":"Person","properties":{"name":["Ivan"],"birthDate":["1980-05-01T00:00:00"]}}` + "\n"))
	f.Add([]byte(`{"schema":"Passport","properties":{"number":["X1"],"country":["de"],"status":["stolen"]}}`))
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, watchlist.ReadFtM, data) })
}

// checkRead reads data as the importer would and checks what must hold
// for any input: no panic, entries and errors on lines that exist, and a
// fatal error from a reader that cannot fail only ever the file's fault.
func checkRead(t *testing.T, read readFunc, data []byte) {
	lines := bytes.Count(data, []byte("\n")) + 1
	errs, err := read(bytes.NewReader(data), meridian.CategoryWanted, func(e watchlist.Entry) error {
		if (e.Person == nil) == (e.Document == nil) {
			t.Errorf("line %d: want exactly one of Person and Document: %+v", e.Line, e)
		}
		if e.Line < 1 || e.Line > lines {
			t.Errorf("entry on line %d of %d", e.Line, lines)
		}
		return validate(e)
	})
	if len(errs) > watchlist.MaxErrors {
		t.Errorf("%d line errors, more than MaxErrors", len(errs))
	}
	for _, le := range errs {
		if le.Line < 1 || le.Line > lines || le.Message == "" {
			t.Errorf("line error %+v: line out of 1..%d or no message", le, lines)
		}
	}
	if err != nil && meridian.KindOf(err) != meridian.EInvalid {
		t.Errorf("fatal error %v of kind %q, want invalid", err, meridian.KindOf(err))
	}
}
