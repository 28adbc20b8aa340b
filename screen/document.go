package screen

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The document index screens travel documents against the stolen, lost and
// revoked list: tens of millions of records, checked a million times a
// second. Its layout is chosen for that scale (see BenchmarkDocument*:
// ten million entries take 660 MB of heap).
//
// No Go string is kept per entry: an entry is a slot, and the slot indexes
// three parallel arrays (the normalised number packed into a uint64, the id
// as 16 bytes, the state as a uint16). Numbers of up to 12 characters pack
// into the word at 5 bits a character (the normalised alphabet has 31
// symbols); longer ones live in one byte arena the word points into.
//
// The lookup tables (docTable) map a 64-bit key hash to slots, several
// slots to a key where entries share it:
//
//   - byID maps an id to its slot (for Remove and replacement).
//   - exact maps a number, without its state, to its entries: exact hits,
//     and the one-edit variants looked up for a query of unknown state.
//   - known and unknown hold the one-edit keys of entries with and without
//     a state; the second is kept apart so that it stays small and cached.
//
// One edit (substitution, insertion, deletion or adjacent transposition)
// is found by pigeonhole on thirds. An entry of length m is cut into thirds
// p0 p1 p2 and indexed under three keys, each with its state and m: p0p1
// (a prefix), p1p2 (a suffix) and p0+p2 (prefix and suffix). One edit falls
// within one third and leaves the other two where a query reads them: an
// edit in p2 leaves the query starting with p0p1, one in p0 leaves it
// ending with p1p2, one in p1 leaves both ends. A query of length n looks
// up the three keys for each m in n-1..n+1 and verifies candidates with a
// bounded edit check. The one edit thirds miss, a transposition across a
// cut, is found by swapping the query's two characters at each cut and
// looking the result up in the exact table. Halves, the textbook split,
// would need fewer keys, but half of a 9-character number is 4 or 5
// characters: about ten thousand values, so a large state's passports put
// hundreds of entries under each half and every check would verify them
// all. Two thirds are 6 characters: a million values, a handful of
// candidates even for a state with a million entries.
//
// A query of unknown state has no state to key on. It looks up every
// string one edit from it in the (stateless) exact table: some six hundred
// lookups for a 9-character number, about 35 µs of a core where a check
// with a state takes about 1.2 µs. Border checks read the state from the
// document, so such queries are rare.

// DocumentEntry is a watchlist document as the index sees it. An ID that is
// not a canonical UUID is kept as written, at a cost in memory; a state of
// two letters is read in either case, any other as written (trimmed).
type DocumentEntry struct {
	ID           string // record id, a UUID string (canonical lower-case hyphenated)
	Number       string // as written; normalised as meridian.NormalizeDocumentNumber does
	IssuingState string // ISO 3166-1 alpha-2; may be "" (unknown)
	Type         string // passport, id_card, ... (informational, not kept)
}

// DocumentMatch is an entry a search found.
type DocumentMatch struct {
	ID           string  `json:"id"`
	Kind         string  `json:"kind"`   // DocumentExact or DocumentOneEdit
	Score        float64 `json:"score"`  // 1.0 exact (same state), 0.9 exact number with unknown state on either side, 0.75 one edit
	Number       string  `json:"number"` // the entry's normalised number
	IssuingState string  `json:"issuing_state"`
}

// Kinds of DocumentMatch.
const (
	DocumentExact   = "exact"
	DocumentOneEdit = "one_edit"
)

const (
	// Numbers shorter than docMinFuzzy only match exactly: one edit on very
	// short numbers is noise. Numbers longer than docMaxFuzzy (document
	// numbers have at most 50 characters) only match exactly too, which
	// bounds the work a query of unknown state does.
	docMinFuzzy = 5
	docMaxFuzzy = 64

	docMaxInline = 12        // characters packed into a word
	docMaxLen    = 1<<24 - 1 // characters kept of a longer number

	// docMaxPostings caps the entries one one-edit key holds, so that a
	// pathological key (thousands of entries of one state sharing two
	// thirds of their number) costs every query bounded work; entries
	// beyond it are found exactly but not by that key.
	docMaxPostings = 1024

	docLoadBuild = 0.8 // load of a table built in bulk
	docLoadGrow  = 0.7 // load of a table after it grows
	docLoadMax   = 0.9 // load at which a table grows

	// Dead slots are compacted away once they outnumber live ones.
	docCompactMin = 1 << 12
)

// Word layout: bits 60-63 hold the length (0-12) of an inline number, or
// docLong, or docDeadCode. An inline number has its characters' symbol
// codes at 5 bits each from bit 0; a long one its arena offset in bits
// 0-35 and its length in bits 36-59.
const (
	docLong     = 13
	docDeadCode = 14
	docDead     = uint64(docDeadCode) << 60
)

// State codes: 0 is unknown, 1-676 are two letters, then interned others.
// The top bit flags an id that is not a canonical UUID.
const (
	docStateMask     = 0x7fff
	docStateNone     = 0x7fff // a query state no entry has
	docOddID         = 0x8000
	docFirstInterned = 1 + 26*26
)

// docSymbols is the normalised alphabet: digits and the letters that
// normalisation leaves (D, O and Q read as 0, I and L as 1).
const docSymbols = "0123456789ABCEFGHJKMNPRSTUVWXYZ"

var (
	// docNorm maps an ASCII byte to its normalised form, or 0 to drop it.
	docNorm [utf8.RuneSelf]byte
	// docCode maps a normalised byte to its symbol code, 1 to 31.
	docCode [256]uint8
	// docStateNames names the two-letter state codes.
	docStateNames [docFirstInterned]string
)

