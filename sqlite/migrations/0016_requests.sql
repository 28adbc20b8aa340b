-- Judicial cooperation (issue 13): who takes part in a case, requests
-- for assistance between its agencies, their deadlines and signed
-- receipts.

-- The agencies a case takes in besides its lead (the case's owner
-- agency). The read scope of records joins it for cases.
CREATE TABLE case_participants (
	case_id   TEXT NOT NULL,
	agency_id TEXT NOT NULL,
	role      TEXT NOT NULL,
	added_by  TEXT NOT NULL DEFAULT '',
	added_at  BIGINT NOT NULL,
	PRIMARY KEY (case_id, agency_id)
);
CREATE INDEX case_participants_agency ON case_participants (agency_id, case_id);

-- Named prosecutors and case officers.
CREATE TABLE case_assignments (
	case_id   TEXT NOT NULL,
	user_id   TEXT NOT NULL,
	role      TEXT NOT NULL,
	agency_id TEXT NOT NULL,
	added_by  TEXT NOT NULL DEFAULT '',
	added_at  BIGINT NOT NULL,
	PRIMARY KEY (case_id, user_id, role)
);

-- A request for assistance; the form's fields in body (JSON).
CREATE TABLE requests (
	id           TEXT PRIMARY KEY,
	case_id      TEXT NOT NULL,
	type         TEXT NOT NULL,
	from_agency  TEXT NOT NULL,
	from_country TEXT NOT NULL,
	to_agency    TEXT NOT NULL,
	to_country   TEXT NOT NULL,
	state        TEXT NOT NULL,
	version      BIGINT NOT NULL,
	body         TEXT NOT NULL,
	created_at   BIGINT NOT NULL,
	updated_at   BIGINT NOT NULL,
	sent_at      BIGINT NOT NULL DEFAULT 0,
	acked_at     BIGINT NOT NULL DEFAULT 0,
	decided_at   BIGINT NOT NULL DEFAULT 0,
	executed_at  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX requests_case ON requests (case_id, id);
CREATE INDEX requests_from ON requests (from_agency, id);
CREATE INDEX requests_to ON requests (to_agency, id);

-- Each transition's signed receipt (the Receipt as JSON).
CREATE TABLE request_receipts (
	request_id TEXT NOT NULL,
	step       BIGINT NOT NULL,
	body       TEXT NOT NULL,
	PRIMARY KEY (request_id, step)
);

-- A request's deadlines: due, met, and whether its reminder and its
-- overdue notice went out (each once: the sweep claims the row under a
-- lock and the notice's dedup key is unique).
CREATE TABLE request_deadlines (
	request_id   TEXT NOT NULL,
	kind         TEXT NOT NULL,
	party        TEXT NOT NULL,
	due_at       BIGINT NOT NULL,
	remind_at    BIGINT NOT NULL,
	met_at       BIGINT NOT NULL DEFAULT 0,
	reminded_at  BIGINT NOT NULL DEFAULT 0,
	overdue_at   BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (request_id, kind)
);
CREATE INDEX request_deadlines_remind ON request_deadlines (met_at, reminded_at, remind_at);
CREATE INDEX request_deadlines_due ON request_deadlines (met_at, overdue_at, due_at);

-- Deadline rules an administrator changed (the others are the defaults).
CREATE TABLE deadline_rules (
	type          TEXT PRIMARY KEY,
	ack_hours     BIGINT NOT NULL,
	decide_hours  BIGINT NOT NULL,
	execute_hours BIGINT NOT NULL,
	remind_hours  BIGINT NOT NULL,
	updated_by    TEXT NOT NULL DEFAULT '',
	updated_at    BIGINT NOT NULL
);

-- A notification may name a request (a reminder, an overdue step, a
-- transition) instead of a link.
ALTER TABLE notifications ADD COLUMN request_id TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN detail TEXT NOT NULL DEFAULT '';
