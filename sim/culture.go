package sim

import (
	"strconv"
	"strings"
)

// culture is a naming tradition: its script, name lists in frequency order,
// how a full name is composed, where its bearers come from and hold
// nationality, and how foreign documents write it.
type culture struct {
	id     string
	script string  // latin, cyrillic, greek, arabic
	lang   string  // Cyrillic romanisation tables: ru, uk, bg, sr, mk
	weight float64 // share of watchlist persons, relative

	origins  Countries // countries of the culture
	diaspora Countries // countries of residence and second nationality

	// Name lists, most common first.
	male, female, family nameList
	familyF              nameList // women's family names (Begum, Devi, Kaur)
	patronymics          nameList // "masculine:feminine"
	middleM, middleF     nameList // Vietnamese middle names
	femFamily            func(string) string
	particles            map[string]string // written before a family name: da Silva

	// Composition.
	build           func(c *culture, r *Rand, female bool, origin string) []part
	familyFShare    float64 // share of women with a name from familyF
	given2Share     float64 // share with a second given name
	family2Share    float64 // share with a second family name
	patronymicShare float64 // share with a patronymic (father's name)
	particleShare   float64 // share of family names in particles with their particle
	middleIsFamily  bool    // the middle name is the mother's family name (Filipino)
	familyFirst     bool    // family name first (Vietnamese, Chinese)
	marriedName     bool    // women often take the husband's family name

	// Writing.
	latinConvs   []string            // Latin conventions its names meet
	latinPrimary []string            // conventions of a Latin primary name (non-Latin scripts)
	latinShare   float64             // share of entries whose primary name is in Latin
	umlautE      bool                // passports write Ü as UE
	cyrLang      string              // rules for a Cyrillic rendering of a Latin name
	foreignCyr   float64             // share with a Cyrillic rendering among the aliases
	foreignAr    float64             // share with an Arabic-script rendering
	spell        map[string][]string // other usual spellings of a name

	jan1 float64 // share of dates of birth registered as 1 January
}

// nameList is a list of names, most common first, drawn Zipf-like.
type nameList struct {
	names []string
	cum   Cumulative
}

func names(s float64, csv string) nameList {
	var ns []string
	for _, n := range strings.Split(csv, ",") {
		if n = strings.TrimSpace(n); n != "" {
			ns = append(ns, n)
		}
	}
	return nameList{ns, zipf(len(ns), s)}
}

func (l nameList) pick(r *Rand) (string, int) {
	i := l.cum.Pick(r)
	return l.names[i], i
}

func (l nameList) empty() bool { return len(l.names) == 0 }

// Countries is a weighted list of ISO 3166-1 alpha-2 codes.
type Countries struct {
	Codes []string
	cum   Cumulative
}

// ParseCountries reads a table of weighted codes, "DE:9 FR:7 IT:6.5"; it
// panics on a bad weight, as the tables are code.
func ParseCountries(s string) Countries {
	var codes []string
	var ws []float64
	for _, f := range strings.Fields(s) {
		code, w, _ := strings.Cut(f, ":")
		x, err := strconv.ParseFloat(w, 64)
		if err != nil {
			panic("sim: bad country weight " + f)
		}
		codes = append(codes, code)
		ws = append(ws, x)
	}
	return NewCountries(codes, ws)
}

// NewCountries returns the list that draws codes[i] with weight ws[i].
func NewCountries(codes []string, ws []float64) Countries {
	return Countries{Codes: codes, cum: Cumulate(ws)}
}

// Pick draws a code; d must not be empty.
func (d Countries) Pick(r *Rand) string { return d.Codes[d.cum.Pick(r)] }

// Empty reports whether d holds no code.
func (d Countries) Empty() bool { return len(d.Codes) == 0 }

func (c *culture) newName(r *Rand, female bool, origin string) pname {
	return pname{c: c, origin: origin, female: female, parts: c.build(c, r, female, origin)}
}

