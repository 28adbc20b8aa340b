package meridian

import (
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// NewID returns a new record id: a UUIDv7, so ids sort by creation time and
// serve as stable pagination cursors.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// IsID reports whether s is a well-formed id in canonical (lower-case,
// hyphenated) form.
func IsID(s string) bool {
	if len(s) != 36 {
		return false
	}
	u, err := uuid.Parse(s)
	return err == nil && u.String() == s
}

// Date is a calendar date that may be partial, as dates of birth often are:
// "1985", "1985-03" or "1985-03-12".
type Date string

// ParseDate checks s and returns it as a Date.
func ParseDate(s string) (Date, bool) {
	d := Date(s)
	y, m, dd := d.parts()
	if y < 0 {
		return "", false
	}
	switch {
	case len(s) == 4:
		return d, true
	case len(s) == 7 && m >= 1 && m <= 12:
		return d, true
	case len(s) == 10 && m >= 1 && m <= 12 && dd >= 1:
		t := time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC)
		return d, t.Day() == dd
	}
	return "", false
}

// DateOf returns the full date of t in UTC.
func DateOf(t time.Time) Date { return Date(t.UTC().Format("2006-01-02")) }

func (d Date) parts() (y, m, dd int) {
	s := string(d)
	if len(s) < 4 || (len(s) > 4 && s[4] != '-') || (len(s) > 7 && s[7] != '-') {
		return -1, 0, 0
	}
	num := func(p string) int {
		if strings.TrimLeft(p, "0123456789") != "" {
			return -1
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			return -1
		}
		return n
	}
	y = num(s[:4])
	if len(s) >= 7 {
		m = num(s[5:7])
	}
	if len(s) == 10 {
		dd = num(s[8:10])
	}
	if y < 1 || m < 0 || dd < 0 {
		return -1, 0, 0
	}
	return y, m, dd
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == "" }

// Partial reports whether the day (or month) is unknown.
func (d Date) Partial() bool { return len(d) != 10 }

// Year returns the year, or 0 for an unset or malformed date.
func (d Date) Year() int {
	y, _, _ := d.parts()
	if y < 0 {
		return 0
	}
	return y
}

// Time returns the first instant the date can denote, in UTC.
func (d Date) Time() time.Time {
	y, m, dd := d.parts()
	if y < 0 {
		return time.Time{}
	}
	if m == 0 {
		m = 1
	}
	if dd == 0 {
		dd = 1
	}
	return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC)
}
