package worker

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"meridian"
	"meridian/link"
)

// LinkIndexStore is what the linking index reads to build itself.
type LinkIndexStore interface {
	// ScanRecordsForLinking streams every person or document record.
	ScanRecordsForLinking(ctx context.Context, kind string, fn func(body []byte) error) error
}

// LinkIndex keeps the linking engine's in-memory index of persons and
// documents on this instance. The linking worker is durable (each change
// goes to one instance), but every instance's engine compares a new
// record with all the others, so each instance keeps its index current
// from the bus's fan-out, as the screening index does: it subscribes
// first, loads the store, then applies what arrived meanwhile.
type LinkIndex struct {
	Engine *link.Engine
	Store  LinkIndexStore
	Logger *slog.Logger

	built     chan struct{}
	builtOnce sync.Once
}

// Built is closed once the index holds every record of the store (and
// every change since it started).
func (x *LinkIndex) Built() <-chan struct{} { return x.builtChan() }

func (x *LinkIndex) builtChan() chan struct{} {
	x.builtOnce.Do(func() { x.built = make(chan struct{}) })
	return x.built
}

// Start subscribes to person and document changes and builds the index
// in the background, retrying while the store fails, until ctx ends.
func (x *LinkIndex) Start(ctx context.Context, bus meridian.Bus) error {
	built := x.builtChan()
	return meridian.LoadThenFollow(ctx, bus, []string{meridian.ChangeSubjectPrefix + "person.>", meridian.ChangeSubjectPrefix + "document.>"},
		x.build, x.apply, func() { close(built) })
}

func (x *LinkIndex) logger() *slog.Logger {
	if x.Logger == nil {
		return slog.Default()
	}
	return x.Logger
}

// build loads every person, then every document (a document names its
// holder), retrying with a growing delay; false when ctx ended first. A
// retry adds the same records again, which the engine replaces.
func (x *LinkIndex) build(ctx context.Context) bool {
	sctx := meridian.WithSubject(ctx, meridian.SystemSubject)
	delay := 500 * time.Millisecond
	for {
		err := x.load(sctx)
		if err == nil {
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		x.logger().Error("linking: building the index failed; retrying", slog.String("err", err.Error()), slog.Duration("in", delay))
		select {
		case <-ctx.Done():
			return false
		case <-time.After(delay):
		}
		delay = min(2*delay, 30*time.Second)
	}
}

func (x *LinkIndex) load(ctx context.Context) error {
	var batch []*meridian.Person
	err := x.Store.ScanRecordsForLinking(ctx, "person", func(body []byte) error {
		p := new(meridian.Person)
		if err := json.Unmarshal(body, p); err != nil {
			return meridian.Internal("worker.LinkIndex", err)
		}
		batch = append(batch, p)
		if len(batch) == 10000 {
			x.Engine.AddPersons(batch)
			batch = nil
		}
		return nil
	})
	if err != nil {
		return err
	}
	x.Engine.AddPersons(batch)
	return x.Store.ScanRecordsForLinking(ctx, "document", func(body []byte) error {
		d := new(meridian.Document)
		if err := json.Unmarshal(body, d); err != nil {
			return meridian.Internal("worker.LinkIndex", err)
		}
		x.Engine.AddDocument(d)
		return nil
	})
}

// apply brings one change into the index: the change carries the
// record's body, so no store read is needed.
func (x *LinkIndex) apply(c *meridian.Change) {
	if c.Action == meridian.ChangeDeleted {
		x.Engine.Remove(c.RecordID)
		return
	}
	var err error
	switch c.Kind {
	case "person":
		p := new(meridian.Person)
		if err = json.Unmarshal(c.Data, p); err == nil && p.ID != "" {
			x.Engine.Add(p)
		}
	case "document":
		d := new(meridian.Document)
		if err = json.Unmarshal(c.Data, d); err == nil && d.ID != "" {
			x.Engine.AddDocument(d)
		}
	}
	if err != nil {
		x.logger().Error("linking: undecodable change", slog.String("record", c.RecordID), slog.String("err", err.Error()))
	}
}
