package link

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"meridian"
)

// memSource is Source over the records added so far: the batch mode's
// store.
type memSource struct {
	by map[meridian.Key][]meridian.KeyMatch
}

func (s *memSource) FindByKeysForLinking(_ context.Context, keys []meridian.Key) ([]meridian.KeyMatch, error) {
	var out []meridian.KeyMatch
	for _, k := range keys {
		ms := s.by[k]
		if len(ms) > meridian.MaxKeyMatches {
			ms = ms[:meridian.MaxKeyMatches]
		}
		out = append(out, ms...)
	}
	return out, nil
}

// addRecord indexes a FtM record in the engine.
func (e *Engine) addRecord(r *Record) { e.put(recordProfile(r)) }

// AddRecords indexes FtM records at once, without proposing: the records
// a later Propose or ProposeRecord is compared with.
func (e *Engine) AddRecords(rs []Record) {
	prs := make([]*profile, len(rs))
	for i := range rs {
		prs[i] = recordProfile(&rs[i])
	}
	e.putAll(prs)
}

// ProposeRecord indexes a FtM record and returns its proposals, as Propose
// does for a person of the store.
func (e *Engine) ProposeRecord(ctx context.Context, r *Record) ([]meridian.LinkProposal, error) {
	e.addRecord(r)
	return e.propose(ctx, r.Person.ID)
}

func recordProfile(r *Record) *profile {
	pr := personProfile(r.Person)
	pr.keys = r.Keys
	for _, d := range r.Documents {
		if ref, ok := newDocRef(d.Number, "", d.Kind); ok {
			pr.docs = append(pr.docs, ref)
		}
	}
	return pr
}

// Pairs runs the engine over records as if they arrived one after the
// other: each is compared with those before it, so that every pair is
// scored once. It returns the proposals at or above the threshold, sorted
// by the two ids.
func Pairs(ctx context.Context, recs []Record, opt Options) ([]meridian.LinkProposal, error) {
	src := &memSource{by: map[meridian.Key][]meridian.KeyMatch{}}
	e := New(src, opt)
	seen := map[[2]string]bool{}
	var out []meridian.LinkProposal
	for i := range recs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r := &recs[i]
		e.addRecord(r)
		ps, err := e.propose(ctx, r.Person.ID)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			k := [2]string{p.A.RecordID, p.B.RecordID}
			if !seen[k] {
				seen[k] = true
				out = append(out, p)
			}
		}
		for _, k := range r.Keys {
			src.by[k] = append(src.by[k], meridian.KeyMatch{Key: k, RecordID: r.Person.ID, RecordKind: "person"})
		}
	}
	slices.SortFunc(out, func(x, y meridian.LinkProposal) int {
		if c := strings.Compare(x.A.RecordID, y.A.RecordID); c != 0 {
			return c
		}
		return strings.Compare(x.B.RecordID, y.B.RecordID)
	})
	return out, nil
}

