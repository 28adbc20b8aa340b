// Package policy is the one place that decides who may read and write what.
// Every store applies it: single reads and writes through the functions
// here, lists and searches through Scope, which the store turns into a
// WHERE clause so that nothing is fetched and then filtered.
//
// The rules, in short: a record is readable by its owner agency and by
// whom its releasability names (listed countries and agencies, or every
// participant of its operation); TLP:RED and AMBER+STRICT records cannot be
// released beyond named agencies (checked on write). Only users with a
// working role read records at all; administrators manage accounts and see
// no operational data through that role. Only the owner agency changes a
// record. Operations (operation.go): participation by invitation from the
// lead agency; the whole operation and its figures to participants only.
package policy

import (
	"slices"

	"meridian"
)

// readers may read records released to them.
var readers = []meridian.Role{meridian.RoleOfficer, meridian.RoleNCB, meridian.RoleAnalyst,
	meridian.RoleProsecutor, meridian.RoleCoordinator, meridian.RoleObserver}

// writers may create records for their agency and change its records.
var writers = []meridian.Role{meridian.RoleOfficer, meridian.RoleNCB, meridian.RoleAnalyst,
	meridian.RoleProsecutor, meridian.RoleCoordinator}

func hasAny(s *meridian.Subject, roles []meridian.Role) bool {
	for _, r := range s.Roles {
		if slices.Contains(roles, r) {
			return true
		}
	}
	return false
}

// MayRead reports whether s holds a role that reads records at all.
func MayRead(s *meridian.Subject) bool { return s != nil && (s.System || hasAny(s, readers)) }

// MayWrite reports whether s holds a role that writes records.
func MayWrite(s *meridian.Subject) bool { return s != nil && (s.System || hasAny(s, writers)) }

// CanRead decides whether s may read the record described by m. p lists the
// participants of m's operation and matters only for ScopeAll.
func CanRead(s *meridian.Subject, m *meridian.Meta, p meridian.Participation) bool {
	if !MayRead(s) {
		return false
	}
	if s.System || m.OwnerAgency == s.AgencyID {
		return true
	}
	switch m.Release.Scope {
	case meridian.ScopeListed:
		return slices.Contains(m.Release.Agencies, s.AgencyID) || slices.Contains(m.Release.Countries, s.Country)
	case meridian.ScopeAll:
		return m.OperationID != "" && p.Has(s.AgencyID, s.Country)
	}
	return false
}

// Scope is CanRead in the form a store filters by. A store must return
// exactly the records for which CanRead holds:
//
//	None                          -> nothing
//	All                           -> everything
//	otherwise, any record where:
//	  owner_agency = Agency
//	  or scope = listed and (Agency or Country is listed)
//	  or scope = all and (Agency or Country participates in its operation)
type Scope struct {
	None    bool
	All     bool
	Agency  string
	Country string
}

// ReadScope returns the read filter for s.
func ReadScope(s *meridian.Subject) Scope {
	switch {
	case !MayRead(s):
		return Scope{None: true}
	case s.System:
		return Scope{All: true}
	}
	return Scope{Agency: s.AgencyID, Country: s.Country}
}

// CanCreate decides whether s may create a record; the record will be
// owned by s's agency.
func CanCreate(s *meridian.Subject, kind string) error {
	if !MayWrite(s) || (!s.System && s.AgencyID == "") {
		return meridian.Errorf(meridian.EForbidden, "policy.CanCreate", "your roles do not allow creating %s records", kind)
	}
	return nil
}

// CanModify decides whether s may update or delete the record m, which s
// can already read (callers check CanRead first, answering ENotFound).
func CanModify(s *meridian.Subject, m *meridian.Meta) error {
	if s.System {
		return nil
	}
	if !MayWrite(s) || m.OwnerAgency != s.AgencyID {
		return meridian.Errorf(meridian.EForbidden, "policy.CanModify", "only the owner agency may change this record")
	}
	return nil
}

