package http

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	nethttp "net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/validation"

	"meridian"
)

// RetryAfter is the Retry-After, in seconds, of a 429 whose error names no
// wait of its own (meridian.Error.RetryAfter).
const RetryAfter = 1

// problem is the one place an error becomes an HTTP status and an RFC 9457
// problem: huma's ErrorModel, so that our errors and huma's own (unknown
// fields, wrong types) share one shape. loc ("body" or "query") prefixes the
// field an invalid-input error names. Anything that is not a domain error is
// logged whole and shown as "internal error".
func (s *Server) problem(ctx context.Context, err error, loc string) error {
	var se huma.StatusError
	if errors.As(err, &se) {
		return err // already an HTTP error: a protocol error of ours or huma's
	}
	m := &huma.ErrorModel{Detail: meridian.MessageOf(err)}
	var hdr nethttp.Header
	kind := meridian.KindOf(err)
	if kind == meridian.EInternal && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		// The request was cancelled (the client went away, the server is
		// stopping) wherever the store happened to be: not a fault of ours.
		kind, m.Detail = meridian.EUnavailable, "request cancelled"
	}
	switch kind {
	case meridian.EInvalid:
		var v *meridian.ValidationError
		if errors.As(err, &v) || meridian.FieldOf(err) != "" {
			m.Status = nethttp.StatusUnprocessableEntity
			m.Detail = "validation failed"
			for _, fe := range meridian.FieldErrors(err) {
				msg := fe.Message
				if msg == "" {
					msg = "invalid"
				}
				m.Errors = append(m.Errors, &huma.ErrorDetail{Location: location(loc, fe.Field), Message: msg})
			}
		} else {
			m.Status = nethttp.StatusBadRequest
		}
	case meridian.ENotFound:
		m.Status = nethttp.StatusNotFound
	case meridian.EForbidden:
		m.Status = nethttp.StatusForbidden
	case meridian.EConflict:
		m.Status = nethttp.StatusConflict
	case meridian.EUnauthenticated:
		m.Status = nethttp.StatusUnauthorized
		hdr = nethttp.Header{"Www-Authenticate": {`Bearer realm="meridian"`}}
	case meridian.ERateLimited:
		m.Status = nethttp.StatusTooManyRequests
		wait := RetryAfter
		if d := meridian.RetryAfterOf(err); d > 0 {
			wait = int((d + time.Second - 1) / time.Second)
		}
		hdr = nethttp.Header{"Retry-After": {strconv.Itoa(wait)}}
	case meridian.EUnavailable:
		m.Status = nethttp.StatusServiceUnavailable
	default:
		m.Status = nethttp.StatusInternalServerError
		m.Detail = "internal error"
		s.Logger.Log(ctx, slog.LevelError, "internal error", slog.String("error", err.Error()),
			slog.String("user", userID(ctx)))
	}
	m.Title = nethttp.StatusText(m.Status)
	if hdr != nil {
		return huma.ErrorWithHeaders(m, hdr)
	}
	return m
}

// location names a field the way huma does: "body.names[0].full".
func location(loc, field string) string {
	if field == "" {
		return loc
	}
	return loc + "." + field
}

// httpError is a protocol error with no domain kind (413, 415, 405).
func httpError(status int, detail string, errs ...*huma.ErrorDetail) *huma.ErrorModel {
	return &huma.ErrorModel{Status: status, Title: nethttp.StatusText(status), Detail: detail, Errors: errs}
}

// writeProblem writes err as a problem outside huma's operations: from
// middleware, health checks and the UI.
func (s *Server) writeProblem(w nethttp.ResponseWriter, r *nethttp.Request, err error) {
	err = s.problem(r.Context(), err, "body")
	var he huma.HeadersError
	if errors.As(err, &he) {
		for k, vs := range he.GetHeaders() {
			for _, v := range vs {
				w.Header().Add(k, v)
			}
		}
	}
	var m *huma.ErrorModel
	if !errors.As(err, &m) {
		var se huma.StatusError
		errors.As(err, &se) // problem returns nothing else
		m = httpError(se.GetStatus(), se.Error())
	}
	scrub(m)
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(m.Status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(m) // the client is gone if this fails
}

// scrubProblem is a huma transformer applying scrub to the problems huma
// writes itself.
func scrubProblem(_ huma.Context, _ string, v any) (any, error) {
	if m, ok := v.(*huma.ErrorModel); ok {
		scrub(m)
	}
	return v, nil
}

// maxEchoedValue bounds a value echoed back in a problem.
const maxEchoedValue = 200

// scrub keeps problems small and free of request data beyond the offending
// scalar: huma echoes the whole body when it cannot parse it, and the whole
// object when a property is missing, either of which may hold a password or
// a victim's details.
func scrub(m *huma.ErrorModel) {
	if m.Title == "" {
		m.Title = nethttp.StatusText(m.Status)
	}
	details := m.Errors[:0]
	for _, d := range m.Errors {
		if d == nil {
			continue
		}
		switch v := d.Value.(type) {
		case nil, bool, float64, int, int64, json.Number:
		case string:
			if len(v) > maxEchoedValue {
				cut := maxEchoedValue
				for cut > 0 && !utf8.RuneStart(v[cut]) {
					cut--
				}
				d.Value = v[:cut] + "…"
			}
		default:
			d.Value = nil
		}
		if d.Location == "body" {
			d.Value = nil
		}
		if name, ok := missingProperty(d.Message); ok {
			d.Location = location(d.Location, name)
		}
		details = append(details, d)
	}
	m.Errors = details
}

// missingProperty returns the property a huma "expected required property
// X to be present" error names: huma locates it at the parent object, and
// clients expect the field, as in our own errors.
func missingProperty(msg string) (string, bool) {
	prefix, suffix, _ := strings.Cut(validation.MsgExpectedRequiredProperty, "%s")
	name, ok := strings.CutPrefix(msg, prefix)
	if !ok {
		return "", false
	}
	name, ok = strings.CutSuffix(name, suffix)
	if !ok || name == "" || strings.ContainsAny(name, " .[") {
		return "", false
	}
	return name, true
}
