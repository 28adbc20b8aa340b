// Package nats is Meridian's event bus over NATS JetStream: durable,
// deduplicated change publication for the transactional outbox, and live
// subscriptions that survive reconnects. The embedded server makes a small
// deployment run the same code path as a cluster.
package nats

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"meridian"
)

// Options configures a Bus. Zero values take the defaults.
type Options struct {
	Stream     string        // default "MERIDIAN", subjects "meridian.>"
	Replicas   int           // default 1 (3 for a cluster is the caller's choice)
	MaxAge     time.Duration // default 30 days
	Duplicates time.Duration // dedupe window, default 10 minutes
	StoreID    string        // prefix of message ids, default "meridian"
	Name       string        // client connection name
	Logger     *slog.Logger  // default slog.Default()
}

// StreamSubjects are the subjects the stream stores.
const StreamSubjects = "meridian.>"

func (o Options) withDefaults() Options {
	if o.Stream == "" {
		o.Stream = "MERIDIAN"
	}
	if o.Replicas <= 0 {
		o.Replicas = 1
	}
	if o.MaxAge <= 0 {
		o.MaxAge = 30 * 24 * time.Hour
	}
	if o.Duplicates <= 0 {
		o.Duplicates = 10 * time.Minute
	}
	if o.StoreID == "" {
		o.StoreID = "meridian"
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Bus implements meridian.Bus on JetStream.
type Bus struct {
	nc     *natsgo.Conn
	js     jetstream.JetStream
	stream jetstream.Stream
	opt    Options
	log    *slog.Logger

	mu     sync.Mutex
	closed bool
	done   chan struct{}  // closed by Close
	iters  sync.WaitGroup // watchers that stop iterators
}

var _ meridian.Bus = (*Bus)(nil)

// Connect connects to url ("nats://127.0.0.1:4222", or a comma-separated
// list for a cluster) or, when url == "" and emb != nil, to the embedded
// server in-process, and creates or updates the stream to match opt.
func Connect(ctx context.Context, url string, emb *Embedded, opt Options) (*Bus, error) {
	const op = "nats.Connect"
	opt = opt.withDefaults()
	log := opt.Logger
	if url == "" && emb == nil {
		return nil, meridian.Invalidf(op, "url", "a server url or an embedded server is required")
	}

	nopts := []natsgo.Option{
		natsgo.Name(opt.Name),
		natsgo.MaxReconnects(-1),
		natsgo.CustomReconnectDelay(reconnectDelay),
		natsgo.PingInterval(10 * time.Second),
		natsgo.DisconnectErrHandler(func(nc *natsgo.Conn, err error) {
			log.Warn("nats: disconnected", slog.String("url", nc.ConnectedUrlRedacted()), slog.Any("error", err))
		}),
		natsgo.ReconnectHandler(func(nc *natsgo.Conn) {
			log.Info("nats: reconnected", slog.String("url", nc.ConnectedUrlRedacted()), slog.Uint64("reconnects", nc.Stats().Reconnects))
		}),
		natsgo.ClosedHandler(func(nc *natsgo.Conn) {
			log.Info("nats: connection closed")
		}),
		natsgo.ErrorHandler(func(_ *natsgo.Conn, sub *natsgo.Subscription, err error) {
			subject := ""
			if sub != nil {
				subject = sub.Subject
			}
			log.Error("nats: async error", slog.String("subject", subject), slog.Any("error", err))
		}),
	}
	if url == "" {
		nopts = append(nopts, natsgo.InProcessServer(emb.srv))
	}
	nc, err := natsgo.Connect(url, nopts...)
	if err != nil {
		return nil, unavailable(op, err)
	}
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncTimeout(asyncAckTimeout))
	if err != nil {
		nc.Close()
		return nil, unavailable(op, err)
	}
	stream, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:       opt.Stream,
		Subjects:   []string{StreamSubjects},
		Storage:    jetstream.FileStorage,
		Retention:  jetstream.LimitsPolicy,
		Discard:    jetstream.DiscardOld,
		MaxAge:     opt.MaxAge,
		Duplicates: opt.Duplicates,
		Replicas:   opt.Replicas,
	})
	if err != nil {
		nc.Close()
		return nil, busError(op, fmt.Errorf("nats: stream %s: %w", opt.Stream, err))
	}
	log.Info("nats: connected", slog.String("url", nc.ConnectedUrlRedacted()), slog.String("stream", opt.Stream))
	return &Bus{nc: nc, js: js, stream: stream, opt: opt, log: log, done: make(chan struct{})}, nil
}

// reconnectDelay backs off exponentially from 100ms to 10s, with jitter so
// that many instances do not reconnect in step.
func reconnectDelay(attempts int) time.Duration {
	d := 100 * time.Millisecond << min(attempts, 7)
	d = min(d, 10*time.Second)
	return d + rand.N(d/4+1)
}

