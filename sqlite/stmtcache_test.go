package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestStmtCache runs statements on one connection as the store does and
// checks that a statement is prepared once and kept, that the same text
// run while its rows are open still answers (prepared anew), that a kept
// statement sees a schema change, that a cancelled query leaves it
// usable, and that the cache stays bounded.
func TestStmtCache(t *testing.T) {
	ctx := context.Background()
	db, err := OpenSQL(filepath.Join(t.TempDir(), File))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	kept := func() (n int) {
		conn.Raw(func(dc any) error {
			c := dc.(*cachingConn)
			c.mu.Lock()
			n = len(c.stmts)
			c.mu.Unlock()
			return nil
		})
		return n
	}
	mustExec := func(q string, args ...any) {
		t.Helper()
		if _, err := conn.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	mustExec(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`)
	for i := range 5 {
		mustExec(`INSERT INTO t (id, name) VALUES (?, ?)`, i, fmt.Sprint("n", i))
	}
	t.Run("Kept", func(t *testing.T) {
		before := kept()
		for range 3 {
			var n int
			if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM t WHERE id >= ?`, 0).Scan(&n); err != nil || n != 5 {
				t.Fatalf("count %d: %v", n, err)
			}
		}
		if got := kept() - before; got != 1 {
			t.Fatalf("three runs of one statement kept %d statements, want 1", got)
		}
	})
	t.Run("SameTextWhileOpen", func(t *testing.T) {
		const q = `SELECT id FROM t WHERE id >= ? ORDER BY id`
		outer, err := conn.QueryContext(ctx, q, 0)
		if err != nil {
			t.Fatal(err)
		}
		var seen, inner int
		for outer.Next() {
			seen++
			rows, err := conn.QueryContext(ctx, q, 3)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				inner++
			}
			rows.Close()
		}
		outer.Close()
		if seen != 5 || inner != 10 {
			t.Fatalf("outer %d rows, inner %d, want 5 and 10", seen, inner)
		}
	})
	t.Run("SchemaChange", func(t *testing.T) {
		const q = `SELECT * FROM t WHERE id = ?`
		cols := func() int {
			rows, err := conn.QueryContext(ctx, q, 1)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			c, _ := rows.Columns()
			return len(c)
		}
		if n := cols(); n != 2 {
			t.Fatalf("%d columns", n)
		}
		mustExec(`ALTER TABLE t ADD COLUMN extra TEXT NOT NULL DEFAULT 'x'`)
		if n := cols(); n != 3 {
			t.Fatalf("after ALTER TABLE: %d columns, want 3", n)
		}
	})
	t.Run("Cancelled", func(t *testing.T) {
		const q = `SELECT name FROM t WHERE id = ?`
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := conn.QueryContext(cctx, q, 1); err == nil {
			t.Fatal("a cancelled query answered")
		}
		var name string
		if err := conn.QueryRowContext(ctx, q, 2).Scan(&name); err != nil || name != "n2" {
			t.Fatalf("after a cancelled run: %q, %v", name, err)
		}
	})
	t.Run("Bounded", func(t *testing.T) {
		for i := range stmtsPerConn + 20 {
			var n int
			if err := conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT COUNT(*) + %d FROM t`, i)).Scan(&n); err != nil || n != 5+i {
				t.Fatalf("query %d: %d, %v", i, n, err)
			}
		}
		if n := kept(); n > stmtsPerConn {
			t.Fatalf("%d statements kept, bound %d", n, stmtsPerConn)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		// A statement that fails (a constraint) stays usable.
		const q = `INSERT INTO t (id, name) VALUES (?, ?)`
		if _, err := conn.ExecContext(ctx, q, 1, "dup"); err == nil {
			t.Fatal("duplicate key accepted")
		}
		if _, err := conn.ExecContext(ctx, q, 99, "new"); err != nil {
			t.Fatalf("after a failed run: %v", err)
		}
	})
}
