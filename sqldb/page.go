package sqldb

import (
	"context"
	"database/sql"

	"meridian"
)

// keyset is one page of a list in the order of an id column: ids are
// UUIDv7, so id order is time order, and the last id of a page is the
// cursor of the next. Every list in the store pages with it, oldest or
// newest first, so that cursors mean the same everywhere.
type keyset struct {
	col    string // the id column, as the query names it ("id", "r.id")
	after  string // the cursor: the last id of the previous page, or ""
	limit  int
	newest bool // newest first
}

// pageOf checks a page's cursor (opaque to clients, but checked here) and
// returns the page of col it asks for.
func pageOf(op, col string, p meridian.Page, newest bool) (keyset, error) {
	if p.Cursor != "" && !meridian.IsID(p.Cursor) {
		return keyset{}, meridian.Invalidf(op, "cursor", "malformed cursor")
	}
	return keyset{col: col, after: p.Cursor, limit: p.Size(), newest: newest}, nil
}

// sql ends q, a query whose WHERE clause is open, with the page: after the
// cursor, in order, at most limit rows.
func (k keyset) sql(q string, args []any) (string, []any) {
	order := " ORDER BY " + k.col + " LIMIT ?"
	if k.newest {
		order = " ORDER BY " + k.col + " DESC LIMIT ?"
	}
	if k.after != "" {
		if k.newest {
			q += " AND " + k.col + " < ?"
		} else {
			q += " AND " + k.col + " > ?"
		}
		args = append(args, k.after)
	}
	return q + order, append(args, k.limit)
}

// next is the cursor of the page after one whose last id is last and
// which holds n rows: none when the page was not full.
func (k keyset) next(n int, last string) string {
	if n < k.limit || n == 0 {
		return ""
	}
	return last
}

// scanPage reads a page's rows with scan, which returns an item and its
// id, and returns the items and the next page's cursor.
func scanPage[T any](k keyset, rows *sql.Rows, scan func(*sql.Rows) (T, string, error)) ([]T, string, error) {
	defer rows.Close()
	var out []T
	var last string
	for rows.Next() {
		x, id, err := scan(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, x)
		last = id
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	return out, k.next(len(out), last), nil
}

// readPage runs q (with its WHERE clause open) as the page k outside any
// transaction, for lists that are not audited.
func readPage[T any](ctx context.Context, s *DB, op string, k keyset, q string, args []any,
	scan func(*sql.Rows) (T, string, error)) ([]T, string, error) {
	q, args = k.sql(q, args)
	rows, err := s.db.QueryContext(ctx, s.d.Rebind(q), args...)
	if err != nil {
		return nil, "", meridian.Internal(op, err)
	}
	out, next, err := scanPage(k, rows, scan)
	if err != nil {
		return nil, "", meridian.Internal(op, err)
	}
	return out, next, nil
}
