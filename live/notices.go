package live

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"

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

	mu        sync.Mutex
	followers map[*viewer]struct{}
	ctx       context.Context
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
	n.mu.Lock()
	n.followers = map[*viewer]struct{}{}
	n.ctx = ctx
	n.mu.Unlock()
	return n.Bus.Subscribe(ctx, meridian.ChangeSubjectPrefix+meridian.NoticeChangeKind+".>", n.onChange)
}

// Follow registers subj as a follower of its inbox. The channel closes
// when ctx ends, the hub stops or the follower falls too far behind.
func (n *Notices) Follow(ctx context.Context, subj *meridian.Subject) (<-chan Message, error) {
	if subj == nil || subj.UserID == "" || !policy.MayRead(subj) {
		return nil, meridian.Errorf(meridian.EForbidden, "live.Notices", "only users with a working role follow an inbox")
	}
	v := &viewer{subj: subj, ch: make(chan Message, viewerBuffer)}
	n.mu.Lock()
	if n.followers == nil || n.ctx.Err() != nil {
		n.mu.Unlock()
		return nil, meridian.Errorf(meridian.EUnavailable, "live.Notices", "the inbox notices are not running")
	}
	n.followers[v] = struct{}{}
	hctx := n.ctx
	n.mu.Unlock()
	go func() {
		select {
		case <-ctx.Done():
		case <-hctx.Done():
		}
		n.drop(v)
	}()
	return v.ch, nil
}

func (n *Notices) drop(v *viewer) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, ok := n.followers[v]; ok {
		delete(n.followers, v)
		close(v.ch)
	}
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
	n.mu.Lock()
	defer n.mu.Unlock()
	for v := range n.followers {
		if !policy.ReceivesNotice(v.subj, d.User, d.Agency) {
			continue
		}
		select {
		case v.ch <- Message{Event: "notification", Data: data}:
		default:
			n.Logger.Warn("live: inbox follower too slow; dropped", slog.String("user", v.subj.Username))
			delete(n.followers, v)
			close(v.ch)
		}
	}
}
