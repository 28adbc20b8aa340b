package sim

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Latin names as foreign documents write them: a Russian, Ukrainian or
// Serbian register renders "Chinedu Okafor" as "Чинеду Окафор", a Libyan
// one as "تشينيدو أوكافور". The rules follow the practical transcription
// each source language gets in Russian (José → Хосе, Nguyễn → Нгуен,
// Müller → Мюллер); the Balkan ones are the official letter-for-letter
// equivalences (Gaj Latin ↔ Serbian Cyrillic, Albanian → Macedonian
// Cyrillic as North Macedonian documents write Albanian names).

type ruleSet struct {
	keep    string // letters with diacritics the rules handle themselves
	literal bool   // letter for letter (Serbian, Macedonian): no context rules
	rules   map[string]string
	maxN    int
}

func rulesOf(keep string, sets ...string) *ruleSet {
	rs := &ruleSet{keep: keep, rules: map[string]string{}}
	for _, set := range sets {
		for _, f := range strings.Fields(set) {
			k, v, _ := strings.Cut(f, ":")
			if v == "_" {
				v = ""
			}
			rs.rules[k] = v
			if n := utf8.RuneCountInString(k); n > rs.maxN {
				rs.maxN = n
			}
		}
	}
	return rs
}

const cyrBase = "a:а b:б c:к d:д e:е f:ф g:г h:х i:и j:дж k:к l:л m:м n:н o:о p:п q:к r:р s:с t:т u:у v:в w:в x:кс y:и z:з " +
	"sh:ш ch:ч zh:ж kh:х ts:ц ph:ф th:т gh:г ck:к qu:кв oo:у ee:и ou:у ya:я yu:ю yo:йо ye:е ay:ай ey:ей oy:ой uy:уй " +
	"č:ч ć:ч š:ш ž:ж đ:дж ş:ш ç:ч ñ:нь ü:ю ö:ё ä:э ë:е ğ:_ ı:ы ł:л ș:ш ț:ц ă:э â:ы î:и"

var cyrRules = map[string]*ruleSet{
	"en": rulesOf("", cyrBase),
	"es": rulesOf("ñ", cyrBase, "j:х ll:ль h:_ z:с ce:се ci:си que:ке qui:ки gue:ге gui:ги ge:хе gi:хи y:й ya:я yo:йо"),
	"de": rulesOf("äöüß", cyrBase, "j:й sch:ш tsch:ч ch:х ei:ай eu:ой äu:ой ie:и z:ц tz:ц v:ф ß:сс ä:е ah:а eh:е oh:о uh:у ck:к"),
	"fr": rulesOf("éèç", cyrBase, "ou:у ch:ш j:ж eau:о au:о oi:уа gn:нь qu:к é:е è:е ç:с u:ю ai:е ei:е h:_ y:и ge:же gi:жи"),
	"it": rulesOf("", cyrBase, "ce:че ci:чи cia:ча cio:чо ciu:чу ge:дже gi:джи gia:джа gio:джо giu:джу ch:к gh:г gn:нь gli:льи sce:ше sci:ши z:ц zz:цц h:_"),
	"pt": rulesOf("ãçõ", cyrBase, "lh:ль nh:нь ão:ан ç:с ch:ш j:ж x:ш ou:оу qu:к gu:г h:_ õe:оэ"),
	"tr": rulesOf("çşğıöü", cyrBase, "c:дж ç:ч ş:ш ğ:_ ı:ы j:ж ö:ё ü:ю y:й"),
	"pl": rulesOf("łśźżćńóąę", cyrBase, "sz:ш cz:ч rz:ж ch:х ł:л w:в ś:сь ź:зь ż:ж ć:ць ń:нь ó:у ą:он ę:ен j:й ie:е ia:я io:ё iu:ю c:ц dz:дз"),
	"ro": rulesOf("șşțţăâî", cyrBase, "ș:ш ş:ш ț:ц ţ:ц ă:э â:ы î:ы ce:че ci:чи ge:дже gi:джи che:ке chi:ки ghe:ге ghi:ги j:ж c:к ea:я iu:ю"),
	"sr": literal("čćšžđ", "a:а b:б c:ц č:ч ć:ћ d:д đ:ђ dž:џ dj:ђ e:е f:ф g:г h:х i:и j:ј k:к l:л lj:љ m:м n:н nj:њ o:о p:п r:р s:с š:ш t:т u:у v:в z:з ž:ж"),
	"sq": literal("çë", "a:а b:б c:ц ç:ч d:д dh:д e:е ë:е f:ф g:г gj:ѓ h:х i:и j:ј k:к l:л ll:л m:м n:н nj:њ o:о p:п q:ќ r:р rr:р s:с sh:ш t:т th:т u:у v:в x:ѕ xh:џ y:и z:з zh:ж"),
	"vi": rulesOf("đ", cyrBase, "ngh:нг ng:нг nh:нь ph:ф th:тх tr:ч ch:ч kh:кх gi:з d:з đ:д x:с qu:кв uy:уи uye:уе y:и"),
}

