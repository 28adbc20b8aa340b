package screen

// Pair keys: postings for two parts of one name, so that common parts
// together find their few persons without walking long lists.

import "slices"

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
