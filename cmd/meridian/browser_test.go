package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"meridian"
)

// chromiumPath finds Debian's chromium; the browser tests are skipped only
// when there is none (CI installs it).
func chromiumPath() string {
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// browser starts a headless chromium for the test and returns a context
// for its first tab; more tabs, each in its own browser context (cookies
// apart, as two people on two machines), come from session.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		t.Skip("no chromium binary: install Debian's chromium to run the browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(bctx); err != nil { // start the browser
		t.Fatalf("start chromium: %v", err)
	}
	return bctx
}

// session opens a tab in a browser context of its own.
func session(t *testing.T, bctx context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a browser context: %v", err)
	}
	return ctx
}

// mustUser creates a user who signs in with a password.
func mustUser(tb testing.TB, m *Main, a *meridian.Agency, username, password string, roles ...meridian.Role) {
	tb.Helper()
	u := &meridian.User{AgencyID: a.ID, Username: username, Name: username, Roles: roles}
	if err := m.DB.CreateUser(sys(), u, password); err != nil {
		tb.Fatal(err)
	}
}

func css(sel string) chromedp.CSS { return chromedp.CSS(sel) }

// testid selects an element by its data-testid.
func testid(id string) chromedp.CSS { return css(fmt.Sprintf("[data-testid=%q]", id)) }

// do runs actions with a time limit of their own, so that a page that
// never shows what is awaited fails the step, not the whole test's time,
// and reports what the page says instead.
func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		if len(text) > 2000 {
			text = text[:2000]
		}
		t.Fatalf("%s: %v\npage says:\n%s", what, err, text)
	}
}

// login signs in through the login form, as a person would.
func login(t *testing.T, ctx context.Context, base, username, password string) {
	t.Helper()
	do(t, ctx, "log in as "+username,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(testid("login-username")),
		chromedp.SendKeys(testid("login-username"), username),
		chromedp.SendKeys(testid("login-password"), password),
		chromedp.Click(testid("login-submit")),
		chromedp.WaitVisible(testid("session")),
	)
}

// choose picks an option of a select as a user does: the value changes
// and the page hears the change.
func choose(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		if (!el) throw new Error("no element " + %q);
		el.value = %q;
		el.dispatchEvent(new Event("change", { bubbles: true }));
	})()`, sel, sel, value))
}

// empty deletes what a field holds, as a user selecting it all and
// pressing delete does; chromedp.Clear resets the attribute only, which the
// page does not hear.
func empty(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		if (!el) throw new Error("no element " + %q);
		el.value = "";
		el.dispatchEvent(new Event("input", { bubbles: true }));
	})()`, sel, sel))
}

// picture is what the live picture shows of the victims in North
// Macedonia: the counter, the map's shading and value of the country, and
// the rescue reports in the feed.
type picture struct {
	Victims string `json:"victims"`
	MapVal  string `json:"mapValue"`
	MapLvl  string `json:"mapLevel"`
	Rescues int    `json:"rescues"`
	Conn    string `json:"conn"`
}

const readPicture = `(() => {
	const attr = (sel, name) => { const el = document.querySelector(sel); return el ? el.getAttribute(name) || "" : ""; };
	return {
		victims: attr('[data-testid="counter-victims"]', "data-value"),
		mapValue: attr('[data-testid="map-MK"]', "data-value"),
		mapLevel: attr('[data-testid="map-MK"]', "data-level"),
		rescues: document.querySelectorAll('[data-testid="feed-item"][data-type="rescue"][data-country="MK"]').length,
		conn: attr('[data-testid="conn"]', "data-state"),
	};
})()`

