package nats_test

import (
	"context"
	"testing"
	"time"

	"meridian"
	"meridian/nats"
)

// hitBurst is n hit notifications with outbox sequences 1..n.
func hitBurst(n int) []*meridian.Change {
	cs := make([]*meridian.Change, n)
	for i := range cs {
		cs[i] = newChange(int64(i+1), "hit", meridian.ChangeCreated)
	}
	return cs
}

// assertSeqs checks that got holds the changes of sequences want, each
// once, in that order.
func assertSeqs(t *testing.T, got []*meridian.Change, want []int64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d changes on the stream, want %d", len(got), len(want))
	}
	for i, c := range got {
		if c.Seq != want[i] {
			t.Fatalf("change %d on the stream is seq %d, want %d", i, c.Seq, want[i])
		}
	}
}

func seqs(from, to int64) []int64 {
	var s []int64
	for i := from; i <= to; i++ {
		s = append(s, i)
	}
	return s
}

// TestBus_PublishBatch: a burst published with asynchronous
// acknowledgements is stored whole, once each, in order.
func TestBus_PublishBatch(t *testing.T) {
	bus := MustOpenBus(t)
	sub := mustSubscribe(t, bus, "meridian.change.hit.>")
	cs := hitBurst(1200)
	n, err := bus.PublishBatch(context.Background(), cs)
	if err != nil || n != len(cs) {
		t.Fatalf("published %d of %d: %v", n, len(cs), err)
	}
	for i := range cs {
		if c := sub.next(t); c.Seq != int64(i+1) {
			t.Fatalf("delivery %d is seq %d, want %d", i, c.Seq, i+1)
		}
	}
	assertSeqs(t, mustReplay(t, bus, "", time.Time{}), seqs(1, 1200))

	// The same batch again, as a relay does after a crash: all duplicates.
	n, err = bus.PublishBatch(context.Background(), cs)
	if err != nil || n != len(cs) {
		t.Fatalf("republished %d of %d: %v", n, len(cs), err)
	}
	assertSeqs(t, mustReplay(t, bus, "", time.Time{}), seqs(1, 1200))
}

// TestBus_PublishBatchChainBreaks: a change of the batch already on the
// stream (a crashed relay published it) breaks the chain of expected
// message ids; the rest start a new run, and nothing is lost or stored
// twice.
func TestBus_PublishBatchChainBreaks(t *testing.T) {
	bus := MustOpenBus(t)
	cs := hitBurst(10)
	mustPublish(t, bus, cs[4])
	n, err := bus.PublishBatch(context.Background(), cs)
	if err != nil || n != len(cs) {
		t.Fatalf("published %d of %d: %v", n, len(cs), err)
	}
	assertSeqs(t, mustReplay(t, bus, "", time.Time{}), []int64{5, 1, 2, 3, 4, 6, 7, 8, 9, 10})
}

// TestBus_PublishBatchServerDown: the server stops in the middle of a
// batch. PublishBatch reports fewer than all, with an error; publishing
// the rest to the restarted server leaves every change on the stream
// once, in order: none lost, none ahead of one before it.
func TestBus_PublishBatchServerDown(t *testing.T) {
	dir := t.TempDir()
	emb, err := nats.StartEmbedded(dir, "", discard)
	if err != nil {
		t.Fatal(err)
	}
	bus, err := nats.Connect(context.Background(), "", emb, nats.Options{Name: t.Name(), Logger: discard})
	if err != nil {
		t.Fatal(err)
	}
	sub := mustSubscribe(t, bus, "meridian.change.hit.>")
	cs := hitBurst(20000) // enough that the server stops before the batch ends
	type result struct {
		n   int
		err error
	}
	res := make(chan result, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		n, err := bus.PublishBatch(ctx, cs)
		res <- result{n, err}
	}()
	// Some are stored: the server goes down mid-batch. The first of them
	// reach the subscriber behind the batch's writes, each synced to disk:
	// on a busy machine that takes longer than the usual wait, so this
	// waits as long as the batch may run.
	for i := range 50 {
		select {
		case <-sub:
		case <-time.After(30 * time.Second):
			t.Fatalf("%d changes delivered in 30 s while the batch ran", i)
		}
	}
	emb.Shutdown()
	r := <-res
	bus.Close()
	if r.err == nil || r.n >= len(cs) {
		t.Fatalf("published %d of %d with the server down mid-batch, err %v", r.n, len(cs), r.err)
	}
	if got := meridian.KindOf(r.err); got != meridian.EUnavailable {
		t.Fatalf("kind = %q (%v), want %q", got, r.err, meridian.EUnavailable)
	}

	bus = MustConnect(t, "", MustStartEmbedded(t, dir, ""))
	n, err := bus.PublishBatch(context.Background(), cs[r.n:])
	if err != nil || n != len(cs)-r.n {
		t.Fatalf("published the rest: %d of %d: %v", n, len(cs)-r.n, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var got []*meridian.Change
	if err := bus.Replay(ctx, "", time.Time{}, func(c *meridian.Change) { got = append(got, c) }); err != nil {
		t.Fatal(err)
	}
	assertSeqs(t, got, seqs(1, int64(len(cs))))
}
