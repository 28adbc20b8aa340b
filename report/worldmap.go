package report

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"meridian"
)

// The world map is projected once per process from the bundled Natural
// Earth outlines; a report only chooses each country's shade.

//go:embed assets/countries-110m.json
var countriesTopoJSON []byte

// mapW is the map's width in SVG units; its height follows from the land.
const mapW = 700.0

// outline is one country's shape as SVG path data.
type outline struct {
	Code string // ISO 3166-1 alpha-2; "" for territories without one
	Name string // English name from the outlines, for those without a code
	D    string
}

type projectedWorld struct {
	outlines []outline
	height   float64
	err      error
}

var world = sync.OnceValue(func() projectedWorld {
	o, h, err := projectTopoJSON(countriesTopoJSON)
	return projectedWorld{o, h, err}
})

type topology struct {
	Transform struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]float64 `json:"arcs"`
	Objects struct {
		Countries struct {
			Geometries []struct {
				Type       string          `json:"type"`
				ID         string          `json:"id"`
				Arcs       json.RawMessage `json:"arcs"`
				Properties struct {
					Name string `json:"name"`
				} `json:"properties"`
			} `json:"geometries"`
		} `json:"countries"`
	} `json:"objects"`
}

// projectTopoJSON decodes world-atlas's quantized, delta-encoded TopoJSON
// and projects every country with Equal Earth (areas true, so that shading
// by country does not overstate the far north), as path data.
func projectTopoJSON(data []byte) (out []outline, height float64, err error) {
	var t topology
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, 0, fmt.Errorf("report: world map: %w", err)
	}
	// Decode the arcs into longitude, latitude.
	arcs := make([][][2]float64, len(t.Arcs))
	for i, a := range t.Arcs {
		var x, y float64
		pts := make([][2]float64, len(a))
		for j, p := range a {
			x += p[0]
			y += p[1]
			pts[j] = [2]float64{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]}
		}
		arcs[i] = pts
	}
	byNumeric := map[string]string{}
	for _, c := range meridian.Countries() {
		byNumeric[c.Numeric] = c.Alpha2
	}
	type shape struct {
		code, name string
		rings      [][][2]float64 // projected, in units of the radius
	}
	var shapes []shape
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, g := range t.Objects.Countries.Geometries {
		if g.ID == "010" { // Antarctica: no operation there, and it takes a fifth of the map
			continue
		}
		var polygons [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return nil, 0, fmt.Errorf("report: world map: %s: %w", g.Properties.Name, err)
			}
			polygons = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polygons); err != nil {
				return nil, 0, fmt.Errorf("report: world map: %s: %w", g.Properties.Name, err)
			}
		default:
			continue
		}
		sh := shape{code: byNumeric[g.ID], name: g.Properties.Name}
		for _, poly := range polygons {
			for _, ring := range poly {
				var pts [][2]float64
				for k, ai := range ring {
					rev := ai < 0
					if rev {
						ai = ^ai
					}
					if ai >= len(arcs) {
						return nil, 0, fmt.Errorf("report: world map: %s: arc %d out of range", g.Properties.Name, ai)
					}
					a := arcs[ai]
					if rev {
						a = slices.Clone(a)
						slices.Reverse(a)
					}
					if k > 0 && len(a) > 0 {
						a = a[1:] // each arc starts where the previous one ended
					}
					pts = append(pts, a...)
				}
				unwrap(pts)
				for i, p := range pts {
					x, y := equalEarth(p[0], p[1])
					minX, maxX = math.Min(minX, x), math.Max(maxX, x)
					minY, maxY = math.Min(minY, y), math.Max(maxY, y)
					pts[i] = [2]float64{x, y}
				}
				sh.rings = append(sh.rings, pts)
			}
		}
		shapes = append(shapes, sh)
	}
	if len(shapes) == 0 {
		return nil, 0, fmt.Errorf("report: world map: no countries")
	}
	// Fit the width; the height follows from the land's extent.
	s := mapW / (maxX - minX)
	height = math.Ceil((maxY - minY) * s)
	out = make([]outline, 0, len(shapes))
	var b strings.Builder
	for _, sh := range shapes {
		b.Reset()
		for _, ring := range sh.rings {
			writeRing(&b, ring, func(x, y float64) (float64, float64) { return (x - minX) * s, (maxY - y) * s })
		}
		out = append(out, outline{Code: sh.code, Name: sh.name, D: b.String()})
	}
	return out, height, nil
}

// unwrap keeps a ring that crosses the antimeridian (Russia's far east,
// Fiji) on one side of the map: the points on the other side are brought
// back to ±180°, where the map is cut, instead of a line drawn across the
// world.
func unwrap(pts [][2]float64) {
	var east, west int
	crosses := false
	for i, p := range pts {
		if p[0] >= 0 {
			east++
		} else {
			west++
		}
		if i > 0 && math.Abs(p[0]-pts[i-1][0]) > 180 {
			crosses = true
		}
	}
	if !crosses {
		return
	}
	for i := range pts {
		if east >= west && pts[i][0] < 0 {
			pts[i][0] = 180
		} else if east < west && pts[i][0] > 0 {
			pts[i][0] = -180
		}
	}
}

