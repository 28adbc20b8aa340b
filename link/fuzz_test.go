package link_test

import (
	"context"
	"strings"
	"testing"

	"meridian/link"
)

// FuzzReadFtM: the reader never panics, and what it accepts the engine
// runs over without panicking.
func FuzzReadFtM(f *testing.F) {
	f.Add(`{"id":"a","schema":"Person","properties":{"name":["Олена Карпенко"],"birthDate":["1985-03-02"],"passportNumber":["AB123"]}}`)
	f.Add(`{"id":"b","schema":"Person","properties":{"firstName":["Ivan"],"lastName":"Petrov","phone":["+38970123456"],"email":["a@b.mk"]}}` + "\n" +
		`{"id":"c","schema":"Person","properties":{"name":["Ivan Petrov"],"phone":["0038970123456"],"address":["Ul. 1, Skopje"]}}`)
	f.Add(`{"id":"x","schema":"Passport"}` + "\n\n{")
	f.Add(`{"id":"d","schema":"Person","properties":{"birthDate":["19800101"],"nationality":["xx","mk"],"gender":["female"]}}`)
	f.Fuzz(func(t *testing.T, in string) {
		recs, err := link.ReadFtM(strings.NewReader(in))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "line ") {
				t.Fatalf("error does not name the line: %v", err)
			}
			return
		}
		for _, r := range recs {
			if r.Person == nil || r.Person.ID == "" || r.Line < 1 {
				t.Fatalf("bad record %+v", r)
			}
		}
		if len(recs) > 50 {
			recs = recs[:50]
		}
		if _, err := link.Pairs(context.Background(), recs, link.Options{}); err != nil {
			t.Fatal(err)
		}
	})
}