func init() {
	for c := byte('0'); c <= '9'; c++ {
		docNorm[c] = c
	}
	for c := byte('A'); c <= 'Z'; c++ {
		n := c
		switch c {
		case 'O', 'Q', 'D':
			n = '0'
		case 'I', 'L':
			n = '1'
		}
		docNorm[c], docNorm[c+'a'-'A'] = n, n
	}
	for i := range len(docSymbols) {
		docCode[docSymbols[i]] = uint8(i + 1)
	}
	for a := range 26 {
		for b := range 26 {
			docStateNames[1+a*26+b] = string([]byte{byte('A' + a), byte('A' + b)})
		}
	}
}

// docNormalize appends the normalised form of s to dst, exactly as
// meridian.NormalizeDocumentNumber computes it, without allocating.
func docNormalize(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if n := docNorm[c]; n != 0 {
				dst = append(dst, n)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		// Per rune, as strings.ToUpper maps: a few non-ASCII letters
		// (dotless ı, long ſ) upper-case to ASCII.
		if u := unicode.ToUpper(r); u < utf8.RuneSelf {
			if n := docNorm[u]; n != 0 {
				dst = append(dst, n)
			}
		}
	}
	return dst
}

func docPack(b []byte) uint64 {
	w := uint64(len(b)) << 60
	for i, c := range b {
		w |= uint64(docCode[c]) << (5 * i)
	}
	return w
}

// docLen returns the length of the number in w, or -1 for a dead slot.
func docLen(w uint64) int {
	switch c := int(w >> 60); {
	case c <= docMaxInline:
		return c
	case c == docLong:
		return int(w>>36) & docMaxLen
	}
	return -1
}

func docFuzzyLen(n int) bool { return n >= docMinFuzzy && n <= docMaxFuzzy }

// docThirds cuts a number of length m >= 3 into three non-empty parts.
func docThirds(m int) (s0, s1, s2 int) {
	s0, s1 = m/3, (m+1)/3
	return s0, s1, m - s0 - s1
}

// Hashing: wyhash's multiply-and-fold over 8-byte words. Keys are short
// (a few bytes to 64), so one or two multiplications each.
const (
	docK0 = 0xa0761d6478bd642f
	docK1 = 0xe7037ed1a0b428db
	docK2 = 0x8ebc6af09c88c6e3
	docK3 = 0x589965cc75374cc3
)

func docMum(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

func docHashBytes(h uint64, b []byte) uint64 {
	for len(b) >= 8 {
		h = docMum(h^docK1, binary.LittleEndian.Uint64(b)^docK2)
		b = b[8:]
	}
	if len(b) > 0 {
		var w uint64
		for i, c := range b {
			w |= uint64(c) << (8 * i)
		}
		h = docMum(h^docK1, w^docK2)
	}
	return h
}

// docNumberHash is the exact table's key: the number alone, not its state.
func docNumberHash(q []byte) uint64 {
	if len(q) <= docMaxInline {
		return docMum(docPack(q)^docK0, docK1)
	}
	return docMum(docHashBytes(docK3, q)^docK0, docK1)
}

// docPairKey is the one-edit key of the given kind (0: p0p1, 1: p0+p2,
// 2: p1p2) for an entry of length m and state st, read from q: the entry
// itself (len(q) == m) or a query one character longer or shorter.
func docPairKey(kind int, st uint16, q []byte, m int) uint64 {
	n := len(q)
	s0, s1, s2 := docThirds(m)
	h := docMum(uint64(st)|uint64(m)<<16|uint64(kind)<<32^docK0, docK3)
	switch kind {
	case 0:
		h = docHashBytes(h, q[:s0+s1])
	case 1:
		h = docHashBytes(docHashBytes(h, q[:s0]), q[n-s2:])
	default:
		h = docHashBytes(h, q[n-s1-s2:])
	}
	return docMum(h^docK0, docK1)
}

func docIDHash(id *[16]byte) uint64 {
	a := binary.LittleEndian.Uint64(id[:8])
	b := binary.LittleEndian.Uint64(id[8:])
	return docMum(docMum(a^docK0, docK1)^b^docK2, docK3)
}

// docOneEdit reports whether a and b are exactly one substitution,
// insertion, deletion or adjacent transposition apart.
func docOneEdit(a, b []byte) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	switch len(a) - len(b) {
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if i == len(a) {
			return false
		}
		j := len(a) - 1
		for a[j] == b[j] {
			j--
		}
		return i == j || (j == i+1 && a[i] == b[j] && a[j] == b[i])
	case 1:
		i := 0
		for i < len(b) && a[i] == b[i] {
			i++
		}
		return bytes.Equal(a[i+1:], b[i:])
	}
	return false
}

// docTable is a hash table of cache-line buckets, each holding up to ten
// cells: ten 32-bit slots, then the ten 16-bit fingerprints of their keys
// (never 0, so that an empty cell never matches), then the count of cells
// and an overflow mark. A lookup compares a key's fingerprint with all ten
// at once, four to a 64-bit word.
//
// A key has two buckets, and a cell goes into the emptier: with two
// choices buckets fill evenly, so at a load of 0.8 almost no key overflows
// (with one choice and linear probing a third of the buckets overflowed,
// and the runs past them cost a search a dozen dependent reads). A lookup
// reads both buckets at once. Should both be full, the cell goes into the
// first bucket with room after the second, and every full bucket passed is
// marked.
type docTable struct {
	cells   []byte // buckets; large allocations are page-aligned, so buckets are line-aligned
	buckets uint64
	used    int  // cells filled
	limit   int  // cells that may be filled before the table must grow
	swept   byte // keeps the reads of a sweep (see insertAll)
}

