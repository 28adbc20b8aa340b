package nats

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"meridian"
)

// RetrySubjectPrefix begins the subjects parked changes are put back on,
// one per worker (meridian.retry.<worker>): only that worker's consumer
// takes them, and live subscribers, which follow meridian.change.>, never
// see a retry.
const RetrySubjectPrefix = "meridian.retry."

// durablePrefix names the JetStream consumer of a worker.
const durablePrefix = "work-"

var workerName = regexp.MustCompile(`^[a-z][a-z0-9-]{0,62}$`)

// ValidWorkerName reports whether name can name a worker: lower-case
// letters, digits and dashes, so that it makes one subject token and one
// consumer name.
func ValidWorkerName(name string) bool { return workerName.MatchString(name) }

// unsettledGrace is how many deliveries past MaxDeliver still reach the
// handler when earlier ones never settled.
const unsettledGrace = 2

// fetchWait bounds one pull request; Stop cancels it sooner.
const fetchWait = 5 * time.Second

func consumeDefaults(opt meridian.ConsumeOptions) meridian.ConsumeOptions {
	if opt.MaxDeliver <= 0 {
		opt.MaxDeliver = meridian.DefaultMaxDeliver
	}
	if opt.AckWait <= 0 {
		opt.AckWait = 30 * time.Second
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 5 * time.Minute
	}
	return opt
}

// Consume implements meridian.Queue with a durable pull consumer
// ("work-<name>") on the stream, explicit acknowledgement, and one change
// in hand per instance at a time, fetched only when the previous one is
// settled, so that no instance hoards changes another could be working
// on.
//
// Failures are counted by the bus (the delivery count), not by the
// instance, so the count survives a restart and a change of instance. A
// failed attempt is negatively acknowledged with the back-off delay; a
// change whose instance vanished is handed out again after AckWait. The
// consumer has no server-side BackOff: the server adds it to a negative
// acknowledgement's delay, which would stretch 1s into the AckWait. After
// MaxDeliver attempts the change is recorded through opt.Park and
// terminated. The server's MaxDeliver is
// unbounded, so that a change whose parking failed is retried rather than
// dropped; a change delivered more than MaxDeliver times (its instances
// kept dying while handling it) is parked without calling the handler.
func (b *Bus) Consume(ctx context.Context, name, filter string, opt meridian.ConsumeOptions, h meridian.WorkHandler) (meridian.Consumption, error) {
	const op = "nats.Consume"
	if b.isClosed() {
		return nil, unavailable(op, natsgo.ErrConnectionClosed)
	}
	if !ValidWorkerName(name) {
		return nil, meridian.Invalidf(op, "name", "%q is not a worker name (a-z, 0-9, -)", name)
	}
	filter, err := checkFilter(op, filter)
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(filter, meridian.ChangeSubjectPrefix) {
		return nil, meridian.Invalidf(op, "filter", "a worker takes changes: %q is not under %s", filter, meridian.ChangeSubjectPrefix)
	}
	if opt.Park == nil || h == nil {
		return nil, meridian.Invalidf(op, "park", "a worker needs a handler and a place to park what fails")
	}
	opt = consumeDefaults(opt)

	durable := durablePrefix + name
	deliver := jetstream.DeliverNewPolicy
	if opt.DeliverAll {
		deliver = jetstream.DeliverAllPolicy
	}
	// The deliver policy cannot change once the consumer exists; keep
	// the one it was created with.
	if c, err := b.stream.Consumer(ctx, durable); err == nil {
		deliver = c.CachedInfo().Config.DeliverPolicy
	}
	cons, err := b.stream.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
		Durable:        durable,
		Description:    "meridian worker " + name,
		FilterSubjects: []string{filter, RetrySubjectPrefix + name},
		DeliverPolicy:  deliver,
		AckPolicy:      jetstream.AckExplicitPolicy,
		AckWait:        opt.AckWait,
		MaxDeliver:     -1,
		MaxAckPending:  1000,
	})
	if err != nil {
		return nil, busError(op, fmt.Errorf("nats: consumer %s: %w", durable, err))
	}
	wctx, abort := context.WithCancel(ctx)
	pull, stop := context.WithCancel(wctx)
	w := &work{bus: b, name: name, cons: cons, opt: opt, h: h, ctx: wctx, pull: pull, stop: stop,
		done: make(chan struct{}), log: b.log.With(slog.String("worker", name))}
	release, err := b.watchStop(abort)
	if err != nil {
		abort()
		return nil, unavailable(op, err)
	}
	go func() {
		defer abort()
		defer release()
		defer close(w.done)
		w.run()
	}()
	return w, nil
}

