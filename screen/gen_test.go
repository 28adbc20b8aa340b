package screen_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"meridian/screen"
)

// TestPersonIndex_GenerationLosesNothing holds candidate generation to the
// exhaustive answer: the matches a check returns must score as the best
// ones do when every person is scored. One thing is beyond generation by
// design and only logged: a part matched only by joining two of the
// person's parts that are not the query part cut in two indexed tokens (a
// query "mhmmd" against "mumi hmd").
func TestPersonIndex_GenerationLosesNothing(t *testing.T) {
	es := newPersonGen(21).entries(20000)
	// Many persons bearing one common name, as on a real list.
	for i := range es {
		if i%7 == 0 {
			es[i].Names = append(es[i].Names, "Mohammed Hassan Ali")
		}
	}
	ix := mustPersonIndex(t, es...)
	r := rand.New(rand.NewPCG(21, 21))
	other := newPersonGen(77)
	lost := 0
	const checks = 600
	for i := 0; i < checks; i++ {
		var q screen.PersonQuery
		if i%2 == 0 {
			q = personQueryFor(r, es[r.IntN(len(es))])
		} else {
			q = personQueryFor(r, other.person().entry)
		}
		want := ix.SearchEveryone(q, screen.DefaultThreshold, 10)
		got := ix.Search(q, screen.DefaultThreshold, 10)
		same := len(got) == len(want)
		for k := 0; same && k < len(want); k++ {
			same = got[k].Score == want[k].Score
		}
		if same {
			continue
		}
		if joinedOnly(want, got) {
			t.Logf("Search(%+v) lost a match made by joining parts", q)
			continue
		}
		lost++
		t.Errorf("Search(%+v) = %v, scoring everyone %v", q, scores(got), scores(want))
	}
	t.Logf("%d checks, %d lost a match", checks, lost)
}

func scores(ms []screen.Match) []float64 {
	out := make([]float64, len(ms))
	for i, m := range ms {
		out[i] = m.Score
	}
	return out
}

// joinedOnly reports whether every match of want that got lacks needs a
// part joined or split.
func joinedOnly(want, got []screen.Match) bool {
	in := map[string]bool{}
	for _, m := range got {
		in[m.ID] = true
	}
	missing := 0
	for _, m := range want {
		if in[m.ID] {
			continue
		}
		missing++
		joined := false
		for _, p := range m.Explanation.Parts {
			joined = joined || p.How == "joined" || p.How == "split"
		}
		if !joined {
			return false
		}
	}
	return missing > 0
}

// crowd returns n persons bearing name, born in the 1970s, with ids
// prefix-0, prefix-1 ...: enough to make the name's phonetic keys frequent,
// so that checks of it go through the indexed pairs.
func crowd(prefix, name string, n int) []screen.PersonEntry {
	es := make([]screen.PersonEntry, n)
	for i := range es {
		es[i] = screen.PersonEntry{ID: fmt.Sprintf("%s-%d", prefix, i), Names: []string{name},
			BirthDate: fmt.Sprintf("197%d-0%d-1%d", i%10, 1+i%9, i%10), Sex: "M"}
	}
	return es
}

// TestPersonIndex_Generation checks the ways a person becomes a candidate
// through the indexed pairs and the postings, one case each.
func TestPersonIndex_Generation(t *testing.T) {
	base := append(crowd("c", "Mohammed Ali", 400), crowd("d", "Li Wei", 400)...)
	many := screen.PersonEntry{ID: "many", BirthDate: "1985-04-04"}
	for i := 0; i < 30; i++ {
		many.Names = append(many.Names, fmt.Sprintf("Zorbek%c Tashkentov%c", 'a'+i%26, 'a'+(i/26)))
	}
	many.Names = append(many.Names, "Mohammed Ali")
	tests := []struct {
		name   string
		add    screen.PersonEntry
		q      screen.PersonQuery
		wantID string
	}{
		// A spelling no one else uses is found through the pair of the
		// common spellings' keys, and only with a date that may agree.
		{"RareSpelling", screen.PersonEntry{ID: "x", Names: []string{"Mohamad Aly"}, BirthDate: "1988-02-03"}, pqd("Mohammed Ali", "1988-02-03"), "x"},
		{"RareSpellingYearOff", screen.PersonEntry{ID: "x", Names: []string{"Mohamad Aly"}, BirthDate: "1988-02-03"}, pqd("Mohammed Ali", "1989-02-03"), "x"},
		{"RareSpellingOtherDate", screen.PersonEntry{ID: "x", Names: []string{"Mohamad Aly"}, BirthDate: "1988-02-03"}, pqd("Mohammed Ali", "1950-06-07"), ""},
		// The same part twice is a pair too.
		{"SamePartTwice", screen.PersonEntry{ID: "x", Names: []string{"Li Li"}, BirthDate: "1990-01-02"}, pqd("Li Li", "1990-01-02"), "x"},
		// Three parts of five, none of them the rarest two.
		{"ThreeOfFive", screen.PersonEntry{ID: "x", Names: []string{"Mohammed Ali Wei"}, BirthDate: "1991-03-04"}, pqd("Qorbanzade Mohammed Ali Wei Tursunbek", "1991-03-04"), "x"},
		// A rare part and a common one: the rare part's postings tell that
		// the person bears the common one too.
		{"RareAndCommon", screen.PersonEntry{ID: "x", Names: []string{"Mohammed Qorbanzade"}, BirthDate: "1992-05-06"}, pqd("Qorbanzade Mohammed", "1992-05-06"), "x"},
		// Names too many to copy beside each posting are read from the
		// person instead.
		{"ManyNames", many, pqd("Mohammed Ali", "1985-04-04"), "many"},
		{"ManyNamesRare", many, pqd("Zorbekc Tashkentova", "1985-04-04"), "many"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := mustPersonIndex(t, append(append([]screen.PersonEntry(nil), base...), tt.add)...)
			ms := ix.Search(tt.q, screen.DefaultThreshold, 10)
			want := ix.SearchEveryone(tt.q, screen.DefaultThreshold, 10)
			if len(ms) != len(want) {
				t.Fatalf("Search(%q) = %v, scoring everyone %v", tt.q.Name, matchIDs(ms), matchIDs(want))
			}
			found := false
			for _, m := range ms {
				found = found || m.ID == tt.wantID
			}
			if found != (tt.wantID != "") {
				t.Fatalf("Search(%q) = %v, want %q among them", tt.q.Name, matchIDs(ms), tt.wantID)
			}
		})
	}
}
