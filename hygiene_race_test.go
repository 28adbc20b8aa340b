package meridian_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestHygiene_RaceCoversOurCode checks that the Makefile's NORACE, which
// compiles some packages of make test's race run without the race
// detector, names only the SQLite engine and the C library translated
// from C (modernc.org/sqlite/lib, modernc.org/libc, modernc.org/memory):
// never a package of Meridian nor the driver's own Go, so that the race
// run still checks every line of ours.
func TestHygiene_RaceCoversOurCode(t *testing.T) {
	mk, err := os.ReadFile("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^NORACE = (.*)$`).FindSubmatch(mk)
	if m == nil {
		t.Fatal("Makefile: no NORACE = line")
	}
	if !regexp.MustCompile(`(?m)^RACE = \$\(GO\) test -race \$\(NORACE\) `).Match(mk) {
		t.Error("Makefile: RACE is not `$(GO) test -race $(NORACE) ...`")
	}
	allowed := map[string]bool{"modernc.org/sqlite/lib": true, "modernc.org/libc/...": true, "modernc.org/memory": true}
	for _, f := range strings.Fields(string(m[1])) {
		pattern, ok := strings.CutPrefix(f, "-gcflags=")
		if !ok {
			t.Errorf("NORACE: %q is not a -gcflags=PATTERN=-race=false", f)
			continue
		}
		pattern, ok = strings.CutSuffix(pattern, "=-race=false")
		if !ok || !allowed[pattern] {
			t.Errorf("NORACE: %q takes the race detector off something other than SQLite's and the C library's translated C", f)
		}
	}
}
