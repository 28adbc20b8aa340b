package policy_test

import (
	"testing"

	"meridian"
	"meridian/policy"
)

func TestViewLink(t *testing.T) {
	analyst := &meridian.Subject{UserID: "u", AgencyID: "a", Country: "MK", Roles: []meridian.Role{meridian.RoleAnalyst}}
	officer := &meridian.Subject{UserID: "o", AgencyID: "a", Country: "MK", Roles: []meridian.Role{meridian.RoleOfficer}}
	admin := &meridian.Subject{UserID: "x", AgencyID: "a", Country: "MK", Roles: []meridian.Role{meridian.RoleAdmin}}
	for _, tc := range []struct {
		name         string
		s            *meridian.Subject
		readA, readB bool
		view         policy.LinkView
		judge        meridian.ErrorKind
	}{
		{"BothAnalyst", analyst, true, true, policy.LinkFull, ""},
		{"BothOfficer", officer, true, true, policy.LinkFull, meridian.EForbidden},
		{"OneA", analyst, true, false, policy.LinkRestricted, meridian.EForbidden},
		{"OneB", analyst, false, true, policy.LinkRestricted, meridian.EForbidden},
		{"Neither", analyst, false, false, policy.LinkHidden, meridian.ENotFound},
		{"AdminBoth", admin, true, true, policy.LinkHidden, meridian.ENotFound},
		{"Nobody", nil, true, true, policy.LinkHidden, meridian.ENotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := policy.ViewLink(tc.s, tc.readA, tc.readB)
			if v != tc.view {
				t.Fatalf("view %d, want %d", v, tc.view)
			}
			if tc.s == nil {
				return
			}
			if got := meridian.KindOf(policy.CanJudgeLink(tc.s, v)); got != tc.judge {
				t.Fatalf("judge: %q, want %q", got, tc.judge)
			}
		})
	}
}

func TestReceivesNotice(t *testing.T) {
	s := &meridian.Subject{UserID: "u", AgencyID: "a", Roles: []meridian.Role{meridian.RoleOfficer}}
	admin := &meridian.Subject{UserID: "x", AgencyID: "a", Roles: []meridian.Role{meridian.RoleAdmin}}
	switch {
	case !policy.ReceivesNotice(s, "u", ""), !policy.ReceivesNotice(s, "", "a"):
		t.Fatal("the recipient is not told")
	case policy.ReceivesNotice(s, "v", ""), policy.ReceivesNotice(s, "", "b"), policy.ReceivesNotice(s, "", ""):
		t.Fatal("another's notice is told")
	case policy.ReceivesNotice(admin, "", "a"), policy.ReceivesNotice(meridian.SystemSubject, "", ""):
		t.Fatal("an administrator or Meridian follows an inbox")
	}
}
