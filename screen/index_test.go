package screen_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"meridian/screen"
)

// personFixtures is a small watchlist in several scripts.
var personFixtures = []screen.PersonEntry{
	{ID: "p-ivan", Names: []string{"Ivan Sergeyevich Petrov", "Иван Петров"}, BirthDate: "1980-05-01", Sex: "M", Nationalities: []string{"RU"}},
	{ID: "p-yuri", Names: []string{"Юрий Гагарин"}, BirthDate: "1934-03-09", Sex: "M", Nationalities: []string{"RU"}},
	{ID: "p-george", Names: []string{"Γεώργιος Παπαδόπουλος"}, BirthDate: "1975", Sex: "M", Nationalities: []string{"GR"}},
	{ID: "p-mohammed", Names: []string{"محمد حسين الشامي", "Mohammed Hussein Al-Shami"}, BirthDate: "1990-07-12", Sex: "M", Nationalities: []string{"SY", "TR"}},
	{ID: "p-abdul", Names: []string{"Abdulrahman Khalil"}, BirthDate: "1988-02-03", Sex: "M", Nationalities: []string{"IQ"}},
	{ID: "p-fatima", Names: []string{"Fatima Al-Zahra Haddad"}, Sex: "F", Nationalities: []string{"LB"}},
	{ID: "p-dragan", Names: []string{"Dragan Petrović"}, BirthDate: "1971-11-30", Sex: "M", Nationalities: []string{"RS"}},
	{ID: "p-jean", Names: []string{"Jean-Pierre Dubois"}, BirthDate: "1966-01-20", Sex: "M", Nationalities: []string{"FR"}},
	{ID: "p-zbig", Names: []string{"Zbigniew Kowalczyk"}, Sex: "M", Nationalities: []string{"PL"}},
	{ID: "p-ali-1", Names: []string{"Mohammed Ali"}, BirthDate: "1980-05-01", Sex: "M"},
	{ID: "p-ali-2", Names: []string{"Mohammed Ali"}, BirthDate: "1962-09-14", Sex: "M"},
	{ID: "p-anna", Names: []string{"Anna Müller"}, BirthDate: "1995-06", Sex: "F", Nationalities: []string{"DE"}},
}

func mustPersonIndex(tb testing.TB, es ...screen.PersonEntry) *screen.PersonIndex {
	tb.Helper()
	ix := screen.NewPersonIndex()
	ix.AddBatch(es)
	if ix.Len() != len(es) {
		tb.Fatalf("Len() = %d, want %d", ix.Len(), len(es))
	}
	return ix
}

func matchIDs(ms []screen.Match) []string {
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	return ids
}

func TestPersonIndex_Search(t *testing.T) {
	ix := mustPersonIndex(t, personFixtures...)
	tests := []struct {
		name  string
		q     screen.PersonQuery
		first string // "" for no match
	}{
		{"Exact", pq("Ivan Petrov"), "p-ivan"},
		{"CyrillicToLatin", pq("Иван Сергеевич Петров"), "p-ivan"},
		{"Reordered", pq("Petrov Ivan"), "p-ivan"},
		{"Romanisation", pq("Iurii Gagarin"), "p-yuri"},
		{"Greek", pq("Georgios Papadopoulos"), "p-george"},
		{"ArabicToLatin", pq("Muhammad Husayn Shami"), "p-mohammed"},
		{"LatinToArabic", pq("محمد حسين"), "p-mohammed"},
		{"Split", pq("Abdul Rahman Khalil"), "p-abdul"},
		{"ArabicJoined", pq("عبد الرحمن خليل"), "p-abdul"},
		{"Particle", pq("Fatima Zahra Haddad"), "p-fatima"},
		{"Diacritics", pq("Dragan Petrovich"), "p-dragan"},
		{"Hyphen", pq("Jean Pierre Dubois"), "p-jean"},
		{"Typo", pq("Zbigniew Kowalcyzk"), "p-zbig"},
		{"Umlaut", pq("Anna Mueller"), "p-anna"},
		{"CommonNameDate", pqd("Mohammed Ali", "1962-09-14"), "p-ali-2"},
		{"CommonNameOtherDate", pqd("Mohammed Ali", "1999-12-31"), ""},
		{"NoMatch", pq("Olga Smirnova"), ""},
		{"OnlyGiven", pq("Zbigniew"), ""},
		{"Empty", pq(""), ""},
		{"Punctuation", pq("-- ..."), ""},
		{"InvalidUTF8", pq("\xff\xfe\xfa"), ""},
		{"Long", pq(strings.Repeat("Petrov ", 1500)), ""},
		{"LongWord", pq(strings.Repeat("x", 10000)), ""},
		{"MixedScripts", pq("Ivan Петров"), "p-ivan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := ix.Search(tt.q, screen.DefaultThreshold, 5)
			if tt.first == "" {
				if len(ms) > 0 {
					t.Fatalf("Search(%q) = %v, want no match\n%s", tt.q.Name, matchIDs(ms), explainJSON(ms[0].Explanation))
				}
				return
			}
			if len(ms) == 0 || ms[0].ID != tt.first {
				t.Fatalf("Search(%q) = %v, want %s first", tt.q.Name, matchIDs(ms), tt.first)
			}
			m := ms[0]
			if m.Score < screen.DefaultThreshold || m.Score > 1 || m.Explanation.Name == "" || len(m.Explanation.Parts) == 0 || m.Explanation.Summary == "" {
				t.Errorf("match %+v", m)
			}
			for i := 1; i < len(ms); i++ {
				if ms[i].Score > ms[i-1].Score {
					t.Errorf("matches not best first: %v", ms)
				}
			}
		})
	}
}