// watchStop calls abort when the bus closes: the work in hand sees its
// context end, and its settlement fails with the connection, so that the
// bus hands the change out again. Close does not wait for handlers (a
// handler that ignores its context must not hold the process up);
// Registry.Stop is the graceful path. The returned release ends the watch.
func (b *Bus) watchStop(abort context.CancelFunc) (release func(), err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, natsgo.ErrConnectionClosed
	}
	finished := make(chan struct{})
	go func() {
		select {
		case <-b.done:
			abort()
		case <-finished:
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(finished) }) }, nil
}

// work is one instance's running consumer.
type work struct {
	bus  *Bus
	name string
	cons jetstream.Consumer
	opt  meridian.ConsumeOptions
	h    meridian.WorkHandler
	log  *slog.Logger

	ctx  context.Context // the handlers' context: cancelled, work in hand is aborted
	pull context.Context // the fetches' context: cancelled by Stop
	stop context.CancelFunc
	done chan struct{}
}

func (w *work) Stop()                 { w.stop() }
func (w *work) Done() <-chan struct{} { return w.done }

func (w *work) run() {
	for w.pull.Err() == nil {
		fctx, cancel := context.WithTimeout(w.pull, fetchWait)
		msg, err := w.cons.Next(jetstream.FetchContext(fctx))
		cancel()
		if err != nil {
			if w.pull.Err() != nil {
				return
			}
			if errors.Is(err, natsgo.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) {
				continue
			}
			w.log.Warn("nats: worker fetch", slog.Any("error", err))
			select {
			case <-w.pull.Done():
				return
			case <-time.After(time.Second):
			}
			continue
		}
		w.handle(msg)
	}
}

// handle runs the handler on one message and settles it.
func (w *work) handle(msg jetstream.Msg) {
	meta, err := msg.Metadata()
	if err != nil {
		w.log.Error("nats: worker message without metadata", slog.Any("error", err))
		msg.Term()
		return
	}
	var c meridian.Change
	if err := json.Unmarshal(msg.Data(), &c); err != nil {
		w.park(msg, meta, &c, int(meta.NumDelivered), "malformed change: "+err.Error())
		return
	}
	attempt := int(meta.NumDelivered)
	// Deliveries beyond MaxDeliver come from attempts that never
	// settled (an instance died, or was stopped mid-work, or parking
	// failed); a few more get the handler, then the change is parked
	// unseen, so that a change that kills its instance cannot loop.
	if attempt > w.opt.MaxDeliver+unsettledGrace {
		w.park(msg, meta, &c, attempt-1, fmt.Sprintf("not settled after %d deliveries: an instance stopped while handling it, or parking it failed", attempt-1))
		return
	}
	herr := w.call(msg, &c)
	if herr != nil && w.ctx.Err() != nil {
		// Aborted by shutdown: not the change's fault, so not parked.
		msg.NakWithDelay(w.opt.Delay(1))
		return
	}
	if herr == nil {
		if err := msg.DoubleAck(context.WithoutCancel(w.ctx)); err != nil {
			// The bus will hand it out again: handlers are idempotent.
			w.log.Warn("nats: worker ack", slog.Int64("change_seq", c.Seq), slog.Any("error", err))
		}
		return
	}
	if attempt >= w.opt.MaxDeliver {
		w.park(msg, meta, &c, attempt, w.reason(&c, herr))
		return
	}
	d := w.opt.Delay(attempt)
	w.log.Info("nats: worker will retry", slog.Int64("change_seq", c.Seq), slog.Int("attempt", attempt),
		slog.Duration("delay", d), slog.Any("error", herr))
	if err := msg.NakWithDelay(d); err != nil {
		w.log.Warn("nats: worker nak", slog.Int64("change_seq", c.Seq), slog.Any("error", err))
	}
}

// call runs the handler with a heartbeat that keeps the bus from handing
// the change to another instance while it runs, a time limit, and a panic
// turned into an error.
func (w *work) call(msg jetstream.Msg, c *meridian.Change) (err error) {
	ctx, cancel := context.WithTimeout(w.ctx, w.opt.Timeout)
	defer cancel()
	beat := make(chan struct{})
	defer close(beat)
	go func() {
		t := time.NewTicker(w.opt.AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-beat:
				return
			case <-t.C:
				msg.InProgress()
			}
		}
	}()
	defer func() {
		if r := recover(); r != nil {
			w.log.Error("nats: worker handler panicked", slog.Int64("change_seq", c.Seq), slog.Any("panic", r), slog.String("stack", string(debug.Stack())))
			err = meridian.Errorf(meridian.EInternal, "worker."+w.name, "handler panicked")
		}
	}()
	return w.h(ctx, c)
}

