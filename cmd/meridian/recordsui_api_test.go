package main

import (
	"strings"
	"testing"

	"meridian"
	"meridian/postgres/pgtest"
)

// onBothStores runs a test against the embedded store and PostgreSQL
// (skipped without MERIDIAN_TEST_POSTGRES).
func onBothStores(t *testing.T, test func(t *testing.T, cfg Config)) {
	t.Run("SQLite", func(t *testing.T) { test(t, Config{}) })
	t.Run("PostgreSQL", func(t *testing.T) { test(t, Config{Postgres: pgtest.NewDatabase(t)}) })
}

// TestRecordAppearsIn: a record's page asks for the events a person is
// involved in and the cases that link a record. The lists hold exactly
// what the caller may read (the owner's unshared event stays hidden from
// another agency, even when asked for by the person's id) and each list
// is audited naming every record it showed.
func TestRecordAppearsIn(t *testing.T) { onBothStores(t, testRecordAppearsIn) }

func testRecordAppearsIn(t *testing.T, cfg Config) {
	m := MustRunMain(t, cfg)
	mk := mustAgency(t, m, "MK", "MoI Skopje")
	al := mustAgency(t, m, "AL", "State Police Tirana")
	owner := &client{t, m.URL, mustToken(t, m, mk, "owner.mk", meridian.RoleOfficer)}
	other := &client{t, m.URL, mustToken(t, m, al, "officer.al", meridian.RoleOfficer)}
	op := &meridian.Operation{Name: "Appears in", Start: "2024-09-29", End: "2024-10-04", Status: meridian.OperationActive, Countries: []string{"MK", "AL"}}
	if err := m.DB.CreateOperation(sys(), op); err != nil {
		t.Fatal(err)
	}
	shared := map[string]any{"scope": "listed", "countries": []string{"AL"}}
	var p, q struct{ ID string }
	owner.must(201, "POST", "/api/v1/persons", personBody("Dragan Petrović", shared)).decode(t, &p)
	owner.must(201, "POST", "/api/v1/persons", personBody("Someone Else", shared)).decode(t, &q)
	event := func(person string, release map[string]any) string {
		var e struct{ ID string }
		owner.must(201, "POST", "/api/v1/events", map[string]any{"type": "arrest", "operation_id": op.ID, "occurred_at": "2024-10-01T05:00:00Z", "charges": []map[string]any{{"code": "trafficking_in_human_beings"}},
			"place": map[string]any{"country": "MK"}, "persons": []map[string]any{{"person_id": person, "role": "suspect"}}, "release": release}).decode(t, &e)
		return e.ID
	}
	sharedEvent := event(p.ID, shared)
	hiddenEvent := event(p.ID, map[string]any{"scope": "owner"})
	event(q.ID, shared)
	var c struct{ ID string }
	owner.must(201, "POST", "/api/v1/cases", map[string]any{"title": "Skopje nightclubs", "records": []string{p.ID, sharedEvent}, "release": shared}).decode(t, &c)
	owner.must(201, "POST", "/api/v1/cases", map[string]any{"title": "Unrelated", "records": []string{q.ID}, "release": shared})

	t.Run("OK", func(t *testing.T) {
		if got := listIDs(t, owner.must(200, "GET", "/api/v1/events?person_id="+p.ID, nil)); len(got) != 2 || !contains(got, sharedEvent) || !contains(got, hiddenEvent) {
			t.Fatalf("owner's events of the person: %v", got)
		}
		if got := listIDs(t, owner.must(200, "GET", "/api/v1/cases?record_id="+p.ID, nil)); len(got) != 1 || got[0] != c.ID {
			t.Fatalf("cases of the person: %v, want %s", got, c.ID)
		}
		if got := listIDs(t, owner.must(200, "GET", "/api/v1/cases?record_id="+sharedEvent, nil)); len(got) != 1 || got[0] != c.ID {
			t.Fatalf("cases of the event: %v", got)
		}
	})
	t.Run("OnlyWhatIsShared", func(t *testing.T) {
		if got := listIDs(t, other.must(200, "GET", "/api/v1/events?person_id="+p.ID, nil)); len(got) != 1 || got[0] != sharedEvent {
			t.Fatalf("the other agency's events of the person: %v, want only %s", got, sharedEvent)
		}
		if got := listIDs(t, other.must(200, "GET", "/api/v1/events?person_id="+meridian.NewID(), nil)); len(got) != 0 {
			t.Fatalf("events of an unknown person: %v", got)
		}
	})
	t.Run("Audited", func(t *testing.T) {
		entries, _, err := m.DB.FindAuditEntries(sys(), meridian.AuditFilter{RecordID: sharedEvent})
		if err != nil {
			t.Fatal(err)
		}
		listed := 0
		for _, e := range entries {
			if e.Action == meridian.AuditList && e.Username == "officer.al" {
				listed++
			}
		}
		if listed == 0 {
			t.Fatalf("the other agency's list naming %s is not audited: %+v", sharedEvent, entries)
		}
	})
}