const (
	docBucket      = 64
	docBucketCells = 10
	docFPs         = 40 // the fingerprints' offset in a bucket
	docCount       = 60 // the count's
	docOverflow    = 61 // the overflow mark's
)

func newDocTable(n int, load float64) docTable {
	nb := max(uint64(float64(n)/(load*docBucketCells))+1, 2)
	return docTable{
		cells:   make([]byte, nb*docBucket),
		buckets: nb,
		limit:   min(int(float64(nb*docBucketCells)*docLoadMax), int(nb*docBucketCells)-1),
	}
}

func (t *docTable) room(k int) bool { return t.used+k <= t.limit }

// docFP returns the fingerprint of key h.
func docFP(h uint64) uint16 {
	if fp := uint16(h); fp != 0 {
		return fp
	}
	return 1
}

// homes returns the offsets of key h's two buckets, which differ.
func (t *docTable) homes(h uint64) (uint64, uint64) {
	b1, _ := bits.Mul64(h, t.buckets)
	b2, _ := bits.Mul64(docMum(h^docK2, docK3), t.buckets)
	if b2 == b1 {
		b2 = (b1 + 1) % t.buckets
	}
	return b1 * docBucket, b2 * docBucket
}

// bucket returns the bucket at off.
func (t *docTable) bucket(off uint64) *[docBucket]byte {
	return (*[docBucket]byte)(t.cells[off : off+docBucket])
}

// after returns the offset of the bucket after the one at off.
func (t *docTable) after(off uint64) uint64 {
	if off += docBucket; off == uint64(len(t.cells)) {
		off = 0
	}
	return off
}

// docZero16 sets the top bit of each 16-bit lane of x that is zero.
func docZero16(x uint64) uint64 {
	const lo, hi = 0x7fff7fff7fff7fff, 0x8000800080008000
	return ^((x&lo + lo) | x) & hi
}

// docMatches returns the cells of bucket b whose fingerprint is fp: bit
// 16i+15 for cell i < 4 of m1, cell 4+i of m2, cell 8+i of m3. w is the
// bucket's first word of fingerprints, read already.
func docMatches(b *[docBucket]byte, w uint64, fp uint16) (m1, m2, m3 uint64) {
	x := uint64(fp) * 0x0001000100010001
	m1 = docZero16(w ^ x)
	m2 = docZero16(binary.LittleEndian.Uint64(b[docFPs+8:]) ^ x)
	m3 = docZero16(binary.LittleEndian.Uint64(b[docFPs+16:])^x) & 0x80008000 // cells 8 and 9; the rest is count and mark
	return m1, m2, m3
}

// docCursor walks the cells of one key: its first bucket, its second,
// then the overflow after the second.
type docCursor struct {
	t         *docTable
	off, off2 uint64 // the bucket walked; the second bucket while walking the first
	c         uint64 // the next cell in the bucket
	at        uint64 // the offset of the slot next last returned
	fp        uint16
	done      bool
}

func (t *docTable) find(h uint64) docCursor {
	if t.buckets == 0 {
		return docCursor{done: true}
	}
	b1, b2 := t.homes(h)
	return docCursor{t: t, off: b1, off2: b2, fp: docFP(h)}
}

// next returns the slot of the next cell whose fingerprint matches.
func (c *docCursor) next() (uint32, bool) {
	for !c.done {
		b := c.t.cells[c.off : c.off+docBucket]
		if c.c == uint64(b[docCount]) { // the end of this bucket's cells
			switch {
			case c.off2 != math.MaxUint64:
				c.off, c.off2, c.c = c.off2, math.MaxUint64, 0
			case b[docCount] == docBucketCells && b[docOverflow] != 0:
				c.off, c.c = c.t.after(c.off), 0
			default:
				c.done = true
			}
			continue
		}
		i := c.c
		c.c++
		if binary.LittleEndian.Uint16(b[docFPs+2*i:]) == c.fp {
			c.at = c.off + 4*i
			return binary.LittleEndian.Uint32(b[4*i:]), true
		}
	}
	return 0, false
}

// insert adds a cell for key h unless max cells already hold it.
func (t *docTable) insert(h uint64, slot uint32, max int) {
	b1, b2 := t.homes(h)
	if max < math.MaxInt {
		n := t.count(b1, h) + t.count(b2, h)
		for off := b2; t.cells[off+docCount] == docBucketCells && t.cells[off+docOverflow] != 0; {
			off = t.after(off)
			n += t.count(off, h)
		}
		if n >= max {
			return
		}
	}
	n1, n2 := t.cells[b1+docCount], t.cells[b2+docCount]
	var off uint64
	switch {
	case n1 <= n2 && n1 < docBucketCells:
		off = b1
	case n2 < docBucketCells:
		off = b2
	default: // both full: the first bucket with room after the second
		for off = b2; t.cells[off+docCount] == docBucketCells; off = t.after(off) {
			t.cells[off+docOverflow] = 1
		}
	}
	c := uint64(t.cells[off+docCount])
	binary.LittleEndian.PutUint32(t.cells[off+4*c:], slot)
	binary.LittleEndian.PutUint16(t.cells[off+docFPs+2*c:], docFP(h))
	t.cells[off+docCount]++
	t.used++
}

// count returns the number of cells for key h in the bucket at off.
func (t *docTable) count(off, h uint64) int {
	b := t.bucket(off)
	m1, m2, m3 := docMatches(b, binary.LittleEndian.Uint64(b[docFPs:]), docFP(h))
	return bits.OnesCount64(m1) + bits.OnesCount64(m2) + bits.OnesCount64(m3)
}