// TestPersonIndex_AgreesWithCompare checks that the index scores a found
// entry close to what Compare says of the same pair.
func TestPersonIndex_AgreesWithCompare(t *testing.T) {
	ix := mustPersonIndex(t, personFixtures...)
	byID := map[string]screen.PersonEntry{}
	for _, e := range personFixtures {
		byID[e.ID] = e
	}
	for _, q := range []screen.PersonQuery{pq("Ivan Petrov"), pq("Muhammad Husayn Shami"), pq("Abdul Rahman Khalil"), pq("Dragan Petrovich")} {
		for _, m := range ix.Search(q, 0.5, 10) {
			e := byID[m.ID]
			best := 0.0
			for _, n := range e.Names {
				s, _ := screen.Compare(q, screen.PersonQuery{Name: n})
				best = max(best, s)
			}
			if d := best - m.Explanation.NameScore; d > 0.15 || d < -0.15 {
				t.Errorf("%q vs %s: index name score %.3f, Compare %.3f", q.Name, m.ID, m.Explanation.NameScore, best)
			}
		}
	}
}

func TestPersonIndex_Qualifiers(t *testing.T) {
	ix := mustPersonIndex(t, personFixtures...)
	q := screen.PersonQuery{Name: "Mohammed Hussein Al-Shami", BirthDate: "1990-07-12", Sex: "M", Nationality: "TR"}
	ms := ix.Search(q, 0, 1)
	if len(ms) != 1 {
		t.Fatalf("no match")
	}
	ex := ms[0].Explanation
	if ex.BirthDate != "exact" || ex.Sex != "match" || ex.Nationality != "match" {
		t.Errorf("qualifiers %s %s %s", ex.BirthDate, ex.Sex, ex.Nationality)
	}
	q.Sex, q.Nationality = "F", "FR"
	ms2 := ix.Search(q, 0, 1)
	if len(ms2) != 1 || ms2[0].Score >= ms[0].Score || ms2[0].Explanation.Sex != "mismatch" || ms2[0].Explanation.Nationality != "mismatch" {
		t.Errorf("mismatching sex and nationality: %+v", ms2)
	}
}

