package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	nethttp "net/http"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"meridian"
	"meridian/postgres/pgtest"
	"meridian/worker"
)

// Issue 13's target: "10,000 open requests with deadlines: every reminder
// sent once, on time (within a minute), across a restart and with two
// instances; none missed." TestBenchReminders measures it on the real
// clock, with the real sweep (every 30 s) and the real durable worker:
//
//	MERIDIAN_TEST_POSTGRES=... go test ./cmd/meridian -run '^TestBenchReminders$' \
//	    -count=1 -v -timeout 30m -args -reminders.n=10000 -reminders.window=3m
//
// It makes n sent requests through HTTP, then moves each one's
// acknowledgement deadline (in the store: the deadline rules count in
// hours) so that the n reminders fall due evenly over the window, starting
// 20 s on, and each overdue notice 60 s after its reminder. Two instances
// serve one PostgreSQL database and one NATS server; the first is
// restarted halfway through the window. When every notice is in (or five
// minutes after the last one fell due), it reads from the store when each
// reminder and overdue notice reached the requested agency's inbox against
// when it fell due, and counts the changes the sweeps queued (a durable
// worker of its own beside "reminders"): sent, missed, queued twice,
// lateness p50/p95/max. It asserts none missed and none doubled; the
// lateness it reports, never asserts (no test asserts a wall-clock time).
// Two instances on one SQLite file are not supported (serve locks its
// data directory), so it runs on PostgreSQL only. It is a measurement that
// waits on the real clock for minutes, so it runs only when asked for with
// -reminders.n; that every reminder is delivered once across a restart and
// two instances, more than one sweep's round and one change, is tested in
// make test by TestRequestRemindersBatches (fake clock, under -race).
var (
	benchRemindersN      = flag.Int("reminders.n", 0, "TestBenchReminders: open requests with deadlines (0: do not run the benchmark)")
	benchRemindersWindow = flag.Duration("reminders.window", 40*time.Second, "TestBenchReminders: the span over which their reminders fall due")
)