// WritePairs writes one CSV line per proposal: id_a,id_b,score,explanation.
func WritePairs(w io.Writer, ps []meridian.LinkProposal) error {
	cw := csv.NewWriter(w)
	for i := range ps {
		p := &ps[i]
		if err := cw.Write([]string{p.A.RecordID, p.B.RecordID, strconv.FormatFloat(p.Score, 'f', 3, 64), Explain(p)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Truth is the labelled answer for a file: each record's cluster (one
// person) and, optionally, its network (persons tied together, such as
// a recruiter and the victims whose records share the recruiter's phone).
type Truth struct {
	Cluster map[string]string
	Network map[string]string
}

// ReadTruth reads a truth file: CSV with the columns id,cluster and
// optionally network, one record a line, an optional header line
// starting "id,". A record of the pairs file that the truth file does not
// name is a cluster of its own.
func ReadTruth(r io.Reader) (*Truth, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	t := &Truth{Cluster: map[string]string{}, Network: map[string]string{}}
	for line := 1; ; line++ {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("truth line %d: %w", line, err)
		}
		if line == 1 && len(row) > 0 && strings.EqualFold(strings.TrimSpace(row[0]), "id") {
			continue
		}
		if len(row) < 2 || len(row) > 3 {
			return nil, fmt.Errorf("truth line %d: want id,cluster or id,cluster,network, got %d fields", line, len(row))
		}
		id, cl := strings.TrimSpace(row[0]), strings.TrimSpace(row[1])
		if id == "" || cl == "" {
			return nil, fmt.Errorf("truth line %d: id and cluster are required", line)
		}
		if _, dup := t.Cluster[id]; dup {
			return nil, fmt.Errorf("truth line %d: id %q is labelled twice", line, clip(id))
		}
		t.Cluster[id] = cl
		if len(row) == 3 && strings.TrimSpace(row[2]) != "" {
			t.Network[id] = strings.TrimSpace(row[2])
		}
	}
	return t, nil
}

// Score is pairwise precision, recall and F1.
type Score struct {
	Proposed, Expected, Correct int
	Precision, Recall, F1       float64
}

func newScore(proposed, expected, correct int) Score {
	s := Score{Proposed: proposed, Expected: expected, Correct: correct, Precision: 1, Recall: 1}
	if proposed > 0 {
		s.Precision = float64(correct) / float64(proposed)
	}
	if expected > 0 {
		s.Recall = float64(correct) / float64(expected)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

func (s Score) String() string {
	return fmt.Sprintf("precision %.4f recall %.4f F1 %.4f (proposed %d, expected %d, correct %d)",
		s.Precision, s.Recall, s.F1, s.Proposed, s.Expected, s.Correct)
}

// Evaluation is how a run's proposals compare with the truth.
type Evaluation struct {
	// SamePerson: the proposals whose relation is same_person against
	// every pair of records of one cluster.
	SamePerson Score
	// Links: every proposal, correct when its two records are of one
	// cluster or one network, against the pairs of one cluster and the
	// pairs of one network (not one cluster) whose records share a
	// document number, a phone, an e-mail (or an account) in the file:
	// the network links the file holds evidence for. A shared address
	// alone is not one (the engine does not propose it: a household, a
	// shelter, a building). Zero when the truth names no network.
	Links    Score
	Networks bool
}

// Evaluate compares proposals for recs with the truth.
func Evaluate(recs []Record, ps []meridian.LinkProposal, t *Truth) Evaluation {
	cluster := func(id string) string {
		if c, ok := t.Cluster[id]; ok {
			return "c:" + c
		}
		return "self:" + id
	}
	network := func(id string) string { return t.Network[id] }
	// Expected same-person pairs: every pair within a cluster.
	members := map[string][]string{}
	for i := range recs {
		id := recs[i].Person.ID
		members[cluster(id)] = append(members[cluster(id)], id)
	}
	expSame := 0
	for _, ms := range members {
		expSame += len(ms) * (len(ms) - 1) / 2
	}
	propSame, okSame := 0, 0
	for _, p := range ps {
		if p.Relation != meridian.RelationSamePerson {
			continue
		}
		propSame++
		if cluster(p.A.RecordID) == cluster(p.B.RecordID) {
			okSame++
		}
	}
	ev := Evaluation{SamePerson: newScore(propSame, okSame+0, okSame)}
	ev.SamePerson = newScore(propSame, expSame, okSame)
	if len(t.Network) == 0 {
		return ev
	}
	ev.Networks = true
	// Network pairs the file holds evidence for: records of one network,
	// not one cluster, sharing a key or a document number.
	byKey := map[string][]string{}
	for i := range recs {
		r := &recs[i]
		for _, k := range r.Keys {
			if keyWeights[k.Type].net < DefaultThreshold {
				continue // an address alone is no link (a household, a shelter)
			}
			byKey[string(k.Type)+"\x00"+k.Value] = append(byKey[string(k.Type)+"\x00"+k.Value], r.Person.ID)
		}
		for _, d := range r.Documents {
			if ref, ok := newDocRef(d.Number, "", ""); ok {
				byKey["doc\x00"+ref.key] = append(byKey["doc\x00"+ref.key], r.Person.ID)
			}
		}
	}
	netPairs := map[[2]string]bool{}
	for _, ids := range byKey {
		if len(ids) > 50 {
			continue // a key held by many is no planted tie
		}
		for i := range ids {
			for j := i + 1; j < len(ids); j++ {
				a, b := ids[i], ids[j]
				if a == b || cluster(a) == cluster(b) || network(a) == "" || network(a) != network(b) {
					continue
				}
				if b < a {
					a, b = b, a
				}
				netPairs[[2]string{a, b}] = true
			}
		}
	}
	okAll := 0
	for _, p := range ps {
		a, b := p.A.RecordID, p.B.RecordID
		if cluster(a) == cluster(b) || network(a) != "" && network(a) == network(b) {
			okAll++
		}
	}
	// Correct network proposals beyond the expected pairs (a tie through
	// a fuzzy document number) count as correct but cannot raise recall
	// above one.
	hit := 0
	for _, p := range ps {
		a, b := p.A.RecordID, p.B.RecordID
		if cluster(a) == cluster(b) || netPairs[[2]string{a, b}] {
			hit++
		}
	}
	ev.Links = newScore(len(ps), expSame+len(netPairs), okAll)
	ev.Links.Recall = float64(hit) / float64(max(1, expSame+len(netPairs)))
	if ev.Links.Precision+ev.Links.Recall > 0 {
		ev.Links.F1 = 2 * ev.Links.Precision * ev.Links.Recall / (ev.Links.Precision + ev.Links.Recall)
	}
	return ev
}
