package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"meridian"
)

// TestBrowserLinks drives issue 12's linking screens. A Dutch analyst,
// whom both Serbia and North Macedonia release to, has the notifications
// inbox open when the Macedonian raid names a man with the Serbian
// suspect's phone: the proposal appears without a reload. In the review
// queue she confirms it from the keyboard (c, a reason, Enter); the
// record's links page then shows the cluster (both persons and the raid),
// from which she opens a cross-border case and sees its network. An
// Albanian analyst, whom only North Macedonia releases to, sees in the
// same queue only the notice to contact the Serbian police quoting the
// link. Every screen is checked in a phone and a desktop viewport by
// axe-core, the queue in Arabic too.
func TestBrowserLinks(t *testing.T) {
	bctx := browser(t)
	m := MustRunMain(t, Config{})
	rs := mustAgency(t, m, "RS", "Serbian Police")
	mk := mustAgency(t, m, "MK", "Macedonian Police")
	nl := mustAgency(t, m, "NL", "Dutch Police")
	al := mustAgency(t, m, "AL", "Albanian Police")
	const password = "correct horse battery"
	mustUser(t, m, nl, "analyst.nl", password, meridian.RoleAnalyst)
	mustUser(t, m, al, "analyst.al", password, meridian.RoleAnalyst)
	rsOff := &client{t, m.URL, mustToken(t, m, rs, "officer.rs", meridian.RoleOfficer)}
	mkOff := &client{t, m.URL, mustToken(t, m, mk, "officer.mk", meridian.RoleOfficer)}
	rsRelease := map[string]any{"scope": "listed", "countries": []string{"NL"}}
	mkRelease := map[string]any{"scope": "listed", "countries": []string{"NL", "AL"}}

	phone := chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)
	desktop := chromedp.EmulateViewport(1280, 900)
	ana := session(t, bctx)
	do(t, ana, "desktop screen", desktop)
	count := func(ctx context.Context, js string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return n
	}
	bothViewports := func(ctx context.Context, what string, ready chromedp.CSS) {
		t.Helper()
		for _, v := range []struct {
			name string
			vp   chromedp.Action[chromedp.Void]
		}{{"phone", phone}, {"desktop", desktop}} {
			do(t, ctx, what+" on a "+v.name, v.vp, chromedp.WaitVisible(ready))
			if v.name == "phone" {
				// Nothing wider than the phone: wide tables scroll inside themselves.
				if w := count(ctx, `document.documentElement.scrollWidth`); w > 390 {
					t.Fatalf("%s is %d px wide on a 390 px screen", what, w)
				}
			}
			axeClean(t, ctx, what+" ("+v.name+")")
		}
	}

	var suspect, named meridian.Person
	rsOff.must(201, "POST", "/api/v1/persons", linkPerson("Marko Petrovic", "+381641234567", rsRelease)).decode(t, &suspect)

	login(t, ana, m.URL, "analyst.nl", password)
	do(t, ana, "follow the Serbian record",
		chromedp.Navigate(m.URL+"/records/"+suspect.ID+"/links"),
		chromedp.WaitVisible(css(`[data-testid="follow"][aria-pressed="false"]`)),
		chromedp.Click(testid("follow")),
		chromedp.WaitVisible(css(`[data-testid="follow"][aria-pressed="true"]`)),
	)
	do(t, ana, "open the notifications, following them live",
		chromedp.Click(testid("nav-main-notifications")),
		chromedp.WaitVisible(testid("notifications")),
		chromedp.WaitVisible(css(`[data-testid="notes-conn"][data-state="live"]`)),
		chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`),
	)
	mkOff.must(201, "POST", "/api/v1/persons", linkPerson("Marko Petrovic", "+381 64 123 4567", mkRelease)).decode(t, &named)
	mkOff.must(201, "POST", "/api/v1/events", map[string]any{"type": "raid", "occurred_at": "2026-11-30T05:00:00Z",
		"place": map[string]any{"country": "MK", "name": "Gevgelija"}, "premises": "nightclub", "release": mkRelease,
		"persons": []map[string]any{{"person_id": named.ID, "role": "suspect"}}})
	do(t, ana, "the proposal appears in the inbox without a reload",
		chromedp.WaitVisible(css(`[data-testid="note"][data-kind="link_proposed"]`)),
	)
	if ok, _ := chromedp.Run(ana, chromedp.Evaluate[bool](`window.notReloaded === true`)); !ok {
		t.Fatal("the inbox reloaded the page")
	}
	bothViewports(ana, "notifications", testid("note"))
	do(t, ana, "mark it read",
		chromedp.Click(testid("note-read")),
		chromedp.WaitVisible(css(`[data-testid="note"][data-read="true"]`)),
	)
	do(t, ana, "open the link from the notification",
		chromedp.Click(css(`[data-testid="note"] a`)),
		chromedp.WaitVisible(css(`[data-testid="link-detail"] [data-testid="link-panel"][data-state="proposed"]`)),
	)

	// The review queue: the proposal between the two persons, evidence
	// side by side.
	do(t, ana, "open the review queue",
		chromedp.Click(testid("nav-main-links")),
		chromedp.WaitVisible(css(`[data-testid="link-panel"][data-state="proposed"]`)),
		chromedp.WaitVisible(css(`[data-testid="evidence"] tr[data-kind="key"]`)),
	)
	linkID, err := chromedp.Run(ana, chromedp.Evaluate[string](`document.querySelector('[data-testid="link-panel"]').dataset.id`))
	if err != nil || linkID == "" {
		t.Fatalf("no link id: %v", err)
	}
	if n := count(ana, `document.querySelectorAll('[data-testid="link-row"]').length`); n < 1 {
		t.Fatalf("%d rows in the queue", n)
	}
	bothViewports(ana, "review queue", testid("link-panel"))
	do(t, ana, "the queue in Arabic", choose(`[data-testid="lang"]`, "ar"),
		chromedp.WaitVisible(css(`html[dir="rtl"]`)), chromedp.WaitVisible(testid("link-panel")))
	bothViewports(ana, "review queue in Arabic", testid("link-panel"))
	do(t, ana, "back to English", choose(`[data-testid="lang"]`, "en"), chromedp.WaitVisible(css(`html[dir="ltr"]`)))

	// Keyboard: j/k move, c picks confirm and focuses the reason, Enter sends.
	do(t, ana, "confirm from the keyboard",
		chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`),
		chromedp.KeyEvent("k"),
		chromedp.KeyEvent("c"),
		chromedp.WaitVisible(testid("reason")),
		chromedp.WaitReady(css(`[data-testid="reason"]:focus`)),
		chromedp.KeyEvent("same phone, name and date of birth"),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(css(fmt.Sprintf(`[data-testid="link-panel"][data-id=%q][data-state="confirmed"]`, linkID))),
		chromedp.WaitVisible(css(`[data-testid="judgements"] li[data-decision="confirmed"]`)),
	)
	var l meridian.Link
	(&client{t, m.URL, mustToken(t, m, nl, "analyst2.nl", meridian.RoleAnalyst)}).must(200, "GET", "/api/v1/links/"+linkID, nil).decode(t, &l)
	if l.State != meridian.LinkConfirmed {
		t.Fatalf("the link after the keyboard confirmation: %+v", l)
	}

	// The record's links: the cluster of both persons and the raid; a case
	// opened from it; its network.
	eventually(t, "the cluster of three", func() bool {
		do(t, ana, "open the record's links", chromedp.Navigate(m.URL+"/records/"+suspect.ID+"/links"), chromedp.WaitVisible(testid("cluster")))
		return count(ana, `Number(document.querySelector('[data-testid="cluster"]').dataset.size)`) == 3
	})
	bothViewports(ana, "record's links", testid("cluster"))
	do(t, ana, "stop following the record",
		chromedp.Click(testid("follow")),
		chromedp.WaitVisible(css(`[data-testid="follow"][aria-pressed="false"]`)),
	)
	do(t, ana, "open a case from the cluster",
		chromedp.SendKeys(testid("case-title"), "Gevgelija network"),
		chromedp.Click(testid("open-case-send")),
		chromedp.WaitVisible(testid("case-made")),
	)
	caseID, _ := chromedp.Run(ana, chromedp.Evaluate[string](`document.querySelector('[data-testid="case-made"]').dataset.id`))
	var c meridian.Case
	(&client{t, m.URL, mustToken(t, m, nl, "analyst3.nl", meridian.RoleAnalyst)}).must(200, "GET", "/api/v1/cases/"+caseID, nil).decode(t, &c)
	if len(c.Records) != 3 || c.Title != "Gevgelija network" {
		t.Fatalf("the case opened from the cluster: %+v", c)
	}
	// The same cluster added to another case of the agency.
	nlAna := &client{t, m.URL, mustToken(t, m, nl, "analyst4.nl", meridian.RoleAnalyst)}
	var other meridian.Case
	nlAna.must(201, "POST", "/api/v1/cases", map[string]any{"title": "Balkan route"}).decode(t, &other)
	do(t, ana, "add the cluster to an existing case",
		chromedp.SendKeys(css("#case-id"), other.ID),
		chromedp.Click(css(`[data-testid="add-case"] button`)),
		chromedp.WaitVisible(css(fmt.Sprintf(`[data-testid="case-made"][data-id=%q]`, other.ID))),
	)
	nlAna.must(200, "GET", "/api/v1/cases/"+other.ID, nil).decode(t, &other)
	if len(other.Records) != 3 {
		t.Fatalf("the existing case after adding the cluster: %+v", other)
	}
	do(t, ana, "see the network of the case opened from the cluster",
		chromedp.Navigate(m.URL+"/cases/"+caseID+"/graph"),
		chromedp.WaitVisible(css(`[data-testid="graph"] canvas`)),
	)
	if n := count(ana, `document.querySelector('[data-testid="graph"]').cy.nodes().length`); n != 3 {
		t.Fatalf("the case graph has %d nodes, want 3", n)
	}
	if n := count(ana, `document.querySelector('[data-testid="graph"]').cy.edges().length`); n < 2 {
		t.Fatalf("the case graph has %d edges", n)
	}
	bothViewports(ana, "case graph", css(`[data-testid="graph"] canvas`))

	// A reader of one end: the notice, nothing else. She knows the link
	// by its opaque reference only.
	var alLinks list[meridian.Link]
	(&client{t, m.URL, mustToken(t, m, al, "analyst2.al", meridian.RoleAnalyst)}).must(200, "GET", "/api/v1/links?record_id="+named.ID, nil).decode(t, &alLinks)
	ref := ""
	for _, l := range alLinks.Items {
		if l.Restricted {
			ref = l.Ref
		}
	}
	if !meridian.IsLinkRef(ref) {
		t.Fatalf("the Albanian analyst's links %+v", alLinks.Items)
	}
	alb := session(t, bctx)
	login(t, alb, m.URL, "analyst.al", password)
	do(t, alb, "the Albanian analyst's queue",
		chromedp.Navigate(m.URL+"/links"),
		chromedp.WaitVisible(testid("link-queue")),
		// Proposals, the default filter, are links she may read whole;
		// the one she may not is told apart, as a notice.
		chromedp.WaitVisible(css(fmt.Sprintf(`[data-testid="link-notices"] [data-testid="link-notice"][data-ref=%q]`, ref))),
		choose(`[data-testid="f-state"]`, ""),
		chromedp.Click(css(fmt.Sprintf(`[data-testid="link-row"][data-id=%q] button`, ref))),
		chromedp.WaitVisible(css(fmt.Sprintf(`[data-testid="link-notice"][data-ref=%q]`, ref))),
	)
	body, _ := chromedp.Run(alb, chromedp.Evaluate[string](`document.body.innerText`))
	if !strings.Contains(body, "Serbian Police") {
		t.Fatalf("the notice does not name the owner:\n%s", body)
	}
	for _, leak := range []string{suspect.ID, "Marko", "+381", "Evidence", linkID} {
		if strings.Contains(body, leak) {
			t.Fatalf("a reader of one end sees %q:\n%s", leak, body)
		}
	}
	if n := count(alb, `document.querySelectorAll('[data-testid="evidence"], [data-testid="decide"], [data-testid="judgements"]').length`); n != 0 {
		t.Fatalf("a reader of one end is shown %d evidence or decision elements", n)
	}
	bothViewports(alb, "restricted link", testid("link-notice"))
}

