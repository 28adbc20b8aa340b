package screen_test

import (
	"strings"
	"testing"

	"meridian/screen"
)

// TestThaiRTGS: Thai names are romanised by the Royal Thai General
// System, vowels included (issue 15, class 4; unidecode read กมล as kml).
func TestThaiRTGS(t *testing.T) {
	for _, c := range []struct{ thai, want string }{
		{"สมชาย", "somchai"},
		{"สมศักดิ์", "somsak"},
		{"ประเสริฐ", "prasoet"},
		{"กิตติศักดิ์", "kittisak"},
		{"ชัยวัฒน์", "chaiwat"},
		{"ธวัชชัย", "thawatchai"},
		{"ธนากร", "thanakon"},
		{"ณรงค์", "narong"},
		{"บุญมี", "bunmi"},
		{"มาลี", "mali"},
		{"ศิริพร", "siriphon"},
		{"สุภาพร", "suphaphon"},
		{"พรทิพย์", "phonthip"},
		{"ณัฐพงศ์", "natthaphong"},
		{"ศรี", "si"},
		{"แก้ว", "kaeo"},
		{"ทอง", "thong"},
		{"เพชร", "phet"},
		{"สวัสดิ์", "sawat"},
		{"ดวงใจ", "duangchai"},
		{"กมล", "kamon"},
		{"วนิดา", "wanida"},
		{"สมชาย ใจดี", "somchai chaidi"},
	} {
		if got := screen.Normalize(c.thai); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.thai, got, c.want)
		}
	}
}

// TestThaiNames: a Thai name meets its RTGS and popular Latin spellings,
// in Compare and through an index, and another given name with the same
// family name does not.
func TestThaiNames(t *testing.T) {
	checkReach(t, []reachCase{
		{"สมชาย ศรีสวัสดิ์", "Somchai Srisawat", "", "", true},
		{"สมชาย ศรีสวัสดิ์", "Somchai Sisawat", "", "", true},
		{"ประเสริฐ ทองสุข", "Prasert Thongsuk", "", "", true},
		{"พรทิพย์ แก้วมณี", "Pornthip Kaewmanee", "", "", true},
		{"บุญมี ศรีวงศ์", "Boonmee Sriwong", "", "", true},
		{"สมชาย ศรีสวัสดิ์", "Somsak Srisawat", "", "", false},
		{"มาลี ทองสุข", "Wanida Thongsuk", "", "", false},
	})
}

// TestThaiKey: RTGS and popular spellings of one Thai name meet; other
// names do not.
func TestThaiKey(t *testing.T) {
	for _, p := range [][2]string{{"prasoet", "prasert"}, {"phonthip", "pornthip"}, {"bunmi", "boonmee"}, {"kaeo", "kaew"},
		{"sisawat", "srisawat"}, {"duangchai", "duangjai"}, {"chintana", "jintana"}, {"thanakon", "thanakorn"}, {"suphaphon", "supaporn"}} {
		if screen.ThaiKey(p[0]) != screen.ThaiKey(p[1]) {
			t.Errorf("thaiKey(%s) = %s, thaiKey(%s) = %s", p[0], screen.ThaiKey(p[0]), p[1], screen.ThaiKey(p[1]))
		}
	}
	for _, p := range [][2]string{{"somchai", "somsak"}, {"mali", "mani"}, {"wichai", "chai"}} {
		if screen.ThaiKey(p[0]) == screen.ThaiKey(p[1]) {
			t.Errorf("thaiKey(%s) = thaiKey(%s)", p[0], p[1])
		}
	}
}

// FuzzThai: Thai romanisation never panics and writes lower-case ASCII
// words, once and for all (Normalize of its output is itself).
func FuzzThai(f *testing.F) {
	for _, s := range []string{"สมชาย ศรีสวัสดิ์", "์์", "เ", "แะ", "ฤ", "ั", "กรร", "ไทย๑๒", "ๆฯ", "หญิง", "เพชร", "ำ", "ก์", "Somchai สมชาย"} {
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
		if again := screen.Normalize(got); again != got {
			t.Fatalf("Normalize not idempotent: %q -> %q -> %q", s, got, again)
		}
		_ = screen.ThaiKey(got)
	})
}

// TestThaiAfterLatin: a Latin query of a part does not hide the popular
// spellings a Thai query of the same part finds (the part cache).
func TestThaiAfterLatin(t *testing.T) {
	ix := screen.NewPersonIndex()
	ix.AddBatch([]screen.PersonEntry{{ID: "x", Names: []string{"Prasert Thongsuk"}}})
	ix.Search(screen.PersonQuery{Name: "Prasoet Thongsuk"}, screen.DefaultThreshold, 5)
	if ms := ix.Search(screen.PersonQuery{Name: "ประเสริฐ ทองสุข"}, screen.DefaultThreshold, 5); len(ms) == 0 {
		t.Fatal("the Thai query found nothing after the Latin one")
	}
}
