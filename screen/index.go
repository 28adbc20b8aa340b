package screen

import (
	"cmp"
	"hash/maphash"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// PersonEntry is a watchlist person as the index sees it.
type PersonEntry struct {
	ID            string   // the record id (a UUID string)
	Names         []string // primary name first, then aliases; any script
	BirthDate     string   // "", "1980", "1980-05" or "1980-05-01"
	Sex           string   // "M", "F" or ""
	Nationalities []string // ISO 3166-1 alpha-2
}

// Index tuning. The numbers bound the work of one search whatever the query:
// a name made only of the commonest parts still costs a bounded scan.
const (
	// priorCount is how many persons' worth of evidence the built-in
	// frequencies of common names count for beside the index's own counts:
	// a small index weighs like Compare, a large one by what it holds.
	priorCount = 10000
	// maxKeyGroup bounds the vocabulary tokens compared per phonetic key.
	maxKeyGroup = 256
	// commonNoTypos: a query part spelt as this many indexed persons spell
	// it is not looked for with typos; its spelling variants are found by
	// phonetic key, and a typo of a common name costs more candidates than
	// it finds.
	commonNoTypos = 2000
	// secondGenerator is the most postings the second rarest part of a name
	// of three or more parts may have and still generate candidates.
	secondGenerator = 5000
	// confirmByEntry: a part is confirmed through its postings when it has at
	// most this many per candidate, else in each candidate's tokens.
	confirmByEntry = 400
	// fullScoreMax is how many candidates, best first by their accumulated
	// weight, are scored in full.
	fullScoreMax = 128
	// pairMinDF is how many persons must bear a token before its pairs with
	// other frequent tokens are indexed.
	pairMinDF = 100
	// pairGenMin: a query whose rarest part has more postings than this
	// generates its candidates from pairs of parts.
	pairGenMin = 300
	// maxPairTries bounds the pair lookups per pair of query parts.
	maxPairTries = 256
	// defaultLimit is the number of matches returned for limit <= 0.
	defaultLimit = 10
	// maxNamesPerEntry bounds the aliases indexed per person.
	maxNamesPerEntry = 64
	// nameMarker marks the start of a name in the token arena; the low bits
	// hold the name's script.
	nameMarker = 1 << 31
)

// PersonIndex is an in-memory watchlist of persons, searched by name (any
// script), date of birth, sex and nationality. Names are interned: an entry
// holds token ids, each token its postings. It is safe for concurrent use.
type PersonIndex struct {
	mu sync.RWMutex

	// vocabulary
	tokID   map[string]uint32
	toks    []token
	keyID   map[string]uint32
	keys    []string
	keyToks [][]uint32
	delHead map[uint64]uint32 // deletion hash -> first node (1-based)
	delTok  []uint32          // node -> token
	delNext []uint32          // node -> next node (0 ends)
	seed    maphash.Seed

	// pairs of frequent tokens borne together in one name, with the persons
	// bearing both: what "Mohammed Hassan" generates its candidates from,
	// rather than from every Mohammed and every Hassan.
	pairs    map[uint64]uint32 // lo<<32|hi token ids -> index in pairPost
	pairPost [][]uint32

	// entries, by ordinal
	ids     map[string]uint32
	ents    []entry
	dobs    []date
	free    []uint32
	arena   []uint32 // per entry: nameMarker|script, token ids, ...
	names   []byte   // per entry: names as written, separated by 0
	nats    []uint16 // per entry: nationalities, two letters packed
	garbage int      // arena words no live entry uses
	live    int
	cache   partCache
	// weighedAt is the size the token weights were last computed for; they
	// are recomputed when the index has changed size by more than 1/16.
	weighedAt int
}

type token struct {
	text     string
	keyText  string
	post     []uint32
	key      uint32
	prior    float32 // built-in share of people bearing it
	w        float32 // weight, as of the last reweigh
	particle bool
	sun      bool // may be an assimilated article (ar, as, ash ...)
	frequent bool // pairs with it are indexed (see pairs); never reset
}

type entry struct {
	id      string
	tokOff  uint32
	nameOff uint32
	nameLen uint32
	natOff  uint32
	tokLen  uint16
	natLen  uint8
	sex     byte
	alive   bool
}

// NewPersonIndex returns an empty index.
func NewPersonIndex() *PersonIndex {
	return &PersonIndex{
		tokID:   make(map[string]uint32),
		keyID:   make(map[string]uint32),
		delHead: make(map[uint64]uint32),
		delTok:  []uint32{0},
		delNext: []uint32{0},
		ids:     make(map[string]uint32),
		seed:    maphash.MakeSeed(),
		pairs:   make(map[uint64]uint32),
	}
}

// Len returns the number of persons in the index.
func (ix *PersonIndex) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.live
}

// parsedEntry is an entry normalised, before its tokens are interned.
type parsedEntry struct {
	e      *PersonEntry
	names  []parsedName
	dob    date
	sex    byte
	natBuf []uint16
}

