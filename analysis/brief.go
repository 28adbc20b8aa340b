package analysis

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"meridian"
	"meridian/report"
)

// The analytical brief (issue 14, point 6): an operation's routes,
// networks, forms of exploitation and trends for one reader, as a
// self-contained HTML page (and PDF, printed from it by report.PDF where
// it is asked for), in the spirit of the brief UNODC's experts wrote for
// the South Eastern Europe coordination unit. It is computed from the
// same services the screens read, so it carries exactly what the reader
// may see there, and it names no one: routes are aggregates, suppressed as
// on the screen; networks are counts, references and identifier types.

// BriefTrends is the trends section's source: the trends analysis (issue
// 14, points 3 and 4, built beside this file) implements it and the
// integrator wires it into Brief.Trends. It returns the changes flagged in
// an operation's series as the caller may see them on the trends screen
// (computed from the records it may read, suppressed as there), each with
// its words in lang. A nil Brief.Trends prints "not available".
type BriefTrends interface {
	BriefTrends(ctx context.Context, operationID, lang string) ([]TrendNote, error)
}

// TrendNote is one flagged change, as the brief prints it.
type TrendNote struct {
	Series string    // what changed: a route, a country, a method
	Since  time.Time // when the change began
	Change string    // why it was flagged: the change and its size, in lang
}

// OperationFinder finds an operation as the caller may see it.
type OperationFinder interface {
	FindOperationByID(ctx context.Context, id string) (*meridian.Operation, error)
}

// Brief writes analytical briefs.
type Brief struct {
	Operations OperationFinder
	Routes     meridian.RouteService
	Network    *NetworkService
	Trends     BriefTrends // nil: the section says the analysis is not available
	Now        func() time.Time
}

// BriefLanguages are the brief's languages.
var BriefLanguages = []string{"en", "fr", "es", "ar"}

