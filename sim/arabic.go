package sim

import "strings"

// Arabic names cannot be romanised letter by letter (short vowels are not
// written), so every name element carries its usual Latin spellings, one
// per convention:
//
//	en  English usage of the Levant, Iraq and the Gulf: Mohammed, Al-Hassan
//	fr  French usage of the Maghreb: Mohamed, Abdellah, El Hassan, Youssef
//	eg  Egyptian and Sudanese usage: Mohamed, Gamal (ج read g), El-Masry
//	sch scholarly (ALA-LC/EI without diacritics): Muhammad, Abd Allah, al-Hasan
//
// The passport form is the issuer's usual spelling in capitals, articles
// joined ("ALHASSAN"). A '|' marks where a compound may be split or joined:
// Abdul|rahman, Abdul Rahman.
const (
	arEN = iota
	arFR
	arEG
	arSCH
)

const (
	convArEN   = "en"
	convArFR   = "fr"
	convArEG   = "eg"
	convArSCH  = "sch"
	convArICAO = "icao"
)

var arabicConvs = []string{convArICAO, convArEN, convArFR, convArEG, convArSCH}

func arConvIndex(conv string) int {
	switch conv {
	case convArFR:
		return arFR
	case convArEG:
		return arEG
	case convArSCH:
		return arSCH
	}
	return arEN
}

type arName struct {
	ar string
	v  [4]string
}

func ar(a, en, fr, eg, sch string) *arName { return &arName{a, [4]string{en, fr, eg, sch}} }

// Male given names, most common first; they serve as fathers' and
// grandfathers' names too.
var arMale = []*arName{
	ar("محمد", "Mohammed", "Mohamed", "Mohamed", "Muhammad"),
	ar("أحمد", "Ahmed", "Ahmed", "Ahmed", "Ahmad"),
	ar("علي", "Ali", "Ali", "Aly", "Ali"),
	ar("عبد الله", "Abd|ullah", "Abdel|lah", "Abdallah", "Abd Allah"),
	ar("حسن", "Hassan", "Hassan", "Hassan", "Hasan"),
	ar("محمود", "Mahmoud", "Mahmoud", "Mahmoud", "Mahmud"),
	ar("حسين", "Hussein", "Houcine", "Hussein", "Husayn"),
	ar("مصطفى", "Mustafa", "Mustapha", "Mostafa", "Mustafa"),
	ar("خالد", "Khaled", "Khaled", "Khaled", "Khalid"),
	ar("عمر", "Omar", "Omar", "Omar", "Umar"),
	ar("يوسف", "Yousef", "Youssef", "Youssef", "Yusuf"),
	ar("إبراهيم", "Ibrahim", "Brahim", "Ibrahim", "Ibrahim"),
	ar("عبد الرحمن", "Abdul|rahman", "Abder|rahmane", "Abdel Rahman", "Abd al-Rahman"),
	ar("سعيد", "Saeed", "Said", "Saied", "Said"),
	ar("كريم", "Karim", "Karim", "Karim", "Karim"),
	ar("جمال", "Jamal", "Djamel", "Gamal", "Jamal"),
	ar("طارق", "Tariq", "Tarek", "Tarek", "Tariq"),
	ar("عبد العزيز", "Abdul|aziz", "Abdel|aziz", "Abdel Aziz", "Abd al-Aziz"),
	ar("ياسين", "Yassin", "Yacine", "Yassin", "Yasin"),
	ar("بلال", "Bilal", "Bilal", "Belal", "Bilal"),
	ar("حمزة", "Hamza", "Hamza", "Hamza", "Hamzah"),
	ar("عادل", "Adel", "Adel", "Adel", "Adil"),
	ar("رشيد", "Rashid", "Rachid", "Rashid", "Rashid"),
	ar("سامي", "Sami", "Sami", "Samy", "Sami"),
	ar("وليد", "Walid", "Walid", "Walid", "Walid"),
	ar("ماجد", "Majid", "Majid", "Maged", "Majid"),
	ar("فيصل", "Faisal", "Fayçal", "Faisal", "Faysal"),
	ar("زياد", "Ziad", "Ziad", "Ziad", "Ziyad"),
	ar("نبيل", "Nabil", "Nabil", "Nabil", "Nabil"),
	ar("أيمن", "Ayman", "Aymen", "Ayman", "Ayman"),
	ar("عماد", "Imad", "Imed", "Emad", "Imad"),
	ar("هشام", "Hisham", "Hicham", "Hesham", "Hisham"),
	ar("مراد", "Murad", "Mourad", "Morad", "Murad"),
	ar("نور الدين", "Nur|eddin", "Nour|eddine", "Nour El Din", "Nur al-Din"),
	ar("عبد القادر", "Abdul|qader", "Abdel|kader", "Abdel Kader", "Abd al-Qadir"),
	ar("صلاح", "Salah", "Salah", "Salah", "Salah"),
	ar("سليمان", "Suleiman", "Slimane", "Soliman", "Sulayman"),
	ar("عثمان", "Othman", "Othmane", "Osman", "Uthman"),
	ar("يونس", "Younis", "Younes", "Younis", "Yunus"),
	ar("إسماعيل", "Ismail", "Smail", "Ismail", "Ismail"),
	ar("موسى", "Musa", "Moussa", "Moussa", "Musa"),
	ar("عيسى", "Issa", "Aissa", "Eissa", "Isa"),
	ar("ناصر", "Nasser", "Nacer", "Nasser", "Nasir"),
	ar("منصور", "Mansour", "Mansour", "Mansour", "Mansur"),
	ar("خليل", "Khalil", "Khalil", "Khalil", "Khalil"),
	ar("صالح", "Saleh", "Salah", "Saleh", "Salih"),
	ar("عباس", "Abbas", "Abbes", "Abbas", "Abbas"),
	ar("قاسم", "Qassem", "Kacem", "Kassem", "Qasim"),
	ar("جابر", "Jaber", "Djaber", "Gaber", "Jabir"),
	ar("أنس", "Anas", "Anas", "Anas", "Anas"),
	ar("سمير", "Samir", "Samir", "Samir", "Samir"),
	ar("فارس", "Fares", "Fares", "Fares", "Faris"),
	ar("حمدان", "Hamdan", "Hamdane", "Hamdan", "Hamdan"),
	ar("رامي", "Rami", "Rami", "Ramy", "Rami"),
}

