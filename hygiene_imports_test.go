package meridian_test

import (
	"go/build"
	"maps"
	"path"
	"slices"
	"strings"
	"testing"
)

// The import direction of the module: domain <- engines <- adapters <- cmd.
// The domain (the root package) imports no package of the module; engines
// (check, passenger, screen, rules, live, ... and any new package that is
// not named below) import no adapter and no command; adapters import no
// command. Only non-test imports count: a test of an engine may open a
// real store.

// module is the module path, as packages import each other.
const module = "meridian"

// adapters speak a technology; a package under one of these is an adapter.
var adapters = []string{"sqldb", "sqlite", "postgres", "nats", "http", "web"}

// importExceptions are known violations, each "importer -> imported" with
// the issue that removes it. Keep it empty: a new entry needs a reason.
var importExceptions = map[string]string{}

type layer int

const (
	domainLayer layer = iota
	engineLayer
	adapterLayer
	cmdLayer
)

func (l layer) String() string {
	return [...]string{"the domain", "an engine", "an adapter", "a command"}[l]
}

// layerOf classifies a module-relative package directory ("." for the root).
func layerOf(dir string) layer {
	first, _, _ := strings.Cut(dir, "/")
	switch {
	case dir == ".":
		return domainLayer
	case first == "cmd":
		return cmdLayer
	case slices.Contains(adapters, first):
		return adapterLayer
	}
	return engineLayer
}

// TestHygiene_ImportDirection checks every package's imports, direct and
// through other packages of the module, against its layer.
func TestHygiene_ImportDirection(t *testing.T) {
	direct := map[string][]string{} // package dir -> module package dirs it imports
	for dir := range goFilesByDir(t) {
		p, err := build.ImportDir(dir, 0)
		if _, ok := err.(*build.NoGoError); ok {
			continue // only tests, or files for other platforms
		}
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		for _, imp := range p.Imports {
			switch {
			case imp == module:
				direct[dir] = append(direct[dir], ".")
			case strings.HasPrefix(imp, module+"/"):
				direct[dir] = append(direct[dir], strings.TrimPrefix(imp, module+"/"))
			}
		}
		if direct[dir] == nil {
			direct[dir] = []string{}
		}
	}
	if len(direct) < 10 || direct["."] == nil || direct["sqldb"] == nil {
		t.Fatalf("found %d packages: is the test run from the module root?", len(direct))
	}
	// deps returns what dir imports, directly or not, each with the direct
	// import it arrives through (itself when direct).
	deps := func(dir string) map[string]string {
		via := map[string]string{}
		var queue []string
		for _, imp := range direct[dir] {
			via[imp] = imp
			queue = append(queue, imp)
		}
		for len(queue) > 0 {
			d := queue[0]
			queue = queue[1:]
			for _, imp := range direct[d] {
				if _, ok := via[imp]; !ok {
					via[imp] = via[d]
					queue = append(queue, imp)
				}
			}
		}
		return via
	}
	for _, dir := range slices.Sorted(maps.Keys(direct)) {
		from := layerOf(dir)
		via := deps(dir)
		for _, imp := range slices.Sorted(maps.Keys(via)) {
			to := layerOf(imp)
			bad := false
			switch from {
			case domainLayer:
				bad = true
			case engineLayer:
				bad = to == adapterLayer || to == cmdLayer
			case adapterLayer:
				bad = to == cmdLayer
			}
			if !bad {
				continue
			}
			key := pkgName(dir) + " -> " + pkgName(imp)
			if _, ok := importExceptions[key]; ok {
				continue
			}
			how := ""
			if via[imp] != imp {
				how = " (through " + pkgName(via[imp]) + ")"
			}
			t.Errorf("%s, %s, imports %s, %s%s: move what it needs to the domain, or take a small interface defined where it is used", pkgName(dir), from, pkgName(imp), to, how)
		}
	}
	for key := range importExceptions {
		from, to, _ := strings.Cut(key, " -> ")
		if _, ok := deps(dirOf(from))[dirOf(to)]; !ok {
			t.Errorf("exception %q no longer applies: remove it", key)
		}
	}
}

func pkgName(dir string) string {
	if dir == "." {
		return module
	}
	return path.Join(module, dir)
}

func dirOf(pkg string) string {
	if pkg == module {
		return "."
	}
	return strings.TrimPrefix(pkg, module+"/")
}