func parseEntry(e *PersonEntry) parsedEntry {
	p := parsedEntry{e: e, dob: parseDate(e.BirthDate), sex: normSex(e.Sex)}
	names := e.Names
	if len(names) > maxNamesPerEntry {
		names = names[:maxNamesPerEntry]
	}
	for _, n := range names {
		pn := parsedName{raw: n, script: scriptOf(n)}
		pn.toks = strings.Fields(Normalize(n))
		if len(pn.toks) > maxParts {
			pn.toks = pn.toks[:maxParts]
		}
		if len(pn.toks) > 0 {
			p.names = append(p.names, pn)
		}
	}
	for _, c := range e.Nationalities {
		if len(c) == 2 {
			p.natBuf = append(p.natBuf, uint16(upper(c[0]))<<8|uint16(upper(c[1])))
		}
	}
	return p
}

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// Add adds a person, replacing any entry with the same ID.
func (ix *PersonIndex) Add(e PersonEntry) {
	p := parseEntry(&e)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var oldToks []uint32
	if old, ok := ix.ids[e.ID]; ok {
		en := &ix.ents[old]
		oldToks = slices.Clone(ix.arena[en.tokOff : en.tokOff+uint32(en.tokLen)])
		ix.remove(old)
	}
	ord := ix.insert(&p)
	en := &ix.ents[ord]
	ix.reweigh(append(oldToks, ix.arena[en.tokOff:en.tokOff+uint32(en.tokLen)]...))
	ix.maybeCompact()
}

// AddBatch adds many persons at once, faster than Add: names are normalised
// on every core before the index is locked, and postings are sized once.
func (ix *PersonIndex) AddBatch(es []PersonEntry) {
	parsed := make([]parsedEntry, len(es))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	chunk := (len(es) + workers - 1) / max(workers, 1)
	for w := 0; w < workers && chunk > 0; w++ {
		lo, hi := w*chunk, min(len(es), (w+1)*chunk)
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				parsed[i] = parseEntry(&es[i])
			}
		}()
	}
	wg.Wait()

	ix.mu.Lock()
	defer ix.mu.Unlock()
	// Intern every token first and count its new postings, so that each
	// postings list grows once.
	growth := make(map[uint32]int)
	for i := range parsed {
		for _, n := range parsed[i].names {
			for _, t := range n.toks {
				growth[ix.intern(t)]++
			}
		}
	}
	for id, g := range growth {
		tk := &ix.toks[id]
		tk.post = slices.Grow(tk.post, g)
	}
	ix.ents = slices.Grow(ix.ents, len(parsed))
	ix.dobs = slices.Grow(ix.dobs, len(parsed))
	for i := range parsed {
		ix.insert(&parsed[i])
	}
	ix.reweigh(nil)
	ix.maybeCompact()
}

// intern returns the id of token t, adding it to the vocabulary.
func (ix *PersonIndex) intern(t string) uint32 {
	if id, ok := ix.tokID[t]; ok {
		return id
	}
	t = strings.Clone(t) // do not keep the whole normalised name alive
	id := uint32(len(ix.toks))
	var kb [2 * maxCompareLen]byte
	k := phoneticKey(kb[:0], t)
	kid, ok := ix.keyID[string(k)]
	if !ok {
		kid = uint32(len(ix.keys))
		ks := string(k)
		ix.keyID[ks] = kid
		ix.keys = append(ix.keys, ks)
		ix.keyToks = append(ix.keyToks, nil)
	}
	ix.keyToks[kid] = append(ix.keyToks[kid], id)
	ix.toks = append(ix.toks, token{text: t, keyText: ix.keys[kid], key: kid, prior: float32(builtinFrequency(ix.keys[kid])),
		particle: particles[t], sun: sunArticle(t, t[1:])})
	ix.tokID[t] = id
	if len(t) >= 4 && len(t) <= maxCompareLen {
		ix.addDeletion(ix.hash(t), id)
		var db [maxCompareLen]byte
		for k := 0; k < len(t); k++ {
			if k > 0 && t[k] == t[k-1] {
				continue // same deletion as the previous letter's
			}
			d := append(append(db[:0], t[:k]...), t[k+1:]...)
			ix.addDeletion(ix.hashBytes(d), id)
		}
	}
	return id
}

func (ix *PersonIndex) hash(s string) uint64      { return maphash.String(ix.seed, s) }
func (ix *PersonIndex) hashBytes(b []byte) uint64 { return maphash.Bytes(ix.seed, b) }

func (ix *PersonIndex) addDeletion(h uint64, id uint32) {
	n := uint32(len(ix.delTok))
	ix.delTok = append(ix.delTok, id)
	ix.delNext = append(ix.delNext, ix.delHead[h])
	ix.delHead[h] = n
}