func literal(keep string, sets ...string) *ruleSet {
	rs := rulesOf(keep, sets...)
	rs.literal = true
	return rs
}

// latinToCyrillic renders a Latin name in Cyrillic with the rules of the
// name's language (lang "" means English-like).
func latinToCyrillic(s, lang string) string {
	rs := cyrRules[lang]
	if rs == nil {
		rs = cyrRules["en"]
	}
	return renderWords(s, func(w string) string { return rs.word(w, true) })
}

// renderWords applies f to every space- or hyphen-separated word of s and
// capitalises the result.
func renderWords(s string, f func(string) string) string {
	var b strings.Builder
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != ' ' && s[i] != '-' {
			continue
		}
		if w := s[start:i]; w != "" {
			out := f(w)
			if out != "" {
				b.WriteString(out)
			}
		}
		if i < len(s) {
			b.WriteByte(s[i])
		}
		start = i + 1
	}
	return strings.TrimSpace(b.String())
}

func isLatinVowel(r rune) bool { return strings.ContainsRune("aeiouyăâîéèëöüä", r) }

// word renders one word, longest rule first.
func (rs *ruleSet) word(w string, capital bool) string {
	w = strings.ToLower(foldExcept(strings.ReplaceAll(w, "'", ""), rs.keep+strings.ToUpper(rs.keep)))
	in := []rune(w)
	var b strings.Builder
	for i := 0; i < len(in); {
		matched := false
		for n := min(rs.maxN, len(in)-i); n >= 1; n-- {
			out, ok := rs.rules[string(in[i:i+n])]
			if !ok {
				continue
			}
			// Context: a word-initial e is э, y before a vowel inside a
			// word after a vowel is й, c before e, i, y is с.
			switch k := string(in[i : i+n]); {
			case rs.literal:
			case k == "e" && i == 0:
				out = "э"
			case k == "ye" && i > 0 && isLatinVowel(in[i-1]):
				out = "йе"
			case k == "y" && i > 0 && isLatinVowel(in[i-1]) && rs.rules["y"] == "и":
				out = "й"
			case k == "c" && out == "к" && i+1 < len(in) && strings.ContainsRune("eiy", in[i+1]):
				out = "с"
			}
			b.WriteString(out)
			i += n
			matched = true
			break
		}
		if !matched {
			b.WriteRune(in[i])
			i++
		}
	}
	out := b.String()
	if capital {
		out = titleWord(out)
	}
	return out
}

// latinToArabic renders a Latin name in Arabic script: names of Arabic
// origin as Arabic writes them (Mamadou → محمد, Ousmane → عثمان), the
// rest by sound, long vowels written, as Arabic documents write foreign
// names.
func latinToArabic(s string) string {
	return renderWords(strings.ReplaceAll(s, "-", " "), func(w string) string {
		k := strings.ToLower(foldLatin(strings.ReplaceAll(w, "|", "")))
		if a, ok := arabicOf[k]; ok {
			return a
		}
		return arRules.arabicWord(k)
	})
}

// arabicOf maps Latin spellings of names of Arabic origin, in every
// convention of the tables and in West African, Somali and South Asian
// usage, to Arabic script.
var arabicOf = func() map[string]string {
	m := map[string]string{}
	add := func(a string, latin ...string) {
		for _, l := range latin {
			k := strings.ToLower(foldLatin(strings.ReplaceAll(l, "|", "")))
			if _, dup := m[k]; !dup {
				m[k] = a
			}
		}
	}
	for _, n := range arMale {
		add(n.ar, n.v[:]...)
	}
	for _, n := range arFemale {
		add(n.ar, n.v[:]...)
	}
	for _, f := range arFamilies {
		if !strings.Contains(f.ar, " ") {
			add(f.ar, f.v[:]...)
		}
	}
	for _, e := range extraArabic {
		add(e[0], strings.Fields(e[1])...)
	}
	return m
}()

