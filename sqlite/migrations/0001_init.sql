-- Meridian schema, SQLite dialect. Times are BIGINT microseconds since the
-- Unix epoch in both dialects, so that the shared SQL in sqldb (ordering,
-- grouping by day) is the same text on both.

CREATE TABLE store_meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE agencies (
	id         TEXT PRIMARY KEY,
	country    TEXT NOT NULL,
	kind       TEXT NOT NULL,
	name       TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX agencies_country ON agencies (country, id);

CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	agency_id     TEXT NOT NULL REFERENCES agencies (id),
	username      TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	roles         TEXT NOT NULL,
	password_hash TEXT NOT NULL DEFAULT '',
	disabled      INTEGER NOT NULL DEFAULT 0,
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until  BIGINT NOT NULL DEFAULT 0,
	created_at    BIGINT NOT NULL
);
CREATE INDEX users_agency ON users (agency_id, id);

CREATE TABLE credentials (
	token_hash   TEXT PRIMARY KEY,
	user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind         TEXT NOT NULL, -- session or api
	name         TEXT NOT NULL DEFAULT '',
	created_at   BIGINT NOT NULL,
	expires_at   BIGINT NOT NULL -- 0: never
);
CREATE INDEX credentials_user ON credentials (user_id);

CREATE TABLE operations (
	id         TEXT PRIMARY KEY,
	status     TEXT NOT NULL,
	body       TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	version    INTEGER NOT NULL
);

CREATE TABLE operation_participants (
	operation_id TEXT NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
	kind         TEXT NOT NULL, -- country or agency
	value        TEXT NOT NULL,
	PRIMARY KEY (operation_id, kind, value)
);

-- records is the envelope of every record holding personal data: persons,
-- documents, events and cases. body is the record as JSON; the columns
-- beside it are what access control and lists filter on.
CREATE TABLE records (
	id               TEXT PRIMARY KEY,
	kind             TEXT NOT NULL,
	owner_agency     TEXT NOT NULL REFERENCES agencies (id),
	owner_country    TEXT NOT NULL,
	operation_id     TEXT REFERENCES operations (id),
	tlp              TEXT NOT NULL,
	handling         TEXT NOT NULL,
	scope            TEXT NOT NULL,
	retention_review TEXT NOT NULL,
	created_at       BIGINT NOT NULL,
	updated_at       BIGINT NOT NULL,
	version          INTEGER NOT NULL,
	body             TEXT NOT NULL
);
CREATE INDEX records_kind ON records (kind, id);
CREATE INDEX records_owner ON records (owner_agency, kind, id);
CREATE INDEX records_operation ON records (operation_id, kind, id);

CREATE TABLE record_releases (
	record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	kind      TEXT NOT NULL, -- country or agency
	value     TEXT NOT NULL,
	PRIMARY KEY (record_id, kind, value)
);

CREATE TABLE record_attrs (
	record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	name      TEXT NOT NULL, -- e.g. role, document_number, phone, person
	value     TEXT NOT NULL,
	PRIMARY KEY (record_id, name, value)
);
CREATE INDEX record_attrs_value ON record_attrs (name, value, record_id);

CREATE TABLE audit_entries (
	seq          BIGINT PRIMARY KEY,
	at           BIGINT NOT NULL,
	user_id      TEXT NOT NULL,
	username     TEXT NOT NULL,
	agency_id    TEXT NOT NULL,
	action       TEXT NOT NULL,
	record_kind  TEXT NOT NULL,
	record_id    TEXT NOT NULL,
	record_owner TEXT NOT NULL,
	purpose      TEXT NOT NULL,
	addr         TEXT NOT NULL,
	prev_hash    TEXT NOT NULL,
	hash         TEXT NOT NULL
);
CREATE INDEX audit_record ON audit_entries (record_id, seq);
CREATE INDEX audit_user ON audit_entries (user_id, seq);
CREATE INDEX audit_agency ON audit_entries (agency_id, seq);
CREATE INDEX audit_owner ON audit_entries (record_owner, seq);

-- audit_head is the signed end of the chain, one row, locked by every
-- transaction that appends so that the chain stays a line.
CREATE TABLE audit_head (
	id        INTEGER PRIMARY KEY CHECK (id = 1),
	seq       BIGINT NOT NULL,
	hash      TEXT NOT NULL,
	at        BIGINT NOT NULL,
	key_id    TEXT NOT NULL,
	signature TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash, at, key_id, signature)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0, '', '');

CREATE TABLE audit_checkpoints (
	seq       BIGINT PRIMARY KEY,
	hash      TEXT NOT NULL,
	at        BIGINT NOT NULL,
	key_id    TEXT NOT NULL,
	signature TEXT NOT NULL
);

CREATE TABLE outbox (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	subject    TEXT NOT NULL,
	payload    TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
