package mrz_test

import (
	"testing"

	"meridian/mrz"
)

// BenchmarkParse measures one MRZ read whole: fields, check digits and the
// search for confusions, which costs most when check digits fail.
func BenchmarkParse(b *testing.B) {
	for _, bc := range []struct{ name, text string }{
		{"TD3", specimenTD3},
		{"TD1", specimenTD1},
		{"TD3Misread", set(set(specimenTD3, 2, 6, 'O'), 2, 37, '8')},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.text)))
			for b.Loop() {
				if _, err := mrz.ParseAt(bc.text, today); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
