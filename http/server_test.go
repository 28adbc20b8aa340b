package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	nethttp "net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/prometheus/client_golang/prometheus"

	"meridian"
	mhttp "meridian/http"
)

const (
	agencyID = "0192a000-0000-7000-8000-000000000001"
	userID   = "0192a000-0000-7000-8000-000000000002"
	apiToken = "api-token-1"
)

// env is a server on fakes with one user, alice, who has a password and an
// API token.
type env struct {
	t        *testing.T
	srv      *mhttp.Server
	h        nethttp.Handler
	logs     *bytes.Buffer
	auth     *fakeAuth
	users    *fakeUsers
	agencies *fakeAgencies
	ops      *fakeOperations
	persons  *fakePersons
	docs     *fakeDocuments
	events   *fakeEvents
	cases    *fakeCases
	audit    *fakeAudit
}

func newEnv(t *testing.T, opts ...func(*mhttp.Server)) *env {
	t.Helper()
	alice := &meridian.User{ID: userID, AgencyID: agencyID, Country: "MK", Username: "alice", Name: "Alice Officer",
		Roles: []meridian.Role{meridian.RoleOfficer, meridian.RoleAnalyst}}
	e := &env{
		t:    t,
		logs: &bytes.Buffer{},
		auth: &fakeAuth{
			passwords: map[string]string{"alice": "correct horse battery"},
			users:     map[string]*meridian.User{"alice": alice},
			sessions:  map[string]*meridian.Subject{},
			tokens:    map[string]*meridian.Subject{apiToken: subjectOf(alice)},
		},
		users:    &fakeUsers{},
		agencies: &fakeAgencies{},
		ops:      &fakeOperations{},
		persons:  &fakePersons{},
		docs:     &fakeDocuments{},
		events:   &fakeEvents{},
		cases:    &fakeCases{},
		audit:    &fakeAudit{},
	}
	e.users.t.put(userID, alice)
	e.agencies.t.put(agencyID, &meridian.Agency{ID: agencyID, Country: "MK", Kind: meridian.AgencyPolice, Name: "Police of North Macedonia"})
	e.srv = &mhttp.Server{
		Operations: e.ops,
		Agencies:   e.agencies,
		Users:      e.users,
		Auth:       e.auth,
		Persons:    e.persons,
		Documents:  e.docs,
		Events:     e.events,
		Cases:      e.cases,
		Audit:      e.audit,
		Logger:     slog.New(slog.NewTextHandler(e.logs, nil)),
		Version:    "test",
	}
	for _, o := range opts {
		o(e.srv)
	}
	e.h = e.srv.Handler()
	return e
}

// req builds an API request authenticated with alice's token; a non-empty
// body is sent as JSON.
func (e *env) req(method, path, body string) *nethttp.Request {
	var r *nethttp.Request
	if body == "" {
		r = httptest.NewRequest(method, path, nil)
	} else {
		r = httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	}
	r.Header.Set("Authorization", "Bearer "+apiToken)
	return r
}

func (e *env) serve(r *nethttp.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

func (e *env) do(method, path, body string) *httptest.ResponseRecorder {
	return e.serve(e.req(method, path, body))
}

// problem is an RFC 9457 problem as Meridian writes it.
type problem struct {
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Location string `json:"location"`
		Message  string `json:"message"`
		Value    any    `json:"value"`
	} `json:"errors"`
}

func (p problem) locations() []string {
	var ls []string
	for _, e := range p.Errors {
		ls = append(ls, e.Location)
	}
	return ls
}

// wantProblem checks that w is a problem with the status and returns it.
func wantProblem(t *testing.T, w *httptest.ResponseRecorder, status int) problem {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status = %d, want %d; body %s", w.Code, status, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type = %q, want application/problem+json; body %s", ct, w.Body)
	}
	var p problem
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
		t.Fatalf("problem is not JSON: %v; body %s", err, w.Body)
	}
	if p.Status != status || p.Title != nethttp.StatusText(status) {
		t.Fatalf("problem status %d title %q, want %d %q", p.Status, p.Title, status, nethttp.StatusText(status))
	}
	return p
}

// wantStatus checks the status of a success and decodes the body into v.
func wantStatus(t *testing.T, w *httptest.ResponseRecorder, status int, v any) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status = %d, want %d; body %s", w.Code, status, w.Body)
	}
	if v != nil {
		if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
			t.Fatalf("decode: %v; body %s", err, w.Body)
		}
	}
}

func hasLocation(p problem, loc string) bool {
	for _, l := range p.locations() {
		if l == loc {
			return true
		}
	}
	return false
}

const personJSON = `{"role":"victim","names":[{"full":"Ana Petrović"}],"nationalities":["RS"],"sex":"F",
	"victim":{"status":"presumed","exploitation":["sexual_exploitation"]},
	"identifiers":[{"kind":"phone","value":"+389 70 123 456"}],"tlp":"AMBER","handling":"H1"}`

