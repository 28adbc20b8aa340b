package link

import (
	"context"
	"slices"
	"strings"

	"meridian"
)

// RelinkRecords is the batch mode over a file (`meridian link pairs`): it
// indexes every record, then proposes each against all the others with
// Relink on every core, each pair once. A pair's score and evidence are
// those the engine gives the record proposed alone against the whole
// file (TestRelink); unlike Pairs, which compares each record with those
// before it in the file, every record's name searches see the whole file,
// so the persons a search keeps (nameCandidateLimit of them) are the best
// of the file, not of the records before it. It returns the proposals
// sorted by the two ids, with the relink's counts.
func RelinkRecords(ctx context.Context, recs []Record, opt Options) ([]meridian.LinkProposal, RelinkStats, error) {
	src := &memSource{by: map[meridian.Key][]meridian.KeyMatch{}}
	for i := range recs {
		for _, k := range recs[i].Keys {
			src.by[k] = append(src.by[k], meridian.KeyMatch{Key: k, RecordID: recs[i].Person.ID, RecordKind: "person"})
		}
	}
	e := New(src, opt)
	e.AddRecords(recs)
	var out []meridian.LinkProposal
	st, err := e.Relink(ctx, 0, func(p meridian.LinkProposal) error {
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, st, err
	}
	slices.SortFunc(out, func(x, y meridian.LinkProposal) int {
		if c := strings.Compare(x.A.RecordID, y.A.RecordID); c != 0 {
			return c
		}
		return strings.Compare(x.B.RecordID, y.B.RecordID)
	})
	return out, st, nil
}

// RecordIDs returns the ids of every record (person or document) the
// engine holds, in no order: what a relink of a store walks to withdraw
// the proposals the engine no longer makes.
func (e *Engine) RecordIDs() []string {
	e.mu.RLock()
	defer e.mu.RUnlock()
	ids := make([]string, 0, len(e.profiles))
	for id := range e.profiles {
		ids = append(ids, id)
	}
	return ids
}
