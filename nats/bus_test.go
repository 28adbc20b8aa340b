package nats_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	natsgo "github.com/nats-io/nats.go"

	"meridian"
	"meridian/nats"
)

// wait bounds every wait for a delivery; it is a failure deadline, not a
// speed assertion.
const wait = 5 * time.Second

var discard = slog.New(slog.DiscardHandler)

// MustStartEmbedded starts an embedded server in dir, shut down with the test.
func MustStartEmbedded(tb testing.TB, dir, listen string) *nats.Embedded {
	tb.Helper()
	emb, err := nats.StartEmbedded(dir, listen, discard)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(emb.Shutdown)
	return emb
}

// MustConnect connects a bus to url or, with url "", to emb in-process;
// it is closed with the test, before the server shuts down.
func MustConnect(tb testing.TB, url string, emb *nats.Embedded) *nats.Bus {
	tb.Helper()
	bus, err := nats.Connect(context.Background(), url, emb, nats.Options{Name: tb.Name(), Logger: discard})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(bus.Close)
	return bus
}

// MustOpenBus starts an in-process embedded server and connects to it.
func MustOpenBus(tb testing.TB) *nats.Bus {
	tb.Helper()
	return MustConnect(tb, "", MustStartEmbedded(tb, tb.TempDir(), ""))
}

func newChange(seq int64, kind, action string) *meridian.Change {
	at := time.Date(2025, 3, 12, 9, 30, 0, 123456789, time.UTC)
	return &meridian.Change{
		Seq:      seq,
		Kind:     kind,
		Action:   action,
		RecordID: meridian.NewID(),
		Meta: &meridian.Meta{
			ID:           "m-" + kind,
			OwnerAgency:  "agency-nl-knp",
			OwnerCountry: "NL",
			OperationID:  "op-1",
			TLP:          meridian.TLPAmber,
			Handling:     meridian.H1,
			HandlingNote: "no onward dissemination",
			Release:      meridian.Release{Scope: meridian.ScopeListed, Countries: []string{"BE", "DE"}, Agencies: []string{"agency-be-fp"}},
			SourceGrade:  "B",
			InfoGrade:    "2",
			CreatedBy:    "u-1",
			CreatedAt:    at,
			UpdatedBy:    "u-2",
			UpdatedAt:    at.Add(time.Hour),
		},
		By:   "u-2",
		At:   at.Add(time.Hour),
		Data: json.RawMessage(`{"names":[{"full":"Ana Popescu"}],"nationality":"RO"}`),
	}
}

// collector is a ChangeHandler that hands changes to the test.
type collector chan *meridian.Change

func (c collector) handle(ch *meridian.Change) { c <- ch }

func (c collector) next(tb testing.TB) *meridian.Change {
	tb.Helper()
	select {
	case ch := <-c:
		return ch
	case <-time.After(wait):
		tb.Fatal("no change delivered")
		return nil
	}
}

func mustPublish(tb testing.TB, bus *nats.Bus, c *meridian.Change) {
	tb.Helper()
	if err := bus.Publish(context.Background(), c); err != nil {
		tb.Fatal(err)
	}
}

func mustSubscribe(tb testing.TB, bus *nats.Bus, filter string) collector {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	c := make(collector, 16)
	if err := bus.Subscribe(ctx, filter, c.handle); err != nil {
		tb.Fatal(err)
	}
	return c
}

func mustReplay(tb testing.TB, bus *nats.Bus, filter string, since time.Time) []*meridian.Change {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	var got []*meridian.Change
	if err := bus.Replay(ctx, filter, since, func(c *meridian.Change) { got = append(got, c) }); err != nil {
		tb.Fatal(err)
	}
	return got
}

