package screen_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"meridian/screen"
)

type comparePair struct {
	name string
	a, b screen.PersonQuery
}

func pq(name string) screen.PersonQuery { return screen.PersonQuery{Name: name} }

func pqd(name, dob string) screen.PersonQuery { return screen.PersonQuery{Name: name, BirthDate: dob} }

// compareMatches must score at or above DefaultThreshold, both ways round.
var compareMatches = []comparePair{
	// Unicode normalisation and Latin diacritics
	{"Diacritics", pq("Dragan Petrović"), pq("Dragan Petrovic")},
	{"Umlaut", pq("Hans Müller"), pq("Hans Mueller")},
	{"UmlautDropped", pq("Hans Müller"), pq("Hans Muller")},
	{"SharpS", pq("Heinz Strauß"), pq("Heinz Strauss")},
	{"Case", pq("IVAN PETROV"), pq("ivan petrov")},
	{"Fullwidth", pq("ＩＶＡＮ ＰＥＴＲＯＶ"), pq("Ivan Petrov")},
	// Cyrillic, several romanisations
	{"CyrillicYuriy", pq("Юрий Гагарин"), pq("Yuriy Gagarin")},
	{"CyrillicYuri", pq("Юрий Гагарин"), pq("Yuri Gagarin")},
	{"CyrillicIurii", pq("Юрий Гагарин"), pq("Iurii Gagarin")},
	{"CyrillicJurij", pq("Юрий Гагарин"), pq("Jurij Gagarin")},
	{"LatinToCyrillic", pq("Aleksandr Kuznetsov"), pq("Александр Кузнецов")},
	{"CyrillicAlexander", pq("Александр Кузнецов"), pq("Alexander Kuznetsov")},
	{"CyrillicKh", pq("Михаил Хрущёв"), pq("Mikhail Khrushchev")},
	{"CyrillicPatronymicMissing", pq("Иван Сергеевич Петров"), pq("Ivan Petrov")},
	{"Ukrainian", pq("Олександр Шевченко"), pq("Oleksandr Shevchenko")},
	{"UkrainianEvgen", pq("Євген Бондаренко"), pq("Yevhen Bondarenko")},
	{"Serbian", pq("Ђорђе Јовановић"), pq("Djordje Jovanovic")},
	{"SerbianIch", pq("Ђорђе Јовановић"), pq("Djordje Jovanovich")},
	{"Bulgarian", pq("Стоян Христов Стоянов"), pq("Stoyan Hristov Stoyanov")},
	{"Macedonian", pq("Ѓорѓи Трајковски"), pq("Gjorgji Trajkovski")},
	{"YevgenyEvgeny", pq("Yevgeny Morozov"), pq("Evgeny Morozov")},
	// Greek
	{"Greek", pq("Γεώργιος Παπαδόπουλος"), pq("Georgios Papadopoulos")},
	{"GreekCaps", pq("ΓΕΩΡΓΙΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ"), pq("Georgios Papadopoulos")},
	{"GreekDimitris", pq("Δημήτρης Οικονόμου"), pq("Dimitris Oikonomou")},
	// Arabic
	{"ArabicMohammed", pq("محمد الشامي"), pq("Mohammed Al-Shami")},
	{"ArabicMuhammad", pq("محمد الشامي"), pq("Muhammad al Shami")},
	{"ArabicMohamed", pq("محمد الشامي"), pq("Mohamed El Shami")},
	{"ArabicMohamad", pq("محمد الشامي"), pq("Mohamad Alshami")},
	{"ArabicAbdullah", pq("عبد الله النجار"), pq("Abdullah Al-Najjar")},
	{"ArabicAbdallah", pq("عبد الله النجار"), pq("Abdallah Najjar")},
	{"ArabicAbdAllah", pq("عبد الله النجار"), pq("Abd Allah al-Najjar")},
	{"ArabicHussein", pq("حسين الزعبي"), pq("Hussein Al-Zoubi")},
	{"ArabicHusayn", pq("حسين الزعبي"), pq("Husayn al-Zubi")},
	{"ArabicHussain", pq("حسين الزعبي"), pq("Hussain Zoubi")},
	{"ArabicKhalid", pq("خالد الرشيد"), pq("Khaled Alrashid")},
	{"ArabicYoussef", pq("يوسف منصور"), pq("Youssef Mansour")},
	{"ArabicMustafa", pq("مصطفى قاسم"), pq("Moustafa Kassem")},
	{"ArabicFatima", pq("فاطمة الزهراء حداد"), pq("Fatima Al-Zahra Haddad")},
	{"ArabicOmar", pq("عمر سعيد"), pq("Omar Saeed")},
	{"ArabicReverse", pq("Mahmoud Abbas"), pq("محمود عباس")},
	{"LatinArabicVariants", pq("Muhammad Husayn Qasim"), pq("Mohammed Hussein Kassim")},
	{"TurkishMehmet", pq("Mehmet Yilmaz"), pq("Mehmed Yılmaz")},
	// Order, missing and extra parts, particles
	{"Reordered", pq("Petrov Ivan"), pq("Ivan Petrov")},
	{"ReorderedThree", pq("Nguyen Thi Lan"), pq("Lan Nguyen Thi")},
	{"MiddleMissing", pq("Ivan Petrov"), pq("Ivan Sergeyevich Petrov")},
	{"MiddleExtra", pq("Maria Jose Garcia Lopez"), pq("Maria Garcia Lopez")},
	{"ParticleBin", pq("Mohammed bin Salman Al Saud"), pq("Mohammed Salman Saud")},
	{"ParticleVan", pq("Ludwig van Beethoven"), pq("Ludwig Beethoven")},
	{"ParticleDe", pq("Maria de los Santos"), pq("Maria Santos")},
	{"ParticleAbu", pq("Abu Bakr al-Baghdadi"), pq("Bakr Baghdadi")},
	// Joined and split
	{"JoinedAbdulrahman", pq("Abdulrahman Khalil"), pq("Abdul Rahman Khalil")},
	{"SplitAbdulrahman", pq("Abdul Rahman Khalil"), pq("Abdulrahman Khalil")},
	{"ArabicAbdulrahman", pq("عبد الرحمن خليل"), pq("Abdulrahman Khalil")},
	{"MacDonald", pq("Jane MacDonald"), pq("Jane Mac Donald")},
	{"Hyphen", pq("Jean-Pierre Dubois"), pq("Jean Pierre Dubois")},
	{"HyphenJoined", pq("Jean-Pierre Dubois"), pq("Jeanpierre Dubois")},
	{"Apostrophe", pq("Sean O'Brien"), pq("Sean O Brien")},
	// Typos
	{"TypoTransposition", pq("Zbigniew Kowalczyk"), pq("Zbigniew Kowalcyzk")},
	{"TypoDropped", pq("Katarzyna Wisniewska"), pq("Katarzyna Wisniewka")},
	{"TypoSubstituted", pq("Oleksandr Tkachenko"), pq("Oleksandr Tkachemko")},
	{"TypoBoth", pq("Svetlana Kuznetsova"), pq("Svetlama Kuznetsowa")},
	// Phonetic
	{"PhoneticPhF", pq("Philip Schneider"), pq("Filip Shneider")},
	{"PhoneticCK", pq("Catherine Kowalski"), pq("Katherine Kovalski")},
	{"PhoneticIc", pq("Milan Petrovic"), pq("Milan Petrovitch")},
	{"PhoneticVW", pq("Wladimir Iwanow"), pq("Vladimir Ivanov")},
	{"PhoneticFF", pq("Sergei Ivanoff"), pq("Sergey Ivanov")},
	// Initials
	{"InitialRareName", pq("J. Kowalczykowski"), pq("Jan Kowalczykowski")},
	{"InitialCommonName", pq("J. Smith"), pq("John Smith")},
	{"InitialWithDate", pqd("J. Smith", "1975-03-04"), pqd("John Smith", "1975-03-04")},
	// Dates
	{"SameRareNoDate", pq("Zbigniew Brzezinski"), pq("Zbigniew Brzezinski")},
	{"CommonNameSameDate", pqd("Mohammed Ali", "1980-05-01"), pqd("Mohammed Ali", "1980-05-01")},
	{"DateYearOnly", pqd("Ivan Petrov", "1980"), pqd("Ivan Petrov", "1980-05-01")},
	{"DateSwapped", pqd("Ivan Petrov", "1980-05-04"), pqd("Ivan Petrov", "1980-04-05")},
	{"DateOneYearOff", pqd("Ivan Petrov", "1980-05-04"), pqd("Ivan Petrov", "1981-05-04")},
	{"DatePlaceholder", pqd("Ahmed Hassan", "1990-01-01"), pqd("Ahmed Hassan", "1990-07-12")},
	{"DateLiftsTypo", pqd("Jon Smiht", "1975-03-04"), pqd("John Smith", "1975-03-04")},
	// Qualifiers lower, but not below a strong name
	{"NationalityMismatch", screen.PersonQuery{Name: "Zbigniew Brzezinski", Nationality: "PL"}, screen.PersonQuery{Name: "Zbigniew Brzezinski", Nationality: "US"}},
	// Other scripts
	{"Chinese", pq("毛泽东"), pq("Mao Zedong")},
	{"MixedScripts", pq("Ivan Петров"), pq("Ivan Petrov")},
	// Latin names as foreign documents write them in Cyrillic and Arabic
	{"SpanishJIsKh", pq("Juan José Morales Chávez"), pq("Хуан Хосе Моралес Чавес")},
	{"SpanishGIsKh", pq("Sergio Giraldo"), pq("Серхио Хиралдо")},
	{"ItalianGiIsDzh", pq("Giuseppe Conti"), pq("Джузеппе Конти")},
	{"EnglishJIsDzh", pq("Jennifer Smith"), pq("Дженнифер Смит")},
	{"PortugueseJIsZh", pq("José Ribeiro"), pq("Жозе Рибейро")},
	{"SpanishZIsS", pq("Carlos Flores Cruz"), pq("Карлос Флорес Крус")},
	{"VietnameseTh", pq("Hồ Thanh Bình"), pq("Хо Тхань Бинь")},
	{"VietnameseTr", pq("Trần Minh Hải"), pq("Чан Минь Хай")},
	{"TurkishSDropped", pq("Fadime Sahin"), pq("Фадиме Шахин")},
	{"AlbanianXh", pq("Besnik Hoxha"), pq("Бесник Хоџа")},
	{"AlbanianQ", pq("Besnik Qerimi"), pq("Бесник Ќерими")},
	{"PortugueseLh", pq("Adriana Carvalho"), pq("Адриана Карвальо")},
	{"ArabicNoP", pq("Amit Gupta"), pq("أميت غوبتا")},
	{"ArabicCh", pq("Michael Smith"), pq("ميتشايل سميث")},
	{"ArabicLongI", pq("Eric Osei"), pq("إيريك أوسي")},
	{"ArabicArticleJoined", pq("محمود الحسن"), pq("MAHMOUD ALHASSAN")},
	{"SerbianJ", pq("Dejan Bojanić"), pq("Деян Боянич")},
	{"ArabicVowelMarks", pq("مُحَمَّد علي"), pq("محمد علي")},
	{"PalladiusZhang", pq("Zhang Wei"), pq("Чжан Вэй")},
	{"PalladiusJiang", pq("Jiang Zhou"), pq("Цзян Чжоу")},
	{"ItalianGiorgio", pq("Giorgio Longo"), pq("Джорджо Лонго")},
	{"FinalKhSilent", pq("Alassane Jammeh"), pq("Алассане Джаммех")},
	{"PinyinNh", pq("Wang Jianhao"), pq("Ванг Джианхао")},
	{"VietnameseQu", pq("Bùi Minh Quang"), pq("Буи Минь Кванг")},
	{"IgboKwArabic", pq("Chukwuemeka Obi"), pq("تشوكووميكا أوبي")},
	{"ArabicVowellessLongLatin", pq("رشيد حسن"), pq("Rashid Hossain")},
	{"ArabicDoubledWaw", pq("Chinedu Nwosu"), pq("تشينيدو نووسو")},
	{"ArabicDoubledWawTewolde", pq("Samuel Berhe Tewolde"), pq("سامول بيرهي تيوولدي")},
	{"DoubledLetterDigraph", pq("Sompong Phetthong"), pq("Сомпонг Феттонг")},
	{"SilentH", pq("Luis Hernández"), pq("Луис Эрнандес")},
	{"SilentHCyrillicE", pq("Angie Hernández"), pq("Анхие Ернандес")},
	{"SpanishNgIsNkh", pq("Ángel Ramírez"), pq("Анхель Рамирес")},
	{"ArabicThIsS", pq("Usman Khan"), pq("عثمان خان")},
	{"ArabicThIsSOusmane", pq("Ousmane Doumbia"), pq("عثمان دومبيا")},
	{"HalfNameSameDate", pqd("Ahmed Hussein Hassan", "1980-05-01"), pqd("Ahmed Ali Hassan", "1980-05-01")},
	// A part garbled beyond a typo does not speak against a date that agrees
	{"GarbledPartSameDate", pqd("Sylvie Girard Moreau", "1978-09-30"), pqd("Sylvie Girdr Moreau", "1978-09-30")},
}

