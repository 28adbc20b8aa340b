package sim

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Variant kinds of queries.csv: how a query was derived from the entry it
// should hit, or what kind of non-match it is.
const (
	VariantExact          = "exact"
	VariantTypo           = "typo"
	VariantTranslit       = "transliteration"
	VariantReordered      = "reordered"
	VariantMissingPart    = "missing_part"
	VariantExtraPart      = "extra_part"
	VariantInitial        = "initial"
	VariantJoined         = "joined"
	VariantSplit          = "split"
	VariantDiacritics     = "diacritics_dropped"
	VariantYearOnly       = "date_year_only"
	VariantDateSwapped    = "date_swapped"
	VariantYearOff        = "date_one_year_off"
	VariantNoDate         = "no_date"
	VariantCombined       = "combined"
	VariantSameCommonName = "nonmatch_same_common_name"
	VariantSimilar        = "nonmatch_similar"
	VariantRandom         = "nonmatch_random"
)

// MatchVariants are the kinds of queries that should hit their entry,
// NonmatchVariants those that should hit nothing.
var (
	MatchVariants = []string{VariantExact, VariantTypo, VariantTranslit, VariantReordered, VariantMissingPart,
		VariantExtraPart, VariantInitial, VariantJoined, VariantSplit, VariantDiacritics, VariantYearOnly,
		VariantDateSwapped, VariantYearOff, VariantNoDate, VariantCombined}
	NonmatchVariants = []string{VariantSameCommonName, VariantSimilar, VariantRandom}
)

// Shares of the match variants, in the order of MatchVariants: about one
// query in four changes script or convention, since that is what most
// often defeats screening.
var matchCum = Cumulate([]float64{7, 10, 26, 6, 6, 4, 4, 3, 3, 5, 4, 3, 4, 3, 12})

const matchShare = 0.6

// Name operations, applied in this order: transliterate, change the parts,
// reorder, then slips at the keyboard.
const (
	opTranslit = 1 << iota
	opMissing
	opExtra
	opInitial
	opJoined
	opSplit
	opReorder
	opDiacritics
	opTypo
)

var variantOp = map[string]int{VariantTranslit: opTranslit, VariantMissingPart: opMissing, VariantExtraPart: opExtra,
	VariantInitial: opInitial, VariantJoined: opJoined, VariantSplit: opSplit, VariantReordered: opReorder,
	VariantDiacritics: opDiacritics, VariantTypo: opTypo}

var nameOps = []int{opTranslit, opTypo, opReorder, opMissing, opInitial, opDiacritics, opJoined, opSplit, opExtra}

// Date operations.
const (
	dateFull = iota
	dateYearOnly
	dateSwapped
	dateYearOff
	dateNone
)

var dateOps = []int{dateYearOnly, dateSwapped, dateYearOff, dateNone}

// query is one row of queries.csv, with what the pair file and the
// non-match check need.
type query struct {
	name, dob, sex, nat, ref, variant string
	baseName, baseDOB                 string   // the watchlist name it was derived from
	baseY                             int      // year of birth of the entry a non-match was derived from
	full, partial                     []string // keys of the name (non-matches)
	namesakes                         []string // dates of birth of the watchlist persons of that name
	impossible                        bool     // a namesake has no date of birth
}

type pair struct {
	a, b       string
	match      bool
	dobA, dobB string
}

type qgen struct {
	r      *Rand
	sample []*person
	used   map[*person]bool
}

// makeQueries derives the labelled queries and the pairs from the sample.
func makeQueries(sample []*person, o WatchlistOptions) ([]query, []pair) {
	if o.Queries == 0 {
		return nil, nil
	}
	g := &qgen{r: NewRand(o.Seed, streamQueries), sample: sample, used: map[*person]bool{}}
	nMatch := 0
	if len(sample) > 0 {
		nMatch = int(float64(o.Queries)*matchShare + 0.5)
	}
	qs := make([]query, 0, o.Queries)
	for len(qs) < nMatch {
		if q, ok := g.match(MatchVariants[matchCum.Pick(g.r)]); ok {
			qs = append(qs, q)
		}
	}
	qs = append(qs, g.nonmatches(o.Queries-nMatch, o)...)
	// Interleave matches and non-matches.
	for i := len(qs) - 1; i > 0; i-- {
		j := g.r.IntN(i + 1)
		qs[i], qs[j] = qs[j], qs[i]
	}
	return qs, g.pairs(qs, o)
}

// person draws a sample person, preferring one not used yet.
func (g *qgen) person() *person {
	var p *person
	for range 4 {
		p = g.sample[g.r.IntN(len(g.sample))]
		if !g.used[p] {
			break
		}
	}
	return p
}

