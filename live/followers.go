package live

import (
	"context"
	"log/slog"
	"sync"

	"meridian"
)

// followers is the set of viewers one hub on this instance tells of
// changes (the hit inbox, the notifications inbox): registered until their
// request ends, the hub stops, or they fall too far behind.
type followers struct {
	mu  sync.Mutex
	set map[*viewer]struct{}
	ctx context.Context
}

// start opens the set until ctx ends.
func (f *followers) start(ctx context.Context) {
	f.mu.Lock()
	f.set = map[*viewer]struct{}{}
	f.ctx = ctx
	f.mu.Unlock()
}

// add registers subj until ctx ends or the set stops; EUnavailable (op,
// what) when it is not running.
func (f *followers) add(ctx context.Context, subj *meridian.Subject, op, what string) (<-chan Message, error) {
	v := &viewer{subj: subj, ch: make(chan Message, viewerBuffer)}
	f.mu.Lock()
	if f.set == nil || f.ctx.Err() != nil {
		f.mu.Unlock()
		return nil, meridian.Errorf(meridian.EUnavailable, op, "%s are not running", what)
	}
	f.set[v] = struct{}{}
	fctx := f.ctx
	f.mu.Unlock()
	go func() {
		select {
		case <-ctx.Done():
		case <-fctx.Done():
		}
		f.drop(v)
	}()
	return v.ch, nil
}

// len returns how many follow.
func (f *followers) len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.set)
}

func (f *followers) drop(v *viewer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.set[v]; ok {
		delete(f.set, v)
		close(v.ch)
	}
}

// send gives m to every follower for whom to says yes; one whose buffer
// is full is dropped (logged as what), so that a slow reader holds up
// nobody.
func (f *followers) send(m Message, to func(*meridian.Subject) bool, log *slog.Logger, what string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for v := range f.set {
		if !to(v.subj) {
			continue
		}
		select {
		case v.ch <- m:
		default:
			log.Warn("live: "+what+" follower too slow; dropped", slog.String("user", v.subj.Username))
			delete(f.set, v)
			close(v.ch)
		}
	}
}
