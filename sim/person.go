package sim

import (
	"math"
	"strconv"
)

// Categories of watchlisted persons.
var (
	categories   = []string{"wanted", "suspect", "missing", "victim"}
	categoryCum  = Cumulate([]float64{35, 25, 22, 18})
	femaleShare  = [...]float64{0.15, 0.25, 0.55, 0.70}
	docShare     = [...]float64{0.60, 0.55, 0.45, 0.40}
	ageLo, ageHi = [...]float64{18, 18, 14, 14}, [...]float64{70, 70, 74, 50}
	ageMode      = [...]float64{32, 30, 22, 24}
)

// ReferenceYear is the year ages are counted from: the operation's.
const ReferenceYear = 2024

// person is one watchlisted person: what the row says, and the truth the
// queries are derived from (the full date of birth behind a partial one).
type person struct {
	index    int
	category string
	pn       pname
	primary  string
	conv     string // convention of the primary name
	aliases  []string
	alts     []pname // other identities among the aliases: maiden or married name, false identity, kunya
	dob      string  // as written: full, partial or empty
	y, m, d  int     // the true date of birth
	sex      string  // as written, rarely empty
	nats     []string
	docNum   string
	docState string
	docType  string
}

func (p *person) ref() string { return refOf('P', p.index) }

func refOf(prefix byte, i int) string {
	b := make([]byte, 0, 12)
	b = append(b, prefix)
	s := strconv.Itoa(i)
	for n := len(s); n < 7; n++ {
		b = append(b, '0')
	}
	return string(append(b, s...))
}

// personGen draws persons from its own stream, so that the same seed gives
// the same persons whatever else is generated.
type personGen struct {
	r    *Rand
	docs *docNumbers
	n    int
}

func newPersonGen(seed int64) *personGen {
	return &personGen{r: NewRand(seed, streamPersons), docs: newDocNumbers(seed)}
}

func (g *personGen) next() *person {
	r := g.r
	g.n++
	p := &person{index: g.n}
	ci := categoryCum.Pick(r)
	p.category = categories[ci]
	c := pickCulture(r)
	origin := c.origins.Pick(r)
	female := r.Chance(femaleShare[ci])
	p.pn = c.newName(r, female, origin)
	p.sex = "M"
	if female {
		p.sex = "F"
	}
	if r.Chance(0.01) {
		p.sex = ""
	}
	g.birth(p, ci)
	g.nationalities(p)
	g.primary(p)
	g.aliases(p)
	if r.Chance(docShare[ci]) {
		p.docState = p.nats[0]
		if len(p.nats) > 1 && r.Chance(0.3) {
			p.docState = p.nats[len(p.nats)-1]
		}
		p.docType = "passport"
		if r.Chance(0.15) && !noIDCard[p.docState] {
			p.docType = "id_card"
		}
		p.docNum = g.docs.number(p.docState, p.docType)
	}
	return p
}

// Triangular draws from the triangular distribution on [lo, hi] with the
// given mode: ages cluster around a mode with long tails.
func Triangular(r *Rand, lo, hi, mode float64) float64 {
	u := r.Float64()
	f := (mode - lo) / (hi - lo)
	if u < f {
		return lo + math.Sqrt(u*(hi-lo)*(mode-lo))
	}
	return hi - math.Sqrt((1-u)*(hi-lo)*(hi-mode))
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func (g *personGen) birth(p *person, ci int) {
	r := g.r
	age := int(Triangular(r, ageLo[ci], ageHi[ci], ageMode[ci]))
	p.y = min(max(ReferenceYear-age, 1950), 2010)
	p.m = r.Between(1, 12)
	p.d = r.Between(1, daysIn(p.y, p.m))
	if r.Chance(p.pn.c.jan1) {
		// Registered without papers: 1 January of the estimated year.
		p.m, p.d = 1, 1
		p.dob = Date(p.y, p.m, p.d)
		return
	}
	switch x := r.Float64(); {
	case x < 0.87:
		p.dob = Date(p.y, p.m, p.d)
	case x < 0.94:
		p.dob = strconv.Itoa(p.y)
	case x < 0.97:
		p.dob = Date(p.y, p.m, 0)
	default:
		p.dob = ""
	}
}

// Date writes YYYY-MM-DD, or YYYY-MM when d is 0.
func Date(y, m, d int) string {
	b := make([]byte, 0, 10)
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, '-', byte('0'+m/10), byte('0'+m%10))
	if d > 0 {
		b = append(b, '-', byte('0'+d/10), byte('0'+d%10))
	}
	return string(b)
}