// insertAll inserts slots ss under keys hs. It reads all their buckets
// first, so that the cache misses overlap (a build is several times
// faster so).
func (t *docTable) insertAll(hs []uint64, ss []uint32, max int) {
	var x byte
	for _, h := range hs {
		b1, b2 := t.homes(h)
		x |= t.cells[b1+docCount] | t.cells[b2+docCount]
	}
	t.swept |= x
	for j, h := range hs {
		t.insert(h, ss[j], max)
	}
}

// DocumentIndex finds watchlist documents by number: exactly, or one edit
// away for typing and OCR slips.
//
// It is safe for concurrent use. Searches share a read lock and writes
// take the write lock: writes are rare (list updates, not checks), a
// search holds the lock for about a microsecond, and a copy-on-write
// scheme would need a second copy of 660 MB of tables. A write that grows
// or compacts the tables holds the lock while it rebuilds them, seconds at
// ten million entries: when they pass a load of 0.9 (an eighth more
// entries after a build at start, then some 30% more each time), or once
// dead entries outnumber live ones. AddBatch builds tables in parallel.
type DocumentIndex struct {
	mu sync.RWMutex

	words  []uint64   // per slot: the packed number, a reference into arena, or docDead
	ids    [][16]byte // per slot: the id (zero for an id that is not a UUID)
	states []uint16   // per slot: the state code, and docOddID
	arena  []byte     // numbers longer than docMaxInline

	live, dead   int
	unknownFuzzy int // live entries of unknown state in the unknown tables

	byID    docTable
	exact   docTable
	known   [3]docTable // one-edit keys of entries with a state
	unknown [3]docTable // one-edit keys of entries without

	oddIDs     map[string]uint32 // ids that are not canonical UUIDs, to their slot
	oddBySlot  map[uint32]string
	stateCodes map[string]uint16 // states other than two letters
	stateNames []string          // by code - docFirstInterned
}

// NewDocumentIndex returns an empty index.
func NewDocumentIndex() *DocumentIndex {
	ix := &DocumentIndex{}
	ix.init()
	return ix
}

func (ix *DocumentIndex) init() {
	if ix.byID.buckets != 0 {
		return
	}
	ix.byID, ix.exact = newDocTable(0, docLoadGrow), newDocTable(0, docLoadGrow)
	for k := range 3 {
		ix.known[k], ix.unknown[k] = newDocTable(0, docLoadGrow), newDocTable(0, docLoadGrow)
	}
	ix.oddIDs, ix.oddBySlot = map[string]uint32{}, map[uint32]string{}
	ix.stateCodes = map[string]uint16{}
}

// Len returns the number of entries.
func (ix *DocumentIndex) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.live
}

// Add adds an entry, replacing any with the same ID.
func (ix *DocumentIndex) Add(e DocumentEntry) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.init()
	ix.makeRoom(1)
	s := ix.appendEntry(&e)
	ix.claim(s)
	ix.index(s)
}

// AddBatch adds entries as Add would, one after the other (a later entry
// replaces an earlier one with the same ID). A large batch, such as the
// build at start, rebuilds the tables at their final size in parallel.
func (ix *DocumentIndex) AddBatch(es []DocumentEntry) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.init()
	if len(es) < ix.live/4 || len(es) == 0 {
		ix.makeRoom(len(es))
		for i := range es {
			s := ix.appendEntry(&es[i])
			ix.claim(s)
			ix.index(s)
		}
		return
	}
	load := docLoadGrow
	if ix.live == 0 {
		load = docLoadBuild // the build at start: sized exactly
		ix.words = slices.Grow(ix.words[:0], len(es))
		ix.ids = slices.Grow(ix.ids[:0], len(es))
		ix.states = slices.Grow(ix.states[:0], len(es))
		ix.arena, ix.dead = ix.arena[:0], 0
	}
	for i := range es {
		ix.appendEntry(&es[i])
	}
	ix.rebuild(load, 0)
}

// Remove removes the entry with the given ID and reports whether there was
// one.
func (ix *DocumentIndex) Remove(id string) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, ok := ix.lookupID(id)
	if !ok {
		return false
	}
	ix.kill(s)
	if ix.dead >= docCompactMin && ix.dead > ix.live {
		ix.rebuild(docLoadGrow, 0)
	}
	return true
}

// appendEntry stores e in a new slot, not yet in any table.
func (ix *DocumentIndex) appendEntry(e *DocumentEntry) uint32 {
	if len(ix.words) >= math.MaxUint32-1 {
		panic("screen: document index full")
	}
	var buf [docMaxInline + 8]byte
	q := docNormalize(buf[:0], e.Number)
	if len(q) > docMaxLen {
		q = q[:docMaxLen]
	}
	w := docPack(q)
	if len(q) > docMaxInline {
		w = docLong<<60 | uint64(len(q))<<36 | uint64(len(ix.arena))
		ix.arena = append(ix.arena, q...)
	}
	s := uint32(len(ix.words))
	st := ix.internState(e.IssuingState)
	id, ok := docParseID(e.ID)
	if !ok {
		st |= docOddID
		ix.oddBySlot[s] = e.ID
	}
	ix.words = append(ix.words, w)
	ix.ids = append(ix.ids, id)
	ix.states = append(ix.states, st)
	ix.live++
	if st&docStateMask == 0 && docFuzzyLen(len(q)) {
		ix.unknownFuzzy++
	}
	return s
}

