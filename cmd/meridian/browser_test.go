package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"meridian"
	"meridian/edifact"
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
		fitsPhone(t, officer, "the form")
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

// paxlst writes a PAXLST message of one flight into Skopje.
func paxlst(t *testing.T, carrier, number string, travellers ...meridian.Traveller) []byte {
	t.Helper()
	day := time.Now().UTC().Format("2006-01-02")
	leg := meridian.Leg{Carrier: carrier, Number: number, Border: true,
		Departure: meridian.Stop{Airport: "IST", Time: meridian.LocalTime(day + "T08:10")},
		Arrival:   meridian.Stop{Airport: "SKP", Time: meridian.LocalTime(day + "T09:20")}}
	m := &meridian.Manifest{Kind: meridian.ManifestPAXLST, Reference: number, Flights: []meridian.Leg{leg}, Travellers: travellers}
	var b bytes.Buffer
	if err := edifact.WritePAXLST(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func traveller(given, family, born, sex, nat, doc, booking string) meridian.Traveller {
	return meridian.Traveller{Role: meridian.RolePassenger, Given: given, Family: family, BirthDate: meridian.Date(born),
		Sex: meridian.Sex(sex), Nationality: nat, BookingRef: booking,
		Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: doc, IssuingState: nat}}}
}

// TestBrowserAlerts drives the alert queue on a phone-sized screen: a
// PAXLST with a wanted man on board is ingested through the API; an
// officer of the destination country opens the queue, sees him first (the
// highest severity), opens the alert, where the restricted watchlist
// record shows only whom to contact and the reference, and records a
// secondary inspection, which the API then reports. A second alert worked
// meanwhile by someone else is refused and reloaded; a message uploaded
// through the form is screened or, when broken, refused naming the segment.
func TestBrowserAlerts(t *testing.T) {
	bctx := browser(t)
	m := MustRunMain(t, Config{})
	piu := mustAgency(t, m, "MK", "PIU Skopje")
	border := mustAgency(t, m, "MK", "Border police Skopje")
	bka := mustAgency(t, m, "DE", "BKA")
	const password = "correct horse battery"
	mustUser(t, m, border, "officer.mk", password, meridian.RoleOfficer)
	cPIU := &client{t, m.URL, mustToken(t, m, piu, "piu", meridian.RoleNCB)}
	cBorder := &client{t, m.URL, mustToken(t, m, border, "border", meridian.RoleOfficer)}
	cBKA := &client{t, m.URL, mustToken(t, m, bka, "bka", meridian.RoleNCB)}

	// The BKA's record is its own: the destination learns of a hit and
	// whom to ask, nothing of the record.
	const secret = "Informant says he travels on false papers"
	cBKA.must(201, "POST", "/api/v1/watchlist/persons", map[string]any{"category": "wanted", "names": []map[string]any{{"full": "Dritan Hoxha"}},
		"birth_date": "1979-03-14", "nationalities": []string{"AL"}, "notes": secret, "release": map[string]any{"scope": "owner"}})
	// The screening index learns the entry from the bus: the owner's own
	// check says when.
	eventually(t, "the entry in the index", func() bool {
		var out checkResponse
		cBKA.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": "Dritan Hoxha", "birth_date": "1979-03-14",
			"place_kind": "airport", "place": "Skopje", "reason": "index ready"}).decode(t, &out)
		return out.Results[0].Hit
	})

	// The border police's record of a missing woman, released to the
	// country's agencies: readable, and a person to protect (medium).
	cBorder.must(201, "POST", "/api/v1/watchlist/persons", map[string]any{"category": "missing", "names": []map[string]any{{"full": "Marija Nikolova"}},
		"birth_date": "1998-11-30", "nationalities": []string{"MK"}, "release": map[string]any{"scope": "listed", "countries": []string{"MK"}}})
	eventually(t, "the missing woman in the index", func() bool {
		var out checkResponse
		cBorder.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": "Marija Nikolova", "birth_date": "1998-11-30",
			"place_kind": "airport", "place": "Skopje", "reason": "index ready"}).decode(t, &out)
		return out.Results[0].Hit
	})

	msg := paxlst(t, "TK", "1001",
		traveller("ANA", "PETROVSKA", "1990-01-02", "F", "MK", "A1234567", ""),
		traveller("MARIJA", "NIKOLOVA", "1998-11-30", "F", "MK", "A7654321", ""),
		traveller("DRITAN", "HOXHA", "1979-03-14", "M", "AL", "BB7654321", ""),
		// A 14-year-old girl booked with a man of another family: a
		// default rule flags both.
		traveller("LIRA", "BERISHA", "2010-06-01", "F", "AL", "BC1112223", "K7QX2B"),
		traveller("ILIR", "KOLA", "1984-02-11", "M", "AL", "BC9998887", "K7QX2B"))
	r := cPIU.postManifest("", msg)
	if r.status != 201 {
		t.Fatalf("ingest: %d %s", r.status, r.body)
	}
	var open list[meridian.Alert]
	cBorder.must(200, "GET", "/api/v1/alerts?status=open", nil).decode(t, &open)
	byName := map[string]meridian.Alert{}
	for _, a := range open.Items {
		byName[a.Traveller.Name] = a
	}
	wanted, girl, missing := byName["DRITAN HOXHA"], byName["LIRA BERISHA"], byName["MARIJA NIKOLOVA"]
	if len(open.Items) != 4 || wanted.ID == "" || girl.ID == "" || wanted.Severity != meridian.SeverityMedium || missing.Severity != meridian.SeverityMedium {
		t.Fatalf("alerts after ingest: %+v", open.Items)
	}

	officer := session(t, bctx)
	do(t, officer, "phone screen", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	login(t, officer, m.URL, "officer.mk", password)
	narrow := func(what string) { t.Helper(); fitsPhone(t, officer, what) }
	row := func(id string) string { return fmt.Sprintf(`[data-testid="alert-row"][data-id=%q]`, id) }

	t.Run("Queue", func(t *testing.T) {
		do(t, officer, "open the alert queue from the navigation",
			chromedp.Tap(testid("nav-main-alerts")),
			chromedp.WaitVisible(css(row(wanted.ID))),
			chromedp.WaitVisible(css(row(girl.ID))),
		)
		narrow("the alert queue")
		type queue struct {
			IDs        []string `json:"ids"`
			Severities []string `json:"severities"`
			Text       string   `json:"text"`
		}
		q, err := chromedp.Run(officer, chromedp.Evaluate[queue](`(() => {
			const rows = [...document.querySelectorAll('[data-testid="alert-row"]')];
			return { ids: rows.map((r) => r.dataset.id), severities: rows.map((r) => r.dataset.severity),
				text: document.querySelector('[data-testid="alert-queue"]').innerText };
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		// The highest severity first, said in words as well as colour: the
		// girl and the man she travels with; then, at medium, the woman to
		// protect and the restricted hit (the owner is called before anyone
		// acts), in the message's order.
		if strings.Join(q.Severities, ",") != "3,3,2,2" || q.IDs[2] != missing.ID || q.IDs[3] != wanted.ID || !strings.Contains(q.Text, "High") || !strings.Contains(q.Text, "Medium") ||
			!strings.Contains(q.Text, "TK1001") || !strings.Contains(q.Text, "Indicator: Minor travelling with an unrelated adult") ||
			!strings.Contains(q.Text, "Watchlist: missing person") || !strings.Contains(q.Text, "Watchlist hit (restricted)") {
			t.Fatalf("the queue shows %+v", q)
		}

		// A message arriving while the queue is open: the queue asks again
		// (every 30 s, and when the page is shown again, as here), marks the
		// new alert and announces it in its live region.
		var res list[meridian.IngestResult]
		r := cPIU.postManifest("", paxlst(t, "TK", "1002", traveller("DRITAN", "HOXHA", "1979-03-14", "M", "AL", "BB7654321", "")))
		if r.status != 201 {
			t.Fatalf("second message: %d %s", r.status, r.body)
		}
		r.decode(t, &res)
		if len(res.Items) != 1 || len(res.Items[0].AlertIDs) != 1 {
			t.Fatalf("second message: %+v", res.Items)
		}
		arrived := res.Items[0].AlertIDs[0]
		asked := time.Now()
		do(t, officer, "the new alert appears, marked and announced",
			chromedp.Evaluate[chromedp.Void](`document.dispatchEvent(new Event("visibilitychange"))`),
			chromedp.WaitVisible(css(row(arrived)+` .badge.new`)),
		)
		t.Logf("the queue showed the new alert %v after it asked", time.Since(asked).Round(time.Millisecond))
		said, err := chromedp.Run(officer, chromedp.Text(css(`[data-testid="alerts-arrived"][role="status"]`)))
		if err != nil || !strings.HasPrefix(said, "1 new alert at ") {
			t.Fatalf("the live region says %q (%v)", said, err)
		}
		// The older alerts are not marked new.
		if n, err := chromedp.Run(officer, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="alert-row"] .badge.new').length`)); err != nil || n != 1 {
			t.Fatalf("%d alerts marked new (%v), want 1", n, err)
		}
	})

	t.Run("RecordOutcome", func(t *testing.T) {
		do(t, officer, "open the wanted man's alert",
			chromedp.Tap(css(row(wanted.ID)+` [data-testid="alert-link"]`)),
			chromedp.WaitVisible(testid("alert-detail")),
			chromedp.WaitVisible(testid("reason-contact")),
			chromedp.WaitVisible(testid("traveller-documents")),
		)
		narrow("the alert")
		text, err := chromedp.Run(officer, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			t.Fatal(err)
		}
		ref := wanted.Reasons[0].Hit.Ref
		if !strings.Contains(text, "Contact BKA, quoting reference "+ref) || !strings.Contains(text, "BB7654321") {
			t.Fatalf("the alert does not show whom to contact or the document:\n%s", text)
		}
		// Exactly what the API gives for a restricted record: not its notes.
		if strings.Contains(text, secret) || strings.Contains(text, "Dritan Hoxha") {
			t.Fatalf("the alert shows more of the restricted record than the API gives:\n%s", text)
		}
		do(t, officer, "record a secondary inspection",
			chromedp.Tap(testid("field-outcome-secondary_inspection")),
			chromedp.SendKeys(testid("field-note"), "Questioned at gate 4; papers in order"),
			chromedp.Tap(testid("outcome-submit")),
			chromedp.WaitVisible(testid("outcome-done")),
			chromedp.WaitVisible(css(`[data-testid="alert-detail"][data-status="closed"]`)),
		)
		var got meridian.Alert
		cBorder.must(200, "GET", "/api/v1/alerts/"+wanted.ID, nil).decode(t, &got)
		if got.Status != "closed" || got.Outcome != "secondary_inspection" || got.Note != "Questioned at gate 4; papers in order" ||
			got.WorkedBy != "officer.mk" || got.Version != wanted.Version+1 {
			t.Fatalf("after the form the API says %+v", got)
		}
		do(t, officer, "back to the queue: the alert is no longer open",
			chromedp.Tap(css(`[data-testid="outcome-done"] a`)),
			chromedp.WaitVisible(css(row(girl.ID))),
			chromedp.WaitNotPresent(css(row(wanted.ID))),
		)
	})

	t.Run("ErrConflict", func(t *testing.T) {
		do(t, officer, "open the girl's alert",
			chromedp.Tap(css(row(girl.ID)+` [data-testid="alert-link"]`)),
			chromedp.WaitVisible(testid("outcome-form")),
		)
		// The indicator explains itself.
		do(t, officer, "read about the rule",
			chromedp.Tap(css(`[data-testid="rule-about"] summary`)),
			chromedp.WaitVisible(css(`[data-testid="rule-about"] .rule-body`)),
		)
		// Someone else works the alert meanwhile: she is a victim.
		cBorder.must(200, "POST", "/api/v1/alerts/"+girl.ID+"/outcome", map[string]any{"outcome": "victim_identified", "note": "referred to the shelter", "version": girl.Version})
		do(t, officer, "the stale form is refused and the alert reloaded",
			chromedp.Tap(testid("field-outcome-no_action")),
			chromedp.Tap(testid("outcome-submit")),
			chromedp.WaitVisible(testid("outcome-conflict")),
			chromedp.WaitVisible(css(`[data-testid="alert-worked"] [data-outcome="victim_identified"]`)),
		)
		var got meridian.Alert
		cBorder.must(200, "GET", "/api/v1/alerts/"+girl.ID, nil).decode(t, &got)
		if got.Outcome != "victim_identified" {
			t.Fatalf("the stale form overwrote the outcome: %+v", got)
		}
	})

	t.Run("Upload", func(t *testing.T) {
		dir := t.TempDir()
		broken := filepath.Join(dir, "broken.edi")
		good := filepath.Join(dir, "tk1003.edi")
		bad := bytes.Replace(msg, []byte("UNT+"), []byte("UNX+"), 1) // the message never ends
		if err := os.WriteFile(broken, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(good, paxlst(t, "TK", "1003", traveller("DRITAN", "HOXHA", "1979-03-14", "M", "AL", "BB7654321", "")), 0o600); err != nil {
			t.Fatal(err)
		}
		do(t, officer, "a broken message is refused, naming the segment",
			chromedp.Tap(testid("nav-main-upload")),
			chromedp.WaitVisible(testid("upload-form")),
			chromedp.SetUploadFiles(testid("upload-file"), []string{broken}),
			chromedp.Tap(testid("upload-submit")),
			chromedp.WaitVisible(testid("upload-error")),
		)
		narrow("the upload form")
		detail, err := chromedp.Run(officer, chromedp.Text(testid("upload-error")))
		if err != nil || !strings.Contains(detail, "segment") {
			t.Fatalf("the refusal says %q (%v): it should name the segment", detail, err)
		}
		do(t, officer, "a good message is screened",
			chromedp.SetUploadFiles(testid("upload-file"), []string{good}),
			chromedp.Tap(testid("upload-submit")),
			chromedp.WaitVisible(css(`[data-testid="upload-message"][data-alerts="1"]`)),
		)
		do(t, officer, "the flight's page marks the traveller on an alert",
			chromedp.Tap(css(`[data-testid="upload-message"] a`)),
			chromedp.WaitVisible(testid("flight-detail")),
			chromedp.WaitVisible(css(`[data-testid="traveller-row"][data-alerts="1"]`)),
		)
		narrow("the flight")
	})
}

// overflowing names the innermost elements that reach past a phone's
// width, for the message of a layout that does not fit.
const overflowing = `[...document.querySelectorAll("body *")]
  .filter(e => e.getBoundingClientRect().right > 391 && ![...e.children].some(c => c.getBoundingClientRect().right > 391))
  .slice(0, 6)
  .map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).trim().split(/\s+/).join(".") : "") +
    (e.dataset.testid ? "[" + e.dataset.testid + "]" : "") + " " + Math.round(e.getBoundingClientRect().right))
  .join(", ")`

// fitsPhone fails the test when the page in ctx is wider than a 390 px
// phone, naming the elements that reach past it.
func fitsPhone(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	width, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`))
	if err != nil || width > 390 {
		wide, _ := chromedp.Run(ctx, chromedp.Evaluate[string](overflowing))
		t.Fatalf("%s is %v px wide on a 390 px screen (%v); the widest: %s", what, width, err, wide)
	}
}
