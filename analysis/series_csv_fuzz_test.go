package analysis_test

import (
	"strings"
	"testing"

	"meridian"
	"meridian/analysis"
)

// FuzzReadSeries: any input reads as a series of at least two points in
// increasing time, or fails with a domain error (never a panic), and the
// detector runs over what it reads.
func FuzzReadSeries(f *testing.F) {
	for _, s := range []string{
		"time,value\n2025-01-01,3\n2025-01-02,4\n",
		"0,1.5\n1,-2\n2,3e2\n",
		"2025-01,4\n2025-02,5\n",
		"2025-01-01T10:00:00Z,1\n2025-01-01T11:00:00Z,2\n",
		"", "a,b\n", "1,2\n1,3\n", "1,NaN\n2,1\n", "\ufefftime,value\n1,2\n2,3\n", "1,2,3\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		pts, daily, err := analysis.ReadSeries(strings.NewReader(in))
		if err != nil {
			if meridian.KindOf(err) != meridian.EInvalid {
				t.Fatalf("%q: %v is not invalid input", in, err)
			}
			return
		}
		if len(pts) < 2 {
			t.Fatalf("%q: %d points", in, len(pts))
		}
		for i := 1; i < len(pts); i++ {
			if pts[i].Time <= pts[i-1].Time {
				t.Fatalf("%q: times not increasing", in)
			}
		}
		for _, c := range analysis.DetectPoints(pts, daily, 0) {
			if c.Index < 0 || c.Index >= len(pts) {
				t.Fatalf("%q: change at %d of %d points", in, c.Index, len(pts))
			}
		}
	})
}
