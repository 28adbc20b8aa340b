package main

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"meridian"
	"meridian/screen"
	"meridian/sim"
)

// BenchmarkHTTPCheckBatch measures person checks through the HTTP batch
// endpoint (batches of 1,000, two clients in parallel) against 1,000,000
// listed persons, each check validated, screened, counted and audited in
// the store. Run with:
//
//	go test -run '^$' -bench HTTPCheckBatch -benchtime 20x ./cmd/meridian
func BenchmarkHTTPCheckBatch(b *testing.B) {
	const persons = 1_000_000
	m := MustRunMain(b, Config{})
	g := sim.NewNameGenerator(7)
	batch := make([]screen.PersonEntry, 0, 50_000)
	var queries []string
	for i := range persons {
		n := g.Next()
		batch = append(batch, screen.PersonEntry{ID: meridian.NewID(), Names: []string{n.Full},
			BirthDate: fmt.Sprintf("%d-%02d-%02d", 1950+i%60, 1+i%12, 1+i%28)})
		if i%1000 == 0 {
			queries = append(queries, n.Full)
		}
		if len(batch) == cap(batch) {
			m.Checks.Persons().AddBatch(batch)
			batch = batch[:0]
		}
	}
	m.Checks.Persons().AddBatch(batch)
	runtime.GC()
	a := mustAgency(b, m, "MK", "Bench")
	tok := mustToken(b, m, a, "bench", meridian.RoleOfficer)
	body := make([]map[string]any, meridian.MaxBatch)
	for i := range body {
		body[i] = map[string]any{"name": queries[i%len(queries)]}
	}
	raw, _ := json.Marshal(map[string]any{"place_kind": "airport", "checks": body})
	var done atomic.Int64
	b.ResetTimer()
	var wg sync.WaitGroup
	jobs := make(chan int)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &client{b, m.URL, tok}
			for range jobs {
				r := c.raw("POST", "/api/v1/checks/persons", "application/json", raw)
				if r.status != 200 {
					b.Errorf("status %d: %s", r.status, r.body)
					return
				}
				done.Add(meridian.MaxBatch)
			}
		}()
	}
	for i := 0; i < b.N; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	b.ReportMetric(float64(done.Load())/b.Elapsed().Seconds(), "checks/s")
}
