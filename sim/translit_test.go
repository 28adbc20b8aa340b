package sim_test

import (
	"testing"

	"meridian/sim"
)

// The romanisation tables against the forms each convention gives for
// names whose romanisations are well known.
func TestRomanise(t *testing.T) {
	tests := []struct{ in, lang, conv, want string }{
		{"Юрий Петров", "ru", "icao", "IURII PETROV"},
		{"Юрий Петров", "ru", "mvd", "YURIY PETROV"},
		{"Юрий Петров", "ru", "bgn", "Yuriy Petrov"},
		{"Юрий Петров", "ru", "iso9", "Ûrij Petrov"},
		{"Юрий Петров", "ru", "german", "Juri Petrow"},
		{"Юрий Петров", "ru", "french", "Iouri Petrov"},
		{"Евгений Щербаков", "ru", "bgn", "Yevgeniy Shcherbakov"},
		{"Александр Алексеевич Фёдоров", "ru", "german", "Alexandr Alexejewitsch Fjodorow"},
		{"Сергей Соловьёв", "ru", "french", "Sergueï Soloviov"},
		{"Наталья Васильева", "ru", "icao", "NATALIA VASILEVA"},
		{"Наталія Юріївна Шевченко", "uk", "kmu2010", "Nataliia Yuriivna Shevchenko"},
		{"Сергій Згурський", "uk", "kmu2010", "Serhii Zghurskyi"},
		{"Сергій Бондаренко", "uk", "legacy", "SERGIY BONDARENKO"},
		{"Олена Ковальчук", "uk", "iso9", "Olena Kovalčuk"},
		{"Мария Димитрова", "bg", "streamlined", "Maria Dimitrova"},
		{"Димитър Христов", "bg", "streamlined", "Dimitar Hristov"},
		{"Димитър Христов", "bg", "bgn", "Dimitŭr Khristov"},
		{"Ђорђе Јовановић", "sr", "gaj", "Đorđe Jovanović"},
		{"Ђорђе Јовановић", "sr", "ascii", "Djordje Jovanovic"},
		{"Ђорђе Јовановић", "sr", "english", "Djordje Jovanovich"},
		{"Ѓорѓи Трајковски", "mk", "official", "Gjorgji Trajkovski"},
		{"Ѓорѓи Трајковски", "mk", "iso9", "Ǵorǵi Trajkovski"},
		{"Γεώργιος Παπαδόπουλος", "el", "elot743", "Georgios Papadopoulos"},
		{"Γεώργιος Παπαδόπουλος", "el", "icao", "GEORGIOS PAPADOPOULOS"},
		{"Γεώργιος Παπαδόπουλος", "el", "bgn1962", "Yeoryios Papadhopoulos"},
		{"Γεώργιος Παπαδόπουλος", "el", "iso843", "Geōrgios Papadopoulos"},
		{"Αικατερίνη Βασιλείου", "el", "common", "Ekaterini Vasiliou"},
		{"Ευάγγελος Χριστοδούλου", "el", "elot743", "Evangelos Christodoulou"},
		{"Παναγιώτης Ευθυμίου", "el", "bgn1962", "Panayiotis Efthimiou"},
		{"Κωνσταντίνος Μπακογιάννης", "el", "elot743", "Konstantinos Bakogiannis"},
	}
	for _, tt := range tests {
		if got := sim.Romanise(tt.in, tt.lang, tt.conv); got != tt.want {
			t.Errorf("Romanise(%q, %s, %s) = %q, want %q", tt.in, tt.lang, tt.conv, got, tt.want)
		}
	}
}

func TestArabicName(t *testing.T) {
	tests := []struct{ ar, conv, origin, want string }{
		{"محمد", "en", "SY", "Mohammed"},
		{"محمد", "sch", "SY", "Muhammad"},
		{"محمد", "fr", "MA", "Mohamed"},
		{"عبد الله", "en", "IQ", "Abdullah"},
		{"عبد الله", "fr", "MA", "Abdellah"},
		{"حسين", "sch", "IQ", "Husayn"},
		{"جمال", "eg", "EG", "Gamal"},
		{"يوسف", "icao", "MA", "YOUSSEF"},
	}
	for _, tt := range tests {
		if got := sim.ArabicName(tt.ar, tt.conv, tt.origin); got != tt.want {
			t.Errorf("ArabicName(%q, %s) = %q, want %q", tt.ar, tt.conv, got, tt.want)
		}
	}
}