func assertChange(tb testing.TB, got, want *meridian.Change) {
	tb.Helper()
	// Compare through JSON: Data is raw JSON, and times lose their
	// monotonic reading and location on the way.
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		tb.Fatalf("change:\n got %s\nwant %s", g, w)
	}
	if !got.At.Equal(want.At) || !reflect.DeepEqual(got.Meta.Release, want.Meta.Release) {
		tb.Fatalf("change fields differ: got %+v", got)
	}
}

func TestBus_Subscribe(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		bus := MustOpenBus(t)
		c := mustSubscribe(t, bus, "meridian.change.>")
		a, b := newChange(1, "person", meridian.ChangeCreated), newChange(2, "document", meridian.ChangeUpdated)
		mustPublish(t, bus, a)
		mustPublish(t, bus, b)
		assertChange(t, c.next(t), a)
		assertChange(t, c.next(t), b)
	})

	t.Run("Filter", func(t *testing.T) {
		bus := MustOpenBus(t)
		c := mustSubscribe(t, bus, "meridian.change.person.*")
		doc, person := newChange(1, "document", meridian.ChangeCreated), newChange(2, "person", meridian.ChangeCreated)
		mustPublish(t, bus, doc)
		mustPublish(t, bus, person)
		// Delivery is in stream order, so had the document matched it
		// would have come first.
		assertChange(t, c.next(t), person)
	})

	t.Run("FromNow", func(t *testing.T) {
		bus := MustOpenBus(t)
		old := newChange(1, "person", meridian.ChangeCreated)
		mustPublish(t, bus, old)
		c := mustSubscribe(t, bus, "")
		fresh := newChange(2, "person", meridian.ChangeUpdated)
		mustPublish(t, bus, fresh)
		assertChange(t, c.next(t), fresh)
	})

	t.Run("Reconnect", func(t *testing.T) {
		dir := t.TempDir()
		emb := MustStartEmbedded(t, dir, "127.0.0.1:0")
		url := emb.ClientURL()
		bus := MustConnect(t, url, nil)
		c := mustSubscribe(t, bus, "meridian.change.>")
		emb.Shutdown()

		// Nothing was delivered before the outage, and the change is
		// published by another instance before this one is back.
		emb = MustStartEmbedded(t, dir, strings.TrimPrefix(url, "nats://"))
		want := newChange(1, "person", meridian.ChangeCreated)
		mustPublish(t, MustConnect(t, url, nil), want)
		select {
		case got := <-c:
			assertChange(t, got, want)
		case <-time.After(30 * time.Second):
			t.Fatal("change published during the outage not delivered after reconnect")
		}
	})

	t.Run("Malformed", func(t *testing.T) {
		emb := MustStartEmbedded(t, t.TempDir(), "127.0.0.1:0")
		bus := MustConnect(t, emb.ClientURL(), nil)
		c := mustSubscribe(t, bus, "meridian.change.>")

		nc, err := natsgo.Connect(emb.ClientURL())
		if err != nil {
			t.Fatal(err)
		}
		defer nc.Close()
		if _, err := nc.Request("meridian.change.person.created", []byte("{not json"), wait); err != nil {
			t.Fatal(err) // the JetStream ack
		}
		good := newChange(1, "person", meridian.ChangeCreated)
		mustPublish(t, bus, good)
		assertChange(t, c.next(t), good)
	})

	t.Run("HandlerPanic", func(t *testing.T) {
		bus := MustOpenBus(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		c := make(collector, 2)
		var once sync.Once
		err := bus.Subscribe(ctx, "", func(ch *meridian.Change) {
			once.Do(func() { panic("subscriber bug") })
			c <- ch
		})
		if err != nil {
			t.Fatal(err)
		}
		mustPublish(t, bus, newChange(1, "person", meridian.ChangeCreated))
		second := newChange(2, "person", meridian.ChangeUpdated)
		mustPublish(t, bus, second)
		assertChange(t, c.next(t), second)
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		bus := MustOpenBus(t)
		for _, filter := range []string{"other.>", ">", "meridian", "meridian..person", "meridian.>.person", "meridian.change.per*", "meridian.change.a b"} {
			err := bus.Subscribe(context.Background(), filter, func(*meridian.Change) {})
			if got := meridian.KindOf(err); got != meridian.EInvalid {
				t.Errorf("Subscribe(%q) kind = %q (%v), want %q", filter, got, err, meridian.EInvalid)
			}
			err = bus.Replay(context.Background(), filter, time.Time{}, func(*meridian.Change) {})
			if got := meridian.KindOf(err); got != meridian.EInvalid {
				t.Errorf("Replay(%q) kind = %q (%v), want %q", filter, got, err, meridian.EInvalid)
			}
		}
	})

	t.Run("ErrClosed", func(t *testing.T) {
		bus := MustOpenBus(t)
		bus.Close()
		err := bus.Subscribe(context.Background(), "", func(*meridian.Change) {})
		if got := meridian.KindOf(err); got != meridian.EUnavailable {
			t.Fatalf("kind = %q (%v), want %q", got, err, meridian.EUnavailable)
		}
	})
}

