package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	nethttp "net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"meridian"
	"meridian/audit"
	mnats "meridian/nats"
	"meridian/postgres/pgtest"
	"meridian/sqlite"
)

// TestTwoInstances runs two servers against one PostgreSQL database and
// one external NATS server: a record written through one is readable
// through the other, and its change arrives on the other's bus.
func TestTwoInstances(t *testing.T) {
	pg := pgtest.NewDatabase(t)
	emb, err := mnats.StartEmbedded(t.TempDir(), "127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emb.Shutdown)
	data := t.TempDir() // holds the shared audit signing key
	m1 := MustRunMain(t, Config{Data: data, Postgres: pg, NATS: emb.ClientURL()})
	m2 := MustRunMain(t, Config{Data: data, Postgres: pg, NATS: emb.ClientURL()})
	if m1.Embedded != nil || m2.Embedded != nil {
		t.Fatal("instances started an embedded NATS server despite --nats")
	}

	got := make(chan *meridian.Change, 100)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := m2.Bus.Subscribe(ctx, "meridian.change.person.>", func(c *meridian.Change) { got <- c }); err != nil {
		t.Fatal(err)
	}

	a := mustAgency(t, m1, "MK", "Agency A")
	tok := mustToken(t, m1, a, "officer", meridian.RoleOfficer)
	c1, c2 := &client{t, m1.URL, tok}, &client{t, m2.URL, tok}
	var p meridian.Person
	c1.must(201, "POST", "/api/v1/persons", personBody("Written On One", map[string]any{"scope": "owner"})).decode(t, &p)
	var q meridian.Person
	c2.must(200, "GET", "/api/v1/persons/"+p.ID, nil).decode(t, &q)
	if q.PrimaryName() != "Written On One" {
		t.Fatalf("instance 2 reads %+v", q)
	}
	deadline := time.After(10 * time.Second)
	for {
		select {
		case c := <-got:
			if c.RecordID == p.ID && c.Action == meridian.ChangeCreated {
				if c.Meta == nil || c.Meta.OwnerAgency != a.ID {
					t.Fatalf("change without its access metadata: %+v", c)
				}
				goto arrived
			}
		case <-deadline:
			t.Fatal("the change never arrived on instance 2's subscription")
		}
	}
arrived:
	// Each instance keeps its own screening index, current from the bus:
	// an entry listed through one is found by a check through the other.
	var w meridian.WatchPerson
	c1.must(201, "POST", "/api/v1/watchlist/persons", map[string]any{"category": "wanted", "names": []map[string]any{{"full": "Listed On One"}}}).decode(t, &w)
	eventually(t, "instance 2's index to learn the entry", func() bool {
		var out checkResponse
		c2.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": "Listed On One"}).decode(t, &out)
		return out.Results[0].Hit && out.Results[0].Hits[0].RecordID == w.ID
	})
	// A viewer of the live picture on instance 2 sees a report made
	// through instance 1: the report and the moved counter.
	op := &meridian.Operation{Name: "Two instances", Start: "2024-09-29", End: "2024-10-04", Status: meridian.OperationActive, Countries: []string{"MK"}}
	if err := m1.DB.CreateOperation(sys(), op); err != nil {
		t.Fatal(err)
	}
	stream := openStream(t, c2, op.ID)
	stream.nextResults("the first results", func(r meridian.Results) bool { return true })
	var e meridian.Event
	c1.must(201, "POST", "/api/v1/events", rescueBody(op.ID, "MK", map[string]any{"scope": "owner"}, map[string]any{"count": 3})).decode(t, &e)
	stream.nextResults("3 victims", func(r meridian.Results) bool { return r.Totals.Victims == 3 })
	if got := stream.reportsWithin(time.Second); len(got) != 1 || got[0].ID != e.ID {
		t.Fatalf("instance 2's viewer got reports %+v, want the one made through instance 1", got)
	}

	keys, err := audit.LoadPublicKeys(data)
	if err != nil {
		t.Fatal(err)
	}
	r, err := audit.Verify(context.Background(), m2.DB, keys)
	if err != nil || !r.OK() {
		t.Fatalf("audit log written by two instances does not verify: %+v %v", r, err)
	}
}

// buildBinary compiles meridian once per test run.
func buildBinary(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "meridian")
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func runBin(tb testing.TB, bin string, args ...string) string {
	tb.Helper()
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		tb.Fatalf("meridian %v: %v: %s", args, err, stderr)
	}
	return strings.TrimSpace(string(out))
}

