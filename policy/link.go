package policy

import "meridian"

// Links. A link joins two records, each with its owner's rules: what a
// reader sees of a link is decided from whether it may read each end
// (CanRead, at the moment it reads), never from the link itself.

// LinkView is what a reader is shown of a link.
type LinkView int

const (
	// LinkHidden: the reader may read neither end and learns nothing,
	// not even that the link exists (it is not found, not listed, not
	// counted).
	LinkHidden LinkView = iota
	// LinkRestricted: the reader may read one end: it sees that end and
	// "possible link with a record of <owner>: contact them quoting
	// <reference>", nothing of the other record (no score, no evidence,
	// no state, no decision), and that owner is told.
	LinkRestricted
	// LinkFull: the reader may read both ends: both, the score, every
	// piece of evidence, the state and the judgements.
	LinkFull
)

// ViewLink decides what s, who may read end A (readA) and end B (readB),
// sees of a link.
func ViewLink(s *meridian.Subject, readA, readB bool) LinkView {
	switch {
	case !MayRead(s):
		return LinkHidden
	case readA && readB:
		return LinkFull
	case readA || readB:
		return LinkRestricted
	}
	return LinkHidden
}

// CanJudgeLink decides who confirms, rejects or marks unsure a link:
// analysts and prosecutors who may read both ends. A reader of one end,
// even its owner, does not judge what it cannot see: it contacts the
// other owner, and a reader of both judges.
func CanJudgeLink(s *meridian.Subject, view LinkView) error {
	const op = "policy.CanJudgeLink"
	switch {
	case view == LinkHidden:
		return meridian.NotFound(op, "link")
	case view == LinkRestricted:
		return meridian.Errorf(meridian.EForbidden, op, "you may read only one end of this link: contact the owner of the other")
	case s.System || s.Has(meridian.RoleAnalyst) || s.Has(meridian.RoleProsecutor):
		return nil
	}
	return meridian.Errorf(meridian.EForbidden, op, "only analysts and prosecutors judge links")
}

// CanReadJudgements decides who reads a link's judgements: a reader of
// both ends. Who decided what is about both records.
func CanReadJudgements(view LinkView) error {
	const op = "policy.CanReadJudgements"
	switch view {
	case LinkHidden:
		return meridian.NotFound(op, "link")
	case LinkRestricted:
		return meridian.Errorf(meridian.EForbidden, op, "you may read only one end of this link: contact the owner of the other")
	}
	return nil
}

// ReceivesNotice decides whether s, following its inbox live, is told of
// a notification addressed to user or to agency's readers.
func ReceivesNotice(s *meridian.Subject, user, agency string) bool {
	if s == nil || s.System || !MayRead(s) {
		return false
	}
	return (user != "" && user == s.UserID) || (agency != "" && agency == s.AgencyID)
}
