package policy_test

import (
	"testing"

	"meridian"
	"meridian/policy"
)

func TestCaseAccess(t *testing.T) {
	pro := func(agency string) *meridian.Subject {
		return &meridian.Subject{UserID: "u-" + agency, AgencyID: agency, Roles: []meridian.Role{meridian.RoleProsecutor}}
	}
	admin := &meridian.Subject{UserID: "adm", AgencyID: "lead", Roles: []meridian.Role{meridian.RoleAdmin}}
	m := &meridian.Meta{OwnerAgency: "lead", Release: meridian.Release{Scope: meridian.ScopeOwner}}
	parts := []string{"part", "obs"}
	for _, tc := range []struct {
		s    *meridian.Subject
		want bool
	}{{pro("lead"), true}, {pro("part"), true}, {pro("obs"), true}, {pro("out"), false}, {admin, false}} {
		if got := policy.CanReadCase(tc.s, m, meridian.Participation{}, parts); got != tc.want {
			t.Errorf("%s reads the case: %v, want %v", tc.s.AgencyID, got, tc.want)
		}
	}
	lead := &meridian.CaseAccess{Lead: true}
	part := &meridian.CaseAccess{Role: meridian.CaseProsecuting}
	obs := &meridian.CaseAccess{Role: meridian.CaseObserver}
	none := &meridian.CaseAccess{}
	if policy.CanManageParticipants(pro("lead"), lead) != nil || policy.CanManageParticipants(pro("part"), part) == nil {
		t.Error("only the lead manages participants")
	}
	for acc, ok := range map[*meridian.CaseAccess]bool{lead: true, part: true, obs: false, none: false} {
		if got := policy.CanActInCase(pro("x"), acc) == nil; got != ok {
			t.Errorf("acts in case with %+v: %v", acc, got)
		}
	}
	r := &meridian.Request{From: meridian.RequestParty{AgencyID: "lead"}, To: meridian.RequestParty{AgencyID: "part"}, State: meridian.RequestSent}
	send, ack := meridian.TransitionOf("send"), meridian.TransitionOf("acknowledge")
	if policy.CanTransit(pro("lead"), send, r, lead) != nil || policy.CanTransit(pro("part"), send, r, part) == nil ||
		policy.CanTransit(pro("part"), ack, r, part) != nil || policy.CanTransit(pro("lead"), ack, r, lead) == nil {
		t.Error("the requesting side sends, the requested side acknowledges")
	}
	if !policy.CanReadRequest(pro("part"), r, true) || policy.CanReadRequest(pro("part"), r, false) || policy.CanReadRequest(pro("obs"), r, true) {
		t.Error("a request is read by its two agencies while they read the case")
	}
	r.State = meridian.RequestDraft
	if policy.CanReadRequest(pro("part"), r, true) {
		t.Error("the requested agency reads a draft")
	}
}