// writeRing appends a closed ring as path data, in whole tenths of a unit,
// dropping points that round onto the previous one.
func writeRing(b *strings.Builder, pts [][2]float64, fit func(x, y float64) (float64, float64)) {
	var px, py int64
	n := 0
	for _, p := range pts {
		x, y := fit(p[0], p[1])
		ix, iy := int64(math.Round(x*10)), int64(math.Round(y*10))
		if n > 0 && ix == px && iy == py {
			continue
		}
		if n == 0 {
			b.WriteByte('M')
		} else {
			b.WriteByte('L')
		}
		writeTenths(b, ix)
		b.WriteByte(' ')
		writeTenths(b, iy)
		px, py = ix, iy
		n++
	}
	if n > 0 {
		b.WriteByte('Z')
	}
}

func writeTenths(b *strings.Builder, v int64) {
	if v < 0 {
		b.WriteByte('-')
		v = -v
	}
	b.WriteString(strconv.FormatInt(v/10, 10))
	if r := v % 10; r != 0 {
		b.WriteByte('.')
		b.WriteByte(byte('0' + r))
	}
}

// equalEarth projects a point (degrees) with the Equal Earth projection
// (Šavrič, Patterson and Jenny, 2018), in units of the sphere's radius.
func equalEarth(lon, lat float64) (x, y float64) {
	const a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
	m := math.Sqrt(3) / 2
	lam := lon * math.Pi / 180
	phi := lat * math.Pi / 180
	th := math.Asin(m * math.Sin(phi))
	t2 := th * th
	t6 := t2 * t2 * t2
	x = lam * math.Cos(th) / (m * (a1 + 3*a2*t2 + t6*(7*a3+9*a4*t2)))
	y = th * (a1 + a2*t2 + t6*(a3+a4*t2))
	return x, y
}

// mapShape is one country on a report's map with its shade.
type mapShape struct {
	D, Class, Title string
}

// worldMap is the map section: shapes shaded by activity and the legend.
type worldMap struct {
	Title  string
	W, H   float64
	Shapes []mapShape
	Legend []legendItem
}

// buildMap shades each country by its activity (victims, migrants and
// arrests together) in five classes split at quantiles of the countries
// that reported anything, so that a few very active countries do not wash
// out the rest.
func buildMap(l locale, r *meridian.Results) (*worldMap, error) {
	w := world()
	if w.err != nil {
		return nil, w.err
	}
	outlines := w.outlines
	participating := map[string]bool{}
	if r.Operation != nil {
		for _, c := range r.Operation.Countries {
			participating[c] = true
		}
	}
	activity := map[string]int64{}
	var values []int64
	for _, c := range r.ByCountry {
		a := c.Victims + c.Migrants + c.Arrests
		activity[c.Country] = a
		if a > 0 {
			values = append(values, a)
		}
	}
	slices.Sort(values)
	// Upper bounds of classes 1..5.
	var bounds []int64
	for k := 1; k <= 5 && len(values) > 0; k++ {
		b := values[(len(values)*k-1)/5]
		if len(bounds) == 0 || b > bounds[len(bounds)-1] {
			bounds = append(bounds, b)
		}
	}
	m := &worldMap{Title: l.Map, W: mapW, H: w.height, Shapes: make([]mapShape, 0, len(outlines))}
	for _, o := range outlines {
		name := l.country(o.Code, o.Name)
		a, reported := activity[o.Code]
		cls := "m-out"
		title := name
		switch {
		case o.Code != "" && (participating[o.Code] || reported) && a > 0:
			cls = "m-" + strconv.Itoa(classOf(a, bounds))
			title = name + ": " + l.num(a)
		case o.Code != "" && participating[o.Code]:
			cls = "m-0"
			title = name + ": " + l.num(0)
		}
		m.Shapes = append(m.Shapes, mapShape{o.D, cls, title})
	}
	m.Legend = append(m.Legend, legendItem{"m-out", l.NotParticipating}, legendItem{"m-0", l.num(0)})
	lo := int64(1)
	for i, b := range bounds {
		label := l.num(lo) + "–" + l.num(b)
		if lo == b {
			label = l.num(b)
		}
		m.Legend = append(m.Legend, legendItem{"m-" + strconv.Itoa(i+1), label})
		lo = b + 1
	}
	return m, nil
}

func classOf(v int64, bounds []int64) int {
	for i, b := range bounds {
		if v <= b {
			return i + 1
		}
	}
	return len(bounds)
}

// SVG writes the map's <svg> element (see chart.SVG for why not the
// template).
func (m *worldMap) SVG() template.HTML {
	var b svgBuilder
	b.Grow(160 << 10)
	b.WriteString(`<svg data-chart="map" viewBox="0 0 `)
	b.num(m.W)
	b.WriteByte(' ')
	b.num(m.H)
	b.WriteString(`" role="img" aria-label="`)
	b.esc(m.Title)
	b.WriteString(`">`)
	for _, s := range m.Shapes {
		b.WriteString("\n<path class=\"")
		b.esc(s.Class)
		b.WriteString(`" d="`)
		b.WriteString(s.D) // path data made here from numbers only
		b.WriteString(`"><title>`)
		b.esc(s.Title)
		b.WriteString(`</title></path>`)
	}
	b.WriteString("\n</svg>")
	return template.HTML(b.String())
}