func TestLogin(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		e := newEnv(t)
		r := httptest.NewRequest("POST", "/api/v1/login", strings.NewReader(`{"username":"alice","password":"correct horse battery"}`))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-Forwarded-For", "203.0.113.9")
		w := e.serve(r)
		var got struct{ User meridian.User }
		wantStatus(t, w, nethttp.StatusOK, &got)
		if got.User.ID != userID {
			t.Errorf("user = %+v, want alice", got.User)
		}
		if e.auth.LoginAddr != "192.0.2.1" {
			t.Errorf("login addr = %q, want the peer 192.0.2.1, not X-Forwarded-For", e.auth.LoginAddr)
		}
		cookies := w.Result().Cookies()
		if len(cookies) != 1 {
			t.Fatalf("cookies = %v, want one", cookies)
		}
		c := cookies[0]
		if c.Name != "meridian_session" || !c.HttpOnly || c.SameSite != nethttp.SameSiteStrictMode || c.Path != "/" || c.Secure {
			t.Errorf("cookie = %+v, want meridian_session HttpOnly SameSite=Strict Path=/ not Secure", c)
		}
		if strings.Contains(w.Body.String(), c.Value) {
			t.Error("the session token is in the body, within reach of scripts")
		}

		// The cookie authenticates.
		r = httptest.NewRequest("GET", "/api/v1/me", nil)
		r.AddCookie(c)
		var me mhttp.Me
		wantStatus(t, e.serve(r), nethttp.StatusOK, &me)
		if me.User.ID != userID || me.Agency == nil || me.Agency.ID != agencyID || len(me.Roles) != 2 {
			t.Errorf("me = %+v", me)
		}

		// Logout ends the session and clears the cookie; the cookie no
		// longer authenticates.
		r = httptest.NewRequest("POST", "/api/v1/logout", nil)
		r.AddCookie(c)
		w = e.serve(r)
		wantStatus(t, w, nethttp.StatusNoContent, nil)
		if cs := w.Result().Cookies(); len(cs) != 1 || cs[0].Name != "meridian_session" || cs[0].MaxAge >= 0 {
			t.Errorf("logout cookies = %v, want meridian_session cleared", cs)
		}
		r = httptest.NewRequest("GET", "/api/v1/me", nil)
		r.AddCookie(c)
		wantProblem(t, e.serve(r), nethttp.StatusUnauthorized)
	})
	t.Run("SecureCookies", func(t *testing.T) {
		e := newEnv(t, func(s *mhttp.Server) { s.SecureCookies = true })
		w := e.do("POST", "/api/v1/login", `{"username":"alice","password":"correct horse battery"}`)
		wantStatus(t, w, nethttp.StatusOK, nil)
		if cs := w.Result().Cookies(); len(cs) != 1 || !cs[0].Secure {
			t.Errorf("cookies = %v, want Secure", cs)
		}
	})
	t.Run("ErrUnauthenticated", func(t *testing.T) {
		e := newEnv(t)
		w := e.do("POST", "/api/v1/login", `{"username":"alice","password":"wrong"}`)
		p := wantProblem(t, w, nethttp.StatusUnauthorized)
		if p.Detail != "wrong username or password" {
			t.Errorf("detail = %q", p.Detail)
		}
		if len(w.Result().Cookies()) != 0 {
			t.Error("a failed login set a cookie")
		}
	})
	t.Run("ErrRateLimited", func(t *testing.T) {
		e := newEnv(t)
		e.auth.Throttle = true
		w := e.do("POST", "/api/v1/login", `{"username":"alice","password":"correct horse battery"}`)
		wantProblem(t, w, nethttp.StatusTooManyRequests)
		if w.Header().Get("Retry-After") == "" {
			t.Error("no Retry-After")
		}
	})
	t.Run("ErrMissingPassword", func(t *testing.T) {
		e := newEnv(t)
		p := wantProblem(t, e.do("POST", "/api/v1/login", `{"username":"alice"}`), nethttp.StatusUnprocessableEntity)
		if !strings.Contains(flat(p), "password") {
			t.Errorf("problem %+v does not name password", p)
		}
	})
}

// flat flattens a problem for substring checks.
func flat(p problem) string {
	b, _ := json.Marshal(p)
	return string(b)
}

func TestAuthenticate(t *testing.T) {
	for _, tt := range []struct {
		name   string
		header func(r *nethttp.Request)
		status int
	}{
		{"OK", func(r *nethttp.Request) { r.Header.Set("Authorization", "Bearer "+apiToken) }, nethttp.StatusOK},
		{"OKLowerCaseScheme", func(r *nethttp.Request) { r.Header.Set("Authorization", "bearer "+apiToken) }, nethttp.StatusOK},
		{"ErrMissing", func(r *nethttp.Request) {}, nethttp.StatusUnauthorized},
		{"ErrWrongToken", func(r *nethttp.Request) { r.Header.Set("Authorization", "Bearer nope") }, nethttp.StatusUnauthorized},
		{"ErrBasic", func(r *nethttp.Request) { r.SetBasicAuth("alice", "correct horse battery") }, nethttp.StatusUnauthorized},
		{"ErrUnknownSession", func(r *nethttp.Request) {
			r.AddCookie(&nethttp.Cookie{Name: "meridian_session", Value: "forged"})
		}, nethttp.StatusUnauthorized},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			r := httptest.NewRequest("GET", "/api/v1/persons", nil)
			tt.header(r)
			w := e.serve(r)
			if tt.status == nethttp.StatusOK {
				wantStatus(t, w, nethttp.StatusOK, nil)
				if s := e.persons.Subject; s == nil || s.UserID != userID {
					t.Errorf("subject = %+v, want alice", s)
				}
				return
			}
			wantProblem(t, w, tt.status)
			if w.Header().Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			if e.persons.Subject != nil {
				t.Error("the service was called without a subject")
			}
		})
	}
	t.Run("Public", func(t *testing.T) {
		e := newEnv(t)
		for _, path := range []string{"/api/v1/openapi.json", "/api/v1/openapi.yaml"} {
			if w := e.serve(httptest.NewRequest("GET", path, nil)); w.Code != nethttp.StatusOK {
				t.Errorf("GET %s = %d, want 200 without authentication", path, w.Code)
			}
		}
	})
	t.Run("EveryOperationButLogin", func(t *testing.T) {
		e := newEnv(t)
		for path, item := range e.srv.API().OpenAPI().Paths {
			for method, op := range map[string]bool{"GET": item.Get != nil, "POST": item.Post != nil, "PUT": item.Put != nil, "DELETE": item.Delete != nil} {
				if !op || path == "/api/v1/login" {
					continue
				}
				url := strings.ReplaceAll(path, "{id}", userID)
				r := httptest.NewRequest(method, url, nil)
				if w := e.serve(r); w.Code != nethttp.StatusUnauthorized {
					t.Errorf("%s %s without credentials = %d, want 401", method, path, w.Code)
				}
			}
		}
	})
}

