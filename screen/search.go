package screen

// The search: candidates generated from rare parts and their pairs,
// ranked by an estimate, then scored in full (Search).

import (
	"cmp"
	"math/bits"
	"slices"
	"strings"
	"sync"
)

// searchScratch is the per-search working memory, pooled so that a search
// allocates almost nothing.
type searchScratch struct {
	bits     []uint64    // persons looked at, by entry ordinal
	seen     []uint32    // persons looked at, to clear bits
	touched  []touch     // candidates: persons matching the parts they need
	rows     []pairScore // per matched token: for each query part, same and cross
	stride   int         // 2 * query parts: the length of a row
	tab      tokTable    // vocabulary token -> row in rows
	gen      [maxParts][]genTok
	cands    []candidate
	found    []tokMatch
	norm     []byte
	keyBuf   []byte
	memo     nameMemo
	ctab     tokTable // generating token -> index in cinfo
	cinfo    []coInfo
	w        [maxParts]float32 // query part weights
	need     int               // parts a candidate must match
	perExtra float32           // see coMatch
	qTotal   float32           // the query's parts' weights
	qsex     uint32            // the query's sex as in a record: 0, 1 (M), 2 (F)
	qnat     uint16
	qdate    date    // the query's date of birth (qdob only when it drops)
	perfect  float32 // see rankFor
	nPerfect int
	stopAt   int
	splits   [maxParts][][2]uint32         // each part cut in two known tokens
	pkeys    [maxParts][maxPairKeys]uint32 // see pairKeys
	npkeys   [maxParts]int
	// qdob is the query's date of birth when a clear mismatch alone keeps a
	// person under the threshold, else 0: such persons are dropped as the
	// postings are read.
	qdob date
}

// tokTable maps vocabulary tokens to rows: an open-addressing table, much
// faster than a map for the few dozen tokens a query matches.
// touch is a candidate: its ordinal, the query parts it matched, and what
// rank estimates of its score.
type touch struct {
	ord   uint32
	dob   date
	score float32
	mask  uint8
}

// coInfo is what one token stands for in the query: the parts it matches,
// with their scores and the parts joined to them.
type coInfo struct {
	score [maxParts]float32
	also  [maxParts]uint8
	parts uint8
	mask  uint8 // the parts, and those joined to them
}

type tokTable struct {
	keys []uint32 // token+1; 0 is empty
	vals []int32
	used []int
}

func (t *tokTable) reset() {
	for _, i := range t.used {
		t.keys[i] = 0
	}
	t.used = t.used[:0]
	if len(t.keys) == 0 {
		t.keys, t.vals = make([]uint32, 256), make([]int32, 256)
	}
}

func (t *tokTable) get(tok uint32) (int32, bool) {
	mask := uint32(len(t.keys) - 1)
	for i := (tok * 2654435761) & mask; ; i = (i + 1) & mask {
		switch t.keys[i] {
		case tok + 1:
			return t.vals[i], true
		case 0:
			return 0, false
		}
	}
}

func (t *tokTable) put(tok uint32, v int32) {
	if 2*(len(t.used)+1) > len(t.keys) {
		old := t.used
		oldKeys, oldVals := t.keys, t.vals
		t.keys, t.vals, t.used = make([]uint32, 2*len(oldKeys)), make([]int32, 2*len(oldKeys)), nil
		for _, i := range old {
			t.put(oldKeys[i]-1, oldVals[i])
		}
	}
	mask := uint32(len(t.keys) - 1)
	i := (tok * 2654435761) & mask
	for t.keys[i] != 0 && t.keys[i] != tok+1 {
		i = (i + 1) & mask
	}
	if t.keys[i] == 0 {
		t.used = append(t.used, int(i))
	}
	t.keys[i], t.vals[i] = tok+1, v
}

type genTok struct {
	tok   uint32
	score float32
	also  uint8 // other query parts this token stands for (joined parts)
}

type candidate struct {
	ord   uint32
	dob   date
	pre   float32
	score float64
	name  int   // the entry's name that scored best
	memo  int32 // its result in searchScratch.memo
	// evidence orders equal scores: a score is capped at 1, and a perfect
	// name whose date of birth agrees must come before one whose date is
	// unknown.
	evidence int
}

var scratchPool = sync.Pool{New: func() any { return new(searchScratch) }}

// queryPart is one part of the query name with what it may match.
type queryPart struct {
	df int // postings reachable through its generating tokens
}

