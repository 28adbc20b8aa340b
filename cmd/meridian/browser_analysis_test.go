package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"meridian"
)

// TestBrowserAnalysis drives issue 14's routes and network screens as
// North Macedonia's analyst: the Analysis entry of the navigation, the
// routes of the operation on the world map and in the table (its own 3
// Serbian victims shown exactly, flows of others as the server suppressed
// them), the network of two persons sharing a phone with a path between
// them, each in a phone and a desktop viewport, in English and Arabic,
// checked by axe-core.
func TestBrowserAnalysis(t *testing.T) {
	bctx := browser(t)
	s := newRoutesScene(t)
	const password = "correct horse battery"
	mustUser(t, s.m, s.mk, "ui.mk", password, meridian.RoleAnalyst)
	// Two persons of the operation with one phone: the linking engine
	// proposes the link the network draws.
	var a, b meridian.Person
	for _, p := range []*meridian.Person{&a, &b} {
		body := linkPerson("Marko Petrovic", "+381641234567", map[string]any{"scope": "all"})
		body["operation_id"] = s.op.ID
		s.mkOff.must(201, "POST", "/api/v1/persons", body).decode(t, p)
	}
	eventually(t, "the link between the two persons", func() bool {
		var ls list[meridian.Link]
		s.mkAna.must(200, "GET", "/api/v1/links?record_id="+a.ID, nil).decode(t, &ls)
		return len(ls.Items) == 1
	})

	phone := chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)
	desktop := chromedp.EmulateViewport(1280, 900)
	ctx := session(t, bctx)
	do(t, ctx, "desktop screen", desktop)
	count := func(js string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return n
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+"`"+sel+"`"+`).innerText`))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return s
	}
	bothViewports := func(what string, ready chromedp.CSS) {
		t.Helper()
		for _, v := range []struct {
			name string
			vp   chromedp.Action[chromedp.Void]
		}{{"phone", phone}, {"desktop", desktop}} {
			do(t, ctx, what+" on a "+v.name, v.vp, chromedp.WaitVisible(ready))
			if v.name == "phone" {
				fitsPhone(t, ctx, what)
			}
			axeClean(t, ctx, what+" ("+v.name+")")
		}
	}

	login(t, ctx, s.m.URL, "ui.mk", password)
	do(t, ctx, "open Analysis from the navigation",
		chromedp.Click(testid("nav-main-analysis")),
		chromedp.WaitVisible(testid("analysis-home")),
		chromedp.WaitVisible(testid("brief-pdf")),
	)
	bothViewports("analysis home", testid("analysis-home"))

	do(t, ctx, "the routes of the operation",
		chromedp.Navigate(s.m.URL+"/analysis/routes?operation="+s.op.ID),
		chromedp.WaitVisible(testid("routes-table")),
		chromedp.WaitVisible(css(`[data-testid="map"] [data-testid="flow-lines"] path`)),
	)
	table := text(`[data-testid="routes-table"]`)
	for _, want := range []string{"Serbia → North Macedonia", "Albania → Italy", "Syria → Türkiye → Greece → North Macedonia"} {
		if !strings.Contains(table, want) {
			t.Fatalf("the routes table lacks %q:\n%s", want, table)
		}
	}
	if n := count(`document.querySelectorAll('[data-testid="flow-line"]').length`); n < 3 {
		t.Fatalf("%d flow lines on the map", n)
	}
	bothViewports("routes", testid("routes-table"))
	do(t, ctx, "women only",
		choose(`[data-testid="routes-sex"]`, "F"),
		chromedp.WaitVisible(testid("routes-table")),
	)
	eventually(t, "the table narrowed to women", func() bool {
		return !strings.Contains(text(`[data-testid="routes-table"]`), "Serbia")
	})
	do(t, ctx, "routes in Arabic", choose(`[data-testid="lang"]`, "ar"),
		chromedp.WaitVisible(css(`html[dir="rtl"]`)), chromedp.WaitVisible(testid("routes-table")))
	bothViewports("routes in Arabic", testid("routes-table"))
	do(t, ctx, "back to English", choose(`[data-testid="lang"]`, "en"), chromedp.WaitVisible(css(`html[dir="ltr"]`)))

	do(t, ctx, "the network of the operation",
		chromedp.Navigate(s.m.URL+"/analysis/network?operation="+s.op.ID),
		chromedp.WaitVisible(css(`[data-testid="network-graph"] canvas`)),
		chromedp.WaitVisible(testid("network-communities")),
	)
	if n := count(`document.querySelector('[data-testid="network-graph"]').cy.nodes().length`); n != 2 {
		t.Fatalf("the network has %d nodes, want 2", n)
	}
	do(t, ctx, "the shortest path between the two persons",
		choose(`[data-testid="path-from"]`, a.ID),
		choose(`[data-testid="path-to"]`, b.ID),
		chromedp.WaitVisible(css(`[data-testid="network-path"][data-length="2"]`)),
	)
	bothViewports("network", css(`[data-testid="network-graph"] canvas`))
	do(t, ctx, "network in Arabic", choose(`[data-testid="lang"]`, "ar"),
		chromedp.WaitVisible(css(`html[dir="rtl"]`)), chromedp.WaitVisible(testid("network-communities")))
	bothViewports("network in Arabic", css(`[data-testid="network-graph"] canvas`))

}
