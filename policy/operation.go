package policy

import (
	"meridian"
)

// Operations. Every signed-in user sees an operation's name and period, so
// that an agency can find what it is invited to; the rest of it (its
// participants, units, deployments, status) and every figure it produces
// (results, statistics, report, live stream, check counts) go only to its
// participants' working roles. Participation is by invitation: the lead
// agency's coordinators invite and remove, the invitee accepts.

// TakesPart reports whether s's agency or country is an accepted
// participant of the operation whose participants are p.
func TakesPart(s *meridian.Subject, p meridian.Participation) bool {
	if s == nil {
		return false
	}
	return s.System || (s.AgencyID != "" && p.Has(s.AgencyID, s.Country))
}

// SeesOperation reports whether s sees the whole operation rather than its
// summary: a working role (as for records; administrators manage accounts,
// not operations) in a participating agency or country.
func SeesOperation(s *meridian.Subject, p meridian.Participation) bool {
	return MayRead(s) && TakesPart(s, p)
}

// CanSeeFigures decides who reads an operation's figures: its results,
// report, live stream and check counts. The figures are aggregates, but
// they move with every report, owner-only ones included, so they tell a
// watcher who reported what; they stay within the operation.
func CanSeeFigures(s *meridian.Subject, p meridian.Participation) error {
	if SeesOperation(s, p) {
		return nil
	}
	return meridian.Errorf(meridian.EForbidden, "policy.CanSeeFigures", "only the operation's participants see its figures")
}

// CanCreateOperation decides who starts an operation: a coordinator, whose
// agency will lead it.
func CanCreateOperation(s *meridian.Subject) error {
	if s.System || (s.Has(meridian.RoleCoordinator) && s.AgencyID != "") {
		return nil
	}
	return meridian.Errorf(meridian.EForbidden, "policy.CanCreateOperation", "only coordinators start operations")
}

// CanManageOperation decides who changes an operation (its plan, status
// and participants): the coordinators of its lead agency.
func CanManageOperation(s *meridian.Subject, o *meridian.Operation) error {
	if s.System || (s.Has(meridian.RoleCoordinator) && s.AgencyID != "" && s.AgencyID == o.LeadAgency) {
		return nil
	}
	return meridian.Errorf(meridian.EForbidden, "policy.CanManageOperation", "only coordinators of the lead agency change this operation and its participants")
}

// CanAccept decides who accepts an invitation on the invitee's behalf. An
// agency accepts through its coordinators or NCB officers. A country
// accepts through its national central bureau: an ncb officer of an agency
// of kind ncb in that country (agencyKind is s's agency's kind), and not
// any agency that happens to be in the country, since accepting opens
// every agency of the country to what is released to "all".
func CanAccept(s *meridian.Subject, p *meridian.Participant, agencyKind meridian.AgencyKind) error {
	if s.System {
		return nil
	}
	switch p.Kind {
	case meridian.ParticipantAgency:
		if s.AgencyID == p.Value && (s.Has(meridian.RoleCoordinator) || s.Has(meridian.RoleNCB)) {
			return nil
		}
		return meridian.Errorf(meridian.EForbidden, "policy.CanAccept", "only a coordinator or NCB officer of the invited agency accepts this invitation")
	case meridian.ParticipantCountry:
		if s.Country == p.Value && s.Has(meridian.RoleNCB) && agencyKind == meridian.AgencyNCB {
			return nil
		}
		return meridian.Errorf(meridian.EForbidden, "policy.CanAccept", "only the national central bureau of %s accepts this invitation", p.Value)
	}
	return meridian.Errorf(meridian.EForbidden, "policy.CanAccept", "unknown invitation")
}

// Invited reports whether the invitation p is addressed to s: to its
// agency, or to its country. An invitee sees its own invitations.
func Invited(s *meridian.Subject, p *meridian.Participant) bool {
	switch p.Kind {
	case meridian.ParticipantAgency:
		return s.AgencyID != "" && s.AgencyID == p.Value
	case meridian.ParticipantCountry:
		return s.Country != "" && s.Country == p.Value
	}
	return false
}

// CanReportTo decides who files field reports into an operation: its
// participants. An outsider's report would move the operation's figures
// and reach its participants under the operation's name.
func CanReportTo(s *meridian.Subject, p meridian.Participation) error {
	if TakesPart(s, p) {
		return nil
	}
	return meridian.Errorf(meridian.EForbidden, "policy.CanReportTo", "only the operation's participants file reports in it")
}
