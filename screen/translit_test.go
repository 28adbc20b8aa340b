package screen_test

import (
	"math"
	"testing"

	"meridian/screen"
)

// Latin names as foreign documents write them in Cyrillic and Arabic script
// must be found by Search as Compare scores them: the index finds them by
// the phonetic key's cross-script merges.
func TestSearch_CrossScriptRenderings(t *testing.T) {
	pairs := []struct{ query, entry string }{
		{"Хуан Хосе Моралес Чавес", "Juan José Morales Chávez"},
		{"Джузеппе Конти", "Giuseppe Conti"},
		{"Серхио Хиралдо", "Sergio Giraldo"},
		{"Дженнифер Смит", "Jennifer Smith"},
		{"Хо Тхань Бинь", "Hồ Thanh Bình"},
		{"Чан Минь Хай", "Trần Minh Hải"},
		{"Фадиме Шахин", "Fadime Sahin"},
		{"Бесник Хоџа", "Besnik Hoxha"},
		{"Адриана Карвальо", "Adriana Carvalho"},
		{"أميت غوبتا", "Amit Gupta"},
		{"ميتشايل سميث", "Michael Smith"},
		{"Чжан Вэй", "Zhang Wei"},
	}
	for _, p := range pairs {
		ix := screen.NewPersonIndex()
		ix.AddBatch([]screen.PersonEntry{{ID: "e", Names: []string{p.entry}}})
		want, _ := screen.Compare(pq(p.query), pq(p.entry))
		ms := ix.Search(pq(p.query), screen.DefaultThreshold, 5)
		if want < screen.DefaultThreshold {
			t.Errorf("Compare(%q, %q) = %.3f, want >= %.2f", p.query, p.entry, want, screen.DefaultThreshold)
		}
		if len(ms) != 1 {
			t.Errorf("Search(%q) in {%q} found %d, want 1", p.query, p.entry, len(ms))
			continue
		}
		// the index weighs parts by its own counts, Compare by the built-in
		// lists: the scores differ a little
		if math.Abs(ms[0].Score-want) > 0.02 {
			t.Errorf("Search(%q) scores %q %.3f, Compare %.3f", p.query, p.entry, ms[0].Score, want)
		}
	}
}
