package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	nethttp "net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"meridian"
	"meridian/evidence"
)

// TestEvidenceVerifyLimits: POST /evidence/verify spools what it is sent
// to disk and verifies it, for a caller who could verify offline. An
// attacker signed in with any account would fill the disk and the CPU:
// only the writers of an agency may (an observer is refused), each a few
// times a minute (429 naming the limit, with Retry-After), two at once on
// an instance, and a package above the configured size is refused with
// 413 naming the limit, whether it declares its length or streams it;
// nothing is left in the temporary directory.
func TestEvidenceVerifyLimits(t *testing.T) {
	w := mustEvidenceWorldOn(t, Config{VerifyMaxBytes: 1 << 20})
	bad := []byte("PK\x03\x04 not really")
	verify := func(c *client, body []byte) response {
		t.Helper()
		return c.raw("POST", "/api/v1/evidence/verify", "application/octet-stream", body)
	}
	problem := func(r response, status int, want string) {
		t.Helper()
		if r.status != status || !strings.Contains(string(r.body), want) {
			t.Fatalf("status %d %s, want %d naming %q", r.status, r.body, status, want)
		}
	}

	t.Run("ErrObserver", func(t *testing.T) {
		problem(verify(w.mkObs, bad), 403, "verify it offline with meridian evidence verify")
	})
	t.Run("ErrTooLarge", func(t *testing.T) {
		big := bytes.Repeat([]byte("x"), 1<<20+1)
		problem(verify(w.mk, big), 413, "limit of 1048576 bytes (1 MiB)")
		// Streamed without a length: cut at the limit, the same answer.
		req, _ := nethttp.NewRequest("POST", w.m.URL+"/api/v1/evidence/verify", struct{ *bytes.Reader }{bytes.NewReader(big)})
		req.ContentLength = -1 // chunked
		req.Header.Set("Authorization", "Bearer "+w.mk.token)
		req.Header.Set("Content-Type", "application/octet-stream")
		req.Header.Set(purposeHeader, "end-to-end test")
		resp, err := nethttp.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 413 {
			t.Fatalf("streamed: %d", resp.StatusCode)
		}
		left, _ := os.ReadDir(filepath.Join(w.m.Config.Data, "tmp"))
		if len(left) != 0 {
			t.Fatalf("left in the temporary directory: %v", left)
		}
	})
	t.Run("ErrRateLimited", func(t *testing.T) {
		for i := range 3 {
			var rep evidence.Report
			r := verify(w.rs, bad)
			if r.status != 200 {
				t.Fatalf("verification %d: %d %s", i+1, r.status, r.body)
			}
			r.decode(t, &rep)
			if rep.OK {
				t.Fatal("a malformed package verified")
			}
		}
		r := verify(w.rs, bad)
		problem(r, 429, "at most 6 package verifications a minute each (burst 3)")
		if r.header.Get("Retry-After") == "" {
			t.Fatal("no Retry-After")
		}
		// Another user is not held back by the first.
		if r := verify(w.al, bad); r.status != 200 {
			t.Fatalf("another user: %d %s", r.status, r.body)
		}
	})
	t.Run("ErrTooManyAtOnce", func(t *testing.T) {
		// Two uploads that do not finish hold the instance's two places.
		agency := mustAgency(t, w.m, "GR", "Hellenic Police")
		for i := range 2 {
			tok := mustToken(t, w.m, agency, fmt.Sprintf("holder%d", i), meridian.RoleOfficer)
			conn := holdVerify(t, w.m.URL, tok)
			defer conn.Close()
		}
		var r response
		for i := 0; r.status != 429; i++ {
			if i == 200 {
				t.Fatalf("a third verification while two hold their places: %d %s", r.status, r.body)
			}
			time.Sleep(50 * time.Millisecond)
			c := &client{t, w.m.URL, mustToken(t, w.m, agency, fmt.Sprintf("third%d", i), meridian.RoleOfficer)}
			r = verify(c, bad)
		}
		problem(r, 429, "this server verifies at most 2 packages at once")
	})
}

// holdVerify starts a verification whose body never finishes.
func holdVerify(t *testing.T, base, token string) net.Conn {
	t.Helper()
	u, _ := url.Parse(base)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST /api/v1/evidence/verify HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: application/octet-stream\r\n%s: test\r\nContent-Length: 1000\r\n\r\nPK", u.Host, token, purposeHeader)
	go func() {
		// Read whatever comes back, so the server is never blocked writing.
		conn.SetReadDeadline(time.Now().Add(time.Minute))
		bufio.NewReader(conn).ReadString(0)
	}()
	return conn
}
