package worker_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"meridian"
	"meridian/audit"
	"meridian/nats"
	"meridian/sqldb"
	"meridian/sqlite"
	"meridian/worker"
)

// wait bounds every wait for work to happen; a failure deadline, not a
// speed assertion.
const wait = 10 * time.Second

var discard = slog.New(slog.DiscardHandler)

// fast retries quickly so that the tests take little time.
var fast = meridian.ConsumeOptions{MaxDeliver: 3, BackOff: []time.Duration{200 * time.Millisecond, 400 * time.Millisecond}, AckWait: 5 * time.Second}

// env is one bus server and one store, shared by the instances a test
// starts on it.
type env struct {
	tb  testing.TB
	emb *nats.Embedded
	db  *sqldb.DB
	seq int64 // the outbox sequence of the next change published
}

func newEnv(tb testing.TB) *env { tb.Helper(); return newEnvOn(tb, "") }

// newEnvOn listens on listen besides in-process ("" for no port).
func newEnvOn(tb testing.TB, listen string) *env {
	tb.Helper()
	emb, err := nats.StartEmbedded(tb.TempDir(), listen, discard)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(emb.Shutdown)
	dir := tb.TempDir()
	key, err := audit.LoadOrCreateKey(dir)
	if err != nil {
		tb.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), dir, key, discard)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return &env{tb: tb, emb: emb, db: db}
}

// bus is one instance's own connection to the bus.
func (e *env) bus() *nats.Bus {
	e.tb.Helper()
	b, err := nats.Connect(context.Background(), "", e.emb, nats.Options{Name: e.tb.Name(), Logger: discard})
	if err != nil {
		e.tb.Fatal(err)
	}
	e.tb.Cleanup(b.Close)
	return b
}

// registry is one instance's registry with one worker, started.
func (e *env) registry(name, filter string, h meridian.WorkHandler, opt meridian.ConsumeOptions) *worker.Registry {
	e.tb.Helper()
	r := &worker.Registry{Queue: e.bus(), Store: e.db, Logger: discard}
	if err := r.Register(name, filter, h, opt); err != nil {
		e.tb.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		e.tb.Fatal(err)
	}
	e.tb.Cleanup(func() { r.Stop(context.Background()) })
	return r
}

