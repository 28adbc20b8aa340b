-- Route cells (issue 14): what each field report adds to the routes
-- analysis, one row per group of victims or migrants (or one per
-- interception), with the dimensions the analysis groups and filters on.
-- Access is never decided here: a read joins records and applies the
-- reader's scope to the record the row comes from, so a change of release
-- applies at once. The rows are written with the report in the same
-- transaction and deleted with it.
CREATE TABLE route_cells (
	record_id    TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	operation_id TEXT,
	kind         TEXT NOT NULL,
	occurred_at  BIGINT NOT NULL,
	nationality  TEXT NOT NULL,
	origin       TEXT NOT NULL,
	transit      TEXT NOT NULL,
	destination  TEXT NOT NULL,
	sex          TEXT NOT NULL,
	age_band     TEXT NOT NULL,
	exploitation TEXT NOT NULL,
	n            BIGINT NOT NULL
);
CREATE INDEX route_cells_operation ON route_cells (operation_id, occurred_at);
CREATE INDEX route_cells_record ON route_cells (record_id);

-- Reports stored before this migration are read in Go when the store next
-- opens, in batches after the id this row holds; the row is deleted when
-- done.
INSERT INTO store_meta (key, value) VALUES ('route_cells_backfill', '');