func TestBus_Publish(t *testing.T) {
	t.Run("Dedupe", func(t *testing.T) {
		bus := MustOpenBus(t)
		a := newChange(7, "person", meridian.ChangeCreated)
		mustPublish(t, bus, a)
		mustPublish(t, bus, a) // the relay republishing after a crash
		got := mustReplay(t, bus, "meridian.change.>", time.Time{})
		if len(got) != 1 {
			t.Fatalf("replayed %d changes, want 1", len(got))
		}
		assertChange(t, got[0], a)
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		bus := MustOpenBus(t)
		for _, c := range []*meridian.Change{
			nil,
			newChange(1, "", meridian.ChangeCreated),
			newChange(1, "person.x", meridian.ChangeCreated),
			newChange(1, "person", "created updated"),
			{Seq: 1, Kind: "person", Action: "created", Data: json.RawMessage("{bad")},
		} {
			if got := meridian.KindOf(bus.Publish(context.Background(), c)); got != meridian.EInvalid {
				t.Errorf("Publish(%+v) kind = %q, want %q", c, got, meridian.EInvalid)
			}
		}
	})

	t.Run("ErrClosed", func(t *testing.T) {
		bus := MustOpenBus(t)
		bus.Close()
		err := bus.Publish(context.Background(), newChange(1, "person", meridian.ChangeCreated))
		if got := meridian.KindOf(err); got != meridian.EUnavailable {
			t.Fatalf("kind = %q (%v), want %q", got, err, meridian.EUnavailable)
		}
	})

	t.Run("ErrServerDown", func(t *testing.T) {
		emb := MustStartEmbedded(t, t.TempDir(), "")
		bus := MustConnect(t, "", emb)
		emb.Shutdown()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		err := bus.Publish(ctx, newChange(1, "person", meridian.ChangeCreated))
		if got := meridian.KindOf(err); got != meridian.EUnavailable {
			t.Fatalf("kind = %q (%v), want %q", got, err, meridian.EUnavailable)
		}
	})
}

