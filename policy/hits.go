package policy

import "meridian"

// CanFollowHits decides who follows an agency's hits live: its national
// central bureau, which answers them. Other readers of the agency list the
// inbox (an audited read) but are not pushed every hit.
func CanFollowHits(s *meridian.Subject) error {
	if s != nil && !s.System && s.AgencyID != "" && s.Has(meridian.RoleNCB) {
		return nil
	}
	return meridian.Errorf(meridian.EForbidden, "policy.CanFollowHits", "only the national central bureau follows its agency's hits")
}

// ReceivesHit decides whether s, following hits, is told of the hit
// change m: a hit on a record of s's own agency, to its NCB only.
func ReceivesHit(s *meridian.Subject, m *meridian.Meta) bool {
	return m != nil && CanFollowHits(s) == nil && m.OwnerAgency != "" && m.OwnerAgency == s.AgencyID
}