func TestPurpose(t *testing.T) {
	for _, tt := range []struct {
		name, header, want string
	}{
		{"OK", "  case 2024-117 follow-up  ", "case 2024-117 follow-up"},
		{"OKArabic", "متابعة القضية", "متابعة القضية"},
		{"Default", "", meridian.DefaultPurpose},
		{"OKLongArabic", strings.Repeat("ق", 200), strings.Repeat("ق", 200)},
		{"ErrTooLong", strings.Repeat("x", 201), ""},
		{"ErrNotUTF8", "case \xff", ""},
		{"ErrControl", "case\x01", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			r := e.req("GET", "/api/v1/persons", "")
			r.Header.Set("Meridian-Purpose", tt.header)
			r.Header.Set("X-Forwarded-For", "203.0.113.9")
			if tt.want == "" {
				// Refused, not silently replaced by the default.
				p := wantProblem(t, e.serve(r), nethttp.StatusBadRequest)
				if !strings.Contains(p.Detail, "Meridian-Purpose") {
					t.Errorf("problem %q does not name the header", p.Detail)
				}
				return
			}
			wantStatus(t, e.serve(r), nethttp.StatusOK, nil)
			s := e.persons.Subject
			if s.Purpose != tt.want {
				t.Errorf("purpose = %q, want %q", s.Purpose, tt.want)
			}
			if s.Addr != "192.0.2.1" {
				t.Errorf("addr = %q, want the peer 192.0.2.1", s.Addr)
			}
		})
	}
}

func TestBody(t *testing.T) {
	for _, tt := range []struct {
		name     string
		body     string
		ct       string
		status   int
		location string // an error location the problem must name
		detail   string // a substring of the detail
	}{
		{"ErrMalformedJSON", `{"role":"victim",`, "", 400, "body", "offset 17: unexpected end"},
		{"ErrMalformedJSONMiddle", `{"role" "victim"}`, "", 400, "body", "offset 8"},
		{"ErrTrailingData", `{"role":"victim"} {}`, "", 400, "body", "offset 18"},
		{"ErrUnknownField", `{"role":"victim","names":[{"full":"A"}],"owner_agency":"x"}`, "", 422, "body.owner_agency", ""},
		{"ErrUnknownNestedField", `{"role":"victim","names":[{"full":"A","nick":"x"}]}`, "", 422, "body.names[0].nick", ""},
		{"ErrWrongType", `{"role":"victim","names":[{"full":"A"}],"notes":5}`, "", 422, "body.notes", ""},
		{"ErrWrongNestedType", `{"role":"victim","names":[{"full":7}]}`, "", 422, "body.names[0].full", ""},
		{"ErrMissingRequired", `{"names":[{"full":"A"}]}`, "", 422, "body.role", ""},
		{"ErrInvalidUTF8", "{\"role\":\"victim\",\"names\":[{\"full\":\"A\xff\"}]}", "", 400, "body", "offset 36"},
		{"ErrOverlongUTF8", "{\"notes\":\"\xc0\xaf\"}", "", 400, "body", "offset 10"},
		{"ErrContentType", `{"role":"victim","names":[{"full":"A"}]}`, "text/plain", 415, "", "application/json"},
		{"ErrFormContentType", `role=victim`, "application/x-www-form-urlencoded", 415, "", ""},
		{"ErrCharset", `{"role":"victim","names":[{"full":"A"}]}`, "application/json; charset=latin1", 415, "", ""},
		{"ErrEmpty", ``, "application/json", 400, "", "body is required"},
		{"ErrTooLarge", `{"notes":"` + strings.Repeat("x", 2000) + `"}`, "", 413, "", "limit of 1024 bytes"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(s *mhttp.Server) { s.MaxBody = 1024 })
			r := e.req("POST", "/api/v1/persons", tt.body)
			if tt.ct != "" {
				r.Header.Set("Content-Type", tt.ct)
			}
			p := wantProblem(t, e.serve(r), tt.status)
			if tt.location != "" && !hasLocation(p, tt.location) {
				t.Errorf("locations %v, want %s; problem %+v", p.locations(), tt.location, p)
			}
			if !strings.Contains(p.Detail, tt.detail) {
				t.Errorf("detail %q, want it to contain %q", p.Detail, tt.detail)
			}
			if e.persons.Subject != nil {
				t.Error("the service was called")
			}
		})
	}
	t.Run("ErrTooLargeChunked", func(t *testing.T) {
		e := newEnv(t, func(s *mhttp.Server) { s.MaxBody = 1024 })
		r := e.req("POST", "/api/v1/persons", "")
		r.Header.Set("Content-Type", "application/json")
		r.Body = io.NopCloser(strings.NewReader(`{"notes":"` + strings.Repeat("x", 2000) + `"}`))
		r.ContentLength = -1
		wantProblem(t, e.serve(r), nethttp.StatusRequestEntityTooLarge)
	})
	t.Run("OKAtLimit", func(t *testing.T) {
		e := newEnv(t, func(s *mhttp.Server) { s.MaxBody = int64(len(personJSON)) })
		wantStatus(t, e.do("POST", "/api/v1/persons", personJSON), nethttp.StatusCreated, nil)
	})
	t.Run("OKCharset", func(t *testing.T) {
		e := newEnv(t)
		r := e.req("POST", "/api/v1/persons", personJSON)
		r.Header.Set("Content-Type", "application/json; charset=UTF-8")
		wantStatus(t, e.serve(r), nethttp.StatusCreated, nil)
	})
	t.Run("ErrNoPasswordEcho", func(t *testing.T) {
		e := newEnv(t)
		w := e.do("POST", "/api/v1/login", `{"password":"hunter2-secret"}`)
		wantProblem(t, w, nethttp.StatusUnprocessableEntity)
		if strings.Contains(w.Body.String(), "hunter2") {
			t.Errorf("the problem echoes the password: %s", w.Body)
		}
	})
}