// claim makes slot s the one entry of its id, killing any older one.
func (ix *DocumentIndex) claim(s uint32) {
	if ix.states[s]&docOddID != 0 {
		id := ix.oddBySlot[s]
		if t, ok := ix.oddIDs[id]; ok && t != s {
			ix.kill(t)
		}
		ix.oddIDs[id] = s
		return
	}
	h := docIDHash(&ix.ids[s])
	c := ix.byID.find(h)
	for {
		t, ok := c.next()
		if !ok {
			break
		}
		if ix.ids[t] == ix.ids[s] {
			if t != s && ix.words[t] != docDead {
				ix.kill(t)
			}
			binary.LittleEndian.PutUint32(ix.byID.cells[c.at:], s)
			return
		}
	}
	ix.byID.insert(h, s, math.MaxInt)
}

func (ix *DocumentIndex) lookupID(id string) (uint32, bool) {
	u, ok := docParseID(id)
	if !ok {
		s, ok := ix.oddIDs[id]
		return s, ok
	}
	c := ix.byID.find(docIDHash(&u))
	for {
		t, ok := c.next()
		if !ok {
			return 0, false
		}
		if ix.ids[t] == u && ix.states[t]&docOddID == 0 {
			return t, ix.words[t] != docDead
		}
	}
}

// kill marks slot s dead. Its cells stay until the next rebuild; searches
// skip them since a dead word matches no length.
func (ix *DocumentIndex) kill(s uint32) {
	if docFuzzyLen(docLen(ix.words[s])) && ix.states[s]&docStateMask == 0 {
		ix.unknownFuzzy--
	}
	ix.words[s] = docDead
	ix.live--
	ix.dead++
	if ix.states[s]&docOddID != 0 {
		id := ix.oddBySlot[s]
		delete(ix.oddBySlot, s)
		if t, ok := ix.oddIDs[id]; ok && t == s {
			delete(ix.oddIDs, id)
		}
	}
}

// number returns the normalised number of word w.
func (ix *DocumentIndex) number(w uint64, buf *[docMaxInline]byte) []byte {
	n := int(w >> 60)
	if n <= docMaxInline {
		for i := range n {
			buf[i] = docSymbols[(w>>(5*i))&31-1]
		}
		return buf[:n]
	}
	if n == docLong {
		off := w & (1<<36 - 1)
		return ix.arena[off : off+uint64(int(w>>36)&docMaxLen)]
	}
	return nil
}

// index adds the cells of slot s to the exact and one-edit tables.
func (ix *DocumentIndex) index(s uint32) {
	var buf [docMaxInline]byte
	e := ix.number(ix.words[s], &buf)
	if len(e) == 0 {
		return
	}
	ix.exact.insert(docNumberHash(e), s, math.MaxInt)
	if !docFuzzyLen(len(e)) {
		return
	}
	st := ix.states[s] & docStateMask
	set := &ix.known
	if st == 0 {
		set = &ix.unknown
	}
	for k := range set {
		set[k].insert(docPairKey(k, st, e, len(e)), s, docMaxPostings)
	}
}

// makeRoom grows the tables that k more entries would overfill, or
// compacts when dead slots outnumber live ones.
func (ix *DocumentIndex) makeRoom(k int) {
	if ix.dead >= docCompactMin && ix.dead >= ix.live {
		ix.rebuild(docLoadGrow, k)
	}
	grow := func(t *docTable) bool {
		if t.room(k) {
			return false
		}
		*t = newDocTable(t.used+k, docLoadGrow)
		return true
	}
	if grow(&ix.byID) {
		ix.fillIDs()
	}
	if grow(&ix.exact) {
		ix.fillExact()
	}
	for kind := range 3 {
		if grow(&ix.known[kind]) {
			ix.fillPairs(kind, true)
		}
		if grow(&ix.unknown[kind]) {
			ix.fillPairs(kind, false)
		}
	}
}

// rebuild sizes every table for the live entries and k more, at the given
// load, after keeping the last entry of each id and compacting dead slots.
func (ix *DocumentIndex) rebuild(load float64, k int) {
	ix.byID = newDocTable(ix.live+k, load)
	ix.fillIDs()
	if ix.dead > 0 {
		ix.compact()
		ix.byID = newDocTable(ix.live+k, load)
		ix.fillIDs()
	}
	var exact, known int
	for s, w := range ix.words {
		if n := docLen(w); n > 0 {
			exact++
			if docFuzzyLen(n) && ix.states[s]&docStateMask != 0 {
				known++
			}
		}
	}
	ix.exact = newDocTable(exact+k, load)
	for kind := range 3 {
		ix.known[kind] = newDocTable(known+k, load)
		ix.unknown[kind] = newDocTable(ix.unknownFuzzy+min(k, 1<<10), load)
	}
	var wg sync.WaitGroup
	wg.Go(ix.fillExact)
	for kind := range 3 {
		wg.Go(func() { ix.fillPairs(kind, true) })
	}
	wg.Go(func() {
		for kind := range 3 {
			ix.fillPairs(kind, false)
		}
	})
	wg.Wait()
}

// docBlock is how many lookups a build sweeps at once.
const docBlock = 64

// fillIDs enters every live slot in byID, in order, so that a later entry
// with an id replaces an earlier one.
func (ix *DocumentIndex) fillIDs() {
	clear(ix.oddIDs)
	t := &ix.byID
	var x byte
	for from := 0; from < len(ix.words); from += docBlock {
		to := min(from+docBlock, len(ix.words))
		for s := from; s < to; s++ {
			b1, b2 := t.homes(docIDHash(&ix.ids[s]))
			x |= t.cells[b1+docCount] | t.cells[b2+docCount]
		}
		for s := from; s < to; s++ {
			if ix.words[s] != docDead {
				ix.claim(uint32(s))
			}
		}
	}
	t.swept |= x
}