// insert adds a parsed entry; the caller holds the write lock.
func (ix *PersonIndex) insert(p *parsedEntry) uint32 {
	if old, ok := ix.ids[p.e.ID]; ok {
		ix.remove(old)
	}
	var ord uint32
	if n := len(ix.free); n > 0 {
		ord = ix.free[n-1]
		ix.free = ix.free[:n-1]
	} else {
		ord = uint32(len(ix.ents))
		ix.ents = append(ix.ents, entry{})
		ix.dobs = append(ix.dobs, 0)
	}
	en := entry{id: p.e.ID, tokOff: uint32(len(ix.arena)), nameOff: uint32(len(ix.names)),
		natOff: uint32(len(ix.nats)), natLen: uint8(min(len(p.natBuf), 255)), sex: p.sex, alive: true}
	for k, n := range p.names {
		ix.arena = append(ix.arena, nameMarker|uint32(n.script))
		for _, t := range n.toks {
			id := ix.intern(t)
			ix.arena = append(ix.arena, id)
			post := ix.toks[id].post
			if len(post) == 0 || post[len(post)-1] != ord {
				ix.toks[id].post = append(post, ord)
			}
		}
		if k > 0 {
			ix.names = append(ix.names, 0)
		}
		for i := 0; i < len(n.raw); i++ {
			c := n.raw[i]
			if c == 0 {
				c = ' '
			}
			ix.names = append(ix.names, c)
		}
	}
	en.tokLen = uint16(uint32(len(ix.arena)) - en.tokOff)
	en.nameLen = uint32(len(ix.names)) - en.nameOff
	ix.nats = append(ix.nats, p.natBuf[:en.natLen]...)
	ix.ents[ord] = en
	ix.dobs[ord] = p.dob
	ix.ids[p.e.ID] = ord
	ix.live++
	ix.pairsOnInsert(ord)
	return ord
}

// Remove removes the person with the given ID and reports whether it was
// there.
func (ix *PersonIndex) Remove(id string) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ord, ok := ix.ids[id]
	if !ok {
		return false
	}
	en := &ix.ents[ord]
	toks := slices.Clone(ix.arena[en.tokOff : en.tokOff+uint32(en.tokLen)])
	ix.remove(ord)
	ix.reweigh(toks)
	ix.maybeCompact()
	return true
}

// remove drops entry ord from the postings and the id map; the caller holds
// the write lock. Postings lose order (swap-remove): searches accumulate into
// dense arrays and do not need it.
func (ix *PersonIndex) remove(ord uint32) {
	en := &ix.ents[ord]
	for _, t := range ix.arena[en.tokOff : en.tokOff+uint32(en.tokLen)] {
		if t&nameMarker != 0 {
			continue
		}
		post := ix.toks[t].post
		for i, o := range post {
			if o == ord {
				post[i] = post[len(post)-1]
				ix.toks[t].post = post[:len(post)-1]
				break
			}
		}
	}
	ix.eachPair(ord, func(key uint64) {
		if pi, ok := ix.pairs[key]; ok {
			post := ix.pairPost[pi]
			if i := slices.Index(post, ord); i >= 0 {
				post[i] = post[len(post)-1]
				ix.pairPost[pi] = post[:len(post)-1]
			}
		}
	})
	delete(ix.ids, en.id)
	ix.garbage += int(en.tokLen) + int(en.nameLen) + int(en.natLen)
	*en = entry{}
	ix.dobs[ord] = 0
	ix.free = append(ix.free, ord)
	ix.live--
}

// maybeCompact rewrites the arenas once removed and replaced entries have
// left more garbage than live data in them.
func (ix *PersonIndex) maybeCompact() {
	size := len(ix.arena) + len(ix.names) + len(ix.nats)
	if ix.garbage < 1<<16 || ix.garbage*2 < size {
		return
	}
	arena := make([]uint32, 0, len(ix.arena)-min(ix.garbage, len(ix.arena)))
	names := make([]byte, 0, len(ix.names))
	nats := make([]uint16, 0, len(ix.nats))
	for i := range ix.ents {
		en := &ix.ents[i]
		if !en.alive {
			continue
		}
		to, no, nao := uint32(len(arena)), uint32(len(names)), uint32(len(nats))
		arena = append(arena, ix.arena[en.tokOff:en.tokOff+uint32(en.tokLen)]...)
		names = append(names, ix.names[en.nameOff:en.nameOff+en.nameLen]...)
		nats = append(nats, ix.nats[en.natOff:en.natOff+uint32(en.natLen)]...)
		en.tokOff, en.nameOff, en.natOff = to, no, nao
	}
	ix.arena, ix.names, ix.nats = arena, names, nats
	ix.garbage = 0
}

// weight is the weight of a token borne by df persons: its share among the
// indexed persons, blended with the built-in share of common names.
func (ix *PersonIndex) weight(df int, prior float32) float64 {
	n := float64(ix.weighedAt)
	return weightOf((float64(df) + priorCount*float64(prior)) / (n + priorCount))
}

// reweigh updates the cached weights after a change: all of them when the
// index has changed size notably, else those of the tokens given.
func (ix *PersonIndex) reweigh(toks []uint32) {
	if d := ix.live - ix.weighedAt; d > ix.weighedAt/16 || -d > ix.weighedAt/16 || toks == nil {
		ix.weighedAt = ix.live
		for i := range ix.toks {
			t := &ix.toks[i]
			t.w = float32(ix.weight(len(t.post), t.prior))
		}
		return
	}
	for _, id := range toks {
		if id&nameMarker == 0 {
			t := &ix.toks[id]
			t.w = float32(ix.weight(len(t.post), t.prior))
		}
	}
}

