package main

import (
	"context"
	"strings"
	"testing"

	"meridian"
	"meridian/postgres/pgtest"
	"meridian/sim"
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
	want := sim.Demo.Figures()
	got := res.Totals
	if got.Hits == 0 {
		t.Error("no check hit a listed record")
	}
	got.Hits = 0
	if got != want {
		t.Fatalf("results %+v, want %+v", got, want)
	}
	if res.Countries != sim.Demo.Countries {
		t.Fatalf("%d countries, want %d", res.Countries, sim.Demo.Countries)
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
