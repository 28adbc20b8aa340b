package analysis

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"meridian"
)

// Point is one point of a series read from a file.
type Point struct {
	Time  float64 // seconds since 1970 for a date or time; the number itself otherwise
	Label string  // the time as written
	Value float64
}

// timeLayouts are the forms a time may take, tried in order; a time may
// also be a plain number (an index, a year, seconds).
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02", "2006-01"}

// ReadSeries reads a series as CSV, one `time,value` a line. The first
// line may be a header (its value is not a number). A time is a number
// (an index, a year, epoch seconds) or a date or time: RFC 3339,
// "YYYY-MM-DD hh:mm[:ss]" or with a T (taken as UTC), "YYYY-MM-DD" or
// "YYYY-MM"; all the times of a file take one form, and they must
// increase strictly. Blank lines are skipped. Errors name the line.
// It also reports whether the times are whole days one day apart (a
// daily series, whose season is the week).
func ReadSeries(r io.Reader) (pts []Point, daily bool, err error) {
	const op = "analysis.ReadSeries"
	bad := func(line int, format string, a ...any) error {
		return meridian.Invalidf(op, "", "line %d: %s", line, fmt.Sprintf(format, a...))
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	n, firstForm := 0, ""
	allDays := true
	for sc.Scan() {
		n++
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if line == "" {
			continue
		}
		parts := strings.Split(line, ",")
		if len(parts) != 2 {
			return nil, false, bad(n, "want time,value (two fields), got %d field(s)", len(parts))
		}
		ts, vs := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1])
		v, verr := strconv.ParseFloat(vs, 64)
		if verr != nil && len(pts) == 0 && firstForm == "" && !strings.ContainsAny(vs, "0123456789") {
			firstForm = "header"
			continue
		}
		if verr != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, false, bad(n, "value %q is not a number", vs)
		}
		t, form, isDay, ok := parseTime(ts)
		if !ok {
			return nil, false, bad(n, "time %q is neither a number nor a date (YYYY-MM-DD, YYYY-MM, RFC 3339)", ts)
		}
		if len(pts) == 0 {
			firstForm = form
			allDays = isDay
		} else {
			prev := pts[len(pts)-1]
			if form != firstForm {
				return nil, false, bad(n, "time %q is not in the form of the first time (%s)", ts, pts[0].Label)
			}
			if t <= prev.Time {
				return nil, false, bad(n, "time %q does not come after the one before it (%s): times must increase", ts, prev.Label)
			}
			if !isDay || t-prev.Time != 86400 {
				allDays = false
			}
		}
		pts = append(pts, Point{Time: t, Label: ts, Value: v})
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, false, bad(n+1, "longer than 1 MiB")
		}
		return nil, false, fmt.Errorf("%s: %w", op, err)
	}
	switch len(pts) {
	case 0:
		return nil, false, meridian.Invalidf(op, "", "no points: the file is empty (want time,value lines)")
	case 1:
		return nil, false, meridian.Invalidf(op, "", "line %d: a single point: a series needs at least two", n)
	}
	return pts, allDays, nil
}

// parseTime reads a time: a number, or a date or time in one of
// timeLayouts (UTC unless it says otherwise). form names which; isDay is
// true for a date without a time.
func parseTime(s string) (t float64, form string, isDay, ok bool) {
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
		return f, "number", false, true
	}
	for _, l := range timeLayouts {
		if tm, err := time.Parse(l, s); err == nil {
			return float64(tm.Unix()) + float64(tm.Nanosecond())/1e9, l, l == "2006-01-02", true
		}
	}
	return 0, "", false, false
}

// overdispersed reports whether successive points of a whole-number
// series differ far more than counts do: the median of their squared
// differences over their sums, scaled to 1 for Poisson noise, above
// five times that of Poisson noise.
func overdispersed(xs []float64) bool {
	var r []float64
	for i := 1; i < len(xs); i++ {
		if s := xs[i] + xs[i-1]; s > 0 {
			r = append(r, (xs[i]-xs[i-1])*(xs[i]-xs[i-1])/s)
		}
	}
	if len(r) < 8 {
		return false
	}
	slices.Sort(r)
	return r[len(r)/2]/0.455 > 5
}

// DetectPoints runs the detector over a series read by ReadSeries and
// returns its changes: counts (every value a non-negative whole number,
// not far more dispersed than counts) with the Poisson-Gamma model, other
// series with the Gaussian one,
// scaled by the series' own noise (the median absolute difference of
// successive points); a daily series has the week for season unless
// period says otherwise (negative: none).
func DetectPoints(pts []Point, daily bool, period int) []Change {
	xs := make([]float64, len(pts))
	counts := true
	for i, p := range pts {
		xs[i] = p.Value
		if p.Value < 0 || p.Value != math.Trunc(p.Value) {
			counts = false
		}
	}
	c := ConfigFor(daily)
	if counts && overdispersed(xs) {
		// Whole numbers far noisier than counts (prices, totals of
		// large groups): the Poisson model would see changes everywhere.
		counts = false
	}
	if !counts {
		c.Model = Gaussian
		c.Period = 0
		c.Scale = noiseScale(xs)
	}
	switch {
	case period > 0:
		c.Period = period
	case period < 0:
		c.Period = 0
	}
	return Detect(xs, c)
}

// noiseScale estimates the standard deviation of a series' noise from its
// successive differences (robust to its changes): their median absolute
// value over 0.6745 (normal), over the square root of 2 (a difference of
// two points).
func noiseScale(xs []float64) float64 {
	d := make([]float64, 0, len(xs))
	for i := 1; i < len(xs); i++ {
		d = append(d, math.Abs(xs[i]-xs[i-1]))
	}
	slices.Sort(d)
	m := d[len(d)/2] / 0.6745 / math.Sqrt2
	if m <= 0 {
		// Mostly flat: fall back to the mean absolute difference.
		var s float64
		for _, x := range d {
			s += x
		}
		m = s / float64(len(d)) / math.Sqrt2
	}
	if m <= 0 {
		m = 1e-9 + math.Abs(xs[0])*1e-6
	}
	return m
}
