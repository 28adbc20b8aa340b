package http

import (
	"fmt"
	"net"
	nethttp "net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"meridian"
)

// ContentSecurityPolicy allows only our own scripts, styles and requests:
// an injected script has nowhere to load from and nowhere to send data.
const ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
	"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// securityHeaders sets the browser protections on every response, and keeps
// API responses, which hold personal data, out of every cache.
func securityHeaders(next nethttp.Handler) nethttp.Handler {
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// authenticate puts the caller's subject into the context of every
// operation that declares a security requirement, and refuses the request
// without one. Operations without one (login) and the OpenAPI document,
// which huma serves outside its operations, stay public.
func (s *Server) authenticate(ctx huma.Context, next func(huma.Context)) {
	if len(ctx.Operation().Security) == 0 {
		next(ctx)
		return
	}
	r, w := humago.Unwrap(ctx)
	sub, err := s.subject(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if ri := infoFrom(r.Context()); ri != nil {
		ri.userID = sub.UserID
	}
	if sub.MustChangePassword && !passwordChangeOps[ctx.Operation().OperationID] {
		s.writeProblem(w, r, meridian.Errorf(meridian.EForbidden, "http.authenticate",
			"your password was set by someone else: change it first (PUT "+APIPrefix+"/me/password)"))
		return
	}
	if wait, err := s.userLimiter.Allow(sub.UserID, time.Now()); err != nil {
		secs := int(wait/time.Second) + 1
		s.writeProblem(w, r, &meridian.Error{Kind: meridian.ERateLimited, Op: "http.authenticate",
			RetryAfter: time.Duration(secs) * time.Second,
			Message:    fmt.Sprintf("too many requests; try again in %d s", secs)})
		return
	}
	next(huma.WithContext(ctx, meridian.WithSubject(ctx.Context(), sub)))
}

// passwordChangeOps are what a user whose password someone else chose may
// do before changing it.
var passwordChangeOps = map[string]bool{"get-me": true, "change-password": true, "logout": true}

// subject authenticates r: a bearer token if the request names one, else
// the session cookie. A bearer token that fails does not fall back to the
// cookie, so a script never acts by accident as the browser's user.
func (s *Server) subject(r *nethttp.Request) (*meridian.Subject, error) {
	const op = "http.authenticate"
	ctx := r.Context()
	var (
		sub *meridian.Subject
		err error
	)
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, _ := strings.Cut(h, " ")
		token = strings.TrimSpace(token)
		// ApiKey is the scheme yente's screening clients send.
		if (!strings.EqualFold(scheme, "Bearer") && !strings.EqualFold(scheme, "ApiKey")) || token == "" {
			return nil, meridian.Errorf(meridian.EUnauthenticated, op, `the Authorization header must be "Bearer <token>"`)
		}
		sub, err = s.Auth.SubjectByToken(ctx, token)
	} else if c, cerr := r.Cookie(SessionCookie); cerr == nil && c.Value != "" {
		sub, err = s.Auth.SubjectBySession(ctx, c.Value)
	} else {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "authentication required")
	}
	if err != nil {
		return nil, err
	}
	if sub == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "authentication required")
	}
	// A copy: the auth service may hand the same subject to concurrent
	// requests, and each has its own address and purpose.
	c := *sub
	c.Addr = clientAddr(r.RemoteAddr)
	if c.Purpose, err = purpose(r.Header.Get(PurposeHeader)); err != nil {
		return nil, err
	}
	c.System = false // Meridian's own work is never the subject of a request
	return &c, nil
}

// clientAddr is the host of the connection's peer. X-Forwarded-For is not
// trusted: any client can write it, and the address goes to the audit log.
func clientAddr(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	return host
}

// MaxPurpose bounds the stated purpose of an access.
const MaxPurpose = 200

// purpose returns the stated purpose of a request for the audit log, or the
// default when none was stated. A statement too long or not text is
// refused: replacing it silently would record a purpose nobody stated.
func purpose(h string) (string, error) {
	p := strings.TrimSpace(h)
	if p == "" {
		return meridian.DefaultPurpose, nil
	}
	bad := func(why string) (string, error) {
		return "", meridian.Errorf(meridian.EInvalid, "http.purpose", "the %s header %s", PurposeHeader, why)
	}
	if !utf8.ValidString(p) {
		return bad("is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(p); n > MaxPurpose {
		return bad(fmt.Sprintf("is %d characters long; at most %d are allowed", n, MaxPurpose))
	}
	for _, r := range p {
		if unicode.IsControl(r) && r != '\t' {
			return bad("contains control characters")
		}
	}
	return p, nil
}

// apiNotFound answers API paths no operation matches with a problem rather
// than the mux's plain text, and with 405 when another method would match.
func (s *Server) apiNotFound(mux *nethttp.ServeMux) nethttp.HandlerFunc {
	return func(w nethttp.ResponseWriter, r *nethttp.Request) {
		var allow []string
		for _, m := range []string{nethttp.MethodGet, nethttp.MethodPost, nethttp.MethodPut, nethttp.MethodDelete} {
			if m == r.Method {
				continue
			}
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/api/" {
				allow = append(allow, m)
			}
		}
		if len(allow) == 0 {
			s.writeProblem(w, r, meridian.NotFound("http", "API route"))
			return
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.writeProblem(w, r, httpError(nethttp.StatusMethodNotAllowed, "method "+r.Method+" not allowed; allowed: "+strings.Join(allow, ", ")))
	}
}
