package sim

import (
	"slices"
	"strings"
)

// Non-matching queries are the hard part of a screening benchmark: a
// different person with a common name (the same name, another date of
// birth, often another nationality), a name a letter or two from a common
// one, and names drawn at random. Each candidate's name is looked up among
// all watchlist persons, regenerated from the seed, and the query gets a
// date of birth none of its namesakes could be taken for (or is dropped
// if a namesake has none), so that the label "no match" holds for the
// whole watchlist, not just for the entry it was derived from.

func (g *qgen) nonmatches(n int, o WatchlistOptions) []query {
	if n <= 0 {
		return nil
	}
	rn := NewRand(o.Seed, streamNonmatch)
	want := map[string]int{}
	if len(g.sample) > 0 {
		want[VariantSameCommonName] = int(float64(n)*0.45 + 0.5)
		want[VariantSimilar] = int(float64(n)*0.30 + 0.5)
	}
	want[VariantRandom] = n - want[VariantSameCommonName] - want[VariantSimilar]
	var out []query
	taken := map[string]int{}
	perName := map[string]int{}
	// Each round costs a pass over the persons, so candidates are drawn in
	// surplus. On a large watchlist the commonest names have a namesake
	// without a date of birth, which rules out a clean non-match; the
	// second round draws from less common names, the last fills what is
	// still missing with random names.
	for round := 0; round < 3 && len(out) < n; round++ {
		pool := g.commonPool(round)
		if round == 2 {
			for _, kind := range []string{VariantSameCommonName, VariantSimilar} {
				want[VariantRandom] += want[kind] - taken[kind]
				want[kind] = taken[kind]
			}
		}
		var cands []*query
		for _, kind := range NonmatchVariants {
			for i := 0; i < 8*(want[kind]-taken[kind]); i++ {
				if q, ok := g.nonmatch(rn, kind, pool); ok {
					cands = append(cands, q)
				}
			}
		}
		collectNamesakes(cands, o)
		for _, q := range cands {
			// At most two queries per name, for variety.
			if taken[q.variant] < want[q.variant] && perName[q.name] < 2 && q.assignDate(rn) {
				taken[q.variant]++
				perName[q.name]++
				out = append(out, *q)
			}
		}
	}
	return out
}

// assignDate gives the query a date of birth that no namesake on the
// watchlist could be taken for, and that is at least three years from the
// entry it was derived from.
func (q *query) assignDate(r *Rand) bool {
	if q.impossible {
		return false
	}
	for range 100 {
		y := r.Between(1950, 2010)
		if q.baseY != 0 {
			y = otherYear(r, q.baseY)
		}
		m := r.Between(1, 12)
		d := r.Between(1, daysIn(y, m))
		ok := true
		for _, e := range q.namesakes {
			if dobCompatible(e, y, m, d) {
				ok = false
				break
			}
		}
		if ok {
			q.dob = Date(y, m, d)
			q.namesakes = nil
			return true
		}
	}
	return false
}