func TestPersonIndex_Entries(t *testing.T) {
	t.Run("Remove", func(t *testing.T) {
		ix := mustPersonIndex(t, personFixtures...)
		if !ix.Remove("p-ivan") {
			t.Fatal("Remove(p-ivan) = false")
		}
		if ix.Remove("p-ivan") || ix.Remove("nope") {
			t.Fatal("Remove of an absent id = true")
		}
		if ix.Len() != len(personFixtures)-1 {
			t.Fatalf("Len() = %d", ix.Len())
		}
		if ms := ix.Search(pq("Ivan Petrov"), 0, 10); len(ms) > 0 {
			for _, m := range ms {
				if m.ID == "p-ivan" {
					t.Fatalf("removed entry returned: %v", matchIDs(ms))
				}
			}
		}
	})
	t.Run("Replace", func(t *testing.T) {
		ix := mustPersonIndex(t, personFixtures...)
		ix.Add(screen.PersonEntry{ID: "p-ivan", Names: []string{"Boris Godunov"}, BirthDate: "1952"})
		if ix.Len() != len(personFixtures) {
			t.Fatalf("Len() = %d after replace", ix.Len())
		}
		if ms := ix.Search(pq("Ivan Sergeyevich Petrov"), screen.DefaultThreshold, 10); len(ms) > 0 {
			t.Errorf("old names still found: %v", matchIDs(ms))
		}
		if ms := ix.Search(pq("Boris Godunov"), screen.DefaultThreshold, 10); len(ms) != 1 || ms[0].ID != "p-ivan" {
			t.Errorf("new names not found: %v", matchIDs(ms))
		}
	})
	t.Run("BatchDuplicates", func(t *testing.T) {
		ix := mustPersonIndex(t)
		ix.AddBatch([]screen.PersonEntry{
			{ID: "a", Names: []string{"Olga Smirnova"}},
			{ID: "a", Names: []string{"Kwame Mensah"}},
		})
		if ix.Len() != 1 {
			t.Fatalf("Len() = %d", ix.Len())
		}
		if ms := ix.Search(pq("Kwame Mensah"), screen.DefaultThreshold, 10); len(ms) != 1 {
			t.Errorf("last of duplicates not kept: %v", matchIDs(ms))
		}
		if ms := ix.Search(pq("Olga Smirnova"), screen.DefaultThreshold, 10); len(ms) != 0 {
			t.Errorf("first of duplicates kept: %v", matchIDs(ms))
		}
	})
	t.Run("OddEntries", func(t *testing.T) {
		ix := mustPersonIndex(t,
			screen.PersonEntry{ID: "none"},
			screen.PersonEntry{ID: "empty", Names: []string{"", "...", "\xff"}},
			screen.PersonEntry{ID: "long", Names: []string{strings.Repeat("Petrov Ivan ", 2000)}, BirthDate: "not a date"},
			screen.PersonEntry{ID: "nul", Names: []string{"Ivan\x00Petrov"}, Nationalities: []string{"xx", "TOOLONG", ""}},
		)
		ms := ix.Search(pq("Ivan Petrov"), 0, 10)
		for _, m := range ms {
			if m.Score < 0 || m.Score > 1 {
				t.Errorf("score %v", m.Score)
			}
		}
		if !ix.Remove("long") || !ix.Remove("none") || ix.Len() != 2 {
			t.Errorf("Remove or Len wrong: %d", ix.Len())
		}
	})
	t.Run("EmptyIndex", func(t *testing.T) {
		ix := screen.NewPersonIndex()
		if ms := ix.Search(pq("Ivan Petrov"), 0, 10); ms != nil {
			t.Errorf("empty index matched %v", ms)
		}
	})
	t.Run("Limit", func(t *testing.T) {
		var es []screen.PersonEntry
		for i := 0; i < 30; i++ {
			es = append(es, screen.PersonEntry{ID: fmt.Sprint(i), Names: []string{"Zbigniew Kowalczyk"}})
		}
		ix := mustPersonIndex(t, es...)
		if n := len(ix.Search(pq("Zbigniew Kowalczyk"), 0, 7)); n != 7 {
			t.Errorf("limit 7 gave %d", n)
		}
		if n := len(ix.Search(pq("Zbigniew Kowalczyk"), 0, 0)); n != 10 {
			t.Errorf("limit 0 gave %d, want the default 10", n)
		}
	})
}

// TestPersonIndex_ChurnMatchesFresh adds, removes and replaces persons at
// random, with common names so that indexed pairs change too, and checks
// every search against an index built fresh from what is left.
func TestPersonIndex_ChurnMatchesFresh(t *testing.T) {
	g := newPersonGen(5)
	r := rand.New(rand.NewPCG(5, 5))
	const n = 6000
	all := g.entries(n)
	// Make a few names very common, so that their pairs are indexed.
	for i := range all {
		if i%3 == 0 {
			all[i].Names = append(all[i].Names, "Mohammed Hassan Ali")
		}
	}
	ix := screen.NewPersonIndex()
	ix.AddBatch(all[:n/2])
	live := map[string]screen.PersonEntry{}
	for _, e := range all[:n/2] {
		live[e.ID] = e
	}
	for i := n / 2; i < n; i++ {
		switch r.IntN(3) {
		case 0:
			ix.Add(all[i])
			live[all[i].ID] = all[i]
		case 1:
			victim := all[r.IntN(i)]
			_, was := live[victim.ID]
			if ix.Remove(victim.ID) != was {
				t.Fatalf("Remove(%s) disagrees", victim.ID)
			}
			delete(live, victim.ID)
		case 2:
			e := all[i]
			e.ID = all[r.IntN(i)].ID
			ix.Add(e)
			live[e.ID] = e
		}
	}
	if ix.Len() != len(live) {
		t.Fatalf("Len() = %d, want %d", ix.Len(), len(live))
	}
	fresh := screen.NewPersonIndex()
	for _, e := range live {
		fresh.Add(e)
	}
	queries := []screen.PersonQuery{pq("Mohammed Hassan Ali"), pqd("Mohammed Hassan", "1980"), pq("Hassan Ali")}
	for i := 0; i < 300; i++ {
		queries = append(queries, personQueryFor(r, all[r.IntN(n)]))
	}
	for _, q := range queries {
		got, want := ix.Search(q, screen.DefaultThreshold, 1000), fresh.Search(q, screen.DefaultThreshold, 1000)
		for _, m := range got {
			if _, ok := live[m.ID]; !ok {
				t.Fatalf("Search(%q) returned removed %s", q.Name, m.ID)
			}
		}
		// Among many equal names which ones are scored first differs
		// between the two; their scores must not. Weights drift a little
		// with churn.
		if len(got) != len(want) {
			if d := len(got) - len(want); d > 1+len(want)/10 || -d > 1+len(want)/10 {
				t.Errorf("Search(%q): churned index found %d, fresh %d", q.Name, len(got), len(want))
			}
		}
		if len(want) >= 100 {
			continue // more equal names than are scored in full
		}
		for k := 0; k < min(len(got), len(want), 20); k++ {
			if d := got[k].Score - want[k].Score; d > 0.03 || d < -0.03 {
				t.Errorf("Search(%q): match %d scores %.3f churned, %.3f fresh", q.Name, k, got[k].Score, want[k].Score)
				break
			}
		}
	}
}