// Publish stores c on the stream under c.Subject() with the message id
// c.MsgID(StoreID), so a change republished within the Duplicates window is
// stored once. It returns nil only after JetStream has acknowledged it.
// Errors are EInvalid for a change that cannot be put on the bus (retrying
// will not help) and EUnavailable otherwise.
func (b *Bus) Publish(ctx context.Context, c *meridian.Change) error {
	const op = "nats.Publish"
	if err := checkChange(c); err != nil {
		return meridian.Invalidf(op, "change", "%v", err)
	}
	data, err := json.Marshal(c)
	if err != nil {
		return meridian.Invalidf(op, "change", "cannot encode: %v", err)
	}
	if b.isClosed() {
		return unavailable(op, natsgo.ErrConnectionClosed)
	}
	msg := natsgo.NewMsg(c.Subject())
	msg.Data = data
	id := c.MsgID(b.opt.StoreID)
	msg.Header.Set(jetstream.MsgIDHeader, id)
	ack, err := b.js.PublishMsg(ctx, msg, jetstream.WithExpectStream(b.opt.Stream))
	if err != nil {
		return unavailable(op, fmt.Errorf("nats: publish %s: %w", id, err))
	}
	if ack.Duplicate {
		b.log.Debug("nats: duplicate change ignored", slog.String("msg_id", id), slog.Uint64("seq", ack.Sequence))
	}
	return nil
}

// checkChange refuses a change whose kind or action would not make one
// subject token each.
func checkChange(c *meridian.Change) error {
	if c == nil {
		return errors.New("nil change")
	}
	for _, tok := range []struct{ name, v string }{{"kind", c.Kind}, {"action", c.Action}} {
		if tok.v == "" || strings.ContainsAny(tok.v, ".*> \t\r\n") {
			return fmt.Errorf("invalid %s %q", tok.name, tok.v)
		}
	}
	return nil
}

// subscribeHeartbeat is how often the server tells a live subscription it
// is still there.
const subscribeHeartbeat = time.Second

// Subscribe delivers the changes published after it is called whose subject
// matches filter ("meridian.change.>", "meridian.change.person.*"; ""
// means every change), calling h sequentially in its own goroutine until
// ctx is done or the bus is closed. It returns once the subscription is in
// place, so a change published after Subscribe returns is delivered.
//
// The ordered consumer starts at the stream's next sequence rather than
// DeliverNew: it recreates itself after a reconnect from the last sequence
// it delivered, or from its configured start when it has delivered none,
// and DeliverNew there would skip what was published while disconnected.
func (b *Bus) Subscribe(ctx context.Context, filter string, h meridian.ChangeHandler) error {
	const op = "nats.Subscribe"
	if b.isClosed() {
		return unavailable(op, natsgo.ErrConnectionClosed)
	}
	filter, err := checkFilter(op, filter)
	if err != nil {
		return err
	}
	info, err := b.stream.Info(ctx)
	if err != nil {
		return unavailable(op, err)
	}
	cons, err := b.stream.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{filter},
		DeliverPolicy:  jetstream.DeliverByStartSequencePolicy,
		OptStartSeq:    info.State.LastSeq + 1,
	})
	if err != nil {
		return busError(op, fmt.Errorf("nats: consumer for %s: %w", filter, err))
	}
	// A heartbeat every second: the consumer lives on one node, and when
	// that node goes the iterator notices only by the missing heartbeats
	// (two of them) and recreates the consumer from the last delivered
	// sequence; with the default 5s the instance's indexes lagged the
	// store by ten seconds and more after a node loss.
	it, err := cons.Messages(jetstream.PullHeartbeat(subscribeHeartbeat))
	if err != nil {
		return unavailable(op, err)
	}
	release, err := b.watch(ctx, it)
	if err != nil {
		return unavailable(op, err)
	}
	log := b.log.With(slog.String("filter", filter))
	go func() {
		defer release()
		for {
			msg, err := it.Next()
			if err != nil {
				if errors.Is(err, jetstream.ErrMsgIteratorClosed) || ctx.Err() != nil || b.isClosed() {
					return
				}
				log.Error("nats: subscription", slog.Any("error", err))
				select {
				case <-ctx.Done():
					return
				case <-b.done:
					return
				case <-time.After(time.Second):
				}
				continue
			}
			if c := b.decode(log, msg); c != nil {
				b.deliver(log, h, c)
			}
		}
	}()
	return nil
}

