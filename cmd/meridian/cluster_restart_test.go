package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	nethttp "net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"meridian"
	"meridian/audit"
	mnats "meridian/nats"
	"meridian/worker"
)

// The cluster test's worker, its table and the environment variable that
// turns this test binary into one of its instances.
const (
	clusterWorker   = "test-cluster"
	clusterChildEnv = "MERIDIAN_CLUSTER_CHILD"
)

// clusterChild is what the test tells an instance it runs.
type clusterChild struct {
	Instance, Data, Postgres, NATS, Addr string
	Replicas                             int
	// HangAfterWork: the first change this instance works on is worked
	// on and then held, never acknowledged, until the test kills it.
	HangAfterWork bool
}

// TestClusterChild is not a test: run by TestClusterSurvives as a child
// process (the test binary itself, so that the test worker stays out of
// the meridian binary), it serves as one instance with the test worker
// until SIGTERM, or until the test kills it.
func TestClusterChild(t *testing.T) {
	env := os.Getenv(clusterChildEnv)
	if env == "" {
		t.Skip("an instance of TestClusterSurvives, run only by it")
	}
	var cc clusterChild
	if err := json.Unmarshal([]byte(env), &cc); err != nil {
		t.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	// Orphaned (the test died without stopping it), it stops by itself.
	go func() {
		parent := os.Getppid()
		for ctx.Err() == nil && os.Getppid() == parent {
			time.Sleep(200 * time.Millisecond)
		}
		stop()
	}()
	var hang sync.Once
	m := &Main{Config: Config{Data: cc.Data, Postgres: cc.Postgres, NATS: cc.NATS, NATSReplicas: cc.Replicas,
		Addr: cc.Addr, AdminCountry: "FR", LogLevel: "error"}}
	m.Logger = newLogger("text", "error", os.Stderr)
	m.RegisterWorkers = func(r *worker.Registry) error {
		return r.Register(clusterWorker, meridian.ChangeSubjectPrefix+"person.>", func(ctx context.Context, c *meridian.Change) error {
			if err := recordWork(ctx, m, cc.Instance, c); err != nil {
				return err
			}
			if cc.HangAfterWork {
				hang.Do(func() { <-ctx.Done() })
			}
			return nil
		}, meridian.ConsumeOptions{MaxDeliver: 600, BackOff: []time.Duration{200 * time.Millisecond}, AckWait: 3 * time.Second})
	}
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	<-ctx.Done()
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
}

// recordWork is the test worker: it counts every delivery, and does its
// work (a row in cluster_work) once per change, as a real worker must
// under at-least-once delivery: keyed by the change's outbox sequence, in
// one transaction under a lock on it, so that a redelivery after a crash
// between the work and the acknowledgement does not do it again.
func recordWork(ctx context.Context, m *Main, instance string, c *meridian.Change) error {
	db := m.DB.SQL()
	if _, err := db.ExecContext(ctx, `INSERT INTO cluster_deliveries (seq, instance) VALUES ($1, $2)`, c.Seq, instance); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, c.Seq); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO cluster_work (seq, record_id, action, instance)
		SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM cluster_work WHERE seq = $1)`,
		c.Seq, c.RecordID, c.Action, instance); err != nil {
		return err
	}
	return tx.Commit()
}

// privatePostgres is a PostgreSQL cluster of the test's own, which it may
// stop and start without disturbing the shared one.
type privatePostgres struct {
	bin, dir, port string
	asPostgres     bool // running as root: run the binaries as postgres
}

func pgBinDir() string {
	if d := os.Getenv("MERIDIAN_PGBIN"); d != "" {
		return d
	}
	for _, d := range []string{"/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"} {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d
		}
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}

func startPrivatePostgres(t *testing.T) *privatePostgres {
	t.Helper()
	bin := pgBinDir()
	if bin == "" {
		t.Skip("PostgreSQL binaries (initdb, pg_ctl) not found: install them (Debian: apt-get install postgresql-15, as .ci/run does) or set MERIDIAN_PGBIN to their directory")
	}
	// Under /tmp, not t.TempDir(): the postgres user must reach it, and
	// the socket path inside it must stay short.
	dir, err := os.MkdirTemp("/tmp", "meridian-pgc.")
	if err != nil {
		t.Fatal(err)
	}
	pg := &privatePostgres{bin: bin, dir: dir, asPostgres: os.Geteuid() == 0}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if pg.asPostgres {
		if out, err := exec.Command("chown", "postgres:", dir).CombinedOutput(); err != nil {
			t.Fatalf("chown %s to postgres (PostgreSQL refuses to run as root): %v %s", dir, err, out)
		}
	}
	if out, err := pg.run("initdb", "-D", dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	pg.port = addr[strings.LastIndex(addr, ":")+1:]
	pg.start(t)
	t.Cleanup(func() { pg.run("pg_ctl", "-D", dir, "-m", "immediate", "-w", "stop") })
	return pg
}

func (pg *privatePostgres) run(name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	path := filepath.Join(pg.bin, name)
	var cmd *exec.Cmd
	if pg.asPostgres {
		cmd = exec.CommandContext(ctx, "runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.CommandContext(ctx, path, args...)
	}
	return cmd.CombinedOutput()
}

func (pg *privatePostgres) start(t *testing.T) {
	t.Helper()
	out, err := pg.run("pg_ctl", "-D", pg.dir, "-l", filepath.Join(pg.dir, "log"), "-w", "-t", "30", "start",
		"-o", "-p "+pg.port+" -k "+pg.dir+" -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200")
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(pg.dir, "log"))
		t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
}

// crash stops PostgreSQL as a crash would (no shutdown checkpoint: it
// recovers from its WAL) and starts it again.
func (pg *privatePostgres) crash(t *testing.T) {
	t.Helper()
	if out, err := pg.run("pg_ctl", "-D", pg.dir, "-m", "immediate", "-w", "stop"); err != nil {
		t.Fatalf("pg_ctl stop: %v\n%s", err, out)
	}
	pg.start(t)
}

func (pg *privatePostgres) url() string {
	return "postgres://postgres@127.0.0.1:" + pg.port + "/postgres?sslmode=disable"
}

// natsCluster is three NATS servers with JetStream, routed to each other
// on loopback.
type natsCluster struct {
	servers []*server.Server
	urls    []string
}

func startNATSCluster(t *testing.T, n int) *natsCluster {
	t.Helper()
	clientPorts, routePorts := make([]int, n), make([]int, n)
	var routes []*url.URL
	for i := range n {
		clientPorts[i], routePorts[i] = portOf(t, freeAddr(t)), portOf(t, freeAddr(t))
		routes = append(routes, &url.URL{Scheme: "nats-route", Host: fmt.Sprintf("127.0.0.1:%d", routePorts[i])})
	}
	nc := &natsCluster{}
	for i := range n {
		opts := &server.Options{
			ServerName: fmt.Sprintf("n%d", i+1),
			Host:       "127.0.0.1",
			Port:       clientPorts[i],
			JetStream:  true,
			StoreDir:   t.TempDir(),
			NoSigs:     true,
			Cluster:    server.ClusterOpts{Name: "meridian-test", Host: "127.0.0.1", Port: routePorts[i]},
			Routes:     routes,
		}
		s, err := server.NewServer(opts)
		if err != nil {
			t.Fatal(err)
		}
		go s.Start()
		nc.servers = append(nc.servers, s)
		nc.urls = append(nc.urls, fmt.Sprintf("nats://127.0.0.1:%d", clientPorts[i]))
		t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	}
	for _, s := range nc.servers {
		if !s.ReadyForConnections(20 * time.Second) {
			t.Fatal("a NATS node did not come up")
		}
	}
	return nc
}

func portOf(t *testing.T, addr string) int {
	var p int
	if _, err := fmt.Sscanf(addr[strings.LastIndex(addr, ":")+1:], "%d", &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// instance is one meridian serve, a child process.
type instance struct {
	name, url string
	cmd       *exec.Cmd
	dead      bool
}

func startInstance(t *testing.T, cc clusterChild) *instance {
	t.Helper()
	env, _ := json.Marshal(cc)
	cmd := exec.Command(os.Args[0], "-test.run=^TestClusterChild$", "-test.count=1", "-test.timeout=10m")
	cmd.Env = append(os.Environ(), clusterChildEnv+"="+string(env))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	in := &instance{name: cc.Instance, url: "http://" + cc.Addr, cmd: cmd}
	t.Cleanup(func() {
		if !in.dead {
			cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan struct{})
			go func() { cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				cmd.Process.Kill()
				<-done
			}
		}
	})
	return in
}

func waitInstanceReady(t *testing.T, in *instance, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		res, err := nethttp.Get(in.url + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("instance %s not ready after %s", in.name, within)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// serverErrors counts the 500s post saw: a database restarting or a node
// going is no fault of the request, and answers 503 (try again), never 500.
var (
	serverErrors    atomic.Int64
	lastServerError atomic.Value
)

// post writes through one instance; ok only on the status wanted (201,
// the acknowledgement, by default).
func post(hc *nethttp.Client, base, token, path string, body any, out any, want ...int) bool {
	status := 201
	if len(want) > 0 {
		status = want[0]
	}
	b, _ := json.Marshal(body)
	req, _ := nethttp.NewRequest("POST", base+path, strings.NewReader(string(b)))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := hc.Do(req)
	if err != nil {
		return false
	}
	defer res.Body.Close()
	if res.StatusCode != status {
		if res.StatusCode == nethttp.StatusInternalServerError {
			b, _ := io.ReadAll(res.Body)
			serverErrors.Add(1)
			lastServerError.Store(fmt.Sprintf("%s %s: %s", "POST", path, b))
		}
		io.Copy(io.Discard, res.Body)
		return false
	}
	return json.NewDecoder(res.Body).Decode(out) == nil
}

// TestClusterSurvives runs three instances on a private PostgreSQL and a
// three-node NATS cluster (the stream replicated three times) under a
// mixed load of writes and checks, SIGKILLs one instance, shuts a NATS
// node down and crashes and restarts PostgreSQL, then shows that no
// acknowledged write is lost, the durable worker did every person change
// exactly once, the audit log verifies, and the survivors' screening
// indexes agree with the store.
func TestClusterSurvives(t *testing.T) {
	if os.Getenv(clusterChildEnv) != "" {
		t.Skip("inside an instance")
	}
	if testing.Short() {
		t.Skip("runs a PostgreSQL, a NATS cluster and three instances")
	}
	testStart := time.Now()
	pg := startPrivatePostgres(t)
	nc := startNATSCluster(t, 3)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	// The test's own view: the store, and the bus (which also waits for
	// the JetStream cluster to elect its leader and create the R3 stream).
	data := t.TempDir() // the shared audit signing key
	db, err := (&storeFlags{Data: data, Postgres: pg.url()}).open(ctx, true, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`CREATE TABLE cluster_deliveries (seq BIGINT NOT NULL, instance TEXT NOT NULL)`,
		`CREATE TABLE cluster_work (seq BIGINT NOT NULL, record_id TEXT NOT NULL, action TEXT NOT NULL, instance TEXT NOT NULL)`,
	} {
		if _, err := db.SQL().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	natsURL := strings.Join(nc.urls, ",")
	var bus *mnats.Bus
	for deadline := time.Now().Add(60 * time.Second); ; {
		actx, acancel := context.WithTimeout(ctx, 5*time.Second)
		bus, err = mnats.Connect(actx, natsURL, nil, mnats.Options{Replicas: 3, Name: "cluster-test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		acancel()
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			for _, s := range nc.servers {
				t.Logf("%s: clustered %v, meta leader %v, routes %d", s.Name(), s.JetStreamIsClustered(), s.JetStreamIsLeader(), s.NumRoutes())
			}
			t.Fatalf("the NATS cluster never accepted the R3 stream: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	defer bus.Close()
	checkReplicas(t, ctx, nc.urls[1], 3)

	seed := &Main{DB: db}
	a := mustAgency(t, seed, "MK", "Agency A")
	token := mustToken(t, seed, a, "officer", meridian.RoleOfficer)

	var ins []*instance
	for i := range 3 {
		ins = append(ins, startInstance(t, clusterChild{Instance: fmt.Sprintf("i%d", i+1), Data: data, Postgres: pg.url(),
			NATS: natsURL, Addr: freeAddr(t), Replicas: 3, HangAfterWork: i == 2}))
	}
	for _, in := range ins {
		waitInstanceReady(t, in, 60*time.Second)
	}

	// The load: writers put persons (which the worker takes) and
	// watchlist entries (which the indexes take) through every instance,
	// and check names, until told to stop; a write counts when
	// acknowledged with 201. A writer whose instance fails moves on to
	// the next.
	var (
		mu             sync.Mutex
		ackedP, ackedW []string
		watchNames     = map[string]string{}
		checks         int
		alive          = []bool{true, true, true}
	)
	acked := func() int { mu.Lock(); defer mu.Unlock(); return len(ackedP) + len(ackedW) }
	waitAcked := func(n int, what string) {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); acked() < n; {
			if time.Now().After(deadline) {
				t.Fatalf("only %d writes acknowledged, waiting for %d %s", acked(), n, what)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	const maxWrites = 1000 // a bound on the load whatever the timing
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hc := &nethttp.Client{Timeout: 5 * time.Second}
			target := w % 3
			for i := 0; acked() < maxWrites; i++ {
				select {
				case <-stop:
					return
				case <-ctx.Done():
					return
				default:
				}
				mu.Lock()
				for !alive[target] {
					target = (target + 1) % 3
				}
				mu.Unlock()
				base := ins[target].url
				ok := false
				switch i % 3 {
				case 0, 1:
					var p meridian.Person
					if ok = post(hc, base, token, "/api/v1/persons", personBody(fmt.Sprintf("Worker Load %d %d", w, i), map[string]any{"scope": "owner"}), &p); ok {
						mu.Lock()
						ackedP = append(ackedP, p.ID)
						mu.Unlock()
					}
				case 2:
					name := fmt.Sprintf("Watched Quinlan%c%c Vask%c", 'a'+w, 'a'+i%26, 'a'+(i/26)%26)
					var e meridian.WatchPerson
					if ok = post(hc, base, token, "/api/v1/watchlist/persons", map[string]any{"category": "wanted", "names": []map[string]any{{"full": name}}}, &e); ok {
						mu.Lock()
						ackedW = append(ackedW, e.ID)
						watchNames[e.ID] = name
						mu.Unlock()
					}
					var out checkResponse
					if post(hc, base, token, "/api/v1/checks/persons", map[string]any{"name": name}, &out, 200) {
						mu.Lock()
						checks++
						mu.Unlock()
					}
				}
				if !ok {
					target = (target + 1) % 3
					time.Sleep(50 * time.Millisecond)
				}
			}
		}()
	}
	defer func() {
		select {
		case <-stop:
		default:
			close(stop)
		}
		wg.Wait()
	}()

	waitAcked(100, "before the instance is killed")
	// The instance to be killed holds a change it has worked on but not
	// acknowledged: the bus hands it out again after the kill, and the
	// worker must not do it twice.
	var heldSeq int64
	eventuallyWithin(t, 60*time.Second, "instance i3 to work on a change", func() bool {
		return db.SQL().QueryRowContext(ctx, `SELECT seq FROM cluster_work WHERE instance = 'i3'`).Scan(&heldSeq) == nil
	})
	killed := ins[2]
	mu.Lock()
	alive[2] = false
	mu.Unlock()
	if err := killed.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed.cmd.Wait()
	killed.dead = true
	t.Logf("%s: killed instance %s", time.Since(testStart).Round(time.Millisecond), killed.name)

	waitAcked(acked()+60, "after the kill")
	nc.servers[0].Shutdown()
	nc.servers[0].WaitForShutdown()
	t.Logf("%s: shut NATS node n1 down", time.Since(testStart).Round(time.Millisecond))

	waitAcked(acked()+60, "after the NATS node went")
	pg.crash(t)
	t.Logf("%s: PostgreSQL crashed and restarted", time.Since(testStart).Round(time.Millisecond))

	waitAcked(acked()+60, "after PostgreSQL restarted")
	close(stop)
	wg.Wait()
	stopped := time.Now()
	survivors := ins[:2]
	for _, in := range survivors {
		waitInstanceReady(t, in, 30*time.Second)
	}
	if n := serverErrors.Load(); n > 0 {
		t.Errorf("%d answers were 500 during the failures, the last: %v", n, lastServerError.Load())
	}
	mu.Lock()
	t.Logf("%s: load stopped: %d persons and %d watchlist entries acknowledged, %d checks",
		time.Since(testStart).Round(time.Millisecond), len(ackedP), len(ackedW), checks)
	mu.Unlock()

	// No acknowledged write is lost: each is readable through each
	// survivor.
	for _, in := range survivors {
		c := &client{t, in.url, token}
		for _, id := range ackedP {
			c.must(200, "GET", "/api/v1/persons/"+id, nil)
		}
		for _, id := range ackedW {
			c.must(200, "GET", "/api/v1/watchlist/persons/"+id, nil)
		}
	}

	// Every committed change reaches the bus: the outbox drains.
	eventuallyWithin(t, 60*time.Second, "the outbox to drain", func() bool {
		n, err := db.PendingChanges(ctx)
		return err == nil && n == 0
	})

	// Every committed person was worked on exactly once: one row of work
	// per created person, no work for anything else.
	committed := map[string]bool{}
	rows, err := db.SQL().QueryContext(ctx, `SELECT id FROM records WHERE kind = 'person'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		committed[id] = true
	}
	rows.Close()
	for _, id := range ackedP {
		if !committed[id] {
			t.Fatalf("acknowledged person %s is not in the store", id)
		}
	}
	workCount := func() (map[string]int, int) {
		got := map[string]int{}
		rows, err := db.SQL().QueryContext(ctx, `SELECT record_id, action FROM cluster_work`)
		if err != nil {
			return nil, 0
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var id, action string
			rows.Scan(&id, &action)
			if action == meridian.ChangeCreated {
				got[id]++
			}
			n++
		}
		return got, n
	}
	eventuallyWithin(t, 60*time.Second, "the worker to take every committed person", func() bool {
		got, _ := workCount()
		for id := range committed {
			if got[id] == 0 {
				return false
			}
		}
		st, err := bus.WorkerStats(ctx, clusterWorker)
		return err == nil && st.Pending == 0 && st.InFlight == 0
	})
	got, n := workCount()
	for id := range committed {
		if got[id] != 1 {
			t.Fatalf("person %s worked on %d times", id, got[id])
		}
	}
	if n != len(committed) {
		t.Fatalf("%d pieces of work for %d committed persons", n, len(committed))
	}
	var deliveries, heldDeliveries int
	db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM cluster_deliveries`).Scan(&deliveries)
	db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM cluster_deliveries WHERE seq = $1`, heldSeq).Scan(&heldDeliveries)
	if heldDeliveries < 2 {
		t.Fatalf("the change the killed instance held (seq %d) was delivered %d times, want it handed out again", heldSeq, heldDeliveries)
	}
	if parked, err := db.CountParkedWork(sys(), clusterWorker); err != nil || parked != 0 {
		t.Fatalf("%d changes parked (%v)", parked, err)
	}
	t.Logf("%d persons committed (%d acknowledged), each worked on once, in %d deliveries", len(committed), len(ackedP), deliveries)

	// The audit log written by three instances across the crashes verifies.
	keys, err := audit.LoadPublicKeys(data)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := audit.Verify(ctx, db, keys); err != nil || !r.OK() {
		t.Fatalf("the audit log does not verify: %+v %v", r, err)
	}

	// The survivors' indexes agree with the store: every watchlist entry
	// the store holds is found by its name through each survivor.
	stored := map[string]string{}
	rows, err = db.SQL().QueryContext(ctx, `SELECT id FROM records WHERE kind = 'watch_person'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		stored[id] = ""
	}
	rows.Close()
	for id := range stored {
		w, err := db.FindWatchPersonByID(sys(), id)
		if err != nil {
			t.Fatal(err)
		}
		stored[id] = w.Names[0].Full
	}
	for _, id := range ackedW {
		if _, ok := stored[id]; !ok {
			t.Fatalf("acknowledged watchlist entry %s is not in the store", id)
		}
	}
	// An index may lag the store by the time its subscription takes to
	// notice a lost node (two missed heartbeats of a second) and the
	// client to reconnect and recreate its consumer on a surviving node:
	// usually under 2 s here, but one run on a loaded machine took longer
	// than 5 s. What is missing is asked again for 30 s, the bound the
	// docs promise (architecture.md, Scale-out); an index that has lost
	// changes for good never catches up and fails.
	type lookup struct {
		in       *instance
		id, name string
	}
	var todo []lookup
	for _, in := range survivors {
		for id, name := range stored {
			todo = append(todo, lookup{in, id, name})
		}
	}
	for deadline := time.Now().Add(30 * time.Second); ; {
		var missing []lookup
		for _, l := range todo {
			var out checkResponse
			(&client{t, l.in.url, token}).must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": l.name}).decode(t, &out)
			found := false
			for _, h := range out.Results[0].Hits {
				if _, ok := stored[h.RecordID]; !ok {
					t.Fatalf("instance %s hits %s, which the store does not hold", l.in.name, h.RecordID)
				}
				found = found || h.RecordID == l.id
			}
			if !found {
				missing = append(missing, l)
			}
		}
		if len(missing) == 0 {
			t.Logf("the survivors' indexes agreed with the store %s after the load stopped", time.Since(stopped).Round(time.Millisecond))
			break
		}
		if time.Now().After(deadline) {
			var desc []string
			for _, l := range missing {
				desc = append(desc, fmt.Sprintf("%s misses %s (created at %s)", l.in.name, l.id, idTime(l.id).Sub(testStart).Round(time.Millisecond)))
			}
			t.Fatalf("the survivors' indexes lack %d entries the store holds: %v", len(missing), desc)
		}
		todo = missing
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("%s: %d watchlist entries found through both survivors", time.Since(testStart).Round(time.Millisecond), len(stored))
}

// checkReplicas asks a node for the MERIDIAN stream: it must be kept
// replicas times, on a cluster.
func checkReplicas(t *testing.T, ctx context.Context, url string, replicas int) {
	t.Helper()
	conn, err := natsgo.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	js, err := jetstream.New(conn)
	if err != nil {
		t.Fatal(err)
	}
	st, err := js.Stream(ctx, "MERIDIAN")
	if err != nil {
		t.Fatal(err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Config.Replicas != replicas || info.Cluster == nil || len(info.Cluster.Replicas)+1 != replicas {
		t.Fatalf("stream MERIDIAN: %d replicas configured, cluster %+v; want %d", info.Config.Replicas, info.Cluster, replicas)
	}
}

// idTime is when a record id (a UUIDv7) was made.
func idTime(id string) time.Time {
	var ms int64
	fmt.Sscanf(strings.ReplaceAll(id, "-", "")[:12], "%x", &ms)
	return time.UnixMilli(ms)
}

func eventuallyWithin(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
