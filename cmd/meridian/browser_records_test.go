package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"meridian"
)

// TestBrowserRecords drives screen 3 of issue 11: persons, documents and
// watchlists. North Macedonia's NCB lists its records and opens a
// person's page (names in three scripts, each marked; who can read it;
// the arrest and the case the person appears in) on a desktop, on a
// phone and in Arabic; creates a person on a phone, is refused a date
// that does not exist at its field in French, corrects it, and edits the
// record; imports a watchlist whose broken line is named with its column;
// an Albanian officer opening a record not shared with Albania sees "not
// found, or not shared with you" and nothing else. axe-core checks every
// screen.
func TestBrowserRecords(t *testing.T) {
	bctx := browser(t)
	m := MustRunMain(t, Config{})
	mk := mustAgency(t, m, "MK", "MoI Skopje")
	al := mustAgency(t, m, "AL", "State Police Tirana")
	const password = "correct horse battery"
	mustUser(t, m, mk, "ncb.mk", password, meridian.RoleNCB)
	mustUser(t, m, al, "officer.al", password, meridian.RoleOfficer)
	owner := &client{t, m.URL, mustToken(t, m, mk, "records.mk", meridian.RoleOfficer)}
	op := &meridian.Operation{Name: "Liberterra II", Start: "2024-09-29", End: "2024-10-04", Status: meridian.OperationActive, Countries: []string{"MK", "AL"}}
	if err := m.DB.CreateOperation(sys(), op); err != nil {
		t.Fatal(err)
	}
	const arabic = "دراغان بيتروفيتش"
	var p, hidden struct {
		ID      string `json:"id"`
		Version int    `json:"version"`
	}
	owner.must(201, "POST", "/api/v1/persons", map[string]any{
		"role":          "suspect",
		"operation_id":  op.ID,
		"names":         []map[string]any{{"full": "Dragan Petrović"}, {"full": "Драган Петровић"}, {"full": arabic}},
		"birth_date":    "1975-02-14",
		"sex":           "M",
		"nationalities": []string{"RS", "MK"},
		"identifiers":   []map[string]any{{"kind": "phone", "value": "+389 70 123 456"}},
		"tlp":           "AMBER",
		"handling":      "H1",
		"release":       map[string]any{"scope": "listed", "countries": []string{"AL"}},
	}).decode(t, &p)
	owner.must(201, "POST", "/api/v1/persons", map[string]any{"role": "victim", "names": []map[string]any{{"full": "Marija Nikolova"}},
		"release": map[string]any{"scope": "owner"}}).decode(t, &hidden)
	var arrest struct{ ID string }
	owner.must(201, "POST", "/api/v1/events", map[string]any{"type": "arrest", "operation_id": op.ID, "occurred_at": "2024-10-01T05:00:00Z",
		"place": map[string]any{"country": "MK", "name": "Skopje"}, "charges": []map[string]any{{"code": "trafficking_in_human_beings"}},
		"persons": []map[string]any{{"person_id": p.ID, "role": "suspect"}}, "release": map[string]any{"scope": "all"}}).decode(t, &arrest)
	owner.must(201, "POST", "/api/v1/cases", map[string]any{"title": "Skopje nightclubs", "operation_id": op.ID, "countries": []string{"MK", "AL"},
		"records": []string{p.ID, arrest.ID}, "release": map[string]any{"scope": "all"}})

	phone := chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)
	desktop := chromedp.EmulateViewport(1280, 900)
	ncb := session(t, bctx)
	officer := session(t, bctx)
	do(t, ncb, "desktop screen", desktop)
	do(t, officer, "phone screen", phone)
	login(t, ncb, m.URL, "ncb.mk", password)
	login(t, officer, m.URL, "officer.al", password)
	narrow := func(ctx context.Context, what string) { t.Helper(); fitsPhone(t, ctx, what) }
	text := func(ctx context.Context, sel string) string { t.Helper(); return textOf(t, ctx, sel) }
	lang := func(ctx context.Context, code, dir string) {
		t.Helper()
		do(t, ctx, "switch to "+code, choose(`[data-testid="lang"]`, code), chromedp.WaitVisible(css(fmt.Sprintf(`html[lang=%q][dir=%q]`, code, dir))))
	}
	row := func(id string) string { return fmt.Sprintf(`[data-testid="record-row"][data-id=%q]`, id) }

	t.Run("List", func(t *testing.T) {
		do(t, ncb, "open the records from the navigation",
			chromedp.Click(testid("nav-main-records")),
			chromedp.WaitVisible(css(row(p.ID))),
			chromedp.WaitVisible(css(row(hidden.ID))),
		)
		axeClean(t, ncb, "the persons on a desktop")
		do(t, ncb, "filter by role",
			choose(`[data-testid="filter-role"]`, "victim"),
			chromedp.Click(testid("filter-apply")),
			chromedp.WaitVisible(css(row(hidden.ID))),
			chromedp.WaitNotPresent(css(row(p.ID))),
		)
		do(t, ncb, "search by phone",
			chromedp.Click(testid("records-nav-search")),
			chromedp.WaitVisible(testid("key-search")),
			choose(`[data-testid="key-type"]`, "phone"),
			chromedp.SendKeys(testid("key-value"), "+38970123456"),
			chromedp.Click(testid("key-submit")),
			chromedp.WaitVisible(testid("key-result")),
		)
		axeClean(t, ncb, "the search by identifier on a desktop")
		do(t, officer, "the shared persons on a phone",
			chromedp.Navigate(m.URL+"/records"),
			chromedp.WaitVisible(css(row(p.ID))),
		)
		if n, err := chromedp.Run(officer, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="record-row"]').length`)); err != nil || n != 1 {
			t.Fatalf("Albania's officer sees %d persons (%v), want the one shared", n, err)
		}
		narrow(officer, "the persons")
		axeClean(t, officer, "the persons on a phone")
	})

	t.Run("RecordPage", func(t *testing.T) {
		do(t, ncb, "open the person",
			chromedp.Navigate(m.URL+"/records?kind=persons"),
			chromedp.WaitVisible(css(row(p.ID)+` [data-testid="record-link"]`)),
			chromedp.Click(css(row(p.ID)+` [data-testid="record-link"]`)),
			chromedp.WaitVisible(testid("record-page")),
			chromedp.WaitVisible(testid("record-event")),
			chromedp.WaitVisible(testid("record-case")),
			chromedp.WaitVisible(testid("who-can-read")),
		)
		type page struct {
			Scripts []string `json:"scripts"`
			Who     string   `json:"who"`
			Bidi    int      `json:"bidi"`
			Events  []string `json:"events"`
			Text    string   `json:"text"`
		}
		read := func(ctx context.Context) page {
			t.Helper()
			pg, err := chromedp.Run(ctx, chromedp.Evaluate[page](`(() => ({
				scripts: [...document.querySelectorAll('[data-testid="record-name"] [data-script]')].map((e) => e.dataset.script),
				who: document.querySelector('[data-testid="who-can-read"]').innerText,
				bidi: document.querySelectorAll('[data-testid="record-name"] bdi[dir="auto"]').length,
				events: [...document.querySelectorAll('[data-testid="record-event"]')].map((e) => e.dataset.id),
				text: document.querySelector('[data-testid="record-page"]').innerText,
			}))()`))
			if err != nil {
				t.Fatal(err)
			}
			return pg
		}
		pg := read(ncb)
		if strings.Join(pg.Scripts, ",") != "Latin,Cyrillic,Arabic" || pg.Bidi != 3 || len(pg.Events) != 1 || pg.Events[0] != arrest.ID {
			t.Fatalf("the person's page shows %+v", pg)
		}
		if !strings.Contains(pg.Who, "Who can read this: your agency (MoI Skopje) and every agency of Albania.") ||
			!strings.Contains(pg.Text, "Skopje nightclubs") || !strings.Contains(pg.Text, "+389 70 123 456") || !strings.Contains(pg.Text, "not to be passed on") {
			t.Fatalf("the person's page says:\n%s\n%s", pg.Who, pg.Text)
		}
		axeClean(t, ncb, "a person on a desktop")
		lang(ncb, "ar", "rtl")
		do(t, ncb, "the page in Arabic", chromedp.WaitVisible(css(`[data-testid="record-handling"] h2`)))
		if h2 := text(ncb, `[data-testid="record-handling"] h2`); h2 != "المعالجة والمشاركة" {
			t.Fatalf("the handling title in Arabic is %q", h2)
		}
		pg = read(ncb)
		if pg.Bidi != 3 || !strings.Contains(pg.Text, "+389 70 123 456") {
			t.Fatalf("in Arabic the page shows %+v", pg)
		}
		// The phone number is isolated left to right, not reordered.
		if n, err := chromedp.Run(ncb, chromedp.Evaluate[int](`[...document.querySelectorAll('[data-testid="record-identifiers"] bdi[dir="ltr"]')].filter((e) => e.textContent === "+389 70 123 456").length`)); err != nil || n != 1 {
			t.Fatalf("the phone is not isolated left to right (%d, %v)", n, err)
		}
		axeClean(t, ncb, "a person in Arabic on a desktop")
		do(t, ncb, "the page in Arabic on a phone", phone)
		narrow(ncb, "a person in Arabic")
		axeClean(t, ncb, "a person in Arabic on a phone")
		lang(ncb, "en", "ltr")
		do(t, ncb, "back to a desktop", desktop)
		do(t, officer, "the shared person on a phone",
			chromedp.Navigate(m.URL+"/records/persons/"+p.ID),
			chromedp.WaitVisible(testid("record-case")),
			chromedp.WaitVisible(testid("who-can-read")),
		)
		who := text(officer, `[data-testid="who-can-read"]`)
		if !strings.Contains(who, "MoI Skopje (North Macedonia) and every agency of Albania") {
			t.Fatalf("the reader is told %q", who)
		}
		if n, _ := chromedp.Run(officer, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="record-edit"]').length`)); n != 0 {
			t.Fatal("a reader who does not own the record is offered to edit it")
		}
		narrow(officer, "a person")
		axeClean(t, officer, "a person on a phone")
	})

	t.Run("ErrNotShared", func(t *testing.T) {
		for _, id := range []string{hidden.ID, meridian.NewID()} {
			do(t, officer, "open a record not shared",
				chromedp.Navigate(m.URL+"/records/persons/"+id),
				chromedp.WaitVisible(testid("record-not-found")),
			)
			body := text(officer, "main")
			if !strings.Contains(body, "Not found, or not shared with you") || strings.Contains(body, "Marija") || strings.Contains(body, "MoI Skopje") ||
				strings.Contains(body, "Who can read") {
				t.Fatalf("a record not shared shows:\n%s", body)
			}
			if n, _ := chromedp.Run(officer, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="record-handling"], [data-testid="record-events"], [data-testid="record-cases"]').length`)); n != 0 {
				t.Fatalf("a record not shared shows %d panels", n)
			}
		}
		narrow(officer, "a record not shared")
		axeClean(t, officer, "a record not shared on a phone")
	})

	t.Run("CreateEditView", func(t *testing.T) {
		do(t, ncb, "a new person on a phone",
			phone,
			chromedp.Navigate(m.URL+"/records/new/persons"),
			chromedp.WaitVisible(testid("record-form")),
			choose(`[data-testid="field-role"]`, "witness"),
			chromedp.SendKeys(testid("field-names[0].full"), "Ana Petrovska"),
			chromedp.Click(testid("name-add")),
			chromedp.WaitVisible(testid("field-names[1].full")),
			chromedp.SendKeys(testid("field-names[1].full"), "Ана Петровска"),
			chromedp.SendKeys(testid("field-birth_date"), "1990-13-45"),
			choose(`[data-testid="nationalities-pick"]`, "MK"),
			chromedp.Click(testid("nationalities-add")),
			chromedp.Click(testid("field-release-scope-listed")),
			chromedp.WaitVisible(testid("release-countries-pick")),
			choose(`[data-testid="release-countries-pick"]`, "AL"),
			chromedp.Click(testid("release-countries-add")),
			chromedp.WaitVisible(css(`[data-testid="who-will-see"][data-scope="listed"]`)),
		)
		if who := text(ncb, `[data-testid="who-will-see"]`); !strings.Contains(who, "every agency of Albania") {
			t.Fatalf("the release editor says %q", who)
		}
		narrow(ncb, "the new person form")
		axeClean(t, ncb, "the new person form on a phone")
		lang(ncb, "fr", "ltr")
		do(t, ncb, "a date that does not exist is refused at its field, in French",
			chromedp.Click(testid("record-submit")),
			chromedp.WaitVisible(testid("error-birth_date")),
		)
		if msg := text(ncb, `[data-testid="error-birth_date"]`); !strings.Contains(msg, "AAAA-MM-JJ") {
			t.Fatalf("the refusal of the date says %q", msg)
		}
		axeClean(t, ncb, "the refused form in French on a phone")
		lang(ncb, "en", "ltr")
		do(t, ncb, "correct the date and create",
			empty(`[data-testid="field-birth_date"]`),
			chromedp.SendKeys(testid("field-birth_date"), "1990-01-02"),
			chromedp.Click(testid("record-submit")),
			chromedp.WaitVisible(testid("record-page")),
			chromedp.WaitVisible(testid("record-name")),
		)
		id, err := chromedp.Run(ncb, chromedp.Evaluate[string](`document.querySelector('[data-testid="record-page"]').dataset.id`))
		if err != nil || id == "" {
			t.Fatalf("no record page after create (%v)", err)
		}
		var got meridian.Person
		owner.must(200, "GET", "/api/v1/persons/"+id, nil).decode(t, &got)
		if got.Role != meridian.RoleWitness || len(got.Names) != 2 || got.Names[1].Full != "Ана Петровска" || got.BirthDate != "1990-01-02" ||
			got.Release.Scope != meridian.ScopeListed || strings.Join(got.Release.Countries, ",") != "AL" || got.OwnerAgency != mk.ID || got.Version != 1 {
			t.Fatalf("stored %+v", got)
		}
		do(t, ncb, "edit on a desktop: the second name",
			desktop,
			chromedp.Click(testid("record-edit")),
			chromedp.WaitVisible(testid("field-names[1].full")),
			empty(`[data-testid="field-names[1].full"]`),
			chromedp.SendKeys(testid("field-names[1].full"), "Ana Petrovski"),
			chromedp.Click(testid("field-release-scope-owner")),
			chromedp.WaitVisible(css(`[data-testid="who-will-see"][data-scope="owner"]`)),
		)
		axeClean(t, ncb, "the edit form on a desktop")
		do(t, ncb, "save",
			chromedp.Click(testid("record-submit")),
			chromedp.WaitVisible(testid("record-page")),
			chromedp.WaitVisible(css(`[data-testid="who-can-read"][data-scope="owner"]`)),
		)
		if names := text(ncb, `[data-testid="record-names"]`); !strings.Contains(names, "Ana Petrovski") {
			t.Fatalf("after the edit the names are %q", names)
		}
		owner.must(200, "GET", "/api/v1/persons/"+id, nil).decode(t, &got)
		if got.Version != 2 || got.Names[1].Full != "Ana Petrovski" || got.Release.Scope != meridian.ScopeOwner || got.BirthDate != "1990-01-02" {
			t.Fatalf("after the edit %+v", got)
		}
		do(t, ncb, "add a document she holds, from her page",
			chromedp.Click(testid("record-add-document")),
			chromedp.WaitVisible(testid("field-number")),
			chromedp.SendKeys(testid("field-number"), "A7654321"),
			choose(`[data-testid="field-issuing_state"]`, "MK"),
			chromedp.Click(testid("record-submit")),
			chromedp.WaitVisible(css(`[data-testid="record-page"][data-kind="documents"]`)),
			chromedp.Click(testid("record-holder")),
			chromedp.WaitVisible(css(`[data-testid="record-page"][data-kind="persons"]`)),
			chromedp.WaitVisible(css(`[data-testid="record-documents"] a`)),
		)
		if docs := text(ncb, `[data-testid="record-documents"]`); !strings.Contains(docs, "A7654321") {
			t.Fatalf("the documents held read %q", docs)
		}
	})

	t.Run("Import", func(t *testing.T) {
		dir := t.TempDir()
		broken := filepath.Join(dir, "broken.csv")
		good := filepath.Join(dir, "good.csv")
		header := "kind,ref,category,name,aliases,birth_date,sex,nationalities,doc_number,doc_state,doc_type,doc_status\n"
		if err := os.WriteFile(broken, []byte(header+"person,MK-W-2,wanted,Ilir Kola,,1984-02-11,M,AL,,,,\nperson,MK-W-3,wanted,Bad Date,,1990-13-45,M,MK,,,,\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(good, []byte(header+"person,MK-W-2,wanted,Ilir Kola,Илир Кола,1984-02-11,M,AL,,,,\ndocument,MK-D-1,,,,,,,AB1234567,MK,passport,stolen\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		do(t, ncb, "a broken line is named with its column",
			chromedp.Navigate(m.URL+"/records/import"),
			chromedp.WaitVisible(testid("import-form")),
			chromedp.SetUploadFiles(testid("import-file"), []string{broken}),
			chromedp.Click(testid("import-submit")),
			chromedp.WaitVisible(css(`[data-testid="import-report"][data-verdict="refused"]`)),
			chromedp.WaitVisible(css(`[data-testid="import-line"][data-line="3"][data-field="birth_date"]`)),
		)
		if line := text(ncb, `[data-testid="import-line"]`); !strings.Contains(line, "Line 3") || !strings.Contains(line, "YYYY") {
			t.Fatalf("the broken line reads %q", line)
		}
		axeClean(t, ncb, "the refused import on a desktop")
		var l list[meridian.WatchPerson]
		owner.must(200, "GET", "/api/v1/watchlist/persons", nil).decode(t, &l)
		if len(l.Items) != 0 {
			t.Fatalf("a refused file stored %d entries", len(l.Items))
		}
		do(t, ncb, "the report on a phone", phone)
		narrow(ncb, "the refused import")
		axeClean(t, ncb, "the refused import on a phone")
		do(t, ncb, "a good file is imported",
			chromedp.SetUploadFiles(testid("import-file"), []string{good}),
			chromedp.Click(testid("field-release-scope-listed")),
			choose(`[data-testid="release-countries-pick"]`, "AL"),
			chromedp.Click(testid("release-countries-add")),
			chromedp.Click(testid("import-submit")),
			chromedp.WaitVisible(css(`[data-testid="import-report"][data-verdict="imported"]`)),
		)
		owner.must(200, "GET", "/api/v1/watchlist/persons", nil).decode(t, &l)
		if len(l.Items) != 1 || l.Items[0].Release.Scope != meridian.ScopeListed || len(l.Items[0].Names) != 2 {
			t.Fatalf("imported %+v", l.Items)
		}
		do(t, officer, "the listed person, shared with Albania, on a phone",
			chromedp.Navigate(m.URL+"/records/watch-persons/"+l.Items[0].ID),
			chromedp.WaitVisible(testid("record-page")),
		)
		narrow(officer, "a listed person")
		axeClean(t, officer, "a listed person on a phone")
	})
}
