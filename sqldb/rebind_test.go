package sqldb_test

import (
	"testing"

	"meridian/sqldb"
)

func TestRebindQuestion(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = $1 AND b = $2"},
		{"x = '?' AND y = ?", "x = '?' AND y = $1"},
	} {
		if got := sqldb.RebindQuestion(tc.in); got != tc.want {
			t.Errorf("RebindQuestion(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
