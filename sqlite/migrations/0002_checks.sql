-- Screening: what checks found and how many were made.

-- hits is each owner's inbox: one row per record a check hit, with who
-- checked, where, why and what they were shown.
CREATE TABLE hits (
	id              TEXT PRIMARY KEY,
	at              BIGINT NOT NULL,
	record_id       TEXT NOT NULL,
	record_kind     TEXT NOT NULL,
	owner_agency    TEXT NOT NULL,
	checker_user    TEXT NOT NULL,
	checker_agency  TEXT NOT NULL,
	status          TEXT NOT NULL,
	body            TEXT NOT NULL
);
CREATE INDEX hits_owner ON hits (owner_agency, id);
CREATE INDEX hits_checker ON hits (checker_user, id);
CREATE INDEX hits_record ON hits (record_id, id);

-- check_counts counts checks per operation, day, country, agency, kind of
-- place and kind of check; '' stands for "none" in key columns.
CREATE TABLE check_counts (
	operation_id TEXT NOT NULL,
	day          TEXT NOT NULL,
	country      TEXT NOT NULL,
	agency_id    TEXT NOT NULL,
	place_kind   TEXT NOT NULL,
	kind         TEXT NOT NULL,
	checks       BIGINT NOT NULL,
	hits         BIGINT NOT NULL,
	PRIMARY KEY (operation_id, day, country, agency_id, place_kind, kind)
);