var arFemale = []*arName{
	ar("فاطمة", "Fatima", "Fatima", "Fatma", "Fatimah"),
	ar("مريم", "Maryam", "Meriem", "Mariam", "Maryam"),
	ar("عائشة", "Aisha", "Aicha", "Aisha", "Aishah"),
	ar("زينب", "Zainab", "Zineb", "Zeinab", "Zaynab"),
	ar("نور", "Noor", "Nour", "Nour", "Nur"),
	ar("خديجة", "Khadija", "Khadija", "Khadiga", "Khadijah"),
	ar("سارة", "Sara", "Sarah", "Sara", "Sarah"),
	ar("أمينة", "Amina", "Amina", "Amina", "Aminah"),
	ar("ليلى", "Layla", "Leila", "Laila", "Layla"),
	ar("هدى", "Huda", "Houda", "Hoda", "Huda"),
	ar("إيمان", "Iman", "Imane", "Eman", "Iman"),
	ar("ياسمين", "Yasmin", "Yasmine", "Yasmine", "Yasmin"),
	ar("سلمى", "Salma", "Salma", "Salma", "Salma"),
	ar("أسماء", "Asma", "Asmaa", "Asmaa", "Asma"),
	ar("رانيا", "Rania", "Rania", "Rania", "Raniya"),
	ar("هبة", "Heba", "Hiba", "Heba", "Hibah"),
	ar("منى", "Mona", "Mouna", "Mona", "Muna"),
	ar("نادية", "Nadia", "Nadia", "Nadia", "Nadiya"),
	ar("حنان", "Hanan", "Hanane", "Hanan", "Hanan"),
	ar("سعاد", "Suad", "Souad", "Soad", "Suad"),
	ar("دعاء", "Doaa", "Douaa", "Doaa", "Dua"),
	ar("رشا", "Rasha", "Racha", "Rasha", "Rasha"),
	ar("سميرة", "Samira", "Samira", "Samira", "Samirah"),
	ar("نسرين", "Nisreen", "Nesrine", "Nesreen", "Nisrin"),
	ar("جميلة", "Jamila", "Djamila", "Gamila", "Jamilah"),
	ar("وفاء", "Wafaa", "Wafae", "Wafaa", "Wafa"),
	ar("كريمة", "Karima", "Karima", "Karima", "Karimah"),
	ar("رقية", "Ruqayya", "Rokia", "Roqaya", "Ruqayyah"),
	ar("لينا", "Lina", "Lina", "Lina", "Lina"),
}

// Family names. With the article (nisbas and tribal names) the entry holds
// the word without it; the article is written per convention.
type arFamily struct {
	*arName
	article bool
}

func fam(a, en, fr, eg, sch string) arFamily { return arFamily{ar(a, en, fr, eg, sch), false} }
func art(a, en, fr, eg, sch string) arFamily { return arFamily{ar(a, en, fr, eg, sch), true} }