// TestBrowser drives the UI in headless Chromium: an officer logs in and
// reports a rescue from a phone-sized screen; a coordinator of another
// agency, in a browser session of their own, sees the victims counter and
// the map change within a second; the coordinator switches to Arabic and
// the layout runs right to left.
func TestBrowser(t *testing.T) {
	bctx := browser(t)
	m := MustRunMain(t, Config{})
	mk := mustAgency(t, m, "MK", "North Macedonia police")
	al := mustAgency(t, m, "AL", "Albania coordination")
	const password = "correct horse battery"
	mustUser(t, m, mk, "officer.mk", password, meridian.RoleOfficer)
	mustUser(t, m, al, "coordinator.al", password, meridian.RoleCoordinator)
	today := time.Now().UTC()
	op := &meridian.Operation{Name: "Browser test", Status: meridian.OperationActive, Countries: []string{"MK", "AL"},
		Start: meridian.DateOf(today.AddDate(0, 0, -2)), End: meridian.DateOf(today.AddDate(0, 0, 2))}
	if err := m.DB.CreateOperation(sys(), op); err != nil {
		t.Fatal(err)
	}

	officer := session(t, bctx)
	coord := session(t, bctx)

	t.Run("ErrLogin", func(t *testing.T) {
		do(t, officer, "a wrong password shows an error",
			chromedp.Navigate(m.URL+"/"),
			chromedp.WaitVisible(testid("login-username")),
			chromedp.SendKeys(testid("login-username"), "officer.mk"),
			chromedp.SendKeys(testid("login-password"), "not the password"),
			chromedp.Click(testid("login-submit")),
			chromedp.WaitVisible(testid("login-error")),
		)
	})

	t.Run("Login", func(t *testing.T) {
		do(t, officer, "phone screen", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
		login(t, officer, m.URL, "officer.mk", password)
		login(t, coord, m.URL, "coordinator.al", password)
		link, err := chromedp.Run(coord, chromedp.Text(testid("operation-link")))
		if err != nil || link != op.Name {
			t.Fatalf("operation picker shows %q (%v), want %q", link, err, op.Name)
		}
	})

	// The coordinator watches the live picture before the report is made.
	live := m.URL + "/operations/" + op.ID
	var before picture
	t.Run("LivePicture", func(t *testing.T) {
		do(t, coord, "live picture",
			chromedp.Navigate(live),
			chromedp.WaitVisible(css(`[data-testid="conn"][data-state="live"]`)),
			chromedp.WaitVisible(testid("map-MK")),
			chromedp.WaitVisible(testid("counter-victims")),
		)
		var err error
		if before, err = chromedp.Run(coord, chromedp.Evaluate[picture](readPicture)); err != nil {
			t.Fatal(err)
		}
		if before.Victims != "0" || before.MapVal != "0" || before.MapLvl != "0" || before.Rescues != 0 {
			t.Fatalf("before any report the picture shows %+v", before)
		}
	})

	t.Run("RescueReportOnPhone", func(t *testing.T) {
		do(t, officer, "open the rescue form",
			chromedp.Navigate(live+"/report/rescue"),
			chromedp.WaitVisible(testid("report-form")),
			chromedp.WaitVisible(testid("field-victims[0].count")),
		)
		// The phone layout is one column that fits the screen's width.
		width, err := chromedp.Run(officer, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`))
		if err != nil || width > 390 {
			t.Fatalf("the form is %v px wide on a 390 px screen (%v)", width, err)
		}
		// Defaults: the officer's country.
		country, err := chromedp.Run(officer, chromedp.Value(testid("field-place.country")))
		if err != nil || country != "MK" {
			t.Fatalf("place country defaults to %q (%v), want MK", country, err)
		}

		// An impossible age is refused before sending, at its field.
		do(t, officer, "age 300 is shown as an error at its field",
			chromedp.SendKeys(testid("field-victims[0].age"), "300"),
			chromedp.Tap(testid("report-submit")),
			chromedp.WaitVisible(testid("error-summary")),
			chromedp.WaitVisible(testid("error-victims-0-age")),
		)

		// A reload (or a session that ends) mid-report loses nothing.
		do(t, officer, "reload the half-filled form",
			chromedp.Reload(),
			chromedp.WaitVisible(testid("draft-restored")),
		)
		if age, err := chromedp.Run(officer, chromedp.Value(testid("field-victims[0].age"))); err != nil || age != "300" {
			t.Fatalf("after a reload the age is %q (%v), want the draft's 300", age, err)
		}

		do(t, officer, "submit the rescue report",
			empty(`[data-testid="field-victims[0].age"]`),
			chromedp.SendKeys(testid("field-victims[0].age"), "17"),
			empty(`[data-testid="field-victims[0].count"]`),
			chromedp.SendKeys(testid("field-victims[0].count"), "3"),
			chromedp.Tap(testid("field-victims[0].sex-F")),
			choose(`[data-testid="field-victims[0].nationality"]`, "UA"),
			chromedp.Tap(testid("field-victims[0].exploitation-forced_criminality")),
			chromedp.Tap(testid("field-release.scope-all")),
			chromedp.Tap(testid("report-submit")),
			chromedp.WaitVisible(testid("report-success")),
		)
		stored := time.Now()
		id, err := chromedp.Run(officer, chromedp.AttributeValue(testid("report-success"), "data-event-id"))
		if err != nil || !id.Exists {
			t.Fatalf("no event id after submitting: %v", err)
		}
		e, err := m.DB.FindEventByID(sys(), id.Value)
		if err != nil {
			t.Fatal(err)
		}
		if e.Type != meridian.EventRescue || e.VictimCount() != 3 || e.Place.Country != "MK" || e.OwnerCountry != "MK" ||
			e.Victims[0].Age != 17 || e.Victims[0].Sex != "F" || e.Victims[0].Nationality != "UA" ||
			strings.Join(e.Victims[0].Exploitation, ",") != "forced_criminality" || e.Release.Scope != meridian.ScopeAll {
			t.Fatalf("stored %+v", e)
		}

		// The other session sees the counter and the map change within a
		// second of the report being stored.
		deadline := stored.Add(time.Second)
		for {
			now, err := chromedp.Run(coord, chromedp.Evaluate[picture](readPicture))
			if err != nil {
				t.Fatal(err)
			}
			if now.Victims == "3" && now.MapVal == "3" && now.MapLvl != "0" {
				t.Logf("the coordinator saw the report %v after it was stored", time.Since(stored).Round(time.Millisecond))
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("a second after the report the coordinator's picture shows %+v, before %+v", now, before)
			}
			time.Sleep(50 * time.Millisecond)
		}
		// The feed gets the report too: it is released to all participants.
		do(t, coord, "the report in the coordinator's feed",
			chromedp.WaitVisible(css(`[data-testid="feed-item"][data-type="rescue"][data-country="MK"]`)))
	})

	t.Run("ArabicRightToLeft", func(t *testing.T) {
		type layout struct {
			Dir, Lang        string
			BrandLeft, Width float64
			CounterRight     string // the counter's accent border, on its inline-start side
			CounterLeft      string
			Label            string
		}
		const read = `(() => {
			const b = document.querySelector('[data-testid="brand"]').getBoundingClientRect();
			const c = getComputedStyle(document.querySelector('.counter-victims'));
			return { Dir: document.documentElement.dir, Lang: document.documentElement.lang,
				BrandLeft: b.left, Width: document.documentElement.clientWidth,
				CounterRight: c.borderRightWidth, CounterLeft: c.borderLeftWidth,
				Label: document.querySelector('.counter-victims dt').textContent };
		})()`
		ltr, err := chromedp.Run(coord, chromedp.Evaluate[layout](read))
		if err != nil {
			t.Fatal(err)
		}
		if ltr.Dir != "ltr" || ltr.BrandLeft > ltr.Width/2 || ltr.CounterLeft != "6px" || ltr.CounterRight == "6px" {
			t.Fatalf("English layout: %+v", ltr)
		}
		do(t, coord, "switch to Arabic", choose(`[data-testid="lang"]`, "ar"))
		check := func(when string) {
			t.Helper()
			do(t, coord, when, chromedp.WaitVisible(css(`html[dir="rtl"][lang="ar"] [data-testid="counter-victims"]`)))
			rtl, err := chromedp.Run(coord, chromedp.Evaluate[layout](read))
			if err != nil {
				t.Fatalf("%s: %v", when, err)
			}
			// The brand moves to the right-hand side, the counter's accent
			// border to its right edge, and the text is Arabic.
			if rtl.BrandLeft < rtl.Width/2 || rtl.CounterRight != "6px" || rtl.CounterLeft == "6px" || rtl.Label != "الضحايا الذين أُنقذوا" {
				t.Fatalf("%s: Arabic layout %+v", when, rtl)
			}
		}
		check("after switching")
		// The choice is remembered.
		do(t, coord, "reload", chromedp.Reload())
		check("after reloading")
	})
}
