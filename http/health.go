package http

import (
	"io"
	"log/slog"
	nethttp "net/http"

	"meridian"
)

// healthz says the process serves requests; it checks nothing else, so that
// an orchestrator does not restart a server whose database is merely slow.
func (s *Server) healthz(w nethttp.ResponseWriter, _ *nethttp.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, "ok\n")
}

// readyz says whether the server can do its work now. When it cannot, the
// body says what is missing (the screening indexes still loading, the
// store or the bus unreachable) from the user-safe message of an
// EUnavailable error; the cause is logged, never shown.
func (s *Server) readyz(w nethttp.ResponseWriter, r *nethttp.Request) {
	if s.Ready != nil {
		if err := s.Ready(r.Context()); err != nil {
			s.Logger.Warn("not ready", slog.String("error", err.Error()))
			msg := "not ready"
			if meridian.KindOf(err) == meridian.EUnavailable {
				msg += ": " + meridian.MessageOf(err)
			}
			s.writeProblem(w, r, &meridian.Error{Kind: meridian.EUnavailable, Op: "http.readyz", Message: msg, Err: err})
			return
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, "ok\n")
}
