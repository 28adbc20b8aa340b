package policy

import "meridian"

// Analysis (issue 14): routes, networks and the analytical brief are
// computed from the records the caller may read (the read scope, in SQL)
// and only for the roles that analyse. A route figure that counts other
// agencies' records is suppressed below meridian.Suppression people
// (analysis.Routes); a network shows only records the caller may read,
// and a link to one it may not read only as the links list shows it.

// analysts read the analysis views.
var analysts = []meridian.Role{meridian.RoleAnalyst, meridian.RoleCoordinator, meridian.RoleObserver, meridian.RoleProsecutor}

// CanAnalyse decides who reads the routes, networks and brief: analysts,
// coordinators, observers and prosecutors. Officers check and report,
// NCB officers answer for their records, administrators see no data.
func CanAnalyse(s *meridian.Subject) error {
	if s != nil && (s.System || (MayRead(s) && hasAny(s, analysts))) {
		return nil
	}
	return meridian.Errorf(meridian.EForbidden, "policy.CanAnalyse", "only analysts, coordinators, observers and prosecutors read the analysis")
}

// OwnsFigure reports whether a figure counting only records of owner may
// be shown to s exactly, unsuppressed: s is of the owner agency.
func OwnsFigure(s *meridian.Subject, owner string) bool {
	return s != nil && !s.System && s.AgencyID != "" && s.AgencyID == owner
}
