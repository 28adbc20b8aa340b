package meridian_test

import (
	"testing"

	"meridian"
)

// TestLinkRef: references have one shape, are told apart from ids and
// do not repeat.
func TestLinkRef(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		r := meridian.NewLinkRef()
		if !meridian.IsLinkRef(r) || seen[r] {
			t.Fatalf("reference %q (seen %v)", r, seen[r])
		}
		seen[r] = true
	}
	for _, bad := range []string{"", meridian.NewID(), "LNK-0000-0000-0000-000", "LNK-0000-0000-0000-000I", "lnk-0000-0000-0000-0000", "LNK-0000-0000-0000-0000 "} {
		if meridian.IsLinkRef(bad) {
			t.Fatalf("%q taken for a reference", bad)
		}
	}
}
