package http

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestJSONFlaw(t *testing.T) {
	for _, tc := range []struct{ body, where string }{
		{`{"a":1,"b":[1,{"c":"x"}]}`, ""},
		{`{"a":1,"a":2}`, "body.a"},
		{`{"a":{"b":1,"B":2}}`, "body.a.B"},
		{`{"K":1,"\u212a":2}`, "body.\u212a"}, // Kelvin sign folds to k
		{`[{"x":"\ud800"}]`, "body[0].x"},
		{`["\ud83d\ude00", "\\ud800"]`, ""}, // a pair; an escaped backslash
		{`{"a":[[],[{}],{"b":"\udfff"}]}`, "body.a[2].b"},
		{` "\ud800" `, "body"},
	} {
		where, what := jsonFlaw([]byte(tc.body))
		if where != tc.where {
			t.Errorf("%s: flaw at %q (%s), want %q", tc.body, where, what, tc.where)
		}
	}
}

// FuzzJSONFlaw: on any valid JSON the walk ends without a panic, and a
// body it finds sound decodes to the same value as encoding/json reads it.
func FuzzJSONFlaw(f *testing.F) {
	for _, s := range []string{`{"a":1,"a":2}`, `[{"x":"\ud800"}]`, `{"a":[1,true,null,"\u00e9"],"b":{"c":-1.5e3}}`, `"\ud83d\ude00"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !json.Valid([]byte(s)) {
			return
		}
		where, _ := jsonFlaw([]byte(s))
		if where != "" && !strings.HasPrefix(where, "body") {
			t.Fatalf("flaw at %q", where)
		}
		if where == "" && strings.Contains(s, `\u`) {
			var v any
			if err := json.Unmarshal([]byte(s), &v); err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(v)
			if strings.ContainsRune(string(b), '\uFFFD') && !strings.Contains(s, `\ufffd`) && !strings.Contains(strings.ToLower(s), `\ufffd`) && !strings.ContainsRune(s, '\uFFFD') {
				t.Fatalf("%q passed but decodes with U+FFFD", s)
			}
		}
	})
}
