package link_test

import (
	"context"
	"testing"

	"meridian"
	"meridian/link"
)

func person(id, name, dob, phone string) *meridian.Person {
	p := &meridian.Person{Meta: meridian.Meta{ID: id, OwnerAgency: "ag", OwnerCountry: "RS"}, Role: meridian.RoleSuspect,
		Names: []meridian.Name{{Full: name}}, BirthDate: meridian.Date(dob), Sex: "M"}
	if phone != "" {
		p.Identifiers = []meridian.Identifier{{Kind: meridian.IDPhone, Value: phone}}
	}
	return p
}

// TestRescore: a pair is scored again on both records as they now are;
// one whose shared phone is gone falls below the threshold, one whose
// names and dates still agree stays; a record the engine does not hold
// says nothing.
func TestRescore(t *testing.T) {
	e := link.New(nil, link.Options{})
	ctx := context.Background()
	e.Add(person("a", "Marko Petrovic", "1985-03-12", "+381641234567"))
	e.Add(person("b", "Ivana Kostova", "1999-07-30", "+381641234567"))
	e.Add(person("c", "Marko Petrovic", "1985-03-12", ""))
	if _, err := e.Propose(ctx, person("b", "Ivana Kostova", "1999-07-30", "+381641234567")); err != nil {
		t.Fatal(err)
	}
	p, above, known := e.Rescore("b", "a")
	if !known || !above || p.Relation != meridian.RelationNetwork {
		t.Fatalf("shared phone: %v %v %+v", above, known, p)
	}
	e.Add(person("b", "Ivana Kostova", "1999-07-30", ""))
	if p, above, known := e.Rescore("b", "a"); !known || above {
		t.Fatalf("phone gone: %v %v %s", above, known, link.Explain(&p))
	}
	if p, above, _ := e.Rescore("c", "a"); !above || p.Relation != meridian.RelationSamePerson {
		t.Fatalf("same name and date: %v %s", above, link.Explain(&p))
	}
	if _, _, known := e.Rescore("a", "nobody"); known {
		t.Fatal("a record the engine does not hold was scored")
	}
}

// TestDateBackedSlips: with the full dates of birth agreeing, a part
// typed with two slips, or romanised from another script, no longer
// keeps one person apart; with the dates apart, or a placeholder date
// (1 January), it does.
func TestDateBackedSlips(t *testing.T) {
	for _, c := range []struct {
		name, a, b, dobA, dobB string
		want                   bool
	}{
		{"TwoSlips", "Jorge Garcia Castro", "Jlrgw Garcia Castro", "1990-09-07", "1990-09-07", true},
		{"Arabic", "Tewelde Haile", "تيويلدي هايلي", "1992-03-01", "1992-03-01", true},
		{"CyrillicSlip", "Sabine Werner", "Саблине Вернер", "1994-01-19", "1994-01-19", true},
		{"DatesApart", "Jorge Garcia Castro", "Jlrgw Garcia Castro", "1990-09-07", "1991-02-17", false},
		{"Placeholder", "Sabine Werner", "Sanind Werner", "1994-01-01", "1994-01-01", false},
		{"Twins", "Ana Popescu", "Maria Popescu", "1994-05-19", "1994-05-19", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps := pairs(t,
				`{"id":"a","schema":"Person","properties":{"name":["`+c.a+`"],"birthDate":["`+c.dobA+`"]}}`,
				`{"id":"b","schema":"Person","properties":{"name":["`+c.b+`"],"birthDate":["`+c.dobB+`"]}}`)
			p := find(ps, "a", "b")
			if got := p != nil && p.Relation == meridian.RelationSamePerson; got != c.want {
				if p != nil {
					t.Fatalf("proposed %v, want %v: %.3f %s", got, c.want, p.Score, link.Explain(p))
				}
				t.Fatalf("proposed %v, want %v", got, c.want)
			}
		})
	}
}
