package check

import (
	"slices"
	"testing"

	"meridian"
)

// TestDocMap covers the ties between listed persons and their document
// entries: each entry leads back to its person, a person indexed again
// keeps one set of entries (the same ids), and a removed person's entries
// lead nowhere; ids that are not UUIDs are kept too.
func TestDocMap(t *testing.T) {
	m := newDocMap()
	p, q := meridian.NewID(), meridian.NewID()
	ep := m.add(p, 2)
	eq := m.add(q, 1)
	if len(ep) != 2 || len(eq) != 1 || ep[0] == ep[1] || slices.Contains(ep, eq[0]) {
		t.Fatalf("entries %v %v", ep, eq)
	}
	for _, e := range ep {
		if !meridian.IsID(e) {
			t.Fatalf("entry id %q is not an id", e)
		}
		if got, ok := m.person(e); !ok || got != p {
			t.Fatalf("entry %s leads to %q %v, want %s", e, got, ok, p)
		}
	}
	if got, _ := m.person(eq[0]); got != q {
		t.Fatalf("entry of q leads to %q", got)
	}
	old := m.remove(p)
	if !slices.Equal(old, ep) {
		t.Fatalf("removed %v, want %v", old, ep)
	}
	if again := m.add(p, 2); !slices.Equal(again, ep) {
		t.Fatalf("indexed again: %v, want the same %v", again, ep)
	}
	m.remove(p)
	for _, e := range ep {
		if _, ok := m.person(e); ok {
			t.Fatalf("removed person's entry %s still leads somewhere", e)
		}
	}
	if got := m.remove(p); got != nil {
		t.Fatalf("removed twice: %v", got)
	}
	odd := m.add("legacy-7", 1)
	if got, ok := m.person(odd[0]); !ok || got != "legacy-7" {
		t.Fatalf("odd id: %q %v", got, ok)
	}
	if got := m.remove("legacy-7"); !slices.Equal(got, odd) {
		t.Fatalf("odd removed %v", got)
	}
	if _, ok := m.person(odd[0]); ok {
		t.Fatal("odd entry kept")
	}
	if _, ok := m.person(meridian.NewID()); ok {
		t.Fatal("an unknown entry leads somewhere")
	}
}
