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

func (f *frontier) add(leaf tlog.Hash) {
	f.roots = append(f.roots, leaf)
	f.n++
	for k := f.n; k&1 == 0; k >>= 1 {
		l := len(f.roots)
		f.roots = append(f.roots[:l-2], tlog.NodeHash(f.roots[l-2], f.roots[l-1]))
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
