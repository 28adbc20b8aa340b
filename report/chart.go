package report

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A chart is an SVG drawn from primitives, so that a right-to-left report
// can mirror every chart in one place (mirror) rather than in each layout.
type chart struct {
	ID      string // data-chart attribute, what tests and styles select on
	Caption string // shown above the chart when its section heading does not name it
	Title   string
	W, H    float64
	Rects   []rect
	Texts   []text
	Lines   []line
	Legend  []legendItem
}

type rect struct {
	X, Y, W, H float64
	Class      string // "bar s-victims": a bar of a series; "bar-part ..." a part of a bar
	Title      string // tooltip and accessible name: "Albania: 1,204"
}

type text struct {
	X, Y   float64
	Anchor string // start, middle, end
	Class  string
	S      string
}

type line struct {
	X1, Y1, X2, Y2 float64
	Class          string
}

type legendItem struct {
	Class, Label string
}

// series is one figure drawn in a chart: its CSS class and its label.
type series struct {
	Class, Label string
}

// mirror flips a chart left to right for right-to-left languages: labels
// move to the right, bars grow leftwards, time runs from the right.
func (c *chart) mirror() {
	for i := range c.Rects {
		r := &c.Rects[i]
		r.X = c.W - r.X - r.W
	}
	for i := range c.Texts {
		t := &c.Texts[i]
		t.X = c.W - t.X
		switch t.Anchor {
		case "start":
			t.Anchor = "end"
		case "end":
			t.Anchor = "start"
		}
	}
	for i := range c.Lines {
		l := &c.Lines[i]
		l.X1, l.X2 = c.W-l.X1, c.W-l.X2
	}
}

// niceMax returns a round upper bound for an axis from 0 to max, and the
// step between its ticks: 1, 2, 2.5 or 5 times a power of ten, about
// ticks steps.
func niceMax(max float64, ticks int) (top, step float64) {
	if max <= 0 {
		return 1, 1
	}
	raw := max / float64(ticks)
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		step = m * pow
		if step >= raw {
			break
		}
	}
	if step < 1 {
		step = 1 // counts: no fractional ticks
	}
	top = math.Ceil(max/step) * step
	return top, step
}

// columnChart draws one figure as vertical bars, one per label (a day),
// with the bar's value above it when there is room. part, when not nil,
// is drawn inside each bar (e.g. arrests on THB or SOM charges among all
// arrests).
func columnChart(l locale, id, title string, labels []string, values []int64, s series, part []int64, ps series) chart {
	const w, h, right, top, bottom = 340.0, 180.0, 8.0, 14.0, 22.0
	c := chart{ID: id, Title: title, Caption: title, W: w, H: h}
	var max int64
	for i, v := range values {
		values[i] = maxInt(v, 0) // a count below zero is a defect upstream; draw nothing rather than a bar below the axis
		max = maxInt(max, v)
	}
	for i := range part {
		part[i] = min(maxInt(part[i], 0), values[i])
	}
	ymax, ystep := niceMax(float64(max), 4)
	left := 10 + textWidth(l.num(int64(ymax)), 9)
	plotH := h - top - bottom
	y := func(v float64) float64 { return top + plotH - v/ymax*plotH }
	for t := 0.0; t <= ymax+ystep/2; t += ystep {
		c.Lines = append(c.Lines, line{left, y(t), w - right, y(t), "grid"})
		c.Texts = append(c.Texts, text{left - 4, y(t) + 3, "end", "tick", l.num(int64(t))})
	}
	n := len(values)
	if n == 0 {
		return c
	}
	stepX := (w - left - right) / float64(n)
	every := int(math.Ceil(float64(n) / 10)) // at most ten axis labels
	// Values above the bars only when they fit their bar's width.
	valueLabels := textWidth(l.num(max), 9) <= stepX*0.98
	for i, v := range values {
		x := left + float64(i)*stepX
		bw := stepX * 0.7
		bx := x + (stepX-bw)/2
		label := labels[i]
		c.Rects = append(c.Rects, rect{bx, y(float64(v)), bw, y(0) - y(float64(v)), "bar " + s.Class, label + ": " + l.num(v)})
		if part != nil {
			p := part[i]
			c.Rects = append(c.Rects, rect{bx, y(float64(p)), bw, y(0) - y(float64(p)), "bar-part " + ps.Class, label + ", " + ps.Label + ": " + l.num(p)})
		}
		if valueLabels {
			c.Texts = append(c.Texts, text{bx + bw/2, y(float64(v)) - 3, "middle", "value", l.num(v)})
		}
		if i%every == 0 {
			c.Texts = append(c.Texts, text{bx + bw/2, h - bottom + 13, "middle", "tick", label})
		}
	}
	c.Lines = append(c.Lines, line{left, y(0), w - right, y(0), "axis"})
	if part != nil {
		c.Legend = []legendItem{{s.Class, s.Label}, {ps.Class, ps.Label}}
	}
	return c
}

// barGroup is one labelled row of a bar chart: a value per series.
type barGroup struct {
	Label  string
	Values []int64
}

