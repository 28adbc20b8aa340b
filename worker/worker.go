// Package worker runs Meridian's named workers: work that must happen once
// across all instances (linking, deadline reminders, notifications,
// analysis refresh, federation), each on a durable consumer of the bus, so
// that a change is handled by one instance, acknowledged after the work,
// retried with back-off and parked after its last attempt for an
// administrator to see and put back. The work itself belongs to the
// engines; a worker only calls them. Main registers the workers, starts
// them after the store and the bus, and stops them before either closes,
// never as a loose goroutine.
package worker

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"meridian"
	"meridian/policy"
)

// Store is what the registry keeps in the store: the parked changes.
type Store interface {
	ParkWork(ctx context.Context, p *meridian.ParkedWork) error
	CountParkedWork(ctx context.Context, worker string) (int, error)
	FindParkedWork(ctx context.Context, f meridian.ParkedWorkFilter) ([]*meridian.ParkedWork, string, error)
	RetryParkedWork(ctx context.Context, worker, id string) (*meridian.ParkedWork, error)
	RestoreParkedWork(ctx context.Context, id string) error
}

// Registry holds the named workers of one instance. Set the fields,
// Register the workers, then Start; Stop before closing the bus.
type Registry struct {
	Queue  meridian.Queue
	Store  Store
	Logger *slog.Logger

	mu      sync.Mutex
	workers []*entry
	started bool
}

var _ meridian.WorkService = (*Registry)(nil)

type entry struct {
	name, filter string
	opt          meridian.ConsumeOptions
	h            meridian.WorkHandler

	c     meridian.Consumption
	state string
	err   string
}

// Register adds a worker taking the changes matching filter (under
// meridian.change.). opt is optional; its Park is the registry's.
// Registering after Start, or a name twice, is an error.
func (r *Registry) Register(name, filter string, h meridian.WorkHandler, opt ...meridian.ConsumeOptions) error {
	const op = "worker.Register"
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started {
		return meridian.Errorf(meridian.EConflict, op, "workers are registered before Start")
	}
	if h == nil {
		return meridian.Invalidf(op, "handler", "a worker needs a handler")
	}
	for _, e := range r.workers {
		if e.name == name {
			return meridian.Invalidf(op, "name", "a worker named %s exists already", name)
		}
	}
	e := &entry{name: name, filter: filter, h: h, state: meridian.WorkerStopped}
	if len(opt) > 0 {
		e.opt = opt[0]
	}
	r.workers = append(r.workers, e)
	return nil
}

// Start starts every registered worker. ctx is the work's context:
// cancelling it aborts the work in hand (which the bus hands out again);
// Stop ends the workers gracefully. If one cannot start, those started
// are stopped and the error returned.
func (r *Registry) Start(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started {
		return meridian.Errorf(meridian.EConflict, "worker.Start", "the workers are running already")
	}
	for _, e := range r.workers {
		opt := e.opt
		opt.Park = r.park
		c, err := r.Queue.Consume(ctx, e.name, e.filter, opt, e.h)
		if err != nil {
			e.state, e.err = meridian.WorkerFailed, meridian.MessageOf(err)
			r.stopLocked(context.Background())
			return err
		}
		e.c, e.state, e.err = c, meridian.WorkerRunning, ""
		r.logger().Info("worker started", slog.String("worker", e.name), slog.String("filter", e.filter))
	}
	r.started = true
	return nil
}

// Stop stops taking changes and waits until every worker has settled the
// change in hand, or ctx ends (the unsettled change is then handed out
// again after its acknowledgement wait). The registry can be started
// again.
func (r *Registry) Stop(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stopLocked(ctx)
}

func (r *Registry) stopLocked(ctx context.Context) error {
	for _, e := range r.workers {
		if e.c != nil {
			e.c.Stop()
		}
	}
	var errs []error
	for _, e := range r.workers {
		if e.c == nil {
			continue
		}
		select {
		case <-e.c.Done():
			e.c, e.state = nil, meridian.WorkerStopped
		case <-ctx.Done():
			errs = append(errs, ctx.Err())
		}
	}
	r.started = false
	return errors.Join(errs...)
}

// park records a change given up on, as Meridian itself.
func (r *Registry) park(ctx context.Context, p *meridian.ParkedWork) error {
	return r.Store.ParkWork(meridian.WithSubject(ctx, meridian.SystemSubject), p)
}

func (r *Registry) logger() *slog.Logger {
	if r.Logger == nil {
		return slog.Default()
	}
	return r.Logger
}

func (r *Registry) find(op, name string) (*entry, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.workers {
		if e.name == name {
			return e, nil
		}
	}
	return nil, meridian.NotFound(op, "worker")
}

// FindWorkers implements meridian.WorkService.
func (r *Registry) FindWorkers(ctx context.Context) ([]*meridian.WorkerInfo, error) {
	const op = "worker.FindWorkers"
	if err := policy.CanAdministerWork(meridian.SubjectFrom(ctx)); err != nil {
		return nil, err
	}
	r.mu.Lock()
	infos := make([]*meridian.WorkerInfo, len(r.workers))
	for i, e := range r.workers {
		infos[i] = &meridian.WorkerInfo{Name: e.name, Filter: e.filter, State: e.state, Error: e.err}
	}
	r.mu.Unlock()
	for _, w := range infos {
		st, err := r.Queue.WorkerStats(ctx, w.Name)
		switch {
		case err == nil:
			w.WorkerStats = *st
		case meridian.KindOf(err) != meridian.ENotFound:
			return nil, err
		}
		if w.Parked, err = r.Store.CountParkedWork(ctx, w.Name); err != nil {
			return nil, err
		}
	}
	return infos, nil
}

// FindParkedWork implements meridian.WorkService.
func (r *Registry) FindParkedWork(ctx context.Context, f meridian.ParkedWorkFilter) ([]*meridian.ParkedWork, string, error) {
	const op = "worker.FindParkedWork"
	if err := policy.CanAdministerWork(meridian.SubjectFrom(ctx)); err != nil {
		return nil, "", err
	}
	if _, err := r.find(op, f.Worker); err != nil {
		return nil, "", err
	}
	return r.Store.FindParkedWork(ctx, f)
}

// RetryParkedWork implements meridian.WorkService: the store marks the
// item and audits the request, then the bus puts the change back before
// the worker; if the bus refuses, the item is parked again.
func (r *Registry) RetryParkedWork(ctx context.Context, worker, id string) (*meridian.ParkedWork, error) {
	const op = "worker.RetryParkedWork"
	if err := policy.CanAdministerWork(meridian.SubjectFrom(ctx)); err != nil {
		return nil, err
	}
	if _, err := r.find(op, worker); err != nil {
		return nil, err
	}
	p, err := r.Store.RetryParkedWork(ctx, worker, id)
	if err != nil {
		return nil, err
	}
	if err := r.Queue.Requeue(ctx, p); err != nil {
		sys := meridian.WithSubject(context.WithoutCancel(ctx), meridian.SystemSubject)
		if rerr := r.Store.RestoreParkedWork(sys, p.ID); rerr != nil {
			r.logger().Error("worker: cannot restore parked work", slog.String("parked_id", p.ID), slog.Any("error", rerr))
		}
		return nil, err
	}
	r.logger().Info("worker: parked change put back", slog.String("worker", worker), slog.String("parked_id", p.ID),
		slog.String("by", p.RetriedBy))
	return p, nil
}
