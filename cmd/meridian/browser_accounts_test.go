package main

import (
	"bytes"
	"context"
	"fmt"
	nethttp "net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"meridian/postgres/pgtest"
)

// TestBrowserAccounts drives the account screens: the first administrator
// signs in on a desktop with the one-time password printed at first start
// and must choose their own; they create an officer's account on the
// users screen; the officer, on a phone, must change the one-time password
// they were given, then creates, sees once and revokes an API token and
// switches language; the administrator disables the account, whose
// session ends, re-enables it and resets its password.
func TestBrowserAccounts(t *testing.T) {
	bctx := browser(t)
	var out bytes.Buffer
	m := &Main{Config: Config{Data: t.TempDir(), Addr: "127.0.0.1:0", AdminCountry: "FR", LogLevel: "error"}, Stdout: &out}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	browserAccounts(t, bctx, m, m, out.String())
}

// TestBrowserAccountsTwoInstances is the same with the administrator on
// one instance and the officer on another, over one PostgreSQL: a
// disabled account's session ends on the other instance.
func TestBrowserAccountsTwoInstances(t *testing.T) {
	pg := pgtest.NewDatabase(t)
	bctx := browser(t)
	natsURL := mustSharedNATS(t)
	data := t.TempDir()
	var out bytes.Buffer
	m1 := &Main{Config: Config{Data: data, Postgres: pg, NATS: natsURL, Addr: "127.0.0.1:0", AdminCountry: "FR", LogLevel: "error"}, Stdout: &out}
	if err := m1.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m1.Close() })
	m2 := MustRunMain(t, Config{Data: data, Postgres: pg, NATS: natsURL})
	browserAccounts(t, bctx, m1, m2, out.String())
}

