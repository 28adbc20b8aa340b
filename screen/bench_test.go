package screen_test

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"meridian/screen"
)

// The 1M benchmarks build their index once per process (about 10 s); they
// run only with -bench, so `go test ./screen` stays fast.

const benchPersons = 1_000_000

var (
	bench1MOnce    sync.Once
	bench1MIndex   *screen.PersonIndex
	bench1MEntries []screen.PersonEntry
)

func benchIndex1M(b *testing.B) (*screen.PersonIndex, []screen.PersonEntry) {
	bench1MOnce.Do(func() {
		bench1MEntries = newPersonGen(1).entries(benchPersons)
		bench1MIndex = screen.NewPersonIndex()
		bench1MIndex.AddBatch(bench1MEntries)
	})
	return bench1MIndex, bench1MEntries
}

// benchQueries is the check mix: half variants of listed persons, half
// persons drawn from the same distribution who are not listed (most checks
// are of people on no list, and many of them bear common names).
func benchQueries(es []screen.PersonEntry, n int) []screen.PersonQuery {
	r := rand.New(rand.NewPCG(3, 3))
	other := newPersonGen(99)
	qs := make([]screen.PersonQuery, n)
	for i := range qs {
		if i%2 == 0 {
			qs[i] = personQueryFor(r, es[r.IntN(len(es))])
		} else {
			qs[i] = personQueryFor(r, other.person().entry)
		}
	}
	return qs
}

func heapMB() float64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapInuse) / 1e6
}

// BenchmarkBuild1M measures AddBatch of 1,000,000 persons and the heap the
// index holds afterwards.
func BenchmarkBuild1M(b *testing.B) {
	es := newPersonGen(1).entries(benchPersons)
	base := heapMB()
	b.ResetTimer()
	var ix *screen.PersonIndex
	for i := 0; i < b.N; i++ {
		ix = nil
		ix = screen.NewPersonIndex()
		ix.AddBatch(es)
	}
	b.StopTimer()
	b.ReportMetric(heapMB()-base, "MB")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/build")
	runtime.KeepAlive(ix)
	runtime.KeepAlive(es)
}

// BenchmarkSearch1M measures checks against 1,000,000 persons on every
// core, and the processor time each costs (what stays put when the machine
// is shared).
func BenchmarkSearch1M(b *testing.B) {
	ix, es := benchIndex1M(b)
	qs := benchQueries(es, 1<<14)
	var next atomic.Uint64
	var hits atomic.Int64
	cpu0 := cpuTime()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			q := qs[next.Add(1)&(1<<14-1)]
			hits.Add(int64(len(ix.Search(q, screen.DefaultThreshold, 10))))
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
	b.ReportMetric(float64(hits.Load())/float64(b.N), "matches/query")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/query")
	}
}

// BenchmarkSearch1MLatency measures the latency distribution of single
// checks (one at a time) and reports its 50th, 99th and 99.9th percentiles.
func BenchmarkSearch1MLatency(b *testing.B) {
	ix, es := benchIndex1M(b)
	qs := benchQueries(es, 20000)
	b.ResetTimer()
	lat := make([]time.Duration, 0, len(qs))
	for i := 0; i < b.N; i++ {
		lat = lat[:0]
		for _, q := range qs {
			t0 := time.Now()
			ix.Search(q, screen.DefaultThreshold, 10)
			lat = append(lat, time.Since(t0))
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) }
	b.ReportMetric(pct(0.5), "p50-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
	b.ReportMetric(pct(0.999), "p99.9-µs")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds()), "max-µs")
}

func BenchmarkNormalize(b *testing.B) {
	names := []string{"Ivan Petrov", "Юрий Гагарин", "محمد عبد الرحمن الحسن", "Γεώργιος Παπαδόπουλος", "Nguyễn Văn Anh", "Jean-Pierre O'Brien"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		screen.Normalize(names[i%len(names)])
	}
}

func BenchmarkCompare(b *testing.B) {
	pairs := [][2]screen.PersonQuery{
		{{Name: "Ivan Petrov", BirthDate: "1980-05-01"}, {Name: "Петров Иван", BirthDate: "1980-05-01"}},
		{{Name: "Mohammed Abdulrahman Hassan"}, {Name: "محمد عبد الرحمن حسن"}},
		{{Name: "Jon Smiht"}, {Name: "John Smith"}},
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		p := pairs[i%len(pairs)]
		screen.Compare(p[0], p[1])
	}
}

// BenchmarkSearch100K is the search benchmark at a size that builds in a
// second, for profiling.
func BenchmarkSearch100K(b *testing.B) {
	es := newPersonGen(1).entries(100_000)
	ix := screen.NewPersonIndex()
	ix.AddBatch(es)
	qs := benchQueries(es, 1<<12)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.Search(qs[i&(1<<12-1)], screen.DefaultThreshold, 10)
	}
}