func (c *culture) given(r *Rand, female bool) part {
	l := c.male
	if female {
		l = c.female
	}
	n, rank := l.pick(r)
	return part{text: n, role: roleGiven, rank: rank}
}

// given2 draws a second given name different from the first.
func (c *culture) given2(r *Rand, female bool, first string) part {
	for range 8 {
		p := c.given(r, female)
		if p.text != first {
			p.role = roleGiven2
			return p
		}
	}
	p := c.given(r, female)
	p.role = roleGiven2
	return p
}

func (c *culture) familyName(r *Rand, female bool) part {
	if female && c.familyFShare > 0 && r.Chance(c.familyFShare) {
		n, rank := c.familyF.pick(r)
		return part{text: n, role: roleFamily, rank: rank}
	}
	if c.family.empty() {
		return thaiFamily(r)
	}
	n, rank := c.family.pick(r)
	if m, f, ok := strings.Cut(n, "/"); ok {
		n = m
		if female {
			n = f
		}
	} else if female && c.femFamily != nil {
		n = c.femFamily(n)
	}
	if c.particleShare > 0 {
		if p, ok := c.particles[n]; ok && r.Chance(c.particleShare) {
			n = p + " " + n
		}
	}
	return part{text: n, role: roleFamily, rank: rank}
}

func (c *culture) patronymicPart(r *Rand, female bool) part {
	n, rank := c.patronymics.pick(r)
	m, f, _ := strings.Cut(n, ":")
	if f == "" {
		f = m + "а"
	}
	if female {
		m = f
	}
	return part{text: m, role: rolePatronymic, rank: rank}
}

// Composition of full names.

// buildWestern: given [given2] family [family2], or with the mother's
// family name in the middle (Filipino usage).
func buildWestern(c *culture, r *Rand, female bool, origin string) []part {
	ps := make([]part, 0, 4)
	g := c.given(r, female)
	ps = append(ps, g)
	if c.given2Share > 0 && r.Chance(c.given2Share) {
		ps = append(ps, c.given2(r, female, g.text))
	}
	if c.middleIsFamily && r.Chance(0.8) {
		m := c.familyName(r, false)
		m.role = roleMiddle
		ps = append(ps, m)
	}
	f := c.familyName(r, female)
	ps = append(ps, f)
	if c.family2Share > 0 && r.Chance(c.family2Share) {
		for range 4 {
			f2 := c.familyName(r, female)
			if f2.text != f.text {
				f2.role = roleFamily2
				ps = append(ps, f2)
				break
			}
		}
	}
	return ps
}

// buildPortuguese: given [given2] [mother's family] father's family, the
// father's family name last.
func buildPortuguese(c *culture, r *Rand, female bool, origin string) []part {
	ps := buildWestern(c, r, female, origin)
	if n := len(ps); n >= 2 && ps[n-1].role == roleFamily2 {
		ps[n-2], ps[n-1] = ps[n-1], ps[n-2]
	}
	return ps
}

// buildSlavic: given [patronymic] family.
func buildSlavic(c *culture, r *Rand, female bool, origin string) []part {
	ps := make([]part, 0, 3)
	ps = append(ps, c.given(r, female))
	if c.patronymicShare > 0 && r.Chance(c.patronymicShare) {
		ps = append(ps, c.patronymicPart(r, female))
	}
	ps = append(ps, c.familyName(r, female))
	return ps
}

// buildVietnamese: family middle given.
func buildVietnamese(c *culture, r *Rand, female bool, origin string) []part {
	f, fr := c.family.pick(r)
	mid := c.middleM
	if female {
		mid = c.middleF
	}
	m, mr := mid.pick(r)
	g := c.given(r, female)
	return []part{{text: f, role: roleFamily, rank: fr}, {text: m, role: roleMiddle, rank: mr}, g}
}

