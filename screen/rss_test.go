package screen_test

import (
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"meridian/screen"
)

// rssMB reads the process's resident memory (Linux), what the 2 GB
// target is about; 0 where /proc is not there.
func rssMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			kb, _ := strconv.ParseFloat(strings.Fields(l)[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkBuildBoth builds the person index of 1,000,000 entries and the
// document index of 10,000,000 in one process, as a server holds them,
// and reports the build time and the resident memory once the input
// slices are gone. Run with:
//
//	go test -run '^$' -bench BuildBoth -benchtime 1x -timeout 30m ./screen
func BenchmarkBuildBoth(b *testing.B) {
	for b.Loop() {
		ps := newPersonGen(1).entries(1_000_000)
		ds := docSynthetic(10_000_000, 1)
		start := time.Now()
		pi := screen.NewPersonIndex()
		pi.AddBatch(ps)
		di := screen.NewDocumentIndex()
		di.AddBatch(ds)
		took := time.Since(start)
		ps, ds = nil, nil
		runtime.GC()
		debug.FreeOSMemory()
		b.ReportMetric(took.Seconds(), "build-s")
		b.ReportMetric(rssMB(), "rss-MB")
		b.ReportMetric(heapMB(), "heap-MB")
		runtime.KeepAlive(pi)
		runtime.KeepAlive(di)
	}
}
