package meridian

import (
	"context"
	"encoding/json"
	"sync"
	"time"
)

// Change is a committed change, published on the event bus through the
// transactional outbox. Meta lets a subscriber decide who may see it
// without a round trip to the store.
type Change struct {
	Seq      int64           `json:"seq"` // outbox sequence, unique per store
	Kind     string          `json:"kind"`
	Action   string          `json:"action"` // created, updated, deleted
	RecordID string          `json:"record_id"`
	Meta     *Meta           `json:"meta,omitempty"`
	By       string          `json:"by,omitempty"`
	At       time.Time       `json:"at"`
	Data     json.RawMessage `json:"data,omitempty"`
}

// Change actions.
const (
	ChangeCreated = "created"
	ChangeUpdated = "updated"
	ChangeDeleted = "deleted"
)

// ChangeSubjectPrefix begins every change subject on the bus.
const ChangeSubjectPrefix = "meridian.change."

// Subject is the bus subject the change is published on:
// meridian.change.<kind>.<action>.
func (c *Change) Subject() string { return ChangeSubjectPrefix + c.Kind + "." + c.Action }

// MsgID deduplicates a change republished after a crash.
func (c *Change) MsgID(store string) string {
	return store + "-" + formatInt(c.Seq)
}

// Publisher puts a change on the bus; it returns only once the bus has
// stored it.
type Publisher interface {
	Publish(ctx context.Context, c *Change) error
}

// BatchPublisher is a Publisher that can put many changes on the bus
// without waiting for each to be stored before sending the next.
// PublishBatch returns how many of cs, counted from the first, the bus has
// stored, in order; on an error the rest may be published again (the bus
// drops a duplicate by its message id) and none of them is stored ahead
// of one before it that is not.
type BatchPublisher interface {
	Publisher
	PublishBatch(ctx context.Context, cs []*Change) (int, error)
}

// ChangeHandler receives changes from the bus.
type ChangeHandler func(c *Change)

// Bus is the event bus: a durable publisher, live subscriptions fanned out
// to every instance (the screening index, the live picture), and durable
// consumers shared by all instances (work.go: linking, reminders,
// analysis, federation).
type Bus interface {
	Publisher
	// Subscribe delivers changes whose subject matches filter (NATS
	// wildcards) from now on, until ctx ends, to this instance.
	Subscribe(ctx context.Context, filter string, h ChangeHandler) error
	Queue
}

// LoadThenFollow builds a view of the store on this instance that changes
// keep current (the screening index, the linking index) without missing
// a change committed while it loads: it subscribes to filters first, then,
// in the background, runs load, applies the changes that arrived
// meanwhile, and from then on applies each as it comes; ready is called
// once the load and that catch-up are done. load returns false when ctx
// ended before it could finish (ready is then never called).
func LoadThenFollow(ctx context.Context, bus Bus, filters []string, load func(ctx context.Context) bool, apply func(*Change), ready func()) error {
	var (
		mu      sync.Mutex
		loaded  bool
		pending []*Change
	)
	on := func(c *Change) {
		mu.Lock()
		if !loaded {
			pending = append(pending, c)
			mu.Unlock()
			return
		}
		mu.Unlock()
		apply(c)
	}
	for _, f := range filters {
		if err := bus.Subscribe(ctx, f, on); err != nil {
			return err
		}
	}
	go func() {
		if !load(ctx) {
			return
		}
		for {
			mu.Lock()
			batch := pending
			pending = nil
			if len(batch) == 0 {
				loaded = true
				mu.Unlock()
				ready()
				return
			}
			mu.Unlock()
			for _, c := range batch {
				apply(c)
			}
		}
	}()
	return nil
}