func startServe(tb testing.TB, bin, data, addr string) *exec.Cmd {
	tb.Helper()
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", addr, "--log-level", "error")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := nethttp.Get("http://" + addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return cmd
			}
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			tb.Fatal("server did not become ready")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestCrashLosesNothing kills the server with SIGKILL in the middle of a
// stream of writes. After a restart every acknowledged write is there,
// every committed change reaches the bus exactly once, and the audit log
// verifies.
func TestCrashLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	data := t.TempDir()
	agency := runBin(t, bin, "agency", "add", "--data", data, "--country", "MK", "--kind", "police", "--name", "Writers")
	token := runBin(t, bin, "user", "add", "--data", data, "--agency", agency, "--name", "Writer", "--roles", "officer", "--token")
	addr := freeAddr(t)
	srv := startServe(t, bin, data, addr)

	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &nethttp.Client{Timeout: 5 * time.Second}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				body := fmt.Sprintf(`{"role":"witness","names":[{"full":"Witness %d-%d"}]}`, w, i)
				req, _ := nethttp.NewRequest("POST", "http://"+addr+"/api/v1/persons", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				res, err := c.Do(req)
				if err != nil {
					return // the server is gone
				}
				var p meridian.Person
				if res.StatusCode == 201 {
					if err := jsonDecode(res, &p); err == nil {
						mu.Lock()
						acked = append(acked, p.ID)
						mu.Unlock()
					}
				}
				res.Body.Close()
			}
		}()
	}
	// Let a few hundred writes through, then kill the server mid-stream.
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 300 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	srv.Wait()
	close(stop)
	wg.Wait()
	if len(acked) < 50 {
		t.Fatalf("only %d writes acknowledged before the kill", len(acked))
	}

	srv = startServe(t, bin, data, addr)
	c := &client{t, "http://" + addr, token}
	for _, id := range acked {
		c.must(200, "GET", "/api/v1/persons/"+id, nil)
	}
	srv.Process.Signal(syscall.SIGTERM)
	if err := srv.Wait(); err != nil {
		t.Fatalf("graceful stop: %v", err)
	}

	// Every committed person reached the bus, once.
	ctx := context.Background()
	db, err := sqlite.Open(ctx, data, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _ := db.PendingChanges(ctx); n != 0 {
		t.Fatalf("%d changes still in the outbox", n)
	}
	committed := map[string]bool{}
	rows, err := db.SQL().Query(`SELECT id FROM records WHERE kind = 'person'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		committed[id] = true
	}
	rows.Close()
	emb, err := mnats.StartEmbedded(filepath.Join(data, "nats"), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer emb.Shutdown()
	bus, err := mnats.Connect(ctx, "", emb, mnats.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer bus.Close()
	published := map[string]int{}
	if err := bus.Replay(ctx, "meridian.change.person.created", time.Time{}, func(ch *meridian.Change) { published[ch.RecordID]++ }); err != nil {
		t.Fatal(err)
	}
	for id := range committed {
		if published[id] != 1 {
			t.Fatalf("committed person %s published %d times", id, published[id])
		}
	}
	if len(published) != len(committed) {
		t.Fatalf("%d persons published, %d committed", len(published), len(committed))
	}
	t.Logf("%d acknowledged, %d committed, all published once", len(acked), len(committed))

	out, err := exec.Command(bin, "audit", "verify", "--data", data).CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "ok: ") {
		t.Fatalf("audit verify after the crash: %v\n%s", err, out)
	}
}

func jsonDecode(res *nethttp.Response, v any) error {
	return json.NewDecoder(bufio.NewReader(res.Body)).Decode(v)
}
