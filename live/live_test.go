package live_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"slices"
	"testing"
	"time"

	"meridian"
	"meridian/live"
	"meridian/nats"
	"meridian/sqldb"
	"meridian/sqldb/sqldbtest"
	"meridian/sqlite"
)

// wait bounds how long a test waits for a message that should come; it
// is a deadline for a test that would otherwise hang, not a speed
// assertion.
const wait = 10 * time.Second

var discard = slog.New(slog.DiscardHandler)

// MustOpenDB opens a fresh SQLite store in a temporary directory, closed
// with the test.
func MustOpenDB(tb testing.TB) *sqldb.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), tb.TempDir(), sqldbtest.SuiteKey(tb), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// MustOpenBus starts the embedded NATS server in process and connects to
// it, both stopped with the test.
func MustOpenBus(tb testing.TB) *nats.Bus {
	tb.Helper()
	emb, err := nats.StartEmbedded(tb.TempDir(), "", discard)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(emb.Shutdown)
	bus, err := nats.Connect(context.Background(), "", emb, nats.Options{Name: tb.Name(), Logger: discard})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(bus.Close)
	return bus
}

// fixture is a store whose commits reach the bus through the relay, and
// a running hub over both: what every instance runs.
type fixture struct {
	db  *sqldb.DB
	w   *sqldbtest.World
	hub *live.Hub
	ctx context.Context
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db, bus := MustOpenDB(t), MustOpenBus(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	t.Cleanup(func() { cancel(); <-done })
	go func() { defer close(done); db.Relay(ctx, bus, 20*time.Millisecond) }()
	hub := &live.Hub{Store: db, Bus: bus, Interval: 20 * time.Millisecond, Logger: discard}
	if err := hub.Start(ctx); err != nil {
		t.Fatal(err)
	}
	return &fixture{db: db, w: sqldbtest.NewWorld(t, db), hub: hub, ctx: ctx}
}

func subject(a *meridian.Agency, roles ...meridian.Role) *meridian.Subject {
	return meridian.SubjectFrom(sqldbtest.As(a, roles...))
}

// report creates a raid in the world's operation as a user of a.
func (f *fixture) report(t *testing.T, a *meridian.Agency, place string, r meridian.Release) string {
	t.Helper()
	e := &meridian.Event{Type: meridian.EventRaid, OccurredAt: time.Date(2024, 9, 30, 10, 0, 0, 0, time.UTC),
		Place: meridian.Place{Country: a.Country, Name: place}}
	e.Meta = meridian.Meta{OperationID: f.w.Operation.ID, TLP: meridian.TLPAmber, Release: r}
	if err := f.db.CreateEvent(sqldbtest.As(a), e); err != nil {
		t.Fatal(err)
	}
	return e.ID
}

// next returns the viewer's next message of the given event, skipping
// others; ok is false when the stream ended.
func next(t *testing.T, ch <-chan live.Message, event string) (m live.Message, ok bool) {
	t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case m, ok := <-ch:
			if !ok {
				return m, false
			}
			if m.Event == event {
				return m, true
			}
		case <-timeout:
			t.Fatalf("no %s message", event)
		}
	}
}

// TestHub_Watch lets only the operation's participants watch its figures:
// they move with every report, owner-only ones included.
func TestHub_Watch(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name    string
		subj    *meridian.Subject
		op      string
		errKind meridian.ErrorKind
	}{
		{name: "OK", subj: subject(f.w.A)},
		{name: "OKOtherParticipantCountry", subj: subject(f.w.B, meridian.RoleAnalyst)},
		{name: "ErrForbiddenNotParticipant", subj: subject(f.w.C), errKind: meridian.EForbidden},
		{name: "ErrForbiddenAdministrator", subj: subject(f.w.A, meridian.RoleAdmin), errKind: meridian.EForbidden},
		{name: "ErrForbiddenUnknownOperation", subj: subject(f.w.A), op: meridian.NewID(), errKind: meridian.EForbidden},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			op := tc.op
			if op == "" {
				op = f.w.Operation.ID
			}
			ctx, cancel := context.WithCancel(f.ctx)
			defer cancel()
			ch, err := f.hub.Watch(ctx, tc.subj, op)
			if tc.errKind != "" {
				if meridian.KindOf(err) != tc.errKind || ch != nil {
					t.Fatalf("want %s, got %v", tc.errKind, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			m, ok := next(t, ch, "results")
			if !ok {
				t.Fatal("the stream ended at once")
			}
			var r meridian.Results
			if err := json.Unmarshal(m.Data, &r); err != nil || r.Operation == nil || r.Operation.ID != op {
				t.Fatalf("first message is not the operation's results: %s (%v)", m.Data, err)
			}
		})
	}
}

