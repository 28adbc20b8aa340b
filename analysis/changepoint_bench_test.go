package analysis_test

import (
	"testing"

	"meridian/analysis"
)

// BenchmarkDetectorPush is the cost of one new point of a daily series
// with a year of history: the per-point cost of re-scoring a series.
func BenchmarkDetectorPush(b *testing.B) {
	pl := analysis.Generate(7, true)
	d := analysis.NewDetector(analysis.ConfigFor(true))
	for _, x := range pl.Values {
		d.Push(x)
	}
	b.ResetTimer()
	for i := range b.N {
		d.Push(pl.Values[i%len(pl.Values)])
	}
}

// BenchmarkDetectorSeries is the cost of scoring a whole daily series of
// a year from its first point.
func BenchmarkDetectorSeries(b *testing.B) {
	pl := analysis.Generate(7, true)
	b.ResetTimer()
	for range b.N {
		analysis.Detect(pl.Values, analysis.ConfigFor(true))
	}
}
