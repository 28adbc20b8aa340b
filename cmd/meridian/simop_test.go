package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"meridian"
	"meridian/postgres/pgtest"
	"meridian/sim/operation"
)

// TestSimOperation runs `meridian sim operation --scale demo` on a fresh
// store, SQLite and (when MERIDIAN_TEST_POSTGRES is set) PostgreSQL, and
// checks that the operation's results, computed by the store from what
// the replay wrote through the services, equal the demo's figures
// exactly; that checks counted on the operation's days; that hits reached
// the owners' inboxes; and that the audit chain still verifies.
func TestSimOperation(t *testing.T) {
	if testing.Short() {
		t.Skip("replays a week of a demo operation (160,000 checks)")
	}
	t.Run("SQLite", func(t *testing.T) {
		testSimOperation(t, storeFlags{Data: t.TempDir()})
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		testSimOperation(t, storeFlags{Data: t.TempDir(), Postgres: pgtest.NewDatabase(t)})
	})
}

func testSimOperation(t *testing.T, sf storeFlags) {
	store := []string{"--data", sf.Data}
	if sf.Postgres != "" {
		store = append(store, "--postgres", sf.Postgres)
	}
	out, stderr, code := cli(t, "", append([]string{"sim", "operation", "--scale", "demo", "--seed", "3"}, store...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	id := strings.TrimSpace(out)
	if !meridian.IsID(id) {
		t.Fatalf("stdout %q: want the operation id", out)
	}
	for _, want := range []string{"coordinator", "officer.mk", "password"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not name %q:\n%s", want, stderr)
		}
	}
	db, err := sf.open(context.Background(), true, quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.OperationResults(sys(), id)
	if err != nil {
		t.Fatal(err)
	}
	want := operation.Demo.Figures()
	got := res.Totals
	if got.Hits == 0 {
		t.Error("no check hit a listed record")
	}
	got.Hits = 0
	if got != want {
		t.Fatalf("results %+v, want %+v", got, want)
	}
	if res.Countries != operation.Demo.Countries {
		t.Fatalf("%d countries, want %d", res.Countries, operation.Demo.Countries)
	}
	if res.Operation.Status != meridian.OperationClosed {
		t.Errorf("operation %s after the week, want closed", res.Operation.Status)
	}
	if len(res.ByDay) != 6 || res.ByDay[0].Day != "2024-09-29" || res.ByDay[5].Day != "2024-10-04" {
		t.Fatalf("results by day %v: want the six days of the operation only", res.ByDay)
	}
	for _, d := range res.ByDay {
		if d.Checks == 0 || d.Flights == 0 {
			t.Errorf("%s: %d checks, %d flights", d.Day, d.Checks, d.Flights)
		}
	}
	if !slicesContainsTally(res.Exploitation, meridian.ExploitOnlineFraud) {
		t.Errorf("no victim of online fraud in %v", res.Exploitation)
	}
	hits, _, err := db.FindHits(sys(), meridian.HitFilter{Page: meridian.Page{Limit: 10}})
	if err != nil || len(hits) == 0 {
		t.Fatalf("no hit in any owner's inbox (%v)", err)
	}
	if hits[0].Context.OperationID != id || hits[0].At.IsZero() {
		t.Errorf("hit %+v: want one made in the operation", hits[0])
	}
	db.Close()
	if out, stderr, code := cli(t, "", append([]string{"audit", "verify"}, store...)...); code != 0 {
		t.Fatalf("audit verify after the replay: exit %d: %s%s", code, out, stderr)
	}
}

func slicesContainsTally(ts []meridian.Tally, key string) bool {
	for _, x := range ts {
		if x.Key == key && x.N > 0 {
			return true
		}
	}
	return false
}

func TestSimOperationErrUsage(t *testing.T) {
	data := t.TempDir()
	for name, args := range map[string][]string{
		"UnknownScale":  {"--scale", "huge"},
		"NegativeSpeed": {"--speed", "-1"},
		"Argument":      {"extra"},
	} {
		t.Run(name, func(t *testing.T) {
			out, stderr, code := cli(t, "", append([]string{"sim", "operation", "--data", data}, args...)...)
			if code != 2 || out != "" || strings.Count(stderr, "\n") < 1 {
				t.Fatalf("exit %d, stdout %q, stderr %q: want a usage error", code, out, stderr)
			}
		})
	}
}

// TestServeDemo starts `serve --demo` and watches the demo operation
// move through the API; after a restart it resumes where it stopped.
func TestServeDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("replays the demo operation in the background")
	}
	data := t.TempDir()
	start := func() (*Main, string) {
		var out bytes.Buffer
		m := &Main{Config: Config{Data: data, Addr: "127.0.0.1:0", AdminCountry: "FR", LogLevel: "error", Demo: true}, Stdout: &out}
		if err := m.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		return m, out.String()
	}
	m, out := start()
	for _, want := range []string{"Demo operation", "demo password (all of them)", "coordinator", "officer.mk", "ncb.al", "border.rs", "observer.unodc"} {
		if !strings.Contains(out, want) {
			t.Fatalf("stdout does not say %q:\n%s", want, out)
		}
	}
	// The replay activates the operation as it starts, in the background
	// (beside it, the planned follow-up the demo invites Albania to).
	plan, err := operation.NewPlan(operation.Demo, demoSeed)
	if err != nil {
		t.Fatal(err)
	}
	var ops []*meridian.Operation
	id := ""
	for deadline := time.Now().Add(30 * time.Second); id == ""; time.Sleep(20 * time.Millisecond) {
		ops, _, err = m.DB.FindOperations(sys(), meridian.OperationFilter{})
		for _, o := range ops {
			if err == nil && o.Name == plan.Operation.Name && o.Status == meridian.OperationActive {
				id = o.ID
			}
		}
		if id == "" && time.Now().After(deadline) {
			t.Fatalf("operations %v (%v): want the demo, active", ops, err)
		}
	}
	users, _, err := m.DB.FindUsers(sys(), meridian.UserFilter{Page: meridian.Page{Limit: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	var token string
	for _, u := range users {
		if u.Username == "coordinator" {
			if token, err = m.DB.CreateToken(sys(), u.ID, "test"); err != nil {
				t.Fatal(err)
			}
		}
	}
	// moving waits until the figures pass those given.
	moving := func(m *Main, past meridian.Figures) meridian.Figures {
		t.Helper()
		c := &client{t, m.URL, token}
		deadline := time.Now().Add(2 * time.Minute)
		for {
			var res meridian.Results
			c.must(200, "GET", "/api/v1/operations/"+id+"/results", nil).decode(t, &res)
			if res.Totals.Checks > past.Checks && res.Totals.Flights > past.Flights {
				return res.Totals
			}
			if time.Now().After(deadline) {
				t.Fatalf("the demo does not move: %+v after %+v", res.Totals, past)
			}
			time.Sleep(500 * time.Millisecond)
		}
	}
	first := moving(m, meridian.Figures{})
	m.Close()
	m, out = start()
	defer m.Close()
	if !strings.Contains(out, "resumes") {
		t.Fatalf("stdout after a restart:\n%s", out)
	}
	moving(m, first)
}
