package screen_test

import (
	"testing"

	"meridian/screen"
)

// TestSearchIDs: SearchIDs answers as Search does (the same matches, in
// the same order, with the same scores), without the explanations.
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
		want := ix.Search(q, 0.5, 10)
		got := ix.SearchIDs(q, 0.5, 10)
		if len(got) != len(want) {
			t.Fatalf("%+v: %d matches, Search gives %d", q, len(got), len(want))
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
}
