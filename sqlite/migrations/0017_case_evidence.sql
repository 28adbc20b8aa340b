-- Issue 13, points 3 and 4: messages and files on a case, the owners'
-- consents to use H0 records as evidence, and the agencies' signing
-- certificates. Who reads any of it is decided by reading the case
-- (sqldb/casework.go): these rows carry no access columns of their own.

-- A message on a case, in a thread (parent_id) and optionally in a
-- request's thread (request_id, stored as given).
CREATE TABLE case_messages (
	id           TEXT PRIMARY KEY,
	case_id      TEXT NOT NULL,
	parent_id    TEXT NOT NULL DEFAULT '',
	request_id   TEXT NOT NULL DEFAULT '',
	body         TEXT NOT NULL,
	files        TEXT NOT NULL DEFAULT '',
	agency_id    TEXT NOT NULL,
	country      TEXT NOT NULL,
	user_id      TEXT NOT NULL,
	username     TEXT NOT NULL,
	created_at   BIGINT NOT NULL
);
CREATE INDEX case_messages_case ON case_messages (case_id, id);

-- A file attached to a case: one row per attachment; the bytes are in
-- the object store once, under their SHA-256.
CREATE TABLE case_files (
	id           TEXT PRIMARY KEY,
	case_id      TEXT NOT NULL,
	name         TEXT NOT NULL,
	media_type   TEXT NOT NULL,
	size         BIGINT NOT NULL,
	sha256       TEXT NOT NULL,
	agency_id    TEXT NOT NULL,
	country      TEXT NOT NULL,
	user_id      TEXT NOT NULL,
	username     TEXT NOT NULL,
	created_at   BIGINT NOT NULL
);
CREATE INDEX case_files_case ON case_files (case_id, id);
CREATE INDEX case_files_sha ON case_files (sha256);

-- An H0 record's owner consents to its use as evidence in one case.
CREATE TABLE evidence_consents (
	case_id     TEXT NOT NULL,
	record_id   TEXT NOT NULL,
	agency_id   TEXT NOT NULL,
	user_id     TEXT NOT NULL,
	username    TEXT NOT NULL,
	created_at  BIGINT NOT NULL,
	PRIMARY KEY (case_id, record_id)
);
