package http

import (
	"context"
	"fmt"
	"log/slog"
	nethttp "net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// httpMetrics are labelled by route pattern, never by raw path, so that
// record ids cannot blow up the series count.
type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newHTTPMetrics(reg *prometheus.Registry) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total",
			Help: "HTTP requests by method, route pattern and status code.",
		}, []string{"method", "route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_request_duration_seconds",
			Help:    "HTTP request duration by route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

func (s *Server) metricsHandler() nethttp.Handler {
	return promhttp.HandlerFor(s.Metrics, promhttp.HandlerOpts{Registry: s.Metrics})
}

// requestInfo lets what the inner layers learn (the user) reach the
// request's log line, written by the outermost layer.
type requestInfo struct {
	userID string
	w      nethttp.ResponseWriter // for bodyRead
}

type requestInfoKey struct{}

func infoFrom(ctx context.Context) *requestInfo {
	ri, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return ri
}

// userID returns the authenticated user of the request, or "".
func userID(ctx context.Context) string {
	if ri := infoFrom(ctx); ri != nil {
		return ri.userID
	}
	return ""
}

// bodyRead lifts the read deadline huma sets on the connection while it
// reads a request's body (BodyReadTimeout, 5 s). huma leaves it in place
// for the handler: a request still working when it passes (a sign-in
// waiting for the store's writer under load) has its context cancelled by
// net/http's background read and fails with 503 "request cancelled". The
// deadline bounds a slow client sending the body, and nothing else.
func bodyRead(ctx context.Context) {
	if ri := infoFrom(ctx); ri != nil && ri.w != nil {
		huma.SetReadDeadline(ri.w, time.Time{})
	}
}

// observe logs one line per request, counts it, and turns a panic into a
// 500 so that one bad request cannot take the server down.
func (s *Server) observe(next nethttp.Handler) nethttp.Handler {
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		start := time.Now()
		ri := &requestInfo{}
		r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, ri))
		rw := &responseWriter{ResponseWriter: w}
		ri.w = rw
		defer func() {
			if p := recover(); p != nil {
				if p == nethttp.ErrAbortHandler {
					panic(p)
				}
				err := fmt.Errorf("panic: %v\n%s", p, debug.Stack())
				if rw.status == 0 {
					s.writeProblem(rw, r, err)
				} else {
					s.Logger.Error("internal error", slog.String("error", err.Error()))
				}
			}
			status := rw.status
			if status == 0 {
				status = nethttp.StatusOK
			}
			route := r.Pattern
			if route == "" {
				route = "unmatched" // refused before routing
			}
			elapsed := time.Since(start)
			s.metrics.requests.WithLabelValues(methodLabel(r.Method), route, strconv.Itoa(status)).Inc()
			s.metrics.duration.WithLabelValues(route).Observe(elapsed.Seconds())
			level := slog.LevelInfo
			if status >= 500 {
				level = slog.LevelError
			}
			s.Logger.LogAttrs(r.Context(), level, "request",
				slog.String("method", r.Method),
				slog.String("route", route),
				slog.Int("status", status),
				slog.Duration("duration", elapsed),
				slog.Int64("bytes", rw.bytes),
				slog.String("user", ri.userID),
			)
		}()
		next.ServeHTTP(rw, r)
	})
}

// methodLabel keeps client-chosen methods from becoming metric series.
func methodLabel(m string) string {
	switch m {
	case nethttp.MethodGet, nethttp.MethodHead, nethttp.MethodPost, nethttp.MethodPut,
		nethttp.MethodPatch, nethttp.MethodDelete, nethttp.MethodOptions:
		return m
	}
	return "OTHER"
}

var _ nethttp.Flusher = (*responseWriter)(nil)

// responseWriter records the status and size of a response.
type responseWriter struct {
	nethttp.ResponseWriter
	status int
	bytes  int64
}

func (w *responseWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *responseWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = nethttp.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (flushing,
// deadlines).
func (w *responseWriter) Unwrap() nethttp.ResponseWriter { return w.ResponseWriter }

// Flush is here because some code asserts http.Flusher directly.
func (w *responseWriter) Flush() {
	if w.status == 0 {
		w.status = nethttp.StatusOK
	}
	_ = nethttp.NewResponseController(w.ResponseWriter).Flush() // unsupported: nothing to flush
}