// Pinyin syllables of Chinese given names.
var (
	zhMale   = names(0.8, "Wei,Jun,Jian,Ming,Hua,Lei,Qiang,Tao,Yong,Jie,Hao,Peng,Bin,Gang,Hui,Long,Bo,Chao,Dong,Feng,Guo,Hai,Xin,Yi,Zhi,Wen,Xiao,Yu,Cheng,Kai")
	zhFemale = names(0.8, "Fang,Min,Jing,Li,Yan,Hui,Juan,Xiu,Ying,Hong,Mei,Lan,Na,Ting,Xia,Yun,Lin,Qing,Jia,Xue,Yu,Xiao,Hua,Ping,Dan,Yue")
)

// buildChinese: family given, a given name of one or two syllables written
// as one word (Xiao|ming).
func buildChinese(c *culture, r *Rand, female bool, origin string) []part {
	f, fr := c.family.pick(r)
	l := zhMale
	if female {
		l = zhFemale
	}
	a, ar := l.pick(r)
	g := part{text: a, role: roleGiven, rank: ar}
	if r.Chance(0.7) {
		b, br := l.pick(r)
		g.text = a + "|" + strings.ToLower(b)
		g.rank = ar*5 + br
	}
	return []part{{text: f, role: roleFamily, rank: fr}, g}
}

// Thai family names are unique by law, so they are composed, not drawn.
var (
	thPrefix = []string{"Sri", "Wong", "Chai", "Rattana", "Siri", "Kaew", "Boon", "Sombat", "Thong", "Phet", "Suk", "Saeng", "Jai", "Intha", "Phom", "Khun", "Charoen", "Sutha", "Prasert", "Kittisak"}
	thSuffix = []string{"sawat", "porn", "sakul", "wong", "chai", "korn", "suk", "rat", "phan", "thong", "wiset", "kul", "siri", "manee", "chart", "pong", "sombat", "phakdi"}
)

func buildThai(c *culture, r *Rand, female bool, origin string) []part {
	return []part{c.given(r, female), thaiFamily(r)}
}

func thaiFamily(r *Rand) part {
	return part{text: r.Pick(thPrefix) + "|" + r.Pick(thSuffix), role: roleFamily, rank: 1000}
}

// buildChain: given, father's name, often the grandfather's, as Eritrea,
// Ethiopia and Somalia name people; the last element serves as family name.
func buildChain(c *culture, r *Rand, female bool, origin string) []part {
	g := c.given(r, female)
	fn, frank := c.family.pick(r)
	if r.Chance(0.5) {
		fn, frank = c.male.pick(r)
	}
	ps := []part{g, {text: fn, role: roleFamily, rank: frank}}
	if r.Chance(c.patronymicShare) {
		gn, grank := c.family.pick(r)
		ps[1].role = rolePatronymic
		ps = append(ps, part{text: gn, role: roleFamily, rank: grank})
	}
	return ps
}

// buildAfghan: one or two given names and a family name; many Afghans have
// no family name, and the father's name takes its place.
func buildAfghan(c *culture, r *Rand, female bool, origin string) []part {
	g := c.given(r, female)
	ps := []part{g}
	if !female && r.Chance(0.3) {
		prefix := "Mohammad"
		if r.Chance(0.5) {
			prefix = "Abdul"
		}
		ps = []part{{text: prefix, role: roleGiven, rank: 0}, {text: g.text, role: roleGiven2, rank: g.rank}}
	}
	if r.Chance(0.7) {
		ps = append(ps, c.familyName(r, female))
	} else {
		fn, rank := c.male.pick(r)
		ps = append(ps, part{text: fn, role: roleFamily, rank: rank})
	}
	return ps
}

