// Package live is the live operational picture: it follows field reports
// on the event bus and the operation's figures in the store, and fans them
// out to the viewers of each operation, each viewer receiving only the
// reports they may read. Only the operation's participants watch at all. Every instance runs its own Hub; the bus brings
// every instance every report, so a viewer sees reports made through any
// instance.
package live

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"meridian"
	"meridian/policy"
)

// Message is one message to a viewer: "results" with the operation's
// Results, or "report" with a FeedItem.
type Message struct {
	Event string
	Data  []byte // JSON
}

// Store is what the hub reads: results, and who takes part in an
// operation (for reports released to all participants).
type Store interface {
	OperationResults(ctx context.Context, operationID string) (*meridian.Results, error)
	Participation(ctx context.Context, operationID string) (meridian.Participation, error)
}

// Hub fans the live picture out to viewers. Set the fields, then Start.
type Hub struct {
	Store Store
	Bus   meridian.Bus
	// Interval is how often the figures of watched operations are
	// recomputed and, when changed, sent; default one second.
	Interval time.Duration
	Logger   *slog.Logger

	mu   sync.Mutex
	ops  map[string]*watched
	ctx  context.Context
	kick chan struct{} // a report arrived: recompute soon
}

// watched is an operation with at least one viewer.
type watched struct {
	viewers map[*viewer]struct{}
	part    meridian.Participation
	last    []byte // the last results sent, without their time
}

type viewer struct {
	subj *meridian.Subject
	ch   chan Message
}

// viewerBuffer bounds what a slow viewer may fall behind by; beyond it the
// viewer is dropped and its browser reconnects, rather than slowing the
// others.
const viewerBuffer = 256

// Start subscribes to field reports and recomputes figures until ctx ends;
// then every viewer's channel is closed.
func (h *Hub) Start(ctx context.Context) error {
	if h.Interval <= 0 {
		h.Interval = time.Second
	}
	if h.Logger == nil {
		h.Logger = slog.New(slog.DiscardHandler)
	}
	h.mu.Lock()
	h.ops = map[string]*watched{}
	h.ctx = ctx
	h.kick = make(chan struct{}, 1)
	h.mu.Unlock()
	if err := h.Bus.Subscribe(ctx, meridian.ChangeSubjectPrefix+"event.>", h.onChange); err != nil {
		return err
	}
	if err := h.Bus.Subscribe(ctx, meridian.ChangeSubjectPrefix+"operation.>", h.onOperation); err != nil {
		return err
	}
	go h.loop(ctx)
	return nil
}

// Watch registers a viewer of an operation. The first message is the
// current results; the channel closes when ctx ends, when the hub stops,
// or when the viewer falls too far behind.
func (h *Hub) Watch(ctx context.Context, subj *meridian.Subject, operationID string) (<-chan Message, error) {
	sys := meridian.WithSubject(ctx, meridian.SystemSubject)
	part, err := h.Store.Participation(sys, operationID)
	if err != nil {
		return nil, err
	}
	// The figures move with every report, owner-only ones included: only
	// participants watch them.
	if err := policy.CanSeeFigures(subj, part); err != nil {
		return nil, err
	}
	r, err := h.Store.OperationResults(sys, operationID)
	if err != nil {
		return nil, err
	}
	first, key := encodeResults(r)
	v := &viewer{subj: subj, ch: make(chan Message, viewerBuffer)}
	v.ch <- Message{Event: "results", Data: first}
	h.mu.Lock()
	if h.ops == nil || h.ctx.Err() != nil {
		h.mu.Unlock()
		return nil, meridian.Errorf(meridian.EUnavailable, "live.Watch", "the live picture is not running")
	}
	w := h.ops[operationID]
	if w == nil {
		w = &watched{viewers: map[*viewer]struct{}{}, part: part, last: key}
		h.ops[operationID] = w
	}
	w.viewers[v] = struct{}{}
	h.mu.Unlock()
	go func() {
		select {
		case <-ctx.Done():
		case <-h.ctx.Done():
		}
		h.drop(operationID, v)
	}()
	return v.ch, nil
}

// drop removes a viewer and closes its channel, once.
func (h *Hub) drop(operationID string, v *viewer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	w := h.ops[operationID]
	if w == nil {
		return
	}
	if _, ok := w.viewers[v]; !ok {
		return
	}
	delete(w.viewers, v)
	close(v.ch)
	if len(w.viewers) == 0 {
		delete(h.ops, operationID)
	}
}

