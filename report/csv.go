package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"meridian"
)

// csvHeader names the columns of the anonymised statistics.
var csvHeader = []string{"table", "nationality", "sex", "age_band", "exploitation", "origin", "destination", "n"}

// SuppressedCell is what a suppressed cell shows instead of its count. It
// does not say "fewer than 11": complementary suppression also hides
// larger cells (and zero ones), and a reader who took every hidden cell
// for a small one would be misled, or could narrow the others down.
var SuppressedCell = "suppressed"

// CSV writes the anonymised statistics with a header, one row per cell.
// A count under meridian.Suppression is written as suppressed whether or not
// the store already suppressed it, so that no small number can leave
// through this file even from a caller that forgot to suppress. Text cells
// that a spreadsheet would read as a formula are defused. The output is
// RFC 4180 (CRLF line ends, no comment lines).
func CSV(w io.Writer, rows []meridian.StatRow) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("report: csv: %w", err)
	}
	rec := make([]string, len(csvHeader))
	for _, r := range rows {
		for i, s := range []string{r.Table, r.Nationality, r.Sex, r.AgeBand, r.Exploitation, r.Origin, r.Destination} {
			rec[i] = defuse(s)
		}
		rec[7] = count(r)
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("report: csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: csv: %w", err)
	}
	return nil
}

// count is a row's count as shown: the number, or SuppressedCell.
func count(r meridian.StatRow) string {
	if r.Suppressed || r.N < meridian.Suppression {
		return SuppressedCell
	}
	return strconv.FormatInt(r.N, 10)
}

// defuse keeps a spreadsheet from running a cell as a formula (CSV
// injection, OWASP): a cell that starts with = + - @, a tab or a carriage
// return is prefixed with an apostrophe, which spreadsheets show as text.
func defuse(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
