package screen_test

import (
	"strings"
	"testing"

	"meridian/screen"
)

// TestEquivalents: a given name meets its equivalents in other languages
// (issue 15, class 3) through the table generated from open data, in
// Compare and in an index, while names that are not equivalents, or an
// equivalent with the rest of the name other, do not hit.
func TestEquivalents(t *testing.T) {
	checkReach(t, []reachCase{
		{"Ioannis Papadopoulos", "John Papadopoulos", "1971-05-02", "1971-05-02", true},
		{"Juan Papadopoulos", "Ioannis Papadopoulos", "1971-05-02", "1971-05-02", true},
		{"Giovanni Esposito", "Juan Esposito", "1980-01-09", "1980-01-09", true},
		{"William Turner", "Bill Turner", "1964-11-30", "1964-11-30", true},
		{"Margaret Kelly", "Peggy Kelly", "1950-02-14", "1950-02-14", true},
		{"Giuseppe Mancuso", "Joseph Mancuso", "1977-08-21", "1977-08-21", true},
		{"Yusuf Demir", "Joseph Demir", "1985-04-11", "1985-04-11", true},
		{"Γεώργιος Παπαδόπουλος", "George Papadopoulos", "1969-03-03", "1969-03-03", true},
		{"Ιωάννης Νικολάου", "John Nikolaou", "1969-03-03", "1969-03-03", true},
		// not equivalents, or the rest of the name another
		{"John Papadopoulos", "Jane Papadopoulos", "1971-05-02", "1971-05-02", false},
		{"Nicholas Brown", "Dominic Brown", "1971-05-02", "1971-05-02", false}, // both Nick, not each other
		{"Juan Garcia", "John Smith", "1971-05-02", "1971-05-02", false},
		{"William Turner", "Bill Turner", "1964-11-30", "1971-02-03", false}, // another date
	})
}

// TestEquivalentTable: the table holds the examples, both ways,
// and no name is its own equivalent.
func TestEquivalentTable(t *testing.T) {
	for _, p := range [][2]string{
		{"ioannis", "john"}, {"john", "juan"}, {"giovanni", "juan"}, {"william", "bill"}, {"margaret", "peggy"},
		{"joseph", "giuseppe"}, {"joseph", "yusuf"}, {"georgios", "george"},
	} {
		if !screen.Equivalent(p[0], p[1]) || !screen.Equivalent(p[1], p[0]) {
			t.Errorf("%s and %s are not equivalents", p[0], p[1])
		}
	}
	for _, p := range [][2]string{{"john", "jane"}, {"nicholas", "dominic"}, {"john", "john"}, {"maria", "mario"}} {
		if screen.Equivalent(p[0], p[1]) {
			t.Errorf("%s and %s are equivalents", p[0], p[1])
		}
	}
}

// TestEquivalentTableShape: every name and equivalent of the table is in
// normalised form, one part, never its own equivalent, and equivalence
// goes both ways.
func TestEquivalentTableShape(t *testing.T) {
	m := screen.EquivalentNames()
	if len(m) < 4000 {
		t.Fatalf("%d names", len(m))
	}
	for n, es := range m {
		if screen.Normalize(n) != n || strings.Contains(n, " ") {
			t.Errorf("%q is not one normalised part", n)
		}
		for _, e := range es {
			if e == n || screen.Normalize(e) != e || !screen.Equivalent(e, n) {
				t.Errorf("%q: equivalent %q is itself, not normalised, or not both ways", n, e)
			}
		}
	}
}
