package link

import (
	"context"
	"errors"
	"strings"
	"testing"

	"meridian"
	"meridian/sim"
)

// relinkEngine indexes the generator's records for persons persons of
// seed, with their keys in a source, as the batch mode does.
func relinkEngine(t testing.TB, persons int, seed int64) (*Engine, []Record) {
	t.Helper()
	ents, _ := sim.GenerateLinks(sim.LinksOptions{Persons: persons, Seed: seed})
	recs, err := ReadFtM(strings.NewReader(strings.Join(ents, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	src := &memSource{by: map[meridian.Key][]meridian.KeyMatch{}}
	for i := range recs {
		for _, k := range recs[i].Keys {
			src.by[k] = append(src.by[k], meridian.KeyMatch{Key: k, RecordID: recs[i].Person.ID, RecordKind: "person"})
		}
	}
	e := New(src, Options{})
	e.AddRecords(recs)
	return e, recs
}

// TestRelink: a full relink on two workers proposes every pair that
// proposing each record alone proposes, each once, with the same score
// and relation; it searches the person index once for the records of one
// name, date, sex and nationality, and does not score again a pair
// proposed from its other record.
func TestRelink(t *testing.T) {
	e, recs := relinkEngine(t, 400, 3)
	ctx := context.Background()
	want := map[[2]string]meridian.LinkProposal{}
	for i := range recs {
		ps, err := e.propose(ctx, recs[i].Person.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			want[[2]string{p.A.RecordID, p.B.RecordID}] = p
		}
	}
	got := map[[2]string]meridian.LinkProposal{}
	st, err := e.Relink(ctx, 2, func(p meridian.LinkProposal) error {
		k := [2]string{p.A.RecordID, p.B.RecordID}
		if _, dup := got[k]; dup {
			t.Errorf("pair %v emitted twice", k)
		}
		got[k] = p
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.Records != len(recs) || st.Proposals != len(got) {
		t.Fatalf("stats %+v for %d records, %d pairs emitted", st, len(recs), len(got))
	}
	if len(got) != len(want) {
		t.Errorf("relink proposed %d pairs, each record alone %d", len(got), len(want))
	}
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			t.Errorf("pair %v (%s %.3f) not proposed by the relink", k, w.Relation, w.Score)
			continue
		}
		if g.Score != w.Score || g.Relation != w.Relation || Explain(&g) != Explain(&w) {
			t.Errorf("pair %v: relink %s %.3f, alone %s %.3f", k, g.Relation, g.Score, w.Relation, w.Score)
		}
	}
	t.Logf("%+v", st)
	if st.Reused == 0 || st.Skipped == 0 {
		t.Errorf("stats %+v: no search reused or no pair skipped", st)
	}
}

// TestRelinkStopsOnError: an error of emit stops the relink and is
// returned.
func TestRelinkStopsOnError(t *testing.T) {
	e, recs := relinkEngine(t, 200, 4)
	boom := errors.New("boom")
	n := 0
	st, err := e.Relink(context.Background(), 2, func(p meridian.LinkProposal) error {
		n++
		if n == 3 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) || n != 3 {
		t.Fatalf("err %v after %d emits", err, n)
	}
	if st.Records >= len(recs) {
		t.Fatalf("stats %+v: went on after the error", st)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Relink(ctx, 2, func(meridian.LinkProposal) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}