// compareNonMatches must score below DefaultThreshold, both ways round.
var compareNonMatches = []comparePair{
	{"CommonNameOtherDate", pqd("Mohammed Ali", "1980-05-01"), pqd("Mohammed Ali", "1975-11-23")},
	{"CommonNameOtherYear", pqd("Nguyen Van Anh", "1990"), pqd("Nguyen Van Anh", "1984")},
	{"CommonSlavicOtherDate", pqd("Ivan Ivanov", "1970-02-03"), pqd("Ivan Ivanov", "1988-09-30")},
	{"CommonHispanicOtherDate", pqd("Maria Garcia Lopez", "1965-06-06"), pqd("Maria Garcia Lopez", "1999-12-01")},
	{"OtherFamily", pq("Mohammed Ali Hassan"), pq("Mohammed Ali Rahman")},
	{"OtherGiven", pq("Jean Martin"), pq("Anne Martin")},
	{"OtherGivenSameFamily", pq("Zbigniew Brzezinski"), pq("Mieczyslaw Brzezinski")},
	{"OtherPatronymic", pq("Ivan Petrovich Sidorov"), pq("Ivan Sergeevich Sidorov")},
	{"MahmoudMohammed", pq("Ahmed Mahmoud"), pq("Ahmed Mohammed")},
	{"OnlyGiven", pq("Ivan"), pq("Ivan Petrov")},
	{"OnlyFamily", pq("Petrov"), pq("Ivan Petrov")},
	{"SharedCommonPart", pq("Mohammed Yusuf"), pq("Mohammed Karim")},
	{"Unrelated", pq("Olga Smirnova"), pq("Kwame Mensah")},
	{"UnrelatedArabic", pq("محمد حسين"), pq("Olga Smirnova")},
	{"UnrelatedCyrillic", pq("Юрий Гагарин"), pq("Yusuf Gamal")},
	{"NguyenOtherGiven", pq("Nguyen Van Anh"), pq("Nguyen Van Binh")},
	{"WangOther", pq("Wang Wei"), pq("Wang Fang")},
	{"InitialOtherLetter", pq("R. Kowalczykowski"), pq("Jan Kowalczykowski")},
	{"PetrovPetrova", screen.PersonQuery{Name: "Ivan Petrov", Sex: "M", BirthDate: "1980"}, screen.PersonQuery{Name: "Ivana Petrova", Sex: "F", BirthDate: "1950"}},
	{"SimilarButDifferent", pq("Ali Hassan"), pq("Ali Hussein Hassan Mahmoud Rashid")},
	{"Empty", pq(""), pq("Ivan Petrov")},
	{"BothEmpty", pq(""), pq("")},
	{"PunctuationOnly", pq("...---"), pq("Ivan Petrov")},
	{"ParticlesOnly", pq("al bin de"), pq("Ivan Petrov")},
	{"InvalidUTF8", pq("\xff\xfe\xfd"), pq("Ivan Petrov")},
	// The cross-script merges of the phonetic key stay out of one script
	{"KoreanJungVietnameseHung", pq("Kim Jung"), pq("Kim Hung")},
	{"JamalHamal", pq("Jamal Nasser"), pq("Hamal Nasser")},
	// In a short part another first letter is another name
	{"VietnameseHungDung", pq("Phan Duc Hung"), pq("Phan Duc Dung")},
	{"VietnameseLeIsAFamilyName", pq("Tran Thi Huong"), pq("Le Thi Trang")},
	{"ArabicKhadijaHuda", pq("خديجة العمراني"), pq("هدى العمراني")},
	{"ArabicKhalilJalil", pq("خليل أحمد"), pq("جليل أحمد")},
	{"ArabicGhassanHassan", pq("غسان أحمد"), pq("حسن أحمد")},
	// One shared part is never a hit, whatever the date of birth says.
	{"SinglePartSameDate", pqd("Sultana", "1999-03-19"), pqd("Fatima Sultana", "1999-03-19")},
	{"SinglePartNearSameDate", pqd("Fatka Sultana", "1999-03-19"), pqd("Fatima Sultana", "1999-03-19")},
	// A long name whose key collapses onto a short one (r-r-r-l is RL, as
	// is r-l) is not its transliteration: it has twice the consonants.
	{"CollapsedKey", pq("Rial Kovac"), pq("Рарорало Ковач")},
	{"CollapsedKeyArabic", pq("Samir Rial"), pq("سمير رارورالو")},
}

