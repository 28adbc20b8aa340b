package screen

// Matching one query part against the vocabulary: a name's sides, the
// memo of scored names, typo neighbours and the per-part cache.

import (
	"cmp"
	"slices"
	"strings"
	"sync"
)

// eachNameIDs calls f with every name of en: its position, script and
// token ids (at most maxParts).
func (ix *PersonIndex) eachNameIDs(en *entry, f func(k int, scr script, ids []uint32)) {
	ts := ix.arena[en.tokOff : en.tokOff+uint32(en.tokLen)]
	k, start := -1, 0
	var scr script
	flush := func(toks []uint32) {
		if k >= 0 && len(toks) > 0 {
			f(k, scr, toks[:min(len(toks), maxParts)])
		}
	}
	for i, t := range ts {
		if t&nameMarker != 0 {
			flush(ts[start:i])
			k++
			scr = script(t &^ nameMarker)
			start = i + 1
		}
	}
	flush(ts[start:])
}

// nameSide cuts an indexed name into a side, weighed by the index.
func (ix *PersonIndex) nameSide(es *side, scr script, toks []uint32) {
	n := len(toks)
	es.n, es.script = n, scr
	all := true
	for i := 0; i < n; i++ {
		t := &ix.toks[toks[i]]
		es.text[i], es.key[i] = t.text, t.keyText
		es.particle[i] = t.particle || (t.sun && i+1 < n && sunArticle(t.text, ix.toks[toks[i+1]].text)) || i == 0 && n >= 3 && t.title
		es.initial[i] = len(t.text) == 1 && scr != scriptHangul
		all = all && es.particle[i]
	}
	vietnameseVan(es)
	for i := 0; i < n; i++ {
		if all {
			es.particle[i] = false
		}
		switch {
		case es.particle[i]:
			es.w[i] = particleWeight
		case es.initial[i]:
			es.w[i] = initialWeight
		default:
			es.w[i] = float64(ix.toks[toks[i]].w)
		}
		t := &ix.toks[toks[i]]
		es.est[i] = established(t.named, t.df, ix.live)
	}
}

// nameMemo holds the results of the names scored in one check, found by
// script and token ids.
type nameMemo struct {
	slots []int32 // open addressing: index+1 into keys/res, 0 empty
	used  []int
	keys  []memoKey
	res   []nameResult
}

type memoKey struct {
	ids [maxParts]uint32
	n   uint8
	scr script
}

func (m *nameMemo) reset() {
	for _, i := range m.used {
		m.slots[i] = 0
	}
	m.used, m.keys, m.res = m.used[:0], m.keys[:0], m.res[:0]
	if len(m.slots) == 0 {
		m.slots = make([]int32, 512)
	}
}

func memoHash(scr script, ids []uint32) uint32 {
	h := uint32(scr) + 0x9e3779b9
	for _, id := range ids {
		h = (h ^ id) * 0x01000193
	}
	return h ^ h>>15
}

func (k *memoKey) equal(scr script, ids []uint32) bool {
	return k.scr == scr && int(k.n) == len(ids) && slices.Equal(k.ids[:k.n], ids)
}

// get returns the index of the result for the name, if scored.
func (m *nameMemo) get(scr script, ids []uint32) (int32, bool) {
	mask := uint32(len(m.slots) - 1)
	for i := memoHash(scr, ids) & mask; ; i = (i + 1) & mask {
		v := m.slots[i]
		if v == 0 {
			return 0, false
		}
		if m.keys[v-1].equal(scr, ids) {
			return v - 1, true
		}
	}
}

// put adds a name not yet scored and returns the index of its result.
func (m *nameMemo) put(scr script, ids []uint32) int32 {
	if 2*(len(m.keys)+1) > len(m.slots) {
		old := m.used
		m.slots, m.used = make([]int32, 2*len(m.slots)), make([]int, 0, 2*len(old))
		mask := uint32(len(m.slots) - 1)
		for x := range m.keys {
			k := &m.keys[x]
			i := memoHash(k.scr, k.ids[:k.n]) & mask
			for m.slots[i] != 0 {
				i = (i + 1) & mask
			}
			m.slots[i] = int32(x + 1)
			m.used = append(m.used, int(i))
		}
	}
	k := memoKey{n: uint8(len(ids)), scr: scr}
	copy(k.ids[:], ids)
	m.keys = append(m.keys, k)
	m.res = append(m.res, nameResult{})
	x := int32(len(m.keys) - 1)
	mask := uint32(len(m.slots) - 1)
	i := memoHash(scr, ids) & mask
	for m.slots[i] != 0 {
		i = (i + 1) & mask
	}
	m.slots[i] = x + 1
	m.used = append(m.used, int(i))
	return x
}

