package meridian

import (
	"context"
	"slices"
)

// Role is what a user may do. Roles add up; none of them alone grants
// another agency's data.
type Role string

const (
	RoleOfficer     Role = "officer"
	RoleNCB         Role = "ncb"
	RoleAnalyst     Role = "analyst"
	RoleProsecutor  Role = "prosecutor"
	RoleCoordinator Role = "coordinator"
	RoleObserver    Role = "observer"
	RoleAdmin       Role = "admin"
)

// Roles lists every role.
var Roles = []Role{RoleOfficer, RoleNCB, RoleAnalyst, RoleProsecutor, RoleCoordinator, RoleObserver, RoleAdmin}

// Subject is the caller of a service: who they are, for which agency and
// country, with which roles, from where and why. Every service method takes
// it from the context.
type Subject struct {
	UserID   string
	Username string
	AgencyID string
	Country  string
	Roles    []Role
	Addr     string // client address, for the audit log
	Purpose  string // stated purpose of the access, for the audit log
	// System marks Meridian's own work (migrations, the first admin, the
	// outbox relay); it is never the subject of a request.
	System bool
	// MustChangePassword limits the subject to changing its password: it
	// signed in with a password someone else chose.
	MustChangePassword bool
}

// Has reports whether the subject holds role r.
func (s *Subject) Has(r Role) bool { return slices.Contains(s.Roles, r) }

// DefaultPurpose is recorded when a caller states none.
const DefaultPurpose = "operational"

type subjectKey struct{}

// WithSubject returns a context carrying s.
func WithSubject(ctx context.Context, s *Subject) context.Context {
	return context.WithValue(ctx, subjectKey{}, s)
}

// SubjectFrom returns the context's subject, or nil.
func SubjectFrom(ctx context.Context) *Subject {
	s, _ := ctx.Value(subjectKey{}).(*Subject)
	return s
}

// SystemSubject is the subject of Meridian's own work.
var SystemSubject = &Subject{Username: "system", System: true, Purpose: "system"}
