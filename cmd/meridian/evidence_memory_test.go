package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"math/rand/v2"
	nethttp "net/http"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"meridian"
)

// seeded yields n pseudo-random bytes, never held whole.
type seeded struct {
	r *rand.ChaCha8
	n int64
}

func (s *seeded) Read(p []byte) (int, error) {
	if s.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > s.n {
		p = p[:s.n]
	}
	s.r.Read(p)
	s.n -= int64(len(p))
	return len(p), nil
}

// liveHeap is the heap the last GC found live: what is retained, not
// the garbage a lazy collector has yet to take.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// heapPeak samples the live heap until stop is called and returns the
// peak above the live heap when it started.
func heapPeak() (stop func() uint64) {
	runtime.GC()
	base := liveHeap()
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if h := liveHeap(); h > base && h-base > peak.Load() {
					peak.Store(h - base)
				}
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

// TestEvidenceFileMemory: a 192 MiB file goes up and comes down with the
// live heap (server, embedded NATS and client, one process) growing by
// less than 64 MiB, and the SHA-256 of what came down is that of what
// went up. A server that held the file whole would grow by at least its
// size. The live heap (what each GC finds retained) is measured, not the
// heap in use, which also counts garbage not yet collected: the process's
// resident memory for a 1 GiB file is in docs/benchmarks.md.
func TestEvidenceFileMemory(t *testing.T) {
	const size = 192 << 20
	w := mustEvidenceWorld(t)
	sum := sha256.New()
	src := io.TeeReader(&seeded{r: rand.NewChaCha8([32]byte{13}), n: size}, sum)

	stop := heapPeak()
	req, _ := nethttp.NewRequest("POST", w.m.URL+"/api/v1/cases/"+w.kase.ID+"/files?name=video.bin", src)
	req.ContentLength = size
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Authorization", "Bearer "+w.rsTok)
	res, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var f meridian.CaseFile
	json.NewDecoder(res.Body).Decode(&f)
	res.Body.Close()
	up := stop()
	want := hex.EncodeToString(sum.Sum(nil))
	if res.StatusCode != 201 || f.SHA256 != want || f.Size != size {
		t.Fatalf("upload: %d %+v", res.StatusCode, f)
	}

	stop = heapPeak()
	req, _ = nethttp.NewRequest("GET", w.m.URL+"/api/v1/files/"+f.ID+"/content", nil)
	req.Header.Set("Authorization", "Bearer "+w.rsTok)
	res, err = nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	down := sha256.New()
	n, err := io.Copy(down, res.Body)
	res.Body.Close()
	peak := stop()
	if err != nil || n != size || hex.EncodeToString(down.Sum(nil)) != want {
		t.Fatalf("download: %d bytes, %v", n, err)
	}
	t.Logf("heap growth: upload %d MiB, download %d MiB", up>>20, peak>>20)
	if up >= 64<<20 || peak >= 64<<20 {
		t.Fatalf("heap grew by %d MiB on upload, %d MiB on download; want under 64 MiB", up>>20, peak>>20)
	}
}
