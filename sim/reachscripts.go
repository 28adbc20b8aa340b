package sim

import "strings"

// Hard-case classes of given-name equivalents and of scripts (issue 15,
// classes 3 and 4): the tables are written here from general knowledge
// of the names and from the romanisation systems' published rules,
// independently of screen's equivalents table and transliterations, so
// that what screen does not know shows as misses.
const (
	ClassEquivalent = "equivalent" // a given name against its equivalent in another language (John, Juan, Ioannis)
	ClassThai       = "thai"       // a Thai name in Thai script against its RTGS and popular spellings
	ClassGreek      = "greek"      // a Greek name in Greek script against its English given name and transliterated surname
	ClassVietnamese = "vietnamese" // with and without diacritics, family-middle-given and reversed
)

// eqGroups are given names that are one name in several languages.
var eqGroups = [][]string{
	{"John", "Juan", "Giovanni", "Jean", "Johannes", "Ioannis", "Ivan", "Jan", "João", "Yahya", "Sean"},
	{"Joseph", "José", "Giuseppe", "Josef", "Józef", "Youssef", "Yusuf", "Iosif"},
	{"William", "Guillermo", "Guglielmo", "Guillaume", "Wilhelm", "Bill", "Willem"},
	{"Margaret", "Margarita", "Margherita", "Marguerite", "Peggy", "Maggie", "Małgorzata"},
	{"George", "Jorge", "Giorgio", "Georges", "Georg", "Georgios", "Jerzy"},
	{"Peter", "Pedro", "Pietro", "Pierre", "Piotr", "Petros", "Pyotr"},
	{"Michael", "Miguel", "Michele", "Michel", "Mikhail", "Michał"},
	{"Paul", "Pablo", "Paolo", "Pavel", "Paweł"},
	{"James", "Giacomo", "Jacques", "Jakob", "Yakov", "Jim"},
	{"Mary", "María", "Marie", "Maryam", "Mariam"},
	{"Elizabeth", "Isabel", "Elisabetta", "Élisabeth", "Elżbieta", "Yelizaveta", "Betty"},
	{"Catherine", "Catalina", "Caterina", "Katarzyna", "Yekaterina", "Kate"},
	{"Stephen", "Esteban", "Stefano", "Étienne", "Stefan"},
	{"Andrew", "Andrés", "Andrea", "André", "Andrzej", "Andrei"},
	{"Nicholas", "Nicolás", "Niccolò", "Nicolas", "Nikolai", "Mikołaj"},
	{"Anthony", "Antonio", "Antoine", "Anton", "Antoni", "Tony"},
	{"Alexander", "Alejandro", "Alessandro", "Alexandre", "Aleksandr", "Iskandar"},
	{"Henry", "Enrique", "Enrico", "Henri", "Heinrich", "Henryk"},
	{"Charles", "Carlos", "Carlo", "Karl", "Karol"},
	{"Francis", "Francisco", "Francesco", "François", "Franz", "Franciszek"},
	{"Robert", "Roberto", "Bob", "Rob"},
	{"Richard", "Ricardo", "Riccardo", "Dick"},
	{"Edward", "Eduardo", "Edoardo", "Ted"},
	{"Abraham", "Ibrahim", "Avraham"},
	{"Moses", "Musa", "Moisés", "Mosè"},
	{"Jacob", "Yaqub", "Jacopo"},
	{"Thomas", "Tomás", "Tommaso", "Tom"},
}

// eqGroupOf returns the index of the group holding name, or -1.
func eqGroupOf(name string) int {
	n := strings.ToLower(stripMarks(name))
	for i, g := range eqGroups {
		for _, x := range g {
			if strings.ToLower(stripMarks(x)) == n {
				return i
			}
		}
	}
	return -1
}