// briefCSS is the brief's one style sheet, allowed by its hash.
const briefCSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#1b1f24}
h1{font-size:1.6em;margin:0}h2{border-bottom:2px solid #1d4e89;padding-bottom:.2em;margin-top:1.6em}h3{margin:1.2em 0 .4em}
.meta,.note{color:#555}table{border-collapse:collapse;width:100%;margin:.4em 0 1em}th,td{border-bottom:1px solid #ddd;padding:.25em .5em;text-align:start}
td.n,th.n{text-align:end;font-variant-numeric:tabular-nums}svg{width:100%;height:auto;border:1px solid #ddd;background:#f4f7fb}
.m-out{fill:#dfe5ec;stroke:#fff;stroke-width:.3}.flow{stroke-linecap:round;opacity:.75}path.flow{stroke:#c0392b}circle.flow{fill:#c0392b}
path.f-migrants{stroke:#1d4e89}circle.f-migrants{fill:#1d4e89}path.f-alerts{stroke:#8e44ad}circle.f-alerts{fill:#8e44ad}circle.f-interceptions{fill:#d68910}
.cards{display:flex;flex-wrap:wrap;gap:.6em}.card{border:1px solid #ccd;border-radius:4px;padding:.4em .8em;min-width:9em}.card b{display:block;font-size:1.4em}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table{break-inside:auto}tr{break-inside:avoid}}`

// BriefCSP is the policy a server sends with the brief: nothing loads,
// and the one inline style sheet is allowed by its hash.
var BriefCSP = func() string {
	sum := sha256.Sum256([]byte(briefCSS))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}()

const briefTemplate = `<!doctype html>
<html lang="{{.Lang}}" dir="{{.Dir}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T.Title}}: {{.Operation}}</title><style>{{.CSS}}</style></head>
<body data-brief="{{.Lang}}">
<header><h1>{{.T.Title}}: {{.Operation}}</h1>
<p class="meta">{{.Period}} · {{.T.Computed}} {{.Computed}}</p><p class="meta">{{.T.Scope}}</p></header>
<h2 id="summary">{{.T.Summary}}</h2>
<div class="cards">{{range .Cards}}<div class="card" data-kind="{{.Kind}}"><b>{{.N}}</b>{{.Label}}</div>{{end}}
<div class="card"><b>{{.Shown}}</b>{{.T.Shown}}</div><div class="card"><b>{{.Withheld}}</b>{{.T.Withheld}}</div>
<div class="card"><b>{{.Records}}</b>{{.T.Records}}</div><div class="card"><b>{{.CommunitiesN}}</b>{{.T.CommunitiesN}}</div></div>
<p class="note">{{.T.WithheldNote}}</p>
<h2 id="routes">{{.T.Routes}}</h2>
<h3>{{.T.MapTitle}}</h3>{{.Map}}
{{range .Kinds}}<h3>{{.Label}}</h3>
{{if .Rows}}<table data-table="routes-{{.Kind}}"><thead><tr><th>{{$.T.ColRoute}}</th><th>{{$.T.ColNationality}}</th><th class="n">{{$.T.ColPeople}}</th></tr></thead><tbody>
{{range .Rows}}<tr><td>{{.Route}}</td><td>{{.Nationality}}</td><td class="n">{{.N}}</td></tr>
{{end}}</tbody></table>{{else}}<p>{{$.T.NoFlows}}</p>{{end}}{{end}}
<h2 id="methods">{{.T.Methods}}</h2><p class="note">{{.T.MethodsNote}}</p>
{{if .Methods}}<table data-table="methods"><thead><tr><th>{{.T.ColForm}}</th><th class="n">{{.T.ColVictims}}</th></tr></thead><tbody>
{{range .Methods}}<tr><td>{{.Name}}</td><td class="n">{{.N}}</td></tr>
{{end}}</tbody></table>{{else}}<p>{{.T.NoFlows}}</p>{{end}}
<h2 id="networks">{{.T.Networks}}</h2>
{{if .Communities}}<p>{{.T.Records}}: {{.Records}} · {{.T.Links}}: {{.Links}} · {{.T.Restricted}}: {{.RestrictedN}}</p>
<table data-table="communities"><thead><tr><th>{{.T.ColCommunity}}</th><th class="n">{{.T.ColSize}}</th><th>{{.T.ColCountries}}</th></tr></thead><tbody>
{{range .Communities}}<tr><td>{{.ID}}</td><td class="n">{{.Size}}</td><td>{{.Countries}}</td></tr>
{{end}}</tbody></table>
<h3>{{.T.Brokers}}</h3><p class="note">{{.T.BrokersNote}}</p>
<table data-table="brokers"><thead><tr><th>{{.T.ColRecord}}</th><th>{{.T.ColCountry}}</th><th>{{.T.ColCountries}}</th><th class="n">{{.T.ColScore}}</th></tr></thead><tbody>
{{range .Brokers}}<tr><td><code>{{.Ref}}</code></td><td>{{.Country}}</td><td>{{.Countries}}</td><td class="n">{{.Score}}</td></tr>
{{end}}</tbody></table>
<h3>{{.T.Hubs}}</h3><p class="note">{{.T.HubsNote}}</p>
<table data-table="hubs"><thead><tr><th>{{.T.ColIdentifier}}</th><th class="n">{{.T.ColHeldBy}}</th></tr></thead><tbody>
{{range .Hubs}}<tr><td>{{.Type}}</td><td class="n">{{.N}}</td></tr>
{{end}}</tbody></table>{{else}}<p>{{.T.NoNetwork}}</p>{{end}}
<h2 id="trends">{{.T.Trends}}</h2>
{{if .Trends}}<p class="note">{{.T.TrendsNote}}</p><table data-table="trends"><thead><tr><th>{{.T.ColSeries}}</th><th>{{.T.ColSince}}</th><th>{{.T.ColChange}}</th></tr></thead><tbody>
{{range .Trends}}<tr><td>{{.Series}}</td><td>{{.Since}}</td><td>{{.Change}}</td></tr>
{{end}}</tbody></table>{{else}}<p>{{.TrendsMissing}}</p>{{end}}
<footer><p class="meta">{{.T.Footer}}</p></footer>
</body></html>
`

var briefTmpl = template.Must(template.New("brief").Parse(briefTemplate))

type briefCard struct{ Kind, Label, N string }

type briefRow struct{ Route, Nationality, N string }

type briefKind struct {
	Kind, Label string
	Rows        []briefRow
}

type briefPage struct {
	Lang, Dir, Operation, Period, Computed string
	CSS                                    template.CSS
	T                                      *briefText
	Cards                                  []briefCard
	Shown, Withheld                        string
	Map                                    template.HTML
	Kinds                                  []briefKind
	Methods                                []struct{ Name, N string }
	Records, Links, CommunitiesN           string
	RestrictedN                            string
	Communities                            []struct{ ID, Size, Countries string }
	Brokers                                []struct{ Ref, Country, Countries, Score string }
	Hubs                                   []struct{ Type, N string }
	Trends                                 []struct{ Series, Since, Change string }
	TrendsMissing                          string
}

// briefRows is how many flows of each kind the brief lists.
const briefRows = 20

// HTML writes the brief of an operation for the caller in lang. Errors as
// the services it reads (ENotFound, EForbidden), EInvalid for a language.
func (b *Brief) HTML(ctx context.Context, w io.Writer, operationID, lang string) error {
	const op = "analysis.Brief"
	t, ok := briefCatalogue[lang]
	if !ok {
		return meridian.Invalidf(op, "lang", "unknown language %q (want en, fr, es or ar)", lang)
	}
	if !meridian.IsID(operationID) {
		return meridian.Invalidf(op, "operation", "malformed id %q", operationID)
	}
	o, err := b.Operations.FindOperationByID(ctx, operationID)
	if err != nil {
		return err
	}
	routes, err := b.Routes.Routes(ctx, meridian.RouteFilter{OperationID: operationID})
	if err != nil {
		return err
	}
	net, err := b.Network.Network(ctx, meridian.NetworkFilter{OperationID: operationID}, "", "")
	if err != nil {
		return err
	}
	now := time.Now
	if b.Now != nil {
		now = b.Now
	}
	num := func(n int64) string { return report.Number(lang, n) }
	p := &briefPage{Lang: lang, Dir: report.Dir(lang), Operation: o.Name, T: t, CSS: template.CSS(briefCSS),
		Computed: now().UTC().Format("2006-01-02 15:04 UTC"), Period: string(o.Start) + " – " + string(o.End)}
	shown := 0
	for _, f := range routes.Flows {
		if !f.Suppressed {
			shown++
		}
	}
	p.Shown, p.Withheld = num(int64(shown)), num(int64(routes.Suppressed))
	for _, k := range meridian.RouteKinds {
		p.Cards = append(p.Cards, briefCard{Kind: k, Label: t.Kinds[k], N: num(routes.Totals[k])})
		bk := briefKind{Kind: k, Label: t.Kinds[k]}
		for _, f := range routes.Flows {
			if f.Kind != k || f.Suppressed {
				continue
			}
			if len(bk.Rows) == briefRows {
				break
			}
			var stops []string
			for _, l := range LegsOf(f) {
				if len(stops) == 0 {
					stops = append(stops, report.CountryName(lang, l.From))
				}
				if l.To != l.From {
					stops = append(stops, report.CountryName(lang, l.To))
				}
			}
			bk.Rows = append(bk.Rows, briefRow{Route: strings.Join(stops, " → "), Nationality: report.CountryName(lang, f.Nationality), N: num(f.N)})
		}
		p.Kinds = append(p.Kinds, bk)
	}
	if p.Map, err = report.FlowMapSVG(lang, t.MapTitle, routes.Legs); err != nil {
		return meridian.Internal(op, err)
	}
	// Forms of exploitation: the victims' flows under each form, as the
	// routes screen shows them with that filter (suppressed alike).
	for _, x := range meridian.ExploitationTypes {
		r, err := b.Routes.Routes(ctx, meridian.RouteFilter{OperationID: operationID, Kind: meridian.RouteVictims, Exploitation: x})
		if err != nil {
			return err
		}
		if n := r.Totals[meridian.RouteVictims]; n > 0 {
			p.Methods = append(p.Methods, struct{ Name, N string }{report.ExploitationName(lang, x), num(n)})
		}
	}
	records, restricted := 0, 0
	for _, nd := range net.Nodes {
		if nd.Restricted {
			restricted++
		} else {
			records++
		}
	}
	p.Records, p.Links, p.RestrictedN = num(int64(records)), num(int64(len(net.Edges)-restricted)), num(int64(restricted))
	p.CommunitiesN = num(int64(len(net.Communities)))
	for _, c := range net.Communities[:min(len(net.Communities), 15)] {
		var names []string
		for _, x := range c.Countries {
			names = append(names, report.CountryName(lang, x))
		}
		p.Communities = append(p.Communities, struct{ ID, Size, Countries string }{num(int64(c.ID + 1)), num(int64(c.Size)), strings.Join(names, ", ")})
	}
	for _, br := range net.Brokers[:min(len(net.Brokers), 10)] {
		var names []string
		for _, x := range br.Countries {
			names = append(names, report.CountryName(lang, x))
		}
		p.Brokers = append(p.Brokers, struct{ Ref, Country, Countries, Score string }{br.ID, report.CountryName(lang, br.Country),
			strings.Join(names, ", "), strconv.FormatFloat(br.Betweenness, 'f', 3, 64)})
	}
	hubTypes := map[string]int64{}
	var types []string
	for _, h := range net.Hubs {
		if _, ok := hubTypes[h.Type]; !ok {
			types = append(types, h.Type)
		}
		hubTypes[h.Type] += int64(len(h.Records))
	}
	slices.Sort(types)
	for _, ty := range types {
		p.Hubs = append(p.Hubs, struct{ Type, N string }{ty, num(hubTypes[ty])})
	}
	p.TrendsMissing = t.NoTrends
	if b.Trends != nil {
		p.TrendsMissing = t.NoFlags
		notes, err := b.Trends.BriefTrends(ctx, operationID, lang)
		if err != nil {
			return err
		}
		for _, n := range notes {
			p.Trends = append(p.Trends, struct{ Series, Since, Change string }{n.Series, n.Since.UTC().Format("2006-01-02"), n.Change})
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := briefTmpl.Execute(bw, p); err != nil {
		return fmt.Errorf("analysis: brief: %w", err)
	}
	return bw.Flush()
}