// Search returns the persons scoring at or above threshold, best first, at
// most limit (10 when limit <= 0). It is safe for concurrent use with Add and
// Remove.
//
// Candidates come from the vocabulary, never from a scan of the persons:
// each query part is looked up exactly, by phonetic key and through the
// deletion neighbourhood (typos). Above singlePartCap a name of two or more
// parts needs two matched parts (see nameScore), so the rarest parts, while
// their postings are few, generate candidates, and the tokens beside each
// posting tell whether the person matches a second part; when even the
// rarest part is common ("Mohammed Hassan"), candidates come from the
// indexed pairs of frequent phonetic keys instead of from every Mohammed.
// Persons whose date of birth clearly differs are dropped as the postings
// are read when that alone keeps them under the threshold; of many
// candidates only the fullScoreMax best by an estimate of their score are
// scored in full, and each distinct name once.
func (ix *PersonIndex) Search(q PersonQuery, threshold float64, limit int) []Match {
	return ix.searchx(q, threshold, limit, false, true, false)
}

// SearchIDs is Search without the explanations (each match's ID and
// score only), for callers that score the pair again themselves (the
// linking engine): explaining the matches is a fifth of a search. And
// whatever the threshold, it drops the persons whose date of birth
// clearly differs from the query's as it reads the postings (Search does
// only when that mismatch alone keeps a perfect name under the
// threshold): below 0.6 such persons would otherwise be read, ranked and
// scored, and crowd out weaker names with a date that agrees.
func (ix *PersonIndex) SearchIDs(q PersonQuery, threshold float64, limit int) []Match {
	return ix.searchx(q, threshold, limit, false, false, true)
}

// search is searchx with explanations.
func (ix *PersonIndex) search(q PersonQuery, threshold float64, limit int, everyone bool) []Match {
	return ix.searchx(q, threshold, limit, everyone, true, false)
}