func TestBus_Replay(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		bus := MustOpenBus(t)
		want := []*meridian.Change{
			newChange(1, "person", meridian.ChangeCreated),
			newChange(2, "document", meridian.ChangeCreated),
			newChange(3, "person", meridian.ChangeUpdated),
		}
		for _, c := range want {
			mustPublish(t, bus, c)
		}
		got := mustReplay(t, bus, "meridian.change.>", time.Time{})
		if len(got) != len(want) {
			t.Fatalf("replayed %d changes, want %d", len(got), len(want))
		}
		for i := range want {
			assertChange(t, got[i], want[i])
		}
	})

	t.Run("Filter", func(t *testing.T) {
		bus := MustOpenBus(t)
		person := newChange(1, "person", meridian.ChangeCreated)
		mustPublish(t, bus, person)
		// The last stored message does not match: Replay must still end.
		mustPublish(t, bus, newChange(2, "document", meridian.ChangeCreated))
		got := mustReplay(t, bus, "meridian.change.person.*", time.Time{})
		if len(got) != 1 {
			t.Fatalf("replayed %d changes, want 1", len(got))
		}
		assertChange(t, got[0], person)
		if got := mustReplay(t, bus, "meridian.change.event.*", time.Time{}); len(got) != 0 {
			t.Fatalf("replayed %d changes, want 0", len(got))
		}
	})

	t.Run("Since", func(t *testing.T) {
		bus := MustOpenBus(t)
		mustPublish(t, bus, newChange(1, "person", meridian.ChangeCreated))
		if got := mustReplay(t, bus, "", time.Now().Add(-time.Hour)); len(got) != 1 {
			t.Fatalf("since an hour ago: replayed %d changes, want 1", len(got))
		}
		if got := mustReplay(t, bus, "", time.Now().Add(time.Hour)); len(got) != 0 {
			t.Fatalf("since an hour ahead: replayed %d changes, want 0", len(got))
		}
	})

	t.Run("Empty", func(t *testing.T) {
		bus := MustOpenBus(t)
		if got := mustReplay(t, bus, "", time.Time{}); len(got) != 0 {
			t.Fatalf("replayed %d changes, want 0", len(got))
		}
	})
}

func TestBus_Ready(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		bus := MustOpenBus(t)
		if err := bus.Ready(); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("ErrClosed", func(t *testing.T) {
		bus := MustOpenBus(t)
		bus.Close()
		if got := meridian.KindOf(bus.Ready()); got != meridian.EUnavailable {
			t.Fatalf("kind = %q, want %q", got, meridian.EUnavailable)
		}
	})
}

func TestEmbedded(t *testing.T) {
	t.Run("Restart", func(t *testing.T) {
		dir := t.TempDir()
		emb := MustStartEmbedded(t, dir, "")
		bus := MustConnect(t, "", emb)
		want := newChange(1, "person", meridian.ChangeCreated)
		mustPublish(t, bus, want)
		bus.Close()
		emb.Shutdown()

		bus = MustConnect(t, "", MustStartEmbedded(t, dir, ""))
		got := mustReplay(t, bus, "meridian.change.>", time.Time{})
		if len(got) != 1 {
			t.Fatalf("replayed %d changes after restart, want 1", len(got))
		}
		assertChange(t, got[0], want)
	})

	t.Run("External", func(t *testing.T) {
		emb := MustStartEmbedded(t, t.TempDir(), "127.0.0.1:0")
		if emb.ClientURL() == "" {
			t.Fatal("no client url")
		}
		one := MustConnect(t, emb.ClientURL(), nil)
		two := MustConnect(t, emb.ClientURL(), nil)
		c := mustSubscribe(t, two, "meridian.change.>")
		want := newChange(1, "case", meridian.ChangeDeleted)
		mustPublish(t, one, want)
		assertChange(t, c.next(t), want)
	})

	t.Run("InProcessOnly", func(t *testing.T) {
		if url := MustStartEmbedded(t, t.TempDir(), "").ClientURL(); url != "" {
			t.Fatalf("client url = %q, want none", url)
		}
	})

	t.Run("ErrListen", func(t *testing.T) {
		for _, listen := range []string{"0.0.0.0:0", "192.0.2.1:4222", "127.0.0.1", "127.0.0.1:x"} {
			_, err := nats.StartEmbedded(t.TempDir(), listen, discard)
			if got := meridian.KindOf(err); got != meridian.EInvalid {
				t.Errorf("listen %q: kind = %q (%v), want %q", listen, got, err, meridian.EInvalid)
			}
		}
	})
}

func BenchmarkPublish(b *testing.B) {
	bus := MustOpenBus(b)
	c := newChange(0, "person", meridian.ChangeUpdated)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		c.Seq++
		if err := bus.Publish(ctx, c); err != nil {
			b.Fatal(err)
		}
	}
}
