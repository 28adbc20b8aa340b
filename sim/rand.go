package sim

import (
	"math"
	"math/bits"
)

// rng is splitmix64, small and fixed forever: math/rand/v2 does not promise
// that helpers such as IntN keep their algorithms across Go releases, and
// the files must stay byte-identical for a seed.
type rng struct{ s uint64 }

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// newRNG returns an independent stream for seed: each kind of output draws
// from its own stream, so that regenerating the persons for a second pass
// gives exactly the persons written the first time.
func newRNG(seed int64, stream uint64) *rng {
	return &rng{s: mix64(uint64(seed)+0x9e3779b97f4a7c15) ^ mix64(stream*0xd1b54a32d192ed03+1)}
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

// intn returns a number in [0, n); n must be positive.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

func (r *rng) chance(p float64) bool { return r.float() < p }

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

func (r *rng) pick(xs []string) string { return xs[r.intn(len(xs))] }

// cumulative is a discrete distribution, picked in O(log n).
type cumulative []float64

func (c cumulative) pick(r *rng) int {
	x := r.float() * c[len(c)-1]
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

func cumulate(ws []float64) cumulative {
	c := make(cumulative, len(ws))
	s := 0.0
	for i, w := range ws {
		s += w
		c[i] = s
	}
	return c
}

// zipf weighs n ranks by 1/(rank+1)^s: names are like words, a few very
// common, a long tail.
func zipf(n int, s float64) cumulative {
	ws := make([]float64, n)
	for i := range ws {
		ws[i] = 1 / math.Pow(float64(i+1), s)
	}
	return cumulate(ws)
}
