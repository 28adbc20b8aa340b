package screen_test

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

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
		case "", "latin", "cyrillic", "greek", "arabic", "other", "hangul", "kana":
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
	f.Add("さとう・ゆうこ", "SATOH Yuuko", "1980", "1983")
	f.Add("신준우", "Shin Joonwoo", "1979-03-14", "1976")
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

// FuzzSearch holds the index to the exhaustive answer on names the fuzzer
// makes up: a check must return the matches that scoring every person
// returns, with the same scores (but for matches made by joining parts,
// see TestPersonIndex_GenerationLosesNothing), and never panic. A crowd of
// namesakes makes the common name's keys frequent, so that checks go
// through the indexed pairs too.
func FuzzSearch(f *testing.F) {
	f.Add("Mohamad Aly", "محمد علي", "Mohammed Ali", "1980-05-01")
	f.Add("Li Li", "Li Wei", "Li Li", "")
	f.Add("Abdul Rahman Ali", "Abdulrahman", "Abdulrahman Ali", "1975")
	f.Add("Юрий Гагарин", "\xff", "Jurij Gagarin Mohammed", "1934-03-09")
	base := crowd("c", "Mohammed Ali", 110)
	f.Fuzz(func(t *testing.T, a, b, name, dob string) {
		es := append([]screen.PersonEntry(nil), base...)
		es = append(es,
			screen.PersonEntry{ID: "a", Names: []string{a}, BirthDate: dob},
			screen.PersonEntry{ID: "b", Names: []string{b, a}},
			screen.PersonEntry{ID: "ab", Names: []string{a + " " + b}, BirthDate: "1980"},
		)
		ix := screen.NewPersonIndex()
		ix.AddBatch(es)
		q := screen.PersonQuery{Name: name, BirthDate: dob}
		got := ix.Search(q, screen.DefaultThreshold, 10)
		want := ix.SearchEveryone(q, screen.DefaultThreshold, 10)
		for _, m := range got {
			if math.IsNaN(m.Score) || m.Score < screen.DefaultThreshold || m.Score > 1 {
				t.Fatalf("Search(%q) match %+v", name, m)
			}
		}
		same := len(got) == len(want)
		for k := 0; same && k < len(want); k++ {
			same = got[k].Score == want[k].Score
		}
		if !same && !joinedOnly(want, got) {
			t.Fatalf("Search(%q) = %v, scoring everyone %v", name, scores(got), scores(want))
		}
	})
}

// FuzzHangul: romanising any mix of Hangul and other text never panics,
// yields lower-case ASCII words, and a name of Hangul syllables alone
// always yields some.
func FuzzHangul(f *testing.F) {
	for _, s := range []string{"최영희", "남궁민수", "김 민준", "이지은 Lee", "가힣", "\uac00\ud7a3\u1100", "박-지성"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := screen.Normalize(s)
		for i := 0; i < len(got); i++ {
			if c := got[i]; !(c >= 'a' && c <= 'z' || c == ' ') {
				t.Fatalf("Normalize(%q) = %q: byte %q", s, got, c)
			}
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Fatalf("Normalize(%q) = %q: stray spaces", s, got)
		}
		hangul := s != ""
		for _, r := range s {
			if r < 0xAC00 || r > 0xD7A3 {
				hangul = false
			}
		}
		if hangul && utf8.RuneCountInString(s) <= 1000 && got == "" {
			t.Fatalf("Normalize(%q) is empty", s)
		}
	})
}
