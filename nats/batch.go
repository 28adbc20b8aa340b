package nats

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"meridian"
)

// batchAckWait bounds how long PublishBatch waits for the acknowledgements
// of one pipelined run; a change not acknowledged by then is left to the
// next relay (the outbox keeps it). asyncAckTimeout is the client library's
// own bound, after which it forgets a pending acknowledgement.
const (
	batchAckWait    = 10 * time.Second
	asyncAckTimeout = 30 * time.Second
)

var _ meridian.BatchPublisher = (*Bus)(nil)

// PublishBatch stores cs on the stream in order, sending each without
// waiting for the one before it to be stored (JetStream asynchronous
// acknowledgements), and returns how many of cs, from the first, the bus
// acknowledged. With SyncAlways each change is still synced to disk before
// its acknowledgement; what the pipeline saves is a round trip a change.
//
// Order holds even when a change is lost on the way: every change but the
// first of a run carries the message id of the one before it as the
// stream's expected last message id, so JetStream stores it only right
// after its predecessor. A change refused that way (another publisher's
// message came between, or its predecessor was lost or was a duplicate)
// starts a new run; a run that stores nothing ends the batch with its
// error, and the caller publishes the rest again later.
func (b *Bus) PublishBatch(ctx context.Context, cs []*meridian.Change) (int, error) {
	const op = "nats.PublishBatch"
	msgs := make([]*natsgo.Msg, 0, len(cs))
	var encErr error
	for _, c := range cs {
		if err := checkChange(c); err != nil {
			encErr = meridian.Invalidf(op, "change", "%v", err)
			break
		}
		data, err := json.Marshal(c)
		if err != nil {
			encErr = meridian.Invalidf(op, "change", "cannot encode: %v", err)
			break
		}
		msg := natsgo.NewMsg(c.Subject())
		msg.Data = data
		msg.Header.Set(jetstream.MsgIDHeader, c.MsgID(b.opt.StoreID))
		msgs = append(msgs, msg)
	}
	done := 0
	if b.opt.Replicas > 1 {
		// A replicated stream: one change at a time, as Publish does.
		// Pipelined runs were not shown to make progress there while a
		// node is down (TestClusterSurvives), so they are kept to the
		// single-node store, where each change is synced to disk anyway.
		for ; done < len(msgs); done++ {
			if err := b.Publish(ctx, cs[done]); err != nil {
				return done, err
			}
		}
		return done, encErr
	}
	for done < len(msgs) {
		if b.isClosed() {
			return done, unavailable(op, natsgo.ErrConnectionClosed)
		}
		if err := ctx.Err(); err != nil {
			return done, unavailable(op, err)
		}
		n, err := b.publishRun(ctx, msgs[done:])
		done += n
		if err != nil && n == 0 {
			return done, unavailable(op, err)
		}
	}
	return done, encErr
}

// publishRun pipelines msgs and returns how many, from the first, were
// acknowledged, with the error that stopped it.
func (b *Bus) publishRun(ctx context.Context, msgs []*natsgo.Msg) (int, error) {
	futures := make([]jetstream.PubAckFuture, 0, len(msgs))
	var sendErr error
	for i, m := range msgs {
		// A fresh message each run: the options are written into the
		// headers, and a message of an earlier run carries its chain.
		msg := natsgo.NewMsg(m.Subject)
		msg.Data = m.Data
		msg.Header.Set(jetstream.MsgIDHeader, m.Header.Get(jetstream.MsgIDHeader))
		opts := []jetstream.PublishOpt{jetstream.WithExpectStream(b.opt.Stream)}
		if i > 0 {
			opts = append(opts, jetstream.WithExpectLastMsgID(msgs[i-1].Header.Get(jetstream.MsgIDHeader)))
		}
		f, err := b.js.PublishMsgAsync(msg, opts...)
		if err != nil {
			sendErr = fmt.Errorf("nats: publish %s: %w", msg.Header.Get(jetstream.MsgIDHeader), err)
			break
		}
		futures = append(futures, f)
	}
	timer := time.NewTimer(batchAckWait)
	defer timer.Stop()
	for i, f := range futures {
		select {
		case ack := <-f.Ok():
			if ack != nil && ack.Duplicate {
				b.log.Debug("nats: duplicate change ignored", slog.String("msg_id", f.Msg().Header.Get(jetstream.MsgIDHeader)), slog.Uint64("seq", ack.Sequence))
			}
		case err := <-f.Err():
			return i, fmt.Errorf("nats: publish %s: %w", f.Msg().Header.Get(jetstream.MsgIDHeader), err)
		case <-ctx.Done():
			return i, ctx.Err()
		case <-timer.C:
			return i, fmt.Errorf("nats: publish %s: %w", f.Msg().Header.Get(jetstream.MsgIDHeader), errors.New("no acknowledgement in time"))
		}
	}
	return len(futures), sendErr
}
