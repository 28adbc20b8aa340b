package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	nethttp "net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"meridian"
	"meridian/auth"
	"meridian/postgres/pgtest"
)

// Me is the answer of GET /me.
type Me struct {
	User meridian.User `json:"user"`
}

// webClient is a cookie-holding client: a user signed in with a password.
type webClient struct {
	tb   testing.TB
	base string
	hc   *nethttp.Client
}

func newWebClient(tb testing.TB, base string) *webClient {
	jar, _ := cookiejar.New(nil)
	return &webClient{tb: tb, base: base, hc: &nethttp.Client{Jar: jar}}
}

func (b *webClient) do(method, path string, body any) response {
	b.tb.Helper()
	var r io.Reader
	if body != nil {
		j, _ := json.Marshal(body)
		r = bytes.NewReader(j)
	}
	req, _ := nethttp.NewRequest(method, b.base+path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := b.hc.Do(req)
	if err != nil {
		b.tb.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, data, res.Header}
}

func (b *webClient) must(status int, method, path string, body any) response {
	b.tb.Helper()
	r := b.do(method, path, body)
	if r.status != status {
		b.tb.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, status, r.body)
	}
	return r
}

func (b *webClient) login(username, password string) response {
	b.tb.Helper()
	return b.do("POST", "/api/v1/login", map[string]string{"username": username, "password": password})
}

// mustUserID creates a user with a password directly in the store and
// returns its id.
func mustUserID(tb testing.TB, m *Main, a *meridian.Agency, username, password string, mustChange bool, roles ...meridian.Role) string {
	tb.Helper()
	u := &meridian.User{AgencyID: a.ID, Username: username, Name: username, Roles: roles, MustChangePassword: mustChange}
	if err := m.DB.CreateUser(sys(), u, password); err != nil {
		tb.Fatal(err)
	}
	return u.ID
}

// Finding 3: an administrator minted a token for anyone and acted as them.
func TestTrustTokensOnlyForSelf(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "Agency A")
	admin := &client{t, m.URL, mustToken(t, m, a, "admin.a", meridian.RoleAdmin)}
	officerTok := mustToken(t, m, a, "officer.a", meridian.RoleOfficer)
	officer := &client{t, m.URL, officerTok}
	var me Me
	officer.must(200, "GET", "/api/v1/me", nil).decode(t, &me)

	mustProblem(t, admin.do("POST", "/api/v1/users/"+me.User.ID+"/tokens", map[string]any{"name": "impersonate"}), 403, "")
	// The user mints their own, by either route.
	officer.must(201, "POST", "/api/v1/users/"+me.User.ID+"/tokens", map[string]any{"name": "mine"})
	var issued struct {
		Token     string    `json:"token"`
		ID        string    `json:"id"`
		ExpiresAt time.Time `json:"expires_at"`
	}
	officer.must(201, "POST", "/api/v1/me/tokens", map[string]any{"name": "script"}).decode(t, &issued)
	if !strings.HasPrefix(issued.Token, "mrt_") || issued.ID == "" {
		t.Fatalf("issued %+v", issued)
	}
	// Expiry: 90 days by default.
	if d := time.Until(issued.ExpiresAt); d < 89*24*time.Hour || d > 91*24*time.Hour {
		t.Fatalf("token expires in %v, want 90 days", d)
	}
	mine := &client{t, m.URL, issued.Token}
	mine.must(200, "GET", "/api/v1/me", nil)
	// Listed without its secret, revoked by its owner only.
	var l list[map[string]any]
	officer.must(200, "GET", "/api/v1/me/tokens", nil).decode(t, &l)
	if len(l.Items) != 3 || strings.Contains(string(officer.do("GET", "/api/v1/me/tokens", nil).body), issued.Token) {
		t.Fatalf("tokens %+v", l.Items)
	}
	mustProblem(t, admin.do("DELETE", "/api/v1/me/tokens/"+issued.ID, nil), 404, "")
	officer.must(204, "DELETE", "/api/v1/me/tokens/"+issued.ID, nil)
	mustProblem(t, mine.do("GET", "/api/v1/me", nil), 401, "")
	// An expired token stops working.
	m.DB.SetClock(func() time.Time { return time.Now().Add(91 * 24 * time.Hour) })
	defer m.DB.SetClock(time.Now)
	mustProblem(t, officer.do("GET", "/api/v1/me", nil), 401, "")
}

