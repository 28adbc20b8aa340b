package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"meridian"
)

// TestBrowserCaseTimeline: in Arabic, the Macedonian prosecutor (a
// participant) opens the case page and finds, in one place, the
// participants, records, links, requests, recent messages and files and
// the timeline, which lists the request's steps and the stage, filters by
// kind and turns oldest first; the French observer's timeline holds no
// request step and no record it may not read. Then the follow-up figures'
// region table. On a phone and a desktop, axe-clean.
func TestBrowserCaseTimeline(t *testing.T) {
	bctx := browser(t)
	w := newFollowupWorld(t, Config{})
	const password = "correct horse battery"
	mustUser(t, w.m, w.mk, "pro2.mk", password, meridian.RoleProsecutor)
	mustUser(t, w.m, w.fr, "off2.fr", password, meridian.RoleOfficer)
	base := "/api/v1/cases/" + w.kase
	var r meridian.Request
	w.rsPro.must(201, "POST", "/api/v1/requests", map[string]any{"case_id": w.kase, "type": meridian.RequestEIO, "title": "EIO to Skopje",
		"to_agency_id": w.mk.ID, "fields": eioFields()}).decode(t, &r)
	transit(t, w.rsPro, 200, &r, "send", "")
	transit(t, w.mkPro, 200, &r, "acknowledge", "")
	w.mkPro.must(201, "POST", base+"/messages", map[string]any{"body": "the bank records are ready", "request_id": r.ID})
	w.rsPro.must(201, "POST", base+"/messages", map[string]any{"body": "hearing set for March"})
	w.mkPro.must(201, "POST", base+"/stages", map[string]any{"stage": "prosecution", "date": "2026-01-10"})

	phone := chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)
	desktop := chromedp.EmulateViewport(1280, 900)
	ctx := session(t, bctx)
	do(t, ctx, "desktop screen", desktop)
	login(t, ctx, w.m.URL, "pro2.mk", password)
	both := func(what string, ready chromedp.CSS) {
		t.Helper()
		do(t, ctx, what+" on a phone", phone, chromedp.WaitVisible(ready))
		fitsPhone(t, ctx, what)
		axeClean(t, ctx, what+" (phone)")
		do(t, ctx, what+" on a desktop", desktop, chromedp.WaitVisible(ready))
		axeClean(t, ctx, what+" (desktop)")
	}
	do(t, ctx, "the case page in Arabic",
		chromedp.Navigate(w.m.URL+"/cases/"+w.kase),
		chromedp.WaitVisible(css(`[data-testid="case-timeline"] [data-kind="request"]`)),
		choose(`[data-testid="lang"]`, "ar"), chromedp.WaitVisible(css(`html[lang="ar"][dir="rtl"]`)),
		chromedp.WaitVisible(testid("case-links-section")),
		chromedp.WaitVisible(css(`[data-testid="case-recent-message"] [data-kind="message"]`)),
	)
	tl := textOf(t, ctx, `[data-testid="case-timeline"]`)
	for _, want := range []string{"أمر التحقيق الأوروبي", "الملاحقة القضائية", "pro.mk"} {
		if !strings.Contains(tl, want) {
			t.Fatalf("the timeline has no %q:\n%s", want, tl)
		}
	}
	both("the case page's timeline", testid("case-timeline"))
	do(t, ctx, "the links of the case's records",
		chromedp.Click(testid("cl-load")),
		chromedp.WaitVisible(css(`[data-testid="cl-none"], [data-testid="case-links"]`)),
	)
	do(t, ctx, "only the stages, oldest first",
		choose(`[data-testid="tl-kind"]`, "stage"),
		chromedp.WaitNotPresent(css(`[data-testid="case-timeline"] [data-kind="request"]`)),
		choose(`[data-testid="tl-order"]`, "oldest"),
		chromedp.WaitVisible(css(`[data-testid="case-timeline"] [data-kind="stage"]`)),
	)
	if n := countOf(t, ctx, `[data-testid="case-timeline"] [data-testid="tl-entry"]`); n != 1 {
		t.Fatalf("%d entries of kind stage", n)
	}

	do(t, ctx, "the follow-up figures by region",
		chromedp.Navigate(w.m.URL+"/followup?operation_id="+w.opID),
		chromedp.WaitVisible(css(`[data-testid="fu-regions"] tr[data-region="Southern Europe"]`)),
	)
	if s := textOf(t, ctx, `[data-testid="fu-regions"]`); !strings.Contains(s, "أوروبا الجنوبية") || !strings.Contains(s, "المجموع") {
		t.Fatalf("the region table says %q", s)
	}
	both("the follow-up figures by region", testid("fu-regions"))

	// The observer: the case page's timeline holds no request step and no
	// record released to North Macedonia only.
	obs := session(t, bctx)
	do(t, obs, "desktop screen", desktop)
	login(t, obs, w.m.URL, "off2.fr", password)
	do(t, obs, "the observer's case page",
		chromedp.Navigate(w.m.URL+"/cases/"+w.kase),
		chromedp.WaitVisible(css(`[data-testid="case-timeline"] [data-kind="stage"]`)),
	)
	for _, sel := range []string{`[data-testid="case-timeline"] [data-kind="request"]`, `[data-testid="case-timeline"] [data-kind="record"]`} {
		if n := countOf(t, obs, sel); n != 0 {
			t.Fatalf("the observer sees %d of %s", n, sel)
		}
	}
	if s := textOf(t, obs, `[data-testid="case-timeline"]`); strings.Contains(s, "bank records") {
		t.Fatalf("the observer reads the request's thread:\n%s", s)
	}
}

func countOf(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", sel)))
	if err != nil {
		t.Fatalf("count of %s: %v", sel, err)
	}
	return n
}
