package sqldb

import (
	"meridian"
	"meridian/policy"
)

// A check_hit audit entry names the record hit, for the owner's trail of
// who checked its records. Whoever made the check may read their own
// entries (and an NCB its agency's), and must not learn from them which
// record a hidden hit was: outside the record's owner agency (and the
// administrators, who read every entry), a check_hit entry shows neither
// the record nor its kind, and a search by record id does not find it. A
// hit the checker was shown is audited as a read of the record besides.

// hideHit hides the record of another agency's check_hit entry.
func hideHit(s *meridian.Subject, e *meridian.AuditEntry) *meridian.AuditEntry {
	if e.Action != "check_hit" || policy.ReadAudit(s).All || e.RecordOwner == s.AgencyID {
		return e
	}
	// An entry of several hits (auditHit) names them in its records.
	e.RecordID, e.RecordKind, e.Records = "", "", nil
	return e
}

// hiddenHitFilter keeps a search by record id from finding the entries
// hideHit hides.
func hiddenHitFilter(s *meridian.Subject) (string, []any) {
	if policy.ReadAudit(s).All {
		return "", nil
	}
	return "(action <> 'check_hit' OR record_owner = ?)", []any{s.AgencyID}
}
