package sqldbtest

import (
	"context"
	"slices"
	"testing"
	"time"

	"meridian"
	"meridian/policy"
)

func mustKind(tb testing.TB, err error, want meridian.ErrorKind) {
	tb.Helper()
	if got := meridian.KindOf(err); got != want {
		tb.Fatalf("error kind = %q (%v), want %q", got, err, want)
	}
}

func testPersons(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	ctx := As(w.A)
	p := w.NewPerson("Ivan Petrović", meridian.Release{Scope: meridian.ScopeOwner})
	p.Names = append(p.Names, meridian.Name{Full: "Иван Петровић"})

	t.Run("Create", func(t *testing.T) {
		if err := db.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		if !meridian.IsID(p.ID) || p.OwnerAgency != w.A.ID || p.OwnerCountry != "MK" || p.Version != 1 {
			t.Fatalf("meta not set by the store: %+v", p.Meta)
		}
		if p.CreatedBy != "user-of-"+w.A.ID || p.CreatedAt.IsZero() || p.RetentionReview == "" {
			t.Fatalf("created by/at or retention not set: %+v", p.Meta)
		}
		if p.Identifiers[0].Norm != "+38970123456" {
			t.Fatalf("phone not normalised: %q", p.Identifiers[0].Norm)
		}
		if p.Names[1].Kind != meridian.NameAlias {
			t.Fatalf("second name kind = %q, want alias", p.Names[1].Kind)
		}
	})
	t.Run("OwnerIsCaller", func(t *testing.T) {
		q := w.NewPerson("Someone", meridian.Release{Scope: meridian.ScopeOwner})
		q.OwnerAgency = w.B.ID // a client cannot choose the owner
		if err := db.CreatePerson(ctx, q); err != nil {
			t.Fatal(err)
		}
		if q.OwnerAgency != w.A.ID {
			t.Fatalf("owner = %s, want the caller's agency", q.OwnerAgency)
		}
	})
	t.Run("Find", func(t *testing.T) {
		got, err := db.FindPersonByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.PrimaryName() != "Ivan Petrović" || got.Names[1].Full != "Иван Петровић" || got.BirthDate != "1980-05-01" {
			t.Fatalf("round trip lost data: %+v", got)
		}
		if !got.CreatedAt.Equal(p.CreatedAt) {
			t.Fatalf("created_at %v != %v", got.CreatedAt, p.CreatedAt)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := db.FindPersonByID(ctx, meridian.NewID())
		mustKind(t, err, meridian.ENotFound)
		_, err = db.FindPersonByID(ctx, "not-an-id")
		mustKind(t, err, meridian.ENotFound)
	})
	t.Run("Update", func(t *testing.T) {
		got, _ := db.FindPersonByID(ctx, p.ID)
		got.Sex = "F"
		if err := db.UpdatePerson(ctx, got); err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || got.CreatedAt != p.CreatedAt {
			t.Fatalf("version %d created %v", got.Version, got.CreatedAt)
		}
		again, _ := db.FindPersonByID(ctx, p.ID)
		if again.Sex != "F" || again.Version != 2 {
			t.Fatalf("update not stored: %+v", again)
		}
	})
	t.Run("ErrConflict", func(t *testing.T) {
		stale, _ := db.FindPersonByID(ctx, p.ID)
		stale.Version = 1
		mustKind(t, db.UpdatePerson(ctx, stale), meridian.EConflict)
	})
	t.Run("Delete", func(t *testing.T) {
		if err := db.DeletePerson(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		_, err := db.FindPersonByID(ctx, p.ID)
		mustKind(t, err, meridian.ENotFound)
		mustKind(t, db.DeletePerson(ctx, p.ID), meridian.ENotFound)
	})
	t.Run("ErrUnauthenticated", func(t *testing.T) {
		_, err := db.FindPersonByID(context.Background(), meridian.NewID())
		mustKind(t, err, meridian.EUnauthenticated)
	})
}

func ids[T any](xs []*T, id func(*T) string) []string {
	var out []string
	for _, x := range xs {
		out = append(out, id(x))
	}
	return out
}

func personIDs(ps []*meridian.Person) []string {
	return ids(ps, func(p *meridian.Person) string { return p.ID })
}

func testAccess(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	p := w.MustCreatePerson(t, w.A, "Owner Only", meridian.Release{Scope: meridian.ScopeOwner})

	t.Run("OtherAgencyNotFound", func(t *testing.T) {
		for _, a := range []*meridian.Agency{w.A2, w.B, w.C} {
			_, err := db.FindPersonByID(As(a), p.ID)
			mustKind(t, err, meridian.ENotFound)
			list, _, err := db.FindPersons(As(a), meridian.PersonFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if slices.Contains(personIDs(list), p.ID) {
				t.Fatalf("agency %s lists an owner-only person", a.Name)
			}
		}
	})
	t.Run("ModifyUnseenIsNotFound", func(t *testing.T) {
		q := *p
		mustKind(t, db.UpdatePerson(As(w.B), &q), meridian.ENotFound)
		mustKind(t, db.DeletePerson(As(w.B), p.ID), meridian.ENotFound)
	})
	t.Run("ReleaseToCountry", func(t *testing.T) {
		cur, err := db.FindPersonByID(As(w.A), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.Release = meridian.Release{Scope: meridian.ScopeListed, Countries: []string{"AL"}}
		if err := db.UpdatePerson(As(w.A), cur); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindPersonByID(As(w.B), p.ID); err != nil {
			t.Fatalf("listed country cannot read: %v", err)
		}
		_, err = db.FindPersonByID(As(w.A2), p.ID)
		mustKind(t, err, meridian.ENotFound)
	})
	t.Run("ErrForbiddenForNonOwner", func(t *testing.T) {
		cur, err := db.FindPersonByID(As(w.B), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.Sex = "F"
		mustKind(t, db.UpdatePerson(As(w.B), cur), meridian.EForbidden)
		mustKind(t, db.DeletePerson(As(w.B), p.ID), meridian.EForbidden)
	})
	t.Run("AdminSeesNoRecords", func(t *testing.T) {
		_, err := db.FindPersonByID(As(w.A, meridian.RoleAdmin), p.ID)
		mustKind(t, err, meridian.ENotFound)
	})
	t.Run("ObserverCannotWrite", func(t *testing.T) {
		q := w.NewPerson("X", meridian.Release{Scope: meridian.ScopeOwner})
		mustKind(t, db.CreatePerson(As(w.A, meridian.RoleObserver), q), meridian.EForbidden)
	})
}

// testAccessMatrix checks, for every role, releasability, own or other
// agency and same or other country, that the store's answers (find and
// list) agree with policy.CanRead, and that CanRead gives the answer the
// rules promise.
func testAccessMatrix(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	type rel struct {
		name string
		r    meridian.Release
	}
	rels := []rel{
		{"owner", meridian.Release{Scope: meridian.ScopeOwner}},
		{"listed-country-Y", meridian.Release{Scope: meridian.ScopeListed, Countries: []string{"AL"}}},
		{"listed-country-X", meridian.Release{Scope: meridian.ScopeListed, Countries: []string{"MK"}}},
		{"listed-agency-B", meridian.Release{Scope: meridian.ScopeListed, Agencies: []string{w.B.ID}}},
		{"all", meridian.Release{Scope: meridian.ScopeAll}},
	}
	type viewer struct {
		name    string
		a       *meridian.Agency
		own     bool
		country string
	}
	viewers := []viewer{
		{"own-agency", w.A, true, "same"},
		{"other-agency-same-country", w.A2, false, "same"},
		{"other-agency-other-country", w.B, false, "other"},
		{"non-participant-country", w.C, false, "other"},
	}
	participation := w.Operation.Participation()
	for _, r := range rels {
		p := w.MustCreatePerson(t, w.A, "Matrix "+r.name, r.r)
		for _, v := range viewers {
			for _, role := range meridian.Roles {
				name := r.name + "/" + v.name + "/" + string(role)
				t.Run(name, func(t *testing.T) {
					ctx := As(v.a, role)
					subj := meridian.SubjectFrom(ctx)
					want := policy.CanRead(subj, &p.Meta, participation)
					// The rule, spelled out independently of policy.
					reads := role != meridian.RoleAdmin
					expect := reads && (v.own ||
						(r.name == "listed-country-Y" && v.a == w.B) ||
						(r.name == "listed-country-X" && (v.a == w.A2)) ||
						(r.name == "listed-agency-B" && v.a == w.B) ||
						(r.name == "all" && (v.a == w.A2 || v.a == w.B)))
					if want != expect {
						t.Fatalf("policy.CanRead = %v, rules say %v", want, expect)
					}
					_, err := db.FindPersonByID(ctx, p.ID)
					if got := err == nil; got != want {
						t.Fatalf("find: visible = %v (%v), policy says %v", got, err, want)
					}
					if err != nil {
						mustKind(t, err, meridian.ENotFound)
					}
					list, _, err := db.FindPersons(ctx, meridian.PersonFilter{Page: meridian.Page{Limit: 1000}})
					if err != nil {
						t.Fatal(err)
					}
					if got := slices.Contains(personIDs(list), p.ID); got != want {
						t.Fatalf("list: visible = %v, policy says %v", got, want)
					}
				})
			}
		}
	}
}

func testValidation(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	ctx := As(w.A)
	before := Count(t, db, "records")
	beforeAudit := AuditCount(t, db)
	beforeOutbox := Count(t, db, "outbox")
	cases := []struct {
		name  string
		edit  func(p *meridian.Person)
		field string
	}{
		{"NoName", func(p *meridian.Person) { p.Names = nil }, "names"},
		{"BlankName", func(p *meridian.Person) { p.Names[0].Full = "   " }, "names[0].full"},
		{"BadUTF8", func(p *meridian.Person) { p.Names[0].Full = "ab\xffcd" }, "names[0].full"},
		{"BadDate", func(p *meridian.Person) { p.BirthDate = "1980-02-30" }, "birth_date"},
		{"BadCountry", func(p *meridian.Person) { p.Nationalities = []string{"XX"} }, "nationalities[0]"},
		{"BadPhone", func(p *meridian.Person) { p.Identifiers[0].Value = "0123" }, "identifiers[0].value"},
		{"BadRole", func(p *meridian.Person) { p.Role = "villain" }, "role"},
		{"VictimDetailsOnSuspect", func(p *meridian.Person) { p.Victim = &meridian.Victim{} }, "victim"},
		{"BadTLP", func(p *meridian.Person) { p.TLP = "PURPLE" }, "tlp"},
		{"RedToCountry", func(p *meridian.Person) {
			p.TLP = meridian.TLPRed
			p.Release = meridian.Release{Scope: meridian.ScopeListed, Countries: []string{"AL"}}
		}, "release"},
		{"ListedEmpty", func(p *meridian.Person) { p.Release = meridian.Release{Scope: meridian.ScopeListed} }, "release"},
		{"UnknownAgency", func(p *meridian.Person) {
			p.Release = meridian.Release{Scope: meridian.ScopeListed, Agencies: []string{meridian.NewID()}}
		}, "release.agencies[0]"},
		{"UnknownOperation", func(p *meridian.Person) { p.OperationID = meridian.NewID() }, "operation_id"},
		{"AllWithoutOperation", func(p *meridian.Person) {
			p.OperationID = ""
			p.Release = meridian.Release{Scope: meridian.ScopeAll}
		}, "release.scope"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := w.NewPerson("Valid Name", meridian.Release{Scope: meridian.ScopeOwner})
			tc.edit(p)
			err := db.CreatePerson(ctx, p)
			mustKind(t, err, meridian.EInvalid)
			var fields []string
			for _, f := range meridian.FieldErrors(err) {
				fields = append(fields, f.Field)
			}
			if !slices.Contains(fields, tc.field) {
				t.Fatalf("error %v names fields %v, want %q", err, fields, tc.field)
			}
		})
	}
	t.Run("NothingStored", func(t *testing.T) {
		if n := Count(t, db, "records"); n != before {
			t.Fatalf("records %d -> %d after rejected input", before, n)
		}
		if n := AuditCount(t, db); n != beforeAudit {
			t.Fatalf("audit entries %d -> %d after rejected input", beforeAudit, n)
		}
		if n := Count(t, db, "outbox"); n != beforeOutbox {
			t.Fatalf("outbox %d -> %d after rejected input", beforeOutbox, n)
		}
	})
}

func testRecords(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	ctx := As(w.A)
	all := meridian.Release{Scope: meridian.ScopeAll}
	victim := &meridian.Person{Role: meridian.RoleVictim, Names: []meridian.Name{{Full: "Ana"}}, Sex: "F",
		Victim: &meridian.Victim{Status: "presumed", Exploitation: []string{meridian.ExploitOnlineFraud}}}
	victim.Meta = meridian.Meta{OperationID: w.Operation.ID, Release: all}
	if err := db.CreatePerson(ctx, victim); err != nil {
		t.Fatal(err)
	}
	suspect := w.MustCreatePerson(t, w.A, "Boris", all)
	secret := w.MustCreatePerson(t, w.B, "Hidden", meridian.Release{Scope: meridian.ScopeOwner})

	t.Run("Document", func(t *testing.T) {
		d := &meridian.Document{Type: "passport", Number: "ab-12 34o", IssuingState: "AL", Status: "stolen", PersonID: suspect.ID}
		d.Meta = meridian.Meta{OperationID: w.Operation.ID, Release: all}
		if err := db.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
		if d.NumberNorm != "AB12340" {
			t.Fatalf("number norm %q", d.NumberNorm)
		}
		got, _, err := db.FindDocuments(As(w.B), meridian.DocumentFilter{Number: "AB 1234 0"})
		if err != nil || len(got) != 1 || got[0].ID != d.ID {
			t.Fatalf("find by number: %v %v", got, err)
		}
		mustKind(t, db.DeletePerson(ctx, suspect.ID), meridian.EConflict)
	})
	t.Run("DocumentOfUnseenPerson", func(t *testing.T) {
		d := &meridian.Document{Type: "passport", Number: "X1", IssuingState: "AL", PersonID: secret.ID}
		err := db.CreateDocument(ctx, d)
		mustKind(t, err, meridian.EInvalid)
		if meridian.FieldOf(err) != "person_id" {
			t.Fatalf("field %q", meridian.FieldOf(err))
		}
	})
	t.Run("Arrest", func(t *testing.T) {
		e := &meridian.Event{Type: meridian.EventArrest, OccurredAt: time.Date(2024, 10, 1, 10, 0, 0, 0, time.UTC),
			Place:   meridian.Place{Country: "MK", Name: "Skopje"},
			Charges: []meridian.Charge{{Code: "trafficking_in_human_beings", LegalBasis: "CC 418-a"}},
			Persons: []meridian.Involved{{PersonID: suspect.ID, Role: meridian.RoleSuspect}}}
		e.Meta = meridian.Meta{OperationID: w.Operation.ID, Release: all}
		if err := db.CreateEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
		list, _, err := db.FindEvents(As(w.B), meridian.EventFilter{Type: meridian.EventArrest})
		if err != nil || len(list) != 1 {
			t.Fatalf("events: %v %v", list, err)
		}
	})
	t.Run("VictimNeverArrested", func(t *testing.T) {
		for _, role := range []meridian.PersonRole{meridian.RoleSuspect, meridian.RoleWitness} {
			e := &meridian.Event{Type: meridian.EventArrest, OccurredAt: time.Date(2024, 10, 1, 10, 0, 0, 0, time.UTC),
				Place:   meridian.Place{Country: "MK"},
				Charges: []meridian.Charge{{Code: "other"}},
				Persons: []meridian.Involved{{PersonID: victim.ID, Role: role}}}
			err := db.CreateEvent(ctx, e)
			mustKind(t, err, meridian.EInvalid)
			if meridian.FieldOf(err) != "persons[0].role" {
				t.Fatalf("field %q (%v)", meridian.FieldOf(err), err)
			}
		}
		// Nor can a person already named a suspect become a victim record.
		cur, _ := db.FindPersonByID(ctx, suspect.ID)
		cur.Role, cur.Suspect, cur.Victim = meridian.RoleVictim, nil, &meridian.Victim{}
		mustKind(t, db.UpdatePerson(ctx, cur), meridian.EInvalid)
	})
	t.Run("Rescue", func(t *testing.T) {
		e := &meridian.Event{Type: meridian.EventRescue, OccurredAt: time.Date(2024, 10, 1, 10, 0, 0, 0, time.UTC),
			Place: meridian.Place{Country: "MK"}, Persons: []meridian.Involved{{PersonID: victim.ID, Role: meridian.RoleVictim}},
			Victims: []meridian.VictimGroup{{Count: 1, Sex: "F", PersonID: victim.ID}}}
		if err := db.CreateEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("VictimStaysVictim", func(t *testing.T) {
		// A victim record's role never changes, and a rescue links no
		// suspect (non-punishment principle; issue 9, finding 4).
		cur, err := db.FindPersonByID(ctx, victim.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.Role, cur.Victim = meridian.RoleSuspect, nil
		err = db.UpdatePerson(ctx, cur)
		mustKind(t, err, meridian.EInvalid)
		if meridian.FieldOf(err) != "role" {
			t.Fatalf("field %q (%v)", meridian.FieldOf(err), err)
		}
		e := &meridian.Event{Type: meridian.EventRescue, OccurredAt: time.Date(2024, 10, 1, 10, 0, 0, 0, time.UTC),
			Place: meridian.Place{Country: "MK"}, Victims: []meridian.VictimGroup{{Count: 1, Sex: "M", PersonID: suspect.ID}}}
		err = db.CreateEvent(ctx, e)
		mustKind(t, err, meridian.EInvalid)
		if meridian.FieldOf(err) != "victims[0].person_id" {
			t.Fatalf("field %q (%v)", meridian.FieldOf(err), err)
		}
	})
	t.Run("VictimRace", func(t *testing.T) {
		// A witness recognised as a victim while another writer arrests
		// them: one of the two may win, never both.
		for i := range 10 {
			w := &meridian.Person{Role: meridian.RoleWitness, Names: []meridian.Name{{Full: "Witness"}}}
			w.Meta.Release = meridian.Release{Scope: meridian.ScopeOwner}
			if err := db.CreatePerson(ctx, w); err != nil {
				t.Fatal(err)
			}
			recognised := *w
			recognised.Role, recognised.Victim = meridian.RoleVictim, &meridian.Victim{Status: "presumed"}
			arrest := &meridian.Event{Type: meridian.EventArrest, OccurredAt: time.Date(2024, 10, 1, 10, 0, 0, 0, time.UTC),
				Place: meridian.Place{Country: "MK"}, Charges: []meridian.Charge{{Code: "other"}},
				Persons: []meridian.Involved{{PersonID: w.ID, Role: meridian.RoleSuspect}}}
			errs := make(chan error, 2)
			go func() { errs <- db.UpdatePerson(ctx, &recognised) }()
			go func() { errs <- db.CreateEvent(ctx, arrest) }()
			e1, e2 := <-errs, <-errs
			if e1 == nil && e2 == nil {
				t.Fatalf("round %d: the witness became a victim and was arrested", i)
			}
		}
	})
	t.Run("Case", func(t *testing.T) {
		c := &meridian.Case{Title: "Skopje nightclub network", Countries: []string{"MK", "AL"}, Records: []string{suspect.ID, victim.ID}}
		c.Meta = meridian.Meta{OperationID: w.Operation.ID, Release: meridian.Release{Scope: meridian.ScopeListed, Countries: []string{"AL"}}}
		if err := db.CreateCase(ctx, c); err != nil {
			t.Fatal(err)
		}
		if c.Status != "open" {
			t.Fatalf("status %q", c.Status)
		}
		got, err := db.FindCaseByID(As(w.B), c.ID)
		if err != nil || len(got.Records) != 2 {
			t.Fatalf("case: %+v %v", got, err)
		}
		bad := &meridian.Case{Title: "x", Records: []string{secret.ID}}
		err = db.CreateCase(ctx, bad)
		mustKind(t, err, meridian.EInvalid)
	})
}

func testPagination(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	var want []string
	for i := range 7 {
		p := w.MustCreatePerson(t, w.A, "Page "+string(rune('A'+i)), meridian.Release{Scope: meridian.ScopeAll})
		want = append(want, p.ID)
	}
	w.MustCreatePerson(t, w.B, "Invisible", meridian.Release{Scope: meridian.ScopeOwner})
	var got []string
	cursor := ""
	pages := 0
	for {
		list, next, err := db.FindPersons(As(w.A2), meridian.PersonFilter{Page: meridian.Page{Cursor: cursor, Limit: 3}})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, personIDs(list)...)
		pages++
		if next == "" {
			break
		}
		cursor = next
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("pages gave %v, want %v", got, want)
	}
	_, _, err := db.FindPersons(As(w.A), meridian.PersonFilter{Page: meridian.Page{Cursor: "garbage"}})
	mustKind(t, err, meridian.EInvalid)
}

func testOperations(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	t.Run("ErrForbidden", func(t *testing.T) {
		o := &meridian.Operation{Name: "x", Start: "2024-01-01", End: "2024-01-02"}
		mustKind(t, db.CreateOperation(As(w.A), o), meridian.EForbidden)
	})
	t.Run("Update", func(t *testing.T) {
		ctx := As(w.A, meridian.RoleCoordinator)
		o := &meridian.Operation{Name: "Led by A", Start: "2024-09-29", End: "2024-10-04", Countries: []string{"AL"}}
		if err := db.CreateOperation(ctx, o); err != nil {
			t.Fatal(err)
		}
		if o.LeadAgency != w.A.ID || len(o.Countries) != 0 || !slices.Equal(o.Agencies, []string{w.A.ID}) {
			t.Fatalf("created %+v: want led by A, AL only invited", o)
		}
		o.Units = []meridian.Unit{{Name: "OCU SEE", Countries: []string{"MK", "AL", "RS"}, Agencies: []string{w.C.ID}}}
		if err := db.UpdateOperation(ctx, o); err != nil {
			t.Fatal(err)
		}
		// Participants and the lead do not change by replacing the operation.
		o.Countries = append(o.Countries, "RS")
		mustKind(t, db.UpdateOperation(ctx, o), meridian.EInvalid)
		o.Countries, o.LeadAgency = nil, w.C.ID
		mustKind(t, db.UpdateOperation(ctx, o), meridian.EInvalid)
		o.LeadAgency = ""
		// Only the lead's coordinators change it.
		mustKind(t, db.UpdateOperation(As(w.C, meridian.RoleCoordinator), o), meridian.EForbidden)
		if _, err := db.InviteParticipant(As(w.C, meridian.RoleCoordinator), o.ID, meridian.ParticipantAgency, w.C.ID); meridian.KindOf(err) != meridian.EForbidden {
			t.Fatalf("a non-lead invites itself: %v", err)
		}
		if _, err := db.InviteParticipant(ctx, o.ID, meridian.ParticipantAgency, w.C.ID); err != nil {
			t.Fatal(err)
		}
		if p, err := db.Participation(ctx, o.ID); err != nil || p.Has(w.C.ID, "RS") {
			t.Fatalf("invited is not taking part: %+v %v", p, err)
		}
		if _, err := db.AcceptInvitation(As(w.B, meridian.RoleCoordinator), o.ID, meridian.ParticipantAgency, w.C.ID); meridian.KindOf(err) != meridian.EForbidden {
			t.Fatalf("accepted by another agency: %v", err)
		}
		if _, err := db.AcceptInvitation(As(w.C, meridian.RoleCoordinator), o.ID, meridian.ParticipantAgency, w.C.ID); err != nil {
			t.Fatal(err)
		}
		if p, err := db.Participation(ctx, o.ID); err != nil || !p.Has(w.C.ID, "RS") {
			t.Fatalf("participation %+v %v", p, err)
		}
		if _, err := db.RemoveParticipant(ctx, o.ID, meridian.ParticipantAgency, w.C.ID); err != nil {
			t.Fatal(err)
		}
		if p, err := db.Participation(ctx, o.ID); err != nil || p.Has(w.C.ID, "RS") {
			t.Fatalf("removed still takes part: %+v %v", p, err)
		}
		o.Version = 1
		mustKind(t, db.UpdateOperation(ctx, o), meridian.EConflict)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		o := &meridian.Operation{Name: "x", Start: "2024-02-01", End: "2024-01-01", Countries: []string{"ZZ"}}
		err := db.CreateOperation(Sys(), o)
		mustKind(t, err, meridian.EInvalid)
		if len(meridian.FieldErrors(err)) < 2 {
			t.Fatalf("want end and countries[0] named: %v", err)
		}
	})
	t.Run("List", func(t *testing.T) {
		// C (RS) takes part in neither: it sees names and periods only.
		list, _, err := db.FindOperations(As(w.C), meridian.OperationFilter{})
		if err != nil || len(list) != 2 || !list[0].Summary || !list[1].Summary || list[0].Countries != nil || list[0].Name == "" {
			t.Fatalf("%+v %v", list, err)
		}
		o, err := db.FindOperationByID(As(w.B), w.Operation.ID)
		if err != nil || o.Summary || !slices.Equal(o.Countries, []string{"MK", "AL"}) {
			t.Fatalf("a participant sees the whole operation: %+v %v", o, err)
		}
	})
}
