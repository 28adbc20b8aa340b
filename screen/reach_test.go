package screen_test

import (
	"testing"

	"meridian/screen"
)

// reachCase is a pair of persons and whether they must hit.
type reachCase struct {
	a, b       string
	dobA, dobB string
	hit        bool
}

func checkReach(t *testing.T, cases []reachCase) {
	t.Helper()
	for _, c := range cases {
		s, ex := screen.Compare(screen.PersonQuery{Name: c.a, BirthDate: c.dobA}, screen.PersonQuery{Name: c.b, BirthDate: c.dobB})
		if got := s >= screen.DefaultThreshold; got != c.hit {
			t.Errorf("%q (%s) / %q (%s): score %.3f (date %s), want hit %v", c.a, c.dobA, c.b, c.dobB, s, ex.BirthDate, c.hit)
		}
		// and the same through an index
		ix := screen.NewPersonIndex()
		ix.AddBatch([]screen.PersonEntry{{ID: "x", Names: []string{c.b}, BirthDate: c.dobB}})
		ms := ix.Search(screen.PersonQuery{Name: c.a, BirthDate: c.dobA}, screen.DefaultThreshold, 5)
		if (len(ms) > 0) != c.hit {
			t.Errorf("index: %q (%s) / %q (%s): %d matches, want hit %v", c.a, c.dobA, c.b, c.dobB, len(ms), c.hit)
		}
	}
}

// TestNearDates: a date that disagrees a little weighs against the name's
// strength: a rare name of several parts with its date a day, a digit or a
// few years off (or against a year alone) is a hit; a common name with a
// date that differs is not, nor a rare one whose date is far.
func TestNearDates(t *testing.T) {
	const rare = "Oleksandr Vasylovych Kovalchenko"
	checkReach(t, []reachCase{
		{rare, rare, "1979-03-14", "1979-03-15", true},  // a day off
		{rare, rare, "1979-03-14", "1979-03-04", true},  // a digit off
		{rare, rare, "1979-03-14", "1979-08-14", true},  // the month a digit off
		{rare, rare, "1979-03-14", "1982-03-14", true},  // three years off
		{rare, rare, "1979-03-14", "1976", true},        // an approximate year
		{rare, rare, "1979-03-14", "1985-03-14", false}, // six years
		{rare, rare, "1979-03-14", "1979-11-27", false}, // another day
		{"Maria Rivera", "Maria Rivera", "1979-03-14", "1979-03-15", false},
		{"Mohamed Ali Hassan", "Mohamed Ali Hassan", "1979-03-14", "1981-03-14", false},
		{"Ivan Petrov", "Ivan Petrov", "1979", "1982", false},
	})
}

// TestTypingErrors: transposed, doubled and dropped letters, a letter
// moved across the boundary of two parts, digits typed for letters.
func TestTypingErrors(t *testing.T) {
	checkReach(t, []reachCase{
		{"Khalid Rahimov", "Khlaid Rahimov", "", "", true},
		{"Yusuf Demir", "Yussuf Demir", "", "", true},
		{"Ibrahim Demir", "Ibrrahim Demir", "", "", true},
		{"Maria Lopez", "Mari Alopez", "", "", true},
		{"Dmitry Petrov", "Dm1try Petr0v", "", "", true},
		{"Svetlana Kuznetsova", "5vetlana Kuznet5ova", "", "", true},
		{"Dmitry Petrov", "Dmitry Pavlov", "", "", false},
	})
}