// lookupSims fills the pair scores of the query against one entry name from
// the per-query table of matched tokens.
func (ix *PersonIndex) lookupSims(sc *searchScratch, qs, es *side, ids []uint32, sims *[maxParts][maxParts]pairScore) {
	c := 0
	if crossScript(qs.script, es.script) {
		c = 1
	}
	for j := 0; j < es.n; j++ {
		row, ok := sc.tab.get(ids[j])
		for i := 0; i < qs.n; i++ {
			switch {
			case qs.initial[i] || es.initial[j]:
				if qs.text[i] == es.text[j] {
					sims[i][j] = pairScore{1, howExact}
				} else if koreanSurnameOf(qs, es, i, j) {
					sims[i][j] = pairScore{koreanSurnameScore, howTranslit}
				} else if s, h := initialSim(qs, es, i, j); h != howNone {
					sims[i][j] = pairScore{float32(s), h}
				}
			case qs.particle[i] != es.particle[j]:
				if qs.text[i] == es.text[j] && ok {
					// van, a particle on one side only (see vietnameseVan)
					sims[i][j] = sc.rows[int(row)*sc.stride+2*i+c]
				}
			case ok:
				sims[i][j] = sc.rows[int(row)*sc.stride+2*i+c]
				if koreanSyllables(qs, es, i, j, sims[i][j].how) {
					sims[i][j] = pairScore{}
				} else if p := sims[i][j]; p.score > 0 && p.score < 1 && (qs.script == scriptKana || es.script == scriptKana) {
					f, h := kanaSim(qs.text[i], es.text[j], float64(p.score), p.how)
					sims[i][j] = pairScore{float32(f), h}
				} else if p.score < thaiSpelled && (qs.script == scriptThai || es.script == scriptThai) {
					f, h := thaiSim(qs.text[i], es.text[j], float64(p.score), p.how)
					sims[i][j] = pairScore{float32(f), h}
				}
			case qs.script == scriptThai || es.script == scriptThai:
				// a popular spelling no key or typo found: a candidate
				// brought by another part still meets it (Prasert, Prasoet)
				if f, h := thaiSim(qs.text[i], es.text[j], 0, howNone); h != howNone {
					sims[i][j] = pairScore{float32(f), h}
				}
			}
		}
	}
}

// setSim records that query part i matches vocabulary token tok, within one
// script (same) and across scripts (cross).
func (sc *searchScratch) setSim(tok uint32, i int, same, cross pairScore) {
	row, ok := sc.tab.get(tok)
	if !ok {
		row = int32(len(sc.rows) / sc.stride)
		sc.tab.put(tok, row)
		sc.rows = slices.Grow(sc.rows, sc.stride)
		sc.rows = sc.rows[:len(sc.rows)+sc.stride]
		clear(sc.rows[len(sc.rows)-sc.stride:])
	}
	r := sc.rows[int(row)*sc.stride+2*i:]
	if same.score > r[0].score {
		r[0] = same
	}
	if cross.score > r[1].score {
		r[1] = cross
	}
}

