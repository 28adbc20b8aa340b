package audit

import (
	"bytes"
	"cmp"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"hash"
	"slices"

	"golang.org/x/mod/sumdb/tlog"

	"meridian"
)

// Source is what a store offers for verification. Seqs start at 1 and
// are contiguous in an untouched log.
type Source interface {
	// Entries calls fn for every entry in ascending Seq order.
	Entries(ctx context.Context, fn func(*meridian.AuditEntry) error) error
	// Checkpoints returns the stored checkpoints in ascending Seq order.
	Checkpoints(ctx context.Context) ([]meridian.AuditCheckpoint, error)
	// Head returns the signed head: the last seq and hash the store wrote,
	// as a checkpoint (Seq 0 and Hash Genesis with no signature when the
	// log is empty).
	Head(ctx context.Context) (meridian.AuditCheckpoint, error)
}

// The kinds of Problem.
const (
	KindAltered            = "altered"
	KindDeleted            = "deleted"
	KindInserted           = "inserted"
	KindReordered          = "reordered"
	KindBrokenLink         = "broken_link"
	KindBadSignature       = "bad_signature"
	KindCheckpointMismatch = "checkpoint_mismatch"
	KindHeadMismatch       = "head_mismatch"
	KindTruncated          = "truncated"
	// KindRollback: a signed statement (a checkpoint in the database or
	// in the witness file) vouches for more entries than the database's
	// signed head: the log was rolled back to an older state.
	KindRollback = "rollback"
	// KindCheckpointDeleted: a checkpoint that a signed statement or the
	// witness file names is missing from the database.
	KindCheckpointDeleted = "checkpoint_deleted"
	// KindBadWitness: a note in the witness file that does not verify.
	KindBadWitness = "bad_witness"
	// KindRootMismatch: a signed Merkle tree root that the entries do
	// not produce.
	KindRootMismatch = "root_mismatch"
	// KindTreeHashes: the stored Merkle tree hashes, from which inclusion
	// and consistency proofs are made, do not match the entries.
	KindTreeHashes = "tree_hashes"
	// KindRecordIndex: the index of the records that list entries name
	// (which a record's trail is read from) disagrees with the entries.
	KindRecordIndex = "record_index"
	// KindMalformed: a row of the audit tables that cannot be read as what
	// it should hold (a number that is not one, a missing head).
	KindMalformed = "malformed"
)

// Options are the outside evidence Verify checks the source against.
type Options struct {
	// Witness holds the signed checkpoint notes witnessed outside the
	// database (the witness file), with where each was found.
	Witness []WitnessNote
}

// WitnessNote is one note of a witness file.
type WitnessNote struct {
	Where string // e.g. "audit.checkpoints line 12"
	Note  string
}

// TreeSource is a Source that also keeps the Merkle tree's stored hashes
// (for proofs); Verify checks them against the entries.
type TreeSource interface {
	// StoredHashes calls fn with the stored hashes whose index is below
	// count, in index order. A row it cannot read it passes on as a zero
	// hash, which will not match.
	StoredHashes(ctx context.Context, count int64, fn func(idx int64, h tlog.Hash) error) error
}

// MalformedSource is a Source that can report rows it could not read as
// what they should hold instead of failing.
type MalformedSource interface {
	Malformed() []Problem
}

// Problem is one defect found in the log.
type Problem struct {
	Seq     int64  `json:"seq"`     // the entry (or checkpoint seq) concerned
	Kind    string `json:"kind"`    // one of the Kind constants
	Message string `json:"message"` // e.g. "entry 42 was altered: its content does not match its hash"
}

// Report is the outcome of Verify.
type Report struct {
	Entries     int64     `json:"entries"`
	Checkpoints int       `json:"checkpoints"`
	Witnessed   int       `json:"witnessed"` // witnessed checkpoints that verified
	HeadSeq     int64     `json:"head_seq"`
	Problems    []Problem `json:"problems"`
	// Omitted counts the problems left out of Problems to keep a badly
	// damaged log's report (and Verify's memory) bounded.
	Omitted int `json:"omitted,omitempty"`
}

