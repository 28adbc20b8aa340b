package main

import (
	"fmt"
	"io"
	"os"

	"meridian"
	"meridian/analysis"
)

// runAnalyseChangepoints reads a series as CSV (time,value a line) and
// prints the index of each change point the detector finds, one a line:
// the 0-based index, among the file's points, of the first point of the
// new regime. With --explain each line also gives the time, the level
// before and after and the difference, comma-separated.
func runAnalyseChangepoints(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("analyse changepoints", stderr)
	period := fs.Int("period", 0, "the seasonal period in points (default: 7 for a daily series, else none; -1: none)")
	explain := fs.Bool("explain", false, "print index,time,before,after,difference for each change")
	name, err := oneArg(fs, args, "usage: meridian analyse changepoints [--period N] [--explain] FILE")
	if err != nil {
		return err
	}
	f, err := os.Open(name)
	if err != nil {
		return meridian.Invalidf("analyse changepoints", "", "cannot open %s: %s", name, describeOpen(err))
	}
	defer f.Close()
	pts, daily, err := analysis.ReadSeries(f)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for _, c := range analysis.DetectPoints(pts, daily, *period) {
		if *explain {
			fmt.Fprintf(stdout, "%d,%s,%.4g,%.4g,%+.4g\n", c.Index, pts[c.Index].Label, c.Before, c.After, c.After-c.Before)
			continue
		}
		fmt.Fprintln(stdout, c.Index)
	}
	return nil
}

// describeOpen says why a file would not open, without the Go wording.
func describeOpen(err error) string {
	switch {
	case os.IsNotExist(err):
		return "no such file"
	case os.IsPermission(err):
		return "permission denied"
	}
	return err.Error()
}
