package sim_test

import (
	"slices"
	"strings"
	"testing"

	"meridian"
	"meridian/sim"
)

func TestNameGenerator(t *testing.T) {
	a, b := sim.NewNameGenerator(3), sim.NewNameGenerator(3)
	scripts := map[string]int{}
	full := map[string]int{}
	for i := range 5000 {
		n := a.Next()
		if m := b.Next(); n.Full != m.Full || n.Origin != m.Origin {
			t.Fatalf("name %d: %q and %q from one seed", i, n.Full, m.Full)
		}
		scripts[n.Script]++
		full[n.Full]++
		if script(n.Full) != n.Script {
			t.Errorf("%q: script %q", n.Full, n.Script)
		}
		if len(n.Given) == 0 || len(n.Family) == 0 {
			t.Errorf("%q: given %q family %q", n.Full, n.Given, n.Family)
		}
		for _, p := range append(slices.Clone(n.Given), n.Family...) {
			if !strings.Contains(n.Full, p) {
				t.Errorf("%q does not contain its part %q", n.Full, p)
			}
		}
		if !meridian.IsCountry(n.Origin) {
			t.Errorf("%q: origin %q", n.Full, n.Origin)
		}
		if n.Sex != "M" && n.Sex != "F" {
			t.Errorf("%q: sex %q", n.Full, n.Sex)
		}
		if n.Script != "latin" && len(n.Latin) < 2 {
			t.Errorf("%q: romanisations %q, want several", n.Full, n.Latin)
		}
		for _, l := range n.Latin {
			if script(l) != "latin" {
				t.Errorf("%q: romanisation %q is not Latin", n.Full, l)
			}
		}
	}
	for _, s := range []string{"latin", "cyrillic", "greek", "arabic"} {
		if scripts[s] == 0 {
			t.Errorf("no %s names", s)
		}
	}
	// Realistic frequencies: some full names repeat (the head of the
	// distribution), most do not (the tail).
	var repeated, most int
	for _, n := range full {
		if n > 1 {
			repeated++
		}
		most = max(most, n)
	}
	if repeated == 0 || most < 3 || len(full) < 3500 {
		t.Errorf("%d distinct names of 5000, %d repeated, the commonest %d times", len(full), repeated, most)
	}
	if c := sim.NewNameGenerator(4).Next(); c.Full == sim.NewNameGenerator(3).Next().Full {
		t.Logf("seeds 3 and 4 start with the same name %q", c.Full)
	}
}
