package link

import (
	"slices"

	"meridian"
)

// Rescore scores again the pair of two records the engine holds, without
// looking for candidates: what the linking worker asks of a pair proposed
// before when a change of one record no longer proposes it (the other
// record may have been found from its own side, by a name search the
// changed record's does not reach). It returns the proposal, whether it
// still reaches the threshold, and whether the engine holds both records
// (when it does not, nothing can be said and the pair is left alone).
// Shared keys are compared on the two profiles: exactly, and document
// numbers exactly, by characters read alike or within one edit.
func (e *Engine) Rescore(id, otherID string) (meridian.LinkProposal, bool, bool) {
	e.mu.RLock()
	self, other := e.profiles[id], e.profiles[otherID]
	var selfDocs, otherDocs []docRef
	if self != nil && other != nil {
		selfDocs, otherDocs = e.docsOfLocked(self), e.docsOfLocked(other)
	}
	e.mu.RUnlock()
	if self == nil || other == nil || id == otherID {
		return meridian.LinkProposal{}, false, false
	}
	c := &cand{id: otherID}
	for _, k := range self.keys {
		if slices.Contains(other.keys, k) {
			c.add(keyHit{typ: k.Type, agree: meridian.AgreeExact, a: k.Value, b: k.Value})
		}
	}
	for _, d := range selfDocs {
		for _, o := range otherDocs {
			if d.state != "" && o.state != "" && d.state != o.state {
				continue
			}
			h := keyHit{typ: meridian.KeyDocument, agree: meridian.AgreeExact, a: d.value(), b: o.value()}
			if d.state == "" || o.state == "" {
				h.a, h.b = d.key, o.key
			}
			switch {
			case d.key == o.key:
			case confusable(d.key) == confusable(o.key):
				h.agree, h.rule = meridian.AgreeFuzzy, "the numbers differ only by characters read alike (O/0, I/1)"
			case len(d.key) >= 6 && len(o.key) >= 6 && osa(d.key, o.key) <= 1:
				h.agree, h.rule = meridian.AgreeFuzzy, "the numbers differ by one character (one edit: a letter or digit changed, added, dropped or two swapped)"
			default:
				continue
			}
			c.add(h)
		}
	}
	p, ok := e.score(self, other, c, true, nil)
	if !ok {
		return p, false, true
	}
	p.Normalize()
	return p, p.Score >= e.opt.Threshold, true
}

// docsOfLocked returns the document numbers a record holds: its own and,
// for a person, those of the document records naming it as holder.
func (e *Engine) docsOfLocked(p *profile) []docRef {
	out := slices.Clone(p.docs)
	if p.person() {
		for _, did := range e.held[p.end.RecordID] {
			if dp := e.profiles[did]; dp != nil {
				out = append(out, dp.docs...)
			}
		}
	}
	return out
}
