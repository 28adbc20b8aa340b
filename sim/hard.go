package sim

import (
	"strconv"
	"strings"
	"unicode"
)

// Hard-case classes: the names and dates that slip through screening
// (issue 15), each generated on purpose, with matches and non-matches
// drawn the same way, for `meridian screen eval` to report class by class.
const (
	ClassNearDate   = "near_date"      // a rare full name with a date a little off; a common name with such a date (non-match)
	ClassTyping     = "typing"         // transposed, doubled, dropped letters, a letter across a boundary, digits for letters
	ClassHonorific  = "honorific"      // a title before the name, given names as initials
	ClassHangul     = "hangul"         // a Korean name in Hangul against its romanisations
	ClassInverted   = "inverted"       // the comma-inverted form of official lists, with and without particles
	ClassKana       = "kana"           // a Japanese name in hiragana or katakana against its Hepburn spellings
	hardQueryPrefix = "hard_"          // variant of a hard-case query in queries.csv
	streamHard      = streamPairs + 10 // a stream of its own: the other files do not change
)

// HardClasses lists the classes in the order they are generated.
var HardClasses = []string{ClassNearDate, ClassTyping, ClassHonorific, ClassHangul, ClassInverted, ClassKana,
	ClassEquivalent, ClassThai, ClassGreek, ClassVietnamese}

// hardPair is one labelled pair of hard_pairs.csv.
type hardPair struct {
	pair
	class string
}

// HardPairsHeader is the header of hard_pairs.csv: pairs.csv's columns
// and the class.
var HardPairsHeader = []string{"name_a", "name_b", "is_match", "dob_a", "dob_b", "class"}

// makeHard draws n matching and n non-matching pairs of every class, and
// the matching ones whose entry is on the watchlist as queries (with the
// entry's date of birth, as an officer reads it from a document, but for
// the near dates; the pairs compare names alone).
func makeHard(sample []*person, n int, seed int64) ([]hardPair, []query) {
	if n <= 0 || len(sample) < 2 {
		return nil, nil
	}
	g := &qgen{r: NewRand(seed, streamHard), sample: sample, used: map[*person]bool{}}
	var out []hardPair
	var qs []query
	for _, class := range HardClasses {
		for m, tries := 0, 0; m < 2*n && tries < 400*n; tries++ {
			match := m < n
			var hp hardPair
			var q *query
			var ok bool
			switch class {
			case ClassNearDate:
				hp, q, ok = g.hardDate(match)
			case ClassTyping:
				hp, q, ok = g.hardTyping(match)
			case ClassHonorific:
				hp, q, ok = g.hardHonorific(match)
			case ClassHangul:
				hp, ok = g.hardHangul(match)
			case ClassInverted:
				hp, q, ok = g.hardInverted(match)
			case ClassKana:
				hp, ok = g.hardKana(match)
			case ClassEquivalent:
				hp, q, ok = g.hardEquivalent(match)
			case ClassThai:
				hp, ok = g.hardThai(match)
			case ClassGreek:
				hp, ok = g.hardGreek(match)
			case ClassVietnamese:
				hp, q, ok = g.hardVietnamese(match)
			}
			if !ok {
				continue
			}
			hp.class, hp.match = class, match
			out = append(out, hp)
			if q != nil && match {
				q.variant = hardQueryPrefix + class
				qs = append(qs, *q)
			}
			m++
		}
	}
	return out, qs
}

// latinPerson draws a person whose primary name is in Latin script.
func (g *qgen) latinPerson(ok func(*person) bool) *person {
	for range 200 {
		p := g.sample[g.r.IntN(len(g.sample))]
		if p.pn.scriptOf(p.conv) == "latin" && (ok == nil || ok(p)) {
			return p
		}
	}
	return nil
}

// other draws another person of p's culture, preferring one sharing a
// family name part.
func (g *qgen) other(p *person) *person {
	fam := familyOf(p)
	var any *person
	for range 300 {
		x := g.sample[g.r.IntN(len(g.sample))]
		if x == p || x.pn.c != p.pn.c || x.pn.scriptOf(x.conv) != p.pn.scriptOf(p.conv) || strings.EqualFold(x.primary, p.primary) ||
			nameWithin(x.primary, p.primary) {
			continue
		}
		if any == nil {
			any = x
		}
		if fam != "" && familyOf(x) == fam {
			return x
		}
	}
	return any
}

// nameWithin reports whether every part of one name is a part of the
// other (Mary Green, Mary Patricia Green): written without dates, no
// screener can tell such names apart, and a shortened name is how the
// same person is often written, so they make no non-matching pair.
func nameWithin(a, b string) bool {
	ta, tb := nameParts(a), nameParts(b)
	if len(ta) > len(tb) {
		ta, tb = tb, ta
	}
	for _, t := range ta {
		if !slicesContains(tb, t) {
			return false
		}
	}
	return len(ta) > 0
}