// dobCompatible reports whether a screening engine could take a watchlist
// date of birth e (full, partial or empty) and a query's full date for the
// same person's: no date at all, a year within one, a year and month, or
// a full date sharing the month or the day or swapping them.
func dobCompatible(e string, y, m, d int) bool {
	if e == "" {
		return true
	}
	dy := atoi(e[:4]) - y
	if dy < -1 || dy > 1 {
		return false
	}
	if len(e) == 4 {
		return true
	}
	em := atoi(e[5:7])
	if len(e) == 7 {
		return em == m
	}
	ed := atoi(e[8:10])
	return em == m || ed == d || dy == 0 && em == d && ed == m
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// commonPool lists sample persons with common names: the commonest
// quarter in round 0, the next quarter after.
func (g *qgen) commonPool(round int) []*person {
	pool := slices.Clone(g.sample)
	slices.SortStableFunc(pool, func(a, b *person) int { return a.pn.commonness() - b.pn.commonness() })
	q := max(10, len(pool)/4)
	if round > 0 && len(pool) >= 2*q {
		return pool[q : 2*q]
	}
	return pool[:min(len(pool), q)]
}

// otherYear draws a year of birth at least three years from y.
func otherYear(r *Rand, y int) int {
	for {
		z := r.Between(1950, 2010)
		if z-y >= 3 || y-z >= 3 {
			return z
		}
	}
}

// RandomDate draws a full date in year y.
func RandomDate(r *Rand, y int) string {
	m := r.Between(1, 12)
	return Date(y, m, r.Between(1, daysIn(y, m)))
}

// latinForms are the Latin renderings of a name the check compares.
func latinForms(pn *pname) []string {
	c := pn.c
	if c.script == "latin" {
		return []string{pn.render(convNative)}
	}
	forms := []string{pn.render(passportConv(c))}
	for _, conv := range c.latinConvs[:min(2, len(c.latinConvs))] {
		forms = append(forms, pn.render(conv))
	}
	return forms
}

func (q *query) addKeys(names []string) {
	for _, s := range names {
		full, partial := nameKeys(s)
		if full == "" {
			continue
		}
		if !slices.Contains(q.full, full) {
			q.full = append(q.full, full)
		}
		for _, k := range partial {
			if !slices.Contains(q.partial, k) {
				q.partial = append(q.partial, k)
			}
		}
	}
}

func (g *qgen) nonmatch(r *Rand, kind string, pool []*person) (*query, bool) {
	switch kind {
	case VariantSameCommonName:
		p := pool[r.IntN(len(pool))]
		if p.dob == "" {
			return nil, false
		}
		name := p.primary
		if r.Chance(0.3) {
			name = p.pn.render(passportConv(p.pn.c))
		}
		q := &query{name: name, sex: sexOf(p), nat: g.otherNationality(r, p), variant: kind,
			baseName: p.primary, baseDOB: p.dob, baseY: p.y}
		q.addKeys(latinForms(&p.pn))
		return q, true
	case VariantSimilar:
		p := pool[r.IntN(len(pool))]
		if p.dob == "" {
			return nil, false
		}
		pn, ok := similarName(r, &p.pn)
		if !ok {
			return nil, false
		}
		name := pn.render(p.conv)
		if strings.EqualFold(foldLatin(name), foldLatin(p.primary)) {
			return nil, false
		}
		q := &query{name: name, sex: sexOf(p), nat: p.pn.c.origins.Pick(r), variant: kind,
			baseName: p.primary, baseDOB: p.dob, baseY: p.y}
		q.addKeys(latinForms(&pn))
		q.addKeys(latinForms(&p.pn))
		return q, true
	}
	c := pickCulture(r)
	origin := c.origins.Pick(r)
	female := r.Chance(0.5)
	pn := c.newName(r, female, origin)
	conv := convNative
	if c.script != "latin" && r.Chance(c.latinShare) {
		conv = passportConv(c)
	}
	q := &query{name: pn.render(conv), sex: "M", nat: origin, variant: kind}
	if female {
		q.sex = "F"
	}
	if len(g.sample) > 0 {
		b := g.sample[r.IntN(len(g.sample))]
		q.baseName, q.baseDOB = b.primary, b.dob
	} else {
		other := pickCulture(r).newName(r, r.Chance(0.5), origin)
		q.baseName, q.baseDOB = other.render(convNative), RandomDate(r, r.Between(1950, 2010))
	}
	q.addKeys(latinForms(&pn))
	return q, true
}

func (g *qgen) otherNationality(r *Rand, p *person) string {
	c := p.pn.c
	if r.Chance(0.4) {
		return p.nats[0]
	}
	for range 6 {
		n := c.origins.Pick(r)
		if !c.diaspora.Empty() && r.Chance(0.4) {
			n = c.diaspora.Pick(r)
		}
		if n != p.nats[0] {
			return n
		}
	}
	return p.nats[0]
}

// similarName changes one element of a name for another real name one or
// two letters away (Petrović → Petković, حسن → حسين), or failing that
// mistypes it.
func similarName(r *Rand, pn *pname) (pname, bool) {
	out := pn.clone()
	var idx []int
	for i, p := range out.parts {
		if p.role == roleGiven || p.role == roleFamily {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return out, false
	}
	i := idx[r.IntN(len(idx))]
	p := &out.parts[i]
	c := pn.c
	if p.ar != nil {
		var list []*arName
		switch {
		case p.role == roleFamily:
			for _, f := range arFamilies {
				if f.article == p.article {
					list = append(list, f.arName)
				}
			}
		case pn.female:
			list = arFemale
		default:
			list = arMale
		}
		var near []*arName
		for _, n := range list {
			if d := editDistance(n.ar, p.ar.ar); d >= 1 && d <= 2 {
				near = append(near, n)
			}
		}
		if len(near) == 0 {
			return out, false
		}
		n := near[r.IntN(len(near))]
		p.ar, p.text = n, n.ar
		return out, true
	}
	var l nameList
	switch {
	case p.role == roleFamily:
		l = c.family
	case pn.female:
		l = c.female
	default:
		l = c.male
	}
	cur := stripMarks(p.text)
	var near []string
	for _, n := range l.names {
		if m, f, ok := strings.Cut(n, "/"); ok {
			n = m
			if pn.female {
				n = f
			}
		} else if p.role == roleFamily && pn.female && c.femFamily != nil {
			n = c.femFamily(n)
		}
		n = stripMarks(n)
		if d := editDistance(strings.ToLower(foldLatin(n)), strings.ToLower(foldLatin(cur))); d >= 1 && d <= 2 {
			near = append(near, n)
		}
	}
	if len(near) > 0 && r.Chance(0.7) {
		p.text = near[r.IntN(len(near))]
		return out, true
	}
	p.text = typo(r, cur)
	return out, p.text != cur
}

// collectNamesakes records, for each candidate, the dates of birth of the
// watchlist persons a screening engine would compare it with: a name with
// the same key, or one word more or less. A namesake without a date of
// birth makes a clean non-match impossible.
func collectNamesakes(cands []*query, o WatchlistOptions) {
	if len(cands) == 0 || o.Persons == 0 {
		return
	}
	full := map[string][]*query{}
	partial := map[string][]*query{}
	for _, q := range cands {
		for _, k := range q.full {
			full[k] = append(full[k], q)
		}
		for _, k := range q.partial {
			partial[k] = append(partial[k], q)
		}
	}
	gen := newPersonGen(o.Seed)
	var kb keyBuf
	for i := 0; i < o.Persons; i++ {
		p := gen.next()
		hit := func(qs []*query) {
			for _, q := range qs {
				switch {
				case q.impossible:
				case p.dob == "" || len(q.namesakes) >= maxNamesakes:
					q.impossible, q.namesakes = true, nil
				default:
					q.namesakes = append(q.namesakes, p.dob)
				}
			}
		}
		check := func(s string) {
			if !isLatinText(s) {
				return
			}
			kb.compute(s)
			if len(kb.full) == 0 {
				return
			}
			hit(full[string(kb.full)])
			hit(partial[string(kb.full)])
			for _, k := range kb.part {
				hit(full[string(k)])
			}
		}
		check(p.primary)
		for _, a := range p.aliases {
			check(a)
		}
		// Other identities written in Cyrillic, Greek or Arabic have no
		// romanisation among the aliases.
		for i := range p.alts {
			if p.alts[i].c.script != "latin" {
				for _, l := range latinForms(&p.alts[i]) {
					check(l)
				}
			}
		}
	}
}

// maxNamesakes bounds the memory a very common candidate name may take:
// with one person in thirty without a date of birth, so many namesakes
// almost surely include one.
const maxNamesakes = 200

// pairs writes one pair per query (the watchlist name it came from, or for
// a random non-match a random entry, against the query name) and as many
// again from the sample: two names of one person; two persons of one
// culture; or, hardest, two persons of the same name born in the same year
// on different days, which only the full date tells apart.
func (g *qgen) pairs(qs []query, o WatchlistOptions) []pair {
	pg := &qgen{r: NewRand(o.Seed, streamPairs), sample: g.sample, used: map[*person]bool{}}
	r := pg.r
	n := o.Queries
	out := make([]pair, 0, 2*len(qs))
	for _, q := range qs {
		out = append(out, pair{a: q.baseName, b: q.name, match: q.ref != "", dobA: q.baseDOB, dobB: q.dob})
	}
	if len(g.sample) < 2 {
		return out
	}
	for len(out) < 2*n {
		p := g.sample[r.IntN(len(g.sample))]
		if r.Chance(0.5) {
			var b string
			if len(p.aliases) > 0 && r.Chance(0.5) {
				b = p.aliases[r.IntN(len(p.aliases))]
			} else {
				name, ok := pg.name(p, nameOps[r.IntN(len(nameOps))])
				if !ok {
					continue
				}
				b = name
			}
			out = append(out, pair{a: p.primary, b: b, match: true, dobA: p.dob, dobB: p.dob})
			continue
		}
		if len(p.dob) == 10 && r.Chance(0.2) {
			m, d := p.m, p.d
			for m == p.m || d == p.d || m == p.d && d == p.m {
				m = r.Between(1, 12)
				d = r.Between(1, daysIn(p.y, m))
			}
			b := p.primary
			if r.Chance(0.5) {
				b = p.pn.render(passportConv(p.pn.c))
			}
			out = append(out, pair{a: p.primary, b: b, match: false, dobA: p.dob, dobB: Date(p.y, m, d)})
			continue
		}
		var q *person
		for range 20 {
			x := g.sample[r.IntN(len(g.sample))]
			if x != p && x.pn.c == p.pn.c {
				q = x
				break
			}
		}
		if q == nil {
			continue
		}
		out = append(out, pair{a: p.primary, b: q.primary, match: false, dobA: p.dob, dobB: q.dob})
	}
	return out
}
