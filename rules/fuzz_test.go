package rules_test

import (
	"encoding/json"
	"testing"

	"meridian"
	"meridian/rules"
)

// FuzzCheck: any text as a rule expression compiles or is rejected as
// invalid input naming the field; never a panic or an internal error.
func FuzzCheck(f *testing.F) {
	for _, r := range rules.Defaults() {
		f.Add(r.Expression, r.Reason)
	}
	f.Add(`traveller.agee > 3`, `"%d".format([1])`)
	f.Add("traveller.age >\n", "")
	f.Add(`group.members.all(a, group.members.all(b, a.age == b.age))`, `1`)
	f.Fuzz(func(t *testing.T, expr, reason string) {
		err := rules.Check("fuzz", expr, reason)
		if err != nil && (meridian.KindOf(err) != meridian.EInvalid || meridian.FieldOf(err) == "") {
			t.Fatalf("%q / %q: %v", expr, reason, err)
		}
	})
}

// FuzzScreen: the default rules screen any manifest the parsers could
// produce (here: any JSON that decodes into one) without a panic, with a
// hit or a warning only for travellers that exist.
func FuzzScreen(f *testing.F) {
	for _, m := range []*meridian.Manifest{pnrgov(family()), pnrgov(youngGroup(), solo("S1", "HOXHA", "MIRA", "+355691234567")),
		paxlst(family().Travellers...), manifest300()} {
		b, err := json.Marshal(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"flights":[{"departure":{"time":"2024-13-45"}}],"travellers":[{"birth_date":"0000","documents":[{"issued_on":"9999-12-31"}]}]}`))
	e := defaultEngine(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var m meridian.Manifest
		if json.Unmarshal(data, &m) != nil {
			return
		}
		res := e.Screen(&m)
		n := len(m.AllTravellers())
		if res.Travellers != n {
			t.Fatalf("%d travellers screened of %d", res.Travellers, n)
		}
		for _, h := range res.Hits {
			if h.Traveller < 0 || h.Traveller >= n || h.Reason == "" {
				t.Fatalf("hit %+v", h)
			}
		}
		for _, w := range res.Warnings {
			if w.Traveller < -1 || w.Traveller >= n {
				t.Fatalf("warning %+v", w)
			}
		}
	})
}