func nameParts(s string) []string {
	return strings.FieldsFunc(strings.ToLower(stripMarks(dropParticles(s))), func(r rune) bool {
		return r == ' ' || r == '-' || r == ',' || r == '.'
	})
}

func slicesContains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func familyOf(p *person) string {
	for i, pt := range p.pn.parts {
		if pt.role == roleFamily {
			return stripMarks(p.pn.partIn(i, p.conv))
		}
	}
	return ""
}

func (g *qgen) asQuery(p *person, name, dob string) *query {
	return &query{name: name, dob: dob, sex: sexOf(p), nat: g.nationality(p), ref: p.ref(), baseName: p.primary, baseDOB: p.dob}
}

// rareParts reports whether p's name has three parts or more, at most one
// of them from the head of its frequency list: a rare full name.
func rareParts(p *person) bool {
	n, head := 0, 0
	for _, pt := range p.pn.parts {
		if pt.rank < 15 {
			head++
		}
		n++
	}
	return n >= 3 && head <= 1
}

// commonParts reports whether p's name is two parts from the head of their
// lists: a name many share.
func commonParts(p *person) bool {
	if len(p.pn.parts) > 2 {
		return false
	}
	for _, pt := range p.pn.parts {
		if pt.rank >= 10 {
			return false
		}
	}
	return true
}

// nearDate writes a date a little off p's: a day off, a digit of the day
// or month off, two or three years off on the same day, or a year alone
// two or three years off.
func (g *qgen) nearDate(p *person) string {
	r := g.r
	y, m, d := p.y, p.m, p.d
	for range 20 {
		switch r.IntN(5) {
		case 0:
			d2 := d + 1
			if r.Chance(0.5) {
				d2 = d - 1
			}
			if d2 >= 1 && d2 <= daysIn(y, m) {
				return Date(y, m, d2)
			}
		case 1:
			d2 := d/10*10 + r.IntN(10)
			if d2 != d && d2 >= 1 && d2 <= daysIn(y, m) {
				return Date(y, m, d2)
			}
		case 2:
			m2 := m/10*10 + r.IntN(10)
			if m2 != m && m2 >= 1 && m2 <= 12 && d <= daysIn(y, m2) && !(m2 == d && m == d) {
				return Date(y, m2, d)
			}
		case 3:
			y2 := y + r.Between(2, 3)*sign(r)
			if d <= daysIn(y2, m) {
				return Date(y2, m, d)
			}
		case 4:
			return strconv.Itoa(y + r.Between(2, 3)*sign(r))
		}
	}
	return ""
}

func sign(r *Rand) int {
	if r.Chance(0.5) {
		return -1
	}
	return 1
}

func (g *qgen) hardDate(match bool) (hardPair, *query, bool) {
	ok := commonParts
	if match {
		ok = rareParts
	}
	p := g.latinPerson(func(p *person) bool { return len(p.dob) == 10 && p.m != 1 && ok(p) })
	if p == nil {
		return hardPair{}, nil, false
	}
	dob := g.nearDate(p)
	if dob == "" || (p.m == 1 && p.d == 1) {
		return hardPair{}, nil, false
	}
	return hardPair{pair: pair{a: p.primary, b: p.primary, dobA: p.dob, dobB: dob}}, g.asQuery(p, p.primary, dob), true
}

// typing makes one typing error of the kinds screening must see.
func typing(r *Rand, s string) string {
	words := strings.Fields(s)
	for range 20 {
		i := r.IntN(len(words))
		w := []rune(words[i])
		if len(w) < 3 {
			continue
		}
		switch r.IntN(5) {
		case 0: // transposed letters, not the first
			j := r.Between(1, len(w)-2)
			if w[j] == w[j+1] {
				continue
			}
			w[j], w[j+1] = w[j+1], w[j]
		case 1: // a letter doubled
			j := r.Between(1, len(w)-1)
			w = append(w[:j+1], w[j:]...)
		case 2: // a doubled letter single, or a letter dropped from a long part
			j := -1
			for k := 1; k < len(w); k++ {
				if unicode.ToLower(w[k]) == unicode.ToLower(w[k-1]) {
					j = k
				}
			}
			if j < 0 {
				if len(w) < 6 {
					continue
				}
				j = r.Between(1, len(w)-2)
			}
			w = append(w[:j], w[j+1:]...)
		case 3: // a letter across the boundary with the next part
			if i+1 >= len(words) || len(w) < 4 {
				continue
			}
			next := []rune(words[i+1])
			last := w[len(w)-1]
			w = w[:len(w)-1]
			words[i+1] = string(unicode.ToUpper(last)) + strings.ToLower(string(next))
		case 4: // digits for letters
			var at []int
			for k, c := range w {
				if strings.ContainsRune("oOiIeEaAsS", c) && k > 0 {
					at = append(at, k)
				}
			}
			if len(at) == 0 {
				continue
			}
			k := at[r.IntN(len(at))]
			w[k] = rune("0011334455"[strings.IndexRune("oOiIeEaAsS", w[k])])
		}
		words[i] = string(w)
		if out := strings.Join(words, " "); out != s {
			return out
		}
		words = strings.Fields(s)
	}
	return ""
}

