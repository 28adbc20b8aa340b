package edifact

import (
	"fmt"
	"strings"
	"time"

	"meridian"
)

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi reads a string of digits (callers check with digits first).
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func validDate(y, m, d int) bool {
	if y < 1 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Day() == d
}

// localTime joins a date and an optional HHMM time; "" when invalid.
func localTime(y, m, d int, hhmm string) meridian.LocalTime {
	if !validDate(y, m, d) {
		return ""
	}
	date := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	if len(hhmm) >= 4 && digits(hhmm[:4]) {
		h, mi := atoi(hhmm[:2]), atoi(hhmm[2:4])
		if h < 24 && mi < 60 {
			return meridian.LocalTime(fmt.Sprintf("%sT%02d:%02d", date, h, mi))
		}
		if h == 24 && mi == 0 {
			t := time.Date(y, time.Month(m), d+1, 0, 0, 0, 0, time.UTC)
			return meridian.LocalTimeOf(t)
		}
		return ""
	}
	return meridian.LocalTime(date)
}

// century picks the full year of a two-digit year: for a date of birth
// (past) the latest year not after ref, for other dates the year nearest
// to ref.
func century(yy int, ref time.Time, past bool) int {
	base := ref.Year() - ref.Year()%100
	y := base + yy
	if past {
		if y > ref.Year() {
			y -= 100
		}
		return y
	}
	switch {
	case y > ref.Year()+50:
		y -= 100
	case y <= ref.Year()-50:
		y += 100
	}
	return y
}

// dtm reads a PAXLST date/time value with its format code (2379): 101
// YYMMDD, 102 CCYYMMDD, 201 YYMMDDHHMM, 203 CCYYMMDDHHMM, 204
// CCYYMMDDHHMMSS; without a code, the length decides.
func dtm(v, format string, ref time.Time, past bool) (meridian.LocalTime, bool) {
	if !digits(v) {
		return "", false
	}
	switch format {
	case "101", "102", "201", "203", "204", "":
	default:
		return "", false
	}
	var y, rest int
	var tail string
	switch len(v) {
	case 6, 10:
		y, rest = century(atoi(v[:2]), ref, past), 2
	case 8, 12, 14:
		y, rest = atoi(v[:4]), 4
	default:
		return "", false
	}
	m, d := atoi(v[rest:rest+2]), atoi(v[rest+2:rest+4])
	if len(v) > rest+4 {
		tail = v[rest+4:]
	}
	t := localTime(y, m, d, tail)
	return t, t != ""
}

var months = map[string]int{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
	"JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}

// airimpDate reads the dates of SSR DOCS and DOCO: DDMMMYY (12JUL64), or
// a partial MMMYY or YY when that is all the traveller knows.
func airimpDate(v string, ref time.Time, past bool) (meridian.Date, bool) {
	v = strings.ToUpper(strings.TrimSpace(v))
	switch len(v) {
	case 7:
		mo, ok := months[v[2:5]]
		if !ok || !digits(v[:2]) || !digits(v[5:]) {
			return "", false
		}
		y, d := century(atoi(v[5:]), ref, past), atoi(v[:2])
		if !validDate(y, mo, d) {
			return "", false
		}
		return meridian.Date(fmt.Sprintf("%04d-%02d-%02d", y, mo, d)), true
	case 5:
		mo, ok := months[v[:3]]
		if !ok || !digits(v[3:]) {
			return "", false
		}
		return meridian.Date(fmt.Sprintf("%04d-%02d", century(atoi(v[3:]), ref, past), mo)), true
	case 2:
		if !digits(v) {
			return "", false
		}
		return meridian.Date(fmt.Sprintf("%04d", century(atoi(v), ref, past))), true
	}
	return "", false
}

// ddmmyy reads the PNRGOV dates (DDMMYY) with an optional HHMM time.
func ddmmyy(date, hhmm string, ref time.Time) meridian.LocalTime {
	if len(date) != 6 || !digits(date) {
		return ""
	}
	return localTime(century(atoi(date[4:]), ref, false), atoi(date[2:4]), atoi(date[:2]), hhmm)
}

// country returns the ISO 3166-1 alpha-2 code of an alpha-2 or alpha-3
// code, or of the ICAO 9303 codes that stand for a state (D for Germany,
// GBD ... GBS for British nationals); an unknown code comes back as sent.
func country(code string) (string, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" {
		return "", true
	}
	if c, ok := meridian.LookupCountry(code); ok {
		return c.Alpha2, true
	}
	switch code {
	case "D":
		return "DE", true
	case "GBD", "GBN", "GBO", "GBP", "GBS":
		return "GB", true
	}
	return code, false
}

// docType maps a document type code (PAXLST 1001, SSR DOCS and DOCO) onto
// Meridian's document types.
func docType(code string) meridian.DocumentType {
	switch c := strings.ToUpper(strings.TrimSpace(code)); {
	case c == "P" || c == "PP" || c == "IP" || c == "PT" || c == "PD" || c == "PS" || c == "PO" || c == "PM" || c == "PL":
		return "passport"
	case c == "V" || c == "VI":
		return "visa"
	case c == "I" || c == "ID" || c == "IC" || c == "A" || c == "IN":
		return "id_card"
	case c == "C" || c == "CR" || c == "IR":
		return "residence_permit"
	case c == "AC" || c == "T" || c == "F" || c == "R" || c == "E" || c == "PR":
		return "travel_document"
	case c == "L" || c == "DL":
		return "driving_licence"
	}
	return "other"
}

// sex maps the sex codes of ATT and SSR DOCS (MI and FI are infants).
func sex(code string) (meridian.Sex, bool) {
	switch strings.ToUpper(strings.TrimSpace(code)) {
	case "M", "MI":
		return "M", true
	case "F", "FI":
		return "F", true
	case "X":
		return "X", true
	case "U":
		return "U", true
	case "":
		return "", true
	}
	return "", false
}
