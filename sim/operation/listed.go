package operation

import (
	"hash/maphash"

	"meridian"
	"meridian/sim"
)

// Listed is what a replay knows of the watchlist it checks against: the
// queries that should hit (listed persons as a checker would enter them,
// listed document numbers), the share of checks drawn from them, and the
// names of every listed person.
//
// The names keep travellers from being namesakes of listed persons. The
// generator's name lists hold the few hundred commonest names of each
// culture, so a random traveller shares two name parts with someone on a
// 50,000-person watchlist nearly one time in five, and every such check
// would hit; real populations have far more names than the lists. A
// traveller whose name shares two coarse word keys (see key.go) with a
// listed name is drawn again, so that hits come from the planned share,
// and from the near misses the keys do not see.
type Listed struct {
	HitShare  float64
	Persons   []meridian.PersonQuery
	Documents []meridian.DocumentQuery
	pairs     map[uint64]struct{}
	seed      maphash.Seed
	kb        sim.WordKeys
}

// NewListed returns an empty watchlist view.
func NewListed(hitShare float64) *Listed {
	return &Listed{HitShare: hitShare, pairs: map[uint64]struct{}{}, seed: maphash.MakeSeed()}
}

// AddName records a listed name (any script; its Latin words count).
func (l *Listed) AddName(name string) {
	l.kb.Set(name)
	l.eachPair(&l.kb, func(h uint64) bool {
		l.pairs[h] = struct{}{}
		return true
	})
}

// namesake reports whether a name shares two word keys with a listed
// name. kb is the caller's scratch, so that workers share nothing.
func (l *Listed) namesake(kb *sim.WordKeys, name string) bool {
	if len(l.pairs) == 0 {
		return false
	}
	kb.Set(name)
	found := false
	l.eachPair(kb, func(h uint64) bool {
		_, found = l.pairs[h]
		return !found
	})
	return found
}

// eachPair calls fn with the hash of every pair of the name's word keys
// (sorted, so order does not matter), and of a one-word name's key, until
// fn returns false.
func (l *Listed) eachPair(kb *sim.WordKeys, fn func(uint64) bool) {
	word := kb.Word
	n := kb.Len()
	if n == 1 {
		fn(maphash.Bytes(l.seed, word(0)))
		return
	}
	var h maphash.Hash
	h.SetSeed(l.seed)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			h.Reset()
			h.Write(word(i))
			h.WriteByte(' ')
			h.Write(word(j))
			if !fn(h.Sum64()) {
				return
			}
		}
	}
}