// CanManageAgencies decides who creates agencies.
func CanManageAgencies(s *meridian.Subject) error {
	if s.System || s.Has(meridian.RoleAdmin) {
		return nil
	}
	return meridian.Errorf(meridian.EForbidden, "policy.CanManageAgencies", "only administrators manage agencies")
}

// CanManageUsers decides who creates accounts and tokens for an agency's
// users: administrators, and each user for their own tokens (self).
func CanManageUsers(s *meridian.Subject, self bool) error {
	if s.System || s.Has(meridian.RoleAdmin) || self {
		return nil
	}
	return meridian.Errorf(meridian.EForbidden, "policy.CanManageUsers", "only administrators manage accounts")
}

// CanCreateToken decides who mints an API token for an account: its
// user alone (and Meridian itself, for the operator at the store). An
// administrator who could mint one for someone else could read everything
// as them, under their name.
func CanCreateToken(s *meridian.Subject, userID string) error {
	if s.System || (s.UserID != "" && s.UserID == userID) {
		return nil
	}
	return meridian.Errorf(meridian.EForbidden, "policy.CanCreateToken", "only the user creates their own API tokens")
}

// UserScope returns the agency whose users s may see, or "" for all.
func UserScope(s *meridian.Subject) (agency string, all bool) {
	if s.System || s.Has(meridian.RoleAdmin) {
		return "", true
	}
	return s.AgencyID, false
}

// CheckCountAgency returns the agency whose counts of checks made outside
// any operation s may read, or "" for all. How often an agency checks and
// hits, day by day, is its own business: outside an operation nobody
// agreed to share it, so each agency reads its own (administrators too:
// they read no operational figures) and only the system reads them all.
func CheckCountAgency(s *meridian.Subject) string {
	if s.System {
		return ""
	}
	return s.AgencyID
}

// CanManageRules decides who writes and dry-runs risk rules: coordinators
// and analysts, who tune the indicators an operation screens with. A
// dry run reads past manifests besides, within the caller's read scope.
func CanManageRules(s *meridian.Subject) error {
	if s.System || s.Has(meridian.RoleCoordinator) || s.Has(meridian.RoleAnalyst) {
		return nil
	}
	return meridian.Errorf(meridian.EForbidden, "policy.CanManageRules", "only coordinators and analysts manage risk rules")
}

// AuditScope says which audit entries s may read.
type AuditScope struct {
	All    bool
	Agency string // entries by this agency's staff or about its records
	User   string // only this user's own entries
}

// ReadAudit returns the audit scope of s.
func ReadAudit(s *meridian.Subject) AuditScope {
	switch {
	case s.System || s.Has(meridian.RoleAdmin):
		return AuditScope{All: true}
	case s.Has(meridian.RoleNCB) || s.Has(meridian.RoleCoordinator):
		return AuditScope{Agency: s.AgencyID}
	}
	return AuditScope{User: s.UserID}
}

// Records returns the records of list entry e that the scope may see: all
// of them for its own entries (what its staff were shown) and for
// administrators; of another agency's list, only the scope's agency's own
// records, not what else that page held.
func (sc AuditScope) Records(e *meridian.AuditEntry) []meridian.AuditRecord {
	if sc.All || sc.Agency == "" || e.AgencyID == sc.Agency {
		return e.Records
	}
	var out []meridian.AuditRecord
	for _, r := range e.Records {
		if r.Owner == sc.Agency {
			out = append(out, r)
		}
	}
	return out
}

// CanVerifyAudit decides who has the whole audit log verified on request:
// those who read all of it. The answer names no record, but a run reads
// the whole log, so it is not everyone's to start.
func CanVerifyAudit(s *meridian.Subject) error {
	if ReadAudit(s).All {
		return nil
	}
	return meridian.Errorf(meridian.EForbidden, "policy.CanVerifyAudit", "only administrators verify the audit log")
}