// matchPart finds the vocabulary tokens query part i matches: itself, those
// with its phonetic key, and those within one deletion of it on either side.
// Officers check the same common names again and again, so the answer for a
// part is cached until the vocabulary grows, each token once and best first,
// as generation wants them.
func (ix *PersonIndex) matchPart(sc *searchScratch, qs *side, i int) {
	t, k := qs.text[i], qs.key[i]
	ver := ix.vocabVer
	pc, ok := ix.cache.get(t, ver)
	thai := qs.script == scriptThai // its popular spellings are looked up too: not the cache's answer for t
	if !ok || thai {
		sc.found = sc.found[:0]
		common := false
		if id, ok := ix.tokID[t]; ok {
			sc.found = append(sc.found, tokMatch{tok: id, same: pairScore{1, howExact}, cross: pairScore{1, howTranslit}})
			common = ix.toks[id].df >= commonNoTypos
		}
		if kid, ok := ix.keyID[k]; ok && k != "" {
			for _, id := range ix.keyGroup(kid) {
				// Any length: Arabic without vowels is half its Latin
				// renderings (hsn, Hossain); partSims holds the consonants
				// to agree.
				if tt := ix.toks[id].text; tt != t {
					sc.addFound(id)(partSims(t, tt, k, k))
				}
			}
		}
		ix.equivalentTokens(sc, t, k)
		if thai {
			ix.thaiTokens(sc, t, k)
		}
		// And the spellings their keys cannot meet (see partSims): with or
		// without a silent initial h (Эрнандес, Hernández), th read as s
		// (عثمان, Usman), without h after n (Джианхао, Jianhao).
		var hb [maxCompareLen + 1]byte
		alts := [...]string{silentH(t), thAsS(t), quietH(t), ""}
		if len(t) < maxCompareLen && len(t) > 1 && isVowel(t[0]) {
			alts[3] = string(append(append(hb[:0], 'h'), t...))
		}
		for _, alt := range alts {
			if alt == "" {
				continue
			}
			var kb [2 * maxCompareLen]byte
			if kid, ok := ix.keyID[string(phoneticKey(kb[:0], alt))]; ok && ix.keys[kid] != k {
				for _, id := range ix.keyGroup(kid) {
					tk := &ix.toks[id]
					sc.addFound(id)(partSims(t, tk.text, k, tk.keyText))
				}
			}
		}
		if len(t) >= 4 && len(t) <= maxCompareLen && !common {
			var db [maxCompareLen]byte
			ix.typoNeighbours(sc, t, ix.hash(t))
			for p := 0; p < len(t); p++ {
				if p > 0 && t[p] == t[p-1] {
					continue
				}
				d := append(append(db[:0], t[:p]...), t[p+1:]...)
				ix.typoNeighbours(sc, t, ix.hashBytes(d))
			}
		}
		var splits [][2]uint32
		if len(t) >= 6 && len(t) <= maxCompareLen {
			for p := 2; p <= len(t)-2; p++ {
				l, okL := ix.tokID[t[:p]]
				r, okR := ix.tokID[t[p:]]
				if okL && okR {
					splits = append(splits, [2]uint32{l, r})
				}
			}
		}
		found := dedupFound(sc.found)
		for k := range found {
			tk := &ix.toks[found[k].tok]
			found[k].scripts, found[k].particle = tk.scripts, tk.particle
		}
		if thai {
			pc = partCached{ver: ver, found: found, splits: splits}
		} else {
			pc = ix.cache.put(t, partCached{ver: ver, found: found, splits: splits})
		}
	}
	sc.splits[i] = pc.splits
	g := sc.gen[i][:0]
	own := scriptBits(qs.script)
	for _, m := range pc.found {
		same, cross := m.same, m.cross
		// Only the way names bearing the token can meet the query counts:
		// in its script (same), in another (cross).
		if same.score < minMatch || m.scripts&own == 0 {
			same = pairScore{}
		}
		if cross.score < minMatch || m.scripts&^own == 0 {
			cross = pairScore{}
		}
		if same.how == howNone && cross.how == howNone {
			continue
		}
		sc.setSim(m.tok, i, same, cross)
		// A particle (al, de, van) never generates candidates for a part
		// that is not one: scoring never pairs a particle with a name
		// part, and "al" borne by half of a watchlist would otherwise make
		// every Ali a candidate.
		if !qs.particle[i] && !m.particle {
			g = append(g, genTok{tok: m.tok, score: max(same.score, cross.score)})
		}
	}
	sc.gen[i] = g
}