// entryName returns the k-th name of entry en as written.
func (ix *PersonIndex) entryName(en *entry, k int) string {
	b := ix.names[en.nameOff : en.nameOff+en.nameLen]
	for ; k > 0; k-- {
		i := slices.Index(b, 0)
		if i < 0 {
			return ""
		}
		b = b[i+1:]
	}
	if i := slices.Index(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

func (ix *PersonIndex) entryNats(en *entry) []string {
	out := make([]string, 0, en.natLen)
	for _, c := range ix.nats[en.natOff : en.natOff+uint32(en.natLen)] {
		out = append(out, string([]byte{byte(c >> 8), byte(c)}))
	}
	return out
}

func (ix *PersonIndex) hasNat(en *entry, code uint16) bool {
	return slices.Contains(ix.nats[en.natOff:en.natOff+uint32(en.natLen)], code)
}

// searchScratch is the per-search working memory, pooled so that a search
// allocates almost nothing.
type searchScratch struct {
	bits    []uint64 // candidates, by entry ordinal
	lbits   []uint64 // candidates lacking the part being confirmed
	slot    []uint32 // entry ordinal -> index in touched (valid where bits is set)
	touched []touch  // candidates
	rows    [][maxParts][2]pairScore
	tab     tokTable // vocabulary token -> row in rows
	gtab    tokTable // generating token -> index in gen[i] (confirm)
	gen     [maxParts][]genTok
	cands   []candidate
	found   []tokMatch
	norm    []byte
	keyBuf  []byte
}

// tokTable maps vocabulary tokens to rows: an open-addressing table, much
// faster than a map for the few dozen tokens a query matches.
// touch is a candidate: its ordinal, accumulated weight and the query parts
// it matched.
type touch struct {
	ord   uint32
	score float32
	mask  uint8
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
	pre   float32
	score float64
	name  int
}

var scratchPool = sync.Pool{New: func() any { return new(searchScratch) }}

// queryPart is one part of the query name with what it may match.
type queryPart struct {
	df       int // postings reachable through its generating tokens
	bestGen  float32
	generate bool // accumulate its postings (else confirm through bits)
}

// Search returns the persons scoring at or above threshold, best first, at
// most limit (10 when limit <= 0). It is safe for concurrent use with Add and
// Remove.
//
// Candidates come from the vocabulary, never from a scan of the persons:
// each query part is looked up exactly, by phonetic key and through the
// deletion neighbourhood (typos). Above singlePartCap a name of two or more
// parts needs two matched parts (see nameScore), so only the rarest part
// generates candidates (the second rarest too when cheap) and the others
// confirm them through their postings; when even the rarest part is common
// ("Mohammed Hassan"), candidates come from the indexed pairs of frequent
// parts instead of from every Mohammed. Candidates whose date of birth
// clearly differs are dropped when that alone keeps them under the
// threshold, and only the fullScoreMax best by accumulated weight are scored
// in full.
func (ix *PersonIndex) Search(q PersonQuery, threshold float64, limit int) []Match {
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
			df = len(ix.toks[id].post)
			prior = ix.toks[id].prior
		}
		return ix.weight(df, prior)
	})

	// What each part may match in the vocabulary.
	sc.tab.reset()
	sc.rows = sc.rows[:0]
	var parts [maxParts]queryPart
	for i := 0; i < qs.n; i++ {
		sc.gen[i] = sc.gen[i][:0]
		if qs.initial[i] {
			continue
		}
		ix.matchPart(sc, &qs, i)
	}
	ix.joinCandidates(sc, &qs)
	for i := 0; i < qs.n; i++ {
		ix.sortGen(sc, i)
	}
	realQ, optimistic := 0, 0
	order := make([]int, 0, maxParts)
	for i := 0; i < qs.n; i++ {
		if qs.particle[i] {
			continue
		}
		realQ++
		if qs.initial[i] {
			optimistic++
			continue
		}
		p := &parts[i]
		for _, g := range sc.gen[i] {
			p.df += len(ix.toks[g.tok].post)
			p.bestGen = max(p.bestGen, g.score)
		}
		if len(sc.gen[i]) > 0 {
			order = append(order, i)
		}
	}
	if len(order) == 0 {
		return nil
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(parts[a].df, parts[b].df) })
	// The rarest part generates candidates; so does the second rarest of a
	// longer name when it is cheap, for entries that lack the rarest part.
	// The others only confirm.
	parts[order[0]].generate = true
	if len(order) >= 3 && parts[order[1]].df <= secondGenerator {
		parts[order[1]].generate = true
	}

	n := len(ix.ents)
	if len(sc.slot) < n {
		sc.slot = make([]uint32, n+n/8)
		sc.bits = make([]uint64, (n+n/8)/64+1)
		sc.lbits = make([]uint64, (n+n/8)/64+1)
	}
	sc.touched = sc.touched[:0]
	if parts[order[0]].df > pairGenMin && len(order) >= 2 {
		// Every part is common: generate from the persons bearing two of
		// them together (and from the rare spellings of each), then confirm
		// every part.
		gp := order[:min(3, len(order))]
		for _, i := range gp {
			ix.generateRare(sc, &qs, i)
		}
		for x := 0; x < len(gp); x++ {
			for y := x + 1; y < len(gp); y++ {
				ix.generatePairs(sc, &qs, gp[x], gp[y])
			}
		}
		for _, i := range order {
			ix.confirm(sc, &qs, i, parts[i].df)
		}
	} else {
		for _, i := range order {
			if parts[i].generate {
				ix.generate(sc, &qs, i)
			}
		}
		for _, i := range order {
			if !parts[i].generate {
				ix.confirm(sc, &qs, i, parts[i].df)
			}
		}
	}
	for _, t := range sc.touched {
		sc.bits[t.ord>>6] = 0
	}

	// Keep candidates with enough matched parts, best first.
	need := 1
	if realQ >= 2 && threshold > singlePartCap {
		need = max(1, 2-optimistic)
	}
	qdob := parseDate(q.BirthDate)
	sc.cands = sc.cands[:0]
	// With a date of birth known on both sides, a clear mismatch alone
	// keeps a perfect name under the threshold: no need to score it.
	dropMismatch := qdob != 0 && dobMismatch < threshold
	for _, t := range sc.touched {
		o := t.ord
		if bitCount(t.mask) < need {
			continue
		}
		if dropMismatch && ix.dobs[o] != 0 && compareDates(qdob, ix.dobs[o]) == "mismatch" {
			continue
		}
		sc.cands = append(sc.cands, candidate{ord: o, pre: t.score})
	}
	if len(sc.cands) > fullScoreMax {
		// Among many, a date of birth that agrees ranks first.
		var qTotal float32
		for i := 0; i < qs.n; i++ {
			qTotal += float32(qs.w[i])
		}
		if qdob != 0 {
			for k := range sc.cands {
				c := &sc.cands[k]
				switch compareDates(qdob, ix.dobs[c.ord]) {
				case "exact":
					c.pre += qTotal * 0.5
				case "year", "month", "swapped", "one_year_off":
					c.pre += qTotal * 0.2
				}
			}
		}
		selectTop(sc.cands, fullScoreMax)
		sc.cands = sc.cands[:fullScoreMax]
	}

	// Score in full.
	var qnat uint16
	if len(q.Nationality) == 2 {
		qnat = uint16(upper(q.Nationality[0]))<<8 | uint16(upper(q.Nationality[1]))
	}
	qsex := normSex(q.Sex)
	out := sc.cands[:0]
	for _, c := range sc.cands {
		en := &ix.ents[c.ord]
		if !en.alive {
			continue
		}
		name, best := -1, 0.0
		ix.eachName(en, func(k int, es *side, ids []uint32) {
			var sims [maxParts][maxParts]pairScore
			ix.lookupSims(sc, &qs, es, ids, &sims)
			var r nameResult
			scoreSides(&qs, es, crossScript(qs.script, es.script), &sims, &r)
			if r.score > best {
				name, best = k, r.score
			}
		})
		if name < 0 {
			continue
		}
		s := qualifyFast(best, qdob, ix.dobs[c.ord], qsex, en.sex, qnat, ix, en)
		if s >= threshold {
			c.score, c.name = s, name
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b candidate) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return strings.Compare(ix.ents[a.ord].id, ix.ents[b.ord].id)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	if len(out) == 0 {
		return nil
	}

	// Explain the few that are returned.
	matches := make([]Match, 0, len(out))
	for _, c := range out {
		en := &ix.ents[c.ord]
		var ex Explanation
		var score float64
		ix.eachName(en, func(k int, es *side, ids []uint32) {
			if k != c.name {
				return
			}
			var sims [maxParts][maxParts]pairScore
			ix.lookupSims(sc, &qs, es, ids, &sims)
			var r nameResult
			scoreSides(&qs, es, crossScript(qs.script, es.script), &sims, &r)
			qd := qualify(r.score, qdob, ix.dobs[c.ord], q.Sex, sexString(en.sex), q.Nationality, ix.entryNats(en))
			score = qd.score
			ex = explain(ix.entryName(en, k), &qs, es, &r, qd)
		})
		matches = append(matches, Match{ID: en.id, Score: round3(score), Explanation: ex})
	}
	return matches
}

