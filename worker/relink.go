package worker

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"meridian"
	"meridian/link"
)

// RelinkStore is what a full relink of a store reads and writes: what the
// linking worker and its index need, and every pair waiting for a
// judgement.
type RelinkStore interface {
	meridian.LinkStore
	LinkIndexStore
	// PendingLinkPairs returns every pair whose link waits for a
	// judgement (proposed), each once.
	PendingLinkPairs(ctx context.Context) ([][2]string, error)
}

// RelinkResult counts what a full relink of a store did.
type RelinkResult struct {
	link.RelinkStats
	ID         string        // names the relink's runs: relink:ID:N
	Indexed    int           // records the engine indexed from the store
	Runs       int           // runs stored (batches of proposals, and withdrawals)
	Rescored   int           // pending pairs the relink did not find, scored again
	Kept       int           // of those, still at the threshold: stored again
	Withdrawn  int           // of those, below it: withdrawn
	IndexTime  time.Duration // building the index from the store
	LinkTime   time.Duration // proposing every record and storing the proposals
	SettleTime time.Duration // the pending pairs not found again
}

// relinkBatch is how many proposals one run of a relink stores in one
// transaction.
const relinkBatch = 256

// Relink proposes every person and document of the store again against
// all the others, as the engine now scores them, and stores what it
// proposes through the linking worker's own path (StoreLinkRun): owners
// decide what each reader sees when it is read, a new proposal notifies
// its followers and both owner agencies, a proposal still waiting for its
// judgement takes the new evidence quietly, a pair rejected on the same
// evidence is not proposed again (and a confirmed one is left as it
// stands). Then each pair still waiting for a judgement that the relink
// did not propose is scored again, as the worker does for a changed
// record: stored again when it reaches the threshold, withdrawn when it
// does not. e must be a new engine reading the store (link.New(store,
// ...)): Relink fills its index from the store.
//
// Its runs are keyed "relink:ID:N" with a new ID each relink (in
// RelinkResult.ID). One that stops half-way leaves what it stored; run
// again, it proposes everything again, quietly for the pairs stored
// already. Records changed while it runs are linked by the worker as
// usual; the relink may or may not see them. It runs on workers
// goroutines (every core when workers <= 0).
func Relink(ctx context.Context, st RelinkStore, e *link.Engine, workers int, logger *slog.Logger) (RelinkResult, error) {
	if logger == nil {
		logger = slog.Default()
	}
	ctx = meridian.WithSubject(ctx, meridian.SystemSubject)
	res := RelinkResult{ID: meridian.NewID()}
	id := res.ID
	t0 := time.Now()
	if err := (&LinkIndex{Engine: e, Store: st, Logger: logger}).load(ctx); err != nil {
		return res, err
	}
	res.Indexed = e.Len()
	res.IndexTime = time.Since(t0)
	logger.Info("relink: index built", slog.Int("records", res.Indexed), slog.Duration("in", res.IndexTime))

	// The engine's workers emit; one writer stores the batches, so that
	// proposing goes on while a batch is written.
	t1 := time.Now()
	batches := make(chan []meridian.LinkProposal, 4)
	proposed := map[[2]string]bool{}
	n := 0
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	werr := make(chan error, 1)
	go func() {
		var err error
		for b := range batches {
			if err != nil {
				continue // drain: the relink stops on its next emit
			}
			n++
			run := &meridian.LinkRun{ChangeKey: "relink:" + id + ":" + strconv.Itoa(n), Proposals: b}
			if err = st.StoreLinkRun(ctx, run); err != nil {
				cancel()
			}
		}
		werr <- err
	}()
	var batch []meridian.LinkProposal
	stats, err := e.Relink(wctx, workers, func(p meridian.LinkProposal) error {
		proposed[[2]string{p.A.RecordID, p.B.RecordID}] = true
		batch = append(batch, p)
		if len(batch) == relinkBatch {
			select {
			case batches <- batch:
			case <-wctx.Done():
				return wctx.Err()
			}
			batch = nil
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		batches <- batch
	}
	close(batches)
	if wErr := <-werr; wErr != nil {
		err = wErr // the store's error, not the cancellation it caused
	}
	res.RelinkStats, res.Runs = stats, n
	res.LinkTime = time.Since(t1)
	if err != nil {
		return res, err
	}
	logger.Info("relink: proposals stored", slog.Int("records", stats.Records), slog.Int("pairs", stats.Proposals), slog.Duration("in", res.LinkTime))

	// The pairs still waiting that the relink did not propose: scored
	// again on both records, as the worker's withdraw does.
	t2 := time.Now()
	pending, err := st.PendingLinkPairs(ctx)
	if err != nil {
		return res, err
	}
	var again []meridian.LinkProposal
	withdraw := map[string][]string{}
	var order []string
	for _, pr := range pending {
		if proposed[pr] {
			continue
		}
		p, above, known := e.Rescore(pr[0], pr[1])
		if !known {
			continue // a record the engine does not hold: left alone
		}
		res.Rescored++
		if above {
			res.Kept++
			again = append(again, p)
			continue
		}
		res.Withdrawn++
		if withdraw[pr[0]] == nil {
			order = append(order, pr[0])
		}
		withdraw[pr[0]] = append(withdraw[pr[0]], pr[1])
	}
	for lo := 0; lo < len(again); lo += relinkBatch {
		n++
		run := &meridian.LinkRun{ChangeKey: "relink:" + id + ":" + strconv.Itoa(n), Proposals: again[lo:min(lo+relinkBatch, len(again))]}
		if err := st.StoreLinkRun(ctx, run); err != nil {
			return res, err
		}
	}
	for _, rid := range order {
		n++
		run := &meridian.LinkRun{ChangeKey: "relink:" + id + ":" + strconv.Itoa(n), RecordID: rid, Withdraw: withdraw[rid]}
		if err := st.StoreLinkRun(ctx, run); err != nil {
			return res, err
		}
	}
	res.Runs = n
	res.SettleTime = time.Since(t2)
	return res, nil
}
