package report

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"sync"

	"meridian"
)

// What the analytical brief (analysis.Brief) borrows of the report: the
// world map, country and exploitation names and numbers in four languages.

// CountryName names a country in lang (en, fr, es or ar), falling back to
// English and then to the code.
func CountryName(lang, code string) string {
	l, ok := lookupLocale(lang)
	if !ok {
		l, _ = lookupLocale("en")
	}
	if code == "" || code == "unknown" {
		return "—"
	}
	return l.country(code, "")
}

// ExploitationName names an exploitation type in lang.
func ExploitationName(lang, key string) string {
	l, ok := lookupLocale(lang)
	if !ok {
		l, _ = lookupLocale("en")
	}
	return l.exploitation(key)
}

// Number writes n as lang groups and writes digits.
func Number(lang string, n int64) string {
	l, ok := lookupLocale(lang)
	if !ok {
		l, _ = lookupLocale("en")
	}
	return l.num(n)
}

// Dir is the writing direction of lang: rtl for Arabic, else ltr.
func Dir(lang string) string {
	if l, ok := lookupLocale(lang); ok {
		return l.Dir
	}
	return "ltr"
}

// centroids places each country at the centre of the box of its largest
// ring on the report's map, where a flow line starts or ends.
var centroids = sync.OnceValue(func() map[string][2]float64 {
	out := map[string][2]float64{}
	w := world()
	if w.err != nil {
		return out
	}
	for _, o := range w.outlines {
		if o.Code == "" {
			continue
		}
		best := -1.0
		for _, ring := range strings.Split(o.D, "Z") {
			minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
			f := strings.FieldsFunc(ring, func(r rune) bool { return r == 'M' || r == 'L' || r == ' ' })
			for i := 0; i+1 < len(f); i += 2 {
				x, err1 := strconv.ParseFloat(f[i], 64)
				y, err2 := strconv.ParseFloat(f[i+1], 64)
				if err1 != nil || err2 != nil {
					continue
				}
				minX, maxX = math.Min(minX, x), math.Max(maxX, x)
				minY, maxY = math.Min(minY, y), math.Max(maxY, y)
			}
			if a := (maxX - minX) * (maxY - minY); maxX > minX && a > best {
				best = a
				out[o.Code] = [2]float64{(minX + maxX) / 2, (minY + maxY) / 2}
			}
		}
	}
	return out
})

// FlowMapSVG draws legs (country to country, N people) on the world map:
// a line per leg, as wide as its share of the largest, a circle where a
// leg stays in one country. Titles name the countries in lang.
func FlowMapSVG(lang, title string, legs []meridian.RouteLeg) (template.HTML, error) {
	w := world()
	if w.err != nil {
		return "", w.err
	}
	cs := centroids()
	var b svgBuilder
	attr := func(name string, v float64) {
		b.WriteString(" " + name + `="`)
		b.num(v)
		b.WriteByte('"')
	}
	var top int64 = 1
	for _, l := range legs {
		top = max(top, l.N)
	}
	b.Grow(160 << 10)
	b.WriteString(`<svg data-chart="flowmap" viewBox="0 0 `)
	b.num(mapW)
	b.WriteByte(' ')
	b.num(w.height)
	b.WriteString(`" role="img" aria-label="`)
	b.esc(title)
	b.WriteString(`">`)
	for _, o := range w.outlines {
		b.WriteString("\n<path class=\"m-out\" d=\"")
		b.WriteString(o.D)
		b.WriteString(`"/>`)
	}
	for _, l := range legs {
		a, okA := cs[l.From]
		z, okZ := cs[l.To]
		if !okA || !okZ {
			continue
		}
		width := 0.6 + 5*float64(l.N)/float64(top)
		label := CountryName(lang, l.From) + " → " + CountryName(lang, l.To) + ": " + Number(lang, l.N)
		if l.From == l.To {
			b.WriteString("\n<circle class=\"flow f-" + l.Kind + "\"")
			attr("cx", a[0])
			attr("cy", a[1])
			attr("r", 1+width)
			label = CountryName(lang, l.From) + ": " + Number(lang, l.N)
		} else {
			// A gentle arc, so that a flow and its return do not overlap.
			mx, my := (a[0]+z[0])/2, (a[1]+z[1])/2
			dx, dy := z[0]-a[0], z[1]-a[1]
			cx, cy := mx-dy*0.2, my+dx*0.2
			b.WriteString("\n<path class=\"flow f-" + l.Kind + "\" fill=\"none\"")
			b.WriteString(` d="M`)
			b.num(a[0])
			b.WriteByte(' ')
			b.num(a[1])
			b.WriteString(" Q")
			b.num(cx)
			b.WriteByte(' ')
			b.num(cy)
			b.WriteByte(' ')
			b.num(z[0])
			b.WriteByte(' ')
			b.num(z[1])
			b.WriteByte('"')
			attr("stroke-width", width)
		}
		b.WriteString(`><title>`)
		b.esc(label)
		b.WriteString(`</title></`)
		if l.From == l.To {
			b.WriteString("circle>")
		} else {
			b.WriteString("path>")
		}
	}
	b.WriteString("\n</svg>")
	return template.HTML(b.String()), nil
}
