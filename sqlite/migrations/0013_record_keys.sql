-- Typed match keys (meridian.Key): each record's identifiers in normal
-- form, one row per key, for the linking engine's exact lookups by
-- (type, value). A row carries the record's access columns (owner,
-- operation, scope) so that a lookup knows whose records it found
-- without reading their bodies; the read scope is still applied through
-- records, whose release lists only the records table joins. The rows are
-- written with the record in the same transaction and deleted with it.
CREATE TABLE record_keys (
	record_id     TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	record_kind   TEXT NOT NULL,
	type          TEXT NOT NULL,
	value         TEXT NOT NULL,
	owner_agency  TEXT NOT NULL,
	owner_country TEXT NOT NULL,
	operation_id  TEXT,
	scope         TEXT NOT NULL,
	PRIMARY KEY (record_id, type, value)
);
CREATE INDEX record_keys_value ON record_keys (type, value, record_id);

-- Person identifiers moved here from record_attrs, where they were
-- untyped strings named by their kind.
DELETE FROM record_attrs WHERE name IN ('phone', 'email', 'address', 'vehicle', 'bank_account', 'online_account')
	AND record_id IN (SELECT id FROM records WHERE kind = 'person');

-- Keys are computed in Go (IDNA, IBAN check digits, Unicode folding), not
-- in SQL: the store fills them for existing records when it next opens,
-- in batches after the id this row holds, and deletes the row when done.
INSERT INTO store_meta (key, value) VALUES ('record_keys_backfill', '');