func (ix *DocumentIndex) fillExact() {
	var (
		hs  [docBlock]uint64
		ss  [docBlock]uint32
		n   int
		buf [docMaxInline]byte
	)
	for s, w := range ix.words {
		if e := ix.number(w, &buf); len(e) > 0 {
			hs[n], ss[n] = docNumberHash(e), uint32(s)
			if n++; n == docBlock {
				ix.exact.insertAll(hs[:n], ss[:n], math.MaxInt)
				n = 0
			}
		}
	}
	ix.exact.insertAll(hs[:n], ss[:n], math.MaxInt)
}

func (ix *DocumentIndex) fillPairs(kind int, known bool) {
	t := &ix.unknown[kind]
	if known {
		t = &ix.known[kind]
	}
	var (
		hs  [docBlock]uint64
		ss  [docBlock]uint32
		n   int
		buf [docMaxInline]byte
	)
	for s, w := range ix.words {
		st := ix.states[s] & docStateMask
		if !docFuzzyLen(docLen(w)) || (st != 0) != known {
			continue
		}
		e := ix.number(w, &buf)
		hs[n], ss[n] = docPairKey(kind, st, e, len(e)), uint32(s)
		if n++; n == docBlock {
			t.insertAll(hs[:n], ss[:n], docMaxPostings)
			n = 0
		}
	}
	t.insertAll(hs[:n], ss[:n], docMaxPostings)
}

// compact drops dead slots, keeping the order of the live ones.
func (ix *DocumentIndex) compact() {
	var arena []byte
	odd := make(map[uint32]string, len(ix.oddBySlot))
	j := 0
	for s, w := range ix.words {
		if w == docDead {
			continue
		}
		if w>>60 == docLong {
			off, n := w&(1<<36-1), uint64(int(w>>36)&docMaxLen)
			w = w&^(1<<36-1) | uint64(len(arena))
			arena = append(arena, ix.arena[off:off+n]...)
		}
		if ix.states[s]&docOddID != 0 {
			odd[uint32(j)] = ix.oddBySlot[uint32(s)]
		}
		ix.words[j], ix.ids[j], ix.states[j] = w, ix.ids[s], ix.states[s]
		j++
	}
	if cap(ix.words) > 2*j+1024 { // give back what heavy churn left behind
		ix.words = slices.Clone(ix.words[:j])
		ix.ids = slices.Clone(ix.ids[:j])
		ix.states = slices.Clone(ix.states[:j])
	} else {
		ix.words, ix.ids, ix.states = ix.words[:j], ix.ids[:j], ix.states[:j]
	}
	ix.arena, ix.oddBySlot, ix.dead = arena, odd, 0
}

// docHit is a slot found; results are made from hits once a search ends,
// so that a miss allocates nothing.
type docHit struct {
	slot  uint32
	exact bool
}

func docAddHit(hits []docHit, s uint32, exact bool) []docHit {
	for _, h := range hits {
		if h.slot == s {
			return hits
		}
	}
	return append(hits, docHit{s, exact})
}

