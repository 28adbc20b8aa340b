package meridian_test

import (
	"testing"

	"meridian"
)

func TestCountriesCount(t *testing.T) {
	if got := len(meridian.Countries()); got != 249 {
		t.Fatalf("len(Countries()) = %d, want 249", got)
	}
}

func TestCountriesSortedAndCopied(t *testing.T) {
	cs := meridian.Countries()
	for i := 1; i < len(cs); i++ {
		if cs[i-1].Alpha2 >= cs[i].Alpha2 {
			t.Errorf("not sorted: %s before %s", cs[i-1].Alpha2, cs[i].Alpha2)
		}
	}
	cs[0].Name = "changed"
	if meridian.Countries()[0].Name == "changed" {
		t.Error("Countries returned the shared slice, not a copy")
	}
}

func isUpperCode(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func isDigitCode(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func TestCountryCodesWellFormedAndUnique(t *testing.T) {
	regions := map[string]bool{"": true, "Africa": true, "Americas": true, "Asia": true, "Europe": true, "Oceania": true}
	seen2, seen3, seenN := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, c := range meridian.Countries() {
		if !isUpperCode(c.Alpha2, 2) {
			t.Errorf("%q: bad alpha-2", c.Alpha2)
		}
		if !isUpperCode(c.Alpha3, 3) {
			t.Errorf("%s: bad alpha-3 %q", c.Alpha2, c.Alpha3)
		}
		if !isDigitCode(c.Numeric, 3) {
			t.Errorf("%s: bad numeric %q", c.Alpha2, c.Numeric)
		}
		if c.Name == "" {
			t.Errorf("%s: empty name", c.Alpha2)
		}
		if !regions[c.Region] {
			t.Errorf("%s: unknown region %q", c.Alpha2, c.Region)
		}
		if (c.Region == "") != (c.SubRegion == "") {
			t.Errorf("%s: region %q with sub-region %q", c.Alpha2, c.Region, c.SubRegion)
		}
		for _, s := range []struct {
			seen map[string]bool
			code string
		}{{seen2, c.Alpha2}, {seen3, c.Alpha3}, {seenN, c.Numeric}} {
			if s.seen[s.code] {
				t.Errorf("%s: duplicate code %q", c.Alpha2, s.code)
			}
			s.seen[s.code] = true
		}
		if !meridian.IsCountry(c.Alpha2) {
			t.Errorf("IsCountry(%q) = false", c.Alpha2)
		}
	}
}

func TestKnownCountries(t *testing.T) {
	tests := []meridian.Country{
		{Alpha2: "FR", Alpha3: "FRA", Numeric: "250", Name: "France", Region: "Europe", SubRegion: "Western Europe"},
		{Alpha2: "MK", Alpha3: "MKD", Numeric: "807", Name: "North Macedonia", Region: "Europe", SubRegion: "Southern Europe"},
		{Alpha2: "GB", Alpha3: "GBR", Numeric: "826", Name: "United Kingdom", Region: "Europe", SubRegion: "Northern Europe"},
		{Alpha2: "US", Alpha3: "USA", Numeric: "840", Name: "United States", Region: "Americas", SubRegion: "Northern America"},
		{Alpha2: "AQ", Alpha3: "ATA", Numeric: "010", Name: "Antarctica"},
		{Alpha2: "TR", Alpha3: "TUR", Numeric: "792", Name: "Türkiye", Region: "Asia", SubRegion: "Western Asia"},
		{Alpha2: "CI", Alpha3: "CIV", Numeric: "384", Name: "Côte d'Ivoire", Region: "Africa", SubRegion: "Sub-Saharan Africa"},
		{Alpha2: "KR", Alpha3: "KOR", Numeric: "410", Name: "Korea, Republic of", Region: "Asia", SubRegion: "Eastern Asia"},
	}
	for _, want := range tests {
		t.Run(want.Alpha2, func(t *testing.T) {
			for _, code := range []string{want.Alpha2, want.Alpha3} {
				got, ok := meridian.LookupCountry(code)
				if !ok || got != want {
					t.Errorf("LookupCountry(%q) = %+v, %v; want %+v, true", code, got, ok, want)
				}
			}
		})
	}
}

func TestIsCountry(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"FR", true},
		{"AQ", true},
		{"UM", true},
		{"fr", false},
		{"Fr", false},
		{"XK", false},
		{"FRA", false},
		{"F", false},
		{"", false},
		{"ZZ", false},
	}
	for _, tt := range tests {
		if got := meridian.IsCountry(tt.code); got != tt.want {
			t.Errorf("IsCountry(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestLookupCountry(t *testing.T) {
	tests := []struct {
		code string
		want string // alpha-2, or "" for not found
	}{
		{"fra", "FR"},
		{"FRA", "FR"},
		{"fr", "FR"},
		{"gBr", "GB"},
		{"hmd", "HM"},
		{"XK", ""},
		{"XKX", ""},
		{"250", ""},
		{"", ""},
		{"FRAN", ""},
	}
	for _, tt := range tests {
		got, ok := meridian.LookupCountry(tt.code)
		if ok != (tt.want != "") || got.Alpha2 != tt.want {
			t.Errorf("LookupCountry(%q) = %q, %v; want %q", tt.code, got.Alpha2, ok, tt.want)
		}
	}
	if c, _ := meridian.LookupCountry("fra"); c.Name != "France" {
		t.Errorf(`LookupCountry("fra").Name = %q, want "France"`, c.Name)
	}
}