func TestForeignRenderings(t *testing.T) {
	tests := []struct {
		f        func(string) string
		in, want string
	}{
		{func(s string) string { return sim.LatinToCyrillic(s, "es") }, "José García", "Хосе Гарсиа"},
		{func(s string) string { return sim.LatinToCyrillic(s, "") }, "Chinedu Okafor", "Чинеду Окафор"},
		{func(s string) string { return sim.LatinToCyrillic(s, "") }, "Adeyemi", "Адейеми"},
		{func(s string) string { return sim.LatinToCyrillic(s, "de") }, "Thomas Müller", "Томас Мюллер"},
		{func(s string) string { return sim.LatinToCyrillic(s, "sr") }, "Emir Hodžić", "Емир Хоџић"},
		{func(s string) string { return sim.LatinToCyrillic(s, "sq") }, "Arben Krasniqi", "Арбен Красниќи"},
		{func(s string) string { return sim.LatinToCyrillic(s, "vi") }, "Nguyễn Thị Lan", "Нгуен Тхи Лан"},
		{sim.LatinToArabic, "Mamadou Diallo", "محمد ديالو"},
		{sim.LatinToArabic, "Fatoumata", "فاطمة"},
		{sim.LatinToArabic, "Peter", "بيتر"},
		{func(s string) string { return sim.ICAOLatin(s, true) }, "Jürgen Müller-Lüdenscheidt", "JUERGEN MUELLER LUEDENSCHEIDT"},
		{func(s string) string { return sim.ICAOLatin(s, false) }, "Đorđe Öztürk O'Brien", "DORDE OZTURK OBRIEN"},
		{sim.FoldLatin, "Nguyễn Thị Hằng Đặng", "Nguyen Thi Hang Dang"},
		{sim.FoldLatin, "Łukasz Wiśniewski Şahin Çelik Yılmaz", "Lukasz Wisniewski Sahin Celik Yilmaz"},
	}
	for _, tt := range tests {
		if got := tt.f(tt.in); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNameKeys checks the loose key that keeps non-matching queries from
// hitting anybody: spellings of one name share it.
func TestNameKeys(t *testing.T) {
	same := [][]string{
		{"Mohammed Al-Hassan", "Muhammad al-Hasan", "MOHAMED EL HASSAN"},
		{"Đorđe Đorđević", "Djordje Djordjevic", "Dorde Dordevic"},
		{"Yuriy Petrov", "Iurii Petrov", "Jurij Petrov", "PETROV Yuri"},
		{"Nguyễn Văn Minh", "Nguyen Van Minh", "Minh Nguyen Van"},
	}
	for _, group := range same {
		want, _ := sim.NameKeys(group[0])
		for _, s := range group[1:] {
			if got, _ := sim.NameKeys(s); got != want {
				t.Errorf("key of %q = %q, of %q = %q: want the same", group[0], want, s, got)
			}
		}
	}
	if a, _ := sim.NameKeys("Ivan Petrov"); a == "" {
		t.Error("empty key")
	}
	_, partial := sim.NameKeys("Ivan Sergeevich Petrov")
	whole, _ := sim.NameKeys("Ivan Petrov")
	found := false
	for _, k := range partial {
		found = found || k == whole
	}
	if !found {
		t.Errorf("partial keys of a three-part name %v miss the two-part %q", partial, whole)
	}
}

func TestTypo(t *testing.T) {
	for seed := int64(0); seed < 200; seed++ {
		in := "Aleksandar Jovanović"
		got := sim.Typo(seed, in)
		if got == in {
			continue // two slips may cancel out; rare
		}
		if d := len([]rune(got)) - len([]rune(in)); d < -2 || d > 2 {
			t.Errorf("Typo(%q) = %q: more than two edits", in, got)
		}
	}
}

func TestDocNumbers(t *testing.T) {
	seen := map[string]bool{}
	for _, n := range sim.DocNumbers(1, "ES", "id_card", 5000) {
		if seen[n] {
			t.Fatalf("duplicate document number %q", n)
		}
		seen[n] = true
		// A Spanish DNI: eight digits and their check letter.
		num := 0
		for _, c := range n[:8] {
			num = num*10 + int(c-'0')
		}
		if len(n) != 9 || n[8] != "TRWAGMYFPDXBNJZSQVHLCKE"[num%23] {
			t.Fatalf("DNI %q: bad check letter", n)
		}
	}
	a, b := sim.DocNumbers(1, "DE", "passport", 3), sim.DocNumbers(2, "DE", "passport", 3)
	if a[0] == b[0] {
		t.Error("document numbers do not depend on the seed")
	}
	if a[0][0] != 'C' || len(a[0]) != 9 {
		t.Errorf("German passport number %q: want C and eight characters", a[0])
	}
}
