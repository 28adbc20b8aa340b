package main

import (
	"context"
	"errors"
	"io"
	nethttp "net/http"
	"strings"
	"testing"
	"time"

	"meridian"
)

// TestReadyMeansReady: a server whose screening indexes are still being
// built answers /readyz with 503 and a body that says so, and refuses
// checks (a half-built index would answer "no hit" for a listed person);
// once built, /readyz is 200 and the entry listed before the start is
// found. The build is held by a hook, not raced against a sleep.
func TestReadyMeansReady(t *testing.T) {
	data := t.TempDir()
	first := &Main{Config: Config{Data: data, Addr: "127.0.0.1:0", AdminCountry: "FR", LogLevel: "error"}}
	if err := first.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	a := mustAgency(t, first, "MK", "Agency A")
	tok := mustToken(t, first, a, "officer", meridian.RoleOfficer)
	var w meridian.WatchPerson
	(&client{t, first.URL, tok}).must(201, "POST", "/api/v1/watchlist/persons",
		watchPersonBody("Listed Before Restart", "wanted", map[string]any{"scope": "owner"})).decode(t, &w)
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	held := make(chan struct{})
	release := make(chan struct{})
	addr := freeAddr(t)
	m := &Main{Config: Config{Data: data, Addr: addr, AdminCountry: "FR", LogLevel: "error"},
		HoldIndexBuild: func(ctx context.Context) error {
			close(held)
			select {
			case <-release:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}}
	t.Cleanup(func() { m.Close() })
	ran := make(chan error, 1)
	go func() { ran <- m.Run(context.Background()) }()
	select {
	case <-held:
	case err := <-ran:
		t.Fatalf("Run returned %v before the index build began", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the index build never began")
	}

	// The listener comes up while the build is held: every answer until
	// the release must be 503, saying what is loading.
	base := "http://" + addr
	var status int
	var body string
	eventually(t, "the server to listen", func() bool {
		res, err := nethttp.Get(base + "/readyz")
		if err != nil {
			return false
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		status, body = res.StatusCode, string(b)
		return true
	})
	if status != 503 || !strings.Contains(body, "screening indexes are still loading") {
		t.Fatalf("readyz while the indexes load: %d %s", status, body)
	}
	if strings.Contains(body, "store") || strings.Contains(body, "event bus") {
		t.Fatalf("readyz blames the store or the bus: %s", body)
	}
	if res, err := nethttp.Get(base + "/healthz"); err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz while loading: %v %v", res, err)
	}
	c := &client{t, base, tok}
	p := mustProblem(t, c.do("POST", "/api/v1/checks/persons", map[string]any{"name": "Listed Before Restart"}), 503, "")
	if !strings.Contains(p.Detail, "screening indexes are still loading") {
		t.Fatalf("check while loading: %+v", p)
	}
	mustProblem(t, c.do("POST", "/api/v1/checks/documents", map[string]any{"number": "RS1234567", "issuing_state": "RS"}), 503, "")
	select {
	case err := <-ran:
		t.Fatalf("Run returned %v before the indexes were built", err)
	default:
	}

	close(release)
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	res, err := nethttp.Get(base + "/readyz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("readyz once built: %v %v", res, err)
	}
	res.Body.Close()
	var out checkResponse
	c.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": "Listed Before Restart"}).decode(t, &out)
	if !out.Results[0].Hit || out.Results[0].Hits[0].RecordID != w.ID {
		t.Fatalf("the entry listed before the start is not found: %+v", out.Results)
	}
}

// TestReadyzNamesWhatIsMissing: with the bus gone, /readyz says so, and
// not the cause.
func TestReadyzNamesWhatIsMissing(t *testing.T) {
	m := MustRunMain(t, Config{})
	m.Bus.Close()
	err := m.ready(context.Background())
	if meridian.KindOf(err) != meridian.EUnavailable || meridian.MessageOf(err) != "the event bus is disconnected" {
		t.Fatalf("ready with the bus closed: %v", err)
	}
	if errors.Unwrap(err) == nil {
		t.Fatal("the cause is not kept for the log")
	}
	c := &client{t, m.URL, ""}
	p := mustProblem(t, c.do("GET", "/readyz", nil), 503, "")
	if p.Detail != "not ready: the event bus is disconnected" {
		t.Fatalf("readyz: %+v", p)
	}
}

// TestNATSReplicasFlag: more than one copy of the stream needs a NATS
// cluster; the embedded server is one node, so serve refuses it there.
func TestNATSReplicasFlag(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--data", t.TempDir(), "--nats-replicas", "3"},
		{"serve", "--data", t.TempDir(), "--nats", "nats://127.0.0.1:1", "--nats-replicas", "0"},
		{"serve", "--data", t.TempDir(), "--nats", "nats://127.0.0.1:1", "--nats-replicas", "7"},
	} {
		_, stderr, code := cli(t, "", args...)
		if code != 2 || !strings.Contains(stderr, "--nats-replicas") {
			t.Fatalf("%v: exit %d, %s", args, code, stderr)
		}
	}
}
