package screen_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"meridian/screen"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Unicode normalisation, case, Latin diacritics
		{"ASCII", "  Ivan   PETROV ", "ivan petrov"},
		{"Diacritics", "Petrović", "petrovic"},
		{"Umlaut", "Müller", "muller"},
		{"SharpS", "Straße", "strasse"},
		{"CapitalSharpS", "STRAẞE", "strasse"},
		{"Ligatures", "Æsa Œuvre", "aesa oeuvre"},
		{"Slashed", "Øster Łukasz Đorđe", "oster lukasz dorde"},
		{"Turkish", "İbrahim Yılmaz Çelik", "ibrahim yilmaz celik"},
		{"Vietnamese", "Nguyễn Văn Đức", "nguyen van duc"},
		{"Polish", "Wiśniewska Żółć", "wisniewska zolc"},
		{"Fullwidth", "ＩＶＡＮ", "ivan"},
		{"Decomposed", "Jose\u0301", "jose"},
		{"Spanish", "Ñúñez", "nunez"},
		// punctuation
		{"Hyphen", "Jean-Pierre", "jean pierre"},
		{"Apostrophe", "O'Brien", "obrien"},
		{"CurlyApostrophe", "D’Angelo", "dangelo"},
		{"ArabicAyn", "Ja'far", "jafar"},
		{"Dots", "J.Smith", "j smith"},
		{"Digits", "John 2nd Smith", "john nd smith"},
		{"Comma", "Smith, John", "smith john"},
		// Cyrillic
		{"Russian", "Юрий Гагарин", "yuriy gagarin"},
		{"RussianCaps", "ИВАН ПЕТРОВ", "ivan petrov"},
		{"RussianLetters", "Щукин Жуков Хрущёв Цой Чехов Шишкин", "shchukin zhukov khrushchev tsoy chekhov shishkin"},
		{"SoftHardSign", "Игорь Объедков", "igor obedkov"},
		{"Yo", "Пётр Фёдоров", "petr fedorov"},
		{"Ukrainian", "Олександр Шевченко", "oleksandr shevchenko"},
		{"UkrainianH", "Григорій Євген", "hryhoriy yevhen"},
		{"UkrainianYi", "Їжак Ґалаґан", "yizhak galagan"},
		{"Serbian", "Ђорђе Јовановић Љубиша Њего", "djordje jovanovic ljubisha njego"},
		{"SerbianDzh", "Џаја", "dzaja"},
		{"Macedonian", "Ѓорѓи Ќосе Ѕвезда", "gjorgji kjose dzvezda"},
		{"Bulgarian", "Стоянов Щерев", "stoyanov shcherev"},
		{"Belarusian", "Ўладзімір", "uladzimir"},
		// Greek
		{"Greek", "Γεώργιος Παπαδόπουλος", "georgios papadopoulos"},
		{"GreekCaps", "ΓΕΩΡΓΙΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ", "georgios papadopoulos"},
		{"GreekDigraphs", "Ευάγγελος Μπακογιάννης", "evangelos bakogiannis"},
		{"GreekNT", "Ντίνος Χρήστος Θεόδωρος Ψαρράς", "dinos christos theodoros psarras"},
		{"GreekEta", "Δημήτρης Ηλίας", "dimitris ilias"},
		// Arabic: skeleton with long vowels, article split off
		{"ArabicMohammed", "محمد", "mhmd"},
		{"ArabicAli", "علي", "ali"},
		{"ArabicOmar", "عمر", "amr"},
		{"ArabicHussein", "حسين", "hsin"},
		{"ArabicMahmoud", "محمود", "mhmud"},
		{"ArabicAbdullah", "عبد الله", "abd allah"},
		{"ArabicAbdullahJoined", "عبدالله", "abd allah"},
		{"ArabicAbdulrahman", "عبد الرحمن", "abd al rhmn"},
		{"ArabicArticle", "الحسن", "al hsn"},
		{"ArabicTaMarbuta", "فاطمة", "fatma"},
		{"ArabicAlifMaqsura", "مصطفى", "mstfa"},
		{"ArabicHamza", "أحمد إبراهيم", "ahmd ibrahim"},
		{"ArabicHamzaOnWaw", "مؤمن", "mumn"},
		{"ArabicWawConsonant", "مروان وليد", "mrwan wlid"},
		{"ArabicYa", "يوسف", "yusf"},
		{"ArabicLetters", "خالد شريف ثامر ذياب غسان قاسم ظافر ضياء", "khald shrif thamr dhyab ghsan qasm zafr dya"},
		{"ArabicVowelled", "مُحَمَّد", "muhammad"},
		{"ArabicTatweel", "محـــمد", "mhmd"},
		{"ArabicPresentationForms", "\uFEE3\uFEA4\uFEE4\uFEAA", "mhmd"},
		{"Persian", "پرویز چنگیز ژاله گلی", "pruiz chngiz zhalh gli"},
		// other scripts through unidecode
		{"Chinese", "毛泽东", "mao ze dong"},
		{"Japanese", "やまだ", "yamada"},
		{"Korean", "김정은", "kim jeong eun"}, // surname cut, as passports spell it; RR given syllables
		{"Hebrew", "דוד", "dvd"},
		{"Armenian", "Արամ", "aram"},
		{"Georgian", "გიორგი", "giorgi"},
		{"Devanagari", "राम", "raam"},
		{"Thai", "สมชาย", "somchai"},
		// mixed and odd input
		{"Mixed", "Ivan Петров محمد", "ivan petrov mhmd"},
		{"Empty", "", ""},
		{"PunctuationOnly", " .,-'!? ", ""},
		{"InvalidUTF8", "Iv\xffan \xc3\x28Petrov", "ivan petrov"},
		{"Controls", "Ivan\x00\tPetrov\n", "ivan petrov"},
		{"Emoji", "Ivan 😀 Petrov", "ivan petrov"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := screen.Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalize_Bounded(t *testing.T) {
	long := strings.Repeat("Abcdefghij", 1000) // 10,000 characters
	if got := screen.Normalize(long); len(got) > 1000 {
		t.Errorf("Normalize of 10,000 letters gave %d bytes, want at most 1,000", len(got))
	}
	// U+FDFA expands to a phrase of 18 letters under NFKC.
	expanding := strings.Repeat("\uFDFA", 5000)
	if got := screen.Normalize(expanding); len(got) > 4000 || !isNormalForm(got) {
		t.Errorf("Normalize of expanding runes gave %d bytes", len(got))
	}
}

// isNormalForm reports whether s is lower-case ASCII words separated by
// single spaces.
func isNormalForm(s string) bool {
	if s == "" {
		return true
	}
	if !utf8.ValidString(s) || s[0] == ' ' || s[len(s)-1] == ' ' || strings.Contains(s, "  ") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ' ' && (c < 'a' || c > 'z') {
			return false
		}
	}
	return true
}

func TestScript(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ivan Petrov", "latin"},
		{"Petrović", "latin"},
		{"Иван Петров", "cyrillic"},
		{"Γεώργιος", "greek"},
		{"محمد حسين", "arabic"},
		{"پرویز", "arabic"},
		{"毛泽东", "other"},
		{"דוד", "other"},
		{"Ivan Петров Петров", "cyrillic"},
		{"", ""},
		{"123 ...", ""},
		{"\xff\xfe", ""},
	}
	for _, tt := range tests {
		if got := screen.Script(tt.in); got != tt.want {
			t.Errorf("Script(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