// keyGroup returns the tokens of phonetic key kid, the maxKeyGroup borne
// by most persons when there are more.
func (ix *PersonIndex) keyGroup(kid uint32) []uint32 {
	group := ix.keyToks[kid]
	if len(group) <= maxKeyGroup {
		return group
	}
	group = slices.Clone(group)
	slices.SortStableFunc(group, func(a, b uint32) int { return cmp.Compare(ix.toks[b].df, ix.toks[a].df) })
	return group[:maxKeyGroup]
}

// dedupFound merges the matches of one token (found exactly, by key and as
// a typo) and orders them best first, as sortGen would.
func dedupFound(f []tokMatch) []tokMatch {
	slices.SortFunc(f, func(a, b tokMatch) int { return cmp.Compare(a.tok, b.tok) })
	k := 0
	for _, m := range f {
		if k > 0 && f[k-1].tok == m.tok {
			p := &f[k-1]
			if m.same.score > p.same.score {
				p.same = m.same
			}
			if m.cross.score > p.cross.score {
				p.cross = m.cross
			}
			continue
		}
		f[k] = m
		k++
	}
	f = f[:k]
	best := func(m tokMatch) float32 {
		b := float32(0)
		if m.same.score >= minMatch {
			b = m.same.score
		}
		if m.cross.score >= minMatch {
			b = max(b, m.cross.score)
		}
		return b
	}
	slices.SortStableFunc(f, func(a, b tokMatch) int { return cmp.Compare(best(b), best(a)) })
	return f
}

// tokMatch is a vocabulary token a query part matches, within one script
// and across scripts.
type tokMatch struct {
	tok         uint32
	same, cross pairScore
	scripts     uint8 // the token's, when cached
	particle    bool
}

func (sc *searchScratch) addFound(id uint32) func(same, cross pairScore) {
	return func(same, cross pairScore) {
		if same.score >= minMatch || cross.score >= minMatch {
			sc.found = append(sc.found, tokMatch{tok: id, same: same, cross: cross})
		}
	}
}

// typoNeighbours adds the tokens whose deletions hash to h and that are a
// typo away from t.
func (ix *PersonIndex) typoNeighbours(sc *searchScratch, t string, h uint64) {
	for n := ix.delHead[h]; n != 0; n = ix.delNext[n] {
		id := ix.delTok[n]
		if tt := ix.toks[id].text; tt != t {
			if s := float32(typoScore(t, tt)); s > 0 {
				ps := pairScore{s, howTypo}
				sc.found = append(sc.found, tokMatch{tok: id, same: ps, cross: ps})
			}
		}
	}
}

// partCache remembers what query parts matched, in shards so that
// concurrent searches rarely wait on each other.
type partCache struct {
	shards [64]partShard
}

type partShard struct {
	mu sync.Mutex
	m  map[string]partCached
}

// partCached is what a query part (or, under "+" and the joined text,
// adjacent parts written together) matched in the vocabulary of version
// ver (see vocabVer).
type partCached struct {
	ver    int
	found  []tokMatch  // the part's matches, each token once, best first
	splits [][2]uint32 // the part cut in two known tokens (Abdulrahman: abdul, rahman)
	joined []genTok    // the tokens the joined parts match
}

// maxCachedPerShard bounds the cache: a shard that fills is emptied.
const maxCachedPerShard = 512

func (c *partCache) shard(t string) *partShard {
	h := uint32(2166136261)
	for i := 0; i < len(t); i++ {
		h = (h ^ uint32(t[i])) * 16777619
	}
	return &c.shards[h%uint32(len(c.shards))]
}

func (c *partCache) get(t string, ver int) (partCached, bool) {
	sh := c.shard(t)
	sh.mu.Lock()
	e, ok := sh.m[t]
	sh.mu.Unlock()
	if !ok || e.ver != ver {
		return partCached{}, false
	}
	return e, true
}

// put stores a copy of e under t and returns it.
func (c *partCache) put(t string, e partCached) partCached {
	e.found, e.splits, e.joined = slices.Clone(e.found), slices.Clone(e.splits), slices.Clone(e.joined)
	if len(t) > 32 {
		return e
	}
	sh := c.shard(t)
	sh.mu.Lock()
	if sh.m == nil || len(sh.m) >= maxCachedPerShard {
		sh.m = make(map[string]partCached)
	}
	sh.m[strings.Clone(t)] = e
	sh.mu.Unlock()
	return e
}

