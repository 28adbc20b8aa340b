package sqldb

import (
	"context"
	"errors"
	"sync"
	"time"

	"meridian"
)

// The sequencer commits the recording of checks, and the audit entries
// of reads, in groups (group commit). A request hands what it must record
// to a queue in memory and waits; one goroutine per store takes everything
// queued, writes it in ONE transaction, extends the audit chain and its
// Merkle tree once, signs one head for the batch and commits; then it
// answers every request of the batch with the one outcome. So:
//
//   - a request is answered only after its batch is durable: a check or a
//     read that cannot be audited is never answered;
//   - a batch that fails fails every request in it and writes nothing of
//     any of them (one transaction);
//   - the head lock (audit_head FOR UPDATE on PostgreSQL, the single
//     writer on SQLite) is taken once a batch, not once a request.
//
// There is no timer: the goroutine commits at once what is queued, and
// what arrives while it commits forms the next batch, so a lone request
// waits for one commit and a busy store's batches grow with the load
// (up to maxBatchChecks checks or maxBatchJobs requests a batch). The
// goroutine runs only while there is work, so a store needs no Close to
// stop it.
//
// With several instances on one PostgreSQL database each instance has
// its own sequencer, and each batch takes the head row's lock in its
// transaction: the chain grows batch by batch, whole batches from
// different instances interleaving, never mixing. An advisory lock
// electing one committing instance would need requests to be forwarded
// to it and a hand-over when it dies; the row lock needs neither and
// costs one lock a batch, which is what the per-request lock cost times
// the batch size.
type sequencer struct {
	mu      sync.Mutex
	queue   []*commitJob
	running bool
	hold    int
	batches int64
}

const (
	maxBatchChecks = 8192
	maxBatchJobs   = 1024
	// batchTimeout bounds one batch's transaction; requests do not
	// cancel a batch, which others wait on too.
	batchTimeout = time.Minute
)

// commitJob is what one request hands to the sequencer.
type commitJob struct {
	ctx    context.Context
	subj   *meridian.Subject
	checks bool
	c      meridian.CheckContext
	recs   []meridian.CheckRecord
	audits []meridian.AuditEntry
	done   chan error
}

func (j *commitJob) size() int { return max(1, len(j.recs)+len(j.audits)) }

// submit queues j and waits for its batch to commit (or fail).
func (s *DB) submit(j *commitJob) error {
	j.done = make(chan error, 1)
	q := &s.seq
	q.mu.Lock()
	q.queue = append(q.queue, j)
	start := !q.running && q.hold == 0
	if start {
		q.running = true
	}
	q.mu.Unlock()
	if start {
		go s.commitLoop()
	}
	return <-j.done
}

// commitLoop commits batches while requests are queued.
func (s *DB) commitLoop() {
	q := &s.seq
	for {
		q.mu.Lock()
		if len(q.queue) == 0 || q.hold > 0 {
			q.running = false
			q.mu.Unlock()
			return
		}
		n, size := 0, 0
		for n < len(q.queue) && n < maxBatchJobs && (n == 0 || size+q.queue[n].size() <= maxBatchChecks) {
			size += q.queue[n].size()
			n++
		}
		batch := make([]*commitJob, n)
		copy(batch, q.queue)
		q.queue = append(q.queue[:0], q.queue[n:]...)
		q.mu.Unlock()

		// A request that gave up before its batch began is answered so
		// and left out: nothing of it is written.
		live := batch[:0:0]
		for _, j := range batch {
			if err := j.ctx.Err(); err != nil {
				j.done <- &meridian.Error{Kind: meridian.EUnavailable, Op: "sqldb.commit", Message: "request cancelled", Err: err}
				continue
			}
			live = append(live, j)
		}
		if len(live) == 0 {
			continue
		}
		q.mu.Lock()
		q.batches++
		q.mu.Unlock()
		err := s.commitBatch(live)
		for _, j := range live {
			j.done <- err
		}
	}
}