// Viewers returns how many viewers watch an operation on this instance.
func (h *Hub) Viewers(operationID string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if w := h.ops[operationID]; w != nil {
		return len(w.viewers)
	}
	return 0
}

// onChange sends a new or changed report to the viewers of its operation
// who may read it, and marks the operation's figures for recomputation.
func (h *Hub) onChange(c *meridian.Change) {
	if c.Meta == nil || c.Meta.OperationID == "" {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	w := h.ops[c.Meta.OperationID]
	if w == nil {
		return
	}
	select {
	case h.kick <- struct{}{}:
	default:
	}
	if c.Action != meridian.ChangeCreated {
		return
	}
	var e meridian.Event
	if err := json.Unmarshal(c.Data, &e); err != nil {
		h.Logger.Error("live: undecodable report", slog.String("id", c.RecordID), slog.Any("err", err))
		return
	}
	e.Meta = *c.Meta
	data, err := json.Marshal(e.FeedItem())
	if err != nil {
		return
	}
	for v := range w.viewers {
		if policy.CanRead(v.subj, c.Meta, w.part) {
			h.send(c.Meta.OperationID, w, v, Message{Event: "report", Data: data})
		}
	}
}

// onOperation keeps the participants of watched operations current: a
// country joining an operation sees its reports from then on, and a viewer
// whose agency or country was removed is dropped (their stream ends; a
// reconnection is refused).
//
// The participants are read from the store, not from the change: changes
// arrive late (a viewer may connect after an acceptance and before the
// creation's change reaches this instance), and the store is the truth.
func (h *Hub) onOperation(c *meridian.Change) {
	h.mu.Lock()
	ctx, w := h.ctx, h.ops[c.RecordID]
	h.mu.Unlock()
	if w == nil {
		return
	}
	part, err := h.Store.Participation(meridian.WithSubject(ctx, meridian.SystemSubject), c.RecordID)
	if err != nil {
		h.Logger.Warn("live: participants unknown", slog.String("operation", c.RecordID), slog.Any("err", err))
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if w = h.ops[c.RecordID]; w == nil {
		return
	}
	w.part = part
	for v := range w.viewers {
		if policy.CanSeeFigures(v.subj, w.part) != nil {
			delete(w.viewers, v)
			close(v.ch)
		}
	}
	if len(w.viewers) == 0 {
		delete(h.ops, c.RecordID)
	}
}

// send queues a message, dropping a viewer that cannot keep up. It is
// called with h.mu held.
func (h *Hub) send(operationID string, w *watched, v *viewer, m Message) {
	select {
	case v.ch <- m:
	default:
		h.Logger.Warn("live: viewer too slow; dropped", slog.String("operation", operationID), slog.String("user", v.subj.Username))
		delete(w.viewers, v)
		close(v.ch)
		if len(w.viewers) == 0 {
			delete(h.ops, operationID)
		}
	}
}

// loop recomputes the figures of watched operations every interval, and
// shortly after a report arrives, and sends them where they changed.
// Checks change figures without a report, so every watched operation is
// recomputed, not only those with reports.
func (h *Hub) loop(ctx context.Context) {
	t := time.NewTicker(h.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-h.kick:
			// Let a burst of reports land, then compute once.
			select {
			case <-ctx.Done():
				return
			case <-time.After(h.Interval / 10):
			}
		}
		h.mu.Lock()
		ids := make([]string, 0, len(h.ops))
		for id := range h.ops {
			ids = append(ids, id)
		}
		h.mu.Unlock()
		sys := meridian.WithSubject(ctx, meridian.SystemSubject)
		for _, id := range ids {
			r, err := h.Store.OperationResults(sys, id)
			if err != nil {
				if ctx.Err() == nil {
					h.Logger.Warn("live: results failed", slog.String("operation", id), slog.Any("err", err))
				}
				continue
			}
			data, key := encodeResults(r)
			h.mu.Lock()
			if w := h.ops[id]; w != nil && !bytes.Equal(key, w.last) {
				w.last = key
				for v := range w.viewers {
					h.send(id, w, v, Message{Event: "results", Data: data})
				}
			}
			h.mu.Unlock()
		}
	}
}

// encodeResults returns the results as sent, and as compared to decide
// whether they changed (without the time they were computed).
func encodeResults(r *meridian.Results) (data, key []byte) {
	data, _ = json.Marshal(r)
	at := r.ComputedAt
	r.ComputedAt = time.Time{}
	key, _ = json.Marshal(r)
	r.ComputedAt = at
	return data, key
}
