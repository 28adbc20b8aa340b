package policy_test

import (
	"testing"

	"meridian"
	"meridian/policy"
)

func subj(agency, country string, roles ...meridian.Role) *meridian.Subject {
	return &meridian.Subject{UserID: "u-" + agency, AgencyID: agency, Country: country, Roles: roles}
}

func TestCanRead(t *testing.T) {
	op := meridian.Participation{Countries: []string{"MK", "AL"}, Agencies: []string{"unodc"}}
	meta := func(r meridian.Release) *meridian.Meta {
		return &meridian.Meta{OwnerAgency: "a", OwnerCountry: "MK", OperationID: "op", Release: r}
	}
	owner := meridian.Release{Scope: meridian.ScopeOwner}
	for _, tc := range []struct {
		name string
		s    *meridian.Subject
		m    *meridian.Meta
		want bool
	}{
		{"OwnerReads", subj("a", "MK", meridian.RoleOfficer), meta(owner), true},
		{"OwnerAdminDoesNot", subj("a", "MK", meridian.RoleAdmin), meta(owner), false},
		{"SameCountryOwnerOnly", subj("a2", "MK", meridian.RoleNCB), meta(owner), false},
		{"ListedCountry", subj("b", "AL", meridian.RoleAnalyst), meta(meridian.Release{Scope: meridian.ScopeListed, Countries: []string{"AL"}}), true},
		{"ListedOtherCountry", subj("c", "RS", meridian.RoleAnalyst), meta(meridian.Release{Scope: meridian.ScopeListed, Countries: []string{"AL"}}), false},
		{"ListedAgency", subj("b", "AL", meridian.RoleObserver), meta(meridian.Release{Scope: meridian.ScopeListed, Agencies: []string{"b"}}), true},
		{"ListedAgencyNotCountry", subj("b2", "AL", meridian.RoleObserver), meta(meridian.Release{Scope: meridian.ScopeListed, Agencies: []string{"b"}}), false},
		{"AllParticipantCountry", subj("b", "AL", meridian.RoleProsecutor), meta(meridian.Release{Scope: meridian.ScopeAll}), true},
		{"AllParticipantAgency", subj("unodc", "AT", meridian.RoleObserver), meta(meridian.Release{Scope: meridian.ScopeAll}), true},
		{"AllNonParticipant", subj("c", "RS", meridian.RoleCoordinator), meta(meridian.Release{Scope: meridian.ScopeAll}), false},
		{"AllWithoutOperation", subj("b", "AL", meridian.RoleOfficer), &meridian.Meta{OwnerAgency: "a", Release: meridian.Release{Scope: meridian.ScopeAll}}, false},
		{"NoRoles", subj("a", "MK"), meta(owner), false},
		{"System", meridian.SystemSubject, meta(owner), true},
		{"Nil", nil, meta(owner), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := policy.CanRead(tc.s, tc.m, op); got != tc.want {
				t.Fatalf("CanRead = %v, want %v", got, tc.want)
			}
			// ReadScope must say the same thing in the form a store filters by.
			sc := policy.ReadScope(tc.s)
			if sc.None && tc.want {
				t.Fatal("ReadScope sees nothing where CanRead allows")
			}
		})
	}
}

func TestCanModify(t *testing.T) {
	m := &meridian.Meta{OwnerAgency: "a"}
	for _, tc := range []struct {
		name string
		s    *meridian.Subject
		ok   bool
	}{
		{"OK", subj("a", "MK", meridian.RoleOfficer), true},
		{"ErrForbiddenOtherAgency", subj("b", "AL", meridian.RoleCoordinator), false},
		{"ErrForbiddenObserver", subj("a", "MK", meridian.RoleObserver), false},
		{"ErrForbiddenAdmin", subj("a", "MK", meridian.RoleAdmin), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := policy.CanModify(tc.s, m)
			if (err == nil) != tc.ok {
				t.Fatalf("CanModify: %v, want ok=%v", err, tc.ok)
			}
			if err != nil && meridian.KindOf(err) != meridian.EForbidden {
				t.Fatalf("kind %s", meridian.KindOf(err))
			}
		})
	}
}

func TestAdministration(t *testing.T) {
	admin, coord, officer := subj("a", "MK", meridian.RoleAdmin), subj("a", "MK", meridian.RoleCoordinator), subj("a", "MK", meridian.RoleOfficer)
	if policy.CanManageAgencies(admin) != nil || policy.CanManageAgencies(coord) == nil {
		t.Fatal("agencies: admins only")
	}
	if policy.CanManageUsers(admin, false) != nil || policy.CanManageUsers(officer, false) == nil || policy.CanManageUsers(officer, true) != nil {
		t.Fatal("users: admins, or oneself for tokens")
	}
	if policy.CanCreateOperation(coord) != nil || policy.CanCreateOperation(officer) == nil || policy.CanCreateOperation(admin) == nil {
		t.Fatal("operations: coordinators start them, not admins")
	}
	op := &meridian.Operation{LeadAgency: "a"}
	if policy.CanManageOperation(coord, op) != nil || policy.CanManageOperation(subj("b", "MK", meridian.RoleCoordinator), op) == nil || policy.CanManageOperation(admin, op) == nil {
		t.Fatal("operations: the lead's coordinators change them")
	}
	if policy.CanCreate(officer, "person") != nil || policy.CanCreate(subj("a", "MK", meridian.RoleObserver), "person") == nil {
		t.Fatal("create: working roles, not observers")
	}
	if a := policy.ReadAudit(admin); !a.All {
		t.Fatal("admin reads the whole audit log")
	}
	if a := policy.ReadAudit(subj("a", "MK", meridian.RoleNCB)); a.All || a.Agency != "a" {
		t.Fatalf("ncb: %+v", a)
	}
	if a := policy.ReadAudit(officer); a.All || a.Agency != "" || a.User != "u-a" {
		t.Fatalf("officer: %+v", a)
	}
}
