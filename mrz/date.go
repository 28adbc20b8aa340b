package mrz

import (
	"fmt"
	"time"

	"meridian"
)

// Date is a YYMMDD date of an MRZ with the century decided.
type Date struct {
	Raw string `json:"raw"` // as printed, e.g. "740812" or "7408<<"
	// Date is the full date, or the known part of it ("1974-08", "1974")
	// when the MRZ has fillers for an unknown day or month; empty when the
	// year is unknown or the field is unreadable.
	Date meridian.Date `json:"date,omitempty"`
}

// dateKind selects the century rule.
type dateKind int

const (
	birthDate dateKind = iota
	expiryDate
)

// pair reads two characters: their value, whether both are fillers (the
// part is unknown), and whether they are two digits.
func pair(s string) (n int, unknown, ok bool) {
	if s == "<<" {
		return 0, true, false
	}
	if s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), false, true
}

// parseDate decides the century of raw and checks the date exists. Birth
// dates take the latest century that does not put them after today; expiry
// dates the century that puts them within 50 years before or after today
// (documents expired long ago are still read, and none is issued for more
// than 50 years). The problem is empty when the date reads.
func parseDate(raw string, kind dateKind, now time.Time) (Date, string) {
	d := Date{Raw: raw}
	yy, yUnknown, yOK := pair(raw[0:2])
	mm, mUnknown, mOK := pair(raw[2:4])
	dd, dUnknown, dOK := pair(raw[4:6])
	switch {
	case yUnknown && mUnknown && dUnknown:
		return d, "" // wholly unknown, which Doc 9303 allows for birth dates
	case !yOK || (!mOK && !mUnknown) || (!dOK && !dUnknown):
		return d, fmt.Sprintf("%q is not a date YYMMDD (digits, or < for an unknown part)", raw)
	case mOK && (mm < 1 || mm > 12):
		return d, fmt.Sprintf("%q has no month %02d", raw, mm)
	case mUnknown && dOK:
		return d, fmt.Sprintf("%q has a day but no month", raw)
	}
	year := 2000 + yy
	switch kind {
	case birthDate:
		// The latest century that is not in the future, at the precision known.
		ny, nm, nd := now.Date()
		after := year > ny
		if year == ny && mOK {
			after = mm > int(nm) || (mm == int(nm) && dOK && dd > nd)
		}
		if after {
			year -= 100
		}
	case expiryDate:
		if year > now.Year()+50 {
			year -= 100
		}
	}
	switch {
	case mUnknown:
		d.Date = meridian.Date(fmt.Sprintf("%04d", year))
	case dUnknown:
		d.Date = meridian.Date(fmt.Sprintf("%04d-%02d", year, mm))
	default:
		t := time.Date(year, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
		if t.Day() != dd || dd == 0 {
			return d, fmt.Sprintf("%q: %04d-%02d has no day %02d", raw, year, mm, dd)
		}
		d.Date = meridian.Date(t.Format("2006-01-02"))
	}
	return d, ""
}