var arFamilies = []arFamily{
	art("حسن", "Hassan", "Hassan", "Hassan", "Hasan"),
	art("أحمد", "Ahmad", "Ahmed", "Ahmed", "Ahmad"),
	art("علي", "Ali", "Ali", "Aly", "Ali"),
	art("مصري", "Masri", "Masri", "Masry", "Misri"),
	art("خطيب", "Khatib", "Khatib", "Khatib", "Khatib"),
	fam("حداد", "Haddad", "Haddad", "Haddad", "Haddad"),
	art("حسيني", "Husseini", "Housseini", "Husseiny", "Husayni"),
	art("شامي", "Shami", "Chami", "Shamy", "Shami"),
	art("جبوري", "Jubouri", "Jbouri", "Gubouri", "Juburi"),
	art("تميمي", "Tamimi", "Tamimi", "Tamimy", "Tamimi"),
	fam("خليل", "Khalil", "Khalil", "Khalil", "Khalil"),
	art("عبيدي", "Obaidi", "Obeidi", "Obeidy", "Ubaydi"),
	fam("منصور", "Mansour", "Mansour", "Mansour", "Mansur"),
	art("عمري", "Omari", "Omari", "Omary", "Umari"),
	fam("ناصر", "Nasser", "Nacer", "Nasser", "Nasir"),
	art("بغدادي", "Baghdadi", "Baghdadi", "Baghdady", "Baghdadi"),
	art("حلبي", "Halabi", "Halabi", "Halaby", "Halabi"),
	art("ساعدي", "Saadi", "Saadi", "Saady", "Saidi"),
	art("دليمي", "Dulaimi", "Dulaimi", "Dulaimy", "Dulaymi"),
	art("شمري", "Shammari", "Chammari", "Shammary", "Shammari"),
	fam("سليمان", "Suleiman", "Slimane", "Soliman", "Sulayman"),
	fam("عثمان", "Othman", "Othmane", "Osman", "Uthman"),
	fam("يونس", "Younis", "Younes", "Younis", "Yunus"),
	fam("عباس", "Abbas", "Abbes", "Abbas", "Abbas"),
	art("زعبي", "Zoubi", "Zoubi", "Zoaby", "Zubi"),
	art("أنصاري", "Ansari", "Ansari", "Ansary", "Ansari"),
	art("إدريسي", "Idrissi", "Idrissi", "Edrisi", "Idrisi"),
	art("عمراني", "Amrani", "Amrani", "Omrany", "Imrani"),
	art("فاسي", "Fassi", "Fassi", "Fassy", "Fasi"),
	art("قحطاني", "Qahtani", "Kahtani", "Qahtany", "Qahtani"),
	fam("قاسم", "Qassem", "Kacem", "Kassem", "Qasim"),
	fam("جابر", "Jaber", "Djaber", "Gaber", "Jabir"),
	fam("حمدان", "Hamdan", "Hamdane", "Hamdan", "Hamdan"),
	fam("صالح", "Saleh", "Salah", "Saleh", "Salih"),
	fam("عيسى", "Issa", "Aissa", "Eissa", "Isa"),
	fam("بن علي", "Ben Ali", "Ben Ali", "Bin Ali", "ibn Ali"),
	fam("بن يوسف", "Ben Youssef", "Ben|youssef", "Bin Youssef", "ibn Yusuf"),
	fam("بن سالم", "Ben Salem", "Ben|salem", "Bin Salem", "ibn Salim"),
	fam("بن عمر", "Ben Omar", "Ben|omar", "Bin Omar", "ibn Umar"),
	fam("بن عبد الله", "Ben Abdullah", "Ben|abdellah", "Bin Abdallah", "ibn Abd Allah"),
}

// Particles between the elements of a name.
const (
	arNone = iota
	arBin  // بن, son of
	arBint // بنت, daughter of
	arAbu  // أبو, father of: a kunya, often a nom de guerre
)

var arParticle = [4]struct {
	ar string
	v  [4]string
}{
	{},
	{"بن", [4]string{"bin", "ben", "bin", "ibn"}},
	{"بنت", [4]string{"bint", "bent", "bint", "bint"}},
	{"أبو", [4]string{"Abu", "Abou", "Abu", "Abu"}},
}

var arArticle = [4]string{"Al-", "El ", "El-", "al-"}

// arStyle is the convention an issuer's documents follow.
func arStyle(origin string) string {
	switch origin {
	case "MA", "DZ", "TN", "MR":
		return convArFR
	case "EG", "SD", "LY":
		return convArEG
	}
	return convArEN
}

// arRender writes one element of an Arabic name.
func arRender(n *arName, article bool, particle int, conv, origin string) string {
	if conv == "" {
		s := n.ar
		if article {
			s = "ال" + s
		}
		if particle != arNone {
			s = arParticle[particle].ar + " " + s
		}
		return s
	}
	icao := conv == convArICAO
	if icao {
		conv = arStyle(origin)
	}
	i := arConvIndex(conv)
	s := n.v[i]
	if article {
		if icao {
			s = "AL|" + s
		} else {
			s = arArticle[i] + s
		}
	}
	if particle != arNone {
		s = arParticle[particle].v[i] + " " + s
	}
	if icao {
		return strings.ToUpper(s)
	}
	return s
}

// normalizeArabic drops what Arabic typing often leaves out: hamza seats
// on alif, ta marbuta written as ha, alif maqsura as ya.
func normalizeArabic(s string) string {
	return arabicNormalizer.Replace(s)
}

var arabicNormalizer = strings.NewReplacer("أ", "ا", "إ", "ا", "آ", "ا", "ة", "ه", "ى", "ي")