func (e *env) publish(n int, kind string) []*meridian.Change {
	e.tb.Helper()
	b := e.bus()
	var out []*meridian.Change
	for range n {
		e.seq++
		c := &meridian.Change{Seq: e.seq, Kind: kind, Action: meridian.ChangeCreated, RecordID: meridian.NewID(),
			At: time.Now().UTC(), Data: []byte(`{"names":[{"full":"Ana Popescu"}]}`)}
		if err := b.Publish(context.Background(), c); err != nil {
			e.tb.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// settled waits until the worker has nothing pending or in flight.
func settled(tb testing.TB, q meridian.Queue, name string) {
	tb.Helper()
	eventually(tb, "the worker to settle every change", func() bool {
		st, err := q.WorkerStats(context.Background(), name)
		return err == nil && st.Pending == 0 && st.InFlight == 0
	})
}

func eventually(tb testing.TB, what string, ok func() bool) {
	tb.Helper()
	deadline := time.Now().Add(wait)
	for !ok() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// tally counts the handling of each change by record id, per instance.
type tally struct {
	mu   sync.Mutex
	seen map[string]int
	by   map[string]int
}

func newTally() *tally { return &tally{seen: map[string]int{}, by: map[string]int{}} }

func (t *tally) handler(instance string) meridian.WorkHandler {
	return func(ctx context.Context, c *meridian.Change) error {
		t.mu.Lock()
		defer t.mu.Unlock()
		t.seen[c.RecordID]++
		t.by[instance]++
		return nil
	}
}

func (t *tally) total() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, v := range t.seen {
		n += v
	}
	return n
}

func admin() context.Context {
	return meridian.WithSubject(context.Background(), &meridian.Subject{UserID: meridian.NewID(), Username: "admin", Roles: []meridian.Role{meridian.RoleAdmin}})
}

// TestOnceAcrossInstances: two instances share a worker; every change is
// handled exactly once, and both take a share.
func TestOnceAcrossInstances(t *testing.T) {
	e := newEnv(t)
	tl := newTally()
	slow := func(h meridian.WorkHandler) meridian.WorkHandler {
		return func(ctx context.Context, c *meridian.Change) error { time.Sleep(time.Millisecond); return h(ctx, c) }
	}
	e.registry("count", "meridian.change.person.>", slow(tl.handler("a")), meridian.ConsumeOptions{})
	r2 := &worker.Registry{Queue: e.bus(), Store: e.db, Logger: discard}
	if err := r2.Register("count", "meridian.change.person.>", slow(tl.handler("b"))); err != nil {
		t.Fatal(err)
	}
	if err := r2.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r2.Stop(context.Background()) })

	const n = 200
	changes := e.publish(n, "person")
	e.publish(5, "event") // outside the filter
	eventually(t, "every change handled", func() bool { return tl.total() >= n })
	settled(t, e.bus(), "count")
	for _, c := range changes {
		if tl.seen[c.RecordID] != 1 {
			t.Fatalf("change %d handled %d times", c.Seq, tl.seen[c.RecordID])
		}
	}
	if tl.total() != n {
		t.Fatalf("%d handlings for %d changes", tl.total(), n)
	}
	if tl.by["a"] == 0 || tl.by["b"] == 0 {
		t.Fatalf("one instance did all the work: %v", tl.by)
	}
}

// TestRetryWithBackOff: a transient error is retried after the back-off,
// then acknowledged; nothing is parked.
func TestRetryWithBackOff(t *testing.T) {
	e := newEnv(t)
	var mu sync.Mutex
	var times []time.Time
	h := func(ctx context.Context, c *meridian.Change) error {
		mu.Lock()
		defer mu.Unlock()
		times = append(times, time.Now())
		if len(times) < 3 {
			return meridian.Errorf(meridian.EUnavailable, "test.link", "store busy")
		}
		return nil
	}
	e.registry("flaky", "meridian.change.>", h, fast)
	e.publish(1, "person")
	settled(t, e.bus(), "flaky")
	mu.Lock()
	defer mu.Unlock()
	if len(times) != 3 {
		t.Fatalf("%d attempts, want 3 (two failures, one success)", len(times))
	}
	// The bus held the change back at least the back-off before each retry.
	for i, want := range fast.BackOff {
		if gap := times[i+1].Sub(times[i]); gap < want {
			t.Fatalf("retry %d came after %s, before its back-off %s", i+1, gap, want)
		}
	}
	if n, err := e.db.CountParkedWork(admin(), "flaky"); err != nil || n != 0 {
		t.Fatalf("parked %d (%v), want none", n, err)
	}
}

// TestParkAndRetry: a change failing every attempt is parked after
// MaxDeliver attempts with the reason; administrators see it and put it
// back, and the worker handles it again; no one else may.
func TestParkAndRetry(t *testing.T) {
	e := newEnv(t)
	var mu sync.Mutex
	attempts := map[string]int{}
	fixed := false
	h := func(ctx context.Context, c *meridian.Change) error {
		mu.Lock()
		defer mu.Unlock()
		attempts[c.RecordID]++
		switch {
		case fixed:
			return nil
		case c.Kind == "person":
			return meridian.Errorf(meridian.EConflict, "link.Person", "record %s changed meanwhile", c.RecordID)
		}
		// A cause that quotes personal data must not reach the record.
		return fmt.Errorf("cannot link %q: %w", "Ana Popescu", errors.New("boom"))
	}
	r := e.registry("linker", "meridian.change.>", h, fast)
	person := e.publish(1, "person")[0]
	event := e.publish(1, "event")[0]
	settled(t, e.bus(), "linker")
	eventually(t, "both changes parked", func() bool {
		n, _ := e.db.CountParkedWork(admin(), "linker")
		return n == 2
	})
	mu.Lock()
	if attempts[person.RecordID] != fast.MaxDeliver || attempts[event.RecordID] != fast.MaxDeliver {
		t.Fatalf("attempts %v, want %d each", attempts, fast.MaxDeliver)
	}
	mu.Unlock()

	parked, _, err := r.FindParkedWork(admin(), meridian.ParkedWorkFilter{Worker: "linker"})
	if err != nil || len(parked) != 2 {
		t.Fatalf("parked %v, %v", parked, err)
	}
	byRecord := map[string]*meridian.ParkedWork{}
	for _, p := range parked {
		byRecord[p.RecordID] = p
		if p.Attempts != fast.MaxDeliver || p.State != meridian.ParkedWaiting || p.Worker != "linker" || p.Action != meridian.ChangeCreated {
			t.Fatalf("parked %+v", p)
		}
	}
	if p := byRecord[person.RecordID]; p == nil || p.Kind != "person" || p.ChangeSeq != person.Seq ||
		!strings.Contains(p.Error, "changed meanwhile") || !strings.Contains(p.Error, "link.Person") {
		t.Fatalf("the person's parked record %+v does not give the reason", p)
	}
	if p := byRecord[event.RecordID]; p == nil || strings.Contains(p.Error, "Popescu") || !strings.Contains(p.Error, "internal error") {
		t.Fatalf("the event's parked record %+v shows an internal cause", p)
	}

	t.Run("ErrForbidden", func(t *testing.T) {
		officer := meridian.WithSubject(context.Background(), &meridian.Subject{UserID: meridian.NewID(), AgencyID: meridian.NewID(), Roles: []meridian.Role{meridian.RoleOfficer, meridian.RoleCoordinator}})
		if _, _, err := r.FindParkedWork(officer, meridian.ParkedWorkFilter{Worker: "linker"}); meridian.KindOf(err) != meridian.EForbidden {
			t.Fatalf("an officer lists parked work: %v", err)
		}
		if _, err := r.RetryParkedWork(officer, "linker", byRecord[person.RecordID].ID); meridian.KindOf(err) != meridian.EForbidden {
			t.Fatalf("an officer retries parked work: %v", err)
		}
		if _, err := r.FindWorkers(officer); meridian.KindOf(err) != meridian.EForbidden {
			t.Fatalf("an officer lists workers: %v", err)
		}
	})

	t.Run("OK", func(t *testing.T) {
		mu.Lock()
		fixed = true
		mu.Unlock()
		id := byRecord[person.RecordID].ID
		p, err := r.RetryParkedWork(admin(), "linker", id)
		if err != nil || p.State != meridian.ParkedRetried || p.Retries != 1 {
			t.Fatalf("retry: %+v %v", p, err)
		}
		eventually(t, "the retried change handled", func() bool {
			mu.Lock()
			defer mu.Unlock()
			return attempts[person.RecordID] == fast.MaxDeliver+1
		})
		settled(t, e.bus(), "linker")
		mu.Lock()
		if attempts[event.RecordID] != fast.MaxDeliver {
			t.Fatalf("the change not retried was handled again: %v", attempts)
		}
		mu.Unlock()
		if _, err := r.RetryParkedWork(admin(), "linker", id); meridian.KindOf(err) != meridian.EConflict {
			t.Fatalf("a second retry of the same item: %v", err)
		}
		infos, err := r.FindWorkers(admin())
		if err != nil || len(infos) != 1 || infos[0].Parked != 1 || infos[0].State != meridian.WorkerRunning {
			t.Fatalf("workers %+v %v", infos, err)
		}
		entries, _, err := e.db.FindAuditEntries(admin(), meridian.AuditFilter{RecordID: id})
		if err != nil || len(entries) != 1 || entries[0].Action != "work_retry" || entries[0].Username != "admin" {
			t.Fatalf("audit of the retry: %+v %v", entries, err)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := r.RetryParkedWork(admin(), "linker", meridian.NewID()); meridian.KindOf(err) != meridian.ENotFound {
			t.Fatalf("retry of an unknown item: %v", err)
		}
		if _, err := r.RetryParkedWork(admin(), "other", byRecord[event.RecordID].ID); meridian.KindOf(err) != meridian.ENotFound {
			t.Fatalf("retry through another worker: %v", err)
		}
	})
}

// TestRestartResumes: a registry stopped and started again (a new
// instance) takes up the changes published meanwhile and none it had
// acknowledged.
func TestRestartResumes(t *testing.T) {
	e := newEnv(t)
	tl := newTally()
	r := e.registry("resume", "meridian.change.>", tl.handler("first"), meridian.ConsumeOptions{})
	before := e.publish(10, "person")
	eventually(t, "the first changes handled", func() bool { return tl.total() == 10 })
	settled(t, e.bus(), "resume")
	if err := r.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	after := e.publish(10, "case")
	e.registry("resume", "meridian.change.>", tl.handler("second"), meridian.ConsumeOptions{})
	eventually(t, "the later changes handled", func() bool { return tl.total() >= 20 })
	settled(t, e.bus(), "resume")
	for _, c := range append(before, after...) {
		if tl.seen[c.RecordID] != 1 {
			t.Fatalf("change %s/%d handled %d times", c.Kind, c.Seq, tl.seen[c.RecordID])
		}
	}
	if tl.by["first"] != 10 || tl.by["second"] != 10 {
		t.Fatalf("handled %v, want 10 before the restart and 10 after", tl.by)
	}
}

// TestStopWaitsForInFlight: Stop returns only after the change in hand is
// handled and acknowledged; it is not handed out again.
func TestStopWaitsForInFlight(t *testing.T) {
	e := newEnv(t)
	started, release := make(chan struct{}), make(chan struct{})
	var handled, finished int
	var mu sync.Mutex
	h := func(ctx context.Context, c *meridian.Change) error {
		mu.Lock()
		handled++
		mu.Unlock()
		close(started)
		<-release
		mu.Lock()
		finished++
		mu.Unlock()
		return nil
	}
	r := e.registry("slow", "meridian.change.>", h, meridian.ConsumeOptions{})
	e.publish(1, "person")
	<-started
	stopped := make(chan error)
	go func() { stopped <- r.Stop(context.Background()) }()
	select {
	case err := <-stopped:
		t.Fatalf("Stop returned (%v) with work in hand", err)
	case <-time.After(300 * time.Millisecond):
	}
	close(release)
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if finished != 1 {
		t.Fatalf("Stop returned before the work finished")
	}
	mu.Unlock()
	st, err := e.bus().WorkerStats(context.Background(), "slow")
	if err != nil || st.Pending != 0 || st.InFlight != 0 {
		t.Fatalf("after Stop: %+v %v, want the change acknowledged", st, err)
	}
	// A new instance does not get it again.
	tl := newTally()
	e.registry("slow", "meridian.change.>", tl.handler("next"), meridian.ConsumeOptions{})
	e.publish(1, "event")
	eventually(t, "the next change", func() bool { return tl.total() == 1 })
	settled(t, e.bus(), "slow")
	if handled != 1 || tl.total() != 1 {
		t.Fatalf("handled %d + %d, want the first change once and the next once", handled, tl.total())
	}
}

// TestRegisterRefuses: names that cannot be consumer names, filters
// outside the changes, duplicates and late registrations.
func TestRegisterRefuses(t *testing.T) {
	e := newEnv(t)
	h := func(context.Context, *meridian.Change) error { return nil }
	for _, c := range []struct{ name, filter string }{{"Bad Name", "meridian.change.>"}, {"ok", "meridian.>"}, {"ok", "meridian.retry.ok"}, {"a.b", ""}} {
		r := &worker.Registry{Queue: e.bus(), Store: e.db, Logger: discard}
		if err := r.Register(c.name, c.filter, h); err != nil {
			t.Fatal(err)
		}
		if err := r.Start(context.Background()); meridian.KindOf(err) != meridian.EInvalid {
			t.Fatalf("Start(%q, %q): %v, want invalid", c.name, c.filter, err)
		}
	}
	r := e.registry("once", "", h, meridian.ConsumeOptions{})
	if err := r.Register("late", "", h); meridian.KindOf(err) != meridian.EConflict {
		t.Fatalf("register after start: %v", err)
	}
	r2 := &worker.Registry{}
	r2.Register("twice", "", h)
	if err := r2.Register("twice", "", h); meridian.KindOf(err) != meridian.EInvalid {
		t.Fatalf("register twice: %v", err)
	}
}

// TestInstanceLostMidWork: an instance that goes away with a change in
// hand does not lose it: another instance sharing the worker handles it.
func TestInstanceLostMidWork(t *testing.T) {
	e := newEnv(t)
	opt := meridian.ConsumeOptions{AckWait: time.Second, BackOff: []time.Duration{100 * time.Millisecond}}
	started := make(chan struct{})
	busA := e.bus()
	ra := &worker.Registry{Queue: busA, Store: e.db, Logger: discard}
	ra.Register("lost", "", func(ctx context.Context, c *meridian.Change) error {
		close(started)
		<-ctx.Done() // until its instance goes away
		return ctx.Err()
	}, opt)
	if err := ra.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := e.publish(1, "person")[0]
	<-started
	tl := newTally()
	e.registry("lost", "", tl.handler("b"), opt)
	busA.Close() // instance A is gone, its change unacknowledged
	eventually(t, "instance B to take the change over", func() bool { return tl.total() == 1 })
	settled(t, e.bus(), "lost")
	if tl.seen[c.RecordID] != 1 {
		t.Fatalf("handled %v", tl.seen)
	}
	if n, _ := e.db.CountParkedWork(admin(), "lost"); n != 0 {
		t.Fatalf("%d parked: a lost instance is not the change's fault", n)
	}
}

// TestRetryOfExpiredChange: when the bus no longer holds a parked change,
// the retry answers not found and the item stays parked.
func TestRetryOfExpiredChange(t *testing.T) {
	e := newEnvOn(t, "127.0.0.1:0")
	opt := meridian.ConsumeOptions{MaxDeliver: 1}
	r := e.registry("expiring", "", func(context.Context, *meridian.Change) error {
		return meridian.Errorf(meridian.EUnavailable, "test", "down")
	}, opt)
	e.publish(1, "person")
	eventually(t, "the change parked", func() bool {
		n, _ := e.db.CountParkedWork(admin(), "expiring")
		return n == 1
	})
	ps, _, err := r.FindParkedWork(admin(), meridian.ParkedWorkFilter{Worker: "expiring"})
	if err != nil || len(ps) != 1 {
		t.Fatalf("%+v %v", ps, err)
	}
	// The stream drops the change (its age passed).
	nc, err := natsgo.Connect(e.emb.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	stream, err := js.Stream(context.Background(), "MERIDIAN")
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.DeleteMsg(context.Background(), ps[0].StreamSeq); err != nil {
		t.Fatal(err)
	}
	if _, err := r.RetryParkedWork(admin(), "expiring", ps[0].ID); meridian.KindOf(err) != meridian.ENotFound {
		t.Fatalf("retry of a change the bus dropped: %v", err)
	}
	if n, _ := e.db.CountParkedWork(admin(), "expiring"); n != 1 {
		t.Fatalf("%d parked after the refused retry, want the item still parked", n)
	}
}

// TestParkUnsettled: a change whose every instance goes away while
// handling it (it crashes them) is parked after MaxDeliver and two more
// deliveries, without calling the handler again, so that it cannot take
// the installation down in a loop.
func TestParkUnsettled(t *testing.T) {
	e := newEnv(t)
	// DeliverAll: the change is published before the worker first starts.
	opt := meridian.ConsumeOptions{MaxDeliver: 1, AckWait: time.Second, BackOff: []time.Duration{100 * time.Millisecond}, DeliverAll: true}
	e.publish(1, "person")
	for i := range 3 { // MaxDeliver + the grace of two
		started := make(chan struct{})
		b := e.bus()
		r := &worker.Registry{Queue: b, Store: e.db, Logger: discard}
		r.Register("crashing", "", func(ctx context.Context, c *meridian.Change) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		}, opt)
		if err := r.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		select {
		case <-started:
		case <-time.After(wait):
			t.Fatalf("delivery %d never came", i+1)
		}
		b.Close() // the instance dies with the change in hand
	}
	calls := 0
	var mu sync.Mutex
	e.registry("crashing", "", func(context.Context, *meridian.Change) error {
		mu.Lock()
		defer mu.Unlock()
		calls++
		return nil
	}, opt)
	eventually(t, "the change parked", func() bool {
		n, _ := e.db.CountParkedWork(admin(), "crashing")
		return n == 1
	})
	ps, _, err := e.db.FindParkedWork(admin(), meridian.ParkedWorkFilter{Worker: "crashing"})
	if err != nil || len(ps) != 1 || ps[0].Attempts != 3 || !strings.Contains(ps[0].Error, "not settled after 3 deliveries") {
		t.Fatalf("parked %+v %v", ps, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if calls != 0 {
		t.Fatalf("the handler was called %d times on a change past its deliveries", calls)
	}
}
