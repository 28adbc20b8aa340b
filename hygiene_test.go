package meridian_test

import (
	"bytes"
	"go/ast"
	"go/build"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Repo-wide hygiene: checks that review would otherwise repeat by hand on
// every change, run by `go test` so that CI enforces them.

// TestHygiene_PackageDoc checks that every package says why it exists, where
// `go doc` and a newcomer will look first.
func TestHygiene_PackageDoc(t *testing.T) {
	byDir := goFilesByDir(t)
	for _, dir := range slices.Sorted(maps.Keys(byDir)) {
		files := byDir[dir]
		var name string
		var found bool
		var other []string // doc comments that do not start as they should
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") || !buildable(file) {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.PackageClauseOnly|parser.ParseComments)
			if err != nil {
				t.Errorf("%s: %v", file, err)
				continue
			}
			name = f.Name.Name
			if f.Doc == nil {
				continue
			}
			if name == "main" || isPackageDoc(f.Doc.Text(), name) {
				found = true
				break
			}
			other = append(other, file)
		}
		switch {
		case name == "" || found:
			// No package here (only tests or excluded files), or documented.
		case len(other) > 0:
			t.Errorf("%s: package doc comment must start with \"Package %s\" (in %s)", dir, name, strings.Join(other, ", "))
		default:
			want := "Package " + name
			if name == "main" {
				want = "Command " + path.Base(dir)
			}
			t.Errorf("%s: package %s has no doc comment: add \"// %s ...\" before the package clause of one non-test file, such as %s", dir, name, want, path.Join(dir, "doc.go"))
		}
	}
}

// TestHygiene_Gofmt checks formatting here too, so that `go test` alone
// catches what `make lint` would.
func TestHygiene_Gofmt(t *testing.T) {
	byDir := goFilesByDir(t)
	for _, dir := range slices.Sorted(maps.Keys(byDir)) {
		for _, file := range byDir[dir] {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got, err := format.Source(src)
			if err != nil {
				t.Errorf("%s: cannot format: %v", file, err)
				continue
			}
			if !bytes.Equal(got, src) {
				t.Errorf("%s: not gofmt-formatted: run gofmt -w %s", file, file)
			}
		}
	}
}

// TestHygiene_NoFmtPrint keeps stdout printing out of library and server
// code: the server logs with slog, so that every line is structured and
// goes where the logger is sent. Commands under cmd/ may print.
func TestHygiene_NoFmtPrint(t *testing.T) {
	byDir := goFilesByDir(t)
	for _, dir := range slices.Sorted(maps.Keys(byDir)) {
		files := byDir[dir]
		if dir == "cmd" || strings.HasPrefix(dir, "cmd/") {
			continue
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, file, nil, 0)
			if err != nil {
				t.Errorf("%s: %v", file, err)
				continue
			}
			if f.Name.Name == "main" {
				continue
			}
			for _, pos := range fmtPrintCalls(f) {
				p := fset.Position(pos)
				t.Errorf("%s:%d: fmt.Print* in non-command code: log with slog instead", file, p.Line)
			}
		}
	}
}

// isPackageDoc reports whether doc starts "Package name", as go doc expects.
func isPackageDoc(doc, name string) bool {
	fields := strings.Fields(doc)
	return len(fields) >= 2 && fields[0] == "Package" && strings.TrimRight(fields[1], ".,:;") == name
}

// fmtPrintCalls returns the positions of fmt.Print, fmt.Println and
// fmt.Printf in f, whatever name fmt was imported under.
func fmtPrintCalls(f *ast.File) []token.Pos {
	local := ""
	for _, imp := range f.Imports {
		if imp.Path.Value != `"fmt"` {
			continue
		}
		local = "fmt"
		if imp.Name != nil {
			local = imp.Name.Name
		}
	}
	if local == "" || local == "_" {
		return nil
	}
	isPrint := func(name string) bool { return name == "Print" || name == "Println" || name == "Printf" }
	var found []token.Pos
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			// Obj is nil for the package name, and set for a local
			// variable that shadows it.
			if id, ok := n.X.(*ast.Ident); ok && id.Name == local && id.Obj == nil && isPrint(n.Sel.Name) {
				found = append(found, n.Pos())
			}
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && local == "." && id.Obj == nil && isPrint(id.Name) {
				found = append(found, n.Pos())
			}
		}
		return true
	})
	return found
}

// buildable reports whether the go tool builds file on this platform, so
// that files such as `//go:build ignore` generators do not count.
func buildable(file string) bool {
	ok, err := build.Default.MatchFile(filepath.Dir(file), filepath.Base(file))
	return err == nil && ok
}

// goFilesByDir walks the module from its root (this package's directory) and
// returns its .go files by directory, as slash-separated relative paths. It
// skips what the go tool skips (testdata, dot and underscore directories,
// nested modules) and generated or installed trees.
func goFilesByDir(t *testing.T) map[string][]string {
	t.Helper()
	skipAnywhere := []string{".git", "node_modules", "testdata"}
	skipAtRoot := []string{"bin", "data", "web/dist"}
	byDir := make(map[string][]string)
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		p = filepath.ToSlash(p)
		if d.IsDir() {
			if p == "." {
				return nil
			}
			name := d.Name()
			if slices.Contains(skipAnywhere, name) || slices.Contains(skipAtRoot, p) ||
				strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && strings.HasSuffix(p, ".go") {
			dir := path.Dir(p)
			byDir[dir] = append(byDir[dir], p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return byDir
}