func (g *qgen) hardTyping(match bool) (hardPair, *query, bool) {
	p := g.latinPerson(func(p *person) bool { return len(p.pn.parts) >= 2 })
	if p == nil {
		return hardPair{}, nil, false
	}
	b := p
	if !match {
		if b = g.other(p); b == nil {
			return hardPair{}, nil, false
		}
	}
	t := typing(g.r, b.primary)
	if t == "" {
		return hardPair{}, nil, false
	}
	return hardPair{pair: pair{a: p.primary, b: t}}, g.asQuery(p, t, p.dob), true
}

// honorifics are written before names on lists and in documents.
var honorifics = []string{"Dr", "Dr.", "Mr", "Mrs", "Ms", "Sheikh", "Haji", "Hajji", "Minister", "General", "Colonel", "Col.", "Prof.", "Sayyid", "Mullah", "Imam", "Senator", "Judge"}

func (g *qgen) hardHonorific(match bool) (hardPair, *query, bool) {
	p := g.latinPerson(func(p *person) bool { return len(p.pn.parts) >= 2 })
	if p == nil {
		return hardPair{}, nil, false
	}
	b := p
	if !match {
		if b = g.other(p); b == nil {
			return hardPair{}, nil, false
		}
	}
	name := b.primary
	if g.r.Chance(0.3) {
		// given names as initials: "A.K. Hassan"
		var ini, rest []string
		for i, pt := range b.pn.parts {
			t := stripMarks(b.pn.partIn(i, b.conv))
			if (pt.role == roleGiven || pt.role == roleGiven2) && len(rest) == 0 {
				for _, w := range strings.Fields(t) {
					ini = append(ini, string([]rune(w)[0])+".")
				}
				continue
			}
			rest = append(rest, t)
		}
		if len(ini) == 0 || len(rest) == 0 || len(b.pn.parts) < 3 || b.pn.c.familyFirst {
			return hardPair{}, nil, false
		}
		name = strings.Join(ini, "") + " " + strings.Join(rest, " ")
	} else {
		name = g.r.Pick(honorifics) + " " + name
	}
	return hardPair{pair: pair{a: p.primary, b: name}}, g.asQuery(p, name, p.dob), true
}

func (g *qgen) hardInverted(match bool) (hardPair, *query, bool) {
	p := g.latinPerson(func(p *person) bool { return !p.pn.c.familyFirst && familyOf(p) != "" && len(p.pn.parts) >= 2 })
	if p == nil {
		return hardPair{}, nil, false
	}
	b := p
	if !match {
		if b = g.other(p); b == nil || b.pn.c.familyFirst || familyOf(b) == "" {
			return hardPair{}, nil, false
		}
	}
	var fam, rest []string
	drop := g.r.Chance(0.4)
	for i, pt := range b.pn.parts {
		t := stripMarks(b.pn.partIn(i, b.conv))
		if drop {
			t = dropParticles(t)
		}
		if t == "" {
			continue
		}
		if pt.role == roleFamily || pt.role == roleFamily2 {
			fam = append(fam, t)
		} else {
			rest = append(rest, t)
		}
	}
	if len(fam) == 0 || len(rest) == 0 {
		return hardPair{}, nil, false
	}
	name := strings.ToUpper(strings.Join(fam, " ")) + ", " + strings.Join(rest, " ")
	if g.r.Chance(0.5) {
		name = strings.ToUpper(name)
	}
	return hardPair{pair: pair{a: p.primary, b: name}}, g.asQuery(p, name, p.dob), true
}

// dropParticles removes the particles and articles of a part written with
// them: "al-Turki" -> "Turki", "de la Cruz" -> "Cruz", "van der Berg" -> "Berg".
func dropParticles(s string) string {
	var out []string
	for _, w := range strings.Fields(s) {
		lw := strings.ToLower(w)
		for _, pre := range []string{"al-", "el-", "ad-", "ar-", "as-", "at-", "ash-", "an-", "az-"} {
			if strings.HasPrefix(lw, pre) && len(lw) > len(pre)+1 {
				w = w[len(pre):]
				lw = lw[len(pre):]
				break
			}
		}
		switch lw {
		case "al", "el", "de", "da", "do", "dos", "das", "del", "della", "di", "la", "le", "van", "von", "der", "den", "ter", "bin", "ibn", "bint", "abu", "y", "e":
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}
