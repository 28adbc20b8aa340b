package report_test

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"time"

	"meridian"
)

// liberterra builds results shaped like Liberterra II's: 116 countries in
// their regions, six days, PRODUCT.md's totals split unevenly but exactly.
func liberterra() *meridian.Results {
	rng := rand.New(rand.NewPCG(2024, 10))
	var codes []string
	region := map[string]string{}
	for _, c := range meridian.Countries() {
		if c.SubRegion == "" || len(codes) == 116 {
			continue
		}
		if rng.IntN(4) == 0 && len(codes) < 116 { // spread over the alphabet
			codes = append(codes, c.Alpha2)
			region[c.Alpha2] = c.SubRegion
		}
	}
	for _, c := range meridian.Countries() {
		if len(codes) < 116 && c.SubRegion != "" && !slices.Contains(codes, c.Alpha2) {
			codes = append(codes, c.Alpha2)
			region[c.Alpha2] = c.SubRegion
		}
	}
	slices.Sort(codes)
	op := &meridian.Operation{
		ID: "0192f7a4-0000-7000-8000-000000000001", Name: "Liberterra II",
		Start: "2024-09-29", End: "2024-10-04", Status: meridian.OperationClosed, Countries: codes,
	}
	totals := meridian.Figures{Victims: 3222, Migrants: 17793, Arrests: 2517, ArrestsTHBSOM: 850,
		Flights: 24000, Checks: 8000000, Hits: 4127, Raids: 1830, Interceptions: 611}
	days := 6
	r := &meridian.Results{Operation: op, Countries: len(codes), Totals: totals, ComputedAt: time.Date(2024, 10, 5, 9, 30, 0, 0, time.UTC)}
	// Split each figure over countries and days with skewed weights.
	weights := make([]float64, len(codes))
	for i := range weights {
		weights[i] = rng.ExpFloat64() * rng.ExpFloat64()
	}
	split := func(total int64, n int, w []float64) []int64 {
		var sum float64
		for _, x := range w[:n] {
			sum += x
		}
		out := make([]int64, n)
		var given int64
		for i := range out {
			out[i] = int64(float64(total) * w[i] / sum)
			given += out[i]
		}
		for i := 0; given < total; i = (i + 1) % n {
			out[i]++
			given++
		}
		return out
	}
	dayW := []float64{0.9, 1.1, 1.2, 1.0, 1.05, 0.75}
	byCountry := make([]meridian.CountryFigures, len(codes))
	byDay := make([]meridian.DayFigures, days)
	for i := range byDay {
		byDay[i].Day = meridian.DateOf(time.Date(2024, 9, 29+i, 0, 0, 0, 0, time.UTC))
	}
	for i, c := range codes {
		cc, _ := meridian.LookupCountry(c)
		byCountry[i] = meridian.CountryFigures{Country: c, Name: cc.Name, Region: region[c]}
	}
	fields := []func(*meridian.Figures) *int64{
		func(f *meridian.Figures) *int64 { return &f.Victims },
		func(f *meridian.Figures) *int64 { return &f.Migrants },
		func(f *meridian.Figures) *int64 { return &f.Arrests },
		func(f *meridian.Figures) *int64 { return &f.ArrestsTHBSOM },
		func(f *meridian.Figures) *int64 { return &f.Flights },
		func(f *meridian.Figures) *int64 { return &f.Checks },
		func(f *meridian.Figures) *int64 { return &f.Hits },
		func(f *meridian.Figures) *int64 { return &f.Raids },
		func(f *meridian.Figures) *int64 { return &f.Interceptions },
	}
	for _, field := range fields {
		t := totals
		for i, v := range split(*field(&t), len(codes), weights) {
			*field(&byCountry[i].Figures) = v
		}
		for i, v := range split(*field(&t), days, dayW) {
			*field(&byDay[i].Figures) = v
		}
	}
	// THB or SOM arrests are among arrests.
	for i := range byCountry {
		byCountry[i].ArrestsTHBSOM = min(byCountry[i].ArrestsTHBSOM, byCountry[i].Arrests)
	}
	regions := map[string]*meridian.RegionFigures{}
	for _, c := range byCountry {
		g := regions[c.Region]
		if g == nil {
			g = &meridian.RegionFigures{Region: c.Region}
			regions[c.Region] = g
		}
		g.Countries++
		g.Add(c.Figures)
	}
	for _, g := range regions {
		r.ByRegion = append(r.ByRegion, *g)
	}
	slices.SortFunc(r.ByRegion, func(a, b meridian.RegionFigures) int { return cmp.Compare(a.Region, b.Region) })
	r.ByCountry = byCountry
	r.ByDay = byDay
	exp := split(3222*13/10, 10, []float64{40, 25, 18, 9, 3, 2, 1.5, 0.5, 0.7, 0.3})
	for i, k := range meridian.ExploitationTypes[:len(exp)] {
		r.Exploitation = append(r.Exploitation, meridian.Tally{Key: k, N: exp[i]})
	}
	slices.SortStableFunc(r.Exploitation, func(a, b meridian.Tally) int { return cmp.Compare(b.N, a.N) })
	return r
}