// searchx is Search; with everyone, every person is a candidate and every
// candidate is scored: the exhaustive answer tests hold candidate
// generation to; without explained, the matches carry no explanation;
// with dropClash, persons whose date clearly differs are dropped whatever
// the threshold.
func (ix *PersonIndex) searchx(q PersonQuery, threshold float64, limit int, everyone, explained, dropClash bool) []Match {
	if limit <= 0 {
		limit = defaultLimit
	}
	sc := scratchPool.Get().(*searchScratch)
	defer scratchPool.Put(sc)

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.live == 0 {
		return nil
	}

	// The query name, cut into parts.
	sc.norm = appendNormalized(sc.norm[:0], q.Name)
	if len(sc.norm) == 0 {
		return nil
	}
	normStr := string(sc.norm)
	var toks [maxParts]string
	nt := 0
	for f := range strings.FieldsSeq(normStr) {
		if nt == maxParts {
			break
		}
		toks[nt] = f
		nt++
	}
	var keys [maxParts]string
	for i := 0; i < nt; i++ {
		sc.keyBuf = phoneticKey(sc.keyBuf[:0], toks[i])
		keys[i] = string(sc.keyBuf)
	}
	var qs side
	qs.script = scriptOf(q.Name)
	qs.setParts(toks[:nt], keys[:nt], func(i int) float64 {
		df := 0
		prior := float32(builtinFrequency(keys[i]))
		if id, ok := ix.tokID[toks[i]]; ok {
			df = ix.toks[id].df
			prior = ix.toks[id].prior
		}
		return ix.weight(df, prior)
	})
	for i := 0; i < qs.n; i++ {
		if id, ok := ix.tokID[toks[i]]; ok {
			qs.est[i] = established(ix.toks[id].named, ix.toks[id].df, ix.live)
		} else {
			qs.est[i] = builtinNames[toks[i]]
		}
	}

	// What each part may match in the vocabulary.
	sc.tab.reset()
	sc.rows = sc.rows[:0]
	sc.stride = 2 * max(qs.n, 1)
	var parts [maxParts]queryPart
	for i := 0; i < qs.n; i++ {
		sc.gen[i] = sc.gen[i][:0]
		if qs.initial[i] {
			continue
		}
		ix.matchPart(sc, &qs, i)
	}
	ix.joinCandidates(sc, &qs)
	realQ, optimistic := 0, 0
	order := make([]int, 0, maxParts)
	for i := 0; i < qs.n; i++ {
		if qs.particle[i] {
			// a particle generates only as the start of parts written
			// joined (abd al rhmn: Abdulrahman)
			if len(sc.gen[i]) > 0 {
				p := &parts[i]
				for _, g := range sc.gen[i] {
					p.df += ix.toks[g.tok].df
				}
				order = append(order, i)
			}
			continue
		}
		realQ++
		if qs.initial[i] {
			optimistic++
			continue
		}
		p := &parts[i]
		for _, g := range sc.gen[i] {
			p.df += ix.toks[g.tok].df
		}
		if len(sc.gen[i]) > 0 {
			order = append(order, i)
		}
	}
	if len(order) == 0 {
		return nil
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(parts[a].df, parts[b].df) })

	n := len(ix.ents)
	if len(sc.bits)*64 < n {
		sc.bits = make([]uint64, (n+n/8)/64+1)
	}
	sc.touched = sc.touched[:0]
	qdob := parseDate(q.BirthDate)
	sc.qdob = 0
	if dobMismatch < threshold || dropClash {
		// A clear mismatch alone keeps a perfect name under the threshold.
		sc.qdob = qdob
	}
	need := 1
	if realQ >= 2 && threshold > singlePartCap {
		need = max(1, 2-optimistic)
	}
	sc.need = need
	sc.coTable(&qs, order, ix.particleIDs)
	sc.rankFor(&q, &qs, order, realQ, max(fullScoreMax, 5*limit), everyone)
	// The rarest parts, while their postings are few, generate candidates
	// from every person bearing them (the rarest alone always, when the
	// parts that must match are fewer than two). A person bearing none of
	// them must match two of the other, common, parts: those come from the
	// persons bearing two of them together, and from the rare spellings of
	// each. Of the common parts the four rarest are looked at, so that a
	// person bearing three of five parts is found whichever three.
	walked := 0
	gen := 0
	for k, i := range order {
		budget := secondGenerator
		if k == 0 {
			budget = pairGenMin
			if need < 2 || len(order) < 2 {
				budget = int(^uint(0) >> 1)
			}
		}
		if walked+parts[i].df > budget {
			break
		}
		walked += parts[i].df
		gen++
	}
	single := len(order) == 1
	if everyone {
		gen = len(order)
		for o := range ix.ents {
			if ix.ents[o].alive && (sc.qdob == 0 || !dobClash(sc.qdob, ix.dobs[o])) {
				sc.touched = append(sc.touched, touch{ord: uint32(o), dob: ix.dobs[o], mask: 0xff})
			}
		}
	}
	for _, i := range order[:gen] {
		if !everyone {
			ix.generate(sc, i, false, single)
		}
	}
	common := order[gen:]
	paired := need >= 2 && len(common) >= 2
	if paired {
		gp := common[:min(4, len(common))]
		for _, i := range gp {
			ix.pairKeys(sc, i)
			ix.generate(sc, i, true, false)
		}
		for x := 0; x < len(gp); x++ {
			for y := x + 1; y < len(gp); y++ {
				ix.generatePairs(sc, gp[x], gp[y])
			}
		}
	}
	for _, o := range sc.seen {
		sc.bits[o>>6] = 0
	}
	sc.seen = sc.seen[:0]

	// Keep candidates with enough matched parts, best first.
	sc.cands = sc.cands[:0]
	for _, t := range sc.touched {
		if bitCount(t.mask) < need {
			continue
		}
		sc.cands = append(sc.cands, candidate{ord: t.ord, dob: t.dob, pre: t.score})
	}
	// Enough are scored in full for the limit best to be among them
	// (TestPersonIndex_GenerationLosesNothing finds none of the ten best
	// lost with 32, and some with 16).
	scored := max(fullScoreMax, 5*limit)
	if len(sc.cands) > scored && !everyone {
		// Among many, the best by what rank estimates.
		selectTop(sc.cands, scored)
		sc.cands = sc.cands[:scored]
	}

	// Score in full. Namesakes bear the same names, so each distinct name
	// (its script and token ids) is scored once per check.
	qnat, _ := natCode(q.Nationality)
	qsex := normSex(q.Sex)
	sc.memo.reset()
	out := sc.cands[:0]
	for _, c := range sc.cands {
		en := &ix.ents[c.ord]
		if !en.alive {
			continue
		}
		c.memo = -1
		best := 0.0
		ix.eachNameIDs(en, func(k int, scr script, ids []uint32) {
			m, ok := sc.memo.get(scr, ids)
			if ok {
			}
			if !ok {
				var es side
				ix.nameSide(&es, scr, ids)
				var sims [maxParts][maxParts]pairScore
				ix.lookupSims(sc, &qs, &es, ids, &sims)
				m = sc.memo.put(scr, ids)
				scoreSides(&qs, &es, crossScript(qs.script, es.script), &sims, &sc.memo.res[m], threshold)
			}
			if r := sc.memo.res[m].score; r > best {
				c.name, c.memo, best = k, m, r
			}
		})
		if c.memo < 0 {
			continue
		}
		qd := qualify(best, sc.memo.res[c.memo].single, sc.memo.res[c.memo].strong, qdob, c.dob, qsex, en.sex, qnat, ix.nats[en.natOff:en.natOff+uint32(en.natLen)])
		if qd.score >= threshold {
			c.score, c.evidence = qd.score, qd.evidence()
			out = append(out, c)
		}
	}
	out = ix.best(out, limit)
	if len(out) == 0 {
		return nil
	}

	// Explain the few that are returned, from the results kept.
	matches := make([]Match, 0, len(out))
	for _, c := range out {
		en := &ix.ents[c.ord]
		if !explained {
			matches = append(matches, Match{ID: en.id, Score: round3(c.score)})
			continue
		}
		r := &sc.memo.res[c.memo]
		var es side
		ix.eachNameIDs(en, func(k int, scr script, ids []uint32) {
			if k == c.name {
				ix.nameSide(&es, scr, ids)
			}
		})
		nats := ix.nats[en.natOff : en.natOff+uint32(en.natLen)]
		qd := qualify(r.score, r.single, r.strong, qdob, c.dob, qsex, en.sex, qnat, nats)
		ex := explain(ix.entryName(en, c.name), &qs, &es, r, qd)
		matches = append(matches, Match{ID: en.id, Score: round3(qd.score), Explanation: ex})
	}
	return matches
}