// extraArabic: Arabic-script forms of names of Arabic origin as they are
// spelt outside the Arab world, and of common Afghan and South Asian family
// names.
var extraArabic = [][2]string{
	{"محمد", "Mamadou Mamadu Muhammed Mohammad Mohamad Maxamed Md Mohd Mehmet Mahamat"},
	{"أحمد", "Amadou Ahmad Axmed Ahmet"},
	{"عبد الله", "Abdoulaye Abdulai Abdullahi Cabdullaahi Abdullah"},
	{"إبراهيم", "Ibrahima Ibraahim Ibrahim"},
	{"موسى", "Moussa Musa Muuse"},
	{"عثمان", "Ousmane Usman Cismaan Osman"},
	{"سليمان", "Souleymane Suleiman Suleyman Sulaiman"},
	{"يوسف", "Youssouf Yusuf Yuusuf Yousaf"},
	{"إسماعيل", "Ismaila Ismaaciil"},
	{"علي", "Aliou Cali"},
	{"حسن", "Xasan Hasan"},
	{"حسين", "Xuseen Hussain Husain"},
	{"عمر", "Oumar Cumar Umar"},
	{"فاطمة", "Fatoumata Fatumata Faadumo Fadumo Fatuma"},
	{"أمينة", "Aminata Aamina"},
	{"عائشة", "Aissatou Aïssatou Caasha Ayesha Asha"},
	{"مريم", "Mariama Mariam Maryan"},
	{"خديجة", "Kadiatou Khadiija"},
	{"حواء", "Hawa Xaawo Havva"},
	{"آدم", "Adama Aadan Adan Adem"},
	{"بكر", "Bakary Bakar"},
	{"أبو بكر", "Boubacar Abubakar Abubakr"},
	{"إدريس", "Idrissa Idris"},
	{"عبد الرحمن", "Abdirahman Abdulrahman Abdurrahman"},
	{"عبد", "Abdul Abdel"},
	{"ذبيح الله", "Zabihullah Zabiullah"}, {"رحمة الله", "Rahmatullah"}, {"حكمة الله", "Hekmatullah"},
	{"نقيب الله", "Naqibullah"}, {"مير ويس", "Mirwais"}, {"گل", "Gul"}, {"سيد", "Sayed Sayyid"}, {"جمشيد", "Jamshid"},
	{"رحيم", "Rahim"},
	{"جمال", "Jamal Jamaal"},
	{"كمال", "Kamal Kemal"},
	{"نور", "Noor Nuur Nur"},
	{"فرح", "Farah Faarax"},
	{"جامع", "Jama Jaamac"},
	{"عبدي", "Abdi Cabdi"},
	{"محمود", "Mohamud Maxamuud"},
	{"سعيد", "Siciid Saeed Said"},
	{"خالد", "Khaalid Khalid"},
	{"حليمة", "Halima Xaliimo"},
	{"أحمدي", "Ahmadi"}, {"محمدي", "Mohammadi"}, {"رحيمي", "Rahimi"}, {"كريمي", "Karimi"},
	{"حكيمي", "Hakimi"}, {"نوري", "Noori Nouri"}, {"سلطاني", "Sultani"}, {"حسيني", "Hussaini Hosseini"},
	{"هاشمي", "Hashimi"}, {"أميري", "Amiri"}, {"شريفي", "Sharifi"}, {"عزيزي", "Azizi"},
	{"حيدري", "Haidari"}, {"جعفري", "Jafari"}, {"ناصري", "Naseri"}, {"حبيبي", "Habibi"},
	{"رسولي", "Rasuli"}, {"صمدي", "Samadi"}, {"قادري", "Qaderi"}, {"صافي", "Safi"}, {"رضائي", "Rezaei"},
	{"خان", "Khan"}, {"شاه", "Shah"}, {"مالك", "Malik"}, {"إقبال", "Iqbal"}, {"قريشي", "Qureshi"},
	{"شيخ", "Sheikh"}, {"رحمن", "Rahman Rehman"}, {"إسلام", "Islam"}, {"حسن", "Hossain"},
	{"بيغم", "Begum"}, {"خاتون", "Khatun"}, {"أختر", "Akhtar Akter"}, {"صديقي", "Siddiqui"},
	{"عمران", "Imran"}, {"بلال", "Bilal"}, {"عدنان", "Adnan"}, {"كامران", "Kamran"}, {"شاهد", "Shahid"},
	{"رشيد", "Rashid"}, {"طارق", "Tariq"}, {"آصف", "Asif"}, {"زبير", "Zubair"}, {"وقاص", "Waqas"},
	{"ياسين", "Yasin"}, {"كريم", "Karim"}, {"ولي", "Wali"}, {"حامد", "Hamid Hamed"}, {"حميد", "Hameed"}, {"وحيد", "Wahid"},
	{"نجيب", "Najib"}, {"فريد", "Farid"}, {"جواد", "Jawad"}, {"بشير", "Bashir"}, {"ناصر", "Nasir"},
	{"زهراء", "Zahra"}, {"معصومة", "Masooma"}, {"نسرين", "Nasrin Nasreen"}, {"شبنم", "Shabnam"},
	{"ثريا", "Soraya"}, {"فرزانة", "Farzana"}, {"نرجس", "Nargis"}, {"رؤيا", "Roya"}, {"زينب", "Zainab"},
}

