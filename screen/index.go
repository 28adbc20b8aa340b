package screen

import (
	"cmp"
	"hash/maphash"
	"math/bits"
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
	// secondGenerator is the most postings the rarest parts of a name
	// together may have and still each generate candidates from all their
	// postings (see Search).
	secondGenerator = 1500
	// fullScoreMax is how many candidates, best first by what rank
	// estimates, are scored in full (at least five times the limit).
	fullScoreMax = 48
	// pairMinDF is how many persons must bear tokens of a phonetic key
	// before its pairs with other frequent keys are indexed.
	pairMinDF = 100
	// pairGenMin: a query whose rarest part has more postings than this
	// generates its candidates from pairs of parts.
	pairGenMin = 300
	// maxPairKeys bounds the keys of one query part looked up in pairs.
	maxPairKeys = 16
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
	// keyDF counts the persons bearing a token of each key; a key borne by
	// pairMinDF becomes frequent (never reset), and its pairs are indexed.
	keyDF       []int32
	keyFrequent []bool
	delHead     map[uint64]uint32 // deletion hash -> first node (1-based)
	delTok      []uint32          // node -> token
	delNext     []uint32          // node -> next node (0 ends)
	seed        maphash.Seed

	// pairs of frequent phonetic keys borne together in one name, with the
	// persons bearing both: what "Mohammed Hassan" generates its candidates
	// from, rather than from every Mohammed and every Hassan. A pair of keys
	// rather than of tokens brings every spelling at once (Mohamed Hasan,
	// Muhammad Hassan), and a spelling no one else uses needs no reading of
	// its own.
	pairs    map[uint64]uint32 // lo<<32|hi key ids -> index in pairPost
	pairPost [][]uint32        // records, as a token's postings

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
	// particleIDs are the tokens that are particles (al, bin, van ...).
	particleIDs []uint32
	// vocabVer changes whenever the vocabulary grows or a token is first
	// borne in another script: what the caches hold is valid for one.
	vocabVer int
	// joinCache holds what adjacent query parts written together match,
	// apart so that the many combinations never evict the parts.
	joinCache partCache
	// weighedAt is the size the token weights were last computed for; they
	// are recomputed when the index has changed size by more than 1/16.
	weighedAt int
}

// A token's postings (and a pair's) are records, one per person bearing
// it:
//
//	ord, date of birth, sex<<8 | nationality<<16 | n, then n words: the
//	person's names as in the arena (a name marker, then its tokens), each
//	token once per name
//
// A check drops the persons whose date clearly differs as it reads the
// postings, and learns from the tokens beside each person which query parts
// the person matches (see searchScratch.coMatch), so that a candidate is
// kept only once it has the parts it needs, and never looked up in the
// entries to confirm it; among many, sex and nationality help choose which
// are scored. With n = coInEntry the person's names take more than maxCo
// words and are read from the entry instead. The nationality is there only
// when the person has one (natCode), and sex is 0, 1 (M) or 2 (F).
const (
	recHead   = 3
	maxCo     = 40
	coInEntry = 0xFF
)