// OK reports whether the log verified.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// Bounds on what Verify keeps, whatever the size of the log.
const (
	maxRows     = 1 << 14 // rows kept around anomalies
	maxPairing  = 256     // unexplained rows matched pairwise to find distant swaps
	maxProblems = 1000
)

// row is what Verify keeps of an entry: only entries that break the chain
// and their neighbours are kept, so memory follows the damage, not the log.
type row struct {
	idx   int64 // position in the stream
	s     int64 // stored seq
	o     int64 // seq its stored hash was written for; 0 if none was found
	holds int64 // seq whose stored hash its content was written for (contents swapped); 0 if none
	sEff  int64 // original seq assumed while streaming
	eff   int64 // original seq after analysis
	hash  string
	link  bool                 // PrevHash is the previous row's hash (Genesis for the first)
	e     *meridian.AuditEntry // kept while o is 0, to find where the entry came from

	reordered, inserted bool
	brk                 bool // a link break that nothing else explains
}

// claim is a signed statement (checkpoint or head) and what the stream
// showed about it.
type claim struct {
	cp            meridian.AuditCheckpoint
	head, valid   bool
	witness       bool
	seen, matched bool
}

type verifier struct {
	claims   map[int64][]*claim
	rows     []row
	lastRec  int64
	omitted  int
	problems []Problem
}

// Verify recomputes the chain and checks every checkpoint and the head.
// It streams entries and keeps the checkpoints and, bounded, the entries
// around a break; it names the entries that were altered, deleted,
// inserted or reordered. An error means the Source failed, not the log.
//
// Signed statements are trusted, entries are not: a checkpoint or head
// with a valid signature says what the chain was, and every disagreement
// is blamed on the entries.
func Verify(ctx context.Context, src Source, keys map[string]ed25519.PublicKey) (*Report, error) {
	return VerifyWith(ctx, src, keys, Options{})
}

