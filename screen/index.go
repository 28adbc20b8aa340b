package screen

import (
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
	named    bool // in the built-in lists (see established)
	title    bool // a title, read as a particle before a name (see titles)
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
		particle: particles[t], named: builtinNames[t], title: titles[t], sun: sunArticle(t, t[1:])})
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
