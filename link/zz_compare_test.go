package link

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"meridian/sim"
)

func TestZZCompareRelinkPairs(t *testing.T) {
	if os.Getenv("ZZ_CMP") == "" {
		t.Skip()
	}
	for _, c := range []struct{ n int; seed int64 }{{3000, 1}, {3000, 2}, {3000, 3}, {3000, 7}, {10000, 1}, {10000, 7}} {
		ents, truthCSV := sim.GenerateLinks(sim.LinksOptions{Persons: c.n, Seed: c.seed})
		recs, err := ReadFtM(strings.NewReader(strings.Join(ents, "\n")))
		if err != nil {
			t.Fatal(err)
		}
		tr, err := ReadTruth(strings.NewReader(strings.Join(truthCSV, "\n")))
		if err != nil {
			t.Fatal(err)
		}
		a, err := Pairs(context.Background(), recs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		b, _, err := RelinkRecords(context.Background(), recs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		ka := map[[2]string]bool{}
		for _, p := range a {
			ka[[2]string{p.A.RecordID, p.B.RecordID}] = true
		}
		only := 0
		for _, p := range b {
			if !ka[[2]string{p.A.RecordID, p.B.RecordID}] {
				only++
			}
		}
		ea, eb := Evaluate(recs, a, tr), Evaluate(recs, b, tr)
		t.Logf("seed %d n %s: in order %d pairs: same %s | all %s", c.seed, strconv.Itoa(c.n), len(a), ea.SamePerson, ea.Links)
		t.Logf("seed %d n %d: relink %d pairs (%d not in order's, %d of order's missing): same %s | all %s", c.seed, c.n, len(b), only, len(a)-(len(b)-only), eb.SamePerson, eb.Links)
	}
}

func TestZZMissing(t *testing.T) {
	if os.Getenv("ZZ_CMP") == "" {
		t.Skip()
	}
	ents, _ := sim.GenerateLinks(sim.LinksOptions{Persons: 3000, Seed: 1})
	recs, _ := ReadFtM(strings.NewReader(strings.Join(ents, "\n")))
	a, _ := Pairs(context.Background(), recs, Options{})
	b, _, _ := RelinkRecords(context.Background(), recs, Options{})
	kb := map[[2]string]bool{}
	for _, p := range b {
		kb[[2]string{p.A.RecordID, p.B.RecordID}] = true
	}
	n := 0
	for _, p := range a {
		if !kb[[2]string{p.A.RecordID, p.B.RecordID}] {
			n++
			if n < 15 {
				t.Logf("%s %s %.3f %s %s", p.A.RecordID, p.B.RecordID, p.Score, p.Relation, Explain(&p))
			}
		}
	}
}