func (g *qgen) match(kind string) (query, bool) {
	for range 40 {
		p := g.person()
		ops, dop := 0, dateFull
		switch kind {
		case VariantExact:
		case VariantYearOnly:
			dop = dateYearOnly
		case VariantDateSwapped:
			dop = dateSwapped
		case VariantYearOff:
			dop = dateYearOff
		case VariantNoDate:
			dop = dateNone
		case VariantCombined:
			a := nameOps[g.r.IntN(len(nameOps))]
			if g.r.Chance(0.55) {
				ops, dop = a, dateOps[g.r.IntN(len(dateOps))]
			} else {
				b := nameOps[g.r.IntN(len(nameOps))]
				if a == b || a|b == opMissing|opExtra || a|b == opJoined|opSplit {
					continue
				}
				ops = a | b
			}
		default:
			ops = variantOp[kind]
		}
		name, ok := g.name(p, ops)
		if !ok {
			continue
		}
		if kind == VariantExact && len(p.aliases) > 0 && g.r.Chance(0.25) {
			name = p.aliases[g.r.IntN(len(p.aliases))]
		}
		dob, ok := g.date(p, dop)
		if !ok {
			continue
		}
		g.used[p] = true
		return query{name: name, dob: dob, sex: sexOf(p), nat: g.nationality(p), ref: p.ref(), variant: kind,
			baseName: p.primary, baseDOB: p.dob}, true
	}
	return query{}, false
}

func sexOf(p *person) string {
	if p.sex != "" {
		return p.sex
	}
	if p.pn.female {
		return "F"
	}
	return "M"
}

// nationality is what a checked person declares: usually the first
// nationality on the watchlist, sometimes another, rarely nothing.
func (g *qgen) nationality(p *person) string {
	switch x := g.r.Float64(); {
	case x < 0.04:
		return ""
	case x < 0.2 && len(p.nats) > 1:
		return p.nats[1+g.r.IntN(len(p.nats)-1)]
	}
	return p.nats[0]
}

// date writes the date of birth a query gives.
func (g *qgen) date(p *person, op int) (string, bool) {
	full := len(p.dob) == 10
	switch op {
	case dateYearOnly:
		return strconv.Itoa(p.y), full
	case dateSwapped:
		return Date(p.y, p.d, p.m), full && p.d <= 12 && p.d != p.m
	case dateYearOff:
		y := p.y + 1
		if g.r.Chance(0.5) {
			y = p.y - 1
		}
		return Date(y, p.m, min(p.d, daysIn(y, p.m))), p.dob != ""
	case dateNone:
		return "", true
	}
	return Date(p.y, p.m, p.d), true
}

// qpart is a part of a name as a query writes it.
type qpart struct {
	text string
	role role
}

