package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"meridian"
	"meridian/edifact"
)

// demoFast replays the demo at this speed in the tests: its week in
// seven and a half minutes. The opening flights fill the alert queues at
// the start; a faster replay only loads the machine.
const demoFast = 288 * 4

// runDemo starts `serve --demo` replaying fast, and gives each demo user
// a password of the test's, so that they sign in without the forced
// change, and an API token.
func runDemo(t *testing.T) (*Main, map[string]string) {
	t.Helper()
	var out bytes.Buffer
	m := &Main{Config: Config{Data: t.TempDir(), Addr: "127.0.0.1:0", AdminCountry: "FR", LogLevel: "error", Demo: true},
		Stdout: &out, DemoSpeed: demoFast}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	users, _, err := m.DB.FindUsers(sys(), meridian.UserFilter{Page: meridian.Page{Limit: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	tokens := map[string]string{}
	for _, u := range users {
		for _, name := range demoUsers {
			if u.Username != name {
				continue
			}
			// A password reset is good once; the user then chooses theirs.
			once, err := m.DB.ResetPassword(sys(), u.ID, "")
			if err != nil {
				t.Fatal(err)
			}
			as := meridian.WithSubject(context.Background(), &meridian.Subject{UserID: u.ID, Username: u.Username, AgencyID: u.AgencyID, Roles: u.Roles, Addr: "test"})
			if _, err := m.DB.ChangePassword(as, once, demoTestPassword); err != nil {
				t.Fatal(err)
			}
			if tokens[name], err = m.DB.CreateToken(sys(), u.ID, "test"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(tokens) != len(demoUsers) {
		t.Fatalf("demo users %v, found %v", demoUsers, tokens)
	}
	return m, tokens
}

const demoTestPassword = "demo test password 1"

// demoEventually polls cond until it holds or the time runs out.
func demoEventually(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); !cond(); time.Sleep(250 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, d)
		}
	}
}

// TestDemoPassengers: within the demo's first simulated day (seconds
// here, minutes in `make run`) the border officer, the NCB, the officer
// and the coordinator each have alerts and flights to work, planted
// listed travellers hit the NCB's records, and the risk rules fire.
func TestDemoPassengers(t *testing.T) {
	if testing.Short() {
		t.Skip("replays the demo operation")
	}
	m, tokens := runDemo(t)
	type alert struct {
		ID      string `json:"id"`
		Reasons []struct {
			Kind string `json:"kind"`
		} `json:"reasons"`
	}
	count := func(user, path string) int {
		var l list[map[string]any]
		c := &client{t, m.URL, tokens[user]}
		c.must(200, "GET", path, nil).decode(t, &l)
		return len(l.Items)
	}
	for _, u := range []string{"border.rs", "ncb.al", "officer.mk", "coordinator"} {
		demoEventually(t, u+" has alerts and flights", 90*time.Second, func() bool {
			return count(u, "/api/v1/alerts") > 0 && count(u, "/api/v1/manifests") > 0
		})
	}
	demoEventually(t, "ncb.al has a hit in its inbox", 90*time.Second, func() bool { return count("ncb.al", "/api/v1/hits") > 0 })
	// The alerts of Serbia's border police: a listed traveller and the rules.
	var l list[alert]
	(&client{t, m.URL, tokens["border.rs"]}).must(200, "GET", "/api/v1/alerts?limit=100", nil).decode(t, &l)
	hits, flags := 0, 0
	for _, a := range l.Items {
		for _, r := range a.Reasons {
			switch r.Kind {
			case "watchlist":
				hits++
			case "rule":
				flags++
			}
		}
	}
	if hits == 0 || flags == 0 {
		t.Fatalf("alerts of border.rs: %d watchlist hits, %d rule flags, want both: %+v", hits, flags, l.Items)
	}
	// North Macedonia's opening flight is a PNRGOV push: its planted
	// bookings are one-way, at short notice, paid in cash or by a third
	// party, and the rule on them fires.
	var ms list[struct {
		Kind string `json:"kind"`
	}]
	mk := &client{t, m.URL, tokens["officer.mk"]}
	mk.must(200, "GET", "/api/v1/manifests", nil).decode(t, &ms)
	pnr := false
	for _, x := range ms.Items {
		pnr = pnr || x.Kind == "pnrgov"
	}
	if !pnr {
		t.Fatalf("manifests into MK: %+v, want a PNRGOV", ms.Items)
	}
	var mkAlerts list[struct {
		Reasons []struct {
			Rule *struct {
				Name string `json:"name"`
			} `json:"rule"`
		} `json:"reasons"`
	}]
	mk.must(200, "GET", "/api/v1/alerts?limit=200", nil).decode(t, &mkAlerts)
	oneWay := false
	for _, a := range mkAlerts.Items {
		for _, r := range a.Reasons {
			oneWay = oneWay || r.Rule != nil && strings.HasPrefix(r.Rule.Name, "One-way ticket at short notice")
		}
	}
	if !oneWay {
		t.Fatalf("no one-way-ticket alert in MK: %+v", mkAlerts.Items)
	}
	// A check from the Check screen finds the demo's listed persons,
	// whatever the script: the record itself when released to all, the
	// owner to contact when not.
	type checked struct {
		Results []struct {
			Hit  bool `json:"hit"`
			Hits []struct {
				Restricted bool `json:"restricted"`
			} `json:"hits"`
		} `json:"results"`
	}
	for _, c := range []struct {
		name       string
		restricted bool
	}{{"Eleni Papadopoulou", false}, {"Ελένη Παπαδοπούλου", false}, {"Арбен Хоџа", true}, {"Mohamed Abdallah Alhassan", true}} {
		var out checked
		mk.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": c.name}).decode(t, &out)
		found := false
		for _, r := range out.Results {
			for _, h := range r.Hits {
				found = found || h.Restricted == c.restricted
			}
		}
		if len(out.Results) != 1 || !out.Results[0].Hit || !found {
			t.Fatalf("check %q: %+v, want a hit, restricted %v", c.name, out, c.restricted)
		}
	}
	// The hits of the NCB's inbox carry their time.
	raw := (&client{t, m.URL, tokens["ncb.al"]}).must(200, "GET", "/api/v1/hits", nil)
	if strings.Contains(string(raw.body), "0001-01-01") {
		t.Fatalf("a zero time in the hits: %s", raw.body)
	}
}

// screenFilled says, per main navigation entry, what the screen must show
// for a demo user to have something to do there: a selector that must
// match at least once once the data has arrived.
var screenFilled = map[string]string{
	"operations": `[data-testid="operation"]`,
	"check":      `form [data-testid]`,
	"hits":       `[data-testid="hit-row"]`,
	"alerts":     `[data-testid="alert-row"]`,
	"flights":    `[data-testid="flight-row"]`,
	"upload":     `input[type="file"]`,
	"account":    `main form`,
	"users":      `main table, main ul`,
	"manage":     `[data-testid="managed-operation"]`,
	"rules":      `[data-testid="rule-row"]`,
	// Planted by demoNetworks as the replay starts.
	"records":       `[data-testid="record-row"]`,
	"links":         `[data-testid="link-row"]`,
	"notifications": `[data-testid="note"]`,
	"invitations":   `[data-testid="invitation"]`,
	// Planted by demoFollowup (six months of cases after the week).
	"cases": `[data-testid="case-item"]`,
}

// screenOpens lists the screens the demo does not fill yet, held to
// opening: the page itself must be shown. Analysis opens on its home for
// analysts and on the trends for other readers.
var screenOpens = map[string]string{
	"analysis": `[data-testid="analysis-home"], [data-testid="trends-period"]`,
}

// TestBrowserDemo signs in as each demo user in turn, after a short
// replay, on a phone and on a desktop: the live picture shows figures,
// its first counter above the fold on the phone, and every screen of the
// user's navigation has something on it.
func TestBrowserDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("replays the demo operation")
	}
	m, tokens := runDemo(t)
	// The short replay: every reader has alerts, the NCB a hit.
	count := func(user, path string) int {
		var l list[map[string]any]
		(&client{t, m.URL, tokens[user]}).must(200, "GET", path, nil).decode(t, &l)
		return len(l.Items)
	}
	demoEventually(t, "the short replay", 2*time.Minute, func() bool {
		return count("border.rs", "/api/v1/alerts") > 0 && count("ncb.al", "/api/v1/hits") > 0 &&
			count("officer.mk", "/api/v1/alerts") > 0 && count("coordinator", "/api/v1/alerts") > 0
	})
	demoEventually(t, "the follow-up planted", 2*time.Minute, func() bool {
		return count("prosecutor.mk", "/api/v1/requests?direction=in&limit=100") >= 3 && count("border.rs", "/api/v1/cases?limit=100") >= 17
	})
	type viewport struct {
		name          string
		width, height int64
		mobile        bool
	}
	for _, vp := range []viewport{{"Phone", 390, 844, true}, {"Desktop", 1280, 900, false}} {
		for _, user := range demoUsers {
			if user == "prosecutor.rs" || user == "prosecutor.al" {
				continue // the screens of prosecutor.mk's; fewer browsers
			}
			t.Run(vp.name+"/"+user, func(t *testing.T) {
				// A browser each, for browser's time limit is the whole run's.
				tab := browser(t)
				if vp.mobile {
					do(t, tab, "phone screen", chromedp.EmulateViewport(vp.width, vp.height, chromedp.EmulateMobile, chromedp.EmulateTouch))
				} else {
					do(t, tab, "desktop screen", chromedp.EmulateViewport(vp.width, vp.height))
				}
				login(t, tab, m.URL, user, demoTestPassword)
				// The live picture: figures, and the first counter above the fold.
				do(t, tab, "open the demo operation",
					chromedp.WaitVisible(testid("operation-link")),
					chromedp.Click(testid("operation-link")),
					chromedp.WaitVisible(testid("counter-checks")),
					chromedp.Poll[chromedp.Void](`(() => { const el = document.querySelector('[data-testid="counter-checks"]'); return el && Number(el.dataset.value) > 0; })()`),
				)
				top, err := chromedp.Run(tab, chromedp.Evaluate[float64](`(() => { window.scrollTo(0, 0); const el = document.querySelector('[data-testid="counters"] dd'); return el.getBoundingClientRect().bottom; })()`))
				if err != nil {
					t.Fatal(err)
				}
				if top > float64(vp.height) {
					above, _ := chromedp.Run(tab, chromedp.Evaluate[string](`[...document.querySelectorAll("header, nav, main > *, main > * > *")].slice(0, 14)
						.map(e => e.tagName.toLowerCase() + "." + String(e.className || "").split(" ")[0] + ":" + Math.round(e.getBoundingClientRect().top) + "+" + Math.round(e.getBoundingClientRect().height)).join(" ")`))
					t.Fatalf("the first counter ends %.0f px down, below the fold of a %d px screen; above it: %s", top, vp.height, above)
				}
				legend, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => { const el = document.querySelector('figcaption.legend'); return el ? el.textContent : ""; })()`))
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(legend, "0 - 0") || strings.Contains(legend, "0 – 0") {
					t.Fatalf("map legend %q", legend)
				}
				// Every screen of the navigation has something to do.
				entries, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-testid^="nav-main-"]')].map((a) => a.dataset.testid.slice("nav-main-".length))`))
				if err != nil {
					t.Fatal(err)
				}
				if len(entries) < 2 {
					t.Fatalf("navigation %v", entries)
				}
				for _, e := range entries {
					sel, ok := screenFilled[e]
					if !ok {
						sel, ok = screenOpens[e]
					}
					if !ok {
						t.Fatalf("no expectation for the screen %q", e)
					}
					do(t, tab, user+" opens "+e,
						chromedp.Click(testid("nav-main-"+e)),
						chromedp.WaitVisible(css(sel)),
					)
				}
			})
		}
	}
	// The North Macedonian prosecutor's case, on a phone and a desktop:
	// its participants of three countries, its requests (some overdue,
	// some waiting for the prosecutor) and, a link away, its messages.
	for _, vp := range []viewport{{"Phone", 390, 844, true}, {"Desktop", 1280, 900, false}} {
		t.Run("Case/"+vp.name, func(t *testing.T) {
			tab := browser(t)
			if vp.mobile {
				do(t, tab, "phone screen", chromedp.EmulateViewport(vp.width, vp.height, chromedp.EmulateMobile, chromedp.EmulateTouch))
			} else {
				do(t, tab, "desktop screen", chromedp.EmulateViewport(vp.width, vp.height))
			}
			login(t, tab, m.URL, "prosecutor.mk", demoTestPassword)
			do(t, tab, "open the Stojanovski case",
				chromedp.Click(testid("nav-main-cases")),
				chromedp.WaitVisible(testid("case-item")),
				chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('[data-testid="case-item"] a')].find((a) => a.textContent.startsWith("Stojanovski network")).click()`),
				chromedp.WaitVisible(testid("case-page")),
				chromedp.WaitVisible(testid("participant")),
				chromedp.WaitVisible(testid("req-row")),
			)
			got, err := chromedp.Run(tab, chromedp.Evaluate[map[string]float64](`(() => ({
				participants: document.querySelectorAll('[data-testid="participant"]').length,
				requests: document.querySelectorAll('[data-testid="req-row"]').length,
				overdue: document.querySelectorAll('[data-testid="req-row"].overdue').length,
			}))()`))
			if err != nil {
				t.Fatal(err)
			}
			if got["participants"] < 6 || got["requests"] < 8 || got["overdue"] < 1 {
				t.Fatalf("the Stojanovski case shows %v: want its participants and requests, some overdue", got)
			}
			// The demo's steps were taken in the past and recorded at its
			// start: each receipt says both.
			do(t, tab, "a request's receipts, with when each step was recorded",
				chromedp.Click(css(`[data-testid="req-row"].overdue a`)),
				chromedp.WaitVisible(testid("receipt")),
				chromedp.WaitVisible(testid("receipt-recorded")),
				chromedp.NavigateBack(),
				chromedp.WaitVisible(testid("case-page")),
			)
			do(t, tab, "the case's messages",
				chromedp.Click(css(`[data-testid="case-slot-messages"] a`)),
				chromedp.WaitVisible(testid("message")),
			)
		})
	}
	// In Arabic, on a phone, the border officer reads an alert on a
	// listed traveller: the owner to contact and the reference are
	// isolated from the bidirectional algorithm, the reference in a
	// left-to-right <bdi> where it stands alone.
	t.Run("Arabic", func(t *testing.T) {
		tab := browser(t)
		do(t, tab, "phone screen", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
		login(t, tab, m.URL, "border.rs", demoTestPassword)
		do(t, tab, "the alert of a listed traveller, in Arabic",
			choose(`[data-testid="lang"]`, "ar"),
			chromedp.WaitVisible(css(`html[dir="rtl"]`)),
			chromedp.Click(testid("nav-main-alerts")),
			chromedp.WaitVisible(testid("alert-row")),
			chromedp.Evaluate[chromedp.Void](`(() => {
				const rows = [...document.querySelectorAll('[data-testid="alert-row"]')];
				const row = rows.find((r) => r.textContent.includes("ARBEN HOXHA")) || rows[0];
				row.querySelector('[data-testid="alert-link"]').click();
			})()`),
			chromedp.WaitVisible(testid("alert-reasons")),
		)
		got, err := chromedp.Run(tab, chromedp.Evaluate[map[string]any](`(() => {
			const contact = document.querySelector('[data-testid="reason-contact"]');
			const flight = document.querySelector('bdi[dir="ltr"]');
			return { contact: contact ? contact.textContent : "", bdi: !!flight };
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		contact, _ := got["contact"].(string)
		if !strings.Contains(contact, "\u2068") || !strings.Contains(contact, "\u2069") || got["bdi"] != true {
			t.Fatalf("Arabic alert: contact %q (want its values isolated), a ltr bdi: %v", contact, got["bdi"])
		}
		axeClean(t, tab, "the Arabic alert on a phone")
	})
	// A report form is dated at the replay's present moment, not at the
	// last minute of the operation (which pinned it above every feed).
	t.Run("ReportDate", func(t *testing.T) {
		tab := browser(t)
		login(t, tab, m.URL, "officer.mk", demoTestPassword)
		do(t, tab, "open the raid form",
			chromedp.Click(testid("operation-link")),
			chromedp.WaitVisible(testid("counters")),
		)
		u, err := chromedp.Run(tab, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		do(t, tab, "the raid form's date",
			chromedp.Navigate(u+"/report/raid"),
			chromedp.WaitVisible(testid("field-occurred_at")),
			// The form fills the date in once it has read the newest report.
			chromedp.Poll[chromedp.Void](`document.querySelector('[data-testid="field-occurred_at"]').value < "2024-10-04T23:59"`),
		)
		v, err := chromedp.Run(tab, chromedp.Value(testid("field-occurred_at")))
		if err != nil {
			t.Fatal(err)
		}
		if v < "2024-09-29T00:00" || v >= "2024-10-04T23:59" {
			t.Fatalf("the raid form is dated %q, want the replay's present", v)
		}
	})
	// The map zooms on a wall screen.
	t.Run("MapZoom", func(t *testing.T) {
		tab := browser(t)
		do(t, tab, "wall screen", chromedp.EmulateViewport(1920, 1080))
		login(t, tab, m.URL, "coordinator", demoTestPassword)
		do(t, tab, "zoom in on the map",
			chromedp.Click(testid("operation-link")),
			chromedp.WaitVisible(testid("map-zoom-in")),
			chromedp.Click(testid("map-zoom-in")),
			chromedp.WaitVisible(css(`[data-testid="map"] svg[data-zoomed="true"]`)),
			chromedp.Click(testid("map-zoom-reset")),
			chromedp.WaitVisible(css(`[data-testid="map"] svg[data-zoomed="false"]`)),
		)
		width, err := chromedp.Run(tab, chromedp.Evaluate[float64](`document.querySelector('[data-testid="map"] svg').getBoundingClientRect().width`))
		if err != nil {
			t.Fatal(err)
		}
		if width < 1100 {
			t.Fatalf("the map is %.0f px wide on a 1920 px wall screen", width)
		}
		axeClean(t, tab, "the live picture on a wall screen")
	})
}

// TestBrowserUploadRefusedReason: a passenger message whose flight lies
// outside the operation is refused, and the upload page says why, in the
// reader's language (French here), not only "validation failed".
func TestBrowserUploadRefusedReason(t *testing.T) {
	bctx := browser(t)
	m := MustRunMain(t, Config{})
	rs := mustAgency(t, m, "RS", "Border Police of Serbia")
	mustUser(t, m, rs, "border.rs", demoTestPassword, meridian.RoleOfficer)
	today := time.Now().UTC()
	op := &meridian.Operation{Name: "Upload test", Status: meridian.OperationActive, Countries: []string{"RS"},
		Start: meridian.DateOf(today.AddDate(0, 0, -2)), End: meridian.DateOf(today.AddDate(0, 0, 2))}
	if err := m.DB.CreateOperation(sys(), op); err != nil {
		t.Fatal(err)
	}
	late := today.AddDate(0, 0, -30)
	leg := meridian.Leg{Carrier: "JU", Number: "331", Border: true,
		Departure: meridian.Stop{Airport: "IST", Time: meridian.LocalTimeOf(late)},
		Arrival:   meridian.Stop{Airport: "BEG", Time: meridian.LocalTimeOf(late.Add(time.Hour))}}
	var b bytes.Buffer
	if err := edifact.WritePAXLST(&b, &meridian.Manifest{Kind: meridian.ManifestPAXLST, Reference: "L1", Flights: []meridian.Leg{leg},
		Travellers: []meridian.Traveller{traveller("ANA", "PETROVIC", "1990-01-02", "F", "RS", "RS7654321", "")}}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "late.edi")
	if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	tab := session(t, bctx)
	login(t, tab, m.URL, "border.rs", demoTestPassword)
	do(t, tab, "upload in French",
		choose(`[data-testid="lang"]`, "fr"),
		chromedp.WaitVisible(css(`html[lang="fr"]`)),
		chromedp.Click(testid("nav-main-upload")),
		chromedp.WaitVisible(testid("upload-form")),
		chromedp.SetUploadFiles(testid("upload-file"), []string{file}),
		choose(`[data-testid="field-operation_id"]`, op.ID),
		chromedp.Click(testid("upload-submit")),
		chromedp.WaitVisible(testid("upload-error-reasons")),
	)
	got, err := chromedp.Run(tab, chromedp.Text(testid("upload-error")))
	if err != nil {
		t.Fatal(err)
	}
	day := string(meridian.DateOf(late))
	if !strings.Contains(got, "hors de l’opération") || !strings.Contains(got, day) || strings.Contains(got, "validation failed") {
		t.Fatalf("the refusal says %q, want the reason in French naming %s", got, day)
	}
	axeClean(t, tab, "the refused upload")
}

// TestBrowserClosedOperation: the live picture of an operation that has
// ended (a replay played out) says its figures are final, not a green
// "Live" beside "Closed".
func TestBrowserClosedOperation(t *testing.T) {
	bctx := browser(t)
	m := MustRunMain(t, Config{})
	fr := mustAgency(t, m, "FR", "INTERPOL General Secretariat")
	mustUser(t, m, fr, "coordinator", demoTestPassword, meridian.RoleCoordinator)
	op := &meridian.Operation{Name: "Ended", Status: meridian.OperationClosed, Countries: []string{"FR"},
		Start: "2024-09-29", End: "2024-10-04"}
	if err := m.DB.CreateOperation(sys(), op); err != nil {
		t.Fatal(err)
	}
	tab := session(t, bctx)
	login(t, tab, m.URL, "coordinator", demoTestPassword)
	do(t, tab, "the live picture of a closed operation",
		chromedp.Navigate(m.URL+"/operations/"+op.ID),
		chromedp.WaitVisible(css(`[data-testid="conn"][data-state="final"]`)),
	)
	got, err := chromedp.Run(tab, chromedp.Text(testid("conn")))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got, "Live") || !strings.Contains(got, "final") {
		t.Fatalf("the closed operation's live picture says %q", got)
	}
}
