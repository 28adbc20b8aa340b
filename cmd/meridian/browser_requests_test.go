package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"meridian"
)

// TestBrowserRequests: a Serbian prosecutor opens the case page (its
// participants, the places of messages, files and evidence), writes an
// EIO to North Macedonia and is stopped at each missing field before it
// leaves; a draft sent incomplete from its page is refused by the server,
// the missing fields named in the user's language; completed and sent,
// it shows its deadlines and signed receipts, and the step the other
// side took. On a phone and a desktop, in English and Arabic, axe-clean.
func TestBrowserRequests(t *testing.T) {
	bctx := browser(t)
	w := newCaseWorld(t, Config{})
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
	count := func(sel string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	do(t, ctx, "the case list, then the case",
		chromedp.Click(testid("nav-main-cases")),
		chromedp.WaitVisible(testid("case-item")),
		chromedp.Click(css(`[data-testid="case-item"] a`)),
		chromedp.WaitVisible(css(`[data-testid="participant"][data-role="observer"]`)),
	)
	if n := count(`[data-testid="participant"]`); n != 3 {
		t.Fatalf("the case shows %d participants, want the lead and two", n)
	}
	for _, slot := range []string{"messages", "files", "evidence"} {
		if n := count(fmt.Sprintf(`[data-testid="case-slot-%s"] a[href="/cases/%s/%s"]`, slot, w.caseID, slot)); n != 1 {
			t.Fatalf("no place for the case's %s", slot)
		}
	}
	do(t, ctx, "name oneself prosecutor of the case",
		chromedp.WaitVisible(testid("assign-form")),
		chromedp.WaitReady(css(`[data-testid="field-user_id"] option[value="`+userID(t, w.m, "pro2.rs")+`"]`)),
		choose(`[data-testid="field-user_id"]`, userID(t, w.m, "pro2.rs")),
		chromedp.Click(testid("assign-add")),
		chromedp.WaitVisible(css(`[data-testid="case-assignments"] li`)),
	)
	if s := textOf(t, ctx, `[data-testid="case-assignments"]`); !strings.Contains(s, "pro2.rs") || !strings.Contains(s, "Prosecutor") {
		t.Fatalf("the assignments say %q", s)
	}
	both("the case page", testid("case-participants"))

	do(t, ctx, "a new EIO, one field filled, sent",
		chromedp.Click(testid("req-new")),
		chromedp.WaitVisible(testid("req-form-form")),
		choose(`[data-testid="field-type"]`, "eio"),
		chromedp.WaitVisible(testid("req-section-G")),
		chromedp.SendKeys(testid("field-title"), "EIO to Skopje"),
		choose(`[data-testid="field-to_agency_id"]`, w.mk.ID),
		chromedp.SendKeys(testid("field-fields.facts"), "Recruitment in Serbia, exploitation in North Macedonia."),
		chromedp.Click(testid("req-send")),
		chromedp.WaitVisible(testid("req-errors")),
	)
	for _, f := range []string{"offence", "applicable_law", "investigative_measures", "proceedings_type", "issuing_authority", "contact"} {
		if n := count(fmt.Sprintf(`[data-testid="error-fields-%s"]`, f)); n != 1 {
			t.Fatalf("the missing %s is not named at its field", f)
		}
	}
	if n := count(`[data-testid="error-fields-facts"], [data-testid="error-fields-formalities"]`); n != 0 {
		t.Fatal("a given or optional field is called missing")
	}
	both("the request form with its errors", testid("req-errors"))

	// Saved as a draft, then sent from its page: the server refuses and
	// names the fields; in Arabic too.
	do(t, ctx, "save the draft", chromedp.Click(testid("req-save")), chromedp.WaitVisible(css(`[data-testid="req-page"][data-state="draft"]`)))
	do(t, ctx, "send the incomplete draft", chromedp.Click(testid("req-act-send")), chromedp.WaitVisible(testid("req-problem")))
	if s := textOf(t, ctx, `[data-testid="req-problem"]`); !strings.Contains(s, "Offence (nature and legal classification): Required") {
		t.Fatalf("the server's refusal says %q", s)
	}
	do(t, ctx, "switch to Arabic", choose(`[data-testid="lang"]`, "ar"), chromedp.WaitVisible(css(`html[lang="ar"][dir="rtl"]`)))
	do(t, ctx, "send again in Arabic", chromedp.Click(testid("req-act-send")), chromedp.WaitVisible(testid("req-problem")))
	if s := textOf(t, ctx, `[data-testid="req-problem"]`); !strings.Contains(s, "الجريمة (طبيعتها ووصفها القانوني): مطلوب") {
		t.Fatalf("the refusal in Arabic says %q", s)
	}
	both("the draft's page in Arabic", testid("req-problem"))

	// Completed in the form (Arabic), sent.
	do(t, ctx, "complete the draft", chromedp.Click(testid("req-edit")), chromedp.WaitVisible(testid("req-section-G")))
	both("the request form in Arabic", testid("req-section-K"))
	for name, v := range eioFields() {
		if name == "facts" {
			continue
		}
		do(t, ctx, "fill "+name, chromedp.SendKeys(testid("field-fields."+name), v))
	}
	do(t, ctx, "send it", chromedp.Click(testid("req-send")), chromedp.WaitVisible(css(`[data-testid="req-page"][data-state="sent"]`)),
		chromedp.WaitVisible(css(`[data-testid="receipt"][data-action="send"]`)))

	// North Macedonia acknowledges; the page shows the step and its receipt.
	var inbox list[meridian.Request]
	w.mkPro.must(200, "GET", "/api/v1/requests?direction=in", nil).decode(t, &inbox)
	if len(inbox.Items) != 1 {
		t.Fatalf("North Macedonia receives %d requests", len(inbox.Items))
	}
	r := inbox.Items[0]
	transit(t, w.mkPro, 200, &r, "acknowledge", "")
	do(t, ctx, "the acknowledgement shows", chromedp.Reload(), chromedp.WaitVisible(css(`[data-testid="receipt"][data-action="acknowledge"]`)),
		chromedp.WaitVisible(testid("req-deadlines")))
	if n := count(`[data-testid="req-act-withdraw"]`); n != 1 {
		t.Fatal("the requesting side is not offered to withdraw")
	}
	if n := count(`[data-testid="req-act-accept"]`); n != 0 {
		t.Fatal("the requesting side is offered the requested side's step")
	}
	both("the request's page in Arabic", css(`[data-testid="receipt"][data-action="acknowledge"]`))
	do(t, ctx, "back to English", choose(`[data-testid="lang"]`, "en"), chromedp.WaitVisible(css(`html[lang="en"]`)))
	do(t, ctx, "the requests sent", chromedp.Navigate(w.m.URL+"/requests?view=out"), chromedp.WaitVisible(css(`[data-testid="req-row"][data-state="acknowledged"]`)))
	both("the requests sent", testid("req-table"))
}
