package operation_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"meridian"
	"meridian/audit"
	"meridian/check"
	"meridian/sim/operation"
	"meridian/sqldb"
	"meridian/sqlite"
)

// tiny is a scale small enough to replay in a test in a second or two.
var tiny = operation.Scale{Name: "tiny", Countries: 5, Victims: 9, Migrants: 40, Arrests: 6, ArrestsTHBSOM: 2, Flights: 12,
	Checks: 400, Raids: 3, Interceptions: 2, WatchPersons: 300, WatchDocuments: 500, HitShare: 0.05}

// mustStore opens a fresh SQLite store and the check service on it, as
// the sim command does.
func mustStore(t *testing.T) (*sqldb.DB, *check.Service, operation.Services) {
	t.Helper()
	dir := t.TempDir()
	key, err := audit.LoadOrCreateKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), dir, key, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	checks := check.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	svc := operation.Services{Agencies: db, Users: db, Operations: db, Persons: db, Events: db, Checks: checks,
		ImportWatchlist: func(ctx context.Context, ps []*meridian.WatchPerson, ds []*meridian.WatchDocument) error {
			_, _, err := db.ImportWatchlist(ctx, func(imp *sqldb.Importer) error {
				for _, p := range ps {
					if err := imp.AddPerson(p); err != nil {
						return err
					}
				}
				for _, d := range ds {
					if err := imp.AddDocument(d); err != nil {
						return err
					}
				}
				return nil
			})
			return err
		}}
	return db, checks, svc
}

// fakeClock advances only when slept on.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.slept += d
	return ctx.Err()
}

// cancelClock cancels the replay on its nth sleep.
type cancelClock struct {
	fakeClock
	after  int
	cancel func()
}

func (c *cancelClock) Sleep(ctx context.Context, d time.Duration) error {
	if c.after--; c.after == 0 {
		c.cancel()
	}
	return c.fakeClock.Sleep(ctx, d)
}

func sys() context.Context {
	return meridian.WithSubject(context.Background(), meridian.SystemSubject)
}

// replay sets the plan up on a fresh store and replays it.
func replay(t *testing.T, p *operation.Plan, o operation.ReplayOptions) (*sqldb.DB, *operation.World, operation.Stats) {
	t.Helper()
	db, checks, svc := mustStore(t)
	w, err := operation.Setup(sys(), p, svc, operation.SetupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if w.Watchlist != tiny.WatchPersons+tiny.WatchDocuments {
		t.Fatalf("%d watchlist entries imported, want %d", w.Watchlist, tiny.WatchPersons+tiny.WatchDocuments)
	}
	if err := checks.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	st, err := operation.Replay(sys(), p, w, svc, o)
	if err != nil {
		t.Fatal(err)
	}
	return db, w, st
}

func TestReplay(t *testing.T) {
	p, err := operation.NewPlan(tiny, 5)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		clock := &fakeClock{now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
		const speed = 3600 // an hour of the operation a second
		db, w, st := replay(t, p, operation.ReplayOptions{Speed: speed, Clock: clock})
		res, err := db.OperationResults(sys(), w.Operation.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, want := res.Totals, tiny.Figures()
		got.Hits = 0
		if got != want {
			t.Fatalf("results %+v, want %+v", got, want)
		}
		if st.Reports != int64(len(p.Reports)) || st.Checks != int64(tiny.Checks) || st.Persons != int64(tiny.Arrests) {
			t.Fatalf("stats %+v", st)
		}
		if res.Operation.Status != meridian.OperationClosed {
			t.Fatalf("operation %s after the replay, want closed", res.Operation.Status)
		}
		// Paced: the replay slept until its last step's time, scaled.
		last := p.Reports[len(p.Reports)-1].At
		if b := p.Checks[len(p.Checks)-1].At; b.After(last) {
			last = b
		}
		if want := time.Duration(float64(last.Sub(p.Start())) / speed); clock.slept < want-time.Second || clock.slept > want {
			t.Fatalf("slept %s, want %s at speed %d", clock.slept, want, speed)
		}
		// Reports are owned by the agency that filed them.
		events, _, err := db.FindEvents(sys(), meridian.EventFilter{OperationID: w.Operation.ID, Page: meridian.Page{Limit: 500}})
		if err != nil {
			t.Fatal(err)
		}
		owners := map[string]meridian.AgencyKind{}
		for _, a := range w.Agencies {
			owners[a.ID] = a.Kind
		}
		for _, e := range events {
			if k := owners[e.OwnerAgency]; k != meridian.AgencyPolice && k != meridian.AgencyBorder {
				t.Fatalf("%s report owned by a %q agency", e.Type, k)
			}
		}
	})
	t.Run("Resume", func(t *testing.T) {
		after := p.Start().Add(3 * 24 * time.Hour)
		db, w, st := replay(t, p, operation.ReplayOptions{After: after})
		var want meridian.Figures
		for _, r := range p.Reports {
			if r.At.After(after) {
				for m, n := range r.Event.Metrics() {
					want.AddMetric(m, n)
				}
			}
		}
		for _, b := range p.Checks {
			if b.At.After(after) {
				want.Checks += int64(b.Persons + b.Documents)
			}
		}
		res, err := db.OperationResults(sys(), w.Operation.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := res.Totals
		got.Hits = 0
		if got != want || !st.Resumed {
			t.Fatalf("resumed after %s: results %+v, want %+v", after, got, want)
		}
		if want.Checks == 0 || want.Checks == int64(tiny.Checks) {
			t.Fatalf("a resume after half the week should replay some checks, not %d", want.Checks)
		}
	})
	t.Run("ErrCancelled", func(t *testing.T) {
		db, checks, svc := mustStore(t)
		w, err := operation.Setup(sys(), p, svc, operation.SetupOptions{})
		if err != nil {
			t.Fatal(err)
		}
		checks.Load(context.Background())
		ctx, cancel := context.WithCancel(sys())
		defer cancel()
		clock := &cancelClock{after: 5, cancel: cancel}
		st, err := operation.Replay(ctx, p, w, svc, operation.ReplayOptions{Speed: 3600, Clock: clock})
		if err == nil || st.Reports+st.Checks == 0 || st.Reports == int64(len(p.Reports)) {
			t.Fatalf("cancelled after five waits: %v, stats %+v", err, st)
		}
		op, err := db.FindOperationByID(sys(), w.Operation.ID)
		if err != nil || op.Status != meridian.OperationActive {
			t.Fatalf("operation %v (%v) after a cancelled replay, want still active", op, err)
		}
	})
	t.Run("UsernameTaken", func(t *testing.T) {
		_, _, svc := mustStore(t)
		if _, err := operation.Setup(sys(), p, svc, operation.SetupOptions{}); err != nil {
			t.Fatal(err)
		}
		// A second simulation in the same store gets suffixed usernames.
		w, err := operation.Setup(sys(), p, svc, operation.SetupOptions{Password: "correct horse battery staple"})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, u := range w.Logins {
			if u.Username == "coordinator-2" {
				found = true
			}
		}
		if !found {
			t.Fatalf("logins %v: want coordinator-2", w.Logins)
		}
	})
}
