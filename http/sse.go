package http

import (
	"fmt"
	nethttp "net/http"
	"time"

	"meridian/live"
)

// streamPing is how often an idle stream sends a comment, so that proxies
// keep it open and a vanished client is noticed.
const streamPing = 15 * time.Second

// writeEvents writes messages as Server-Sent Events until the client
// leaves, the channel closes or valid says the credential no longer holds.
func writeEvents(r *nethttp.Request, w nethttp.ResponseWriter, msgs <-chan live.Message, valid func() bool) {
	rc := nethttp.NewResponseController(w)
	// The server's read timeout would otherwise end a stream that is meant
	// to stay open.
	_ = rc.SetReadDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(nethttp.StatusOK)
	fmt.Fprint(w, "retry: 2000\n\n")
	_ = rc.Flush()
	ping := time.NewTicker(streamPing)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-ping.C:
			if !valid() {
				return
			}
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
		case m, ok := <-msgs:
			if !ok {
				return // the hub stopped or dropped a slow follower: the browser reconnects
			}
			if !valid() {
				return
			}
			if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", m.Event, m.Data); err != nil {
				return
			}
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}