func TestErrors(t *testing.T) {
	twoFields := &meridian.ValidationError{Op: "person", Errors: []*meridian.Error{
		meridian.Invalidf("person", "names[0].full", "is required"),
		meridian.Invalidf("person", "release.countries[1]", "unknown country"),
	}}
	for _, tt := range []struct {
		name      string
		err       error
		status    int
		detail    string
		locations []string
	}{
		{"ErrValidation", twoFields, 422, "validation failed", []string{"body.names[0].full", "body.release.countries[1]"}},
		{"ErrField", meridian.Invalidf("person", "birth_date", "bad date"), 422, "validation failed", []string{"body.birth_date"}},
		{"ErrInvalid", meridian.Errorf(meridian.EInvalid, "person", "malformed cursor"), 400, "malformed cursor", nil},
		{"ErrNotFound", meridian.NotFound("person", "person"), 404, "person not found", nil},
		{"ErrForbidden", meridian.Errorf(meridian.EForbidden, "person", "not yours"), 403, "not yours", nil},
		{"ErrConflict", meridian.Errorf(meridian.EConflict, "person", "stale version"), 409, "stale version", nil},
		{"ErrUnavailable", meridian.Errorf(meridian.EUnavailable, "person", "store down"), 503, "store down", nil},
		{"ErrInternal", meridian.Internal("sqldb.CreatePerson", errors.New("no such column: nmae")), 500, "internal error", nil},
		{"ErrForeign", io.ErrClosedPipe, 500, "internal error", nil},
		{"ErrCancelled", meridian.Internal("sqldb.LoadRecords", context.Canceled), 503, "request cancelled", nil},
		{"ErrDeadline", fmt.Errorf("scan: %w", context.DeadlineExceeded), 503, "request cancelled", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.persons.Err = tt.err
			w := e.do("POST", "/api/v1/persons", personJSON)
			p := wantProblem(t, w, tt.status)
			if p.Detail != tt.detail {
				t.Errorf("detail = %q, want %q", p.Detail, tt.detail)
			}
			if got := p.locations(); strings.Join(got, ",") != strings.Join(tt.locations, ",") {
				t.Errorf("locations = %v, want %v", got, tt.locations)
			}
			if tt.status == 500 {
				cause := errorsCause(tt.err)
				if strings.Contains(w.Body.String(), cause) {
					t.Errorf("the body shows the cause %q: %s", cause, w.Body)
				}
				if !strings.Contains(e.logs.String(), cause) {
					t.Errorf("the log lacks the cause %q: %s", cause, e.logs)
				}
			}
		})
	}
	t.Run("ErrValidationFromQuery", func(t *testing.T) {
		e := newEnv(t)
		e.persons.Err = meridian.Invalidf("person", "operation_id", "malformed id")
		p := wantProblem(t, e.do("GET", "/api/v1/persons?operation_id=x", ""), 422)
		if !hasLocation(p, "query.operation_id") {
			t.Errorf("locations = %v", p.locations())
		}
	})
	t.Run("ErrDomainValidation", func(t *testing.T) {
		e := newEnv(t)
		p := wantProblem(t, e.do("POST", "/api/v1/persons", `{"role":"victim","names":[{"full":"A"}],"sex":"Q","nationalities":["XX"]}`), 422)
		if !hasLocation(p, "body.sex") || !hasLocation(p, "body.nationalities[0]") {
			t.Errorf("locations = %v", p.locations())
		}
	})
	t.Run("ErrNotFoundRoute", func(t *testing.T) {
		e := newEnv(t)
		wantProblem(t, e.do("GET", "/api/v1/nothing", ""), 404)
	})
	t.Run("ErrMethod", func(t *testing.T) {
		e := newEnv(t)
		w := e.do("PATCH", "/api/v1/persons/"+userID, "")
		wantProblem(t, w, 405)
		if a := w.Header().Get("Allow"); !strings.Contains(a, "PUT") || !strings.Contains(a, "DELETE") {
			t.Errorf("Allow = %q", a)
		}
	})
}

