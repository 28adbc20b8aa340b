package audit

import (
	"fmt"
	"math/bits"

	"golang.org/x/mod/sumdb/tlog"
)

// Frontier is the right edge of a Merkle tree being built leaf by leaf:
// the hashes of its complete subtrees, largest first, one per set bit of
// the size. With it a tree grows and gives its root in O(log n) memory:
// Verify checks roots while streaming, and stores append a batch of
// entries reading only the frontier's hashes.
type Frontier struct {
	n     int64
	roots []tlog.Hash
}

// FrontierIndexes returns the stored hash indexes of the frontier of a
// tree of n leaves, largest subtree first.
func FrontierIndexes(n int64) []int64 {
	var idx []int64
	var off int64
	for k := 63; k >= 0; k-- {
		if n&(1<<k) == 0 {
			continue
		}
		idx = append(idx, tlog.StoredHashIndex(k, off>>k))
		off += 1 << k
	}
	return idx
}

// NewFrontier returns the frontier of a tree of n leaves from the hashes
// at FrontierIndexes(n).
func NewFrontier(n int64, roots []tlog.Hash) (*Frontier, error) {
	if n < 0 || len(roots) != bits.OnesCount64(uint64(n)) {
		return nil, fmt.Errorf("audit: frontier of %d leaves from %d hashes", n, len(roots))
	}
	return &Frontier{n: n, roots: append([]tlog.Hash(nil), roots...)}, nil
}

// Size returns the number of leaves.
func (f *Frontier) Size() int64 { return f.n }

// Clone returns a copy of f that grows independently of it.
func (f *Frontier) Clone() *Frontier {
	return &Frontier{n: f.n, roots: append(make([]tlog.Hash, 0, len(f.roots)+8), f.roots...)}
}

// Add adds a leaf and calls stored, if not nil, with each hash tlog
// stores for it, in the order of their indexes: the leaf hash, then the
// subtrees it completes. Stored hash indexes are contiguous, so the hashes
// of a stream of leaves come out in index order from
// tlog.StoredHashIndex(0, n).
func (f *Frontier) Add(leaf tlog.Hash, stored func(tlog.Hash)) {
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

// Root returns the tree hash of the leaves added so far (RFC 6962: the
// complete subtrees folded from the right), as tlog.TreeHash does.
func (f *Frontier) Root() tlog.Hash {
	if len(f.roots) == 0 {
		return tlog.Hash{}
	}
	h := f.roots[len(f.roots)-1]
	for i := len(f.roots) - 2; i >= 0; i-- {
		h = tlog.NodeHash(f.roots[i], h)
	}
	return h
}