// generate adds the entries bearing a token of query part i to the
// candidates.
func (ix *PersonIndex) generate(sc *searchScratch, qs *side, i int) {
	bit := uint8(1) << i
	w := float32(qs.w[i])
	for _, g := range sc.gen[i] {
		sc.scatter(ix.toks[g.tok].post, bit, bit|g.also, w*g.score, 0, 0)
	}
}

// generateRare adds the entries bearing a token of part i that has no
// indexed pairs.
func (ix *PersonIndex) generateRare(sc *searchScratch, qs *side, i int) {
	bit := uint8(1) << i
	w := float32(qs.w[i])
	for _, g := range sc.gen[i] {
		if !ix.pairable(g.tok) {
			sc.scatter(ix.toks[g.tok].post, bit, bit|g.also, w*g.score, 0, 0)
		}
	}
}

// generatePairs adds the entries bearing a frequent token of part i and one
// of part j in the same name.
func (ix *PersonIndex) generatePairs(sc *searchScratch, qs *side, i, j int) {
	bi, bj := uint8(1)<<i, uint8(1)<<j
	wi, wj := float32(qs.w[i]), float32(qs.w[j])
	tries := 0
	for _, a := range sc.gen[i] {
		if !ix.pairable(a.tok) {
			continue
		}
		for _, b := range sc.gen[j] {
			if a.tok == b.tok || !ix.pairable(b.tok) {
				continue
			}
			if tries++; tries > maxPairTries {
				return
			}
			if pi, ok := ix.pairs[pairKey(a.tok, b.tok)]; ok {
				sc.scatter(ix.pairPost[pi], bi, bi|a.also, wi*a.score, bj|b.also, wj*b.score)
			}
		}
	}
}

