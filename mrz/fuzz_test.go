package mrz_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"meridian"
	"meridian/mrz"
)

// FuzzParse checks what must hold for any input: an EInvalid error or a
// result whose every verdict can be recomputed from its own lines, whose
// confusions point at the characters they name and fix what they claim,
// and which reads the same when parsed again.
func FuzzParse(f *testing.F) {
	for _, s := range []string{specimenTD3, specimenTD2, specimenTD1, specimenMRVA, specimenMRVB, germanTD3, germanTD1,
		set(specimenTD3, 2, 6, 'O'), set(specimenTD1, 1, 15, '<'), strings.ToLower(specimenTD2) + "\r\n",
		"IDUTO123456789<07<<<<<<<<<<<<<\n8601012M3001019UTO<<<<<<<<<<<6\nSPECIMEN<<JANE<<<<<<<<<<<<<<<<",
		"", "P<\nL8", "<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		m, err := mrz.ParseAt(text, today)
		if err != nil {
			if meridian.KindOf(err) != meridian.EInvalid || meridian.MessageOf(err) == "" || !strings.HasPrefix(err.Error(), "mrz: ") {
				t.Fatalf("error %v of kind %s", err, meridian.KindOf(err))
			}
			return
		}
		width := map[mrz.Format]int{mrz.TD1: 30, mrz.TD2: 36, mrz.TD3: 44, mrz.MRVA: 44, mrz.MRVB: 36}[m.Format]
		if want := map[bool]int{true: 3, false: 2}[m.Format == mrz.TD1]; len(m.Lines) != want || width == 0 {
			t.Fatalf("format %q with %d lines", m.Format, len(m.Lines))
		}
		for _, l := range m.Lines {
			if len(l) != width || strings.Trim(l, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<") != "" {
				t.Fatalf("line %q", l)
			}
		}
		char := func(line, col int) string { return string(m.Lines[line-1][col-1]) }
		valid := true
		for _, c := range m.Checks {
			if c.Digit != char(c.Line, c.Column) {
				t.Errorf("check %+v: digit not the one at its place", c)
			}
			if c.Valid && c.Digit != c.Want && c.Digit != "<" {
				t.Errorf("check %+v valid with another digit", c)
			}
			valid = valid && c.Valid
		}
		if valid != m.Valid || len(m.Checks) == 0 {
			t.Errorf("valid %v, checks %+v", m.Valid, m.Checks)
		}
		joined := strings.Join(m.Lines, "\n")
		for _, c := range m.Confusions {
			if c.Found != char(c.Line, c.Column) || c.Found == c.Likely || c.Reason == "" {
				t.Fatalf("confusion %+v on %q", c, joined)
			}
			if len(c.Fixes) == 0 {
				continue
			}
			swapped := mustParse(t, set(joined, c.Line, c.Column, c.Likely[0]))
			for _, ck := range swapped.Checks {
				if slices.Contains(c.Fixes, ck.Field) && !ck.Valid {
					t.Errorf("confusion %+v does not fix %s", c, ck.Field)
				}
			}
		}
		for _, d := range []mrz.Date{m.BirthDate, m.ExpiryDate} {
			if _, ok := meridian.ParseDate(string(d.Date)); d.Date != "" && !ok {
				t.Errorf("date %+v", d)
			}
		}
		if m.BirthDate.Date != "" && m.BirthDate.Date.Time().After(today) {
			t.Errorf("born in the future: %s", m.BirthDate.Date)
		}
		for _, c := range []mrz.Country{m.IssuingState, m.Nationality} {
			if c.Alpha2 != "" && !meridian.IsCountry(c.Alpha2) {
				t.Errorf("country %+v", c)
			}
		}
		if !slices.Contains(meridian.DocumentTypes, m.DocumentType) {
			t.Errorf("document type %q", m.DocumentType)
		}
		f := meridian.Fields{Op: "fuzz"}
		pq, dq := m.PersonQuery(), m.DocumentQuery()
		pq.Validate(&f, "")
		dq.Validate(&f, "")
		if err := f.Err(); err != nil {
			t.Errorf("screening queries invalid: %v", err)
		}
		if again := mustParse(t, joined); !reflect.DeepEqual(again, m) {
			t.Errorf("parsed again:\n%+v\nfirst:\n%+v", again, m)
		}
	})
}
