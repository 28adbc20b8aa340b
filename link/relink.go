package link

import (
	"cmp"
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"meridian"
	"meridian/screen"
)

// RelinkStats counts what a relink did.
type RelinkStats struct {
	Records   int // records proposed again
	Proposals int // pairs proposed (each once)
	Searches  int // name searches run in the person index
	Reused    int // name searches answered from an earlier identical one
	Skipped   int // pairs not scored again: proposed from their other record
}

// relinkChunk is how many records, adjacent in the relink's order, a
// worker takes at a time: records of one name follow each other, and a
// worker's memo answers their identical searches.
const relinkChunk = 64

// relinkMemoMax bounds the entries of a worker's memos (they are cleared
// when full: the relink's order keeps a name's records together, so a
// memo needs to remember little).
const relinkMemoMax = 1 << 14

// Relink proposes every record the engine holds again against all the
// others, as when the threshold or the engine changed: a full relink. It
// runs on workers goroutines (every core when workers <= 0) and calls emit
// once for each pair proposed (from whichever record proposed it first),
// never concurrently. Records are taken in the order of their first name,
// so that the records of one name, which search the person index alike,
// search it once; and a pair proposed from one of its records is not
// scored again from the other. Records added or removed while it runs may
// or may not be seen. It stops at the first error of emit or ctx.
func (e *Engine) Relink(ctx context.Context, workers int, emit func(meridian.LinkProposal) error) (RelinkStats, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type item struct {
		id, name, dob string
	}
	e.mu.RLock()
	items := make([]item, 0, len(e.profiles))
	for id, p := range e.profiles {
		it := item{id: id, dob: p.dob}
		if len(p.names) > 0 {
			it.name = p.names[0]
		}
		items = append(items, it)
	}
	e.mu.RUnlock()
	slices.SortFunc(items, func(x, y item) int {
		return cmp.Or(cmp.Compare(x.name, y.name), cmp.Compare(x.dob, y.dob), cmp.Compare(x.id, y.id))
	})
	r := &relinkRun{ord: make(map[string]uint32, len(items)), done: map[uint64]struct{}{}}
	for i, it := range items {
		r.ord[it.id] = uint32(i)
	}
	if relinkStarted != nil {
		relinkStarted(r, len(items))
	}

	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var errMu sync.Mutex
	var firstErr error
	fail := func(err error) {
		errMu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		errMu.Unlock()
		cancel()
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	var emitMu sync.Mutex
	stats := make([]RelinkStats, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rw := &relinkWorker{run: r, st: &stats[w]}
			for {
				lo := int(next.Add(relinkChunk)) - relinkChunk
				if lo >= len(items) || ctx.Err() != nil {
					return
				}
				for _, it := range items[lo:min(lo+relinkChunk, len(items))] {
					if ctx.Err() != nil {
						return
					}
					ps, err := e.proposeIn(ctx, it.id, rw)
					if err != nil {
						fail(err)
						return
					}
					rw.st.Records++
					r.records.Add(1)
					for _, p := range ps {
						if !r.markProposed(p.A.RecordID, p.B.RecordID) {
							continue
						}
						emitMu.Lock()
						if ctx.Err() != nil {
							emitMu.Unlock()
							return // stopped: emit nothing more
						}
						err := emit(p)
						if err != nil {
							fail(err) // before another worker emits
						}
						emitMu.Unlock()
						if err != nil {
							fail(err)
							return
						}
						rw.st.Proposals++
					}
				}
			}
		}()
	}
	wg.Wait()
	var st RelinkStats
	for _, s := range stats {
		st.Records += s.Records
		st.Proposals += s.Proposals
		st.Searches += s.Searches
		st.Reused += s.Reused
		st.Skipped += s.Skipped
	}
	if firstErr != nil {
		return st, firstErr
	}
	return st, parent.Err()
}

// relinkStarted, when set (by a benchmark), is called as a relink begins
// with its run and the number of records it will propose: to follow its
// progress.
var relinkStarted func(r *relinkRun, records int)

// relinkRun is what a relink's workers share: the records' ordinals and
// the pairs proposed so far.
type relinkRun struct {
	ord     map[string]uint32 // record id -> ordinal (read-only while running)
	records atomic.Int64      // records proposed so far
	mu      sync.Mutex
	done    map[uint64]struct{} // pairs proposed, by ordinals
}

func (r *relinkRun) pairKey(a, b string) (uint64, bool) {
	x, ok1 := r.ord[a]
	y, ok2 := r.ord[b]
	if !ok1 || !ok2 {
		return 0, false
	}
	if x > y {
		x, y = y, x
	}
	return uint64(x)<<32 | uint64(y), true
}

// markProposed records the pair and reports whether it is new.
func (r *relinkRun) markProposed(a, b string) bool {
	k, ok := r.pairKey(a, b)
	if !ok {
		return true // a record added since the relink began
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.done[k]; dup {
		return false
	}
	r.done[k] = struct{}{}
	return true
}

// relinkWorker is one worker of a relink: its memos and counts.
type relinkWorker struct {
	run      *relinkRun
	st       *RelinkStats
	searches map[screen.PersonQuery][]string
	bearers  map[string][]string
}

// proposed reports whether the pair was proposed already in this relink.
func (w *relinkWorker) proposed(a, b string) bool {
	k, ok := w.run.pairKey(a, b)
	if !ok {
		return false
	}
	w.run.mu.Lock()
	_, dup := w.run.done[k]
	w.run.mu.Unlock()
	if dup {
		w.st.Skipped++
	}
	return dup
}

// nameCandidates returns the ids of the persons a name search finds (the
// screening engine's matcher, from nameCandidateFloor, at most
// nameCandidateLimit), from the relink's memo when run is set.
func (e *Engine) nameCandidates(q screen.PersonQuery, run *relinkWorker) []string {
	if run != nil {
		if ids, ok := run.searches[q]; ok {
			run.st.Reused++
			return ids
		}
	}
	ms := e.persons.SearchIDs(q, nameCandidateFloor, nameCandidateLimit)
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	if run != nil {
		run.st.Searches++
		if run.searches == nil || len(run.searches) >= relinkMemoMax {
			run.searches = make(map[screen.PersonQuery][]string)
		}
		run.searches[q] = ids
	}
	return ids
}

// bearers returns the ids of the persons bearing name nearly exactly
// (whatever their dates): those the namesake count looks at.
func (e *Engine) bearers(name string, run *relinkWorker) []string {
	if run != nil {
		if ids, ok := run.bearers[name]; ok {
			return ids
		}
	}
	ms := e.persons.SearchIDs(screen.PersonQuery{Name: name}, 0.9, 8)
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	if run != nil {
		if run.bearers == nil || len(run.bearers) >= relinkMemoMax {
			run.bearers = make(map[string][]string)
		}
		run.bearers[name] = ids
	}
	return ids
}
