package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"meridian/analysis"
)

func writeSeries(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "series.csv")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestAnalyseChangepoints runs `meridian analyse changepoints` on series
// with known changes: a generated daily count series (dates, a header),
// a real-valued series with numeric times, and bad input, each error
// naming its line.
func TestAnalyseChangepoints(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		pl := analysis.Generate(424242, true)
		var b strings.Builder
		b.WriteString("date,victims\n")
		day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		for i, v := range pl.Values {
			fmt.Fprintf(&b, "%s,%g\n", day.AddDate(0, 0, i).Format("2006-01-02"), v)
		}
		out, errs, code := runMain(t, "", "analyse", "changepoints", writeSeries(t, b.String()))
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var got []int
		for _, l := range strings.Fields(out) {
			var i int
			if _, err := fmt.Sscan(l, &i); err != nil {
				t.Fatalf("output line %q is not an index", l)
			}
			got = append(got, i)
		}
		if f, _, _ := analysis.F1(pl.Changes, got, 5); f < 0.8 {
			t.Errorf("changes %v, want near %v (F1 %.2f)", got, pl.Changes, f)
		}
	})
	t.Run("Gaussian", func(t *testing.T) {
		var b strings.Builder
		for i := range 120 {
			v := 0.3 * float64((i*7919)%11-5) / 5 // noise in [-0.3, 0.3]
			if i >= 60 {
				v += 2.5
			}
			fmt.Fprintf(&b, "%d,%.3f\n", i, v-1.2)
		}
		out, errs, code := runMain(t, "", "analyse", "changepoints", "--explain", writeSeries(t, b.String()))
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if !strings.HasPrefix(out, "60,60,") && !strings.HasPrefix(out, "59,") && !strings.HasPrefix(out, "61,") {
			t.Errorf("output %q, want one change near 60", out)
		}
	})
	t.Run("LargeWholeNumbers", func(t *testing.T) {
		// Whole numbers, but far noisier than counts: one change, not many.
		var b strings.Builder
		for i := range 200 {
			v := 50000 + 1500*((i*7919)%13-6)/6
			if i >= 100 {
				v += 8000
			}
			fmt.Fprintf(&b, "%d,%d\n", i, v)
		}
		out, errs, code := runMain(t, "", "analyse", "changepoints", writeSeries(t, b.String()))
		if code != 0 || len(strings.Fields(out)) != 1 {
			t.Fatalf("exit %d, stdout %q, stderr %q; want one change near 100", code, out, errs)
		}
		var i int
		fmt.Sscan(out, &i)
		if i < 95 || i > 105 {
			t.Errorf("change at %d, want near 100", i)
		}
	})
	for _, tc := range []struct{ name, body, want string }{
		{"Empty", "", "the file is empty"},
		{"HeaderOnly", "time,value\n", "the file is empty"},
		{"NotANumber", "time,value\n1,4\n2,four\n", "line 3: value \"four\" is not a number"},
		{"SinglePoint", "2025-01-01,4\n", "line 1: a single point"},
		{"Unordered", "2025-01-02,4\n2025-01-01,5\n2025-01-03,6\n", "line 2: time \"2025-01-01\" does not come after"},
		{"Repeated", "1,4\n1,5\n", "line 2: time \"1\" does not come after"},
		{"Fields", "1,4\n2,5,6\n", "line 2: want time,value"},
		{"BadTime", "1,4\nsoon,5\n", "line 2: time \"soon\""},
		{"MixedTimes", "1,4\n2025-01-01,5\n", "line 2: time \"2025-01-01\" is not in the form"},
		{"NaN", "1,4\n2,NaN\n", "line 2: value \"NaN\" is not a number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := runMain(t, "", "analyse", "changepoints", writeSeries(t, tc.body))
			if code != 1 || out != "" || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errs, tc.want)
			}
		})
	}
	t.Run("NoFile", func(t *testing.T) {
		_, errs, code := runMain(t, "", "analyse", "changepoints", filepath.Join(t.TempDir(), "none.csv"))
		if code != 1 || !strings.Contains(errs, "no such file") {
			t.Errorf("exit %d, stderr %q", code, errs)
		}
	})
}
