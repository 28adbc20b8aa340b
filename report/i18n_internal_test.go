package report

// An internal test: the catalogue is unexported, and its completeness is
// an invariant no rendered report shows reliably.

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"meridian"
)

func TestCatalogue(t *testing.T) {
	subRegions := map[string]bool{}
	for _, c := range meridian.Countries() {
		if c.SubRegion != "" {
			subRegions[c.SubRegion] = true
		}
	}
	for _, lang := range Languages {
		t.Run(lang, func(t *testing.T) {
			m, ok := catalogue[lang]
			if !ok {
				t.Fatal("no catalogue")
			}
			v := reflect.ValueOf(m).Elem()
			for i := range v.NumField() {
				f, name := v.Field(i), v.Type().Field(i).Name
				switch f.Kind() {
				case reflect.String:
					if f.String() == "" {
						t.Errorf("%s is empty", name)
					}
				case reflect.Func, reflect.Map:
					if f.IsNil() && name != "Regions" {
						t.Errorf("%s is missing", name)
					}
				}
			}
			for i, s := range m.Months {
				if s == "" {
					t.Errorf("month %d has no name", i+1)
				}
			}
			for _, x := range meridian.ExploitationTypes {
				if m.Exploitation[x] == "" {
					t.Errorf("exploitation type %s has no name", x)
				}
			}
			if lang != "en" {
				for r := range subRegions {
					if m.Regions[r] == "" {
						t.Errorf("region %q has no name", r)
					}
				}
				for _, c := range meridian.Countries() {
					if countryNames()[lang][c.Alpha2] == "" {
						t.Errorf("country %s has no name", c.Alpha2)
					}
				}
			}
		})
	}
}

func TestNumbers(t *testing.T) {
	for _, tc := range []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 0, "0"}, {"en", 999, "999"}, {"en", 1000, "1,000"}, {"en", 17793, "17,793"}, {"en", 8000000, "8,000,000"}, {"en", -1234, "-1,234"},
		{"fr", 3222, "3\u202f222"}, {"fr", 123456789, "123\u202f456\u202f789"},
		{"es", 3222, "3222"}, {"es", 17793, "17.793"}, {"es", 1000000, "1.000.000"},
		{"ar", 3222, "٣٬٢٢٢"}, {"ar", 850, "٨٥٠"},
	} {
		l, _ := lookupLocale(tc.lang)
		if got := l.num(tc.n); got != tc.want {
			t.Errorf("%s %d: got %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}

func TestPeriod(t *testing.T) {
	for _, tc := range []struct {
		lang       string
		start, end meridian.Date
		want       string
	}{
		{"en", "2024-09-29", "2024-10-04", "29 September to 4 October 2024"},
		{"en", "2024-12-30", "2025-01-02", "30 December 2024 to 2 January 2025"},
		{"en", "2024-10-01", "2024-10-01", "1 October 2024"},
		{"fr", "2024-10-01", "2024-10-04", "du 1er octobre au 4 octobre 2024"},
		{"es", "2024-09-29", "2024-10-04", "del 29 de septiembre al 4 de octubre de 2024"},
		{"ar", "2024-09-29", "2024-10-04", "من ٢٩ سبتمبر إلى ٤ أكتوبر ٢٠٢٤"},
	} {
		l, _ := lookupLocale(tc.lang)
		if got := l.period(tc.start, tc.end); got != tc.want {
			t.Errorf("%s %s..%s: got %q, want %q", tc.lang, tc.start, tc.end, got, tc.want)
		}
	}
}

func TestNiceMax(t *testing.T) {
	for _, tc := range []struct {
		max, top, step float64
	}{
		{0, 1, 1}, {3, 3, 1}, {645, 800, 200}, {3559, 4000, 1000}, {1600000, 2000000, 500000}, {4976, 5000, 1000},
	} {
		top, step := niceMax(tc.max, 4)
		if tc.max == 4976 {
			top, step = niceMax(tc.max, 5)
		}
		if top != tc.top || step != tc.step {
			t.Errorf("niceMax(%v): got %v step %v, want %v step %v", tc.max, top, step, tc.top, tc.step)
		}
	}
}

func TestWorldMap(t *testing.T) {
	w := world()
	if w.err != nil {
		t.Fatal(w.err)
	}
	codes := map[string]bool{}
	for _, o := range w.outlines {
		codes[o.Code] = true
		if o.D == "" || o.D[0] != 'M' {
			t.Errorf("%s %s: empty or malformed path", o.Code, o.Name)
		}
	}
	for _, c := range []string{"MK", "AL", "CO", "RU", "UA", "RS", "US", "BR", "FJ", "NZ"} {
		if !codes[c] {
			t.Errorf("no outline for %s", c)
		}
	}
	if codes["AQ"] {
		t.Error("Antarctica drawn")
	}
	if w.height < 250 || w.height > 400 {
		t.Errorf("map height %v for width %v: not an Equal Earth world", w.height, mapW)
	}
	// Nothing is drawn across the antimeridian: no segment spans more
	// than half the map's width.
	for _, o := range w.outlines {
		for _, ring := range strings.Split(o.D, "Z") {
			prev := math.NaN()
			for _, pt := range strings.FieldsFunc(ring, func(r rune) bool { return r == 'M' || r == 'L' }) {
				var x, y float64
				if _, err := fmt.Sscanf(pt, "%g %g", &x, &y); err != nil {
					t.Fatalf("%s: point %q: %v", o.Code, pt, err)
				}
				if x < -0.1 || x > mapW+0.1 || y < -0.1 || y > w.height+0.1 {
					t.Errorf("%s: point %v,%v off the map", o.Code, x, y)
				}
				if math.Abs(x-prev) > mapW/2 {
					t.Errorf("%s: a line across the map from x=%v to x=%v", o.Code, prev, x)
				}
				prev = x
			}
		}
	}
	if _, _, err := projectTopoJSON([]byte(`{`)); err == nil {
		t.Error("malformed TopoJSON accepted")
	}
}
