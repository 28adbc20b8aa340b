package live

import (
	"context"
	"encoding/json"
	"log/slog"

	"meridian"
	"meridian/policy"
)

// Notices tells each signed-in user of the notifications of their inbox
// as they are stored on any instance (a new proposal or confirmation
// touching what they follow or own). Only the notification's id travels:
// the browser reads the inbox and the link through the API, decided for
// the reader and audited there. Set Bus (and Logger), then Start.
type Notices struct {
	Bus    meridian.Bus
	Logger *slog.Logger

	followers followers
}

// Notice is the data of a "notification" message.
type Notice struct {
	ID string `json:"id"`
}

// Start subscribes to notification changes until ctx ends.
func (n *Notices) Start(ctx context.Context) error {
	if n.Logger == nil {
		n.Logger = slog.New(slog.DiscardHandler)
	}
	n.followers.start(ctx)
	return n.Bus.Subscribe(ctx, meridian.ChangeSubjectPrefix+meridian.NoticeChangeKind+".>", n.onChange)
}

// Follow registers subj as a follower of its inbox. The channel closes
// when ctx ends, the hub stops or the follower falls too far behind.
func (n *Notices) Follow(ctx context.Context, subj *meridian.Subject) (<-chan Message, error) {
	if subj == nil || subj.UserID == "" || !policy.MayRead(subj) {
		return nil, meridian.Errorf(meridian.EForbidden, "live.Notices", "only users with a working role follow an inbox")
	}
	return n.followers.add(ctx, subj, "live.Notices", "the inbox notices")
}

func (n *Notices) onChange(c *meridian.Change) {
	if c.Action != meridian.ChangeCreated {
		return
	}
	var d meridian.NoticeData
	if err := json.Unmarshal(c.Data, &d); err != nil {
		return
	}
	data, err := json.Marshal(Notice{ID: c.RecordID})
	if err != nil {
		return
	}
	n.followers.send(Message{Event: "notification", Data: data}, func(s *meridian.Subject) bool { return policy.ReceivesNotice(s, d.User, d.Agency) }, n.Logger, "inbox")
}