// best moves the limit best candidates to the front of cs, in order, and
// returns them: by score, then by the evidence beside the name, then by
// record id, so that every instance answers alike whatever order it
// indexed in.
func (ix *PersonIndex) best(cs []candidate, limit int) []candidate {
	before := func(a, b *candidate) bool {
		if a.score != b.score {
			return a.score > b.score
		}
		if a.evidence != b.evidence {
			return a.evidence > b.evidence
		}
		return ix.ents[a.ord].id < ix.ents[b.ord].id
	}
	n := 0 // cs[:n] holds the best so far, in order
	for k := range cs {
		c := cs[k]
		if n == limit && !before(&c, &cs[n-1]) {
			continue
		}
		if n < limit {
			n++
		}
		m := n - 1
		for ; m > 0 && before(&c, &cs[m-1]); m-- {
			cs[m] = cs[m-1]
		}
		cs[m] = c
	}
	return cs[:n]
}

// generate reads the postings of the tokens query part i matches (only
// those whose persons the pairs do not bring, with rare).
func (ix *PersonIndex) generate(sc *searchScratch, i int, rare, single bool) {
	qd := sc.qdob
	for _, g := range sc.gen[i] {
		if sc.enough() {
			return
		}
		if rare && ix.paired(sc, i, g.tok) {
			continue
		}
		tk := &ix.toks[g.tok]
		if qd != 0 && !tk.mayBeBorn(qd.year()) {
			continue
		}
		if single {
			ix.walk(sc, tk.post, sc.w[i]*g.score, 1<<i|g.also)
		} else {
			ix.walk(sc, tk.post, 0, 0)
		}
	}
}

// walk reads posting records and keeps the persons matching the parts they
// need, which the tokens beside each posting tell. Persons whose date of
// birth clearly differs from the query's are skipped, and so are those
// already seen. A query of a single part needs no such telling: with
// mask set, the posting is the match, credited with pre.
func (ix *PersonIndex) walk(sc *searchScratch, post []uint32, pre float32, mask uint8) {
	qd := sc.qdob
	for o := 0; o < len(post); {
		ord, dob, n := post[o], date(post[o+1]), post[o+2]
		co := post[o+recHead : o+recHead+coLen(n)]
		o += recHead + len(co)
		if qd != 0 && dob != 0 && dobClash(qd, dob) {
			continue
		}
		b := &sc.bits[ord>>6]
		if *b&(1<<(ord&63)) != 0 {
			continue // seen through another token
		}
		*b |= 1 << (ord & 63)
		sc.seen = append(sc.seen, ord)
		if mask != 0 {
			sc.keep(ord, dob, n, mask, pre)
			continue
		}
		if n&0xFF == coInEntry {
			en := &ix.ents[ord]
			co = ix.arena[en.tokOff : en.tokOff+uint32(en.tokLen)]
		}
		if m := sc.coMask(co); bitCount(m) >= sc.need {
			_, est := sc.coMatch(co)
			sc.keep(ord, dob, n, m, est)
		}
		if sc.enough() {
			return
		}
	}
}

