package sim

import (
	"slices"
	"strings"
)

// Name is one generated name, as written in its culture.
type Name struct {
	// Full is the whole name in the culture's order (family name first in
	// Vietnamese and Chinese usage) and script.
	Full   string
	Script string // latin, cyrillic, greek or arabic
	// Given holds the given names, then the patronymic elements: a Russian
	// patronymic, an Arabic father's and grandfather's name ("bin Saeed").
	Given  []string
	Family []string // one or more family names (two in Spanish usage)
	Origin string   // ISO 3166-1 alpha-2 country of the name's culture
	Sex    string   // M or F
	// Latin holds the name in Latin script in the conventions its culture
	// meets: transliterations of a Cyrillic, Greek or Arabic name (BGN/PCGN,
	// ISO 9, ICAO 9303 ...), or the ASCII and passport forms of a Latin one.
	Latin []string
}

// NameGenerator draws names of the cultures a trafficking and smuggling
// watchlist holds, with realistic frequencies.
type NameGenerator struct{ r *Rand }

// Streams of the generator, one per kind of output.
const (
	streamNames = iota + 1
	streamPersons
	streamReservoir
	streamDocuments
	streamQueries
	streamNonmatch
	streamPairs
)

// NewNameGenerator returns a generator whose sequence depends only on seed.
func NewNameGenerator(seed int64) *NameGenerator {
	return &NameGenerator{r: NewRand(seed, streamNames)}
}

// Next returns the next name.
func (g *NameGenerator) Next() Name {
	c := pickCulture(g.r)
	origin := c.origins.Pick(g.r)
	pn := c.newName(g.r, g.r.Chance(0.5), origin)
	return pn.export()
}

// cultureOrigins indexes the naming cultures by the countries their
// bearers come from, so that a person of a given nationality gets a name
// of that country.
var cultureOrigins = func() map[string][]*culture {
	m := map[string][]*culture{}
	for _, c := range cultures {
		for _, code := range c.origins.Codes {
			m[code] = append(m[code], c)
		}
	}
	return m
}()

// PersonName is a name drawn for a person of a nationality, rendered on
// demand: the operation simulator draws many names and writes few.
type PersonName struct{ pn pname }

// NameOf draws a name for a person of the nationality; countries without
// a culture of their own get one of the cultures at random.
func NameOf(r *Rand, nationality string, female bool) PersonName {
	cs := cultureOrigins[nationality]
	if len(cs) == 0 {
		c := pickCulture(r)
		return PersonName{c.newName(r, female, c.origins.Pick(r))}
	}
	return PersonName{cs[r.IntN(len(cs))].newName(r, female, nationality)}
}

// Native returns the name as its culture writes it, in its script.
func (n PersonName) Native() string { return n.pn.render(convNative) }

// Passport returns the name as the culture's passports print it, in Latin
// script.
func (n PersonName) Passport() string { return n.pn.render(passportConv(n.pn.c)) }

// Latin reports whether the culture writes its names in Latin script.
func (n PersonName) Latin() bool { return n.pn.c.script == "latin" }

func (pn *pname) export() Name {
	n := Name{Full: pn.render(""), Script: pn.c.script, Origin: pn.origin, Sex: "M"}
	if pn.female {
		n.Sex = "F"
	}
	for i := range pn.parts {
		t := stripMarks(pn.partIn(i, ""))
		switch pn.parts[i].role {
		case roleFamily, roleFamily2:
			n.Family = append(n.Family, t)
		case roleMiddle:
			if pn.c.middleIsFamily {
				n.Family = append(n.Family, t)
			} else {
				n.Given = append(n.Given, t)
			}
		default:
			n.Given = append(n.Given, t)
		}
	}
	for _, conv := range pn.c.latinConvs {
		l := pn.render(conv)
		if l != n.Full && !slices.Contains(n.Latin, l) {
			n.Latin = append(n.Latin, l)
		}
	}
	return n
}

// role is what a part of a name is, which decides what variants may do
// with it: a second given name or a patronymic may be dropped, never the
// only given name.
type role uint8