// sortGen orders the generating tokens of part i best first, each once,
// after joinCandidates added some.
func (ix *PersonIndex) sortGen(sc *searchScratch, i int) {
	g := sc.gen[i]
	if len(g) < 2 {
		return
	}
	slices.SortFunc(g, func(a, b genTok) int {
		if c := cmp.Compare(a.tok, b.tok); c != 0 {
			return c
		}
		return cmp.Compare(b.score, a.score)
	})
	k := 0
	for _, x := range g {
		if k > 0 && g[k-1].tok == x.tok {
			g[k-1].also |= x.also
			continue
		}
		g[k] = x
		k++
	}
	g = g[:k]
	slices.SortFunc(g, func(a, b genTok) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.tok, b.tok)
	})
	sc.gen[i] = g
}

// joinCandidates lets a part written joined in the query find entries where
// it is split (Abdulrahman: abdul, rahman) and parts split in the query find
// entries where they are joined (Abdul Rahman: abdulrahman), then orders
// the generating tokens of the parts it added to. The vocabulary lookups
// are cached with the parts; the full scoring then does the rest.
func (ix *PersonIndex) joinCandidates(sc *searchScratch, qs *side) {
	var buf [3 * maxCompareLen]byte
	var added uint8
	for i := 0; i < qs.n; i++ {
		if qs.initial[i] {
			continue
		}
		// split: the rarer half generates
		for _, lr := range sc.splits[i] {
			if qs.particle[i] {
				break
			}
			l, r := lr[0], lr[1]
			id := r
			if ix.toks[l].df < ix.toks[r].df && !ix.toks[l].particle {
				id = l
			}
			sc.gen[i] = append(sc.gen[i], genTok{tok: id, score: joinFactor})
			added |= 1 << i
		}
		// joined: parts i.. i+k-1 written as one, a particle with the
		// parts after it (abd al rhmn, Abdulrahman)
		for k := 2; k <= 3 && i+k <= qs.n; k++ {
			if qs.particle[i+k-1] {
				continue
			}
			b := append(buf[:0], '+')
			for j := i; j < i+k; j++ {
				b = append(b, qs.text[j]...)
			}
			if len(b) > maxCompareLen+1 {
				break
			}
			var also uint8
			for j := i + 1; j < i+k; j++ {
				also |= 1 << j
			}
			pc, ok := ix.joinCache.get(string(b), ix.vocabVer)
			if !ok {
				pc = ix.joinCache.put(string(b), partCached{ver: ix.vocabVer, joined: ix.joinedMatches(string(b[1:]))})
			}
			for _, g := range pc.joined {
				g.also = also
				sc.gen[i] = append(sc.gen[i], g)
				added |= 1 << i
			}
		}
	}
	for i := 0; i < qs.n; i++ {
		if added&(1<<i) != 0 {
			ix.sortGen(sc, i)
		}
	}
}

// joinedMatches returns the vocabulary tokens that parts written together
// as joined match: itself, and its spellings (abd al rhmn is Abdulrahman).
func (ix *PersonIndex) joinedMatches(joined string) []genTok {
	var out []genTok
	if id, ok := ix.tokID[joined]; ok {
		out = append(out, genTok{tok: id, score: joinFactor})
	}
	var kb [2 * maxCompareLen]byte
	key := string(phoneticKey(kb[:0], joined))
	if kid, ok := ix.keyID[key]; ok {
		group := ix.keyGroup(kid)
		for _, id := range group[:min(len(group), maxKeyGroup/4)] {
			// Only what scoring would join (see joinParts): not a particle,
			// and as long as the parts written together, give or take.
			tk := &ix.toks[id]
			if tt := tk.text; tt != joined && !tk.particle && len(tt) >= len(joined)-2 && len(tt) <= len(joined)+joinSlack(len(tt), true) {
				if _, cross := partSims(joined, tt, key, key); cross.score >= minMatch {
					out = append(out, genTok{tok: id, score: cross.score * joinFactor})
				}
			}
		}
	}
	return out
}
