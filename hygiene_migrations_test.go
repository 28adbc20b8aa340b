package meridian_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// dialectTypes are the known differences between the engines' migrations,
// as the SQLite text is rewritten to read as the PostgreSQL one. Anything
// else that differs is drift.
var dialectTypes = strings.NewReplacer(
	"INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY",
	"BLOB", "BYTEA",
	"unhex(hash)", "decode(hash, 'hex')",
	// A table stored as its primary key's B-tree: PostgreSQL has no
	// such option (its tables are heaps beside their indexes).
	") WITHOUT ROWID", ")",
)

var (
	sqlComment = regexp.MustCompile(`--[^\n]*`)
	sqlSpace   = regexp.MustCompile(`\s+`)
)

// statements returns a migration's statements without comments, blanks
// collapsed, with the SQLite types spelt as PostgreSQL's.
func statements(t *testing.T, file string) []string {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := sqlComment.ReplaceAllString(string(src), "")
	var out []string
	for _, s := range strings.Split(text, ";") {
		s = strings.TrimSpace(sqlSpace.ReplaceAllString(s, " "))
		if s != "" {
			out = append(out, dialectTypes.Replace(s))
		}
	}
	return out
}

func migrationNames(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		files[i] = filepath.Base(f)
	}
	return files
}

// TestHygiene_MigrationsAgree checks that the SQLite and PostgreSQL
// migrations stay one schema: the same files, and the same statements
// once the known type differences are read alike. sqldb runs the same SQL
// on both, so a column added to one engine only breaks the other in
// production, not here.
func TestHygiene_MigrationsAgree(t *testing.T) {
	lite, pg := migrationNames(t, "sqlite/migrations"), migrationNames(t, "postgres/migrations")
	if len(lite) == 0 {
		t.Fatal("no SQLite migrations found: is the test run from the module root?")
	}
	for _, f := range lite {
		if !slices.Contains(pg, f) {
			t.Errorf("sqlite/migrations/%s has no counterpart in postgres/migrations", f)
		}
	}
	for _, f := range pg {
		if !slices.Contains(lite, f) {
			t.Errorf("postgres/migrations/%s has no counterpart in sqlite/migrations", f)
		}
	}
	for _, f := range lite {
		if !slices.Contains(pg, f) {
			continue
		}
		a := statements(t, filepath.Join("sqlite/migrations", f))
		b := statements(t, filepath.Join("postgres/migrations", f))
		for i := range max(len(a), len(b)) {
			var x, y string
			if i < len(a) {
				x = a[i]
			}
			if i < len(b) {
				y = b[i]
			}
			if x != y {
				t.Errorf("%s: statement %d differs beyond the known type differences:\n sqlite:   %s\n postgres: %s", f, i+1, x, y)
				break
			}
		}
	}
}
