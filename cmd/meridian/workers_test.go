package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"meridian"
	"meridian/postgres/pgtest"
	"meridian/worker"
)

// workTally counts, per record, the handlings of a test worker across
// instances.
type workTally struct {
	mu   sync.Mutex
	seen map[string]int
	by   map[string]int
}

func (w *workTally) register(instance, name string, opt meridian.ConsumeOptions, fail func(*meridian.Change) error) func(*worker.Registry) error {
	return func(r *worker.Registry) error {
		return r.Register(name, meridian.ChangeSubjectPrefix+"person.>", func(ctx context.Context, c *meridian.Change) error {
			if fail != nil {
				if err := fail(c); err != nil {
					return err
				}
			}
			w.mu.Lock()
			defer w.mu.Unlock()
			w.seen[c.RecordID]++
			w.by[instance]++
			return nil
		}, opt)
	}
}

func (w *workTally) count(id string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.seen[id]
}

func workSettled(t *testing.T, m *Main, name string) {
	t.Helper()
	eventually(t, "the worker to settle every change", func() bool {
		st, err := m.Bus.WorkerStats(context.Background(), name)
		return err == nil && st.Pending == 0 && st.InFlight == 0
	})
}

// TestWorkerOnceAcrossInstances runs two servers on one PostgreSQL
// database and one NATS server, each with the same named worker: every
// person written through either is handled once, by one of them.
func TestWorkerOnceAcrossInstances(t *testing.T) {
	pg := pgtest.NewDatabase(t)
	natsURL := mustSharedNATS(t)
	data := t.TempDir()
	tl := &workTally{seen: map[string]int{}, by: map[string]int{}}
	start := func(instance string) *Main {
		t.Helper()
		cfg := Config{Data: data, Postgres: pg, NATS: natsURL, Addr: "127.0.0.1:0", AdminCountry: "FR", LogLevel: "error"}
		m := &Main{Config: cfg, RegisterWorkers: tl.register(instance, "test-once", meridian.ConsumeOptions{}, nil)}
		if err := m.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { m.Close() })
		return m
	}
	m1, m2 := start("one"), start("two")

	a := mustAgency(t, m1, "MK", "Agency A")
	tok := mustToken(t, m1, a, "officer", meridian.RoleOfficer)
	clients := []*client{{t, m1.URL, tok}, {t, m2.URL, tok}}
	const n = 40
	var ids []string
	for i := range n {
		var p meridian.Person
		clients[i%2].must(201, "POST", "/api/v1/persons", personBody(fmt.Sprintf("Worked On %d", i), map[string]any{"scope": "owner"})).decode(t, &p)
		ids = append(ids, p.ID)
	}
	eventually(t, "every person handled", func() bool {
		for _, id := range ids {
			if tl.count(id) == 0 {
				return false
			}
		}
		return true
	})
	workSettled(t, m1, "test-once")
	for _, id := range ids {
		if c := tl.count(id); c != 1 {
			t.Fatalf("person %s handled %d times", id, c)
		}
	}
	tl.mu.Lock()
	defer tl.mu.Unlock()
	if tl.by["one"]+tl.by["two"] != n {
		t.Fatalf("handled %v, want %d in all", tl.by, n)
	}
}

