-- Follow-up over months (issue 13, point 5): a case's stage changes and
-- its outcomes. The current stage is the latest change.
CREATE TABLE case_stages (
	case_id    TEXT NOT NULL,
	seq        BIGINT NOT NULL,
	stage      TEXT NOT NULL,
	on_date    TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	agency_id  TEXT NOT NULL,
	changed_by TEXT NOT NULL,
	changed_at BIGINT NOT NULL,
	PRIMARY KEY (case_id, seq)
);

-- What came of a case; the kind's fields in body (JSON), the columns the
-- figures count by beside it.
CREATE TABLE case_outcomes (
	id         TEXT PRIMARY KEY,
	case_id    TEXT NOT NULL,
	kind       TEXT NOT NULL,
	person_id  TEXT NOT NULL DEFAULT '',
	on_date    TEXT NOT NULL,
	body       TEXT NOT NULL,
	agency_id  TEXT NOT NULL,
	created_by TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX case_outcomes_case ON case_outcomes (case_id, kind);
