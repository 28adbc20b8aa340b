package http

import (
	"context"
	nethttp "net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"meridian"
	"meridian/live"
	"meridian/policy"
)

// HitFollower tells an agency's NCB of the hits on its records as they
// happen (live.Hits).
type HitFollower = Follower

// Follower registers a subject for a live stream of messages, refusing
// those it is not for (live.Hits, live.Notices).
type Follower interface {
	Follow(ctx context.Context, subj *meridian.Subject) (<-chan live.Message, error)
}

type noInput struct{}

func (s *Server) hitStreamRoutes() {
	if s.HitStream == nil || s.Hits == nil {
		return
	}
	op := s.op("stream-hits", nethttp.MethodGet, "/hits/stream", "checks", "Follow your agency's hits live")
	op.Description = "Server-Sent Events, to the national central bureau of the agency that owns the records: `hit` with `{\"id\", \"action\"}` " +
		"(`created` or `updated`) for each hit on its records and each answer to one. Only the id travels: read the hit with `GET /hits/{id}` (audited)."
	op.Responses = map[string]*huma.Response{"200": {Description: "an event stream",
		Content: map[string]*huma.MediaType{"text/event-stream": {Schema: &huma.Schema{Type: huma.TypeString}}}}}
	register(s, op, s.hitStream)
}

// hitStream follows the hits on the follower's agency's records. The
// follower's credential is checked again at each ping and before each
// notice, and with it what it holds: a session ended, a token revoked, an
// account disabled, moved to another agency or no longer NCB ends the
// stream (and a reconnection is refused).
func (s *Server) hitStream(ctx context.Context, _ *noInput) (*huma.StreamResponse, error) {
	return s.followStream(ctx, s.HitStream, func(now, was *meridian.Subject) bool {
		return now.AgencyID == was.AgencyID && policy.CanFollowHits(now) == nil
	})
}

// followStream answers a refusal of f as a problem before the stream
// starts, then writes each message f gives while still holds of the
// caller's credential as checked again at each ping and before each
// message (now) against the one the stream was opened with (was).
func (s *Server) followStream(ctx context.Context, f Follower, still func(now, was *meridian.Subject) bool) (*huma.StreamResponse, error) {
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, "http", "not signed in")
	}
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	msgs, err := f.Follow(sctx, subj)
	if err != nil {
		cancel()
		return nil, err
	}
	return &huma.StreamResponse{Body: func(hctx huma.Context) {
		defer cancel()
		r, w := humago.Unwrap(hctx)
		valid := func() bool {
			now, err := s.subject(r)
			return err == nil && still(now, subj)
		}
		writeEvents(r, w, msgs, valid)
	}}, nil
}