// browserAccounts runs the scenario with the administrator on m and the
// officer on mo (the same instance or another on the same store); out is
// what m printed at first start.
func browserAccounts(t *testing.T, bctx context.Context, m, mo *Main, out string) {
	first := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(out)
	if first == nil {
		t.Fatalf("no first password in %q", out)
	}
	mk := mustAgency(t, m, "MK", "North Macedonia police")

	admin := session(t, bctx)
	officer := session(t, bctx)
	do(t, officer, "phone screen", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	narrow := func(what string) { t.Helper(); fitsPhone(t, officer, what) }
	signIn := func(ctx context.Context, base, username, password string) {
		t.Helper()
		do(t, ctx, "sign in as "+username,
			chromedp.Navigate(base+"/"),
			chromedp.WaitVisible(testid("login-username")),
			chromedp.SendKeys(testid("login-username"), username),
			chromedp.SendKeys(testid("login-password"), password),
			chromedp.Click(testid("login-submit")),
			chromedp.WaitVisible(testid("session")),
		)
	}
	changePassword := func(ctx context.Context, current, next string) {
		t.Helper()
		do(t, ctx, "change the one-time password",
			chromedp.WaitVisible(testid("forced-change")),
			chromedp.SendKeys(testid("field-current_password"), current),
			chromedp.SendKeys(testid("field-new_password"), next),
			chromedp.SendKeys(testid("field-confirm"), next),
			chromedp.Click(testid("password-submit")),
			chromedp.WaitVisible(testid("nav-main-account")),
		)
	}

	t.Run("AdminForcedChange", func(t *testing.T) {
		signIn(admin, m.URL, "admin", first[1])
		do(t, admin, "only the change of password is offered", chromedp.WaitVisible(testid("forced-change")))
		if n, _ := chromedp.Run(admin, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid^="nav-main-"]').length`)); n != 0 {
			t.Fatalf("%d navigation entries shown before the password is changed", n)
		}
		// A weak password is refused, in words.
		do(t, admin, "a common password is refused",
			chromedp.SendKeys(testid("field-current_password"), first[1]),
			chromedp.SendKeys(testid("field-new_password"), "password1234"),
			chromedp.SendKeys(testid("field-confirm"), "password1234"),
			chromedp.Click(testid("password-submit")),
			chromedp.WaitVisible(testid("error-new_password")),
			empty(`[data-testid="field-current_password"]`),
			empty(`[data-testid="field-new_password"]`),
			empty(`[data-testid="field-confirm"]`),
		)
		msg, err := chromedp.Run(admin, chromedp.Text(testid("error-new_password")))
		if err != nil || !strings.Contains(msg, "most common passwords") {
			t.Fatalf("refusal %q (%v)", msg, err)
		}
		changePassword(admin, first[1], "the admin's own passphrase")
	})

	var oneTime string
	t.Run("CreateUser", func(t *testing.T) {
		do(t, admin, "create an officer on the users screen",
			chromedp.Click(testid("nav-main-users")),
			chromedp.WaitVisible(testid("user-create")),
			chromedp.WaitReady(css(fmt.Sprintf(`[data-testid="field-agency_id"] option[value=%q]`, mk.ID))),
			choose(`[data-testid="field-agency_id"]`, mk.ID),
			chromedp.SendKeys(testid("field-username"), "ana.officer"),
			chromedp.SendKeys(testid("field-name"), "Ana Officer"),
			chromedp.Click(testid("new-role-officer")),
			chromedp.Click(testid("user-create-submit")),
			chromedp.WaitVisible(testid("user-onetime")),
			chromedp.WaitVisible(css(`[data-testid="user-row"][data-username="ana.officer"]`)),
		)
		var err error
		if oneTime, err = chromedp.Run(admin, chromedp.Text(testid("user-onetime"))); err != nil || len(oneTime) < 12 {
			t.Fatalf("one-time password %q (%v)", oneTime, err)
		}
		do(t, admin, "hide the one-time password", chromedp.Click(testid("user-onetime-hide")), chromedp.WaitNotPresent(testid("user-onetime")))
	})

	t.Run("OfficerOnPhone", func(t *testing.T) {
		signIn(officer, mo.URL, "ana.officer", oneTime)
		narrow("the forced change of password")
		changePassword(officer, oneTime, "ana chooses her own")
		do(t, officer, "open my account",
			chromedp.Tap(testid("nav-main-account")),
			chromedp.WaitVisible(testid("account")),
			chromedp.SendKeys(testid("token-name"), "laptop script"),
			chromedp.Tap(testid("token-create")),
			chromedp.WaitVisible(testid("token-secret")),
			chromedp.WaitVisible(css(`[data-testid="token-row"][data-name="laptop script"]`)),
		)
		narrow("my account")
		secret, err := chromedp.Run(officer, chromedp.Text(testid("token-secret")))
		if err != nil || !strings.HasPrefix(secret, "mrt_") {
			t.Fatalf("token shown %q (%v)", secret, err)
		}
		api := &client{t, mo.URL, secret}
		api.must(200, "GET", "/api/v1/me", nil)
		do(t, officer, "revoke the token",
			chromedp.Tap(testid("token-revoke")),
			chromedp.WaitNotPresent(testid("token-row")),
		)
		// On the other instance, once the bus has evicted it.
		untilStatus(t, "the revoked token to fail", nethttp.StatusUnauthorized, func() response { return api.do("GET", "/api/v1/me", nil) })
		for _, lang := range []struct{ code, dir, title string }{{"fr", "ltr", "Mon compte"}, {"es", "ltr", "Mi cuenta"}, {"ar", "rtl", "حسابي"}} {
			do(t, officer, "switch to "+lang.code,
				choose(`[data-testid="account-lang"]`, lang.code),
				chromedp.WaitVisible(css(fmt.Sprintf(`html[lang=%q][dir=%q]`, lang.code, lang.dir))),
			)
			h1, err := chromedp.Run(officer, chromedp.Text(`[data-testid="account"] h1`))
			if err != nil || h1 != lang.title {
				t.Fatalf("%s: title %q (%v), want %q", lang.code, h1, err, lang.title)
			}
			narrow("my account in " + lang.code)
		}
		do(t, officer, "back to English", choose(`[data-testid="account-lang"]`, "en"), chromedp.WaitVisible(css(`html[lang="en"]`)))
	})

	row := `[data-testid="user-row"][data-username="ana.officer"]`
	t.Run("DisableEnableReset", func(t *testing.T) {
		evictions := mo.DB.CredentialEvictions()
		do(t, admin, "disable the officer",
			chromedp.Click(css(row+` [data-testid="user-disable"]`)),
			chromedp.WaitVisible(css(`[data-testid="user-row"][data-username="ana.officer"][data-disabled="true"]`)),
		)
		// The other instance's cache learns it through the bus.
		eventually(t, "the disabled officer's credentials evicted", func() bool { return mo.DB.CredentialEvictions() > evictions })
		do(t, officer, "the disabled officer's session has ended",
			chromedp.Navigate(mo.URL+"/account"),
			chromedp.WaitVisible(testid("login-username")),
		)
		do(t, admin, "enable and reset",
			chromedp.Click(css(row+` [data-testid="user-enable"]`)),
			chromedp.WaitVisible(css(`[data-testid="user-row"][data-username="ana.officer"][data-disabled="false"]`)),
			chromedp.Click(css(row+` [data-testid="user-reset"]`)),
			chromedp.WaitVisible(testid("user-onetime")),
		)
		reset, err := chromedp.Run(admin, chromedp.Text(testid("user-onetime")))
		if err != nil || reset == oneTime {
			t.Fatalf("reset password %q (%v)", reset, err)
		}
		signIn(officer, mo.URL, "ana.officer", reset)
		do(t, officer, "a reset password must be changed", chromedp.WaitVisible(testid("forced-change")))
		// In French the server's refusal is told in French.
		do(t, officer, "a refusal in French",
			choose(`[data-testid="lang"]`, "fr"),
			chromedp.WaitVisible(css(`html[lang="fr"]`)),
			chromedp.SendKeys(testid("field-current_password"), reset),
			chromedp.SendKeys(testid("field-new_password"), "ana.officer2024"),
			chromedp.SendKeys(testid("field-confirm"), "ana.officer2024"),
			chromedp.Tap(testid("password-submit")),
			chromedp.WaitVisible(testid("error-new_password")),
		)
		msg, err := chromedp.Run(officer, chromedp.Text(testid("error-new_password")))
		if err != nil || !strings.Contains(msg, "nom d'utilisateur") {
			t.Fatalf("French refusal %q (%v)", msg, err)
		}
		narrow("the forced change in French")
	})

	t.Run("UsersOnPhone", func(t *testing.T) {
		do(t, admin, "the users screen on a phone",
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
			chromedp.Navigate(m.URL+"/users"),
			chromedp.WaitVisible(css(row)),
		)
		fitsPhone(t, admin, "the users screen")
	})
}