func TestBenchReminders(t *testing.T) {
	if *benchRemindersN <= 0 {
		t.Skip("a benchmark on the real clock: run it with -args -reminders.n=10000 -reminders.window=3m (see its comment)")
	}
	n, window := *benchRemindersN, *benchRemindersWindow
	pg := pgtest.NewDatabase(t)
	natsURL := mustSharedNATS(t)
	data := t.TempDir()

	// Every change the sweeps queue, by notice and request: a second
	// change for one deadline would be a reminder queued twice. A change
	// handed out again (its instance stopped before acknowledging it)
	// keeps its sequence number, and is not a second reminder.
	var mu sync.Mutex
	queued := map[string]map[int64]bool{}
	register := func(r *worker.Registry) error {
		return r.Register("bench-reminders", worker.ReminderFilter, func(ctx context.Context, c *meridian.Change) error {
			var b meridian.ReminderBatch
			if err := json.Unmarshal(c.Data, &b); err != nil {
				return nil
			}
			mu.Lock()
			for _, d := range b.Reminders {
				k := d.Notice + "/" + d.RequestID
				if queued[k] == nil {
					queued[k] = map[int64]bool{}
				}
				queued[k][c.Seq] = true
			}
			mu.Unlock()
			return nil
		})
	}
	start := func() *Main {
		t.Helper()
		m := &Main{Config: Config{Data: data, Postgres: pg, NATS: natsURL, Addr: "127.0.0.1:0", AdminCountry: "FR",
			LogLevel: "error", UserRate: 1e6}, RegisterWorkers: register}
		if err := m.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		return m
	}
	m1, m2 := start(), start()
	defer func() { m1.Close(); m2.Close() }()
	w := newCaseWorldOn(t, m1)

	// n sent requests, by eight clients at once, half through each
	// instance.
	began := time.Now()
	ids := make([]string, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		base := []string{m1.URL, m2.URL}[g%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				id, err := benchSentRequest(base, w.rsPro.token, w.caseID, w.mk.ID)
				if err != nil {
					errs <- err
					return
				}
				ids[i] = id
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	t.Logf("%d sent requests in %s", n, time.Since(began).Round(time.Second))

	// Their reminders fall due evenly over the window, from 20 s on; each
	// overdue notice 60 s after its reminder.
	const lead, overdueAfter = 20 * time.Second, 60 * time.Second
	t0 := time.Now().Add(lead)
	tx, err := m1.DB.SQL().Begin()
	if err != nil {
		t.Fatal(err)
	}
	far := time.Now().AddDate(1, 0, 0).UnixMicro()
	if _, err := tx.Exec(`UPDATE request_deadlines SET remind_at = $1, due_at = $1 WHERE kind <> 'acknowledge'`, far); err != nil {
		t.Fatal(err)
	}
	for i, id := range ids {
		remind := t0.Add(time.Duration(int64(window) * int64(i) / int64(n)))
		if _, err := tx.Exec(`UPDATE request_deadlines SET remind_at = $1, due_at = $2 WHERE request_id = $3 AND kind = 'acknowledge'`,
			remind.UnixMicro(), remind.Add(overdueAfter).UnixMicro(), id); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	// Restart the first instance halfway through the window.
	time.Sleep(time.Until(t0.Add(window / 2)))
	m1.Close()
	restarted := time.Now()
	m1 = start()
	t.Logf("instance 1 restarted at %s into the window, in %s", restarted.Sub(t0).Round(time.Second), time.Since(restarted).Round(time.Millisecond))

	// Wait for every notice, or five minutes past the last due.
	last := t0.Add(window + overdueAfter)
	count := func() int {
		var got int
		if err := m1.DB.SQL().QueryRow(`SELECT COUNT(*) FROM notifications n JOIN request_deadlines d ON d.request_id = n.request_id
			AND d.kind = n.detail AND d.party = n.agency_id WHERE n.user_id = '' AND d.kind = 'acknowledge'`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		return got
	}
	for time.Now().Before(last.Add(5*time.Minute)) && (time.Now().Before(last) || count() < 2*n) {
		time.Sleep(time.Second)
	}

	// What reached the requested agency's inbox, and when.
	rows, err := m1.DB.SQL().Query(`SELECT d.request_id, d.remind_at, d.due_at, d.reminded_at, d.overdue_at, n.kind, n.at FROM request_deadlines d
		JOIN notifications n ON n.request_id = d.request_id AND n.detail = d.kind AND n.agency_id = d.party AND n.user_id = ''
		WHERE d.kind = 'acknowledge'`)
	if err != nil {
		t.Fatal(err)
	}
	sent := map[string]int{}
	// late: from due to the inbox; queuedLate: from due to the sweep that
	// queued it; lag: from the sweep to the inbox (the bus and the worker).
	var late, queuedLate, lag []time.Duration
	for rows.Next() {
		var id, kind string
		var remind, due, reminded, overdue, at int64
		if err := rows.Scan(&id, &remind, &due, &reminded, &overdue, &kind, &at); err != nil {
			t.Fatal(err)
		}
		sent[kind+"/"+id]++
		wanted, queuedAt := remind, reminded
		if kind == meridian.NoticeRequestOverdue {
			wanted, queuedAt = due, overdue
		}
		late = append(late, time.Duration(at-wanted)*time.Microsecond)
		queuedLate = append(queuedLate, time.Duration(queuedAt-wanted)*time.Microsecond)
		lag = append(lag, time.Duration(at-queuedAt)*time.Microsecond)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	var missed, doubled, queuedTwice []string
	mu.Lock()
	for _, id := range ids {
		for _, kind := range []string{meridian.NoticeRequestReminder, meridian.NoticeRequestOverdue} {
			k := kind + "/" + id
			switch {
			case sent[k] == 0:
				missed = append(missed, k)
			case sent[k] > 1:
				doubled = append(doubled, k)
			}
			if len(queued[k]) > 1 {
				queuedTwice = append(queuedTwice, k)
			}
		}
	}
	mu.Unlock()
	slices.Sort(late)
	slices.Sort(queuedLate)
	slices.Sort(lag)
	qOf := func(ds []time.Duration, p float64) time.Duration {
		if len(ds) == 0 {
			return 0
		}
		return ds[min(len(ds)-1, int(p*float64(len(ds))))].Round(100 * time.Millisecond)
	}
	q := func(p float64) time.Duration { return qOf(late, p) }
	early := sort.Search(len(late), func(i int) bool { return late[i] >= 0 })
	overMinute := len(late) - sort.Search(len(late), func(i int) bool { return late[i] > time.Minute })
	t.Logf("requests %d, window %s, two instances, one restarted", n, window)
	t.Logf("notices due %d (a reminder and an overdue notice each); sent %d; missed %d; sent twice %d; queued twice %d",
		2*n, len(late), len(missed), len(doubled), len(queuedTwice))
	t.Logf("lateness p50 %s, p95 %s, max %s; before due %d; later than a minute %d", q(0.5), q(0.95), q(1), early, overMinute)
	t.Logf("of which due to queued (the sweep): p50 %s, p95 %s, max %s; queued to inbox (bus, worker): p50 %s, p95 %s, max %s",
		qOf(queuedLate, 0.5), qOf(queuedLate, 0.95), qOf(queuedLate, 1), qOf(lag, 0.5), qOf(lag, 0.95), qOf(lag, 1))
	if len(missed) > 0 || len(doubled) > 0 || len(queuedTwice) > 0 || early > 0 {
		t.Fatalf("missed %v; sent twice %v; queued twice %v; %d before due", head(missed), head(doubled), head(queuedTwice), early)
	}
}

func head(s []string) []string { return s[:min(len(s), 5)] }

// benchSentRequest drafts a police information request to agency and
// sends it, returning its id.
func benchSentRequest(base, token, caseID, agency string) (string, error) {
	var r meridian.Request
	if err := benchCall(base, token, "POST", "/api/v1/requests", map[string]any{"case_id": caseID, "type": meridian.RequestPoliceInfo,
		"title": "bench", "to_agency_id": agency, "fields": map[string]string{"issuing_authority": "a", "contact": "b", "offence": "c",
			"purpose": "d", "information_sought": "e", "connection": "f"}}, 201, &r); err != nil {
		return "", err
	}
	return r.ID, benchCall(base, token, "POST", "/api/v1/requests/"+r.ID+"/transitions", map[string]any{"action": "send", "version": r.Version}, 200, nil)
}

func benchCall(base, token, method, path string, body any, want int, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := nethttp.NewRequest(method, base+path, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(purposeHeader, "reminders benchmark")
	resp, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	rb, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %d: %s", method, path, resp.StatusCode, rb)
	}
	if out != nil {
		return json.Unmarshal(rb, out)
	}
	return nil
}
