package edifact_test

import (
	"bytes"
	"io"
	"math/rand/v2"
	"sync"
	"testing"

	"meridian"
	"meridian/edifact"
)

// large is a stream of 300-traveller PAXLST interchanges of at least
// 32 MiB, the shape of a day's API traffic of a busy border.
var large = sync.OnceValue(func() []byte {
	rng := rand.New(rand.NewPCG(5, 5))
	var b bytes.Buffer
	for b.Len() < 32<<20 {
		b.Write(edifact.GeneratePAXLST(rng, 300, meridian.Leg{}))
		b.WriteString("\r\n")
	}
	return b.Bytes()
})

// BenchmarkReader measures the segment reader alone (target: 100 MB/s).
func BenchmarkReader(b *testing.B) {
	data := large()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := edifact.NewReader(bytes.NewReader(data))
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n < 100000 {
			b.Fatalf("%d segments", n)
		}
	}
}

// BenchmarkMessageReader adds the envelope checks and the copy of each
// message's segments.
func BenchmarkMessageReader(b *testing.B) {
	data := large()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		mr := edifact.NewMessageReader(bytes.NewReader(data))
		for {
			_, err := mr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParsePAXLST300 parses one PAXLST of 300 travellers into a
// manifest, the unit of work of the 20 ms screening target.
func BenchmarkParsePAXLST300(b *testing.B) {
	data := edifact.GeneratePAXLST(rand.New(rand.NewPCG(1, 300)), 300, meridian.Leg{})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		ms, err := edifact.Parse(bytes.NewReader(data))
		if err != nil || len(ms[0].Travellers) != 300 {
			b.Fatal(err)
		}
	}
}

// BenchmarkParsePNRGOV parses a push of 100 bookings, each with two
// travellers, documents, tickets, payment, itinerary, check-in and
// history.
func BenchmarkParsePNRGOV(b *testing.B) {
	segs := append([]string{}, pnrHeader[:3]...)
	segs = append(segs, "EQN+100")
	for range 100 {
		segs = append(segs, pnrFirst...)
	}
	data := []byte(interchange("PNRGOV", segs...))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		ms, err := edifact.Parse(bytes.NewReader(data))
		if err != nil || len(ms[0].Bookings) != 100 || len(ms[0].Warnings) != 0 {
			b.Fatal(err, ms[0].Warnings)
		}
	}
}