func TestCompare_Matches(t *testing.T) {
	for _, c := range compareMatches {
		t.Run(c.name, func(t *testing.T) {
			for _, dir := range []struct{ a, b screen.PersonQuery }{{c.a, c.b}, {c.b, c.a}} {
				s, ex := screen.Compare(dir.a, dir.b)
				if s < screen.DefaultThreshold {
					t.Errorf("Compare(%q, %q) = %.3f, want >= %.2f\n%s", dir.a.Name, dir.b.Name, s, screen.DefaultThreshold, explainJSON(ex))
				}
			}
		})
	}
}

func TestCompare_NonMatches(t *testing.T) {
	for _, c := range compareNonMatches {
		t.Run(c.name, func(t *testing.T) {
			for _, dir := range []struct{ a, b screen.PersonQuery }{{c.a, c.b}, {c.b, c.a}} {
				s, ex := screen.Compare(dir.a, dir.b)
				if s >= screen.DefaultThreshold {
					t.Errorf("Compare(%q, %q) = %.3f, want < %.2f\n%s", dir.a.Name, dir.b.Name, s, screen.DefaultThreshold, explainJSON(ex))
				}
			}
		})
	}
}

func explainJSON(ex screen.Explanation) string {
	b, _ := json.MarshalIndent(ex, "", "  ")
	return string(b)
}

