package policy

import (
	"testing"

	"meridian"
)

func TestHitFollowers(t *testing.T) {
	ncb := &meridian.Subject{UserID: "u1", AgencyID: "a", Roles: []meridian.Role{meridian.RoleNCB}}
	officer := &meridian.Subject{UserID: "u2", AgencyID: "a", Roles: []meridian.Role{meridian.RoleOfficer}}
	admin := &meridian.Subject{UserID: "u3", AgencyID: "a", Roles: []meridian.Role{meridian.RoleAdmin}}
	otherNCB := &meridian.Subject{UserID: "u4", AgencyID: "b", Roles: []meridian.Role{meridian.RoleNCB}}
	noAgency := &meridian.Subject{UserID: "u5", Roles: []meridian.Role{meridian.RoleNCB}}
	hitOnA := &meridian.Meta{OwnerAgency: "a", Release: meridian.Release{Scope: meridian.ScopeOwner}}

	for _, c := range []struct {
		name    string
		s       *meridian.Subject
		follows bool
		gets    bool
	}{
		{"the owner's NCB", ncb, true, true},
		{"an officer of the owner", officer, false, false},
		{"an administrator of the owner", admin, false, false},
		{"another agency's NCB", otherNCB, true, false},
		{"an NCB without an agency", noAgency, false, false},
		{"Meridian itself", meridian.SystemSubject, false, false},
		{"no one", nil, false, false},
	} {
		if got := CanFollowHits(c.s) == nil; got != c.follows {
			t.Errorf("%s follows hits: %v, want %v", c.name, got, c.follows)
		}
		if got := ReceivesHit(c.s, hitOnA); got != c.gets {
			t.Errorf("%s is told of a hit on a's record: %v, want %v", c.name, got, c.gets)
		}
	}
	if ReceivesHit(ncb, nil) || ReceivesHit(ncb, &meridian.Meta{}) {
		t.Error("a change without an owner reaches an NCB")
	}
}