// TestWorkerParkedForAdministrators: a change a worker keeps failing on
// is parked; administrators see the worker, the item and its reason (never
// the record's content) and put it back, audited; no one else sees any of
// it.
func TestWorkerParkedForAdministrators(t *testing.T) {
	tl := &workTally{seen: map[string]int{}, by: map[string]int{}}
	var mu sync.Mutex
	broken := true
	fail := func(c *meridian.Change) error {
		mu.Lock()
		defer mu.Unlock()
		if broken {
			return meridian.Errorf(meridian.EUnavailable, "link.Person", "the matcher is unavailable")
		}
		return nil
	}
	opt := meridian.ConsumeOptions{MaxDeliver: 2, BackOff: []time.Duration{100 * time.Millisecond}}
	m := &Main{Config: Config{Data: t.TempDir(), Addr: "127.0.0.1:0", AdminCountry: "FR", LogLevel: "error"},
		RegisterWorkers: tl.register("one", "test-park", opt, fail)}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })

	a := mustAgency(t, m, "MK", "Agency A")
	officer := &client{t, m.URL, mustToken(t, m, a, "officer", meridian.RoleOfficer, meridian.RoleCoordinator, meridian.RoleNCB)}
	admin := &client{t, m.URL, mustToken(t, m, a, "workadmin", meridian.RoleAdmin)}
	var p meridian.Person
	officer.must(201, "POST", "/api/v1/persons", personBody("Parked Person Name", map[string]any{"scope": "owner"})).decode(t, &p)

	var workers list[meridian.WorkerInfo]
	eventually(t, "the change parked", func() bool {
		admin.must(200, "GET", "/api/v1/workers", nil).decode(t, &workers)
		return len(workers.Items) == 3 && // linking, reminders and test-park
			workerNamed(workers.Items, "test-park").Parked == 1
	})
	if w := workerNamed(workers.Items, "test-park"); w.Name != "test-park" || w.State != meridian.WorkerRunning || w.Filter != "meridian.change.person.>" {
		t.Fatalf("worker %+v", w)
	}
	r := admin.must(200, "GET", "/api/v1/workers/test-park/parked", nil)
	if strings.Contains(string(r.body), "Parked Person Name") || strings.Contains(string(r.body), "1981-04") {
		t.Fatalf("the parked list shows the record's content: %s", r.body)
	}
	var parked list[meridian.ParkedWork]
	r.decode(t, &parked)
	if len(parked.Items) != 1 {
		t.Fatalf("parked %+v", parked.Items)
	}
	item := parked.Items[0]
	if item.RecordID != p.ID || item.Kind != "person" || item.Action != meridian.ChangeCreated || item.Attempts != 2 ||
		item.State != meridian.ParkedWaiting || !strings.Contains(item.Error, "the matcher is unavailable") {
		t.Fatalf("parked item %+v", item)
	}

	t.Run("ErrForbidden", func(t *testing.T) {
		mustProblem(t, officer.do("GET", "/api/v1/workers", nil), 403, "")
		mustProblem(t, officer.do("GET", "/api/v1/workers/test-park/parked", nil), 403, "")
		mustProblem(t, officer.do("POST", "/api/v1/workers/test-park/parked/"+item.ID+"/retry", nil), 403, "")
		anon := &client{t, m.URL, ""}
		if r := anon.do("GET", "/api/v1/workers/test-park/parked", nil); r.status != 401 {
			t.Fatalf("anonymous: %d %s", r.status, r.body)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		mustProblem(t, admin.do("GET", "/api/v1/workers/nosuch/parked", nil), 404, "")
		mustProblem(t, admin.do("POST", "/api/v1/workers/test-park/parked/"+meridian.NewID()+"/retry", nil), 404, "")
		mustProblem(t, admin.do("POST", "/api/v1/workers/nosuch/parked/"+item.ID+"/retry", nil), 404, "")
	})
	t.Run("Retry", func(t *testing.T) {
		mu.Lock()
		broken = false
		mu.Unlock()
		var got meridian.ParkedWork
		admin.must(200, "POST", "/api/v1/workers/test-park/parked/"+item.ID+"/retry", nil).decode(t, &got)
		if got.State != meridian.ParkedRetried || got.Retries != 1 {
			t.Fatalf("retried %+v", got)
		}
		eventually(t, "the retried change handled", func() bool { return tl.count(p.ID) == 1 })
		workSettled(t, m, "test-park")
		mustProblem(t, admin.do("POST", "/api/v1/workers/test-park/parked/"+item.ID+"/retry", nil), 409, "")
		admin.must(200, "GET", "/api/v1/workers", nil).decode(t, &workers)
		if w := workerNamed(workers.Items, "test-park"); w.Parked != 0 {
			t.Fatalf("still parked after the retry: %+v", w)
		}
		var entries list[meridian.AuditEntry]
		admin.must(200, "GET", "/api/v1/audit?record_id="+item.ID, nil).decode(t, &entries)
		if len(entries.Items) != 1 || entries.Items[0].Action != "work_retry" || entries.Items[0].Username != "workadmin" {
			t.Fatalf("audit of the retry: %+v", entries.Items)
		}
	})
}

// workerNamed finds a worker in a list that holds Meridian's own (the
// linking worker) besides the test's.
func workerNamed(ws []meridian.WorkerInfo, name string) meridian.WorkerInfo {
	for _, w := range ws {
		if w.Name == name {
			return w
		}
	}
	return meridian.WorkerInfo{}
}