func TestCompare_Explanation(t *testing.T) {
	s, ex := screen.Compare(
		screen.PersonQuery{Name: "Abdulrahman Hussein Zbigniewski", BirthDate: "1980-05-04", Sex: "M", Nationality: "SY"},
		screen.PersonQuery{Name: "عبد الرحمن حسين", BirthDate: "1980-04-05", Sex: "M", Nationality: "IQ"},
	)
	if ex.Name != "عبد الرحمن حسين" {
		t.Errorf("Name = %q", ex.Name)
	}
	if ex.BirthDate != "swapped" || ex.Sex != "match" || ex.Nationality != "mismatch" {
		t.Errorf("qualifiers = %s, %s, %s", ex.BirthDate, ex.Sex, ex.Nationality)
	}
	hows := map[string]string{}
	for _, p := range ex.Parts {
		hows[p.Query+"|"+p.Entry] = p.How
		if p.Weight <= 0 {
			t.Errorf("part %+v has no weight", p)
		}
	}
	want := map[string]string{
		"abdulrahman|abd al rhmn": "joined",
		"hussein|hsin":            "transliteration",
		"zbigniewski|":            "extra",
	}
	for k, v := range want {
		if hows[k] != v {
			t.Errorf("part %s: how = %q, want %q (parts %+v)", k, hows[k], v, ex.Parts)
		}
	}
	if s <= 0 || s > 1 || ex.NameScore < s {
		t.Errorf("score %.3f, name score %.3f: qualifiers must only lower a name score here", s, ex.NameScore)
	}
	if !strings.HasSuffix(ex.Summary, ".") || !strings.Contains(ex.Summary, "swapped") {
		t.Errorf("Summary = %q", ex.Summary)
	}
}