// buildArabic composes the name as the origin country does:
//
//	Levant:   given father family              محمد خالد الحسن
//	Iraq:     given father grandfather nisba   علي حسين جاسم الجبوري
//	Gulf:     given bin father [bin grandfather] family
//	Egypt:    given father grandfather [family]
//	Maghreb:  given family (often Ben X)
func buildArabic(c *culture, r *Rand, female bool, origin string) []part {
	pick := func(l []*arName, s Cumulative) (*arName, int) {
		i := s.Pick(r)
		return l[i], i
	}
	own := func() part {
		if female {
			n, i := pick(arFemale, arFemaleCum)
			return part{text: n.ar, ar: n, role: roleGiven, rank: i}
		}
		n, i := pick(arMale, arMaleCum)
		return part{text: n.ar, ar: n, role: roleGiven, rank: i}
	}
	father := func(particle int) part {
		n, i := pick(arMale, arMaleCum)
		return part{text: n.ar, ar: n, role: rolePatronymic, rank: i, particle: particle}
	}
	family := func(maghreb bool) part {
		for {
			i := arFamilyCum.Pick(r)
			f := arFamilies[i]
			isBen := strings.HasPrefix(f.ar, "بن ")
			if isBen && !maghreb {
				continue
			}
			return part{text: f.ar, ar: f.arName, article: f.article, role: roleFamily, rank: i}
		}
	}
	ps := []part{own()}
	switch origin {
	case "MA", "DZ", "TN", "LY", "MR":
		if r.Chance(0.2) {
			ps = append(ps, father(arNone))
		}
		ps = append(ps, family(true))
	case "SA", "YE", "AE", "KW", "QA", "OM", "BH":
		bin := arBin
		if female {
			bin = arBint
		}
		ps = append(ps, father(bin))
		if r.Chance(0.3) {
			ps = append(ps, father(arBin))
		}
		ps = append(ps, family(false))
	case "EG", "SD":
		ps = append(ps, father(arNone))
		if r.Chance(0.8) {
			ps = append(ps, father(arNone))
		}
		if r.Chance(0.3) || len(ps) == 2 {
			ps = append(ps, family(false))
		} else {
			ps[len(ps)-1].role = roleFamily
		}
	case "IQ":
		ps = append(ps, father(arNone))
		if r.Chance(0.5) {
			ps = append(ps, father(arNone))
		}
		ps = append(ps, family(false))
	default:
		if r.Chance(0.7) {
			ps = append(ps, father(arNone))
		}
		ps = append(ps, family(false))
	}
	return ps
}

var (
	arMaleCum   = zipf(len(arMale), 1.0)
	arFemaleCum = zipf(len(arFemale), 0.9)
	arFamilyCum = zipf(len(arFamilies), 0.7)
)

// Feminine forms of family names.

func femRussian(s string) string {
	switch {
	case strings.HasSuffix(s, "ский"), strings.HasSuffix(s, "цкий"):
		return strings.TrimSuffix(s, "ий") + "ая"
	case strings.HasSuffix(s, "ой"):
		return strings.TrimSuffix(s, "ой") + "ая"
	case strings.HasSuffix(s, "ов"), strings.HasSuffix(s, "ев"), strings.HasSuffix(s, "ёв"),
		strings.HasSuffix(s, "ин"), strings.HasSuffix(s, "ын"):
		return s + "а"
	}
	return s
}

func femUkrainian(s string) string {
	switch {
	case strings.HasSuffix(s, "ський"), strings.HasSuffix(s, "цький"):
		return strings.TrimSuffix(s, "ий") + "а"
	case strings.HasSuffix(s, "ов"), strings.HasSuffix(s, "ев"), strings.HasSuffix(s, "ін"):
		return s + "а"
	}
	return s
}

func femSouthSlavic(s string) string {
	switch {
	case strings.HasSuffix(s, "ски"):
		return strings.TrimSuffix(s, "и") + "а"
	case strings.HasSuffix(s, "ов"), strings.HasSuffix(s, "ев"):
		return s + "а"
	}
	return s
}

func femPolish(s string) string {
	if strings.HasSuffix(s, "ski") || strings.HasSuffix(s, "cki") || strings.HasSuffix(s, "dzki") {
		return strings.TrimSuffix(s, "i") + "a"
	}
	return s
}