// Search finds entries whose normalised number equals the query's (exact)
// or is one edit away (substitution, insertion, deletion, or adjacent
// transposition: "one_edit", a weaker hit), with the same issuing state
// or either side's state unknown. Results best first. Numbers shorter
// than 5 characters after normalisation only match exactly (one edit on
// very short numbers is noise), and so do numbers longer than 64. Exact
// hits are never capped; one-edit hits may miss entries under a key that
// more than 1,024 entries of one state share (two thirds of their number).
func (ix *DocumentIndex) Search(number, issuingState string) []DocumentMatch {
	var buf [docMaxFuzzy + 1]byte
	q := docNormalize(buf[:0], number)
	if len(q) == 0 {
		return nil
	}
	if len(q) > docMaxLen {
		q = q[:docMaxLen]
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := ix.lookupState(issuingState)
	var (
		hb [8]docHit
		pb docProbes // at most 21 lookups: one exact, 18 pairs, two cuts
	)
	hits := ix.searchExact(hb[:0], &pb, q, q, st, false)
	if n := len(q); docFuzzyLen(n) {
		if st == 0 {
			hits = ix.searchVariants(hits, &pb, q)
		} else {
			for m := max(n-1, docMinFuzzy); m <= min(n+1, docMaxFuzzy); m++ {
				for kind := range 3 {
					if st != docStateNone {
						pb.pair(&ix.known[kind], docPairKey(kind, st, q, m), st, m)
					}
					if ix.unknownFuzzy > 0 {
						pb.pair(&ix.unknown[kind], docPairKey(kind, 0, q, m), 0, m)
					}
				}
			}
			// The transpositions thirds miss: those across a cut.
			var vb [docMaxFuzzy]byte
			v := append(vb[:0], q...)
			s0, s1, _ := docThirds(n)
			for _, i := range [2]int{s0, s0 + s1} {
				if v[i-1] != v[i] {
					v[i-1], v[i] = v[i], v[i-1]
					hits = ix.searchExact(hits, &pb, q, v, st, true)
					v[i-1], v[i] = v[i], v[i-1]
				}
			}
		}
	}
	hits = ix.flush(hits, &pb, q)
	if len(hits) == 0 {
		return nil
	}
	return ix.matches(hits, st)
}

// docProbe is one table lookup of a search. A search computes the
// buckets of all its lookups and reads them in one sweep, so that their
// cache misses (hundreds of nanoseconds each under a virtual machine's
// nested page tables) overlap instead of following one another; then the
// candidates' words in a second sweep.
type docProbe struct {
	b1, b2 *[docBucket]byte // the buckets to read
	v, v2  uint64           // their first words of fingerprints, read in the sweep
	t      *docTable
	off    uint64 // the bucket after b2, should b2 overflow
	want   uint64 // exact lookups: the packed number sought
	fp     uint16
	st     uint16 // exact lookups: the query's state; pairs: the entries'
	m      uint8  // pairs: the entries' length; 0 for exact lookups
	edit   bool   // an exact lookup of a variant of the query: hits are one edit away
}

// docProbes holds the lookups of a search not yet made.
type docProbes struct {
	n int
	p [32]docProbe
}

func (pb *docProbes) add(t *docTable, h uint64, p docProbe) {
	if t.buckets == 0 {
		return
	}
	off1, off2 := t.homes(h)
	p.b1, p.b2 = t.bucket(off1), t.bucket(off2)
	p.t, p.off, p.fp = t, off2, docFP(h)
	pb.p[pb.n] = p
	pb.n++
}

func (pb *docProbes) pair(t *docTable, h uint64, st uint16, m int) {
	pb.add(t, h, docProbe{st: st, m: uint8(m)})
}

// docCand is a slot a lookup found, before its word is read.
type docCand struct {
	slot  uint32
	probe uint8
}

// searchExact looks up the entries numbered q whose state goes with st:
// exact hits, or one-edit ones if q is a variant of the query. An inline
// number's lookup waits in pb; a long one is made at once.
func (ix *DocumentIndex) searchExact(hits []docHit, pb *docProbes, query, q []byte, st uint16, edit bool) []docHit {
	if len(q) <= docMaxInline {
		if pb.n == len(pb.p) {
			hits = ix.flush(hits, pb, query)
		}
		w := docPack(q)
		pb.add(&ix.exact, docMum(w^docK0, docK1), docProbe{want: w, st: st, edit: edit})
		return hits
	}
	var buf [docMaxInline]byte
	c := ix.exact.find(docNumberHash(q))
	for {
		s, ok := c.next()
		if !ok {
			return hits
		}
		w := ix.words[s]
		if docLen(w) != len(q) || !bytes.Equal(ix.number(w, &buf), q) {
			continue
		}
		if es := ix.states[s] & docStateMask; st == 0 || es == 0 || es == st {
			hits = docAddHit(hits, s, !edit)
		}
	}
}

// flush makes the lookups waiting in pb for query q.
func (ix *DocumentIndex) flush(hits []docHit, pb *docProbes, q []byte) []docHit {
	ps := pb.p[:pb.n]
	pb.n = 0
	for k := range ps {
		p := &ps[k]
		p.v, p.v2 = binary.LittleEndian.Uint64(p.b1[docFPs:]), binary.LittleEndian.Uint64(p.b2[docFPs:])
	}
	var (
		cs   [64]docCand
		nc   int
		full bool
		live [len(pb.p)]uint8 // lookups with an overflow bucket to read
		nl   int
	)
	for k := range ps {
		p := &ps[k]
		hits, _ = ix.scan(hits, q, ps, &cs, &nc, uint8(k), p.b1, p.v)
		if hits, full = ix.scan(hits, q, ps, &cs, &nc, uint8(k), p.b2, p.v2); full && p.b2[docOverflow] != 0 {
			live[nl] = uint8(k)
			nl++
		}
	}
	for nl > 0 { // rare: buckets past a full second bucket
		for _, k := range live[:nl] {
			p := &ps[k]
			p.off = p.t.after(p.off)
			p.b1 = p.t.bucket(p.off)
			p.v = binary.LittleEndian.Uint64(p.b1[docFPs:])
		}
		n := 0
		for _, k := range live[:nl] {
			p := &ps[k]
			if hits, full = ix.scan(hits, q, ps, &cs, &nc, k, p.b1, p.v); full && p.b1[docOverflow] != 0 {
				live[n] = k
				n++
			}
		}
		nl = n
	}
	return ix.verify(hits, ps, cs[:nc], q)
}

// scan adds to cs the candidates of probe k in bucket b, whose first word
// of fingerprints is w, verifying them first if cs is full, and reports
// whether b is full.
func (ix *DocumentIndex) scan(hits []docHit, q []byte, ps []docProbe, cs *[64]docCand, nc *int, k uint8, b *[docBucket]byte, w uint64) ([]docHit, bool) {
	m1, m2, m3 := docMatches(b, w, ps[k].fp)
	for _, m := range [3]struct {
		m    uint64
		cell int
	}{{m1, 0}, {m2, 4}, {m3, 8}} {
		for x := m.m; x != 0; x &= x - 1 {
			i := m.cell + bits.TrailingZeros64(x)>>4
			if *nc == len(cs) {
				hits = ix.verify(hits, ps, cs[:], q)
				*nc = 0
			}
			cs[*nc] = docCand{binary.LittleEndian.Uint32(b[4*i:]), k}
			*nc++
		}
	}
	return hits, b[docCount] == docBucketCells
}

// verify reads the words of the candidates in one sweep, then keeps those
// that match.
func (ix *DocumentIndex) verify(hits []docHit, ps []docProbe, cs []docCand, q []byte) []docHit {
	var ws [64]uint64
	for j, c := range cs {
		ws[j] = ix.words[c.slot]
	}
	var buf [docMaxInline]byte
	for j, c := range cs {
		p, w := &ps[c.probe], ws[j]
		if p.m == 0 {
			if w != p.want {
				continue
			}
			if es := ix.states[c.slot] & docStateMask; p.st == 0 || es == 0 || es == p.st {
				hits = docAddHit(hits, c.slot, !p.edit)
			}
			continue
		}
		if docLen(w) == int(p.m) && docOneEdit(q, ix.number(w, &buf)) && ix.states[c.slot]&docStateMask == p.st {
			hits = docAddHit(hits, c.slot, false)
		}
	}
	return hits
}

// searchVariants finds the entries of any state one edit from q by
// looking up every string one edit from q in the exact table.
func (ix *DocumentIndex) searchVariants(hits []docHit, pb *docProbes, q []byte) []docHit {
	n := len(q)
	var buf [docMaxFuzzy + 1]byte
	if n-1 >= docMinFuzzy { // deletions
		for i := range n {
			if i > 0 && q[i] == q[i-1] {
				continue
			}
			v := append(append(buf[:0], q[:i]...), q[i+1:]...)
			hits = ix.searchExact(hits, pb, q, v, 0, true)
		}
	}
	v := append(buf[:0], q...)
	for i := range n - 1 { // transpositions
		if v[i] != v[i+1] {
			v[i], v[i+1] = v[i+1], v[i]
			hits = ix.searchExact(hits, pb, q, v, 0, true)
			v[i], v[i+1] = v[i+1], v[i]
		}
	}
	for i := range n { // substitutions
		for j := range len(docSymbols) {
			if c := docSymbols[j]; c != q[i] {
				v[i] = c
				hits = ix.searchExact(hits, pb, q, v, 0, true)
			}
		}
		v[i] = q[i]
	}
	if n+1 <= docMaxFuzzy { // insertions
		for i := range n + 1 {
			v := append(append(buf[:0], q[:i]...), 0)
			v = append(v, q[i:]...)
			for j := range len(docSymbols) {
				if c := docSymbols[j]; i == 0 || c != q[i-1] {
					v[i] = c
					hits = ix.searchExact(hits, pb, q, v, 0, true)
				}
			}
		}
	}
	return hits
}

// matches turns hits into results, best first.
func (ix *DocumentIndex) matches(hits []docHit, st uint16) []DocumentMatch {
	out := make([]DocumentMatch, len(hits))
	var buf [docMaxInline]byte
	for i, h := range hits {
		es := ix.states[h.slot]
		m := &out[i]
		m.ID = ix.idString(h.slot, es)
		m.Number = string(ix.number(ix.words[h.slot], &buf))
		m.IssuingState = ix.stateName(es & docStateMask)
		switch {
		case !h.exact:
			m.Kind, m.Score = DocumentOneEdit, 0.75
		case st != 0 && es&docStateMask == st:
			m.Kind, m.Score = DocumentExact, 1
		default:
			m.Kind, m.Score = DocumentExact, 0.9
		}
	}
	slices.SortFunc(out, func(a, b DocumentMatch) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), strings.Compare(a.Number, b.Number),
			strings.Compare(a.IssuingState, b.IssuingState), strings.Compare(a.ID, b.ID))
	})
	return out
}