func errorsCause(err error) string {
	if e, ok := err.(*meridian.Error); ok && e.Err != nil {
		return e.Err.Error()
	}
	return err.Error()
}

func TestPersons(t *testing.T) {
	e := newEnv(t)
	var p meridian.Person
	w := e.do("POST", "/api/v1/persons", personJSON)
	wantStatus(t, w, nethttp.StatusCreated, &p)
	if !meridian.IsID(p.ID) || p.OwnerAgency != agencyID || p.Version != 1 || p.Names[0].Kind != meridian.NamePrimary {
		t.Fatalf("created %+v", p)
	}
	if p.Identifiers[0].Norm != "+38970123456" || p.TLP != meridian.TLPAmber || p.Handling != meridian.H1 || p.Release.Scope != meridian.ScopeOwner {
		t.Errorf("created %+v", p)
	}
	if loc := w.Header().Get("Location"); loc != "/api/v1/persons/"+p.ID {
		t.Errorf("Location = %q", loc)
	}

	t.Run("Get", func(t *testing.T) {
		var got meridian.Person
		wantStatus(t, e.do("GET", "/api/v1/persons/"+p.ID, ""), nethttp.StatusOK, &got)
		if got.ID != p.ID || got.PrimaryName() != "Ana Petrović" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		wantProblem(t, e.do("GET", "/api/v1/persons/"+meridian.NewID(), ""), nethttp.StatusNotFound)
	})
	t.Run("Update", func(t *testing.T) {
		body := strings.Replace(personJSON, `"role":"victim"`, `"role":"victim","version":1`, 1)
		body = strings.Replace(body, "Ana Petrović", "Ana Petrovic", 1)
		var got meridian.Person
		wantStatus(t, e.do("PUT", "/api/v1/persons/"+p.ID, body), nethttp.StatusOK, &got)
		if got.Version != 2 || got.PrimaryName() != "Ana Petrovic" || got.OwnerAgency != agencyID {
			t.Errorf("updated %+v", got)
		}
	})
	t.Run("ErrConflict", func(t *testing.T) {
		body := strings.Replace(personJSON, `"role":"victim"`, `"role":"victim","version":1`, 1)
		wantProblem(t, e.do("PUT", "/api/v1/persons/"+p.ID, body), nethttp.StatusConflict)
	})
	t.Run("ErrUpdateWithoutVersion", func(t *testing.T) {
		p := wantProblem(t, e.do("PUT", "/api/v1/persons/"+p.ID, personJSON), nethttp.StatusUnprocessableEntity)
		if !hasLocation(p, "body.version") && !strings.Contains(flat(p), "version") {
			t.Errorf("problem %+v does not name version", p)
		}
	})
	t.Run("ErrClientSetsID", func(t *testing.T) {
		body := strings.Replace(personJSON, `"role":"victim"`, `"role":"victim","id":"`+meridian.NewID()+`"`, 1)
		p := wantProblem(t, e.do("POST", "/api/v1/persons", body), nethttp.StatusUnprocessableEntity)
		if !hasLocation(p, "body.id") {
			t.Errorf("locations = %v", p.locations())
		}
	})
	t.Run("Delete", func(t *testing.T) {
		wantStatus(t, e.do("DELETE", "/api/v1/persons/"+p.ID, ""), nethttp.StatusNoContent, nil)
		wantProblem(t, e.do("DELETE", "/api/v1/persons/"+p.ID, ""), nethttp.StatusNotFound)
	})
}