var arRules = rulesOf("",
	"b:ب c:ك d:د f:ف g:غ h:ه j:ج k:ك l:ل m:م n:ن p:ب q:ق r:ر s:س t:ت v:ف w:و x:كس z:ز y:ي "+
		"sh:ش ch:تش kh:خ gh:غ th:ث dh:ذ ph:ف ts:تس tch:تش dj:ج zh:ج ck:ك qu:كو")

// arabicVowels writes a run of vowels inside a word as long vowels: ou,
// oo and ee as one, other vowels each.
func arabicVowels(v string) string {
	switch v {
	case "ou", "oo", "uu", "au", "ue":
		return "و"
	case "ee", "ei", "ey", "ie", "ii":
		return "ي"
	}
	var b strings.Builder
	last := ""
	for _, c := range v {
		l := "ا"
		switch c {
		case 'o', 'u':
			l = "و"
		case 'i', 'e':
			l = "ي"
		}
		if l != last {
			b.WriteString(l)
		}
		last = l
	}
	return b.String()
}

// arabicWord writes one lower-case ASCII word by sound: consonants by the
// table, vowels as the long letters ا و ي, an initial vowel on alif, a
// short e or i before a final consonant left unwritten (Peter → بيتر).
func (rs *ruleSet) arabicWord(w string) string {
	in := []rune(w)
	var b strings.Builder
	for i := 0; i < len(in); {
		c := in[i]
		if isLatinVowel(c) && c != 'y' {
			j := i
			for j < len(in) && isLatinVowel(in[j]) && in[j] != 'y' {
				j++
			}
			v := string(in[i:j])
			switch {
			case i == 0 && (v[0] == 'o' || v[0] == 'u'):
				b.WriteString("أو")
			case i == 0 && (v[0] == 'e' || v[0] == 'i'):
				b.WriteString("إي")
			case i == 0:
				b.WriteString("أ")
			case v == "e" && j == len(in)-1:
				// short e before the last consonant: unwritten
			default:
				b.WriteString(arabicVowels(v))
			}
			i = j
			continue
		}
		matched := false
		for n := min(rs.maxN, len(in)-i); n >= 1; n-- {
			if out, ok := rs.rules[string(in[i:i+n])]; ok {
				if n == 1 && i > 0 && in[i-1] == c {
					// doubled consonant: written once
				} else {
					if c == 'c' && n == 1 && i+1 < len(in) && strings.ContainsRune("eiy", in[i+1]) {
						out = "س"
					}
					b.WriteString(out)
				}
				i += n
				matched = true
				break
			}
		}
		if !matched {
			if unicode.IsLetter(c) {
				b.WriteRune(c)
			}
			i++
		}
	}
	return b.String()
}
