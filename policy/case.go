package policy

import (
	"meridian"
)

// Cases (issue 13). A case is a record: its owner agency is the lead. Who
// reads it: the lead, the agencies it takes in as participants (any
// role, observers included), and whom its releasability names, as for
// every record; nobody else learns it exists. Records the case lists keep
// their own owners' rules. Only users with a reading role read, and
// administrators do not (their role reads no operational data).
//
// What each may do:
//   - the lead manages the participants and edits the case (CanModify);
//   - the lead and participants that are not observers act in the case:
//     send and answer requests, name their own users;
//   - an observer reads and does nothing else.
//
// The read rule is written twice, once here (CanReadCase) and once as SQL
// (sqldb.recordScope's participant term); the matrix tests hold them
// together.

// CanReadCase decides whether s may read the case m, whose participants'
// agencies are parts; p is its operation's participation.
func CanReadCase(s *meridian.Subject, m *meridian.Meta, p meridian.Participation, parts []string) bool {
	if CanRead(s, m, p) {
		return true
	}
	if !MayRead(s) {
		return false
	}
	for _, a := range parts {
		if a == s.AgencyID {
			return true
		}
	}
	return false
}

// CanManageParticipants decides who adds and removes participants and
// names anyone's users: the lead agency's writers.
func CanManageParticipants(s *meridian.Subject, acc *meridian.CaseAccess) error {
	if s.System || (MayWrite(s) && acc.Lead) {
		return nil
	}
	return meridian.Errorf(meridian.EForbidden, "policy.CanManageParticipants", "only the lead agency manages the case's participants")
}

// CanActInCase decides who acts in a case (requests, and the case's
// messages and files): writers of the lead or of a participant that is
// not an observer.
func CanActInCase(s *meridian.Subject, acc *meridian.CaseAccess) error {
	if s.System {
		return nil
	}
	if !MayWrite(s) {
		return meridian.Errorf(meridian.EForbidden, "policy.CanActInCase", "your roles do not allow acting in a case")
	}
	if acc.Lead || (acc.Role != "" && acc.Role != meridian.CaseObserver) {
		return nil
	}
	if acc.Role == meridian.CaseObserver {
		return meridian.Errorf(meridian.EForbidden, "policy.CanActInCase", "an observer reads the case and does not act in it")
	}
	return meridian.Errorf(meridian.EForbidden, "policy.CanActInCase", "only the case's participants act in it")
}

// CanAssign decides who names userAgency's user in a case: the lead for
// anyone, a participant that acts in the case for its own users.
func CanAssign(s *meridian.Subject, acc *meridian.CaseAccess, userAgency string) error {
	if s.System || (MayWrite(s) && acc.Lead) {
		return nil
	}
	if err := CanActInCase(s, acc); err != nil {
		return err
	}
	if userAgency != s.AgencyID {
		return meridian.Errorf(meridian.EForbidden, "policy.CanAssign", "a participant names only its own users; the lead names others")
	}
	return nil
}

// CanReadRequest decides whether s reads the request r of a case it reads
// (readsCase): its two agencies only, the requested one once it is sent.
// Other participants of the case do not see the requests between two of
// them.
func CanReadRequest(s *meridian.Subject, r *meridian.Request, readsCase bool) bool {
	if s.System {
		return true
	}
	return MayRead(s) && readsCase &&
		(s.AgencyID == r.From.AgencyID || (s.AgencyID == r.To.AgencyID && r.State != meridian.RequestDraft))
}

// CanTransit decides whether s takes action t on r: the requesting agency
// sends and withdraws, the requested agency acknowledges, decides and
// executes; its users must act in the case (acc). Which states allow the
// action is the state machine's, checked after.
func CanTransit(s *meridian.Subject, t *meridian.Transition, r *meridian.Request, acc *meridian.CaseAccess) error {
	if s.System {
		return nil
	}
	if err := CanActInCase(s, acc); err != nil {
		return err
	}
	side := r.To.AgencyID
	who := "the requested agency"
	if t.Requesting {
		side, who = r.From.AgencyID, "the requesting agency"
	}
	if s.AgencyID != side {
		return meridian.Errorf(meridian.EForbidden, "policy.CanTransit", "only %s may %s this request", who, t.Action)
	}
	return nil
}

// CanEditRequest decides who changes a draft: the requesting agency's
// writers acting in the case.
func CanEditRequest(s *meridian.Subject, r *meridian.Request, acc *meridian.CaseAccess) error {
	if s.System {
		return nil
	}
	if err := CanActInCase(s, acc); err != nil {
		return err
	}
	if r.From.AgencyID != "" && s.AgencyID != r.From.AgencyID {
		return meridian.Errorf(meridian.EForbidden, "policy.CanEditRequest", "only the requesting agency edits its draft")
	}
	return nil
}

// CanSetDeadlines decides who changes the deadline rules: administrators.
func CanSetDeadlines(s *meridian.Subject) error {
	if s.System || s.Has(meridian.RoleAdmin) {
		return nil
	}
	return meridian.Errorf(meridian.EForbidden, "policy.CanSetDeadlines", "only administrators change the deadlines")
}

// CaseAuditScope decides which audit entries about a case s reads in its
// timeline (acc is s's standing in it): the lead agency's supervisors
// (NCB, coordinator) see every entry about the case, who read it, changed
// it or exported from it, whatever their agency, since the lead answers
// for the case; a participant's supervisors see their own agency's
// entries; everyone else only their own. This is what the audit list
// already shows each of them (ReadAudit: a supervisor reads its staff's
// entries and those about its agency's records), narrowed to the case.
func CaseAuditScope(s *meridian.Subject, acc *meridian.CaseAccess) AuditScope {
	sc := ReadAudit(s)
	switch {
	case s.System:
		return AuditScope{All: true}
	case sc.Agency != "" && acc.Lead:
		return AuditScope{All: true}
	case sc.Agency != "":
		return AuditScope{Agency: s.AgencyID}
	}
	return AuditScope{User: s.UserID}
}
