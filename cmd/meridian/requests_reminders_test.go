package main

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"meridian"
	"meridian/postgres/pgtest"
	"meridian/worker"
)

// TestRequestRemindersBatches: more reminders fall due at once than one
// round of the sweep takes (its batch) and than one change carries
// (meridian.ReminderBatchSize), on two instances sweeping at once over one
// PostgreSQL database, one of them restarted between the reminders and
// the overdue notices (its first sweep, on the real clock before the test
// sets the fake one, finds every deadline overdue: more at once still):
// every reminder and every overdue notice reaches
// the requested agency's inbox exactly once, each queued in exactly one
// change, and changes carry many.
func TestRequestRemindersBatches(t *testing.T) {
	pg := pgtest.NewDatabase(t)
	natsURL := mustSharedNATS(t)
	data := t.TempDir()
	clock := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	var mu sync.Mutex
	queued := map[string]map[int64]bool{} // notice/request -> changes
	changes := 0
	start := func() *Main {
		t.Helper()
		m := &Main{Config: Config{Data: data, Postgres: pg, NATS: natsURL, Addr: "127.0.0.1:0", AdminCountry: "FR", LogLevel: "error", UserRate: 1e6},
			RegisterWorkers: func(r *worker.Registry) error {
				return r.Register("test-batches", worker.ReminderFilter, func(ctx context.Context, c *meridian.Change) error {
					var b meridian.ReminderBatch
					if err := json.Unmarshal(c.Data, &b); err != nil {
						return err
					}
					mu.Lock()
					defer mu.Unlock()
					if len(b.Reminders) > meridian.ReminderBatchSize {
						t.Errorf("a change of %d reminders", len(b.Reminders))
					}
					changes++
					for _, d := range b.Reminders {
						k := d.Notice + "/" + d.RequestID + "/" + d.Deadline
						if queued[k] == nil {
							queued[k] = map[int64]bool{}
						}
						queued[k][c.Seq] = true
					}
					return nil
				})
			}}
		if err := m.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		m.DB.SetClock(clock.Now)
		return m
	}
	m1, m2 := start(), start()
	defer func() { m1.Close(); m2.Close() }()
	w := newCaseWorldOn(t, m1)
	const n = 260
	var ids []string
	for range n {
		r := w.draft(t, meridian.RequestPoliceInfo, map[string]string{"issuing_authority": "a", "contact": "b", "offence": "c",
			"purpose": "d", "information_sought": "e", "connection": "f"})
		transit(t, w.rsPro, 200, &r, "send", "")
		ids = append(ids, r.ID)
	}
	// Both instances sweep at once, in rounds of 40 (the servers' own
	// sweeps, every 30 s, may join in).
	sweepBoth := func() {
		var wg sync.WaitGroup
		for _, m := range []*Main{m1, m2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				(&worker.Reminders{Store: m.DB, Batch: 40}).Sweep(sys())
			}()
		}
		wg.Wait()
	}
	inbox := func(kind string) int {
		var got int
		if err := m2.DB.SQL().QueryRow(`SELECT COUNT(*) FROM notifications n JOIN request_deadlines d ON d.request_id = n.request_id
			AND d.kind = n.detail AND d.party = n.agency_id WHERE n.user_id = '' AND n.kind = $1 AND d.kind = 'acknowledge'`, kind).Scan(&got); err != nil {
			t.Fatal(err)
		}
		return got
	}
	clock.Add(13 * time.Hour) // acknowledge within 24 h, reminded 12 h before
	sweepBoth()
	eventuallyWithin(t, time.Minute, "every reminder delivered", func() bool { return inbox(meridian.NoticeRequestReminder) >= n })
	m1.Close()
	m1 = start()
	clock.Add(12 * time.Hour)
	sweepBoth()
	sweepBoth()
	eventuallyWithin(t, time.Minute, "every overdue notice delivered", func() bool { return inbox(meridian.NoticeRequestOverdue) >= n })
	eventually(t, "the test worker has every change", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(queued) >= 2*n
	})
	if r, o := inbox(meridian.NoticeRequestReminder), inbox(meridian.NoticeRequestOverdue); r != n || o != n {
		t.Fatalf("%d reminders and %d overdue notices for %d requests", r, o, n)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, id := range ids {
		for _, kind := range []string{meridian.NoticeRequestReminder, meridian.NoticeRequestOverdue} {
			if k := len(queued[kind+"/"+id+"/acknowledge"]); k != 1 {
				t.Errorf("%s of %s queued in %d changes", kind, id, k)
			}
		}
	}
	for k, seqs := range queued {
		if len(seqs) != 1 {
			t.Errorf("%s queued in %d changes", k, len(seqs))
		}
	}
	// Many reminders a change, none over the size of one.
	if changes < len(queued)/meridian.ReminderBatchSize || changes > len(queued)/2 {
		t.Fatalf("%d changes for %d reminders", changes, len(queued))
	}
}