// nationalities: mostly the culture's country; some hold the nationality
// of the country they emigrated to, alone or beside their own.
func (g *personGen) nationalities(p *person) {
	r := g.r
	c := p.pn.c
	p.nats = append(p.nats[:0], p.pn.origin)
	if c.diaspora.Empty() {
		return
	}
	switch x := r.Float64(); {
	case x < 0.06:
		p.nats[0] = c.diaspora.Pick(r)
	case x < 0.14:
		if d := c.diaspora.Pick(r); d != p.nats[0] {
			p.nats = append(p.nats, d)
		}
	}
}

// primary decides the script of the primary name: most entries keep the
// name as its culture writes it, some (entered from a passport or by a
// foreign agency) hold a romanisation.
func (g *personGen) primary(p *person) {
	r := g.r
	c := p.pn.c
	p.conv = convNative
	if c.script != "latin" && r.Chance(c.latinShare) {
		if c.script == "arabic" {
			p.conv = arStyle(p.pn.origin)
			if r.Chance(0.3) {
				p.conv = r.Pick(arabicConvs[1:])
			}
		} else {
			p.conv = r.Pick(c.latinPrimary)
		}
	}
	p.primary = p.pn.render(p.conv)
}

func (p *person) addAlias(s string) {
	if s == "" || s == p.primary {
		return
	}
	for _, a := range p.aliases {
		if a == s {
			return
		}
	}
	p.aliases = append(p.aliases, s)
}

// passportConv is the convention the culture's passports print.
func passportConv(c *culture) string {
	switch c.script {
	case "cyrillic":
		return "icao"
	case "greek":
		return grICAO
	case "arabic":
		return convArICAO
	}
	return convICAO
}

// aliases lists the other names the entry is known by: romanisations in
// several conventions, the ASCII and passport forms, spelling variants,
// how foreign documents write the name, a maiden or married name, a false
// identity, a kunya.
func (g *personGen) aliases(p *person) {
	r := g.r
	pn := &p.pn
	c := pn.c
	p.aliases = p.aliases[:0]
	if c.script != "latin" {
		if p.conv != convNative && r.Chance(0.9) {
			p.addAlias(pn.render(convNative))
		}
		p.addAlias(pn.render(passportConv(c)))
		for n := r.Between(1, 2); n > 0; n-- {
			p.addAlias(pn.render(r.Pick(c.latinConvs)))
		}
	} else {
		if fold := pn.render(convASCII); fold != p.primary && r.Chance(0.6) {
			p.addAlias(fold)
		}
		if r.Chance(0.25) {
			p.addAlias(pn.render(convICAO))
		}
		if c.spell != nil && c.hasSpelling(pn) && r.Chance(0.5) {
			p.addAlias(pn.render(convSpell))
		}
		cyr := c.foreignCyr
		if c.id == "sq" && pn.origin == "MK" {
			cyr = 0.5
		}
		if cyr > 0 && r.Chance(cyr) {
			p.addAlias(pn.render(convCyr))
		}
		if c.foreignAr > 0 && r.Chance(c.foreignAr) {
			p.addAlias(pn.render(convAra))
		}
	}
	if pn.female && c.marriedName && p.y <= 2000 && r.Chance(0.12) {
		other := pn.clone()
		for i := range other.parts {
			if other.parts[i].role == roleFamily {
				other.parts[i] = c.familyName(r, true)
			}
		}
		p.addAlias(other.render(p.conv))
		p.alts = append(p.alts, other)
	}
	if (p.category == "wanted" || p.category == "suspect") && r.Chance(0.08) {
		// A false identity: another name of the same culture, often keeping
		// the given name.
		other := c.newName(r, pn.female, pn.origin)
		if r.Chance(0.5) && other.parts[0].role == pn.parts[0].role {
			other.parts[0] = pn.parts[0]
		}
		p.addAlias(other.render(p.conv))
		p.alts = append(p.alts, other)
	}
	if c.script == "arabic" && !pn.female && p.category != "victim" && p.category != "missing" && r.Chance(0.06) {
		i := arMaleCum.Pick(r)
		kunya := pname{c: c, origin: pn.origin, parts: []part{{text: arMale[i].ar, ar: arMale[i], particle: arAbu, role: roleGiven}}}
		p.addAlias(kunya.render(p.conv))
		p.alts = append(p.alts, kunya)
	}
}