type token struct {
	text     string
	keyText  string
	post     []uint32 // records, see recHead
	df       int      // persons bearing it
	key      uint32
	prior    float32 // built-in share of people bearing it
	w        float32 // weight, as of the last reweigh
	particle bool
	sun      bool // may be an assimilated article (ar, as, ash ...)
	// scripts has bit s set when a name written in script s bears the
	// token (never reset): a check in Latin need not generate from a token
	// only Cyrillic names bear unless it matches it as a transliteration.
	scripts uint8
	// years has bit y%64 set when a person bearing the token was born in
	// year y, and undated when one's date is unknown (never reset): a check
	// with a date skips the postings of a rare spelling none of whose
	// bearers can have been born then, without reading them.
	years   uint64
	undated bool
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
	var distinct, inName []uint32
	for i := range parsed {
		distinct = distinct[:0]
		words := 0
		for _, n := range parsed[i].names {
			inName = inName[:0]
			for _, t := range n.toks {
				id := ix.intern(t)
				if !slices.Contains(distinct, id) {
					distinct = append(distinct, id)
				}
				if !slices.Contains(inName, id) {
					inName = append(inName, id)
				}
			}
			words += 1 + len(inName)
		}
		for _, id := range distinct {
			growth[id] += recordLen(words)
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
		ix.keyDF = append(ix.keyDF, 0)
		ix.keyFrequent = append(ix.keyFrequent, false)
	}
	ix.keyToks[kid] = append(ix.keyToks[kid], id)
	ix.toks = append(ix.toks, token{text: t, keyText: ix.keys[kid], key: kid, prior: float32(builtinFrequency(ix.keys[kid])),
		particle: particles[t], sun: sunArticle(t, t[1:])})
	ix.tokID[t] = id
	ix.vocabVer++
	if particles[t] {
		ix.particleIDs = append(ix.particleIDs, id)
	}
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
			if tk := &ix.toks[id]; tk.scripts&scriptBits(n.script) != scriptBits(n.script) {
				tk.scripts |= scriptBits(n.script)
				ix.vocabVer++
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
	var buf [recHead + maxCo]uint32
	rec := ix.record(ord, buf[:0])
	for _, id := range ix.distinct(ord, nil) {
		tk := &ix.toks[id]
		tk.post = append(tk.post, rec...)
		tk.df++
		tk.addDate(p.dob)
	}
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
		tk := &ix.toks[t]
		if post, ok := removeRecord(tk.post, ord); ok {
			tk.post = post
			tk.df--
		}
	}
	var keys [maxCo]uint32
	for _, kid := range ix.entryKeys(ord, keys[:0]) {
		ix.keyDF[kid]--
	}
	ix.eachPair(ord, func(key uint64) {
		if pi, ok := ix.pairs[key]; ok {
			ix.pairPost[pi], _ = removeRecord(ix.pairPost[pi], ord)
		}
	})
	delete(ix.ids, en.id)
	ix.garbage += int(en.tokLen) + int(en.nameLen) + int(en.natLen)
	*en = entry{}
	ix.dobs[ord] = 0
	ix.free = append(ix.free, ord)
	ix.live--
}

func (tk *token) addDate(d date) {
	if d == 0 {
		tk.undated = true
	} else {
		tk.years |= 1 << (d.year() % 64)
	}
}

// mayBeBorn reports whether a person bearing the token may have been born
// within nearYears of y.
func (tk *token) mayBeBorn(y int) bool {
	var m uint64
	for d := -nearYears; d <= nearYears; d++ {
		m |= 1 << ((y + d) % 64)
	}
	return tk.undated || tk.years&m != 0
}

// distinct appends to dst the distinct tokens entry ord bears.
func (ix *PersonIndex) distinct(ord uint32, dst []uint32) []uint32 {
	en := &ix.ents[ord]
	start := len(dst)
	for _, id := range ix.arena[en.tokOff : en.tokOff+uint32(en.tokLen)] {
		if id&nameMarker == 0 && !slices.Contains(dst[start:], id) {
			dst = append(dst, id)
		}
	}
	return dst
}

// record appends the posting record of entry ord to dst.
func (ix *PersonIndex) record(ord uint32, dst []uint32) []uint32 {
	en := &ix.ents[ord]
	var head uint32
	switch en.sex {
	case 'M':
		head = 1 << 8
	case 'F':
		head = 2 << 8
	}
	if en.natLen == 1 {
		head |= uint32(ix.nats[en.natOff]) << 16
	}
	dst = append(dst, ord, uint32(ix.dobs[ord]), head)
	n := len(dst)
	name := n
	for _, id := range ix.arena[en.tokOff : en.tokOff+uint32(en.tokLen)] {
		if len(dst)-n > maxCo {
			break
		}
		if id&nameMarker != 0 {
			name = len(dst) + 1
		} else if slices.Contains(dst[name:], id) {
			continue
		}
		dst = append(dst, id)
	}
	if len(dst)-n > maxCo {
		dst = dst[:n]
		dst[n-1] |= coInEntry
	} else {
		dst[n-1] |= uint32(len(dst) - n)
	}
	return dst
}

// recordLen is the length of a posting record of a person whose names take
// n words (see record).
func recordLen(n int) int {
	if n > maxCo {
		return recHead
	}
	return recHead + n
}

// removeRecord removes the record of person ord from post, keeping the
// order of the others.
func removeRecord(post []uint32, ord uint32) ([]uint32, bool) {
	for o := 0; o < len(post); {
		l := recHead + coLen(post[o+2])
		if post[o] == ord {
			n := copy(post[o:], post[o+l:])
			return post[:o+n], true
		}
		o += l
	}
	return post, false
}

// coLen is the number of words of names a record holds, from its third
// word.
func coLen(w uint32) int {
	if n := w & 0xFF; n != coInEntry {
		return int(n)
	}
	return 0
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
			t.w = float32(ix.weight(t.df, t.prior))
		}
		return
	}
	for _, id := range toks {
		if id&nameMarker == 0 {
			t := &ix.toks[id]
			t.w = float32(ix.weight(t.df, t.prior))
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
	return ix.search(q, threshold, limit, false)
}

// search is Search; with everyone, every person is a candidate and every
// candidate is scored: the exhaustive answer tests hold candidate
// generation to.
func (ix *PersonIndex) search(q PersonQuery, threshold float64, limit int, everyone bool) []Match {
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
	if dobMismatch < threshold {
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
		es.particle[i] = t.particle || (t.sun && i+1 < n && sunArticle(t.text, ix.toks[toks[i+1]].text))
		es.initial[i] = len(t.text) == 1 && scr != scriptHangul
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
			case ok:
				sims[i][j] = sc.rows[int(row)*sc.stride+2*i+c]
				if koreanSyllables(qs, es, i, j, sims[i][j].how) {
					sims[i][j] = pairScore{}
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
	if !ok {
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
		pc = ix.cache.put(t, partCached{ver: ver, found: found, splits: splits})
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
		if qs.initial[i] || qs.particle[i] {
			continue
		}
		// split: the rarer half generates
		for _, lr := range sc.splits[i] {
			l, r := lr[0], lr[1]
			id := r
			if ix.toks[l].df < ix.toks[r].df && !ix.toks[l].particle {
				id = l
			}
			sc.gen[i] = append(sc.gen[i], genTok{tok: id, score: joinFactor})
			added |= 1 << i
		}
		// joined: parts i.. i+k-1 written as one
		for k := 2; k <= 3 && i+k <= qs.n; k++ {
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

func pairKey(a, b uint32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(a)<<32 | uint64(b)
}

// pairable reports whether token t may be part of an indexed pair: its
// phonetic key is frequent, and it is not a particle or an initial.
func (ix *PersonIndex) pairable(t uint32) bool {
	tk := &ix.toks[t]
	return ix.keyFrequent[tk.key] && !tk.particle && len(tk.text) > 1
}

// eachPair calls f once with every pair of the phonetic keys of pairable
// tokens borne together (or twice) in one of the names of entry ord (with
// only, the pairs with that key).
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
			ka := ix.toks[a].key
			for y := x + 1; y < len(toks); y++ {
				b := toks[y]
				if !ix.pairable(b) {
					continue // the same key twice is a pair too: Li Li, Ali al Ali
				}
				kb := ix.toks[b].key
				if only != ^uint32(0) && ka != only && kb != only {
					continue
				}
				emit(pairKey(ka, kb))
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
	var buf [recHead + maxCo]uint32
	ix.pairPost[pi] = append(ix.pairPost[pi], ix.record(ord, buf[:0])...)
}

// pairsOnInsert indexes the pairs of a new entry, after counting its keys
// and marking frequent those it made frequent (and indexing their pairs in
// the persons who already bore them).
func (ix *PersonIndex) pairsOnInsert(ord uint32) {
	var keys [maxCo]uint32
	for _, kid := range ix.entryKeys(ord, keys[:0]) {
		ix.keyDF[kid]++
		if ix.keyFrequent[kid] || ix.keyDF[kid] < pairMinDF {
			continue
		}
		ix.keyFrequent[kid] = true
		seen := make(map[uint32]bool)
		for _, t := range ix.keyToks[kid] {
			post := ix.toks[t].post
			for r := 0; r < len(post); r += recHead + coLen(post[r+2]) {
				if o := post[r]; o != ord && !seen[o] {
					seen[o] = true
					ix.eachPairWith(o, kid, func(key uint64) { ix.addPair(key, o) })
				}
			}
		}
	}
	ix.eachPair(ord, func(key uint64) { ix.addPair(key, ord) })
}

// entryKeys appends to dst the distinct phonetic keys of the tokens entry
// ord bears (at most maxCo: the rest are not counted).
func (ix *PersonIndex) entryKeys(ord uint32, dst []uint32) []uint32 {
	en := &ix.ents[ord]
	for _, t := range ix.arena[en.tokOff : en.tokOff+uint32(en.tokLen)] {
		if t&nameMarker == 0 && len(dst) < cap(dst) {
			if k := ix.toks[t].key; !slices.Contains(dst, k) {
				dst = append(dst, k)
			}
		}
	}
	return dst
}
