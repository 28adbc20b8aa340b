-- A case's timeline (issue 13): the history of its participants, which
-- case_participants (the current state) does not keep. One row per
-- change: an agency taken in, its role changed, or removed. Participants
-- taken in before this migration are entered as added when they were.
CREATE TABLE case_participant_log (
	case_id   TEXT NOT NULL,
	seq       BIGINT NOT NULL,
	agency_id TEXT NOT NULL,
	action    TEXT NOT NULL,
	role      TEXT NOT NULL DEFAULT '',
	by_agency TEXT NOT NULL DEFAULT '',
	by_user   TEXT NOT NULL DEFAULT '',
	at        BIGINT NOT NULL,
	PRIMARY KEY (case_id, seq)
);
INSERT INTO case_participant_log (case_id, seq, agency_id, action, role, by_agency, by_user, at)
SELECT p.case_id, (SELECT COUNT(*) FROM case_participants o WHERE o.case_id = p.case_id AND (o.added_at < p.added_at OR (o.added_at = p.added_at AND o.agency_id <= p.agency_id))),
	p.agency_id, 'added', p.role, COALESCE((SELECT r.owner_agency FROM records r WHERE r.id = p.case_id), ''),
	COALESCE((SELECT u.username FROM users u WHERE u.id = p.added_by), ''), p.added_at
FROM case_participants p;