// name derives a query name from p's entry by the operations in ops.
func (g *qgen) name(p *person, ops int) (string, bool) {
	if ops == 0 {
		return p.primary, true
	}
	r := g.r
	pn := &p.pn
	conv := p.conv
	if ops&opTranslit != 0 {
		var ok bool
		if conv, ok = g.translitTarget(p); !ok {
			return "", false
		}
	}
	script := pn.scriptOf(conv)
	cased := script != "arabic"
	parts := make([]qpart, len(pn.parts))
	for i := range pn.parts {
		parts[i] = qpart{pn.partIn(i, conv), pn.parts[i].role}
	}
	if ops&opMissing != 0 {
		var idx []int
		for i, q := range parts {
			switch q.role {
			case roleGiven2, rolePatronymic, roleMiddle, roleFamily2:
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 || len(parts) < 3 {
			return "", false
		}
		i := idx[r.IntN(len(idx))]
		parts = slices.Delete(parts, i, i+1)
	}
	if ops&opExtra != 0 {
		q, at, ok := g.extraPart(pn, parts, conv)
		if !ok {
			return "", false
		}
		parts = slices.Insert(parts, at, q)
	}
	if ops&opInitial != 0 {
		if !cased {
			return "", false
		}
		var idx []int
		for i, q := range parts {
			if q.role == roleGiven || (q.role == roleGiven2 || q.role == rolePatronymic) && r.Chance(0.5) {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			return "", false
		}
		i := idx[r.IntN(len(idx))]
		parts[i].text = initials(parts[i].text, r.Chance(0.6))
	}
	if ops&opJoined != 0 {
		var idx []int
		for i, q := range parts {
			if strings.ContainsAny(stripMarks(q.text), " -") {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			return "", false
		}
		i := idx[r.IntN(len(idx))]
		parts[i].text = joinWords(stripMarks(parts[i].text))
	}
	if ops&opSplit != 0 {
		var idx []int
		for i, q := range parts {
			if strings.Contains(q.text, "|") {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			return "", false
		}
		i := idx[r.IntN(len(idx))]
		parts[i].text = splitAtMark(parts[i].text)
	}
	var name string
	if ops&opReorder != 0 {
		var ok bool
		if name, ok = g.reorder(pn.c, parts, script); !ok {
			return "", false
		}
	} else {
		texts := make([]string, len(parts))
		for i, q := range parts {
			texts[i] = q.text
		}
		name = stripMarks(strings.Join(texts, " "))
	}
	if ops&opDiacritics != 0 {
		d := dropDiacritics(name, script)
		if d == name {
			return "", false
		}
		name = d
	}
	if ops&opTypo != 0 {
		name = typo(r, name)
	}
	if strings.EqualFold(name, p.primary) {
		return "", false
	}
	return name, true
}

// translitTarget picks the convention a transliterated query is written
// in: a romanisation for a name in Cyrillic, Greek or Arabic script, the
// original script for a romanised entry, and for a Latin name the
// Cyrillic or Arabic rendering of foreign documents or another usual
// spelling.
func (g *qgen) translitTarget(p *person) (string, bool) {
	r := g.r
	c := p.pn.c
	if c.script != "latin" {
		if p.conv == convNative {
			return r.Pick(c.latinConvs), true
		}
		if r.Chance(0.75) {
			return convNative, true
		}
		for range 4 {
			if conv := r.Pick(c.latinConvs); conv != p.conv {
				return conv, true
			}
		}
		return "", false
	}
	if r.Chance(0.2) {
		if c.spell != nil && c.hasSpelling(&p.pn) {
			return convSpell, true
		}
		if c.umlautE && strings.ToUpper(foldLatin(p.primary)) != p.pn.render(convICAO) {
			return convICAO, true
		}
	}
	if c.foreignAr > 0 && (c.foreignCyr == 0 || r.Chance(0.5)) {
		return convAra, true
	}
	return convCyr, true
}

// extraPart returns a part to add to a name and where: a patronymic where
// the culture has them, a father's name in an Arabic name, a second family
// name in Spanish usage, otherwise a second given name.
func (g *qgen) extraPart(pn *pname, parts []qpart, conv string) (qpart, int, bool) {
	r := g.r
	c := pn.c
	has := func(ro role) bool {
		for _, q := range parts {
			if q.role == ro {
				return true
			}
		}
		return false
	}
	var np part
	at := 1
	switch {
	case c.script == "arabic":
		i := arMaleCum.Pick(r)
		np = part{text: arMale[i].ar, ar: arMale[i], role: rolePatronymic}
	case !c.patronymics.empty() && !has(rolePatronymic):
		np = c.patronymicPart(r, pn.female)
	case c.family2Share > 0 && !has(roleFamily2):
		np = c.familyName(r, pn.female)
		np.role = roleFamily2
		at = len(parts)
		if c.id == "pt" {
			at = len(parts) - 1
		}
	case c.familyFirst:
		if c.id != "vi" {
			return qpart{}, 0, false
		}
		np = c.given(r, pn.female)
		np.role = roleGiven2
		at = len(parts) - 1
	case !c.male.empty():
		np = c.given2(r, pn.female, pn.parts[0].text)
	default:
		return qpart{}, 0, false
	}
	one := pname{c: c, origin: pn.origin, female: pn.female, parts: []part{np}}
	return qpart{one.partIn(0, conv), np.role}, min(at, len(parts)), true
}

// initials reduces each word of s to its first letter, with or without a
// full stop: "Juan Carlos" → "J. C.".
func initials(s string, dot bool) string {
	words := strings.Fields(stripMarks(s))
	for i, w := range words {
		rs := []rune(w)
		words[i] = string(rs[0])
		if dot {
			words[i] += "."
		}
	}
	return strings.Join(words, " ")
}

// joinWords writes a compound as one word, as forms without room for
// spaces do: "Abdel Rahman" → "Abdelrahman", "de la Cruz" → "Delacruz".
func joinWords(s string) string {
	upper := strings.ToUpper(s) == s
	var b strings.Builder
	first := true
	for _, r := range s {
		if r == ' ' || r == '-' {
			continue
		}
		if !upper {
			if first {
				r = unicode.ToUpper(r)
			} else {
				r = unicode.ToLower(r)
			}
		}
		first = false
		b.WriteRune(r)
	}
	return b.String()
}

// splitAtMark splits a compound where it is marked: "Gebre|mariam" →
// "Gebre Mariam".
func splitAtMark(s string) string {
	i := strings.IndexByte(s, '|')
	rest := s[i+1:]
	if strings.ToUpper(s) != s {
		rest = titleWord(rest)
	}
	return stripMarks(s[:i] + " " + rest)
}

// reorder writes the family name first (or, for cultures that put it
// first, last), plain, in capitals, or with a comma.
func (g *qgen) reorder(c *culture, parts []qpart, script string) (string, bool) {
	var fam, rest []string
	for _, q := range parts {
		t := stripMarks(q.text)
		if q.role == roleFamily || q.role == roleFamily2 {
			fam = append(fam, t)
		} else {
			rest = append(rest, t)
		}
	}
	if len(fam) == 0 || len(rest) == 0 {
		return "", false
	}
	style := g.r.IntN(3)
	if script == "arabic" || script == "greek" && style == 2 {
		style = 0
	}
	if c.familyFirst {
		return strings.Join(rest, " ") + " " + strings.Join(fam, " "), true
	}
	f := strings.Join(fam, " ")
	switch style {
	case 1:
		f = strings.ToUpper(f)
	case 2:
		f += ","
	}
	return f + " " + strings.Join(rest, " "), true
}
