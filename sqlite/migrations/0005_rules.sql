-- Risk rules: indicators of trafficking and smuggling, as CEL expressions
-- evaluated on every traveller ingested. A change never overwrites: each
-- is a new row of rule_versions, so that an alert names the version that
-- raised it and that version stays readable. rules holds the current
-- version of each, for lists and for the ingest.
CREATE TABLE rules (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	enabled    INTEGER NOT NULL,
	version    INTEGER NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	body       TEXT NOT NULL
);

CREATE TABLE rule_versions (
	rule_id    TEXT NOT NULL REFERENCES rules (id),
	version    INTEGER NOT NULL,
	created_at BIGINT NOT NULL,
	created_by TEXT NOT NULL,
	body       TEXT NOT NULL,
	PRIMARY KEY (rule_id, version)
);