// scatter adds postings to the candidates: part bit (set, with the parts it
// stands for) adds add, and optionally a second part (set2) adds add2.
func (sc *searchScratch) scatter(post []uint32, bit, set uint8, add float32, set2 uint8, add2 float32) {
	{
		for _, o := range post {
			b := &sc.bits[o>>6]
			if *b&(1<<(o&63)) != 0 {
				t := &sc.touched[sc.slot[o]]
				if t.mask&bit == 0 {
					t.mask |= set
					t.score += add
				}
				if set2 != 0 && t.mask&set2 == 0 {
					t.mask |= set2
					t.score += add2
				}
				continue
			}
			*b |= 1 << (o & 63)
			sc.slot[o] = uint32(len(sc.touched))
			sc.touched = append(sc.touched, touch{o, add + add2, set | set2})
		}
	}
}

// confirm credits the candidates with query part i, which did not generate
// them. Only the candidates still lacking the part are looked at, in one of
// two ways, whichever costs less: walk the part's postings and test the
// candidate bits (cost in postings, sequential), or look the part's
// generating tokens up in each lacking candidate's tokens (cost in
// candidates, a cache miss each). Both credit a candidate with the best
// generating token it bears, so the choice never changes the result.
func (ix *PersonIndex) confirm(sc *searchScratch, qs *side, i int, df int) {
	bit := uint8(1) << i
	w := float32(qs.w[i])
	lacking := 0
	for k := range sc.touched {
		if sc.touched[k].mask&bit == 0 {
			lacking++
		}
	}
	if lacking == 0 || len(sc.gen[i]) == 0 {
		return
	}
	if df <= confirmByEntry*lacking {
		// Mark the lacking candidates apart, so that the walk stops only at
		// them and not at every candidate that already has the part.
		lb := sc.lbits
		for k := range sc.touched {
			if o := sc.touched[k].ord; sc.touched[k].mask&bit == 0 {
				lb[o>>6] |= 1 << (o & 63)
			}
		}
		for _, g := range sc.gen[i] {
			add := w * g.score
			set := bit | g.also
			for _, o := range ix.toks[g.tok].post {
				if lb[o>>6]&(1<<(o&63)) != 0 {
					lb[o>>6] &^= 1 << (o & 63)
					t := &sc.touched[sc.slot[o]]
					t.mask |= set
					t.score += add
				}
			}
		}
		for k := range sc.touched {
			lb[sc.touched[k].ord>>6] = 0
		}
		return
	}
	// gen is sorted best first and holds each token once: the token of
	// lowest index an entry bears is the one the postings walk credits.
	gt := &sc.gtab
	gt.reset()
	for k, g := range sc.gen[i] {
		gt.put(g.tok, int32(k))
	}
	gen := sc.gen[i]
	for k := range sc.touched {
		tc := &sc.touched[k]
		if tc.mask&bit != 0 {
			continue
		}
		en := &ix.ents[tc.ord]
		best := int32(len(gen))
		for _, t := range ix.arena[en.tokOff : en.tokOff+uint32(en.tokLen)] {
			if t&nameMarker != 0 {
				continue
			}
			if x, ok := gt.get(t); ok && x < best {
				best = x
			}
		}
		if best < int32(len(gen)) {
			g := &gen[best]
			tc.mask |= bit | g.also
			tc.score += w * g.score
		}
	}
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

func bitCount(m uint8) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
}

func sexString(b byte) string {
	if b == 0 {
		return ""
	}
	return string(b)
}

// qualifyFast is qualify without the labels, for candidates not yet known to
// be returned.
func qualifyFast(name float64, qd, ed date, qsex, esex byte, qnat uint16, ix *PersonIndex, en *entry) float64 {
	s := name
	switch compareDates(qd, ed) {
	case "exact":
		s += dobExactLift * (1 - s)
	case "month":
		s += dobMonthLift * (1 - s)
	case "swapped":
		s *= dobSwapped
	case "one_year_off":
		s *= dobOneYearOff
	case "mismatch":
		s *= dobMismatch
	}
	if qsex != 0 && esex != 0 && qsex != esex {
		s *= sexMismatch
	}
	if qnat != 0 && en.natLen > 0 && !ix.hasNat(en, qnat) {
		s *= nationMismatch
	}
	return min(1, max(0, s))
}

// eachName calls f with every name of en cut into a side.
func (ix *PersonIndex) eachName(en *entry, f func(k int, es *side, ids []uint32)) {
	var es side
	k := -1
	flush := func(toks []uint32) {
		if k < 0 || len(toks) == 0 {
			return
		}
		n := min(len(toks), maxParts)
		es.n = n
		all := true
		for i := 0; i < n; i++ {
			t := &ix.toks[toks[i]]
			es.text[i], es.key[i] = t.text, t.keyText
			es.particle[i] = t.particle || (t.sun && i+1 < n && sunArticle(t.text, ix.toks[toks[i+1]].text))
			es.initial[i] = len(t.text) == 1
			all = all && es.particle[i]
		}
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
		}
		f(k, &es, toks[:n])
	}
	ts := ix.arena[en.tokOff : en.tokOff+uint32(en.tokLen)]
	start := 0
	for i, t := range ts {
		if t&nameMarker != 0 {
			flush(ts[start:i])
			k++
			es.script = script(t &^ nameMarker)
			start = i + 1
		}
	}
	flush(ts[start:])
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
				} else if s, h := initialSim(qs, es, i, j); h != howNone {
					sims[i][j] = pairScore{float32(s), h}
				}
			case qs.particle[i] != es.particle[j]:
			case ok:
				sims[i][j] = sc.rows[row][i][c]
			}
		}
	}
}

