package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	nethttp "net/http"
	"strings"
	"testing"

	"meridian"
	mnats "meridian/nats"
)

// MustRunMain starts a server as `meridian serve` does, on a free port,
// with its own data directory (SQLite and embedded NATS unless cfg says
// otherwise).
func MustRunMain(tb testing.TB, cfg Config) *Main {
	tb.Helper()
	if cfg.Data == "" {
		cfg.Data = tb.TempDir()
	}
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	if cfg.AdminCountry == "" {
		cfg.AdminCountry = "FR"
	}
	cfg.LogLevel = "error"
	m := &Main{Config: cfg}
	if err := m.Run(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { m.Close() })
	return m
}

// sys is a context acting as Meridian itself, for test setup.
func sys() context.Context { return meridian.WithSubject(context.Background(), meridian.SystemSubject) }

// mustAgency creates an agency directly in the store.
func mustAgency(tb testing.TB, m *Main, country, name string) *meridian.Agency {
	tb.Helper()
	a := &meridian.Agency{Country: country, Kind: meridian.AgencyPolice, Name: name}
	if err := m.DB.CreateAgency(sys(), a); err != nil {
		tb.Fatal(err)
	}
	return a
}

// mustToken creates a user of agency a with roles and returns its API token.
func mustToken(tb testing.TB, m *Main, a *meridian.Agency, username string, roles ...meridian.Role) string {
	tb.Helper()
	u := &meridian.User{AgencyID: a.ID, Username: username, Name: username, Roles: roles}
	if err := m.DB.CreateUser(sys(), u, ""); err != nil {
		tb.Fatal(err)
	}
	tok, err := m.DB.CreateToken(sys(), u.ID, "test")
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}

// client talks to a server as one user.
type client struct {
	tb    testing.TB
	base  string
	token string
}

type response struct {
	status int
	body   []byte
	header nethttp.Header
}

func (r response) decode(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		tb.Fatalf("decode %s: %v", r.body, err)
	}
}

func (c *client) raw(method, path, contentType string, body []byte) response {
	c.tb.Helper()
	req, err := nethttp.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		c.tb.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set(purposeHeader, "end-to-end test")
	res, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		c.tb.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, b, res.Header}
}

func (c *client) do(method, path string, body any) response {
	c.tb.Helper()
	var b []byte
	if body != nil {
		var err error
		if s, ok := body.(string); ok {
			b = []byte(s)
		} else if b, err = json.Marshal(body); err != nil {
			c.tb.Fatal(err)
		}
	}
	return c.raw(method, path, "application/json", b)
}

func (c *client) must(status int, method, path string, body any) response {
	c.tb.Helper()
	r := c.do(method, path, body)
	if r.status != status {
		c.tb.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, status, r.body)
	}
	return r
}

const purposeHeader = "Meridian-Purpose"

type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func listIDs(tb testing.TB, r response) []string {
	tb.Helper()
	var l list[struct {
		ID string `json:"id"`
	}]
	r.decode(tb, &l)
	var ids []string
	for _, x := range l.Items {
		ids = append(ids, x.ID)
	}
	return ids
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// problem is an RFC 9457 problem+json body.
type problem struct {
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Location string `json:"location"`
		Message  string `json:"message"`
	} `json:"errors"`
}

func mustProblem(tb testing.TB, r response, status int, location string) problem {
	tb.Helper()
	if r.status != status {
		tb.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		tb.Fatalf("content type %q, want problem+json", ct)
	}
	var p problem
	r.decode(tb, &p)
	if location == "" {
		return p
	}
	var locs []string
	for _, e := range p.Errors {
		locs = append(locs, e.Location)
	}
	if !contains(locs, location) && !strings.Contains(p.Detail, location) {
		tb.Fatalf("problem names %v / %q, want %q", locs, p.Detail, location)
	}
	return p
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// mustSharedNATS starts a NATS server on loopback for several Mains of one
// test to share (as instances of one deployment share a cluster) and
// returns its client URL.
func mustSharedNATS(tb testing.TB) string {
	tb.Helper()
	emb, err := mnats.StartEmbedded(tb.TempDir(), "127.0.0.1:0", nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(emb.Shutdown)
	return emb.ClientURL()
}