// commitBatch writes the jobs in one transaction: their hits, outbox
// changes and audit entries, the check counts summed over the batch, and
// one extension of the audit chain and tree with one signed head.
func (s *DB) commitBatch(jobs []*commitJob) error {
	const op = "sqldb.commit"
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	unlock, err := s.lockWriter(ctx)
	if err != nil {
		return &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "database unavailable", Err: err}
	}
	defer unlock()
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "database unavailable", Err: err}
	}
	tx := &Tx{tx: sqlTx, s: s, now: s.now().UTC().Truncate(time.Microsecond)}
	counts := map[countKey][2]int64{}
	for _, j := range jobs {
		tx.subj = j.subj
		if j.checks {
			if err := tx.addChecks(ctx, j.c, j.recs, counts); err != nil {
				sqlTx.Rollback()
				return wrapErr(op, err)
			}
		}
		tx.audits = append(tx.audits, j.audits...)
	}
	if err := tx.flushHits(ctx); err != nil {
		sqlTx.Rollback()
		return wrapErr(op, err)
	}
	tx.flushHitNotices()
	if err := tx.flushCounts(ctx, counts); err != nil {
		sqlTx.Rollback()
		return meridian.Internal(op, err)
	}
	if err := tx.flushChanges(ctx); err != nil {
		sqlTx.Rollback()
		return meridian.Internal(op, err)
	}
	if err := tx.flushAudit(ctx); err != nil {
		sqlTx.Rollback()
		return wrapErr(op, err)
	}
	if fail := s.failBatch.Load(); fail != nil {
		// After every write of the batch, before its commit: what a
		// failure at the last moment leaves (nothing).
		if err := (*fail)(len(jobs)); err != nil {
			sqlTx.Rollback()
			return err
		}
	}
	if err := sqlTx.Commit(); err != nil {
		s.evictLocal(tx.changes)
		return meridian.Internal(op, err)
	}
	s.tree.keep(tx.tree)
	s.evictLocal(tx.changes)
	s.witness(tx.notes)
	if len(tx.changes) > 0 || len(tx.notes) > 0 {
		s.wakeRelay()
	}
	return nil
}

// recordAudits writes audit entries (of a read made outside any write
// transaction) through the sequencer and returns once they are durable:
// the caller answers only then.
func (s *DB) recordAudits(ctx context.Context, op string, subj *meridian.Subject, es []meridian.AuditEntry) error {
	if len(es) == 0 {
		return nil
	}
	return jobErr(op, s.submit(&commitJob{ctx: ctx, subj: subj, audits: es}))
}

// jobErr names the request's operation in a batch's error.
func jobErr(op string, err error) error {
	if err == nil {
		return nil
	}
	var e *meridian.Error
	if errors.As(err, &e) {
		c := *e
		c.Op = op
		return &c
	}
	return meridian.Internal(op, err)
}

// HoldCommits stops the sequencer from starting batches until the
// returned function is called, so that a test can queue requests and see
// them committed as one batch. Not for production use.
func (s *DB) HoldCommits() (release func()) {
	q := &s.seq
	q.mu.Lock()
	q.hold++
	q.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			q.mu.Lock()
			q.hold--
			start := q.hold == 0 && !q.running && len(q.queue) > 0
			if start {
				q.running = true
			}
			q.mu.Unlock()
			if start {
				go s.commitLoop()
			}
		})
	}
}

// CommitBatches reports how many batches the sequencer has committed or
// tried to (for tests).
func (s *DB) CommitBatches() int64 {
	s.seq.mu.Lock()
	defer s.seq.mu.Unlock()
	return s.seq.batches
}

// QueuedCommits reports how many requests wait for the sequencer (for
// tests).
func (s *DB) QueuedCommits() int {
	s.seq.mu.Lock()
	defer s.seq.mu.Unlock()
	return len(s.seq.queue)
}

// FailCommits makes every batch fail with the error fn returns (nil: the
// batch proceeds), after its writes and before its commit; nil fn
// restores normal commits. For tests of a failed batch.
func (s *DB) FailCommits(fn func(jobs int) error) {
	if fn == nil {
		s.failBatch.Store(nil)
		return
	}
	s.failBatch.Store(&fn)
}
