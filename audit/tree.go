package audit

import "golang.org/x/mod/sumdb/tlog"

// frontier is the right edge of a Merkle tree being built leaf by leaf:
// the roots of its complete subtrees, largest first, one per set bit of
// the size. It computes the tree hash of every prefix of a stream in
// O(log n) memory, which is how Verify checks roots without the stored
// hashes.
type frontier struct {
	n     int64
	roots []tlog.Hash
}

// add adds a leaf and calls stored, if not nil, with each hash tlog
// stores for it, in the order of their indexes: the leaf hash, then the
// subtrees it completes. Stored hash indexes are contiguous, so the hashes
// of a stream of leaves come out in index order 0, 1, 2...
func (f *frontier) add(leaf tlog.Hash, stored func(tlog.Hash)) {
	f.roots = append(f.roots, leaf)
	f.n++
	if stored != nil {
		stored(leaf)
	}
	for k := f.n; k&1 == 0; k >>= 1 {
		l := len(f.roots)
		f.roots = append(f.roots[:l-2], tlog.NodeHash(f.roots[l-2], f.roots[l-1]))
		if stored != nil {
			stored(f.roots[len(f.roots)-1])
		}
	}
}

// root returns the tree hash of the leaves added so far (RFC 6962: the
// complete subtrees folded from the right).
func (f *frontier) root() tlog.Hash {
	if len(f.roots) == 0 {
		return tlog.Hash{}
	}
	h := f.roots[len(f.roots)-1]
	for i := len(f.roots) - 2; i >= 0; i-- {
		h = tlog.NodeHash(f.roots[i], h)
	}
	return h
}
