package report_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"meridian"
	"meridian/report"
)

func render(t testing.TB, r *meridian.Results, lang string) string {
	t.Helper()
	var b bytes.Buffer
	if err := report.HTML(&b, r, report.Options{Lang: lang}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// between returns the text from the first start to the next end after it.
func between(t *testing.T, s, start, end string) string {
	t.Helper()
	i := strings.Index(s, start)
	if i < 0 {
		t.Fatalf("no %q in the report", start)
	}
	j := strings.Index(s[i:], end)
	if j < 0 {
		t.Fatalf("no %q after %q", end, start)
	}
	return s[i : i+j+len(end)]
}

// svgElements parses one chart's SVG strictly as XML, so that markup a
// browser would misread (an unclosed quote swallows the rest of a chart)
// fails the test, and returns the elements by name.
func svgElements(t *testing.T, svg string) map[string][]xml.StartElement {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	d.Strict = true
	els := map[string][]xml.StartElement{}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return els
		}
		if err != nil {
			t.Fatalf("chart is not well-formed: %v\n%.300s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok {
			els[se.Name.Local] = append(els[se.Name.Local], se)
		}
	}
}

// withClass counts the elements whose class list holds class.
func withClass(els []xml.StartElement, class string) int {
	n := 0
	for _, e := range els {
		for _, a := range e.Attr {
			if a.Name.Local == "class" && slices.Contains(strings.Fields(a.Value), class) {
				n++
			}
		}
	}
	return n
}

func TestHTML(t *testing.T) {
	r := liberterra()
	t.Run("OK", func(t *testing.T) {
		doc := render(t, r, "en")
		headline := between(t, doc, `<table class="headline">`, `</table>`)
		for _, want := range []string{
			"<th scope=\"row\">Participating countries</th><td>116</td>",
			"<td>29 September to 4 October 2024</td>",
			"<th scope=\"row\">Potential trafficking victims rescued</th><td>3,222</td>",
			"<th scope=\"row\">Irregular migrants identified</th><td>17,793</td>",
			"<th scope=\"row\">Arrests</th><td>2,517, of which 850 on THB or SOM charges</td>",
			"<th scope=\"row\">Flights monitored</th><td>24,000</td>",
			"<th scope=\"row\">Checks performed</th><td>8,000,000</td>",
		} {
			if !strings.Contains(headline, want) {
				t.Errorf("headline table lacks %q:\n%s", want, headline)
			}
		}
		if !strings.Contains(doc, `<html lang="en" dir="ltr">`) || !strings.Contains(doc, "<h1>Liberterra II</h1>") {
			t.Error("no language, direction or title")
		}
	})
	t.Run("Charts", func(t *testing.T) {
		doc := render(t, r, "en")
		days := len(r.ByDay)
		for _, c := range []struct {
			id          string
			bars, parts int
		}{
			{"day-victims", days, 0},
			{"day-migrants", days, 0},
			{"day-arrests", days, days},
			{"day-flights", days, 0},
			{"day-checks", days, 0},
			{"regions", 3 * len(r.ByRegion), 0},
			{"countries", 3 * 15, 0},
			{"exploitation", len(r.Exploitation), 0},
		} {
			els := svgElements(t, between(t, doc, `<svg data-chart="`+c.id+`"`, "</svg>"))
			if n := withClass(els["rect"], "bar"); n != c.bars {
				t.Errorf("%s: %d bars, want %d", c.id, n, c.bars)
			}
			if n := withClass(els["rect"], "bar-part"); n != c.parts {
				t.Errorf("%s: %d bar parts, want %d", c.id, n, c.parts)
			}
			if len(els["line"]) < 2 || len(els["text"]) < 2 {
				t.Errorf("%s: no axis, grid or labels", c.id)
			}
		}
		// Each day's bar carries its figure.
		victims := between(t, doc, `<svg data-chart="day-victims"`, "</svg>")
		for _, d := range r.ByDay {
			if !strings.Contains(victims, fmt.Sprintf(": %s</title>", commas(d.Victims))) {
				t.Errorf("day-victims: no bar titled with %d", d.Victims)
			}
		}
		// The most active countries come first, largest first.
		countries := between(t, doc, `<svg data-chart="countries"`, "</svg>")
		top, second := r.ByCountry[0], r.ByCountry[0]
		for _, c := range r.ByCountry {
			if c.Victims+c.Migrants+c.Arrests > top.Victims+top.Migrants+top.Arrests {
				second, top = top, c
			}
		}
		if i, j := strings.Index(countries, ">"+top.Name+"<"), strings.Index(countries, ">"+second.Name+"<"); i < 0 || j >= 0 && j < i {
			t.Errorf("countries chart does not start with %s", top.Name)
		}
	})
	t.Run("Map", func(t *testing.T) {
		doc := render(t, r, "en")
		svg := between(t, doc, `<svg data-chart="map"`, "</svg>")
		if n := len(svgElements(t, svg)["path"]); n < 150 {
			t.Fatalf("map has %d countries, want the world's", n)
		}
		// The busiest country is in the darkest class, a country that did
		// not take part in the lightest.
		top := r.ByCountry[0]
		for _, c := range r.ByCountry {
			if c.Victims+c.Migrants+c.Arrests > top.Victims+top.Migrants+top.Arrests {
				top = c
			}
		}
		if !regexp.MustCompile(`class="m-5" d="[^"]+"><title>` + regexp.QuoteMeta(top.Name) + `: `).MatchString(svg) {
			t.Errorf("%s is not in the darkest class", top.Name)
		}
		if !strings.Contains(svg, `class="m-out" d="M`) {
			t.Error("no country shown as not participating")
		}
	})
	t.Run("Tables", func(t *testing.T) {
		doc := render(t, r, "en")
		for _, tc := range []struct {
			id   string
			rows int
		}{{"by-region", len(r.ByRegion)}, {"by-country", len(r.ByCountry)}, {"by-day", len(r.ByDay)}} {
			tab := between(t, doc, `<table class="figures" data-table="`+tc.id+`">`, "</table>")
			body := between(t, tab, "<tbody>", "</tbody>")
			if n := strings.Count(body, "<tr>"); n != tc.rows {
				t.Errorf("%s: %d rows, want %d", tc.id, n, tc.rows)
			}
			foot := between(t, tab, "<tfoot>", "</tfoot>")
			for _, v := range []string{"3,222", "17,793", "2,517", "850", "24,000", "8,000,000"} {
				if !strings.Contains(foot, `<td class="n">`+v+`</td>`) {
					t.Errorf("%s: total row lacks %s", tc.id, v)
				}
			}
		}
		// Countries in alphabetical order of their names.
		tab := between(t, doc, `data-table="by-country"`, "</table>")
		if i, j := strings.Index(tab, ">Afghanistan (AF)<"), strings.Index(tab, ">Zimbabwe (ZW)<"); i < 0 || j < 0 || i > j {
			t.Error("country table not in name order")
		}
	})
	t.Run("Escapes", func(t *testing.T) {
		evil := *r
		op := *r.Operation
		op.Name = `<script>alert("x")</script> & <img src=x onerror=alert(1)>`
		evil.Operation = &op
		evil.ByRegion = append([]meridian.RegionFigures{{Region: `<b onmouseover="x">R</b>`, Countries: 1, Figures: meridian.Figures{Victims: 1}}}, r.ByRegion...)
		evil.Exploitation = append([]meridian.Tally{{Key: `</text><script>x</script>`, N: 5}}, r.Exploitation...)
		doc := render(t, &evil, "en")
		for _, bad := range []string{"<script", "<img", "<b onmouseover"} {
			if strings.Contains(doc, bad) {
				t.Errorf("report contains %q unescaped", bad)
			}
		}
		if !strings.Contains(doc, "<h1>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;</h1>") {
			t.Error("operation name not shown escaped")
		}
	})
	t.Run("SelfContained", func(t *testing.T) {
		doc := render(t, r, "en")
		for _, bad := range []string{"<script", " src=", " href=", "url(", "@import", " style=", "<link", "<img", "<iframe", "http://", "https://"} {
			if strings.Contains(doc, bad) {
				t.Errorf("report contains %q: it must load nothing and need no inline style attribute", bad)
			}
		}
		style := strings.TrimSuffix(strings.TrimPrefix(between(t, doc, "<style>", "</style>"), "<style>"), "</style>")
		sum := sha256.Sum256([]byte(style))
		if want := "style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(report.ContentSecurityPolicy, want) {
			t.Errorf("ContentSecurityPolicy %q does not allow the report's style sheet (%s)", report.ContentSecurityPolicy, want)
		}
		if strings.Count(doc, "<style>") != 1 {
			t.Error("more than one style sheet")
		}
	})
	t.Run("Languages", func(t *testing.T) {
		for _, tc := range []struct {
			lang string
			want []string
		}{
			{"fr", []string{`<html lang="fr" dir="ltr">`, "<td>3\u202f222</td>", "<td>17\u202f793</td>", "<td>2\u202f517, dont 850 pour traite", "<td>8\u202f000\u202f000</td>", "du 29 septembre au 4 octobre 2024", "Macédoine du Nord", "Europe du Sud"}},
			{"es", []string{`<html lang="es" dir="ltr">`, "<td>3222</td>", "<td>17.793</td>", "<td>8.000.000</td>", "del 29 de septiembre al 4 de octubre de 2024", "Macedonia del Norte"}},
			{"ar", []string{`<html lang="ar" dir="rtl">`, "<td>٣٬٢٢٢</td>", "<td>١٧٬٧٩٣</td>", "<td>٨٬٠٠٠٬٠٠٠</td>", "من ٢٩ سبتمبر إلى ٤ أكتوبر ٢٠٢٤", "مقدونيا الشمالية"}},
		} {
			t.Run(tc.lang, func(t *testing.T) {
				withMK := *r
				withMK.ByCountry = append([]meridian.CountryFigures{{Country: "MK", Name: "North Macedonia", Region: "Southern Europe", Figures: meridian.Figures{Victims: 32, Arrests: 13}}}, r.ByCountry...)
				doc := render(t, &withMK, tc.lang)
				for _, w := range tc.want {
					if !strings.Contains(doc, w) {
						t.Errorf("%s report lacks %q", tc.lang, w)
					}
				}
				if strings.Contains(doc, "Headline figures") || strings.Contains(doc, "Most active countries") {
					t.Errorf("%s report has English headings", tc.lang)
				}
			})
		}
	})
	t.Run("RightToLeft", func(t *testing.T) {
		// Arabic charts are mirrored: a bar chart's labels sit on the right.
		en := between(t, render(t, r, "en"), `<svg data-chart="exploitation"`, "</svg>")
		ar := between(t, render(t, r, "ar"), `<svg data-chart="exploitation"`, "</svg>")
		if !strings.Contains(en, `<text class="label" x="204.0"`) || !strings.Contains(ar, `<text class="label" x="496.0"`) {
			t.Errorf("exploitation chart not mirrored for Arabic:\n%.400s\n%.400s", en, ar)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		op := *r.Operation
		doc := render(t, &meridian.Results{Operation: &op}, "en")
		if strings.Count(doc, "Nothing reported.") != 4 {
			t.Error("an operation with nothing reported does not say so in each chart section")
		}
		if !strings.Contains(doc, "<td>0, of which 0 on THB or SOM charges</td>") {
			t.Error("zero arrests not shown")
		}
	})
	t.Run("NegativeCounts", func(t *testing.T) {
		// A counter below zero (a defect upstream) draws no bar below
		// the axis and no negative size.
		bad := *r
		bad.ByDay = slices.Clone(r.ByDay)
		bad.ByDay[0].Victims, bad.ByDay[1].ArrestsTHBSOM = -5, 10_000
		bad.ByRegion = slices.Clone(r.ByRegion)
		bad.ByRegion[0].Migrants = -3
		doc := render(t, &bad, "en")
		if strings.Contains(doc, `height="-`) || strings.Contains(doc, `width="-`) {
			t.Error("a bar with a negative size")
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		err := report.HTML(&bytes.Buffer{}, r, report.Options{Lang: "de"})
		if meridian.KindOf(err) != meridian.EInvalid || meridian.FieldOf(err) != "lang" {
			t.Errorf("lang de: got %v, want EInvalid on lang", err)
		}
		if err := report.HTML(&bytes.Buffer{}, &meridian.Results{}, report.Options{}); meridian.KindOf(err) != meridian.EInvalid {
			t.Errorf("no operation: got %v, want EInvalid", err)
		}
		if err := report.HTML(&bytes.Buffer{}, nil, report.Options{}); meridian.KindOf(err) != meridian.EInvalid {
			t.Errorf("nil results: got %v, want EInvalid", err)
		}
	})
}

// commas formats n the English way, independently of the package.
func commas(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func BenchmarkHTML(b *testing.B) {
	r := liberterra()
	for _, lang := range []string{"en", "ar"} {
		b.Run(lang, func(b *testing.B) {
			var buf bytes.Buffer
			render(b, r, lang) // the map is projected once per process
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				if err := report.HTML(&buf, r, report.Options{Lang: lang}); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(buf.Len()))
		})
	}
}