// setSim records that query part i matches vocabulary token tok, within one
// script (same) and across scripts (cross).
func (sc *searchScratch) setSim(tok uint32, i int, same, cross pairScore) {
	row, ok := sc.tab.get(tok)
	if !ok {
		row = int32(len(sc.rows))
		sc.tab.put(tok, row)
		sc.rows = append(sc.rows, [maxParts][2]pairScore{})
	}
	r := &sc.rows[row][i]
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
// part is cached until the vocabulary grows.
func (ix *PersonIndex) matchPart(sc *searchScratch, qs *side, i int) {
	t, k := qs.text[i], qs.key[i]
	vocab := len(ix.toks)
	found, ok := ix.cache.get(t, vocab)
	if !ok {
		sc.found = sc.found[:0]
		common := false
		if id, ok := ix.tokID[t]; ok {
			sc.found = append(sc.found, tokMatch{id, pairScore{1, howExact}, pairScore{1, howTranslit}})
			common = len(ix.toks[id].post) >= commonNoTypos
		}
		if kid, ok := ix.keyID[k]; ok && k != "" {
			group := ix.keyToks[kid]
			if len(group) > maxKeyGroup {
				group = group[:maxKeyGroup]
			}
			for _, id := range group {
				if tt := ix.toks[id].text; tt != t && len(tt) <= len(t)+3 && len(t) <= len(tt)+3 {
					sc.addFound(id)(partSims(t, tt, k, k))
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
		found = ix.cache.put(t, vocab, sc.found)
	}
	for _, m := range found {
		sc.addMatch(qs, i, m.tok, m.same, m.cross)
	}
}

// tokMatch is a vocabulary token a query part matches, within one script
// and across scripts.
type tokMatch struct {
	tok         uint32
	same, cross pairScore
}

func (sc *searchScratch) addFound(id uint32) func(same, cross pairScore) {
	return func(same, cross pairScore) {
		if same.score >= minMatch || cross.score >= minMatch {
			sc.found = append(sc.found, tokMatch{id, same, cross})
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
				sc.found = append(sc.found, tokMatch{id, ps, ps})
			}
		}
	}
}

// addMatch records that query part i matches token id, if it does.
func (sc *searchScratch) addMatch(qs *side, i int, id uint32, same, cross pairScore) {
	if same.score < minMatch {
		same = pairScore{}
	}
	if cross.score < minMatch {
		cross = pairScore{}
	}
	if same.how == howNone && cross.how == howNone {
		return
	}
	sc.setSim(id, i, same, cross)
	if !qs.particle[i] {
		sc.gen[i] = append(sc.gen[i], genTok{tok: id, score: max(same.score, cross.score)})
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

type partCached struct {
	vocab int
	found []tokMatch
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

func (c *partCache) get(t string, vocab int) ([]tokMatch, bool) {
	sh := c.shard(t)
	sh.mu.Lock()
	e, ok := sh.m[t]
	sh.mu.Unlock()
	if !ok || e.vocab != vocab {
		return nil, false
	}
	return e.found, true
}

func (c *partCache) put(t string, vocab int, found []tokMatch) []tokMatch {
	found = slices.Clone(found)
	if len(t) > 32 {
		return found
	}
	sh := c.shard(t)
	sh.mu.Lock()
	if sh.m == nil || len(sh.m) >= maxCachedPerShard {
		sh.m = make(map[string]partCached)
	}
	sh.m[strings.Clone(t)] = partCached{vocab, found}
	sh.mu.Unlock()
	return found
}

// sortGen orders the generating tokens of part i best first, each once
// (insertion sorts: a part matches a few dozen tokens at most).
func (ix *PersonIndex) sortGen(sc *searchScratch, i int) {
	g := sc.gen[i]
	if len(g) < 2 {
		return
	}
	for k := 1; k < len(g); k++ {
		for m := k; m > 0 && (g[m].tok < g[m-1].tok || (g[m].tok == g[m-1].tok && g[m].score > g[m-1].score)); m-- {
			g[m], g[m-1] = g[m-1], g[m]
		}
	}
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
	for k := 1; k < len(g); k++ {
		for m := k; m > 0 && (g[m].score > g[m-1].score || (g[m].score == g[m-1].score && g[m].tok < g[m-1].tok)); m-- {
			g[m], g[m-1] = g[m-1], g[m]
		}
	}
	sc.gen[i] = g
}

// joinCandidates lets a part written joined in the query find entries where
// it is split (Abdulrahman: abdul, rahman) and parts split in the query find
// entries where they are joined (Abdul Rahman: abdulrahman). Only exact
// vocabulary tokens are looked up; the full scoring then does the rest.
func (ix *PersonIndex) joinCandidates(sc *searchScratch, qs *side) {
	var buf [3 * maxCompareLen]byte
	for i := 0; i < qs.n; i++ {
		if qs.initial[i] || qs.particle[i] {
			continue
		}
		t := qs.text[i]
		// split: the rarer half generates
		if len(t) >= 6 && len(t) <= maxCompareLen {
			for p := 2; p <= len(t)-2; p++ {
				l, okL := ix.tokID[t[:p]]
				r, okR := ix.tokID[t[p:]]
				if !okL || !okR {
					continue
				}
				id := r
				if len(ix.toks[l].post) < len(ix.toks[r].post) && !particles[t[:p]] {
					id = l
				}
				sc.gen[i] = append(sc.gen[i], genTok{tok: id, score: joinFactor})
			}
		}
		// joined: parts i.. i+k-1 written as one
		for k := 2; k <= 3 && i+k <= qs.n; k++ {
			b := buf[:0]
			for j := i; j < i+k; j++ {
				b = append(b, qs.text[j]...)
			}
			if len(b) > maxCompareLen {
				break
			}
			var also uint8
			for j := i + 1; j < i+k; j++ {
				also |= 1 << j
			}
			if id, ok := ix.tokID[string(b)]; ok {
				sc.gen[i] = append(sc.gen[i], genTok{tok: id, score: joinFactor, also: also})
			}
			// and its spellings: abd al rhmn is Abdulrahman
			var kb [2 * maxCompareLen]byte
			key := phoneticKey(kb[:0], string(b))
			if kid, ok := ix.keyID[string(key)]; ok {
				group := ix.keyToks[kid]
				if len(group) > maxKeyGroup/4 {
					group = group[:maxKeyGroup/4]
				}
				joined := string(b)
				for _, id := range group {
					if tt := ix.toks[id].text; tt != joined {
						if _, cross := partSims(joined, tt, string(key), string(key)); cross.score >= minMatch {
							sc.gen[i] = append(sc.gen[i], genTok{tok: id, score: cross.score * joinFactor, also: also})
						}
					}
				}
			}
		}
	}
}

func pairKey(a, b uint32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(a)<<32 | uint64(b)
}

// pairable reports whether token t may be part of an indexed pair.
func (ix *PersonIndex) pairable(t uint32) bool {
	tk := &ix.toks[t]
	return tk.frequent && !tk.particle && len(tk.text) > 1
}

// eachPair calls f once with every pair of distinct frequent tokens borne
// together in one of the names of entry ord (with only, the pairs with it).
func (ix *PersonIndex) eachPairWith(ord uint32, only uint32, f func(key uint64)) {
	en := &ix.ents[ord]
	ts := ix.arena[en.tokOff : en.tokOff+uint32(en.tokLen)]
	var seen [16]uint64
	ns := 0
	var more map[uint64]bool
	start := 0
	emit := func(key uint64) {
		for _, k := range seen[:ns] {
			if k == key {
				return
			}
		}
		if ns < len(seen) {
			seen[ns] = key
			ns++
		} else {
			if more == nil {
				more = make(map[uint64]bool)
			}
			if more[key] {
				return
			}
			more[key] = true
		}
		f(key)
	}
	name := func(toks []uint32) {
		for x := 0; x < len(toks); x++ {
			a := toks[x]
			if !ix.pairable(a) {
				continue
			}
			for y := x + 1; y < len(toks); y++ {
				b := toks[y]
				if a == b || !ix.pairable(b) {
					continue
				}
				if only != ^uint32(0) && a != only && b != only {
					continue
				}
				emit(pairKey(a, b))
			}
		}
	}
	for i, t := range ts {
		if t&nameMarker != 0 {
			name(ts[start:i])
			start = i + 1
		}
	}
	name(ts[start:])
}

func (ix *PersonIndex) eachPair(ord uint32, f func(key uint64)) {
	ix.eachPairWith(ord, ^uint32(0), f)
}

func (ix *PersonIndex) addPair(key uint64, ord uint32) {
	pi, ok := ix.pairs[key]
	if !ok {
		pi = uint32(len(ix.pairPost))
		ix.pairs[key] = pi
		ix.pairPost = append(ix.pairPost, nil)
	}
	ix.pairPost[pi] = append(ix.pairPost[pi], ord)
}

// pairsOnInsert indexes the pairs of a new entry, after marking frequent
// the tokens it made frequent (and indexing their pairs in the persons who
// already bore them).
func (ix *PersonIndex) pairsOnInsert(ord uint32) {
	en := &ix.ents[ord]
	for _, t := range ix.arena[en.tokOff : en.tokOff+uint32(en.tokLen)] {
		if t&nameMarker != 0 {
			continue
		}
		tk := &ix.toks[t]
		if tk.frequent || len(tk.post) < pairMinDF || tk.particle || len(tk.text) < 2 {
			continue
		}
		tk.frequent = true
		for _, o := range tk.post {
			if o != ord {
				ix.eachPairWith(o, t, func(key uint64) { ix.addPair(key, o) })
			}
		}
	}
	ix.eachPair(ord, func(key uint64) { ix.addPair(key, ord) })
}
