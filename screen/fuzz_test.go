package screen_test

import (
	"math"
	"testing"

	"meridian/screen"
)

// The seed corpora are in testdata/fuzz/FuzzNormalize and
// testdata/fuzz/FuzzCompare; f.Add adds the names of the table tests too.

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Ivan Petrov", "Юрий Гагарин", "محمد عبد الرحمن", "Γεώργιος", "Nguyễn", "毛泽东", "O'Brien-Smith", "\xff", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := screen.Normalize(s)
		if !isNormalForm(n) {
			t.Fatalf("Normalize(%q) = %q: not lower-case ASCII words", s, n)
		}
		if len(n) > 4000 {
			t.Fatalf("Normalize(%q) gave %d bytes", s, len(n))
		}
		if again := screen.Normalize(n); again != n {
			t.Fatalf("Normalize not idempotent: %q -> %q -> %q", s, n, again)
		}
		switch screen.Script(s) {
		case "", "latin", "cyrillic", "greek", "arabic", "other":
		default:
			t.Fatalf("Script(%q) = %q", s, screen.Script(s))
		}
	})
}

func FuzzCompare(f *testing.F) {
	f.Add("Ivan Petrov", "Иван Петров", "1980-05-01", "1980-01-05")
	f.Add("محمد حسين", "Mohammed Hussein", "", "1990")
	f.Add("Abdulrahman", "Abdul Rahman", "1980-13-40", "x")
	f.Add("J. Smith", "John Smith", "", "")
	f.Fuzz(func(t *testing.T, a, b, da, db string) {
		qa := screen.PersonQuery{Name: a, BirthDate: da, Sex: "M"}
		qb := screen.PersonQuery{Name: b, BirthDate: db, Sex: "F", Nationality: "FR"}
		s1, ex := screen.Compare(qa, qb)
		s2, _ := screen.Compare(qb, qa)
		for _, s := range []float64{s1, s2, ex.NameScore} {
			if math.IsNaN(s) || s < 0 || s > 1 {
				t.Fatalf("Compare(%q, %q) = %v", a, b, s)
			}
		}
		// Symmetric but for which side's parts are joined: allow some slack.
		if math.Abs(s1-s2) > 0.25 {
			t.Fatalf("Compare(%q, %q) = %.3f, reversed %.3f", a, b, s1, s2)
		}
		for _, p := range ex.Parts {
			if p.Score < 0 || p.Score > 1 || p.Weight < 0 || math.IsNaN(p.Weight) {
				t.Fatalf("part %+v", p)
			}
		}
	})
}