// coTable fills the table coMatch reads: for every token a query part
// generates from, the score and joined parts for each part it stands for.
func (sc *searchScratch) coTable(qs *side, order []int, particleIDs []uint32) {
	sc.ctab.reset()
	sc.cinfo = sc.cinfo[:0]
	// Particles stand for no part, and coMatch does not count them
	// against a name either.
	for _, id := range particleIDs {
		sc.ctab.put(id, int32(len(sc.cinfo)))
		sc.cinfo = append(sc.cinfo, coInfo{})
	}
	for i := 0; i < qs.n; i++ {
		sc.w[i] = float32(qs.w[i])
	}
	for _, i := range order {
		for _, g := range sc.gen[i] {
			x, ok := sc.ctab.get(g.tok)
			if !ok {
				x = int32(len(sc.cinfo))
				sc.ctab.put(g.tok, x)
				sc.cinfo = append(sc.cinfo, coInfo{})
			}
			ci := &sc.cinfo[x]
			if ci.parts&(1<<i) == 0 || g.score > ci.score[i] {
				ci.score[i], ci.also[i] = g.score, g.also
			}
			ci.parts |= 1 << i
			ci.mask |= 1<<i | g.also
		}
	}
}

// rankFor prepares rank for a query whose parts order generate, and the
// early stop: once more candidates than are scored look perfect (every
// part matched exactly, no other part borne, a date, sex and nationality
// that agree as far as the query says), the others can at best tie with
// them, and generation stops. Only the namesakes of a common name reach
// that; which of them are returned is then as arbitrary as among equals.
func (sc *searchScratch) rankFor(q *PersonQuery, qs *side, order []int, realQ, scored int, everyone bool) {
	var total float32
	for i := 0; i < qs.n; i++ {
		total += float32(qs.w[i])
	}
	sc.qTotal = total
	// A part the person bears that matches none of the query's costs about
	// what a contradicting part costs scoring (see nameScore).
	sc.perExtra = 0.4 * total / float32(max(realQ, 1))
	sc.qsex = 0
	switch normSex(q.Sex) {
	case 'M':
		sc.qsex = 1
	case 'F':
		sc.qsex = 2
	}
	sc.qnat, _ = natCode(q.Nationality)
	sc.qdate = parseDate(q.BirthDate)
	var own uint8
	for _, i := range order {
		own |= 1 << i
	}
	var perfect float32
	for m := own; m != 0; m &= m - 1 {
		perfect += sc.w[bits.TrailingZeros8(m)]
	}
	switch {
	case sc.qdate == 0:
	case sc.qdate%100 != 0:
		perfect += total * 0.5 // exact
	default:
		perfect += total * 0.1 // year or month
	}
	sc.perfect, sc.nPerfect, sc.stopAt = perfect, 0, scored
	if everyone {
		sc.stopAt = int(^uint(0) >> 1)
	}
}

// rank estimates the score of a candidate from coMatch's estimate of its
// best name, as sex, nationality and date of birth qualify it, a date that
// agrees putting it first: among more candidates than are scored, those
// ranked first are scored.
func (sc *searchScratch) rank(est float32, dob date, head uint32) float32 {
	r := max(est, 0)
	if s := head >> 8 & 3; sc.qsex != 0 && s != 0 && s != sc.qsex {
		r *= sexMismatch
	}
	if n := uint16(head >> 16); sc.qnat != 0 && n != 0 && n != sc.qnat {
		r *= nationMismatch
	}
	switch relateDates(sc.qdate, dob) {
	case dobExact:
		r += sc.qTotal * 0.5
	case dobYear, dobMonth, dobSwappedRel:
		r += sc.qTotal * 0.1
	}
	return r
}

// keep adds a person matching the parts in mask to the candidates, and
// counts those that look perfect (see rankFor).
func (sc *searchScratch) keep(ord uint32, dob date, head uint32, mask uint8, est float32) {
	r := sc.rank(est, dob, head)
	sc.touched = append(sc.touched, touch{ord: ord, dob: dob, score: r, mask: mask})
	if r >= sc.perfect && (sc.qsex == 0 || head>>8&3 == sc.qsex) && (sc.qnat == 0 || uint16(head>>16) == sc.qnat) {
		sc.nPerfect++
	}
}

