package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"meridian"
)

// TestBrowserFollowup: in Arabic, a Serbian prosecutor moves the case to
// prosecution, is refused at the field when recording a victim as
// convicted, records the suspect's conviction, and reads the follow-up
// figures of the operation. On a phone and a desktop, axe-clean.
func TestBrowserFollowup(t *testing.T) {
	bctx := browser(t)
	w := newFollowupWorld(t, Config{})
	const password = "correct horse battery"
	mustUser(t, w.m, w.rs, "pro2.rs", password, meridian.RoleProsecutor)

	phone := chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)
	desktop := chromedp.EmulateViewport(1280, 900)
	ctx := session(t, bctx)
	do(t, ctx, "desktop screen", desktop)
	login(t, ctx, w.m.URL, "pro2.rs", password)
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
		chromedp.WaitVisible(css(`[data-testid="case-stage"][data-stage="investigation"]`)),
		choose(`[data-testid="lang"]`, "ar"), chromedp.WaitVisible(css(`html[lang="ar"][dir="rtl"]`)),
	)
	do(t, ctx, "move to prosecution",
		chromedp.Click(testid("stage-save")),
		chromedp.WaitVisible(css(`[data-testid="case-stage"][data-stage="prosecution"]`)),
	)
	if s := textOf(t, ctx, `[data-testid="case-stage"]`); !strings.Contains(s, "الملاحقة القضائية") {
		t.Fatalf("the stage says %q", s)
	}
	do(t, ctx, "a victim recorded as convicted",
		choose(`[data-testid="field-kind"]`, "conviction"),
		chromedp.WaitVisible(testid("field-person_id")),
		choose(`[data-testid="field-person_id"]`, w.victim),
		chromedp.Click(testid("outcome-save")),
		chromedp.WaitVisible(testid("error-person_id")),
	)
	both("the refused outcome", testid("error-person_id"))
	do(t, ctx, "the suspect convicted",
		choose(`[data-testid="field-person_id"]`, w.suspect),
		chromedp.SendKeys(testid("field-sentence_months"), "48"),
		chromedp.Click(testid("outcome-save")),
		chromedp.WaitVisible(css(`[data-testid="outcome"][data-kind="conviction"]`)),
	)
	both("the case's follow-up", css(`[data-testid="outcome"][data-kind="conviction"]`))

	do(t, ctx, "the follow-up figures",
		chromedp.Navigate(w.m.URL+"/followup?operation_id="+w.opID),
		chromedp.WaitVisible(css(`[data-testid="fu-countries"] tr[data-country="total"]`)),
	)
	if s := textOf(t, ctx, `[data-testid="fu-countries"] tr[data-country="total"]`); !strings.Contains(s, "المجموع") || !strings.Contains(s, "1") {
		t.Fatalf("the total row says %q", s)
	}
	if s := textOf(t, ctx, `[data-testid="fu-stages"]`); !strings.Contains(s, "الملاحقة القضائية\t1") {
		t.Fatalf("the stages say %q", s)
	}
	both("the follow-up figures", testid("fu-countries"))
}