// TestHub_Feed sends each viewer only the reports policy lets them read:
// an owner-only report to the owner's agency, one listed to a country to
// the owner and that country, one released to all participants to all.
func TestHub_Feed(t *testing.T) {
	f := newFixture(t)
	viewers := map[string]*meridian.Subject{
		"A": subject(f.w.A), "A2": subject(f.w.A2), "B": subject(f.w.B),
	}
	chans := map[string]<-chan live.Message{}
	for name, s := range viewers {
		ch, err := f.hub.Watch(f.ctx, s, f.w.Operation.ID)
		if err != nil {
			t.Fatal(err)
		}
		chans[name] = ch
	}
	owner := f.report(t, f.w.A, "Owner only", meridian.Release{Scope: meridian.ScopeOwner})
	listed := f.report(t, f.w.A, "Listed to AL", meridian.Release{Scope: meridian.ScopeListed, Countries: []string{"AL"}})
	byB := f.report(t, f.w.B, "B's own", meridian.Release{Scope: meridian.ScopeOwner})
	all := f.report(t, f.w.A, "All participants", meridian.Release{Scope: meridian.ScopeAll})
	tests := []struct {
		viewer string
		want   []string
	}{
		{"A", []string{owner, listed, all}},
		{"A2", []string{all}},
		{"B", []string{listed, byB, all}},
	}
	for _, tc := range tests {
		t.Run(tc.viewer, func(t *testing.T) {
			// The report released to all comes last to everyone: what came
			// before it is all this viewer was sent.
			var got []string
			for !slices.Contains(got, all) {
				m, ok := next(t, chans[tc.viewer], "report")
				if !ok {
					t.Fatal("the stream ended")
				}
				var it meridian.FeedItem
				if err := json.Unmarshal(m.Data, &it); err != nil {
					t.Fatal(err)
				}
				if it.OperationID != f.w.Operation.ID {
					t.Fatalf("a report of another operation: %+v", it)
				}
				got = append(got, it.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("viewer %s was sent %v, want %v", tc.viewer, got, tc.want)
			}
		})
	}
	if n := f.hub.Viewers(f.w.Operation.ID); n != 3 {
		t.Fatalf("%d viewers, want 3", n)
	}
}

// TestHub_RemovedParticipant ends the stream of a viewer whose country
// leaves the operation; the others keep watching.
func TestHub_RemovedParticipant(t *testing.T) {
	f := newFixture(t)
	a, err := f.hub.Watch(f.ctx, subject(f.w.A), f.w.Operation.ID)
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.hub.Watch(f.ctx, subject(f.w.B), f.w.Operation.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.RemoveParticipant(sqldbtest.Sys(), f.w.Operation.ID, meridian.ParticipantCountry, "AL"); err != nil {
		t.Fatal(err)
	}
	if _, ok := next(t, b, "none"); ok {
		t.Fatal("the removed participant's stream goes on")
	}
	if _, err := f.hub.Watch(f.ctx, subject(f.w.B), f.w.Operation.ID); meridian.KindOf(err) != meridian.EForbidden {
		t.Fatalf("the removed participant watches again: %v", err)
	}
	all := f.report(t, f.w.A, "After", meridian.Release{Scope: meridian.ScopeAll})
	m, ok := next(t, a, "report")
	var it meridian.FeedItem
	if !ok || json.Unmarshal(m.Data, &it) != nil || it.ID != all {
		t.Fatalf("the remaining participant's stream: %s (open %v)", m.Data, ok)
	}
}