// enough reports whether generation may stop (see rankFor).
func (sc *searchScratch) enough() bool { return sc.nPerfect >= sc.stopAt }

// coMask tells which query parts a person whose names are co (name
// markers, then tokens, as in the arena) matches, the parts joined tokens
// stand for included.
func (sc *searchScratch) coMask(co []uint32) (mask uint8) {
	for _, t := range co {
		if t&nameMarker == 0 {
			if x, ok := sc.ctab.get(t); ok {
				mask |= sc.cinfo[x].mask
			}
		}
	}
	return mask
}

// coMatch is coMask, and estimates what scoring will make of the best
// name: the weight of the parts it matches, each credited with its best
// token, less perExtra for each of its tokens that matches no part. It is
// needed only to choose among more candidates than are scored.
func (sc *searchScratch) coMatch(co []uint32) (mask uint8, est float32) {
	var best [maxParts]float32
	var own uint8
	extra := 0
	est = -1e9
	flush := func() {
		if own == 0 {
			extra = 0
			return
		}
		var s float32
		for m := own; m != 0; m &= m - 1 {
			i := bits.TrailingZeros8(m)
			s += sc.w[i] * best[i]
		}
		est = max(est, s-sc.perExtra*float32(extra))
		best, own, extra = [maxParts]float32{}, 0, 0
	}
	for _, t := range co {
		if t&nameMarker != 0 {
			flush()
			continue
		}
		x, ok := sc.ctab.get(t)
		if !ok {
			extra++
			continue
		}
		ci := &sc.cinfo[x]
		for m := ci.parts; m != 0; m &= m - 1 {
			i := bits.TrailingZeros8(m)
			mask |= 1<<i | ci.also[i]
			own |= 1 << i
			best[i] = max(best[i], ci.score[i])
		}
	}
	flush()
	return mask, est
}

// generatePairs walks the persons bearing a frequent key of part i and one
// of part j in the same name.
func (ix *PersonIndex) generatePairs(sc *searchScratch, i, j int) {
	for _, a := range sc.pkeys[i][:sc.npkeys[i]] {
		for _, b := range sc.pkeys[j][:sc.npkeys[j]] {
			if sc.enough() {
				return
			}
			if pi, ok := ix.pairs[pairKey(a, b)]; ok {
				ix.walk(sc, ix.pairPost[pi], 0, 0)
			}
		}
	}
}

// pairKeys notes the distinct keys (at most maxPairKeys, best first) of the
// pairable tokens query part i matches: pairs of them are looked up, and
// the tokens of the others read one by one (see paired).
func (ix *PersonIndex) pairKeys(sc *searchScratch, i int) {
	ks := &sc.pkeys[i]
	n := 0
	for _, g := range sc.gen[i] {
		if n == len(ks) {
			break
		}
		if k := ix.toks[g.tok].key; ix.pairable(g.tok) && !slices.Contains(ks[:n], k) {
			ks[n] = k
			n++
		}
	}
	sc.npkeys[i] = n
}

// paired reports whether postings of token t come through the pairs of
// query part i's keys.
func (ix *PersonIndex) paired(sc *searchScratch, i int, t uint32) bool {
	return ix.pairable(t) && slices.Contains(sc.pkeys[i][:sc.npkeys[i]], ix.toks[t].key)
}

// selectTop moves the k best candidates (by pre-score) to the front, in no
// particular order: quickselect, since only those k are scored.
func selectTop(cs []candidate, k int) {
	better := func(a, b *candidate) bool { return a.pre > b.pre || (a.pre == b.pre && a.ord < b.ord) }
	lo, hi := 0, len(cs)-1
	for lo < hi {
		p := cs[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for better(&cs[i], &p) {
				i++
			}
			for better(&p, &cs[j]) {
				j--
			}
			if i <= j {
				cs[i], cs[j] = cs[j], cs[i]
				i++
				j--
			}
		}
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return
		}
	}
}

// dobClash reports whether a person's date of birth e clearly differs from
// the query's q; e is 0 when unknown. Most dates are more than a year apart,
// which settles it without relateDates.
func dobClash(q, e date) bool {
	if e == 0 {
		return false
	}
	if dy := int(q/10000) - int(e/10000); dy > nearYears || dy < -nearYears {
		return true
	}
	return relateDates(q, e) == dobMismatchRel
}

func bitCount(m uint8) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
}