// hardEquivalent draws a listed Latin person whose given name is in a
// group and writes it with another name of the group (a match), or of
// another group (a non-match: the same family name, another given name).
func (g *qgen) hardEquivalent(match bool) (hardPair, *query, bool) {
	var p *person
	var given string
	grp := -1
	p = g.latinPerson(func(p *person) bool {
		for i, pt := range p.pn.parts {
			if pt.role == roleGiven {
				t := p.pn.partIn(i, p.conv)
				if k := eqGroupOf(t); k >= 0 && strings.Contains(p.primary, t) {
					given, grp = t, k
					return true
				}
				return false
			}
		}
		return false
	})
	if p == nil || grp < 0 {
		return hardPair{}, nil, false
	}
	var other string
	for range 20 {
		k := grp
		if !match {
			k = g.r.IntN(len(eqGroups))
			if k == grp {
				continue
			}
		}
		other = g.r.Pick(eqGroups[k])
		if eqGroupOf(other) == k && !strings.EqualFold(stripMarks(other), stripMarks(given)) {
			break
		}
		other = ""
	}
	if other == "" {
		return hardPair{}, nil, false
	}
	name := strings.Replace(p.primary, given, other, 1)
	return hardPair{pair: pair{a: p.primary, b: name}}, g.asQuery(p, name, p.dob), true
}

// thName is a Thai name element: its Thai script, RTGS and the spelling
// people and passports commonly use.
type thName struct{ thai, rtgs, popular string }

var thGivenNames = []thName{
	{"สมชาย", "Somchai", "Somchai"}, {"สมศักดิ์", "Somsak", "Somsak"}, {"วิชัย", "Wichai", "Vichai"},
	{"ประเสริฐ", "Prasoet", "Prasert"}, {"อนันต์", "Anan", "Anan"}, {"ธนากร", "Thanakon", "Thanakorn"},
	{"กิตติศักดิ์", "Kittisak", "Kittisak"}, {"ชัยวัฒน์", "Chaiwat", "Chaiwat"}, {"บุญมี", "Bunmi", "Boonmee"},
	{"ณรงค์", "Narong", "Narong"}, {"ปรีชา", "Pricha", "Preecha"}, {"ธวัชชัย", "Thawatchai", "Thawatchai"},
	{"มาลี", "Mali", "Malee"}, {"ศิริพร", "Siriphon", "Siriporn"}, {"สมหญิง", "Somying", "Somying"},
	{"ปราณี", "Prani", "Pranee"}, {"วนิดา", "Wanida", "Wanida"}, {"กัญญา", "Kanya", "Kanya"},
	{"สุภาพร", "Suphaphon", "Supaporn"}, {"พรทิพย์", "Phonthip", "Pornthip"}, {"จินตนา", "Chintana", "Jintana"},
	{"สุนิสา", "Sunisa", "Sunisa"}, {"ดวงใจ", "Duangchai", "Duangjai"}, {"อรุณี", "Aruni", "Arunee"},
	{"ชุติมา", "Chutima", "Chutima"}, {"สมพงษ์", "Somphong", "Sompong"},
}

var (
	thFamPrefix = []thName{{"ศรี", "Si", "Sri"}, {"ทอง", "Thong", "Thong"}, {"แก้ว", "Kaeo", "Kaew"}, {"บุญ", "Bun", "Boon"}, {"แสง", "Saeng", "Saeng"}}
	thFamSuffix = []thName{{"สุข", "suk", "suk"}, {"ชัย", "chai", "chai"}, {"มณี", "mani", "manee"}, {"วงศ์", "wong", "wong"}, {"ทอง", "thong", "thong"}, {"ศรี", "si", "sri"}}
)

func (g *qgen) hardThai(match bool) (hardPair, bool) {
	r := g.r
	given := thGivenNames[r.IntN(len(thGivenNames))]
	pre, suf := thFamPrefix[r.IntN(len(thFamPrefix))], thFamSuffix[r.IntN(len(thFamSuffix))]
	if pre.thai == suf.thai {
		return hardPair{}, false
	}
	b := given
	if !match {
		for b.thai == given.thai {
			b = thGivenNames[r.IntN(len(thGivenNames))]
		}
	}
	thai := given.thai + " " + pre.thai + suf.thai
	fam := pre.rtgs + suf.rtgs
	giv := b.rtgs
	if r.Chance(0.5) {
		fam, giv = pre.popular+suf.popular, b.popular
	}
	latin := giv + " " + fam
	if r.Chance(0.2) {
		latin = strings.ToUpper(fam) + ", " + giv
	}
	return hardPair{pair: pair{a: thai, b: latin}}, true
}