func TestCompare_Qualifiers(t *testing.T) {
	name := "Zbigniew Brzezinski"
	base, _ := screen.Compare(pq(name), pq(name))
	tests := []struct {
		name   string
		a, b   screen.PersonQuery
		label  string
		higher bool // score above the name alone
	}{
		{"Exact", pqd(name, "1950-03-28"), pqd(name, "1950-03-28"), "exact", false},
		{"Year", pqd(name, "1950"), pqd(name, "1950-03-28"), "year", false},
		{"Month", pqd(name, "1950-03"), pqd(name, "1950-03-28"), "month", false},
		{"Swapped", pqd(name, "1950-03-04"), pqd(name, "1950-04-03"), "swapped", false},
		{"OneYearOff", pqd(name, "1950-03-28"), pqd(name, "1951-03-28"), "one_year_off", false},
		{"Mismatch", pqd(name, "1950-03-28"), pqd(name, "1962-10-02"), "mismatch", false},
		{"Unknown", pqd(name, ""), pqd(name, "1962-10-02"), "unknown", false},
		{"Invalid", pqd(name, "28/03/1950"), pqd(name, "1962-10-02"), "unknown", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ex := screen.Compare(tt.a, tt.b)
			if ex.BirthDate != tt.label {
				t.Errorf("BirthDate = %q, want %q", ex.BirthDate, tt.label)
			}
			if s > base+1e-9 && tt.label != "exact" && tt.label != "month" {
				t.Errorf("score %.3f above the name alone (%.3f)", s, base)
			}
		})
	}
	// A weaker name: an exact date lifts it, a mismatch sinks it well below.
	weak := [2]string{"Jon Smiht", "John Smith"}
	w0, _ := screen.Compare(pq(weak[0]), pq(weak[1]))
	w1, _ := screen.Compare(pqd(weak[0], "1975-03-04"), pqd(weak[1], "1975-03-04"))
	w2, _ := screen.Compare(pqd(weak[0], "1975-03-04"), pqd(weak[1], "1990-11-20"))
	if !(w1 > w0 && w2 < w0*0.7) {
		t.Errorf("exact date %.3f, none %.3f, mismatch %.3f", w1, w0, w2)
	}
	// Sex and nationality never raise a score.
	s1, _ := screen.Compare(screen.PersonQuery{Name: weak[0], Sex: "M", Nationality: "GB"}, screen.PersonQuery{Name: weak[1], Sex: "M", Nationality: "GB"})
	s2, _ := screen.Compare(screen.PersonQuery{Name: weak[0], Sex: "M"}, screen.PersonQuery{Name: weak[1], Sex: "F"})
	if s1 != w0 || s2 >= w0 {
		t.Errorf("sex/nationality match %.3f, mismatch %.3f, none %.3f", s1, s2, w0)
	}
}

func TestCompare_Bounds(t *testing.T) {
	names := []string{"", "Ivan Petrov", "Иван Петров", "محمد عبد الرحمن", strings.Repeat("Ab ", 5000),
		strings.Repeat("x", 10000), "a b c d e f g h i j k l", "\xff\xfe", "J. R. R. Tolkien", "al al al"}
	for _, a := range names {
		for _, b := range names {
			s1, _ := screen.Compare(pq(a), pq(b))
			s2, _ := screen.Compare(pq(b), pq(a))
			if s1 < 0 || s1 > 1 || math.IsNaN(s1) {
				t.Errorf("Compare(%.20q, %.20q) = %v", a, b, s1)
			}
			if math.Abs(s1-s2) > 0.1 {
				t.Errorf("Compare(%.20q, %.20q) = %.3f one way, %.3f the other", a, b, s1, s2)
			}
		}
	}
}
