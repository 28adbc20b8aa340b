// Package sqldbtest is the store conformance suite: one set of tests that
// every engine (SQLite, PostgreSQL) must pass unchanged, so that the two
// stay the same store.
package sqldbtest

import (
	"context"
	"testing"
	"time"

	"meridian"
	"meridian/sqldb"
)

// Opener returns a fresh, empty, migrated store for one test.
type Opener func(tb testing.TB) *sqldb.DB

// World is a small set of agencies in two countries, one operation and a
// subject per agency, the cast most tests need.
type World struct {
	DB        *sqldb.DB
	Operation *meridian.Operation
	// A and A2 are agencies of country X (MK); B of country Y (AL); C of
	// country Z (RS), which does not take part in the operation.
	A, A2, B, C *meridian.Agency
}

// Sys is a context acting as Meridian itself.
func Sys() context.Context {
	return meridian.WithSubject(context.Background(), meridian.SystemSubject)
}

// As returns a context for a user of agency a with the given roles.
func As(a *meridian.Agency, roles ...meridian.Role) context.Context {
	if len(roles) == 0 {
		roles = []meridian.Role{meridian.RoleOfficer}
	}
	return meridian.WithSubject(context.Background(), &meridian.Subject{
		UserID: "user-of-" + a.ID, Username: "u-" + a.Name, AgencyID: a.ID, Country: a.Country,
		Roles: roles, Purpose: "test", Addr: "192.0.2.1",
	})
}

// NewWorld builds a World in db.
func NewWorld(tb testing.TB, db *sqldb.DB) *World {
	tb.Helper()
	w := &World{DB: db}
	mk := func(country, name string) *meridian.Agency {
		a := &meridian.Agency{Country: country, Kind: meridian.AgencyPolice, Name: name}
		if err := db.CreateAgency(Sys(), a); err != nil {
			tb.Fatal(err)
		}
		return a
	}
	w.A, w.A2, w.B, w.C = mk("MK", "Agency A"), mk("MK", "Agency A2"), mk("AL", "Agency B"), mk("RS", "Agency C")
	w.Operation = &meridian.Operation{Name: "Test operation", Start: "2024-09-29", End: "2024-10-04",
		Status: meridian.OperationActive, Countries: []string{"MK", "AL"}}
	if err := db.CreateOperation(Sys(), w.Operation); err != nil {
		tb.Fatal(err)
	}
	return w
}

// NewPerson returns a valid suspect marked with release r in the world's
// operation.
func (w *World) NewPerson(name string, r meridian.Release) *meridian.Person {
	p := &meridian.Person{Role: meridian.RoleSuspect, Names: []meridian.Name{{Full: name}}, BirthDate: "1980-05-01", Sex: "M",
		Nationalities: []string{"AL"}, Identifiers: []meridian.Identifier{{Kind: meridian.IDPhone, Value: "+389 70 123 456"}}}
	p.Meta = meridian.Meta{OperationID: w.Operation.ID, TLP: meridian.TLPAmber, Release: r}
	return p
}

// MustCreatePerson creates a person as a user of agency a.
func (w *World) MustCreatePerson(tb testing.TB, a *meridian.Agency, name string, r meridian.Release) *meridian.Person {
	tb.Helper()
	p := w.NewPerson(name, r)
	if err := w.DB.CreatePerson(As(a), p); err != nil {
		tb.Fatal(err)
	}
	return p
}

// AuditCount returns the number of audit entries.
func AuditCount(tb testing.TB, db *sqldb.DB) int {
	tb.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM audit_entries`).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// AuditEvents returns the number of events the audit log records: an
// entry that folds n alike checks (times) counts n.
func AuditEvents(tb testing.TB, db *sqldb.DB) int {
	tb.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT COALESCE(SUM(CASE WHEN times > 1 THEN times ELSE 1 END), 0) FROM audit_entries`).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// Count returns the number of rows in a table.
func Count(tb testing.TB, db *sqldb.DB, table string) int {
	tb.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// Eventually polls cond until it holds or the time is up; the bound is a
// deadline for a test that would otherwise hang, not a speed assertion.
func Eventually(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Run runs the whole suite against the store open returns.
func Run(t *testing.T, open Opener) {
	t.Run("Persons", func(t *testing.T) { testPersons(t, open) })
	t.Run("Access", func(t *testing.T) { testAccess(t, open) })
	t.Run("AccessMatrix", func(t *testing.T) { testAccessMatrix(t, open) })
	t.Run("Validation", func(t *testing.T) { testValidation(t, open) })
	t.Run("Records", func(t *testing.T) { testRecords(t, open) })
	t.Run("Pagination", func(t *testing.T) { testPagination(t, open) })
	t.Run("Operations", func(t *testing.T) { testOperations(t, open) })
	t.Run("Users", func(t *testing.T) { testUsers(t, open) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, open) })
	t.Run("AuditTamper", func(t *testing.T) { testAuditTamper(t, open) })
	t.Run("AuditTree", func(t *testing.T) { testAuditTree(t, open) })
	t.Run("AuditList", func(t *testing.T) { testAuditList(t, open) })
	t.Run("PersonsJSON", func(t *testing.T) { testPersonsJSON(t, open) })
	t.Run("AuditFrontier", func(t *testing.T) { testAuditFrontier(t, open) })
	t.Run("AuditFilters", func(t *testing.T) { testAuditFilters(t, open) })
	t.Run("AgencyUpdate", func(t *testing.T) { testAgencyUpdate(t, open) })
	t.Run("GroupCommit", func(t *testing.T) { testGroupCommit(t, open) })
	t.Run("HitAudit", func(t *testing.T) { testHitAudit(t, open) })
	t.Run("Outbox", func(t *testing.T) { testOutbox(t, open) })
	t.Run("OutboxBatch", func(t *testing.T) { testOutboxBatch(t, open) })
	t.Run("HitBody", func(t *testing.T) { testHitBody(t, open) })
	t.Run("Screening", func(t *testing.T) { testScreening(t, open) })
	t.Run("Results", func(t *testing.T) { testResults(t, open) })
	t.Run("AnalysisEvents", func(t *testing.T) { testAnalysisEvents(t, open) })
	t.Run("Rules", func(t *testing.T) { testRules(t, open) })
	t.Run("ParkedWork", func(t *testing.T) { testParkedWork(t, open) })
	t.Run("Keys", func(t *testing.T) { testKeys(t, open) })
	t.Run("Links", func(t *testing.T) { testLinks(t, open) })
	t.Run("PendingLinks", func(t *testing.T) { testPendingLinks(t, open) })
	t.Run("Timeline", func(t *testing.T) { testTimeline(t, open) })
}
