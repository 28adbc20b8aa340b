package link_test

import (
	"testing"

	"meridian"
	"meridian/link"
)

// TestSlippedPartPartialDate: a part typed with one slip (a letter
// dropped, one changed) is read as the part when the dates of birth agree
// on the year against a full date, or are full dates one year apart on
// the same day: a record typed from another with its date written partly
// or slipped. Two slips with a year alone are not enough (a namesake of a
// common name is as likely).
func TestSlippedPartPartialDate(t *testing.T) {
	for _, c := range []struct {
		name             string
		nameA, dobA      string
		nameB, dobB      string
		sex, nationality string
		want             bool
	}{
		{"first letter dropped, year against full date", "Arben Kola", "2000", "Arben Ola", "2000-02-18", "M", "al", true},
		{"letter changed, year against full date", "Ion Matei", "1958-09-09", "Iog Matei", "1958", "M", "ro", true},
		{"one year off on the same day", "Magdalena Walczak", "1992-08-06", "Magdalena Walczal", "1993-08-06", "F", "pl", true},
		{"two slips, year alone", "Alina Iordache", "2002-09-26", "Ainaa Iordache", "2002", "F", "md", false},
		{"another given name, year alone", "Ion Matei", "1958-09-09", "Dan Matei", "1958", "M", "ro", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := `{"id":"a","schema":"Person","properties":{"name":["` + c.nameA + `"],"birthDate":["` + c.dobA + `"],"gender":["` + sexWord(c.sex) + `"],"nationality":["` + c.nationality + `"]}}`
			b := `{"id":"b","schema":"Person","properties":{"name":["` + c.nameB + `"],"birthDate":["` + c.dobB + `"],"gender":["` + sexWord(c.sex) + `"],"nationality":["` + c.nationality + `"]}}`
			p := find(pairs(t, a, b), "a", "b")
			got := p != nil && p.Relation == meridian.RelationSamePerson
			if got != c.want {
				if p != nil {
					t.Fatalf("proposed %v, want %v: %.3f %s", got, c.want, p.Score, link.Explain(p))
				}
				t.Fatalf("proposed %v, want %v", got, c.want)
			}
		})
	}
}

func sexWord(s string) string {
	if s == "F" {
		return "female"
	}
	return "male"
}

// TestNamesakeSlippedYear: a record without a date of birth and one with
// the same name and a date are proposed when the only other bearer of
// the name in the index has the date one year off on the same day (a
// slip of the same person's date, not a namesake proving another person);
// a bearer born decades apart still counts against the pair.
func TestNamesakeSlippedYear(t *testing.T) {
	undated := `{"id":"a","schema":"Person","properties":{"name":["Marija Jovanovska"],"gender":["female"],"nationality":["mk"]}}`
	dated := `{"id":"b","schema":"Person","properties":{"name":["Marija Jovanovska"],"birthDate":["2006-09-30"],"gender":["female"],"nationality":["mk"]}}`
	slip := `{"id":"c","schema":"Person","properties":{"name":["Marija Jovanovska"],"birthDate":["2007-09-30"],"gender":["female"],"nationality":["mk"]}}`
	other := `{"id":"c","schema":"Person","properties":{"name":["Marija Jovanovska"],"birthDate":["1961-02-11"],"gender":["female"],"nationality":["mk"]}}`
	if p := find(pairs(t, slip, undated, dated), "a", "b"); p == nil || p.Relation != meridian.RelationSamePerson {
		t.Fatalf("with a slipped year beside: not proposed (%v)", p)
	}
	if p := find(pairs(t, other, undated, dated), "a", "b"); p != nil {
		t.Fatalf("with a namesake born decades apart: proposed %.3f %s", p.Score, link.Explain(p))
	}
}
