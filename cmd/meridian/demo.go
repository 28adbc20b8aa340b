package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"meridian"
	"meridian/auth"
	"meridian/sqldb"
)

// loadDemo puts a small demo operation into an empty store: a few
// agencies, one user per role, and some reports, so that a first look at
// Meridian shows something. It does nothing when an operation exists.
func loadDemo(ctx context.Context, db *sqldb.DB, out io.Writer) error {
	sys := meridian.WithSubject(ctx, meridian.SystemSubject)
	ops, _, err := db.FindOperations(sys, meridian.OperationFilter{Page: meridian.Page{Limit: 1}})
	if err != nil || len(ops) > 0 {
		return err
	}
	type ag struct {
		country string
		kind    meridian.AgencyKind
		name    string
		user    string
		roles   []meridian.Role
	}
	agencies := []ag{
		{"MK", meridian.AgencyPolice, "North Macedonia Ministry of Interior", "officer.mk", []meridian.Role{meridian.RoleOfficer}},
		{"AL", meridian.AgencyNCB, "NCB Tirana", "ncb.al", []meridian.Role{meridian.RoleNCB, meridian.RoleAnalyst}},
		{"RS", meridian.AgencyBorder, "Serbia Border Police", "border.rs", []meridian.Role{meridian.RoleOfficer}},
		{"FR", meridian.AgencyInternational, "INTERPOL General Secretariat", "coordinator", []meridian.Role{meridian.RoleCoordinator, meridian.RoleAnalyst}},
		{"AT", meridian.AgencyInternational, "UNODC", "observer.unodc", []meridian.Role{meridian.RoleObserver}},
	}
	password := auth.NewPassword()
	ids := map[string]string{}
	var agencyIDs []string
	for _, a := range agencies {
		x := &meridian.Agency{Country: a.country, Kind: a.kind, Name: a.name}
		if err := db.CreateAgency(sys, x); err != nil {
			return err
		}
		u := &meridian.User{AgencyID: x.ID, Username: a.user, Name: a.name + " demo user", Roles: a.roles}
		if err := db.CreateUser(sys, u, password); err != nil {
			return err
		}
		ids[a.user] = x.ID
		agencyIDs = append(agencyIDs, x.ID)
	}
	o := &meridian.Operation{
		Name:        "Liberterra II (demo)",
		Description: "Demo operation against trafficking in human beings and migrant smuggling.",
		Start:       "2024-09-29", End: "2024-10-04", Status: meridian.OperationActive,
		Countries: []string{"MK", "AL", "RS", "FR", "CO", "UA"},
		Agencies:  agencyIDs[3:],
		Units:     []meridian.Unit{{Name: "OCU South Eastern Europe", Countries: []string{"MK", "AL", "RS"}, Agencies: agencyIDs[3:]}},
		Deployments: []meridian.Deployment{
			{Name: "Tabanovce border crossing", Kind: meridian.DeployBorderPoint, Country: "MK", Lat: 42.2167, Lon: 21.7, Start: "2024-09-29", End: "2024-10-04"},
			{Name: "Tirana airport", Kind: meridian.DeployAirport, Country: "AL", Lat: 41.4147, Lon: 19.7206, Start: "2024-09-29", End: "2024-10-04"},
		},
	}
	coord := meridian.WithSubject(ctx, &meridian.Subject{Username: "demo", AgencyID: ids["coordinator"], Country: "FR", Roles: []meridian.Role{meridian.RoleCoordinator}, Purpose: "demo"})
	if err := db.CreateOperation(coord, o); err != nil {
		return err
	}
	mk := meridian.WithSubject(ctx, &meridian.Subject{Username: "demo", AgencyID: ids["officer.mk"], Country: "MK", Roles: []meridian.Role{meridian.RoleOfficer}, Purpose: "demo"})
	all := &meridian.Release{Scope: meridian.ScopeAll}
	when := time.Date(2024, 10, 1, 5, 30, 0, 0, time.UTC)
	raid := &meridian.Event{Type: meridian.EventRaid, OccurredAt: when, Premises: "nightclub",
		Place: meridian.Place{Country: "MK", Name: "Skopje", Lat: 41.9981, Lon: 21.4254}, Outcome: "13 suspects arrested, 32 potential victims"}
	raid.Meta = meridian.Meta{OperationID: o.ID, TLP: meridian.TLPAmber, Release: *all}
	if err := db.CreateEvent(mk, raid); err != nil {
		return err
	}
	victim := &meridian.Person{Role: meridian.RoleVictim, Names: []meridian.Name{{Full: "Olena K."}}, Sex: "F", Nationalities: []string{"UA"},
		Victim: &meridian.Victim{Status: "presumed", Exploitation: []string{meridian.ExploitSexual}, ReferredTo: "national shelter"}}
	victim.Meta = meridian.Meta{OperationID: o.ID, TLP: meridian.TLPAmberStrict, Release: meridian.Release{Scope: meridian.ScopeOwner}}
	if err := db.CreatePerson(mk, victim); err != nil {
		return err
	}
	suspect := &meridian.Person{Role: meridian.RoleSuspect, Names: []meridian.Name{{Full: "Arben Hoxha"}, {Full: "Арбен Хоџа"}},
		BirthDate: "1979-03", Sex: "M", Nationalities: []string{"AL"},
		Identifiers: []meridian.Identifier{{Kind: meridian.IDPhone, Value: "+355 69 123 4567"}},
		Suspect:     &meridian.Suspect{ProcessRoles: []string{"recruiter", "exploiter"}}}
	suspect.Meta = meridian.Meta{OperationID: o.ID, TLP: meridian.TLPAmber, Release: meridian.Release{Scope: meridian.ScopeListed, Countries: []string{"AL", "RS"}}}
	if err := db.CreatePerson(mk, suspect); err != nil {
		return err
	}
	arrest := &meridian.Event{Type: meridian.EventArrest, OccurredAt: when.Add(time.Hour),
		Place:   meridian.Place{Country: "MK", Name: "Skopje"},
		Charges: []meridian.Charge{{Code: "trafficking_in_human_beings", LegalBasis: "Criminal Code art. 418-a"}, {Code: "money_laundering"}},
		Persons: []meridian.Involved{{PersonID: suspect.ID, Role: meridian.RoleSuspect}}}
	arrest.Meta = meridian.Meta{OperationID: o.ID, TLP: meridian.TLPAmber, Release: *all}
	if err := db.CreateEvent(mk, arrest); err != nil {
		return err
	}
	al := meridian.WithSubject(ctx, &meridian.Subject{Username: "demo", AgencyID: ids["ncb.al"], Country: "AL", Roles: []meridian.Role{meridian.RoleNCB}, Purpose: "demo"})
	for _, w := range []*meridian.WatchPerson{
		{Category: meridian.CategoryWanted, Names: []meridian.Name{{Full: "Arben Hoxha"}, {Full: "Арбен Хоџа"}}, BirthDate: "1979-03", Sex: "M", Nationalities: []string{"AL"},
			Documents: []meridian.DocRef{{Number: "BA1234567", IssuingState: "AL", Type: "passport"}}},
		{Category: meridian.CategoryMissing, Names: []meridian.Name{{Full: "Olena Kovalenko"}, {Full: "Олена Коваленко"}}, BirthDate: "2003-06-11", Sex: "F", Nationalities: []string{"UA"}},
		{Category: meridian.CategorySuspect, Names: []meridian.Name{{Full: "محمد عبد الله الحسن"}, {Full: "Mohammed Abdullah Al-Hassan"}}, BirthDate: "1985", Sex: "M", Nationalities: []string{"SY"}},
	} {
		w.Meta = meridian.Meta{OperationID: o.ID, TLP: meridian.TLPAmber, Release: meridian.Release{Scope: meridian.ScopeOwner}}
		if err := db.CreateWatchPerson(al, w); err != nil {
			return err
		}
	}
	stolen := &meridian.WatchDocument{Number: "MK0012345", IssuingState: "MK", Type: "passport", Status: "stolen"}
	stolen.Meta = meridian.Meta{OperationID: o.ID, Release: *all}
	if err := db.CreateWatchDocument(mk, stolen); err != nil {
		return err
	}
	fmt.Fprintf(out, "Demo operation %q loaded (%s).\n  demo users: officer.mk, ncb.al, border.rs, coordinator, observer.unodc\n  demo password (all of them): %s\n", o.Name, o.ID, password)
	return nil
}
