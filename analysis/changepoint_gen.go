package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Planted is a generated count series with the changes planted in it.
type Planted struct {
	Values  []float64
	Daily   bool
	Changes []int    // indices of the first point of each new regime
	Kinds   []string // the kind of each change
}

// Change kinds the generator plants.
const (
	KindStepUp   = "step_up"   // the level jumps up
	KindStepDown = "step_down" // the level drops
	KindOnset    = "onset"     // a pattern emerges from almost nothing
	KindRamp     = "ramp"      // the level climbs over three points
)

// Generate plants changes in a realistic count series: weekly (two to
// three years) or daily (half a year to a year), a level between 4 and
// 80 a point, Poisson noise, a day-of-week pattern (daily) or a yearly
// swing (weekly), a slow trend, lone outliers (about one point in a
// hundred, two to four times the level) and one to three changes of the
// kinds above, at least 20 points apart and 15 from either end. A change
// moves the level by at least two standard deviations of a point's noise
// and by at least half, so that an analyst looking at the chart would
// see it too; gentler ones are not "emerging patterns".
func Generate(seed uint64, daily bool) Planted {
	r := rand.New(rand.NewPCG(seed, 0x6d6572696469616e))
	n := 104 + r.IntN(53)
	if daily {
		n = 180 + r.IntN(186)
	}
	level := math.Exp(math.Log(4) + r.Float64()*(math.Log(80)-math.Log(4)))
	// Seasonality.
	var season func(i int) float64
	if daily {
		amp := r.Float64() * 0.4
		week := [7]float64{}
		for d := range week {
			week[d] = 1 + amp*math.Cos(2*math.Pi*float64(d)/7+r.Float64()*0.3)
		}
		off := r.IntN(7)
		season = func(i int) float64 { return week[(i+off)%7] }
	} else {
		amp, ph := r.Float64()*0.15, r.Float64()*2*math.Pi
		season = func(i int) float64 { return 1 + amp*math.Sin(2*math.Pi*float64(i)/52+ph) }
	}
	trend := (r.Float64()*2 - 1) * 0.002

	// Change points.
	k := 1 + r.IntN(3)
	var cps []int
	for tries := 0; len(cps) < k && tries < 100; tries++ {
		c := 15 + r.IntN(n-30)
		if !slices.ContainsFunc(cps, func(x int) bool { return absInt(x-c) < 20 }) {
			cps = append(cps, c)
		}
	}
	slices.Sort(cps)
	p := Planted{Daily: daily, Changes: cps}
	levels := make([]float64, n)
	cur := level
	kinds := kindsFor(r, len(cps))
	if len(kinds) > 0 && kinds[0] == KindOnset {
		cur = 0.3 + r.Float64()*0.7
	}
	ci := 0
	var ramp []float64
	for i := range n {
		if ci < len(cps) && i == cps[ci] {
			target := nextLevel(r, cur, kinds[ci], level)
			if kinds[ci] == KindRamp {
				ramp = []float64{cur + (target-cur)/3, cur + 2*(target-cur)/3}
			}
			cur = target
			ci++
		}
		l := cur
		if len(ramp) > 0 {
			l, ramp = ramp[0], ramp[1:]
		}
		levels[i] = l
	}
	p.Kinds = kinds
	p.Values = make([]float64, n)
	for i := range n {
		lam := levels[i] * season(i) * math.Exp(trend*float64(i))
		if r.Float64() < 0.01 {
			lam *= 2 + 2*r.Float64()
		}
		p.Values[i] = float64(poisson(r, lam))
	}
	return p
}

func kindsFor(r *rand.Rand, k int) []string {
	all := []string{KindStepUp, KindStepDown, KindOnset, KindRamp}
	out := make([]string, k)
	for i := range out {
		x := all[r.IntN(len(all))]
		if x == KindOnset && i > 0 {
			x = KindStepUp // an onset is from almost nothing: only first
		}
		out[i] = x
	}
	return out
}

// nextLevel picks the level after a change of kind from cur; base is the
// series' typical level.
func nextLevel(r *rand.Rand, cur float64, kind string, base float64) float64 {
	// At least half again, and at least two standard deviations of the
	// larger level's Poisson noise.
	up := func(x float64) float64 {
		f := 1.5 + r.Float64()*1.5
		t := x * f
		for t-x < 2*math.Sqrt(t) {
			t += 1
		}
		return t
	}
	switch kind {
	case KindOnset:
		return max(base, 8)
	case KindStepDown:
		if cur < 6 {
			return up(cur) // too low to fall visibly: rise instead
		}
		f := 0.3 + r.Float64()*0.35
		t := cur * f
		for cur-t < 2*math.Sqrt(cur) && t > 0.2 {
			t *= 0.9
		}
		return t
	}
	return up(cur)
}

// poisson draws from Poisson(lam): Knuth's method for small rates, a
// rounded normal approximation above 60.
func poisson(r *rand.Rand, lam float64) int {
	if lam <= 0 {
		return 0
	}
	if lam > 60 {
		return max(0, int(math.Round(lam+math.Sqrt(lam)*r.NormFloat64())))
	}
	l, k, p := math.Exp(-lam), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// F1 scores predicted change points against true ones as TCPDBench does
// (van den Burg and Williams, 2020, metrics.f_measure with one
// annotator): index 0 counts as a change in both sets, a prediction
// within margin of a true change is a true positive (each matched at most
// once, nearest first), precision is over the predictions and recall
// over the true changes.
func F1(truth, pred []int, margin int) (f, precision, recall float64) {
	t := uniqueWithZero(truth)
	x := uniqueWithZero(pred)
	tp := 0
	left := slices.Clone(x)
	for _, tau := range t {
		best := -1
		for i, p := range left {
			if d := absInt(tau - p); d <= margin && (best < 0 || d < absInt(tau-left[best])) {
				best = i
			}
		}
		if best >= 0 {
			tp++
			left = slices.Delete(left, best, best+1)
		}
	}
	precision = float64(tp) / float64(len(x))
	recall = float64(tp) / float64(len(t))
	if precision+recall == 0 {
		return 0, precision, recall
	}
	return 2 * precision * recall / (precision + recall), precision, recall
}

func uniqueWithZero(xs []int) []int {
	out := append([]int{0}, xs...)
	slices.Sort(out)
	return slices.Compact(out)
}

// ConfigFor is the detector's setting for a series of counts at an
// interval: daily series have a weekly season.
func ConfigFor(daily bool) Config {
	c := Config{Model: Counts}
	if daily {
		c.Period = 7
		c.Hazard = 1.0 / 150
	} else {
		c.Hazard = 1.0 / 100
	}
	return c
}
