package meridian_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestHygiene_SlowTestsRunInCI checks that the tests that skip themselves
// under -short (make test) are exactly those the Makefile's SLOW_E2E runs
// on their own in make test-all, so that CI runs every test.
func TestHygiene_SlowTestsRunInCI(t *testing.T) {
	mk, err := os.ReadFile("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^SLOW_E2E = \^\(([A-Za-z0-9_|]+)\)\$\$$`).FindSubmatch(mk)
	if m == nil {
		t.Fatal("Makefile: no SLOW_E2E = ^(TestA|TestB)$$ line")
	}
	listed := strings.Split(string(m[1]), "|")
	slices.Sort(listed)

	var short []string
	fset := token.NewFileSet()
	for dir, files := range goFilesByDir(t) {
		for _, name := range files {
			if !strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Test") || fn.Body == nil {
					continue
				}
				ast.Inspect(fn.Body, func(n ast.Node) bool {
					if c, ok := n.(*ast.CallExpr); ok {
						if s, ok := c.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == "Short" {
							if x, ok := s.X.(*ast.Ident); ok && x.Name == "testing" {
								if dir != "cmd/meridian" {
									t.Errorf("%s: %s skips under -short, but only cmd/meridian's slow tests run in make test-all's second step", dir, fn.Name.Name)
								}
								short = append(short, fn.Name.Name)
								return false
							}
						}
					}
					return true
				})
			}
		}
	}
	slices.Sort(short)
	short = slices.Compact(short)
	if !slices.Equal(short, listed) {
		t.Errorf("tests that skip under -short: %v\nMakefile SLOW_E2E: %v\nkeep them the same, or a test runs in neither make test nor CI", short, listed)
	}
}
