package meridian

import (
	"context"
	"time"
)

// Case participant roles: what an agency does in a case.
const (
	CaseInvestigating = "investigating"
	CaseProsecuting   = "prosecuting"
	CaseSupporting    = "supporting"
	CaseObserver      = "observer"
)

// CaseRoles lists the participant roles.
var CaseRoles = []string{CaseInvestigating, CaseProsecuting, CaseSupporting, CaseObserver}

// Case assignment roles: what a named user does in a case.
const (
	AssignProsecutor  = "prosecutor"
	AssignCaseOfficer = "case_officer"
)

// CaseParticipant is an agency taking part in a case. The lead is the
// case's owner agency: it adds and removes the others.
type CaseParticipant struct {
	AgencyID   string    `json:"agency_id"`
	AgencyName string    `json:"agency_name,omitempty" readOnly:"true"`
	Country    string    `json:"country" readOnly:"true"`
	Role       string    `json:"role" enum:"investigating,prosecuting,supporting,observer"`
	Lead       bool      `json:"lead,omitempty" readOnly:"true" doc:"the case's owner agency, which manages the participants"`
	AddedBy    string    `json:"added_by,omitempty" readOnly:"true"`
	AddedAt    time.Time `json:"added_at,omitzero" readOnly:"true"`
}

// CaseAssignment names a user as a prosecutor or case officer of a case.
type CaseAssignment struct {
	UserID   string    `json:"user_id"`
	Username string    `json:"username,omitempty" readOnly:"true"`
	AgencyID string    `json:"agency_id" readOnly:"true"`
	Role     string    `json:"role" enum:"prosecutor,case_officer"`
	AddedBy  string    `json:"added_by,omitempty" readOnly:"true"`
	AddedAt  time.Time `json:"added_at,omitzero" readOnly:"true"`
}

// CaseAccess is what the caller's agency is in a case it may read: the
// lead, a participant with a role, or neither (it reads the case through
// the record's releasability only).
type CaseAccess struct {
	CaseID      string `json:"case_id"`
	Lead        bool   `json:"lead"`
	Role        string `json:"role,omitempty" doc:"the caller's agency's role, empty when it does not take part"`
	OwnerAgency string `json:"owner_agency"`
}

// CaseParticipantService manages who takes part in a case. A case one may
// not read is ENotFound on every method, so that a non-participant learns
// nothing, not even that it exists.
type CaseParticipantService interface {
	// FindCaseAccess returns the caller's standing in a case it reads.
	FindCaseAccess(ctx context.Context, caseID string) (*CaseAccess, error)
	// FindCaseParticipants lists the lead and the participants.
	FindCaseParticipants(ctx context.Context, caseID string) ([]*CaseParticipant, error)
	// SetCaseParticipant adds an agency or changes its role (the lead
	// only). EInvalid, ENotFound, EForbidden.
	SetCaseParticipant(ctx context.Context, caseID string, p *CaseParticipant) error
	// RemoveCaseParticipant removes an agency (the lead only); its
	// assignments go with it. ENotFound, EForbidden, EConflict (requests
	// still open between it and others).
	RemoveCaseParticipant(ctx context.Context, caseID, agencyID string) error
	// FindCaseAssignments lists the named prosecutors and case officers.
	FindCaseAssignments(ctx context.Context, caseID string) ([]*CaseAssignment, error)
	// AssignCaseUser names a user (the lead for anyone of a taking-part
	// agency, a participant that is not an observer for its own users).
	AssignCaseUser(ctx context.Context, caseID string, a *CaseAssignment) error
	// UnassignCaseUser removes a user's assignment in role.
	UnassignCaseUser(ctx context.Context, caseID, userID, role string) error
}
