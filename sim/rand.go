package sim

import (
	"math"
	"math/bits"
)

// Rand is splitmix64, small and fixed forever: math/rand/v2 does not
// promise that helpers such as IntN keep their algorithms across Go
// releases, and the files must stay byte-identical for a seed. It is
// exported so that the operation simulator (package sim/operation) draws
// names and documents from the streams it plans with.
type Rand struct{ s uint64 }

// Mix64 is splitmix64's finaliser: a fixed hash of a 64-bit word.
func Mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// NewRand returns an independent stream for seed: each kind of output
// draws from its own stream, so that regenerating the persons for a second
// pass gives exactly the persons written the first time.
func NewRand(seed int64, stream uint64) *Rand {
	return &Rand{s: Mix64(uint64(seed)+0x9e3779b97f4a7c15) ^ Mix64(stream*0xd1b54a32d192ed03+1)}
}

// RandFrom returns the stream whose state is s: a number drawn from one
// stream seeds a sub-stream that can be replayed on its own.
func RandFrom(s uint64) *Rand { return &Rand{s: s} }

// Uint64 returns the next 64 random bits.
func (r *Rand) Uint64() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return Mix64(r.s)
}

// IntN returns a number in [0, n); n must be positive.
func (r *Rand) IntN(n int) int {
	hi, _ := bits.Mul64(r.Uint64(), uint64(n))
	return int(hi)
}

// Float64 returns a number in [0, 1).
func (r *Rand) Float64() float64 { return float64(r.Uint64()>>11) / (1 << 53) }

// Chance reports true with probability p.
func (r *Rand) Chance(p float64) bool { return r.Float64() < p }

// Between returns a number in [lo, hi].
func (r *Rand) Between(lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// Pick returns one of xs, which must not be empty.
func (r *Rand) Pick(xs []string) string { return xs[r.IntN(len(xs))] }

// Cumulative is a discrete distribution, picked in O(log n).
type Cumulative []float64

// Pick returns an index drawn with the weights c was made of.
func (c Cumulative) Pick(r *Rand) int {
	x := r.Float64() * c[len(c)-1]
	lo, hi := 0, len(c)-1
	for lo < hi {
		m := (lo + hi) / 2
		if c[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// Cumulate returns the distribution that draws index i with weight ws[i].
func Cumulate(ws []float64) Cumulative {
	c := make(Cumulative, len(ws))
	s := 0.0
	for i, w := range ws {
		s += w
		c[i] = s
	}
	return c
}

// zipf weighs n ranks by 1/(rank+1)^s: names are like words, a few very
// common, a long tail.
func zipf(n int, s float64) Cumulative {
	ws := make([]float64, n)
	for i := range ws {
		ws[i] = 1 / math.Pow(float64(i+1), s)
	}
	return Cumulate(ws)
}
