package meridian

import "strconv"

// Page asks for one page of a list. Cursor is opaque: the NextCursor of the
// page before, or empty for the first page.
type Page struct {
	Cursor string `query:"cursor" doc:"opaque cursor from the previous page's next_cursor"`
	Limit  int    `query:"limit" minimum:"0" maximum:"1000" doc:"page size, default 100"`
}

// Page size limits.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
)

// Size returns the effective page size.
func (p Page) Size() int {
	switch {
	case p.Limit <= 0:
		return DefaultPageSize
	case p.Limit > MaxPageSize:
		return MaxPageSize
	}
	return p.Limit
}

func indexed(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }

func formatInt(n int64) string { return strconv.FormatInt(n, 10) }