// importReport is the answer of POST /watchlist/imports.
type importReport struct {
	Imported bool   `json:"imported"`
	DryRun   bool   `json:"dry_run"`
	ImportID string `json:"import_id"`
	Entries  int    `json:"entries"`
	Stopped  string `json:"stopped"`
	Errors   []struct {
		Line    int    `json:"line"`
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
}

const importHeader = "kind,ref,category,name,aliases,birth_date,sex,nationalities,doc_number,doc_state,doc_type,doc_status\n"

// TestWatchlistImportHTTP: the browser's import. A file with a broken line
// is refused whole with that line's error named by its column; a good
// file is stored, marked as asked, and screened; a dry run stores
// nothing; a wrong marking is one error at its field; an observer may not
// import at all.
func TestWatchlistImportHTTP(t *testing.T) { onBothStores(t, testWatchlistImportHTTP) }

func testWatchlistImportHTTP(t *testing.T, cfg Config) {
	m := MustRunMain(t, cfg)
	mk := mustAgency(t, m, "MK", "MoI Skopje")
	ncb := &client{t, m.URL, mustToken(t, m, mk, "ncb.mk", meridian.RoleNCB)}
	observer := &client{t, m.URL, mustToken(t, m, mk, "observer.mk", meridian.RoleObserver)}
	good := importHeader +
		"person,MK-W-1,wanted,Dragan Petrović,Драган Петровић,1975-02-14,M,RS;MK,,,,\n" +
		"document,MK-D-1,,,,,,,AB1234567,MK,passport,stolen\n"
	broken := importHeader +
		"person,MK-W-2,wanted,Ana Petrovska,,1990-01-02,F,MK,,,,\n" +
		"person,MK-W-3,wanted,Bad Date,,1990-13-45,M,MK,,,,\n"
	count := func() int {
		return len(listIDs(t, ncb.must(200, "GET", "/api/v1/watchlist/persons", nil)))
	}

	t.Run("ErrBrokenLine", func(t *testing.T) {
		var rep importReport
		ncb.must(200, "POST", "/api/v1/watchlist/imports", map[string]any{"format": "csv", "content": broken}).decode(t, &rep)
		if rep.Imported || len(rep.Errors) != 1 || rep.Errors[0].Line != 3 || rep.Errors[0].Field != "birth_date" {
			t.Fatalf("report %+v: want line 3 birth_date refused", rep)
		}
		if n := count(); n != 0 {
			t.Fatalf("%d entries stored from a refused file", n)
		}
	})
	t.Run("DryRun", func(t *testing.T) {
		var rep importReport
		ncb.must(200, "POST", "/api/v1/watchlist/imports", map[string]any{"format": "csv", "content": good, "dry_run": true}).decode(t, &rep)
		if rep.Imported || !rep.DryRun || rep.Entries != 2 || len(rep.Errors) != 0 {
			t.Fatalf("dry run %+v", rep)
		}
		if n := count(); n != 0 {
			t.Fatalf("a dry run stored %d entries", n)
		}
	})
	t.Run("ErrMarking", func(t *testing.T) {
		r := ncb.do("POST", "/api/v1/watchlist/imports", map[string]any{"format": "csv", "content": good, "release": map[string]any{"scope": "all"}})
		mustProblem(t, r, 422, "body.release.scope")
		r = ncb.do("POST", "/api/v1/watchlist/imports", map[string]any{"format": "csv", "content": good, "tlp": "RED",
			"release": map[string]any{"scope": "listed", "countries": []string{"AL"}}})
		mustProblem(t, r, 422, "body.release")
		// An agency that does not exist is refused before any line is
		// read, at its field, not stored on every entry.
		r = ncb.do("POST", "/api/v1/watchlist/imports", map[string]any{"format": "csv", "content": good,
			"release": map[string]any{"scope": "listed", "agencies": []string{meridian.NewID()}}})
		mustProblem(t, r, 422, "body.release.agencies[0]")
		if n := count(); n != 0 {
			t.Fatalf("%d entries stored with a wrong marking", n)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		mustProblem(t, observer.do("POST", "/api/v1/watchlist/imports", map[string]any{"format": "csv", "content": good}), 403, "")
	})
	t.Run("ErrHeader", func(t *testing.T) {
		var rep importReport
		ncb.must(200, "POST", "/api/v1/watchlist/imports", map[string]any{"format": "csv", "content": "name,surname\nA,B\n"}).decode(t, &rep)
		if rep.Imported || rep.Stopped == "" {
			t.Fatalf("a wrong header: %+v", rep)
		}
	})
	t.Run("OK", func(t *testing.T) {
		var rep importReport
		ncb.must(200, "POST", "/api/v1/watchlist/imports", map[string]any{"format": "csv", "content": good, "tlp": "GREEN",
			"release": map[string]any{"scope": "listed", "countries": []string{"AL"}}}).decode(t, &rep)
		if !rep.Imported || rep.Entries != 2 || rep.ImportID == "" {
			t.Fatalf("report %+v", rep)
		}
		var l list[meridian.WatchPerson]
		ncb.must(200, "GET", "/api/v1/watchlist/persons", nil).decode(t, &l)
		if len(l.Items) != 1 || l.Items[0].TLP != meridian.TLPGreen || l.Items[0].Release.Scope != meridian.ScopeListed || l.Items[0].OwnerAgency != mk.ID {
			t.Fatalf("stored %+v", l.Items)
		}
		entries, _, err := m.DB.FindAuditEntries(sys(), meridian.AuditFilter{RecordID: l.Items[0].ID})
		if err != nil || len(entries) == 0 || entries[0].Action != meridian.AuditCreate || entries[0].Username != "ncb.mk" {
			t.Fatalf("the import's entry is not audited as created by ncb.mk: %+v (%v)", entries, err)
		}
		eventually(t, "the imported entry in the index", func() bool {
			var out checkResponse
			ncb.must(200, "POST", "/api/v1/checks/persons", map[string]any{"name": "Dragan Petrovic", "reason": "import test"}).decode(t, &out)
			return out.Results[0].Hit
		})
	})
	t.Run("FtM", func(t *testing.T) {
		ftm := `{"id":"ftm-1","schema":"Person","properties":{"name":["Lira Berisha"],"birthDate":["2010-06-01"]}}` + "\n" +
			`{"id":"ftm-2","schema":"Person","properties":{"birthDate":["2010-06-01"]}}` + "\n"
		var rep importReport
		ncb.must(200, "POST", "/api/v1/watchlist/imports", map[string]any{"format": "ftm", "category": "missing", "content": ftm}).decode(t, &rep)
		if rep.Imported || len(rep.Errors) == 0 || rep.Errors[0].Line != 2 || !strings.Contains(rep.Errors[0].Field+rep.Errors[0].Message, "name") {
			t.Fatalf("an FtM person without a name: %+v", rep)
		}
	})
}