// grName is a Greek given name and its English equivalent.
type grName struct{ greek, english string }

var grGiven = []grName{
	{"Γεώργιος", "George"}, {"Ιωάννης", "John"}, {"Κωνσταντίνος", "Constantine"}, {"Νικόλαος", "Nicholas"},
	{"Μιχαήλ", "Michael"}, {"Πέτρος", "Peter"}, {"Παύλος", "Paul"}, {"Αλέξανδρος", "Alexander"}, {"Ανδρέας", "Andrew"},
	{"Στέφανος", "Stephen"}, {"Θωμάς", "Thomas"}, {"Ιάκωβος", "James"}, {"Φίλιππος", "Philip"}, {"Ιωσήφ", "Joseph"},
	{"Μάρκος", "Mark"}, {"Λουκάς", "Luke"}, {"Αντώνιος", "Anthony"}, {"Γρηγόριος", "Gregory"}, {"Βασίλειος", "Basil"},
	{"Μαρία", "Mary"}, {"Ελένη", "Helen"}, {"Αικατερίνη", "Catherine"}, {"Άννα", "Anne"}, {"Σοφία", "Sophia"},
	{"Ειρήνη", "Irene"}, {"Μαργαρίτα", "Margaret"}, {"Ελισάβετ", "Elizabeth"},
}

var grFamily = []grName{
	{"Παπαδόπουλος", "Papadopoulos"}, {"Παπαδάκης", "Papadakis"}, {"Γεωργίου", "Georgiou"}, {"Νικολάου", "Nikolaou"},
	{"Οικονόμου", "Oikonomou"}, {"Καραγιάννης", "Karagiannis"}, {"Βασιλείου", "Vasileiou"}, {"Μακρής", "Makris"},
	{"Αντωνίου", "Antoniou"}, {"Δημητρίου", "Dimitriou"}, {"Ιωάννου", "Ioannou"}, {"Κωνσταντίνου", "Konstantinou"},
	{"Αθανασίου", "Athanasiou"}, {"Πετρίδης", "Petridis"}, {"Χριστοδούλου", "Christodoulou"},
}

func (g *qgen) hardGreek(match bool) (hardPair, bool) {
	r := g.r
	given, fam := grGiven[r.IntN(len(grGiven))], grFamily[r.IntN(len(grFamily))]
	b := given
	if !match {
		for b.greek == given.greek {
			b = grGiven[r.IntN(len(grGiven))]
		}
	}
	greek := given.greek + " " + fam.greek
	if r.Chance(0.3) {
		greek = strings.ToUpper(greek)
	}
	latin := b.english + " " + fam.english
	if r.Chance(0.3) {
		latin = strings.ToUpper(fam.english) + ", " + b.english
	}
	return hardPair{pair: pair{a: greek, b: latin}}, true
}

// hardVietnamese draws a listed Vietnamese person and writes the name
// with or without its diacritics, in its order (family, middle, given),
// in the Western order or comma-inverted; a non-match is another person
// written the same way.
func (g *qgen) hardVietnamese(match bool) (hardPair, *query, bool) {
	p := g.latinPerson(func(p *person) bool { return p.pn.c.id == "vi" && len(p.pn.parts) >= 2 })
	if p == nil {
		return hardPair{}, nil, false
	}
	b := p
	if !match {
		if b = g.other(p); b == nil {
			return hardPair{}, nil, false
		}
	}
	words := strings.Fields(b.primary)
	if g.r.Chance(0.5) {
		words = strings.Fields(stripMarks(b.primary))
	}
	var name string
	switch g.r.IntN(3) {
	case 0:
		name = strings.Join(words, " ")
	case 1: // given name first, family name last
		rest := append(append([]string{}, words[1:]...), words[0])
		name = strings.Join(rest, " ")
	default:
		name = strings.ToUpper(words[0]) + ", " + strings.Join(words[1:], " ")
	}
	if name == b.primary && match {
		name = stripMarks(name)
		if name == b.primary {
			name = strings.ToUpper(name)
		}
	}
	return hardPair{pair: pair{a: p.primary, b: name}}, g.asQuery(p, name, p.dob), true
}
