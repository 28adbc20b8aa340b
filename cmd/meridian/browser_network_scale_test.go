package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"meridian"
	"meridian/analysis"
)

// scaleGraph is a generated network of n persons of ten countries and m
// links, most within groups of about 100, one in ten across.
func scaleGraph(n, m int) *meridian.LinkGraph {
	r := rand.New(rand.NewPCG(5, 5))
	countries := []string{"MK", "AL", "GR", "IT", "DE", "RS", "FR", "ES", "NL", "UA"}
	g := &meridian.LinkGraph{}
	for i := range n {
		g.IDs = append(g.IDs, fmt.Sprintf("p%05d", i))
		g.Records = append(g.Records, meridian.RawRecord{Kind: "person",
			Body: fmt.Appendf(nil, `{"owner_country":%q,"names":[{"full":"Person %d"}],"role":"suspect"}`, countries[(i/100)%len(countries)], i)})
	}
	seen := map[[2]int]bool{}
	for len(g.Links) < m {
		a := r.IntN(n)
		b := (a/100)*100 + r.IntN(100)
		if r.IntN(10) == 0 {
			b = r.IntN(n)
		}
		if b >= n || a == b || seen[[2]int{min(a, b), max(a, b)}] {
			continue
		}
		seen[[2]int{min(a, b), max(a, b)}] = true
		g.Links = append(g.Links, &meridian.Link{ID: fmt.Sprintf("l%06d", len(g.Links)), State: meridian.LinkConfirmed, Score: 0.9,
			A: meridian.LinkEnd{RecordID: g.IDs[a], Kind: "person"}, B: meridian.LinkEnd{RecordID: g.IDs[b], Kind: "person"}})
	}
	return g
}

