package report_test

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"meridian"
	"meridian/report"
)

func readCSV(t testing.TB, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, b)
	}
	return recs
}

func TestCSV(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		rows := []meridian.StatRow{
			{Table: "victims_by_profile", Nationality: "AL", Sex: "F", AgeBand: "18-24", N: 32},
			{Table: "victims_by_profile", Nationality: "CO", Sex: "F", AgeBand: "12-17", Suppressed: true},
			{Table: "victims_by_exploitation", Exploitation: "forced_criminality", N: 11},
			{Table: "migrants_by_route", Origin: "SY", Destination: "DE", N: 1204},
		}
		var b bytes.Buffer
		if err := report.CSV(&b, rows); err != nil {
			t.Fatal(err)
		}
		want := "table,nationality,sex,age_band,exploitation,origin,destination,n\r\n" +
			"victims_by_profile,AL,F,18-24,,,,32\r\n" +
			"victims_by_profile,CO,F,12-17,,,,suppressed\r\n" +
			"victims_by_exploitation,,,,forced_criminality,,,11\r\n" +
			"migrants_by_route,,,,,SY,DE,1204\r\n"
		if b.String() != want {
			t.Errorf("got\n%q\nwant\n%q", b.String(), want)
		}
	})
	t.Run("Suppression", func(t *testing.T) {
		// Rows a careless caller did not suppress are suppressed anyway.
		var rows []meridian.StatRow
		for n := int64(0); n <= 12; n++ {
			rows = append(rows, meridian.StatRow{Table: "migrants_by_nationality", Nationality: "SY", N: n})
		}
		var b bytes.Buffer
		if err := report.CSV(&b, rows); err != nil {
			t.Fatal(err)
		}
		recs := readCSV(t, b.Bytes())
		for i, rec := range recs[1:] {
			n := rec[7]
			want := report.SuppressedCell
			if i >= meridian.Suppression {
				want = strconv.Itoa(i)
			}
			if n != want {
				t.Errorf("count %d shown as %q, want %q", i, n, want)
			}
		}
	})
	t.Run("Injection", func(t *testing.T) {
		rows := []meridian.StatRow{{
			Table: "=HYPERLINK(\"http://x\",\"y\")", Nationality: "+1", Sex: "-1+2", AgeBand: "@SUM(A1)",
			Exploitation: "\tcmd", Origin: "\r=1", Destination: "a=b", N: 40,
		}}
		var b bytes.Buffer
		if err := report.CSV(&b, rows); err != nil {
			t.Fatal(err)
		}
		rec := readCSV(t, b.Bytes())[1]
		want := []string{"'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'-1+2", "'@SUM(A1)", "'\tcmd", "'=1", "a=b", "40"}
		// "\r=1" reads back as "'=1": with CRLF line ends encoding/csv drops a
		// lone carriage return, which would have left "=1" had it not been
		// defused first.
		for i := range want {
			if rec[i] != want[i] {
				t.Errorf("column %d: got %q, want %q", i, rec[i], want[i])
			}
		}
	})
	t.Run("Empty", func(t *testing.T) {
		var b bytes.Buffer
		if err := report.CSV(&b, nil); err != nil {
			t.Fatal(err)
		}
		if b.String() != "table,nationality,sex,age_band,exploitation,origin,destination,n\r\n" {
			t.Errorf("got %q", b.String())
		}
	})
}

// FuzzCSV checks the file's promises for any cell: it parses back to the
// same number of columns, no text cell can start a formula, and no count
// under 11 is written.
func FuzzCSV(f *testing.F) {
	f.Add("victims_by_profile", "AL", "F", "18-24", "sexual_exploitation", "", "", int64(32), false)
	f.Add("migrants_by_route", "", "", "", "", "SY", "DE", int64(5), false)
	f.Add("=cmd|' /C calc'!A0", "+", "-", "@", "\t", "\r\n", "\"", int64(0), true)
	f.Fuzz(func(t *testing.T, table, nat, sex, band, expl, origin, dest string, n int64, suppressed bool) {
		row := meridian.StatRow{Table: table, Nationality: nat, Sex: sex, AgeBand: band, Exploitation: expl, Origin: origin, Destination: dest, N: n, Suppressed: suppressed}
		var b bytes.Buffer
		if err := report.CSV(&b, []meridian.StatRow{row}); err != nil {
			t.Skip("not writable as CSV:", err) // only invalid UTF-8 quoting edge cases
		}
		r := csv.NewReader(&b)
		r.FieldsPerRecord = 8
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("output does not parse: %v", err)
		}
		if len(recs) != 2 {
			t.Fatalf("%d records, want header and one row", len(recs))
		}
		for i, c := range recs[1][:7] {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("column %d starts a formula: %q", i, c)
			}
		}
		got := recs[1][7]
		if got == report.SuppressedCell {
			return
		}
		v, err := strconv.ParseInt(got, 10, 64)
		if err != nil || v < meridian.Suppression || suppressed || v != n {
			t.Errorf("count %d (suppressed %v) written as %q", n, suppressed, got)
		}
	})
}