// VerifyWith is Verify that also checks the source against what was
// witnessed outside it: every witnessed checkpoint must be in the
// database and the database's entries must produce its root, and none may
// vouch for more entries than the database holds (rollback).
func VerifyWith(ctx context.Context, src Source, keys map[string]ed25519.PublicKey, opt Options) (*Report, error) {
	// Checkpoints before the head and the head before the entries: on a
	// live log every checkpoint is then at or below the head, and every
	// entry the head vouches for is streamed.
	cps, err := src.Checkpoints(ctx)
	if err != nil {
		return nil, fmt.Errorf("audit: verify: %w", err)
	}
	head, err := src.Head(ctx)
	if err != nil {
		return nil, fmt.Errorf("audit: verify: %w", err)
	}
	v := &verifier{claims: make(map[int64][]*claim), lastRec: -1}
	headMissing := head.Seq == 0 && head.Hash == ""
	if headMissing {
		v.add(0, KindMalformed, "the signed head is missing from the database")
		head.Hash = Genesis
	}
	stored := make(map[int64]bool, len(cps))
	for _, cp := range cps {
		stored[cp.Seq] = true
	}
	var cpMax int64
	var witnessed []*claim
	for _, w := range opt.Witness {
		cp, err := OpenNote(w.Note, keys)
		if err != nil {
			n := ParseNoteSize(w.Note)
			v.add(n, KindBadWitness, fmt.Sprintf("the witnessed checkpoint at %s (entry %d) is not valid: %v", w.Where, n, err))
			continue
		}
		c := &claim{cp: cp, valid: true, witness: true}
		v.claim(c)
		witnessed = append(witnessed, c)
		cpMax = max(cpMax, cp.Seq)
		if !stored[cp.Seq] && cp.Seq > 0 {
			v.add(cp.Seq, KindCheckpointDeleted, fmt.Sprintf("checkpoint %d, witnessed at %s, is missing from the database", cp.Seq, w.Where))
			stored[cp.Seq] = true // report it once
		}
	}
	var trusted []*claim // valid statements from the database
	for _, cp := range cps {
		valid := VerifyCheckpoint(keys, cp)
		if valid {
			cpMax = max(cpMax, cp.Seq)
		} else {
			v.add(cp.Seq, KindBadSignature, badSignature(keys, fmt.Sprintf("checkpoint %d", cp.Seq), cp))
		}
		c := &claim{cp: cp, valid: valid}
		v.claim(c)
		if valid {
			trusted = append(trusted, c)
		}
	}
	headTrusted := VerifyCheckpoint(keys, head) ||
		head.Seq == 0 && head.Hash == Genesis && head.Signature == "" && head.Note == ""
	if !headTrusted && !headMissing {
		v.add(head.Seq, KindBadSignature, badSignature(keys, fmt.Sprintf("the head (entry %d)", head.Seq), head))
	}
	headClaim := &claim{cp: head, head: true, valid: headTrusted}
	v.claim(headClaim)
	if headTrusted {
		trusted = append(trusted, headClaim)
	}
	// Each signed statement names the checkpoint stored before it: one
	// missing was deleted. A checkpoint stored after they were read but
	// before the head was is read again before blaming anyone.
	for _, c := range trusted {
		if p := c.cp.Prev; p > 0 && !stored[p] {
			again, err := src.Checkpoints(ctx)
			if err != nil {
				return nil, fmt.Errorf("audit: verify: %w", err)
			}
			for _, cp := range again {
				stored[cp.Seq] = true
			}
			break
		}
	}
	for _, c := range trusted {
		if p := c.cp.Prev; p > 0 && !stored[p] {
			what := fmt.Sprintf("checkpoint %d", c.cp.Seq)
			if c.head {
				what = "the signed head"
			}
			v.add(p, KindCheckpointDeleted, fmt.Sprintf("checkpoint %d, which %s names as the one before it, is missing from the database", p, what))
			stored[p] = true
		}
	}
	// The sizes at which the stream's Merkle root must be known.
	roots := make(map[int64]*tlog.Hash)
	for _, cs := range v.claims {
		for _, c := range cs {
			if c.valid && c.cp.Root != "" {
				roots[c.cp.Seq] = nil
			}
		}
	}
	var tree Frontier
	ts, hasTree := src.(TreeSource)
	hasTree = hasTree && headTrusted && head.Root != ""
	var want hash.Hash // digest of the stored hashes the entries give
	var onStored func(tlog.Hash)
	if hasTree {
		want = sha256.New()
		onStored = func(h tlog.Hash) { want.Write(h[:]) }
	}
	end := cpMax // the last seq a trusted statement vouches for
	if headTrusted {
		end = max(end, head.Seq)
	}

	var (
		n        int64
		prev     row
		prev2    row // before prev: an inserted entry's predecessor
		needNext bool
		beyond   int64 // seq of the first entry past end
	)
	err = src.Entries(ctx, func(e *meridian.AuditEntry) error {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if n > 0 && e.Seq <= prev.s {
			return fmt.Errorf("entry %d streamed after entry %d", e.Seq, prev.s)
		}
		r := row{idx: n, s: e.Seq, hash: e.Hash}
		want, exp, prevS := Genesis, int64(1), int64(0)
		if n > 0 {
			want, exp, prevS = prev.hash, prev.sEff+1, prev.s
		}
		r.link = e.PrevHash == want
		r.o = originalSeq(e, exp)
		r.sEff = r.o
		if r.o == 0 {
			r.sEff = exp
		}
		v.check(&r)
		tree.Add(tlog.RecordHash(Leaf(e)), onStored)
		if _, ok := roots[tree.n]; ok {
			h := tree.Root()
			roots[tree.n] = &h
		}
		if beyond == 0 && r.sEff > end {
			beyond = r.s
		}
		if r.o != exp || !r.link || r.s != prevS+1 {
			if n > 1 && v.lastRec < prev2.idx {
				v.record(prev2, nil)
			}
			if n > 0 && v.lastRec < prev.idx {
				v.record(prev, nil)
			}
			v.record(r, e)
			needNext = true
		} else if needNext {
			v.record(r, nil)
			needNext = false
		}
		prev2, prev = prev, r
		n++
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("audit: verify: %w", err)
	}
	if m, ok := src.(MalformedSource); ok {
		v.problems = append(v.problems, m.Malformed()...)
	}
	var last *row
	if n > 0 {
		if v.lastRec != prev.idx {
			v.record(prev, nil)
		}
		if l := len(v.rows); l > 0 && v.rows[l-1].idx == n-1 {
			last = &v.rows[l-1]
		}
	}

	v.resolveMoved()
	v.findReorders()
	v.sweep()

	rep := &Report{Entries: n, Checkpoints: len(cps), HeadSeq: head.Seq, Witnessed: len(witnessed)}
	var lastEff int64
	switch {
	case last != nil:
		lastEff = last.eff
	case n > 0:
		lastEff = prev.sEff
	}
	if headTrusted && cpMax > head.Seq {
		msg := fmt.Sprintf("the signed head (entry %d) is older than checkpoint %d: it was rolled back", head.Seq, cpMax)
		if head.Seq == 0 {
			msg = fmt.Sprintf("the head says the log is empty, but checkpoint %d vouches for %d entries", cpMax, cpMax)
		}
		v.add(head.Seq, KindHeadMismatch, msg)
		src := "a checkpoint in the database"
		for _, c := range witnessed {
			if c.cp.Seq == cpMax {
				src = "a checkpoint witnessed outside the database"
			}
		}
		v.add(head.Seq, KindRollback, fmt.Sprintf("the log was rolled back: %s vouches for %d entries, the database's signed head for %d", src, cpMax, head.Seq))
	}
	if headTrusted && lastEff > end {
		// Entries past the head: appended while we streamed, or inserted.
		// Only a newer signed head can tell.
		h, err := src.Head(ctx)
		if err != nil {
			return nil, fmt.Errorf("audit: verify: %w", err)
		}
		if VerifyCheckpoint(keys, h) && h.Seq >= lastEff {
			head, end, rep.HeadSeq = h, lastEff, h.Seq
		} else {
			to := prev.s
			if beyond == 0 {
				beyond = to
			}
			msg := fmt.Sprintf("entry %d was inserted after the signed head (entry %d)", beyond, end)
			if beyond != to {
				msg = fmt.Sprintf("entries %d to %d were inserted after the signed head (entry %d)", beyond, to, end)
			}
			v.add(beyond, KindInserted, msg)
		}
	}
	switch {
	case lastEff == end-1:
		v.add(end, KindDeleted, fmt.Sprintf("entry %d was deleted: the signed head or a checkpoint vouches for it", end))
	case lastEff < end:
		v.add(lastEff+1, KindTruncated, fmt.Sprintf("entries %d to %d were removed from the end of the log", lastEff+1, end))
	}
	if !headTrusted && head.Seq != lastEff {
		v.add(head.Seq, KindHeadMismatch, fmt.Sprintf("the head says the log ends at entry %d, but it ends at entry %d", head.Seq, lastEff))
	}
	headBreak := headTrusted && last != nil && head.Seq == last.eff && head.Hash != last.hash &&
		!last.reordered && !last.inserted && last.o != 0
	if headBreak {
		v.add(head.Seq, KindHeadMismatch, fmt.Sprintf("the signed head does not match entry %d", last.s))
	}
	v.blame(n, headBreak)
	v.checkClaims()
	if len(v.problems) == 0 {
		// The chain matched every signed statement; the Merkle roots must
		// too (they can only differ if the signer or a hash is broken).
		for _, cs := range v.claims {
			for _, c := range cs {
				want, ok := RootHash(c.cp)
				if got := roots[c.cp.Seq]; c.valid && ok && got != nil && *got != want {
					v.add(c.cp.Seq, KindRootMismatch, fmt.Sprintf("the entries up to %d do not produce the signed tree root", c.cp.Seq))
				}
			}
		}
	}
	if hasTree && len(v.problems) == 0 {
		// The entries verified: the stored hashes that proofs are made
		// of must be theirs, all of them.
		count := tlog.StoredHashCount(n)
		got := sha256.New()
		next, first := int64(0), int64(-1)
		err := ts.StoredHashes(ctx, count, func(idx int64, h tlog.Hash) error {
			if idx != next && first < 0 {
				first = next
			}
			next = idx + 1
			got.Write(h[:])
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("audit: verify: %w", err)
		}
		if next != count && first < 0 {
			first = next
		}
		if first >= 0 || !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
			msg := "the stored Merkle tree hashes were altered: inclusion and consistency proofs made from them fail"
			if first >= 0 {
				msg = fmt.Sprintf("stored Merkle tree hash %d is missing: inclusion and consistency proofs made from it fail", first)
			}
			v.add(0, KindTreeHashes, msg)
		}
	}

	rep.Problems, rep.Omitted = v.finish()
	return rep, nil
}

// originalSeq returns the seq e's stored hash was written for, trying the
// expected one first so that an untouched entry costs one hash, and 0 if
// none of the likely seqs fits.
func originalSeq(e *meridian.AuditEntry, exp int64) int64 {
	cands := [...]int64{exp, e.Seq, e.Seq - 1, e.Seq + 1}
	for i, t := range cands {
		if t < 1 || slices.Contains(cands[:i], t) {
			continue
		}
		if matches(e, t, e.PrevHash, e.Hash) {
			return t
		}
	}
	return 0
}

func (v *verifier) claim(c *claim) {
	if c.cp.Seq >= 1 {
		v.claims[c.cp.Seq] = append(v.claims[c.cp.Seq], c)
	}
}

// check compares r with the statements about its seq. A row whose hash
// was written for another seq answers for that seq; a row whose content
// does not match its hash still answers for its stored hash.
func (v *verifier) check(r *row) {
	if r.o != 0 {
		for _, c := range v.claims[r.o] {
			c.seen = true
			c.matched = c.matched || c.cp.Hash == r.hash
		}
	}
	if r.o != r.s {
		for _, c := range v.claims[r.s] {
			c.seen = true
			c.matched = c.matched || r.o == 0 && c.cp.Hash == r.hash
		}
	}
}

func (v *verifier) record(r row, e *meridian.AuditEntry) {
	v.lastRec = r.idx
	if len(v.rows) >= maxRows {
		v.omitted++
		return
	}
	if r.o == 0 && e != nil {
		c := *e
		r.e = &c
	}
	v.rows = append(v.rows, r)
}

// adjacent reports whether rows i-1 and i were streamed one after the other.
func (v *verifier) adjacent(i int) bool {
	return i > 0 && i < len(v.rows) && v.rows[i-1].idx == v.rows[i].idx-1
}

// pred returns the nearest earlier row streamed right before row i, or
// before an inserted row that is: the row i should link to. -1 if it was
// not kept.
func (v *verifier) pred(i int) int {
	for ; v.adjacent(i); i-- {
		if !v.rows[i-1].inserted {
			return i - 1
		}
	}
	return -1
}

// resolveMoved finds where rows whose hash fits no nearby seq came from:
// an entry moved far away still matches its hash under its old seq, and
// content swapped between two rows matches the other row's hash.
func (v *verifier) resolveMoved() {
	var unk, moved []int // rows to explain, and the seqs they may have come from
	for i, r := range v.rows {
		if r.o == 0 && r.e != nil && len(unk) < maxPairing {
			unk = append(unk, i)
		}
		if r.o != r.s && len(moved) < 4*maxPairing {
			moved = append(moved, i)
		}
	}
	for _, i := range unk {
		u := &v.rows[i]
		for _, j := range moved {
			w := &v.rows[j]
			if i == j {
				continue
			}
			if matches(u.e, w.s, u.e.PrevHash, u.hash) {
				u.o = w.s
				break
			}
			if w.e != nil && matches(u.e, w.s, w.e.PrevHash, w.hash) {
				u.holds = w.s
				break
			}
		}
	}
}

// findReorders marks rows that hold each other's entries: a permutation
// of seqs, as opposed to a shift after an insertion or deletion.
func (v *verifier) findReorders() {
	dest := make(map[int64]int64)
	for _, r := range v.rows {
		switch {
		case r.o != 0 && r.o != r.s:
			dest[r.s] = r.o
		case r.holds != 0:
			dest[r.s] = r.holds
		}
	}
	for i := range v.rows {
		r := &v.rows[i]
		t, ok := dest[r.s]
		for steps := 0; ok && t != r.s && steps < len(dest); steps++ {
			t, ok = dest[t]
		}
		r.reordered = ok && t == r.s
	}
}

// sweep assigns each kept row the original seq it stands for and marks
// inserted rows: those standing for a seq that a later row's hash claims.
func (v *verifier) sweep() {
	for i := range v.rows {
		r := &v.rows[i]
		switch p := v.pred(i); {
		case r.reordered:
			r.eff = r.s
		case r.o != 0:
			r.eff = r.o
		case p >= 0:
			r.eff = v.rows[p].eff + 1
		case r.idx == 0:
			r.eff = 1
		default:
			r.eff = r.sEff
		}
		if r.reordered || r.o == 0 {
			continue
		}
		for j := i - 1; v.adjacent(j + 1); j-- {
			q := &v.rows[j]
			if q.inserted {
				continue
			}
			if q.reordered || q.eff < r.o {
				break
			}
			q.inserted = true
		}
	}
	for i := range v.rows {
		r := &v.rows[i]
		p := -1
		if v.adjacent(i) {
			p = i - 1
		}
		switch {
		case r.reordered:
			was := r.o
			if was == 0 {
				was = r.holds
			}
			v.add(r.s, KindReordered, fmt.Sprintf("entry %d was reordered: it holds entry %d", r.s, was))
			continue
		case r.inserted:
			v.add(r.s, KindInserted, fmt.Sprintf("entry %d was inserted: the entries after it were renumbered", r.s))
			continue
		case p < 0 && r.idx != 0:
			// The first row kept after a gap in what was kept: it was
			// checked while streaming and is a neighbour of an anomaly.
			if !r.link {
				v.add(r.s, KindBrokenLink, fmt.Sprintf("entry %d does not link to the entry before it", r.s))
			}
			continue
		}
		explained := false
		var prevEff, prevS int64
		q := v.pred(i)
		if q >= 0 {
			prevEff = v.rows[q].eff
		}
		if p >= 0 {
			prevS = v.rows[p].s
		}
		switch {
		case q < 0 && r.idx != 0:
			// Its predecessor is an inserted row whose own was not kept.
		case r.eff > prevEff+1:
			v.add(prevEff+1, KindDeleted, deleted(prevEff+1, r.eff-1))
			explained = true
		case r.eff < prevEff+1:
			v.add(r.s, KindReordered, fmt.Sprintf("entry %d was reordered: it holds entry %d", r.s, r.eff))
			explained = true
		case r.s != prevS+1 && r.o != 0:
			v.add(r.o, KindReordered, fmt.Sprintf("entry %d was renumbered as %d", r.o, r.s))
			explained = true
		}
		if r.o == 0 {
			v.add(r.s, KindAltered, fmt.Sprintf("entry %d was altered: its content does not match its hash", r.s))
			explained = true
		}
		if !r.link && !explained {
			if p >= 0 {
				q := &v.rows[p]
				explained = q.reordered || q.inserted || q.o == 0
			}
			r.brk = !explained
		}
	}
}

// blame names the entry behind each unexplained link break: an entry
// altered and re-hashed still verifies, but its successor no longer links
// to it. When the successor's own link is broken too, the successor is the
// one that changed (its PrevHash, and so its hash).
func (v *verifier) blame(n int64, headBreak bool) {
	for i := range v.rows {
		r := &v.rows[i]
		if !r.brk {
			continue
		}
		nextBroken := false
		switch {
		case v.adjacent(i + 1):
			nextBroken = v.rows[i+1].brk
		case r.idx == n-1:
			nextBroken = headBreak
		}
		if p := i - 1; v.adjacent(i) && !nextBroken {
			v.add(v.rows[p].s, KindAltered, fmt.Sprintf("entry %d was altered: entry %d no longer links to it", v.rows[p].s, r.s))
		} else if r.idx == 0 {
			v.add(r.s, KindAltered, fmt.Sprintf("entry %d was altered: it no longer links to the start of the chain", r.s))
		} else {
			v.add(r.s, KindAltered, fmt.Sprintf("entry %d was altered: it no longer links to the entry before it", r.s))
		}
	}
	if headBreak && n > 0 {
		if r := &v.rows[len(v.rows)-1]; !r.brk {
			v.add(r.s, KindAltered, fmt.Sprintf("entry %d was altered: it no longer matches the signed head", r.s))
		}
	}
}

// checkClaims reports statements whose entry was found with another hash.
// A statement whose entry is missing is reported as a deletion instead.
func (v *verifier) checkClaims() {
	for _, cs := range v.claims {
		for _, c := range cs {
			if !c.matched {
				for _, r := range v.rows {
					if r.hash == c.cp.Hash && (r.o == c.cp.Seq || r.o == 0 && r.s == c.cp.Seq) {
						c.matched = true
						break
					}
				}
			}
			if c.matched || !c.seen {
				continue
			}
			what, kind := fmt.Sprintf("checkpoint %d", c.cp.Seq), KindCheckpointMismatch
			if c.head {
				what, kind = "the head", KindHeadMismatch
			}
			msg := fmt.Sprintf("%s does not match entry %d", what, c.cp.Seq)
			if c.valid {
				msg = fmt.Sprintf("the signed %s does not match entry %d: the log was rewritten at or before it", what[4:], c.cp.Seq)
				if !c.head {
					msg = fmt.Sprintf("signed %s does not match entry %d: the log was rewritten at or before it", what, c.cp.Seq)
				}
			}
			v.add(c.cp.Seq, kind, msg)
		}
	}
}

func (v *verifier) add(seq int64, kind, msg string) {
	v.problems = append(v.problems, Problem{Seq: seq, Kind: kind, Message: msg})
}

// kindOrder ranks kinds, most specific first. Of the kinds that describe
// an entry (up to altered), only the most specific is kept for one seq.
var kindOrder = []string{KindReordered, KindInserted, KindDeleted, KindTruncated, KindAltered, KindBrokenLink,
	KindRollback, KindMalformed, KindBadSignature, KindCheckpointMismatch, KindCheckpointDeleted, KindHeadMismatch,
	KindBadWitness, KindRootMismatch, KindTreeHashes, KindRecordIndex}

const entryKinds = 6 // kindOrder[:entryKinds] describe an entry

// finish sorts the problems by seq, drops the less specific of two entry
// kinds for one seq and duplicates, and bounds the list.
func (v *verifier) finish() ([]Problem, int) {
	rank := func(k string) int { return slices.Index(kindOrder, k) }
	slices.SortStableFunc(v.problems, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Seq, b.Seq), cmp.Compare(rank(a.Kind), rank(b.Kind)))
	})
	var out []Problem
	omitted := v.omitted
	entryKind := false // the current seq already has an entry kind
	for i, p := range v.problems {
		if i > 0 && v.problems[i-1].Seq != p.Seq {
			entryKind = false
		}
		r := rank(p.Kind)
		switch {
		case i > 0 && v.problems[i-1].Seq == p.Seq && v.problems[i-1].Kind == p.Kind:
			continue
		case r < entryKinds && entryKind:
			continue
		case r < entryKinds:
			entryKind = true
		}
		if len(out) == maxProblems {
			omitted++
			continue
		}
		out = append(out, p)
	}
	if len(out) == 0 && omitted > 0 {
		out = append(out, Problem{Kind: KindBrokenLink, Message: fmt.Sprintf("the log is too damaged to analyse: %d breaks were not examined", omitted)})
	}
	return out, omitted
}

func deleted(from, to int64) string {
	if from == to {
		return fmt.Sprintf("entry %d was deleted", from)
	}
	return fmt.Sprintf("entries %d to %d were deleted", from, to)
}

func badSignature(keys map[string]ed25519.PublicKey, what string, cp meridian.AuditCheckpoint) string {
	if _, ok := keys[cp.KeyID]; !ok {
		return fmt.Sprintf("%s is signed by an unknown key %q", what, cp.KeyID)
	}
	return what + " has an invalid signature"
}
