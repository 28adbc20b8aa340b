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
type HitFollower interface {
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

// hitStream answers a refusal as a problem before the stream starts, then
// writes a notice for each hit on the follower's agency's records.
func (s *Server) hitStream(ctx context.Context, _ *noInput) (*huma.StreamResponse, error) {
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, "http", "not signed in")
	}
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	msgs, err := s.HitStream.Follow(sctx, subj)
	if err != nil {
		cancel()
		return nil, err
	}
	return &huma.StreamResponse{Body: func(hctx huma.Context) {
		defer cancel()
		r, w := humago.Unwrap(hctx)
		// The follower's credential is checked again at each ping and
		// before each notice, and with it what it holds: a session ended,
		// a token revoked, an account disabled, moved to another agency or
		// no longer NCB ends the stream (and a reconnection is refused).
		valid := func() bool {
			now, err := s.subject(r)
			return err == nil && now.AgencyID == subj.AgencyID && policy.CanFollowHits(now) == nil
		}
		writeEvents(r, w, msgs, valid)
	}}, nil
}
