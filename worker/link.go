package worker

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"

	"meridian"
	"meridian/link"
)

// LinkWorker names the linking worker: on every person, document or event
// change it asks the linking engine for proposals and has the store keep
// them (and tell who follows or owns what they touch).
const LinkWorker = "link"

// LinkFilter is the changes the linking worker takes: every change (one
// durable consumer cannot filter on three kinds); it skips all but
// persons, documents and events.
const LinkFilter = meridian.ChangeSubjectPrefix + ">"

// Linker is the linking worker's work. It acts as Meridian itself (the
// system subject): it loads records whoever owns them and shows nobody
// anything; what it stores is decided for each reader when it is read.
type Linker struct {
	Store  meridian.LinkStore
	Engine *link.Engine
	// Built, when set, is closed once the engine's index holds the store
	// (LinkIndex.Built): a change is linked only against a whole index.
	Built  <-chan struct{}
	Logger *slog.Logger
}

// Register adds the linking worker to r.
func (l *Linker) Register(r *Registry) error {
	return r.Register(LinkWorker, LinkFilter, l.Handle)
}

// Handle links the record a change is about. It is idempotent on the
// change (its outbox sequence): the store keeps a run once.
//
// Persons and documents get the engine's proposals. An event (a raid, an
// arrest, a rescue) links the persons it names to the event itself: the
// report's owner asserted that they were there, which needs nobody's
// confirmation, so these links are stored confirmed by Meridian (and
// revoked when the report stops naming someone), and the persons an event
// names form one cluster with it. That is how a raid in one country joins
// a network once one of the persons it names is confirmed the same as a
// suspect recorded in another. Pairs among the persons named are not
// proposed: the event joins them, and n persons would make n*(n-1)/2
// proposals for an analyst to look at, none telling anything new.
// A deleted record is left: its links show as hidden ends.
func (l *Linker) Handle(ctx context.Context, c *meridian.Change) error {
	switch c.Kind {
	case "person", "document", "event":
	default:
		return nil
	}
	if c.Action == meridian.ChangeDeleted {
		return nil
	}
	if l.Built != nil {
		select {
		case <-l.Built:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	ctx = meridian.WithSubject(ctx, meridian.SystemSubject)
	raw, err := l.Store.RecordForLinking(ctx, c.RecordID)
	if meridian.KindOf(err) == meridian.ENotFound {
		return nil // deleted since: its own change says so
	}
	if err != nil {
		return err
	}
	run := &meridian.LinkRun{ChangeKey: "change:" + strconv.FormatInt(c.Seq, 10), RecordID: c.RecordID}
	switch raw.Kind {
	case "person":
		var p meridian.Person
		if err := json.Unmarshal(raw.Body, &p); err != nil {
			return meridian.Internal("worker.Link", err)
		}
		if run.Proposals, err = l.propose(ctx, c, &p); err != nil {
			return err
		}
	case "document":
		var d meridian.Document
		if err := json.Unmarshal(raw.Body, &d); err != nil {
			return meridian.Internal("worker.Link", err)
		}
		if run.Proposals, err = l.propose(ctx, c, &d); err != nil {
			return err
		}
	case "event":
		var e meridian.Event
		if err := json.Unmarshal(raw.Body, &e); err != nil {
			return meridian.Internal("worker.Link", err)
		}
		run.Event = true
		if run.Named, err = l.named(ctx, &e); err != nil {
			return err
		}
	default:
		return nil
	}
	if !run.Event {
		if err := l.withdraw(ctx, run); err != nil {
			return err
		}
	}
	return l.Store.StoreLinkRun(ctx, run)
}

// withdraw finds the proposals of the changed record that no longer hold:
// each pair still waiting for a judgement that this change did not
// propose is scored again on both records as they now are (it may have
// been found from the other record's side); one that no longer reaches
// the threshold is withdrawn, one that does is stored with its new score
// and evidence. Judged links are not touched: a judgement stands on the
// evidence it was made on.
func (l *Linker) withdraw(ctx context.Context, run *meridian.LinkRun) error {
	pending, err := l.Store.PendingLinks(ctx, run.RecordID)
	if err != nil || len(pending) == 0 {
		return err
	}
	found := map[string]bool{}
	for _, p := range run.Proposals {
		switch run.RecordID {
		case p.A.RecordID:
			found[p.B.RecordID] = true
		case p.B.RecordID:
			found[p.A.RecordID] = true
		}
	}
	for _, other := range pending {
		if found[other] {
			continue
		}
		p, above, known := l.Engine.Rescore(run.RecordID, other)
		switch {
		case !known:
		case above:
			run.Proposals = append(run.Proposals, p)
		default:
			run.Withdraw = append(run.Withdraw, other)
		}
	}
	return nil
}

// propose asks the engine. A record whose key more than
// meridian.MaxKeyMatches records share (a switchboard's phone, a test
// number) gets no proposals rather than five failed attempts and a parked
// change: such a key identifies nobody. It is logged by id only.
func (l *Linker) propose(ctx context.Context, c *meridian.Change, rec meridian.Keyed) ([]meridian.LinkProposal, error) {
	ps, err := l.Engine.Propose(ctx, rec)
	if meridian.KindOf(err) == meridian.EInvalid {
		l.logger().Warn("linking: no proposals", slog.String("record", c.RecordID), slog.String("reason", meridian.MessageOf(err)))
		return nil, nil
	}
	return ps, err
}

func (l *Linker) logger() *slog.Logger {
	if l.Logger == nil {
		return slog.Default()
	}
	return l.Logger
}

// named returns the links of an event to each person it names.
func (l *Linker) named(ctx context.Context, e *meridian.Event) ([]meridian.LinkProposal, error) {
	ev := meridian.LinkEnd{RecordID: e.ID, Kind: "event", OwnerAgency: e.OwnerAgency, OwnerCountry: e.OwnerCountry, OperationID: e.OperationID}
	where := string(e.Type) + " of " + e.OccurredAt.UTC().Format("2006-01-02")
	if e.Place.Country != "" {
		where += " in " + e.Place.Country
	}
	roles := map[string]string{}
	var ids []string
	for _, p := range e.Persons {
		if _, ok := roles[p.PersonID]; !ok {
			ids = append(ids, p.PersonID)
		}
		roles[p.PersonID] = string(p.Role)
	}
	for _, v := range e.Victims {
		if v.PersonID == "" {
			continue
		}
		if _, ok := roles[v.PersonID]; !ok {
			ids = append(ids, v.PersonID)
		}
		roles[v.PersonID] = string(meridian.RoleVictim)
	}
	var out []meridian.LinkProposal
	for _, id := range ids {
		raw, err := l.Store.RecordForLinking(ctx, id)
		if meridian.KindOf(err) == meridian.ENotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		var m meridian.Meta
		if err := json.Unmarshal(raw.Body, &m); err != nil {
			return nil, meridian.Internal("worker.Link", err)
		}
		role := roles[id]
		out = append(out, meridian.LinkProposal{A: ev,
			B:     meridian.LinkEnd{RecordID: id, Kind: raw.Kind, OwnerAgency: m.OwnerAgency, OwnerCountry: m.OwnerCountry, OperationID: m.OperationID},
			Score: 1,
			Evidence: []meridian.LinkEvidence{{Kind: meridian.EvidenceEvent, Agree: meridian.AgreeExact, A: where, B: role, Weight: 1,
				Text: fmt.Sprintf("the %s names this person as %s", where, role)}}})
	}
	return out, nil
}