func TestRecords(t *testing.T) {
	opID := meridian.NewID()
	for _, tt := range []struct {
		name, path, create, update string
	}{
		{"Documents", "/api/v1/documents",
			`{"type":"passport","number":"AB123456","issuing_state":"UA","status":"stolen","tlp":"GREEN"}`,
			`{"type":"passport","number":"AB123456","issuing_state":"UA","status":"lost","version":1}`},
		{"Events", "/api/v1/events",
			`{"type":"raid","occurred_at":"2024-10-01T22:00:00Z","place":{"country":"MK","name":"Skopje"},"premises":"nightclub","operation_id":"` + opID + `"}`,
			`{"type":"raid","occurred_at":"2024-10-01T22:00:00Z","place":{"country":"MK"},"premises":"house","version":1}`},
		{"Cases", "/api/v1/cases",
			`{"title":"Balkan route","countries":["AL","MK","RS"],"release":{"scope":"listed","countries":["AL"]}}`,
			`{"title":"Balkan route","status":"suspended","version":1}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			var rec struct {
				ID      string `json:"id"`
				Version int    `json:"version"`
				Owner   string `json:"owner_agency"`
			}
			wantStatus(t, e.do("POST", tt.path, tt.create), nethttp.StatusCreated, &rec)
			if !meridian.IsID(rec.ID) || rec.Owner != agencyID {
				t.Fatalf("created %+v", rec)
			}
			wantStatus(t, e.do("GET", tt.path+"/"+rec.ID, ""), nethttp.StatusOK, nil)
			wantStatus(t, e.do("PUT", tt.path+"/"+rec.ID, tt.update), nethttp.StatusOK, &rec)
			if rec.Version != 2 {
				t.Errorf("version after update = %d", rec.Version)
			}
			var list mhttp.List[json.RawMessage]
			wantStatus(t, e.do("GET", tt.path, ""), nethttp.StatusOK, &list)
			if len(list.Items) != 1 {
				t.Errorf("list has %d items", len(list.Items))
			}
			wantStatus(t, e.do("DELETE", tt.path+"/"+rec.ID, ""), nethttp.StatusNoContent, nil)
			wantProblem(t, e.do("GET", tt.path+"/"+rec.ID, ""), nethttp.StatusNotFound)
		})
	}
}

func TestOperationsAgenciesUsers(t *testing.T) {
	e := newEnv(t)
	t.Run("Operation", func(t *testing.T) {
		var o meridian.Operation
		wantStatus(t, e.do("POST", "/api/v1/operations", `{"name":"Liberterra II","start":"2024-09-29","end":"2024-10-04","status":"active","countries":["MK","AL"]}`),
			nethttp.StatusCreated, &o)
		if o.CreatedBy != userID || o.Version != 1 {
			t.Errorf("created %+v", o)
		}
		wantStatus(t, e.do("PUT", "/api/v1/operations/"+o.ID, `{"name":"Liberterra II","start":"2024-09-29","end":"2024-10-04","status":"closed","version":1}`),
			nethttp.StatusOK, &o)
		if o.Status != meridian.OperationClosed || o.Version != 2 {
			t.Errorf("updated %+v", o)
		}
		p := wantProblem(t, e.do("POST", "/api/v1/operations", `{"name":"X","start":"2024-10-04","end":"2024-09-29","status":"active"}`), 422)
		if !hasLocation(p, "body.end") {
			t.Errorf("locations = %v", p.locations())
		}
	})
	t.Run("Agency", func(t *testing.T) {
		var a meridian.Agency
		wantStatus(t, e.do("POST", "/api/v1/agencies", `{"country":"AL","kind":"ncb","name":"NCB Tirana"}`), nethttp.StatusCreated, &a)
		wantStatus(t, e.do("GET", "/api/v1/agencies/"+a.ID, ""), nethttp.StatusOK, nil)
		wantStatus(t, e.do("GET", "/api/v1/agencies?country=AL&kind=ncb", ""), nethttp.StatusOK, nil)
		if f := e.agencies.Filter.(meridian.AgencyFilter); f.Country != "AL" || f.Kind != meridian.AgencyNCB {
			t.Errorf("filter = %+v", f)
		}
	})
	t.Run("User", func(t *testing.T) {
		var u meridian.User
		wantStatus(t, e.do("POST", "/api/v1/users", `{"agency_id":"`+agencyID+`","username":"bob","name":"Bob","roles":["ncb"],"password":"long enough password"}`),
			nethttp.StatusCreated, &u)
		if strings.Contains(e.do("GET", "/api/v1/users/"+u.ID, "").Body.String(), "long enough") {
			t.Error("the password is shown")
		}
		var tok mhttp.TokenResult
		wantStatus(t, e.do("POST", "/api/v1/users/"+u.ID+"/tokens", `{"name":"laptop"}`), nethttp.StatusCreated, &tok)
		if tok.Token != "token-for-laptop" {
			t.Errorf("token = %+v", tok)
		}
		wantProblem(t, e.do("POST", "/api/v1/users/"+meridian.NewID()+"/tokens", `{"name":"laptop"}`), nethttp.StatusNotFound)
	})
	t.Run("Countries", func(t *testing.T) {
		var list mhttp.List[meridian.Country]
		wantStatus(t, e.do("GET", "/api/v1/countries", ""), nethttp.StatusOK, &list)
		if len(list.Items) < 240 || list.NextCursor != "" {
			t.Errorf("%d countries, next %q", len(list.Items), list.NextCursor)
		}
	})
}

func TestPagination(t *testing.T) {
	for _, tt := range []struct {
		name, query string
		next        string
		want        meridian.PersonFilter
	}{
		{"OK", "?cursor=abc&limit=2&role=victim&operation_id=op1&owner_agency=ag1", "def",
			meridian.PersonFilter{OperationID: "op1", Role: meridian.RoleVictim, OwnerAgency: "ag1", Page: meridian.Page{Cursor: "abc", Limit: 2}}},
		{"OKLastPage", "", "", meridian.PersonFilter{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.persons.Next = tt.next
			w := e.do("GET", "/api/v1/persons"+tt.query, "")
			var raw map[string]json.RawMessage
			wantStatus(t, w, nethttp.StatusOK, &raw)
			if f := e.persons.Filter.(meridian.PersonFilter); f != tt.want {
				t.Errorf("filter = %+v, want %+v", f, tt.want)
			}
			if string(raw["items"]) != "[]" {
				t.Errorf("items = %s, want []", raw["items"])
			}
			next, ok := raw["next_cursor"]
			if tt.next == "" && ok {
				t.Errorf("next_cursor = %s on the last page", next)
			}
			if tt.next != "" && string(next) != `"`+tt.next+`"` {
				t.Errorf("next_cursor = %s, want %q", next, tt.next)
			}
		})
	}
	t.Run("ErrLimit", func(t *testing.T) {
		e := newEnv(t)
		p := wantProblem(t, e.do("GET", "/api/v1/persons?limit=5000", ""), 422)
		if !hasLocation(p, "query.limit") {
			t.Errorf("locations = %v", p.locations())
		}
	})
	t.Run("Audit", func(t *testing.T) {
		e := newEnv(t)
		e.audit.Entries = []*meridian.AuditEntry{{Seq: 1, Username: "alice", Action: meridian.AuditRead}}
		e.audit.Next = "2"
		var list mhttp.List[meridian.AuditEntry]
		wantStatus(t, e.do("GET", "/api/v1/audit?record_id=r&user_id=u&agency_id=a&cursor=1&limit=1", ""), nethttp.StatusOK, &list)
		want := meridian.AuditFilter{RecordID: "r", UserID: "u", AgencyID: "a", Page: meridian.Page{Cursor: "1", Limit: 1}}
		if f := e.audit.Filter.(meridian.AuditFilter); f != want {
			t.Errorf("filter = %+v", f)
		}
		if len(list.Items) != 1 || list.NextCursor != "2" {
			t.Errorf("list = %+v", list)
		}
	})
}

func TestOpenAPI(t *testing.T) {
	e := newEnv(t)
	w := e.serve(httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	var doc struct {
		OpenAPI    string                    `json:"openapi"`
		Paths      map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				AdditionalProperties *bool `json:"additionalProperties"`
			}
		} `json:"components"`
	}
	wantStatus(t, w, nethttp.StatusOK, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Errorf("openapi = %q, want 3.1.x", doc.OpenAPI)
	}
	for path, methods := range map[string][]string{
		"/api/v1/persons":      {"get", "post"},
		"/api/v1/persons/{id}": {"get", "put", "delete"},
		"/api/v1/login":        {"post"},
		"/api/v1/audit":        {"get"},
	} {
		for _, m := range methods {
			if _, ok := doc.Paths[path][m]; !ok {
				t.Errorf("no %s %s", m, path)
			}
		}
	}
	for _, name := range []string{"PersonInput", "PersonUpdate", "LoginInput", "EventInput", "Name", "Release"} {
		s, ok := doc.Components.Schemas[name]
		if !ok {
			t.Errorf("no schema %s", name)
			continue
		}
		if s.AdditionalProperties == nil || *s.AdditionalProperties {
			t.Errorf("schema %s allows additional properties", name)
		}
	}
	// The MRZ reader's answer has its schema, beside the root package's
	// own Name, not in its place.
	for _, name := range []string{"MRZ", "MRZDate", "MRZName", "MRZCountry", "Name"} {
		if _, ok := doc.Components.Schemas[name]; !ok {
			t.Errorf("no schema %s", name)
		}
	}
	if b, _ := json.Marshal(doc.Paths["/api/v1/mrz"]["post"]); !strings.Contains(string(b), "#/components/schemas/MRZ\"") {
		t.Errorf("POST /mrz answers no MRZ schema: %s", b)
	}
	if w := e.serve(httptest.NewRequest("GET", "/api/v1/openapi.yaml", nil)); w.Code != 200 || !strings.Contains(w.Body.String(), "openapi: 3.1") {
		t.Errorf("openapi.yaml: %d", w.Code)
	}
}

func TestHealth(t *testing.T) {
	t.Run("Healthz", func(t *testing.T) {
		e := newEnv(t, func(s *mhttp.Server) { s.Ready = func(context.Context) error { return io.ErrUnexpectedEOF } })
		w := e.serve(httptest.NewRequest("GET", "/healthz", nil))
		if w.Code != 200 || strings.TrimSpace(w.Body.String()) != "ok" {
			t.Errorf("healthz = %d %q", w.Code, w.Body)
		}
	})
	t.Run("ReadyzOK", func(t *testing.T) {
		e := newEnv(t)
		if w := e.serve(httptest.NewRequest("GET", "/readyz", nil)); w.Code != 200 {
			t.Errorf("readyz = %d", w.Code)
		}
	})
	t.Run("ErrReadyz", func(t *testing.T) {
		e := newEnv(t, func(s *mhttp.Server) {
			s.Ready = func(context.Context) error { return io.ErrUnexpectedEOF }
		})
		w := e.serve(httptest.NewRequest("GET", "/readyz", nil))
		wantProblem(t, w, nethttp.StatusServiceUnavailable)
		if strings.Contains(w.Body.String(), io.ErrUnexpectedEOF.Error()) {
			t.Error("readyz shows the cause")
		}
	})
	t.Run("ErrPanic", func(t *testing.T) {
		e := newEnv(t, func(s *mhttp.Server) {
			s.Ready = func(context.Context) error { panic("boom in readiness") }
		})
		w := e.serve(httptest.NewRequest("GET", "/readyz", nil))
		p := wantProblem(t, w, nethttp.StatusInternalServerError)
		if p.Detail != "internal error" || strings.Contains(w.Body.String(), "boom") {
			t.Errorf("problem = %s", w.Body)
		}
		if !strings.Contains(e.logs.String(), "boom in readiness") {
			t.Errorf("the panic is not logged: %s", e.logs)
		}
	})
	t.Run("Metrics", func(t *testing.T) {
		reg := prometheus.NewRegistry()
		e := newEnv(t, func(s *mhttp.Server) { s.Metrics = reg })
		e.do("GET", "/api/v1/persons/"+meridian.NewID(), "")
		w := e.serve(httptest.NewRequest("GET", "/metrics", nil))
		body := w.Body.String()
		for _, want := range []string{
			`http_requests_total{code="404",method="GET",route="GET /api/v1/persons/{id}"} 1`,
			`http_request_duration_seconds_count{route="GET /api/v1/persons/{id}"} 1`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("metrics lack %s:\n%s", want, body)
			}
		}
	})
}

func TestRequestLog(t *testing.T) {
	e := newEnv(t)
	e.do("GET", "/api/v1/persons", "")
	log := e.logs.String()
	for _, want := range []string{"level=INFO", `route="GET /api/v1/persons"`, "status=200", "user=" + userID, "bytes="} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %s: %s", want, log)
		}
	}
	e.persons.Err = io.ErrClosedPipe
	e.logs.Reset()
	e.do("GET", "/api/v1/persons", "")
	if !strings.Contains(e.logs.String(), "level=ERROR") {
		t.Errorf("a 500 is not logged at error: %s", e.logs)
	}
}

func TestCrossOrigin(t *testing.T) {
	login := func(e *env) *nethttp.Cookie {
		w := e.do("POST", "/api/v1/login", `{"username":"alice","password":"correct horse battery"}`)
		return w.Result().Cookies()[0]
	}
	for _, tt := range []struct {
		name   string
		site   string
		origin string
		status int
	}{
		{"OKSameOrigin", "same-origin", "", nethttp.StatusCreated},
		{"OKNoBrowser", "", "", nethttp.StatusCreated},
		{"ErrCrossSite", "cross-site", "", nethttp.StatusForbidden},
		{"ErrSameSite", "same-site", "", nethttp.StatusForbidden},
		{"ErrOldBrowser", "", "https://evil.example", nethttp.StatusForbidden},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			c := login(e)
			r := httptest.NewRequest("POST", "/api/v1/persons", strings.NewReader(personJSON))
			r.Header.Set("Content-Type", "application/json")
			r.AddCookie(c)
			if tt.site != "" {
				r.Header.Set("Sec-Fetch-Site", tt.site)
			}
			if tt.origin != "" {
				r.Header.Set("Origin", tt.origin)
			}
			w := e.serve(r)
			if tt.status == nethttp.StatusForbidden {
				wantProblem(t, w, tt.status)
				if len(e.persons.t.all()) != 0 {
					t.Error("the person was created")
				}
				return
			}
			wantStatus(t, w, tt.status, nil)
		})
	}
	t.Run("ErrCrossSiteLogin", func(t *testing.T) {
		e := newEnv(t)
		r := e.req("POST", "/api/v1/login", `{"username":"alice","password":"correct horse battery"}`)
		r.Header.Set("Sec-Fetch-Site", "cross-site")
		wantProblem(t, e.serve(r), nethttp.StatusForbidden)
	})
}

var webFS = fstest.MapFS{
	"index.html":         {Data: []byte("<!doctype html><title>Meridian</title>")},
	"favicon.ico":        {Data: []byte("icon")},
	"assets/app-1234.js": {Data: []byte("console.log(1)")},
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, func(s *mhttp.Server) { s.Web = webFS })
	for _, path := range []string{"/api/v1/persons", "/api/v1/nothing", "/", "/assets/app-1234.js", "/healthz"} {
		t.Run(path, func(t *testing.T) {
			r := e.req("GET", path, "")
			h := e.serve(r).Header()
			if h.Get("Content-Security-Policy") != mhttp.ContentSecurityPolicy ||
				!strings.Contains(mhttp.ContentSecurityPolicy, "frame-ancestors 'none'") {
				t.Errorf("CSP = %q", h.Get("Content-Security-Policy"))
			}
			for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"} {
				if h.Get(k) != v {
					t.Errorf("%s = %q, want %q", k, h.Get(k), v)
				}
			}
			if strings.HasPrefix(path, "/api/") && h.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", h.Get("Cache-Control"))
			}
		})
	}
}

func TestUI(t *testing.T) {
	for _, tt := range []struct {
		name, method, path string
		status             int
		body, cache        string
	}{
		{"OKRoot", "GET", "/", 200, "<!doctype html>", "no-cache"},
		{"OKFallback", "GET", "/some/route", 200, "<!doctype html>", "no-cache"},
		{"OKIndex", "GET", "/index.html", 200, "<!doctype html>", "no-cache"},
		{"OKRootFile", "GET", "/favicon.ico", 200, "icon", "no-cache"},
		{"OKAsset", "GET", "/assets/app-1234.js", 200, "console.log(1)", "public, max-age=31536000, immutable"},
		{"OKHead", "HEAD", "/some/route", 200, "", "no-cache"},
		{"ErrMissingAsset", "GET", "/assets/missing.js", 404, "", ""},
		{"ErrAssetDirectory", "GET", "/assets/", 404, "", ""},
		{"ErrAPI", "GET", "/api/v2/persons", 404, "", ""},
		{"ErrMethod", "POST", "/some/route", 405, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(s *mhttp.Server) { s.Web = webFS })
			w := e.serve(httptest.NewRequest(tt.method, tt.path, nil))
			if tt.status != 200 {
				wantProblem(t, w, tt.status)
				return
			}
			if w.Code != 200 || !strings.HasPrefix(w.Body.String(), tt.body) {
				t.Errorf("%s %s = %d %q", tt.method, tt.path, w.Code, w.Body)
			}
			if cc := w.Header().Get("Cache-Control"); cc != tt.cache {
				t.Errorf("Cache-Control = %q, want %q", cc, tt.cache)
			}
		})
	}
	t.Run("ErrNoWeb", func(t *testing.T) {
		e := newEnv(t)
		wantProblem(t, e.serve(httptest.NewRequest("GET", "/", nil)), 404)
	})
}
