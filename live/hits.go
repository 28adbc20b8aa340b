package live

import (
	"context"
	"encoding/json"
	"log/slog"

	"meridian"
	"meridian/policy"
)

// Hits tells the national central bureaus following their agency's inbox
// of each hit on its records, and of each answer to one, as it happens on
// any instance. It sends only the hit's id and what happened: the browser
// reads the hit through the API, where the read is audited as any other.
// Set Bus (and Logger), then Start.
type Hits struct {
	Bus    meridian.Bus
	Logger *slog.Logger

	followers followers
}

// HitNotice is the data of a "hit" message.
type HitNotice struct {
	ID     string `json:"id"`
	Action string `json:"action" doc:"created or updated"`
	// IDs are all the new hits, when one transaction made several on
	// the agency's records (ID is the first): one message for them, as
	// one change brought them, so that a batch of a thousand hits does
	// not overflow a follower's buffer and drop it.
	IDs []string `json:"ids,omitempty" doc:"the new hits when several arrived together; id is the first"`
}

// Start subscribes to hit changes until ctx ends; then every follower's
// channel is closed.
func (h *Hits) Start(ctx context.Context) error {
	if h.Logger == nil {
		h.Logger = slog.New(slog.DiscardHandler)
	}
	h.followers.start(ctx)
	return h.Bus.Subscribe(ctx, meridian.ChangeSubjectPrefix+"hit.>", h.onChange)
}

// Follow registers subj, who must be an NCB user (policy.CanFollowHits),
// as a follower of its agency's hits. The channel closes when ctx ends,
// when the hub stops, or when the follower falls too far behind.
func (h *Hits) Follow(ctx context.Context, subj *meridian.Subject) (<-chan Message, error) {
	if err := policy.CanFollowHits(subj); err != nil {
		return nil, err
	}
	return h.followers.add(ctx, subj, "live.Follow", "the hit notices")
}

// Followers returns how many follow hits on this instance.
func (h *Hits) Followers() int { return h.followers.len() }

// onChange tells the followers the change is for: the NCB users of the
// agency that owns the hit record (policy.ReceivesHit).
func (h *Hits) onChange(c *meridian.Change) {
	if c.Action != meridian.ChangeCreated && c.Action != meridian.ChangeUpdated {
		return
	}
	n := HitNotice{ID: c.RecordID, Action: c.Action}
	if c.Action == meridian.ChangeCreated {
		// A transaction's new hits on one owner's records are one
		// change naming them (sqldb noticeHit).
		var d meridian.HitIDs
		if json.Unmarshal(c.Data, &d) == nil && len(d.IDs) > 1 {
			n.IDs = d.IDs
		}
	}
	data, err := json.Marshal(n)
	if err != nil {
		return
	}
	h.followers.send(Message{Event: "hit", Data: data}, func(s *meridian.Subject) bool { return policy.ReceivesHit(s, c.Meta) }, h.Logger, "hit")
}
