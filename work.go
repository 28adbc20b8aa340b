package meridian

import (
	"context"
	"time"
)

// WorkHandler does one piece of durable work for a change: nil means done
// (the change is acknowledged), an error means "not now" (it is tried
// again later, and parked after the last attempt).
//
// Delivery is at least once: an instance may stop after the work and
// before its acknowledgement reaches the bus, and the change is then
// handled again, possibly by another instance. A handler must therefore be
// idempotent, keyed on the change's identity: c.Seq is the outbox
// sequence, unique per store, and c.MsgID(storeID) is the bus's message
// id; a retry of a parked change carries the same change, so the same key.
// Order is not kept across instances or across retries.
//
// The error is shown to administrators when the change is parked: return
// a *Error whose message names no person (an id is fine); anything else
// is recorded as "internal error" and logged whole.
type WorkHandler func(ctx context.Context, c *Change) error

// ConsumeOptions tune a durable consumer. Zero values take the defaults.
type ConsumeOptions struct {
	// MaxDeliver is how many attempts a change gets before it is parked;
	// default 5.
	MaxDeliver int
	// BackOff[i] is the delay before attempt i+2 after attempt i+1
	// failed, the last value repeating; default 1s, 2s, 4s, ... capped
	// at one minute.
	BackOff []time.Duration
	// AckWait is how long an instance may hold a change without a word
	// before the bus gives it to another (the holder sends a heartbeat
	// while its handler runs); default 30s.
	AckWait time.Duration
	// Timeout bounds one attempt: the handler's context ends then;
	// default 5 minutes.
	Timeout time.Duration
	// DeliverAll makes a worker seen for the first time start from the
	// oldest change the bus still holds instead of the next one.
	DeliverAll bool
	// Park records a change given up on. It is required: a change is
	// acknowledged as parked only once Park has returned nil, and tried
	// again otherwise, so nothing is dropped silently.
	Park func(ctx context.Context, p *ParkedWork) error
}

// DefaultMaxDeliver is ConsumeOptions.MaxDeliver's default.
const DefaultMaxDeliver = 5

// Delay returns the back-off before the attempt after attempt n (1-based).
func (o ConsumeOptions) Delay(n int) time.Duration {
	if len(o.BackOff) > 0 {
		return o.BackOff[min(max(n, 1), len(o.BackOff))-1]
	}
	return min(time.Second<<min(max(n-1, 0), 6), time.Minute)
}

// Consumption is a running durable consumer on one instance.
type Consumption interface {
	// Stop stops taking changes; the one in hand is finished and
	// acknowledged. It does not wait: Done does.
	Stop()
	// Done is closed once the consumer has stopped and its last change
	// is settled (acknowledged, retried or parked).
	Done() <-chan struct{}
}

// Queue is the durable side of the bus: work that must happen once
// across all instances (linking, reminders, analysis, federation).
type Queue interface {
	// Consume starts the durable consumer name on the changes matching
	// filter (under ChangeSubjectPrefix) and on retries of its parked
	// changes. Every instance consuming the same name shares it: each
	// change goes to one of them. The consumer remembers what was
	// acknowledged, so a restart resumes where it stopped. Cancelling
	// ctx aborts the work in hand (which is then retried); Stop ends the
	// consumer gracefully. Errors: EInvalid for a bad name, filter or
	// options; EUnavailable when the bus is.
	Consume(ctx context.Context, name, filter string, opt ConsumeOptions, h WorkHandler) (Consumption, error)
	// WorkerStats reports the bus's view of the consumer name across all
	// instances. ENotFound if it was never started.
	WorkerStats(ctx context.Context, name string) (*WorkerStats, error)
	// Requeue puts a parked change back before its worker, and only its
	// worker. ENotFound when the bus no longer holds the change.
	Requeue(ctx context.Context, p *ParkedWork) error
}

// WorkerStats is what the bus knows of a durable consumer.
type WorkerStats struct {
	Pending     uint64 `json:"pending" doc:"changes not yet handed to any instance"`
	InFlight    int    `json:"in_flight" doc:"changes handed out and not yet settled"`
	Redelivered int    `json:"redelivered" doc:"changes in flight that were handed out more than once"`
}

// Worker states on one instance.
const (
	WorkerRunning = "running"
	WorkerStopped = "stopped"
	WorkerFailed  = "failed"
)

// WorkerInfo describes a named worker for administrators.
type WorkerInfo struct {
	Name   string `json:"name"`
	Filter string `json:"filter" doc:"the changes it takes"`
	State  string `json:"state" enum:"running,stopped,failed" doc:"on the instance that answers"`
	Error  string `json:"error,omitempty" doc:"why it failed to start"`
	WorkerStats
	Parked int `json:"parked" doc:"changes parked and not retried"`
}

// Parked work states.
const (
	ParkedWaiting = "parked"
	ParkedRetried = "retried"
)

// ParkedWork is a change a worker gave up on. It names the change, never
// its content: administrators manage the work, not the records.
type ParkedWork struct {
	ID        string    `json:"id"`
	Worker    string    `json:"worker"`
	State     string    `json:"state" enum:"parked,retried"`
	StreamSeq uint64    `json:"stream_seq" doc:"where the bus holds the change"`
	ChangeSeq int64     `json:"change_seq" doc:"the change's outbox sequence: the handler's idempotency key"`
	Kind      string    `json:"kind"`
	Action    string    `json:"action"`
	RecordID  string    `json:"record_id"`
	Attempts  int       `json:"attempts"`
	Error     string    `json:"error" doc:"the last attempt's error, as safe to show"`
	ParkedAt  time.Time `json:"parked_at"`
	Retries   int       `json:"retries" doc:"how often an administrator put it back"`
	RetriedAt time.Time `json:"retried_at,omitzero"`
	RetriedBy string    `json:"retried_by,omitempty"`
}

// ParkedWorkFilter selects parked work.
type ParkedWorkFilter struct {
	Worker string
	State  string // "" for any
	Page
}

// WorkService lets administrators watch the named workers and put parked
// work back. Errors: EForbidden for anyone but an administrator.
type WorkService interface {
	// FindWorkers lists the workers this instance runs.
	FindWorkers(ctx context.Context) ([]*WorkerInfo, error)
	// FindParkedWork lists a worker's parked changes, newest first.
	// ENotFound for an unknown worker.
	FindParkedWork(ctx context.Context, f ParkedWorkFilter) ([]*ParkedWork, string, error)
	// RetryParkedWork puts a parked change back before its worker,
	// audited. ENotFound for an unknown worker or item; EConflict if it
	// was retried already.
	RetryParkedWork(ctx context.Context, worker, id string) (*ParkedWork, error)
}
