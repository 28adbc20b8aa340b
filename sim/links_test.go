package sim_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"meridian/sim"
)

// TestLinksDeterministic: a seed writes the same files, every entity is a
// Person with an id the truth labels, and records of one person and of
// one network are planted.
func TestLinksDeterministic(t *testing.T) {
	e1, t1 := sim.GenerateLinks(sim.LinksOptions{Persons: 400, Seed: 3})
	e2, t2 := sim.GenerateLinks(sim.LinksOptions{Persons: 400, Seed: 3})
	if !slices.Equal(e1, e2) || !slices.Equal(t1, t2) {
		t.Fatal("one seed wrote two outputs")
	}
	if len(e1) < 400 || len(t1) != len(e1)+1 || t1[0] != "id,cluster,network" {
		t.Fatalf("%d entities, %d truth lines", len(e1), len(t1))
	}
	clusters, networks := map[string]int{}, map[string]int{}
	for i, line := range e1 {
		var ent struct {
			ID     string `json:"id"`
			Schema string `json:"schema"`
		}
		if err := json.Unmarshal([]byte(line), &ent); err != nil || ent.Schema != "Person" {
			t.Fatalf("line %d: %v %q", i+1, err, ent.Schema)
		}
		f := strings.Split(t1[i+1], ",")
		if f[0] != ent.ID {
			t.Fatalf("truth line %d names %s, entity %s", i+2, f[0], ent.ID)
		}
		clusters[f[1]]++
		if f[2] != "" {
			networks[f[2]]++
		}
	}
	dup := 0
	for _, n := range clusters {
		if n > 1 {
			dup++
		}
	}
	if dup < 100 || len(networks) < 5 {
		t.Fatalf("%d persons with several records, %d networks", dup, len(networks))
	}
}