// Replay delivers every stored change whose subject matches filter, from
// the first stored message or, if since is not zero, from since; it returns
// once it has delivered the last matching message stored when it was
// called. h is called sequentially in the caller's goroutine.
func (b *Bus) Replay(ctx context.Context, filter string, since time.Time, h meridian.ChangeHandler) error {
	const op = "nats.Replay"
	if b.isClosed() {
		return unavailable(op, natsgo.ErrConnectionClosed)
	}
	filter, err := checkFilter(op, filter)
	if err != nil {
		return err
	}
	info, err := b.stream.Info(ctx)
	if err != nil {
		return unavailable(op, err)
	}
	last := info.State.LastSeq
	if last == 0 {
		return nil
	}
	cfg := jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{filter},
		DeliverPolicy:  jetstream.DeliverAllPolicy,
	}
	if !since.IsZero() {
		cfg.DeliverPolicy = jetstream.DeliverByStartTimePolicy
		cfg.OptStartTime = &since
	}
	cons, err := b.stream.OrderedConsumer(ctx, cfg)
	if err != nil {
		return busError(op, fmt.Errorf("nats: consumer for %s: %w", filter, err))
	}
	ci, err := cons.Info(ctx)
	if err != nil {
		return unavailable(op, err)
	}
	if ci.NumPending == 0 {
		return nil
	}
	it, err := cons.Messages()
	if err != nil {
		return unavailable(op, err)
	}
	release, err := b.watch(ctx, it)
	if err != nil {
		return unavailable(op, err)
	}
	defer release()
	log := b.log.With(slog.String("filter", filter))
	for {
		msg, err := it.Next()
		if err != nil {
			if ctx.Err() != nil {
				return unavailable(op, ctx.Err())
			}
			if b.isClosed() {
				return unavailable(op, natsgo.ErrConnectionClosed)
			}
			return unavailable(op, err)
		}
		meta, err := msg.Metadata()
		if err != nil {
			return unavailable(op, err)
		}
		if meta.Sequence.Stream > last {
			return nil
		}
		if c := b.decode(log, msg); c != nil {
			b.deliver(log, h, c)
		}
		if meta.Sequence.Stream == last || meta.NumPending == 0 {
			return nil
		}
	}
}

// checkFilter returns filter, "" meaning every change, or an error if it
// is not a subject pattern within the stream's subjects: the server accepts
// such a filter and would then deliver nothing, silently.
func checkFilter(op, filter string) (string, error) {
	if filter == "" {
		return meridian.ChangeSubjectPrefix + ">", nil
	}
	toks := strings.Split(filter, ".")
	ok := len(toks) >= 2 && toks[0] == "meridian"
	for i, t := range toks {
		if t == "" || strings.ContainsAny(t, " \t\r\n") ||
			(strings.ContainsAny(t, "*>") && len(t) > 1) ||
			(t == ">" && i != len(toks)-1) {
			ok = false
		}
	}
	if !ok {
		return "", meridian.Invalidf(op, "filter", "%q is not a subject pattern under %s", filter, StreamSubjects)
	}
	return filter, nil
}

// watch stops it when ctx is done or the bus closes, and lets Close wait
// for that so iterators are stopped while the connection is still up. The
// returned release ends the watch.
func (b *Bus) watch(ctx context.Context, it jetstream.MessagesContext) (release func(), err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		it.Stop()
		return nil, natsgo.ErrConnectionClosed
	}
	finished := make(chan struct{})
	b.iters.Add(1)
	go func() {
		defer b.iters.Done()
		select {
		case <-ctx.Done():
		case <-b.done:
		case <-finished:
		}
		it.Stop()
	}()
	var once sync.Once
	return func() { once.Do(func() { close(finished) }) }, nil
}

// decode returns the change in msg, or nil, logged, if it is malformed.
func (b *Bus) decode(log *slog.Logger, msg jetstream.Msg) *meridian.Change {
	var c meridian.Change
	if err := json.Unmarshal(msg.Data(), &c); err != nil {
		var seq uint64
		if meta, merr := msg.Metadata(); merr == nil {
			seq = meta.Sequence.Stream
		}
		log.Warn("nats: malformed change skipped", slog.String("subject", msg.Subject()), slog.Uint64("seq", seq), slog.Any("error", err))
		return nil
	}
	return &c
}

// deliver calls h, logging rather than propagating a panic: one faulty
// subscriber must not take the server down.
func (b *Bus) deliver(log *slog.Logger, h meridian.ChangeHandler, c *meridian.Change) {
	defer func() {
		if r := recover(); r != nil {
			log.Error("nats: change handler panicked", slog.String("subject", c.Subject()), slog.Int64("change_seq", c.Seq), slog.Any("panic", r), slog.String("stack", string(debug.Stack())))
		}
	}()
	h(c)
}

// Ready reports whether the connection is up, for /readyz.
func (b *Bus) Ready() error {
	const op = "nats.Ready"
	if b.isClosed() {
		return unavailable(op, natsgo.ErrConnectionClosed)
	}
	if s := b.nc.Status(); s != natsgo.CONNECTED {
		return unavailable(op, fmt.Errorf("nats: connection %s", s))
	}
	return nil
}

// Close stops every subscription and closes the connection. Handlers
// already running are not waited for, so a handler may call Close.
func (b *Bus) Close() {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	b.closed = true
	close(b.done)
	b.mu.Unlock()
	b.iters.Wait()
	b.nc.Close()
}

func (b *Bus) isClosed() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.closed
}

func unavailable(op string, err error) *meridian.Error {
	return &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "event bus unavailable", Err: err}
}

// busError maps a JetStream API rejection of the request itself (a filter
// outside the stream's subjects, a stream config that cannot be changed) to
// EInvalid, and anything else to EUnavailable.
func busError(op string, err error) *meridian.Error {
	var api *jetstream.APIError
	if errors.As(err, &api) && api.Code == 400 {
		return &meridian.Error{Kind: meridian.EInvalid, Op: op, Message: "rejected by the event bus", Err: err}
	}
	return unavailable(op, err)
}
