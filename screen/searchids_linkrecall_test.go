package screen_test

import (
	"testing"

	"meridian/screen"
)

// TestSearchIDs: SearchIDs answers as Search does (the same matches, in
// the same order, with the same scores) without the explanations, less
// the persons whose date of birth clearly differs from the query's, which
// it drops whatever the threshold.
func TestSearchIDs(t *testing.T) {
	ix := mustPersonIndex(t, personFixtures...)
	for _, q := range []screen.PersonQuery{
		{Name: "Mohammed Ali"},
		{Name: "Mohamed Ali", BirthDate: "1980-05-01", Sex: "M"},
		{Name: "Ivan Petrov", BirthDate: "1980"},
		{Name: "Иван Петров", Nationality: "RU"},
		{Name: "Dragan Petrovic", BirthDate: "1971-11-30"},
		{Name: "Nobody Anywhere"},
	} {
		var want []screen.Match
		for _, m := range ix.Search(q, 0.5, 10) {
			if m.Explanation.BirthDate != "mismatch" {
				want = append(want, m)
			}
		}
		got := ix.SearchIDs(q, 0.5, 10)
		if len(got) != len(want) {
			t.Fatalf("%+v: %d matches, Search gives %d with a date that does not clearly differ", q, len(got), len(want))
		}
		for i := range want {
			if got[i].ID != want[i].ID || got[i].Score != want[i].Score {
				t.Fatalf("%+v: match %d is %s %.3f, Search gives %s %.3f", q, i, got[i].ID, got[i].Score, want[i].ID, want[i].Score)
			}
			if got[i].Explanation.Name != "" || len(got[i].Explanation.Parts) > 0 {
				t.Fatalf("%+v: match %d explained", q, i)
			}
		}
	}
	// Mohammed Ali born 1980-05-01 and another born 1962-09-14: below
	// 0.6 Search returns both, SearchIDs the one whose date agrees.
	q := screen.PersonQuery{Name: "Mohammed Ali", BirthDate: "1980-05-01"}
	if n := len(ix.Search(q, 0.5, 10)); n < 2 {
		t.Fatalf("Search gives %d matches, want both namesakes", n)
	}
	if got := ix.SearchIDs(q, 0.5, 10); len(got) != 1 || got[0].ID != "p-ali-1" {
		t.Fatalf("SearchIDs gives %v, want p-ali-1 alone", got)
	}
}