// TestBrowserNetworkScale loads a network of 5,000 records and 20,000
// links (the server's own analysis of a generated graph, handed to the
// screen in place of the store's answer, so that the browser is what is
// measured) into the network screen: above analysis.SummaryAt records the
// screen draws the summary (communities as nodes), and selecting one
// draws its records. It logs the time to the first draw, the frame times
// while panning and zooming, and the time from selecting a community to
// its records drawn; no time is asserted (docs/benchmarks.md, "Network
// (issue 14)").
func TestBrowserNetworkScale(t *testing.T) {
	bctx := browser(t)
	m := MustRunMain(t, Config{})
	mk := mustAgency(t, m, "MK", "North Macedonia police")
	const password = "correct horse battery"
	mustUser(t, m, mk, "ui.mk", password, meridian.RoleAnalyst)
	coord := &client{t, m.URL, mustToken(t, m, mk, "coord", meridian.RoleCoordinator)}
	var op meridian.Operation
	coord.must(201, "POST", "/api/v1/operations", map[string]any{"name": "A large network", "start": "2024-09-29", "end": "2024-10-04",
		"status": "planned", "countries": []string{"MK"}}).decode(t, &op)

	start := time.Now()
	n, err := analysis.Analyse(scaleGraph(5000, 20000))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("server: analysis of %d nodes and %d edges in %v", len(n.Nodes), len(n.Edges), time.Since(start))
	if n.Summary == nil {
		t.Fatalf("no summary above %d nodes", analysis.SummaryAt)
	}
	if n.BetweennessSources == 0 || n.BetweennessSources >= len(n.Nodes) {
		t.Fatalf("betweenness from %d sources of %d nodes", n.BetweennessSources, len(n.Nodes))
	}
	body, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	lit, err := json.Marshal(string(body)) // a JavaScript string literal
	if err != nil {
		t.Fatal(err)
	}
	// The page's fetch answers the network with it.
	stub := fmt.Sprintf(`(() => {
		const body = %s;
		const orig = window.fetch;
		window.fetch = function (input, init) {
			const u = typeof input === "string" ? input : input.url;
			if (u.startsWith("/api/v1/analysis/network?") || u.startsWith("/api/v1/analysis/network/?")) {
				window.__netFetched = performance.now();
				return Promise.resolve(new Response(body, { status: 200, headers: { "Content-Type": "application/json" } }));
			}
			return orig.apply(this, arguments);
		};
	})();`, lit)

	ctx := session(t, bctx)
	do(t, ctx, "desktop screen", chromedp.EmulateViewport(1280, 900))
	login(t, ctx, m.URL, "ui.mk", password)
	do(t, ctx, "stub the network's answer", chromedp.Func(func(ctx2 context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx2, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: stub})
		return err
	}))
	do(t, ctx, "the network of 5,000 records",
		chromedp.Navigate(m.URL+"/analysis/network?operation="+op.ID),
		chromedp.WaitVisible(css(`[data-testid="network-graph"] canvas`)),
		chromedp.WaitVisible(testid("network-summary")),
		// Betweenness of 5,000 records is estimated, and the screen says so.
		chromedp.WaitVisible(testid("network-betweenness-sampled")),
	)
	eval := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", js[:min(len(js), 80)], err)
		}
		return s
	}
	const helpers = `const el = () => document.querySelector('[data-testid="network-graph"]');
		const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
		const frames = (k) => new Promise((r) => { const go = (i) => i ? requestAnimationFrame(() => go(i - 1)) : r(); go(k); });`
	first := eval(`(async () => { ` + helpers + `
		while (!(el() && el().cy && el().cy.nodes().length > 0)) await sleep(5);
		await frames(2);
		return JSON.stringify({ms: Math.round(performance.now() - window.__netFetched), nodes: el().cy.nodes().length, edges: el().cy.edges().length,
			summary: el().cy.nodes('[kind = "community"]').length});
	})()`)
	t.Logf("first draw (from the answer to the drawn summary): %s", first)
	var drawn struct{ Nodes, Edges, Summary int }
	json.Unmarshal([]byte(first), &drawn)
	if drawn.Summary == 0 || drawn.Summary != drawn.Nodes {
		t.Fatalf("the screen drew %s, want the summary's communities only", first)
	}
	frameJS := func(what string) string {
		return `(async () => { ` + helpers + `
			const cy = el().cy; const times = []; let last = performance.now();
			for (let i = 0; i < 60; i++) {
				` + what + `
				await frames(1);
				const now = performance.now(); times.push(now - last); last = now;
			}
			times.sort((a, b) => a - b);
			return JSON.stringify({median: Math.round(times[30] * 10) / 10, p95: Math.round(times[57] * 10) / 10, max: Math.round(times[59] * 10) / 10});
		})()`
	}
	t.Logf("pan, frame times in ms over 60 frames: %s", eval(frameJS(`cy.panBy({x: 7, y: 4});`)))
	t.Logf("zoom, frame times in ms over 60 frames: %s", eval(frameJS(`cy.zoom({level: cy.zoom() * (i < 30 ? 1.04 : 0.96), renderedPosition: {x: 400, y: 300}});`)))
	sel := eval(`(async () => { ` + helpers + `
		const old = el().cy;
		const c = old.nodes('[kind = "community"]').sort((a, b) => b.data("size") - a.data("size"))[0];
		const t0 = performance.now();
		c.emit("tap");
		while (el().cy === old || el().cy.nodes().length === 0) await sleep(2);
		await frames(2);
		return JSON.stringify({ms: Math.round(performance.now() - t0), nodes: el().cy.nodes().length, edges: el().cy.edges().length});
	})()`)
	t.Logf("select the largest community, to its records drawn: %s", sel)
	var opened struct{ Nodes int }
	json.Unmarshal([]byte(sel), &opened)
	if opened.Nodes == 0 || opened.Nodes >= len(n.Nodes) {
		t.Fatalf("selecting a community drew %s", sel)
	}
	t.Logf("pan in the community, frame times in ms: %s", eval(frameJS(`cy.panBy({x: 7, y: 4});`)))
	sel = eval(`(async () => { ` + helpers + `
		const cy = el().cy; const p = cy.nodes()[0];
		const t0 = performance.now();
		p.emit("tap"); p.select();
		await frames(2);
		return JSON.stringify({ms: Math.round(performance.now() - t0)});
	})()`)
	t.Logf("select a record in it: %s", sel)
}