// TestBrowserLinksBigGraph renders a case of 2,000 records: the graph
// stays usable (a linear layout above the force layout's size), counted
// through cytoscape in the page. No time is asserted.
func TestBrowserLinksBigGraph(t *testing.T) {
	bctx := browser(t)
	// The officer stores the records through the API at test speed.
	m := MustRunMain(t, Config{UserRate: 100000})
	nl := mustAgency(t, m, "NL", "Dutch Police")
	const password = "correct horse battery"
	mustUser(t, m, nl, "analyst.nl", password, meridian.RoleAnalyst)
	off := &client{t, m.URL, mustToken(t, m, nl, "officer.nl", meridian.RoleOfficer)}
	const n = 2000
	ids := make([]string, 0, n)
	start := time.Now()
	for i := range n {
		var ev meridian.Event
		off.must(201, "POST", "/api/v1/events", map[string]any{"type": "raid",
			"occurred_at": time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour).Format(time.RFC3339),
			"place":       map[string]any{"country": "NL", "name": "Rotterdam"}, "premises": "nightclub"}).decode(t, &ev)
		ids = append(ids, ev.ID)
	}
	t.Logf("%d events stored in %s", n, time.Since(start))
	var c meridian.Case
	ana := &client{t, m.URL, mustToken(t, m, nl, "analyst2.nl", meridian.RoleAnalyst)}
	ana.must(201, "POST", "/api/v1/cases", map[string]any{"title": "Big network"}).decode(t, &c)
	for i := 0; i < n; i += 1000 {
		ana.must(200, "POST", "/api/v1/cases/"+c.ID+"/records", map[string]any{"records": ids[i : i+1000]})
	}
	ctx := session(t, bctx)
	do(t, ctx, "desktop screen", chromedp.EmulateViewport(1280, 900))
	login(t, ctx, m.URL, "analyst.nl", password)
	do(t, ctx, "the 2,000-node graph",
		chromedp.Navigate(m.URL+"/cases/"+c.ID+"/graph"),
		chromedp.WaitVisible(css(`[data-testid="graph"] canvas`)),
	)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelector('[data-testid="graph"]').cy.nodes().length`))
	if err != nil || got != n {
		t.Fatalf("the graph has %d nodes, want %d (%v)", got, n, err)
	}
}
