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
// few years off (or against a year alone two years off, three for a very
// rare name) is a hit; a common name with a date that differs is not, nor
// a rare one whose date is far; a year alone one year off no longer lifts
// a name that is not strong.
func TestNearDates(t *testing.T) {
	const rare = "Oleksandr Vasylovych Kovalchenko"
	checkReach(t, []reachCase{
		{rare, rare, "1979-03-14", "1979-03-15", true},                                 // a day off
		{rare, rare, "1979-03-14", "1979-03-04", true},                                 // a digit off
		{rare, rare, "1979-03-14", "1979-08-14", true},                                 // the month a digit off
		{rare, rare, "1979-03-14", "1982-03-14", true},                                 // three years off
		{rare, rare, "1979-03-14", "1977", true},                                       // an approximate year
		{rare, rare, "1979-03-14", "1976", true},                                       // three years from a year alone: only a very rare name
		{rare, rare, "1979-03-14", "1975", false},                                      // four years from a year alone
		{"Julio Ortiz García", "Julio Ortiz García", "1983-03-27", "1983-03-28", true}, // three frequent parts: rare together
		{"Julio Ortiz García", "Julio Ortiz García", "1983-03-27", "1980", false},      // but not rare enough for a year three years off
		{"Juan Lopez Lopez", "Juan Lopez Lopez", "1974-06-02", "1974-06-09", false},    // parts of the head of the lists
		{rare, rare, "1979-03-14", "1985-03-14", false},                                // six years
		{rare, rare, "1979-03-14", "1979-11-27", false},                                // another day
		{"Maria Rivera", "Maria Rivera", "1979-03-14", "1979-03-15", false},
		{"Mohamed Ali Hassan", "Mohamed Ali Hassan", "1979-03-14", "1981-03-14", false},
		{"Ivan Petrov", "Ivan Petrov", "1979", "1982", false},
		{"Filmon Dawit", "Filmon Dawit", "2000-07-31", "2002", false},
		{"Ali Karim", "Mohammad Ali Karimi", "1987", "1986-05-14", false}, // a year alone one year off: not for a weak name
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

// TestHangul: a Korean name in Hangul meets its romanisations (RR,
// McCune-Reischauer, passport spellings; surname first or last) and not
// another given name with the same surname.
func TestHangul(t *testing.T) {
	if got := screen.Normalize("최영희"); got != "choi yeong hui" {
		t.Errorf("Normalize(최영희) = %q", got)
	}
	if got := screen.Normalize("남궁민수"); got != "namgoong min su" {
		t.Errorf("Normalize(남궁민수) = %q", got)
	}
	checkReach(t, []reachCase{
		{"최영희", "Choi Young Hee", "", "", true},
		{"최영희", "Ch'oe Yŏng-hŭi", "", "", true},
		{"최영희", "Choe Yeonghui", "", "", true},
		{"김민준", "Kim Min-jun", "", "", true},
		{"이지은", "Lee Ji-eun", "", "", true},
		{"장민영", "Jang Minjeong", "", "", false}, // 영 and 정 are other syllables
		{"류호혜", "Ryu Hyehye", "", "", false},
		{"박지성", "Park Ji-sung", "", "", true},
		{"이주경", "I Ju-gyeong", "", "", true},
		{"박지성", "Ji-sung Park", "", "", true},
		{"최영희", "Choi Young Ho", "", "", false},
		{"김민준", "Kim Min-seok", "", "", false},
		{"박지성", "Park Ji-hoon", "", "", false},
		{"송성정", "Song Seong-yeong", "", "", false}, // a syllable facing another is another name
		{"한지재", "Han Jin Jae", "", "", false},
		{"안현석", "An Hye-sŏk", "", "", false},
	})
	// Pairwise only: an index finds no candidate for the RR surname with
	// the given name joined (Gim and Kim share no key, Minjun is one
	// part), nor for McCune-Reischauer's unvoiced consonants (Chae for
	// Jae), which only koreanKey meets.
	for _, p := range [][2]string{{"송경미", "Kyungmi Song"}, {"신준우", "Shin Joonwoo"}, {"오우원", "Oh Woowon"}, {"김민준", "Gim Minjun"}, {"이지은", "Yi Chi-ŭn"}, {"고철재", "Ch'ŏl-chae Ko"}, {"최우원", "Woo-won Choi"}} {
		if s, _ := screen.Compare(screen.PersonQuery{Name: p[0]}, screen.PersonQuery{Name: p[1]}); s < screen.DefaultThreshold {
			t.Errorf("%s / %s: %.3f", p[0], p[1], s)
		}
	}
}
