package worker

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"meridian"
)

// ReminderWorker names the durable worker that delivers request
// reminders and overdue notices.
const ReminderWorker = "reminders"

// ReminderFilter is the changes it takes: the reminders queued by the
// sweep.
const ReminderFilter = meridian.ChangeSubjectPrefix + meridian.ReminderChangeKind + ".>"

// ReminderStore is what the reminders need of the store: the sweep that
// queues what fell due at the store's clock (once across all instances),
// and the delivery of one queued reminder (idempotent).
type ReminderStore interface {
	QueueRequestReminders(ctx context.Context, batch int) (int, error)
	DeliverRequestReminders(ctx context.Context, ds []meridian.ReminderDue) error
}

// Reminders sends request deadline reminders and overdue notices, in two
// halves. Time, not a change, makes a reminder due, and the bus has no
// delayed delivery; so a sweep on every instance (Start) asks the store
// for what fell due, and the store marks each deadline and queues its
// reminder as a change through the outbox in one transaction (under row
// locks, SKIP LOCKED: two instances take different rows). The named
// durable worker "reminders" (Register) then delivers each change once
// across instances, with the registry's retries and parking; delivery is
// idempotent on the notices' dedup keys. A restart or a second instance
// neither loses nor doubles a reminder. Main registers the worker, starts
// the sweep with the workers and stops it before the store closes.
type Reminders struct {
	Store  ReminderStore
	Every  time.Duration // default 30s: a reminder is late by at most this
	Batch  int           // deadlines a round of the sweep takes of each step; default 500
	Logger *slog.Logger

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

// Register adds the delivering worker to r.
func (r *Reminders) Register(reg *Registry) error {
	return reg.Register(ReminderWorker, ReminderFilter, r.Handle)
}

// Handle delivers the reminders of one change, in one transaction.
func (r *Reminders) Handle(ctx context.Context, c *meridian.Change) error {
	if c.Kind != meridian.ReminderChangeKind {
		return nil
	}
	ds, ok := reminders(c.Data)
	if !ok {
		r.logger().Warn("reminders: a malformed change", slog.Int64("seq", c.Seq))
		return nil // never deliverable: not worth five attempts
	}
	return r.Store.DeliverRequestReminders(ctx, ds)
}

// reminders reads a change's reminders: a batch, or one reminder (as
// queued before batches).
func reminders(data []byte) ([]meridian.ReminderDue, bool) {
	var b struct {
		Reminders *[]meridian.ReminderDue `json:"reminders"`
	}
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, false
	}
	if b.Reminders == nil {
		var d meridian.ReminderDue
		if err := json.Unmarshal(data, &d); err != nil {
			return nil, false
		}
		b.Reminders = &[]meridian.ReminderDue{d}
	}
	for _, d := range *b.Reminders {
		if !meridian.IsID(d.RequestID) {
			return nil, false
		}
	}
	return *b.Reminders, len(*b.Reminders) > 0
}

// Start sweeps at once and then every Every, until Stop.
func (r *Reminders) Start(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cancel != nil {
		return
	}
	every := r.Every
	if every <= 0 {
		every = 30 * time.Second
	}
	ctx, r.cancel = context.WithCancel(ctx)
	r.done = make(chan struct{})
	go func() {
		defer close(r.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			r.Sweep(ctx)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// Sweep sends everything due now, in rounds of Batch.
func (r *Reminders) Sweep(ctx context.Context) int {
	batch := r.Batch
	if batch <= 0 {
		batch = 500
	}
	total := 0
	for ctx.Err() == nil {
		n, err := r.Store.QueueRequestReminders(ctx, batch)
		total += n
		if err != nil {
			if ctx.Err() == nil {
				r.logger().Warn("reminders: sweep failed", slog.String("worker", ReminderWorker), slog.String("err", err.Error()))
			}
			break
		}
		if n == 0 {
			break
		}
	}
	return total
}

// Stop ends the sweeps and waits for the one in hand.
func (r *Reminders) Stop() {
	r.mu.Lock()
	cancel, done := r.cancel, r.done
	r.cancel = nil
	r.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

func (r *Reminders) logger() *slog.Logger {
	if r.Logger == nil {
		return slog.Default()
	}
	return r.Logger
}
