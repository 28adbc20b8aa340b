package policy

import "meridian"

// CanSeeTrends decides who reads the analysis' series and flagged
// changes: a working role, since the series count only the records the
// viewer may read (and hide small counts of others'); of one operation
// (p not nil), its participants only, as for its figures, since even
// counts of readable records tell an outsider how the operation goes.
func CanSeeTrends(s *meridian.Subject, p *meridian.Participation) error {
	if !MayRead(s) {
		return meridian.Errorf(meridian.EForbidden, "policy.CanSeeTrends", "your roles do not read records, nor their trends")
	}
	if p != nil && !SeesOperation(s, *p) {
		return meridian.Errorf(meridian.EForbidden, "policy.CanSeeTrends", "only the operation's participants see its trends")
	}
	return nil
}