// TestPersonIndex_Recall checks that checks built from listed persons find
// them: the index's candidate generation must not lose what scoring would
// accept.
func TestPersonIndex_Recall(t *testing.T) {
	es := newPersonGen(11).entries(20000)
	ix := mustPersonIndex(t, es...)
	r := rand.New(rand.NewPCG(11, 11))
	found, total := 0, 0
	for i := 0; i < 1000; i++ {
		e := es[r.IntN(len(es))]
		q := personQueryFor(r, e)
		total++
		for _, m := range ix.Search(q, screen.DefaultThreshold, 50) {
			if m.ID == e.ID {
				found++
				break
			}
		}
	}
	if rate := float64(found) / float64(total); rate < 0.9 {
		t.Errorf("recall %.3f, want >= 0.9", rate)
	} else {
		t.Logf("recall %.3f", rate)
	}
}

func TestPersonIndex_Concurrent(t *testing.T) {
	es := newPersonGen(3).entries(3000)
	ix := mustPersonIndex(t, es[:1500]...)
	r := rand.New(rand.NewPCG(3, 3))
	queries := make([]screen.PersonQuery, 200)
	for i := range queries {
		queries[i] = personQueryFor(r, es[r.IntN(len(es))])
	}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 300; i++ {
				for _, m := range ix.Search(queries[(i*7+w)%len(queries)], screen.DefaultThreshold, 10) {
					if m.ID == "" || m.Score < screen.DefaultThreshold {
						t.Errorf("bad match %+v", m)
					}
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1500; i < 3000; i++ {
			ix.Add(es[i])
			if i%3 == 0 {
				ix.Remove(es[i-1000].ID)
			}
		}
	}()
	wg.Wait()
	if ix.Len() != 3000-500 {
		t.Errorf("Len() = %d, want 2500", ix.Len())
	}
}

// TestPersonIndex_Ranking checks the order of matches that score alike:
// a score is capped at 1, and the record whose date of birth agrees must
// come before a namesake whose date is unknown, the one whose sex agrees
// before one whose sex is unknown.
func TestPersonIndex_Ranking(t *testing.T) {
	tests := []struct {
		name  string
		es    []screen.PersonEntry
		q     screen.PersonQuery
		first string
	}{
		{"DateAgrees", []screen.PersonEntry{
			{ID: "a-unknown", Names: []string{"Trần Văn Hùng"}, Sex: "M"},
			{ID: "b-exact", Names: []string{"Trần Văn Hùng"}, BirthDate: "1991-03-30", Sex: "M"},
		}, screen.PersonQuery{Name: "Tran Van Hung", BirthDate: "1991-03-30", Sex: "M"}, "b-exact"},
		{"YearAgrees", []screen.PersonEntry{
			{ID: "a-unknown", Names: []string{"Mario Russo"}, Sex: "M"},
			{ID: "b-year", Names: []string{"Mario Russo"}, BirthDate: "1980-06-01", Sex: "M"},
		}, screen.PersonQuery{Name: "Mario Russo", BirthDate: "1980", Sex: "M"}, "b-year"},
		{"SexAgrees", []screen.PersonEntry{
			{ID: "a-unknown", Names: []string{"Huỳnh Văn Tuấn"}},
			{ID: "b-match", Names: []string{"Huỳnh Văn Tuấn"}, Sex: "M"},
		}, screen.PersonQuery{Name: "Huynh Tuan", Sex: "M"}, "b-match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := mustPersonIndex(t, tt.es...)
			ms := ix.Search(tt.q, screen.DefaultThreshold, 10)
			if len(ms) != len(tt.es) || ms[0].ID != tt.first {
				t.Fatalf("Search(%+v) = %v, want %s first of %d", tt.q, matchIDs(ms), tt.first, len(tt.es))
			}
		})
	}
}
