package meridian_test

import (
	"testing"

	"meridian"
)

// TestParseDate: a date must exist on the calendar, whatever its shape.
func TestParseDate(t *testing.T) {
	for s, ok := range map[string]bool{
		"2024-02-29": true, "2000-02-29": true, "2026-12-31": true, "1974": true, "1974-08": true,
		"2025-02-29": false, "2100-02-29": false, "2026-13-45": false, "2026-04-31": false, "2026-00-10": false,
		"2026-01-00": false, "2026-13": false, "2026-00": false, "0000-01-01": false, "0000": false, "-001-01-01": false,
		"2026-1-01": false, "2026-01-1": false, "20260101": false, "2026-01-01T00:00:00Z": false, "": false, "+026-01-01": false,
	} {
		if _, got := meridian.ParseDate(s); got != ok {
			t.Errorf("ParseDate(%q) = %v, want %v", s, got, ok)
		}
	}
}
