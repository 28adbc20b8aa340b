package link

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"meridian"
	"meridian/sim"
)

// benchPersons is the size of the benchmarks' index: LINK_BENCH_PERSONS
// persons (each one to four records), 20,000 unless set.
func benchPersons() int {
	if n, err := strconv.Atoi(os.Getenv("LINK_BENCH_PERSONS")); err == nil && n > 0 {
		return n
	}
	return 20000
}

// benchIndex builds an engine over the generator's records for n persons
// (seed 11, never used to tune), the last 1,000 records held back as the
// arrivals.
func benchIndex(b *testing.B, n int) (*Engine, []Record) {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if benchCache != nil && benchCache.n == n {
		return benchCache.e, benchCache.arrivals
	}
	e, arrivals := buildBenchIndex(b, n)
	benchCache = &benchBuilt{n: n, e: e, arrivals: arrivals}
	return e, arrivals
}

// benchCache keeps the last index built, so that Propose and Relink run
// on one index in one process (at a million persons the index takes
// minutes of processor time to build).
var (
	benchMu    sync.Mutex
	benchCache *benchBuilt
)

type benchBuilt struct {
	n        int
	e        *Engine
	arrivals []Record
}

func buildBenchIndex(b *testing.B, n int) (*Engine, []Record) {
	b.Helper()
	cpu0 := cpuTime()
	ents, _ := sim.GenerateLinks(sim.LinksOptions{Persons: n, Seed: 11})
	recs, err := ReadFtM(strings.NewReader(strings.Join(ents, "\n")))
	if err != nil {
		b.Fatal(err)
	}
	ents = nil
	hold := min(1000, len(recs)/10)
	base, arrivals := recs[:len(recs)-hold], recs[len(recs)-hold:]
	src := &memSource{by: map[meridian.Key][]meridian.KeyMatch{}}
	for i := range base {
		for _, k := range base[i].Keys {
			src.by[k] = append(src.by[k], meridian.KeyMatch{Key: k, RecordID: base[i].Person.ID, RecordKind: "person"})
		}
	}
	e := New(src, Options{})
	t0 := time.Now()
	e.AddRecords(base)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.Logf("indexed %d records of %d persons in %s (generated, read and indexed in %s of processor time); heap %d MB",
		len(base), n, time.Since(t0).Round(time.Millisecond), (cpuTime() - cpu0).Round(time.Millisecond), ms.HeapAlloc>>20)
	return e, arrivals
}

func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	q := func(f float64) float64 { return float64(lat[int(f*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(q(0.5), "p50-ms")
	b.ReportMetric(q(0.95), "p95-ms")
	b.ReportMetric(q(0.99), "p99-ms")
}

// BenchmarkPropose: a new record's proposals (keys through the source,
// documents, names through the person index, scoring) against an index of
// benchPersons persons.
//
//	LINK_BENCH_PERSONS=200000 go test ./link -run XXX -bench Propose -benchtime 2000x
func BenchmarkPropose(b *testing.B) {
	e, arrivals := benchIndex(b, benchPersons())
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		r := &arrivals[i%len(arrivals)]
		t := time.Now()
		if _, err := e.ProposeRecord(ctx, r); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
	}
	b.StopTimer()
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	reportLatency(b, lat)
}

// BenchmarkRelink: every indexed record proposed again against the whole
// index, as a full relink does (one core).
//
//	LINK_BENCH_PERSONS=200000 go test ./link -run XXX -bench Relink -benchtime 20000x
func BenchmarkRelink(b *testing.B) {
	e, _ := benchIndex(b, benchPersons())
	ctx := context.Background()
	e.mu.RLock()
	ids := make([]string, 0, len(e.profiles))
	for id := range e.profiles {
		ids = append(ids, id)
	}
	e.mu.RUnlock()
	slices.Sort(ids)
	proposals := 0
	b.ResetTimer()
	t0 := time.Now()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		ps, err := e.propose(ctx, ids[i%len(ids)])
		if err != nil {
			b.Fatal(err)
		}
		proposals += len(ps)
	}
	el := time.Since(t0)
	cpu := cpuTime() - cpu0
	b.StopTimer()
	b.ReportMetric(float64(b.N)/cpu.Seconds(), "records/cpu-s")
	b.ReportMetric(float64(b.N)/el.Seconds(), "records/s")
	b.ReportMetric(float64(proposals)/float64(b.N), "proposals/record")
}

// BenchmarkRelinkAll: a full relink of every indexed record (Relink, on
// LINK_BENCH_WORKERS goroutines, every core unless set), each pair
// proposed once.
//
//	LINK_BENCH_PERSONS=100000 go test ./link -run XXX -bench RelinkAll -benchtime 1x
func BenchmarkRelinkAll(b *testing.B) {
	e, _ := benchIndex(b, benchPersons())
	workers, _ := strconv.Atoi(os.Getenv("LINK_BENCH_WORKERS"))
	// Progress every minute: records proposed, wall and processor time
	// since the relink began, the machine's load.
	stop := make(chan struct{})
	defer close(stop)
	relinkStarted = func(r *relinkRun, total int) {
		t0, c0 := time.Now(), cpuTime()
		go func() {
			for {
				select {
				case <-stop:
					return
				case <-time.After(time.Minute):
				}
				done := r.records.Load()
				cpu := cpuTime() - c0
				load, _ := os.ReadFile("/proc/loadavg")
				// On stderr at once: a benchmark's log is printed when it ends.
				fmt.Fprintf(os.Stderr, "progress: %d of %d records in %s wall, %s processor (%.0f records per CPU-second); load %s\n", done, total,
					time.Since(t0).Round(time.Second), cpu.Round(time.Second), float64(done)/cpu.Seconds(), strings.TrimSpace(string(load)))
			}
		}()
	}
	defer func() { relinkStarted = nil }()
	ctx := context.Background()
	b.ResetTimer()
	t0 := time.Now()
	cpu0 := cpuTime()
	var st RelinkStats
	for i := 0; i < b.N; i++ {
		var err error
		st, err = e.Relink(ctx, workers, func(meridian.LinkProposal) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
	el := time.Since(t0)
	cpu := cpuTime() - cpu0
	b.StopTimer()
	n := float64(st.Records * b.N)
	b.ReportMetric(n/cpu.Seconds(), "records/cpu-s")
	b.ReportMetric(n/el.Seconds(), "records/s")
	b.ReportMetric(float64(st.Proposals)/float64(st.Records), "pairs/record")
	b.ReportMetric(float64(st.Reused)/float64(max(1, st.Searches+st.Reused)), "searches-reused")
	b.Logf("relinked %d records in %s (%s of processor time): %+v", st.Records, el.Round(time.Millisecond), cpu.Round(time.Millisecond), st)
}
