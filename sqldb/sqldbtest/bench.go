package sqldbtest

import (
	"testing"
	"time"

	"meridian"
	"meridian/sqldb"
)

// Bench measures the store's hot paths on one engine: an audited,
// outboxed write; an audited read through the releasability filter; and
// a page of 100 audited list results out of 10,000 records, a third of
// them hidden from the reader.
func Bench(b *testing.B, open Opener) {
	b.Run("CreatePerson", func(b *testing.B) {
		w := NewWorld(b, open(b))
		ctx := As(w.A)
		for b.Loop() {
			if err := w.DB.CreatePerson(ctx, w.NewPerson("Bench Person", meridian.Release{Scope: meridian.ScopeAll})); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("FindPersonByID", func(b *testing.B) {
		w := NewWorld(b, open(b))
		p := w.MustCreatePerson(b, w.A, "Bench Person", meridian.Release{Scope: meridian.ScopeAll})
		ctx := As(w.B)
		for b.Loop() {
			if _, err := w.DB.FindPersonByID(ctx, p.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("FindPersons100of10000", func(b *testing.B) {
		w := NewWorld(b, open(b))
		for i := range 10000 {
			r := meridian.Release{Scope: meridian.ScopeAll}
			if i%3 == 0 {
				r = meridian.Release{Scope: meridian.ScopeOwner}
			}
			w.MustCreatePerson(b, w.A, "Bench Person", r)
		}
		ctx := As(w.B)
		for b.Loop() {
			ps, _, err := w.DB.FindPersons(ctx, meridian.PersonFilter{Page: meridian.Page{Limit: 100}})
			if err != nil || len(ps) != 100 {
				b.Fatal(len(ps), err)
			}
		}
	})
	b.Run("OperationResults116Countries", func(b *testing.B) {
		db := open(b)
		op := liberterraShaped(b, db)
		ctx := Sys()
		for b.Loop() {
			r, err := db.OperationResults(ctx, op.ID)
			if err != nil || r.Countries != 116 {
				b.Fatal(err)
			}
		}
	})
}

// liberterraShaped builds an operation with the shape of Liberterra II's
// counters, which is what results cost depends on (not the totals): 116
// countries with three agencies each, every kind of report on every day in
// every country (each counter cell filled), and checks by every agency at
// three kinds of place on every day, persons and documents. Reports go
// through CreateEvent and checks through RecordChecks, as in service.
func liberterraShaped(b *testing.B, db *sqldb.DB) *meridian.Operation {
	b.Helper()
	var codes []string
	for _, c := range meridian.Countries() {
		if len(codes) < 116 && c.Region != "" {
			codes = append(codes, c.Alpha2)
		}
	}
	op := &meridian.Operation{Name: "Liberterra-shaped", Start: "2024-09-29", End: "2024-10-04", Status: meridian.OperationActive, Countries: codes}
	if err := db.CreateOperation(Sys(), op); err != nil {
		b.Fatal(err)
	}
	start := time.Date(2024, 9, 29, 10, 0, 0, 0, time.UTC)
	for _, code := range codes {
		var agencies []*meridian.Agency
		for _, kind := range []meridian.AgencyKind{meridian.AgencyPolice, meridian.AgencyBorder, meridian.AgencyNCB} {
			a := &meridian.Agency{Country: code, Kind: kind, Name: code + " " + string(kind)}
			if err := db.CreateAgency(Sys(), a); err != nil {
				b.Fatal(err)
			}
			agencies = append(agencies, a)
		}
		ctx := As(agencies[0])
		for day := range 6 {
			at := start.AddDate(0, 0, day)
			place := meridian.Place{Country: code}
			for _, e := range []*meridian.Event{
				{Type: meridian.EventRaid, Premises: "house"},
				{Type: meridian.EventArrest, Charges: []meridian.Charge{{Code: meridian.ChargeTHB}}},
				{Type: meridian.EventRescue, Victims: []meridian.VictimGroup{{Count: 2, Sex: "F", Exploitation: []string{meridian.ExploitSexual, meridian.ExploitForcedLabour}}}},
				{Type: meridian.EventMigrants, Migrants: []meridian.MigrantGroup{{Count: 5, Nationality: "SY"}}},
				{Type: meridian.EventInterception, Means: "vehicle"},
				{Type: meridian.EventFlight, Flight: &meridian.Flight{Carrier: "TK", Number: "1", From: "IST", To: "SKP"}},
			} {
				e.OccurredAt, e.Place = at, place
				e.Meta = meridian.Meta{OperationID: op.ID, Release: meridian.Release{Scope: meridian.ScopeAll}}
				if err := db.CreateEvent(ctx, e); err != nil {
					b.Fatal(err)
				}
			}
			for _, a := range agencies {
				for _, pk := range []string{"border_point", "airport", "raid"} {
					c := meridian.CheckContext{OperationID: op.ID, Country: code, PlaceKind: pk, At: at}
					recs := []meridian.CheckRecord{{Kind: "person", Query: "x"}, {Kind: "document", Query: "y"}}
					if err := db.RecordChecks(As(a), c, recs); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
	}
	return op
}
