// Package watchlist reads watchlists in the forms agencies exchange them,
// a flat CSV and FollowTheMoney JSON lines, streaming and with an error per
// offending line, so that `meridian import watchlist --format csv|ftm FILE`
// can refuse a bad file whole and tell its sender exactly what to fix and
// where. It only parses and maps: the caller validates and stores each
// entry, in one transaction it rolls back if any line failed.
package watchlist

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"meridian"
)

// Entry is one watchlist entry read from a file.
type Entry struct {
	Line     int                   // 1-based line (CSV: record's line; FtM: line of the JSON object)
	Person   *meridian.WatchPerson // exactly one of Person and Document is set
	Document *meridian.WatchDocument
}

// LineError is what is wrong on one line.
type LineError struct {
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"` // column or property, e.g. "birth_date", "properties.birthDate[0]"
	Message string `json:"message"`
}

func (e LineError) Error() string {
	if e.Field == "" {
		return "line " + strconv.Itoa(e.Line) + ": " + e.Message
	}
	return "line " + strconv.Itoa(e.Line) + ": " + e.Field + ": " + e.Message
}

// MaxErrors is how many line errors are collected before reading stops: a
// file that wrong is the wrong file, and its report stays readable.
const MaxErrors = 1000

var bom = []byte("\ufeff")

// collector gathers the line errors of one read and calls the caller's fn.
type collector struct {
	op   string
	fn   func(Entry) error
	errs []LineError
}

// add records errors found on one line.
func (c *collector) add(es ...LineError) {
	c.errs = append(c.errs, es...)
}

// call passes e to fn. An invalid-input error from fn becomes line errors,
// its domain fields renamed by field to what the file calls them; any
// other error is returned and ends the read.
func (c *collector) call(e Entry, field func(string) string) error {
	err := c.fn(e)
	if err == nil {
		return nil
	}
	if meridian.KindOf(err) != meridian.EInvalid {
		return fmt.Errorf("watchlist: line %d: %w", e.Line, err)
	}
	for _, fe := range meridian.FieldErrors(err) {
		c.add(LineError{Line: e.Line, Field: field(fe.Field), Message: fe.Message})
	}
	return nil
}

// full returns the error that ends a read once MaxErrors are collected,
// trimming the errors of the last line to fit.
func (c *collector) full(line int) error {
	if len(c.errs) < MaxErrors {
		return nil
	}
	c.errs = c.errs[:MaxErrors]
	return c.invalid("stopped at line %d after %d errors", line, MaxErrors)
}

// result is what a read returns: nil rather than an empty slice.
func (c *collector) result(err error) ([]LineError, error) {
	if len(c.errs) == 0 {
		return nil, err
	}
	return c.errs, err
}

func (c *collector) invalid(format string, args ...any) error {
	return meridian.Errorf(meridian.EInvalid, c.op, format, args...)
}

// readErr wraps a failure of the underlying reader: not the file's fault,
// so not shown to the user as such.
func readErr(err error) error {
	return fmt.Errorf("watchlist: read: %w", err)
}

// skipBOM drops a UTF-8 byte order mark, which spreadsheet programs write.
func skipBOM(br *bufio.Reader) error {
	b, err := br.Peek(len(bom))
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	if bytes.Equal(b, bom) {
		br.Discard(len(bom))
	}
	return nil
}

// splitField splits a domain field such as "names[2].full" into its base
// "names", index 2 (-1 when none) and the rest ".full".
func splitField(f string) (base string, i int, rest string) {
	end := strings.IndexAny(f, ".[")
	if end < 0 {
		return f, -1, ""
	}
	base, rest = f[:end], f[end:]
	if rest[0] != '[' {
		return base, -1, rest
	}
	j := strings.IndexByte(rest, ']')
	if j < 0 {
		return base, -1, rest
	}
	n, err := strconv.Atoi(rest[1:j])
	if err != nil || n < 0 {
		return base, -1, rest
	}
	return base, n, rest[j+1:]
}

// list splits a ';'-separated CSV value, dropping empty items so that a
// trailing or doubled separator means nothing.
func list(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for item := range strings.SplitSeq(s, ";") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// RejectedError refuses a file whole because of the errors on its lines.
// It is an invalid-input error (meridian.KindOf reports EInvalid) whose
// message lists the lines, so that every front end shows the sender what
// to fix rather than "internal error".
type RejectedError struct {
	Lines []LineError
	err   *meridian.Error
}

// Rejected returns the error refusing a file for errs (not empty).
func Rejected(op string, errs []LineError) *RejectedError {
	var nums []string
	for _, le := range errs {
		n := strconv.Itoa(le.Line)
		if len(nums) > 0 && nums[len(nums)-1] == n {
			continue
		}
		if len(nums) == 20 {
			nums = append(nums, "...")
			break
		}
		nums = append(nums, n)
	}
	return &RejectedError{Lines: errs, err: meridian.Errorf(meridian.EInvalid, op,
		"import rejected: %d error(s) on line(s) %s; nothing was imported", len(errs), strings.Join(nums, ", "))}
}

func (e *RejectedError) Error() string { return e.err.Error() }
func (e *RejectedError) Unwrap() error { return e.err }
