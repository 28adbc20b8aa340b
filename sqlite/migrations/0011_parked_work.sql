-- Changes a named worker gave up on after its last attempt, for
-- administrators to see and put back. A row names the change (where the
-- bus holds it, its outbox sequence, kind, action, record id) and the
-- last error, never the record's content: a retry reads the change from
-- the bus again. One row per worker and bus message, so that a parking
-- repeated after a lost acknowledgement stores nothing new.
CREATE TABLE parked_work (
	id         TEXT PRIMARY KEY,
	worker     TEXT NOT NULL,
	state      TEXT NOT NULL,
	stream_seq BIGINT NOT NULL,
	change_seq BIGINT NOT NULL,
	kind       TEXT NOT NULL,
	action     TEXT NOT NULL,
	record_id  TEXT NOT NULL,
	attempts   INTEGER NOT NULL,
	error      TEXT NOT NULL,
	parked_at  BIGINT NOT NULL,
	retries    INTEGER NOT NULL,
	retried_at BIGINT NOT NULL,
	retried_by TEXT NOT NULL,
	UNIQUE (worker, stream_seq)
);
CREATE INDEX parked_work_worker ON parked_work (worker, state, id);
