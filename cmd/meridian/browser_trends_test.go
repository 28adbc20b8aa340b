package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"meridian"
)

// TestBrowserTrends drives the trends screen (issue 14, point 3). A
// Macedonian analyst opens the operation's trends: the rise of victims
// of scam compounds, recruited online, is flagged with its explanation;
// the chart of the flagged series is there with its table, its SVG and
// PNG downloads and the CSV of the series. An Albanian officer sees the
// Macedonian analyst's own small counts nowhere. The screen is checked
// by axe-core on a phone and a desktop, in English and in Arabic.
func TestBrowserTrends(t *testing.T) {
	bctx := browser(t)
	m := MustRunMain(t, Config{})
	mk, al := mustAgency(t, m, "MK", "Macedonian Police"), mustAgency(t, m, "AL", "Albanian Police")
	const password = "correct horse battery"
	mustUser(t, m, mk, "analyst.mk", password, meridian.RoleAnalyst)
	mustUser(t, m, al, "officer.al", password, meridian.RoleOfficer)
	coord := &client{t, m.URL, mustToken(t, m, mustAgency(t, m, "FR", "INTERPOL"), "coord", meridian.RoleCoordinator)}
	mkOff := &client{t, m.URL, mustToken(t, m, mk, "officer.mk", meridian.RoleOfficer)}

	var op meridian.Operation
	coord.must(201, "POST", "/api/v1/operations", map[string]any{"name": "Liberterra trends", "start": "2024-09-29", "end": "2024-10-04",
		"status": "planned", "countries": []string{"MK", "AL"}}).decode(t, &op)
	for _, c := range []string{"MK", "AL"} {
		if _, err := m.DB.AcceptInvitation(sys(), op.ID, meridian.ParticipantCountry, c); err != nil {
			t.Fatal(err)
		}
	}
	coord.must(200, "POST", "/api/v1/operations/"+op.ID+"/activate", nil)
	// Victims back from scam compounds, more each day; MK's own.
	for i, n := range []int{1, 2, 4, 7, 12, 20} {
		b := rescueBody(op.ID, "MK", map[string]any{"scope": "owner"}, map[string]any{"count": n, "nationality": "MK",
			"exploitation": []string{"scam_compound", "online_fraud"}, "recruitment": []string{"internet", "job_offer"},
			"recruited_in": "MK", "exploited_in": "MM"})
		b["occurred_at"] = "2024-09-" + []string{"29", "30"}[min(i, 1)] + "T10:00:00Z"
		if i >= 2 {
			b["occurred_at"] = "2024-10-0" + string(rune('0'+i-1)) + "T10:00:00Z"
		}
		mkOff.must(201, "POST", "/api/v1/events", b)
	}
	// A small shared rescue of MK's: AL must not see it by form.
	mkOff.must(201, "POST", "/api/v1/events", rescueBody(op.ID, "MK", map[string]any{"scope": "all"},
		map[string]any{"count": 3, "nationality": "UA", "exploitation": []string{"forced_begging"}}))

	phone := chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)
	desktop := chromedp.EmulateViewport(1280, 900)
	page := m.URL + "/analysis/trends?operation=" + op.ID + "&to=2024-10-04&metric=victims&dimension=exploitation"
	check := func(ctx context.Context, what string) {
		t.Helper()
		for _, v := range []struct {
			name string
			vp   chromedp.Action[chromedp.Void]
		}{{"phone", phone}, {"desktop", desktop}} {
			do(t, ctx, what+" on a "+v.name, v.vp, chromedp.WaitVisible(testid("trends-period")))
			if v.name == "phone" {
				fitsPhone(t, ctx, what)
			}
			axeClean(t, ctx, what+" ("+v.name+")")
		}
	}

	ana := session(t, bctx)
	do(t, ana, "desktop screen", desktop)
	login(t, ana, m.URL, "analyst.mk", password)
	do(t, ana, "open the trends", chromedp.Navigate(page), chromedp.WaitVisible(testid("trends-flags")))
	text := func(ctx context.Context, sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll(`+"`"+sel+"`"+`)).map(e => e.textContent).join("\n")`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if flags := text(ana, `[data-testid="trends-flags"] li[data-key="scam_compound"]`); !strings.Contains(flags, "Forced fraud in scam compounds") || !strings.Contains(flags, "since") {
		t.Fatalf("flags: %q", text(ana, `[data-testid="trends-flags"] li`))
	}
	if n := text(ana, `[data-testid="series-0"] figcaption`); !strings.Contains(n, "scam compounds") && !strings.Contains(n, "online fraud") {
		t.Errorf("first chart %q", n)
	}
	do(t, ana, "the chart's table, its downloads",
		chromedp.Click(css(`[data-testid="series-0"] summary`)),
		chromedp.WaitVisible(testid("series-0-table")),
		chromedp.WaitVisible(testid("series-0-svg")),
		chromedp.WaitVisible(testid("series-0-png")),
		chromedp.WaitVisible(testid("trends-csv")),
	)
	if flagged := text(ana, `[data-testid="series-0"] [data-testid="flag-mark"]`); flagged != "" {
		t.Errorf("flag mark has text %q", flagged)
	}
	check(ana, "trends")
	do(t, ana, "in Arabic", choose(`[data-testid="lang"]`, "ar"), chromedp.WaitVisible(css(`html[dir="rtl"]`)))
	check(ana, "trends in Arabic")
	do(t, ana, "back to English", choose(`[data-testid="lang"]`, "en"), chromedp.WaitVisible(css(`html[dir="ltr"]`)))

	// AL: MK's shared 3 victims are under 11: not by form, and not MK's
	// own scam compounds at all.
	off := session(t, bctx)
	do(t, off, "desktop screen", desktop)
	login(t, off, m.URL, "officer.al", password)
	do(t, off, "open the trends", chromedp.Navigate(page), chromedp.WaitVisible(testid("trends-period")))
	if s := text(off, `main`); strings.Contains(s, "scam compounds") || strings.Contains(s, "Forced begging:") && !strings.Contains(s, "suppressed") {
		t.Errorf("AL's trends show what it may not see: %q", s)
	}
}