const (
	roleGiven      role = iota // the person's own given name
	roleGiven2                 // a second given name
	rolePatronymic             // patronymic, father's or grandfather's name
	roleMiddle                 // Vietnamese middle name, Filipino mother's family name
	roleFamily
	roleFamily2 // second family name (the mother's, in Spanish usage)
)

// part is one element of a name as its culture writes it. A '|' in text
// marks where a compound is split or joined (Gebre|mariam).
type part struct {
	text     string
	role     role
	rank     int     // rank in its frequency list: 0 is the most common
	ar       *arName // Arabic element: its conventional Latin spellings
	article  bool    // Arabic: written with the article al-
	particle int     // Arabic: bin, bint or abu before it
}

// pname is a generated name with what it takes to render it in any
// convention.
type pname struct {
	c      *culture
	origin string
	female bool
	parts  []part
}

func (pn *pname) clone() pname {
	c := *pn
	c.parts = append([]part(nil), pn.parts...)
	return c
}

// Latin-script conventions of Latin names.
const (
	convNative = ""
	convASCII  = "ascii" // diacritics dropped
	convICAO   = "icao"  // passport machine-readable zone
	convSpell  = "spell" // another usual spelling (Jallow for Diallo, Mohamed for Maxamed)
	convCyr    = "cyr"   // Cyrillic, as a Russian, Ukrainian or Serbian document writes it
	convAra    = "ara"   // Arabic script, as an Arab state's document writes it
)

// scriptOf returns the script a convention writes.
func (pn *pname) scriptOf(conv string) string {
	switch conv {
	case convNative:
		return pn.c.script
	case convCyr:
		return "cyrillic"
	case convAra:
		return "arabic"
	}
	return "latin"
}

// partIn renders part i in conv, keeping split marks.
func (pn *pname) partIn(i int, conv string) string {
	p := &pn.parts[i]
	c := pn.c
	if p.ar != nil {
		if conv == convCyr || conv == convAra {
			conv = convNative
		}
		return arRender(p.ar, p.article, p.particle, conv, pn.origin)
	}
	if conv == convNative {
		return p.text
	}
	switch c.script {
	case "cyrillic":
		if conv == convCyr {
			return p.text
		}
		return c.scheme(conv).translit(p.text)
	case "greek":
		return greekToLatin(p.text, conv)
	}
	switch conv {
	case convASCII:
		return foldLatin(p.text)
	case convICAO:
		return icaoLatin(p.text, c.umlautE)
	case convSpell:
		return c.spelling(p.text)
	case convCyr:
		return latinToCyrillic(stripMarks(p.text), c.cyrLang)
	case convAra:
		return latinToArabic(stripMarks(p.text))
	}
	return p.text
}

// render writes the whole name in conv.
func (pn *pname) render(conv string) string {
	var b strings.Builder
	for i := range pn.parts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(pn.partIn(i, conv))
	}
	return stripMarks(b.String())
}

func stripMarks(s string) string {
	if strings.IndexByte(s, '|') < 0 {
		return s
	}
	return strings.ReplaceAll(s, "|", "")
}

// commonness is how common the name is: the sum of its parts' ranks,
// lower is more common.
func (pn *pname) commonness() int {
	s := 0
	for _, p := range pn.parts {
		s += min(p.rank, 50)
	}
	return s
}

// spelling returns another usual spelling of a Latin name element, or the
// element itself.
func (c *culture) spelling(s string) string {
	words := strings.Fields(s)
	changed := false
	for i, w := range words {
		if v, ok := c.spell[stripMarks(w)]; ok {
			words[i] = v[0]
			changed = true
		}
	}
	if !changed {
		return s
	}
	return strings.Join(words, " ")
}

func (c *culture) hasSpelling(pn *pname) bool {
	for _, p := range pn.parts {
		for _, w := range strings.Fields(p.text) {
			if _, ok := c.spell[stripMarks(w)]; ok {
				return true
			}
		}
	}
	return false
}

func (c *culture) scheme(conv string) *cyrScheme {
	for _, s := range cyrSchemes[c.lang] {
		if s.id == conv {
			return s
		}
	}
	return cyrSchemes[c.lang][0]
}
