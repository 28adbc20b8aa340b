package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"meridian"
)

// flushChanges writes the transaction's changes to the outbox, in the same
// transaction as the change itself: a change is on the bus eventually if
// and only if it committed.
func (tx *Tx) flushChanges(ctx context.Context) error {
	// Many rows a statement: a batch of checks publishes a change a hit.
	const perStatement = 200
	for start := 0; start < len(tx.changes); start += perStatement {
		batch := tx.changes[start:min(start+perStatement, len(tx.changes))]
		args := make([]any, 0, 3*len(batch))
		for _, c := range batch {
			payload, err := json.Marshal(c)
			if err != nil {
				return err
			}
			args = append(args, c.Subject(), string(payload), micros(tx.now))
		}
		q := `INSERT INTO outbox (subject, payload, created_at) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(batch)), ", ")
		if _, err := tx.exec(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// PendingChanges reports how many changes wait in the outbox.
func (s *DB) PendingChanges(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox`).Scan(&n)
	if err != nil {
		return 0, meridian.Internal("sqldb.PendingChanges", err)
	}
	return n, nil
}

// RelayOnce publishes up to limit outbox changes in order and removes the
// ones the bus acknowledged. A crash between the two republishes; the bus
// drops the duplicate by its message id. It returns how many it relayed.
func (s *DB) RelayOnce(ctx context.Context, pub meridian.Publisher, limit int) (int, error) {
	const op = "sqldb.RelayOnce"
	// With PostgreSQL the rows stay locked while they are published, and
	// other instances' relays skip them. SQLite has one writer process,
	// so one relay: it reads and publishes in a read transaction and
	// deletes what the bus acknowledged in a short write one, so that
	// the one writer is not held while the bus syncs each change to disk
	// (the group-commit sequencer waits for the writer).
	single := s.writer != nil
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: single})
	if err != nil {
		return 0, &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "database unavailable", Err: err}
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, s.d.Rebind(`SELECT seq, payload FROM outbox ORDER BY seq LIMIT ?`+s.d.SkipLocked()), limit)
	if err != nil {
		return 0, meridian.Internal(op, err)
	}
	var items []relayItem
	for rows.Next() {
		var it relayItem
		if err := rows.Scan(&it.seq, &it.payload); err != nil {
			rows.Close()
			return 0, meridian.Internal(op, err)
		}
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, meridian.Internal(op, err)
	}
	if len(items) == 0 {
		return 0, nil
	}
	if single {
		// End the read before publishing: a snapshot held open would keep
		// SQLite from restarting its WAL, which would then only grow.
		tx.Rollback()
	}
	done, pubErr := publishItems(ctx, s, pub, items)
	if !single && done > 0 {
		if err := deleteSeqs(ctx, tx, s.d, items[:done]); err != nil {
			return 0, meridian.Internal(op, err)
		}
	}
	if single {
		if err := s.deleteRelayed(ctx, items[:done]); err != nil {
			return 0, meridian.Internal(op, err)
		}
		return done, pubErr
	}
	if err := tx.Commit(); err != nil {
		return 0, meridian.Internal(op, err)
	}
	return done, pubErr
}

// deleteRelayed removes relayed changes from the outbox in one write
// transaction (single-writer engines).
func (s *DB) deleteRelayed(ctx context.Context, items []relayItem) error {
	if len(items) == 0 {
		return nil
	}
	unlock, err := s.lockWriter(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := deleteSeqs(ctx, tx, s.d, items); err != nil {
		return err
	}
	return tx.Commit()
}

// deleteSeqs removes items from the outbox in tx, 500 a statement.
func deleteSeqs(ctx context.Context, tx *sql.Tx, d Dialect, items []relayItem) error {
	for start := 0; start < len(items); start += 500 {
		batch := items[start:min(start+500, len(items))]
		args := make([]any, len(batch))
		for i, it := range batch {
			args[i] = it.seq
		}
		if _, err := tx.ExecContext(ctx, d.Rebind(`DELETE FROM outbox WHERE seq IN (`+placeholders(len(batch))+`)`), args...); err != nil {
			return err
		}
	}
	return nil
}

// publishItems puts items on the bus in order and returns how many, from
// the first, are relayed: published and acknowledged, or undecodable and
// dropped. A bus that takes batches gets them all at once, pipelined; any
// other gets one change at a time.
func publishItems(ctx context.Context, s *DB, pub meridian.Publisher, items []relayItem) (int, error) {
	changes := make([]*meridian.Change, 0, len(items))
	at := make([]int, 0, len(items)) // at[i]: the item of changes[i]
	for i, it := range items {
		var c meridian.Change
		if err := json.Unmarshal([]byte(it.payload), &c); err != nil {
			s.log.Error("outbox: undecodable change dropped", intAttr("seq", it.seq), errAttr(err))
			continue
		}
		c.Seq = it.seq
		changes = append(changes, &c)
		at = append(at, i)
	}
	var (
		n   int
		err error
	)
	if bp, ok := pub.(meridian.BatchPublisher); ok {
		n, err = bp.PublishBatch(ctx, changes)
	} else {
		for n < len(changes) {
			if err = pub.Publish(ctx, changes[n]); err != nil {
				break
			}
			n++
		}
	}
	if n == len(changes) {
		return len(items), err
	}
	// Items up to the first change not published: the undecodable ones
	// before it go with the published ones.
	return at[n], err
}

type relayItem struct {
	seq     int64
	payload string
}

// Relay moves outbox changes to the bus until ctx ends: at once after each
// commit of this process, and every interval for other processes' commits
// and for retries while the bus is down.
func (s *DB) Relay(ctx context.Context, pub meridian.Publisher, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	failing := false
	for {
		n, err := s.RelayOnce(ctx, pub, 500)
		switch {
		case err != nil && ctx.Err() == nil:
			if !failing {
				s.log.Warn("outbox relay failing; changes wait in the outbox", errAttr(err))
			}
			failing = true
		case err == nil && failing:
			s.log.Info("outbox relay recovered")
			failing = false
		}
		if n == 500 && err == nil {
			continue // more waiting
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-t.C:
		}
	}
}

var _ = sql.ErrNoRows