// reason is the error recorded for administrators: a domain error's safe
// message, never a cause that may quote personal data.
func (w *work) reason(c *meridian.Change, err error) string {
	var e *meridian.Error
	if errors.As(err, &e) && e.Kind != meridian.EInternal {
		s := string(e.Kind) + ": " + meridian.MessageOf(err)
		if e.Op != "" {
			s = e.Op + ": " + s
		}
		return s
	}
	w.log.Error("nats: worker gave up", slog.Int64("change_seq", c.Seq), slog.Any("error", err))
	if errors.As(err, &e) && e.Op != "" {
		return e.Op + ": internal error (see the instance's log)"
	}
	return "internal error (see the instance's log)"
}

// park records the change and terminates it; if the record fails, the
// change is retried later, to be parked then.
func (w *work) park(msg jetstream.Msg, meta *jetstream.MsgMetadata, c *meridian.Change, attempts int, reason string) {
	p := &meridian.ParkedWork{Worker: w.name, State: meridian.ParkedWaiting, StreamSeq: meta.Sequence.Stream,
		ChangeSeq: c.Seq, Kind: c.Kind, Action: c.Action, RecordID: c.RecordID, Attempts: attempts, Error: reason}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(w.ctx), 10*time.Second)
	defer cancel()
	if err := w.opt.Park(ctx, p); err != nil {
		w.log.Error("nats: worker cannot park", slog.Uint64("stream_seq", p.StreamSeq), slog.Any("error", err))
		msg.NakWithDelay(w.opt.Delay(w.opt.MaxDeliver))
		return
	}
	w.log.Warn("nats: worker parked a change", slog.String("parked_id", p.ID), slog.Uint64("stream_seq", p.StreamSeq),
		slog.Int64("change_seq", p.ChangeSeq), slog.Int("attempts", attempts), slog.String("reason", reason))
	if err := msg.TermWithReason("parked " + p.ID); err != nil {
		w.log.Warn("nats: worker term", slog.Any("error", err))
	}
}

// WorkerStats implements meridian.Queue.
func (b *Bus) WorkerStats(ctx context.Context, name string) (*meridian.WorkerStats, error) {
	const op = "nats.WorkerStats"
	if !ValidWorkerName(name) {
		return nil, meridian.NotFound(op, "worker")
	}
	c, err := b.stream.Consumer(ctx, durablePrefix+name)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		return nil, meridian.NotFound(op, "worker")
	}
	if err != nil {
		return nil, unavailable(op, err)
	}
	info, err := c.Info(ctx)
	if err != nil {
		return nil, unavailable(op, err)
	}
	return &meridian.WorkerStats{Pending: info.NumPending, InFlight: info.NumAckPending, Redelivered: info.NumRedelivered}, nil
}

// Requeue implements meridian.Queue: it reads the parked change where the
// stream holds it and publishes it again on the worker's retry subject,
// deduplicated per retry so that a repeated request within the window is
// stored once.
func (b *Bus) Requeue(ctx context.Context, p *meridian.ParkedWork) error {
	const op = "nats.Requeue"
	if !ValidWorkerName(p.Worker) {
		return meridian.NotFound(op, "worker")
	}
	raw, err := b.stream.GetMsg(ctx, p.StreamSeq)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return meridian.Errorf(meridian.ENotFound, op, "the bus no longer holds this change (it keeps changes for %s)", b.opt.MaxAge)
	}
	if err != nil {
		return unavailable(op, err)
	}
	var c meridian.Change
	if err := json.Unmarshal(raw.Data, &c); err != nil || c.Seq != p.ChangeSeq || c.RecordID != p.RecordID {
		return meridian.Errorf(meridian.EConflict, op, "the change on the bus is not the one parked")
	}
	msg := natsgo.NewMsg(RetrySubjectPrefix + p.Worker)
	msg.Data = raw.Data
	msg.Header.Set(jetstream.MsgIDHeader, "retry-"+p.ID+"-"+strconv.Itoa(p.Retries))
	if _, err := b.js.PublishMsg(ctx, msg, jetstream.WithExpectStream(b.opt.Stream)); err != nil {
		return unavailable(op, err)
	}
	return nil
}
