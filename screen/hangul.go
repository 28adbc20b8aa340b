package screen

// Korean names in Hangul are written without spaces: a surname of one
// syllable (rarely two) and a given name of one to three. hangulWord
// romanises a run of Hangul syllables by the Revised Romanisation of
// Korean (2000), syllable by syllable from its jamo, and cuts a run of two
// to four syllables into surname and given name, each syllable of the
// given name a part (최영희: choi yeong hui), as hyphenated and spaced
// romanisations are read; a romanisation that joins them (Younghee) meets
// them as joined parts. A surname is written in
// the spelling passports use for it (Kim, Lee, Park, Choi, Jung), not in
// RR (Gim, I, Bak, Choe, Jeong), since that is how the romanised side of a
// check writes it; the given name's spellings (Young-hee, Yŏng-hŭi,
// Yeonghui) meet RR through the phonetic key.

const (
	hangulFirst = 0xAC00
	hangulLast  = 0xD7A3
)

func isHangul(r rune) bool { return r >= hangulFirst && r <= hangulLast }

// The jamo of a syllable in RR: 19 initials, 21 medials, 28 finals.
var (
	hangulInitials = [19]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	hangulMedials  = [21]string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	hangulFinals   = [28]string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
)

// hangulSurnames are the spellings passports use for the commonest
// surnames, by syllable; the two-syllable surnames are cut as one.
var hangulSurnames = map[string]string{
	"김": "kim", "이": "lee", "박": "park", "최": "choi", "정": "jung", "강": "kang", "조": "cho", "윤": "yoon",
	"장": "jang", "임": "lim", "한": "han", "오": "oh", "서": "seo", "신": "shin", "권": "kwon", "황": "hwang",
	"안": "ahn", "송": "song", "류": "ryu", "유": "yoo", "홍": "hong", "전": "jeon", "고": "ko", "문": "moon",
	"양": "yang", "손": "son", "배": "bae", "백": "baek", "허": "heo", "노": "noh", "남": "nam", "심": "shim",
	"하": "ha", "곽": "kwak", "성": "sung", "차": "cha", "주": "joo", "우": "woo", "구": "koo", "민": "min",
	"진": "jin", "지": "ji", "엄": "um", "채": "chae", "원": "won", "천": "chun", "방": "bang", "공": "kong",
	"현": "hyun", "함": "ham", "변": "byun", "염": "yeom", "여": "yeo", "추": "choo", "도": "do", "소": "so",
	"석": "seok", "선": "sun", "설": "seol", "마": "ma", "길": "gil", "연": "yeon", "위": "wi", "표": "pyo",
	"명": "myung", "기": "ki", "반": "ban", "왕": "wang", "금": "keum", "옥": "ok", "육": "yook", "인": "in",
	"맹": "maeng", "제": "je", "모": "mo", "탁": "tak", "국": "kook", "어": "eo", "은": "eun", "편": "pyun",
	"용": "yong", "예": "ye", "경": "kyung", "봉": "bong", "사": "sa", "부": "boo", "가": "ka", "복": "bok",
	"태": "tae", "목": "mok", "형": "hyung", "피": "pi", "두": "doo", "감": "kam", "호": "ho", "제갈": "jegal",
	"남궁": "namgoong", "황보": "hwangbo", "선우": "sunwoo", "독고": "dokgo", "사공": "sagong", "서문": "seomun",
}

// hangulSyllable appends the RR of one syllable, read on its own.
func hangulSyllable(dst []byte, r rune) []byte {
	n := int(r - hangulFirst)
	ini, med, fin := n/(21*28), n/28%21, n%28
	dst = append(dst, hangulInitials[ini]...)
	dst = append(dst, hangulMedials[med]...)
	return append(dst, hangulFinals[fin]...)
}

// hangulWord writes the run of Hangul syllables starting at rs[i] and
// returns the index after it.
func hangulWord(w *wordWriter, rs []rune, i int) int {
	j := i
	for j < len(rs) && isHangul(rs[j]) {
		j++
	}
	run := rs[i:j]
	var buf [64]byte
	given := run
	if n := len(run); n >= 2 && n <= 4 && (i == 0 || !isHangulWordChar(rs[i-1])) {
		// a whole name written as one word: surname, then given name
		cut := 1
		if n >= 3 {
			if _, ok := hangulSurnames[string(run[:2])]; ok {
				cut = 2
			}
		}
		if s, ok := hangulSurnames[string(run[:cut])]; ok {
			w.space()
			w.word(s)
		} else {
			b := buf[:0]
			for _, r := range run[:cut] {
				b = hangulSyllable(b, r)
			}
			w.space()
			w.word(string(b))
		}
		given = run[cut:]
	}
	for _, r := range given {
		w.space()
		w.word(string(hangulSyllable(buf[:0], r)))
	}
	w.space()
	return j
}

func isHangulWordChar(r rune) bool { return isHangul(r) }

// koreanSurnameGroups are the spellings of one Korean surname in RR,
// McCune-Reischauer (its marks dropped) and passports: Gim and Kim, I, Yi,
// Lee and Rhee. Two spellings of one group are one part (see partSims).
var koreanSurnameGroups = [][]string{
	{"kim", "gim"}, {"lee", "yi", "i", "rhee", "ri", "rhie"}, {"park", "bak", "pak", "bahk"}, {"choi", "choe"},
	{"jung", "jeong", "chung", "chong"}, {"kang", "gang"}, {"cho", "jo"}, {"yoon", "yun"}, {"jang", "chang"},
	{"lim", "im", "rim"}, {"oh", "o"}, {"seo", "suh", "so"}, {"shin", "sin"}, {"kwon", "gwon"}, {"ahn", "an"},
	{"jeon", "jun", "chon", "chun"}, {"ko", "go", "koh"}, {"moon", "mun"}, {"bae", "pae"}, {"ryu", "yoo", "yu", "ryoo"},
	{"noh", "no", "roh"}, {"heo", "hur", "huh"}, {"baek", "paek", "paik"}, {"shim", "sim"}, {"kwak", "gwak"},
	{"koo", "gu", "ku"}, {"woo", "u"}, {"byun", "byeon", "pyon"}, {"um", "eom"}, {"sung", "seong"},
}

var koreanSurname = func() map[string]uint8 {
	m := map[string]uint8{}
	for i, g := range koreanSurnameGroups {
		for _, s := range g {
			if _, dup := m[s]; !dup {
				m[s] = uint8(i + 1)
			}
		}
	}
	return m
}()

// sameKoreanSurname reports whether a and b are spellings of one Korean
// surname.
func sameKoreanSurname(a, b string) bool {
	if len(a) > 5 || len(b) > 5 {
		return false
	}
	g := koreanSurname[a]
	return g != 0 && g == koreanSurname[b]
}
