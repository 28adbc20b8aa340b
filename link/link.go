// Package link is the linking engine: for a new or changed record it finds
// the records that may concern the same person, document or network (by
// typed keys, and for persons by the screening engine's matcher), scores
// each pair with all its evidence and returns the proposals that clear the
// threshold. It keeps no store: it reads candidates through Source, and
// the caller (the linking worker) stores what it proposes. The same engine
// runs as a batch over a file (Pairs).
//
// The engine acts as Meridian itself, over every record whoever owns it;
// it shows nobody anything. What it proposes is decided for each reader by
// policy when it is read.
package link

import (
	"context"

	"meridian"
)

// Source is what the engine reads. The store implements it for the
// linking worker; the batch mode implements it over a file.
type Source interface {
	// FindByKeysForLinking returns every record holding one of keys.
	FindByKeysForLinking(ctx context.Context, keys []meridian.Key) ([]meridian.KeyMatch, error)
}

// Options tune the engine. Zero values take the defaults.
type Options struct {
	// Threshold is the score a pair must reach to be proposed; default
	// DefaultThreshold.
	Threshold float64
}

// DefaultThreshold is Options.Threshold's default.
const DefaultThreshold = 0.5

// Engine proposes links.
type Engine struct {
	src Source
	opt Options
}

// New returns an engine reading src.
func New(src Source, opt Options) *Engine {
	if opt.Threshold <= 0 {
		opt.Threshold = DefaultThreshold
	}
	return &Engine{src: src, opt: opt}
}

// Threshold returns the score a pair must reach to be proposed.
func (e *Engine) Threshold() float64 { return e.opt.Threshold }

// Propose returns the proposals for rec, a *meridian.Person or
// *meridian.Document (other kinds yield none), each normalised
// (LinkProposal.Normalize), best first. A record is never proposed with
// itself.
func (e *Engine) Propose(ctx context.Context, rec meridian.Keyed) ([]meridian.LinkProposal, error) {
	self, ok := endOf(rec)
	if !ok {
		return nil, nil
	}
	keys := rec.Keys()
	if len(keys) == 0 {
		return nil, nil
	}
	if len(keys) > meridian.MaxKeysPerLookup {
		keys = keys[:meridian.MaxKeysPerLookup]
	}
	ms, err := e.src.FindByKeysForLinking(ctx, keys)
	if err != nil {
		return nil, err
	}
	by := map[string]*meridian.LinkProposal{}
	var order []string
	for _, m := range ms {
		if m.RecordID == self.RecordID {
			continue
		}
		p := by[m.RecordID]
		if p == nil {
			p = &meridian.LinkProposal{A: self, B: meridian.LinkEnd{RecordID: m.RecordID, Kind: m.RecordKind,
				OwnerAgency: m.OwnerAgency, OwnerCountry: m.OwnerCountry, OperationID: m.OperationID}}
			by[m.RecordID] = p
			order = append(order, m.RecordID)
		}
		p.Evidence = append(p.Evidence, meridian.LinkEvidence{Kind: meridian.EvidenceKey, KeyType: m.Key.Type,
			Agree: meridian.AgreeExact, A: m.Key.Value, B: m.Key.Value, Weight: 1,
			Text: "both records hold the " + string(m.Key.Type) + " " + m.Key.Value})
	}
	var out []meridian.LinkProposal
	for _, id := range order {
		p := by[id]
		p.Score = 1
		if p.Score < e.opt.Threshold {
			continue
		}
		p.Normalize()
		out = append(out, *p)
	}
	return out, nil
}

func endOf(rec meridian.Keyed) (meridian.LinkEnd, bool) {
	switch r := rec.(type) {
	case *meridian.Person:
		return meridian.LinkEnd{RecordID: r.ID, Kind: "person", OwnerAgency: r.OwnerAgency,
			OwnerCountry: r.OwnerCountry, OperationID: r.OperationID}, true
	case *meridian.Document:
		return meridian.LinkEnd{RecordID: r.ID, Kind: "document", OwnerAgency: r.OwnerAgency,
			OwnerCountry: r.OwnerCountry, OperationID: r.OperationID}, true
	}
	return meridian.LinkEnd{}, false
}
