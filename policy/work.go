package policy

import "meridian"

// CanAdministerWork decides who watches the named workers, reads what they
// parked and puts it back: administrators, who run the installation. A
// parked item names a change (kind, action, record id, error), never its
// content, so this grants no reading of records; it still reveals that a
// record exists, which is why no working role sees it.
func CanAdministerWork(s *meridian.Subject) error {
	if s != nil && (s.System || s.Has(meridian.RoleAdmin)) {
		return nil
	}
	return meridian.Errorf(meridian.EForbidden, "policy.CanAdministerWork", "only administrators manage the workers")
}