// Finding 8: an unknown name answered 401 forever and a known one 429,
// and Retry-After said 60 s for a 1 s lock.
func TestTrustLoginSameAnswers(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "Agency A")
	mustUserID(t, m, a, "known.user", "a long enough passphrase", false, meridian.RoleOfficer)
	// The clock stands still: what is tested is the counting. With a
	// moving clock, sign-ins slower than the 1 s lock (under the race
	// detector on a loaded machine) let it expire between attempts.
	stopped := time.Now()
	m.DB.SetClock(func() time.Time { return stopped })
	defer m.DB.SetClock(time.Now)
	var answers [2][]int
	var retry [2]string
	for i, name := range []string{"known.user", "unknown.user"} {
		b := newWebClient(t, m.URL)
		for range 7 {
			r := b.login(name, "wrong password!!")
			answers[i] = append(answers[i], r.status)
			if r.status == 429 {
				retry[i] = r.header.Get("Retry-After")
			}
		}
	}
	if !equalInts(answers[0], answers[1]) {
		t.Fatalf("known name answered %v, unknown %v", answers[0], answers[1])
	}
	if answers[0][len(answers[0])-1] != 429 {
		t.Fatalf("no throttling after 7 failures: %v", answers[0])
	}
	for _, r := range retry {
		n, err := strconv.Atoi(r)
		if err != nil || n < 1 || n > 4 {
			t.Fatalf("Retry-After %q, want the lock's few seconds", r)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Finding 9: no per-user rate limit; a too-long purpose silently replaced.
func TestTrustUserRateAndPurpose(t *testing.T) {
	m := MustRunMain(t, Config{UserRate: 1})
	a := mustAgency(t, m, "MK", "Agency A")
	c := &client{t, m.URL, mustToken(t, m, a, "officer.a", meridian.RoleOfficer)}

	req, _ := nethttp.NewRequest("GET", m.URL+"/api/v1/persons", nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set(purposeHeader, strings.Repeat("x", 201))
	res, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 400 || !strings.Contains(string(body), "Meridian-Purpose") {
		t.Fatalf("too-long purpose: %d %s, want 400 naming the header", res.StatusCode, body)
	}

	var last response
	for range 30 {
		if last = c.do("GET", "/api/v1/me", nil); last.status == 429 {
			break
		}
	}
	if last.status != 429 {
		t.Fatalf("30 requests at rate 1/s: no 429 (last %d)", last.status)
	}
	if n, err := strconv.Atoi(last.header.Get("Retry-After")); err != nil || n < 1 || n > 2 {
		t.Fatalf("Retry-After %q, want 1-2 s", last.header.Get("Retry-After"))
	}
	// Another user is not held back by the first one's rate.
	other := &client{t, m.URL, mustToken(t, m, a, "officer.b", meridian.RoleOfficer)}
	other.must(200, "GET", "/api/v1/me", nil)
}

// Finding 11: "password1234", 12 spaces and six accented letters passed.
func TestTrustWeakPasswords(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "Agency A")
	admin := &client{t, m.URL, mustToken(t, m, a, "admin.a", meridian.RoleAdmin)}
	for _, pw := range []string{"password1234", strings.Repeat(" ", 12), "éàèùâê", "new.officer2024", "Password1234"} {
		r := admin.do("POST", "/api/v1/users", map[string]any{"agency_id": a.ID, "username": "new.officer", "name": "New", "roles": []string{"officer"}, "password": pw})
		mustProblem(t, r, 422, "body.password")
	}
	admin.must(201, "POST", "/api/v1/users", map[string]any{"agency_id": a.ID, "username": "new.officer", "name": "New", "roles": []string{"officer"}, "password": "éàèùâêîôûëïü"})
	data := t.TempDir()
	_, _, code := cli(t, "", "migrate", "--data", data)
	if code != 0 {
		t.Fatal("migrate")
	}
	if _, stderr, code := cli(t, "password1234\n", "user", "add", "--data", data, "--agency", a.ID, "--name", "Xavier Test", "--roles", "officer", "--password-stdin"); code == 0 || !strings.Contains(stderr, "common") {
		t.Fatalf("common password accepted by the CLI: %q", stderr)
	}
}

// Finding 10: password change and the forced change of a password someone
// else chose, through the API.
func TestTrustPasswordChange(t *testing.T) {
	var out bytes.Buffer
	m := &Main{Config: Config{Data: t.TempDir(), Addr: "127.0.0.1:0", AdminCountry: "FR", LogLevel: "error"}, Stdout: &out}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	pw := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(out.String())
	if pw == nil {
		t.Fatalf("no first password in %q", out.String())
	}
	admin := newWebClient(t, m.URL)
	admin.must(200, "POST", "/api/v1/login", map[string]string{"username": "admin", "password": pw[1]})
	var me Me
	admin.must(200, "GET", "/api/v1/me", nil).decode(t, &me)
	if !me.User.MustChangePassword {
		t.Fatal("the first administrator's one-time password need not be changed")
	}
	p := mustProblem(t, admin.do("GET", "/api/v1/users", nil), 403, "")
	if !strings.Contains(p.Detail, "change") {
		t.Fatalf("problem %q does not say to change the password", p.Detail)
	}
	mustProblem(t, admin.do("PUT", "/api/v1/me/password", map[string]string{"current_password": "wrong one", "new_password": "a brand new passphrase"}), 422, "body.current_password")
	mustProblem(t, admin.do("PUT", "/api/v1/me/password", map[string]string{"current_password": pw[1], "new_password": "password1234"}), 422, "body.new_password")
	old := newWebClient(t, m.URL)
	old.must(200, "POST", "/api/v1/login", map[string]string{"username": "admin", "password": pw[1]})
	admin.must(204, "PUT", "/api/v1/me/password", map[string]string{"current_password": pw[1], "new_password": "a brand new passphrase"})
	admin.must(200, "GET", "/api/v1/users", nil)
	mustProblem(t, old.do("GET", "/api/v1/me", nil), 401, "") // other sessions ended
	if r := newWebClient(t, m.URL).login("admin", pw[1]); r.status != 401 {
		t.Fatalf("the old password still works: %d", r.status)
	}

	// A user an administrator creates with a password, or whose password
	// is reset, must change it at the next sign-in.
	var agencies list[meridian.Agency]
	admin.must(200, "GET", "/api/v1/agencies", nil).decode(t, &agencies)
	var u meridian.User
	admin.must(201, "POST", "/api/v1/users", map[string]any{"agency_id": agencies.Items[0].ID, "username": "ana.petrova", "name": "Ana",
		"roles": []string{"officer"}, "password": "chosen by the admin"}).decode(t, &u)
	ana := newWebClient(t, m.URL)
	ana.must(200, "POST", "/api/v1/login", map[string]string{"username": "ana.petrova", "password": "chosen by the admin"})
	mustProblem(t, ana.do("GET", "/api/v1/persons", nil), 403, "")
	mustProblem(t, ana.do("POST", "/api/v1/me/tokens", map[string]any{"name": "x"}), 403, "")
	ana.must(204, "PUT", "/api/v1/me/password", map[string]string{"current_password": "chosen by the admin", "new_password": "only ana knows this"})
	ana.must(200, "GET", "/api/v1/persons", nil)
	var reset struct{ Password string }
	admin.must(200, "POST", "/api/v1/users/"+u.ID+"/password-reset", map[string]any{}).decode(t, &reset)
	mustProblem(t, ana.do("GET", "/api/v1/persons", nil), 401, "")
	ana.must(200, "POST", "/api/v1/login", map[string]string{"username": "ana.petrova", "password": reset.Password})
	mustProblem(t, ana.do("GET", "/api/v1/persons", nil), 403, "")
	// Roles: administrators change them, not their own.
	var changed meridian.User
	admin.must(200, "PATCH", "/api/v1/users/"+u.ID, map[string]any{"roles": []string{"analyst"}}).decode(t, &changed)
	if len(changed.Roles) != 1 || changed.Roles[0] != meridian.RoleAnalyst {
		t.Fatalf("roles %v", changed.Roles)
	}
	admin.must(200, "GET", "/api/v1/me", nil).decode(t, &me)
	mustProblem(t, admin.do("PATCH", "/api/v1/users/"+me.User.ID, map[string]any{"disabled": true}), 403, "")
}

// Finding 10: disabling an account and revoking a token stop them on the
// other instance at once; CLI and API alike.
func TestTrustDisableOnTwoInstances(t *testing.T) {
	pg := pgtest.NewDatabase(t)
	natsURL := mustSharedNATS(t)
	data := t.TempDir()
	m1 := MustRunMain(t, Config{Data: data, Postgres: pg, NATS: natsURL})
	m2 := MustRunMain(t, Config{Data: data, Postgres: pg, NATS: natsURL})
	a := mustAgency(t, m1, "MK", "Agency A")
	admin := &client{t, m1.URL, mustToken(t, m1, a, "admin.a", meridian.RoleAdmin)}
	id := mustUserID(t, m1, a, "officer.a", "a long enough passphrase", false, meridian.RoleOfficer)
	tok, err := m1.DB.CreateToken(meridian.WithSubject(context.Background(), &meridian.Subject{UserID: id}), id, "script")
	if err != nil {
		t.Fatal(err)
	}
	on2 := &client{t, m2.URL, tok}
	on2.must(200, "GET", "/api/v1/persons", nil)
	sess := newWebClient(t, m2.URL)
	sess.must(200, "POST", "/api/v1/login", map[string]string{"username": "officer.a", "password": "a long enough passphrase"})

	// Token revocation through instance 1, felt on instance 2.
	on1 := &client{t, m1.URL, tok}
	var issued struct{ Token, ID string }
	on1.must(201, "POST", "/api/v1/me/tokens", map[string]any{"name": "second"}).decode(t, &issued)
	second := &client{t, m2.URL, issued.Token}
	second.must(200, "GET", "/api/v1/me", nil)
	on1.must(204, "DELETE", "/api/v1/me/tokens/"+issued.ID, nil)
	untilStatus(t, "the revoked token to fail on instance 2", 401, func() response { return second.do("GET", "/api/v1/me", nil) })

	// A live stream open on instance 2 ends with the account.
	op := &meridian.Operation{Name: "Disable", Start: "2024-09-29", End: "2024-10-04", Status: meridian.OperationActive, Countries: []string{"MK"}}
	if err := m1.DB.CreateOperation(sys(), op); err != nil {
		t.Fatal(err)
	}
	stream := openStream(t, on2, op.ID)
	stream.nextResults("the first results", func(meridian.Results) bool { return true })
	reporter := &client{t, m1.URL, mustToken(t, m1, a, "reporter.a", meridian.RoleOfficer)}

	// Disabling through instance 1's API.
	admin.must(200, "PATCH", "/api/v1/users/"+id, map[string]any{"disabled": true})
	reporter.must(201, "POST", "/api/v1/events", rescueBody(op.ID, "MK", map[string]any{"scope": "all"}, map[string]any{"count": 2}))
	if got := stream.reportsWithin(2 * time.Second); len(got) != 0 {
		t.Fatalf("a disabled account's stream delivered %d reports", len(got))
	}
	untilStatus(t, "the disabled account's token to fail on instance 2", 401, func() response { return on2.do("GET", "/api/v1/persons", nil) })
	untilStatus(t, "the disabled account's session to fail on instance 2", 401, func() response { return sess.do("GET", "/api/v1/me", nil) })
	if r := newWebClient(t, m2.URL).login("officer.a", "a long enough passphrase"); r.status != 401 {
		t.Fatalf("a disabled account signs in: %d", r.status)
	}
	admin.must(200, "PATCH", "/api/v1/users/"+id, map[string]any{"disabled": false})
	mustProblem(t, on2.do("GET", "/api/v1/persons", nil), 401, "") // its tokens stay revoked
	sess.must(200, "POST", "/api/v1/login", map[string]string{"username": "officer.a", "password": "a long enough passphrase"})

	// Disabling at the store with the CLI.
	if out, stderr, code := cli(t, "", "user", "disable", "--data", data, "--postgres", pg, "officer.a"); code != 0 || !strings.Contains(out, "disabled") {
		t.Fatalf("user disable: %d %q %q", code, out, stderr)
	}
	untilStatus(t, "the session to end on instance 2 after user disable", 401, func() response { return sess.do("GET", "/api/v1/me", nil) })
	if _, stderr, code := cli(t, "", "user", "enable", "--data", data, "--postgres", pg, "officer.a"); code != 0 {
		t.Fatalf("user enable: %q", stderr)
	}
	// meridian user passwd: a one-time password, to change at sign-in.
	out, stderr, code := cli(t, "", "user", "passwd", "--data", data, "--postgres", pg, "officer.a")
	f := strings.Fields(out)
	if code != 0 || len(f) != 4 || f[2] != "password" {
		t.Fatalf("user passwd: %d %q %q", code, out, stderr)
	}
	b := newWebClient(t, m2.URL)
	b.must(200, "POST", "/api/v1/login", map[string]string{"username": "officer.a", "password": f[3]})
	mustProblem(t, b.do("GET", "/api/v1/persons", nil), 403, "")
	// A change of password on instance 2 ends the sessions on instance 1.
	b1 := newWebClient(t, m1.URL)
	b1.must(200, "POST", "/api/v1/login", map[string]string{"username": "officer.a", "password": f[3]})
	b.must(204, "PUT", "/api/v1/me/password", map[string]string{"current_password": f[3], "new_password": "the officer's own passphrase"})
	untilStatus(t, "the old session to end on instance 1", 401, func() response { return b1.do("GET", "/api/v1/me", nil) })
	b.must(200, "GET", "/api/v1/persons", nil)
	newWebClient(t, m1.URL).must(200, "POST", "/api/v1/login", map[string]string{"username": "officer.a", "password": "the officer's own passphrase"})
}

// Finding 14: the store file world-readable in an existing directory; two
// serves on one directory; a secret printed with the usage; /metrics open.
func TestTrustOperations(t *testing.T) {
	data := t.TempDir()
	if err := os.Chmod(data, 0o755); err != nil {
		t.Fatal(err)
	}
	m := MustRunMain(t, Config{Data: data, MetricsAddr: "127.0.0.1:0"})
	for _, f := range []string{"", "meridian.db", "meridian.db-wal"} {
		fi, err := os.Stat(filepath.Join(data, f))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v, want owner-only", f, fi.Mode().Perm())
		}
	}
	second := &Main{Config: Config{Data: data, Addr: "127.0.0.1:0", AdminCountry: "FR", LogLevel: "error"}}
	err := second.Run(context.Background())
	if err == nil {
		second.Close()
		t.Fatal("a second serve on the same data directory started")
	}
	if !strings.Contains(describe(err), "another meridian serve") {
		t.Fatalf("unclear refusal: %s", describe(err))
	}

	res, err := nethttp.Get(m.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Fatalf("/metrics on the API port: %d, want 404", res.StatusCode)
	}
	res, err = nethttp.Get(m.MetricsURL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "http_requests_total") {
		t.Fatalf("metrics listener: %d", res.StatusCode)
	}

	t.Setenv("MERIDIAN_TOKEN", "mrt_secretvalue")
	t.Setenv("MERIDIAN_POSTGRES", "postgres://u:dbsecret@127.0.0.1/x")
	for _, args := range [][]string{
		{"check", "person", "--nmae", "x"},
		{"ingest", "manifest", "--tokn", "x", "f"},
		{"serve", "--adr", "x"},
		{"user", "add", "--agnecy", "x"},
	} {
		_, stderr, code := cli(t, "", args...)
		if code != 2 || strings.Contains(stderr, "secretvalue") || strings.Contains(stderr, "dbsecret") {
			t.Errorf("%v: exit %d, usage prints a secret: %s", args, code, stderr)
		}
	}
}

// Concurrent guesses on one name from one address all passed the lock
// check before the first failure was counted: 20 at once were 20 password
// checks where 5 are free. They now take their turn, so 5 are checked and
// the rest answer 429.
func TestTrustLoginConcurrentGuesses(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "Agency A")
	mustUserID(t, m, a, "target.user", "a long enough passphrase", false, meridian.RoleOfficer)
	var clock atomic.Int64 // the clock stands still but for the step below
	clock.Store(time.Now().UnixNano())
	m.DB.SetClock(func() time.Time { return time.Unix(0, clock.Load()) })
	defer m.DB.SetClock(time.Now)
	const n = 20 // the per-address limiter's burst: none is refused by it
	statuses := make(chan int, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := newWebClient(t, m.URL)
			<-start
			statuses <- b.login("target.user", "wrong password!!").status
		}()
	}
	close(start)
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[401] != auth.FreeFailures || count[429] != n-auth.FreeFailures {
		t.Fatalf("%d concurrent wrong passwords answered %v: want %d checked (401) and the rest 429", n, count, auth.FreeFailures)
	}
	// The account is not harmed: its owner, from the same address, is
	// locked out only for the lock's time (and the limiter's 3 s a token).
	clock.Add(int64(auth.LockFor(auth.FreeFailures) + 3*time.Second))
	if r := newWebClient(t, m.URL).login("target.user", "a long enough passphrase"); r.status != 200 {
		t.Fatalf("the owner after the lock: %d %s", r.status, r.body)
	}
}