// barChart draws horizontal bars, a group of one bar per series for each
// row, on one scale, with the value at each bar's end.
func barChart(l locale, id, title string, ss []series, groups []barGroup) chart {
	const w, labelW, valueW, top, barH, gap = 700.0, 210.0, 70.0, 4.0, 11.0, 7.0
	groupH := float64(len(ss))*barH + gap
	h := top + float64(len(groups))*groupH + 20
	c := chart{ID: id, Title: title, W: w, H: h}
	var max int64
	for _, g := range groups {
		for i, v := range g.Values {
			g.Values[i] = maxInt(v, 0) // see columnChart
			max = maxInt(max, v)
		}
	}
	xmax, xstep := niceMax(float64(max), 5)
	plotW := w - labelW - valueW
	x := func(v float64) float64 { return labelW + v/xmax*plotW }
	bottom := top + float64(len(groups))*groupH
	for t := 0.0; t <= xmax+xstep/2; t += xstep {
		c.Lines = append(c.Lines, line{x(t), top, x(t), bottom, "grid"})
		c.Texts = append(c.Texts, text{x(t), bottom + 13, "middle", "tick", l.num(int64(t))})
	}
	for gi, g := range groups {
		gy := top + float64(gi)*groupH
		c.Texts = append(c.Texts, text{labelW - 6, gy + float64(len(ss))*barH/2 + 4, "end", "label", g.Label})
		for si, v := range g.Values {
			by := gy + float64(si)*barH
			bw := x(float64(v)) - labelW
			c.Rects = append(c.Rects, rect{labelW, by + 1, bw, barH - 2, "bar " + ss[si].Class, g.Label + ", " + ss[si].Label + ": " + l.num(v)})
			c.Texts = append(c.Texts, text{labelW + bw + 3, by + barH - 2.5, "start", "value", l.num(v)})
		}
	}
	c.Lines = append(c.Lines, line{labelW, top, labelW, bottom, "axis"})
	if len(ss) > 1 {
		for _, s := range ss {
			c.Legend = append(c.Legend, legendItem{s.Class, s.Label})
		}
	}
	return c
}

// textWidth estimates the width of a label in SVG units at a font size,
// enough to leave room for it (digits and most letters are about 0.6 em in
// the sans-serif faces the report asks for).
func textWidth(s string, size float64) float64 {
	return float64(utf8.RuneCountInString(s)) * size * 0.6
}

func maxInt(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

// SVG writes the chart's <svg> element. Charts are written here rather
// than by the template: a chart is hundreds of elements, and html/template
// calls its escapers through reflection for every attribute, which made
// the report five times slower. Every string is escaped here instead.
func (c chart) SVG() template.HTML {
	var b svgBuilder
	b.Grow(256 * (len(c.Rects) + len(c.Texts) + len(c.Lines) + 4))
	b.WriteString(`<svg data-chart="`)
	b.esc(c.ID)
	b.WriteString(`" viewBox="0 0 `)
	b.num(c.W)
	b.WriteByte(' ')
	b.num(c.H)
	b.WriteString(`" role="img" aria-label="`)
	b.esc(c.Title)
	b.WriteString(`">`)
	for _, l := range c.Lines {
		b.WriteString(`<line class="`)
		b.esc(l.Class)
		b.attr("x1", l.X1)
		b.attr("y1", l.Y1)
		b.attr("x2", l.X2)
		b.attr("y2", l.Y2)
		b.WriteString(`"/>`)
	}
	for _, r := range c.Rects {
		b.WriteString("\n<rect class=\"")
		b.esc(r.Class)
		b.attr("x", r.X)
		b.attr("y", r.Y)
		b.attr("width", r.W)
		b.attr("height", r.H)
		b.WriteString(`"><title>`)
		b.esc(r.Title)
		b.WriteString(`</title></rect>`)
	}
	for _, t := range c.Texts {
		b.WriteString("\n<text class=\"")
		b.esc(t.Class)
		b.attr("x", t.X)
		b.attr("y", t.Y)
		b.WriteString(`" text-anchor="`)
		b.esc(t.Anchor)
		b.WriteString(`">`)
		b.esc(t.S)
		b.WriteString(`</text>`)
	}
	b.WriteString("\n</svg>")
	return template.HTML(b.String())
}

// svgBuilder writes SVG markup, escaping every string it is given.
type svgBuilder struct {
	strings.Builder
	scratch []byte
}

var svgEscaper = strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;", `'`, "&#39;")

func (b *svgBuilder) esc(s string) { svgEscaper.WriteString(&b.Builder, s) }

// attr closes the previous attribute's value and writes ` name="value` of
// a coordinate, leaving its quote open for the next.
func (b *svgBuilder) attr(name string, v float64) {
	b.WriteString(`" `)
	b.WriteString(name)
	b.WriteString(`="`)
	b.num(v)
}

func (b *svgBuilder) num(v float64) {
	b.scratch = strconv.AppendFloat(b.scratch[:0], v, 'f', 1, 64)
	b.Write(b.scratch)
}
