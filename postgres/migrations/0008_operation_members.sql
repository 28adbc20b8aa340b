-- Participation in an operation is by invitation. operation_members holds
-- every invitation and what became of it (invited, accepted, removed; who
-- and when). operation_participants stays the access index: exactly the
-- accepted rows, so the read scope on every list keeps its one indexed
-- lookup.
CREATE TABLE operation_members (
	operation_id       TEXT NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
	kind               TEXT NOT NULL, -- country or agency
	value              TEXT NOT NULL,
	status             TEXT NOT NULL, -- invited, accepted or removed
	invited_by         TEXT NOT NULL,
	invited_by_agency  TEXT NOT NULL,
	invited_at         BIGINT NOT NULL,
	accepted_by        TEXT NOT NULL,
	accepted_by_agency TEXT NOT NULL,
	accepted_at        BIGINT NOT NULL,
	removed_by         TEXT NOT NULL,
	removed_by_agency  TEXT NOT NULL,
	removed_at         BIGINT NOT NULL,
	PRIMARY KEY (operation_id, kind, value)
);
CREATE INDEX operation_members_invitee ON operation_members (kind, value, status);

-- Participants from before invitations count as accepted.
INSERT INTO operation_members (operation_id, kind, value, status, invited_by, invited_by_agency, invited_at,
	accepted_by, accepted_by_agency, accepted_at, removed_by, removed_by_agency, removed_at)
SELECT operation_id, kind, value, 'accepted', '', '', 0, '', '', 0, '', '', 0 FROM operation_participants;