// lookupState returns the code of a query's state: 0 if unknown,
// docStateNone if no entry has it.
func (ix *DocumentIndex) lookupState(s string) uint16 {
	s = strings.TrimSpace(s)
	if c, ok := docAlpha2(s); ok {
		return c
	}
	if c, ok := ix.stateCodes[s]; ok {
		return c
	}
	return docStateNone
}

// internState returns the code of an entry's state. Two letters are read
// in either case; other states are kept as written (trimmed), and once
// the codes run out (some thirty thousand odd states) read as unknown,
// which only widens matching.
func (ix *DocumentIndex) internState(s string) uint16 {
	s = strings.TrimSpace(s)
	if c, ok := docAlpha2(s); ok {
		return c
	}
	if c, ok := ix.stateCodes[s]; ok {
		return c
	}
	c := docFirstInterned + len(ix.stateNames)
	if c >= docStateNone {
		return 0
	}
	ix.stateCodes[s] = uint16(c)
	ix.stateNames = append(ix.stateNames, s)
	return uint16(c)
}

func docAlpha2(s string) (uint16, bool) {
	switch {
	case s == "":
		return 0, true
	case len(s) != 2:
		return 0, false
	}
	a, b := s[0]&^0x20, s[1]&^0x20 // upper case, for letters
	if a < 'A' || a > 'Z' || b < 'A' || b > 'Z' {
		return 0, false
	}
	return 1 + uint16(a-'A')*26 + uint16(b-'A'), true
}

func (ix *DocumentIndex) stateName(c uint16) string {
	if c < docFirstInterned {
		return docStateNames[c]
	}
	return ix.stateNames[c-docFirstInterned]
}

func (ix *DocumentIndex) idString(s uint32, st uint16) string {
	if st&docOddID != 0 {
		return ix.oddBySlot[s]
	}
	const hex = "0123456789abcdef"
	var b [36]byte
	j := 0
	for i, c := range ix.ids[s] {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b[j] = '-'
			j++
		}
		b[j], b[j+1] = hex[c>>4], hex[c&15]
		j += 2
	}
	return string(b[:])
}

// docParseID parses a UUID in canonical form (lower-case, hyphenated);
// any other id is kept as a string on the side.
func docParseID(s string) (id [16]byte, ok bool) {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return id, false
	}
	j := 0
	for i := 0; i < 36; i += 2 {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			i++
		}
		hi, lo := docHex(s[i]), docHex(s[i+1])
		if hi > 15 || lo > 15 {
			return id, false
		}
		id[j] = hi<<4 | lo
		j++
	}
	return id, true
}

func docHex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return 255
}
