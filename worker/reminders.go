package worker

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// ReminderWorker names the deadline reminders' sweeper.
const ReminderWorker = "reminders"

// ReminderStore is what the reminders need of the store: one sweep that
// sends what is due at the store's clock, once across all instances.
type ReminderStore interface {
	SendRequestReminders(ctx context.Context, batch int) (int, error)
}

// Reminders sends request deadline reminders and overdue notices. They
// are driven by time, not by a change, and the bus in use has no delayed
// delivery; so what makes them durable is the store: each deadline row
// carries whether its reminder and overdue notice went out, a sweep marks
// it in the transaction that writes the notice (whose dedup key is
// unique), and rows are taken with SKIP LOCKED. Every instance sweeps; a
// restart or a second instance neither loses nor doubles a notice. Main
// starts it with the named workers and stops it before the store closes.
type Reminders struct {
	Store  ReminderStore
	Every  time.Duration // default 30s: a reminder is late by at most this
	Logger *slog.Logger

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
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

// Sweep sends everything due now, in batches.
func (r *Reminders) Sweep(ctx context.Context) int {
	total := 0
	for ctx.Err() == nil {
		n, err := r.Store.SendRequestReminders(ctx, 500)
		total += n
		if err != nil {
			if ctx.Err() == nil {
				r.logger().Warn("reminders: sweep failed", slog.String("worker", ReminderWorker), slog.String("err", err.Error()))
			}
			break
		}
		if n < 500 {
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
