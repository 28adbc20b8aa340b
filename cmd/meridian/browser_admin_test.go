package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"meridian"
)

var (
	phoneView   = chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)
	desktopView = chromedp.EmulateViewport(1280, 900)
)

// bothViews checks the page as it stands on a phone (no sideways scroll)
// and on a desktop, with axe-core in each, and leaves the desktop view;
// ready is what must be visible once the page has laid out again.
func bothViews(t *testing.T, ctx context.Context, what string, ready chromedp.CSS) {
	t.Helper()
	do(t, ctx, what+" on a phone", phoneView, chromedp.WaitVisible(ready))
	fitsPhone(t, ctx, what)
	axeClean(t, ctx, what+" (phone)")
	do(t, ctx, what+" on a desktop", desktopView, chromedp.WaitVisible(ready))
	axeClean(t, ctx, what+" (desktop)")
}

func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(css(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// TestBrowserAdminOperations drives screens 4 and 5 of issue 11: an
// administrator creates the national central bureau of North Macedonia on
// the agencies screen and renames it; the coordinator of the lead agency
// creates an operation, invites North Macedonia, plans a regional unit
// (a wrong country code is refused at its field) and a deployment, and
// activates it; in another browser, on a phone, the NCB accepts the
// invitation; the coordinator sees North Macedonia take part, then closes
// the operation. Every screen passes axe-core on a phone and a desktop.
func TestBrowserAdminOperations(t *testing.T) {
	bctx := browser(t)
	m := MustRunMain(t, Config{})
	const password = "correct horse battery"
	lead := mustAgency(t, m, "FR", "INTERPOL operational coordination")
	mustUser(t, m, lead, "admin.fr", password, meridian.RoleAdmin)
	mustUser(t, m, lead, "coord.fr", password, meridian.RoleCoordinator)

	admin := session(t, bctx)
	coord := session(t, bctx)
	ncb := session(t, bctx)

	var ncbAgency *meridian.Agency
	t.Run("Agencies", func(t *testing.T) {
		login(t, admin, m.URL, "admin.fr", password)
		do(t, admin, "open the agencies screen",
			chromedp.Click(testid("nav-main-agencies")),
			chromedp.WaitVisible(testid("agency-create")),
			chromedp.WaitReady(css(`[data-testid="field-country"] option[value="MK"]`)),
		)
		bothViews(t, admin, "the agencies screen", testid("agency-create"))
		do(t, admin, "a missing name is refused at its field",
			choose(`[data-testid="field-country"]`, "MK"),
			choose(`[data-testid="field-kind"]`, "ncb"),
			chromedp.Click(testid("agency-create-submit")),
			chromedp.WaitVisible(testid("error-name")),
		)
		do(t, admin, "create the NCB",
			chromedp.SendKeys(testid("field-name"), "NCB Skopj"),
			chromedp.Click(testid("agency-create-submit")),
			chromedp.WaitVisible(css(`[data-testid="agency-row"][data-name="NCB Skopj"]`)),
		)
		row := `[data-testid="agency-row"][data-name="NCB Skopj"]`
		do(t, admin, "rename it",
			chromedp.Click(css(row+` [data-testid="agency-edit-open"]`)),
			chromedp.WaitVisible(testid("field-edit.name")),
			empty(`[data-testid="field-edit.name"]`),
			chromedp.SendKeys(testid("field-edit.name"), "NCB Skopje"),
			chromedp.Click(testid("agency-save")),
			chromedp.WaitVisible(css(`[data-testid="agency-row"][data-name="NCB Skopje"]`)),
		)
		as, _, err := m.DB.FindAgencies(sys(), meridian.AgencyFilter{Country: "MK", Kind: meridian.AgencyNCB})
		if err != nil || len(as) != 1 || as[0].Name != "NCB Skopje" {
			t.Fatalf("agencies of MK: %+v (%v)", as, err)
		}
		ncbAgency = as[0]
		// The users screen is the administrator's too.
		do(t, admin, "open the users screen", chromedp.Click(testid("nav-main-users")), chromedp.WaitVisible(testid("user-create")))
		bothViews(t, admin, "the users screen", testid("user-create"))
		do(t, admin, "find an account",
			chromedp.SendKeys(testid("user-filter"), "coordinator"),
			chromedp.WaitNotPresent(css(`[data-testid="user-row"][data-username="admin.fr"]`)),
			chromedp.WaitVisible(css(`[data-testid="user-row"][data-username="coord.fr"]`)),
		)
	})
	mustUser(t, m, ncbAgency, "ncb.mk", password, meridian.RoleNCB)

	var opID string
	t.Run("CreateAndInvite", func(t *testing.T) {
		login(t, coord, m.URL, "coord.fr", password)
		do(t, coord, "create an operation",
			chromedp.Click(testid("nav-main-manage")),
			chromedp.WaitVisible(testid("operation-create")),
		)
		bothViews(t, coord, "the operations administration", testid("operation-create"))
		do(t, coord, "create Liberterra III",
			chromedp.SendKeys(testid("field-name"), "Liberterra III"),
			chromedp.SetValue(testid("field-start"), "2026-09-28"),
			chromedp.SetValue(testid("field-end"), "2026-10-04"),
			chromedp.Evaluate[chromedp.Void](`for (const id of ["field-start", "field-end"]) document.querySelector('[data-testid="' + id + '"]').dispatchEvent(new Event("input", { bubbles: true }))`),
			chromedp.Click(testid("operation-create-submit")),
			chromedp.WaitVisible(css(`[data-testid="manage-operation"][data-status="planned"]`)),
		)
		var err error
		if opID, err = chromedp.Run(coord, chromedp.Evaluate[string](`location.pathname.split("/").pop()`)); err != nil || opID == "" {
			t.Fatalf("operation id %q (%v)", opID, err)
		}
		do(t, coord, "invite North Macedonia",
			choose(`[data-testid="invite-kind"]`, "country"),
			chromedp.WaitReady(css(`[data-testid="invite-value"] option[value="MK"]`)),
			choose(`[data-testid="invite-value"]`, "MK"),
			chromedp.Click(testid("invite-submit")),
			chromedp.WaitVisible(css(`[data-testid="participant"][data-kind="country"][data-value="MK"][data-status="invited"]`)),
		)
		do(t, coord, "a unit with a wrong country code is refused at its field",
			chromedp.Click(testid("unit-add")),
			chromedp.SendKeys(testid("field-units[0].name"), "South Eastern Europe"),
			chromedp.SendKeys(testid("field-units[0].countries"), "MK, XK1"),
			chromedp.Click(testid("deployment-add")),
			chromedp.SendKeys(testid("field-deployments[0].name"), "Tabanovce border crossing"),
			choose(`[data-testid="field-deployments[0].country"]`, "MK"),
			chromedp.SendKeys(testid("field-deployments[0].lat"), "42.21"),
			chromedp.SendKeys(testid("field-deployments[0].lon"), "21.70"),
			chromedp.Click(testid("operation-save")),
			chromedp.WaitVisible(testid("error-units-0-countries")),
		)
		if msg := textOf(t, coord, `[data-testid="error-units-0-countries"]`); !strings.Contains(msg, "“XK1” is not a country code") {
			t.Fatalf("unit error %q", msg)
		}
		do(t, coord, "correct and save the plan",
			empty(`[data-testid="field-units[0].countries"]`),
			chromedp.SendKeys(testid("field-units[0].countries"), "mk, al"),
			chromedp.Click(testid("operation-save")),
			chromedp.WaitVisible(testid("operation-saved")),
		)
		bothViews(t, coord, "an operation's administration", testid("participants"))
		do(t, coord, "activate", chromedp.Click(testid("operation-activate")),
			chromedp.WaitVisible(css(`[data-testid="manage-operation"][data-status="active"]`)))
		op, err := m.DB.FindOperationByID(sys(), opID)
		if err != nil || op.Status != meridian.OperationActive || len(op.Units) != 1 || strings.Join(op.Units[0].Countries, ",") != "MK,AL" ||
			len(op.Deployments) != 1 || op.Deployments[0].Kind != meridian.DeployBorderPoint || op.Deployments[0].Lat != 42.21 {
			t.Fatalf("operation as stored: %+v (%v)", op, err)
		}
	})

	t.Run("NotTheBureau", func(t *testing.T) {
		// An NCB officer of North Macedonia's police, not of its bureau,
		// sees the country's invitation but is told whose it is.
		police := mustAgency(t, m, "MK", "MoI Skopje")
		mustUser(t, m, police, "ncb.police.mk", password, meridian.RoleNCB)
		other := session(t, bctx)
		login(t, other, m.URL, "ncb.police.mk", password)
		do(t, other, "open the invitations",
			chromedp.Click(testid("nav-main-invitations")),
			chromedp.WaitVisible(css(fmt.Sprintf(`[data-testid="invitation"][data-operation=%q] [data-testid="invitation-not-yours"]`, opID))),
			chromedp.WaitNotPresent(testid("invitation-accept")),
		)
	})

	t.Run("NCBAccepts", func(t *testing.T) {
		do(t, ncb, "phone screen", phoneView)
		login(t, ncb, m.URL, "ncb.mk", password)
		do(t, ncb, "open the invitations",
			chromedp.Tap(testid("nav-main-invitations")),
			chromedp.WaitVisible(css(fmt.Sprintf(`[data-testid="invitation"][data-operation=%q][data-value="MK"]`, opID))),
		)
		bothViews(t, ncb, "the invitations", testid("invitation"))
		// In Arabic, right to left, as the bureau may work.
		do(t, ncb, "switch to Arabic", choose(`[data-testid="lang"]`, "ar"), chromedp.WaitVisible(css(`html[lang="ar"][dir="rtl"]`)))
		bothViews(t, ncb, "the invitations in Arabic", testid("invitation"))
		do(t, ncb, "phone screen again", phoneView)
		do(t, ncb, "accept",
			chromedp.Tap(testid("invitation-accept")),
			chromedp.WaitVisible(testid("invitation-accepted")),
			chromedp.WaitNotPresent(testid("invitation")),
		)
		op, err := m.DB.FindOperationByID(sys(), opID)
		if err != nil || strings.Join(op.Countries, ",") != "MK" {
			t.Fatalf("countries after acceptance: %+v (%v)", op, err)
		}
	})

	t.Run("CoordinatorSeesAndCloses", func(t *testing.T) {
		do(t, coord, "North Macedonia takes part",
			chromedp.Reload(),
			chromedp.WaitVisible(css(`[data-testid="participant"][data-kind="country"][data-value="MK"][data-status="accepted"]`)),
		)
		do(t, coord, "close",
			chromedp.Click(testid("operation-close")),
			chromedp.WaitVisible(testid("operation-close-confirm")),
			chromedp.Click(testid("operation-close-confirm")),
			chromedp.WaitVisible(css(`[data-testid="manage-operation"][data-status="closed"]`)),
			chromedp.WaitNotPresent(testid("invite-form")),
		)
	})
}

// TestBrowserAdminRulesAndAudit drives screens 7 and 5 of issue 11: an
// analyst working in French writes a rule whose expression does not
// compile (the error is shown at the field, in French), corrects it and
// dry-runs the draft over the messages already received, which lists the
// traveller it would have flagged, then saves it; an administrator finds
// on the audit log who read a person record and why, and has the log
// verified. A user without the roles sees none of these entries, and each
// page opened by its address says why it shows nothing.
func TestBrowserAdminRulesAndAudit(t *testing.T) {
	bctx := browser(t)
	m := MustRunMain(t, Config{})
	const password = "correct horse battery"
	border := mustAgency(t, m, "MK", "Border police Skopje")
	interpol := mustAgency(t, m, "FR", "INTERPOL General Secretariat")
	mustUser(t, m, border, "analyst.mk", password, meridian.RoleAnalyst)
	mustUser(t, m, border, "officer.mk", password, meridian.RoleOfficer)
	mustUser(t, m, interpol, "overseer", password, meridian.RoleAdmin)
	cBorder := &client{t, m.URL, mustToken(t, m, border, "border.api", meridian.RoleOfficer)}
	cReader := &client{t, m.URL, mustToken(t, m, border, "reader.mk", meridian.RoleOfficer)}

	if r := cBorder.postManifest("", paxlst(t, "TK", "1001",
		traveller("ANA", "PETROVSKA", "1990-01-02", "F", "MK", "A1234567", ""),
		traveller("ILIR", "KOLA", "1984-02-11", "M", "AL", "BC9998887", ""))); r.status != 201 {
		t.Fatalf("ingest: %d %s", r.status, r.body)
	}
	var person meridian.Person
	cBorder.must(201, "POST", "/api/v1/persons", map[string]any{"role": "suspect", "names": []map[string]any{{"full": "Dragan Petrović"}}}).decode(t, &person)
	cReader.must(200, "GET", "/api/v1/persons/"+person.ID, nil)

	analyst := session(t, bctx)
	t.Run("RuleInFrench", func(t *testing.T) {
		login(t, analyst, m.URL, "analyst.mk", password)
		do(t, analyst, "switch to French", choose(`[data-testid="lang"]`, "fr"), chromedp.WaitVisible(css(`html[lang="fr"]`)))
		do(t, analyst, "open the rules",
			chromedp.Click(testid("nav-main-rules")),
			chromedp.WaitVisible(testid("rules")),
			chromedp.WaitVisible(testid("rule-row")), // the default rules
		)
		bothViews(t, analyst, "the rules", testid("rule-row"))
		do(t, analyst, "write a rule that does not compile",
			chromedp.Click(testid("rule-new")),
			chromedp.WaitVisible(testid("rule-form")),
			chromedp.SendKeys(testid("field-name"), "Voyageur KOLA"),
			chromedp.SendKeys(testid("field-expression"), `traveller.family == `),
			chromedp.Click(testid("rule-save")),
			chromedp.WaitVisible(testid("error-expression")),
		)
		if msg := textOf(t, analyst, `[data-testid="error-expression"]`); !strings.Contains(msg, "Ligne 1, colonne") || !strings.Contains(msg, "ne se compile pas") {
			t.Fatalf("compile error shown %q", msg)
		}
		bothViews(t, analyst, "a rule's editor with an error", testid("error-expression"))
		do(t, analyst, "correct it and dry-run the draft",
			empty(`[data-testid="field-expression"]`),
			chromedp.SendKeys(testid("field-expression"), `traveller.family == "KOLA"`),
			chromedp.Click(testid("dry-run")),
			chromedp.WaitVisible(css(`[data-testid="dry-result"][data-flagged="1"]`)),
			chromedp.WaitVisible(css(`[data-testid="dry-flag"][data-name="ILIR KOLA"]`)),
			chromedp.WaitNotPresent(testid("error-expression")),
		)
		bothViews(t, analyst, "a rule's dry run", testid("dry-flag"))
		do(t, analyst, "save it and dry-run the version saved",
			chromedp.Click(testid("rule-save")),
			chromedp.WaitVisible(css(`[data-testid="rule-version"][data-version="1"]`)),
			chromedp.Click(css(`[data-testid="rule-version"][data-version="1"] [data-testid="version-dry-run"]`)),
			chromedp.WaitVisible(css(`[data-testid="dry-result"][data-version="1"][data-flagged="1"]`)),
		)
		// Edited: a reason that gives a number, not a sentence, is refused
		// at its field; corrected, it is version 2.
		do(t, analyst, "edit the saved rule with a wrong reason",
			chromedp.SendKeys(testid("field-reason"), `traveller.age`),
			chromedp.Click(testid("rule-save")),
			chromedp.WaitVisible(testid("error-reason")),
		)
		if msg := textOf(t, analyst, `[data-testid="error-reason"]`); !strings.Contains(msg, "Ligne 1, colonne 1") {
			t.Fatalf("reason error shown %q", msg)
		}
		do(t, analyst, "correct the reason",
			empty(`[data-testid="field-reason"]`),
			chromedp.SendKeys(testid("field-reason"), `"voyage sous le nom " + traveller.family`),
			chromedp.SendKeys(testid("field-note"), "motif lisible"),
			chromedp.Click(testid("rule-save")),
			chromedp.WaitVisible(testid("rule-saved")),
			chromedp.WaitVisible(css(`[data-testid="rule-version"][data-version="2"]`)),
			chromedp.WaitNotPresent(testid("error-reason")),
		)
	})

	admin := session(t, bctx)
	t.Run("OverseerFindsWhoRead", func(t *testing.T) {
		login(t, admin, m.URL, "overseer", password)
		do(t, admin, "open the audit log",
			chromedp.Click(testid("nav-main-audit")),
			chromedp.WaitVisible(testid("audit-filters")),
			chromedp.WaitVisible(testid("audit-entry")),
			chromedp.SendKeys(testid("audit-record"), person.ID),
			choose(`[data-testid="audit-action"]`, "read"),
			chromedp.Click(testid("audit-search")),
			chromedp.WaitVisible(css(`[data-testid="audit-entry"][data-action="read"][data-username="reader.mk"]`)),
			// The unfiltered page may hold that entry too: wait for the
			// filtered answer to replace it (it never does if the filter
			// does not narrow, and the test fails).
			chromedp.Poll[chromedp.Void](`document.querySelectorAll('[data-testid="audit-entry"]').length === 1`),
		)
		n, err := chromedp.Run(admin, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="audit-entry"]').length`))
		if err != nil || n != 1 {
			t.Fatalf("%d entries of reads of the person (%v)", n, err)
		}
		if why := textOf(t, admin, `[data-testid="audit-entry"] [data-testid="audit-purpose"]`); why != "end-to-end test" {
			t.Fatalf("purpose shown %q", why)
		}
		do(t, admin, "verify the log",
			chromedp.Click(testid("audit-verify")),
			chromedp.WaitVisible(css(`[data-testid="audit-verify-result"][data-ok="true"]`)),
		)
		if size := textOf(t, admin, `[data-testid="audit-tree-size"]`); size == "" || size == "0" {
			t.Fatalf("tree size shown %q", size)
		}
		bothViews(t, admin, "the audit log", testid("audit-verify-result"))
		do(t, admin, "switch to Arabic", choose(`[data-testid="lang"]`, "ar"), chromedp.WaitVisible(css(`html[lang="ar"][dir="rtl"]`)))
		bothViews(t, admin, "the audit log in Arabic", testid("audit-verify-result"))
		// The verification itself is on the record.
		es, _, err := m.DB.FindAuditEntries(sys(), meridian.AuditFilter{Action: "audit_verify"})
		if err != nil || len(es) != 1 || es[0].Username != "overseer" {
			t.Fatalf("audit_verify entries: %+v (%v)", es, err)
		}
	})

	officer := session(t, bctx)
	t.Run("NotForEveryone", func(t *testing.T) {
		login(t, officer, m.URL, "officer.mk", password)
		for _, entry := range []string{"manage", "invitations", "rules", "agencies", "audit", "users"} {
			if n, _ := chromedp.Run(officer, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll('[data-testid="nav-main-%s"]').length`, entry))); n != 0 {
				t.Errorf("an officer is offered %s", entry)
			}
		}
		for _, path := range []string{"/manage", "/invitations", "/rules", "/rules/new", "/agencies", "/audit"} {
			do(t, officer, "open "+path+" by its address",
				chromedp.Navigate(m.URL+path),
				chromedp.WaitVisible(testid("denied")),
			)
		}
		bothViews(t, officer, "a page the user's roles do not open", testid("denied"))
	})
}
