package policy

import "meridian"

// Case work: messages, files and evidence packages. Whether the caller
// reads the case at all is decided by reading it (the store answers
// ENotFound); these decide what a reader of the case may do besides.

// CanPostToCase decides who writes messages and attaches files on a case
// they read: those who act in it (CanActInCase: the lead's and acting
// participants' writers, not an observer), for their agency.
func CanPostToCase(s *meridian.Subject, acc *meridian.CaseAccess) error {
	if !MayWrite(s) || s.AgencyID == "" {
		return meridian.Errorf(meridian.EForbidden, "policy.CanPostToCase", "your roles do not allow writing on cases")
	}
	return CanActInCase(s, acc)
}

// CanExportEvidence decides who exports an evidence package signed in
// their agency's name: those who act in the case, with a writing role.
func CanExportEvidence(s *meridian.Subject, acc *meridian.CaseAccess) error {
	if s.System || !MayWrite(s) || s.AgencyID == "" {
		return meridian.Errorf(meridian.EForbidden, "policy.CanExportEvidence", "your roles do not allow exporting evidence for your agency")
	}
	return CanActInCase(s, acc)
}

// CanVerifyEvidence decides who may have the server verify a package
// (POST /evidence/verify): those who handle packages, the writers of an
// agency (who export them). Verifying costs the server disk and CPU for
// what anyone can do offline (meridian evidence verify); a reader or an
// observer does it there.
func CanVerifyEvidence(s *meridian.Subject) error {
	if s == nil || s.System || !MayWrite(s) || s.AgencyID == "" {
		return meridian.Errorf(meridian.EForbidden, "policy.CanVerifyEvidence",
			"your roles do not allow verifying packages on the server; verify it offline with meridian evidence verify")
	}
	return nil
}

// MayPackage decides whether a record the exporter reads may enter an
// evidence package. H0 (not evidence without the owner's permission):
// only with its owner's consent recorded for this case, even for the
// owner itself, so that the decision is on record. H1 (no further
// dissemination): only its owner agency passes it on; a package is
// handed to third parties (a court, another country). The reason is
// safe to show: the exporter reads the record.
func MayPackage(s *meridian.Subject, m *meridian.Meta, consented bool) (ok bool, why string) {
	switch m.Handling {
	case meridian.H0:
		if !consented {
			return false, "handling code H0: the owner agency has not consented to its use as evidence in this case"
		}
	case meridian.H1:
		if m.OwnerAgency != s.AgencyID {
			return false, "handling code H1: only the owner agency may pass it on"
		}
	}
	return true, ""
}

// CanConsent decides who consents to a record's use as evidence: its
// owner agency's writers.
func CanConsent(s *meridian.Subject, m *meridian.Meta) error {
	if s.System || !MayWrite(s) || m.OwnerAgency != s.AgencyID {
		return meridian.Errorf(meridian.EForbidden, "policy.CanConsent", "only the owner agency may consent to its record's use as evidence")
	}
	return nil
}
